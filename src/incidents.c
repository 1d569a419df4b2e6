/* Incident counts behind incident_counts(): the number of incidents (or the
 * sum of a count column, for monthly counts) in each cell of period x area x
 * offence group, and of each cross-cutting flag (gun crime, domestic,
 * hate crime...) in each period x area.
 *
 * A record's period comes from a table of days built in R: for each layer of
 * periods that do not overlap, the period (1-based) that holds each day of
 * the span, or NA. Periods that overlap (a month inside a year) sit in
 * different layers, so a record is counted once in each period that holds
 * it. O(n (L + F)) one pass over the records for L layers and F flags;
 * O(periods x areas x (groups + flags)) memory besides the day table.
 *
 * The pass also counts unusable records (date missing or infinite, count
 * missing or negative, flag missing); R turns those counts into errors
 * naming the rows. */
#include "reoffending.h"
#include <math.h>

#define MAX_FLAGS 64
/* Days a table of periods may span (incident_counts() refuses more). */
#define MAX_SPAN 1000000

SEXP C_count_incidents(SEXP date, SEXP lookup, SEXP first_day, SEXP area,
                       SEXP offence, SEXP flags, SEXP count, SEXP dims) {
  check_type(date, REALSXP, "date");
  check_type(lookup, INTSXP, "lookup");
  check_type(first_day, REALSXP, "first_day");
  check_length(first_day, 1, "first_day");
  check_type(dims, INTSXP, "dims");
  check_length(dims, 4, "dims");
  check_type(flags, VECSXP, "flags");
  R_xlen_t n = XLENGTH(date);
  const int *dim = INTEGER_RO(dims);
  /* periods, areas, offence groups, layers of the day table */
  int np = dim[0], na = dim[1], ng = dim[2], nl = dim[3];
  if (np < 1 || na < 1 || ng < 1 || nl < 1 || np == NA_INTEGER ||
      na == NA_INTEGER || ng == NA_INTEGER || nl == NA_INTEGER)
    Rf_error("`dims` must hold four positive counts");
  R_xlen_t nflags = XLENGTH(flags);
  if (nflags > MAX_FLAGS)
    Rf_error("`flags` must hold at most %d flags", MAX_FLAGS);
  R_xlen_t rows = (R_xlen_t) ng + nflags;
  double cells = (double) rows * na * np;
  if (cells > MAX_CELLS)
    Rf_error("the counts would have %.0f cells; at most %.0f are allowed",
             cells, MAX_CELLS);
  /* The day table is read at random, so it must be an ordinary vector;
   * R builds it with matrix() over at most MAX_SPAN days. */
  if (ALTREP(lookup))
    Rf_error("`lookup` must be an ordinary integer matrix, not ALTREP");
  if (XLENGTH(lookup) % nl != 0)
    Rf_error("`lookup` must have a multiple of %d elements", nl);
  R_xlen_t span = XLENGTH(lookup) / nl;
  if (span > MAX_SPAN)
    Rf_error("`lookup` must cover at most %d days", MAX_SPAN);
  double first = REAL_ELT(first_day, 0);
  if (!R_FINITE(first)) Rf_error("`first_day` must be finite");
  const int *table = INTEGER_RO(lookup);
  for (R_xlen_t i = 0; i < XLENGTH(lookup); i++) {
    if (table[i] != NA_INTEGER && (table[i] < 1 || table[i] > np))
      Rf_error("`lookup` holds period %d outside 1..%d", table[i], np);
  }
  int has_area = !Rf_isNull(area), has_offence = !Rf_isNull(offence);
  if (has_area) {
    check_type(area, INTSXP, "area");
    check_length(area, n, "area");
  }
  if (has_offence) {
    check_type(offence, INTSXP, "offence");
    check_length(offence, n, "offence");
  }
  for (R_xlen_t f = 0; f < nflags; f++) {
    SEXP flag = VECTOR_ELT(flags, f);
    if (TYPEOF(flag) != LGLSXP)
      Rf_error("`flags[[%d]]` must be logical", (int) f + 1);
    check_length(flag, n, "flags[[k]]");
  }
  int has_count = !Rf_isNull(count);
  num_reader weight = {R_NilValue, 0, NULL, NULL};
  if (has_count) {
    num_reader_init(&weight, count, n, "count");
    if (XLENGTH(count) != n) check_length(count, n, "count");
  }

  R_xlen_t ncells = (R_xlen_t) cells;
  SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
  SEXP tally = Rf_allocVector(REALSXP, ncells);
  SET_VECTOR_ELT(out, 0, tally);
  SEXP problems = Rf_allocVector(REALSXP, 5);
  SET_VECTOR_ELT(out, 1, problems);
  double *res = REAL(tally);
  for (R_xlen_t c = 0; c < ncells; c++) res[c] = 0;
  /* Unusable records: date, area, offence, count, flag. */
  double bad[5] = {0, 0, 0, 0, 0};

  double date_buf[BLOCK_ROWS];
  int area_buf[BLOCK_ROWS], offence_buf[BLOCK_ROWS];
  int *flag_buf = (int *) R_alloc((size_t) (nflags > 0 ? nflags : 1) *
                                  BLOCK_ROWS, sizeof(int));
  const int *flag_row[MAX_FLAGS];
  R_xlen_t period_stride = rows * na;
  for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
    R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
    const double *day = real_region(date, start, len, date_buf);
    const int *a = has_area ? int_region(area, start, len, area_buf) : NULL;
    const int *g = has_offence ?
      int_region(offence, start, len, offence_buf) : NULL;
    const double *w = has_count ? num_block(&weight, start, len) : NULL;
    for (R_xlen_t f = 0; f < nflags; f++)
      flag_row[f] = int_region(VECTOR_ELT(flags, f), start, len,
                               flag_buf + f * BLOCK_ROWS);
    for (R_xlen_t i = 0; i < len; i++) {
      double d = day[i];
      if (!R_FINITE(d)) {
        bad[0]++;
        continue;
      }
      double offset = floor(d) - first;
      if (offset < 0 || offset >= (double) span) continue;
      unsigned int ua = 0, ug = 0;
      if (has_area) {
        ua = (unsigned int) a[i] - 1u;
        if (ua >= (unsigned int) na) {
          bad[1]++;
          continue;
        }
      }
      if (has_offence) {
        ug = (unsigned int) g[i] - 1u;
        if (ug >= (unsigned int) ng) {
          bad[2]++;
          continue;
        }
      }
      double k = 1;
      if (has_count) {
        k = w[i];
        if (!R_FINITE(k) || k < 0 || k != floor(k)) {
          bad[3]++;
          continue;
        }
      }
      R_xlen_t at = (R_xlen_t) offset;
      for (int l = 0; l < nl; l++) {
        int p = table[at + (R_xlen_t) l * span];
        if (p == NA_INTEGER) continue;
        double *cell = res + (R_xlen_t) (p - 1) * period_stride +
          (R_xlen_t) ua * rows;
        cell[ug] += k;
        for (R_xlen_t f = 0; f < nflags; f++) {
          int v = flag_row[f][i];
          if (v == NA_LOGICAL) {
            bad[4]++;
            continue;
          }
          if (v) cell[ng + f] += k;
        }
      }
    }
  }
  double *res_problems = REAL(problems);
  for (int b = 0; b < 5; b++) res_problems[b] = bad[b];
  UNPROTECT(1); /* out */
  return out;
}
