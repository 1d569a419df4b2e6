#' Write tables to an accessible Excel workbook
#'
#' Writes one or more tables to a `.xlsx` workbook laid out to the Government
#' Statistical Service guidance "Releasing statistics in spreadsheets": a
#' `Cover_sheet`, a `Table_of_contents` with a link to each table, a `Notes`
#' sheet (when there are notes), then one table per sheet. The workbook is
#' written in C through libxlsxwriter.
#'
#' On each table sheet the title is in A1, A2 says how many tables the sheet
#' holds and where its notes are, then come any key to the shorthand used and
#' the source; the table follows as an Excel table object (one header row, no
#' filter buttons) starting in column A, with nothing below it. There are no
#' merged cells, blank rows or columns, hidden rows or frozen panes.
#'
#' Cells are formatted by the record of each [report_table()] and nothing
#' else: counts as `#,##0`, proportions as `0.0%`, percentage points as
#' `+0.0 pp`, percent changes signed, rates to one decimal place, years and
#' periods as plain numbers, totals bold; headers are the columns' labels.
#' Markers (a tick, a cross, arrows) and RAG ratings are written as text,
#' with colour only as a second carrier of their meaning. A table whose rows
#' are measures is formatted by row. Missing values are written as `[c]`
#' (withheld), `[z]` (not applicable) or `[x]` (not available), as the
#' record says; dates as Excel dates. Text is always written as text, never
#' as a formula, whatever it starts with. A table with a chart
#' ([report_chart()]) gets a native Excel chart, with alt text, on a sheet of
#' its own after it.
#'
#' Small numbers are protected by column role, whatever made the table:
#' every table with a column of counts of people (a count whose unit is
#' `"people"`, or not stated: a whole-number column of a plain data frame,
#' tibble or `transform()`ed copy counts as one) goes through
#' [suppress_small()] with `threshold = suppress` unless it has been through
#' it already, and then through [disclosure_check()]; all the workbook's
#' tables in one call, together, as they are published together: tables
#' counted from the same records (a caseload and the same caseload by
#' cohort, say) are linked, a count withheld in one is withheld wherever it
#' appears, and no withheld count can be narrowed below the threshold from
#' everything in the workbook (see [suppress_small()] for the guarantee and
#' what it does not cover). A table that would still show a count of 1 to
#' `threshold - 1` people, or a withheld count that can be worked out or
#' narrowed (rows added after suppression, say), is refused with an error
#' of class `reoffending_error_disclosure`. Confidential cells
#' are written as `[c]`, with a note on the `Notes` sheet saying so. Counts
#' of events (unit `"events"`: crimes, reoffences) are not suppressed.
#' `suppress = FALSE` writes every count as it is, with a message, and the
#' cover sheet says that suppression was turned off.
#'
#' All text must be UTF-8 (text marked as being in another encoding, latin1
#' say, is converted); text that is not is refused with an error of class
#' `reoffending_error_bad_argument` that names the table, column and row,
#' or the argument, name or field. Characters that XML cannot hold (control
#' characters other than tab, newline and carriage return; U+FFFE, U+FFFF)
#' are written in cells as Excel writes them, as `_x0007_`, and read back as
#' they were; text that looks like such an escape is kept as it is the same
#' way (`_x005F_`). Sheet names, `title` and `contact` (document properties
#' too) and a chart's titles, series names and alt text have no such escape:
#' there these characters are refused.
#'
#' Memory: a workbook of up to 10 million cells (1,000,000 rows of 10
#' columns, say) is built in memory, so that every table is an Excel table
#' object, as the guidance asks; libxlsxwriter then needs about 100 bytes a
#' cell, some 1 GB for 10 million cells (figures in the package's
#' `bench/RESULTS.md`). A larger workbook is streamed to disk row by row in
#' constant memory, and libxlsxwriter cannot add table objects in that mode:
#' its tables are then plain blocks of cells under their headers, and the
#' cover sheet and each table sheet say so. `options(reoffending.stream_cells
#' = n)` moves the threshold: lower on a machine short of memory, `Inf` to
#' build every workbook in memory.
#'
#' The write is all or nothing: the workbook is written to a temporary file
#' in the target folder and renamed into place only when complete, so a
#' failure never leaves a partial file and never touches an existing one.
#'
#' @param x A [report_table()] or data frame, or a named list of them. Names
#'   become sheet names, cleaned to Excel's rules (at most 31 characters, none
#'   of `[ ] : * ? / \ '`) and made unique; unnamed tables are `Table_1`,
#'   `Table_2`, ...
#' @param path Path of the `.xlsx` file to write.
#' @param title Title of the workbook, shown on the cover sheet and set as
#'   the document title.
#' @param source Source of the figures for the cover sheet, or `NULL`.
#'   Tables with a source of their own show it above the table.
#' @param contact Contact for questions (name, email), or `NULL`; also the
#'   document author.
#' @param published Publication date, a `Date` (or `"YYYY-MM-DD"`).
#' @param notes Workbook notes: a character vector, listed on the `Notes`
#'   sheet after the notes of the tables themselves.
#' @param overwrite Replace an existing file at `path`? By default an
#'   existing file is an error.
#' @param suppress The threshold of [suppress_small()] for the tables of
#'   counts of people (counts from 1 to `suppress - 1` are confidential): a
#'   whole number of at least 1, or `FALSE` (or `NULL`) to write them
#'   unsuppressed.
#' @return `path`, invisibly.
#' @seealso [report_table()], [report_chart()]
#' @examples
#' path <- tempfile(fileext = ".xlsx")
#' write_report(
#'   list(Caseload = cohort_table(lewisham_offenders, cohort, status),
#'        Needs = lewisham_needs),
#'   path, title = "Lewisham offender management, November 2016",
#'   source = "London CRC", contact = "community.safety@example.org")
#' file.exists(path)
#' unlink(path)
#' @export
write_report <- function(x, path, title, source = NULL, contact = NULL,
                         published = Sys.Date(), notes = NULL,
                         overwrite = FALSE, suppress = 5) {
  tables <- as_table_list(x)
  if (missing(title)) abort("`title` must be a single non-empty string.")
  check_string(title, "title")
  check_string(source, "source", null_ok = TRUE)
  check_string(contact, "contact", null_ok = TRUE)
  published <- as_date_arg(published, "published")
  if (length(published) != 1L || is.na(published)) {
    abort("`published` must be a single date.")
  }
  if (!is.null(notes) && (!is.character(notes) || anyNA(notes))) {
    abort("`notes` must be a character vector or NULL.")
  }
  check_flag(overwrite, "overwrite")
  text <- check_report_text(tables, title, source, contact, notes)
  title <- text$title
  source <- text$source
  contact <- text$contact
  notes <- text$notes
  suppress <- check_suppress(suppress)
  path <- check_output_path(path, overwrite)
  tables <- suppress_tables(tables, suppress)

  # A workbook is built in memory, with an Excel table object per table,
  # unless it holds more cells than the threshold: then it is streamed to
  # disk, and libxlsxwriter can add no table objects.
  cells <- sum(vapply(tables, function(t) as.double(nrow(t)) * ncol(t),
                      numeric(1)))
  stream <- cells > stream_threshold()
  layout <- layout_workbook(tables, title, source, contact, published, notes,
                            suppressed = !is.null(suppress),
                            streamed = if (stream) cells)
  properties <- c(
    title = title,
    subject = drop_xml_forbidden(
      paste0("Tables: ", paste(layout$descriptions, collapse = "; "))),
    author = if (is.null(contact)) "reoffending" else contact,
    keywords = "probation, reoffending, community safety, statistics",
    comments = paste("Written by the R package reoffending",
                     utils::packageVersion("reoffending")),
    category = "Statistics",
    Language = "en-GB"
  )
  properties <- enc2utf8(properties)

  tmp <- partial_path(path)
  on.exit(unlink(tmp), add = TRUE)
  # A file system that fails under the writer (full, gone, read-only) is
  # a file error of `path`; anything else from C is passed on as it is.
  tryCatch(
    .Call(C_write_xlsx, tmp, properties, layout$formats$table(),
          layout$sheets, stream),
    error = function(e) {
      message <- conditionMessage(e)
      if (!grepl(paste0("^(could not create the workbook file|could not ",
                        "start a workbook|libxlsxwriter could not write)"),
                 message)) {
        stop(e)
      }
      abort("`path` could not be written (", path, "): ", message,
            ". The file there, if any, is unchanged.", class = "file")
    })
  finish_partial(tmp, path)
  invisible(path)
}

