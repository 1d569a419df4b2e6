/* Counting engines behind cohort_table() and needs_profile().
 *
 * count_groups: the full cross-tabulation of K integer keys (factor codes),
 * NA counted in an extra last level of each key. O(n K) one pass over the
 * keys; O(cells) memory.
 *
 * sum_flags: per group, how many records have each flag TRUE (or 1), and how
 * many have at least one flag that is not NA (the assessed). O(n F) one pass
 * over the flags; O(groups F) memory.
 *
 * Rows are read in blocks, so that ALTREP vectors are read region by region
 * without being materialised, and the per-block scratch stays in cache.
 * With threads (OpenMP; vectors whose values are in memory, ALTREP wrappers
 * included), each thread counts a run of
 * blocks into tallies of its own, O(cells) memory more per thread, added in
 * thread order: the result is the single-threaded one. */
#include "reoffending.h"
#include <string.h>

/* Codes 1..k map to 0..k-1 and NA to k (the NA level). NA_INTEGER (INT_MIN)
 * and anything out of range wrap to a large unsigned value, so one unsigned
 * min gives the level of both; a code out of range (not NA) is counted as
 * NA and marked in bad, without a branch, so that the loops vectorise. */
static inline unsigned int level_of(int code, unsigned int k, int *bad) {
  unsigned int u = (unsigned int) code - 1u;
  *bad |= (u >= k) & (code != NA_INTEGER);
  return u < k ? u : k;
}

/* Rows into tally, any codes: first each row's cell from all its keys,
 * NA and bad codes in the NA level (a loop the compiler vectorises; the
 * common shapes, one to three keys, get loops of their own), then the
 * cells counted. len is at most BLOCK_ROWS. Returns whether a code was out
 * of range. */
static int tally_cells(const int *const *code, R_xlen_t nkeys,
                       const unsigned int *k, const R_xlen_t *stride,
                       R_xlen_t len, int64_t *tally) {
  int bad = 0;
  /* Cells fit 32 bits: at most MAX_CELLS (1e8). */
  uint32_t cell[BLOCK_ROWS];
  if (nkeys == 1) {
    const int *a = code[0];
    unsigned int ka = k[0];
    OMP(omp simd reduction(|:bad))
    for (R_xlen_t i = 0; i < len; i++) cell[i] = level_of(a[i], ka, &bad);
  } else if (nkeys == 2) {
    const int *a = code[0], *b = code[1];
    unsigned int ka = k[0], kb = k[1], sb = (unsigned int) stride[1];
    OMP(omp simd reduction(|:bad))
    for (R_xlen_t i = 0; i < len; i++)
      cell[i] = level_of(a[i], ka, &bad) + level_of(b[i], kb, &bad) * sb;
  } else if (nkeys == 3) {
    const int *a = code[0], *b = code[1], *c = code[2];
    unsigned int ka = k[0], kb = k[1], kc = k[2];
    unsigned int sb = (unsigned int) stride[1], sc = (unsigned int) stride[2];
    OMP(omp simd reduction(|:bad))
    for (R_xlen_t i = 0; i < len; i++)
      cell[i] = level_of(a[i], ka, &bad) + level_of(b[i], kb, &bad) * sb +
        level_of(c[i], kc, &bad) * sc;
  } else {
    for (R_xlen_t i = 0; i < len; i++) cell[i] = 0;
    for (R_xlen_t j = 0; j < nkeys; j++) {
      const int *a = code[j];
      unsigned int kj = k[j], sj = (unsigned int) stride[j];
      OMP(omp simd reduction(|:bad))
      for (R_xlen_t i = 0; i < len; i++)
        cell[i] += level_of(a[i], kj, &bad) * sj;
    }
  }
  for (R_xlen_t i = 0; i < len; i++) tally[cell[i]]++;
  return bad;
}

/* Rows of a sub-block of the fast path: a fifth of L1 for three keys, so
 * that the count reads them again from L1. */
#define SUB_ROWS 1024

/* One block of rows into tally. Calls no R API (it runs in threads).
 * Returns whether a code was out of range. Rows without NA (or bad) codes,
 * the common case, take the shortest loop, a sub-block at a time: a
 * vectorised check of the keys side by side, then the codes used as they
 * are, offset once for their 1-based levels. From the first sub-block
 * with an NA on, tally_cells() takes the rest. */
