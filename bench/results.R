# Shared by the bench/ scripts: write one script's section of
# bench/RESULTS.md, replacing that section if it is there (up to the next
# "## " heading) and appending it otherwise; other sections are kept.
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
