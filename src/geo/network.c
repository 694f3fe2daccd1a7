/*
 * network.c - road graph construction, nearest-road lookups and multi-source
 * shortest paths.  Interface and the rules for junctions in network.h.
 *
 * Design.  Building goes in four passes over the input vertices:
 *  1. snap: a hash of grid cells (cell = 2 x tolerance, so the tolerance disc
 *     around a point touches at most 2 x 2 cells) maps every input point to a
 *     vertex; vertices end up more than the tolerance apart;
 *  2. each line becomes a sequence of vertex ids (repeats dropped), and
 *     dangling line ends within the tolerance of another segment's interior
 *     are inserted into that segment;
 *  3. vertices of degree other than 2, and line ends, are nodes; each line is
 *     cut at its nodes into edges.  Each segment remembers its edge and the
 *     distance along the edge of both its ends, so a point on a segment is a
 *     position on an edge;
 *  4. a uniform grid (cells about as many as segments) lists the segments
 *     whose bounding box meets each cell.
 * A nearest-road query scans grid rings outward from the point's cell and
 * stops when the ring is farther than the best segment found.  Batches of
 * queries run in grid-cell order, split over all processors: at province
 * scale this ordering alone makes them about five times faster, the cells
 * and segments a query reads being still in the cache from the previous one.
 *
 * Distances: a source on edge (u, v) at offset o with walk w seeds u with
 * w + o and v with w + len - o; Dijkstra (prioq.h, lazy deletion) spreads
 * from all seeds at once.  A destination at offset o on edge e is reached
 * through u or v, or directly along e from a source on e; per edge, prefix
 * and suffix minima over its sources sorted by offset answer the direct part
 * in O(log k).
 *
 * Many single-source searches (network_targets_new(), network_search_reach())
 * locate the targets once and list them by edge; a search seeds its one
 * source, runs Dijkstra to the limit noting the nodes it reaches, and reads
 * only the targets on the edges at those nodes and on the source's own edge,
 * through the same seeding, relaxation and distance formula as
 * network_distances(), so the two agree to the bit.  The node distances are
 * reset through the list of reached nodes, not over the whole graph.
 */
#include "network.h"
#include "i18n.h"
#include "prioq.h"
#include "vi-error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A uniform grid of cells, each listing the segments whose bounding box
 * meets it (CSR: cell c holds items[start[c] .. start[c + 1])). */
typedef struct {
    double x0, y0, cell;
    int nx, ny;
    int *start;
    int *items;
} seg_grid;

struct vi_network {
    int nverts;
    double *vxy; /* vertex positions, x, y */
    int nsegs;
    int *seg_ab;     /* vertex ids of each segment's ends, a, b */
    int *seg_edge;   /* edge each segment belongs to */
    double *seg_off; /* distance along its edge of the segment's a and b ends */
    int nnodes, nedges, ncomponents;
    int *edge_uv; /* node ids of each edge's start and end */
    double *edge_len;
    int *adj_start; /* CSR: edges at each node */
    int *adj_edge;
    seg_grid grid;
};

/* ---- small helpers -------------------------------------------------- */

/* Squared distance from P to segment A-B; *T gets the parameter of the
 * nearest point (0 at A, 1 at B). */
static double point_segment_d2(const double *p, const double *a, const double *b, double *t)
{
    double dx = b[0] - a[0], dy = b[1] - a[1];
    double len2 = dx * dx + dy * dy;
    double s = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
    s = s < 0 ? 0 : s > 1 ? 1 : s;
    double qx = a[0] + s * dx - p[0], qy = a[1] + s * dy - p[1];
    *t = s;
    return qx * qx + qy * qy;
}

static double dist(const double *a, const double *b)
{
    return hypot(b[0] - a[0], b[1] - a[1]);
}

/* ---- the segment grid ------------------------------------------------ */

static void grid_cell_range(const seg_grid *g, double lo, double hi, double origin, int n,
                            int *first, int *last)
{
    double f = floor((lo - origin) / g->cell), l = floor((hi - origin) / g->cell);
    *first = f < 0 ? 0 : f > n - 1 ? n - 1 : (int)f;
    *last = l < 0 ? 0 : l > n - 1 ? n - 1 : (int)l;
}

