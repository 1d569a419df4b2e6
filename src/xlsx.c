/* The Excel writer behind write_report(): one workbook of sheets laid out by
 * R (R/excel.R decides every cell's place, text and format), written through
 * libxlsxwriter's public API, built in memory with an Excel table object
 * per table (O(cells) memory in libxlsxwriter, about 100 bytes a cell) or,
 * when R asks for streaming, in constant-memory mode, rows streamed to disk
 * and no table objects (O(columns) memory beyond its row buffer).
 * O(cells) time either way.
 *
 * Every field C reads is checked before the workbook exists. The file at
 * `path` is then created, and the writing runs under R_UnwindProtect(),
 * whose cleanup closes the workbook however the writing ended (an R error
 * included) and removes the file when it failed; errors are raised only
 * after that. */
#include "reoffending.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#define MAX_FORMATS 4096
/* Excel's limits: series in one chart, and a column's width. */
#define MAX_SERIES 255
#define MAX_WIDTH 255

/* Element `name` of list `x`, or R_NilValue. */
static SEXP list_get(SEXP x, const char *name) {
  SEXP names = Rf_getAttrib(x, R_NamesSymbol);
  if (TYPEOF(names) != STRSXP) return R_NilValue;
  for (R_xlen_t k = 0; k < XLENGTH(x); k++) {
    if (strcmp(CHAR(STRING_ELT(names, k)), name) == 0)
      return VECTOR_ELT(x, k);
  }
  return R_NilValue;
}

static const char *string_or_null(SEXP x) {
  if (TYPEOF(x) != STRSXP || XLENGTH(x) < 1 || STRING_ELT(x, 0) == NA_STRING)
    return NULL;
  return CHAR(STRING_ELT(x, 0));
}

/* ---- Checks, all done before the workbook exists ------------------------ */

/* 1 if `s` is UTF-8 that XML 1.0 can hold: no byte sequence outside UTF-8
 * (overlong forms, surrogates and code points above U+10FFFF included), no
 * C0 control but tab, newline and carriage return, no U+FFFE or U+FFFF.
 * libxlsxwriter writes what it is given, so such text would make a part of
 * the workbook that does not parse. R/xml_text.R refuses or escapes all of
 * it first, naming where it is; this is the backstop for a direct .Call.
 * O(bytes). */
