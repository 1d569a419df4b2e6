# Benchmark for incident_counts() and reoffending_cohort() (issue 15).
#
# Run from the package root:  Rscript bench/incidents.R
#
# Uses the *installed* reoffending. incident_counts() on BENCH_INCIDENTS
# incidents (33 areas x 60 months x 40 offence groups, counted by 5 calendar
# years) against data.table and collapse doing the same count (the period
# of each date by findInterval(), then counts by period, area and offence);
# reoffending_cohort() on BENCH_EVENTS events against a data.table approach
# (setorder, then the first row of each offender and quarter). Results are
# checked against each other, then timed with bench::mark; writes the
# section "## Incidents and cohorts from events (issue 15)" of
# bench/RESULTS.md.
#
# Environment: BENCH_INCIDENTS (default 2e7), BENCH_EVENTS (default 5e6),
# BENCH_ITER (rounds, default 3).

for (p in c("reoffending", "data.table", "collapse", "bench")) {
  if (!requireNamespace(p, quietly = TRUE)) stop("Package ", p, " is needed.")
}
source("bench/common.R")  # say, load_average, write_results_section
suppressPackageStartupMessages({
  library(reoffending)
  library(data.table)
})
setDTthreads(1L)

N <- as.integer(as.numeric(Sys.getenv("BENCH_INCIDENTS", "2e7")))
M <- as.integer(as.numeric(Sys.getenv("BENCH_EVENTS", "5e6")))
ITER <- as.integer(Sys.getenv("BENCH_ITER", "3"))
SECTION <- "## Incidents and cohorts from events (issue 15)"
started <- Sys.time()
load_at_start <- load_average()

# ---- Incidents ---------------------------------------------------------------
set.seed(15)
leaves <- sprintf("Offence %02d", 1:40)
classification <- data.frame(
  group = c("All", sprintf("Group %d", 1:8), leaves),
  parent = c(NA, rep("All", 8), sprintf("Group %d", rep(1:8, each = 5))),
  flag = NA_character_, stringsAsFactors = FALSE)
months <- seq(as.Date("2012-01-01"), by = "month", length.out = 60)
say("making", format(N, big.mark = ","), "incidents")
incidents <- data.frame(
  date = months[sample.int(60L, N, replace = TRUE)] +
    sample.int(28L, N, replace = TRUE) - 1L,
  area = factor(sample.int(33L, N, replace = TRUE), labels =
                  sprintf("Area %02d", 1:33)),
  offence = factor(sample.int(40L, N, replace = TRUE), labels = leaves))
years <- calendar_years(2012, 2016)
starts <- as.numeric(years$start)

ours <- function() {
  incident_counts(incidents, date, by = offence, periods = years,
                  area = area, classification = classification)
}
dt <- as.data.table(incidents)
with_dt <- function() {
  dt[, .N, by = .(period = findInterval(as.numeric(date), starts), area,
                  offence)]
}
with_collapse <- function() {
  collapse::qtab(findInterval(as.numeric(incidents$date), starts),
                 incidents$area, incidents$offence)
}
check <- ours()
reference <- with_dt()
one <- reference[period == 5L & area == "Area 07" & offence == "Offence 13", N]
stopifnot(check[["Area 07, 2016"]][check$offence == "Offence 13"] == one,
          sum(with_collapse()) == N)
say("timing incident_counts")
timed_incidents <- bench::mark(
  `reoffending::incident_counts` = ours(),
  `data.table [, .N, by]` = with_dt(),
  `collapse::qtab` = with_collapse(),
  iterations = ITER, check = FALSE, memory = FALSE, filter_gc = FALSE)
rm(dt, reference)

# ---- Cohorts from events -----------------------------------------------------
say("making", format(M, big.mark = ","), "events")
offenders <- max(1L, M %/% 3L)
types <- c("custody_release", "court_order", "caution")
events <- data.frame(
  id = sample.int(offenders, M, replace = TRUE),
  date = as.Date("2015-01-01") + sample.int(730L, M, replace = TRUE) - 1L,
  type = sample(types, M, replace = TRUE), stringsAsFactors = FALSE)
quarters <- calendar_quarters(as.Date("2015-01-01"), as.Date("2016-12-31"))
cohort_ours <- function() reoffending_cohort(events, period = quarters)
events_dt <- as.data.table(events)
cohort_dt <- function() {
  d <- copy(events_dt)
  d[, quarter := findInterval(as.numeric(date), as.numeric(quarters$start))]
  d[, rank := match(type, types)]
  setorder(d, id, quarter, date, rank)
  unique(d, by = c("id", "quarter"))
}
a <- cohort_ours()
b <- cohort_dt()
a <- a[order(a$id, a$index_date), ]
b <- b[order(id, date)]
stopifnot(nrow(a) == nrow(b), identical(a$id, b$id),
          identical(as.numeric(a$index_date), as.numeric(b$date)))
rm(a, b)
say("timing reoffending_cohort")
timed_cohort <- bench::mark(
  `reoffending::reoffending_cohort` = cohort_ours(),
  `data.table setorder + unique` = cohort_dt(),
  iterations = ITER, check = FALSE, memory = FALSE, filter_gc = FALSE)

# ---- Results -----------------------------------------------------------------
rows <- function(timed) {
  med <- as.numeric(timed$median) * 1000
  low <- as.numeric(timed$min) * 1000
  sprintf("| `%s` | %.0f | %.0f | %.2f |", as.character(timed$expression),
          med, low, med / med[1L])
}
header <- c("| Expression | Median (ms) | Min (ms) | Ratio (time / ours) |",
            "|:---|---:|---:|---:|")
minutes <- as.numeric(difftime(Sys.time(), started, units = "mins"))
section <- c(
  SECTION, "",
  sprintf("Generated by `Rscript bench/incidents.R` on %s (%.1f min).",
          format(Sys.time(), "%Y-%m-%d %H:%M UTC", tz = "UTC"), minutes),
  "",
  sprintf("- Machine: `nproc` = %s; %s", parallel::detectCores(),
          R.version.string),
  sprintf(paste("- Load average (1, 5, 15 min) at start: %s; at end: %s.",
                "The machine is shared with other sessions building and",
                "testing at the same time, so absolute times are noisy;",
                "the peers ran in the same rounds."),
          load_at_start, load_average()),
  sprintf("- data.table %s (1 thread), collapse %s, bench %s; %d rounds.",
          packageVersion("data.table"), packageVersion("collapse"),
          packageVersion("bench"), ITER),
  "",
  sprintf(paste("### incident_counts(): %s incidents, 33 areas x 60 months",
                "x 40 offence groups, by 5 calendar years"),
          format(N, big.mark = ",")),
  "", header, rows(timed_incidents), "",
  paste("Note: incident_counts() also sums the 40 groups into 8 subtotals",
        "and a total and builds the report_table; the peers return bare",
        "counts. All three find each date's year by binary search or a day",
        "table."),
  "",
  sprintf(paste("### reoffending_cohort(): %s events of %s offenders over",
                "two years, by calendar quarter"),
          format(M, big.mark = ","), format(offenders, big.mark = ",")),
  "", header, rows(timed_cohort), "",
  paste("Note: without offences or people (no previous offences or ages);",
        "the data.table approach sorts a copy and keeps the first row of",
        "each offender and quarter, as reoffending_cohort() does in C after",
        "its one order()."),
  "")
write_results_section("bench/RESULTS.md", SECTION, section)
say("done")
