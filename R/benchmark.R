#' Compare a borough with a benchmark
#'
#' Two comparisons that borough reports make with London:
#'
#' * **A proportion against a benchmark proportion** (`n` given): the
#'   borough's proportion `count / n`, its Wilson score interval at
#'   `conf_level`, and `"similar"` when the benchmark lies inside the interval
#'   (ends included), otherwise `"better"` or `"worse"` by `polarity`. With
#'   `polarity = "lower"`, a proportion below the benchmark is better.
#' * **A count against a benchmark count in two periods** (`n` left out;
#'   `count` and `benchmark` each with two columns, the current period then
#'   the previous one): the borough's share of the benchmark in each period
#'   (Lewisham's crimes as a share of the Met's), its change, the change of
#'   each count, and whether the share moved: `"similar"` when the previous
#'   share lies inside the Wilson interval of the current one, otherwise
#'   `"better"` or `"worse"` by `polarity`. For crime, pass
#'   `polarity = "lower"`: a share that rose means the borough did worse than
#'   London.
#'
#' The Wilson score interval is the interval of [stats::prop.test()] without
#' continuity correction; it behaves at proportions near 0 and 1 and for
#' small `n`, where the normal approximation does not. Computed in C; each
#' argument has length 1 or the number of rows.
#'
#' @param count Counts (the numerator of the borough's proportion); or, for
#'   the two-period comparison, a data frame, matrix or list with two
#'   columns: the borough's counts in the current and in the previous period.
#' @param n The denominators of the proportions, numeric, at least `count`;
#'   `NULL` (or left out) for the two-period comparison.
#' @param benchmark The benchmark proportions, between 0 and 1; or, for the
#'   two-period comparison, the benchmark's counts in the current and the
#'   previous period, shaped like `count` (at least `count`: the borough is
#'   part of the benchmark).
#' @param polarity `"higher"` (a higher proportion is better) or `"lower"`,
#'   for all rows or one per row.
#' @param conf_level Confidence level of the interval, a number between 0
#'   and 1.
#' @return A [report_table()] with one row per comparison. For proportions:
#'   `count`, `n`, `proportion`, `lower` and `upper` (the Wilson interval),
#'   `benchmark`, `difference` (`proportion - benchmark` in percentage
#'   points) and `comparison` (`"better"`, `"similar"` or `"worse"`). For
#'   two periods: `count`, `count_previous`, `count_change` (a proportion),
#'   `benchmark`, `benchmark_previous`, `benchmark_change`, `share` and
#'   `share_previous` (the borough's share of the benchmark), `share_change`
#'   (percentage points), `lower` and `upper` (the Wilson interval of
#'   `share`) and `comparison`. Row labels, from the names of `count` (or the
#'   row names of a two-column `count`), come first as a column `indicator`.
#'   `NA` where a value is missing or `n` is 0, in that row only.
#' @seealso [compare_to_target()], [pct_change()], [pp_change()]
#' @examples
#' # Havering IOM: Green RAG on 95 of 95 occasions in 2016-17, against the
#' # share of 2015-16 (76 of 722)
#' compare_to_benchmark(95, 95, benchmark = 76 / 722)
#'
#' # Lewisham against the Met: total crimes in the 12 months to January 2017
#' # and 2016; a share that rose is worse
#' crimes <- lewisham_crime[lewisham_crime$offence == "Total Crimes", ]
#' compare_to_benchmark(crimes[c("lewisham_2017", "lewisham_2016")],
#'                      benchmark = crimes[c("met_2017", "met_2016")],
#'                      polarity = "lower")
#' @export
compare_to_benchmark <- function(count, n = NULL, benchmark,
                                 polarity = "higher", conf_level = 0.95) {
  if (missing(count)) abort("`count` must be given.")
  if (missing(benchmark)) abort("`benchmark` must be given.")
  if (!is.numeric(conf_level) || length(conf_level) != 1L ||
      is.na(conf_level) || conf_level <= 0 || conf_level >= 1) {
    abort("`conf_level` must be a single number between 0 and 1.")
  }
  z <- stats::qnorm(1 - (1 - conf_level) / 2)
  if (is.null(n)) {
    return(compare_periods(count, benchmark, polarity, z))
  }
  count <- check_number_vector(count, "count")
  n <- check_number_vector(n, "n")
  benchmark <- check_number_vector(benchmark, "benchmark")
  rows <- check_recycled(list(count = count, n = n, benchmark = benchmark,
                              polarity = polarity))
  res <- .Call(C_compare_to_benchmark, count, n, benchmark,
               check_polarity(polarity), z)
  out <- list()
  if (!is.null(names(count))) out$indicator <- rep_len(names(count), rows)
  out$count <- full_length(unname(count), rows)
  out$n <- full_length(unname(n), rows)
  out$proportion <- res$proportion
  out$lower <- res$lower
  out$upper <- res$upper
  out$benchmark <- full_length(unname(benchmark), rows)
  out$difference <- .Call(C_change, res$proportion, benchmark, 2L)
  out$comparison <- res$comparison
  roles <- c(indicator = "label", count = "count", n = "count",
             proportion = "proportion", lower = "proportion",
             upper = "proportion", benchmark = "proportion",
             difference = "pp", comparison = "label")
  roles[c("count", "n")] <- whole_role(out[c("count", "n")])
  out <- as_table_frame(out, rows)
  meta <- describe_table(
    out, roles[names(out)], keys = intersect("indicator", names(out)),
    labels = c(count = "Count", n = "Out of", proportion = "Proportion",
               lower = "Lower limit", upper = "Upper limit",
               benchmark = "Benchmark", difference = "Difference",
               comparison = "Comparison"),
    derived = lapply(c("proportion", "lower", "upper", "difference"),
                     function(m) derived_link(m, "count", "n")),
    title = "Proportions against a benchmark",
    notes = sprintf(paste("Wilson score interval at %s%%;",
                          "difference in percentage points (pp)."),
                    format(100 * conf_level)))
  new_report_table(out, meta)
}

