# The threaded engines against one thread, and the C id join against
# match(), on random data with NAs (small, so fast under valgrind).

with_threads <- function(n, code) {
  old <- options(reoffending.threads = n)
  on.exit(options(old))
  code
}

# Big enough for two threads (each is given at least 50,000 rows).
rows <- 120000L

test_that("reoffending_threads() reports the option and refuses bad ones", {
  info <- with_threads(1, reoffending_threads())
  expect_identical(info$threads, 1L)
  expect_type(info$openmp, "logical")
  expect_gte(reoffending_threads()$threads, 1L)
  expect_error(with_threads("two", reoffending_threads()),
               class = "reoffending_error_bad_argument")
  expect_error(with_threads(0, reoffending_threads()),
               class = "reoffending_error_bad_argument")
  expect_error(with_threads(1.5, cohort_table(lewisham_offenders, cohort)),
               "reoffending.threads.*1.5", class = "reoffending_error_bad_argument")
  # Every engine refuses it the same way, whichever meets it first.
  set.seed(5)
  ids <- sprintf("P%08d", 1:20)
  cohort <- data.frame(id = ids, index_date = as.Date("2016-01-01"))
  offences <- data.frame(id = sample(ids, 40, TRUE),
                         offence_date = as.Date("2016-01-01") +
                           sample(1:400, 40, TRUE))
  for (bad in list("two", NA_real_, c(1, 2), 0, 2000)) {
    expect_error(with_threads(bad, proven_reoffending(cohort, offences)),
                 class = "reoffending_error_bad_argument")
    expect_error(with_threads(bad, needs_profile(
      data.frame(a = c(TRUE, FALSE), b = c(NA, TRUE)), c(a, b))),
      class = "reoffending_error_bad_argument")
    expect_error(with_threads(bad, compare_to_target(actual = 1:3,
                                                     target = 3:1)),
                 class = "reoffending_error_bad_argument")
  }
})

test_that("counts are the same with one thread and two", {
  set.seed(17)
  f <- function(k) {
    x <- factor(sample(c(letters[seq_len(k)], NA), rows, replace = TRUE),
                levels = letters[seq_len(k)])
    x
  }
  keys <- list(f(4), f(3), f(5), f(2))
  nlev <- c(4L, 3L, 5L, 2L)
  codes <- lapply(keys, function(x) as.integer(unclass(x)))
  for (k in 1:4) {
    one <- with_threads(1, .Call(reoffending:::C_count_groups, codes[1:k],
                                 nlev[1:k]))
    two <- with_threads(2, .Call(reoffending:::C_count_groups, codes[1:k],
                                 nlev[1:k]))
    expect_identical(one, two)
    expect_equal(sum(one), rows)
  }
  # Against table(), with the NA level last.
  expect_equal(
    as.vector(with_threads(2, .Call(reoffending:::C_count_groups,
                                    codes[1:2], nlev[1:2]))),
    as.vector(table(addNA(keys[[1]], ifany = FALSE),
                    addNA(keys[[2]], ifany = FALSE))))
  # Keys without NA take a shorter loop: the same counts.
  full <- list(sample.int(4L, rows, TRUE), sample.int(3L, rows, TRUE),
               sample.int(5L, rows, TRUE))
  for (k in 1:3) {
    got <- with_threads(2, .Call(reoffending:::C_count_groups, full[1:k],
                                 nlev[1:k]))
    cell <- 1L + Reduce(`+`, Map(function(x, s) (x - 1L) * s, full[1:k],
                                 cumprod(c(1L, nlev[1:k] + 1L))[1:k]))
    expect_identical(got, as.double(tabulate(cell, length(got))))
  }
  d <- data.frame(a = keys[[1]], b = keys[[2]], c = keys[[3]])
  expect_identical(with_threads(1, cohort_table(d, a, b, by = c)),
                   with_threads(2, cohort_table(d, a, b, by = c)))
})

test_that("a bad code is reported the same way with threads", {
  codes <- list(rep(1L, rows), c(rep(2L, rows - 1L), 7L))
  expect_error(with_threads(2, .Call(reoffending:::C_count_groups, codes,
                                     c(2L, 3L))),
               "`keys[[2]]` holds code 7 outside 1..3", fixed = TRUE)
})

