# proven_reoffending() in the database: the windows' calendar arithmetic at
# its edges against seq() (the oracle), and its SQL in other dialects.

# Index dates at the awkward days of the calendar, and offences on the day
# before, the day of and the day after each window's end (from seq()).
window_edges <- function(follow_up, waiting) {
  index <- as.Date(c("2016-02-29", "2015-02-28", "2016-02-28", "2015-08-31",
                     "2016-08-31", "2016-01-31", "2016-03-31", "2016-10-31",
                     "2016-12-31", "2015-12-31", "2016-05-31", "2017-01-30",
                     "2016-06-15", "2016-03-01"))
  add <- function(d, period) {
    if (is.numeric(period)) return(d + period)
    as.Date(vapply(d, function(x) {
      seq(x, by = period, length.out = 2L)[2L]
    }, double(1)), origin = "1970-01-01")
  }
  follow_end <- add(index, follow_up)
  waiting_end <- add(follow_end, waiting)
  n <- length(index)
  cohort <- data.frame(id = seq_len(n), index_date = index)
  step <- c(-1, 0, 1)
  offences <- rbind(
    data.frame(id = rep(seq_len(n), each = 3L),
               offence_date = rep(follow_end, each = 3L) + step,
               proven_date = rep(follow_end, each = 3L) + step),
    data.frame(id = rep(seq_len(n), each = 3L),
               offence_date = rep(index, each = 3L) + 1,
               proven_date = rep(waiting_end, each = 3L) + step),
    data.frame(id = seq_len(n), offence_date = index, proven_date = index))
  offences <- offences[offences$proven_date >= offences$offence_date, ]
  list(cohort = cohort, offences = offences, follow_end = follow_end,
       waiting_end = waiting_end)
}

periods <- list(c("1 year", "6 months"), c("6 months", "3 months"),
                c("2 quarters", "1 month"), c("1 month", "1 year"),
                c("90 days", "26 weeks"), c("0 days", "0 days"))

for (db in names(database_connections())) {
  test_that(paste("windows end where seq() ends them:", db), {
    con <- database_connections()[[db]](environment())
    for (p in periods) {
      edges <- window_edges(
        if (grepl("day", p[1])) as.numeric(sub(" days", "", p[1])) else p[1],
        if (grepl("day", p[2])) as.numeric(sub(" days", "", p[2])) else
          if (grepl("week", p[2])) 7 * as.numeric(sub(" weeks", "", p[2])) else
            p[2])
      cohort <- remote_copy(con, edges$cohort, "edge_cohort")
      offences <- remote_copy(con, edges$offences, "edge_offences")
      remote <- dplyr::collect(dplyr::arrange(
        proven_reoffending(cohort, offences, follow_up = p[1],
                           waiting = p[2]), id))
      local <- proven_reoffending(edges$cohort, edges$offences,
                                  follow_up = p[1], waiting = p[2])
      # The oracle: two of the three follow-up edges and two of the three
      # waiting edges count (the day after is out), but none on day 0.
      expected <- if (p[1] == "0 days") 0L else 4L
      expect_identical(as.integer(remote$reoffences),
                       rep(expected, nrow(edges$cohort)), label = p[1])
      expect_identical(as.integer(remote$reoffences), local$reoffences)
      expect_equal(as.numeric(remote$first_reoffence),
                   as.numeric(local$first_reoffence))
    }
  })
}

# Barnet's cohorts with an age band (some unknown) and serious offences.
barnet_strata <- function() {
  set.seed(31)
  cohort <- as.data.frame(barnet_cohort)
  cohort$age_band <- as.character(cut(cohort$age, c(0, 25, 40, 120)))
  cohort$age_band[sample.int(nrow(cohort), 30)] <- NA
  offences <- as.data.frame(barnet_offences)
  offences$serious <- stats::runif(nrow(offences)) < 0.2
  list(cohort = cohort, offences = offences)
}

