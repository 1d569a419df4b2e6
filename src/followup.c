/* Follow-up windows behind proven_reoffending() and reoffending_rates().
 *
 * proven_reoffending: for each offender of a cohort, the number of proven
 * reoffences, the date of the first and the days from the index date to
 * it. An offence counts when it was
 * committed strictly after the index date and on or before the last day of
 * follow-up, and proven on or before the last day of the waiting period.
 * Offences carry the offender's code (1..n, from the id join in R; NA for
 * people outside the cohort), so each offence finds its window by direct
 * indexing: one pass over the offences in any order, with no sort. O(n + m)
 * time; O(n) memory (a 32-byte window per offender, besides the outputs).
 * Dates are days since 1970-01-01 and are compared as calendar days (the
 * fraction of a day, if any, is ignored).
 *
 * With threads (OpenMP, ordinary vectors, a compiler with atomic
 * built-ins), each takes a share of the offences and updates the windows
 * atomically: a count is a sum and a first date a minimum, so the result
 * does not depend on the order and is the single-threaded one.
 *
 * The pass also counts the offences of cohort members whose dates are
 * unusable (offence date missing or infinite, proven date infinite, proven
 * before committed); R turns those counts into errors naming the rows.
 *
 * sum_reoffending: per group, the number of offenders, of reoffenders and
 * of reoffences. O(n) one pass; O(groups) memory. */
#include "reoffending.h"
#include <limits.h>
#include <math.h>
#include <stdint.h>

/* The windows are read in the offences' order, which is random with
 * respect to the offenders: each look-up would wait on memory. Asking for
 * the window of the offence this many rows ahead overlaps those waits (three
 * times faster on a million offenders). */
#define PREFETCH_AHEAD 32
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#define HAVE_ATOMICS 1
#else
#define PREFETCH(address) ((void) 0)
#define HAVE_ATOMICS 0
#endif

/* Dates beyond this many days from 1970 (about 2.7 million years) are
 * refused, so that day numbers and their successors fit an int. */
#define MAX_DAY 1e9

/* Half-open bounds in whole days, so that a fractional day compares as its
 * calendar day: an offence on day d counts when from <= d < to, and its
 * proof on day p when p < proof. Everything an offence reads or writes is
 * here: 32 bytes, aligned, so one cache line. */
struct window {
  int from;      /* index date + 1 */
  int to;        /* last day of follow-up + 1 */
  int proof;     /* last day of the waiting period + 1 */
  int count;     /* proven reoffences so far */
  int first;     /* day of the first, or INT_MAX */
  int unused[3];
};

static int window_day(double day, const char *arg) {
  if (!isfinite(day) || fabs(day) > MAX_DAY)
    Rf_error("`%s` must hold finite dates within %.0f days of 1970", arg,
             MAX_DAY);
  return (int) floor(day) + 1;
}

/* What a pass over the offences reads: direct pointers (who, od, pd) for
 * threads, which must not call the R API, or NULL to read through the
 * region readers. strict: a bad value is an R error rather than a flag. */
struct offence_pass {
  SEXP code, offence_date, proven_date;
  const int *who;
  const double *od, *pd;
  struct window *win;
  unsigned int nu;
  int strict;
};

/* Offences from..to-1 into their offenders' windows, and the problems
 * found among them (offence date unusable, proven date infinite, proven
 * before committed) added to problems. shared: other threads update the
 * same windows, so updates are atomic (and a count cannot overflow: the
 * caller makes sure there are fewer offences than INT_MAX). Returns
 * whether a code was out of range or a count would overflow (only when not
 * strict). */
static inline int follow_offences(const struct offence_pass *p,
                                  R_xlen_t from, R_xlen_t to, int shared,
                                  double *problems) {
  struct window *win = p->win;
  unsigned int nu = p->nu;
  double bad_offence = 0, bad_proven = 0, proven_before = 0;
  int code_buf[BLOCK_ROWS];
  double buf_a[BLOCK_ROWS], buf_b[BLOCK_ROWS];
  int failed = 0;
  for (R_xlen_t start = from; start < to && !failed; start += BLOCK_ROWS) {
    R_xlen_t len = to - start < BLOCK_ROWS ? to - start : BLOCK_ROWS;
    const int *who = p->who ? p->who + start :
      int_region(p->code, start, len, code_buf);
    const double *od = p->od ? p->od + start :
      real_region(p->offence_date, start, len, buf_a);
    const double *pd = p->pd ? p->pd + start :
      real_region(p->proven_date, start, len, buf_b);
    for (R_xlen_t i = 0; i < len; i++) {
      if (i + PREFETCH_AHEAD < len) {
        unsigned int ahead = (unsigned int) who[i + PREFETCH_AHEAD] - 1u;
        if (ahead < nu) PREFETCH(win + ahead);
      }
      if (who[i] == NA_INTEGER) continue;      /* not in the cohort */
      unsigned int u = (unsigned int) who[i] - 1u;
      if (u >= nu) {
        if (!p->strict) {
          failed = 1;
          break;
        }
        Rf_error("`code` holds %d, outside 1..%.0f", who[i], (double) nu);
      }
      double off = od[i], proven = pd[i];
      /* isfinite() rather than R_FINITE, which is a call to R_finite()
       * outside R itself. */
      if (!isfinite(off)) {
        bad_offence++;
        continue;
      }
      if (!ISNAN(proven) && !isfinite(proven)) {
        bad_proven++;
        continue;
      }
      /* NaN (not proven) fails every comparison below. */
      if (proven < off && floor(proven) < floor(off)) {
        proven_before++;
        continue;
      }
      struct window *w = win + u;
      if (!(off >= w->from && off < w->to && proven < w->proof)) continue;
      /* Within the window, so a day that fits an int. */
      int committed = (int) floor(off);
#if HAVE_ATOMICS
      if (shared) {
        __atomic_fetch_add(&w->count, 1, __ATOMIC_RELAXED);
        int seen = __atomic_load_n(&w->first, __ATOMIC_RELAXED);
        while (committed < seen &&
               !__atomic_compare_exchange_n(&w->first, &seen, committed, 1,
                                            __ATOMIC_RELAXED,
                                            __ATOMIC_RELAXED)) {
        }
        continue;
      }
#endif
      if (w->count == INT_MAX) {
        if (!p->strict) {
          failed = 1;
          break;
        }
        Rf_error("an offender has more than %d proven reoffences", INT_MAX);
      }
      w->count++;
      if (committed < w->first) w->first = committed;
    }
  }
  problems[0] += bad_offence;
  problems[1] += bad_proven;
  problems[2] += proven_before;
  return failed;
}

