# Benchmarks for write_report() (issue 5): writing a 1,000,000-row x
# 10-column table to a formatted .xlsx workbook.
#
# Run from the package root:  Rscript bench/write_report.R
#
# Uses the *installed* reoffending (the first on .libPaths(), so R_LIBS is
# honoured; `make bench` installs it to .lib first). Generates the table once
# (3 integer counts, 3 proportions in 0..1 with the percent role, 2 text
# columns, 2 Dates; no NA), saves it as an .rds for the R contenders and as
# flat binary / text files for the bare C program, builds bench/bare_xlsx.c
# with gcc -O2 against libxlsxwriter (the floor), then runs every contender
# in its own process, round robin (the starting contender rotates each round):
#
#   write_report     reoffending::write_report(report_table(d, roles), ...)
#   bare C (cm)      bench/bare_xlsx.c, libxlsxwriter constant_memory mode
#   bare C (std)     bench/bare_xlsx.c, libxlsxwriter standard mode
#   openxlsx         writeData + createStyle(numFmt) / addStyle per column
#   writexl          write_xlsx (no styles: it has none)
#   aftables         create_aftable + generate_workbook + openxlsx2::wb_save,
#                    when it loads (see below)
#   profile          write_report's own steps timed one by one (not a
#                    contender: the breakdown of where its time goes)
#
# Each R process loads its packages and the .rds, runs gc(), reads its VmRSS
# (the baseline), and times only the write (wall clock, proc.time()); the C
# program times the write inside itself (read time reported apart). Peak RSS
# of the whole process is measured by `/usr/bin/time -f %M`; "peak over
# baseline" = peak - baseline is the memory the write itself needed. Every
# output is then read back with readxl (first and last rows compared with the
# data), and the section "## Excel workbooks (issue 5)" of bench/RESULTS.md is
# written (replaced if present; other sections are left alone).
#
# Environment: BENCH_N (rows, default 1e6), BENCH_ROUNDS (runs per
# contender, default 4, at least 2), BENCH_SLOW_ROUNDS (runs of openxlsx and
# aftables, which take minutes each, default 2), BENCH_TIMEOUT (seconds a
# single run may take before it is killed, default 1800), BENCH_AFTABLES_LIB
# (a library put first on .libPaths() in the aftables process only, e.g. one
# holding the
# newer dplyr that aftables >= 2 needs; the Debian dplyr 1.0.10 lacks
# join_by()), BENCH_SKIP (comma-separated contenders to leave out).
#
# The same file is the worker: `Rscript bench/write_report.R --worker NAME
# DATA.rds OUT.xlsx RESULT.dcf` runs one contender once.

# ---------------------------------------------------------------------------
# Worker: one contender, once, in its own process
# ---------------------------------------------------------------------------
source("bench/common.R")  # status_kb

COUNTS <- c("offenders", "reoffenders", "reoffences")
SHARES <- c("share_reoffending", "share_custody", "share_licence")
TEXTS <- c("borough", "team")
DATES <- c("start_date", "review_date")
TITLE <- "Proven reoffending by team, synthetic data"
ROLES <- c(stats::setNames(rep("count", 3), COUNTS),
           stats::setNames(rep("percent", 3), SHARES),
           stats::setNames(rep("label", 2), TEXTS))

run_worker <- function(name, data_path, out, result) {
  elapsed <- function() proc.time()[["elapsed"]]
  info <- list()
  # Load the contender's packages first, so that they are in the baseline.
  switch(name,
         write_report = , `write_report (suppress = NULL)` = ,
         `write_report (streamed, suppress = NULL)` = ,
         profile = suppressPackageStartupMessages(
           library(reoffending)),
         openxlsx = loadNamespace("openxlsx"),
         writexl = , `writexl (styled)` = loadNamespace("writexl"),
         aftables = {
           extra <- Sys.getenv("BENCH_AFTABLES_LIB")
           if (nzchar(extra)) .libPaths(c(extra, .libPaths()))
           loadNamespace("aftables")
           loadNamespace("openxlsx2")
           # aftables >= 2 uses dplyr::join_by (dplyr >= 1.1.0).
           if (!exists("join_by", asNamespace("dplyr"))) {
             stop("aftables needs dplyr >= 1.1.0 (join_by); dplyr ",
                  utils::packageVersion("dplyr"), " is installed")
           }
           info$aftables <- as.character(utils::packageVersion("aftables"))
           info$openxlsx2 <- as.character(utils::packageVersion("openxlsx2"))
           info$dplyr <- as.character(utils::packageVersion("dplyr"))
         },
         stop("unknown contender ", name))
  d <- readRDS(data_path)
  n <- nrow(d)
  invisible(gc())
  info$rss_base_kb <- status_kb("VmRSS")
  info$hwm_base_kb <- status_kb("VmHWM")
  unlink(out)

  if (name == "write_report") {
    t0 <- elapsed()
    rt <- report_table(d, roles = ROLES)
    t1 <- elapsed()
    write_report(rt, out, title = TITLE, source = "Synthetic data")
    t2 <- elapsed()
    info$prep_s <- t1 - t0       # report_table(): not in time_s
    info$time_s <- t2 - t1
  } else if (startsWith(name, "write_report (")) {
    # The writer alone (no small-number suppression), in memory with an
    # Excel table object, or streamed (constant-memory mode) as a workbook
    # over the threshold is: the same modes as the bare C program's.
    if (grepl("streamed", name)) options(reoffending.stream_cells = 0)
    rt <- report_table(d, roles = ROLES)
    t1 <- elapsed()
    write_report(rt, out, title = TITLE, source = "Synthetic data",
                 suppress = NULL)
    info$time_s <- elapsed() - t1
  } else if (name == "profile") {
    info <- c(info, profile_write_report(d, out))
  } else if (name == "openxlsx") {
    t0 <- elapsed()
    wb <- openxlsx::createWorkbook()
    openxlsx::addWorksheet(wb, "Table_1")
    title_style <- openxlsx::createStyle(fontSize = 16, textDecoration = "bold")
    header_style <- openxlsx::createStyle(textDecoration = "bold",
                                          wrapText = TRUE, border = "bottom")
    styles <- list(
      count = openxlsx::createStyle(numFmt = "#,##0", halign = "right"),
      percent = openxlsx::createStyle(numFmt = "0.0%", halign = "right"),
      date = openxlsx::createStyle(numFmt = "d mmm yyyy", halign = "right"))
    openxlsx::writeData(wb, "Table_1", TITLE, startRow = 1)
    openxlsx::addStyle(wb, "Table_1", title_style, rows = 1, cols = 1)
    openxlsx::writeData(wb, "Table_1", "This worksheet contains one table.",
                        startRow = 2)
    openxlsx::writeData(wb, "Table_1", "Source: Synthetic data", startRow = 3)
    openxlsx::writeData(wb, "Table_1", d, startRow = 4,
                        headerStyle = header_style)
    rows <- 4L + seq_len(n)
    for (k in seq_along(d)) {
      kind <- column_kind(names(d)[k])
      if (kind != "text") {
        openxlsx::addStyle(wb, "Table_1", styles[[kind]], rows = rows,
                           cols = k)
      }
    }
    openxlsx::setColWidths(wb, "Table_1", seq_along(d),
                           c(24, 12, 14, 14, 10, 10, 10, 10, 10, 10))
    openxlsx::saveWorkbook(wb, out, overwrite = TRUE)
    info$time_s <- elapsed() - t0
  } else if (name == "writexl") {
    t0 <- elapsed()
    writexl::write_xlsx(list(Table_1 = d), out)
    info$time_s <- elapsed() - t0
  } else if (name == "writexl (styled)") {
    # writexl >= 2.0 has formats: the same number formats, per column.
    t0 <- elapsed()
    right <- writexl::xl_align(horizontal = "right")
    sheet <- writexl::xl_sheet(d, cols = list(
      writexl::xl_col_spec(COUNTS, format = writexl::xl_num_format("#,##0") +
                             right),
      writexl::xl_col_spec(SHARES, format = writexl::xl_num_format("0.0%") +
                             right),
      writexl::xl_col_spec(DATES, format =
                             writexl::xl_num_format("d mmm yyyy") + right)))
    writexl::write_xlsx(list(Table_1 = sheet), out)
    info$time_s <- elapsed() - t0
  } else if (name == "aftables") {
    t0 <- elapsed()
    at <- aftables::create_aftable(
      tab_titles = c("Cover", "Contents", "Table_1"),
      sheet_types = c("cover", "contents", "tables"),
      sheet_titles = c(TITLE, "Table of contents", TITLE),
      sources = c(NA, NA, "Synthetic data"),
      tables = list(
        list(`About these tables` = "One table of synthetic data.",
             Source = "Synthetic data"),
        data.frame(`Sheet name` = "Table_1", `Sheet title` = TITLE,
                   check.names = FALSE),
        d))
    t1 <- elapsed()
    wb <- aftables::generate_workbook(at)
    t2 <- elapsed()
    openxlsx2::wb_save(wb, out, overwrite = TRUE)
    t3 <- elapsed()
    info$create_s <- t1 - t0
    info$generate_s <- t2 - t1
    info$save_s <- t3 - t2
    info$time_s <- t3 - t0
  }
  info$hwm_end_kb <- status_kb("VmHWM")
  write.dcf(as.data.frame(lapply(info, as.character), optional = TRUE),
            result)
}

