/* Secondary suppression for tables of counts with totals, to a protection
 * interval.
 *
 * The table's additive structure arrives as a graph. Every line (a row, or a
 * column of a block, whose cells sum to the line's total cell) is a node;
 * every count cell is an edge between its row line and its column line.
 * Node 0, the ground, stands in for any line that is not a constraint.
 *
 * Changes to the withheld cells that keep every published total are, after
 * a change of sign, circulations on this graph: with c = -1 for the total of
 * a line and +1 for a part, the change y of a cell is the flow f = c_row c_col
 * y along its edge from its row line to its column line, and every line then
 * balances (a line's sign, -1 for the lines of total rows and of the total
 * column, makes the two ends agree; checked below). So the interval an
 * attacker can prove for a withheld cell, knowing the totals, that counts are
 * whole and at least `lower` (1 when zeros are shown, as a withheld cell is
 * then never 0), is [v - down, v + up], where up and down are maximum flows
 * between the ends of its edge through the other withheld cells: a cell can
 * always rise without bound, and fall to `lower`. The matrix is a network
 * matrix, so the linear programme's bounds are whole numbers and these flows
 * are exactly what linear programming over the table would prove.
 *
 * Secondary suppression: every withheld cell, primary and secondary alike,
 * needs up + down >= threshold. Cells are visited once each, in a queue; a
 * cell short of its width gets the cheapest path that would carry the
 * missing flow (withheld cells with room cost nothing, other cells their
 * count plus a hundredth, so the smallest cells are preferred and fewer of
 * them) and the path's cells are withheld. Withholding more never narrows an
 * interval, so a cell once wide enough stays so, and the search ends: each
 * repair withholds at least one more cell.
 *
 * Flows are capped at the threshold: each costs at most `threshold`
 * augmenting paths over the withheld cells, O(W + V). O(C threshold (E + V) + R E log V) for C
 * withheld cells and R repairs, E cells and V lines; O(E + V) memory. */
#include "reoffending.h"
#include <limits.h>

typedef struct {
  int n;                 /* cells (edges) */
  int n_nodes;           /* nodes 0..n_nodes; 0 is the ground */
  const double *value;
  int *status;           /* 0 shown, 1 primary, 2 secondary */
  const int *end;        /* end[e]: row line, end[n + e]: column line */
  int *sign;             /* +1 or -1: the flow along e is sign[e] * change */
  double lower;          /* what a withheld cell is known to be at least */
  int *adj_start;        /* incident edges of node v: adj[adj_start[v] ..] */
  int *adj;
  int *hadj, *hdeg;      /* the withheld ones: hadj[adj_start[v] ..], hdeg[v] */
  int *hidden_list, n_hidden;
  double *flow;          /* per edge, in flow units, row end to column end */
  /* scratch, one slot per node */
  int *parent_edge, *seen, *queue;
  double *dist;
  int *heap_node;
  double *heap_key;
} graph;

static inline int other_end(const graph *g, int e, int v) {
  return g->end[e] == v ? g->end[g->n + e] : g->end[e];
}

static inline int hidden(const graph *g, int e) {
  return g->status[e] != 0;
}

/* Withhold edge e (status 1 or 2), keeping the lists of withheld edges,
 * by node and in all, that the flows walk. */
static void withhold(graph *g, int e, int status) {
  int was = hidden(g, e);
  g->status[e] = status;
  if (was) return;
  g->hidden_list[g->n_hidden++] = e;
  int a = g->end[e], b = g->end[g->n + e];
  if (a == 0 && b == 0) return;
  g->hadj[g->adj_start[a] + g->hdeg[a]++] = e;
  g->hadj[g->adj_start[b] + g->hdeg[b]++] = e;
}

/* Start the lists from g->status as given. */
static void init_hidden(graph *g) {
  int nv = g->n_nodes + 1;
  for (int v = 0; v < nv; v++) g->hdeg[v] = 0;
  g->n_hidden = 0;
  for (int e = 0; e < g->n; e++) {
    if (!hidden(g, e)) continue;
    int status = g->status[e];
    g->status[e] = 0;
    withhold(g, e, status);
  }
}

/* How far the cell of edge e may fall: to `lower`, never below. */
static inline double slack(const graph *g, int e) {
  double s = g->value[e] - g->lower;
  return s > 0 ? s : 0;
}

