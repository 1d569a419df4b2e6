# Reporting periods: UK financial years (April to March) and their quarters,
# calendar years, quarters and months, rolling 12 months to a month end, year
# to date, and custom periods. One set of helpers used by every function
# that counts by period (IOM, treatment, incidents) and by the pro-rata
# targets of compare_to_target() (elapsed_fraction()).
#
# A `report_periods` object is a data frame with columns `label`
# (character), `start` and `end` (Date, both inclusive), ordered by start,
# built by new_report_periods() and checked by validate_report_periods().
# Month arithmetic works on month indices (year * 12 + month - 1), so that a
# period of k months aligned to a first month is plain integer arithmetic.

#' Reporting periods
#'
#' Build the periods that reports count by: UK financial years (1 April to
#' 31 March) and their quarters, calendar years, quarters and months, the
#' rolling 12 months to a month end, the year to date, or periods of your
#' own. Each returns a `report_periods` object: a data frame with one row per
#' period and columns `label`, `start` and `end` (both dates inclusive),
#' ordered by `start`. Every counting function of the package that takes a
#' `period` argument takes one of these.
#'
#' @details
#' * `financial_years()`: "2015-16" runs from 1 April 2015 to 31 March 2016.
#' * `financial_quarters()`: "2016-17 Q1" is April to June 2016, Q4 is
#'   January to March 2017.
#' * `calendar_years()`, `calendar_quarters()` ("2016 Q1" is January to
#'   March), `calendar_months()` ("Jan 2017"; English month names whatever
#'   the locale).
#' * `rolling_12_months()`: "12 months to Jan 2017" runs from 1 February 2016
#'   to 31 January 2017; with `n > 1`, the `n - 1` windows of 12 months
#'   before it as well, back to back, the newest last.
#' * `year_to_date()`: from the start of the financial (or calendar) year
#'   holding `as_at` to `as_at`, labelled "2017-18 to end of Q2" when `as_at`
#'   is the last day of a quarter, "2017-18 to 14 Sep 2017" otherwise.
#' * `periods()`: your own periods. With `tile = TRUE` (the default) they
#'   must follow one another with no gap and no overlap, as financial years
#'   do; a gap or an overlap is an error of class
#'   `reoffending_error_periods` naming the two periods.
#'
#' `from` and `to` give the first and last periods by any date in them, as
#' a `Date` or a `"YYYY-MM-DD"` string; a whole number is a year: the first
#' day of that year (of the financial year starting in it) for `from`, the
#' last day for `to`. So `financial_years(2014, 2016)` gives 2014-15 to
#' 2016-17, and `calendar_quarters(2016, 2016)` the four quarters of 2016.
#'
#' @param from,to The first and last periods: a date in each (a `Date` or
#'   `"YYYY-MM-DD"`), or a year (a whole number). `from` must not be after
#'   `to`.
#' @param end For `rolling_12_months()`, the month the (newest) window ends
#'   with: a `Date` in that month or `"YYYY-MM"`. For `periods()`, the last
#'   day of each period (`Date` or `"YYYY-MM-DD"`).
#' @param n The number of consecutive 12-month windows, a whole number of at
#'   least 1.
#' @param as_at The date the year to date runs to.
#' @param year `"financial"` (April to March, the default) or `"calendar"`.
#' @param start The first day of each period (`Date` or `"YYYY-MM-DD"`).
#' @param label The label of each period: unique, non-empty text. By default
#'   "1 Apr 2016 to 30 Sep 2016".
#' @param tile `TRUE` (the default) to require that the periods follow one
#'   another with no gap and no overlap.
#' @return A `report_periods` object: a data frame with columns `label`
#'   (character), `start` and `end` (`Date`, both inclusive), one row per
#'   period in order of `start`.
#' @seealso [assign_period()] to find the period of each date,
#'   [elapsed_fraction()] for pro-rata targets.
#' @examples
#' financial_years(2014, 2016)
#' financial_quarters("2017-04-01", "2017-09-30")
#' calendar_months("2017-01-01", "2017-03-31")
#' rolling_12_months("2017-01", n = 2)
#' year_to_date(as.Date("2017-09-30"))
#' periods(as.Date(c("2017-01-01", "2017-03-01")),
#'         as.Date(c("2017-02-28", "2017-06-30")),
#'         label = c("Before", "After"))
#' @name report_periods
NULL

