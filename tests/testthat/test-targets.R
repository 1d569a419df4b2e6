tick <- "\u2713"
cross <- "\u2717"
up <- "\u2191"
down <- "\u2193"

# The rules of compare_to_target(), written independently in base R, row by
# row: the oracle for the C engine.
oracle_targets <- function(actual, target, elapsed, previous, polarity,
                           tolerance) {
  n <- max(lengths(list(actual, target, elapsed, previous, polarity,
                        tolerance)))
  actual <- rep_len(actual, n)
  target <- rep_len(target, n)
  elapsed <- rep_len(elapsed, n)
  previous <- rep_len(previous, n)
  polarity <- rep_len(polarity, n)
  tolerance <- rep_len(tolerance, n)
  fuzzy_ge <- function(x, ref) x >= ref - 1e-9 * abs(ref)
  fuzzy_le <- function(x, ref) x <= ref + 1e-9 * abs(ref)
  out <- data.frame(expected = target * elapsed, pct = NA_real_,
                    met = NA, on_track = NA, marker = NA_character_,
                    rag = NA_character_, direction = NA_character_,
                    improved = NA, stringsAsFactors = FALSE)
  for (i in seq_len(n)) {
    a <- actual[i]
    e <- out$expected[i]
    higher <- polarity[i] == "higher"
    if (!is.na(previous[i]) && !is.na(a)) {
      out$direction[i] <- if (a > previous[i]) "up" else
        if (a < previous[i]) "down" else "same"
      out$improved[i] <- if (higher) a > previous[i] else a < previous[i]
    }
    if (is.na(a) || is.na(e)) next
    if (e != 0) out$pct[i] <- a / e
    met <- if (higher) fuzzy_ge(a, target[i]) else
      elapsed[i] == 1 && fuzzy_le(a, target[i])
    on <- if (higher) fuzzy_ge(a, e) else fuzzy_le(a, e)
    out$met[i] <- met
    out$on_track[i] <- on
    out$marker[i] <- if (met) tick else if (elapsed[i] < 1) {
      if (on) up else down
    } else cross
    if (!is.na(tolerance[i])) {
      amber <- if (higher) fuzzy_ge(a, e * (1 - tolerance[i])) else
        fuzzy_le(a, e * (1 + tolerance[i]))
      out$rag[i] <- if (on) "Green" else if (amber) "Amber" else "Red"
    }
  }
  out
}

test_that("the rules reproduce Havering's Table 1 markers exactly", {
  h <- havering_treatment
  res <- compare_to_target(h$result, h$target, elapsed = h$elapsed)
  expect_identical(res$marker, h$marker)
  expect_identical(res$marker, c(tick, tick, cross, cross, up, tick, down,
                                 up))
  expect_identical(res$expected, c(34, 17, 28, 16, 17, 8.5, 14, 8))
  expect_identical(res$met, c(TRUE, TRUE, FALSE, FALSE, FALSE, TRUE, FALSE,
                              FALSE))
  expect_identical(res$on_track, c(TRUE, TRUE, FALSE, FALSE, TRUE, TRUE,
                                   FALSE, TRUE))
  expect_equal(res$pct_of_target[1:2], c(1, 23 / 17))
})

test_that("the result is a report_table with roles", {
  res <- compare_to_target(c(5, 7), c(10, 10), elapsed = 0.5)
  expect_s3_class(res, "report_table")
  expect_identical(names(res), c("actual", "target", "expected",
                                 "pct_of_target", "met", "on_track",
                                 "marker", "rag"))
  expect_identical(unname(record_roles(res)),
                   c("count", "count", "count", "proportion", "label", "label",
                     "marker", "rag"))
  res <- compare_to_target(c(a = 1.5, b = 7), 3, elapsed = 0.5,
                           previous = c(1, 7))
  expect_identical(names(res)[c(1, 10:12)],
                   c("indicator", "previous", "direction", "improved"))
  expect_identical(res$indicator, c("a", "b"))
  expect_identical(record_roles(res)[c("actual", "target", "expected")],
                   c(actual = "rate", target = "count", expected = "rate"))
  out <- capture.output(print(res))
  expect_match(out, "a +1.5 +3 +1.5 +100.0%", all = FALSE)
})

