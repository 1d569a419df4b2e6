barnet_published <- function(benchmark = 0.235) {
  compare_cohorts(
    c(offenders = 4262, reoffenders = 862, reoffences = 2570),
    c(offenders = 4588, reoffenders = 1016, reoffences = 2970),
    benchmark = benchmark,
    labels = c("Barnet 2015", "Barnet 2014", "London average"))
}

test_that("cohort statements use the publishers' words and the test", {
  said <- state_comparison(barnet_published(), "Barnet",
                           benchmark = "the London average")
  expect_s3_class(said, "pack_statements")
  p <- stats::prop.test(c(862, 1016), c(4262, 4588),
                        correct = FALSE)$p.value
  verdict <- if (p < 0.05) "a significant change" else
    "not a significant change"
  expect_equal(said$text[4], paste0(
    "The proportion of offenders who reoffend fell from 22.1% to 20.2%, ",
    "a fall of 1.9 percentage points; ", verdict, " at 95%."))
  expect_equal(said$text[6], paste0(
    "The proportion of offenders who reoffend in Barnet 2015, 20.2%, was ",
    "below the London average of 23.5%."))
  expect_equal(said$text[1], paste0(
    "The number of offenders in cohort fell from 4,588 to 4,262, a fall ",
    "of 326 (7.1%)."))
  # Lower is better for reoffending: a fall is better.
  expect_equal(said$verdict[4], "better")
  # Each statement links to the cells it quotes.
  expect_equal(said$table, rep("Barnet", 6))
  expect_equal(said$row, c(1:5, 4L))
  expect_equal(said$columns[6], "Barnet 2015, London average")
})

test_that("target statements follow met, missed and on track", {
  targets <- with(havering_treatment, compare_to_target(
    stats::setNames(result, paste(requirement, period)), target,
    elapsed = elapsed))
  said <- state_comparison(targets, "Havering",
                           what = tolower(havering_treatment$measure))
  expect_equal(said$text[1], "DRR 2016-2017: met the target of 34 starts (34).")
  expect_equal(said$text[3],
               "ATR 2016-2017: missed the target of 28 starts (23).")
  expect_equal(said$text[6], paste("DRR Q2 2017: on track for completions:",
                                   "17 against a pro-rata 8.5."))
  expect_equal(said$text[7], paste("ATR Q2 2017: behind the pro-rata target",
                                   "for starts: 12 against a pro-rata 14."))
  expect_equal(said$columns[6], "actual, expected")
  # Polarity: 40 offences against a ceiling of 30 is a miss.
  lower <- compare_to_target(c(Offences = 40), 30, polarity = "lower")
  expect_match(state_comparison(lower, "x")$text,
               "^Offences: missed the target of 30 \\(40\\)\\.$")
  # Proportions as percentages.
  lpt <- compare_to_target(c(Compliance = 0.795), 0.75)
  expect_equal(state_comparison(lpt, "LPT", percent = TRUE)$text,
               "Compliance: met the target of 75.0% (79.5%).")
  expect_equal(nrow(state_comparison(targets, "x", rows = 2:3)), 2L)
})

test_that("benchmark statements say above or below", {
  iom <- compare_to_benchmark(c(Green = 95), 95, benchmark = 76 / 722)
  expect_equal(state_comparison(iom, "IOM", benchmark = "2015-16")$text,
               "Green: 100.0% (95 of 95), above 2015-16 of 10.5%.")
  crimes <- as.matrix(lewisham_crime[c("lewisham_2017", "lewisham_2016")])
  rownames(crimes) <- lewisham_crime$offence
  vs_met <- compare_to_benchmark(
    crimes, benchmark = as.matrix(lewisham_crime[c("met_2017", "met_2016")]),
    polarity = "lower")
  said <- state_comparison(vs_met, "Crime", rows = 7)
  expect_equal(said$text,
               "Robbery (Person) fell from 769 to 760, a fall of 9 (1.2%).")
  expect_equal(said$row, 7L)
})

test_that("the lexicon is data that can be replaced", {
  lexicon <- statement_lexicon()
  expect_true(all(c("rose", "fell", "met", "on_track") %in% lexicon$key))
  lexicon$text[lexicon$key == "fell"] <- "decreased"
  lexicon$text[lexicon$key == "fall"] <- "a reduction"
  said <- state_change(760, 769, "Robbery (Person)", lexicon = lexicon)
  expect_equal(said$text, paste("Robbery (Person) decreased from 769 to 760,",
                                "a reduction of 9 (1.2%)."))
  expect_error(state_change(1, 2, "x", lexicon = lexicon[-1, ]),
               class = "reoffending_error_bad_argument")
  expect_error(statement_lexicon(tempfile()), class = "reoffending_error_file")
})

test_that("bad input to the statement functions is a classed error", {
  expect_error(state_comparison(data.frame(a = 1), "x"),
               class = "reoffending_error_bad_argument")
  expect_error(state_comparison(lewisham_crime, "x"),
               class = "reoffending_error_bad_argument")
  expect_error(state_comparison(barnet_published(), NA_character_),
               class = "reoffending_error_bad_argument")
  expect_error(state_comparison(barnet_published(), "x", rows = 9),
               class = "reoffending_error_bad_argument")
  expect_error(state_change(NA, 1, "x"), class = "reoffending_error_bad_argument")
  expect_error(state_change(1, 2, "x", role = "share"),
               class = "reoffending_error_bad_argument")
  expect_error(state_change(1, 2, "x", polarity = "up"),
               class = "reoffending_error_bad_argument")
  expect_equal(state_change(5, 5, "x")$text, "x was unchanged at 5.")
})
