/*
 * export-write.c - writing a package's layers with GDAL (export-int.h).
 *
 * Shapefiles, GeoJSON and CSV are one file (set) per layer, named by the
 * profile; GeoPackage, KML/KMZ, DXF and XLSX one file named after the
 * package with a layer (folder, CAD layer, sheet) per profile layer.
 * Format details that a department's software depends on:
 * - shapefile in GBK: the driver's ENCODING=LDID/77 writes the DBF
 *   language driver byte 0x4D (code page 936) and encodes text in CP936;
 *   the .cpg ("936") is written here, as the driver writes none for an
 *   LDID.  In UTF-8 the driver writes the .cpg "UTF-8" itself.
 * - KML and KMZ: WGS 84; the profile's NAME field becomes each placemark's
 *   name (the driver's Name field), the others its extended data.  The
 *   KML driver, not LIBKML (whose writer takes half a minute for a few
 *   thousand households); a KMZ is that KML zipped here as doc.kml.
 * - DXF: GDAL writes one entity table; each feature's "Layer" field names
 *   its CAD layer (the profile's file name), and a TEXT entity on the layer
 *   FILE_text carries each feature's name.
 * - CSV: points as X and Y columns, other geometry as WKT; UTF-8 with a
 *   byte-order mark (Excel needs it), or converted to GBK.
 * - XLSX: the attribute table, with X and Y columns for points.
 * - CSV and XLSX: a text cell a spreadsheet would run as a formula (= + - @
 *   ...) is written with a ' before it (sheetcell.h); README.txt says so.
 */
#include "export-int.h"
#include "chinacrs.h"
#include "i18n.h"
#include "sheetcell.h"
#include "vi-error.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <glib/gstdio.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>

typedef struct {
    export_job *job;
    const export_photos *photos;     /* KMZ: the features' photos; else NULL */
    OGRSpatialReferenceH src;        /* CGCS2000 longitude/latitude */
    OGRCoordinateTransformationH ct; /* NULL when the output is CGCS2000 geographic */
} writer;

static const char *const extensions[] = {"shp", "gpkg", "geojson", "kml",
                                         "kmz", "dxf",  "csv",     "xlsx"};

static gboolean file_per_layer(int format)
{
    return format == VI_EXPORT_SHP || format == VI_EXPORT_GEOJSON || format == VI_EXPORT_CSV;
}

static const char *driver_name(int format)
{
    switch (format) {
    case VI_EXPORT_SHP:
        return "ESRI Shapefile";
    case VI_EXPORT_GPKG:
        return "GPKG";
    case VI_EXPORT_GEOJSON:
        return "GeoJSON";
    case VI_EXPORT_KML:
    case VI_EXPORT_KMZ:
        /* The KML driver, not LIBKML, whose writer takes half a minute for a
         * few thousand households; a KMZ is its doc.kml zipped here. */
        return "KML";
    case VI_EXPORT_DXF:
        return "DXF";
    case VI_EXPORT_CSV:
        return "CSV";
    default:
        return "XLSX";
    }
}

/* WHAT: what failed (a translated message); GDAL's reason after it. */
static gboolean gdal_failed(GError **err, const char *what, const char *path)
{
    const char *why = CPLGetLastErrorMsg();
    if (why && *why)
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': %s: %s"), path, what, why);
    else
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': %s"), path, what);
    return FALSE;
}

static GDALDatasetH create_dataset(const writer *w, const char *path, GError **err)
{
    char **dsco = NULL;
    const char *name = driver_name(w->job->format);
    GDALDriverH drv = GDALGetDriverByName(name);
    if (!drv) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': GDAL has no %s driver"), path,
                    name);
        return NULL;
    }
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, dsco);
    CSLDestroy(dsco);
    if (!ds)
        gdal_failed(err, _("cannot create it"), path);
    return ds;
}

static gboolean is_kml(const export_job *job)
{
    return job->format == VI_EXPORT_KML || job->format == VI_EXPORT_KMZ;
}

static OGRwkbGeometryType geometry_type(const writer *w, const vi_layer *layer)
{
    if (w->job->format == VI_EXPORT_XLSX)
        return wkbNone;
    if (w->job->format == VI_EXPORT_DXF)
        return wkbUnknown;
    switch (layer->geometry) {
    case VI_GEOM_POINT:
        return wkbPoint;
    case VI_GEOM_LINE:
        return wkbMultiLineString;
    default:
        return wkbMultiPolygon;
    }
}

