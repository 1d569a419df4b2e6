# Operations on report tables that keep the record: subsetting, assignment,
# renaming, binding, merging, transform() and the dplyr verbs. Each takes the
# record of its input and fits it to the result (reconcile_meta()): rows are
# followed by position where the operation says which rows it kept, by key
# otherwise; withheld cells stay withheld by row and column, and a value put
# in one is refused by the validator.

# The record of `meta` fitted to `data`. `kept`: for each row of `data`, the
# row of the old table it is (NA for a new row), when the operation knows;
# otherwise rows are matched by their key.
reconcile_meta <- function(data, meta, kept = NULL, old = NULL) {
  n <- nrow(data)
  old_n <- length(meta$rows$role)
  cols <- meta$columns
  at <- match(names(data), cols$name)
  columns <- cols[at, , drop = FALSE]
  columns$name <- names(data)
  fresh <- is.na(at)
  for (k in which(fresh)) {
    columns$role[k] <- guess_role(data[[k]], names(data)[k])
    columns$unit[k] <- NA_character_
    columns$label[k] <- names(data)[k]
    columns$stated[k] <- FALSE
  }
  # A column whose values no longer fit its role (mutate() made a count
  # text) gets its role anew.
  numeric <- vapply(data, function(v) is.numeric(v) && !is.factor(v),
                    logical(1))
  wrong <- columns$role %in% numeric_roles & !numeric
  for (k in which(wrong)) {
    columns$role[k] <- guess_role(data[[k]], names(data)[k])
    columns$stated[k] <- FALSE
  }
  rownames(columns) <- NULL
  columns$label <- make.unique(columns$label, sep = " ")
  keys <- intersect(meta$keys, names(data))

  if (is.null(kept)) kept <- match_rows(data, meta, keys, n, old_n)
  known <- !is.na(kept)
  take <- function(v, empty) {
    out <- v[kept]
    out[!known] <- empty
    out
  }
  rows <- row_record(data, keys, take(meta$rows$role, "body"),
                     take(meta$rows$block, NA_integer_),
                     take(meta$rows$measure, NA_character_),
                     take(meta$rows$sums, FALSE))

  cells <- follow_cells(meta$cells, kept, old_n)
  cells <- cells[cells$column %in% names(data), , drop = FALSE]

  total_column <- meta$total_column
  additive <- meta$additive
  parts <- meta$parts
  if (!is.na(total_column) &&
      !all(c(total_column, parts) %in% names(data))) {
    total_column <- NA_character_
    parts <- character()
    additive[["columns"]] <- FALSE
  }
  derived <- Filter(function(l) {
    all(c(l$column, l$numerator, stats::na.omit(l$denominator)) %in%
          names(data))
  }, meta$derived)
  chart <- meta$chart
  if (!is.null(chart) &&
      !all(c(chart$x, chart$y, chart$lines) %in% names(data))) {
    chart <- NULL
  }
  out <- meta
  out[c("columns", "keys", "rows", "cells", "total_column", "parts",
        "additive", "derived")] <- list(columns, keys, rows, cells,
                                        total_column, parts, additive,
                                        derived)
  out["chart"] <- list(chart)
  out["dims"] <- list(reconcile_dims(meta$dims, data, columns, kept, old))
  out <- structure(out, class = "report_meta")
  # Rows the record cannot place, in a table with withheld cells: their
  # missing counts and derived figures may be withheld ones, so they stay
  # confidential.
  if (!is.null(meta$suppression) && any(!known)) {
    out$cells <- rbind(out$cells, unplaced_cells(data, out, which(!known)))
  }
  # A new column computed from withheld counts (mutate(share = n / Total))
  # is missing where they are: those cells are withheld too.
  if (!is.null(meta$suppression) && any(fresh)) {
    out$cells <- rbind(out$cells, computed_cells(data, out, which(fresh)))
  }
  out
}

