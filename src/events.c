/* Index events and previous offences behind reoffending_cohort().
 *
 * index_events: given the events' order by period, offender, date and type
 * rank (R's order(), the one sort), the row of the first event of each run
 * of one offender in one period: the index event. O(n) one pass over the
 * order; O(cohort) memory for the result.
 *
 * count_previous: for each cohort member, the number of the offender's
 * offences proven before the index date. Both sides come with their order
 * (cohort by offender then index date, offences by offender then proven
 * date, not proven last), so one merge pass answers every member: O(n + m),
 * no memory beyond the result. */
#include "reoffending.h"
#include <limits.h>

SEXP C_index_events(SEXP order, SEXP period, SEXP offender) {
  check_type(order, INTSXP, "order");
  check_type(period, INTSXP, "period");
  check_type(offender, INTSXP, "offender");
  R_xlen_t n = XLENGTH(offender);
  check_length(period, n, "period");
  check_length(order, n, "order");
  if (n > INT_MAX) Rf_error("at most %d events are allowed", INT_MAX);
  const int *ord = INTEGER_RO(order), *who = INTEGER_RO(offender),
    *when = INTEGER_RO(period);
  int *first = (int *) R_alloc(n > 0 ? n : 1, sizeof(int));
  R_xlen_t found = 0;
  int last_who = NA_INTEGER, last_when = NA_INTEGER;
  for (R_xlen_t i = 0; i < n; i++) {
    int row = ord[i];
    if (row < 1 || row > n)
      Rf_error("`order` holds %d outside 1..%.0f", row, (double) n);
    int w = who[row - 1], p = when[row - 1];
    if (w == NA_INTEGER || p == NA_INTEGER) continue;   /* not eligible */
    if (found > 0 && (p < last_when || (p == last_when && w < last_who)))
      Rf_error("`order` must sort events by period then offender");
    if (found == 0 || w != last_who || p != last_when) {
      first[found++] = row;
      last_who = w;
      last_when = p;
    }
  }
  SEXP out = PROTECT(Rf_allocVector(INTSXP, found));
  int *res = INTEGER(out);
  for (R_xlen_t i = 0; i < found; i++) res[i] = first[i];
  UNPROTECT(1); /* out */
  return out;
}

SEXP C_count_previous(SEXP member_order, SEXP member, SEXP index_date,
                      SEXP offence_order, SEXP offender, SEXP proven_date) {
  check_type(member_order, INTSXP, "member_order");
  check_type(member, INTSXP, "member");
  check_type(index_date, REALSXP, "index_date");
  check_type(offence_order, INTSXP, "offence_order");
  check_type(offender, INTSXP, "offender");
  check_type(proven_date, REALSXP, "proven_date");
  R_xlen_t n = XLENGTH(member), m = XLENGTH(offender);
  check_length(index_date, n, "index_date");
  check_length(member_order, n, "member_order");
  check_length(proven_date, m, "proven_date");
  check_length(offence_order, m, "offence_order");
  const int *mo = INTEGER_RO(member_order), *who = INTEGER_RO(member),
    *oo = INTEGER_RO(offence_order), *owner = INTEGER_RO(offender);
  const double *index = REAL_RO(index_date), *proven = REAL_RO(proven_date);

  SEXP out = PROTECT(Rf_allocVector(INTSXP, n));
  int *count = INTEGER(out);
  R_xlen_t j = 0, id_start = 0;
  int current = NA_INTEGER;
  double last_index = R_NegInf;
  for (R_xlen_t i = 0; i < n; i++) {
    int row = mo[i];
    if (row < 1 || row > n)
      Rf_error("`member_order` holds %d outside 1..%.0f", row, (double) n);
    int w = who[row - 1];
    double day = index[row - 1];
    if (w == NA_INTEGER || ISNAN(day))
      Rf_error("`member` and `index_date` must be known");
    if (i > 0 && (w < current || (w == current && day < last_index)))
      Rf_error("`member_order` must sort members by offender then date");
    if (w != current) {
      /* Offences of offenders before this one (or of nobody's) are
       * passed over. */
      while (j < m) {
        int o = oo[j];
        if (o < 1 || o > m)
          Rf_error("`offence_order` holds %d outside 1..%.0f", o,
                   (double) m);
        int ow = owner[o - 1];
        if (ow != NA_INTEGER && ow >= w) break;
        if (ow == NA_INTEGER) {
          j = m;    /* offences of no cohort member sort last */
          break;
        }
        j++;
      }
      id_start = j;
      current = w;
    }
    while (j < m) {
      int o = oo[j];
      if (o < 1 || o > m)
        Rf_error("`offence_order` holds %d outside 1..%.0f", o, (double) m);
      if (owner[o - 1] != w || !(proven[o - 1] < day)) break;
      j++;
    }
    last_index = day;
    count[row - 1] = (int) (j - id_start);
  }
  UNPROTECT(1); /* out */
  return out;
}
