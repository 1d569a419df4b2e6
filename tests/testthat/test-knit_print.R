# Report tables in R Markdown (issue 12): knit_print() in HTML, Word, LaTeX
# and Markdown output, with the cells formatted as print() shows them.

caseload <- function() {
  report_table(cohort_table(lewisham_offenders, cohort, status,
                            percent = "row"),
               title = "Caseload by cohort & status",
               source = "London CRC <case records>",
               notes = "MHLD had no cases.")
}

# A fresh document with one chunk: the table.
render_table <- function(format, code = "tab") {
  dir <- tempfile("knit")
  dir.create(dir)
  rmd <- file.path(dir, "table.Rmd")
  writeLines(c("---", "title: Tables", "---", "",
               "```{r, echo = FALSE, message = FALSE}",
               "library(reoffending)",
               "tab <- report_table(cohort_table(lewisham_offenders, cohort,",
               "                                 status, percent = 'row'),",
               "                    title = 'Caseload by cohort & status',",
               "                    source = 'London CRC <case records>',",
               "                    notes = 'MHLD had no cases.')",
               code, "```"), rmd)
  out <- suppressMessages(rmarkdown::render(
    rmd, output_format = format, output_dir = dir, quiet = TRUE,
    envir = new.env(parent = globalenv())))
  list(dir = dir, out = out)
}

skip_if_no_render <- function() {
  skip_if_not_installed("rmarkdown")
  skip_if_not_installed("knitr")
  skip_if_not(rmarkdown::pandoc_available("1.14"), "pandoc is missing")
  # pandoc and rmarkdown are no C code of the package's: not worth their
  # minutes under valgrind.
  skip_if(nzchar(Sys.getenv("REOFFENDING_VALGRIND")), "under valgrind")
}

test_that("knitr finds the method, registered without importing knitr", {
  skip_if_not_installed("knitr")
  out <- knitr::knit_print(caseload())
  expect_s3_class(out, "knit_asis")
  # Outside a document: a Markdown pipe table, caption first.
  expect_match(out, "^Table: Caseload by cohort & status\n", perl = TRUE)
  expect_match(out, "|**Total**", fixed = TRUE)
  expect_match(out, "**1,338**", fixed = TRUE)
  expect_match(out, "49.6%", fixed = TRUE)
  expect_match(out, "Source: London CRC \\<case records\\>", fixed = TRUE)
  expect_match(out, "Note: MHLD had no cases.", fixed = TRUE)
  expect_false("knitr" %in% loadedNamespaces() &&
                 "knitr" %in% getNamespaceImports("reoffending"))
})

test_that("HTML: a table with caption, bold totals, formats and notes", {
  skip_if_not_installed("knitr")
  html <- reoffending:::table_markup(caseload(), "html")
  expect_match(html, "<caption>Caseload by cohort &amp; status</caption>",
               fixed = TRUE)
  expect_match(html, "<strong>1,338</strong>", fixed = TRUE)
  expect_match(html, "<strong>Total</strong>", fixed = TRUE)
  # The total column is bold in every row; body cells are not.
  expect_match(html, "<strong>379</strong>", fixed = TRUE)
  expect_match(html, "> 188 <", fixed = TRUE)
  expect_match(html, "> 49.6% <", fixed = TRUE)
  expect_match(html, "> [z] <", fixed = TRUE)
  expect_match(html, "Shorthand in this table: [z] = not applicable",
               fixed = TRUE)
  expect_match(html, "Source: London CRC &lt;case records&gt;</p>",
               fixed = TRUE)
  expect_match(html, "text-align:right;\"> Community %", fixed = TRUE)
  expect_match(html, "text-align:left;\"> cohort", fixed = TRUE)
})

test_that("withheld cells show as [c] with their note", {
  skip_if_not_installed("knitr")
  small <- suppress_small(cohort_table(lewisham_offenders[1:40, ], cohort,
                                       status))
  html <- reoffending:::table_markup(small, "html")
  expect_match(html, "> [c] <", fixed = TRUE)
  expect_match(html, "[c] = confidential", fixed = TRUE)
  expect_match(html, "Note: [c] Confidential", fixed = TRUE)
  md <- reoffending:::table_markup(small, "pipe")
  expect_match(md, "\\[c\\]", fixed = TRUE)
})

test_that("LaTeX and Markdown escape what they must", {
  skip_if_not_installed("knitr")
  odd <- report_table(
    data.frame(area = c("A & B_1 | {x} ~ 50%", "Total"), n = c(10, 10)),
    roles = c(area = "label", n = "count"), totals = 2,
    title = "Rates: #1 $ per \\head", labels = c(n = "N*"))
  tex <- reoffending:::table_markup(odd, "latex")
  expect_match(tex, "A \\& B\\_1 | \\{x\\} \\textasciitilde{} 50\\%",
               fixed = TRUE)
  expect_match(tex, "\\caption{Rates: \\#1 \\$ per \\textbackslash{}head}",
               fixed = TRUE)
  expect_match(tex, "\\textbf{Total} & \\textbf{10}", fixed = TRUE)
  md <- reoffending:::table_markup(odd, "pipe")
  expect_match(md, "A & B\\_1 &#124; \\{x\\} \\~ 50%", fixed = TRUE)
  expect_match(md, " N\\*|", fixed = TRUE)
  expect_match(md, "**Total**", fixed = TRUE)
  # No columns, no rows: no broken table.
  expect_match(reoffending:::table_markup(odd[, 0], "html"),
               "A table with no columns.", fixed = TRUE)
  none <- reoffending:::table_markup(odd[0, ], "html")
  expect_match(none, "<th style=\"text-align:left;\"> area </th>",
               fixed = TRUE)
})

