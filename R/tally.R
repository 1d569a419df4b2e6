#' Mergeable tallies: tables over data that does not fit in memory
#'
#' A tally holds the counts behind a [cohort_table()] or a
#' [needs_profile()]: one count per combination of the levels of the key
#' columns (a level `Missing` included), never the records. Tallies of parts
#' of the records add up with `+` to the tally of the whole, so a table over
#' a file larger than memory is the sum of the tallies of its chunks, and a
#' tally can be saved ([saveRDS()]) and added to next month's. The table
#' built from a merged tally is identical to the table over all the records
#' at once: levels that are sorted values (text, numbers, dates) are merged
#' and sorted again; factor levels, `TRUE`/`FALSE` and levels given in
#' `levels` must be the same in every part.
#'
#' `cohort_table()` and `needs_profile()` also take a list of data frames
#' (the chunks) and a tally in place of `data`.
#'
#' @inheritParams cohort_table
#' @param data A data frame, a list of data frames (chunks of the same
#'   records), or a remote table (`dplyr::tbl(con, "cases")`, see
#'   [remote-tables]).
#' @return A tally (class `reoffending_cohort_tally` or
#'   `reoffending_needs_tally`, both `reoffending_tally`): a list holding the
#'   counts (an array with one dimension per key column, its last position
#'   the level `Missing`), the levels of each key and the names of the
#'   columns. `+` adds two tallies of the same columns.
#' @seealso [cohort_table()], [needs_profile()]
#' @examples
#' # The Lewisham caseload counted in two halves, then added up
#' half <- nrow(lewisham_offenders) %/% 2
#' first <- cohort_tally(lewisham_offenders[seq_len(half), ], cohort, status)
#' second <- cohort_tally(lewisham_offenders[-seq_len(half), ], cohort,
#'                        status)
#' cohort_table(first + second)
#'
#' # A CSV file read in chunks of 500 lines, never whole
#' path <- tempfile(fileext = ".csv")
#' utils::write.csv(lewisham_offenders[c("cohort", "status")], path,
#'                  row.names = FALSE)
#' header <- names(utils::read.csv(path, nrows = 1))
#' tally <- NULL
#' skip <- 1
#' repeat {
#'   chunk <- tryCatch(utils::read.csv(path, skip = skip, nrows = 500,
#'                                     header = FALSE, col.names = header),
#'                     error = function(e) NULL)  # no lines left
#'   if (is.null(chunk) || nrow(chunk) == 0L) break
#'   part <- cohort_tally(
#'     chunk, cohort, status,
#'     levels = list(cohort = levels(lewisham_offenders$cohort)))
#'   tally <- if (is.null(tally)) part else tally + part
#'   skip <- skip + nrow(chunk)
#' }
#' cohort_table(tally)
#' # With readr, the same loop is
#' # readr::read_csv_chunked(path, function(chunk, pos)
#' #   cohort_tally(chunk, cohort, status), chunk_size = 1e6)
#' # then Reduce(`+`, ...) over the list of tallies it returns.
#' @export
cohort_tally <- function(data, rows, cols = NULL, by = NULL, levels = NULL) {
  if (missing(rows)) abort("`rows` must name a column of `data`.")
  tally_cohort(data, rlang::enquo(rows), rlang::enquo(cols),
               rlang::enquo(by), levels)
}

#' @rdname cohort_tally
#' @inheritParams needs_profile
#' @export
needs_tally <- function(data, needs, by = NULL, levels = NULL) {
  if (missing(needs)) abort("`needs` must name the need flag columns.")
  tally_needs(data, rlang::enquo(needs), rlang::enquo(by), levels)
}

# counts: an array, one dimension per key (rows, cols, by), each of length
# its levels + 1 (the last, Missing); keys: list(levels, type) per key.
new_cohort_tally <- function(counts, keys, rows, cols, by) {
  names(keys) <- c(rows, cols, by)
  structure(list(counts = counts, keys = keys, rows = rows, cols = cols,
                 by = by, records = sum(counts)),
            class = c("reoffending_cohort_tally", "reoffending_tally"))
}

# sums: a matrix, one row per slot of `by` (its levels, then Missing; one
# slot without `by`), one column per need; assessed: a count per slot;
# records: how many records were read (assessed or not).
new_needs_tally <- function(sums, assessed, needs, by, key, records) {
  structure(list(sums = sums, assessed = assessed, needs = needs, by = by,
                 key = key, records = as.double(records)),
            class = c("reoffending_needs_tally", "reoffending_tally"))
}

#' @export
print.reoffending_tally <- function(x, ...) {
  if (inherits(x, "reoffending_cohort_tally")) {
    keys <- c(x$rows, x$cols, x$by)
    cat("<cohort tally> ",
        format(x$records, big.mark = ",", scientific = FALSE),
        " records by ", paste(keys, collapse = ", "), " (",
        paste(vapply(x$keys, function(k) length(k$levels), integer(1)),
              collapse = " x "), " levels)\n", sep = "")
  } else {
    cat("<needs tally> ",
        format(sum(x$assessed), big.mark = ",", scientific = FALSE),
        " assessed; needs ", paste(x$needs, collapse = ", "),
        if (!is.null(x$by)) paste0("; by ", x$by), "\n", sep = "")
  }
  invisible(x)
}