test_that("flag sums are the sums, whatever the number of flags", {
  # Flags are counted four to a 64-bit word (src/count.c): one to nine
  # flags fill whole and partial words; the rows span several blocks.
  set.seed(19)
  n <- 10000L
  group <- sample(c(1:5, NA), n, replace = TRUE)
  slot <- factor(ifelse(is.na(group), 6L, group), 1:6)
  for (nflags in 1:9) {
    flags <- lapply(seq_len(nflags), function(j) {
      if (j %% 2 == 0) sample(c(0L, 1L, NA), n, TRUE, c(j, 10, 3))
      else sample(c(TRUE, FALSE, NA), n, TRUE, c(10, j, 3))
    })
    known <- Reduce(`|`, lapply(flags, function(x) !is.na(x)))
    want_sums <- vapply(flags, function(x) {
      as.double(tapply(x %in% c(TRUE, 1L), slot, sum))
    }, numeric(6))
    want_assessed <- as.double(tapply(known, slot, sum))
    # (One thread at this size; two give the same, tested below.)
    got <- .Call(reoffending:::C_sum_flags, flags, group, 5L)
    expect_identical(unname(got$sums), matrix(want_sums, 6L))
    expect_identical(got$assessed, want_assessed)
    all <- .Call(reoffending:::C_sum_flags, flags, NULL, 0L)
    expect_identical(unname(all$sums), matrix(colSums(want_sums), 1L))
    expect_identical(all$assessed, sum(want_assessed))
  }
})

test_that("flag sums are the same with one thread and two", {
  set.seed(18)
  flags <- list(
    a = sample(c(TRUE, FALSE, NA), rows, replace = TRUE),
    b = sample(c(0L, 1L, NA), rows, replace = TRUE),
    c = sample(c(TRUE, NA), rows, replace = TRUE))
  group <- sample(c(1:6, NA), rows, replace = TRUE)
  for (g in list(NULL, group)) {
    one <- with_threads(1, .Call(reoffending:::C_sum_flags, flags, g, 6L))
    two <- with_threads(2, .Call(reoffending:::C_sum_flags, flags, g, 6L))
    expect_identical(one, two)
  }
  # Two flags and seven slots: each thread's scratch is an odd number of
  # 32-bit counters long, rounded up so the next one's 64-bit words align.
  expect_identical(
    with_threads(1, .Call(reoffending:::C_sum_flags, flags[1:2], group, 6L)),
    with_threads(2, .Call(reoffending:::C_sum_flags, flags[1:2], group, 6L)))
  expect_equal(
    with_threads(2, .Call(reoffending:::C_sum_flags, flags, group,
                          6L))$sums[1:6, 1],
    as.vector(tapply(flags$a %in% TRUE, factor(group, 1:6), sum)))
  bad <- flags
  bad$b[rows - 3L] <- 2L
  expect_error(with_threads(2, .Call(reoffending:::C_sum_flags, bad, group,
                                     6L)),
               "flag `b` must hold only")
  expect_error(with_threads(2, .Call(reoffending:::C_sum_flags, flags,
                                     c(group[-1], 9L), 6L)),
               "`group` holds code 9 outside 1..6", fixed = TRUE)
  d <- data.frame(area = factor(group), flags)
  expect_identical(with_threads(1, needs_profile(d, c(a, b, c), by = area)),
                   with_threads(2, needs_profile(d, c(a, b, c), by = area)))
})

random_follow_up <- function(ids, offence_ids) {
  n <- length(ids)
  m <- length(offence_ids)
  start <- as.Date("2016-01-01")
  cohort <- data.frame(id = ids, index_date = start + sample(0:365, n, TRUE))
  committed <- start + sample(0:900, m, TRUE)
  proven <- committed + sample(c(0:200, NA), m, TRUE)
  offences <- data.frame(id = offence_ids, offence_date = committed,
                         proven_date = proven)
  list(cohort = cohort, offences = offences)
}

