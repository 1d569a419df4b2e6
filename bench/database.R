# Benchmark for remote tables (issue 13).
#
# Run from the package root, beside a throwaway PostgreSQL server:
#   sh tools/with-postgres.sh Rscript bench/database.R
# (without the server, SQLite only).
#
# Uses the *installed* reoffending. For SQLite (a file in tempdir()) and
# PostgreSQL:
# * BENCH_CASES cases (borough x cohort x status: 33 x 5 x 3 cells):
#   cohort_table(remote, ...) against collect() then cohort_table(), and
#   against a hand-written dplyr count() collected; R's memory (bench's
#   mem_alloc) of cohort_table(remote) on a tenth of the cases and on all;
# * BENCH_OFFENDERS offenders and BENCH_OFFENCES offences:
#   proven_reoffending(remote) then reoffending_rates() against a
#   hand-written SQL join (the database's own interval arithmetic, which
#   differs from seq() at month ends, so its counts may differ slightly).
# Writes the section "## Remote tables (issue 13)" of bench/RESULTS.md.
#
# Environment: BENCH_CASES (default 2e6), BENCH_OFFENDERS (2e5),
# BENCH_OFFENCES (1e6), BENCH_ITER (3).

if (!file.exists("DESCRIPTION")) {
  stop("Run this from the package root: Rscript bench/database.R")
}
for (p in c("reoffending", "bench", "DBI", "dbplyr", "dplyr", "RSQLite")) {
  if (!requireNamespace(p, quietly = TRUE)) stop("Package ", p, " is needed.")
}
source("bench/results.R")  # write_results_section()
suppressPackageStartupMessages({
  library(reoffending)
  library(dplyr, warn.conflicts = FALSE)
})

N <- as.integer(as.numeric(Sys.getenv("BENCH_CASES", "2e6")))
OFFENDERS <- as.integer(as.numeric(Sys.getenv("BENCH_OFFENDERS", "2e5")))
OFFENCES <- as.integer(as.numeric(Sys.getenv("BENCH_OFFENCES", "1e6")))
ITER <- as.integer(Sys.getenv("BENCH_ITER", "3"))
SECTION <- "## Remote tables (issue 13)"
load_average <- function() {
  x <- tryCatch(readLines("/proc/loadavg", n = 1L), error = function(e) "")
  if (length(x) == 0L || !nzchar(x)) "unknown" else
    paste(strsplit(x, " ")[[1L]][1:3], collapse = ", ")
}
load_at_start <- load_average()
say <- function(...) cat(format(Sys.time(), "%H:%M:%S"), ..., "\n")

set.seed(13)
boroughs <- sprintf("Borough %02d", 1:33)
cohorts <- c("Young Males", "Adult Males", "Mature Males", "MHLD", "Women")
cases <- data.frame(
  id = seq_len(N),
  borough = sample(boroughs, N, TRUE),
  cohort = sample(cohorts, N, TRUE),
  status = sample(c("Community", "Custody", "Licence"), N, TRUE))
cases$cohort[sample.int(N, N %/% 100)] <- NA

cohort <- data.frame(
  id = sample.int(2L * OFFENDERS, OFFENDERS),
  cohort_year = 2015L,
  index_date = as.Date("2015-01-01") + sample.int(365L, OFFENDERS, TRUE) - 1L)
who <- cohort$id[sample.int(OFFENDERS, OFFENCES, TRUE)]
committed <- cohort$index_date[match(who, cohort$id)] +
  sample(-400:700, OFFENCES, TRUE)
offences <- data.frame(
  id = who, offence_date = committed,
  proven_date = committed + sample(0:400, OFFENCES, TRUE))
offences$proven_date[stats::runif(OFFENCES) < 0.1] <- NA

