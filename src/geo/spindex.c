/*
 * spindex.c - the packed Hilbert R-tree of spindex.h.
 *
 * Layout: level 0 holds one bounding box per item, in Hilbert order of the
 * box centres; each box of level k+1 bounds NODE consecutive boxes of level
 * k; the last level has one box.  All boxes live in one array, level by
 * level, so a node's children are found by arithmetic, not pointers.
 *
 * Nearest-item search descends depth-first, visiting children in order of
 * their box distance and pruning every box farther than the best item so
 * far.  Squared distances prune; an item that survives gets its distance
 * computed the way GEOS computes point-to-segment distance, so a threshold
 * test agrees with ST_Distance.
 */
#include "spindex.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define NODE 16

struct vi_spindex {
    int n;
    double *seg;      /* 4 per item, in the caller's numbering */
    double *leaf_seg; /* the same in level-0 order, which searches read in sequence */
    int *item;        /* level-0 position -> caller's item number */
    int nlevels;
    int *level_start; /* first box of each level in boxes */
    int *level_count; /* boxes in each level */
    double *boxes;    /* minx, miny, maxx, maxy per box */
};

/* ---- Hilbert order ------------------------------------------------------ */

/* Distance along a Hilbert curve of order 16 of the cell (X, Y), 0..65535
 * each.  The textbook loop (rotate the lower bits when the quadrant needs
 * it) without branches: the quadrant bits of real data are random, so
 * branches on them mispredict half the time and cost more than the rest of
 * the loop.  Complementing every bit instead of s - 1 - x changes only bits
 * no later step reads. */
static uint32_t hilbert_d(uint32_t x, uint32_t y)
{
    uint32_t d = 0;
    for (int k = 15; k >= 0; k--) {
        uint32_t rx = (x >> k) & 1, ry = (y >> k) & 1;
        d += ((3 * rx) ^ ry) << (2 * k);
        uint32_t flip = -(rx & (ry ^ 1)); /* rx == 1 and ry == 0: all ones */
        x ^= flip;
        y ^= flip;
        uint32_t swap = (x ^ y) & -(ry ^ 1); /* ry == 0: swap x and y */
        x ^= swap;
        y ^= swap;
    }
    return d;
}

/* Sort N 64-bit keys by their bits from FROM_BIT up with a stable LSD radix
 * sort, 11 bits a pass: 2048 counters stay in the L1 cache and 2048 write
 * streams are few enough for the write buffers, where 16-bit digits miss
 * the cache on nearly every key.  Keys equal in those bits keep their order. */
static void radix_sort64(uint64_t *keys, size_t n, int from_bit)
{
    enum { BITS = 11, BUCKETS = 1 << BITS };
    uint64_t *tmp = g_new(uint64_t, n > 0 ? n : 1);
    size_t count[BUCKETS];
    uint64_t *src = keys, *dst = tmp;
    for (int shift = from_bit; shift < 64; shift += BITS) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[(src[i] >> shift) & (BUCKETS - 1)]++;
        size_t sum = 0;
        for (int b = 0; b < BUCKETS; b++) {
            size_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i] >> shift) & (BUCKETS - 1)]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != keys)
        memcpy(keys, src, n * sizeof *keys);
    g_free(tmp);
}

/* Order of N points (CX[i], CY[i]) along the Hilbert curve over their extent;
 * ties keep the input order. */
static int *hilbert_order_xy(const double *cx, const double *cy, size_t stride, int n)
{
    double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
    for (int i = 0; i < n; i++) {
        double x = cx[i * stride], y = cy[i * stride];
        minx = fmin(minx, x);
        maxx = fmax(maxx, x);
        miny = fmin(miny, y);
        maxy = fmax(maxy, y);
    }
    double sx = maxx > minx ? 65535.0 / (maxx - minx) : 0,
           sy = maxy > miny ? 65535.0 / (maxy - miny) : 0;
    uint64_t *keys = g_new(uint64_t, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        uint32_t hx = (uint32_t)((cx[i * stride] - minx) * sx);
        uint32_t hy = (uint32_t)((cy[i * stride] - miny) * sy);
        keys[i] = ((uint64_t)hilbert_d(hx, hy) << 31) | (uint64_t)i;
    }
    /* The keys are made in index order, so sorting by the Hilbert distance
     * alone (a stable sort) leaves ties in index order. */
    radix_sort64(keys, (size_t)n, 31);
    int *order = g_new(int, n > 0 ? n : 1);
    for (int i = 0; i < n; i++)
        order[i] = (int)(keys[i] & 0x7FFFFFFF);
    g_free(keys);
    return order;
}

int *spindex_hilbert_order(const double *xy, int n)
{
    return hilbert_order_xy(xy, xy + 1, 2, n);
}

/* ---- building ----------------------------------------------------------- */

