# Hardening (issue 11): the Excel writer's resources on failure, the checks
# of what C reads, the link buffer. The files of write_report() (partial
# files, permissions, failures of the file system) are in
# test-file-faults.R, the fuzzing of every entry point in test-fuzz.R.

# A minimal layout for C_write_xlsx, built by hand: the C contract, not
# R/excel.R's layout. Kept as text so that a child process can use it too.
sheet_helpers <- '
write_xlsx <- function(path, sheets, stream = TRUE) {
  .Call(reoffending:::C_write_xlsx, path, c(title = "t"), one_format,
        sheets, stream)
}
one_format <- list(num_format = "", bold = FALSE, font_color = NA_integer_,
                   bg_color = NA_integer_, font_size = NA_real_,
                   text_wrap = FALSE, underline = FALSE, border = FALSE,
                   align_right = FALSE)
# Fields replaced, not merged as modifyList() would merge lists.
replace_fields <- function(x, fields) {
  x[names(fields)] <- fields
  x
}
table_sheet <- function(name = "T", ...) {
  replace_fields(list(
    name = name, pre = "Title", pre_format = 0L,
    columns = list(c(1, 2), c("a", "b")), header = c("x", "y"),
    formats = list(0L, 0L), na_text = list("[x]", "[x]"),
    bold_formats = c(0L, 0L), widths = c(10, 10), header_formats = c(0L, 0L),
    bold_rows = integer(), link_column = -1L,
    table_name = paste0("table_", name)), list(...))
}
chart_sheet <- function(...) {
  list(name = "C", pre = "Chart", pre_format = 0L,
       chart = replace_fields(list(
         type = "bar", categories = "=\'T\'!$B$3:$B$4",
         values = "=\'T\'!$A$3:$A$4", series_names = "x"), list(...)))
}
'
eval(parse(text = sheet_helpers))

# Runs `code` (lines of R) in a fresh R with the installed package and the
# helpers above; returns its exit status and output. For the cases that
# crashed R before they were checked.
run_in_child <- function(code) {
  script <- tempfile(fileext = ".R")
  on.exit(unlink(script))
  lib <- dirname(system.file(package = "reoffending"))
  writeLines(c(sprintf(".libPaths(c(%s, .libPaths()))", deparse(lib)),
               "suppressMessages(library(reoffending))", sheet_helpers,
               code), script)
  output <- suppressWarnings(system2(file.path(R.home("bin"), "Rscript"),
                                     c("--vanilla", shQuote(script)),
                                     stdout = TRUE, stderr = TRUE))
  status <- attr(output, "status")
  list(status = if (is.null(status)) 0L else status,
       output = paste(output, collapse = "\n"))
}

open_fds <- function() length(dir("/proc/self/fd"))

# ---- The workbook's resources on failure -----------------------------------

test_that("a write fails cleanly and removes its file", {
  path <- tempfile(fileext = ".xlsx")
  for (stream in c(TRUE, FALSE)) {
    expect_error(write_xlsx(path, list(table_sheet(), table_sheet()), stream),
                 "Worksheet name is already in use")
    expect_false(file.exists(path))
  }
  expect_error(write_xlsx(path, list(table_sheet("a/b"))),
               "Worksheet name cannot contain invalid characters")
  expect_false(file.exists(path))
  expect_identical(write_xlsx(path, list(table_sheet())), path)
  expect_true(file.exists(path))
  unlink(path)
})

test_that("a file that cannot be created is an error before the workbook", {
  path <- file.path(tempfile(), "missing.xlsx")
  expect_error(write_xlsx(path, list(table_sheet())),
               "could not create the workbook file")
})

test_that("failing writes leave no file descriptors open", {
  skip_if_not(dir.exists("/proc/self/fd"), "no /proc/self/fd")
  path <- tempfile(fileext = ".xlsx")
  missing <- file.path(tempfile(), "missing.xlsx")
  # Streaming: each worksheet holds a temporary file until the workbook is
  # closed. The second sheet's name fails after the first sheet exists.
  before <- open_fds()
  for (i in 1:50) {
    try(write_xlsx(path, list(table_sheet(), table_sheet())), silent = TRUE)
    try(write_xlsx(missing, list(table_sheet())), silent = TRUE)
  }
  expect_identical(open_fds(), before)
  expect_false(file.exists(path))
})

