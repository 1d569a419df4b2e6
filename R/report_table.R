#' Tables shaped like the published ones
#'
#' `report_table()` is the one result object of the package: a data frame
#' with one record of what the table means, set by the function that built
#' it. Printing, [write_report()] and [suppress_small()] read that record
#' and nothing else; none of them guesses meaning from label text or row
#' positions.
#'
#' The record holds, for each column, its **role**, its **unit** and its
#' display **label** (the header printed and written; the variable name stays
#' a valid R name):
#' * `label`: row labels (cohort, need, area): text, left-aligned;
#' * `period`: a year or period (`2016`, `"2016-17"`): printed without
#'   thousands separators, never summed;
#' * `count`: whole numbers, with unit `"people"` (offenders, cases: small
#'   ones are suppressed on the way out) or `"events"` (crimes, reoffences);
#' * `change`: a signed difference of counts;
#' * `proportion`: between 0 and 1, shown as a percentage (`17.6%`); the
#'   older name `percent` is accepted for it;
#' * `pp`: a difference in percentage points, stored in points (`-1.9` shows
#'   as `-1.9 pp`);
#' * `pct_change`: a change as a proportion of the earlier value (`0.028`
#'   shows as `+2.8%`);
#' * `rate`: other numbers, to one decimal place;
#' * `marker`: symbols such as a tick or an arrow, as text;
#' * `rag`: Red, Amber or Green, as text.
#'
#' For each row it holds its role (`body`, `subtotal` or `total`), the block
#' it belongs to (the rows of a block sum to its total row, as in each group
#' of [cohort_table()]'s `by`), and, for tables whose rows are measures (as
#' in [compare_cohorts()]), a measure per row (`count`, `proportion` or
#' `rate`) that formats the row's numeric cells instead of the column role;
#' in a `change` column a proportion row is a change in percentage points.
#' It also holds which column, if any, is the sum of the count columns, the
#' percentages and rates derived from counts (their numerator and
#' denominator), and the cells that are withheld (`[c]`) or not applicable
#' (`[z]`), identified by the values of the row's label columns (its key)
#' and the column, so that they survive sorting, subsetting, renaming and
#' the dplyr verbs. A missing value that the record does not explain shows
#' as `[x]` (not available).
#'
#' Given a plain data frame, `report_table()` infers the record
#' conservatively, from values as well as names, and says in one message
#' what it inferred (silence it with `suppressMessages()`):
#' * text, factor, logical and date columns are labels (`marker` and `rag`
#'   by name); a numeric column named like a year or period (`year`,
#'   `period`, `quarter`, ...) holding whole numbers is a period;
#' * whole numbers are counts, of people unless `units` says otherwise;
#'   other numbers between 0 and 1 are proportions, unless named like a rate
#'   (`rate`, `per`, `average`, `frequency`, `mean`); numbers named like a
#'   change (`change`, `difference`) are changes; the rest are rates;
#' * a row whose counts equal the sums of the rows above it (back to the
#'   previous total) is a total, whatever its label ("TOTAL", "All
#'   offenders", "London"); a row labelled `Total` or `All` is a total row
#'   even when it is not a sum (then the rows are not taken to add up);
#' * a count column that equals the sum of the other count columns in every
#'   row, or is named `Total` or `All`, is the total column;
#' * a proportion is linked to the count and the total it fits within half
#'   a percentage point; one that fits none is linked to every count of its
#'   row (withheld wherever one of them is).
#' `roles`, `units`, `labels` and `totals` state what the inference would
#' get wrong.
#'
#' Taking a subset with `[`, assigning with `[<-`, `$<-` or `names<-`,
#' [rbind()], [merge()], [transform()] and the dplyr verbs (`filter`,
#' `arrange`, `select`, `rename`, `mutate`, `bind_rows`, `left_join`, ...)
#' keep the record for what is left. Withheld cells stay withheld by key; an
#' operation that would put a value in a withheld cell, or lose track of
#' which rows hold withheld cells, fails with an error of class
#' `reoffending_error_disclosure` instead of showing the value or turning
#' `[c]` into `[x]`.
#'
#' @param x A data frame (a `data.table` or tibble is turned into a plain
#'   data frame), or a `report_table` whose record is kept unless replaced.
#' @param title Title of the table, a string, or `NULL`.
#' @param source Source of the figures, a string, or `NULL`.
#' @param notes Notes shown under the table: a character vector, or `NULL`.
#' @param roles Column roles: a character vector named by column (the other
#'   columns are inferred, or kept), or unnamed with one role per column.
#' @param labels Display labels (headers) for columns: a character vector
#'   named by column; the others keep their name (or label).
#' @param units Units of count and change columns: a character vector named
#'   by column, each `"people"` or `"events"`.
#' @param totals The total rows: row numbers or a logical vector (one per
#'   row), or `FALSE` for none; or a list with `rows` (as before) and
#'   `column` (the name of the column that sums the count columns, or `NA`
#'   for none) and `sums` (`FALSE` when the total rows are totals of their
#'   own, such as the number assessed under a needs profile, not sums). `NULL` infers them for a plain data frame and keeps them for
#'   a `report_table`.
#' @param measures For tables whose rows are measures: one measure per row,
#'   each `"count"`, `"proportion"` (or `"percent"`), `"rate"` or `NA`; or
#'   `NULL` to keep them.
#' @param chart A [report_chart()] to draw from the table when it is written
#'   to Excel, or `NULL`.
#' @return A `report_table`: a data frame of class
#'   `c("report_table", "data.frame")` whose record is read with
#'   [table_record()]. `as.data.frame()` gives the plain data frame back.
#' @seealso [table_record()] to read the record; [suppress_small()].
#' @examples
#' tab <- report_table(
#'   data.frame(cohort = c("Young Males", "Women", "All cases"),
#'              cases = c(379, 186, 565),
#'              share = c(379, 186, 565) / 565),
#'   title = "Cases by cohort", source = "Case management extract",
#'   labels = c(cases = "Cases", share = "Share of cases"))
#' tab
#' table_record(tab)$columns
#' as.data.frame(tab)
#'
#' # A year is a period, not a count; crimes are events
#' report_table(data.frame(year = 2014:2016, crimes = c(251, 258, 240)),
#'              units = c(crimes = "events"))
#'
#' # Rows that are measures: counts, then a proportion
#' report_table(
#'   data.frame(measure = c("Offenders", "Reoffenders", "Proportion"),
#'              `2015` = c(4262, 862, 862 / 4262),
#'              `2014` = c(4588, 1016, 1016 / 4588), check.names = FALSE),
#'   measures = c("count", "count", "proportion"))
#' @export
report_table <- function(x, title = NULL, source = NULL, notes = NULL,
                         roles = NULL, labels = NULL, units = NULL,
                         totals = NULL, measures = NULL, chart = NULL) {
  check_data_frame(x, "x")
  check_string(title, "title", null_ok = TRUE)
  check_string(source, "source", null_ok = TRUE)
  check_notes(notes)
  data <- plain_data_frame(x)
  if (anyDuplicated(names(data)) || any(is.na(names(data)) |
                                        names(data) == "")) {
    abort("`x` must have unique, non-empty column names.")
  }
  not_text <- which(!is_valid_text(names(data)))
  if (length(not_text) > 0L) {
    abort("`x` has column names that are not valid text in their ",
          "encoding (columns ", paste(not_text, collapse = ", "), "): ",
          "declare the encoding with `Encoding<-` or convert them with ",
          "iconv().")
  }
  if (is_report_table(x)) {
    meta <- restate_meta(table_meta(x), data, roles, labels, units, totals,
                         measures)
  } else {
    meta <- infer_meta(data, roles, labels, units, totals, measures,
                       say = TRUE)
  }
  if (!is.null(title)) meta$title <- title
  if (!is.null(source)) meta$source <- source
  if (!is.null(notes)) meta$notes <- notes
  if (!is.null(chart)) meta$chart <- check_chart(chart, data)
  new_report_table(data, meta)
}

