/*
 * import-geom.c - the geometry of an imported feature (import-int.h): where
 * it comes from (a geometry field, or longitude/latitude columns), its CRS
 * and the transformation to CGCS2000, the checks of its shape, the region
 * check of every vertex, the repair of an invalid geometry when the repair
 * keeps it what it was, and the cleaning of GPS tracks (track-clean.h).
 *
 * Coordinates go through PROJ (OGR coordinate transformations, in
 * traditional GIS order: x is longitude) in one batch per geometry.  GCJ-02
 * and BD-09, which PROJ does not know, are first taken back to WGS84 by
 * chinacrs.c.
 *
 * Chinese surveying CRSs as county files carry them (chinacrs.h): eastings
 * with the Gauss-Krüger zone number in front are read in that CGCS2000
 * zone; a file without a .prj, or with one that names only Gauss-Krüger or
 * no datum, gets its zone from the eastings or the central meridian and
 * CGCS2000 assumed, said in the summary and the history; Beijing 1954 and
 * Xi'an 1980 are read only with the seven parameters the user gives
 * (--src-crs "+towgs84=..." or a PROJ pipeline), never as CGCS2000.
 */
#include "geodesy.h"
#include "import-int.h"
#include "import-repair.h"
#include "source-check.h"
#include "track-clean.h"
#include "vi-error.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <math.h>
#include <proj.h>
#include <string.h>

/* Column names taken as longitude/latitude in tables without geometry. */
static const char *const lon_names[] = {"lon", "lng", "long", "longitude", "经度", "x", NULL};
static const char *const lat_names[] = {"lat", "latitude", "纬度", "y", NULL};
/* Coordinate columns whose names say they are GCJ-02 (Amap/Gaode, Tencent)
 * or BD-09 (Baidu): read only with --src-crs, never silently as WGS 84.
 * The two lists pair up: longitude names first, then latitude names. */
static const char *const gcj_lon_names[] = {"gcj_lon",  "gcj_lng",  "gcj02_lon", "gcj02_lng",
                                            "高德经度", "火星经度", NULL};
static const char *const gcj_lat_names[] = {"gcj_lat", "gcj02_lat", "高德纬度", "火星纬度", NULL};
static const char *const bd_lon_names[] = {"bd_lon",   "bd_lng",   "bd09_lon",
                                           "bd09_lng", "百度经度", NULL};
static const char *const bd_lat_names[] = {"bd_lat", "bd09_lat", "百度纬度", NULL};

OGRSpatialReferenceH import_lonlat_srs(int epsg)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, epsg);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

/* Geodesic length in metres of every linestring in G, on CGCS2000. */
static double line_length(OGRGeometryH g)
{
    int parts = OGR_G_GetGeometryCount(g);
    double total = 0;
    if (parts > 0) {
        for (int i = 0; i < parts; i++)
            total += line_length(OGR_G_GetGeometryRef(g, i));
        return total;
    }
    int n = OGR_G_GetPointCount(g);
    for (int i = 1; i < n; i++)
        total += geodesy_distance(VI_ELLIPSOID_CGCS2000, OGR_G_GetX(g, i - 1), OGR_G_GetY(g, i - 1),
                                  OGR_G_GetX(g, i), OGR_G_GetY(g, i));
    return total;
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
            return ": looks like latitude and longitude are swapped";
        /* Projected coordinates stay within a few times the Earth's size. */
        if (fabs(x) > 1e8 || fabs(y) > 1e8)
            return ": far beyond any coordinate system's range (a broken or mistyped value?)";
        if (fabs(x) > 180 || fabs(y) > 90)
            return ": looks like projected metres read as degrees (name the file's CRS with "
                   "--src-crs, e.g. EPSG:4545)";
    } else if (fabs(x) <= 180 && fabs(y) <= 90) {
        return ": looks like degrees in a file declared as projected (name the file's CRS "
               "with --src-crs, e.g. EPSG:4490)";
    }
    return "";
}

static const char *geometry_expected(int type)
{
    switch (type) {
    case VI_GEOM_POINT:
        return "a point";
    case VI_GEOM_LINE:
        return "a line (LINESTRING or MULTILINESTRING)";
    default:
        return "a polygon (POLYGON or MULTIPOLYGON)";
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
                             "%s: geometry: expected finite coordinates, got %g %g", label, x[i],
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
                         "%s: geometry: expected a position inside %s (%g to %g E, %g to %g N), "
                         "got %.10g %.10g%s",
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
                             "%s: geometry: expected a valid %s, got an invalid one (repairing "
                             "it would change its area by %.1f%%)",
                             label, imp->layer->geometry == VI_GEOM_LINE ? "line" : "polygon",
                             100 * change);
        else
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "%s: geometry: expected a valid %s, got an invalid one that "
                             "cannot be repaired without changing its kind",
                             label, imp->layer->geometry == VI_GEOM_LINE ? "line" : "polygon");
        OGR_G_DestroyGeometry(fixed);
        return FALSE;
    }
    char *problem = repair_problem(*g, fixed);
    if (problem) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: geometry: expected a valid %s, got an invalid one that a repair "
                         "would %s: correct it in the source",
                         label, imp->layer->geometry == VI_GEOM_LINE ? "line" : "polygon", problem);
        g_free(problem);
        OGR_G_DestroyGeometry(fixed);
        return FALSE;
    }
    if (++imp->repairs <= MAX_ITEM_WARNINGS) {
        char *item = import_item_text(imp->opt->lang, imp->index, imp->item_id);
        import_warn(imp->res,
                    vi_text(imp->opt->lang, "'%s'：%s：已修复无效几何（面积变化 %.2f%%）",
                            "'%s': %s: repaired an invalid geometry (area changed by %.2f%%)"),
                    imp->path, item, 100 * change);
        g_free(item);
    }
    OGR_G_DestroyGeometry(*g);
    *g = fixed;
    return TRUE;
}

