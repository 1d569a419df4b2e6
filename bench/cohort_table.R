# Benchmarks for cohort_table() and needs_profile() (issue 2).
#
# Run from the package root:  Rscript bench/cohort_table.R
#
# Uses the *installed* reoffending. Builds bench/bare_count.c with R CMD SHLIB
# (the "bare C loop" floor), generates N synthetic records, checks that every
# contender gives the same counts, times them with bench::mark, and writes the
# section "## Cohort tables and needs profiles (issue 2)" of bench/RESULTS.md
# (replacing that section if present, leaving other sections alone).
#
# Environment: BENCH_N (records, default 1e7), BENCH_ITER (iterations per
# expression, default 5).

if (!file.exists("bench/bare_count.c") || !file.exists("DESCRIPTION")) {
  stop("Run this from the package root: Rscript bench/cohort_table.R")
}
for (p in c("reoffending", "data.table", "collapse", "dplyr", "bench")) {
  if (!requireNamespace(p, quietly = TRUE)) stop("Package ", p, " is needed.")
}
suppressPackageStartupMessages(library(reoffending))

N <- as.integer(as.numeric(Sys.getenv("BENCH_N", "1e7")))
ITER <- as.integer(Sys.getenv("BENCH_ITER", "5"))
N_SMALL <- 1e6L # second size, to show memory does not grow with n
SECTION <- "## Cohort tables and needs profiles (issue 2)"
RESULTS <- "bench/RESULTS.md"
started <- Sys.time()

say <- function(...) cat(format(Sys.time(), "%H:%M:%S"), ..., "\n")

# ---------------------------------------------------------------------------
# The bare C loop
# ---------------------------------------------------------------------------
so <- file.path("bench", paste0("bare_count", .Platform$dynlib.ext))
status <- system2(file.path(R.home("bin"), "R"),
                  c("CMD", "SHLIB", "-o", so, "bench/bare_count.c"),
                  stdout = TRUE, stderr = TRUE)
if (!is.null(attr(status, "status"))) {
  stop("R CMD SHLIB failed:\n", paste(status, collapse = "\n"))
}
bare_dll <- dyn.load(so)
bare_count3 <- getNativeSymbolInfo("bare_count3", bare_dll)

# ---------------------------------------------------------------------------
# Synthetic records
# ---------------------------------------------------------------------------
boroughs <- c(
  "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden",
  "City of London", "Croydon", "Ealing", "Enfield", "Greenwich", "Hackney",
  "Hammersmith and Fulham", "Haringey", "Harrow", "Havering", "Hillingdon",
  "Hounslow", "Islington", "Kensington and Chelsea", "Kingston upon Thames",
  "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge",
  "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets",
  "Waltham Forest", "Wandsworth", "Westminster"
)
cohorts <- c("Young Males", "Adult Males", "Mature Males", "MHLD", "Women")
statuses <- c("Community", "Custody", "Licence")
needs <- paste0("need_", 1:10)
stopifnot(length(boroughs) == 33L)

make_data <- function(n, seed = 20161130) {
  set.seed(seed)
  draw <- function(levels, prob) {
    structure(sample.int(length(levels), n, replace = TRUE, prob = prob),
              levels = levels, class = "factor")
  }
  d <- list(
    borough = draw(boroughs, prob = runif(33, 0.3, 1)),
    cohort = draw(cohorts, prob = c(0.22, 0.38, 0.15, 0.10, 0.15)),
    status = draw(statuses, prob = c(0.55, 0.15, 0.30))
  )
  # ~30% of records not assessed: NA on every need. Among the assessed, ~2%
  # NA on any one need (assessed, but that need not recorded).
  assessed <- runif(n) >= 0.30
  prevalence <- seq(0.10, 0.60, length.out = length(needs))
  for (j in seq_along(needs)) {
    x <- runif(n) < prevalence[j]
    x[!assessed | runif(n) < 0.02] <- NA
    d[[needs[j]]] <- x
  }
  structure(d, class = "data.frame", row.names = c(NA_integer_, -n))
}

