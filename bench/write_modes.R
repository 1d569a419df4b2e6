# What the choice of libxlsxwriter mode costs write_report() (issue 11):
# a 1,000,000-row x 10-column table written with the workbook built in
# memory (standard mode: Excel table objects) and streamed to disk
# (constant-memory mode: libxlsxwriter cannot add table objects), each run
# in a process of its own under /usr/bin/time -v.
#
# Run from the package root:  Rscript bench/write_modes.R
# Uses the installed reoffending (R_LIBS is honoured). Environment: BENCH_N
# (rows, default 1e6), BENCH_ROUNDS (runs per mode, default 2). Prints the
# figures; bench/RESULTS.md's section "Excel: table objects or streaming
# (issue 11)" records them.
#
# The worker (`--worker MODE OUT.xlsx`) sets the streaming threshold
# (option reoffending.stream_cells) to 0 (stream) or Inf (in memory), so
# both modes run the same code on the same data.

make_data <- function(n, seed = 20161130) {
  set.seed(seed)
  boroughs <- c("Barnet", "Brent", "Camden", "Croydon", "Ealing", "Enfield",
                "Hackney", "Harrow", "Lambeth", "Lewisham", "Newham",
                "Southwark", "Sutton", "Westminster")
  borough <- sample(boroughs, n, replace = TRUE)
  team <- paste(borough, sample.int(100L, n, replace = TRUE))
  start <- as.Date("2014-01-01") + sample.int(3000L, n, replace = TRUE)
  offenders <- sample.int(5000L, n, replace = TRUE)
  reoffenders <- as.integer(round(offenders * stats::runif(n, 0.1, 0.5)))
  data.frame(
    borough = borough, team = team, start_date = start,
    review_date = start + sample.int(365L, n, replace = TRUE),
    offenders = offenders, reoffenders = reoffenders,
    reoffences = reoffenders * sample.int(6L, n, replace = TRUE),
    share_reoffending = reoffenders / offenders,
    share_custody = stats::runif(n), share_licence = stats::runif(n) / 2,
    stringsAsFactors = FALSE)
}

source("bench/common.R")  # status_kb

args <- commandArgs(trailingOnly = TRUE)
n <- as.numeric(Sys.getenv("BENCH_N", "1e6"))

if (length(args) >= 1L && args[1L] == "--worker") {
  suppressPackageStartupMessages(library(reoffending))
  mode <- args[2L]
  out <- args[3L]
  options(reoffending.stream_cells = if (mode == "stream") 0 else Inf)
  d <- report_table(make_data(n),
                    roles = c(offenders = "count", reoffenders = "count",
                              reoffences = "count",
                              share_reoffending = "proportion",
                              share_custody = "proportion",
                              share_licence = "proportion"),
                    units = c(offenders = "events", reoffenders = "events",
                              reoffences = "events"))
  gc()
  baseline <- status_kb("VmRSS")
  start <- proc.time()[["elapsed"]]
  write_report(list(Records = d), out, title = "Modes", overwrite = TRUE)
  took <- proc.time()[["elapsed"]] - start
  tables <- grep("^xl/tables/", utils::unzip(out, list = TRUE)$Name,
                 value = TRUE)
  cat(sprintf("RESULT write_s=%.2f baseline_kb=%.0f tables=%d file_mb=%.1f\n",
              took, baseline, length(tables), file.size(out) / 2^20))
  quit(save = "no")
}

rounds <- as.integer(Sys.getenv("BENCH_ROUNDS", "2"))
script <- "bench/write_modes.R"
out <- tempfile(fileext = ".xlsx")
rows <- list()
for (round in seq_len(rounds)) {
  for (mode in if (round %% 2L) c("memory", "stream") else
       c("stream", "memory")) {
    log <- system2("/usr/bin/time",
                   c("-v", file.path(R.home("bin"), "Rscript"), script,
                     "--worker", mode, out), stdout = TRUE, stderr = TRUE)
    result <- grep("^RESULT", log, value = TRUE)
    field <- function(name) as.numeric(sub(
      paste0(".*", name, "=([0-9.]+).*"), "\\1", result))
    peak <- as.numeric(sub(".*: ", "", grep("Maximum resident set size",
                                            log, value = TRUE)))
    rows[[length(rows) + 1L]] <- data.frame(
      mode = mode, round = round, write_s = field("write_s"),
      peak_mib = peak / 1024, baseline_mib = field("baseline_kb") / 1024,
      tables = field("tables"), file_mib = field("file_mb"))
    print(rows[[length(rows)]])
  }
}
rows <- do.call(rbind, rows)
rows$over_mib <- rows$peak_mib - rows$baseline_mib
cat("\nMedians by mode:\n")
print(aggregate(cbind(write_s, peak_mib, baseline_mib, over_mib, tables,
                      file_mib) ~ mode, rows, stats::median))
cat("load average:", readLines("/proc/loadavg"), "\n")
unlink(out)
