test_that("roles are guessed from types and names", {
  x <- data.frame(area = c("A", "Total"), cases = c(3, 10),
                  share = c(.3, 1), rate = c(1.25, 2.5),
                  change = c(-2, 3), marker = c("\u2713", "\u2717"),
                  rag = c("Green", "Red"), `n %` = c(.1, .2),
                  check.names = FALSE)
  tab <- report_table(x)
  expect_identical(unname(attr(tab, "roles")),
                   c("label", "count", "percent", "rate", "change", "marker",
                     "rag", "percent"))
})

test_that("stated roles override guesses; metadata is kept", {
  x <- data.frame(area = "A", value = 0.5)
  tab <- report_table(x, title = "T", source = "S", notes = c("n1", "n2"),
                      roles = c(value = "percent"))
  expect_identical(attr(tab, "roles")[["value"]], "percent")
  again <- report_table(tab, roles = c(value = "rate"))
  expect_identical(attr(again, "title"), "T")
  expect_identical(attr(again, "notes"), c("n1", "n2"))
  expect_identical(attr(again, "roles")[["value"]], "rate")
  expect_identical(attr(report_table(x, roles = c("label", "rate")),
                        "roles")[["value"]], "rate")
})

test_that("print shows title, formatted cells, source and notes", {
  tab <- report_table(
    data.frame(cohort = c("Young Males", "Total"), cases = c(1379, NA),
               percentage = c(0.176, NA), change = c(2, -1.5)),
    title = "Caseload", source = "CRC extract", notes = "No MHLD cases")
  out <- capture.output(print(tab))
  expect_identical(out[1], "Caseload")
  expect_match(out, "Young Males +1,379 +17.6% +\\+2", all = FALSE)
  expect_match(out, "^Total +\\[z\\] +\\[z\\] +-1.5", all = FALSE)
  expect_match(out, "^Source: CRC extract$", all = FALSE)
  expect_match(out, "^Note: No MHLD cases$", all = FALSE)
  plain <- report_table(data.frame(a = "x", b = NA_real_))
  expect_match(capture.output(print(plain)), "\\[x\\]", all = FALSE)
})

test_that("print prints like the published caseload table", {
  expect_snapshot(print(lewisham_caseload))
})

test_that("wide tables wrap, repeating the label column", {
  x <- data.frame(label = "row", matrix(1:30, nrow = 1))
  tab <- report_table(x)
  out <- withr_width(30, capture.output(print(tab)))
  expect_gt(sum(grepl("^label", out)), 1)
})

test_that("as.data.frame() gives the plain data frame back", {
  df <- as.data.frame(lewisham_caseload)
  expect_identical(class(df), "data.frame")
  expect_null(attr(df, "roles"))
  expect_null(attr(df, "title"))
  expect_identical(df$Total[5], 1338L)
})

test_that("report_table() names the bad argument", {
  x <- data.frame(a = "x", b = 1)
  expect_error(report_table(1:3), "`x` must be a data frame")
  expect_error(report_table(x, title = 1), "`title` must be a single")
  expect_error(report_table(x, source = c("a", "b")), "`source` must be")
  expect_error(report_table(x, notes = 1), "`notes` must be a character")
  expect_error(report_table(x, roles = c(b = "money")),
               "`roles` must be among")
  expect_error(report_table(x, roles = c(z = "count")),
               "`roles` names columns not in `x`")
  expect_error(report_table(x, roles = c(a = "count")),
               "numeric role to columns that are not numeric")
  expect_error(report_table(x, roles = "label"), "one role per column")
})
