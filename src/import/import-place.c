/*
 * import-place.c - distances and overlaps of imported features and village
 * polygons, in metres on a Gauss-Krüger plane (import-place.h).
 */
#include "i18n.h"
#include "import-place.h"
#include "gkzone.h"
#include "spindex.h"

#include <math.h>

/* Append every vertex of G to XY (x, y pairs), or with WRITE set them from
 * XY, from *AT on, in the same order. */
static void walk_vertices(OGRGeometryH g, GArray *xy, gboolean write, guint *at)
{
    int parts = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < parts; i++)
        walk_vertices(OGR_G_GetGeometryRef(g, i), xy, write, at);
    int n = parts > 0 ? 0 : OGR_G_GetPointCount(g);
    if (n == 0)
        return;
    if (!write)
        g_array_set_size(xy, *at + 2 * (guint)n);
    double *p = &g_array_index(xy, double, *at);
    if (write)
        OGR_G_SetPoints(g, n, p, 2 * sizeof(double), p + 1, 2 * sizeof(double), NULL, 0);
    else
        OGR_G_GetPoints(g, p, 2 * sizeof(double), p + 1, 2 * sizeof(double), NULL, 0);
    *at += 2 * (guint)n;
}

/* Project every vertex of G in place into zone EPSG; FALSE when one cannot
 * be.  One projection for all parts: setting PROJ up costs more than
 * projecting a thousand points, and an overlap can have thousands of parts. */
static gboolean project_vertices(OGRGeometryH g, int epsg)
{
    GArray *xy = g_array_new(FALSE, FALSE, sizeof(double));
    guint at = 0;
    walk_vertices(g, xy, FALSE, &at);
    gboolean ok = gk_project(epsg, (double *)(void *)xy->data, xy->len / 2, NULL);
    at = 0;
    if (ok)
        walk_vertices(g, xy, TRUE, &at);
    g_array_free(xy, TRUE);
    return ok;
}

/* The zone of AREA's centre, for measuring near it. */
static int zone_of(OGRGeometryH area)
{
    OGREnvelope env;
    OGR_G_GetEnvelope(area, &env);
    return gk_zone_epsg((env.MinX + env.MaxX) / 2);
}

/* A copy of G in zone EPSG (caller destroys), or NULL. */
static OGRGeometryH projected(OGRGeometryH g, int epsg)
{
    OGRGeometryH p = OGR_G_Clone(g);
    if (epsg && project_vertices(p, epsg))
        return p;
    OGR_G_DestroyGeometry(p);
    return NULL;
}

/* Every segment of G as x1, y1, x2, y2; a point is a segment of no length. */
static void collect_segments(OGRGeometryH g, GArray *seg)
{
    int parts = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < parts; i++)
        collect_segments(OGR_G_GetGeometryRef(g, i), seg);
    int n = parts > 0 ? 0 : OGR_G_GetPointCount(g);
    for (int i = n == 1 ? 0 : 1; i < n; i++) {
        double s[4] = {OGR_G_GetX(g, i ? i - 1 : 0), OGR_G_GetY(g, i ? i - 1 : 0), OGR_G_GetX(g, i),
                       OGR_G_GetY(g, i)};
        g_array_append_vals(seg, s, 4);
    }
}

/* The least distance from an end of the segments FROM to the segments TO,
 * if less than BEST.  Only TO's segments near FROM's box are indexed. */
