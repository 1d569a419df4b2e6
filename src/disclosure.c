/* Secondary suppression for tables of counts with totals.
 *
 * The table's additive structure arrives as a graph. Every line (a row, or a
 * column of a block, whose cells sum to the line's total cell) is a node;
 * every count cell is an edge between its row line and its column line.
 * Node 0, the ground, stands in for any line that is not a constraint.
 * Solutions of the homogeneous line equations are circulations on this
 * graph, so a suppressed cell can be worked out from the published cells
 * exactly when it lies on no cycle of suppressed cells: when its edge is a
 * bridge of the graph of suppressed edges. A line whose suppressed cells
 * are all parts (not its total) and hide a sum of 0 also gives them away,
 * as counts are never negative.
 *
 * The search repeats two repairs until neither applies: each suppressed
 * bridge is closed into the cheapest cycle (Dijkstra from one end to the
 * other: suppressed cells cost nothing, others their count, so the smallest
 * cells are preferred and zeros only as a last resort); each line that hides
 * only zeros gets its smallest positive cell hidden too. Every repair hides
 * at least one more cell, so the search ends.
 *
 * O(B E log V) for B bridges closed, E cells and V lines; O(E + V) memory. */
#include "reoffending.h"
#include <limits.h>

typedef struct {
  int n;                 /* cells (edges) */
  int n_nodes;           /* nodes 0..n_nodes; 0 is the ground */
  const double *value;
  int *status;           /* 0 shown, 1 primary, 2 secondary */
  const int *end;        /* end[e]: row line, end[n + e]: column line */
  const int *is_total;   /* is_total[e], is_total[n + e]: total of that line */
  int *adj_start;        /* incident edges of node v: adj[adj_start[v] ..] */
  int *adj;
  double zero_cost;      /* dearer than any path without zeros */
  /* scratch, one slot per node */
  int *disc, *low, *parent_edge, *pos, *stack, *queue;
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

static inline double cost(const graph *g, int e) {
  if (hidden(g, e)) return 0;
  double v = g->value[e];
  /* A hundredth per cell breaks ties towards fewer cells. */
  return v > 0 ? v + 0.01 : g->zero_cost;
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

/* Bridges of the graph of hidden edges (Tarjan, iterative). */
static int find_bridges(graph *g, int *is_bridge) {
  int nv = g->n_nodes + 1, found = 0, time = 0;
  for (int e = 0; e < g->n; e++) is_bridge[e] = 0;
  for (int v = 0; v < nv; v++) {
    g->disc[v] = -1;
    g->pos[v] = g->adj_start[v];
  }
  for (int root = 0; root < nv; root++) {
    if (g->disc[root] >= 0) continue;
    int top = 0;
    g->stack[top++] = root;
    g->disc[root] = g->low[root] = time++;
    g->parent_edge[root] = -1;
    while (top > 0) {
      int v = g->stack[top - 1];
      if (g->pos[v] < g->adj_start[v + 1]) {
        int e = g->adj[g->pos[v]++];
        if (!hidden(g, e) || e == g->parent_edge[v]) continue;
        int w = other_end(g, e, v);
        if (g->disc[w] < 0) {
          g->disc[w] = g->low[w] = time++;
          g->parent_edge[w] = e;
          g->stack[top++] = w;
        } else if (g->disc[w] < g->low[v]) {
          g->low[v] = g->disc[w];
        }
      } else {
        top--;
        int e = g->parent_edge[v];
        if (e >= 0) {
          int p = other_end(g, e, v);
          if (g->low[v] < g->low[p]) g->low[p] = g->low[v];
          if (g->low[v] > g->disc[p]) {
            is_bridge[e] = 1;
            found++;
          }
        }
      }
    }
  }
  return found;
}

/* Is hidden edge `skip` still a bridge: is there no path of hidden edges
 * between its ends without it? Breadth first. */
static int still_bridge(graph *g, int skip) {
  int from = g->end[skip], to = g->end[g->n + skip];
  int nv = g->n_nodes + 1;
  for (int v = 0; v < nv; v++) g->disc[v] = 0;
  int head = 0, tail = 0;
  g->queue[tail++] = from;
  g->disc[from] = 1;
  while (head < tail) {
    int v = g->queue[head++];
    for (int k = g->adj_start[v]; k < g->adj_start[v + 1]; k++) {
      int e = g->adj[k];
      if (e == skip || !hidden(g, e)) continue;
      int w = other_end(g, e, v);
      if (w == to) return 0;
      if (!g->disc[w]) {
        g->disc[w] = 1;
        g->queue[tail++] = w;
      }
    }
  }
  return 1;
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

/* Hide the cells of the cheapest path between the ends of hidden edge
 * `skip`, other than through it: afterwards the edge lies on a cycle.
 * Returns the number of cells newly hidden (0 when no path exists). */
static int close_cycle(graph *g, int skip) {
  int from = g->end[skip], to = g->end[g->n + skip];
  int nv = g->n_nodes + 1;
  for (int v = 0; v < nv; v++) {
    g->dist[v] = R_PosInf;
    g->parent_edge[v] = -1;
    g->disc[v] = 0;               /* settled */
  }
  int size = 0;
  g->dist[from] = 0;
  heap_push(g, &size, 0, from);
  while (size > 0) {
    double d;
    int v = heap_pop(g, &size, &d);
    if (g->disc[v] || d > g->dist[v]) continue;
    g->disc[v] = 1;
    if (v == to) break;
    for (int k = g->adj_start[v]; k < g->adj_start[v + 1]; k++) {
      int e = g->adj[k];
      if (e == skip) continue;
      int w = other_end(g, e, v);
      double nd = d + cost(g, e);
      if (nd < g->dist[w]) {
        g->dist[w] = nd;
        g->parent_edge[w] = e;
        heap_push(g, &size, nd, w);
      }
    }
  }
  if (!g->disc[to]) return 0;
  int added = 0;
  for (int v = to; v != from;) {
    int e = g->parent_edge[v];
    if (!hidden(g, e)) {
      g->status[e] = 2;
      added++;
    }
    v = other_end(g, e, v);
  }
  return added;
}

/* Lines (not the ground) whose hidden cells are all parts and hide a sum of
 * 0 give them away: hide the line's smallest positive cell, or else its
 * total. Returns the number of cells newly hidden. */
static int repair_zero_lines(graph *g) {
  int added = 0;
  for (int v = 1; v <= g->n_nodes; v++) {
    int count = 0, total_hidden = 0, best = -1, total_edge = -1;
    double sum = 0;
    for (int k = g->adj_start[v]; k < g->adj_start[v + 1]; k++) {
      int e = g->adj[k];
      int side = g->end[e] == v ? 0 : 1;
      int is_total = g->is_total[(R_xlen_t) side * g->n + e] == TRUE;
      if (hidden(g, e)) {
        count++;
        sum += g->value[e];
        if (is_total) total_hidden = 1;
      } else {
        if (is_total) total_edge = e;
        if (g->value[e] > 0 &&
            (best < 0 || g->value[e] < g->value[best]))
          best = e;
      }
    }
    if (count == 0 || total_hidden || sum > 0) continue;
    int pick = best >= 0 ? best : total_edge;
    if (pick >= 0) {
      g->status[pick] = 2;
      added++;
    }
  }
  return added;
}

SEXP C_suppress_secondary(SEXP values, SEXP status, SEXP nodes,
                          SEXP is_total, SEXP n_nodes) {
  check_type(values, REALSXP, "values");
  check_type(status, INTSXP, "status");
  check_type(nodes, INTSXP, "nodes");
  check_type(is_total, LGLSXP, "is_total");
  int nv = check_scalar_int(n_nodes, "n_nodes");
  R_xlen_t n = XLENGTH(values);
  if (n > INT_MAX / 4)
    Rf_error("`values` must have fewer than %d cells", INT_MAX / 4);
  check_length(status, n, "status");
  check_length(nodes, 2 * n, "nodes");
  check_length(is_total, 2 * n, "is_total");
  /* Each line is the row or the column line of at least one cell, so there
   * are at most two per cell; checked now, as the search allocates and
   * visits every node. */
  if (nv < 0 || nv > 2 * n)
    Rf_error("`n_nodes` must be a count from 0 to %.0f (two lines per "
             "cell), not %d", 2 * (double) n, nv);

  graph g;
  g.n = (int) n;
  g.n_nodes = nv;
  double *value = (double *) R_alloc((size_t) n + 1, sizeof(double));
  const double *v_in = real_region(values, 0, n, value);
  double sum = 0;
  for (R_xlen_t i = 0; i < n; i++) {
    if (!R_FINITE(v_in[i]) || v_in[i] < 0)
      Rf_error("`values[%.0f]` must be a finite count of 0 or more",
               (double) i + 1);
    value[i] = v_in[i];
    sum += v_in[i];
  }
  g.value = value;
  g.zero_cost = 2 * sum + 0.02 * (double) n + 1;

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
  g.end = end;

  int *total = (int *) R_alloc((size_t) 2 * n + 1, sizeof(int));
  g.is_total = int_region(is_total, 0, 2 * n, total);

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

  size_t slots = (size_t) nv + 1;
  g.disc = (int *) R_alloc(slots, sizeof(int));
  g.low = (int *) R_alloc(slots, sizeof(int));
  g.parent_edge = (int *) R_alloc(slots, sizeof(int));
  g.pos = (int *) R_alloc(slots, sizeof(int));
  g.stack = (int *) R_alloc(slots, sizeof(int));
  g.queue = (int *) R_alloc(slots, sizeof(int));
  g.dist = (double *) R_alloc(slots, sizeof(double));
  /* Each cell is relaxed at most once from each end. */
  size_t heap_slots = 2 * (size_t) n + slots;
  g.heap_node = (int *) R_alloc(heap_slots, sizeof(int));
  g.heap_key = (double *) R_alloc(heap_slots, sizeof(double));
  int *is_bridge = (int *) R_alloc((size_t) n + 1, sizeof(int));
  build_adjacency(&g);

  int changed = 1;
  while (changed) {
    changed = 0;
    if (find_bridges(&g, is_bridge) > 0) {
      int added = 0;
      for (int e = 0; e < g.n; e++) {
        if (!is_bridge[e]) continue;
        if (added > 0 && !still_bridge(&g, e)) continue;
        added += close_cycle(&g, e);
      }
      if (added > 0) changed = 1;
    }
    if (repair_zero_lines(&g) > 0) changed = 1;
  }
  UNPROTECT(1); /* out */
  return out;
}
