#' Count records by cohort, status and area
#'
#' Cross-tabulates records the way caseload tables are published: one row per
#' level of `rows` (within each group of `by`), one column per level of
#' `cols`, with a `Total` column and a `Total` row. The counting is done in C
#' in one pass over the integer codes of the key columns.
#'
#' Factors are used as they are, so their empty levels stay in the table as
#' rows or columns of zeros (an empty cohort is shown, not dropped). Other
#' columns are turned into factors first (sorted levels; `FALSE` before
#' `TRUE`). Missing keys (`NA`) are counted in a level `Missing`, shown only
#' when it holds any record.
#'
#' @param data A data frame (or `data.table`, tibble) with one row per
#'   record; or a list of data frames (chunks of the records), a tally from
#'   [cohort_tally()], or a remote table (`dplyr::tbl(con, "cases")`, see
#'   [remote-tables]).
#' @param rows The column whose levels make the rows: one column, as a
#'   tidy selection ([column-selection]): bare, a string,
#'   `all_of()`, `starts_with()`, `where()`, `.data$x` or `!!rlang::sym()`.
#' @param cols The column whose levels make the count columns (at most one,
#'   as a tidy selection like `rows`), or `NULL` for a single count column.
#' @param by Columns to group by, as a tidy selection like `rows`
#'   (`borough`, `c(borough, year)`, `c("borough", "year")`), or `NULL`;
#'   each group gets its own block of rows with its own totals. The groups
#'   of a grouped data frame (`dplyr::group_by()`) come first, then `by`.
#' @param totals Add the `Total` row (per group) and the `Total` column?
#' @param percent Add a proportion beside each count column: of its row
#'   total (`"row"`), of its column total (`"col"`) or of the grand total of
#'   its group (`"total"`). Proportions are between 0 and 1 and print as
#'   percentages; `NA` where the denominator is zero.
#' @return A [report_table()]: the `by` columns and the `rows` column (named
#'   as in `data`, as text), then one count column per level of `cols` named by
#'   the level (or a single column `Total`, or `n` without totals, when `cols`
#'   is `NULL`), then `Total`. With `percent`, each count column is followed
#'   by a proportion column named `"<column> %"`. Counts are integers (doubles
#'   beyond the integer range). A level called `Total` is kept as data: the
#'   total row or column is then called `All`. The table's record states its
#'   structure: counts of people, the total row of each block (group), the
#'   total column, that rows and columns add up, and which count and total
#'   each proportion is computed from; a proportion of a zero total is not
#'   applicable (`[z]`). [write_report()] suppresses its small counts.
#' @param levels `NULL`, or the levels of key columns in their order, as a
#'   named list (`list(cohort = c("Young Males 18-25", ...))`): their empty
#'   levels are kept as rows or columns of zeros, and a value that is none
#'   of them is an error. Needed for empty levels of a remote table, which has
#'   no factors (see [remote-tables]); for a factor, its levels are the
#'   default.
#' @seealso [needs_profile()], [assign_cohort()], [cohort_tally()] to count
#'   in parts, [remote-tables] for tables in a database.
#' @examples
#' # The Lewisham CRC caseload by cohort and status (30 November 2016)
#' cohort_table(lewisham_offenders, cohort, status)
#'
#' # IOM cases by cohort
#' cohort_table(lewisham_offenders[lewisham_offenders$iom, ], "cohort")
#'
#' # The same, choosing columns with tidyselect helpers
#' cohort_table(lewisham_offenders, where(is.factor) & starts_with("coh"),
#'              all_of("status"))
#'
#' # Share of each status within each cohort
#' cohort_table(lewisham_offenders, cohort, status, percent = "row")
#' @export
cohort_table <- function(data, rows, cols = NULL, by = NULL, totals = TRUE,
                         percent = c("none", "row", "col", "total"),
                         levels = NULL) {
  check_flag(totals, "totals")
  percent <- check_choice(percent, c("none", "row", "col", "total"),
                          "percent")
  tally <- if (inherits(data, "reoffending_cohort_tally")) {
    if (!is.null(levels)) {
      abort("`levels` must be NULL when `data` is a tally; give it to ",
            "cohort_tally().")
    }
    data
  } else {
    if (missing(rows)) abort("`rows` must name a column of `data`.")
    tally_cohort(data, rlang::enquo(rows), rlang::enquo(cols),
                 rlang::enquo(by), levels)
  }
  table_from_tally(tally, totals, percent)
}

