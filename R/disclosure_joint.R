# Tables published together, suppressed and checked together.
#
# A cell of one table and a cell of another are the same quantity when
# they count the same records classified the same way: the record's `dims`
# (stated by cohort_table() and needs_profile(), see new_dims()) give every
# count cell a key, the variables it fixes at a level (the others summed
# over). Tables that share a variable and agree on every key they both
# publish are linked, and an attacker is assumed to know all of them at
# once: the cells of the finest cross-classification of their variables
# (the cube) are the unknowns of a linear programme, every published count
# an equation on them. A withheld cell is safe when the attacker's interval
# for it, [min, max] over the programme, is at least `threshold` wide.
#
# The programme has one variable per cube cell: the product of the levels
# of the variables, except that variables never published together in one
# key (the needs of a needs profile) get a copy of the cube each, tied by
# their common margins, instead of their product: the same intervals, as
# any set of one-way margins with a common total has a joint table. Two
# solves (lpSolve) per withheld cell.

#' Suppress tables published together, together
#'
#' Primary suppression in every table, then, for each set of linked tables
#' (see [cube_keys()]), until nothing changes: every table is suppressed
#' with the cells withheld in any linked table under the same key forced;
#' then the linked set is verified by linear programming over the cube
#' (each published count an equation, withheld counts at least 1 when zeros
#' are shown, shown percentages of withheld counts as equations); a
#' withheld cell whose interval is narrower than `threshold` is repaired by
#' withholding the smallest shown count on one of its lines (its row, or
#' its column within its block) in a table that withholds it, and the loop
#' starts again. Each round withholds at least one more cell, so the loop
#' ends. Tables linked to no other are suppressed on their own.
#'
#' @param tables A list of [report_table()]s (or data frames).
#' @inheritParams suppress_small
#' @return The list of suppressed tables, in the same order and with the
#'   same names.
#' @noRd
suppress_jointly <- function(tables, threshold = 5, secondary = TRUE,
                             round_to = NULL, zeros = c("keep", "suppress")) {
  tables <- as_count_tables(tables)
  threshold <- check_whole(threshold, "threshold")
  check_flag(secondary, "secondary")
  if (!is.null(round_to)) round_to <- check_whole(round_to, "round_to")
  zeros <- check_choice(zeros, c("keep", "suppress"), "zeros")
  for (k in seq_along(tables)) {
    if (!is.null(table_meta(tables[[k]])$suppression)) {
      abort("Table ", table_name(tables, k), " has been through ",
            "suppress_small() already; suppress the tables it was made ",
            "from.")
    }
  }
  cells <- lapply(tables, count_cells)
  links <- linked_sets(cells)
  sets <- links$sets
  if (any(lengths(sets) > 1L)) need_lpsolve("suppress linked tables together")
  cells <- Map(with_filters, cells, links$filters)
  out <- tables
  for (set in sets) {
    if (length(set) == 1L) {
      out[[set]] <- suppress_one(tables[[set]], threshold, secondary,
                                 round_to, zeros)
      next
    }
    out[set] <- suppress_set(tables[set], cells[set], threshold, secondary,
                             round_to, zeros, links$filters[set])
  }
  out
}

# One linked set: suppress each table with the cells forced that its
# partners withhold or the programme asks for, until nothing changes.
suppress_set <- function(tables, cells, threshold, secondary, round_to,
                         zeros, filters) {
  forced <- lapply(cells, function(c) rep(FALSE, nrow(c)))
  repeat {
    out <- lapply(seq_along(tables), function(k) {
      force <- cells[[k]][forced[[k]], c("row", "column"), drop = FALSE]
      rownames(force) <- NULL
      suppress_one(tables[[k]], threshold, secondary, round_to, zeros,
                   forced = if (nrow(force) > 0L) force)
    })
    withheld <- lapply(seq_along(out), function(k) {
      is_withheld(out[[k]], cells[[k]])
    })
    # The same quantity withheld anywhere is withheld everywhere.
    keys <- unique(unlist(lapply(seq_along(cells), function(k) {
      cells[[k]]$key[withheld[[k]]]
    })))
    grew <- FALSE
    for (k in seq_along(cells)) {
      add <- !withheld[[k]] & !is.na(cells[[k]]$key) &
        cells[[k]]$key %in% keys
      if (any(add & !forced[[k]])) grew <- TRUE
      forced[[k]] <- forced[[k]] | add
    }
    if (grew) next
    if (!secondary) return(out)
    found <- joint_intervals(out, Map(with_filters, lapply(out, count_cells),
                                      filters), threshold, exact = FALSE)
    narrow <- found[found$narrow, , drop = FALSE]
    if (nrow(narrow) == 0L) return(out)
    grew <- FALSE
    for (i in seq_len(nrow(narrow))) {
      pick <- repair_cell(narrow$key[i], cells, withheld, forced, zeros)
      if (is.null(pick)) next
      if (!forced[[pick$table]][pick$cell]) grew <- TRUE
      forced[[pick$table]][pick$cell] <- TRUE
    }
    if (!grew) {
      warning(errorCondition(
        paste0("suppress_small() could not widen every withheld cell of ",
               "the linked tables to ", format(threshold), ": nothing is ",
               "left to withhold. Check them with disclosure_check()."),
        class = c("reoffending_warning_disclosure", "reoffending_warning",
                  "warning"), call = NULL))
      return(out)
    }
  }
}

