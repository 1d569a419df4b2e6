#' Funnel plot control limits
#'
#' Sets many areas' proportions (or rates) against their denominators and a
#' benchmark, the way funnel plots do: an area whose value lies outside the
#' control limits at its denominator differs from the benchmark by more
#' than chance would explain. The limits narrow as the denominator grows,
#' so a small borough is not called an outlier for a difference that chance
#' explains and a large one is not hidden by its size. The result is a
#' [report_table()], so it prints, goes to [write_report()] like any table,
#' and is drawn by [report_plot()] (`type = "funnel"`).
#'
#' For a benchmark \eqn{\theta} (by default the pooled value, the sum of the
#' numerators over the sum of the denominators), a denominator \eqn{n} and a
#' level \eqn{L} (0.95, 0.998), the limits are quantiles at
#' \eqn{P = (1 - L)/2} and \eqn{1 - P} of what an area of size \eqn{n}
#' would show if its true value were \eqn{\theta}:
#' * `"exact"` (proportions): the binomial quantile
#'   \eqn{r = F^{-1}(P)} of \eqn{\mathrm{Bin}(n, \theta)}, interpolated
#'   between whole counts as Spiegelhalter (2005) does, so that the funnel
#'   is a smooth curve: \eqn{\alpha = (F(r) - P) / (F(r) - F(r - 1))} and
#'   the limit is \eqn{(r - \alpha) / n} (never below 0);
#' * `"wilson"` (proportions): the Wilson score interval around
#'   \eqn{\theta}, \eqn{(2n\theta + z^2 \pm z\sqrt{z^2 + 4n\theta(1 -
#'   \theta)}) / (2(n + z^2))} with \eqn{z} the normal quantile of
#'   \eqn{1 - P}: the interval of [stats::prop.test()] without continuity
#'   correction for \eqn{n\theta} out of \eqn{n}, the method of Public
#'   Health England's "Technical Guide: Confidence intervals" for
#'   proportions;
#' * `"poisson"` (rates, such as reoffences per offender): the Poisson
#'   quantile of \eqn{\mathrm{Pois}(n\theta)}, interpolated as for
#'   `"exact"`, over \eqn{n}, times `multiplier`.
#'
#' An area is `"above"` when its value is above the upper limit, `"below"`
#' when below the lower one, and `"within"` otherwise (ends included), at
#' each level. These are the methods of Public Health England's funnel plot
#' guidance (Fingertips "Technical Guide: Confidence intervals" and its
#' funnel plot technical note) and of Spiegelhalter, D. J. (2005), "Funnel
#' plots for comparing institutional performance", *Statistics in
#' Medicine* 24, 1185-1202; the arguments follow the habits of the
#' FunnelPlotR and PHEindicatormethods packages (numerator, denominator, an
#' area label, limits at 95% and 99.8%). Overdispersion is not adjusted for.
#'
#' @param x The numerators: counts of people (reoffenders) for proportions,
#'   or of events (reoffences) for rates, numeric, not negative; or a data
#'   frame holding them, whose columns `numerator`, `denominator` and `area`
#'   then name, as tidy selections ([column-selection]).
#' @param denominator The denominators (offenders), numeric, above zero and,
#'   for proportions, at least the numerators; or, with a data frame, its
#'   column.
#' @param numerator With a data frame `x`: its numerator column.
#' @param area Labels of the areas, one per numerator; by default the names
#'   of `x`, else `"Area 1"`, `"Area 2"`, ...; or, with a data frame, its
#'   column (`NULL` for the default).
#' @param benchmark The value the limits are drawn around: a proportion
#'   between 0 and 1, or a rate in the units of the result (per
#'   `multiplier`); `NULL` for the pooled value.
#' @param levels The control limit levels, numbers strictly between 0 and 1,
#'   at most 0.9999: `c(0.95, 0.998)` gives the usual 2 and 3 standard
#'   deviation limits.
#' @param method `"exact"` (binomial, the default), `"wilson"` (both for
#'   proportions) or `"poisson"` (for rates).
#' @param multiplier For `"poisson"`: the rate is `numerator / denominator *
#'   multiplier` (100 for a rate per 100 offenders). Must be 1 for
#'   proportions.
#' @param ... Passed to the method.
#' @return A [report_table()] with one row per area, in the order given:
#'   `area`, `numerator` and `denominator` (counts), the area's `proportion`
#'   (or `rate`), `benchmark`, then for each level (named by its percentage,
#'   `95` and `99.8`) `lower_95`, `upper_95` (the control limits at the
#'   area's denominator) and `against_95` (`"above"`, `"below"` or
#'   `"within"`). Limits and flags are `NA` where the denominator is
#'   missing. The notes say the method and the benchmark. From a
#'   `report_table`, the source and the headers of the numerator and
#'   denominator columns are kept.
#' @seealso [report_plot()] to draw the funnel, [london_reoffending] for
#'   (synthetic) London boroughs, [compare_to_benchmark()] for one area.
#' @examples
#' limits <- funnel_limits(london_reoffending, reoffenders, offenders,
#'                         area = borough, benchmark = 0.2353)
#' limits[limits$against_99.8 != "within", c("area", "proportion")]
#'
#' # From vectors; a rate of reoffences per offender, by Poisson limits
#' with(london_reoffending,
#'      funnel_limits(reoffences, offenders, area = borough,
#'                    method = "poisson"))
#'
#' # A native Excel funnel chart: the areas as points, the limits (worked
#' # out at each area's size) as lines, in order of the denominator
#' limits <- limits[order(limits$denominator), ]
#' funnel <- report_table(limits, chart = report_chart(
#'   "denominator", "proportion", type = "scatter",
#'   lines = c("lower_99.8", "lower_95", "benchmark", "upper_95",
#'             "upper_99.8")))
#' chart_alt_text(funnel)
#' write_report(list(Funnel = funnel), tempfile(fileext = ".xlsx"),
#'              title = "Proven reoffending by area")
#' @export
funnel_limits <- function(x, ...) {
  UseMethod("funnel_limits")
}