static int tally_block(const int *const *code, R_xlen_t nkeys,
                       const unsigned int *k, const R_xlen_t *stride,
                       R_xlen_t len, int64_t *tally) {
  R_xlen_t done = 0;
  if (nkeys <= 3) {
    int base = 0;    /* cells fit an int: at most MAX_CELLS (1e8) */
    for (R_xlen_t j = 0; j < nkeys; j++) base += (int) stride[j];
    const int *a = code[0], *b = nkeys > 1 ? code[1] : NULL,
      *c = nkeys > 2 ? code[2] : NULL;
    unsigned int ka = k[0], kb = nkeys > 1 ? k[1] : 0,
      kc = nkeys > 2 ? k[2] : 0;
    int sb = nkeys > 1 ? (int) stride[1] : 0,
      sc = nkeys > 2 ? (int) stride[2] : 0;
    for (; done < len; done += SUB_ROWS) {
      R_xlen_t end = len - done < SUB_ROWS ? len : done + SUB_ROWS;
      unsigned int out = 0;
      if (nkeys == 1) {
        OMP(omp simd reduction(|:out))
        for (R_xlen_t i = done; i < end; i++)
          out |= (unsigned int) a[i] - 1u >= ka;
        if (out) break;
        for (R_xlen_t i = done; i < end; i++) tally[a[i] - base]++;
      } else if (nkeys == 2) {
        OMP(omp simd reduction(|:out))
        for (R_xlen_t i = done; i < end; i++)
          out |= ((unsigned int) a[i] - 1u >= ka) |
            ((unsigned int) b[i] - 1u >= kb);
        if (out) break;
        for (R_xlen_t i = done; i < end; i++)
          tally[a[i] + sb * b[i] - base]++;
      } else {
        OMP(omp simd reduction(|:out))
        for (R_xlen_t i = done; i < end; i++)
          out |= ((unsigned int) a[i] - 1u >= ka) |
            ((unsigned int) b[i] - 1u >= kb) |
            ((unsigned int) c[i] - 1u >= kc);
        if (out) break;
        for (R_xlen_t i = done; i < end; i++)
          tally[a[i] + sb * b[i] + sc * c[i] - base]++;
      }
    }
    if (done >= len) return 0;
  }
  const int *rest[64];
  for (R_xlen_t j = 0; j < nkeys; j++) rest[j] = code[j] + done;
  return tally_cells(rest, nkeys, k, stride, len - done, tally);
}

/* The first code out of range in a block, as an error. */
static void NORET report_bad_code(const int *const *code, R_xlen_t nkeys,
                                  const unsigned int *k, R_xlen_t len) {
  for (R_xlen_t i = 0; i < len; i++)
    for (R_xlen_t j = 0; j < nkeys; j++) {
      unsigned int u = (unsigned int) code[j][i] - 1u;
      if (u >= k[j] && code[j][i] != NA_INTEGER)
        Rf_error("`keys[[%d]]` holds code %d outside 1..%d", (int) j + 1,
                 code[j][i], (int) k[j]);
    }
  Rf_error("internal error: a code out of range was not found");
}