# Whether strings are text in their encoding: latin1-marked strings (and
# native strings in a locale other than UTF-8) always are; others must be
# valid UTF-8, which enc2utf8() would otherwise turn into "<e9>" escapes.
is_valid_text <- function(x) {
  enc <- Encoding(x)
  enc == "latin1" | (enc == "unknown" & !l10n_info()[["UTF-8"]]) |
    validUTF8(x)
}

#' The record of a report table
#'
#' What a [report_table()] knows about itself: its columns (role, unit,
#' label), its rows (role, block, measure), which column sums the counts,
#' the derived columns and the withheld and not-applicable cells.
#'
#' @param x A [report_table()].
#' @return A list: `title`, `source`, `notes`; `columns`, a data frame with
#'   one row per column (`name`, `role`, `unit`, `label`, and `stated`:
#'   whether the builder or the user stated it rather than its being
#'   inferred); `keys`, the label columns that identify a row; `rows`, a
#'   data frame with one row per row (`role`: `"body"`, `"subtotal"` or
#'   `"total"`; `block`; `measure`); `total_column`; `additive`, whether the
#'   rows and the columns add up to their totals; `derived`, a data frame
#'   (`column`, `numerator`, `denominator`, `over`: `"row"` for a
#'   denominator in the same row, `"block"` for one in the block's total
#'   row); `cells`, a data frame of the withheld (`"[c]"`) and
#'   not-applicable (`"[z]"`) cells (`row`, `column`, `shown`);
#'   `suppression`, the settings of [suppress_small()] (or `NULL`); and
#'   `dims`, what the counts are classified by, stated by [cohort_table()]
#'   and [needs_profile()] so that tables published together are suppressed
#'   and checked together (`NULL` for other tables, or once an operation
#'   has left it untrustworthy: rows bound from elsewhere, a key column
#'   dropped, a count or key changed). It is a list: `levels` (every level
#'   of each variable), `by` (the variables whose level each row holds, as
#'   `c(variable = "key column")`), `rows` (the key `column` and a `map` from
#'   its values to the variable and level a body row stands for; a total
#'   row is the margin over them), `columns` (per count column the
#'   `variable` and `level` it stands for, `NA` for the total column),
#'   `fixed` (variables at one level in every cell, such as who a needs
#'   profile counts: the assessed) and `records` (how many records the table
#'   was counted from).
#' @examples
#' safe <- suppress_small(cohort_table(lewisham_offenders[1:60, ], cohort,
#'                                     status))
#' record <- table_record(safe)
#' record$columns
#' record$cells
#' @export
table_record <- function(x) {
  if (!is_report_table(x)) {
    abort("`x` must be a report_table, not ", type_name(x), ".")
  }
  meta <- table_meta(x)
  cells <- meta$cells
  list(title = meta$title, source = meta$source, notes = meta$notes,
       columns = meta$columns, keys = meta$keys,
       rows = data.frame(role = meta$rows$role, block = meta$rows$block,
                         measure = meta$rows$measure,
                         stringsAsFactors = FALSE),
       total_column = meta$total_column, additive = meta$additive,
       derived = derived_frame(meta$derived),
       cells = data.frame(row = cells$row, column = cells$column,
                          shown = ifelse(cells$status == "withheld", "[c]",
                                         "[z]"),
                          stringsAsFactors = FALSE),
       suppression = meta$suppression[c("threshold", "secondary",
                                        "round_to", "zeros")],
       dims = meta$dims)
}

