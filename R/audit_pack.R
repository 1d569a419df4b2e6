# Checks across a committee pack: each table on its own (audit_table()),
# the same quantity in two tables, subtotals whose parts are in another
# table, and the figures quoted in the pack's own text against its cells.
# Label matching goes through a small synonym table (data, replaceable);
# nothing is decided from row positions.

#' Labels that name the same quantity
#'
#' The synonym table [audit_pack()] uses to recognise the same quantity in
#' two tables, and a total in one table whose parts are in another. Each row
#' says that `term` `means` something:
#' * `kind = "row"`: a row label that means another (`All Domestic Abuse`
#'   means `Domestic Crime`);
#' * `kind = "column"`: a column (by name or label) that stands for a
#'   quantity named in `means` (`jan_2017` and `lewisham_2017` both mean
#'   `Lewisham, 12 months to January 2017`). Columns are matched across
#'   tables only through this table: a header such as `Total` says nothing
#'   about which figures a column holds;
#' * `kind = "sum"`: a row that is the sum of others, `means` listing them
#'   joined by `+` (`Total Sexual` means `Rape + Other Sexual`).
#'
#' Labels are compared without case, punctuation or repeated spaces.
#'
#' @param path A CSV file with columns `kind`, `term` and `means`, or
#'   `NULL` for the package's own (`inst/pack/synonyms.csv`).
#' @return A data frame with columns `kind`, `term` and `means`.
#' @seealso [audit_pack()]
#' @examples
#' synonyms <- audit_synonyms()
#' synonyms[synonyms$kind == "sum", ]
#' @export
audit_synonyms <- function(path = NULL) {
  check_string(path, "path", null_ok = TRUE)
  if (is.null(path)) {
    path <- system.file("pack", "synonyms.csv", package = "reoffending",
                        mustWork = TRUE)
  } else if (!file.exists(path)) {
    abort("`path` names no file: ", path, ".", class = "file")
  }
  check_synonyms(utils::read.csv(path, stringsAsFactors = FALSE,
                                 encoding = "UTF-8"))
}

check_synonyms <- function(synonyms) {
  if (!is.data.frame(synonyms) ||
      !all(c("kind", "term", "means") %in% names(synonyms))) {
    abort("`synonyms` must be a data frame with columns `kind`, `term` and ",
          "`means`, as from audit_synonyms().")
  }
  bad <- setdiff(synonyms$kind, c("row", "column", "sum"))
  if (length(bad) > 0L) {
    abort("`synonyms` kinds must be \"row\", \"column\" or \"sum\", not ",
          show_values(bad), ".")
  }
  if (anyNA(synonyms$term) || anyNA(synonyms$means)) {
    abort("`synonyms` must give every `term` and `means`.")
  }
  synonyms
}

