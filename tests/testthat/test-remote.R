# The same tables from a remote table as from the data frame it holds, in
# SQLite and in the PostgreSQL server of tools/with-postgres.sh.
skip_under_valgrind()

case_levels <- function(cases) {
  list(cohort = levels(cases$cohort), status = levels(cases$status))
}

for (db in names(database_connections())) {
  test_that(paste("cohort_table() on a remote table is as in memory:", db), {
    con <- database_connections()[[db]](environment())
    cases <- random_cases(500, 11)
    remote <- remote_copy(con, cases, "cases")
    lv <- case_levels(cases)
    expect_identical(cohort_table(remote, cohort, status, levels = lv),
                     cohort_table(cases, cohort, status))
    expect_identical(
      cohort_table(remote, cohort, status, by = borough, levels = lv,
                   percent = "row"),
      cohort_table(cases, cohort, status, by = borough, percent = "row"))
    expect_identical(cohort_table(remote, band, by = iom, totals = FALSE),
                     cohort_table(dplyr::collect(remote), band, by = iom,
                                  totals = FALSE))
    # Filtered and grouped beforehand, as a user would.
    grouped <- dplyr::group_by(dplyr::filter(remote, band > 1), borough)
    expect_identical(
      cohort_table(grouped, cohort, levels = lv["cohort"]),
      cohort_table(dplyr::group_by(cases[cases$band %in% c(2, 3.5), ],
                                   borough), cohort))
    # No records at all: the given levels, zeros.
    empty <- dplyr::filter(remote, band > 100)
    expect_identical(cohort_table(empty, cohort, levels = lv["cohort"]),
                     cohort_table(cases[0, ], cohort))
  })

  test_that(paste("needs_profile() on a remote table is as in memory:", db), {
    con <- database_connections()[[db]](environment())
    cases <- random_cases(400, 12)
    cases$need_none <- NA
    cases$need_none[1:5] <- TRUE
    remote <- remote_copy(con, cases, "needs")
    local <- dplyr::collect(remote)
    expect_identical(needs_profile(remote, starts_with("need_"), by = borough),
                     needs_profile(cases, starts_with("need_"), by = borough))
    expect_identical(needs_profile(remote, starts_with("need_")),
                     needs_profile(cases, starts_with("need_")))
    expect_identical(needs_profile(remote, need_drugs, by = iom),
                     needs_profile(local, need_drugs, by = iom))
    expect_identical(
      needs_profile(dplyr::group_by(remote, status), need_alcohol),
      needs_profile(dplyr::group_by(local, status), need_alcohol))
    # Levels as a factor's: empty groups kept, in their order.
    lv <- case_levels(cases)
    expect_identical(
      needs_profile(remote, starts_with("need_"), by = cohort,
                    levels = lv["cohort"]),
      needs_profile(cases, starts_with("need_"), by = cohort))
    own <- list(status = c("Custody", "Licence", "Unpaid work", "Community"))
    expect_identical(
      needs_profile(dplyr::group_by(remote, status), need_drugs,
                    levels = own),
      needs_profile(transform(cases, status = factor(status, own$status)),
                    need_drugs, by = status))
    expect_identical(
      needs_profile(dplyr::filter(remote, band > 100), need_drugs,
                    by = cohort, levels = lv["cohort"]),
      needs_profile(cases[0, ], need_drugs, by = cohort))
    expect_error(needs_profile(remote, need_drugs, by = status,
                               levels = list(status = "Licence")),
                 class = "reoffending_error_bad_argument",
                 regexp = "not among its `levels`")
  })

  test_that(paste("proven reoffending in the database (Barnet):", db), {
    con <- database_connections()[[db]](environment())
    cohort <- remote_copy(con, barnet_cohort, "cohort")
    offences <- remote_copy(con, barnet_offences, "offences")
    followed <- proven_reoffending(cohort, offences)
    expect_s3_class(followed, "tbl_lazy")
    rates <- reoffending_rates(followed, by = cohort_year)
    row <- as.data.frame(rates)[rates$cohort_year == "2015", ]
    expect_identical(c(row$offenders, row$reoffenders, row$reoffences),
                     c(4262L, 862L, 2570L))
    in_memory <- proven_reoffending(barnet_cohort, barnet_offences)
    expect_identical(rates, reoffending_rates(in_memory, by = cohort_year))
    expect_identical(reoffending_rates(followed),
                     reoffending_rates(in_memory))
    got <- dplyr::collect(dplyr::arrange(followed, id))
    expect_identical(got$id, in_memory$id)
    expect_equal(as.integer(got$reoffences), in_memory$reoffences)
    expect_equal(got$reoffended == 1, in_memory$reoffended)
    expect_equal(as.numeric(got$first_reoffence),
                 as.numeric(in_memory$first_reoffence))
  })
}

test_that("remote errors name the table and the column", {
  con <- sqlite_connection()
  cases <- random_cases(50, 13)
  remote <- remote_copy(con, cases, "cases")
  expect_error(cohort_table(remote, cohort, nonesuch),
               class = "reoffending_error_bad_argument",
               regexp = "^In table \"cases_[0-9a-f]+\": `cols`.*nonesuch")
  expect_error(needs_profile(remote, c(need_drugs, borough)),
               class = "reoffending_error_bad_argument",
               regexp = "`borough` of table \"cases_[0-9a-f]+\"")
  bad <- dplyr::mutate(remote, need_drugs = need_drugs * 2)
  expect_error(needs_profile(bad, need_drugs),
               class = "reoffending_error_bad_argument",
               regexp = "only 0, 1 or NULL")
  expect_error(cohort_table(remote, cohort, levels = list(cohort = "Young")),
               class = "reoffending_error_bad_argument",
               regexp = "not among its `levels`")
  DBI::dbDisconnect(con)
  expect_error(cohort_table(remote, cohort),
               class = "reoffending_error_database",
               regexp = "table \"cases_[0-9a-f]+\".*Nothing was returned")
  expect_error(needs_profile(remote, need_drugs),
               class = "reoffending_error_database")
})

