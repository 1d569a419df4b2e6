# Failures of the file system under write_report() (issue 11): folders and
# files that cannot be written, a full disk, a writer killed mid-write, and
# the partial files and permissions of a replaced file. A failed write is a
# clean R error, leaves no partial file and never touches the old file.
# Each case skips where the platform cannot stage it (Windows; a mount
# without root; read-only files for root without an unprivileged user).

write_small <- function(path, ...) {
  small <- report_table(data.frame(count = 1:2), roles = "count")
  write_report(small, path, title = "Small", ...)
}

# A table of `rows` x 5 random proportions: about 13 bytes a cell once
# zipped, so 10000 rows are more than 512 kB.
random_table <- function(rows) {
  set.seed(11)
  report_table(as.data.frame(matrix(stats::runif(rows * 5), ncol = 5)),
               roles = rep("proportion", 5))
}

files_in <- function(folder) {
  list.files(folder, all.files = TRUE, no.. = TRUE)
}

is_root <- function() {
  .Platform$OS.type == "unix" &&
    identical(system2("id", "-u", stdout = TRUE), "0")
}

# Runs `code` (lines of R, with the package attached) in a child R, as an
# unprivileged user when this session is root (root writes where modes say
# it may not); returns its output lines, or NULL when it cannot be run so.
run_as_user <- function(code) {
  script <- tempfile(fileext = ".R", tmpdir = "/tmp")
  on.exit(unlink(script))
  lib <- dirname(system.file(package = "reoffending"))
  writeLines(c(sprintf(".libPaths(c(%s, .libPaths()))", deparse(lib)),
               "suppressMessages(library(reoffending))",
               "write_small <- ", deparse(write_small), code), script)
  Sys.chmod(script, "644", use_umask = FALSE)
  rscript <- file.path(R.home("bin"), "Rscript")
  if (is_root()) {
    setpriv <- Sys.which("setpriv")
    if (!nzchar(setpriv) ||
        system2(setpriv, c("--reuid=65534", "--regid=65534",
                           "--clear-groups", "true"),
                stdout = FALSE, stderr = FALSE) != 0L) {
      return(NULL)
    }
    output <- suppressWarnings(system2(
      setpriv, c("--reuid=65534", "--regid=65534", "--clear-groups",
                 "env", "HOME=/tmp", rscript, "--vanilla", script),
      stdout = TRUE, stderr = TRUE))
  } else {
    output <- suppressWarnings(system2(rscript, c("--vanilla", script),
                                       stdout = TRUE, stderr = TRUE))
  }
  output
}

# ---- Read-only folders and files -------------------------------------------------

test_that("a read-only folder or file is a classed error, the old file intact", {
  skip_on_os("windows")
  base <- tempfile("reoffending-ro-", tmpdir = "/tmp")
  dir.create(base)
  Sys.chmod(base, "777", use_umask = FALSE)
  on.exit({
    Sys.chmod(file.path(base, "ro"), "755", use_umask = FALSE)
    unlink(base, recursive = TRUE)
  })
  output <- run_as_user(c(
    sprintf("base <- %s", deparse(base)),
    "report <- function(label, expr) {",
    "  e <- tryCatch({expr; NULL}, error = identity)",
    "  cat(label, if (is.null(e)) 'written' else",
    "      paste(class(e)[1], conditionMessage(e)), '\\n')",
    "}",
    # A folder that cannot be written.
    "ro <- file.path(base, 'ro')",
    "dir.create(ro)",
    "old <- file.path(ro, 'old.xlsx')",
    "write_small(old)",
    "before <- tools::md5sum(old)",
    "Sys.chmod(ro, '555', use_umask = FALSE)",
    "report('new-in-folder:', write_small(file.path(ro, 'new.xlsx')))",
    "report('old-in-folder:', write_small(old, overwrite = TRUE))",
    "cat('folder-files:', list.files(ro, all.files = TRUE, no.. = TRUE), '\\n')",
    "cat('folder-old-intact:', identical(tools::md5sum(old), before), '\\n')",
    # A read-only file in a folder that can be written.
    "rw <- file.path(base, 'rw')",
    "dir.create(rw)",
    "file <- file.path(rw, 'report.xlsx')",
    "write_small(file)",
    "before <- tools::md5sum(file)",
    "Sys.chmod(file, '444', use_umask = FALSE)",
    "report('read-only-file:', write_small(file, overwrite = TRUE))",
    "cat('file-files:', list.files(rw, all.files = TRUE, no.. = TRUE), '\\n')",
    "cat('file-intact:', identical(tools::md5sum(file), before),",
    "    format(file.info(file)$mode), '\\n')"
  ))
  skip_if(is.null(output), "root, and no unprivileged user to write as")
  skip_if(any(grepl("there is no package called", output, fixed = TRUE)),
          "the unprivileged user cannot read the package's library")
  output <- paste(output, collapse = "\n")
  classed <- "reoffending_error_bad_argument"
  expect_match(output, paste0("new-in-folder: ", classed,
                              " `path` is in a folder that cannot be written"))
  expect_match(output, paste0("old-in-folder: ", classed,
                              " `path` is in a folder that cannot be written"))
  expect_match(output, "folder-files: old.xlsx \n", fixed = TRUE)
  expect_match(output, "folder-old-intact: TRUE", fixed = TRUE)
  expect_match(output, paste0("read-only-file: ", classed,
                              " `path` exists and cannot be replaced"))
  expect_match(output, "file-files: report.xlsx \n", fixed = TRUE)
  expect_match(output, "file-intact: TRUE 444", fixed = TRUE)
})

