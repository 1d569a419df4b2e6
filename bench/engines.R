# Benchmarks of issue 17: the C engines on all cores, the id join in C,
# the writer's format look-up, and how each engine's cost grows.
#
# Run from the package root:  Rscript bench/engines.R
#
# Uses the installed reoffending (the first on .libPaths(), so R_LIBS is
# honoured). In one run, for ratios:
#   * cohort_table() and needs_profile() on BENCH_N records (default 1e7),
#     with 2 threads and 1, against collapse::qtab and collapse::fsum (with
#     nthreads 1 and 2) and the bare loops of bench/bare_count.c (counts, one
#     thread) and bench/bare_flags.c (flag sums, one thread and two);
#   * proven_reoffending() for BENCH_OFFENDERS offenders (default 1e6) with 5
#     offences each, integer and character ("P00123456") ids, against a
#     data.table equi-join on id and a filter (2 threads) and the bare C
#     join and window of bench/bare_join.c (integer ids); the id join in C
#     against match();
#   * compare_to_target() on BENCH_N rows, 2 threads and 1;
#   * write_report() of a compare_to_target() table of BENCH_TARGET_ROWS rows
#     (default 1e5) with and without its marker and RAG columns;
#   * scaling: counts 1e4 .. BENCH_MAX_COUNTS records, reoffending 1e4 ..
#     BENCH_MAX_OFFENDERS offenders x 5 offences, writer 1e3 ..
#     BENCH_MAX_ROWS rows: time per record and memory R allocated.
# and writes the section "## Engines on all cores (issue 17)" of
# bench/RESULTS.md. BENCH_ITER: timed runs per expression (default 5).

if (!file.exists("bench/engines.R") || !file.exists("DESCRIPTION")) {
  stop("Run this from the package root: Rscript bench/engines.R")
}
for (p in c("reoffending", "collapse", "data.table", "bench")) {
  if (!nzchar(system.file(package = p))) stop("Package ", p, " is needed.")
}
source("bench/common.R")
suppressPackageStartupMessages({
  library(reoffending)
  library(data.table)
})
env_num <- function(name, default) as.numeric(Sys.getenv(name, default))
N <- env_num("BENCH_N", "1e7")
OFFENDERS <- env_num("BENCH_OFFENDERS", "1e6")
TARGET_ROWS <- env_num("BENCH_TARGET_ROWS", "1e5")
MAX_COUNTS <- env_num("BENCH_MAX_COUNTS", "1e7")
MAX_OFFENDERS <- env_num("BENCH_MAX_OFFENDERS", "1e6")
MAX_ROWS <- env_num("BENCH_MAX_ROWS", "1e5")
ITER <- as.integer(env_num("BENCH_ITER", "5"))
SECTION <- "## Engines on all cores (issue 17)"
load_start <- load_average()
started <- Sys.time()
setDTthreads(2L)

# Medians (seconds) and R memory of expressions, timed together; then the
# CPU seconds (all threads) of one more run of each, since the clock of a
# shared machine counts the other jobs' turns too.
timings <- function(..., iterations = ITER) {
  m <- bench::mark(..., iterations = iterations, check = FALSE,
                   filter_gc = FALSE, memory = TRUE)
  exprs <- as.list(substitute(list(...)))[-1L]
  env <- parent.frame()
  cpu <- vapply(exprs, function(e) {
    t <- system.time(eval(e, env))
    t[["user.self"]] + t[["sys.self"]]
  }, numeric(1))
  data.frame(what = ...names(), median = as.numeric(m$median),
             min = as.numeric(m$min), cpu = cpu,
             mem = as.numeric(m$mem_alloc))
}
threads <- function(n, value) {
  old <- options(reoffending.threads = n)
  on.exit(options(old))
  value
}
ms <- function(s) sprintf("%.1f", s * 1000)
ratio <- function(tab, a, b) tab$median[tab$what == a] / tab$median[tab$what == b]

# ---- Counts and flag sums ------------------------------------------------------

bare_count3 <- bare_symbols("bench/bare_count.c", "bare_count3")[[1L]]
bare_flags <- bare_symbols("bench/bare_flags.c",
                           c("bare_sum_flags", "bare_sum_flags_omp"),
                           openmp = TRUE)
