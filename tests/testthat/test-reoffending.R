day <- function(x) as.Date(x)

# One offender, index date `index`, and offences given as committed/proven.
one <- function(index, committed, proven, ...) {
  cohort <- data.frame(id = 1L, index_date = day(index))
  offences <- data.frame(id = 1L, offence_date = day(committed),
                         proven_date = day(proven))
  proven_reoffending(cohort, offences, ...)
}
counted <- function(index, committed, proven, ...) {
  one(index, committed, proven, ...)$reoffences
}

# The plain-R answer: every offence of every offender compared with windows
# from seq(), one offender at a time.
oracle <- function(cohort, offences, follow_up = "1 year",
                   waiting = "6 months") {
  n <- nrow(cohort)
  reoffences <- integer(n)
  first <- rep(as.Date(NA), n)
  for (i in seq_len(n)) {
    fu_end <- seq(cohort$index_date[i], by = follow_up, length.out = 2)[2]
    wait_end <- seq(fu_end, by = waiting, length.out = 2)[2]
    mine <- offences[!is.na(offences$id) & offences$id == cohort$id[i], ]
    hit <- mine$offence_date > cohort$index_date[i] &
      mine$offence_date <= fu_end &
      !is.na(mine$proven_date) & mine$proven_date <= wait_end
    reoffences[i] <- sum(hit)
    if (any(hit)) first[i] <- min(mine$offence_date[hit])
  }
  data.frame(reoffended = reoffences > 0, reoffences = reoffences,
             first_reoffence = first)
}

random_records <- function(n = 300, m = 1500, seed = 1) {
  set.seed(seed)
  cohort <- data.frame(
    id = sample(1e5, n),
    index_date = day("2015-01-01") + sample(0:800, n, replace = TRUE),
    group = sample(c("a", "b", "c"), n, replace = TRUE),
    stringsAsFactors = FALSE
  )
  # Some on 29 February and on the 31st of a month.
  cohort$index_date[1:6] <- day(c("2016-02-29", "2016-01-31", "2016-08-31",
                                  "2015-12-31", "2016-03-31", "2016-10-31"))
  ids <- c(cohort$id, sample(1e5 + 1:1000, 50))   # and some outsiders
  who <- sample(ids, m, replace = TRUE)
  base <- cohort$index_date[match(who, cohort$id)]
  base[is.na(base)] <- day("2016-01-01")
  committed <- base + sample(-60:600, m, replace = TRUE)
  proven <- committed + sample(0:400, m, replace = TRUE)
  proven[sample(m, m %/% 10)] <- NA
  offences <- data.frame(id = who, offence_date = committed,
                         proven_date = proven)
  list(cohort = cohort, offences = offences)
}

test_that("offences count from the day after the index date", {
  expect_identical(counted("2015-06-15", "2015-06-15", "2015-06-20"), 0L)
  expect_identical(counted("2015-06-15", "2015-06-16", "2015-06-20"), 1L)
  expect_identical(counted("2015-06-15", "2015-06-14", "2015-06-20"), 0L)
})

test_that("the last day of follow-up counts and the day after does not", {
  expect_identical(counted("2015-06-15", "2016-06-15", "2016-07-01"), 1L)
  expect_identical(counted("2015-06-15", "2016-06-16", "2016-07-01"), 0L)
})

test_that("proof on the last day of waiting counts and the day after not", {
  # Follow-up ends 2016-06-15; six months of waiting end 2016-12-15.
  expect_identical(counted("2015-06-15", "2016-01-10", "2016-12-15"), 1L)
  expect_identical(counted("2015-06-15", "2016-01-10", "2016-12-16"), 0L)
  expect_identical(counted("2015-06-15", "2016-01-10", NA), 0L)
  # Proven on the day it was committed counts.
  expect_identical(counted("2015-06-15", "2016-01-10", "2016-01-10"), 1L)
})

test_that("29 February index dates follow seq(): one year ends 1 March", {
  expect_identical(seq(day("2016-02-29"), by = "1 year", length.out = 2)[2],
                   day("2017-03-01"))
  expect_identical(counted("2016-02-29", "2017-03-01", "2017-03-05"), 1L)
  expect_identical(counted("2016-02-29", "2017-03-02", "2017-03-05"), 0L)
  # Waiting runs on from the end of follow-up: 2017-03-01 + 6 months.
  expect_identical(counted("2016-02-29", "2017-01-01", "2017-09-01"), 1L)
  expect_identical(counted("2016-02-29", "2017-01-01", "2017-09-02"), 0L)
  # Four years on, 29 February exists again.
  expect_identical(counted("2016-02-29", "2020-02-29", "2020-03-01",
                           follow_up = "4 years"), 1L)
  expect_identical(counted("2016-02-29", "2020-03-01", "2020-03-01",
                           follow_up = "4 years"), 0L)
})