# The cell to withhold for a narrow cell: the smallest count shown on a
# line through it (its row, or its column within its block) in a table that
# withholds it; failing that, the smallest shown count of those tables;
# failing that, of any table of the set. Zeros only when they are
# suppressed anyway (a withheld zero would contradict "at least 1").
repair_cell <- function(key, cells, withheld, forced, zeros) {
  candidates <- list()
  holders <- which(vapply(seq_along(cells), function(k) {
    any(withheld[[k]] & cells[[k]]$key %in% key)
  }, logical(1)))
  open <- function(k) {
    c <- cells[[k]]
    !withheld[[k]] & !forced[[k]] & !is.na(c$value) &
      (zeros == "suppress" | c$value > 0)
  }
  target <- c_key(key)
  best <- function(ks, on_line, near_key = FALSE) {
    pick <- NULL
    for (k in ks) {
      c <- cells[[k]]
      ok <- open(k)
      if (on_line) {
        at <- which(withheld[[k]] & c$key %in% key)
        ok <- ok & ((c$row %in% c$row[at]) |
                      (paste(c$block, c$column) %in%
                         paste(c$block[at], c$column[at])))
      }
      if (near_key) {
        ok[ok] <- vapply(c$keys[ok], neighbour_keys, logical(1), target)
      }
      if (!any(ok)) next
      i <- which(ok)[which.min(c$value[ok])]
      if (is.null(pick) || c$value[i] < pick$value) {
        pick <- list(table = k, cell = i, value = c$value[i])
      }
    }
    pick
  }
  # A line is a sum only where its cells' keys are neighbours (one level
  # changed, or a variable summed over): the row of a needs profile by
  # group is, its column (needs overlap) is not.
  pick <- best(holders, TRUE, near_key = TRUE)
  # A neighbour in another table: the whole table's cell of a subset's.
  if (is.null(pick)) pick <- best(seq_along(cells), FALSE, near_key = TRUE)
  if (is.null(pick)) pick <- best(holders, TRUE)
  if (is.null(pick)) pick <- best(holders, FALSE)
  if (is.null(pick)) pick <- best(seq_along(cells), FALSE)
  pick
}

# Keys one step apart: the same variables with one level changed, or one
# variable more or fewer with the others at the same levels.
neighbour_keys <- function(a, b) {
  if (is.null(a) || is.null(b)) return(FALSE)
  shared <- intersect(names(a), names(b))
  differ <- sum(a[shared] != b[shared])
  extra <- length(union(names(a), names(b))) - length(shared)
  (extra == 0L && differ == 1L) || (extra == 1L && differ == 0L)
}

c_key <- function(key_text) {
  if (!nzchar(key_text)) return(stats::setNames(character(), character()))
  parts <- strsplit(strsplit(key_text, "\036", fixed = TRUE)[[1L]], "\037",
                    fixed = TRUE)
  stats::setNames(vapply(parts, `[`, "", 2L), vapply(parts, `[`, "", 1L))
}

