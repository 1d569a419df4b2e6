random_records <- function(n = 20000, seed = 42) {
  set.seed(seed)
  data.frame(
    area = factor(sample(c("A", "B", "C", NA), n, replace = TRUE,
                         prob = c(.4, .4, .19, .01)),
                  levels = c("A", "B", "C", "Empty")),
    cohort = factor(sample(c("Young", "Adult", NA), n, replace = TRUE,
                           prob = c(.5, .45, .05)),
                    levels = c("Young", "Adult", "Mature")),
    status = sample(c("Custody", "Community", "Licence", NA), n,
                    replace = TRUE, prob = c(.3, .4, .29, .01)),
    stringsAsFactors = FALSE
  )
}

# The counts of a cohort_table as a matrix, without total rows and columns.
body_counts <- function(tab, rows, count_cols) {
  body <- tab[tab[[rows]] != "Total", ]
  m <- as.matrix(body[count_cols])
  rownames(m) <- body[[rows]]
  m
}

test_that("counts equal base R's table() on random data with NAs", {
  d <- random_records()
  tab <- cohort_table(d, cohort, status)
  oracle <- table(d$cohort, d$status, useNA = "ifany")
  expect_identical(tab$cohort, c("Young", "Adult", "Mature", "Missing",
                                 "Total"))
  expect_identical(names(tab), c("cohort", "Community", "Custody", "Licence",
                                 "Missing", "Total"))
  counts <- body_counts(tab, "cohort", c("Community", "Custody", "Licence",
                                         "Missing"))
  expect_equal(unname(counts), unname(unclass(oracle)),
               ignore_attr = TRUE)
  expect_identical(tab$Total, c(as.integer(rowSums(oracle)), nrow(d)))
  total_row <- unlist(tab[tab$cohort == "Total", -1])
  expect_equal(unname(total_row), c(as.vector(colSums(oracle)), nrow(d)))
})

test_that("empty levels stay as zero rows and columns", {
  d <- random_records()
  tab <- cohort_table(d, cohort, area)
  expect_true("Mature" %in% tab$cohort)
  expect_identical(tab$Total[tab$cohort == "Mature"], 0L)
  expect_true("Empty" %in% names(tab))
  expect_identical(sum(tab$Empty), 0L)
})

test_that("Missing levels appear only when they hold records", {
  d <- random_records()
  d <- d[!is.na(d$cohort), ]
  tab <- cohort_table(d, cohort, status)
  expect_false("Missing" %in% tab$cohort)
  expect_true("Missing" %in% names(tab))
})

test_that("by gives one block per group with its own totals", {
  d <- random_records()
  tab <- cohort_table(d, cohort, status, by = area)
  expect_identical(names(tab)[1:2], c("area", "cohort"))
  expect_identical(unique(tab$area), c("A", "B", "C", "Empty", "Missing"))
  for (a in c("A", "B", "C")) {
    block <- tab[tab$area == a, ]
    sub <- d[d$area %in% a, ]
    oracle <- table(sub$cohort, sub$status, useNA = "always")
    expect_identical(block$Total[block$cohort == "Total"], nrow(sub))
    expect_identical(block$Custody[block$cohort != "Total"],
                     as.vector(oracle[, "Custody"]))
  }
  empty <- tab[tab$area == "Empty", ]
  expect_true(all(empty$Total == 0L))
})

test_that("a full three-way cube equals table()", {
  d <- random_records(50000, seed = 7)
  tab <- cohort_table(d, "cohort", "status", by = "area", totals = FALSE)
  oracle <- as.data.frame(table(area = d$area, cohort = d$cohort,
                                status = d$status, useNA = "ifany"),
                          stringsAsFactors = FALSE)
  oracle[is.na(oracle)] <- "Missing"
  long <- stats::reshape(as.data.frame(tab), direction = "long",
                         varying = c("Community", "Custody", "Licence",
                                     "Missing"),
                         v.names = "Freq", timevar = "status",
                         times = c("Community", "Custody", "Licence",
                                   "Missing"),
                         idvar = c("area", "cohort"))
  merged <- merge(oracle, long, by = c("area", "cohort", "status"),
                  all = TRUE)
  expect_identical(nrow(merged), nrow(oracle))
  expect_equal(merged$Freq.x, merged$Freq.y)
})

test_that("without cols the count is the Total column, or n", {
  d <- random_records()
  tab <- cohort_table(d, cohort)
  expect_identical(names(tab), c("cohort", "Total"))
  expect_identical(tab$Total[tab$cohort == "Total"], nrow(d))
  tab <- cohort_table(d, cohort, totals = FALSE)
  expect_identical(names(tab), c("cohort", "n"))
  expect_false("Total" %in% tab$cohort)
})

