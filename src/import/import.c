/*
 * import.c - vinfra import of GIS files into a layer (import.h), and the
 * helpers the ledger import shares (import-int.h).
 *
 * Design:
 * - Two passes.  The first reads every feature of the source, transforms it
 *   to CGCS2000 and checks it, keeping the result in memory; it never writes,
 *   so a rejected file or a dry run leaves the database byte-identical.  The
 *   second writes everything in one transaction, rolled back on any error.
 * - Errors name the file, the feature (1-based index over the whole source,
 *   and its id), the field and what was expected; the first rejected feature
 *   stops the import.  They are in English (scripts and tests match them);
 *   warnings and summaries, read by the person importing, follow --lang.
 * - Coordinates go through PROJ (OGR coordinate transformations, in
 *   traditional GIS order: x is longitude) in one batch per geometry.  GCJ-02
 *   and BD-09, which PROJ does not know, are first taken back to WGS84 by
 *   chinacrs.c.
 */
#include "filekind.h"
#include "chinacrs.h"
#include "gdal-guard.h"
#include "geodesy.h"
#include "geom.h"
#include "import-int.h"
#include "import-place.h"
#include "import-repair.h"
#include "number.h"
#include "textcheck.h"
#include "source-check.h"
#include "polyindex.h"
#include "vi-error.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* ---- shared helpers (import-int.h) ---- */

void import_set_error(GError **err, int code, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(err, VI_ERROR, code, "cannot import '%s': %s", path, what);
    g_free(what);
}

