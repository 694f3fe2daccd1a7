/*
 * import-source.c - opening a source for an import (import-common.h):
 * recognising a file imported before by the hash of its content, opening it
 * with GDAL (the allowed driver it identifies as, a KMZ's doc.kml, a CSV's
 * header row), deciding the encoding of its text (declared, or detected:
 * import-text.c) and reading its field names and values as checked UTF-8.
 * Shared by the layer import (import.c) and the ledger import (ledger.c).
 */
#include "i18n.h"
#include "filekind.h"
#include "gdal-guard.h"
#include "import-common.h"
#include "source-check.h"
#include "import-table.h"
#include "vi-error.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static gboolean hash_file(GChecksum *sum, const char *path, GError **err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        import_set_error(err, VI_ERROR_IO, path, _("cannot read it: %s"), g_strerror(errno));
        return FALSE;
    }
    guchar buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        g_checksum_update(sum, buf, (gssize)n);
    gboolean ok = !ferror(fp);
    if (!ok)
        import_set_error(err, VI_ERROR_IO, path, _("cannot read it: %s"), g_strerror(errno));
    fclose(fp);
    return ok;
}

/* A shapefile is several files; its content is all of them. */
static gboolean hash_sidecars(GChecksum *sum, const char *path, GError **err)
{
    const char *dot = strrchr(path, '.');
    if (!dot || g_ascii_strcasecmp(dot, ".shp") != 0)
        return TRUE;
    static const char *const exts[] = {"shx", "dbf", "prj", "cpg"};
    gboolean upper = g_ascii_isupper(dot[1]);
    for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
        char *ext = upper ? g_ascii_strup(exts[i], -1) : g_strdup(exts[i]);
        char *side = g_strdup_printf("%.*s.%s", (int)(dot - path), path, ext);
        gboolean ok = TRUE;
        if (g_file_test(side, G_FILE_TEST_EXISTS)) {
            g_checksum_update(sum, (const guchar *)exts[i], -1);
            ok = hash_file(sum, side, err);
        }
        g_free(side);
        g_free(ext);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

gboolean import_recognise(vi_store *store, const char *path, const char *key, vi_lang lang,
                          vi_import_result *res, char **sha256, GError **err)
{
    *sha256 = NULL;
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        import_set_error(err, VI_ERROR_IO, path, _("no such file"));
        return FALSE;
    }
    const char *kind = vi_file_kind(path);
    if (kind) {
        import_set_error(err, VI_ERROR_IO, path, _("it is %s, not a file"), kind);
        return FALSE;
    }
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    gboolean ok = hash_file(sum, path, err) && hash_sidecars(sum, path, err);
    if (ok) {
        g_checksum_update(sum, (const guchar *)"\n", 1);
        g_checksum_update(sum, (const guchar *)key, -1);
        *sha256 = g_strdup(g_checksum_get_string(sum));
    }
    g_checksum_free(sum);
    if (!ok)
        return FALSE;
    gboolean found = FALSE;
    vi_import_info info = {0};
    if (!store_import_find(store, *sha256, &found, &info, err))
        return FALSE;
    if (found) {
        res->already_imported = TRUE;
        /* Positional arguments: the sentence orders differ between the languages. */
        const char *into = import_target_name(lang, store_registry(store), info.layer);
        if (strcmp(info.path, path) == 0)
            res->previous =
                g_strdup_printf(vi_i18n_in(lang, N_("'%1$s' was already imported into %2$s on "
                                                    "%3$.10s")),
                                path, into, info.imported_at);
        else
            res->previous =
                g_strdup_printf(vi_i18n_in(lang, N_("'%1$s' was already imported into %2$s on "
                                                    "%3$.10s as '%4$s'")),
                                path, into, info.imported_at, info.path);
        store_import_info_clear(&info);
    }
    return TRUE;
}

static gint64 dataset_feature_count(GDALDatasetH ds)
{
    gint64 n = 0;
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++)
        n += OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds, i), TRUE);
    return n;
}

/* libkml does not resolve a KMZ's schemaUrl="#name" references, so a KMZ made
 * by zipping a KML as doc.kml loses every attribute when read as a KMZ.  Its
 * doc.kml read on its own keeps them.  A KMZ whose doc.kml holds no
 * placemarks (only links to layers/, as GDAL writes them) is read whole. */
