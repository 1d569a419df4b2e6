#' Proven reoffending of a cohort of offenders
#'
#' Finds, for each offender of a cohort, the proven reoffences the Ministry
#' of Justice measure counts: offences committed in the follow-up period
#' after the offender's index date and proven (by conviction or caution) in
#' that period or a further waiting period. The matching of offences to
#' offenders and windows is done in C in one pass over the offences, which
#' may come in any order.
#'
#' An offence is a proven reoffence of the offender with the same `id` when
#' it was committed
#' * strictly after the index date (an offence on the index date is the
#'   index offence, not a reoffence), and
#' * on or before the last day of the follow-up period,
#'
#' and proven on or before the last day of the waiting period, which runs on
#' from the end of the follow-up. An offence not (yet) proven, `NA` in
#' `proven_date`, does not count.
#'
#' Periods are calendar arithmetic, as `seq(date, by = "1 year",
#' length.out = 2)[2]` does it: the follow-up of an index date of 15 March
#' 2015 under `"1 year"` ends on 15 March 2016, and six months of waiting end
#' on 15 September 2016. A day that the target month lacks rolls over into
#' the next month, as in `seq()`: 29 February 2016 plus one year is 1 March
#' 2017, and 31 August plus six months is 3 March (2 March in a leap year).
#' The waiting period is added to the end of the follow-up, not to the index
#' date. A number is a number of days.
#'
#' @param cohort A data frame with one row per offender: an identifier and
#'   the index date (release from custody, non-custodial conviction or
#'   caution).
#' @param offences A data frame with one row per offence: the offender's
#'   identifier, the date the offence was committed and the date it was
#'   proven (`NA` if it was not). Offences of people who are not in `cohort`
#'   are ignored.
#' @param id The identifier column, the same in `cohort` and `offences`: one
#'   column, as a tidy selection ([column-selection]): a string (`"id"`),
#'   bare, `all_of()`, `starts_with()`, `where()`, `.data$x` or
#'   `!!rlang::sym()`. Integer, numeric or character (a factor is read as
#'   character), the same kind in both. Each offender appears once in
#'   `cohort`, and never with `NA`.
#' @param index_date The index date column of `cohort` (one column, as a
#'   tidy selection like `id`), a `Date` column with no missing values.
#' @param offence_date,proven_date The `Date` columns (each one column, as
#'   a tidy selection like `id`) of
#'   `offences` holding the date each offence was committed and the date it
#'   was proven. Every offence of a cohort member needs an offence date, and
#'   none can be proven before it was committed.
#' @param follow_up,waiting The follow-up period after the index date, and
#'   the waiting period after the follow-up: a string such as `"1 year"`,
#'   `"6 months"`, `"2 quarters"`, `"26 weeks"` or `"90 days"` (a whole
#'   number, then `day`, `week`, `month`, `quarter` or `year`, singular or
#'   plural), or a non-negative whole number of days.
#' @param serious `NULL`, or the logical column of `offences` that marks
#'   serious offences (one column, as a tidy selection like `id`; no `NA`):
#'   the serious proven reoffences are then counted as well.
#' @return `cohort`, of the same class, with four columns added (or
#'   replaced): `reoffended` (logical: at least one proven reoffence),
#'   `reoffences` (integer: the number of proven reoffences),
#'   `first_reoffence` (`Date`: the date the first of them was committed,
#'   `NA` for offenders who did not reoffend) and `days_to_first` (integer:
#'   days from the index date to the first reoffence, `NA` without one);
#'   with `serious`, also `serious_reoffended` and `serious_reoffences`.
#'   A cohort from [reoffending_cohort()] may hold an offender in several
#'   periods: each row is followed up from its own index date.
#' @seealso [reoffending_rates()] to summarise the result,
#'   [compare_cohorts()] to compare two cohorts.
#' @examples
#' followed <- proven_reoffending(barnet_cohort, barnet_offences)
#' head(followed[, c("id", "cohort_year", "index_date", "reoffended",
#'                   "reoffences", "first_reoffence")])
#' reoffending_rates(followed, by = cohort_year)
#'
#' # The edges of the windows
#' cohort <- data.frame(id = 1, index_date = as.Date("2016-02-29"))
#' offences <- data.frame(
#'   id = 1,
#'   offence_date = as.Date(c("2016-02-29", "2017-03-01", "2017-03-02",
#'                            "2016-06-01")),
#'   proven_date = as.Date(c("2016-03-10", "2017-09-01", "2017-03-10",
#'                           "2017-09-02")))
#' proven_reoffending(cohort, offences)  # only the offence of 2017-03-01
#' @export
proven_reoffending <- function(cohort, offences, id = "id",
                               index_date = "index_date",
                               offence_date = "offence_date",
                               proven_date = "proven_date",
                               follow_up = "1 year", waiting = "6 months",
                               serious = NULL) {
  if (is_remote_table(cohort) || is_remote_table(offences)) {
    return(remote_proven_reoffending(
      cohort, offences, rlang::enquo(id), rlang::enquo(index_date),
      rlang::enquo(offence_date), rlang::enquo(proven_date), follow_up,
      waiting, rlang::enquo(serious)))
  }
  check_data_frame(cohort, "cohort")
  check_data_frame(offences, "offences")
  id_quo <- rlang::enquo(id)
  id <- column_name(id_quo, cohort, "id", "cohort")
  serious <- column_names(rlang::enquo(serious), offences, "serious",
                          data_arg = "offences")
  # An offender in two cohorts of reoffending_cohort() is followed up from
  # each index date (R/events.R).
  if (repeats_offenders(cohort, id)) {
    return(follow_up_each_cohort(cohort, offences, id, index_date,
                                 offence_date, proven_date, follow_up,
                                 waiting, serious))
  }
  if (!identical(column_name(id_quo, offences, "id", "offences"), id)) {
    abort("`id` must name the same column in `cohort` and `offences`.")
  }
  index_date <- column_name(rlang::enquo(index_date), cohort, "index_date",
                            "cohort")
  offence_date <- column_name(rlang::enquo(offence_date), offences,
                              "offence_date", "offences")
  proven_date <- column_name(rlang::enquo(proven_date), offences,
                             "proven_date", "offences")
  follow_up <- check_period(follow_up, "follow_up")
  waiting <- check_period(waiting, "waiting")

  code <- offender_codes(cohort[[id]], offences[[id]])
  index <- date_column(cohort[[index_date]], "index_date", "cohort")
  check_day_range(index, "index_date", index_date)
  committed <- date_column(offences[[offence_date]], "offence_date",
                           "offences")
  proven <- date_column(offences[[proven_date]], "proven_date", "offences")

  ends <- period_ends(index, follow_up, waiting)

  result <- .Call(C_proven_reoffending, code, committed, proven, index,
                  ends$follow_up, ends$waiting)
  report_date_problems(result$problems, code, committed, proven,
                       offence_date, proven_date)

  cohort$reoffended <- result$reoffended
  cohort$reoffences <- result$reoffences
  cohort$first_reoffence <- structure(result$first_reoffence, class = "Date")
  cohort$days_to_first <- result$days_to_first
  if (length(serious) == 1L) {
    flag <- serious_flag(offences[[serious]], serious)
    kept <- which(flag)
    severe <- .Call(C_proven_reoffending, code[kept], committed[kept],
                    proven[kept], index, ends$follow_up, ends$waiting)
    cohort$serious_reoffended <- severe$reoffended
    cohort$serious_reoffences <- severe$reoffences
  }
  cohort
}

