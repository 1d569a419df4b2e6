# Sentences generated from comparisons, in the words publishers use. The
# words are data (statement_lexicon()); every sentence keeps a link to the
# cells it came from, so that a pack can be audited and a reader can find
# the figure a sentence quotes.

#' The words of generated statements
#'
#' The direction words, comparisons and target phrases that
#' [state_comparison()] and [state_change()] put into sentences, as a data
#' frame that an authority can replace with its own house style: pass a
#' changed copy as `lexicon`.
#'
#' Keys (each used once):
#' * `rose`, `fell`, `unchanged`: verbs of a change ("fell from 22.1% to
#'   20.2%"); `rise`, `fall`: nouns of its size ("a fall of 1.9 percentage
#'   points"); `points`: the unit of a change between two percentages;
#' * `significant`, `not_significant`: followed by the confidence level
#'   ("not a significant change at 95%");
#' * `above`, `below`, `level`: against a benchmark ("below the London
#'   average of 23.5%");
#' * `met`, `missed`: a full-period target ("met the target of 34 starts
#'   (34)"); `on_track`, `behind`, `against`: a part-period target ("on
#'   track for completions: 17 against a pro-rata 8.5");
#' * `better`, `worse`, `similar`: the verdict by polarity, kept in the
#'   `verdict` column of the statements.
#'
#' @param path A CSV file with columns `key`, `text` and `meaning`, or
#'   `NULL` for the package's own (`inst/pack/lexicon.csv`).
#' @return A data frame with columns `key`, `text` and `meaning`, one row
#'   per key.
#' @seealso [state_comparison()]
#' @examples
#' lexicon <- statement_lexicon()
#' lexicon
#' # A house style that says "decreased" rather than "fell"
#' lexicon$text[lexicon$key == "fell"] <- "decreased"
#' state_change(0.202, 0.221, "The proportion who reoffend",
#'              role = "proportion", lexicon = lexicon)$text
#' @export
statement_lexicon <- function(path = NULL) {
  check_string(path, "path", null_ok = TRUE)
  if (is.null(path)) {
    path <- system.file("pack", "lexicon.csv", package = "reoffending",
                        mustWork = TRUE)
  } else if (!file.exists(path)) {
    abort("`path` names no file: ", path, ".", class = "file")
  }
  lexicon <- utils::read.csv(path, stringsAsFactors = FALSE,
                             encoding = "UTF-8")
  check_lexicon(lexicon)
}

lexicon_keys <- c("rose", "fell", "unchanged", "rise", "fall", "points",
                  "above", "below", "level", "significant",
                  "not_significant", "met", "missed", "on_track", "behind",
                  "against", "better", "worse", "similar")

check_lexicon <- function(lexicon) {
  if (!is.data.frame(lexicon) || !all(c("key", "text") %in% names(lexicon))) {
    abort("`lexicon` must be a data frame with columns `key` and `text`, ",
          "as from statement_lexicon().")
  }
  absent <- setdiff(lexicon_keys, lexicon$key)
  if (length(absent) > 0L) {
    abort("`lexicon` has no words for ", show_values(absent), ".")
  }
  if (anyDuplicated(lexicon$key)) {
    abort("`lexicon` gives words for ",
          show_values(unique(lexicon$key[duplicated(lexicon$key)])),
          " more than once.")
  }
  if (!is.character(lexicon$text) || anyNA(lexicon$text)) {
    abort("`lexicon` must give text for every key.")
  }
  lexicon
}

# The words of one key.
word <- function(lexicon, key) lexicon$text[match(key, lexicon$key)]