static char **layer_options(const writer *w, const export_layer_data *d)
{
    char **lco = NULL;
    const export_job *job = w->job;
    switch (job->format) {
    case VI_EXPORT_SHP:
        lco = CSLSetNameValue(lco, "ENCODING",
                              strcmp(job->encoding, "GBK") == 0 ? "LDID/77" : "UTF-8");
        break;
    case VI_EXPORT_CSV:
        lco = CSLSetNameValue(lco, "GEOMETRY",
                              d->pl->layer->geometry == VI_GEOM_POINT ? "AS_XY" : "AS_WKT");
        if (strcmp(job->encoding, "UTF-8") == 0)
            lco = CSLSetNameValue(lco, "WRITE_BOM", "YES");
        break;
    case VI_EXPORT_GEOJSON:
        lco = CSLSetNameValue(lco, "RFC7946", "NO");
        break;
    case VI_EXPORT_GPKG:
        lco = CSLSetNameValue(lco, "IDENTIFIER", d->pl->layer->name_zh);
        break;
    default:
        break;
    }
    return lco;
}

static gboolean add_fields(const writer *w, OGRLayerH lyr, const export_layer_data *d,
                           const char *path, GError **err)
{
    const export_job *job = w->job;
    for (guint f = 0; f < d->fields->len; f++) {
        const vi_export_field *ef = g_ptr_array_index(d->fields, f);
        OGRFieldType type = ef->type == VI_FIELD_TEXT   ? OFTString
                            : ef->type == VI_FIELD_REAL ? OFTReal
                            : d->width[f] > 9           ? OFTInteger64
                                                        : OFTInteger;
        OGRFieldDefnH fld = OGR_Fld_Create(d->names[f], type);
        if (job->format == VI_EXPORT_SHP) {
            OGR_Fld_SetWidth(fld, d->width[f]);
            OGR_Fld_SetPrecision(fld, type == OFTReal ? d->precision[f] : 0);
        }
        if (d->aliases[f])
            OGR_Fld_SetAlternativeName(fld, d->aliases[f]);
        /* Exact: the driver must not rename or narrow the field. */
        OGRErr e = OGR_L_CreateField(lyr, fld, FALSE);
        OGR_Fld_Destroy(fld);
        if (e != OGRERR_NONE)
            return gdal_failed(err, _("cannot create a field"), path);
    }
    /* KML's description, which Google Earth and Ovi show: a table of the
     * fields, and the photos. */
    if (is_kml(job) && OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), "Description") < 0) {
        OGRFieldDefnH fld = OGR_Fld_Create("Description", OFTString);
        OGRErr e = OGR_L_CreateField(lyr, fld, FALSE);
        OGR_Fld_Destroy(fld);
        if (e != OGRERR_NONE)
            return gdal_failed(err, _("cannot create a field"), path);
    }
    if (job->format == VI_EXPORT_XLSX && d->pl->layer->geometry == VI_GEOM_POINT) {
        static const char *const xy[] = {"X", "Y"};
        for (int i = 0; i < 2; i++) {
            OGRFieldDefnH fld = OGR_Fld_Create(xy[i], OFTReal);
            OGRErr e = OGR_L_CreateField(lyr, fld, FALSE);
            OGR_Fld_Destroy(fld);
            if (e != OGRERR_NONE)
                return gdal_failed(err, _("cannot create a field"), path);
        }
    }
    return TRUE;
}

/* Where a DXF label of geometry G goes: the point, the middle vertex of a
 * line's first part, a point inside a polygon.  Caller destroys it. */
static OGRGeometryH label_point(OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPoint)
        return OGR_G_Clone(g);
    if (t == wkbMultiLineString || t == wkbLineString) {
        OGRGeometryH line = t == wkbLineString ? g : OGR_G_GetGeometryRef(g, 0);
        int n = line ? OGR_G_GetPointCount(line) : 0;
        if (n == 0)
            return NULL;
        OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(p, 0, OGR_G_GetX(line, n / 2), OGR_G_GetY(line, n / 2));
        return p;
    }
    return OGR_G_PointOnSurface(g);
}

const char *export_layer_name(const export_job *job, const export_layer_data *d)
{
    gboolean named = job->format == VI_EXPORT_DXF || is_kml(job);
    return named && job->profile->layer_names == VI_NAMES_ZH && d->pl->layer->name_zh
               ? d->pl->layer->name_zh
               : d->pl->file;
}

