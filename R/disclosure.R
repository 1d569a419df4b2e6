#' Suppress small numbers before a table leaves the building
#'
#' Marks the cells of a table of counts that could identify someone as
#' confidential, the way the Government Statistical Service asks: the cells
#' become `NA` and show as `[c]` in print and in [write_report()].
#'
#' * **Primary suppression**: every count from 1 to `threshold - 1` (and
#'   every zero, with `zeros = "suppress"`). Totals are cells like any other,
#'   so a small total is marked too.
#' * **Secondary suppression** (`secondary = TRUE`): further cells are
#'   marked so that no marked cell can be worked out exactly from the cells
#'   and totals left. The search runs in C and prefers the smallest cells; a
#'   total is marked only when nothing cheaper protects a cell.
#' * **Derived figures**: a percentage or rate computed from a count (as
#'   the table's record links them) is marked with its count, and with the
#'   count it is a share of.
#' * **Rounding** (`round_to`): the counts left are rounded to the nearest
#'   multiple of `round_to`, each on its own (so rounded totals need not add
#'   up), and percentages recomputed from the rounded counts. With
#'   `threshold = 1` nothing is suppressed and rounding is the only control.
#'
#' The additive structure is read from the table's record (see
#' [report_table()]), never from its labels: the body rows of each block sum
#' to its total row, column by column, when the record says the rows add up;
#' the count columns sum to the total column, row by row, when it says the
#' columns do. [cohort_table()] states both; a needs profile states neither
#' (its needs overlap, and its last row is the number assessed), so it gets
#' primary suppression only; for a plain data frame the record is inferred
#' from the values. A block that has lost some of its rows (a `filter()`)
#' no longer sums to its total and its lines are not used. Percentages and
#' rates are linked to the counts they are computed from by the record too
#' (their numerator and denominator). Only counts of people (or counts whose
#' unit is not stated) are protected; a table of events only has its counts
#' protected when you call `suppress_small()` on it. A missing count is not
#' available: it stays `[x]` and no line through it is used.
#'
#' Protection is against exact recovery from the table's own totals: each
#' marked cell lies on a cycle of marked cells, so that it can change with
#' them while every published total stays the same; a line is never left
#' hiding only zeros. [disclosure_check()] verifies the result by linear
#' algebra.
#'
#' @param x A [report_table()] (or data frame) with count columns (role
#'   `"count"`): whole numbers of 0 or more, or `NA` where not available.
#' @param threshold Counts from 1 to `threshold - 1` are suppressed: a whole
#'   number of at least 1 (the default 5 suppresses 1 to 4).
#' @param secondary Mark further cells so that no suppressed cell can be
#'   worked out from the totals? `TRUE` or `FALSE`.
#' @param round_to Round the counts left to a multiple of this whole number,
#'   or `NULL` not to round.
#' @param zeros `"keep"` shows zeros (a true zero discloses nothing);
#'   `"suppress"` treats them as small counts.
#' @return `x`, still a [report_table()], with the marked cells (counts, and
#'   the percentages and rates derived from them) set to `NA` and recorded
#'   as withheld (`[c]`) by the row's labels and the column, so that they
#'   stay withheld through sorting, subsetting, renaming and the dplyr
#'   verbs; the settings used are in `table_record(x)$suppression`. Which
#'   cells were primary is not part of any output. The original values of
#'   marked cells are not kept anywhere in the result.
#' @seealso [disclosure_check()]; [write_report()] applies it to every
#'   table with counts of people.
#' @examples
#' # A small team's caseload: several cells of 1 to 4 people
#' team <- lewisham_offenders[seq(1, 1338, by = 40), ]
#' caseload <- cohort_table(team, cohort, status)
#' caseload
#' safe <- suppress_small(caseload)
#' safe
#' table_record(safe)$cells
#' disclosure_check(safe)
#'
#' # Rounding to 5 as well
#' suppress_small(caseload, round_to = 5)
#' @export
suppress_small <- function(x, threshold = 5, secondary = TRUE,
                           round_to = NULL, zeros = c("keep", "suppress")) {
  x <- as_count_table(x)
  threshold <- check_whole(threshold, "threshold")
  check_flag(secondary, "secondary")
  if (!is.null(round_to)) round_to <- check_whole(round_to, "round_to")
  zeros <- check_choice(zeros, c("keep", "suppress"), "zeros")
  meta <- table_meta(x)
  if (!is.null(meta$suppression)) {
    abort("`x` has been through suppress_small() already; suppress the ",
          "table it was made from.")
  }
  structure <- table_structure(x, meta, missing_lines = FALSE)
  values <- structure$values
  check_count_cells(values, structure$count_names)

  marked <- !is.na(values) & ((values > 0 & values < threshold) |
                                (zeros == "suppress" & values == 0))
  status <- as.integer(marked)
  if (secondary && any(marked) && structure$n_nodes > 0L) {
    known <- values
    known[is.na(known)] <- 0
    status <- .Call(C_suppress_secondary, as.double(known), status,
                    structure$nodes, structure$is_total,
                    structure$n_nodes)
  }
  dim(status) <- dim(values)
  if (any(status > 0L)) check_unique_keys(x, meta)

  # Percentages and rates follow the counts they are computed from.
  derived <- derived_marks(structure, status > 0L)

  data <- plain_data_frame(x)
  for (k in seq_along(structure$count_cols)) {
    hide <- status[, k] > 0L
    data[[structure$count_cols[k]]][hide] <- NA
  }
  for (column in names(derived)) data[[column]][derived[[column]]] <- NA
  if (!is.null(round_to)) data <- round_counts(data, structure, round_to)
  cells <- meta$cells[meta$cells$status != "withheld", , drop = FALSE]
  marks <- mark_cells(data, structure, status, derived)
  cells <- cells[!paste(cells$row, cells$column) %in%
                   paste(marks$row, marks$column), , drop = FALSE]
  meta$cells <- rbind(cells, marks)
  meta$suppression <- list(threshold = threshold, secondary = secondary,
                           round_to = round_to, zeros = zeros,
                           additive = structure$additive)
  new_report_table(data, meta)
}

