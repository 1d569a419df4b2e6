# The outputs of one pack: the Excel workbook (write_report()), and HTML and
# Word documents rendered from the R Markdown template in inst/pack. Small
# numbers are suppressed once, before any output is written, so that all
# three carry the same figures.

#' Write a committee pack: workbook, web page and Word document
#'
#' Writes the pack's tables to an Excel workbook with [write_report()] (the
#' cover sheet dated by the pack's `published` date), and renders the whole
#' pack (text, tables, statements under the tables they quote, and charts)
#' to HTML and Word from the package's R Markdown template
#' (`inst/pack/committee-pack.Rmd`), with rmarkdown and pandoc. Counts of
#' people are suppressed once, as [write_report()] does, before any output
#' is written, so that the three carry the same figures.
#'
#' Tables are written into the documents from their printed cells
#' ([format()] of the report table) with `knitr::kable()`, or with the
#' table's `knit_print()` method when the package has one. Charts are drawn
#' only when ggplot2 is installed; otherwise the documents say that a chart
#' was left out.
#'
#' @param pack A [report_pack()].
#' @param dir The directory to write to (created if needed).
#' @param formats Which outputs: any of `"xlsx"`, `"html"` and `"docx"`.
#' @param name The file name, without extension.
#' @param overwrite Replace existing files?
#' @param suppress As for [write_report()]: the threshold below which counts
#'   of people are suppressed, or `FALSE`.
#' @return The paths written, a character vector named by format,
#'   invisibly.
#' @seealso [report_pack()], [write_report()]
#' @examples
#' pack <- report_pack(list(
#'   title = "Lewisham IOM", published = "2017-03-08",
#'   tables = list(IOM = pack_table(lewisham_iom, origin = "transcribed"))))
#' dir <- file.path(tempdir(), "pack-example")
#' write_pack(pack, dir, formats = "xlsx")
#' list.files(dir)
#' unlink(dir, recursive = TRUE)
#' @export
write_pack <- function(pack, dir, formats = c("xlsx", "html", "docx"),
                       name = "committee-pack", overwrite = FALSE,
                       suppress = 5) {
  if (!inherits(pack, "report_pack")) {
    abort("`pack` must be made by report_pack(), not ", type_name(pack), ".")
  }
  check_string(dir, "dir")
  check_string(name, "name")
  if (grepl("[/\\\\]", name)) abort("`name` must be a file name, not a path.")
  if (!is.character(formats) || length(formats) == 0L || anyNA(formats) ||
      !all(formats %in% c("xlsx", "html", "docx"))) {
    abort("`formats` must be one or more of \"xlsx\", \"html\" and ",
          "\"docx\".")
  }
  formats <- unique(formats)
  check_flag(overwrite, "overwrite")
  threshold <- check_suppress(suppress)
  documents <- intersect(formats, c("html", "docx"))
  if (length(documents) > 0L && !requireNamespace("rmarkdown", quietly = TRUE)) {
    abort("Writing HTML or Word needs the package rmarkdown: ",
          "install.packages(\"rmarkdown\").", class = "missing_package")
  }
  if (length(documents) > 0L && !rmarkdown::pandoc_available()) {
    abort("Writing HTML or Word needs pandoc, which was not found.",
          class = "missing_package")
  }
  paths <- stats::setNames(file.path(dir, paste0(name, ".", formats)),
                           formats)
  if (!overwrite && any(file.exists(paths))) {
    abort("`dir` already holds ", show_values(paths[file.exists(paths)]),
          "; set `overwrite = TRUE` to replace.", class = "file")
  }
  dir.create(dir, showWarnings = FALSE, recursive = TRUE)
  tables <- suppress_tables(pack$tables, threshold)

  if ("xlsx" %in% formats) {
    write_report(tables, paths[["xlsx"]], title = pack$title,
                 source = pack$source, contact = pack$contact,
                 published = pack$published, overwrite = TRUE,
                 suppress = if (is.null(threshold)) FALSE else threshold)
  }
  for (format in documents) {
    render_pack(pack, tables, format, paths[[format]])
  }
  invisible(paths)
}

render_pack <- function(pack, tables, format, path) {
  work <- tempfile("pack")
  dir.create(work)
  on.exit(unlink(work, recursive = TRUE), add = TRUE)
  template <- system.file("pack", "committee-pack.Rmd", package = "reoffending",
                          mustWork = TRUE)
  input <- file.path(work, "committee-pack.Rmd")
  file.copy(template, input)
  env <- new.env(parent = globalenv())
  env$pack <- pack
  env$tables <- tables
  env$chart_dir <- work
  output_format <- switch(
    format,
    html = rmarkdown::html_document(self_contained = TRUE, toc = FALSE,
                                    theme = NULL, highlight = NULL,
                                    mathjax = NULL),
    docx = rmarkdown::word_document())
  out <- rmarkdown::render(input, output_format = output_format,
                           output_file = basename(path), output_dir = work,
                           intermediates_dir = work, envir = env,
                           quiet = TRUE)
  tmp <- partial_path(path)
  on.exit(unlink(tmp), add = TRUE)
  if (!file.copy(out, tmp, overwrite = TRUE)) {
    abort("`dir` could not be written (", path, ").", class = "file")
  }
  finish_partial(tmp, path)
  invisible(path)
}

