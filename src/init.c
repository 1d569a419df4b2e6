/* Registration of the .Call entry points, and nothing else. */
#include "reoffending.h"
#include <R_ext/Rdynload.h>

static const R_CallMethodDef call_methods[] = {
  {"C_assign_cohort",        (DL_FUNC) &C_assign_cohort,        6},
  {"C_count_groups",         (DL_FUNC) &C_count_groups,         2},
  {"C_sum_flags",            (DL_FUNC) &C_sum_flags,            3},
  {"C_proven_reoffending",   (DL_FUNC) &C_proven_reoffending,   6},
  {"C_sum_reoffending",      (DL_FUNC) &C_sum_reoffending,      4},
  {"C_compare_to_target",    (DL_FUNC) &C_compare_to_target,    6},
  {"C_change",               (DL_FUNC) &C_change,               3},
  {"C_compare_to_benchmark", (DL_FUNC) &C_compare_to_benchmark, 5},
  {"C_suppress_secondary",   (DL_FUNC) &C_suppress_secondary,   7},
  {"C_protection_intervals", (DL_FUNC) &C_protection_intervals, 7},
  {"C_write_xlsx",           (DL_FUNC) &C_write_xlsx,           5},
  {"C_panel_overlap",        (DL_FUNC) &C_panel_overlap,        4},
  {"C_iom_summary",          (DL_FUNC) &C_iom_summary,         12},
  {"C_count_incidents",      (DL_FUNC) &C_count_incidents,      8},
  {"C_index_events",         (DL_FUNC) &C_index_events,         3},
  {"C_count_previous",       (DL_FUNC) &C_count_previous,       6},
  {"C_threads",              (DL_FUNC) &C_threads,              1},
  {"C_id_match",             (DL_FUNC) &C_id_match,             2},
  {NULL, NULL, 0}
};

void R_init_reoffending(DllInfo *dll) {
  R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
  R_useDynamicSymbols(dll, FALSE);
  R_forceSymbols(dll, TRUE);
}
