skip_if_not_installed("ggplot2")
# Under valgrind (CI) this is R and its graphics packages, not our C: the
# engines behind it are checked there by the other test files.
skip_if(nzchar(Sys.getenv("REOFFENDING_VALGRIND")), "under valgrind")

palette <- c("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D",
             "#A285D1")

x_limits <- function(p) {
  ggplot2::ggplot_build(p)$layout$panel_scales_x[[1]]$get_limits()
}
y_limits <- function(p) {
  ggplot2::ggplot_build(p)$layout$panel_scales_y[[1]]$get_limits()
}
# Discrete axis labels from the bottom (or left) up.
axis_labels <- function(p, axis = "y") {
  params <- ggplot2::ggplot_build(p)$layout$panel_params[[1]]
  params[[axis]]$get_labels()
}
layer_of <- function(p, geom) {
  which(vapply(p$layers, function(l) inherits(l$geom, geom), logical(1)))
}

rates_2014_2015 <- function() {
  followed <- proven_reoffending(barnet_cohort, barnet_offences)
  reoffending_rates(followed, by = cohort_year)
}

test_that("Barnet's needs against London: dots in order, 0 to 100%", {
  p <- report_plot(barnet_needs)
  expect_s3_class(p, "ggplot")
  points <- ggplot2::layer_data(p, 1)
  expect_identical(nrow(points), 20L)
  expect_equal(points$x, c(barnet_needs$Barnet, barnet_needs$London))
  # First need at the top: the axis reads the table's order from the top.
  expect_identical(rev(axis_labels(p)), barnet_needs$need)
  expect_equal(as.numeric(points$y[1:10]), 10:1)
  expect_equal(x_limits(p), c(0, 1))
  # Two series, two colours of the palette and two shapes (grey scale).
  expect_identical(unique(points$colour), palette[1:2])
  expect_length(unique(points$shape), 2L)
  expect_identical(gsub("\n", " ", p$labels$title),
                   table_record(barnet_needs)$title)
  expect_match(p$labels$caption, "^Source: London Borough of Barnet")
  expect_identical(ggplot2::get_alt_text(p), paste0(
    "Barnet is below London on 7 of 10 needs (above on 1, level on 2); ",
    "the largest gaps are Attitudes (73% against 79%) and Financial issues ",
    "(50% against 56%)."))
  # One largest gap is named alone.
  one <- report_plot(barnet_needs[barnet_needs$need != "Financial issues", ])
  expect_match(ggplot2::get_alt_text(one),
               "; the largest gap is Attitudes, 73% against 79%.$")
})

test_that("needs as bars; autoplot() gives the same picture", {
  p <- report_plot(barnet_needs, style = "bars")
  bars <- ggplot2::layer_data(p, 1)
  expect_true(inherits(p$layers[[1]]$geom, "GeomCol"))
  expect_equal(sort(bars$xmax), sort(c(barnet_needs$Barnet,
                                       barnet_needs$London)))
  expect_identical(sort(unique(bars$fill)), sort(palette[1:2]))
  auto <- ggplot2::autoplot(barnet_needs)
  expect_identical(ggplot2::layer_data(auto, 1),
                   ggplot2::layer_data(report_plot(barnet_needs), 1))
  expect_identical(ggplot2::get_alt_text(auto),
                   ggplot2::get_alt_text(report_plot(barnet_needs)))
})

test_that("a needs profile of records leaves out its total row", {
  tab <- needs_profile(lewisham_offenders, starts_with("need_"))
  p <- report_plot(tab)
  points <- ggplot2::layer_data(p, 1)
  expect_identical(nrow(points), 10L)
  expect_equal(points$x, tab$percentage[1:10])
  expect_false("Total Offenders" %in% axis_labels(p))
  top <- which.max(tab$percentage[1:10])
  expect_match(ggplot2::get_alt_text(p),
               paste0("most common is ", tab$need[top]), fixed = TRUE)
  # With the published needs: shares of the assessed, one series.
  expect_match(ggplot2::get_alt_text(report_plot(lewisham_needs)),
               "^Of 10 needs, the most common is")
})