say("generating", format(N, big.mark = ","), "records")
d <- make_data(N)
d_dt <- data.table::as.data.table(d) # a copy, so data.table gets its own
flags <- as.list(d[needs])
input_counts <- as.numeric(object.size(d[c("borough", "cohort", "status")]))
input_needs <- as.numeric(object.size(d[c("borough", needs)]))
nlev <- c(length(cohorts), length(statuses), length(boroughs))

# ---------------------------------------------------------------------------
# Agreement: every contender must give the same numbers
# ---------------------------------------------------------------------------
say("checking agreement")
ref <- unclass(table(d$cohort, d$status, d$borough)) # cohort x status x borough
dims <- dim(ref)
storage.mode(ref) <- "integer"
dimnames(ref) <- NULL
cube <- function(cohort, status, borough, n) {
  a <- array(0L, dims)
  a[cbind(as.integer(cohort), as.integer(status), as.integer(borough))] <-
    as.integer(n)
  a
}

ct <- cohort_table(d, cohort, status, by = borough)
body <- ct[ct$cohort != "Total", ]
ct_cube <- array(0L, dims)
for (k in seq_along(statuses)) {
  ct_cube[cbind(match(body$cohort, cohorts), k,
                match(body$borough, boroughs))] <- body[[statuses[k]]]
}
tot_rows <- ct[ct$cohort == "Total", ]
margins_ok <-
  identical(as.integer(body$Total), as.integer(rowSums(body[statuses]))) &&
  identical(as.integer(tot_rows$Total), as.integer(table(d$borough))) &&
  identical(match(tot_rows$borough, boroughs), seq_along(boroughs)) &&
  all(vapply(statuses, function(s) {
    identical(as.integer(tot_rows[[s]]),
              as.integer(colSums(ref[, match(s, statuses), ])))
  }, logical(1)))

counts_check <- list(
  "reoffending::cohort_table (cells)" = identical(ct_cube, ref),
  "reoffending::cohort_table (Total row/column)" = margins_ok,
  "reoffending C_count_groups (.Call)" = {
    raw <- .Call(reoffending:::C_count_groups,
                 list(d$cohort, d$status, d$borough), nlev)
    raw <- array(raw, nlev + 1L)
    identical(sum(raw), as.numeric(N)) &&
      identical(array(as.integer(raw[1:5, 1:3, 1:33]), dims), ref)
  },
  "bare C loop" = identical(
    array(.Call(bare_count3, d$cohort, d$status, d$borough, nlev), dims), ref),
  "collapse::qtab" = {
    q <- collapse::qtab(d$borough, d$cohort, d$status)
    identical(array(as.integer(aperm(unclass(q), c(2, 3, 1))), dims), ref)
  },
  "data.table [, .N, by]" = {
    r <- d_dt[, .N, by = .(borough, cohort, status)]
    identical(cube(r$cohort, r$status, r$borough, r$N), ref)
  },
  "dplyr::count" = {
    r <- dplyr::count(d, borough, cohort, status)
    identical(cube(r$cohort, r$status, r$borough, r$n), ref)
  },
  "base::table (borough, cohort, status)" = {
    t3 <- table(d$borough, d$cohort, d$status)
    identical(array(as.integer(aperm(unclass(t3), c(2, 3, 1))), dims), ref)
  }
)

# Needs: the reference, plain R.
ref_sums <- vapply(flags, function(x) {
  as.integer(rowsum(as.integer(x %in% TRUE), d$borough, reorder = TRUE))
}, integer(length(boroughs)))                       # borough x need
any_flag <- Reduce(`|`, lapply(flags, Negate(is.na)))
ref_assessed <- as.integer(rowsum(as.integer(any_flag), d$borough))
rm(any_flag)

np <- needs_profile(d, needs, by = borough)
np_sums <- vapply(boroughs, function(b) {
  as.integer(np[[paste(b, "offenders")]][seq_along(needs)])
}, integer(length(needs)))
np_assessed <- vapply(boroughs, function(b) {
  as.integer(np[[paste(b, "offenders")]][length(needs) + 1L])
}, integer(1))
fs <- collapse::fsum(d[needs], g = d$borough)
dtn <- d_dt[, lapply(.SD, sum, na.rm = TRUE), by = borough, .SDcols = needs]
dtn <- dtn[match(boroughs, dtn$borough)]
sf <- .Call(reoffending:::C_sum_flags, flags, d$borough, 33L)