#' Check tables published together, together
#'
#' The attacker of [suppress_jointly()] over a list of published tables:
#' for every withheld count cell (a missing count is taken as withheld), the
#' least and the greatest value it can take given everything published in
#' the tables it is linked with (or in its own table, when it is linked with
#' none: its rows and columns summing to their totals as its record says).
#'
#' @param tables A list of [report_table()]s (or data frames).
#' @param threshold A withheld cell whose interval is narrower than this is
#'   a problem.
#' @param linked_only Check only the tables linked with another (those on
#'   their own are [disclosure_check()]'s)?
#' @return A data frame with one row per withheld count cell: `table` (its
#'   name, or its position in `tables`), `row`, `column`, `label` (the
#'   row's labels), `lower` and `upper` (the attacker's bounds; `Inf` when
#'   nothing bounds it), `linked` (whether other tables took part) and
#'   `problem` (`"interval narrower than the threshold"` or `NA`).
#' @noRd
check_jointly <- function(tables, threshold = 5, linked_only = FALSE) {
  tables <- as_count_tables(tables)
  threshold <- check_whole(threshold, "threshold")
  cells <- lapply(tables, count_cells)
  links <- linked_sets(cells)
  sets <- links$sets
  if (any(lengths(sets) > 1L)) need_lpsolve("check linked tables together")
  cells <- Map(with_filters, cells, links$filters)
  found <- list()
  for (set in sets) {
    if (linked_only && length(set) == 1L) next
    local <- cells[set]
    if (length(set) == 1L && is.null(table_meta(tables[[set]])$dims)) {
      # Not linked: the table's own structure, as a cube of its own.
      local <- list(count_cells(tables[[set]], own = TRUE, id = set))
    }
    if (!any(vapply(local, function(c) any(c$withheld), logical(1)))) {
      next
    }
    need_lpsolve("check withheld cells")
    got <- joint_intervals(tables[set], local, threshold)
    got$table <- set[got$table]
    got$linked <- rep(length(set) > 1L, nrow(got))
    found[[length(found) + 1L]] <- got
  }
  out <- do.call(rbind, c(list(empty_intervals()), found))
  out$label <- vapply(seq_len(nrow(out)), function(i) {
    t <- tables[[out$table[i]]]
    row_label(t, table_meta(t), out$row[i])
  }, character(1))
  out$problem <- ifelse(out$narrow, "interval narrower than the threshold",
                        NA_character_)
  position <- vapply(seq_len(nrow(out)), function(i) {
    match(out$column[i], names(tables[[out$table[i]]]))
  }, integer(1))
  out <- out[order(out$table, out$row, position), c(
    "table", "row", "column", "label", "lower", "upper", "linked",
    "problem")]
  given <- names(tables)
  if (!is.null(given) && all(nzchar(given))) out$table <- given[out$table]
  rownames(out) <- NULL
  out
}

empty_intervals <- function() {
  data.frame(table = integer(), row = integer(), column = character(),
             key = character(), lower = numeric(), upper = numeric(),
             narrow = logical(), linked = logical(),
             stringsAsFactors = FALSE)
}

# ---- Keys ---------------------------------------------------------------------

#' The key of every count cell of a table with dims
#'
#' A cell's key names the variables it fixes and their levels (`cohort =
#' "Women", status = "Custody"`); a variable it does not name is summed
#' over. The level of a `by` variable comes from the row's key column, that
#' of the rows variable from the row's label (a body row; a total row is
#' the margin, within the block's `by` levels), that of the columns
#' variable from the count column (the total column is the margin); a
#' fixed variable (who a needs profile counts) is in every key.
#'
#' Two tables are linked when they were counted from as many records, share
#' a variable, and show the same value for every key both show: their cells
#' with one key are then the same quantity. A table of fewer records that
#' shares a variable with one of more, and fits inside it, is taken to be a
#' subset of its records (see linked_sets()): its keys also fix a filter
#' variable.
#'
#' @param x A [report_table()].
#' @param meta Its record.
#' @return `NULL` for a table without dims; otherwise a list with, per
#'   count cell (row by row within each count column), `row`, `column` and
#'   `keys`, a list of named character vectors (`NULL` for a cell without a
#'   key, such as a subtotal row's).
#' @noRd
cube_keys <- function(x, meta = table_meta(x)) {
  dims <- meta$dims
  if (is.null(dims)) return(NULL)
  n <- nrow(x)
  role <- meta$rows$role
  row_keys <- vector("list", n)
  for (r in seq_len(n)) {
    key <- dims$fixed
    ok <- role[r] %in% c("body", "total")
    for (v in names(dims$by)) {
      level <- as.character(x[[dims$by[[v]]]][r])
      ok <- ok && !is.na(level) && level %in% dims$levels[[v]]
      key[[v]] <- level
    }
    if (ok && role[r] == "body") {
      if (is.null(dims$rows)) {
        ok <- FALSE
      } else {
        at <- match(as.character(x[[dims$rows$column]][r]),
                    dims$rows$map$key)
        ok <- !is.na(at) && !dims$rows$map$variable[at] %in% names(key)
        if (ok) key[[dims$rows$map$variable[at]]] <- dims$rows$map$level[at]
      }
    }
    row_keys[r] <- list(if (ok) key)
  }
  columns <- dims$columns
  out_row <- integer()
  out_column <- character()
  out_keys <- list()
  for (j in seq_len(nrow(columns))) {
    keys <- lapply(row_keys, function(key) {
      if (is.null(key) || is.na(columns$variable[j])) return(key)
      if (columns$variable[j] %in% names(key)) return(NULL)
      key[[columns$variable[j]]] <- columns$level[j]
      key
    })
    out_row <- c(out_row, seq_len(n))
    out_column <- c(out_column, rep(columns$column[j], n))
    out_keys <- c(out_keys, keys)
  }
  list(row = out_row, column = out_column, keys = out_keys)
}

