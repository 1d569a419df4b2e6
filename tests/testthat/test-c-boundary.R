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

test_that("C_count_groups refuses a table too big before allocating it", {
  # 1000^3 cells of 8 bytes, twice, asked for by three records.
  expect_error(call_c("C_count_groups", list(1L, 1L, 1L),
                      c(999L, 999L, 999L)),
               "1000000000 cells or more; at most 100000000 are allowed")
  # Refused at the key that crosses the bound, before a stride overflows.
  big <- .Machine$integer.max
  expect_error(call_c("C_count_groups", rep(list(1L), 64), rep(big, 64)),
               "at most 100000000")
  expect_error(call_c("C_count_groups", list(1L, 1L), c(9999L, 10000L)),
               "100010000 cells or more")
  expect_identical(sum(call_c("C_count_groups", list(1L, 1L), c(99L, 99L))),
                   1)
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

test_that("C_count_groups switches paths inside a block as NA appear", {
  # A block's rows go through the fast path a sub-block at a time until one
  # holds an NA or a bad code (src/count.c); from there on the general path
  # takes the rest of the block. NA at the first row, mid-block, at a
  # block's last row and never, for one to four keys.
  set.seed(10)
  n <- 3L * 4096L + 17L
  for (at in list(1L, 3000L, 4096L, 8193L, integer())) {
    for (nkeys in 1:4) {
      nlev <- c(3L, 4L, 2L, 5L)[seq_len(nkeys)]
      keys <- lapply(nlev, function(k) sample.int(k, n, TRUE))
      keys[[nkeys]][at] <- NA
      cube <- call_c("C_count_groups", keys, nlev)
      oracle <- table(as.data.frame(Map(function(x, k) {
        factor(x, levels = c(seq_len(k), NA), exclude = NULL)
      }, keys, nlev)))
      expect_identical(cube, as.double(oracle))
    }
  }
  keys <- list(rep(1L, n), c(rep(2L, 5000L), 9L, rep(1L, n - 5001L)))
  expect_error(call_c("C_count_groups", keys, c(1L, 2L)),
               "`keys[[2]]` holds code 9 outside 1..2", fixed = TRUE)
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
  expect_error(call_c("C_sum_flags", list(TRUE), 1L, -1L),
               "`ngroups` must be a count from 0 to 10000000, not -1")
  expect_error(call_c("C_sum_flags", list(TRUE), 2L, 1L), "code 2 outside")
  expect_error(call_c("C_sum_flags", list(x = 3L), NULL, 0L),
               "flag `x` must hold only")
})

test_that("C_sum_flags refuses too many groups before allocating", {
  expect_error(call_c("C_sum_flags", list(TRUE), 1L, 100000000L),
               "`ngroups` must be a count from 0 to 10000000, not 100000000")
  expect_error(call_c("C_sum_flags", rep(list(TRUE), 20), 1L, 9999999L),
               "the result would have 200000000 cells; at most 100000000")
  # A factor's unused levels are groups too: more groups than records.
  res <- call_c("C_sum_flags", list(TRUE), 1L, 5L)
  expect_identical(dim(res$sums), c(6L, 1L))
  expect_identical(res$assessed, c(1, 0, 0, 0, 0, 0))
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

test_that("C_compare_to_target checks its arguments", {
  ok <- list(5, 10, 1, NULL, "higher", 0)
  run <- function(k, value) {
    a <- ok
    a[k] <- list(value)
    do.call(call_c, c(list("C_compare_to_target"), a))
  }
  expect_identical(run(1, 5)$marker, "\u2717")
  expect_null(run(1, 5)$direction)
  expect_error(run(1, "5"), "`actual` must be of type double or integer")
  expect_error(run(2, list(10)), "`target` must be of type double")
  expect_error(run(3, TRUE), "`elapsed` must be of type double")
  expect_error(run(4, "4"), "`previous` must be of type double")
  expect_error(run(5, 1L), "`polarity` must be of type character")
  expect_error(run(5, "up"), "`polarity` must be \"higher\" or \"lower\"")
  expect_error(run(5, NA_character_), "row 1 is NA")
  expect_identical(run(5, c("higher", "lower"))$marker, c("\u2717",
                                                          "\u2713"))
  expect_error(run(5, sin), "`polarity` must be a vector, not builtin")
  expect_error(run(6, NULL), "`tolerance` must be of type double")
  expect_error(run(1, NULL), "`actual` must be of type double")
  expect_identical(run(2, c(1, 5, 10))$marker, c("\u2713", "\u2713",
                                                 "\u2717"))
  a <- ok
  a[[1]] <- 1:3
  a[[2]] <- c(1, 2)
  expect_error(do.call(call_c, c(list("C_compare_to_target"), a)),
               "`target` must have length 1 or 3")
  expect_error(run(2, -1), "`target` must be finite and not negative")
  expect_error(run(3, 2), "`elapsed` must be in \\(0, 1\\]")
  expect_error(run(3, NaN), NA)
  expect_error(run(6, -1), "`tolerance` must be finite and not negative")
  expect_error(run(4, Inf), "`previous` must be finite or NA")
})

test_that("C_compare_to_target reads ALTREP and integer input in blocks", {
  n <- 10007L
  res <- call_c("C_compare_to_target", 1:n, 5000L, 0.5, n:1, "lower", 0.1)
  expect_identical(length(res$marker), n)
  expect_identical(res$expected, rep(2500, n))
  expect_identical(res$on_track, 1:n <= 2500)
  expect_identical(res$direction[c(1, n)], c("down", "up"))
  expect_identical(res$improved[c(1, n)], c(TRUE, FALSE))
  expect_identical(res$whole, c(TRUE, TRUE, TRUE, TRUE))
  # A value out of range in a later block is found, with its row
  target <- rep(10, n)
  target[5000] <- -1
  expect_error(call_c("C_compare_to_target", 1:n, target, 1, NULL, "higher",
                      0), "`target` must be finite and not negative; row 5000")
  elapsed <- rep(1, n)
  elapsed[n] <- 0
  expect_error(call_c("C_compare_to_target", 1:n, 10, elapsed, NULL,
                      "higher", 0),
               "`elapsed` must be in \\(0, 1\\]; row 10007")
  previous <- as.double(1:n)
  previous[4097] <- -Inf
  expect_error(call_c("C_compare_to_target", 1:n, 10, 1, previous,
                      "higher", 0), "`previous` must be finite or NA; row 4097")
  expect_identical(call_c("C_compare_to_target", c(1.5, 2), 4, 0.5, NULL,
                          "higher", 0)$whole, c(FALSE, TRUE, TRUE, FALSE))
  expect_identical(call_c("C_compare_to_target", 2, 3, 0.5, NULL, "higher",
                          0)$whole, c(TRUE, TRUE, FALSE, FALSE))
  expect_identical(call_c("C_compare_to_target", numeric(), 1, 1, NULL,
                          "higher", 0)$marker, character())
  pol <- rep(c("higher", "lower", "higher"), length.out = n)
  mixed <- call_c("C_compare_to_target", 1:n, 5000L, 0.5, NULL, pol, 0)
  expect_identical(mixed$on_track,
                   ifelse(pol == "higher", 1:n >= 2500, 1:n <= 2500))
})

test_that("C_change checks its arguments", {
  expect_identical(call_c("C_change", 6, 4, 1L), 0.5)
  expect_identical(call_c("C_change", 6, 0, 1L), NA_real_)
  expect_identical(call_c("C_change", 1e308, 1e-308, 1L), NA_real_)
  expect_identical(call_c("C_change", 10, 0.5, 3L), 15)
  expect_error(call_c("C_change", "6", 4, 1L), "`x` must be of type")
  expect_error(call_c("C_change", 6, NULL, 1L), "`y` must be of type")
  expect_error(call_c("C_change", 1:3, 1:2, 1L), "`y` must have length 1")
  expect_error(call_c("C_change", 6, 4, 4L), "`kind` must be 1, 2 or 3")
  expect_error(call_c("C_change", 6, 4, 1), "`kind` must be of type integer")
  expect_error(call_c("C_change", 6, 4, NA_integer_), "`kind` must not be NA")
  expect_identical(call_c("C_change", 1:10000, 1L, 2L),
                   100 * (as.double(1:10000) - 1))
})

test_that("C_compare_to_benchmark checks its arguments", {
  ok <- list(5, 10, 0.5, "higher", 1.96)
  run <- function(k, value) {
    a <- ok
    a[k] <- list(value)
    do.call(call_c, c(list("C_compare_to_benchmark"), a))
  }
  expect_identical(run(1, 5)$comparison, "similar")
  expect_error(run(1, "5"), "`count` must be of type double or integer")
  expect_error(run(2, NULL), "`n` must be of type double")
  expect_error(run(3, TRUE), "`benchmark` must be of type double")
  expect_error(run(4, 1L), "`polarity` must be of type character")
  expect_error(run(4, "same"), "`polarity` must be \"higher\" or")
  expect_identical(run(4, c("higher", "lower"))$comparison,
                   c("similar", "similar"))
  expect_error(call_c("C_compare_to_benchmark", c(1, 2), 10, 0.5,
                      rep("lower", 3), 1.96),
               "`count` must have length 1 or 3")
  expect_error(run(5, 2L), "`z` must be of type double")
  expect_error(run(5, c(1, 2)), "`z` must have length 1")
  expect_error(run(5, -1), "`z` must be a positive number")
  expect_error(run(5, NA_real_), "`z` must be a positive number")
  expect_error(run(1, 11), "`count` must be between 0 and `n`")
  expect_error(run(2, -1), "`n` must be finite and not negative")
  expect_error(run(3, 2), "`benchmark` must be a proportion")
  n <- 10007L
  res <- call_c("C_compare_to_benchmark", 0:(n - 1L), n, 0.5, "lower", 1.96)
  expect_identical(res$proportion, (0:(n - 1L)) / n)
  expect_identical(res$comparison[c(1, n)], c("better", "worse"))
})

test_that("C_suppress_secondary checks its arguments", {
  # One row line (node 1) over cells a, b and their total t (a column line
  # each would be nodes 2..4; here the cells are on no column line).
  ok <- list(c(3, 10, 13), c(1L, 0L, 0L), c(1L, 1L, 1L, 0L, 0L, 0L),
             c(FALSE, FALSE, TRUE, FALSE, FALSE, FALSE), 1L, 5, 1)
  args <- function(k, value) {
    ok[k] <- list(value)
    ok
  }
  run <- function(a) do.call(call_c, c(list("C_suppress_secondary"), a))
  expect_identical(run(ok), c(1L, 2L, 0L))
  expect_error(run(args(1, 1:3)), "`values` must be of type double")
  expect_error(run(args(1, c(3, NA, 13))), "`values\\[2\\]` must be a finite")
  expect_error(run(args(1, c(3, -1, 13))), "`values\\[2\\]` must be a finite")
  expect_error(run(args(1, c(3, Inf, 13))), "finite count")
  expect_error(run(args(2, c(1, 0, 0))), "`status` must be of type integer")
  expect_error(run(args(2, c(1L, 0L))), "`status` must have length 3")
  expect_error(run(args(2, c(1L, 2L, 0L))), "`status\\[2\\]` must be 0")
  expect_error(run(args(2, c(1L, NA, 0L))), "`status\\[2\\]` must be 0")
  expect_error(run(args(3, c(1, 1, 1, 0, 0, 0))),
               "`nodes` must be of type integer")
  expect_error(run(args(3, 1:3)), "`nodes` must have length 6")
  expect_error(run(args(3, c(1L, 1L, 2L, 0L, 0L, 0L))),
               "`nodes\\[3\\]` must be a line number in 0..1")
  expect_error(run(args(3, c(1L, 1L, -1L, 0L, 0L, 0L))), "line number")
  expect_error(run(args(3, c(1L, 1L, NA, 0L, 0L, 0L))), "line number")
  expect_error(run(args(3, c(1L, 1L, 1L, 1L, 0L, 0L))),
               "puts cell 1 twice on line 1")
  expect_error(run(args(4, c(0L, 0L, 1L, 0L, 0L, 0L))),
               "`is_total` must be of type logical")
  expect_error(run(args(4, TRUE)), "`is_total` must have length 6")
  expect_error(run(args(5, 1)), "`n_nodes` must be of type integer")
  expect_error(run(args(5, c(1L, 2L))), "`n_nodes` must have length 1")
  expect_error(run(args(5, NA_integer_)), "`n_nodes` must not be NA")
  expect_error(run(args(5, -1L)), "`n_nodes` must be a count from 0 to 6")
  expect_error(run(args(6, 5L)), "`threshold` must be of type double")
  expect_error(run(args(6, c(5, 5))), "`threshold` must have length 1")
  expect_error(run(args(6, NA_real_)), "`threshold` must be a finite number")
  expect_error(run(args(6, -1)), "`threshold` must be a finite number")
  expect_error(run(args(6, Inf)), "`threshold` must be a finite number")
  expect_error(run(args(7, 1L)), "`lower` must be of type double")
  expect_error(run(args(7, 0.5)), "`lower` must be 0 or 1")
  expect_error(run(args(7, NA_real_)), "`lower` must be 0 or 1")
  expect_error(run(args(4, c(NA, FALSE, TRUE, FALSE, FALSE, FALSE))),
               "`is_total\\[1\\]` must be TRUE or FALSE")
  # Two cells on the same two lines, one the total of the first line and
  # a part of the second: no signs make the changes flows.
  expect_error(call_c("C_suppress_secondary", c(3, 5), c(1L, 0L),
                      c(1L, 1L, 2L, 2L), c(FALSE, TRUE, FALSE, FALSE), 2L,
                      5, 1), "gives line 2 two signs")
  expect_identical(run(list(numeric(), integer(), integer(), logical(), 0L,
                            5, 1)), integer())
  expect_identical(run(args(5, 6L)), c(1L, 2L, 0L))
})

test_that("C_suppress_secondary refuses more lines than cells can hold", {
  # 9 cells, 5.4e8 nodes: the search visited every node, for 90 s and 20 GB.
  rows <- rep(1:3, times = 3)
  cols <- rep(4:6, each = 3)
  expect_error(call_c("C_suppress_secondary", as.double(1:9),
                      c(1L, rep(0L, 8)), c(rows, cols),
                      c(cols == 6, rows == 3), 540000000L, 5, 1),
               "`n_nodes` must be a count from 0 to 18 \\(two lines per")
  expect_error(call_c("C_suppress_secondary", numeric(), integer(),
                      integer(), logical(), 1L, 5, 1), "from 0 to 0")
})

test_that("C_suppress_secondary widens every interval to the threshold", {
  # A 2x2 table with margins: rows are nodes 1..3, columns 4..6.
  grid <- function(values, status, threshold = 5, lower = 1) {
    rows <- rep(1:3, times = 3)
    cols <- rep(4:6, each = 3)
    call_c("C_suppress_secondary", as.double(values), as.integer(status),
           c(rows, cols), c(cols == 6, rows == 3), 6L, threshold, lower)
  }
  #          a   b   T(row)
  values <- c(2, 20, 22,    # column 1 (rows 1, 2, Total)
              30, 40, 70,   # column 2
              32, 60, 92)   # Total column
  out <- grid(values, c(1, 0, 0, 0, 0, 0, 0, 0, 0))
  expect_identical(out, c(1L, 2L, 0L, 2L, 2L, 0L, 0L, 0L, 0L))
  # Already protected: nothing added.
  expect_identical(grid(values, c(1, 1, 0, 1, 1, 0, 0, 0, 0)),
                   c(1L, 1L, 0L, 1L, 1L, 0L, 0L, 0L, 0L))
  # A cycle is not enough when the cells on it cannot move far: with 1 and
  # 2 beside each other (each at least 1), the 2 can only fall by 1 and the
  # 1 not at all, so the cycle through the other row must carry the width.
  tight <- c(1, 2, 3,  2, 40, 42,  3, 42, 45)
  out <- grid(tight, c(1, 1, 0, 1, 0, 0, 0, 0, 0))
  expect_identical(out[c(1, 2, 4)], c(1L, 1L, 1L))
  expect_gt(sum(out == 2L), 0L)
  span <- call_c("C_protection_intervals", as.double(tight), out > 0L,
                 c(rep(1:3, times = 3), rep(4:6, each = 3)),
                 c(rep(4:6, each = 3) == 6, rep(1:3, times = 3) == 3), 6L,
                 1, 100)
  hidden <- which(out > 0L)
  expect_true(all(span[hidden] + span[9 + hidden] >= 5))
  expect_true(all(is.na(span[-c(hidden, 9 + hidden)])))
  # Primary cells alone are all pinned: each line through them has a shown
  # cell that would have to move.
  alone <- call_c("C_protection_intervals", as.double(tight),
                  c(TRUE, TRUE, FALSE, TRUE, rep(FALSE, 5)),
                  c(rep(1:3, times = 3), rep(4:6, each = 3)),
                  c(rep(4:6, each = 3) == 6, rep(1:3, times = 3) == 3), 6L,
                  1, 100)
  expect_identical(alone[c(1, 2, 4)], c(0, 0, 0))
  expect_identical(alone[9 + c(1, 2, 4)], c(0, 0, 0))
  # With the rest of row 2 hidden too, the 2x2 cycle moves them all, but
  # only by 1: the 1 cannot fall, and the 2s only to 1.
  cycle <- call_c("C_protection_intervals", as.double(tight),
                  c(TRUE, TRUE, FALSE, TRUE, TRUE, rep(FALSE, 4)),
                  c(rep(1:3, times = 3), rep(4:6, each = 3)),
                  c(rep(4:6, each = 3) == 6, rep(1:3, times = 3) == 3), 6L,
                  1, 100)
  expect_identical(cycle[c(1, 2, 4, 5)], c(0, 1, 1, 0))
  expect_identical(cycle[9 + c(1, 2, 4, 5)], c(1, 0, 0, 1))
  # A line hiding only zeros gets its smallest positive cell hidden.
  line <- call_c("C_suppress_secondary", c(0, 0, 7, 9, 16),
                 c(1L, 1L, 0L, 0L, 0L), c(1L, 1L, 1L, 1L, 1L, 0L, 0L, 0L,
                                          0L, 0L),
                 c(FALSE, FALSE, FALSE, FALSE, TRUE, rep(FALSE, 5)), 1L, 5, 0)
  expect_identical(line, c(1L, 1L, 2L, 0L, 0L))
  # ALTREP input is read without trouble.
  n <- 1000L
  alt <- call_c("C_suppress_secondary", as.double(seq_len(n)),
                rep(0L, n), rep(0L, 2 * n), rep(FALSE, 2 * n), 0L, 5, 1)
  expect_identical(alt, integer(n))
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
                                 "first_reoffence", "problems",
                                 "days_to_first"))
  expect_identical(res$reoffences, c(1L, 1L))
  expect_identical(res$first_reoffence, c(16500, 16700))
  expect_identical(res$days_to_first, c(100L, 250L))
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
  expect_error(run(ngroups = -1L), "`ngroups` must be a count from 0 to")
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

test_that("C_sum_reoffending refuses too many groups before allocating", {
  expect_error(call_c("C_sum_reoffending", 1L, 100000000L, TRUE, 1L),
               "`ngroups` must be a count from 0 to 10000000, not 100000000")
  # An empty cell of the grid of levels is a group: groups can outnumber
  # the records.
  res <- call_c("C_sum_reoffending", 3L, 4L, TRUE, 2L)
  expect_identical(res[, 1], c(0, 0, 1, 0, 0))
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