# ---- The record ---------------------------------------------------------------

column_roles <- c("label", "period", "count", "change", "proportion", "pp",
                  "pct_change", "rate", "marker", "rag")
numeric_roles <- c("count", "change", "proportion", "pp", "pct_change",
                   "rate")
text_roles <- c("label", "period", "marker", "rag")
row_role_names <- c("body", "subtotal", "total")
measure_names <- c("count", "proportion", "rate")
count_units <- c("people", "events")

is_report_table <- function(x) {
  inherits(x, "report_table") && inherits(attr(x, "report"), "report_meta")
}

# The constructor: a plain data frame and its record, checked together.
new_report_table <- function(data, meta) {
  attr(data, "report") <- structure(meta, class = "report_meta")
  class(data) <- c("report_table", "data.frame")
  validate_report_table(data)
}

# The record of a table; a report_table without one (made by hand with
# class<-) or a plain data frame gets an inferred record.
table_meta <- function(x) {
  meta <- attr(x, "report")
  if (!inherits(meta, "report_meta")) {
    return(infer_meta(plain_data_frame(x), say = FALSE))
  }
  # Records saved before total rows said whether they sum (the shipped
  # datasets among them): a total row sums.
  if (is.null(meta$rows$sums) && !is.null(meta$rows$role)) {
    meta$rows$sums <- meta$rows$role == "total"
  }
  if (fits(x, meta)) return(meta)
  reconcile_meta(plain_data_frame(x), meta)
}

# Every part of the record must fit the data: one column record per column,
# one row record per row, cells inside the table, withheld cells missing.
validate_report_table <- function(x) {
  meta <- attr(x, "report")
  bad <- function(...) abort("Invalid report_table: ", ..., class = "bad_table")
  if (!inherits(meta, "report_meta")) bad("it has no record.")
  cols <- meta$columns
  if (!identical(cols$name, names(x))) {
    bad("its record names columns ", show_values(cols$name),
        " but it has ", show_values(names(x)), ".")
  }
  if (!all(cols$role %in% column_roles)) bad("unknown column role.")
  num <- vapply(x, function(v) is.numeric(v) && !is.factor(v), logical(1))
  if (any(cols$role %in% numeric_roles & !num)) {
    bad("columns ", show_values(cols$name[cols$role %in% numeric_roles &
                                             !num]),
        " have a numeric role but are not numeric.")
  }
  if (!all(meta$keys %in% names(x))) bad("a key column is missing.")
  rows <- meta$rows
  if (length(rows$role) != nrow(x) || length(rows$block) != nrow(x) ||
      length(rows$measure) != nrow(x) || nrow(rows$keys) != nrow(x) ||
      length(rows$sums) != nrow(x)) {
    bad("its row record does not have one entry per row.")
  }
  if (!all(rows$role %in% row_role_names)) bad("unknown row role.")
  if (!all(rows$measure %in% c(measure_names, NA))) bad("unknown measure.")
  if (!is.na(meta$total_column) && !meta$total_column %in% names(x)) {
    bad("its total column is missing.")
  }
  check_dims(meta$dims, x, bad)
  cells <- meta$cells
  if (nrow(cells) > 0L) {
    if (any(cells$row < 1L | cells$row > nrow(x)) ||
        !all(cells$column %in% names(x))) {
      bad("a recorded cell lies outside the table.")
    }
    withheld <- cells[cells$status == "withheld", , drop = FALSE]
    shown <- logical(nrow(withheld))
    for (column in unique(withheld$column)) {
      at <- withheld$column == column
      shown[at] <- !is.na(.subset2(x, column)[withheld$row[at]])
    }
    if (any(shown)) {
      i <- which(shown)[1L]
      abort("A withheld cell would be shown: column `", withheld$column[i],
            "`, row ", withheld$row[i], " (", row_label(x, meta,
                                                        withheld$row[i]),
            ") is confidential and cannot be given a value. Change the ",
            "table before suppress_small(), then suppress it again.",
            class = "disclosure")
    }
  }
  x
}

# ---- What the counts are classified by (dims) ----------------------------------

# The classification a builder states, so that cells of tables published
# together can be recognised as the same quantity (see cube_key()):
# * `levels`: for each variable, all its levels (a variable left out of a
#   cell's key is summed over them);
# * `by`: the variables whose level every row holds in a key column, named
#   by variable (the column may be renamed; the variable keeps its name);
# * `rows`: the key `column` whose values say, for a body row, the level of
#   a variable (`map`: key value, variable, level); a total row is the
#   margin over them within its block;
# * `columns`: for each count column, the variable and level it stands for
#   (NA for a total column, the margin);
# * `fixed`: variables at one level in every cell (who a needs profile
#   counts: the assessed);
# * `records`: how many records the table was counted from, so that tables
#   of different data are never taken for the same quantities.
new_dims <- function(levels, by = character(), rows = NULL, columns,
                     fixed = character(), records = NA_real_) {
  map <- if (is.null(rows)) NULL else
    data.frame(key = as.character(rows$key),
               variable = rep_len(as.character(rows$variable),
                                  length(rows$key)),
               level = as.character(rows$level), stringsAsFactors = FALSE)
  list(levels = lapply(levels, as.character),
       by = if (length(by) == 0L) character() else
         stats::setNames(as.character(by), names(by)),
       rows = if (is.null(rows)) NULL else list(column = rows$column,
                                                map = map),
       columns = columns, fixed = fixed, records = as.double(records))
}

