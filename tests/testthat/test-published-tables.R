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

# Havering (Crime and Disorder Overview and Scrutiny Committee, 30 November
# 2017), Lewisham's crime tables (Safer Lewisham Partnership Plan 2017/18)
# and the London Probation Trust's consultation response (2013).

test_that("Havering's Table 1 is transcribed as published", {
  h <- havering_treatment
  expect_identical(paste(h$requirement, h$period, h$measure),
                   c("DRR 2016-2017 Starts", "DRR 2016-2017 Completions",
                     "ATR 2016-2017 Starts", "ATR 2016-2017 Completions",
                     "DRR Q2 2017 Starts", "DRR Q2 2017 Completions",
                     "ATR Q2 2017 Starts", "ATR Q2 2017 Completions"))
  expect_identical(h$target, c(34L, 17L, 28L, 16L, 34L, 17L, 28L, 16L))
  expect_identical(h$result, c(34L, 23L, 23L, 14L, 18L, 17L, 12L, 11L))
  expect_identical(h$marker, c("\u2713", "\u2713", "\u2717", "\u2717",
                               "\u2191", "\u2713", "\u2193", "\u2191"))
  expect_identical(h$not_reoffending, c(0.62, 0.62, 0.86, 0.86, NA, NA, NA,
                                        NA))
})

test_that("compare_to_target() recreates every Havering marker", {
  h <- havering_treatment
  res <- compare_to_target(h$result, h$target, elapsed = h$elapsed)
  expect_identical(res$marker, h$marker)
  # "LBH met the referral and start target of 34 and completion rate of 17"
  expect_true(all(res$met[1:2]))
  # ATR 2016-17: "23 starts and 14 completions (against targets of 28
  # starts and 16 completions)"
  expect_false(any(res$met[3:4]))
  # Q2: "we have already hit the number of completions required for the
  # year" (DRR); ATR "on target to surpass the number of completions,
  # however we are underperforming on the number of starts"
  expect_true(res$met[6])
  expect_identical(res$on_track[7:8], c(FALSE, TRUE))
})

test_that("Havering's IOM Green RAG share rose year on year", {
  expect_identical(havering_iom$green, c(30L, 76L, 95L))
  expect_identical(havering_iom$occasions, c(450L, 722L, 95L))
  share <- havering_iom$green / havering_iom$occasions
  expect_false(is.unsorted(share))
  res <- compare_to_benchmark(95, 95, benchmark = 76 / 722)
  expect_identical(res$comparison, "better")
})

test_that("Lewisham's crime tables are transcribed as published", {
  crime <- lewisham_crime
  expect_identical(nrow(crime), 18L)
  row <- function(offence) unlist(crime[crime$offence == offence, -1])
  expect_identical(unname(row("Total Crimes")),
                   c(24635L, 763410L, 24556L, 737948L))
  expect_identical(unname(row("Islamophobic Crime")),
                   c(25L, 1204L, 36L, 1070L))
  # Sub-totals add up, in both areas and both periods
  expect_identical(row("Robbery (Total)"),
                   row("Robbery (Person)") + row("Robbery (Business)"))
  expect_identical(row("Burglary (Total)"),
                   row("Burglary Residential") +
                     row("Burglary Non-Residential"))
  # The hate crime table repeats the same rows
  hate <- crime[crime$offence %in% lewisham_hate_crime$offence, ]
  rownames(hate) <- NULL
  expect_identical(as.data.frame(hate),
                   as.data.frame(lewisham_hate_crime))
  expect_identical(lewisham_youth_violence$`2016`, c(258L, 722L, 75L))
  expect_identical(lewisham_youth_violence$`2013`, c(299L, 641L, 66L))
})

test_that("the Lewisham trends say what the report says", {
  yv <- lewisham_youth_violence
  change <- pct_change(yv$`2016`, yv$`2015`)
  # serious youth violence "increased slightly"; youth violence "has
  # declined"; knife crime with injury (u25) "has actually decreased"
  expect_identical(sign(change), c(1, -1, -1))
  expect_equal(change[1], 258 / 251 - 1)
  # "Robbery Business has risen by 1 incident in this time, from 77 to 78"
  crime <- lewisham_crime
  business <- crime[crime$offence == "Robbery (Business)", ]
  expect_identical(business$lewisham_2017 - business$lewisham_2016, 1L)
})