/* ---- GPS tracks ---- */

/* Seconds since 1970 of a civil UTC date and time (days from Howard
 * Hinnant's days_from_civil). */
static double unix_seconds(int y, int m, int d, int h, int mi, double sec)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    double days = (double)era * 146097 + doe - 719468;
    return days * 86400 + h * 3600 + mi * 60 + sec;
}

static void fixes_free(gpointer p)
{
    g_array_free(p, TRUE);
}

/* The time and hdop of every track point of the GPX source, by track fid,
 * from its track_points layer (GDAL's GPX driver gives them there, in the
 * order of the track's vertices); positions are the source's. */
static void load_track_fixes(importer *imp)
{
    imp->track_fixes = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, fixes_free);
    OGRLayerH pts = imp->ds ? GDALDatasetGetLayerByName(imp->ds, "track_points") : NULL;
    OGRFeatureDefnH d = pts ? OGR_L_GetLayerDefn(pts) : NULL;
    int fid = d ? OGR_FD_GetFieldIndex(d, "track_fid") : -1;
    if (fid < 0)
        return;
    int time = OGR_FD_GetFieldIndex(d, "time"), hdop = OGR_FD_GetFieldIndex(d, "hdop");
    OGR_L_ResetReading(pts);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(pts))) {
        gint64 track = OGR_F_GetFieldAsInteger64(f, fid);
        GArray *a = g_hash_table_lookup(imp->track_fixes, &track);
        if (!a) {
            a = g_array_new(FALSE, FALSE, sizeof(vi_fix));
            g_hash_table_insert(imp->track_fixes, g_memdup2(&track, sizeof track), a);
        }
        vi_fix x = {NAN, NAN, NAN, NAN};
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && OGR_G_GetPointCount(g) == 1)
            x.x = OGR_G_GetX(g, 0), x.y = OGR_G_GetY(g, 0);
        int y, mo, dd, h, mi, tz;
        float sec;
        if (time >= 0 && OGR_F_IsFieldSetAndNotNull(f, time) &&
            OGR_F_GetFieldAsDateTimeEx(f, time, &y, &mo, &dd, &h, &mi, &sec, &tz))
            /* tz: 100 is UTC, each step a quarter hour; 0 or 1 unknown/local. */
            x.t = unix_seconds(y, mo, dd, h, mi, sec) - (tz > 1 ? (tz - 100) * 900.0 : 0);
        if (hdop >= 0 && OGR_F_IsFieldSetAndNotNull(f, hdop))
            x.hdop = OGR_F_GetFieldAsDouble(f, hdop);
        g_array_append_val(a, x);
        OGR_F_Destroy(f);
    }
}

/* The fixes of the track RAW (source geometry) read as feature INDEX of
 * the tracks layer, or NULL when its track points do not line up with its
 * vertices (a file GDAL read otherwise): then no times and no hdop. */
static const GArray *track_fixes(importer *imp, gint64 index, OGRGeometryH raw)
{
    if (!imp->track_fixes)
        load_track_fixes(imp);
    gint64 fid = index - 1; /* GDAL numbers a GPX file's tracks from 0 */
    const GArray *a = g_hash_table_lookup(imp->track_fixes, &fid);
    vertex_walk w = {imp->xs, imp->ys, FALSE, 0};
    g_array_set_size(imp->xs, 0);
    g_array_set_size(imp->ys, 0);
    walk_vertices(raw, &w);
    if (!a || a->len != imp->xs->len)
        return NULL;
    for (guint i = 0; i < a->len; i++)
        if (g_array_index(a, vi_fix, i).x != g_array_index(imp->xs, double, i) ||
            g_array_index(a, vi_fix, i).y != g_array_index(imp->ys, double, i))
            return NULL;
    return a;
}

/* The KML text of the source: the file, or a KMZ's doc.kml (caller
 * frees), or NULL. */
static char *kml_text(const char *path)
{
    static const gsize max_text = 256 * 1024 * 1024;
    char *abs = g_canonicalize_filename(path, NULL);
    char *zipped = g_strdup_printf("/vsizip/%s/doc.kml", abs);
    GByte *text = NULL;
    vsi_l_offset size = 0;
    VSILFILE *fp = VSIFOpenL(abs, "rb");
    char head[2] = {0};
    gboolean zip = fp && VSIFReadL(head, 1, 2, fp) == 2 && head[0] == 'P' && head[1] == 'K';
    if (fp)
        VSIFCloseL(fp);
    if (!VSIIngestFile(NULL, zip ? zipped : abs, &text, &size, (GIntBig)max_text))
        text = NULL;
    g_free(zipped);
    g_free(abs);
    return (char *)text;
}

