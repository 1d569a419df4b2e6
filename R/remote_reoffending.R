# proven_reoffending() and reoffending_rates() on remote tables (see
# remote-tables): the windows as SQL date arithmetic of the database's
# dialect, the join and the per-offender sums in the database, the result a
# lazy table; the rates summed in the database and shaped by rates_table().

# The SQL dialect of a connection, as far as the calendar arithmetic of the
# windows goes; NULL for a database without a checked translation.
date_dialect <- function(con) {
  classes <- class(con)
  if (any(classes %in% c("SQLiteConnection"))) return("sqlite")
  if (any(classes %in% c("PqConnection", "PostgreSQLConnection"))) {
    return("postgres")
  }
  if (any(classes %in% "Microsoft SQL Server")) return("mssql")
  if (any(classes %in% c("Oracle", "OraConnection"))) return("oracle")
  if (any(classes %in% c("spark_connection", "Spark SQL", "Hive"))) {
    return("spark")
  }
  NULL
}

# `date` (an expression of a date column) plus a period, as an expression
# dbplyr translates for `dialect`. Months and years go the way of seq(): the
# first day of the month `n` months on, plus the day of the month less one,
# so that 31 August plus six months is 3 March (2 March in a leap year) and
# 29 February plus a year is 1 March. Functions unknown to dbplyr pass
# through as they are written, the dialect's own.
period_expr <- function(date, period, dialect) {
  days <- period$n * switch(period$unit, day = 1, week = 7, 0)
  months <- period$n * switch(period$unit, month = 1, quarter = 3,
                              year = 12, 0)
  if (period$unit %in% c("day", "week")) {
    days <- as.integer(days)
    return(switch(
      dialect,
      sqlite = rlang::expr(!!date + !!days),
      postgres = rlang::expr(!!date + !!days),
      oracle = rlang::expr(!!date + !!days),
      mssql = rlang::expr(DATEADD(dbplyr::sql("DAY"), !!days, !!date)),
      spark = rlang::expr(DATE_ADD(!!date, !!days))))
  }
  months <- as.integer(months)
  switch(
    dialect,
    # Dates as days since 1970 (what RSQLite stores for a Date): through
    # the Julian day, which SQLite's date functions read.
    sqlite = rlang::expr(
      julianday(!!date + 2440587.5, "start of month",
                !!paste0("+", months, " months")) - 2440587.5 +
        as.integer(strftime("%d", !!date + 2440587.5)) - 1L),
    postgres = rlang::expr(
      as.Date(DATE_TRUNC("month", !!date) +
                dbplyr::sql(!!paste0("INTERVAL '", months, " months'"))) +
        as.integer(DATE_PART("day", !!date)) - 1L),
    mssql = rlang::expr(
      DATEADD(dbplyr::sql("DAY"), DAY(!!date) - 1L,
              DATEADD(dbplyr::sql("MONTH"), !!months,
                      DATEFROMPARTS(YEAR(!!date), MONTH(!!date), 1L)))),
    oracle = rlang::expr(
      ADD_MONTHS(TRUNC(!!date, "MM"), !!months) +
        (TO_NUMBER(TO_CHAR(!!date, "DD")) - 1L)),
    spark = rlang::expr(
      DATE_ADD(ADD_MONTHS(TRUNC(!!date, "MM"), !!months),
               DAY(!!date) - 1L)))
}

check_date_dialect <- function(con) {
  dialect <- date_dialect(con)
  if (is.null(dialect)) {
    abort("proven_reoffending() has no checked translation of calendar ",
          "months and years for a ", class(con)[1L], " connection (it has ",
          "for SQLite, PostgreSQL, SQL Server, Oracle and Spark SQL); ",
          "collect() the tables and run it in memory instead.",
          class = "unsupported_database")
  }
  dialect
}