# Workbooks with more cells than this are streamed (constant-memory mode,
# no Excel table objects); up to it they are built in memory, which costs
# libxlsxwriter about 100 bytes a cell (bench/RESULTS.md, issue 11): a
# 1,000,000 x 10 table, about 1 GB. The option reoffending.stream_cells
# overrides it.
stream_cells <- 1e7

stream_threshold <- function() {
  cells <- getOption("reoffending.stream_cells", stream_cells)
  if (!is.numeric(cells) || length(cells) != 1L || is.na(cells) ||
      cells < 0) {
    abort("Option `reoffending.stream_cells` must be a single number of ",
          "cells, at least 0 (the default is ",
          format(stream_cells, big.mark = ",", scientific = FALSE),
          "), not ", type_name(cells), ".")
  }
  cells
}

# ---- Input ------------------------------------------------------------------

as_table_list <- function(x) {
  if (is.data.frame(x)) x <- list(x)
  if (!is.list(x) || length(x) == 0L) {
    abort("`x` must be a report_table, a data frame, or a non-empty list of ",
          "them, not ", type_name(x), ".")
  }
  ok <- vapply(x, is.data.frame, logical(1))
  if (!all(ok)) {
    abort("`x` must hold only report tables or data frames; element ",
          which(!ok)[1L], " is ", type_name(x[[which(!ok)[1L]]]), ".")
  }
  given <- names(x)
  if (is.null(given)) given <- rep("", length(x))
  given[is.na(given)] <- ""
  given <- check_utf8(given, "The names of `x`", "name")
  tables <- lapply(seq_along(x), function(k) {
    t <- check_table_text(x[[k]], table_label(given, k))
    if (is_report_table(t)) t else report_table(t)
  })
  names(tables) <- given
  for (k in seq_along(tables)) {
    t <- tables[[k]]
    label <- if (nzchar(given[k])) paste0('"', given[k], '"') else k
    if (ncol(t) == 0L || nrow(t) == 0L) {
      abort("Table ", label, " in `x` has no ", if (ncol(t) == 0L) "columns"
            else "rows", "; a sheet needs at least one of each.")
    }
    if (ncol(t) > 16384L) {
      abort("Table ", label, " in `x` has ", ncol(t), " columns; a sheet ",
            "holds at most 16,384.")
    }
  }
  tables
}

