/*
 * source-check.c - a source's own files checked before GDAL reads them
 * (source-check.h).
 *
 * The shapefile numbers come from the headers of the ESRI Shapefile
 * Technical Description (July 1998): the .shp and .shx begin with file code
 * 9994 and the file length in 16-bit words (big-endian, bytes 24-27); each
 * .shx record after the 100-byte header is a shape's offset and content
 * length in words.  A .dbf (dBASE III) counts its records at bytes 4-7 and
 * gives the header and record lengths at 8-9 and 10-11 (little-endian).
 */
#include "i18n.h"
#include "source-check.h"
#include "import-common.h"
#include "vi-error.h"

#include <inttypes.h>
#include <cpl_error.h>
#include <gdal.h>
#include <cpl_string.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <string.h>

#define SHP_HEADER 100
#define SHP_FILE_CODE 9994

/* The shapefile part of PATH (a .shp) with extension EXT, as "roads.dbf"
 * or "ROADS.DBF" if one exists (caller frees), else NULL. */
static char *sidecar(const char *path, const char *ext)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return NULL;
    char *up = g_ascii_strup(ext, -1);
    char *found = NULL;
    const char *const exts[] = {ext, up};
    for (size_t i = 0; i < G_N_ELEMENTS(exts) && !found; i++) {
        char *p = g_strdup_printf("%.*s.%s", (int)(dot - path), path, exts[i]);
        if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
            found = p;
        else
            g_free(p);
    }
    g_free(up);
    return found;
}

