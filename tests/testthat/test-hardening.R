# Hardening (issue 11): the Excel writer's resources on failure, the checks
# of what C reads, the link buffer, and the file handling of write_report().

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
table_sheet <- function(name = "T", ...) {
  utils::modifyList(list(
    name = name, pre = "Title", pre_format = 0L,
    columns = list(c(1, 2), c("a", "b")), header = c("x", "y"),
    formats = list(0L, 0L), na_text = list("[x]", "[x]"),
    bold_formats = c(0L, 0L), widths = c(10, 10), header_formats = c(0L, 0L),
    bold_rows = integer(), link_column = -1L,
    table_name = paste0("table_", name)), list(...))
}
chart_sheet <- function(...) {
  list(name = "C", pre = "Chart", pre_format = 0L,
       chart = utils::modifyList(list(
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

# ---- The workbook's resources on failure --------------------------------------

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