/* Every gx:Track of the KML source, in document order, keyed 0, 1, ...:
 * its gx:coord positions (longitude, latitude) and when times.  libkml
 * gives a track as a plain line and keeps only its first and last time. */
static void load_kml_tracks(importer *imp)
{
    imp->track_fixes = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, fixes_free);
    char *text = kml_text(imp->path);
    if (!text)
        return;
    GRegex *track = g_regex_new("<gx:Track\\b[^>]*>(.*?)</gx:Track>", G_REGEX_DOTALL, 0, NULL);
    GRegex *when = g_regex_new("<when>\\s*([^<]*?)\\s*</when>", 0, 0, NULL);
    GRegex *coord = g_regex_new("<gx:coord>\\s*([^<]*?)\\s*</gx:coord>", 0, 0, NULL);
    GMatchInfo *tm = NULL;
    gint64 k = 0;
    for (g_regex_match(track, text, 0, &tm); g_match_info_matches(tm);
         g_match_info_next(tm, NULL)) {
        char *body = g_match_info_fetch(tm, 1);
        GArray *a = g_array_new(FALSE, FALSE, sizeof(vi_fix));
        GMatchInfo *m = NULL;
        for (g_regex_match(coord, body, 0, &m); g_match_info_matches(m);
             g_match_info_next(m, NULL)) {
            char *c = g_match_info_fetch(m, 1), *end;
            vi_fix x = {NAN, NAN, NAN, NAN};
            x.x = g_ascii_strtod(c, &end);
            x.y = g_ascii_strtod(end, NULL);
            g_array_append_val(a, x);
            g_free(c);
        }
        g_match_info_free(m);
        guint i = 0;
        for (g_regex_match(when, body, 0, &m); g_match_info_matches(m) && i < a->len;
             g_match_info_next(m, NULL), i++) {
            char *w = g_match_info_fetch(m, 1);
            GDateTime *dt = g_date_time_new_from_iso8601(w, NULL);
            if (dt) {
                g_array_index(a, vi_fix, i).t =
                    (double)g_date_time_to_unix(dt) + g_date_time_get_microsecond(dt) / 1e6;
                g_date_time_unref(dt);
            }
            g_free(w);
        }
        g_match_info_free(m);
        g_hash_table_insert(imp->track_fixes, g_memdup2(&k, sizeof k), a);
        k++;
        g_free(body);
    }
    g_match_info_free(tm);
    g_regex_unref(track);
    g_regex_unref(when);
    g_regex_unref(coord);
    g_free(text);
}

/* The fixes of a KML line RAW (source geometry) when each of its parts is
 * one of the file's gx:Track (the same vertices), part after part (caller
 * frees); NULL for a drawn line, which is kept as drawn. */
static GArray *kml_track_fixes(importer *imp, OGRGeometryH raw)
{
    if (!imp->track_fixes)
        load_kml_tracks(imp);
    guint ntracks = g_hash_table_size(imp->track_fixes);
    if (ntracks == 0)
        return NULL;
    int parts = wkbFlatten(OGR_G_GetGeometryType(raw)) == wkbMultiLineString
                    ? OGR_G_GetGeometryCount(raw)
                    : 1;
    GArray *all = g_array_new(FALSE, FALSE, sizeof(vi_fix));
    for (int p = 0; p < parts; p++) {
        OGRGeometryH part =
            parts > 1 || OGR_G_GetGeometryCount(raw) == 1 ? OGR_G_GetGeometryRef(raw, p) : raw;
        int n = OGR_G_GetPointCount(part);
        const GArray *found = NULL;
        for (gint64 k = 0; k < (gint64)ntracks && !found; k++) {
            const GArray *a = g_hash_table_lookup(imp->track_fixes, &k);
            gboolean same = a && (int)a->len == n;
            for (int i = 0; same && i < n; i++)
                same = fabs(g_array_index(a, vi_fix, i).x - OGR_G_GetX(part, i)) < 1e-9 &&
                       fabs(g_array_index(a, vi_fix, i).y - OGR_G_GetY(part, i)) < 1e-9;
            if (same)
                found = a;
        }
        if (!found) {
            g_array_free(all, TRUE);
            return NULL;
        }
        g_array_append_vals(all, found->data, found->len);
    }
    return all;
}

/* Clean the line PART (CGCS2000) of a GPS track, its vertices' times and
 * hdops in FIX (NULL: none), into a new line string; adds to the result's
 * counts. */
