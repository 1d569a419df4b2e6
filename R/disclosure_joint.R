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