test_that("an HTML document renders the table", {
  skip_if_no_render()
  rendered <- render_table(rmarkdown::html_document(self_contained = FALSE))
  on.exit(unlink(rendered$dir, recursive = TRUE))
  # pandoc puts each cell's text on a line of its own.
  html <- paste(trimws(readLines(rendered$out, encoding = "UTF-8")),
                collapse = "")
  expect_match(html, "<table class=\"report-table\">", fixed = TRUE)
  expect_match(html, "<caption>Caseload by cohort &amp; status</caption>",
               fixed = TRUE)
  expect_match(html, "<strong>1,338</strong>", fixed = TRUE)
  expect_match(html, "49.6%", fixed = TRUE)
  expect_match(html, "MHLD had no cases.", fixed = TRUE)
  expect_match(html, "London CRC &lt;case records&gt;", fixed = TRUE)
  # Not console text.
  expect_no_match(html, "## cohort", fixed = TRUE)
  # An explicit print() is still console text, as in any chunk.
  printed <- render_table(rmarkdown::html_document(self_contained = FALSE),
                          code = "print(tab)")
  on.exit(unlink(printed$dir, recursive = TRUE), add = TRUE)
  console <- paste(readLines(printed$out, encoding = "UTF-8"), collapse = "\n")
  expect_no_match(console, "report-table", fixed = TRUE)
})

test_that("a Word document gets a native table, its rows holding only cells", {
  skip_if_no_render()
  rendered <- render_table(rmarkdown::word_document())
  on.exit(unlink(rendered$dir, recursive = TRUE))
  unzipped <- file.path(rendered$dir, "docx")
  utils::unzip(rendered$out, files = "word/document.xml", exdir = unzipped)
  xml <- paste(readLines(file.path(unzipped, "word/document.xml"),
                         encoding = "UTF-8", warn = FALSE), collapse = "")
  expect_match(xml, "<w:tbl[ >]")
  # No text straight inside a row (flextable 0.8.4's "header1", "body1").
  expect_no_match(xml, "</w:trPr>[^<]", perl = TRUE)
  expect_no_match(xml, "(header|body|footer)1<", perl = TRUE)
  expect_match(xml, "1,338", fixed = TRUE)
  expect_match(xml, "49.6%", fixed = TRUE)
  expect_match(xml, "Caseload by cohort &amp; status", fixed = TRUE)
  expect_match(xml, "MHLD had no cases.", fixed = TRUE)
  # The grand total's run is bold.
  bold <- "<w:b( w:val=\"true\")? ?/>(?:(?!</w:r>).)*<w:t[^>]*>"
  expect_match(xml, paste0(bold, "1,338</w:t>"), perl = TRUE)
  expect_match(xml, paste0(bold, "Total</w:t>"), perl = TRUE)
  expect_no_match(xml, paste0(bold, "188</w:t>"), perl = TRUE)
})

test_that("the output format decides the markup; rows that are measures too", {
  skip_if_not_installed("knitr")
  old <- knitr::opts_knit$get("rmarkdown.pandoc.to")
  on.exit(knitr::opts_knit$set(rmarkdown.pandoc.to = old))
  # knitr decides what is HTML (GitHub Markdown takes raw HTML too); what
  # is neither HTML, LaTeX nor Word gets a pipe table.
  formats <- c(html = "html", html5 = "html", latex = "latex",
               beamer = "latex", docx = "docx", rtf = "pipe",
               odt = "pipe")
  for (to in names(formats)) {
    knitr::opts_knit$set(rmarkdown.pandoc.to = to)
    expect_identical(reoffending:::knit_output_format(), formats[[to]],
                     label = to)
  }
  knitr::opts_knit$set(rmarkdown.pandoc.to = NULL)
  expect_identical(reoffending:::knit_output_format(), "pipe")
  knitr::opts_knit$set(rmarkdown.pandoc.to = "html")
  html <- knitr::knit_print(barnet_reoffending)
  expect_match(html, "> -1.9 pp <", fixed = TRUE)
  expect_match(html, "> 20.2% <", fixed = TRUE)
  expect_match(html, "> 4,262 <", fixed = TRUE)
  expect_match(html, "> [x] <", fixed = TRUE)
  expect_match(html, "Note: Change in the proportion in percentage points",
               fixed = TRUE)
})

test_that("the Word table has the caption, bold totals and lines below", {
  skip_if_not_installed("flextable")
  table <- reoffending:::table_flextable(caseload())
  expect_s3_class(table, "flextable")
  expect_identical(table$caption$value, "Caseload by cohort & status")
  expect_identical(flextable::nrow_part(table, "footer"), 3L)
  expect_identical(flextable::nrow_part(table, "body"), 6L)
  expect_identical(table$header$content$content$data[[1, 3]]$txt,
                   "Community %")
  body <- table$body$styles$text$bold$data
  expect_true(all(body[6, ]))                 # the total row
  expect_true(all(body[, 8]))                 # the total column
  expect_false(body[1, 2])
})
