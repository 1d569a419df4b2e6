#' reoffending: cohort tables and performance monitoring for probation and
#' community safety
#'
#' Offender-level records in, the tables of borough community-safety and
#' probation reports out. The main entry points:
#'
#' * [assign_cohort()] and [cohort_model()]: offender cohorts (London CRC
#'   model of December 2015 by default);
#' * [cohort_table()]: caseload counts by cohort, status and area, with totals
#'   and percentages;
#' * [needs_profile()]: criminogenic-needs profiles;
#' * [proven_reoffending()], [reoffending_rates()] and [compare_cohorts()]:
#'   proven reoffending from offender and offence records, its rates by
#'   group, and comparisons between cohorts and with a benchmark;
#' * [report_table()]: the result object, printed like the published tables;
#' * [compare_to_target()]: results against targets, with markers, RAG and
#'   direction of travel; [pct_change()], [pp_change()] and
#'   [relative_target()] for changes between periods;
#' * [compare_to_benchmark()]: a borough against a benchmark (London) by
#'   Wilson score intervals;
#' * [audit_table()]: the cells of a published table that do not follow
#'   from its own counts.
#'
#' The counting, matching and comparisons are done in C, in one pass.
#'
#' @keywords internal
#' @useDynLib reoffending, .registration = TRUE
#' @importFrom utils str
#' @importFrom rlang enquo .data
#' @importFrom tidyselect eval_select
"_PACKAGE"

#' Choosing columns: tidy selection and grouped data
#'
#' Every argument that names columns of a data frame (`rows`, `cols`, `by`
#' of [cohort_table()]; `needs`, `by` of [needs_profile()]; `by` of
#' [reoffending_rates()]; `id`, `index_date`, `offence_date`, `proven_date`
#' of [proven_reoffending()]) is a tidy selection, as in `dplyr::select()`
#' (through [tidyselect::eval_select()]). These forms all work:
#'
#' * bare names: `status`, `c(cohort, status)`;
#' * strings: `"status"`, `c("cohort", "status")`, or a variable holding them;
#' * `all_of(vars)` (or `any_of()`) for a character vector of names;
#' * helpers: `starts_with("need_")`, `ends_with()`, `contains()`,
#'   `matches()`, `where(is.logical)`, and `!`, `&`, `|` between them;
#' * `.data$status` or `.data[["status"]]`, as in a package's own code;
#' * injection: `!!rlang::sym("status")`, `!!!rlang::syms(vars)`.
#'
#' Each argument keeps its own rules: `rows` of [cohort_table()] selects one
#' column, `cols` at most one, and `needs_profile()` takes one `by` column.
#' `NULL` (or a selection of no columns) is allowed where the argument's
#' default is `NULL`. Columns are not renamed, and are named rather than
#' given by position (`rows = 1` is refused). An error of tidyselect (a
#' column that does not exist, say) comes back as an error of class
#' `reoffending_error_bad_argument` that names the argument and includes
#' tidyselect's message.
#'
#' A grouped data frame (`dplyr::group_by()`) is grouped by its groups: a
#' function with a `by` argument takes the groups as `by`, then adds the
#' columns of `by` after them. `cohort_table(dplyr::group_by(d, area),
#' cohort)` is the same table as `cohort_table(d, cohort, by = area)`. A
#' column in both the groups and `by` is refused.
#'
#' @name column-selection
#' @examples
#' cohort_table(lewisham_offenders, cohort, starts_with("stat"))
#' needs_profile(lewisham_offenders, starts_with("need_"),
#'               by = !!rlang::sym("cohort"))
NULL
