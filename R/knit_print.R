# A report table in an R Markdown chunk: a real table in HTML, Word and PDF
# output, its cells as print() and write_report() format them. knitr (and
# flextable, for Word) are only suggested: the method is registered on load
# (R/table_verbs.R's .onLoad).

#' Report tables in R Markdown
#'
#' In an R Markdown (or Quarto) document, a [report_table()] left as the
#' value of a chunk is shown as a table of the output format, not as console
#' text: an HTML table in HTML output, a Word table in a `.docx`, a LaTeX
#' table in a PDF, a pipe table in plain Markdown. knitr calls this method
#' itself; there is nothing to call.
#'
#' The table is shaped like the printed one and the workbook's: the same
#' number formats (`1,338`, `49.6%`, `-1.9 pp`), the display labels as
#' headers, total rows and the total column in bold, missing cells as
#' `[c]` (confidential), `[x]` (not available) or `[z]` (not applicable)
#' with a key to those used, the title as the table's caption, and the
#' source and notes below it. Numbers are right-aligned, labels left.
#'
#' The table is made by [knitr::kable()] from the formatted cells; in Word
#' output pandoc turns it into a native Word table, with its bold cells and
#' caption. `options(reoffending.word_tables = "flextable")` makes Word
#' tables with flextable instead (when installed); it is not the default
#' because flextable 0.8.4, Debian 12's, writes stray text ("header1",
#' "body1") into the rows of the document's XML. For any other table
#' package (gt, kableExtra, DT), start from `format(x)`: a data frame of the
#' cells as text, named by the labels.
#'
#' @param x A [report_table()].
#' @param options knitr's chunk options (unused).
#' @param ... Unused.
#' @return knitr's output: raw HTML, LaTeX or Markdown marked as is
#'   ([knitr::asis_output()]), or, when asked for, flextable's for Word.
#' @seealso [format.report_table()] for the formatted cells;
#'   [write_report()] for the same table in Excel.
#' @examples
#' # In a chunk of an R Markdown document, a table is simply its value:
#' #   ```{r}
#' #   cohort_table(lewisham_offenders, cohort, status)
#' #   ```
#' # The Markdown knitr would write for it:
#' if (requireNamespace("knitr", quietly = TRUE)) {
#'   tab <- cohort_table(lewisham_offenders, cohort, status)
#'   cat(knitr::knit_print(tab))
#' }
#' @name knit_print.report_table
#' @usage
#' \method{knit_print}{report_table}(x, options = NULL, ...)
NULL

knit_print.report_table <- function(x, options = NULL, ...) {
  format <- knit_output_format()
  if (format == "docx" &&
      identical(getOption("reoffending.word_tables"), "flextable") &&
      requireNamespace("flextable", quietly = TRUE)) {
    return(knitr::knit_print(table_flextable(x), options = options, ...))
  }
  knitr::asis_output(table_markup(x, format))
}

# The output format knitr is writing: "html", "latex", "docx" or, for
# anything else (GitHub Markdown, a plain .md), "pipe".
knit_output_format <- function() {
  if (knitr::is_latex_output()) return("latex")
  if (knitr::is_html_output()) return("html")
  to <- knitr::pandoc_to()
  if (!is.null(to) && to == "docx") return("docx")
  "pipe"
}

# What every output shows, from the record: the cells as text, which rows
# and columns are bold, alignment, and the lines below the table.
table_parts <- function(x) {
  meta <- table_meta(x)
  cells <- format.report_table(x)
  roles <- meta$columns$role
  numeric <- vapply(x, function(v) is.numeric(v) && !is.factor(v),
                    logical(1))
  right <- numeric & !roles %in% c("label", "marker", "rag")
  shown <- missing_shown(x, meta)
  missing <- vapply(x, is.na, logical(nrow(x)))
  missing <- matrix(missing, nrow = nrow(x))
  used <- unique(shown[missing])
  key <- c(`[c]` = "[c] = confidential", `[x]` = "[x] = not available",
           `[z]` = "[z] = not applicable")
  below <- character()
  if (length(used) > 0L) {
    below <- paste("Shorthand in this table:",
                   paste(key[intersect(names(key), used)], collapse = "; "))
  }
  if (!is.null(meta$source)) below <- c(below, paste0("Source: ", meta$source))
  notes <- c(meta$notes, suppression_notes(meta))
  if (length(notes) > 0L) below <- c(below, paste0("Note: ", notes))
  list(cells = cells, header = meta$columns$label, title = meta$title,
       bold_rows = is_total_row(meta),
       bold_column = names(x) %in% meta$total_column,
       align = ifelse(right, "r", "l"), below = below)
}

