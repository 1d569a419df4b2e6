#' Suppress small numbers before a table leaves the building
#'
#' Marks the cells of a table of counts that could identify someone as
#' confidential, the way the Government Statistical Service asks: the cells
#' become `NA` and show as `[c]` in print and in [write_report()].
#'
#' @section The guarantee:
#' For every withheld count of people, an attacker who knows everything
#' published together (every table given in one call, as a list, or in one
#' [write_report()] call; their totals and margins, by-group blocks,
#' percentages and rates), that counts are whole and never negative, that a
#' withheld count is at least 1 when zeros are shown (`zeros = "keep"`, so
#' zeros are then never withheld), that a proportion's count is at most the
#' count it is a share of, and the threshold, can prove no interval for it
#' narrower than `threshold`: the highest value consistent with all of that
#' minus the lowest is at least `threshold` (the protection interval of
#' sdcTable and of GSS practice, its width the threshold). Exact recovery
#' is the special case of an interval of width 0.
#'
#' What it does not cover: linking with outside data (another publication
#' of the same people, a register, local knowledge), tables of the same
#' records published at another time, and a table and one of a subset of
#' its records (a table of everyone and one of the IOM cohort) unless they
#' are given together in a way the record links: see [disclosure_check()]
#' to test what you publish as a whole.
#'
#' @section How:
#' * **Primary suppression**: every count from 1 to `threshold - 1` (and
#'   every zero, with `zeros = "suppress"`). Totals are cells like any other,
#'   so a small total is marked too.
#' * **Secondary suppression** (`secondary = TRUE`): further cells are
#'   marked until every withheld cell's interval is at least `threshold`
#'   wide. The changes of withheld cells that keep every published total
#'   are flows round the table's lines, so the interval of a cell is two
#'   maximum flows (how far it can rise, how far fall) through the other
#'   withheld cells; a cell short of its width gets the cheapest path that
#'   carries the missing flow withheld with it. The search runs in C,
#'   prefers the smallest cells and withholding fewer of them, and marks a
#'   total only when nothing cheaper protects a cell. A proportion's
#'   denominator too close above its withheld count (reoffenders of 5
#'   offenders) is withheld too.
#' * **Derived figures**: a percentage or rate computed from a count (as
#'   the table's record links them, never by column position) is marked
#'   with its count, and with the count it is a share of. A share of a total
#'   that is not published (`cohort_table(totals = FALSE, percent = ...)`)
#'   gives that total away (count / share), so when any count of that total
#'   is withheld, every share of it is withheld too.
#' * **Tables published together** (a list of report_tables or data
#'   frames): tables counted from the same records are linked. Those made
#'   by [cohort_table()] and [needs_profile()] say what their counts are
#'   classified by (`dims`, see [table_record()]); two of them are linked
#'   when they share a variable and agree on every quantity both publish,
#'   or when one fits inside the other as a subset of its records. A count
#'   withheld in one linked table is withheld in every other that
#'   publishes it; then the attacker above is run by linear programming
#'   over the finest cross-classification of their variables (lpSolve), and
#'   further cells are withheld until no withheld count can be narrowed
#'   below `threshold`. Tables linked to no other are suppressed on their
#'   own. Suppressing linked tables needs the lpSolve package (an error of
#'   class `reoffending_error_missing_package` without it).
#' * **Rounding** (`round_to`): the counts are rounded to the nearest
#'   multiple of `round_to` (halves up) and every total is then the sum of
#'   its rounded parts, so the rounded table adds up and a total says
#'   nothing about the true counts that its parts do not (a total rounded
#'   on its own could, with its parts, narrow a shown count below its
#'   rounding interval); totals can therefore differ from the true total
#'   rounded, and the notes say so. Secondary suppression protects the
#'   rounded counts the table shows, each withheld one to an interval at
#'   least `threshold` wide from 0; percentages are recomputed from the
#'   rounded counts. With `threshold = 1` nothing is suppressed and
#'   rounding is the only control.
#'
#' The additive structure is read from the table's record (see
#' [report_table()]), never from its labels: the body rows of each block sum
#' to its total row, column by column, when the record says the rows add up;
#' the count columns sum to the total column, row by row, when it says the
#' columns do. [cohort_table()] states both; a needs profile states neither
#' (its needs overlap, and its last row is the number assessed); for a plain
#' data frame the record is inferred from the values. A block that has lost
#' some of its rows (a `filter()`) no longer sums to its total and its
#' lines are not used. Only counts of people (or counts whose unit is not
#' stated) are protected; a table of events only has its counts protected
#' when you call `suppress_small()` on it. A missing count is not
#' available: it stays `[x]` and no line through it is used.
#'
#' Which cells were small and which were withheld to protect them is not
#' kept anywhere in the result: with it, an attacker would know which
#' cells are below the threshold.
#'
#' @param x A [report_table()] (or data frame) with count columns (role
#'   `"count"`): whole numbers of 0 or more, or `NA` where not available.
#'   Or a list of them, published together, to be suppressed jointly.
#' @param threshold Counts from 1 to `threshold - 1` are suppressed, and
#'   every withheld count is protected to an interval at least this wide: a
#'   whole number of at least 1 (the default 5 suppresses 1 to 4).
#' @param secondary Mark further cells so that no suppressed cell can be
#'   worked out, or narrowed below `threshold`, from what is published?
#'   `TRUE` or `FALSE`.
#' @param round_to Round the counts left to a multiple of this whole number,
#'   or `NULL` not to round.
#' @param zeros `"keep"` shows zeros (a true zero discloses nothing, and a
#'   withheld count is then known to be at least 1, which the protection
#'   allows for); `"suppress"` treats them as small counts.
#' @return `x`, still a [report_table()], with the marked cells (counts, and
#'   the percentages and rates derived from them) set to `NA` and recorded
#'   as withheld (`[c]`) by the row's labels and the column, so that they
#'   stay withheld through sorting, subsetting, renaming and the dplyr
#'   verbs; the settings used are in `table_record(x)$suppression`. The
#'   original values of marked cells are not kept anywhere in the result.
#'   For a list, a list of such tables in the same order, with its names.
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
  threshold <- check_whole(threshold, "threshold")
  check_flag(secondary, "secondary")
  if (!is.null(round_to)) round_to <- check_whole(round_to, "round_to")
  zeros <- check_choice(zeros, c("keep", "suppress"), "zeros")
  if (is_table_list(x)) {
    return(suppress_jointly(x, threshold = threshold, secondary = secondary,
                            round_to = round_to, zeros = zeros))
  }
  suppress_one(x, threshold, secondary, round_to, zeros)
}