# The position in the cohort of each offence's offender (NA for people
# outside it), after checking the ids: the same kind on both sides
# (factors are compared as text), known and unique in the cohort.
offender_codes <- function(cohort_ids, offence_ids) {
  kind <- function(x, data_arg) {
    if (is.factor(x) || is.character(x)) return("character")
    if (is.numeric(x)) return("numeric")
    abort("`id` must name an integer, numeric or character column; in `",
          data_arg, "` it is ", type_name(x), ".")
  }
  cohort_kind <- kind(cohort_ids, "cohort")
  offence_kind <- kind(offence_ids, "offences")
  if (cohort_kind != offence_kind) {
    abort("`id` must be of the same kind in `cohort` and `offences`; it is ",
          cohort_kind, " in `cohort` and ", offence_kind, " in `offences`.")
  }
  if (is.factor(cohort_ids)) cohort_ids <- as.character(cohort_ids)
  if (is.factor(offence_ids)) offence_ids <- as.character(offence_ids)
  if (anyNA(cohort_ids)) {
    abort("`id` must be known for every offender; it is missing in ",
          show_rows(which(is.na(cohort_ids))), " of `cohort`.")
  }
  # The C join counts repeated cohort ids as it builds its index.
  code <- id_join(offence_ids, cohort_ids)
  if (attr(code, "repeats") > 0) {
    abort("`id` must identify each offender of `cohort` once; duplicated: ",
          show_values(cohort_ids[duplicated(cohort_ids)]), ".")
  }
  attr(code, "repeats") <- NULL
  code
}

# A Date column as the C engine reads it: double days since 1970.
date_column <- function(x, arg, data_arg) {
  if (!inherits(x, "Date")) {
    abort("`", arg, "` must name a Date column of `", data_arg, "`, not ",
          type_name(x), "; convert it with as.Date().")
  }
  if (!is.double(x)) x <- structure(as.double(unclass(x)), class = "Date")
  x
}

# Days within this distance of 1970 (about 2.7 million years) fit the C
# engine's day numbers.
max_day <- 1e9

# `day`: dates, or days since 1970. min() and max() first, so that the
# common case allocates nothing.
check_day_range <- function(day, arg, what) {
  if (length(day) == 0L) return(invisible(day))
  low <- unclass(min(day))
  high <- unclass(max(day))
  if (is.finite(low) && is.finite(high) && low >= -max_day &&
      high <= max_day) {
    return(invisible(day))
  }
  if (arg == "index_date") {
    if (anyNA(day)) {
      abort("`index_date` must be known for every offender; column \"",
            what, "\" of `cohort` is missing in ",
            show_rows(which(is.na(day))), ".")
    }
    day <- unclass(day)
    bad <- !is.finite(day) | abs(day) > max_day
    abort("`index_date` must hold possible dates; column \"", what,
          "\" of `cohort` is infinite or out of range in ",
          show_rows(which(bad)), ".")
  }
  abort("`", arg, "` takes ", what, " beyond the range of dates.")
}

