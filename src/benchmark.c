/* A proportion against a benchmark, behind compare_to_benchmark().
 *
 * For each row, the proportion count / n, its Wilson score interval at the
 * normal quantile z, and the comparison with the benchmark proportion:
 * similar when the benchmark lies inside the interval (ends included),
 * otherwise better or worse by polarity. Every argument has length 1 or n,
 * recycled by index; the range checks run in the same pass. O(n) one pass;
 * O(1) extra memory beyond the results. */
#include "reoffending.h"
#include <math.h>

enum { CMP_BETTER, CMP_SIMILAR, CMP_WORSE, N_CMP };
static const char *const cmp_text[N_CMP] = {"better", "similar", "worse"};

SEXP C_compare_to_benchmark(SEXP count, SEXP n, SEXP benchmark,
                            SEXP polarity, SEXP z) {
  SEXP args[4] = {count, n, benchmark, polarity};
  const char *arg_names[4] = {"count", "n", "benchmark", "polarity"};
  R_xlen_t rows = common_length(args, arg_names, 4);
  check_type(z, REALSXP, "z");
  check_length(z, 1, "z");
  double zz = REAL_ELT(z, 0);
  if (!(R_FINITE(zz) && zz > 0)) Rf_error("`z` must be a positive number");
  num_reader rc, rn, rb;
  polarity_reader rp;
  num_reader_init(&rc, count, rows, "count");
  num_reader_init(&rn, n, rows, "n");
  num_reader_init(&rb, benchmark, rows, "benchmark");
  polarity_reader_init(&rp, polarity, rows);

  SEXP labels = PROTECT(Rf_allocVector(STRSXP, N_CMP));
  for (int k = 0; k < N_CMP; k++)
    SET_STRING_ELT(labels, k, Rf_mkChar(cmp_text[k]));
  const char *names[] = {"proportion", "lower", "upper", "comparison"};
  SEXP out = PROTECT(Rf_allocVector(VECSXP, 4));
  SEXP out_names = PROTECT(Rf_allocVector(STRSXP, 4));
  for (int k = 0; k < 4; k++) {
    SET_STRING_ELT(out_names, k, Rf_mkChar(names[k]));
    SET_VECTOR_ELT(out, k, Rf_allocVector(k < 3 ? REALSXP : STRSXP, rows));
  }
  Rf_setAttrib(out, R_NamesSymbol, out_names);
  double *prop = REAL(VECTOR_ELT(out, 0));
  double *lower = REAL(VECTOR_ELT(out, 1));
  double *upper = REAL(VECTOR_ELT(out, 2));
  SEXP comparison = VECTOR_ELT(out, 3);

  double z2 = zz * zz;
  for (R_xlen_t start = 0; start < rows; start += BLOCK_ROWS) {
    R_xlen_t len = rows - start < BLOCK_ROWS ? rows - start : BLOCK_ROWS;
    const double *x = num_block(&rc, start, len);
    const double *m = num_block(&rn, start, len);
    const double *b = num_block(&rb, start, len);
    const int *pol = polarity_block(&rp, start, len);
    for (R_xlen_t i = 0; i < len; i++) {
      R_xlen_t row = start + i;
      double xi = x[i], mi = m[i], bi = b[i];
      int p = pol[i];
      if (!ISNAN(mi) && !(R_FINITE(mi) && mi >= 0))
        value_error("n", "finite and not negative", row, mi);
      if (!ISNAN(xi) && !(xi >= 0 && (ISNAN(mi) || xi <= mi)))
        value_error("count", "between 0 and `n`", row, xi);
      if (!ISNAN(bi) && !(bi >= 0 && bi <= 1))
        value_error("benchmark", "a proportion between 0 and 1", row, bi);
      if (ISNAN(xi) || ISNAN(mi) || mi == 0) {
        prop[row] = lower[row] = upper[row] = NA_REAL;
        SET_STRING_ELT(comparison, row, NA_STRING);
        continue;
      }
      /* Wilson score interval. */
      double ph = xi / mi;
      double denom = 1 + z2 / mi;
      double centre = (ph + z2 / (2 * mi)) / denom;
      double half = zz / denom *
        sqrt(ph * (1 - ph) / mi + z2 / (4 * mi * mi));
      double lo = centre - half, hi = centre + half;
      prop[row] = ph;
      /* Exact ends at 0 and n, where rounding would leave 1e-17. */
      lower[row] = xi == 0 || lo < 0 ? 0 : lo;
      upper[row] = xi == mi || hi > 1 ? 1 : hi;
      if (ISNAN(bi)) {
        SET_STRING_ELT(comparison, row, NA_STRING);
      } else {
        /* above: the proportion is above the benchmark beyond doubt. */
        int above = bi < lower[row], below = bi > upper[row];
        int c = !(above || below) ? CMP_SIMILAR :
          (above == (p == POLARITY_HIGHER)) ? CMP_BETTER : CMP_WORSE;
        SET_STRING_ELT(comparison, row, STRING_ELT(labels, c));
      }
    }
  }
  UNPROTECT(3); /* labels, out, out_names */
  return out;
}
