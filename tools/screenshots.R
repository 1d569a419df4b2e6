# Screenshots of the workbook that vignettes/excel-reports.Rmd writes, shown
# in that vignette: the vignette is run (knitr) to write its workbook with
# the installed package, LibreOffice turns the workbook into a PDF with one
# page per sheet, pdftoppm renders the chosen sheets' pages as PNG, and the
# images are trimmed of their white margins and written to vignettes/,
# each under 150 KB. The PNGs are committed: the vignette needs no
# LibreOffice to build. Run it again whenever the writer's output changes:
#
#   R CMD INSTALL --library=.lib . && R_LIBS=.lib Rscript tools/screenshots.R
#
# from the package's root. Needs LibreOffice (`soffice`), poppler's
# `pdftoppm` and the R packages knitr, readxl and png.

library(reoffending)

# Sheet -> image, in the order the vignette shows them.
shots <- c(Cover_sheet = "screenshot-cover.png",
           Table_of_contents = "screenshot-contents.png",
           Barnet_needs = "screenshot-barnet-needs.png",
           Barnet_needs_chart = "screenshot-barnet-needs-chart.png",
           Barnet_trend_chart = "screenshot-barnet-trend-chart.png",
           Havering_treatment = "screenshot-havering.png")
most_bytes <- 150 * 1024
widths <- c(1300, 1100, 900, 700)   # tried in turn until small enough

for (tool in c("soffice", "pdftoppm")) {
  if (!nzchar(Sys.which(tool))) stop("`", tool, "` is not on the PATH.")
}
if (!file.exists("vignettes/excel-reports.Rmd")) {
  stop("Run from the package's root (vignettes/excel-reports.Rmd).")
}
work <- tempfile("screenshots")
dir.create(work)
on.exit(unlink(work, recursive = TRUE), add = TRUE)

# The vignette's own code writes the workbook; `path` is where.
env <- new.env(parent = globalenv())
invisible(knitr::knit("vignettes/excel-reports.Rmd",
                      output = file.path(work, "v.md"), envir = env,
                      quiet = TRUE))
workbook <- env$path
sheets <- readxl::excel_sheets(workbook)
missing <- setdiff(names(shots), sheets)
if (length(missing) > 0L) {
  stop("The vignette's workbook has no sheet ",
       paste(missing, collapse = ", "), ".")
}

# LibreOffice prints a sheet's used cells only, so text that runs on from
# column A into empty cells (a title, a source) would be cut where the
# table ends, and it keeps row 1 at the default height, cutting the top off
# the 16-point title. So it converts a copy of the workbook in which each
# table sheet has a print area wide enough for its longest line, and row 1
# of every sheet is tall enough for its title; cells, formats and charts
# are as written.
widen_for_print <- function(workbook, copy) {
  dir <- file.path(work, "unzipped")
  utils::unzip(workbook, exdir = dir)
  book_file <- file.path(dir, "xl", "workbook.xml")
  book <- paste(readLines(book_file, warn = FALSE, encoding = "UTF-8"),
                collapse = "\n")
  areas <- character()
  for (k in seq_along(sheets)) {
    sheet_file <- file.path(dir, "xl", "worksheets", paste0("sheet", k,
                                                           ".xml"))
    xml <- paste(readLines(sheet_file, warn = FALSE, encoding = "UTF-8"),
                 collapse = "\n")
    xml <- sub('<row r="1" ', '<row r="1" ht="22" customHeight="1" ', xml,
               fixed = TRUE)
    # Landscape, each sheet on one page, so that page k is sheet k.
    xml <- sub("<dimension ", paste0(
      '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension '), xml,
      fixed = TRUE)
    xml <- sub("(<pageMargins [^>]*/>)", paste0(
      '\\1<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" ',
      'fitToHeight="1"/>'), xml)
    writeLines(xml, sheet_file, useBytes = TRUE)
    if (grepl("<drawing ", xml, fixed = TRUE)) next    # a chart sheet
    rows <- as.integer(sub('"$', "", sub('.*[A-Z]', "", regmatches(
      xml, regexpr('<dimension ref="[^"]+"', xml)))))
    widths <- as.numeric(sub('.*width="([0-9.]+)".*', "\\1", regmatches(
      xml, gregexpr('<col [^>]+>', xml))[[1]]))
    text <- readxl::read_excel(workbook, sheets[k], col_names = FALSE,
                               range = readxl::cell_cols("A"),
                               .name_repair = "minimal")[[1]]
    text <- as.character(text[!is.na(text)])
    # A title in 16 points is about 1.6 characters of the body font wide.
    needed <- max(nchar(text) * c(1.6, rep(1.05, length(text) - 1L)))
    widths <- c(widths, rep(8.43, 200))
    last <- max(length(widths) - 200, which(cumsum(widths) >= needed)[1])
    areas <- c(areas, sprintf(
      '<definedName name="_xlnm.Print_Area" localSheetId="%d">\'%s\'!$A$1:$%s$%d</definedName>',
      k - 1L, sheets[k], excel_column(last), rows))
  }
  book <- sub("</sheets>", paste0("</sheets><definedNames>",
                                  paste(areas, collapse = ""),
                                  "</definedNames>"), book, fixed = TRUE)
  writeLines(book, book_file, useBytes = TRUE)
  old <- setwd(dir)
  on.exit(setwd(old))
  utils::zip(copy, list.files(".", recursive = TRUE, all.files = TRUE),
             flags = "-q -X")
}
excel_column <- function(index) {
  out <- character()
  while (index > 0) {
    out <- c(LETTERS[(index - 1) %% 26 + 1], out)
    index <- (index - 1) %/% 26
  }
  paste(out, collapse = "")
}
printable <- file.path(work, basename(workbook))
widen_for_print(workbook, printable)