test_that("higher is better: met, on track, markers", {
  res <- compare_to_target(c(10, 9, 6, 4, 12), 10,
                           elapsed = c(1, 1, 0.5, 0.5, 0.5))
  expect_identical(res$met, c(TRUE, FALSE, FALSE, FALSE, TRUE))
  expect_identical(res$on_track, c(TRUE, FALSE, TRUE, FALSE, TRUE))
  expect_identical(res$marker, c(tick, cross, up, down, tick))
})

test_that("lower is better: part way through, a count can only be on track", {
  res <- compare_to_target(c(10, 11, 4, 6, 3), 10,
                           elapsed = c(1, 1, 0.5, 0.5, 0.5),
                           polarity = "lower")
  expect_identical(res$met, c(TRUE, FALSE, FALSE, FALSE, FALSE))
  expect_identical(res$on_track, c(TRUE, FALSE, TRUE, FALSE, TRUE))
  expect_identical(res$marker, c(tick, cross, up, down, up))
  mixed <- compare_to_target(c(8, 8), 10, polarity = c("higher", "lower"))
  expect_identical(mixed$marker, c(cross, tick))
  as_factor <- compare_to_target(c(8, 8), 10,
                                 polarity = factor(c("higher", "lower")))
  expect_identical(as_factor$marker, c(cross, tick))
})

test_that("RAG: Green on track, Amber within tolerance, Red beyond", {
  res <- compare_to_target(c(100, 95, 90, 89), 200, elapsed = 0.5,
                           tolerance = 0.1)
  expect_identical(res$rag, c("Green", "Amber", "Amber", "Red"))
  low <- compare_to_target(c(100, 105, 110, 111), 200, elapsed = 0.5,
                           polarity = "lower", tolerance = 0.1)
  expect_identical(low$rag, c("Green", "Amber", "Amber", "Red"))
  none <- compare_to_target(c(100, 99.9), 100)
  expect_identical(none$rag, c("Green", "Red"))
  per_row <- compare_to_target(95, 100, tolerance = c(0, 0.05, 0.1))
  expect_identical(per_row$rag, c("Red", "Amber", "Amber"))
})

test_that("pro-rata comparisons forgive floating-point rounding", {
  # 7 months into the year, 63 against a yearly target of 108 is on track
  expect_false(63 >= 108 * (7 / 12))
  res <- compare_to_target(63, 108, elapsed = 7 / 12)
  expect_true(res$on_track)
  expect_identical(res$marker, up)
  expect_true(compare_to_target(95.4, relative_target(79.5, 0.2))$met)
})

test_that("previous gives the direction of travel, judged by polarity", {
  res <- compare_to_target(c(5, 5, 5), 10, previous = c(4, 6, 5))
  expect_identical(res$direction, c("up", "down", "same"))
  expect_identical(res$improved, c(TRUE, FALSE, FALSE))
  low <- compare_to_target(c(5, 5, 5), 10, previous = c(4, 6, 5),
                           polarity = "lower")
  expect_identical(low$improved, c(FALSE, TRUE, FALSE))
})

test_that("pct_of_target is NA, not Inf, when the expected result is 0", {
  res <- compare_to_target(c(3, 0), 0)
  expect_identical(res$pct_of_target, c(NA_real_, NA_real_))
  expect_identical(res$met, c(TRUE, TRUE))
})

test_that("NA values give NA results for that row only", {
  res <- compare_to_target(c(NA, 5, 5, 5, 5), c(10, NA, 10, 10, 10),
                           elapsed = c(1, 1, NA, 1, 1),
                           previous = c(1, 1, 1, NA, 1),
                           tolerance = c(0, 0, 0, 0, NA))
  expect_identical(is.na(res$marker), c(TRUE, TRUE, TRUE, FALSE, FALSE))
  expect_identical(is.na(res$met), c(TRUE, TRUE, TRUE, FALSE, FALSE))
  expect_identical(is.na(res$expected), c(FALSE, TRUE, TRUE, FALSE, FALSE))
  expect_identical(is.na(res$rag), c(TRUE, TRUE, TRUE, FALSE, TRUE))
  expect_identical(is.na(res$direction), c(TRUE, FALSE, FALSE, TRUE, FALSE))
  expect_identical(res$marker[4:5], c(cross, cross))
  expect_identical(compare_to_target(NA, 10)$marker, NA_character_)
  out <- capture.output(print(res))
  expect_match(out, "\\[x\\]", all = FALSE)
})