SEXP C_count_groups(SEXP keys, SEXP nlevels) {
  check_type(keys, VECSXP, "keys");
  check_type(nlevels, INTSXP, "nlevels");
  R_xlen_t nkeys = XLENGTH(keys);
  if (nkeys < 1 || nkeys > 64)
    Rf_error("`keys` must hold between 1 and 64 key vectors");
  check_length(nlevels, nkeys, "nlevels");

  R_xlen_t n = XLENGTH(VECTOR_ELT(keys, 0));
  const int *nlev = INTEGER_RO(nlevels);
  R_xlen_t stride[64];
  unsigned int k[64];
  double cells = 1;
  for (R_xlen_t j = 0; j < nkeys; j++) {
    SEXP key = VECTOR_ELT(keys, j);
    if (TYPEOF(key) != INTSXP)
      Rf_error("`keys[[%d]]` must be of type integer, not %s", (int) j + 1,
               Rf_type2char(TYPEOF(key)));
    if (XLENGTH(key) != n)
      Rf_error("`keys[[%d]]` must have length %.0f, not %.0f", (int) j + 1,
               (double) n, (double) XLENGTH(key));
    if (nlev[j] == NA_INTEGER || nlev[j] < 0)
      Rf_error("`nlevels[%d]` must be a non-negative count", (int) j + 1);
    stride[j] = (R_xlen_t) cells;
    k[j] = (unsigned int) nlev[j];
    cells *= (double) nlev[j] + 1;     /* + 1: the NA level */
    /* Checked key by key, so that the next stride cannot overflow. */
    if (cells > MAX_CELLS)
      Rf_error("the table would have %.0f cells or more; at most %.0f are "
               "allowed", cells, MAX_CELLS);
  }
  R_xlen_t ncells = (R_xlen_t) cells;

  /* Tallies in 64-bit integers, so that counts beyond 2^31 stay exact. */
  int64_t *tally = (int64_t *) R_alloc(ncells, sizeof(int64_t));
  memset(tally, 0, (size_t) ncells * sizeof(int64_t));

  /* With threads, each counts a contiguous run of blocks into a tally of
   * its own; the tallies are added in thread order (integers: the result
   * is the single-threaded one). Only for ordinary vectors (an ALTREP
   * vector is read through the R API) and when a tally per thread is small
   * beside the rows. A code out of range stops nothing there: the serial
   * pass is rerun to report it. */
  const int *direct[64];
  int threads = pass_threads(n);
  for (R_xlen_t j = 0; j < nkeys; j++) {
    direct[j] = (const int *) data_or_null(VECTOR_ELT(keys, j));
    if (direct[j] == NULL) threads = 1;
  }
  if ((double) ncells * threads > (double) n / 4 + 65536) threads = 1;
  if (threads > 1) {
    int64_t *part = (int64_t *) R_alloc((size_t) threads * ncells,
                                        sizeof(int64_t));
    memset(part, 0, (size_t) threads * ncells * sizeof(int64_t));
    R_xlen_t nblocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
    int bad = 0;
    OMP(omp parallel for num_threads(threads) schedule(static)
        reduction(|:bad))
    for (R_xlen_t b = 0; b < nblocks; b++) {
      R_xlen_t start = b * BLOCK_ROWS;
      R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
      const int *code[64];
      for (R_xlen_t j = 0; j < nkeys; j++) code[j] = direct[j] + start;
      bad |= tally_block(code, nkeys, k, stride, len,
                         part + (R_xlen_t) THREAD_NUM() * ncells);
    }
    if (!bad) {
      for (int t = 0; t < threads; t++)
        for (R_xlen_t c = 0; c < ncells; c++) tally[c] += part[t * ncells + c];
    } else {
      memset(tally, 0, (size_t) ncells * sizeof(int64_t));
      threads = 1;
    }
  }
  if (threads == 1) {
    const int *code[64];
    int *buf = (int *) R_alloc((size_t) nkeys * BLOCK_ROWS, sizeof(int));
    for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
      R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
      for (R_xlen_t j = 0; j < nkeys; j++)
        code[j] = int_region(VECTOR_ELT(keys, j), start, len,
                             buf + j * BLOCK_ROWS);
      if (tally_block(code, nkeys, k, stride, len, tally))
        report_bad_code(code, nkeys, k, len);
    }
  }

  SEXP out = PROTECT(Rf_allocVector(REALSXP, ncells));
  double *res = REAL(out);
  for (R_xlen_t c = 0; c < ncells; c++) res[c] = (double) tally[c];
  UNPROTECT(1); /* out */
  return out;
}

static void flush_counts(int64_t *total, int32_t *counts, R_xlen_t n) {
  for (R_xlen_t c = 0; c < n; c++) {
    total[c] += counts[c];
    counts[c] = 0;
  }
}

/* What a pass of sum_flags reads. direct: pointers into the flags (and
 * group_direct into the group), for threads, which must not call the R
 * API; NULL: read through int_region. strict: a bad value is reported (an
 * R error) rather than flagged. */
struct flag_pass {
  SEXP flags, group, names;
  const int **direct;
  const int *is_int;
  R_xlen_t nflags;
  int ng;
  int strict;
  const int *group_direct;
  int grouped;
};

/* Flags are counted four at a time: each row's four 0/1 values packed
 * into the 16-bit fields of one 64-bit word, added to its group's word (a
 * field cannot carry into the next: a block has fewer than 65536 rows),
 * and the fields unpacked into the counts once a block. One add a row for
 * four flags rather than four. */
#define FLAGS_PER_WORD 4
#define FIELD_BITS 16

/* A flag the last word of a row does not have reads as all 0. */
static const int no_flag[BLOCK_ROWS];

