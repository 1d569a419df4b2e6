#' Tables shaped like the published ones
#'
#' `report_table()` is the one result object of the package: a data frame
#' with the metadata a published table carries (title, source, notes) and a
#' role for each column saying what it holds. Printing, and later the Excel
#' writer, format each column by its role.
#'
#' Roles:
#' * `label`: row labels (cohort, need, area): text, left-aligned;
#' * `count`: whole numbers, shown with thousands separators;
#' * `percent`: proportions between 0 and 1, shown as percentages to one
#'   decimal place;
#' * `rate`: other numbers, to one decimal place;
#' * `change`: signed differences;
#' * `marker`: symbols such as a tick or an arrow, as text;
#' * `rag`: Red, Amber or Green, as text.
#'
#' Roles not given are guessed: text, factors, logicals and dates are labels
#' (a column named `marker` or `rag` gets that role); a numeric column named
#' like a percentage (`percent`, `percentage`, `proportion`, `pct`, `share`,
#' or ending in `%`) is a percent, one named like a change (`change`,
#' `difference`) a change; whole numbers are counts and other numbers rates.
#'
#' Rows whose first label reads `Total...` are totals. In print, a missing
#' value shows as `[x]` (not available), or as `[z]` (not applicable) in a
#' total row, or as `[c]` (confidential) when [suppress_small()] withheld it.
#'
#' A table whose rows are measures (a count, then a proportion, then a rate,
#' as in [compare_cohorts()]) gives each row a role with `row_roles`. A
#' numeric cell in such a row is formatted by its row's role instead of its
#' column's, except that in a column whose role is `change` it is the row's
#' role with a sign (a change in a proportion prints as `-1.9%`). A row whose
#' role is `NA` keeps the column roles.
#'
#' Taking a subset with `[` keeps the metadata that still fits: the title,
#' source and notes, the roles of the columns kept, the roles and the
#' suppressed cells of the rows kept, and the chart while its columns are
#' there.
#'
#' @param x A data frame (a `data.table` or tibble is turned into a plain
#'   data frame), or a `report_table` whose metadata is kept unless replaced.
#' @param title Title of the table, a string, or `NULL`.
#' @param source Source of the figures, a string, or `NULL`.
#' @param notes Notes shown under the table: a character vector, or `NULL`.
#' @param roles Column roles: a character vector named by column (the other
#'   columns are guessed), or unnamed with one role per column.
#' @param chart A [report_chart()] to draw from the table when it is written
#'   to Excel, or `NULL`.
#' @param row_roles Row roles, for tables whose rows are measures: a
#'   character vector with one role per row, each `"count"`, `"percent"`,
#'   `"rate"`, `"change"` or `NA`; or `NULL` for none (a `report_table` given
#'   as `x` keeps its own).
#' @return A `report_table`: a data frame of class
#'   `c("report_table", "data.frame")` with attributes `title`, `source`,
#'   `notes` and `roles` (a named character vector, one role per column),
#'   `row_roles` (one role or `NA` per row) and `chart` when given. The attributes `disclosure` (set by
#'   [cohort_table()] and [needs_profile()]: the table counts people) and
#'   `suppressed` (set by [suppress_small()]) are kept from a `report_table`
#'   given as `x`.
#'   `as.data.frame()` gives the plain data frame back.
#' @examples
#' tab <- report_table(
#'   data.frame(cohort = c("Young Males", "Women", "Total"),
#'              cases = c(379, 186, 565),
#'              share = c(379, 186, 565) / 565),
#'   title = "Cases by cohort", source = "Case management extract")
#' tab
#' attr(tab, "roles")
#' as.data.frame(tab)
#'
#' # Rows that are measures: counts, then a proportion
#' report_table(
#'   data.frame(measure = c("Offenders", "Reoffenders", "Proportion"),
#'              `2015` = c(4262, 862, 862 / 4262),
#'              `2014` = c(4588, 1016, 1016 / 4588), check.names = FALSE),
#'   row_roles = c("count", "count", "percent"))
#' @export
report_table <- function(x, title = NULL, source = NULL, notes = NULL,
                         roles = NULL, chart = NULL, row_roles = NULL) {
  check_data_frame(x, "x")
  old <- if (inherits(x, "report_table")) table_meta(x) else list()
  check_string(title, "title", null_ok = TRUE)
  check_string(source, "source", null_ok = TRUE)
  if (!is.null(notes) && (!is.character(notes) || anyNA(notes))) {
    abort("`notes` must be a character vector or NULL.")
  }
  x <- plain_data_frame(x)
  if (anyDuplicated(names(x)) || any(is.na(names(x)) | names(x) == "")) {
    abort("`x` must have unique, non-empty column names.")
  }
  stated <- old$roles[intersect(names(old$roles), names(x))]
  if (!is.null(roles)) {
    roles <- check_roles(roles, x)
    stated[names(roles)] <- roles
  }
  attr(x, "roles") <- stated
  attr(x, "roles") <- roles_of(x)
  attr(x, "title") <- if (is.null(title)) old$title else title
  attr(x, "source") <- if (is.null(source)) old$source else source
  attr(x, "notes") <- if (is.null(notes)) old$notes else notes
  if (is.null(row_roles) && length(old$row_roles) == nrow(x)) {
    row_roles <- old$row_roles
  }
  if (!is.null(row_roles)) {
    attr(x, "row_roles") <- check_row_roles(row_roles, x)
  }
  if (is.null(chart)) chart <- old$chart
  if (!is.null(chart)) attr(x, "chart") <- check_chart(chart, x)
  # What the counts are of, and what suppress_small() withheld.
  attr(x, "disclosure") <- old$disclosure
  attr(x, "suppressed") <- old$suppressed
  class(x) <- c("report_table", "data.frame")
  x
}