#' @rdname report_periods
#' @export
financial_years <- function(from, to) {
  bounds <- period_bounds(from, to, first_month = 4L)
  month_periods(bounds, length = 12L, first_month = 4L,
                label = financial_year_label)
}

#' @rdname report_periods
#' @export
financial_quarters <- function(from, to) {
  bounds <- period_bounds(from, to, first_month = 4L)
  month_periods(bounds, length = 3L, first_month = 4L, label = function(m) {
    paste0(financial_year_label(m), " Q", quarter_of(m, 4L))
  })
}

#' @rdname report_periods
#' @export
calendar_years <- function(from, to) {
  bounds <- period_bounds(from, to, first_month = 1L)
  month_periods(bounds, length = 12L, first_month = 1L, label = function(m) {
    as.character(m %/% 12L)
  })
}

#' @rdname report_periods
#' @export
calendar_quarters <- function(from, to) {
  bounds <- period_bounds(from, to, first_month = 1L)
  month_periods(bounds, length = 3L, first_month = 1L, label = function(m) {
    paste0(m %/% 12L, " Q", quarter_of(m, 1L))
  })
}

#' @rdname report_periods
#' @export
calendar_months <- function(from, to) {
  bounds <- period_bounds(from, to, first_month = 1L)
  month_periods(bounds, length = 1L, first_month = 1L, label = month_label)
}

#' @rdname report_periods
#' @export
rolling_12_months <- function(end, n = 1) {
  last <- month_of(check_month(end, "end"))
  check_count_arg(n, "n", min = 1)
  n <- as.integer(n)
  # Window k (0 = newest) covers months last - 12k - 11 .. last - 12k.
  ends <- last - 12L * rev(seq_len(n) - 1L)
  new_report_periods(paste("12 months to", month_label(ends)),
                     month_start(ends - 11L), month_start(ends + 1L) - 1L)
}

#' @rdname report_periods
#' @export
year_to_date <- function(as_at, year = c("financial", "calendar")) {
  as_at <- check_period_date(as_at, "as_at")
  year <- check_choice(year, c("financial", "calendar"), "year")
  first_month <- if (year == "financial") 4L else 1L
  m <- month_of(as_at)
  first <- m - (m - (first_month - 1L)) %% 12L
  year_label <- if (year == "financial") financial_year_label(first) else
    as.character(first %/% 12L)
  quarter_end <- as_at == month_start(m + 1L) - 1L &&
    (m - (first_month - 1L)) %% 3L == 2L
  to <- if (quarter_end) {
    paste0("end of Q", quarter_of(m, first_month))
  } else {
    day_label(as_at)
  }
  new_report_periods(paste(year_label, "to", to), month_start(first), as_at)
}

#' @rdname report_periods
#' @export
periods <- function(start, end, label = NULL, tile = TRUE) {
  start <- check_period_dates(start, "start")
  end <- check_period_dates(end, "end")
  if (length(start) == 0L) abort("`start` must hold at least one date.")
  if (length(end) != length(start)) {
    check_same_length(end, length(start), "end", "start")
  }
  check_flag(tile, "tile")
  if (is.null(label)) {
    label <- paste(day_label(start), "to", day_label(end))
  } else {
    if (is.factor(label)) label <- as.character(label)
    if (!is.character(label)) {
      abort("`label` must be character, not ", type_name(label), ".")
    }
    if (length(label) != length(start)) {
      check_same_length(label, length(start), "label", "start")
    }
  }
  backwards <- end < start
  if (any(backwards)) {
    abort("`end` must not be before `start`; it is for ",
          show_values(label[backwards]), ".")
  }
  order <- order(start, end)
  out <- new_report_periods(label[order], start[order], end[order])
  validate_report_periods(out, arg = "label")
  if (tile) check_tiled(out)
  out
}

