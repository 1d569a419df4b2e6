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

# Resolve an argument that names columns of `data`, given bare (`status`,
# `c(borough, status)`) or as strings. `expr` is the captured expression,
# `value` a thunk evaluating it in the caller's frame for string forms.
column_names <- function(expr, env, data, arg, null_ok = TRUE) {
  if (is.null(expr)) {
    if (null_ok) return(NULL)
    abort("`", arg, "` must name a column of `data`.")
  }
  if (is.symbol(expr)) {
    name <- as.character(expr)
    if (name %in% names(data)) return(name)
    value <- tryCatch(eval(expr, env), error = function(e) NULL)
    if (is.character(value)) return(check_columns(value, data, arg))
    abort("`", arg, "` names column `", name, "`, which is not in `data`.")
  }
  if (is.call(expr) && identical(expr[[1L]], as.name("c"))) {
    parts <- as.list(expr)[-1L]
    if (length(parts) > 0L && all(vapply(parts, is.symbol, logical(1)))) {
      return(check_columns(vapply(parts, as.character, character(1)),
                           data, arg))
    }
  }
  value <- eval(expr, env)
  if (is.null(value) && null_ok) return(NULL)
  if (!is.character(value) || length(value) == 0L || anyNA(value)) {
    abort("`", arg, "` must name columns of `data`, bare or as strings.")
  }
  check_columns(value, data, arg)
}

check_columns <- function(names, data, arg) {
  if (length(names) == 0L || anyNA(names)) {
    abort("`", arg, "` must name at least one column of `data`.")
  }
  unknown <- setdiff(names, names(data))
  if (length(unknown) > 0L) {
    abort("`", arg, "` names ", if (length(unknown) == 1L) "a column" else
            "columns", " not in `data`: ", show_values(unknown), ".")
  }
  if (anyDuplicated(names)) {
    abort("`", arg, "` names a column more than once.")
  }
  names
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
