# Text bound for a workbook's XML (issue 11): text that is not UTF-8 is
# refused naming where it is; characters XML 1.0 forbids are escaped in
# cells as Excel escapes them, and refused where Excel has no escape. Every
# workbook written here is parsed part by part.
skip_if_not_installed("readxl")
skip_if_not_installed("xml2")

bytes_utf8 <- function(...) {
  x <- rawToChar(as.raw(c(...)))
  Encoding(x) <- "UTF-8"
  x
}
not_utf8 <- bytes_utf8(0x63, 0x61, 0x66, 0xe9)             # "caf\xe9"
surrogate <- bytes_utf8(0x61, 0xed, 0xa0, 0x80, 0x62)      # a, U+D800, b
latin1 <- "Caf\xe9"
Encoding(latin1) <- "latin1"

# Text XML cannot hold as it is, and text that looks like Excel's escapes.
awkward <- c("bell\u0007", "vertical\u000btab", "form\u000cfeed",
             "escape\u001b[0m", "non\ufffecharacter", "last\uffff",
             "_x0041_ is not A", "_x0041_x0042_", "_X00e9_", "a_x005F_b",
             "tab\there", "plain")

events <- function(x) report_table(x, units = c(n = "events"))

test_that("forbidden characters in cells are escaped and read back intact", {
  # Powers of 2: no row is the sum of others, so none is taken for a total.
  x <- events(data.frame(label = awkward, n = 2^seq_along(awkward)))
  for (stream in c(FALSE, TRUE)) {
    old <- options(reoffending.stream_cells = if (stream) 0 else 1e7)
    path <- tempfile(fileext = ".xlsx")
    write_report(list(Awkward = x), path, title = "Awkward text",
                 source = "Source with \u0001 in it",
                 notes = c("A note with \u0002 and _x0030_"))
    options(old)
    expect_xlsx_parses(path)
    # A streamed sheet has a line more above its table.
    back <- readxl::read_excel(path, "Awkward", skip = 2 + stream,
                               col_types = "text")
    expect_identical(back$label, awkward)
    cover <- readxl::read_excel(path, "Cover_sheet", col_names = FALSE)[[1]]
    expect_true("Source with \u0001 in it" %in% cover)
    notes <- readxl::read_excel(path, "Notes", skip = 2 + stream)
    expect_identical(notes$`Note text`, "A note with \u0002 and _x0030_")
    unlink(path)
  }
})

test_that("headers, table titles, factors and latin1 text are written safely", {
  x <- data.frame(area = factor(c("North\u0003", "South")), n = c(10, 20))
  x <- report_table(x, labels = c(area = "Area\u0001 _x0041_"),
                    units = c(n = "events"),
                    title = "Caseload\u0004 by area", notes = "\ufffe note")
  y <- events(data.frame(place = c(latin1, "Z"), n = 1:2))
  path <- tempfile(fileext = ".xlsx")
  named <- list(x, y)
  names(named) <- c("Caseload", latin1)
  write_report(named, path, title = "Safe")
  expect_xlsx_parses(path)
  expect_identical(readxl::excel_sheets(path),
                   c("Cover_sheet", "Table_of_contents", "Notes",
                     "Caseload", "Caf\u00e9"))
  back <- readxl::read_excel(path, "Caseload", skip = 2)
  expect_identical(names(back), c("Area\u0001 _x0041_", "n"))
  expect_identical(back[[1]], c("North\u0003", "South"))
  top <- readxl::read_excel(path, "Caseload", col_names = FALSE,
                            n_max = 1)[[1]]
  expect_match(top, "^Caseload\u0004 by area")
  expect_identical(readxl::read_excel(path, "Caf\u00e9", skip = 2)$place,
                   c("Caf\u00e9", "Z"))
  # The table object's column is the header cell's text, escaped alike.
  table <- xlsx_part(path, "xl/tables/table3.xml")
  expect_match(table, 'name="table_Caseload"', fixed = TRUE)
  expect_match(table, 'name="Area_x0001_ _x005F_x0041_"', fixed = TRUE)
  # The subject property lists the titles without what XML cannot hold.
  core <- xlsx_part(path, "docProps/core.xml")
  expect_match(core, "Caseload by area", fixed = TRUE)
})