# Every table with counts of people goes through suppress_small() (unless it
# has been already), all of them in one call, so that tables counted from
# the same records are suppressed together (suppress_jointly()); then each
# through disclosure_check(), and those suppressed beforehand through
# check_jointly() with the tables they are linked with: a table that would
# still show a small count, or a withheld one that can be worked out, is
# refused. The policy is read from column roles, whatever made the table.
suppress_tables <- function(tables, threshold) {
  if (is.null(threshold)) return(tables)
  people <- which(vapply(tables, function(t) {
    length(people_columns(table_meta(t))) > 0L
  }, logical(1)))
  before <- vapply(tables, function(t) !is.null(table_meta(t)$suppression),
                   logical(1))
  label <- function(k) {
    given <- names(tables)[k]
    if (nzchar(given)) paste0('"', given, '"') else k
  }
  fresh <- people[!before[people]]
  if (length(fresh) > 0L) {
    tables[fresh] <- tryCatch(
      suppress_jointly(tables[fresh], threshold = threshold),
      reoffending_error_missing_package = function(e) stop(e),
      reoffending_error = function(e) {
        # Say which table, as a table on its own would.
        for (k in fresh) {
          tryCatch(suppress_small(tables[[k]], threshold = threshold),
                   reoffending_error = function(e) {
                     abort("Table ", label(k), " in `x` cannot have its ",
                           "small numbers suppressed: ",
                           conditionMessage(e), class = "disclosure")
                   })
        }
        abort("The tables in `x` cannot have their small numbers ",
              "suppressed together: ", conditionMessage(e),
              class = "disclosure")
      })
  }
  for (k in people) {
    t <- tables[[k]]
    meta <- table_meta(t)
    # A table suppressed already is checked at its own threshold.
    check_at <- if (!before[k]) threshold else meta$suppression$threshold
    problems <- disclosure_check(t, threshold = check_at)
    if (nrow(problems) > 0L) {
      abort("Table ", label(k), " in `x` would disclose: ",
            problems$problem[1L], " in column `", problems$column[1L],
            "`, row ", problems$row[1L], " (", problems$label[1L], ")",
            if (nrow(problems) > 1L) paste0(", and ", nrow(problems) - 1L,
                                            " more"),
            ". Suppress the whole table with suppress_small() after ",
            "changing it, or write with `suppress = FALSE`.",
            class = "disclosure")
    }
  }
  # Tables suppressed one by one can give each other away.
  if (any(before[people]) && length(people) > 1L) {
    problems <- check_jointly(unname(tables[people]), threshold = threshold,
                              linked_only = TRUE)
    problems <- problems[!is.na(problems$problem), , drop = FALSE]
    if (nrow(problems) > 0L) {
      k <- people[problems$table[1L]]
      abort("Table ", label(k), " in `x` would disclose with the tables ",
            "published beside it: its withheld cell in column `",
            problems$column[1L], "`, row ", problems$row[1L], " (",
            problems$label[1L], ") lies between ", problems$lower[1L],
            " and ", problems$upper[1L], if (nrow(problems) > 1L) {
              paste0(", and ", nrow(problems) - 1L, " more")
            }, ". Suppress the tables together (give them to ",
            "write_report() unsuppressed), or write with ",
            "`suppress = FALSE`.", class = "disclosure")
    }
  }
  tables
}

# `suppress`: a threshold, or FALSE (NULL too) for none.
check_suppress <- function(suppress) {
  if (is.null(suppress) || isFALSE(suppress)) {
    message("Small-number suppression is off (`suppress = FALSE`): counts ",
            "of people are written as they are, and the cover sheet says ",
            "so. Check them with disclosure_check() before they leave the ",
            "building.")
    return(NULL)
  }
  check_whole(suppress, "suppress")
}

check_output_path <- function(path, overwrite) {
  check_string(path, "path")
  if (!grepl("\\.xlsx$", path, ignore.case = TRUE)) {
    abort("`path` must end in .xlsx, not \"", basename(path), "\".")
  }
  path <- path.expand(path)
  if (dir.exists(path)) {
    abort("`path` is a folder, not a file: ", path, ".")
  }
  folder <- dirname(path)
  if (!dir.exists(folder)) {
    abort("`path` is in a folder that does not exist: ", folder, ".")
  }
  if (file.access(folder, 2L) != 0L) {
    abort("`path` is in a folder that cannot be written: ", folder, ".")
  }
  if (file.exists(path)) {
    if (!overwrite) {
      abort("`path` already exists: ", path,
            ". Use `overwrite = TRUE` to replace it.")
    }
    if (file.access(path, 2L) != 0L) {
      abort("`path` exists and cannot be replaced: ", path, ".")
    }
  }
  normalizePath(path, mustWork = FALSE)
}

# ---- Sheet names --------------------------------------------------------------

reserved_sheets <- c("Cover_sheet", "Table_of_contents", "Notes")

