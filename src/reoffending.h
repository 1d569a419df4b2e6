/* Shared prototypes and the cheap boundary checks every .Call entry point
 * runs on its own arguments, so that a direct .Call with the wrong types or
 * lengths is an R error rather than a crash. The friendly checks, naming the
 * user's argument, live in R (R/checks.R). */
#ifndef REOFFENDING_H
#define REOFFENDING_H

#define R_NO_REMAP
#define STRICT_R_HEADERS
#include <R.h>
#include <Rinternals.h>
#include <stdint.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* OpenMP directives, which vanish without OpenMP (no unknown-pragma
 * warnings); code inside a parallel region calls no R API. */
#ifdef _OPENMP
#define OMP(...) _Pragma(#__VA_ARGS__)
#define THREAD_NUM() omp_get_thread_num()
#define THREAD_COUNT() omp_get_num_threads()
#else
#define OMP(...)
#define THREAD_NUM() 0
#define THREAD_COUNT() 1
#endif

/* The threads the engines may use (threads.c): options(reoffending.threads)
 * or the cores R may use; 1 without OpenMP. */
int engine_threads(void);

/* Rows are read in blocks of this many: small enough for the block's
 * scratch to stay in L1, large enough to amortise the per-block set-up. */
#define BLOCK_ROWS 4096

/* A thread is given at least this many rows: below that, waking it costs
 * more than it saves (far more on a machine whose cores are all busy). */
#define MIN_THREAD_ROWS 50000

/* Where a vector's values lie, for reading without the R API (in threads):
 * an ordinary vector's data, or an ALTREP vector's when it holds them in
 * memory already (a wrapper, which structure() and attr<- make of a long
 * vector); NULL for one that does not (a compact sequence), which is read
 * by region on R's thread. Never materialises anything. */
static inline const void *data_or_null(SEXP x) {
  return ALTREP(x) ? DATAPTR_OR_NULL(x) : DATAPTR_RO(x);
}

/* The threads for a pass over n rows: engine_threads(), but no more than
 * one per MIN_THREAD_ROWS rows. */
static inline int pass_threads(R_xlen_t n) {
  R_xlen_t most = n / MIN_THREAD_ROWS;
  int t = engine_threads();
  return most < t ? (most < 1 ? 1 : (int) most) : t;
}

/* The largest results a direct .Call may ask for, checked before anything
 * is allocated. R refuses sooner, naming the user's argument:
 * cohort_table() above MAX_CELLS cells (R/tables.R), reoffending_rates()
 * above MAX_GROUPS groups (R/reoffending.R). Groups are not bounded by the
 * records: a grid of levels or a factor's unused levels may be empty. */
#define MAX_CELLS 1e8
#define MAX_GROUPS 10000000

/* Entry points (registered in init.c). */
SEXP C_assign_cohort(SEXP age, SEXP sex, SEXP mhld, SEXP breaks,
                     SEXP use_women, SEXP use_mhld);
SEXP C_count_groups(SEXP keys, SEXP nlevels);
SEXP C_sum_flags(SEXP flags, SEXP group, SEXP ngroups);
SEXP C_proven_reoffending(SEXP code, SEXP offence_date, SEXP proven_date,
                          SEXP index_date, SEXP follow_up_end,
                          SEXP waiting_end);
SEXP C_sum_reoffending(SEXP group, SEXP ngroups, SEXP reoffended,
                       SEXP reoffences);
SEXP C_compare_to_target(SEXP actual, SEXP target, SEXP elapsed,
                         SEXP previous, SEXP polarity, SEXP tolerance);
SEXP C_change(SEXP x, SEXP y, SEXP kind);
SEXP C_compare_to_benchmark(SEXP count, SEXP n, SEXP benchmark,
                            SEXP polarity, SEXP z);
SEXP C_suppress_secondary(SEXP values, SEXP status, SEXP nodes,
                          SEXP is_total, SEXP n_nodes, SEXP threshold,
                          SEXP lower);
SEXP C_protection_intervals(SEXP values, SEXP hidden_cells, SEXP nodes,
                            SEXP is_total, SEXP n_nodes, SEXP lower,
                            SEXP cap);
SEXP C_write_xlsx(SEXP path, SEXP properties, SEXP formats, SEXP sheets,
                  SEXP stream);
SEXP C_panel_overlap(SEXP person, SEXP panel, SEXP n_people, SEXP n_panels);
SEXP C_iom_summary(SEXP person, SEXP period, SEXP date, SEXP rag, SEXP risk,
                   SEXP period_start, SEXP period_end, SEXP n_people,
                   SEXP custody_offset, SEXP custody_date,
                   SEXP arrest_offset, SEXP arrest_date);
SEXP C_count_incidents(SEXP date, SEXP lookup, SEXP first_day, SEXP area,
                       SEXP offence, SEXP flags, SEXP count, SEXP dims);
SEXP C_index_events(SEXP order, SEXP period, SEXP offender);
SEXP C_count_previous(SEXP member_order, SEXP member, SEXP index_date,
                      SEXP offence_order, SEXP offender, SEXP proven_date);
SEXP C_threads(SEXP option);
SEXP C_id_match(SEXP x, SEXP table);

