skip_if_not_installed("readxl")
skip_if_not_installed("xml2")

# xlsx_part(), xlsx_parts() and expect_xlsx_parses() are in helper.R.

# A table sheet read back: the cells from the header row down.
read_table_sheet <- function(path, sheet, skip) {
  as.data.frame(readxl::read_excel(path, sheet = sheet, skip = skip,
                                   col_types = "text"))
}

sheet_xml <- function(path, sheet) {
  sheets <- readxl::excel_sheets(path)
  xlsx_part(path, sprintf("xl/worksheets/sheet%d.xml", match(sheet, sheets)))
}

lewisham_workbook <- function(path = tempfile(fileext = ".xlsx"), ...) {
  caseload <- cohort_table(lewisham_offenders, cohort, status)
  write_report(list(Caseload = caseload, Needs = lewisham_needs), path,
               title = "Lewisham offender management",
               source = "London CRC", contact = "analyst@example.org", ...)
  path
}

test_that("the workbook has the GSS sheets in order", {
  path <- lewisham_workbook(notes = "Figures as of 30 November 2016.")
  expect_xlsx_parses(path)
  expect_identical(readxl::excel_sheets(path),
                   c("Cover_sheet", "Table_of_contents", "Notes",
                     "Caseload", "Needs"))
  cover <- readxl::read_excel(path, "Cover_sheet", col_names = FALSE)
  expect_identical(cover[[1]][1], "Lewisham offender management")
  expect_true("London CRC" %in% cover[[1]])
  expect_true("analyst@example.org" %in% cover[[1]])
  toc <- read_table_sheet(path, "Table_of_contents", 2)
  expect_identical(toc$`Sheet name`, c("Caseload", "Needs"))
  expect_identical(toc$`Table description`[2], "Lewisham needs profile")
  notes <- read_table_sheet(path, "Notes", 2)
  expect_identical(notes$`Note number`, "[note 1]")
  expect_identical(notes$`Note text`, "Figures as of 30 November 2016.")
})

test_that("table values read back equal the tables", {
  path <- lewisham_workbook()
  expect_xlsx_parses(path)
  caseload <- read_table_sheet(path, "Caseload", 2)
  expected <- cohort_table(lewisham_offenders, cohort, status)
  expect_identical(names(caseload), names(expected))
  expect_identical(caseload$cohort, expected$cohort)
  expect_identical(as.integer(caseload$Total), expected$Total)
  # The needs sheet has its source above the table and [z] in the total row.
  needs <- read_table_sheet(path, "Needs", 4)
  expect_identical(needs$need, lewisham_needs$need)
  expect_identical(as.integer(needs$offenders), lewisham_needs$offenders)
  expect_equal(as.numeric(needs$percentage[1:10]),
               lewisham_needs$percentage[1:10])
  expect_identical(needs$percentage[11], "[z]")
  top <- readxl::read_excel(path, "Needs", col_names = FALSE, n_max = 4)[[1]]
  expect_identical(top[1], "Lewisham needs profile")
  expect_match(top[2], "^This worksheet contains one table")
  expect_match(top[3], "\\[z\\] = not applicable")
  expect_match(top[4], "^Source: London CRC presentation")
})

test_that("numbers carry formats by role, totals are bold", {
  path <- lewisham_workbook()
  expect_xlsx_parses(path)
  styles <- xlsx_part(path, "xl/styles.xml")
  expect_match(styles, 'formatCode="#,##0"', fixed = TRUE)
  expect_match(styles, 'formatCode="0.0%"', fixed = TRUE)
  expect_match(styles, "<b/>", fixed = TRUE)
  # The Total row's cells use a bold style; the others do not.
  xml <- sheet_xml(path, "Caseload")
  style_of <- function(cell) {
    sub('.*s="([0-9]+)".*', "\\1",
        regmatches(xml, regexpr(sprintf('<c r="%s"[^>]*>', cell), xml)))
  }
  xfs <- regmatches(styles, gregexpr("<xf [^>]*>(</xf>)?", styles))[[1]]
  cell_xfs <- xfs[-seq_len(length(regmatches(
    styles, gregexpr("<cellStyleXfs.*?</cellStyleXfs>", styles))[[1]]))]
  expect_false(identical(style_of("E4"), style_of("E9")))
  fonts <- regmatches(styles, gregexpr("<font>.*?</font>", styles))[[1]]
  expect_true(any(grepl("<b/>", fonts)))
})

