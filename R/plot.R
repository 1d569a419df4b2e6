#' Pictures of report tables
#'
#' `report_plot()` draws a [report_table()] with ggplot2, as the picture
#' that reports put beside such a table. Which picture is read from the
#' table's record (the roles of its columns and rows and the columns its
#' builder named), never from its labels; `type` says it where a table
#' could be drawn in more than one way. `autoplot()` (ggplot2's generic) does
#' the same: `ggplot2::autoplot(tab)`.
#'
#' The types:
#' * `"needs"`: a profile of proportions by row (a needs profile, such as
#'   [barnet_needs] or [needs_profile()]), every proportion column a series:
#'   dots (or bars, `style = "bars"`) in the table's order from the top, on
#'   a 0 to 100% axis; with two or more series the last is taken as the
#'   benchmark in the alt text (Barnet against London);
#' * `"rates"`: proportions who reoffend with their Wilson score intervals:
#'   one point and interval per group of [reoffending_rates()], or per
#'   cohort of [compare_cohorts()] (and [barnet_reoffending]), earlier
#'   cohort first, with the benchmark column (London) as a dashed line; a
#'   `benchmark` given as a number (named for its label) is drawn the same
#'   way;
#' * `"targets"`: actual results of [compare_to_target()] as bars against
#'   their pro-rata target (a solid tick) and the target for the whole
#'   period (a dashed tick, where it differs), each with its marker;
#' * `"funnel"`: areas of [funnel_limits()] against their denominators,
#'   with the control limits (dashed at the inner level, solid at the outer)
#'   around the benchmark; areas outside the outer limits are labelled, as
#'   are those named in `highlight`.
#'
#' Every plot has the table's title, a caption with its source, and alt
#' text (`labs(alt = )`, read with `ggplot2::get_alt_text()`) that says
#' what the picture shows from its data. Colours are the Government
#' Statistical Service (Analysis Function) categorical palette, and every
#' series also differs in shape or line type, so that the picture reads in
#' grey scale and for colour-blind readers.
#'
#' ggplot2 is suggested, not required: without it `report_plot()` fails
#' with an error of class `reoffending_error_missing_package`.
#'
#' @param x A [report_table()].
#' @param type `NULL` (from the table's structure), `"needs"`, `"rates"`,
#'   `"targets"`, `"funnel"` or `"overlap"` (a [panel_overlap()] table, as
#'   [plot_overlap()] draws it).
#' @param ... Options of the type: `style` (`"dots"` or `"bars"`) for
#'   needs; `benchmark` (a number between 0 and 1, named for its label,
#'   such as `c(London = 0.2353)`) for rates; `highlight` (area labels to
#'   mark and label) for a funnel.
#' @param title,caption The plot's title and caption; by default the
#'   table's title and `"Source: "` and its source.
#' @return A ggplot object: print it to draw, or add layers and scales to
#'   it.
#' @seealso [funnel_limits()]
#' @examples
#' if (requireNamespace("ggplot2", quietly = TRUE)) {
#'   # Barnet against London, needs in the published order
#'   needs <- report_plot(barnet_needs)
#'   ggplot2::get_alt_text(needs)
#'   needs
#'
#'   # 2014 and 2015 cohorts with their intervals, London as a line
#'   cohorts <- ggplot2::autoplot(barnet_reoffending)
#'   ggplot2::get_alt_text(cohorts)
#'
#'   # Barnet among London's areas (synthetic but for Barnet)
#'   limits <- funnel_limits(london_reoffending, reoffenders, offenders,
#'                           area = borough, benchmark = 0.2353)
#'   funnel <- report_plot(limits, highlight = "Barnet")
#'   ggplot2::get_alt_text(funnel)
#' }
#' @export
report_plot <- function(x, type = NULL, ..., title = NULL,
                        caption = NULL) {
  check_ggplot2()
  if (!is_report_table(x)) {
    abort("`x` must be a report_table, not ", type_name(x), ".")
  }
  check_string(title, "title", null_ok = TRUE)
  check_string(caption, "caption", null_ok = TRUE)
  meta <- table_meta(x)
  if (is.null(type)) {
    type <- plot_type(x, meta)
  } else {
    type <- check_choice(type, plot_types, "type")
  }
  if (nrow(x) == 0L) abort("`x` has no rows to draw.")
  plot <- switch(type,
                 needs = plot_needs(x, meta, ...),
                 rates = plot_rates(x, meta, ...),
                 targets = plot_targets(x, meta, ...),
                 funnel = plot_funnel(x, meta, ...),
                 overlap = plot_overlap(x))
  if (is.null(title)) title <- meta$title
  if (is.null(caption)) {
    caption <- paste0("Source: ", if (is.null(meta$source)) "not stated"
                      else meta$source)
  }
  plot + ggplot2::labs(title = wrap_text(title, 60),
                       caption = wrap_text(caption, 90))
}