# A key as one string: its variables in order, so that equal keys are equal
# strings.
key_string <- function(key) {
  if (is.null(key)) return(NA_character_)
  if (length(key) == 0L) return("")
  key <- key[order(names(key))]
  paste0(names(key), "\037", key, collapse = "\036")
}

# The count cells of a table, one row each: row, column, block, value (NA
# when withheld or missing), key (string; NA without one), keys (list) and
# the table's records, zeros and rounding. With `own`, a table without
# dims is given a cube of its own (variables named by `id`, so that no
# other table shares them), from its record's additive structure.
count_cells <- function(x, own = FALSE, id = 0L) {
  meta <- table_meta(x)
  at <- x
  if (own && is.null(meta$dims)) {
    meta$dims <- own_dims(x, meta, id)
    # The block and the row, as key columns of their own; a total row that
    # is no margin is a level like a body row.
    at <- plain_data_frame(x)
    at[[names(meta$dims$by)]] <- meta$dims$own$block
    at[[meta$dims$rows$column]] <- meta$dims$own$label
    meta$rows$role <- ifelse(meta$dims$own$margin, "total", "body")
  }
  keys <- cube_keys(at, meta)
  if (is.null(keys)) {
    return(data.frame(row = integer(), column = character(),
                      block = integer(), value = numeric(),
                      key = character(), withheld = logical(),
                      stringsAsFactors = FALSE))
  }
  out <- data.frame(row = keys$row, column = keys$column,
                    block = meta$rows$block[keys$row],
                    value = as.double(unlist(lapply(
                      unique(keys$column), function(column) x[[column]]),
                      use.names = FALSE)),
                    key = vapply(keys$keys, key_string, character(1)),
                    stringsAsFactors = FALSE)
  out$keys <- keys$keys
  # Withheld: recorded so by suppression; in a table that has not been
  # through it, any missing count (as disclosure_check() takes them).
  out$withheld <- is.na(out$value)
  if (!is.null(meta$suppression)) {
    recorded <- meta$cells[meta$cells$status == "withheld", , drop = FALSE]
    out$withheld <- out$withheld & paste(out$row, out$column) %in%
      paste(recorded$row, recorded$column)
  }
  attr(out, "levels") <- meta$dims$levels
  attr(out, "records") <- meta$dims$records
  attr(out, "suppression") <- meta$suppression
  attr(out, "derived") <- structure_links_keyed(x, meta, out)
  out
}

