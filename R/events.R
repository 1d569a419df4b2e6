#' Build a proven reoffending cohort from index events
#'
#' Builds the cohort the Ministry of Justice follows up: offenders released
#' from custody, given a non-custodial conviction at court or cautioned in a
#' period, **one index event per offender per period: the first**. An
#' offender with events in two periods is in both cohorts. The result carries
#' the index offence and disposal, the number of offences proven before the
#' index date in the MoJ's bands, and the age at the index date in its
#' bands, ready for [proven_reoffending()] and then [reoffending_rates()]
#' broken down by any of them.
#'
#' Events outside every period, and events whose type is not in `types`,
#' make no index event.
#'
#' The events are sorted once, by period, offender, date and type (R's
#' radix `order()`); one pass in C then takes the first event of each
#' offender in each period: the index event.
#' **Ties**: of two events of one offender on the same day, the one whose
#' type comes first in `types` is the index event (by default a release from
#' custody before a court order before a caution); of two of the same type,
#' the one in the earlier row of `events`. The previous offences are counted
#' in C in one merge pass over the offences sorted by offender and proven
#' date.
#'
#' **Previous offences** are the offender's offences proven (by conviction
#' or caution, `proven_date`) strictly before the index date, so the index
#' offence itself, proven on the index date, is not one. They are banded as
#' the MoJ's proven reoffending statistics break them down: no previous
#' offences, 1 to 2, 3 to 6, 7 to 10 and 11 or more (`previous_breaks`).
#' The bulletin's own figures quote the two ends of these bands ("offenders
#' with 11 or more previous offences have a higher re-offending rate than
#' those with no previous offences": MoJ, Proven reoffending statistics
#' quarterly, July 2011 to June 2012, gov.uk).
#' **Age** at the index date is in whole years ([age_at()]), banded as the
#' MoJ breaks adults and juveniles down: 10 to 14, 15 to 17, 18 to 20, 21 to
#' 24, 25 to 29, 30 to 34, 35 to 39, 40 to 44, 45 to 49 and 50 and over
#' (`age_breaks`).
#'
#' **Bad input**. An event type that is neither in `types` nor in `ignore`
#' is an error naming the types and rows. So are an unknown value in
#' `types`, periods that do not tile (an error of class
#' `reoffending_error_periods`), and `as_at` before the end of some
#' member's follow-up and waiting periods (class
#' `reoffending_error_not_measurable`, naming the offenders and the date the
#' cohort becomes measurable) unless `incomplete = "exclude"`. Three kinds of
#' record are left out instead, counted and reported, in a message of class
#' `reoffending_message_exclusions` and in the attribute `"exclusions"` of
#' the result (a data frame: `reason`, `records`, `ids`):
#' * a release from custody dated before its `custody_start` (the event is
#'   not an index event);
#' * an offence committed before the offender's date of birth (it is not a
#'   previous offence);
#' * with `incomplete = "exclude"`, members not yet measurable at `as_at`.
#'
#' @param events A data frame of events, one row each: the offender, the
#'   date and the type, and optionally the offence group and the disposal.
#' @param period The cohort periods: `"quarter"` (calendar quarters, the
#'   MoJ's three-month cohorts since 2016), `"year"` (calendar years, as the
#'   annual cohorts before), `"financial_year"`, or periods from
#'   [periods()] and the like, which must tile (no gap, no overlap). The
#'   named kinds cover the events' dates.
#' @param types The event types that make an index event, in order of
#'   precedence on a tie: a subset of `"custody_release"`, `"court_order"`
#'   and `"caution"`.
#' @param offences `NULL`, or a data frame of offences (the one given to
#'   [proven_reoffending()]) with the offender's `id`, `offence_date` and
#'   `proven_date`: the previous offences are counted from it.
#' @param people `NULL`, or a data frame with one row per offender: `id`,
#'   `birth_date` (a `Date`, for the age) and any other columns to carry
#'   (such as `sex`).
#' @param id,date,type The columns of `events` holding the offender (the
#'   same column name in `offences` and `people`), the event's `Date` and
#'   its type (text).
#' @param offence,disposal `NULL`, or the columns of `events` holding the
#'   offence group and the disposal, carried from the index event as
#'   `index_offence` and `index_disposal`.
#' @param custody_start `NULL`, or the `Date` column of `events` holding,
#'   for a release, the day custody began.
#' @param ignore Other event types that may appear in `events` and are
#'   never index events (such as `"recall"`).
#' @param as_at `NULL`, or the date the cohort is measured on: every
#'   member's follow-up and waiting periods (`follow_up`, `waiting`, as in
#'   [proven_reoffending()]) must have ended by then.
#' @param follow_up,waiting As in [proven_reoffending()], for `as_at`.
#' @param incomplete What to do with members not yet measurable at
#'   `as_at`: `"error"` (the default) or `"exclude"`.
#' @param previous_breaks,age_breaks The lower ends of the bands of previous
#'   offences and of age.
#' @return A data frame of class `c("reoffending_cohort", "data.frame")`,
#'   one row per offender per period with an index event, in order of
#'   period, then offender (by identifier for integer identifiers, by first
#'   appearance in `events` otherwise): `id`, `cohort` (the period's label, a factor
#'   whose levels are every period), `index_date`, `index_type`,
#'   `index_offence` and `index_disposal` (with `offence` and `disposal`),
#'   `previous_offences` and `previous_band` (with `offences`), `age` and
#'   `age_band` (with `people$birth_date`), and the other columns of
#'   `people`. Its attribute `"exclusions"` lists what was left out.
#' @seealso [proven_reoffending()], [reoffending_rates()], [barnet_events].
#' @examples
#' cohort <- reoffending_cohort(barnet_events, period = "year",
#'                              offences = barnet_offences,
#'                              people = barnet_people, offence = offence,
#'                              disposal = disposal,
#'                              custody_start = custody_start,
#'                              ignore = "recall")
#' cohort <- droplevels(cohort[cohort$cohort %in% c("2014", "2015"), ])
#' table(cohort$cohort)
#' followed <- proven_reoffending(cohort, barnet_offences)
#' reoffending_rates(followed, by = c(cohort, previous_band))
#' @export
reoffending_cohort <- function(events, period = "quarter",
                               types = c("custody_release", "court_order",
                                         "caution"),
                               offences = NULL, people = NULL, id = "id",
                               date = "date", type = "type", offence = NULL,
                               disposal = NULL, custody_start = NULL,
                               ignore = character(), as_at = NULL,
                               follow_up = "1 year", waiting = "6 months",
                               incomplete = c("error", "exclude"),
                               previous_breaks = c(0, 1, 3, 7, 11),
                               age_breaks = c(10, 15, 18, 21, 25, 30, 35, 40,
                                              45, 50)) {
  check_data_frame(events, "events")
  id <- column_name(rlang::enquo(id), events, "id", "events")
  date <- column_name(rlang::enquo(date), events, "date", "events")
  type <- column_name(rlang::enquo(type), events, "type", "events")
  offence <- column_names(rlang::enquo(offence), events, "offence",
                          data_arg = "events")
  disposal <- column_names(rlang::enquo(disposal), events, "disposal",
                           data_arg = "events")
  custody_start <- column_names(rlang::enquo(custody_start), events,
                                "custody_start", data_arg = "events")
  incomplete <- check_choice(incomplete, c("error", "exclude"), "incomplete")
  index_types <- c("custody_release", "court_order", "caution")
  if (!is.character(types) || length(types) == 0L || anyNA(types) ||
      !all(types %in% index_types) || anyDuplicated(types)) {
    abort("`types` must be one or more of ",
          paste0('"', index_types, '"', collapse = ", "), ", each once.")
  }
  if (!is.character(ignore) || anyNA(ignore)) {
    abort("`ignore` must be a character vector of event types.")
  }
  exclusions <- empty_exclusions()

  ids <- events[[id]]
  if (is.factor(ids)) ids <- as.character(ids)
  if (!(is.character(ids) || is.numeric(ids)) || anyNA(ids)) {
    abort("`id` must name a column of known offender identifiers ",
          "(integer, numeric or character) in `events`.")
  }
  days <- date_column(events[[date]], "date", "events")
  if (anyNA(days) || any(!is.finite(unclass(days)))) {
    abort("`date` must be known for every event; column \"", date,
          "\" of `events` is missing in ",
          show_rows(which(!is.finite(unclass(days)))), ".")
  }
  days <- structure(floor(unclass(days)), class = "Date")
  kinds <- events[[type]]
  if (!(is.character(kinds) || is.factor(kinds))) {
    abort("`type` must name a text or factor column of `events`, not ",
          type_name(kinds), ".")
  }
  unknown <- is.na(codes_of(kinds, c(index_types, ignore)))
  if (any(unknown)) {
    kinds <- as.character(kinds)
    abort("`type` holds event types that are neither index events nor in ",
          "`ignore`: ", show_values(kinds[unknown]), " (",
          show_rows(which(unknown)), " of `events`). Index events are ",
          paste0('"', index_types, '"', collapse = ", "), ".",
          class = "event_type")
  }
  rank <- codes_of(kinds, types)
  if (!is.null(custody_start)) {
    began <- date_column(events[[custody_start]], "custody_start", "events")
    early <- rank %in% match("custody_release", types) & !is.na(began) &
      days < began
    if (any(early)) {
      exclusions <- add_exclusion(exclusions,
                                  "release before its custody start",
                                  ids[early])
      rank[early] <- NA_integer_
    }
  }

  cohort_periods <- cohort_periods(period, days[!is.na(rank)])
  period_code <- assign_period(days, cohort_periods)
  eligible <- !is.na(rank) & !is.na(period_code)
  # Integer identifiers are their own codes; others are numbered in order
  # of first appearance.
  who <- if (is.integer(ids)) ids else match(ids, unique(ids))
  who[!eligible] <- NA_integer_
  period_code <- as.integer(period_code)
  # Radix order is stable: of events equal on every key, the earlier row
  # comes first.
  order <- order(period_code, who, as.integer(unclass(days)), rank,
                 na.last = TRUE, method = "radix")
  first <- .Call(C_index_events, order, period_code, who)

  cohort <- structure(list(), names = character(), class = "data.frame",
                      row.names = .set_row_names(length(first)))
  cohort[[id]] <- ids[first]
  cohort$cohort <- structure(period_code[first],
                             levels = cohort_periods$label, class = "factor")
  cohort$index_date <- structure(unclass(days)[first], class = "Date")
  cohort$index_type <- as.character(kinds[first])
  if (!is.null(offence)) {
    cohort$index_offence <- as.character(events[[offence]][first])
  }
  if (!is.null(disposal)) {
    cohort$index_disposal <- as.character(events[[disposal]][first])
  }

  birth <- NULL
  if (!is.null(people)) {
    check_data_frame(people, "people")
    if (!id %in% names(people)) {
      abort("`people` must have the `id` column \"", id, "\".")
    }
    if (anyDuplicated(people[[id]])) {
      abort("`people` must have one row per offender; duplicated: ",
            show_values(people[[id]][duplicated(people[[id]])]), ".")
    }
    row <- match(cohort[[id]], people[[id]])
    if (anyNA(row)) {
      abort("`people` must have a row for every offender of the cohort; ",
            "missing: ", show_values(cohort[[id]][is.na(row)]), ".")
    }
    if ("birth_date" %in% names(people)) {
      birth <- date_column(people$birth_date, "birth_date", "people")
      cohort$age <- age_at(birth[row], cohort$index_date)
      cohort$age_band <- band(cohort$age, age_breaks, "age_breaks")
    }
    for (column in setdiff(names(people), c(id, "birth_date"))) {
      cohort[[column]] <- people[[column]][row]
    }
  }

  if (!is.null(offences)) {
    previous <- previous_offences(cohort, offences, id, people, birth)
    exclusions <- rbind(exclusions, previous$exclusions)
    cohort$previous_offences <- previous$count
    cohort$previous_band <- band(previous$count, previous_breaks,
                                 "previous_breaks")
  }

  if (!is.null(as_at)) {
    as_at <- check_period_date(as_at, "as_at")
    ends <- period_ends(cohort$index_date, check_period(follow_up,
                                                        "follow_up"),
                        check_period(waiting, "waiting"))
    late <- ends$waiting > unclass(as_at)
    if (any(late)) {
      measurable <- structure(max(ends$waiting[late]) + 1, class = "Date")
      if (incomplete == "error") {
        abort("The cohort is not yet measurable on ", format(as_at), ": ",
              sum(late), " offender", if (sum(late) > 1L) "s'" else "'s",
              " follow-up and waiting periods end after it (",
              show_values(cohort[[id]][late]), " in ",
              show_values(as.character(cohort$cohort[late])),
              "); all of them can be measured from ", format(measurable),
              ". Use `incomplete = \"exclude\"` to leave them out.",
              class = "not_measurable")
      }
      exclusions <- add_exclusion(
        exclusions, paste0("not measurable until ", format(measurable)),
        cohort[[id]][late])
      cohort <- cohort[!late, , drop = FALSE]
    }
  }

  rownames(cohort) <- NULL
  if (nrow(exclusions) > 0L) {
    inform("Left out of the cohort: ",
           paste0(exclusions$records, " ", exclusions$reason,
                  collapse = "; "), " (see attr(, \"exclusions\")).",
           class = "exclusions")
  }
  attr(cohort, "exclusions") <- exclusions
  class(cohort) <- c("reoffending_cohort", "data.frame")
  cohort
}