#' Which period each date falls in
#'
#' @param dates The dates: a `Date` vector (or `"YYYY-MM-DD"` text, or
#'   date-times, taken as the dates they fall on in their own time zone), of
#'   any length. `NA` dates give `NA`.
#' @param periods A `report_periods` object (from [financial_years()],
#'   [periods()] and the like) whose periods do not overlap, or a data frame
#'   with columns `label`, `start` and `end`.
#' @return An integer vector as long as `dates`: the row of `periods` each
#'   date falls in (start and end inclusive), `NA` for a date in no period.
#'   Found by binary search (`findInterval()`), O(n log p) for n dates and p
#'   periods, without copying `dates`.
#' @seealso [report_periods]
#' @examples
#' years <- financial_years(2015, 2016)
#' dates <- as.Date(c("2015-03-31", "2015-04-01", "2017-03-31", NA))
#' assign_period(dates, years)
#' years$label[assign_period(dates, years)]
#' @export
assign_period <- function(dates, periods) {
  dates <- as_date_arg(dates, "dates")
  periods <- as_report_periods_arg(periods, "periods")
  check_not_overlapping(periods, "periods")
  day <- floor(unclass(dates))
  starts <- unclass(periods$start)
  index <- findInterval(day, starts)
  index[index == 0L] <- NA_integer_
  index[!is.na(index) & day > unclass(periods$end)[index]] <- NA_integer_
  index
}

#' Share of each period elapsed at a date
#'
#' The share of each period that has passed by the end of `as_at`: the days
#' from the period's start to `as_at` inclusive, over the days in the period.
#' It is 0 for a period that starts after `as_at` and 1 for one that has
#' ended by it. Used for pro-rata targets: `compare_to_target(elapsed =
#' elapsed_fraction(...))`.
#'
#' At the end of quarter 2 of a financial year the share is 183 / 365 (or
#' 183 / 366), a little over a half: the days of April to September.
#'
#' @param periods A `report_periods` object, or a data frame with columns
#'   `label`, `start` and `end`.
#' @param as_at The date: a `Date` or `"YYYY-MM-DD"`, length 1.
#' @return A numeric vector with one share (0 to 1) per period, named by
#'   the periods' labels.
#' @seealso [compare_to_target()], [report_periods]
#' @examples
#' elapsed_fraction(financial_years(2016, 2017), as.Date("2017-09-30"))
#'
#' # Havering, Table 1 at the end of quarter 2 of 2017-18
#' year <- financial_years(2017, 2017)
#' compare_to_target(c(18, 17, 12, 11), target = c(34, 17, 28, 16),
#'                   elapsed = elapsed_fraction(year, "2017-09-30"))$marker
#' @export
elapsed_fraction <- function(periods, as_at) {
  periods <- as_report_periods_arg(periods, "periods")
  as_at <- check_period_date(as_at, "as_at")
  start <- unclass(periods$start)
  end <- unclass(periods$end)
  days <- floor(unclass(as_at)) - start + 1
  share <- pmin(pmax(days, 0), end - start + 1) / (end - start + 1)
  stats::setNames(share, periods$label)
}

#' @rdname report_periods
#' @param x A data frame with columns `label`, `start` and `end`, or a
#'   `report_periods` object.
#' @export
as_report_periods <- function(x, tile = FALSE) {
  out <- as_report_periods_arg(x, "x")
  check_flag(tile, "tile")
  if (tile) check_tiled(out)
  out
}