# ggplot2's autoplot(), registered on load (ggplot2 is only suggested).
autoplot.report_table <- function(object, ...) {
  report_plot(object, ...)
}

plot_types <- c("needs", "rates", "targets", "funnel", "overlap")

# gss_palette (R/chart_text.R) colours the series; shapes tell them apart
# in grey scale.
gss_shapes <- c(16, 17, 15, 18, 4, 8)

check_ggplot2 <- function() {
  if (!ggplot2_installed()) {
    abort("Plots need the ggplot2 package, which is not installed; ",
          "install it with install.packages(\"ggplot2\").",
          class = "missing_package")
  }
  invisible()
}

ggplot2_installed <- function() {
  requireNamespace("ggplot2", quietly = TRUE)
}

# Which picture a table is, from its record: the columns its builder
# named and their roles, and the rows' measures.
plot_type <- function(x, meta) {
  if (is.list(attr(x, "overlap"))) return("overlap")
  role <- column_role(meta)
  has <- function(names, roles) {
    all(names %in% names(role)) && all(role[names] %in% roles)
  }
  if (!is.null(attr(x, "funnel")) ||
      (has(c("numerator", "denominator"), "count") &&
       length(limit_tags(names(x))) > 0L)) {
    return("funnel")
  }
  if (has(c("actual", "expected"), c("count", "rate", "proportion")) &&
      has("marker", "marker")) {
    return("targets")
  }
  if (!is.null(interval_columns(role)) || !is.null(cohort_layout(meta))) {
    return("rates")
  }
  if (any(role == "proportion") && length(meta$keys) > 0L) {
    return("needs")
  }
  abort("`x` is not a table that report_plot() can draw: it needs ",
        "proportion columns by row (a needs profile), proportions with ",
        "intervals (reoffending_rates(), compare_cohorts()), results ",
        "against targets (compare_to_target()) or funnel limits ",
        "(funnel_limits()).")
}

# ---- Needs against a benchmark -----------------------------------------------

plot_needs <- function(x, meta, style = c("dots", "bars")) {
  style <- check_choice(style, c("dots", "bars"), "style")
  role <- column_role(meta)
  series <- names(role)[role == "proportion"]
  if (length(series) == 0L) {
    abort("`x` has no proportion column to draw as a needs profile.")
  }
  if (length(meta$keys) == 0L) {
    abort("`x` has no label column to name its rows by.")
  }
  body <- meta$rows$role == "body"
  rows <- row_labels(x, meta)[body]
  labels <- vapply(series, series_label, "", meta = meta, USE.NAMES = FALSE)
  data <- data.frame(
    row = factor(rep(rows, length(series)), levels = rev(unique(rows))),
    series = factor(rep(labels, each = length(rows)), levels = labels),
    value = unlist(lapply(series, function(s) x[[s]][body]),
                   use.names = FALSE),
    stringsAsFactors = FALSE)
  data <- data[!is.na(data$value), , drop = FALSE]
  if (nrow(data) == 0L) abort("`x` has no proportions to draw.")
  # A group with nobody assessed has no proportions: no series.
  data$series <- droplevels(data$series)
  labels <- levels(data$series)
  n <- length(labels)
  plot <- ggplot2::ggplot(data, ggplot2::aes(x = .data$value,
                                             y = .data$row))
  if (style == "dots") {
    plot <- plot +
      ggplot2::geom_point(ggplot2::aes(colour = .data$series,
                                       shape = .data$series), size = 3) +
      ggplot2::scale_colour_manual(values = palette_for(n), name = NULL) +
      ggplot2::scale_shape_manual(values = shapes_for(n), name = NULL) +
      ggplot2::guides(colour = ggplot2::guide_legend(nrow = legend_rows(n)),
                      shape = ggplot2::guide_legend(nrow = legend_rows(n)))
  } else {
    plot <- plot +
      ggplot2::geom_col(ggplot2::aes(fill = .data$series),
                        position = ggplot2::position_dodge2(reverse = TRUE),
                        colour = "black", linewidth = 0.2) +
      ggplot2::scale_fill_manual(values = palette_for(n), name = NULL) +
      ggplot2::guides(fill = ggplot2::guide_legend(nrow = legend_rows(n)))
  }
  plot +
    percent_axis("x", limits = c(0, 1)) +
    ggplot2::labs(x = NULL, y = NULL,
                  alt = alt_needs(rows[!is.na(x[[series[1L]]][body])],
                                  data, labels)) +
    plot_theme()
}