#' Statements from comparisons
#'
#' `state_comparison()` writes the sentences a committee report makes from a
#' comparison table, each with a link to the cells it quotes;
#' `state_change()` writes one from two values, as [pct_change()] compares
#' them.
#'
#' * From [compare_cohorts()]: one sentence per measure ("The proportion of
#'   offenders who reoffend fell from 22.1% to 20.2%, a fall of 1.9
#'   percentage points; not a significant change at 95%.") and, with a
#'   benchmark, one against it ("... 20.2%, below the London average of
#'   23.5%.").
#' * From [compare_to_target()]: one per row: at the end of the period
#'   "met the target of 34 starts (34)" or "missed ...", part way through
#'   "on track for completions: 17 against a pro-rata 8.5" or "behind the
#'   pro-rata target for starts: 12 against a pro-rata 14". Met, missed and
#'   on track follow the table, so polarity is respected.
#' * From [compare_to_benchmark()]: with proportions, "... 100.0% (95 of
#'   95), above the benchmark of 10.5%"; with two periods, the change of
#'   the count ("Total Crimes rose from 24,556 to 24,635, a rise of 0.3%").
#'
#' The `verdict` of each statement is `"better"`, `"worse"` or `"similar"`
#' (words of the lexicon) by the polarity of the comparison, or `NA` where
#' it has none (a count of offenders).
#'
#' @param x A table from [compare_cohorts()], [compare_to_target()] or
#'   [compare_to_benchmark()].
#' @param table The name the table has in the pack (the link of each
#'   statement), a string.
#' @param rows The rows of `x` to make statements of (numbers), or `NULL`
#'   for all.
#' @param subject For each row, the subject of its sentence; by default the
#'   row's label (the measure, or the `indicator`).
#' @param what For target tables, what is counted, per row or for all
#'   ("starts"); by default nothing.
#' @param benchmark How to call the benchmark ("the London average"); by
#'   default its column label, or "the benchmark".
#' @param percent For target tables, whether the results and targets are
#'   proportions, written as percentages.
#' @param polarity For [state_change()] and two-period benchmarks, which
#'   way is better: `"higher"` or `"lower"`, or `NA` for no verdict.
#' @param lexicon The words, as from [statement_lexicon()].
#' @param current,previous For `state_change()`: the later and the earlier
#'   value, single numbers (proportions for `role = "proportion"`).
#' @param role For `state_change()`: `"count"`, `"proportion"` or `"rate"`,
#'   how the values are written.
#' @param significant For `state_change()`: `NULL`, or whether the change is
#'   significant at `conf_level`.
#' @param conf_level The confidence level named in the sentence.
#' @param row,columns For `state_change()`: the row (number) and columns of
#'   the cells quoted, for the link; `NA` for none.
#' @return A data frame of class `pack_statements`, one row per sentence:
#'   `text`, `table`, `row` (row number in the table), `label` (the row's
#'   label), `columns` (the names of the columns quoted, separated by
#'   commas) and `verdict`.
#' @seealso [statement_lexicon()], [report_pack()], [audit_pack()]
#' @examples
#' barnet <- compare_cohorts(
#'   c(offenders = 4262, reoffenders = 862, reoffences = 2570),
#'   c(offenders = 4588, reoffenders = 1016, reoffences = 2970),
#'   benchmark = 0.235,
#'   labels = c("Barnet 2015", "Barnet 2014", "London average"))
#' state_comparison(barnet, "Barnet_reoffending",
#'                  benchmark = "the London average")$text
#'
#' targets <- with(havering_treatment, compare_to_target(
#'   stats::setNames(result, paste(requirement, period)), target,
#'   elapsed = elapsed))
#' state_comparison(targets, "Havering_targets",
#'                  what = tolower(havering_treatment$measure))$text
#'
#' state_change(760, 769, "Robbery (Person)")$text
#' @export
state_comparison <- function(x, table, rows = NULL, subject = NULL,
                             what = NULL, benchmark = NULL, percent = FALSE,
                             polarity = "lower",
                             lexicon = statement_lexicon()) {
  if (!is_report_table(x)) {
    abort("`x` must be a table from compare_cohorts(), compare_to_target() ",
          "or compare_to_benchmark(), not ", type_name(x), ".")
  }
  check_string(table, "table")
  check_string(benchmark, "benchmark", null_ok = TRUE)
  check_flag(percent, "percent")
  lexicon <- check_lexicon(lexicon)
  meta <- table_meta(x)
  labels <- if (length(meta$keys) == 0L) as.character(seq_len(nrow(x))) else
    row_label(x, meta, seq_len(nrow(x)))
  if (is.null(subject)) subject <- labels
  if (!is.character(subject) || !length(subject) %in% c(1L, nrow(x)) ||
      anyNA(subject)) {
    abort("`subject` must be text, one per row of `x` (", nrow(x), ").")
  }
  subject <- rep_len(subject, nrow(x))
  kind <- comparison_kind(x)
  out <- switch(
    kind,
    cohorts = state_cohorts(x, meta, table, subject, labels, benchmark,
                            lexicon),
    targets = state_targets(x, table, subject, labels, what, percent,
                            lexicon),
    proportions = state_proportions(x, table, subject, labels, benchmark,
                                    lexicon),
    periods = state_periods(x, table, subject, labels, polarity, lexicon))
  if (!is.null(rows)) {
    if (!is.numeric(rows) || anyNA(rows) || any(rows < 1 | rows > nrow(x) |
                                                 rows != round(rows))) {
      abort("`rows` must be row numbers of `x`, from 1 to ", nrow(x), ".")
    }
    out <- out[out$row %in% rows, , drop = FALSE]
  }
  new_statements(out)
}

