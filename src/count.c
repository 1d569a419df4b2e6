/* Counting engines behind cohort_table() and needs_profile().
 *
 * count_groups: the full cross-tabulation of K integer keys (factor codes),
 * NA counted in an extra last level of each key. O(n K) one pass over the
 * keys; O(cells) memory.
 *
 * sum_flags: per group, how many records have each flag TRUE (or 1), and how
 * many have at least one flag that is not NA (the assessed). O(n F) one pass
 * over the flags; O(groups F) memory.
 *
 * Rows are processed in blocks so that each column is read sequentially and
 * the per-block scratch stays in cache. */
#include "reoffending.h"

SEXP C_count_groups(SEXP keys, SEXP nlevels) {
  check_type(keys, VECSXP, "keys");
  check_type(nlevels, INTSXP, "nlevels");
  R_xlen_t nkeys = XLENGTH(keys);
  if (nkeys < 1 || nkeys > 64)
    Rf_error("`keys` must hold between 1 and 64 key vectors");
  check_length(nlevels, nkeys, "nlevels");

  R_xlen_t n = XLENGTH(VECTOR_ELT(keys, 0));
  const int *nlev = INTEGER_RO(nlevels);
  R_xlen_t *stride = (R_xlen_t *) R_alloc(nkeys, sizeof(R_xlen_t));
  double cells = 1;
  for (R_xlen_t j = 0; j < nkeys; j++) {
    SEXP key = VECTOR_ELT(keys, j);
    if (TYPEOF(key) != INTSXP)
      Rf_error("`keys[[%d]]` must be of type integer, not %s", (int) j + 1,
               Rf_type2char(TYPEOF(key)));
    if (XLENGTH(key) != n)
      Rf_error("`keys[[%d]]` must have length %.0f, not %.0f", (int) j + 1,
               (double) n, (double) XLENGTH(key));
    if (nlev[j] == NA_INTEGER || nlev[j] < 0)
      Rf_error("`nlevels[%d]` must be a non-negative count", (int) j + 1);
    stride[j] = (R_xlen_t) cells;
    cells *= (double) nlev[j] + 1;     /* + 1: the NA level */
  }
  if (cells > 1e9)
    Rf_error("the table would have %.0f cells; at most 1e9 are allowed",
             cells);
  R_xlen_t ncells = (R_xlen_t) cells;

  /* Tallies in 64-bit integers, so that counts beyond 2^31 stay exact. */
  int64_t *tally = (int64_t *) R_alloc(ncells, sizeof(int64_t));
  for (R_xlen_t c = 0; c < ncells; c++) tally[c] = 0;

  R_xlen_t cell[BLOCK_ROWS];
  int *buf = (int *) R_alloc(BLOCK_ROWS, sizeof(int));
  for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
    R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
    for (R_xlen_t i = 0; i < len; i++) cell[i] = 0;
    for (R_xlen_t j = 0; j < nkeys; j++) {
      const int *code = int_region(VECTOR_ELT(keys, j), start, len, buf);
      unsigned int k = (unsigned int) nlev[j];
      R_xlen_t st = stride[j];
      for (R_xlen_t i = 0; i < len; i++) {
        /* Codes 1..k map to 0..k-1; NA_INTEGER (INT_MIN) and anything out
         * of range wrap to a large unsigned value. */
        unsigned int u = (unsigned int) code[i] - 1u;
        if (u >= k) {
          if (code[i] != NA_INTEGER)
            Rf_error("`keys[[%d]]` holds code %d outside 1..%d", (int) j + 1,
                     code[i], (int) k);
          u = k;
        }
        cell[i] += (R_xlen_t) u * st;
      }
    }
    for (R_xlen_t i = 0; i < len; i++) tally[cell[i]]++;
  }

  SEXP out = PROTECT(Rf_allocVector(REALSXP, ncells));
  double *res = REAL(out);
  for (R_xlen_t c = 0; c < ncells; c++) res[c] = (double) tally[c];
  UNPROTECT(1); /* out */
  return out;
}