# A series' name: for a profile by group (needs_profile(by = )), the group
# whose count the proportion is a share of, as the builder stated it in the
# record's dims; otherwise the column's label.
series_label <- function(column, meta) {
  label <- meta$columns$label[match(column, meta$columns$name)]
  link <- Filter(function(d) identical(d$column, column), meta$derived)
  groups <- meta$dims$columns
  if (length(link) == 1L && !is.null(groups)) {
    level <- groups$level[match(link[[1L]]$numerator, groups$column)]
    if (length(level) == 1L && !is.na(level)) return(level)
  }
  label
}

legend_rows <- function(n) if (n > 3L) 2L else 1L

# ---- Rates with their intervals ----------------------------------------------

plot_rates <- function(x, meta, benchmark = NULL) {
  points <- rate_points(x, meta)
  bench <- points$benchmark
  if (!is.null(benchmark)) {
    if (!is.numeric(benchmark) || length(benchmark) != 1L ||
        !is.finite(benchmark) || benchmark < 0 || benchmark > 1) {
      abort("`benchmark` must be a single proportion between 0 and 1, ",
            "such as c(London = 0.2353).")
    }
    name <- names(benchmark)
    bench <- list(label = if (is.null(name) || !nzchar(name)) "Benchmark"
                  else name, value = unname(benchmark))
  }
  data <- points$data
  data$group <- factor(data$group, levels = unique(data$group))
  data$series <- factor(data$series, levels = unique(data$series))
  n <- nlevels(data$series)
  top <- max(c(data$upper, data$value, bench$value), na.rm = TRUE)
  dodge <- ggplot2::position_dodge(width = if (n > 1L) 0.5 else 0)
  plot <- ggplot2::ggplot(data, ggplot2::aes(x = .data$group,
                                             y = .data$value,
                                             colour = .data$series,
                                             shape = .data$series))
  if (any(!is.na(data$lower))) {
    plot <- plot +
      ggplot2::geom_errorbar(ggplot2::aes(ymin = .data$lower,
                                          ymax = .data$upper),
                             width = 0.15, position = dodge,
                             na.rm = TRUE)
  }
  plot <- plot + ggplot2::geom_point(size = 3, position = dodge)
  # After the points, so that the x scale is trained as discrete first.
  if (!is.null(bench)) {
    plot <- plot +
      ggplot2::geom_hline(yintercept = bench$value, linetype = "dashed",
                          colour = gss_palette[5L]) +
      ggplot2::annotate("text", x = 0.5, y = bench$value,
                        label = paste0(bench$label, " ",
                                       show_percent(bench$value)),
                        hjust = 0, vjust = -0.5, size = 3.2,
                        colour = gss_palette[5L])
  }
  plot +
    ggplot2::scale_colour_manual(values = palette_for(n), name = NULL) +
    ggplot2::scale_shape_manual(values = shapes_for(n), name = NULL) +
    percent_axis("y", limits = c(0, min(1, top * 1.15))) +
    ggplot2::labs(x = NULL, y = points$what,
                  alt = alt_rates(data, bench, points$level, points$what)) +
    plot_theme(legend = n > 1L)
}

