# What a chart shows, in words, from its data: the alt text of the charts
# that write_report() draws, and of any picture of the same columns.

# The Government Statistical Service Analysis Function's categorical
# palette, in its order: colours that colour-blind readers can tell apart
# and that differ in lightness, for grey scale: dark blue, turquoise, dark
# pink, orange, dark grey, light purple. Used by the Excel charts and the
# ggplot2 pictures (R/plot.R) alike.
gss_palette <- c("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D",
                 "#A285D1")

#' Alt text for a chart, from its data
#'
#' Says in a sentence or two what a chart of a [report_table()] shows, from
#' the figures themselves, formatted as the table prints them. Total rows
#' are left out, and so are missing (or withheld) values.
#' * One series of bars or columns: its highest and lowest categories, with
#'   their values.
#' * Two series (a borough against a benchmark, say): on how many
#'   categories the first is below, above or level with the second, and the
#'   largest gap: "Barnet is below London on 7 of 10 needs, above on 1 and
#'   level on 2; the largest gaps are Attitudes, 73% against 79%, and
#'   Financial issues, 50% against 56%."
#' * More series: each one's highest and lowest.
#' * Lines: each series' first and last values and whether it rose or fell.
#' * A scatter chart: how many points, and which lie above the highest line
#'   or below the lowest one (areas outside a funnel plot's limits), named
#'   by the table's first label column.
#'
#' [write_report()] uses it for a chart given no `alt_text`; a ggplot2
#' picture of the same columns can take it as its `alt`.
#'
#' @param x A [report_table()].
#' @param chart A [report_chart()]; by default the table's own (given to
#'   `report_table(chart = )`).
#' @return A string.
#' @seealso [report_chart()].
#' @examples
#' chart_alt_text(barnet_needs, report_chart("need", c("Barnet", "London")))
#' chart_alt_text(lewisham_needs, report_chart("need", "percentage"))
#' trend <- report_table(
#'   data.frame(year = 2014:2016, crimes = c(251, 258, 240)),
#'   units = c(crimes = "events"))
#' chart_alt_text(trend, report_chart("year", "crimes", type = "line"))
#' @export
chart_alt_text <- function(x, chart = NULL) {
  if (!is_report_table(x)) {
    abort("`x` must be a report_table, not ", type_name(x), ".")
  }
  meta <- table_meta(x)
  if (is.null(chart)) chart <- meta$chart
  if (is.null(chart)) {
    abort("`chart` must be given: the table has no chart of its own.")
  }
  check_chart(chart, x)
  rows <- which(!is_total_row(meta))
  if (length(rows) == 0L) {
    abort("`x` has no rows to chart other than totals.")
  }
  roles <- column_role(meta)
  labels <- stats::setNames(meta$columns$label, meta$columns$name)
  series <- lapply(c(chart$y, chart$lines), function(column) {
    list(name = labels[[column]], value = as.double(x[[column]][rows]),
         text = spoken_values(x[[column]][rows], roles[[column]]))
  })
  names(series) <- c(chart$y, chart$lines)
  category <- if (chart$type == "scatter") {
    point_names(x, meta, rows)
  } else {
    spoken_values(x[[chart$x]][rows], roles[[chart$x]])
  }
  noun <- category_noun(if (is.null(chart$x_title)) labels[[chart$x]] else
    chart$x_title)
  what <- paste0(switch(chart$type, bar = "Bar", column = "Column",
                        line = "Line", scatter = "Scatter"),
                 " chart of ", join_words(labels[chart$y]))
  if (chart$type == "scatter") {
    what <- paste0(what, " against ", labels[[chart$x]],
                   if (length(chart$lines) > 0L)
                     paste0(", with lines for ",
                            join_words(labels[chart$lines])))
    return(paste0(what, ". ",
                  scatter_sentence(series[chart$y], series[chart$lines],
                                   category)))
  }
  what <- paste0(what, " by ", noun$one)
  finding <- sentence_case(if (chart$type == "line") {
    line_sentence(series, category)
  } else if (length(series) == 2L) {
    gap_sentence(series[[1L]], series[[2L]], category, noun)
  } else {
    extremes_sentence(series, category, noun, length(series) == 1L)
  })
  paste0(what, ". ", finding)
}

sentence_case <- function(text) {
  paste0(toupper(substr(text, 1L, 1L)), substring(text, 2L))
}

# Values as the table prints them, a proportion's ".0" dropped ("73%").
spoken_values <- function(value, role) {
  text <- format_values(value, role)
  if (identical(role, "proportion")) text <- sub("\\.0%$", "%", text)
  text
}

# A scatter chart's points are named by the table's first label column.
point_names <- function(x, meta, rows) {
  label <- meta$columns$name[meta$columns$role == "label"]
  if (length(label) == 0L) return(paste("row", rows))
  as.character(x[[label[1L]]][rows])
}

# "need" and "needs" from a column's label: its first letter lower-cased
# unless the word is an abbreviation ("ETE").
category_noun <- function(label) {
  one <- if (grepl("^[[:upper:]][[:lower:]]", label)) {
    paste0(tolower(substr(label, 1L, 1L)), substring(label, 2L))
  } else label
  many <- if (grepl("(s|x|ch|sh)$", one)) paste0(one, "es") else
    if (grepl("[^aeiou]y$", one)) sub("y$", "ies", one) else paste0(one, "s")
  list(one = one, many = many)
}

