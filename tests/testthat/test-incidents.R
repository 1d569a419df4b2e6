two_years <- rolling_12_months("2017-01", n = 2)

lewisham_counts <- function(areas = "Lewisham", total = "Met Total") {
  incident_counts(met_offences, month, by = offence, periods = two_years,
                  area = area, count = count, areas = areas, total = total)
}

test_that("every figure of Lewisham's notifiable offences table comes from the records", {
  counts <- lewisham_counts()
  published <- as.data.frame(lewisham_crime)
  columns <- c(lewisham_2017 = "Lewisham, 12 months to Jan 2017",
               met_2017 = "Met Total, 12 months to Jan 2017",
               lewisham_2016 = "Lewisham, 12 months to Jan 2016",
               met_2016 = "Met Total, 12 months to Jan 2016")
  for (offence in published$offence) {
    for (column in names(columns)) {
      expect_identical(
        counts[[columns[[column]]]][counts$offence == offence],
        published[[column]][published$offence == offence],
        label = paste(offence, column))
    }
  }
})

test_that("the hate crime table comes from the records, and compares as published", {
  counts <- lewisham_counts()
  hate <- counts[match(lewisham_hate_crime$offence, counts$offence), ]
  expect_identical(hate[["Lewisham, 12 months to Jan 2017"]],
                   lewisham_hate_crime$lewisham_2017)
  expect_identical(hate[["Met Total, 12 months to Jan 2017"]],
                   lewisham_hate_crime$met_2017)
  expect_identical(hate[["Lewisham, 12 months to Jan 2016"]],
                   lewisham_hate_crime$lewisham_2016)
  expect_identical(hate[["Met Total, 12 months to Jan 2016"]],
                   lewisham_hate_crime$met_2016)
  from_records <- compare_to_benchmark(
    hate[c("Lewisham, 12 months to Jan 2017",
           "Lewisham, 12 months to Jan 2016")],
    benchmark = hate[c("Met Total, 12 months to Jan 2017",
                       "Met Total, 12 months to Jan 2016")],
    polarity = "lower")
  expect_identical(from_records$comparison,
                   c("similar", "similar", "worse", "better"))
  expect_equal(from_records$count_change,
               pct_change(lewisham_hate_crime$lewisham_2017,
                          lewisham_hate_crime$lewisham_2016))
})

test_that("serious youth violence by calendar year comes from the records", {
  years <- incident_counts(met_offences[met_offences$area == "Lewisham", ],
                           month, by = offence,
                           periods = calendar_years(2013, 2016),
                           count = count)
  published <- as.data.frame(lewisham_youth_violence)
  for (measure in published$measure) {
    for (year in c("2013", "2014", "2015", "2016")) {
      expect_identical(years[[year]][years$offence == measure],
                       published[[year]][published$measure == measure],
                       label = paste(measure, year))
    }
  }
})

test_that("the VAWG table is recomputed with its correct values, and the published errors are found", {
  counts <- incident_counts(met_offences, month, by = offence,
                            periods = two_years, area = area, count = count,
                            areas = "Lewisham")
  rows <- counts[match(lewisham_vawg$offence, counts$offence), ]
  now <- rows[["Lewisham, 12 months to Jan 2017"]]
  before <- rows[["Lewisham, 12 months to Jan 2016"]]
  expect_identical(now, c(689L, 1044L, 3114L, 273L))
  expect_identical(before, c(619L, 950L, 3171L, 226L))
  recomputed <- round(pct_change(now, before), 3)
  expect_equal(recomputed, c(0.113, 0.099, -0.018, 0.208))
  # Against the recomputed table, the published one differs in the Rape
  # counts (swapped) and the Total Sexual difference (11.7% for 11.3%).
  published <- as.data.frame(lewisham_vawg)
  expect_identical(published$offence[published$jan_2017 != now], "Rape")
  expect_identical(published$jan_2017[4], before[4])
  expect_identical(published$jan_2016[4], now[4])
  expect_identical(published$offence[abs(published$difference -
                                           recomputed) > 0.0005],
                   "Total Sexual")
  found <- audit_table(lewisham_vawg,
                       change = c(current = "jan_2017",
                                  previous = "jan_2016",
                                  change = "difference"))
  expect_identical(found$label, c("Total Sexual", "Rape"))
})