# Excel's rules: 1 to 31 characters, none of []:*?/\, not "History"; we also
# drop apostrophes so that internal links need no quoting.
clean_sheet_names <- function(given) {
  names <- given
  blank <- !nzchar(trimws(names))
  names[blank] <- paste0("Table_", seq_along(names)[blank])
  names <- gsub("[]:*?/\\\\'[]", "_", names)
  names <- gsub("\\s+", "_", trimws(names))
  names <- gsub("^_+|_+$", "", gsub("_+", "_", names))
  check_xml_chars(names, "The names of `x`", "name", place = "a sheet name")
  bad <- !grepl("[[:alnum:]]", names) | tolower(names) == "history"
  if (any(bad)) {
    abort("`x` has a name that cannot be made a sheet name: ",
          show_values(given[bad]), ". Use letters or digits.")
  }
  unique_names(substr(names, 1L, 31L), reserved_sheets, 31L)
}

# Names made unique, ignoring case as Excel does, among themselves and
# `taken`: a repeat gets "_2", "_3", ... with its base cut to keep within
# `width` characters.
unique_names <- function(names, taken = character(), width) {
  taken <- tolower(taken)
  for (k in seq_along(names)) {
    base <- names[k]
    candidate <- base
    i <- 1L
    while (tolower(candidate) %in% taken) {
      i <- i + 1L
      suffix <- paste0("_", i)
      candidate <- paste0(substr(base, 1L, width - nchar(suffix)), suffix)
    }
    names[k] <- candidate
    taken <- c(taken, tolower(candidate))
  }
  names
}

# ---- Formats ------------------------------------------------------------------

# A registry of cell formats, each created once; ids are 0-based for C.
format_registry <- function() {
  keys <- character()
  rows <- list()
  add <- function(num_format = "", bold = FALSE, font_color = NA_integer_,
                  bg_color = NA_integer_, font_size = NA_real_,
                  text_wrap = FALSE, underline = FALSE, border = FALSE,
                  align_right = FALSE) {
    key <- paste(num_format, bold, font_color, bg_color, font_size, text_wrap,
                 underline, border, align_right, sep = "\r")
    found <- match(key, keys)
    if (!is.na(found)) return(found - 1L)
    keys[[length(keys) + 1L]] <<- key
    rows[[length(rows) + 1L]] <<- list(
      num_format = enc2utf8(num_format), bold = bold,
      font_color = as.integer(font_color), bg_color = as.integer(bg_color),
      font_size = as.double(font_size), text_wrap = text_wrap,
      underline = underline, border = border, align_right = align_right)
    length(keys) - 1L
  }
  table <- function() {
    fields <- c("num_format", "bold", "font_color", "bg_color", "font_size",
                "text_wrap", "underline", "border", "align_right")
    out <- lapply(fields, function(f) unlist(lapply(rows, `[[`, f)))
    names(out) <- fields
    out
  }
  list(add = add, table = table)
}

# Excel number formats by role, the same units as print shows.
role_number_format <- function(role, value = NULL) {
  switch(role,
         count = "#,##0",
         proportion = "0.0%",
         rate = "#,##0.0",
         period = "0",
         pp = '+0.0" pp";-0.0" pp";0.0" pp"',
         pct_change = "+0.0%;-0.0%;0.0%",
         rate_change = "+#,##0.0;-#,##0.0;0.0",
         change = if (!is.null(value) && all(value == round(value),
                                             na.rm = TRUE)) {
           "+#,##0;-#,##0;0"
         } else {
           "+#,##0.0;-#,##0.0;0.0"
         },
         "")
}

colours <- c(red = 0xC00000L, green = 0x00703CL, amber = 0xFFBF00L,
             red_fill = 0xF4CCCCL, amber_fill = 0xFFE699L,
             green_fill = 0xC6EFCEL, link = 0x0563C1L)

# ---- Layout -------------------------------------------------------------------

