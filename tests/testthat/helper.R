withr_width <- function(width, code) {
  old <- options(width = width)
  on.exit(options(old))
  force(code)
}

# The record's column roles, named by column.
record_roles <- function(x) {
  cols <- table_record(x)$columns
  stats::setNames(cols$role, cols$name)
}

# The withheld cells with the reason each was withheld (internal).
withheld_cells <- function(x) {
  cells <- reoffending:::table_meta(x)$cells
  cells <- cells[cells$status == "withheld", c("row", "column", "reason")]
  rownames(cells) <- NULL
  cells
}

# ---- Workbooks ----------------------------------------------------------------

# The text of one part of an .xlsx (a zip of XML files).
xlsx_part <- function(path, part) {
  dir <- tempfile()
  on.exit(unlink(dir, recursive = TRUE))
  utils::unzip(path, files = part, exdir = dir)
  paste(readLines(file.path(dir, part), warn = FALSE, encoding = "UTF-8"),
        collapse = "\n")
}

xlsx_parts <- function(path) utils::unzip(path, list = TRUE)$Name

# Every XML part of the .xlsx at `path` (each *.xml and *.rels, "_rels/.rels"
# and "[Content_Types].xml" included) parses as XML; fails naming those that
# do not. Needs xml2: the test files that use it skip without it.
expect_xlsx_parses <- function(path) {
  dir <- tempfile()
  on.exit(unlink(dir, recursive = TRUE))
  utils::unzip(path, exdir = dir)
  parts <- list.files(dir, pattern = "\\.(xml|rels)$", recursive = TRUE,
                      all.files = TRUE)
  bad <- character()
  for (part in parts) {
    parsed <- tryCatch(xml2::read_xml(file.path(dir, part)),
                       error = function(e) conditionMessage(e))
    if (is.character(parsed)) bad <- c(bad, paste0(part, " (", parsed, ")"))
  }
  testthat::expect(
    length(parts) > 0L && length(bad) == 0L,
    if (length(parts) == 0L) paste0(path, " holds no XML parts") else
      paste0("XML parts of ", basename(path), " that do not parse: ",
             paste(bad, collapse = "; ")))
  invisible(path)
}