test_that("arguments are recycled; integers and ALTREP read as doubles", {
  n <- 10000L
  a <- compare_to_target(1:n, 5000L, elapsed = 0.5)   # compact ALTREP
  b <- compare_to_target(as.double(1:n), rep(5000, n),
                         elapsed = rep(0.5, n))
  expect_equal(as.data.frame(a), as.data.frame(b))
  expect_identical(a$target, rep(5000L, n))
  expect_identical(sum(a$marker == tick), n - 4999L)
  expect_identical(nrow(compare_to_target(3, 1:7)), 7L)
})

test_that("empty input gives an empty table", {
  res <- compare_to_target(numeric(), 10)
  expect_identical(nrow(res), 0L)
  expect_identical(res$marker, character())
})

test_that("results agree with a base R oracle on random data", {
  set.seed(4)
  n <- 3000
  actual <- round(runif(n, 0, 120))
  actual[sample(n, 60)] <- NA
  target <- sample(c(0, 10, 50, 100, 108), n, replace = TRUE)
  target[sample(n, 30)] <- NA
  elapsed <- sample(c(0.25, 0.5, 7 / 12, 2 / 3, 0.75, 1), n, replace = TRUE)
  elapsed[sample(n, 30)] <- NA
  previous <- round(runif(n, 0, 120))
  previous[sample(n, 60)] <- NA
  polarity <- sample(c("higher", "lower"), n, replace = TRUE)
  tolerance <- sample(c(0, 0.05, 0.2, NA), n, replace = TRUE)
  res <- compare_to_target(actual, target, elapsed, previous, polarity,
                           tolerance)
  want <- oracle_targets(actual, target, elapsed, previous, polarity,
                         tolerance)
  expect_identical(res$expected, want$expected)
  expect_identical(res$pct_of_target, want$pct)
  expect_identical(res$met, want$met)
  expect_identical(res$on_track, want$on_track)
  expect_identical(res$marker, want$marker)
  expect_identical(res$rag, want$rag)
  expect_identical(res$direction, want$direction)
  expect_identical(res$improved, want$improved)
  expect_true(all(c(tick, cross, up, down) %in% res$marker))
  expect_true(all(c("Red", "Amber", "Green") %in% res$rag))
})