void import_warn(vi_import_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_ptr_array_add(res->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

void import_progress(const vi_import_options *opt, gboolean writing, gint64 done, gint64 total)
{
    if (opt->progress)
        opt->progress(((writing ? total : 0) + done) / 2, total, opt->progress_user);
}

char *import_item_label(const char *noun, gint64 index, const char *id)
{
    if (id)
        return g_strdup_printf("%s %" G_GINT64_FORMAT " (id \"%s\")", noun, index, id);
    return g_strdup_printf("%s %" G_GINT64_FORMAT, noun, index);
}

/* import_item_label() in LANG, for warnings. */
static char *item_text(vi_lang lang, gint64 index, const char *id)
{
    if (id)
        return g_strdup_printf(vi_text(lang, "要素 %" G_GINT64_FORMAT "（编号 \"%s\"）",
                                        "feature %" G_GINT64_FORMAT " (id \"%s\")"),
                               index, id);
    return g_strdup_printf(vi_text(lang, "要素 %" G_GINT64_FORMAT, "feature %" G_GINT64_FORMAT),
                           index);
}

static gboolean hash_file(GChecksum *sum, const char *path, GError **err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        import_set_error(err, VI_ERROR_IO, path, "cannot read it: %s", g_strerror(errno));
        return FALSE;
    }
    guchar buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        g_checksum_update(sum, buf, (gssize)n);
    gboolean ok = !ferror(fp);
    if (!ok)
        import_set_error(err, VI_ERROR_IO, path, "cannot read it: %s", g_strerror(errno));
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

/* What an import goes into, named for the person reading: the ledger, or the
 * layer KEY by its Chinese name (zh) or its key (en, as the user types it). */
static const char *target_name(vi_lang lang, const vi_registry *reg, const char *key)
{
    if (strcmp(key, VI_LEDGER_KEY) == 0)
        return vi_text(lang, "项目台账", "the ledger");
    const vi_layer *layer = registry_layer(reg, key);
    return layer ? vi_text(lang, layer->name_zh, layer->name) : key;
}

gboolean import_recognise(vi_store *store, const char *path, const char *key, vi_lang lang,
                          vi_import_result *res, char **sha256, GError **err)
{
    *sha256 = NULL;
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        import_set_error(err, VI_ERROR_IO, path, "no such file");
        return FALSE;
    }
    const char *kind = vi_file_kind(path);
    if (kind) {
        import_set_error(err, VI_ERROR_IO, path, "it is %s, not a file", kind);
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
        const char *into = target_name(lang, store_registry(store), info.layer);
        if (strcmp(info.path, path) == 0)
            res->previous = g_strdup_printf(vi_text(lang, "'%1$s' 已于 %3$.10s 导入%2$s",
                                                     "'%1$s' was already imported into %2$s on "
                                                     "%3$.10s"),
                                            path, into, info.imported_at);
        else
            res->previous = g_strdup_printf(vi_text(lang, "'%1$s' 的内容已于 %3$.10s 以 '%4$s' 导入%2$s",
                                                     "'%1$s' was already imported into %2$s on "
                                                     "%3$.10s as '%4$s'"),
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
    static const char *const needed[][2] = {{"dbf", "attribute"}};
    gboolean upper = g_ascii_isupper(dot[1]);
    for (size_t i = 0; i < G_N_ELEMENTS(needed); i++) {
        char *lower = g_strdup_printf("%.*s.%s", (int)(dot - path), path, needed[i][0]);
        char *up = g_ascii_strup(needed[i][0], -1);
        char *other = g_strdup_printf("%.*s.%s", (int)(dot - path), path, up);
        gboolean found = g_file_test(lower, G_FILE_TEST_EXISTS) ||
                         g_file_test(other, G_FILE_TEST_EXISTS);
        if (!found)
            import_set_error(err, VI_ERROR_DATA, path,
                             "its %s file '%s' is missing (a shapefile is several files: copy its "
                             ".shp, .shx, .dbf, .prj and .cpg together)",
                             needed[i][1], upper ? other : lower);
        g_free(lower);
        g_free(up);
        g_free(other);
        if (!found)
            return FALSE;
    }
    return TRUE;
}

GDALDatasetH import_open(const char *path, const char *encoding, const char **driver,
                         const char **recode_from, GError **err)
{
    *driver = NULL;
    *recode_from = NULL;
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
        import_set_error(err, VI_ERROR_DATA, path, "the file is empty (0 bytes)");
        return NULL;
    }
    if (!shapefile_complete(path, err))
        return NULL;
    GDALDriverH drv = GDALIdentifyDriverEx(path, GDAL_OF_VECTOR, vi_gdal_drivers, NULL);
    if (!drv) {
        import_set_error(err, VI_ERROR_DATA, path,
                         "not a GIS file GDAL can read (expected GeoJSON, Shapefile, "
                         "GeoPackage, KML/KMZ, GPX, CSV or XLSX)");
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
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                                 drivers, (const char *const *)options, NULL);
    CSLDestroy(options);
    if (!ds) {
        char *header = strcmp(name, "CSV") == 0 ? csv_header_without_separator(path) : NULL;
        char *why = gdal_guard_messages();
        if (header)
            import_set_error(err, VI_ERROR_DATA, path,
                             "cannot open it as CSV: expected column names separated by commas, "
                             "semicolons or tabs in the first line, got \"%s\"",
                             header);
        else
            import_set_error(err, VI_ERROR_DATA, path, "cannot open it as %s: %s", name, why);
        g_free(why);
        g_free(header);
        return NULL;
    }
    *driver = name;
    if (shapefile && GDALDatasetGetLayerCount(ds) > 0)
        *recode_from = import_text_declared(GDALDatasetGetLayer(ds, 0), encoding);
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
        if (!names[i]) /* keep the column usable through --map even if its name is garbled */
            names[i] = g_utf8_make_valid(raw, -1);
    }
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

gboolean import_parse_int(const char *s, gint64 *out)
{
    return vi_parse_int(s, out);
}

gboolean import_parse_real(const char *s, double *out)
{
    return vi_parse_real(s, out);
}

/* ---- the layer import ---- */

/* The common fields every layer has, in vi_feature order. */
enum { F_ID, F_VILLAGE, F_NAME, F_STATUS, F_YEAR, F_PROJECT, F_COMMON };
static const char *const common_names[F_COMMON] = {"id",     "village", "name",
                                                   "status", "year",    "project"};
/* Headers of county spreadsheets and ArcGIS tables made in Chinese. */
static const char *const common_names_zh[F_COMMON] = {"编号", "村", "名称", "状态", "年份", "项目"};
/* Column names taken as longitude/latitude in tables without geometry. */
static const char *const lon_names[] = {"lon", "lng", "long", "longitude", "经度", "x", NULL};
static const char *const lat_names[] = {"lat", "latitude", "纬度", "y", NULL};
/* Coordinate columns whose names say they are GCJ-02 (Amap/Gaode, Tencent)
 * or BD-09 (Baidu): read only with --src-crs, never silently as WGS 84.
 * The two lists pair up: longitude names first, then latitude names. */
static const char *const gcj_lon_names[] = {"gcj_lon", "gcj_lng", "gcj02_lon", "gcj02_lng",
                                            "高德经度", "火星经度", NULL};
static const char *const gcj_lat_names[] = {"gcj_lat", "gcj02_lat", "高德纬度", "火星纬度", NULL};
static const char *const bd_lon_names[] = {"bd_lon", "bd_lng", "bd09_lon", "bd09_lng", "百度经度",
                                           NULL};
static const char *const bd_lat_names[] = {"bd_lat", "bd09_lat", "百度纬度", NULL};
/* Display settings the KML drivers present as fields; never data. */
static const char *const kml_display_fields[] = {
    "tessellate", "extrude", "visibility", "altitudeMode", "drawOrder", "icon", NULL};

/* Repaired geometries and skipped rows are reported one by one up to this many. */
#define MAX_ITEM_WARNINGS 5

typedef struct {
    char *name; /* owned */
    vi_geom geom;
    OGRGeometryH ogr; /* owned; for distances and overlaps */
    vi_polyindex *edges; /* owned; where lines lie (store villages only) */
    double minx, miny, maxx, maxy;
    gint64 feature; /* a village of the file being imported: its feature index; else 0 */
} village_area;

/* A checked feature waiting for the write pass. */
typedef struct {
    char **values; /* nvalues texts (owned, NULL for none) */
    int nvalues;   /* F_COMMON + the layer's attributes */
    char *village; /* owned */
    unsigned char *wkb;
    size_t wkb_size;
} pending_feature;

/* One layer of the source (a GPX file has several). */
typedef struct {
    OGRLayerH layer;
    char **names;        /* source field names, UTF-8 */
    int *map;            /* registry field -> source field index, or -1 */
    gboolean *used;      /* source field -> matched to a registry field */
    int lon, lat;        /* coordinate columns of a table without geometry, or -1 */
    gboolean geographic; /* source coordinates are degrees */
    OGRCoordinateTransformationH ct;
} source_layer;

typedef struct {
    vi_store *store;
    const vi_layer *layer;
    const vi_region *region;
    const vi_import_options *opt;
    vi_import_result *res;
    const char *path;
    char *stem;  /* file name without extension: generated ids */
    int nfields; /* F_COMMON + layer->nattrs */
    gboolean is_villages;
    gboolean shapefile;
    gboolean gpx; /* tracks are simplified */
    gboolean kml;
    gboolean warned_no_crs;
    const char *item_id; /* id of the feature being checked, NULL when generated */
    const char *recode_from;
    vi_china_crs china;
    OGRSpatialReferenceH override_srs, wgs84, target;
    GArray *villages; /* village_area, loaded when first needed */
    gboolean villages_loaded;
    GHashTable *file_ids;          /* id -> first feature index */
    GHashTable *file_names;        /* villages layer: name -> first feature index */
    GHashTable *store_ids;         /* ids already in the layer */
    GHashTable *store_names;       /* villages layer: names already in the store */
    GHashTable *projects;          /* project ids of the ledger, loaded when first needed */
    GHashTable *ignored;           /* source fields with content that match nothing */
    GPtrArray *pending;            /* pending_feature * */
    GPtrArray *nuls;               /* import_nul *: NULs GDAL cut values short at */
    gint64 trimmed;                /* values with unusual spaces trimmed at their ends */
    gint64 trimmed_index;          /* the first of them: feature and field */
    int trimmed_field;
    GArray *xs, *ys, *rawx, *rawy; /* vertex batches */
    gint64 index, total, repairs, empty_rows, missing_status;
    gint64 outside_village; /* accepted with --accept-outside-village */
    GArray *file_villages;  /* villages layer: village_area of the features checked so far */
} importer;

static const char *field_name(const importer *imp, int k)
{
    return k < F_COMMON ? common_names[k] : imp->layer->attrs[k - F_COMMON]->name;
}

/* Free an array of N strings, some NULL (so not a GStrv). */
static void values_free(char **values, int n)
{
    for (int k = 0; values && k < n; k++)
        g_free(values[k]);
    g_free(values);
}

static void pending_free(gpointer p)
{
    pending_feature *pf = p;
    if (!pf)
        return;
    values_free(pf->values, pf->nvalues);
    g_free(pf->village);
    g_free(pf->wkb);
    g_free(pf);
}

static void village_area_clear(gpointer p)
{
    village_area *v = p;
    g_free(v->name);
    geom_clear(&v->geom);
    polyindex_free(v->edges);
    if (v->ogr)
        OGR_G_DestroyGeometry(v->ogr);
}

static void source_layer_clear(source_layer *src)
{
    g_strfreev(src->names);
    g_free(src->map);
    g_free(src->used);
    if (src->ct)
        OCTDestroyCoordinateTransformation(src->ct);
}

static OGRSpatialReferenceH lonlat_srs(int epsg)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, epsg);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

/* ---- villages ---- */

static gboolean collect_village(const vi_feature *f, void *user, GError **err)
{
    GArray *areas = user;
    village_area v = {0};
    if (!geom_from_wkb(f->wkb, f->wkb_size, &v.geom, err))
        return FALSE;
    v.name = g_strdup(f->name);
    geom_bounds(&v.geom, &v.minx, &v.miny, &v.maxx, &v.maxy);
    OGR_G_CreateFromWkb(f->wkb, NULL, &v.ogr, (int)f->wkb_size);
    v.edges = polyindex_new(&v.geom);
    g_array_append_val(areas, v);
    return TRUE;
}

static gboolean load_villages(importer *imp, GError **err)
{
    if (imp->villages_loaded)
        return TRUE;
    imp->villages_loaded = TRUE;
    return store_feature_scan(imp->store, registry_layer(store_registry(imp->store), "villages"),
                              NULL, collect_village, imp->villages, err);
}

static const village_area *village_named(const importer *imp, const char *name)
{
    for (guint i = 0; i < imp->villages->len; i++) {
        const village_area *v = &g_array_index(imp->villages, village_area, i);
        if (strcmp(v->name, name) == 0)
            return v;
    }
    return NULL;
}

static char *village_names(const importer *imp)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < imp->villages->len; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "",
                               g_array_index(imp->villages, village_area, i).name);
    return g_string_free(s, FALSE);
}