#' Find the cells of a table that would disclose
#'
#' Checks a table of counts before it is published: lists the small counts
#' left visible, the suppressed cells whose exact value can be worked out
#' from the cells and totals that are published, and the percentages or
#' rates shown for a confidential count. Run it on the output of
#' [suppress_small()] to prove the result safe.
#'
#' A suppressed cell can be worked out when the table's additive
#' constraints (each block's rows sum to its `Total` row, the count columns
#' sum to the `Total` column; see [suppress_small()]) pin it down: that is,
#' when its unit vector lies in the row space of the constraint matrix
#' restricted to the suppressed cells (found from the null space of that
#' matrix by QR decomposition, which is the same as comparing QR ranks with
#' and without the unit vector). Counts are never negative, so a line whose
#' suppressed cells are all parts adding up to 0 gives them away too. Cells
#' worked out either way count as published for the next round, until no
#' more can be found. The lines are those [suppress_small()] describes: in
#' a table it made, the kinds of line it took as sums (rounded counts need
#' not add up); otherwise each kind whose lines shown in full all add up.
#'
#' @param x A [report_table()] (or data frame) with count columns; missing
#'   counts are taken as suppressed.
#' @param threshold Visible counts from 1 to `threshold - 1` are reported:
#'   a whole number of at least 1.
#' @return A data frame with one row per disclosive cell and columns `row`
#'   (row number in `x`), `column` (column name), `label` (the row's labels),
#'   `value` (the value shown, or the value worked out; `NA` when it cannot
#'   be given) and `problem`: `"small count shown"`, `"worked out from the
#'   totals"`, `"worked out: its line hides a sum of 0"` or `"shown for a
#'   confidential count"`. No rows means nothing discloses.
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
  x <- as_count_table(x)
  threshold <- check_whole(threshold, "threshold")
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
  add <- function(cell, value, problem) {
    if (length(cell) == 0L) return()
    found[[length(found) + 1L]] <<- data.frame(
      row = as.integer((cell - 1L) %% nrow + 1L),
      column = structure$count_names[(cell - 1L) %/% nrow + 1L],
      value = as.double(value), problem = problem,
      stringsAsFactors = FALSE)
  }
  small <- which(!is.na(values) & values > 0 & values < threshold)
  add(small, values[small], "small count shown")

  worked <- worked_out_cells(structure)
  # In a table that went through suppress_small(), a missing count that it
  # did not withhold is not available, not confidential: working it out
  # discloses nothing (it stays an unknown in the algebra all the same).
  if (!is.null(meta$suppression)) {
    withheld <- meta$cells[meta$cells$status == "withheld", , drop = FALSE]
    cell <- withheld$row + (match(withheld$column, structure$count_names) -
                              1L) * nrow
    confidential <- worked$cell %in% cell
    worked <- lapply(worked, `[`, confidential)
  }
  add(worked$cell[worked$how == "rank"], worked$value[worked$how == "rank"],
      "worked out from the totals")
  add(worked$cell[worked$how == "zero"], worked$value[worked$how == "zero"],
      "worked out: its line hides a sum of 0")

  # Derived columns shown where their count, or the count they are a share
  # of, is confidential (suppressed and not worked out).
  hidden <- is.na(values)
  hidden[worked$cell] <- FALSE
  derived <- derived_marks(structure, hidden, values = x)
  for (column in names(derived)) {
    rows <- which(derived[[column]] & !is.na(x[[column]]))
    if (length(rows) > 0L) {
      found[[length(found) + 1L]] <- data.frame(
        row = rows, column = column, value = x[[column]][rows],
        problem = "shown for a confidential count",
        stringsAsFactors = FALSE)
    }
  }

  out <- if (length(found) > 0L) do.call(rbind, found) else
    data.frame(row = integer(), column = character(), value = numeric(),
               problem = character(), stringsAsFactors = FALSE)
  out$label <- row_label(x, meta, out$row)
  out <- out[order(out$row, match(out$column, names(x))),
             c("row", "column", "label", "value", "problem")]
  rownames(out) <- NULL
  out
}

