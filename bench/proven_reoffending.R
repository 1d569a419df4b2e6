# Benchmark for proven_reoffending() (issue 3).
#
# Run from the package root:  Rscript bench/proven_reoffending.R
#
# Uses the *installed* reoffending. Generates BENCH_OFFENDERS offenders and
# BENCH_OFFENCES offences, computes the proven reoffences of every offender
# with proven_reoffending() and with a data.table non-equi join, checks that
# they agree (and, on a sample, with a plain-R oracle), times both with
# bench::mark, and writes the section "## Proven reoffending (issue 3)" of
# bench/RESULTS.md (replacing that section if present, leaving the others).
#
# Environment: BENCH_OFFENDERS (default 1e6), BENCH_OFFENCES (default 5e6),
# BENCH_ITER (iterations per expression, default 3).

if (!file.exists("bench/RESULTS.md") && !file.exists("DESCRIPTION")) {
  stop("Run this from the package root: Rscript bench/proven_reoffending.R")
}
for (p in c("reoffending", "data.table", "bench")) {
  if (!requireNamespace(p, quietly = TRUE)) stop("Package ", p, " is needed.")
}
source("bench/common.R")  # say, sh, md_table, yes_no, write_results_section
suppressPackageStartupMessages({
  library(reoffending)
  library(data.table)
})

N <- as.integer(as.numeric(Sys.getenv("BENCH_OFFENDERS", "1e6")))
M <- as.integer(as.numeric(Sys.getenv("BENCH_OFFENCES", "5e6")))
ITER <- as.integer(Sys.getenv("BENCH_ITER", "3"))
SECTION <- "## Proven reoffending (issue 3)"
RESULTS <- "bench/RESULTS.md"
started <- Sys.time()
load_at_start <- load_average()


# ---------------------------------------------------------------------------
# Synthetic records
# ---------------------------------------------------------------------------
# Offenders: integer ids drawn from twice their number (not a dense 1..N),
# index dates over 2015. Offences: 90% by cohort members, 10% by people
# outside the cohort; committed from 400 days before to 700 days after the
# index date; proven 0 to 400 days later, 10% never proven. Both tables in
# random order.
make_data <- function(n, m, seed = 20171122) {
  set.seed(seed)
  cohort <- data.frame(
    id = sample.int(2L * n, n),
    index_date = as.Date("2015-01-01") + sample.int(365L, n, TRUE) - 1L
  )
  member <- stats::runif(m) < 0.9
  who <- integer(m)
  who[member] <- cohort$id[sample.int(n, sum(member), TRUE)]
  who[!member] <- 2L * n + sample.int(n, sum(!member), TRUE)
  base <- cohort$index_date[match(who, cohort$id)]
  base[is.na(base)] <- as.Date("2015-07-01")
  committed <- base + sample(-400:700, m, TRUE)
  proven <- committed + sample(0:400, m, TRUE)
  proven[stats::runif(m) < 0.1] <- NA
  offences <- data.frame(id = who, offence_date = committed,
                         proven_date = proven)
  list(cohort = cohort, offences = offences)
}

say("generating", format(N, big.mark = ","), "offenders and",
    format(M, big.mark = ","), "offences")
d <- make_data(N, M)
cohort <- d$cohort
offences <- d$offences
rm(d)
input_bytes <- as.numeric(object.size(cohort)) +
  as.numeric(object.size(offences))

# Period ends for the contenders that need them given: the same calendar
# arithmetic as seq(date, by = "1 year", length.out = 2)[2].
shift <- function(dates, months) {
  days <- unique(dates)
  when <- as.POSIXlt(days)
  when$mon <- when$mon + months
  as.Date(when)[match(dates, days)]
}
follow_up_end <- shift(cohort$index_date, 12L)
waiting_end <- shift(follow_up_end, 6L)
one_year <- list(n = 1, unit = "year")
six_months <- list(n = 6, unit = "month")

cohort_dt <- data.table(id = cohort$id, index_date = cohort$index_date,
                        follow_up_end = follow_up_end,
                        waiting_end = waiting_end)