/* Builds the grid over NSEGS segments SEG_AB of vertices VXY (NSEGS > 0). */
static void grid_build(seg_grid *g, const double *vxy, const int *seg_ab, int nsegs)
{
    double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY, total = 0;
    for (int s = 0; s < nsegs; s++) {
        const double *a = vxy + 2 * seg_ab[2 * s], *b = vxy + 2 * seg_ab[2 * s + 1];
        minx = fmin(minx, fmin(a[0], b[0]));
        maxx = fmax(maxx, fmax(a[0], b[0]));
        miny = fmin(miny, fmin(a[1], b[1]));
        maxy = fmax(maxy, fmax(a[1], b[1]));
        total += dist(a, b);
    }
    /* About one cell per segment over the extent, but no smaller than a
     * segment, so a segment rarely spans more than a few cells. */
    double w = maxx - minx, h = maxy - miny;
    g->cell = fmax(sqrt(w * h / nsegs), total / nsegs);
    if (!(g->cell > 0))
        g->cell = 1;
    g->x0 = minx;
    g->y0 = miny;
    /* Segments far apart can make the extent huge next to their lengths. */
    while ((floor(w / g->cell) + 1) * (floor(h / g->cell) + 1) > 4.0 * nsegs + 16)
        g->cell *= 2;
    g->nx = (int)floor(w / g->cell) + 1;
    g->ny = (int)floor(h / g->cell) + 1;
    size_t ncells = (size_t)g->nx * g->ny;
    g->start = g_new0(int, ncells + 1);
    /* Two passes, count then fill, so the lists are one array. */
    for (int pass = 0; pass < 2; pass++) {
        for (int s = 0; s < nsegs; s++) {
            const double *a = vxy + 2 * seg_ab[2 * s], *b = vxy + 2 * seg_ab[2 * s + 1];
            int cx0, cx1, cy0, cy1;
            grid_cell_range(g, fmin(a[0], b[0]), fmax(a[0], b[0]), g->x0, g->nx, &cx0, &cx1);
            grid_cell_range(g, fmin(a[1], b[1]), fmax(a[1], b[1]), g->y0, g->ny, &cy0, &cy1);
            for (int cy = cy0; cy <= cy1; cy++)
                for (int cx = cx0; cx <= cx1; cx++) {
                    size_t c = (size_t)cy * g->nx + cx;
                    if (pass == 0)
                        g->start[c + 1]++;
                    else
                        g->items[g->start[c]++] = s;
                }
        }
        if (pass == 0) {
            for (size_t c = 0; c < ncells; c++)
                g->start[c + 1] += g->start[c];
            g->items = g_new(int, g->start[ncells]);
        } else {
            /* The fill advanced each start to the next cell's start. */
            memmove(g->start + 1, g->start, ncells * sizeof(int));
            g->start[0] = 0;
        }
    }
}

static void grid_clear(seg_grid *g)
{
    g_free(g->start);
    g_free(g->items);
    memset(g, 0, sizeof *g);
}

/* The best segment found so far by a nearest-segment search. */
typedef struct {
    const double *vxy;
    const int *seg_ab;
    const double *p;
    int exclude_vertex;
    int seg;
    double d2, t;
} nearest_search;

static void scan_cell(const seg_grid *g, int64_t x, int64_t y, nearest_search *ns)
{
    if (x < 0 || x >= g->nx || y < 0 || y >= g->ny)
        return;
    size_t c = (size_t)(y * g->nx + x);
    for (int i = g->start[c]; i < g->start[c + 1]; i++) {
        int s = g->items[i];
        int a = ns->seg_ab[2 * s], b = ns->seg_ab[2 * s + 1];
        if (a == ns->exclude_vertex || b == ns->exclude_vertex)
            continue;
        double t, d2 = point_segment_d2(ns->p, ns->vxy + 2 * a, ns->vxy + 2 * b, &t);
        /* Ties go to the lowest segment number, whatever the scan order. */
        if (d2 < ns->d2 || (d2 == ns->d2 && (ns->seg < 0 || s < ns->seg))) {
            ns->seg = s;
            ns->d2 = d2;
            ns->t = t;
        }
    }
}

/* Nearest of the segments to P within MAX_D that EXCLUDE_VERTEX is not an end
 * of (-1: none excluded); returns its index or -1, with *D2 its squared
 * distance and *T the parameter of the nearest point.  Scans rings of cells
 * outward; a segment's nearest point to P lies in a cell that lists it, so
 * once the ring is farther than the best distance nothing closer remains. */
static int grid_nearest(const seg_grid *g, const double *vxy, const int *seg_ab, const double *p,
                        double max_d, int exclude_vertex, double *d2, double *t)
{
    if (!g->start)
        return -1;
    nearest_search ns = {vxy, seg_ab, p, exclude_vertex, -1, max_d * max_d, 0};
    /* Clamp before converting: a far point must not overflow. */
    double lim = (double)(1 << 30);
    double fx = floor((p[0] - g->x0) / g->cell), fy = floor((p[1] - g->y0) / g->cell);
    int64_t cx = (int64_t)fmax(-lim, fmin(lim, fx)), cy = (int64_t)fmax(-lim, fmin(lim, fy));
    int64_t nx = g->nx, ny = g->ny;
    /* Rings nearer than r0 hold no cell of the grid, rings beyond rmax neither. */
    int64_t r0 = MAX(0, MAX(MAX(-cx, cx - (nx - 1)), MAX(-cy, cy - (ny - 1))));
    int64_t rmax = MAX(MAX(cx, nx - 1 - cx), MAX(cy, ny - 1 - cy));
    for (int64_t r = r0; r <= rmax; r++) {
        double gap = (double)(r - 1) * g->cell; /* nearest any ring-r cell can be */
        if (r > 0 && (gap > max_d || (ns.seg >= 0 && gap * gap >= ns.d2)))
            break;
        int64_t ylo = MAX(cy - r, 0), yhi = MIN(cy + r, ny - 1);
        for (int64_t y = ylo; y <= yhi; y++) {
            if (r == 0 || y == cy - r || y == cy + r) {
                /* the ring's top or bottom row */
                for (int64_t x = MAX(cx - r, 0); x <= MIN(cx + r, nx - 1); x++)
                    scan_cell(g, x, y, &ns);
            } else {
                scan_cell(g, cx - r, y, &ns);
                scan_cell(g, cx + r, y, &ns);
            }
        }
    }
    *d2 = ns.d2;
    *t = ns.t;
    return ns.seg;
}

/* ---- pass 1: snapping vertices --------------------------------------- */

/* An open-addressing hash from a grid cell to the first vertex in it; the
 * vertices of one cell are chained through next[]. */
