# The Lewisham report (Safer Stronger Communities Select Committee, 8 March
# 2017) publishes three tables that the package recreates from records.

published_counts <- function(tab, count_col) {
  stats::setNames(tab[[count_col]], tab[[1]])
}

need_columns <- c("need_accommodation", "need_ete", "need_relationships",
                  "need_lifestyle", "need_drugs", "need_alcohol",
                  "need_thinking_behaviour", "need_attitudes",
                  "need_finance", "need_emotional_wellbeing")

test_that("the caseload table equals the published one", {
  tab <- cohort_table(lewisham_offenders, cohort, status)
  expect_identical(tab$Total[tab$cohort == "MHLD"], 0L)
  shown <- as.data.frame(tab[tab$cohort != "MHLD", ])
  rownames(shown) <- NULL
  expect_identical(shown, as.data.frame(lewisham_caseload))
  expect_identical(tab$Total[tab$cohort == "Total"], 1338L)
})

test_that("the IOM table equals the published one", {
  iom <- lewisham_offenders[lewisham_offenders$iom, ]
  tab <- cohort_table(iom, cohort)
  got <- published_counts(tab[tab$cohort != "MHLD", ], "Total")
  expect_identical(got, published_counts(lewisham_iom, "IOM cases"))
  expect_identical(unname(got["Total"]), 134L)
})

test_that("the needs profile equals the published one", {
  tab <- needs_profile(lewisham_offenders, need_columns,
                       labels = lewisham_needs$need[1:10])
  expect_identical(tab$need, lewisham_needs$need)
  expect_identical(tab$offenders, lewisham_needs$offenders)
  expect_identical(tab$offenders[11], 933L)
  # Published percentages are rounded to one decimal place.
  expect_equal(round(tab$percentage, 3), lewisham_needs$percentage)
})

test_that("the CSV extract gives the same tables", {
  path <- system.file("extdata", "lewisham_offenders.csv",
                      package = "reoffending")
  extract <- utils::read.csv(path, stringsAsFactors = FALSE)
  expect_identical(nrow(extract), 1338L)
  extract$cohort <- assign_cohort(extract$age, extract$sex, extract$mhld)
  expect_identical(extract$cohort, lewisham_offenders$cohort)
  expect_identical(as.data.frame(cohort_table(extract, cohort, status)),
                   as.data.frame(cohort_table(lewisham_offenders, cohort,
                                              status)))
  expect_identical(needs_profile(extract, need_columns)$offenders,
                   lewisham_needs$offenders)
})

test_that("the shipped records are consistent with their own cohorts", {
  d <- lewisham_offenders
  expect_identical(assign_cohort(d$age, d$sex, d$mhld), d$cohort)
  expect_false(anyDuplicated(d$id) > 0)
  expect_identical(levels(d$status), c("Community", "Custody", "Licence"))
  expect_identical(sum(rowSums(!is.na(d[need_columns])) > 0), 933L)
})

test_that("the published tables add up", {
  body <- lewisham_caseload[lewisham_caseload$cohort != "Total", ]
  total <- lewisham_caseload[lewisham_caseload$cohort == "Total", ]
  counts <- c("Community", "Custody", "Licence")
  expect_equal(unname(rowSums(body[counts])), body$Total)
  expect_equal(unname(colSums(body[c(counts, "Total")])),
               unname(unlist(total[c(counts, "Total")])))
  expect_identical(sum(lewisham_iom$`IOM cases`[1:4]),
                   lewisham_iom$`IOM cases`[5])
  expect_equal(round(lewisham_needs$offenders[1:10] / 933, 3),
               lewisham_needs$percentage[1:10])
})
