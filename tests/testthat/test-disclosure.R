# Random tables of counts, made by cohort_table() from records so that they
# have its layout: rows r within blocks g, columns c, Total row and column.
random_counts <- function(nr, nc, ng = 1L, p_small = 0.4, p_zero = 0.1,
                          percent = "none") {
  n <- nr * nc * ng
  small <- stats::runif(n) < p_small
  zero <- !small & stats::runif(n) < p_zero
  counts <- ifelse(small, sample(1:4, n, replace = TRUE),
                   sample(5:60, n, replace = TRUE))
  counts[zero] <- 0L
  cells <- expand.grid(r = sprintf("R%02d", seq_len(nr)),
                       c = sprintf("C%02d", seq_len(nc)),
                       g = sprintf("G%02d", seq_len(ng)),
                       stringsAsFactors = TRUE)
  records <- cells[rep(seq_len(n), counts), , drop = FALSE]
  if (ng > 1L) {
    cohort_table(records, r, c, by = g, percent = percent)
  } else {
    cohort_table(records, r, c, percent = percent)
  }
}

# The count cells as a matrix, NA where suppressed.
count_matrix <- function(x) {
  counts <- names(x)[record_roles(x) == "count"]
  as.matrix(as.data.frame(x)[counts])
}

marked_cells <- function(x) withheld_cells(x)

test_that("random tables come out of suppress_small() safe", {
  set.seed(20170308)
  sizes <- rbind(c(2, 2), c(40, 10), c(2, 10), c(40, 2),
                 cbind(sample(2:40, 36, replace = TRUE),
                       sample(2:10, 36, replace = TRUE)))
  for (k in seq_len(nrow(sizes))) {
    ng <- if (k > 20) sample(2:4, 1) else 1L
    nr <- if (ng > 1) min(sizes[k, 1], 12) else sizes[k, 1]
    x <- random_counts(nr, sizes[k, 2], ng, p_small = stats::runif(1, 0.1, 0.8),
                       p_zero = stats::runif(1, 0, 0.3))
    zeros <- if (k %% 2 == 0) "keep" else "suppress"
    safe <- suppress_small(x, zeros = zeros)
    expect_identical(nrow(disclosure_check(safe)), 0L,
                     label = sprintf("problems in table %d (%dx%d, %d blocks)",
                                     k, nr, sizes[k, 2], ng))
    # Every small count (and zero, when suppressed) is among the marked;
    # nothing else changed.
    before <- count_matrix(x)
    after <- count_matrix(safe)
    small <- before > 0 & before < 5
    if (zeros == "suppress") small <- small | before == 0
    expect_true(all(is.na(after[small])))
    expect_identical(after[!is.na(after)], before[!is.na(after)])
    expect_identical(sum(is.na(after)), nrow(marked_cells(safe)))
  }
})

test_that("primary suppression alone is caught by disclosure_check()", {
  set.seed(2)
  x <- random_counts(6, 4, p_small = 0.3)
  primary <- suppress_small(x, secondary = FALSE)
  problems <- disclosure_check(primary)
  expect_gt(nrow(problems), 0L)
  expect_true(all(problems$problem %in% c("worked out exactly",
                                          "narrowed below the threshold")))
  # The intervals hold the true values, and exact ones are the true ones.
  truth <- count_matrix(x)
  idx <- cbind(problems$row, match(problems$column, colnames(truth)))
  expect_true(all(problems$lower <= truth[idx] & truth[idx] <= problems$upper))
  expect_true(all(problems$upper - problems$lower < 5))
  exact <- problems$problem == "worked out exactly"
  expect_equal(problems$value[exact], as.double(truth[idx][exact]))
  # Unsuppressed, the small counts are reported.
  shown <- disclosure_check(x)
  expect_true(all(shown$problem == "small count shown"))
  expect_identical(nrow(shown), sum(truth > 0 & truth < 5))
})

