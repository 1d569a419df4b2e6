#' Criminogenic-needs profile
#'
#' For each need, how many assessed offenders have it and what proportion of
#' the assessed they are, as in the needs profiles of borough reports. An
#' offender with `NA` on every need has not been assessed and is left out of
#' the numerator and the denominator alike; an assessed offender with `NA` on
#' some needs counts as not having those. The sums are done in C in one pass
#' over the flag columns.
#'
#' @param data A data frame with one row per offender; or a list of data
#'   frames (chunks of the records), a tally from [needs_tally()], or a
#'   remote table (`dplyr::tbl(con, "offenders")`, see [remote-tables]).
#' @param needs The need flag columns, as a tidy selection ([column-selection]): bare, a string,
#'   `all_of()`, `starts_with()`, `where()`, `.data$x` or `!!rlang::sym()`
#'   (`c(need_drugs, need_alcohol)`, `starts_with("need_")`). Each is
#'   logical, or numeric holding 0, 1 and `NA`.
#' @param by A column to group by, as a tidy selection like `needs`, or
#'   `NULL`; the group of a grouped data frame (`dplyr::group_by()`) counts
#'   as `by`, and there is at most one in all. Factors
#'   keep their empty levels; missing values make a group `Missing`, shown
#'   only when it holds assessed offenders.
#' @param labels Labels for the needs, one per column in `needs`; by default
#'   the column names without a leading `need_`, with spaces for underscores
#'   and a capital first letter.
#' @param levels `NULL`, or the levels of the `by` column in their order, as
#'   a named list (`list(cohort = c("Young Males", ...))`), as for
#'   [cohort_table()]: each level is a pair of columns, in that order, even
#'   with no offenders (zeros, and `NA` percentages), and a value that is
#'   none of them is an error. Needed for empty groups of a remote table,
#'   which has no factors (see [remote-tables]); for a factor, its levels
#'   are the default.
#' @return A [report_table()] with a column `need` (the labels, then a last
#'   row `Total Offenders`), then `offenders` (the count with the need; on the
#'   last row, the number assessed) and `percentage` (a proportion of the
#'   assessed between 0 and 1, printed as a percentage; `NA` on the last row).
#'   With `by`, one such pair per group (its levels, so none for an empty
#'   character column), named `"<group> offenders"` and
#'   `"<group> percentage"`. The table's record states that the counts are
#'   of people and do not add up (an offender may have several needs), that
#'   the last row is the total assessed, and that each percentage is a
#'   share of it; [write_report()] applies primary suppression
#'   ([suppress_small()]) to it.
#' @seealso [cohort_table()]
#' @examples
#' needs_profile(lewisham_offenders, starts_with("need_"))
#'
#' # By cohort, with labels of your own
#' needs_profile(lewisham_offenders, c(need_drugs, need_alcohol),
#'               by = cohort, labels = c("Drugs", "Alcohol"))
#'
#' # Groups in an order of your own, an empty one kept
#' needs_profile(lewisham_offenders, need_drugs, by = status,
#'               levels = list(status = c("Licence", "Custody", "Community",
#'                                        "Unpaid work")))
#' @export
needs_profile <- function(data, needs, by = NULL, labels = NULL,
                          levels = NULL) {
  tally <- if (inherits(data, "reoffending_needs_tally")) {
    if (!is.null(levels)) {
      abort("`levels` must be NULL when `data` is a tally; give it to ",
            "needs_tally().")
    }
    data
  } else {
    if (missing(needs)) abort("`needs` must name the need flag columns.")
    tally_needs(data, rlang::enquo(needs), rlang::enquo(by), levels)
  }
  needs_from_tally(tally, labels)
}

# The sums of the need flags of a data frame (per group of `by`), as a
# needs tally (see new_needs_tally()); remote tables and lists of chunks go
# their own ways to the same object.
tally_needs <- function(data, needs, by, levels = NULL) {
  if (is_remote_table(data)) {
    return(remote_needs_tally(data, needs, by, levels))
  }
  if (is_chunk_list(data)) {
    return(merge_chunks(lapply(seq_along(data), function(i) {
      with_chunk(i, tally_needs(data[[i]], needs, by, levels))
    })))
  }
  check_data_frame(data)
  used <- needs_columns(data, needs, by)
  needs <- used$needs
  by <- used$by
  levels <- check_needs_levels(levels, by)
  flags <- lapply(needs, function(name) as_flag(data[[name]], name))
  names(flags) <- needs

  group <- NULL
  key <- NULL
  if (!is.null(by)) {
    key <- as_key(data[[by]], by, levels = levels[[by]])
    group <- key$codes
  }
  result <- call_on_keys(.Call(C_sum_flags, flags, group,
                               length(key$levels)),
                         by, list(if (!is.null(by)) data[[by]]))
  new_needs_tally(result$sums, result$assessed, needs, by,
                  key[c("levels", "type")], nrow(data))
}

# The need and group columns named by `needs` and `by` (quosures), checked.
# `data` is a data frame, or the empty prototype of a remote table.
needs_columns <- function(data, needs, by, groups = NULL) {
  needs <- column_names(needs, data, "needs", null_ok = FALSE)
  by <- if (is.null(groups)) {
    grouped_by(data, column_names(by, data, "by"))
  } else {
    check_groups_by(groups, column_names(by, data, "by"))
  }
  if (length(by) > 1L) {
    abort("`by` must name one column, not ", length(by),
          if (inherits(data, "grouped_df") || length(groups) > 0L)
            " (the groups of `data` count)",
          ".")
  }
  if (!is.null(by) && by %in% needs) {
    abort("`by` must not be one of the `needs` columns.")
  }
  list(needs = needs, by = by)
}

