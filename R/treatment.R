# Treatment requirements (DRR, ATR) from referral records: starts and
# successful completions per period against pro-rata yearly targets, and
# reoffending in a window after completion among those eligible.

#' Treatment requirements: starts and completions against targets
#'
#' Counts, from referral records, the starts and successful completions of
#' each treatment requirement (a Drug Rehabilitation Requirement, an Alcohol
#' Treatment Requirement, ...) per period, and sets them against yearly
#' targets pro rata with [compare_to_target()]: a target for the financial
#' year counts in full for a whole year and in proportion to the days
#' elapsed for part of one (the year to date), so the markers (a tick, a
#' cross, an up or a down arrow) follow from the dates.
#'
#' A start counts in the period of its start date; a successful completion
#' in the period of its completion date, when its outcome is `successful`.
#' The share of the year elapsed for a period is its days up to `as_at`
#' over the days of the financial year it starts in (at most 1).
#'
#' @param referrals Referral records, one row per referral: a data frame
#'   with columns named by `id`, `requirement`, `referral`, `start`,
#'   `completion` and `outcome`. `start`, `completion` and `outcome` are
#'   `NA` until they happen.
#' @param targets Yearly targets: a data frame with columns `requirement`,
#'   `measure` (`"starts"` or `"completions"`), `target` and, optionally,
#'   `period` (the label of the period it applies to; without it a target
#'   applies to every period). `NULL` for counts only.
#' @param as_at The date of the data: no date may be after it.
#' @param period The periods: a `report_periods` object. By default the
#'   financial years from the first record to `as_at`, the last one as the
#'   year to date ("2017-18 to end of Q2") unless `as_at` ends a year.
#' @param id,requirement,referral,start,completion,outcome Columns of
#'   `referrals` (names or strings).
#' @param successful The outcome of a successful completion (compared
#'   without case).
#' @return A [report_table()] with one row per requirement, period and
#'   measure: `requirement`, `period`, `measure` (`"Starts"`,
#'   `"Completions"`), `result` (count) and, with `targets`, `target`,
#'   `elapsed` (share of the year), `expected` (pro-rata target) and
#'   `marker`.
#' @section Errors: A start before its referral, a completion before its
#'   start or without one, an outcome without a completion, or a date after
#'   `as_at` is an error naming the rows.
#' @seealso [post_completion_reoffending()], [compare_to_target()],
#'   [havering_referrals]
#' @examples
#' targets <- data.frame(requirement = c("DRR", "DRR", "ATR", "ATR"),
#'                       measure = c("starts", "completions"),
#'                       target = c(34, 17, 28, 16))
#' treatment_summary(havering_referrals, targets,
#'                   as_at = as.Date("2017-09-30"),
#'                   period = rbind_periods(financial_years(2016, 2016),
#'                                          year_to_date("2017-09-30")))
#' @export
treatment_summary <- function(referrals, targets = NULL, as_at,
                              period = NULL, id = "id",
                              requirement = "requirement",
                              referral = "referral", start = "start",
                              completion = "completion", outcome = "outcome",
                              successful = "successful") {
  check_data_frame(referrals, "referrals")
  as_at <- check_period_date(as_at, "as_at")
  check_string(successful, "successful")
  col <- function(q, arg) column_name(q, referrals, arg, "referrals")
  id_col <- col(rlang::enquo(id), "id")
  req_col <- col(rlang::enquo(requirement), "requirement")
  ref_col <- col(rlang::enquo(referral), "referral")
  start_col <- col(rlang::enquo(start), "start")
  done_col <- col(rlang::enquo(completion), "completion")
  out_col <- col(rlang::enquo(outcome), "outcome")

  id_values(referrals[[id_col]], "id", "referrals")
  req <- referrals[[req_col]]
  if (is.factor(req)) req <- as.character(req)
  if (!is.character(req) || anyNA(req) || !all(nzchar(req))) {
    abort("`requirement` must name a text column of `referrals` with a ",
          "requirement on every row.")
  }
  referred <- record_dates(referrals[[ref_col]], "referral", "referrals",
                           as_at)
  began <- optional_dates(referrals[[start_col]], "start", as_at)
  ended <- optional_dates(referrals[[done_col]], "completion", as_at)
  result <- referrals[[out_col]]
  if (is.factor(result)) result <- as.character(result)
  if (!is.character(result) && !all(is.na(result))) {
    abort("`outcome` must name a text column of `referrals`, not ",
          type_name(result), ".")
  }
  date_order(began, referred, "start", "referral")
  date_order(ended, began, "completion", "start")
  orphan <- which(!is.na(ended) & is.na(began))
  if (length(orphan) > 0L) {
    abort("A completion needs a start; `referrals` has a completion but no ",
          "start in ", show_rows(orphan), ".")
  }
  orphan <- which(!is.na(result) & is.na(ended))
  if (length(orphan) > 0L) {
    abort("An outcome needs a completion date; `referrals` has an outcome ",
          "but no completion in ", show_rows(orphan), ".")
  }
  success <- !is.na(ended) & !is.na(result) &
    tolower(trimws(result)) == tolower(successful)

  if (is.null(period)) {
    period <- default_treatment_periods(min(referred), as_at)
  } else {
    period <- as_report_periods_arg(period, "period")
  }
  check_not_overlapping(period, "period")
  requirements <- unique(req)
  req_code <- match(req, requirements)
  tally <- function(dates, keep) {
    at <- assign_period(structure(dates, class = "Date"), period)
    ok <- keep & !is.na(at)
    tabulate((req_code[ok] - 1L) * nrow(period) + at[ok],
             length(requirements) * nrow(period))
  }
  starts <- tally(began, !is.na(began))
  completions <- tally(ended, success)
  np <- nrow(period)
  grid <- expand.grid(period = seq_len(np),
                      requirement = seq_along(requirements))
  out <- data.frame(
    requirement = rep(requirements[grid$requirement], each = 2L),
    period = rep(period$label[grid$period], each = 2L),
    measure = rep(c("Starts", "Completions"), nrow(grid)),
    result = as.vector(rbind(starts, completions)),
    stringsAsFactors = FALSE)
  roles <- c(requirement = "label", period = "period", measure = "label",
             result = "count")
  labels <- c(requirement = "Requirement", period = "Period",
              measure = "Measure", result = "Result")
  notes <- paste0("Starts by start date; completions by completion date, ",
                  "successful only (outcome \"", successful, "\"); data as ",
                  "at ", format(as_at), ".")
  if (!is.null(targets)) {
    target <- match_targets(targets, out, period$label)
    elapsed <- rep(year_share(period, as_at)[grid$period], each = 2L)
    compared <- compare_to_target(out$result, target, elapsed = elapsed)
    out$target <- target
    out$elapsed <- elapsed
    out$expected <- compared$expected
    out$marker <- compared$marker
    roles <- c(roles, target = "count", elapsed = "proportion",
               expected = "rate", marker = "marker")
    labels <- c(labels, target = "Target for the year",
                elapsed = "Share of the year", expected = "Expected by now",
                marker = "Marker")
    notes <- c(notes, paste(
      "Targets are for the financial year, pro rata to the share of the",
      "year elapsed (days); markers as compare_to_target(): a tick met, a",
      "cross missed at the year end, an up arrow on track and a down arrow",
      "behind part way through."))
  }
  report_table(out, title = "Treatment requirements: starts and completions",
               notes = notes, roles = roles, labels = labels,
               units = c(result = "people"), totals = FALSE)
}