test_that("a profile by group names its series by group; empty groups drop", {
  tab <- needs_profile(lewisham_offenders, c(need_drugs, need_alcohol,
                                             need_ete),
                       by = cohort, labels = c("Drugs", "Alcohol", "ETE"))
  p <- report_plot(tab)
  points <- ggplot2::layer_data(p, 1)
  # MHLD has nobody in Lewisham: four series of three needs.
  expect_identical(nrow(points), 12L)
  expect_identical(levels(p$data$series),
                   c("Young Males", "Adult Males", "Mature Males", "Women"))
  expect_identical(unique(points$colour), palette[1:4])
  expect_length(unique(points$shape), 4L)
  drugs <- tab[tab$need == "Drugs", ]
  expect_identical(ggplot2::get_alt_text(p), paste0(
    "3 needs in 4 groups; they differ most on Drugs, from ",
    sprintf("%.1f%%", 100 * drugs$`Mature Males percentage`),
    " (Mature Males) to ", sprintf("%.1f%%", 100 * drugs$`Women percentage`),
    " (Women)."))
})

test_that("rates by cohort year with Wilson intervals and London's line", {
  rates <- rates_2014_2015()
  p <- report_plot(rates, benchmark = c(London = 0.2353))
  bars <- ggplot2::layer_data(p, layer_of(p, "GeomErrorbar"))
  # prop.test without continuity correction is the Wilson interval.
  ci_2014 <- prop.test(1016, 4588, correct = FALSE)$conf.int
  ci_2015 <- prop.test(862, 4262, correct = FALSE)$conf.int
  expect_equal(bars$ymin, c(ci_2014[1], ci_2015[1]))
  expect_equal(bars$ymax, c(ci_2014[2], ci_2015[2]))
  points <- ggplot2::layer_data(p, layer_of(p, "GeomPoint"))
  expect_equal(points$y, c(1016 / 4588, 862 / 4262))
  expect_identical(axis_labels(p, "x"), c("2014", "2015"))
  line <- ggplot2::layer_data(p, layer_of(p, "GeomHline"))
  expect_equal(line$yintercept, 0.2353)
  expect_identical(y_limits(p)[1], 0)
  expect_lte(y_limits(p)[2], 1)
  alt <- ggplot2::get_alt_text(p)
  expect_match(alt, "2015 20.2% (95% interval 19.0% to 21.5%)", fixed = TRUE)
  expect_match(alt, paste("against London, 23.5%: 2 below it beyond the",
                          "interval, 0 above, 0 within."), fixed = TRUE)
  expect_identical(p$labels$y, "Proportion who reoffend")
})

test_that("compare_cohorts() and the published table: earlier cohort first", {
  rates <- rates_2014_2015()
  compared <- compare_cohorts(rates[rates$cohort_year == "2015", ],
                              rates[rates$cohort_year == "2014", ],
                              benchmark = 0.2353,
                              labels = c("Barnet 2015", "Barnet 2014",
                                         "London"))
  for (tab in list(compared, barnet_reoffending)) {
    p <- report_plot(tab)
    points <- ggplot2::layer_data(p, layer_of(p, "GeomPoint"))
    expect_equal(points$y, c(tab[[3]][4], tab[[2]][4]))
    bars <- ggplot2::layer_data(p, layer_of(p, "GeomErrorbar"))
    expect_equal(bars$ymin[2], prop.test(862, 4262,
                                         correct = FALSE)$conf.int[1])
    line <- ggplot2::layer_data(p, layer_of(p, "GeomHline"))
    expect_equal(line$yintercept, 0.2353)
  }
  p <- report_plot(compared)
  expect_identical(axis_labels(p, "x"), c("Barnet 2014", "Barnet 2015"))
  expect_match(ggplot2::get_alt_text(p), paste0(
    "^Proportion of offenders who reoffend: Barnet 2014 22.1% \\(95% ",
    "interval 21.0% to 23.4%\\); Barnet 2015 20.2%"))
  expect_match(ggplot2::get_alt_text(p), "against London, 23.5%: 2 below",
               fixed = TRUE)
})

