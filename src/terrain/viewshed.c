/*
 * viewshed.c - tower visibility over a DEM: one GDAL viewshed per tower, read
 * at the targets.  Interface in viewshed.h.
 *
 * GDAL's viewshed works in cell units and assumes square cells in metres, so
 * a DEM in degrees (or feet, or rotated) is warped into the Gauss-Krüger zone
 * of its centre first, in memory.  Whether a target is inside the DEM is
 * decided on the DEM as given, so the empty corners a warp adds never count.
 * GDAL's messages go to our GError, never to stderr.
 *
 * A handle (vi_viewshed) keeps the DEM open, its warp and the targets placed
 * on it, with a spatial index over them, so that each tower costs one
 * viewshed (limited to its radius) and a look at the targets within it;
 * viewshed_visible() is a handle used once.
 */
#include "viewshed.h"
#include "i18n.h"
#include "gkzone.h"
#include "spindex.h"
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

/* Transforms N points XY by CT into X and Y; a point PROJ cannot transform
 * gets HUGE_VAL and so counts as outside. */
static void transform(OGRCoordinateTransformationH ct, const double *xy, int n, double *x,
                      double *y)
{
    if (n <= 0)
        return;
    for (int i = 0; i < n; i++) {
        x[i] = xy[2 * i];
        y[i] = xy[2 * i + 1];
    }
    int *success = g_new0(int, n);
    OCTTransformEx(ct, n, x, y, NULL, success);
    for (int i = 0; i < n; i++)
        if (!success[i])
            x[i] = y[i] = HUGE_VAL;
    g_free(success);
}

/* A transformation from FROM to a copy of SRS, both in x = east (longitude)
 * order; NULL when PROJ has none. */
static OGRCoordinateTransformationH transformation_to(OGRSpatialReferenceH from,
                                                      OGRSpatialReferenceH srs)
{
    OGRSpatialReferenceH dst = OSRClone(srs);
    OSRSetAxisMappingStrategy(dst, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(from, dst);
    OSRDestroySpatialReference(dst);
    return ct;
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

/* ---- a DEM held open for many viewsheds ---------------------------------- */

struct vi_viewshed {
    char *path;
    GDALDatasetH dem;                    /* as given */
    OGRSpatialReferenceH srs;            /* the DEM's, borrowed from it */
    double gt[6], inv[6];                /* the DEM's geotransform and its inverse */
    int epsg;                            /* of the points handed in */
    OGRSpatialReferenceH from;           /* EPSG, x = east */
    OGRCoordinateTransformationH to_dem; /* EPSG to the DEM's CRS */
    /* Set by viewshed_prepare(): */
    GDALDatasetH work;                    /* the DEM, or its warp (owned) */
    OGRCoordinateTransformationH to_work; /* EPSG to WORK's CRS (to_dem when WORK is the DEM) */
    int ntargets;
    double *tx, *ty;   /* the targets in WORK's CRS */
    int *item_target;  /* the targets inside the DEM, ascending */
    vi_spindex *index; /* of those, item k being target item_target[k] */
};

vi_viewshed *viewshed_open(const char *dem_path, int epsg, GError **err)
{
    /* Measures run on parallel threads, and GDAL's driver registration must
     * not run twice at once: register once, whichever thread comes first. */
    static gsize registered;
    if (g_once_init_enter(&registered)) {
        GDALAllRegister();
        g_once_init_leave(&registered, 1);
    }
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    vi_viewshed *vs = g_new0(vi_viewshed, 1);
    vs->path = g_strdup(dem_path);
    vs->epsg = epsg;
    vs->dem = GDALOpen(dem_path, GA_ReadOnly);
    gboolean ok = FALSE;
    if (!vs->dem) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot read DEM '%s': %s"), dem_path,
                    gdal_reason());
        goto out;
    }
    vs->srs = GDALGetSpatialRef(vs->dem);
    if (GDALGetRasterCount(vs->dem) < 1 || !vs->srs ||
        GDALGetGeoTransform(vs->dem, vs->gt) != CE_None || !GDALInvGeoTransform(vs->gt, vs->inv)) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("cannot read DEM '%s': %s"), dem_path,
                    GDALGetRasterCount(vs->dem) < 1 ? _("it has no raster band")
                    : !vs->srs                      ? _("it has no coordinate reference system")
                                                    : _("it has no georeferencing"));
        goto out;
    }
    vs->from = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(vs->from, epsg);
    OSRSetAxisMappingStrategy(vs->from, OAMS_TRADITIONAL_GIS_ORDER);
    vs->to_dem = transformation_to(vs->from, vs->srs);
    if (!vs->to_dem) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot read DEM '%s': no transformation from EPSG:%d to its CRS: %s"),
                    dem_path, epsg, gdal_reason());
        goto out;
    }
    ok = TRUE;