bare_follow_up <- bare_symbols("bench/bare_join.c", "bare_follow_up")[[1L]]

records <- function(n, seed = 17) {
  set.seed(seed)
  draw <- function(k, prob = NULL) {
    structure(sample.int(k, n, TRUE, prob), levels = sprintf("L%02d", 1:k),
              class = "factor")
  }
  d <- list(borough = draw(33, runif(33, 0.3, 1)),
            cohort = draw(5, c(0.22, 0.38, 0.15, 0.10, 0.15)),
            status = draw(3, c(0.55, 0.15, 0.30)))
  assessed <- runif(n) >= 0.3
  for (j in 1:10) {
    x <- runif(n) < j / 20
    x[!assessed | runif(n) < 0.02] <- NA
    d[[sprintf("need_%02d", j)]] <- x
  }
  structure(d, class = "data.frame", row.names = c(NA_integer_, -n))
}
needs <- sprintf("need_%02d", 1:10)
nlev <- c(5L, 3L, 33L)

say("counts:", format(N, big.mark = ","), "records")
d <- records(N)
raw <- .Call(reoffending:::C_count_groups, list(d$cohort, d$status,
                                                d$borough), nlev)
agree_counts <- identical(
  as.integer(array(raw, nlev + 1L)[1:5, 1:3, 1:33]),
  .Call(bare_count3, d$cohort, d$status, d$borough, nlev))
counts <- timings(
  `cohort_table(), 2 threads` = threads(2, cohort_table(d, cohort, status,
                                                        by = borough)),
  `cohort_table(), 1 thread` = threads(1, cohort_table(d, cohort, status,
                                                       by = borough)),
  `C_count_groups, 2 threads` = threads(2, .Call(
    reoffending:::C_count_groups, list(d$cohort, d$status, d$borough), nlev)),
  `C_count_groups, 1 thread` = threads(1, .Call(
    reoffending:::C_count_groups, list(d$cohort, d$status, d$borough), nlev)),
  `bare C loop (1 thread)` = .Call(bare_count3, d$cohort, d$status,
                                   d$borough, nlev),
  `collapse::qtab` = collapse::qtab(d$borough, d$cohort, d$status))

say("flag sums")
group <- as.integer(d$borough)
ours_sums <- .Call(reoffending:::C_sum_flags, as.list(d[needs]), group, 33L)
fsums <- collapse::fsum(as.list(d[needs]), g = d$borough, na.rm = TRUE,
                        fill = TRUE)
bare_sums <- .Call(bare_flags$bare_sum_flags, as.list(d[needs]), group, 33L)
agree_needs <- isTRUE(all.equal(unname(ours_sums$sums[1:33, ]),
                                unname(as.matrix(as.data.frame(fsums))))) &&
  identical(as.numeric(bare_sums), c(ours_sums$sums[1:33, ],
                                     ours_sums$assessed[1:33]))
sums <- timings(
  `needs_profile(), 2 threads` = threads(2, needs_profile(
    d, all_of(needs), by = borough)),
  `needs_profile(), 1 thread` = threads(1, needs_profile(
    d, all_of(needs), by = borough)),
  `C_sum_flags, 2 threads` = threads(2, .Call(
    reoffending:::C_sum_flags, as.list(d[needs]), group, 33L)),
  `C_sum_flags, 1 thread` = threads(1, .Call(
    reoffending:::C_sum_flags, as.list(d[needs]), group, 33L)),
  `collapse::fsum, nthreads = 1` = collapse::fsum(
    as.list(d[needs]), g = d$borough, na.rm = TRUE, nthreads = 1L),
  `collapse::fsum, nthreads = 2` = collapse::fsum(
    as.list(d[needs]), g = d$borough, na.rm = TRUE, nthreads = 2L),
  `bare C loop (1 thread)` = .Call(bare_flags$bare_sum_flags,
                                   as.list(d[needs]), group, 33L),
  `bare C loop (2 threads)` = .Call(bare_flags$bare_sum_flags_omp,
                                    as.list(d[needs]), group, 33L, 2L))