SEXP C_sum_flags(SEXP flags, SEXP group, SEXP ngroups) {
  check_type(flags, VECSXP, "flags");
  int ng = check_scalar_int(ngroups, "ngroups");
  if (ng < 0 || ng > 100000000)
    Rf_error("`ngroups` must be a non-negative count");
  R_xlen_t nflags = XLENGTH(flags);
  if (nflags < 1 || nflags > 100000)
    Rf_error("`flags` must hold between 1 and 100000 flag vectors");
  R_xlen_t n = XLENGTH(VECTOR_ELT(flags, 0));
  SEXP names = Rf_getAttrib(flags, R_NamesSymbol);
  for (R_xlen_t j = 0; j < nflags; j++) {
    SEXP flag = VECTOR_ELT(flags, j);
    if (TYPEOF(flag) != LGLSXP && TYPEOF(flag) != INTSXP)
      Rf_error("`flags[[%d]]` must be logical or integer, not %s",
               (int) j + 1, Rf_type2char(TYPEOF(flag)));
    if (XLENGTH(flag) != n)
      Rf_error("`flags[[%d]]` must have length %.0f, not %.0f", (int) j + 1,
               (double) n, (double) XLENGTH(flag));
  }
  int grouped = !Rf_isNull(group);
  if (grouped) {
    check_type(group, INTSXP, "group");
    check_length(group, n, "group");
  }

  /* Group ng (0-based) collects NA group codes. */
  R_xlen_t nslots = (R_xlen_t) ng + 1;
  if ((double) nslots * (double) nflags > 1e9)
    Rf_error("the result would have more than 1e9 cells");
  int64_t *sums = (int64_t *) R_alloc(nslots * nflags, sizeof(int64_t));
  int64_t *assessed = (int64_t *) R_alloc(nslots, sizeof(int64_t));
  for (R_xlen_t c = 0; c < nslots * nflags; c++) sums[c] = 0;
  for (R_xlen_t c = 0; c < nslots; c++) assessed[c] = 0;

  R_xlen_t slot[BLOCK_ROWS];
  int seen[BLOCK_ROWS];
  int *buf = (int *) R_alloc(BLOCK_ROWS, sizeof(int));
  for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
    R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
    if (grouped) {
      const int *code = int_region(group, start, len, buf);
      for (R_xlen_t i = 0; i < len; i++) {
        unsigned int u = (unsigned int) code[i] - 1u;
        if (u >= (unsigned int) ng) {
          if (code[i] != NA_INTEGER)
            Rf_error("`group` holds code %d outside 1..%d", code[i], ng);
          u = (unsigned int) ng;
        }
        slot[i] = (R_xlen_t) u;
      }
    } else {
      for (R_xlen_t i = 0; i < len; i++) slot[i] = 0;
    }
    for (R_xlen_t i = 0; i < len; i++) seen[i] = 0;

    for (R_xlen_t j = 0; j < nflags; j++) {
      const int *v = int_region(VECTOR_ELT(flags, j), start, len, buf);
      int64_t *col = sums + j * nslots;
      int bad = 0;
      for (R_xlen_t i = 0; i < len; i++) {
        int x = v[i];
        col[slot[i]] += (x == 1);
        seen[i] |= (x != NA_INTEGER);
        bad |= (x != 0) & (x != 1) & (x != NA_INTEGER);
      }
      if (bad) {
        const char *name = Rf_isNull(names) ? "" :
          CHAR(STRING_ELT(names, j));
        Rf_error("flag `%s` must hold only 0, 1, TRUE, FALSE or NA", name);
      }
    }
    for (R_xlen_t i = 0; i < len; i++) assessed[slot[i]] += seen[i];
  }

  SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
  SEXP sums_out = Rf_allocMatrix(REALSXP, (int) nslots, (int) nflags);
  SET_VECTOR_ELT(out, 0, sums_out);
  SEXP assessed_out = Rf_allocVector(REALSXP, nslots);
  SET_VECTOR_ELT(out, 1, assessed_out);
  double *s = REAL(sums_out), *a = REAL(assessed_out);
  for (R_xlen_t c = 0; c < nslots * nflags; c++) s[c] = (double) sums[c];
  for (R_xlen_t c = 0; c < nslots; c++) a[c] = (double) assessed[c];
  SEXP out_names = PROTECT(Rf_allocVector(STRSXP, 2));
  SET_STRING_ELT(out_names, 0, Rf_mkChar("sums"));
  SET_STRING_ELT(out_names, 1, Rf_mkChar("assessed"));
  Rf_setAttrib(out, R_NamesSymbol, out_names);
  UNPROTECT(2); /* out, out_names */
  return out;
}
