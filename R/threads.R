#' Options of reoffending
#'
#' * `reoffending.threads`: how many threads the C engines use to count
#'   ([cohort_table()]), sum flags ([needs_profile()]), follow offenders up
#'   and join their ids ([proven_reoffending()]) and compare results with
#'   targets ([compare_to_target()]). `NULL` (the default) means the cores R
#'   may use: the processors, or fewer when the environment variables
#'   `OMP_NUM_THREADS` or `OMP_THREAD_LIMIT` say so, and 1 under
#'   `R CMD check` (when `_R_CHECK_LIMIT_CORES_` is set). Results do not
#'   depend on it: each thread counts into tallies of its own, added in a
#'   fixed order, and all counts are integers. Without OpenMP (a compiler
#'   that lacks it) the engines use one thread whatever the option says.
#'   Each thread is given at least 50,000 rows: smaller inputs are done by
#'   one thread.
#' * `reoffending.stream_cells`: see [write_report()].
#'
#' `reoffending_threads()` gives the number of threads the engines would use
#' now, and whether the package was built with OpenMP.
#'
#' @return `reoffending_threads()`: a list of `threads` (an integer) and
#'   `openmp` (a logical).
#' @name reoffending-options
#' @aliases reoffending_options
#' @examples
#' reoffending_threads()
#' old <- options(reoffending.threads = 1)
#' reoffending_threads()$threads
#' options(old)
NULL

#' @rdname reoffending-options
#' @export
reoffending_threads <- function() {
  threads <- check_threads_option(getOption("reoffending.threads"))
  info <- .Call(C_threads, threads)
  list(threads = info[[1L]], openmp = info[[2L]] == 1L)
}

# The option's value, or a classed error naming it. The C engines read the
# option themselves and call this on a value they cannot use, so that the
# error is the same whichever function met it first.
check_threads_option <- function(threads) {
  if (!is.null(threads) &&
      !(is.numeric(threads) && length(threads) == 1L && !is.na(threads) &&
        threads >= 1 && threads <= 1024 && threads == round(threads))) {
    abort("`options(reoffending.threads)` must be a whole number from 1 to ",
          "1024, or NULL for the default; it is ",
          if (is.numeric(threads) && length(threads) == 1L) {
            format(threads)
          } else {
            type_name(threads)
          }, ".")
  }
  threads
}