/* Scratch of one pass, 64-bit words first: the block's packed words, two
 * group words (even and odd rows, so that neighbouring rows of the same
 * group do not wait on each other's add); then 32-bit counters of the
 * flags and the assessed, the block's slots and seen marks, and read
 * buffers for a word's flags. */
static size_t sum_scratch_size(R_xlen_t cells, R_xlen_t nslots) {
  size_t size = (size_t) (BLOCK_ROWS + 2 * nslots) * sizeof(uint64_t) +
    (size_t) (cells + nslots + (2 + FLAGS_PER_WORD) * BLOCK_ROWS) *
    sizeof(int32_t);
  /* A whole number of cache lines, so that each thread's scratch (they lie
   * end to end) starts as aligned as the first, for its 64-bit words. */
  return (size + 63) / 64 * 64;
}

static inline const int *flag_rows(const struct flag_pass *p, SEXP x,
                                   const int *direct, R_xlen_t start,
                                   R_xlen_t len, int *buf) {
  return direct ? direct + start : int_region(x, start, len, buf);
}

/* Rows [from, to) into sums (slots x flags) and assessed (slots), which
 * are zeroed first. Returns whether a value was bad (only when not
 * strict). */
static int sum_rows(const struct flag_pass *p, R_xlen_t from, R_xlen_t to,
                    int64_t *sums, int64_t *assessed, char *scratch) {
  R_xlen_t nflags = p->nflags, nslots = (R_xlen_t) p->ng + 1;
  R_xlen_t cells = nslots * nflags;
  int ng = p->ng, grouped = p->grouped;
  for (R_xlen_t c = 0; c < cells; c++) sums[c] = 0;
  for (R_xlen_t c = 0; c < nslots; c++) assessed[c] = 0;
  /* Counting goes to 32-bit counters, cheaper to update, flushed into the
   * 64-bit totals before any could overflow (each grows by at most one per
   * row) and at the end. */
  uint64_t *packed = (uint64_t *) scratch;
  uint64_t *even = packed + BLOCK_ROWS, *odd = even + nslots;
  int32_t *block_sums = (int32_t *) (odd + nslots);
  int32_t *block_assessed = block_sums + cells;
  int32_t *slot = block_assessed + nslots, *seen = slot + BLOCK_ROWS;
  int *buf = (int *) (seen + BLOCK_ROWS);
  memset(even, 0, (size_t) (2 * nslots) * sizeof(uint64_t));
  memset(block_sums, 0, (size_t) (cells + nslots) * sizeof(int32_t));
  R_xlen_t unflushed = 0;
  for (R_xlen_t start = from; start < to; start += BLOCK_ROWS) {
    R_xlen_t len = to - start < BLOCK_ROWS ? to - start : BLOCK_ROWS;
    if (unflushed + len > INT32_MAX) {
      flush_counts(sums, block_sums, cells);
      flush_counts(assessed, block_assessed, nslots);
      unflushed = 0;
    }
    unflushed += len;
    if (grouped) {
      const int *code = flag_rows(p, p->group, p->group_direct, start, len,
                                  buf);
      int bad = 0;
      OMP(omp simd reduction(|:bad))
      for (R_xlen_t i = 0; i < len; i++) {
        unsigned int u = (unsigned int) code[i] - 1u;
        int out = u >= (unsigned int) ng;
        bad |= out & (code[i] != NA_INTEGER);
        slot[i] = (int32_t) (out ? (unsigned int) ng : u);
      }
      if (bad) {
        if (!p->strict) return 1;
        for (R_xlen_t i = 0; i < len; i++)
          if ((unsigned int) code[i] - 1u >= (unsigned int) ng &&
              code[i] != NA_INTEGER)
            Rf_error("`group` holds code %d outside 1..%d", code[i], ng);
      }
    } else {
      memset(slot, 0, (size_t) len * sizeof(int32_t));
    }
    memset(seen, 0, (size_t) len * sizeof(int32_t));

    for (R_xlen_t j0 = 0; j0 < nflags; j0 += FLAGS_PER_WORD) {
      const int *v[FLAGS_PER_WORD];
      for (int k = 0; k < FLAGS_PER_WORD; k++) {
        R_xlen_t j = j0 + k;
        if (j >= nflags) {
          v[k] = no_flag;
          continue;
        }
        SEXP flag = p->direct ? NULL : VECTOR_ELT(p->flags, j);
        v[k] = flag_rows(p, flag, p->direct ? p->direct[j] : NULL, start,
                         len, buf + k * BLOCK_ROWS);
        const int *x = v[k];
        /* omp simd: at -O2 the compiler would not vectorise these loops
         * itself (x and seen might overlap, as far as it knows). */
        OMP(omp simd)
        for (R_xlen_t i = 0; i < len; i++) seen[i] |= (x[i] != NA_INTEGER);
        /* Logical vectors hold only TRUE, FALSE and NA; integers may not. */
        if (p->direct ? p->is_int[j] : TYPEOF(flag) == INTSXP) {
          int bad = 0;
          OMP(omp simd reduction(|:bad))
          for (R_xlen_t i = 0; i < len; i++)
            bad |= (x[i] != 0) & (x[i] != 1) & (x[i] != NA_INTEGER);
          if (bad) {
            if (!p->strict) return 1;
            const char *name = Rf_isNull(p->names) ? "" :
              CHAR(STRING_ELT(p->names, j));
            Rf_error("flag `%s` must hold only 0, 1, TRUE, FALSE or NA",
                     name);
          }
        }
      }
      /* The packing vectorises; the adds are a scatter. */
      const int *v0 = v[0], *v1 = v[1], *v2 = v[2], *v3 = v[3];
      OMP(omp simd)
      for (R_xlen_t i = 0; i < len; i++)
        packed[i] = (uint64_t) (v0[i] == 1) |
          (uint64_t) (v1[i] == 1) << FIELD_BITS |
          (uint64_t) (v2[i] == 1) << (2 * FIELD_BITS) |
          (uint64_t) (v3[i] == 1) << (3 * FIELD_BITS);
      R_xlen_t i = 0;
      for (; i + 1 < len; i += 2) {
        even[slot[i]] += packed[i];
        odd[slot[i + 1]] += packed[i + 1];
      }
      if (i < len) even[slot[i]] += packed[i];
      R_xlen_t width = nflags - j0 < FLAGS_PER_WORD ? nflags - j0 :
        FLAGS_PER_WORD;
      for (R_xlen_t g = 0; g < nslots; g++) {
        /* Each field of even and odd is at most len / 2 + 1, so their sum
         * carries into no other field. */
        uint64_t word = even[g] + odd[g];
        even[g] = odd[g] = 0;
        for (R_xlen_t k = 0; k < width; k++)
          block_sums[(j0 + k) * nslots + g] +=
            (int32_t) ((word >> (k * FIELD_BITS)) & 0xFFFFu);
      }
    }
    for (R_xlen_t i = 0; i < len; i++) block_assessed[slot[i]] += seen[i];
  }
  flush_counts(sums, block_sums, cells);
  flush_counts(assessed, block_assessed, nslots);
  return 0;
}