test_that("each table is an Excel table with no filter buttons", {
  path <- lewisham_workbook()
  expect_xlsx_parses(path)
  parts <- xlsx_parts(path)
  tables <- grep("^xl/tables/table[0-9]+\\.xml$", parts, value = TRUE)
  expect_length(tables, 3L)    # contents, caseload, needs
  for (part in tables) {
    xml <- xlsx_part(path, part)
    expect_false(grepl("autoFilter", xml))
  }
  caseload <- xlsx_part(path, "xl/tables/table2.xml")
  expect_match(caseload, 'ref="A3:E9"', fixed = TRUE)
  expect_match(caseload, 'name="table_Caseload"', fixed = TRUE)
  for (sheet in readxl::excel_sheets(path)) {
    xml <- sheet_xml(path, sheet)
    expect_false(grepl("mergeCell", xml))
    expect_false(grepl("<pane", xml))
    expect_false(grepl('hidden="1"', xml))
    expect_false(grepl("<f>", xml))
  }
})

test_that("document properties are set", {
  path <- lewisham_workbook()
  expect_xlsx_parses(path)
  core <- xlsx_part(path, "docProps/core.xml")
  expect_match(core, "<dc:title>Lewisham offender management</dc:title>",
               fixed = TRUE)
  expect_match(core, "<dc:creator>analyst@example.org</dc:creator>",
               fixed = TRUE)
  expect_match(core, "<cp:keywords>probation", fixed = TRUE)
  custom <- xlsx_part(path, "docProps/custom.xml")
  expect_match(custom, 'name="Language"><vt:lpwstr>en-GB', fixed = TRUE)
})

test_that("text is text: no formulas, UTF-8 round-trips", {
  text <- c("=SUM(A1:A2)", "+44 20 7946 0000", "-5 offenders", "@risk",
            "\u2713 \u00a3 Andr\u00e9", "plain")
  path <- tempfile(fileext = ".xlsx")
  write_report(data.frame(label = text, n = 11:16), path, title = "Text")
  expect_xlsx_parses(path)
  back <- read_table_sheet(path, "Table_1", 2)
  expect_identical(back$label, text)
  xml <- sheet_xml(path, "Table_1")
  expect_false(grepl("<f>", xml))
})

test_that("NA, markers, RAG and dates are written as the standard asks", {
  x <- report_table(data.frame(
    indicator = c("Starts", "Completions", "Total"),
    value = c(10, NA, 5),
    marker = c("\u2713", "\u2717", NA),
    rag = c("Green", "Red", "Amber"),
    date = as.Date(c("2016-11-30", NA, "2017-01-31"))))
  path <- tempfile(fileext = ".xlsx")
  write_report(list(Indicators = x), path, title = "Markers")
  expect_xlsx_parses(path)
  back <- read_table_sheet(path, "Indicators", 3)
  expect_identical(back$value, c("10", "[x]", "5"))
  expect_identical(back$marker, c("\u2713", "\u2717", "[z]"))
  expect_identical(back$rag, c("Green", "Red", "Amber"))
  serial <- suppressWarnings(as.numeric(back$date))
  expect_identical(as.Date(serial, origin = "1899-12-30"), x$date)
  expect_identical(back$date[2], "[x]")
  styles <- xlsx_part(path, "xl/styles.xml")
  expect_match(styles, "C6EFCE", fixed = TRUE)    # green fill beside "Green"
  expect_match(styles, 'formatCode="d mmm yyyy"', fixed = TRUE)
})

test_that("a chart gets a sheet of its own with alt text", {
  needs <- report_table(lewisham_needs,
                        chart = report_chart("need", "percentage"))
  path <- tempfile(fileext = ".xlsx")
  write_report(list(Needs = needs), path, title = "Needs")
  expect_xlsx_parses(path)
  expect_identical(readxl::excel_sheets(path),
                   c("Cover_sheet", "Table_of_contents", "Needs",
                     "Needs_chart"))
  expect_true("xl/charts/chart1.xml" %in% xlsx_parts(path))
  drawing <- xlsx_part(path, "xl/drawings/drawing1.xml")
  expect_match(drawing, 'descr="Bar chart of percentage by need', fixed = TRUE)
  chart <- xlsx_part(path, "xl/charts/chart1.xml")
  expect_match(chart, "'Needs'!$A$6:$A$15", fixed = TRUE)
  expect_match(chart, "<c:strRef><c:f>'Needs'!$A$6:$A$15", fixed = TRUE)
})

