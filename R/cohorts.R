#' Define an offender cohort model
#'
#' A cohort model sorts offenders into cohorts: males by age band, and two
#' cohorts that take precedence over age: Mental Health and Learning
#' Disabilities (MHLD, any sex) first, then Women (any age). The default
#' arguments give the London Community Rehabilitation Company model of
#' December 2015 ([crc_cohort_model()]); a borough can define its own.
#'
#' @param age_breaks Lower bounds of the male age bands, in years, strictly
#'   increasing. Each bound is inclusive: with breaks 18, 26 and 50 an
#'   offender of 25 is in the first band and one of 26 in the second. The last
#'   band has no upper bound. Ages under the first break (youth justice) get
#'   no cohort.
#' @param age_labels Labels of the age bands, one per break.
#' @param women Label of the Women cohort, or `NULL` for a model without one
#'   (women are then banded by age like men).
#' @param mhld Label of the Mental Health and Learning Disabilities cohort, or
#'   `NULL` for a model without one.
#' @return A `cohort_model` object: a list with `age_breaks`, `age_labels`,
#'   `women`, `mhld` and `levels` (the cohort labels in table order: the age
#'   bands, then MHLD, then Women).
#' @seealso [assign_cohort()] to apply a model.
#' @examples
#' cohort_model()
#' # A model with a separate band for 18 to 20 year olds and no MHLD cohort
#' cohort_model(c(18, 21, 26, 50),
#'              c("18-20", "21-25", "26-49", "50 and over"), mhld = NULL)
#' @export
cohort_model <- function(age_breaks = c(18, 26, 50),
                         age_labels = c("Young Males", "Adult Males",
                                        "Mature Males"),
                         women = "Women", mhld = "MHLD") {
  check_numeric(age_breaks, "age_breaks")
  if (length(age_breaks) == 0L || anyNA(age_breaks) ||
      any(!is.finite(age_breaks))) {
    abort("`age_breaks` must hold at least one finite age.")
  }
  if (any(age_breaks < 0)) {
    abort("`age_breaks` must not be negative.")
  }
  if (is.unsorted(age_breaks, strictly = TRUE)) {
    abort("`age_breaks` must be strictly increasing.")
  }
  if (!is.character(age_labels) || anyNA(age_labels) ||
      any(!nzchar(age_labels))) {
    abort("`age_labels` must be a character vector of non-empty labels.")
  }
  if (length(age_labels) != length(age_breaks)) {
    abort("`age_labels` must have one label per age break (",
          length(age_breaks), "), not ", length(age_labels), ".")
  }
  check_string(women, "women", null_ok = TRUE)
  check_string(mhld, "mhld", null_ok = TRUE)
  levels <- c(age_labels, mhld, women)
  if (anyDuplicated(levels)) {
    abort("Cohort labels must be unique; ", show_values(
      levels[duplicated(levels)]), " is used twice.")
  }
  structure(
    list(age_breaks = as.numeric(age_breaks), age_labels = age_labels,
         women = women, mhld = mhld, levels = levels),
    class = "cohort_model"
  )
}

#' The London CRC cohort model of December 2015
#'
#' The offender cohorts the London Community Rehabilitation Company used from
#' December 2015: Young Males (18 to 25), Adult Males (26 to 49), Mature Males
#' (50 and over), Mental Health and Learning Disabilities (MHLD, any sex and
#' age) and Women (any age). MHLD takes precedence over Women, and both over
#' age.
#'
#' @return A `cohort_model`; see [cohort_model()].
#' @examples
#' crc_cohort_model()
#' crc_cohort_model()$levels
#' @export
crc_cohort_model <- function() {
  cohort_model()
}

#' @export
print.cohort_model <- function(x, ...) {
  breaks <- x$age_breaks
  upper <- c(breaks[-1L] - 1, NA)
  ages <- ifelse(is.na(upper), paste0(format(breaks), " and over"),
                 paste0(breaks, " to ", upper))
  cat("<cohort_model> ", length(x$levels), " cohorts, in precedence order\n",
      sep = "")
  if (!is.null(x$mhld)) cat("  ", x$mhld, ": any sex, any age\n", sep = "")
  if (!is.null(x$women)) cat("  ", x$women, ": any age\n", sep = "")
  who <- if (is.null(x$women)) "all" else "males"
  for (k in seq_along(breaks)) {
    cat("  ", x$age_labels[k], ": ", who, " aged ", ages[k], "\n", sep = "")
  }
  invisible(x)
}