typedef struct {
    uint64_t *keys;
    int *heads;
    size_t mask;
} cell_hash;

#define CELL_EMPTY UINT64_MAX

static size_t cell_slot(const cell_hash *h, uint64_t key)
{
    uint64_t z = key + 0x9e3779b97f4a7c15ULL; /* splitmix64 finaliser */
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    size_t i = (size_t)(z ^ (z >> 31)) & h->mask;
    while (h->keys[i] != CELL_EMPTY && h->keys[i] != key)
        i = (i + 1) & h->mask;
    return i;
}

typedef struct {
    double x0, y0, cell, tol2;
    cell_hash hash;
    GArray *vxy;  /* double: vertex positions */
    GArray *next; /* int: next vertex in the same cell, -1 at the end */
} snapper;

static uint64_t cell_key(int64_t cx, int64_t cy)
{
    return ((uint64_t)(uint32_t)cx << 32) | (uint32_t)cy;
}

/* The vertex within the tolerance of P (the nearest if several), or a new one at P. */
static int snap_point(snapper *sn, const double *p)
{
    double tol = sqrt(sn->tol2);
    int64_t x0 = (int64_t)floor((p[0] - tol - sn->x0) / sn->cell);
    int64_t x1 = (int64_t)floor((p[0] + tol - sn->x0) / sn->cell);
    int64_t y0 = (int64_t)floor((p[1] - tol - sn->y0) / sn->cell);
    int64_t y1 = (int64_t)floor((p[1] + tol - sn->y0) / sn->cell);
    int best = -1;
    double best_d2 = INFINITY;
    const double *vxy = (const double *)sn->vxy->data;
    const int *next = (const int *)sn->next->data;
    for (int64_t cy = y0; cy <= y1; cy++)
        for (int64_t cx = x0; cx <= x1; cx++) {
            size_t slot = cell_slot(&sn->hash, cell_key(cx, cy));
            if (sn->hash.keys[slot] == CELL_EMPTY)
                continue;
            for (int v = sn->hash.heads[slot]; v >= 0; v = next[v]) {
                double dx = vxy[2 * v] - p[0], dy = vxy[2 * v + 1] - p[1];
                double d2 = dx * dx + dy * dy;
                if (d2 <= sn->tol2 && d2 < best_d2) {
                    best = v;
                    best_d2 = d2;
                }
            }
        }
    if (best >= 0)
        return best;
    int v = (int)sn->next->len;
    g_array_append_vals(sn->vxy, p, 2);
    int64_t cx = (int64_t)floor((p[0] - sn->x0) / sn->cell);
    int64_t cy = (int64_t)floor((p[1] - sn->y0) / sn->cell);
    size_t slot = cell_slot(&sn->hash, cell_key(cx, cy));
    int head = -1;
    if (sn->hash.keys[slot] == CELL_EMPTY)
        sn->hash.keys[slot] = cell_key(cx, cy);
    else
        head = sn->hash.heads[slot];
    g_array_append_val(sn->next, head);
    sn->hash.heads[slot] = v;
    return v;
}

/* ---- building ---------------------------------------------------------- */

/* Line sequences: line l is vertices seq[start[l] .. start[l + 1]). */
typedef struct {
    GArray *seq;   /* int */
    GArray *start; /* int, nlines + 1 */
} line_seqs;

static void seqs_segments(const line_seqs *ls, GArray *seg_ab)
{
    const int *seq = (const int *)ls->seq->data, *start = (const int *)ls->start->data;
    g_array_set_size(seg_ab, 0);
    for (guint l = 0; l + 1 < ls->start->len; l++)
        for (int k = start[l]; k + 1 < start[l + 1]; k++)
            g_array_append_vals(seg_ab, seq + k, 2);
}

static int *vertex_degrees(const GArray *seg_ab, int nverts)
{
    int *deg = g_new0(int, nverts);
    for (guint i = 0; i < seg_ab->len; i++)
        deg[g_array_index(seg_ab, int, i)]++;
    return deg;
}

/* A dangling end to insert into a segment at parameter t. */
typedef struct {
    int seg;
    double t;
    int vertex;
} split;

static int split_cmp(const void *pa, const void *pb)
{
    const split *a = pa, *b = pb;
    if (a->seg != b->seg)
        return a->seg < b->seg ? -1 : 1;
    return a->t < b->t ? -1 : a->t > b->t ? 1 : a->vertex - b->vertex;
}