test_that("month ends roll over as in seq()", {
  # 2015-08-31 + 1 year = 2016-08-31; + 6 months = "2017-02-31" = 03-03.
  expect_identical(counted("2015-08-31", "2016-01-01", "2017-03-03"), 1L)
  expect_identical(counted("2015-08-31", "2016-01-01", "2017-03-04"), 0L)
  # 2015-01-31 + 1 month = "2015-02-31" = 2015-03-03.
  expect_identical(counted("2015-01-31", "2015-03-03", "2015-03-03",
                           follow_up = "1 month", waiting = 0), 1L)
  expect_identical(counted("2015-01-31", "2015-03-04", "2015-03-04",
                           follow_up = "1 month", waiting = 0), 0L)
})

test_that("period ends equal seq() for every day and every unit", {
  dates <- seq(day("2011-01-01"), day("2021-12-31"), by = "day")
  for (by in c("1 year", "6 months", "3 months", "1 month", "2 quarters",
               "26 weeks", "90 days", "year", "2 years", "0 months")) {
    period <- reoffending:::check_period(by, "follow_up")
    got <- as.Date(reoffending:::add_period(unclass(dates), period),
                   origin = "1970-01-01")
    if (by == "0 months") {
      expect_identical(got, dates)
      next
    }
    want <- as.Date(vapply(dates, function(d) {
      as.numeric(seq(d, by = by, length.out = 2)[2])
    }, numeric(1)), origin = "1970-01-01")
    expect_identical(got, want, label = by)
  }
  days <- reoffending:::add_period(unclass(dates), reoffending:::check_period(
    365, "follow_up"))
  expect_identical(days, unclass(dates) + 365)
})

test_that("index dates far apart, and fractions of a day", {
  # Index dates a century apart take the distinct-date route.
  cohort <- data.frame(id = 1:3,
                       index_date = day(c("1916-02-29", "2016-02-29",
                                          "2016-02-29")))
  offences <- data.frame(id = 1:3,
                         offence_date = day(c("1917-03-01", "2017-03-01",
                                              "2017-03-02")),
                         proven_date = day(c("1917-09-01", "2017-09-01",
                                             "2017-03-02")))
  res <- proven_reoffending(cohort, offences)
  expect_identical(res$reoffences, c(1L, 1L, 0L))
  ends <- reoffending:::period_ends(cohort$index_date,
                                    reoffending:::check_period("1 year", "f"),
                                    reoffending:::check_period("6 months",
                                                               "w"))
  expect_identical(ends$follow_up,
                   unclass(day(c("1917-03-01", "2017-03-01", "2017-03-01"))))
  # A fraction of a day is its calendar day, as R prints it.
  cohort <- data.frame(id = 1L, index_date = day("2015-06-15") + 0.75)
  offences <- data.frame(id = 1L,
                         offence_date = day(c("2015-06-15", "2016-06-15")) +
                           c(0.9, 0.5),
                         proven_date = day(c("2015-06-20", "2016-12-15")) +
                           0.99)
  res <- proven_reoffending(cohort, offences)
  expect_identical(res$reoffences, 1L)
  expect_identical(res$first_reoffence, day("2016-06-15"))
})

test_that("numbers and difftimes are days", {
  expect_identical(counted("2015-06-15", "2016-06-14", "2016-06-14",
                           follow_up = 365, waiting = 0), 1L)
  expect_identical(counted("2015-06-15", "2016-06-15", "2016-06-15",
                           follow_up = 365, waiting = 0), 0L)
  expect_identical(counted("2015-06-15", "2015-06-20", "2015-06-30",
                           follow_up = 10, waiting = 5), 1L)
  expect_identical(counted("2015-06-15", "2015-06-20", "2015-07-01",
                           follow_up = 10, waiting = 5), 0L)
  expect_identical(counted("2015-06-15", "2015-06-20", "2015-07-01",
                           follow_up = as.difftime(2, units = "weeks"),
                           waiting = as.difftime(10, units = "days")), 1L)
  # Zero follow-up: nothing can count.
  expect_identical(counted("2015-06-15", "2015-06-16", "2015-06-16",
                           follow_up = 0), 0L)
})

