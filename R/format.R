# How a report table prints: each cell formatted by its column's role (or
# its row's measure), missing cells shown as the record explains them, and
# the display labels as headers.

#' @section Formatted cells:
#' `format(x)` gives the table as its reader sees it: a plain data frame of
#' character columns, one per column of `x`, named by the columns' display
#' labels, each cell formatted as `print()`, [write_report()] and, in R
#' Markdown, [knit_print.report_table()] show it (`1,338`, `49.6%`,
#' `-1.9 pp`, `+2.8%`; missing cells as `[c]`, `[x]` or `[z]`). Use it to
#' hand a table to any other table package (gt, kableExtra, DT, flextable)
#' or to write text files; the numbers themselves stay in `x`.
#' @rdname report_table
#' @export
format.report_table <- function(x, ...) {
  meta <- table_meta(x)
  cells <- format_table_cells(x, meta)
  names(cells) <- meta$columns$label
  as.data.frame(cells, stringsAsFactors = FALSE, optional = TRUE)
}

# The text of every cell, column by column.
format_table_cells <- function(x, meta) {
  roles <- meta$columns$role
  shown <- missing_shown(x, meta)
  measures <- meta$rows$measure
  lapply(seq_along(x), function(k) {
    value <- x[[k]]
    text <- format_values(value, roles[k])
    if (roles[k] %in% numeric_roles && any(!is.na(measures))) {
      for (m in unique(measures[!is.na(measures)])) {
        rows <- which(measures == m)
        text[rows] <- format_values(value[rows], measure_role(m, roles[k]))
      }
    }
    missing <- is.na(value)
    text[missing] <- shown[missing, k]
    text
  })
}

# The role a row's measure gives a cell of a column: in a change column, a
# count row is a change, a proportion row a change in percentage points.
measure_role <- function(measure, column_role) {
  if (column_role %in% c("change", "pp", "pct_change")) {
    return(switch(measure, count = "change", proportion = "pp",
                  rate = "rate_change"))
  }
  measure
}

format_values <- function(value, role) {
  if (!is.numeric(value) || is.factor(value)) {
    return(as.character(value))
  }
  whole <- all(value == round(value), na.rm = TRUE)
  text <- switch(
    role,
    count = formatC(value, format = "f", digits = 0, big.mark = ","),
    change = ifelse(value == round(value),
                    formatC(value, format = "f", digits = 0, flag = "+",
                            big.mark = ","),
                    formatC(value, format = "f", digits = 1, flag = "+",
                            big.mark = ",")),
    rate_change = formatC(value, format = "f", digits = 1, flag = "+",
                          big.mark = ","),
    proportion = paste0(formatC(100 * value, format = "f", digits = 1), "%"),
    pp = paste0(formatC(value, format = "f", digits = 1, flag = "+"), " pp"),
    pct_change = paste0(formatC(100 * value, format = "f", digits = 1,
                                flag = "+"), "%"),
    rate = formatC(value, format = "f", digits = 1, big.mark = ","),
    period = if (whole) formatC(value, format = "d", big.mark = "") else
      as.character(value),
    as.character(value)
  )
  # formatC gives "+0" for a zero change; a change of nothing has no sign.
  if (role %in% c("change", "rate_change", "pp", "pct_change")) {
    text <- sub("^\\+(0(\\.0+)?)( pp|%)?$", "\\1\\3", text)
  }
  text
}

# What each missing cell shows: "[c]" withheld, "[z]" not applicable (as
# recorded, or a missing figure in a total row), "[x]" not available.
missing_shown <- function(x, meta) {
  out <- matrix("[x]", nrow(x), ncol(x))
  total <- is_total_row(meta)
  out[total, ] <- "[z]"
  cells <- meta$cells
  if (nrow(cells) > 0L) {
    col <- match(cells$column, names(x))
    out[cbind(cells$row, col)] <- ifelse(cells$status == "withheld", "[c]",
                                         "[z]")
  }
  out
}

