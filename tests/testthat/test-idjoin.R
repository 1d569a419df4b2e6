# The C id join of proven_reoffending() against match(), with one thread
# and two (small, so fast under valgrind).

with_threads <- function(n, code) {
  old <- options(reoffending.threads = n)
  on.exit(options(old))
  code
}

# Big enough for two threads (each is given at least 50,000 rows).
rows <- 120000L

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

test_that("the C id join is match(), for every kind of id", {
  set.seed(20)
  n <- 2000L
  m <- rows
  check <- function(x, table) {
    expect_identical(with_threads(1, reoffending:::id_match(x, table)),
                     match(x, table))
    expect_identical(with_threads(2, reoffending:::id_match(x, table)),
                     match(x, table))
  }
  # Integers: dense (direct indexing) and sparse (hashed), with duplicates
  # and NA among the offences, and negative ids.
  dense <- sample(n) + 100L
  check(c(sample(dense, m, TRUE), NA, 0L, 5000L), dense)
  sparse <- sample(c(-2e9, 2e9), n, TRUE) * runif(n)
  sparse <- unique(as.integer(sparse))
  check(c(sample(sparse, m, TRUE), NA, 1L, .Machine$integer.max), sparse)
  # A table with NA and a duplicate: the first wins, as in match().
  check(c(1L, NA, 3L, 3L), c(3L, NA, 3L, 1L))
  # Doubles, with -0, NaN and NA.
  dbl <- unique(round(runif(n) * 1e6, 2))
  check(c(sample(dbl, m, TRUE), NA, NaN, -0, 0.5), c(dbl, 0))
  check(c(NA, NaN, 1), c(NaN, NA))
  # Whole-number doubles, joined as integers.
  check(c(3, -0, NaN, NA, 2.5, 1e10, 7, -2147483648), c(7, 0, 3, 5, -4))
  # Integer against double ids, as R compares them.
  check(c(1L, 2L, NA), c(2, 1.5, 1))
  # Character ids like "P00123456", with NA and unknown ids.
  chr <- sprintf("P%08d", sample(1e7, n))
  check(c(sample(chr, m, TRUE), NA, "P", ""), chr)
  check(character(), chr)
  check(chr[1:3], character())
  # The same text in two encodings matches, as in match().
  utf8 <- enc2utf8(c("Zo\u00eb", "Ren\u00e9e", "Bj\u00f6rk", "Ann"))
  latin1 <- iconv(utf8, "UTF-8", "latin1")
  expect_identical(Encoding(latin1[1:3]), rep("latin1", 3))
  check(c(latin1, NA, utf8), utf8)
  check(utf8, c("x", latin1))
  check(rep(c(latin1, utf8), length.out = m), utf8)
})

test_that("the C id join counts the repeated ids of its table", {
  set.seed(22)
  repeats <- function(x, table) {
    attr(reoffending:::id_join(x, table), "repeats")
  }
  check <- function(table) {
    expect_identical(repeats(table[1:3], table),
                     as.double(sum(duplicated(table))))
    expect_identical(repeats(table[1:3], unique(table)), 0)
  }
  dense <- sample(c(1:500, sample(500, 40, TRUE)))
  check(dense)
  check(c(dense, NA, NA))
  check(c(-2e9, 2e9, sample(c(-2e9, 2e9, 7L), 30, TRUE)))
  check(sample(round(runif(50), 2), 80, TRUE))
  check(c(0, -0, NaN, NaN, NA, NA, 1.5))
  check(sprintf("P%08d", sample(100, 150, TRUE)))
  check(c("a", NA, "b", NA, "a"))
  expect_identical(repeats(1:3, integer()), 0)
  # id_match() is match(), without the attribute.
  expect_identical(reoffending:::id_match(1:3, c(2L, 2L)),
                   match(1:3, c(2L, 2L)))
})

test_that("proven_reoffending() with character and double ids", {
  set.seed(21)
  ids <- sprintf("P%08d", sample(1e7, 2000))
  offence_ids <- c(sample(ids, rows, TRUE), "P99999999", NA)
  d <- random_follow_up(ids, offence_ids)
  one <- with_threads(1, proven_reoffending(d$cohort, d$offences))
  two <- with_threads(2, proven_reoffending(d$cohort, d$offences))
  expect_identical(one, two)
  dn <- d
  dn$cohort$id <- as.double(seq_len(2000)) + 0.5
  dn$offences$id <- dn$cohort$id[match(d$offences$id, d$cohort$id)]
  num <- with_threads(2, proven_reoffending(dn$cohort, dn$offences))
  expect_identical(num$reoffences, one$reoffences)
  expect_identical(num$first_reoffence, one$first_reoffence)
})

test_that("the C id join refuses what it cannot join", {
  expect_error(.Call(reoffending:::C_id_match, list(1), list(1)),
               "`x` must be of type integer, double or character")
  expect_error(.Call(reoffending:::C_id_match, 1:3, c("a", "b")),
               "`table`")
  expect_error(.Call(reoffending:::C_id_match, TRUE, TRUE), "`x`")
  # Through proven_reoffending(), kinds that differ are refused in R.
  expect_error(proven_reoffending(
    data.frame(id = 1:2, index_date = as.Date("2016-01-01")),
    data.frame(id = c("1", "2"), offence_date = as.Date("2016-02-01"),
               proven_date = as.Date("2016-03-01"))),
    class = "reoffending_error")
})