# The two-period form: the borough's share of the benchmark, now and before.
compare_periods <- function(count, benchmark, polarity, z) {
  now <- two_periods(count, "count")
  bench <- two_periods(benchmark, "benchmark")
  rows <- check_recycled(list(count = now$current,
                              count_previous = now$previous,
                              benchmark = bench$current,
                              benchmark_previous = bench$previous,
                              polarity = polarity))
  for (k in c("current", "previous")) {
    bad <- !is.na(now[[k]]) & !is.na(bench[[k]]) & now[[k]] > bench[[k]]
    if (any(bad)) {
      abort("`count` must not exceed `benchmark` (the borough is part of ",
            "the benchmark); in the ", k, " period row ",
            which(bad)[1L], " has ", now[[k]][bad][1L], " against ",
            bench[[k]][bad][1L], ".")
    }
    for (what in list(list(now[[k]], "count"), list(bench[[k]], "benchmark"))) {
      if (any(what[[1L]] < 0, na.rm = TRUE)) {
        abort("`", what[[2L]], "` must not be negative.")
      }
    }
  }
  share_previous <- share_of(now$previous, bench$previous)
  res <- .Call(C_compare_to_benchmark, now$current, bench$current,
               share_previous, check_polarity(polarity), z)
  out <- list()
  if (!is.null(now$labels)) out$indicator <- rep_len(now$labels, rows)
  out$count <- full_length(now$current, rows)
  out$count_previous <- full_length(now$previous, rows)
  out$count_change <- .Call(C_change, now$current, now$previous, 1L)
  out$benchmark <- full_length(bench$current, rows)
  out$benchmark_previous <- full_length(bench$previous, rows)
  out$benchmark_change <- .Call(C_change, bench$current, bench$previous, 1L)
  out$share <- res$proportion
  out$share_previous <- full_length(share_previous, rows)
  out$share_change <- .Call(C_change, res$proportion, share_previous, 2L)
  out$lower <- res$lower
  out$upper <- res$upper
  out$comparison <- res$comparison
  roles <- c(indicator = "label", count = "count", count_previous = "count",
             count_change = "pct_change", benchmark = "count",
             benchmark_previous = "count", benchmark_change = "pct_change",
             share = "proportion", share_previous = "proportion",
             share_change = "pp", lower = "proportion", upper = "proportion",
             comparison = "label")
  counts <- c("count", "count_previous", "benchmark", "benchmark_previous")
  roles[counts] <- whole_role(out[counts])
  out <- as_table_frame(out, rows)
  from <- list(count_change = c("count", "count_previous"),
               benchmark_change = c("benchmark", "benchmark_previous"),
               share = c("count", "benchmark"),
               share_previous = c("count_previous", "benchmark_previous"),
               share_change = c("count", "benchmark"),
               lower = c("count", "benchmark"),
               upper = c("count", "benchmark"))
  derived <- lapply(names(from), function(m) {
    derived_link(m, from[[m]][1L], from[[m]][2L])
  })
  derived <- c(derived, list(derived_link("share_change", "count_previous",
                                          "benchmark_previous"),
                             derived_link("count_change", "count_previous")))
  meta <- describe_table(
    out, roles[names(out)], keys = intersect("indicator", names(out)),
    labels = c(count = "Count", count_previous = "Count (previous period)",
               count_change = "Change in count",
               benchmark = "Benchmark",
               benchmark_previous = "Benchmark (previous period)",
               benchmark_change = "Change in benchmark",
               share = "Share of benchmark",
               share_previous = "Share (previous period)",
               share_change = "Change in share",
               lower = "Share lower limit", upper = "Share upper limit",
               comparison = "Comparison"),
    derived = derived, title = "Counts against a benchmark in two periods",
    notes = paste("Share: the count as a proportion of the benchmark;",
                  "change in share in percentage points (pp);",
                  "comparison of the share with the previous",
                  "period's by its Wilson score interval."))
  new_report_table(out, meta)
}

# A two-column argument as list(current, previous, labels).
two_periods <- function(x, arg) {
  labels <- NULL
  if (is.matrix(x)) {
    if (!is.null(rownames(x))) labels <- rownames(x)
    x <- lapply(seq_len(ncol(x)), function(k) x[, k])
  } else if (is.data.frame(x)) {
    row_names <- attr(x, "row.names")
    if (is.character(row_names)) labels <- row_names
    x <- as.list(x)
  }
  if (!is.list(x) || length(x) != 2L) {
    abort("Without `n`, `", arg, "` must have two columns (the current ",
          "period, then the previous one): a data frame, matrix or list.")
  }
  current <- check_number_vector(x[[1L]], arg)
  previous <- check_number_vector(x[[2L]], arg)
  if (is.null(labels)) labels <- names(current)
  if (length(current) != length(previous)) {
    abort("The two columns of `", arg, "` must have the same length.")
  }
  list(current = unname(current), previous = unname(previous),
       labels = labels)
}

share_of <- function(count, total) {
  share <- count / total
  share[!is.finite(share)] <- NA_real_
  share
}

# "count" when every value of every column is a whole number, else "rate".
whole_role <- function(columns) {
  vapply(columns, function(v) {
    finite <- v[is.finite(v)]
    if (is.integer(v) || all(finite == round(finite))) "count" else "rate"
  }, character(1))
}

as_table_frame <- function(columns, rows) {
  structure(columns, class = "data.frame", row.names = c(NA_integer_, -rows))
}
