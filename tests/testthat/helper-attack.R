# An attacker on suppress_small(), by linear programming.
#
# What it knows. The RECORDS a test generated, through their finest
# cross-classification only (the "cube": one LP variable per combination of
# the levels of every variable any table of the case uses; a subset table adds
# its filter as one more dimension, so subset cells are at most whole cells),
# and everything published together: every count cell that is not NA (a Total
# row or column covers all levels; a by-block fixes the by variables), every
# proportion as stored in the data frame (num - p * den = 0 within a band of
# 1e-7 * (1 + den), whether or not den is published), a "[z]" proportion (its
# denominator is 0), that counts are non-negative, that a withheld count of
# people is at least 1 when zeros are shown (zeros = "keep") and at least 0
# otherwise, and the threshold. Reoffences (events) are one extra variable per
# row of a rates table, at least the reoffenders of that row (every
# reoffender has a reoffence; `at_least_one_reoffence = FALSE` drops this).
# It then asks lpSolve for the minimum L and maximum U of every withheld
# count of people; the contract is U - L >= threshold. A Wilson limit
# published in a row with a withheld count of people is counted as pinning it
# (with the row's other count shown, a limit is monotone in the withheld one;
# with both withheld, the two limits are two equations in two unknowns): it is
# not linear, so the LP does not see it. The truth is used only to check the
# attacker itself (every published count must equal the cube sum the attacker
# maps it to, and the true value of every withheld cell must lie in [L, U])
# and, with `exact = FALSE`, as a feasible point that lets LPs whose verdict
# is already settled be skipped.
#
# How it is independent. It reads no code of the suppression engine: only the
# public API (cohort_table(), needs_profile(), reoffending_rates(),
# suppress_small(), as.data.frame(), table_record()'s "[z]" cells) and the
# documented shape of the tables. Which row is a total and which column is a
# count, a total or a proportion comes from the test's own description of how
# the table was made (`spec`), never from the table's record or from label
# text guessed at; the labels are only matched to the levels the test knows.

# A description of a table: what made it. type is "cohort", "needs" or
# "rates"; subset is the name of a logical column of the records that
# filters them (cohort tables only).
attack_spec <- function(type = "cohort", rows = NULL, cols = NULL, by = NULL,
                        totals = TRUE, percent = "none", subset = NULL,
                        needs = NULL, labels = NULL) {
  list(type = type, rows = rows, cols = cols, by = by, totals = totals,
       percent = percent, subset = subset, needs = needs,
       labels = if (is.null(labels)) needs else labels)
}

attack_build <- function(spec, records) {
  switch(spec$type,
    cohort = {
      data <- if (is.null(spec$subset)) records else
        records[records[[spec$subset]], , drop = FALSE]
      cohort_table(data, rows = spec$rows, cols = spec$cols, by = spec$by,
                   totals = spec$totals, percent = spec$percent)
    },
    needs = needs_profile(records, spec$needs, by = spec$by,
                          labels = spec$labels),
    rates = reoffending_rates(records, by = spec$by)
  )
}

attack_vars <- function(spec) {
  switch(spec$type,
    cohort = c(spec$by, spec$rows, spec$cols, spec$subset),
    needs = c(spec$by, spec$needs),
    rates = c(spec$by, "reoffended")
  )
}

# A key's values as the text the tables label them with; NA as "<NA>".
attack_text <- function(x) {
  out <- as.character(x)
  out[is.na(out)] <- "<NA>"
  out
}

attack_levels <- function(x) {
  if (is.factor(x)) {
    lev <- levels(x)
    if (anyNA(x)) lev <- c(lev, "<NA>")
    return(lev)
  }
  # A flag may be TRUE even where no record is: an attacker knows the
  # levels a logical can take, not which ones are empty.
  if (is.logical(x)) return(c("FALSE", "TRUE", if (anyNA(x)) "<NA>"))
  sort(unique(attack_text(x)))
}

# The cube: every combination of the levels of `vars`, with the true count of
# records in each (used only for the attacker's self-checks).
attack_cube <- function(records, vars) {
  vars <- unique(vars)
  lev <- lapply(records[vars], attack_levels)
  grid <- expand.grid(lev, stringsAsFactors = FALSE, KEEP.OUT.ATTRS = FALSE)
  key_grid <- do.call(paste, c(unname(as.list(grid)), sep = "\r"))
  key_rec <- do.call(paste, c(unname(lapply(records[vars], attack_text)),
                              sep = "\r"))
  truth <- tabulate(match(key_rec, key_grid), nbins = nrow(grid))
  list(grid = grid, truth = truth, n = nrow(grid))
}

