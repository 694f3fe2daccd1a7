/*
 * test-viewshed.c - tower visibility over synthetic DEMs with a known ridge,
 * written here with GDAL: one projected (EPSG:4545, 10 m cells) and one
 * geographic (EPSG:4490, which viewshed_visible() warps to a Gauss-Krüger
 * zone).  A plain at 100 m with a ridge 30 m high running north-south; the
 * tower stands west of it.  Along the tower's row the answer is plain
 * geometry: a target T cells away behind the ridge R cells away sees the
 * antenna exactly when the antenna height h is at least
 *     h* = (30 T - 1.5 R - T c(R) + R c(T)) / (T - R),
 * c(d) = 0.85714 d^2 / (2a) being the curvature-and-refraction drop.
 */
#include "../unit.h"
#include "gkzone.h"
#include "viewshed.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <string.h>

/* The projected DEM: 200 x 50 cells of 10 m, the ridge in column 100. */
#define NCOLS 200
#define NROWS 50
#define CELL 10.0
#define X0 620000.0  /* EPSG:4545 easting of the west edge (about 109.3E) */
#define Y0 3765000.0 /* northing of the north edge (about 34.0N) */
#define RIDGE_COL 100
#define TOWER_COL 20
#define TOWER_ROW 25

static double plain_or_ridge(int col)
{
    return col == RIDGE_COL ? 130.0 : 100.0;
}

/* Writes a one-band Float32 GTiff of NX x NY cells, height HEIGHT(col), with
 * geotransform GT and CRS EPSG (0: none). */
static void write_dem(const char *path, int nx, int ny, const double *gt, int epsg,
                      double (*height)(int col))
{
    GDALDriverH drv = GDALGetDriverByName("GTiff");
    GDALDatasetH ds = GDALCreate(drv, path, nx, ny, 1, GDT_Float32, NULL);
    GDALSetGeoTransform(ds, (double *)gt);
    if (epsg) {
        OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
        OSRImportFromEPSG(srs, epsg);
        char *wkt = NULL;
        OSRExportToWkt(srs, &wkt);
        GDALSetProjection(ds, wkt);
        CPLFree(wkt);
        OSRDestroySpatialReference(srs);
    }
    float *row = g_new(float, nx);
    for (int c = 0; c < nx; c++)
        row[c] = (float)height(c);
    for (int r = 0; r < ny; r++)
        if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, r, nx, 1, row, nx, 1, GDT_Float32,
                         0, 0) != CE_None) {
            fprintf(stderr, "FAIL cannot write %s\n", path);
            exit(1);
        }
    g_free(row);
    GDALClose(ds);
}

/* Longitude/latitude of the centre of cell (COL, ROW) of the projected DEM. */
static void cell_lonlat(double col, double row, double *lonlat)
{
    lonlat[0] = X0 + (col + 0.5) * CELL;
    lonlat[1] = Y0 - (row + 0.5) * CELL;
    GError *err = NULL;
    if (!gk_unproject(4545, lonlat, 1, &err)) {
        fprintf(stderr, "FAIL gk_unproject: %s\n", err->message);
        exit(1);
    }
}

/* Curvature and refraction drop at D metres, as GDAL applies it. */
static double drop(double d)
{
    return 0.85714 * d * d / (2 * 6378137.0);
}

typedef struct {
    const char *what;
    double col, row;
    int visible;
} target;

/* Runs viewshed_visible() for the towers and TARGETS and checks each answer. */
static void check(const char *dem, const char *what, const double *towers, const double *heights,
                  int ntowers, const target *targets, int ntargets, double max_m,
                  const int *expect_tower)
{
    double *ll = g_new(double, 2 * ntargets);
    for (int i = 0; i < ntargets; i++)
        cell_lonlat(targets[i].col, targets[i].row, ll + 2 * i);
    guint8 *vis = g_new(guint8, ntargets);
    int *by = g_new(int, ntargets);
    GError *err = NULL;
    if (!viewshed_visible(dem, towers, heights, ntowers, ll, ntargets, 1.5, max_m, vis, by, &err)) {
        FAIL("%s: %s", what, err->message);
        g_clear_error(&err);
    }
    for (int i = 0; i < ntargets; i++) {
        if (vis[i] != targets[i].visible)
            FAIL("%s: %s: expected %s, got %s", what, targets[i].what,
                 targets[i].visible ? "visible" : "hidden", vis[i] ? "visible" : "hidden");
        int want = expect_tower ? expect_tower[i] : (targets[i].visible ? 0 : -1);
        if (by[i] != want)
            FAIL("%s: %s: expected tower %d, got %d", what, targets[i].what, want, by[i]);
    }
    g_free(by);
    g_free(vis);
    g_free(ll);
}