test_that("compare_to_target() names the bad argument", {
  expect_error(compare_to_target("5", 10), "`actual` must be numeric")
  expect_error(compare_to_target(5, factor(10)),
               "`target` must be numeric, not a factor")
  expect_error(compare_to_target(5, 10, elapsed = "Q2"),
               "`elapsed` must be numeric")
  expect_error(compare_to_target(5, 10, previous = "4"),
               "`previous` must be numeric")
  expect_error(compare_to_target(5, 10, tolerance = TRUE),
               "`tolerance` must be numeric")
  expect_error(compare_to_target(1:3, c(10, 20)),
               "`target` must have length 1 or 3 \\(the length of `actual`\\)")
  expect_error(compare_to_target(1, c(10, 20, 30), elapsed = c(1, 1)),
               "`elapsed` must have length 1 or 3 \\(the length of `target`")
  expect_error(compare_to_target(1:3, 10, previous = 1:2),
               "`previous` must have length 1 or 3")
  expect_error(compare_to_target(1:3, 10, polarity = c("higher", "lower",
                                                       "higher", "lower")),
               "`actual` must have length 1 or 4")
  expect_error(compare_to_target(numeric(), 1:2),
               "`target` must have length 0 or 1")
  expect_error(compare_to_target(c(5, 6), c(10, -1)),
               "`target` must be finite and not negative; row 2 is -1")
  expect_error(compare_to_target(5, 10, elapsed = 0),
               "`elapsed` must be in \\(0, 1\\]; row 1 is 0")
  expect_error(compare_to_target(5, 10, elapsed = 1.5),
               "`elapsed` must be in \\(0, 1\\]")
  expect_error(compare_to_target(5, 10, elapsed = -0.5), "`elapsed`")
  expect_error(compare_to_target(5, 10, polarity = "up"),
               "`polarity` must be \"higher\" or \"lower\"; row 1 is \"up\"")
  expect_error(compare_to_target(1:3, 10, polarity = c("higher", "Lower",
                                                       "lower")),
               "`polarity` must be \"higher\" or \"lower\"; row 2 is \"Lower\"")
  expect_error(compare_to_target(5, 10, polarity = NA_character_),
               "`polarity` must be \"higher\" or \"lower\"; row 1 is NA")
  expect_error(compare_to_target(5, 10, polarity = 1),
               "`polarity` must be \"higher\" or \"lower\", not a numeric")
  expect_error(compare_to_target(5, 10, tolerance = -0.1),
               "`tolerance` must be finite and not negative")
  expect_error(compare_to_target(Inf, 10), "`actual` must be finite or NA")
  expect_error(compare_to_target(5, Inf), "`target` must be finite")
  expect_error(compare_to_target(5, 10, previous = -Inf),
               "`previous` must be finite or NA")
})

test_that("pct_change() and pp_change() compute changes", {
  expect_equal(pct_change(c(689, 1044, 3114, 226), c(619, 950, 3171, 273)),
               c(689 / 619, 1044 / 950, 3114 / 3171, 226 / 273) - 1)
  expect_identical(pct_change(c(5, 0, NA, 3), c(0, 0, 3, NA)),
                   rep(NA_real_, 4))
  expect_identical(pct_change(6L, 4L), 0.5)
  expect_equal(pct_change(c(2, 4), 1), c(1, 3))
  expect_identical(pct_change(numeric(), 1), numeric())
  expect_equal(pp_change(0.795, 0.769), 2.6)
  expect_equal(pp_change(c(0.5, NA), 0.25), c(25, NA))
})

test_that("relative_target() reproduces the London Probation Trust 95.4%", {
  expect_equal(relative_target(79.5, 0.2), 95.4)
  expect_equal(relative_target(0.795, 0.2), 0.954)
  expect_equal(relative_target(c(100, 50), -0.2), c(80, 40))
  expect_identical(relative_target(NA, 0.2), NA_real_)
})

test_that("period changes name the bad argument", {
  expect_error(pct_change("1", 2), "`current` must be numeric")
  expect_error(pct_change(1, factor(2)), "`previous` must be numeric")
  expect_error(pct_change(1:3, 1:2),
               "`previous` must have length 1 or 3")
  expect_error(pct_change(Inf, 1), "`current` must be finite or NA")
  expect_error(pp_change(79.5, 76.9),
               "`current` must hold proportions between 0 and 1; found")
  expect_error(pp_change(0.5, -0.1), "`previous` must hold proportions")
  expect_error(relative_target("79.5", 0.2), "`baseline` must be numeric")
  expect_error(relative_target(-1, 0.2), "`baseline` must not be negative")
  expect_error(relative_target(1, -1.5), "`change` must be at least -1")
  expect_error(relative_target(1:2, c(0.1, 0.2, 0.3)),
               "`baseline` must have length 1 or 3")
})

test_that("error messages say what was wrong and what is expected", {
  expect_snapshot(error = TRUE, compare_to_target(1:3, c(10, 20)))
  expect_snapshot(error = TRUE, compare_to_target(c(5, 6), c(10, -1)))
  expect_snapshot(error = TRUE, compare_to_target(5, 10, elapsed = 1.5))
  expect_snapshot(error = TRUE,
                  compare_to_target(5, 10, polarity = "more is better"))
  expect_snapshot(error = TRUE, pp_change(79.5, 76.9))
})