# Errors for the offences of cohort members whose dates cannot be used; the
# C engine counts them in its pass, and only then are the rows looked up.
report_date_problems <- function(problems, code, committed, proven,
                                 offence_date, proven_date) {
  if (all(problems == 0)) return(invisible())
  member <- !is.na(code)
  if (problems[1L] > 0) {
    rows <- which(member & !is.finite(unclass(committed)))
    abort("`offence_date` must be known for every offence of a cohort ",
          "member; column \"", offence_date, "\" of `offences` is missing ",
          "or infinite in ", show_rows(rows), ".")
  }
  if (problems[2L] > 0) {
    rows <- which(member & is.infinite(unclass(proven)))
    abort("`proven_date` must be a possible date or NA (not proven); ",
          "column \"", proven_date, "\" of `offences` is infinite in ",
          show_rows(rows), ".")
  }
  rows <- which(member & floor(unclass(proven)) < floor(unclass(committed)))
  abort("An offence cannot be proven before it was committed; `proven_date` ",
        "is before `offence_date` in ",
        show_rows(rows, paste0("committed ", format(committed[rows]),
                              ", proven ", format(proven[rows]))),
        " of `offences`.")
}

# "row 4", "rows 4, 9 and 12", "rows 4 (...), 9 (...), ... and 7 more".
show_rows <- function(rows, detail = NULL, most = 5L) {
  n <- length(rows)
  shown <- as.character(utils::head(rows, most))
  if (!is.null(detail)) {
    shown <- paste0(shown, " (", utils::head(detail, most), ")")
  }
  text <- if (n > most) {
    paste0(paste(shown, collapse = ", "), " and ", n - most, " more")
  } else if (n > 1L) {
    paste0(paste(shown[-n], collapse = ", "), " and ", shown[n])
  } else {
    shown
  }
  paste0(if (n == 1L) "row " else "rows ", text)
}

# A period as list(n, unit): a string "6 months", "1 year", "90 days"...,
# or a number of days.
check_period <- function(x, arg) {
  if (inherits(x, "difftime")) x <- as.numeric(x, units = "days")
  if (is.numeric(x) && !is.factor(x) && length(x) == 1L && !is.na(x)) {
    if (x < 0) abort("`", arg, "` must not be negative; it is ", x, ".")
    if (!is.finite(x) || x != round(x)) {
      abort("`", arg, "` must be a whole number of days, not ", x, ".")
    }
    return(list(n = x, unit = "day"))
  }
  if (is.character(x) && length(x) == 1L && !is.na(x)) {
    pattern <- paste0("^\\s*([+-]?[0-9]+)?\\s*",
                      "(day|week|month|quarter|year)s?\\s*$")
    hit <- regmatches(x, regexec(pattern, x))[[1L]]
    if (length(hit) == 0L) {
      abort("`", arg, "` must be a number of days or a period such as ",
            "\"1 year\", \"6 months\" or \"90 days\"; cannot read \"", x,
            "\".")
    }
    n <- if (nzchar(hit[2L])) as.numeric(hit[2L]) else 1
    if (n < 0) abort("`", arg, "` must not be negative; it is \"", x, "\".")
    return(list(n = n, unit = hit[3L]))
  }
  abort("`", arg, "` must be a number of days or a period such as ",
        "\"1 year\" or \"6 months\", not ", type_name(x), ".")
}

# The last days of follow-up and of waiting for each index date (a Date
# vector), as days since 1970. The calendar arithmetic is done once per day
# of the range the index dates span (a cohort spans few days), and looked
# up by position; index dates spread thinly over a long range are worked
# out once per distinct date instead.
period_ends <- function(index, follow_up, waiting) {
  if (length(index) == 0L) {
    return(list(follow_up = numeric(), waiting = numeric()))
  }
  first <- floor(unclass(min(index)))
  span <- unclass(max(index)) - first + 1
  if (span <= max(1e4, length(index))) {
    days <- seq(first, length.out = span)
    # Positions in the table; a fraction of a day is dropped, as by floor().
    at <- as.integer(unclass(index) - (first - 1))
  } else {
    days <- unique(unclass(index))
    at <- match(unclass(index), days)
  }
  follow_up_end <- add_period(days, follow_up)
  waiting_end <- add_period(follow_up_end, waiting)
  # Checked on the table (a day or a distinct date each), which holds
  # every offender's end.
  check_day_range(follow_up_end, "follow_up", "the end of the follow-up")
  check_day_range(waiting_end, "waiting", "the end of the waiting period")
  list(follow_up = follow_up_end[at], waiting = waiting_end[at])
}

# Days since 1970 plus a period, vectorised, with seq.Date's calendar
# arithmetic: seq(date, by = "1 year", length.out = 2)[2] for each date.
add_period <- function(days, period) {
  if (period$unit %in% c("day", "week")) {
    return(days + period$n * if (period$unit == "week") 7 else 1)
  }
  when <- as.POSIXlt(structure(days, class = "Date"))
  if (period$unit == "year") {
    when$year <- when$year + period$n
  } else {
    when$mon <- when$mon + period$n * if (period$unit == "quarter") 3 else 1
  }
  unclass(as.Date(when))
}

