#' Count incidents by period, area and offence group
#'
#' Counts crimes as the police and MOPAC count them for a report: the
#' incidents in each named period (rolling 12 months to a month end,
#' calendar or financial years, single months: see [periods()]), by offence
#' group and area. The offence groups come from a classification table
#' ([met_offence_groups] by default), so that the totals and subtotals
#' (Robbery (Total) = Robbery (Person) + Robbery (Business)) are computed
#' from the groups they contain, and cross-cutting counts (gun crime,
#' domestic crime, hate crime) from flag columns of the records. Counting
#' is done in C in one pass over the records' integer codes.
#'
#' A record counts in a period when its date (the day it was recorded, or
#' the first day of the month for monthly counts) falls on or between the
#' period's first and last day. Periods may overlap (a month and the year
#' around it): a record is then counted in each. Records outside every
#' period are ignored.
#'
#' @param records A data frame of incidents: one row per incident, or one
#'   row per group of incidents with a `count` column (the Met publishes
#'   monthly counts by borough and offence); or a remote table
#'   (`dplyr::tbl(con, "incidents")`), counted in the database (see
#'   [remote-tables]).
#' @param date The `Date` column of `records` (one column, as a tidy
#'   selection: [column-selection]).
#' @param by The column of offence groups: its values are the groups of
#'   `classification` that no other group is made of (the leaves, such as
#'   `"Robbery (Person)"`), as text or a factor. `NULL` counts all incidents
#'   as one group, `"All incidents"`.
#' @param periods The periods to count in: a data frame with columns
#'   `label` (unique text), `start` and `end` (`Date`s, both days
#'   included), such as the result of [periods()], [rolling_12_months()] or
#'   [calendar_years()].
#' @param area `NULL`, or the column of areas (boroughs).
#' @param count `NULL` (each row is one incident), or the column of counts
#'   (whole numbers from 0 up).
#' @param classification The offence groups: a data frame with columns
#'   `group` (unique labels, in the order of the result's rows), `parent`
#'   (the group a group adds into; `NA` for the one total at the top, and for
#'   flags) and `flag` (`NA`, or the logical column of `records` that marks
#'   the incidents of a cross-cutting count). See [met_offence_groups].
#' @param areas The areas to show as columns, by default every area of the
#'   records (in the order of the factor's levels, or sorted).
#' @param total `NULL`, or the label of a column per period that counts all
#'   areas (`"Met Total"`), whether or not they are shown.
#' @return A [report_table()] with a row per group of `classification` (in
#'   its order) and the columns `offence` (the group) and, for each period
#'   in turn, one count column per area of `areas` named
#'   `"<area>, <period>"` and then the `total` column; without `area`, one
#'   column per period, named by its label. Counts are of events. The top
#'   group is the table's total row, and the groups made of other groups
#'   are its subtotal rows, as the record states; flag rows are outside
#'   the sums. A flag whose column `records` does not have is left out and
#'   a note says so.
#' @seealso [met_offence_groups], [met_offences], [compare_to_benchmark()]
#'   and [pct_change()] for the comparisons, `vignette("crime-trends")`.
#' @examples
#' years <- rolling_12_months(as.Date("2017-01-31"), n = 2)
#' tno <- incident_counts(met_offences, month, by = offence, periods = years,
#'                        area = area, count = count, areas = "Lewisham",
#'                        total = "Met Total")
#' tno[tno$offence %in% c("Total Crimes", "Robbery (Total)",
#'                        "Robbery (Person)", "Robbery (Business)"), ]
#' @export
incident_counts <- function(records, date, by = NULL, periods, area = NULL,
                            count = NULL,
                            classification = reoffending::met_offence_groups,
                            areas = NULL, total = NULL) {
  if (is_remote_table(records)) {
    return(remote_incident_counts(
      records, rlang::enquo(date), rlang::enquo(by), periods,
      rlang::enquo(area), rlang::enquo(count), classification, areas, total))
  }
  check_data_frame(records, "records")
  date <- column_name(rlang::enquo(date), records, "date", "records")
  used <- incident_columns(records, rlang::enquo(by), rlang::enquo(area),
                           rlang::enquo(count), total)
  by <- used$by
  area <- used$area
  count <- used$count
  periods <- check_count_periods(periods)
  days <- date_column(records[[date]], "date", "records")
  if (!is.null(count)) {
    check_numeric(records[[count]], "count")
  }
  groups <- incident_classification(by, classification)
  offence_code <- NULL
  if (!is.null(by)) {
    values <- records[[by]]
    if (!(is.character(values) || is.factor(values))) {
      abort("`by` must name a text or factor column of offence groups, not ",
            type_name(values), ".")
    }
    offence_code <- codes_of(values, groups$leaves)
    unknown <- is.na(offence_code)
    if (any(unknown)) {
      abort("`by` holds offence groups that are not leaves of ",
            "`classification`: ", show_values(as.character(values)[unknown]),
            " (", show_rows(which(unknown)), " of `records`); the leaves ",
            "are ", show_values(groups$leaves, most = 8L), ".")
    }
  }
  area_levels <- "All areas"
  area_code <- NULL
  if (!is.null(area)) {
    key <- records[[area]]
    if (!(is.character(key) || is.factor(key))) {
      abort("`area` must name a text or factor column, not ",
            type_name(key), ".")
    }
    area_levels <- if (is.factor(key)) levels(key) else
      sort(unique(key[!is.na(key)]))
    area_code <- codes_of(key, area_levels)
    if (anyNA(area_code)) {
      abort("`area` must be known for every record; it is missing in ",
            show_rows(which(is.na(area_code))), " of `records`.")
    }
  }
  areas <- check_incident_areas(areas, area_levels, area, total)

  flags <- groups$flags[groups$flags %in% names(records)]
  flag_values <- lapply(flags, function(f) {
    v <- records[[f]]
    if (!is.logical(v)) {
      abort("`classification` flag column \"", f, "\" of `records` must be ",
            "logical, not ", type_name(v), ".")
    }
    v
  })
  lookup <- period_lookup(periods)
  weights <- if (is.null(count)) NULL else records[[count]]
  dims <- c(nrow(periods), length(area_levels), length(groups$leaves),
            ncol(lookup$table))
  res <- .Call(C_count_incidents, days, lookup$table, lookup$first,
               area_code, offence_code, flag_values, weights,
               as.integer(dims))
  report_incident_problems(res[[2L]], days, weights, flag_values, flags,
                           lookup, date, count)
  # tally[row, area, period]: the leaves, then the flags present.
  tally <- array(res[[1L]], c(length(groups$leaves) + length(flags),
                               length(area_levels), nrow(periods)))
  incidents_table(tally, groups, flags, periods, area, area_levels, areas,
                  total)
}