static const village_area *village_at(const importer *imp, double x, double y)
{
    for (guint i = 0; i < imp->villages->len; i++) {
        const village_area *v = &g_array_index(imp->villages, village_area, i);
        if (x >= v->minx && x <= v->maxx && y >= v->miny && y <= v->maxy &&
            geom_polygon_contains(&v->geom, x, y))
            return v;
    }
    return NULL;
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

/* Geodesic length in metres of line G inside village V, its boundary
 * included; *MEETS (may be NULL) set when G touches or enters V.  XY is
 * scratch space for the vertices.  Measured by walking the line, not by
 * GEOS overlay, which nodes the line against itself: minutes and gigabytes
 * for a million-vertex GPS trace that crosses itself (polyindex.h). */
static double length_inside(const village_area *v, OGRGeometryH g, GArray *xy, gboolean *meets)
{
    int parts = OGR_G_GetGeometryCount(g);
    double total = 0;
    if (parts > 0) {
        for (int i = 0; i < parts; i++)
            total += length_inside(v, OGR_G_GetGeometryRef(g, i), xy, meets);
        return total;
    }
    int n = OGR_G_GetPointCount(g);
    g_array_set_size(xy, 2 * (guint)n);
    double *p = (double *)(void *)xy->data;
    OGR_G_GetPoints(g, p, 2 * sizeof(double), p + 1, 2 * sizeof(double), NULL, 0);
    return polyindex_line_inside(v->edges, p, n, meets);
}

/* Does line G touch or enter village V? */
static gboolean line_meets(const village_area *v, OGRGeometryH g)
{
    GArray *xy = g_array_new(FALSE, FALSE, sizeof(double));
    gboolean meets = FALSE;
    length_inside(v, g, xy, &meets);
    g_array_free(xy, TRUE);
    return meets;
}

/* The village holding a point, a polygon's point on surface, or most of a line. */
static const village_area *village_of(importer *imp, OGRGeometryH g)
{
    if (imp->layer->geometry == VI_GEOM_POINT)
        return village_at(imp, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0));
    if (imp->layer->geometry == VI_GEOM_POLYGON) {
        OGRGeometryH p = OGR_G_PointOnSurface(g);
        const village_area *v = p ? village_at(imp, OGR_G_GetX(p, 0), OGR_G_GetY(p, 0)) : NULL;
        OGR_G_DestroyGeometry(p);
        return v;
    }
    OGREnvelope env;
    OGR_G_GetEnvelope(g, &env);
    const village_area *best = NULL;
    double best_len = 0;
    GArray *xy = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; i < imp->villages->len; i++) {
        const village_area *v = &g_array_index(imp->villages, village_area, i);
        if (env.MaxX < v->minx || env.MinX > v->maxx || env.MaxY < v->miny || env.MinY > v->maxy)
            continue;
        double len = length_inside(v, g, xy, NULL);
        if (len > best_len) {
            best_len = len;
            best = v;
        }
    }
    g_array_free(xy, TRUE);
    return best;
}

/* ---- geometry ---- */

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
        char *item = item_text(imp->opt->lang, imp->index, imp->item_id);
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

/* GPS tracks log a vertex every second or so.  Douglas-Peucker with the
 * largest tolerance (halving from ~10 m) that keeps the geodesic length
 * within 0.1% of the recorded one. */
static void simplify_track(OGRGeometryH *g)
{
    double full = line_length(*g);
    if (full <= 0)
        return;
    for (double tol = 1e-4; tol > 1e-9; tol /= 2) {
        OGRGeometryH s = OGR_G_Simplify(*g, tol);
        if (s && !OGR_G_IsEmpty(s) && OGR_G_IsValid(s) &&
            geometry_family(OGR_G_GetGeometryType(s)) == VI_GEOM_LINE &&
            (full - line_length(s)) / full <= 0.001) {
            OGR_G_DestroyGeometry(*g);
            *g = s;
            return;
        }
        OGR_G_DestroyGeometry(s);
    }
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
                             label, what, n,
                             OGR_G_GetX(g, 0), OGR_G_GetY(g, 0));
            ok = FALSE;
        }
    }
    g_free(what);
    return ok;
}

/* Check and convert a source geometry (not modified) into *OUT (owned), in
 * CGCS2000, of the layer's kind. */
static gboolean prepare_geometry(importer *imp, const source_layer *src, OGRGeometryH raw,
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
    if (!check_shape(imp, g, multi, label, &ring, err) || !transform_geometry(imp, src, g, label, err) ||
        !make_valid(imp, &g, label, err)) {
        OGR_G_DestroyGeometry(g);
        return FALSE;
    }
    if (imp->gpx && want == VI_GEOM_LINE)
        simplify_track(&g);
    *out = g;
    return TRUE;
}

/* A point from the longitude/latitude columns of a table, or NULL with *WHY. */
static OGRGeometryH point_from_columns(const source_layer *src, OGRFeatureH f,
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

/* ---- fields ---- */

/* What an attribute accepts, for messages (caller frees). */
static char *attr_expected(const vi_attr *a)
{
    if (a->allowed) {
        char *list = g_strjoinv(", ", a->allowed);
        char *s = g_strdup_printf("one of %s", list);
        g_free(list);
        return s;
    }
    return g_strdup(a->type == VI_ATTR_INTEGER ? "an integer"
                    : a->type == VI_ATTR_REAL  ? "a number"
                                               : "a text");
}

/* The allowed value V names, ignoring ASCII case ("Concrete" is concrete),
 * or NULL. */
static const char *allowed_value(char *const *allowed, const char *v)
{
    for (int i = 0; allowed[i]; i++)
        if (g_ascii_strcasecmp(allowed[i], v) == 0)
            return allowed[i];
    return NULL;
}

/* Check *VALUE against attribute A; an allowed value is replaced by its
 * canonical spelling. */
static gboolean check_attr(importer *imp, const vi_attr *a, char **value, const char *label,
                           GError **err)
{
    const char *v = *value, *canonical = NULL;
    gint64 i = 0;
    double d = 0;
    gboolean ok = !v                           ? !a->required
                  : a->type == VI_ATTR_INTEGER ? import_parse_int(v, &i)
                  : a->type == VI_ATTR_REAL    ? import_parse_real(v, &d)
                  : a->allowed                 ? (canonical = allowed_value(a->allowed, v)) != NULL
                                               : TRUE;
    if (canonical) {
        g_free(*value);
        *value = g_strdup(canonical);
    }
    /* Every number the registry holds is a quantity with plausible bounds
     * (data/bounds.tsv): a count, a size, a power. */
    if (ok && v && a->bound &&
        !vi_bound_contains(a->bound, a->type == VI_ATTR_INTEGER ? (double)i : d)) {
        char *range = vi_bound_text(a->bound, a->unit);
        import_set_error(err, VI_ERROR_DATA, imp->path, "%s: field \"%s\": expected %s, got \"%s\"",
                         label, a->name, range, v);
        g_free(range);
        return FALSE;
    }
    if (ok)
        return TRUE;
    char *want = attr_expected(a);
    char *got = v ? g_strdup_printf("\"%s\"", v) : g_strdup("nothing");
    import_set_error(err, VI_ERROR_DATA, imp->path, "%s: field \"%s\": expected %s, got %s", label,
                     a->name, want, got);
    g_free(want);
    g_free(got);
    return FALSE;
}

/* Check the common fields; statuses are put in their canonical spelling. */
static gboolean check_common(importer *imp, char **values, const char *label, GError **err)
{
    const vi_layer *layer = imp->layer;
    const char *status = values[F_STATUS], *year = values[F_YEAR], *project = values[F_PROJECT];
    if (status && !layer->statuses) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: field \"status\": expected nothing (layer %s has no statuses), "
                         "got \"%s\"",
                         label, layer->name, status);
        return FALSE;
    }
    const char *canonical =
        status && layer->statuses ? allowed_value(layer->statuses, status) : NULL;
    if (canonical) {
        g_free(values[F_STATUS]);
        status = values[F_STATUS] = g_strdup(canonical);
    }
    if (status && !canonical) {
        char *list = g_strjoinv(", ", layer->statuses);
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: field \"status\": expected one of %s, got \"%s\"", label, list,
                         status);
        g_free(list);
        return FALSE;
    }
    if (!status && layer->statuses)
        imp->missing_status++;
    gint64 y;
    /* ArcGIS writes 0 for an empty number; the store means unknown by 0 too. */
    if (year && import_parse_int(year, &y) && y == 0) {
        g_free(values[F_YEAR]);
        year = values[F_YEAR] = NULL;
    }
    if (year && (!import_parse_int(year, &y) || y < VI_YEAR_MIN || y > VI_YEAR_MAX)) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: field \"year\": expected a year from %d to %d, got \"%s\"", label,
                         VI_YEAR_MIN, VI_YEAR_MAX, year);
        return FALSE;
    }
    if (project) {
        if (!imp->projects) {
            imp->projects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
            if (!store_project_ids(imp->store, imp->projects, err))
                return FALSE;
        }
        if (!g_hash_table_contains(imp->projects, project)) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "%s: field \"project\": expected a project id of the ledger, got "
                             "\"%s\" (load the ledger first with 'vinfra import --ledger')",
                             label, project);
            return FALSE;
        }
    }
    if (imp->is_villages) {
        const char *name = values[F_NAME];
        if (!name) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "%s: field \"name\": expected the village name, got nothing", label);
            return FALSE;
        }
        gpointer first = g_hash_table_lookup(imp->file_names, name);
        if (first || g_hash_table_contains(imp->store_names, name)) {
            char *where = first ? g_strdup_printf("feature %d has it too", GPOINTER_TO_INT(first))
                                : g_strdup("the store already has that village");
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "%s: field \"name\": expected a unique village name, got \"%s\" (%s)",
                             label, name, where);
            g_free(where);
            return FALSE;
        }
        g_hash_table_insert(imp->file_names, g_strdup(name), GINT_TO_POINTER((int)imp->index));
    }
    return TRUE;
}