#' Assign offenders to cohorts
#'
#' Sorts each offender into a cohort of `model`: MHLD first (any sex), then
#' Women (any age), then the male age bands, whose lower bounds are inclusive.
#' The assignment is computed in C in one pass.
#'
#' An offender gets `NA` when the answer depends on something unknown: `mhld`
#' is `NA`, `sex` is `NA` (and the offender is not MHLD), or a man's `age` is
#' `NA`. Ages under the first break (youth justice) also give `NA`.
#'
#' @param age Age in years (completed years; see [age_at()]), numeric.
#' @param sex `"M"`/`"F"` or `"Male"`/`"Female"` in any case, or a factor of
#'   those; `NA` allowed. Same length as `age`.
#' @param mhld Logical: is the offender in the Mental Health and Learning
#'   Disabilities cohort? Length 1 or the length of `age`.
#' @param model A [cohort_model()]; the London CRC model by default.
#' @return A factor the length of `age` whose levels are `model$levels` (all
#'   of them, so that empty cohorts stay in tables).
#' @examples
#' assign_cohort(age = c(19, 25, 26, 49, 50, 30, 17),
#'               sex = c("M", "M", "male", "Male", "M", "F", "M"),
#'               mhld = c(FALSE, FALSE, FALSE, TRUE, FALSE, FALSE, FALSE))
#' @export
assign_cohort <- function(age, sex, mhld = FALSE, model = crc_cohort_model()) {
  if (!inherits(model, "cohort_model")) {
    abort("`model` must be a cohort model from cohort_model(), not ",
          type_name(model), ".")
  }
  check_numeric(age, "age")
  n <- length(age)
  if (any(age < 0, na.rm = TRUE)) {
    abort("`age` must not be negative; found ",
          show_values(age[!is.na(age) & age < 0]), ".")
  }
  if (any(is.infinite(age))) {
    abort("`age` must be finite.")
  }
  if (length(sex) != n) {
    abort("`sex` must have the same length as `age` (", n, "), not ",
          length(sex), ".")
  }
  sex_code <- sex_codes(sex)
  if (is.numeric(mhld) && !is.factor(mhld) && all(mhld %in% c(0, 1, NA))) {
    mhld <- as.logical(mhld)
  }
  if (!is.logical(mhld)) {
    abort("`mhld` must be logical (TRUE, FALSE or NA), not ",
          type_name(mhld), ".")
  }
  if (length(mhld) != 1L) check_same_length(mhld, n, "mhld", "age")
  codes <- .Call(C_assign_cohort, as.double(age), sex_code, mhld,
                 model$age_breaks, !is.null(model$women), !is.null(model$mhld))
  structure(codes, levels = model$levels, class = "factor")
}

# Sex as integer codes: 1 male, 2 female, NA unknown.
sex_codes <- function(sex) {
  if (is.factor(sex)) sex <- as.character(sex)
  if (!is.character(sex)) {
    abort("`sex` must be character or a factor (\"M\"/\"F\" or ",
          "\"Male\"/\"Female\"), not ", type_name(sex), ".")
  }
  key <- toupper(trimws(sex))
  code <- match(key, c("M", "F", "MALE", "FEMALE"))
  bad <- is.na(code) & !is.na(sex)
  if (any(bad)) {
    abort("`sex` must be \"M\"/\"F\" or \"Male\"/\"Female\" (any case); ",
          "found ", show_values(sex[bad]), ".")
  }
  as.integer((code - 1L) %% 2L + 1L)
}

#' Age in completed years
#'
#' The number of whole years from `dob` to `date`, as used for cohort age
#' bands. A 29 February birthday is reached on 1 March in years that are not
#' leap years.
#'
#' @param dob Dates of birth: `Date`, character in ISO 8601 form
#'   (`"1990-05-17"`), or date-times (`POSIXct`, `POSIXlt`), which are taken
#'   as the dates they fall on in their own time zone.
#' @param date The dates at which to take the age, same forms; length 1 or the
#'   length of `dob` (or any length when `dob` has length 1).
#' @return An integer vector the length of the longer argument; `NA` where
#'   either date is `NA`.
#' @examples
#' age_at(as.Date(c("1990-05-17", "2000-02-29")), as.Date("2016-11-30"))
#' age_at("2000-02-29", c("2017-02-28", "2017-03-01"))
#' @export
age_at <- function(dob, date) {
  dob <- as_date_arg(dob, "dob")
  date <- as_date_arg(date, "date")
  if (length(dob) == 1L && length(date) > 1L) dob <- rep(dob, length(date))
  if (length(date) != 1L) check_same_length(date, length(dob), "date", "dob")
  if (length(dob) == 0L) return(integer())
  later <- !is.na(dob) & !is.na(date) & dob > date
  if (any(later)) {
    abort("`dob` must not be after `date`; ", sum(later), " ",
          if (sum(later) == 1L) "date of birth is" else "dates of birth are",
          " later, the first at position ", which(later)[1L], ".")
  }
  born <- as.POSIXlt(dob)
  at <- as.POSIXlt(date)
  before_birthday <- at$mon * 100L + at$mday < born$mon * 100L + born$mday
  as.integer(at$year - born$year - before_birthday)
}

as_date_arg <- function(x, arg) {
  # A date-time is a date where it was recorded, not in UTC: as.Date()
  # would move 00:30 in London (BST) to the day before.
  if (inherits(x, "POSIXt")) {
    tz <- attr(x, "tzone")[1L]
    x <- as.Date(x, tz = if (is.null(tz) || is.na(tz)) "" else tz)
  }
  if (inherits(x, "Date")) {
    if (any(!is.finite(unclass(x)) & !is.na(x))) {
      abort("`", arg, "` must hold finite dates.")
    }
    return(x)
  }
  if (is.character(x)) {
    parsed <- as.Date(x, format = "%Y-%m-%d")
    bad <- (is.na(parsed) | !grepl("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", x)) &
      !is.na(x)
    if (any(bad)) {
      abort("`", arg, "` must hold dates as YYYY-MM-DD; cannot read ",
            show_values(x[bad]), ".")
    }
    return(parsed)
  }
  abort("`", arg, "` must be a Date or character YYYY-MM-DD, not ",
        type_name(x), ".")
}
