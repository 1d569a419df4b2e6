/* Boundary checks shared by the entry points. O(1) each. */
#include "reoffending.h"
#include <string.h>

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
  Rf_error("`%s` must be %s; row %.0f is %g.", arg, rule, (double) row + 1,
           value);
}

/* The code of one polarity value, or an error naming its row. */
static int polarity_of(SEXP value, R_xlen_t row) {
  if (value != NA_STRING) {
    const char *text = CHAR(value);
    if (strcmp(text, "higher") == 0) return POLARITY_HIGHER;
    if (strcmp(text, "lower") == 0) return POLARITY_LOWER;
  }
  Rf_error("`polarity` must be \"higher\" or \"lower\"; row %.0f is %s%s%s.",
           (double) row + 1, value == NA_STRING ? "" : "\"",
           value == NA_STRING ? "NA" : Rf_translateChar(value),
           value == NA_STRING ? "" : "\"");
}

void polarity_reader_init(polarity_reader *r, SEXP x, R_xlen_t n) {
  check_type(x, STRSXP, "polarity");
  R_xlen_t len = XLENGTH(x);
  if (len != 1 && len != n)
    Rf_error("`polarity` must have length 1 or %.0f, not %.0f", (double) n,
             (double) len);
  r->x = x;
  r->recycled = len == 1;
  r->buf = (int *) R_alloc(BLOCK_ROWS, sizeof(int));
  if (r->recycled) {
    int code = polarity_of(STRING_ELT(x, 0), 0);
    for (R_xlen_t i = 0; i < BLOCK_ROWS; i++) r->buf[i] = code;
  }
}

const int *polarity_block(const polarity_reader *r, R_xlen_t start,
                          R_xlen_t len) {
  if (r->recycled) return r->buf;
  /* The CHARSXPs seen to read "higher" and "lower" in this block. */
  SEXP higher = NULL, lower = NULL;
  for (R_xlen_t i = 0; i < len; i++) {
    SEXP value = STRING_ELT(r->x, start + i);
    if (value == higher) {
      r->buf[i] = POLARITY_HIGHER;
    } else if (value == lower) {
      r->buf[i] = POLARITY_LOWER;
    } else {
      int code = polarity_of(value, start + i);
      if (code == POLARITY_HIGHER) higher = value; else lower = value;
      r->buf[i] = code;
    }
  }
  return r->buf;
}