needs_check <- list(
  "reoffending::needs_profile (sums)" =
    identical(unname(t(np_sums)), unname(ref_sums)),
  "reoffending::needs_profile (assessed)" =
    identical(unname(np_assessed), ref_assessed),
  "reoffending C_sum_flags (.Call)" =
    identical(unname(sf$sums[1:33, ]), unname(ref_sums * 1)) &&
      identical(sf$assessed[1:33], ref_assessed * 1) && sf$assessed[34] == 0,
  "collapse::fsum" = identical(unname(as.matrix(fs)[boroughs, needs] * 1L),
                               unname(ref_sums)),
  "data.table lapply(.SD, sum)" =
    identical(unname(as.matrix(dtn[, needs, with = FALSE]) * 1L),
              unname(ref_sums))
)
checks <- c(counts_check, needs_check)
for (nm in names(checks)) say(sprintf("  %-46s %s", nm,
                                      if (isTRUE(checks[[nm]])) "agree" else
                                        "DISAGREE"))
rm(ct, body, np, fs, dtn, sf, r)

# ---------------------------------------------------------------------------
# Timings
# ---------------------------------------------------------------------------
# One bench::mark per expression, after a full gc(), so that garbage left by
# one contender is not collected on another's clock. GCs during an expression
# are kept in its times (filter_gc = FALSE) and counted in n_gc.
tiny <- make_data(1000L, seed = 1)
count_exprs <- list(
  "reoffending::cohort_table" =
    quote(cohort_table(d, cohort, status, by = borough)),
  "  of which .Call(C_count_groups)" =
    quote(.Call(reoffending:::C_count_groups,
                list(d$cohort, d$status, d$borough), nlev)),
  "  cohort_table on 1,000 rows (fixed cost)" =
    quote(cohort_table(tiny, cohort, status, by = borough)),
  "bare C loop" =
    quote(.Call(bare_count3, d$cohort, d$status, d$borough, nlev)),
  "collapse::qtab" = quote(collapse::qtab(d$borough, d$cohort, d$status)),
  "data.table [, .N, by]" =
    quote(d_dt[, .N, by = .(borough, cohort, status)]),
  "dplyr::count" = quote(dplyr::count(d, borough, cohort, status)),
  "base::table" = quote(table(d$borough, d$cohort, d$status))
)
needs_exprs <- list(
  "reoffending::needs_profile" =
    quote(needs_profile(d, needs, by = borough)),
  "  of which .Call(C_sum_flags)" =
    quote(.Call(reoffending:::C_sum_flags, flags, d$borough, 33L)),
  "  needs_profile on 1,000 rows (fixed cost)" =
    quote(needs_profile(tiny, needs, by = borough)),
  "collapse::fsum" = quote(collapse::fsum(d[needs], g = d$borough)),
  "data.table lapply(.SD, sum)" =
    quote(d_dt[, lapply(.SD, sum, na.rm = TRUE), by = borough,
               .SDcols = needs])
)

time_all <- function(exprs) {
  rows <- lapply(names(exprs), function(nm) {
    invisible(gc())
    bm <- bench::mark(exprs = stats::setNames(list(exprs[[nm]]), nm),
                      iterations = ITER, check = FALSE, memory = FALSE,
                      filter_gc = FALSE, env = globalenv())
    t <- as.numeric(bm$time[[1]])
    say(sprintf("  %-44s median %9.2f ms", nm, 1000 * stats::median(t)))
    data.frame(what = nm, median_ms = 1000 * stats::median(t),
               min_ms = 1000 * min(t), n_gc = sum(bm$n_gc),
               stringsAsFactors = FALSE)
  })
  do.call(rbind, rows)
}

say("timing counts,", ITER, "iterations each")
counts_t <- time_all(count_exprs)
say("timing needs,", ITER, "iterations each")
needs_t <- time_all(needs_exprs)