#' Check a committee pack across its tables and against its own text
#'
#' Finds the figures of a pack that do not agree with each other:
#' * **within a table**: [audit_table()] on each table, with the changes and
#'   percentages stated for it in [pack_table()];
#' * **the same quantity in two tables**: rows matched by label and columns
#'   matched through [audit_synonyms()], compared value by value. A row
#'   whose values in one table are those of the other swapped between two
#'   columns is one finding, and when the table's own change for the row
#'   already failed, that finding says so instead;
#' * **subtotals across tables**: a row that is the sum of others (`kind =
#'   "sum"` in the synonyms), its parts taken from one table;
#' * **the text**: every number quoted in a paragraph of the pack's text
#'   (see [report_pack()]) is looked for among the cells of the tables of
#'   the same group. A number is matched when a cell holds it (a percentage
#'   at the places quoted) and the cell's row label shares a word with the
#'   paragraph. Then the claims are checked: a row named in the sentence
#'   must be the row whose figure it quotes ("Robbery Total ... 769" where
#'   769 is Robbery (Person)); "from A to B" must go the way the sentence
#'   says (risen, reduced) and "by N" must be its size; "N (P%)" with "of D"
#'   must have `N / D` round to `P`. A percentage that no cell holds, in a
#'   sentence that names a row and a column of a table, is checked against
#'   that cell. Every other number is listed as unchecked, never as passed.
#'
#' @param pack A [report_pack()].
#' @param synonyms The synonym table, as from [audit_synonyms()].
#' @param digits Decimal places of published percentages, for
#'   [audit_table()].
#' @return A list of class `pack_audit`:
#'   * `findings`: a data frame, one row per inconsistency: `check`
#'     (`"total row"`, `"total column"`, `"percent"`, `"change"`, `"same
#'     quantity"`, `"subtotal"`, `"text"`), `table`, `label` (the row),
#'     `column`, `published`, `expected` (what the other figures say) and
#'     `detail` (a sentence); percentages as proportions;
#'   * `quoted`: a data frame, one row per number quoted in the text:
#'     `paragraph` (row of the pack's text), `group`, `quoted` (as written),
#'     `status` (`"consistent"`, `"inconsistent"` or `"unchecked"`),
#'     `table`, `label`, `column` (the cell it was matched to) and
#'     `detail`;
#'   * `matches`: the quantities found in more than one table (`table`,
#'     `label`, `other_table`, `other_label`, `by`: `"label"` or
#'     `"values"`).
#' @seealso [report_pack()], [audit_table()], [audit_synonyms()],
#'   `vignette("committee-pack")`.
#' @examples
#' pack <- report_pack(list(
#'   title = "Lewisham crime, January 2017",
#'   published = as.Date("2017-03-08"),
#'   tables = list(
#'     VAWG = pack_table(lewisham_vawg, origin = "transcribed",
#'                       change = c(current = "jan_2017",
#'                                  previous = "jan_2016",
#'                                  change = "difference")),
#'     Crime = pack_table(lewisham_crime, origin = "transcribed")),
#'   text = report_texts[report_texts$report == "Lewisham", ]))
#' audit <- audit_pack(pack)
#' audit
#' audit$findings[, c("check", "table", "label", "column", "published",
#'                    "expected")]
#' @export
audit_pack <- function(pack, synonyms = audit_synonyms(), digits = 1) {
  if (!inherits(pack, "report_pack")) {
    abort("`pack` must be made by report_pack(), not ", type_name(pack), ".")
  }
  synonyms <- check_synonyms(synonyms)
  cells <- pack_cells(pack, synonyms)
  within <- audit_within(pack, digits)
  same <- audit_same_quantity(cells, pack)
  within <- fold_swaps(within, same$swaps)
  findings <- rbind(within, same$findings,
                    audit_subtotals(cells, synonyms))
  text <- audit_text(pack, cells, synonyms)
  findings <- rbind(findings, text$findings)
  rownames(findings) <- NULL
  structure(list(findings = findings, quoted = text$quoted,
                 matches = same$matches),
            class = "pack_audit")
}

#' @export
print.pack_audit <- function(x, ...) {
  f <- x$findings
  cat("<pack_audit: ", nrow(f), " inconsistenc",
      if (nrow(f) == 1L) "y" else "ies", "; ",
      sum(x$quoted$status == "consistent"), " quoted figures consistent, ",
      sum(x$quoted$status == "unchecked"), " unchecked>\n", sep = "")
  for (k in seq_len(nrow(f))) {
    cat(k, ". [", f$check[k], "] ", f$detail[k], "\n", sep = "")
  }
  invisible(x)
}

# ---- Labels ---------------------------------------------------------------------

normalise_label <- function(x) {
  x <- tolower(enc2utf8(as.character(x)))
  # "re-offend" is "reoffend"; "2016-2017" stays two years.
  x <- gsub("(?<=[a-z])-(?=[a-z])", "", x, perl = TRUE)
  x <- gsub("[^a-z0-9]+", " ", x)
  trimws(x)
}

# A label through the synonym table (of one kind), normalised.
canonical <- function(x, synonyms, kind) {
  rows <- synonyms[synonyms$kind == kind, , drop = FALSE]
  key <- normalise_label(x)
  at <- match(key, normalise_label(rows$term))
  key[!is.na(at)] <- normalise_label(rows$means[at[!is.na(at)]])
  key
}