# A date column of a remote table, from its prototype: a Date, or in SQLite
# a number of days since 1970; text is refused.
check_remote_date <- function(proto, name, arg, label, dialect) {
  x <- proto[[name]]
  if (inherits(x, "Date")) return(invisible())
  if (is.numeric(x) && dialect == "sqlite") return(invisible())
  # A query with no rows has no dates to misread; RPostgreSQL types its
  # date columns as text then.
  if (is.character(x) && isTRUE(attr(proto, "empty"))) return(invisible())
  if (is.character(x)) {
    abort("`", arg, "`: column `", name, "` of ", label, " holds dates ",
          "stored as text; store them as dates (in SQLite, as days since ",
          "1970, what DBI::dbWriteTable() writes for a Date column), or ",
          "convert them in the query first.")
  }
  abort("`", arg, "`: column `", name, "` of ", label, " must be a date ",
        "column, not ", class(x)[1L], ".")
}

remote_proven_reoffending <- function(cohort, offences, id, index_date,
                                      offence_date, proven_date, follow_up,
                                      waiting, serious) {
  needs_dbplyr()
  if (!is_remote_table(cohort) || !is_remote_table(offences)) {
    abort("`cohort` and `offences` must both be remote tables (of one ",
          "connection) or both data frames; copy the data frame into the ",
          "database with dplyr::copy_to() first.")
  }
  con <- dbplyr::remote_con(cohort)
  if (!identical(con, dbplyr::remote_con(offences))) {
    abort("`cohort` and `offences` must be tables of the same connection.")
  }
  follow_up <- check_period(follow_up, "follow_up")
  waiting <- check_period(waiting, "waiting")
  dialect <- check_date_dialect(con)
  cohort_label <- remote_label(cohort)
  offences_label <- remote_label(offences)
  cohort_proto <- remote_prototype(cohort, cohort_label)
  offences_proto <- remote_prototype(offences, offences_label)
  id <- in_table(cohort_label,
                 column_name(id, cohort_proto, "id", "cohort"))
  if (!identical(in_table(offences_label, column_name(
    rlang::quo(!!id), offences_proto, "id", "offences")), id)) {
    abort("`id` must name the same column in `cohort` and `offences`.")
  }
  index_date <- in_table(cohort_label, column_name(
    index_date, cohort_proto, "index_date", "cohort"))
  offence_date <- in_table(offences_label, column_name(
    offence_date, offences_proto, "offence_date", "offences"))
  proven_date <- in_table(offences_label, column_name(
    proven_date, offences_proto, "proven_date", "offences"))
  kind <- function(x) if (is.numeric(x)) "numeric" else class(x)[1L]
  if (!identical(kind(cohort_proto[[id]]), kind(offences_proto[[id]])) ||
      !(is.numeric(cohort_proto[[id]]) || is.character(cohort_proto[[id]]))) {
    abort("`id` must be an integer, numeric or text column of the same ",
          "kind in both tables; it is ", class(cohort_proto[[id]])[1L],
          " in ", cohort_label, " and ", class(offences_proto[[id]])[1L],
          " in ", offences_label, ".")
  }
  check_remote_date(cohort_proto, index_date, "index_date", cohort_label,
                    dialect)
  check_remote_date(offences_proto, offence_date, "offence_date",
                    offences_label, dialect)
  check_remote_date(offences_proto, proven_date, "proven_date",
                    offences_label, dialect)
  serious <- in_table(offences_label, column_names(
    serious, offences_proto, "serious", data_arg = "offences"))
  if (length(serious) > 1L) {
    abort("`serious` must name one column of `offences`, not ",
          length(serious), ".")
  }

  groups <- dplyr::group_vars(cohort)
  cohort <- dplyr::ungroup(cohort)
  members <- dplyr::select(cohort, .id = !!rlang::sym(id),
                           .index = !!rlang::sym(index_date))
  taken <- c(.id = id, .committed = offence_date, .proven = proven_date,
             if (length(serious) == 1L) c(.serious = serious))
  records <- dplyr::select(dplyr::ungroup(offences), dplyr::all_of(taken))
  check_remote_cohort(members, records, cohort_label, offences_label, id,
                      index_date, offence_date, proven_date)
  # A serious offence as 1, a minor one as 0, in every SQL.
  severe <- NULL
  if (length(serious) == 1L) {
    severe <- remote_flag(offences_proto, serious, offences_label,
                          paste0("`serious`: column `", serious, "`"),
                          column = quote(.serious))
    check_remote_serious(records, severe, serious, offences_label)
  }

  # The windows are worked out on the joined rows, so that the join is of
  # the tables' own columns (an index on `id` serves it).
  reoffences <- dplyr::inner_join(records, members, by = ".id")
  reoffences <- dplyr::mutate(
    reoffences,
    .follow_up_end = !!period_expr(quote(.index), follow_up, dialect))
  reoffences <- dplyr::mutate(
    reoffences,
    .waiting_end = !!period_expr(quote(.follow_up_end), waiting, dialect))
  reoffences <- dplyr::filter(
    reoffences, .committed > .index, .committed <= .follow_up_end,
    !is.na(.proven), .proven <= .waiting_end)
  sums <- list(.reoffences = quote(n()),
               .first_reoffence = quote(min(.committed, na.rm = TRUE)))
  if (!is.null(severe)) {
    sums$.serious_reoffences <- rlang::expr(
      sum(ifelse(!!severe == 1, 1L, 0L), na.rm = TRUE))
  }
  reoffences <- dplyr::summarise(dplyr::group_by(reoffences, .id), !!!sums,
                                 .groups = "drop")

  added <- c("reoffended", "reoffences", "first_reoffence", "days_to_first",
             if (!is.null(severe)) c("serious_reoffended",
                                     "serious_reoffences"))
  out <- dplyr::select(cohort, -dplyr::any_of(added))
  out <- dplyr::left_join(out, reoffences,
                          by = stats::setNames(".id", id))
  # 1 and 0 for reoffended: a logical column is not a value in every SQL.
  columns <- list(
    reoffended = quote(ifelse(is.na(.reoffences), 0L, 1L)),
    reoffences = quote(ifelse(is.na(.reoffences), 0L, .reoffences)),
    first_reoffence = quote(.first_reoffence),
    days_to_first = days_between(rlang::sym(index_date),
                                 quote(.first_reoffence), dialect))
  if (!is.null(severe)) {
    columns$serious_reoffended <- quote(
      ifelse(is.na(.serious_reoffences) | .serious_reoffences == 0, 0L, 1L))
    columns$serious_reoffences <- quote(
      ifelse(is.na(.serious_reoffences), 0L, .serious_reoffences))
  }
  out <- dplyr::transmute(out, dplyr::across(!dplyr::starts_with(".")),
                          !!!columns)
  if (length(groups) > 0L) {
    out <- dplyr::group_by(out, !!!rlang::syms(groups))
  }
  out
}