/* How the text of field K is checked: ids and the names other records
 * refer to (villages, projects) are keys. */
static vi_text_kind text_kind(const importer *imp, int k)
{
    gboolean key = k == F_ID || k == F_VILLAGE || k == F_PROJECT || (k == F_NAME && imp->is_villages);
    return key ? VI_TEXT_KEY : VI_TEXT_VALUE;
}

/* Check the characters and length of every text value (textcheck.h). */
static gboolean check_text(importer *imp, char **values, gboolean generated, const char *label,
                           GError **err)
{
    for (int k = 0; k < imp->nfields; k++) {
        char *why = values[k] ? vi_text_problem(values[k], text_kind(imp, k)) : NULL;
        if (!why)
            continue;
        import_set_error(err, VI_ERROR_DATA, imp->path, "%s: field \"%s\": %s%s", label,
                         field_name(imp, k), why,
                         k == F_ID && generated ? " (made from the file name: give the features "
                                                  "an id field)"
                                                : "");
        g_free(why);
        return FALSE;
    }
    return TRUE;
}

static gboolean check_id(importer *imp, const char *id, gboolean generated, const char *label,
                         GError **err)
{
    gpointer first = g_hash_table_lookup(imp->file_ids, id);
    if (first || g_hash_table_contains(imp->store_ids, id)) {
        char *where = first ? g_strdup_printf("feature %d has it too", GPOINTER_TO_INT(first))
                            : g_strdup_printf("layer %s already has it", imp->layer->name);
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: field \"id\": expected a unique id, got \"%s\" (%s%s)", label, id,
                         generated ? "made from the file name; " : "", where);
        g_free(where);
        return FALSE;
    }
    g_hash_table_insert(imp->file_ids, g_strdup(id), GINT_TO_POINTER((int)imp->index));
    return TRUE;
}

/* Does G lie in or near V, the village that --village or the village field
 * (named in SOURCE) gives it?  Within the region's margin of V when it lies
 * inside another village, within its reach when outside every village;
 * else refused, or with --accept-outside-village accepted and listed. */
static gboolean check_named_village(importer *imp, const village_area *v, OGRGeometryH g,
                                    const char *source, const char *label, GError **err)
{
    if (imp->layer->geometry == VI_GEOM_POINT
            ? geom_polygon_contains(&v->geom, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0))
        : imp->layer->geometry == VI_GEOM_LINE ? line_meets(v, g)
                                               : v->ogr && OGR_G_Intersects(g, v->ogr))
        return TRUE;
    const village_area *in = village_of(imp, g);
    if (in == v)
        return TRUE;
    double d = v->ogr ? place_distance_m(g, v->ogr) : INFINITY;
    double limit = in ? imp->region->village_margin_m : imp->region->village_reach_m;
    if (d <= limit)
        return TRUE;
    char *dist = place_distance_text(d);
    char *where = in ? g_strdup_printf("inside %s, %s from %s", in->name, dist, v->name)
                     : g_strdup_printf("outside every village, %s from %s", dist, v->name);
    gboolean ok = imp->opt->accept_outside_village;
    if (ok && ++imp->outside_village <= MAX_ITEM_WARNINGS) {
        char *item = item_text(imp->opt->lang, imp->index, imp->item_id);
        char *where_zh = in ? g_strdup_printf("位于%s内，距%s %s", in->name, v->name, dist)
                            : g_strdup_printf("不在任何村内，距%s %s", v->name, dist);
        import_warn(imp->res,
                    vi_text(imp->opt->lang, "'%s'：%s：按指定导入%s，但它%s",
                             "'%s': %s: imported into %s as named, though it lies %s"),
                    imp->path, item, v->name, vi_text(imp->opt->lang, where_zh, where));
        g_free(where_zh);
        g_free(item);
    } else if (!ok) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: %s: expected a position within %g m of %s, got one %s (check the "
                         "position, the village and the file's CRS; --accept-outside-village "
                         "imports it into %s and lists it)",
                         label, source, limit, v->name, where, v->name);
    }
    g_free(where);
    g_free(dist);
    return ok;
}

/* Refuse a new village polygon G (called NAME) that overlaps a village of
 * the store or of the file by more than a sliver: features in the overlap
 * would go to either. */
static gboolean check_village_overlap(importer *imp, const char *name, OGRGeometryH g,
                                      const char *label, GError **err)
{
    if (!load_villages(imp, err))
        return FALSE;
    GArray *sets[] = {imp->villages, imp->file_villages};
    for (int k = 0; k < 2; k++)
        for (guint i = 0; i < sets[k]->len; i++) {
            const village_area *v = &g_array_index(sets[k], village_area, i);
            double overlap = v->ogr ? place_overlap_m2(g, v->ogr) : 0;
            if (overlap <= imp->region->village_overlap_m2)
                continue;
            char *area = place_area_text(overlap);
            char *where = v->feature
                              ? g_strdup_printf(" (feature %" G_GINT64_FORMAT ")", v->feature)
                              : g_strdup(" (in the store)");
            double own = place_area_m2(g), other = place_area_m2(v->ogr);
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "%s: geometry: expected a village that overlaps no other (slivers "
                             "up to %g m² allowed), got %s overlapping %s%s by %s (%.1f%% of %s, "
                             "%.1f%% of %s): correct the boundaries so that each place is in "
                             "one village",
                             label, imp->region->village_overlap_m2, name, v->name, where, area,
                             own > 0 ? 100 * overlap / own : 100, name,
                             other > 0 ? 100 * overlap / other : 100, v->name);
            g_free(where);
            g_free(area);
            return FALSE;
        }
    village_area v = {.name = g_strdup(name), .ogr = OGR_G_Clone(g), .feature = imp->index};
    g_array_append_val(imp->file_villages, v);
    return TRUE;
}

/* The village of a feature: --village, the village field, or where it lies. */
static gboolean choose_village(importer *imp, const char *from_field, OGRGeometryH g,
                               const char *label, char **village, GError **err)
{
    *village = NULL;
    if (imp->is_villages)
        return TRUE;
    if (imp->opt->village) {
        char *source = g_strdup_printf("--village \"%s\"", imp->opt->village);
        gboolean ok =
            check_named_village(imp, village_named(imp, imp->opt->village), g, source, label, err);
        g_free(source);
        if (ok)
            *village = g_strdup(imp->opt->village);
        return ok;
    }
    if (!load_villages(imp, err))
        return FALSE;
    if (imp->villages->len == 0) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "the store has no villages to place features in: import the villages "
                         "layer first, or give --village NAME");
        return FALSE;
    }
    const village_area *v;
    if (from_field) {
        v = village_named(imp, from_field);
        if (!v) {
            char *names = village_names(imp);
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "%s: field \"village\": expected one of %s, got \"%s\"", label, names,
                             from_field);
            g_free(names);
            return FALSE;
        }
        if (!check_named_village(imp, v, g, "field \"village\"", label, err))
            return FALSE;
    } else {
        v = village_of(imp, g);
        if (!v) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "%s: geometry: expected a position inside a village, got one "
                             "outside every village (give --village NAME to place it)",
                             label);
            return FALSE;
        }
    }
    *village = g_strdup(v->name);
    return TRUE;
}

/* ---- reading ---- */

static gboolean all_empty(char **values, int n)
{
    for (int k = 0; k < n; k++)
        if (values[k])
            return FALSE;
    return TRUE;
}