# The counts of the records of a data frame by the levels of their key
# columns, as a cohort tally (see new_cohort_tally()); remote tables and
# lists of chunks go their own ways to the same object.
tally_cohort <- function(data, rows, cols, by, levels) {
  if (is_remote_table(data)) {
    return(remote_cohort_tally(data, rows, cols, by, levels))
  }
  if (is_chunk_list(data)) {
    return(merge_chunks(lapply(seq_along(data), function(i) {
      with_chunk(i, tally_cohort(data[[i]], rows, cols, by, levels))
    })))
  }
  check_data_frame(data)
  used <- cohort_columns(data, rows, cols, by)
  rows <- used$rows
  cols <- used$cols
  by <- used$by
  used <- c(by, rows, cols)
  levels <- check_key_levels(levels, used)

  keys <- lapply(used, function(name) {
    as_key(data[[name]], name, levels = levels[[name]])
  })
  names(keys) <- used
  nlevels <- vapply(keys, function(key) length(key$levels), integer(1))
  check_cells(nlevels)
  # C wants rows first (fastest varying), then cols, then the by columns.
  order <- c(rows, cols, by)
  counts <- call_on_keys(.Call(C_count_groups,
                               lapply(keys[order], `[[`, "codes"),
                               unname(nlevels[order])),
                         order, lapply(order, function(n) data[[n]]))
  new_cohort_tally(array(counts, dim = nlevels[order] + 1L),
                   lapply(keys[order], function(k) k[c("levels", "type")]),
                   rows, cols, by)
}

# The key columns named by `rows`, `cols` and `by` (quosures), checked.
# `data` is a data frame, or the empty prototype of a remote table.
cohort_columns <- function(data, rows, cols, by, groups = NULL) {
  rows <- column_names(rows, data, "rows", null_ok = FALSE)
  cols <- column_names(cols, data, "cols")
  by <- if (is.null(groups)) {
    grouped_by(data, column_names(by, data, "by"))
  } else {
    check_groups_by(groups, column_names(by, data, "by"))
  }
  if (length(rows) != 1L) abort("`rows` must name one column, not ",
                                length(rows), ".")
  if (length(cols) > 1L) abort("`cols` must name one column, not ",
                               length(cols), ".")
  used <- c(by, rows, cols)
  if (anyDuplicated(used)) {
    abort("`rows`, `cols` and `by` must name different columns; ",
          show_values(used[duplicated(used)]), " is used twice.")
  }
  list(rows = rows, cols = cols, by = by)
}

check_cells <- function(nlevels) {
  cells <- prod(nlevels + 1)
  if (cells > 1e8) {
    abort("The table would have ", format(cells, big.mark = ","),
          " cells; the columns named by `rows`, `cols` and `by` have too ",
          "many levels between them.")
  }
  invisible(cells)
}

