#' Tables in a database
#'
#' [cohort_table()], [needs_profile()], [incident_counts()],
#' [proven_reoffending()] and [reoffending_rates()] take a remote table, a
#' `dbplyr` lazy table such as
#' `dplyr::tbl(con, "cases")` (filtered, mutated or grouped as you like
#' beforehand), in place of a data frame. The grouping, counting and date
#' arithmetic then run in the database as SQL that `dbplyr` generates for its
#' dialect, and only the tallies of the groups come back to R: memory grows
#' with the number of cells of the table, not with the number of records.
#' The table is built from those tallies by the same code as in memory, so it
#' is identical to the table of the same records in a data frame.
#'
#' A database has no factors: the levels of a key are the values found in
#' it, sorted as [factor()] sorts them, and `NULL` is the level `Missing`.
#' To keep empty levels (an empty cohort as a row of zeros) and their order,
#' give them in `levels` ([cohort_table()], [needs_profile()]), or count in
#' memory from a factor. Logical columns stored as 0 and 1 (as SQLite stores
#' them) count as numbers `0` and `1`, exactly as the same column read back
#' into R; need flags, the flags of [incident_counts()] and `serious` of
#' [proven_reoffending()] may be logical or 0 and 1.
#'
#' [incident_counts()] sums each period (periods may overlap) and each flag
#' in each period in one grouped query by area and offence group; the areas
#' are those found in the records (an area without records cannot be
#' shown, as from a text column in memory; the `total` column counts every
#' area either way). The offence hierarchy's subtotals, the flags' rows and
#' the table's record are then built by the same code as in memory.
#' Unusable records (a missing date, a count that is missing, negative or
#' not whole, a missing flag in a period) are errors that say how many
#' records of the table, not which rows.
#'
#' [proven_reoffending()] adds `days_to_first` and, with `serious`, the
#' serious reoffences in the database as well; [reoffending_rates()] sums
#' the serious reoffences where the table has them, and with `standardise`
#' sums offenders, reoffenders and reoffences per group and stratum in the
#' database (the reference cohort may be a data frame or a remote table,
#' whose strata are counted there too); the weighting is done by the same
#' code as in memory.
#'
#' Dates must be stored as dates (PostgreSQL, SQL Server, Oracle, Spark) or,
#' in SQLite, as numbers of days since 1970 (what `DBI::dbWriteTable()` and
#' `dplyr::copy_to()` store for a `Date` column); a date stored as text is an
#' error. [proven_reoffending()] adds calendar months and years exactly as
#' `seq()` does (a day that the month lacks rolls over into the next month),
#' in the SQL of SQLite, PostgreSQL, SQL Server, Oracle, Spark SQL and Hive;
#' on other databases it stops with an error of class
#' `reoffending_error_unsupported_database` rather than give another answer.
#'
#' Errors of the database (a dropped connection, a failed query) stop with
#' an error of class `reoffending_error_database` naming the table; nothing
#' is returned in part.
#'
#' @name remote-tables
#' @examples
#' if (requireNamespace("RSQLite", quietly = TRUE) &&
#'     requireNamespace("dbplyr", quietly = TRUE)) {
#'   con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
#'   DBI::dbWriteTable(con, "offenders", as.data.frame(lewisham_offenders))
#'   offenders <- dplyr::tbl(con, "offenders")
#'   cohort_table(offenders, cohort, status,
#'                levels = list(cohort = levels(lewisham_offenders$cohort)))
#'   DBI::dbDisconnect(con)
#' }
NULL

is_remote_table <- function(x) inherits(x, "tbl_lazy")

# "table \"cases\"" or "the remote query", for messages.
remote_label <- function(x) {
  name <- tryCatch(dbplyr::remote_name(x), error = function(e) NULL)
  if (is.null(name)) return("the remote query")
  paste0("table \"", paste(as.character(name), collapse = "."), "\"")
}

