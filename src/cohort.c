/* Cohort assignment: each record's cohort code under a cohort model.
 * Precedence: MHLD (any sex), then Women (any age), then male age bands with
 * inclusive lower bounds; under the first break is NA (youth justice).
 * Codes: 1..B for the B age bands, then MHLD, then Women (each present only
 * when the model has it). O(n log B) one pass; O(1) extra memory. */
#include "reoffending.h"
#include <math.h>

/* Index (0-based) of the band holding `age`, or -1 under the first break. */
static int find_band(double age, const double *breaks, int nbreaks) {
  int lo = 0, hi = nbreaks;          /* answer is in [lo - 1, hi - 1] */
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (age >= breaks[mid]) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

SEXP C_assign_cohort(SEXP age, SEXP sex, SEXP mhld, SEXP breaks,
                     SEXP use_women, SEXP use_mhld) {
  check_type(age, REALSXP, "age");
  check_type(sex, INTSXP, "sex");
  check_type(mhld, LGLSXP, "mhld");
  check_type(breaks, REALSXP, "breaks");
  int women_on = check_scalar_lgl(use_women, "use_women");
  int mhld_on = check_scalar_lgl(use_mhld, "use_mhld");

  R_xlen_t n = XLENGTH(age);
  check_length(sex, n, "sex");
  R_xlen_t n_mhld = XLENGTH(mhld);
  if (n_mhld != 1 && n_mhld != n)
    Rf_error("`mhld` must have length 1 or %.0f, not %.0f", (double) n,
             (double) n_mhld);

  R_xlen_t nb = XLENGTH(breaks);
  if (nb < 1 || nb > 1000)
    Rf_error("`breaks` must have between 1 and 1000 elements");
  const double *brk = REAL_RO(breaks);
  for (R_xlen_t k = 0; k < nb; k++) {
    if (!R_FINITE(brk[k]) || (k > 0 && brk[k] <= brk[k - 1]))
      Rf_error("`breaks` must be finite and strictly increasing");
  }
  int nbreaks = (int) nb;
  int code_mhld = nbreaks + 1;
  int code_women = nbreaks + (mhld_on ? 2 : 1);

  SEXP out = PROTECT(Rf_allocVector(INTSXP, n));
  int *res = INTEGER(out);
  double age_buf[BLOCK_ROWS];
  int sex_buf[BLOCK_ROWS], mhld_buf[BLOCK_ROWS];
  int mhld_const = LOGICAL_ELT(mhld, 0);

  for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
    R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
    const double *a = real_region(age, start, len, age_buf);
    const int *s = int_region(sex, start, len, sex_buf);
    const int *m = n_mhld == 1 ? NULL : int_region(mhld, start, len, mhld_buf);
    for (R_xlen_t i = 0; i < len; i++) {
      int is_mhld = m ? m[i] : mhld_const;
      if (s[i] != 1 && s[i] != 2 && s[i] != NA_INTEGER)
        Rf_error("`sex` codes must be 1 (male), 2 (female) or NA");
      int code;
      if (mhld_on && is_mhld == NA_LOGICAL) {
        code = NA_INTEGER;             /* the answer hinges on the unknown */
      } else if (mhld_on && is_mhld) {
        code = code_mhld;
      } else if (women_on && s[i] == NA_INTEGER) {
        code = NA_INTEGER;
      } else if (women_on && s[i] == 2) {
        code = code_women;
      } else if (ISNAN(a[i])) {
        code = NA_INTEGER;
      } else {
        int band = find_band(a[i], brk, nbreaks);
        code = band < 0 ? NA_INTEGER : band + 1;
      }
      res[start + i] = code;
    }
  }
  UNPROTECT(1); /* out */
  return out;
}