SEXP C_proven_reoffending(SEXP code, SEXP offence_date, SEXP proven_date,
                          SEXP index_date, SEXP follow_up_end,
                          SEXP waiting_end) {
  check_type(code, INTSXP, "code");
  check_type(offence_date, REALSXP, "offence_date");
  check_type(proven_date, REALSXP, "proven_date");
  check_type(index_date, REALSXP, "index_date");
  check_type(follow_up_end, REALSXP, "follow_up_end");
  check_type(waiting_end, REALSXP, "waiting_end");
  R_xlen_t m = XLENGTH(code);
  check_length(offence_date, m, "offence_date");
  check_length(proven_date, m, "proven_date");
  R_xlen_t n = XLENGTH(index_date);
  check_length(follow_up_end, n, "follow_up_end");
  check_length(waiting_end, n, "waiting_end");
  if (n > INT_MAX)
    Rf_error("the cohort must have fewer than %d offenders", INT_MAX);

  /* Aligned to a cache line, so that no window straddles two. */
  char *raw = R_alloc((size_t) (n > 0 ? n : 1) + 2, sizeof(struct window));
  struct window *win =
    (struct window *) (((uintptr_t) raw + 63) & ~(uintptr_t) 63);
  double buf_a[BLOCK_ROWS], buf_b[BLOCK_ROWS], buf_c[BLOCK_ROWS];
  for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
    R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
    const double *idx = real_region(index_date, start, len, buf_a);
    const double *fu = real_region(follow_up_end, start, len, buf_b);
    const double *we = real_region(waiting_end, start, len, buf_c);
    for (R_xlen_t i = 0; i < len; i++) {
      struct window *w = win + start + i;
      w->from = window_day(idx[i], "index_date");
      w->to = window_day(fu[i], "follow_up_end");
      w->proof = window_day(we[i], "waiting_end");
      w->count = 0;
      w->first = INT_MAX;
    }
  }

  /* Offences of cohort members with unusable dates, by kind. With
   * threads, each takes a contiguous share of the offences. Only for
   * ordinary vectors and fewer than INT_MAX offences (so no count can
   * overflow); a bad code reruns the serial pass, which reports it. */
  double problems_found[3] = {0, 0, 0};
  struct offence_pass pass = {code, offence_date, proven_date, NULL, NULL,
                              NULL, win, (unsigned int) n, 0};
  int threads = HAVE_ATOMICS ? pass_threads(m) : 1;
  const int *who = (const int *) data_or_null(code);
  const double *od = (const double *) data_or_null(offence_date);
  const double *pd = (const double *) data_or_null(proven_date);
  if (!who || !od || !pd || m >= INT_MAX) threads = 1;
  if (threads > 1) {
    pass.who = who;
    pass.od = od;
    pass.pd = pd;
    int bad = 0;
    double found[3] = {0, 0, 0};
    OMP(omp parallel num_threads(threads) reduction(|:bad)
        reduction(+:found[:3]))
    {
      int t = THREAD_NUM(), team = THREAD_COUNT();
      R_xlen_t from = (R_xlen_t) ((double) m * t / team);
      R_xlen_t to = (R_xlen_t) ((double) m * (t + 1) / team);
      bad |= follow_offences(&pass, from, to, 1, found);
    }
    if (!bad) {
      for (int k = 0; k < 3; k++) problems_found[k] = found[k];
    } else {
      /* Start again from empty windows. */
      for (R_xlen_t i = 0; i < n; i++) {
        win[i].count = 0;
        win[i].first = INT_MAX;
      }
      threads = 1;
    }
  }
  if (threads == 1) {
    pass.who = NULL;
    pass.od = NULL;
    pass.pd = NULL;
    pass.strict = 1;
    follow_offences(&pass, 0, m, 0, problems_found);
  }

  SEXP out = PROTECT(Rf_allocVector(VECSXP, 5));
  SEXP reoffended = Rf_allocVector(LGLSXP, n);
  SET_VECTOR_ELT(out, 0, reoffended);
  SEXP reoffences = Rf_allocVector(INTSXP, n);
  SET_VECTOR_ELT(out, 1, reoffences);
  SEXP first = Rf_allocVector(REALSXP, n);
  SET_VECTOR_ELT(out, 2, first);
  SEXP problems = Rf_allocVector(REALSXP, 3);
  SET_VECTOR_ELT(out, 3, problems);
  SEXP days = Rf_allocVector(INTSXP, n);
  SET_VECTOR_ELT(out, 4, days);
  int *res_flag = LOGICAL(reoffended), *res_count = INTEGER(reoffences);
  int *res_days = INTEGER(days);
  double *res_first = REAL(first);
  for (R_xlen_t i = 0; i < n; i++) {
    int any = win[i].count > 0;
    res_count[i] = win[i].count;
    res_flag[i] = any;
    res_first[i] = any ? (double) win[i].first : NA_REAL;
    /* From the index day (from - 1) to the first; both within MAX_DAY. */
    res_days[i] = any ? win[i].first - (win[i].from - 1) : NA_INTEGER;
  }
  double *res_problems = REAL(problems);
  for (int k = 0; k < 3; k++) res_problems[k] = problems_found[k];

  SEXP names = PROTECT(Rf_allocVector(STRSXP, 5));
  SET_STRING_ELT(names, 0, Rf_mkChar("reoffended"));
  SET_STRING_ELT(names, 1, Rf_mkChar("reoffences"));
  SET_STRING_ELT(names, 2, Rf_mkChar("first_reoffence"));
  SET_STRING_ELT(names, 3, Rf_mkChar("problems"));
  SET_STRING_ELT(names, 4, Rf_mkChar("days_to_first"));
  Rf_setAttrib(out, R_NamesSymbol, names);
  UNPROTECT(2); /* out, names */
  return out;
}

