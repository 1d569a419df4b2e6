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
"_PACKAGE"