offences_dt <- as.data.table(offences)

# ---------------------------------------------------------------------------
# Contenders
# ---------------------------------------------------------------------------
ours <- function() proven_reoffending(cohort, offences)

# data.table, formulation 1: the non-equi join on the follow-up window,
# then the proof condition, then counts and first dates by offender, then
# an update join back onto the cohort table (in place, as data.table users
# would; the result is the cohort with the three columns, as
# proven_reoffending() returns).
dt_join_group <- function(cohort_tab = cohort_dt,
                          offence_tab = offences_dt) {
  hits <- offence_tab[cohort_tab,
                      on = .(id, offence_date > index_date,
                             offence_date <= follow_up_end),
                      .(id = i.id, committed = x.offence_date,
                        proven = x.proven_date, waiting_end = i.waiting_end),
                      nomatch = NULL]
  per <- hits[proven <= waiting_end,
              .(reoffences = .N, first_reoffence = min(committed)),
              by = id]
  cohort_tab[, `:=`(reoffences = 0L, first_reoffence = as.Date(NA))]
  cohort_tab[per, on = "id", `:=`(reoffences = i.reoffences,
                                  first_reoffence = i.first_reoffence)]
  cohort_tab[, reoffended := reoffences > 0L]
  cohort_tab
}

# data.table, formulation 2: all four conditions in the join, one group per
# offender (by = .EACHI).
dt_eachi <- function(cohort_tab = cohort_dt, offence_tab = offences_dt) {
  per <- offence_tab[cohort_tab,
                     on = .(id, offence_date > index_date,
                            offence_date <= follow_up_end,
                            proven_date <= waiting_end),
                     .(reoffences = sum(!is.na(x.offence_date)),
                       first_reoffence = min(x.offence_date)),
                     by = .EACHI]
  cohort_tab[, reoffences := per$reoffences]
  cohort_tab[, first_reoffence := per$first_reoffence]
  cohort_tab[reoffences == 0L, first_reoffence := as.Date(NA)]
  cohort_tab[, reoffended := reoffences > 0L]
  cohort_tab
}

# ---------------------------------------------------------------------------
# Agreement
# ---------------------------------------------------------------------------
say("checking agreement")
res <- ours()
agree_with <- function(other) {
  identical(res$reoffences, as.integer(other$reoffences)) &&
    identical(res$reoffended, other$reoffended) &&
    identical(res$first_reoffence, other$first_reoffence)
}
dt1_ok <- agree_with(dt_join_group())
dt2_ok <- agree_with(suppressWarnings(dt_eachi()))
code <- match(offences$id, cohort$id)
raw <- .Call(reoffending:::C_proven_reoffending, code, offences$offence_date,
             offences$proven_date, cohort$index_date, follow_up_end,
             waiting_end)

# A plain-R oracle on 2,000 offenders.
set.seed(1)
sample_ids <- sample(cohort$id, 2000L)
sample_rows <- match(sample_ids, cohort$id)
oracle <- vapply(sample_rows, function(i) {
  mine <- offences[offences$id == cohort$id[i], ]
  end <- seq(cohort$index_date[i], by = "1 year", length.out = 2)[2]
  proof <- seq(end, by = "6 months", length.out = 2)[2]
  sum(mine$offence_date > cohort$index_date[i] & mine$offence_date <= end &
        !is.na(mine$proven_date) & mine$proven_date <= proof)
}, integer(1))

checks <- list(
  "proven_reoffending vs data.table join + group" = dt1_ok,
  "proven_reoffending vs data.table by = .EACHI" = dt2_ok,
  ".Call(C_proven_reoffending) vs proven_reoffending" =
    identical(raw$reoffences, res$reoffences) &&
    identical(raw$first_reoffence, unclass(res$first_reoffence)),
  "proven_reoffending vs plain R on 2,000 offenders" =
    identical(res$reoffences[sample_rows], oracle)
)
for (nm in names(checks)) {
  say(sprintf("  %-52s %s", nm, if (isTRUE(checks[[nm]])) "agree" else
    "DISAGREE"))
}
stats_line <- sprintf(
  "%s reoffenders (%.1f%%), %s proven reoffences, %s offences in all",
  format(sum(res$reoffended), big.mark = ","), 100 * mean(res$reoffended),
  format(sum(res$reoffences), big.mark = ","), format(M, big.mark = ","))