static double nearest_ends(const GArray *from, const GArray *to, double best)
{
    const double *f = (const double *)(const void *)from->data;
    const double *t = (const double *)(const void *)to->data;
    guint nf = from->len / 4, nt = to->len / 4;
    double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
    for (guint i = 0; i < nf; i++)
        for (int k = 0; k < 4; k += 2) {
            minx = fmin(minx, f[4 * i + k]), maxx = fmax(maxx, f[4 * i + k]);
            miny = fmin(miny, f[4 * i + k + 1]), maxy = fmax(maxy, f[4 * i + k + 1]);
        }
    GArray *near = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; i < nt; i++) {
        const double *s = t + 4 * i;
        if (fmin(s[0], s[2]) <= maxx + best && fmax(s[0], s[2]) >= minx - best &&
            fmin(s[1], s[3]) <= maxy + best && fmax(s[1], s[3]) >= miny - best)
            g_array_append_vals(near, s, 4);
    }
    vi_spindex *ix =
        spindex_new_segments((const double *)(const void *)near->data, (int)(near->len / 4));
    for (guint i = 0; i < nf && near->len > 0; i++)
        for (int k = 0; k < 4; k += 2) {
            double d;
            if (spindex_nearest(ix, f[4 * i + k], f[4 * i + k + 1], best, &d) >= 0 && d < best)
                best = d;
        }
    spindex_free(ix);
    g_array_free(near, TRUE);
    return best;
}

/* GEOS's distance (OGR_G_Distance) compares every segment of one geometry
 * with every segment of the other: hours for a million-vertex GPS track
 * and a detailed village.  The least distance between geometries that do
 * not cross lies between an end of a segment of one and a segment of the
 * other, which an index of the segments finds in logarithmic time each. */
double place_distance_m(OGRGeometryH g, OGRGeometryH area)
{
    int epsg = zone_of(area);
    OGRGeometryH pg = projected(g, epsg), pa = projected(area, epsg);
    double d = INFINITY;
    if (pg && pa) {
        GArray *sg = g_array_new(FALSE, FALSE, sizeof(double));
        GArray *sa = g_array_new(FALSE, FALSE, sizeof(double));
        collect_segments(pg, sg);
        collect_segments(pa, sa);
        d = nearest_ends(sa, sg, nearest_ends(sg, sa, INFINITY));
        g_array_free(sg, TRUE);
        g_array_free(sa, TRUE);
    }
    OGR_G_DestroyGeometry(pg);
    OGR_G_DestroyGeometry(pa);
    return d;
}

/* Area of the surfaces of G, projected.  An overlap of neighbours is often
 * a line or a point, or a collection holding some: only surfaces have an
 * area (GDAL warns on the others). */
static double surface_area(OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbGeometryCollection) {
        double sum = 0;
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            sum += surface_area(OGR_G_GetGeometryRef(g, i));
        return sum;
    }
    return t == wkbPolygon || t == wkbMultiPolygon ? OGR_G_Area(g) : 0;
}

double place_area_m2(OGRGeometryH g)
{
    /* Projected whole, not part by part: a detailed boundary against a
     * coarse one overlaps in thousands of slivers. */
    OGRGeometryH p = projected(g, zone_of(g));
    double a = p ? surface_area(p) : 0;
    OGR_G_DestroyGeometry(p);
    return a;
}

double place_overlap_m2(OGRGeometryH a, OGRGeometryH b)
{
    OGREnvelope ea, eb;
    OGR_G_GetEnvelope(a, &ea);
    OGR_G_GetEnvelope(b, &eb);
    if (ea.MaxX < eb.MinX || eb.MaxX < ea.MinX || ea.MaxY < eb.MinY || eb.MaxY < ea.MinY ||
        !OGR_G_Intersects(a, b))
        return 0;
    OGRGeometryH common = OGR_G_Intersection(a, b);
    double area = common ? place_area_m2(common) : 0;
    OGR_G_DestroyGeometry(common);
    return area;
}

char *place_distance_text(double metres)
{
    if (!isfinite(metres))
        return g_strdup(_("an unmeasurable distance"));
    return metres < 1000 ? g_strdup_printf("%.0f m", metres)
                         : g_strdup_printf("%.1f km", metres / 1000);
}

char *place_area_text(double square_metres)
{
    return square_metres < 10000     ? g_strdup_printf("%.0f m²", square_metres)
           : square_metres < 1000000 ? g_strdup_printf("%.1f ha", square_metres / 10000)
                                     : g_strdup_printf("%.2f km²", square_metres / 1000000);
}