# The cohort periods: a kind covering the dates, or the user's, which must
# tile.
cohort_periods <- function(period, days) {
  if (is.data.frame(period)) {
    return(as_report_periods(period, tile = TRUE))
  }
  kind <- check_choice(period, c("quarter", "year", "financial_year"),
                       "period")
  if (length(days) == 0L) {
    abort("`events` has no index events to build a cohort from.")
  }
  from <- min(days)
  to <- max(days)
  switch(kind,
         quarter = calendar_quarters(from, to),
         year = calendar_years(from, to),
         financial_year = financial_years(from, to))
}

# Bands from lower ends: "0", "1 to 2", ..., "11 or more" as an ordered
# factor with every band as a level.
band <- function(x, breaks, arg) {
  if (!is.numeric(breaks) || length(breaks) == 0L || anyNA(breaks) ||
      is.unsorted(breaks, strictly = TRUE) || any(breaks != round(breaks))) {
    abort("`", arg, "` must be increasing whole numbers.")
  }
  n <- length(breaks)
  upper <- c(breaks[-1L] - 1, Inf)
  labels <- ifelse(is.infinite(upper), paste(breaks, "or more"),
                   ifelse(upper == breaks, as.character(breaks),
                          paste(breaks, "to", upper)))
  at <- findInterval(x, breaks)
  at[at == 0L] <- NA_integer_
  factor(labels[at], levels = labels, ordered = TRUE)
}

