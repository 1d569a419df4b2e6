# IOM panel tracking from panel records: per reporting period, nominals,
# occasions discussed, Green RAG by occasion and by nominal, consistent
# falls and rises in risk, custody and arrests after joining. Validated and
# sorted once here; counted in one pass in C (src/iom.c).

#' IOM panel tracking from meeting records
#'
#' Computes, per reporting period, what Integrated Offender Management (IOM)
#' reports publish from panel records: the nominals (people) discussed, the
#' occasions discussed (one row per person per panel meeting), occasions per
#' month, the share of **occasions** rated Green, the share of **nominals**
#' whose RAG was reduced to or kept at Green, the nominals whose risk fell or
#' rose consistently across their meetings, the share who did not re-enter
#' custody after first joining, and the number arrested.
#'
#' The rules, for each period:
#' * a nominal is a person with at least one meeting in the period; an
#'   occasion is a meeting row;
#' * occasions per month are the occasions over the months of the period
#'   (12 for a financial year; days / (365.25 / 12) for a period that is
#'   not whole months);
#' * a nominal's RAG was "reduced to or kept at Green" when the last RAG of
#'   the period is Green;
#' * a consistent decrease: at least two meetings in the period, every step
#'   from one meeting to the next down or level and at least one down
#'   (increase likewise), on `risk` when given, otherwise on the RAG (Red
#'   above Amber above Green);
#' * re-entering custody: received into custody in the period, after the
#'   person's first meeting (joining IOM);
#' * arrested: arrested in the period, after the first meeting.
#' The share of Green occasions and the share of nominals ending Green have
#' different denominators and are not like for like; the labels and notes
#' of the table say which is which.
#'
#' Meetings are sorted by person and date once and counted in C in one
#' pass; custody and arrest dates are indexed by person, so that each
#' person's dates are read once per period they were discussed in.
#'
#' @param meetings Panel records, one row per person per panel meeting: a
#'   data frame with columns named by `id`, `date`, `rag` and, optionally,
#'   `risk` and `referral`.
#' @param custody,arrests Optional data frames of receptions into custody
#'   and of arrests, with the same `id` and `date` columns. People who were
#'   never discussed are ignored.
#' @param period The reporting periods: a `report_periods` object such as
#'   [financial_years()] (the default: the financial years the meetings
#'   span). Periods must not overlap.
#' @param id,date,rag,risk,referral Columns of `meetings` (names or strings,
#'   tidyselect): the person, the meeting date (`Date` or `"YYYY-MM-DD"`),
#'   the RAG (Red, Amber or Green, any case), an optional numeric risk score
#'   (higher is riskier) and an optional date the person was referred.
#' @param as_at The date of the data: no date may be after it. Default
#'   today.
#' @return A [report_table()] with one row per period: `period`,
#'   `nominals`, `occasions`, `occasions_per_month`, `green_occasions`,
#'   `green_occasion_share`, `green_nominals`, `green_nominal_share`,
#'   `decreasing`, `decreasing_share`, `increasing`, `increasing_share`,
#'   and with `custody` given `not_in_custody` and `not_in_custody_share`,
#'   with `arrests` given `arrested`. Shares are proportions of the column
#'   their label names; `NA` in a period without meetings.
#' @section Errors: A meeting before the person's referral, a RAG other
#'   than Red, Amber or Green, a missing id or date, or a date after
#'   `as_at` is an error naming the rows. Repeated meeting rows (the same
#'   person on the same date) give a warning of class
#'   `reoffending_warning_duplicates` naming the rows, and count once.
#' @seealso [havering_meetings] for synthetic records that reproduce the
#'   Havering report, `vignette("havering-iom")`.
#' @examples
#' iom_summary(havering_meetings, custody = havering_custody,
#'             arrests = havering_arrests, risk = risk,
#'             as_at = as.Date("2017-11-30"))
#' @export
iom_summary <- function(meetings, custody = NULL, arrests = NULL,
                        period = NULL, id = "id", date = "date", rag = "rag",
                        risk = NULL, referral = NULL, as_at = Sys.Date()) {
  check_data_frame(meetings, "meetings")
  as_at <- check_period_date(as_at, "as_at")
  id_col <- column_name(rlang::enquo(id), meetings, "id", "meetings")
  date_col <- column_name(rlang::enquo(date), meetings, "date", "meetings")
  rag_col <- column_name(rlang::enquo(rag), meetings, "rag", "meetings")
  risk_col <- column_names(rlang::enquo(risk), meetings, "risk",
                           data_arg = "meetings")
  referral_col <- column_names(rlang::enquo(referral), meetings, "referral",
                               data_arg = "meetings")

  who <- id_values(meetings[[id_col]], "id", "meetings")
  day <- record_dates(meetings[[date_col]], "date", "meetings", as_at)
  level <- rag_codes(meetings[[rag_col]])
  score <- NULL
  if (!is.null(risk_col)) {
    score <- meetings[[risk_col[1L]]]
    if (!is.numeric(score) || is.factor(score)) {
      abort("`risk` must name a numeric column of `meetings`, not ",
            type_name(score), ".")
    }
    if (any(!is.finite(score))) {
      abort("`risk` must be known for every meeting; it is missing in ",
            show_rows(which(!is.finite(score))), " of `meetings`.")
    }
    score <- as.double(score)
  }
  if (!is.null(referral_col)) {
    referred <- record_dates(meetings[[referral_col[1L]]], "referral",
                             "meetings", as_at)
    early <- which(day < referred)
    if (length(early) > 0L) {
      abort("A person cannot be discussed before they were referred; the ",
            "meeting is before the referral in ",
            show_rows(early, paste(format(day_date(day[early])), "before",
                                   format(day_date(referred[early])))),
            " of `meetings`.")
    }
  }

  if (is.null(period)) {
    if (length(day) == 0L) abort("`meetings` has no rows; give `period`.")
    period <- financial_years(day_date(min(day)), day_date(max(day)))
  } else {
    period <- as_report_periods_arg(period, "period")
  }
  check_not_overlapping(period, "period")

  people <- unique(who)
  person <- match(who, people)
  sorted <- order(person, day)
  # Sorted, a repeated meeting (a person twice on one date) is next to the
  # one it repeats.
  n <- length(sorted)
  twice <- c(FALSE, person[sorted][-1L] == person[sorted][-n] &
                      day[sorted][-1L] == day[sorted][-n])
  if (any(twice)) {
    warning(warningCondition(
      paste0("`meetings` repeats a person on the same date in ",
             show_rows(sort(sorted[twice])), "; each is counted once."),
      class = c("reoffending_warning_duplicates", "reoffending_warning")))
    sorted <- sorted[!twice]
  }
  person <- person[sorted]
  day <- day[sorted]
  when <- assign_period(structure(day, class = "Date"), period)
  events <- function(x, arg) {
    if (is.null(x)) return(list(offset = NULL, date = NULL))
    event_index(x, arg, id_col, date_col, people, as_at)
  }
  jail <- events(custody, "custody")
  held <- events(arrests, "arrests")
  res <- .Call(C_iom_summary, person, when, day, level[sorted],
               if (is.null(score)) NULL else score[sorted],
               as.double(unclass(period$start)),
               as.double(unclass(period$end)), length(people),
               jail$offset, jail$date, held$offset, held$date)
  iom_table(res, period, custody = !is.null(custody),
            arrests = !is.null(arrests), on_risk = !is.null(score))
}

