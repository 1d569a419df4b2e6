#' Find the cells of a table that would disclose
#'
#' Checks a table of counts before it is published, as an attacker would:
#' lists the small counts left visible, the percentages or rates shown for
#' a confidential count, and every withheld count whose value can be
#' narrowed, from what is published, to an interval less than `threshold`
#' wide. Run it on the output of [suppress_small()] to prove the result
#' safe.
#'
#' The attacker knows everything the table shows: its shown counts, the
#' additive lines of its record (each block's rows sum to its total row,
#' the count columns to the total column; see [suppress_small()]), the
#' percentages and rates shown (a share p of a count x over a total d says
#' x = p d, also where d itself is not published), that counts are whole
#' and never negative, and, when the table shows zeros, that a withheld
#' count is at least 1. For each withheld count it finds the lowest and the
#' highest value consistent with all of that by linear programming
#' (lpSolve): one programme per connected group of withheld cells for a
#' consistent point, then the exact interval of every cell by maximum
#' flows over the table's lines in C (the lines form a network, so these
#' bounds are exactly what linear programming proves, and whole numbers);
#' a group tied by shown percentages is solved by linear programming cell
#' by cell. A cell is reported when its interval is narrower than
#' `threshold` (upper minus lower). A list of tables is checked as one
#' publication: the same count in several tables is one unknown.
#'
#' In a rounded table (`round_to` in [suppress_small()]), whose totals are
#' the sums of its rounded counts, a withheld count's interval is found for
#' its rounded value, then widened to every whole number that rounds to
#' its ends; a shown count is any whole number that rounds to it (the
#' totals, sums of rounded parts, narrow it no further).
#'
#' Without lpSolve installed, only exact recovery is checked (by linear
#' algebra: a cell whose unit vector lies in the row space of the lines
#' through the withheld cells, or on a line hiding a sum of 0), with a
#' message saying so.
#'
#' @param x A [report_table()] (or data frame) with count columns, or a
#'   list of them published together; missing counts are taken as
#'   suppressed.
#' @param threshold Visible counts from 1 to `threshold - 1` are reported,
#'   and withheld counts pinned to an interval narrower than this: a whole
#'   number of at least 1.
#' @return A data frame with one row per disclosive cell and columns `row`
#'   (row number in `x`), `column` (column name), `label` (the row's
#'   labels), `value` (the value shown, or the value worked out when the
#'   interval is a single value; `NA` otherwise), `lower` and `upper` (the
#'   interval an attacker can prove for a withheld count; `NA` for other
#'   problems) and `problem`: `"small count shown"`, `"worked out
#'   exactly"`, `"narrowed below the threshold"` or `"shown for a
#'   confidential count"`. For a list, a first column `table` (the name or
#'   position in the list), and the cells that tables linked to each other
#'   give away together. No rows means nothing discloses.
#' @seealso [suppress_small()]
#' @examples
#' team <- lewisham_offenders[seq(1, 1338, by = 40), ]
#' caseload <- cohort_table(team, cohort, status)
#' disclosure_check(caseload)
#'
#' # Primary suppression alone: the totals give the hidden cells away
#' disclosure_check(suppress_small(caseload, secondary = FALSE))
#'
#' # With secondary suppression nothing discloses
#' disclosure_check(suppress_small(caseload))
#' @export
disclosure_check <- function(x, threshold = 5) {
  threshold <- check_whole(threshold, "threshold")
  if (is_table_list(x)) return(check_publication(x, threshold))
  x <- as_count_table(x)
  meta <- table_meta(x)
  structure <- table_structure(x, meta)
  values <- structure$values
  bad <- !is.na(values) & (!is.finite(values) | values < 0)
  if (any(bad)) {
    abort("`x` has negative or infinite counts in column `",
          structure$count_names[which(colSums(bad) > 0)[1L]],
          "`; counts must be 0 or more.")
  }
  nrow <- nrow(values)
  found <- list()
  add <- function(cell, value, lower, upper, problem) {
    if (length(cell) == 0L) return()
    found[[length(found) + 1L]] <<- data.frame(
      row = as.integer((cell - 1L) %% nrow + 1L),
      column = structure$count_names[(cell - 1L) %/% nrow + 1L],
      value = as.double(value), lower = as.double(lower),
      upper = as.double(upper), problem = problem,
      stringsAsFactors = FALSE)
  }
  small <- which(!is.na(values) & values > 0 & values < threshold)
  add(small, values[small], NA, NA, "small count shown")

  # In a table that went through suppress_small(), a missing count that it
  # did not withhold is not available, not confidential: narrowing it
  # discloses nothing (it stays an unknown all the same).
  confidential <- which(is.na(values))
  if (!is.null(meta$suppression)) {
    withheld <- meta$cells[meta$cells$status == "withheld", , drop = FALSE]
    cell <- withheld$row + (match(withheld$column, structure$count_names) -
                              1L) * nrow
    confidential <- intersect(confidential, cell)
  }
  lower_bound <- attacker_lower(meta, values, confidential)
  if (requireNamespace("lpSolve", quietly = TRUE)) {
    span <- withheld_intervals(x, structure, confidential, lower_bound)
    exact <- span$upper - span$lower < 0.5
    narrow <- !exact & span$upper - span$lower < threshold
    add(span$cell[exact], span$lower[exact], span$lower[exact],
        span$upper[exact], "worked out exactly")
    add(span$cell[narrow], NA, span$lower[narrow], span$upper[narrow],
        "narrowed below the threshold")
    revealed <- span$cell[exact | narrow]
  } else {
    message("disclosure_check(): lpSolve is not installed, so only exact ",
            "recovery is checked, not intervals narrower than the ",
            "threshold; install.packages(\"lpSolve\") for the full check.")
    worked <- worked_out_cells(structure)
    worked <- lapply(worked, `[`, worked$cell %in% confidential)
    add(worked$cell, worked$value, worked$value, worked$value,
        "worked out exactly")
    revealed <- worked$cell
  }

  # Derived columns shown where their count, or the count they are a share
  # of, is confidential (suppressed and not worked out). A share of 0 of
  # anything says nothing about the anything.
  hidden <- is.na(values)
  hidden[revealed] <- FALSE
  derived <- derived_marks(structure, hidden)
  for (column in names(derived)) {
    shown <- x[[column]]
    rows <- which(derived[[column]] & !is.na(shown) & shown != 0)
    if (length(rows) > 0L) {
      found[[length(found) + 1L]] <- data.frame(
        row = rows, column = column, value = shown[rows], lower = NA_real_,
        upper = NA_real_, problem = "shown for a confidential count",
        stringsAsFactors = FALSE)
    }
  }

  out <- if (length(found) > 0L) do.call(rbind, found) else
    data.frame(row = integer(), column = character(), value = numeric(),
               lower = numeric(), upper = numeric(), problem = character(),
               stringsAsFactors = FALSE)
  out$label <- row_label(x, meta, out$row)
  out <- out[order(out$row, match(out$column, names(x))),
             c("row", "column", "label", "value", "lower", "upper",
               "problem")]
  rownames(out) <- NULL
  out
}