# The dims of a record fitted to what is left of the table: count columns
# that are gone (or no longer counts) leave it; a variable's key column that
# is gone, or a row the record cannot place, and it can no longer be
# trusted: NULL (the table is then unlinked).
fit_dims <- function(dims, columns, placed = TRUE) {
  if (is.null(dims) || !all(placed)) return(NULL)
  names <- columns$name
  key_columns <- c(unname(dims$by), dims$rows$column)
  if (!all(key_columns %in% names)) return(NULL)
  counts <- names[columns$role == "count"]
  dims$columns <- dims$columns[dims$columns$column %in% counts, ,
                               drop = FALSE]
  rownames(dims$columns) <- NULL
  if (nrow(dims$columns) == 0L) return(NULL)
  dims
}

check_dims <- function(dims, x, bad) {
  if (is.null(dims)) return(invisible())
  if (!is.list(dims) || !is.list(dims$levels) ||
      is.null(names(dims$levels)) || !is.data.frame(dims$columns) ||
      !all(c("column", "variable", "level") %in% names(dims$columns))) {
    bad("its dims are malformed.")
  }
  variables <- names(dims$levels)
  if (!all(dims$columns$column %in% names(x))) {
    bad("its dims name a count column it does not have.")
  }
  used <- c(names(dims$by), dims$rows$map$variable, names(dims$fixed),
            stats::na.omit(dims$columns$variable))
  if (!all(used %in% variables)) {
    bad("its dims use a variable without levels.")
  }
  if (!all(c(unname(dims$by), dims$rows$column) %in% names(x))) {
    bad("its dims read levels from a column it does not have.")
  }
  invisible()
}

# A record from what a builder states. `na` marks cells not applicable: a
# named list of logical vectors (one per row) by column.
describe_table <- function(data, roles, units = NULL, labels = NULL,
                           keys = NULL, row_role = NULL, block = NULL,
                           total_column = NA_character_, parts = NULL,
                           additive = c(rows = FALSE, columns = FALSE),
                           derived = list(), na = list(), measures = NULL,
                           sums = NULL, title = NULL, source = NULL,
                           notes = NULL) {
  n <- nrow(data)
  columns <- data.frame(name = names(data),
                        role = as.character(roles[names(data)]),
                        unit = rep(NA_character_, ncol(data)),
                        label = names(data), stated = rep(TRUE, ncol(data)),
                        stringsAsFactors = FALSE)
  columns$unit[match(names(units), columns$name)] <- unname(units)
  columns$label[match(names(labels), columns$name)] <- unname(labels)
  if (is.null(keys)) keys <- columns$name[columns$role %in% c("label",
                                                              "period")]
  if (is.null(row_role)) row_role <- rep("body", n)
  if (is.null(block)) block <- rep(1L, n)
  meta <- list(title = title, source = source, notes = notes, chart = NULL,
               columns = columns, keys = keys,
               rows = row_record(data, keys, row_role, block,
                                 if (is.null(measures)) rep(NA_character_, n)
                                 else measures, sums),
               blocks = block_sizes(block, row_role),
               total_column = total_column,
               parts = if (is.null(parts)) character() else parts,
               additive = additive, derived = derived,
               cells = na_cells(data, na), suppression = NULL)
  structure(meta, class = "report_meta")
}

# `sums`: whether a total row is the sum of its block's body rows (the
# number assessed at the foot of a needs profile is a total of its own).
row_record <- function(data, keys, role, block, measure, sums = NULL) {
  key_values <- lapply(data[keys], key_text)
  key_frame <- structure(key_values, class = "data.frame",
                         row.names = .set_row_names(nrow(data)))
  if (is.null(sums)) sums <- role == "total"
  list(keys = key_frame, role = as.character(role),
       block = as.integer(block), measure = as.character(measure),
       sums = as.logical(sums) & role == "total")
}

# `f` (a function of a vector, element by element) applied once to each
# distinct value of `x`: the key and text columns of a long table repeat a
# few values (boroughs, teams, dates) down a million rows, and formatting a
# million dates one by one takes seconds.
per_distinct <- function(x, f) {
  distinct <- unique(x)
  if (length(distinct) > length(x) %/% 2L) return(f(x))
  f(distinct)[match(x, distinct)]
}

# A key column as text, as as.character() gives it (the record's keys are
# read on every table_meta()).
key_text <- function(x) {
  if (is.character(x)) return(x)
  if (inherits(x, c("Date", "POSIXct"))) return(per_distinct(x, as.character))
  as.character(x)
}

# How many body rows each block had when the table was built: a block that
# has lost some no longer sums to its total.
block_sizes <- function(block, role) {
  body <- block[role == "body" & !is.na(block)]
  if (length(body) == 0L) return(integer())
  tabulate(body, nbins = max(block, na.rm = TRUE))
}

empty_cells <- function() {
  data.frame(row = integer(), column = character(), status = character(),
             reason = character(), stringsAsFactors = FALSE)
}

na_cells <- function(data, na) {
  out <- list(empty_cells())
  for (column in names(na)) {
    rows <- which(na[[column]] & is.na(data[[column]]))
    out[[length(out) + 1L]] <- data.frame(
      row = rows, column = rep(column, length(rows)),
      status = rep("not applicable", length(rows)),
      reason = rep(NA_character_, length(rows)), stringsAsFactors = FALSE)
  }
  do.call(rbind, out)
}