char *export_label_layer(const export_job *job, const export_layer_data *d)
{
    /* In the profile's language, not the user's: the package is the bureau's. */
    vi_lang lang = job->profile->layer_names == VI_NAMES_ZH ? VI_LANG_ZH : VI_LANG_EN;
    return g_strdup_printf(vi_i18n_in(lang, N_("%s_text")), export_layer_name(job, d));
}

static gboolean write_label(const writer *w, OGRLayerH lyr, const export_layer_data *d,
                            const export_row *r, OGRGeometryH g, const char *path, GError **err)
{
    OGRGeometryH at = r->name && *r->name && g ? label_point(g) : NULL;
    if (!at)
        return TRUE;
    char *text = g_strdup(r->name);
    g_strdelimit(text, "\"\\", '\'');
    char *style = g_strdup_printf("LABEL(t:\"%s\",s:3g)", text);
    char *cad_layer = export_label_layer(w->job, d);
    OGRFeatureH feat = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
    OGR_F_SetFieldString(feat, OGR_F_GetFieldIndex(feat, "Layer"), cad_layer);
    OGR_F_SetStyleString(feat, style);
    OGR_F_SetGeometryDirectly(feat, at);
    OGRErr e = OGR_L_CreateFeature(lyr, feat);
    OGR_F_Destroy(feat);
    g_free(cad_layer);
    g_free(style);
    g_free(text);
    return e == OGRERR_NONE || gdal_failed(err, _("cannot write a label"), path);
}

/* Offset every position of G from WGS 84 into CRS (GCJ-02). */
static void offset_geometry(OGRGeometryH g, int crs)
{
    int parts = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < parts; i++)
        offset_geometry(OGR_G_GetGeometryRef(g, i), crs);
    for (int i = 0; i < OGR_G_GetPointCount(g); i++) {
        double x, y;
        chinacrs_from_wgs84(crs, OGR_G_GetX(g, i), OGR_G_GetY(g, i), &x, &y);
        OGR_G_SetPoint_2D(g, i, x, y);
    }
}

/* A placemark's description as Google Earth and Ovi show it: a table of
 * its fields, by their aliases (Chinese by default) and units, then its
 * photos' HTML (or NULL). */
static char *kml_description(const export_layer_data *d, const export_row *r, const char *photos)
{
    GString *html = g_string_new("<table border=\"1\" cellpadding=\"2\">");
    for (guint f = 0; f < d->fields->len; f++) {
        if (!r->values[f])
            continue;
        char *name = g_markup_escape_text(d->aliases[f] ? d->aliases[f] : d->names[f], -1);
        char *value = g_markup_escape_text(r->values[f], -1);
        g_string_append_printf(html, "<tr><th align=\"left\">%s</th><td>%s</td></tr>", name, value);
        g_free(name);
        g_free(value);
    }
    g_string_append(html, "</table>");
    if (photos)
        g_string_append(html, photos);
    return g_string_free(html, FALSE);
}