# The `by`, `area` and `count` columns of incident_counts() (quosures),
# each at most one; `records` is a data frame or a remote table's
# prototype.
incident_columns <- function(records, by, area, count, total) {
  used <- list(
    by = column_names(by, records, "by", data_arg = "records"),
    area = column_names(area, records, "area", data_arg = "records"),
    count = column_names(count, records, "count", data_arg = "records"))
  for (arg in names(used)) {
    if (length(used[[arg]]) > 1L) {
      abort("`", arg, "` must name one column of `records`, not ",
            length(used[[arg]]), ".")
    }
  }
  check_string(total, "total", null_ok = TRUE)
  if (!is.null(total) && is.null(used$area)) {
    abort("`total` needs `area`: it counts all areas in a column of its ",
          "own.")
  }
  used
}

# The classification checked, or one group of all incidents without `by`.
incident_classification <- function(by, classification) {
  if (is.null(by)) {
    classification <- data.frame(group = "All incidents", parent = NA,
                                 flag = NA, stringsAsFactors = FALSE)
  }
  check_classification(classification)
}

# The areas shown: by default every area of the records (`area_levels`).
check_incident_areas <- function(areas, area_levels, area, total) {
  if (is.null(areas)) {
    areas <- area_levels
  } else {
    if (is.null(area)) abort("`areas` needs `area`.")
    if (!is.character(areas) || anyNA(areas) || length(areas) == 0L) {
      abort("`areas` must be a character vector of areas.")
    }
    if (!all(areas %in% area_levels)) {
      abort("`areas` names areas with no records: ",
            show_values(setdiff(areas, area_levels)), ".")
    }
  }
  if (!is.null(total) && total %in% areas) {
    abort("`total` must differ from the areas shown; \"", total,
          "\" is an area of the records.")
  }
  areas
}