#' Proven reoffending rates of cohorts and groups
#'
#' Sums the result of [proven_reoffending()] (or any data with one row per
#' offender and the columns `reoffended` and `reoffences`) into the measures
#' the Ministry of Justice publishes: the number of offenders, of
#' reoffenders and of reoffences, the proportion of offenders who reoffend
#' with its Wilson score interval, the average number of reoffences per
#' reoffender and the number of reoffences per offender. The sums are done
#' in C in one pass.
#'
#' The Wilson score interval is the interval [stats::prop.test()] gives
#' without continuity correction; unlike the plain normal interval it stays
#' within 0 and 1 and works for small groups.
#'
#' @param x A data frame with one row per offender and the columns
#'   `reoffended` (logical, or 0 and 1) and `reoffences` (whole numbers), with
#'   no missing values, and `reoffended` true exactly where `reoffences` is
#'   above zero.
#' @param by Columns to group by, as a tidy selection ([column-selection]): bare, a string,
#'   `all_of()`, `starts_with()`, `where()`, `.data$x` or `!!rlang::sym()`
#'   (`cohort_year`, `c(cohort_year, sex)`), or `NULL` for one row. The
#'   groups of a grouped data frame (`dplyr::group_by()`) come first, then
#'   `by`. Factors
#'   keep their empty levels (a group with no offenders is a row of zeros);
#'   missing values make a group `Missing`.
#' @param conf_level The confidence level of the interval, between 0 and 1.
#' @param standardise `NULL`, or a reference cohort (a data frame with the
#'   `strata` columns, one row per offender, such as the previous cohort; or
#'   a remote table, whose strata are counted in its database):
#'   the proportion who reoffend and the reoffences per offender of each
#'   group are then also given directly standardised to the reference's
#'   mix of strata (see Details).
#' @param strata The columns whose combinations make the strata of the
#'   standardisation (a tidy selection, in `x` and in `standardise`); by
#'   default `age_band` and `previous_band`, as [reoffending_cohort()]
#'   makes them, where `x` has them.
#' @details
#' **Direct standardisation.** With strata \eqn{s} (combinations of the
#' `strata` columns), \eqn{N_s} offenders of the reference in stratum
#' \eqn{s} out of \eqn{N}, and a group's offenders \eqn{n_s}, reoffenders
#' \eqn{r_s} and reoffences \eqn{f_s} in it, the standardised proportion
#' is \deqn{p^{std} = \sum_s \frac{N_s}{N} \frac{r_s}{n_s}}{p_std =
#' sum_s (N_s / N) (r_s / n_s)} and the standardised reoffences per offender
#' \eqn{\sum_s (N_s / N) (f_s / n_s)}{sum_s (N_s / N) (f_s / n_s)}: the
#' group's rate in each stratum, weighted by the reference's mix. It is the
#' rate the group would have with the reference's mix of ages and criminal
#' histories, so a change between cohorts can be read with and without the
#' change in mix. Strata the reference does not have get no weight. When a
#' group has no offenders in a stratum the reference has, that stratum is
#' left out and the other weights are scaled up to sum to 1; the column
#' `standardised_coverage` gives the share of the reference the strata kept
#' hold (1 when none was left out), `NA` rates when it is 0.
#'
#' With `serious_reoffended` and `serious_reoffences` in `x` (from
#' [proven_reoffending()] with `serious`), the table also counts
#' `serious_reoffenders` and `serious_reoffences` and gives
#' `serious_proportion`.
#' @return A [report_table()] with one row per group (every combination of
#'   the levels of the `by` columns, the first column outermost): the `by`
#'   columns as text, then `offenders`, `reoffenders`, `reoffences` (counts),
#'   `proportion` (reoffenders per offender, between 0 and 1),
#'   `proportion_lower` and `proportion_upper` (its Wilson score interval),
#'   `per_reoffender` (reoffences per reoffender) and `frequency`
#'   (reoffences per offender). Measures are `NA` where their denominator is
#'   zero.
#' @seealso [proven_reoffending()], [compare_cohorts()]
#' @examples
#' followed <- proven_reoffending(barnet_cohort, barnet_offences)
#' reoffending_rates(followed, by = cohort_year)
#' reoffending_rates(followed, by = c(cohort_year, starts_with("se")))
#' @export
reoffending_rates <- function(x, by = NULL, conf_level = 0.95,
                              standardise = NULL, strata = NULL) {
  if (is_remote_table(x)) {
    return(remote_reoffending_rates(x, rlang::enquo(by), conf_level,
                                    standardise, rlang::enquo(strata)))
  }
  check_data_frame(x, "x")
  by <- grouped_by(x, column_names(rlang::enquo(by), x, "by",
                                   data_arg = "x"), "x")
  strata <- column_names(rlang::enquo(strata), x, "strata", data_arg = "x")
  needed <- c("reoffended", "reoffences")
  absent <- setdiff(needed, names(x))
  if (length(absent) > 0L) {
    abort("`x` must have the columns `reoffended` and `reoffences` (as ",
          "proven_reoffending() adds them); it has no ",
          show_values(absent), ".")
  }
  if (any(by %in% needed)) {
    abort("`by` must not name `reoffended` or `reoffences`.")
  }
  check_conf_level(conf_level)
  reoffended <- as_reoffended(x$reoffended)
  reoffences <- as_reoffences(x$reoffences)
  mismatch <- reoffended != (reoffences > 0L)
  if (any(mismatch)) {
    abort("`reoffended` must be TRUE exactly where `reoffences` is above ",
          "0; it is not in ", show_rows(which(mismatch)), " of `x`.")
  }

  groups <- group_codes(x, by)
  sums <- .Call(C_sum_reoffending, groups$codes, groups$n, reoffended,
                reoffences)
  # The last slot holds NA group codes, which group_codes() never makes.
  slots <- if (is.null(by)) 1L else seq_len(groups$n)
  # Serious reoffences and direct standardisation (R/events.R).
  codes <- if (is.null(by)) rep(1L, nrow(x)) else groups$codes
  extra <- local_extra_measures(x, codes, sums[slots, 1L], standardise,
                                strata)
  rates_table(groups$grid, by, sums[slots, 1L], sums[slots, 2L],
              sums[slots, 3L], conf_level, extra)
}