test_that("a chart's title is escaped once in the table of contents", {
  x <- report_table(data.frame(area = c("North", "South"), n = c(10, 20)),
                    units = c(n = "events"), title = "Cases _x0041_ by area",
                    chart = report_chart("area", "n"))
  path <- tempfile(fileext = ".xlsx")
  write_report(list(Cases = x), path, title = "T")
  expect_xlsx_parses(path)
  toc <- readxl::read_excel(path, "Table_of_contents", skip = 2)
  expect_identical(toc$`Table description`,
                   c("Cases _x0041_ by area", "Chart: Cases _x0041_ by area"))
  top <- readxl::read_excel(path, "Cases_chart", col_names = FALSE)[[1]]
  expect_identical(top[1], "Cases _x0041_ by area")
})

test_that("text that is not UTF-8 is refused, naming where it is", {
  path <- tempfile(fileext = ".xlsx")
  refused <- function(x, regexp, ...) {
    expect_error(suppressMessages(write_report(x, path, ...)),
                 regexp, fixed = TRUE,
                 class = "reoffending_error_bad_argument")
    expect_false(file.exists(path))
  }
  d <- data.frame(area = c("North", not_utf8, "South"), n = c(10, 20, 30))
  refused(list(Caseload = d), title = "T",
          'Table "Caseload" in `x`, column `area`, row 2 holds text that is not valid UTF-8: "caf<e9>"')
  d$area <- factor(c("North", "South", surrogate))
  refused(list(Caseload = d), title = "T",
          'Table "Caseload" in `x`, column `area`, row 3 holds text')
  refused(d, title = "T", "Table 1 in `x`, column `area`, row 3")
  names(d)[1] <- not_utf8
  refused(list(Caseload = d), title = "T",
          'Table "Caseload" in `x`, the name of column 1 holds text')
  ok <- data.frame(area = c("North", "South"), n = c(10, 20))
  named <- list(ok)
  names(named) <- not_utf8
  refused(named, title = "T", "The names of `x`, name 1 holds text")
  refused(ok, title = not_utf8, "`title` holds text that is not valid UTF-8")
  refused(ok, title = "T", source = surrogate, "`source` holds text")
  refused(ok, title = "T", contact = not_utf8, "`contact` holds text")
  refused(ok, title = "T", notes = c("fine", not_utf8),
          "`notes`, note 2 holds text")
  titled <- report_table(ok, units = c(n = "events"))
  attr(titled, "report")$title <- not_utf8
  refused(list(Caseload = titled), title = "T",
          'Table "Caseload" in `x`, its title holds text')
  charted <- report_table(ok, units = c(n = "events"),
                          chart = report_chart("area", "n"))
  attr(charted, "report")$chart$alt_text <- surrogate
  refused(list(Caseload = charted), title = "T",
          "its chart's `alt_text` holds text")
})

test_that("forbidden characters are refused where Excel has no escape", {
  path <- tempfile(fileext = ".xlsx")
  refused <- function(x, regexp, ...) {
    expect_error(write_report(x, path, ...), regexp, fixed = TRUE,
                 class = "reoffending_error_bad_argument")
    expect_false(file.exists(path))
  }
  d <- events(data.frame(area = c("North", "South"), n = c(10, 20)))
  refused(stats::setNames(list(d), "Case\u0001load"), title = "T",
          'The names of `x`, name 1, "Case<U+0001>load", holds the character U+0001, which a sheet name cannot hold')
  refused(stats::setNames(list(d), "Case\uffffload"), title = "T", "U+FFFF")
  refused(d, title = "Title\u0002", "`title`, \"Title<U+0002>\", holds")
  refused(d, title = "T", contact = "me\ufffe",
          "which the document properties (as author) cannot hold")
  chart <- function(...) {
    list(Caseload = report_table(d, chart = report_chart("area", "n", ...)))
  }
  refused(chart(title = "A \u0005 chart"), title = "T",
          'The chart of table "Caseload", its title')
  refused(chart(alt_text = "Alt \u0006"), title = "T", "its alt text")
  refused(chart(y_title = "Count \u0007"), title = "T", "its `y_title`")
  labelled <- report_table(d, labels = c(n = "Crimes\u0008"),
                           chart = report_chart("area", "n"))
  refused(list(Caseload = labelled), title = "T",
          'The chart of table "Caseload", series 1, "Crimes<U+0008>"')
  # Without a chart the same label is a header, and escaped.
  write_report(list(Caseload = report_table(d, labels = c(n = "Crimes\u0008"))),
               path, title = "T")
  expect_xlsx_parses(path)
  # U+FFFE and U+FFFF are refused in column names, which R's own text
  # functions cannot take.
  path <- tempfile(fileext = ".xlsx")
  named <- data.frame(area = "North", n = 10)
  names(named)[2] <- "n\ufffe"
  refused(named, title = "T", "the name of column 2, \"n<U+FFFE>\", holds")
  labelled <- report_table(data.frame(area = "North", n = 10),
                           units = c(n = "events"))
  attr(labelled, "report")$columns$label[2] <- "Crimes\uffff"
  refused(list(Crimes = labelled), title = "T",
          'Table "Crimes" in `x`, the label of column 2, "Crimes<U+FFFF>"')
})