test_that("disclosure_check() goes beyond two cells per line", {
  # Two 2x2 rectangles of hidden cells, joined by one more: every line hides
  # 0 or at least 2 cells, yet the joining cell is determined.
  set.seed(5)
  m <- matrix(sample(5:20, 25, replace = TRUE), 5)
  tab <- rbind(cbind(m, rowSums(m)), c(colSums(m), sum(m)))
  d <- data.frame(area = c(paste0("R", 1:5), "Total"), tab)
  names(d)[-1] <- c(paste0("C", 1:5), "Total")
  x <- report_table(d)
  hide <- rbind(c(1, 1), c(1, 2), c(2, 1), c(2, 2), c(3, 3), c(3, 4),
                c(4, 3), c(4, 4), c(2, 3))
  for (k in seq_len(nrow(hide))) x[[hide[k, 2] + 1]][hide[k, 1]] <- NA
  problems <- disclosure_check(x)
  expect_identical(problems$row, 2L)
  expect_identical(problems$column, "C3")
  expect_identical(problems$label, "R2")
  expect_equal(problems$value, m[2, 3])
  expect_identical(problems$problem, "worked out exactly")
  # Without the joining cell, the two rectangles are safe.
  x$C3[2] <- m[2, 3]
  expect_identical(nrow(disclosure_check(x)), 0L)
})

test_that("disclosure_check() uses the sign of counts", {
  # The hidden 2x2 block is safe by linear algebra alone, but row A's total
  # shows its hidden cells sum to 0, so they are 0; then row B's follow.
  x <- report_table(data.frame(
    area = c("A", "B", "Total"), m = c(NA, NA, 5L), f = c(NA, NA, 6L),
    u = c(5L, 6L, 11L), Total = c(5L, 17L, 22L)))
  problems <- disclosure_check(x)
  expect_identical(paste(problems$label, problems$column),
                   c("A m", "A f", "B m", "B f"))
  expect_identical(problems$value, c(0, 0, 5, 6))
  expect_identical(problems$problem, rep("worked out exactly", 4))
  one_line <- report_table(data.frame(area = c("A", "B", "C", "Total"),
                                      n = c(NA, NA, 7L, 7L)))
  problems <- disclosure_check(one_line)
  expect_identical(problems$problem, rep("worked out exactly", 2))
  expect_identical(problems$value, c(0, 0))
})

test_that("the null space test agrees with comparing QR ranks", {
  set.seed(11)
  for (k in 1:200) {
    lines <- sample(1:10, 1)
    unknowns <- sample(1:12, 1)
    a <- matrix(sample(c(-1, 0, 0, 1), lines * unknowns, replace = TRUE),
                lines)
    rank <- qr(a)$rank
    by_rank <- vapply(seq_len(unknowns), function(j) {
      unit <- numeric(unknowns)
      unit[j] <- 1
      qr(rbind(a, unit))$rank == rank
    }, logical(1))
    expect_identical(reoffending:::determined_unknowns(a), by_rank)
  }
})

test_that("no cell is marked when no count is small", {
  set.seed(3)
  for (k in 1:10) {
    x <- random_counts(sample(2:20, 1), sample(2:8, 1), sample(1:3, 1),
                       p_small = 0, p_zero = 0.2)
    safe <- suppress_small(x)
    expect_identical(nrow(marked_cells(safe)), 0L)
    expect_identical(count_matrix(safe), count_matrix(x))
  }
  expect_identical(nrow(disclosure_check(lewisham_caseload)), 0L)
  expect_identical(nrow(marked_cells(suppress_small(lewisham_caseload))), 0L)
})

test_that("zeros are kept, or suppressed on request", {
  iom <- cohort_table(lewisham_offenders[lewisham_offenders$iom, ], cohort)
  kept <- suppress_small(iom)
  expect_identical(kept$Total, iom$Total)
  expect_identical(nrow(marked_cells(kept)), 0L)
  # Suppressing the two zero cohorts alone would not hide them: the Total
  # shows they add up to 0. The smallest other cohort, Women (10), goes too.
  hidden <- suppress_small(iom, zeros = "suppress")
  cells <- marked_cells(hidden)
  expect_identical(iom$cohort[cells$row],
                   c("Mature Males", "MHLD", "Women"))
  expect_identical(hidden$Total[6], 134L)
  expect_identical(nrow(disclosure_check(hidden)), 0L)
  alone <- suppress_small(iom, zeros = "suppress", secondary = FALSE)
  expect_identical(disclosure_check(alone)$problem,
                   rep("worked out exactly", 2))
})