# The table as HTML, LaTeX or a Markdown pipe table, by knitr::kable() from
# the formatted cells, escaped for the format; bold is added after escaping.
table_markup <- function(x, format) {
  parts <- table_parts(x)
  escape <- switch(format, html = escape_html, latex = escape_latex,
                   escape_markdown)
  bold <- switch(format,
                 html = function(s) paste0("<strong>", s, "</strong>"),
                 latex = function(s) paste0("\\textbf{", s, "}"),
                 function(s) ifelse(nzchar(trimws(s)),
                                    paste0("**", s, "**"), s))
  if (length(parts$header) == 0L) {
    text <- "A table with no columns."
    return(paste(c(if (!is.null(parts$title)) escape(parts$title), text,
                   escape(parts$below)), collapse = "\n\n"))
  }
  cells <- parts$cells
  for (k in seq_along(cells)) {
    text <- escape(cells[[k]])
    strong <- parts$bold_rows | parts$bold_column[k]
    text[strong] <- bold(text[strong])
    cells[[k]] <- text
  }
  names(cells) <- NULL
  cells <- as.data.frame(cells, stringsAsFactors = FALSE, optional = TRUE)
  args <- list(
    cells, format = if (format %in% c("html", "latex")) format else "pipe",
    col.names = escape(parts$header), align = parts$align,
    caption = if (!is.null(parts$title)) escape(parts$title),
    escape = FALSE, row.names = FALSE)
  if (format == "html") args$table.attr <- 'class="report-table"'
  table <- do.call(knitr::kable, args)
  below <- escape(parts$below)
  below <- switch(format,
                  html = paste0('<p class="report-table-note">', below,
                                "</p>"),
                  below)
  paste(c(table, "", paste(below, collapse = "\n\n")), collapse = "\n")
}

escape_html <- function(x) {
  x <- gsub("&", "&amp;", x, fixed = TRUE)
  x <- gsub("<", "&lt;", x, fixed = TRUE)
  x <- gsub(">", "&gt;", x, fixed = TRUE)
  gsub("\"", "&quot;", x, fixed = TRUE)
}

escape_latex <- function(x) {
  x <- gsub("\\", "\001", x, fixed = TRUE)
  x <- gsub("([&%$#_{}])", "\\\\\\1", x)
  x <- gsub("~", "\\textasciitilde{}", x, fixed = TRUE)
  x <- gsub("^", "\\textasciicircum{}", x, fixed = TRUE)
  gsub("\001", "\\textbackslash{}", x, fixed = TRUE)
}

# Markdown's punctuation that would start emphasis, code, links or raw
# HTML; a backslash makes each literal. (kable() escapes a cell's `|`.)
escape_markdown <- function(x) {
  gsub("([\\\\`*_{}<>#+!~^]|\\[|\\])", "\\\\\\1", x, perl = TRUE)
}

# A Word table through flextable, with the same cells, bold, caption and
# lines below as the other formats.
table_flextable <- function(x) {
  parts <- table_parts(x)
  cells <- parts$cells
  keys <- paste0("column_", seq_along(cells))
  names(cells) <- keys
  table <- flextable::flextable(cells, col_keys = keys)
  table <- flextable::set_header_labels(
    table, values = stats::setNames(as.list(parts$header), keys))
  table <- flextable::theme_booktabs(table)
  table <- flextable::bold(table, part = "header")
  right <- which(parts$align == "r")
  if (length(right) > 0L) {
    table <- flextable::align(table, j = right, align = "right",
                              part = "all")
  }
  if (any(parts$bold_rows)) {
    table <- flextable::bold(table, i = which(parts$bold_rows),
                             part = "body")
  }
  if (any(parts$bold_column)) {
    table <- flextable::bold(table, j = which(parts$bold_column),
                             part = "body")
  }
  if (!is.null(parts$title)) {
    table <- flextable::set_caption(table, caption = parts$title)
  }
  if (length(parts$below) > 0L) {
    table <- flextable::add_footer_lines(table, values = parts$below)
  }
  flextable::autofit(table)
}