# `at_least_one`: each person counted in the denominator has at least one
# of what the numerator counts (reoffences per reoffender), so the
# numerator is at least the denominator: an attacker knows it.
derived_link <- function(column, numerator, denominator = NA_character_,
                         over = "row", at_least_one = FALSE) {
  list(column = column, numerator = numerator, denominator = denominator,
       over = over, at_least_one = at_least_one)
}

derived_frame <- function(derived) {
  if (length(derived) == 0L) {
    return(data.frame(column = character(), numerator = character(),
                      denominator = character(), over = character(),
                      stringsAsFactors = FALSE))
  }
  data.frame(column = vapply(derived, `[[`, "", "column"),
             numerator = vapply(derived, `[[`, "", "numerator"),
             denominator = vapply(derived, function(l) {
               as.character(l$denominator)
             }, ""),
             over = vapply(derived, `[[`, "", "over"),
             stringsAsFactors = FALSE)
}

# ---- Reading the record --------------------------------------------------------

column_role <- function(meta) stats::setNames(meta$columns$role,
                                               meta$columns$name)

# Counts that are protected: of people, or of nothing stated (a whole-number
# column of a plain data frame may well count people).
people_columns <- function(meta) {
  cols <- meta$columns
  cols$name[cols$role == "count" & (is.na(cols$unit) | cols$unit == "people")]
}

is_total_row <- function(meta) meta$rows$role %in% c("total", "subtotal")

# The text of a row's key, for messages: "Barking / Young Males".
row_label <- function(x, meta, rows) {
  keys <- meta$keys
  if (length(rows) == 0L) return(character())
  if (length(keys) == 0L) return(paste("row", rows))
  parts <- lapply(keys, function(k) as.character(x[[k]][rows]))
  do.call(paste, c(parts, sep = " / "))
}

# ---- Inference for a plain data frame ----------------------------------------

infer_meta <- function(data, roles = NULL, labels = NULL, units = NULL,
                       totals = NULL, measures = NULL, say = FALSE) {
  n <- nrow(data)
  stated <- if (is.null(roles)) character() else check_roles(roles, data)
  role <- vapply(names(data), function(name) {
    if (name %in% names(stated)) stated[[name]] else
      guess_role(data[[name]], name)
  }, character(1))
  columns <- data.frame(name = names(data), role = as.character(role),
                        unit = rep(NA_character_, ncol(data)),
                        label = names(data),
                        stated = names(data) %in% names(stated),
                        stringsAsFactors = FALSE)
  columns <- apply_units(columns, units)
  columns <- apply_labels(columns, labels)
  keys <- columns$name[columns$role %in% c("label", "period")]
  counts <- columns$name[columns$role == "count"]

  spec <- check_totals(totals, data)
  total_column <- if (!is.null(spec$column)) spec$column else
    infer_total_column(data, counts)
  parts <- setdiff(counts, total_column)
  found <- if (!is.null(spec$rows)) {
    list(total = spec$rows, subtotal = logical(n),
         additive = spec$sums &&
           rows_add_up(data, parts, spec$rows, total_column))
  } else {
    infer_total_rows(data, columns, c(parts, stats::na.omit(total_column)))
  }
  role_of_row <- ifelse(found$total, "total",
                        ifelse(found$subtotal, "subtotal", "body"))
  block <- cumsum(c(1L, utils::head(as.integer(found$total), -1L)))[seq_len(n)]
  columns_add <- !is.na(total_column) && length(parts) >= 1L &&
    columns_add_up(data, parts, total_column)
  derived <- infer_derived(data, columns, parts, total_column, found$total,
                           block)
  meta <- list(title = NULL, source = NULL, notes = NULL, chart = NULL,
               columns = columns, keys = keys,
               rows = row_record(data, keys, role_of_row, block,
                                 check_measures(measures, data),
                                 sums = if (is.null(spec$sums)) NULL else
                                   rep(spec$sums, n)),
               blocks = block_sizes(block, role_of_row),
               total_column = total_column,
               parts = if (is.na(total_column)) character() else parts,
               additive = c(rows = found$additive && any(found$total),
                            columns = columns_add),
               derived = derived, cells = empty_cells(), suppression = NULL)
  if (say) say_inferred(meta, data, totals_inferred = is.null(totals))
  structure(meta, class = "report_meta")
}