# `streamed`: NULL, or the number of cells of a workbook that is streamed
# (no table objects, and its sheets say so).
layout_workbook <- function(tables, title, source, contact, published,
                            notes, suppressed = TRUE, streamed = NULL) {
  formats <- format_registry()
  f_title <- formats$add(bold = TRUE, font_size = 16)
  f_heading <- formats$add(bold = TRUE, font_size = 12)
  f_text <- formats$add()
  f_header <- formats$add(bold = TRUE, text_wrap = TRUE, border = TRUE)
  f_link <- formats$add(font_color = colours[["link"]], underline = TRUE)

  sheet_names <- clean_sheet_names(names(tables))
  metas <- lapply(tables, table_meta)
  descriptions <- vapply(seq_along(tables), function(k) {
    t <- metas[[k]]$title
    if (is.null(t)) sheet_names[k] else t
  }, character(1))

  # Notes: each table's own, then the workbook's, numbered in that order.
  # Notes on suppression are shared by the tables they apply to.
  note_text <- character()
  note_refs <- vector("list", length(tables))
  for (k in seq_along(tables)) {
    own <- metas[[k]]$notes
    start <- length(note_text)
    note_text <- c(note_text, own)
    note_refs[[k]] <- start + seq_along(own)
    for (shared in suppression_notes(metas[[k]])) {
      if (!shared %in% note_text) note_text <- c(note_text, shared)
      note_refs[[k]] <- c(note_refs[[k]], match(shared, note_text))
    }
  }
  note_text <- c(note_text, notes)
  note_labels <- paste0("[note ", seq_along(note_text), "]")

  sheets <- list()
  sheets[[1L]] <- cover_sheet(title, source, contact, published,
                              length(tables), length(note_text) > 0L,
                              f_title, f_heading, f_text, suppressed,
                              streamed)
  toc_names <- character()
  toc_text <- character()
  table_sheets <- list()
  # A chart sheet's name must differ from every other sheet's, including
  # those of tables later in the workbook.
  sheets_taken <- c(reserved_sheets, sheet_names)
  for (k in seq_along(tables)) {
    refs <- note_labels[note_refs[[k]]]
    sheet <- table_sheet(tables[[k]], sheet_names[k], descriptions[k], refs,
                         formats, f_title, f_text, f_header,
                         table_object = is.null(streamed))
    table_sheets[[length(table_sheets) + 1L]] <- sheet
    toc_names <- c(toc_names, sheet_names[k])
    toc_text <- c(toc_text, descriptions[k])
    chart <- metas[[k]]$chart
    if (!is.null(chart)) {
      chart_name <- chart_sheet_name(sheet_names[k], sheets_taken)
      sheets_taken <- c(sheets_taken, chart_name)
      chart_sheet <- chart_sheet(tables[[k]], chart, sheet, chart_name,
                                 descriptions[k], f_title, f_text)
      table_sheets[[length(table_sheets) + 1L]] <- chart_sheet
      toc_names <- c(toc_names, chart_sheet$name)
      toc_text <- c(toc_text, paste0("Chart: ", chart_sheet$chart$title))
    }
  }
  toc <- data.frame(`Sheet name` = toc_names, `Table description` = toc_text,
                    check.names = FALSE, stringsAsFactors = FALSE)
  sheets[[2L]] <- table_sheet(
    report_table(toc, roles = c("label", "label")), "Table_of_contents",
    "Table of contents", character(), formats, f_title, f_text, f_header,
    link_column = 0L, link_format = f_link,
    intro = "This worksheet contains one table. Select a sheet name to go to it.",
    table_object = is.null(streamed))
  if (length(note_text) > 0L) {
    notes_table <- data.frame(`Note number` = note_labels,
                              `Note text` = note_text, check.names = FALSE,
                              stringsAsFactors = FALSE)
    sheets[[3L]] <- table_sheet(
      report_table(notes_table, roles = c("label", "label")), "Notes",
      "Notes", character(), formats, f_title, f_text, f_header,
      intro = "This worksheet contains one table.",
      table_object = is.null(streamed))
  }
  sheets <- unique_table_names(c(sheets, table_sheets))
  list(sheets = sheets, formats = formats, descriptions = descriptions)
}

cover_sheet <- function(title, source, contact, published, n_tables,
                        has_notes, f_title, f_heading, f_text,
                        suppressed = TRUE, streamed = NULL) {
  lines <- c(title)
  line_formats <- c(f_title)
  section <- function(heading, text) {
    lines <<- c(lines, heading, text)
    line_formats <<- c(line_formats, f_heading, rep(f_text, length(text)))
  }
  section("About these tables",
          paste0("This workbook holds ", n_tables, " table",
                 if (n_tables != 1L) "s", ", listed on the Table_of_contents ",
                 "sheet.", if (has_notes) " Notes are on the Notes sheet."))
  section("Publication date", format(published, "%d %B %Y"))
  if (!is.null(source)) section("Source", source)
  if (!is.null(contact)) section("Contact", contact)
  if (!suppressed) {
    section("Small numbers",
            paste("Small-number suppression was turned off for this workbook",
                  "(suppress = FALSE): counts of fewer than 5 people may be",
                  "shown."))
  }
  if (!is.null(streamed)) {
    section("Table objects", streamed_note(streamed))
  }
  section("Shorthand",
          c("[c] confidential: a count too small to publish",
            "[x] not available", "[z] not applicable",
            "[low] a value that rounds to zero"))
  list(name = "Cover_sheet", pre = escape_cell_text(enc2utf8(lines)),
       pre_format = as.integer(line_formats))
}

# What a streamed workbook says on its cover sheet.
streamed_note <- function(cells) {
  paste0("This workbook holds ", format(cells, big.mark = ",",
                                        scientific = FALSE),
         " cells, more than the ",
         format(stream_threshold(), big.mark = ",", scientific = FALSE),
         " that are built in memory, so it was written row by row, and its ",
         "tables are not Excel ",
         "table objects: each table is the block of cells from its header ",
         "row down, with nothing below it.")
}