test_that("secondary suppression prefers the smallest cells", {
  x <- report_table(data.frame(
    area = c("A", "B", "C", "Total"),
    one = c(2L, 8L, 40L, 50L), two = c(10L, 9L, 60L, 79L),
    three = c(30L, 50L, 70L, 150L), Total = c(42L, 67L, 170L, 279L)))
  safe <- suppress_small(x)
  cells <- marked_cells(safe)
  expect_identical(paste(x$area[cells$row], cells$column),
                   c("A one", "A two", "B one", "B two"))
  # A small total is marked like any other cell.
  small_total <- report_table(data.frame(
    area = c("A", "B", "Total"), one = c(1L, 0L, 1L), two = c(20L, 30L, 50L),
    Total = c(21L, 30L, 51L)))
  cells <- marked_cells(suppress_small(small_total))
  expect_true(any(cells$row == 3L & cells$column == "one"))
  expect_identical(nrow(disclosure_check(suppress_small(small_total))), 0L)
})

test_that("tables without totals, and needs profiles, get primary only", {
  plain <- report_table(data.frame(area = c("A", "B"), n = c(3L, 12L),
                                   m = c(7L, 1L)))
  cells <- marked_cells(suppress_small(plain))
  expect_identical(paste(cells$row, cells$column), c("1 n", "2 m"))
  # A total that does not add up is not a sum.
  odd <- report_table(data.frame(area = c("A", "B", "Total"),
                                 n = c(3L, 10L, 20L)))
  safe <- suppress_small(odd)
  expect_identical(marked_cells(safe)$row, 1L)
  expect_identical(nrow(disclosure_check(safe)), 0L)

  team <- lewisham_offenders[seq(1, 1338, by = 20), ]
  needs <- needs_profile(team, grep("^need_", names(team), value = TRUE),
                         by = status)
  safe <- suppress_small(needs)
  cells <- marked_cells(safe)
  counts <- count_matrix(needs)
  count_names <- colnames(counts)
  expect_identical(sum(cells$column %in% count_names),
                   sum(counts > 0 & counts < 5))
  expect_true(all(grepl("percentage$", cells$column[!cells$column %in%
                                                       count_names])))
  expect_identical(nrow(disclosure_check(safe)), 0L)
  expect_identical(table_record(safe)$additive,
                   c(rows = FALSE, columns = FALSE))
})

test_that("percentages follow their counts and their denominators", {
  set.seed(8)
  for (percent in c("row", "col", "total")) {
    x <- random_counts(8, 4, 2, p_small = 0.3, percent = percent)
    safe <- suppress_small(x)
    expect_identical(nrow(disclosure_check(safe)), 0L)
    for (name in c(sprintf("C%02d", 1:4), "Total")) {
      pname <- paste(name, "%")
      hidden <- is.na(safe[[name]])
      expect_true(all(is.na(safe[[pname]][hidden])))
      shown <- !is.na(safe[[pname]])
      expect_equal(safe[[pname]][shown], x[[pname]][shown])
    }
    # Nothing says which cells were small.
    expect_true(all(is.na(marked_cells(safe)$reason)))
  }
  # A hidden total hides the percentages of it, even of shown counts.
  x <- report_table(data.frame(area = c("A", "B", "Total"),
                               n = c(0L, 4L, 4L), `n %` = c(0, 1, 1),
                               check.names = FALSE))
  safe <- suppress_small(x)
  expect_identical(safe$n, c(0L, NA, NA))
  expect_identical(safe$`n %`, c(NA_real_, NA, NA))
  expect_identical(marked_cells(safe)$column[1], "n %")
  expect_identical(nrow(disclosure_check(safe)), 0L)
  shown <- x
  shown$n[2:3] <- NA
  # (Row A's 0% is of a total no longer shown: its denominator cannot be
  # seen from the table, so only the percentages of hidden counts count.)
  problems <- disclosure_check(shown)
  expect_identical(problems$row, 2:3)
  expect_identical(problems$problem, rep("shown for a confidential count", 2))
  # A needs group with few assessed hides all its percentages.
  needs <- report_table(data.frame(
    need = c("Drugs", "Alcohol", "Total Offenders"),
    offenders = c(0L, 3L, 3L), percentage = c(0, 1, NA)))
  safe <- suppress_small(needs)
  expect_true(all(is.na(safe$percentage)))
  expect_identical(safe$offenders[1], 0L)
})

