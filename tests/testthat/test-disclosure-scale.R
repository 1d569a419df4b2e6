# disclosure_check()'s fast path (one linear programme per group, then
# every interval by maximum flows in C) against the slow method (two linear
# programmes per withheld cell, over the whole table at once) on small
# random tables.

# A table of counts by cohort_table(): rows r within blocks g, columns c,
# with totals; a share p_small of cells 1 to 4.
small_table <- function(nr, nc, ng, p_small) {
  n <- nr * nc * ng
  counts <- ifelse(stats::runif(n) < p_small, sample(1:4, n, TRUE),
                   sample(5:40, n, TRUE))
  cells <- expand.grid(r = sprintf("R%02d", seq_len(nr)),
                       c = sprintf("C%02d", seq_len(nc)),
                       g = sprintf("G%02d", seq_len(ng)),
                       stringsAsFactors = TRUE)
  records <- cells[rep(seq_len(n), counts), , drop = FALSE]
  if (ng > 1L) cohort_table(records, r, c, by = g) else
    cohort_table(records, r, c)
}

slow_intervals <- function(x, cells, lower) {
  structure <- reoffending:::table_structure(x)
  values <- structure$values
  unknown <- which(is.na(values))
  constraints <- reoffending:::attacker_constraints(x, structure)
  constraints <- Filter(function(k) any(is.na(values[k$cells])), constraints)
  a <- matrix(0, length(constraints), length(unknown))
  rhs <- numeric(length(constraints))
  for (i in seq_along(constraints)) {
    k <- constraints[[i]]
    hit <- match(k$cells, unknown)
    a[i, hit[!is.na(hit)]] <- k$coef[!is.na(hit)]
    rhs[i] <- (if (is.null(k$rhs)) 0 else k$rhs) -
      sum(k$coef[is.na(hit)] * values[k$cells[is.na(hit)]])
  }
  dir <- vapply(constraints, `[[`, "", "dir")
  low <- rep(0, length(unknown))
  low[match(cells, unknown)] <- lower
  reoffending:::lp_span(a, rhs, dir, low, rep(Inf, length(unknown)),
                        match(cells, unknown))
}

test_that("the intervals by flows are those of a linear programme per cell", {
  skip_if_not_installed("lpSolve")
  set.seed(170)
  draws <- if (nzchar(Sys.getenv("REOFFENDING_VALGRIND"))) 2L else 12L
  for (draw in seq_len(draws)) {
    x <- small_table(sample(3:6, 1), sample(2:4, 1), sample(1:2, 1), 0.3)
    for (secondary in c(FALSE, TRUE)) {
      safe <- suppress_small(x, secondary = secondary)
      structure <- reoffending:::table_structure(safe)
      cells <- which(is.na(structure$values))
      if (length(cells) == 0L) next
      meta <- table_meta(safe)
      lower <- reoffending:::attacker_lower(meta, structure$values, cells)
      fast <- reoffending:::withheld_intervals(safe, structure, cells, lower)
      slow <- slow_intervals(safe, cells, lower)
      # A withheld count on no line is free above its lower bound.
      free <- is.na(slow$lower)
      slow$lower[free] <- lower
      slow$upper[free] <- Inf
      expect_equal(fast$lower, slow$lower)
      expect_equal(fast$upper, slow$upper)
      # And so the same findings.
      found <- disclosure_check(safe)
      narrow <- slow$upper - slow$lower < 5
      expect_setequal(
        paste(found$row[found$problem != "small count shown"],
              found$column[found$problem != "small count shown"]),
        paste((cells[narrow] - 1L) %% nrow(structure$values) + 1L,
              structure$count_names[(cells[narrow] - 1L) %/%
                                      nrow(structure$values) + 1L]))
    }
  }
})

test_that("the sums shares are of are read per row as a per-row list would", {
  # A share with no denominator column is of the sum of its row, of its
  # column within the block or of the whole block; the record keeps those
  # sums as a matrix or as one set a block, never a list over the rows.
  set.seed(171)
  n <- 40L
  block <- rep(1:4, each = 10L)
  block[c(7L, 23L)] <- NA
  body <- !seq_len(n) %in% c(10L, 20L, 30L, 40L)
  parts <- c(1L, 3L)
  marked <- matrix(stats::runif(n * 3L) < 0.1, n, 3L)
  marked[sample(n * 3L, 5L)] <- NA
  by_block <- split(which(body), factor(block[body], levels = 1:4))
  per_row <- list(
    row = lapply(seq_len(n), function(r) r + (parts - 1L) * n),
    column = lapply(seq_len(n), function(r) {
      which(block == block[r] & body) + (2L - 1L) * n
    }),
    block = lapply(seq_len(n), function(r) {
      same <- which(block == block[r] & body)
      rep(same, length(parts)) + rep((parts - 1L) * n, each = length(same))
    }))
  kept <- list(
    row = { m <- outer(seq_len(n), (parts - 1L) * n, "+")
            storage.mode(m) <- "integer"; m },
    column = reoffending:::grouped_cells(by_block, 1L, n, block),
    block = reoffending:::grouped_cells(by_block, parts - 1L, n, block))
  test <- function(cells) marked[cells] %in% TRUE
  rows <- c(1L, 7L, 12L, 23L, 40L)
  for (over in names(per_row)) {
    expect_identical(
      reoffending:::shared_any(kept[[over]], seq_len(n), test),
      vapply(per_row[[over]], function(cells) any(test(cells)), logical(1)),
      info = over)
    expect_identical(
      reoffending:::shared_any(kept[[over]], rows, test),
      vapply(per_row[[over]][rows], function(cells) any(test(cells)),
             logical(1)), info = over)
    for (r in rows) {
      expect_identical(as.integer(reoffending:::shared_row(kept[[over]], r)),
                       as.integer(per_row[[over]][[r]]), info = over)
    }
  }
})