test_that("the result is the cohort with four columns added", {
  res <- one("2015-06-15", c("2015-07-01", "2015-05-01", "2015-09-01"),
             c("2015-08-01", "2015-05-05", "2015-09-02"))
  expect_identical(names(res), c("id", "index_date", "reoffended",
                                 "reoffences", "first_reoffence",
                                 "days_to_first"))
  expect_identical(res$days_to_first, 16L)
  expect_identical(res$reoffended, TRUE)
  expect_identical(res$reoffences, 2L)
  expect_identical(res$first_reoffence, day("2015-07-01"))
  # Existing columns of those names are replaced.
  again <- proven_reoffending(res, data.frame(
    id = 1L, offence_date = day("2015-05-01"),
    proven_date = day("2015-05-02")))
  expect_identical(names(again), names(res))
  expect_identical(again$reoffences, 0L)
  expect_identical(again$first_reoffence, as.Date(NA))
})

test_that("random data agree with a plain-R oracle", {
  for (seed in 1:3) {
    d <- random_records(seed = seed)
    res <- proven_reoffending(d$cohort, d$offences)
    want <- oracle(d$cohort, d$offences)
    expect_identical(res$reoffences, want$reoffences)
    expect_identical(res$reoffended, want$reoffended)
    expect_identical(res$first_reoffence, want$first_reoffence)
    expect_identical(res[names(d$cohort)], d$cohort)
    expect_gt(sum(res$reoffences), 0)
  }
  d <- random_records(seed = 4)
  res <- proven_reoffending(d$cohort, d$offences, follow_up = "6 months",
                            waiting = "3 months")
  want <- oracle(d$cohort, d$offences, "6 months", "3 months")
  expect_identical(res$reoffences, want$reoffences)
  expect_identical(res$first_reoffence, want$first_reoffence)
})

test_that("the order of the input does not matter", {
  d <- random_records(seed = 5)
  res <- proven_reoffending(d$cohort, d$offences)
  set.seed(6)
  shuffled <- d$offences[sample(nrow(d$offences)), ]
  expect_identical(proven_reoffending(d$cohort, shuffled), res)
  sorted <- d$offences[order(d$offences$id, d$offences$offence_date), ]
  expect_identical(proven_reoffending(d$cohort, sorted), res)
  flipped <- d$cohort[rev(seq_len(nrow(d$cohort))), ]
  res_flipped <- proven_reoffending(flipped, d$offences)
  expect_identical(res_flipped$reoffences, rev(res$reoffences))
})

test_that("ids may be integer, numeric, character or factor", {
  d <- random_records(seed = 7)
  res <- proven_reoffending(d$cohort, d$offences)
  as_kind <- function(f) {
    cohort <- d$cohort
    offences <- d$offences
    cohort$id <- f(cohort$id)
    offences$id <- f(offences$id)
    proven_reoffending(cohort, offences)$reoffences
  }
  expect_identical(as_kind(as.numeric), res$reoffences)
  expect_identical(as_kind(function(x) paste0("P", x)), res$reoffences)
  expect_identical(as_kind(function(x) factor(paste0("P", x))),
                   res$reoffences)
  # Integer in one and double in the other is fine: both are numbers.
  cohort <- d$cohort
  cohort$id <- as.numeric(cohort$id)
  expect_identical(proven_reoffending(cohort, d$offences)$reoffences,
                   res$reoffences)
  # Other column names.
  cohort <- d$cohort
  names(cohort) <- c("pid", "released", "group")
  offences <- d$offences
  names(offences) <- c("pid", "committed", "convicted")
  renamed <- proven_reoffending(cohort, offences, id = "pid",
                                index_date = "released",
                                offence_date = "committed",
                                proven_date = "convicted")
  expect_identical(renamed$reoffences, res$reoffences)
})

test_that("an empty cohort, no offences and outsiders only", {
  d <- random_records(seed = 8)
  empty <- proven_reoffending(d$cohort[0, ], d$offences)
  expect_identical(nrow(empty), 0L)
  expect_identical(empty$reoffences, integer())
  expect_identical(empty$reoffended, logical())
  expect_identical(empty$first_reoffence, as.Date(character()))
  none <- proven_reoffending(d$cohort, d$offences[0, ])
  expect_identical(none$reoffences, integer(nrow(d$cohort)))
  expect_false(any(none$reoffended))
  expect_true(all(is.na(none$first_reoffence)))
  outsiders <- d$offences
  outsiders$id <- outsiders$id + 1e6L
  expect_identical(proven_reoffending(d$cohort, outsiders)$reoffences,
                   integer(nrow(d$cohort)))
  # Outsiders' unusable dates are ignored, as are their offences.
  outsiders$offence_date[1] <- NA
  outsiders$proven_date[2] <- outsiders$offence_date[2] - 10
  expect_silent(proven_reoffending(d$cohort, outsiders))
  rates <- reoffending_rates(empty)
  expect_identical(rates$offenders, 0L)
  expect_identical(rates$proportion, NA_real_)
})