needs_dbplyr <- function() {
  if (!requireNamespace("dbplyr", quietly = TRUE) ||
      !requireNamespace("dplyr", quietly = TRUE)) {
    abort("Remote tables need the packages dbplyr and dplyr; install them.",
          class = "database")
  }
}

# Runs a query (a lazy table) and brings its rows into R; any failure of the
# database is an error that names the table, and nothing is returned.
remote_collect <- function(query, label, what) {
  tryCatch(
    as.data.frame(dplyr::collect(query)),
    error = function(e) {
      abort("The database could not ", what, " from ", label, ": ",
            conditionMessage(e), " Nothing was returned.",
            class = "database")
    })
}

# A column of sums brought back from a database as doubles: SQL's SUM of
# no rows (and a NULL group's sums) is NULL, a count of zero here.
tally_number <- function(v) {
  v <- as.double(v)
  v[is.na(v)] <- 0
  v
}

# The columns of a remote table and their types as R reads them: an empty
# data frame. Read from one row, as some drivers (RPostgreSQL) type a date
# column of an empty result as text; `rows = 0` where no date is read and
# the first row of a query would cost as much as the query.
remote_prototype <- function(x, label, rows = 1L) {
  read <- remote_collect(utils::head(x, rows), label, "read the columns")
  proto <- read[0L, , drop = FALSE]
  # No row read: the types may be the driver's guesses (see above).
  attr(proto, "empty") <- nrow(read) == 0L
  proto
}

# Column selections against a remote table's prototype; an error names
# the table.
in_table <- function(label, code) {
  tryCatch(code, reoffending_error = function(e) {
    e$message <- paste0("In ", label, ": ", conditionMessage(e))
    stop(e)
  })
}

# `by` of a function on a remote table: its groups (dplyr::group_by() on the
# lazy table) first, then the `by` argument.
check_groups_by <- function(groups, by) {
  twice <- intersect(groups, by)
  if (length(twice) > 0L) {
    abort("`by` names ", show_values(twice), ", which `data` is already ",
          "grouped by (with group_by()); name each column once, in ",
          "group_by() or in `by`.")
  }
  by <- c(groups, by)
  if (length(by) == 0L) NULL else by
}

# A key column of the prototype must be one that as_key() can count.
check_remote_key <- function(proto, name, label) {
  x <- proto[[name]]
  if (!(is.character(x) || is.numeric(x) || is.logical(x) ||
        inherits(x, "Date"))) {
    abort("Column `", name, "` of ", label, " must be text, a number, a ",
          "logical or a date, not ", class(x)[1L], ".")
  }
}

# Counts of the remote records by the keys `order` (a grouped count in SQL).
remote_count_query <- function(x, order) {
  syms <- rlang::syms(order)
  x <- dplyr::group_by(dplyr::ungroup(x), !!!syms)
  dplyr::summarise(x, .n = dplyr::n(), .groups = "drop")
}

remote_cohort_tally <- function(data, rows, cols, by, levels) {
  needs_dbplyr()
  label <- remote_label(data)
  proto <- remote_prototype(data, label)
  used <- in_table(label, cohort_columns(
    proto, rows, cols, by, groups = dplyr::group_vars(data)))
  order <- c(used$rows, used$cols, used$by)
  levels <- check_key_levels(levels, order)
  for (name in order) check_remote_key(proto, name, label)
  tallies <- remote_collect(remote_count_query(data, order), label,
                            "count the records")
  # Each row is a cell: its keys become codes exactly as a column of
  # records would, and its count goes to that cell (Missing last).
  keys <- lapply(order, function(name) {
    values <- tallies[[name]]
    if (length(values) == 0L) values <- proto[[name]]
    in_table(label, as_key(values, name, levels = levels[[name]]))
  })
  names(keys) <- order
  nlevels <- vapply(keys, function(key) length(key$levels), integer(1))
  check_cells(nlevels)
  cell <- cell_index(keys, nlevels)
  counts <- array(0, dim = nlevels + 1L)
  sums <- rowsum(as.double(tallies$.n), cell, reorder = FALSE)
  counts[as.integer(rownames(sums))] <- counts[as.integer(rownames(sums))] +
    sums[, 1L]
  new_cohort_tally(counts, lapply(keys, function(k) k[c("levels", "type")]),
                   used$rows, used$cols, used$by)
}