#' @rdname report_table
#' @param row.names,optional,... Ignored; for compatibility with the generic.
#' @export
as.data.frame.report_table <- function(x, row.names = NULL, optional = FALSE,
                                       ...) {
  plain_data_frame(x)
}

#' @rdname report_table
#' @param i,j Rows and columns to keep, as for a data frame.
#' @param drop Passed on to the data frame method.
#' @export
`[.report_table` <- function(x, i, j, drop) {
  meta <- table_meta(x)
  suppressed <- attr(x, "suppressed")
  all_rows <- seq_len(nrow(x))
  names(all_rows) <- row.names(x)
  # x[j] selects columns; x[i, j] rows and columns.
  kept <- if (nargs() - (!missing(drop)) < 3L || missing(i)) {
    all_rows
  } else {
    tryCatch(all_rows[i], error = function(e) NULL)
  }
  out <- NextMethod()
  if (!is.data.frame(out)) return(out)
  attributes(out)[c("title", "source", "notes", "disclosure")] <-
    list(meta$title, meta$source, meta$notes, meta$disclosure)
  stored <- meta$roles[intersect(names(out), names(meta$roles))]
  attr(out, "roles") <- stored
  attr(out, "roles") <- roles_of(out)
  if (!is.null(meta$chart) &&
      all(c(meta$chart$x, meta$chart$y) %in% names(out))) {
    attr(out, "chart") <- meta$chart
  } else {
    attr(out, "chart") <- NULL
  }
  kept <- unname(kept)
  if (!is.null(meta$row_roles) && length(kept) == nrow(out) &&
      !anyNA(kept)) {
    attr(out, "row_roles") <- meta$row_roles[kept]
  } else {
    attr(out, "row_roles") <- NULL
  }
  attr(out, "suppressed") <- NULL
  if (!is.null(suppressed) && length(kept) == nrow(out) && !anyNA(kept)) {
    cells <- suppressed$cells
    cells$row <- match(cells$row, kept)
    cells <- cells[!is.na(cells$row) & cells$column %in% names(out), ,
                   drop = FALSE]
    rownames(cells) <- NULL
    suppressed$cells <- cells
    attr(out, "suppressed") <- suppressed
  }
  class(out) <- c("report_table", "data.frame")
  out
}

table_roles <- c("label", "count", "percent", "rate", "change", "marker",
                 "rag")

plain_data_frame <- function(x) {
  x <- as.data.frame(unclass_table(x), stringsAsFactors = FALSE)
  for (a in c("title", "source", "notes", "roles", "row_roles", "chart",
              "disclosure", "suppressed")) {
    attr(x, a) <- NULL
  }
  rownames(x) <- NULL
  x
}

unclass_table <- function(x) {
  class(x) <- setdiff(class(x), c("report_table", "data.table", "tbl_df",
                                  "tbl"))
  if (!inherits(x, "data.frame")) class(x) <- "data.frame"
  x
}

table_meta <- function(x) {
  list(title = attr(x, "title"), source = attr(x, "source"),
       notes = attr(x, "notes"), roles = attr(x, "roles"),
       row_roles = attr(x, "row_roles"),
       chart = attr(x, "chart"), disclosure = attr(x, "disclosure"),
       suppressed = attr(x, "suppressed"))
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
  bad <- setdiff(roles, table_roles)
  if (length(bad) > 0L) {
    abort("`roles` must be among ", paste(table_roles, collapse = ", "),
          "; found ", show_values(bad), ".")
  }
  numeric_roles <- c("count", "percent", "rate", "change")
  not_numeric <- names(roles)[roles %in% numeric_roles &
                                !vapply(x[names(roles)], is.numeric,
                                        logical(1))]
  if (length(not_numeric) > 0L) {
    abort("`roles` gives a numeric role to columns that are not numeric: ",
          show_values(not_numeric), ".")
  }
  roles
}