# A profile of its own, so that a LibreOffice the user has open is left
# alone.
filter <- "pdf"
# R's LD_LIBRARY_PATH would make soffice load R's libraries instead of its
# own, and fail.
library_path <- Sys.getenv("LD_LIBRARY_PATH", unset = NA)
Sys.unsetenv("LD_LIBRARY_PATH")
status <- system2("soffice", c(
  "--headless", paste0("-env:UserInstallation=file://", work, "/profile"),
  "--convert-to", shQuote(filter), "--outdir", shQuote(work),
  shQuote(printable)), stdout = FALSE, stderr = FALSE)
if (!is.na(library_path)) Sys.setenv(LD_LIBRARY_PATH = library_path)
pdf <- file.path(work, sub("\\.xlsx$", ".pdf", basename(printable)))
if (status != 0L || !file.exists(pdf)) {
  stop("LibreOffice could not convert ", workbook, " to PDF.")
}

# White margins cut to `pad` pixels.
trim <- function(image, pad = 12L) {
  ink <- apply(image[, , 1:3, drop = FALSE], c(1, 2), min) < 0.97
  rows <- range(which(rowSums(ink) > 0))
  cols <- range(which(colSums(ink) > 0))
  rows <- c(max(1L, rows[1] - pad), min(dim(image)[1], rows[2] + pad))
  cols <- c(max(1L, cols[1] - pad), min(dim(image)[2], cols[2] + pad))
  image[rows[1]:rows[2], cols[1]:cols[2], , drop = FALSE]
}

for (sheet in names(shots)) {
  page <- match(sheet, sheets)
  target <- file.path("vignettes", shots[[sheet]])
  for (width in widths) {
    base <- file.path(work, "page")
    system2("pdftoppm", c("-png", "-f", page, "-l", page, "-singlefile",
                          "-scale-to-x", width, "-scale-to-y", -1,
                          shQuote(pdf), shQuote(base)))
    image <- trim(png::readPNG(paste0(base, ".png")))
    png::writePNG(image, target)
    if (file.size(target) <= most_bytes) break
  }
  cat(sprintf("%-22s page %d -> %s (%d x %d, %.0f KB)\n", sheet, page,
              target, dim(image)[2], dim(image)[1],
              file.size(target) / 1024))
  if (file.size(target) > most_bytes) {
    warning(target, " is larger than 150 KB even at ", min(widths),
            " pixels wide.")
  }
}