for (db in names(database_connections())) {
  test_that(paste("days to the first reoffence, serious reoffences and",
                  "standardised rates in the database:", db), {
    con <- database_connections()[[db]](environment())
    barnet <- barnet_strata()
    cohort <- remote_copy(con, barnet$cohort, "cohort")
    offences <- remote_copy(con, barnet$offences, "offences")
    followed <- proven_reoffending(cohort, offences, serious = serious)
    expect_s3_class(followed, "tbl_lazy")
    got <- dplyr::collect(dplyr::arrange(followed, id))
    local <- proven_reoffending(barnet$cohort, barnet$offences,
                                serious = serious)
    local <- local[order(local$id), ]
    expect_identical(got$id, local$id)
    expect_identical(as.integer(got$days_to_first), local$days_to_first)
    expect_identical(as.integer(got$serious_reoffences),
                     local$serious_reoffences)
    expect_identical(got$serious_reoffended == 1, local$serious_reoffended)
    expect_identical(as.integer(got$reoffences), local$reoffences)
    # The oracle: days from the index date to the first reoffence.
    expect_identical(as.integer(got$days_to_first),
                     as.integer(local$first_reoffence - local$index_date))
    expect_identical(reoffending_rates(followed, by = cohort_year),
                     reoffending_rates(local, by = cohort_year))

    # Standardised rates, summed per group and stratum in the database.
    reference <- barnet$cohort[barnet$cohort$cohort_year == 2014, ]
    expected <- reoffending_rates(local, by = cohort_year,
                                  standardise = reference,
                                  strata = c(age_band, sex))
    expect_identical(
      reoffending_rates(followed, by = cohort_year, standardise = reference,
                        strata = c(age_band, sex)), expected)
    # The reference in the database too; and the default strata.
    in_database <- dplyr::filter(cohort, cohort_year == 2014L)
    expect_identical(
      reoffending_rates(followed, by = cohort_year,
                        standardise = in_database,
                        strata = c(age_band, sex)), expected)
    expect_identical(
      reoffending_rates(dplyr::group_by(followed, sex),
                        standardise = in_database),
      reoffending_rates(dplyr::group_by(local, sex), standardise = reference))
    # The oracle: against its own mix, the standardised rate is the crude.
    self <- reoffending_rates(followed, standardise = followed,
                              strata = age_band)
    expect_equal(self$proportion_standardised, self$proportion)
  })
}

test_that("bad serious flags and strata are refused, naming the table", {
  con <- sqlite_connection()
  barnet <- barnet_strata()
  cohort <- remote_copy(con, barnet$cohort[1:200, ], "cohort")
  unknown <- barnet$offences
  unknown$serious[5] <- NA
  expect_error(proven_reoffending(cohort, remote_copy(con, unknown, "of"),
                                  serious = serious),
               class = "reoffending_error_bad_argument",
               regexp = "`serious`.*column `serious` of table \"of_")
  text <- transform(barnet$offences, serious = "yes")
  expect_error(proven_reoffending(cohort, remote_copy(con, text, "of"),
                                  serious = serious),
               class = "reoffending_error_bad_argument",
               regexp = "must be logical or 0/1")
  offences <- remote_copy(con, barnet$offences, "of")
  expect_error(proven_reoffending(cohort, offences, serious = nonesuch),
               class = "reoffending_error_bad_argument",
               regexp = "^In table \"of_")
  followed <- proven_reoffending(cohort, offences)
  expect_error(reoffending_rates(followed, standardise = data.frame(x = 1),
                                 strata = age_band),
               class = "reoffending_error_bad_argument",
               regexp = "`standardise` must have the `strata` columns")
  expect_error(reoffending_rates(dplyr::select(followed, -age_band),
                                 standardise = barnet$cohort),
               class = "reoffending_error_bad_argument",
               regexp = "`strata` must name")
  expect_error(reoffending_rates(followed, standardise = barnet$cohort[0, ],
                                 strata = age_band),
               class = "reoffending_error_bad_argument",
               regexp = "at least one offender")
})

test_that("days between dates in other dialects", {
  skip_without_dbplyr()
  days <- function(con) {
    frame <- dbplyr::lazy_frame(index_date = as.Date("2016-02-29"),
                                first = as.Date("2016-03-02"), con = con)
    dbplyr::sql_render(dplyr::mutate(
      frame, days = !!reoffending:::days_between(
        quote(index_date), quote(first), reoffending:::date_dialect(con))))
  }
  expect_snapshot({
    days(dbplyr::simulate_mssql())
    days(dbplyr::simulate_oracle())
    days(dbplyr::simulate_hive())
    days(dbplyr::simulate_postgres())
    days(dbplyr::simulate_sqlite())
  })
})

