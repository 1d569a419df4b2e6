/* The floor for proven_reoffending(): a bare C join of offences to a
 * cohort on integer ids, then the follow-up window, counted per offender.
 * The same work as id_match() followed by C_proven_reoffending, written
 * the plain way: an array of positions indexed by id, and one pass over
 * the offences. Built and loaded by bench/engines.R (R CMD SHLIB,
 * dyn.load); not part of the package.
 *
 * Deliberately minimal: one thread; ids must be positive, known and below
 * max_id (true of the benchmark data); no checks on dates (an offence
 * counts when index < committed <= follow-up end and proven <= waiting
 * end, NA proven dates failing the comparison); no date of the first
 * reoffence, no count of bad dates, no error for repeated cohort ids.
 * Returns the number of proven reoffences of each offender. */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <string.h>

SEXP bare_follow_up(SEXP cohort_id, SEXP index, SEXP follow_up_end,
                    SEXP waiting_end, SEXP offence_id, SEXP offence_date,
                    SEXP proven_date, SEXP max_id) {
  const int *cid = INTEGER_RO(cohort_id), *oid = INTEGER_RO(offence_id);
  const double *from = REAL_RO(index), *to = REAL_RO(follow_up_end);
  const double *proof = REAL_RO(waiting_end);
  const double *od = REAL_RO(offence_date), *pd = REAL_RO(proven_date);
  R_xlen_t n = XLENGTH(cohort_id), m = XLENGTH(offence_id);
  int top = Rf_asInteger(max_id);

  int *position = (int *) R_alloc((size_t) top + 1, sizeof(int));
  memset(position, 0, sizeof(int) * ((size_t) top + 1));
  for (R_xlen_t i = 0; i < n; i++) position[cid[i]] = (int) i + 1;

  SEXP out = PROTECT(Rf_allocVector(INTSXP, n));
  int *count = INTEGER(out);
  memset(count, 0, sizeof(int) * (size_t) n);
  for (R_xlen_t i = 0; i < m; i++) {
    int id = oid[i];
    int p = id <= top ? position[id] - 1 : -1;
    if (p < 0) continue;
    if (od[i] > from[p] && od[i] <= to[p] && pd[i] <= proof[p]) count[p]++;
  }
  UNPROTECT(1);
  return out;
}