test_that("proven reoffending is the same with one thread and two", {
  set.seed(19)
  ids <- sample(1e6, 3000)
  offence_ids <- c(sample(ids, rows, TRUE), sample(1e6, 500), NA)
  d <- random_follow_up(ids, offence_ids)
  one <- with_threads(1, proven_reoffending(d$cohort, d$offences))
  two <- with_threads(2, proven_reoffending(d$cohort, d$offences))
  expect_identical(one, two)
  # By hand, through match() and the window rules: committed after the
  # index date and by the end of follow-up, proven by the end of waiting.
  ends <- reoffending:::period_ends(d$cohort$index_date,
                                    list(n = 1, unit = "year"),
                                    list(n = 6, unit = "month"))
  code <- match(d$offences$id, d$cohort$id)
  day <- unclass(d$offences$offence_date)
  counted <- !is.na(code) & !is.na(d$offences$proven_date) &
    day > unclass(d$cohort$index_date)[code] &
    day <= ends$follow_up[code] &
    unclass(d$offences$proven_date) <= ends$waiting[code]
  ref <- tabulate(code[counted %in% TRUE], nbins = nrow(d$cohort))
  expect_identical(two$reoffences, ref)
  # An offence date missing for a member is the same error with threads.
  d$offences$offence_date[rows - 10L] <- NA
  d$offences$id[rows - 10L] <- ids[1]
  expect_error(with_threads(2, proven_reoffending(d$cohort, d$offences)),
               "offence_date")
})

test_that("target comparisons are the same with one thread and two", {
  set.seed(22)
  actual <- as.double(sample(c(0:200, NA), rows, TRUE))
  target <- as.double(sample(c(50:150, NA), rows, TRUE))
  previous <- sample(c(0:200, NA), rows, TRUE)
  elapsed <- sample(c(0.25, 0.5, 1), rows, TRUE)
  polarity <- sample(c("higher", "lower"), rows, TRUE)
  call <- function(polarity, previous) {
    .Call(reoffending:::C_compare_to_target, actual, target, elapsed,
          previous, polarity, 0.1)
  }
  for (pol in list(polarity, "lower")) {
    for (prev in list(NULL, previous, as.double(previous))) {
      expect_identical(with_threads(1, call(pol, prev)),
                       with_threads(2, call(pol, prev)))
    }
  }
  fractional <- actual + 0.5
  expect_identical(
    with_threads(1, .Call(reoffending:::C_compare_to_target, fractional,
                          target, elapsed, NULL, "higher", 0.1)),
    with_threads(2, .Call(reoffending:::C_compare_to_target, fractional,
                          target, elapsed, NULL, "higher", 0.1)))
  bad <- as.double(target)
  bad[rows - 1L] <- -1
  expect_error(with_threads(2, .Call(reoffending:::C_compare_to_target,
                                     as.double(actual), bad, elapsed, NULL,
                                     "higher", 0.1)),
               "target")
})

test_that("ALTREP wrappers (structure() of long vectors) count the same", {
  # Their values are in memory, so threads read them directly; a compact
  # sequence is read by region on one thread. Either way, one thread's
  # results.
  set.seed(20)
  a <- sample.int(4L, rows, TRUE)
  b <- sample(c(1:3, NA), rows, TRUE)
  wrap <- function(x, ...) structure(x, ...)
  keys <- list(wrap(a, levels = letters[1:4], class = "factor"),
               wrap(b, levels = LETTERS[1:3], class = "factor"))
  plain <- list(a, b)
  for (n in 1:2) {
    expect_identical(
      with_threads(2, .Call(reoffending:::C_count_groups, keys, c(4L, 3L))),
      with_threads(n, .Call(reoffending:::C_count_groups, plain, c(4L, 3L))))
  }
  flags <- list(x = wrap(sample(c(TRUE, FALSE, NA), rows, TRUE), note = 1),
                y = wrap(sample(c(0L, 1L, NA), rows, TRUE), note = 2))
  expect_identical(
    with_threads(2, .Call(reoffending:::C_sum_flags, flags, keys[[2]], 3L)),
    with_threads(1, .Call(reoffending:::C_sum_flags,
                          lapply(flags, as.vector), b, 3L)))
  # Ids and dates wrapped, and ids as a compact sequence.
  ids <- seq_len(3000L)
  d <- random_follow_up(ids, sample(ids, rows, TRUE))
  wrapped <- d
  wrapped$offences$offence_date <- wrap(unclass(d$offences$offence_date),
                                        class = "Date")
  wrapped$offences$id <- wrap(d$offences$id, note = "ids")
  expect_identical(
    with_threads(2, proven_reoffending(wrapped$cohort, wrapped$offences)),
    with_threads(1, proven_reoffending(d$cohort, d$offences)))
  compact <- d
  compact$cohort$id <- seq_len(3000L)
  expect_identical(
    with_threads(2, proven_reoffending(compact$cohort, compact$offences)),
    with_threads(1, proven_reoffending(d$cohort, d$offences)))
})