/* Pass 2b: joins dangling line ends that stop on another segment's interior. */
static void join_dangling_ends(line_seqs *ls, const double *vxy, int nverts, double tol)
{
    GArray *seg_ab = g_array_new(FALSE, FALSE, sizeof(int));
    seqs_segments(ls, seg_ab);
    int nsegs = (int)seg_ab->len / 2;
    if (nsegs == 0) {
        g_array_free(seg_ab, TRUE);
        return;
    }
    int *deg = vertex_degrees(seg_ab, nverts);
    const int *seg = (const int *)seg_ab->data;
    seg_grid grid = {0};
    grid_build(&grid, vxy, seg, nsegs);
    GArray *splits = g_array_new(FALSE, FALSE, sizeof(split));
    const int *seq = (const int *)ls->seq->data, *start = (const int *)ls->start->data;
    int nlines = (int)ls->start->len - 1;
    for (int l = 0; l < nlines; l++) {
        if (start[l + 1] - start[l] < 2)
            continue;
        int ends[2] = {seq[start[l]], seq[start[l + 1] - 1]};
        for (int e = 0; e < (ends[0] == ends[1] ? 1 : 2); e++) {
            if (deg[ends[e]] != 1)
                continue;
            double d2, t;
            int s = grid_nearest(&grid, vxy, seg, vxy + 2 * ends[e], tol, ends[e], &d2, &t);
            /* Vertices are more than TOL apart, so a hit is in the interior. */
            if (s >= 0 && t > 0 && t < 1) {
                split sp = {s, t, ends[e]};
                g_array_append_val(splits, sp);
            }
        }
    }
    if (splits->len > 0) {
        g_array_sort(splits, split_cmp);
        GArray *seq2 = g_array_new(FALSE, FALSE, sizeof(int));
        GArray *start2 = g_array_new(FALSE, FALSE, sizeof(int));
        guint next_split = 0;
        int s = 0; /* global segment index, as numbered by seqs_segments() */
        for (int l = 0; l < nlines; l++) {
            g_array_append_val(start2, seq2->len);
            for (int k = start[l]; k < start[l + 1]; k++) {
                g_array_append_val(seq2, seq[k]);
                if (k + 1 == start[l + 1])
                    break;
                while (next_split < splits->len &&
                       g_array_index(splits, split, next_split).seg == s) {
                    g_array_append_val(seq2, g_array_index(splits, split, next_split).vertex);
                    next_split++;
                }
                s++;
            }
        }
        g_array_append_val(start2, seq2->len);
        g_array_free(ls->seq, TRUE);
        g_array_free(ls->start, TRUE);
        ls->seq = seq2;
        ls->start = start2;
    }
    g_array_free(splits, TRUE);
    grid_clear(&grid);
    g_free(deg);
    g_array_free(seg_ab, TRUE);
}

static int uf_find(int *parent, int i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* Pass 3: nodes, edges, adjacency and components from the line sequences. */
static void build_graph(vi_network *net, const line_seqs *ls)
{
    GArray *seg_ab = g_array_new(FALSE, FALSE, sizeof(int));
    seqs_segments(ls, seg_ab);
    net->nsegs = (int)seg_ab->len / 2;
    net->seg_ab = (int *)g_array_free(seg_ab, FALSE);
    net->seg_edge = g_new(int, net->nsegs);
    net->seg_off = g_new(double, 2 * (size_t)net->nsegs);

    int *deg = g_new0(int, net->nverts);
    for (int i = 0; i < 2 * net->nsegs; i++)
        deg[net->seg_ab[i]]++;
    const int *seq = (const int *)ls->seq->data, *start = (const int *)ls->start->data;
    int nlines = (int)ls->start->len - 1;
    /* Line ends are nodes even where two lines simply continue each other. */
    for (int l = 0; l < nlines; l++)
        if (start[l + 1] - start[l] >= 2) {
            deg[seq[start[l]]] = -1;
            deg[seq[start[l + 1] - 1]] = -1;
        }
    int *node_of = g_new(int, net->nverts);
    net->nnodes = 0;
    for (int v = 0; v < net->nverts; v++)
        node_of[v] = deg[v] != 0 && deg[v] != 2 ? net->nnodes++ : -1;

    GArray *edge_uv = g_array_new(FALSE, FALSE, sizeof(int));
    GArray *edge_len = g_array_new(FALSE, FALSE, sizeof(double));
    int s = 0;
    for (int l = 0; l < nlines; l++) {
        if (start[l + 1] - start[l] < 2)
            continue;
        int edge = (int)edge_len->len, u = node_of[seq[start[l]]];
        double along = 0;
        for (int k = start[l]; k + 1 < start[l + 1]; k++, s++) {
            double len = dist(net->vxy + 2 * seq[k], net->vxy + 2 * seq[k + 1]);
            net->seg_edge[s] = edge;
            net->seg_off[2 * s] = along;
            along += len;
            net->seg_off[2 * s + 1] = along;
            int v = node_of[seq[k + 1]];
            if (v >= 0) {
                g_array_append_val(edge_uv, u);
                g_array_append_val(edge_uv, v);
                g_array_append_val(edge_len, along);
                edge++;
                u = v;
                along = 0;
            }
        }
    }
    net->nedges = (int)edge_len->len;
    net->edge_uv = (int *)g_array_free(edge_uv, FALSE);
    net->edge_len = (double *)g_array_free(edge_len, FALSE);

    net->adj_start = g_new0(int, net->nnodes + 1);
    for (int e = 0; e < 2 * net->nedges; e++)
        net->adj_start[net->edge_uv[e] + 1]++;
    for (int n = 0; n < net->nnodes; n++)
        net->adj_start[n + 1] += net->adj_start[n];
    net->adj_edge = g_new(int, 2 * (size_t)net->nedges + 1);
    int *fill = g_new(int, net->nnodes + 1);
    memcpy(fill, net->adj_start, sizeof(int) * (net->nnodes + 1));
    for (int e = 0; e < 2 * net->nedges; e++)
        net->adj_edge[fill[net->edge_uv[e]]++] = e / 2;

    int *parent = g_new(int, net->nnodes + 1);
    for (int n = 0; n < net->nnodes; n++)
        parent[n] = n;
    net->ncomponents = net->nnodes;
    for (int e = 0; e < net->nedges; e++) {
        int a = uf_find(parent, net->edge_uv[2 * e]), b = uf_find(parent, net->edge_uv[2 * e + 1]);
        if (a != b) {
            parent[a] = b;
            net->ncomponents--;
        }
    }
    g_free(parent);
    g_free(fill);
    g_free(node_of);
    g_free(deg);
}

vi_network *network_build(const double *const *line_xy, const int *line_npoints, int nlines,
                          double snap_m, GError **err)
{
    if (nlines < 0 || !(snap_m >= 0) || !isfinite(snap_m)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot build road network: %d lines, snapping tolerance %g m"), nlines,
                    snap_m);
        return NULL;
    }
    size_t npoints = 0;
    double minx = INFINITY, miny = INFINITY;
    for (int l = 0; l < nlines; l++) {
        if (line_npoints[l] < 0 || (line_npoints[l] > 0 && !line_xy[l])) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot build road network: road line %d has no points"), l);
            return NULL;
        }
        for (int i = 0; i < line_npoints[l]; i++) {
            double x = line_xy[l][2 * i], y = line_xy[l][2 * i + 1];
            if (!isfinite(x) || !isfinite(y)) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("cannot build road network: road line %d: point %d is not finite"), l,
                            i);
                return NULL;
            }
            minx = fmin(minx, x);
            miny = fmin(miny, y);
        }
        npoints += (size_t)line_npoints[l];
    }

    /* Pass 1 and 2a: snapped vertices and line sequences. */
    /* The origin one cell below the data keeps cell numbers positive, so no
     * key is CELL_EMPTY. */
    double cell = snap_m > 0 ? 2 * snap_m : 1;
    snapper sn = {.x0 = minx - cell, .y0 = miny - cell, .cell = cell, .tol2 = snap_m * snap_m};
    size_t cap = 16;
    while (cap < 2 * npoints)
        cap *= 2;
    sn.hash.mask = cap - 1;
    sn.hash.keys = g_new(uint64_t, cap);
    memset(sn.hash.keys, 0xff, cap * sizeof(uint64_t)); /* CELL_EMPTY */
    sn.hash.heads = g_new(int, cap);
    sn.vxy = g_array_sized_new(FALSE, FALSE, sizeof(double), 2 * (guint)npoints);
    sn.next = g_array_sized_new(FALSE, FALSE, sizeof(int), (guint)npoints);
    line_seqs ls = {g_array_sized_new(FALSE, FALSE, sizeof(int), (guint)npoints),
                    g_array_sized_new(FALSE, FALSE, sizeof(int), nlines + 1)};
    for (int l = 0; l < nlines; l++) {
        guint first = ls.seq->len;
        g_array_append_val(ls.start, first);
        for (int i = 0; i < line_npoints[l]; i++) {
            int v = snap_point(&sn, line_xy[l] + 2 * i);
            if (ls.seq->len == first || g_array_index(ls.seq, int, ls.seq->len - 1) != v)
                g_array_append_val(ls.seq, v);
        }
        if (ls.seq->len - first < 2) /* no road left: a point or a snapped stub */
            g_array_set_size(ls.seq, first);
    }
    g_array_append_val(ls.start, ls.seq->len);
    g_free(sn.hash.keys);
    g_free(sn.hash.heads);
    g_array_free(sn.next, TRUE);

    vi_network *net = g_new0(vi_network, 1);
    net->nverts = (int)sn.vxy->len / 2;
    net->vxy = (double *)g_array_free(sn.vxy, FALSE);

    /* Pass 2b, 3, 4. */
    join_dangling_ends(&ls, net->vxy, net->nverts, snap_m);
    build_graph(net, &ls);
    if (net->nsegs > 0)
        grid_build(&net->grid, net->vxy, net->seg_ab, net->nsegs);
    g_array_free(ls.seq, TRUE);
    g_array_free(ls.start, TRUE);
    return net;
}