# A report_table's record with what the call states changed.
restate_meta <- function(meta, data, roles, labels, units, totals,
                         measures) {
  if (!is.null(roles)) {
    roles <- check_roles(roles, data)
    at <- match(names(roles), meta$columns$name)
    changed <- meta$columns$role[at] != roles
    meta$columns$role[at] <- unname(roles)
    meta$columns$stated[at] <- TRUE
    # A column that is no longer a count is no longer summed or protected
    # as one; links from it go.
    gone <- names(roles)[changed]
    if (length(gone) > 0L) {
      meta$derived <- Filter(function(l) {
        !any(c(l$column, l$numerator, l$denominator) %in% gone)
      }, meta$derived)
      if (meta$total_column %in% gone || any(meta$parts %in% gone)) {
        meta$total_column <- NA_character_
        meta$parts <- character()
        meta$additive[["columns"]] <- FALSE
      }
    }
  }
  meta$columns <- apply_units(meta$columns, units)
  meta$columns <- apply_labels(meta$columns, labels)
  if (!is.null(totals)) {
    spec <- check_totals(totals, data)
    counts <- meta$columns$name[meta$columns$role == "count"]
    if (!is.null(spec$column)) meta$total_column <- spec$column
    parts <- setdiff(counts, meta$total_column)
    meta$parts <- if (is.na(meta$total_column)) character() else parts
    if (!is.null(spec$rows)) {
      role <- ifelse(spec$rows, "total", "body")
      block <- cumsum(c(1L, utils::head(as.integer(spec$rows), -1L)))[
        seq_len(nrow(data))]
      meta$rows$role <- role
      meta$rows$sums <- role == "total" & spec$sums
      meta$rows$block <- as.integer(block)
      meta$blocks <- block_sizes(block, role)
      meta$additive[["rows"]] <- any(spec$rows) && spec$sums &&
        rows_add_up(data, parts, spec$rows, meta$total_column)
    }
    meta$additive[["columns"]] <- !is.na(meta$total_column) &&
      length(parts) >= 1L && columns_add_up(data, parts, meta$total_column)
  }
  if (!is.null(measures)) meta$rows$measure <- check_measures(measures, data)
  # Total rows restated change what the rows stand for.
  meta["dims"] <- list(if (is.null(totals)) fit_dims(meta$dims, meta$columns))
  meta
}

guess_role <- function(column, name = "") {
  lower <- tolower(name)
  if (!is.numeric(column) || is.factor(column)) {
    if (lower %in% c("marker", "markers")) return("marker")
    if (lower %in% c("rag", "rag rating", "rag_rating")) return("rag")
    if (is_period_name(lower)) return("period")
    return("label")
  }
  finite <- column[is.finite(column)]
  whole <- is.integer(column) || all(finite == round(finite))
  if (whole && is_period_name(lower)) return("period")
  if (grepl("(^|[ _.])(change|difference|diff)", lower)) {
    return(if (grepl("pp|point", lower)) "pp" else "change")
  }
  if (grepl("(^|[ _.])(rate|per|average|avg|mean|frequency)($|[ _.])", lower)) {
    return("rate")
  }
  in_unit <- length(finite) > 0L && all(finite >= 0 & finite <= 1)
  if (grepl("(^|[ _.])(percent|percentage|proportion|pct|share)|%$",
            lower)) {
    return(if (in_unit || length(finite) == 0L) "proportion" else "rate")
  }
  if (whole) return("count")
  if (in_unit) "proportion" else "rate"
}

is_period_name <- function(lower) {
  grepl("^(year|yr|period|quarter|month|fy|financial[ _.]year|cohort[ _.]year|calendar[ _.]year)s?$|[ _.](year|period|quarter)$",
        lower)
}

check_roles <- function(roles, x) {
  if (!is.character(roles) || anyNA(roles)) {
    abort("`roles` must be a character vector of roles.")
  }
  if (is.null(names(roles))) {
    if (length(roles) != ncol(x)) {
      abort("`roles` without names must give one role per column of `x` (",
            ncol(x), "), not ", length(roles), ".")
    }
    names(roles) <- names(x)
  }
  unknown <- setdiff(names(roles), names(x))
  if (length(unknown) > 0L) {
    abort("`roles` names columns not in `x`: ", show_values(unknown), ".")
  }
  roles[roles == "percent"] <- "proportion"
  bad <- setdiff(roles, column_roles)
  if (length(bad) > 0L) {
    abort("`roles` must be among ", paste(column_roles, collapse = ", "),
          " (or percent, for proportion); found ", show_values(bad), ".")
  }
  not_numeric <- names(roles)[roles %in% numeric_roles &
                                !vapply(x[names(roles)], function(v) {
                                  is.numeric(v) && !is.factor(v)
                                }, logical(1))]
  if (length(not_numeric) > 0L) {
    abort("`roles` gives a numeric role to columns that are not numeric: ",
          show_values(not_numeric), ".")
  }
  roles
}

apply_units <- function(columns, units) {
  if (is.null(units)) return(columns)
  if (!is.character(units) || is.null(names(units)) || anyNA(units)) {
    abort("`units` must be a character vector named by column, such as ",
          "c(crimes = \"events\").")
  }
  at <- match(names(units), columns$name)
  if (anyNA(at)) {
    abort("`units` names columns not in `x`: ",
          show_values(names(units)[is.na(at)]), ".")
  }
  bad <- !units %in% count_units
  if (any(bad)) {
    abort("`units` must be \"people\" or \"events\"; found ",
          show_values(units[bad]), ".")
  }
  not_counts <- !columns$role[at] %in% c("count", "change")
  if (any(not_counts)) {
    abort("`units` is for count and change columns; ",
          show_values(names(units)[not_counts]), " is not one.")
  }
  columns$unit[at] <- unname(units)
  columns$stated[at] <- TRUE
  columns
}

apply_labels <- function(columns, labels) {
  if (is.null(labels)) return(columns)
  if (!is.character(labels) || is.null(names(labels)) || anyNA(labels) ||
      any(!nzchar(labels))) {
    abort("`labels` must be a character vector of non-empty labels named ",
          "by column, such as c(pct_of_target = \"% of target\").")
  }
  at <- match(names(labels), columns$name)
  if (anyNA(at)) {
    abort("`labels` names columns not in `x`: ",
          show_values(names(labels)[is.na(at)]), ".")
  }
  columns$label[at] <- unname(labels)
  if (anyDuplicated(tolower(columns$label))) {
    abort("`labels` must leave every column's label different; ",
          show_values(columns$label[duplicated(tolower(columns$label))]),
          " is used twice.")
  }
  columns
}