static vi_spindex *build(double *seg, int n)
{
    vi_spindex *ix = g_new0(vi_spindex, 1);
    ix->n = n;
    ix->seg = seg;
    double *centre = g_new(double, 2 * (n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
        centre[2 * i] = 0.5 * (seg[4 * i] + seg[4 * i + 2]);
        centre[2 * i + 1] = 0.5 * (seg[4 * i + 1] + seg[4 * i + 3]);
    }
    ix->item = spindex_hilbert_order(centre, n);
    g_free(centre);

    /* Level sizes: n, ceil(n/NODE), ... down to 1. */
    int levels = 1, total = n;
    for (int c = n; c > 1; c = (c + NODE - 1) / NODE) {
        levels++;
        total += (c + NODE - 1) / NODE;
    }
    ix->nlevels = levels;
    ix->level_start = g_new(int, levels);
    ix->level_count = g_new(int, levels);
    ix->boxes = g_new(double, 4 * (total > 0 ? total : 1));
    int start = 0, count = n;
    for (int l = 0; l < levels; l++) {
        ix->level_start[l] = start;
        ix->level_count[l] = count;
        start += count;
        count = (count + NODE - 1) / NODE;
    }
    ix->leaf_seg = g_new(double, 4 * (n > 0 ? n : 1));
    for (int p = 0; p < n; p++) {
        const double *s = seg + 4 * ix->item[p];
        memcpy(ix->leaf_seg + 4 * p, s, 4 * sizeof(double));
        double *b = ix->boxes + 4 * p;
        b[0] = fmin(s[0], s[2]);
        b[1] = fmin(s[1], s[3]);
        b[2] = fmax(s[0], s[2]);
        b[3] = fmax(s[1], s[3]);
    }
    for (int l = 1; l < levels; l++) {
        const double *child = ix->boxes + 4 * ix->level_start[l - 1];
        int nchild = ix->level_count[l - 1];
        for (int j = 0; j < ix->level_count[l]; j++) {
            double *b = ix->boxes + 4 * (ix->level_start[l] + j);
            b[0] = b[1] = INFINITY;
            b[2] = b[3] = -INFINITY;
            for (int c = j * NODE; c < nchild && c < (j + 1) * NODE; c++) {
                b[0] = fmin(b[0], child[4 * c]);
                b[1] = fmin(b[1], child[4 * c + 1]);
                b[2] = fmax(b[2], child[4 * c + 2]);
                b[3] = fmax(b[3], child[4 * c + 3]);
            }
        }
    }
    return ix;
}

vi_spindex *spindex_new_segments(const double *seg, int n)
{
    return build(g_memdup2(seg, sizeof(double) * 4 * (size_t)(n > 0 ? n : 0)), n);
}

vi_spindex *spindex_new_points(const double *xy, int n)
{
    double *seg = g_new(double, 4 * (n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
        seg[4 * i] = seg[4 * i + 2] = xy[2 * i];
        seg[4 * i + 1] = seg[4 * i + 3] = xy[2 * i + 1];
    }
    return build(seg, n);
}

void spindex_free(vi_spindex *ix)
{
    if (!ix)
        return;
    g_free(ix->seg);
    g_free(ix->leaf_seg);
    g_free(ix->item);
    g_free(ix->level_start);
    g_free(ix->level_count);
    g_free(ix->boxes);
    g_free(ix);
}

int spindex_size(const vi_spindex *ix)
{
    return ix->n;
}

const double *spindex_item(const vi_spindex *ix, int i)
{
    return ix->seg + 4 * i;
}

/* ---- distances ---------------------------------------------------------- */

static inline double box_dist2(const double *b, double x, double y)
{
    double dx = x < b[0] ? b[0] - x : x > b[2] ? x - b[2] : 0;
    double dy = y < b[1] ? b[1] - y : y > b[3] ? y - b[3] : 0;
    return dx * dx + dy * dy;
}

/* Squared distance from (X, Y) to the segment, cheap: for pruning only. */
static inline double segment_dist2(double x, double y, const double *s)
{
    double dx = s[2] - s[0], dy = s[3] - s[1];
    double len2 = dx * dx + dy * dy;
    double r = len2 > 0 ? ((x - s[0]) * dx + (y - s[1]) * dy) / len2 : 0;
    r = r < 0 ? 0 : r > 1 ? 1 : r;
    double qx = s[0] + r * dx - x, qy = s[1] + r * dy - y;
    return qx * qx + qy * qy;
}

double spindex_segment_distance(double x, double y, double x1, double y1, double x2, double y2)
{
    /* GEOS's Distance::pointToSegment, step for step, with sqrt (not hypot,
     * which rounds differently), so a threshold test agrees with ST_Distance. */
    double dx = x2 - x1, dy = y2 - y1;
    double len2 = dx * dx + dy * dy;
    if (len2 == 0)
        return sqrt((x - x1) * (x - x1) + (y - y1) * (y - y1));
    double r = ((x - x1) * dx + (y - y1) * dy) / len2;
    if (r <= 0)
        return sqrt((x - x1) * (x - x1) + (y - y1) * (y - y1));
    if (r >= 1)
        return sqrt((x - x2) * (x - x2) + (y - y2) * (y - y2));
    double s = ((y1 - y) * dx - (x1 - x) * dy) / len2;
    return fabs(s) * sqrt(len2);
}

/* ---- queries ------------------------------------------------------------ */

/* Boxes and items farther than this from the query (squared) cannot beat
 * distance D.  The micrometre of slack keeps ties (a lower number may win
 * one) and absorbs the rounding of the cheap squared distances, which can
 * differ from the exact ones by a few nanometres at Gauss-Krüger magnitudes. */
static inline double prune_d2(double d)
{
    return (d + 1e-6) * (d + 1e-6);
}

typedef struct {
    double x, y;
    double best_d2; /* prune boxes farther than this */
    double best_d;
    int best;
} nearest_state;

static void nearest_in(const vi_spindex *ix, int level, int node, nearest_state *st)
{
    int child_level = level - 1;
    int first = node * NODE, last = first + NODE;
    if (last > ix->level_count[child_level])
        last = ix->level_count[child_level];
    const double *boxes = ix->boxes + 4 * ix->level_start[child_level];
    if (child_level == 0) {
        for (int p = first; p < last; p++) {
            if (box_dist2(boxes + 4 * p, st->x, st->y) > st->best_d2)
                continue;
            const double *s = ix->leaf_seg + 4 * p;
            if (segment_dist2(st->x, st->y, s) > st->best_d2)
                continue;
            int item = ix->item[p];
            double d = spindex_segment_distance(st->x, st->y, s[0], s[1], s[2], s[3]);
            if (d < st->best_d || (d == st->best_d && (st->best < 0 || item < st->best))) {
                st->best_d = d;
                st->best = item;
                st->best_d2 = prune_d2(d);
            }
        }
        return;
    }
    /* Visit children nearest first: it shrinks the search radius soonest. */
    double d2[NODE];
    int idx[NODE], k = 0;
    for (int c = first; c < last; c++) {
        double d = box_dist2(boxes + 4 * c, st->x, st->y);
        if (d > st->best_d2)
            continue;
        int j = k++;
        while (j > 0 && d2[j - 1] > d) {
            d2[j] = d2[j - 1];
            idx[j] = idx[j - 1];
            j--;
        }
        d2[j] = d;
        idx[j] = c;
    }
    for (int j = 0; j < k; j++) {
        if (d2[j] > st->best_d2)
            break;
        nearest_in(ix, child_level, idx[j], st);
    }
}

int spindex_nearest(const vi_spindex *ix, double x, double y, double max_d, double *dist)
{
    nearest_state st = {x, y, prune_d2(max_d), max_d, -1};
    if (ix->n > 0) {
        if (ix->nlevels == 1) {
            /* One item: level 0 is the root. */
            const double *s = ix->seg;
            double d = spindex_segment_distance(x, y, s[0], s[1], s[2], s[3]);
            if (d <= max_d) {
                st.best = 0;
                st.best_d = d;
            }
        } else {
            nearest_in(ix, ix->nlevels - 1, 0, &st);
        }
    }
    *dist = st.best >= 0 ? st.best_d : INFINITY;
    return st.best;
}

typedef struct {
    double minx, miny, maxx, maxy;
    double x, y, r; /* r < 0: box query only */
    GArray *out;
} range_state;

static void range_in(const vi_spindex *ix, int level, int node, const range_state *st)
{
    int child_level = level - 1;
    int first = node * NODE, last = first + NODE;
    if (last > ix->level_count[child_level])
        last = ix->level_count[child_level];
    const double *boxes = ix->boxes + 4 * ix->level_start[child_level];
    for (int c = first; c < last; c++) {
        const double *b = boxes + 4 * c;
        if (b[0] > st->maxx || b[2] < st->minx || b[1] > st->maxy || b[3] < st->miny)
            continue;
        if (child_level > 0) {
            range_in(ix, child_level, c, st);
            continue;
        }
        int item = ix->item[c];
        if (st->r >= 0) {
            const double *s = ix->leaf_seg + 4 * c;
            if (!(spindex_segment_distance(st->x, st->y, s[0], s[1], s[2], s[3]) <= st->r))
                continue;
        }
        g_array_append_val(st->out, item);
    }
}

static void range(const vi_spindex *ix, const range_state *st)
{
    if (ix->n == 0)
        return;
    /* A one-level tree has no root box to descend from: treat the items as its children. */
    if (ix->nlevels == 1) {
        const double *b = ix->boxes;
        if (b[0] > st->maxx || b[2] < st->minx || b[1] > st->maxy || b[3] < st->miny)
            return;
        const double *s = ix->seg;
        if (st->r >= 0 &&
            !(spindex_segment_distance(st->x, st->y, s[0], s[1], s[2], s[3]) <= st->r))
            return;
        int zero = 0;
        g_array_append_val(st->out, zero);
        return;
    }
    range_in(ix, ix->nlevels - 1, 0, st);
}

void spindex_within(const vi_spindex *ix, double x, double y, double r, GArray *out)
{
    range_state st = {x - r, y - r, x + r, y + r, x, y, r, out};
    range(ix, &st);
}

void spindex_box(const vi_spindex *ix, double minx, double miny, double maxx, double maxy,
                 GArray *out)
{
    range_state st = {minx, miny, maxx, maxy, 0, 0, -1, out};
    range(ix, &st);
}