test_that("sheet names are cleaned and made unique", {
  d <- data.frame(a = 10)
  path <- tempfile(fileext = ".xlsx")
  write_report(list(`IOM: cases [2016]/17` = d, Notes = d,
                    `A very long sheet name that Excel would refuse` = d,
                    iom_cases_2016_17 = d, d), path, title = "Names")
  expect_xlsx_parses(path)
  expect_identical(readxl::excel_sheets(path)[-(1:2)],
                   c("IOM_cases_2016_17", "Notes_2",
                     "A_very_long_sheet_name_that_Exc",
                     "iom_cases_2016_17_2", "Table_5"))
  expect_error(write_report(list(`***` = d), tempfile(fileext = ".xlsx"),
                            title = "x"),
               "cannot be made a sheet name")
})

test_that("an existing file is refused unless overwrite = TRUE", {
  path <- lewisham_workbook()
  expect_xlsx_parses(path)
  before <- unname(tools::md5sum(path))
  expect_error(lewisham_workbook(path), "`path` already exists")
  expect_identical(unname(tools::md5sum(path)), before)
  lewisham_workbook(path, overwrite = TRUE)
  expect_xlsx_parses(path)
  expect_true(file.exists(path))
})

test_that("a failed write leaves no file and the old one untouched", {
  dir <- tempfile()
  dir.create(dir)
  path <- file.path(dir, "report.xlsx")
  lewisham_workbook(path)
  expect_xlsx_parses(path)
  before <- unname(tools::md5sum(path))
  long <- data.frame(text = strrep("x", 40000))
  expect_error(write_report(long, path, title = "x", overwrite = TRUE),
               "longer than 32,767")
  expect_identical(unname(tools::md5sum(path)), before)
  expect_identical(list.files(dir, all.files = TRUE, no.. = TRUE),
                   "report.xlsx")
  # A failure inside the C writer: no file is created at all.
  target <- file.path(dir, "direct.xlsx")
  formats <- list(num_format = "", bold = FALSE, font_color = NA_integer_,
                  bg_color = NA_integer_, font_size = NA_real_,
                  text_wrap = FALSE, underline = FALSE, border = FALSE,
                  align_right = FALSE)
  sheet <- list(name = "S", pre = character(), pre_format = integer(),
                header = "a", header_formats = 0L,
                columns = list(strrep("y", 40000)), formats = list(0L),
                bold_formats = 0L, bold_rows = integer(), na_text = list("[x]"),
                widths = 10, link_column = -1L, table_name = "t")
  expect_error(.Call(reoffending:::C_write_xlsx, target, character(),
                     formats, list(sheet), FALSE),
               "could not write the workbook")
  expect_false(file.exists(target))
})

test_that("100,000 rows are written and read back intact", {
  n <- 100000
  set.seed(5)
  x <- data.frame(id = sprintf("ID%06d", seq_len(n)),
                  count = sample.int(1e6, n, replace = TRUE),
                  share = round(stats::runif(n), 4))
  path <- tempfile(fileext = ".xlsx")
  # Counts of events: not suppressed, so every value comes back.
  write_report(list(Records = report_table(x, roles = c(share = "percent"),
                                           units = c(count = "events"))),
               path, title = "Records")
  expect_xlsx_parses(path)
  back <- readxl::read_excel(path, "Records", skip = 2)
  expect_identical(nrow(back), as.integer(n))
  expect_identical(back$id, x$id)
  expect_equal(back$count, x$count)
  expect_equal(back$share, x$share)
})