test_that("round_to rounds what is left, and percentages with it", {
  set.seed(4)
  x <- random_counts(10, 4, p_small = 0.3, percent = "row")
  safe <- suppress_small(x, round_to = 5)
  counts <- count_matrix(safe)
  shown <- counts[!is.na(counts)]
  expect_true(all(shown %% 5 == 0))
  # The body counts shown round their true values; every small one is
  # withheld.
  truth <- count_matrix(x)
  body <- row(counts) < nrow(counts) & col(counts) < ncol(counts)
  seen <- body & !is.na(counts)
  expect_true(all(abs(counts[seen] - truth[seen]) <= 2.5))
  expect_true(all(is.na(counts[truth > 0 & truth < 5])))
  # The rounded table adds up wherever it is shown in full: totals are the
  # sums of the rounded counts, so they say nothing the counts do not.
  full_rows <- which(rowSums(is.na(counts)) == 0)
  expect_gt(length(full_rows), 0L)
  expect_equal(counts[full_rows, ncol(counts)],
               rowSums(counts[full_rows, -ncol(counts), drop = FALSE]))
  full_cols <- which(colSums(is.na(counts)) == 0)
  expect_equal(counts[nrow(counts), full_cols],
               colSums(counts[-nrow(counts), full_cols, drop = FALSE]))
  ok <- !is.na(safe$`C01 %`) & safe$Total > 0
  expect_equal(safe$`C01 %`[ok], safe$C01[ok] / safe$Total[ok])
  expect_identical(nrow(disclosure_check(safe)), 0L)
  expect_identical(table_record(safe)$suppression$round_to, 5)
  # Rounding instead of suppressing.
  only <- suppress_small(x, threshold = 1, round_to = 10)
  expect_false(anyNA(count_matrix(only)))
  expect_true(all(count_matrix(only) %% 10 == 0))
  expect_identical(nrow(marked_cells(only)), 0L)
  expect_match(capture.output(print(only)), "rounded to the nearest 10",
               all = FALSE)
  expect_equal(only$Total, rowSums(count_matrix(only)[, -5]))
  # Primary alone is caught: the rounded lines narrow a withheld count.
  primary <- suppress_small(x, round_to = 5, secondary = FALSE)
  problems <- disclosure_check(primary)
  expect_gt(nrow(problems), 0L)
  expect_true(all(problems$upper - problems$lower < 5))
  idx <- cbind(problems$row, match(problems$column, colnames(truth)))
  expect_true(all(problems$lower <= truth[idx] & truth[idx] <= problems$upper))
})

test_that("the result is still a report_table and prints [c]", {
  team <- lewisham_offenders[seq(1, 1338, by = 40), ]
  safe <- suppress_small(report_table(cohort_table(team, cohort, status),
                                      title = "Team caseload"))
  expect_s3_class(safe, "report_table")
  expect_identical(table_record(safe)$title, "Team caseload")
  out <- capture.output(print(safe))
  expect_match(out, "^Mature Males +\\[c\\] +\\[c\\] +0 +\\[c\\]$",
               all = FALSE)
  expect_match(out, "^Note: \\[c\\] Confidential: fewer than 5 people",
               all = FALSE)
  expect_false(any(grepl("\\[c\\]", capture.output(print(
    cohort_table(team, cohort, status))))))
  # The record survives report_table(); as.data.frame() drops it.
  again <- report_table(safe, title = "Renamed")
  expect_identical(table_record(again)$cells, table_record(safe)$cells)
  expect_null(attr(as.data.frame(safe), "report"))
  # An NA that was not suppressed still prints [x].
  x <- report_table(data.frame(area = c("A", "B"), n = c(NA, 2L)))
  expect_match(capture.output(print(suppress_small(x[2, ]))), "\\[c\\]",
               all = FALSE)
  expect_identical(format(x)$n[1], "[x]")
})