# The report table from the counts: the one path from counts to the
# published layout, whether they came from C or a database. `tally` is an
# array [leaves then the flags present, area, period].
incidents_table <- function(tally, groups, flags, periods, area,
                            area_levels, areas, total) {
  absent <- setdiff(groups$flags, flags)
  # Each group is the sum of its leaves; a flag is its own count.
  keep <- is.na(groups$table$flag) | groups$table$flag %in% flags
  table <- groups$table[keep, , drop = FALSE]
  out <- data.frame(offence = table$group, stringsAsFactors = FALSE)
  columns <- character()
  for (p in seq_len(nrow(periods))) {
    leaves <- matrix(tally[seq_along(groups$leaves), , p],
                     nrow = length(groups$leaves))
    by_group <- matrix(0, nrow(table), length(area_levels))
    tree <- which(is.na(table$flag))
    by_group[tree, ] <- groups$membership[table$group[tree], , drop = FALSE] %*%
      leaves
    flagged <- which(!is.na(table$flag))
    if (length(flagged) > 0L) {
      flag_rows <- matrix(tally[length(groups$leaves) + seq_along(flags), , p],
                          nrow = length(flags))
      by_group[flagged, ] <- flag_rows[match(table$flag[flagged], flags), ,
                                       drop = FALSE]
    }
    label <- periods$label[p]
    shown <- match(areas, area_levels)
    for (a in seq_along(shown)) {
      name <- if (is.null(area)) label else paste0(areas[a], ", ", label)
      out[[name]] <- whole_counts(by_group[, shown[a]])
      columns <- c(columns, name)
    }
    if (!is.null(total)) {
      name <- paste0(total, ", ", label)
      out[[name]] <- whole_counts(rowSums(by_group))
      columns <- c(columns, name)
    }
  }
  role <- ifelse(!is.na(table$flag), "body",
                 ifelse(is.na(table$parent), "total",
                        ifelse(table$group %in% table$parent, "subtotal",
                               "body")))
  # The leaves sum to the top total (block 1); flags stand outside the sums.
  block <- ifelse(is.na(table$flag), 1L, NA_integer_)
  roles <- c(offence = "label", stats::setNames(rep("count",
                                                      length(columns)),
                                                  columns))
  out <- as_table_frame(out, nrow(out))
  notes <- c(paste0("Periods: ", paste0(periods$label, " (",
                                         format(periods$start, "%d %b %Y"),
                                         " to ",
                                         format(periods$end, "%d %b %Y"),
                                         ")", collapse = "; "), "."),
             "Subtotals are computed from the groups they contain.")
  if (length(absent) > 0L) {
    notes <- c(notes, paste0("Not counted (no such column in the records): ",
                             paste0(groups$table$group[match(
                               absent, groups$table$flag)], " (`", absent,
                               "`)", collapse = ", "), "."))
  }
  meta <- describe_table(
    out, roles, keys = "offence", row_role = role, block = block,
    units = stats::setNames(rep("events", length(columns)), columns),
    labels = c(offence = "Offence"),
    title = paste0("Incidents by offence group",
                   if (!is.null(area)) " and area", ", ",
                   paste(periods$label, collapse = " and ")),
    notes = notes)
  new_report_table(out, meta)
}

# Integer codes of `x` among `levels`: a factor's codes are mapped through
# its levels, so that text is compared once per level, not once per row.
codes_of <- function(x, levels) {
  if (is.factor(x)) {
    return(match(levels(x), levels)[unclass_codes(x)])
  }
  match(x, levels)
}

# Sums of counts: whole numbers as integers where they fit.
whole_counts <- function(x) {
  if (all(x == round(x)) && max(0, x) <= .Machine$integer.max) {
    return(as.integer(round(x)))
  }
  x
}

# The periods to count in, as report_periods (overlaps allowed), within a
# span of days the day table can hold.
check_count_periods <- function(periods) {
  periods <- as_report_periods_arg(periods, "periods")
  span <- max(unclass(periods$end)) - min(unclass(periods$start)) + 1
  if (span > 1e6) {
    abort("`periods` must span at most a million days, not ", span, ".")
  }
  periods$start <- structure(floor(unclass(periods$start)), class = "Date")
  periods$end <- structure(floor(unclass(periods$end)), class = "Date")
  periods
}

