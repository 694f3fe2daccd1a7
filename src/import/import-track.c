/*
 * import-track.c - a GPS track cleaned before its length counts
 * (import-int.h, track-clean.h): the time and hdop of each fix, from a GPX
 * file's track_points layer or a KML gx:Track's when elements, and the
 * cleaned line with its recorded and cleaned lengths for the summary.
 *
 * GDAL gives a GPX track as a multi-line with no times; its track_points
 * layer repeats the vertices, in order, with their time and hdop.  libkml
 * gives a gx:Track as a plain line, keeping only its first and last time,
 * so the file's own text supplies the rest.  Either is matched to the line
 * vertex by vertex; a line that matches no track (a drawn road in a KML) is
 * kept as drawn.
 */
#include "geodesy.h"
#include "import-int.h"
#include "track-clean.h"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <math.h>
#include <string.h>

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
    int parts = OGR_G_GetGeometryCount(raw);
    guint at = 0;
    for (int p = 0; a && p < (parts > 0 ? parts : 1); p++) {
        OGRGeometryH part = parts > 0 ? OGR_G_GetGeometryRef(raw, p) : raw;
        int n = OGR_G_GetPointCount(part);
        for (int i = 0; a && i < n; i++, at++)
            if (at >= a->len || g_array_index(a, vi_fix, at).x != OGR_G_GetX(part, i) ||
                g_array_index(a, vi_fix, at).y != OGR_G_GetY(part, i))
                a = NULL;
    }
    return a && at == a->len ? a : NULL;
}

/* The name inside the KMZ archive ZIP (a /vsizip/ path) of the KML that
 * libkml reads: doc.kml, else the first .kml at the top (caller frees), or
 * NULL. */
static char *kmz_main_kml(const char *zip)
{
    char **files = VSIReadDir(zip);
    char *name = NULL;
    for (int i = 0; files && files[i] && !name; i++)
        if (g_ascii_strcasecmp(files[i], "doc.kml") == 0)
            name = g_strdup(files[i]);
    for (int i = 0; files && files[i] && !name; i++)
        if (g_str_has_suffix(files[i], ".kml") || g_str_has_suffix(files[i], ".KML"))
            name = g_strdup(files[i]);
    CSLDestroy(files);
    return name;
}

/* The KML text of the source: the file, or the KML a KMZ holds (caller
 * frees), or NULL. */
static char *kml_text(const char *path)
{
    static const gsize max_text = 256 * 1024 * 1024;
    char *abs = g_canonicalize_filename(path, NULL);
    char *zip = g_strdup_printf("/vsizip/%s", abs), *member = NULL;
    GByte *text = NULL;
    vsi_l_offset size = 0;
    VSILFILE *fp = VSIFOpenL(abs, "rb");
    char head[2] = {0};
    if (fp && VSIFReadL(head, 1, 2, fp) == 2 && head[0] == 'P' && head[1] == 'K') {
        char *name = kmz_main_kml(zip);
        member = name ? g_strdup_printf("%s/%s", zip, name) : NULL;
        g_free(name);
    }
    if (fp)
        VSIFCloseL(fp);
    if (!VSIIngestFile(NULL, member ? member : abs, &text, &size, (GIntBig)max_text))
        text = NULL;
    g_free(member);
    g_free(zip);
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
        imp->res->track_dropped += (gint64)(st.poor_accuracy + st.jumps + st.scattered);
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

void import_clean_track(importer *imp, const source_layer *src, OGRGeometryH raw, OGRGeometryH *g)
{
    if (imp->gpx && strcmp(OGR_L_GetName(src->layer), "tracks") == 0) {
        clean_track(imp, track_fixes(imp, imp->index, raw), g);
    } else if (imp->kml) {
        GArray *fixes = kml_track_fixes(imp, raw);
        if (fixes) {
            clean_track(imp, fixes, g);
            g_array_free(fixes, TRUE);
        }
    }
}
