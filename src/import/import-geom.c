/*
 * import-geom.c - the geometry of an imported feature (import-int.h): where
 * it comes from (a geometry field, or a table's coordinate columns, found by
 * import-columns.c), its CRS and the transformation to CGCS2000, the checks of its shape, the region
 * check of every vertex, the repair of an invalid geometry when the repair
 * keeps it what it was; GPS tracks are cleaned by import-track.c, China's
 * surveying CRSs recognised by import-crs.c.
 *
 * Coordinates go through PROJ (OGR coordinate transformations, in
 * traditional GIS order: x is longitude) in one batch per geometry.  GCJ-02
 * and BD-09, which PROJ does not know, are first taken back to WGS84 by
 * chinacrs.c.

 */
#include "i18n.h"
#include "import-int.h"
#include "import-repair.h"
#include "vi-error.h"

#include <cpl_error.h>
#include <math.h>
#include <string.h>

OGRSpatialReferenceH import_lonlat_srs(int epsg)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, epsg);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

typedef struct {
    GArray *xs, *ys;
    gboolean write; /* FALSE: collect vertices into xs/ys; TRUE: write them back */
    guint at;
} vertex_walk;

static void walk_vertices(OGRGeometryH g, vertex_walk *w)
{
    int parts = OGR_G_GetGeometryCount(g);
    if (parts > 0) {
        for (int i = 0; i < parts; i++)
            walk_vertices(OGR_G_GetGeometryRef(g, i), w);
        return;
    }
    int n = OGR_G_GetPointCount(g);
    for (int i = 0; i < n; i++) {
        if (w->write) {
            OGR_G_SetPoint_2D(g, i, g_array_index(w->xs, double, w->at),
                              g_array_index(w->ys, double, w->at));
            w->at++;
        } else {
            double x = OGR_G_GetX(g, i), y = OGR_G_GetY(g, i);
            g_array_append_val(w->xs, x);
            g_array_append_val(w->ys, y);
        }
    }
}

static gboolean in_region(const vi_region *r, double x, double y)
{
    return x >= r->min_lon && x <= r->max_lon && y >= r->min_lat && y <= r->max_lat;
}

/* Why a source position may have landed outside the region. */
static const char *extent_hint(const importer *imp, const source_layer *src, double x, double y)
{
    if (src->geographic) {
        if (in_region(imp->region, y, x))
            return _(": looks like latitude and longitude are swapped");
        /* Projected coordinates stay within a few times the Earth's size. */
        if (fabs(x) > 1e8 || fabs(y) > 1e8)
            return _(": far beyond any coordinate system's range (a broken or mistyped value?)");
        if (fabs(x) > 180 || fabs(y) > 90)
            return _(": looks like projected metres read as degrees (name the file's CRS with "
                     "--src-crs, e.g. EPSG:4545)");
    } else if (fabs(x) <= 180 && fabs(y) <= 90) {
        return _(": looks like degrees in a file declared as projected (name the file's CRS "
                 "with --src-crs, e.g. EPSG:4490)");
    }
    return "";
}

static const char *geometry_expected(int type)
{
    switch (type) {
    case VI_GEOM_POINT:
        return _("a point");
    case VI_GEOM_LINE:
        return _("a line (LINESTRING or MULTILINESTRING)");
    default:
        return _("a polygon (POLYGON or MULTIPOLYGON)");
    }
}

static int geometry_family(OGRwkbGeometryType t)
{
    switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint:
        return VI_GEOM_POINT;
    case wkbLineString:
    case wkbMultiLineString:
        return VI_GEOM_LINE;
    case wkbPolygon:
    case wkbMultiPolygon:
        return VI_GEOM_POLYGON;
    default:
        return -1;
    }
}

/* Transform G in place to CGCS2000 longitude/latitude and check every vertex
 * is inside the plausible region; the error names the source position. */