void network_stats(const vi_network *net, int *nodes, int *edges, int *components)
{
    if (nodes)
        *nodes = net->nnodes;
    if (edges)
        *edges = net->nedges;
    if (components)
        *components = net->ncomponents;
}

void network_free(vi_network *net)
{
    if (!net)
        return;
    g_free(net->vxy);
    g_free(net->seg_ab);
    g_free(net->seg_edge);
    g_free(net->seg_off);
    g_free(net->edge_uv);
    g_free(net->edge_len);
    g_free(net->adj_start);
    g_free(net->adj_edge);
    grid_clear(&net->grid);
    g_free(net);
}

/* ---- queries ----------------------------------------------------------- */

/* Where a point meets the roads: its edge, offset along it and walk. */
typedef struct {
    int edge;
    double offset, walk;
} road_point;

/* The nearest road point to P within MAX_D; FALSE when there is none. */
static gboolean locate(const vi_network *net, const double *p, double max_d, road_point *rp)
{
    double d2, t;
    int s = grid_nearest(&net->grid, net->vxy, net->seg_ab, p, max_d, -1, &d2, &t);
    if (s < 0)
        return FALSE;
    rp->edge = net->seg_edge[s];
    rp->offset = net->seg_off[2 * s] + t * (net->seg_off[2 * s + 1] - net->seg_off[2 * s]);
    rp->walk = sqrt(d2);
    return TRUE;
}

/* A node reached at distance D, in Dijkstra's queue. */
typedef struct {
    double d;
    int node;
} heap_item;

/* The nearer first. */
static int heap_item_compare(const void *pa, const void *pb, void *data)
{
    (void)data;
    const heap_item *a = pa, *b = pb;
    return a->d < b->d ? -1 : b->d < a->d ? 1 : 0;
}

/* Sources located on one edge, sorted by offset, with running minima for
 * the direct walk along the edge. */
