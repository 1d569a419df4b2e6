/* The id join behind proven_reoffending(): for each offence's id, its
 * offender's position in the cohort (1-based), or NA; what match(x, table)
 * gives, for integer, double and character ids of the same type.
 *
 * Integer ids spanning a range not much wider than the cohort are looked up
 * by direct indexing; other ids in an open-addressing hash table (linear
 * probing, at most half full) of positions. Character ids are keyed on the
 * address of their CHARSXP in R's global string cache, never copied or
 * compared as text: one string in one encoding is one CHARSXP. The same
 * text in two encodings (latin1 and UTF-8, say) is two CHARSXPs, so an id
 * that is not ASCII and finds no address is looked up again by its text
 * translated to UTF-8 (or by its bytes when either side has strings
 * declared "bytes"), as match() does. ASCII strings carry no encoding, so
 * this second look-up is only for non-ASCII ids that missed.
 *
 * The table is built in one pass over the cohort (the first of equal ids
 * wins; the later ones are counted, as the attribute "repeats"); the
 * look-ups, O(1) each, run in threads over blocks of the
 * offences when those are ordinary vectors. O(n + m) time, O(n) memory
 * besides the result. */
#include "reoffending.h"
#include <limits.h>
#include <math.h>
#include <string.h>

#define EMPTY 0

/* Multiplicative (Fibonacci) hashing: the top bits of key x an odd
 * constant. */