static gboolean write_rows(const writer *w, OGRLayerH lyr, const export_layer_data *d,
                           const char *path, GError **err)
{
    int format = w->job->format;
    /* By name: a driver may have fields of its own (KML's Name and
     * Description, which take the profile's NAME). */
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int *idx = g_new(int, d->fields->len + 2);
    for (guint f = 0; f < d->fields->len; f++)
        idx[f] = format == VI_EXPORT_DXF ? -1 : OGR_FD_GetFieldIndex(defn, d->names[f]);
    int x_idx = OGR_FD_GetFieldIndex(defn, "X"), y_idx = OGR_FD_GetFieldIndex(defn, "Y");
    int description_idx = is_kml(w->job) ? OGR_FD_GetFieldIndex(defn, "Description") : -1;
    /* What a spreadsheet opens: no text cell it would run as a formula. */
    gboolean sheet = format == VI_EXPORT_CSV || format == VI_EXPORT_XLSX;
    for (guint i = 0; i < d->rows->len; i++) {
        const export_row *r = g_ptr_array_index(d->rows, i);
        OGRFeatureH feat = OGR_F_Create(defn);
        for (guint f = 0; f < d->fields->len; f++) {
            const vi_export_field *ef = g_ptr_array_index(d->fields, f);
            const char *v = r->values[f];
            if (idx[f] < 0)
                continue;
            if (!v)
                OGR_F_SetFieldNull(feat, idx[f]);
            else if (ef->type == VI_FIELD_TEXT && sheet) {
                char *cell = sheet_text_cell(v);
                OGR_F_SetFieldString(feat, idx[f], cell);
                g_free(cell);
            } else if (ef->type == VI_FIELD_TEXT)
                OGR_F_SetFieldString(feat, idx[f], v);
            else if (ef->type == VI_FIELD_INTEGER)
                OGR_F_SetFieldInteger64(feat, idx[f], g_ascii_strtoll(v, NULL, 10));
            else
                OGR_F_SetFieldDouble(feat, idx[f], g_ascii_strtod(v, NULL));
        }
        if (description_idx >= 0) {
            const char *photos =
                w->photos ? export_photos_description(w->photos, d->pl->layer->name, r->id) : NULL;
            char *html = kml_description(d, r, photos);
            OGR_F_SetFieldString(feat, description_idx, html);
            g_free(html);
        }
        OGRGeometryH g = NULL;
        if (r->wkb) {
            if (OGR_G_CreateFromWkb(r->wkb, w->src, &g, (int)r->wkb_size) != OGRERR_NONE ||
                (w->ct && OGR_G_Transform(g, w->ct) != OGRERR_NONE)) {
                if (g)
                    OGR_G_DestroyGeometry(g);
                OGR_F_Destroy(feat);
                g_free(idx);
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("cannot export layer \"%s\": feature %u (id \"%s\"): cannot "
                              "transform the geometry to %s: %s"),
                            d->pl->layer->name, i + 1, r->id, w->job->crs, CPLGetLastErrorMsg());
                return FALSE;
            }
        }
        if (g && w->job->china_crs != VI_CHINA_NONE)
            offset_geometry(g, w->job->china_crs);
        gboolean ok = TRUE;
        if (format == VI_EXPORT_XLSX) {
            if (g && d->pl->layer->geometry == VI_GEOM_POINT) {
                OGR_F_SetFieldDouble(feat, x_idx, OGR_G_GetX(g, 0));
                OGR_F_SetFieldDouble(feat, y_idx, OGR_G_GetY(g, 0));
            }
        } else if (g) {
            if (format == VI_EXPORT_DXF) {
                OGR_F_SetFieldString(feat, OGR_F_GetFieldIndex(feat, "Layer"),
                                     export_layer_name(w->job, d));
                ok = write_label(w, lyr, d, r, g, path, err);
            }
            OGR_F_SetGeometry(feat, g);
        }
        if (ok && OGR_L_CreateFeature(lyr, feat) != OGRERR_NONE)
            ok = gdal_failed(err, _("cannot write a feature"), path);
        if (g)
            OGR_G_DestroyGeometry(g);
        OGR_F_Destroy(feat);
        if (!ok) {
            g_free(idx);
            return FALSE;
        }
    }
    g_free(idx);
    return TRUE;
}

static gboolean write_layer(const writer *w, GDALDatasetH ds, const export_layer_data *d,
                            const char *path, GError **err)
{
    char **lco = layer_options(w, d);
    OGRSpatialReferenceH srs = w->job->format == VI_EXPORT_XLSX ? NULL : w->job->srs;
    /* A KML folder's name is what Google Earth and Ovi list: the layer's. */
    const char *name = is_kml(w->job) ? export_layer_name(w->job, d) : d->pl->file;
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, name, srs, geometry_type(w, d->pl->layer), lco);
    CSLDestroy(lco);
    if (!lyr)
        return gdal_failed(err, _("cannot create a layer"), path);
    if (w->job->format != VI_EXPORT_DXF && !add_fields(w, lyr, d, path, err))
        return FALSE;
    return write_rows(w, lyr, d, path, err);
}

static gboolean close_dataset(GDALDatasetH ds, const char *path, GError **err)
{
    CPLErrorReset();
    GDALClose(ds);
    if (CPLGetLastErrorType() >= CE_Failure)
        return gdal_failed(err, _("cannot finish it"), path);
    return TRUE;
}

static gboolean write_text_file(const char *path, const char *text, gsize len, GError **err)
{
    GError *e = NULL;
    if (!g_file_set_contents(path, text, (gssize)len, &e)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': %s"), path, e->message);
        g_error_free(e);
        return FALSE;
    }
    return TRUE;
}

/* What the format needs beside the GDAL file: the shapefile's .cpg for
 * GBK, a CSV re-encoded in GBK. */