# A list of tables published together: each table's own problems, then
# what the tables linked to others give away together (linear programming
# over the cube of their variables, check_jointly()); one row per cell,
# the first problem found.
check_publication <- function(tables, threshold) {
  tables <- as_count_tables(tables)
  given <- names(tables)
  label <- if (!is.null(given) && all(nzchar(given))) given else
    seq_along(tables)
  found <- lapply(seq_along(tables), function(k) {
    one <- disclosure_check(tables[[k]], threshold)
    cbind(table = rep(label[k], nrow(one)), one, stringsAsFactors = FALSE)
  })
  joint <- check_jointly(tables, threshold, linked_only = TRUE)
  joint <- joint[!is.na(joint$problem), , drop = FALSE]
  exact <- joint$upper - joint$lower < 0.5
  found[[length(found) + 1L]] <- data.frame(
    table = joint$table, row = joint$row, column = joint$column,
    label = joint$label, value = ifelse(exact, joint$lower, NA_real_),
    lower = joint$lower, upper = joint$upper,
    problem = ifelse(exact, "worked out exactly",
                     "narrowed below the threshold"),
    stringsAsFactors = FALSE)
  out <- do.call(rbind, found)
  out <- out[!duplicated(out[c("table", "row", "column")]), , drop = FALSE]
  position <- match(out$table, label)
  out <- out[order(position, out$row), , drop = FALSE]
  rownames(out) <- NULL
  out
}

