# Benchmark for panel_overlap() and iom_summary() (issue 14).
#
# Run from the package root:  Rscript bench/people.R
#
# Uses the *installed* reoffending (R_LIBS). Two parts, each checked for
# identical results before it is timed:
# * panel_overlap() on BENCH_LISTS lists of BENCH_IDS identifiers each
#   (default 4 x 1,000,000, text identifiers drawn from a pool of 2.5 million
#   people, so lists overlap and repeat), against base merge() (a full outer
#   join of the lists' distinct ids with a flag per list) and data.table
#   (rbindlist, a bit per panel summed by id, counted by bit set);
# * iom_summary() on BENCH_MEETINGS meeting rows (default 10,000,000; 1
#   million people, dates over three financial years, RAG and a risk score),
#   against the same rules written with data.table (keyed sort, shift() of
#   the risk within person and period, GForce sums, then by period).
# Writes the section "## People across panels and IOM (issue 14)" of
# bench/RESULTS.md.
#
# Environment: BENCH_IDS, BENCH_LISTS, BENCH_MEETINGS, BENCH_ROUNDS
# (rounds, default 3).

if (!file.exists("bench/people.R") || !file.exists("DESCRIPTION")) {
  stop("Run this from the package root: Rscript bench/people.R")
}
for (p in c("reoffending", "data.table")) {
  if (!requireNamespace(p, quietly = TRUE)) stop("Package ", p, " is needed.")
}
source("bench/common.R")  # say, load_average, write_results_section
suppressPackageStartupMessages({
  library(reoffending)
  library(data.table)
})

IDS <- as.integer(as.numeric(Sys.getenv("BENCH_IDS", "1e6")))
LISTS <- as.integer(Sys.getenv("BENCH_LISTS", "4"))
MEETINGS <- as.integer(as.numeric(Sys.getenv("BENCH_MEETINGS", "1e7")))
ROUNDS <- as.integer(Sys.getenv("BENCH_ROUNDS", "3"))
SECTION <- "## People across panels and IOM (issue 14)"
started <- Sys.time()
load_at_start <- load_average()
set.seed(14)

# Median and min wall time of each expression over ROUNDS rounds, every
# expression once a round after a gc(), so that load falls on all alike.
time_rounds <- function(exprs) {
  times <- matrix(NA_real_, ROUNDS, length(exprs),
                  dimnames = list(NULL, names(exprs)))
  for (r in seq_len(ROUNDS)) {
    for (e in names(exprs)) {
      gc(FALSE)
      times[r, e] <- system.time(exprs[[e]]())[["elapsed"]]
    }
  }
  data.frame(expression = names(exprs),
             median = apply(times, 2, stats::median),
             min = apply(times, 2, min), row.names = NULL)
}
table_lines <- function(t, ours) {
  ref <- t$median[t$expression == ours]
  c("| Expression | Median (s) | Min (s) | Ratio (time / ours) |",
    "|:---|---:|---:|---:|",
    sprintf("| `%s` | %.2f | %.2f | %.2f |", t$expression, t$median, t$min,
            t$median / ref))
}

# ---- panel_overlap ---------------------------------------------------------

say("panel lists:", LISTS, "x", IDS)
pool <- sprintf("P%08d", seq_len(2.5e6))
panels <- paste0("L", seq_len(LISTS))
lists <- lapply(panels, function(p) {
  data.frame(id = sample(pool, IDS, replace = TRUE), stringsAsFactors = FALSE)
})
names(lists) <- panels

ours_overlap <- function() {
  do.call(panel_overlap, c(lists, id = "id", id_format = "text"))
}
merge_overlap <- function() {
  flagged <- lapply(panels, function(p) {
    d <- data.frame(id = unique(lists[[p]]$id), stringsAsFactors = FALSE)
    d[[p]] <- TRUE
    d
  })
  all <- Reduce(function(a, b) merge(a, b, by = "id", all = TRUE), flagged)
  on <- as.matrix(all[panels])
  on[is.na(on)] <- FALSE
  mask <- as.vector(on %*% 2^(seq_along(panels) - 1))
  table(mask)
}
dt_overlap <- function() {
  long <- rbindlist(lapply(seq_along(panels), function(k) {
    data.table(id = lists[[k]]$id, bit = 2L^(k - 1L))
  }))
  long <- unique(long)
  long[, .(mask = sum(bit)), by = id][, .N, keyby = mask]
}

ours <- ours_overlap()
check_merge <- merge_overlap()
check_dt <- dt_overlap()
body <- ours$combination != "All people"
mask_of <- vapply(strsplit(gsub(" only", "", ours$combination[body]),
                           ", | and "),
                  function(p) sum(2^(match(p, panels) - 1)), numeric(1))
ours_counts <- setNames(ours$people[body], mask_of)[order(mask_of)]
stopifnot(identical(as.numeric(names(check_merge)),
                    as.numeric(names(ours_counts))),
          all(as.vector(check_merge) == ours_counts),
          all(check_dt$N == ours_counts))
say("overlap results agree; timing")
overlap_times <- time_rounds(list(
  "reoffending::panel_overlap" = ours_overlap,
  "base merge() of the lists" = merge_overlap,
  "data.table rbindlist + by" = dt_overlap))