column_kind <- function(name) {
  if (name %in% COUNTS) "count" else if (name %in% SHARES) "percent" else
    if (name %in% DATES) "date" else "text"
}

# write_report()'s own steps (R/excel.R), timed one by one, then the layout
# again under Rprof, then write_report() on 1,000 rows (its fixed cost).
profile_write_report <- function(d, out) {
  ns <- asNamespace("reoffending")
  elapsed <- function() proc.time()[["elapsed"]]
  out_info <- list()
  t <- elapsed()
  rt <- ns$report_table(d, roles = ROLES)
  lap <- function() {
    now <- elapsed()
    s <- now - t
    t <<- now
    s
  }
  out_info$prep_s <- lap()
  tables <- ns$as_table_list(rt)
  path <- ns$check_output_path(out, TRUE)
  if (exists("suppress_tables", ns)) tables <- ns$suppress_tables(tables, 5)
  out_info$input_s <- lap()
  layout <- ns$layout_workbook(tables, TITLE, "Synthetic data", NULL,
                               Sys.Date(), NULL)
  out_info$layout_s <- lap()
  properties <- enc2utf8(c(
    title = TITLE,
    subject = paste0("Tables: ", paste(layout$descriptions, collapse = "; ")),
    author = "reoffending", keywords = "benchmark",
    comments = paste("Written by the R package reoffending",
                     utils::packageVersion("reoffending")),
    category = "Statistics", Language = "en-GB"))
  formats <- layout$formats$table()
  cells <- sum(vapply(tables, function(x) as.double(nrow(x)) * ncol(x),
                      numeric(1)))
  out_info$glue_s <- lap()
  tmp <- tempfile(pattern = ".reoffending-", tmpdir = dirname(path),
                  fileext = ".xlsx")
  .Call(ns$C_write_xlsx, tmp, properties, formats, layout$sheets,
        cells > ns$stream_cells)
  out_info$call_s <- lap()
  file.rename(tmp, path)
  out_info$rename_s <- lap()
  out_info$time_s <- out_info$input_s + out_info$layout_s +
    out_info$glue_s + out_info$call_s + out_info$rename_s
  out_info$streamed <- cells > ns$stream_cells

  # Pieces of the layout of the big table sheet (table_sheet()), one by one.
  x <- tables[[1L]]
  t <- elapsed()
  meta <- ns$table_meta(x)
  roles <- stats::setNames(meta$columns$role, names(x))
  totals <- ns$is_total_row(meta)
  out_info$lay_roles_totals_s <- lap()
  for (k in DATES) invisible(as.double(unclass(x[[k]])) + 25569)
  out_info$lay_dates_s <- lap()
  for (k in c(COUNTS, SHARES)) {
    v <- as.double(x[[k]])
    v[!is.finite(v)] <- NA_real_
    invisible(ns$number_width(v, roles[[k]]))
    invisible(ns$role_number_format(roles[[k]], v))
  }
  out_info$lay_numbers_s <- lap()
  text <- lapply(TEXTS, function(k) enc2utf8(as.character(x[[k]])))
  out_info$lay_text_enc2utf8_s <- lap()
  for (k in seq_along(TEXTS)) {
    invisible(ns$text_formats(text[[k]], "label", totals, ns$format_registry(),
                              FALSE, NULL))
  }
  out_info$lay_text_formats_s <- lap()
  for (k in seq_along(TEXTS)) invisible(ns$text_width(text[[k]]))
  out_info$lay_text_width_s <- lap()
  for (k in seq_along(d)) invisible(any(is.na(x[[k]])))
  out_info$lay_is_na_s <- lap()
  na_fill <- ifelse(totals, "[z]", "[x]")
  out_info$lay_na_fill_s <- lap()
  if (exists("confidential_cells", ns)) {
    confidential <- ns$confidential_cells(x)
    out_info$lay_confidential_s <- lap()
    for (k in seq_along(d)) {
      fill <- na_fill
      fill[confidential[, k]] <- "[c]"
    }
    out_info$lay_fill_copies_s <- lap()
  }
  invisible(ns$check_text_length(text, "Table_1"))
  out_info$lay_check_text_length_s <- lap()

  prof <- tempfile(fileext = ".Rprof")
  utils::Rprof(prof, interval = 0.005)
  invisible(ns$layout_workbook(tables, TITLE, "Synthetic data", NULL,
                               Sys.Date(), NULL))
  utils::Rprof(NULL)
  sp <- utils::summaryRprof(prof)
  top <- utils::head(sp$by.self[sp$by.self$self.time > 0, ], 8)
  out_info$rprof_by_self <- paste(sprintf("%s=%.3f", rownames(top),
                                          top$self.time), collapse = ";")
  out_info$rprof_total <- sp$sampling.time
  unlink(prof)

  small <- ns$report_table(d[seq_len(1000L), ], roles = ROLES)
  small_out <- sub("[.]xlsx$", "-small.xlsx", out)
  t <- elapsed()
  ns$write_report(small, small_out, title = TITLE, source = "Synthetic data",
                  overwrite = TRUE)
  out_info$small_s <- lap()
  unlink(small_out)
  out_info
}