test_that("the table's totals and subtotals are known from its structure", {
  counts <- lewisham_counts()
  rows <- table_record(counts)$rows
  expect_identical(rows$role[counts$offence == "Total Crimes"], "total")
  subtotals <- counts$offence[rows$role == "subtotal"]
  expect_setequal(subtotals, c("Violence Against the Person (Total)",
                               "Sexual Offences", "Robbery (Total)",
                               "Burglary (Total)", "Theft and Handling"))
  expect_identical(nrow(audit_table(counts)), 0L)
  # The flags stand outside the sums.
  expect_true(all(is.na(rows$block[counts$offence %in%
                                     c("Gun Crime", "Domestic Crime")])))
  expect_identical(table_record(counts)$columns$unit[-1],
                   rep("events", 4L))
})

test_that("counts match an independent count in base R, with overlapping periods", {
  set.seed(15)
  n <- 3000
  groups <- data.frame(
    group = c("All", "A", "A1", "A2", "B", "Flag X"),
    parent = c(NA, "All", "A", "A", "All", NA),
    flag = c(NA, NA, NA, NA, NA, "x"), stringsAsFactors = FALSE)
  records <- data.frame(
    when = as.Date("2016-01-01") + sample(0:800, n, replace = TRUE),
    borough = sample(c("North", "South", "East"), n, replace = TRUE),
    group = sample(c("A1", "A2", "B"), n, replace = TRUE),
    x = sample(c(TRUE, FALSE), n, replace = TRUE),
    k = sample(0:4, n, replace = TRUE), stringsAsFactors = FALSE)
  spans <- periods(as.Date(c("2016-01-01", "2016-07-01", "2017-01-01")),
                   as.Date(c("2016-12-31", "2016-07-31", "2017-12-31")),
                   label = c("2016", "Jul 2016", "2017"), tile = FALSE)
  counts <- incident_counts(records, when, by = group, periods = spans,
                            area = borough, count = k,
                            classification = groups, total = "All areas")
  oracle <- function(rows, borough) {
    inside <- rows & (is.null(borough) | records$borough %in% borough)
    c(All = sum(records$k[inside]),
      A = sum(records$k[inside & records$group %in% c("A1", "A2")]),
      A1 = sum(records$k[inside & records$group == "A1"]),
      A2 = sum(records$k[inside & records$group == "A2"]),
      B = sum(records$k[inside & records$group == "B"]),
      `Flag X` = sum(records$k[inside & records$x]))
  }
  for (p in seq_len(nrow(spans))) {
    rows <- records$when >= spans$start[p] & records$when <= spans$end[p]
    for (b in c("East", "North", "South")) {
      expect_equal(counts[[paste0(b, ", ", spans$label[p])]],
                   unname(oracle(rows, b)))
    }
    expect_equal(counts[[paste0("All areas, ", spans$label[p])]],
                 unname(oracle(rows, NULL)))
  }
  # One row per incident, without a count column.
  single <- incident_counts(records, when, by = group, periods = spans,
                            classification = groups)
  expect_identical(single[["2016"]][single$offence == "All"],
                   sum(records$when <= as.Date("2016-12-31")))
})

test_that("without `by`, all incidents are one group; records outside the periods are ignored", {
  records <- data.frame(day = as.Date(c("2016-12-31", "2017-01-01",
                                        "2017-12-31", "2018-01-01")))
  counts <- incident_counts(records, day, periods = calendar_years(2017, 2017))
  expect_identical(counts$offence, "All incidents")
  expect_identical(counts[["2017"]], 2L)
})

test_that("a flag whose column the records lack is left out and noted", {
  records <- met_offences[met_offences$area == "Lewisham",
                          setdiff(names(met_offences), "gun")]
  counts <- incident_counts(records, month, by = offence,
                            periods = two_years, count = count)
  expect_false("Gun Crime" %in% counts$offence)
  expect_match(paste(table_record(counts)$notes, collapse = " "),
               "Not counted.*Gun Crime")
})