stop_words <- c("a", "an", "the", "of", "and", "or", "in", "on", "to", "for",
                "is", "as", "at", "by", "with", "not", "who", "which", "per",
                "number", "total", "all", "from", "this", "that")

# The words of a text, cut to six letters so that "completed" meets
# "completions" and "reoffend" meets "reoffending".
label_words <- function(x) {
  words <- strsplit(normalise_label(x), " ", fixed = TRUE)
  lapply(words, function(w) {
    w <- w[nzchar(w) & !w %in% stop_words]
    unique(substr(w, 1L, 6L))
  })
}

# ---- The cells of a pack ---------------------------------------------------------

# One row per numeric cell of every table: where it is, what kind of figure
# it holds ("count" or "percent"), and its row and column as the synonym
# table names them.
pack_cells <- function(pack, synonyms) {
  out <- list()
  for (name in names(pack$tables)) {
    x <- pack$tables[[name]]
    meta <- table_meta(x)
    n <- nrow(x)
    if (n == 0L) next
    labels <- if (length(meta$keys) == 0L) paste("row", seq_len(n)) else
      row_label(x, meta, seq_len(n))
    cols <- meta$columns
    for (k in which(cols$role %in% numeric_roles)) {
      role <- rep(cols$role[k], n)
      measured <- !is.na(meta$rows$measure)
      if (any(measured) && !cols$role[k] %in% c("change", "pp",
                                                 "pct_change")) {
        role[measured] <- meta$rows$measure[measured]
      }
      kind <- ifelse(role %in% c("proportion", "pct_change"), "percent",
                     ifelse(role == "pp", "points", "count"))
      column_key <- canonical(cols$name[k], synonyms, "column")
      named <- normalise_label(cols$name[k]) %in%
        normalise_label(synonyms$term[synonyms$kind == "column"])
      if (!named) {
        column_key <- canonical(cols$label[k], synonyms, "column")
        named <- normalise_label(cols$label[k]) %in%
          normalise_label(synonyms$term[synonyms$kind == "column"])
      }
      out[[length(out) + 1L]] <- data.frame(
        table = name, group = pack$groups[[name]], row = seq_len(n),
        label = labels, row_key = canonical(labels, synonyms, "row"),
        column = cols$name[k], column_label = cols$label[k],
        column_key = if (named) column_key else NA_character_,
        kind = kind, value = as.double(x[[k]]),
        total = meta$rows$role != "body", stringsAsFactors = FALSE)
    }
  }
  if (length(out) == 0L) {
    return(data.frame(table = character(), group = character(),
                      row = integer(), label = character(),
                      row_key = character(), column = character(),
                      column_label = character(), column_key = character(),
                      kind = character(), value = double(),
                      total = logical(), stringsAsFactors = FALSE))
  }
  do.call(rbind, out)
}

pack_findings <- function(check = character(), table = character(),
                          label = character(), column = character(),
                          published = double(), expected = double(),
                          detail = character()) {
  data.frame(check = check, table = table, label = label, column = column,
             published = as.double(published),
             expected = as.double(expected), detail = detail,
             stringsAsFactors = FALSE)
}

# A figure as a finding quotes it.
show_figure <- function(value, kind) {
  ifelse(is.na(value), "[x]",
         ifelse(kind == "percent",
                paste0(formatC(100 * value, format = "f", digits = 1), "%"),
                format_number(value)))
}

# ---- Within each table ----------------------------------------------------------

audit_within <- function(pack, digits) {
  out <- list(pack_findings())
  for (name in names(pack$tables)) {
    spec <- pack$audit[[name]]
    found <- audit_table(pack$tables[[name]], change = spec$change,
                         percent = spec$percent, digits = digits)
    if (nrow(found) == 0L) next
    kind <- ifelse(found$check %in% c("percent", "change"), "percent",
                   "count")
    out[[length(out) + 1L]] <- pack_findings(
      found$check, name, found$label, found$column, found$published,
      found$recomputed,
      paste0(name, ", ", found$label, ", ", found$column, ": ",
             show_figure(found$published, kind), " published, but its ",
             "own figures give ", show_figure(found$recomputed, kind), " (",
             found$check, ")."))
  }
  do.call(rbind, out)
}