static OGRGeometryH clean_part(importer *imp, OGRGeometryH part, const vi_fix *fix)
{
    int n = OGR_G_GetPointCount(part);
    double lon0 = OGR_G_GetX(part, 0), lat0 = OGR_G_GetY(part, 0);
    /* A local plane: metres per degree east and north at the first fix
     * (over a few km the scale changes by less than 0.1%, and only the
     * thresholds use it: lengths are geodesic). */
    double kx = geodesy_distance(VI_ELLIPSOID_CGCS2000, lon0, lat0, lon0 + 0.01, lat0) / 0.01;
    double ky = geodesy_distance(VI_ELLIPSOID_CGCS2000, lon0, lat0, lon0, lat0 + 0.01) / 0.01;
    vi_fix *f = g_new(vi_fix, n);
    double *out = g_new(double, 2 * (size_t)n);
    for (int i = 0; i < n; i++) {
        f[i] = (vi_fix){(OGR_G_GetX(part, i) - lon0) * kx, (OGR_G_GetY(part, i) - lat0) * ky,
                        fix ? fix[i].t : NAN, fix ? fix[i].hdop : NAN};
    }
    track_clean_params p = track_clean_defaults();
    track_clean_stats st;
    size_t m = track_clean(f, (size_t)n, &p, out, &st);
    OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
    if (m < 2) { /* every fix dropped: the track as recorded, for the checks to judge */
        for (int i = 0; i < n; i++)
            OGR_G_AddPoint_2D(line, OGR_G_GetX(part, i), OGR_G_GetY(part, i));
    } else {
        for (size_t i = 0; i < m; i++)
            OGR_G_AddPoint_2D(line, lon0 + out[2 * i] / kx, lat0 + out[2 * i + 1] / ky);
        imp->res->track_dropped += (gint64)(st.poor_accuracy + st.jumps);
        imp->res->track_stops += (gint64)st.stops;
    }
    g_free(out);
    g_free(f);
    return line;
}

/* A GPS track G (CGCS2000) cleaned before its length counts
 * (track-clean.h), each part on its own; FIXES (NULL: none) hold the time
 * and hdop of its vertices, part after part. */
static void clean_track(importer *imp, const GArray *fixes, OGRGeometryH *g)
{
    const vi_fix *fix = fixes ? (const vi_fix *)(const void *)fixes->data : NULL;
    int parts = OGR_G_GetGeometryCount(*g);
    gboolean multi = wkbFlatten(OGR_G_GetGeometryType(*g)) == wkbMultiLineString;
    OGRGeometryH cleaned = OGR_G_CreateGeometry(multi ? wkbMultiLineString : wkbLineString);
    if (multi) {
        for (int i = 0; i < parts; i++) {
            OGRGeometryH part = OGR_G_GetGeometryRef(*g, i);
            OGR_G_AddGeometryDirectly(cleaned, clean_part(imp, part, fix));
            if (fix)
                fix += OGR_G_GetPointCount(part);
        }
    } else {
        OGR_G_DestroyGeometry(cleaned);
        cleaned = clean_part(imp, *g, fix);
    }
    imp->res->tracks++;
    imp->res->track_raw_m += line_length(*g);
    imp->res->track_clean_m += line_length(cleaned);
    OGR_G_DestroyGeometry(*g);
    *g = cleaned;
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
            return *what = "height (z)", TRUE;
        if (m && !isfinite(*value = OGR_G_GetM(g, i)))
            return *what = "measure (m)", TRUE;
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
    char *what = polygon ? g_strdup_printf("ring %d", *ring)
                 : multi ? g_strdup_printf("part %d of the line", *ring)
                         : g_strdup("one");
    gboolean ok = TRUE;
    if (polygon && n < 4) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: geometry: expected rings of at least 4 points (a closed "
                         "triangle), got %s of %d point%s",
                         label, what, n, n == 1 ? "" : "s");
        ok = FALSE;
    } else if (polygon && (OGR_G_GetX(g, 0) != OGR_G_GetX(g, n - 1) ||
                           OGR_G_GetY(g, 0) != OGR_G_GetY(g, n - 1))) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: geometry: expected closed rings (the last point equal to the "
                         "first), got %s starting at %.10g %.10g and ending at %.10g %.10g",
                         label, what, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), OGR_G_GetX(g, n - 1),
                         OGR_G_GetY(g, n - 1));
        ok = FALSE;
    } else if (!polygon && n < 2) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: geometry: expected a line of at least 2 points, got %s of %d point",
                         label, what, n);
        ok = FALSE;
    } else if (!polygon) {
        int moved = 0;
        for (int i = 1; i < n && !moved; i++)
            moved = OGR_G_GetX(g, i) != OGR_G_GetX(g, 0) || OGR_G_GetY(g, i) != OGR_G_GetY(g, 0);
        if (!moved) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "%s: geometry: expected a line of some length, got %s of length 0 "
                             "(all its %d points at %.10g %.10g)",
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
        import_set_error(err, VI_ERROR_DATA, imp->path, "%s: geometry: expected %s, got none",
                         label, geometry_expected(want));
        return FALSE;
    }
    const char *bad_what;
    double bad_value;
    if (find_bad_zm(raw, &bad_what, &bad_value)) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: geometry: expected a finite %s, got %g", label, bad_what, bad_value);
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
        import_set_error(err, VI_ERROR_DATA, imp->path, "%s: geometry: expected %s, got %s", label,
                         geometry_expected(want), OGR_G_GetGeometryName(g));
        OGR_G_DestroyGeometry(g);
        return FALSE;
    }
    if (OGR_G_IsEmpty(g)) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: geometry: expected %s, got an empty %s", label,
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
    if (imp->gpx && want == VI_GEOM_LINE && strcmp(OGR_L_GetName(src->layer), "tracks") == 0) {
        clean_track(imp, track_fixes(imp, imp->index, raw), &g);
    } else if (imp->kml && want == VI_GEOM_LINE) {
        GArray *fixes = kml_track_fixes(imp, raw);
        if (fixes)
            clean_track(imp, fixes, &g);
        if (fixes)
            g_array_free(fixes, TRUE);
    }
    *out = g;
    return TRUE;
}