# ---- Every field C reads is checked ----------------------------------------

test_that("chart fields that crashed or failed mid-write are refused first", {
  child <- run_in_child(c(
    "path <- tempfile(fileext = '.xlsx')",
    "report <- function(...) {",
    "  sheets <- list(table_sheet(), chart_sheet(...))",
    "  message <- tryCatch({write_xlsx(path, sheets); 'written'},",
    "                      error = conditionMessage)",
    "  cat(message, file.exists(path), '\\n')",
    "}",
    # Two series and one name: read past the end of series_names (a crash).
    "report(values = c(\"='T'!$A$3:$A$4\", \"='T'!$A$3:$A$4\"))",
    # A list of ranges: an error inside STRING_ELT with the workbook open.
    "report(values = list('x'))",
    "report(series_names = 1L)",
    # A compact sequence of 1e9 bold rows: refused by its length.
    "sheets <- list(table_sheet(bold_rows = 1:1e9))",
    "cat(tryCatch(write_xlsx(path, sheets), error = conditionMessage), '\\n')"
  ))
  expect_identical(child$status, 0L)
  expect_match(child$output, paste(
    "sheet 2: `chart\\$series_names` must be a character vector of length 2",
    "FALSE"))
  expect_match(child$output, paste(
    "sheet 2: `chart\\$values` must be a character vector of 1 to 255",
    "ranges FALSE"))
  expect_match(child$output, "`chart\\$series_names` must be a character ")
  expect_match(child$output, paste(
    "sheet 1: `bold_rows` must be an integer vector of at most 2 row",
    "indices"))
})

test_that("every chart field is checked", {
  path <- tempfile(fileext = ".xlsx")
  chart_error <- function(..., message) {
    expect_error(write_xlsx(path, list(table_sheet(), chart_sheet(...))),
                 message)
  }
  chart_error(type = "pie", message = "`chart\\$type` must be \"bar\"")
  chart_error(type = NULL, message = "`chart\\$type` must be")
  chart_error(values = character(),
              message = "`chart\\$values` must be a character vector of 1")
  chart_error(values = rep("='T'!$A$3:$A$4", 256), message = "1 to 255")
  chart_error(values = NA_character_, message = "must not hold NA")
  chart_error(series_names = NA_character_,
              message = "`chart\\$series_names` must not hold NA")
  chart_error(series_names = c("a", "b"), message = "of length 1")
  for (field in c("categories", "title", "x_title", "y_title", "num_format",
                  "alt_text")) {
    args <- stats::setNames(list(1), field)
    args$message <- sprintf("`chart\\$%s` must be NULL or a string", field)
    do.call(chart_error, args)
    args[[field]] <- c("a", "b")
    do.call(chart_error, args)
  }
  not_list <- chart_sheet()
  not_list$chart <- "bar"
  expect_error(write_xlsx(path, list(table_sheet(), not_list)),
               "sheet 2: `chart` must be NULL or a list")
  expect_false(file.exists(path))
  # Two series, named, and optional fields left out.
  two <- chart_sheet(values = c("='T'!$A$3:$A$4", "='T'!$A$3:$A$4"),
                     series_names = c("first", "second"), type = "line",
                     categories = NULL)
  expect_identical(write_xlsx(path, list(table_sheet(), two)), path)
  chart <- xlsx_part(path, "xl/charts/chart1.xml")
  expect_identical(lengths(regmatches(chart, gregexpr("<c:ser>", chart))),
                   2L)
  expect_match(chart, "first.*second")
  unlink(path)
})

