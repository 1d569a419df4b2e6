# The Wilson score interval, written independently: prop.test() without
# continuity correction.
oracle_wilson <- function(x, n, conf_level) {
  t(mapply(function(x, n) {
    if (is.na(x) || is.na(n) || n == 0) return(c(NA_real_, NA_real_))
    # (prop.test warns about its chi-squared test at small n; the
    # interval is exact arithmetic all the same)
    as.vector(suppressWarnings(stats::prop.test(
      x, n, conf.level = conf_level, correct = FALSE))$conf.int)
  }, x, n))
}

test_that("the interval is the Wilson score interval of prop.test()", {
  set.seed(11)
  n <- sample(c(1:20, 95, 450, 722, 5000), 300, replace = TRUE)
  x <- vapply(n, function(m) sample(0:m, 1), numeric(1))
  for (level in c(0.9, 0.95, 0.99)) {
    res <- compare_to_benchmark(x, n, benchmark = 0.5, conf_level = level)
    want <- oracle_wilson(x, n, level)
    expect_equal(res$lower, want[, 1], tolerance = 1e-10)
    expect_equal(res$upper, want[, 2], tolerance = 1e-10)
    expect_equal(res$proportion, x / n)
  }
})

test_that("comparisons follow the interval and the polarity", {
  set.seed(12)
  n <- sample(c(5, 50, 500), 400, replace = TRUE)
  x <- vapply(n, function(m) sample(0:m, 1), numeric(1))
  benchmark <- runif(400)
  polarity <- sample(c("higher", "lower"), 400, replace = TRUE)
  res <- compare_to_benchmark(x, n, benchmark, polarity = polarity)
  ci <- oracle_wilson(x, n, 0.95)
  above <- benchmark < ci[, 1]
  below <- benchmark > ci[, 2]
  want <- ifelse(!above & !below, "similar",
                 ifelse(above == (polarity == "higher"), "better", "worse"))
  expect_identical(res$comparison, want)
  expect_true(all(c("better", "similar", "worse") %in% res$comparison))
  expect_equal(res$difference, 100 * (x / n - benchmark))
})

test_that("a benchmark on the end of the interval is similar", {
  res <- compare_to_benchmark(30, 100, benchmark = 0.5)
  edge <- compare_to_benchmark(30, 100, benchmark = c(res$lower, res$upper))
  expect_identical(edge$comparison, c("similar", "similar"))
})

test_that("Havering's Green RAG share rose beyond doubt", {
  res <- compare_to_benchmark(havering_iom$green, havering_iom$occasions,
                              benchmark = 76 / 722)
  expect_identical(res$comparison, c("worse", "similar", "better"))
  expect_equal(res$proportion, c(30 / 450, 76 / 722, 1))
  expect_identical(record_roles(res)[["proportion"]], "proportion")
  expect_s3_class(res, "report_table")
})

test_that("n of 0 and missing values give NA in that row only", {
  res <- compare_to_benchmark(c(0, NA, 5, 5), c(0, 10, NA, 10),
                              benchmark = c(0.5, 0.5, 0.5, NA))
  expect_identical(is.na(res$proportion), c(TRUE, TRUE, TRUE, FALSE))
  expect_identical(is.na(res$lower), c(TRUE, TRUE, TRUE, FALSE))
  expect_identical(res$comparison, rep(NA_character_, 4))
  expect_identical(compare_to_benchmark(0, 10, 0)$comparison, "similar")
  expect_identical(compare_to_benchmark(0, 10, 0)$lower, 0)
  expect_identical(nrow(compare_to_benchmark(numeric(), 10, 0.5)), 0L)
})

test_that("names of count label the rows", {
  res <- compare_to_benchmark(c(Barnet = 40, Brent = 60), 100, 0.5)
  expect_identical(res$indicator, c("Barnet", "Brent"))
  expect_identical(names(res)[1:3], c("indicator", "count", "n"))
})

