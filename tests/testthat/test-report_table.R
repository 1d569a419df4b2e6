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

test_that("row roles format the numeric cells of their rows", {
  x <- data.frame(measure = c("Offenders", "Proportion", "Per reoffender",
                              "Other"),
                  now = c(4262, 862 / 4262, 2570 / 862, 1.25),
                  before = c(4588, 1016 / 4588, 2970 / 1016, NA),
                  Change = c(-326, 862 / 4262 - 1016 / 4588, 0.058, 2),
                  note = c("a", "b", "c", "d"))
  tab <- report_table(x, roles = c(now = "rate", before = "rate"),
                      row_roles = c("count", "percent", "rate", NA))
  expect_identical(attr(tab, "row_roles"), c("count", "percent", "rate", NA))
  cells <- format(tab)
  expect_identical(cells$now, c("4,262", "20.2%", "3.0", "1.2"))
  expect_identical(cells$before, c("4,588", "22.1%", "2.9", "[x]"))
  # A change column signs the row's format; an NA row keeps the column's.
  expect_identical(cells$Change, c("-326", "-1.9%", "+0.1", "+2"))
  expect_identical(cells$note, c("a", "b", "c", "d"))
  out <- capture.output(print(tab))
  expect_match(out, "^Proportion +20.2% +22.1% +-1.9%", all = FALSE)
  # Column roles are untouched, and the Total rule still works.
  expect_identical(unname(attr(tab, "roles")),
                   c("label", "rate", "rate", "change", "label"))
  expect_identical(reoffending:::total_rows(tab), rep(FALSE, 4))
})

test_that("row roles are kept, replaced, dropped and checked", {
  x <- data.frame(measure = c("n", "p"), value = c(10, 0.5))
  tab <- report_table(x, row_roles = c("count", "percent"))
  again <- report_table(tab, title = "T")
  expect_identical(attr(again, "row_roles"), c("count", "percent"))
  expect_identical(attr(report_table(tab, row_roles = c("rate", "rate")),
                        "row_roles"), c("rate", "rate"))
  expect_null(attr(report_table(x), "row_roles"))
  expect_null(attr(as.data.frame(tab), "row_roles"))
  # A subset of rows keeps the roles of its rows.
  first <- tab[1, ]
  expect_identical(format(first)$value, "10")  # the row role: count
  expect_identical(attr(report_table(first), "row_roles"), "count")
  expect_identical(format(report_table(first, row_roles = "percent"))$value,
                   "1000.0%")
  expect_error(report_table(x, row_roles = "count"),
               "`row_roles` must give one role per row of `x` \\(2\\), not 1")
  expect_error(report_table(x, row_roles = c("count", "label")),
               "`row_roles` must be among count, percent, rate, change")
  expect_error(report_table(x, row_roles = 1:2),
               "`row_roles` must be a character vector")
  expect_identical(attr(report_table(x, row_roles = c(NA, NA)), "row_roles"),
                   c(NA_character_, NA_character_))
})

test_that("subsetting keeps the metadata that still fits", {
  tab <- report_table(
    data.frame(measure = c("Offenders", "Proportion", "Total"),
               a = c(10, 0.5, 11), share_change = c(0.1, -0.2, 0.3)),
    title = "T", source = "S", notes = "N",
    roles = c(share_change = "change"),
    row_roles = c("count", "percent", "count"),
    chart = report_chart("measure", "a"))
  cols <- tab[, c("measure", "share_change")]
  expect_s3_class(cols, "report_table")
  expect_identical(attr(cols, "title"), "T")
  expect_identical(unname(attr(cols, "roles")), c("label", "change"))
  expect_null(attr(cols, "chart"))
  rows <- tab[2:1, ]
  expect_identical(attr(rows, "row_roles"), c("percent", "count"))
  expect_identical(attr(rows, "chart")$x, "measure")
  expect_identical(tab[["a"]], c(10, 0.5, 11))
  expect_identical(tab[2, "a"], 0.5)
  expect_identical(attr(tab["a"], "roles"), c(a = "rate"))
  expect_identical(attr(tab[tab$a > 1, ], "row_roles"), c("count", "count"))
})

test_that("subsetting a suppressed table keeps its [c] cells in place", {
  d <- data.frame(area = rep(c("A", "B"), c(6, 14)),
                  status = rep(c("x", "y", "z"), length.out = 20))
  tab <- suppress_small(cohort_table(d, status, by = area))
  suppressed <- attr(tab, "suppressed")$cells
  expect_gt(nrow(suppressed), 0L)
  b_rows <- tab[tab$area == "B", ]
  expect_true(all(attr(b_rows, "suppressed")$cells$row <= nrow(b_rows)))
  a_rows <- tab[tab$area == "A", ]
  lines <- seq_len(nrow(a_rows) + 3L)    # title, blank, header, rows
  expect_identical(capture.output(print(a_rows))[lines],
                   capture.output(print(tab))[lines])
  expect_match(capture.output(print(a_rows)), "^A +x +\\[c\\]", all = FALSE)
})