static inline size_t hash64(uint64_t key, int bits) {
  return (size_t) ((key * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
}

/* Doubles as match() compares them: -0 as 0, every NaN as one NaN and NA
 * as one NA. */
static inline uint64_t double_key(double x) {
  uint64_t bits;
  if (x == 0) x = 0;
  if (ISNAN(x)) x = R_IsNA(x) ? NA_REAL : R_NaN;
  memcpy(&bits, &x, sizeof(bits));
  return bits;
}

/* The open-addressing table: slot holds a position + 1, or EMPTY; keys
 * hold the key of each slot's position. */
typedef struct {
  int bits;
  size_t mask;
  int *slot;
} hash_table;

static void table_init(hash_table *h, R_xlen_t n) {
  int bits = 4;
  while (bits < 40 && ((size_t) 1 << bits) < 2 * (size_t) n) bits++;
  h->bits = bits;
  h->mask = ((size_t) 1 << bits) - 1;
  h->slot = (int *) R_alloc((size_t) 1 << bits, sizeof(int));
  memset(h->slot, 0, ((size_t) 1 << bits) * sizeof(int));
}

/* Position + 1 of key in the table, or EMPTY; keyof(position) gives the
 * key of a cohort position. Inserts it at position pos when pos > 0. */
#define PROBE(h, key, keyof, pos, result)                                  \
  do {                                                                     \
    size_t at_ = hash64((uint64_t) (key), (h)->bits);                      \
    for (;;) {                                                             \
      int s_ = (h)->slot[at_];                                             \
      if (s_ == EMPTY) {                                                   \
        if ((pos) > 0) (h)->slot[at_] = (pos);                             \
        (result) = EMPTY;                                                  \
        break;                                                             \
      }                                                                    \
      if (keyof(s_ - 1) == (key)) {                                        \
        (result) = s_;                                                     \
        break;                                                             \
      }                                                                    \
      at_ = (at_ + 1) & (h)->mask;                                         \
    }                                                                      \
  } while (0)

/* Integer ids: direct indexing over [low, low + span) when the span is at
 * most a few times the cohort, else the hash table. */
typedef struct {
  const int *table_ids;
  int direct;
  int low;
  R_xlen_t span;
  int *position;      /* direct: position + 1 by id - low */
  hash_table h;
} int_index;

#define INT_KEY(i) ((uint64_t) (uint32_t) ix->table_ids[i])
static inline int int_lookup(const int_index *ix, int id) {
  if (ix->direct) {
    uint64_t off = (uint64_t) ((int64_t) id - ix->low);
    return off < (uint64_t) ix->span ? ix->position[off] : EMPTY;
  }
  int found;
  PROBE(&ix->h, (uint64_t) (uint32_t) id, INT_KEY, 0, found);
  return found;
}

/* Builds the index and returns the number of ids that repeat an earlier
 * one. */
static R_xlen_t int_index_build(int_index *ix, const int *ids, R_xlen_t n) {
  ix->table_ids = ids;
  int64_t low = INT64_MAX, high = INT64_MIN;
  for (R_xlen_t i = 0; i < n; i++) {
    if (ids[i] == NA_INTEGER) continue;
    if (ids[i] < low) low = ids[i];
    if (ids[i] > high) high = ids[i];
  }
  int has_na = 0;
  for (R_xlen_t i = 0; i < n && !has_na; i++) has_na = ids[i] == NA_INTEGER;
  ix->direct = !has_na && n > 0 && (double) (high - low) < 4.0 * n + 1024;
  if (ix->direct) {
    ix->low = (int) low;
    ix->span = (R_xlen_t) (high - low + 1);
    ix->position = (int *) R_alloc(ix->span, sizeof(int));
    memset(ix->position, 0, (size_t) ix->span * sizeof(int));
    R_xlen_t repeats = 0;
    for (R_xlen_t i = n - 1; i >= 0; i--) {    /* the first wins */
      int *at = ix->position + (ids[i] - low);
      repeats += *at != EMPTY;
      *at = (int) i + 1;
    }
    return repeats;
  }
  table_init(&ix->h, n);
  R_xlen_t repeats = 0;
  for (R_xlen_t i = 0; i < n; i++) {
    int found;
    PROBE(&ix->h, (uint64_t) (uint32_t) ids[i], INT_KEY, (int) i + 1, found);
    repeats += found != EMPTY;
  }
  return repeats;
}

/* Double ids and CHARSXP addresses: the hash table over 64-bit keys. */
typedef struct {
  const uint64_t *keys;
  hash_table h;
} key_index;

#define KEY_OF(i) (ix->keys[i])
static R_xlen_t key_index_build(key_index *ix, const uint64_t *keys,
                                R_xlen_t n) {
  ix->keys = keys;
  table_init(&ix->h, n);
  R_xlen_t repeats = 0;
  for (R_xlen_t i = 0; i < n; i++) {
    int found;
    PROBE(&ix->h, keys[i], KEY_OF, (int) i + 1, found);
    repeats += found != EMPTY;
  }
  return repeats;
}

static inline int key_lookup(const key_index *ix, uint64_t key) {
  int found;
  PROBE(&ix->h, key, KEY_OF, 0, found);
  return found;
}

/* The second look-up of character ids, by text: the cohort's non-ASCII
 * ids, translated once, in a hash table keyed on a hash of their bytes. */
typedef struct {
  const char **text;     /* by cohort position; NULL for ASCII ids */
  uint64_t *text_hash;
  hash_table h;
  int bytes;
} text_index;

static uint64_t text_hash(const char *s) {
  uint64_t h = 1469598103934665603ULL;       /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char) *s) * 1099511628211ULL;
  return h;
}

/* Whether a string is ASCII, from its bytes (R's own mark is not API). */
static int is_ascii(SEXP c) {
  for (const unsigned char *s = (const unsigned char *) CHAR(c); *s; s++)
    if (*s > 127) return 0;
  return 1;
}

static const char *id_text(SEXP c, int bytes) {
  return bytes ? CHAR(c) : Rf_translateCharUTF8(c);
}

static int text_lookup(const text_index *ix, const char *s, uint64_t hs) {
  size_t at = hash64(hs, ix->h.bits);
  for (;;) {
    int slot = ix->h.slot[at];
    if (slot == EMPTY) return EMPTY;
    if (ix->text_hash[slot - 1] == hs && strcmp(ix->text[slot - 1], s) == 0)
      return slot;
    at = (at + 1) & ix->h.mask;
  }
}