out:
    CPLPopErrorHandler();
    if (!ok) {
        viewshed_free(vs);
        return NULL;
    }
    return vs;
}

void viewshed_free(vi_viewshed *vs)
{
    if (!vs)
        return;
    if (vs->to_work && vs->to_work != vs->to_dem)
        OCTDestroyCoordinateTransformation(vs->to_work);
    if (vs->to_dem)
        OCTDestroyCoordinateTransformation(vs->to_dem);
    if (vs->from)
        OSRDestroySpatialReference(vs->from);
    if (vs->work && vs->work != vs->dem)
        GDALClose(vs->work);
    if (vs->dem)
        GDALClose(vs->dem);
    spindex_free(vs->index);
    g_free(vs->item_target);
    g_free(vs->tx);
    g_free(vs->path);
    g_free(vs);
}

int viewshed_inside(vi_viewshed *vs, const double *xy, int n, gboolean *out_inside)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    double *x = g_new(double, 2 * (size_t)n + 1), *y = x + n;
    transform(vs->to_dem, xy, n, x, y);
    int count = 0;
    for (int i = 0; i < n; i++) {
        double col, row;
        to_cell(vs->inv, x[i], y[i], &col, &row);
        out_inside[i] = cell_inside(vs->dem, col, row);
        count += out_inside[i];
    }
    g_free(x);
    CPLPopErrorHandler();
    return count;
}

gboolean viewshed_prepare(vi_viewshed *vs, const double *target_xy, int ntargets, GError **err)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    gboolean ok = FALSE;
    if (!vs->work) {
        if (viewshed_ready(vs->dem, vs->srs, vs->gt)) {
            vs->work = vs->dem;
            vs->to_work = vs->to_dem;
        } else {
            vs->work = warp_to_zone(vs->path, vs->dem, vs->srs, vs->gt, err);
            if (!vs->work)
                goto out;
            vs->to_work = transformation_to(vs->from, GDALGetSpatialRef(vs->work));
            if (!vs->to_work) {
                g_set_error(
                    err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot read DEM '%s': no transformation from EPSG:%d to its CRS: %s"),
                    vs->path, vs->epsg, gdal_reason());
                goto out;
            }
        }
    }
    /* Inside or outside is judged on the DEM as given; the viewsheds are
     * read at the targets' places in the raster they run on. */
    spindex_free(vs->index);
    g_free(vs->item_target);
    g_free(vs->tx);
    vs->ntargets = ntargets;
    vs->tx = g_new(double, 2 * (size_t)ntargets + 1);
    vs->ty = vs->tx + ntargets;
    gboolean *inside = g_new(gboolean, ntargets + 1);
    viewshed_inside(vs, target_xy, ntargets, inside);
    transform(vs->to_work, target_xy, ntargets, vs->tx, vs->ty);
    vs->item_target = g_new(int, ntargets + 1);
    double *ixy = g_new(double, 2 * (size_t)ntargets + 1);
    int nitems = 0;
    for (int i = 0; i < ntargets; i++)
        if (inside[i] && isfinite(vs->tx[i]) && isfinite(vs->ty[i])) {
            vs->item_target[nitems] = i;
            ixy[2 * nitems] = vs->tx[i];
            ixy[2 * nitems + 1] = vs->ty[i];
            nitems++;
        }
    vs->index = spindex_new_points(ixy, nitems);
    g_free(ixy);
    g_free(inside);
    ok = TRUE;
out:
    CPLPopErrorHandler();
    return ok;
}

/* Appends to OUT the targets among ITEMS (NITEMS index items, ascending)
 * that the viewshed raster VS shows as visible, within MAX_M (0: no limit)
 * of the tower at TOWER_X, TOWER_Y. */
