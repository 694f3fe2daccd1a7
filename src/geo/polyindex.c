/*
 * polyindex.c - point-in-polygon and line-inside-polygon over a spatial
 * index of the ring edges (polyindex.h).
 *
 * The line walk: a segment whose box meets no edge's box cannot cross the
 * boundary, so it lies on the side of the last point classified, and one
 * point test serves a whole run of such segments.  A segment near edges is
 * cut at every point where it meets one (a crossing, a touch, the ends of a
 * stretch along the edge), and each piece is classified by its midpoint,
 * or as boundary when it runs along an edge.
 */
#include "polyindex.h"
#include "geodesy.h"
#include "spindex.h"

#include <math.h>
#include <stdlib.h>

/* Parameters a hair outside a segment still meet it: a line through a ring
 * vertex is then found on both edges instead of, by rounding, on neither. */
#define SLACK 1e-12

struct vi_polyindex {
    vi_spindex *edges; /* item i: x1, y1 (the previous vertex), x2, y2 */
    double minx, miny, maxx, maxy;
    GArray *found; /* int: a query's edges, reused */
};

vi_polyindex *polyindex_new(const vi_geom *poly)
{
    vi_polyindex *ix = g_new0(vi_polyindex, 1);
    double *seg = g_new(double, 4 * (size_t)MAX(poly->npoints, 1));
    int n = 0;
    for (int p = 0; p < poly->nparts; p++) {
        const double *v = poly->xy + 2 * poly->part_start[p];
        int count = poly->part_start[p + 1] - poly->part_start[p];
        /* Every edge geom_polygon_contains() visits, the closing one too. */
        for (int i = 0, j = count - 1; i < count; j = i++) {
            double *s = seg + 4 * n++;
            s[0] = v[2 * j], s[1] = v[2 * j + 1], s[2] = v[2 * i], s[3] = v[2 * i + 1];
        }
    }
    ix->edges = spindex_new_segments(seg, n);
    g_free(seg);
    geom_bounds(poly, &ix->minx, &ix->miny, &ix->maxx, &ix->maxy);
    ix->found = g_array_new(FALSE, FALSE, sizeof(int));
    return ix;
}

void polyindex_free(vi_polyindex *ix)
{
    if (!ix)
        return;
    spindex_free(ix->edges);
    g_array_free(ix->found, TRUE);
    g_free(ix);
}

/* The edges whose boxes meet the box, in IX->found. */
static const GArray *edges_in(const vi_polyindex *ix, double minx, double miny, double maxx,
                              double maxy)
{
    g_array_set_size(ix->found, 0);
    spindex_box(ix->edges, minx, miny, maxx, maxy, ix->found);
    return ix->found;
}

gboolean polyindex_contains(const vi_polyindex *ix, double x, double y)
{
    if (x < ix->minx || x > ix->maxx || y < ix->miny || y > ix->maxy)
        return FALSE;
    /* Only an edge that meets the ray to the right of (X, Y) can cross it. */
    const GArray *found = edges_in(ix, x, y, ix->maxx, y);
    gboolean inside = FALSE;
    for (guint k = 0; k < found->len; k++) {
        const double *s = spindex_item(ix->edges, g_array_index(found, int, k));
        double xj = s[0], yj = s[1], xi = s[2], yi = s[3];
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
            inside = !inside;
    }
    return inside;
}