args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1L && args[1L] == "--worker") {
  if (length(args) != 5L) stop("usage: --worker NAME DATA.rds OUT.xlsx RESULT")
  run_worker(args[2L], args[3L], args[4L], args[5L])
  quit(save = "no", status = 0)
}

# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------
if (!file.exists("bench/bare_xlsx.c") || !file.exists("DESCRIPTION")) {
  stop("Run this from the package root: Rscript bench/write_report.R")
}
for (p in c("reoffending", "readxl")) {
  if (!nzchar(system.file(package = p))) stop("Package ", p, " is needed.")
}
source("bench/common.R")  # say, sh, md_table, yes_no, write_results_section
# The source the installed copy was presumably built from, as at the start.
commit <- system("git rev-parse --short HEAD", intern = TRUE)
dirty <- system("git status --porcelain -- R src DESCRIPTION NAMESPACE",
                intern = TRUE)
N <- as.integer(as.numeric(Sys.getenv("BENCH_N", "1e6")))
ROUNDS <- max(2L, as.integer(Sys.getenv("BENCH_ROUNDS", "4")))
# openxlsx and aftables take minutes a run: they run in the first
# SLOW_ROUNDS rounds only.
SLOW <- c("openxlsx", "aftables")
SLOW_ROUNDS <- min(ROUNDS, max(2L, as.integer(Sys.getenv("BENCH_SLOW_ROUNDS",
                                                         "2"))))
TIMEOUT <- as.numeric(Sys.getenv("BENCH_TIMEOUT", "1800"))
SKIP <- strsplit(Sys.getenv("BENCH_SKIP", ""), ",")[[1]]
AFT_LIB <- Sys.getenv("BENCH_AFTABLES_LIB")
SECTION <- "## Excel workbooks (issue 5)"
RESULTS <- "bench/RESULTS.md"
SCRIPT <- "bench/write_report.R"
started <- Sys.time()
loadavg <- function() {
  x <- tryCatch(readLines("/proc/loadavg", 1L), error = function(e) "")
  as.numeric(strsplit(x, " ")[[1]][1:3])
}
load_start <- loadavg()
num <- function(x) suppressWarnings(as.numeric(x))
work <- tempfile("xlsx_bench_")
dir.create(work)

# A snapshot of the installed reoffending, put first on R_LIBS for every
# worker, so that a reinstall into the same library while this runs (make
# install, make test) cannot change or break the package under test.
installed_from <- find.package("reoffending")
snap_lib <- file.path(work, "lib")
dir.create(snap_lib)
if (!file.copy(installed_from, snap_lib, recursive = TRUE)) {
  stop("Could not copy ", installed_from, " to ", snap_lib)
}
Sys.setenv(R_LIBS = paste(c(snap_lib, Sys.getenv("R_LIBS")[nzchar(
  Sys.getenv("R_LIBS"))]), collapse = ":"))
check <- system2(file.path(R.home("bin"), "Rscript"),
                 c("-e", shQuote(paste0(
                   "suppressPackageStartupMessages(library(reoffending));",
                   "stopifnot(is.function(write_report));",
                   "cat(find.package('reoffending'))"))),
                 stdout = TRUE, stderr = TRUE)
if (!identical(check, file.path(snap_lib, "reoffending"))) {
  stop("The snapshot of reoffending does not load: ",
       paste(check, collapse = " "))
}
pkg_version <- read.dcf(file.path(snap_lib, "reoffending", "DESCRIPTION"),
                        "Version")[1L, 1L]

# ---------------------------------------------------------------------------
# The data, once: an .rds for R and flat files for C
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
make_data <- function(n, seed = 20161130) {
  set.seed(seed)
  borough <- sample(boroughs, n, replace = TRUE)
  # "Lewisham 17"-like team names: ~3,300 distinct values of varying length.
  team <- paste(sub(" .*", "", borough), sample.int(100L, n, replace = TRUE))
  start <- as.Date("2014-01-01") + sample.int(3000L, n, replace = TRUE)
  offenders <- sample.int(5000L, n, replace = TRUE)
  reoffenders <- as.integer(round(offenders * runif(n, 0.1, 0.5)))
  reoffences <- as.integer(reoffenders * sample.int(6L, n, replace = TRUE))
  data.frame(
    borough = borough, team = team, start_date = start,
    review_date = start + sample.int(365L, n, replace = TRUE),
    offenders = offenders, reoffenders = reoffenders, reoffences = reoffences,
    share_reoffending = reoffenders / offenders,
    share_custody = runif(n), share_licence = runif(n) * 0.5,
    stringsAsFactors = FALSE)
}
say("generating", format(N, big.mark = ","), "rows x 10 columns")
d <- make_data(N)
stopifnot(identical(sort(names(d)), sort(c(COUNTS, SHARES, TEXTS, DATES))))
data_rds <- file.path(work, "data.rds")
saveRDS(d, data_rds, compress = FALSE)
data_dir <- file.path(work, "data")
dir.create(data_dir)
kinds <- vapply(names(d), column_kind, character(1))
writeLines(paste(names(d), kinds, sep = "\t"),
           file.path(data_dir, "columns.tsv"))
for (k in seq_along(d)) {
  f <- file.path(data_dir, sprintf("col_%02d.%s", k, switch(
    kinds[[k]], count = "i32", text = "txt", "f64")))
  v <- d[[k]]
  switch(kinds[[k]],
         count = writeBin(as.integer(v), f, size = 4L),
         percent = writeBin(as.double(v), f, size = 8L),
         date = writeBin(as.double(unclass(v)), f, size = 8L),
         text = writeLines(v, f, useBytes = TRUE))
}
data_mib <- as.numeric(object.size(d)) / 1024^2

