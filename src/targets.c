/* Target arithmetic behind compare_to_target(), pct_change(), pp_change()
 * and relative_target().
 *
 * compare_to_target: for each indicator row, the pro-rata target (target x
 * elapsed), actual as a share of it, met / on track by polarity, the marker
 * (tick, cross, up or down arrow), the RAG rating and, given the previous
 * period, the direction of travel. Every argument has length 1 or n and is
 * recycled by index, never copied. The range checks run in the same pass, so
 * that ten million rows are read once. O(n) one pass; O(1) extra memory
 * beyond the results (block-sized scratch); with threads (OpenMP, ordinary
 * double vectors), the arithmetic of all rows runs first in threads, with
 * three bytes a row of labels, which R's thread then puts in the text
 * columns.
 *
 * change: period-on-period arithmetic, O(n) one pass. */
#include "reoffending.h"
#include <math.h>
#include <string.h>

/* Markers and labels, UTF-8 (tick, cross, up arrow, down arrow), then NA.
 * The loop computes an index into this table per row and cell, without
 * branching on the data (random outcomes would mispredict every branch),
 * then fills each text column from the block's indices. */
enum { MARK_MET, MARK_MISSED, MARK_ON_TRACK, MARK_BEHIND, RAG_RED, RAG_AMBER,
       RAG_GREEN, DIR_DOWN, DIR_SAME, DIR_UP, LABEL_NA, N_LABELS };
static const char *const label_text[LABEL_NA] = {
  "\xe2\x9c\x93", "\xe2\x9c\x97", "\xe2\x86\x91", "\xe2\x86\x93",
  "Red", "Amber", "Green", "down", "same", "up"
};

/* Comparisons with a pro-rata target forgive a relative rounding error of
 * 1e-9, so that 63 against 108 x 7/12 (63.000000000000007) is on track. */
#define FUZZ 1e-9

/* x reaches ref: x >= ref when higher is better, x <= ref when lower. NaN
 * in either gives 0. */
static inline int reached(double x, double ref, int higher) {
  double slack = FUZZ * fabs(ref);
  int ge = x >= ref - slack, le = x <= ref + slack;
  return (higher & ge) | ((!higher) & le);
}

/* A whole number, or NaN (missing values do not make a column fractional).
 * Doubles of magnitude 2^52 and more are all whole. */
static inline int is_whole(double x) {
  double y = fabs(x) < 4503599627370496.0 ? x : 0.0;
  return (double) (int64_t) y == y;
}

/* A block held a value out of range: find the first and say which. */
static void NORET range_error(const double *a, const double *t,
                              const double *e, const double *tl,
                              const double *p, R_xlen_t start,
                              R_xlen_t len) {
  for (R_xlen_t i = 0; i < len; i++) {
    R_xlen_t row = start + i;
    if (isinf(a[i])) value_error("actual", "finite or NA", row, a[i]);
    if (isinf(t[i]) || t[i] < 0)
      value_error("target", "finite and not negative", row, t[i]);
    if (e[i] <= 0 || e[i] > 1) value_error("elapsed", "in (0, 1]", row, e[i]);
    if (isinf(tl[i]) || tl[i] < 0)
      value_error("tolerance", "finite and not negative", row, tl[i]);
    if (p && isinf(p[i])) value_error("previous", "finite or NA", row, p[i]);
  }
  Rf_error("internal error: a value out of range was not found");
}

/* Where the rows' results go; improved is NULL without a previous
 * period. */
struct row_out {
  double *expected, *pct;
  int *met, *on_track, *improved;
};

struct whole_flags {
  int actual, target, expected, previous;
};

/* The rows start..start+len-1 (inputs indexed from 0 for the first): their
 * numeric and logical results into o, and the label of each row's marker,
 * RAG and direction into mark_of, rag_of and dir_of (from 0). Calls no R
 * API (it runs in threads). Returns whether a value was out of range. */
