test_that("report_pack() builds a pack from a list or a function", {
  pack <- seed_pack()
  expect_s3_class(pack, "report_pack")
  expect_equal(pack$published, as.Date("2017-11-30"))
  expect_equal(names(pack$tables)[1:3], c("Lewisham_caseload", "Lewisham_IOM",
                                           "Lewisham_needs"))
  expect_output(print(pack), "15 tables, 1 chart, 19 statements")
  same <- report_pack(function(x) list(title = "T", published = "2017-01-31",
                                       tables = list(A = x)),
                      lewisham_iom)
  expect_equal(same$origin, c(A = "computed"))
  # The statements are linked to tables of the pack.
  expect_true(all(pack$statements$table %in% names(pack$tables)))
})

test_that("only recreated tables say they were recreated", {
  pack <- seed_pack()
  notes <- lapply(pack$tables, function(t) table_record(t)$notes)
  recreated <- vapply(notes, function(n) {
    any(grepl("Recreated from offender-level records", n))
  }, logical(1))
  expect_equal(recreated, pack$origin == "recreated", ignore_attr = TRUE)
  transcribed <- vapply(notes, function(n) any(grepl("^Transcribed", n)),
                        logical(1))
  expect_equal(transcribed, pack$origin == "transcribed", ignore_attr = TRUE)
})

test_that("bad specifications are classed errors naming the field", {
  tables <- list(A = lewisham_iom)
  expect_error(report_pack(list(title = "T", tables = tables)),
               "published", class = "reoffending_error_bad_argument")
  expect_error(report_pack(list(title = "T", published = "2017-02-30",
                                tables = tables)),
               class = "reoffending_error")
  expect_error(report_pack(list(title = "T", published = "2017-01-01",
                                tables = tables, tabels = 1)),
               "tabels", class = "reoffending_error_bad_argument")
  expect_error(report_pack(list(title = "T", published = "2017-01-01",
                                tables = list(lewisham_iom))),
               class = "reoffending_error_bad_argument")
  expect_error(report_pack(list(title = "T", published = "2017-01-01",
                                tables = tables,
                                statements = state_change(2, 1, "x",
                                                          table = "B"))),
               "\"B\"", class = "reoffending_error_bad_argument")
  expect_error(report_pack(list(title = "T", published = "2017-01-01")),
               class = "reoffending_error_bad_argument")
  expect_error(report_pack(list(title = "T", published = "2017-01-01"), 1),
               class = "reoffending_error_bad_argument")
  expect_error(pack_table(lewisham_iom), "origin",
               class = "reoffending_error_bad_argument")
  expect_error(pack_table(lewisham_iom, "guessed"),
               class = "reoffending_error_bad_argument")
  expect_error(pack_table(lewisham_vawg, "transcribed",
                          change = c(current = "jan", previous = "jan_2016",
                                     change = "difference")),
               class = "reoffending_error_bad_argument")
  expect_error(pack_chart("plot", "t", "a"),
               class = "reoffending_error_bad_argument")
  expect_error(write_pack(seed_pack(), tempdir(), formats = "pdf"),
               class = "reoffending_error_bad_argument")
})

# The cells of the tables of an HTML page or a Word document, as text.
document_tables <- function(doc, table, row, cell) {
  lapply(xml2::xml_find_all(doc, table), function(t) {
    rows <- xml2::xml_find_all(t, row)
    lapply(rows, function(r) {
      trimws(xml2::xml_text(xml2::xml_find_all(r, cell)))
    })
  })
}

# A figure as printed ("1,338", "17.6%", "+1.9 pp") as a number.
printed_number <- function(text) {
  value <- suppressWarnings(as.numeric(gsub("[,+%]|\\s?pp$", "", text)))
  ifelse(grepl("%$", text), value / 100, value)
}

