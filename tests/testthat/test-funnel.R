limit_at <- function(n, theta, level, method, side = "upper") {
  tab <- funnel_limits(rep(0, length(n)), n, benchmark = theta,
                       levels = level, method = method)
  tab[[paste0(side, "_", reoffending:::level_tag(level))]]
}

test_that("exact binomial limits are the interpolated binomial quantiles", {
  theta <- 0.2353
  n <- c(20, 137, 1000, 4262, 25000)
  for (level in c(0.95, 0.998)) {
    for (side in c("lower", "upper")) {
      p <- if (side == "lower") (1 - level) / 2 else 1 - (1 - level) / 2
      r <- qbinom(p, n, theta)
      limit <- limit_at(n, theta, level, "exact", side)
      # Between the two whole counts around the quantile ...
      expect_true(all(limit >= (r - 1) / n - 1e-12 & limit <= r / n + 1e-12))
      # ... where Spiegelhalter's interpolation puts it (never below 0).
      alpha <- (pbinom(r, n, theta) - p) / dbinom(r, n, theta)
      expect_equal(limit, pmax(0, r - alpha) / n, tolerance = 1e-12)
    }
  }
})

test_that("an area one count beyond the exact limit fails binom.test", {
  theta <- 0.2353
  for (n in c(40, 500, 4262)) {
    r <- qbinom(0.999, n, theta)
    tab <- funnel_limits(c(r + 1, r - 1), c(n, n), benchmark = theta)
    expect_identical(tab$against_99.8, c("above", "within"))
    expect_lte(binom.test(r + 1, n, theta, alternative = "greater")$p.value,
               0.001)
    expect_gt(binom.test(r - 1, n, theta, alternative = "greater")$p.value,
              0.001)
  }
})

test_that("Wilson limits are prop.test's interval around the benchmark", {
  theta <- 0.2353
  for (n in c(15, 250, 4262, 1e5)) {
    for (level in c(0.95, 0.998)) {
      ci <- prop.test(theta * n, n, conf.level = level,
                      correct = FALSE)$conf.int
      expect_equal(limit_at(n, theta, level, "wilson", "lower"), ci[1],
                   tolerance = 1e-10)
      expect_equal(limit_at(n, theta, level, "wilson", "upper"), ci[2],
                   tolerance = 1e-10)
    }
  }
})

test_that("Poisson limits are interpolated quantiles; poisson.test agrees", {
  rate <- 0.6
  n <- c(50, 400, 4262)
  upper <- limit_at(n, rate, 0.998, "poisson")
  r <- qpois(0.999, n * rate)
  expect_true(all(upper >= (r - 1) / n & upper <= r / n))
  alpha <- (ppois(r, n * rate) - 0.999) / dpois(r, n * rate)
  expect_equal(upper, (r - alpha) / n, tolerance = 1e-12)
  lower <- limit_at(n, rate, 0.95, "poisson", "lower")
  r <- qpois(0.025, n * rate)
  expect_true(all(lower >= (r - 1) / n & lower <= r / n))
  for (k in seq_along(n)) {
    above <- qpois(0.999, n[k] * rate) + 1
    tab <- funnel_limits(above, n[k], benchmark = rate, method = "poisson")
    expect_identical(tab$against_99.8, "above")
    expect_lte(poisson.test(above, n[k], rate,
                            alternative = "greater")$p.value, 0.001)
  }
})

test_that("a multiplier scales rates, limits and the benchmark alike", {
  one <- funnel_limits(c(30, 90), c(100, 120), method = "poisson")
  hundred <- funnel_limits(c(30, 90), c(100, 120), method = "poisson",
                           multiplier = 100)
  expect_equal(hundred$rate, 100 * one$rate)
  expect_equal(hundred$upper_95, 100 * one$upper_95)
  expect_equal(hundred$benchmark, 100 * one$benchmark)
  expect_identical(hundred$against_95, one$against_95)
})