# The rates table from the counts of each group (in the order of `grid`,
# the groups' labels): the one path from sums to the published layout,
# whether the sums came from C or a database.
rates_table <- function(grid, by, offenders, reoffenders, count,
                        conf_level, extra = NULL) {
  if (is.null(extra)) {
    extra <- list(measures = list(), roles = character(),
                  labels = character(), units = character(), from = list(),
                  notes = character())
  }
  out <- grid
  roles <- stats::setNames(rep("label", length(by)), by)
  fit <- function(v) {
    if (max(0, v) <= .Machine$integer.max) as.integer(v) else v
  }
  interval <- wilson_interval(reoffenders, offenders, conf_level)
  measures <- list(
    offenders = fit(offenders), reoffenders = fit(reoffenders),
    reoffences = fit(count),
    proportion = ratio(reoffenders, offenders),
    proportion_lower = interval$lower, proportion_upper = interval$upper,
    per_reoffender = ratio(count, reoffenders),
    frequency = ratio(count, offenders)
  )
  out[names(measures)] <- measures
  roles[names(measures)] <- c("count", "count", "count", "proportion",
                              "proportion", "proportion", "rate", "rate")
  out[names(extra$measures)] <- extra$measures
  roles[names(extra$measures)] <- extra$roles
  title <- "Proven reoffending"
  if (!is.null(by)) {
    title <- paste0(title, ", by ", paste(by, collapse = " and "))
  }
  out <- as_table_frame(out, length(offenders))
  # Each measure is computed from two counts; a measure of an empty group
  # is not applicable.
  from <- list(proportion = c("reoffenders", "offenders"),
               proportion_lower = c("reoffenders", "offenders"),
               proportion_upper = c("reoffenders", "offenders"),
               per_reoffender = c("reoffences", "reoffenders"),
               frequency = c("reoffences", "offenders"))
  # Every reoffender has at least one reoffence.
  derived <- lapply(names(from), function(m) {
    derived_link(m, from[[m]][1L], from[[m]][2L], "row",
                 at_least_one = m == "per_reoffender")
  })
  from <- c(from, extra$from)
  derived <- c(derived, lapply(names(extra$from), function(m) {
    derived_link(m, extra$from[[m]][1L], extra$from[[m]][2L], "row")
  }))
  na <- lapply(from, function(f) out[[f[2L]]] == 0)
  meta <- describe_table(
    out, roles, keys = by,
    units = c(offenders = "people", reoffenders = "people",
              reoffences = "events", extra$units),
    labels = c(offenders = "Offenders", reoffenders = "Reoffenders",
               reoffences = "Reoffences",
               proportion = "Proportion who reoffend",
               proportion_lower = "Lower limit", proportion_upper = "Upper limit",
               per_reoffender = "Reoffences per reoffender",
               frequency = "Reoffences per offender", extra$labels),
    derived = derived, na = na, title = title,
    notes = c(paste0("Proportion who reoffend: reoffenders per offender; ",
                     "lower and upper limit: its ",
                     format(100 * conf_level), "% Wilson score interval."),
              paste0("Reoffences per reoffender and per offender: the ",
                     "average number of proven reoffences."), extra$notes))
  new_report_table(out, meta)
}

ratio <- function(numerator, denominator) {
  out <- numerator / denominator
  out[denominator == 0] <- NA_real_
  out
}

check_conf_level <- function(conf_level) {
  if (!is.numeric(conf_level) || length(conf_level) != 1L ||
      is.na(conf_level) || conf_level <= 0 || conf_level >= 1) {
    abort("`conf_level` must be a single number between 0 and 1, such as ",
          "0.95.")
  }
  invisible(conf_level)
}

as_reoffended <- function(x) {
  if (is.numeric(x) && !is.factor(x) && all(x %in% c(0, 1, NA))) {
    x <- as.logical(x)
  }
  if (!is.logical(x)) {
    abort("`reoffended` must be logical (or 0 and 1), not ", type_name(x),
          ".")
  }
  if (anyNA(x)) {
    abort("`reoffended` must not be missing; it is NA in ",
          show_rows(which(is.na(x))), " of `x`.")
  }
  x
}