SEXP C_sum_flags(SEXP flags, SEXP group, SEXP ngroups) {
  check_type(flags, VECSXP, "flags");
  int ng = check_scalar_int(ngroups, "ngroups");
  if (ng < 0 || ng > MAX_GROUPS)
    Rf_error("`ngroups` must be a count from 0 to %d, not %d", MAX_GROUPS,
             ng);
  R_xlen_t nflags = XLENGTH(flags);
  if (nflags < 1 || nflags > 100000)
    Rf_error("`flags` must hold between 1 and 100000 flag vectors");
  R_xlen_t n = XLENGTH(VECTOR_ELT(flags, 0));
  SEXP names = Rf_getAttrib(flags, R_NamesSymbol);
  for (R_xlen_t j = 0; j < nflags; j++) {
    SEXP flag = VECTOR_ELT(flags, j);
    if (TYPEOF(flag) != LGLSXP && TYPEOF(flag) != INTSXP)
      Rf_error("`flags[[%d]]` must be logical or integer, not %s",
               (int) j + 1, Rf_type2char(TYPEOF(flag)));
    if (XLENGTH(flag) != n)
      Rf_error("`flags[[%d]]` must have length %.0f, not %.0f", (int) j + 1,
               (double) n, (double) XLENGTH(flag));
  }
  int grouped = !Rf_isNull(group);
  if (grouped) {
    check_type(group, INTSXP, "group");
    check_length(group, n, "group");
  }

  /* Group ng (0-based) collects NA group codes. */
  R_xlen_t nslots = (R_xlen_t) ng + 1;
  if ((double) nslots * (double) nflags > MAX_CELLS)
    Rf_error("the result would have %.0f cells; at most %.0f are allowed",
             (double) nslots * (double) nflags, MAX_CELLS);
  struct flag_pass pass = {flags, group, names, NULL, NULL, nflags, ng, 0,
                           NULL, grouped};
  R_xlen_t cells = nslots * nflags;
  int64_t *sums = (int64_t *) R_alloc(cells, sizeof(int64_t));
  int64_t *assessed = (int64_t *) R_alloc(nslots, sizeof(int64_t));

  /* With threads, as in C_count_groups: each thread sums a contiguous run
   * of rows into totals of its own, added in thread order; only for
   * ordinary vectors and totals small beside the rows; a bad code or flag
   * value reruns the serial pass, which reports it. */
  int threads = pass_threads(n);
  if (grouped && data_or_null(group) == NULL) threads = 1;
  for (R_xlen_t j = 0; j < nflags && threads > 1; j++)
    if (data_or_null(VECTOR_ELT(flags, j)) == NULL) threads = 1;
  if ((double) (cells + nslots) * threads > (double) n / 4 + 65536)
    threads = 1;
  if (threads > 1) {
    const int **direct = (const int **) R_alloc(nflags, sizeof(int *));
    int *is_int = (int *) R_alloc(nflags, sizeof(int));
    for (R_xlen_t j = 0; j < nflags; j++) {
      SEXP flag = VECTOR_ELT(flags, j);
      is_int[j] = TYPEOF(flag) == INTSXP;
      direct[j] = (const int *) data_or_null(flag);
    }
    pass.direct = direct;
    pass.is_int = is_int;
    pass.group_direct = grouped ? (const int *) data_or_null(group) : NULL;
    size_t per_thread = sum_scratch_size(cells, nslots);
    char *scratch = R_alloc((size_t) threads, per_thread);
    int64_t *part = (int64_t *) R_alloc((size_t) threads * (cells + nslots),
                                        sizeof(int64_t));
    /* Zeroed here too: the team may be smaller than asked for. */
    memset(part, 0, (size_t) threads * (cells + nslots) * sizeof(int64_t));
    int bad = 0;
    OMP(omp parallel num_threads(threads) reduction(|:bad))
    {
      int t = THREAD_NUM(), team = THREAD_COUNT();
      R_xlen_t nblocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
      R_xlen_t from = nblocks * t / team, to = nblocks * (t + 1) / team;
      R_xlen_t end = to * BLOCK_ROWS < n ? to * BLOCK_ROWS : n;
      int64_t *mine = part + (R_xlen_t) t * (cells + nslots);
      bad |= sum_rows(&pass, from * BLOCK_ROWS, end, mine, mine + cells,
                      scratch + (size_t) t * per_thread);
    }
    if (!bad) {
      memset(sums, 0, (size_t) cells * sizeof(int64_t));
      memset(assessed, 0, (size_t) nslots * sizeof(int64_t));
      for (int t = 0; t < threads; t++) {
        const int64_t *mine = part + (R_xlen_t) t * (cells + nslots);
        for (R_xlen_t c = 0; c < cells; c++) sums[c] += mine[c];
        for (R_xlen_t c = 0; c < nslots; c++) assessed[c] += mine[cells + c];
      }
    } else {
      threads = 1;
    }
  }
  if (threads == 1) {
    pass.direct = NULL;
    pass.group_direct = NULL;
    pass.strict = 1;
    char *scratch = R_alloc(1, sum_scratch_size(cells, nslots));
    sum_rows(&pass, 0, n, sums, assessed, scratch);
  }

  SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
  SEXP sums_out = Rf_allocMatrix(REALSXP, (int) nslots, (int) nflags);
  SET_VECTOR_ELT(out, 0, sums_out);
  SEXP assessed_out = Rf_allocVector(REALSXP, nslots);
  SET_VECTOR_ELT(out, 1, assessed_out);
  double *s = REAL(sums_out), *a = REAL(assessed_out);
  for (R_xlen_t c = 0; c < nslots * nflags; c++) s[c] = (double) sums[c];
  for (R_xlen_t c = 0; c < nslots; c++) a[c] = (double) assessed[c];
  SEXP out_names = PROTECT(Rf_allocVector(STRSXP, 2));
  SET_STRING_ELT(out_names, 0, Rf_mkChar("sums"));
  SET_STRING_ELT(out_names, 1, Rf_mkChar("assessed"));
  Rf_setAttrib(out, R_NamesSymbol, out_names);
  UNPROTECT(2); /* out, out_names */
  return out;
}
