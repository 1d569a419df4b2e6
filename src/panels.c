/* Panel overlaps: which of up to 16 panel lists each person is on, as a bit
 * set per person built in one pass over the list rows, then the people
 * counted by combination of panels (the bit set read as a number).
 * O(rows + people) time; O(people + 2^panels) memory. */
#include "reoffending.h"

#define MAX_PANELS 16

SEXP C_panel_overlap(SEXP person, SEXP panel, SEXP n_people, SEXP n_panels) {
  check_type(person, INTSXP, "person");
  check_type(panel, INTSXP, "panel");
  R_xlen_t n = XLENGTH(person);
  check_length(panel, n, "panel");
  int np = check_scalar_int(n_people, "n_people");
  int nk = check_scalar_int(n_panels, "n_panels");
  if (np == NA_INTEGER || np < 0)
    Rf_error("`n_people` must be a non-negative count");
  if (nk == NA_INTEGER || nk < 1 || nk > MAX_PANELS)
    Rf_error("`n_panels` must be between 1 and %d", MAX_PANELS);

  SEXP mask = PROTECT(Rf_allocVector(INTSXP, np));
  SEXP combination = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t) 1 << nk));
  SEXP repeats = PROTECT(Rf_allocVector(INTSXP, nk));
  int *bits = INTEGER(mask), *count = INTEGER(combination),
    *again = INTEGER(repeats);
  for (R_xlen_t p = 0; p < np; p++) bits[p] = 0;
  for (R_xlen_t c = 0; c < ((R_xlen_t) 1 << nk); c++) count[c] = 0;
  for (int k = 0; k < nk; k++) again[k] = 0;

  int *pbuf = (int *) R_alloc(BLOCK_ROWS, sizeof(int));
  int *kbuf = (int *) R_alloc(BLOCK_ROWS, sizeof(int));
  for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
    R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
    const int *who = int_region(person, start, len, pbuf);
    const int *list = int_region(panel, start, len, kbuf);
    for (R_xlen_t i = 0; i < len; i++) {
      /* Unsigned compares catch NA (INT_MIN) and out-of-range codes. */
      unsigned int p = (unsigned int) who[i] - 1u;
      unsigned int k = (unsigned int) list[i] - 1u;
      if (p >= (unsigned int) np || k >= (unsigned int) nk) {
        UNPROTECT(3); /* repeats, combination, mask */
        Rf_error("row %.0f has a person or panel code out of range",
                 (double) (start + i + 1));
      }
      int bit = 1 << k;
      if (bits[p] & bit) again[k]++;
      bits[p] |= bit;
    }
  }
  for (R_xlen_t p = 0; p < np; p++) count[bits[p]]++;

  SEXP out = PROTECT(Rf_allocVector(VECSXP, 3));
  SET_VECTOR_ELT(out, 0, mask);
  SET_VECTOR_ELT(out, 1, combination);
  SET_VECTOR_ELT(out, 2, repeats);
  UNPROTECT(4); /* out, repeats, combination, mask */
  return out;
}