say(stats_line)
output_bytes <- as.numeric(object.size(res[c("reoffended", "reoffences",
                                             "first_reoffence")]))
rm(res, raw)

# ---------------------------------------------------------------------------
# Timings
# ---------------------------------------------------------------------------
exprs <- list(
  "reoffending::proven_reoffending" = quote(ours()),
  "  of which match() of the ids" = quote(match(offences$id, cohort$id)),
  "  of which the period ends" = quote(
    reoffending:::period_ends(cohort$index_date, one_year, six_months)),
  "  of which .Call(C_proven_reoffending)" = quote(
    .Call(reoffending:::C_proven_reoffending, code, offences$offence_date,
          offences$proven_date, cohort$index_date, follow_up_end,
          waiting_end)),
  "data.table non-equi join + group" = quote(dt_join_group()),
  "data.table non-equi join, by = .EACHI" = quote(dt_eachi())
)

time_one <- function(nm, expr, iterations, memory = FALSE) {
  invisible(gc())
  bm <- bench::mark(exprs = stats::setNames(list(expr), nm),
                    iterations = iterations, check = FALSE, memory = memory,
                    filter_gc = FALSE, env = globalenv())
  t <- as.numeric(bm$time[[1]])
  say(sprintf("  %-42s median %9.1f ms", nm, 1000 * stats::median(t)))
  data.frame(what = nm, median_ms = 1000 * stats::median(t),
             min_ms = 1000 * min(t), n_gc = sum(bm$n_gc),
             mem = if (memory) as.numeric(bm$mem_alloc) else NA_real_,
             stringsAsFactors = FALSE)
}

say("timing,", ITER, "iterations each")
timings <- do.call(rbind, lapply(names(exprs), function(nm) {
  time_one(nm, exprs[[nm]], ITER)
}))
t_ours <- timings$median_ms[timings$what == "reoffending::proven_reoffending"]
timings$ratio <- timings$median_ms / t_ours

# Memory. bench's mem_alloc counts every allocation on the R heap during a
# call (an upper bound on the peak, and blind to memory data.table takes
# with malloc), so the peak is measured too: in a fresh R process per
# contender, the peak resident set size (VmHWM, reset through
# /proc/self/clear_refs) above the resident size just before the call, the
# inputs loaded and the packages attached.
say("measuring memory")
mem_exprs <- exprs[c(1, 2, 4, 5, 6)]
alloc <- vapply(names(mem_exprs), function(nm) {
  time_one(nm, mem_exprs[[nm]], 1L, memory = TRUE)$mem
}, numeric(1))

data_file <- tempfile(fileext = ".rds")
defs_file <- tempfile(fileext = ".R")
saveRDS(list(cohort = cohort, offences = offences,
             follow_up_end = follow_up_end, waiting_end = waiting_end),
        data_file, compress = FALSE)