/* Read, convert and check one source feature; on success it is pending. */
static gboolean read_feature(importer *imp, source_layer *src, OGRFeatureH f, GError **err)
{
    char **values = g_new0(char *, imp->nfields + 1);
    int bad_field = -1;
    for (int k = 0; k < imp->nfields; k++) {
        gboolean bad = FALSE;
        if (src->map[k] >= 0)
            values[k] = import_field_text(f, src->map[k], imp->recode_from, &bad);
        if (bad && bad_field < 0)
            bad_field = k;
        if (import_text_tidy(&values[k]) && imp->trimmed++ == 0) {
            imp->trimmed_index = imp->index;
            imp->trimmed_field = k;
        }
    }
    int nsrc = OGR_F_GetFieldCount(f);
    for (int i = 0; i < nsrc; i++)
        if (!src->used[i] && i != src->lon && i != src->lat &&
            !g_hash_table_contains(imp->ignored, src->names[i]) &&
            OGR_F_IsFieldSetAndNotNull(f, i) && *OGR_F_GetFieldAsString(f, i))
            g_hash_table_add(imp->ignored, g_strdup(src->names[i]));

    const char *coord_problem = NULL;
    OGRGeometryH point = NULL;
    if (src->lon >= 0)
        point = point_from_columns(src, f, imp->recode_from, &coord_problem);
    OGRGeometryH raw = src->lon >= 0 ? point : OGR_F_GetGeometryRef(f);
    gboolean ok = TRUE;
    char *label = NULL;
    OGRGeometryH g = NULL;
    char *village = NULL;

    /* A NUL cut a value short (and a CSV row's remaining columns with it):
     * said before anything else is judged on what is left. */
    for (int k = 0; k < imp->nfields; k++) {
        const import_nul *nul =
            src->map[k] >= 0
                ? import_nul_find(imp->nuls, f, imp->index - 1, src->map[k], src->names)
                : NULL;
        if (!nul)
            continue;
        char *name = vi_text_char_name(0);
        label = import_item_label("feature", imp->index, k == F_ID ? NULL : values[F_ID]);
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: field \"%s\": expected text without control or invisible "
                         "characters, got %s at character %ld (GDAL would cut the text short "
                         "there)",
                         label, field_name(imp, k), name, nul->at);
        g_free(name);
        ok = FALSE;
        goto done;
    }

    /* Spreadsheets often carry blank rows below the data. */
    if (!raw && !coord_problem && bad_field < 0 && all_empty(values, imp->nfields)) {
        gboolean any = FALSE;
        for (int i = 0; i < nsrc && !any; i++)
            any = OGR_F_IsFieldSetAndNotNull(f, i) && *OGR_F_GetFieldAsString(f, i);
        if (!any) {
            if (++imp->empty_rows <= MAX_ITEM_WARNINGS)
                import_warn(imp->res,
                            vi_text(imp->opt->lang, "'%s'：要素 %" G_GINT64_FORMAT " 为空，已跳过",
                                     "'%s': feature %" G_GINT64_FORMAT " is empty: skipped"),
                            imp->path, imp->index);
            imp->res->skipped++;
            goto done;
        }
    }

    gboolean generated = !values[F_ID];
    if (generated)
        values[F_ID] = g_strdup_printf("%s-%" G_GINT64_FORMAT, imp->stem, imp->index);
    /* An id with a control character is not repeated in the label. */
    char *id_problem = vi_text_problem(values[F_ID], VI_TEXT_KEY);
    imp->item_id = generated || id_problem ? NULL : values[F_ID];
    g_free(id_problem);
    label = import_item_label("feature", imp->index, imp->item_id);
    if (bad_field >= 0) {
        char *origin = import_text_origin(src->layer, imp->opt->encoding, imp->shapefile);
        char *why = import_text_mismatch(OGR_F_GetFieldAsString(f, src->map[bad_field]),
                                         imp->recode_from, origin);
        import_set_error(err, VI_ERROR_DATA, imp->path, "%s: field \"%s\": %s", label,
                         field_name(imp, bad_field), why);
        g_free(why);
        g_free(origin);
        ok = FALSE;
        goto done;
    }
    if (!check_text(imp, values, generated, label, err)) {
        ok = FALSE;
        goto done;
    }
    if (coord_problem) {
        int col = strcmp(coord_problem, "longitude") == 0 ? src->lon : src->lat;
        const char *got = OGR_F_GetFieldAsString(f, col);
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: field \"%s\": expected the %s in degrees, got \"%s\"%s", label,
                         src->names[col], coord_problem, got,
                         strchr(got, ',') ? " (a decimal comma? write the number with a point)"
                                          : "");
        ok = FALSE;
        goto done;
    }
    ok = check_id(imp, values[F_ID], generated, label, err) &&
         prepare_geometry(imp, src, raw, label, &g, err) && check_common(imp, values, label, err);
    for (int a = 0; ok && a < imp->layer->nattrs; a++)
        ok = check_attr(imp, imp->layer->attrs[a], &values[F_COMMON + a], label, err);
    ok = ok && choose_village(imp, values[F_VILLAGE], g, label, &village, err);
    ok = ok && (!imp->is_villages || check_village_overlap(imp, values[F_NAME], g, label, err));
    if (ok) {
        pending_feature *pf = g_new0(pending_feature, 1);
        pf->values = values;
        pf->nvalues = imp->nfields;
        values = NULL;
        pf->village = village;
        village = NULL;
        pf->wkb_size = (size_t)OGR_G_WkbSize(g);
        pf->wkb = g_malloc(pf->wkb_size);
        OGR_G_ExportToIsoWkb(g, wkbNDR, pf->wkb);
        g_ptr_array_add(imp->pending, pf);
    }
done:
    values_free(values, imp->nfields);
    g_free(village);
    g_free(label);
    OGR_G_DestroyGeometry(g);
    OGR_G_DestroyGeometry(point);
    return ok;
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

/* The source fields NAMES that match registry field K as
 * import_match_field() matches one: by name ignoring case, by a
 * shapefile's 10-character cut, or by its Chinese name.  Indexes into
 * OUT (NAMES long); returns how many. */
static int field_candidates(const importer *imp, char *const *names, int k, int *out)
{
    const char *name = field_name(imp, k);
    const char *zh = k < F_COMMON ? common_names_zh[k] : imp->layer->attrs[k - F_COMMON]->name_zh;
    int n = 0;
    for (int i = 0; names[i]; i++) {
        char *const one[] = {names[i], NULL};
        if (import_match_field(one, name, zh, imp->shapefile) == 0)
            out[n++] = i;
    }
    return n;
}

/* Two source fields for one layer field would leave one unread: without
 * --map (or --village-field) choosing, refuse; with it, say which field the
 * option set aside.  CHOSEN[k] is the option that chose field K's source, or
 * NULL. */
static gboolean check_field_collisions(importer *imp, source_layer *src, char **chosen,
                                       GError **err)
{
    int *cand = g_new(int, g_strv_length(src->names) + 1);
    gboolean ok = TRUE;
    for (int k = 0; ok && k < imp->nfields; k++) {
        int n = field_candidates(imp, src->names, k, cand);
        if (!chosen[k] && n > 1) {
            GString *list = g_string_new(NULL);
            for (int j = 0; j < n; j++)
                g_string_append_printf(list, "%s\"%s\"", j == 0 ? "" : j == n - 1 ? " and " : ", ",
                                       src->names[cand[j]]);
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "fields %s %s match field \"%s\" of layer %s: name the one to read "
                             "with --map %s=FIELD",
                             list->str, n == 2 ? "both" : "all", field_name(imp, k), imp->layer->name, field_name(imp, k));
            g_string_free(list, TRUE);
            ok = FALSE;
        }
        for (int j = 0; ok && chosen[k] && j < n; j++) {
            if (cand[j] == src->map[k])
                continue;
            src->used[cand[j]] = TRUE; /* reported here, not as "not in layer" */
            import_warn(imp->res,
                        vi_text(imp->opt->lang, "'%s'：未读取字段 \"%s\"（%s 读取的是字段 \"%s\"）",
                                 "'%s': field \"%s\" was not read (%s reads field \"%s\" "
                                 "instead)"),
                        imp->path, src->names[cand[j]], chosen[k], src->names[src->map[k]]);
        }
    }
    g_free(cand);
    return ok;
}