# ---- A full disk ----------------------------------------------------------------

test_that("a full disk fails the write cleanly, the old file unchanged", {
  skip_on_os("windows")
  skip_if_not(is_root(), "mounting a small tmpfs needs root")
  mount_point <- tempfile("reoffending-full-")
  dir.create(mount_point)
  mounted <- system2("mount", c("-t", "tmpfs", "-o", "size=512k", "tmpfs",
                                shQuote(mount_point)),
                     stdout = FALSE, stderr = FALSE) == 0L
  on.exit({
    if (mounted) system2("umount", shQuote(mount_point))
    unlink(mount_point, recursive = TRUE)
  })
  skip_if_not(mounted, "cannot mount a tmpfs here")

  path <- file.path(mount_point, "report.xlsx")
  write_small(path)
  before <- tools::md5sum(path)
  big <- list(Big = random_table(10000))
  # The workbook is more than the 512 kB the file system holds.
  expect_error(write_report(big, path, title = "Big", overwrite = TRUE),
               "`path` could not be written .*could not write the workbook",
               class = "reoffending_error_file")
  expect_identical(files_in(mount_point), "report.xlsx")
  expect_identical(tools::md5sum(path), before)
  # A new file in the full folder: no file, no partial file.
  expect_error(write_report(big, file.path(mount_point, "new.xlsx"),
                            title = "Big"),
               "could not write the workbook", class = "reoffending_error_file")
  expect_identical(files_in(mount_point), "report.xlsx")
  # The file system works again once the write is small.
  write_small(path, overwrite = TRUE)
  expect_true(file.size(path) > 0)
})

# ---- A writer killed mid-write ----------------------------------------------------

# Starts a child R that writes a large workbook to `path`; returns its pid.
start_big_write <- function(path, pid_file) {
  script <- tempfile(fileext = ".R")
  lib <- dirname(system.file(package = "reoffending"))
  writeLines(c(sprintf(".libPaths(c(%s, .libPaths()))", deparse(lib)),
               "suppressMessages(library(reoffending))",
               "random_table <- ", deparse(random_table),
               sprintf("writeLines(as.character(Sys.getpid()), %s)",
                       deparse(pid_file)),
               sprintf(paste0("write_report(list(Big = random_table(250000)),",
                              " %s, title = 'Big', overwrite = TRUE)"),
                       deparse(path))), script)
  system2(file.path(R.home("bin"), "Rscript"), c("--vanilla", script),
          wait = FALSE, stdout = FALSE, stderr = FALSE)
  deadline <- Sys.time() + 60
  while (!file.exists(pid_file) ||
         length(readLines(pid_file, warn = FALSE)) == 0L) {
    if (Sys.time() > deadline) return(NA_integer_)
    Sys.sleep(0.01)
  }
  as.integer(readLines(pid_file, warn = FALSE)[1L])
}

# Waits until a partial file appears in `folder`; returns its path (or
# character() after `seconds`).
wait_for_partial <- function(folder, seconds = 60) {
  deadline <- Sys.time() + seconds
  repeat {
    partial <- list.files(folder, pattern = reoffending:::partial_pattern,
                          all.files = TRUE, full.names = TRUE)
    if (length(partial) > 0L || Sys.time() > deadline) return(partial)
    Sys.sleep(0.01)
  }
}

