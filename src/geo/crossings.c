/*
 * crossings.c - cut roads where they cross a river with no bridge.  See
 * crossings.h.
 *
 * Crossings are found segment by segment, with each polyline's bounding box
 * (and each segment's) as the filter: rivers and roads are few hundred
 * lines per county, and most pairs are far apart.
 */
#include "crossings.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
    double minx, miny, maxx, maxy;
} box;

static box line_box(const double *xy, int n)
{
    box b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (int i = 0; i < n; i++) {
        b.minx = fmin(b.minx, xy[2 * i]);
        b.maxx = fmax(b.maxx, xy[2 * i]);
        b.miny = fmin(b.miny, xy[2 * i + 1]);
        b.maxy = fmax(b.maxy, xy[2 * i + 1]);
    }
    return b;
}

static gboolean boxes_meet(const box *a, const box *b)
{
    return a->minx <= b->maxx && b->minx <= a->maxx && a->miny <= b->maxy && b->miny <= a->maxy;
}

/* Where segment A-B meets segment C-D, as the fraction *T along A-B.
 * Parallel segments do not cross (a road running along a river bank is
 * not a crossing). */
static gboolean segments_cross(const double *a, const double *b, const double *c, const double *d,
                               double *t)
{
    double rx = b[0] - a[0], ry = b[1] - a[1], sx = d[0] - c[0], sy = d[1] - c[1];
    double den = rx * sy - ry * sx;
    if (fabs(den) < 1e-12 * (fabs(rx) + fabs(ry)) * (fabs(sx) + fabs(sy)) || den == 0)
        return FALSE;
    double qx = c[0] - a[0], qy = c[1] - a[1];
    double tt = (qx * sy - qy * sx) / den, u = (qx * ry - qy * rx) / den;
    if (tt < 0 || tt > 1 || u < 0 || u > 1)
        return FALSE;
    *t = tt;
    return TRUE;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

static gboolean bridged(double x, double y, const double *bridge_xy, int nbridges, double bridge_m)
{
    for (int i = 0; i < nbridges; i++)
        if (hypot(bridge_xy[2 * i] - x, bridge_xy[2 * i + 1] - y) <= bridge_m)
            return TRUE;
    return FALSE;
}

/* The point at arc length S along XY (cumulative lengths CUM). */
static void point_at(const double *xy, const double *cum, int n, double s, int *seg, double *p)
{
    int i = 0;
    while (i < n - 2 && cum[i + 1] < s)
        i++;
    double len = cum[i + 1] - cum[i], f = len > 0 ? (s - cum[i]) / len : 0;
    f = CLAMP(f, 0.0, 1.0);
    p[0] = xy[2 * i] + f * (xy[2 * i + 2] - xy[2 * i]);
    p[1] = xy[2 * i + 1] + f * (xy[2 * i + 3] - xy[2 * i + 1]);
    *seg = i;
}

/* Appends the stretch [S0, S1] of XY to LINES and its point count to NPOINTS. */
static void add_stretch(GPtrArray *lines, GArray *npoints, const double *xy, const double *cum,
                        int n, double s0, double s1)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(double));
    double p[2];
    int i0, i1;
    point_at(xy, cum, n, s0, &i0, p);
    g_array_append_vals(out, p, 2);
    point_at(xy, cum, n, s1, &i1, p);
    for (int v = i0 + 1; v <= i1; v++)
        if (cum[v] > s0 && cum[v] < s1)
            g_array_append_vals(out, xy + 2 * v, 2);
    g_array_append_vals(out, p, 2);
    int np = (int)out->len / 2;
    g_ptr_array_add(lines, g_array_free(out, FALSE));
    g_array_append_val(npoints, np);
}

vi_crossings *crossings_cut(const double *const *road_xy, const int *road_npoints, int nroads,
                            const double *const *river_xy, const int *river_npoints, int nrivers,
                            const double *bridge_xy, int nbridges, double bridge_m)
{
    vi_crossings *c = g_new0(vi_crossings, 1);
    GPtrArray *lines = g_ptr_array_new();
    GArray *npoints = g_array_new(FALSE, FALSE, sizeof(int));
    GArray *unbridged = g_array_new(FALSE, FALSE, sizeof(double));
    box *river_box = g_new(box, nrivers + 1);
    for (int r = 0; r < nrivers; r++)
        river_box[r] = line_box(river_xy[r], river_npoints[r]);
    GArray *cuts = g_array_new(FALSE, FALSE, sizeof(double)); /* arc lengths, per road */
    for (int l = 0; l < nroads; l++) {
        const double *xy = road_xy[l];
        int n = road_npoints[l];
        double *cum = g_new(double, n > 0 ? n : 1);
        cum[0] = 0;
        for (int i = 1; i < n; i++)
            cum[i] = cum[i - 1] + hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
        box rb = line_box(xy, n);
        GArray *found = g_array_new(FALSE, FALSE, sizeof(double));
        for (int r = 0; r < nrivers; r++) {
            if (!boxes_meet(&rb, &river_box[r]))
                continue;
            const double *rxy = river_xy[r];
            for (int i = 0; i + 1 < n; i++) {
                box sb = line_box(xy + 2 * i, 2);
                if (!boxes_meet(&sb, &river_box[r]))
                    continue;
                for (int k = 0; k + 1 < river_npoints[r]; k++) {
                    box kb = line_box(rxy + 2 * k, 2);
                    double t;
                    if (boxes_meet(&sb, &kb) && segments_cross(xy + 2 * i, xy + 2 * i + 2,
                                                               rxy + 2 * k, rxy + 2 * k + 2, &t)) {
                        double s = cum[i] + t * (cum[i + 1] - cum[i]);
                        g_array_append_val(found, s);
                    }
                }
            }
        }
        /* A crossing at a shared vertex is met by the segments on both sides. */
        g_array_sort(found, cmp_double);
        g_array_set_size(cuts, 0);
        for (guint k = 0; k < found->len; k++) {
            double s = g_array_index(found, double, k);
            if (k > 0 && s - g_array_index(found, double, k - 1) < 0.01)
                continue;
            c->crossings++;
            double p[2];
            int seg;
            point_at(xy, cum, n, s, &seg, p);
            if (bridged(p[0], p[1], bridge_xy, nbridges, bridge_m))
                continue;
            c->unbridged++;
            g_array_append_vals(unbridged, p, 2);
            g_array_append_val(cuts, s);
        }
        /* The road between the cuts, less VI_CROSSING_GAP_M on each side of each. */
        double from = 0, total = n > 0 ? cum[n - 1] : 0;
        for (guint k = 0; k <= cuts->len; k++) {
            double to = k < cuts->len ? g_array_index(cuts, double, k) - VI_CROSSING_GAP_M : total;
            if (n >= 2 && to > from)
                add_stretch(lines, npoints, xy, cum, n, from, to);
            if (k < cuts->len)
                from = g_array_index(cuts, double, k) + VI_CROSSING_GAP_M;
        }
        g_array_free(found, TRUE);
        g_free(cum);
    }
    g_array_free(cuts, TRUE);
    g_free(river_box);
    c->nlines = (int)lines->len;
    c->line_xy = (double **)g_ptr_array_free(lines, FALSE);
    c->line_npoints = (int *)g_array_free(npoints, FALSE);
    c->unbridged_xy = (double *)g_array_free(unbridged, FALSE);
    return c;
}

void crossings_free(vi_crossings *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->nlines; i++)
        g_free(c->line_xy[i]);
    g_free(c->line_xy);
    g_free(c->line_npoints);
    g_free(c->unbridged_xy);
    g_free(c);
}
