# Text bound for the XML parts of a workbook. XML 1.0 holds neither bytes
# that are not UTF-8 (lone surrogates included) nor the C0 controls other
# than tab, newline and carriage return, nor U+FFFE and U+FFFF. Text that is
# not UTF-8 is refused, naming where it is; a forbidden character in a cell
# is escaped as Excel escapes it, `_xHHHH_` (with a literal `_xHHHH_` of the
# user's protected by writing its underscore as `_x005F_`), and refused
# where Excel has no escape: sheet names, document properties, charts.
# src/xlsx.c refuses whatever gets past these (a direct .Call) as a
# backstop.

# The characters XML 1.0 forbids, bar the surrogates (not valid UTF-8, so
# refused before this is used) and NUL (R strings cannot hold it). Written
# with \u escapes so that the pattern is UTF-8 and PCRE runs in UTF mode.
xml_forbidden <- "[\u0001-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]"

# `x` (character) as UTF-8, refused if any element is not valid UTF-8.
# `where` says whose text it is ("`title`", "Table \"A\" in `x`, column
# `b`"); `what` says what an element is ("row", "note"), for a message
# naming the first bad one, or NULL for a single string.
check_utf8 <- function(x, where, what = NULL) {
  if (is.null(x)) return(x)
  x <- enc2utf8(as.character(x))
  bad <- !is.na(x) & !validUTF8(x)
  if (any(bad)) {
    k <- which(bad)[1L]
    abort(where, if (!is.null(what)) paste0(", ", what, " ", k),
          " holds text that is not valid UTF-8: \"",
          iconv(x[k], "UTF-8", "UTF-8", sub = "byte"), "\"",
          if (sum(bad) > 1L) paste0(" (and ", sum(bad) - 1L, " more)"),
          ". Convert it to UTF-8 first, with iconv() or enc2utf8() if its ",
          "encoding is known.")
  }
  x
}

# The first character XML forbids in each element of `x`, as "U+0001",
# or NA where there is none.
forbidden_char <- function(x) {
  found <- regexpr(xml_forbidden, x, perl = TRUE)
  out <- rep(NA_character_, length(x))
  hit <- !is.na(found) & found > 0L
  out[hit] <- sprintf("U+%04X", vapply(
    regmatches(x, found), utf8ToInt, integer(1)))
  out
}

# Refuses text that holds a character XML forbids, for the places where
# Excel has no escape for it. The message shows the text with each such
# character as <U+0001>.
check_xml_chars <- function(x, where, what = NULL, place) {
  if (is.null(x)) return(invisible(x))
  char <- forbidden_char(x)
  if (any(!is.na(char))) {
    k <- which(!is.na(char))[1L]
    abort(where, if (!is.null(what)) paste0(", ", what, " ", k), ", \"",
          replace_forbidden(x[k], "<U+%04X>"), "\", holds the character ",
          char[k], ", which ", place, " cannot hold (XML 1.0 has no room ",
          "for control characters other than tab, newline and carriage ",
          "return, or for U+FFFE and U+FFFF). Remove it.")
  }
  invisible(x)
}

# Refuses the noncharacters U+FFFE and U+FFFF in column names and labels:
# R's own text functions (tolower(), nchar()) stop at them, before a header
# could be escaped.
check_noncharacters <- function(x, where, what) {
  bad <- grepl("[\ufffe\uffff]", x, perl = TRUE)
  if (any(bad)) {
    k <- which(bad)[1L]
    abort(where, ", ", what, " ", k, ", \"",
          replace_forbidden(x[k], "<U+%04X>"), "\", holds U+FFFE or ",
          "U+FFFF, which are not characters (Unicode noncharacters) and ",
          "cannot be a header. Remove them.")
  }
  invisible(x)
}

# Cell text as Excel writes it: a literal "_xHHHH_" gets its underscore
# escaped (so that Excel does not read it as an escape), then each
# character XML forbids becomes "_xHHHH_". The lookahead escapes every
# underscore that starts such a sequence, overlapping ones included
# ("_x0041_x0042_"); escaping "_X0041_" too is harmless.
escape_cell_text <- function(x) {
  literal <- grepl("_[xX][[:xdigit:]]{4}_", x, perl = TRUE)
  if (any(literal)) {
    x[literal] <- gsub("_(?=[xX][[:xdigit:]]{4}_)", "_x005F_", x[literal],
                       perl = TRUE)
  }
  replace_forbidden(x, "_x%04X_")
}