test_that("integer-backed dates and data.table input work", {
  d <- random_records(seed = 9)
  res <- proven_reoffending(d$cohort, d$offences)
  cohort <- d$cohort
  cohort$index_date <- structure(as.integer(unclass(cohort$index_date)),
                                 class = "Date")
  offences <- d$offences
  offences$offence_date <- structure(
    as.integer(unclass(offences$offence_date)), class = "Date")
  expect_identical(proven_reoffending(cohort, offences)$reoffences,
                   res$reoffences)
  skip_if_not_installed("data.table")
  dt <- proven_reoffending(data.table::as.data.table(d$cohort),
                           data.table::as.data.table(d$offences))
  expect_s3_class(dt, "data.table")
  expect_identical(dt$reoffences, res$reoffences)
})

test_that("cohort errors name the argument and the rows", {
  d <- random_records(n = 10, m = 20, seed = 10)
  c0 <- d$cohort
  o0 <- d$offences
  expect_error(proven_reoffending(1:3, o0), "`cohort` must be a data frame")
  expect_error(proven_reoffending(c0, list()),
               "`offences` must be a data frame")
  expect_error(proven_reoffending(c0, o0, id = "pid"),
               "`id` must select columns of `cohort`: .*`pid` doesn't exist")
  o1 <- o0
  names(o1)[1] <- "pid"
  expect_error(proven_reoffending(c0, o1),
               "`id` must select columns of `offences`: .*`id` doesn't exist")
  expect_error(proven_reoffending(c0, o0, index_date = "released"),
               "`index_date` must select columns of `cohort`: .*`released`")
  expect_error(proven_reoffending(c0, o0, offence_date = NA),
               "`offence_date` must select columns of `offences`: .*missing values")
  expect_error(proven_reoffending(c0, o0, proven_date = c("offence_date", "proven_date")),
               "`proven_date` must name one column of `offences`, not 2")
  c1 <- c0
  c1$id[c(3, 7)] <- c0$id[1]
  expect_error(proven_reoffending(c1, o0),
               paste0("`id` must identify each offender of `cohort` once; ",
                      "duplicated: \"", c0$id[1], "\""))
  c1 <- c0
  c1$id[c(2, 5)] <- NA
  expect_error(proven_reoffending(c1, o0),
               "`id` must be known .* missing in rows 2 and 5 of `cohort`")
  c1 <- c0
  c1$index_date[4] <- NA
  expect_error(proven_reoffending(c1, o0),
               "`index_date` must be known .* missing in row 4\\.")
  c1 <- c0
  c1$index_date <- as.character(c1$index_date)
  expect_error(proven_reoffending(c1, o0),
               "`index_date` must name a Date column of `cohort`, not char")
  c1$index_date <- as.POSIXct(c0$index_date)
  expect_error(proven_reoffending(c1, o0), "must name a Date column")
  c1 <- c0
  c1$index_date[2] <- structure(Inf, class = "Date")
  expect_error(proven_reoffending(c1, o0),
               "`index_date` must hold possible dates.*in row 2\\.")
  c1$index_date[2] <- structure(1e12, class = "Date")
  expect_error(proven_reoffending(c1, o0), "out of range in row 2")
})

test_that("id kinds must agree and be usable", {
  d <- random_records(n = 10, m = 20, seed = 11)
  o1 <- d$offences
  o1$id <- as.character(o1$id)
  expect_error(proven_reoffending(d$cohort, o1),
               "numeric in `cohort` and character in `offences`")
  o1$id <- o1$id > 0
  expect_error(proven_reoffending(d$cohort, o1),
               "`id` must name an integer, numeric or character column")
  c1 <- d$cohort
  c1$id <- as.list(c1$id)
  c1 <- data.frame(id = I(as.list(d$cohort$id)),
                   index_date = d$cohort$index_date)
  expect_error(proven_reoffending(c1, d$offences),
               "in `cohort` it is")
})