test_that("table fields are checked against the table", {
  path <- tempfile(fileext = ".xlsx")
  sheet_error <- function(..., message) {
    expect_error(write_xlsx(path, list(table_sheet(...))), message)
  }
  sheet_error(name = "", message = "`name` must be a non-empty string")
  sheet_error(name = NA_character_, message = "`name` must be a non-empty")
  sheet_error(bold_rows = 1:3, message = "at most 2 row indices")
  sheet_error(bold_rows = c(0, 1), message = "`bold_rows` must be an integer")
  sheet_error(bold_rows = c(0L, NA), message = "increasing row indices in 0..1")
  sheet_error(bold_rows = c(1L, 0L), message = "increasing row indices")
  sheet_error(bold_rows = 2L, message = "increasing row indices")
  sheet_error(widths = c(NaN, 10), message = "`widths\\[1\\]` must be between")
  sheet_error(widths = c(10, -1), message = "`widths\\[2\\]` must be between")
  sheet_error(widths = c(10, 256), message = "between 0 and 255")
  sheet_error(table_name = 1L, message = "`table_name` must be NULL or a")
  sheet_error(pre = character(1048576), pre_format = integer(1048576),
              message = "1048576 lines above the table do not fit")
  expect_false(file.exists(path))
  # A compact sequence of bold rows is read without trouble.
  expect_identical(write_xlsx(path, list(table_sheet(bold_rows = 0:1))),
                   path)
  unlink(path)
})

# ---- Links to sheet names of 4-byte characters -----------------------------

test_that("links to sheet names of 4-byte UTF-8 characters are whole", {
  skip_if_not(l10n_info()[["UTF-8"]], "not a UTF-8 locale")
  # 31 characters, 121 bytes: its link did not fit 128 bytes.
  name <- paste0("a", strrep("\U00020000", 30))
  path <- tempfile(fileext = ".xlsx")
  links <- table_sheet("Contents", columns = list(c(name, "T"), c("x", "y")),
                       link_column = 0L)
  write_xlsx(path, list(links, table_sheet(name)))
  xml <- xlsx_part(path, "xl/worksheets/sheet1.xml")
  location <- regmatches(xml, gregexpr('location="[^"]*"', xml))[[1]]
  expect_identical(location, c(sprintf("location=\"'%s'!A1\"", name),
                               "location=\"'T'!A1\""))
  unlink(path)

  skip_if_not_installed("readxl")
  tables <- list(data.frame(count = 11:12))
  names(tables) <- name
  write_report(tables, path, title = "Links")
  sheets <- readxl::excel_sheets(path)
  expect_identical(sheets[3], name)
  xml <- xlsx_part(path, sprintf("xl/worksheets/sheet%d.xml",
                                match("Table_of_contents", sheets)))
  expect_match(xml, sprintf("location=\"'%s'!A1\"", name), fixed = TRUE)
  unlink(path)
})

# ---- Names in the workbook ---------------------------------------------------

# The table object names of a workbook, from xl/tables/table*.xml.
table_object_names <- function(path) {
  parts <- utils::unzip(path, list = TRUE)$Name
  parts <- grep("^xl/tables/table[0-9]+\\.xml$", parts, value = TRUE)
  vapply(parts, function(part) {
    sub('.*<table [^>]*\\bname="([^"]*)".*', "\\1", xlsx_part(path, part))
  }, character(1), USE.NAMES = FALSE)
}

test_that("sheets whose names clean alike get distinct table names", {
  given <- c("a-b", "a.b", "a b", "Caf\u00e9", "Caf\u00e8",
             "Table.of.contents", "A1", "R1C1")
  rates <- report_table(data.frame(area = c("p", "q"), rate = c(1.5, 2.5)),
                        roles = c("label", "rate"))
  tables <- rep(list(rates), length(given))
  names(tables) <- given
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  write_report(tables, path, title = "Names")
  names <- table_object_names(path)
  # One table per sheet, with the contents.
  expect_length(names, length(given) + 1L)
  expect_false(anyDuplicated(tolower(names)) > 0L)
  expect_true(all(grepl("^[A-Za-z_][A-Za-z0-9_.]*$", names)))
  expect_true(all(nchar(names) <= 255L))
  expect_false(any(grepl("^[A-Za-z]{1,3}[0-9]+$|^[Rr][0-9]*[Cc][0-9]*$",
                         names)))
  sheets <- readxl::excel_sheets(path)
  for (sheet in setdiff(sheets, c("Cover_sheet", "Table_of_contents"))) {
    back <- readxl::read_xlsx(path, sheet = sheet, skip = 2)
    expect_identical(back$rate, c(1.5, 2.5))
  }
})

