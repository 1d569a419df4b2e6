# Argument checks shared by the exported functions. Each raises an error that
# names the user's argument and says what was expected.

# Errors are classed conditions: "reoffending_error_<kind>" and
# "reoffending_error", so that callers and tests can catch them by class.
# Kinds: bad_argument (the default: an argument of the wrong type, length or
# value), disclosure (an operation that would publish a confidential
# figure), bad_table (a report_table whose record does not fit its data).
abort <- function(..., class = "bad_argument") {
  stop(errorCondition(paste0(...),
                      class = c(paste0("reoffending_error_", class),
                                "reoffending_error"),
                      call = NULL))
}

# A message that can be silenced by class.
inform <- function(..., class = "inferred") {
  message(structure(
    class = c(paste0("reoffending_message_", class), "reoffending_message",
              "message", "condition"),
    list(message = paste0(..., "\n"), call = NULL)))
}

type_name <- function(x) {
  if (is.factor(x)) return("a factor")
  if (inherits(x, "Date")) return("a Date")
  if (is.null(x)) return("NULL")
  paste0(if (length(x) == 1L) "a " else "", class(x)[1L],
         if (length(x) == 1L) "" else " vector")
}

check_data_frame <- function(x, arg = "data") {
  if (!is.data.frame(x)) {
    abort("`", arg, "` must be a data frame, not ", type_name(x), ".")
  }
  invisible(x)
}

check_flag <- function(x, arg) {
  if (!is.logical(x) || length(x) != 1L || is.na(x)) {
    abort("`", arg, "` must be TRUE or FALSE.")
  }
  invisible(x)
}

check_string <- function(x, arg, null_ok = FALSE) {
  if (null_ok && is.null(x)) return(invisible(x))
  if (!is.character(x) || length(x) != 1L || is.na(x) || !nzchar(x)) {
    abort("`", arg, "` must be a single non-empty string",
          if (null_ok) " or NULL" else "", ".")
  }
  invisible(x)
}

check_numeric <- function(x, arg) {
  if (!is.numeric(x) || is.factor(x)) {
    abort("`", arg, "` must be numeric, not ", type_name(x), ".")
  }
  invisible(x)
}

check_same_length <- function(x, n, arg, what) {
  if (length(x) != n) {
    abort("`", arg, "` must have length 1 or ", n, " (the length of `",
          what, "`), not ", length(x), ".")
  }
  invisible(x)
}

# Show at most a few offending values in a message.
show_values <- function(x, most = 5L) {
  x <- unique(x)
  shown <- paste0('"', utils::head(x, most), '"', collapse = ", ")
  if (length(x) > most) shown <- paste0(shown, ", ...")
  shown
}

# Resolve an argument that names columns of `data` through tidyselect:
# bare names (`status`, `c(borough, status)`), strings, `all_of()`,
# `starts_with()`, `where()`, `.data$x` and `!!rlang::sym("x")`. `quo` is the
# argument captured by rlang::enquo() in the exported function. Returns the
# selected names in order, or NULL for a NULL argument (or an empty
# selection) when `null_ok`. Errors from tidyselect are re-raised as
# reoffending_error_bad_argument naming `arg`, with tidyselect's message.
column_names <- function(quo, data, arg, null_ok = TRUE, data_arg = "data") {
  if (rlang::quo_is_null(quo)) {
    if (null_ok) return(NULL)
    abort("`", arg, "` must name a column of `", data_arg, "`.")
  }
  expr <- rlang::quo_get_expr(quo)
  # The common case, one bare name or string naming one column, without
  # tidyselect's set-up (about a millisecond a call, several per table):
  # the column it would select.
  if (is.symbol(expr) || (is.character(expr) && length(expr) == 1L &&
                          !is.na(expr))) {
    name <- as.character(expr)
    if (sum(names(data) == name) == 1L) return(name)
  }
  expr <- plain_selection(expr, rlang::quo_get_env(quo), data, arg)
  quo <- rlang::quo_set_expr(quo, expr)
  selected <- tryCatch(
    tidyselect::eval_select(quo, data, allow_rename = FALSE),
    error = function(e) {
      abort("`", arg, "` must select columns of `", data_arg, "`: ",
            conditionMessage(e))
    })
  names <- names(selected)
  if (length(names) == 0L) {
    if (null_ok) return(NULL)
    abort("`", arg, "` must name at least one column of `", data_arg, "`.")
  }
  names
}

# One column of `data`: `id = "pid"`, `id = pid`, `id = all_of(v)`, ...
column_name <- function(quo, data, arg, data_arg = "data") {
  name <- column_names(quo, data, arg, null_ok = FALSE, data_arg = data_arg)
  if (length(name) != 1L) {
    abort("`", arg, "` must name one column of `", data_arg, "`, not ",
          length(name), ".")
  }
  name
}