typedef struct {
    double offset;
    double fwd_min; /* min over sources at or before this one of walk - offset */
    double bwd_min; /* min over sources at or after this one of walk + offset */
} edge_source;

static int road_point_cmp(const void *pa, const void *pb)
{
    const road_point *a = pa, *b = pb;
    if (a->edge != b->edge)
        return a->edge < b->edge ? -1 : 1;
    return a->offset < b->offset ? -1 : a->offset > b->offset;
}

/* What the destination lookups read; shared by all threads, never written
 * except OUT_M, where each thread has its own indices. */
typedef struct {
    const vi_network *net;
    const double *node_dist; /* NULL: only the walk to the road is wanted */
    const int *esrc_start;   /* CSR over edges into esrc */
    const edge_source *esrc;
    const double *xy;
    const int *order; /* the points in grid-cell order */
    double max_m;
    double *out_m;
    road_point *out_rp; /* non-NULL: only locate the points (edge -1: none) */
} lookup_job;

/* The road distance to a destination at RP, given the distances of the
 * nodes and, for sources on RP's own edge, the direct approach along it:
 * FWD the least walk - offset of those at or before RP, BWD the least walk +
 * offset of those after it (INFINITY: none).  INFINITY beyond MAX_M.  The
 * one formula of network_distances() and network_search_reach(), so both
 * give the same bits. */
static double road_distance(const vi_network *net, const double *node_dist, const road_point *rp,
                            double fwd, double bwd, double max_m)
{
    int e = rp->edge, u = net->edge_uv[2 * e], v = net->edge_uv[2 * e + 1];
    double best = fmin(node_dist[u] + rp->offset, node_dist[v] + net->edge_len[e] - rp->offset);
    best = fmin(best, rp->offset + fwd);
    best = fmin(best, bwd - rp->offset);
    best += rp->walk;
    return best <= max_m ? best : INFINITY;
}

static double destination_distance(const lookup_job *job, const double *p)
{
    const vi_network *net = job->net;
    road_point rp;
    if (!locate(net, p, job->max_m, &rp))
        return INFINITY;
    if (!job->node_dist)
        return rp.walk;
    int e = rp.edge;
    double fwd = INFINITY, bwd = INFINITY;
    int lo = job->esrc_start[e], hi = job->esrc_start[e + 1];
    if (lo < hi) {
        /* k = first source with offset > rp.offset */
        int a = lo, b = hi;
        while (a < b) {
            int mid = (a + b) / 2;
            if (job->esrc[mid].offset <= rp.offset)
                a = mid + 1;
            else
                b = mid;
        }
        if (a > lo)
            fwd = job->esrc[a - 1].fwd_min;
        if (a < hi)
            bwd = job->esrc[a].bwd_min;
    }
    return road_distance(net, job->node_dist, &rp, fwd, bwd, job->max_m);
}

typedef struct {
    const lookup_job *job;
    int first, last;
} lookup_slice;

static gpointer lookup_worker(gpointer data)
{
    const lookup_slice *slice = data;
    const lookup_job *job = slice->job;
    for (int k = slice->first; k < slice->last; k++) {
        int i = job->order[k];
        if (job->out_rp) {
            if (!locate(job->net, job->xy + 2 * (size_t)i, job->max_m, &job->out_rp[i]))
                job->out_rp[i].edge = -1;
        } else {
            job->out_m[i] = destination_distance(job, job->xy + 2 * (size_t)i);
        }
    }
    return NULL;
}

/* The N points of XY sorted by the grid cell they fall in (a counting sort). */
static int *cell_order(const seg_grid *g, const double *xy, int n)
{
    int *order = g_new(int, n + 1);
    if (!g->start) {
        for (int i = 0; i < n; i++)
            order[i] = i;
        return order;
    }
    size_t ncells = (size_t)g->nx * g->ny;
    int *cell = g_new(int, n + 1), *count = g_new0(int, ncells + 1);
    for (int i = 0; i < n; i++) {
        int cx, cy;
        grid_cell_range(g, xy[2 * i], xy[2 * i], g->x0, g->nx, &cx, &cx);
        grid_cell_range(g, xy[2 * i + 1], xy[2 * i + 1], g->y0, g->ny, &cy, &cy);
        cell[i] = cy * g->nx + cx;
        count[cell[i] + 1]++;
    }
    for (size_t c = 0; c < ncells; c++)
        count[c + 1] += count[c];
    for (int i = 0; i < n; i++)
        order[count[cell[i]]++] = i;
    g_free(count);
    g_free(cell);
    return order;
}

/* Runs the lookups of JOB for N points on all processors; small batches stay
 * on this thread. */
static void run_lookups(lookup_job *job, int n)
{
    int *order = cell_order(&job->net->grid, job->xy, n);
    job->order = order;
    int nthreads = n < 20000 ? 1 : MIN((int)g_get_num_processors(), 16);
    lookup_slice *slices = g_new(lookup_slice, nthreads);
    GThread **threads = g_new0(GThread *, nthreads);
    for (int t = 0; t < nthreads; t++) {
        slices[t] = (lookup_slice){job, (int)((gint64)n * t / nthreads),
                                   (int)((gint64)n * (t + 1) / nthreads)};
        if (t > 0)
            threads[t] = g_thread_new("network", lookup_worker, &slices[t]);
    }
    lookup_worker(&slices[0]);
    for (int t = 1; t < nthreads; t++)
        g_thread_join(threads[t]);
    g_free(threads);
    g_free(slices);
    g_free(order);
}

