# The linear programme over tables published together: one unknown per
# cell of the finest cross-classification of their variables (the cube),
# the published counts as equalities, and each withheld count's lowest and
# highest value. Used by R/disclosure_joint.R.

# ---- The linear programme -----------------------------------------------------

# For the tables of one linked set (or one table with a cube of its own),
# the attacker's interval of every withheld keyed count cell: table (index
# in `tables`), row, column, key, lower, upper, narrow. Every solution the
# solver returns is a table the attacker cannot rule out: with `exact =
# FALSE` a cell whose values over those already differ by `threshold` is
# wide enough without solving for it (its lower and upper are then those
# values, inside its interval).
joint_intervals <- function(tables, cells, threshold, exact = TRUE) {
  cube <- build_cube(cells)
  lp <- cube_constraints(cube, cells)
  targets <- do.call(rbind, c(list(empty_intervals()[c("table", "row",
                                                         "column", "key")]),
                              lapply(seq_along(cells), function(k) {
    c <- cells[[k]]
    hit <- c$withheld & !is.na(c$key)
    data.frame(table = rep(k, sum(hit)), row = c$row[hit],
               column = c$column[hit], key = c$key[hit],
               stringsAsFactors = FALSE)
  })))
  keys <- unique(targets$key)
  columns <- lapply(keys, function(k) key_columns(cube, c_key(k)))
  seen_low <- rep(Inf, length(keys))
  seen_high <- rep(-Inf, length(keys))
  bounds <- matrix(NA_real_, length(keys), 2L)
  witness <- function(solutions) {
    for (x in solutions) {
      value <- vapply(columns, function(at) sum(x[at]), numeric(1))
      seen_low <<- pmin(seen_low, value)
      seen_high <<- pmax(seen_high, value)
    }
  }
  # A few solutions pulled in scattered directions first (fixed ones: the
  # result never depends on the session's random numbers): many wide
  # cells are told apart by them.
  if (!exact && length(keys) > 8L) {
    for (s in seq_len(4L)) {
      weights <- sin(seq_along(keys) * (12.9898 + s))
      objective <- numeric(cube$n)
      for (i in seq_along(keys)) {
        objective[columns[[i]]] <- objective[columns[[i]]] + weights[i]
      }
      witness(lp_solutions(cube, lp, objective))
    }
  }
  for (i in seq_along(keys)) {
    if (!exact && seen_high[i] - seen_low[i] >= threshold - 1e-7) {
      bounds[i, ] <- c(seen_low[i], seen_high[i])
      next
    }
    got <- cell_interval(cube, lp, columns[[i]])
    bounds[i, ] <- got$bounds
    witness(got$solutions)
  }
  at <- match(targets$key, keys)
  targets$lower <- bounds[at, 1L]
  targets$upper <- bounds[at, 2L]
  targets$narrow <- targets$upper - targets$lower < threshold - 1e-7
  targets$linked <- rep(NA, nrow(targets))
  targets
}

# The unknowns: one per cell of the cube over the variables of the keys.
# Variables never named together in one key (and more than one of them)
# each get a copy of the cube over the others, instead of their product.
build_cube <- function(cells) {
  keys <- unlist(lapply(cells, function(c) c$keys[!is.na(c$key)]),
                 recursive = FALSE)
  variables <- unique(unlist(lapply(keys, names)))
  levels <- list()
  for (c in cells) {
    given <- attr(c, "levels")
    for (v in intersect(names(given), variables)) {
      levels[[v]] <- unique(c(levels[[v]], given[[v]]))
    }
  }
  # Levels named in keys but not listed (a record from elsewhere).
  for (key in keys) {
    for (v in names(key)) levels[[v]] <- unique(c(levels[[v]], key[[v]]))
  }
  levels <- levels[variables]
  together <- matrix(FALSE, length(variables), length(variables),
                     dimnames = list(variables, variables))
  for (named in unique(lapply(keys, function(k) sort(names(k))))) {
    together[named, named] <- TRUE
  }
  # The star: a set of variables never together, fewest partners first.
  star <- character()
  degree <- rowSums(together) - 1
  for (v in variables[order(degree, -lengths(levels))]) {
    if (!any(together[v, star])) star <- c(star, v)
  }
  if (length(star) < 2L ||
      prod(lengths(levels[star])) <= sum(lengths(levels[star]))) {
    star <- character()
  }
  others <- setdiff(variables, star)
  copies <- if (length(star) == 0L) list(others) else
    lapply(star, function(s) c(others, s))
  size <- vapply(copies, function(vars) prod(lengths(levels[vars])),
                 numeric(1))
  if (sum(size) > 2e6) {
    abort("The tables published together classify their counts by too ",
          "many variables between them (", paste(variables, collapse = ", "),
          "): ", format(sum(size), big.mark = ","), " cells to solve for.",
          class = "disclosure")
  }
  list(levels = levels, star = star, others = others, copies = copies,
       size = size, offset = c(0, cumsum(size))[seq_along(size)],
       n = sum(size))
}

# The unknowns (column numbers) that sum to a key: in the copy of the star
# variable it names (or the first copy), every cell with its levels.
key_columns <- function(cube, key) {
  copy <- 1L
  if (length(cube$star) > 0L) {
    hit <- match(intersect(names(key), cube$star), cube$star)
    if (length(hit) == 1L) copy <- hit
  }
  vars <- cube$copies[[copy]]
  index <- 0
  stride <- 1
  for (v in vars) {
    n_levels <- length(cube$levels[[v]])
    if (v %in% names(key)) {
      options <- match(key[[v]], cube$levels[[v]]) - 1
    } else {
      options <- seq_len(n_levels) - 1
    }
    index <- as.vector(outer(index, options * stride, `+`))
    stride <- stride * n_levels
  }
  cube$offset[copy] + index + 1
}