#' @rdname funnel_limits
#' @export
funnel_limits.data.frame <- function(x, numerator, denominator, area = NULL,
                                     benchmark = NULL,
                                     levels = c(0.95, 0.998),
                                     method = c("exact", "wilson",
                                                "poisson"),
                                     multiplier = 1, ...) {
  check_dots_empty(...)
  if (missing(numerator)) abort("`numerator` must name a column of `x`.")
  if (missing(denominator)) abort("`denominator` must name a column of `x`.")
  num <- column_name(rlang::enquo(numerator), x, "numerator", data_arg = "x")
  den <- column_name(rlang::enquo(denominator), x, "denominator",
                     data_arg = "x")
  area_quo <- rlang::enquo(area)
  labels <- NULL
  if (!rlang::quo_is_null(area_quo)) {
    labels <- x[[column_name(area_quo, x, "area", data_arg = "x")]]
  }
  numerators <- x[[num]]
  if (!is.numeric(numerators) || is.factor(numerators)) {
    abort("`numerator` must name a numeric column of `x`; `", num,
          "` is ", type_name(numerators), ".")
  }
  out <- funnel_limits.default(numerators, x[[den]], area = labels,
                               benchmark = benchmark, levels = levels,
                               method = method, multiplier = multiplier)
  # The figures come from where the table's came from, and keep its
  # headers.
  if (is_report_table(x)) {
    meta <- table_meta(x)
    headers <- meta$columns$label[match(c(num, den), meta$columns$name)]
    out <- keep_funnel(out, report_table(
      out, source = meta$source,
      labels = c(numerator = headers[1L], denominator = headers[2L])))
  }
  out
}

