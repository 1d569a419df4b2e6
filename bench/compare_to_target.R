# Benchmark for compare_to_target() (issue 4).
#
# Run from the package root:  Rscript bench/compare_to_target.R
#
# Uses the *installed* reoffending. Generates N indicator rows (actual,
# target, elapsed, previous, a polarity per row; a tolerance for all), checks
# that compare_to_target(), the same rules written as vectorised base R and
# the same rules written with data.table give identical results, times them
# with bench::mark, measures the memory each allocates, and writes the
# section "## Targets (issue 4)" of bench/RESULTS.md (replacing that section
# if present, leaving other sections alone).
#
# Environment: BENCH_N (rows, default 1e7), BENCH_ITER (iterations per
# expression, default 5).

if (!file.exists("bench/compare_to_target.R") || !file.exists("DESCRIPTION")) {
  stop("Run this from the package root: Rscript bench/compare_to_target.R")
}
for (p in c("reoffending", "data.table", "bench")) {
  if (!requireNamespace(p, quietly = TRUE)) stop("Package ", p, " is needed.")
}
source("bench/common.R")  # say, sh, md_table, yes_no, write_results_section
suppressPackageStartupMessages({
  library(reoffending)
  library(data.table)
})

N <- as.integer(as.numeric(Sys.getenv("BENCH_N", "1e7")))
ITER <- as.integer(Sys.getenv("BENCH_ITER", "5"))
TOLERANCE <- 0.1
SECTION <- "## Targets (issue 4)"
RESULTS <- "bench/RESULTS.md"
started <- Sys.time()

load_at_start <- load_average()

# ---------------------------------------------------------------------------
# Indicator rows
# ---------------------------------------------------------------------------
make_rows <- function(n, seed = 20171130) {
  set.seed(seed)
  actual <- round(runif(n, 0, 120))
  actual[sample.int(n, n %/% 100)] <- NA          # 1% not yet reported
  previous <- round(runif(n, 0, 120))
  previous[sample.int(n, n %/% 100)] <- NA
  list(
    actual = actual,
    target = c(0, 10, 34, 50, 100, 108)[sample.int(6, n, replace = TRUE)],
    elapsed = c(0.25, 0.5, 7 / 12, 0.75, 1)[sample.int(5, n, replace = TRUE)],
    previous = previous,
    polarity = c("higher", "lower")[sample.int(2, n, replace = TRUE,
                                               prob = c(0.7, 0.3))]
  )
}

say("generating", format(N, big.mark = ","), "indicator rows")
x <- make_rows(N)
input_bytes <- sum(vapply(x, function(v) as.numeric(object.size(v)),
                          numeric(1)))
x_dt <- as.data.table(x) # a copy, so that data.table gets its own

# ---------------------------------------------------------------------------
# The same rules, vectorised base R and data.table
# ---------------------------------------------------------------------------
tick <- "\u2713"
cross <- "\u2717"
up <- "\u2191"
down <- "\u2193"

base_rules <- function(actual, target, elapsed, previous, polarity,
                       tolerance) {
  higher <- polarity == "higher"
  expected <- target * elapsed
  missing <- is.na(actual) | is.na(expected)
  pct <- actual / expected
  pct[missing | expected == 0] <- NA_real_
  reach <- function(ref) {
    slack <- 1e-9 * abs(ref)
    ifelse(higher, actual >= ref - slack, actual <= ref + slack)
  }
  on_track <- reach(expected)
  on_track[missing] <- NA
  met <- reach(target) & (higher | elapsed >= 1)
  met[missing] <- NA
  part_way <- elapsed < 1
  code <- ifelse(met, 1L, ifelse(part_way, ifelse(on_track, 3L, 4L), 2L))
  marker <- c(tick, cross, up, down)[code]
  amber <- reach(expected * ifelse(higher, 1 - tolerance, 1 + tolerance))
  rag <- c("Red", "Amber", "Green")[ifelse(on_track, 3L,
                                           ifelse(amber, 2L, 1L))]
  direction <- c("down", "same", "up")[sign(actual - previous) + 2L]
  improved <- ifelse(higher, actual > previous, actual < previous)
  data.frame(actual = actual, target = target, expected = expected,
             pct_of_target = pct, met = met, on_track = on_track,
             marker = marker, rag = rag, previous = previous,
             direction = direction, improved = improved,
             stringsAsFactors = FALSE)
}

