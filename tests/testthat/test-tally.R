skip_under_valgrind()
test_that("a table over chunks is the table over the whole", {
  cases <- random_cases(600, 1)
  cases$when <- as.Date("2016-01-01") + sample(c(0, 31, 400, NA), 600, TRUE)
  chunks <- split(cases, rep(1:4, length.out = 600))
  # The chunks differ in the values of the text, number and date keys.
  chunks[[1]] <- chunks[[1]][chunks[[1]]$borough %in% "Barnet", ]
  whole <- do.call(rbind, chunks)
  expect_identical(cohort_table(chunks, cohort, status, by = borough),
                   cohort_table(whole, cohort, status, by = borough))
  expect_identical(cohort_table(chunks, band, iom, by = when,
                                percent = "row"),
                   cohort_table(whole, band, iom, by = when,
                                percent = "row"))
  expect_identical(cohort_table(chunks, borough, totals = FALSE),
                   cohort_table(whole, borough, totals = FALSE))
  expect_identical(
    needs_profile(chunks, starts_with("need_"), by = borough),
    needs_profile(whole, starts_with("need_"), by = borough))
  expect_identical(needs_profile(chunks, starts_with("need_")),
                   needs_profile(whole, starts_with("need_")))
})

test_that("tallies add up, and survive saving", {
  cases <- random_cases(300, 2)
  first <- cohort_tally(cases[1:100, ], cohort, borough)
  second <- cohort_tally(cases[101:300, ], cohort, borough)
  path <- tempfile(fileext = ".rds")
  saveRDS(first, path)
  total <- readRDS(path) + second
  expect_s3_class(total, "reoffending_cohort_tally")
  expect_identical(cohort_table(total),
                   cohort_table(cases, cohort, borough))
  expect_identical(cohort_table(total, percent = "col"),
                   cohort_table(cases, cohort, borough, percent = "col"))
  expect_equal(total$records, 300)
  needs <- needs_tally(cases[1:10, ], need_drugs, by = status) +
    needs_tally(cases[11:300, ], need_drugs, by = status)
  expect_identical(needs_profile(needs, labels = "Drugs"),
                   needs_profile(cases, need_drugs, by = status,
                                 labels = "Drugs"))
  expect_output(print(total), "300 records by cohort, borough")
  expect_output(print(needs), "needs need_drugs; by status")
})

test_that("levels are kept, ordered and enforced", {
  cases <- data.frame(x = c("b", "a", NA, "b"), stringsAsFactors = FALSE)
  table <- cohort_table(cases, x, levels = list(x = c("c", "b", "a")))
  expect_identical(table$x, c("c", "b", "a", "Missing", "Total"))
  expect_identical(table$Total, c(0L, 2L, 1L, 1L, 4L))
  expect_identical(
    cohort_table(cases, x, levels = list(x = c("a", "b"))),
    cohort_table(transform(cases, x = factor(x, c("a", "b"))), x))
  expect_error(cohort_table(cases, x, levels = list(x = "a")),
               class = "reoffending_error_bad_argument", regexp = "\"b\"")
  expect_error(cohort_table(cases, x, levels = list(y = "a")),
               class = "reoffending_error_bad_argument", regexp = "\"y\"")
  expect_error(cohort_table(cases, x, levels = c("a", "b")),
               class = "reoffending_error_bad_argument")
  expect_error(cohort_table(cases, x, levels = list(x = c("a", "a"))),
               class = "reoffending_error_bad_argument")
  expect_error(cohort_table(cohort_tally(cases, x), levels = list(x = "a")),
               class = "reoffending_error_bad_argument")
})

test_that("tallies that cannot be added are refused", {
  a <- data.frame(k = factor("x", levels = c("x", "y")), n = 1)
  b <- data.frame(k = factor("x", levels = c("y", "x")), n = "1")
  expect_error(cohort_tally(a, k) + cohort_tally(b, k),
               class = "reoffending_error_bad_argument",
               regexp = "different levels")
  expect_error(cohort_tally(a, n) + cohort_tally(b, n),
               class = "reoffending_error_bad_argument",
               regexp = "numeric in one part and text")
  expect_error(cohort_tally(a, k) + cohort_tally(a, n),
               class = "reoffending_error_bad_argument",
               regexp = "same columns")
  expect_error(cohort_tally(a, k) + needs_tally(a, n),
               class = "reoffending_error_bad_argument", regexp = "same kind")
  expect_error(needs_tally(a, n) + needs_tally(a, n, by = k),
               class = "reoffending_error_bad_argument")
  expect_error(cohort_table(list(), k),
               class = "reoffending_error_bad_argument", regexp = "empty")
  expect_error(cohort_table(list(a, 1), k),
               class = "reoffending_error_bad_argument", regexp = "element 2")
  expect_error(cohort_table(list(a, data.frame(k = "z")), k,
                            levels = list(k = "x")),
               class = "reoffending_error_bad_argument",
               regexp = "^In chunk 2 of `data`")
  expect_error(cohort_tally(a), class = "reoffending_error_bad_argument")
  expect_error(needs_tally(a), class = "reoffending_error_bad_argument")
})

test_that("an empty part adds nothing, whatever its columns' types", {
  cases <- data.frame(k = c("a", "b", NA), stringsAsFactors = FALSE)
  empty <- data.frame(k = logical())
  expect_identical(cohort_table(cohort_tally(cases, k) +
                                  cohort_tally(empty, k)),
                   cohort_table(cases, k))
  expect_identical(cohort_table(list(empty, cases), k),
                   cohort_table(cases, k))
  flags <- data.frame(n = c(1, 0, NA), g = c("x", "y", "x"))
  expect_identical(
    needs_profile(list(flags, data.frame(n = logical(), g = logical())), n,
                  by = g),
    needs_profile(flags, n, by = g))
})
