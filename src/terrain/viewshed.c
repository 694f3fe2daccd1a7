/*
 * viewshed.c - tower visibility over a DEM: one GDAL viewshed per tower, read
 * at the targets.  Interface in viewshed.h.
 *
 * GDAL's viewshed works in cell units and assumes square cells in metres, so
 * a DEM in degrees (or feet, or rotated) is warped into the Gauss-Krüger zone
 * of its centre first, in memory.  Whether a target is inside the DEM is
 * decided on the DEM as given, so the empty corners a warp adds never count.
 * GDAL's messages go to our GError, never to stderr.
 */
#include "viewshed.h"
#include "i18n.h"
#include "gkzone.h"
#include "vi-error.h"

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdal_utils.h>
#include <math.h>
#include <ogr_srs_api.h>

/* Earth curvature less standard refraction, as gdal_viewshed's -cc default. */
#define CURVATURE_COEFF 0.85714
#define VISIBLE 255
#define INVISIBLE 0

static const char *gdal_reason(void)
{
    const char *msg = CPLGetLastErrorMsg();
    return msg && *msg ? msg : _("unknown GDAL error");
}

/* Transforms N lon/lat points (EPSG:4490) to SRS, into X and Y. */
static gboolean lonlat_to(OGRSpatialReferenceH srs, const double *lonlat, int n, double *x,
                          double *y)
{
    OGRSpatialReferenceH cgcs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(cgcs, 4490);
    OSRSetAxisMappingStrategy(cgcs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH dst = OSRClone(srs);
    OSRSetAxisMappingStrategy(dst, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(cgcs, dst);
    gboolean ok = ct != NULL;
    if (ok && n > 0) {
        for (int i = 0; i < n; i++) {
            x[i] = lonlat[2 * i];
            y[i] = lonlat[2 * i + 1];
        }
        int *success = g_new0(int, n);
        /* A point PROJ cannot transform keeps HUGE_VAL and counts as outside. */
        OCTTransformEx(ct, n, x, y, NULL, success);
        for (int i = 0; i < n; i++)
            if (!success[i])
                x[i] = y[i] = HUGE_VAL;
        g_free(success);
    }
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(dst);
    OSRDestroySpatialReference(cgcs);
    return ok;
}

/* Cell (col, row) of point X, Y in a dataset whose inverse geotransform is INV. */
static void to_cell(const double *inv, double x, double y, double *col, double *row)
{
    *col = inv[0] + inv[1] * x + inv[2] * y;
    *row = inv[3] + inv[4] * x + inv[5] * y;
}

static gboolean cell_inside(GDALDatasetH ds, double col, double row)
{
    return col >= 0 && row >= 0 && col < GDALGetRasterXSize(ds) && row < GDALGetRasterYSize(ds);
}

/* Whether GDAL's viewshed can run on DS as it is: projected in metres, with
 * square north-up cells. */
static gboolean viewshed_ready(GDALDatasetH ds, OGRSpatialReferenceH srs, const double *gt)
{
    return OSRIsProjected(srs) && fabs(OSRGetLinearUnits(srs, NULL) - 1.0) < 1e-12 && gt[2] == 0 &&
           gt[4] == 0 && gt[1] > 0 && gt[5] < 0 && fabs(gt[1] + gt[5]) <= 1e-9 * gt[1] &&
           GDALGetRasterCount(ds) >= 1;
}

/* The DEM warped in memory to the Gauss-Krüger zone of its centre. */
static GDALDatasetH warp_to_zone(const char *path, GDALDatasetH dem, OGRSpatialReferenceH srs,
                                 const double *gt, GError **err)
{
    double cx =
        gt[0] + gt[1] * GDALGetRasterXSize(dem) / 2.0 + gt[2] * GDALGetRasterYSize(dem) / 2.0;
    double cy =
        gt[3] + gt[4] * GDALGetRasterXSize(dem) / 2.0 + gt[5] * GDALGetRasterYSize(dem) / 2.0;
    /* The centre's longitude, via the DEM's CRS to CGCS2000. */
    OGRSpatialReferenceH cgcs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(cgcs, 4490);
    OSRSetAxisMappingStrategy(cgcs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH from = OSRClone(srs);
    OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(from, cgcs);
    gboolean located = ct && OCTTransform(ct, 1, &cx, &cy, NULL);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(from);
    OSRDestroySpatialReference(cgcs);
    int epsg = located ? gk_zone_epsg(cx) : 0;
    if (!epsg) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot use DEM '%s': its centre is not in a CGCS2000 Gauss-Kruger zone"),
                    path);
        return NULL;
    }
    char *zone = g_strdup_printf("EPSG:%d", epsg);
    char *argv[] = {"-of", "MEM", "-t_srs", zone, "-r", "bilinear", NULL};
    GDALWarpAppOptions *opts = GDALWarpAppOptionsNew(argv, NULL);
    int usage_error = 0;
    GDALDatasetH warped = GDALWarp("", NULL, 1, &dem, opts, &usage_error);
    GDALWarpAppOptionsFree(opts);
    g_free(zone);
    if (!warped)
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot warp DEM '%s' to EPSG:%d: %s"), path,
                    epsg, gdal_reason());
    return warped;
}