/* Sets NODE to D when that is nearer than before and within MAX_M, and
 * queues it; TOUCHED (int, may be NULL) gets the nodes first reached. */
static void relax(double *node_dist, vi_prioq *heap, GArray *touched, int node, double d,
                  double max_m)
{
    if (d <= max_m && d < node_dist[node]) {
        if (touched && node_dist[node] == INFINITY)
            g_array_append_val(touched, node);
        node_dist[node] = d;
        prioq_put(heap, &(heap_item){d, node});
    }
}

/* Seeds the two ends of the edge of a source at RP. */
static void seed_source(const vi_network *net, const road_point *rp, double max_m,
                        double *node_dist, vi_prioq *heap, GArray *touched)
{
    int e = rp->edge;
    int ends[2] = {net->edge_uv[2 * e], net->edge_uv[2 * e + 1]};
    double d[2] = {rp->walk + rp->offset, rp->walk + net->edge_len[e] - rp->offset};
    for (int k = 0; k < 2; k++)
        relax(node_dist, heap, touched, ends[k], d[k], max_m);
}

/* Dijkstra from the seeded nodes, stopped at MAX_M; leaves HEAP empty. */
static void spread(const vi_network *net, double max_m, double *node_dist, vi_prioq *heap,
                   GArray *touched)
{
    heap_item it;
    while (prioq_get(heap, &it)) {
        if (it.d > node_dist[it.node])
            continue; /* a stale entry: the node was reached more cheaply */
        for (int k = net->adj_start[it.node]; k < net->adj_start[it.node + 1]; k++) {
            int e = net->adj_edge[k];
            int other =
                net->edge_uv[2 * e] == it.node ? net->edge_uv[2 * e + 1] : net->edge_uv[2 * e];
            relax(node_dist, heap, touched, other, it.d + net->edge_len[e], max_m);
        }
    }
}

gboolean network_distances(const vi_network *net, const double *src_xy, int nsrc,
                           const double *dst_xy, int ndst, double max_m, double *out_m,
                           GError **err)
{
    if (nsrc < 0 || ndst < 0 || !(max_m >= 0)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot compute road distances: %d sources, %d destinations, limit %g m"),
                    nsrc, ndst, max_m);
        return FALSE;
    }
    /* Sources on the roads, sorted by edge then offset. */
    GArray *located = g_array_new(FALSE, FALSE, sizeof(road_point));
    for (int i = 0; i < nsrc; i++) {
        road_point rp;
        if (locate(net, src_xy + 2 * (size_t)i, max_m, &rp))
            g_array_append_val(located, rp);
    }
    g_array_sort(located, road_point_cmp);
    const road_point *rps = (const road_point *)located->data;
    int nloc = (int)located->len;

    int *esrc_start = g_new0(int, net->nedges + 1);
    edge_source *esrc = g_new(edge_source, nloc + 1);
    for (int i = 0; i < nloc; i++)
        esrc_start[rps[i].edge + 1]++;
    for (int e = 0; e < net->nedges; e++)
        esrc_start[e + 1] += esrc_start[e];
    for (int i = 0; i < nloc; i++) {
        esrc[i].offset = rps[i].offset;
        gboolean first = i == 0 || rps[i - 1].edge != rps[i].edge;
        double f = rps[i].walk - rps[i].offset;
        esrc[i].fwd_min = first ? f : fmin(f, esrc[i - 1].fwd_min);
    }
    for (int i = nloc - 1; i >= 0; i--) {
        gboolean last = i == nloc - 1 || rps[i + 1].edge != rps[i].edge;
        double b = rps[i].walk + rps[i].offset;
        esrc[i].bwd_min = last ? b : fmin(b, esrc[i + 1].bwd_min);
    }

    /* Multi-source Dijkstra, stopped at MAX_M. */
    double *node_dist = g_new(double, net->nnodes + 1);
    for (int n = 0; n < net->nnodes; n++)
        node_dist[n] = INFINITY;
    vi_prioq *heap = prioq_new(sizeof(heap_item), heap_item_compare, NULL);
    for (int i = 0; i < nloc; i++)
        seed_source(net, &rps[i], max_m, node_dist, heap, NULL);
    spread(net, max_m, node_dist, heap, NULL);
    prioq_free(heap);

    lookup_job job = {net, node_dist, esrc_start, esrc, dst_xy, NULL, max_m, out_m, NULL};
    run_lookups(&job, ndst);

    g_free(node_dist);
    g_free(esrc);
    g_free(esrc_start);
    g_array_free(located, TRUE);
    return TRUE;
}

void network_road_distances(const vi_network *net, const double *xy, int n, double max_m,
                            double *out_m)
{
    lookup_job job = {net, NULL, NULL, NULL, xy, NULL, max_m, out_m, NULL};
    run_lookups(&job, n);
}

/* ---- many single-source searches over one set of destinations --------- */

struct vi_network_targets {
    const vi_network *net; /* borrowed */
    double max_m;
    int n;
    /* CSR over edges: the targets on edge e are item[edge_start[e] ..
     * edge_start[e + 1]), ascending, with their road points in rp[]. */
    int *edge_start;
    int *item;
    road_point *rp;
};