# A cube for one table without dims, from what its record says adds up:
# each block a level of a block variable; body rows levels of a rows
# variable whose margin is the total row when the rows add up (otherwise
# every row a level of its own); count columns levels of a columns
# variable whose margin is the total column when the columns add up.
own_dims <- function(x, meta, id) {
  counts <- people_columns(meta)
  if (length(counts) == 0L) {
    counts <- meta$columns$name[meta$columns$role == "count"]
  }
  prefix <- paste0("(table ", id, " ")
  rows_var <- paste0(prefix, "rows)")
  cols_var <- paste0(prefix, "columns)")
  block_var <- paste0(prefix, "blocks)")
  n <- nrow(x)
  role <- meta$rows$role
  block <- meta$rows$block
  sums <- meta$rows$sums
  block_total <- rep(NA_integer_, max(0L, block, na.rm = TRUE))
  for (r in which(role == "total" & !is.na(block))) block_total[block[r]] <- r
  margin_ok <- vapply(seq_len(n), function(r) {
    meta$additive[["rows"]] && role[r] == "total" && sums[r] &&
      !is.na(block[r]) &&
      sum(block == block[r] & role == "body", na.rm = TRUE) ==
        meta$blocks[block[r]]
  }, logical(1))
  # Rows are told apart by position here: a table of its own, not linked.
  label <- paste0("row ", seq_len(n))
  body <- !margin_ok
  columns_add <- meta$additive[["columns"]] && !is.na(meta$total_column) &&
    all(meta$parts %in% counts)
  col_level <- ifelse(columns_add & counts == meta$total_column, NA,
                      counts)
  x_levels <- list()
  x_levels[[block_var]] <- as.character(seq_along(block_total))
  x_levels[[rows_var]] <- label[body]
  x_levels[[cols_var]] <- counts[!is.na(col_level)]
  structure(list(
    levels = x_levels,
    by = stats::setNames(block_var, block_var),
    rows = list(column = rows_var,
                map = data.frame(key = label[body],
                                 variable = rep(rows_var, sum(body)),
                                 level = label[body],
                                 stringsAsFactors = FALSE)),
    columns = data.frame(column = counts,
                         variable = ifelse(is.na(col_level), NA_character_,
                                           cols_var),
                         level = col_level, stringsAsFactors = FALSE),
    fixed = character(), records = NA_real_,
    own = list(block = as.character(block), label = label,
               margin = margin_ok)))
}

# Derived columns (percentages) as pairs of keyed cells: per shown value,
# the key of its numerator and of its denominator.
structure_links_keyed <- function(x, meta, cells) {
  out <- list()
  at <- function(rows, column) {
    match(paste(rows, column), paste(cells$row, cells$column))
  }
  block <- meta$rows$block
  total_row <- rep(NA_integer_, length(block))
  for (b in unique(stats::na.omit(block))) {
    tr <- which(block == b & meta$rows$role == "total")
    if (length(tr) == 1L) total_row[block %in% b] <- tr
  }
  for (l in meta$derived) {
    if (is.na(l$denominator)) next
    rows <- seq_len(nrow(x))
    num <- at(rows, l$numerator)
    den <- at(if (l$over == "row") rows else total_row, l$denominator)
    share <- as.double(x[[l$column]])
    ok <- !is.na(num) & !is.na(den) & is.finite(share)
    if (!any(ok)) next
    out[[length(out) + 1L]] <- data.frame(numerator = num[ok],
                                          denominator = den[ok],
                                          share = share[ok])
  }
  do.call(rbind, c(list(data.frame(numerator = integer(),
                                   denominator = integer(),
                                   share = numeric())), out))
}

# Which of the keyed `cells` of a table (count_cells() of it before
# suppression) `x`, its suppressed version, withholds.
is_withheld <- function(x, cells) {
  shown <- logical(nrow(cells))
  for (column in unique(cells$column)) {
    at <- cells$column == column
    shown[at] <- !is.na(x[[column]][cells$row[at]])
  }
  !shown & !is.na(cells$value) & !is.na(cells$key)
}

# ---- Linking ----------------------------------------------------------------