/* A point from the longitude/latitude columns of a table, or NULL with *WHY. */
OGRGeometryH import_point_from_columns(const source_layer *src, OGRFeatureH f,
                                       const char *recode_from, const char **why)
{
    double c[2];
    int cols[2] = {src->lon, src->lat};
    *why = NULL;
    for (int k = 0; k < 2; k++) {
        int i = cols[k];
        OGRFieldType type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i));
        if (!OGR_F_IsFieldSetAndNotNull(f, i))
            return NULL;
        if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
            c[k] = OGR_F_GetFieldAsDouble(f, i);
            continue;
        }
        gboolean bad = FALSE;
        char *s = import_field_text(f, i, recode_from, &bad);
        gboolean parsed = s && import_parse_real(s, &c[k]);
        g_free(s);
        if (!s && !bad)
            return NULL;
        if (!parsed) {
            *why = k == 0 ? "longitude" : "latitude";
            return NULL;
        }
    }
    OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(p, 0, c[0], c[1]);
    return p;
}

/* Set SRC's lon and lat columns to the first of the source's fields named
 * in LONS and in LATS; TRUE when both are found, else both stay -1. */
static gboolean find_coordinate_columns(source_layer *src, const char *const *lons,
                                        const char *const *lats)
{
    src->lon = src->lat = -1;
    for (int i = 0; lons[i] && src->lon < 0; i++)
        src->lon = import_find_field(src->names, lons[i]);
    for (int i = 0; lats[i] && src->lat < 0; i++)
        src->lat = import_find_field(src->names, lats[i]);
    if (src->lon < 0 || src->lat < 0)
        src->lon = src->lat = -1;
    return src->lon >= 0;
}

/* Are all NAMES the ones GDAL makes up (Field1, Field2, ...) for a
 * spreadsheet whose first row leaves a column without a name? */
static gboolean unnamed_columns(char *const *names)
{
    if (!names[0])
        return FALSE;
    for (int i = 0; names[i]; i++)
        if (!g_str_has_prefix(names[i], "Field") || !names[i][5] ||
            names[i][5 + strspn(names[i] + 5, "0123456789")])
            return FALSE;
    return TRUE;
}

/* ---- Chinese surveying CRSs ---- */

static const char datum_shift_hint[] =
    "give the seven-parameter transformation the county surveying office publishes for the "
    "area with --src-crs \"+towgs84=dx,dy,dz,rx,ry,rz,ds\" (metres, arc-seconds, parts per "
    "million, position vector; applied to the file's projection) or --src-crs \"+proj=pipeline "
    "...\" (from the file's coordinates to CGCS2000 longitude/latitude in degrees)";

/* The seven numbers of "+towgs84=dx,dy,dz,rx,ry,rz,ds" TEXT into P. */
static gboolean parse_towgs84(const char *text, double p[7])
{
    const char *s = text + strlen("+towgs84=");
    for (int i = 0; i < 7; i++) {
        char *end;
        p[i] = g_ascii_strtod(s, &end);
        if (end == s || !isfinite(p[i]) || *end != (i < 6 ? ',' : *end))
            return FALSE;
        s = i < 6 ? end + 1 : end;
    }
    return s[strspn(s, " ")] == '\0';
}

gboolean import_datum_shift_parse(const char *path, const char *src_crs, gboolean *is, GError **err)
{
    const char *s = src_crs + strspn(src_crs, " ");
    double p[7];
    *is = g_str_has_prefix(s, "+towgs84=") || g_str_has_prefix(s, "+proj=pipeline");
    if (g_str_has_prefix(s, "+towgs84=") && !parse_towgs84(s, p)) {
        import_set_error(err, VI_ERROR_USAGE, path,
                         "--src-crs: expected seven numbers in \"+towgs84=dx,dy,dz,rx,ry,rz,ds\" "
                         "(metres, arc-seconds, parts per million), got \"%s\"",
                         src_crs);
        return FALSE;
    }
    if (g_str_has_prefix(s, "+proj=pipeline")) {
        PJ_CONTEXT *ctx = proj_context_create();
        proj_log_level(ctx, PJ_LOG_NONE);
        PJ *pj = proj_create(ctx, s);
        if (!pj)
            import_set_error(err, VI_ERROR_USAGE, path,
                             "--src-crs: cannot set up the PROJ pipeline \"%s\": %s", src_crs,
                             proj_context_errno_string(ctx, proj_context_errno(ctx)));
        gboolean ok = pj != NULL;
        proj_destroy(pj);
        proj_context_destroy(ctx);
        return ok;
    }
    return TRUE;
}

static vi_china_datum datum_of(OGRSpatialReferenceH srs)
{
    OGRErr e1 = OGRERR_NONE, e2 = OGRERR_NONE;
    double a = OSRGetSemiMajor(srs, &e1), rf = OSRGetInvFlattening(srs, &e2);
    return chinacrs_datum_classify(OSRGetAttrValue(srs, "DATUM", 0), e1 ? NAN : a, e2 ? NAN : rf);
}

static gboolean old_datum(vi_china_datum d)
{
    return d == VI_DATUM_BEIJING1954 || d == VI_DATUM_XIAN1980;
}

/* Does SRS carry a datum shift (TOWGS84, a bound CRS)? */
static gboolean has_towgs84(OGRSpatialReferenceH srs)
{
    double p[7];
    return OSRGetTOWGS84(srs, p, 7) == OGRERR_NONE;
}