test_that("write_report() names the bad argument", {
  d <- data.frame(a = 10)
  path <- tempfile(fileext = ".xlsx")
  expect_error(write_report(1:3, path, title = "x"), "`x` must be")
  expect_error(write_report(list(d, 1), path, title = "x"),
               "`x` must hold only report tables or data frames")
  expect_error(write_report(list(), path, title = "x"), "`x` must be")
  expect_error(write_report(d[0, , drop = FALSE], path, title = "x"),
               "has no rows")
  expect_error(write_report(d, path), "`title` must be")
  expect_error(write_report(d, path, title = NA_character_), "`title`")
  expect_error(write_report(d, tempfile(fileext = ".csv"), title = "x"),
               "`path` must end in .xlsx")
  expect_error(write_report(d, NA_character_, title = "x"), "`path` must")
  expect_error(write_report(d, file.path(tempfile(), "a.xlsx"), title = "x"),
               "folder that does not exist")
  folder <- tempfile(fileext = ".xlsx")
  dir.create(folder)
  expect_error(write_report(d, folder, title = "x"), "`path` is a folder")
  expect_error(write_report(d, path, title = "x", published = "30/11/2016"),
               "`published` must hold dates")
  expect_error(write_report(d, path, title = "x", notes = 1),
               "`notes` must be")
  expect_error(write_report(d, path, title = "x", overwrite = NA),
               "`overwrite` must be TRUE or FALSE")
  wide <- as.data.frame(matrix(1, nrow = 1, ncol = 16385))
  expect_error(write_report(wide, path, title = "x"), "at most 16,384")
  long <- data.frame(a = seq_len(1048576))
  expect_error(write_report(long, path, title = "x"), "at most 1,048,576")
  expect_false(file.exists(path))
})

test_that("the workbook opens in LibreOffice", {
  soffice <- Sys.which(c("soffice", "libreoffice"))
  soffice <- soffice[nzchar(soffice)]
  skip_if(length(soffice) == 0L, "LibreOffice is not installed")
  path <- lewisham_workbook()
  expect_xlsx_parses(path)
  out <- tempfile()
  dir.create(out)
  old_home <- Sys.getenv("HOME")
  Sys.setenv(HOME = out)
  on.exit(Sys.setenv(HOME = old_home))
  # R's LD_LIBRARY_PATH would make LibreOffice load the wrong libraries.
  status <- system2("env",
                    c("-u", "LD_LIBRARY_PATH", shQuote(soffice[[1]]),
                      "--headless", "--convert-to", "csv", "--outdir",
                      shQuote(out), shQuote(path)),
                    stdout = FALSE, stderr = FALSE)
  expect_identical(status, 0L)
  csv <- list.files(out, pattern = "\\.csv$", full.names = TRUE)
  expect_length(csv, 1L)
  expect_match(readLines(csv, n = 1L, warn = FALSE),
               "Lewisham offender management")
})

test_that("large workbooks are built in memory and hold Excel tables", {
  n <- 120000
  x <- data.frame(area = rep(c("North", "South"), n / 2), a = seq_len(n),
                  b = seq_len(n) / n, c = seq_len(n) * 2, d = 1, e = 2,
                  f = 3, g = 4, h = 5, i = 6)
  path <- tempfile(fileext = ".xlsx")
  suppressMessages(write_report(list(Large = x), path, title = "Large",
                                suppress = FALSE))
  expect_xlsx_parses(path)
  table <- xlsx_part(path, "xl/tables/table2.xml")
  expect_match(table, sprintf('ref="A3:J%d"', n + 3), fixed = TRUE)
  back <- readxl::read_excel(path, "Large", skip = 2)
  expect_identical(back$area, x$area)
  expect_equal(back$b, x$b)
})

test_that("workbooks above the threshold are streamed, without table objects", {
  n <- 20000
  x <- data.frame(area = rep(c("North", "South"), n / 2), a = seq_len(n),
                  b = seq_len(n) / n)
  path <- tempfile(fileext = ".xlsx")
  old <- options(reoffending.stream_cells = 1000)
  on.exit(options(old))
  suppressMessages(write_report(list(Large = x), path, title = "Large",
                                suppress = FALSE))
  expect_xlsx_parses(path)
  parts <- xlsx_parts(path)
  # Streamed: strings inline, and no table objects, which libxlsxwriter
  # cannot add in constant-memory mode; the cover and each sheet say so.
  expect_false("xl/sharedStrings.xml" %in% parts &&
                 grepl("North", xlsx_part(path, "xl/sharedStrings.xml")))
  expect_length(grep("^xl/tables/", parts), 0L)
  cover <- readxl::read_excel(path, "Cover_sheet", col_names = FALSE)[[1]]
  expect_true("Table objects" %in% cover)
  expect_true(any(grepl("holds 60,000 cells, more than the 1,000 that are ",
                        cover, fixed = TRUE)))
  top <- readxl::read_excel(path, "Large", col_names = FALSE, n_max = 3)[[1]]
  expect_match(top[3], "It is not an Excel table object", fixed = TRUE)
  back <- readxl::read_excel(path, "Large", skip = 3)
  expect_identical(back$area, x$area)
  expect_equal(back$b, x$b)
  # At the threshold itself the workbook is built in memory.
  options(reoffending.stream_cells = 60000)
  suppressMessages(write_report(list(Large = x), path, title = "Large",
                                suppress = FALSE, overwrite = TRUE))
  expect_length(grep("^xl/tables/table[0-9]+\\.xml$", xlsx_parts(path)), 2L)
})

