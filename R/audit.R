#' Check the derived cells of a published table
#'
#' Recomputes the cells of a table that follow from its own counts (totals,
#' percentages of a denominator, percentage changes between two columns) and
#' lists those that do not, at the published rounding. Reports are written
#' by hand; this finds the cell where a total was not updated, a percentage
#' was typed wrong or two columns were swapped.
#'
#' * `totals`: each total row must be the sum of the body rows of its block
#'   (subtotals are neither checked nor summed), and the total column the
#'   sum of the count columns it totals, as the table's record states them
#'   (see [report_table()]). For a plain data frame the record is inferred:
#'   a row labelled exactly `Total` or `All` (any case) is a total, so is one
#'   that equals the sum of the rows above it; rows such as
#'   `Total Offenders` or `Total Sexual` name a count of their own and are
#'   neither checked nor summed; a column named `Total` totals the other
#'   count columns.
#' * `percent`: `count / denominator` must round to the published
#'   percentage.
#' * `change`: `(current - previous) / previous` must round to the published
#'   change.
#'
#' Percentages and changes are held as proportions (0.117 for 11.7%), as
#' everywhere in the package, and compared in percent at `digits` decimal
#' places: a published cell follows when it is within half a unit of the
#' last published place of the recomputed one. Cells that are `NA`, or whose
#' inputs are, are not checked.
#'
#' @param x A data frame (a [report_table()], `data.table` or tibble too).
#' @param totals Check `Total` rows and columns?
#' @param change `NULL`, or the columns of a percentage change:
#'   `c(current = "col", previous = "col", change = "col")`; or a list of
#'   such.
#' @param percent `NULL`, or the columns of a percentage:
#'   `c(count = "col", denominator = "col", percent = "col")`, where the
#'   denominator may instead be a number (`list(count = "offenders",
#'   denominator = 933, percent = "percentage")`); or a list of such.
#' @param digits Decimal places of the published percentages and changes
#'   (in percent: 1 for 11.7%).
#' @return A data frame with one row per cell that does not follow, and
#'   columns `row` (row number), `label` (the row's label), `column`,
#'   `check` (`"total row"`, `"total column"`, `"percent"` or `"change"`),
#'   `published` and `recomputed` (proportions for percentages and changes).
#'   No rows when every cell follows.
#' @seealso [pct_change()], [lewisham_vawg], `vignette("crime-trends")`.
#' @examples
#' # Lewisham, violence against women and girls: two published changes do
#' # not follow from their counts
#' audit_table(lewisham_vawg,
#'             change = c(current = "jan_2017", previous = "jan_2016",
#'                        change = "difference"))
#'
#' # The CRC caseload adds up
#' audit_table(lewisham_caseload)
#'
#' # The needs profile: percentages of the 933 assessed
#' audit_table(lewisham_needs,
#'             percent = list(count = "offenders", denominator = 933,
#'                            percent = "percentage"))
#' @export
audit_table <- function(x, totals = TRUE, change = NULL, percent = NULL,
                        digits = 1) {
  check_data_frame(x, "x")
  check_flag(totals, "totals")
  if (!is.numeric(digits) || length(digits) != 1L || is.na(digits) ||
      digits < 0 || digits != round(digits)) {
    abort("`digits` must be a single whole number, 0 or more.")
  }
  change <- audit_specs(change, c("current", "previous", "change"), x,
                        "change")
  percent <- audit_specs(percent, c("count", "denominator", "percent"), x,
                         "percent")
  meta <- if (is_report_table(x)) table_meta(x) else
    infer_meta(plain_data_frame(x))
  x <- plain_data_frame(x)
  labels <- if (length(meta$keys) == 0L) as.character(seq_len(nrow(x))) else
    row_label(x, meta, seq_len(nrow(x)))

  found <- list()
  if (totals) {
    found <- c(found, list(audit_total_rows(x, meta),
                           audit_total_column(x, meta)))
  }
  for (spec in change) {
    current <- x[[spec$current]]
    previous <- x[[spec$previous]]
    recomputed <- pct_change(current, previous)
    found <- c(found, list(rounding_misses(x[[spec$change]], recomputed,
                                           spec$change, "change", digits)))
  }
  for (spec in percent) {
    denominator <- if (is.character(spec$denominator)) {
      x[[spec$denominator]]
    } else {
      spec$denominator
    }
    recomputed <- share_of(x[[spec$count]], denominator)
    found <- c(found, list(rounding_misses(x[[spec$percent]], recomputed,
                                           spec$percent, "percent", digits)))
  }
  out <- do.call(rbind, c(list(empty_findings()), found))
  out$label <- labels[out$row]
  out <- out[order(out$row, match(out$column, names(x))),
             c("row", "label", "column", "check", "published", "recomputed")]
  rownames(out) <- NULL
  out
}