static gboolean finish_file(const export_job *job, const char *tmpdir, const char *file,
                            GError **err)
{
    gboolean gbk = strcmp(job->encoding, "GBK") == 0;
    if (job->format == VI_EXPORT_SHP && gbk) {
        char *name = g_strconcat(file, ".cpg", NULL);
        char *path = g_build_filename(tmpdir, name, NULL);
        gboolean ok = write_text_file(path, "936", 3, err);
        g_free(path);
        g_free(name);
        return ok;
    }
    if (job->format == VI_EXPORT_CSV && gbk) {
        char *name = g_strconcat(file, ".csv", NULL);
        char *path = g_build_filename(tmpdir, name, NULL);
        char *text = NULL, *conv = NULL;
        gsize len = 0, written = 0;
        gboolean ok = g_file_get_contents(path, &text, &len, NULL) &&
                      (conv = g_convert(text, (gssize)len, "GBK", "UTF-8", NULL, &written, NULL));
        if (!ok)
            g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s' in GBK"), path);
        else
            ok = write_text_file(path, conv, written, err);
        g_free(conv);
        g_free(text);
        g_free(path);
        g_free(name);
        return ok;
    }
    return TRUE;
}

/* DXF holds no CRS; ArcGIS and QGIS read it from a .prj of the same name. */
static gboolean write_cad_prj(const export_job *job, GError **err)
{
    OGRSpatialReferenceH esri = OSRClone(job->srs);
    char *wkt = NULL;
    gboolean ok = OSRMorphToESRI(esri) == OGRERR_NONE && OSRExportToWkt(esri, &wkt) == OGRERR_NONE;
    char *name = g_strconcat(job->package, ".prj", NULL);
    char *path = g_build_filename(job->tmpdir, name, NULL);
    if (ok)
        ok = write_text_file(path, wkt, strlen(wkt), err);
    else
        gdal_failed(err, _("cannot describe the CRS"), path);
    CPLFree(wkt);
    OSRDestroySpatialReference(esri);
    g_free(path);
    g_free(name);
    return ok;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of the files in DIR, sorted. */
static GPtrArray *list_files(const char *dir)
{
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d)))
        g_ptr_array_add(files, g_strdup(name));
    if (d)
        g_dir_close(d);
    g_ptr_array_sort(files, compare_names);
    return files;
}

static gboolean write_all(writer *w, GError **err)
{
    export_job *job = w->job;
    const char *ext = extensions[job->format];
    if (file_per_layer(job->format)) {
        for (guint l = 0; l < job->layers->len; l++) {
            const export_layer_data *d = g_ptr_array_index(job->layers, l);
            char *name = g_strdup_printf("%s.%s", d->pl->file, ext);
            char *path = g_build_filename(job->tmpdir, name, NULL);
            GDALDatasetH ds = create_dataset(w, path, err);
            gboolean ok = ds && write_layer(w, ds, d, path, err);
            if (ds)
                ok = close_dataset(ds, path, ok ? err : NULL) && ok; /* the first error stands */
            ok = ok && finish_file(job, job->tmpdir, d->pl->file, err);
            g_free(path);
            g_free(name);
            if (!ok)
                return FALSE;
        }
        return TRUE;
    }
    gboolean kmz = job->format == VI_EXPORT_KMZ;
    char *name = g_strdup_printf("%s.%s", job->package, kmz ? "kml" : ext);
    char *path = g_build_filename(job->tmpdir, name, NULL);
    export_photos photos = {0};
    gboolean ok = !kmz || export_photos_collect(job, &photos, err);
    w->photos = kmz ? &photos : NULL;
    GDALDatasetH ds = ok ? create_dataset(w, path, err) : NULL;
    ok = ok && ds != NULL;
    if (job->format == VI_EXPORT_DXF && ok) {
        /* GDAL writes every entity through one layer; "Layer" names the CAD layer. */
        OGRLayerH lyr = GDALDatasetCreateLayer(ds, "entities", job->srs, wkbUnknown, NULL);
        if (!lyr)
            ok = gdal_failed(err, _("cannot create a layer"), path);
        for (guint l = 0; ok && l < job->layers->len; l++)
            ok = write_rows(w, lyr, g_ptr_array_index(job->layers, l), path, err);
    } else {
        for (guint l = 0; ok && l < job->layers->len; l++)
            ok = write_layer(w, ds, g_ptr_array_index(job->layers, l), path, err);
    }
    if (ds)
        ok = close_dataset(ds, path, ok ? err : NULL) && ok; /* the first error stands */
    if (ok && job->format == VI_EXPORT_DXF)
        ok = export_dxf_finish(path, err) && write_cad_prj(job, err);
    if (ok && job->format == VI_EXPORT_GPKG)
        ok = export_gpkg_describe(job, path, err);
    if (ok && kmz) {
        char *kmz_name = g_strdup_printf("%s.kmz", job->package);
        char *kmz_path = g_build_filename(job->tmpdir, kmz_name, NULL);
        GPtrArray *paths = g_ptr_array_new(), *entries = g_ptr_array_new();
        g_ptr_array_add(paths, path);
        g_ptr_array_add(entries, "doc.kml");
        for (guint i = 0; i < photos.paths->len; i++) {
            g_ptr_array_add(paths, photos.paths->pdata[i]);
            g_ptr_array_add(entries, photos.entries->pdata[i]);
        }
        ok = export_zip(kmz_path, (const char *const *)paths->pdata,
                        (const char *const *)entries->pdata, (int)paths->len, job->created, err);
        g_ptr_array_free(paths, TRUE);
        g_ptr_array_free(entries, TRUE);
        g_remove(path);
        g_free(kmz_path);
        g_free(kmz_name);
    }
    w->photos = NULL;
    export_photos_clear(&photos);
    g_free(path);
    g_free(name);
    return ok;
}