# The layout of one table sheet: lines above the table, then the table, an
# Excel table object unless `table_object` is FALSE (a streamed workbook),
# which the last line above it then says.
table_sheet <- function(x, name, description, note_refs, formats, f_title,
                        f_text, f_header, link_column = -1L,
                        link_format = NULL, intro = NULL,
                        table_object = TRUE) {
  meta <- table_meta(x)
  roles <- meta$columns$role
  totals <- is_total_row(meta)
  measures <- meta$rows$measure
  if (all(is.na(measures))) measures <- NULL
  nrow <- nrow(x)

  columns <- vector("list", ncol(x))
  col_formats <- vector("list", ncol(x))
  bold_formats <- integer(ncol(x))
  na_text <- vector("list", ncol(x))
  widths <- numeric(ncol(x))
  f_header_right <- formats$add(bold = TRUE, text_wrap = TRUE, border = TRUE,
                                align_right = TRUE)
  header_formats <- rep(as.integer(f_header), ncol(x))
  used_shorthand <- character()
  shown <- missing_shown(x, meta)

  for (k in seq_along(x)) {
    value <- x[[k]]
    role <- roles[[k]]
    if (inherits(value, "Date")) {
      columns[[k]] <- excel_date_serial(value, name, names(x)[k])
      col_formats[[k]] <- formats$add("d mmm yyyy", align_right = TRUE)
      bold_formats[k] <- formats$add("d mmm yyyy", bold = TRUE,
                                     align_right = TRUE)
      header_formats[k] <- f_header_right
      widths[k] <- 12
    } else if (role %in% c(numeric_roles, "period") && is.numeric(value)) {
      value <- as.double(value)
      value[!is.finite(value)] <- NA_real_
      columns[[k]] <- value
      num_format <- role_number_format(role, value)
      col_formats[[k]] <- formats$add(num_format, align_right = TRUE)
      bold_formats[k] <- formats$add(num_format, bold = TRUE,
                                     align_right = TRUE)
      header_formats[k] <- f_header_right
      if (!is.null(measures)) {
        col_formats[[k]] <- measure_formats(measures, value, role,
                                            num_format, totals, formats)
      }
      widths[k] <- number_width(value, role)
    } else {
      text <- if (is.factor(value)) as.character(value) else value
      if (is.logical(text) || is.numeric(text)) text <- as.character(text)
      text <- enc2utf8(as.character(text))
      columns[[k]] <- text
      col_formats[[k]] <- text_formats(text, role, totals, formats,
                                       link = k - 1L == link_column,
                                       link_format = link_format)
      bold_formats[k] <- formats$add(bold = TRUE)
      widths[k] <- text_width(unique(text))
    }
    missing <- is.na(columns[[k]])
    fill <- shown[, k]
    if (any(missing)) used_shorthand <- c(used_shorthand, fill[missing])
    na_text[[k]] <- if (any(missing & fill != "[x]")) fill else "[x]"
  }
  header <- unique_headers(meta$columns$label)
  # Bold headers are a little wider than the body text.
  widths <- pmin(pmax(widths, nchar(header, type = "width") * 1.1, 8) + 2, 60)
  # Cell text as Excel writes it (R/xml_text.R), measured after escaping
  # against the limits libxlsxwriter checks; the links' text is sheet
  # names, which hold nothing to escape.
  header <- escape_cell_text(header)
  check_header_length(header, name, names(x))
  for (k in seq_along(columns)) {
    if (is.character(columns[[k]]) && k - 1L != link_column) {
      columns[[k]] <- per_distinct(columns[[k]], escape_cell_text)
    }
  }
  check_text_length(columns, name)

  if (nrow + 10L > 1048576L) {
    abort("Table \"", name, "\" has ", format(nrow, big.mark = ","),
          " rows; a sheet holds at most 1,048,576 with its header and ",
          "titles.")
  }

  title <- description
  if (length(note_refs) > 0L) {
    title <- paste(title, paste(note_refs, collapse = " "))
  }
  pre <- c(title, if (is.null(intro)) {
    paste0("This worksheet contains one table.",
           if (length(note_refs) > 0L)
             paste0(" Notes ", paste(note_refs, collapse = ", "),
                    " are on the Notes sheet."))
  } else intro)
  used_shorthand <- unique(used_shorthand)
  key <- c(`[x]` = "[x] = not available", `[z]` = "[z] = not applicable",
           `[c]` = "[c] = confidential")
  if (length(used_shorthand) > 0L) {
    pre <- c(pre, paste("Shorthand in this table:",
                        paste(key[intersect(names(key), used_shorthand)],
                              collapse = "; ")))
  }
  source <- meta$source
  if (!is.null(source)) pre <- c(pre, paste0("Source: ", source))
  if (!table_object) {
    pre <- c(pre, paste("The table starts at the next row, with its header.",
                        "It is not an Excel table object: the workbook was",
                        "too large to build in memory (see the cover",
                        "sheet)."))
  }
  pre_format <- c(f_title, rep(f_text, length(pre) - 1L))

  list(name = name, pre = escape_cell_text(enc2utf8(pre)),
       pre_format = as.integer(pre_format),
       header = enc2utf8(header),
       header_formats = as.integer(header_formats),
       columns = columns, formats = lapply(col_formats, as.integer),
       bold_formats = as.integer(bold_formats),
       bold_rows = as.integer(which(totals) - 1L),
       na_text = lapply(na_text, enc2utf8), widths = as.double(widths),
       link_column = as.integer(link_column),
       table_name = if (table_object) table_object_name(name))
}