keep_funnel <- function(from, to) {
  attr(to, "funnel") <- attr(from, "funnel")
  to
}

#' @rdname funnel_limits
#' @export
funnel_limits.default <- function(x, denominator, area = NULL,
                                  benchmark = NULL, levels = c(0.95, 0.998),
                                  method = c("exact", "wilson", "poisson"),
                                  multiplier = 1, ...) {
  check_dots_empty(...)
  if (missing(denominator)) abort("`denominator` must be given.")
  numerator <- check_number_vector(x, "numerator")
  denominator <- check_number_vector(denominator, "denominator")
  method <- check_choice(method, c("exact", "wilson", "poisson"), "method")
  n <- length(numerator)
  if (n == 0L) abort("`numerator` must have at least one value.")
  check_same_length(denominator, n, "denominator", "numerator")
  check_finite(numerator, "numerator")
  check_finite(denominator, "denominator")
  if (any(numerator < 0, na.rm = TRUE)) {
    abort("`numerator` must not be negative; found ",
          show_values(numerator[!is.na(numerator) & numerator < 0]), ".")
  }
  if (any(denominator <= 0, na.rm = TRUE)) {
    abort("`denominator` must be above zero; found ",
          show_values(denominator[!is.na(denominator) & denominator <= 0]),
          ".")
  }
  rate <- method == "poisson"
  if (!rate && any(numerator > denominator, na.rm = TRUE)) {
    i <- which(numerator > denominator)[1L]
    abort("`numerator` must not exceed `denominator` for a proportion; ",
          "area ", i, " has ", numerator[i], " out of ", denominator[i],
          ". For a rate of events, use method = \"poisson\".")
  }
  if (!is.numeric(multiplier) || length(multiplier) != 1L ||
      !is.finite(multiplier) || multiplier <= 0) {
    abort("`multiplier` must be a single positive number.")
  }
  if (!rate && multiplier != 1) {
    abort("`multiplier` must be 1 for proportions (method \"", method,
          "\"); a proportion is kept between 0 and 1.")
  }
  levels <- check_confidence_levels(levels)
  area <- area_labels(area, numerator, n)
  known <- !is.na(numerator) & !is.na(denominator)
  if (!any(known)) {
    abort("`numerator` and `denominator` must have at least one area ",
          "with both values.")
  }
  pooled <- sum(numerator[known]) / sum(denominator[known])
  if (is.null(benchmark)) {
    theta <- pooled
    said <- "the pooled value of all areas"
  } else {
    if (!is.numeric(benchmark) || length(benchmark) != 1L ||
        !is.finite(benchmark) || benchmark < 0) {
      abort("`benchmark` must be a single number, not negative, or NULL ",
            "for the pooled value.")
    }
    theta <- benchmark / multiplier
    if (!rate) check_proportion(benchmark, "benchmark")
    said <- "as given"
  }

  value <- numerator / denominator
  out <- list(area = area, numerator = numerator, denominator = denominator)
  value_name <- if (rate) "rate" else "proportion"
  out[[value_name]] <- value * multiplier
  out$benchmark <- rep(theta * multiplier, n)
  roles <- c(area = "label", numerator = "count", denominator = "count",
             benchmark = value_name)
  roles[[value_name]] <- value_name
  labels <- c(area = "Area", numerator = if (rate) "Events" else "Numerator",
              denominator = "Denominator", benchmark = "Benchmark")
  labels[[value_name]] <- if (rate) "Rate" else "Proportion"
  for (level in levels) {
    limits <- funnel_bounds(denominator, theta, level, method)
    tag <- level_tag(level)
    lower <- paste0("lower_", tag)
    upper <- paste0("upper_", tag)
    against <- paste0("against_", tag)
    out[[lower]] <- limits$lower * multiplier
    out[[upper]] <- limits$upper * multiplier
    out[[against]] <- funnel_flags(value, limits)
    roles[c(lower, upper, against)] <- c(value_name, value_name, "label")
    labels[c(lower, upper, against)] <- paste0(tag, "% ", c("lower limit",
                                                            "upper limit",
                                                            "limits"))
  }
  whole <- whole_role(out[c("numerator", "denominator")])
  roles[c("numerator", "denominator")] <- whole
  out <- as_table_frame(out, n)
  method_note <- switch(
    method,
    exact = "exact binomial limits, interpolated (Spiegelhalter 2005)",
    wilson = "Wilson score limits",
    poisson = "Poisson limits, interpolated (Spiegelhalter 2005)")
  shown_benchmark <- if (rate) format(signif(theta * multiplier, 4)) else
    paste0(format(round(100 * theta, 2), nsmall = 2), "%")
  meta <- describe_table(
    out, roles[names(out)], keys = "area",
    units = c(numerator = if (rate) "events" else "people",
              denominator = "people")[whole == "count"],
    labels = labels,
    derived = list(derived_link(value_name, "numerator", "denominator")),
    title = paste0("Funnel plot control limits: ",
                   if (rate) "rates" else "proportions", " against ",
                   shown_benchmark),
    notes = c(paste0("Control limits at ",
                     paste0(level_tag(levels), "%", collapse = " and "),
                     ": ", method_note, " around the benchmark, ",
                     shown_benchmark, " (", said, ")."),
              paste0("Against the limits: above or below when outside ",
                     "them, within otherwise.")))
  tab <- new_report_table(out, meta)
  attr(tab, "funnel") <- list(method = method, levels = levels,
                              benchmark = theta, multiplier = multiplier)
  tab
}