# The dims of the record, kept only while they describe the cells: every
# row placed, the key columns there and, where the old data is known, no
# key or count it speaks of changed (a relabelled row or a recomputed count
# is another quantity).
reconcile_dims <- function(dims, data, columns, kept, old) {
  dims <- fit_dims(dims, columns, !is.na(kept))
  if (is.null(dims) || is.null(old)) return(dims)
  watched <- intersect(c(unname(dims$by), dims$rows$column,
                         dims$columns$column), names(old))
  for (column in watched) {
    if (!identical(as.character(old[[column]][kept]),
                   as.character(data[[column]]))) {
      return(NULL)
    }
  }
  dims
}

# Rows of `data` matched to the old record: the same rows in the same order
# when the keys say so (a verb that kept the rows), by key otherwise.
match_rows <- function(data, meta, keys, n, old_n) {
  same_keys <- length(keys) == length(meta$keys)
  if (n == old_n && (length(keys) == 0L || all(vapply(keys, function(k) {
    identical(key_text(data[[k]]), meta$rows$keys[[k]])
  }, logical(1))))) {
    return(seq_len(n))
  }
  if (length(keys) == 0L) return(rep(NA_integer_, n))
  old <- key_strings(meta$rows$keys, keys)
  if (!same_keys && anyDuplicated(old)) return(rep(NA_integer_, n))
  match(key_strings(data, keys), old)
}

key_strings <- function(frame, keys) {
  parts <- lapply(keys, function(k) {
    v <- key_text(frame[[k]])
    v[is.na(v)] <- "\001NA"
    v
  })
  do.call(paste, c(parts, sep = "\037"))
}

# Cell records follow their rows: a row kept twice keeps its cells twice.
follow_cells <- function(cells, kept, old_n) {
  if (nrow(cells) == 0L) return(cells)
  new_row <- which(!is.na(kept))
  old_row <- kept[new_row]
  by_row <- split(seq_len(nrow(cells)), factor(cells$row, seq_len(old_n)))
  hit <- by_row[old_row]
  idx <- unlist(hit, use.names = FALSE)
  out <- cells[idx, , drop = FALSE]
  out$row <- rep(new_row, lengths(hit))
  rownames(out) <- NULL
  out
}

unplaced_cells <- function(data, meta, rows) {
  protected <- unique(c(people_columns(meta),
                        vapply(meta$derived, `[[`, "", "column")))
  out <- list(empty_cells())
  for (column in intersect(protected, names(data))) {
    hit <- rows[is.na(data[[column]][rows])]
    out[[length(out) + 1L]] <- data.frame(
      row = hit, column = rep(column, length(hit)),
      status = rep("withheld", length(hit)),
      reason = rep("unplaced", length(hit)), stringsAsFactors = FALSE)
  }
  do.call(rbind, out)
}

computed_cells <- function(data, meta, columns) {
  rows <- unique(meta$cells$row[meta$cells$status == "withheld"])
  out <- list(empty_cells())
  for (k in columns) {
    hit <- rows[is.na(data[[k]][rows])]
    out[[length(out) + 1L]] <- data.frame(
      row = hit, column = rep(names(data)[k], length(hit)),
      status = rep("withheld", length(hit)),
      reason = rep("derived", length(hit)), stringsAsFactors = FALSE)
  }
  do.call(rbind, out)
}

# A report_table from `data` and the record of `template`, fitted.
rebuild <- function(data, template, kept = NULL) {
  if (!is.data.frame(data)) return(data)
  meta <- table_meta(template)
  data <- plain_data_frame(data)
  if (is.null(kept)) kept <- match_rows(data, meta, intersect(meta$keys,
                                                              names(data)),
                                        nrow(data), nrow(template))
  new_report_table(data, reconcile_meta(data, meta, kept,
                                        old = plain_data_frame(template)))
}

