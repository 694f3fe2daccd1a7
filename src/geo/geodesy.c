/*
 * geodesy.c - geodesic lengths and areas through PROJ's geod_* routines.
 */
#include "geodesy.h"
#include "registry.h"

#include <geodesic.h>
#include <math.h>

/* geod_init() precomputes series coefficients; do it once per ellipsoid. */
static const struct geod_geodesic *ellipsoid(vi_ellipsoid e)
{
    static struct geod_geodesic cgcs2000, wgs84;
    static gsize ready;
    if (g_once_init_enter(&ready)) {
        geod_init(&cgcs2000, 6378137.0, 1.0 / 298.257222101);
        geod_init(&wgs84, 6378137.0, 1.0 / 298.257223563);
        g_once_init_leave(&ready, 1);
    }
    return e == VI_ELLIPSOID_WGS84 ? &wgs84 : &cgcs2000;
}

double geodesy_distance(vi_ellipsoid e, double lon1, double lat1, double lon2, double lat2)
{
    double s12 = 0;
    geod_inverse(ellipsoid(e), lat1, lon1, lat2, lon2, &s12, NULL, NULL);
    return s12;
}

double geodesy_line_length(const vi_geom *g)
{
    if (g->type != VI_GEOM_LINE)
        return 0;
    const struct geod_geodesic *geod = ellipsoid(VI_ELLIPSOID_CGCS2000);
    double total = 0;
    for (int p = 0; p < g->nparts; p++) {
        for (int i = g->part_start[p] + 1; i < g->part_start[p + 1]; i++) {
            const double *a = g->xy + 2 * (i - 1), *b = g->xy + 2 * i;
            double s12 = 0;
            geod_inverse(geod, a[1], a[0], b[1], b[0], &s12, NULL, NULL);
            total += s12;
        }
    }
    return total;
}

double geodesy_polygon_area(const vi_geom *g, double *perimeter)
{
    if (perimeter)
        *perimeter = 0;
    if (g->type != VI_GEOM_POLYGON)
        return 0;
    const struct geod_geodesic *geod = ellipsoid(VI_ELLIPSOID_CGCS2000);
    double *lats = g_new(double, g->npoints), *lons = g_new(double, g->npoints);
    double area = 0;
    for (int r = 0; r < g->nparts; r++) {
        int start = g->part_start[r], n = g->part_start[r + 1] - start;
        /* WKB rings repeat the first vertex at the end; geod_polygonarea closes
         * the ring itself. */
        if (n > 1 && g->xy[2 * start] == g->xy[2 * (start + n - 1)] &&
            g->xy[2 * start + 1] == g->xy[2 * (start + n - 1) + 1])
            n--;
        if (n < 3)
            continue;
        for (int i = 0; i < n; i++) {
            lons[i] = g->xy[2 * (start + i)];
            lats[i] = g->xy[2 * (start + i) + 1];
        }
        double a = 0, p = 0;
        geod_polygonarea(geod, lats, lons, n, &a, &p);
        /* The first ring of each polygon is its shell, the others are holes. */
        gboolean shell = r == 0 || g->part_poly[r] != g->part_poly[r - 1];
        area += shell ? fabs(a) : -fabs(a);
        if (perimeter)
            *perimeter += p;
    }
    g_free(lats);
    g_free(lons);
    return area;
}