# Which builder made the table, from the columns each builder always gives.
comparison_kind <- function(x) {
  has <- function(columns) all(columns %in% names(x))
  if (has(c("measure", "Change", "Significant change")) && nrow(x) == 5L) {
    return("cohorts")
  }
  if (has(c("actual", "target", "expected", "met", "on_track"))) {
    return("targets")
  }
  if (has(c("count", "n", "proportion", "benchmark", "comparison"))) {
    return("proportions")
  }
  if (has(c("count", "count_previous", "benchmark", "benchmark_previous",
            "comparison"))) {
    return("periods")
  }
  abort("`x` must be a table from compare_cohorts(), compare_to_target() ",
        "or compare_to_benchmark(); its columns are ",
        show_values(names(x)), ".")
}

#' @rdname state_comparison
#' @export
state_change <- function(current, previous, subject, role = "count",
                         significant = NULL, conf_level = 0.95,
                         polarity = NA, table = NA_character_, row = NA,
                         columns = NA_character_,
                         lexicon = statement_lexicon()) {
  for (arg in c("current", "previous")) {
    value <- get(arg)
    if (!is.numeric(value) || length(value) != 1L || !is.finite(value)) {
      abort("`", arg, "` must be a single finite number.")
    }
  }
  check_string(subject, "subject")
  role <- check_choice(role, c("count", "proportion", "rate"), "role")
  if (!is.null(significant)) check_flag(significant, "significant")
  check_conf_level(conf_level)
  if (!(length(polarity) == 1L && (is.na(polarity) ||
                                   polarity %in% c("higher", "lower")))) {
    abort("`polarity` must be \"higher\", \"lower\" or NA.")
  }
  lexicon <- check_lexicon(lexicon)
  text <- paste0(subject, " ",
                 change_clause(current, previous, role, lexicon,
                               significant, conf_level), ".")
  new_statements(statement_rows(
    text, table, row, NA_character_, paste(columns, collapse = ", "),
    direction_verdict(current, previous, polarity, lexicon)))
}

# "fell from 22.1% to 20.2%, a fall of 1.9 percentage points; not a
# significant change at 95%": the words of a change between two values.
change_clause <- function(current, previous, role, lexicon,
                          significant = NULL, conf_level = 0.95) {
  show <- function(v) statement_number(v, role)
  if (isTRUE(all.equal(current, previous))) {
    clause <- paste(word(lexicon, "unchanged"), show(current))
  } else {
    up <- current > previous
    size <- abs(current - previous)
    size_text <- switch(
      role,
      proportion = paste(formatC(100 * size, format = "f", digits = 1),
                         word(lexicon, "points")),
      count = statement_number(size, "count"),
      rate = formatC(size, format = "f", digits = 1, big.mark = ","))
    if (role == "count" && previous != 0) {
      size_text <- paste0(size_text, " (", formatC(
        100 * size / abs(previous), format = "f", digits = 1), "%)")
    }
    clause <- paste0(word(lexicon, if (up) "rose" else "fell"), " from ",
                     show(previous), " to ", show(current), ", ",
                     word(lexicon, if (up) "rise" else "fall"), " of ",
                     size_text)
  }
  if (!is.null(significant) && !is.na(significant)) {
    clause <- paste0(clause, "; ",
                     word(lexicon, if (significant) "significant" else
                       "not_significant"), " ", format(100 * conf_level), "%")
  }
  clause
}