dt_rules <- function(dt, tolerance) {
  dt[, c("expected", "pct_of_target", "met", "on_track", "marker", "rag",
         "direction", "improved") := {
    higher <- polarity == "higher"
    expected <- target * elapsed
    missing <- is.na(actual) | is.na(expected)
    slack <- 1e-9 * abs(expected)
    on_track <- fifelse(missing, NA,
                        fifelse(higher, actual >= expected - slack,
                                actual <= expected + slack))
    tslack <- 1e-9 * abs(target)
    met <- fifelse(missing, NA,
                   fifelse(higher, actual >= target - tslack,
                           elapsed >= 1 & actual <= target + tslack))
    ref <- expected * fifelse(higher, 1 - tolerance, 1 + tolerance)
    rslack <- 1e-9 * abs(ref)
    amber <- fifelse(higher, actual >= ref - rslack, actual <= ref + rslack)
    list(
      expected,
      fifelse(missing | expected == 0, NA_real_, actual / expected),
      met,
      on_track,
      fcase(missing, NA_character_, met, tick, elapsed < 1 & on_track, up,
            elapsed < 1, down, default = cross),
      fcase(missing, NA_character_, on_track, "Green", amber, "Amber",
            default = "Red"),
      fcase(is.na(actual) | is.na(previous), NA_character_,
            actual > previous, "up", actual < previous, "down",
            default = "same"),
      fifelse(higher, actual > previous, actual < previous)
    )
  }]
}

# ---------------------------------------------------------------------------
# Agreement
# ---------------------------------------------------------------------------
say("checking agreement")
columns <- c("actual", "target", "expected", "pct_of_target", "met",
             "on_track", "marker", "rag", "previous", "direction",
             "improved")
ours <- as.data.frame(compare_to_target(x$actual, x$target, x$elapsed,
                                        x$previous, x$polarity, TOLERANCE))
base <- base_rules(x$actual, x$target, x$elapsed, x$previous, x$polarity,
                   TOLERANCE)
dt_rules(x_dt, TOLERANCE)
raw <- .Call(reoffending:::C_compare_to_target, x$actual, x$target,
             x$elapsed, x$previous, x$polarity, TOLERANCE)
same_columns <- function(a) {
  all(vapply(columns, function(k) identical(a[[k]], ours[[k]]),
             logical(1)))
}
checks <- list(
  "vectorised base R" = same_columns(base),
  "data.table" = same_columns(x_dt),
  ".Call(C_compare_to_target)" = all(vapply(
    intersect(names(raw), columns),
    function(k) identical(raw[[k]], ours[[k]]), logical(1)))
)
markers <- table(ours$marker, useNA = "ifany")
rags <- table(ours$rag, useNA = "ifany")
for (nm in names(checks)) {
  say(sprintf("  %-30s %s", nm, if (checks[[nm]]) "agrees" else "DISAGREES"))
}
rm(ours, base, raw)
x_dt[, c("expected", "pct_of_target", "met", "on_track", "marker", "rag",
         "direction", "improved") := NULL]

# ---------------------------------------------------------------------------
# Timings
# ---------------------------------------------------------------------------
# One bench::mark per expression, after a full gc(); GCs during an
# expression are kept in its times and counted.
exprs <- list(
  "reoffending::compare_to_target" =
    quote(compare_to_target(x$actual, x$target, x$elapsed, x$previous,
                            x$polarity, TOLERANCE)),
  "  of which .Call(C_compare_to_target)" =
    quote(.Call(reoffending:::C_compare_to_target, x$actual, x$target,
                x$elapsed, x$previous, x$polarity, TOLERANCE)),
  "vectorised base R" =
    quote(base_rules(x$actual, x$target, x$elapsed, x$previous, x$polarity,
                     TOLERANCE)),
  "data.table (fifelse, fcase)" = quote(dt_rules(x_dt, TOLERANCE))
)