as_reoffences <- function(x) {
  if (!is.numeric(x) || is.factor(x)) {
    abort("`reoffences` must be numeric, not ", type_name(x), ".")
  }
  if (anyNA(x)) {
    abort("`reoffences` must not be missing; it is NA in ",
          show_rows(which(is.na(x))), " of `x`.")
  }
  bad <- x < 0 | x != round(x) | x > .Machine$integer.max
  if (any(bad)) {
    abort("`reoffences` must hold whole numbers from 0 up; found ",
          show_values(x[bad]), ".")
  }
  if (is.integer(x)) x else as.integer(x)
}

# Codes of the groups of `by` (every combination of levels, the first column
# outermost; NA as a level "Missing") and the grid of their labels.
group_codes <- function(x, by) {
  if (is.null(by)) {
    return(list(codes = NULL, n = 0L,
                grid = data.frame(row.names = 1L)))
  }
  keys <- lapply(by, function(name) {
    key <- as_key(x[[name]], name, check = TRUE)
    codes <- as.integer(unclass_codes(key$codes))
    levels <- key$levels
    if (anyNA(codes)) {
      levels <- make.unique(c(levels, "Missing"))
      codes[is.na(codes)] <- length(levels)
    }
    list(codes = codes, levels = levels)
  })
  sizes <- vapply(keys, function(key) length(key$levels), integer(1))
  n <- prod(sizes)
  if (n > 1e7) {
    abort("`by` makes ", format(n, big.mark = ",", scientific = FALSE),
          " groups; the columns ",
          "it names have too many levels between them.")
  }
  # The stride of a column: the number of groups of the columns after it.
  after <- rev(cumprod(c(1, rev(sizes)[-length(sizes)])))
  codes <- rep(1L, nrow(x))
  for (k in seq_along(keys)) {
    codes <- codes + (keys[[k]]$codes - 1L) * as.integer(after[k])
  }
  grid <- lapply(seq_along(keys), function(k) {
    rep(rep(keys[[k]]$levels, each = after[k]),
        times = n / (sizes[k] * after[k]))
  })
  names(grid) <- by
  grid <- as.data.frame(grid, stringsAsFactors = FALSE, optional = TRUE)
  list(codes = codes, n = as.integer(n), grid = grid)
}

# Wilson score interval for `successes` out of `trials` (NA where there are
# no trials); the interval of prop.test(correct = FALSE).
wilson_interval <- function(successes, trials, conf_level = 0.95) {
  z <- stats::qnorm(1 - (1 - conf_level) / 2)
  p <- successes / trials
  shrink <- 1 + z^2 / trials
  centre <- (p + z^2 / (2 * trials)) / shrink
  half <- z * sqrt(p * (1 - p) / trials + z^2 / (4 * trials^2)) / shrink
  lower <- pmax(0, centre - half)
  upper <- pmin(1, centre + half)
  lower[p == 0] <- 0
  upper[p == 1] <- 1
  none <- trials == 0
  lower[none] <- NA_real_
  upper[none] <- NA_real_
  list(lower = lower, upper = upper)
}