test_that("the VAWG table: two published differences do not follow", {
  expect_identical(lewisham_vawg$jan_2017, c(689L, 1044L, 3114L, 226L))
  expect_identical(lewisham_vawg$jan_2016, c(619L, 950L, 3171L, 273L))
  expect_identical(lewisham_vawg$difference, c(0.117, 0.099, -0.018, 0.208))
  found <- audit_table(lewisham_vawg,
                       change = c(current = "jan_2017", previous = "jan_2016",
                                  change = "difference"))
  expect_identical(found$label, c("Total Sexual", "Rape"))
  # 20.8% is the rise from 226 to 273: the total notifiable offences table
  # has 273 rapes in the 12 months to January 2017 and 226 before
  expect_equal(round(pct_change(273, 226), 3), 0.208)
  rape <- lewisham_crime[lewisham_crime$offence == "Rape", ]
  expect_identical(c(rape$lewisham_2017, rape$lewisham_2016), c(273L, 226L))
})

test_that("the London Probation Trust arithmetic", {
  lpt <- lpt_performance
  expect_identical(lpt$actual, c(0.795, 0.93))
  expect_identical(lpt$target, c(0.75, 0.90))
  expect_identical(lpt$national_average, c(0.769, NA))
  # "a 20% increase ... would require us to reach compliance rates of 95.4%"
  expect_equal(relative_target(79.5, 0.2), 95.4)
  expect_equal(round(relative_target(lpt$actual[1], lpt$increase[1]), 3),
               lpt$required[1])
  # 79.5% against the 75% contract, the 76.9% national average; 93%
  # victim satisfaction against the NOMS target of 90%
  res <- compare_to_target(lpt$actual, lpt$target)
  expect_identical(res$met, c(TRUE, TRUE))
  expect_identical(res$marker, c("\u2713", "\u2713"))
  expect_equal(pp_change(lpt$actual[1], lpt$national_average[1]), 2.6)
})

# The Barnet report (Community Leadership Committee, 22 November 2017)
# publishes the proven reoffending table and the needs table.

barnet_rates <- function() {
  followed <- proven_reoffending(barnet_cohort, barnet_offences)
  reoffending_rates(followed, by = cohort_year)
}

test_that("the Barnet counts are recreated from the records", {
  rates <- barnet_rates()
  expect_identical(rates$cohort_year, c("2014", "2015"))
  expect_identical(rates$offenders, c(4588L, 4262L))
  expect_identical(rates$reoffenders, c(1016L, 862L))
  expect_identical(rates$reoffences, c(2970L, 2570L))
  published <- barnet_reoffending
  expect_identical(published$`Barnet (2015 cohort)`[1:3],
                   as.numeric(rates[2, c("offenders", "reoffenders",
                                         "reoffences")]))
  expect_identical(published$`Barnet (2014 cohort)`[1:3],
                   as.numeric(rates[1, c("offenders", "reoffenders",
                                         "reoffences")]))
})

test_that("the Barnet table is recreated at the published rounding", {
  rates <- barnet_rates()
  tab <- compare_cohorts(rates[rates$cohort_year == "2015", ],
                         rates[rates$cohort_year == "2014", ],
                         benchmark = c(proportion = 0.2353,
                                       per_reoffender = 3),
                         labels = c("Barnet (2015 cohort)",
                                    "Barnet (2014 cohort)",
                                    "London average (2015 cohort)"))
  published <- barnet_reoffending
  for (k in 2:4) {
    got <- tab[[k]]
    want <- published[[k]]
    # Counts exactly; the proportion to 0.1%; the average to one decimal.
    expect_identical(got[1:3], want[1:3])
    # The change in the proportion is in percentage points.
    expect_equal(round(got[4], if (k == 4) 1 else 3), want[4])
    expect_equal(round(got[5], 1), want[5])
  }
  # The published change in the average (0.1) is 3.0 - 2.9; unrounded it
  # is 0.058, which rounds to the same.
  expect_equal(round(tab$Change[5], 1), 0.1)
  london <- published$`Comparison to London average (2015 cohort)`
  expect_identical(tab$`London average (2015 cohort)`[4:5], london[4:5])
  expect_identical(format(tab)$Change, format(published)$Change)
  expect_identical(format(tab)$`Barnet (2015 cohort)`,
                   format(published)$`Barnet (2015 cohort)`)
  # What the published table does not say: the fall is significant at 5%,
  # and Barnet's 2015 cohort reoffends less than London's.
  expect_identical(tab$`Significant change`[4], "yes")
  expect_identical(tab$`Against benchmark`[4], "better")
})