test_that("offence errors name the rows of `offences`", {
  cohort <- data.frame(id = c("a", "b"),
                       index_date = day(c("2015-01-01", "2015-06-01")))
  offences <- data.frame(
    id = c("a", "b", "a", "z", "b"),
    offence_date = day(c("2015-03-01", "2015-07-01", "2015-04-01",
                         "2015-04-01", "2015-08-01")),
    proven_date = day(c("2015-03-10", "2015-07-10", "2015-04-10",
                        "2015-03-01", "2015-08-10")))
  expect_identical(proven_reoffending(cohort, offences)$reoffences, c(2L, 2L))
  o1 <- offences
  o1$offence_date[c(2, 5)] <- NA
  expect_error(proven_reoffending(cohort, o1),
               "`offence_date` must be known .* in rows 2 and 5\\.")
  o1$offence_date[2] <- structure(Inf, class = "Date")
  expect_error(proven_reoffending(cohort, o1), "rows 2 and 5")
  o1 <- offences
  o1$proven_date[3] <- structure(-Inf, class = "Date")
  expect_error(proven_reoffending(cohort, o1),
               "`proven_date` must be a possible date.* in row 3\\.")
  o1 <- offences
  o1$proven_date[c(1, 5)] <- o1$offence_date[c(1, 5)] - 1
  expect_error(proven_reoffending(cohort, o1),
               paste0("proven before it was committed.* rows 1 \\(committed ",
                      "2015-03-01, proven 2015-02-28\\) and 5 \\(committed ",
                      "2015-08-01, proven 2015-07-31\\) of `offences`"))
  o1 <- offences
  o1$offence_date <- format(o1$offence_date)
  expect_error(proven_reoffending(cohort, o1),
               "`offence_date` must name a Date column of `offences`")
  o1 <- offences
  o1$proven_date <- as.numeric(o1$proven_date)
  expect_error(proven_reoffending(cohort, o1),
               "`proven_date` must name a Date column .* not numeric")
  many <- offences[rep(1, 8), ]
  many$proven_date <- many$offence_date - 1
  expect_error(proven_reoffending(cohort, many),
               "rows 1 \\(.*\\), 2 .* 5 \\(.*\\) and 3 more of `offences`")
})

test_that("periods must be readable and not negative", {
  d <- random_records(n = 10, m = 10, seed = 12)
  run <- function(...) proven_reoffending(d$cohort, d$offences, ...)
  expect_error(run(follow_up = "-1 year"),
               "`follow_up` must not be negative; it is \"-1 year\"")
  expect_error(run(waiting = -3), "`waiting` must not be negative; it is -3")
  expect_error(run(waiting = as.difftime(-1, units = "days")),
               "`waiting` must not be negative")
  expect_error(run(follow_up = "1 fortnight"),
               "`follow_up` must be .*; cannot read \"1 fortnight\"")
  expect_error(run(follow_up = "1.5 years"), "cannot read \"1.5 years\"")
  expect_error(run(follow_up = 1.5),
               "`follow_up` must be a whole number of days, not 1.5")
  expect_error(run(follow_up = Inf), "whole number of days")
  expect_error(run(follow_up = NA), "`follow_up` must be a number of days")
  expect_error(run(follow_up = c("1 year", "2 years")),
               "`follow_up` must be .*, not character vector")
  expect_error(run(waiting = character()), "`waiting` must be a number")
  expect_error(run(follow_up = "5000000 years"),
               "`follow_up` takes the end of the follow-up beyond the range")
  expect_error(run(waiting = 1e10),
               "`waiting` takes the end of the waiting period beyond")
})

# reoffending_rates -----------------------------------------------------------

test_that("rates equal base R sums and prop.test's Wilson interval", {
  d <- random_records(n = 2000, m = 6000, seed = 13)
  res <- proven_reoffending(d$cohort, d$offences)
  rates <- reoffending_rates(res, by = group)
  expect_s3_class(rates, "report_table")
  expect_identical(names(rates), c("group", "offenders", "reoffenders",
                                   "reoffences", "proportion",
                                   "proportion_lower", "proportion_upper",
                                   "per_reoffender", "frequency"))
  expect_identical(rates$group, c("a", "b", "c"))
  expect_identical(rates$offenders, as.integer(table(res$group)))
  expect_identical(rates$reoffenders,
                   as.integer(tapply(res$reoffended, res$group, sum)))
  expect_identical(rates$reoffences,
                   as.integer(tapply(res$reoffences, res$group, sum)))
  expect_equal(rates$proportion, rates$reoffenders / rates$offenders)
  expect_equal(rates$per_reoffender, rates$reoffences / rates$reoffenders)
  expect_equal(rates$frequency, rates$reoffences / rates$offenders)
  for (k in 1:3) {
    ci <- stats::prop.test(rates$reoffenders[k], rates$offenders[k],
                           correct = FALSE)$conf.int
    expect_equal(c(rates$proportion_lower[k], rates$proportion_upper[k]),
                 as.numeric(ci))
  }
  ci90 <- reoffending_rates(res, conf_level = 0.9)
  want <- stats::prop.test(sum(res$reoffended), nrow(res), correct = FALSE,
                           conf.level = 0.9)$conf.int
  expect_equal(c(ci90$proportion_lower, ci90$proportion_upper),
               as.numeric(want))
  expect_identical(unname(record_roles(rates)),
                   c("label", "count", "count", "count", "proportion",
                     "proportion", "proportion", "rate", "rate"))
})