say("timing,", ITER, "iterations each")
timings <- do.call(rbind, lapply(names(exprs), function(nm) {
  invisible(gc())
  bm <- bench::mark(exprs = stats::setNames(list(exprs[[nm]]), nm),
                    iterations = ITER, check = FALSE, memory = FALSE,
                    filter_gc = FALSE, env = globalenv())
  t <- as.numeric(bm$time[[1]])
  say(sprintf("  %-40s median %9.1f ms", nm, 1000 * stats::median(t)))
  data.frame(what = nm, median_ms = 1000 * stats::median(t),
             min_ms = 1000 * min(t), n_gc = sum(bm$n_gc),
             stringsAsFactors = FALSE)
}))
t_ours <- timings$median_ms[1L]
timings$ratio <- timings$median_ms / t_ours

# Bytes allocated on the R heap (bench's mem_alloc, via Rprofmem): the
# results, plus any intermediate vectors.
say("measuring memory")
memory <- vapply(names(exprs), function(nm) {
  invisible(gc())
  bm <- bench::mark(exprs = stats::setNames(list(exprs[[nm]]), nm),
                    iterations = 1, check = FALSE, memory = TRUE,
                    filter_gc = FALSE, env = globalenv())
  as.numeric(bm$mem_alloc)
}, numeric(1))
if (!"expected" %in% names(x_dt)) stop("data.table did not add columns")

# ---------------------------------------------------------------------------
# Targets and RESULTS.md
# ---------------------------------------------------------------------------
med <- function(what) timings$median_ms[timings$what == what]
vs_base <- med("vectorised base R") / t_ours
vs_dt <- med("data.table (fifelse, fcase)") / t_ours
# The results alone, per row: expected and pct_of_target (doubles), met,
# on_track and improved (logicals), marker, rag and direction (pointers into
# R's string cache). The actual, target and previous columns of the result
# are the inputs themselves.
result_bytes <- N * (2 * 8 + 3 * 4 + 3 * 8)
count_text <- function(tab) {
  paste(sprintf("%s %s", ifelse(is.na(names(tab)), "NA", names(tab)),
                format(as.vector(tab), big.mark = ",", trim = TRUE)),
        collapse = ", ")
}
cpu <- sub(".*:\\s*", "", sh("grep -m1 'model name' /proc/cpuinfo"))
mem_kb <- as.numeric(sub("\\D*(\\d+).*", "\\1",
                         sh("grep MemTotal /proc/meminfo")))
commit <- sh("git rev-parse --short HEAD")
dirty <- sh("git status --porcelain -- R src DESCRIPTION NAMESPACE")
pkgs <- c("reoffending", "data.table", "bench")
versions <- paste(sprintf("%s %s", pkgs, vapply(pkgs, function(p)
  as.character(utils::packageVersion(p)), character(1))), collapse = ", ")