# Total rows against the body rows of their block (subtotals are neither
# checked nor summed), as the table's record states them.
audit_total_rows <- function(x, meta) {
  rows <- meta$rows
  counts <- meta$columns$name[meta$columns$role == "count"]
  found <- list()
  for (r in which(rows$role == "total" & rows$sums)) {
    block <- which(rows$block == rows$block[r] & rows$role == "body")
    if (length(block) == 0L) next
    for (j in counts) {
      found[[length(found) + 1L]] <- sum_misses(
        x[[j]][r], sum(x[[j]][block]), r, j, "total row")
    }
  }
  do.call(rbind, found)
}

# The total column against the count columns it sums.
audit_total_column <- function(x, meta) {
  if (is.na(meta$total_column) || length(meta$parts) == 0L) return(NULL)
  recomputed <- Reduce(`+`, x[meta$parts])
  sum_misses(x[[meta$total_column]], recomputed, seq_len(nrow(x)),
             meta$total_column, "total column")
}

sum_misses <- function(published, recomputed, rows, column, check) {
  miss <- !is.na(published) & !is.na(recomputed) &
    abs(published - recomputed) > 1e-8 * pmax(1, abs(recomputed))
  findings(rows[miss], column, check, published[miss], recomputed[miss])
}

# Published proportions that are not the recomputed ones at `digits`
# decimal places of a percentage. A cell follows when it is within half a
# unit of the last place (either rounding of a half is accepted).
rounding_misses <- function(published, recomputed, column, check, digits) {
  slack <- 0.5 * 10^-digits + 1e-9
  miss <- !is.na(published) & !is.na(recomputed) &
    abs(100 * published - 100 * recomputed) > slack
  findings(which(miss), column, check, published[miss], recomputed[miss])
}

findings <- function(rows, column, check, published, recomputed) {
  data.frame(row = as.integer(rows), column = rep(column, length(rows)),
             check = rep(check, length(rows)),
             published = as.double(published),
             recomputed = as.double(recomputed), stringsAsFactors = FALSE)
}

empty_findings <- function() {
  findings(integer(), character(), character(), double(), double())
}

# A spec (named vector or list) or a list of specs, each checked against x:
# returns a list of specs, each a list with the given names.
audit_specs <- function(spec, fields, x, arg) {
  if (is.null(spec)) return(list())
  usage <- paste0("`", arg, "` must be ", "c(",
                  paste0(fields, " = \"col\"", collapse = ", "),
                  "), or a list of such")
  specs <- if (is.list(spec) && is.null(names(spec))) spec else list(spec)
  lapply(specs, function(s) {
    if (!(is.character(s) || is.list(s)) || is.null(names(s)) ||
        !setequal(names(s), fields) || length(s) != length(fields)) {
      abort(usage, ".")
    }
    s <- as.list(s)[fields]
    for (field in fields) {
      value <- s[[field]]
      if (field == "denominator" && length(value) == 1L &&
          !(is.character(value) && value %in% names(x))) {
        number <- suppressWarnings(as.numeric(value))
        if (is.na(number) || number <= 0) {
          abort("`", arg, "` denominator must name a column of `x` or be ",
                "a positive number, not ", show_values(value), ".")
        }
        s[[field]] <- number
        next
      }
      if (!is.character(value) || length(value) != 1L || is.na(value)) {
        abort(usage, ".")
      }
      if (!value %in% names(x)) {
        abort("`", arg, "` names column ", show_values(value),
              ", which is not in `x`.")
      }
      if (!is.numeric(x[[value]])) {
        abort("`", arg, "` names column ", show_values(value),
              ", which is not numeric.")
      }
    }
    s
  })
}
