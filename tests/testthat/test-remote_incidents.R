# incident_counts() on a remote table: the same report table as in memory,
# in SQLite and in the PostgreSQL server of tools/with-postgres.sh.

# Incidents from mid-2015 to mid-2017, with empty offence groups; the
# records outside the periods' span have NA counts and flags, which the
# count ignores.
random_incidents <- function(n, seed) {
  set.seed(seed)
  leaves <- c("Homicide", "Robbery (Person)", "Robbery (Business)",
              "Burglary Residential", "Drugs", "Criminal Damage")
  out <- data.frame(
    day = as.Date("2015-06-01") + sample.int(760L, n, replace = TRUE) - 1L,
    area = sample(c("Barnet", "Lewisham", "Havering"), n, replace = TRUE),
    offence = sample(leaves, n, replace = TRUE),
    gun = sample(c(TRUE, FALSE), n, replace = TRUE, prob = c(0.1, 0.9)),
    domestic = sample(c(TRUE, FALSE), n, replace = TRUE),
    n = sample(0:6, n, replace = TRUE),
    stringsAsFactors = FALSE)
  outside <- out$day < as.Date("2016-01-01") | out$day > as.Date("2017-03-31")
  out$n[outside & stats::runif(n) < 0.5] <- NA
  out$gun[outside & stats::runif(n) < 0.5] <- NA
  out
}

# Overlapping periods: a calendar year, a month inside it and a financial
# year across it; their span is January 2016 to March 2017.
overlapping <- function() {
  data.frame(label = c("2016", "Mar 2016", "2016/17"),
             start = as.Date(c("2016-01-01", "2016-03-01", "2016-04-01")),
             end = as.Date(c("2016-12-31", "2016-03-31", "2017-03-31")))
}

for (db in names(database_connections())) {
  test_that(paste("incident_counts() on a remote table is as in memory:", db), {
    con <- database_connections()[[db]](environment())
    incidents <- random_incidents(600, 21)
    remote <- remote_copy(con, incidents, "incidents")
    periods <- overlapping()
    count <- function(records, ...) {
      incident_counts(records, day, by = offence, periods = periods, ...)
    }
    expect_identical(count(remote, area = area, count = n, total = "All"),
                     count(incidents, area = area, count = n, total = "All"))
    # One incident per record, no offence groups, one area shown.
    expect_identical(
      incident_counts(remote, day, periods = periods, area = area,
                      areas = "Lewisham"),
      incident_counts(incidents, day, periods = periods, area = area,
                      areas = "Lewisham"))
    # A factor of areas with an empty level: the same shown areas and total.
    factored <- transform(incidents, area = factor(area, c(
      "Barnet", "Bexley", "Havering", "Lewisham")))
    expect_identical(
      count(remote, area = area, count = n,
            areas = c("Lewisham", "Barnet"), total = "London"),
      count(factored, area = area, count = n,
            areas = c("Lewisham", "Barnet"), total = "London"))
    # Filtered beforehand, and no records at all.
    expect_identical(
      count(dplyr::filter(remote, area != "Barnet"), area = area, count = n),
      count(incidents[incidents$area != "Barnet", ], area = area, count = n))
    none <- count(dplyr::filter(remote, n > 100), count = n)
    expect_identical(none, count(incidents[0, ], count = n))
    expect_identical(sum(none[["2016"]]), 0L)
  })

  test_that(paste("Lewisham's notifiable offences counted in the database:",
                  db), {
    con <- database_connections()[[db]](environment())
    remote <- remote_copy(con, met_offences, "met")
    years <- rolling_12_months("2017-01", n = 2)
    ours <- incident_counts(remote, month, by = offence, periods = years,
                            area = area, count = count, areas = "Lewisham",
                            total = "Met Total")
    expect_identical(ours, incident_counts(
      met_offences, month, by = offence, periods = years, area = area,
      count = count, areas = "Lewisham", total = "Met Total"))
    published <- as.data.frame(lewisham_crime)
    at <- match(published$offence, ours$offence)
    expect_identical(ours[["Lewisham, 12 months to Jan 2017"]][at],
                     published$lewisham_2017)
    expect_identical(ours[["Met Total, 12 months to Jan 2016"]][at],
                     published$met_2016)
  })
}

test_that("bad remote incidents are refused, naming the table", {
  con <- sqlite_connection()
  incidents <- random_incidents(60, 22)
  periods <- overlapping()
  count <- function(records, ...) {
    incident_counts(remote_copy(con, records, "incidents"), day,
                    by = offence, periods = periods, area = area, ...)
  }
  expect_error(count(transform(incidents, offence = "Robbery")),
               class = "reoffending_error_bad_argument",
               regexp = "not leaves.*\"Robbery\" \\(in 60 records of table")
  expect_error(count(transform(incidents, area = NA_character_)),
               class = "reoffending_error_bad_argument",
               regexp = "`area` must be known.*NULL in 60 records")
  undated <- incidents
  undated$day[3] <- NA
  expect_error(count(undated), class = "reoffending_error_bad_argument",
               regexp = "`date` must be known.*table \"incidents_")
  inside <- which(incidents$day == max(incidents$day[
    incidents$day <= as.Date("2017-03-31")]))[1]
  negative <- incidents
  negative$n[inside] <- -1L
  expect_error(count(negative, count = n),
               class = "reoffending_error_bad_argument",
               regexp = "`count` must hold whole numbers.*in 1 records")
  fraction <- transform(incidents, n = as.double(n))
  fraction$n[inside] <- 1.5
  expect_error(count(fraction, count = n),
               class = "reoffending_error_bad_argument",
               regexp = "`count` must hold whole numbers")
  unflagged <- incidents
  unflagged$gun[inside] <- NA
  expect_error(count(unflagged), class = "reoffending_error_bad_argument",
               regexp = "Flag column \"gun\" of table \"incidents_")
  expect_error(count(transform(incidents, day = format(day))),
               class = "reoffending_error_bad_argument",
               regexp = "stored as text")
  expect_error(count(incidents, count = offence),
               class = "reoffending_error_bad_argument",
               regexp = "`count` must be numeric")
  expect_error(count(incidents, areas = "Bexley"),
               class = "reoffending_error_bad_argument",
               regexp = "Bexley")
  expect_error(count(incidents, count = nonesuch),
               class = "reoffending_error_bad_argument",
               regexp = "^In table \"incidents_")
  expect_error(count(transform(incidents, area = 1)),
               class = "reoffending_error_bad_argument",
               regexp = "column `area` of table .* must hold text")
})

test_that("the incident counts' SQL in other dialects", {
  skip_without_dbplyr()
  counts <- function(con) {
    frame <- dbplyr::lazy_frame(day = as.Date("2016-01-01"), area = "a",
                                offence = "b", n = 1L, gun = TRUE,
                                con = con)
    periods <- overlapping()[1:2, ]
    gun <- reoffending:::remote_flag(data.frame(gun = TRUE), "gun", "frame",
                                     "gun")
    dbplyr::sql_render(reoffending:::incident_query(
      frame, "day", c("area", "offence"), "n", "gun", list(gun), periods,
      days = FALSE))
  }
  expect_snapshot({
    counts(dbplyr::simulate_mssql())
    counts(dbplyr::simulate_hive())
    counts(dbplyr::simulate_postgres())
  })
})