test_that("Wilson intervals at 0 and 1 and empty groups", {
  x <- data.frame(g = factor(c("none", "none", "all", "all"),
                             levels = c("none", "all", "empty")),
                  reoffended = c(FALSE, FALSE, TRUE, TRUE),
                  reoffences = c(0L, 0L, 1L, 4L))
  rates <- reoffending_rates(x, by = "g")
  expect_identical(rates$g, c("none", "all", "empty"))
  expect_identical(rates$offenders, c(2L, 2L, 0L))
  expect_identical(rates$proportion_lower[1], 0)
  wilson <- function(x, n) {
    suppressWarnings(stats::prop.test(x, n, correct = FALSE)$conf.int)
  }
  expect_equal(rates$proportion_upper[1], wilson(0, 2)[2])
  expect_identical(rates$proportion_upper[2], 1)
  expect_equal(rates$proportion_lower[2], wilson(2, 2)[1])
  expect_identical(rates$per_reoffender, c(NA, 2.5, NA))
  expect_identical(rates$proportion[3], NA_real_)
  expect_identical(rates$proportion_lower[3], NA_real_)
  out <- capture.output(print(rates))
  # Measures of an empty group are not applicable.
  expect_match(out, "^empty +0 +0 +0 +\\[z\\]", all = FALSE)
})

test_that("rates by two columns, numeric 0/1 input and a Missing group", {
  x <- data.frame(year = c(2015, 2014, 2015, 2015, NA),
                  sex = c("M", "F", "F", "M", "M"),
                  reoffended = c(1, 0, 1, 0, 1),
                  reoffences = c(2, 0, 1, 0, 3))
  rates <- reoffending_rates(x, by = c(year, sex))
  expect_identical(rates$year, c("2014", "2014", "2015", "2015", "Missing",
                                 "Missing"))
  expect_identical(rates$sex, rep(c("F", "M"), 3))
  expect_identical(rates$offenders, c(1L, 0L, 1L, 2L, 0L, 1L))
  expect_identical(rates$reoffences, c(0L, 0L, 1L, 2L, 0L, 3L))
  expect_identical(table_record(rates)$title,
                   "Proven reoffending, by year and sex")
  by_name <- c("year", "sex")
  expect_identical(reoffending_rates(x, by = by_name), rates)
  one_row <- reoffending_rates(x)
  expect_identical(one_row$offenders, 5L)
  expect_identical(one_row$reoffences, 6L)
  expect_identical(names(one_row)[1], "offenders")
})

test_that("reoffending_rates() names the bad argument", {
  x <- data.frame(g = c("a", "b"), reoffended = c(TRUE, FALSE),
                  reoffences = c(1L, 0L))
  expect_error(reoffending_rates(1:3), "`x` must be a data frame")
  expect_error(reoffending_rates(x[-2]),
               "`x` must have the columns .* no \"reoffended\"")
  expect_error(reoffending_rates(x, by = nope), "`by` must select columns of `x`: .*`nope` doesn't exist")
  expect_error(reoffending_rates(x, by = reoffences),
               "`by` must not name `reoffended` or `reoffences`")
  expect_error(reoffending_rates(x, conf_level = 95),
               "`conf_level` must be a single number between 0 and 1")
  expect_error(reoffending_rates(x, conf_level = c(0.9, 0.95)),
               "`conf_level` must be")
  expect_error(reoffending_rates(x, conf_level = NA), "`conf_level` must be")
  y <- x
  y$reoffended <- c("yes", "no")
  expect_error(reoffending_rates(y),
               "`reoffended` must be logical \\(or 0 and 1\\), not character")
  y$reoffended <- c(TRUE, NA)
  expect_error(reoffending_rates(y),
               "`reoffended` must not be missing; it is NA in row 2 of `x`")
  y <- x
  y$reoffences <- c(NA, 0L)
  expect_error(reoffending_rates(y), "`reoffences` must not be missing")
  y$reoffences <- c(1.5, 0)
  expect_error(reoffending_rates(y),
               "`reoffences` must hold whole numbers from 0 up; found \"1.5\"")
  y$reoffences <- c(-1, 0)
  expect_error(reoffending_rates(y), "found \"-1\"")
  y$reoffences <- c("1", "0")
  expect_error(reoffending_rates(y),
               "`reoffences` must be numeric, not character")
  many <- data.frame(a = as.character(1:4000), b = as.character(4001:8000),
                     reoffended = FALSE, reoffences = 0L)
  expect_error(reoffending_rates(many, by = c(a, b)),
               "`by` makes 16,000,000 groups")
  y <- x
  y$reoffences <- c(0L, 2L)
  expect_error(reoffending_rates(y),
               "`reoffended` must be TRUE exactly .* rows 1 and 2 of `x`")
})

# compare_cohorts --------------------------------------------------------------