# Records whose rows or columns no longer fit the data (a base function
# that copied the attributes of its input) are fitted again when read.
fits <- function(x, meta) {
  identical(meta$columns$name, names(x)) &&
    length(meta$rows$role) == nrow(x) &&
    all(vapply(meta$keys, function(k) {
      identical(key_text(x[[k]]), meta$rows$keys[[k]])
    }, logical(1)))
}

#' @rdname report_table
#' @param i,j Rows and columns, as for a data frame.
#' @param drop Passed on to the data frame method.
#' @export
`[.report_table` <- function(x, i, j, drop) {
  rows_given <- nargs() - !missing(drop) >= 3L && !missing(i)
  kept <- NULL
  if (rows_given) {
    positions <- seq_len(nrow(x))
    names(positions) <- row.names(x)
    kept <- unname(tryCatch(positions[i], error = function(e) NULL))
  } else {
    kept <- seq_len(nrow(x))
  }
  out <- NextMethod()
  if (!is.data.frame(out)) return(out)
  if (length(kept) != nrow(out)) kept <- NULL
  rebuild(out, x, kept)
}

#' @rdname report_table
#' @param value The values assigned, as for a data frame.
#' @export
`[<-.report_table` <- function(x, i, j, value) {
  out <- NextMethod()
  rebuild(out, x, rows_after_assign(x, out))
}

#' @rdname report_table
#' @export
`[[<-.report_table` <- function(x, i, j, value) {
  out <- NextMethod()
  rebuild(out, x, rows_after_assign(x, out))
}

#' @rdname report_table
#' @param name A column name, as for `$<-`.
#' @export
`$<-.report_table` <- function(x, name, value) {
  out <- NextMethod()
  rebuild(out, x, rows_after_assign(x, out))
}

rows_after_assign <- function(x, out) {
  n <- nrow(x)
  c(seq_len(min(n, nrow(out))), rep(NA_integer_, max(0L, nrow(out) - n)))
}

#' @rdname report_table
#' @export
`names<-.report_table` <- function(x, value) {
  meta <- table_meta(x)
  old <- names(x)
  if (is.null(value) || length(value) != length(old) || anyNA(value) ||
      any(!nzchar(value)) || anyDuplicated(value)) {
    abort("A report_table's names must be unique and non-empty, one per ",
          "column.")
  }
  value <- as.character(value)
  rename <- function(v) {
    hit <- match(v, old)
    v[!is.na(hit)] <- value[hit[!is.na(hit)]]
    v
  }
  meta$columns$name <- value
  # A label that was the name follows the name.
  same <- meta$columns$label == old
  meta$columns$label[same] <- value[same]
  meta$columns$label <- make.unique(meta$columns$label, sep = " ")
  meta$keys <- rename(meta$keys)
  names(meta$rows$keys) <- rename(names(meta$rows$keys))
  meta$cells$column <- rename(meta$cells$column)
  meta$total_column <- if (is.na(meta$total_column)) NA_character_ else
    rename(meta$total_column)
  meta$parts <- rename(meta$parts)
  meta$derived <- lapply(meta$derived, function(l) {
    l$column <- rename(l$column)
    l$numerator <- rename(l$numerator)
    if (!is.na(l$denominator)) l$denominator <- rename(l$denominator)
    l
  })
  if (!is.null(meta$chart)) {
    meta$chart$x <- rename(meta$chart$x)
    meta$chart$y <- rename(meta$chart$y)
    if (!is.null(meta$chart$lines)) {
      meta$chart$lines <- rename(meta$chart$lines)
    }
  }
  # The variables keep their names; the columns holding them follow.
  if (!is.null(meta$dims)) {
    meta$dims$by[] <- rename(unname(meta$dims$by))
    meta$dims$rows$column <- rename(meta$dims$rows$column)
    meta$dims$columns$column <- rename(meta$dims$columns$column)
  }
  data <- plain_data_frame(x)
  names(data) <- value
  new_report_table(data, meta)
}