test_that("the published Barnet table is consistent with itself", {
  p <- barnet_reoffending
  now <- p$`Barnet (2015 cohort)`
  before <- p$`Barnet (2014 cohort)`
  expect_identical(p$Change[1:3], now[1:3] - before[1:3])
  expect_equal(round(now[2] / now[1], 3), now[4])
  expect_equal(round(before[2] / before[1], 3), before[4])
  expect_equal(round(now[3] / now[2], 1), now[5])
  expect_equal(round(before[3] / before[2], 1), before[5])
  expect_equal(p$Change[4], 100 * (now[4] - before[4]))
  expect_equal(p$Change[5], now[5] - before[5])
  expect_identical(table_record(p)$rows$measure,
                   c("count", "count", "count", "proportion", "rate"))
})

test_that("the Barnet needs are recreated from the records", {
  needs <- c("need_thinking_behaviour", "need_lifestyle", "need_attitudes",
             "need_drugs", "need_relationships", "need_finance", "need_ete",
             "need_emotional_wellbeing", "need_accommodation",
             "need_alcohol")
  nps <- barnet_cohort[barnet_cohort$nps &
                         barnet_cohort$cohort_year == 2015L, ]
  profile <- needs_profile(nps, needs, labels = barnet_needs$need)
  expect_identical(profile$need[1:10], barnet_needs$need)
  # Published as whole percentages.
  expect_equal(round(profile$percentage[1:10], 2), barnet_needs$Barnet)
  expect_identical(profile$offenders[11], 560L)
  expect_identical(barnet_needs$London,
                   c(96, 82, 79, 62, 57, 56, 44, 43, 39, 35) / 100)
})

test_that("the 2015 Barnet cohort has the published sex split", {
  cohort_2015 <- barnet_cohort[barnet_cohort$cohort_year == 2015L, ]
  expect_identical(nrow(cohort_2015), 4262L)
  expect_identical(sum(cohort_2015$sex == "Male"), 3600L)
  expect_identical(sum(cohort_2015$sex == "Female"), 662L)
  expect_identical(sum(cohort_2015$age >= 21 & cohort_2015$age <= 34),
                   4262L %/% 2L)
})

test_that("the Barnet offences hold offences that must not count", {
  followed <- proven_reoffending(barnet_cohort, barnet_offences)
  o <- barnet_offences
  k <- match(o$id, barnet_cohort$id)
  expect_true(any(is.na(k)))                         # outsiders
  o <- o[!is.na(k), ]
  index <- barnet_cohort$index_date[k[!is.na(k)]]
  shift <- function(dates, months) {
    when <- as.POSIXlt(dates)
    when$mon <- when$mon + months
    as.Date(when)
  }
  fu_end <- shift(index, 12)
  wait_end <- shift(fu_end, 6)
  proven <- !is.na(o$proven_date)
  counts <- o$offence_date > index & o$offence_date <= fu_end &
    proven & o$proven_date <= wait_end
  expect_identical(sum(counts), sum(followed$reoffences))
  expect_true(any(o$offence_date < index))
  expect_true(any(o$offence_date == index))
  expect_true(any(counts & o$offence_date == fu_end))
  expect_true(any(o$offence_date == fu_end + 1))
  expect_true(any(counts & o$proven_date == wait_end))
  expect_true(any(o$proven_date == wait_end + 1 & o$offence_date <= fu_end,
                  na.rm = TRUE))
  expect_true(any(!proven & o$offence_date > index &
                    o$offence_date <= fu_end))
  expect_true(is.unsorted(barnet_offences$id))
})