# ---- Internal ---------------------------------------------------------------

iom_table <- function(res, period, custody, arrests, on_risk) {
  share <- function(count, of) ifelse(of > 0, count / of, NA_real_)
  n <- res$nominals
  out <- list(period = period$label, nominals = n, occasions = res$occasions,
              occasions_per_month = res$occasions / period_months(period),
              green_occasions = res$green_occasions,
              green_occasion_share = share(res$green_occasions,
                                           res$occasions),
              green_nominals = res$green_nominals,
              green_nominal_share = share(res$green_nominals, n),
              decreasing = res$decreasing,
              decreasing_share = share(res$decreasing, n),
              increasing = res$increasing,
              increasing_share = share(res$increasing, n))
  roles <- c(period = "period", nominals = "count", occasions = "count",
             occasions_per_month = "rate", green_occasions = "count",
             green_occasion_share = "proportion", green_nominals = "count",
             green_nominal_share = "proportion", decreasing = "count",
             decreasing_share = "proportion", increasing = "count",
             increasing_share = "proportion")
  units <- c(nominals = "people", occasions = "events",
             green_occasions = "events", green_nominals = "people",
             decreasing = "people", increasing = "people")
  labels <- c(period = "Period", nominals = "Nominals",
              occasions = "Occasions discussed",
              occasions_per_month = "Occasions per month",
              green_occasions = "Green occasions",
              green_occasion_share = "Green, share of occasions",
              green_nominals = "Nominals ending Green",
              green_nominal_share = "Ending Green, share of nominals",
              decreasing = "Consistent decrease in risk",
              decreasing_share = "Decrease, share of nominals",
              increasing = "Consistent increase in risk",
              increasing_share = "Increase, share of nominals")
  notes <- c(
    paste("Green, share of occasions: Green RAGs over all occasions",
          "discussed (one per person per meeting). Ending Green, share of",
          "nominals: people whose last RAG of the period was Green (reduced",
          "to or kept at Green) over all people discussed. The two have",
          "different denominators and are not like for like."),
    paste0("Consistent decrease (increase): at least two meetings in the ",
           "period, every step down (up) or level and at least one down ",
           "(up), on ", if (on_risk) "the risk score" else
             "the RAG (Red above Amber above Green)",
           "; shares are of all nominals."))
  if (custody) {
    out$not_in_custody <- n - res$custody
    out$not_in_custody_share <- share(n - res$custody, n)
    roles <- c(roles, not_in_custody = "count",
               not_in_custody_share = "proportion")
    units <- c(units, not_in_custody = "people")
    labels <- c(labels, not_in_custody = "Did not re-enter custody",
                not_in_custody_share = "Not in custody, share of nominals")
    notes <- c(notes, paste("Did not re-enter custody: nominals not received",
                            "into custody in the period after their first",
                            "meeting."))
  }
  if (arrests) {
    out$arrested <- res$arrested
    roles <- c(roles, arrested = "count")
    units <- c(units, arrested = "people")
    labels <- c(labels, arrested = "Arrested")
    notes <- c(notes, paste("Arrested: nominals arrested in the period after",
                            "their first meeting."))
  }
  report_table(as_table_frame(out, nrow(period)),
               title = "IOM panel: nominals, occasions and RAG by period",
               notes = notes, roles = roles, units = units, labels = labels,
               totals = FALSE)
}