/* Marks the targets that the viewshed VS (a GDAL viewshed raster) shows as visible. */
static gboolean read_viewshed(GDALDatasetH vs, int tower, const double *tx, const double *ty,
                              double tower_x, double tower_y, double max_m, const gboolean *inside,
                              int ntargets, guint8 *out_visible, int *out_tower)
{
    int w = GDALGetRasterXSize(vs), h = GDALGetRasterYSize(vs);
    double gt[6], inv[6];
    if (GDALGetGeoTransform(vs, gt) != CE_None || !GDALInvGeoTransform(gt, inv))
        return FALSE;
    guint8 *cells = g_malloc((size_t)w * h);
    gboolean ok = GDALRasterIO(GDALGetRasterBand(vs, 1), GF_Read, 0, 0, w, h, cells, w, h, GDT_Byte,
                               0, 0) == CE_None;
    for (int i = 0; ok && i < ntargets; i++) {
        if (!inside[i] || out_visible[i])
            continue;
        if (max_m > 0 && hypot(tx[i] - tower_x, ty[i] - tower_y) > max_m)
            continue;
        double col, row;
        to_cell(inv, tx[i], ty[i], &col, &row);
        if (col < 0 || row < 0 || col >= w || row >= h)
            continue;
        if (cells[(size_t)row * w + (size_t)col] == VISIBLE) {
            out_visible[i] = 1;
            if (out_tower)
                out_tower[i] = tower;
        }
    }
    g_free(cells);
    return ok;
}