empty_exclusions <- function() {
  data.frame(reason = character(), records = integer(), ids = character(),
             stringsAsFactors = FALSE)
}

add_exclusion <- function(exclusions, reason, ids) {
  rbind(exclusions,
        data.frame(reason = reason, records = length(ids),
                   ids = paste(utils::head(unique(as.character(ids)), 20L),
                               collapse = ", "), stringsAsFactors = FALSE))
}

# Offences proven before each member's index date, by one merge in C.
previous_offences <- function(cohort, offences, id, people, birth) {
  check_data_frame(offences, "offences")
  for (column in c(id, "offence_date", "proven_date")) {
    if (!column %in% names(offences)) {
      abort("`offences` must have the column \"", column, "\".")
    }
  }
  exclusions <- empty_exclusions()
  owner <- offences[[id]]
  if (is.factor(owner)) owner <- as.character(owner)
  if (is.character(owner) != is.character(cohort[[id]])) {
    abort("`id` must be of the same kind in `events` and `offences`; it is ",
          type_name(cohort[[id]]), " in `events` and ", type_name(owner),
          " in `offences`.")
  }
  committed <- date_column(offences$offence_date, "offence_date", "offences")
  proven <- date_column(offences$proven_date, "proven_date", "offences")
  offenders <- unique(cohort[[id]])
  member <- match(cohort[[id]], offenders)
  owner_code <- match(owner, offenders)
  if (!is.null(birth)) {
    born <- birth[match(owner, people[[id]])]
    unborn <- !is.na(owner_code) & !is.na(born) & !is.na(committed) &
      committed < born
    if (any(unborn)) {
      exclusions <- add_exclusion(exclusions,
                                  "offences dated before birth",
                                  owner[unborn])
      owner_code[unborn] <- NA_integer_
    }
  }
  proven_day <- floor(unclass(proven))
  index_day <- floor(unclass(cohort$index_date))
  member_order <- order(member, index_day)
  offence_order <- order(owner_code, proven_day, na.last = TRUE)
  count <- .Call(C_count_previous, member_order, member, as.double(index_day),
                 offence_order, owner_code, as.double(proven_day))
  list(count = count, exclusions = exclusions)
}

