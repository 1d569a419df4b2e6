# Benchmarks for suppress_small() and disclosure_check() (issues 6 and 10).
#
# Run from the package root:  Rscript bench/disclosure.R
#
# Uses the installed reoffending (the first on .libPaths(), so R_LIBS is
# honoured). Times suppress_small() and its .Call alone on a borough panel
# (33 boroughs x 5 cohorts x 3 statuses, a block per borough) and on single
# 1,000 x 20 tables with few and with many small cells, times
# disclosure_check() on every result (intervals by lpSolve and flows in C),
# and writes the section "## Disclosure control (issues 6 and 10)" of
# bench/RESULTS.md (replacing that section if present, leaving other
# sections alone), beside the figures of the exact-recovery engine before
# issue 10 (git c615100, the same tables and seeds).
#
# Environment: BENCH_ITER (timed runs per expression, default 20).

if (!file.exists("bench/disclosure.R") || !file.exists("DESCRIPTION")) {
  stop("Run this from the package root: Rscript bench/disclosure.R")
}
for (p in c("reoffending", "bench")) {
  if (!nzchar(system.file(package = p))) stop("Package ", p, " is needed.")
}
source("bench/common.R")  # say, sh, md_table, yes_no, write_results_section
suppressPackageStartupMessages(library(reoffending))

ITER <- as.integer(Sys.getenv("BENCH_ITER", "20"))
SECTION <- "## Disclosure control (issues 6 and 10)"
OLD_SECTION <- "## Disclosure control (issue 6)"
RESULTS <- "bench/RESULTS.md"
started <- Sys.time()
load_start <- tryCatch(readLines("/proc/loadavg", 1L), error = function(e) "")

# ---- Tables -------------------------------------------------------------------

set.seed(6)
# Borough panel: 200,000 records, borough sizes from 1 to 33^2 (relative),
# cohorts and statuses as in the Lewisham caseload, so that small boroughs
# and the small cohorts (Mature Males, MHLD) give cells of 1 to 4.
n <- 200000L
records <- data.frame(
  borough = factor(sample(sprintf("Borough %02d", 1:33), n, replace = TRUE,
                          prob = (1:33)^4),
                   levels = sprintf("Borough %02d", 1:33)),
  cohort = factor(sample(c("Young Males", "Adult Males", "Mature Males",
                           "MHLD", "Women"), n, replace = TRUE,
                         prob = c(0.28, 0.50, 0.08, 0.005, 0.135)),
                  levels = c("Young Males", "Adult Males", "Mature Males",
                             "MHLD", "Women")),
  status = factor(sample(c("Community", "Custody", "Licence"), n,
                         replace = TRUE, prob = c(0.53, 0.21, 0.26))))
panel <- cohort_table(records, cohort, status, by = borough)

# A single table of nr x nc cells with margins; a share p_small of the cells
# holds 0 to 4, the rest 5 to 200.
wide_table <- function(nr, nc, p_small) {
  m <- matrix(ifelse(stats::runif(nr * nc) < p_small,
                     sample(0:4, nr * nc, replace = TRUE),
                     sample(5:200, nr * nc, replace = TRUE)), nr)
  tab <- rbind(cbind(m, rowSums(m)), c(colSums(m), sum(m)))
  d <- data.frame(area = c(sprintf("Area %04d", seq_len(nr)), "Total"), tab)
  names(d)[-1] <- c(sprintf("C%02d", seq_len(nc)), "Total")
  report_table(d)
}
few <- wide_table(1000, 20, 0.05)
many <- wide_table(1000, 20, 0.30)

tables <- list(
  list(name = "33 boroughs x 5 cohorts x 3 statuses (block per borough)",
       x = panel, check = TRUE),
  list(name = "1,000 x 20, 5% of cells 0-4", x = few, check = TRUE),
  list(name = "1,000 x 20, 30% of cells 0-4", x = many, check = TRUE)
)

# The .Call alone, on the structure suppress_small() builds.
c_call <- function(x) {
  s <- reoffending:::table_structure(x)
  v <- s$values
  status <- as.integer(v > 0 & v < 5)
  force(status)
  function() {
    .Call(reoffending:::C_suppress_secondary, as.double(v), status, s$nodes,
          s$is_total, s$n_nodes, 5, 1)
  }
}

# ---- Timing -------------------------------------------------------------------