# Months in each period: whole calendar months when the period starts on
# the 1st and ends on a month end, otherwise days / (365.25 / 12).
period_months <- function(period) {
  start <- as.POSIXlt(period$start)
  after <- as.POSIXlt(period$end + 1)
  whole <- start$mday == 1L & after$mday == 1L
  months <- (after$year - start$year) * 12 + after$mon - start$mon
  days <- as.numeric(period$end - period$start) + 1
  ifelse(whole, months, days / (365.25 / 12))
}

id_values <- function(x, arg, data_arg) {
  if (is.factor(x)) x <- as.character(x)
  if (!is.character(x) && !is.numeric(x)) {
    abort("`", arg, "` must name a column of identifiers in `", data_arg,
          "`, not ", type_name(x), ".")
  }
  distinct <- unique(x)
  x <- clean_text_id(distinct)[match(x, distinct)]
  missing <- is.na(x) | !nzchar(x)
  if (any(missing)) {
    abort("`", arg, "` must be known on every row; `", data_arg, "` has no ",
          "identifier in ", show_rows(which(missing)), ".")
  }
  x
}

# Days since 1970 as a Date.
day_date <- function(day) structure(as.double(day), class = "Date")

# Dates of records as days since 1970: known, and not after `as_at`.
record_dates <- function(x, arg, data_arg, as_at) {
  day <- floor(unclass(as_date_arg(x, arg)))
  if (anyNA(day)) {
    abort("`", arg, "` must be known on every row; `", data_arg, "` has no ",
          "date in ", show_rows(which(is.na(day))), ".")
  }
  late <- which(day > unclass(as_at))
  if (length(late) > 0L) {
    abort("`", data_arg, "` has dates after the as-at date (",
          format(as_at), ") in ",
          show_rows(late, format(day_date(day[late]))),
          "; check `as_at` or the records.")
  }
  as.double(day)
}

# RAG as codes 1 (Green), 2 (Amber), 3 (Red), in any case.
rag_codes <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (!is.character(x)) {
    abort("`rag` must name a text column of `meetings`, not ", type_name(x),
          ".")
  }
  distinct <- unique(x)
  code <- match(tolower(trimws(distinct)),
                c("green", "amber", "red"))[match(x, distinct)]
  if (anyNA(code)) {
    bad <- which(is.na(code))
    abort("`rag` must be Red, Amber or Green (any case); `meetings` has ",
          show_values(x[bad]), " in ", show_rows(bad), ".")
  }
  code
}

# Dates of the people in `people`, sorted by person then date, with the
# offset of each person's first date (a compressed index, from 0).
event_index <- function(x, arg, id_col, date_col, people, as_at) {
  check_data_frame(x, arg)
  for (col in c(id_col, date_col)) {
    if (!col %in% names(x)) {
      abort("`", arg, "` must have the columns `", id_col, "` and `",
            date_col, "` of `meetings`; it has no `", col, "`.")
    }
  }
  who <- id_values(x[[id_col]], "id", arg)
  day <- record_dates(x[[date_col]], "date", arg, as_at)
  person <- match(who, people)
  keep <- which(!is.na(person))
  person <- person[keep]
  day <- day[keep]
  sorted <- order(person, day)
  list(offset = c(0L, cumsum(tabulate(person, length(people)))),
       date = day[sorted])
}