static double cross(double ax, double ay, double bx, double by)
{
    return ax * by - ay * bx;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct {
    GArray *cuts;  /* double: parameters along the segment where it meets an edge */
    GArray *along; /* double pairs: stretches that run along an edge */
} segment_cuts;

/* Where segment P + t D (0 <= t <= 1) meets edge A-B: appended to C. */
static void meet_edge(const double *p, const double *d, const double *e, segment_cuts *c)
{
    double ex = e[2] - e[0], ey = e[3] - e[1];
    double apx = e[0] - p[0], apy = e[1] - p[1];
    double denom = cross(d[0], d[1], ex, ey);
    if (denom != 0) {
        double t = cross(apx, apy, ex, ey) / denom, u = cross(apx, apy, d[0], d[1]) / denom;
        if (t >= -SLACK && t <= 1 + SLACK && u >= -SLACK && u <= 1 + SLACK) {
            t = CLAMP(t, 0, 1);
            g_array_append_val(c->cuts, t);
        }
        return;
    }
    if (cross(apx, apy, d[0], d[1]) != 0)
        return; /* parallel, apart */
    double dd = d[0] * d[0] + d[1] * d[1];
    double ta = (apx * d[0] + apy * d[1]) / dd;
    double tb = ((e[2] - p[0]) * d[0] + (e[3] - p[1]) * d[1]) / dd;
    double lo = MAX(MIN(ta, tb), 0), hi = MIN(MAX(ta, tb), 1);
    if (lo > hi)
        return;
    g_array_append_val(c->cuts, lo);
    g_array_append_val(c->cuts, hi);
    g_array_append_val(c->along, lo);
    g_array_append_val(c->along, hi);
}

static gboolean runs_along(const segment_cuts *c, double t)
{
    for (guint k = 0; k + 1 < c->along->len; k += 2)
        if (t >= g_array_index(c->along, double, k) && t <= g_array_index(c->along, double, k + 1))
            return TRUE;
    return FALSE;
}

/* Length inside of segment P-Q, which meets the edges FOUND: cut where it
 * meets them and classify each piece. */
static double pieces_inside(const vi_polyindex *ix, const double *p, const double *q,
                            const GArray *found, segment_cuts *c, gboolean *any)
{
    double d[2] = {q[0] - p[0], q[1] - p[1]};
    g_array_set_size(c->cuts, 0);
    g_array_set_size(c->along, 0);
    double zero = 0, one = 1;
    g_array_append_val(c->cuts, zero);
    g_array_append_val(c->cuts, one);
    for (guint k = 0; k < found->len; k++)
        meet_edge(p, d, spindex_item(ix->edges, g_array_index(found, int, k)), c);
    if (c->cuts->len > 2)
        *any = TRUE; /* it touches or crosses the boundary */
    qsort(c->cuts->data, c->cuts->len, sizeof(double), compare_double);
    double inside = 0;
    for (guint k = 0; k + 1 < c->cuts->len; k++) {
        double ta = g_array_index(c->cuts, double, k), tb = g_array_index(c->cuts, double, k + 1);
        if (tb <= ta)
            continue;
        double tm = (ta + tb) / 2;
        if (!runs_along(c, tm) && !polyindex_contains(ix, p[0] + tm * d[0], p[1] + tm * d[1]))
            continue;
        *any = TRUE;
        /* The segment's own ends exactly, so an uncut segment measures as line_length() does. */
        double ax = ta == 0 ? p[0] : p[0] + ta * d[0], ay = ta == 0 ? p[1] : p[1] + ta * d[1];
        double bx = tb == 1 ? q[0] : p[0] + tb * d[0], by = tb == 1 ? q[1] : p[1] + tb * d[1];
        inside += geodesy_distance(VI_ELLIPSOID_CGCS2000, ax, ay, bx, by);
    }
    return inside;
}

double polyindex_line_inside(const vi_polyindex *ix, const double *xy, int n, gboolean *meets)
{
    segment_cuts c = {g_array_new(FALSE, FALSE, sizeof(double)),
                      g_array_new(FALSE, FALSE, sizeof(double))};
    GArray *near = g_array_new(FALSE, FALSE, sizeof(int));
    double inside = 0;
    gboolean any = FALSE;
    /* The side of the last point classified, while no edge came between. */
    gboolean known = FALSE, in = FALSE;
    for (int i = 1; i < n; i++) {
        const double *p = xy + 2 * (i - 1), *q = xy + 2 * i;
        if (p[0] == q[0] && p[1] == q[1])
            continue;
        double minx = MIN(p[0], q[0]), maxx = MAX(p[0], q[0]);
        double miny = MIN(p[1], q[1]), maxy = MAX(p[1], q[1]);
        if (maxx < ix->minx || minx > ix->maxx || maxy < ix->miny || miny > ix->maxy) {
            known = TRUE, in = FALSE;
            continue;
        }
        const GArray *found = edges_in(ix, minx, miny, maxx, maxy);
        if (found->len > 0) {
            /* FOUND is the index's scratch array, which contains() reuses. */
            g_array_set_size(near, 0);
            g_array_append_vals(near, found->data, found->len);
            inside += pieces_inside(ix, p, q, near, &c, &any);
            known = FALSE;
            continue;
        }
        if (!known) {
            in = polyindex_contains(ix, (p[0] + q[0]) / 2, (p[1] + q[1]) / 2);
            known = TRUE;
        }
        if (in) {
            inside += geodesy_distance(VI_ELLIPSOID_CGCS2000, p[0], p[1], q[0], q[1]);
            any = TRUE;
        }
    }
    /* A line of one point, or one whose segments all have no length. */
    if (!any && n > 0 && polyindex_contains(ix, xy[0], xy[1]))
        any = TRUE;
    g_array_free(c.cuts, TRUE);
    g_array_free(c.along, TRUE);
    g_array_free(near, TRUE);
    if (any && meets)
        *meets = TRUE;
    return inside;
}