# Points (and intervals) of a rates table: reoffending_rates() output, or
# the cohorts of compare_cohorts() output.
rate_points <- function(x, meta) {
  role <- column_role(meta)
  limits <- interval_columns(role)
  if (!is.null(limits)) {
    keys <- meta$keys
    group <- if (length(keys) == 0L) rep("All", nrow(x)) else
      as.character(x[[keys[1L]]])
    series <- if (length(keys) < 2L) rep("", nrow(x)) else
      do.call(paste, c(lapply(keys[-1L], function(k) x[[k]]), sep = ", "))
    data <- data.frame(group = group, series = series,
                       value = x$proportion, lower = x[[limits[1L]]],
                       upper = x[[limits[2L]]], stringsAsFactors = FALSE)
    # compare_to_benchmark(): one benchmark for every row is a line.
    bench <- NULL
    if (identical(unname(role["benchmark"]), "proportion")) {
      values <- unique(x$benchmark[!is.na(x$proportion)])
      if (length(values) > 1L) {
        abort("`x` compares its rows with different benchmarks; ",
              "report_plot() draws one benchmark line. Draw the rows ",
              "with one benchmark at a time.")
      }
      if (length(values) == 1L && !is.na(values)) {
        bench <- list(label = meta$columns$label[match("benchmark",
                                                       meta$columns$name)],
                      value = values)
      }
    }
    data <- data[!is.na(data$value), , drop = FALSE]
    if (nrow(data) == 0L) abort("`x` has no proportions to draw.")
    return(list(data = data, benchmark = bench, level = note_level(meta),
                what = meta$columns$label[match("proportion",
                                                meta$columns$name)]))
  }
  layout <- cohort_layout(meta)
  if (is.null(layout)) {
    abort("`x` has no proportions with intervals: draw a table from ",
          "reoffending_rates() or compare_cohorts().")
  }
  at <- layout$row
  counts <- which(meta$rows$measure == "count")
  cohorts <- rev(layout$cohorts)
  cells <- lapply(cohorts, function(column) {
    value <- x[[column]][at]
    found <- counted_from(x[[column]][counts], value)
    interval <- if (is.null(found)) list(lower = NA_real_, upper = NA_real_)
      else wilson_interval(found[1L], found[2L])
    c(value, interval$lower, interval$upper)
  })
  cells <- do.call(rbind, cells)
  labels <- meta$columns$label[match(cohorts, meta$columns$name)]
  data <- data.frame(group = labels, series = "", value = cells[, 1L],
                     lower = cells[, 2L], upper = cells[, 3L],
                     stringsAsFactors = FALSE)
  data <- data[!is.na(data$value), , drop = FALSE]
  bench <- NULL
  if (!is.na(layout$benchmark)) {
    value <- x[[layout$benchmark]][at]
    if (!is.na(value)) {
      bench <- list(label = meta$columns$label[match(layout$benchmark,
                                                     meta$columns$name)],
                    value = value)
    }
  }
  list(data = data, benchmark = bench, level = 95,
       what = row_labels(x, meta)[at])
}

# The interval columns around `proportion`: those of reoffending_rates()
# or of compare_to_benchmark(), or NULL.
interval_columns <- function(role) {
  for (limits in list(c("proportion_lower", "proportion_upper"),
                      c("lower", "upper"))) {
    needed <- c("proportion", limits)
    if (all(needed %in% names(role)) && all(role[needed] == "proportion")) {
      return(limits)
    }
  }
  NULL
}