test_that("the benchmark is the pooled proportion unless given", {
  tab <- funnel_limits(london_reoffending, reoffenders, offenders,
                       area = borough)
  pooled <- sum(london_reoffending$reoffenders) /
    sum(london_reoffending$offenders)
  expect_equal(tab$benchmark, rep(pooled, 32))
  expect_equal(round(pooled, 4), 0.2353)
  given <- funnel_limits(london_reoffending, reoffenders, offenders,
                         area = borough, benchmark = 0.25)
  expect_equal(unique(given$benchmark), 0.25)
})

test_that("Barnet is below London's 23.53% at both levels", {
  tab <- funnel_limits(london_reoffending, reoffenders, offenders,
                       area = borough, benchmark = 0.2353)
  barnet <- tab[tab$area == "Barnet", ]
  expect_equal(barnet$proportion, 862 / 4262)
  expect_identical(c(barnet$against_95, barnet$against_99.8),
                   c("below", "below"))
  # Flags follow from the limits in every row.
  expect_identical(tab$against_95 == "above", tab$proportion > tab$upper_95)
  expect_identical(tab$against_95 == "below", tab$proportion < tab$lower_95)
})

test_that("the result is a report_table with roles, labels and source", {
  tab <- funnel_limits(london_reoffending, "reoffenders", "offenders",
                       area = "borough")
  roles <- record_roles(tab)
  expect_identical(unname(roles[c("area", "numerator", "denominator",
                                  "proportion", "lower_95", "against_99.8")]),
                   c("label", "count", "count", "proportion", "proportion",
                     "label"))
  expect_identical(names(tab)[6:11],
                   c("lower_95", "upper_95", "against_95", "lower_99.8",
                     "upper_99.8", "against_99.8"))
  record <- table_record(tab)
  expect_match(record$source, "Synthetic")
  expect_match(paste(record$notes, collapse = " "), "exact binomial")
  expect_identical(record$keys, "area")
  # Tidy selection forms give the same table.
  tidy <- funnel_limits(london_reoffending, all_of("reoffenders"),
                        .data$offenders, area = starts_with("bor"))
  expect_identical(as.data.frame(tidy), as.data.frame(tab))
})

test_that("vectors give areas from names, or numbered", {
  tab <- funnel_limits(c(a = 3, b = 9), c(10, 30))
  expect_identical(tab$area, c("a", "b"))
  expect_identical(funnel_limits(c(3, 9), c(10, 30))$area,
                   c("Area 1", "Area 2"))
  expect_identical(funnel_limits(c(3, 9), c(10, 30),
                                 area = factor(c("x", "y")))$area,
                   c("x", "y"))
})

test_that("a missing count leaves NA in its own row only", {
  tab <- funnel_limits(c(3, NA, 9), c(10, 20, 30))
  expect_true(is.na(tab$proportion[2]) && is.na(tab$against_95[2]))
  expect_false(anyNA(tab$against_95[c(1, 3)]))
  expect_equal(tab$benchmark[1], 12 / 40)
})

test_that("benchmarks of 0 and 1: the ends are within, rounding forgiven", {
  zero <- funnel_limits(c(0, 3), c(10, 20), benchmark = 0)
  expect_identical(zero$against_95, c("within", "above"))
  expect_equal(c(zero$lower_95, zero$upper_95), c(0, 0, 0, 0))
  one <- funnel_limits(c(10, 20), c(10, 20), benchmark = 1,
                       method = "wilson")
  expect_identical(one$against_95, c("within", "within"))
  expect_identical(one$against_99.8, c("within", "within"))
  rates <- funnel_limits(c(0, 3), c(10, 20), benchmark = 0,
                         method = "poisson")
  expect_identical(rates$against_99.8, c("within", "above"))
})