SEXP C_sum_reoffending(SEXP group, SEXP ngroups, SEXP reoffended,
                       SEXP reoffences) {
  int ng = check_scalar_int(ngroups, "ngroups");
  if (ng < 0 || ng > MAX_GROUPS)
    Rf_error("`ngroups` must be a count from 0 to %d, not %d", MAX_GROUPS,
             ng);
  check_type(reoffended, LGLSXP, "reoffended");
  check_type(reoffences, INTSXP, "reoffences");
  R_xlen_t n = XLENGTH(reoffended);
  check_length(reoffences, n, "reoffences");
  int grouped = !Rf_isNull(group);
  if (grouped) {
    check_type(group, INTSXP, "group");
    check_length(group, n, "group");
  }

  /* Slot ng (0-based) collects NA group codes. */
  R_xlen_t nslots = (R_xlen_t) ng + 1;
  int64_t *offenders = (int64_t *) R_alloc(nslots, sizeof(int64_t));
  int64_t *reoffenders = (int64_t *) R_alloc(nslots, sizeof(int64_t));
  int64_t *count = (int64_t *) R_alloc(nslots, sizeof(int64_t));
  for (R_xlen_t s = 0; s < nslots; s++) {
    offenders[s] = 0;
    reoffenders[s] = 0;
    count[s] = 0;
  }

  int group_buf[BLOCK_ROWS], flag_buf[BLOCK_ROWS], count_buf[BLOCK_ROWS];
  for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
    R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
    const int *g = grouped ? int_region(group, start, len, group_buf) : NULL;
    const int *flag = int_region(reoffended, start, len, flag_buf);
    const int *k = int_region(reoffences, start, len, count_buf);
    for (R_xlen_t i = 0; i < len; i++) {
      R_xlen_t slot = 0;
      if (grouped) {
        unsigned int u = (unsigned int) g[i] - 1u;
        if (u >= (unsigned int) ng) {
          if (g[i] != NA_INTEGER)
            Rf_error("`group` holds code %d outside 1..%d", g[i], ng);
          u = (unsigned int) ng;
        }
        slot = (R_xlen_t) u;
      }
      if (flag[i] == NA_LOGICAL)
        Rf_error("`reoffended` must not be NA (element %.0f)",
                 (double) (start + i + 1));
      if (k[i] == NA_INTEGER || k[i] < 0)
        Rf_error("`reoffences` must be a count, not NA or negative "
                 "(element %.0f)", (double) (start + i + 1));
      offenders[slot]++;
      reoffenders[slot] += flag[i] != 0;
      count[slot] += k[i];
    }
  }

  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, (int) nslots, 3));
  double *res = REAL(out);
  for (R_xlen_t s = 0; s < nslots; s++) {
    res[s] = (double) offenders[s];
    res[s + nslots] = (double) reoffenders[s];
    res[s + 2 * nslots] = (double) count[s];
  }
  UNPROTECT(1); /* out */
  return out;
}