# The layout of compare_cohorts(): rows that are measures, one of them a
# proportion; the number columns before the change column are the cohorts
# (current, then previous), one after it the benchmark.
cohort_layout <- function(meta) {
  measure <- meta$rows$measure
  row <- which(measure == "proportion")
  role <- column_role(meta)
  change <- which(role == "change")
  if (length(row) != 1L || length(change) != 1L) return(NULL)
  numbers <- which(role %in% c("rate", "count", "proportion"))
  cohorts <- numbers[numbers < change]
  if (length(cohorts) == 0L) return(NULL)
  after <- numbers[numbers > change]
  list(row = row, cohorts = names(role)[cohorts],
       benchmark = if (length(after) > 0L) names(role)[after[1L]]
                   else NA_character_)
}

# Which two counts of a cohort's column a published proportion is made of
# (reoffenders out of offenders): the pair whose ratio is the proportion
# to its rounding (half of 0.1 of a percentage point), or NULL.
counted_from <- function(counts, proportion) {
  counts <- counts[!is.na(counts)]
  if (is.na(proportion) || length(counts) < 2L) return(NULL)
  for (den in counts) {
    for (num in counts) {
      if (den > 0 && num < den && abs(num / den - proportion) <= 0.0005) {
        return(c(num, den))
      }
    }
  }
  NULL
}

# The interval's level, from the notes of reoffending_rates() ("its 90%
# Wilson score interval") or compare_to_benchmark() ("Wilson score interval
# at 90%"); 95 when not said.
note_level <- function(meta) {
  notes <- paste(meta$notes, collapse = " ")
  found <- regmatches(notes, regexpr(
    "[0-9.]+(?=% Wilson)|(?<=Wilson score interval at )[0-9.]+", notes,
    perl = TRUE))
  if (length(found) == 1L) as.numeric(found) else 95
}

# ---- Targets -----------------------------------------------------------------

plot_targets <- function(x, meta) {
  needed <- c("actual", "expected", "target", "marker")
  if (!all(needed %in% names(x))) {
    abort("`x` must be a table from compare_to_target(), with columns ",
          "`actual`, `target`, `expected` and `marker`.")
  }
  rows <- if (length(meta$keys) > 0L) row_labels(x, meta) else
    paste("Indicator", seq_len(nrow(x)))
  if (anyDuplicated(rows)) rows <- make.unique(rows, sep = " #")
  data <- data.frame(row = factor(rows, levels = rev(rows)),
                     actual = x$actual, expected = x$expected,
                     target = x$target, marker = x$marker,
                     stringsAsFactors = FALSE)
  data$marker[is.na(data$marker)] <- ""
  ends <- pmax(data$actual, data$expected, data$target, na.rm = TRUE)
  data$end <- ends
  whole <- data[!is.na(data$target) & !is.na(data$expected) &
                  abs(data$target - data$expected) > 1e-9, , drop = FALSE]
  # Results that are proportions (stated so) are drawn as percentages.
  share <- identical(unname(column_role(meta)["actual"]), "proportion")
  width <- max(ends, if (share) 0 else 1, na.rm = TRUE)
  plot <- ggplot2::ggplot(data, ggplot2::aes(y = .data$row)) +
    ggplot2::geom_col(ggplot2::aes(x = .data$actual, fill = "Actual"),
                      width = 0.6, na.rm = TRUE)
  if (nrow(whole) > 0L) {
    plot <- plot +
      ggplot2::geom_errorbar(data = whole,
                             ggplot2::aes(xmin = .data$target,
                                          xmax = .data$target,
                                          linetype = "Target for the year",
                                          colour = "Target for the year"),
                             width = 0.8, linewidth = 0.6)
  }
  plot +
    ggplot2::geom_errorbar(ggplot2::aes(xmin = .data$expected,
                                        xmax = .data$expected,
                                        linetype = "Pro-rata target",
                                        colour = "Pro-rata target"),
                           width = 0.8, linewidth = 1.2, na.rm = TRUE) +
    ggplot2::geom_text(ggplot2::aes(x = .data$end, label = .data$marker),
                       hjust = -0.6, size = 5, na.rm = TRUE) +
    ggplot2::scale_fill_manual(values = c(Actual = gss_palette[1L]),
                               name = NULL) +
    ggplot2::scale_linetype_manual(
      values = c(`Pro-rata target` = "solid",
                 `Target for the year` = "dashed"), name = NULL) +
    ggplot2::scale_colour_manual(
      values = c(`Pro-rata target` = gss_palette[4L],
                 `Target for the year` = gss_palette[5L]), name = NULL) +
    ggplot2::scale_x_continuous(limits = c(0, width * 1.12),
                                labels = if (share) percent_labels else
                                  ggplot2::waiver(),
                                expand = ggplot2::expansion(c(0, 0.02))) +
    ggplot2::labs(x = NULL, y = NULL, alt = alt_targets(data, share)) +
    plot_theme()
}