test_that("a bad streaming threshold is refused by class", {
  old <- options(reoffending.stream_cells = "many")
  on.exit(options(old))
  expect_error(write_report(data.frame(a = "x"), tempfile(fileext = ".xlsx"),
                            title = "x"),
               class = "reoffending_error_bad_argument")
  options(reoffending.stream_cells = -1)
  expect_error(write_report(data.frame(a = "x"), tempfile(fileext = ".xlsx"),
                            title = "x"),
               "reoffending.stream_cells", class = "reoffending_error_bad_argument")
})

test_that("every role and unit is written with its own format and label", {
  x <- data.frame(area = c("A", "B"), year = c(2010L, 2016L),
                  n = c(1234L, 56L), events = c(3L, 4L), change = c(-3, 12),
                  p = c(0.176, 0.5), pp = c(-1.9, 0.4), pc = c(0.028, -0.1),
                  r = c(2.345, 1000), stringsAsFactors = FALSE)
  tab <- report_table(
    x, roles = c(year = "period", n = "count", events = "count",
                 change = "change", p = "proportion", pp = "pp",
                 pc = "pct_change", r = "rate"),
    units = c(n = "people", events = "events"),
    labels = c(year = "Year", n = "Offenders", events = "Crimes",
               change = "Change", p = "Share", pp = "Change in share",
               pc = "Change in crimes", r = "Rate"))
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  write_report(list(Roles = tab), path, title = "Roles")
  expect_xlsx_parses(path)
  back <- readxl::read_excel(path, "Roles", skip = 2)
  expect_identical(names(back), c("area", "Year", "Offenders", "Crimes",
                                  "Change", "Share", "Change in share",
                                  "Change in crimes", "Rate"))
  # The values are the table's: proportions as proportions, points as
  # points, a year as a number, small counts of events not suppressed.
  expect_equal(back$Year, c(2010, 2016))
  expect_equal(back$Crimes, c(3, 4))
  expect_equal(back$Share, c(0.176, 0.5))
  expect_equal(back$`Change in share`, c(-1.9, 0.4))
  styles <- xlsx_part(path, "xl/styles.xml")
  formats <- regmatches(styles, gregexpr('formatCode="[^"]*"', styles))[[1]]
  formats <- gsub("&quot;", "\"", sub('formatCode="(.*)"', "\\1", formats))
  for (want in c("0", "#,##0", "+#,##0;-#,##0;0", "0.0%",
                 '+0.0" pp";-0.0" pp";0.0" pp"', "+0.0%;-0.0%;0.0%",
                 "#,##0.0")) {
    expect_true(want %in% formats, label = want)
  }
  # Each column's cells carry the format of its role.
  sheet <- sheet_xml(path, "Roles")
  cell_style <- function(ref) {
    as.integer(sub(".*s=\"([0-9]+)\".*", "\\1",
                   regmatches(sheet, regexpr(sprintf('<c r="%s"[^>]*', ref),
                                             sheet))))
  }
  xfs <- regmatches(styles, regexpr("<cellXfs.*</cellXfs>", styles))
  xf <- regmatches(xfs, gregexpr("<xf [^>]*>", xfs))[[1]]
  num_fmt <- function(ref) {
    id <- sub('.*numFmtId="([0-9]+)".*', "\\1", xf[cell_style(ref) + 1L])
    code <- regmatches(styles, regexpr(sprintf('<numFmt numFmtId="%s"[^>]*',
                                               id), styles))
    gsub("&quot;", "\"", sub('.*formatCode="([^"]*)".*', "\\1", code))
  }
  expect_identical(num_fmt("B4"), "0")
  expect_identical(num_fmt("C4"), "#,##0")
  expect_identical(num_fmt("F4"), "0.0%")
  expect_identical(num_fmt("G4"), '+0.0" pp";-0.0" pp";0.0" pp"')
  expect_identical(num_fmt("H4"), "+0.0%;-0.0%;0.0%")
})
