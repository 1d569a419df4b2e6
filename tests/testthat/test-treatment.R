targets <- data.frame(requirement = c("DRR", "DRR", "ATR", "ATR"),
                      measure = c("starts", "completions"),
                      target = c(34, 17, 28, 16))
completed_1617 <- function(r) {
  r[r$outcome %in% "successful" & r$completion >= as.Date("2016-04-01") &
      r$completion <= as.Date("2017-03-31"), ]
}

test_that("treatment_summary() recreates Havering's Table 1 and markers", {
  all <- treatment_summary(havering_referrals, targets,
                           as_at = as.Date("2017-09-30"))
  # the default periods: financial years from the first referral, then the
  # year to date
  expect_identical(unique(all$period),
                   c("2015-16", "2016-17", "2017-18 to end of Q2"))
  res <- all[all$period != "2015-16", ]
  expect_identical(res$result, c(34L, 23L, 18L, 17L, 23L, 14L, 12L, 11L))
  published <- havering_treatment
  key <- paste(published$requirement,
               ifelse(published$elapsed == 1, "2016-17",
                      "2017-18 to end of Q2"), published$measure)
  mine <- paste(res$requirement, res$period, res$measure)
  expect_identical(res$marker, published$marker[match(mine, key)])
  expect_equal(res$elapsed[3], 183 / 365)
  expect_identical(record_roles(res)[["marker"]], "marker")
  # counts only, without targets
  counts <- treatment_summary(havering_referrals, as_at = "2017-09-30")
  expect_false("marker" %in% names(counts))
  expect_identical(counts$result, all$result)
})

test_that("treatment_summary() counts like base R", {
  r <- havering_referrals
  fy <- financial_years(2016, 2016)
  in_fy <- function(d) !is.na(d) & d >= fy$start & d <= fy$end
  res <- treatment_summary(r, as_at = "2017-11-30", period = fy)
  for (req in c("DRR", "ATR")) {
    this <- r$requirement == req
    expect_identical(
      res$result[res$requirement == req],
      c(sum(this & in_fy(r$start)),
        sum(this & in_fy(r$completion) & r$outcome %in% "successful")))
  }
  # targets by period, and a target left out gives NA
  by_period <- rbind(transform(targets, period = "2016-17"))
  res <- treatment_summary(r, by_period[-4, ], as_at = "2017-11-30",
                           period = fy)
  expect_identical(res$target, c(34, 17, 28, NA))
  expect_true(is.na(res$marker[4]))
})

test_that("post_completion_reoffending() recreates 62% and 86%", {
  done <- completed_1617(havering_referrals)
  res <- post_completion_reoffending(done, havering_offences,
                                     by = requirement,
                                     as_at = as.Date("2017-08-31"))
  expect_identical(res$requirement, c("DRR", "ATR"))
  expect_identical(res$completions, c(23L, 14L))
  expect_identical(res$not_yet_eligible, c(2L, 0L))
  expect_identical(res$eligible, c(21L, 14L))
  expect_identical(res$not_reoffending, c(13L, 12L))
  expect_identical(round(100 * res$share), c(62, 86))
  # the Wilson interval of prop.test() without continuity correction
  ci <- suppressWarnings(stats::prop.test(13, 21, correct = FALSE)$conf.int)
  expect_equal(c(res$lower[1], res$upper[1]), as.numeric(ci))
  # "82% reduction" is no share of 14 completions
  expect_false(any(round(100 * (0:14) / 14) == 82))
})

test_that("the window's edges: after completion, up to six months on", {
  done <- data.frame(id = c("A", "B", "C", "D", "E"),
                     completion = as.Date(c("2017-01-31", "2017-01-31",
                                            "2017-01-31", "2017-01-31",
                                            "2017-03-01")))
  offences <- data.frame(id = c("A", "B", "C", "E"),
                         date = as.Date(c("2017-01-31", "2017-07-31",
                                          "2017-08-01", "2017-03-02")))
  res <- post_completion_reoffending(done, offences, as_at = "2017-08-01")
  # A offended on the day of completion (not after it); B on the last day
  # of the window; C the day after it; D never. E's window runs to
  # 1 September: not yet eligible, though E has offended.
  expect_identical(res$eligible, 4L)
  expect_identical(res$reoffended, 1L)
  expect_identical(res$not_yet_eligible, 1L)
  # a window ending on the as-at date has passed
  res <- post_completion_reoffending(done[1, ], offences[0, ],
                                     as_at = "2017-07-31")
  expect_identical(res$eligible, 1L)
  expect_identical(post_completion_reoffending(done[1, ], offences[0, ],
                                               as_at = "2017-07-30")$eligible,
                   0L)
  expect_true(is.na(post_completion_reoffending(
    done[1, ], offences[0, ], as_at = "2017-07-30")$share))
  res90 <- post_completion_reoffending(done, offences, after = 90,
                                       as_at = "2017-08-01")
  expect_identical(res90$eligible, 5L)
})