static gboolean transform_geometry(importer *imp, const source_layer *src, OGRGeometryH g,
                                   const char *label, GError **err)
{
    vertex_walk w = {imp->xs, imp->ys, FALSE, 0};
    g_array_set_size(imp->xs, 0);
    g_array_set_size(imp->ys, 0);
    walk_vertices(g, &w);
    guint n = imp->xs->len;
    double *x = (double *)(void *)imp->xs->data, *y = (double *)(void *)imp->ys->data;
    for (guint i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i])) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("%s: geometry: expected finite coordinates, got %g %g"), label, x[i],
                             y[i]);
            return FALSE;
        }
    g_array_set_size(imp->rawx, 0);
    g_array_set_size(imp->rawy, 0);
    g_array_append_vals(imp->rawx, x, n);
    g_array_append_vals(imp->rawy, y, n);
    if (imp->china != VI_CHINA_NONE)
        for (guint i = 0; i < n; i++)
            chinacrs_to_wgs84(imp->china, x[i], y[i], &x[i], &y[i]);
    int *ok = g_new0(int, n);
    CPLErrorReset();
    if (!OCTTransformEx(src->ct, (int)n, x, y, NULL, ok))
        memset(ok, 0, n * sizeof *ok);
    const vi_region *r = imp->region;
    for (guint i = 0; i < n; i++) {
        if (ok[i] && isfinite(x[i]) && isfinite(y[i]) && in_region(r, x[i], y[i]))
            continue;
        double rx = g_array_index(imp->rawx, double, i), ry = g_array_index(imp->rawy, double, i);
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         _("%s: geometry: expected a position inside %s (%g to %g E, %g to %g N), "
                           "got %.10g %.10g%s"),
                         label, r->name, r->min_lon, r->max_lon, r->min_lat, r->max_lat, rx, ry,
                         extent_hint(imp, src, rx, ry));
        g_free(ok);
        return FALSE;
    }
    g_free(ok);
    w.write = TRUE;
    walk_vertices(g, &w);
    return TRUE;
}

/* Repair an invalid geometry only when the repair keeps its kind, (for
 * polygons) its area within 1%, its parts and its place (import-repair.h);
 * anything else is the surveyor's to fix. */
static gboolean make_valid(importer *imp, OGRGeometryH *g, const char *label, GError **err)
{
    if (imp->layer->geometry == VI_GEOM_POINT || OGR_G_IsValid(*g))
        return TRUE;
    OGRGeometryH fixed = OGR_G_MakeValid(*g);
    double before = OGR_G_Area(*g), after = fixed ? OGR_G_Area(fixed) : 0;
    double change = before > 0 ? fabs(after - before) / before : 1;
    gboolean same = fixed && !OGR_G_IsEmpty(fixed) &&
                    geometry_family(OGR_G_GetGeometryType(fixed)) == imp->layer->geometry;
    if (!same || (imp->layer->geometry == VI_GEOM_POLYGON && change >= 0.01)) {
        if (same)
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("%s: geometry: expected a valid %s, got an invalid one (repairing "
                               "it would change its area by %.1f%%)"),
                             label, imp->layer->geometry == VI_GEOM_LINE ? _("line") : _("polygon"),
                             100 * change);
        else
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("%s: geometry: expected a valid %s, got an invalid one that "
                               "cannot be repaired without changing its kind"),
                             label,
                             imp->layer->geometry == VI_GEOM_LINE ? _("line") : _("polygon"));
        OGR_G_DestroyGeometry(fixed);
        return FALSE;
    }
    char *problem = repair_problem(*g, fixed);
    if (problem) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         _("%s: geometry: expected a valid %s, got an invalid one that a repair "
                           "would %s: correct it in the source"),
                         label, imp->layer->geometry == VI_GEOM_LINE ? _("line") : _("polygon"),
                         problem);
        g_free(problem);
        OGR_G_DestroyGeometry(fixed);
        return FALSE;
    }
    if (++imp->repairs <= MAX_ITEM_WARNINGS) {
        char *item = import_item_text(imp->opt->lang, imp->index, imp->item_id);
        import_warn(
            imp->res,
            vi_i18n_in(imp->opt->lang,
                       N_("'%s': %s: repaired an invalid geometry (area changed by %.2f%%)")),
            imp->path, item, 100 * change);
        g_free(item);
    }
    OGR_G_DestroyGeometry(*g);
    *g = fixed;
    return TRUE;
}

/* Find a height (z) or measure (m) in G that is not a finite number: sets
 * *WHAT ("height (z)" or "measure (m)") and *VALUE.  x and y are checked
 * after flattening, with the transformation. */
static gboolean find_bad_zm(OGRGeometryH g, const char **what, double *value)
{
    int parts = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < parts; i++)
        if (find_bad_zm(OGR_G_GetGeometryRef(g, i), what, value))
            return TRUE;
    if (parts > 0)
        return FALSE;
    gboolean z = OGR_G_Is3D(g), m = OGR_G_IsMeasured(g);
    for (int i = 0; (z || m) && i < OGR_G_GetPointCount(g); i++) {
        if (z && !isfinite(*value = OGR_G_GetZ(g, i)))
            return *what = N_("height (z)"), TRUE;
        if (m && !isfinite(*value = OGR_G_GetM(g, i)))
            return *what = N_("measure (m)"), TRUE;
    }
    return FALSE;
}

/* Shapes that no repair should guess at, each said plainly: a line of one
 * point or of no length (a GPS standing still), a ring that is not closed
 * or too short to enclose anything.  G is flat and in source coordinates;
 * *RING counts the rings and line parts seen so far; MULTI says the line
 * has several parts, named in messages. */
