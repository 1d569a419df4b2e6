as_at <- as.Date("2017-11-30")
havering_iom_table <- function(...) {
  iom_summary(havering_meetings, custody = havering_custody,
              arrests = havering_arrests, risk = risk, referral = referral,
              as_at = as_at, ...)
}

test_that("iom_summary() recreates every published Havering IOM figure", {
  res <- havering_iom_table()
  y <- as.data.frame(res)
  expect_identical(y$period, c("2014-15", "2015-16", "2016-17"))
  # "worked with 95 nominals"; "911 cases were discussed"; "on average 76
  # nominals were discussed each month"
  expect_identical(y$nominals[3], 95L)
  expect_identical(y$occasions, c(450L, 722L, 911L))
  expect_identical(round(y$occasions_per_month[3]), 76)
  # Green: "on all 95 occasions" (nominals), 76 of 722 and 30 of 450
  # (occasions), as havering_iom transcribes them
  expect_identical(y$green_nominals[3], 95L)
  expect_identical(y$green_nominal_share[3], 1)
  expect_identical(y$green_occasions[1:2], havering_iom$green[1:2])
  expect_identical(y$occasions[1:2], havering_iom$occasions[1:2])
  # "76% of the cohort did not re-enter custody": 72 of 95
  expect_identical(y$not_in_custody[3], 72L)
  expect_identical(round(100 * y$not_in_custody_share[3]), 76)
  # "30% ... consistent decrease" (29 of 95 is 30.5%), "26% ... consistent
  # increase", "25 of them were arrested"
  expect_identical(y$decreasing[3], 29L)
  expect_identical(floor(100 * y$decreasing_share[3]), 30)
  expect_identical(y$increasing[3], 25L)
  expect_identical(round(100 * y$increasing_share[3]), 26)
  expect_identical(y$arrested[3], 25L)
  # the denominators are stated
  expect_true(any(grepl("not like for like", table_record(res)$notes)))
  roles <- record_roles(res)
  expect_identical(roles[["green_occasion_share"]], "proportion")
  expect_identical(table_record(res)$columns$unit[
    table_record(res)$columns$name == "occasions"], "events")
})

# The rules of iom_summary(), in base R, person by person.
oracle_iom <- function(meetings, custody, arrests, periods, use_risk) {
  rag <- match(tolower(meetings$rag), c("green", "amber", "red"))
  level <- if (use_risk) meetings$risk else rag
  first <- tapply(as.numeric(meetings$date), meetings$id, min)
  out <- NULL
  for (k in seq_len(nrow(periods))) {
    inside <- meetings$date >= periods$start[k] &
      meetings$date <= periods$end[k]
    m <- meetings[inside, ]
    lv <- level[inside]
    rg <- rag[inside]
    ids <- unique(m$id)
    row <- c(nominals = length(ids), occasions = nrow(m),
             green_occasions = sum(rg == 1), green_nominals = 0,
             decreasing = 0, increasing = 0, custody = 0, arrested = 0)
    for (p in ids) {
      o <- order(m$date[m$id == p])
      l <- lv[m$id == p][o]
      r <- rg[m$id == p][o]
      row["green_nominals"] <- row["green_nominals"] + (r[length(r)] == 1)
      d <- diff(l)
      if (length(d) > 0) {
        row["decreasing"] <- row["decreasing"] + (all(d <= 0) && any(d < 0))
        row["increasing"] <- row["increasing"] + (all(d >= 0) && any(d > 0))
      }
      event <- function(x) {
        any(x$id == p & as.numeric(x$date) > first[[p]] &
              x$date >= periods$start[k] & x$date <= periods$end[k])
      }
      row["custody"] <- row["custody"] + event(custody)
      row["arrested"] <- row["arrested"] + event(arrests)
    }
    out <- rbind(out, row)
  }
  as.data.frame(out)
}

test_that("iom_summary() agrees with a base R oracle", {
  set.seed(3)
  n <- if (nzchar(Sys.getenv("REOFFENDING_VALGRIND"))) 150 else 800
  meetings <- data.frame(
    id = sample(sprintf("N%02d", 1:60), n, replace = TRUE),
    date = as.Date("2015-01-01") + sample(0:900, n, replace = TRUE),
    rag = sample(c("Red", "amber", "GREEN"), n, replace = TRUE),
    risk = sample(1:5, n, replace = TRUE))
  meetings <- meetings[!duplicated(meetings[c("id", "date")]), ]
  custody <- data.frame(id = sample(sprintf("N%02d", 1:80), 40, TRUE),
                        date = as.Date("2015-01-01") + sample(0:900, 40))
  arrests <- data.frame(id = sample(sprintf("N%02d", 1:80), 60, TRUE),
                        date = as.Date("2015-01-01") + sample(0:900, 60))
  periods <- calendar_quarters(2015, 2017)
  for (use_risk in c(TRUE, FALSE)) {
    res <- as.data.frame(iom_summary(
      meetings, custody, arrests, period = periods,
      risk = if (use_risk) "risk" else NULL, as_at = as.Date("2018-01-01")))
    oracle <- oracle_iom(meetings, custody, arrests, periods, use_risk)
    for (col in c("nominals", "occasions", "green_occasions",
                  "green_nominals", "decreasing", "increasing",
                  "arrested")) {
      expect_identical(as.numeric(res[[col]]), oracle[[col]], label = col)
    }
    expect_identical(as.numeric(res$not_in_custody),
                     oracle$nominals - oracle$custody)
    expect_equal(res$occasions_per_month, oracle$occasions / 3)
  }
})