static GDALDatasetH open_kmz_doc(const char *path)
{
    char *abs = g_canonicalize_filename(path, NULL);
    char *doc = g_strdup_printf("/vsizip/%s/doc.kml", abs);
    g_free(abs);
    static const char *const kml_drivers[] = {"LIBKML", "KML", NULL};
    GDALDatasetH ds = GDALOpenEx(doc, GDAL_OF_VECTOR | GDAL_OF_READONLY, kml_drivers, NULL, NULL);
    g_free(doc);
    if (ds && dataset_feature_count(ds) == 0) {
        GDALClose(ds);
        ds = NULL;
    }
    return ds;
}

/* The first line of the CSV file PATH when it has no comma, semicolon or
 * tab (a file saved with another separator), else NULL.  Caller frees. */
static char *csv_header_without_separator(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char line[256];
    char *header = NULL;
    if (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!strpbrk(line, ",;\t") && g_utf8_validate(line, -1, NULL))
            header = g_strdup(line);
    }
    fclose(fp);
    return header;
}

/* A shapefile is several files; GDAL reads one without its .dbf as
 * geometry only, without a word.  Say that the file is missing instead.
 * TRUE when PATH is no .shp or has its .dbf. */
static gboolean shapefile_complete(const char *path, GError **err)
{
    const char *dot = strrchr(path, '.');
    if (!dot || g_ascii_strcasecmp(dot, ".shp") != 0)
        return TRUE;
    /* (A missing .shx is named by the GDAL guard, which refuses to rebuild it.) */
    static const char *const needed[][2] = {{"dbf", N_("attribute")}};
    gboolean upper = g_ascii_isupper(dot[1]);
    for (size_t i = 0; i < G_N_ELEMENTS(needed); i++) {
        char *lower = g_strdup_printf("%.*s.%s", (int)(dot - path), path, needed[i][0]);
        char *up = g_ascii_strup(needed[i][0], -1);
        char *other = g_strdup_printf("%.*s.%s", (int)(dot - path), path, up);
        gboolean found =
            g_file_test(lower, G_FILE_TEST_EXISTS) || g_file_test(other, G_FILE_TEST_EXISTS);
        if (!found)
            import_set_error(
                err, VI_ERROR_DATA, path,
                _("its %s file '%s' is missing (a shapefile is several files: copy its "
                  ".shp, .shx, .dbf, .prj and .cpg together)"),
                _(needed[i][1]), upper ? other : lower);
        g_free(lower);
        g_free(up);
        g_free(other);
        if (!found)
            return FALSE;
    }
    return TRUE;
}