check_row_roles <- function(row_roles, x) {
  if (!is.character(row_roles) && !all(is.na(row_roles))) {
    abort("`row_roles` must be a character vector of roles, not ",
          type_name(row_roles), ".")
  }
  if (length(row_roles) != nrow(x)) {
    abort("`row_roles` must give one role per row of `x` (", nrow(x),
          "), not ", length(row_roles), ".")
  }
  bad <- setdiff(row_roles[!is.na(row_roles)], row_roles_allowed)
  if (length(bad) > 0L) {
    abort("`row_roles` must be among ",
          paste(row_roles_allowed, collapse = ", "), " or NA; found ",
          show_values(bad), ".")
  }
  as.character(unname(row_roles))
}

row_roles_allowed <- c("count", "percent", "rate", "change")

# Row roles that still fit x (a subset of rows leaves them behind), or NULL.
row_roles_of <- function(x) {
  stored <- attr(x, "row_roles")
  if (length(stored) != nrow(x) || nrow(x) == 0L) return(NULL)
  stored
}

guess_role <- function(column, name = "") {
  name <- tolower(name)
  if (!is.numeric(column) || is.factor(column)) {
    if (name %in% c("marker", "markers")) return("marker")
    if (name %in% c("rag", "rag rating", "rag_rating")) return("rag")
    return("label")
  }
  if (grepl("(^|[ _.])(percent|percentage|proportion|pct|share)|%$", name)) {
    return("percent")
  }
  if (grepl("(^|[ _.])(change|difference)", name)) return("change")
  finite <- column[is.finite(column)]
  if (is.integer(column) || all(finite == round(finite))) "count" else "rate"
}

# Roles of the columns x has now (subsetting may have dropped or added some).
roles_of <- function(x) {
  stored <- attr(x, "roles")
  roles <- stats::setNames(character(ncol(x)), names(x))
  for (k in seq_along(x)) {
    name <- names(x)[k]
    roles[k] <- if (!is.null(stored) && name %in% names(stored)) {
      stored[[name]]
    } else {
      guess_role(x[[k]], name)
    }
  }
  roles
}

# Which rows are totals: a text label column reads "Total..." (in a table
# grouped by area, the Total label is in the second label column).
total_rows <- function(x, roles = roles_of(x)) {
  hit <- logical(nrow(x))
  for (k in which(roles == "label")) {
    v <- x[[k]]
    if (is.factor(v)) {
      hit <- hit | (startsWith(levels(v), "Total")[v] %in% TRUE)
    } else if (is.character(v)) {
      hit <- hit | (startsWith(v, "Total") %in% TRUE)
    }
  }
  hit
}

#' @rdname report_table
#' @export
format.report_table <- function(x, ...) {
  roles <- roles_of(x)
  totals <- total_rows(x, roles)
  confidential <- confidential_cells(x)
  row_roles <- row_roles_of(x)
  cells <- lapply(seq_along(x), function(k) {
    text <- format_cells(x[[k]], roles[[k]], totals, confidential[, k])
    if (is.null(row_roles) || !roles[[k]] %in% row_roles_allowed ||
        !is.numeric(x[[k]])) {
      return(text)
    }
    for (role in unique(row_roles[!is.na(row_roles)])) {
      rows <- which(row_roles == role)
      text[rows] <- format_cells(x[[k]][rows], role, totals[rows],
                                 confidential[rows, k],
                                 signed = roles[[k]] == "change")
    }
    text
  })
  names(cells) <- names(x)
  as.data.frame(cells, stringsAsFactors = FALSE, optional = TRUE)
}

# `signed`: a change in the units of `role` (a row role in a change column).
format_cells <- function(value, role, totals, confidential = FALSE,
                         signed = FALSE) {
  flag <- if (signed) "+" else ""
  text <- switch(
    role,
    count = formatC(value, format = "f", digits = 0, big.mark = ",",
                    flag = flag),
    percent = paste0(formatC(100 * value, format = "f", digits = 1,
                             flag = flag), "%"),
    rate = formatC(value, format = "f", digits = 1, big.mark = ",",
                   flag = flag),
    change = ifelse(value == round(value),
                    formatC(value, format = "f", digits = 0, flag = "+",
                            big.mark = ","),
                    formatC(value, format = "f", digits = 1, flag = "+",
                            big.mark = ",")),
    as.character(value)
  )
  missing <- is.na(value)
  text[missing] <- ifelse(totals[missing], "[z]", "[x]")
  text[missing & confidential] <- "[c]"
  text
}