test_that("chart sheets of sheets alike in 25 characters get distinct names", {
  long <- strrep("x", 25L)
  chart <- report_chart("area", "rate")
  one <- report_table(data.frame(area = c("p", "q"), rate = c(1.5, 2.5)),
                      roles = c("label", "rate"), chart = chart)
  given <- c(paste0(long, "_one"), paste0(long, "_two"), paste0(long, "_chart"))
  tables <- stats::setNames(list(one, one, one), given)
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  write_report(tables, path, title = "Charts")
  sheets <- readxl::excel_sheets(path)
  expect_length(sheets, 2L + 2L * length(given))
  expect_false(anyDuplicated(tolower(sheets)) > 0L)
  expect_true(all(nchar(sheets) <= 31L))
  # A user's sheet keeps its name; charts get numbered ones.
  expect_true(all(given %in% sheets))
  expect_identical(sum(grepl("_chart(_[0-9]+)?$", sheets)), 4L)
})

# ---- Dates in Excel ------------------------------------------------------------

# The numbers in one column of a sheet, from its XML (text cells left out).
sheet_numbers <- function(path, sheet, column) {
  xml <- xlsx_part(path, sprintf("xl/worksheets/sheet%d.xml", sheet))
  cells <- regmatches(xml, gregexpr("<c [^>]*>.*?</c>", xml))[[1L]]
  cells <- cells[grepl(sprintf('r="%s[0-9]+"', column), cells) &
                   !grepl(' t="', cells)]
  as.double(sub(".*<v>([^<]*)</v>.*", "\\1", cells))
}

test_that("dates before 1900-03-01 get Excel's serial numbers", {
  dates <- c(seq(as.Date("1900-01-01"), as.Date("1900-02-28"), by = "day"),
             as.Date(c("1900-03-01", "2016-11-30", "9999-12-31")))
  table <- report_table(data.frame(date = dates), roles = "label")
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  write_report(list(Dates = table), path, title = "Dates")
  # Serial 60 is Excel's 1900-02-29, which no date gets.
  expect_identical(sheet_numbers(path, 3L, "A"),
                   c(1:59, 61, 42704, 2958465))
  back <- readxl::read_xlsx(path, sheet = "Dates", skip = 2)
  expect_identical(as.Date(back$date), dates)
})

test_that("dates Excel cannot hold are refused, naming table and column", {
  path <- tempfile(fileext = ".xlsx")
  for (bad in list(as.Date("1899-12-31"), as.Date("9999-12-31") + 1)) {
    table <- data.frame(id = c("a", "b"),
                        born = c(as.Date("1950-01-01"), bad))
    expect_error(write_report(list(People = report_table(
      table, roles = c("label", "label"))), path, title = "Dates"),
      "Table \"People\" has dates Excel cannot hold in column `born`",
      class = "reoffending_error_bad_argument")
    expect_false(file.exists(path))
  }
})

# ---- Ages from date-times ------------------------------------------------------

test_that("age_at() takes a date-time as its date in its own time zone", {
  old <- Sys.getenv("TZ", unset = NA)
  Sys.setenv(TZ = "Europe/London")
  on.exit(if (is.na(old)) Sys.unsetenv("TZ") else Sys.setenv(TZ = old))
  # 00:30 BST is 23:30 the day before in UTC.
  born <- as.POSIXct("1990-05-17 00:30", tz = "Europe/London")
  expect_identical(age_at(born, as.Date("2016-05-16")), 25L)
  expect_identical(age_at(born, as.Date("2016-05-17")), 26L)
  local <- as.POSIXct("1990-05-17 00:30")          # the session's zone
  expect_identical(age_at(local, as.Date("2016-05-16")), 25L)
  expect_identical(age_at(as.POSIXlt(born), as.Date("2016-05-16")), 25L)
  # The date argument too.
  on_day <- as.POSIXct("2016-05-17 00:30", tz = "Europe/London")
  expect_identical(age_at(as.Date("1990-05-17"), on_day), 26L)
  # A zone of its own, not the session's.
  tokyo <- as.POSIXct("2016-05-17 08:00", tz = "Asia/Tokyo")   # 00:00 BST
  expect_identical(age_at(as.Date("1990-05-17"), tokyo), 26L)
  late <- as.POSIXct("2016-05-17 07:00", tz = "Asia/Tokyo")    # 23:00 BST
  expect_identical(age_at(as.Date("1990-05-17"), late), 26L)
})