check_notes <- function(notes) {
  if (!is.null(notes) && (!is.character(notes) || anyNA(notes))) {
    abort("`notes` must be a character vector or NULL.")
  }
  invisible(notes)
}

# `totals` as list(rows = logical or NULL, column = name, NA or NULL).
check_totals <- function(totals, data) {
  if (is.null(totals)) return(list())
  n <- nrow(data)
  as_rows <- function(rows) {
    if (isFALSE(rows)) return(rep(FALSE, n))
    if (is.logical(rows) && length(rows) == n && !anyNA(rows)) return(rows)
    if (is.numeric(rows) && !anyNA(rows) && all(rows == round(rows)) &&
        all(rows >= 1 & rows <= n)) {
      return(seq_len(n) %in% rows)
    }
    abort("`totals` must give the total rows as row numbers between 1 and ",
          n, " or one TRUE or FALSE per row, or be FALSE for none.")
  }
  if (is.list(totals)) {
    extra <- setdiff(names(totals), c("rows", "column", "sums"))
    if (is.null(names(totals)) || length(extra) > 0L) {
      abort("`totals` as a list must have elements `rows`, `column` and ",
            "`sums`.")
    }
    sums <- if (is.null(totals$sums)) TRUE else totals$sums
    if (!is.logical(sums) || length(sums) != 1L || is.na(sums)) {
      abort("`totals$sums` must be TRUE (the total rows are sums of the ",
            "rows above them) or FALSE (totals of their own).")
    }
    column <- totals$column
    if (!is.null(column)) {
      if (length(column) != 1L || !(is.na(column) || column %in% names(data))) {
        abort("`totals$column` must name a column of `x`, or be NA.")
      }
      column <- as.character(column)
    }
    return(list(rows = if (!is.null(totals$rows)) as_rows(totals$rows),
                column = column, sums = sums))
  }
  list(rows = as_rows(totals), sums = TRUE)
}

check_measures <- function(measures, x) {
  n <- nrow(x)
  if (is.null(measures)) return(rep(NA_character_, n))
  if (!is.character(measures) && !all(is.na(measures))) {
    abort("`measures` must be a character vector of measures, not ",
          type_name(measures), ".")
  }
  if (length(measures) != n) {
    abort("`measures` must give one measure per row of `x` (", n, "), not ",
          length(measures), ".")
  }
  measures <- as.character(unname(measures))
  measures[measures %in% "percent"] <- "proportion"
  bad <- setdiff(measures[!is.na(measures)], measure_names)
  if (length(bad) > 0L) {
    abort("`measures` must be among ", paste(measure_names, collapse = ", "),
          " or NA; found ", show_values(bad), ".")
  }
  measures
}

count_matrix <- function(data, columns) {
  matrix(as.double(unlist(.subset(data, columns), use.names = FALSE)),
         nrow = nrow(data), ncol = length(columns))
}

near <- function(a, b) abs(a - b) <= 1e-9 * pmax(1, abs(b))

infer_total_column <- function(data, counts) {
  if (length(counts) < 2L) return(NA_character_)
  named <- counts[grepl("^\\s*(total|all)\\s*$", counts, ignore.case = TRUE)]
  if (length(named) == 1L) return(named)
  values <- count_matrix(data, counts)
  if (nrow(values) == 0L || anyNA(values)) return(NA_character_)
  for (k in rev(seq_along(counts))) {
    if (length(counts) < 3L) break
    rest <- rowSums(values[, -k, drop = FALSE])
    if (any(values[, k] != 0) && all(near(rest, values[, k]))) {
      return(counts[k])
    }
  }
  NA_character_
}

columns_add_up <- function(data, parts, total) {
  values <- count_matrix(data, parts)
  known <- stats::complete.cases(values) & !is.na(data[[total]])
  all(near(rowSums(values[known, , drop = FALSE]), data[[total]][known]))
}

# Rows that are totals: sums of the rows above them back to the previous
# total (by value), or labelled Total... / All... (then not additive unless
# they are sums too).
infer_total_rows <- function(data, columns, counts) {
  n <- nrow(data)
  total <- logical(n)
  if (n == 0L) {
    return(list(total = total, subtotal = total, additive = FALSE))
  }
  labelled <- logical(n)
  named <- logical(n)
  for (k in which(columns$role == "label")) {
    # Each distinct label looked at once.
    v <- key_text(data[[k]])
    labelled <- labelled | (per_distinct(v, function(text) {
      grepl("^\\s*(total|all)\\s*$", text, ignore.case = TRUE)
    }) %in% TRUE)
    named <- named | (per_distinct(v, function(text) {
      grepl("^\\s*(total|all)\\b", text, ignore.case = TRUE)
    }) %in% TRUE)
  }
  summed <- logical(n)
  if (length(counts) > 0L && n >= 3L) {
    values <- count_matrix(data, counts)
    ok <- stats::complete.cases(values)
    values[!ok, ] <- 0
    running <- rbind(0, apply(values, 2L, cumsum))
    start <- 1L
    repeat {
      if (start + 2L > n) break
      r <- seq.int(start + 2L, n)
      above <- running[r, , drop = FALSE] -
        matrix(running[start, ], length(r), ncol(values), byrow = TRUE)
      hit <- ok[r] & rowSums(!near(above, values[r, , drop = FALSE])) == 0 &
        rowSums(values[r, , drop = FALSE] != 0) > 0
      # A block holding a row it cannot be the sum of (a missing count).
      first <- which(hit)[1L]
      if (is.na(first)) break
      row <- r[first]
      if (all(ok[start:(row - 1L)])) summed[row] <- TRUE
      start <- row + 1L
    }
  }
  total <- summed | labelled
  # "Total Offenders", "All Domestic Abuse": a total of its own, neither
  # summed nor closing a block.
  subtotal <- named & !total
  # ... unless its block adds up only with it ("Total care" is a kind of
  # care when the total counts it).
  if (any(subtotal) && any(total) && length(counts) > 0L) {
    block <- cumsum(c(1L, utils::head(as.integer(total), -1L)))
    for (r in which(total)) {
      in_block <- block == block[r] & subtotal
      if (!any(in_block)) next
      with <- rows_add_up(data[block == block[r], , drop = FALSE], counts,
                          total[block == block[r]], NA_character_)
      if (with) subtotal[in_block] <- FALSE
    }
  }
  additive <- any(total) && rows_add_up(data, counts, total, NA_character_,
                                        subtotal)
  list(total = total, subtotal = subtotal, additive = additive)
}