# What the attacker knows a withheld count to be at least: 1 when the
# table shows zeros (then a withheld count is never 0), else 0. A table
# from suppress_small() says whether it showed zeros; for any other, shown
# zeros say it.
attacker_lower <- function(meta, values, confidential) {
  zeros <- meta$suppression$zeros
  if (!is.null(zeros)) return(withheld_lower(zeros))
  if (length(confidential) > 0L && any(values == 0, na.rm = TRUE)) 1 else 0
}

# ---- The interval of every withheld count -------------------------------------

# The constraints an attacker reads off one table, over the cells of its
# count matrix: each line (parts minus total is 0) and each shown share
# (numerator minus share times denominator is 0, the denominator a cell or
# the sum of cells it is a share of). A list of list(cells, coef).
#
# Only constraints that touch a missing count are built: the others say
# nothing about a withheld one (withheld_intervals() drops them), and a
# table of a million rows has a share per row. A constraint whose cells
# include an unknown index (NA) is kept.
attacker_constraints <- function(x, structure) {
  unknown <- is.na(structure$values)
  may_touch <- function(cells) !(unknown[cells] %in% FALSE)
  lines <- lapply(structure$lines, function(l) {
    list(cells = l$cells, coef = ifelse(l$cells == l$total, -1, 1),
         dir = "=")
  })
  shares <- list()
  # A proportion's count is part of the count it is a share of.
  for (link in structure$links) {
    if (!isTRUE(link$subset) || is.null(link$numerator_cells) ||
        is.null(link$denominator_cells)) next
    pairs <- unique(cbind(link$numerator_cells, link$denominator_cells))
    pairs <- pairs[!is.na(pairs[, 2L]) & pairs[, 1L] != pairs[, 2L] &
                     (may_touch(pairs[, 1L]) | may_touch(pairs[, 2L])), ,
                   drop = FALSE]
    for (i in seq_len(nrow(pairs))) {
      shares[[length(shares) + 1L]] <- list(cells = pairs[i, ],
                                            coef = c(1, -1), dir = "<=")
    }
  }
  # A count of people is at most the events each of them has one of.
  for (link in structure$links) {
    if (!link$at_least_one || is.null(link$denominator_cells) ||
        !link$numerator %in% names(x) ||
        link$numerator %in% structure$count_names) next
    events <- x[[link$numerator]]
    for (r in which(!is.na(events) & may_touch(link$denominator_cells))) {
      shares[[length(shares) + 1L]] <- list(
        cells = link$denominator_cells[r], coef = 1, dir = "<=",
        rhs = events[r])
    }
  }
  for (link in structure$links) {
    if (is.null(link$numerator_cells)) next
    share <- x[[link$name]]
    rows <- which(!is.na(share) & is.finite(share))
    touch <- may_touch(link$numerator_cells[rows])
    if (!is.null(link$denominator_cells)) {
      touch <- touch | may_touch(link$denominator_cells[rows])
    } else if (!is.null(link$shared_cells)) {
      touch <- touch | shared_any(link$shared_cells, rows, may_touch)
    }
    for (r in rows[touch]) {
      den <- if (!is.null(link$denominator_cells)) {
        link$denominator_cells[r]
      } else if (!is.null(link$shared_cells)) {
        shared_row(link$shared_cells, r)
      }
      if (length(den) == 0L || anyNA(den)) next
      cells <- c(link$numerator_cells[r], den)
      coef <- c(1, rep(-share[r], length(den)))
      # The same cell as numerator and in the denominator: one coefficient.
      shares[[length(shares) + 1L]] <- list(
        cells = unique(cells),
        coef = vapply(split(coef, cells), sum, numeric(1))[
          as.character(unique(cells))], dir = "=")
    }
  }
  c(lines, shares)
}

