/* The floor for write_report(): a bare C program writing the same cells with
 * the same number formats through libxlsxwriter, with nothing else (no R, no
 * checks, no cover or contents sheet, no Excel table object). Built and run
 * by bench/write_report.R; not part of the package.
 *
 *   gcc -O2 bench/bare_xlsx.c -o bare_xlsx $(pkg-config --cflags --libs xlsxwriter)
 *   bare_xlsx DATA_DIR OUT.xlsx cm|std
 *
 * DATA_DIR holds columns.tsv (one line per column: name TAB kind, kind one of
 * count, percent, date, text) and, per column k (1-based, two digits), the
 * values: col_KK.i32 (count: int32), col_KK.f64 (percent: double; date: days
 * since 1970-01-01 as double, turned into Excel serials by adding 25569 as
 * write_report() does) or col_KK.txt (text: one value per line, UTF-8, no
 * NA). The layout matches write_report()'s table sheet: a title in A1, one
 * line of text in A2, the bold header in row 3, the data from row 4, the same
 * column widths role by role; counts "#,##0", percentages "0.0%", dates
 * "d mmm yyyy", all three right-aligned; text in the default format.
 *
 * Mode "cm" is libxlsxwriter's constant_memory mode (what write_report()
 * uses for workbooks of more than a million cells), "std" the standard mode.
 * Prints one line of key=value pairs: the time to read the input (read_s),
 * to write the cells (cells_s), to close (which assembles and zips the
 * package, close_s), write_s = cells_s + close_s (the time compared with the
 * R contenders), VmRSS after reading the input (rss_after_read_kb) and the
 * libxlsxwriter version of the headers it was built with (lxw). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <xlsxwriter.h>

#define MAX_COLS 64

enum kind { COUNT, PERCENT, DATE, TEXT };

typedef struct {
  char name[256];
  enum kind kind;
  int32_t *i32;
  double *f64;
  char **text;
  char *text_buf;
} column;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *detail) {
  fprintf(stderr, "bare_xlsx: %s%s%s\n", what, detail ? ": " : "",
          detail ? detail : "");
  exit(1);
}

static void *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) die("cannot open", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t) n + 1);
  if (!buf) die("out of memory reading", path);
  if (n > 0 && fread(buf, 1, (size_t) n, f) != (size_t) n)
    die("short read", path);
  buf[n] = '\0';
  fclose(f);
  *size = (size_t) n;
  return buf;
}

static long vm_rss_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "VmRSS:", 6) == 0) {
      kb = strtol(line + 6, NULL, 10);
      break;
    }
  }
  fclose(f);
  return kb;
}

int main(int argc, char **argv) {
  if (argc != 4 || (strcmp(argv[3], "cm") && strcmp(argv[3], "std")))
    die("usage: bare_xlsx DATA_DIR OUT.xlsx cm|std", NULL);
  const char *dir = argv[1], *out = argv[2];
  int constant_memory = strcmp(argv[3], "cm") == 0;
  char path[4096];

  /* ---- Read the input (not part of write_s) ---- */
  double t0 = now();
  snprintf(path, sizeof path, "%s/columns.tsv", dir);
  size_t size;
  char *manifest = read_file(path, &size);
  column cols[MAX_COLS];
  int ncol = 0;
  long nrow = -1;
  for (char *line = strtok(manifest, "\n"); line; line = strtok(NULL, "\n")) {
    if (ncol == MAX_COLS) die("too many columns", NULL);
    char *tab = strchr(line, '\t');
    if (!tab) die("bad columns.tsv line", line);
    *tab = '\0';
    column *c = &cols[ncol];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", line);
    const char *kind = tab + 1;
    if (!strcmp(kind, "count")) c->kind = COUNT;
    else if (!strcmp(kind, "percent")) c->kind = PERCENT;
    else if (!strcmp(kind, "date")) c->kind = DATE;
    else if (!strcmp(kind, "text")) c->kind = TEXT;
    else die("unknown kind", kind);
    ncol++;
  }
  for (int k = 0; k < ncol; k++) {
    column *c = &cols[k];
    long n;
    if (c->kind == COUNT) {
      snprintf(path, sizeof path, "%s/col_%02d.i32", dir, k + 1);
      c->i32 = read_file(path, &size);
      n = (long) (size / sizeof(int32_t));
    } else if (c->kind == TEXT) {
      snprintf(path, sizeof path, "%s/col_%02d.txt", dir, k + 1);
      c->text_buf = read_file(path, &size);
      n = 0;
      for (size_t i = 0; i < size; i++) n += c->text_buf[i] == '\n';
      c->text = malloc(sizeof(char *) * (size_t) (n + 1));
      char *p = c->text_buf;
      for (long i = 0; i < n; i++) {
        char *nl = strchr(p, '\n');
        *nl = '\0';
        c->text[i] = p;
        p = nl + 1;
      }
    } else {
      snprintf(path, sizeof path, "%s/col_%02d.f64", dir, k + 1);
      c->f64 = read_file(path, &size);
      n = (long) (size / sizeof(double));
      if (c->kind == DATE)
        for (long i = 0; i < n; i++) c->f64[i] += 25569;
    }
    if (nrow < 0) nrow = n;
    if (n != nrow) die("columns of different lengths", c->name);
  }
  double t1 = now();
  long rss_after_read = vm_rss_kb();

  /* ---- Write ---- */
  lxw_workbook_options options;
  memset(&options, 0, sizeof options);
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  options.use_zip64 = LXW_TRUE;
  lxw_workbook *wb = workbook_new_opt(out, &options);
  if (!wb) die("cannot start workbook", out);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Table_1");

  lxw_format *f_title = workbook_add_format(wb);
  format_set_bold(f_title);
  format_set_font_size(f_title, 16);
  lxw_format *f_header = workbook_add_format(wb);
  format_set_bold(f_header);
  format_set_text_wrap(f_header);
  format_set_bottom(f_header, LXW_BORDER_THIN);
  lxw_format *f_header_right = workbook_add_format(wb);
  format_set_bold(f_header_right);
  format_set_text_wrap(f_header_right);
  format_set_bottom(f_header_right, LXW_BORDER_THIN);
  format_set_align(f_header_right, LXW_ALIGN_RIGHT);
  const char *codes[] = {"#,##0", "0.0%", "d mmm yyyy"};
  lxw_format *f_num[3];
  for (int k = 0; k < 3; k++) {
    f_num[k] = workbook_add_format(wb);
    format_set_num_format(f_num[k], codes[k]);
    format_set_align(f_num[k], LXW_ALIGN_RIGHT);
  }
  lxw_format *cell_format[MAX_COLS];
  for (int k = 0; k < ncol; k++) {
    cell_format[k] = cols[k].kind == TEXT ? NULL : f_num[cols[k].kind];
    double width = cols[k].kind == DATE ? 14 : cols[k].kind == TEXT ? 24 : 10;
    worksheet_set_column(ws, (lxw_col_t) k, (lxw_col_t) k, width, NULL);
  }

  lxw_error err = worksheet_write_string(ws, 0, 0, "Bare libxlsxwriter floor",
                                         f_title);
  if (!err) err = worksheet_write_string(ws, 1, 0,
                                         "This worksheet contains one table.",
                                         NULL);
  for (int k = 0; k < ncol && !err; k++)
    err = worksheet_write_string(ws, 2, (lxw_col_t) k, cols[k].name,
                                 cols[k].kind == TEXT ? f_header
                                                      : f_header_right);
  for (long i = 0; i < nrow && !err; i++) {
    lxw_row_t row = (lxw_row_t) (3 + i);
    for (int k = 0; k < ncol && !err; k++) {
      column *c = &cols[k];
      switch (c->kind) {
      case COUNT:
        err = worksheet_write_number(ws, row, (lxw_col_t) k,
                                     (double) c->i32[i], cell_format[k]);
        break;
      case PERCENT:
      case DATE:
        err = worksheet_write_number(ws, row, (lxw_col_t) k, c->f64[i],
                                     cell_format[k]);
        break;
      case TEXT:
        err = worksheet_write_string(ws, row, (lxw_col_t) k, c->text[i],
                                     cell_format[k]);
        break;
      }
    }
  }
  if (err) die("writing a cell failed", lxw_strerror(err));
  double t2 = now();
  err = workbook_close(wb);
  if (err) die("closing the workbook failed", lxw_strerror(err));
  double t3 = now();

  printf("read_s=%.4f cells_s=%.4f close_s=%.4f write_s=%.4f "
         "rss_after_read_kb=%ld rows=%ld cols=%d lxw=%s\n",
         t1 - t0, t2 - t1, t3 - t2, t3 - t1, rss_after_read, nrow, ncol,
         LXW_VERSION);
  return 0;
}