# ---- The same quantity in two tables ---------------------------------------------

audit_same_quantity <- function(cells, pack) {
  usable <- cells[!is.na(cells$column_key) & !is.na(cells$value), ,
                  drop = FALSE]
  usable$quantity <- paste(usable$row_key, usable$column_key, sep = "\r")
  findings <- list(pack_findings())
  swaps <- list()
  matches <- list()
  tables <- unique(usable$table)
  for (i in seq_along(tables)) {
    for (j in seq_along(tables)) {
      if (j <= i) next
      a <- usable[usable$table == tables[i], , drop = FALSE]
      b <- usable[usable$table == tables[j], , drop = FALSE]
      common <- intersect(a$quantity, b$quantity)
      if (length(common) == 0L) next
      a <- a[match(common, a$quantity), , drop = FALSE]
      b <- b[match(common, b$quantity), , drop = FALSE]
      for (key in unique(a$row_key)) {
        ra <- a[a$row_key == key, , drop = FALSE]
        rb <- b[b$row_key == key, , drop = FALSE]
        matches[[length(matches) + 1L]] <- data.frame(
          table = tables[i], label = ra$label[1L], other_table = tables[j],
          other_label = rb$label[1L], by = "label", stringsAsFactors = FALSE)
        differ <- !same_figure(ra$value, rb$value, ra$kind)
        if (!any(differ)) next
        if (sum(differ) >= 2L &&
            isTRUE(all.equal(sort(ra$value[differ]),
                             sort(rb$value[differ])))) {
          swaps[[length(swaps) + 1L]] <- list(a = ra[differ, ],
                                              b = rb[differ, ])
          next
        }
        for (d in which(differ)) {
          findings[[length(findings) + 1L]] <- pack_findings(
            "same quantity", ra$table[d], ra$label[d], ra$column[d],
            ra$value[d], rb$value[d],
            paste0(ra$label[d], " (", ra$column[d], ") is ",
                   show_figure(ra$value[d], ra$kind[d]), " in ", ra$table[d],
                   " but ", rb$label[d], " (", rb$column[d], ") is ",
                   show_figure(rb$value[d], rb$kind[d]), " in ", rb$table[d],
                   ": the same quantity by the synonym table."))
        }
      }
    }
  }
  list(findings = do.call(rbind, findings), swaps = swaps,
       matches = rbind(do.call(rbind, c(list(empty_matches()), matches)),
                       matches_by_values(cells)))
}

empty_matches <- function() {
  data.frame(table = character(), label = character(),
             other_table = character(), other_label = character(),
             by = character(), stringsAsFactors = FALSE)
}

# Rows of two tables with other labels but the same figures in at least two
# columns matched through the synonyms: the same quantity under another
# name. Listed, not judged.
matches_by_values <- function(cells) {
  usable <- cells[!is.na(cells$column_key) & !is.na(cells$value) &
                    cells$kind == "count", , drop = FALSE]
  if (nrow(usable) == 0L) return(empty_matches())
  usable$signature <- paste(usable$column_key, usable$value, sep = "=")
  rows <- split(usable, paste(usable$table, usable$row, sep = "\r"))
  sig <- lapply(rows, function(r) sort(r$signature))
  out <- list(empty_matches())
  keys <- names(rows)
  for (i in seq_along(keys)) {
    for (j in seq_along(keys)) {
      if (j <= i) next
      a <- rows[[i]]
      b <- rows[[j]]
      if (a$table[1L] == b$table[1L] || a$row_key[1L] == b$row_key[1L]) next
      if (length(intersect(sig[[i]], sig[[j]])) >= 2L) {
        out[[length(out) + 1L]] <- data.frame(
          table = a$table[1L], label = a$label[1L], other_table = b$table[1L],
          other_label = b$label[1L], by = "values", stringsAsFactors = FALSE)
      }
    }
  }
  do.call(rbind, out)
}