# ---- Checks -------------------------------------------------------------------

as_count_table <- function(x, arg = "x") {
  if (!is.data.frame(x)) {
    abort("`", arg, "` must be a report_table of counts, not ", type_name(x),
          ".")
  }
  if (!is_report_table(x)) x <- suppressMessages(report_table(x))
  if (!any(table_meta(x)$columns$role == "count")) {
    abort("`", arg, "` has no count columns (columns with role \"count\": ",
          "whole numbers of people); suppression needs a table of counts.")
  }
  x
}

check_whole <- function(x, arg, min = 1) {
  if (!is.numeric(x) || is.factor(x) || length(x) != 1L || is.na(x) ||
      !is.finite(x) || x != round(x) || x < min) {
    given <- if (is.numeric(x) && !is.factor(x) && length(x) == 1L) {
      format(x)
    } else {
      type_name(x)
    }
    abort("`", arg, "` must be a single whole number of at least ", min,
          ", not ", given, ".")
  }
  as.double(x)
}

check_count_cells <- function(values, names) {
  problem <- function(bad, what) {
    if (any(bad)) {
      abort("`x` has ", what, " in column `",
            names[which(colSums(bad) > 0L)[1L]], "`; suppress_small() ",
            "needs every count, a whole number of 0 or more.")
    }
  }
  known <- !is.na(values)
  problem(known & !is.finite(values), "infinite counts")
  problem(known & values < 0, "negative counts")
  problem(known & values != round(values), "counts that are not whole numbers")
}

# ---- The table's additive structure ---------------------------------------------