#' Compare two cohorts, and a benchmark, the way reports publish it
#'
#' Sets the proven reoffending measures of a cohort beside those of a
#' previous cohort and, optionally, a benchmark such as the London average,
#' in the layout of the Barnet report (Community Leadership Committee, 22
#' November 2017): one row per measure, one column per cohort, the change,
#' and the benchmark. It also says whether the change in the proportion who
#' reoffend is statistically significant, and whether the cohort is better,
#' similar or worse than the benchmark.
#'
#' The change is the current cohort minus the previous one; for the
#' proportion it is in percentage points (stored in points, so `-1.9`
#' prints as `-1.9 pp`). Its significance comes from
#' the two-proportion z test (the test of [stats::prop.test()] without
#' continuity correction), significant when the p-value is below
#' `1 - conf_level`.
#'
#' The cohort is *similar* to the benchmark when the benchmark's proportion
#' lies within the Wilson score interval of the cohort's proportion;
#' otherwise it is *better* or *worse* according to `polarity`. The interval
#' says how far chance alone could move a cohort of that size, so a small
#' borough is not called worse than London for a difference that chance
#' explains.
#'
#' The proportion row prints (and is written) as a percentage and the others
#' as counts or rates: the table's rows are measures (see [report_table()]).
#'
#' @param current,previous The two cohorts: each a one-row table from
#'   [reoffending_rates()] (pick the row of a grouped table), or the
#'   published counts as a named numeric vector or list with `offenders`,
#'   `reoffenders` and `reoffences`.
#' @param benchmark `NULL`, a proportion between 0 and 1 (the London average
#'   of 23.53% is `0.2353`), or a benchmark row: a one-row rates table, named
#'   counts as for `current`, or a named vector or list with `proportion`
#'   and, optionally, `per_reoffender`.
#' @param labels Column labels for the current cohort, the previous one and
#'   the benchmark (when given). By default the labels of the rates rows
#'   (their `by` values), or `"Current"`, `"Previous"` and `"Benchmark"`.
#' @param polarity Which way is better for the proportion who reoffend:
#'   `"lower"` (the default) or `"higher"`.
#' @param conf_level The confidence level of the interval and of the test.
#' @return A [report_table()] with five rows (`Number of offenders in
#'   cohort`, `Number of reoffenders`, `Number of reoffences`, `Proportion of
#'   offenders who reoffend`, `Average number of reoffences per reoffender`)
#'   and the columns `measure`, one per cohort (named by `labels`),
#'   `Change`, `Significant change` (`"yes"` or `"no"` on the proportion row,
#'   `NA` on the others) and, with a benchmark, one for the benchmark (`NA`
#'   where it has no value) and `Against benchmark` (`"better"`,
#'   `"similar"` or `"worse"` on the proportion row; not applicable, `[z]`,
#'   on the others). The rows' measures are `count`, `count`, `count`,
#'   `proportion`, `rate`. The notes give the test
#'   statistic, the p-value and the interval.
#' @seealso [reoffending_rates()], [barnet_reoffending] for the published
#'   table.
#' @examples
#' followed <- proven_reoffending(barnet_cohort, barnet_offences)
#' rates <- reoffending_rates(followed, by = cohort_year)
#' compare_cohorts(rates[rates$cohort_year == "2015", ],
#'                 rates[rates$cohort_year == "2014", ],
#'                 benchmark = c(proportion = 0.2353, per_reoffender = 3),
#'                 labels = c("Barnet (2015 cohort)", "Barnet (2014 cohort)",
#'                            "London average (2015 cohort)"))
#'
#' # From published counts
#' compare_cohorts(c(offenders = 4262, reoffenders = 862, reoffences = 2570),
#'                 c(offenders = 4588, reoffenders = 1016, reoffences = 2970))
#' @export
compare_cohorts <- function(current, previous, benchmark = NULL,
                            labels = NULL, polarity = "lower",
                            conf_level = 0.95) {
  now <- cohort_measures(current, "current")
  before <- cohort_measures(previous, "previous")
  bench <- benchmark_measures(benchmark)
  polarity <- check_choice(polarity, c("lower", "higher"), "polarity")
  check_conf_level(conf_level)
  labels <- comparison_labels(labels, now, before, bench)

  values <- function(m) {
    c(m$offenders, m$reoffenders, m$reoffences, m$proportion,
      m$per_reoffender)
  }
  test <- two_proportion_test(now, before)
  significant <- test$p_value < 1 - conf_level
  out <- data.frame(measure = c("Number of offenders in cohort",
                                "Number of reoffenders",
                                "Number of reoffences",
                                "Proportion of offenders who reoffend",
                                "Average number of reoffences per reoffender"),
                    stringsAsFactors = FALSE)
  out[[labels[1L]]] <- values(now)
  out[[labels[2L]]] <- values(before)
  out$Change <- values(now) - values(before)
  out$`Significant change` <- c(NA, NA, NA, if (significant) "yes" else "no",
                                NA)
  roles <- c("label", "rate", "rate", "change", "marker")
  level <- format(100 * conf_level)
  notes <- c(
    paste0("Change: ", labels[1L], " minus ", labels[2L],
           "; for the proportion, in percentage points (pp)."),
    sprintf(paste0("Significant change: two-proportion z test of the ",
                   "proportions who reoffend, z = %.2f, p = %.3f; ",
                   "significant when p < %s."),
            test$z, test$p_value, format(1 - conf_level))
  )
  if (!is.null(bench)) {
    interval <- wilson_interval(now$reoffenders, now$offenders, conf_level)
    verdict <- if (bench$proportion < interval$lower) {
      if (polarity == "lower") "worse" else "better"
    } else if (bench$proportion > interval$upper) {
      if (polarity == "lower") "better" else "worse"
    } else {
      "similar"
    }
    out[[labels[3L]]] <- values(bench)
    out$`Against benchmark` <- c(NA, NA, NA, verdict, NA)
    roles <- c(roles, "rate", "marker")
    notes <- c(notes, sprintf(
      paste0("Against benchmark: %s's proportion who reoffend, %.1f%% ",
             "(%s%% Wilson score interval %.1f%% to %.1f%%), against %.1f%% ",
             "for %s; %s is better."),
      labels[1L], 100 * now$proportion, level, 100 * interval$lower,
      100 * interval$upper, 100 * bench$proportion, labels[3L], polarity))
  }
  title <- paste0("Proven reoffending: ", labels[1L], " against ",
                  labels[2L])
  if (!is.null(bench)) title <- paste0(title, " and ", labels[3L])
  # The change in the proportion is in percentage points.
  out$Change[4L] <- 100 * out$Change[4L]
  out <- as_table_frame(out, 5L)
  verdicts <- intersect(c("Significant change", "Against benchmark"),
                        names(out))
  na <- lapply(stats::setNames(verdicts, verdicts),
               function(v) c(TRUE, TRUE, TRUE, FALSE, TRUE))
  meta <- describe_table(out, stats::setNames(roles, names(out)),
                         keys = "measure", na = na,
                         measures = c("count", "count", "count",
                                      "proportion", "rate"),
                         title = title, notes = notes)
  new_report_table(out, meta)
}

count_names <- c("offenders", "reoffenders", "reoffences")

# The counts and measures of one cohort, from a one-row table or named
# counts; `label` is the row's text (its by values), if any.
cohort_measures <- function(x, arg) {
  counts <- named_values(x, arg)
  absent <- setdiff(count_names, names(counts))
  if (length(absent) > 0L) {
    abort("`", arg, "` must give the counts ",
          paste0("`", count_names, "`", collapse = ", "), "; it has no ",
          show_values(absent), ".")
  }
  check_cohort_counts(counts[count_names], arg)
  list(offenders = counts$offenders, reoffenders = counts$reoffenders,
       reoffences = counts$reoffences,
       proportion = counts$reoffenders / counts$offenders,
       per_reoffender = ratio(counts$reoffences, counts$reoffenders),
       label = attr(counts, "label"))
}