test_that("bad referral records are errors naming the rows", {
  e <- "reoffending_error_bad_argument"
  r <- data.frame(id = c("A", "B"), requirement = "DRR",
                  referral = as.Date(c("2016-05-01", "2016-05-01")),
                  start = as.Date(c("2016-05-10", "2016-05-10")),
                  completion = as.Date(c("2016-11-10", "2016-05-01")),
                  outcome = "successful")
  expect_snapshot_error(treatment_summary(r, as_at = "2017-01-01"))
  r2 <- transform(r, start = as.Date(c("2016-04-10", "2016-05-10")),
                  completion = as.Date(c("2016-11-10", NA)))
  expect_error(treatment_summary(r2, as_at = "2017-01-01"), "row 1",
               class = e)
  r3 <- transform(r, start = as.Date(c("2016-05-10", NA)))
  expect_error(treatment_summary(r3, as_at = "2017-01-01"),
               "no start in row 2", class = e)
  r4 <- transform(r, completion = as.Date(c("2016-11-10", NA)))
  expect_error(treatment_summary(r4, as_at = "2017-01-01"),
               "no completion in row 2", class = e)
  r4$outcome <- c("successful", NA)
  expect_identical(treatment_summary(r4, as_at = "2017-01-01")$result,
                   c(2L, 1L))
  expect_error(treatment_summary(r4, as_at = "2016-11-01"), "after the as-at",
               class = e)
  expect_error(treatment_summary(transform(r4, requirement = NA),
                                 as_at = "2017-01-01"), "`requirement`",
               class = e)
  expect_error(treatment_summary(r4, data.frame(requirement = "DRR"),
                                 as_at = "2017-01-01"), "`targets`",
               class = e)
  bad_measure <- data.frame(requirement = "DRR", measure = "referrals",
                            target = 3)
  expect_error(treatment_summary(r4, bad_measure, as_at = "2017-01-01"),
               "referrals", class = e)
  twice <- data.frame(requirement = "DRR", measure = c("starts", "Starts"),
                      target = 3)
  expect_error(treatment_summary(r4, twice, as_at = "2017-01-01"), "one",
               class = e)
  expect_error(treatment_summary(r4, transform(targets, target = -1),
                                 as_at = "2017-01-01"), "negative",
               class = e)
  expect_error(treatment_summary(r4), "as_at")
  done <- data.frame(id = "A", completion = as.Date("2017-01-31"))
  expect_error(post_completion_reoffending(done, data.frame(id = "A",
                                                            date = "2018-01-01"),
                                           as_at = "2017-12-01"),
               "after the as-at", class = e)
  expect_error(post_completion_reoffending(done, data.frame(id = "A",
                                                            date = as.Date(NA)),
                                           as_at = "2017-12-01"), "row 1",
               class = e)
  expect_error(post_completion_reoffending(done, data.frame(id = "A",
                                                            date = "2017-02-01"),
                                           after = "six months",
                                           as_at = "2017-12-01"), "`after`",
               class = e)
  expect_error(post_completion_reoffending(done, list(), as_at = "2017-12-01"),
               "`offences`", class = e)
})

test_that("rbind_periods() places periods in order", {
  p <- rbind_periods(year_to_date("2017-09-30"), financial_years(2016, 2016))
  expect_identical(p$label, c("2016-17", "2017-18 to end of Q2"))
  expect_error(rbind_periods(financial_years(2016, 2016), 3), "`..2`",
               class = "reoffending_error_bad_argument")
})
