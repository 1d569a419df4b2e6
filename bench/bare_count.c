/* The floor for cohort_table(): a bare C loop counting three integer factor
 * codes into a flat cell array. Built and loaded by bench/cohort_table.R and
 * bench/engines.R (R CMD SHLIB, dyn.load); not part of the package.
 *
 * Deliberately minimal: no NA level, no range checks, no 64-bit tallies. It
 * assumes every code is in 1..nlevels (true of the benchmark data, which has
 * no NA keys), so it is only a fair floor for NA-free factors. The cell
 * layout matches C_count_groups without its NA levels: a fastest, then b,
 * then c. */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <string.h>

SEXP bare_count3(SEXP a, SEXP b, SEXP c, SEXP nlevels) {
  const int *x = INTEGER_RO(a), *y = INTEGER_RO(b), *z = INTEGER_RO(c);
  const int *nl = INTEGER_RO(nlevels);
  R_xlen_t n = XLENGTH(a);
  int na = nl[0], nab = nl[0] * nl[1];
  /* Offset so that 1-based codes index the 0-based array directly. */
  int base = 1 + na + nab;

  SEXP out = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) nab * nl[2]));
  int *tally = INTEGER(out);
  memset(tally, 0, sizeof(int) * (size_t) XLENGTH(out));
  for (R_xlen_t i = 0; i < n; i++)
    tally[x[i] + na * y[i] + nab * z[i] - base]++;
  UNPROTECT(1);
  return out;
}