# A cohort tally to its report_table: the one path from counts to the
# published layout, whether the counts came from C, a database or chunks.
table_from_tally <- function(tally, totals, percent) {
  rows <- tally$rows
  cols <- tally$cols
  by <- tally$by
  order <- c(rows, cols, by)
  arr <- tally$counts
  nlevels <- stats::setNames(dim(arr) - 1L, order)

  # Keep a key's Missing level only where it holds records.
  levels <- lapply(tally$keys, `[[`, "levels")
  keep <- lapply(seq_along(order), function(d) {
    k <- nlevels[[order[d]]]
    missing_count <- sum(slice_along(arr, d, k + 1L))
    if (missing_count > 0) seq_len(k + 1L) else seq_len(k)
  })
  arr <- do.call(`[`, c(list(arr), keep, list(drop = FALSE)))
  levels <- lapply(seq_along(order), function(d) {
    lv <- c(levels[[d]], "Missing")[keep[[d]]]
    make.unique(lv)
  })
  names(levels) <- order

  nr <- length(levels[[rows]])
  nc <- if (is.null(cols)) 1L else length(levels[[cols]])
  ng <- if (is.null(by)) 1L else prod(lengths(levels[by]))
  dim(arr) <- c(nr, nc, ng)

  shaped <- shape_counts(arr, totals, percent, single = is.null(cols))
  n_out <- shaped$rows_per_group
  # Levels called "Total" are data: the margins take other names.
  count_names <- if (is.null(cols)) {
    if (totals) character() else "n"
  } else {
    levels[[cols]]
  }
  total_name <- NA_character_
  if (totals) {
    total_name <- setdiff(c("Total", "All", "Total (all)"),
                          c(count_names, rows, by))[1L]
    count_names <- c(count_names, total_name)
  }
  total_label <- setdiff(c("Total", "All", "Total (all)"),
                         levels[[rows]])[1L]
  row_labels <- c(levels[[rows]], if (totals) total_label)

  out <- list()
  if (!is.null(by)) {
    grid <- expand.grid(levels[by], KEEP.OUT.ATTRS = FALSE,
                        stringsAsFactors = FALSE)
    for (name in by) out[[name]] <- rep(grid[[name]], each = n_out)
  }
  out[[rows]] <- rep(row_labels, times = ng)
  roles <- stats::setNames(rep("label", length(out)), names(out))
  fit <- if (max(0, shaped$counts) <= .Machine$integer.max) as.integer else
    identity
  pct_names <- character()
  derived <- list()
  na <- list()
  for (k in seq_along(count_names)) {
    name <- count_names[k]
    out[[name]] <- fit(shaped$counts[, k])
    roles[[name]] <- "count"
    if (percent != "none") {
      pname <- paste(name, "%")
      pct_names <- c(pct_names, pname)
      out[[pname]] <- shaped$proportions[, k]
      roles[[pname]] <- "proportion"
      derived[[length(derived) + 1L]] <- switch(
        percent,
        row = derived_link(pname, name, total_name, "row"),
        col = derived_link(pname, name, name, "block"),
        total = derived_link(pname, name, total_name, "block"))
      # A share of nothing is not applicable.
      na[[pname]] <- is.na(shaped$proportions[, k])
    }
  }
  out <- as_table_frame(out, n_out * ng)
  units <- stats::setNames(rep("people", length(count_names)), count_names)
  row_role <- rep(c(rep("body", nr), if (totals) "total"), times = ng)
  meta <- describe_table(
    out, roles, units = units, keys = c(by, rows), row_role = row_role,
    block = rep(seq_len(ng), each = n_out), total_column = total_name,
    parts = setdiff(count_names, total_name),
    additive = c(rows = totals, columns = totals && !is.null(cols)),
    derived = if (totals || percent == "none") derived else
      lapply(derived, function(l) {
        # Without totals the denominators are not in the table: `over`
        # then says which cells the share's total sums.
        l$denominator <- NA_character_
        l$over <- switch(percent, row = "row", col = "column",
                         total = "block")
        l
      }),
    na = na, title = table_title(rows, cols, by))
  # What the counts are classified by, for tables published together: the
  # by and rows columns hold levels of their variables; each count column
  # stands for a level of `cols` (the total column for all of them).
  meta$dims <- new_dims(
    levels = levels, by = stats::setNames(by, by),
    rows = list(column = rows, key = levels[[rows]], variable = rows,
                level = levels[[rows]]),
    columns = data.frame(
      column = count_names,
      variable = ifelse(count_names %in% total_name | is.null(cols),
                        NA_character_, if (is.null(cols)) NA else cols),
      level = ifelse(count_names %in% total_name | is.null(cols),
                     NA_character_, count_names),
      stringsAsFactors = FALSE),
    records = tally$records)
  new_report_table(out, meta)
}

# Counts (nr x nc x ng) to the printed layout: rows of each group (then its
# Total row), count columns (then Total); proportions beside them.
shape_counts <- function(arr, totals, percent, single) {
  nr <- dim(arr)[1L]
  nc <- dim(arr)[2L]
  ng <- dim(arr)[3L]
  full <- array(0, dim = c(nr + 1L, nc + 1L, ng))
  full[seq_len(nr), seq_len(nc), ] <- arr
  full[seq_len(nr), nc + 1L, ] <- apply(arr, c(1L, 3L), sum)
  full[nr + 1L, , ] <- apply(full[seq_len(nr), , , drop = FALSE], c(2L, 3L),
                             sum)
  proportions <- NULL
  if (percent != "none") {
    denominator <- switch(
      percent,
      row = full[, rep(nc + 1L, nc + 1L), , drop = FALSE],
      col = full[rep(nr + 1L, nr + 1L), , , drop = FALSE],
      total = full[rep(nr + 1L, nr + 1L), rep(nc + 1L, nc + 1L), ,
                   drop = FALSE]
    )
    proportions <- full / denominator
    proportions[!is.finite(proportions)] <- NA_real_
  }
  row_keep <- if (totals) seq_len(nr + 1L) else seq_len(nr)
  col_keep <- if (totals) seq_len(nc + 1L) else seq_len(nc)
  # Without cols, the single count column is its own total.
  if (single && totals) col_keep <- nc + 1L
  flatten <- function(a) {
    a <- a[row_keep, col_keep, , drop = FALSE]
    a <- aperm(a, c(1L, 3L, 2L))
    matrix(a, ncol = length(col_keep))
  }
  list(counts = flatten(full),
       proportions = if (!is.null(proportions)) flatten(proportions),
       rows_per_group = length(row_keep))
}

# Elements of array `a` whose index along dimension `d` is `i`.
slice_along <- function(a, d, i) {
  a[slice.index(a, d) == i]
}