/* The zone named by the numbers in front of the eastings of LAYER's extent,
 * the same at both ends; *PROJECTED says the extent is beyond degrees. */
static gboolean extent_zone(OGRLayerH layer, gboolean *projected, vi_gk_zone *zone)
{
    OGREnvelope env;
    *projected = FALSE;
    if (OGR_L_GetExtent(layer, &env, TRUE) != OGRERR_NONE)
        return FALSE;
    *projected =
        fabs(env.MinX) > 180 || fabs(env.MaxX) > 180 || fabs(env.MinY) > 90 || fabs(env.MaxY) > 90;
    vi_gk_zone a, b;
    /* Northings of China: 0 to 6,000 km. */
    if (!chinacrs_gk_zone_of_easting(env.MinX, &a) || !chinacrs_gk_zone_of_easting(env.MaxX, &b) ||
        a.epsg != b.epsg || env.MinY < 0 || env.MaxY > 6.5e6)
        return FALSE;
    *zone = a;
    return TRUE;
}

/* The zone as the summary names it, in LANG (caller frees). */
static char *zone_text(vi_lang lang, const vi_gk_zone *z)
{
    if (lang == VI_LANG_EN) {
        char *name = chinacrs_gk_zone_name(z);
        char *text = g_strconcat("CGCS2000 ", name, NULL);
        g_free(name);
        return text;
    }
    if (z->number == 0)
        return g_strdup_printf("CGCS2000 高斯-克吕格投影中央经线 %.0f°E（EPSG:%d）",
                               z->central_meridian, z->epsg);
    return g_strdup_printf("CGCS2000 %d 度带高斯-克吕格投影第 %d 带（EPSG:%d）", z->width,
                           z->number, z->epsg);
}

typedef enum { WHY_NONE, WHY_NO_PRJ, WHY_BARE_PRJ, WHY_NO_DATUM } crs_why;

/* The note on a zone Z inferred (from the eastings' prefix when PREFIX,
 * else from the .prj's central meridian) with CGCS2000 assumed for WHY, in
 * LANG (caller frees). */
static char *zone_note(importer *imp, vi_lang lang, const vi_gk_zone *z, gboolean prefix,
                       crs_why why)
{
    char *base = g_path_get_basename(imp->path), *dot = strrchr(base, '.');
    char *prj = g_strdup_printf("%.*s.prj", dot ? (int)(dot - base) : (int)strlen(base), base);
    char *zone = zone_text(lang, z);
    char *from;
    if (prefix)
        from = g_strdup(vi_text(lang, "分带取自东坐标前的带号",
                                "the zone from the number in front of the eastings"));
    else if (lang == VI_LANG_EN)
        from = g_strdup_printf("the zone from the central meridian %.0fE of %s",
                               z->central_meridian, prj);
    else
        from = g_strdup_printf("分带取自 %s 的中央经线 %.0f°E", prj, z->central_meridian);
    char *because =
        why == WHY_NO_PRJ ? g_strdup(vi_text(lang, "没有 .prj 文件", "there is no .prj"))
        : why == WHY_BARE_PRJ
            ? g_strdup_printf(
                  vi_text(lang, "%s 只写了高斯-克吕格投影", "%s names only Gauss-Kruger"), prj)
        : why == WHY_NO_DATUM
            ? g_strdup_printf(vi_text(lang, "%s 没有写明大地基准", "%s names no datum"), prj)
            : NULL;
    char *note =
        because ? g_strdup_printf(vi_text(lang,
                                          "坐标按 %s读取，%s；%s，假定为 CGCS2000（用 "
                                          "--src-crs 指定其他坐标系）",
                                          "coordinates read in %s, %s; CGCS2000 assumed "
                                          "as %s (name another CRS with --src-crs)"),
                                  zone, from, because)
                : g_strdup_printf(vi_text(lang, "坐标按 %s读取，%s", "coordinates read in %s, %s"),
                                  zone, from);
    g_free(because);
    g_free(from);
    g_free(zone);
    g_free(prj);
    g_free(base);
    return note;
}

/* Read the layer in CGCS2000 zone Z: *OWNED receives its CRS; the summary
 * and the history say so. */
static void use_zone(importer *imp, const vi_gk_zone *z, gboolean prefix, crs_why why,
                     OGRSpatialReferenceH *owned)
{
    *owned = import_lonlat_srs(z->epsg);
    g_free(imp->res->crs_note);
    imp->res->crs_note = zone_note(imp, imp->opt->lang, z, prefix, why);
    g_free(imp->crs_history);
    imp->crs_history = zone_note(imp, VI_LANG_EN, z, prefix, why);
}

/* Say that the file was converted with the seven parameters or pipeline
 * of --src-crs, from the datum of FROM (NULL: none declared). */