/* Match the source's fields to the layer's and set up its coordinate transformation. */
static gboolean setup_source(importer *imp, OGRLayerH layer, source_layer *src, GError **err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    src->layer = layer;
    src->names = import_field_names(defn, imp->recode_from);
    int nsrc = OGR_FD_GetFieldCount(defn);
    src->used = g_new0(gboolean, nsrc + 1);
    src->map = g_new(int, imp->nfields);
    src->lon = src->lat = -1;
    char **chosen = g_new0(char *, imp->nfields + 1); /* the option that chose, or NULL */
    gboolean ok = FALSE;
    for (int k = 0; k < imp->nfields; k++) {
        const char *zh =
            k < F_COMMON ? common_names_zh[k] : imp->layer->attrs[k - F_COMMON]->name_zh;
        src->map[k] = import_match_field(src->names, field_name(imp, k), zh, imp->shapefile);
    }
    if (imp->opt->village_field) {
        int i = import_find_field(src->names, imp->opt->village_field);
        if (i < 0) {
            char *have = g_strjoinv(", ", src->names);
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             "--village-field: the file has no field \"%s\" (its fields: %s)",
                             imp->opt->village_field, have);
            g_free(have);
            goto out;
        }
        src->map[F_VILLAGE] = i;
        chosen[F_VILLAGE] = g_strdup_printf("--village-field %s", imp->opt->village_field);
    }
    for (int m = 0; imp->opt->maps && imp->opt->maps[m]; m++) {
        const char *spec = imp->opt->maps[m], *eq = strchr(spec, '=');
        char *target = eq ? g_strndup(spec, (gsize)(eq - spec)) : g_strdup(spec);
        int k = -1;
        for (int j = 0; j < imp->nfields && eq; j++)
            if (strcmp(field_name(imp, j), target) == 0)
                k = j;
        if (!eq || !eq[1] || k < 0) {
            GString *fields = g_string_new(NULL);
            for (int j = 0; j < imp->nfields; j++)
                g_string_append_printf(fields, "%s%s", j ? ", " : "", field_name(imp, j));
            if (!eq || !eq[1])
                import_set_error(err, VI_ERROR_USAGE, imp->path,
                                 "--map \"%s\": expected FIELD=SOURCE", spec);
            else
                import_set_error(err, VI_ERROR_USAGE, imp->path,
                                 "--map \"%s\": layer %s has no field \"%s\" (its fields: %s)",
                                 spec, imp->layer->name, target, fields->str);
            g_string_free(fields, TRUE);
            g_free(target);
            goto out;
        }
        g_free(target);
        int i = import_find_field(src->names, eq + 1);
        if (i < 0) {
            char *have = g_strjoinv(", ", src->names);
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             "--map \"%s\": the file has no field \"%s\" (its fields: %s)", spec,
                             eq + 1, have[0] ? have : "none");
            g_free(have);
            goto out;
        }
        if (chosen[k] && g_str_has_prefix(chosen[k], "--map ")) {
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             "%s and --map \"%s\" both set field \"%s\": give one", chosen[k], spec,
                             field_name(imp, k));
            goto out;
        }
        src->map[k] = i;
        g_free(chosen[k]);
        chosen[k] = g_strdup_printf("--map \"%s\"", spec);
    }
    for (int k = 0; k < imp->nfields; k++)
        if (src->map[k] >= 0)
            src->used[src->map[k]] = TRUE;
    if (!check_field_collisions(imp, src, chosen, err))
        goto out;
    for (int i = 0; imp->kml && kml_display_fields[i]; i++) {
        int j = import_find_field(src->names, kml_display_fields[i]);
        if (j >= 0)
            src->used[j] = TRUE;
    }
    for (int a = 0; a < imp->layer->nattrs; a++) {
        const vi_attr *attr = imp->layer->attrs[a];
        if (attr->required && src->map[F_COMMON + a] < 0) {
            char *want = attr_expected(attr);
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "layer %s needs field \"%s\" (%s), which the file does not have "
                             "(name the file's field with --map %s=FIELD)",
                             imp->layer->name, attr->name, want, attr->name);
            g_free(want);
            goto out;
        }
    }

    OGRSpatialReferenceH from = NULL;
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
    }
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
                        vi_text(imp->opt->lang, "'%s' 没有坐标参考系：按 WGS 84 经纬度读取（用 --src-crs "
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
    src->ct = OCTNewCoordinateTransformation(src_srs, imp->target);
    if (!src->ct) {
        const char *name = OSRGetName(src_srs);
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "cannot transform from %s to CGCS2000 (EPSG:4490): %s",
                         name ? name : "its CRS", CPLGetLastErrorMsg());
    }
    OSRDestroySpatialReference(src_srs);
    ok = src->ct != NULL;
out:
    values_free(chosen, imp->nfields);
    return ok;
}

/* "lines (Line String, 2 features)": a layer as a list of them names it. */
static void describe_layer(GString *s, OGRLayerH l)
{
    OGRwkbGeometryType t = OGR_L_GetGeomType(l);
    gint64 n = OGR_L_GetFeatureCount(l, TRUE);
    g_string_append_printf(s, "%s%s (%s, %" G_GINT64_FORMAT " feature%s)", s->len ? ", " : "",
                           OGR_L_GetName(l),
                           t == wkbNone      ? "no geometry"
                           : t == wkbUnknown ? "mixed geometry"
                                             : OGRGeometryTypeToName(t),
                           n, n == 1 ? "" : "s");
}

/* The one source layer to read: the one named by --source-layer, or the
 * only layer holding features.  A source with several (GeoPackage tables,
 * KML folders, XLSX sheets, a GPX file's waypoints, routes and tracks) is
 * refused rather than reduced to one of them without a word.  A GPX file's
 * route_points and track_points repeat its routes and tracks vertex by
 * vertex, so they never count. */
static gboolean source_layer_choose(importer *imp, GDALDatasetH ds, OGRLayerH *out, GError **err)
{
    *out = NULL;
    const char *wanted = imp->opt->source_layer;
    GString *all = g_string_new(NULL), *with = g_string_new(NULL);
    int nwith = 0;
    OGRLayerH only = NULL;
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++) {
        OGRLayerH l = GDALDatasetGetLayer(ds, i);
        const char *name = OGR_L_GetName(l);
        describe_layer(all, l);
        if (wanted && !*out && strcmp(name, wanted) == 0)
            *out = l;
        if (imp->gpx && (strcmp(name, "track_points") == 0 || strcmp(name, "route_points") == 0))
            continue;
        if (OGR_L_GetFeatureCount(l, TRUE) == 0)
            continue;
        only = l;
        nwith++;
        describe_layer(with, l);
    }
    for (int i = 0; wanted && !*out && i < GDALDatasetGetLayerCount(ds); i++)
        if (g_ascii_strcasecmp(OGR_L_GetName(GDALDatasetGetLayer(ds, i)), wanted) == 0)
            *out = GDALDatasetGetLayer(ds, i);
    gboolean ok = TRUE;
    if (wanted && !*out) {
        import_set_error(err, VI_ERROR_USAGE, imp->path,
                         "--source-layer: the file has no layer \"%s\" (its layers: %s)", wanted,
                         all->len ? all->str : "none");
        ok = FALSE;
    } else if (!wanted && nwith > 1) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "it holds %d layers with features: %s; vinfra imports one at a time: "
                         "choose it with --source-layer NAME",
                         nwith, with->str);
        ok = FALSE;
    } else if (!wanted) {
        *out = only;
    }
    g_string_free(all, TRUE);
    g_string_free(with, TRUE);
    return ok;
}

static gboolean read_source(importer *imp, GDALDatasetH ds, GError **err)
{
    OGRLayerH layer = NULL;
    if (!source_layer_choose(imp, ds, &layer, err))
        return FALSE;
    if (!layer) /* no layer holds features: the caller says so */
        return TRUE;
    imp->total = OGR_L_GetFeatureCount(layer, TRUE);
    source_layer src = {0};
    gboolean ok = setup_source(imp, layer, &src, err);
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while (ok && (f = OGR_L_GetNextFeature(layer))) {
        imp->index++;
        imp->res->read++;
        ok = read_feature(imp, &src, f, err);
        OGR_F_Destroy(f);
        if (imp->index % 256 == 0)
            import_progress(imp->opt, FALSE, imp->index, imp->total);
    }
    source_layer_clear(&src);
    return ok;
}

