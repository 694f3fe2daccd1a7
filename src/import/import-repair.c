/*
 * import-repair.c - tells a repair that only mends a geometry from one that
 * changes what it is (import-repair.h).
 */
#include "i18n.h"
#include "import-repair.h"
#include "geodesy.h"
#include "import-place.h"

#include <math.h>

/* Parts of G: polygons of a polygon geometry, linestrings of a line; a
 * single geometry is one. */
static int part_count(OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    return t == wkbMultiPolygon || t == wkbMultiLineString || t == wkbGeometryCollection
               ? OGR_G_GetGeometryCount(g)
               : 1;
}

/* Every vertex of G, including holes (GDAL's envelope of a polygon is its shell's). */
static void vertex_envelope(OGRGeometryH g, OGREnvelope *env)
{
    int parts = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < parts; i++)
        vertex_envelope(OGR_G_GetGeometryRef(g, i), env);
    for (int i = 0; parts == 0 && i < OGR_G_GetPointCount(g); i++) {
        double x = OGR_G_GetX(g, i), y = OGR_G_GetY(g, i);
        env->MinX = fmin(env->MinX, x);
        env->MaxX = fmax(env->MaxX, x);
        env->MinY = fmin(env->MinY, y);
        env->MaxY = fmax(env->MaxY, y);
    }
}

static double metres_between(double x1, double y1, double x2, double y2)
{
    return geodesy_distance(VI_ELLIPSOID_CGCS2000, x1, y1, x2, y2);
}

/* How far the farthest part of FIXED lies from its largest (a detached island). */
static double island_distance(OGRGeometryH fixed)
{
    int n = OGR_G_GetGeometryCount(fixed), main = 0;
    double best = -1, far = 0;
    for (int i = 0; i < n; i++) {
        OGRGeometryH p = OGR_G_GetGeometryRef(fixed, i);
        double size =
            wkbFlatten(OGR_G_GetGeometryType(p)) == wkbPolygon ? OGR_G_Area(p) : OGR_G_Length(p);
        if (size > best)
            best = size, main = i;
    }
    for (int i = 0; i < n; i++)
        if (i != main)
            far = fmax(far, place_distance_m(OGR_G_GetGeometryRef(fixed, i),
                                             OGR_G_GetGeometryRef(fixed, main)));
    return far;
}

char *repair_problem(OGRGeometryH before, OGRGeometryH fixed)
{
    int n0 = part_count(before), n1 = part_count(fixed);
    if (n1 > n0) {
        double far = island_distance(fixed);
        char *d = place_distance_text(far);
        char *s = far > 0 ? g_strdup_printf(_("split into %d parts, one %s from the rest (a hole "
                                              "drawn outside its shell?)"),
                                            n1, d)
                          : g_strdup_printf(_("split into %d parts"), n1);
        g_free(d);
        return s;
    }
    if (n1 < n0)
        return g_strdup_printf(_("merge its %d parts into %d (parts overlapping?)"), n0, n1);
    OGREnvelope e0 = {INFINITY, -INFINITY, INFINITY, -INFINITY}, e1 = e0;
    vertex_envelope(before, &e0);
    vertex_envelope(fixed, &e1);
    double cy = (e0.MinY + e0.MaxY) / 2, cx = (e0.MinX + e0.MaxX) / 2;
    double size = metres_between(e0.MinX, e0.MinY, e0.MaxX, e0.MaxY);
    /* Beyond the drawn extent: the repair made something the surveyor did not draw. */
    double beyond = fmax(fmax(metres_between(cx, e0.MinY, cx, fmin(e0.MinY, e1.MinY)),
                              metres_between(cx, e0.MaxY, cx, fmax(e0.MaxY, e1.MaxY))),
                         fmax(metres_between(e0.MinX, cy, fmin(e0.MinX, e1.MinX), cy),
                              metres_between(e0.MaxX, cy, fmax(e0.MaxX, e1.MaxX), cy)));
    OGRGeometryH c0 = OGR_G_CreateGeometry(wkbPoint), c1 = OGR_G_CreateGeometry(wkbPoint);
    gboolean centred = OGR_G_Centroid(before, c0) == OGRERR_NONE &&
                       OGR_G_Centroid(fixed, c1) == OGRERR_NONE && !OGR_G_IsEmpty(c0) &&
                       !OGR_G_IsEmpty(c1);
    double moved = centred ? metres_between(OGR_G_GetX(c0, 0), OGR_G_GetY(c0, 0), OGR_G_GetX(c1, 0),
                                            OGR_G_GetY(c1, 0))
                           : 0;
    OGR_G_DestroyGeometry(c0);
    OGR_G_DestroyGeometry(c1);
    double allowed = fmax(1, 0.01 * size);
    if (beyond > 1 || moved > allowed) {
        char *d = place_distance_text(fmax(beyond, moved));
        char *s = g_strdup_printf(
            beyond > 1 ? _("extend %s beyond what was drawn") : _("move by %s (its centre)"), d);
        g_free(d);
        return s;
    }
    return NULL;
}