static int compare_rows(const double *a, const double *t, const double *e,
                        const double *tl, const double *p, const int *pol,
                        R_xlen_t start, R_xlen_t len,
                        const struct row_out *o, unsigned char *mark_of,
                        unsigned char *rag_of, unsigned char *dir_of,
                        struct whole_flags *whole) {
  int bad = 0;
  int whole_actual = whole->actual, whole_target = whole->target,
    whole_expected = whole->expected, whole_previous = whole->previous;
  double *expected = o->expected, *pct = o->pct;
  int *met = o->met, *on_track = o->on_track, *improved = o->improved;
  for (R_xlen_t i = 0; i < len; i++) {
    R_xlen_t row = start + i;
    double ai = a[i], ti = t[i], ei = e[i], toli = tl[i];
    /* NaN fails every comparison, so missing values are never bad. */
    bad |= isinf(ai) | isinf(ti) | (ti < 0) | (ei <= 0) | (ei > 1) |
      isinf(toli) | (toli < 0);
    int higher = pol[i] == POLARITY_HIGHER;
    whole_actual &= is_whole(ai);
    whole_target &= is_whole(ti);

    double ex = isnan(ti) || isnan(ei) ? NA_REAL : ti * ei;
    expected[row] = ex;
    whole_expected &= is_whole(ex);
    int missing = isnan(ai) | isnan(ex);
    pct[row] = missing | (ex == 0) ? NA_REAL : ai / ex;

    /* With "lower", a count part way through the period can still
     * grow: it can be on track, never met. */
    int part_way = ei < 1;
    int is_met = reached(ai, ti, higher) & (higher | !part_way);
    int is_on = reached(ai, ex, higher);
    int amber = reached(ai, ex * (higher ? 1 - toli : 1 + toli), higher);
    met[row] = missing ? NA_LOGICAL : is_met;
    on_track[row] = missing ? NA_LOGICAL : is_on;
    /* met: tick; else part way: up (on track) or down; else cross. On
     * track implies within the tolerance, so Red + amber + on track. */
    int mark = is_met ? MARK_MET :
      MARK_MISSED + part_way * (MARK_BEHIND - MARK_MISSED - is_on);
    mark_of[i] = (unsigned char) (missing ? LABEL_NA : mark);
    rag_of[i] = (unsigned char) (missing | isnan(toli) ? LABEL_NA :
                                 RAG_RED + amber + is_on);

    if (p) {
      double pi = p[i];
      bad |= isinf(pi);
      whole_previous &= is_whole(pi);
      int up = ai > pi, down = ai < pi;
      int unknown = isnan(ai) | isnan(pi);
      dir_of[i] = (unsigned char) (unknown ? LABEL_NA :
                                   DIR_SAME + up - down);
      improved[row] = unknown ? NA_LOGICAL :
        (higher & up) | ((!higher) & down);
    }
  }
  *whole = (struct whole_flags) {whole_actual, whole_target, whole_expected,
                                 whole_previous};
  return bad;
}