# For each cell in `cells` (indices into the count matrix, all unknown):
# the lowest and highest value consistent with the table. Unknowns are the
# missing counts (and, in a rounded table, every count, within half the
# base of its shown value).
withheld_intervals <- function(x, structure, cells, lower) {
  values <- structure$values
  constraints <- attacker_constraints(x, structure)
  unknown <- is.na(values)
  round_to <- table_meta(x)$suppression$round_to
  rounded <- !is.null(round_to) && round_to > 1
  # A rounded table's lines hold its rounded counts (totals are sums of
  # rounded parts): the interval is found for the rounded count, from 0,
  # then widened to the true counts that round to its ends.
  true_lower <- lower
  if (rounded) lower <- 0
  low <- ifelse(unknown, 0, values)
  high <- ifelse(unknown, Inf, values)
  low[cells] <- lower
  out_lower <- rep(NA_real_, length(cells))
  out_upper <- rep(NA_real_, length(cells))
  is_line <- rep(c(TRUE, FALSE), c(length(structure$lines),
                                   length(constraints) -
                                     length(structure$lines)))
  touching <- vapply(constraints, function(k) any(unknown[k$cells]),
                     logical(1))
  parts <- line_components(constraints[touching], !unknown)
  for (part in parts) {
    ids <- which(touching)[part]
    vars <- unique(unlist(lapply(constraints[ids], `[[`, "cells")))
    vars <- vars[unknown[vars]]
    ask <- which(cells %in% vars)
    if (length(ask) == 0L) next
    a <- matrix(0, length(ids), length(vars))
    rhs <- numeric(length(ids))
    for (i in seq_along(ids)) {
      k <- constraints[[ids[i]]]
      hit <- match(k$cells, vars)
      a[i, hit[!is.na(hit)]] <- k$coef[!is.na(hit)]
      rhs[i] <- (if (is.null(k$rhs)) 0 else k$rhs) -
        sum(k$coef[is.na(hit)] * values[k$cells[is.na(hit)]])
    }
    same_low <- length(unique(low[vars])) == 1L
    span <- if (all(is_line[ids]) && same_low) {
      network_span(a, rhs, vars, cells[ask], low[vars], structure)
    } else {
      dir <- vapply(constraints[ids], `[[`, "", "dir")
      lp_span(a, rhs, dir, low[vars], high[vars], match(cells[ask], vars))
    }
    out_lower[ask] <- span$lower
    out_upper[ask] <- span$upper
  }
  # A withheld count on no line at all is free above its lower bound.
  free <- is.na(out_lower)
  out_lower[free] <- low[cells[free]]
  out_upper[free] <- Inf
  if (rounded) {
    # Rounded half up: v was a whole number in
    # [v - floor(b / 2), v + ceiling(b / 2) - 1].
    out_lower <- pmax(true_lower, out_lower - floor(round_to / 2))
    out_upper <- out_upper + ceiling(round_to / 2) - 1
  }
  list(cell = cells, lower = out_lower, upper = out_upper)
}