static guint32 be32(const guchar *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static guint32 le32(const guchar *p)
{
    return (guint32)p[3] << 24 | (guint32)p[2] << 16 | (guint32)p[1] << 8 | p[0];
}

static guint16 le16(const guchar *p)
{
    return (guint16)(p[1] << 8 | p[0]);
}

/* The whole of FILE (g_file_get_contents) as bytes; NULL when unreadable
 * (GDAL then says why). */
static guchar *read_all(const char *file, gsize *len)
{
    char *data = NULL;
    if (!file || !g_file_get_contents(file, &data, len, NULL))
        return NULL;
    return (guchar *)data;
}

static gint64 file_size(const char *file)
{
    GStatBuf st;
    return g_stat(file, &st) == 0 ? (gint64)st.st_size : -1;
}

static char *base(const char *file)
{
    return g_path_get_basename(file);
}

/* The .shx and .shp of a shapefile: as long as their headers say, and every
 * shape the .shx places inside the .shp.  *SHAPES receives the .shx count. */
static gboolean check_shp_shx(const char *path, const char *shx, gint64 *shapes, GError **err)
{
    *shapes = -1;
    gsize len = 0;
    guchar *idx = read_all(shx, &len);
    gint64 shp_size = file_size(path);
    guchar head[SHP_HEADER];
    FILE *fp = fopen(path, "rb");
    gboolean have_head = fp && fread(head, 1, sizeof head, fp) == sizeof head;
    if (fp)
        fclose(fp);
    gboolean ok = TRUE;
    char *shp_name = base(path), *shx_name = base(shx);
    if (!idx || len < SHP_HEADER || be32(idx) != SHP_FILE_CODE || !have_head ||
        be32(head) != SHP_FILE_CODE)
        goto out; /* not a shapefile's: GDAL says what it is */
    gint64 shx_said = (gint64)be32(idx + 24) * 2, shp_said = (gint64)be32(head + 24) * 2;
    if ((gint64)len < shx_said) {
        import_set_error(err, VI_ERROR_DATA, path,
                         _("%s is cut short: it has %" PRId64 " bytes, its header says "
                           "%" PRId64 ": copy the shapefile's files again"),
                         shx_name, (gint64)len, shx_said);
        ok = FALSE;
        goto out;
    }
    gint64 n = (gint64)(MIN((gint64)len, shx_said) - SHP_HEADER) / 8;
    for (gint64 i = 0; i < n; i++) {
        const guchar *rec = idx + SHP_HEADER + 8 * i;
        gint64 end = (gint64)be32(rec) * 2 + 8 + (gint64)be32(rec + 4) * 2;
        if (end > shp_size) {
            import_set_error(err, VI_ERROR_DATA, path,
                             _("%s is cut short: it has %" PRId64 " bytes, its header "
                               "says %" PRId64 ", and %s places shape %" PRId64 " of %" PRId64
                               " up to byte %" PRId64 ": copy the shapefile's files again"),
                             shp_name, shp_size, shp_said, shx_name, i + 1, n, end);
            ok = FALSE;
            goto out;
        }
    }
    if (shp_size < shp_said) {
        import_set_error(err, VI_ERROR_DATA, path,
                         _("%s is cut short: it has %" PRId64 " bytes, its header says "
                           "%" PRId64 ": copy the shapefile's files again"),
                         shp_name, shp_size, shp_said);
        ok = FALSE;
        goto out;
    }
    *shapes = n;
out:
    g_free(idx);
    g_free(shp_name);
    g_free(shx_name);
    return ok;
}

/* The .dbf holds the records its header counts, as many as the .shx shapes. */
static gboolean check_dbf(const char *path, const char *dbf, const char *shx, gint64 shapes,
                          GError **err)
{
    guchar head[32];
    FILE *fp = fopen(dbf, "rb");
    gboolean have_head = fp && fread(head, 1, sizeof head, fp) == sizeof head;
    if (fp)
        fclose(fp);
    if (!have_head)
        return TRUE; /* GDAL says what is wrong with it */
    gint64 count = le32(head + 4), header = le16(head + 8), record = le16(head + 10);
    gint64 size = file_size(dbf), expected = header + count * record;
    if (record == 0 || header < 32)
        return TRUE;
    gboolean ok = TRUE;
    char *dbf_name = base(dbf), *shx_name = base(shx);
    if (size < expected) {
        gint64 held = size > header ? (size - header) / record : 0;
        import_set_error(err, VI_ERROR_DATA, path,
                         _("%s is cut short: its header counts %" PRId64
                           " records, the file holds %" PRId64 " (%" PRId64 " bytes, %" PRId64
                           " expected): copy the shapefile's files again"),
                         dbf_name, count, held, size, expected);
        ok = FALSE;
    } else if (shapes >= 0 && shapes != count) {
        import_set_error(err, VI_ERROR_DATA, path,
                         _("%s indexes %" PRId64 " shapes but %s holds %" PRId64
                           " records: the shapefile's files do not belong together (copy them "
                           "again)"),
                         shx_name, shapes, dbf_name, count);
        ok = FALSE;
    }
    g_free(dbf_name);
    g_free(shx_name);
    return ok;
}

/* The first part of TEXT on one line, for quoting (caller frees). */
static char *excerpt(const char *text)
{
    char *valid = g_utf8_make_valid(text, -1);
    g_strstrip(valid);
    for (char *p = valid; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    if (g_utf8_strlen(valid, -1) > 60) {
        char *cut = g_utf8_substring(valid, 0, 60);
        g_free(valid);
        valid = g_strconcat(cut, "...", NULL);
        g_free(cut);
    }
    return valid;
}

static const char crs_hint[] = N_("name the file's CRS with --src-crs (e.g. --src-crs EPSG:4545)");

/* The central meridian a bare Gauss-Krüger .prj TEXT names (its
 * Central_Meridian parameter), or NAN; FALSE when TEXT names no
 * Gauss-Krüger projection. */
static gboolean bare_gauss_kruger(const char *text, double *cm)
{
    *cm = NAN;
    GRegex *gk = g_regex_new("gauss[_ -]*kr[uü]e?ger", G_REGEX_CASELESS, 0, NULL);
    gboolean named = g_regex_match(gk, text, 0, NULL);
    g_regex_unref(gk);
    if (!named)
        return FALSE;
    GRegex *re = g_regex_new("PARAMETER\\s*\\[\\s*\"central_meridian\"\\s*,\\s*([-+0-9.eE]+)",
                             G_REGEX_CASELESS, 0, NULL);
    GMatchInfo *mi = NULL;
    if (g_regex_match(re, text, 0, &mi)) {
        char *v = g_match_info_fetch(mi, 1);
        *cm = g_ascii_strtod(v, NULL);
        g_free(v);
    }
    g_match_info_free(mi);
    g_regex_unref(re);
    return TRUE;
}

/* Does the text of PRJ describe a CRS, as the shapefile driver reads it
 * (OSRImportFromESRI)? */
static gboolean prj_readable(const char *text)
{
    char **lines = CSLTokenizeStringComplex(text, "\r\n", FALSE, FALSE);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    gboolean ok = OSRImportFromESRI(srs, lines) == OGRERR_NONE;
    CPLPopErrorHandler();
    OSRDestroySpatialReference(srs);
    CSLDestroy(lines);
    return ok;
}

gboolean source_prj_bare_gauss_kruger(const char *path, double *cm)
{
    *cm = NAN;
    char *prj = sidecar(path, "prj"), *text = NULL;
    gboolean bare = prj && g_file_get_contents(prj, &text, NULL, NULL) && !prj_readable(text) &&
                    bare_gauss_kruger(text, cm);
    g_free(text);
    g_free(prj);
    return bare;
}

/* A .prj GDAL would read as no CRS: empty, or not a CRS (as the shapefile
 * driver reads it, with OSRImportFromESRI).  One that names only a
 * Gauss-Krüger projection is let through: the import infers its zone and
 * says so (import-geom.c). */
static gboolean check_prj(const char *path, const char *prj, GError **err)
{
    char *text = NULL;
    if (!g_file_get_contents(prj, &text, NULL, NULL))
        return TRUE;
    char *name = base(prj);
    gboolean ok = TRUE;
    char *quoted = excerpt(text);
    if (!*quoted) {
        import_set_error(err, VI_ERROR_DATA, path, _("its projection file %s is empty: %s"), name,
                         _(crs_hint));
        ok = FALSE;
    } else {
        double cm;
        ok = prj_readable(text) || bare_gauss_kruger(text, &cm);
        if (!ok)
            import_set_error(err, VI_ERROR_DATA, path,
                             _("its projection file %s does not describe a CRS GDAL knows "
                               "(\"%s\"): %s"),
                             name, quoted, _(crs_hint));
    }
    g_free(quoted);
    g_free(name);
    g_free(text);
    return ok;
}

/* The text of the member KEY of the JSON object starting at OBJ: the string
 * value, or the digits of a number (caller frees), or NULL. */
static char *json_member(const char *obj, const char *key)
{
    char *pattern = g_strdup_printf("\"%s\"\\s*:\\s*(?:\"([^\"]*)\"|([0-9]+))", key);
    GRegex *re = g_regex_new(pattern, 0, 0, NULL);
    GMatchInfo *mi = NULL;
    char *value = NULL;
    if (re && g_regex_match(re, obj, 0, &mi)) {
        value = g_match_info_fetch(mi, 1);
        if (!value || !*value) {
            g_free(value);
            value = g_match_info_fetch(mi, 2);
        }
    }
    g_match_info_free(mi);
    if (re)
        g_regex_unref(re);
    g_free(pattern);
    return value;
}

/* The object after "crs": in the head of a GeoJSON text, up to its closing
 * brace (caller frees), or NULL when the head has no such member before the
 * features (RFC 7946 dropped it; GDAL and QGIS write it first). */
static char *geojson_crs(const char *head)
{
    const char *crs = strstr(head, "\"crs\"");
    const char *features = strstr(head, "\"features\"");
    if (!crs || (features && features < crs))
        return NULL;
    const char *open = strchr(crs, '{');
    if (!open)
        return NULL;
    int depth = 0;
    for (const char *p = open; *p; p++) {
        if (*p == '{')
            depth++;
        else if (*p == '}' && --depth == 0)
            return g_strndup(open, (gsize)(p - open + 1));
    }
    return NULL;
}

/* A GeoJSON "crs" member GDAL would ignore (reading the file as WGS 84). */
static gboolean check_geojson_crs(const char *path, GError **err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return TRUE;
    char head[65536];
    size_t n = fread(head, 1, sizeof head - 1, fp);
    fclose(fp);
    head[n] = '\0';
    const char *start = head + strspn(head, " \t\r\n");
    if (g_str_has_prefix(start, "\xEF\xBB\xBF"))
        start += 3;
    if (*start != '{')
        return TRUE;
    char *crs = geojson_crs(start);
    if (!crs)
        return TRUE;
    char *type = json_member(crs, "type");
    char *name = json_member(crs, "name");
    char *code = json_member(crs, "code");
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    gboolean ok = FALSE;
    /* A name that is a path would make GDAL read another file; GDAL's
     * GeoJSON reader does not allow that either. */
    if (type && g_ascii_strcasecmp(type, "name") == 0 && name &&
        (!strpbrk(name, "/\\") || g_str_has_prefix(name, "http://www.opengis.net/def/crs/")))
        ok = OSRSetFromUserInput(srs, name) == OGRERR_NONE;
    else if (type && g_ascii_strcasecmp(type, "EPSG") == 0 && code)
        ok = OSRImportFromEPSG(srs, (int)g_ascii_strtoll(code, NULL, 10)) == OGRERR_NONE;
    CPLPopErrorHandler();
    OSRDestroySpatialReference(srs);
    if (!ok) {
        char *quoted = excerpt(name ? name : code ? code : crs);
        import_set_error(err, VI_ERROR_DATA, path,
                         _("its \"crs\" member names %s%s%s, which is no CRS GDAL knows: %s"),
                         name || code ? "\"" : "", quoted, name || code ? "\"" : "", _(crs_hint));
        g_free(quoted);
    }
    g_free(type);
    g_free(name);
    g_free(code);
    g_free(crs);
    return ok;
}

gboolean source_check_files(const char *path, gboolean src_crs_given, GError **err)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return TRUE;
    if (g_ascii_strcasecmp(dot, ".geojson") == 0 || g_ascii_strcasecmp(dot, ".json") == 0)
        return src_crs_given || check_geojson_crs(path, err);
    if (g_ascii_strcasecmp(dot, ".csv") == 0 && !src_crs_given) {
        /* The longitude/latitude columns are read as WGS 84; a .prj beside
         * the table says they may be something else. */
        char *prj = sidecar(path, "prj"), *name = prj ? base(prj) : NULL;
        if (prj)
            import_set_error(err, VI_ERROR_DATA, path,
                             _("the projection file %s beside it may give its coordinates another "
                               "CRS than the WGS 84 vinfra reads longitude/latitude columns in: "
                               "name their CRS with --src-crs (e.g. --src-crs EPSG:4545, or "
                               "--src-crs EPSG:4326 if they are WGS 84)"),
                             name);
        g_free(name);
        g_free(prj);
        return prj == NULL;
    }
    if (g_ascii_strcasecmp(dot, ".shp") != 0)
        return TRUE;
    char *shx = sidecar(path, "shx"), *dbf = sidecar(path, "dbf"), *prj = sidecar(path, "prj");
    gint64 shapes = -1;
    gboolean ok = (!shx || check_shp_shx(path, shx, &shapes, err)) &&
                  (!dbf || check_dbf(path, dbf, shx, shapes, err)) &&
                  (src_crs_given || !prj || check_prj(path, prj, err));
    g_free(shx);
    g_free(dbf);
    g_free(prj);
    return ok;
}

gboolean source_check_cpg(const char *path, OGRLayerH layer, GError **err)
{
    char *cpg = sidecar(path, "cpg");
    if (!cpg)
        return TRUE;
    char *text = NULL;
    gboolean ok = TRUE;
    if (g_file_get_contents(cpg, &text, NULL, NULL)) {
        char *said = excerpt(text);
        /* The layer is opened with ENCODING="" (import-text.c decodes the
         * text itself), so what GDAL read the .cpg as is ENCODING_FROM_CPG. */
        const char *used = import_text_declared(layer, NULL);
        char *probe = used && *used ? g_convert("", 0, "UTF-8", used, NULL, NULL, NULL) : NULL;
        if (!*said || !probe) {
            /* An empty one makes GDAL fall back to the .dbf's language
             * byte, usually Latin-1: Chinese text would come out garbled. */
            char *name = base(cpg);
            if (*said)
                import_set_error(err, VI_ERROR_DATA, path,
                                 _("its code page file %s names \"%s\", an encoding vinfra does "
                                   "not know: name the text encoding with --encoding (e.g. "
                                   "--encoding GBK or --encoding UTF-8)"),
                                 name, said);
            else
                import_set_error(err, VI_ERROR_DATA, path,
                                 _("its code page file %s is empty: name the text encoding with "
                                   "--encoding (e.g. --encoding GBK or --encoding UTF-8)"),
                                 name);
            g_free(name);
            ok = FALSE;
        }
        g_free(probe);
        g_free(said);
    }
    g_free(text);
    g_free(cpg);
    return ok;
}