say("targets")
set.seed(171)
actual <- as.double(sample(0:200, N, TRUE))
target <- as.double(sample(50:150, N, TRUE))
previous <- as.double(sample(0:200, N, TRUE))
targets <- timings(
  `C_compare_to_target, 2 threads` = threads(2, .Call(
    reoffending:::C_compare_to_target, actual, target, 0.5, previous,
    "higher", 0.1)),
  `C_compare_to_target, 1 thread` = threads(1, .Call(
    reoffending:::C_compare_to_target, actual, target, 0.5, previous,
    "higher", 0.1)))
rm(d, actual, target, previous, group)
invisible(gc())

# ---- Proven reoffending --------------------------------------------------------

follow_up_data <- function(n, per = 5, character_ids = FALSE, seed = 1122) {
  set.seed(seed)
  ids <- sample.int(2L * n, n)
  cohort <- data.frame(
    id = ids, index_date = as.Date("2015-01-01") + sample.int(365L, n, TRUE))
  m <- per * n
  who <- cohort$id[sample.int(n, m, TRUE)]
  outside <- runif(m) < 0.1
  who[outside] <- 2L * as.integer(n) + sample.int(n, sum(outside), TRUE)
  base <- cohort$index_date[match(who, cohort$id)]
  base[is.na(base)] <- as.Date("2015-07-01")
  committed <- base + sample(-400:700, m, TRUE)
  proven <- committed + sample(0:400, m, TRUE)
  proven[runif(m) < 0.1] <- NA
  offences <- data.frame(id = who, offence_date = committed,
                         proven_date = proven)
  if (character_ids) {
    cohort$id <- sprintf("P%08d", cohort$id)
    offences$id <- sprintf("P%08d", offences$id)
  }
  list(cohort = cohort, offences = offences)
}

# The data.table way (bars-style): an equi-join on id, then the window as a
# filter, counted by id; the period ends given as columns (their calendar
# arithmetic is not timed).
dt_inputs <- function(x) {
  ends <- reoffending:::period_ends(x$cohort$index_date,
                                    list(n = 1, unit = "year"),
                                    list(n = 6, unit = "month"))
  list(c = data.table(id = x$cohort$id, index_date = x$cohort$index_date,
                      fu_end = as.Date(ends$follow_up, origin = "1970-01-01"),
                      wait_end = as.Date(ends$waiting, origin = "1970-01-01")),
       o = as.data.table(x$offences))
}
dt_join_filter <- function(c, o) {
  o[c, on = "id", nomatch = 0L][
    offence_date > index_date & offence_date <= fu_end &
      !is.na(proven_date) & proven_date <= wait_end, .N, by = id]
}

reoffending_rows <- list()
for (kind in c("integer", "character")) {
  say("proven_reoffending:", format(OFFENDERS, big.mark = ","),
      "offenders,", kind, "ids")
  x <- follow_up_data(OFFENDERS, character_ids = kind == "character")
  dt <- dt_inputs(x)
  ours <- proven_reoffending(x$cohort, x$offences)
  theirs <- dt_join_filter(dt$c, dt$o)
  # The bare floor's inputs, as plain vectors made before the timing.
  plain <- lapply(list(x$cohort$index_date, dt$c$fu_end, dt$c$wait_end,
                       x$offences$offence_date, x$offences$proven_date),
                  function(v) as.double(unclass(v)))
  bare <- function() {
    .Call(bare_follow_up, x$cohort$id, plain[[1L]], plain[[2L]], plain[[3L]],
          x$offences$id, plain[[4L]], plain[[5L]], 3L * as.integer(OFFENDERS))
  }
  n_ours <- ours$reoffences[ours$reoffences > 0]
  names(n_ours) <- ours$id[ours$reoffences > 0]
  agree <- identical(sort(names(n_ours)), sort(as.character(theirs$id))) &&
    identical(unname(n_ours[as.character(theirs$id)]), theirs$N)
  tab <- timings(
    `proven_reoffending(), 2 threads` = threads(2, proven_reoffending(
      x$cohort, x$offences)),
    `proven_reoffending(), 1 thread` = threads(1, proven_reoffending(
      x$cohort, x$offences)),
    `data.table join + filter (2 threads)` = dt_join_filter(dt$c, dt$o),
    `id join in C, 2 threads` = threads(2, reoffending:::id_match(
      x$offences$id, x$cohort$id)),
    `id join in C, 1 thread` = threads(1, reoffending:::id_match(
      x$offences$id, x$cohort$id)),
    `match()` = match(x$offences$id, x$cohort$id),
    `bare C join and window (1 thread)` = if (kind == "integer") bare())
  if (kind == "integer") {
    agree <- agree && identical(bare(), ours$reoffences)
  } else {
    tab <- tab[tab$what != "bare C join and window (1 thread)", ]
  }
  tab$kind <- kind
  tab$agree <- agree
  reoffending_rows[[kind]] <- tab
  rm(x, dt, ours, theirs, plain)
  invisible(gc())
}