# Counts must be equal; percentages equal at the places of the less precise
# one (a transcribed 20.2% and a recreated 20.23% agree).
same_figure <- function(a, b, kind) {
  places <- pmin(decimal_places(a), decimal_places(b))
  ifelse(kind == "count", abs(a - b) <= 1e-9 * pmax(1, abs(a)),
         abs(round(a, places) - round(b, places)) <= 1e-9)
}

decimal_places <- function(x) {
  vapply(x, function(v) {
    for (p in 0:8) if (abs(v - round(v, p)) < 1e-10) return(p)
    8L
  }, numeric(1))
}

# A row swapped between two columns of one table is one finding. When that
# table's own change for the row failed, the swap is its explanation, not
# another inconsistency.
fold_swaps <- function(within, swaps) {
  extra <- list(pack_findings())
  for (s in swaps) {
    for (side in list(list(s$a, s$b), list(s$b, s$a))) {
      here <- side[[1L]]
      there <- side[[2L]]
      hit <- which(within$table == here$table[1L] &
                     within$label == here$label[1L] &
                     within$check == "change")
      if (length(hit) > 0L) {
        within$detail[hit] <- paste0(
          within$detail[hit], " Its counts are those of ", there$table[1L],
          " swapped between ", paste(here$column, collapse = " and "), " (",
          paste(show_figure(there$value, there$kind), collapse = " and "),
          " there), from which the published change follows.")
        s <- NULL
        break
      }
    }
    if (is.null(s)) next
    a <- s$a
    b <- s$b
    extra[[length(extra) + 1L]] <- pack_findings(
      "same quantity", a$table[1L], a$label[1L],
      paste(a$column, collapse = ", "), a$value[1L], b$value[1L],
      paste0(a$label[1L], " in ", a$table[1L], " has ",
             paste(show_figure(a$value, a$kind), collapse = " and "),
             " where ", b$table[1L], " has ",
             paste(show_figure(b$value, b$kind), collapse = " and "),
             ": the figures are swapped between ",
             paste(a$column, collapse = " and "), "."))
  }
  rbind(within, do.call(rbind, extra))
}

# ---- Subtotals across tables ----------------------------------------------------

audit_subtotals <- function(cells, synonyms) {
  sums <- synonyms[synonyms$kind == "sum", , drop = FALSE]
  usable <- cells[!is.na(cells$column_key) & !is.na(cells$value), ,
                  drop = FALSE]
  out <- list(pack_findings())
  for (s in seq_len(nrow(sums))) {
    total_key <- canonical(sums$term[s], synonyms, "row")
    part_keys <- canonical(trimws(strsplit(sums$means[s], "+",
                                           fixed = TRUE)[[1L]]),
                           synonyms, "row")
    totals <- usable[usable$row_key == total_key, , drop = FALSE]
    for (parts_table in unique(usable$table)) {
      parts <- usable[usable$table == parts_table &
                        usable$row_key %in% part_keys, , drop = FALSE]
      if (!all(part_keys %in% parts$row_key)) next
      for (k in seq_len(nrow(totals))) {
        t <- totals[k, ]
        p <- parts[parts$column_key == t$column_key, , drop = FALSE]
        if (!all(part_keys %in% p$row_key) || t$kind != "count") next
        expected <- sum(p$value[match(part_keys, p$row_key)])
        if (abs(expected - t$value) <= 1e-9 * max(1, expected)) next
        out[[length(out) + 1L]] <- pack_findings(
          "subtotal", t$table, t$label, t$column, t$value, expected,
          paste0(t$label, " (", t$column, ") is ", show_figure(t$value,
                                                                "count"),
                 " in ", t$table, " but ",
                 paste(p$label[match(part_keys, p$row_key)], collapse = " + "),
                 " in ", parts_table, " make ",
                 show_figure(expected, "count"), "."))
      }
    }
  }
  do.call(rbind, out)
}