/* Capacity of edge e for flow leaving node v along it, were it withheld:
 * unbounded in the direction in which its cell rises, its slack in the
 * other. */
static inline double capacity_from(const graph *g, int e, int v) {
  int forward = g->end[e] == v;   /* row end to column end */
  int rises = forward ? g->sign[e] > 0 : g->sign[e] < 0;
  return rises ? R_PosInf : slack(g, e);
}

/* Residual capacity out of v along withheld edge e, given the flow so far. */
static inline double residual_from(const graph *g, int e, int v) {
  double f = g->end[e] == v ? g->flow[e] : -g->flow[e];
  return capacity_from(g, e, v) - f;
}

static void push_from(graph *g, int e, int v, double amount) {
  if (g->end[e] == v) g->flow[e] += amount; else g->flow[e] -= amount;
}

/* Incident edges of every node, in cell order. Cells in no line (both ends
 * the ground) take no part. */
static void build_adjacency(graph *g) {
  int nv = g->n_nodes + 1;
  g->adj_start = (int *) R_alloc((size_t) nv + 1, sizeof(int));
  for (int v = 0; v <= nv; v++) g->adj_start[v] = 0;
  R_xlen_t degree_sum = 0;
  for (int e = 0; e < g->n; e++) {
    int a = g->end[e], b = g->end[g->n + e];
    if (a == 0 && b == 0) continue;
    g->adj_start[a + 1]++;
    g->adj_start[b + 1]++;
    degree_sum += 2;
  }
  for (int v = 0; v < nv; v++) g->adj_start[v + 1] += g->adj_start[v];
  g->adj = (int *) R_alloc((size_t) degree_sum + 1, sizeof(int));
  int *fill = (int *) R_alloc((size_t) nv, sizeof(int));
  for (int v = 0; v < nv; v++) fill[v] = g->adj_start[v];
  for (int e = 0; e < g->n; e++) {
    int a = g->end[e], b = g->end[g->n + e];
    if (a == 0 && b == 0) continue;
    g->adj[fill[a]++] = e;
    g->adj[fill[b]++] = e;
  }
}

/* Maximum flow from `from` to `to` through the withheld edges other than
 * `skip`, up to `cap` (shortest augmenting paths). Leaves the flow in
 * g->flow for a repair to extend. */
static double max_flow(graph *g, int skip, int from, int to, double cap) {
  int nv = g->n_nodes + 1;
  for (int k = 0; k < g->n_hidden; k++) g->flow[g->hidden_list[k]] = 0;
  double total = 0;
  while (total < cap) {
    for (int v = 0; v < nv; v++) g->seen[v] = 0;
    int head = 0, tail = 0;
    g->queue[tail++] = from;
    g->seen[from] = 1;
    while (head < tail && !g->seen[to]) {
      int v = g->queue[head++];
      for (int k = g->adj_start[v]; k < g->adj_start[v] + g->hdeg[v]; k++) {
        int e = g->hadj[k];
        if (e == skip) continue;
        int w = other_end(g, e, v);
        if (g->seen[w] || residual_from(g, e, v) <= 0) continue;
        g->seen[w] = 1;
        g->parent_edge[w] = e;
        g->queue[tail++] = w;
      }
    }
    if (!g->seen[to]) break;
    double amount = cap - total;
    for (int v = to; v != from;) {
      int e = g->parent_edge[v], u = other_end(g, e, v);
      double r = residual_from(g, e, u);
      if (r < amount) amount = r;
      v = u;
    }
    for (int v = to; v != from;) {
      int e = g->parent_edge[v], u = other_end(g, e, v);
      push_from(g, e, u, amount);
      v = u;
    }
    total += amount;
  }
  return total;
}

/* The ends between which flow raises (rise = 1) or lowers cell e: the
 * change of e goes round a cycle, so the rest of the cycle carries flow
 * from the head of e's flow back to its tail. */
static void flow_ends(const graph *g, int e, int rise, int *from, int *to) {
  int row = g->end[e], col = g->end[g->n + e];
  int forward = rise ? g->sign[e] > 0 : g->sign[e] < 0;
  *from = forward ? col : row;
  *to = forward ? row : col;
}