# ---------------------------------------------------------------------------
# The bare C program
# ---------------------------------------------------------------------------
bare <- file.path(work, "bare_xlsx")
lxw_flags <- sh("pkg-config --cflags --libs xlsxwriter")
if (!nzchar(lxw_flags)) stop("pkg-config does not know xlsxwriter.")
cc <- sprintf("gcc -O2 -o %s bench/bare_xlsx.c %s", shQuote(bare), lxw_flags)
say(cc)
if (system(cc) != 0L) stop("Building bench/bare_xlsx.c failed.")

# ---------------------------------------------------------------------------
# Running one contender once
# ---------------------------------------------------------------------------
contenders <- c("write_report", "write_report (suppress = NULL)",
                "write_report (streamed, suppress = NULL)", "bare C (cm)",
                "bare C (std)", "openxlsx",
                "writexl", "writexl (styled)", "aftables")
slug <- function(name) gsub("[^a-z]+", "_", tolower(name))
run_one <- function(name, data = data_rds, cdata = data_dir) {
  out <- file.path(work, paste0(slug(name), ".xlsx"))
  unlink(out)
  rss_file <- file.path(work, "rss.txt")
  res_file <- file.path(work, "result.dcf")
  log_file <- file.path(work, "log.txt")
  unlink(c(rss_file, res_file))
  load <- loadavg()[1L]
  if (startsWith(name, "bare C")) {
    cmd <- c(bare, cdata, out, if (grepl("cm", name)) "cm" else "std")
  } else {
    cmd <- c(file.path(R.home("bin"), "Rscript"), SCRIPT, "--worker", name,
             data, out, res_file)
  }
  env <- character()
  if (name == "aftables" && nzchar(AFT_LIB)) {
    env <- paste0("R_LIBS=", AFT_LIB)
  }
  status <- system2("/usr/bin/timeout",
                    c(TIMEOUT, "/usr/bin/time", "-f", "%M", "-o", rss_file,
                      shQuote(cmd)),
                    stdout = log_file, stderr = log_file, env = env)
  log <- readLines(log_file, warn = FALSE)
  peak <- suppressWarnings(as.numeric(tail(readLines(rss_file, warn = FALSE),
                                           1L)))
  if (status != 0L) {
    err <- grep("^Error", log)
    why <- if (status == 124L) {
      sprintf("timed out after %.0f s", TIMEOUT)
    } else if (length(err)) {
      # The message may go on over the next line(s), up to "Execution halted".
      msg <- log[err[1L]:length(log)]
      msg <- msg[!grepl("^Execution halted|^Command exited", msg)]
      gsub("\\s+", " ", sub("^Error[^:]*: *", "", paste(msg, collapse = " ")))
    } else {
      paste(tail(log, 3L), collapse = " ")
    }
    return(list(ok = FALSE, why = why, out = out, load = load))
  }
  if (startsWith(name, "bare C")) {
    line <- grep("write_s=", log, value = TRUE)
    kv <- strsplit(strsplit(line, " ")[[1]], "=")
    info <- stats::setNames(lapply(kv, `[`, 2L), vapply(kv, `[`, "", 1L))
    info$time_s <- info$write_s
    info$rss_base_kb <- info$rss_after_read_kb
  } else {
    info <- as.list(read.dcf(res_file)[1L, ])
  }
  c(list(ok = TRUE, out = out, load = load, peak_kb = peak), info)
}

# ---------------------------------------------------------------------------
# Can each contender run? (aftables, from CRAN, may not load.)
# ---------------------------------------------------------------------------
skipped <- list()
for (p in c("openxlsx", "writexl", "aftables")) {
  if (!nzchar(system.file(package = p, lib.loc = c(AFT_LIB[nzchar(AFT_LIB)],
                                                   .libPaths())))) {
    skipped[[p]] <- "not installed"
  }
}
if (is.null(skipped$writexl) &&
    utils::packageVersion("writexl") < "2.0.0") {
  skipped[["writexl (styled)"]] <- "writexl < 2.0 has no formats"
}
for (s in SKIP[nzchar(SKIP)]) skipped[[s]] <- "left out (BENCH_SKIP)"
aft_trial <- NULL
if (is.null(skipped$aftables)) {
  # A trial on a tenth of the rows: does it run at all (aftables >= 2 needs
  # a newer dplyr than Debian's), and will the full size fit in memory and
  # time? Its memory and time grow about linearly with the rows.
  n_trial <- max(1000L, N %/% 10L)
  trial_rds <- file.path(work, "trial.rds")
  saveRDS(d[seq_len(n_trial), ], trial_rds)
  say("aftables trial on", format(n_trial, big.mark = ","), "rows")
  trial <- run_one("aftables", data = trial_rds)
  unlink(trial_rds)
  if (!trial$ok) {
    skipped$aftables <- paste("installed but does not run here:", trial$why)
  } else {
    scale <- N / n_trial
    need_mib <- (trial$peak_kb - num(trial$rss_base_kb)) * scale / 1024 +
      num(trial$rss_base_kb) / 1024
    need_s <- num(trial$time_s) * scale
    avail_mib <- num(sub("\\D*(\\d+).*", "\\1",
                         sh("grep MemAvailable /proc/meminfo"))) / 1024
    aft_trial <- list(rows = n_trial, time_s = num(trial$time_s),
                      peak_mib = trial$peak_kb / 1024, need_mib = need_mib,
                      need_s = need_s, avail_mib = avail_mib)
    say(sprintf(paste("  %.1f s, peak %.0f MiB; projected at full size:",
                      "%.0f s, %.0f MiB (%.0f MiB available)"),
                num(trial$time_s), trial$peak_kb / 1024, need_s, need_mib,
                avail_mib))
    if (need_mib > 0.6 * avail_mib) {
      skipped$aftables <- sprintf(paste(
        "not run at full size: on %s rows it took %.1f s and %.0f MiB, so",
        "%s rows would need about %.0f MiB, more than 60%% of the %.0f MiB",
        "available"), format(n_trial, big.mark = ","), num(trial$time_s),
        trial$peak_kb / 1024, format(N, big.mark = ","), need_mib, avail_mib)
    } else if (need_s > 0.9 * TIMEOUT) {
      skipped$aftables <- sprintf(paste(
        "not run at full size: on %s rows it took %.1f s, so %s rows would",
        "take about %.0f s, over the %.0f s limit (BENCH_TIMEOUT)"),
        format(n_trial, big.mark = ","), num(trial$time_s),
        format(N, big.mark = ","), need_s, TIMEOUT)
    }
  }
}
contenders <- setdiff(contenders, names(skipped))
for (s in names(skipped)) say("skipping", s, "-", skipped[[s]])