SEXP C_compare_to_target(SEXP actual, SEXP target, SEXP elapsed,
                         SEXP previous, SEXP polarity, SEXP tolerance) {
  SEXP args[6] = {actual, target, elapsed, previous, polarity, tolerance};
  const char *arg_names[6] = {"actual", "target", "elapsed", "previous",
                              "polarity", "tolerance"};
  R_xlen_t n = common_length(args, arg_names, 6);
  num_reader ra, rt, re, rp, rtol;
  polarity_reader rpol;
  num_reader_init(&ra, actual, n, "actual");
  num_reader_init(&rt, target, n, "target");
  num_reader_init(&re, elapsed, n, "elapsed");
  num_reader_init(&rtol, tolerance, n, "tolerance");
  polarity_reader_init(&rpol, polarity, n);
  int with_previous = !Rf_isNull(previous);
  if (with_previous) num_reader_init(&rp, previous, n, "previous");

  SEXP labels = PROTECT(Rf_allocVector(STRSXP, N_LABELS));
  for (int k = 0; k < LABEL_NA; k++)
    SET_STRING_ELT(labels, k, Rf_mkCharCE(label_text[k], CE_UTF8));
  SET_STRING_ELT(labels, LABEL_NA, NA_STRING);

  const char *names[] = {"expected", "pct_of_target", "met", "on_track",
                         "marker", "rag", "direction", "improved", "whole"};
  SEXP out = PROTECT(Rf_allocVector(VECSXP, 9));
  SEXP out_names = PROTECT(Rf_allocVector(STRSXP, 9));
  for (int k = 0; k < 9; k++)
    SET_STRING_ELT(out_names, k, Rf_mkChar(names[k]));
  Rf_setAttrib(out, R_NamesSymbol, out_names);
  SET_VECTOR_ELT(out, 0, Rf_allocVector(REALSXP, n));
  SET_VECTOR_ELT(out, 1, Rf_allocVector(REALSXP, n));
  SET_VECTOR_ELT(out, 2, Rf_allocVector(LGLSXP, n));
  SET_VECTOR_ELT(out, 3, Rf_allocVector(LGLSXP, n));
  SET_VECTOR_ELT(out, 4, Rf_allocVector(STRSXP, n));
  SET_VECTOR_ELT(out, 5, Rf_allocVector(STRSXP, n));
  if (with_previous) {
    SET_VECTOR_ELT(out, 6, Rf_allocVector(STRSXP, n));
    SET_VECTOR_ELT(out, 7, Rf_allocVector(LGLSXP, n));
  }
  SET_VECTOR_ELT(out, 8, Rf_allocVector(LGLSXP, 4));
  double *expected = REAL(VECTOR_ELT(out, 0));
  double *pct = REAL(VECTOR_ELT(out, 1));
  int *met = LOGICAL(VECTOR_ELT(out, 2));
  int *on_track = LOGICAL(VECTOR_ELT(out, 3));
  SEXP marker = VECTOR_ELT(out, 4);
  SEXP rag = VECTOR_ELT(out, 5);
  SEXP direction = VECTOR_ELT(out, 6);
  int *improved = with_previous ? LOGICAL(VECTOR_ELT(out, 7)) : NULL;
  SEXP label[N_LABELS];
  for (int k = 0; k < N_LABELS; k++) label[k] = STRING_ELT(labels, k);
  struct row_out o = {expected, pct, met, on_track, improved};

  /* Whether every non-missing actual, target, expected and previous value
   * is a whole number: R prints those columns as counts, without a scan of
   * its own. */
  struct whole_flags whole_all = {1, 1, 1, 1};

  /* With threads, the arithmetic of all rows first, each thread a run of
   * blocks, with the label of each row kept as a byte; then the labels are
   * put in the text columns (R API) by R's thread. Only when every numeric
   * argument is an ordinary double vector or recycled; a value out of range
   * reruns the serial pass, which reports it. */
  int threads = pass_threads(n);
  num_reader *readers[5] = {&ra, &rt, &re, &rtol, with_previous ? &rp : NULL};
  const double *direct[5] = {NULL, NULL, NULL, NULL, NULL};
  for (int k = 0; k < 5; k++) {
    if (!readers[k] || readers[k]->recycled) continue;
    if (TYPEOF(readers[k]->x) == REALSXP)
      direct[k] = (const double *) data_or_null(readers[k]->x);
    if (direct[k] == NULL) threads = 1;
  }
  if (threads > 1) {
    const int *pol_all = rpol.buf;
    if (!rpol.recycled) {
      int *codes = (int *) R_alloc(n, sizeof(int));
      for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
        R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
        memcpy(codes + start, polarity_block(&rpol, start, len),
               (size_t) len * sizeof(int));
      }
      pol_all = codes;
    }
    unsigned char *codes = (unsigned char *) R_alloc(n, 3);
    unsigned char *mark_all = codes, *rag_all = codes + n,
      *dir_all = codes + 2 * n;
    R_xlen_t nblocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
    int bad = 0, w_a = 1, w_t = 1, w_e = 1, w_p = 1;
    OMP(omp parallel for num_threads(threads) schedule(static)
        reduction(|:bad) reduction(&:w_a, w_t, w_e, w_p))
    for (R_xlen_t b = 0; b < nblocks; b++) {
      R_xlen_t start = b * BLOCK_ROWS;
      R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
      const double *col[5];
      for (int k = 0; k < 5; k++)
        col[k] = !readers[k] ? NULL :
          readers[k]->recycled ? readers[k]->buf : direct[k] + start;
      struct whole_flags w = {1, 1, 1, 1};
      bad |= compare_rows(col[0], col[1], col[2], col[3], col[4],
                          rpol.recycled ? pol_all : pol_all + start, start,
                          len, &o, mark_all + start, rag_all + start,
                          dir_all + start, &w);
      w_a &= w.actual;
      w_t &= w.target;
      w_e &= w.expected;
      w_p &= w.previous;
    }
    if (!bad) {
      whole_all = (struct whole_flags) {w_a, w_t, w_e, w_p};
      for (R_xlen_t i = 0; i < n; i++) {
        SET_STRING_ELT(marker, i, label[mark_all[i]]);
        SET_STRING_ELT(rag, i, label[rag_all[i]]);
        if (with_previous) SET_STRING_ELT(direction, i, label[dir_all[i]]);
      }
    } else {
      threads = 1;
    }
  }

  if (threads == 1) {
    unsigned char mark_of[BLOCK_ROWS], rag_of[BLOCK_ROWS], dir_of[BLOCK_ROWS];
    for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
      R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
      const double *a = num_block(&ra, start, len);
      const double *t = num_block(&rt, start, len);
      const double *e = num_block(&re, start, len);
      const double *tl = num_block(&rtol, start, len);
      const double *p = with_previous ? num_block(&rp, start, len) : NULL;
      const int *pol = polarity_block(&rpol, start, len);
      if (compare_rows(a, t, e, tl, p, pol, start, len, &o, mark_of, rag_of,
                       dir_of, &whole_all))
        range_error(a, t, e, tl, p, start, len);
      for (R_xlen_t i = 0; i < len; i++)
        SET_STRING_ELT(marker, start + i, label[mark_of[i]]);
      for (R_xlen_t i = 0; i < len; i++)
        SET_STRING_ELT(rag, start + i, label[rag_of[i]]);
      if (with_previous) {
        for (R_xlen_t i = 0; i < len; i++)
          SET_STRING_ELT(direction, start + i, label[dir_of[i]]);
      }
    }
  }

  int *whole = LOGICAL(VECTOR_ELT(out, 8));
  whole[0] = whole_all.actual;
  whole[1] = whole_all.target;
  whole[2] = whole_all.expected;
  whole[3] = with_previous && whole_all.previous;
  UNPROTECT(3); /* labels, out, out_names */
  return out;
}