# A table of days: for each layer of periods that do not overlap, the
# period holding each day from the first start to the last end (NA in
# none). Layers are filled greedily in order of start.
period_lookup <- function(periods) {
  first <- min(unclass(periods$start))
  span <- max(unclass(periods$end)) - first + 1
  layer_end <- numeric()
  layer <- integer(nrow(periods))
  for (p in order(periods$start)) {
    free <- which(layer_end < unclass(periods$start[p]))
    l <- if (length(free) > 0L) free[1L] else length(layer_end) + 1L
    layer[p] <- l
    layer_end[l] <- unclass(periods$end[p])
  }
  table <- matrix(NA_integer_, span, length(layer_end))
  for (p in seq_len(nrow(periods))) {
    at <- seq(unclass(periods$start[p]), unclass(periods$end[p])) - first + 1
    table[at, layer[p]] <- p
  }
  list(table = table, first = as.double(first))
}

# Errors for unusable records, whose number the C pass counted.
report_incident_problems <- function(problems, days, weights, flag_values,
                                     flags, lookup, date, count) {
  if (all(problems == 0)) return(invisible())
  inside <- function() {
    d <- floor(unclass(days)) - lookup$first
    is.finite(d) & d >= 0 & d < nrow(lookup$table)
  }
  if (problems[1L] > 0) {
    abort("`date` must be known for every record; column \"", date,
          "\" of `records` is missing or infinite in ",
          show_rows(which(!is.finite(unclass(days)))), ".")
  }
  if (problems[4L] > 0) {
    bad <- inside() & (!is.finite(weights) | weights < 0 |
                         weights != floor(weights))
    abort("`count` must hold whole numbers from 0 up; column \"", count,
          "\" of `records` is missing, negative or not whole in ",
          show_rows(which(bad)), ".")
  }
  if (problems[5L] > 0) {
    for (k in seq_along(flags)) {
      bad <- inside() & is.na(flag_values[[k]])
      if (any(bad)) {
        abort("Flag column \"", flags[k], "\" of `records` must be TRUE or ",
              "FALSE; it is NA in ", show_rows(which(bad)), ".")
      }
    }
  }
  abort("Records with unusable codes reached the count (",
        paste(problems, collapse = ", "), ").")
}

# The classification checked: leaves (groups with no parts and no flag),
# flags, and the membership of leaves in each counted group.
check_classification <- function(classification) {
  if (!is.data.frame(classification) ||
      !all(c("group", "parent", "flag") %in% names(classification))) {
    abort("`classification` must be a data frame with columns `group`, ",
          "`parent` and `flag`, as met_offence_groups.")
  }
  table <- data.frame(group = as.character(classification$group),
                      parent = as.character(classification$parent),
                      flag = as.character(classification$flag),
                      stringsAsFactors = FALSE)
  if (anyNA(table$group) || anyDuplicated(table$group)) {
    abort("`classification$group` must hold unique, known labels; ",
          "duplicated: ", show_values(table$group[duplicated(table$group)]),
          ".")
  }
  is_flag <- !is.na(table$flag)
  if (any(is_flag & !is.na(table$parent)) ||
      any(table$parent %in% table$group[is_flag])) {
    abort("`classification`: a flag row (with `flag`) has no parent and no ",
          "parts.")
  }
  if (anyDuplicated(table$flag[is_flag])) {
    abort("`classification$flag` must name each column once.")
  }
  tree <- table[!is_flag, , drop = FALSE]
  roots <- tree$group[is.na(tree$parent)]
  if (length(roots) != 1L) {
    abort("`classification` must have one group without a parent (the ",
          "total), not ", length(roots), ": ", show_values(roots), ".")
  }
  orphans <- !is.na(tree$parent) & !tree$parent %in% tree$group
  if (any(orphans)) {
    abort("`classification$parent` names groups it does not have: ",
          show_values(tree$parent[orphans]), ".")
  }
  # Every group must lead up to the total; a circle never does.
  for (group in tree$group) {
    node <- group
    for (step in seq_len(nrow(tree) + 1L)) {
      if (step > nrow(tree)) {
        abort("`classification$parent` goes round in a circle at ",
              show_values(group), ".")
      }
      node <- tree$parent[tree$group == node]
      if (is.na(node)) break
    }
  }
  leaves <- tree$group[!tree$group %in% tree$parent]
  # Each leaf's ancestors, walked up to the root (depth at most the rows).
  membership <- matrix(0, nrow(tree), length(leaves),
                       dimnames = list(tree$group, leaves))
  for (leaf in leaves) {
    node <- leaf
    repeat {
      membership[node, leaf] <- 1
      node <- tree$parent[tree$group == node]
      if (is.na(node)) break
    }
  }
  list(table = table, leaves = leaves, flags = table$flag[is_flag],
       membership = membership)
}
