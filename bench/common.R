# Shared by the bench/ scripts: progress lines, shell output, the machine
# lines and markdown tables of bench/RESULTS.md, and the writing of one
# script's section of it; byte sizes, compiler flags and peak memory; the
# building of the bare C floor programs. Sourced from the package root:
#   source("bench/common.R")

say <- function(...) cat(format(Sys.time(), "%H:%M:%S"), ..., "\n")

# The first line a shell command prints, trimmed; "" if it fails.
sh <- function(cmd) {
  out <- tryCatch(suppressWarnings(system(cmd, intern = TRUE)),
                  error = function(e) "")
  if (length(out) == 0L) "" else trimws(out[1L])
}

# "**met**", "**not met**", or "n/a" for NA.
yes_no <- function(x) {
  if (length(x) == 1L && is.na(x)) "n/a" else if (isTRUE(x)) "**met**" else
    "**not met**"
}

# The 1, 5 and 15 minute load averages, as text.
load_average <- function() {
  tryCatch(paste(strsplit(readLines("/proc/loadavg", 1L), " ")[[1L]][1:3],
                 collapse = ", "), error = function(e) "unknown")
}

fmt_b <- function(b) {
  ifelse(b >= 1024^3, sprintf("%.2f GiB", b / 1024^3),
         ifelse(b >= 1024^2, sprintf("%.1f MiB", b / 1024^2),
                ifelse(b >= 1024, sprintf("%.1f KiB", b / 1024),
                       sprintf("%.0f B", b))))
}

# The optimisation flags a shared object was compiled with, from its DWARF
# producer string ("unknown" without readelf or debug information).
cflags_of <- function(path) {
  out <- tryCatch(suppressWarnings(system2(
    "readelf", c("--debug-dump=info", shQuote(path)), stdout = TRUE,
    stderr = FALSE)), error = function(e) character())
  hit <- grep("DW_AT_producer", out, value = TRUE)
  if (!length(hit)) return("unknown")
  flags <- regmatches(hit[1L], gregexpr("-O[0-9sgz]?", hit[1L]))[[1L]]
  if (length(flags)) paste(flags, collapse = " ") else "unknown"
}

# A field of /proc/self/status in kB (VmHWM: the peak resident memory), or
# NA where there is none.
status_kb <- function(field) {
  line <- grep(paste0("^", field, ":"), readLines("/proc/self/status"),
               value = TRUE)
  if (!length(line)) return(NA_real_)
  as.numeric(sub("\\D*(\\d+).*", "\\1", line[1L]))
}

# A data frame as a markdown table; align: "l" or "r" per column.
md_table <- function(df, align = rep("r", ncol(df))) {
  c(paste0("| ", paste(names(df), collapse = " | "), " |"),
    paste0("|", paste(ifelse(align == "r", "---:", ":---"), collapse = "|"),
           "|"),
    apply(df, 1, function(r) paste0("| ", paste(r, collapse = " | "), " |")))
}

# The lines that say where a run was made: machine, R and packages, the
# commit, the threads the engines used, and the load at the start and end
# (the machine may be shared: the load says how much).
machine_lines <- function(pkgs, load_start, load_end = load_average()) {
  cpu <- sub(".*:\\s*", "", sh("grep -m1 'model name' /proc/cpuinfo"))
  mem_kb <- as.numeric(sub("\\D*(\\d+).*", "\\1",
                           sh("grep MemTotal /proc/meminfo")))
  versions <- vapply(pkgs, function(p) {
    if (nzchar(system.file(package = p)))
      as.character(utils::packageVersion(p)) else "not installed"
  }, character(1))
  commit <- sh("git rev-parse --short HEAD")
  dirty <- nzchar(sh("git status --porcelain -- R src DESCRIPTION NAMESPACE"))
  threads <- if ("reoffending" %in% loadedNamespaces()) {
    info <- reoffending::reoffending_threads()
    sprintf("; reoffending threads: %d (OpenMP %s)", info$threads,
            if (info$openmp) "on" else "off")
  } else ""
  c(sprintf("- Machine: `nproc` = %s; %s; %.0f GiB RAM; %s", sh("nproc"),
            cpu, mem_kb / 1024^2, sh("uname -sr")),
    sprintf("- %s; %s%s", R.version.string,
            paste(pkgs, versions, collapse = ", "), threads),
    sprintf("- git %s%s", commit,
            if (dirty) " (with uncommitted changes)" else ""),
    sprintf(paste("- Load average (1, 5, 15 min) at start: %s; at end: %s.",
                  "The machine was shared with other jobs (2 cores);",
                  "times are medians, ratios from the same run."),
            load_start, load_end))
}

# One script's section of bench/RESULTS.md, replacing that section if it is
# there (up to the next "## " heading) and appending it otherwise; other
# sections are kept.
write_results_section <- function(path, heading, section) {
  old <- if (file.exists(path)) {
    readLines(path, encoding = "UTF-8")
  } else {
    c("# Benchmarks", "",
      paste("Each section is written by the script named in it; rerun the",
            "script to refresh its section."), "")
  }
  start <- match(heading, old)
  if (is.na(start)) {
    if (length(old) > 0L && nzchar(old[length(old)])) old <- c(old, "")
    new <- c(old, section)
  } else {
    later <- which(startsWith(old, "## ") & seq_along(old) > start)
    end <- if (length(later) > 0L) later[1L] - 1L else length(old)
    new <- c(old[seq_len(start - 1L)], section,
             if (end < length(old)) old[(end + 1L):length(old)])
  }
  # No run of blank lines at the end.
  while (length(new) > 1L && !nzchar(new[length(new)]) &&
         !nzchar(new[length(new) - 1L])) {
    new <- new[-length(new)]
  }
  con <- file(path, open = "w", encoding = "UTF-8")
  on.exit(close(con))
  writeLines(enc2utf8(new), con)
}

# Builds a bare C floor program of bench/ (R CMD SHLIB, with OpenMP when
# asked) in a temporary directory, loads it, and returns its named native
# symbols for .Call().
bare_symbols <- function(file, symbols, openmp = FALSE) {
  dir <- tempfile("bare")
  dir.create(dir)
  src <- file.path(dir, basename(file))
  file.copy(file, src)
  so <- sub("\\.c$", .Platform$dynlib.ext, src)
  if (openmp) {
    # R CMD SHLIB reads these from the environment; the value is make's.
    old <- Sys.getenv(c("PKG_CFLAGS", "PKG_LIBS"), unset = NA)
    Sys.setenv(PKG_CFLAGS = "$(SHLIB_OPENMP_CFLAGS)",
               PKG_LIBS = "$(SHLIB_OPENMP_CFLAGS)")
    on.exit({
      Sys.unsetenv(names(old)[is.na(old)])
      if (any(!is.na(old))) do.call(Sys.setenv, as.list(old[!is.na(old)]))
    })
  }
  out <- system2(file.path(R.home("bin"), "R"),
                 c("CMD", "SHLIB", "-o", so, src), stdout = TRUE,
                 stderr = TRUE)
  if (!is.null(attr(out, "status"))) {
    stop("Building ", file, " failed:\n", paste(out, collapse = "\n"))
  }
  dll <- dyn.load(so)
  structure(lapply(symbols, getNativeSymbolInfo, PACKAGE = dll),
            names = symbols)
}