#' Reoffending after completing a treatment requirement
#'
#' Of the people who completed a requirement, the share who did not
#' reoffend within a window after completion (six months by default), with
#' its Wilson score interval. Only the **eligible** count: those whose
#' window has fully passed by `as_at`. The others are counted and reported
#' as not yet eligible, never counted as successes.
#'
#' A reoffence is an offence dated after the completion date and no later
#' than the end of the window (calendar arithmetic, as in
#' [proven_reoffending()]: six months after 31 August is 28 February, or 29
#' in a leap year).
#'
#' @param completions One row per completion: a data frame with columns
#'   named by `id`, `completion` and, optionally, `by`.
#' @param offences One row per offence: a data frame with columns named by
#'   `id` and `offence_date`.
#' @param after The window: `"6 months"`, `"1 year"`, `"26 weeks"` or a
#'   number of days.
#' @param as_at The date of the data (of the reoffending check).
#' @param id,completion,offence_date,by Columns (names or strings): the
#'   person, the completion date, the offence date (in `offences`), and
#'   optionally the groups of `completions` (such as the requirement).
#' @param conf_level Confidence level of the interval.
#' @return A [report_table()] with one row per group (or one row):
#'   `completions`, `not_yet_eligible`, `eligible`, `reoffended`,
#'   `not_reoffending` (counts of people), `share` (of the eligible, a
#'   proportion), `lower` and `upper` (its Wilson interval).
#' @seealso [treatment_summary()], [havering_referrals]
#' @examples
#' done <- subset(havering_referrals, outcome == "successful" &
#'                  completion >= as.Date("2016-04-01") &
#'                  completion <= as.Date("2017-03-31"))
#' post_completion_reoffending(done, havering_offences, by = requirement,
#'                             as_at = as.Date("2017-08-31"))
#' @export
post_completion_reoffending <- function(completions, offences,
                                        after = "6 months", as_at,
                                        id = "id", completion = "completion",
                                        offence_date = "date", by = NULL,
                                        conf_level = 0.95) {
  check_data_frame(completions, "completions")
  check_data_frame(offences, "offences")
  as_at <- check_period_date(as_at, "as_at")
  window <- check_period(after, "after")
  check_conf_level(conf_level)
  id_q <- rlang::enquo(id)
  who <- id_values(completions[[column_name(id_q, completions, "id",
                                            "completions")]],
                   "id", "completions")
  done <- record_dates(completions[[column_name(rlang::enquo(completion),
                                                completions, "completion",
                                                "completions")]],
                       "completion", "completions", as_at)
  offender <- id_values(offences[[column_name(id_q, offences, "id",
                                              "offences")]],
                        "id", "offences")
  committed <- record_dates(offences[[column_name(rlang::enquo(offence_date),
                                                  offences, "offence_date",
                                                  "offences")]],
                            "offence_date", "offences", as_at)
  by_cols <- column_names(rlang::enquo(by), completions, "by",
                          data_arg = "completions")
  group <- if (is.null(by_cols)) rep("All", length(who)) else
    do.call(paste, c(lapply(completions[by_cols], as.character), sep = " / "))

  window_end <- add_period(done, window)
  eligible <- window_end <= unclass(as_at)
  # Offences of the people who completed, joined on the person: each
  # completion looks at its own person's offences only.
  pairs <- merge(data.frame(row = seq_along(who), id = who, from = done,
                            to = window_end, stringsAsFactors = FALSE),
                 data.frame(id = offender, day = committed,
                            stringsAsFactors = FALSE), by = "id")
  hit <- pairs$row[pairs$day > pairs$from & pairs$day <= pairs$to]
  reoffended <- seq_along(who) %in% hit

  groups <- unique(group)
  g <- factor(group, levels = groups)
  count <- function(x) as.integer(tapply(x, g, sum, default = 0L))
  n_done <- count(rep(1L, length(who)))
  n_eligible <- count(eligible)
  n_reoffended <- count(eligible & reoffended)
  not_reoffending <- n_eligible - n_reoffended
  interval <- wilson_interval(not_reoffending, n_eligible, conf_level)
  out <- list()
  if (!is.null(by_cols)) out$group <- groups
  out <- c(out, list(completions = n_done,
                     not_yet_eligible = n_done - n_eligible,
                     eligible = n_eligible, reoffended = n_reoffended,
                     not_reoffending = not_reoffending,
                     share = ifelse(n_eligible > 0,
                                    not_reoffending / n_eligible, NA_real_),
                     lower = interval$lower, upper = interval$upper))
  if (!is.null(by_cols)) names(out)[1L] <- paste(by_cols, collapse = "_")
  window_text <- if (is.character(after)) after else paste(after, "days")
  report_table(
    as_table_frame(out, length(groups)),
    title = paste("Not reoffending within", window_text, "of completion"),
    notes = c(paste0("Eligible: completed at least ", window_text,
                     " before ", format(as_at), ", so that the whole window ",
                     "has passed. Those not yet eligible are not in the ",
                     "share."),
              paste0("Reoffended: an offence after the completion date and ",
                     "within ", window_text, " of it. Interval: Wilson score, ",
                     format(100 * conf_level), "%.")),
    roles = c(stats::setNames(rep("label", length(out) - 8L),
                              names(out)[seq_len(length(out) - 8L)]),
              completions = "count", not_yet_eligible = "count",
              eligible = "count", reoffended = "count",
              not_reoffending = "count", share = "proportion",
              lower = "proportion", upper = "proportion"),
    units = c(completions = "people", not_yet_eligible = "people",
              eligible = "people", reoffended = "people",
              not_reoffending = "people"),
    labels = c(completions = "Completions",
               not_yet_eligible = "Not yet eligible", eligible = "Eligible",
               reoffended = "Reoffended", not_reoffending = "Not reoffending",
               share = "Not reoffending, share of eligible",
               lower = "Lower 95% limit", upper = "Upper 95% limit"),
    totals = FALSE)
}