/* How far cell e can fall and rise, each up to `cap`. */
static void cell_interval(graph *g, int e, double cap, double *down,
                          double *up) {
  int from, to;
  if (g->end[e] == g->end[g->n + e]) {   /* on no line: free */
    *down = fmin(slack(g, e), cap);
    *up = cap;
    return;
  }
  flow_ends(g, e, 0, &from, &to);
  *down = max_flow(g, e, from, to, fmin(slack(g, e), cap));
  flow_ends(g, e, 1, &from, &to);
  *up = max_flow(g, e, from, to, cap);
}

/* A binary min-heap of (key, node) with repeats; stale entries are skipped
 * when popped. */
static void heap_push(graph *g, int *size, double key, int node) {
  int i = (*size)++;
  while (i > 0) {
    int parent = (i - 1) / 2;
    if (g->heap_key[parent] <= key) break;
    g->heap_key[i] = g->heap_key[parent];
    g->heap_node[i] = g->heap_node[parent];
    i = parent;
  }
  g->heap_key[i] = key;
  g->heap_node[i] = node;
}

static int heap_pop(graph *g, int *size, double *key) {
  int node = g->heap_node[0];
  *key = g->heap_key[0];
  double last_key = g->heap_key[--(*size)];
  int last_node = g->heap_node[*size];
  int i = 0;
  for (;;) {
    int child = 2 * i + 1;
    if (child >= *size) break;
    if (child + 1 < *size && g->heap_key[child + 1] < g->heap_key[child])
      child++;
    if (g->heap_key[child] >= last_key) break;
    g->heap_key[i] = g->heap_key[child];
    g->heap_node[i] = g->heap_node[child];
    i = child;
  }
  if (*size > 0) {
    g->heap_key[i] = last_key;
    g->heap_node[i] = last_node;
  }
  return node;
}

/* Withhold the cells of the cheapest path from `from` to `to` (not through
 * `skip`) that carries more flow on top of the flow in g->flow: withheld
 * edges with residual room cost nothing, shown edges that would have room
 * cost their count (a shown zero, when zeros are known not to be withheld,
 * has none downwards). Returns the number of cells newly withheld; 0 when
 * no such path exists. */
static int withhold_path(graph *g, int skip, int from, int to) {
  int nv = g->n_nodes + 1;
  for (int v = 0; v < nv; v++) {
    g->dist[v] = R_PosInf;
    g->parent_edge[v] = -1;
    g->seen[v] = 0;
  }
  int size = 0;
  g->dist[from] = 0;
  heap_push(g, &size, 0, from);
  while (size > 0) {
    double d;
    int v = heap_pop(g, &size, &d);
    if (g->seen[v] || d > g->dist[v]) continue;
    g->seen[v] = 1;
    if (v == to) break;
    for (int k = g->adj_start[v]; k < g->adj_start[v + 1]; k++) {
      int e = g->adj[k];
      if (e == skip) continue;
      double step;
      if (hidden(g, e)) {
        if (residual_from(g, e, v) <= 0) continue;
        step = 0;
      } else {
        if (g->value[e] < g->lower || capacity_from(g, e, v) <= 0) continue;
        step = g->value[e] + 0.01;
      }
      int w = other_end(g, e, v);
      double nd = d + step;
      if (nd < g->dist[w]) {
        g->dist[w] = nd;
        g->parent_edge[w] = e;
        heap_push(g, &size, nd, w);
      }
    }
  }
  if (!g->seen[to]) return 0;
  int added = 0;
  for (int v = to; v != from;) {
    int e = g->parent_edge[v];
    if (!hidden(g, e)) {
      withhold(g, e, 2);
      added++;
    }
    v = other_end(g, e, v);
  }
  return added;
}

/* ---- Reading the graph from R -------------------------------------------- */

/* Values, ends and signs, checked: every field C reads. A line's cells must
 * agree on its sign (sign[e] * c of e on that line is the same for all its
 * cells), or the changes would not be flows. */