gboolean viewshed_visible(const char *dem_path, const double *tower_lonlat,
                          const double *tower_height_m, int ntowers, const double *target_lonlat,
                          int ntargets, double target_height_m, double max_m, guint8 *out_visible,
                          int *out_tower, GError **err)
{
    for (int i = 0; i < ntargets; i++) {
        out_visible[i] = 0;
        if (out_tower)
            out_tower[i] = -1;
    }
    if (ntowers < 0 || ntargets < 0 || !(target_height_m >= 0) || !(max_m >= 0)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot compute visibility over DEM '%s': %d towers, %d targets, "
                      "target height %g m, limit %g m"),
                    dem_path, ntowers, ntargets, target_height_m, max_m);
        return FALSE;
    }
    /* Measures run on parallel threads, and GDAL's driver registration must
     * not run twice at once: register once, whichever thread comes first. */
    static gsize registered;
    if (g_once_init_enter(&registered)) {
        GDALAllRegister();
        g_once_init_leave(&registered, 1);
    }
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    gboolean ok = FALSE;
    GDALDatasetH dem = GDALOpen(dem_path, GA_ReadOnly), work = NULL;
    double *xy = g_new(double, 2 * (size_t)(ntowers + ntargets) + 1);
    double *tower_x = xy, *tower_y = xy + ntowers;
    double *tx = xy + 2 * ntowers, *ty = tx + ntargets;
    gboolean *inside = g_new0(gboolean, ntargets + 1);
    double gt[6], inv[6];
    OGRSpatialReferenceH srs = NULL;

    if (!dem) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot read DEM '%s': %s"), dem_path,
                    gdal_reason());
        goto out;
    }
    srs = GDALGetSpatialRef(dem);
    if (GDALGetRasterCount(dem) < 1 || !srs || GDALGetGeoTransform(dem, gt) != CE_None ||
        !GDALInvGeoTransform(gt, inv)) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("cannot read DEM '%s': %s"), dem_path,
                    GDALGetRasterCount(dem) < 1 ? _("it has no raster band")
                    : !srs                      ? _("it has no coordinate reference system")
                                                : _("it has no georeferencing"));
        goto out;
    }

    /* Inside or outside is judged on the DEM as given. */
    if (!lonlat_to(srs, tower_lonlat, ntowers, tower_x, tower_y) ||
        !lonlat_to(srs, target_lonlat, ntargets, tx, ty)) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot read DEM '%s': no transformation from EPSG:4490 to its CRS: %s"),
                    dem_path, gdal_reason());
        goto out;
    }
    for (int t = 0; t < ntowers; t++) {
        double col, row;
        to_cell(inv, tower_x[t], tower_y[t], &col, &row);
        if (!cell_inside(dem, col, row)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot use DEM '%s': tower %d (%.6f, %.6f) is outside it"), dem_path, t,
                        tower_lonlat[2 * t], tower_lonlat[2 * t + 1]);
            goto out;
        }
    }
    int ninside = 0;
    for (int i = 0; i < ntargets; i++) {
        double col, row;
        to_cell(inv, tx[i], ty[i], &col, &row);
        inside[i] = cell_inside(dem, col, row);
        ninside += inside[i];
    }
    if (ntargets > 0 && ninside == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot use DEM '%s': all %d targets are outside it"), dem_path, ntargets);
        goto out;
    }
    if (ntargets == 0 || ntowers == 0) {
        ok = TRUE;
        goto out;
    }

    /* The raster the viewshed runs on, and the points in its CRS. */
    if (viewshed_ready(dem, srs, gt)) {
        work = dem;
    } else {
        work = warp_to_zone(dem_path, dem, srs, gt, err);
        if (!work)
            goto out;
        OGRSpatialReferenceH wsrs = GDALGetSpatialRef(work);
        lonlat_to(wsrs, tower_lonlat, ntowers, tower_x, tower_y);
        lonlat_to(wsrs, target_lonlat, ntargets, tx, ty);
    }

    GDALRasterBandH band = GDALGetRasterBand(work, 1);
    int nvisible = 0;
    for (int t = 0; t < ntowers && nvisible < ninside; t++) {
        CPLErrorReset();
        GDALDatasetH vs =
            GDALViewshedGenerate(band, "MEM", "", NULL, tower_x[t], tower_y[t], tower_height_m[t],
                                 target_height_m, VISIBLE, INVISIBLE, INVISIBLE, -1,
                                 CURVATURE_COEFF, GVM_Edge, max_m, NULL, NULL, GVOT_NORMAL, NULL);
        if (!vs || !read_viewshed(vs, t, tx, ty, tower_x[t], tower_y[t], max_m, inside, ntargets,
                                  out_visible, out_tower)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot compute the viewshed of tower %d over DEM '%s': %s"), t, dem_path,
                        gdal_reason());
            if (vs)
                GDALClose(vs);
            goto out;
        }
        GDALClose(vs);
        nvisible = 0;
        for (int i = 0; i < ntargets; i++)
            nvisible += out_visible[i];
    }
    ok = TRUE;
out:
    if (!ok)
        for (int i = 0; i < ntargets; i++) {
            out_visible[i] = 0;
            if (out_tower)
                out_tower[i] = -1;
        }
    if (work && work != dem)
        GDALClose(work);
    if (dem)
        GDALClose(dem);
    CPLPopErrorHandler();
    g_free(inside);
    g_free(xy);
    return ok;
}
