# The README's ```r blocks run as written. R CMD check runs the tests from
# an installed copy, which has no README: skipped there.
# Under valgrind (CI) this is R and its graphics packages, not our C: the
# engines behind it are checked there by the other test files.
skip_if(nzchar(Sys.getenv("REOFFENDING_VALGRIND")), "under valgrind")

readme_blocks <- function(path) {
  lines <- readLines(path, encoding = "UTF-8", warn = FALSE)
  fences <- grep("^```", lines)
  expect_true(length(fences) %% 2L == 0L, label = "every fence is closed")
  opens <- fences[c(TRUE, FALSE)]
  closes <- fences[c(FALSE, TRUE)]
  # A fence that opens must not be a closing one and the other way round.
  expect_true(all(lines[closes] == "```"), label = "closing fences are bare")
  r <- lines[opens] == "```r"
  Map(function(from, to) lines[seq_len(to - from - 1L) + from],
      opens[r], closes[r])
}

test_that("README's code blocks are closed and run", {
  path <- testthat::test_path("../../README.md")
  skip_if_not(file.exists(path), "README.md is not beside the tests")
  blocks <- readme_blocks(path)
  expect_gte(length(blocks), 3L)
  env <- new.env(parent = globalenv())
  withr_dir <- tempfile("readme")
  dir.create(withr_dir)
  old <- setwd(withr_dir)
  on.exit({
    setwd(old)
    unlink(withr_dir, recursive = TRUE)
  })
  for (block in blocks) {
    # printed as at the console, so that the print methods run too
    expect_no_error(utils::capture.output(
      source(exprs = parse(text = block, encoding = "UTF-8"), local = env,
             print.eval = TRUE)))
  }
  # The crime comparison shows the offences, not row numbers.
  out <- eval(quote(compare_to_benchmark(
    crime[c("lewisham_2017", "lewisham_2016")],
    benchmark = crime[c("met_2017", "met_2016")], polarity = "lower")), env)
  expect_identical(out$indicator, as.character(lewisham_crime$offence))
})