# Days from `from` to `to` (expressions of dates) as a whole number, in
# `dialect`'s SQL: NULL where `to` is NULL.
days_between <- function(from, to, dialect) {
  switch(
    dialect,
    sqlite = rlang::expr(as.integer(!!to - !!from)),
    postgres = rlang::expr(as.integer(!!to - !!from)),
    oracle = rlang::expr(as.integer(!!to - !!from)),
    mssql = rlang::expr(DATEDIFF(dbplyr::sql("DAY"), !!from, !!to)),
    spark = rlang::expr(DATEDIFF(!!to, !!from)))
}

# `serious` as proven_reoffending() wants it in memory: known for every
# offence, 0 or 1 (a logical column, or SQLite's numbers).
check_remote_serious <- function(records, severe, serious, label) {
  counts <- remote_collect(dplyr::summarise(
    records, .bad = sum(ifelse(is.na(!!severe) | (!!severe != 0 &
                                                    !!severe != 1), 1L, 0L),
                        na.rm = TRUE)),
    label, "check the serious offences")
  bad <- as.double(counts$.bad)
  if (length(bad) == 1L && !is.na(bad) && bad > 0) {
    abort("`serious` must name a logical column of `offences` with no NA; ",
          "column `", serious, "` of ", label, " is NULL (or not 0 or 1) in ",
          bad, " offences.")
  }
  invisible()
}