test_that("suppress_small() names the bad argument", {
  x <- cohort_table(lewisham_offenders, cohort, status)
  expect_error(suppress_small(1:3), "`x` must be a report_table of counts")
  expect_error(suppress_small(list(a = 1)), "`x` must be a report_table")
  expect_error(suppress_small(lewisham_needs[, c("need", "percentage")]),
               "`x` has no count columns")
  expect_error(suppress_small(data.frame(a = c("x", "y"))),
               "`x` has no count columns")
  negative <- report_table(data.frame(a = "x", n = -1L))
  expect_error(suppress_small(negative),
               "`x` has negative counts in column `n`")
  # A missing count is not available: shown [x], never used as a sum.
  missing <- report_table(data.frame(a = c("x", "y", "z"), n = c(1L, NA, 9L)))
  kept <- suppress_small(missing)
  expect_identical(format(kept)$n, c("[c]", "[x]", "9"))
  fractional <- report_table(data.frame(a = "x", n = 1.5),
                             roles = c(n = "count"))
  expect_error(suppress_small(fractional), "not whole numbers")
  expect_error(suppress_small(x, threshold = 0),
               "`threshold` must be a single whole number of at least 1, not 0")
  expect_error(suppress_small(x, threshold = 2.5),
               "`threshold` must be a single whole number .* not 2.5")
  expect_error(suppress_small(x, threshold = "5"),
               "`threshold` must be .* not a character")
  expect_error(suppress_small(x, threshold = c(5, 10)), "`threshold`")
  expect_error(suppress_small(x, threshold = NA), "`threshold`")
  expect_error(suppress_small(x, threshold = Inf), "`threshold`")
  expect_error(suppress_small(x, secondary = NA),
               "`secondary` must be TRUE or FALSE")
  expect_error(suppress_small(x, secondary = "yes"), "`secondary`")
  expect_error(suppress_small(x, round_to = 0), "`round_to` must be")
  expect_error(suppress_small(x, round_to = 2.5), "`round_to` must be")
  expect_error(suppress_small(x, round_to = "5"), "`round_to` must be")
  expect_error(suppress_small(x, zeros = "hide"), "`zeros` must be one of")
  expect_error(suppress_small(x, zeros = TRUE), "`zeros` must be one of")
  expect_error(suppress_small(suppress_small(x)),
               "has been through suppress_small\\(\\) already")
})

test_that("disclosure_check() names the bad argument", {
  expect_error(disclosure_check("table"), "`x` must be a report_table")
  expect_error(disclosure_check(data.frame(a = "x")),
               "`x` has no count columns")
  expect_error(disclosure_check(lewisham_caseload, threshold = 0),
               "`threshold` must be a single whole number")
  expect_error(disclosure_check(lewisham_caseload, threshold = "5"),
               "`threshold`")
  expect_error(disclosure_check(report_table(data.frame(a = "x", n = -2L))),
               "negative or infinite counts in column `n`")
  empty <- disclosure_check(lewisham_caseload)
  expect_identical(names(empty), c("row", "column", "label", "value",
                                   "lower", "upper", "problem"))
})

test_that("large tables are suppressed in C and stay safe", {
  set.seed(6)
  boroughs <- random_counts(5, 3, 33, p_small = 0.3)
  safe <- suppress_small(boroughs)
  expect_identical(nrow(disclosure_check(safe)), 0L)
  expect_identical(sum(safe$r == "Total"), 33L)
})