static void text_index_build(text_index *ix, SEXP table, R_xlen_t n,
                             int bytes) {
  ix->bytes = bytes;
  ix->text = (const char **) R_alloc(n > 0 ? n : 1, sizeof(char *));
  ix->text_hash = (uint64_t *) R_alloc(n > 0 ? n : 1, sizeof(uint64_t));
  table_init(&ix->h, n);
  for (R_xlen_t i = 0; i < n; i++) {
    SEXP c = STRING_ELT(table, i);
    ix->text[i] = NULL;
    if (c == NA_STRING || is_ascii(c)) continue;
    ix->text[i] = id_text(c, bytes);
    ix->text_hash[i] = text_hash(ix->text[i]);
    if (text_lookup(ix, ix->text[i], ix->text_hash[i]) != EMPTY) continue;
    size_t at = hash64(ix->text_hash[i], ix->h.bits);
    while (ix->h.slot[at] != EMPTY) at = (at + 1) & ix->h.mask;
    ix->h.slot[at] = (int) i + 1;
  }
}

static inline uint64_t address_key(SEXP c) {
  return (uint64_t) (uintptr_t) c;
}

SEXP C_id_match(SEXP x, SEXP table) {
  SEXPTYPE type = TYPEOF(x);
  if (type != INTSXP && type != REALSXP && type != STRSXP)
    Rf_error("`x` must be of type integer, double or character, not %s",
             Rf_type2char(type));
  check_type(table, type, "table");
  R_xlen_t m = XLENGTH(x), n = XLENGTH(table);
  /* Larger cohorts are joined by match() in R (R/idjoin.R). */
  if (n > MAX_GROUPS)
    Rf_error("`table` must have at most %d ids, not %.0f", MAX_GROUPS,
             (double) n);

  SEXP out = PROTECT(Rf_allocVector(INTSXP, m));
  int *res = INTEGER(out);
  R_xlen_t repeats = 0;
  /* An ALTREP x without its values in memory is read through the R API,
   * so by one thread (the team of one below runs on R's own thread). */
  int threads = data_or_null(x) == NULL ? 1 : pass_threads(m);
  R_xlen_t nblocks = (m + BLOCK_ROWS - 1) / BLOCK_ROWS;

  if (type == INTSXP) {
    /* An ALTREP table is copied region by region, never materialised. */
    const int *table_ids;
    if (ALTREP(table)) {
      int *copy = (int *) R_alloc(n > 0 ? n : 1, sizeof(int));
      for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
        R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
        INTEGER_GET_REGION(table, start, len, copy + start);
      }
      table_ids = copy;
    } else {
      table_ids = INTEGER_RO(table);
    }
    int_index ix;
    repeats = int_index_build(&ix, table_ids, n);
    const int *direct = (const int *) data_or_null(x);
    int *buf = threads == 1 ? (int *) R_alloc(BLOCK_ROWS, sizeof(int)) : NULL;
    OMP(omp parallel for num_threads(threads) schedule(static))
    for (R_xlen_t b = 0; b < nblocks; b++) {
      R_xlen_t start = b * BLOCK_ROWS;
      R_xlen_t len = m - start < BLOCK_ROWS ? m - start : BLOCK_ROWS;
      const int *id = direct ? direct + start :
        int_region(x, start, len, buf);
      for (R_xlen_t i = 0; i < len; i++) {
        int found = int_lookup(&ix, id[i]);
        res[start + i] = found == EMPTY ? NA_INTEGER : found;
      }
    }
  } else if (type == REALSXP) {
    uint64_t *keys = (uint64_t *) R_alloc(n > 0 ? n : 1, sizeof(uint64_t));
    double buf_t[BLOCK_ROWS];
    for (R_xlen_t start = 0; start < n; start += BLOCK_ROWS) {
      R_xlen_t len = n - start < BLOCK_ROWS ? n - start : BLOCK_ROWS;
      const double *tab = real_region(table, start, len, buf_t);
      for (R_xlen_t i = 0; i < len; i++)
        keys[start + i] = double_key(tab[i]);
    }
    /* Whole-number ids that fit an int (ids read from text files are
     * often doubles) are joined as integers: by direct indexing when
     * dense. */
    int whole = 1;
    for (R_xlen_t i = 0; i < n && whole; i++) {
      double v;
      memcpy(&v, keys + i, sizeof(v));
      whole = v == v && fabs(v) < 2147483647.0 && v == (double) (int) v;
    }
    int_index iix;
    key_index ix;
    if (whole) {
      int *ids = (int *) R_alloc(n > 0 ? n : 1, sizeof(int));
      for (R_xlen_t i = 0; i < n; i++) {
        double v;
        memcpy(&v, keys + i, sizeof(v));
        ids[i] = (int) v;
      }
      repeats = int_index_build(&iix, ids, n);
    } else {
      repeats = key_index_build(&ix, keys, n);
    }
    const double *direct = (const double *) data_or_null(x);
    double *buf = threads == 1 ?
      (double *) R_alloc(BLOCK_ROWS, sizeof(double)) : NULL;
    OMP(omp parallel for num_threads(threads) schedule(static))
    for (R_xlen_t b = 0; b < nblocks; b++) {
      R_xlen_t start = b * BLOCK_ROWS;
      R_xlen_t len = m - start < BLOCK_ROWS ? m - start : BLOCK_ROWS;
      const double *id = direct ? direct + start :
        real_region(x, start, len, buf);
      for (R_xlen_t i = 0; i < len; i++) {
        double v = id[i];
        int found = !whole ? key_lookup(&ix, double_key(v)) :
          fabs(v) < 2147483647.0 && v == (double) (int) v ?
          int_lookup(&iix, (int) v) : EMPTY;
        res[start + i] = found == EMPTY ? NA_INTEGER : found;
      }
    }
  } else {
    uint64_t *keys = (uint64_t *) R_alloc(n > 0 ? n : 1, sizeof(uint64_t));
    int table_foreign = 0, bytes = 0;
    for (R_xlen_t i = 0; i < n; i++) {
      SEXP c = STRING_ELT(table, i);
      keys[i] = address_key(c);
      if (c != NA_STRING && !is_ascii(c)) {
        table_foreign = 1;
        bytes |= (Rf_getCharCE(c) == CE_BYTES);
      }
    }
    key_index ix;
    repeats = key_index_build(&ix, keys, n);
    if (threads > 1) {
      const SEXP *id = STRING_PTR_RO(x);
      OMP(omp parallel for num_threads(threads) schedule(static))
      for (R_xlen_t b = 0; b < nblocks; b++) {
        R_xlen_t start = b * BLOCK_ROWS;
        R_xlen_t len = m - start < BLOCK_ROWS ? m - start : BLOCK_ROWS;
        for (R_xlen_t i = start; i < start + len; i++) {
          int found = key_lookup(&ix, address_key(id[i]));
          res[i] = found == EMPTY ? NA_INTEGER : found;
        }
      }
    } else {
      for (R_xlen_t i = 0; i < m; i++) {
        int found = key_lookup(&ix, address_key(STRING_ELT(x, i)));
        res[i] = found == EMPTY ? NA_INTEGER : found;
      }
    }
    /* Non-ASCII ids that missed, by their text, when the cohort has
     * non-ASCII ids too. */
    if (table_foreign) {
      for (R_xlen_t i = 0; i < m && !bytes; i++) {
        SEXP c = STRING_ELT(x, i);
        bytes |= c != NA_STRING && (Rf_getCharCE(c) == CE_BYTES);
      }
      text_index tx;
      text_index_build(&tx, table, n, bytes);
      for (R_xlen_t i = 0; i < m; i++) {
        if (res[i] != NA_INTEGER) continue;
        SEXP c = STRING_ELT(x, i);
        if (c == NA_STRING || is_ascii(c)) continue;
        const void *vmax = vmaxget();
        const char *s = id_text(c, bytes);
        int found = text_lookup(&tx, s, text_hash(s));
        vmaxset(vmax);
        if (found != EMPTY) res[i] = found;
      }
    }
  }
  /* How many ids of table repeat an earlier one, found while building the
   * index: proven_reoffending() refuses a cohort with any, without a second
   * pass over it. Character ids are compared here as CHARSXPs. */
  SEXP count = PROTECT(Rf_ScalarReal((double) repeats));
  Rf_setAttrib(out, Rf_install("repeats"), count);
  UNPROTECT(2); /* out, count */
  return out;
}