test_that("compare_to_benchmark(): the proportion, its interval, the line", {
  green <- compare_to_benchmark(c(Green = 76), 722, benchmark = 30 / 450,
                                conf_level = 0.9)
  p <- report_plot(green)
  bars <- ggplot2::layer_data(p, layer_of(p, "GeomErrorbar"))
  ci <- prop.test(76, 722, conf.level = 0.9, correct = FALSE)$conf.int
  expect_equal(c(bars$ymin, bars$ymax), c(ci[1], ci[2]))
  expect_equal(ggplot2::layer_data(p, layer_of(p, "GeomHline"))$yintercept,
               30 / 450)
  expect_identical(p$labels$y, "Proportion")
  expect_match(ggplot2::get_alt_text(p), paste0(
    "^Proportion: Green 10.5% \\(90% interval .*; against Benchmark, 6.7%: ",
    "0 below it beyond the interval, 1 above, 0 within.$"))
  several <- compare_to_benchmark(c(a = 7, b = 9), 20, benchmark = c(0.2, 0.3))
  expect_error(report_plot(several), "different benchmarks",
               class = "reoffending_error_bad_argument")
})

test_that("rates by two columns: the second is the series", {
  followed <- proven_reoffending(barnet_cohort, barnet_offences)
  rates <- reoffending_rates(followed, by = c(cohort_year, sex))
  p <- report_plot(rates)
  points <- ggplot2::layer_data(p, layer_of(p, "GeomPoint"))
  expect_equal(points$y, rates$proportion)
  expect_identical(points$colour, rep(palette[1:2], 2))
  expect_identical(levels(p$data$series), c("Female", "Male"))
  expect_match(ggplot2::get_alt_text(p), "2015 \\(Male\\) 20.0%")
})

test_that("targets: actual against the pro-rata target, with the markers", {
  tab <- with(havering_treatment,
              compare_to_target(stats::setNames(result, paste(requirement,
                                                              measure,
                                                              period)),
                                target, elapsed = elapsed))
  p <- report_plot(tab)
  bars <- ggplot2::layer_data(p, 1)
  expect_equal(bars$xmax, havering_treatment$result)
  # First row at the top.
  expect_identical(rev(axis_labels(p)), tab$indicator)
  expect_equal(as.numeric(bars$y), 8:1)
  ticks <- ggplot2::layer_data(p, 3)
  expect_equal(ticks$xmin, havering_treatment$target *
                 havering_treatment$elapsed)
  whole <- ggplot2::layer_data(p, 2)
  expect_equal(whole$xmin, havering_treatment$target[5:8])
  marks <- ggplot2::layer_data(p, 4)
  expect_identical(marks$label, havering_treatment$marker)
  expect_identical(marks$label, tab$marker)
  expect_identical(x_limits(p)[1], 0)
  expect_identical(ggplot2::get_alt_text(p), paste0(
    "Of 8 results against their targets: 3 met (\u2713), 2 on track ",
    "(\u2191), 1 behind (\u2193), 2 missed (\u2717); the furthest below ",
    "its pro-rata target is ATR Starts 2016-2017, 23 against 28."))
  # Results stated as proportions are drawn and said as percentages.
  lpt <- with(lpt_performance, compare_to_target(
    c(Compliance = actual[1], `Victim satisfaction` = actual[2]), target))
  shares <- report_plot(report_table(lpt, roles = c(actual = "percent",
                                                    target = "percent",
                                                    expected = "percent")))
  expect_equal(ggplot2::layer_data(shares, 1)$xmax, c(0.795, 0.93))
  params <- ggplot2::ggplot_build(shares)$layout$panel_params[[1]]
  expect_true(all(grepl("%$", stats::na.omit(params$x$get_labels()))))
  expect_identical(ggplot2::get_alt_text(shares),
                   "Of 2 results against their targets: 2 met (\u2713).")
  # Without indicator names the rows are numbered.
  plain <- report_plot(with(lpt_performance, compare_to_target(actual,
                                                               target)))
  expect_identical(rev(axis_labels(plain)), c("Indicator 1", "Indicator 2"))
})