ratio_to <- function(tab, ours) {
  t0 <- tab$median_ms[tab$what == ours]
  tab$ratio <- tab$median_ms / t0
  tab
}
counts_t <- ratio_to(counts_t, "reoffending::cohort_table")
needs_t <- ratio_to(needs_t, "reoffending::needs_profile")

# ---------------------------------------------------------------------------
# Memory: bytes allocated on the R heap (bench's mem_alloc, via Rprofmem),
# which bounds the extra peak over the input. At two sizes, to see whether
# it grows with n. (R_alloc scratch is on the R heap and is counted.)
# ---------------------------------------------------------------------------
say("measuring memory")
d_small <- structure(lapply(d, `[`, seq_len(N_SMALL)), class = "data.frame",
                     row.names = c(NA_integer_, -N_SMALL))
d_small_dt <- data.table::as.data.table(d_small)
mem_of <- function(expr, data, data_dt) {
  env <- list2env(list(d = data, d_dt = data_dt, flags = as.list(data[needs]),
                       nlev = nlev, needs = needs, bare_count3 = bare_count3),
                  parent = globalenv())
  invisible(gc())
  bm <- bench::mark(exprs = list(expr), iterations = 1, check = FALSE,
                    memory = TRUE, filter_gc = FALSE, env = env)
  as.numeric(bm$mem_alloc)
}
mem_exprs <- c(count_exprs[c(1, 2, 4, 5, 6, 7, 8)], needs_exprs[c(1, 2, 4, 5)])
mem_t <- do.call(rbind, lapply(names(mem_exprs), function(nm) {
  data.frame(what = nm,
             small = mem_of(mem_exprs[[nm]], d_small, d_small_dt),
             large = mem_of(mem_exprs[[nm]], d, d_dt),
             stringsAsFactors = FALSE)
}))
rm(d_small, d_small_dt)

# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------
med <- function(tab, what) tab$median_ms[tab$what == what]
mem <- function(what, col = "large") mem_t[[col]][mem_t$what == what]
t_ct <- med(counts_t, "reoffending::cohort_table")
t_np <- med(needs_t, "reoffending::needs_profile")
vs_bare <- t_ct / med(counts_t, "bare C loop")
vs_qtab <- med(counts_t, "collapse::qtab") / t_ct
vs_fsum <- med(needs_t, "collapse::fsum") / t_np
MEM_CONST <- 1024^2 # "a small constant": 1 MiB, and not growing with n
mem_ok <- function(what) {
  mem(what) <= MEM_CONST && mem(what) <= mem(what, "small") + 64 * 1024
}
fmt_b <- function(x) {
  ifelse(x >= 1024^2, sprintf("%.1f MiB", x / 1024^2),
         ifelse(x >= 1024, sprintf("%.1f KiB", x / 1024),
                sprintf("%.0f B", x)))
}
yes_no <- function(x) if (isTRUE(x)) "**met**" else "**not met**"
targets <- data.frame(
  target = c(
    "cohort_table within 2x of the bare C loop",
    "cohort_table at least 5x faster than collapse::qtab",
    "needs_profile at least 3x faster than collapse::fsum",
    "cohort_table peak memory <= input + small constant",
    "needs_profile peak memory <= input + small constant"
  ),
  measured = c(
    sprintf("cohort_table / bare C = %.2fx", vs_bare),
    sprintf("qtab / cohort_table = %.2fx", vs_qtab),
    sprintf("fsum / needs_profile = %.2fx", vs_fsum),
    sprintf("input %s; allocates %s at n = %s, %s at n = %s",
            fmt_b(input_counts), fmt_b(mem("reoffending::cohort_table")),
            format(N, big.mark = ","),
            fmt_b(mem("reoffending::cohort_table", "small")),
            format(N_SMALL, big.mark = ",")),
    sprintf("input %s; allocates %s at n = %s, %s at n = %s",
            fmt_b(input_needs), fmt_b(mem("reoffending::needs_profile")),
            format(N, big.mark = ","),
            fmt_b(mem("reoffending::needs_profile", "small")),
            format(N_SMALL, big.mark = ","))
  ),
  met = c(yes_no(vs_bare <= 2), yes_no(vs_qtab >= 5), yes_no(vs_fsum >= 3),
          yes_no(mem_ok("reoffending::cohort_table")),
          yes_no(mem_ok("reoffending::needs_profile"))),
  stringsAsFactors = FALSE
)

