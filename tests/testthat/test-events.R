event_table <- function(id, date, type, ...) {
  data.frame(id = id, date = as.Date(date), type = type, ...,
             stringsAsFactors = FALSE)
}

test_that("two events on one day: the type first in `types` wins, then the earlier row", {
  events <- event_table(
    id = c(1, 1, 2, 2, 3, 3),
    date = c("2016-02-01", "2016-02-01", "2016-02-03", "2016-02-03",
             "2016-02-05", "2016-02-05"),
    type = c("caution", "custody_release", "court_order", "court_order",
             "caution", "court_order"),
    disposal = c("a", "b", "c", "d", "e", "f"))
  cohort <- reoffending_cohort(events, period = "quarter",
                               disposal = disposal)
  expect_identical(cohort$index_type,
                   c("custody_release", "court_order", "court_order"))
  expect_identical(cohort$index_disposal, c("b", "c", "f"))
  # The precedence follows `types`.
  cohort <- reoffending_cohort(events, period = "quarter",
                               types = c("caution", "court_order",
                                         "custody_release"),
                               disposal = disposal)
  expect_identical(cohort$index_disposal, c("a", "c", "e"))
})

test_that("events on a period's first and last day belong to it; the first event is the index", {
  events <- event_table(
    id = c("a", "a", "b", "c", "c"),
    date = c("2016-03-31", "2016-01-01", "2016-03-31", "2016-04-01",
             "2016-06-30"),
    type = c("court_order", "caution", "caution", "court_order",
             "caution"))
  cohort <- reoffending_cohort(events, period = "quarter")
  expect_identical(as.character(cohort$cohort), c("2016 Q1", "2016 Q1",
                                                  "2016 Q2"))
  expect_identical(cohort$id, c("a", "b", "c"))
  expect_identical(cohort$index_date,
                   as.Date(c("2016-01-01", "2016-03-31", "2016-04-01")))
  expect_identical(levels(cohort$cohort), c("2016 Q1", "2016 Q2"))
})

test_that("a person in two periods is in both cohorts, each followed up from its own index date", {
  events <- event_table(id = c(7, 7, 8),
                        date = c("2015-03-01", "2015-11-20", "2015-05-05"),
                        type = c("caution", "court_order", "caution"))
  cohort <- reoffending_cohort(events, period = "year")
  expect_identical(nrow(cohort), 2L)
  cohort <- reoffending_cohort(events, period = "quarter")
  expect_identical(cohort$id, c(7, 8, 7))
  offences <- data.frame(id = c(7, 7, 8),
                         offence_date = as.Date(c("2015-06-01", "2016-01-10",
                                                  "2016-06-01")),
                         proven_date = as.Date(c("2015-07-01", "2016-02-01",
                                                 "2016-06-02")))
  followed <- proven_reoffending(cohort, offences)
  # 7 from 1 March: both offences; 7 from 20 November: the second; 8 none
  # (1 June 2016 is after a year from 5 May 2015).
  expect_identical(followed$reoffences, c(2L, 0L, 1L))
  expect_identical(followed$days_to_first, c(92L, NA, 51L))
  expect_s3_class(followed, "reoffending_cohort")
  rates <- reoffending_rates(followed, by = cohort)
  expect_identical(rates$offenders, c(1L, 1L, 0L, 1L))
})

test_that("previous offences are those proven before the index date, in the MoJ's bands", {
  set.seed(3)
  events <- event_table(id = 1:40, date = as.Date("2016-01-01") +
                          sample(0:364, 40, replace = TRUE),
                        type = "court_order")
  offences <- data.frame(
    id = sample(c(1:40, 99), 600, replace = TRUE),
    offence_date = as.Date("2010-01-01") + sample(0:2500, 600,
                                                  replace = TRUE))
  offences$proven_date <- offences$offence_date + sample(0:90, 600,
                                                         replace = TRUE)
  offences$proven_date[sample(600, 30)] <- NA
  # Proven on the index date: the index offence, not a previous one.
  offences$proven_date[1] <- events$date[events$id == offences$id[1]]
  cohort <- reoffending_cohort(events, period = "year", offences = offences)
  index <- events$date[match(cohort$id, events$id)]
  oracle <- vapply(seq_len(nrow(cohort)), function(i) {
    sum(offences$id == cohort$id[i] & !is.na(offences$proven_date) &
          offences$proven_date < index[i])
  }, numeric(1))
  expect_identical(cohort$previous_offences, as.integer(oracle))
  expect_identical(levels(cohort$previous_band),
                   c("0", "1 to 2", "3 to 6", "7 to 10", "11 or more"))
  expected <- cut(oracle, c(-Inf, 0, 2, 6, 10, Inf),
                  labels = levels(cohort$previous_band))
  expect_identical(as.character(cohort$previous_band),
                   as.character(expected))
})