test_that("custody before joining is not a re-entry; edges of the rule", {
  meetings <- data.frame(id = c("A", "A", "B"),
                         date = as.Date(c("2016-05-01", "2016-06-01",
                                          "2016-05-01")),
                         rag = c("Amber", "Green", "Red"))
  custody <- data.frame(id = c("A", "B", "C"),
                        date = as.Date(c("2016-05-01", "2016-05-02",
                                         "2016-06-01")))
  res <- iom_summary(meetings, custody = custody, as_at = "2017-04-01")
  # A's reception on the day of the first meeting is not after it; B's is
  expect_identical(res$not_in_custody, 1L)
  expect_identical(res$decreasing, 1L)
  expect_identical(res$green_nominals, 1L)
  expect_identical(res$period, "2016-17")
  expect_false("arrested" %in% names(res))
  # a period with no meetings gives NA shares, not 0
  two <- iom_summary(meetings, period = financial_years(2016, 2017),
                     as_at = "2018-04-01")
  expect_identical(two$nominals, c(2L, 0L))
  expect_true(is.na(two$green_nominal_share[2]))
})

test_that("repeated meeting rows warn with the rows and count once", {
  meetings <- data.frame(id = c("A", "A", "A"),
                         date = as.Date(c("2016-05-01", "2016-05-01",
                                          "2016-06-01")),
                         rag = c("Amber", "Amber", "Green"))
  expect_warning(res <- iom_summary(meetings, as_at = "2017-04-01"),
                 "row 2", class = "reoffending_warning_duplicates")
  expect_identical(res$occasions, 2L)
})

test_that("bad meeting records are errors naming the rows", {
  e <- "reoffending_error_bad_argument"
  good <- data.frame(id = c("A", "B"),
                     date = as.Date(c("2016-05-01", "2016-06-01")),
                     rag = c("Amber", "green"),
                     referral = as.Date(c("2016-04-01", "2016-06-02")))
  expect_snapshot_error(iom_summary(good, referral = referral,
                                    as_at = "2017-01-01"))
  bad_rag <- transform(good, rag = c("Amber", "Blue"))
  expect_error(iom_summary(bad_rag, as_at = "2017-01-01"), "Blue", class = e)
  expect_error(iom_summary(good, as_at = "2016-05-15"), "row 2", class = e)
  expect_error(iom_summary(transform(good, id = c("A", NA)),
                           as_at = "2017-01-01"), "row 2", class = e)
  expect_error(iom_summary(transform(good, date = as.Date(c(NA, "2016-06-01"))),
                           as_at = "2017-01-01"), "row 1", class = e)
  expect_error(iom_summary(good, risk = "rag", as_at = "2017-01-01"),
               "`risk`", class = e)
  expect_error(iom_summary(transform(good, risk = c(1, NA)), risk = risk,
                           as_at = "2017-01-01"), "row 2", class = e)
  expect_error(iom_summary(good, as_at = NA), "`as_at`", class = e)
  expect_error(iom_summary(list(), as_at = "2017-01-01"), "`meetings`",
               class = e)
  expect_error(iom_summary(good, rag = nope, as_at = "2017-01-01"), "`rag`",
               class = e)
  expect_error(iom_summary(good, custody = data.frame(id = "A"),
                           as_at = "2017-01-01"), "`custody`", class = e)
  expect_error(iom_summary(good, arrests = data.frame(id = "A",
                                                      date = "2017-02-01"),
                           as_at = "2017-01-01"), "`arrests`", class = e)
  expect_error(iom_summary(good, period = calendar_years(2016, 2016)[0, ],
                           as_at = "2017-01-01"), class = e)
  overlapping <- periods(as.Date(c("2016-01-01", "2016-03-01")),
                         as.Date(c("2016-12-31", "2016-12-31")), tile = FALSE)
  expect_error(iom_summary(good, period = overlapping, as_at = "2017-01-01"),
               class = "reoffending_error_periods")
})

test_that("the C engine refuses unsorted or out-of-range records", {
  call <- function(person, date, rag = c(1L, 1L)) {
    .Call(reoffending:::C_iom_summary, person, c(1L, 1L), date, rag, NULL,
          0, 1e4, 2L, NULL, NULL, NULL, NULL)
  }
  expect_error(call(c(2L, 1L), c(1, 2)), "sorted")
  expect_error(call(c(1L, 1L), c(2, 1)), "sorted")
  expect_error(call(c(1L, 3L), c(1, 2)), "out of range")
  expect_error(call(c(1L, 2L), c(1, 2), c(1L, 4L)), "out of range")
  expect_error(.Call(reoffending:::C_iom_summary, 1L, 1L, 1, 1L, NULL, 0, 1,
                     1L, c(0L, 2L), 1, NULL, NULL), "number of event dates")
  expect_identical(call(c(1L, 2L), c(1, 2))$nominals, 2L)
})