#' @export
print.report_periods <- function(x, ...) {
  n <- nrow(x)
  cat("<report_periods: ", n, if (n == 1L) " period" else " periods", ">\n",
      sep = "")
  print(as.data.frame(x), ...)
  invisible(x)
}

#' @export
`[.report_periods` <- function(x, ...) {
  out <- NextMethod()
  if (is.data.frame(out) && all(c("label", "start", "end") %in% names(out)) &&
      nrow(out) > 0L) {
    out <- new_report_periods(out$label, out$start, out$end)
    return(validate_report_periods(out, arg = "x"))
  }
  if (is.data.frame(out)) class(out) <- "data.frame"
  out
}

# ---- Constructor and validator ----------------------------------------------

new_report_periods <- function(label, start, end) {
  out <- data.frame(label = as.character(label), stringsAsFactors = FALSE)
  out$start <- structure(as.double(unclass(start)), class = "Date")
  out$end <- structure(as.double(unclass(end)), class = "Date")
  class(out) <- c("report_periods", "data.frame")
  out
}

validate_report_periods <- function(x, arg = "periods") {
  if (nrow(x) == 0L) abort("`", arg, "` must hold at least one period.")
  if (!is.character(x$label) || anyNA(x$label) || !all(nzchar(x$label))) {
    abort("`", arg, "` must label every period with non-empty text.")
  }
  if (anyDuplicated(x$label)) {
    abort("`", arg, "` must label each period once; ",
          show_values(x$label[duplicated(x$label)]), " is used twice.")
  }
  if (anyNA(x$start) || anyNA(x$end)) {
    abort("`", arg, "` must give every period a start and an end.")
  }
  if (any(x$end < x$start)) {
    abort("`", arg, "` has periods that end before they start: ",
          show_values(x$label[x$end < x$start]), ".")
  }
  if (is.unsorted(unclass(x$start))) {
    abort("`", arg, "` must be in order of start date.")
  }
  x
}

# A report_periods object, or a data frame with label, start and end made
# into one and checked.
as_report_periods_arg <- function(x, arg) {
  if (!is.data.frame(x)) {
    abort("`", arg, "` must be periods (from financial_years(), ",
          "periods() and the like), not ", type_name(x), ".")
  }
  missing <- setdiff(c("label", "start", "end"), names(x))
  if (length(missing) > 0L) {
    abort("`", arg, "` must have columns `label`, `start` and `end`; ",
          "it has no ", show_values(missing), ".")
  }
  label <- x$label
  if (is.factor(label)) label <- as.character(label)
  start <- as_date_arg(x$start, paste0(arg, "$start"))
  end <- as_date_arg(x$end, paste0(arg, "$end"))
  order <- order(start, end)
  out <- new_report_periods(label, start, end)
  if (is.character(label)) out <- out[order, , drop = FALSE]
  validate_report_periods(out, arg)
}

# Periods one after another: each starts the day after the one before ends.
check_tiled <- function(x) {
  n <- nrow(x)
  if (n < 2L) return(invisible(x))
  step <- unclass(x$start)[-1L] - unclass(x$end)[-n]
  bad <- which(step != 1)
  if (length(bad) > 0L) {
    i <- bad[1L]
    what <- if (step[i] > 1) {
      paste0("a gap of ", step[i] - 1, " day", if (step[i] > 2) "s",
             " between")
    } else {
      paste0("an overlap of ", 1 - step[i], " day", if (step[i] < 0) "s",
             " between")
    }
    abort("Periods must follow one another with no gap or overlap ",
          "(`tile = TRUE`); there is ", what, " \"", x$label[i], "\" and \"",
          x$label[i + 1L], "\"", if (length(bad) > 1L)
            paste0(", and ", length(bad) - 1L, " more"), ".",
          class = "periods")
  }
  invisible(x)
}