# A linear term over the LP's variables: cube part `a`, extra variables `e`
# (a named numeric vector).
attack_term <- function(mask, cube) {
  list(a = as.numeric(mask), e = numeric(0))
}
attack_extra <- function(name, cube) {
  list(a = numeric(cube$n), e = stats::setNames(1, name))
}
attack_combine <- function(t1, t2, k2) {
  e <- c(t1$e, k2 * t2$e)
  e <- if (length(e)) tapply(e, factor(names(e), unique(names(e))), sum) else e
  list(a = t1$a + k2 * t2$a, e = stats::setNames(as.numeric(e), names(e)))
}

# The cells a published table shows, mapped to the cube.
# counts: list of (row, column, value, people, term); props: list of
# (row, column, p, z, num, den).
attack_map <- function(spec, table, cube) {
  df <- as.data.frame(table)
  # a table withheld by hand is a plain data frame, its "[z]" cells (row,
  # column) in its attribute "attack_z"
  z <- if (inherits(table, "report_table")) {
    cells <- table_record(table)$cells
    cells[cells$shown == "[z]", c("row", "column"), drop = FALSE]
  } else attr(table, "attack_z")
  if (is.null(z)) z <- data.frame(row = integer(0), column = character(0))
  is_z <- function(i, col) any(z$row == i & z$column == col)
  fn <- switch(spec$type, cohort = attack_map_cohort, needs = attack_map_needs,
               rates = attack_map_rates)
  fn(spec, df, cube, is_z)
}

attack_map_cohort <- function(spec, df, cube, is_z) {
  g <- cube$grid
  sub <- if (is.null(spec$subset)) rep(TRUE, cube$n) else
    g[[spec$subset]] == "TRUE"
  row_levels <- unique(g[[spec$rows]])
  col_levels <- if (is.null(spec$cols)) character(0) else unique(g[[spec$cols]])
  total_name <- if ("Total" %in% col_levels) "All" else "Total"
  count_cols <- if (is.null(spec$cols)) {
    if (spec$totals) "Total" else "n"
  } else c(col_levels, if (spec$totals) total_name)
  stopifnot(all(count_cols %in% names(df)))
  # block of each row: the by values; body rows carry a level of `rows`, and
  # with totals each block has exactly one further row, its total.
  block_key <- if (length(spec$by)) {
    do.call(paste, c(unname(lapply(df[spec$by], attack_text)), sep = "\r"))
  } else rep("", nrow(df))
  is_body <- attack_text(df[[spec$rows]]) %in% row_levels
  stopifnot(all(tapply(!is_body, block_key, sum) == as.integer(spec$totals)))
  counts <- list()
  props <- list()
  for (i in seq_len(nrow(df))) {
    in_block <- sub
    for (v in spec$by) in_block <- in_block & g[[v]] == attack_text(df[[v]][i])
    in_row <- in_block
    if (is_body[i]) in_row <- in_row & g[[spec$rows]] == attack_text(df[[spec$rows]][i])
    for (col in count_cols) {
      in_col <- if (col %in% col_levels) g[[spec$cols]] == col else rep(TRUE, cube$n)
      cell <- in_row & in_col
      counts[[length(counts) + 1]] <- list(row = i, column = col,
        value = df[[col]][i], people = TRUE, term = attack_term(cell, cube))
      if (spec$percent != "none") {
        pcol <- paste(col, "%")
        stopifnot(pcol %in% names(df))
        den <- switch(spec$percent,
          row = in_row,
          col = in_block & in_col,
          total = in_block)
        props[[length(props) + 1]] <- list(row = i, column = pcol,
          p = df[[pcol]][i], z = is_z(i, pcol),
          num = attack_term(cell, cube), den = attack_term(den, cube))
      }
    }
  }
  list(counts = counts, props = props)
}