GDALDatasetH import_open(const char *path, const char *encoding, const char **driver,
                         const char **recode_from, const char **detected, GError **err)
{
    *driver = NULL;
    *recode_from = *detected = NULL;
    /* Drivers are registered on first need, not at start-up, where they
     * would cost every command several milliseconds. */
    GDALAllRegister();
    CPLErrorReset();
    const char *dot = strrchr(path, '.');
    if (dot && g_ascii_strcasecmp(dot, ".kmz") == 0) {
        GDALDatasetH ds = open_kmz_doc(path);
        if (ds) {
            *driver = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
            return ds;
        }
    }
    GStatBuf st;
    if (g_stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) {
        import_set_error(err, VI_ERROR_DATA, path, _("the file is empty (0 bytes)"));
        return NULL;
    }
    if (!shapefile_complete(path, err))
        return NULL;
    /* A .txt table opens as CSV only when named so (import-table.h). */
    g_autofree char *txt = import_table_txt(path);
    GDALDriverH drv = GDALIdentifyDriverEx(txt ? txt : path, GDAL_OF_VECTOR, vi_gdal_drivers, NULL);
    if (!drv) {
        import_set_error(err, VI_ERROR_DATA, path,
                         _("not a GIS file GDAL can read (expected GeoJSON, Shapefile, "
                           "GeoPackage, KML/KMZ, GPX, CSV or XLSX)"));
        return NULL;
    }
    const char *name = GDALGetDriverShortName(drv);
    char **options = NULL;
    /* GDAL's recoding off: import_text_decode() decodes and checks the bytes. */
    gboolean shapefile = strcmp(name, "ESRI Shapefile") == 0;
    if (shapefile)
        options = CSLSetNameValue(options, "ENCODING", "");
    if (strcmp(name, "CSV") == 0) {
        /* Spreadsheets exported by hand always have a header row. */
        options = CSLSetNameValue(options, "HEADERS", "YES");
        options = CSLSetNameValue(options, "EMPTY_STRING_AS_NULL", "YES");
        *recode_from = encoding;
    }
    if (strcmp(name, "XLSX") == 0 || strcmp(name, "ODS") == 0)
        options = CSLSetNameValue(options, "HEADERS", "FORCE");
    const char *const drivers[] = {name, NULL};
    /* A CSV file's title line has no separator, which GDAL refuses. */
    char *titled = strcmp(name, "CSV") == 0 ? import_table_titled_csv(path) : NULL;
    GDALDatasetH ds = GDALOpenEx(titled ? titled
                                 : txt  ? txt
                                        : path,
                                 GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, drivers,
                                 (const char *const *)options, NULL);
    import_table_titled_release(titled);
    CSLDestroy(options);
    if (!ds) {
        char *header = strcmp(name, "CSV") == 0 ? csv_header_without_separator(path) : NULL;
        char *why = gdal_guard_messages();
        if (header)
            import_set_error(err, VI_ERROR_DATA, path,
                             _("cannot open it as CSV: expected column names separated by commas, "
                               "semicolons or tabs in the first line, got \"%s\""),
                             header);
        else
            import_set_error(err, VI_ERROR_DATA, path, _("cannot open it as %s: %s"), name, why);
        g_free(why);
        g_free(header);
        return NULL;
    }
    gboolean ok = TRUE;
    if (shapefile && GDALDatasetGetLayerCount(ds) > 0) {
        OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
        *recode_from = import_text_declared(layer, encoding);
        ok = encoding || source_check_cpg(path, layer, err);
    }
    /* A file that says nothing of its encoding is read as all of its text is. */
    if (ok && !encoding && (strcmp(name, "CSV") == 0 || (shapefile && !*recode_from)))
        ok = import_text_detect(path, name, recode_from, detected, err);
    for (int i = 0; ok && i < GDALDatasetGetLayerCount(ds); i++)
        ok = import_text_check_names(GDALDatasetGetLayer(ds, i), path, name, *recode_from, encoding,
                                     err);
    if (!ok) {
        GDALClose(ds);
        *recode_from = *detected = NULL;
        return NULL;
    }
    *driver = name;
    return ds;
}

static char *to_utf8(const char *raw, const char *recode_from)
{
    return import_text_decode(raw, recode_from);
}

char *import_field_text(OGRFeatureH f, int i, const char *recode_from, gboolean *bad_text)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    char *s = to_utf8(OGR_F_GetFieldAsString(f, i), recode_from);
    if (!s) {
        *bad_text = TRUE;
        return NULL;
    }
    g_strstrip(s);
    if (!*s) {
        g_free(s);
        return NULL;
    }
    return s;
}

char **import_field_names(OGRFeatureDefnH defn, const char *recode_from)
{
    int n = OGR_FD_GetFieldCount(defn);
    char **names = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++) {
        const char *raw = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
        names[i] = to_utf8(raw, recode_from);
        /* (import_open() refused names that do not decode; shown as bytes, never garbled.) */
        if (!names[i])
            names[i] = import_text_bytes(raw);
    }
    /* A byte order mark GDAL leaves on the first name (GB18030's). */
    if (n > 0 && g_str_has_prefix(names[0], "\xEF\xBB\xBF"))
        memmove(names[0], names[0] + 3, strlen(names[0]) - 2);
    return names;
}

int import_find_field(char *const *names, const char *source)
{
    /* "STATUS" names the field STATUS even when a field status comes first. */
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], source) == 0)
            return i;
    for (int i = 0; names[i]; i++)
        if (g_ascii_strcasecmp(names[i], source) == 0)
            return i;
    return -1;
}

int import_match_field(char *const *names, const char *name, const char *name_zh,
                       gboolean shapefile)
{
    int exact = import_find_field(names, name);
    if (exact >= 0)
        return exact;
    for (int i = 0; names[i]; i++) {
        if (shapefile && strlen(name) > 10 && strlen(names[i]) == 10 &&
            g_ascii_strncasecmp(names[i], name, 10) == 0)
            return i;
        if (name_zh && strcmp(names[i], name_zh) == 0)
            return i;
    }
    return -1;
}