# The control limits at denominators `n` around `theta` at one level, as
# proportions (rates per 1 for Poisson). One rule for the table and the
# funnel's curves alike.
funnel_bounds <- function(n, theta, level, method) {
  p <- (1 - level) / 2
  if (method == "wilson") {
    z <- stats::qnorm(1 - p)
    centre <- 2 * n * theta + z^2
    half <- z * sqrt(z^2 + 4 * n * theta * (1 - theta))
    lower <- (centre - half) / (2 * (n + z^2))
    upper <- (centre + half) / (2 * (n + z^2))
    return(list(lower = pmax(0, lower), upper = pmin(1, upper)))
  }
  quantile <- function(prob) {
    if (method == "exact") {
      r <- stats::qbinom(prob, n, theta)
      at <- stats::pbinom(r, n, theta)
      below <- stats::pbinom(r - 1, n, theta)
    } else {
      r <- stats::qpois(prob, n * theta)
      at <- stats::ppois(r, n * theta)
      below <- stats::ppois(r - 1, n * theta)
    }
    step <- at - below
    alpha <- ifelse(step > 0, (at - prob) / step, 0)
    pmax(0, r - alpha) / n
  }
  list(lower = quantile(p), upper = quantile(1 - p))
}

# Outside a limit by more than a relative rounding error of 1e-9 (a
# proportion of 1 is not above an upper limit of 1 computed as 1 - 1e-16).
funnel_flags <- function(value, limits) {
  slack <- function(limit) 1e-9 * pmax(abs(limit), 1e-12)
  flag <- ifelse(value - limits$upper > slack(limits$upper), "above",
                 ifelse(limits$lower - value > slack(limits$lower), "below",
                        "within"))
  flag[is.na(value) | is.na(limits$lower)] <- NA_character_
  flag
}

# 0.95 -> "95", 0.998 -> "99.8": the names of the limit columns.
level_tag <- function(level) {
  format(100 * level, trim = TRUE, drop0trailing = TRUE, digits = 6)
}

check_confidence_levels <- function(levels) {
  if (!is.numeric(levels) || length(levels) == 0L || anyNA(levels) ||
      any(levels <= 0 | levels > 0.9999)) {
    abort("`levels` must be numbers between 0 and 1 (at most 0.9999), ",
          "such as c(0.95, 0.998).")
  }
  if (anyDuplicated(level_tag(levels))) {
    abort("`levels` must not repeat a level.")
  }
  sort(levels)
}

