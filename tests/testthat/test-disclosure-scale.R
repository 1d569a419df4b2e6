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