dump(c("dt_join_group", "dt_eachi", "ours"), file = defs_file)
peak_of <- function(expr) {
  child <- tempfile(fileext = ".R")
  writeLines(c(
    "suppressPackageStartupMessages(library(reoffending))",
    "suppressPackageStartupMessages(library(data.table))",
    sprintf("source('%s')", defs_file),
    sprintf("d <- readRDS('%s')", data_file),
    "cohort <- d$cohort; offences <- d$offences",
    "follow_up_end <- d$follow_up_end; waiting_end <- d$waiting_end; rm(d)",
    "cohort_dt <- data.table(id = cohort$id, index_date = cohort$index_date,",
    "  follow_up_end = follow_up_end, waiting_end = waiting_end)",
    "offences_dt <- as.data.table(offences)",
    if (grepl("\\bcode\\b", paste(deparse(expr), collapse = " "))) {
      "code <- match(offences$id, cohort$id)"
    },
    "status <- function(field) {",
    "  x <- readLines('/proc/self/status')",
    "  x <- grep(paste0('^', field), x, value = TRUE)",
    "  1024 * as.numeric(gsub('\\\\D', '', x))",
    "}",
    "invisible(gc()); invisible(gc())",
    "cat('5', file = '/proc/self/clear_refs')",
    "before <- status('VmRSS')",
    sprintf("out <- %s", paste(deparse(expr), collapse = "\n")),
    "cat(status('VmHWM') - before, '\\n')"
  ), child)
  got <- system2(file.path(R.home("bin"), "Rscript"), child, stdout = TRUE,
                 env = paste0("R_LIBS=", paste(.libPaths(), collapse = ":")))
  as.numeric(utils::tail(got, 1L))
}
peak <- vapply(names(mem_exprs), function(nm) {
  value <- peak_of(mem_exprs[[nm]])
  say(sprintf("  %-42s peak %s", nm, format(value / 1024^2, digits = 4)),
      "MiB")
  value
}, numeric(1))
memory <- data.frame(what = names(mem_exprs), alloc = alloc, peak = peak,
                     stringsAsFactors = FALSE)
unlink(c(data_file, defs_file))

# Character identifiers, as many extracts have them (one iteration each).
say("character identifiers")
cohort_chr <- cohort
offences_chr <- offences
cohort_chr$id <- sprintf("P%08d", cohort$id)
offences_chr$id <- sprintf("P%08d", offences$id)
cohort_dt_chr <- copy(cohort_dt)[, id := cohort_chr$id]
offences_dt_chr <- copy(offences_dt)[, id := offences_chr$id]
chr_exprs <- list(
  "reoffending::proven_reoffending, character ids" =
    quote(proven_reoffending(cohort_chr, offences_chr)),
  "  of which match() of the ids" =
    quote(match(offences_chr$id, cohort_chr$id)),
  "data.table non-equi join + group, character ids" =
    quote(dt_join_group(cohort_dt_chr, offences_dt_chr))
)
chr_ok <- identical(proven_reoffending(cohort_chr, offences_chr)$reoffences,
                    dt_join_group(cohort_dt_chr, offences_dt_chr)$reoffences)
say("  character ids agree:", chr_ok)
chr_timings <- do.call(rbind, lapply(names(chr_exprs), function(nm) {
  time_one(nm, chr_exprs[[nm]], 1L)
}))
chr_ours <- chr_timings$median_ms[1]
chr_timings$ratio <- chr_timings$median_ms / chr_ours

# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------
med <- function(what) timings$median_ms[timings$what == what]
t_dt1 <- med("data.table non-equi join + group")
t_dt2 <- med("data.table non-equi join, by = .EACHI")
t_best_dt <- min(t_dt1, t_dt2)
speedup <- t_best_dt / t_ours
mem_ours <- memory$peak[memory$what == "reoffending::proven_reoffending"]
mem_dt <- min(memory$peak[grepl("^data.table", memory$what)])
targets <- data.frame(
  target = c(
    "proven_reoffending at least 5x faster than a data.table non-equi join",
    "peak memory above the inputs no more than the inputs plus the outputs"
  ),
  measured = c(
    sprintf("fastest data.table / proven_reoffending = %.2fx", speedup),
    sprintf("peak %s above the inputs (data.table: %s); inputs %s, outputs %s",
            fmt_b(mem_ours), fmt_b(mem_dt), fmt_b(input_bytes),
            fmt_b(output_bytes))
  ),
  met = c(yes_no(speedup >= 5),
          yes_no(mem_ours <= input_bytes + output_bytes)),
  stringsAsFactors = FALSE
)