# ---------------------------------------------------------------------------
# Rounds
# ---------------------------------------------------------------------------
runs <- list()
failed <- list()
dropped <- list()
all_names <- c(contenders, "profile")
for (round in seq_len(ROUNDS)) {
  shift <- (round - 1L) %% length(all_names)
  order <- all_names[(seq_along(all_names) + shift - 1L) %%
                       length(all_names) + 1L]
  for (name in order) {
    if (name %in% SLOW && round > SLOW_ROUNDS) next
    # A contender that has failed twice in a row, or timed out, is dropped;
    # one failure is retried at once.
    if (isTRUE(dropped[[name]])) next
    r <- run_one(name)
    if (!r$ok && !grepl("timed out", r$why)) {
      say(sprintf("round %d %-13s failed (%s); retrying", round, name, r$why))
      r <- run_one(name)
    }
    if (!r$ok) {
      say(sprintf("round %d %-13s FAILED: %s", round, name, r$why))
      failed[[name]] <- c(failed[[name]], sprintf("round %d: %s", round,
                                                  r$why))
      dropped[[name]] <- TRUE
      next
    }
    r$round <- round
    runs[[length(runs) + 1L]] <- c(list(name = name), r)
    say(sprintf("round %d %-13s %8.2f s  peak %7.0f MiB  (base %5.0f MiB, load %.2f)",
                round, name, as.numeric(r$time_s), r$peak_kb / 1024,
                as.numeric(r$rss_base_kb) / 1024, r$load))
  }
}
load_end <- loadavg()
field <- function(name, key) {
  vapply(Filter(function(r) r$name == name, runs), function(r) {
    v <- r[[key]]
    if (is.null(v)) NA_real_ else num(v)
  }, numeric(1))
}
summary_of <- function(name) {
  time <- field(name, "time_s")
  peak <- field(name, "peak_kb")
  base <- field(name, "rss_base_kb")
  data.frame(name = name, runs = length(time), median_s = stats::median(time),
             min_s = min(time), max_s = max(time),
             peak_mib = stats::median(peak) / 1024,
             base_mib = stats::median(base) / 1024,
             over_mib = stats::median(peak - base) / 1024,
             stringsAsFactors = FALSE)
}
ok_names <- intersect(contenders, vapply(runs, `[[`, "", "name"))
if (!all(c("write_report", "bare C (cm)") %in% ok_names) ||
    !"profile" %in% vapply(runs, `[[`, "", "name")) {
  stop("write_report, bare C (cm) or the profile never ran: ",
       paste(unlist(failed), collapse = "; "))
}
tab <- do.call(rbind, lapply(ok_names, summary_of))
ours <- tab$median_s[tab$name == "write_report"]
tab$ratio <- tab$median_s / ours
loads <- vapply(runs, function(r) r$load, numeric(1))

# ---------------------------------------------------------------------------
# Read back: first and last rows of every output, and the number formats
# ---------------------------------------------------------------------------
say("reading the outputs back with readxl")
read_back <- function(path, sheet = "Table_1") {
  top <- readxl::read_excel(path, sheet, range = "A1:A8", col_names = FALSE,
                            col_types = "text", .name_repair = "minimal")
  h <- match(names(d)[1L], top[[1L]])
  if (is.na(h)) return("header row not found")
  head <- readxl::read_excel(path, sheet, skip = h - 1L, n_max = 5L,
                             .name_repair = "minimal")
  # Open-ended: from 4 rows before the last data row to the end of the sheet.
  tail <- readxl::read_excel(path, sheet,
                             range = readxl::cell_limits(c(h + N - 4L, 1L),
                                                         c(NA, NA)),
                             col_names = FALSE, .name_repair = "minimal")
  if (!identical(names(head), names(d))) return("header differs")
  if (nrow(tail) != 5L || ncol(tail) != ncol(d)) {
    return(sprintf("last rows: %d x %d, not 5 x %d", nrow(tail), ncol(tail),
                   ncol(d)))
  }
  worst <- 0
  for (part in list(list(head, seq_len(5L)), list(tail, N - 4:0))) {
    got <- part[[1L]]
    want <- d[part[[2L]], ]
    for (k in seq_along(d)) {
      g <- got[[k]]
      w <- want[[k]]
      same <- switch(column_kind(names(d)[k]),
        date = inherits(g, "POSIXct") && identical(as.Date(g), w),
        text = identical(as.character(g), w),
        {
          worst <- max(worst, abs(as.numeric(g) - w) / pmax(abs(w), 1))
          is.numeric(g) && all(abs(as.numeric(g) - w) <= 1e-12 * abs(w))
        })
      if (!isTRUE(same)) {
        return(sprintf("%s differs (got %s)", names(d)[k],
                       paste(format(utils::head(g, 2)), collapse = ", ")))
      }
    }
  }
  sprintf("ok (max rel. diff %.1g)", worst)
}
number_formats <- function(path) {
  ex <- file.path(work, "styles")
  unlink(ex, recursive = TRUE)
  got <- tryCatch(utils::unzip(path, files = "xl/styles.xml", exdir = ex),
                  error = function(e) character())
  if (!length(got)) return("?")
  xml <- paste(readLines(got, warn = FALSE), collapse = "")
  custom <- regmatches(xml, gregexpr('formatCode="[^"]*"', xml))[[1]]
  custom <- gsub('formatCode="|"$', "", custom)
  ids <- unique(regmatches(xml, gregexpr('numFmtId="[0-9]+"', xml))[[1]])
  builtin <- c(`3` = "#,##0", `14` = "m/d/yyyy (built-in)",
               `10` = "0.00%", `9` = "0%", `4` = "#,##0.00")
  used <- gsub("\\D", "", ids)
  b <- builtin[intersect(names(builtin), used)]
  paste0("`", unique(c(b, custom)), "`", collapse = ", ")
}
checks <- lapply(ok_names, function(name) {
  path <- file.path(work, paste0(slug(name), ".xlsx"))
  list(name = name, read = read_back(path), formats = number_formats(path),
       size = file.size(path))
})
names(checks) <- ok_names
for (ch in checks) say(sprintf("  %-13s %s; %s", ch$name, ch$read, ch$formats))

# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------
row_of <- function(name) tab[tab$name == name, ]
wr <- row_of("write_report")
cm <- row_of("bare C (cm)")
has <- function(name) name %in% tab$name
vs_floor <- wr$median_s / cm$median_s
of <- function(name, key) {
  if (has(name)) row_of(name)[[key]] else NA_real_
}
vs_openxlsx <- of("openxlsx", "median_s") / wr$median_s
vs_writexl <- of("writexl", "median_s") / wr$median_s
mem_ratio <- of("openxlsx", "over_mib") / wr$over_mib
mem_ratio_total <- of("openxlsx", "peak_mib") / wr$peak_mib
read_ok <- startsWith(checks$write_report$read, "ok")
# Load drifts over a run; the ratio of two contenders within each round
# (runs minutes apart) is steadier than the ratio of their medians.
paired <- function(a, b) {
  if (!has(a) || !has(b)) return(NA_real_)
  ta <- field(a, "time_s")
  tb <- field(b, "time_s")
  ra <- vapply(Filter(function(r) r$name == a, runs), `[[`, 0, "round")
  rb <- vapply(Filter(function(r) r$name == b, runs), `[[`, 0, "round")
  both <- intersect(ra, rb)
  stats::median(ta[match(both, ra)] / tb[match(both, rb)])
}
targets <- data.frame(
  target = c("write_report (default: suppression at 5, in memory) within 1.25x of the bare C program (constant-memory mode)",
             "write_report at least 4x faster than openxlsx",
             "write_report no slower than writexl",
             "write_report peak memory under a tenth of openxlsx's",
             "write_report output reads back (readxl, first and last rows)"),
  measured = c(
    sprintf(paste("write_report / bare C (cm) = %.2fx (%.2f s vs %.2f s);",
                  "%.2fx on min times; median of per-round ratios %.2fx"),
            vs_floor, wr$median_s, cm$median_s, wr$min_s / cm$min_s,
            paired("write_report", "bare C (cm)")),
    sprintf("openxlsx / write_report = %.1fx", vs_openxlsx),
    sprintf(paste("writexl / write_report = %.2fx (%.2fx on min times;",
                  "median of per-round ratios %.2fx); styled writexl /",
                  "write_report = %.2fx"), vs_writexl,
            of("writexl", "min_s") / wr$min_s,
            1 / paired("write_report", "writexl"),
            of("writexl (styled)", "median_s") / wr$median_s),
    sprintf(paste("peak over baseline: %.0f MiB vs openxlsx %.0f MiB",
                  "(openxlsx / ours = %.1fx); whole process: %.0f vs %.0f MiB",
                  "(%.1fx)"),
            wr$over_mib, of("openxlsx", "over_mib"), mem_ratio, wr$peak_mib,
            of("openxlsx", "peak_mib"), mem_ratio_total),
    checks$write_report$read),
  met = c(yes_no(vs_floor <= 1.25), yes_no(vs_openxlsx >= 4),
          yes_no(vs_writexl >= 1), yes_no(mem_ratio > 10), yes_no(read_ok)),
  stringsAsFactors = FALSE)
# Issue 17: the writer alone against the bare program in the same mode,
# and streamed against writexl (which streams too).
same_mode <- function(ours, bare, limit) {
  if (!has(ours) || !has(bare)) {
    return(c(paste(ours, "or", bare, "did not run"), "n/a"))
  }
  r <- of(ours, "median_s") / of(bare, "median_s")
  c(sprintf(paste("%.2fx (%.2f s vs %.2f s); %.2fx on min times; median",
                  "of per-round ratios %.2fx"), r, of(ours, "median_s"),
            of(bare, "median_s"), of(ours, "min_s") / of(bare, "min_s"),
            paired(ours, bare)), yes_no(r <= limit))
}
streamed_writexl <- if (has("writexl") &&
                        has("write_report (streamed, suppress = NULL)")) {
  r <- of("writexl", "median_s") /
    of("write_report (streamed, suppress = NULL)", "median_s")
  c(sprintf(paste("writexl / write_report = %.2fx (%.2f s vs %.2f s);",
                  "median of per-round ratios %.2fx"), r,
            of("writexl", "median_s"),
            of("write_report (streamed, suppress = NULL)", "median_s"),
            1 / paired("write_report (streamed, suppress = NULL)",
                       "writexl")), yes_no(r >= 1))
} else c("not run", "n/a")
issue17 <- rbind(
  same_mode("write_report (streamed, suppress = NULL)", "bare C (cm)", 1.15),
  same_mode("write_report (suppress = NULL)", "bare C (std)", 1.15),
  streamed_writexl)
targets <- rbind(targets, data.frame(
  target = c(paste("issue 17: write_report(suppress = NULL), streamed,",
                   "within 1.15x of the bare C program (constant-memory mode)"),
             paste("issue 17: write_report(suppress = NULL), in memory with",
                   "a table object, within 1.15x of the bare C program",
                   "(standard mode)"),
             paste("issue 17: write_report(suppress = NULL), streamed, no",
                   "slower than writexl (which streams)")),
  measured = issue17[, 1L], met = issue17[, 2L], stringsAsFactors = FALSE))

# ---------------------------------------------------------------------------
# Profile: where write_report's time goes
# ---------------------------------------------------------------------------
pf <- function(key) stats::median(field("profile", key))
prof_steps <- c(
  "input checks (as_table_list, check_output_path, suppress_tables)" =
    "input_s",
  "layout_workbook() (R)" = "layout_s",
  "properties, formats$table()" = "glue_s",
  ".Call(C_write_xlsx) (C)" = "call_s",
  "file.rename()" = "rename_s")
prof_total <- pf("time_s")
streamed <- identical(Filter(function(r) r$name == "profile", runs)[[1L]]$streamed,
                      "TRUE")
names(prof_steps)[prof_steps == "call_s"] <- sprintf(
  ".Call(C_write_xlsx) (C, %s mode)",
  if (streamed) "constant-memory" else "standard")
prof_tab <- data.frame(
  step = names(prof_steps),
  median_s = vapply(prof_steps, pf, numeric(1)), stringsAsFactors = FALSE)
prof_tab$share <- prof_tab$median_s / prof_total
lay_steps <- c(
  "roles_of() + total_rows() (startsWith on the 2 text columns)" =
    "lay_roles_totals_s",
  "Date columns: as.double() + 25569" = "lay_dates_s",
  "number columns: as.double, is.finite, number_width()" = "lay_numbers_s",
  "text columns: enc2utf8(as.character())" = "lay_text_enc2utf8_s",
  "text columns: text_formats()" = "lay_text_formats_s",
  "text columns: text_width() (nchar type = \"width\")" = "lay_text_width_s",
  "any(is.na()) per column" = "lay_is_na_s",
  "na_fill <- ifelse(totals, \"[z]\", \"[x]\")" = "lay_na_fill_s",
  "confidential_cells() (nrow x ncol logical matrices)" =
    "lay_confidential_s",
  "per column: fill <- na_fill; fill[confidential[, k]] <- \"[c]\"" =
    "lay_fill_copies_s",
  "check_text_length() (nchar type = \"chars\")" =
    "lay_check_text_length_s")
lay_tab <- data.frame(step = names(lay_steps),
                      median_s = vapply(lay_steps, pf, numeric(1)),
                      stringsAsFactors = FALSE)
lay_tab <- lay_tab[!is.na(lay_tab$median_s), ]
rprof <- Filter(function(r) r$name == "profile", runs)
rprof_last <- rprof[[length(rprof)]]$rprof_by_self
call_vs_floor <- pf("call_s") / cm$median_s
small_s <- pf("small_s")

