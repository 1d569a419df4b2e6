# Reads a valgrind log and fails if any error record (invalid read or write,
# use of uninitialised values, definite leak...) has a frame in the given
# shared object. Usage: Rscript tools/valgrind-check.R LOG SHARED_OBJECT
args <- commandArgs(trailingOnly = TRUE)
lines <- readLines(args[1L])
object <- args[2L]
body <- sub("^==[0-9]+== ?", "", lines)
# Records are separated by blank lines.
record <- cumsum(body == "")
records <- split(body, record)
is_error <- vapply(records, function(r) {
  text <- paste(r, collapse = "\n")
  grepl("Invalid (read|write|free)|uninitialised|definitely lost|Mismatched",
        text) && grepl(object, text, fixed = TRUE)
}, logical(1))
summary <- grep("ERROR SUMMARY|definitely lost:", body, value = TRUE)
cat(tail(summary, 2), sep = "\n")
if (any(is_error)) {
  cat("valgrind found", sum(is_error), "error(s) in", object, ":\n")
  for (r in records[is_error]) cat(r, sep = "\n")
  quit(status = 1L, save = "no")
}
cat("valgrind: no errors in", object, "\n")
