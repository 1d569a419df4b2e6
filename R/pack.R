# A committee pack: the tables, charts, generated statements and text of
# one report, built from a specification that is rerun on next quarter's
# extract, audited across its parts and written as a workbook, an HTML page
# and a Word document that carry the same figures.

#' A committee pack from a specification
#'
#' A pack is what a borough report gives its committee: tables (each with
#' its own title, source and notes), charts, statements generated from the
#' comparisons, and paragraphs of text. `report_pack()` builds one from a
#' specification written once, so that next quarter's pack is the same call
#' on the new extract: a list, or a function of the extract returning the
#' list.
#'
#' The specification has the fields:
#' * `title` (required) and `published` (required: the publication date of
#'   the pack, a `Date` or `"YYYY-MM-DD"`; it is the date on the cover of
#'   every output, never today's date);
#' * `source`, `contact`: for the cover sheet;
#' * `tables`: a named list of tables in the order published, each a
#'   [report_table()] or a [pack_table()] saying where its figures come from
#'   (`origin`), its group (the report or section it belongs to) and the
#'   changes and percentages [audit_pack()] should check within it;
#' * `charts`: a list of [pack_chart()]s (or of functions or `ggplot`
#'   objects);
#' * `statements`: the sentences from [state_comparison()] and
#'   [state_change()] (one data frame, or a list of them), each linked to
#'   the table it quotes by the table's name in `tables`;
#' * `text`: paragraphs, a character vector or a data frame with a column
#'   `text` and optionally `group` (or `report`, as in [report_texts]),
#'   `section` and `source`;
#' * `group`: the group of tables and text that do not give one.
#'
#' A table whose `origin` is `"recreated"` (computed from offender-level
#' records) carries a note saying so; one `"transcribed"` from a published
#' report, a note naming that; `"computed"` ones (from published figures, as
#' a comparison with targets) carry neither.
#'
#' @param spec The specification: a list, or a function whose first
#'   argument takes `data` and which returns the list.
#' @param data The extract passed to `spec` when it is a function.
#' @param x A `report_pack`, for `print()`.
#' @param ... Not used.
#' @return A list of class `report_pack`: `title`, `published`, `source`,
#'   `contact`, `tables` (named list of report tables, their notes saying
#'   how they were made), `origin` and `groups` (named character vectors,
#'   one per table), `audit` (the checks stated per table), `charts`,
#'   `statements` (a data frame, see [state_comparison()]) and `text` (a
#'   data frame: `group`, `section`, `source`, `text`).
#' @seealso [pack_table()], [audit_pack()], [write_pack()],
#'   `vignette("committee-pack")`.
#' @examples
#' spec <- function(extract) {
#'   extract$cohort <- assign_cohort(extract$age, extract$sex, extract$mhld)
#'   list(
#'     title = "Lewisham offender management",
#'     published = as.Date("2017-03-08"),
#'     source = "London CRC case records",
#'     tables = list(
#'       Caseload = pack_table(cohort_table(extract, cohort, status),
#'                             origin = "recreated", group = "Lewisham"),
#'       Crime = pack_table(lewisham_crime, origin = "transcribed",
#'                          group = "Lewisham")),
#'     statements = state_change(760, 769, "Robbery (Person)",
#'                               table = "Crime", row = 7,
#'                               columns = c("lewisham_2017",
#'                                           "lewisham_2016")))
#' }
#' pack <- report_pack(spec, lewisham_offenders)
#' pack
#' @export
report_pack <- function(spec, data = NULL) {
  if (is.function(spec)) {
    spec <- spec(data)
  } else if (!is.null(data)) {
    abort("`data` is only used when `spec` is a function of the extract.")
  }
  if (!is.list(spec) || is.null(names(spec))) {
    abort("`spec` must be a named list (title, published, tables, ...) or ",
          "a function returning one, not ", type_name(spec), ".")
  }
  known <- c("title", "published", "source", "contact", "tables", "charts",
             "statements", "text", "group")
  unknown <- setdiff(names(spec), known)
  if (length(unknown) > 0L) {
    abort("`spec` has fields ", show_values(unknown), " that a pack does ",
          "not have; it may have ", show_values(known, most = 9L), ".")
  }
  if (is.null(spec$title)) abort("`spec` must give a `title`.")
  check_string(spec$title, "spec$title")
  if (is.null(spec$published)) {
    abort("`spec` must give `published`, the publication date of the pack ",
          "(it goes on the cover, not today's date).")
  }
  published <- as_date_arg(spec$published, "spec$published")
  if (length(published) != 1L || is.na(published)) {
    abort("`spec$published` must be a single date.")
  }
  check_string(spec$source, "spec$source", null_ok = TRUE)
  check_string(spec$contact, "spec$contact", null_ok = TRUE)
  check_string(spec$group, "spec$group", null_ok = TRUE)
  default_group <- if (is.null(spec$group)) NA_character_ else spec$group

  tables <- pack_tables(spec$tables, default_group)
  statements <- pack_statement_frame(spec$statements, names(tables$tables))
  structure(list(
    title = spec$title, published = published, source = spec$source,
    contact = spec$contact, tables = tables$tables, origin = tables$origin,
    groups = tables$groups, audit = tables$audit,
    charts = pack_charts(spec$charts, default_group),
    statements = statements,
    text = pack_text(spec$text, default_group)),
    class = "report_pack")
}