test_that("a writer killed mid-write leaves the old file, and its partial
           file goes at a later write", {
  skip_on_os("windows")
  folder <- tempfile("reoffending-kill-")
  dir.create(folder)
  on.exit(unlink(folder, recursive = TRUE))
  path <- file.path(folder, "report.xlsx")
  for (old in c(FALSE, TRUE)) {
    unlink(file.path(folder, files_in(folder)))
    if (old) write_small(path)
    before <- if (old) tools::md5sum(path)
    pid_file <- file.path(tempdir(), "reoffending-writer.pid")
    unlink(pid_file)
    pid <- start_big_write(path, pid_file)
    expect_false(is.na(pid))
    partial <- wait_for_partial(folder)
    expect_length(partial, 1L)
    tools::pskill(pid, tools::SIGKILL)
    # Gone once its /proc entry is (Linux); elsewhere, a moment.
    for (i in 1:500) {
      if (!dir.exists(file.path("/proc", pid))) break
      Sys.sleep(0.01)
    }
    # The target is the old file, or absent; the partial file is left.
    if (old) {
      expect_identical(tools::md5sum(path), before)
    } else {
      expect_false(file.exists(path))
    }
    expect_true(file.exists(partial))

    # A fresh partial file may be a write still running: left alone.
    write_small(file.path(folder, "other.xlsx"), overwrite = TRUE)
    expect_true(file.exists(partial))
    # Once stale, the next write into the folder removes it.
    Sys.setFileTime(partial, Sys.time() - 2 * 3600)
    write_small(path, overwrite = TRUE)
    expect_false(file.exists(partial))
    expect_setequal(files_in(folder), c("report.xlsx", "other.xlsx"))
  }
})

# ---- Partial files and permissions ----------------------------------------------

test_that("overwriting keeps the replaced file's permissions", {
  skip_on_os("windows")
  folder <- tempfile()
  dir.create(folder)
  on.exit(unlink(folder, recursive = TRUE))
  path <- file.path(folder, "report.xlsx")
  write_small(path)
  for (mode in c("600", "640", "604")) {
    Sys.chmod(path, mode, use_umask = FALSE)
    write_small(path, overwrite = TRUE)
    expect_identical(file.info(path)$mode, as.octmode(mode))
  }
  expect_true(file.size(path) > 0)
  expect_identical(list.files(folder, all.files = TRUE, no.. = TRUE),
                   "report.xlsx")
})

test_that("partial files are named for what they are, beside the target", {
  path <- file.path(tempdir(), "report.xlsx")
  partial <- reoffending:::partial_path(path)
  expect_identical(dirname(partial), dirname(path))
  expect_match(basename(partial),
               "^\\.reoffending-partial-[[:alnum:]]+\\.xlsx$")
  expect_match(basename(partial), reoffending:::partial_pattern)
  expect_false(file.exists(partial))
})

test_that("stale partial files are removed, fresh ones and others left", {
  folder <- tempfile()
  dir.create(folder)
  on.exit(unlink(folder, recursive = TRUE))
  files <- file.path(folder, c(".reoffending-partial-1a2b.xlsx",
                               ".reoffending-partial-3c4d.xlsx",
                               ".reoffending-1a2b.xlsx", "old.xlsx",
                               ".reoffending-partial-1a2b.xlsx.keep"))
  file.create(files)
  now <- Sys.time()
  old <- now - 2 * 3600
  for (f in files[-2]) Sys.setFileTime(f, old)
  Sys.setFileTime(files[2], now - 60)

  removed <- reoffending:::remove_stale_partials(folder, now = now)
  expect_identical(removed, files[1])
  expect_identical(file.exists(files), c(FALSE, TRUE, TRUE, TRUE, TRUE))
  # The cutoff is the age given.
  expect_identical(reoffending:::remove_stale_partials(folder, max_age = 30,
                                                       now = now), files[2])
  expect_identical(reoffending:::remove_stale_partials(folder, now = now),
                   character())
})

test_that("the next write removes a stale partial file, not a fresh one", {
  folder <- tempfile()
  dir.create(folder)
  on.exit(unlink(folder, recursive = TRUE))
  stale <- file.path(folder, ".reoffending-partial-dead.xlsx")
  fresh <- file.path(folder, ".reoffending-partial-live.xlsx")
  file.create(c(stale, fresh))
  Sys.setFileTime(stale, Sys.time() - 2 * 3600)
  write_small(file.path(folder, "report.xlsx"))
  expect_false(file.exists(stale))
  expect_true(file.exists(fresh))
  expect_setequal(list.files(folder, all.files = TRUE, no.. = TRUE),
                  c("report.xlsx", basename(fresh)))
})

test_that("a partial file that cannot be moved into place is an error", {
  path <- tempfile(fileext = ".xlsx")
  missing <- tempfile(fileext = ".xlsx")
  expect_error(suppressWarnings(reoffending:::finish_partial(missing, path)),
               "Could not move the finished workbook into place",
               class = "reoffending_error_file")
})