# A cohort built by reoffending_cohort() in which an offender is in more
# than one period.
repeats_offenders <- function(cohort, id) {
  inherits(cohort, "reoffending_cohort") && id %in% names(cohort) &&
    anyDuplicated(cohort[[id]]) > 0L &&
    "cohort" %in% names(cohort) &&
    !anyDuplicated(cohort[c(id, "cohort")])
}

# proven_reoffending() on rounds of the cohort in which each offender
# appears once (the first period of each, then the second, ...), put back
# in the cohort's order.
follow_up_each_cohort <- function(cohort, offences, id, index_date,
                                  offence_date, proven_date, follow_up,
                                  waiting, serious) {
  ids <- cohort[[id]]
  # The k-th row of an offender (in the cohort's order) is in round k.
  first_seen <- match(ids, ids)
  by_offender <- order(first_seen, seq_along(ids))
  sorted <- first_seen[by_offender]
  round <- integer(length(ids))
  round[by_offender] <- seq_along(sorted) - match(sorted, sorted) + 1L
  parts <- lapply(sort(unique(round)), function(k) {
    part <- cohort[round == k, , drop = FALSE]
    class(part) <- "data.frame"
    if (length(serious) == 1L) {
      proven_reoffending(part, offences, id = !!id, index_date = !!index_date,
                         offence_date = !!offence_date,
                         proven_date = !!proven_date, follow_up = follow_up,
                         waiting = waiting, serious = !!serious)
    } else {
      proven_reoffending(part, offences, id = !!id, index_date = !!index_date,
                         offence_date = !!offence_date,
                         proven_date = !!proven_date, follow_up = follow_up,
                         waiting = waiting)
    }
  })
  rows <- unlist(lapply(sort(unique(round)), function(k) which(round == k)))
  out <- do.call(rbind, parts)
  out <- out[order(rows), , drop = FALSE]
  rownames(out) <- NULL
  attr(out, "exclusions") <- attr(cohort, "exclusions")
  class(out) <- class(cohort)
  out
}