vi_network_targets *network_targets_new(const vi_network *net, const double *xy, int n,
                                        double max_m, GError **err)
{
    if (n < 0 || !(max_m >= 0)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot compute road distances: %d destinations, limit %g m"), n, max_m);
        return NULL;
    }
    road_point *all = g_new(road_point, n + 1);
    lookup_job job = {net, NULL, NULL, NULL, xy, NULL, max_m, NULL, all};
    run_lookups(&job, n);

    vi_network_targets *t = g_new0(vi_network_targets, 1);
    t->net = net;
    t->max_m = max_m;
    t->n = n;
    t->edge_start = g_new0(int, net->nedges + 1);
    for (int i = 0; i < n; i++)
        if (all[i].edge >= 0)
            t->edge_start[all[i].edge + 1]++;
    for (int e = 0; e < net->nedges; e++)
        t->edge_start[e + 1] += t->edge_start[e];
    int located = t->edge_start[net->nedges];
    t->item = g_new(int, located + 1);
    t->rp = g_new(road_point, located + 1);
    int *fill = g_memdup2(t->edge_start, sizeof(int) * ((size_t)net->nedges + 1));
    for (int i = 0; i < n; i++)
        if (all[i].edge >= 0) {
            int k = fill[all[i].edge]++;
            t->item[k] = i;
            t->rp[k] = all[i];
        }
    g_free(fill);
    g_free(all);
    return t;
}

void network_targets_free(vi_network_targets *t)
{
    if (!t)
        return;
    g_free(t->edge_start);
    g_free(t->item);
    g_free(t->rp);
    g_free(t);
}

struct vi_network_search {
    const vi_network_targets *targets; /* borrowed */
    double *node_dist;                 /* INFINITY but during a search */
    GArray *touched;                   /* int: the nodes a search reached */
    guint *edge_seen;                  /* == stamp: read by this search */
    guint stamp;
    vi_prioq *heap;
    GArray *hits; /* reach_hit */
};

typedef struct {
    int item;
    double m;
} reach_hit;

static int reach_hit_cmp(const void *pa, const void *pb)
{
    const reach_hit *a = pa, *b = pb;
    return (a->item > b->item) - (a->item < b->item);
}

vi_network_search *network_search_new(const vi_network_targets *targets)
{
    const vi_network *net = targets->net;
    vi_network_search *s = g_new0(vi_network_search, 1);
    s->targets = targets;
    s->node_dist = g_new(double, net->nnodes + 1);
    for (int n = 0; n < net->nnodes; n++)
        s->node_dist[n] = INFINITY;
    s->touched = g_array_new(FALSE, FALSE, sizeof(int));
    s->edge_seen = g_new0(guint, net->nedges + 1);
    s->heap = prioq_new(sizeof(heap_item), heap_item_compare, NULL);
    s->hits = g_array_new(FALSE, FALSE, sizeof(reach_hit));
    return s;
}

void network_search_free(vi_network_search *s)
{
    if (!s)
        return;
    g_free(s->node_dist);
    g_array_free(s->touched, TRUE);
    g_free(s->edge_seen);
    prioq_free(s->heap);
    g_array_free(s->hits, TRUE);
    g_free(s);
}

/* Appends to S->hits the targets on edge E within the limit, SRC being the
 * source's road point. */
static void reach_edge(vi_network_search *s, int e, const road_point *src)
{
    const vi_network_targets *t = s->targets;
    if (s->edge_seen[e] == s->stamp)
        return;
    s->edge_seen[e] = s->stamp;
    for (int k = t->edge_start[e]; k < t->edge_start[e + 1]; k++) {
        const road_point *rp = &t->rp[k];
        /* network_distances()'s per-edge minima, for one source. */
        double fwd = INFINITY, bwd = INFINITY;
        if (src->edge == e) {
            if (src->offset <= rp->offset)
                fwd = src->walk - src->offset;
            else
                bwd = src->walk + src->offset;
        }
        double m = road_distance(t->net, s->node_dist, rp, fwd, bwd, t->max_m);
        if (m <= t->max_m) {
            reach_hit h = {t->item[k], m};
            g_array_append_val(s->hits, h);
        }
    }
}

void network_search_reach(vi_network_search *s, const double *src_xy, GArray *out_index,
                          GArray *out_m)
{
    const vi_network_targets *t = s->targets;
    const vi_network *net = t->net;
    road_point src;
    if (!locate(net, src_xy, t->max_m, &src))
        return;
    if (++s->stamp == 0) { /* wrapped: no edge may look read */
        memset(s->edge_seen, 0, sizeof(guint) * ((size_t)net->nedges + 1));
        s->stamp = 1;
    }
    g_array_set_size(s->touched, 0);
    g_array_set_size(s->hits, 0);
    seed_source(net, &src, t->max_m, s->node_dist, s->heap, s->touched);
    spread(net, t->max_m, s->node_dist, s->heap, s->touched);

    /* A target is reached through an end of its edge, or along the source's
     * own edge: only those edges can hold one. */
    reach_edge(s, src.edge, &src);
    const int *touched = (const int *)s->touched->data;
    for (guint i = 0; i < s->touched->len; i++)
        for (int k = net->adj_start[touched[i]]; k < net->adj_start[touched[i] + 1]; k++)
            reach_edge(s, net->adj_edge[k], &src);
    for (guint i = 0; i < s->touched->len; i++)
        s->node_dist[touched[i]] = INFINITY;

    g_array_sort(s->hits, reach_hit_cmp);
    for (guint i = 0; i < s->hits->len; i++) {
        const reach_hit *h = &g_array_index(s->hits, reach_hit, i);
        g_array_append_val(out_index, h->item);
        g_array_append_val(out_m, h->m);
    }
}