# ---------------------------------------------------------------------------
# Console output
# ---------------------------------------------------------------------------
show <- function(tab) {
  out <- tab
  for (v in c("median_ms", "min_ms")) out[[v]] <- sprintf("%.2f", out[[v]])
  out$ratio <- sprintf("%.2f", out$ratio)
  print(out, row.names = FALSE, right = FALSE)
}
cat("\nCounts (ratio = time / cohort_table time; > 1 means slower than",
    "cohort_table)\n")
show(counts_t)
cat("\nNeeds (ratio = time / needs_profile time)\n")
show(needs_t)
cat("\nMemory allocated (R heap)\n")
print(transform(mem_t, small = fmt_b(small), large = fmt_b(large)),
      row.names = FALSE, right = FALSE)
cat("\nTargets\n")
print(transform(targets, met = gsub("\\*", "", met)), row.names = FALSE,
      right = FALSE)

# ---------------------------------------------------------------------------
# bench/RESULTS.md
# ---------------------------------------------------------------------------
md_table <- function(df, align) {
  c(paste0("| ", paste(names(df), collapse = " | "), " |"),
    paste0("|", paste(ifelse(align == "r", "---:", ":---"), collapse = "|"),
           "|"),
    apply(df, 1, function(r) paste0("| ", paste(r, collapse = " | "), " |")))
}
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
sh <- function(cmd) {
  out <- tryCatch(suppressWarnings(system(cmd, intern = TRUE)),
                  error = function(e) "")
  if (length(out) == 0L) "" else trimws(out[1L])
}
cpu <- sub(".*:\\s*", "", sh("grep -m1 'model name' /proc/cpuinfo"))
mem_kb <- as.numeric(sub("\\D*(\\d+).*", "\\1",
                         sh("grep MemTotal /proc/meminfo")))
commit <- sh("git rev-parse --short HEAD")
dirty <- sh("git status --porcelain -- R src DESCRIPTION NAMESPACE")
pkgs <- c("reoffending", "data.table", "collapse", "dplyr", "bench")
versions <- paste(sprintf("%s %s", pkgs,
                          vapply(pkgs, function(p)
                            as.character(utils::packageVersion(p)),
                            character(1))), collapse = ", ")
c_split <- function(tab, ours, call) {
  t_all <- med(tab, ours)
  t_c <- med(tab, call)
  sprintf("%.1f ms of %.1f ms (%.0f%%) in the C routine; %.1f ms (%.0f%%) in R",
          t_c, t_all, 100 * t_c / t_all, t_all - t_c,
          100 * (t_all - t_c) / t_all)
}
mem_md <- md_table(data.frame(
  Expression = paste0("`", trimws(mem_t$what), "`"),
  small = fmt_b(mem_t$small), large = fmt_b(mem_t$large),
  stringsAsFactors = FALSE
), c("l", "r", "r"))
mem_md[1] <- sprintf("| Expression | Allocated, n = %s | Allocated, n = %s |",
                     format(N_SMALL, big.mark = ","), format(N, big.mark = ","))
check_md <- md_table(data.frame(
  Result = names(checks),
  Agrees = ifelse(vapply(checks, isTRUE, logical(1)), "yes", "**NO**"),
  stringsAsFactors = FALSE
), c("l", "l"))

