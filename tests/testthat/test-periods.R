d <- function(x) as.Date(x)

test_that("financial years run April to March with 2015-16 labels", {
  fy <- financial_years(2014, 2016)
  expect_s3_class(fy, "report_periods")
  expect_identical(fy$label, c("2014-15", "2015-16", "2016-17"))
  expect_identical(fy$start, d(c("2014-04-01", "2015-04-01", "2016-04-01")))
  expect_identical(fy$end, d(c("2015-03-31", "2016-03-31", "2017-03-31")))
  # by dates inside the first and last years
  expect_identical(financial_years("2015-03-31", d("2015-04-01"))$label,
                   c("2014-15", "2015-16"))
  expect_identical(financial_years(1999, 1999)$label, "1999-00")
})

test_that("financial and calendar quarters, years and months", {
  fq <- financial_quarters("2016-04-01", "2017-03-31")
  expect_identical(fq$label, paste("2016-17", c("Q1", "Q2", "Q3", "Q4")))
  expect_identical(fq$start, d(c("2016-04-01", "2016-07-01", "2016-10-01",
                                 "2017-01-01")))
  expect_identical(fq$end, d(c("2016-06-30", "2016-09-30", "2016-12-31",
                               "2017-03-31")))
  cq <- calendar_quarters(2016, 2016)
  expect_identical(cq$label, paste("2016", c("Q1", "Q2", "Q3", "Q4")))
  expect_identical(cq$end[1], d("2016-03-31"))
  cy <- calendar_years("2015-06-01", "2016-01-01")
  expect_identical(cy$label, c("2015", "2016"))
  expect_identical(cy$end, d(c("2015-12-31", "2016-12-31")))
  cm <- calendar_months("2016-12-15", "2017-02-01")
  expect_identical(cm$label, c("Dec 2016", "Jan 2017", "Feb 2017"))
  expect_identical(cm$end, d(c("2016-12-31", "2017-01-31", "2017-02-28")))
  expect_identical(calendar_months("2016-02-01", "2016-02-01")$end,
                   d("2016-02-29"))
})

test_that("month names do not depend on the locale", {
  old <- Sys.getlocale("LC_TIME")
  on.exit(Sys.setlocale("LC_TIME", old))
  suppressWarnings(Sys.setlocale("LC_TIME", "fr_FR.UTF-8"))
  expect_identical(calendar_months("2017-01-01", "2017-01-31")$label,
                   "Jan 2017")
})

test_that("rolling 12 months end at a month end, older windows first", {
  r <- rolling_12_months("2017-01")
  expect_identical(r$label, "12 months to Jan 2017")
  expect_identical(r$start, d("2016-02-01"))
  expect_identical(r$end, d("2017-01-31"))
  expect_identical(rolling_12_months(d("2017-01-17")), r)
  r3 <- rolling_12_months("2017-01", n = 3)
  expect_identical(r3$label, paste("12 months to Jan", 2015:2017))
  expect_identical(r3$start, d(c("2014-02-01", "2015-02-01", "2016-02-01")))
  expect_identical(r3$end, d(c("2015-01-31", "2016-01-31", "2017-01-31")))
  expect_silent(as_report_periods(r3, tile = TRUE))
})

test_that("year to date says the quarter when it ends at one", {
  y <- year_to_date(d("2017-09-30"))
  expect_identical(y$label, "2017-18 to end of Q2")
  expect_identical(y$start, d("2017-04-01"))
  expect_identical(y$end, d("2017-09-30"))
  expect_identical(year_to_date("2017-09-14")$label,
                   "2017-18 to 14 Sep 2017")
  expect_identical(year_to_date("2018-03-31")$label, "2017-18 to end of Q4")
  expect_identical(year_to_date("2018-01-05")$start, d("2017-04-01"))
  cal <- year_to_date("2017-06-30", year = "calendar")
  expect_identical(cal$label, "2017 to end of Q2")
  expect_identical(cal$start, d("2017-01-01"))
  expect_identical(year_to_date("2017-04-01")$end, d("2017-04-01"))
})

test_that("custom periods are ordered, and must tile unless told", {
  p <- periods(d(c("2017-03-01", "2017-01-01")), d(c("2017-06-30",
                                                     "2017-02-28")),
               label = c("After", "Before"))
  expect_identical(p$label, c("Before", "After"))
  expect_identical(periods("2017-01-01", "2017-01-31")$label,
                   "1 Jan 2017 to 31 Jan 2017")
  expect_error(periods(d(c("2017-01-01", "2017-03-02")),
                       d(c("2017-02-28", "2017-06-30")),
                       label = c("Before", "After")),
               class = "reoffending_error_periods")
  expect_snapshot_error(
    periods(d(c("2017-01-01", "2017-03-02")),
            d(c("2017-02-28", "2017-06-30")), label = c("Before", "After")))
  expect_snapshot_error(
    periods(d(c("2017-01-01", "2017-02-01")),
            d(c("2017-02-28", "2017-06-30")), label = c("Before", "After")))
  overlap <- periods(d(c("2017-01-01", "2017-02-01")),
                     d(c("2017-02-28", "2017-06-30")),
                     label = c("Before", "After"), tile = FALSE)
  expect_identical(nrow(overlap), 2L)
  expect_error(assign_period(d("2017-02-10"), overlap),
               class = "reoffending_error_periods")
  gap <- periods(d(c("2017-01-01", "2017-03-02")),
                 d(c("2017-02-28", "2017-06-30")), tile = FALSE)
  expect_identical(assign_period(d(c("2017-03-01", "2017-03-02")), gap),
                   c(NA, 2L))
})