barnet_2015 <- c(offenders = 4262, reoffenders = 862, reoffences = 2570)
barnet_2014 <- c(offenders = 4588, reoffenders = 1016, reoffences = 2970)

test_that("compare_cohorts() lays out the Barnet table", {
  tab <- compare_cohorts(barnet_2015, barnet_2014, benchmark = 0.2353)
  expect_s3_class(tab, "report_table")
  expect_identical(names(tab), c("measure", "Current", "Previous", "Change",
                                 "Significant change", "Benchmark",
                                 "Against benchmark"))
  expect_identical(tab$measure, c(
    "Number of offenders in cohort", "Number of reoffenders",
    "Number of reoffences", "Proportion of offenders who reoffend",
    "Average number of reoffences per reoffender"))
  expect_equal(tab$Current, c(4262, 862, 2570, 862 / 4262, 2570 / 862))
  expect_equal(tab$Previous, c(4588, 1016, 2970, 1016 / 4588, 2970 / 1016))
  # The change in the proportion is in percentage points.
  expect_equal(tab$Change, (tab$Current - tab$Previous) * c(1, 1, 1, 100, 1))
  expect_identical(tab$Benchmark, c(NA, NA, NA, 0.2353, NA))
  expect_identical(table_record(tab)$rows$measure,
                   c("count", "count", "count", "proportion", "rate"))
  cells <- format(tab)
  expect_identical(cells$Current, c("4,262", "862", "2,570", "20.2%", "3.0"))
  expect_identical(cells$Change, c("-326", "-154", "-400", "-1.9 pp", "+0.1"))
  expect_identical(cells$Benchmark, c("[x]", "[x]", "[x]", "23.5%", "[x]"))
})

test_that("the change in proportion is tested as prop.test does", {
  tab <- compare_cohorts(barnet_2015, barnet_2014)
  want <- stats::prop.test(c(862, 1016), c(4262, 4588), correct = FALSE)
  expect_identical(tab$`Significant change`, c(NA, NA, NA, "yes", NA))
  notes <- table_record(tab)$notes
  expect_match(notes[2], sprintf("p = %.3f", want$p.value), fixed = TRUE)
  expect_match(notes[2], sprintf("z = %.2f", -sqrt(want$statistic)),
               fixed = TRUE)
  expect_false("Benchmark" %in% names(tab))
  # At 99% it is not significant (p is about 0.027).
  strict <- compare_cohorts(barnet_2015, barnet_2014, conf_level = 0.99)
  expect_identical(strict$`Significant change`[4], "no")
  same <- compare_cohorts(barnet_2015, barnet_2015)
  expect_identical(same$`Significant change`[4], "no")
  expect_identical(same$Change, rep(0, 5))
  none <- c(offenders = 10, reoffenders = 0, reoffences = 0)
  expect_identical(compare_cohorts(none, none)$`Significant change`[4], "no")
})

test_that("better, similar or worse than the benchmark, by polarity", {
  # Barnet 2015: 20.2%, 95% Wilson interval about 19.0% to 21.5%.
  verdict <- function(benchmark, polarity = "lower") {
    compare_cohorts(barnet_2015, barnet_2014, benchmark = benchmark,
                    polarity = polarity)$`Against benchmark`[4]
  }
  ci <- stats::prop.test(862, 4262, correct = FALSE)$conf.int
  expect_identical(verdict(0.2353), "better")
  expect_identical(verdict(0.2353, "higher"), "worse")
  expect_identical(verdict(0.17), "worse")
  expect_identical(verdict(0.17, "higher"), "better")
  expect_identical(verdict(0.205), "similar")
  expect_identical(verdict(ci[1]), "similar")
  expect_identical(verdict(ci[2]), "similar")
  expect_identical(verdict(ci[2] + 1e-6), "better")
  expect_identical(verdict(ci[1] - 1e-6), "worse")
  # A benchmark given as counts, or as a rates row.
  london <- c(offenders = 100000, reoffenders = 23530, reoffences = 70590)
  tab <- compare_cohorts(barnet_2015, barnet_2014, benchmark = london,
                         labels = c("2015", "2014", "London"))
  expect_equal(tab$London, c(100000, 23530, 70590, 0.2353, 3))
  expect_identical(tab$`Against benchmark`, c(NA, NA, NA, "better", NA))
  expect_match(table_record(tab)$notes[3], "lower is better")
  measures <- compare_cohorts(barnet_2015, barnet_2014,
                              benchmark = list(proportion = 0.2353,
                                               per_reoffender = 3))
  expect_identical(measures$Benchmark, c(NA, NA, NA, 0.2353, 3))
})