test_that("write_report() suppresses counts of people and writes [c]", {
  skip_if_not_installed("readxl")
  team <- lewisham_offenders[seq(1, 1338, by = 40), ]
  caseload <- report_table(cohort_table(team, cohort, status),
                           title = "Team caseload", notes = "Own note.")
  needs <- needs_profile(team, c("need_drugs", "need_alcohol"))
  plain <- data.frame(area = c("A", "B"), n = c(1L, 2L))
  path <- tempfile(fileext = ".xlsx")
  write_report(list(Caseload = caseload, Needs = needs, Plain = plain,
                    Published = lewisham_iom),
               path, title = "Team", notes = "Workbook note.")
  expected <- suppress_small(caseload)

  sheet <- as.data.frame(readxl::read_excel(path, "Caseload", skip = 3,
                                            col_types = "text"))
  shown <- as.data.frame(expected)
  for (name in c("Community", "Custody", "Licence", "Total")) {
    want <- ifelse(is.na(shown[[name]]), "[c]", as.character(shown[[name]]))
    expect_identical(sheet[[name]], want)
  }
  top <- readxl::read_excel(path, "Caseload", col_names = FALSE,
                            n_max = 3)[[1]]
  expect_identical(top[1], "Team caseload [note 1] [note 2]")
  expect_match(top[3], "[c] = confidential", fixed = TRUE)

  notes <- as.data.frame(readxl::read_excel(path, "Notes", skip = 2))
  expect_identical(notes$`Note number`, paste0("[note ", 1:4, "]"))
  expect_match(notes$`Note text`[2],
               "^\\[c\\] Confidential: fewer than 5 people")
  expect_identical(notes$`Note text`[c(1, 4)],
                   c("Own note.", "Workbook note."))

  # A plain data frame's whole numbers are taken as counts of people and
  # protected too; the published datasets have no small counts.
  plain_back <- readxl::read_excel(path, "Plain", skip = 3,
                                   col_types = "text")
  expect_identical(plain_back$n, c("[c]", "[c]"))
  iom_back <- readxl::read_excel(path, "Published", skip = 3)
  expect_identical(as.integer(iom_back$`IOM cases`), lewisham_iom$`IOM cases`)

  # Off with a message; the counts are written in full.
  expect_message(
    write_report(list(Caseload = caseload), path, title = "Team",
                 overwrite = TRUE, suppress = NULL),
    "suppression is off")
  full <- readxl::read_excel(path, "Caseload", skip = 3, col_types = "text")
  expect_false(any(full == "[c]"))
  expect_false("Notes" %in% readxl::excel_sheets(path) &&
                 any(grepl("\\[c\\]", readxl::read_excel(path, "Notes")[[2]])))

  # A threshold of its own, and tables already suppressed kept as they are
  # (B of other records: the same table suppressed at 3 beside A would give
  # A's withheld cells away, and is refused; see test-disclosure_joint.R).
  other <- cohort_table(lewisham_offenders[seq(2, 1338, by = 50), ], cohort,
                        status)
  write_report(list(A = caseload, B = suppress_small(other, threshold = 3)),
               path, title = "Team", overwrite = TRUE, suppress = 10)
  notes <- readxl::read_excel(path, "Notes", skip = 2)$`Note text`
  expect_true(any(grepl("fewer than 10 people", notes)))
  expect_true(any(grepl("fewer than 3 people", notes)))
  a <- readxl::read_excel(path, "A", skip = 3, col_types = "text")
  ten <- suppress_small(caseload, threshold = 10)$Total
  expect_identical(a$Total, ifelse(is.na(ten), "[c]", as.character(ten)))

  expect_error(write_report(caseload, path, title = "Team", overwrite = TRUE,
                            suppress = 0),
               "`suppress` must be a single whole number of at least 1")
  expect_error(write_report(caseload, path, title = "Team", overwrite = TRUE,
                            suppress = "5"), "`suppress` must be")
})

test_that("tables with no rows, one count column or huge thresholds work", {
  x <- cohort_table(lewisham_offenders, cohort, status)
  empty <- suppress_small(x[0, ])
  expect_identical(nrow(empty), 0L)
  expect_identical(nrow(marked_cells(empty)), 0L)
  expect_identical(nrow(disclosure_check(x[0, ])), 0L)
  everything <- suppress_small(x, threshold = 1e6)
  expect_true(all(is.na(count_matrix(everything))[-4, ]))
  expect_match(capture.output(print(everything)),
               "fewer than 1,000,000 people", all = FALSE)
  only_zeros <- suppress_small(
    cohort_table(lewisham_offenders[1:30, ], cohort), threshold = 1,
    zeros = "suppress")
  # The zero (MHLD) and, to hide it, the smallest other cohort.
  expect_identical(only_zeros$cohort[marked_cells(only_zeros)$row],
                   c("Mature Males", "MHLD"))
  expect_identical(nrow(disclosure_check(only_zeros, threshold = 1)), 0L)
})

test_that("a withheld count is at least 1 when zeros are shown (regression)", {
  skip_if_not_installed("lpSolve")
  # Row A hides two cells that sum to 2: with zeros shown each is >= 1, so
  # both were 1 for anyone who knows that.
  d <- data.frame(r = rep(c("A", "B", "C"), c(12, 12, 30)),
                  k = c("x", "y", rep("z", 10), "x", "y", rep("z", 10),
                        rep(c("x", "y", "z"), each = 10)))
  x <- cohort_table(d, r, k)
  primary <- suppress_small(x, secondary = FALSE)
  problems <- disclosure_check(primary)
  expect_identical(problems$problem, rep("worked out exactly", 4))
  expect_identical(problems$value, c(1, 1, 1, 1))
  safe <- suppress_small(x)
  expect_identical(nrow(disclosure_check(safe)), 0L)
  # Every withheld count can move by the threshold, whatever the others do.
  span <- reoffending:::withheld_intervals(
    safe, reoffending:::table_structure(safe),
    which(is.na(count_matrix(safe))), 1)
  expect_true(all(span$upper - span$lower >= 5))
  expect_true(all(span$lower >= 1))
})