#' A table of a committee pack
#'
#' Says where a pack's table comes from and what [audit_pack()] should
#' check within it.
#'
#' @param x A [report_table()] (or a data frame, made one).
#' @param origin `"recreated"` (computed from offender-level records),
#'   `"transcribed"` (published figures, typed in) or `"computed"` (worked
#'   out from published figures, as a comparison with targets).
#' @param group The report or section the table belongs to (its text is
#'   checked against it), or `NULL` for the pack's.
#' @param change,percent The changes and percentages within the table that
#'   [audit_table()] should recompute, as its arguments.
#' @return A `pack_table`: a list with `table`, `origin`, `group` and
#'   `audit`.
#' @seealso [report_pack()]
#' @examples
#' pack_table(lewisham_vawg, origin = "transcribed", group = "Lewisham",
#'            change = c(current = "jan_2017", previous = "jan_2016",
#'                       change = "difference"))$origin
#' @export
pack_table <- function(x, origin = c("recreated", "transcribed", "computed"),
                       group = NULL, change = NULL, percent = NULL) {
  check_data_frame(x, "x")
  if (missing(origin)) {
    abort("`origin` must say where the table's figures come from: ",
          "\"recreated\", \"transcribed\" or \"computed\".")
  }
  origin <- check_choice(origin, c("recreated", "transcribed", "computed"),
                         "origin")
  check_string(group, "group", null_ok = TRUE)
  if (!is_report_table(x)) x <- suppressMessages(report_table(x))
  # Checked now, so that a wrong column is an error where it is stated.
  audit_specs(change, c("current", "previous", "change"), x, "change")
  audit_specs(percent, c("count", "denominator", "percent"), x, "percent")
  structure(list(table = x, origin = origin,
                 group = if (is.null(group)) NA_character_ else group,
                 audit = list(change = change, percent = percent)),
            class = "pack_table")
}

#' A chart of a committee pack
#'
#' @param plot A `ggplot` object, or a function of no arguments returning
#'   one (drawn only when ggplot2 is installed).
#' @param title The chart's title, a string.
#' @param alt_text Alternative text for screen readers: what the chart
#'   shows, a string.
#' @param group The report or section it belongs to, or `NULL` for the
#'   pack's.
#' @return A `pack_chart`: a list with the arguments.
#' @seealso [report_pack()]
#' @examples
#' chart <- pack_chart(function() {
#'   ggplot2::ggplot(as.data.frame(barnet_needs),
#'                   ggplot2::aes(Barnet, need)) + ggplot2::geom_col()
#' }, title = "Criminogenic needs, Barnet",
#' alt_text = "Bars of the share of offenders with each need, Barnet.")
#' chart$title
#' @export
pack_chart <- function(plot, title, alt_text, group = NULL) {
  if (!is.function(plot) && !inherits(plot, "ggplot")) {
    abort("`plot` must be a ggplot or a function returning one, not ",
          type_name(plot), ".")
  }
  check_string(title, "title")
  check_string(alt_text, "alt_text")
  check_string(group, "group", null_ok = TRUE)
  structure(list(plot = plot, title = title, alt_text = alt_text,
                 group = if (is.null(group)) NA_character_ else group),
            class = "pack_chart")
}

origin_notes <- c(
  recreated = "Recreated from offender-level records by the R package reoffending.",
  transcribed = "Transcribed from the published report; figures as published."
)