test_that("the funnel: areas, limits, benchmark, labels outside", {
  limits <- funnel_limits(london_reoffending, reoffenders, offenders,
                          area = borough, benchmark = 0.2353)
  p <- report_plot(limits, highlight = "Barnet")
  points <- ggplot2::layer_data(p, layer_of(p, "GeomPoint"))
  expect_identical(nrow(points), 32L)
  expect_equal(points$x, london_reoffending$offenders)
  expect_equal(points$y, london_reoffending$proportion)
  expect_equal(ggplot2::layer_data(p, layer_of(p, "GeomHline"))$yintercept,
               0.2353)
  # Limits recomputed over the range; at Barnet's size they match the table.
  curves <- ggplot2::layer_data(p, layer_of(p, "GeomLine"))
  expect_length(unique(curves$group), 4L)
  upper <- reoffending:::funnel_bounds(4262, 0.2353, 0.998, "exact")$upper
  expect_equal(upper, limits$upper_99.8[1])
  labels <- ggplot2::layer_data(p, layer_of(p, "GeomText"))$label
  outside <- limits$area[limits$against_99.8 != "within"]
  expect_setequal(labels, union(outside, "Barnet"))
  expect_match(p$labels$caption, "Synthetic figures")
  alt <- ggplot2::get_alt_text(p)
  expect_match(alt, paste0("^Funnel plot of 32 areas around 23.5%: ",
                           sum(limits$against_99.8 != "within"),
                           " lie outside the 99.8% limits"))
  expect_match(alt, "Barnet, 20.2% of 4,262, is below the 99.8% limits",
               fixed = TRUE)
})

test_that("a funnel of rates, and one that lost its settings, still draws", {
  rates <- funnel_limits(london_reoffending, reoffences, offenders,
                         area = borough, method = "poisson")
  p <- report_plot(rates)
  expect_equal(ggplot2::layer_data(p, layer_of(p, "GeomPoint"))$y,
               london_reoffending$reoffences / london_reoffending$offenders)
  expect_match(ggplot2::get_alt_text(p),
               "^Funnel plot of 32 areas around 0.721:")
  bare <- suppressMessages(report_table(as.data.frame(rates)))
  expect_null(attr(bare, "funnel"))
  p <- report_plot(bare, type = "funnel")
  curves <- ggplot2::layer_data(p, layer_of(p, "GeomLine"))
  expect_equal(sort(unique(curves$y)), sort(unique(c(rates$lower_95,
                                                     rates$upper_95,
                                                     rates$lower_99.8,
                                                     rates$upper_99.8))))
})

test_that("title and caption can be given", {
  p <- report_plot(barnet_needs, title = "Needs", caption = "Source: me")
  expect_identical(p$labels$title, "Needs")
  expect_identical(p$labels$caption, "Source: me")
})

test_that("bad input gets classed errors", {
  err <- "reoffending_error_bad_argument"
  expect_error(report_plot(data.frame(a = 1)), "report_table", class = err)
  # A table with no proportion column.
  expect_error(report_plot(lewisham_caseload), "not a table", class = err)
  expect_error(report_plot(lewisham_caseload, type = "needs"),
               "no proportion column", class = err)
  expect_error(report_plot(barnet_needs, type = "pie"), "type", class = err)
  expect_error(report_plot(barnet_needs, style = "lines"), "style",
               class = err)
  expect_error(report_plot(barnet_needs, colour = "red"), "unused",
               class = "error")
  expect_error(report_plot(barnet_needs, type = "rates"), "intervals",
               class = err)
  expect_error(report_plot(barnet_needs, type = "targets"),
               "compare_to_target", class = err)
  expect_error(report_plot(barnet_needs, type = "funnel"), "funnel_limits",
               class = err)
  expect_error(report_plot(rates_2014_2015(), benchmark = 23.53),
               "benchmark", class = err)
  limits <- funnel_limits(c(a = 3, b = 9), c(10, 30))
  expect_error(report_plot(limits, highlight = "Barnet"), "highlight",
               class = err)
  expect_error(report_plot(barnet_needs, title = 1), "title", class = err)
  expect_error(report_plot(barnet_needs[0, ]), "no rows", class = err)
  many <- suppressMessages(report_table(as.data.frame(
    stats::setNames(as.list(rep(0.5, 8)), paste0("p", 1:8))),
    roles = stats::setNames(rep("proportion", 8), paste0("p", 1:8))))
  many <- suppressMessages(report_table(cbind(area = "x",
                                              as.data.frame(many))))
  expect_error(report_plot(many), "at most 6 series", class = err)
})

test_that("without ggplot2 the error says so, by class", {
  # (testthat 3.1.6 has no local_mocked_bindings())
  ns <- asNamespace("reoffending")
  installed <- get("ggplot2_installed", envir = ns)
  utils::assignInNamespace("ggplot2_installed", function() FALSE,
                           "reoffending")
  on.exit(utils::assignInNamespace("ggplot2_installed", installed,
                                   "reoffending"))
  expect_error(report_plot(barnet_needs), "ggplot2",
               class = "reoffending_error_missing_package")
})
