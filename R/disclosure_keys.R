# Which cells of tables published together are the same quantity: every
# count cell's key (the variables and levels it counts), and which tables
# are counted from the same records (or from a subset of them). Used by
# suppress_jointly() and check_jointly() in R/disclosure_joint.R.

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
