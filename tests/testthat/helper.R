withr_width <- function(width, code) {
  old <- options(width = width)
  on.exit(options(old))
  force(code)
}