ids_c <- match(unlist(lapply(lists, `[[`, "id")), pool)
panel_c <- rep(seq_along(panels), each = IDS)
c_only <- time_rounds(list(
  ".Call(C_panel_overlap) on integer codes" = function() {
    .Call(reoffending:::C_panel_overlap, ids_c, panel_c, length(pool),
          length(panels))
  }))
pnc_pool <- local({
  year <- sample(1990:2016, 2.5e6, replace = TRUE)
  serial <- sample(0:9999999, 2.5e6)
  s <- sprintf("%07d", serial)
  paste0(year, "/", s, reoffending:::pnc_check_character(
    sprintf("%02d", year %% 100), s))
})
pnc_lists <- lapply(lists, function(d) {
  data.frame(id = pnc_pool[match(d$id, pool)], stringsAsFactors = FALSE)
})
pnc_time <- time_rounds(list(
  "panel_overlap, PNC IDs checked" = function() {
    do.call(panel_overlap, c(pnc_lists, id = "id"))
  }))
rm(lists, pnc_lists, pnc_pool, ids_c, panel_c)
gc(FALSE)

# ---- iom_summary -----------------------------------------------------------

say("meetings:", MEETINGS)
people <- sprintf("N%07d", seq_len(1e6))
meetings <- data.frame(
  id = sample(people, MEETINGS, replace = TRUE),
  date = as.Date("2014-04-01") + sample.int(1095L, MEETINGS, replace = TRUE),
  rag = sample(c("Red", "Amber", "Green"), MEETINGS, replace = TRUE),
  risk = sample.int(100L, MEETINGS, replace = TRUE) + 0,
  stringsAsFactors = FALSE)
meetings <- meetings[!duplicated(data.table(meetings$id, meetings$date)), ]
say("meetings after dropping repeats:", nrow(meetings))
years <- financial_years(2014, 2016)
as_at <- as.Date("2017-11-30")

ours_iom <- function() {
  iom_summary(meetings, period = years, risk = risk, as_at = as_at)
}
dt_iom <- function() {
  d <- as.data.table(meetings)
  d[, period := findInterval(as.numeric(date), as.numeric(years$start))]
  setkey(d, id, period, date)
  d[, step := risk - shift(risk), by = .(id, period)]
  d[, green := rag == "Green"]
  per <- d[, .(occasions = .N, green = sum(green), last_green = last(green),
               up = sum(step > 0, na.rm = TRUE),
               down = sum(step < 0, na.rm = TRUE)), by = .(id, period)]
  per[, .(nominals = .N, occasions = sum(occasions), green = sum(green),
          green_nominals = sum(last_green),
          decreasing = sum(down > 0 & up == 0),
          increasing = sum(up > 0 & down == 0)), keyby = period]
}
a <- ours_iom()
b <- dt_iom()
stopifnot(all(a$nominals == b$nominals), all(a$occasions == b$occasions),
          all(a$green_occasions == b$green),
          all(a$green_nominals == b$green_nominals),
          all(a$decreasing == b$decreasing),
          all(a$increasing == b$increasing))
say("IOM results agree; timing")
iom_times <- time_rounds(list(
  "reoffending::iom_summary" = ours_iom,
  "data.table keyed, shift, by" = dt_iom))

# ---- Results ---------------------------------------------------------------

elapsed <- as.numeric(difftime(Sys.time(), started, units = "mins"))
section <- c(
  SECTION, "",
  sprintf("Generated by `Rscript bench/people.R` on %s (%.1f min).",
          format(started, "%Y-%m-%d %H:%M UTC", tz = "UTC"), elapsed),
  "",
  sprintf("- Machine: `nproc` = %s; %s; shared with other sessions building and testing at the same time, so times are noisy: load average (1, 5, 15 min) at start %s, at end %s.",
          parallel::detectCores(), R.version.string, load_at_start,
          load_average()),
  sprintf("- reoffending %s, data.table %s (threads: %d).",
          utils::packageVersion("reoffending"),
          utils::packageVersion("data.table"), getDTthreads()),
  sprintf("- Method: %d rounds, every expression once a round after `gc()`; median and min wall time. Ratio = time of the row / time of the reoffending function (> 1: reoffending is faster). Results checked identical before timing.", ROUNDS),
  "",
  sprintf("### `panel_overlap()`: %d lists of %s text ids (pool of 2.5 million people)",
          LISTS, format(IDS, big.mark = ",")),
  "",
  table_lines(rbind(overlap_times, c_only, pnc_time),
              "reoffending::panel_overlap"),
  "",
  paste("Note: `panel_overlap` also normalises identifiers (once per",
        "distinct value), finds repeats within lists and builds the",
        "report table with its notes and the per-person record; the peers",
        "count combinations only. The PNC row normalises and checks the",
        "check character of every distinct PNC ID in the lists."),
  "",
  sprintf("### `iom_summary()`: %s meeting rows, 1 million people, 3 financial years",
          format(nrow(meetings), big.mark = ",")),
  "",
  table_lines(iom_times, "reoffending::iom_summary"),
  "",
  paste("Note: both compute nominals, occasions, Green occasions, nominals",
        "ending Green and consistent decreases and increases in risk per",
        "year (no custody or arrests); `iom_summary` also validates the",
        "RAG, dates and ids and checks for repeated meetings."))
write_results_section("bench/RESULTS.md", SECTION, section)
say("done")
