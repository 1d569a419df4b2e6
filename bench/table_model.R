# Benchmark for the table model (issue 9): do the record, its validator and
# write_report()'s policy by role leave cohort_table() and write_report() no
# slower? The package as it is (the installed one, first on .libPaths())
# against the package before the table model (a git revision, installed into
# a library of its own), in the same run, each call in its own process,
# round robin.
#
# Run from the package root:  Rscript bench/table_model.R
# Environment: BENCH_OLD_REV (default f9cb1e4, the last commit before the
# table model), BENCH_N (records for cohort_table(), default 1e7),
# BENCH_ROWS (rows of the written table, default 1e6), BENCH_ROUNDS
# (default 3).
#
# The written table is 1e6 rows x 10 columns (2 text, 3 counts of events, 3
# proportions, 2 more counts of events), stated as events so that neither
# version suppresses anything: the two writers do the same work, and the
# time is what the record costs (inference, validation, formats by role).

args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1L && args[1L] == "--worker") {
  lib <- args[2L]
  what <- args[3L]
  data_path <- args[4L]
  if (nzchar(lib)) .libPaths(c(lib, .libPaths()))
  suppressPackageStartupMessages(library(reoffending))
  d <- readRDS(data_path)
  new_model <- "table_record" %in% getNamespaceExports("reoffending")
  gc()
  if (what == "cohort_table") {
    t <- system.time(tab <- cohort_table(d, borough, status, by = cohort))
    stopifnot(sum(tab$Total[tab$borough == "Total"]) == nrow(d))
  } else {
    roles <- c(a = "count", b = "count", c = "count", p = "percent",
               q = "percent", s = "percent", e = "count", f = "count")
    out <- tempfile(fileext = ".xlsx")
    t <- system.time({
      tab <- if (new_model) {
        report_table(d, roles = roles,
                     units = stats::setNames(rep("events", 5),
                                             c("a", "b", "c", "e", "f")),
                     totals = FALSE)
      } else {
        report_table(d, roles = roles)
      }
      write_report(list(Records = tab), out, title = "Bench")
    })
    unlink(out)
  }
  cat(t[["elapsed"]], "\n")
  quit(save = "no")
}

source("bench/common.R")
old_rev <- Sys.getenv("BENCH_OLD_REV", "f9cb1e4")
n <- as.numeric(Sys.getenv("BENCH_N", "1e7"))
rows <- as.numeric(Sys.getenv("BENCH_ROWS", "1e6"))
rounds <- as.integer(Sys.getenv("BENCH_ROUNDS", "3"))

old_lib <- file.path(tempdir(), "old-lib")
old_src <- file.path(tempdir(), "old-src")
dir.create(old_lib)
system2("git", c("worktree", "add", "--detach", old_src, old_rev))
status <- system2(file.path(R.home("bin"), "R"),
                  c("CMD", "INSTALL", "--no-multiarch",
                    paste0("--library=", old_lib), old_src),
                  stdout = FALSE, stderr = FALSE)
stopifnot(status == 0L)

set.seed(20161130)
records <- data.frame(
  borough = factor(sample(sprintf("Borough %02d", 1:33), n, TRUE)),
  status = factor(sample(c("Community", "Custody", "Licence"), n, TRUE)),
  cohort = factor(sample(c("Young Males", "Adult Males", "Mature Males",
                           "MHLD", "Women"), n, TRUE)))
records_path <- tempfile(fileext = ".rds")
saveRDS(records, records_path, compress = FALSE)
sheet <- data.frame(
  borough = sample(sprintf("Borough %02d", 1:33), rows, TRUE),
  team = sprintf("Team %07d", seq_len(rows)),
  a = sample.int(5000, rows, TRUE), b = sample.int(5000, rows, TRUE),
  c = sample.int(5000, rows, TRUE), p = stats::runif(rows),
  q = stats::runif(rows), s = stats::runif(rows),
  e = sample.int(50, rows, TRUE), f = sample.int(50, rows, TRUE),
  stringsAsFactors = FALSE)
sheet_path <- tempfile(fileext = ".rds")
saveRDS(sheet, sheet_path, compress = FALSE)

run <- function(lib, what, data) {
  out <- system2(file.path(R.home("bin"), "Rscript"),
                 c("bench/table_model.R", "--worker", shQuote(lib), what,
                   data), stdout = TRUE)
  as.numeric(out[length(out)])
}
versions <- c(before = old_lib, now = "")
times <- list()
for (what in c("cohort_table", "write_report")) {
  data <- if (what == "cohort_table") records_path else sheet_path
  for (r in seq_len(rounds)) {
    order <- if (r %% 2 == 1L) names(versions) else rev(names(versions))
    for (v in order) {
      times[[paste(what, v)]] <- c(times[[paste(what, v)]],
                                   run(versions[[v]], what, data))
    }
  }
}

system2("git", c("worktree", "remove", "--force", old_src))
load <- readLines("/proc/loadavg")
line <- function(what) {
  before <- times[[paste(what, "before")]]
  now <- times[[paste(what, "now")]]
  sprintf("| %s | %.2f | %.2f | %.2f | %.2f |", what, median(before),
          median(now), median(now) / median(before), min(now) / min(before))
}
section <- c(
  "## The table model (issue 9)", "",
  paste0("Written by `bench/table_model.R`: the package as it is against ",
         "revision ", old_rev, " (before the table model), in the same ",
         "run, each call in its own process, ", rounds, " rounds, round ",
         "robin. `cohort_table()`: ", format(n, big.mark = ",",
                                             scientific = FALSE),
         " records, borough x status by cohort. `write_report()`: a ",
         format(rows, big.mark = ",", scientific = FALSE), "-row x 10-column ",
         "table of events (nothing suppressed in either version), ",
         "report_table() and the write timed together. Load average at ",
         "the end: ", sub(" .*", "", load), "; ", parallel::detectCores(),
         " cores."), "",
  "| call | before (s, median) | now (s, median) | now / before (median) | now / before (min) |",
  "|---|---|---|---|---|",
  line("cohort_table"), line("write_report"), "",
  paste("A ratio of 1 is no slower. The checks of the table model",
        "(inference from values, the validator, matching cells by key)",
        "run on the table, not on the records, so cohort_table() pays",
        "for them once per group, not once per record."), "")
write_results_section("bench/RESULTS.md", "## The table model (issue 9)",
                      section)
cat(section, sep = "\n")