targets <- data.frame(
  target = c("compare_to_target at least 3x faster than vectorised base R",
             "compare_to_target at least 3x faster than data.table",
             "no intermediate copies of the inputs"),
  measured = c(sprintf("base R / compare_to_target = %.2fx", vs_base),
               sprintf("data.table / compare_to_target = %.2fx", vs_dt),
               sprintf(paste("allocates %s for %s of input; the results",
                             "alone take %s"),
                       fmt_b(memory[[1L]]), fmt_b(input_bytes),
                       fmt_b(result_bytes))),
  met = c(yes_no(vs_base >= 3), yes_no(vs_dt >= 3),
          yes_no(memory[[1L]] <= result_bytes + 1024^2)),
  stringsAsFactors = FALSE
)
time_md <- md_table(data.frame(
  Expression = ifelse(grepl("^  ", timings$what),
                      paste0("&nbsp;&nbsp;", trimws(timings$what)),
                      paste0("`", timings$what, "`")),
  `Median (ms)` = sprintf("%.1f", timings$median_ms),
  `Min (ms)` = sprintf("%.1f", timings$min_ms),
  `Ratio (time / ours)` = sprintf("%.2f", timings$ratio),
  GCs = timings$n_gc,
  `Allocated` = fmt_b(memory),
  check.names = FALSE, stringsAsFactors = FALSE
), c("l", "r", "r", "r", "r", "r"))
check_md <- md_table(data.frame(
  Result = names(checks),
  `Identical to compare_to_target` = ifelse(unlist(checks), "yes", "**NO**"),
  check.names = FALSE, stringsAsFactors = FALSE
), c("l", "l"))

section <- c(
  SECTION,
  "",
  sprintf("Generated by `Rscript bench/compare_to_target.R` on %s (%.1f min).",
          format(Sys.time(), "%Y-%m-%d %H:%M %Z"),
          as.numeric(difftime(Sys.time(), started, units = "mins"))),
  "",
  sprintf("- Machine: `nproc` = %s; %s; %.0f GiB RAM; %s", sh("nproc"), cpu,
          mem_kb / 1024^2, sh("uname -sr")),
  sprintf(paste("- Load average (1, 5, 15 min) at the start: %s; at the",
                "end: %s. Above 2 on this 2-core machine, other processes",
                "were competing, which lengthens every time here; the",
                "ratios, taken in the same run, are less affected."),
          load_at_start, load_average()),
  sprintf("- %s; %s", R.version.string, versions),
  sprintf("- reoffending from git %s%s, as installed in %s", commit,
          if (nzchar(dirty)) " (with uncommitted changes to R/ or src/)" else
            "", dirname(find.package("reoffending"))),
  sprintf(paste("- data.table threads: %d (its default); reoffending is",
                "single-threaded"), data.table::getDTthreads()),
  sprintf(paste("- Data: %s indicator rows: `actual` and `previous` whole",
                "numbers 0 to 120 (1%% NA each), `target` one of 0, 10, 34,",
                "50, 100, 108, `elapsed` one of 1/4, 1/2, 7/12, 3/4, 1,",
                "`polarity` \"higher\" (70%%) or \"lower\" per row, all",
                "doubles or character; `tolerance` = %s for all. Input: %s."),
          format(N, big.mark = ","), TOLERANCE, fmt_b(input_bytes)),
  paste("- The rules (expected, pct_of_target, met, on_track, marker, RAG,",
        "direction, improved) are written three ways: `compare_to_target()`",
        "(one pass in C, returning a report_table), vectorised base R",
        "(`ifelse`, indexing; returns a data.frame) and data.table",
        "(`fifelse`, `fcase`, adding the columns by reference)."),
  sprintf(paste("- Method: one `bench::mark(iterations = %d, check = FALSE,",
                "memory = FALSE, filter_gc = FALSE)` per expression after a",
                "full `gc()`; median and min wall time; then one iteration",
                "with `memory = TRUE` for the bytes allocated on the R heap",
                "(Rprofmem). Ratio = time of the row / time of",
                "compare_to_target, so > 1 means compare_to_target is",
                "faster."), ITER),
  "",
  "### Targets",
  "",
  md_table(targets, c("l", "l", "l")),
  "",
  "### Timings",
  "",
  time_md,
  "",
  "### Agreement",
  "",
  paste0("Every column of each result was compared with `identical()`",
         " against compare_to_target's. Markers in the data: ",
         count_text(markers), "; RAG: ", count_text(rags), "."),
  "",
  check_md,
  ""
)

write_results_section(RESULTS, SECTION, section)
print(targets, right = FALSE, row.names = FALSE)
say("wrote", RESULTS)
if (!all(unlist(checks))) {
  stop("Some results disagree; see the Agreement table.")
}