static gboolean check_shape(importer *imp, OGRGeometryH g, gboolean multi, const char *label,
                            int *ring, GError **err)
{
    int parts = OGR_G_GetGeometryCount(g);
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t != wkbLineString && t != wkbLinearRing) {
        for (int i = 0; i < parts; i++)
            if (!check_shape(imp, OGR_G_GetGeometryRef(g, i), multi, label, ring, err))
                return FALSE;
        return TRUE;
    }
    ++*ring;
    int n = OGR_G_GetPointCount(g);
    gboolean polygon = imp->layer->geometry == VI_GEOM_POLYGON;
    /* "ring 2 of the polygon" or "part 2 of the line"; a plain line is "the line". */
    char *what = polygon ? g_strdup_printf(_("ring %d"), *ring)
                 : multi ? g_strdup_printf(_("part %d of the line"), *ring)
                         : g_strdup(_("one"));
    gboolean ok = TRUE;
    if (polygon && n < 4) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         NG_("%s: geometry: expected rings of at least 4 points (a closed "
                             "triangle), got %s of %d point",
                             "%s: geometry: expected rings of at least 4 points (a closed "
                             "triangle), got %s of %d points",
                             n),
                         label, what, n);
        ok = FALSE;
    } else if (polygon && (OGR_G_GetX(g, 0) != OGR_G_GetX(g, n - 1) ||
                           OGR_G_GetY(g, 0) != OGR_G_GetY(g, n - 1))) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         _("%s: geometry: expected closed rings (the last point equal to the "
                           "first), got %s starting at %.10g %.10g and ending at %.10g %.10g"),
                         label, what, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), OGR_G_GetX(g, n - 1),
                         OGR_G_GetY(g, n - 1));
        ok = FALSE;
    } else if (!polygon && n < 2) {
        import_set_error(
            err, VI_ERROR_DATA, imp->path,
            _("%s: geometry: expected a line of at least 2 points, got %s of %d point"), label,
            what, n);
        ok = FALSE;
    } else if (!polygon) {
        int moved = 0;
        for (int i = 1; i < n && !moved; i++)
            moved = OGR_G_GetX(g, i) != OGR_G_GetX(g, 0) || OGR_G_GetY(g, i) != OGR_G_GetY(g, 0);
        if (!moved) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("%s: geometry: expected a line of some length, got %s of length 0 "
                               "(all its %d points at %.10g %.10g)"),
                             label, what, n, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0));
            ok = FALSE;
        }
    }
    g_free(what);
    return ok;
}

/* Check and convert a source geometry (not modified) into *OUT (owned), in
 * CGCS2000, of the layer's kind. */
gboolean import_prepare_geometry(importer *imp, const source_layer *src, OGRGeometryH raw,
                                 const char *label, OGRGeometryH *out, GError **err)
{
    *out = NULL;
    int want = imp->layer->geometry;
    if (!raw) {
        import_set_error(err, VI_ERROR_DATA, imp->path, _("%s: geometry: expected %s, got none"),
                         label, geometry_expected(want));
        return FALSE;
    }
    const char *bad_what;
    double bad_value;
    if (find_bad_zm(raw, &bad_what, &bad_value)) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         _("%s: geometry: expected a finite %s, got %g"), label, _(bad_what),
                         bad_value);
        return FALSE;
    }
    OGRGeometryH g = OGR_G_HasCurveGeometry(raw, TRUE) ? OGR_G_GetLinearGeometry(raw, 0, NULL)
                                                       : OGR_G_Clone(raw);
    OGR_G_FlattenTo2D(g);
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (want == VI_GEOM_POINT && t == wkbMultiPoint && OGR_G_GetGeometryCount(g) == 1) {
        OGRGeometryH p = OGR_G_Clone(OGR_G_GetGeometryRef(g, 0));
        OGR_G_DestroyGeometry(g);
        g = p;
        t = wkbPoint;
    }
    if (geometry_family(t) != want || (want == VI_GEOM_POINT && t != wkbPoint)) {
        import_set_error(err, VI_ERROR_DATA, imp->path, _("%s: geometry: expected %s, got %s"),
                         label, geometry_expected(want), OGR_G_GetGeometryName(g));
        OGR_G_DestroyGeometry(g);
        return FALSE;
    }
    if (OGR_G_IsEmpty(g)) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         _("%s: geometry: expected %s, got an empty %s"), label,
                         geometry_expected(want), OGR_G_GetGeometryName(g));
        OGR_G_DestroyGeometry(g);
        return FALSE;
    }
    int ring = 0;
    gboolean multi = t == wkbMultiLineString && OGR_G_GetGeometryCount(g) > 1;
    if (!check_shape(imp, g, multi, label, &ring, err) ||
        !transform_geometry(imp, src, g, label, err) || !make_valid(imp, &g, label, err)) {
        OGR_G_DestroyGeometry(g);
        return FALSE;
    }
    if (want == VI_GEOM_LINE)
        import_clean_track(imp, src, raw, &g);
    *out = g;
    return TRUE;
}

