# Runs the package's tests against the installed package and ends with the
# line "N passed, N failed[, N skipped]"; exits non-zero on any failure.
# Usage: Rscript tools/run-tests.R [test directory]
args <- commandArgs(trailingOnly = TRUE)
test_dir <- if (length(args) > 0L) args[1L] else "tests/testthat"

Sys.setenv(NOT_CRAN = "true")  # run the snapshot tests too
library(testthat)
library(reoffending)
results <- testthat::test_dir(test_dir, package = "reoffending",
                              load_package = "installed",
                              reporter = testthat::ProgressReporter$new(
                                show_praise = FALSE),
                              stop_on_failure = FALSE)
df <- as.data.frame(results)
passed <- sum(df$passed)
failed <- sum(df$failed) + sum(df$error)
skipped <- sum(df$skipped)
cat(sprintf("\n%d passed, %d failed, %d skipped\n", passed, failed, skipped))
quit(status = if (failed > 0) 1L else 0L, save = "no")