static void read_graph(graph *g, SEXP values, SEXP nodes, SEXP is_total,
                       SEXP n_nodes, SEXP lower) {
  check_type(values, REALSXP, "values");
  check_type(nodes, INTSXP, "nodes");
  check_type(is_total, LGLSXP, "is_total");
  check_type(lower, REALSXP, "lower");
  check_length(lower, 1, "lower");
  int nv = check_scalar_int(n_nodes, "n_nodes");
  R_xlen_t n = XLENGTH(values);
  if (n > INT_MAX / 4)
    Rf_error("`values` must have fewer than %d cells", INT_MAX / 4);
  check_length(nodes, 2 * n, "nodes");
  check_length(is_total, 2 * n, "is_total");
  /* Each line is the row or the column line of at least one cell, so there
   * are at most two per cell; checked now, as the search allocates and
   * visits every node. */
  if (nv < 0 || nv > 2 * n)
    Rf_error("`n_nodes` must be a count from 0 to %.0f (two lines per "
             "cell), not %d", 2 * (double) n, nv);
  double low = REAL_RO(lower)[0];
  if (!R_FINITE(low) || (low != 0 && low != 1))
    Rf_error("`lower` must be 0 or 1");
  g->n = (int) n;
  g->n_nodes = nv;
  g->lower = low;

  double *value = (double *) R_alloc((size_t) n + 1, sizeof(double));
  const double *v_in = real_region(values, 0, n, value);
  for (R_xlen_t i = 0; i < n; i++) {
    if (!R_FINITE(v_in[i]) || v_in[i] < 0)
      Rf_error("`values[%.0f]` must be a finite count of 0 or more",
               (double) i + 1);
    value[i] = v_in[i];
  }
  g->value = value;

  int *end = (int *) R_alloc((size_t) 2 * n + 1, sizeof(int));
  const int *end_in = int_region(nodes, 0, 2 * n, end);
  for (R_xlen_t i = 0; i < 2 * n; i++) {
    if (end_in[i] == NA_INTEGER || end_in[i] < 0 || end_in[i] > nv)
      Rf_error("`nodes[%.0f]` must be a line number in 0..%d",
               (double) i + 1, nv);
    end[i] = end_in[i];
  }
  for (R_xlen_t i = 0; i < n; i++) {
    if (end[i] != 0 && end[i] == end[n + i])
      Rf_error("`nodes` puts cell %.0f twice on line %d", (double) i + 1,
               end[i]);
  }
  g->end = end;

  int *buf = (int *) R_alloc((size_t) 2 * n + 1, sizeof(int));
  const int *total = int_region(is_total, 0, 2 * n, buf);
  g->sign = (int *) R_alloc((size_t) n + 1, sizeof(int));
  int *line_sign = (int *) R_alloc((size_t) nv + 1, sizeof(int));
  for (int v = 0; v <= nv; v++) line_sign[v] = 0;
  for (R_xlen_t i = 0; i < n; i++) {
    if (total[i] == NA_LOGICAL || total[n + i] == NA_LOGICAL)
      Rf_error("`is_total[%.0f]` must be TRUE or FALSE", (double) i + 1);
    int c_row = total[i] ? -1 : 1, c_col = total[n + i] ? -1 : 1;
    g->sign[i] = c_row * c_col;
    for (int side = 0; side < 2; side++) {
      int v = end[side * n + i];
      if (v == 0) continue;
      int s = g->sign[i] * (side ? c_col : c_row);
      if (line_sign[v] == 0) {
        line_sign[v] = s;
      } else if (line_sign[v] != s) {
        Rf_error("`is_total` gives line %d two signs: a line's total must "
                 "be the total of the lines it meets", v);
      }
    }
  }

  size_t slots = (size_t) nv + 1;
  g->parent_edge = (int *) R_alloc(slots, sizeof(int));
  g->seen = (int *) R_alloc(slots, sizeof(int));
  g->queue = (int *) R_alloc(slots, sizeof(int));
  g->dist = (double *) R_alloc(slots, sizeof(double));
  /* Each cell is relaxed at most once from each end. */
  size_t heap_slots = 2 * (size_t) n + slots;
  g->heap_node = (int *) R_alloc(heap_slots, sizeof(int));
  g->heap_key = (double *) R_alloc(heap_slots, sizeof(double));
  g->flow = (double *) R_alloc((size_t) n + 1, sizeof(double));
  g->hidden_list = (int *) R_alloc((size_t) n + 1, sizeof(int));
  g->hdeg = (int *) R_alloc(slots, sizeof(int));
  build_adjacency(g);
  g->hadj = (int *) R_alloc((size_t) g->adj_start[nv + 1] + 1, sizeof(int));
}