# ---- The writer: marker and RAG columns ------------------------------------------

say("writer:", format(TARGET_ROWS, big.mark = ","), "indicator rows")
set.seed(172)
indicators <- compare_to_target(
  actual = sample(0:200, TARGET_ROWS, TRUE),
  target = sample(50:150, TARGET_ROWS, TRUE), elapsed = 0.75,
  previous = sample(0:200, TARGET_ROWS, TRUE), tolerance = 0.1)
plain <- indicators[, setdiff(names(indicators),
                              c("marker", "rag", "direction"))]
path <- tempfile(fileext = ".xlsx")
writer <- timings(
  `write_report(), with marker, RAG and direction` = write_report(
    indicators, path, title = "Targets", suppress = FALSE,
    overwrite = TRUE),
  `write_report(), without them` = write_report(
    plain, path, title = "Targets", suppress = FALSE,
    overwrite = TRUE),
  iterations = max(3L, ITER %/% 2L))
cells_with <- TARGET_ROWS * ncol(indicators)
cells_without <- TARGET_ROWS * ncol(plain)

# The floor of number printing: snprintf("%.16G") alone, as libxlsxwriter
# prints every number cell.
print_bin <- file.path(tempdir(), "bare_print")
if (system2("gcc", c("-O2", "-o", print_bin, "bench/bare_print.c")) != 0L) {
  stop("Building bench/bare_print.c failed.")
}
PRINT_N <- 1e7
printed <- as.numeric(strsplit(system2(print_bin, format(PRINT_N,
                                                         scientific = FALSE),
                                       stdout = TRUE), " ")[[1L]])

# ---- Scaling ------------------------------------------------------------------

powers <- function(from, to) 10^seq(log10(from), log10(to))
scaling <- list()
for (n in powers(1e4, MAX_COUNTS)) {
  say("scaling counts", n)
  d <- records(n)
  t <- timings(counts = cohort_table(d, cohort, status, by = borough),
               needs = needs_profile(d, all_of(needs), by = borough))
  scaling[[length(scaling) + 1L]] <- data.frame(
    engine = c("cohort_table()", "needs_profile()"), n = n,
    unit = "records", median = t$median, mem = t$mem)
}
rm(d)
for (n in powers(1e4, MAX_OFFENDERS)) {
  say("scaling reoffending", n)
  x <- follow_up_data(n)
  t <- timings(run = proven_reoffending(x$cohort, x$offences))
  scaling[[length(scaling) + 1L]] <- data.frame(
    engine = "proven_reoffending() (x 5 offences)", n = n,
    unit = "offenders", median = t$median, mem = t$mem)
}
rm(x)
for (n in powers(1e3, MAX_ROWS)) {
  say("scaling writer", n)
  set.seed(173)
  tab <- compare_to_target(actual = sample(0:200, n, TRUE),
                           target = sample(50:150, n, TRUE), elapsed = 0.75,
                           previous = sample(0:200, n, TRUE),
                           tolerance = 0.1)
  t <- timings(run = write_report(tab, path, title = "Targets", suppress = FALSE,
    overwrite = TRUE),
               iterations = 3L)
  scaling[[length(scaling) + 1L]] <- data.frame(
    engine = sprintf("write_report() (%d columns)", ncol(tab)), n = n,
    unit = "rows", median = t$median, mem = t$mem)
}
scaling <- do.call(rbind, scaling)