serious_flag <- function(x, column) {
  if (!is.logical(x) || anyNA(x)) {
    abort("`serious` must name a logical column of `offences` with no NA; ",
          "column \"", column, "\" is ", if (is.logical(x)) "NA in " else
            type_name(x), if (is.logical(x)) show_rows(which(is.na(x))),
          ".")
  }
  x
}

# The measures reoffending_rates() adds: serious reoffences (`serious`:
# NULL, or the counts of serious reoffenders and reoffences per group) and
# direct standardisation (`std`: NULL, or standardise_totals()'s result).
# Returns the columns, their roles, labels, the counts each is derived
# from, and notes; the same whether the counts came from C or a database.
extra_measures <- function(serious, offenders, std) {
  out <- list(measures = list(), roles = character(), labels = character(),
              units = character(), from = list(), notes = character())
  if (!is.null(serious)) {
    out$measures$serious_reoffenders <- as.integer(serious$people)
    out$measures$serious_reoffences <- as.integer(serious$count)
    out$measures$serious_proportion <- ratio(serious$people, offenders)
    out$roles <- c(out$roles, serious_reoffenders = "count",
                   serious_reoffences = "count",
                   serious_proportion = "proportion")
    out$units <- c(serious_reoffenders = "people",
                   serious_reoffences = "events")
    out$labels <- c(out$labels, serious_reoffenders = "Serious reoffenders",
                    serious_reoffences = "Serious reoffences",
                    serious_proportion = "Proportion who reoffend seriously")
    out$from$serious_proportion <- c("serious_reoffenders", "offenders")
  }
  if (!is.null(std)) {
    out$measures$proportion_standardised <- std$proportion
    out$measures$frequency_standardised <- std$frequency
    out$measures$standardised_coverage <- std$coverage
    out$roles <- c(out$roles, proportion_standardised = "proportion",
                   frequency_standardised = "rate",
                   standardised_coverage = "proportion")
    out$labels <- c(out$labels,
                    proportion_standardised = "Proportion, standardised",
                    frequency_standardised =
                      "Reoffences per offender, standardised",
                    standardised_coverage = "Share of reference covered")
    out$from$proportion_standardised <- c("reoffenders", "offenders")
    out$from$frequency_standardised <- c("reoffences", "offenders")
    out$notes <- c(out$notes, paste0(
      "Standardised: directly standardised to the reference cohort's mix ",
      "of ", paste(std$strata, collapse = " and "), " (", std$reference,
      " offenders): the sum over strata of the reference's share times ",
      "the group's rate; strata the group has no offenders in are left ",
      "out and the other shares scaled to sum to 1 (share of reference ",
      "covered: the share they hold)."))
  }
  out
}