#' @rdname report_table
#' @export
print.report_table <- function(x, ...) {
  meta <- table_meta(x)
  cells <- format.report_table(x)
  roles <- meta$columns$role
  if (!is.null(meta$title)) cat(meta$title, "\n\n", sep = "")
  if (ncol(x) == 0L) {
    cat("<report_table with no columns>\n")
  } else {
    header <- meta$columns$label
    widths <- pmax(nchar(header, type = "width"),
                   vapply(cells, function(v) max(0L, nchar(v, type = "width")),
                          integer(1)))
    left <- roles %in% text_roles & !vapply(x, is.numeric, logical(1))
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
  notes <- c(meta$notes, suppression_notes(meta))
  if (!is.null(meta$source) || length(notes) > 0L) cat("\n")
  if (!is.null(meta$source)) cat("Source: ", meta$source, "\n", sep = "")
  for (note in notes) cat("Note: ", note, "\n", sep = "")
  invisible(x)
}

#' @rdname report_table
#' @param object A `report_table`, for [str()].
#' @export
str.report_table <- function(object, ...) {
  meta <- table_meta(object)
  cat("report_table: ", nrow(object), " rows, ", ncol(object), " columns",
      if (!is.null(meta$title)) paste0(" (", meta$title, ")"), "\n", sep = "")
  cols <- meta$columns
  unit <- ifelse(is.na(cols$unit), "", paste0(" of ", cols$unit))
  label <- ifelse(cols$label == cols$name, "",
                  paste0(" \"", cols$label, "\""))
  for (k in seq_along(object)) {
    cat(" $ ", cols$name[k], ": ", cols$role[k], unit[k], label[k], ": ",
        sep = "")
    utils::str(unname(object[[k]]), give.head = FALSE, ...)
  }
  totals <- sum(is_total_row(meta))
  withheld <- sum(meta$cells$status == "withheld")
  cat(" total rows: ", totals, "; total column: ",
      if (is.na(meta$total_column)) "none" else meta$total_column,
      "; withheld cells: ", withheld, "\n", sep = "")
  invisible()
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
#' Describes a bar, column, line or scatter chart of some columns of a
#' [report_table()]. [write_report()] draws it as a native Excel chart, with
#' alt text, on a sheet of its own after the table. Total rows are left out.
#'
#' The chart reads as the table does: categories and series in the table's
#' order (the first row is the top bar of a bar chart, the first category
#' the left of a column or line chart), each series in a colour of the
#' Government Statistical Service's accessible categorical palette (dark
#' blue, turquoise, dark pink, orange, dark grey, light purple), lines and
#' markers differing in dash and shape as well as colour, so that they can
#' be told apart in grey scale. An axis of proportions runs from 0 to 100%.
#'
#' A `"scatter"` chart plots the numeric column `x` along the horizontal
#' axis: the `y` columns as points, and the `lines` columns as lines
#' without markers, joining the rows in the table's order (so the table
#' must be sorted by `x`). A funnel plot is one: areas' proportions (`y`)
#' against their denominators (`x`), with control limits (`lines`)
#' computed at each denominator.
#'
#' @param x The column holding the categories (the bars' labels); for a
#'   `"scatter"` chart, the numeric column of the horizontal axis.
#' @param y The numeric columns to plot, one series each (the points of a
#'   scatter chart).
#' @param type `"bar"` (horizontal bars), `"column"` (vertical bars),
#'   `"line"` or `"scatter"`.
#' @param title Chart title; by default the table's title.
#' @param alt_text Alternative text describing the chart for screen readers;
#'   by default written from the data by [chart_alt_text()].
#' @param x_title,y_title Axis titles, or `NULL` (a scatter chart's default
#'   to the columns' labels).
#' @param lines For a `"scatter"` chart only: numeric columns drawn as lines
#'   (control limits, a benchmark), or `NULL`.
#' @return A `report_chart`: a list with the arguments.
#' @seealso [chart_alt_text()] for the alt text written by default.
#' @examples
#' needs <- report_table(lewisham_needs,
#'                       chart = report_chart("need", "percentage"))
#' chart_alt_text(needs)
#'
#' # A funnel plot: areas' proportions against their cohort sizes, with
#' # limits around a benchmark of 25% at each cohort size
#' areas <- data.frame(area = c("A", "B", "C", "D"),
#'                     offenders = c(150, 400, 900, 2000),
#'                     reoffended = c(0.31, 0.22, 0.33, 0.24))
#' areas$lower <- 0.25 - 3 * sqrt(0.25 * 0.75 / areas$offenders)
#' areas$upper <- 0.25 + 3 * sqrt(0.25 * 0.75 / areas$offenders)
#' funnel <- report_table(
#'   areas, roles = c(offenders = "count"),
#'   labels = c(lower = "Lower limit", upper = "Upper limit"),
#'   chart = report_chart("offenders", "reoffended", type = "scatter",
#'                        lines = c("lower", "upper")))
#' chart_alt_text(funnel)
#' @export
report_chart <- function(x, y, type = c("bar", "column", "line", "scatter"),
                         title = NULL, alt_text = NULL, x_title = NULL,
                         y_title = NULL, lines = NULL) {
  check_string(x, "x")
  if (!is.character(y) || length(y) == 0L || anyNA(y)) {
    abort("`y` must name at least one column.")
  }
  type <- check_choice(type, c("bar", "column", "line", "scatter"), "type")
  check_string(title, "title", null_ok = TRUE)
  check_string(alt_text, "alt_text", null_ok = TRUE)
  check_string(x_title, "x_title", null_ok = TRUE)
  check_string(y_title, "y_title", null_ok = TRUE)
  if (!is.null(lines)) {
    if (type != "scatter") {
      abort("`lines` is for a \"scatter\" chart, not a \"", type,
            "\" one: give the columns as `y`.")
    }
    if (!is.character(lines) || length(lines) == 0L || anyNA(lines)) {
      abort("`lines` must name at least one column, or be NULL.")
    }
  }
  plotted <- c(y, lines)
  if (anyDuplicated(plotted)) {
    abort("`y` and `lines` must name each column once; ",
          show_values(unique(plotted[duplicated(plotted)])),
          " is named twice.")
  }
  if (length(plotted) > 255L) {
    abort("A chart holds at most 255 series, not ", length(plotted), ".")
  }
  structure(list(x = x, y = y, type = type, title = title,
                 alt_text = alt_text, x_title = x_title, y_title = y_title,
                 lines = lines),
            class = "report_chart")
}

check_chart <- function(chart, x) {
  if (!inherits(chart, "report_chart")) {
    abort("`chart` must be made by report_chart(), not ", type_name(chart),
          ".")
  }
  plotted <- c(chart$y, chart$lines)
  missing <- setdiff(c(chart$x, plotted), names(x))
  if (length(missing) > 0L) {
    abort("`chart` names columns not in the table: ", show_values(missing),
          ".")
  }
  numeric <- vapply(x, function(v) is.numeric(v) && !is.factor(v),
                    logical(1))
  not_numeric <- plotted[!numeric[plotted]]
  if (length(not_numeric) > 0L) {
    abort("`chart` plots columns that are not numeric: ",
          show_values(not_numeric), ".")
  }
  if (chart$type == "scatter" && !numeric[[chart$x]]) {
    abort("A scatter chart's `x` must be a numeric column; `", chart$x,
          "` is ", type_name(x[[chart$x]]), ".")
  }
  chart
}