# "A", "A and B", "A, B and C".
join_words <- function(words) {
  words <- unname(words)
  n <- length(words)
  if (n <= 1L) return(paste(words, collapse = ""))
  paste(paste(words[-n], collapse = ", "), words[n], sep = " and ")
}

# Names of the categories at `at`, at most `most` of them named.
name_some <- function(names, most = 3L) {
  if (length(names) <= most) return(join_words(names))
  paste0(paste(names[seq_len(most)], collapse = ", "), " and ",
         length(names) - most, " more")
}

# Which of `value` are at the extreme, ties included: compared at 10
# significant digits, so that 0.79 - 0.73 and 0.56 - 0.50 tie.
at_extreme <- function(value, fun) {
  rounded <- signif(value, 10L)
  which(!is.na(rounded) & rounded == fun(rounded, na.rm = TRUE))
}

extremes_sentence <- function(series, category, noun, single) {
  parts <- vapply(series, function(s) {
    known <- !is.na(s$value)
    if (!any(known)) return(paste0(s$name, " has no values"))
    high <- at_extreme(s$value, max)
    low <- at_extreme(s$value, min)
    out <- paste0("highest ", name_some(category[high]), ", ",
                  s$text[high[1L]])
    if (sum(known) > 1L && !identical(high, low)) {
      out <- paste0(out, "; lowest ", name_some(category[low]), ", ",
                    s$text[low[1L]])
    }
    if (single) out else paste0(s$name, ": ", out)
  }, character(1))
  n <- length(category)
  paste0(if (single) paste0(n, " ", if (n == 1L) noun$one else noun$many,
                            ": "),
         paste(parts, collapse = ". "), ".")
}

gap_sentence <- function(first, second, category, noun) {
  both <- !is.na(first$value) & !is.na(second$value)
  if (!any(both)) {
    return(paste0(first$name, " and ", second$name,
                  " have no ", noun$one, " in common with values."))
  }
  gap <- signif(first$value - second$value, 10L)
  below <- sum(both & gap < 0)
  above <- sum(both & gap > 0)
  level <- sum(both & gap == 0)
  n <- sum(both)
  counts <- c(below = below, above = above, level = level)
  counts <- counts[counts > 0L]
  lead <- names(counts)[1L]
  relation <- c(below = "below", above = "above", level = "level with")
  text <- paste0(first$name, " is ", relation[[lead]], " ", second$name,
                 " on ", counts[[1L]], " of ", n, " ",
                 if (n == 1L) noun$one else noun$many)
  if (length(counts) > 1L) {
    rest <- paste0(c(below = "below", above = "above",
                     level = "level")[names(counts)[-1L]], " on ",
                   counts[-1L])
    text <- paste0(text, ", ", join_words(rest))
  }
  if (above + below == 0L) return(paste0(text, "."))
  size <- abs(gap)
  largest <- at_extreme(ifelse(both, size, NA_real_), max)
  against <- paste(first$text[largest], "against", second$text[largest])
  if (length(largest) == 1L) {
    paste0(text, "; the largest gap is ", category[largest], ", ", against,
           ".")
  } else {
    say <- paste0(category[largest], " (", against, ")")
    shown <- say[seq_len(min(3L, length(say)))]
    paste0(text, "; the largest gaps are ", join_words(shown),
           if (length(say) > 3L) paste0(" (and ", length(say) - 3L,
                                        " more)"), ".")
  }
}

line_sentence <- function(series, category) {
  parts <- vapply(series, function(s) {
    known <- which(!is.na(s$value))
    if (length(known) == 0L) return(paste0(s$name, " has no values"))
    first <- known[1L]
    last <- known[length(known)]
    if (first == last) {
      return(paste0(s$name, " is ", s$text[first], " in ", category[first]))
    }
    change <- signif(s$value[last] - s$value[first], 10L)
    if (change == 0) {
      return(paste0(s$name, " was unchanged at ", s$text[first], " from ",
                    category[first], " to ", category[last]))
    }
    paste0(s$name, if (change > 0) " rose" else " fell", " from ",
           s$text[first], " in ",
           category[first], " to ", s$text[last], " in ", category[last])
  }, character(1))
  paste0(paste(parts, collapse = "; "), ".")
}

# Points above the highest line or below the lowest one, row by row.
scatter_sentence <- function(points, lines, names) {
  sentences <- vapply(points, function(p) {
    known <- !is.na(p$value)
    n <- sum(known)
    text <- paste0(n, " point", if (n != 1L) "s", " of ", p$name)
    if (length(lines) == 0L || n == 0L) return(paste0(text, "."))
    limits <- do.call(cbind, lapply(lines, `[[`, "value"))
    has_limits <- rowSums(!is.na(limits)) > 0L
    upper <- suppressWarnings(apply(limits, 1L, max, na.rm = TRUE))
    lower <- suppressWarnings(apply(limits, 1L, min, na.rm = TRUE))
    high <- which(known & has_limits & p$value > upper)
    low <- which(known & has_limits & p$value < lower)
    say <- function(at) {
      shown <- paste0(names[at], " (", p$text[at], ")")
      name_some(shown, 5L)
    }
    if (length(high) + length(low) == 0L) {
      return(paste0(text, ", all within the lines."))
    }
    out <- character()
    if (length(high) > 0L) {
      out <- c(out, paste0(length(high), " above the highest line: ",
                           say(high)))
    }
    if (length(low) > 0L) {
      out <- c(out, paste0(length(low), " below the lowest line: ",
                           say(low)))
    }
    paste0(text, "; ", paste(out, collapse = "; "), ".")
  }, character(1))
  paste(sentences, collapse = " ")
}