test_that("rates rows go in, and label the columns", {
  followed <- proven_reoffending(barnet_cohort, barnet_offences)
  rates <- reoffending_rates(followed, by = cohort_year)
  tab <- compare_cohorts(rates[rates$cohort_year == "2015", ],
                         rates[rates$cohort_year == "2014", ],
                         benchmark = rates[rates$cohort_year == "2014", ])
  expect_identical(names(tab)[c(2, 3, 6)], c("2015", "2014", "Benchmark"))
  expect_equal(tab$`2015`, c(4262, 862, 2570, 862 / 4262, 2570 / 862))
  expect_equal(tab$Benchmark, tab$`2014`)
  expect_identical(table_record(tab)$title,
                   "Proven reoffending: 2015 against 2014 and Benchmark")
  # A label used twice falls back to the default.
  tab <- compare_cohorts(rates[1, ], rates[1, ])
  expect_identical(names(tab)[2:3], c("2014", "Previous"))
})

test_that("compare_cohorts() names the bad argument", {
  expect_error(compare_cohorts(barnet_2015[1:2], barnet_2014),
               "`current` must give the counts .* no \"reoffences\"")
  expect_error(compare_cohorts(barnet_2015, unname(barnet_2014)),
               "`previous` must be a one-row rates table or named counts")
  expect_error(compare_cohorts(barnet_2015, "x"), "`previous` must be")
  rates <- reoffending_rates(data.frame(g = c("a", "b"),
                                        reoffended = c(TRUE, FALSE),
                                        reoffences = c(1L, 0L)), by = g)
  expect_error(compare_cohorts(rates, barnet_2014),
               "`current` must be one row \\(one cohort\\), not 2 rows")
  bad <- barnet_2015
  bad["reoffenders"] <- 5000
  expect_error(compare_cohorts(bad, barnet_2014),
               "`current` has more reoffenders \\(5000\\) than offenders")
  bad <- barnet_2015
  bad["reoffences"] <- 10
  expect_error(compare_cohorts(bad, barnet_2014),
               "at least one reoffence per reoffender")
  bad["reoffences"] <- NA
  expect_error(compare_cohorts(bad, barnet_2014),
               "`current` must give `reoffences` as a single whole number")
  bad["reoffences"] <- 2570.5
  expect_error(compare_cohorts(bad, barnet_2014), "whole number")
  expect_error(compare_cohorts(c(offenders = 0, reoffenders = 0,
                                 reoffences = 0), barnet_2014),
               "`current` must have at least one offender")
  expect_error(compare_cohorts(barnet_2015, barnet_2014, benchmark = 23.53),
               "`benchmark` must give a proportion .*23.53% is 0.2353")
  expect_error(compare_cohorts(barnet_2015, barnet_2014,
                               benchmark = c(rate = 0.2)),
               "`benchmark` must give a proportion")
  expect_error(compare_cohorts(barnet_2015, barnet_2014,
                               benchmark = list(proportion = 0.2,
                                                per_reoffender = 0.5)),
               "`benchmark` must give `per_reoffender` as a single number")
  expect_error(compare_cohorts(barnet_2015, barnet_2014, polarity = "up"),
               "`polarity` must be one of \"lower\", \"higher\"")
  expect_error(compare_cohorts(barnet_2015, barnet_2014, conf_level = 1),
               "`conf_level` must be")
  expect_error(compare_cohorts(barnet_2015, barnet_2014, labels = "a"),
               "`labels` must be 2 non-empty strings")
  expect_error(compare_cohorts(barnet_2015, barnet_2014, benchmark = 0.2,
                               labels = c("a", "b")),
               "`labels` must be 3 non-empty strings.* and the benchmark")
  expect_error(compare_cohorts(barnet_2015, barnet_2014,
                               labels = c("a", "a")),
               "`labels` must be different from each other")
  expect_error(compare_cohorts(barnet_2015, barnet_2014,
                               labels = c("a", "Change")),
               "`labels` must be different")
})

test_that("error messages read well", {
  cohort <- data.frame(id = c("a", "b", "a"),
                       index_date = as.Date(c("2015-01-01", NA, NA)))
  offences <- data.frame(id = "a", offence_date = as.Date("2015-03-01"),
                         proven_date = as.Date("2015-02-01"))
  expect_snapshot(error = TRUE, {
    proven_reoffending(cohort, offences)
    proven_reoffending(cohort[1:2, ], offences)
    proven_reoffending(cohort[1, ], offences)
    proven_reoffending(cohort[1, ], offences, follow_up = "-1 year")
    proven_reoffending(cohort[1, ], offences, waiting = "half a year")
    reoffending_rates(data.frame(reoffended = TRUE, reoffences = 0L))
    compare_cohorts(c(offenders = 10, reoffenders = 20, reoffences = 20),
                    c(offenders = 10, reoffenders = 2, reoffences = 2))
  })
})