attack_map_needs <- function(spec, df, cube, is_z) {
  g <- cube$grid
  assessed <- Reduce(`|`, lapply(spec$needs, function(v) g[[v]] != "<NA>"))
  groups <- if (is.null(spec$by)) list(list(mask = rep(TRUE, cube$n), prefix = ""))
    else lapply(unique(g[[spec$by]]), function(l)
      list(mask = g[[spec$by]] == l, prefix = paste0(l, " ")))
  stopifnot(nrow(df) == length(spec$needs) + 1L,
            identical(as.character(df$need[seq_along(spec$needs)]), spec$labels))
  counts <- list()
  props <- list()
  for (grp in groups) {
    ccol <- paste0(grp$prefix, "offenders")
    pcol <- paste0(grp$prefix, "percentage")
    if (!ccol %in% names(df)) next  # a group the table does not show
    den <- grp$mask & assessed
    for (i in seq_len(nrow(df))) {
      cell <- if (i <= length(spec$needs)) den & g[[spec$needs[i]]] == "TRUE" else den
      counts[[length(counts) + 1]] <- list(row = i, column = ccol,
        value = df[[ccol]][i], people = TRUE, term = attack_term(cell, cube))
      if (i <= length(spec$needs)) {
        props[[length(props) + 1]] <- list(row = i, column = pcol,
          p = df[[pcol]][i], z = is_z(i, pcol),
          num = attack_term(cell, cube), den = attack_term(den, cube))
      }
    }
  }
  list(counts = counts, props = props)
}

attack_map_rates <- function(spec, df, cube, is_z) {
  g <- cube$grid
  counts <- list()
  props <- list()
  extra_lower <- list()
  wilson <- list()
  for (i in seq_len(nrow(df))) {
    grp <- rep(TRUE, cube$n)
    for (v in spec$by) grp <- grp & g[[v]] == attack_text(df[[v]][i])
    offenders <- attack_term(grp, cube)
    reoffenders <- attack_term(grp & g$reoffended == "TRUE", cube)
    reoffences <- attack_extra(paste0("reoffences:", spec$id, ":", i), cube)
    counts[[length(counts) + 1]] <- list(row = i, column = "offenders",
      value = df$offenders[i], people = TRUE, term = offenders)
    counts[[length(counts) + 1]] <- list(row = i, column = "reoffenders",
      value = df$reoffenders[i], people = TRUE, term = reoffenders)
    counts[[length(counts) + 1]] <- list(row = i, column = "reoffences",
      value = df$reoffences[i], people = FALSE, term = reoffences)
    # each reoffender has at least one reoffence
    extra_lower[[length(extra_lower) + 1]] <-
      attack_combine(reoffences, reoffenders, -1)
    for (p in list(list("proportion", reoffenders, offenders),
                   list("per_reoffender", reoffences, reoffenders),
                   list("frequency", reoffences, offenders))) {
      props[[length(props) + 1]] <- list(row = i, column = p[[1]],
        p = df[[p[[1]]]][i], z = is_z(i, p[[1]]), num = p[[2]], den = p[[3]])
    }
    wilson[[length(wilson) + 1]] <- list(row = i,
      shown = !is.na(df$proportion_lower[i]) || !is.na(df$proportion_upper[i]))
  }
  list(counts = counts, props = props, nonneg = extra_lower, wilson = wilson)
}