# Excel's serial numbers of dates, in its 1900 date system: day 1 is
# 1900-01-01, and day 60 the 1900-02-29 that never was (kept from Lotus
# 1-2-3), so dates from 1900-03-01 on are days since 1899-12-30 and earlier
# ones days since 1899-12-31. Excel has no dates before 1900 or after 9999.
excel_date_serial <- function(value, table, column) {
  days <- as.double(unclass(value))
  first <- -25567                        # 1900-01-01
  last <- 2932896                        # 9999-12-31
  bad <- !is.na(days) & (days < first | days > last)
  if (any(bad)) {
    abort("Table \"", table, "\" has dates Excel cannot hold in column `",
          column, "`: ", show_values(format(value[bad])), ". Excel's dates ",
          "run from 1900-01-01 to 9999-12-31.")
  }
  days + 25569 - (!is.na(days) & days < -25508)   # before 1900-03-01
}

# Text cells: markers in a coloured font and RAG ratings on a coloured fill,
# both beside the text that carries the meaning; totals bold. The format of
# each kind of cell is added once and the cells take theirs by one match().
text_formats <- function(text, role, totals, formats, link, link_format) {
  if (link) return(as.integer(link_format))
  if (!role %in% c("marker", "rag")) {
    if (!any(totals)) return(formats$add())
    return(ifelse(totals, formats$add(bold = TRUE), formats$add()))
  }
  key <- tolower(trimws(text))
  colour <- if (role == "rag") {
    c(red = colours[["red_fill"]], amber = colours[["amber_fill"]],
      green = colours[["green_fill"]])[key]
  } else {
    stats::setNames(c(colours[["green"]], colours[["red"]]),
                    c("\u2713", "\u2717"))[key]
  }
  colour <- unname(colour)
  add <- function(colour, bold) {
    if (role == "rag") formats$add(bg_color = colour, bold = bold)
    else formats$add(font_color = colour, bold = bold)
  }
  formats_by_kind(list(colour, totals), add)
}

# The formats of number cells of a table with a measure per row: the
# measure's number format (the column's where it has none), bold on totals.
measure_formats <- function(measures, value, role, num_format, totals,
                            formats) {
  fmt <- rep(num_format, length(measures))
  for (m in unique(measures[!is.na(measures)])) {
    rows <- which(measures == m)
    cell_role <- measure_role(m, role)
    fmt[rows] <- if (cell_role == "change") {
      v <- value[rows]
      whole <- is.na(v) | v == round(v)
      ifelse(whole, role_number_format("change", 1),
             role_number_format("change", 0.5))
    } else {
      role_number_format(cell_role)
    }
  }
  formats_by_kind(list(fmt, totals), function(fmt, bold) {
    formats$add(fmt, bold = bold, align_right = TRUE)
  })
}

# Cells of few kinds (the columns of `kinds`, in parallel): each kind's
# format added once by add(), which takes one value of each column, and
# every cell given its kind's format by one match() per column.
formats_by_kind <- function(kinds, add) {
  kind <- 0
  for (column in kinds) {
    levels <- unique(column)
    kind <- kind * length(levels) + match(column, levels) - 1
  }
  first <- which(!duplicated(kind))
  ids <- vapply(first, function(i) {
    do.call(add, lapply(kinds, `[[`, i))
  }, integer(1))
  ids[match(kind, kind[first])]
}

number_width <- function(value, role) {
  finite <- value[!is.na(value)]
  if (length(finite) == 0L) return(5)
  biggest <- max(abs(finite))
  digits <- if (biggest >= 1) floor(log10(biggest)) + 1 else 1
  switch(role,
         proportion = max(digits + 2, 3) + 3,
         count = digits + (digits - 1) %/% 3 + 1,
         digits + (digits - 1) %/% 3 + 3)
}

text_width <- function(text) {
  known <- text[!is.na(text)]
  if (length(known) == 0L) return(5)
  max(nchar(known, type = "width", allowNA = TRUE), na.rm = TRUE)
}

check_text_length <- function(columns, name) {
  for (column in columns) {
    if (is.character(column)) column <- unique(column)
    if (is.character(column) &&
        any(nchar(column, type = "chars", allowNA = TRUE) > 32767L,
            na.rm = TRUE)) {
      abort("Table \"", name, "\" has text longer than 32,767 characters, ",
            "the most an Excel cell holds.")
    }
  }
}

# An Excel table's header cells hold at most 255 characters.
check_header_length <- function(header, name, columns) {
  long <- nchar(header, type = "chars", allowNA = TRUE) > 255L
  if (any(long, na.rm = TRUE)) {
    k <- which(long)[1L]
    abort("Table \"", name, "\" has a header of ",
          nchar(header[k], type = "chars"), " characters, for column `",
          columns[k], "`; an Excel table header holds at most 255. Give ",
          "the column a shorter label.")
  }
}

# Excel table headers must be unique ignoring case, and not blank.
unique_headers <- function(names) {
  names[is.na(names) | !nzchar(trimws(names))] <- "Column"
  lower <- tolower(names)
  for (k in seq_along(names)) {
    if (k > 1L && lower[k] %in% lower[seq_len(k - 1L)]) {
      i <- 2L
      while (tolower(paste0(names[k], "_", i)) %in% lower) i <- i + 1L
      names[k] <- paste0(names[k], "_", i)
      lower[k] <- tolower(names[k])
    }
  }
  names
}

# Table object names: ASCII letters, digits and underscores, starting with
# "table_" (so with a letter, and never like a cell reference such as A1 or
# R1C1), at most 255 characters.
table_object_name <- function(sheet) {
  paste0("table_", gsub("[^A-Za-z0-9_]", "_", sheet))
}