static void note_datum_shift(importer *imp, OGRSpatialReferenceH from)
{
    vi_china_datum d = from ? datum_of(from) : VI_DATUM_UNKNOWN;
    gboolean seven =
        g_str_has_prefix(imp->datum_shift + strspn(imp->datum_shift, " "), "+towgs84=");
    const char *zh_datum = d == VI_DATUM_BEIJING1954 ? "北京 1954 坐标"
                           : d == VI_DATUM_XIAN1980  ? "西安 1980 坐标"
                                                     : "文件的坐标系";
    g_free(imp->res->crs_note);
    imp->res->crs_note =
        imp->opt->lang == VI_LANG_EN
            ? g_strdup_printf("converted from %s to CGCS2000 with the %s given (--src-crs)",
                              old_datum(d) ? chinacrs_datum_name(d) : "the file's CRS",
                              seven ? "seven parameters" : "PROJ pipeline")
            : g_strdup_printf("已用所给%s（--src-crs）由%s转换为 CGCS2000",
                              seven ? "七参数" : " PROJ 转换管道", zh_datum);
    g_free(imp->crs_history);
    imp->crs_history =
        g_strdup_printf("converted from %s to CGCS2000 with --src-crs \"%s\"",
                        old_datum(d) ? chinacrs_datum_name(d) : "the file's CRS", imp->datum_shift);
}

/* The eastings' zone Z and a central meridian CM (0 or NAN: none) named
 * by WHERE must agree. */
static gboolean zone_agrees(importer *imp, const vi_gk_zone *z, double cm, const char *where,
                            GError **err)
{
    if (!isfinite(cm) || cm == 0 || fabs(cm - z->central_meridian) < 1e-9)
        return TRUE;
    import_set_error(err, VI_ERROR_DATA, imp->path,
                     "the eastings carry Gauss-Kruger zone number %d (central meridian %.0fE) but "
                     "%s gives the central meridian %gE: name the file's CRS with --src-crs "
                     "(e.g. --src-crs EPSG:%d)",
                     z->number, z->central_meridian, where, cm, z->epsg);
    return FALSE;
}

/* The CRS to read LAYER's geometry field in, when FROM (borrowed, or NULL:
 * none declared) or --src-crs is one of China's surveying CRSs: *OWNED
 * receives a new one to use instead (or stays NULL).  Refuses Beijing 1954
 * and Xi'an 1980 without a seven-parameter transformation, and a bare
 * Gauss-Krüger .prj whose zone nothing tells. */
static gboolean china_source_crs(importer *imp, OGRLayerH layer, OGRSpatialReferenceH from,
                                 OGRSpatialReferenceH *owned, GError **err)
{
    *owned = NULL;
    if (imp->china != VI_CHINA_NONE)
        return TRUE;
    OGRSpatialReferenceH named = imp->override_srs ? imp->override_srs : from;
    if (named && old_datum(datum_of(named)) && !has_towgs84(named) && !imp->datum_shift) {
        const char *name = OSRGetName(named);
        char *who = imp->override_srs ? g_strdup_printf("--src-crs \"%s\" is", imp->opt->src_crs)
                                      : g_strdup_printf("its CRS \"%s\" is", name ? name : "?");
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s on the %s datum, tens of metres from CGCS2000, and is never read "
                         "as CGCS2000: %s",
                         who, chinacrs_datum_name(datum_of(named)), datum_shift_hint);
        g_free(who);
        return FALSE;
    }
    if (imp->override_srs)
        return TRUE;
    if (imp->datum_shift &&
        g_str_has_prefix(imp->datum_shift + strspn(imp->datum_shift, " "), "+towgs84=")) {
        vi_china_datum d = from ? datum_of(from) : VI_DATUM_UNKNOWN;
        if (!from || d == VI_DATUM_CGCS2000 || d == VI_DATUM_OTHER) {
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             "--src-crs \"%s\": a seven-parameter transformation applies to the "
                             "file's own projection on Beijing 1954 or Xi'an 1980, and the file "
                             "declares %s: give the whole CRS (a PROJ string with +towgs84) or "
                             "a +proj=pipeline",
                             imp->opt->src_crs, from ? chinacrs_datum_name(d) : "no CRS");
            return FALSE;
        }
        /* As a PROJ string: the file's projection and ellipsoid, and the
         * shift to WGS 84 (PROJ takes WGS 84 to CGCS2000 as a null
         * transformation).  Kept with the CRS's EPSG identity, PROJ would
         * use EPSG's own transformation of the datum instead. */
        char *proj = NULL;
        gboolean ok = OSRExportToProj4(from, &proj) == OGRERR_NONE && proj;
        if (ok) {
            char *def =
                g_strdup_printf("%s %s", proj, imp->datum_shift + strspn(imp->datum_shift, " "));
            *owned = OSRNewSpatialReference(NULL);
            ok = OSRImportFromProj4(*owned, def) == OGRERR_NONE;
            OSRSetAxisMappingStrategy(*owned, OAMS_TRADITIONAL_GIS_ORDER);
            g_free(def);
        }
        CPLFree(proj);
        if (ok)
            note_datum_shift(imp, from);
        if (!ok)
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             "--src-crs \"%s\": cannot apply it to the file's CRS: %s",
                             imp->opt->src_crs, CPLGetLastErrorMsg());
        return ok;
    }
    if (imp->datum_shift) { /* a pipeline: import_source_crs uses it as it is */
        note_datum_shift(imp, from);
        return TRUE;
    }
    gboolean projected = FALSE;
    vi_gk_zone z;
    if (!from) {
        double cm = NAN;
        gboolean bare = imp->shapefile && source_prj_bare_gauss_kruger(imp->path, &cm);
        gboolean prefix = extent_zone(layer, &projected, &z);
        if (prefix && !zone_agrees(imp, &z, cm, "its .prj", err))
            return FALSE;
        if (prefix || (bare && projected && chinacrs_gk_zone_of_meridian(cm, &z))) {
            use_zone(imp, &z, prefix, bare ? WHY_BARE_PRJ : WHY_NO_PRJ, owned);
            return TRUE;
        }
        if (bare) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "its projection file names only a Gauss-Kruger projection, without "
                             "a central meridian, and the eastings carry no zone number: name "
                             "the file's CRS with --src-crs (e.g. --src-crs EPSG:4545 for "
                             "CGCS2000 Gauss-Kruger CM 108E)");
            return FALSE;
        }
        return TRUE;
    }
    const char *method = OSRGetAttrValue(from, "PROJECTION", 0);
    if (!OSRIsProjected(from) || !method ||
        (g_ascii_strcasecmp(method, SRS_PT_TRANSVERSE_MERCATOR) != 0 &&
         !g_str_has_prefix(method, "Gauss")))
        return TRUE;
    vi_china_datum d = datum_of(from);
    double cm = OSRGetProjParm(from, SRS_PP_CENTRAL_MERIDIAN, 0, NULL);
    double fe = OSRGetProjParm(from, SRS_PP_FALSE_EASTING, 0, NULL);
    gboolean prefix = extent_zone(layer, &projected, &z);
    if (d == VI_DATUM_UNKNOWN) {
        if (prefix && !zone_agrees(imp, &z, cm, "its .prj", err))
            return FALSE;
        if (prefix || (fabs(fe - 500000) < 1 && chinacrs_gk_zone_of_meridian(cm, &z))) {
            use_zone(imp, &z, prefix, WHY_NO_DATUM, owned);
            return TRUE;
        }
    } else if (d == VI_DATUM_CGCS2000 && prefix && fe < 1e7) {
        /* A CGCS2000 "CM" .prj beside eastings that carry their zone. */
        if (!zone_agrees(imp, &z, cm, "its .prj", err))
            return FALSE;
        use_zone(imp, &z, TRUE, WHY_NONE, owned);
    }
    return TRUE;
}