# ---------------------------------------------------------------------------
# Console output
# ---------------------------------------------------------------------------
show <- function(tab) {
  out <- tab[c("what", "median_ms", "min_ms", "ratio", "n_gc")]
  for (v in c("median_ms", "min_ms")) out[[v]] <- sprintf("%.1f", out[[v]])
  out$ratio <- sprintf("%.2f", out$ratio)
  print(out, row.names = FALSE, right = FALSE)
}
cat("\nTimes (ratio = time / proven_reoffending time)\n")
show(timings)
cat("\nCharacter identifiers\n")
show(chr_timings)
cat("\nMemory allocated (R heap)\n")
print(transform(memory, alloc = fmt_b(alloc), peak = fmt_b(peak)),
      row.names = FALSE, right = FALSE)
cat("\nTargets\n")
print(transform(targets, met = gsub("\\*", "", met)), row.names = FALSE,
      right = FALSE)

# ---------------------------------------------------------------------------
# bench/RESULTS.md
# ---------------------------------------------------------------------------
time_md <- function(tab, ours) {
  md_table(data.frame(
    Expression = ifelse(grepl("^  ", tab$what),
                        paste0("&nbsp;&nbsp;", trimws(tab$what)),
                        paste0("`", tab$what, "`")),
    `Median (ms)` = sprintf("%.1f", tab$median_ms),
    `Min (ms)` = sprintf("%.1f", tab$min_ms),
    `Ratio (time / ours)` = ifelse(tab$what == ours, "1.00",
                                   sprintf("%.2f", tab$ratio)),
    GCs = tab$n_gc, check.names = FALSE, stringsAsFactors = FALSE
  ), c("l", "r", "r", "r", "r"))
}
cpu <- sub(".*:\\s*", "", sh("grep -m1 'model name' /proc/cpuinfo"))
mem_kb <- as.numeric(sub("\\D*(\\d+).*", "\\1",
                         sh("grep MemTotal /proc/meminfo")))
commit <- sh("git rev-parse --short HEAD")
dirty <- sh("git status --porcelain -- R src DESCRIPTION NAMESPACE")
pkgs <- c("reoffending", "data.table", "bench")
versions <- paste(sprintf("%s %s", pkgs,
                          vapply(pkgs, function(p)
                            as.character(utils::packageVersion(p)),
                            character(1))), collapse = ", ")
med_of <- function(what) sprintf("%.1f ms", med(what))