# ---- Factors with codes outside their levels -----------------------------------

test_that("a factor with codes outside its levels is refused, by column", {
  bad <- structure(c(1L, 5L), levels = c("x", "y"), class = "factor")
  cohort <- data.frame(a = c("p", "q"), reoffended = c(TRUE, FALSE),
                       reoffences = c(2L, 0L), need_drugs = c(TRUE, FALSE))
  cohort$b <- bad
  expect_error(reoffending_rates(cohort, by = c(a, b)),
               "Column `b` is a malformed factor",
               class = "reoffending_error_bad_argument")
  expect_error(cohort_table(cohort, a, b), "Column `b` is a malformed factor",
               class = "reoffending_error_bad_argument")
  expect_error(needs_profile(cohort, need_drugs, by = b),
               "Column `b` is a malformed factor",
               class = "reoffending_error_bad_argument")
  for (codes in list(c(0L, 1L), c(-1L, 2L))) {
    cohort$b <- structure(codes, levels = c("x", "y"), class = "factor")
    expect_error(reoffending_rates(cohort, by = b),
                 "Column `b` is a malformed factor",
                 class = "reoffending_error_bad_argument")
  }
  # NA codes are missing values, not malformed.
  cohort$b <- structure(c(1L, NA), levels = c("x", "y"), class = "factor")
  rates <- reoffending_rates(cohort, by = b)
  expect_identical(as.character(rates$b), c("x", "y", "Missing"))
  expect_identical(rates$offenders, c(1L, 0L, 1L))
})

# ---- Needs profiles of no offenders ---------------------------------------------

test_that("needs_profile() of no rows has its levels as groups, never NA", {
  needs <- c("need_drugs", "need_alcohol")
  none <- lewisham_offenders[0, ]
  by_cohort <- needs_profile(none, needs, by = cohort)
  levels <- levels(lewisham_offenders$cohort)
  expect_identical(names(by_cohort),
                   c("need", paste(rep(levels, each = 2L),
                                   c("offenders", "percentage"))))
  expect_true(all(unlist(by_cohort[paste(levels, "offenders")]) == 0L))
  expect_true(all(is.na(unlist(by_cohort[paste(levels, "percentage")]))))
  # A character column with no values has no groups.
  none$sex <- as.character(none$sex)
  by_sex <- needs_profile(none, needs, by = sex)
  expect_identical(names(by_sex), "need")
  expect_identical(by_sex$need, c("Drugs", "Alcohol", "Total Offenders"))
  # Rows whose group is unknown make only the Missing group.
  assessed <- which(!is.na(lewisham_offenders$need_drugs))
  unknown <- lewisham_offenders[assessed[1:3], ]
  unknown$sex <- NA_character_
  by_unknown <- needs_profile(unknown, needs, by = sex)
  expect_identical(names(by_unknown),
                   c("need", "Missing offenders", "Missing percentage"))
  expect_identical(by_unknown[["Missing offenders"]][3], 3L)
  expect_false(any(grepl("^NA ", c(names(by_cohort), names(by_sex),
                                   names(by_unknown)))))
})

# ---- Long headers ---------------------------------------------------------------

test_that("a header longer than 255 characters is refused, naming the column", {
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  areas <- data.frame(area = c("p", "q"), rate = c(1.5, 2.5))
  long <- report_table(areas, roles = c("label", "rate"),
                       labels = c(rate = strrep("r", 256L)))
  expect_error(write_report(list(Rates = long), path, title = "Headers"),
               "Table \"Rates\" has a header of 256 characters, for column `rate`",
               class = "reoffending_error_bad_argument")
  expect_false(file.exists(path))
  # 255 characters fit, counted as characters, not bytes.
  for (label in c(strrep("r", 255L), strrep("\u00e9", 255L))) {
    fits <- report_table(areas, roles = c("label", "rate"),
                         labels = c(rate = label))
    write_report(list(Rates = fits), path, title = "Headers",
                 overwrite = TRUE)
    back <- readxl::read_xlsx(path, sheet = "Rates", skip = 2)
    expect_identical(names(back), c("area", label))
  }
})