static double read_threshold(SEXP x, const char *arg) {
  check_type(x, REALSXP, arg);
  check_length(x, 1, arg);
  double t = REAL_RO(x)[0];
  if (!R_FINITE(t) || t < 0 || t > 1e15)
    Rf_error("`%s` must be a finite number from 0 to 1e15", arg);
  return t;
}

/* status: 0 shown, 1 withheld (primary). Returns the status with 2 for the
 * cells withheld besides, so that every withheld cell's interval is at
 * least `threshold` wide. */
SEXP C_suppress_secondary(SEXP values, SEXP status, SEXP nodes,
                          SEXP is_total, SEXP n_nodes, SEXP threshold,
                          SEXP lower) {
  graph g;
  read_graph(&g, values, nodes, is_total, n_nodes, lower);
  double width = read_threshold(threshold, "threshold");
  R_xlen_t n = g.n;
  check_type(status, INTSXP, "status");
  check_length(status, n, "status");

  SEXP out = PROTECT(Rf_allocVector(INTSXP, n));
  int *st = INTEGER(out);
  const int *st_in = int_region(status, 0, n, st);
  for (R_xlen_t i = 0; i < n; i++) {
    if (st_in[i] != 0 && st_in[i] != 1) {
      UNPROTECT(1); /* out */
      Rf_error("`status[%.0f]` must be 0 (shown) or 1 (suppressed)",
               (double) i + 1);
    }
    st[i] = st_in[i];
  }
  g.status = st;
  init_hidden(&g);

  /* A queue of withheld cells, each visited once; secondary cells join it
   * as they are withheld. */
  int *queue = (int *) R_alloc((size_t) n + 1, sizeof(int));
  char *queued = (char *) R_alloc((size_t) n + 1, sizeof(char));
  int head = 0, tail = 0;
  for (int e = 0; e < g.n; e++) {
    queued[e] = st[e] != 0;
    if (st[e]) queue[tail++] = e;
  }
  while (head < tail) {
    int e = queue[head++];
    for (;;) {
      double down, up;
      cell_interval(&g, e, width, &down, &up);
      if (down + up >= width) break;
      /* More room upwards first (a cell can rise without bound), else
       * downwards; the flow of that direction is rebuilt to extend it. */
      int from, to, added;
      flow_ends(&g, e, 1, &from, &to);
      max_flow(&g, e, from, to, width);
      added = withhold_path(&g, e, from, to);
      if (added == 0 && down < slack(&g, e)) {
        flow_ends(&g, e, 0, &from, &to);
        max_flow(&g, e, from, to, width);
        added = withhold_path(&g, e, from, to);
      }
      if (added == 0) break;   /* nothing can widen it: left to the check */
      for (int v = to; v != from;) {   /* the path just withheld */
        int k = g.parent_edge[v];
        if (!queued[k]) {
          queued[k] = 1;
          queue[tail++] = k;
        }
        v = other_end(&g, k, v);
      }
    }
  }
  UNPROTECT(1); /* out */
  return out;
}

/* For each withheld cell (hidden[e] TRUE), how far it can fall and rise,
 * each capped at `cap`: a double vector of 2n, down then up; NA for cells
 * shown. */
SEXP C_protection_intervals(SEXP values, SEXP hidden_cells, SEXP nodes,
                            SEXP is_total, SEXP n_nodes, SEXP lower,
                            SEXP cap) {
  graph g;
  read_graph(&g, values, nodes, is_total, n_nodes, lower);
  double limit = read_threshold(cap, "cap");
  R_xlen_t n = g.n;
  check_type(hidden_cells, LGLSXP, "hidden");
  check_length(hidden_cells, n, "hidden");
  int *st = (int *) R_alloc((size_t) n + 1, sizeof(int));
  const int *h = int_region(hidden_cells, 0, n, st);
  for (R_xlen_t i = 0; i < n; i++) {
    if (h[i] == NA_LOGICAL)
      Rf_error("`hidden[%.0f]` must be TRUE or FALSE", (double) i + 1);
    st[i] = h[i] != 0;
  }
  g.status = st;
  init_hidden(&g);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, 2 * n));
  double *res = REAL(out);
  for (int e = 0; e < g.n; e++) {
    if (!st[e]) {
      res[e] = res[n + e] = NA_REAL;
      continue;
    }
    cell_interval(&g, e, limit, res + e, res + n + e);
  }
  UNPROTECT(1); /* out */
  return out;
}