test_that("bad records and arguments are classed errors naming the argument", {
  records <- data.frame(day = as.Date(c("2017-01-05", "2017-02-05")),
                        group = c("Robbery (Person)", "Robbery (Business)"),
                        area = c("Lewisham", "Lambeth"), n = c(1, 2),
                        stringsAsFactors = FALSE)
  year <- calendar_years(2017, 2017)
  count <- function(data, ...) {
    incident_counts(data, day, by = group, periods = year, ...)
  }
  expect_error(count(transform(records, group = c("Robbery", "Theft"))),
               "not leaves", class = "reoffending_error_bad_argument")
  expect_error(count(transform(records, area = c(NA, "Lambeth")),
                     area = area), "missing in row 1",
               class = "reoffending_error_bad_argument")
  expect_error(count(transform(records, day = as.Date(c(NA, "2017-01-01")))),
               "`date` must be known", class = "reoffending_error")
  expect_error(count(transform(records, n = c(-1, 2)), count = n),
               "`count` must hold whole numbers", class = "reoffending_error")
  expect_error(count(transform(records, n = c(NA, 2)), count = n),
               "row 1", class = "reoffending_error")
  expect_error(count(transform(records, n = c(1, 2.5)), count = n),
               "row 2", class = "reoffending_error")
  expect_error(count(records, total = "All"), "`total` needs `area`",
               class = "reoffending_error_bad_argument")
  expect_error(count(records, area = area, total = "Lambeth"),
               "`total` must differ", class = "reoffending_error_bad_argument")
  expect_error(count(transform(records, day = as.character(day))),
               "Date", class = "reoffending_error_bad_argument")
  expect_error(count(records, count = group), "numeric",
               class = "reoffending_error_bad_argument")
  expect_error(incident_counts(records, day, by = group, periods = "2017"),
               "periods", class = "reoffending_error_bad_argument")
  expect_error(count(records, areas = "Barnet", area = area), "Barnet",
               class = "reoffending_error_bad_argument")
  flagged <- met_offences[1:3, ]
  flagged$gun[2] <- NA
  expect_error(incident_counts(flagged, month, by = offence, count = count,
                               periods = calendar_years(2013, 2013)),
               "\"gun\".*row 2", class = "reoffending_error")
  bad_tree <- data.frame(group = c("All", "Other", "A"),
                         parent = c(NA, NA, "All"), flag = NA)
  expect_error(count(transform(records, group = "A"),
                     classification = bad_tree),
               "one group without a parent",
               class = "reoffending_error_bad_argument")
  circle <- data.frame(group = c("All", "A", "B", "C"),
                       parent = c(NA, "B", "A", "All"), flag = NA)
  expect_error(count(transform(records, group = "C"),
                     classification = circle),
               "circle", class = "reoffending_error_bad_argument")
  orphan <- data.frame(group = c("All", "A"), parent = c(NA, "Nowhere"),
                       flag = NA)
  expect_error(count(transform(records, group = "A"),
                     classification = orphan),
               "Nowhere", class = "reoffending_error_bad_argument")
})

test_that("the C engine refuses malformed arguments instead of crashing", {
  day <- as.double(as.Date("2017-01-01"))
  lookup <- matrix(1L, 1, 1)
  expect_error(.Call(reoffending:::C_count_incidents, day, lookup, day,
                     NULL, NULL, list(), NULL, c(1L, 1L, 1L)), "dims")
  expect_error(.Call(reoffending:::C_count_incidents, day, matrix(5L, 1, 1),
                     day, NULL, NULL, list(), NULL, c(1L, 1L, 1L, 1L)),
               "outside")
  expect_error(.Call(reoffending:::C_count_incidents, day, lookup, day,
                     NULL, NULL, list(1L), NULL, c(1L, 1L, 1L, 1L)),
               "logical")
  expect_error(.Call(reoffending:::C_count_incidents, "x", lookup, day,
                     NULL, NULL, list(), NULL, c(1L, 1L, 1L, 1L)))
  out <- .Call(reoffending:::C_count_incidents, day, lookup, day, 9L,
               NULL, list(), NULL, c(1L, 1L, 1L, 1L))
  expect_identical(out[[2]][2], 1)     # an area code out of range, counted
})

test_that("a data.table or tibble of records gives the same counts", {
  lewisham <- met_offences[met_offences$area == "Lewisham", ]
  plain <- incident_counts(lewisham, month, by = offence, periods = two_years,
                           count = count)
  skip_if_not_installed("tibble")
  expect_identical(
    as.data.frame(incident_counts(tibble::as_tibble(lewisham), month,
                                  by = offence, periods = two_years,
                                  count = count)),
    as.data.frame(plain))
  skip_if_not_installed("data.table")
  expect_identical(
    as.data.frame(incident_counts(data.table::as.data.table(lewisham),
                                  "month", by = "offence",
                                  periods = two_years, count = "count")),
    as.data.frame(plain))
})