# ---------------------------------------------------------------------------
# Console output
# ---------------------------------------------------------------------------
show_tab <- tab
for (v in c("median_s", "min_s", "max_s", "ratio")) {
  show_tab[[v]] <- sprintf("%.2f", show_tab[[v]])
}
for (v in c("peak_mib", "base_mib", "over_mib")) {
  show_tab[[v]] <- sprintf("%.0f", show_tab[[v]])
}
cat("\n")
print(show_tab, row.names = FALSE, right = FALSE)
cat("\nProfile of write_report (medians):\n")
print(transform(prof_tab, median_s = sprintf("%.3f", median_s),
                share = sprintf("%.0f%%", 100 * share)), row.names = FALSE,
      right = FALSE)
print(transform(lay_tab, median_s = sprintf("%.3f", median_s)),
      row.names = FALSE, right = FALSE)
cat("Rprof of layout_workbook (self time, s):", rprof_last, "\n")
cat("\nTargets\n")
for (k in seq_len(nrow(targets))) {
  cat(sprintf("  %-64s %-9s %s\n", targets$target[k],
              gsub("\\*", "", targets$met[k]), targets$measured[k]))
}
for (s in names(skipped)) cat("Skipped", s, ":", skipped[[s]], "\n")
for (s in names(failed)) cat("Failed", s, ":", failed[[s]], "\n")

# ---------------------------------------------------------------------------
# bench/RESULTS.md
# ---------------------------------------------------------------------------
describe <- c(
  write_report = "`reoffending::write_report` (report_table with roles)",
  `bare C (cm)` = "bare C, libxlsxwriter constant_memory (the floor)",
  `bare C (std)` = "bare C, libxlsxwriter standard mode",
  openxlsx = "`openxlsx` writeData + addStyle + saveWorkbook",
  writexl = "`writexl::write_xlsx` (no styles)",
  `writexl (styled)` = "`writexl::write_xlsx` + `xl_col_spec(format = ...)`",
  aftables = "`aftables` create_aftable + generate_workbook + wb_save")
times_md <- md_table(data.frame(
  Contender = describe[tab$name],
  `Median (s)` = sprintf("%.2f", tab$median_s),
  `Min (s)` = sprintf("%.2f", tab$min_s),
  `Ratio (time / write_report)` = sprintf("%.2f", tab$ratio),
  `Peak RSS (MiB)` = sprintf("%.0f", tab$peak_mib),
  `Baseline RSS (MiB)` = sprintf("%.0f", tab$base_mib),
  `Peak over baseline (MiB)` = sprintf("%.0f", tab$over_mib),
  `File (MiB)` = sprintf("%.0f", vapply(tab$name, function(n)
    checks[[n]]$size / 1024^2, numeric(1))),
  Runs = tab$runs,
  check.names = FALSE, stringsAsFactors = FALSE),
  c("l", "r", "r", "r", "r", "r", "r", "r", "r"))
check_md <- md_table(data.frame(
  Contender = describe[names(checks)],
  `Read back (first 5 and last 5 rows vs the data)` =
    vapply(checks, `[[`, "", "read"),
  `Number formats in styles.xml` = vapply(checks, `[[`, "", "formats"),
  check.names = FALSE, stringsAsFactors = FALSE), c("l", "l", "l"))
prof_md <- md_table(data.frame(
  Step = c(prof_tab$step, "**total** (sum of the steps)",
           "bare C (cm) write, for comparison",
           "write_report on 1,000 rows (fixed cost)"),
  `Median (s)` = sprintf("%.3f", c(prof_tab$median_s, prof_total,
                                   cm$median_s, small_s)),
  Share = c(sprintf("%.0f%%", 100 * prof_tab$share), "100%", "", ""),
  check.names = FALSE, stringsAsFactors = FALSE), c("l", "r", "r"))
lay_md <- md_table(data.frame(
  `Piece of layout_workbook (timed alone, same data)` = lay_tab$step,
  `Median (s)` = sprintf("%.3f", lay_tab$median_s),
  check.names = FALSE, stringsAsFactors = FALSE), c("l", "r"))

cpu <- sub(".*:\\s*", "", sh("grep -m1 'model name' /proc/cpuinfo"))
mem_kb <- num(sub("\\D*(\\d+).*", "\\1", sh("grep MemTotal /proc/meminfo")))
dirty <- paste(dirty, collapse = "")
pv <- function(p) {
  v <- if (p == "reoffending") pkg_version else
    tryCatch(as.character(utils::packageVersion(p)),
             error = function(e) NA_character_)
  if (is.na(v)) NULL else sprintf("%s %s", p, v)
}
writexl_lxw <- if (nzchar(system.file(package = "writexl")) &&
                   exists("lxw_version", asNamespace("writexl"))) {
  paste0(" (bundling libxlsxwriter ", writexl::lxw_version(), ")")
} else ""
versions <- paste(unlist(lapply(c("reoffending", "openxlsx", "writexl",
                                  "readxl"), pv)), collapse = ", ")
versions <- sub("(writexl [^,]*)", paste0("\\1", writexl_lxw), versions)
lxw_system <- Filter(function(r) r$name == "bare C (cm)", runs)[[1L]]$lxw
aft_versions <- if ("aftables" %in% ok_names) {
  a <- Filter(function(r) r$name == "aftables", runs)[[1L]]
  sprintf("; aftables %s with openxlsx2 %s and dplyr %s%s", a$aftables,
          a$openxlsx2, a$dplyr,
          if (nzchar(AFT_LIB)) " (from `BENCH_AFTABLES_LIB`)" else "")
} else ""
pkg_so <- file.path(snap_lib, "reoffending", "libs",
                    paste0("reoffending", .Platform$dynlib.ext))
fmt_load <- function(x) paste(sprintf("%.2f", x), collapse = ", ")
fmt_ratio <- function(x) if (is.na(x)) "n/a" else sprintf("%.2fx", x)

notes <- character()
for (s in names(skipped)) {
  notes <- c(notes, sprintf("- **%s skipped**: %s.", s, skipped[[s]]))
}
for (s in names(failed)) {
  notes <- c(notes, sprintf("- **%s failed** (%s): %s.", s,
                            if (s %in% ok_names) "its other runs are kept"
                            else "no run kept",
                            paste(failed[[s]], collapse = "; ")))
}
if (!is.null(aft_trial)) {
  notes <- c(notes, sprintf(paste(
    "- aftables was first tried on %s rows (%.1f s, peak %.0f MiB), which",
    "projects to about %.0f s and %.0f MiB at %s rows (%.0f MiB were",
    "available); it is run at full size only if that fits."),
    format(aft_trial$rows, big.mark = ","), aft_trial$time_s,
    aft_trial$peak_mib, aft_trial$need_s, aft_trial$need_mib,
    format(N, big.mark = ","), aft_trial$avail_mib))
}
if ("aftables" %in% names(skipped) &&
    grepl("dplyr", skipped$aftables)) {
  notes <- c(notes, paste(
    "  aftables (CRAN, 2.x) builds on openxlsx2 and needs dplyr >= 1.1.0;",
    "this machine has Debian's dplyr 1.0.10 (which the issue 2 benchmark",
    "measures), and current CRAN dplyr needs newer rlang, vctrs, cli,",
    "pillar, tibble and lifecycle too. To include it, install those into a",
    "library of its own and pass it as `BENCH_AFTABLES_LIB`."))
}