test_that("ages at the index date are banded", {
  events <- event_table(id = 1:4, date = rep("2016-06-01", 4),
                        type = "caution")
  people <- data.frame(id = 1:4,
                       birth_date = as.Date(c("2001-06-02", "1998-06-01",
                                              "1966-06-01", "1990-01-01")),
                       sex = c("Male", "Female", "Male", "Male"))
  cohort <- reoffending_cohort(events, period = "year", people = people)
  expect_identical(cohort$age, c(14L, 18L, 50L, 26L))
  expect_identical(as.character(cohort$age_band),
                   c("10 to 14", "18 to 20", "50 or more", "25 to 29"))
  expect_identical(cohort$sex, c("Male", "Female", "Male", "Male"))
})

test_that("the Barnet cohorts built from events give the published figures", {
  cohort <- suppressMessages(reoffending_cohort(
    barnet_events, period = "year", offences = barnet_offences,
    people = barnet_people, offence = offence, disposal = disposal,
    custody_start = custody_start, ignore = "recall"))
  expect_identical(attr(cohort, "exclusions")$records, 25L)
  followed <- proven_reoffending(cohort[cohort$cohort %in%
                                          c("2014", "2015"), ],
                                 barnet_offences)
  rates <- reoffending_rates(followed, by = cohort)
  rates <- rates[rates$cohort %in% c("2014", "2015"), ]
  expect_identical(rates$offenders, c(4588L, 4262L))
  expect_identical(rates$reoffenders, c(1016L, 862L))
  expect_identical(rates$reoffences, c(2970L, 2570L))
})

test_that("bad input: unknown types are errors; bad records are left out, counted and reported", {
  events <- event_table(id = 1:3, date = rep("2016-02-01", 3),
                        type = c("caution", "warning", "recall"))
  expect_error(reoffending_cohort(events), "\"warning\".*rows 2 and 3",
               class = "reoffending_error_event_type")
  expect_error(reoffending_cohort(events, ignore = "recall"), "warning",
               class = "reoffending_error")
  expect_error(reoffending_cohort(events[1, ], types = "release"),
               "`types`", class = "reoffending_error_bad_argument")
  expect_error(reoffending_cohort(events[1, ], period = "month"),
               "`period`", class = "reoffending_error_bad_argument")

  releases <- event_table(id = 1:2, date = c("2016-02-01", "2016-03-01"),
                          type = "custody_release",
                          began = as.Date(c("2016-02-10", "2015-01-01")))
  expect_message(
    cohort <- reoffending_cohort(releases, custody_start = began),
    "1 release before its custody start",
    class = "reoffending_message_exclusions")
  expect_identical(cohort$id, 2L)
  expect_identical(attr(cohort, "exclusions")$ids, "1")

  people <- data.frame(id = 1:2, birth_date = as.Date(c("2000-01-01",
                                                        "1990-01-01")))
  offences <- data.frame(id = c(1, 1, 2),
                         offence_date = as.Date(c("1999-05-01", "2014-01-01",
                                                  "2014-01-01")),
                         proven_date = as.Date(c("2015-01-01", "2015-01-01",
                                                 "2015-01-01")))
  expect_message(
    cohort <- reoffending_cohort(releases[2:1, 1:3], offences = offences,
                                 people = people),
    "1 offences dated before birth",
    class = "reoffending_message_exclusions")
  expect_identical(cohort$previous_offences, c(1L, 1L))
})

test_that("custom periods must tile", {
  events <- event_table(id = 1, date = "2016-02-01", type = "caution")
  gap <- data.frame(label = c("A", "B"),
                    start = as.Date(c("2016-01-01", "2016-03-01")),
                    end = as.Date(c("2016-01-31", "2016-03-31")))
  expect_error(reoffending_cohort(events, period = gap), "gap",
               class = "reoffending_error_periods")
  overlap <- gap
  overlap$end[1] <- as.Date("2016-03-05")
  expect_error(reoffending_cohort(events, period = overlap), "overlap",
               class = "reoffending_error_periods")
})