#' @export
`+.reoffending_tally` <- function(e1, e2) {
  if (missing(e2)) return(e1)
  if (!inherits(e1, "reoffending_tally") ||
      !inherits(e2, "reoffending_tally") || !identical(class(e1), class(e2))) {
    abort("Only tallies of the same kind can be added (two cohort tallies ",
          "or two needs tallies).")
  }
  if (inherits(e1, "reoffending_cohort_tally")) {
    add_cohort_tallies(e1, e2)
  } else {
    add_needs_tallies(e1, e2)
  }
}

add_cohort_tallies <- function(a, b) {
  if (!identical(a[c("rows", "cols", "by")], b[c("rows", "cols", "by")])) {
    abort("Tallies can be added only when they count the same columns ",
          "(`rows`, `cols` and `by`).")
  }
  merged <- tryCatch(lapply(names(a$keys), function(name) {
    merge_keys(a$keys[[name]], b$keys[[name]], name)
  }), reoffending_error = function(e) {
    # A part with no records (an empty chunk, its columns typed logical)
    # says nothing about the keys.
    if (a$records == 0 || b$records == 0) return(NULL)
    stop(e)
  })
  if (is.null(merged)) return(if (a$records == 0) b else a)
  keys <- lapply(merged, `[[`, "key")
  counts <- array(0, dim = vapply(keys, function(k) length(k$levels) + 1L,
                                  integer(1)))
  counts <- place(counts, a$counts, lapply(merged, `[[`, "a"))
  counts <- place(counts, b$counts, lapply(merged, `[[`, "b"))
  new_cohort_tally(counts, keys, a$rows, a$cols, a$by)
}

add_needs_tallies <- function(a, b) {
  if (!identical(a$needs, b$needs) || !identical(a$by, b$by)) {
    abort("Tallies can be added only when they count the same `needs` ",
          "and `by`.")
  }
  if (is.null(a$by)) {
    return(new_needs_tally(a$sums + b$sums, a$assessed + b$assessed,
                           a$needs, NULL, NULL, a$records + b$records))
  }
  merged <- tryCatch(merge_keys(a$key, b$key, a$by),
                     reoffending_error = function(e) {
    if (a$records == 0 || b$records == 0) return(NULL)
    stop(e)
  })
  if (is.null(merged)) return(if (a$records == 0) b else a)
  n <- length(merged$key$levels) + 1L
  sums <- matrix(0, n, length(a$needs))
  sums <- place(sums, a$sums, list(merged$a, seq_along(a$needs)))
  sums <- place(sums, b$sums, list(merged$b, seq_along(a$needs)))
  assessed <- place(numeric(n), a$assessed, list(merged$a))
  assessed <- place(assessed, b$assessed, list(merged$b))
  new_needs_tally(sums, assessed, a$needs, a$by, merged$key,
                  a$records + b$records)
}

# Adds `part` into `whole` at the positions `at` (one index vector per
# dimension; each maps the part's positions one to one).
place <- function(whole, part, at) {
  if (is.null(dim(whole))) {
    whole[at[[1L]]] <- whole[at[[1L]]] + part
    return(whole)
  }
  current <- do.call(`[`, c(list(whole), at, list(drop = FALSE)))
  do.call(`[<-`, c(list(whole), at, list(value = current + part)))
}

# The levels of a key over two tallies, and where each tally's positions go
# (the Missing position last in both). Sorted values are merged and sorted
# again, as factor() sorts the values of the whole; fixed levels must agree.
merge_keys <- function(a, b, name) {
  if (identical(a, b)) {
    at <- seq_len(length(a$levels) + 1L)
    return(list(key = a, a = at, b = at))
  }
  if (a$type != b$type) {
    abort("Column `", name, "` is ", key_kind(a$type), " in one part and ",
          key_kind(b$type), " in another; read it the same way in every ",
          "chunk.")
  }
  if (a$type == "fixed") {
    abort("Column `", name, "` has different levels in two parts (",
          show_values(a$levels), " and ", show_values(b$levels), "); ",
          "give the same factor levels, or `levels`, to every chunk.")
  }
  typed <- function(levels) {
    switch(a$type, numeric = as.numeric(levels), Date = as.Date(levels),
           levels)
  }
  levels <- as.character(sort(unique(c(typed(a$levels), typed(b$levels)))))
  missing_at <- length(levels) + 1L
  list(key = list(levels = levels, type = a$type),
       a = c(match(a$levels, levels), missing_at),
       b = c(match(b$levels, levels), missing_at))
}

key_kind <- function(type) {
  switch(type, fixed = "a factor or logical column (or has `levels`)",
         numeric = "numeric", Date = "a Date column", "text")
}

# A list of data frames (chunks), as cohort_table() and needs_profile()
# take in place of one data frame.
is_chunk_list <- function(x) {
  if (!is.list(x) || is.data.frame(x) || inherits(x, "reoffending_tally")) {
    return(FALSE)
  }
  if (length(x) == 0L) {
    abort("`data` must be a data frame or a non-empty list of data frames; ",
          "the list is empty.")
  }
  chunks <- vapply(x, is.data.frame, logical(1))
  if (!all(chunks)) {
    abort("`data` must be a data frame or a list of data frames; element ",
          which(!chunks)[1L], " of the list is ",
          type_name(x[[which(!chunks)[1L]]]), ".")
  }
  TRUE
}

# Evaluates the tally of chunk `i`, saying which chunk an error is about.
with_chunk <- function(i, code) {
  tryCatch(code, reoffending_error = function(e) {
    e$message <- paste0("In chunk ", i, " of `data`: ", conditionMessage(e))
    stop(e)
  })
}

merge_chunks <- function(tallies) {
  Reduce(`+`, tallies)
}