# Each character XML forbids in `x` replaced by sprintf(format, its code
# point). Vectorised: the substitutions run only on the strings that hold
# one, one pass per distinct character found.
replace_forbidden <- function(x, format) {
  forbidden <- grepl(xml_forbidden, x, perl = TRUE)
  if (!any(forbidden)) return(x)
  chars <- unique(unlist(lapply(x[forbidden], utf8ToInt)))
  chars <- chars[grepl(xml_forbidden, intToUtf8(chars, multiple = TRUE),
                       perl = TRUE)]
  for (char in chars) {
    x[forbidden] <- gsub(intToUtf8(char), sprintf(format, char),
                         x[forbidden], fixed = TRUE)
  }
  x
}

# Drops the characters XML forbids, for text that only describes the
# workbook (the subject property lists the tables' titles, which the sheets
# themselves hold escaped).
drop_xml_forbidden <- function(x) gsub(xml_forbidden, "", x, perl = TRUE)

# Every piece of text write_report() is given is UTF-8, or the write is
# refused naming it, before anything measures or compares it. The names and
# columns of each table are checked as they come (check_table_text(), from
# as_table_list(), before a plain data frame gets a record made from them),
# the rest here; text with no escape (document properties) holds no
# character XML forbids. Cell text is escaped later, as the layout writes it.
check_report_text <- function(tables, title, source, contact, notes) {
  title <- check_utf8(title, "`title`")
  check_xml_chars(title, "`title`", place = "the document properties")
  source <- check_utf8(source, "`source`")
  contact <- check_utf8(contact, "`contact`")
  check_xml_chars(contact, "`contact`",
                  place = "the document properties (as author)")
  notes <- check_utf8(notes, "`notes`", "note")
  for (k in seq_along(tables)) {
    where <- table_label(names(tables), k)
    # The record as stored: table_meta() would first check that it fits the
    # data, a pass over every row that the writer makes anyway.
    meta <- attr(tables[[k]], "report")
    if (!inherits(meta, "report_meta")) meta <- table_meta(tables[[k]])
    check_utf8(meta$title, paste0(where, ", its title"))
    check_utf8(meta$source, paste0(where, ", its source"))
    check_utf8(meta$notes, where, "note")
    labels <- check_utf8(meta$columns$label, where, "the label of column")
    check_noncharacters(labels, where, "the label of column")
    for (field in c("title", "alt_text", "x_title", "y_title")) {
      check_utf8(meta$chart[[field]],
                 paste0(where, ", its chart's `", field, "`"))
    }
  }
  list(title = title, source = source, contact = contact, notes = notes)
}

# "Table \"Caseload\" in `x`", or "Table 2 in `x`" for an unnamed one.
table_label <- function(given, k) {
  paste0("Table ", if (!is.null(given) && nzchar(given[k]))
    paste0('"', given[k], '"') else k, " in `x`")
}

# The column names and text columns of table `t`, refused if not UTF-8,
# naming the column and the first bad row. A factor's levels are checked,
# those in use.
check_table_text <- function(t, where) {
  columns <- check_utf8(names(t), where, "the name of column")
  check_noncharacters(columns, where, "the name of column")
  for (j in seq_along(t)) {
    value <- t[[j]]
    if (is.factor(value)) {
      levels <- enc2utf8(levels(value))
      bad <- which(!validUTF8(levels))
      if (length(bad) == 0L) next
      rows <- which(as.integer(value) %in% bad)
      if (length(rows) == 0L) next
      check_utf8(levels[as.integer(value)[rows[1L]]],
                 paste0(where, ", column `", columns[j], "`, row ", rows[1L]))
    } else if (is.character(value)) {
      check_utf8(value, paste0(where, ", column `", columns[j], "`"), "row")
    }
  }
  invisible(t)
}