static void test_projected(const char *dem)
{
    double tower[2];
    cell_lonlat(TOWER_COL, TOWER_ROW, tower);
    double h = 10;
    const target targets[] = {
        {"in front, on the tower's row", 60, TOWER_ROW, 1},
        {"in front, off the row", 50, 10, 1},
        {"on the ridge", RIDGE_COL, 30, 1},
        {"just behind the ridge", 110, TOWER_ROW, 0},
        {"behind the ridge, off the row", 120, 40, 0},
        {"far behind the ridge", 180, TOWER_ROW, 0},
        {"outside the DEM", -40, TOWER_ROW, 0},
    };
    check(dem, "10 m tower", tower, &h, 1, targets, G_N_ELEMENTS(targets), 0, NULL);

    /* The target 160 cells out, behind the ridge 80 cells out: the antenna
     * height that just sees it, from the geometry in the header comment. */
    double R = (RIDGE_COL - TOWER_COL), T = 160;
    double hstar = (30 * T - 1.5 * R - T * drop(R * CELL) + R * drop(T * CELL)) / (T - R);
    const target far_seen[] = {{"160 cells out, tower above h*", TOWER_COL + T, TOWER_ROW, 1}};
    const target far_hidden[] = {{"160 cells out, tower below h*", TOWER_COL + T, TOWER_ROW, 0}};
    double above = hstar + 0.01, below = hstar - 0.01;
    check(dem, "tower 1 cm above h*", tower, &above, 1, far_seen, 1, 0, NULL);
    check(dem, "tower 1 cm below h*", tower, &below, 1, far_hidden, 1, 0, NULL);
    printf("h* = %.3f m for a target %.0f m out behind a 30 m ridge %.0f m out\n", hstar, T * CELL,
           R * CELL);

    /* A distance limit: the target 400 m away is seen within 500 m, not 300 m. */
    const target near_in[] = {{"400 m away, limit 500 m", 60, TOWER_ROW, 1}};
    const target near_out[] = {{"400 m away, limit 300 m", 60, TOWER_ROW, 0}};
    check(dem, "limit 500 m", tower, &h, 1, near_in, 1, 500, NULL);
    check(dem, "limit 300 m", tower, &h, 1, near_out, 1, 300, NULL);

    /* A second tower east of the ridge sees what the first cannot. */
    double towers[4], heights[2] = {10, 10};
    cell_lonlat(TOWER_COL, TOWER_ROW, towers);
    cell_lonlat(180, TOWER_ROW, towers + 2);
    const target both[] = {
        {"west, seen by tower 0", 60, TOWER_ROW, 1},
        {"east, seen by tower 1", 150, TOWER_ROW, 1},
        {"outside the DEM", 260, TOWER_ROW, 0},
    };
    const int by[] = {0, 1, -1};
    check(dem, "two towers", towers, heights, 2, both, G_N_ELEMENTS(both), 0, by);
}

static void test_errors(const char *dem, const char *nocrs)
{
    double towers[4], heights[2] = {10, 10}, targets[4];
    guint8 vis[2] = {7, 7};
    int by[2] = {7, 7};
    GError *err = NULL;
    cell_lonlat(TOWER_COL, TOWER_ROW, towers);
    cell_lonlat(NCOLS + 5, TOWER_ROW, towers + 2);
    cell_lonlat(60, TOWER_ROW, targets);
    cell_lonlat(-5, TOWER_ROW, targets + 2);

    char *expected = g_strdup_printf("cannot use DEM '%s': tower 1 (%.6f, %.6f) is outside it", dem,
                                     towers[2], towers[3]);
    if (viewshed_visible(dem, towers, heights, 2, targets, 2, 1.5, 0, vis, by, &err) ||
        g_strcmp0(err ? err->message : NULL, expected))
        FAIL("tower outside: %s", err ? err->message : "(accepted)");
    if (vis[0] != 0 || vis[1] != 0 || by[0] != -1 || by[1] != -1)
        FAIL("tower outside: outputs not cleared");
    g_clear_error(&err);
    g_free(expected);

    double outside[4];
    cell_lonlat(-5, TOWER_ROW, outside);
    cell_lonlat(TOWER_COL, NROWS + 3, outside + 2);
    expected = g_strdup_printf("cannot use DEM '%s': all 2 targets are outside it", dem);
    if (viewshed_visible(dem, towers, heights, 1, outside, 2, 1.5, 0, vis, by, &err) ||
        g_strcmp0(err ? err->message : NULL, expected))
        FAIL("all targets outside: %s", err ? err->message : "(accepted)");
    g_clear_error(&err);
    g_free(expected);

    if (viewshed_visible("/nonexistent/dem.tif", towers, heights, 1, targets, 2, 1.5, 0, vis, by,
                         &err) ||
        !err || !g_str_has_prefix(err->message, "cannot read DEM '/nonexistent/dem.tif': "))
        FAIL("missing DEM: %s", err ? err->message : "(accepted)");
    g_clear_error(&err);

    expected =
        g_strdup_printf("cannot read DEM '%s': it has no coordinate reference system", nocrs);
    if (viewshed_visible(nocrs, towers, heights, 1, targets, 2, 1.5, 0, vis, by, &err) ||
        g_strcmp0(err ? err->message : NULL, expected))
        FAIL("DEM without CRS: %s", err ? err->message : "(accepted)");
    g_clear_error(&err);
    g_free(expected);

    /* No towers: nothing is visible, and that is not an error. */
    if (!viewshed_visible(dem, towers, heights, 0, targets, 2, 1.5, 0, vis, by, &err) || vis[0] ||
        vis[1])
        FAIL("no towers: %s", err ? err->message : "a target is visible");
    g_clear_error(&err);
}

