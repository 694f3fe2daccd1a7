/*
 * hillshade.c - relief shading from a DEM, with GDAL.  See hillshade.h.
 */
#include "hillshade.h"
#include "i18n.h"
#include "vi-error.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <math.h>
#include <ogr_srs_api.h>

/* Grid spacing on paper: fine enough to look smooth (smoothed further by
 * bilinear filtering), coarse enough that an A2 page stays quick; PDF and
 * SVG keep the grid as an image, so they get a coarser one. */
#define CELL_MM_PNG 0.25
#define CELL_MM_VECTOR 0.35
/* The DEM window read at most this many pixels a side (read reduced beyond). */
#define MAX_READ 4096

gboolean hillshade_draw(vi_map *m, const char *path, double alpha, GError **err)
{
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    if (!ds) {
        const char *why = CPLGetLastErrorMsg();
        if (why && *why)
            g_set_error(err, VI_ERROR, VI_ERROR_IO, _("'%s': cannot read the elevation model: %s"),
                        path, why);
        else
            g_set_error(err, VI_ERROR, VI_ERROR_IO,
                        _("'%s': cannot read the elevation model: not a raster GDAL can open"),
                        path);
        return FALSE;
    }
    gboolean ok = FALSE;
    double gt[6], inv[6];
    OGRSpatialReferenceH dem_srs = NULL, map_srs = NULL;
    OGRCoordinateTransformationH ct = NULL;
    double *pts = NULL;
    float *win = NULL, *z = NULL;
    cairo_surface_t *img = NULL;
    const char *wkt = GDALGetProjectionRef(ds);
    if (GDALGetGeoTransform(ds, gt) != CE_None || !GDALInvGeoTransform(gt, inv) || !wkt || !*wkt) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s': the elevation model has no georeferencing or no coordinate system"),
                    path);
        goto out;
    }
    dem_srs = OSRNewSpatialReference(wkt);
    map_srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(map_srs, map_epsg(m));
    OSRSetAxisMappingStrategy(dem_srs, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(map_srs, OAMS_TRADITIONAL_GIS_ORDER);
    /* A DEM in the map's own zone (the demo's) needs no transformation. */
    gboolean same = OSRIsSame(dem_srs, map_srs);
    ct = same ? NULL : OCTNewCoordinateTransformation(map_srs, dem_srs);
    if (!same && !ct) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s': cannot transform the map's coordinates into the elevation model's"),
                    path);
        goto out;
    }
    double fx, fy, fw, fh;
    map_frame(m, &fx, &fy, &fw, &fh);
    const double CELL_MM = map_page(m)->format == VI_OUT_PNG ? CELL_MM_PNG : CELL_MM_VECTOR;
    int nx = (int)ceil(fw / CELL_MM) + 2, ny = (int)ceil(fh / CELL_MM) + 2;
    size_t n = (size_t)nx * (size_t)ny;
    pts = g_new(double, 2 * n);
    double *xs = g_new(double, n), *ys = g_new(double, n);
    for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
            size_t k = (size_t)j * (size_t)nx + (size_t)i;
            map_from_page(m, fx + (i - 0.5) * CELL_MM, fy + (j - 0.5) * CELL_MM, &xs[k], &ys[k]);
        }
    }
    int *okp = g_new(int, n);
    for (size_t k = 0; k < n; k++)
        okp[k] = TRUE;
    if (ct)
        OCTTransformEx(ct, (int)n, xs, ys, NULL, okp);
    /* Pixel coordinates, and the window of the DEM they fall in. */
    double px0 = INFINITY, py0 = INFINITY, px1 = -INFINITY, py1 = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        double px = inv[0] + inv[1] * xs[k] + inv[2] * ys[k];
        double py = inv[3] + inv[4] * xs[k] + inv[5] * ys[k];
        pts[2 * k] = okp[k] ? px : NAN;
        pts[2 * k + 1] = okp[k] ? py : NAN;
        if (okp[k]) {
            px0 = fmin(px0, px);
            py0 = fmin(py0, py);
            px1 = fmax(px1, px);
            py1 = fmax(py1, py);
        }
    }
    g_free(xs);
    g_free(ys);
    g_free(okp);
    int W = GDALGetRasterXSize(ds), H = GDALGetRasterYSize(ds);
    int x0 = MAX(0, (int)floor(px0) - 1), y0 = MAX(0, (int)floor(py0) - 1);
    int x1 = MIN(W, (int)ceil(px1) + 2), y1 = MIN(H, (int)ceil(py1) + 2);
    if (x1 - x0 < 2 || y1 - y0 < 2) {
        ok = TRUE; /* the DEM does not reach this map: nothing to shade */
        goto out;
    }
    int rw = MIN(x1 - x0, MAX_READ), rh = MIN(y1 - y0, MAX_READ);
    double sx = (double)rw / (x1 - x0), sy = (double)rh / (y1 - y0);
    win = g_new(float, (size_t)rw *(size_t)rh);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    int has_nodata = 0;
    double nodata = GDALGetRasterNoDataValue(band, &has_nodata);
    if (GDALRasterIO(band, GF_Read, x0, y0, x1 - x0, y1 - y0, win, rw, rh, GDT_Float32, 0, 0) !=
        CE_None) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("'%s': cannot read elevations: %s"), path,
                    CPLGetLastErrorMsg());
        goto out;
    }
    /* Elevation at every grid node, bilinear. */
    z = g_new(float, n);
    for (size_t k = 0; k < n; k++) {
        double u = (pts[2 * k] - x0) * sx - 0.5, v = (pts[2 * k + 1] - y0) * sy - 0.5;
        z[k] = NAN;
        if (!(u >= 0 && v >= 0 && u <= rw - 1 && v <= rh - 1))
            continue;
        int iu = MIN((int)u, rw - 2), iv = MIN((int)v, rh - 2);
        double fu = u - iu, fv = v - iv;
        float a = win[(size_t)iv * rw + iu], b = win[(size_t)iv * rw + iu + 1];
        float c = win[(size_t)(iv + 1) * rw + iu], d = win[(size_t)(iv + 1) * rw + iu + 1];
        if (has_nodata && (a == nodata || b == nodata || c == nodata || d == nodata))
            continue;
        z[k] = (float)((a * (1 - fu) + b * fu) * (1 - fv) + (c * (1 - fu) + d * fu) * fv);
    }
    /* Horn's slope and aspect on the grid, whose spacing is CELL_MM of paper. */
    double cell_m = CELL_MM * map_metres_per_mm(m);
    const double alt = 45 * G_PI / 180, az = 315 * G_PI / 180;
    const double lx = sin(az) * cos(alt), ly = cos(az) * cos(alt), lz = sin(alt);
    int iw = nx - 2, ih = ny - 2;
    /* An alpha mask only: a quarter of the bytes of a colour image. */
    img = cairo_image_surface_create(CAIRO_FORMAT_A8, iw, ih);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int j = 1; j < ny - 1; j++) {
        guint8 *row = data + (size_t)(j - 1) * (size_t)stride;
        for (int i = 1; i < nx - 1; i++) {
#define Z(di, dj) z[(size_t)(j + (dj)) * (size_t)nx + (size_t)(i + (di))]
            double a = Z(-1, -1), b = Z(0, -1), c = Z(1, -1), d = Z(-1, 0), f = Z(1, 0),
                   g = Z(-1, 1), h = Z(0, 1), k = Z(1, 1);
#undef Z
            if (isnan(a + b + c + d + f + g + h + k)) {
                row[i - 1] = 0;
                continue;
            }
            /* Rows run south on the page: dz/dy is north minus south. */
            double dzdx = ((c + 2 * f + k) - (a + 2 * d + g)) / (8 * cell_m);
            double dzdy = ((a + 2 * b + c) - (g + 2 * h + k)) / (8 * cell_m);
            /* The surface normal against the light (east, north, up). */
            double len = sqrt(dzdx * dzdx + dzdy * dzdy + 1);
            double shade = (-dzdx * lx - dzdy * ly + lz) / len;
            /* Dark where turned from the light more than flat ground is;
             * premultiplied black over the map's background. */
            double dark = fmin(1, fmax(0, (lz - shade) / lz)) * alpha;
            row[i - 1] = (guint8)lround(dark * 255);
        }
    }
    cairo_surface_mark_dirty(img);
    cairo_t *cr = map_cairo(m);
    cairo_save(cr);
    cairo_translate(cr, fx, fy);
    cairo_scale(cr, CELL_MM, CELL_MM);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_pattern_t *mask = cairo_pattern_create_for_surface(img);
    cairo_pattern_set_filter(mask, CAIRO_FILTER_BILINEAR);
    cairo_mask(cr, mask);
    cairo_pattern_destroy(mask);
    cairo_restore(cr);
    ok = TRUE;
out:
    if (img)
        cairo_surface_destroy(img);
    g_free(z);
    g_free(win);
    g_free(pts);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (map_srs)
        OSRDestroySpatialReference(map_srs);
    if (dem_srs)
        OSRDestroySpatialReference(dem_srs);
    GDALClose(ds);
    return ok;
}