# Attack published tables. `tables` are the published (suppressed) tables,
# `specs` how each was made, `records` the data they were made from.
# Returns one row per withheld count of people: table, row, column, truth,
# lower, upper, width, pinned, narrower, infeasible.
# `at_least_one_reoffence`: the attacker also uses that each reoffender has
# at least one reoffence (reoffences >= reoffenders, row by row), which
# follows from the definition of the rates table rather than from a margin.
#
# `exact = FALSE` saves the LPs whose answer is already settled: the truth
# and every LP solution found so far are points the attacker cannot rule out,
# so once those put a cell's values `threshold` apart (or its maximum is
# unbounded) its interval is wide enough; `lower` and `upper` are then NA
# where not solved and `width` is the width seen (a lower bound).
attack_tables <- function(records, specs, tables, threshold = 5,
                          zeros = "keep", at_least_one_reoffence = TRUE,
                          exact = TRUE) {
  stopifnot(length(specs) == length(tables))
  cube <- attack_cube(records, unlist(lapply(specs, attack_vars)))
  for (k in seq_along(specs)) specs[[k]]$id <- k
  maps <- Map(attack_map, specs, tables, MoreArgs = list(cube = cube))
  at_least <- if (zeros == "keep") 1 else 0
  extra_names <- unique(unlist(lapply(maps, function(m) c(
    unlist(lapply(m$counts, function(x) names(x$term$e))),
    unlist(lapply(m$props, function(x) c(names(x$num$e), names(x$den$e))))))))
  nvar <- cube$n + length(extra_names)
  row_of <- function(term) {
    r <- c(term$a, numeric(length(extra_names)))
    if (length(term$e)) r[cube$n + match(names(term$e), extra_names)] <- term$e
    r
  }
  truth_of <- function(term) {
    stopifnot(length(term$e) == 0L)
    sum(term$a * cube$truth)
  }
  mat <- list(); dir <- character(0); rhs <- numeric(0)
  add <- function(r, d, v) {
    mat[[length(mat) + 1]] <<- r
    dir <<- c(dir, d)
    rhs <<- c(rhs, v)
  }
  tol <- 1e-7
  targets <- list()
  for (k in seq_along(maps)) {
    m <- maps[[k]]
    for (cell in m$counts) {
      r <- row_of(cell$term)
      if (!is.na(cell$value)) {
        if (cell$people && cell$value != truth_of(cell$term)) {
          stop(sprintf("attacker maps table %d row %d column '%s' wrongly: %s shown, %s in the cube",
                       k, cell$row, cell$column, cell$value, truth_of(cell$term)))
        }
        add(r, "=", cell$value)
      } else if (cell$people) {
        add(r, ">=", at_least)
        targets[[length(targets) + 1]] <- list(table = k, row = cell$row,
          column = cell$column, term = cell$term, r = r)
      }
    }
    for (pr in m$props) {
      if (pr$z) {
        add(row_of(pr$den), "=", 0)
      } else if (!is.na(pr$p)) {
        # |num - p den| <= tol (1 + den), as two inequalities
        add(row_of(attack_combine(pr$num, pr$den, -(pr$p + tol))), "<=", tol)
        add(row_of(attack_combine(pr$num, pr$den, -(pr$p - tol))), ">=", -tol)
      }
    }
    if (at_least_one_reoffence) for (t in m$nonneg) add(row_of(t), ">=", 0)
  }
  empty <- data.frame(table = integer(0), row = integer(0), column = character(0),
                      truth = numeric(0), lower = numeric(0), upper = numeric(0),
                      width = numeric(0), pinned = logical(0),
                      narrower = logical(0), infeasible = logical(0))
  if (!length(targets)) return(empty)
  A <- do.call(rbind, mat)
  # Presolve, to keep the LPs small: a published 0 (or a "[z]" denominator)
  # makes every variable under it 0; rows left empty or repeated go.
  zero_rows <- dir == "=" & rhs == 0 & apply(A >= 0, 1, all)
  keep <- colSums(abs(A[zero_rows, , drop = FALSE])) == 0
  A <- A[, keep, drop = FALSE]
  trivial <- rowSums(abs(A)) == 0 &
    ((dir == "=" & rhs == 0) | (dir == ">=" & rhs <= 0) | (dir == "<=" & rhs >= 0))
  dup <- duplicated(cbind(A, rhs, match(dir, c("=", "<=", ">="))))
  use <- !trivial & !dup
  A <- A[use, , drop = FALSE]; dir <- dir[use]; rhs <- rhs[use]
  wilson_rows <- unlist(lapply(seq_along(maps), function(k) {
    w <- maps[[k]]$wilson
    if (is.null(w)) return(character(0))
    vapply(Filter(function(x) x$shown, w), function(x) paste(k, x$row),
           character(1))
  }))
  n <- length(targets)
  truth <- vapply(targets, function(t) truth_of(t$term), 0)
  objectives <- do.call(rbind, lapply(targets, function(t) t$r[keep]))
  # Every LP solution is a point the attacker cannot rule out: the range of
  # each target's values over the points seen (the truth among them) is
  # inside its interval.
  seen_lo <- seen_hi <- truth
  solve <- function(i, direction) {
    objective <- objectives[i, ]
    if (all(objective == 0)) return(0)
    fit <- lpSolve::lp(direction, objective, A, dir, rhs)
    if (fit$status == 0) {
      values <- drop(objectives %*% fit$solution)
      seen_lo <<- pmin(seen_lo, values)
      seen_hi <<- pmax(seen_hi, values)
      return(fit$objval)
    }
    if (fit$status == 3) return(if (direction == "max") Inf else -Inf)
    NA_real_
  }
  settled <- function(i) !exact && seen_hi[i] - seen_lo[i] >= threshold
  lower <- upper <- rep(NA_real_, n)
  infeasible <- rep(FALSE, n)
  by_wilson <- paste(vapply(targets, `[[`, 1L, "table"),
                     vapply(targets, `[[`, 1L, "row")) %in% wilson_rows
  for (i in seq_len(n)) {
    if (by_wilson[i]) {
      lower[i] <- upper[i] <- truth[i]
      next
    }
    if (settled(i)) next
    upper[i] <- solve(i, "max")
    if (is.na(upper[i])) {
      infeasible[i] <- TRUE
      next
    }
    if (settled(i) || (!exact && is.infinite(upper[i]))) next
    lower[i] <- solve(i, "min")
    if (is.na(lower[i])) {
      infeasible[i] <- TRUE
      next
    }
    if (truth[i] < lower[i] - 1e-6 || truth[i] > upper[i] + 1e-6) {
      t <- targets[[i]]
      stop(sprintf("attacker is wrong on table %d row %d column '%s': %s outside [%g, %g]",
                   t$table, t$row, t$column, truth[i], lower[i], upper[i]))
    }
  }
  # where an LP was not needed, the width is at least that of the range seen
  width <- ifelse(is.na(upper), seen_hi, upper) - ifelse(is.na(lower), seen_lo, lower)
  width[infeasible] <- NA_real_
  data.frame(table = vapply(targets, `[[`, 1L, "table"),
             row = vapply(targets, `[[`, 1L, "row"),
             column = vapply(targets, `[[`, "", "column"),
             truth = truth, lower = lower, upper = upper, width = width,
             pinned = !is.na(width) & width < 0.5,
             narrower = !is.na(width) & width < threshold - 1e-6,
             infeasible = infeasible)
}