#' @rdname report_table
#' @param deparse.level Passed on to [rbind()].
#' @export
rbind.report_table <- function(..., deparse.level = 1) {
  tables <- list(...)
  tables <- tables[!vapply(tables, is.null, logical(1))]
  combine_tables(tables, do.call(rbind, lapply(tables, function(t) {
    if (is.data.frame(t)) plain_data_frame(t) else t
  })))
}

# The rows of several tables bound together, each table's record fitted to
# its own rows: blocks are renumbered so that they stay apart.
combine_tables <- function(tables, data) {
  data <- plain_data_frame(data)
  first <- tables[[1L]]
  meta <- reconcile_meta(data, table_meta(first),
                         kept = c(seq_len(nrow(first)),
                                  rep(NA_integer_, nrow(data) - nrow(first))))
  start <- nrow(first)
  block_base <- length(table_meta(first)$blocks)
  for (t in tables[-1L]) {
    rows <- start + seq_len(nrow(t))
    start <- start + nrow(t)
    if (!is.data.frame(t) || nrow(t) == 0L) next
    other <- table_meta(t)
    meta$rows$role[rows] <- other$rows$role
    meta$rows$block[rows] <- other$rows$block + block_base
    meta$rows$measure[rows] <- other$rows$measure
    meta$rows$sums[rows] <- other$rows$sums
    meta$blocks <- c(meta$blocks, other$blocks)
    block_base <- block_base + length(other$blocks)
    cells <- other$cells[other$cells$column %in% names(data), , drop = FALSE]
    cells$row <- rows[cells$row]
    placed <- paste(meta$cells$row, meta$cells$column)
    meta$cells <- rbind(meta$cells[!placed %in% paste(cells$row,
                                                      cells$column), ,
                                   drop = FALSE], cells)
    if (!is.null(other$suppression) && is.null(meta$suppression)) {
      meta$suppression <- other$suppression
    }
    meta$additive <- meta$additive & other$additive
  }
  meta$cells <- meta$cells[order(meta$cells$row), , drop = FALSE]
  rownames(meta$cells) <- NULL
  # Rows bound from tables classified alike (as many records, the same
  # variables and columns), each row once, stand for what they did (parts
  # of one table put back together); rows from anywhere else might not,
  # and one quantity twice might be two values.
  dims <- lapply(tables, function(t) {
    if (is.data.frame(t)) table_meta(t)$dims
  })
  same <- !is.null(dims[[1L]]) &&
    all(vapply(dims, identical, logical(1), dims[[1L]])) &&
    !anyDuplicated(key_strings(data, meta$keys))
  meta["dims"] <- list(if (same) fit_dims(dims[[1L]], meta$columns))
  check_unique_keys(data, meta)
  new_report_table(data, meta)
}

# Withheld cells are found by key: two rows with the same key would be
# confused.
check_unique_keys <- function(data, meta) {
  if (!any(meta$cells$status == "withheld") || length(meta$keys) == 0L) {
    return(invisible())
  }
  if (anyDuplicated(key_strings(data, meta$keys))) {
    abort("The result has two rows with the same labels (",
          paste0("`", meta$keys, "`", collapse = ", "), "), so its ",
          "withheld cells could not be told apart. Give the rows distinct ",
          "labels first.", class = "disclosure")
  }
}