# Lowest and highest value of each variable `ask` given a x = rhs (or <=,
# by `dir`) and bounds, one linear programme each (for groups tied by
# shares, parts or rounding). Equalities as pairs of inequalities with a
# small tolerance, as shares are shown to the precision of a double. The
# variables are shifted by their lower bounds (lpSolve's are 0), and the
# matrix goes to lpSolve as its non-zero entries.
lp_span <- function(a, rhs, dir, low, high, ask) {
  n <- ncol(a)
  rhs <- rhs - drop(a %*% low)
  tol <- 1e-7 * pmax(1, abs(rhs))
  eq <- dir == "="
  bounded <- which(is.finite(high))
  const <- rbind(a, a[eq, , drop = FALSE])
  dir <- c(rep("<=", nrow(a)), rep(">=", sum(eq)))
  b <- c(rhs + tol, rhs[eq] - tol[eq])
  # A row with no unknown left says nothing (lpSolve refuses it).
  used <- rowSums(const != 0) > 0
  const <- const[used, , drop = FALSE]
  entries <- sparse_entries(const)
  if (length(bounded) > 0L) {
    entries <- rbind(entries, cbind(nrow(const) + seq_along(bounded),
                                    bounded, 1))
  }
  dir <- c(dir[used], rep("<=", length(bounded)))
  b <- c(b[used], high[bounded] - low[bounded])
  if (nrow(entries) == 0L) {
    return(list(lower = low[ask], upper = ifelse(is.finite(high[ask]),
                                                   high[ask], Inf)))
  }
  solve <- function(direction, j) {
    objective <- numeric(n)
    objective[j] <- 1
    fit <- lpSolve::lp(direction, objective, , dir, b,
                       dense.const = entries)
    if (fit$status == 3) return(if (direction == "max") Inf else -Inf)
    if (fit$status != 0) return(NA_real_)
    fit$objval + low[j]
  }
  # Counts are whole: the bounds round inwards (past the tolerance).
  list(lower = ceiling(vapply(ask, function(j) solve("min", j),
                              numeric(1)) - 1e-6),
       upper = floor(vapply(ask, function(j) solve("max", j),
                            numeric(1)) + 1e-6))
}

# The non-zero entries of a matrix as lpSolve's dense.const: row, column,
# value.
sparse_entries <- function(a) {
  at <- which(a != 0, arr.ind = TRUE)
  cbind(at[, 1L], at[, 2L], a[at])
}

# The same for a group held only by the table's lines: one linear
# programme for a point consistent with what is published, then the
# exact interval of every cell from it by maximum flows in C.
network_span <- function(a, rhs, vars, ask, low, structure) {
  n <- ncol(a)
  used <- rowSums(a != 0) > 0
  fit <- lpSolve::lp("min", rep(1, n), , rep("=", sum(used)),
                     (rhs - drop(a %*% low))[used],
                     dense.const = sparse_entries(a[used, , drop = FALSE]))
  if (fit$status != 0) {
    return(list(lower = rep(NA_real_, length(ask)),
                upper = rep(NA_real_, length(ask))))
  }
  point <- structure$values
  point[is.na(point)] <- 0
  point[vars] <- round(fit$solution + low, 6)
  hidden <- logical(length(point))
  hidden[vars] <- TRUE
  cap <- sum(point) + 1
  span <- .Call(C_protection_intervals, as.double(point), hidden,
                structure$nodes, structure$is_total, structure$n_nodes,
                as.double(min(low)), as.double(cap))
  n_cells <- length(point)
  down <- span[ask]
  up <- span[n_cells + ask]
  list(lower = point[ask] - down,
       upper = ifelse(up >= cap, Inf, point[ask] + up))
}

# ---- Exact recovery, without lpSolve ----------------------------------------

