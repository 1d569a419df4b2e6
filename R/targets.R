#' Compare results with targets
#'
#' For each indicator row, sets the result against its target the way
#' borough reports do: met or missed, on track part way through the period,
#' a marker (a tick, cross, up or down arrow), a RAG rating and, given the
#' previous period, the direction of travel. Computed in C in one pass;
#' every argument has length 1 or the number of rows and is recycled without
#' being copied, so that thousands (or millions) of indicator rows take one
#' call.
#'
#' The rules, for each row:
#' * `expected` is the pro-rata target, `target * elapsed`: with a yearly
#'   target, half of it at the end of quarter 2 (`elapsed = 0.5`);
#' * `met`: the full target reached: `actual >= target` when higher is
#'   better. When lower is better a count part way through the period can
#'   still grow, so it can only be on track: `met` is `actual <= target` at
#'   the end of the period (`elapsed = 1`) and `FALSE` before;
#' * `on_track`: the pro-rata target reached (`actual >= expected`, or `<=`
#'   when lower is better);
#' * `marker`: a tick (`"\u2713"`) when met; otherwise, part way through
#'   the period, an up arrow (`"\u2191"`) on track and a down arrow
#'   (`"\u2193"`) behind, and at the end of the period a cross
#'   (`"\u2717"`);
#' * `rag`: `"Green"` on track, `"Amber"` within `tolerance` (a proportion
#'   of `expected`) of it, `"Red"` otherwise;
#' * `direction`: `"up"`, `"down"` or `"same"` against `previous`, and
#'   `improved` whether that is better by polarity (`"same"` is not).
#'
#' Comparisons forgive a relative rounding error of 1e-9, so that 63 against
#' a yearly target of 108 seven months into the year is on track (108 x 7 /
#' 12 is 63.000000000000007 in floating point).
#'
#' These rules reproduce the markers of Table 1 of the Havering report
#' (Crime and Disorder Overview and Scrutiny Committee, 30 November 2017)
#' exactly: see [havering_treatment] and `vignette("havering")`.
#'
#' @param actual The results: numeric.
#' @param target The targets for the whole period: numeric, not negative.
#' @param elapsed The share of the period elapsed, in (0, 1]: 1 at the end
#'   of the period, 0.5 at the end of quarter 2 of a year.
#' @param previous The results of the previous period, or `NULL`.
#' @param polarity `"higher"` (higher is better; the default) or `"lower"`,
#'   for all rows or one per row.
#' @param tolerance How far below the pro-rata target (above it, when lower
#'   is better) is still Amber, as a proportion of it: 0.1 makes 90% of the
#'   expected result Amber. Not negative; 0 (the default) gives no Amber.
#' @return A [report_table()] with one row per indicator: `actual`,
#'   `target`, `expected` (numbers), `pct_of_target` (`actual / expected`, a
#'   proportion; `NA` where `expected` is 0), `met` and `on_track` (logical),
#'   `marker` (text: the tick, cross or arrow, UTF-8), `rag` (text: Red,
#'   Amber or Green) and, when `previous` is given, `previous`,
#'   `direction` (`"up"`, `"down"`, `"same"`) and `improved` (logical).
#'   When `actual` has names they come first, as a column `indicator`. A
#'   missing value in a row gives `NA` in the results that depend on it, in
#'   that row only.
#' @seealso [pct_change()], [relative_target()], [compare_to_benchmark()]
#' @examples
#' # Havering, Table 1: DRR and ATR starts and completions against targets,
#' # for 2016-17 and at the end of quarter 2 of 2017-18
#' with(havering_treatment,
#'      compare_to_target(result, target, elapsed = elapsed))
#'
#' # Lower is better, with a 10% tolerance and last year's figures
#' compare_to_target(c(offences = 40, arrests = 55), target = 100,
#'                   elapsed = 0.5, previous = c(48, 50),
#'                   polarity = c("lower", "higher"), tolerance = 0.1)
#' @export
compare_to_target <- function(actual, target, elapsed = 1, previous = NULL,
                              polarity = c("higher", "lower"),
                              tolerance = 0) {
  actual <- check_number_vector(actual, "actual")
  target <- check_number_vector(target, "target")
  elapsed <- check_number_vector(elapsed, "elapsed")
  if (!is.null(previous)) previous <- check_number_vector(previous, "previous")
  tolerance <- check_number_vector(tolerance, "tolerance")
  args <- list(actual = actual, target = target, elapsed = elapsed,
               previous = previous, polarity = polarity,
               tolerance = tolerance)
  # The default offers the choices; a polarity given, even c("higher",
  # "lower") for two rows, is used row by row.
  if (missing(polarity)) args$polarity <- polarity <- "higher"
  polarity <- check_polarity(polarity)
  n <- check_recycled(args)

  res <- .Call(C_compare_to_target, actual, target, elapsed, previous,
               polarity, tolerance)
  whole <- res$whole
  number <- function(is_whole) if (is_whole) "count" else "rate"
  out <- list()
  roles <- character()
  if (!is.null(names(actual))) {
    out$indicator <- rep_len(names(actual), n)
    roles[["indicator"]] <- "label"
  }
  out$actual <- full_length(unname(actual), n)
  out$target <- full_length(unname(target), n)
  out$expected <- res$expected
  out$pct_of_target <- res$pct_of_target
  out$met <- res$met
  out$on_track <- res$on_track
  out$marker <- res$marker
  out$rag <- res$rag
  roles <- c(roles, actual = number(whole[1L]), target = number(whole[2L]),
             expected = number(whole[3L]), pct_of_target = "proportion",
             met = "label", on_track = "label", marker = "marker",
             rag = "rag")
  labels <- c(actual = "Actual", target = "Target",
              expected = "Expected by now", pct_of_target = "% of target",
              met = "Met", on_track = "On track", marker = "Marker",
              rag = "RAG")
  if (!is.null(previous)) {
    out$previous <- full_length(unname(previous), n)
    out$direction <- res$direction
    out$improved <- res$improved
    roles <- c(roles, previous = number(whole[4L]), direction = "label",
               improved = "label")
    labels <- c(labels, previous = "Previous", direction = "Direction",
                improved = "Improved")
  }
  out <- as_table_frame(out, n)
  meta <- describe_table(
    out, roles, labels = labels, keys = intersect("indicator", names(out)),
    derived = list(derived_link("pct_of_target", "actual", "expected")),
    title = "Results against targets")
  new_report_table(out, meta)
}

