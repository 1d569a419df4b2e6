quietly <- function(code) suppressMessages(code)

test_that("roles are inferred from types, names and values", {
  x <- data.frame(area = c("A", "B"), cases = c(3, 10),
                  share = c(.3, 1), rate = c(1.25, 2.5),
                  change = c(-2, 3), marker = c("\u2713", "\u2717"),
                  rag = c("Green", "Red"), `n %` = c(.1, .2),
                  year = c(2010L, 2011L), trend = c(0.176, 0.201),
                  `pp change` = c(-1.9, 2.1), percentage = c(45.2, 50.1),
                  check.names = FALSE)
  tab <- quietly(report_table(x))
  expect_identical(unname(record_roles(tab)),
                   c("label", "count", "proportion", "rate", "change",
                     "marker", "rag", "proportion", "period", "proportion",
                     "pp", "rate"))
  cols <- table_record(tab)$columns
  expect_identical(cols$stated, rep(FALSE, ncol(x)))
  expect_identical(cols$unit[cols$name == "cases"], NA_character_)
  # A year is a key, like the labels.
  expect_identical(table_record(tab)$keys, c("area", "year"))
})

test_that("report_table() says in one message what it inferred", {
  x <- data.frame(area = c("A", "B", "C", "TOTAL"), n = c(3, 20, 30, 53))
  expect_message(report_table(x), class = "reoffending_message_inferred")
  msg <- tryCatch(report_table(x), message = conditionMessage)
  expect_match(msg, "counts of people: `n`")
  expect_match(msg, "total rows: 4 \\(TOTAL\\)")
  # Nothing to say when everything is stated.
  expect_silent(report_table(x, roles = c("label", "count"),
                             units = c(n = "events"), totals = 4))
  expect_silent(report_table(data.frame(a = "x")))
})

test_that("a total row is found from its values, whatever its label", {
  for (label in c("TOTAL", "All offenders", "London", "Total Offenders",
                  "Sum")) {
    x <- data.frame(area = c("A", "B", "C", label), n = c(3, 20, 30, 53),
                    m = c(7, 8, 9, 24))
    tab <- quietly(report_table(x))
    expect_identical(table_record(tab)$rows$role,
                     c("body", "body", "body", "total"), label = label)
    expect_true(table_record(tab)$additive[["rows"]], label = label)
  }
  # A row that is not a sum is a body row, whatever it is called; one
  # labelled exactly Total is a total (so audit_table() can check it), and
  # one called "Total ..." that is no sum is a total of its own.
  x <- data.frame(area = c("A", "B", "Total care", "Total"),
                  n = c(3, 20, 30, 23))
  tab <- quietly(report_table(x))
  expect_identical(table_record(tab)$rows$role,
                   c("body", "body", "subtotal", "total"))
  expect_true(table_record(tab)$additive[["rows"]])
  # "Total care" is a kind of care when the total counts it.
  x$n[4] <- 53
  tab <- quietly(report_table(x))
  expect_identical(table_record(tab)$rows$role,
                   c("body", "body", "body", "total"))
  expect_true(table_record(tab)$additive[["rows"]])
  wrong <- quietly(report_table(data.frame(area = c("A", "B", "Total"),
                                           n = c(3, 20, 30))))
  expect_identical(table_record(wrong)$rows$role, c("body", "body", "total"))
  expect_false(table_record(wrong)$additive[["rows"]])
  # Blocks: each total closes one.
  x <- data.frame(g = rep(c("a", "b"), each = 3),
                  r = rep(c("x", "y", "All"), 2),
                  n = c(1, 2, 3, 4, 5, 9))
  tab <- quietly(report_table(x))
  expect_identical(table_record(tab)$rows$block, rep(1:2, each = 3))
})

test_that("a total column is found from its values or its name", {
  x <- data.frame(area = c("A", "B"), m = c(1, 2), f = c(3, 4),
                  both = c(4, 6))
  tab <- quietly(report_table(x))
  expect_identical(table_record(tab)$total_column, "both")
  expect_true(table_record(tab)$additive[["columns"]])
  named <- quietly(report_table(data.frame(a = "x", m = 1, Total = 5)))
  expect_identical(table_record(named)$total_column, "Total")
  expect_false(table_record(named)$additive[["columns"]])
  none <- quietly(report_table(data.frame(a = c("x", "y"), m = c(1, 2),
                                          f = c(3, 4))))
  expect_identical(table_record(none)$total_column, NA_character_)
})