/* Boundary checks: each raises an R error naming the argument. */
void check_type(SEXP x, SEXPTYPE type, const char *arg);
void check_length(SEXP x, R_xlen_t n, const char *arg);
int check_scalar_int(SEXP x, const char *arg);
int check_scalar_lgl(SEXP x, const char *arg);
void NORET value_error(const char *arg, const char *rule, R_xlen_t row,
                       double value);

/* Polarity: a character vector of length 1 or n holding "higher" or
 * "lower", read in blocks as codes POLARITY_HIGHER and POLARITY_LOWER
 * (checks.c). */
enum { POLARITY_HIGHER = 1, POLARITY_LOWER = 2 };
typedef struct {
  SEXP x;
  int recycled;
  int *buf;
} polarity_reader;
void polarity_reader_init(polarity_reader *r, SEXP x, R_xlen_t n);
const int *polarity_block(const polarity_reader *r, R_xlen_t start,
                          R_xlen_t len);

/* Read access that never materialises an ALTREP vector: a direct pointer
 * into an ordinary vector or into an ALTREP one that holds its values in
 * memory already (a wrapper: a Date column often is one), otherwise the
 * region copied into buf (which must hold len elements). Works for INTSXP
 * and LGLSXP alike. */
static inline const int *int_region(SEXP x, R_xlen_t start, R_xlen_t len,
                                    int *buf) {
  if (!ALTREP(x))
    return (TYPEOF(x) == LGLSXP ? LOGICAL_RO(x) : INTEGER_RO(x)) + start;
  const int *in_memory = (const int *) DATAPTR_OR_NULL(x);
  if (in_memory) return in_memory + start;
  if (TYPEOF(x) == LGLSXP)
    LOGICAL_GET_REGION(x, start, len, buf);
  else
    INTEGER_GET_REGION(x, start, len, buf);
  return buf;
}

static inline const double *real_region(SEXP x, R_xlen_t start,
                                        R_xlen_t len, double *buf) {
  if (!ALTREP(x))
    return REAL_RO(x) + start;
  const double *in_memory = (const double *) DATAPTR_OR_NULL(x);
  if (in_memory) return in_memory + start;
  REAL_GET_REGION(x, start, len, buf);
  return buf;
}

/* The number of rows of arguments that each have length 1 or n: the
 * longest, or 0 if any is empty. NULL (an absent optional argument) is
 * skipped; anything else must be a vector (its type is checked by its
 * reader). */
static inline R_xlen_t common_length(SEXP *args, const char **arg_names,
                                     int nargs) {
  R_xlen_t n = 0;
  int empty = 0;
  for (int k = 0; k < nargs; k++) {
    if (Rf_isNull(args[k])) continue;
    if (!Rf_isVector(args[k]))
      Rf_error("`%s` must be a vector, not %s", arg_names[k],
               Rf_type2char(TYPEOF(args[k])));
    R_xlen_t len = XLENGTH(args[k]);
    if (len == 0) empty = 1;
    if (len > n) n = len;
  }
  return empty ? 0 : n;
}

/* A numeric argument (double or integer) of length 1 or n, read block by
 * block as doubles without copying the vector: double blocks point into it
 * (or into its ALTREP region), integer blocks are widened into buf, and a
 * recycled length-1 argument is widened once into buf, which every block
 * then reuses. */
typedef struct {
  SEXP x;
  int recycled;
  double *buf;
  int *ibuf;
} num_reader;

static inline void num_reader_init(num_reader *r, SEXP x, R_xlen_t n,
                                   const char *arg) {
  if (TYPEOF(x) != REALSXP && TYPEOF(x) != INTSXP)
    Rf_error("`%s` must be of type double or integer, not %s", arg,
             Rf_type2char(TYPEOF(x)));
  R_xlen_t len = XLENGTH(x);
  if (len != 1 && len != n)
    Rf_error("`%s` must have length 1 or %.0f, not %.0f", arg, (double) n,
             (double) len);
  r->x = x;
  r->recycled = len == 1 && n != 1;
  r->buf = (double *) R_alloc(BLOCK_ROWS, sizeof(double));
  r->ibuf = TYPEOF(x) == INTSXP ?
    (int *) R_alloc(BLOCK_ROWS, sizeof(int)) : NULL;
  if (r->recycled) {
    double value;
    if (TYPEOF(x) == REALSXP) {
      value = REAL_ELT(x, 0);
    } else {
      int v = INTEGER_ELT(x, 0);
      value = v == NA_INTEGER ? NA_REAL : (double) v;
    }
    for (R_xlen_t i = 0; i < BLOCK_ROWS; i++) r->buf[i] = value;
  }
}

static inline const double *num_block(const num_reader *r, R_xlen_t start,
                                      R_xlen_t len) {
  if (r->recycled) return r->buf;
  if (TYPEOF(r->x) == REALSXP) return real_region(r->x, start, len, r->buf);
  const int *v = int_region(r->x, start, len, r->ibuf);
  for (R_xlen_t i = 0; i < len; i++)
    r->buf[i] = v[i] == NA_INTEGER ? NA_REAL : (double) v[i];
  return r->buf;
}

#endif