# A number as a sentence quotes it: counts with thousands separators,
# proportions as percentages to one place, other numbers to one place
# unless whole.
statement_number <- function(value, role) {
  switch(role,
         count = formatC(value, format = "f", digits = 0, big.mark = ","),
         proportion = paste0(formatC(100 * value, format = "f", digits = 1),
                             "%"),
         ifelse(value == round(value),
                formatC(value, format = "f", digits = 0, big.mark = ","),
                formatC(value, format = "f", digits = 1, big.mark = ",")))
}

direction_verdict <- function(current, previous, polarity, lexicon) {
  if (is.na(polarity) || is.na(current) || is.na(previous)) {
    return(NA_character_)
  }
  if (isTRUE(all.equal(current, previous))) return(word(lexicon, "similar"))
  better <- (current < previous) == (polarity == "lower")
  word(lexicon, if (better) "better" else "worse")
}

state_cohorts <- function(x, meta, table, subject, labels, benchmark,
                          lexicon) {
  columns <- names(x)
  now <- columns[2L]
  before <- columns[3L]
  measures <- meta$rows$measure
  significant <- x[["Significant change"]][4L] == "yes"
  level <- cohort_conf_level(meta$notes)
  out <- list()
  for (r in seq_len(nrow(x))) {
    role <- if (measures[r] %in% c("count", "proportion")) measures[r] else
      "rate"
    subject_r <- sentence_subject(subject[r])
    clause <- change_clause(x[[now]][r], x[[before]][r], role, lexicon,
                            if (role == "proportion") significant,
                            level)
    verdict <- if (role == "proportion") {
      direction_verdict(x[[now]][r], x[[before]][r], "lower", lexicon)
    } else NA_character_
    out[[length(out) + 1L]] <- statement_rows(
      paste0(subject_r, " ", clause, "."), table, r, labels[r],
      paste(c(now, before), collapse = ", "), verdict)
  }
  if ("Against benchmark" %in% columns) {
    bench <- columns[match("Against benchmark", columns) - 1L]
    name <- if (is.null(benchmark)) paste("the", bench) else benchmark
    r <- 4L
    value <- x[[now]][r]
    reference <- x[[bench]][r]
    position <- if (isTRUE(all.equal(value, reference))) "level" else
      if (value > reference) "above" else "below"
    text <- paste0(sentence_subject(subject[r]), " in ", now, ", ",
                   statement_number(value, "proportion"), ", was ",
                   word(lexicon, position), " ", name, " of ",
                   statement_number(reference, "proportion"), ".")
    out[[length(out) + 1L]] <- statement_rows(
      text, table, r, labels[r], paste(c(now, bench), collapse = ", "),
      word(lexicon, x[["Against benchmark"]][r]))
  }
  do.call(rbind, out)
}

# The confidence level compare_cohorts() states in its notes (95 by
# default).
cohort_conf_level <- function(notes) {
  test <- grep("^Significant change:", notes, value = TRUE)
  p <- suppressWarnings(as.numeric(sub(".*significant when p < ([0-9.]+)\\..*",
                                       "\\1", test)))
  if (length(p) != 1L || is.na(p)) 0.95 else 1 - p
}

# "Proportion of offenders who reoffend" begins a sentence as "The
# proportion of offenders who reoffend".
sentence_subject <- function(label) {
  starts_lower <- grepl("^(Proportion|Number|Average|Rate|Share)\\b", label)
  ifelse(starts_lower,
         paste0("The ", tolower(substr(label, 1L, 1L)),
                substr(label, 2L, nchar(label))),
         label)
}

