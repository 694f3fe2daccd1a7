/*
 * test-polyindex.c - the length of a line inside a village (polyindex.h),
 * which places a line in "the village holding most of it": exact on a
 * dense line and a dense ring whose answer is known, and equal to what
 * GEOS's intersection measures (the import's method before) on jittery
 * lines and on every line of the demo and the import fixtures.
 */
#include "geodesy.h"
#include "geom.h"
#include "polyindex.h"
#include "../unit.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdlib.h>

/* A vi_geom of OGR geometry G (caller clears). */
static void to_geom(OGRGeometryH g, vi_geom *out)
{
    int size = OGR_G_WkbSize(g);
    unsigned char *wkb = g_malloc((size_t)size);
    OGR_G_ExportToIsoWkb(g, wkbNDR, wkb);
    GError *err = NULL;
    if (!geom_from_wkb(wkb, (size_t)size, out, &err)) {
        FAIL("geom_from_wkb: %s", err->message);
        g_clear_error(&err);
    }
    g_free(wkb);
}

/* Length of every part of line G inside IX. */
static double inside_of(const vi_polyindex *ix, const vi_geom *line, gboolean *meets)
{
    double total = 0;
    for (int p = 0; p < line->nparts; p++)
        total += polyindex_line_inside(ix, line->xy + 2 * line->part_start[p],
                                       line->part_start[p + 1] - line->part_start[p], meets);
    return total;
}

/* What the import measured before: the geodesic length of GEOS's intersection. */
static double geos_inside(OGRGeometryH line, OGRGeometryH area)
{
    OGRGeometryH common = OGR_G_Intersection(line, area);
    double total = 0;
    if (!common)
        return -1;
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(common));
    if (t == wkbLineString || t == wkbMultiLineString || t == wkbGeometryCollection) {
        vi_geom g = {0};
        OGRGeometryH lines = OGR_G_ForceToMultiLineString(common);
        to_geom(lines, &g);
        total = geodesy_line_length(&g);
        geom_clear(&g);
        OGR_G_DestroyGeometry(lines);
    } else {
        OGR_G_DestroyGeometry(common);
    }
    return total;
}

/* A rectangle from X0, Y0 to X1, Y1 with N points on each side, shifted
 * sideways by up to JITTER (a ragged boundary that does not cross itself). */
static OGRGeometryH dense_box(double x0, double y0, double x1, double y1, int n, double jitter,
                              GRand *rnd)
{
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    double cx[] = {x0, x1, x1, x0, x0}, cy[] = {y0, y0, y1, y1, y0};
    for (int side = 0; side < 4; side++)
        for (int i = 0; i < n; i++) {
            double t = (double)i / n, j = i && rnd ? g_rand_double_range(rnd, -jitter, jitter) : 0;
            double x = cx[side] + t * (cx[side + 1] - cx[side]);
            double y = cy[side] + t * (cy[side + 1] - cy[side]);
            OGR_G_AddPoint_2D(ring, side % 2 ? x + j : x, side % 2 ? y : y + j);
        }
    OGR_G_AddPoint_2D(ring, x0, y0);
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
    OGR_G_AddGeometryDirectly(poly, ring);
    return poly;
}

static void check_exact(void)
{
    /* A meridian of 200,000 vertices through a box of 40,000 boundary
     * points: inside is the stretch between the box's bottom and top,
     * whose geodesic length is the meridian arc. */
    vi_geom box = {0};
    OGRGeometryH poly = dense_box(109.28, 34.05, 109.32, 34.15, 10000, 0, NULL);
    to_geom(poly, &box);
    vi_polyindex *ix = polyindex_new(&box);
    int n = 200000;
    double *xy = g_new(double, 2 * n);
    for (int i = 0; i < n; i++)
        xy[2 * i] = 109.3, xy[2 * i + 1] = 34.0 + 0.2 * i / (n - 1);
    gboolean meets = FALSE;
    double got = polyindex_line_inside(ix, xy, n, &meets);
    double want = geodesy_distance(VI_ELLIPSOID_CGCS2000, 109.3, 34.05, 109.3, 34.15);
    if (fabs(got - want) > 1e-4 || !meets)
        FAIL("dense meridian: expected %.6f m inside, got %.6f m (meets %d)", want, got, meets);

    /* Along the bottom edge: the boundary belongs to the village.  Cut at
     * its vertices, the pieces follow the parallel, a few micrometres
     * longer than the one geodesic between the ends. */
    double along[] = {109.29, 34.05, 109.31, 34.05};
    meets = FALSE;
    got = polyindex_line_inside(ix, along, 2, &meets);
    want = geodesy_distance(VI_ELLIPSOID_CGCS2000, 109.29, 34.05, 109.31, 34.05);
    if (fabs(got - want) > 1e-5 || !meets)
        FAIL("along the boundary: expected %.6f m, got %.6f m (meets %d)", want, got, meets);

    /* Touching a corner only: meets, nothing inside. */
    double corner[] = {109.27, 34.04, 109.28, 34.05, 109.27, 34.06};
    meets = FALSE;
    got = polyindex_line_inside(ix, corner, 3, &meets);
    if (got != 0 || !meets)
        FAIL("touching a corner: expected 0 m and meets, got %.9f m (meets %d)", got, meets);

    /* Outside: neither. */
    double apart[] = {109.20, 34.0, 109.25, 34.2};
    meets = FALSE;
    got = polyindex_line_inside(ix, apart, 2, &meets);
    if (got != 0 || meets)
        FAIL("outside: expected 0 m, got %.9f m (meets %d)", got, meets);
    g_free(xy);
    polyindex_free(ix);
    geom_clear(&box);
    OGR_G_DestroyGeometry(poly);
}