# Equations and inequalities, as triplets for lpSolve's dense.const:
# published counts (within half the rounding base when rounded), withheld
# counts at least 1 where zeros are shown, shown percentages of withheld
# counts (num - p den = 0), and the copies of the cube tied by their
# common margins.
cube_constraints <- function(cube, cells) {
  rows <- list()
  dir <- character()
  rhs <- numeric()
  add <- function(columns, coef, d, value) {
    rows[[length(rows) + 1L]] <<- cbind(length(rows) + 1L, columns, coef)
    dir <<- c(dir, d)
    rhs <<- c(rhs, value)
  }
  seen <- character()
  withheld <- character()
  for (c in cells) {
    record <- attr(c, "suppression")
    base <- record$round_to
    rounded <- !is.null(base) && base > 1
    zeros_shown <- is.null(record$zeros) || record$zeros == "keep"
    for (i in which(!is.na(c$key))) {
      key <- c$key[i]
      columns <- key_columns(cube, c$keys[[i]])
      if (is.na(c$value[i])) {
        # A count not available (not withheld) is just unknown.
        if (c$withheld[i] && zeros_shown && !key %in% withheld) {
          add(columns, 1, ">=", 1)
          withheld <- c(withheld, key)
        }
        next
      }
      if (key %in% seen) next
      seen <- c(seen, key)
      if (rounded) {
        add(columns, 1, ">=", max(0, c$value[i] - base / 2))
        add(columns, 1, "<=", c$value[i] + base / 2)
      } else {
        add(columns, 1, "=", c$value[i])
      }
    }
    links <- attr(c, "derived")
    if (rounded || is.null(links)) next
    for (i in seq_len(nrow(links))) {
      num <- links$numerator[i]
      den <- links$denominator[i]
      if (!is.na(c$value[num]) && !is.na(c$value[den])) next
      a <- key_columns(cube, c$keys[[num]])
      b <- key_columns(cube, c$keys[[den]])
      coef <- c(rep(1, length(a)), rep(-links$share[i], length(b)))
      both <- c(a, b)
      add(unique(both), as.vector(tapply(coef, both, sum)[
        as.character(unique(both))]), "=", 0)
    }
  }
  # Each copy's margin over the other variables equals the first copy's.
  if (length(cube$copies) > 1L) {
    grid <- expand.grid(lapply(cube$levels[cube$others], seq_along))
    for (g in seq_len(max(1L, nrow(grid)))) {
      fixed <- if (length(cube$others) == 0L) character() else
        stats::setNames(vapply(cube$others, function(v) {
          cube$levels[[v]][grid[[v]][g]]
        }, ""), cube$others)
      first <- cube_margin(cube, 1L, fixed)
      for (s in seq_along(cube$star)[-1L]) {
        # The star variables of two copies may have different numbers of
        # levels: each side has its own coefficients.
        margin <- cube_margin(cube, s, fixed)
        add(c(margin, first),
            c(rep(1, length(margin)), rep(-1, length(first))), "=", 0)
      }
    }
  }
  # lpSolve wants at least one constraint.
  if (length(rows) == 0L) add(seq_len(cube$n), 1, ">=", 0)
  list(mat = do.call(rbind, rows), dir = dir, rhs = rhs)
}

# The unknowns of copy `s` with the other variables at `fixed`, over every
# level of its star variable.
cube_margin <- function(cube, s, fixed) {
  vars <- cube$copies[[s]]
  index <- 0
  stride <- 1
  for (v in vars) {
    n_levels <- length(cube$levels[[v]])
    options <- if (v %in% names(fixed)) {
      match(fixed[[v]], cube$levels[[v]]) - 1
    } else {
      seq_len(n_levels) - 1
    }
    index <- as.vector(outer(index, options * stride, `+`))
    stride <- stride * n_levels
  }
  cube$offset[s] + index + 1
}

# Solutions minimising and maximising `objective` (none where unbounded).
lp_solutions <- function(cube, lp, objective) {
  out <- list()
  for (direction in c("min", "max")) {
    fit <- lpSolve::lp(direction, objective, const.dir = lp$dir,
                       const.rhs = lp$rhs, dense.const = lp$mat)
    if (fit$status == 0L) out[[length(out) + 1L]] <- fit$solution
  }
  out
}

# min and max of the sum of some unknowns over the programme (Inf when
# unbounded), and the solutions found.
cell_interval <- function(cube, lp, columns) {
  objective <- numeric(cube$n)
  objective[columns] <- 1
  solutions <- list()
  solve <- function(direction) {
    fit <- lpSolve::lp(direction, objective, const.dir = lp$dir,
                       const.rhs = lp$rhs, dense.const = lp$mat)
    if (fit$status == 3L) return(if (direction == "max") Inf else 0)
    if (fit$status == 0L) {
      solutions[[length(solutions) + 1L]] <<- fit$solution
    } else {
      abort("The tables published together contradict each other: no ",
            "counts fit all of them (lpSolve status ", fit$status, "). ",
            "Were they counted from the same records?",
            class = "disclosure")
    }
    fit$objval
  }
  bounds <- c(solve("min"), solve("max"))
  list(bounds = bounds, solutions = solutions)
}