/* The geographic DEM: 0.0001-degree cells, the ridge 5 cells wide (so the
 * warp keeps its height), the tower west of it. */
#define G_LON0 109.30
#define G_LAT0 34.006
#define G_CELL 0.0001

static double geo_height(int col)
{
    return col >= 150 && col < 155 ? 130.0 : 100.0;
}

static void test_geographic(const char *dem)
{
    double gt[6] = {G_LON0, G_CELL, 0, G_LAT0, 0, -G_CELL};
    write_dem(dem, 300, 60, gt, 4490, geo_height);
    /* Cell centres in degrees. */
    double tower[2] = {G_LON0 + 40.5 * G_CELL, G_LAT0 - 30.5 * G_CELL}, h = 10;
    static const struct {
        const char *what;
        double col, row;
        int visible;
    } cases[] = {
        // clang-format off
        {"in front", 100, 30, 1},
        {"in front, north", 110, 8, 1},
        {"in front, south", 120, 52, 1},
        {"on the ridge", 152, 30, 1},
        {"just behind the ridge", 170, 30, 0},
        {"behind, north", 220, 15, 0},
        {"behind, south", 260, 45, 0},
        {"outside, west", -20, 30, 0},
        // clang-format on
    };
    int n = G_N_ELEMENTS(cases);
    double ll[2 * G_N_ELEMENTS(cases)];
    for (int i = 0; i < n; i++) {
        ll[2 * i] = G_LON0 + (cases[i].col + 0.5) * G_CELL;
        ll[2 * i + 1] = G_LAT0 - (cases[i].row + 0.5) * G_CELL;
    }
    guint8 vis[G_N_ELEMENTS(cases)];
    GError *err = NULL;
    if (!viewshed_visible(dem, tower, &h, 1, ll, n, 1.5, 0, vis, NULL, &err)) {
        FAIL("geographic DEM: %s", err->message);
        g_clear_error(&err);
        return;
    }
    for (int i = 0; i < n; i++)
        if (vis[i] != cases[i].visible)
            FAIL("geographic DEM: %s: expected %s, got %s", cases[i].what,
                 cases[i].visible ? "visible" : "hidden", vis[i] ? "visible" : "hidden");
    /* An antenna 400 m up (a mast on a hilltop) sees over the ridge, even
     * the place 140 m behind it: its sight line clears the ridge's far edge
     * 1060 m out at 148 m. */
    h = 400;
    viewshed_visible(dem, tower, &h, 1, ll, n, 1.5, 0, vis, NULL, &err);
    for (int i = 0; i < n; i++)
        if (vis[i] != (cases[i].col >= 0))
            FAIL("geographic DEM, 400 m tower: %s: got %s", cases[i].what,
                 vis[i] ? "visible" : "hidden");
    g_clear_error(&err);
}

int main(void)
{
    GDALAllRegister();
    char *dir = g_dir_make_tmp("test-viewshed-XXXXXX", NULL);
    char *dem = g_build_filename(dir, "ridge.tif", NULL);
    char *nocrs = g_build_filename(dir, "nocrs.tif", NULL);
    char *geo = g_build_filename(dir, "ridge-lonlat.tif", NULL);
    double gt[6] = {X0, CELL, 0, Y0, 0, -CELL};
    write_dem(dem, NCOLS, NROWS, gt, 4545, plain_or_ridge);
    write_dem(nocrs, NCOLS, NROWS, gt, 0, plain_or_ridge);

    test_projected(dem);
    test_errors(dem, nocrs);
    test_geographic(geo);

    g_remove(dem);
    g_remove(nocrs);
    g_remove(geo);
    g_rmdir(dir);
    g_free(dem);
    g_free(nocrs);
    g_free(geo);
    g_free(dir);
    return unit_result();
}