# The values of a one-row data frame, a named vector or a list, as a list;
# the text columns of a data frame, pasted, as the attribute `label`.
named_values <- function(x, arg) {
  if (is.data.frame(x)) {
    if (nrow(x) != 1L) {
      abort("`", arg, "` must be one row (one cohort), not ", nrow(x),
            " rows; pick one, as in rates[rates$cohort_year == \"2015\", ].")
    }
    text <- vapply(x, function(v) is.character(v) || is.factor(v),
                   logical(1))
    label <- if (any(text)) {
      paste(vapply(x[text], function(v) as.character(v), character(1)),
            collapse = " ")
    }
    values <- lapply(as.list(x), function(v) v)
    attr(values, "label") <- label
    return(values)
  }
  if ((is.numeric(x) || is.list(x)) && !is.null(names(x)) &&
      !anyNA(names(x))) {
    return(as.list(x))
  }
  abort("`", arg, "` must be a one-row rates table or named counts such as ",
        "c(offenders = 4262, reoffenders = 862, reoffences = 2570), not ",
        type_name(x), ".")
}

check_cohort_counts <- function(counts, arg) {
  for (name in names(counts)) {
    v <- counts[[name]]
    if (!is.numeric(v) || length(v) != 1L || is.na(v) || v < 0 ||
        v != round(v) || !is.finite(v)) {
      abort("`", arg, "` must give `", name, "` as a single whole number ",
            "from 0 up.")
    }
  }
  if (counts$offenders == 0) {
    abort("`", arg, "` must have at least one offender.")
  }
  if (counts$reoffenders > counts$offenders) {
    abort("`", arg, "` has more reoffenders (", counts$reoffenders,
          ") than offenders (", counts$offenders, ").")
  }
  if (counts$reoffences < counts$reoffenders ||
      (counts$reoffenders == 0 && counts$reoffences > 0)) {
    abort("`", arg, "` must have at least one reoffence per reoffender ",
          "and none without reoffenders; it has ", counts$reoffences,
          " for ", counts$reoffenders, ".")
  }
  invisible(counts)
}

benchmark_measures <- function(x) {
  if (is.null(x)) return(NULL)
  if (is.numeric(x) && !is.factor(x) && length(x) == 1L &&
      is.null(names(x))) {
    x <- list(proportion = x)
  }
  values <- named_values(x, "benchmark")
  if (all(count_names %in% names(values))) {
    return(cohort_measures(x, "benchmark"))
  }
  p <- values$proportion
  if (!is.numeric(p) || length(p) != 1L || is.na(p) || p < 0 || p > 1) {
    abort("`benchmark` must give a proportion between 0 and 1 (23.53% is ",
          "0.2353), or the counts `offenders`, `reoffenders` and ",
          "`reoffences`.")
  }
  per <- values$per_reoffender
  if (is.null(per)) per <- NA_real_
  if (!is.numeric(per) || length(per) != 1L || (!is.na(per) && per < 1)) {
    abort("`benchmark` must give `per_reoffender` as a single number of at ",
          "least 1, or leave it out.")
  }
  list(offenders = NA_real_, reoffenders = NA_real_, reoffences = NA_real_,
       proportion = p, per_reoffender = per, label = attr(values, "label"))
}

comparison_labels <- function(labels, now, before, bench) {
  wanted <- if (is.null(bench)) 2L else 3L
  taken <- c("measure", "Change", "Significant change", "Against benchmark")
  usable <- function(labels) {
    !anyDuplicated(labels) && !any(labels %in% taken)
  }
  if (is.null(labels)) {
    defaults <- c("Current", "Previous", "Benchmark")[seq_len(wanted)]
    labels <- c(if (is.null(now$label)) "Current" else now$label,
                if (is.null(before$label)) "Previous" else before$label,
                if (is.null(bench$label)) "Benchmark" else bench$label)
    labels <- labels[seq_len(wanted)]
    clash <- duplicated(labels) | labels %in% taken
    labels[clash] <- defaults[clash]
    if (!usable(labels)) labels <- defaults
    return(labels)
  }
  if (!is.character(labels) || length(labels) != wanted || anyNA(labels) ||
      any(!nzchar(labels))) {
    abort("`labels` must be ", wanted, " non-empty strings: the current ",
          "cohort, the previous one", if (wanted == 3L) " and the benchmark",
          ".")
  }
  if (!usable(labels)) {
    abort("`labels` must be different from each other and from ",
          paste0("\"", taken, "\"", collapse = ", "), ".")
  }
  labels
}

# Two-proportion z test of the proportions who reoffend (pooled standard
# error), as prop.test(correct = FALSE).
two_proportion_test <- function(a, b) {
  pooled <- (a$reoffenders + b$reoffenders) / (a$offenders + b$offenders)
  se <- sqrt(pooled * (1 - pooled) * (1 / a$offenders + 1 / b$offenders))
  z <- if (se > 0) (a$proportion - b$proportion) / se else 0
  list(z = z, p_value = 2 * stats::pnorm(-abs(z)))
}
