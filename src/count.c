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
 * Rows are read in blocks, so that ALTREP vectors are read region by region
 * without being materialised, and the per-block scratch stays in cache. */
#include "reoffending.h"
#include <string.h>

/* Out-of-range codes are rare, so their check sits off the hot path. */
static void bad_code(int key, int code, int nlevels) {
  Rf_error("`keys[[%d]]` holds code %d outside 1..%d", key + 1, code,
           nlevels);
}

/* Codes 1..k map to 0..k-1 and NA to k (the NA level). NA_INTEGER (INT_MIN)
 * and anything out of range wrap to a large unsigned value, so one compare
 * spots both. */
static inline R_xlen_t level_of(int code, unsigned int k, int key) {
  unsigned int u = (unsigned int) code - 1u;
  if (u >= k) {
    if (code != NA_INTEGER) bad_code(key, code, (int) k);
    u = k;
  }
  return (R_xlen_t) u;
}

SEXP C_count_groups(SEXP keys, SEXP nlevels) {
  check_type(keys, VECSXP, "keys");
  check_type(nlevels, INTSXP, "nlevels");
  R_xlen_t nkeys = XLENGTH(keys);
  if (nkeys < 1 || nkeys > 64)
    Rf_error("`keys` must hold between 1 and 64 key vectors");
  check_length(nlevels, nkeys, "nlevels");

  R_xlen_t n = XLENGTH(VECTOR_ELT(keys, 0));
  const int *nlev = INTEGER_RO(nlevels);
  R_xlen_t stride[64];
  unsigned int k[64];
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
    k[j] = (unsigned int) nlev[j];
    cells *= (double) nlev[j] + 1;     /* + 1: the NA level */
    /* Checked key by key, so that the next stride cannot overflow. */
    if (cells > MAX_CELLS)
      Rf_error("the table would have %.0f cells or more; at most %.0f are "
               "allowed", cells, MAX_CELLS);
  }
  R_xlen_t ncells = (R_xlen_t) cells;

  /* Tallies in 64-bit integers, so that counts beyond 2^31 stay exact. */
  int64_t *tally = (int64_t *) R_alloc(ncells, sizeof(int64_t));
  for (R_xlen_t c = 0; c < ncells; c++) tally[c] = 0;

  /* One fused pass: each row's cell from all its keys at once. The common
   * shapes (one to three keys) get loops of their own. */
  const int *code[64];
  int *buf = (int *) R_alloc((size_t) nkeys * BLOCK_ROWS, sizeof(int));
  for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
    R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
    for (R_xlen_t j = 0; j < nkeys; j++)
      code[j] = int_region(VECTOR_ELT(keys, j), start, len,
                           buf + j * BLOCK_ROWS);
    if (nkeys == 1) {
      const int *a = code[0];
      for (R_xlen_t i = 0; i < len; i++) tally[level_of(a[i], k[0], 0)]++;
    } else if (nkeys == 2) {
      const int *a = code[0], *b = code[1];
      R_xlen_t sb = stride[1];
      for (R_xlen_t i = 0; i < len; i++)
        tally[level_of(a[i], k[0], 0) + level_of(b[i], k[1], 1) * sb]++;
    } else if (nkeys == 3) {
      const int *a = code[0], *b = code[1], *c = code[2];
      R_xlen_t sb = stride[1], sc = stride[2];
      for (R_xlen_t i = 0; i < len; i++)
        tally[level_of(a[i], k[0], 0) + level_of(b[i], k[1], 1) * sb +
              level_of(c[i], k[2], 2) * sc]++;
    } else {
      for (R_xlen_t i = 0; i < len; i++) {
        R_xlen_t cell = 0;
        for (R_xlen_t j = 0; j < nkeys; j++)
          cell += level_of(code[j][i], k[j], (int) j) * stride[j];
        tally[cell]++;
      }
    }
  }

  SEXP out = PROTECT(Rf_allocVector(REALSXP, ncells));
  double *res = REAL(out);
  for (R_xlen_t c = 0; c < ncells; c++) res[c] = (double) tally[c];
  UNPROTECT(1); /* out */
  return out;
}

static void flush_counts(int64_t *total, int32_t *counts, R_xlen_t n) {
  for (R_xlen_t c = 0; c < n; c++) {
    total[c] += counts[c];
    counts[c] = 0;
  }
}