static gboolean read_viewshed(const vi_viewshed *v, GDALDatasetH vs, const int *items, int nitems,
                              double tower_x, double tower_y, double max_m, GArray *out)
{
    int w = GDALGetRasterXSize(vs), h = GDALGetRasterYSize(vs);
    double gt[6], inv[6];
    if (GDALGetGeoTransform(vs, gt) != CE_None || !GDALInvGeoTransform(gt, inv))
        return FALSE;
    guint8 *cells = g_malloc((size_t)w * h);
    gboolean ok = GDALRasterIO(GDALGetRasterBand(vs, 1), GF_Read, 0, 0, w, h, cells, w, h, GDT_Byte,
                               0, 0) == CE_None;
    for (int k = 0; ok && k < nitems; k++) {
        int i = v->item_target[items ? items[k] : k];
        if (max_m > 0 && hypot(v->tx[i] - tower_x, v->ty[i] - tower_y) > max_m)
            continue;
        double col, row;
        to_cell(inv, v->tx[i], v->ty[i], &col, &row);
        if (col < 0 || row < 0 || col >= w || row >= h)
            continue;
        if (cells[(size_t)row * w + (size_t)col] == VISIBLE)
            g_array_append_val(out, i);
    }
    g_free(cells);
    return ok;
}

static int int_cmp(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return (a > b) - (a < b);
}

gboolean viewshed_tower(vi_viewshed *vs, const double *tower_xy, double tower_height_m,
                        double target_height_m, double max_m, GArray *out, GError **err)
{
    g_return_val_if_fail(vs->work != NULL, FALSE);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    double x, y;
    transform(vs->to_work, tower_xy, 1, &x, &y);
    /* The targets near enough to matter; the exact distance test is
     * read_viewshed()'s, the index's radius a little wider. */
    GArray *near = NULL;
    int nitems = spindex_size(vs->index);
    if (max_m > 0) {
        near = g_array_new(FALSE, FALSE, sizeof(int));
        spindex_within(vs->index, x, y, max_m * (1 + 1e-9) + 1e-3, near);
        g_array_sort(near, int_cmp);
        nitems = (int)near->len;
    }
    CPLErrorReset();
    GDALDatasetH v =
        GDALViewshedGenerate(GDALGetRasterBand(vs->work, 1), "MEM", "", NULL, x, y, tower_height_m,
                             target_height_m, VISIBLE, INVISIBLE, INVISIBLE, -1, CURVATURE_COEFF,
                             GVM_Edge, max_m, NULL, NULL, GVOT_NORMAL, NULL);
    gboolean ok =
        v && read_viewshed(vs, v, near ? (const int *)near->data : NULL, nitems, x, y, max_m, out);
    if (!ok)
        g_set_error_literal(err, VI_ERROR, VI_ERROR_DATA, gdal_reason());
    if (v)
        GDALClose(v);
    if (near)
        g_array_free(near, TRUE);
    CPLPopErrorHandler();
    return ok;
}

/* ---- visibility from a set of towers ------------------------------------- */

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
    gboolean ok = FALSE;
    gboolean *inside = g_new0(gboolean, MAX(ntowers, ntargets) + 1);
    GArray *seen = g_array_new(FALSE, FALSE, sizeof(int));
    vi_viewshed *vs = viewshed_open(dem_path, 4490, err);
    if (!vs)
        goto out;
    viewshed_inside(vs, tower_lonlat, ntowers, inside);
    for (int t = 0; t < ntowers; t++)
        if (!inside[t]) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot use DEM '%s': tower %d (%.6f, %.6f) is outside it"), dem_path, t,
                        tower_lonlat[2 * t], tower_lonlat[2 * t + 1]);
            goto out;
        }
    int ninside = viewshed_inside(vs, target_lonlat, ntargets, inside);
    if (ntargets > 0 && ninside == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot use DEM '%s': all %d targets are outside it"), dem_path, ntargets);
        goto out;
    }
    if (ntargets == 0 || ntowers == 0) {
        ok = TRUE;
        goto out;
    }
    if (!viewshed_prepare(vs, target_lonlat, ntargets, err))
        goto out;
    int nvisible = 0;
    for (int t = 0; t < ntowers && nvisible < ninside; t++) {
        GError *why = NULL;
        g_array_set_size(seen, 0);
        if (!viewshed_tower(vs, tower_lonlat + 2 * t, tower_height_m[t], target_height_m, max_m,
                            seen, &why)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot compute the viewshed of tower %d over DEM '%s': %s"), t, dem_path,
                        why->message);
            g_error_free(why);
            goto out;
        }
        for (guint k = 0; k < seen->len; k++) {
            int i = g_array_index(seen, int, k);
            if (!out_visible[i]) {
                out_visible[i] = 1;
                nvisible++;
                if (out_tower)
                    out_tower[i] = t;
            }
        }
    }
    ok = TRUE;
out:
    if (!ok)
        for (int i = 0; i < ntargets; i++) {
            out_visible[i] = 0;
            if (out_tower)
                out_tower[i] = -1;
        }
    viewshed_free(vs);
    g_array_free(seen, TRUE);
    g_free(inside);
    return ok;
}