/* Points on a grid: the index answers as geom_polygon_contains() does. */
static void check_contains(const vi_geom *poly, const vi_polyindex *ix, const char *what)
{
    double minx, miny, maxx, maxy;
    geom_bounds(poly, &minx, &miny, &maxx, &maxy);
    int differ = 0;
    for (int i = -5; i <= 105; i++)
        for (int j = -5; j <= 105; j++) {
            double x = minx + (maxx - minx) * i / 100, y = miny + (maxy - miny) * j / 100;
            differ += polyindex_contains(ix, x, y) != geom_polygon_contains(poly, x, y);
        }
    if (differ)
        FAIL("%s: polyindex_contains differs from geom_polygon_contains at %d points", what,
             differ);
}

/* Compare polyindex with GEOS for LINE against AREA. */
static void agree(OGRGeometryH line, OGRGeometryH area, const vi_polyindex *ix, const char *what)
{
    vi_geom g = {0};
    OGRGeometryH multi = OGR_G_ForceToMultiLineString(OGR_G_Clone(line));
    to_geom(multi, &g);
    gboolean meets = FALSE;
    double got = inside_of(ix, &g, &meets), want = geos_inside(line, area);
    if (fabs(got - want) > 1e-6 + 1e-9 * want)
        FAIL("%s: expected %.6f m inside (GEOS), got %.6f m", what, want, got);
    if (meets != OGR_G_Intersects(line, area))
        FAIL("%s: expected meets %d (GEOS), got %d", what, OGR_G_Intersects(line, area), meets);
    geom_clear(&g);
    OGR_G_DestroyGeometry(multi);
}

static void check_jittery(void)
{
    /* A GPS trace that wanders across a ragged boundary and across itself. */
    GRand *rnd = g_rand_new_with_seed(11);
    OGRGeometryH poly = dense_box(109.30, 34.05, 109.32, 34.07, 500, 2e-6, rnd);
    vi_geom box = {0};
    to_geom(poly, &box);
    vi_polyindex *ix = polyindex_new(&box);
    check_contains(&box, ix, "ragged box");
    for (int k = 0; k < 4; k++) {
        OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
        for (int i = 0; i < 3000; i++) {
            double t = i / 2999.0;
            OGR_G_AddPoint_2D(line, 109.295 + 0.03 * t + g_rand_double_range(rnd, -4e-5, 4e-5),
                              34.05 + 0.004 * k + 0.01 * sin(9 * t) +
                                  g_rand_double_range(rnd, -4e-5, 4e-5));
        }
        char *what = g_strdup_printf("jittery line %d", k);
        agree(line, poly, ix, what);
        g_free(what);
        OGR_G_DestroyGeometry(line);
    }
    polyindex_free(ix);
    geom_clear(&box);
    OGR_G_DestroyGeometry(poly);
    g_rand_free(rnd);
}

/* Every line of LINES against every polygon of VILLAGES (both GeoJSON files
 * under the source tree): the same length inside as GEOS, so the same
 * village holds most of it. */
static void check_files(const char *villages, const char *lines)
{
    char *vpath = g_build_filename(getenv("VINFRA_SRCDIR"), villages, NULL);
    char *lpath = g_build_filename(getenv("VINFRA_SRCDIR"), lines, NULL);
    GDALDatasetH vds = GDALOpenEx(vpath, GDAL_OF_VECTOR, NULL, NULL, NULL);
    GDALDatasetH lds = GDALOpenEx(lpath, GDAL_OF_VECTOR, NULL, NULL, NULL);
    if (!vds || !lds) {
        FAIL("cannot open %s or %s", vpath, lpath);
        goto out;
    }
    GPtrArray *areas = g_ptr_array_new_with_free_func((GDestroyNotify)OGR_G_DestroyGeometry);
    GPtrArray *indexes = g_ptr_array_new_with_free_func((GDestroyNotify)polyindex_free);
    OGRLayerH vl = GDALDatasetGetLayer(vds, 0), ll = GDALDatasetGetLayer(lds, 0);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(vl))) {
        vi_geom g = {0};
        OGRGeometryH area = OGR_G_Clone(OGR_F_GetGeometryRef(f));
        to_geom(area, &g);
        vi_polyindex *ix = polyindex_new(&g);
        check_contains(&g, ix, villages);
        g_ptr_array_add(areas, area);
        g_ptr_array_add(indexes, ix);
        geom_clear(&g);
        OGR_F_Destroy(f);
    }
    int count = 0;
    while ((f = OGR_L_GetNextFeature(ll))) {
        OGRGeometryH line = OGR_F_GetGeometryRef(f);
        for (guint v = 0; v < areas->len; v++) {
            char *what = g_strdup_printf("%s feature %lld in village %u", lines,
                                         (long long)OGR_F_GetFID(f), v);
            agree(line, areas->pdata[v], indexes->pdata[v], what);
            g_free(what);
        }
        count++;
        OGR_F_Destroy(f);
    }
    if (count == 0)
        FAIL("%s: no lines", lpath);
    g_ptr_array_free(areas, TRUE);
    g_ptr_array_free(indexes, TRUE);
out:
    if (vds)
        GDALClose(vds);
    if (lds)
        GDALClose(lds);
    g_free(vpath);
    g_free(lpath);
}

int main(void)
{
    GDALAllRegister();
    check_exact();
    check_jittery();
    check_files("tests/import/villages.geojson", "tests/import/roads.geojson");
    const char *demo[] = {"roads", "water_pipes", "rivers"};
    for (int i = 0; i < 3; i++) {
        char *lines = g_strdup_printf("data/demo/%s.geojson", demo[i]);
        check_files("data/demo/villages.geojson", lines);
        g_free(lines);
    }
    return unit_result();
}