test_that("an as-at date before the end of a follow-up says who and from when", {
  events <- event_table(id = c("p", "q"), date = c("2016-01-10",
                                                   "2016-03-20"),
                        type = "caution")
  expect_error(reoffending_cohort(events, as_at = "2017-08-01"),
               "\"q\".*2017-09-21", class = "reoffending_error_not_measurable")
  expect_message(
    cohort <- reoffending_cohort(events, as_at = "2017-08-01",
                                 incomplete = "exclude"),
    "1 not measurable until 2017-09-21",
    class = "reoffending_message_exclusions")
  expect_identical(cohort$id, "p")
  expect_silent(reoffending_cohort(events, as_at = "2017-09-20"))
})

test_that("serious reoffences are counted among the proven reoffences", {
  cohort <- data.frame(id = 1:3, index_date = as.Date("2016-01-01"))
  offences <- data.frame(
    id = c(1, 1, 2, 3, 3),
    offence_date = as.Date(c("2016-02-01", "2016-03-01", "2016-04-01",
                             "2015-12-01", "2016-05-01")),
    proven_date = as.Date(c("2016-02-10", "2016-03-10", "2016-04-10",
                            "2015-12-10", NA)),
    grave = c(TRUE, FALSE, FALSE, TRUE, TRUE))
  followed <- proven_reoffending(cohort, offences, serious = grave)
  expect_identical(followed$serious_reoffences, c(1L, 0L, 0L))
  expect_identical(followed$serious_reoffended, c(TRUE, FALSE, FALSE))
  expect_identical(followed$days_to_first, c(31L, 91L, NA))
  rates <- reoffending_rates(followed)
  expect_identical(rates$serious_reoffenders, 1L)
  expect_equal(rates$serious_proportion, 1 / 3)
  offences$grave[2] <- NA
  expect_error(proven_reoffending(cohort, offences, serious = grave),
               "row 2", class = "reoffending_error_bad_argument")
})

test_that("direct standardisation weights each stratum's rate by the reference's mix", {
  x <- data.frame(band = c("young", "young", "old", "old", "old"),
                  reoffended = c(TRUE, FALSE, TRUE, FALSE, FALSE),
                  reoffences = c(2L, 0L, 1L, 0L, 0L))
  reference <- data.frame(band = c("young", "old", "old", "old"))
  rates <- reoffending_rates(x, standardise = reference, strata = band)
  # Rates 1/2 (young) and 1/3 (old), weighted 1/4 and 3/4.
  expect_equal(rates$proportion_standardised, 0.25 * 0.5 + 0.75 / 3)
  expect_equal(rates$frequency_standardised, 0.25 * 1 + 0.75 / 3)
  expect_equal(rates$standardised_coverage, 1)
  # Against its own mix, the standardised rate is the crude one.
  self <- reoffending_rates(x, standardise = x, strata = band)
  expect_equal(self$proportion_standardised, self$proportion)
  # A stratum the group lacks is left out, and the coverage says so.
  reference <- data.frame(band = c("young", "old", "middle", "middle"))
  rates <- reoffending_rates(x, standardise = reference, strata = band)
  expect_equal(rates$standardised_coverage, 0.5)
  expect_equal(rates$proportion_standardised, 0.5 * 0.5 + 0.5 / 3)
  expect_error(reoffending_rates(x, standardise = data.frame(other = 1),
                                 strata = band), "`standardise`",
               class = "reoffending_error_bad_argument")
})

test_that("the C engines refuse unsorted or malformed input", {
  expect_error(.Call(reoffending:::C_index_events, c(1L, 2L), c(2L, 1L),
                     c(1L, 1L)), "sort")
  expect_error(.Call(reoffending:::C_index_events, 3L, 1L, 1L), "outside")
  expect_identical(.Call(reoffending:::C_index_events, c(1L, 2L, 3L),
                         c(1L, 1L, 2L), c(1L, 1L, 1L)), c(1L, 3L))
  expect_error(.Call(reoffending:::C_count_previous, c(1L, 2L), c(2L, 1L),
                     c(1, 1), integer(), integer(), double()), "sort")
  expect_identical(.Call(reoffending:::C_count_previous, 1L, 1L, 10,
                         c(1L, 2L, 3L), c(1L, 1L, NA), c(5, 10, 1)), 1L)
})