# ---- Alt text ----------------------------------------------------------------
# Sentences that say what each picture shows, from its data, in the
# wording of the Excel charts' alt text (the lead will merge the two).

alt_needs <- function(rows, data, labels) {
  digits <- percent_digits(data$value)
  shown <- function(v) show_percent(v, digits)
  first <- data$value[data$series == labels[1L]]
  if (length(labels) == 1L) {
    top <- which.max(first)
    low <- which.min(first)
    return(paste0("Of ", length(first), " needs, the most common is ",
                  rows[top], " (", shown(first[top]),
                  ") and the least common is ", rows[low], " (",
                  shown(first[low]), ")."))
  }
  if (length(labels) > 2L) return(alt_needs_groups(rows, data, shown))
  bench_label <- labels[length(labels)]
  pair <- data[data$series %in% c(labels[1L], bench_label), , drop = FALSE]
  both <- intersect(as.character(pair$row[pair$series == labels[1L]]),
                    as.character(pair$row[pair$series == bench_label]))
  both <- rows[rows %in% both]
  value_of <- function(series) {
    sub <- pair[pair$series == series, , drop = FALSE]
    sub$value[match(both, as.character(sub$row))]
  }
  mine <- value_of(labels[1L])
  theirs <- value_of(bench_label)
  # Compared as shown: to a tenth of a percentage point.
  gap <- round(1000 * mine) - round(1000 * theirs)
  below <- sum(gap < 0)
  above <- sum(gap > 0)
  level <- sum(gap == 0)
  text <- paste0(labels[1L], " is below ", bench_label, " on ", below,
                 " of ", length(both), " needs")
  others <- c(if (above > 0L) paste0("above on ", above),
              if (level > 0L) paste0("level on ", level))
  if (length(others) > 0L) {
    text <- paste0(text, " (", paste(others, collapse = ", "), ")")
  }
  if (any(gap != 0)) {
    # Gaps equal as shown are all named, as chart_alt_text() names them.
    widest <- which(abs(gap) == max(abs(gap)))
    against <- paste(shown(mine[widest]), "against", shown(theirs[widest]))
    text <- if (length(widest) == 1L) {
      paste0(text, "; the largest gap is ", both[widest], ", ", against)
    } else {
      paste0(text, "; the largest gaps are ",
             join_words(paste0(both[widest], " (", against, ")")))
    }
  }
  paste0(text, ".")
}

# Three or more series (groups): the need that differs most between them.
alt_needs_groups <- function(rows, data, shown) {
  spread <- vapply(rows, function(r) {
    v <- data$value[as.character(data$row) == r]
    if (length(v) < 2L) 0 else max(v) - min(v)
  }, numeric(1))
  widest <- rows[which.max(spread)]
  at <- data[as.character(data$row) == widest, , drop = FALSE]
  low <- which.min(at$value)
  high <- which.max(at$value)
  paste0(length(rows), " needs in ", nlevels(droplevels(data$series)),
         " groups; they differ most on ", widest, ", from ",
         shown(at$value[low]), " (", at$series[low], ") to ",
         shown(at$value[high]), " (", at$series[high], ").")
}