test_that("proportions are linked to the counts they are computed from", {
  x <- data.frame(area = c("A", "B", "Total"), n = c(4, 16, 20),
                  other = c(50, 60, 110), share = c(0.2, 0.8, 1))
  tab <- quietly(report_table(x))
  derived <- table_record(tab)$derived
  expect_identical(derived$numerator, "n")
  expect_identical(derived$denominator, "n")
  expect_identical(derived$over, "block")
  # One that fits nothing follows every count of its row.
  x$share <- c(0.5, 0.5, 0.5)
  loose <- quietly(report_table(x))
  expect_identical(table_record(loose)$derived$numerator, c("n", "other"))
})

test_that("stated roles, units, labels and totals override the inference", {
  x <- data.frame(area = "A", value = 0.5)
  tab <- report_table(x, title = "T", source = "S", notes = c("n1", "n2"),
                      roles = c(value = "percent"),
                      labels = c(value = "Share of cases"))
  expect_identical(record_roles(tab)[["value"]], "proportion")
  expect_identical(table_record(tab)$columns$label, c("area",
                                                      "Share of cases"))
  again <- report_table(tab, roles = c(value = "rate"))
  expect_identical(table_record(again)$title, "T")
  expect_identical(table_record(again)$notes, c("n1", "n2"))
  expect_identical(record_roles(again)[["value"]], "rate")
  expect_identical(table_record(again)$columns$label[2], "Share of cases")
  expect_identical(record_roles(report_table(x, roles = c("label",
                                                          "rate")))[["value"]],
                   "rate")
  crimes <- report_table(data.frame(year = 2014:2016, n = c(1, 2, 3)),
                         units = c(n = "events"))
  expect_identical(table_record(crimes)$columns$unit, c(NA, "events"))
  stated <- report_table(data.frame(a = c("x", "y", "z"), n = c(1, 2, 9)),
                         totals = list(rows = 3, sums = FALSE))
  expect_identical(table_record(stated)$rows$role, c("body", "body",
                                                     "total"))
  expect_false(table_record(stated)$additive[["rows"]])
  off <- report_table(data.frame(a = c("x", "y", "z"), n = c(1, 2, 3)),
                      totals = FALSE)
  expect_identical(table_record(off)$rows$role, rep("body", 3))
})

test_that("print shows title, labels, formatted cells, source and notes", {
  tab <- report_table(
    data.frame(cohort = c("Young Males", "Total"), cases = c(1379, NA),
               percentage = c(0.176, NA), change = c(2, -1.5)),
    title = "Caseload", source = "CRC extract", notes = "No MHLD cases",
    labels = c(cases = "Cases"), totals = 2)
  out <- capture.output(print(tab))
  expect_identical(out[1], "Caseload")
  expect_match(out, "^cohort +Cases +percentage +change", all = FALSE)
  expect_match(out, "Young Males +1,379 +17.6% +\\+2", all = FALSE)
  expect_match(out, "^Total +\\[z\\] +\\[z\\] +-1.5", all = FALSE)
  expect_match(out, "^Source: CRC extract$", all = FALSE)
  expect_match(out, "^Note: No MHLD cases$", all = FALSE)
  plain <- report_table(data.frame(a = "x", b = NA_real_))
  expect_match(capture.output(print(plain)), "\\[x\\]", all = FALSE)
})

test_that("every role prints in its units", {
  x <- data.frame(area = c("A", "B"), year = c(2010L, 2016L),
                  n = c(1234, 5), change = c(-3, 12), p = c(0.176, 0.5),
                  pp = c(-1.9, 0), pc = c(0.028, -0.1), r = c(2.345, 1000),
                  stringsAsFactors = FALSE)
  tab <- report_table(x, roles = c(year = "period", n = "count",
                                   change = "change", p = "proportion",
                                   pp = "pp", pc = "pct_change", r = "rate"))
  cells <- format(tab)
  expect_identical(cells$year, c("2010", "2016"))
  expect_identical(cells$n, c("1,234", "5"))
  expect_identical(cells$change, c("-3", "+12"))
  expect_identical(cells$p, c("17.6%", "50.0%"))
  expect_identical(cells$pp, c("-1.9 pp", "0.0 pp"))
  expect_identical(cells$pc, c("+2.8%", "-10.0%"))
  expect_identical(cells$r, c("2.3", "1,000.0"))
})

test_that("print prints like the published caseload table", {
  expect_snapshot(print(lewisham_caseload))
})

test_that("str() of a table and its record read well", {
  out <- capture.output(str(lewisham_caseload))
  expect_match(out[1], "^report_table: 5 rows, 5 columns")
  expect_match(out, "Community: count of people", all = FALSE)
  expect_match(out, "total rows: 1; total column: Total; withheld cells: 0",
               all = FALSE)
})