/* Read back every data file of the package and count its features: a
 * driver that writes through a full disk without noticing (GDAL's KML
 * writer does) leaves a file cut short, which reads back short or not at
 * all. */
static gboolean verify_counts(const export_job *job, GError **err)
{
    const char *ext = extensions[job->format];
    gint64 expected = 0, found = 0;
    for (guint l = 0; l < job->layers->len; l++)
        expected += ((const export_layer_data *)g_ptr_array_index(job->layers, l))->rows->len;
    GPtrArray *files = list_files(job->tmpdir);
    char *bad = NULL;
    for (guint i = 0; i < files->len && !bad; i++) {
        const char *name = g_ptr_array_index(files, i);
        if (!g_str_has_suffix(name, ext))
            continue;
        char *path = g_build_filename(job->tmpdir, name, NULL);
        char *open_path = job->format == VI_EXPORT_KMZ ? g_strdup_printf("/vsizip/%s/doc.kml", path)
                                                       : g_strdup(path);
        GDALDatasetH ds =
            GDALOpenEx(open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
        if (!ds)
            bad = g_strdup(path);
        for (int k = 0; ds && k < GDALDatasetGetLayerCount(ds); k++) {
            gint64 n = OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds, k), TRUE);
            found += n > 0 ? n : 0;
        }
        if (ds)
            GDALClose(ds);
        g_free(open_path);
        g_free(path);
    }
    g_ptr_array_unref(files);
    /* At least: DXF adds a text per name, and a spreadsheet's sheet of no
     * rows may read back its header as one. */
    gboolean ok = !bad && found >= expected;
    if (!ok)
        g_set_error(
            err, VI_ERROR, VI_ERROR_IO,
            bad ? _("cannot write '%s': the file written cannot be read back (is the "
                    "disk full?)")
                : _("cannot write the package in '%s': %lld of %lld features read back (is the disk full?)"),
            bad ? bad : job->tmpdir, (long long)found, (long long)expected);
    g_free(bad);
    return ok;
}

gboolean export_write_data(export_job *job, GError **err)
{
    GDALAllRegister();
    writer w = {.job = job};
    w.src = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(w.src, 4490);
    OSRSetAxisMappingStrategy(w.src, OAMS_TRADITIONAL_GIS_ORDER);
    if (!OSRIsSame(w.src, job->srs))
        w.ct = OCTNewCoordinateTransformation(w.src, job->srs);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    gboolean ok = TRUE;
    if (!OSRIsSame(w.src, job->srs) && !w.ct)
        ok = gdal_failed(err, _("no transformation to the CRS"), job->crs);
    ok = ok && write_all(&w, err) && verify_counts(job, err);
    CPLPopErrorHandler();
    if (w.ct)
        OCTDestroyCoordinateTransformation(w.ct);
    OSRDestroySpatialReference(w.src);
    if (ok)
        job->files = list_files(job->tmpdir);
    return ok;
}