area_labels <- function(area, numerator, n) {
  if (is.null(area)) {
    area <- names(numerator)
    if (is.null(area)) area <- paste("Area", seq_len(n))
  }
  if (is.factor(area)) area <- as.character(area)
  if (!is.character(area) || length(area) != n || anyNA(area)) {
    abort("`area` must hold one label per area (", n, "), with no ",
          "missing values.")
  }
  if (anyDuplicated(area)) {
    abort("`area` must not repeat a label; ",
          show_values(area[duplicated(area)]), " appears more than once.")
  }
  area
}

check_dots_empty <- function(...) {
  if (...length() > 0L) {
    dots <- names(list(...))
    abort("Unknown argument", if (...length() > 1L) "s", ": ",
          if (is.null(dots) || all(dots == "")) "unnamed" else
            show_values(dots[dots != ""]), ".")
  }
  invisible()
}

# ---- The funnel plot (report_plot(type = "funnel")) --------------------------

plot_funnel <- function(x, meta, highlight = NULL) {
  tags <- limit_tags(names(x))
  value_name <- intersect(c("proportion", "rate"), names(x))[1L]
  if (!all(c("numerator", "denominator", "area") %in% names(x)) ||
      is.na(value_name) || length(tags) == 0L) {
    abort("`x` must be a table from funnel_limits().")
  }
  if (!is.null(highlight) && (!is.character(highlight) ||
                              anyNA(highlight) ||
                              !all(highlight %in% x$area))) {
    abort("`highlight` must name areas of `x` (its `area` column).")
  }
  settings <- attr(x, "funnel")
  outer <- tags[length(tags)]
  flag <- x[[paste0("against_", outer)]]
  rate <- value_name == "rate"
  data <- data.frame(area = x$area, denominator = x$denominator,
                     value = x[[value_name]],
                     flag = factor(ifelse(is.na(flag), "within", flag),
                                   levels = c("above", "within", "below")),
                     stringsAsFactors = FALSE)
  data <- data[!is.na(data$value) & !is.na(data$denominator), ,
               drop = FALSE]
  curves <- funnel_curves(x, data, tags, settings)
  benchmark <- x$benchmark[1L]
  named <- data[data$flag != "within" | data$area %in% highlight, ,
                drop = FALSE]
  shapes <- c(above = 24, within = 21, below = 25)
  fills <- c(above = gss_palette[3L], within = "white",
             below = gss_palette[2L])
  flag_labels <- c(above = paste0("Above the ", outer, "% limit"),
                   within = "Within",
                   below = paste0("Below the ", outer, "% limit"))
  shown <- levels(droplevels(data$flag))
  plot <- ggplot2::ggplot(data, ggplot2::aes(x = .data$denominator,
                                             y = .data$value)) +
    ggplot2::geom_hline(yintercept = benchmark, colour = gss_palette[1L]) +
    ggplot2::geom_line(data = curves,
                       ggplot2::aes(y = .data$limit, group = .data$curve,
                                    linetype = .data$level),
                       colour = gss_palette[5L]) +
    ggplot2::geom_point(ggplot2::aes(shape = .data$flag, fill = .data$flag),
                        size = 2.6) +
    ggplot2::scale_shape_manual(values = shapes[shown],
                                labels = flag_labels[shown], name = NULL) +
    ggplot2::scale_fill_manual(values = fills[shown],
                               labels = flag_labels[shown], name = NULL) +
    ggplot2::scale_linetype_manual(
      values = stats::setNames(c("dashed", "solid", "dotted",
                                 "dotdash")[seq_along(tags)],
                               paste0(tags, "% limits")), name = NULL)
  if (nrow(named) > 0L) {
    named$highlighted <- named$area %in% highlight
    plot <- plot +
      ggplot2::geom_text(data = named,
                         ggplot2::aes(label = .data$area,
                                      fontface = ifelse(.data$highlighted,
                                                        "bold", "plain")),
                         vjust = -0.9, size = 3)
  }
  plot <- plot +
    ggplot2::labs(x = meta$columns$label[match("denominator",
                                                meta$columns$name)],
                  y = if (rate) meta$columns$label[match("rate",
                                                          meta$columns$name)]
                      else "Proportion",
                  alt = alt_funnel(x, data, tags, benchmark, rate,
                                   highlight)) +
    plot_theme() +
    ggplot2::theme(legend.box = "vertical")
  if (!rate) {
    plot <- plot + ggplot2::scale_y_continuous(
      labels = percent_labels,
      expand = ggplot2::expansion(mult = c(0.05, 0.1)))
  }
  plot
}