#' @rdname report_table
#' @param y A data frame or `report_table` to merge with.
#' @export
merge.report_table <- function(x, y, ...) {
  data <- merge(plain_data_frame(x), if (is.data.frame(y))
    plain_data_frame(y) else y, ...)
  out <- reconcile_meta(data, table_meta(x))
  # Rows matched and columns brought in from `y`: not the cells the dims
  # described.
  out["dims"] <- list(NULL)
  if (is_report_table(y)) {
    other <- reconcile_meta(data, table_meta(y))
    from_y <- !out$columns$stated & other$columns$stated
    out$columns[from_y, ] <- other$columns[from_y, ]
    out$cells <- unique(rbind(out$cells, other$cells))
    out$derived <- c(out$derived, other$derived)
    if (is.null(out$suppression)) out$suppression <- other$suppression
  }
  # Columns renamed with a suffix keep the record of the column they were.
  args <- list(...)
  suffixes <- if (is.null(args$suffixes)) c(".x", ".y") else args$suffixes
  for (k in which(!out$columns$stated)) {
    name <- out$columns$name[k]
    for (s in seq_along(suffixes)) {
      source <- if (s == 1L) x else y
      if (!endsWith(name, suffixes[s]) || !is_report_table(source)) next
      base <- substr(name, 1L, nchar(name) - nchar(suffixes[s]))
      src <- table_meta(source)
      at <- match(base, src$columns$name)
      if (is.na(at)) next
      out$columns[k, c("role", "unit", "stated")] <-
        src$columns[at, c("role", "unit", "stated")]
      src_cells <- reconcile_meta(data[setdiff(names(data), name)],
                                  src)$cells
      hit <- src_cells[src_cells$column == base, , drop = FALSE]
      hit$column <- rep(name, nrow(hit))
      out$cells <- rbind(out$cells, hit)
    }
  }
  out$cells <- out$cells[!duplicated(out$cells[c("row", "column")]), ,
                         drop = FALSE]
  rownames(out$cells) <- NULL
  check_unique_keys(data, out)
  new_report_table(data, out)
}

#' @rdname report_table
#' @param _data A `report_table`, for [transform()].
#' @export
transform.report_table <- function(`_data`, ...) {
  plain <- plain_data_frame(`_data`)
  # The new columns are evaluated where the caller wrote them.
  values <- eval(substitute(list(...)), plain, parent.frame())
  data <- do.call(transform, c(list(plain), values))
  rebuild(data, `_data`, seq_len(nrow(`_data`)))
}

# ---- dplyr and vctrs ---------------------------------------------------------

# dplyr's verbs call these generics (dplyr >= 1.0); they are registered
# when dplyr is loaded, so that dplyr stays a suggestion.
dplyr_row_slice.report_table <- function(data, i, ...) {
  if (is.logical(i)) i <- which(i)
  data[i, , drop = FALSE]
}

dplyr_col_modify.report_table <- function(data, cols) {
  meta <- table_meta(data)
  out <- dplyr::dplyr_col_modify(plain_data_frame(data), cols)
  out <- plain_data_frame(out)
  new_report_table(out, reconcile_meta(out, meta, seq_len(nrow(out)),
                                       old = plain_data_frame(data)))
}

dplyr_reconstruct.report_table <- function(data, template) {
  meta <- table_meta(template)
  data <- plain_data_frame(data)
  kept <- match_rows(data, meta, intersect(meta$keys, names(data)),
                     nrow(data), nrow(template))
  new_report_table(data, reconcile_meta(data, meta, kept,
                                        old = plain_data_frame(template)))
}

register_s3 <- function(package, generic, class, fun) {
  register <- function(...) {
    registerS3method(generic, class, fun, envir = asNamespace(package))
  }
  if (isNamespaceLoaded(package)) register()
  setHook(packageEvent(package, "onLoad"), register)
}

.onLoad <- function(libname, pkgname) {
  register_s3("dplyr", "dplyr_row_slice", "report_table",
              dplyr_row_slice.report_table)
  register_s3("dplyr", "dplyr_col_modify", "report_table",
              dplyr_col_modify.report_table)
  register_s3("dplyr", "dplyr_reconstruct", "report_table",
              dplyr_reconstruct.report_table)
  register_s3("knitr", "knit_print", "report_table",
              knit_print.report_table)
  register_s3("ggplot2", "autoplot", "report_table", autoplot.report_table)
  invisible()
}
