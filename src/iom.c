/* IOM panel tracking: per reporting period, the nominals discussed, the
 * occasions, the Green occasions, the nominals whose last RAG of the period
 * was Green, the nominals whose risk fell (or rose) consistently across
 * their meetings of the period, and those received into custody or
 * arrested in the period after they first joined.
 *
 * The meetings come sorted by person, then date (R sorts them once), so the
 * meetings of one person in one period are a run of consecutive rows: one
 * pass, O(meetings + custody + arrests) time; O(periods) memory. Custody
 * and arrest dates come sorted by person with an offset per person (a
 * compressed index), and each run scans its person's dates only. */
#include "reoffending.h"

enum { RAG_GREEN = 1, RAG_AMBER = 2, RAG_RED = 3 };

typedef struct {
  const int *offset;   /* n_people + 1 offsets into date, or NULL */
  const double *date;
} event_index;

static event_index event_index_of(SEXP offset, SEXP date, int np,
                                  const char *arg) {
  event_index e = {NULL, NULL};
  if (Rf_isNull(offset)) return e;
  check_type(offset, INTSXP, arg);
  check_length(offset, (R_xlen_t) np + 1, arg);
  check_type(date, REALSXP, "event dates");
  const int *off = INTEGER_RO(offset);
  if (off[0] != 0 || (R_xlen_t) off[np] != XLENGTH(date))
    Rf_error("`%s` must run from 0 to the number of event dates", arg);
  for (int p = 0; p < np; p++)
    if (off[p + 1] < off[p]) Rf_error("`%s` must not decrease", arg);
  e.offset = off;
  e.date = REAL_RO(date);
  return e;
}

/* Whether person p has an event strictly after `after` within [from, to]. */
static int has_event(const event_index *e, int p, double after, double from,
                     double to) {
  for (int j = e->offset[p]; j < e->offset[p + 1]; j++) {
    double d = e->date[j];
    if (d > after && d >= from && d <= to) return 1;
  }
  return 0;
}

typedef struct {
  int meetings;
  int last_rag;
  double last_risk;
  int down, up, never_up, never_down;
} run_state;

SEXP C_iom_summary(SEXP person, SEXP period, SEXP date, SEXP rag, SEXP risk,
                   SEXP period_start, SEXP period_end, SEXP n_people,
                   SEXP custody_offset, SEXP custody_date,
                   SEXP arrest_offset, SEXP arrest_date) {
  check_type(person, INTSXP, "person");
  check_type(period, INTSXP, "period");
  check_type(date, REALSXP, "date");
  check_type(rag, INTSXP, "rag");
  R_xlen_t n = XLENGTH(person);
  check_length(period, n, "period");
  check_length(date, n, "date");
  check_length(rag, n, "rag");
  if (!Rf_isNull(risk)) {
    check_type(risk, REALSXP, "risk");
    check_length(risk, n, "risk");
  }
  check_type(period_start, REALSXP, "period_start");
  check_type(period_end, REALSXP, "period_end");
  R_xlen_t nk = XLENGTH(period_start);
  check_length(period_end, nk, "period_end");
  int np = check_scalar_int(n_people, "n_people");
  if (np == NA_INTEGER || np < 0)
    Rf_error("`n_people` must be a non-negative count");
  event_index custody = event_index_of(custody_offset, custody_date, np,
                                       "custody_offset");
  event_index arrests = event_index_of(arrest_offset, arrest_date, np,
                                       "arrest_offset");

  const char *names[] = {"nominals", "occasions", "green_occasions",
                         "green_nominals", "decreasing", "increasing",
                         "custody", "arrested", ""};
  int nout = 8;
  SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
  int *tally[8];
  for (int j = 0; j < nout; j++) {
    SET_VECTOR_ELT(out, j, Rf_allocVector(INTSXP, nk));
    tally[j] = INTEGER(VECTOR_ELT(out, j));
    for (R_xlen_t k = 0; k < nk; k++) tally[j][k] = 0;
  }
  const int *who = INTEGER_RO(person), *when = INTEGER_RO(period),
    *status = INTEGER_RO(rag);
  const double *day = REAL_RO(date);
  const double *score = Rf_isNull(risk) ? NULL : REAL_RO(risk);
  const double *from = REAL_RO(period_start), *to = REAL_RO(period_end);

  double first = 0;          /* the person's first meeting: joining IOM */
  run_state s = {0};
  for (R_xlen_t i = 0; i < n; i++) {
    int p = who[i], k = when[i], r = status[i];
    if (p < 1 || p > np || r < RAG_GREEN || r > RAG_RED ||
        (k != NA_INTEGER && (k < 1 || k > nk)) || ISNAN(day[i]))
      Rf_error("row %.0f has a code or date out of range",
               (double) (i + 1));
    int new_person = i == 0 || p != who[i - 1];
    if (i > 0 && (p < who[i - 1] || (!new_person && day[i] < day[i - 1])))
      Rf_error("rows must be sorted by person, then date (row %.0f)",
               (double) (i + 1));
    if (new_person) first = day[i];
    if (k == NA_INTEGER) continue;
    double level = score ? score[i] : (double) r;
    int new_run = new_person || k != when[i - 1];
    if (new_run) {
      s.meetings = 0;
      s.down = s.up = 0;
      s.never_up = s.never_down = 1;
    } else {
      if (level < s.last_risk) s.down = 1;
      if (level > s.last_risk) s.up = 1;
      if (level > s.last_risk) s.never_up = 0;
      if (level < s.last_risk) s.never_down = 0;
    }
    s.meetings++;
    s.last_rag = r;
    s.last_risk = level;
    k--;
    tally[1][k]++;
    if (r == RAG_GREEN) tally[2][k]++;
    int end_run = i == n - 1 || who[i + 1] != p || when[i + 1] != k + 1;
    if (!end_run) continue;
    tally[0][k]++;
    if (s.last_rag == RAG_GREEN) tally[3][k]++;
    if (s.never_up && s.down) tally[4][k]++;
    if (s.never_down && s.up) tally[5][k]++;
    if (custody.offset && has_event(&custody, p - 1, first, from[k], to[k]))
      tally[6][k]++;
    if (arrests.offset && has_event(&arrests, p - 1, first, from[k], to[k]))
      tally[7][k]++;
  }
  UNPROTECT(1); /* out */
  return out;
}