check_not_overlapping <- function(x, arg) {
  n <- nrow(x)
  if (n < 2L) return(invisible(x))
  bad <- which(unclass(x$start)[-1L] <= unclass(x$end)[-n])
  if (length(bad) > 0L) {
    i <- bad[1L]
    abort("`", arg, "` must not overlap, so that each date falls in one ",
          "period; \"", x$label[i], "\" and \"", x$label[i + 1L],
          "\" overlap.", class = "periods")
  }
  invisible(x)
}

# ---- Dates and months -------------------------------------------------------

# One date, not NA.
check_period_date <- function(x, arg) {
  if (length(x) != 1L) {
    abort("`", arg, "` must be one date, not ", length(x), ".")
  }
  x <- as_date_arg(x, arg)
  if (is.na(x)) abort("`", arg, "` must be a date, not NA.")
  x
}

check_period_dates <- function(x, arg) {
  x <- as_date_arg(x, arg)
  if (anyNA(x)) {
    abort("`", arg, "` must not be NA (element ", which(is.na(x))[1L], ").")
  }
  structure(floor(unclass(x)), class = "Date")
}

# `from` and `to` as month indices: a date, or a year (a whole number) for
# its first or last month, counting years from `first_month`.
period_bounds <- function(from, to, first_month) {
  first <- bound_month(from, "from", first_month, last = FALSE)
  last <- bound_month(to, "to", first_month, last = TRUE)
  if (first > last) {
    abort("`from` must not be after `to`: the periods would start in ",
          month_label(first), " and end in ", month_label(last), ".")
  }
  c(first, last)
}

bound_month <- function(x, arg, first_month, last) {
  if (is.numeric(x) && !is.factor(x)) {
    if (length(x) != 1L || is.na(x) || x != round(x) || x < 1000 ||
        x > 9998) {
      abort("`", arg, "` must be a date or a year (a whole number from ",
            "1000 to 9998), not ", if (length(x) == 1L) x else
              paste("a vector of length", length(x)), ".")
    }
    m <- as.integer(x) * 12L + first_month - 1L
    return(if (last) m + 11L else m)
  }
  month_of(check_period_date(x, arg))
}

# A month: a Date (any day in it) or "YYYY-MM".
check_month <- function(x, arg) {
  if (is.character(x) && length(x) == 1L && !is.na(x) &&
      grepl("^[0-9]{4}-[0-9]{2}$", x)) {
    x <- paste0(x, "-01")
  }
  check_period_date(x, arg)
}

month_of <- function(date) {
  lt <- as.POSIXlt(date)
  (lt$year + 1900L) * 12L + lt$mon
}

month_start <- function(m) {
  as.Date(sprintf("%04d-%02d-01", m %/% 12L, m %% 12L + 1L))
}

month_label <- function(m) {
  paste(month.abb[m %% 12L + 1L], m %/% 12L)
}

day_label <- function(date) {
  lt <- as.POSIXlt(date)
  paste(lt$mday, month.abb[lt$mon + 1L], lt$year + 1900L)
}

# "2016-17" for any month of the financial year starting in April 2016.
financial_year_label <- function(m) {
  y <- (m - 3L) %/% 12L
  sprintf("%d-%02d", y, (y + 1L) %% 100L)
}

quarter_of <- function(m, first_month) {
  ((m - (first_month - 1L)) %% 12L) %/% 3L + 1L
}

# Periods of `length` months aligned to `first_month`, from the one holding
# month bounds[1] to the one holding bounds[2].
month_periods <- function(bounds, length, first_month, label) {
  align <- function(m) m - (m - (first_month - 1L)) %% length
  starts <- seq.int(align(bounds[1L]), align(bounds[2L]), by = length)
  new_report_periods(label(starts), month_start(starts),
                     month_start(starts + length) - 1L)
}

check_count_arg <- function(x, arg, min = 0) {
  if (!is.numeric(x) || length(x) != 1L || is.na(x) || x != round(x) ||
      x < min || x > .Machine$integer.max) {
    abort("`", arg, "` must be a whole number of at least ", min, ".")
  }
  invisible(x)
}
