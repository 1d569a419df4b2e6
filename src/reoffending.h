/* Shared prototypes and the cheap boundary checks every .Call entry point
 * runs on its own arguments, so that a direct .Call with the wrong types or
 * lengths is an R error rather than a crash. The friendly checks, naming the
 * user's argument, live in R (R/checks.R). */
#ifndef REOFFENDING_H
#define REOFFENDING_H

#define R_NO_REMAP
#define STRICT_R_HEADERS
#include <R.h>
#include <Rinternals.h>
#include <stdint.h>

/* Rows are read in blocks of this many: small enough for the block's
 * scratch to stay in L1, large enough to amortise the per-block set-up. */
#define BLOCK_ROWS 4096

/* Entry points (registered in init.c). */
SEXP C_assign_cohort(SEXP age, SEXP sex, SEXP mhld, SEXP breaks,
                     SEXP use_women, SEXP use_mhld);
SEXP C_count_groups(SEXP keys, SEXP nlevels);
SEXP C_sum_flags(SEXP flags, SEXP group, SEXP ngroups);
SEXP C_proven_reoffending(SEXP code, SEXP offence_date, SEXP proven_date,
                          SEXP index_date, SEXP follow_up_end,
                          SEXP waiting_end);
SEXP C_sum_reoffending(SEXP group, SEXP ngroups, SEXP reoffended,
                       SEXP reoffences);

/* Boundary checks: each raises an R error naming the argument. */
void check_type(SEXP x, SEXPTYPE type, const char *arg);
void check_length(SEXP x, R_xlen_t n, const char *arg);
int check_scalar_int(SEXP x, const char *arg);
int check_scalar_lgl(SEXP x, const char *arg);

/* Read access that never materialises an ALTREP vector: a direct pointer
 * into an ordinary vector, otherwise the region copied into buf (which must
 * hold len elements). Works for INTSXP and LGLSXP alike. */
static inline const int *int_region(SEXP x, R_xlen_t start, R_xlen_t len,
                                    int *buf) {
  if (!ALTREP(x))
    return (TYPEOF(x) == LGLSXP ? LOGICAL_RO(x) : INTEGER_RO(x)) + start;
  if (TYPEOF(x) == LGLSXP)
    LOGICAL_GET_REGION(x, start, len, buf);
  else
    INTEGER_GET_REGION(x, start, len, buf);
  return buf;
}

static inline const double *real_region(SEXP x, R_xlen_t start,
                                        R_xlen_t len, double *buf) {
  if (!ALTREP(x))
    return REAL_RO(x) + start;
  REAL_GET_REGION(x, start, len, buf);
  return buf;
}

#endif