section <- c(
  SECTION,
  "",
  sprintf("Generated by `Rscript bench/proven_reoffending.R` on %s (%.1f min).",
          format(Sys.time(), "%Y-%m-%d %H:%M UTC", tz = "UTC"),
          as.numeric(difftime(Sys.time(), started, units = "mins"))),
  "",
  sprintf("- Machine: `nproc` = %s; %s; %.0f GiB RAM; %s",
          sh("nproc"), cpu, mem_kb / 1024^2, sh("uname -sr")),
  sprintf("- %s; %s", R.version.string, versions),
  sprintf("- reoffending from git %s%s, as installed in %s", commit,
          if (nzchar(dirty)) " (with uncommitted changes)" else "",
          dirname(find.package("reoffending"))),
  sprintf(paste0("- data.table threads: %d (its default); reoffending is ",
                 "single-threaded"), getDTthreads()),
  sprintf(paste0("- Load average (1, 5, 15 min) at the start: %s; at the ",
                 "end: %s. Other processes shared the CPUs, so times vary ",
                 "from run to run; the contenders ran in turn in the same ",
                 "run."), load_at_start, load_average()),
  sprintf(paste0("- Data: %s offenders (integer ids drawn from 1 to %s, ",
                 "index dates over 2015) and %s offences (90%% by cohort ",
                 "members, 10%% by people outside the cohort; committed from ",
                 "400 days before to 700 days after the index date; proven 0 ",
                 "to 400 days later, 10%% never proven), both in random ",
                 "order; %s. Inputs: %s."),
          format(N, big.mark = ","),
          format(2 * N, big.mark = ",", scientific = FALSE),
          format(M, big.mark = ","), stats_line, fmt_b(input_bytes)),
  paste0("- Task: for each offender, the proven reoffences (committed after ",
         "the index date and within one year, proven within a further six ",
         "months) and the date of the first; the result is the cohort with ",
         "`reoffended`, `reoffences` and `first_reoffence` added."),
  sprintf(paste0("- Method: one `bench::mark(iterations = %d, check = FALSE, ",
                 "memory = FALSE, filter_gc = FALSE)` per expression after a ",
                 "full `gc()`; median and min wall time. Ratio = time of the ",
                 "row / time of `proven_reoffending()`, so > 1 means ",
                 "reoffending is faster. Memory: one more call with ",
                 "`memory = TRUE`."), ITER),
  paste0("- The data.table contenders are given the period ends ready made ",
         "(computed outside their timing) and unkeyed tables; ",
         "`proven_reoffending()` computes the period ends itself, checks ",
         "its input and matches the ids within its time."),
  "",
  "### Targets",
  "",
  md_table(targets, c("l", "l", "l")),
  "",
  "### Times: 1 year follow-up, 6 months waiting",
  "",
  time_md(timings, "reoffending::proven_reoffending"),
  "",
  "### Where the time goes",
  "",
  sprintf(paste0("- proven_reoffending: %s in all; match() of the ids %s ",
                 "(%.0f%%); the C pass over the offences %s (%.0f%%); the ",
                 "period ends %s; the rest (checks, output) makes up the ",
                 "difference."),
          med_of("reoffending::proven_reoffending"),
          med_of("  of which match() of the ids"),
          100 * med("  of which match() of the ids") / t_ours,
          med_of("  of which .Call(C_proven_reoffending)"),
          100 * med("  of which .Call(C_proven_reoffending)") / t_ours,
          med_of("  of which the period ends")),
  paste0("- The C pass needs no sort: an offence finds its offender's window ",
         "by the offender's code from match(), in one pass over the offences ",
         "in any order (O(n + m) time, O(n) scratch)."),
  "",
  "### Character identifiers (one iteration each)",
  "",
  time_md(chr_timings, "reoffending::proven_reoffending, character ids"),
  "",
  sprintf(paste0("With character ids (`\"P00123456\"`), match() of the ids ",
                 "takes most of the time. Results agree: %s."),
          if (chr_ok) "yes" else "NO"),
  "",
  "### Memory",
  "",
  paste0("Peak: in a fresh R process per expression, with the inputs ",
         "loaded, the peak resident set size (`VmHWM`, reset through ",
         "`/proc/self/clear_refs`) above the resident size just before the ",
         "call; it includes memory data.table takes with `malloc`. ",
         "Allocated: all bytes allocated on the R heap during one call ",
         "(bench's `mem_alloc`, via `Rprofmem`; includes `R_alloc` scratch, ",
         "misses `malloc`), an upper bound on the R heap's part of the peak. ",
         sprintf("Inputs: %s; outputs (the three new columns): %s.",
                 fmt_b(input_bytes), fmt_b(output_bytes))),
  "",
  md_table(data.frame(Expression = paste0("`", trimws(memory$what), "`"),
                      `Peak above inputs` = fmt_b(memory$peak),
                      `Allocated (R heap)` = fmt_b(memory$alloc),
                      check.names = FALSE, stringsAsFactors = FALSE),
           c("l", "r", "r")),
  "",
  sprintf(paste0("proven_reoffending()'s own scratch: the offender codes ",
                 "from match() (4 bytes per offence, %s) and its hash table, ",
                 "the period ends (8 bytes per offender each) and a 16-byte ",
                 "window per offender in C; no copy of an input column."),
          fmt_b(4 * M)),
  "",
  "### Agreement",
  "",
  md_table(data.frame(Check = names(checks),
                      Agrees = ifelse(vapply(checks, isTRUE, logical(1)),
                                      "yes", "NO"),
                      stringsAsFactors = FALSE), c("l", "l")),
  ""
)

write_results_section(RESULTS, SECTION, section)
say("wrote", RESULTS)
if (!all(vapply(checks, isTRUE, logical(1))) || !chr_ok) {
  stop("The contenders disagree; see above.")
}