test_that("shares of totals not published are withheld with them (regression)", {
  skip_if_not_installed("lpSolve")
  d <- data.frame(r = rep(c("A", "B", "C"), c(12, 12, 30)),
                  k = c("x", "y", rep("z", 10), "x", "y", rep("z", 10),
                        rep(c("x", "y", "z"), each = 10)))
  for (percent in c("row", "col", "total")) {
    x <- cohort_table(d, r, k, totals = FALSE, percent = percent)
    safe <- suppress_small(x)
    expect_identical(nrow(disclosure_check(safe)), 0L, label = percent)
    # Small counts blanked by hand, shares left: count / share gives the
    # total, and the hidden cells with it.
    leaky <- x
    leaky$x[1:2] <- NA
    leaky$y[1:2] <- NA
    problems <- disclosure_check(leaky)
    expect_identical(problems$problem[problems$column %in% c("x", "y")],
                     rep("worked out exactly", 4), label = percent)
    expect_identical(problems$value[problems$column %in% c("x", "y")],
                     c(1, 1, 1, 1), label = percent)
  }
  # Row shares: a row with a withheld count shows none of its shares.
  safe <- suppress_small(cohort_table(d, r, k, totals = FALSE,
                                      percent = "row"))
  expect_true(all(is.na(unlist(safe[1:2, c("x %", "y %", "z %")]))))
  expect_false(anyNA(unlist(safe[3, c("x %", "y %", "z %")])))
})

test_that("a proportion's count is bounded by its denominator (regression)", {
  skip_if_not_installed("lpSolve")
  followed <- proven_reoffending(barnet_cohort, barnet_offences)
  small <- followed[followed$id %in% unique(followed$id)[1:40], ]
  rates <- reoffending_rates(small, by = c(cohort_year, sex))
  expect_identical(rates$offenders[1], 5L)
  expect_identical(rates$reoffenders[1], 1L)
  # 1 of 5 withheld: reoffenders lies in [1, 5], too narrow; the checker
  # says so, and suppress_small() withholds the 5 too.
  problems <- disclosure_check(suppress_small(rates, secondary = FALSE))
  expect_identical(problems$column, "reoffenders")
  expect_identical(c(problems$lower, problems$upper), c(1, 5))
  safe <- suppress_small(rates)
  expect_true(is.na(safe$offenders[1]) && is.na(safe$reoffenders[1]))
  expect_true(all(is.na(unlist(safe[1, c("proportion", "per_reoffender",
                                         "frequency")]))))
  expect_identical(safe$offenders[2], rates$offenders[2])
  expect_identical(nrow(disclosure_check(safe)), 0L)
})

test_that("nothing published says which cells were small (regression)", {
  team <- lewisham_offenders[seq(1, 1338, by = 40), ]
  safe <- suppress_small(cohort_table(team, cohort, status))
  expect_gt(sum(is.na(count_matrix(safe))), 0L)
  everything <- c(deparse(attributes(safe)), deparse(table_record(safe)),
                  capture.output(print(safe)), deparse(format(safe)),
                  deparse(as.data.frame(safe)))
  expect_false(any(grepl("\"(primary|secondary)\"", everything)))
  expect_true(all(is.na(table_record(safe)$cells$reason)))
})

test_that("reoffences shown beside a withheld reoffenders cap it (regression)", {
  skip_if_not_installed("lpSolve")
  followed <- proven_reoffending(barnet_cohort, barnet_offences)
  older <- followed[followed$age >= 60, ]
  rates <- reoffending_rates(older, by = c(cohort_year, age))
  # Every reoffender has a reoffence: a withheld reoffenders beside 1 or 2
  # reoffences lies in [1, 2].
  primary <- suppress_small(rates, secondary = FALSE)
  capped <- is.na(primary$reoffenders) & primary$reoffences < 5
  expect_true(any(capped))
  problems <- disclosure_check(primary)
  expect_true(all(which(capped) %in% problems$row[problems$column ==
                                                    "reoffenders"]))
  safe <- suppress_small(rates)
  expect_identical(nrow(disclosure_check(safe)), 0L)
  # The reoffences go with it, and the averages computed from them.
  expect_true(all(is.na(safe$reoffences[capped])))
  expect_true(all(is.na(safe$frequency[capped])))
  expect_identical(safe$reoffences[!is.na(safe$reoffenders)],
                   rates$reoffences[!is.na(safe$reoffenders)])
})