test_that("bad input gets classed errors naming the argument", {
  err <- "reoffending_error_bad_argument"
  expect_error(funnel_limits(c(-1, 2), c(10, 10)), class = err)
  expect_error(funnel_limits(c(11, 2), c(10, 10)), "exceed", class = err)
  expect_error(funnel_limits(c(1, 2), c(0, 10)), "above zero", class = err)
  expect_error(funnel_limits(c(1, 2), c(10, 10, 10)), "denominator",
               class = err)
  expect_error(funnel_limits(c(1, 2), c(10, 10), levels = 1), "levels",
               class = err)
  expect_error(funnel_limits(c(1, 2), c(10, 10), levels = c(0.95, 0.95)),
               "repeat", class = err)
  expect_error(funnel_limits(c(1, 2), c(10, 10), method = "normal"),
               "method", class = err)
  expect_error(funnel_limits(c(1, 2), c(10, 10), benchmark = 1.2),
               "benchmark", class = err)
  expect_error(funnel_limits(c(1, 2), c(10, 10), benchmark = c(0.1, 0.2)),
               "benchmark", class = err)
  expect_error(funnel_limits(c(1, 2), c(10, 10), multiplier = 100),
               "multiplier", class = err)
  expect_error(funnel_limits(c(1, 2), c(10, 10), area = c("a", "a")),
               "repeat", class = err)
  expect_error(funnel_limits(c(1, 2), c(10, 10), area = "a"), "area",
               class = err)
  expect_error(funnel_limits(c(NA, NA), c(10, 10)), "at least one",
               class = err)
  expect_error(funnel_limits(numeric(), numeric()), class = err)
  expect_error(funnel_limits("1", 10), "numerator", class = err)
  expect_error(funnel_limits(c(1, 2), c(10, Inf)), "finite", class = err)
  expect_error(funnel_limits(c(1, 2), c(10, 10), colour = "red"),
               "colour", class = err)
  expect_error(funnel_limits(london_reoffending, no_such, offenders),
               "numerator", class = err)
  expect_error(funnel_limits(london_reoffending, borough, offenders),
               "numeric", class = err)
  expect_error(funnel_limits(london_reoffending, reoffenders), "denominator",
               class = err)
  expect_error(funnel_limits(london_reoffending, reoffenders, offenders,
                             area = c(borough, reoffences)),
               "one column", class = err)
})

test_that("funnel limits go to Excel as a native scatter chart with lines", {
  skip_if_not_installed("xml2")
  limits <- funnel_limits(london_reoffending, reoffenders, offenders,
                          area = borough, benchmark = 0.2353)
  limits <- limits[order(limits$denominator), ]
  funnel <- report_table(limits, chart = report_chart(
    "denominator", "proportion", type = "scatter",
    lines = c("lower_99.8", "lower_95", "benchmark", "upper_95",
              "upper_99.8")))
  path <- tempfile(fileext = ".xlsx")
  on.exit(unlink(path))
  write_report(list(Funnel = funnel), path, title = "Funnel")
  dir <- tempfile("funnel-")
  on.exit(unlink(dir, recursive = TRUE), add = TRUE)
  utils::unzip(path, exdir = dir)
  chart <- xml2::read_xml(file.path(dir, "xl", "charts", "chart1.xml"))
  ns <- xml2::xml_ns(chart)
  expect_length(xml2::xml_find_all(chart, "//c:scatterChart", ns), 1L)
  series <- xml2::xml_find_all(chart, "//c:ser", ns)
  expect_length(series, 6L)           # the areas and five lines
  # The points' values are the proportions column, the areas in order.
  refs <- xml2::xml_text(xml2::xml_find_all(chart, "//c:ser/c:yVal//c:f",
                                            ns))
  expect_match(refs[1], "\\$D\\$")    # proportion is the 4th column
  alt <- chart_alt_text(funnel)
  expect_match(alt, "below the lowest line: .*Barnet \\(20\\.2%\\)")
})