alt_rates <- function(data, bench, level, what) {
  label <- function(i) {
    series <- as.character(data$series[i])
    name <- paste0(data$group[i], if (nzchar(series))
      paste0(" (", series, ")"))
    interval <- if (is.na(data$lower[i])) "" else
      paste0(" (", format(level), "% interval ", show_percent(data$lower[i]),
             " to ", show_percent(data$upper[i]), ")")
    paste0(name, " ", show_percent(data$value[i]), interval)
  }
  rows <- seq_len(nrow(data))
  if (nrow(data) <= 6L) {
    text <- paste0(what, ": ",
                   paste(vapply(rows, label, ""), collapse = "; "))
  } else {
    low <- which.min(data$value)
    high <- which.max(data$value)
    text <- paste0(what, " in ", nrow(data),
                   " groups, from ", label(low), " to ", label(high))
  }
  if (!is.null(bench)) {
    known <- !is.na(data$lower)
    # Beyond the interval, as compare_to_benchmark() decides.
    below <- sum(data$upper[known] < bench$value)
    above <- sum(data$lower[known] > bench$value)
    text <- paste0(text, "; against ", bench$label, ", ",
                   show_percent(bench$value))
    if (any(known)) {
      text <- paste0(text, ": ", below, " below it beyond the interval, ",
                     above, " above, ", sum(known) - below - above,
                     " within")
    }
  }
  paste0(text, ".")
}

alt_targets <- function(data, share = FALSE) {
  shown <- if (share) show_percent else show_number
  marks <- c(met = "\u2713", `on track` = "\u2191", behind = "\u2193",
             missed = "\u2717")
  counts <- vapply(marks, function(m) sum(data$marker == m), integer(1))
  said <- paste0(counts, " ", names(marks), " (", marks, ")")[counts > 0L]
  text <- paste0("Of ", nrow(data), " results against their targets: ",
                 paste(said, collapse = ", "))
  short <- data$expected - data$actual
  if (any(short > 0, na.rm = TRUE)) {
    worst <- which.max(short)
    text <- paste0(text, "; the furthest below its pro-rata target is ",
                   data$row[worst], ", ", shown(data$actual[worst]),
                   " against ", shown(data$expected[worst]))
  }
  paste0(text, ".")
}

# ---- Shared pieces -----------------------------------------------------------

row_labels <- function(x, meta) {
  keys <- meta$keys
  parts <- lapply(keys, function(k) as.character(x[[k]]))
  do.call(paste, c(parts, sep = ", "))
}

palette_for <- function(n) {
  if (n > length(gss_palette)) {
    abort("A plot can show at most ", length(gss_palette), " series in ",
          "the accessible palette; `x` has ", n, ".")
  }
  gss_palette[seq_len(n)]
}

shapes_for <- function(n) gss_shapes[seq_len(n)]

percent_axis <- function(axis, limits = NULL) {
  scale <- if (axis == "x") ggplot2::scale_x_continuous else
    ggplot2::scale_y_continuous
  scale(limits = limits, labels = percent_labels,
        expand = ggplot2::expansion(mult = c(0, 0.02)))
}

# Axis labels: whole percentages where the breaks allow, else to one place.
percent_labels <- function(v) show_percent(v, percent_digits(v))

show_percent <- function(v, digits = 1L) {
  out <- paste0(formatC(100 * v, format = "f", digits = digits), "%")
  out[is.na(v)] <- "NA"
  out
}

# Whole percentages (as published: 73%) without a decimal; others to one.
percent_digits <- function(v) {
  v <- v[!is.na(v)]
  if (all(abs(100 * v - round(100 * v)) < 1e-6)) 0L else 1L
}

show_number <- function(v) {
  format(v, big.mark = ",", trim = TRUE, scientific = FALSE,
         drop0trailing = TRUE)
}

wrap_text <- function(text, width) {
  if (is.null(text)) return(NULL)
  paste(strwrap(text, width), collapse = "\n")
}

plot_theme <- function(legend = TRUE) {
  ggplot2::theme_minimal(base_size = 11) +
    ggplot2::theme(legend.position = if (legend) "bottom" else "none",
                   plot.title.position = "plot",
                   plot.caption.position = "plot",
                   plot.caption = ggplot2::element_text(hjust = 0,
                                                        colour = "grey25"),
                   panel.grid.minor = ggplot2::element_blank())
}