# The extra measures of the records of a data frame `x`, whose group codes
# (1 to n_groups) are `codes`.
local_extra_measures <- function(x, codes, offenders, standardise, strata) {
  n_groups <- length(offenders)
  sums <- function(v) group_sums(as.double(v), codes, n_groups)
  serious <- NULL
  if (all(c("serious_reoffended", "serious_reoffences") %in% names(x))) {
    serious <- list(people = sums(as_reoffended(x$serious_reoffended)),
                    count = sums(as_reoffences(x$serious_reoffences)))
  }
  std <- NULL
  if (!is.null(standardise)) {
    strata <- standardise_strata(names(x), standardise, strata)
    reference <- reference_strata(standardise, strata)
    totals <- stratum_totals(x[strata], codes, n_groups, reference,
                             list(n = rep(1, nrow(x)),
                                  r = as_reoffended(x$reoffended),
                                  f = as_reoffences(x$reoffences)))
    std <- standardise_totals(totals, reference)
  }
  extra_measures(serious, offenders, std)
}

# Sums of `v` per group code 1..n_groups (zero for a group without rows).
group_sums <- function(v, codes, n_groups) {
  if (length(v) == 0L) return(numeric(n_groups))
  s <- rowsum(v, factor(codes, levels = seq_len(n_groups)), reorder = TRUE)
  s[is.na(s)] <- 0
  as.vector(s)
}