section <- c(
  SECTION,
  "",
  sprintf("Generated by `Rscript bench/cohort_table.R` on %s (%.1f min).",
          format(Sys.time(), "%Y-%m-%d %H:%M %Z"),
          as.numeric(difftime(Sys.time(), started, units = "mins"))),
  "",
  sprintf("- Machine: `nproc` = %s; %s; %.0f GiB RAM; %s", sh("nproc"), cpu,
          mem_kb / 1024^2, sh("uname -sr")),
  sprintf("- %s; %s", R.version.string, versions),
  sprintf("- reoffending from git %s%s, as installed in %s", commit,
          if (nzchar(dirty)) " (with uncommitted changes to R/ or src/)" else
            "", dirname(find.package("reoffending"))),
  sprintf(paste("- data.table threads: %d (its default); collapse and",
                "reoffending are single-threaded here"),
          data.table::getDTthreads()),
  sprintf(paste("- Data: %s records; `borough` (33 levels), `cohort`",
                "(5 CRC levels), `status` (3 levels), no NA keys; ten logical",
                "needs `need_1..need_10`, ~30%% of records NA on all of them",
                "(not assessed), ~2%% NA per need among the assessed. Input",
                "for the counts (3 factors): %s; for the needs (10 flags +",
                "borough): %s."),
          format(N, big.mark = ","), fmt_b(input_counts), fmt_b(input_needs)),
  sprintf(paste("- Method: one `bench::mark(iterations = %d, check = FALSE,",
                "memory = FALSE, filter_gc = FALSE)` per expression after a",
                "full `gc()`; median and min wall time. Ratio = time of the",
                "row / time of the reoffending function, so > 1 means",
                "reoffending is faster. The bare C loop is",
                "`bench/bare_count.c` (no NA level, no checks), built with",
                "`R CMD SHLIB` and the same flags as the package."), ITER),
  "",
  "### Targets",
  "",
  md_table(targets, c("l", "l", "l")),
  "",
  "### Counts: `cohort_table(d, cohort, status, by = borough)`",
  "",
  time_md(counts_t, "reoffending::cohort_table"),
  "",
  paste0("Note: `cohort_table` returns the formatted table with Total rows",
         " and columns; the peers return bare counts (a cube, or long",
         " format)."),
  "",
  "### Needs: `needs_profile(d, need_1..need_10, by = borough)`",
  "",
  time_md(needs_t, "reoffending::needs_profile"),
  "",
  paste0("Note: `needs_profile` also counts the assessed (any flag not NA)",
         " and computes proportions; `fsum` and data.table only sum."),
  "",
  "### Where the time goes",
  "",
  paste0("- cohort_table: ", c_split(counts_t, "reoffending::cohort_table",
                                      "  of which .Call(C_count_groups)"),
         sprintf("; the C routine is %.2fx the bare C loop.",
                 med(counts_t, "  of which .Call(C_count_groups)") /
                   med(counts_t, "bare C loop"))),
  paste0("- needs_profile: ", c_split(needs_t, "reoffending::needs_profile",
                                       "  of which .Call(C_sum_flags)"),
         sprintf("; the C routine alone is %.2fx faster than fsum.",
                 med(needs_t, "collapse::fsum") /
                   med(needs_t, "  of which .Call(C_sum_flags)"))),
  "",
  "### Memory",
  "",
  paste0("Bytes allocated on the R heap per call (bench's `mem_alloc`,",
         " via `Rprofmem`; this includes the C code's `R_alloc` scratch),",
         " an upper bound on the peak over the input. \"Small constant\"",
         " is taken as at most 1 MiB and not growing with n."),
  "",
  mem_md,
  "",
  "### Agreement",
  "",
  paste0("Every contender's cell counts were compared with",
         " `table(cohort, status, borough)`, and every needs sum (and the",
         " assessed counts) with a plain-R `rowsum()` reference."),
  "",
  check_md,
  ""
)

old <- if (file.exists(RESULTS)) readLines(RESULTS) else
  c("# Benchmarks", "",
    paste0("Each section is written by the script named in it; rerun the",
           " script to refresh its section."), "")
start <- match(SECTION, old)
if (is.na(start)) {
  if (length(old) && nzchar(old[length(old)])) old <- c(old, "")
  new <- c(old, section)
} else {
  later <- grep("^## ", old)
  later <- later[later > start]
  end <- if (length(later)) later[1L] - 1L else length(old)
  new <- c(old[seq_len(start - 1L)], section,
           if (end < length(old)) old[(end + 1L):length(old)])
}
writeLines(new, RESULTS)
say("wrote", RESULTS)
if (!all(vapply(checks, isTRUE, logical(1)))) {
  stop("Some results disagree; see the Agreement table.")
}