test_that("cell text is escaped as Excel escapes it", {
  escape <- reoffending:::escape_cell_text
  expect_identical(escape(c("plain", NA, "", "tab\tnew\nline\rcr")),
                   c("plain", NA, "", "tab\tnew\nline\rcr"))
  expect_identical(escape("a\u0001b\u001fc\ufffe\uffff"),
                   "a_x0001_b_x001F_c_xFFFE__xFFFF_")
  # A literal escape keeps its meaning; overlapping ones each get theirs.
  expect_identical(escape("_x0041_"), "_x005F_x0041_")
  expect_identical(escape("_x0041_x0042_"), "_x005F_x0041_x005F_x0042_")
  expect_identical(escape("_x004_ and _xZZZZ_"), "_x004_ and _xZZZZ_")
  # A literal escape next to a forbidden character.
  expect_identical(escape("_x0001_\u0001"), "_x005F_x0001__x0001_")
})

test_that("the C writer refuses text XML cannot hold, whatever R sends", {
  format <- list(num_format = "", bold = FALSE, font_color = NA_integer_,
                 bg_color = NA_integer_, font_size = NA_real_,
                 text_wrap = FALSE, underline = FALSE, border = FALSE,
                 align_right = FALSE)
  sheet <- function(...) {
    s <- list(name = "S", pre = "Title", pre_format = 0L, header = "a",
              header_formats = 0L, columns = list(c("x", "y")),
              formats = list(0L), bold_formats = 0L, bold_rows = integer(),
              na_text = list("[x]"), widths = 10, link_column = -1L,
              table_name = "t")
    fields <- list(...)
    s[names(fields)] <- fields
    s
  }
  path <- tempfile(fileext = ".xlsx")
  write <- function(sheet, properties = c(title = "t")) {
    .Call(reoffending:::C_write_xlsx, path, properties, format, list(sheet),
          FALSE)
  }
  expect_identical(write(sheet()), path)
  expect_xlsx_parses(path)
  unlink(path)
  for (bad in list(not_utf8, surrogate, "a\u0001", "b\uffff",
                   bytes_utf8(0xc0, 0x80),                 # overlong NUL
                   bytes_utf8(0xf4, 0x90, 0x80, 0x80),     # above U+10FFFF
                   bytes_utf8(0x61, 0xe2, 0x82))) {        # cut short
    expect_error(write(sheet(columns = list(c("x", bad)))),
                 "a text column\\[2\\] is not UTF-8 text that XML can hold")
    expect_error(write(sheet(name = bad)), "`name`\\[1\\]")
    expect_error(write(sheet(header = bad)), "`header`\\[1\\]")
    expect_error(write(sheet(pre = bad)), "`pre`\\[1\\]")
    expect_error(write(sheet(), c(title = bad)), "`properties`\\[1\\]")
    expect_false(file.exists(path))
  }
  # What XML does hold passes: tab, newline, and the planes above U+FFFF.
  expect_identical(write(sheet(columns = list(c("a\tb\nc", "\U0001F600")))),
                   path)
  expect_xlsx_parses(path)
})