# ---- bench/RESULTS.md -----------------------------------------------------------

time_table <- function(tab, against) {
  md_table(data.frame(
    Expression = paste0("`", tab$what, "`"),
    `Median (ms)` = ms(tab$median), `Min (ms)` = ms(tab$min),
    `CPU, one run (ms)` = ms(tab$cpu), `R memory` = fmt_b(tab$mem),
    `vs first` = sprintf("%.2fx", tab$median / tab$median[1L]),
    check.names = FALSE), c("l", "r", "r", "r", "r", "r"))
}
r_int <- reoffending_rows$integer
r_chr <- reoffending_rows$character
per_cell <- function(tab, what, cells) {
  tab$median[tab$what == what] / cells * 1e9
}
targets_md <- data.frame(
  Target = c(
    "cohort_table() >= 2x faster than collapse::qtab",
    "cohort_table() no slower than the bare single-threaded loop",
    "cohort_table() single-threaded within 1.3x of the bare loop",
    "needs_profile() >= 2x faster than collapse::fsum (nthreads = 1)",
    "needs_profile() >= 2x faster than collapse::fsum (nthreads = 2)",
    "proven_reoffending() >= 5x faster than data.table (integer ids)",
    "proven_reoffending() >= 4x faster than data.table (character ids)",
    "marker and RAG cells cost no more per cell than count cells"),
  Measured = c(
    sprintf("%.2fx", ratio(counts, "collapse::qtab",
                           "cohort_table(), 2 threads")),
    sprintf("%.2fx the bare loop's time",
            ratio(counts, "cohort_table(), 2 threads",
                  "bare C loop (1 thread)")),
    sprintf("%.2fx (C_count_groups alone: %.2fx)",
            ratio(counts, "cohort_table(), 1 thread",
                  "bare C loop (1 thread)"),
            ratio(counts, "C_count_groups, 1 thread",
                  "bare C loop (1 thread)")),
    sprintf("%.2fx", ratio(sums, "collapse::fsum, nthreads = 1",
                           "needs_profile(), 2 threads")),
    sprintf("%.2fx", ratio(sums, "collapse::fsum, nthreads = 2",
                           "needs_profile(), 2 threads")),
    sprintf("%.2fx", ratio(r_int, "data.table join + filter (2 threads)",
                           "proven_reoffending(), 2 threads")),
    sprintf("%.2fx", ratio(r_chr, "data.table join + filter (2 threads)",
                           "proven_reoffending(), 2 threads")),
    sprintf("%.0f ns a cell with them, %.0f ns without",
            per_cell(writer, writer$what[1L], cells_with),
            per_cell(writer, writer$what[2L], cells_without))),
  stringsAsFactors = FALSE)
# What the bare C programs, doing the same work, reach against the same
# peer: where a target is missed, whether anything could meet it here.
floor_vs <- function(tab, peer, bare) {
  sprintf("%.2fx", ratio(tab, peer, bare))
}
targets_md$`Bare C floor, same ratio` <- c(
  floor_vs(counts, "collapse::qtab", "bare C loop (1 thread)"),
  "", "",
  floor_vs(sums, "collapse::fsum, nthreads = 1", "bare C loop (1 thread)"),
  sprintf("%s (1 thread: %s)",
          floor_vs(sums, "collapse::fsum, nthreads = 2",
                   "bare C loop (2 threads)"),
          floor_vs(sums, "collapse::fsum, nthreads = 2",
                   "bare C loop (1 thread)")),
  floor_vs(r_int, "data.table join + filter (2 threads)",
           "bare C join and window (1 thread)"),
  "", "")