#' Periods placed one after another
#'
#' Combines `report_periods` objects (such as a financial year and the
#' year to date after it) into one, in order of start.
#'
#' @param ... `report_periods` objects.
#' @return A `report_periods` object.
#' @examples
#' rbind_periods(financial_years(2016, 2016), year_to_date("2017-09-30"))
#' @export
rbind_periods <- function(...) {
  parts <- list(...)
  parts <- lapply(seq_along(parts), function(i) {
    as_report_periods_arg(parts[[i]], paste0("..", i))
  })
  all <- do.call(rbind, lapply(parts, as.data.frame))
  as_report_periods_arg(all, "...")
}

# ---- Internal ---------------------------------------------------------------

optional_dates <- function(x, arg, as_at) {
  day <- floor(unclass(as_date_arg(x, arg)))
  late <- which(!is.na(day) & day > unclass(as_at))
  if (length(late) > 0L) {
    abort("`referrals` has dates after the as-at date (", format(as_at),
          ") in column `", arg, "`, ",
          show_rows(late, format(day_date(day[late]))), ".")
  }
  as.double(day)
}

date_order <- function(later, earlier, later_arg, earlier_arg) {
  bad <- which(!is.na(later) & !is.na(earlier) & later < earlier)
  if (length(bad) > 0L) {
    abort("A ", later_arg, " cannot come before its ", earlier_arg, "; ",
          "`referrals` has one in ",
          show_rows(bad, paste(format(day_date(later[bad])), "before",
                               format(day_date(earlier[bad])))), ".")
  }
}