# `levels` of needs_profile(): for the one `by` column, if any.
check_needs_levels <- function(levels, by) {
  if (!is.null(levels) && is.list(levels) && !is.null(names(levels)) &&
      !all(names(levels) %in% by)) {
    abort("`levels` names ", show_values(setdiff(names(levels), by)),
          ", which is not the `by` column",
          if (!is.null(by)) paste0(" (`", by, "`)"), ".")
  }
  check_key_levels(levels, by)
}

# A needs tally to its report_table: the one path from sums to the
# published layout, whether the sums came from C, a database or chunks.
needs_from_tally <- function(tally, labels) {
  needs <- tally$needs
  by <- tally$by
  if (is.null(labels)) {
    labels <- default_need_labels(needs)
  } else if (!is.character(labels) || anyNA(labels) ||
             length(labels) != length(needs)) {
    abort("`labels` must be a character vector with one label per need (",
          length(needs), ").")
  }
  sums <- tally$sums
  assessed <- tally$assessed
  group_levels <- if (is.null(by)) character() else tally$key$levels
  # The last slot holds records whose group is NA. With `by`, the groups are
  # its levels (none, for a character column with no values) and Missing.
  slots <- if (is.null(by)) 1L else seq_along(group_levels)
  if (!is.null(by)) {
    if (assessed[length(assessed)] > 0) {
      slots <- c(slots, length(assessed))
      group_levels <- make.unique(c(group_levels, "Missing"))
    }
  }

  out <- list(need = c(labels, "Total Offenders"))
  roles <- c(need = "label")
  units <- character()
  derived <- list()
  na <- list()
  n_rows <- length(labels) + 1L
  for (s in seq_along(slots)) {
    slot <- slots[s]
    offenders <- c(sums[slot, ], assessed[slot])
    share <- c(sums[slot, ] / assessed[slot], NA_real_)
    share[!is.finite(share)] <- NA_real_
    if (max(offenders) <= .Machine$integer.max) {
      offenders <- as.integer(offenders)
    }
    prefix <- if (is.null(by)) "" else paste0(group_levels[s], " ")
    count <- paste0(prefix, "offenders")
    pct <- paste0(prefix, "percentage")
    out[[count]] <- offenders
    out[[pct]] <- share
    roles[[count]] <- "count"
    roles[[pct]] <- "proportion"
    units[[count]] <- "people"
    # A share of the assessed, who are the last row.
    derived[[length(derived) + 1L]] <- derived_link(pct, count, count,
                                                    "block")
    na[[pct]] <- rep(TRUE, n_rows)
  }
  out <- as_table_frame(out, n_rows)
  title <- "Criminogenic needs profile"
  if (!is.null(by)) title <- paste0(title, ", by ", by)
  # Counts of people, but needs overlap: they do not add up to the total.
  meta <- describe_table(
    out, roles, units = units, keys = "need",
    row_role = c(rep("body", n_rows - 1L), "total"),
    sums = rep(FALSE, n_rows), derived = derived,
    na = na, title = title,
    notes = "Percentages are of the offenders assessed.")
  # Each need is a variable of its own (an offender has it or not), counted
  # among the assessed: the last row is the margin over every need. Rows are
  # told apart by their labels, so only distinct labels can be stated.
  if (!anyDuplicated(c(labels, "Total Offenders")[-n_rows])) {
    assessed <- assessed_variable(needs)
    levels <- stats::setNames(rep(list(c("FALSE", "TRUE")), length(needs)),
                              needs)
    levels[[assessed]] <- c("FALSE", "TRUE")
    if (!is.null(by)) levels[[by]] <- group_levels
    count_cols <- names(roles)[roles == "count"]
    meta$dims <- new_dims(
      levels = levels,
      rows = list(column = "need", key = labels, variable = needs,
                  level = rep("TRUE", length(needs))),
      columns = data.frame(
        column = count_cols,
        variable = rep(if (is.null(by)) NA_character_ else by,
                       length(count_cols)),
        level = if (is.null(by)) NA_character_ else group_levels,
        stringsAsFactors = FALSE),
      fixed = stats::setNames("TRUE", assessed),
      records = tally$records)
  }
  new_report_table(out, meta)
}

# Who is assessed depends on which needs were asked about: the variable is
# named by them, so that only profiles of the same needs share it.
assessed_variable <- function(needs) {
  paste0("(assessed on ", paste(sort(needs), collapse = ", "), ")")
}

# A need flag as a logical or integer vector of 0, 1 and NA, without copying
# logical and integer input.
as_flag <- function(x, name) {
  if (is.logical(x) || (is.integer(x) && !is.factor(x))) return(x)
  if (is.double(x)) {
    if (!all(x %in% c(0, 1, NA))) {
      abort("Need column `", name, "` must hold only 0, 1 or NA; found ",
            show_values(x[!x %in% c(0, 1, NA)]), ".")
    }
    return(as.integer(x))
  }
  abort("Need column `", name, "` must be logical or 0/1, not ",
        type_name(x), ".")
}

default_need_labels <- function(needs) {
  label <- gsub("_", " ", sub("^need_", "", needs))
  paste0(toupper(substr(label, 1L, 1L)), substr(label, 2L, nchar(label)))
}