#' Change between two periods
#'
#' `pct_change()` is the change from `previous` to `current` as a proportion
#' of `previous` (0.113 for a rise of 11.3%), `pp_change()` the change
#' between two proportions in percentage points (2.6 from 76.9% to 79.5%),
#' and `relative_target()` a target set relative to a baseline (a 20%
#' increase on 79.5% is 95.4%). Computed in C; each argument has length 1 or
#' the length of the other.
#'
#' Division by zero (a change from 0) gives `NA`, never `Inf`; so does a
#' missing value, in that element only.
#'
#' @param current,previous Numeric: the values in the later and the earlier
#'   period. For `pp_change()`, proportions between 0 and 1.
#' @param baseline The baseline: numeric, not negative (79.5, or 0.795 for a
#'   proportion).
#' @param change The change aimed for, as a proportion of the baseline: 0.2
#'   for a 20% increase, -0.2 for a 20% reduction; at least -1.
#' @return A numeric vector the length of the longer argument:
#'   `pct_change()` a proportion (print it as a percentage with the
#'   `percent` role of [report_table()]), `pp_change()` percentage points,
#'   `relative_target()` the target in the units of `baseline`.
#' @seealso [compare_to_target()], [audit_table()] to check published
#'   changes.
#' @examples
#' # Lewisham, serious youth violence, 2015 to 2016
#' pct_change(258, 251)
#' # London Probation Trust compliance against the national average
#' pp_change(0.795, 0.769)
#' # "a 20% increase ... would require us to reach compliance rates of 95.4%"
#' relative_target(79.5, 0.2)
#' pct_change(5, 0)
#' @export
pct_change <- function(current, previous) {
  current <- check_number_vector(current, "current")
  previous <- check_number_vector(previous, "previous")
  check_finite(current, "current")
  check_finite(previous, "previous")
  check_recycled(list(current = current, previous = previous))
  .Call(C_change, current, previous, 1L)
}

#' @rdname pct_change
#' @export
pp_change <- function(current, previous) {
  current <- check_number_vector(current, "current")
  previous <- check_number_vector(previous, "previous")
  check_proportion(current, "current")
  check_proportion(previous, "previous")
  check_recycled(list(current = current, previous = previous))
  .Call(C_change, current, previous, 2L)
}

#' @rdname pct_change
#' @export
relative_target <- function(baseline, change) {
  baseline <- check_number_vector(baseline, "baseline")
  change <- check_number_vector(change, "change")
  check_finite(baseline, "baseline")
  check_finite(change, "change")
  if (any(baseline < 0, na.rm = TRUE)) {
    abort("`baseline` must not be negative; found ",
          show_values(baseline[!is.na(baseline) & baseline < 0]), ".")
  }
  if (any(change < -1, na.rm = TRUE)) {
    abort("`change` must be at least -1 (a fall of 100%); found ",
          show_values(change[!is.na(change) & change < -1]), ".")
  }
  check_recycled(list(baseline = baseline, change = change))
  .Call(C_change, baseline, change, 3L)
}

# A recycled argument at full length (a length-n argument as it is).
full_length <- function(x, n) {
  if (length(x) == n) x else rep_len(x, n)
}