connections <- list(sqlite = function() {
  DBI::dbConnect(RSQLite::SQLite(), tempfile(fileext = ".sqlite"))
})
if (nzchar(Sys.getenv("REOFFENDING_PG")) &&
    requireNamespace("RPostgreSQL", quietly = TRUE)) {
  connections$postgres <- function() {
    DBI::dbConnect(RPostgreSQL::PostgreSQL(), host = Sys.getenv("PGHOST"),
                   port = as.integer(Sys.getenv("PGPORT")),
                   user = Sys.getenv("PGUSER"),
                   dbname = Sys.getenv("PGDATABASE"))
  }
}

# The hand-written join: one statement, the dialect's own intervals.
hand_sql <- list(
  sqlite = "
    SELECT c.cohort_year, COUNT(*) AS offenders,
      SUM(CASE WHEN r.n > 0 THEN 1 ELSE 0 END) AS reoffenders,
      SUM(COALESCE(r.n, 0)) AS reoffences
    FROM cohort c LEFT JOIN (
      SELECT o.id, COUNT(*) AS n FROM offences o JOIN cohort c2 ON o.id = c2.id
      WHERE o.offence_date > c2.index_date
        AND o.offence_date <= julianday(c2.index_date + 2440587.5, '+12 months') - 2440587.5
        AND o.proven_date <= julianday(c2.index_date + 2440587.5, '+18 months') - 2440587.5
      GROUP BY o.id) r ON r.id = c.id
    GROUP BY c.cohort_year",
  postgres = "
    SELECT c.cohort_year, COUNT(*) AS offenders,
      SUM(CASE WHEN r.n > 0 THEN 1 ELSE 0 END) AS reoffenders,
      SUM(COALESCE(r.n, 0)) AS reoffences
    FROM cohort c LEFT JOIN (
      SELECT o.id, COUNT(*) AS n FROM offences o JOIN cohort c2 ON o.id = c2.id
      WHERE o.offence_date > c2.index_date
        AND o.offence_date <= c2.index_date + INTERVAL '1 year'
        AND o.proven_date <= c2.index_date + INTERVAL '18 months'
      GROUP BY o.id) r ON r.id = c.id
    GROUP BY c.cohort_year")

seconds <- function(m, i) as.numeric(m$median[i])
megabytes <- function(m, i) as.numeric(m$mem_alloc[i]) / 2^20
lines <- character()
for (db in names(connections)) {
  con <- connections[[db]]()
  say(db, ": writing", N, "cases")
  DBI::dbWriteTable(con, "cases", cases, overwrite = TRUE)
  remote <- suppressWarnings(tbl(con, "cases"))
  tenth <- filter(remote, id <= !!(N %/% 10))
  levels <- list(cohort = cohorts)
  ours <- cohort_table(remote, cohort, status, by = borough, levels = levels)
  theirs <- cohort_table(collect(remote), cohort, status, by = borough,
                         levels = levels)
  stopifnot(identical(ours, theirs))
  say(db, ": cohort_table")
  m <- bench::mark(
    remote = cohort_table(remote, cohort, status, by = borough,
                          levels = levels),
    collect_then_table = cohort_table(collect(remote), cohort, status,
                                      by = borough, levels = levels),
    dplyr_count = collect(count(remote, borough, cohort, status)),
    remote_tenth = cohort_table(tenth, cohort, status, by = borough,
                                levels = levels),
    iterations = ITER, check = FALSE, filter_gc = FALSE)
  print(m[, c("expression", "median", "mem_alloc")])
  lines <- c(lines, sprintf(
    "| %s | %s cases | %.2f s | %.2f s (%.1fx) | %.2f s (%.2fx) | %.1f MB | %.1f MB | %.1f MB (%s cases) |",
    db, format(N, big.mark = ","), seconds(m, 1), seconds(m, 2),
    seconds(m, 2) / seconds(m, 1), seconds(m, 3),
    seconds(m, 3) / seconds(m, 1), megabytes(m, 1), megabytes(m, 2),
    megabytes(m, 4), format(N %/% 10, big.mark = ",", scientific = FALSE)))

  say(db, ": writing", OFFENDERS, "offenders and", OFFENCES, "offences")
  DBI::dbWriteTable(con, "cohort", cohort, overwrite = TRUE)
  DBI::dbWriteTable(con, "offences", offences, overwrite = TRUE)
  DBI::dbExecute(con, "CREATE INDEX offences_id ON offences (id)")
  co <- suppressWarnings(tbl(con, "cohort"))
  of <- suppressWarnings(tbl(con, "offences"))
  rates <- reoffending_rates(proven_reoffending(co, of), by = cohort_year)
  stopifnot(identical(rates, reoffending_rates(
    proven_reoffending(cohort, offences), by = cohort_year)))
  hand <- DBI::dbGetQuery(con, hand_sql[[db]])
  say(db, ": proven_reoffending")
  p <- bench::mark(
    remote = reoffending_rates(proven_reoffending(co, of), by = cohort_year),
    hand_sql = DBI::dbGetQuery(con, hand_sql[[db]]),
    iterations = ITER, check = FALSE, filter_gc = FALSE)
  print(p[, c("expression", "median", "mem_alloc")])
  lines <- c(lines, sprintf(
    "| %s | %s offenders, %s offences | proven_reoffending + rates %.2f s | hand-written SQL %.2f s (%.2fx) | reoffenders %s vs %s (hand) |",
    db, format(OFFENDERS, big.mark = ","), format(OFFENCES, big.mark = ","),
    seconds(p, 1), seconds(p, 2), seconds(p, 2) / seconds(p, 1),
    format(rates$reoffenders), format(as.numeric(hand$reoffenders))))
  DBI::dbDisconnect(con)
}

cohort_lines <- lines[!grepl("offenders,", lines)]
join_lines <- lines[grepl("offenders,", lines)]
section <- c(
  SECTION, "",
  paste0("`Rscript bench/database.R` through `tools/with-postgres.sh`, ",
         format(Sys.time(), "%Y-%m-%d %H:%M %Z"), "; ", ITER,
         " iterations each, medians. Load average at start ", load_at_start,
         ", at end ", load_average(), " on a 2-core machine shared with ",
         "other sessions: ratios are of runs side by side, absolute times ",
         "are noisy. Sizes are below the issue's 10 million cases and ",
         "1 million offenders / 5 million offences so that each database ",
         "finishes in minutes on this shared machine (set BENCH_CASES, ",
         "BENCH_OFFENDERS, BENCH_OFFENCES for more)."), "",
  paste0("cohort_table(remote, cohort, status, by = borough) (495 cells ",
         "with Missing) against collect() then cohort_table(), and against ",
         "a hand-written dplyr count() collected (no table built). Memory ",
         "is R's allocation (bench's mem_alloc): the same for a tenth of ",
         "the cases as for all, as it grows with the cells, not the ",
         "records; collect() allocates for every record. A ratio is the ",
         "other's time over cohort_table(remote)'s: above 1, ours is ",
         "faster."), "",
  "| database | size | cohort_table(remote) | collect() + cohort_table() | dplyr count() | R memory, remote | R memory, collect | R memory, remote on a tenth |",
  "|---|---|---|---|---|---|---|---|",
  cohort_lines, "",
  paste0("proven_reoffending() on remote tables then reoffending_rates() ",
         "(windows as seq() does them, checks of ids and dates as extra ",
         "queries, all in the database), against one hand-written SQL ",
         "join with the database's own interval arithmetic (PostgreSQL ",
         "clamps 31 August + 6 months to 28 February, seq() rolls over to ",
         "3 March, hence counts that may differ). A ratio is the ",
         "hand-written time over ours: below 1, ours is slower."), "",
  "| database | size | ours | hand-written | check |",
  "|---|---|---|---|---|",
  join_lines)
write_results_section("bench/RESULTS.md", SECTION, section)
say("done")
