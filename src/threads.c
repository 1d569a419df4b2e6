/* How many threads the C engines use: options(reoffending.threads), read
 * at each call (never inside a parallel region), or by default the cores R
 * may use. Without OpenMP, always one.
 *
 * The default is the number of processors, lowered by OMP_NUM_THREADS and
 * OMP_THREAD_LIMIT when set, and 1 under R CMD check
 * (_R_CHECK_LIMIT_CORES_ set to anything but "false"), which limits the
 * cores a package may use. */
#include "reoffending.h"
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

static int default_threads(void) {
#ifdef _OPENMP
  const char *check = getenv("_R_CHECK_LIMIT_CORES_");
  if (check && *check) {
    char lower[8] = "";
    size_t len = strlen(check);
    for (size_t i = 0; i < len && i < sizeof(lower) - 1; i++)
      lower[i] = (char) tolower((unsigned char) check[i]);
    if (len >= sizeof(lower) || strcmp(lower, "false") != 0) return 1;
  }
  int n = omp_get_num_procs();
  if (omp_get_max_threads() < n) n = omp_get_max_threads();
  if (omp_get_thread_limit() < n) n = omp_get_thread_limit();
  return n < 1 ? 1 : n;
#else
  return 1;
#endif
}

/* A value the engines cannot use: the package's R check raises its classed
 * error (reoffending_error_bad_argument), the same as from R; nothing is
 * held here that the jump would leak. */
static void refuse_option(SEXP option) {
  SEXP name = PROTECT(Rf_mkString("reoffending"));
  SEXP ns = PROTECT(R_FindNamespace(name));
  SEXP call = PROTECT(Rf_lang2(Rf_install("check_threads_option"), option));
  Rf_eval(call, ns);
  UNPROTECT(3); /* call, ns, name */
  Rf_error("`options(reoffending.threads)` must be a whole number from 1 "
           "to 1024, or NULL for the default");
}

/* The threads an option value asks for (NULL: the default). */
static int threads_from(SEXP option) {
  if (Rf_isNull(option)) return default_threads();
  double n = NA_REAL;
  if (XLENGTH(option) == 1 && TYPEOF(option) == INTSXP)
    n = INTEGER_ELT(option, 0) == NA_INTEGER ? NA_REAL :
      INTEGER_ELT(option, 0);
  else if (XLENGTH(option) == 1 && TYPEOF(option) == REALSXP)
    n = REAL_ELT(option, 0);
  if (ISNAN(n) || n < 1 || n > 1024 || n != (double) (int) n)
    refuse_option(option);
#ifdef _OPENMP
  int limit = omp_get_thread_limit();
  return (int) n < limit ? (int) n : limit;
#else
  return 1;
#endif
}

int engine_threads(void) {
  return threads_from(Rf_GetOption1(Rf_install("reoffending.threads")));
}

/* For R: the threads the engines would use given the option's value, and
 * whether the package was built with OpenMP. */
SEXP C_threads(SEXP option) {
  SEXP out = PROTECT(Rf_allocVector(INTSXP, 2));
  INTEGER(out)[0] = threads_from(option);
#ifdef _OPENMP
  INTEGER(out)[1] = 1;
#else
  INTEGER(out)[1] = 0;
#endif
  UNPROTECT(1); /* out */
  return out;
}