static gboolean write_pending(importer *imp, const char *sha256, GError **err)
{
    const vi_layer *layer = imp->layer;
    gint64 n = imp->pending->len;
    if (!store_begin_bulk(imp->store, err)) {
        g_prefix_error(err, "cannot import '%s': ", imp->path);
        return FALSE;
    }
    gint64 import_id = 0;
    gboolean ok =
        store_ensure_layer(imp->store, layer, err) &&
        (import_id = store_import_record(imp->store, imp->path, layer->name, sha256, n, err)) > 0;
    for (gint64 i = 0; ok && i < n; i++) {
        pending_feature *pf = imp->pending->pdata[i];
        gint64 year = 0;
        if (pf->values[F_YEAR])
            import_parse_int(pf->values[F_YEAR], &year);
        vi_feature f = {
            .id = pf->values[F_ID],
            .village = pf->village,
            .name = pf->values[F_NAME],
            .status = pf->values[F_STATUS],
            .year = (int)year,
            .project = pf->values[F_PROJECT],
            .wkb = pf->wkb,
            .wkb_size = pf->wkb_size,
            .attrs = (const char *const *)pf->values + F_COMMON,
        };
        ok = store_feature_insert(imp->store, layer, &f, import_id, err);
        if (i % 256 == 0)
            import_progress(imp->opt, TRUE, i, imp->total);
    }
    vi_change change = {
        .action = "import", .layer = layer->name, .source_sha256 = sha256, .detail = imp->path};
    if (ok)
        ok = store_history_record(imp->store, &change, err) && store_commit(imp->store, err);
    if (!ok) {
        store_rollback(imp->store);
        g_prefix_error(err, "cannot import '%s': ", imp->path);
        return FALSE;
    }
    imp->res->written = n;
    return TRUE;
}

/* Options that do not depend on the file's content. */
static gboolean check_options(importer *imp, GError **err)
{
    const vi_import_options *opt = imp->opt;
    const vi_registry *reg = store_registry(imp->store);
    if (!opt->layer || !(imp->layer = registry_layer(reg, opt->layer))) {
        char *names = registry_layer_names(reg);
        import_set_error(err, VI_ERROR_USAGE, imp->path, "unknown layer \"%s\" (layers: %s)",
                         opt->layer ? opt->layer : "", names);
        g_free(names);
        return FALSE;
    }
    imp->is_villages = strcmp(imp->layer->name, "villages") == 0;
    imp->nfields = F_COMMON + imp->layer->nattrs;
    if (imp->is_villages && (opt->village || opt->village_field)) {
        import_set_error(err, VI_ERROR_USAGE, imp->path,
                         "--village and --village-field do not apply to the villages layer");
        return FALSE;
    }
    if (opt->village && opt->village_field) {
        import_set_error(err, VI_ERROR_USAGE, imp->path,
                         "give --village or --village-field, not both");
        return FALSE;
    }
    if (opt->src_crs) {
        imp->china = chinacrs_parse(opt->src_crs);
        if (imp->china == VI_CHINA_NONE) {
            imp->override_srs = OSRNewSpatialReference(NULL);
            CPLErrorReset();
            if (OSRSetFromUserInput(imp->override_srs, opt->src_crs) != OGRERR_NONE) {
                import_set_error(err, VI_ERROR_USAGE, imp->path,
                                 "--src-crs: cannot understand \"%s\" (expected a CRS such as "
                                 "EPSG:4545, a PROJ string, gcj02 or bd09)",
                                 opt->src_crs);
                return FALSE;
            }
        }
    }
    if (opt->village) {
        if (!load_villages(imp, err))
            return FALSE;
        if (!village_named(imp, opt->village)) {
            char *names = village_names(imp);
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             "--village: unknown village \"%s\" (villages: %s)", opt->village,
                             names[0] ? names : "none yet");
            g_free(names);
            return FALSE;
        }
    }
    return TRUE;
}

static void importer_init(importer *imp, vi_store *store, const char *path,
                          const vi_import_options *opt, vi_import_result *res)
{
    memset(imp, 0, sizeof *imp);
    imp->store = store;
    imp->path = path;
    imp->opt = opt;
    imp->res = res;
    imp->region = registry_region(store_registry(store));
    char *base = g_path_get_basename(path);
    char *dot = strrchr(base, '.');
    imp->stem = dot && dot != base ? g_strndup(base, (gsize)(dot - base)) : g_strdup(base);
    g_free(base);
    imp->villages = g_array_new(FALSE, TRUE, sizeof(village_area));
    g_array_set_clear_func(imp->villages, village_area_clear);
    imp->file_villages = g_array_new(FALSE, TRUE, sizeof(village_area));
    g_array_set_clear_func(imp->file_villages, village_area_clear);
    imp->file_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    imp->file_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    imp->store_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    imp->store_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    imp->ignored = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    imp->pending = g_ptr_array_new_with_free_func(pending_free);
    imp->xs = g_array_new(FALSE, FALSE, sizeof(double));
    imp->ys = g_array_new(FALSE, FALSE, sizeof(double));
    imp->rawx = g_array_new(FALSE, FALSE, sizeof(double));
    imp->rawy = g_array_new(FALSE, FALSE, sizeof(double));
    imp->wgs84 = lonlat_srs(4326);
    imp->target = lonlat_srs(VI_STORE_SRID);
}

static void importer_release(importer *imp)
{
    g_free(imp->stem);
    g_array_free(imp->villages, TRUE);
    g_array_free(imp->file_villages, TRUE);
    g_hash_table_destroy(imp->file_ids);
    g_hash_table_destroy(imp->file_names);
    g_hash_table_destroy(imp->store_ids);
    g_hash_table_destroy(imp->store_names);
    g_hash_table_destroy(imp->ignored);
    if (imp->projects)
        g_hash_table_destroy(imp->projects);
    g_ptr_array_free(imp->pending, TRUE);
    if (imp->nuls)
        g_ptr_array_unref(imp->nuls);
    g_array_free(imp->xs, TRUE);
    g_array_free(imp->ys, TRUE);
    g_array_free(imp->rawx, TRUE);
    g_array_free(imp->rawy, TRUE);
    OSRDestroySpatialReference(imp->wgs84);
    OSRDestroySpatialReference(imp->target);
    if (imp->override_srs)
        OSRDestroySpatialReference(imp->override_srs);
}

static gboolean collect_village_name(const vi_feature *f, void *user, GError **err)
{
    (void)err;
    g_hash_table_add(user, g_strdup(f->name));
    return TRUE;
}