/* Where the geometry comes from, and its transformation to CGCS2000. */
gboolean import_source_crs(importer *imp, OGRLayerH layer, source_layer *src, GError **err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    gboolean ok = FALSE;
    OGRSpatialReferenceH from = NULL, zone_srs = NULL;
    gboolean northing_first = FALSE;
    if (OGR_FD_GetGeomFieldCount(defn) == 0) {
        /* A table: its coordinate columns (import-columns.c). */
        if (!import_columns_find(imp, src, err))
            goto out;
        import_china_crs_columns(imp, layer, src, &zone_srs, &northing_first);
        from = zone_srs;
    } else if (imp->opt->lon_column || imp->opt->lat_column) {
        import_set_error(err, VI_ERROR_USAGE, imp->path,
                         _("--map %s=%s: the file has a geometry of its own, read instead of "
                           "coordinate columns (drop the option)"),
                         imp->opt->lon_column ? "lon" : "lat",
                         imp->opt->lon_column ? imp->opt->lon_column : imp->opt->lat_column);
        goto out;
    } else {
        from = OGR_L_GetSpatialRef(layer);
        if (!import_china_crs(imp, layer, from, &zone_srs, err))
            goto out;
        if (zone_srs)
            from = zone_srs;
    }
    gboolean pipeline = imp->datum_shift && !zone_srs && !imp->override_srs;
    if (pipeline && !from)
        from = imp->target; /* the pipeline starts from the file's coordinates, whatever they are */
    if (imp->china != VI_CHINA_NONE || (!imp->override_srs && !from)) {
        /* Longitude/latitude columns are WGS 84 by convention (GDAL's CSV
         * driver, QGIS's delimited text default, GPS and phone apps), so
         * reading them so is no surprise: the summary states it once.  A
         * geometry without a CRS (a shapefile without its .prj) may be in
         * any CRS: that deserves a warning. */
        if (imp->china == VI_CHINA_NONE && (src->lon >= 0 || src->odk >= 0))
            imp->res->assumed_wgs84 = TRUE;
        else if (imp->china == VI_CHINA_NONE && !imp->warned_no_crs) {
            imp->warned_no_crs = TRUE;
            import_warn(imp->res,
                        vi_i18n_in(imp->opt->lang,
                                   N_("'%s' has no coordinate reference system: read as WGS84 "
                                      "longitude/latitude (name another with --src-crs)")),
                        imp->path);
        }
        from = imp->wgs84;
    } else if (imp->override_srs) {
        from = imp->override_srs;
    }
    OGRSpatialReferenceH src_srs = OSRClone(from);
    OSRSetAxisMappingStrategy(src_srs, northing_first ? OAMS_AUTHORITY_COMPLIANT
                                                      : OAMS_TRADITIONAL_GIS_ORDER);
    src->geographic = imp->china != VI_CHINA_NONE || OSRIsGeographic(src_srs);
    CPLErrorReset();
    if (pipeline) {
        /* Between CRSs in easting-first and longitude-first order, GDAL
         * hands the pipeline the file's coordinates as they are and keeps
         * what it returns, whatever axis order the file's CRS declares. */
        OGRSpatialReferenceH in = OSRNewSpatialReference(NULL), to = OSRNewSpatialReference(NULL);
        OSRImportFromProj4(in, "+proj=tmerc +ellps=GRS80 +units=m +no_defs");
        OSRImportFromProj4(to, "+proj=longlat +ellps=GRS80 +no_defs");
        OGRCoordinateTransformationOptionsH o = OCTNewCoordinateTransformationOptions();
        OCTCoordinateTransformationOptionsSetOperation(o, imp->datum_shift, FALSE);
        src->ct = OCTNewCoordinateTransformationEx(in, to, o);
        OCTDestroyCoordinateTransformationOptions(o);
        OSRDestroySpatialReference(in);
        OSRDestroySpatialReference(to);
    } else {
        /* A CRS bound to WGS 84 by seven parameters goes there: PROJ would
         * take it to CGCS2000 without them (a ballpark), and takes WGS 84 to
         * CGCS2000 as a null transformation. */
        src->ct = OCTNewCoordinateTransformation(
            src_srs, import_srs_has_towgs84(src_srs) ? imp->wgs84 : imp->target);
    }
    if (!src->ct) {
        const char *name = OSRGetName(src_srs);
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         _("cannot transform from %s to CGCS2000 (EPSG:4490): %s"),
                         name ? name : _("its CRS"), CPLGetLastErrorMsg());
    }
    OSRDestroySpatialReference(src_srs);
    ok = src->ct != NULL;
out:
    if (zone_srs)
        OSRDestroySpatialReference(zone_srs);
    return ok;
}