# Sets of linked tables. Tables counted from as many records are the same
# records when they share a variable, agree on every key both show and
# (with lpSolve) some table of counts fits both: a whole table and one by
# group of other records of the same size share no key, but their margins
# disagree. Tables of fewer records may be a subset of more (a table and
# the same table of the offenders on licence): when they share a variable
# and some table of counts has the smaller inside the larger, the smaller
# is taken to be inside it. That is the attacker's strongest reading: if
# the records are in truth unrelated, the intervals it finds are no wider
# than the true ones, so what it passes is safe. In a set with records of
# more than one size, each group of the same records is a filter variable
# of its own (`in`, or `out`), and a table's keys fix the filters of its
# group and of every group it is inside.
# Returns `sets` (index vectors) and `filters` (per table, the filter
# variables its keys fix).
linked_sets <- function(cells) {
  m <- length(cells)
  variables <- lapply(cells, function(c) {
    unique(unlist(lapply(c$keys, names)))
  })
  records <- vapply(cells, function(c) {
    r <- attr(c, "records")
    if (nrow(c) == 0L || is.null(r)) NA_real_ else r
  }, numeric(1))
  share <- function(a, b) {
    !is.na(records[a]) && !is.na(records[b]) &&
      length(intersect(variables[[a]], variables[[b]])) > 0L
  }
  join <- function(group, a, b) {
    group[group == group[b]] <- group[a]
    group
  }
  same <- seq_len(m)
  for (a in seq_len(m)) {
    for (b in seq_len(m)) {
      if (b > a && records[a] %in% records[b] && share(a, b) &&
          same_records(cells[[a]], cells[[b]])) {
        same <- join(same, a, b)
      }
    }
  }
  filter_of <- function(g) paste0("(records of table ", g, ")")
  inside <- list()
  set <- same
  groups <- unique(same)
  for (q in groups) {
    for (p in groups) {
      a <- which(same == p)
      b <- which(same == q)
      if (!isTRUE(records[b[1L]] < records[a[1L]])) next
      pair <- which(outer(a, b, Vectorize(share)), arr.ind = TRUE)
      if (nrow(pair) == 0L) next
      big <- a[pair[1L, 1L]]
      small <- b[pair[1L, 2L]]
      # Without a solver they may be linked: need_lpsolve() says so.
      if (!has_lpsolve() || consistent(list(
        with_filters(cells[[big]], stats::setNames("in", filter_of(p))),
        with_filters(cells[[small]], stats::setNames(c("in", "in"), c(
          filter_of(q), filter_of(p))))))) {
        inside[[as.character(q)]] <- c(inside[[as.character(q)]], p)
        set <- join(set, big, small)
      }
    }
  }
  filters <- lapply(seq_len(m), function(k) {
    in_set <- set == set[k]
    if (length(unique(same[in_set])) < 2L) return(character())
    groups <- c(same[k], inside[[as.character(same[k])]])
    stats::setNames(rep("in", length(groups)), filter_of(groups))
  })
  list(sets = unname(split(seq_len(m), set)), filters = filters)
}

# Tables of as many records that agree wherever both show a key, and fit
# one table of counts.
same_records <- function(a, b) {
  shown_a <- a[!is.na(a$value) & !is.na(a$key), c("key", "value")]
  shown_b <- b[!is.na(b$value) & !is.na(b$key), c("key", "value")]
  both <- merge(shown_a, shown_b, by = "key")
  if (!all(near(both$value.x, both$value.y))) return(FALSE)
  !has_lpsolve() || consistent(list(a, b))
}

# The cells of a table with its keys fixing `filters` (its records as a
# part of others' records).
with_filters <- function(cells, filters) {
  if (length(filters) == 0L || nrow(cells) == 0L) return(cells)
  keyed <- !is.na(cells$key)
  cells$keys[keyed] <- lapply(cells$keys[keyed], function(key) {
    c(key, filters)
  })
  cells$key[keyed] <- vapply(cells$keys[keyed], key_string, character(1))
  levels <- attr(cells, "levels")
  for (v in names(filters)) levels[[v]] <- c("in", "out")
  attr(cells, "levels") <- levels
  cells
}

# Does some table of counts fit everything the cells publish?
consistent <- function(cells) {
  cube <- build_cube(cells)
  lp <- cube_constraints(cube, cells)
  fit <- lpSolve::lp("min", numeric(cube$n), const.dir = lp$dir,
                     const.rhs = lp$rhs, dense.const = lp$mat)
  fit$status != 2L
}

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
        add(c(cube_margin(cube, s, fixed), first),
            c(rep(1, length(first)), rep(-1, length(first))), "=", 0)
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

# ---- Input --------------------------------------------------------------------

as_count_tables <- function(tables) {
  if (!is.list(tables) || is.data.frame(tables) || length(tables) == 0L) {
    abort("`x` must be a non-empty list of report tables or data frames.")
  }
  for (k in seq_along(tables)) {
    if (!is.data.frame(tables[[k]])) {
      abort("`x` must be a report_table of counts, or a list of them; ",
            "element ", k, " is ", type_name(tables[[k]]), ".")
    }
    tables[[k]] <- as_count_table(tables[[k]],
                                  arg = paste0("x[[", k, "]]"))
  }
  tables
}

table_name <- function(tables, k) {
  given <- names(tables)
  if (!is.null(given) && !is.na(given[k]) && nzchar(given[k])) {
    paste0('"', given[k], '"')
  } else {
    k
  }
}

has_lpsolve <- function() requireNamespace("lpSolve", quietly = TRUE)

need_lpsolve <- function(what) {
  if (!has_lpsolve()) {
    abort("The package lpSolve is needed to ", what, " (tables counted ",
          "from the same records and published together): ",
          "install.packages(\"lpSolve\").", class = "missing_package")
  }
  invisible()
}
