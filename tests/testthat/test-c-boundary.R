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

test_that("C_proven_reoffending checks its arguments", {
  ok <- list(c(1L, NA, 2L), c(16500, 16600, 16700), c(16510, NA, 16800),
             c(16400, 16450), c(16765, 16815), c(16946, 16996))
  args <- function(k, value) {
    ok[k] <- list(value)
    ok
  }
  run <- function(a) do.call(call_c, c(list("C_proven_reoffending"), a))
  res <- run(ok)
  expect_identical(names(res), c("reoffended", "reoffences",
                                 "first_reoffence", "problems"))
  expect_identical(res$reoffences, c(1L, 1L))
  expect_identical(res$first_reoffence, c(16500, 16700))
  expect_identical(res$problems, c(0, 0, 0))
  expect_error(run(args(1, c(1, NA, 2))), "`code` must be of type integer")
  expect_error(run(args(1, 1:2)), "`offence_date` must have length 2")
  expect_error(run(args(2, 1:3)), "`offence_date` must be of type double")
  expect_error(run(args(3, c(1, 2))), "`proven_date` must have length 3")
  expect_error(run(args(3, "2015-01-01")), "`proven_date` must be of type")
  expect_error(run(args(4, 16400L)), "`index_date` must be of type double")
  expect_error(run(args(5, 16765)), "`follow_up_end` must have length 2")
  expect_error(run(args(6, c(1, 2, 3))), "`waiting_end` must have length 2")
  expect_error(run(args(1, c(1L, 3L, 2L))), "`code` holds 3, outside 1..2")
  expect_error(run(args(1, c(0L, 1L, 2L))), "`code` holds 0")
  expect_error(run(args(1, c(-5L, 1L, 2L))), "`code` holds -5")
  expect_error(run(args(4, c(NA, 16450))),
               "`index_date` must hold finite dates")
  expect_error(run(args(5, c(Inf, 16815))),
               "`follow_up_end` must hold finite dates")
  expect_error(run(args(6, c(1e12, 16996))),
               "`waiting_end` must hold finite dates")
  # Unusable dates of cohort members are counted, not fatal, in C.
  counted <- run(args(2, c(NA, 1, -Inf)))
  expect_identical(counted$problems, c(2, 0, 0))
  counted <- run(args(3, c(Inf, NA, 16600)))
  expect_identical(counted$problems, c(0, 1, 1))
  # No offenders, no offences.
  empty <- call_c("C_proven_reoffending", integer(), numeric(), numeric(),
                  numeric(), numeric(), numeric())
  expect_identical(empty$reoffences, integer())
  expect_identical(empty$problems, c(0, 0, 0))
  expect_error(call_c("C_proven_reoffending", 1L, 16500, 16510, numeric(),
                      numeric(), numeric()), "`code` holds 1, outside 1..0")
})

test_that("C_proven_reoffending reads ALTREP and long inputs", {
  # Compact sequences (ALTREP) for the codes and dates, over several blocks:
  # offender i, index day 16000, commits offence i on day 16000 + i.
  n <- 10000L
  index <- rep(16000, n)
  res <- call_c("C_proven_reoffending", seq_len(n),
                as.double(16001:(16000 + n)), as.double(16001:(16000 + n)),
                index, rep(16365, n), rep(16546, n))
  expect_identical(res$reoffences, rep(c(1L, 0L), c(365L, n - 365L)))
  expect_identical(res$first_reoffence,
                   c(16000 + 1:365, rep(NA_real_, n - 365L)))
  # Each offender's offences spread over the input, in no order.
  m <- 4L * n
  code <- rep_len(seq_len(n), m)
  offence <- 16000 + rev(rep_len(1:10, m))
  res <- call_c("C_proven_reoffending", code, offence, offence + 1, index,
                rep(16365, n), rep(16546, n))
  expect_identical(res$reoffences, rep(4L, n))
  expect_identical(res$first_reoffence,
                   as.numeric(tapply(offence, code, min)))
})

test_that("C_sum_reoffending checks its arguments", {
  run <- function(group = c(1L, 2L, 1L), ngroups = 2L,
                  reoffended = c(TRUE, FALSE, TRUE),
                  reoffences = c(2L, 0L, 1L)) {
    call_c("C_sum_reoffending", group, ngroups, reoffended, reoffences)
  }
  expect_identical(run(), matrix(c(2, 1, 0, 2, 0, 0, 3, 0, 0), ncol = 3))
  expect_identical(run(group = NULL, ngroups = 0L),
                   matrix(c(3, 2, 3), ncol = 3))
  expect_identical(run(group = c(1L, NA, 1L))[3, ], c(1, 0, 0))
  expect_error(run(ngroups = 2), "`ngroups` must be of type integer")
  expect_error(run(ngroups = NA_integer_), "`ngroups` must not be NA")
  expect_error(run(ngroups = -1L), "non-negative")
  expect_error(run(group = c(1, 2, 1)), "`group` must be of type integer")
  expect_error(run(group = 1:2), "`group` must have length 3")
  expect_error(run(group = c(1L, 3L, 1L)), "`group` holds code 3 outside")
  expect_error(run(reoffended = c(1L, 0L, 1L)),
               "`reoffended` must be of type logical")
  expect_error(run(reoffended = c(TRUE, NA, TRUE)),
               "`reoffended` must not be NA \\(element 2\\)")
  expect_error(run(reoffences = c(2, 0, 1)),
               "`reoffences` must be of type integer")
  expect_error(run(reoffences = 1:2), "`reoffences` must have length 3")
  expect_error(run(reoffences = c(2L, -1L, 1L)),
               "`reoffences` must be a count.*element 2")
  expect_error(run(reoffences = c(NA, 0L, 1L)), "element 1")
})

test_that("C_sum_reoffending reads ALTREP input", {
  n <- 10000L
  res <- call_c("C_sum_reoffending", NULL, 0L,
                rep(c(TRUE, FALSE), n / 2), rep(c(1L, 0L), n / 2))
  expect_identical(res[1, ], c(n, n / 2, n / 2) * 1)
  res <- call_c("C_sum_reoffending", rep_len(1:4, n), 4L,
                rep(TRUE, n), seq_len(n))        # a compact sequence
  expect_identical(res[1:4, 3], as.numeric(tapply(seq_len(n),
                                                  rep_len(1:4, n), sum)))
})