# Count cells as a matrix (rows of x by protected count columns), the lines
# they sum along as graph nodes for C (each cell an edge between its row
# line and its column line; 0 = no line), the lines as lists for the linear
# algebra, and the derived columns with the cells they are computed from.
# All of it comes from the table's record, never from its labels.
table_structure <- function(x, meta = table_meta(x), missing_lines = TRUE) {
  counts <- people_columns(meta)
  if (length(counts) == 0L) {
    counts <- meta$columns$name[meta$columns$role == "count"]
  }
  count_cols <- match(counts, names(x))
  nrow <- nrow(x)
  ncount <- length(count_cols)
  values <- count_matrix(x, counts)
  totals <- meta$rows$role == "total"
  block <- meta$rows$block
  nblocks <- max(0L, block, na.rm = TRUE)
  block_total <- rep(NA_integer_, nblocks)
  for (r in which(totals & !is.na(block))) block_total[block[r]] <- r
  sums <- meta$rows$sums
  total_col <- match(meta$total_column, counts)
  cell_index <- function(r, j) r + (j - 1L) * nrow

  # Lines: each row across its count columns to the total column, when the
  # columns add up and every part is a protected count; each count column
  # of a block down to its total row, when the rows add up and the block
  # still holds every row it was built with.
  additive <- meta$additive
  row_lines <- list()
  if (additive[["columns"]] && !is.na(total_col) &&
      all(meta$parts %in% counts) && ncount >= 2L) {
    line_cols <- match(c(meta$parts, meta$total_column), counts)
    row_lines <- lapply(seq_len(nrow), function(r) {
      list(cells = cell_index(r, line_cols),
           total = cell_index(r, total_col), row = r)
    })
  }
  col_lines <- list()
  if (additive[["rows"]]) {
    for (b in which(!is.na(block_total))) {
      tr <- block_total[b]
      if (!sums[tr]) next
      body <- which(block == b & meta$rows$role == "body")
      if (length(body) == 0L || length(body) != meta$blocks[b]) next
      for (j in seq_len(ncount)) {
        col_lines[[length(col_lines) + 1L]] <- list(
          cells = cell_index(c(body, tr), j), total = cell_index(tr, j),
          column = j)
      }
    }
  }
  # A count that is not available makes its lines no sums anyone can use.
  if (!missing_lines && anyNA(values)) {
    complete <- function(l) !anyNA(values[l$cells])
    row_lines <- Filter(complete, row_lines)
    col_lines <- Filter(complete, col_lines)
  }
  lines <- c(row_lines, col_lines)
  row_node <- matrix(0L, nrow, ncount)
  col_node <- matrix(0L, nrow, ncount)
  for (id in seq_along(lines)) {
    if (is.null(lines[[id]]$row)) {
      col_node[lines[[id]]$cells] <- id
    } else {
      row_node[lines[[id]]$cells] <- id
    }
  }
  is_total <- c(if (is.na(total_col)) logical(length(values)) else
                  (col(values) == total_col) & row_node > 0L,
                matrix(totals, nrow, ncount) & col_node > 0L)

  list(values = values, count_cols = count_cols, count_names = counts,
       totals = totals, block = block, block_total = block_total,
       total_col = total_col,
       rounded = !is.null(meta$suppression$round_to),
       additive = c(rows = length(col_lines) > 0L,
                    columns = length(row_lines) > 0L),
       nodes = c(as.integer(row_node), as.integer(col_node)),
       is_total = is_total, n_nodes = length(lines), lines = lines,
       links = structure_links(x, meta, counts, block, block_total))
}

# Each derived column with, per row, the cells of the count matrix it is
# computed from (its numerator and its denominator, where they are
# protected counts), from the record's links.
structure_links <- function(x, meta, counts, block, block_total) {
  nrow <- nrow(x)
  rows <- seq_len(nrow)
  total_of <- block_total[block]
  links <- list()
  for (l in meta$derived) {
    num <- match(l$numerator, counts)
    den <- match(l$denominator, counts)
    if (is.na(num) && is.na(den)) next
    at <- if (l$over == "row") rows else total_of
    links[[length(links) + 1L]] <- list(
      name = l$column, numerator = l$numerator, denominator = l$denominator,
      over = l$over,
      numerator_cells = if (!is.na(num)) rows + (num - 1L) * nrow,
      denominator_cells = if (!is.na(den)) at + (den - 1L) * nrow)
  }
  links
}