# Build the tables of `specs` from `records`, suppress them (jointly when
# there are several) and attack the result.
# `joint = FALSE` suppresses each table on its own (as a user would before
# suppress_small() took a list), for comparison.
attack_case <- function(records, specs, threshold = 5, zeros = "keep",
                        secondary = TRUE, joint = TRUE, ...) {
  tables <- lapply(specs, attack_build, records = records)
  published <- if (length(tables) == 1L || !joint) {
    lapply(tables, suppress_small, threshold = threshold,
           secondary = secondary, zeros = zeros)
  } else {
    suppress_small(tables, threshold = threshold, secondary = secondary,
                   zeros = zeros)
  }
  attack_tables(records, specs, published, threshold = threshold,
                zeros = zeros, ...)
}

# One line per family: tables, withheld, pinned, narrower, infeasible.
attack_tally <- function() {
  env <- new.env()
  env$tables <- 0L; env$withheld <- 0L; env$pinned <- 0L
  env$narrower <- 0L; env$infeasible <- 0L; env$worst <- list()
  env$add <- function(res, ntables, label = "") {
    env$tables <- env$tables + ntables
    env$withheld <- env$withheld + nrow(res)
    env$pinned <- env$pinned + sum(res$pinned)
    env$narrower <- env$narrower + sum(res$narrower)
    env$infeasible <- env$infeasible + sum(res$infeasible)
    if (any(res$narrower | res$infeasible) && length(env$worst) < 3L) {
      env$worst[[length(env$worst) + 1L]] <- label
    }
  }
  env$line <- function(family) {
    sprintf("attack %s: %d tables, %d cells withheld, %d pinned, %d narrower than threshold, %d infeasible%s",
            family, env$tables, env$withheld, env$pinned, env$narrower,
            env$infeasible,
            if (length(env$worst)) paste0(" (first: ", paste(unlist(env$worst), collapse = "; "), ")") else "")
  }
  env
}

# A records data frame with the given count in each cell of a grid of
# factors (`counts` in the order of expand.grid(levels)).
attack_records <- function(levels, counts) {
  grid <- expand.grid(levels, KEEP.OUT.ATTRS = FALSE, stringsAsFactors = FALSE)
  idx <- rep(seq_len(nrow(grid)), counts)
  out <- grid[idx, , drop = FALSE]
  for (v in names(levels)) out[[v]] <- factor(out[[v]], levels = levels[[v]])
  rownames(out) <- NULL
  out
}

attack_valgrind <- function() nzchar(Sys.getenv("REOFFENDING_VALGRIND"))