# The checks proven_reoffending() makes in memory, as one query: ids
# present and distinct, index dates known; offences of members dated and
# not proven before they were committed.
check_remote_cohort <- function(members, records, cohort_label,
                                offences_label, id, index_date, offence_date,
                                proven_date) {
  cohort_counts <- remote_collect(dplyr::summarise(
    members, .n = n(), .ids = dplyr::n_distinct(.id),
    .no_id = sum(ifelse(is.na(.id), 1L, 0L), na.rm = TRUE),
    .no_index = sum(ifelse(is.na(.index), 1L, 0L), na.rm = TRUE)),
    cohort_label, "check the cohort")
  count <- function(v) {
    v <- as.double(v)
    if (length(v) == 0L || is.na(v)) 0 else v
  }
  if (count(cohort_counts$.no_id) > 0) {
    abort("`id` must be known for every offender; column `", id, "` of ",
          cohort_label, " is NULL in ", count(cohort_counts$.no_id),
          " rows.")
  }
  if (count(cohort_counts$.ids) < count(cohort_counts$.n)) {
    abort("Each offender must appear once in `cohort`; column `", id,
          "` of ", cohort_label, " repeats ",
          count(cohort_counts$.n) - count(cohort_counts$.ids), " ids.")
  }
  if (count(cohort_counts$.no_index) > 0) {
    abort("`index_date` must be known for every offender; column `",
          index_date, "` of ", cohort_label, " is NULL in ",
          count(cohort_counts$.no_index), " rows.")
  }
  # An inner join, not a semi-join: SQLite runs EXISTS once per offence.
  of_members <- dplyr::inner_join(records, dplyr::select(members, .id),
                                  by = ".id")
  offence_counts <- remote_collect(dplyr::summarise(
    of_members,
    .no_date = sum(ifelse(is.na(.committed), 1L, 0L), na.rm = TRUE),
    .early = sum(ifelse(.proven < .committed, 1L, 0L), na.rm = TRUE)),
    offences_label, "check the offences")
  if (count(offence_counts$.no_date) > 0) {
    abort("`offence_date` must be known for every offence of a cohort ",
          "member; column `", offence_date, "` of ", offences_label,
          " is NULL in ", count(offence_counts$.no_date), " of them.")
  }
  if (count(offence_counts$.early) > 0) {
    abort("An offence cannot be proven before it was committed; column `",
          proven_date, "` is before `", offence_date, "` in ",
          count(offence_counts$.early), " offences of cohort members in ",
          offences_label, ".")
  }
  invisible()
}