# A key column as factor codes: factors as they are, other types as factors.
# A factor built by hand can hold codes outside its levels; counted, an
# offender would land in another group. The C engines refuse such codes as
# they count (`check = FALSE`, no pass over the data here: see
# malformed_factor()); arithmetic on codes in R needs `check = TRUE`.
# `levels`, when given, are the levels in their order, and a value outside
# them is an error. `type` says how chunks' levels merge: "fixed" (a factor,
# logical or given levels: the same in every chunk) or the type whose sorted
# values the levels are ("character", "numeric", "Date").
as_key <- function(x, name, check = FALSE, levels = NULL) {
  if (!is.null(levels)) return(key_on_levels(x, name, levels))
  if (is.factor(x)) {
    if (check) {
      codes <- unclass_codes(x)
      if (!is.integer(codes) ||
          any(codes < 1L | codes > length(levels(x)), na.rm = TRUE)) {
        malformed_factor(name, x)
      }
    }
    return(list(codes = x, levels = levels(x), type = "fixed"))
  }
  if (is.logical(x)) {
    return(list(codes = as.integer(x) + 1L, levels = c("FALSE", "TRUE"),
                type = "fixed"))
  }
  if (is.character(x) || is.numeric(x) || inherits(x, "Date")) {
    f <- factor(x)
    return(list(codes = unclass_codes(f), levels = levels(f),
                type = key_type(x)))
  }
  abort("Column `", name, "` must be a factor, character, logical, numeric ",
        "or Date column, not ", type_name(x), ".")
}

key_type <- function(x) {
  if (inherits(x, "Date")) "Date" else if (is.numeric(x)) "numeric" else
    "character"
}

# Codes of `x` among given levels (text); a value that is none of them is an
# error, not a silent Missing.
key_on_levels <- function(x, name, levels) {
  text <- as.character(x)
  codes <- match(text, levels)
  unknown <- is.na(codes) & !is.na(text)
  if (any(unknown)) {
    abort("Column `", name, "` holds values that are not among its ",
          "`levels`: ", show_values(text[unknown]), ".")
  }
  list(codes = codes, levels = levels, type = "fixed")
}

# `levels`: NULL, or a named list of character vectors, one per key column.
check_key_levels <- function(levels, used) {
  if (is.null(levels)) return(list())
  if (!is.list(levels) || is.null(names(levels)) ||
      any(!nzchar(names(levels)))) {
    abort("`levels` must be a named list of level vectors, such as ",
          "list(cohort = c(\"Women\", \"MHLD\")).")
  }
  unknown <- setdiff(names(levels), used)
  if (length(unknown) > 0L) {
    abort("`levels` names ", show_values(unknown), ", which is not a ",
          "column named by `rows`, `cols` or `by`.")
  }
  lapply(stats::setNames(names(levels), names(levels)), function(name) {
    lv <- levels[[name]]
    if (is.factor(lv)) lv <- as.character(lv)
    if (is.logical(lv) || is.numeric(lv) || inherits(lv, "Date")) {
      lv <- as.character(lv)
    }
    if (!is.character(lv) || anyNA(lv) || anyDuplicated(lv)) {
      abort("`levels$", name, "` must be distinct, non-missing values.")
    }
    lv
  })
}

malformed_factor <- function(name, x) {
  abort("Column `", name, "` is a malformed factor: its codes must be ",
        "whole numbers from 1 to its number of levels (",
        length(levels(x)), "). Rebuild it with factor().")
}

# Runs a C engine over key codes; its refusal of a code outside a key's
# levels is said of the user's column.
call_on_keys <- function(code, names, factors) {
  tryCatch(code, error = function(e) {
    hit <- regmatches(conditionMessage(e),
                      regexec("^`(keys\\[\\[([0-9]+)\\]\\]|group)` holds code",
                              conditionMessage(e)))[[1]]
    if (length(hit) == 0L) stop(e)
    k <- if (hit[2L] == "group") 1L else as.integer(hit[3L])
    malformed_factor(names[k], factors[[k]])
  })
}

unclass_codes <- function(f) {
  attributes(f) <- NULL
  f
}

check_choice <- function(x, choices, arg) {
  if (identical(x, choices)) return(choices[1L])
  if (!is.character(x) || length(x) != 1L || is.na(x) || !x %in% choices) {
    abort("`", arg, "` must be one of ",
          paste0('"', choices, '"', collapse = ", "), ".")
  }
  x
}

table_title <- function(rows, cols, by) {
  title <- paste0("Records by ", rows)
  if (!is.null(cols)) title <- paste0(title, " and ", cols)
  if (!is.null(by)) title <- paste0(title, ", for each ",
                                    paste(by, collapse = " and "))
  title
}