section <- c(
  SECTION,
  "",
  sprintf("Generated by `Rscript bench/write_report.R` on %s (%.1f min).",
          format(Sys.time(), "%Y-%m-%d %H:%M %Z"),
          as.numeric(difftime(Sys.time(), started, units = "mins"))),
  "",
  sprintf("- Machine: `nproc` = %s; %s; %.0f GiB RAM; %s", sh("nproc"), cpu,
          mem_kb / 1024^2, sh("uname -sr")),
  sprintf(paste("- %s; %s%s; system libxlsxwriter %s (used by reoffending",
                "and the bare C program); %s"), R.version.string, versions,
          aft_versions, lxw_system, sh("gcc --version")),
  sprintf(paste("- reoffending from git %s%s (at the start); the installed",
                "copy in `%s`, copied at the start to a private library that",
                "every worker loads it from; built with `%s`; bare C built",
                "with `gcc -O2`"),
          commit,
          if (nzchar(dirty)) " (with uncommitted changes to R/ or src/)" else
            "", dirname(installed_from), cflags_of(pkg_so)),
  sprintf(paste("- Load average (1, 5, 15 min) at start: %s; at end: %s;",
                "1-min load at the start of each run: %.2f to %.2f (median",
                "%.2f). Other jobs may have been running."),
          fmt_load(load_start), fmt_load(load_end), min(loads), max(loads),
          stats::median(loads)),
  sprintf(paste("- Data: %s rows x 10 columns (%s cells): 3 integer counts",
                "(`count` role, `#,##0`), 3 proportions in 0..1 (`percent`,",
                "`0.0%%`), 2 text columns (33 London boroughs; ~3,300",
                "\"Lewisham 17\"-like team names), 2 `Date` columns",
                "(`d mmm yyyy`); no NA. %.0f MiB in R. Generated once, saved",
                "as an uncompressed .rds (and as flat binary / text files for",
                "the C program)."),
          format(N, big.mark = ","),
          format(10 * N, big.mark = ",", scientific = FALSE), data_mib),
  sprintf(paste("- Method: %d rounds (openxlsx and aftables, minutes a run,",
                "in the first %d only); in each, every contender runs once in",
                "a process of its own (`Rscript`, or the C program), the",
                "first contender rotating from round to round. Each process",
                "loads its packages and the data, runs `gc()`, records its",
                "VmRSS (the baseline), then times only the write (wall",
                "clock). The C program times the write inside itself, from",
                "`workbook_new_opt` to the end of `workbook_close`; reading",
                "its input is not timed (median %.2f s). Peak RSS is that of",
                "the whole process (`/usr/bin/time -f %%M`); \"peak over",
                "baseline\" is what the write itself added. Ratio = time /",
                "write_report's time, so > 1 means write_report is faster.",
                "Targets are judged on medians."), ROUNDS, SLOW_ROUNDS,
          stats::median(field("bare C (cm)", "read_s"))),
  paste("- write_report's time excludes `report_table(d, roles)` (median",
        sprintf("%.3f s);", stats::median(field("write_report", "prep_s"))),
        "it writes, besides the table sheet (title, notes line, source, the",
        "header and the data as an Excel table object), a cover sheet and a",
        "table of contents. The bare C program writes only the table sheet",
        "(title, one line, header, data, column widths) with the same",
        "formats, no table object. openxlsx writes the same lines, header",
        "and data with `createStyle(numFmt = ...)` for counts, percentages",
        "and dates applied by `addStyle` per column. writexl is run as the",
        "issue asks, without styles (its dates get its own date format);",
        "writexl >= 2.0 does have formats, so it is also run with the same",
        "three number formats per column (`writexl (styled)`, for",
        "information; the targets are against plain writexl). aftables",
        "writes cover, contents and table sheets with its own number",
        "formats."),
  notes,
  "",
  "### Targets",
  "",
  md_table(stats::setNames(targets, c("Target", "Measured", "Met?")),
           c("l", "l", "l")),
  "",
  "### Times and memory",
  "",
  times_md,
  "",
  sprintf(paste("Bare C split (medians): writing the cells %.2f s and",
                "`workbook_close` (XML assembly and zip) %.2f s in",
                "constant-memory mode; %.2f s and %.2f s in standard mode."),
          stats::median(field("bare C (cm)", "cells_s")),
          stats::median(field("bare C (cm)", "close_s")),
          stats::median(field("bare C (std)", "cells_s")),
          stats::median(field("bare C (std)", "close_s"))),
  if ("aftables" %in% ok_names) sprintf(
    "aftables split (medians): create_aftable %.2f s, generate_workbook %.2f s, wb_save %.2f s.",
    stats::median(field("aftables", "create_s")),
    stats::median(field("aftables", "generate_s")),
    stats::median(field("aftables", "save_s"))),
  "",
  "### Read back",
  "",
  paste("Each contender's last output was read with readxl: the header, the",
        "first 5 and the last 5 data rows compared with the data (counts and",
        "proportions to 1e-12 relative, dates as dates, text exactly), and",
        "nothing after the last row. Number formats are those referenced in",
        "the workbook's styles.xml (built-in ids named)."),
  "",
  check_md,
  "",
  "### Where write_report's time goes",
  "",
  paste("The steps of write_report() (R/excel.R) run one by one in a process",
        "of its own (the `profile` run, once per round), medians:"),
  "",
  prof_md,
  "",
  sprintf(paste(".Call(C_write_xlsx) / bare C (cm) = %.2fx: the C part",
                "alone is %s the floor; the R-side layout adds %.0f%% of the",
                "floor's time."),
          call_vs_floor,
          if (call_vs_floor <= 1.05) "at" else
            sprintf("%.0f%% over", 100 * (call_vs_floor - 1)),
          100 * pf("layout_s") / cm$median_s),
  "",
  lay_md,
  "",
  sprintf("Rprof of one layout_workbook() call (self time, s): %s.",
          gsub(";", ", ", gsub("\"", "`", rprof_last))),
  ""
)

write_results_section(RESULTS, SECTION, section)
say("wrote", RESULTS)