#' @rdname report_table
#' @export
print.report_table <- function(x, ...) {
  cells <- format(x)
  roles <- roles_of(x)
  title <- attr(x, "title")
  if (!is.null(title)) cat(title, "\n\n", sep = "")
  if (ncol(x) == 0L) {
    cat("<report_table with no columns>\n")
  } else {
    header <- names(cells)
    widths <- pmax(nchar(header, type = "width"),
                   vapply(cells, function(v) max(0L, nchar(v, type = "width")),
                          integer(1)))
    left <- roles %in% c("label", "marker", "rag")
    pad <- function(text, k) {
      formatC(text, width = if (left[k]) -widths[k] else widths[k])
    }
    for (block in column_blocks(widths, left, getOption("width", 80L))) {
      cat(paste(vapply(block, function(k) pad(header[k], k), character(1)),
                collapse = "  "), "\n", sep = "")
      if (nrow(cells) > 0L) {
        body <- vapply(block, function(k) pad(cells[[k]], k),
                       character(nrow(cells)))
        body <- matrix(body, nrow = nrow(cells))
        cat(paste0(apply(body, 1L, paste, collapse = "  "), "\n"), sep = "")
      } else {
        cat("<no rows>\n")
      }
    }
  }
  source <- attr(x, "source")
  notes <- c(attr(x, "notes"), suppression_notes(x))
  if (!is.null(source) || length(notes) > 0L) cat("\n")
  if (!is.null(source)) cat("Source: ", source, "\n", sep = "")
  for (note in notes) cat("Note: ", note, "\n", sep = "")
  invisible(x)
}

# Split columns into blocks that fit the console width, repeating the leading
# label columns in every block.
column_blocks <- function(widths, left, width) {
  n <- length(widths)
  lead <- seq_len(n)[cumsum(!left) == 0L]
  rest <- setdiff(seq_len(n), lead)
  if (length(rest) == 0L) return(list(lead))
  blocks <- list()
  current <- lead
  used <- sum(widths[lead] + 2L)
  for (k in rest) {
    if (length(current) > length(lead) && used + widths[k] > width) {
      blocks[[length(blocks) + 1L]] <- current
      current <- lead
      used <- sum(widths[lead] + 2L)
    }
    current <- c(current, k)
    used <- used + widths[k] + 2L
  }
  c(blocks, list(current))
}

#' A chart of a report table, for Excel
#'
#' Describes a bar, column or line chart of some columns of a
#' [report_table()]. [write_report()] draws it as a native Excel chart, with
#' alt text, on a sheet of its own after the table. Total rows are left out.
#'
#' @param x The column holding the categories (the bars' labels).
#' @param y The numeric columns to plot, one series each.
#' @param type `"bar"` (horizontal bars), `"column"` (vertical bars) or
#'   `"line"`.
#' @param title Chart title; by default the table's title.
#' @param alt_text Alternative text describing the chart for screen readers;
#'   by default a sentence naming the type, the series and the categories.
#' @param x_title,y_title Axis titles, or `NULL`.
#' @return A `report_chart`: a list with the arguments.
#' @examples
#' needs <- report_table(lewisham_needs,
#'                       chart = report_chart("need", "percentage"))
#' attr(needs, "chart")$type
#' @export
report_chart <- function(x, y, type = c("bar", "column", "line"),
                         title = NULL, alt_text = NULL, x_title = NULL,
                         y_title = NULL) {
  check_string(x, "x")
  if (!is.character(y) || length(y) == 0L || anyNA(y)) {
    abort("`y` must name at least one column.")
  }
  type <- check_choice(type, c("bar", "column", "line"), "type")
  check_string(title, "title", null_ok = TRUE)
  check_string(alt_text, "alt_text", null_ok = TRUE)
  check_string(x_title, "x_title", null_ok = TRUE)
  check_string(y_title, "y_title", null_ok = TRUE)
  structure(list(x = x, y = y, type = type, title = title,
                 alt_text = alt_text, x_title = x_title, y_title = y_title),
            class = "report_chart")
}

check_chart <- function(chart, x) {
  if (!inherits(chart, "report_chart")) {
    abort("`chart` must be made by report_chart(), not ", type_name(chart),
          ".")
  }
  missing <- setdiff(c(chart$x, chart$y), names(x))
  if (length(missing) > 0L) {
    abort("`chart` names columns not in the table: ", show_values(missing),
          ".")
  }
  not_numeric <- chart$y[!vapply(x[chart$y], is.numeric, logical(1))]
  if (length(not_numeric) > 0L) {
    abort("`chart` plots columns that are not numeric: ",
          show_values(not_numeric), ".")
  }
  chart
}