targets_md$Met <- c(
  yes_no(ratio(counts, "collapse::qtab", "cohort_table(), 2 threads") >= 2),
  yes_no(ratio(counts, "cohort_table(), 2 threads",
               "bare C loop (1 thread)") <= 1),
  yes_no(ratio(counts, "cohort_table(), 1 thread",
               "bare C loop (1 thread)") <= 1.3),
  yes_no(ratio(sums, "collapse::fsum, nthreads = 1",
               "needs_profile(), 2 threads") >= 2),
  yes_no(ratio(sums, "collapse::fsum, nthreads = 2",
               "needs_profile(), 2 threads") >= 2),
  yes_no(ratio(r_int, "data.table join + filter (2 threads)",
               "proven_reoffending(), 2 threads") >= 5),
  yes_no(ratio(r_chr, "data.table join + filter (2 threads)",
               "proven_reoffending(), 2 threads") >= 4),
  yes_no(per_cell(writer, writer$what[1L], cells_with) <=
           1.1 * per_cell(writer, writer$what[2L], cells_without)))

scaling_md <- md_table(data.frame(
  Engine = scaling$engine,
  Size = paste(format(scaling$n, big.mark = ",", scientific = FALSE),
               scaling$unit),
  `Median (ms)` = ms(scaling$median),
  `ns per record` = sprintf("%.1f", scaling$median / scaling$n * 1e9),
  `R memory` = fmt_b(scaling$mem),
  `bytes per record` = sprintf("%.1f", scaling$mem / scaling$n),
  check.names = FALSE), c("l", "r", "r", "r", "r", "r"))

section <- c(
  SECTION, "",
  sprintf("Generated by `Rscript bench/engines.R` on %s (%.1f min).",
          format(Sys.time(), "%Y-%m-%d %H:%M UTC", tz = "UTC"),
          as.numeric(difftime(Sys.time(), started, units = "mins"))),
  "",
  machine_lines(c("reoffending", "collapse", "data.table", "bench"),
                load_start),
  sprintf(paste("- Method: `bench::mark(iterations = %d)`, medians; every",
                "ratio is between expressions timed in the same run.",
                "\"R memory\" is what R allocated (bench's `mem_alloc`),",
                "not memory from malloc()."), ITER),
  sprintf(paste("- Agreement: C_count_groups = bare loop: %s; C_sum_flags",
                "= collapse::fsum and the bare loop: %s; proven_reoffending()",
                "counts = data.table's: %s (integer ids, and the bare",
                "join's), %s (character ids)."),
          agree_counts, agree_needs, r_int$agree[1L], r_chr$agree[1L]),
  "", "### Targets", "",
  md_table(targets_md, c("l", "r", "r", "l")),
  "", sprintf("### Counts: %s records, borough x cohort x status",
              format(N, big.mark = ",")), "",
  time_table(counts),
  "", sprintf("### Flag sums: %s records, 10 flags by borough",
              format(N, big.mark = ",")), "",
  time_table(sums),
  "", sprintf("### Target comparisons: %s rows", format(N, big.mark = ",")),
  "", time_table(targets),
  "", sprintf("### Proven reoffending: %s offenders, %s offences",
              format(OFFENDERS, big.mark = ","),
              format(5 * OFFENDERS, big.mark = ",")), "",
  "Integer ids:", "", time_table(r_int), "",
  "Character ids (\"P00123456\"):", "", time_table(r_chr),
  "", sprintf(paste("### The writer: a compare_to_target() table of %s",
                    "rows"), format(TARGET_ROWS, big.mark = ",")), "",
  time_table(writer),
  "", sprintf(paste("Number printing alone (`bench/bare_print.c`:",
                    "`snprintf(\"%%.16G\")`, as libxlsxwriter prints every",
                    "number cell) took %.2f s on the clock and %.2f s of CPU",
                    "for %s numbers: %.0f ns (%.0f ns of CPU) a number cell",
                    "before anything is written or zipped."),
              printed[1L], printed[2L],
              format(PRINT_N, big.mark = ",", scientific = FALSE),
              printed[1L] / PRINT_N * 1e9, printed[2L] / PRINT_N * 1e9),
  "", "### Scaling", "",
  paste("Time per record should stay roughly flat as the work grows;",
        "memory grows with the groups (counts) or the offenders."), "",
  scaling_md, "")
write_results_section("bench/RESULTS.md", SECTION, section)
say("wrote bench/RESULTS.md")
