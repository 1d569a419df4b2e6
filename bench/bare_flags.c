/* The floor for needs_profile(): bare C loops summing logical flags by a
 * group code, as C_sum_flags does: for each flag and group, the number of
 * TRUE and the number assessed (a record is assessed when any of its flags
 * is known). Built and loaded by bench/engines.R (R CMD SHLIB with
 * OpenMP, dyn.load); not part of the package.
 *
 * Deliberately minimal: no range checks on the codes, no check that the
 * values are 0, 1 or NA, 32-bit tallies. It assumes every group code is in
 * 1..ngroups (true of the benchmark data, which has no NA groups), so it is
 * only a fair floor for NA-free groups. bare_sum_flags() is one thread;
 * bare_sum_flags_omp() splits the rows between `threads` threads, each
 * with tallies of its own, added at the end. */
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* Rows [from, to) into sums (ng x nflags) and assessed (ng), 0-based. */
static void sum_range(const int **x, int nflags, const int *g, R_xlen_t from,
                      R_xlen_t to, int ng, int *sums, int *assessed) {
  for (R_xlen_t i = from; i < to; i++) {
    int k = g[i] - 1, seen = 0;
    for (int j = 0; j < nflags; j++) {
      int v = x[j][i];
      if (v != NA_LOGICAL) {
        sums[k + ng * j] += v;
        seen = 1;
      }
    }
    assessed[k] += seen;
  }
}

static SEXP sum_flags(SEXP flags, SEXP group, SEXP ngroups, int threads) {
  int nflags = Rf_length(flags), ng = Rf_asInteger(ngroups);
  const int **x = (const int **) R_alloc(nflags, sizeof(int *));
  for (int j = 0; j < nflags; j++) x[j] = LOGICAL_RO(VECTOR_ELT(flags, j));
  const int *g = INTEGER_RO(group);
  R_xlen_t n = XLENGTH(group);
  int cells = ng * nflags + ng;
  SEXP out = PROTECT(Rf_allocVector(INTSXP, cells));
  int *total = INTEGER(out);
  memset(total, 0, sizeof(int) * (size_t) cells);
  int *part = (int *) R_alloc((size_t) threads * cells, sizeof(int));
  memset(part, 0, sizeof(int) * (size_t) threads * cells);
#pragma omp parallel num_threads(threads)
  {
    int t = 0, team = 1;
#ifdef _OPENMP
    t = omp_get_thread_num();
    team = omp_get_num_threads();
#endif
    int *mine = part + (size_t) t * cells;
    sum_range(x, nflags, g, n * t / team, n * (t + 1) / team, ng, mine,
              mine + ng * nflags);
  }
  for (int t = 0; t < threads; t++)
    for (int c = 0; c < cells; c++) total[c] += part[(size_t) t * cells + c];
  UNPROTECT(1);
  return out;
}

SEXP bare_sum_flags(SEXP flags, SEXP group, SEXP ngroups) {
  return sum_flags(flags, group, ngroups, 1);
}

SEXP bare_sum_flags_omp(SEXP flags, SEXP group, SEXP ngroups, SEXP threads) {
  return sum_flags(flags, group, ngroups, Rf_asInteger(threads));
}