test_that("percentages are of the row, column or grand total", {
  d <- random_records()
  row <- cohort_table(d, cohort, status, percent = "row")
  expect_identical(names(row)[2:3], c("Community", "Community %"))
  expect_equal(row$`Community %`, row$Community / row$Total)
  expect_equal(record_roles(row)[["Community %"]], "proportion")
  col <- cohort_table(d, cohort, status, percent = "col")
  is_total <- col$cohort == "Total"
  expect_equal(col$`Custody %`,
               col$Custody / col$Custody[is_total])
  total <- cohort_table(d, cohort, status, percent = "total")
  expect_equal(total$`Licence %`, total$Licence / nrow(d))
  # The empty cohort has no row total: NA, not NaN or Inf.
  expect_true(is.na(row$`Community %`[row$cohort == "Mature"]))
})

test_that("percent = 'total' works per by group", {
  d <- random_records()
  tab <- cohort_table(d, cohort, status, by = area, percent = "total")
  a <- tab[tab$area == "A", ]
  expect_equal(a$`Total %`[a$cohort == "Total"], 1)
  expect_equal(sum(a$`Total %`[a$cohort != "Total"]), 1)
})

test_that("character, logical, numeric and Date keys become factors", {
  d <- data.frame(flag = c(TRUE, FALSE, NA, TRUE), year = c(2016, 2015, 2016,
                                                            2016),
                  day = as.Date(c("2016-01-01", "2016-01-02", "2016-01-01",
                                  "2016-01-01")))
  tab <- cohort_table(d, flag, year)
  expect_identical(tab$flag, c("FALSE", "TRUE", "Missing", "Total"))
  expect_identical(names(tab), c("flag", "2015", "2016", "Total"))
  expect_identical(tab$`2016`, c(0L, 2L, 1L, 3L))
  expect_identical(cohort_table(d, day)$Total, c(3L, 1L, 4L))
})

test_that("columns may be named as strings, variables or bare", {
  d <- random_records()
  col <- "status"
  expect_identical(cohort_table(d, cohort, col), cohort_table(d, cohort,
                                                              status))
  expect_identical(cohort_table(d, "cohort", "status", by = c("area")),
                   cohort_table(d, cohort, status, by = c(area)))
})

test_that("several by columns cross their levels", {
  d <- random_records()
  d$year <- rep(c(2015L, 2016L), length.out = nrow(d))
  tab <- cohort_table(d, status, by = c(year, area))
  expect_identical(names(tab), c("year", "area", "status", "Total"))
  block <- tab[tab$year == "2016" & tab$area == "B", ]
  expect_identical(block$Total[block$status == "Total"],
                   sum(d$year == 2016 & d$area %in% "B"))
})

test_that("data.tables, tibble-like frames and zero rows work", {
  d <- random_records(100)
  class(d) <- c("tbl_df", "tbl", "data.frame")
  tab <- cohort_table(d, cohort, status)
  expect_s3_class(tab, "report_table")
  expect_identical(class(as.data.frame(tab)), "data.frame")
  empty <- random_records(100)[0, ]
  tab <- cohort_table(empty, cohort, area)
  expect_true(all(tab$Total == 0L))
  expect_identical(tab$cohort, c("Young", "Adult", "Mature", "Total"))
})

test_that("cohort_table() names the bad argument", {
  d <- random_records(100)
  expect_error(cohort_table(list(a = 1), a), "`data` must be a data frame")
  expect_error(cohort_table(d), "`rows` must name a column")
  expect_error(cohort_table(d, nonesuch), "`rows` must select columns of `data`: .*`nonesuch` doesn't exist",
               class = "reoffending_error_bad_argument")
  expect_error(cohort_table(d, cohort, "nope"), "`cols` must select columns of `data`: .*`nope` doesn't exist")
  expect_error(cohort_table(d, cohort, by = c("area", "x")),
               "`by` must select columns of `data`: .*`x` doesn't exist")
  expect_error(cohort_table(d, c(cohort, status)), "`rows` must name one")
  expect_error(cohort_table(d, cohort, c("status", "area")),
               "`cols` must name one")
  expect_error(cohort_table(d, cohort, cohort), "different columns")
  expect_error(cohort_table(d, cohort, totals = NA), "`totals` must be TRUE")
  expect_error(cohort_table(d, cohort, percent = "cell"),
               "`percent` must be one of")
  expect_error(cohort_table(d, cohort, rows = 1), "`rows` must name")
  d$bad <- I(as.list(seq_len(nrow(d))))
  expect_error(cohort_table(d, bad), "Column `bad` must be a factor")
})