# Suppressed cells (NA) pinned down by the lines: by linear algebra on the
# constraint matrix restricted to the unknown cells, then by the sign of
# counts (a line hiding only parts that sum to 0), repeated until nothing
# new is found. Returns cells (indices into the count matrix), their values
# where consistent, and how they were found.
worked_out_cells <- function(structure) {
  values <- structure$values
  known <- !is.na(values)
  lines <- structure$lines
  out_cell <- integer()
  out_value <- numeric()
  out_how <- character()
  if (length(lines) == 0L) {
    return(list(cell = out_cell, value = out_value, how = out_how))
  }
  repeat {
    new_cell <- integer()
    new_value <- numeric()
    new_how <- character()
    # Only lines through unknown cells say anything, and only lines that
    # share unknowns need solving together: one small system per connected
    # part, never one as large as the table.
    touching <- Filter(function(l) !all(known[l$cells]), lines)
    for (part in line_components(touching, known)) {
      in_block <- touching[part]
      cells <- unique(unlist(lapply(in_block, `[[`, "cells")))
      unknown <- cells[!known[cells]]
      if (length(unknown) == 0L) next
      a <- matrix(0, length(in_block), length(unknown))
      rhs <- numeric(length(in_block))
      for (i in seq_along(in_block)) {
        l <- in_block[[i]]
        coef <- ifelse(l$cells == l$total, -1, 1)
        hit <- match(l$cells, unknown)
        a[i, hit[!is.na(hit)]] <- coef[!is.na(hit)]
        rhs[i] <- -sum(coef[is.na(hit)] * values[l$cells[is.na(hit)]])
      }
      fixed <- determined_unknowns(a)
      if (!any(fixed)) next
      solution <- solve_lines(a, rhs, structure$rounded)
      new_cell <- c(new_cell, unknown[fixed])
      new_value <- c(new_value, solution[fixed])
      new_how <- c(new_how, rep("rank", sum(fixed)))
    }
    if (!structure$rounded) {
      for (l in touching) {
        hidden <- l$cells[!known[l$cells] & !l$cells %in% new_cell]
        if (length(hidden) == 0L || l$total %in% hidden ||
            !known[l$total]) next
        shown <- setdiff(l$cells[known[l$cells]], l$total)
        if (abs(values[l$total] - sum(values[shown])) < 1e-9) {
          new_cell <- c(new_cell, hidden)
          new_value <- c(new_value, rep(0, length(hidden)))
          new_how <- c(new_how, rep("zero", length(hidden)))
        }
      }
    }
    keep <- !duplicated(new_cell)
    new_cell <- new_cell[keep]
    if (length(new_cell) == 0L) break
    new_value <- new_value[keep]
    out_cell <- c(out_cell, new_cell)
    out_value <- c(out_value, new_value)
    out_how <- c(out_how, new_how[keep])
    known[new_cell] <- TRUE
    # Values that cannot be given (rounded tables) stay unknown numbers but
    # count as published for the next round.
    values[new_cell] <- ifelse(is.na(new_value), 0, new_value)
  }
  list(cell = out_cell, value = out_value, how = out_how)
}

# The lines, grouped into the connected parts of the graph in which a line
# and an unknown cell are joined when the line runs through the cell: a
# list of index vectors into `lines`. Labels spread by taking minima over
# the edges until they settle.
line_components <- function(lines, known) {
  if (length(lines) == 0L) return(list())
  cells <- lapply(lines, function(l) l$cells[!known[l$cells]])
  edge_line <- rep(seq_along(lines), lengths(cells))
  edge_cell <- match(unlist(cells), unique(unlist(cells)))
  line_label <- seq_along(lines)
  group_min <- function(value, group, n) {
    o <- order(group, value)
    first <- !duplicated(group[o])
    out <- rep(NA_integer_, n)
    out[group[o][first]] <- value[o][first]
    out
  }
  repeat {
    cell_label <- group_min(line_label[edge_line], edge_cell,
                            max(edge_cell))
    spread <- group_min(cell_label[edge_cell], edge_line, length(lines))
    spread[is.na(spread)] <- line_label[is.na(spread)]
    if (identical(spread, line_label)) break
    line_label <- spread
  }
  unname(split(seq_along(lines), line_label))
}

# Which unknowns (columns of a) the equations fix: those whose unit vector
# lies in the row space of a, i.e. on which every vector of the null space
# of a is 0. The null space is the orthogonal complement of the column space
# of t(a), read off a complete QR decomposition of t(a).
determined_unknowns <- function(a) {
  n <- ncol(a)
  decomposition <- qr(t(a))
  rank <- decomposition$rank
  if (rank == n) return(rep(TRUE, n))
  if (rank == 0L) return(rep(FALSE, n))
  null <- qr.Q(decomposition, complete = TRUE)[, (rank + 1L):n, drop = FALSE]
  apply(abs(null), 1L, max) < 1e-8
}

solve_lines <- function(a, rhs, rounded) {
  if (rounded) return(rep(NA_real_, ncol(a)))
  decomposition <- qr(a)
  x <- suppressWarnings(qr.coef(decomposition, rhs))
  x[is.na(x)] <- 0
  if (max(abs(a %*% x - rhs)) > 1e-6 * max(1, abs(rhs))) {
    return(rep(NA_real_, ncol(a)))
  }
  round(x, 6)
}