# Position of each tally row in the array of counts (first key fastest;
# NA, the Missing level, last in each dimension).
cell_index <- function(keys, nlevels) {
  stride <- cumprod(c(1, nlevels[-length(nlevels)] + 1))
  index <- rep(1, length(keys[[1L]]$codes))
  for (k in seq_along(keys)) {
    codes <- as.integer(unclass_codes(keys[[k]]$codes))
    codes[is.na(codes)] <- nlevels[[k]] + 1L
    index <- index + (codes - 1) * stride[k]
  }
  index
}

remote_needs_tally <- function(data, needs, by, levels = NULL) {
  needs_dbplyr()
  label <- remote_label(data)
  proto <- remote_prototype(data, label)
  used <- in_table(label, needs_columns(proto, needs, by,
                                        groups = dplyr::group_vars(data)))
  needs <- used$needs
  by <- used$by
  levels <- check_needs_levels(levels, by)
  if (!is.null(by)) check_remote_key(proto, by, label)
  # Each flag as 1, 0 or NULL in SQL (checked to hold only 0 and 1).
  flag <- lapply(needs, function(name) {
    remote_flag(proto, name, label, paste0("Need column `", name, "`"))
  })
  none <- Reduce(function(a, b) rlang::expr(!!a & !!b),
                 lapply(flag, function(f) rlang::expr(is.na(!!f))))
  sums <- c(
    list(.records = rlang::expr(n()),
         .assessed = rlang::expr(sum(ifelse(!!none, 0L, 1L), na.rm = TRUE))),
    stats::setNames(lapply(flag, function(f) {
      rlang::expr(sum(ifelse(!!f == 1, 1L, 0L), na.rm = TRUE))
    }), paste0(".need", seq_along(needs))),
    stats::setNames(lapply(flag, function(f) {
      rlang::expr(sum(ifelse(!!f != 0 & !!f != 1, 1L, 0L), na.rm = TRUE))
    }), paste0(".bad", seq_along(needs))))
  query <- dplyr::ungroup(data)
  if (!is.null(by)) query <- dplyr::group_by(query, !!rlang::sym(by))
  query <- dplyr::summarise(query, !!!sums, .groups = "drop")
  tallies <- remote_collect(query, label, "sum the need flags")
  bad <- vapply(seq_along(needs), function(i) {
    sum(tally_number(tallies[[paste0(".bad", i)]]))
  }, double(1))
  if (any(bad > 0)) {
    abort("Need column `", needs[bad > 0][1L], "` of ", label, " must hold ",
          "only 0, 1 or NULL; ", format(bad[bad > 0][1L], big.mark = ","),
          " records hold other values.")
  }
  columns <- c(".assessed", paste0(".need", seq_along(needs)))
  values <- vapply(columns, function(n) tally_number(tallies[[n]]),
                   double(nrow(tallies)))
  if (is.null(dim(values))) values <- matrix(values, nrow = nrow(tallies))
  key <- NULL
  slot <- rep(1, nrow(tallies))
  slots <- 1L
  if (!is.null(by)) {
    groups <- tallies[[by]]
    if (length(groups) == 0L) groups <- proto[[by]]
    key <- in_table(label, as_key(groups, by, levels = levels[[by]]))
    slots <- length(key$levels) + 1L
    slot <- cell_index(list(key), length(key$levels))
    key <- key[c("levels", "type")]
  }
  totals <- matrix(0, slots, length(columns))
  if (nrow(tallies) > 0L) {
    summed <- rowsum(values, slot, reorder = FALSE)
    at <- as.integer(rownames(summed))
    totals[at, ] <- totals[at, , drop = FALSE] + summed
  }
  new_needs_tally(totals[, -1L, drop = FALSE], totals[, 1L], needs, by, key,
                  sum(tally_number(tallies$.records)))
}