/* kind 1: percentage change (x - y) / y, NA where y is 0;
 * kind 2: percentage points 100 (x - y);
 * kind 3: a relative target x (1 + y). */
SEXP C_change(SEXP x, SEXP y, SEXP kind) {
  int k = check_scalar_int(kind, "kind");
  if (k < 1 || k > 3) Rf_error("`kind` must be 1, 2 or 3");
  SEXP args[2] = {x, y};
  const char *arg_names[2] = {"x", "y"};
  R_xlen_t n = common_length(args, arg_names, 2);
  num_reader rx, ry;
  num_reader_init(&rx, x, n, "x");
  num_reader_init(&ry, y, n, "y");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  double *res = REAL(out);
  for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
    R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
    const double *a = num_block(&rx, start, len);
    const double *b = num_block(&ry, start, len);
    double *r = res + start;
    for (R_xlen_t i = 0; i < len; i++) {
      if (ISNAN(a[i]) || ISNAN(b[i])) {
        r[i] = NA_REAL;
      } else if (k == 1) {
        r[i] = b[i] == 0 ? NA_REAL : (a[i] - b[i]) / b[i];
      } else if (k == 2) {
        r[i] = 100 * (a[i] - b[i]);
      } else {
        r[i] = a[i] * (1 + b[i]);
      }
      if (!R_FINITE(r[i])) r[i] = NA_REAL;  /* never Inf */
    }
  }
  UNPROTECT(1); /* out */
  return out;
}
