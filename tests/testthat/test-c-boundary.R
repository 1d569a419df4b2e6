# Direct .Call with wrong arguments must be an R error, never a crash.

call_c <- function(name, ...) {
  .Call(get(name, envir = asNamespace("reoffending")), ...)
}

test_that("C_count_groups checks its arguments", {
  expect_error(call_c("C_count_groups", 1:3, 3L), "`keys` must be of type")
  expect_error(call_c("C_count_groups", list(), integer()), "between 1 and 64")
  expect_error(call_c("C_count_groups", list(1:3), 3), "`nlevels` must be")
  expect_error(call_c("C_count_groups", list(1:3), c(3L, 3L)), "length 1")
  expect_error(call_c("C_count_groups", list(c(1, 2)), 2L),
               "must be of type integer")
  expect_error(call_c("C_count_groups", list(1:3, 1:2), c(3L, 2L)),
               "must have length 3")
  expect_error(call_c("C_count_groups", list(c(1L, 5L)), 3L),
               "code 5 outside 1..3")
  expect_error(call_c("C_count_groups", list(c(0L, 1L)), 3L), "code 0")
  expect_error(call_c("C_count_groups", list(1:3), -1L), "non-negative")
  expect_error(call_c("C_count_groups", list(1L, 1L, 1L),
                      c(2000L, 2000L, 2000L)), "cells")
})

test_that("C_count_groups counts NA in the last level, long and ALTREP", {
  expect_identical(call_c("C_count_groups", list(c(1L, NA, 2L, 2L)), 2L),
                   c(1, 2, 1))
  n <- 100003L
  codes <- 1:n                       # ALTREP compact sequence
  counts <- call_c("C_count_groups", list(codes), n)
  expect_identical(sum(counts), as.double(n))
  expect_true(all(counts[seq_len(n)] == 1))
  set.seed(9)
  a <- sample(c(1:3, NA), 50000, replace = TRUE)
  b <- sample(1:4, 50000, replace = TRUE)
  cube <- call_c("C_count_groups", list(a, b), c(3L, 4L))
  oracle <- table(factor(a, levels = c(1:3, NA), exclude = NULL),
                  factor(b, levels = c(1:4, NA), exclude = NULL))
  expect_identical(cube, as.double(oracle))
})

test_that("C_sum_flags checks its arguments", {
  expect_error(call_c("C_sum_flags", TRUE, NULL, 0L), "`flags` must be of")
  expect_error(call_c("C_sum_flags", list(), NULL, 0L), "between 1 and")
  expect_error(call_c("C_sum_flags", list(1), NULL, 0L),
               "must be logical or integer")
  expect_error(call_c("C_sum_flags", list(TRUE, c(TRUE, FALSE)), NULL, 0L),
               "must have length 1")
  expect_error(call_c("C_sum_flags", list(TRUE), 1, 1L), "`group` must be")
  expect_error(call_c("C_sum_flags", list(TRUE), 1L, 1.5), "`ngroups` must")
  expect_error(call_c("C_sum_flags", list(TRUE), 1L, NA_integer_), "NA")
  expect_error(call_c("C_sum_flags", list(TRUE), 1L, -1L), "non-negative")
  expect_error(call_c("C_sum_flags", list(TRUE), 2L, 1L), "code 2 outside")
  expect_error(call_c("C_sum_flags", list(x = 3L), NULL, 0L),
               "flag `x` must hold only")
})

test_that("C_sum_flags reads ALTREP flags", {
  flags <- list(a = rep(c(TRUE, FALSE, NA), length.out = 10000),
                b = as.integer(rep_len(0:1, 10000)))
  res <- call_c("C_sum_flags", flags, NULL, 0L)
  expect_equal(res$sums[1, ], c(sum(flags$a, na.rm = TRUE), 5000))
  expect_equal(res$assessed, 10000)
})

test_that("C_assign_cohort checks its arguments", {
  ok <- list(30, 1L, FALSE, c(18, 26, 50), TRUE, TRUE)
  args <- function(k, value) {
    ok[k] <- list(value)
    ok
  }
  run <- function(a) do.call(call_c, c(list("C_assign_cohort"), a))
  expect_identical(run(ok), 2L)
  expect_error(run(args(1, 30L)), "`age` must be of type double")
  expect_error(run(args(2, "M")), "`sex` must be of type integer")
  expect_error(run(args(2, c(1L, 2L))), "`sex` must have length 1")
  expect_error(run(args(2, 3L)), "`sex` codes must be")
  expect_error(run(args(3, 1)), "`mhld` must be of type logical")
  expect_error(run(args(3, logical())), "`mhld` must have length 1")
  expect_error(run(args(4, c(26, 18))), "strictly increasing")
  expect_error(run(args(4, numeric())), "`breaks` must have between")
  expect_error(run(args(5, NA)), "`use_women` must not be NA")
  expect_error(run(args(6, 1L)), "`use_mhld` must be of type logical")
})
