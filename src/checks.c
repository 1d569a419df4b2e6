/* Boundary checks shared by the entry points. O(1) each. */
#include "reoffending.h"

void check_type(SEXP x, SEXPTYPE type, const char *arg) {
  if (TYPEOF(x) != type)
    Rf_error("`%s` must be of type %s, not %s", arg,
             Rf_type2char(type), Rf_type2char(TYPEOF(x)));
}

void check_length(SEXP x, R_xlen_t n, const char *arg) {
  if (XLENGTH(x) != n)
    Rf_error("`%s` must have length %.0f, not %.0f", arg, (double) n,
             (double) XLENGTH(x));
}

int check_scalar_int(SEXP x, const char *arg) {
  check_type(x, INTSXP, arg);
  check_length(x, 1, arg);
  int value = INTEGER_ELT(x, 0);
  if (value == NA_INTEGER)
    Rf_error("`%s` must not be NA", arg);
  return value;
}

int check_scalar_lgl(SEXP x, const char *arg) {
  check_type(x, LGLSXP, arg);
  check_length(x, 1, arg);
  int value = LOGICAL_ELT(x, 0);
  if (value == NA_LOGICAL)
    Rf_error("`%s` must not be NA", arg);
  return value;
}

/* A value out of range in row `row` (0-based) of argument `arg`. */
void value_error(const char *arg, const char *rule, R_xlen_t row,
                 double value) {
  Rf_error("`%s` must be %s; row %.0f is %g", arg, rule, (double) row + 1,
           value);
}