static int xml_text_ok(const char *s) {
  const unsigned char *p = (const unsigned char *) s;
  while (*p) {
    unsigned int c = *p;
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 0;
      p++;
      continue;
    }
    int len;
    uint32_t cp, least;
    if ((c & 0xE0) == 0xC0) {
      len = 2; cp = c & 0x1F; least = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3; cp = c & 0x0F; least = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4; cp = c & 0x07; least = 0x10000;
    } else {
      return 0;
    }
    /* A continuation byte is never 0, so the terminator stops this loop. */
    for (int k = 1; k < len; k++) {
      if ((p[k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (p[k] & 0x3F);
    }
    if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
        cp == 0xFFFE || cp == 0xFFFF)
      return 0;
    p += len;
  }
  return 1;
}

/* Every string of character vector `x` (NA skipped) passes xml_text_ok();
 * `sheet` 0 is the workbook's own text (properties, number formats). */
static void check_xml_text(SEXP x, const char *what, int sheet) {
  for (R_xlen_t k = 0; k < XLENGTH(x); k++) {
    SEXP value = STRING_ELT(x, k);
    if (value == NA_STRING || xml_text_ok(CHAR(value))) continue;
    if (sheet > 0)
      Rf_error("sheet %d: %s[%.0f] is not UTF-8 text that XML can hold "
               "(invalid bytes, or a control character, U+FFFE or U+FFFF)",
               sheet, what, (double) k + 1);
    Rf_error("%s[%.0f] is not UTF-8 text that XML can hold (invalid bytes, "
             "or a control character, U+FFFE or U+FFFF)", what,
             (double) k + 1);
  }
}

static void check_formats(SEXP formats) {
  check_type(formats, VECSXP, "formats");
  const char *fields[] = {"num_format", "bold", "font_color", "bg_color",
                          "font_size", "text_wrap", "underline", "border",
                          "align_right"};
  SEXPTYPE types[] = {STRSXP, LGLSXP, INTSXP, INTSXP, REALSXP, LGLSXP,
                      LGLSXP, LGLSXP, LGLSXP};
  SEXP first = list_get(formats, "num_format");
  if (Rf_isNull(first))
    Rf_error("`formats` must have a `num_format` element");
  R_xlen_t n = XLENGTH(first);
  if (n > MAX_FORMATS)
    Rf_error("`formats` may define at most %d formats", MAX_FORMATS);
  for (int k = 0; k < 9; k++) {
    SEXP field = list_get(formats, fields[k]);
    if (TYPEOF(field) != types[k] || XLENGTH(field) != n)
      Rf_error("`formats$%s` must be a %s vector of length %.0f", fields[k],
               Rf_type2char(types[k]), (double) n);
  }
}

static void check_format_index(SEXP x, R_xlen_t n_formats, const char *what,
                               int sheet) {
  const int *idx = INTEGER_RO(x);
  for (R_xlen_t k = 0; k < XLENGTH(x); k++) {
    if (idx[k] != NA_INTEGER && (idx[k] < 0 || idx[k] >= n_formats))
      Rf_error("sheet %d: %s holds format %d, outside 0..%.0f", sheet,
               what, idx[k], (double) n_formats - 1);
  }
}

/* An optional string: NULL, or a character vector of length 1 (NA counts
 * as absent, as string_or_null() reads it). */
static void check_optional_string(SEXP x, const char *what, int sheet) {
  if (!Rf_isNull(x) && (TYPEOF(x) != STRSXP || XLENGTH(x) != 1))
    Rf_error("sheet %d: %s must be NULL or a string", sheet, what);
  if (!Rf_isNull(x)) check_xml_text(x, what, sheet);
}

/* A character vector of `n` strings, none NA. */
static void check_strings(SEXP x, R_xlen_t n, const char *what, int sheet) {
  if (TYPEOF(x) != STRSXP || XLENGTH(x) != n)
    Rf_error("sheet %d: %s must be a character vector of length %.0f", sheet,
             what, (double) n);
  for (R_xlen_t k = 0; k < n; k++) {
    if (STRING_ELT(x, k) == NA_STRING)
      Rf_error("sheet %d: %s must not hold NA", sheet, what);
  }
  check_xml_text(x, what, sheet);
}

/* An optional field of a chart: NULL, or a vector of `type` and length
 * `n` with no NA. */
static void check_optional_vector(SEXP x, SEXPTYPE type, R_xlen_t n,
                                  const char *what, int s) {
  if (Rf_isNull(x)) return;
  if (TYPEOF(x) != type || XLENGTH(x) != n)
    Rf_error("sheet %d: %s must be NULL or a %s vector of length %.0f", s,
             what, Rf_type2char(type), (double) n);
  for (R_xlen_t k = 0; k < n; k++) {
    if ((type == INTSXP && INTEGER_ELT(x, k) == NA_INTEGER) ||
        (type == LGLSXP && LOGICAL_ELT(x, k) == NA_LOGICAL) ||
        (type == REALSXP && !R_FINITE(REAL_ELT(x, k))))
      Rf_error("sheet %d: %s must not hold NA or infinite values", s, what);
  }
}

static void check_chart(SEXP chart, int s) {
  if (TYPEOF(chart) != VECSXP)
    Rf_error("sheet %d: `chart` must be NULL or a list", s);
  const char *type = string_or_null(list_get(chart, "type"));
  if (type == NULL || (strcmp(type, "bar") != 0 &&
                       strcmp(type, "column") != 0 &&
                       strcmp(type, "line") != 0 &&
                       strcmp(type, "scatter") != 0))
    Rf_error("sheet %d: `chart$type` must be \"bar\", \"column\", \"line\" "
             "or \"scatter\"", s);
  SEXP values = list_get(chart, "values");
  if (TYPEOF(values) != STRSXP || XLENGTH(values) < 1 ||
      XLENGTH(values) > MAX_SERIES)
    Rf_error("sheet %d: `chart$values` must be a character vector of 1 to "
             "%d ranges", s, MAX_SERIES);
  R_xlen_t n = XLENGTH(values);
  check_strings(values, n, "`chart$values`", s);
  check_strings(list_get(chart, "series_names"), n,
                "`chart$series_names`", s);
  const char *optional[] = {"categories", "title", "x_title", "y_title",
                            "num_format", "alt_text"};
  char what[32];
  for (int k = 0; k < 6; k++) {
    snprintf(what, sizeof what, "`chart$%s`", optional[k]);
    check_optional_string(list_get(chart, optional[k]), what, s);
  }
  SEXP colours = list_get(chart, "colours");
  check_optional_vector(colours, INTSXP, n, "`chart$colours`", s);
  for (R_xlen_t k = 0; !Rf_isNull(colours) && k < n; k++) {
    int colour = INTEGER_ELT(colours, k);
    if (colour < 0 || colour > 0xFFFFFF)
      Rf_error("sheet %d: `chart$colours` must be RGB values in 0..0xFFFFFF",
               s);
  }
  check_optional_vector(list_get(chart, "as_lines"), LGLSXP, n,
                        "`chart$as_lines`", s);
  check_optional_vector(list_get(chart, "value_min"), REALSXP, 1,
                        "`chart$value_min`", s);
  check_optional_vector(list_get(chart, "value_max"), REALSXP, 1,
                        "`chart$value_max`", s);
  SEXP value_min = list_get(chart, "value_min");
  SEXP value_max = list_get(chart, "value_max");
  if (!Rf_isNull(value_min) && !Rf_isNull(value_max) &&
      !(REAL_ELT(value_min, 0) < REAL_ELT(value_max, 0)))
    Rf_error("sheet %d: `chart$value_min` must be below `chart$value_max`",
             s);
  check_optional_vector(list_get(chart, "reverse_categories"), LGLSXP, 1,
                        "`chart$reverse_categories`", s);
}

static void check_sheet(SEXP sheet, int s, R_xlen_t n_formats) {
  if (TYPEOF(sheet) != VECSXP)
    Rf_error("`sheets[[%d]]` must be a list", s);
  /* libxlsxwriter checks the name's characters and length, and reads its
   * last byte, so an empty name would be read out of bounds. */
  SEXP name = list_get(sheet, "name");
  if (TYPEOF(name) != STRSXP || XLENGTH(name) != 1 ||
      STRING_ELT(name, 0) == NA_STRING || CHAR(STRING_ELT(name, 0))[0] == 0)
    Rf_error("sheet %d: `name` must be a non-empty string", s);
  check_xml_text(name, "`name`", s);
  SEXP pre = list_get(sheet, "pre"), pre_format = list_get(sheet, "pre_format");
  if (TYPEOF(pre) != STRSXP || TYPEOF(pre_format) != INTSXP ||
      XLENGTH(pre) != XLENGTH(pre_format))
    Rf_error("sheet %d: `pre` and `pre_format` must be character and "
             "integer vectors of one length", s);
  if (XLENGTH(pre) >= LXW_ROW_MAX)
    Rf_error("sheet %d: %.0f lines above the table do not fit in a sheet", s,
             (double) XLENGTH(pre));
  check_format_index(pre_format, n_formats, "`pre_format`", s);
  check_xml_text(pre, "`pre`", s);
  SEXP chart = list_get(sheet, "chart");
  if (!Rf_isNull(chart)) check_chart(chart, s);

  SEXP columns = list_get(sheet, "columns");
  if (Rf_isNull(columns)) return;             /* a sheet of text only */
  check_type(columns, VECSXP, "columns");
  R_xlen_t ncol = XLENGTH(columns);
  if (ncol < 1 || ncol > LXW_COL_MAX)
    Rf_error("sheet %d: between 1 and %d columns are allowed", s,
             LXW_COL_MAX);
  R_xlen_t nrow = XLENGTH(VECTOR_ELT(columns, 0));
  if ((double) XLENGTH(pre) + 1 + (double) nrow > LXW_ROW_MAX)
    Rf_error("sheet %d: %.0f rows do not fit in a sheet", s,
             (double) XLENGTH(pre) + 1 + (double) nrow);
  const char *fields[] = {"header", "formats", "na_text", "bold_formats",
                          "widths", "header_formats"};
  SEXPTYPE types[] = {STRSXP, VECSXP, VECSXP, INTSXP, REALSXP, INTSXP};
  for (int k = 0; k < 6; k++) {
    SEXP field = list_get(sheet, fields[k]);
    if (TYPEOF(field) != types[k] || XLENGTH(field) != ncol)
      Rf_error("sheet %d: `%s` must be a %s vector with one element per "
               "column", s, fields[k], Rf_type2char(types[k]));
  }
  SEXP header = list_get(sheet, "header");
  SEXP formats = list_get(sheet, "formats"), na_text = list_get(sheet,
                                                                "na_text");
  const double *widths = REAL_RO(list_get(sheet, "widths"));
  for (R_xlen_t c = 0; c < ncol; c++) {
    SEXP col = VECTOR_ELT(columns, c);
    if (TYPEOF(col) != REALSXP && TYPEOF(col) != STRSXP)
      Rf_error("sheet %d: column %d must be double or character", s,
               (int) c + 1);
    if (XLENGTH(col) != nrow)
      Rf_error("sheet %d: column %d must have %.0f rows", s, (int) c + 1,
               (double) nrow);
    if (STRING_ELT(header, c) == NA_STRING)
      Rf_error("sheet %d: header %d must not be NA", s, (int) c + 1);
    if (TYPEOF(col) == STRSXP) check_xml_text(col, "a text column", s);
    if (!(widths[c] >= 0 && widths[c] <= MAX_WIDTH))
      Rf_error("sheet %d: `widths[%d]` must be between 0 and %d", s,
               (int) c + 1, MAX_WIDTH);
    SEXP fmt = VECTOR_ELT(formats, c), na = VECTOR_ELT(na_text, c);
    if (TYPEOF(fmt) != INTSXP || (XLENGTH(fmt) != 1 && XLENGTH(fmt) != nrow))
      Rf_error("sheet %d: `formats[[%d]]` must be integer, length 1 or "
               "the number of rows", s, (int) c + 1);
    check_format_index(fmt, n_formats, "`formats`", s);
    if (TYPEOF(na) != STRSXP || (XLENGTH(na) != 1 && XLENGTH(na) != nrow))
      Rf_error("sheet %d: `na_text[[%d]]` must be character, length 1 or "
               "the number of rows", s, (int) c + 1);
    check_xml_text(na, "`na_text`", s);
  }
  check_xml_text(header, "`header`", s);
  check_format_index(list_get(sheet, "bold_formats"), n_formats,
                     "`bold_formats`", s);
  check_format_index(list_get(sheet, "header_formats"), n_formats,
                     "`header_formats`", s);
  /* Increasing row indices are at most one per row: the length is checked
   * first, so that a long ALTREP sequence is refused without being
   * expanded, and the values are read without materialising it. */
  SEXP bold_rows = list_get(sheet, "bold_rows");
  if (TYPEOF(bold_rows) != INTSXP || XLENGTH(bold_rows) > nrow)
    Rf_error("sheet %d: `bold_rows` must be an integer vector of at most "
             "%.0f row indices", s, (double) nrow);
  R_xlen_t n_bold = XLENGTH(bold_rows);
  int *buf = ALTREP(bold_rows) ? (int *) R_alloc(n_bold + 1, sizeof(int))
                              : NULL;
  const int *b = int_region(bold_rows, 0, n_bold, buf);
  for (R_xlen_t k = 0; k < n_bold; k++) {
    if (b[k] < 0 || b[k] >= nrow || (k > 0 && b[k] <= b[k - 1]))
      Rf_error("sheet %d: `bold_rows` must be increasing row indices in "
               "0..%.0f", s, (double) nrow - 1);
  }
  SEXP link = list_get(sheet, "link_column");
  if (check_scalar_int(link, "link_column") >= ncol)
    Rf_error("sheet %d: `link_column` is outside the table", s);
  check_optional_string(list_get(sheet, "table_name"), "`table_name`", s);
}

/* ---- Writing ------------------------------------------------------------ */

static lxw_format **make_formats(lxw_workbook *wb, SEXP formats) {
  SEXP num_format = list_get(formats, "num_format");
  R_xlen_t n = XLENGTH(num_format);
  lxw_format **out = (lxw_format **) R_alloc(n + 1, sizeof(lxw_format *));
  const int *bold = LOGICAL_RO(list_get(formats, "bold"));
  const int *font_color = INTEGER_RO(list_get(formats, "font_color"));
  const int *bg_color = INTEGER_RO(list_get(formats, "bg_color"));
  const double *font_size = REAL_RO(list_get(formats, "font_size"));
  const int *wrap = LOGICAL_RO(list_get(formats, "text_wrap"));
  const int *underline = LOGICAL_RO(list_get(formats, "underline"));
  const int *border = LOGICAL_RO(list_get(formats, "border"));
  const int *align_right = LOGICAL_RO(list_get(formats, "align_right"));
  for (R_xlen_t k = 0; k < n; k++) {
    const char *code = CHAR(STRING_ELT(num_format, k));
    /* A format that sets nothing is the default: NULL, so that libxlsxwriter
     * does not look the same empty format up again for every cell. */
    if (code[0] == '\0' && bold[k] != TRUE && font_color[k] == NA_INTEGER &&
        bg_color[k] == NA_INTEGER && ISNAN(font_size[k]) && wrap[k] != TRUE &&
        underline[k] != TRUE && border[k] != TRUE && align_right[k] != TRUE) {
      out[k] = NULL;
      continue;
    }
    lxw_format *f = workbook_add_format(wb);
    if (code[0] != '\0') format_set_num_format(f, code);
    if (bold[k] == TRUE) format_set_bold(f);
    if (font_color[k] != NA_INTEGER) format_set_font_color(f, font_color[k]);
    if (bg_color[k] != NA_INTEGER) {
      format_set_pattern(f, LXW_PATTERN_SOLID);
      format_set_bg_color(f, bg_color[k]);
    }
    if (!ISNAN(font_size[k])) format_set_font_size(f, font_size[k]);
    if (wrap[k] == TRUE) format_set_text_wrap(f);
    if (underline[k] == TRUE) format_set_underline(f, LXW_UNDERLINE_SINGLE);
    if (border[k] == TRUE) format_set_bottom(f, LXW_BORDER_THIN);
    if (align_right[k] == TRUE) format_set_align(f, LXW_ALIGN_RIGHT);
    out[k] = f;
  }
  return out;
}

static lxw_format *format_at(lxw_format **formats, int index) {
  return index == NA_INTEGER ? NULL : formats[index];
}

/* An Excel table object over the header row and the data. libxlsxwriter
 * adds one only to a workbook built in memory (worksheet_add_table()
 * refuses in constant-memory mode), so a streamed workbook has none; R
 * decides which mode a workbook needs and says so on its sheets. The
 * header cells are written again by write_sheet(), with their formats. */
static lxw_error add_table(lxw_worksheet *ws, SEXP sheet, lxw_row_t first,
                           lxw_row_t last, lxw_col_t ncol) {
  SEXP header = list_get(sheet, "header");
  lxw_table_column *columns = (lxw_table_column *)
    R_alloc(ncol, sizeof(lxw_table_column));
  lxw_table_column **column_ptrs = (lxw_table_column **)
    R_alloc(ncol + 1, sizeof(lxw_table_column *));
  for (lxw_col_t c = 0; c < ncol; c++) {
    memset(&columns[c], 0, sizeof(lxw_table_column));
    columns[c].header = (char *) CHAR(STRING_ELT(header, c));
    column_ptrs[c] = &columns[c];
  }
  column_ptrs[ncol] = NULL;
  lxw_table_options options;
  memset(&options, 0, sizeof(options));
  options.name = (char *) string_or_null(list_get(sheet, "table_name"));
  options.no_autofilter = LXW_TRUE;
  options.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
  options.style_type_number = 1;
  options.columns = column_ptrs;
  return worksheet_add_table(ws, first, 0, last, ncol - 1, &options);
}

/* Dash types and marker shapes by series, so that series differ in grey
 * scale too, not by colour alone. */
static const uint8_t dashes[] = {
  LXW_CHART_LINE_DASH_SOLID, LXW_CHART_LINE_DASH_DASH,
  LXW_CHART_LINE_DASH_ROUND_DOT, LXW_CHART_LINE_DASH_LONG_DASH,
  LXW_CHART_LINE_DASH_DASH_DOT, LXW_CHART_LINE_DASH_LONG_DASH_DOT};
static const uint8_t markers[] = {
  LXW_CHART_MARKER_CIRCLE, LXW_CHART_MARKER_SQUARE, LXW_CHART_MARKER_DIAMOND,
  LXW_CHART_MARKER_TRIANGLE, LXW_CHART_MARKER_X, LXW_CHART_MARKER_PLUS};

/* A series' look: a bar or column is filled with its colour; a line (in a
 * line chart, or a line of a scatter chart) is drawn in it with its own
 * dash type; a scatter chart's points are markers in it, with no line. */
static void style_series(lxw_chart_series *series, const char *type,
                         int colour, int as_line, R_xlen_t k,
                         R_xlen_t line_index) {
  lxw_chart_line line;
  lxw_chart_fill fill;
  memset(&line, 0, sizeof(line));
  memset(&fill, 0, sizeof(fill));
  int scatter = strcmp(type, "scatter") == 0;
  if (strcmp(type, "bar") == 0 || strcmp(type, "column") == 0) {
    if (colour < 0) return;
    fill.color = (lxw_color_t) colour;
    chart_series_set_fill(series, &fill);
    return;
  }
  if (scatter && !as_line) {
    line.none = LXW_TRUE;
    chart_series_set_line(series, &line);
    chart_series_set_marker_type(series, markers[k % 6]);
    chart_series_set_marker_size(series, 7);
    if (colour >= 0) {
      fill.color = (lxw_color_t) colour;
      chart_series_set_marker_fill(series, &fill);
      line.none = LXW_FALSE;
      line.color = (lxw_color_t) colour;
      chart_series_set_marker_line(series, &line);
    }
    return;
  }
  if (colour >= 0) line.color = (lxw_color_t) colour;
  line.width = 2.25;
  line.dash_type = dashes[line_index % 6];
  chart_series_set_line(series, &line);
  if (scatter) {
    chart_series_set_marker_type(series, LXW_CHART_MARKER_NONE);
  } else {
    chart_series_set_marker_type(series, markers[k % 6]);
    if (colour >= 0) {
      fill.color = (lxw_color_t) colour;
      chart_series_set_marker_fill(series, &fill);
      line.dash_type = LXW_CHART_LINE_DASH_SOLID;
      line.width = 0.75;
      chart_series_set_marker_line(series, &line);
    }
  }
}

static lxw_error write_chart(lxw_workbook *wb, lxw_worksheet *ws,
                             SEXP chart, lxw_row_t row) {
  const char *type = string_or_null(list_get(chart, "type"));
  uint8_t chart_type = LXW_CHART_BAR;
  if (strcmp(type, "column") == 0) chart_type = LXW_CHART_COLUMN;
  if (strcmp(type, "line") == 0) chart_type = LXW_CHART_LINE;
  if (strcmp(type, "scatter") == 0) chart_type = LXW_CHART_SCATTER_STRAIGHT;
  lxw_chart *ch = workbook_add_chart(wb, chart_type);
  if (ch == NULL) return LXW_ERROR_MEMORY_MALLOC_FAILED;
  const char *categories = string_or_null(list_get(chart, "categories"));
  SEXP values = list_get(chart, "values");
  SEXP series_names = list_get(chart, "series_names");
  SEXP colours = list_get(chart, "colours");
  SEXP as_lines = list_get(chart, "as_lines");
  R_xlen_t lines_so_far = 0;
  for (R_xlen_t k = 0; k < XLENGTH(values); k++) {
    lxw_chart_series *series = chart_add_series(
      ch, categories, CHAR(STRING_ELT(values, k)));
    if (series == NULL) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    chart_series_set_name(series, CHAR(STRING_ELT(series_names, k)));
    int as_line = Rf_isNull(as_lines) ? chart_type == LXW_CHART_LINE :
      LOGICAL_ELT(as_lines, k) == TRUE;
    style_series(series, type,
                 Rf_isNull(colours) ? -1 : INTEGER_ELT(colours, k), as_line,
                 k, as_line ? lines_so_far++ : 0);
  }
  const char *title = string_or_null(list_get(chart, "title"));
  if (title) chart_title_set_name(ch, title);
  /* The x axis is the categories (a scatter chart's x values), but in a
   * bar chart libxlsxwriter's y axis is: the categories run up it. */
  lxw_chart_axis *category_axis = ch->x_axis, *value_axis = ch->y_axis;
  if (chart_type == LXW_CHART_BAR) {
    category_axis = ch->y_axis;
    value_axis = ch->x_axis;
  }
  const char *x_title = string_or_null(list_get(chart, "x_title"));
  const char *y_title = string_or_null(list_get(chart, "y_title"));
  if (x_title) chart_axis_set_name(category_axis, x_title);
  if (y_title) chart_axis_set_name(value_axis, y_title);
  const char *num_format = string_or_null(list_get(chart, "num_format"));
  if (num_format) chart_axis_set_num_format(value_axis, num_format);
  SEXP value_min = list_get(chart, "value_min");
  SEXP value_max = list_get(chart, "value_max");
  if (!Rf_isNull(value_min)) chart_axis_set_min(value_axis,
                                                REAL_ELT(value_min, 0));
  if (!Rf_isNull(value_max)) chart_axis_set_max(value_axis,
                                                REAL_ELT(value_max, 0));
  /* Bars are drawn from the bottom up: reversed, the first category is at
   * the top, as in the table, and the value axis stays at the bottom. */
  SEXP reverse = list_get(chart, "reverse_categories");
  if (!Rf_isNull(reverse) && LOGICAL_ELT(reverse, 0) == TRUE) {
    chart_axis_set_reverse(category_axis);
    chart_axis_set_crossing_max(category_axis);
  }
  if (XLENGTH(values) < 2) chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
  else chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
  lxw_chart_options options;
  memset(&options, 0, sizeof(options));
  options.x_scale = 2;
  options.y_scale = 2;
  options.description = (char *) string_or_null(list_get(chart, "alt_text"));
  return worksheet_insert_chart_opt(ws, row, 0, ch, &options);
}

/* A buffer for the internal links of a column of sheet names, sized for its
 * longest name in bytes (a name of 31 characters of 4 bytes each does not
 * fit the 128 bytes that would do for ASCII). */
static char *link_buffer(SEXP column, size_t *size) {
  size_t longest = 0;
  if (TYPEOF(column) == STRSXP) {
    for (R_xlen_t i = 0; i < XLENGTH(column); i++) {
      SEXP value = STRING_ELT(column, i);
      if (value == NA_STRING) continue;
      size_t len = strlen(CHAR(value));
      if (len > longest) longest = len;
    }
  }
  *size = longest + sizeof "internal:''!A1";
  return R_alloc(*size, 1);
}

static lxw_error write_sheet(lxw_workbook *wb, SEXP sheet,
                             lxw_format **formats, int streaming) {
  /* Checked first for its reason (a name in use, too long, a character
   * Excel refuses), which workbook_add_worksheet() would only print. */
  const char *name = CHAR(STRING_ELT(list_get(sheet, "name"), 0));
  lxw_error err = workbook_validate_sheet_name(wb, name);
  if (err) return err;
  lxw_worksheet *ws = workbook_add_worksheet(wb, name);
  if (ws == NULL) return LXW_ERROR_MEMORY_MALLOC_FAILED;

  SEXP pre = list_get(sheet, "pre");
  const int *pre_format = INTEGER_RO(list_get(sheet, "pre_format"));
  lxw_row_t row = 0;
  for (R_xlen_t k = 0; k < XLENGTH(pre) && !err; k++, row++) {
    err = worksheet_write_string(ws, row, 0, CHAR(STRING_ELT(pre, k)),
                                 format_at(formats, pre_format[k]));
  }
  if (err) return err;

  SEXP chart = list_get(sheet, "chart");
  SEXP columns = list_get(sheet, "columns");
  if (Rf_isNull(columns)) {
    if (!Rf_isNull(chart)) err = write_chart(wb, ws, chart, row + 1);
    return err;
  }

  lxw_col_t ncol = (lxw_col_t) XLENGTH(columns);
  R_xlen_t nrow = XLENGTH(VECTOR_ELT(columns, 0));
  const double *widths = REAL_RO(list_get(sheet, "widths"));
  for (lxw_col_t c = 0; c < ncol && !err; c++)
    err = worksheet_set_column(ws, c, c, widths[c], NULL);
  if (err) return err;

  lxw_row_t header_row = row;
  /* A table object when the sheet asks for one (a `table_name`) and the
   * mode allows it. */
  if (!streaming && string_or_null(list_get(sheet, "table_name")) != NULL)
    err = add_table(ws, sheet, header_row, header_row + (lxw_row_t) nrow,
                    ncol);
  if (err) return err;
  SEXP header = list_get(sheet, "header");
  const int *header_formats = INTEGER_RO(list_get(sheet, "header_formats"));
  for (lxw_col_t c = 0; c < ncol && !err; c++)
    err = worksheet_write_string(ws, header_row, c,
                                 CHAR(STRING_ELT(header, c)),
                                 format_at(formats, header_formats[c]));
  if (err) return err;

  /* Per column: where its values, formats and NA texts are. */
  const double **num = (const double **) R_alloc(ncol, sizeof(double *));
  const int **fmt = (const int **) R_alloc(ncol, sizeof(int *));
  int *fmt_step = (int *) R_alloc(ncol, sizeof(int));
  int *na_step = (int *) R_alloc(ncol, sizeof(int));
  /* Each column's vector, type and missing-value text, looked up once
   * rather than per cell. */
  SEXP *col_of = (SEXP *) R_alloc(ncol, sizeof(SEXP));
  SEXP *na_of = (SEXP *) R_alloc(ncol, sizeof(SEXP));
  int *is_num = (int *) R_alloc(ncol, sizeof(int));
  SEXP formats_by_col = list_get(sheet, "formats");
  SEXP na_by_col = list_get(sheet, "na_text");
  const int *bold_formats = INTEGER_RO(list_get(sheet, "bold_formats"));
  for (lxw_col_t c = 0; c < ncol; c++) {
    SEXP col = VECTOR_ELT(columns, c);
    num[c] = TYPEOF(col) == REALSXP ? (const double *) data_or_null(col) :
      NULL;
    fmt[c] = INTEGER_RO(VECTOR_ELT(formats_by_col, c));
    fmt_step[c] = XLENGTH(VECTOR_ELT(formats_by_col, c)) > 1;
    na_step[c] = XLENGTH(VECTOR_ELT(na_by_col, c)) > 1;
    col_of[c] = col;
    na_of[c] = VECTOR_ELT(na_by_col, c);
    is_num[c] = TYPEOF(col) == REALSXP;
  }
  SEXP bold_rows = list_get(sheet, "bold_rows");
  R_xlen_t n_bold = XLENGTH(bold_rows), next_bold = 0;
  int *bold_buf = ALTREP(bold_rows) ?
    (int *) R_alloc(n_bold + 1, sizeof(int)) : NULL;
  const int *bold = int_region(bold_rows, 0, n_bold, bold_buf);
  int link_column = INTEGER_ELT(list_get(sheet, "link_column"), 0);
  char *url = NULL;
  size_t url_size = 0;
  if (link_column >= 0) url = link_buffer(VECTOR_ELT(columns, link_column),
                                          &url_size);

  for (R_xlen_t i = 0; i < nrow && !err; i++) {
    row = header_row + 1 + (lxw_row_t) i;
    int is_bold = next_bold < n_bold && bold[next_bold] == i;
    if (is_bold) next_bold++;
    for (lxw_col_t c = 0; c < ncol && !err; c++) {
      SEXP col = col_of[c];
      int f = fmt_step[c] ? fmt[c][i] : fmt[c][0];
      if (is_bold && !fmt_step[c]) f = bold_formats[c];
      lxw_format *format = format_at(formats, f);
      if (is_num[c]) {
        double v = num[c] ? num[c][i] : REAL_ELT(col, i);
        if (ISNAN(v)) {
          err = worksheet_write_string(
            ws, row, c, CHAR(STRING_ELT(na_of[c], na_step[c] ? i : 0)),
            format);
        } else {
          err = worksheet_write_number(ws, row, c, v, format);
        }
      } else {
        SEXP value = STRING_ELT(col, i);
        if (value == NA_STRING) {
          err = worksheet_write_string(
            ws, row, c, CHAR(STRING_ELT(na_of[c], na_step[c] ? i : 0)),
            format);
        } else if ((int) c == link_column) {
          snprintf(url, url_size, "internal:'%s'!A1", CHAR(value));
          err = worksheet_write_url_opt(ws, row, c, url, format, CHAR(value),
                                        NULL);
        } else {
          err = worksheet_write_string(ws, row, c, CHAR(value), format);
        }
      }
    }
  }
  if (!err && !Rf_isNull(chart)) err = write_chart(wb, ws, chart, row + 2);
  return err;
}

/* ---- The workbook's lifetime -------------------------------------------- */

/* What the writing needs, and what became of it. */
typedef struct {
  const char *path;
  SEXP properties, formats, sheets;
  int streaming;              /* constant-memory mode: no table objects */
  lxw_workbook *workbook;     /* open until finish_workbook() */
  lxw_error err;              /* from the writing */
  lxw_error close_err;        /* from workbook_close() */
} write_job;

static SEXP write_workbook(void *data) {
  write_job *job = (write_job *) data;
  lxw_workbook *wb = job->workbook;
  lxw_error err = LXW_NO_ERROR;

  lxw_doc_properties props;
  memset(&props, 0, sizeof(props));
  SEXP properties = job->properties;
  SEXP prop_names = Rf_getAttrib(properties, R_NamesSymbol);
  for (R_xlen_t k = 0; k < XLENGTH(properties); k++) {
    const char *key = CHAR(STRING_ELT(prop_names, k));
    char *value = (char *) CHAR(STRING_ELT(properties, k));
    if (strcmp(key, "title") == 0) props.title = value;
    else if (strcmp(key, "subject") == 0) props.subject = value;
    else if (strcmp(key, "author") == 0) props.author = value;
    else if (strcmp(key, "keywords") == 0) props.keywords = value;
    else if (strcmp(key, "comments") == 0) props.comments = value;
    else if (strcmp(key, "category") == 0) props.category = value;
    else if (strcmp(key, "company") == 0) props.company = value;
    else if (!err) err = workbook_set_custom_property_string(wb, key, value);
  }
  if (!err) err = workbook_set_properties(wb, &props);

  lxw_format **format_table = make_formats(wb, job->formats);
  for (R_xlen_t s = 0; s < XLENGTH(job->sheets) && !err; s++)
    err = write_sheet(wb, VECTOR_ELT(job->sheets, s), format_table,
                      job->streaming);
  job->err = err;
  return R_NilValue;
}

/* Runs however write_workbook() ended, a long jump from an R error
 * included. The workbook is always closed, never only freed: in
 * constant-memory mode each worksheet holds an open temporary file that
 * only workbook_close() closes (lxw_workbook_free() leaves it open). So a
 * failed write still writes what it had, at the cost of one close, and
 * then deletes it. */
static void finish_workbook(void *data, Rboolean jump) {
  write_job *job = (write_job *) data;
  if (job->workbook != NULL) {
    lxw_workbook *wb = job->workbook;
    job->workbook = NULL;
    job->close_err = workbook_close(wb);
  }
  if (jump || job->err || job->close_err) remove(job->path);
}

SEXP C_write_xlsx(SEXP path, SEXP properties, SEXP formats, SEXP sheets,
                  SEXP stream) {
  check_type(path, STRSXP, "path");
  check_length(path, 1, "path");
  if (STRING_ELT(path, 0) == NA_STRING)
    Rf_error("`path` must not be NA");
  check_type(properties, STRSXP, "properties");
  if (Rf_isNull(Rf_getAttrib(properties, R_NamesSymbol)) &&
      XLENGTH(properties) > 0)
    Rf_error("`properties` must be named");
  check_xml_text(properties, "`properties`", 0);
  if (XLENGTH(properties) > 0)
    check_xml_text(Rf_getAttrib(properties, R_NamesSymbol),
                   "`names(properties)`", 0);
  check_formats(formats);
  check_xml_text(list_get(formats, "num_format"), "`formats$num_format`", 0);
  int streaming = check_scalar_lgl(stream, "stream");
  check_type(sheets, VECSXP, "sheets");
  R_xlen_t n_formats = XLENGTH(list_get(formats, "num_format"));
  R_xlen_t n_sheets = XLENGTH(sheets);
  if (n_sheets < 1)
    Rf_error("`sheets` must hold at least one sheet");
  for (R_xlen_t s = 0; s < n_sheets; s++)
    check_sheet(VECTOR_ELT(sheets, s), (int) s + 1, n_formats);

  /* Allocated before the workbook exists, so that nothing can fail between
   * its creation and the protection of its cleanup. */
  SEXP cont = PROTECT(R_MakeUnwindCont());
  write_job job;
  job.path = Rf_translateChar(STRING_ELT(path, 0));
  job.properties = properties;
  job.formats = formats;
  job.sheets = sheets;
  job.streaming = streaming;
  job.workbook = NULL;
  job.err = LXW_NO_ERROR;
  job.close_err = LXW_NO_ERROR;

  /* libxlsxwriter creates the file only when it closes the workbook. A
   * file that cannot be created is found now, before any worksheet (and
   * its temporary file) exists: workbook_close() frees a workbook whose
   * file it cannot create without closing those. (A folder removed during
   * the write still costs those descriptors until R exits; libxlsxwriter
   * has no other call that closes them.) */
  FILE *probe = fopen(job.path, "wb");
  if (probe == NULL) {
    UNPROTECT(1); /* cont */
    Rf_error("could not create the workbook file '%s': %s", job.path,
             strerror(errno));
  }
  fclose(probe);

  lxw_workbook_options options;
  memset(&options, 0, sizeof(options));
  options.constant_memory = streaming ? LXW_TRUE : LXW_FALSE;
  options.use_zip64 = LXW_TRUE;
  job.workbook = workbook_new_opt(job.path, &options);
  if (job.workbook == NULL) {
    remove(job.path);
    UNPROTECT(1); /* cont */
    Rf_error("could not start a workbook at '%s'", job.path);
  }

  R_UnwindProtect(write_workbook, &job, finish_workbook, &job, cont);
  UNPROTECT(1); /* cont */
  if (job.err || job.close_err)
    Rf_error("libxlsxwriter could not write the workbook: %s",
             lxw_strerror(job.err ? job.err : job.close_err));
  return path;
}