state_targets <- function(x, table, subject, labels, what, percent,
                          lexicon) {
  n <- nrow(x)
  if (is.null(what)) what <- ""
  if (!is.character(what) || !length(what) %in% c(1L, n) || anyNA(what)) {
    abort("`what` must be text, one per row of `x` (", n, ") or one for all.")
  }
  what <- rep_len(what, n)
  role <- if (percent) "proportion" else "rate"
  show <- function(v) statement_number(v, role)
  thing <- ifelse(nzchar(what), paste0(" ", what), "")
  full <- !is.na(x$expected) & x$expected == x$target
  keep <- !is.na(x$actual) & !is.na(x$target)
  # At the end of the period: met or missed; part way: on track or behind.
  ended <- paste0(subject, ": ",
                  word(lexicon, ifelse(x$met %in% TRUE, "met", "missed")),
                  " ", show(x$target), thing, " (", show(x$actual), ").")
  so_far <- paste0(subject, ": ",
                   word(lexicon, ifelse(x$on_track %in% TRUE, "on_track",
                                        "behind")),
                   thing, ": ", show(x$actual), " ", word(lexicon, "against"),
                   " ", show(x$expected), ".")
  text <- ifelse(full, ended, so_far)
  columns <- ifelse(full, "actual, target", "actual, expected")
  verdict <- ifelse(x$on_track %in% TRUE, word(lexicon, "better"),
                    word(lexicon, "worse"))
  statement_rows(text[keep], table, which(keep), labels[keep],
                 columns[keep], verdict[keep])
}

state_proportions <- function(x, table, subject, labels, benchmark,
                              lexicon) {
  name <- if (is.null(benchmark)) "the benchmark" else benchmark
  keep <- !is.na(x$proportion) & !is.na(x$benchmark)
  position <- ifelse(abs(x$proportion - x$benchmark) < 1e-12, "level",
                     ifelse(x$proportion > x$benchmark, "above", "below"))
  text <- paste0(subject, ": ", statement_number(x$proportion, "proportion"),
                 " (", statement_number(x$count, "count"), " of ",
                 statement_number(x$n, "count"), "), ",
                 word(lexicon, position), " ", name, " of ",
                 statement_number(x$benchmark, "proportion"), ".")
  statement_rows(text[keep], table, which(keep), labels[keep],
                 "count, n, proportion, benchmark",
                 word(lexicon, x$comparison[keep]))
}

state_periods <- function(x, table, subject, labels, polarity, lexicon) {
  keep <- !is.na(x$count) & !is.na(x$count_previous)
  out <- lapply(which(keep), function(r) {
    statement_rows(
      paste0(subject[r], " ", change_clause(x$count[r], x$count_previous[r],
                                            "count", lexicon), "."),
      table, r, labels[r], "count, count_previous",
      word(lexicon, x$comparison[r]))
  })
  do.call(rbind, c(list(statement_rows(character(), table, integer(),
                                       character(), character(),
                                       character())), out))
}

statement_rows <- function(text, table, row, label, columns, verdict) {
  n <- length(text)
  data.frame(text = as.character(text), table = rep_len(as.character(table), n),
             row = rep_len(as.integer(row), n),
             label = rep_len(as.character(label), n),
             columns = rep_len(as.character(columns), n),
             verdict = rep_len(as.character(verdict), n),
             stringsAsFactors = FALSE)
}

new_statements <- function(x) {
  rownames(x) <- NULL
  class(x) <- c("pack_statements", "data.frame")
  x
}

#' @export
print.pack_statements <- function(x, ...) {
  cat("<pack_statements: ", nrow(x), " statement",
      if (nrow(x) != 1L) "s", ">\n", sep = "")
  for (k in seq_len(nrow(x))) {
    link <- if (is.na(x$table[k])) "" else
      paste0("  [", x$table[k], ", row ", x$row[k], ": ", x$columns[k], "]")
    cat("- ", x$text[k], "\n", link, if (nzchar(link)) "\n", sep = "")
  }
  invisible(x)
}