# For each derived column, the rows where a cell it is computed from is
# marked. With `zero_safe`, a share of 0 of a marked denominator is not
# counted: 0 of anything says nothing about the anything.
derived_marks <- function(structure, marked, values = NULL) {
  out <- list()
  for (link in structure$links) {
    hit <- out[[link$name]]
    if (is.null(hit)) hit <- logical(nrow(structure$values))
    if (!is.null(link$numerator_cells)) {
      hit <- hit | (marked[link$numerator_cells] %in% TRUE)
    }
    if (!is.null(link$denominator_cells)) {
      by_den <- marked[link$denominator_cells] %in% TRUE
      if (!is.null(values)) by_den <- by_den & !(values[[link$name]] %in% 0)
      hit <- hit | by_den
    }
    out[[link$name]] <- hit
  }
  out
}

mark_cells <- function(x, structure, status, derived) {
  reason <- c("primary", "secondary")
  rows <- list()
  for (k in seq_along(structure$count_cols)) {
    hit <- which(status[, k] > 0L)
    rows[[length(rows) + 1L]] <- data.frame(
      row = hit, column = rep(structure$count_names[k], length(hit)),
      status = rep("withheld", length(hit)),
      reason = reason[status[hit, k]], stringsAsFactors = FALSE)
  }
  for (column in names(derived)) {
    hit <- which(derived[[column]])
    rows[[length(rows) + 1L]] <- data.frame(
      row = hit, column = rep(column, length(hit)),
      status = rep("withheld", length(hit)),
      reason = rep("derived", length(hit)), stringsAsFactors = FALSE)
  }
  cells <- do.call(rbind, c(list(empty_cells()), rows))
  cells <- cells[order(cells$row, match(cells$column, names(x))), ,
                 drop = FALSE]
  rownames(cells) <- NULL
  cells
}

round_counts <- function(x, structure, base) {
  nrow <- nrow(x)
  rounded <- floor(structure$values / base + 0.5) * base
  for (k in seq_along(structure$count_cols)) {
    col <- structure$count_cols[k]
    shown <- !is.na(x[[col]])
    value <- rounded[, k]
    x[[col]][shown] <- if (is.integer(x[[col]])) {
      as.integer(value[shown])
    } else {
      value[shown]
    }
  }
  # Percentages from the rounded counts, so they give nothing more away.
  for (link in structure$links) {
    if (is.null(link$numerator_cells) || is.null(link$denominator_cells)) next
    shown <- !is.na(x[[link$name]])
    num <- rounded[link$numerator_cells]
    den <- rounded[link$denominator_cells]
    share <- ifelse(!is.na(den) & den > 0, num / den, NA_real_)
    x[[link$name]][shown] <- share[shown]
  }
  x
}

# ---- Which suppressed cells can be worked out ----------------------------------

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

# ---- The record, for print and write_report ----------------------------------

# The notes a printed or written table gives for its suppression.
suppression_notes <- function(meta) {
  record <- meta$suppression
  if (is.null(record)) return(character())
  notes <- character()
  withheld <- meta$cells$status == "withheld"
  if (any(withheld)) {
    what <- if (record$threshold > 1) {
      paste0("fewer than ", format(record$threshold, big.mark = ",",
                                   scientific = FALSE), " people")
    } else {
      "a count of 0"
    }
    notes <- paste0("[c] Confidential: ", what,
                    if (any(meta$cells$reason[withheld] != "primary")) {
                      paste0(", or a figure withheld so that such a count ",
                             "cannot be worked out from the totals")
                    }, ".")
  }
  if (!is.null(record$round_to) && record$round_to > 1) {
    notes <- c(notes, paste0("Counts are rounded to the nearest ",
                             format(record$round_to, big.mark = ",",
                                    scientific = FALSE),
                             ", each on its own, so totals ",
                             "may not equal the sum of their parts."))
  }
  notes
}