pack_tables <- function(tables, default_group) {
  if (is.null(tables) || length(tables) == 0L) {
    abort("`spec$tables` must be a named list of at least one table.")
  }
  if (!is.list(tables) || is.data.frame(tables) || is.null(names(tables)) ||
      anyNA(names(tables)) || any(!nzchar(names(tables))) ||
      anyDuplicated(names(tables))) {
    abort("`spec$tables` must be a list of tables with unique, non-empty ",
          "names.")
  }
  out <- list(tables = list(), origin = character(), groups = character(),
              audit = list())
  for (name in names(tables)) {
    entry <- tables[[name]]
    if (!inherits(entry, "pack_table")) {
      if (!is.data.frame(entry)) {
        abort("`spec$tables$", name, "` must be a report_table or a ",
              "pack_table(), not ", type_name(entry), ".")
      }
      entry <- pack_table(entry, origin = "computed")
    }
    x <- entry$table
    note <- origin_notes[entry$origin]
    if (!is.na(note)) {
      meta <- table_meta(x)
      if (!note %in% meta$notes) {
        x <- report_table(x, notes = c(meta$notes, unname(note)))
      }
    }
    out$tables[[name]] <- x
    out$origin[[name]] <- entry$origin
    out$groups[[name]] <- if (is.na(entry$group)) default_group else
      entry$group
    out$audit[[name]] <- entry$audit
  }
  out
}

pack_charts <- function(charts, default_group) {
  if (is.null(charts)) return(list())
  if (inherits(charts, "pack_chart") || inherits(charts, "ggplot")) {
    charts <- list(charts)
  }
  if (!is.list(charts)) {
    abort("`spec$charts` must be a list of pack_chart()s.")
  }
  lapply(seq_along(charts), function(k) {
    chart <- charts[[k]]
    if (!inherits(chart, "pack_chart")) {
      title <- names(charts)[k]
      if (is.null(title) || !nzchar(title)) title <- paste("Chart", k)
      chart <- pack_chart(chart, title = title, alt_text = title)
    }
    if (is.na(chart$group)) chart$group <- default_group
    chart
  })
}

pack_statement_frame <- function(statements, table_names) {
  if (is.null(statements)) {
    return(new_statements(statement_rows(character(), character(),
                                         integer(), character(),
                                         character(), character())))
  }
  if (is.data.frame(statements)) statements <- list(statements)
  if (!is.list(statements)) {
    abort("`spec$statements` must be statements from state_comparison() ",
          "or state_change(), or a list of them.")
  }
  fields <- c("text", "table", "row", "label", "columns", "verdict")
  for (s in statements) {
    if (!is.data.frame(s) || !all(fields %in% names(s))) {
      abort("`spec$statements` must be made by state_comparison() or ",
            "state_change().")
    }
  }
  out <- do.call(rbind, lapply(statements, function(s) {
    as.data.frame(s, stringsAsFactors = FALSE)[fields]
  }))
  unknown <- setdiff(stats::na.omit(out$table), table_names)
  if (length(unknown) > 0L) {
    abort("`spec$statements` link to tables the pack does not have: ",
          show_values(unknown), ".")
  }
  new_statements(out)
}

pack_text <- function(text, default_group) {
  empty <- data.frame(group = character(), section = character(),
                      source = character(), text = character(),
                      stringsAsFactors = FALSE)
  if (is.null(text)) return(empty)
  if (is.character(text)) text <- data.frame(text = text,
                                             stringsAsFactors = FALSE)
  if (!is.data.frame(text) || !"text" %in% names(text) ||
      !is.character(text$text) || anyNA(text$text)) {
    abort("`spec$text` must be paragraphs: text, or a data frame with a ",
          "column `text`.")
  }
  n <- nrow(text)
  column <- function(name, fallback) {
    if (name %in% names(text)) as.character(text[[name]]) else
      rep(fallback, n)
  }
  group <- if ("group" %in% names(text)) column("group", NA) else
    column("report", default_group)
  data.frame(group = group, section = column("section", NA_character_),
             source = column("source", NA_character_), text = text$text,
             stringsAsFactors = FALSE)
}

#' @rdname report_pack
#' @export
print.report_pack <- function(x, ...) {
  cat("<report_pack> ", x$title, "\n", sep = "")
  cat("Published ", format(x$published, "%d %B %Y"), "; ", length(x$tables),
      " table", if (length(x$tables) != 1L) "s", ", ", length(x$charts),
      " chart", if (length(x$charts) != 1L) "s", ", ", nrow(x$statements),
      " statement", if (nrow(x$statements) != 1L) "s", ", ", nrow(x$text),
      " paragraph", if (nrow(x$text) != 1L) "s", "\n", sep = "")
  for (name in names(x$tables)) {
    meta <- table_meta(x$tables[[name]])
    group <- x$groups[[name]]
    cat("- ", name, if (!is.na(group)) paste0(" [", group, "]"), " (",
        x$origin[[name]], "): ", if (is.null(meta$title)) "untitled" else
          meta$title, "\n", sep = "")
  }
  invisible(x)
}