/* Where the geometry comes from, and its transformation to CGCS2000. */
gboolean import_source_crs(importer *imp, OGRLayerH layer, source_layer *src, GError **err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    gboolean ok = FALSE;
    OGRSpatialReferenceH from = NULL, zone_srs = NULL;
    if (OGR_FD_GetGeomFieldCount(defn) == 0) {
        find_coordinate_columns(src, lon_names, lat_names);
        const char *named = NULL;
        if (src->lon < 0 && find_coordinate_columns(src, gcj_lon_names, gcj_lat_names))
            named = "GCJ-02 (Amap/Gaode, Tencent) coordinates: give --src-crs gcj02";
        else if (src->lon < 0 && find_coordinate_columns(src, bd_lon_names, bd_lat_names))
            named = "BD-09 (Baidu) coordinates: give --src-crs bd09";
        if (named && !imp->opt->src_crs) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "fields \"%s\" and \"%s\": expected longitude/latitude in a known "
                             "CRS, got columns whose names say %s (or --src-crs EPSG:4326 if "
                             "they are WGS 84)",
                             src->names[src->lon], src->names[src->lat], named);
            goto out;
        }
        if (src->lon < 0 || src->lat < 0) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "no geometry and no longitude/latitude columns (expected columns "
                             "named lon, lng, longitude or 经度 and lat, latitude or 纬度)%s",
                             unnamed_columns(src->names)
                                 ? "; the first row does not name every column (merged or "
                                   "empty header cells?): keep one header row with a name in "
                                   "each column"
                                 : "");
            goto out;
        }
    } else {
        from = OGR_L_GetSpatialRef(layer);
        if (!china_source_crs(imp, layer, from, &zone_srs, err))
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
        if (imp->china == VI_CHINA_NONE && src->lon >= 0)
            imp->res->assumed_wgs84 = TRUE;
        else if (imp->china == VI_CHINA_NONE && !imp->warned_no_crs) {
            imp->warned_no_crs = TRUE;
            import_warn(imp->res,
                        vi_text(imp->opt->lang,
                                "'%s' 没有坐标参考系：按 WGS 84 经纬度读取（用 --src-crs "
                                "指定其他坐标系）",
                                "'%s' has no coordinate reference system: read as WGS84 "
                                "longitude/latitude (name another with --src-crs)"),
                        imp->path);
        }
        from = imp->wgs84;
    } else if (imp->override_srs) {
        from = imp->override_srs;
    }
    OGRSpatialReferenceH src_srs = OSRClone(from);
    OSRSetAxisMappingStrategy(src_srs, OAMS_TRADITIONAL_GIS_ORDER);
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
        src->ct = OCTNewCoordinateTransformation(src_srs,
                                                 has_towgs84(src_srs) ? imp->wgs84 : imp->target);
    }
    if (!src->ct) {
        const char *name = OSRGetName(src_srs);
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "cannot transform from %s to CGCS2000 (EPSG:4490): %s",
                         name ? name : "its CRS", CPLGetLastErrorMsg());
    }
    OSRDestroySpatialReference(src_srs);
    ok = src->ct != NULL;
out:
    if (zone_srs)
        OSRDestroySpatialReference(zone_srs);
    return ok;
}