SEXP C_sum_flags(SEXP flags, SEXP group, SEXP ngroups) {
  check_type(flags, VECSXP, "flags");
  int ng = check_scalar_int(ngroups, "ngroups");
  if (ng < 0 || ng > MAX_GROUPS)
    Rf_error("`ngroups` must be a count from 0 to %d, not %d", MAX_GROUPS,
             ng);
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
  if ((double) nslots * (double) nflags > MAX_CELLS)
    Rf_error("the result would have %.0f cells; at most %.0f are allowed",
             (double) nslots * (double) nflags, MAX_CELLS);
  int64_t *sums = (int64_t *) R_alloc(nslots * nflags, sizeof(int64_t));
  int64_t *assessed = (int64_t *) R_alloc(nslots, sizeof(int64_t));
  for (R_xlen_t c = 0; c < nslots * nflags; c++) sums[c] = 0;
  for (R_xlen_t c = 0; c < nslots; c++) assessed[c] = 0;

  /* Counting goes to 32-bit counters, cheaper to update, flushed into the
   * 64-bit totals before any could overflow (each grows by at most one per
   * row) and at the end. */
  int32_t *block_sums = (int32_t *) R_alloc(nslots * nflags, sizeof(int32_t));
  int32_t *block_assessed = (int32_t *) R_alloc(nslots, sizeof(int32_t));
  memset(block_sums, 0, (size_t) (nslots * nflags) * sizeof(int32_t));
  memset(block_assessed, 0, (size_t) nslots * sizeof(int32_t));
  R_xlen_t unflushed = 0;
  /* A second set of counters takes the odd rows, so that two neighbouring
   * rows of the same group do not wait on each other's update. */
  int32_t *odd_sums = (int32_t *) R_alloc(nslots * nflags, sizeof(int32_t));
  memset(odd_sums, 0, (size_t) (nslots * nflags) * sizeof(int32_t));
  int32_t slot[BLOCK_ROWS], seen[BLOCK_ROWS];
  int *buf = (int *) R_alloc(BLOCK_ROWS, sizeof(int));
  for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
    R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
    if (unflushed + len > INT32_MAX) {
      flush_counts(sums, block_sums, nslots * nflags);
      flush_counts(sums, odd_sums, nslots * nflags);
      flush_counts(assessed, block_assessed, nslots);
      unflushed = 0;
    }
    unflushed += len;
    if (grouped) {
      const int *code = int_region(group, start, len, buf);
      for (R_xlen_t i = 0; i < len; i++) {
        unsigned int u = (unsigned int) code[i] - 1u;
        if (u >= (unsigned int) ng) {
          if (code[i] != NA_INTEGER)
            Rf_error("`group` holds code %d outside 1..%d", code[i], ng);
          u = (unsigned int) ng;
        }
        slot[i] = (int32_t) u;
      }
    } else {
      memset(slot, 0, (size_t) len * sizeof(int32_t));
    }
    memset(seen, 0, (size_t) len * sizeof(int32_t));

    for (R_xlen_t j = 0; j < nflags; j++) {
      SEXP flag = VECTOR_ELT(flags, j);
      const int *v = int_region(flag, start, len, buf);
      int32_t *col = block_sums + j * nslots, *odd = odd_sums + j * nslots;
      R_xlen_t i = 0;
      for (; i + 1 < len; i += 2) {
        col[slot[i]] += (v[i] == 1);
        odd[slot[i + 1]] += (v[i + 1] == 1);
      }
      if (i < len) col[slot[i]] += (v[i] == 1);
      /* Kept apart from the scatter above so that it vectorises. */
      for (i = 0; i < len; i++) seen[i] |= (v[i] != NA_INTEGER);
      /* Logical vectors hold only TRUE, FALSE and NA; integers may not. */
      if (TYPEOF(flag) == INTSXP) {
        int bad = 0;
        for (R_xlen_t i = 0; i < len; i++)
          bad |= (v[i] != 0) & (v[i] != 1) & (v[i] != NA_INTEGER);
        if (bad) {
          const char *name = Rf_isNull(names) ? "" :
            CHAR(STRING_ELT(names, j));
          Rf_error("flag `%s` must hold only 0, 1, TRUE, FALSE or NA", name);
        }
      }
    }
    for (R_xlen_t i = 0; i < len; i++) block_assessed[slot[i]] += seen[i];
  }
  flush_counts(sums, block_sums, nslots * nflags);
  flush_counts(sums, odd_sums, nslots * nflags);
  flush_counts(assessed, block_assessed, nslots);

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