/* Warnings summarising the whole file rather than one feature. */
static void warn_summary(importer *imp)
{
    vi_import_result *res = imp->res;
    if (imp->repairs > MAX_ITEM_WARNINGS)
        import_warn(res,
                    vi_text(imp->opt->lang, "'%s'：共修复 %" G_GINT64_FORMAT " 个无效几何",
                             "'%s': %" G_GINT64_FORMAT " invalid geometries repaired in all"),
                    imp->path, imp->repairs);
    if (imp->outside_village > MAX_ITEM_WARNINGS)
        import_warn(res,
                    vi_text(imp->opt->lang, "'%s'：共 %" G_GINT64_FORMAT " 个要素不在所指定的村内，已按指定导入"
                             "（--accept-outside-village）",
                             "'%s': %" G_GINT64_FORMAT " features in all imported into the village "
                             "named though they lie outside it (--accept-outside-village)"),
                    imp->path, imp->outside_village);
    if (imp->empty_rows > MAX_ITEM_WARNINGS)
        import_warn(res,
                    vi_text(imp->opt->lang, "'%s'：共跳过 %" G_GINT64_FORMAT " 个空要素",
                             "'%s': %" G_GINT64_FORMAT " empty features skipped in all"),
                    imp->path, imp->empty_rows);
    if (imp->missing_status)
        import_warn(res,
                    vi_text(imp->opt->lang, "'%s'：%" G_GINT64_FORMAT " 个要素没有状态（计为未知）",
                             imp->missing_status == 1
                                 ? "'%s': %" G_GINT64_FORMAT " feature has no status (counted "
                                   "as unknown)"
                                 : "'%s': %" G_GINT64_FORMAT " features have no status (counted "
                                   "as unknown)"),
                    imp->path, imp->missing_status);
    if (imp->trimmed)
        import_warn_trimmed(res, imp->opt->lang, imp->path, imp->trimmed, FALSE, imp->trimmed_index,
                            field_name(imp, imp->trimmed_field));
    if (g_hash_table_size(imp->ignored) > 0) {
        GList *names = g_list_sort(g_hash_table_get_keys(imp->ignored), (GCompareFunc)strcmp);
        GString *s = g_string_new(NULL);
        for (GList *l = names; l; l = l->next)
            g_string_append_printf(s, "%s%s", l == names ? "" : ", ", (char *)l->data);
        import_warn(res,
                    vi_text(imp->opt->lang, "'%s'：以下字段不属于图层 %s，已忽略：%s",
                             "'%s': fields that are not in layer %s were ignored: %s"),
                    imp->path, imp->layer->name, s->str);
        g_string_free(s, TRUE);
        g_list_free(names);
    }
}

static gboolean import_layer(vi_store *store, const char *path, const vi_import_options *opt,
                             vi_import_result *res, GError **err)
{
    importer imp;
    importer_init(&imp, store, path, opt, res);
    char *sha256 = NULL;
    GDALDatasetH ds = NULL;
    gboolean ok = check_options(&imp, err);
    /* One file may feed several layers, each from one of its source layers. */
    char *key = !ok                ? NULL
                : opt->source_layer ? g_strdup_printf("%s\n%s", imp.layer->name, opt->source_layer)
                                    : g_strdup(imp.layer->name);
    ok = ok && import_recognise(store, path, key, opt->lang, res, &sha256, err);
    g_free(key);
    if (!ok || res->already_imported)
        goto out;
    const char *driver, *recode_from;
    ok = source_check_files(path, opt->src_crs != NULL, err) &&
         (ds = import_open(path, opt->encoding, &driver, &recode_from, err)) != NULL;
    if (ok && strcmp(driver, "ESRI Shapefile") == 0 && !opt->encoding)
        ok = source_check_cpg(path, GDALDatasetGetLayer(ds, 0), err);
    if (!ok)
        goto out;
    imp.recode_from = recode_from;
    imp.shapefile = strcmp(driver, "ESRI Shapefile") == 0;
    imp.gpx = strcmp(driver, "GPX") == 0;
    imp.kml = strcmp(driver, "LIBKML") == 0 || strcmp(driver, "KML") == 0;
    imp.nuls = import_find_nuls(path, driver, recode_from);
    ok = import_nul_refuse(path, imp.nuls, err) &&
         store_feature_ids(store, imp.layer, imp.store_ids, err) &&
         (!imp.is_villages ||
          store_feature_scan(store, imp.layer, NULL, collect_village_name, imp.store_names, err)) &&
         read_source(&imp, ds, err);
    if (ok)
        warn_summary(&imp);
    if (ok && res->read == 0) {
        import_set_error(err, VI_ERROR_DATA, path, "no features in it");
        ok = FALSE;
    }
    if (ok)
        ok = gdal_guard_check(path, err);
    if (ok && !opt->dry_run)
        ok = write_pending(&imp, sha256, err);
out:
    if (ds)
        GDALClose(ds);
    g_free(sha256);
    importer_release(&imp);
    return ok;
}

gboolean import_file(vi_store *store, const char *path, const vi_import_options *opt,
                     vi_import_result *res, GError **err)
{
    memset(res, 0, sizeof *res);
    res->warnings = g_ptr_array_new_with_free_func(g_free);
    if (opt->encoding) {
        char *probe = g_convert("", 0, "UTF-8", opt->encoding, NULL, NULL, NULL);
        if (!probe) {
            import_set_error(err, VI_ERROR_USAGE, path, "--encoding: unknown encoding \"%s\"",
                             opt->encoding);
            return FALSE;
        }
        g_free(probe);
    }
    /* Before anything opens it: a FIFO would block the first read forever. */
    const char *kind = vi_file_kind(path);
    if (kind) {
        import_set_error(err, VI_ERROR_IO, path, "it is %s, not a file", kind);
        return FALSE;
    }
    if (!gdal_guard_unzipped(path, opt->max_unzipped > 0 ? opt->max_unzipped
                                                         : VI_MAX_UNZIPPED_DEFAULT,
                             err) ||
        !gdal_guard_path(path, err))
        return FALSE;
    vi_gdal_guard *guard = gdal_guard_begin();
    gboolean ok = opt->ledger ? ledger_import(store, path, opt, res, err)
                              : import_layer(store, path, opt, res, err);
    gdal_guard_end(guard, res->warnings);
    return ok;
}

char *import_summary(const vi_registry *reg, const char *path, const vi_import_options *opt,
                     const vi_import_result *res, gboolean brief)
{
    if (res->already_imported)
        return g_strdup_printf(vi_text(opt->lang, "%s：未重复导入", "%s: nothing done"), res->previous);
    const char *into = target_name(opt->lang, reg, opt->ledger ? VI_LEDGER_KEY : opt->layer);
    GString *s = g_string_new(NULL);
    if (brief)
        g_string_printf(s, vi_text(opt->lang, "已导入 '%s' → %s：写入 %" G_GINT64_FORMAT " 条",
                                    "imported '%s' into %s: %" G_GINT64_FORMAT " written"),
                        path, into, res->written);
    else if (opt->dry_run)
        g_string_printf(s,
                        vi_text(opt->lang, "已检查 '%s' → %s：读取 %" G_GINT64_FORMAT
                                 " 条，可写入 %" G_GINT64_FORMAT " 条，跳过 %" G_GINT64_FORMAT
                                 " 条，未写入（试运行）",
                                 "checked '%s' for %s: %" G_GINT64_FORMAT
                                 " read, %" G_GINT64_FORMAT " would be written, %" G_GINT64_FORMAT
                                 " skipped, nothing written (dry run)"),
                        path, into, res->read, res->read - res->skipped, res->skipped);
    else
        g_string_printf(s,
                        vi_text(opt->lang, "已导入 '%s' → %s：读取 %" G_GINT64_FORMAT
                                 " 条，写入 %" G_GINT64_FORMAT " 条，跳过 %" G_GINT64_FORMAT " 条",
                                 "imported '%s' into %s: %" G_GINT64_FORMAT
                                 " read, %" G_GINT64_FORMAT " written, %" G_GINT64_FORMAT
                                 " skipped"),
                        path, into, res->read, res->written, res->skipped);
    if (res->totals_rows) {
        char **rows = g_strsplit(res->totals_rows, ", ", -1);
        char *list = g_strjoinv(vi_text(opt->lang, "、", ", "), rows);
        g_string_append_printf(s,
                               vi_text(opt->lang, "；第 %s 行是合计行，已跳过（不是项目）",
                                        strchr(res->totals_rows, ',')
                                            ? "; rows %s are totals, not projects: skipped"
                                            : "; row %s is a total, not a project: skipped"),
                               list);
        g_free(list);
        g_strfreev(rows);
    }
    if (res->assumed_wgs84)
        g_string_append(s, vi_text(opt->lang, "；坐标按 WGS 84 经纬度读取，用 --src-crs 指定其他坐标系",
                                    "; coordinates read as WGS 84 longitude/latitude (name "
                                    "another CRS with --src-crs)"));
    return g_string_free(s, FALSE);
}

void import_result_clear(vi_import_result *res)
{
    if (!res)
        return;
    if (res->warnings)
        g_ptr_array_free(res->warnings, TRUE);
    g_free(res->previous);
    g_free(res->totals_rows);
    memset(res, 0, sizeof *res);
}