test_that("a query that fails in the database returns nothing", {
  con <- sqlite_connection()
  remote <- remote_copy(con, random_cases(20, 14), "cases")
  broken <- dplyr::mutate(remote, cohort = no_such_function(cohort))
  expect_error(cohort_table(broken, cohort),
               class = "reoffending_error_database",
               regexp = "the remote query")
})

test_that("a dropped PostgreSQL connection: a classed error, nothing back", {
  con <- postgres_connection()
  cases <- random_cases(100, 15)
  remote <- remote_copy(con, cases, "cases")
  cohort <- remote_copy(con, barnet_cohort[1:50, ], "cohort")
  offences <- remote_copy(con, barnet_offences[1:50, ], "offences")
  followed <- proven_reoffending(cohort, offences)
  incidents <- remote_copy(con, met_offences[1:50, ], "met")
  # The server ends the session of `con` (as an administrator or a
  # restart would), from another connection.
  pid <- DBI::dbGetQuery(con, "SELECT pg_backend_pid() AS pid")$pid
  admin <- postgres_connection()
  DBI::dbGetQuery(admin, paste0("SELECT pg_terminate_backend(", pid, ")"))
  result <- "nothing"
  dropped <- function(code, table) {
    expect_error(suppressWarnings(result <<- code),
                 class = "reoffending_error_database",
                 regexp = paste0("table \"", table, "_[0-9a-f]+\".*",
                                 "Nothing was returned"))
    expect_identical(result, "nothing")
  }
  dropped(cohort_table(remote, cohort, status), "cases")
  dropped(needs_profile(remote, need_drugs, by = borough), "cases")
  dropped(proven_reoffending(cohort, offences), "cohort")
  dropped(incident_counts(incidents, month, periods = calendar_years(2013)),
          "met")
  expect_error(suppressWarnings(result <- reoffending_rates(followed)),
               class = "reoffending_error_database",
               regexp = "the remote query.*Nothing was returned")
  expect_identical(result, "nothing")
})

test_that("a disconnected SQLite connection: a classed error, nothing back", {
  con <- sqlite_connection()
  cohort <- remote_copy(con, barnet_cohort[1:50, ], "cohort")
  offences <- remote_copy(con, barnet_offences[1:50, ], "offences")
  followed <- proven_reoffending(cohort, offences)
  incidents <- remote_copy(con, met_offences[1:50, ], "met")
  DBI::dbDisconnect(con)
  result <- "nothing"
  expect_error(result <- proven_reoffending(cohort, offences),
               class = "reoffending_error_database",
               regexp = "table \"cohort_[0-9a-f]+\".*Nothing was returned")
  expect_error(result <- incident_counts(incidents, month,
                                         periods = calendar_years(2013)),
               class = "reoffending_error_database",
               regexp = "table \"met_[0-9a-f]+\"")
  expect_error(result <- reoffending_rates(followed, standardise = cohort,
                                           strata = sex),
               class = "reoffending_error_database")
  expect_identical(result, "nothing")
})

test_that("a PostgreSQL session ended while its query runs: nothing back", {
  con <- postgres_connection()
  remote_copy(con, random_cases(100, 17), "cases")
  name <- DBI::dbListTables(con)
  name <- name[startsWith(name, "cases_")][1L]
  # A view that takes 100 ms a row: the count would run for 10 seconds.
  view <- paste0("slow_", name)
  DBI::dbExecute(con, paste0("CREATE VIEW ", view, " AS SELECT * FROM ",
                             name, " WHERE pg_sleep(0.1)::text = ''"))
  slow <- suppressWarnings(dplyr::tbl(con, view), classes = "rlang_warning")
  pid <- DBI::dbGetQuery(con, "SELECT pg_backend_pid() AS pid")$pid
  # Another R process ends the session once its grouped count is running.
  killer <- tempfile(fileext = ".R")
  writeLines(c(
    "con <- DBI::dbConnect(RPostgreSQL::PostgreSQL(),",
    "  host = Sys.getenv('PGHOST'), port = as.integer(Sys.getenv('PGPORT')),",
    "  user = Sys.getenv('PGUSER'), dbname = Sys.getenv('PGDATABASE'))",
    "for (i in 1:1000) {",
    paste0("  q <- DBI::dbGetQuery(con, \"SELECT query FROM pg_stat_activity",
           " WHERE pid = ", pid, " AND state = 'active'\")$query"),
    "  if (length(q) == 1L && grepl('COUNT(', q, fixed = TRUE)) {",
    paste0("    DBI::dbGetQuery(con, 'SELECT pg_terminate_backend(", pid,
           ")')"),
    "    break",
    "  }",
    "  Sys.sleep(0.02)",
    "}"), killer)
  system2(file.path(R.home("bin"), "Rscript"), killer, wait = FALSE,
          stdout = FALSE, stderr = FALSE)
  result <- "nothing"
  expect_error(suppressWarnings(result <- cohort_table(slow, cohort, status)),
               class = "reoffending_error_database",
               regexp = paste0("could not count the records from table \"",
                               view, "\".*Nothing was returned"))
  expect_identical(result, "nothing")
})
