# incident_counts() on a remote table (see remote-tables): one grouped
# query by area and offence group, with a sum per period (periods may
# overlap, so each is a column of its own rather than a group) and per flag
# and period; the checks of the records are sums of the same query. The
# array of counts it brings back goes through incidents_table(), as the
# counts of the C engine do.

remote_incident_counts <- function(records, date, by, periods, area, count,
                                   classification, areas, total) {
  needs_dbplyr()
  label <- remote_label(records)
  proto <- remote_prototype(records, label)
  date <- in_table(label, column_name(date, proto, "date", "records"))
  used <- in_table(label, incident_columns(proto, by, area, count, total))
  by <- used$by
  area <- used$area
  count <- used$count
  periods <- check_count_periods(periods)
  # SQLite holds a Date as a number of days since 1970 (what RSQLite
  # writes): compared with numbers; other databases' dates with dates.
  days <- identical(date_dialect(dbplyr::remote_con(records)), "sqlite")
  check_remote_date(proto, date, "date", label,
                    if (days) "sqlite" else "other")
  if (!is.null(count)) in_table(label, check_numeric(proto[[count]], "count"))
  groups <- incident_classification(by, classification)
  for (key in c(by, area)) {
    if (!is.character(proto[[key]])) {
      abort("`", if (identical(key, by)) "by" else "area", "`: column `",
            key, "` of ", label, " must hold text, not ",
            class(proto[[key]])[1L], ".")
    }
  }
  flags <- groups$flags[groups$flags %in% names(proto)]
  flag_exprs <- lapply(flags, function(f) {
    remote_flag(proto, f, label, paste0("`classification` flag column \"",
                                         f, "\""))
  })

  query <- incident_query(records, date, c(area, by), count, flags,
                          flag_exprs, periods, days)
  tallies <- remote_collect(query, label, "count the incidents")
  summed <- function(column) sum(tally_number(column))
  records_of <- function(rows) {
    paste0(format(summed(tallies$.records[rows]), big.mark = ",",
                  scientific = FALSE), " records of ", label)
  }

  # The checks in the order incident_counts() makes them in memory.
  offence_code <- rep(1L, nrow(tallies))
  if (!is.null(by)) {
    values <- tallies[[by]]
    offence_code <- match(values, groups$leaves)
    unknown <- is.na(offence_code)
    if (any(unknown)) {
      abort("`by` holds offence groups that are not leaves of ",
            "`classification`: ", show_values(values[unknown]), " (in ",
            records_of(unknown), "); the leaves are ",
            show_values(groups$leaves, most = 8L), ".")
    }
  }
  area_levels <- "All areas"
  area_code <- rep(1L, nrow(tallies))
  if (!is.null(area)) {
    values <- tallies[[area]]
    if (anyNA(values)) {
      abort("`area` must be known for every record; it is NULL in ",
            records_of(is.na(values)), ".")
    }
    area_levels <- sort(unique(values))
    area_code <- match(values, area_levels)
  }
  areas <- check_incident_areas(areas, area_levels, area, total)
  if (summed(tallies$.no_date) > 0) {
    abort("`date` must be known for every record; column \"", date,
          "\" of ", label, " is NULL in ", summed(tallies$.no_date),
          " records.")
  }
  if (summed(tallies$.bad_count) > 0) {
    abort("`count` must hold whole numbers from 0 up; column \"", count,
          "\" of ", label, " is NULL, negative or not whole in ",
          summed(tallies$.bad_count), " records.")
  }
  for (j in seq_along(flags)) {
    bad <- summed(tallies[[paste0(".bad_flag", j)]])
    if (bad > 0) {
      abort("Flag column \"", flags[j], "\" of ", label, " must be TRUE or ",
            "FALSE; it is NULL (or another value) in ", bad, " records.")
    }
  }

  # tally[row, area, period]: the leaves, then the flags present; each row
  # of the tallies adds into its cells.
  rows <- length(groups$leaves) + length(flags)
  tally <- array(0, c(rows, length(area_levels), nrow(periods)))
  add <- function(tally, row, period, values) {
    at <- row + (area_code - 1L) * rows +
      (period - 1L) * rows * length(area_levels)
    if (length(at) == 0L) return(tally)
    s <- rowsum(tally_number(values), at, reorder = FALSE)
    cells <- as.integer(rownames(s))
    tally[cells] <- tally[cells] + s[, 1L]
    tally
  }
  for (p in seq_len(nrow(periods))) {
    tally <- add(tally, offence_code, p, tallies[[paste0(".p", p)]])
    for (j in seq_along(flags)) {
      tally <- add(tally, rep(length(groups$leaves) + j, nrow(tallies)), p,
                   tallies[[paste0(".f", j, "_", p)]])
    }
  }
  incidents_table(tally, groups, flags, periods, area, area_levels, areas,
                  total)
}