test_that("assign_period agrees with a row-by-row oracle", {
  fq <- financial_quarters(2014, 2017)
  set.seed(14)
  dates <- d("2014-01-01") + sample(0:1800, 500, replace = TRUE)
  dates[c(3, 50)] <- NA
  oracle <- vapply(seq_along(dates), function(i) {
    if (is.na(dates[i])) return(NA_integer_)
    hit <- which(fq$start <= dates[i] & dates[i] <= fq$end)
    if (length(hit) == 0L) NA_integer_ else hit
  }, integer(1))
  expect_identical(assign_period(dates, fq), oracle)
  # the edge days
  fy <- financial_years(2016, 2016)
  expect_identical(assign_period(c("2016-03-31", "2016-04-01", "2017-03-31",
                                   "2017-04-01"), fy),
                   c(NA, 1L, 1L, NA))
  expect_identical(assign_period(as.Date(character()), fy), integer())
  # date-times are the dates they fall on where they were recorded
  t <- as.POSIXct("2016-04-01 00:30", tz = "Europe/London")
  expect_identical(assign_period(t, fy), 1L)
  # a plain data frame of periods
  plain <- data.frame(label = c("b", "a"), start = d(c("2017-02-01",
                                                       "2017-01-01")),
                      end = d(c("2017-02-28", "2017-01-31")))
  expect_identical(assign_period(d("2017-02-03"), plain), 2L)
})

test_that("elapsed_fraction is days elapsed over days in the period", {
  fy <- financial_years(2016, 2018)
  share <- elapsed_fraction(fy, d("2017-09-30"))
  expect_identical(names(share), fy$label)
  expect_equal(unname(share), c(1, 183 / 365, 0))
  expect_equal(unname(elapsed_fraction(fy[2, ], "2017-04-01")), 1 / 365)
  expect_equal(unname(elapsed_fraction(fy[2, ], "2018-03-31")), 1)
  expect_equal(unname(elapsed_fraction(fy[2, ], "2017-03-31")), 0)
})

test_that("the Havering Q2 markers come from the as-at date", {
  h <- havering_treatment
  q2 <- h$elapsed < 1
  year <- financial_years(2017, 2017)
  res <- compare_to_target(h$result[q2], h$target[q2],
                           elapsed = elapsed_fraction(year, "2017-09-30"))
  expect_identical(res$marker, h$marker[q2])
})

test_that("subsetting keeps periods while they remain periods", {
  fy <- financial_years(2014, 2016)
  expect_s3_class(fy[2:3, ], "report_periods")
  expect_false(inherits(fy["label"], "report_periods"))
  expect_identical(fy$label[2], "2015-16")
  expect_output(print(fy), "report_periods: 3 periods")
})

test_that("bad input is a classed error naming the argument", {
  e <- "reoffending_error_bad_argument"
  expect_error(financial_years(2017, 2016), class = e)
  expect_snapshot_error(financial_years("2017-01-01", "2016-01-01"))
  expect_error(financial_years("2017-02-30", 2018), "`from`", class = e)
  expect_error(financial_years(2016, NA), "`to`", class = e)
  expect_error(financial_years(2016, NA_real_), "`to`", class = e)
  expect_error(financial_years(2016.5, 2017), "`from`", class = e)
  expect_error(calendar_months(d(c("2016-01-01", "2016-02-01")), 2017),
               "`from`", class = e)
  expect_error(calendar_years(TRUE, 2017), "`from`", class = e)
  expect_error(rolling_12_months("2017-13"), "`end`", class = e)
  expect_error(rolling_12_months("2017-01", n = 0), "`n`", class = e)
  expect_error(rolling_12_months("2017-01", n = 1.5), "`n`", class = e)
  expect_error(year_to_date(NA), "`as_at`", class = e)
  expect_error(year_to_date("2017-09-30", year = "fiscal"), "`year`",
               class = e)
  expect_error(periods("2017-02-01", "2017-01-01"), "`end`", class = e)
  expect_error(periods(c("2017-01-01", NA), c("2017-01-31", "2017-02-28")),
               "`start`", class = e)
  expect_error(periods(character(), character()), "`start`", class = e)
  expect_error(periods("2017-01-01", c("2017-01-31", "2017-02-28")),
               "`end`", class = e)
  expect_error(periods(c("2017-01-01", "2017-02-01"),
                       c("2017-01-31", "2017-02-28"), label = c("a", "a")),
               "`label`", class = e)
  expect_error(periods("2017-01-01", "2017-01-31", label = 1), "`label`",
               class = e)
  expect_error(periods("2017-01-01", "2017-01-31", tile = NA), "`tile`",
               class = e)
  expect_error(assign_period("2017-01-32", financial_years(2016, 2016)),
               "`dates`", class = e)
  expect_error(assign_period(Sys.Date(), list()), "`periods`", class = e)
  expect_error(assign_period(Sys.Date(), data.frame(label = "a")),
               "`periods`", class = e)
  expect_error(elapsed_fraction(financial_years(2016, 2016), c("2017-01-01",
                                                               "2017-02-01")),
               "`as_at`", class = e)
  expect_error(elapsed_fraction(financial_years(2016, 2016), "31/01/2017"),
               "`as_at`", class = e)
})