# The strata columns: `strata`, by default `age_band` and `previous_band`
# where `names` (the columns of `x`) has them.
standardise_strata <- function(names, reference, strata) {
  if (is.null(strata)) {
    strata <- intersect(c("age_band", "previous_band"), names)
    if (length(strata) == 0L) {
      abort("`strata` must name the columns to standardise by; `x` has no ",
            "`age_band` or `previous_band`.")
    }
  }
  if (!is.data.frame(reference) && !is_remote_table(reference)) {
    check_data_frame(reference, "standardise")
  }
  reference_names <- if (is_remote_table(reference)) {
    colnames(reference)
  } else {
    names(reference)
  }
  absent <- setdiff(strata, reference_names)
  if (length(absent) > 0L) {
    abort("`standardise` must have the `strata` columns; it has no ",
          show_values(absent), ".")
  }
  strata
}

# A stratum as one text key: its columns' values pasted.
stratum_key <- function(d, strata) {
  do.call(paste, c(lapply(d[strata], as.character), sep = "\r"))
}

# The reference's strata (keys in a fixed order, sorted, so that sums over
# them run in the same order however the reference was read) and the share
# of its offenders in each. A remote reference is counted in its database.
reference_strata <- function(reference, strata) {
  if (is_remote_table(reference)) {
    label <- remote_label(reference)
    query <- dplyr::group_by(dplyr::ungroup(reference),
                             !!!rlang::syms(strata))
    counts <- remote_collect(dplyr::summarise(query, .n = n(),
                                              .groups = "drop"),
                             label, "count the reference's strata")
    keys <- stratum_key(counts, strata)
    sizes <- as.double(counts$.n)
  } else {
    keys <- stratum_key(reference, strata)
    sizes <- rep(1, length(keys))
  }
  total <- sum(sizes)
  if (total == 0) {
    abort("`standardise` must have at least one offender.")
  }
  levels <- sort(unique(keys), method = "radix")
  size <- rowsum(sizes, factor(keys, levels = levels), reorder = TRUE)[, 1L]
  list(levels = levels, weight = unname(size) / total, strata = strata,
       size = total)
}

# Sums of `values` (a list of vectors: n, r, f) per group and stratum of
# the reference, as n_groups x strata matrices; a row is in the stratum of
# its `strata` values (a data frame), none if the reference lacks it.
stratum_totals <- function(strata_values, codes, n_groups, reference,
                           values) {
  n_levels <- length(reference$levels)
  stratum <- match(stratum_key(strata_values, names(strata_values)),
                   reference$levels)
  cell <- (codes - 1L) * n_levels + stratum
  in_reference <- !is.na(cell)
  lapply(values, function(v) {
    out <- numeric(n_groups * n_levels)
    if (any(in_reference)) {
      s <- rowsum(as.double(v[in_reference]), cell[in_reference])
      out[as.integer(rownames(s))] <- s
    }
    matrix(out, n_groups, n_levels, byrow = TRUE)
  })
}

# Directly standardised rates from the totals per group and stratum.
standardise_totals <- function(totals, reference) {
  n <- totals$n
  r <- totals$r
  f <- totals$f
  weights <- matrix(reference$weight, nrow(n), ncol(n), byrow = TRUE)
  # Strata the group has no offenders in are left out, and the weights of
  # the others scaled up to sum to 1; coverage is the share they hold.
  weights[n == 0] <- 0
  coverage <- rowSums(weights)
  proportion <- rowSums(weights * ifelse(n > 0, r / n, 0)) / coverage
  frequency <- rowSums(weights * ifelse(n > 0, f / n, 0)) / coverage
  proportion[coverage == 0] <- NA_real_
  frequency[coverage == 0] <- NA_real_
  list(proportion = proportion, frequency = frequency, coverage = coverage,
       strata = reference$strata, reference = reference$size)
}
