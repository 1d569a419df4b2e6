# The files behind an all-or-nothing write: the workbook goes to a partial
# file beside its target, in the same folder so that the final rename is
# atomic, and is renamed into place only when complete.

partial_prefix <- ".reoffending-partial-"
partial_pattern <- "^\\.reoffending-partial-[[:alnum:]]+\\.xlsx$"

# Partial files older than this (in seconds) are left over from a write that
# was killed (a SIGKILL runs no cleanup); no write takes anywhere near so
# long, so a younger one may belong to a write still running.
partial_max_age <- 3600

# A new partial file's path beside `path`, named for what it is. Stale
# partial files in that folder are removed first.
partial_path <- function(path) {
  folder <- dirname(path)
  remove_stale_partials(folder)
  tempfile(pattern = partial_prefix, tmpdir = folder, fileext = ".xlsx")
}

# Removes the partial files in `folder` last modified more than `max_age`
# seconds before `now`; returns their paths, invisibly. A file that cannot
# be removed is left, as is anything not named like a partial file.
remove_stale_partials <- function(folder, max_age = partial_max_age,
                                  now = Sys.time()) {
  files <- list.files(folder, pattern = partial_pattern, all.files = TRUE,
                      full.names = TRUE, no.. = TRUE)
  info <- file.info(files, extra_cols = FALSE)
  age <- as.double(difftime(now, info$mtime, units = "secs"))
  stale <- files[!is.na(age) & age > max_age & !info$isdir]
  unlink(stale)
  invisible(stale)
}

# Renames the finished partial file `partial` to `path`. A file it replaces
# keeps its permissions: the rename would otherwise give it the partial
# file's, from the umask (a 0600 file would become 0644).
finish_partial <- function(partial, path) {
  if (file.exists(path)) {
    mode <- file.info(path, extra_cols = FALSE)$mode
    if (!is.na(mode) && !Sys.chmod(partial, mode, use_umask = FALSE)) {
      abort("Could not give the new workbook the permissions (",
            format(mode), ") of the file it replaces at `path` (",
            path, ").", class = "file")
    }
  }
  if (!file.rename(partial, path)) {
    abort("Could not move the finished workbook into place at `path` (",
          path, ").", class = "file")
  }
  invisible(path)
}
