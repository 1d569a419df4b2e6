vawg_change <- c(current = "jan_2017", previous = "jan_2016",
                 change = "difference")

test_that("the VAWG table has exactly two cells that do not follow", {
  found <- audit_table(lewisham_vawg, change = vawg_change)
  expect_identical(nrow(found), 2L)
  expect_identical(found$label, c("Total Sexual", "Rape"))
  expect_identical(found$row, c(1L, 4L))
  expect_identical(found$column, c("difference", "difference"))
  expect_identical(found$check, c("change", "change"))
  expect_identical(found$published, c(0.117, 0.208))
  expect_equal(found$recomputed, c(689 / 619 - 1, 226 / 273 - 1))
  # At the published rounding: 11.3% and a fall of 17.2%
  expect_identical(round(100 * found$recomputed, 1), c(11.3, -17.2))
})

test_that("every shipped published table is audited", {
  none <- function(x, ...) expect_identical(nrow(audit_table(x, ...)), 0L)
  none(lewisham_caseload)
  none(lewisham_iom)
  none(lewisham_needs, percent = list(count = "offenders", denominator = 933,
                                      percent = "percentage"))
  none(lewisham_crime)
  none(lewisham_hate_crime)
  none(lewisham_youth_violence)
  none(havering_treatment)
  none(havering_iom)
  none(lpt_performance)
  expect_identical(nrow(audit_table(lewisham_vawg)), 0L)
  expect_identical(nrow(audit_table(lewisham_vawg, change = vawg_change)), 2L)
})

test_that("a wrong total row or column is found, and only it", {
  tab <- cohort_table(lewisham_offenders, cohort, status)
  expect_identical(nrow(audit_table(tab)), 0L)
  bad <- as.data.frame(tab)
  bad$Custody[bad$cohort == "Total"] <- 277L
  bad$Total[2] <- 660L
  found <- audit_table(bad)
  # The grand total no longer follows from either the wrong row total
  # (down the Total column) or the wrong column total (along the Total row)
  expect_identical(found$check, c("total column", "total row", "total row",
                                  "total column"))
  expect_identical(found$label, c("Adult Males", "Total", "Total", "Total"))
  expect_identical(found$column, c("Total", "Custody", "Total", "Total"))
  expect_identical(found$published, c(660, 277, 1338, 1338))
  expect_identical(found$recomputed, c(664, 276, 1334, 1339))
  expect_identical(nrow(audit_table(bad, totals = FALSE)), 0L)
})

test_that("totals are checked within each block of a grouped table", {
  d <- data.frame(area = rep(c("North", "South"), c(30, 20)),
                  status = rep(c("Custody", "Licence"), 25))
  tab <- cohort_table(d, status, by = area, percent = "col")
  expect_identical(nrow(audit_table(tab)), 0L)
  plain <- as.data.frame(tab)
  plain$Total[plain$area == "South" & plain$status == "Total"] <- 30L
  found <- audit_table(plain)
  expect_identical(found$row, 6L)
  expect_identical(found$recomputed, 20)
})

test_that("named totals (Total Offenders) are neither checked nor summed", {
  x <- data.frame(need = c("A", "B", "Total Offenders", "C", "Total"),
                  n = c(3, 4, 5, 6, 13))
  expect_identical(nrow(audit_table(x)), 0L)
  x$n[5] <- 20
  expect_identical(audit_table(x)$recomputed, 13)
})

test_that("percentages are checked at the published rounding", {
  x <- data.frame(need = c("a", "b", "c", "d"), n = c(1, 1, 2, 45),
                  pct = c(0.125, 0.13, 0.25, 0.563),
                  denominator = c(8, 8, 8, 80))
  # 1/8 is 12.5% exactly; 0.13 is 13.0%, not 12.5%; 45/80 is 56.25%, and
  # either rounding (56.2% or 56.3%) follows
  found <- audit_table(x, percent = c(count = "n", denominator = "denominator",
                                      percent = "pct"))
  expect_identical(found$label, "b")
  expect_identical(found$check, "percent")
  ok <- audit_table(x, percent = c(count = "n", denominator = "denominator",
                                   percent = "pct"), digits = 0)
  expect_identical(nrow(ok), 0L)
  both <- audit_table(x, percent = list(
    c(count = "n", denominator = "8", percent = "pct"),
    list(count = "n", denominator = 80, percent = "pct")))
  # denominator 8 fits a and c; 80 fits d; b fits neither
  expect_identical(both$label, c("a", "b", "b", "c", "d"))
})

test_that("a table without a label column is labelled by row number", {
  x <- data.frame(now = c(110, 50), before = c(100, 50),
                  change = c(0.1, 0.2))
  found <- audit_table(x, change = c(current = "now", previous = "before",
                                     change = "change"))
  expect_identical(found$label, "2")
  expect_identical(found$recomputed, 0)
})

test_that("audit_table() names the bad argument", {
  expect_error(audit_table(1:3), "`x` must be a data frame")
  expect_error(audit_table(lewisham_vawg, totals = NA),
               "`totals` must be TRUE or FALSE")
  expect_error(audit_table(lewisham_vawg, digits = -1), "`digits` must be")
  expect_error(audit_table(lewisham_vawg, digits = 1.5), "`digits` must be")
  expect_error(audit_table(lewisham_vawg, change = "difference"),
               "`change` must be c\\(current = \"col\"")
  expect_error(audit_table(lewisham_vawg,
                           change = c(now = "jan_2017", previous = "jan_2016",
                                      change = "difference")),
               "`change` must be c\\(current")
  expect_error(audit_table(lewisham_vawg,
                           change = c(current = "jan_2018",
                                      previous = "jan_2016",
                                      change = "difference")),
               "`change` names column \"jan_2018\", which is not in `x`")
  expect_error(audit_table(lewisham_vawg,
                           change = c(current = "offence",
                                      previous = "jan_2016",
                                      change = "difference")),
               "`change` names column \"offence\", which is not numeric")
  expect_error(audit_table(lewisham_needs,
                           percent = c(count = "offenders", denominator = "0",
                                       percent = "percentage")),
               "`percent` denominator must name a column of `x` or be a")
  expect_error(audit_table(lewisham_needs,
                           percent = list(count = "offenders",
                                          denominator = "staff",
                                          percent = "percentage")),
               "`percent` denominator must name a column")
  expect_error(audit_table(lewisham_needs,
                           percent = list(count = 1, denominator = 933,
                                          percent = "percentage")),
               "`percent` must be c\\(count")
})
