/*
 * import-place.c - distances and overlaps of imported features and village
 * polygons, in metres on a Gauss-Krüger plane (import-place.h).
 */
#include "import-place.h"
#include "gkzone.h"

#include <math.h>

/* Project every vertex of G in place into zone EPSG; FALSE when one cannot be. */
static gboolean project_vertices(OGRGeometryH g, int epsg)
{
    int parts = OGR_G_GetGeometryCount(g);
    if (parts > 0) {
        for (int i = 0; i < parts; i++)
            if (!project_vertices(OGR_G_GetGeometryRef(g, i), epsg))
                return FALSE;
        return TRUE;
    }
    int n = OGR_G_GetPointCount(g);
    if (n == 0)
        return TRUE;
    double *xy = g_new(double, 2 * (size_t)n);
    for (int i = 0; i < n; i++) {
        xy[2 * i] = OGR_G_GetX(g, i);
        xy[2 * i + 1] = OGR_G_GetY(g, i);
    }
    gboolean ok = gk_project(epsg, xy, (size_t)n, NULL);
    for (int i = 0; ok && i < n; i++)
        OGR_G_SetPoint_2D(g, i, xy[2 * i], xy[2 * i + 1]);
    g_free(xy);
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

double place_distance_m(OGRGeometryH g, OGRGeometryH area)
{
    if (OGR_G_Intersects(g, area))
        return 0;
    int epsg = zone_of(area);
    OGRGeometryH pg = projected(g, epsg), pa = projected(area, epsg);
    double d = pg && pa ? OGR_G_Distance(pg, pa) : INFINITY;
    OGR_G_DestroyGeometry(pg);
    OGR_G_DestroyGeometry(pa);
    return d < 0 ? INFINITY : d;
}

double place_area_m2(OGRGeometryH g)
{
    /* An overlap of neighbours is often a line or a point, or a collection
     * holding some: only surfaces have an area (GDAL warns on the others). */
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbGeometryCollection) {
        double sum = 0;
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            sum += place_area_m2(OGR_G_GetGeometryRef(g, i));
        return sum;
    }
    if (t != wkbPolygon && t != wkbMultiPolygon)
        return 0;
    OGRGeometryH p = projected(g, zone_of(g));
    double a = p ? OGR_G_Area(p) : 0;
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
        return g_strdup("an unmeasurable distance");
    return metres < 1000 ? g_strdup_printf("%.0f m", metres)
                         : g_strdup_printf("%.1f km", metres / 1000);
}

char *place_area_text(double square_metres)
{
    return square_metres < 10000     ? g_strdup_printf("%.0f m²", square_metres)
           : square_metres < 1000000 ? g_strdup_printf("%.1f ha", square_metres / 10000)
                                     : g_strdup_printf("%.2f km²", square_metres / 1000000);
}