test_that("wide tables wrap, repeating the label column", {
  x <- data.frame(label = "row", matrix(11:40, nrow = 1))
  tab <- report_table(x, totals = FALSE)
  out <- withr_width(30, capture.output(print(tab)))
  expect_gt(sum(grepl("^label", out)), 1)
})

test_that("as.data.frame() gives the plain data frame back", {
  df <- as.data.frame(lewisham_caseload)
  expect_identical(class(df), "data.frame")
  expect_null(attr(df, "report"))
  expect_identical(df$Total[5], 1338L)
})

test_that("report_table() names the bad argument, with a class", {
  x <- data.frame(a = "x", b = 1)
  bad <- "reoffending_error_bad_argument"
  expect_error(report_table(1:3), "`x` must be a data frame", class = bad)
  expect_error(report_table(x, title = 1), "`title` must be a single",
               class = bad)
  expect_error(report_table(x, source = c("a", "b")), "`source` must be",
               class = bad)
  expect_error(report_table(x, notes = 1), "`notes` must be a character",
               class = bad)
  expect_error(report_table(x, roles = c(b = "money")),
               "`roles` must be among", class = bad)
  expect_error(report_table(x, roles = c(z = "count")),
               "`roles` names columns not in `x`", class = bad)
  expect_error(report_table(x, roles = c(a = "count")),
               "numeric role to columns that are not numeric", class = bad)
  expect_error(report_table(x, roles = "label"), "one role per column",
               class = bad)
  expect_error(report_table(x, units = c(b = "pounds")),
               "`units` must be \"people\" or \"events\"", class = bad)
  expect_error(report_table(x, units = c(a = "people")),
               "`units` is for count and change columns", class = bad)
  expect_error(report_table(x, units = "people"), "`units` must be",
               class = bad)
  expect_error(report_table(x, labels = c(z = "Z")),
               "`labels` names columns not in `x`", class = bad)
  expect_error(report_table(x, labels = c(b = "a")),
               "`labels` must leave every column's label different",
               class = bad)
  expect_error(report_table(x, labels = c(b = NA)), "`labels` must be",
               class = bad)
  expect_error(report_table(x, totals = 3), "`totals` must give the total",
               class = bad)
  expect_error(report_table(x, totals = list(rows = 1, col = "b")),
               "`totals` as a list", class = bad)
  expect_error(report_table(x, totals = list(column = "z")),
               "`totals\\$column` must name a column", class = bad)
  expect_error(report_table(x, totals = list(rows = 1, sums = NA)),
               "`totals\\$sums` must be TRUE", class = bad)
  expect_error(table_record(data.frame()), "`x` must be a report_table",
               class = bad)
})

test_that("measures format the numeric cells of their rows", {
  x <- data.frame(measure = c("Offenders", "Proportion", "Per reoffender",
                              "Other"),
                  now = c(4262, 862 / 4262, 2570 / 862, 1.25),
                  before = c(4588, 1016 / 4588, 2970 / 1016, NA),
                  Change = c(-326, -1.9, 0.058, 2),
                  note = c("a", "b", "c", "d"))
  tab <- report_table(x, roles = c(now = "rate", before = "rate",
                                   Change = "change"),
                      measures = c("count", "percent", "rate", NA),
                      totals = FALSE)
  expect_identical(table_record(tab)$rows$measure,
                   c("count", "proportion", "rate", NA))
  cells <- format(tab)
  expect_identical(cells$now, c("4,262", "20.2%", "3.0", "1.2"))
  expect_identical(cells$before, c("4,588", "22.1%", "2.9", "[x]"))
  # In a change column a proportion row is a change in percentage points,
  # a count row a signed count; a row with no measure keeps the column's.
  expect_identical(cells$Change, c("-326", "-1.9 pp", "+0.1", "+2"))
  expect_identical(cells$note, c("a", "b", "c", "d"))
  out <- capture.output(print(tab))
  expect_match(out, "^Proportion +20.2% +22.1% +-1.9 pp", all = FALSE)
  expect_identical(unname(record_roles(tab)),
                   c("label", "rate", "rate", "change", "label"))
  expect_identical(table_record(tab)$rows$role, rep("body", 4))
})