# Table names share one namespace in a workbook, ignoring case; sheets whose
# names differ only in characters that table names cannot hold ("a-b",
# "a.b", "a b") would get the same one, so repeats are numbered.
unique_table_names <- function(sheets) {
  has <- which(vapply(sheets, function(s) !is.null(s$table_name),
                      logical(1)))
  names <- vapply(sheets[has], `[[`, character(1), "table_name")
  names <- unique_names(names, width = 255L)
  for (i in seq_along(has)) sheets[[has[i]]]$table_name <- names[i]
  sheets
}

chart_sheet <- function(x, chart, data_sheet, name, description, f_title,
                        f_text) {
  meta <- table_meta(x)
  roles <- column_role(meta)
  totals <- is_total_row(meta)
  rows <- which(!totals)
  if (length(rows) == 0L || any(diff(rows) != 1L)) {
    abort("The chart of table \"", data_sheet$name, "\" needs its rows ",
          "other than totals to be together.")
  }
  header_row <- length(data_sheet$pre) + 1L       # 1-based
  first <- header_row + rows[1L]
  last <- header_row + rows[length(rows)]
  ref <- function(column) {
    letter <- excel_column(match(column, names(x)))
    sprintf("='%s'!$%s$%d:$%s$%d", data_sheet$name, letter, first, letter,
            last)
  }
  title <- if (is.null(chart$title)) description else chart$title
  # Alt text written from the data leaves out what XML cannot hold (a
  # category's control character, escaped in its cell); a user's is checked.
  alt <- if (is.null(chart$alt_text)) {
    drop_xml_forbidden(chart_alt_text(x, chart))
  } else {
    chart$alt_text
  }
  plotted <- c(chart$y, chart$lines)
  if (length(chart$lines) > 0L) {
    # Lines join the rows in the table's order.
    along <- x[[chart$x]][rows]
    along <- along[!is.na(along)]
    if (is.unsorted(along)) {
      abort("The chart of table \"", data_sheet$name, "\" draws lines ",
            "along `", chart$x, "`, so its rows must be sorted by it ",
            "(dplyr::arrange() or order() before writing).")
    }
  }
  proportions <- all(roles[plotted] == "proportion")
  series_names <- enc2utf8(meta$columns$label[match(plotted, names(x))])
  labels <- stats::setNames(meta$columns$label, names(x))
  x_title <- chart$x_title
  y_title <- chart$y_title
  if (chart$type == "scatter") {
    if (is.null(x_title)) x_title <- labels[[chart$x]]
    if (is.null(y_title)) y_title <- join_words(labels[chart$y])
  }
  # A chart's texts have no escape for what XML forbids (R/xml_text.R).
  where <- paste0("The chart of table \"", data_sheet$name, "\"")
  check_xml_chars(title, paste0(where, ", its title"),
                  place = paste("a chart title (the table's title, unless",
                                "the chart has one)"))
  check_xml_chars(series_names, where, "series",
                  place = "a series name (the column's label)")
  check_xml_chars(alt, paste0(where, ", its alt text"), place = "alt text")
  check_xml_chars(x_title, paste0(where, ", its `x_title`"),
                  place = "an axis title")
  check_xml_chars(y_title, paste0(where, ", its `y_title`"),
                  place = "an axis title")
  palette <- strtoi(substring(gss_palette, 2L), 16L)
  list(name = name,
       pre = escape_cell_text(enc2utf8(c(title, paste0(
         "This worksheet contains one chart. Its figures are in the table ",
         "on sheet ", data_sheet$name, ".")))),
       pre_format = as.integer(c(f_title, f_text)),
       chart = list(type = chart$type, title = enc2utf8(title),
                    alt_text = enc2utf8(alt),
                    categories = ref(chart$x),
                    values = vapply(plotted, ref, character(1),
                                    USE.NAMES = FALSE),
                    series_names = series_names,
                    x_title = if (!is.null(x_title)) enc2utf8(x_title),
                    y_title = if (!is.null(y_title)) enc2utf8(y_title),
                    num_format = if (proportions) "0%",
                    colours = palette[(seq_along(plotted) - 1L) %%
                                        length(palette) + 1L],
                    as_lines = if (chart$type == "scatter")
                      plotted %in% chart$lines,
                    value_min = if (proportions) 0,
                    value_max = if (proportions) 1,
                    reverse_categories = chart$type == "bar"))
}

# "<sheet>_chart", then "<sheet>_chart_2", ..., the sheet's name cut to fit
# 31 characters, and unlike any name in `taken` (ignoring case).
chart_sheet_name <- function(sheet, taken) {
  taken <- tolower(taken)
  i <- 1L
  repeat {
    suffix <- if (i == 1L) "_chart" else paste0("_chart_", i)
    name <- paste0(substr(sheet, 1L, 31L - nchar(suffix)), suffix)
    if (!tolower(name) %in% taken) return(name)
    i <- i + 1L
  }
}

excel_column <- function(index) {
  letters <- character()
  while (index > 0L) {
    rem <- (index - 1L) %% 26L
    letters <- c(LETTERS[rem + 1L], letters)
    index <- (index - 1L) %/% 26L
  }
  paste(letters, collapse = "")
}