# The body of the template: a heading per group, its paragraphs, its
# tables each followed by the statements that quote it, and its charts.
pack_markdown <- function(pack, tables, chart_dir) {
  groups <- unique(c(pack$groups, pack$text$group,
                     vapply(pack$charts, `[[`, "", "group")))
  lines <- character()
  add <- function(...) lines <<- c(lines, ...)
  for (group in groups) {
    if (!is.na(group)) add(paste("##", group), "")
    text <- pack$text[pack$text$group %in% group, , drop = FALSE]
    for (k in seq_len(nrow(text))) {
      if (!is.na(text$section[k]) &&
          (k == 1L || !identical(text$section[k], text$section[k - 1L]))) {
        add(paste("####", markdown_text(text$section[k])), "")
      }
      add(markdown_text(text$text[k]), "")
      # The source once, after the last paragraph that has it.
      if (!is.na(text$source[k]) &&
          (k == nrow(text) || !identical(text$source[k],
                                         text$source[k + 1L]))) {
        add(paste0("*Source: ", markdown_text(text$source[k]), "*"), "")
      }
    }
    for (name in names(tables)[pack$groups %in% group]) {
      add(table_markdown(tables[[name]], name), "")
      said <- pack$statements[pack$statements$table %in% name, ,
                              drop = FALSE]
      if (nrow(said) > 0L) {
        add(paste("-", markdown_text(said$text)), "")
      }
    }
    k <- 0L
    for (chart in pack$charts) {
      k <- k + 1L
      if (!identical(chart$group, group)) next
      add(chart_markdown(chart, file.path(chart_dir, paste0("chart-", k,
                                                            ".png"))), "")
    }
  }
  loose <- pack$statements[is.na(pack$statements$table), , drop = FALSE]
  if (nrow(loose) > 0L) add("## Statements", "",
                            paste("-", markdown_text(loose$text)), "")
  paste(lines, collapse = "\n")
}

# Text that markdown must not read as markup.
markdown_text <- function(x) {
  gsub("([\\\\`*_{}<>#|\\[\\]])", "\\\\\\1", x, perl = TRUE)
}

# A table as the documents show it: its title as a heading, its printed
# cells, then its source and notes.
table_markdown <- function(x, name) {
  meta <- table_meta(x)
  title <- if (is.null(meta$title)) name else meta$title
  knit_method <- utils::getS3method("knit_print", "report_table",
                                    optional = TRUE)
  body <- if (is.function(knit_method)) {
    paste(as.character(knit_method(x)), collapse = "\n")
  } else {
    cells <- format(x)
    cells[] <- lapply(cells, markdown_text)
    names(cells) <- markdown_text(names(cells))
    numeric <- meta$columns$role %in% numeric_roles
    paste(knitr::kable(cells, format = "pipe", row.names = FALSE,
                       align = ifelse(numeric, "r", "l")),
          collapse = "\n")
  }
  notes <- c(meta$notes, suppression_notes(meta))
  c(paste("###", markdown_text(title)), "", body, "",
    if (!is.null(meta$source)) {
      c(paste0("*Source: ", markdown_text(meta$source), "*"), "")
    },
    if (length(notes) > 0L) {
      as.vector(rbind(paste0("Note: ", markdown_text(notes)), ""))
    })
}

chart_markdown <- function(chart, file) {
  if (!requireNamespace("ggplot2", quietly = TRUE)) {
    return(paste0("*Chart left out (", markdown_text(chart$title),
                  "): it needs the package ggplot2.*"))
  }
  plot <- if (is.function(chart$plot)) chart$plot() else chart$plot
  if (!inherits(plot, "ggplot")) {
    abort("The chart \"", chart$title, "\" did not return a ggplot.")
  }
  ggplot2::ggsave(file, plot, width = 7, height = 4, dpi = 96)
  # The trailing backslash keeps the image inline rather than a figure,
  # whose caption pandoc would take the alt text for, leaving alt empty.
  c(paste("###", markdown_text(chart$title)), "",
    paste0("![", markdown_text(chart$alt_text), "](", basename(file), ")\\"))
}

# What the cover sheet of the workbook says, at the top of the documents.
pack_cover_markdown <- function(pack) {
  lines <- c(paste0("Publication date: ",
                    format(pack$published, "%d %B %Y")), "")
  if (!is.null(pack$source)) {
    lines <- c(lines, paste0("Source: ", markdown_text(pack$source)), "")
  }
  if (!is.null(pack$contact)) {
    lines <- c(lines, paste0("Contact: ", markdown_text(pack$contact)), "")
  }
  paste(lines, collapse = "\n")
}