# The financial years from `first` to `as_at`, the last as the year to
# date unless `as_at` ends it.
default_treatment_periods <- function(first, as_at) {
  years <- financial_years(day_date(first), as_at)
  last <- nrow(years)
  if (years$end[last] == as_at) return(years)
  ytd <- year_to_date(as_at)
  if (last == 1L) return(ytd)
  rbind_periods(years[-last, ], ytd)
}

# The share of its financial year each period covers up to `as_at`.
year_share <- function(period, as_at) {
  m <- month_of(period$start)
  first <- m - (m - 3L) %% 12L
  year_days <- as.numeric(month_start(first + 12L) - month_start(first))
  to <- pmin(unclass(period$end), unclass(as_at))
  days <- pmax(0, to - unclass(period$start) + 1)
  pmin(1, days / year_days)
}

match_targets <- function(targets, out, labels) {
  check_data_frame(targets, "targets")
  need <- c("requirement", "measure", "target")
  missing <- setdiff(need, names(targets))
  if (length(missing) > 0L) {
    abort("`targets` must have columns `requirement`, `measure` and ",
          "`target`; it has no ", show_values(missing), ".")
  }
  measure <- tolower(trimws(as.character(targets$measure)))
  if (!all(measure %in% c("starts", "completions"))) {
    abort("`targets$measure` must be \"starts\" or \"completions\", not ",
          show_values(setdiff(measure, c("starts", "completions"))), ".")
  }
  check_numeric(targets$target, "targets$target")
  if (any(!is.na(targets$target) & targets$target < 0)) {
    abort("`targets$target` must not be negative.")
  }
  has_period <- "period" %in% names(targets)
  key <- paste(targets$requirement, measure,
               if (has_period) targets$period else "")
  if (anyDuplicated(key)) {
    abort("`targets` must give one target per requirement and measure",
          if (has_period) " and period", ".")
  }
  want <- paste(out$requirement, tolower(out$measure),
                if (has_period) out$period else "")
  targets$target[match(want, key)]
}