test_that("the workbook, the web page and the Word document carry the same figures", {
  skip_if_not_installed("rmarkdown")
  skip_if_not_installed("xml2")
  skip_if_not_installed("readxl")
  skip_if_not(rmarkdown::pandoc_available())
  # Rendering runs knitr and pandoc, no C of ours beyond the workbook
  # writer that test-excel.R covers; under valgrind it would take minutes.
  skip_if(nzchar(Sys.getenv("REOFFENDING_VALGRIND")),
          "rendering is left out under valgrind")
  full <- seed_pack()
  keep <- c("Lewisham_caseload", "Lewisham_VAWG", "Barnet_needs",
            "Havering_treatment")
  pack <- report_pack(list(
    title = full$title, published = full$published, source = full$source,
    tables = stats::setNames(lapply(keep, function(k) {
      pack_table(full$tables[[k]], full$origin[[k]], full$groups[[k]])
    }), keep),
    statements = full$statements[full$statements$table %in% keep, ],
    charts = full$charts,
    text = report_texts[report_texts$report == "Havering", ]))
  dir <- tempfile("pack")
  on.exit(unlink(dir, recursive = TRUE))
  paths <- suppressWarnings(write_pack(pack, dir))
  expect_true(all(file.exists(paths)))
  expect_error(write_pack(pack, dir, formats = "xlsx"),
               class = "reoffending_error_file")

  shown <- lapply(reoffending:::suppress_tables(pack$tables, 5), format)
  html <- document_tables(xml2::read_html(paths[["html"]]), "//table",
                          ".//tr", "./th|./td")
  docx_dir <- tempfile()
  utils::unzip(paths[["docx"]], files = "word/document.xml", exdir = docx_dir)
  docx <- document_tables(
    xml2::read_xml(file.path(docx_dir, "word", "document.xml")),
    "//*[local-name() = 'tbl']", ".//*[local-name() = 'tr']",
    "./*[local-name() = 'tc']")
  expect_equal(length(html), length(keep))
  expect_equal(length(docx), length(keep))
  for (k in seq_along(keep)) {
    cells <- shown[[k]]
    expected <- c(list(names(cells)),
                  lapply(seq_len(nrow(cells)),
                         function(r) unname(unlist(cells[r, ]))))
    expect_equal(html[[k]], expected, info = keep[k])
    expect_equal(docx[[k]], expected, info = keep[k])

    sheet <- suppressMessages(readxl::read_excel(
      paths[["xlsx"]], sheet = keep[k], col_names = FALSE))
    header <- which(sheet[[1]] == names(cells)[1])[1]
    body <- sheet[header + seq_len(nrow(cells)), ]
    for (j in seq_along(cells)) {
      printed <- cells[[j]]
      number <- printed_number(printed)
      written <- body[[j]]
      numeric <- !is.na(number)
      expect_equal(as.character(written[!numeric]), printed[!numeric],
                   info = paste(keep[k], j))
      # Each written number shows as the printed figure.
      expect_equal(round(as.numeric(written[numeric]), 3),
                   round(number[numeric], 3), tolerance = 0.0051,
                   info = paste(keep[k], j))
    }
  }
  # The statements are under their tables in both documents.
  text <- gsub("\\s+", " ",
               xml2::xml_text(xml2::read_html(paths[["html"]])))
  expect_match(text, "on track for completions: 17 against a pro-rata 8.5",
               fixed = TRUE)
  word <- paste(readLines(file.path(docx_dir, "word", "document.xml"),
                          warn = FALSE), collapse = "")
  expect_match(word, "met the target of 34 starts (34)", fixed = TRUE)
  # The chart carries its alt text.
  alt <- xml2::xml_attr(xml2::xml_find_all(xml2::read_html(paths[["html"]]),
                                           "//img"), "alt")
  expect_equal(alt, pack$charts[[1]]$alt_text)
  expect_match(word, "descr=\"Bar chart of the share", fixed = TRUE)
  # The cover gives the pack's date, not today's.
  cover <- suppressMessages(readxl::read_excel(paths[["xlsx"]],
                                               sheet = "Cover_sheet",
                                               col_names = FALSE))[[1]]
  expect_true("30 November 2017" %in% cover)
  expect_match(text, "30 November 2017", fixed = TRUE)
})