rows_add_up <- function(data, parts, total, total_column,
                        subtotal = logical(length(total))) {
  counts <- c(parts, stats::na.omit(total_column))
  if (!any(total) || length(counts) == 0L) return(FALSE)
  values <- count_matrix(data, counts)
  block <- cumsum(c(1L, utils::head(as.integer(total), -1L)))
  for (r in which(total)) {
    body <- which(block == block[r] & !total & !subtotal)
    if (length(body) == 0L) return(FALSE)
    # A column with a count not shown is consistent with anything.
    sums <- colSums(values[body, , drop = FALSE])
    known <- !is.na(sums) & !is.na(values[r, ])
    if (!all(near(sums[known], values[r, known]))) return(FALSE)
  }
  TRUE
}

# Proportions linked to the count and denominator they fit (within half a
# percentage point), trying the nearest count on the left first; one that
# fits nothing is linked to every count of its row.
infer_derived <- function(data, columns, parts, total_column, total, block) {
  counts <- c(parts, stats::na.omit(total_column))
  if (length(counts) == 0L) return(list())
  links <- list()
  n <- nrow(data)
  total_row <- rep(NA_integer_, n)
  for (b in unique(block)) {
    tr <- which(block == b & total)
    if (length(tr) == 1L) total_row[block == b] <- tr
  }
  position <- match(counts, names(data))
  for (p in which(columns$role %in% c("proportion", "rate"))) {
    share <- as.double(data[[p]])
    order <- counts[order(ifelse(position < p, p - position,
                                 n + position))]
    fit <- NULL
    if (columns$role[p] == "proportion") {
      for (num in order) {
        options <- list(
          list(den = total_column, over = "row"),
          list(den = num, over = "block"),
          list(den = total_column, over = "block"))
        for (o in options) {
          if (is.na(o$den)) next
          den <- if (o$over == "row") data[[o$den]] else
            data[[o$den]][total_row]
          ok <- is.finite(share) & !is.na(data[[num]]) & !is.na(den) &
            den > 0
          if (sum(ok) >= 1L &&
              max(abs(share[ok] - data[[num]][ok] / den[ok])) <= 0.005) {
            fit <- derived_link(names(data)[p], num, o$den, o$over)
            break
          }
        }
        if (!is.null(fit)) break
      }
    }
    if (!is.null(fit)) {
      links[[length(links) + 1L]] <- fit
    } else {
      for (num in counts) {
        links[[length(links) + 1L]] <- derived_link(names(data)[p], num)
      }
    }
  }
  links
}

say_inferred <- function(meta, data, totals_inferred = TRUE) {
  cols <- meta$columns[!meta$columns$stated, , drop = FALSE]
  said <- character()
  for (role in c("count", "period", "proportion", "pp", "change", "rate")) {
    names <- cols$name[cols$role == role]
    if (length(names) == 0L) next
    what <- switch(role, count = "counts of people", period = "periods",
                   proportion = "proportions", pp = "percentage points",
                   change = "changes", rate = "rates")
    said <- c(said, paste0(what, ": ", paste0("`", names, "`",
                                              collapse = ", ")))
  }
  totals <- which(meta$rows$role == "total")
  if (length(totals) > 0L && totals_inferred) {
    said <- c(said, paste0("total rows: ",
                           paste0(utils::head(totals, 5L), " (",
                                  row_label(data, meta,
                                            utils::head(totals, 5L)), ")",
                                  collapse = ", "),
                           if (length(totals) > 5L) ", ..."))
  }
  if (!is.na(meta$total_column) && totals_inferred) {
    said <- c(said, paste0("total column: `", meta$total_column, "`"))
  }
  if (length(said) == 0L) return(invisible())
  inform("report_table() inferred ", paste(said, collapse = "; "),
         ". State them with `roles`, `units` or `totals` if not.")
}

# ---- Plain data ---------------------------------------------------------------

plain_data_frame <- function(x) {
  attr(x, "report") <- NULL
  class(x) <- "data.frame"
  for (a in setdiff(names(attributes(x)), c("names", "row.names", "class"))) {
    attr(x, a) <- NULL
  }
  attr(x, "row.names") <- .set_row_names(.row_names_info(x, 2L))
  x
}

#' @rdname report_table
#' @param row.names,optional,... Ignored; for compatibility with the generic.
#' @export
as.data.frame.report_table <- function(x, row.names = NULL, optional = FALSE,
                                       ...) {
  plain_data_frame(x)
}

`%||%` <- function(a, b) if (is.null(a)) b else a