test_that("measures are kept, replaced, follow their rows and are checked", {
  x <- data.frame(measure = c("n", "p"), value = c(10, 0.5))
  tab <- report_table(x, measures = c("count", "percent"), totals = FALSE)
  again <- report_table(tab, title = "T")
  expect_identical(table_record(again)$rows$measure,
                   c("count", "proportion"))
  expect_identical(table_record(report_table(tab, measures = c("rate",
                                                               "rate")))$
                     rows$measure, c("rate", "rate"))
  first <- tab[1, ]
  expect_identical(format(first)$value, "10")
  expect_identical(table_record(first)$rows$measure, "count")
  expect_identical(format(report_table(first, measures = "percent"))$value,
                   "1000.0%")
  expect_identical(table_record(tab[2:1, ])$rows$measure,
                   c("proportion", "count"))
  bad <- "reoffending_error_bad_argument"
  expect_error(report_table(x, measures = "count"),
               "`measures` must give one measure per row of `x` \\(2\\), not 1",
               class = bad)
  expect_error(report_table(x, measures = c("count", "label")),
               "`measures` must be among count, proportion, rate",
               class = bad)
  expect_error(report_table(x, measures = 1:2),
               "`measures` must be a character vector", class = bad)
})

test_that("subsetting keeps the record that still fits", {
  tab <- report_table(
    data.frame(measure = c("Offenders", "Proportion", "Total"),
               a = c(10, 0.5, 11), share_change = c(0.1, -0.2, 0.3)),
    title = "T", source = "S", notes = "N",
    roles = c(share_change = "change"), totals = 3,
    measures = c("count", "percent", "count"),
    chart = report_chart("measure", "a"))
  cols <- tab[, c("measure", "share_change")]
  expect_s3_class(cols, "report_table")
  expect_identical(table_record(cols)$title, "T")
  expect_identical(unname(record_roles(cols)), c("label", "change"))
  expect_null(table_record(cols)$chart)
  rows <- tab[c(3, 1), ]
  expect_identical(table_record(rows)$rows$measure, c("count", "count"))
  expect_identical(table_record(rows)$rows$role, c("total", "body"))
  expect_identical(reoffending:::table_meta(rows)$chart$x, "measure")
  expect_identical(tab[["a"]], c(10, 0.5, 11))
  expect_identical(tab[2, "a"], 0.5)
  expect_identical(record_roles(tab["a"]), c(a = "rate"))
})

test_that("the record is validated", {
  tab <- cohort_table(lewisham_offenders, cohort, status)
  broken <- tab
  meta <- attr(broken, "report")
  meta$columns$role[2] <- "money"
  attr(broken, "report") <- meta
  expect_error(reoffending:::validate_report_table(broken),
               "unknown column role", class = "reoffending_error_bad_table")
  meta <- attr(tab, "report")
  meta$rows$role <- meta$rows$role[-1]
  attr(broken, "report") <- meta
  expect_error(reoffending:::validate_report_table(broken),
               "one entry per row", class = "reoffending_error_bad_table")
})

test_that("empty tables, data.tables and tibbles are tables too", {
  empty <- report_table(data.frame())
  expect_identical(dim(empty), c(0L, 0L))
  expect_output(print(empty), "no columns")
  none <- cohort_table(lewisham_offenders[0, ], cohort, status)
  expect_identical(none$Total, rep(0L, 6))
  expect_identical(table_record(none[0, ])$rows$role, character())
  skip_if_not_installed("data.table")
  dt <- data.table::data.table(area = c("A", "B", "Total"),
                               n = c(3L, 20L, 23L))
  tab <- quietly(report_table(dt))
  expect_identical(class(tab), c("report_table", "data.frame"))
  expect_identical(table_record(tab)$rows$role, c("body", "body", "total"))
})

test_that("column names that are not valid text are refused, by name", {
  d <- data.frame(a = 1:2, n = 3:4)
  names(d)[1] <- "caf\xe9"            # bytes of latin1, encoding undeclared
  expect_error(report_table(d), "not valid text.*columns 1",
               class = "reoffending_error_bad_argument")
  Encoding(names(d)) <- c("latin1", "unknown")   # declared: fine
  tab <- quietly(report_table(d, roles = c("caf\u00e9" = "label")))
  expect_identical(names(tab)[1], "caf\u00e9")
})

test_that("key columns read as text are what as.character() gives", {
  # Formatted once per distinct value: dates, times with and without
  # seconds, missing values.
  days <- as.Date("2016-02-27") + c(sample(0:5, 300, TRUE), NA)
  times <- as.POSIXct("2016-02-28 23:59:00", tz = "UTC") +
    c(sample(0:3, 300, TRUE) * 60, NA)
  seconds <- times
  seconds[1] <- seconds[1] + 1
  for (x in list(days, times, seconds, days[1:5], factor(c("a", NA)), 1:3)) {
    expect_identical(reoffending:::key_text(x), as.character(x))
  }
})