test_that("two periods: the borough's share of the benchmark and its move", {
  crime <- lewisham_crime
  res <- compare_to_benchmark(crime[c("lewisham_2017", "lewisham_2016")],
                              benchmark = crime[c("met_2017", "met_2016")],
                              polarity = "lower")
  expect_identical(names(res),
                   c("count", "count_previous", "count_change", "benchmark",
                     "benchmark_previous", "benchmark_change", "share",
                     "share_previous", "share_change", "lower", "upper",
                     "comparison"))
  share <- crime$lewisham_2017 / crime$met_2017
  before <- crime$lewisham_2016 / crime$met_2016
  expect_equal(res$share, share)
  expect_equal(res$share_previous, before)
  expect_equal(res$share_change, 100 * (share - before))
  expect_equal(res$count_change, crime$lewisham_2017 / crime$lewisham_2016 - 1)
  expect_equal(res$benchmark_change, crime$met_2017 / crime$met_2016 - 1)
  ci <- oracle_wilson(crime$lewisham_2017, crime$met_2017, 0.95)
  want <- ifelse(before < ci[, 1], "worse",
                 ifelse(before > ci[, 2], "better", "similar"))
  expect_identical(res$comparison, want)
  # Total crimes: Lewisham up 0.3%, the Met up 3.5%; its share fell
  expect_identical(res$comparison[crime$offence == "Total Crimes"], "better")
  expect_identical(unname(record_roles(res)[c("count", "share",
                                               "share_change")]),
                   c("count", "proportion", "pp"))
})

test_that("two periods: matrices and lists work; row names label rows", {
  m <- cbind(c(a = 10, b = 20), c(8, 25))
  met <- cbind(c(100, 200), c(100, 200))
  res <- compare_to_benchmark(m, benchmark = met)
  expect_identical(res$indicator, c("a", "b"))
  expect_equal(res$share, c(0.1, 0.1))
  listed <- compare_to_benchmark(list(c(10, 20), c(8, 25)),
                                 benchmark = list(c(100, 200), c(100, 200)))
  expect_equal(as.data.frame(listed), as.data.frame(res)[-1])
  d <- data.frame(now = c(10, 20), before = c(8, 25),
                  row.names = c("x", "y"))
  expect_identical(compare_to_benchmark(d, benchmark = met)$indicator,
                   c("x", "y"))
  zero <- compare_to_benchmark(list(0, 0), benchmark = list(0, 0))
  expect_identical(zero$share, NA_real_)
  expect_identical(zero$count_change, NA_real_)
})

test_that("compare_to_benchmark() names the bad argument", {
  expect_error(compare_to_benchmark(benchmark = 0.5), "`count` must be")
  expect_error(compare_to_benchmark(5, 10), "`benchmark` must be given")
  expect_error(compare_to_benchmark("5", 10, 0.5), "`count` must be numeric")
  expect_error(compare_to_benchmark(5, "10", 0.5), "`n` must be numeric")
  expect_error(compare_to_benchmark(5, 10, "0.5"),
               "`benchmark` must be numeric")
  expect_error(compare_to_benchmark(1:3, c(10, 10), 0.5),
               "`n` must have length 1 or 3")
  expect_error(compare_to_benchmark(1:3, 10, c(0.5, 0.5)),
               "`benchmark` must have length 1 or 3")
  expect_error(compare_to_benchmark(11, 10, 0.5),
               "`count` must be between 0 and `n`; row 1 is 11")
  expect_error(compare_to_benchmark(-1, 10, 0.5), "`count` must be between")
  expect_error(compare_to_benchmark(1, -10, 0.5),
               "`n` must be finite and not negative")
  expect_error(compare_to_benchmark(5, 10, 1.5),
               "`benchmark` must be a proportion between 0 and 1")
  expect_error(compare_to_benchmark(5, 10, 0.5, polarity = "more"),
               "`polarity` must be \"higher\" or \"lower\"")
  expect_error(compare_to_benchmark(5, 10, 0.5, conf_level = 95),
               "`conf_level` must be a single number between 0 and 1")
  expect_error(compare_to_benchmark(5, 10, 0.5, conf_level = c(.9, .95)),
               "`conf_level`")
  expect_error(compare_to_benchmark(c(5, 6), benchmark = c(50, 60)),
               "Without `n`, `count` must have two columns")
  expect_error(compare_to_benchmark(list(5, 6), benchmark = 50),
               "Without `n`, `benchmark` must have two columns")
  expect_error(compare_to_benchmark(list(5, 6:7), benchmark = list(50, 60)),
               "two columns of `count` must have the same length")
  expect_error(compare_to_benchmark(list(5, "6"), benchmark = list(50, 60)),
               "`count` must be numeric")
  expect_error(compare_to_benchmark(list(70, 6), benchmark = list(50, 60)),
               "`count` must not exceed `benchmark`.*current period row 1")
  expect_error(compare_to_benchmark(list(-5, 6), benchmark = list(50, 60)),
               "`count` must not be negative")
  expect_error(compare_to_benchmark(list(1:2, 1:2),
                                    benchmark = list(1:3, 1:3)),
               "`count` must have length 1 or 3")
})