rows <- list()
for (t in tables) {
  say("timing", t$name)
  safe <- suppress_small(t$x)
  counts <- table_record(t$x)$columns
  counts <- counts$name[counts$role == "count"]
  before <- as.matrix(as.data.frame(t$x)[counts])
  after <- as.matrix(as.data.frame(safe)[counts])
  call <- c_call(t$x)
  m <- bench::mark(suppress_small = suppress_small(t$x), c_search = call(),
                   iterations = ITER, check = FALSE, filter_gc = FALSE)
  check_time <- NA_real_
  problems <- NA_integer_
  if (t$check) {
    timing <- system.time(problems <- nrow(disclosure_check(safe)))
    check_time <- timing[["elapsed"]] * 1000
  }
  rows[[length(rows) + 1L]] <- data.frame(
    table = t$name,
    cells = length(before),
    primary = sum(before > 0 & before < 5),
    secondary = sum(is.na(after)) - sum(before > 0 & before < 5),
    median_ms = as.numeric(m$median[1]) * 1000,
    min_ms = as.numeric(m$min[1]) * 1000,
    c_median_ms = as.numeric(m$median[2]) * 1000,
    check_ms = check_time, problems = problems,
    stringsAsFactors = FALSE)
}
results <- do.call(rbind, rows)
load_end <- tryCatch(readLines("/proc/loadavg", 1L), error = function(e) "")

# ---- bench/RESULTS.md -----------------------------------------------------------

fmt <- function(x, digits = 1) {
  ifelse(is.na(x), "-", formatC(x, format = "f", digits = digits,
                                big.mark = ","))
}
table_md <- c(
  paste("| Table | Count cells | Primary | Secondary | suppress_small median",
        "(ms) | min (ms) | of which the C search, median (ms) |",
        "disclosure_check (ms) | Problems found |"),
  "|:---|---:|---:|---:|---:|---:|---:|---:|---:|",
  sprintf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |", results$table,
          fmt(results$cells, 0), fmt(results$primary, 0),
          fmt(results$secondary, 0), fmt(results$median_ms),
          fmt(results$min_ms), fmt(results$c_median_ms),
          fmt(results$check_ms), fmt(results$problems, 0)))
# The figures of the engine before issue 10 (exact recovery only), kept
# from the section it wrote, for comparison.
old_lines <- if (file.exists(RESULTS)) readLines(RESULTS, encoding = "UTF-8")
previous <- character()
at <- match(OLD_SECTION, old_lines)
if (is.na(at)) at <- match(SECTION, old_lines)
if (!is.na(at)) {
  rest <- old_lines[(at + 1L):length(old_lines)]
  end <- which(startsWith(rest, "## "))
  rest <- rest[seq_len(if (length(end)) end[1L] - 1L else length(rest))]
  kept <- grep("^\\| 33 boroughs|^\\| 1,000 x 20", rest, value = TRUE)
  if (length(kept) > 0L && !any(grepl("Before issue 10", rest))) {
    previous <- c(
      "Before issue 10 (git c615100, 2026-11-24; protection against exact recovery only, so fewer cells withheld):",
      "",
      "| Table | Count cells | Primary | Secondary | suppress_small median (ms) | min (ms) | of which the C search, median (ms) | disclosure_check (ms) | Problems found |",
      "|:---|---:|---:|---:|---:|---:|---:|---:|---:|",
      kept)
  } else {
    from <- match(TRUE, grepl("Before issue 10", rest))
    if (!is.na(from)) {
      previous <- rest[from:length(rest)]
      previous <- previous[seq_len(max(which(nzchar(previous))))]
    }
  }
}
git <- tryCatch(system2("git", c("rev-parse", "--short", "HEAD"),
                        stdout = TRUE, stderr = FALSE),
                error = function(e) "unknown")
section <- c(
  SECTION, "",
  sprintf("Generated by `Rscript bench/disclosure.R` on %s (%.1f s).",
          format(started, "%Y-%m-%d %H:%M %Z", tz = "UTC"),
          as.numeric(difftime(Sys.time(), started, units = "secs"))),
  "",
  sprintf("- R %s; reoffending %s from git %s, loaded from `%s`; bench %s",
          getRversion(), utils::packageVersion("reoffending"),
          paste(git, collapse = ""), find.package("reoffending"),
          utils::packageVersion("bench")),
  sprintf("- Load average (1, 5, 15 min) at start: %s; at end: %s",
          paste(strsplit(load_start, " ")[[1]][1:3], collapse = ", "),
          paste(strsplit(load_end, " ")[[1]][1:3], collapse = ", ")),
  sprintf(paste("- Method: `bench::mark(iterations = %d)`; threshold 5,",
                "zeros kept. The C search is `.Call(C_suppress_secondary)` on",
                "the structure `suppress_small()` builds (primary cells",
                "given): every withheld cell protected to an interval at",
                "least 5 wide, by maximum flows. `disclosure_check()` is",
                "timed once per table: one linear programme (lpSolve) per",
                "connected group of withheld cells for a consistent point,",
                "then every cell's interval by flows in C."),
          ITER),
  "- Data: the borough panel is `cohort_table()` of 200,000 synthetic records, borough sizes proportional to 1..33 to the fourth power; the wide tables hold random counts, 5% or 30% of them 0 to 4, the rest 5 to 200, with a Total row and column.",
  "",
  table_md,
  "",
  previous,
  ""
)
write_results_section(RESULTS, SECTION, section)
say("wrote", RESULTS)
print(results)
if (any(results$problems > 0, na.rm = TRUE)) {
  stop("disclosure_check() found problems in a suppressed table.")
}