remote_reoffending_rates <- function(x, by, conf_level, standardise = NULL,
                                     strata = rlang::quo(NULL)) {
  needs_dbplyr()
  label <- remote_label(x)
  # `x` is often proven_reoffending()'s join: not run for a first row.
  proto <- remote_prototype(x, label, rows = 0L)
  by <- in_table(label, check_groups_by(
    dplyr::group_vars(x), column_names(by, proto, "by", data_arg = "x")))
  strata <- in_table(label, column_names(strata, proto, "strata",
                                         data_arg = "x"))
  needed <- c("reoffended", "reoffences")
  absent <- setdiff(needed, names(proto))
  if (length(absent) > 0L) {
    abort("`x` must have the columns `reoffended` and `reoffences` (as ",
          "proven_reoffending() adds them); ", label, " has no ",
          show_values(absent), ".")
  }
  if (any(by %in% needed)) {
    abort("`by` must not name `reoffended` or `reoffences`.")
  }
  check_conf_level(conf_level)
  for (name in by) check_remote_key(proto, name, label)
  reference <- NULL
  if (!is.null(standardise)) {
    strata <- standardise_strata(names(proto), standardise, strata)
    for (name in strata) check_remote_key(proto, name, label)
  }
  as_number <- function(column) {
    if (is.logical(proto[[column]])) {
      logical_as_number(rlang::sym(column))
    } else {
      rlang::sym(column)
    }
  }
  reoffended <- as_number("reoffended")
  sums <- list(
    .offenders = quote(n()),
    .reoffenders = rlang::expr(sum(!!reoffended, na.rm = TRUE)),
    .reoffences = quote(sum(reoffences, na.rm = TRUE)),
    .missing = rlang::expr(sum(ifelse(is.na(!!reoffended) |
                                        is.na(reoffences), 1L, 0L),
                               na.rm = TRUE)),
    .mismatch = rlang::expr(sum(ifelse((!!reoffended == 1) !=
                                         (reoffences > 0), 1L, 0L),
                                na.rm = TRUE)),
    .bad = quote(sum(ifelse(reoffences < 0 |
                              as.integer(reoffences) != reoffences, 1L, 0L),
                     na.rm = TRUE)))
  serious <- all(c("serious_reoffended", "serious_reoffences") %in%
                   names(proto))
  if (serious) {
    serious_reoffended <- as_number("serious_reoffended")
    sums$.serious_people <- rlang::expr(sum(!!serious_reoffended,
                                            na.rm = TRUE))
    sums$.serious_count <- quote(sum(serious_reoffences, na.rm = TRUE))
    sums$.serious_missing <- rlang::expr(sum(ifelse(
      is.na(!!serious_reoffended) | is.na(serious_reoffences), 1L, 0L),
      na.rm = TRUE))
  }
  # With strata, a row per group and stratum; summed again per group in R.
  keys <- unique(c(by, if (!is.null(standardise)) strata))
  query <- dplyr::ungroup(x)
  if (length(keys) > 0L) query <- dplyr::group_by(query, !!!rlang::syms(keys))
  query <- dplyr::summarise(query, !!!sums, .groups = "drop")
  tallies <- remote_collect(query, label, "sum the reoffending")
  summed <- function(column) sum(tally_number(column))
  if (summed(tallies$.missing) > 0) {
    abort("`reoffended` and `reoffences` must not be missing; they are ",
          "NULL in ", summed(tallies$.missing), " rows of ", label, ".")
  }
  if (summed(tallies$.bad) > 0) {
    abort("`reoffences` must hold whole numbers from 0 up; ",
          summed(tallies$.bad), " rows of ", label, " do not.")
  }
  if (summed(tallies$.mismatch) > 0) {
    abort("`reoffended` must be TRUE exactly where `reoffences` is above ",
          "0; it is not in ", summed(tallies$.mismatch), " rows of ", label,
          ".")
  }
  if (serious && summed(tallies$.serious_missing) > 0) {
    abort("`serious_reoffended` and `serious_reoffences` must not be ",
          "missing; they are NULL in ", summed(tallies$.serious_missing),
          " rows of ", label, ".")
  }
  # Each row of the tallies is a group (and stratum): coded as records
  # would be.
  groups <- in_table(label, group_codes(tallies, by))
  n <- max(1L, groups$n)
  codes <- if (is.null(by)) rep(1L, nrow(tallies)) else groups$codes
  sum_by <- function(v) group_sums(tally_number(v), codes, n)
  offenders <- sum_by(tallies$.offenders)
  extra_serious <- if (serious) {
    list(people = sum_by(tallies$.serious_people),
         count = sum_by(tallies$.serious_count))
  }
  std <- NULL
  if (!is.null(standardise)) {
    reference <- reference_strata(standardise, strata)
    totals <- stratum_totals(tallies[strata], codes, n, reference,
                             list(n = tally_number(tallies$.offenders),
                                  r = tally_number(tallies$.reoffenders),
                                  f = tally_number(tallies$.reoffences)))
    std <- standardise_totals(totals, reference)
  }
  rates_table(groups$grid, by, offenders, sum_by(tallies$.reoffenders),
              sum_by(tallies$.reoffences), conf_level,
              extra_measures(extra_serious, offenders, std))
}

# Names in the dplyr verbs and SQL expressions above: columns of the lazy
# tables and the dialects' functions, translated by dbplyr, not R objects.
utils::globalVariables(c(
  ".committed", ".first_reoffence", ".follow_up_end", ".id", ".index",
  ".proven", ".reoffences", ".serious", ".serious_reoffences",
  ".waiting_end", "reoffences", "serious_reoffended", "serious_reoffences",
  "n", "DATEDIFF",
  "ADD_MONTHS", "DATE_ADD", "DATE_PART", "DATE_TRUNC", "DATEADD",
  "DATEFROMPARTS", "DAY", "julianday", "MONTH", "TO_CHAR", "TO_NUMBER",
  "TRUNC", "YEAR"))