# The grouped query of incident_counts() on a remote table: per group of
# `keys` (area, offence group), the records, their checks, and a sum per
# period and per flag and period. `flag_exprs`: each flag as 1, 0 or NULL
# (remote_flag()); `days`: dates are numbers of days (SQLite).
incident_query <- function(records, date, keys, count, flags, flag_exprs,
                           periods, days) {
  day <- rlang::sym(date)
  # A record is in a period when the day of its date is: [start, end + 1)
  # for days as numbers, as the C engine floors them.
  within <- function(start, end) {
    if (days) {
      rlang::expr((!!day >= !!as.double(start) &
                     !!day < !!(as.double(end) + 1)))
    } else {
      rlang::expr((!!day >= as.Date(!!format(start)) &
                     !!day <= as.Date(!!format(end))))
    }
  }
  inside <- lapply(seq_len(nrow(periods)), function(p) {
    within(periods$start[p], periods$end[p])
  })
  # Parenthesised: dbplyr writes an injected call's SQL without brackets.
  in_any <- Reduce(function(a, b) rlang::expr((!!a | !!b)), inside)
  in_span <- within(min(periods$start), max(periods$end))
  weight <- if (is.null(count)) 1L else rlang::sym(count)
  # Per record, once: its weight in each period (0 outside it, NULL without
  # a date), whether it is in any period or in their span, and its flags as
  # 0 and 1; the sums are then short (dbplyr writes long SQL slowly).
  weights <- sprintf(".w%d", seq_along(inside))
  flagged <- sprintf(".flag%d", seq_along(flags))
  per_record <- c(
    stats::setNames(lapply(inside, function(p) {
      rlang::expr(ifelse(!!p, !!weight, 0L))
    }), weights),
    list(.in_any = rlang::expr(ifelse(!!in_any, 1L, 0L)),
         .in_span = rlang::expr(ifelse(!!in_span, 1L, 0L))),
    stats::setNames(flag_exprs, flagged))
  sum_of <- function(x) rlang::expr(sum(!!x, na.rm = TRUE))
  count_of <- function(condition) sum_of(rlang::expr(ifelse(!!condition,
                                                            1L, 0L)))
  sums <- list(.records = quote(n()),
               .no_date = count_of(rlang::expr(is.na(!!day))))
  if (!is.null(count)) {
    sums$.bad_count <- count_of(rlang::expr(
      .in_span == 1 & (is.na(!!weight) | !!weight < 0 |
                         as.integer64(!!weight) != !!weight)))
  }
  for (p in seq_along(weights)) {
    sums[[paste0(".p", p)]] <- sum_of(rlang::sym(weights[p]))
  }
  for (j in seq_along(flags)) {
    f <- rlang::sym(flagged[j])
    for (p in seq_along(weights)) {
      sums[[paste0(".f", j, "_", p)]] <-
        sum_of(rlang::expr(!!rlang::sym(weights[p]) * !!f))
    }
    sums[[paste0(".bad_flag", j)]] <- count_of(rlang::expr(
      .in_any == 1 & (is.na(!!f) | (!!f != 0 & !!f != 1))))
  }
  query <- dplyr::select(dplyr::ungroup(records),
                         dplyr::all_of(c(date, keys, count, flags)))
  query <- dplyr::mutate(query, !!!per_record)
  if (length(keys) > 0L) query <- dplyr::group_by(query, !!!rlang::syms(keys))
  query <- dplyr::summarise(query, !!!sums, .groups = "drop")
  query
}

# A flag column of a remote table as 1, 0 or NULL in SQL: a logical column
# through CASE, a number (SQLite's logicals) as it is; `what` names it in
# the error for any other type. `column`: the column's name in the query,
# if renamed there.
remote_flag <- function(proto, name, label, what,
                        column = rlang::sym(name)) {
  x <- proto[[name]]
  if (is.logical(x)) return(logical_as_number(column))
  if (is.numeric(x)) return(column)
  abort(what, " of ", label, " must be logical or 0/1, not ",
        class(x)[1L], ".")
}

# A logical column as 1, 0 or NULL in every SQL: CASE with no ELSE, as
# dbplyr's ifelse() is SQL Server's IIF(), which makes NULL 0 (and takes no
# bit column as a condition).
logical_as_number <- function(column) {
  rlang::expr(case_when(!!column == TRUE ~ 1L, !!column == FALSE ~ 0L))
}

utils::globalVariables(c(".in_any", ".in_span", "as.integer64", "case_when"))