# The limits as curves over the range of the denominators (recomputed by
# the table's own method), or, for a table that has lost its settings,
# through the limits at the areas' denominators.
funnel_curves <- function(x, data, tags, settings) {
  curves <- list()
  if (!is.null(settings)) {
    span <- range(data$denominator)
    grid <- unique(round(seq(max(1, span[1L] * 0.8), span[2L] * 1.1,
                             length.out = 200L)))
    for (k in seq_along(settings$levels)) {
      bounds <- funnel_bounds(grid, settings$benchmark, settings$levels[k],
                              settings$method)
      for (side in c("lower", "upper")) {
        curves[[length(curves) + 1L]] <- data.frame(
          denominator = grid, limit = bounds[[side]] * settings$multiplier,
          level = paste0(level_tag(settings$levels[k]), "% limits"),
          curve = paste(side, k))
      }
    }
  } else {
    ordered <- x[order(x$denominator), , drop = FALSE]
    for (tag in tags) {
      for (side in c("lower", "upper")) {
        curves[[length(curves) + 1L]] <- data.frame(
          denominator = ordered$denominator,
          limit = ordered[[paste0(side, "_", tag)]],
          level = paste0(tag, "% limits"), curve = paste(side, tag))
      }
    }
  }
  curves <- do.call(rbind, curves)
  curves$level <- factor(curves$level, levels = paste0(tags, "% limits"))
  curves[!is.na(curves$limit), , drop = FALSE]
}

# The levels of a funnel table, from its limit columns, innermost first.
limit_tags <- function(names) {
  tags <- sub("^against_", "", names[startsWith(names, "against_")])
  tags <- tags[paste0("lower_", tags) %in% names &
                 paste0("upper_", tags) %in% names]
  tags[order(as.numeric(tags))]
}

alt_funnel <- function(x, data, tags, benchmark, rate, highlight) {
  shown <- function(v) if (rate) show_number(signif(v, 3)) else
    show_percent(v)
  outer <- tags[length(tags)]
  text <- paste0("Funnel plot of ", nrow(data), " areas around ",
                 shown(benchmark))
  for (tag in rev(tags)) {
    flag <- x[[paste0("against_", tag)]]
    text <- paste0(text, if (tag == outer) ": " else "; ",
                   sum(flag != "within", na.rm = TRUE), " lie outside the ",
                   tag, "% limits (", sum(flag == "above", na.rm = TRUE),
                   " above, ", sum(flag == "below", na.rm = TRUE),
                   " below)")
  }
  for (area in highlight) {
    i <- match(area, x$area)
    where <- x[[paste0("against_", outer)]][i]
    text <- paste0(text, "; ", area, ", ", shown(x[[if (rate) "rate" else
      "proportion"]][i]), " of ", show_number(x$denominator[i]), ", is ",
      if (is.na(where)) "not placed" else if (where == "within")
        paste0("within the ", outer, "% limits") else
          paste0(where, " the ", outer, "% limits"))
  }
  paste0(text, ".")
}