# Forms tidyselect deprecates, rewritten to the ones it recommends, so that
# they keep working without a warning: `.data$x` and `.data[["x"]]` become
# all_of("x"), and a bare name that is not a column but a character vector
# in the caller's environment (`cols <- "status"; cohort_table(d, cols)`)
# becomes all_of(cols). Column positions written as numbers (`rows = 1`) are
# refused, as they were before tidyselect: a table names what it counts.
plain_selection <- function(expr, env, data, arg) {
  if (is.numeric(expr)) {
    abort("`", arg, "` must name columns, not give their positions (",
          paste(expr, collapse = ", "), ").")
  }
  if (is.symbol(expr)) {
    name <- as.character(expr)
    if (!name %in% names(data) && nzchar(name) &&
        exists(name, envir = env)) {
      value <- get(name, envir = env)
      if (is.character(value)) return(call("all_of", value))
      if (is.numeric(value)) return(plain_selection(value, env, data, arg))
    }
    return(expr)
  }
  if (!is.call(expr)) return(expr)
  head <- expr[[1L]]
  if ((identical(head, as.name("$")) || identical(head, as.name("[["))) &&
      identical(expr[[2L]], as.name(".data"))) {
    index <- expr[[3L]]
    if (identical(head, as.name("$"))) index <- as.character(index)
    return(call("all_of", index))
  }
  if (identical(head, as.name("c")) || identical(head, as.name("(")) ||
      identical(head, as.name("!")) || identical(head, as.name("-")) ||
      identical(head, as.name("&")) || identical(head, as.name("|"))) {
    for (i in seq_along(expr)[-1L]) {
      if (!is.null(expr[[i]])) {
        expr[[i]] <- plain_selection(expr[[i]], env, data, arg)
      }
    }
  }
  expr
}

# A numeric argument as it is (integer or double, never copied); an all-NA
# logical (a bare NA) counts as a missing number.
check_number_vector <- function(x, arg) {
  if (is.logical(x) && all(is.na(x))) return(as.double(x))
  check_numeric(x, arg)
  x
}

check_finite <- function(x, arg) {
  if (any(is.infinite(x))) abort("`", arg, "` must be finite or NA.")
  invisible(x)
}

check_proportion <- function(x, arg) {
  bad <- !is.na(x) & (x < 0 | x > 1)
  if (any(bad)) {
    abort("`", arg, "` must hold proportions between 0 and 1; found ",
          show_values(x[bad]), ". Divide percentages by 100.")
  }
  invisible(x)
}

# Arguments (a named list; NULL entries skipped) that must each have length
# 1 or n, where n is the longest (0 if any is empty). Returns n.
check_recycled <- function(args) {
  args <- args[!vapply(args, is.null, logical(1))]
  lens <- lengths(args)
  longest <- names(args)[which.max(lens)]
  n <- if (any(lens == 0L)) 0L else max(lens)
  for (arg in names(args)) {
    if (lens[[arg]] != 1L && lens[[arg]] != n) {
      if (n == 0L) {
        abort("`", arg, "` must have length 0 or 1 when another argument ",
              "is empty, not ", lens[[arg]], ".")
      }
      check_same_length(args[[arg]], n, arg, longest)
    }
  }
  n
}

# Polarity as a character vector; its values ("higher", "lower") are checked
# in C, in the one pass over the rows, with the row of any other value.
check_polarity <- function(polarity) {
  if (is.factor(polarity)) polarity <- as.character(polarity)
  if (!is.character(polarity)) {
    abort("`polarity` must be \"higher\" or \"lower\", not ",
          type_name(polarity), ".")
  }
  polarity
}

# The columns a grouped data frame (dplyr::group_by()) is grouped by,
# without needing dplyr: the names of its "groups" attribute but `.rows`.
group_columns <- function(data) {
  if (!inherits(data, "grouped_df")) return(character())
  if (requireNamespace("dplyr", quietly = TRUE)) {
    return(dplyr::group_vars(data))
  }
  setdiff(names(attr(data, "groups")), ".rows")
}

# `by` of a function: the groups of `data` first, then the `by` argument.
grouped_by <- function(data, by, data_arg = "data") {
  groups <- group_columns(data)
  twice <- intersect(groups, by)
  if (length(twice) > 0L) {
    abort("`by` names ", show_values(twice), ", which `", data_arg,
          "` is already grouped by (with group_by()); name each column ",
          "once, in group_by() or in `by`.")
  }
  by <- c(groups, by)
  if (length(by) == 0L) NULL else by
}