test_that("the windows' SQL in other dialects", {
  skip_without_dbplyr()
  windows <- function(con) {
    frame <- dbplyr::lazy_frame(index_date = as.Date("2016-02-29"),
                                con = con)
    year <- reoffending:::period_expr(quote(index_date),
                                      list(n = 1, unit = "year"),
                                      reoffending:::date_dialect(con))
    days <- reoffending:::period_expr(quote(index_date),
                                      list(n = 90, unit = "day"),
                                      reoffending:::date_dialect(con))
    dbplyr::sql_render(dplyr::mutate(frame, year_end = !!year,
                                     days_end = !!days))
  }
  expect_snapshot({
    windows(dbplyr::simulate_mssql())
    windows(dbplyr::simulate_oracle())
    windows(dbplyr::simulate_hive())
    windows(dbplyr::simulate_postgres())
    windows(dbplyr::simulate_sqlite())
  })
})

test_that("the grouped counts' SQL in other dialects", {
  skip_without_dbplyr()
  count <- function(con) {
    frame <- dbplyr::lazy_frame(cohort = "a", status = "b", con = con)
    dbplyr::sql_render(reoffending:::remote_count_query(
      frame, c("cohort", "status")))
  }
  expect_snapshot({
    count(dbplyr::simulate_mssql())
    count(dbplyr::simulate_oracle())
    count(dbplyr::simulate_hive())
  })
})

test_that("a database without a checked translation is refused", {
  skip_without_dbplyr()
  frame <- dbplyr::lazy_frame(id = 1, index_date = as.Date("2016-01-01"),
                              con = dbplyr::simulate_mysql())
  expect_error(proven_reoffending(frame, frame),
               class = "reoffending_error_unsupported_database")
})

test_that("bad remote cohorts and offences are refused, naming the table", {
  con <- sqlite_connection()
  cohort <- data.frame(id = c(1, 2, 2), index_date = as.Date("2016-01-01"))
  offences <- data.frame(id = 1, offence_date = as.Date("2016-02-01"),
                         proven_date = as.Date("2016-03-01"))
  co <- remote_copy(con, cohort, "cohort")
  of <- remote_copy(con, offences, "offences")
  expect_error(proven_reoffending(co, of),
               class = "reoffending_error_bad_argument",
               regexp = "once in `cohort`.*table \"cohort_")
  co <- remote_copy(con, cohort[1:2, ], "cohort")
  expect_identical(dplyr::pull(proven_reoffending(co, of), reoffences),
                   c(1L, 0L))
  early <- transform(offences, proven_date = as.Date("2016-01-15"))
  expect_error(proven_reoffending(co, remote_copy(con, early, "offences")),
               class = "reoffending_error_bad_argument",
               regexp = "proven before it was committed.*`proven_date`")
  undated <- transform(offences, offence_date = as.Date(NA))
  expect_error(proven_reoffending(co, remote_copy(con, undated, "offences")),
               class = "reoffending_error_bad_argument",
               regexp = "`offence_date`.*is NULL in 1")
  as_text <- transform(offences, offence_date = "2016-02-01")
  expect_error(proven_reoffending(co, remote_copy(con, as_text, "offences")),
               class = "reoffending_error_bad_argument",
               regexp = paste0("column `offence_date` of table ",
                               "\"offences_[0-9a-f]+\" holds dates stored ",
                               "as text"))
  expect_error(proven_reoffending(co, of, id = nonesuch),
               class = "reoffending_error_bad_argument",
               regexp = "^In table \"cohort_")
  expect_error(proven_reoffending(co, offences),
               class = "reoffending_error_bad_argument",
               regexp = "both be remote tables")
  other <- sqlite_connection()
  expect_error(proven_reoffending(co, remote_copy(other, offences, "o")),
               class = "reoffending_error_bad_argument",
               regexp = "same connection")
  expect_error(proven_reoffending(co, of, follow_up = "a while"),
               class = "reoffending_error_bad_argument")
  followed <- proven_reoffending(co, of)
  wrong <- dplyr::mutate(followed, reoffended = 0L)
  expect_error(reoffending_rates(wrong),
               class = "reoffending_error_bad_argument",
               regexp = "exactly where")
  expect_error(reoffending_rates(dplyr::select(followed, -reoffences)),
               class = "reoffending_error_bad_argument",
               regexp = "has no \"reoffences\"")
  expect_error(reoffending_rates(followed, by = reoffended),
               class = "reoffending_error_bad_argument")
  expect_error(reoffending_rates(followed, conf_level = 2),
               class = "reoffending_error_bad_argument")
})