# A list of tables published together (not a data frame, which is a list
# too).
is_table_list <- function(x) is.list(x) && !is.data.frame(x)

# One table. `forced`: NULL, or a data frame (`row`, `column`) of count
# cells to withhold besides the small ones (the same cells withheld in a
# table published with this one); the protection then holds given them.
suppress_one <- function(x, threshold, secondary, round_to, zeros,
                         forced = NULL) {
  x <- as_count_table(x)
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
  if (!is.null(forced) && nrow(forced) > 0L) {
    k <- match(forced$column, structure$count_names)
    at <- !is.na(k) & forced$row >= 1L & forced$row <= nrow(values)
    cell <- cbind(forced$row[at], k[at])
    # A zero is never withheld while zeros are shown (see withheld_lower()).
    marked[cell] <- !is.na(values[cell]) &
      (zeros == "suppress" | values[cell] > 0)
  }
  status <- as.integer(marked)
  rounding <- !is.null(round_to) && round_to > 1
  if (secondary && any(marked)) {
    known <- values
    known[is.na(known)] <- 0
    lower <- withheld_lower(zeros)
    if (rounding) {
      # Rounded, the published lines hold the rounded counts: protect
      # those, each withheld one free to move by the threshold, from 0 (a
      # small count may round to 0).
      known <- rounded_counts(known, structure, round_to)
      lower <- 0
    }
    # The lines, in C; then a share's count is at most the count it is a
    # share of, which bounds it from above: where that bound is too
    # close, the larger count is withheld as well, and the lines run
    # again for it.
    repeat {
      if (structure$n_nodes > 0L) {
        status <- .Call(C_suppress_secondary, as.double(known),
                        as.integer(status > 0L), structure$nodes,
                        structure$is_total, structure$n_nodes,
                        as.double(threshold), lower)
      }
      capped <- capped_cells(structure, known, status > 0L, threshold,
                             lower)
      if (length(capped) == 0L) break
      status[capped] <- 2L
    }
  }
  dim(status) <- dim(values)
  if (any(status > 0L)) check_unique_keys(x, meta)

  # Percentages and rates follow the counts they are computed from; a
  # count of events that caps a withheld count of people too closely
  # (reoffences of 2 beside a withheld reoffenders) goes with it.
  derived <- derived_marks(structure, status > 0L)
  if (secondary) {
    derived <- merge_marks(derived, capping_events(
      x, structure, status > 0L, threshold, withheld_lower(zeros)))
  }

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

# Shown counts that bound a withheld share's count too tightly from above:
# a proportion's count (its numerator) is at most the count it is a share
# of (reoffenders of offenders, people with a need of those assessed), so
# a withheld numerator lies in [lower, denominator], too narrow when the
# denominator is under lower + threshold.
capped_cells <- function(structure, values, hidden, threshold, lower) {
  out <- integer()
  for (link in structure$links) {
    if (!isTRUE(link$subset) || is.null(link$numerator_cells) ||
        is.null(link$denominator_cells)) next
    num <- link$numerator_cells
    den <- link$denominator_cells
    tight <- hidden[num] & !hidden[den] & !is.na(den) &
      values[den] - lower < threshold
    out <- c(out, den[tight])
  }
  unique(out)
}

# Counts of events (not protected themselves) shown beside a withheld
# count of people they are at least (each reoffender has a reoffence):
# the withheld count lies in [lower, events], too narrow when the events
# are under lower + threshold. Returns the marks to add, by column, with
# the figures computed from those events.
capping_events <- function(x, structure, hidden, threshold, lower) {
  out <- list()
  for (link in structure$links) {
    if (!link$at_least_one || is.null(link$denominator_cells) ||
        link$numerator %in% structure$count_names ||
        !link$numerator %in% names(x)) next
    events <- x[[link$numerator]]
    rows <- seq_len(nrow(structure$values))
    tight <- hidden[link$denominator_cells] & !is.na(events) &
      events - lower < threshold
    if (!any(tight)) next
    out <- merge_marks(out, stats::setNames(list(tight), link$numerator))
    for (other in structure$links) {
      if (identical(other$numerator, link$numerator)) {
        out <- merge_marks(out, stats::setNames(list(tight), other$name))
      }
    }
  }
  out
}

merge_marks <- function(a, b) {
  for (column in names(b)) {
    a[[column]] <- if (is.null(a[[column]])) b[[column]] else
      a[[column]] | b[[column]]
  }
  a
}

# What an attacker knows a withheld count to be at least: when zeros are
# shown, a withheld cell is never 0 (zeros are never withheld then, not
# even as secondary cells, or that knowledge would mislead nobody but us).
withheld_lower <- function(zeros) if (identical(zeros, "keep")) 1 else 0

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
# protected counts), from the record's links. A denominator that is not
# in the table (a share of a total not published) is given by the cells it
# sums instead: `over` says which (the row, the column of the block, or the
# whole block), and `shared` holds, per row, the cells of that sum: a
# matrix with a row of cells per table row, or sets of cells shared by the
# rows of a block (grouped_cells()); read it with shared_any() and
# shared_row(), never per row in a loop over the whole table.
structure_links <- function(x, meta, counts, block, block_total) {
  nrow <- nrow(x)
  rows <- seq_len(nrow)
  total_of <- block_total[block]
  links <- list()
  parts <- match(setdiff(vapply(meta$derived, `[[`, "", "numerator"),
                         NA_character_), counts)
  parts <- parts[!is.na(parts)]
  body <- meta$rows$role == "body"
  # The sums shares may be of, built once for all links and only when a
  # share has no denominator column: per row, a matrix (one row of cells
  # per table row); per block, a list (one set a block).
  shared_needed <- vapply(meta$derived, function(l) {
    is.na(l$denominator) && !is.na(match(l$numerator, counts))
  }, logical(1))
  if (any(shared_needed)) {
    row_sums <- outer(rows, (parts - 1L) * nrow, "+")
    storage.mode(row_sums) <- "integer"
    by_block <- split(which(body), factor(block[body], levels = seq_len(
      max(0L, block, na.rm = TRUE))))
  }
  for (l in meta$derived) {
    num <- match(l$numerator, counts)
    den <- match(l$denominator, counts)
    if (is.na(num) && is.na(den)) next
    at <- if (l$over == "row") rows else total_of
    shared <- NULL
    if (is.na(l$denominator) && !is.na(num)) {
      shared <- switch(l$over,
                       row = row_sums,
                       column = grouped_cells(by_block, num - 1L, nrow,
                                              block),
                       block = grouped_cells(by_block, parts - 1L, nrow,
                                             block))
    }
    links[[length(links) + 1L]] <- list(
      name = l$column, numerator = l$numerator, denominator = l$denominator,
      over = l$over, at_least_one = isTRUE(l$at_least_one),
      # A proportion's count is part of the count it is a share of.
      subset = identical(unname(column_role(meta)[l$column]),
                         "proportion"),
      numerator_cells = if (!is.na(num)) rows + (num - 1L) * nrow,
      denominator_cells = if (!is.na(den)) at + (den - 1L) * nrow,
      shared_cells = shared)
  }
  links
}

# The cells of `offsets` columns of the count matrix at the body rows of
# each block, one set a block, and for each row the set of its block.
grouped_cells <- function(by_block, offsets, nrow, block) {
  sets <- lapply(by_block, function(same) {
    rep(same, length(offsets)) + rep(offsets * nrow, each = length(same))
  })
  list(sets = unname(sets), of = as.integer(block))
}

# For the rows `rows`, whether any cell of the sum their share is of
# passes `test` (vectorised over cell indices).
shared_any <- function(shared, rows, test) {
  if (is.matrix(shared)) {
    if (ncol(shared) == 0L || length(rows) == 0L) {
      return(logical(length(rows)))
    }
    # As a vector: a two-column matrix would index a matrix by (row, col).
    hit <- test(as.vector(shared[rows, , drop = FALSE]))
    return(rowSums(matrix(hit, length(rows))) > 0)
  }
  per_set <- vapply(shared$sets, function(cells) any(test(cells)),
                    logical(1))
  out <- per_set[shared$of[rows]]
  out[is.na(out)] <- FALSE
  out
}

# The cells of the sum row `r`'s share is of.
shared_row <- function(shared, r) {
  if (is.matrix(shared)) return(shared[r, ])
  set <- shared$of[r]
  if (is.na(set) || set > length(shared$sets)) return(integer())
  shared$sets[[set]]
}

# For each derived column, the rows where a cell it is computed from is
# marked. A share of a total that is not published gives that total away
# (count / share) wherever its count is shown, so when any cell of that
# total is marked, every share of it is marked too.
derived_marks <- function(structure, marked) {
  out <- list()
  row_hit <- NULL
  for (link in structure$links) {
    hit <- out[[link$name]]
    if (is.null(hit)) hit <- logical(nrow(structure$values))
    if (!is.null(link$numerator_cells)) {
      hit <- hit | (marked[link$numerator_cells] %in% TRUE)
    }
    if (!is.null(link$denominator_cells)) {
      hit <- hit | (marked[link$denominator_cells] %in% TRUE)
    }
    if (!is.null(link$shared_cells)) {
      # The per-row sums are one matrix shared by every link: read once.
      per_row <- is.matrix(link$shared_cells)
      if (!per_row || is.null(row_hit)) {
        got <- shared_any(link$shared_cells, seq_len(nrow(structure$values)),
                          function(cells) marked[cells] %in% TRUE)
        if (per_row) row_hit <- got
      }
      hit <- hit | if (per_row) row_hit else got
    }
    out[[link$name]] <- hit
  }
  out
}

# The withheld cells for the record. Which were small and which were
# withheld to protect them is not kept: with it, an attacker would know
# which cells are below the threshold.
mark_cells <- function(x, structure, status, derived) {
  rows <- list()
  for (k in seq_along(structure$count_cols)) {
    hit <- which(status[, k] > 0L)
    rows[[length(rows) + 1L]] <- data.frame(
      row = hit, column = rep(structure$count_names[k], length(hit)),
      status = rep("withheld", length(hit)),
      reason = rep(NA_character_, length(hit)), stringsAsFactors = FALSE)
  }
  for (column in names(derived)) {
    hit <- which(derived[[column]])
    rows[[length(rows) + 1L]] <- data.frame(
      row = hit, column = rep(column, length(hit)),
      status = rep("withheld", length(hit)),
      reason = rep(NA_character_, length(hit)), stringsAsFactors = FALSE)
  }
  cells <- do.call(rbind, c(list(empty_cells()), rows))
  cells <- cells[order(cells$row, match(cells$column, names(x))), ,
                 drop = FALSE]
  rownames(cells) <- NULL
  cells
}

# Each count rounded to the nearest multiple of `base` (halves up), then
# every total of a line the sum of its rounded parts, so that the rounded
# table adds up and no published total says more about the true counts
# than its parts do.
rounded_counts <- function(values, structure, base) {
  rounded <- floor(values / base + 0.5) * base
  # Totals of totals (the grand total) settle in a second pass.
  for (pass in seq_len(4L)) {
    before <- rounded
    for (l in structure$lines) {
      parts <- setdiff(l$cells, l$total)
      rounded[l$total] <- sum(rounded[parts])
    }
    if (identical(before, rounded)) break
  }
  rounded
}

round_counts <- function(x, structure, base) {
  nrow <- nrow(x)
  rounded <- rounded_counts(structure$values, structure, base)
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
                    if (isTRUE(record$secondary)) {
                      paste0(", or a figure withheld so that such a count ",
                             "cannot be worked out, or narrowed to fewer ",
                             "than ", format(record$threshold), " values, ",
                             "from the figures published")
                    }, ".")
  }
  if (!is.null(record$round_to) && record$round_to > 1) {
    notes <- c(notes, paste0("Counts are rounded to the nearest ",
                             format(record$round_to, big.mark = ",",
                                    scientific = FALSE),
                             "; totals are the sums of the rounded ",
                             "counts, so they may differ from the true ",
                             "total rounded."))
  }
  notes
}
