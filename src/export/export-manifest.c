/*
 * export-manifest.c - what a package says about itself (export-int.h):
 * README.txt in Chinese and English for the person who opens it,
 * manifest.json for programs, and the SHA-256 of every file; then, when
 * asked, the package zipped into one archive with GDAL's zip writer.
 */
#include "export-int.h"
#include "chinacrs.h"
#include "i18n.h"
#include "report.h"
#include "store.h"
#include "vi-error.h"
#include "vinfra-config.h"
#include "vocab.h"

#include <cpl_conv.h>
#include <glib/gstdio.h>
#include <string.h>

char *export_file_sha256(const char *path, GError **err)
{
    char *data = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &data, &len, &e)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot read '%s': %s"), path, e->message);
        g_error_free(e);
        return NULL;
    }
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
    g_free(data);
    return sum;
}

static const char *const type_names[] = {"text", "integer", "real"};

/* T(): a message of README.txt in the language being written (README.txt
 * has Chinese first, then English, whatever the user's language). */
#define T(msgid) vi_i18n_in(lang, msgid) /* msgid marked with N_() */

static const char *format_title(vi_lang lang, int format)
{
    static const char *const titles[] = {
        "ESRI Shapefile",       "GeoPackage",  "GeoJSON", "KML",
        N_("KMZ (zipped KML)"), "AutoCAD DXF", "CSV",     N_("Excel (XLSX)")};
    return format == VI_EXPORT_KMZ || format == VI_EXPORT_XLSX ? T(titles[format]) : titles[format];
}

/* What the package's text encoding means in its files. */
static const char *encoding_note(const export_job *job, vi_lang lang)
{
    gboolean gbk = strcmp(job->encoding, "GBK") == 0;
    if (job->format == VI_EXPORT_SHP)
        return gbk ? T(N_("GBK (.cpg 936, DBF language driver byte 0x4D)"))
                   : T(N_("UTF-8 (.cpg UTF-8)"));
    if (job->format == VI_EXPORT_CSV)
        return gbk ? "GBK" : T(N_("UTF-8 (with BOM, for Excel)"));
    if (job->format == VI_EXPORT_DXF)
        return T(N_("GBK ($DWGCODEPAGE ANSI_936; a character GBK lacks as \\U+XXXX)"));
    return "UTF-8";
}

const char *export_field_unit(const vi_export_field *ef)
{
    switch (ef->kind) {
    case VI_SRC_ATTR:
        return ef->attr->unit;
    case VI_SRC_LENGTH:
    case VI_SRC_DISTANCE:
        return "m";
    case VI_SRC_AREA:
        return "m²";
    default:
        return NULL;
    }
}

const char *export_unit_text(vi_lang lang, const char *unit)
{
    if (!unit)
        return NULL;
    if (strcmp(unit, "m") == 0)
        return T(N_("metres"));
    if (strcmp(unit, "m²") == 0)
        return T(N_("square metres"));
    if (strcmp(unit, "m³") == 0)
        return T(N_("cubic metres"));
    if (strcmp(unit, "mm") == 0)
        return T(N_("millimetres"));
    if (strcmp(unit, "W") == 0)
        return T(N_("watts"));
    return unit;
}

GPtrArray *export_field_values(const export_layer_data *d, const vi_export_field *ef)
{
    char **codes = NULL;
    const struct vi_words *words = NULL;
    static char *const served[] = {"yes", "no", NULL};
    if (ef->kind == VI_SRC_COMMON && ef->common == 3) {
        codes = d->pl->layer->statuses;
        words = d->pl->layer->status_words;
    } else if (ef->kind == VI_SRC_ATTR && ef->attr->allowed) {
        codes = ef->attr->allowed;
        words = ef->attr->words;
    } else if (ef->kind == VI_SRC_SERVED) {
        codes = (char **)served;
    }
    if (!codes)
        return NULL;
    GPtrArray *out = g_ptr_array_new();
    for (int i = 0; codes[i]; i++) {
        const char *label = ef->kind == VI_SRC_SERVED
                                ? export_served_value(strcmp(codes[i], "yes") == 0, TRUE)
                                : vi_words_label(words, codes[i]);
        g_ptr_array_add(out, codes[i]);
        g_ptr_array_add(out, (gpointer)(label ? label : codes[i]));
    }
    return out;
}

/* One line per field: its name, alias, unit and the values it takes. */
static void append_field_line(GString *s, const export_job *job, const export_layer_data *d,
                              guint f, vi_lang lang)
{
    const vi_export_field *ef = g_ptr_array_index(d->fields, f);
    gboolean labels = job->profile->values == VI_VALUES_LABELS;
    const char *what = lang == VI_LANG_ZH && ef->alias ? ef->alias : ef->source;
    g_string_append_printf(s, T(N_("    field %s: %s")), d->names[f], what);
    const char *unit = export_unit_text(lang, export_field_unit(ef));
    if (unit)
        g_string_append_printf(s, T(N_(", unit: %s")), unit);
    GPtrArray *values = export_field_values(d, ef);
    if (values) {
        GString *list = g_string_new(NULL);
        for (guint i = 0; i < values->len; i += 2) {
            const char *code = g_ptr_array_index(values, i);
            const char *label = g_ptr_array_index(values, i + 1);
            /* The list's punctuation: the full-width comma in Chinese. */
            if (i)
                g_string_append(list, lang == VI_LANG_ZH ? "\xEF\xBC\x8C" : ", ");
            if (labels)
                g_string_append_printf(list, T(N_("%s (code %s)")), label, code);
            else
                g_string_append_printf(list, T(N_("%s (label %s)")), code, label);
        }
        g_string_append_printf(s, T(N_(", values: %s")), list->str);
        g_string_free(list, TRUE);
        g_ptr_array_unref(values);
    }
    g_string_append_c(s, '\n');
}

static void append_layer_line(GString *s, const export_job *job, const export_layer_data *d,
                              vi_lang lang)
{
    const vi_layer *layer = d->pl->layer;
    const char *name = lang == VI_LANG_ZH ? layer->name_zh : layer->name_en;
    g_string_append_printf(s, T(N_("  %s (%s): %u features")), name, d->pl->file, d->rows->len);
    if (layer->geometry == VI_GEOM_LINE)
        g_string_append_printf(s, T(N_(", total length %.3f m")), d->length_m);
    if (layer->geometry == VI_GEOM_POLYGON)
        g_string_append_printf(s, T(N_(", total area %.2f m²")), d->area_m2);
    g_string_append_c(s, '\n');
    g_string_append(s, T(N_("    fields:\n")));
    for (guint f = 0; f < d->fields->len; f++)
        append_field_line(s, job, d, f, lang);
}

static void append_readme(GString *s, const export_job *job, GPtrArray *sums, vi_lang lang)
{
    const vi_export_profile *p = job->profile;
    const char *village = job->opt->village;
    const char *db = store_path(job->store);
    gboolean zh = lang == VI_LANG_ZH;
    g_string_append_printf(s, T(N_("Package: %s (%s)\n")), zh ? p->name_zh : p->name_en, p->name);
    g_string_append_printf(s, T(N_("Created: %s (UTC)\n")), job->created);
    g_string_append_printf(s, T(N_("Source database: %s\n")), db);
    g_string_append_printf(s, T(N_("Software: vinfra %s\n")), VINFRA_VERSION);
    if (village)
        g_string_append_printf(s, T(N_("Villages: %s\n")), village);
    if (job->opt->county)
        g_string_append_printf(s, T(N_("County: %s\n")), job->opt->county);
    else
        g_string_append(s, T(N_("Villages: all\n")));
    g_string_append_printf(s, T(N_("Format: %s (%s)\n")), format_title(lang, job->format),
                           job->format_name);
    g_string_append_printf(s, T(N_("CRS: %s (%s)\n")), job->crs, job->crs_name);
    if (job->china_crs != VI_CHINA_NONE)
        g_string_append(s, T(N_("Coordinates: converted from CGCS2000 to WGS 84, then offset "
                                "to GCJ-02, as Gaode and Tencent basemaps show them\n")));
    for (guint i = 0; job->zones && i < job->zones->len; i++) {
        char **f = g_strsplit(g_ptr_array_index(job->zones, i), "\t", 3);
        g_string_append_printf(s, T(N_("Gauss-Krüger zone: %s in zone %s (EPSG:%s)\n")),
                               *f[0] ? f[0] : T(N_("(no county)")), f[1], f[2]);
        g_strfreev(f);
    }
    g_string_append_printf(s, T(N_("Text encoding: %s\n")), encoding_note(job, lang));
    g_string_append(s, T(N_("Lengths and areas: geodesic, on the CGCS2000 ellipsoid, in metres "
                            "and square metres\n")));
    g_string_append(s, p->values == VI_VALUES_LABELS
                           ? T(N_("Values: statuses and other coded values as their Chinese "
                                  "labels (the codes are listed below)\n"))
                           : T(N_("Values: statuses and other coded values as codes (their "
                                  "Chinese labels are listed below)\n")));
    guint left_out = job->personal_left_out->len;
    if (job->opt->include_personal)
        g_string_append(s, T(N_("Personal data: included (--include-personal); keep it as the "
                                "rules require and pass it on to no one\n")));
    else if (left_out) {
        GString *list = g_string_new(NULL);
        for (guint i = 0; i < left_out; i++)
            g_string_append_printf(list, "%s%s", i ? ", " : "",
                                   (char *)g_ptr_array_index(job->personal_left_out, i));
        g_string_append_printf(s, T(N_("Personal data: not included (fields left out: %s)\n")),
                               list->str);
        g_string_free(list, TRUE);
    } else
        g_string_append(s, T(N_("Personal data: none\n")));
    if (job->format == VI_EXPORT_CSV || job->format == VI_EXPORT_XLSX)
        g_string_append(s, T(N_("Spreadsheet cells: a text cell that begins with = + - @, a tab, a "
                                "carriage return or ' has one ' put before it, so that a "
                                "spreadsheet shows it and never runs it as a formula (OWASP's "
                                "advice against CSV injection); remove that one leading ' to get "
                                "the text back; number columns are unchanged\n")));
    if (job->format == VI_EXPORT_DXF)
        g_string_append(s, T(N_("DXF: CAD layers are named after the asset layers, names are "
                                "TEXT on LAYER_text; export another format for the attributes\n")));
    g_string_append(s, T(N_("\nLayers\n")));
    for (guint l = 0; l < job->layers->len; l++)
        append_layer_line(s, job, g_ptr_array_index(job->layers, l), lang);
    g_string_append(s, T(N_("\nFiles (SHA-256)\n")));
    for (guint i = 0; i < job->files->len; i++)
        g_string_append_printf(s, "  %s  %s\n", (char *)g_ptr_array_index(sums, i),
                               (char *)g_ptr_array_index(job->files, i));
}

/* The N members KEY: "VALUE" of PAIRS, in order (a NULL value is null). */
static void json_string_members(vi_json *j, const char *const pairs[][2], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_key(j, pairs[i][0]);
        json_string(j, pairs[i][1]);
    }
}

static void write_manifest_json(GString *out, const export_job *job, GPtrArray *files,
                                GPtrArray *sums, GPtrArray *sizes)
{
    const vi_export_profile *p = job->profile;
    vi_json *j = json_new(out, NULL);
    json_begin_object(j);
    const char *const package[][2] = {
        {"generator", "vinfra"},
        {"vinfra_version", VINFRA_VERSION},
        {"profile", p->name},
        {"profile_zh", p->name_zh},
        {"profile_en", p->name_en},
        {"created", job->created},
        {"source_database", store_path(job->store)},
        {"village", job->opt->village},
        {"county", job->opt->county},
        {"format", job->format_name},
        {"crs", job->crs},
        {"crs_name", job->crs_name},
        {"encoding", job->encoding},
        {"values", job->profile->values == VI_VALUES_LABELS ? "labels" : "codes"},
    };
    json_string_members(j, package, G_N_ELEMENTS(package));
    if (job->china_crs != VI_CHINA_NONE) {
        /* How the positions were made: GDAL's WGS 84, then offset. */
        json_key(j, "conversion");
        json_string(j, "CGCS2000 -> WGS 84 (EPSG:4326) -> GCJ-02 (src/geo/chinacrs.c)");
    }
    if (job->zones) {
        json_key(j, "gk_zones");
        json_begin_array(j);
        for (guint i = 0; i < job->zones->len; i++) {
            char **f = g_strsplit(g_ptr_array_index(job->zones, i), "\t", 3);
            json_begin_object(j);
            json_key(j, "county");
            json_string(j, f[0]);
            json_key(j, "zone");
            json_int(j, g_ascii_strtoll(f[1], NULL, 10));
            json_key(j, "crs");
            char *code = g_strdup_printf("EPSG:%s", f[2]);
            json_string(j, code);
            g_free(code);
            json_end_object(j);
            g_strfreev(f);
        }
        json_end_array(j);
    }
    json_key(j, "include_personal");
    json_bool(j, job->opt->include_personal);
    json_key(j, "personal_fields_left_out");
    json_begin_array(j);
    for (guint i = 0; i < job->personal_left_out->len; i++)
        json_string(j, g_ptr_array_index(job->personal_left_out, i));
    json_end_array(j);
    json_key(j, "layers");
    json_begin_array(j);
    for (guint l = 0; l < job->layers->len; l++) {
        const export_layer_data *d = g_ptr_array_index(job->layers, l);
        const vi_layer *layer = d->pl->layer;
        json_begin_object(j);
        const char *const names[][2] = {
            {"layer", layer->name},
            {"name_zh", layer->name_zh},
            {"file", d->pl->file},
            {"layer_name", export_layer_name(job, d)},
            {"geometry", vi_geom_type_names[layer->geometry]},
        };
        json_string_members(j, names, G_N_ELEMENTS(names));
        if (job->format == VI_EXPORT_DXF) {
            char *labels = export_label_layer(job, d);
            json_key(j, "label_layer");
            json_string(j, labels);
            g_free(labels);
        }
        json_key(j, "features");
        json_int(j, d->rows->len);
        if (layer->geometry == VI_GEOM_LINE) {
            json_key(j, "length_m");
            json_number(j, d->length_m);
        }
        if (layer->geometry == VI_GEOM_POLYGON) {
            json_key(j, "area_m2");
            json_number(j, d->area_m2);
        }
        json_key(j, "fields");
        json_begin_array(j);
        for (guint f = 0; f < d->fields->len; f++) {
            const vi_export_field *ef = g_ptr_array_index(d->fields, f);
            json_begin_object(j);
            const char *const field[][2] = {
                {"name", d->names[f]},           {"alias", d->aliases[f]},
                {"alias_zh", ef->alias},         {"profile_field", ef->name},
                {"source", ef->source},          {"type", type_names[ef->type]},
                {"unit", export_field_unit(ef)},
            };
            json_string_members(j, field, G_N_ELEMENTS(field));
            GPtrArray *values = export_field_values(d, ef);
            if (values) {
                /* What the field holds: each code with its Chinese label. */
                json_key(j, "values");
                json_begin_array(j);
                for (guint i = 0; i < values->len; i += 2) {
                    json_begin_object(j);
                    json_key(j, "code");
                    json_string(j, g_ptr_array_index(values, i));
                    json_key(j, "label_zh");
                    json_string(j, g_ptr_array_index(values, i + 1));
                    json_end_object(j);
                }
                json_end_array(j);
                g_ptr_array_unref(values);
            }
            if (job->format == VI_EXPORT_SHP) {
                json_key(j, "width");
                json_int(j, d->width[f]);
                json_key(j, "decimals");
                json_int(j, ef->type == VI_FIELD_REAL ? d->precision[f] : 0);
            }
            json_end_object(j);
        }
        json_end_array(j);
        json_end_object(j);
    }
    json_end_array(j);
    json_key(j, "files");
    json_begin_array(j);
    for (guint i = 0; i < files->len; i++) {
        json_begin_object(j);
        json_key(j, "name");
        json_string(j, g_ptr_array_index(files, i));
        json_key(j, "bytes");
        json_int(j, *(gint64 *)g_ptr_array_index(sizes, i));
        json_key(j, "sha256");
        json_string(j, g_ptr_array_index(sums, i));
        json_end_object(j);
    }
    json_end_array(j);
    json_end_object(j);
    json_free(j);
}

/* SHA-256 and size of every file of FILES in DIR, into SUMS and SIZES. */
static gboolean hash_files(const char *dir, GPtrArray *files, GPtrArray *sums, GPtrArray *sizes,
                           GError **err)
{
    for (guint i = 0; i < files->len; i++) {
        char *path = g_build_filename(dir, (char *)g_ptr_array_index(files, i), NULL);
        char *sum = export_file_sha256(path, err);
        GStatBuf st;
        gint64 *size = g_new(gint64, 1);
        *size = g_stat(path, &st) == 0 ? (gint64)st.st_size : 0;
        g_free(path);
        if (!sum) {
            g_free(size);
            return FALSE;
        }
        g_ptr_array_add(sums, sum);
        g_ptr_array_add(sizes, size);
    }
    return TRUE;
}

static gboolean write_file(const char *dir, const char *name, const GString *text, GError **err)
{
    char *path = g_build_filename(dir, name, NULL);
    GError *e = NULL;
    gboolean ok = g_file_set_contents(path, text->str, (gssize)text->len, &e);
    if (!ok) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': %s"), path, e->message);
        g_error_free(e);
    }
    g_free(path);
    return ok;
}

static guint16 get16(const guchar *p)
{
    return (guint16)(p[0] | p[1] << 8);
}

static guint32 get32(const guchar *p)
{
    return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

static void put16(guchar *p, guint16 v)
{
    p[0] = (guchar)(v & 0xff);
    p[1] = (guchar)(v >> 8);
}

/* GDAL's zip writer (CPLCreateFileInZip, GDAL 3.6) leaves every entry's
 * MS-DOS date at zero, month 0 day 0 of 1980, which unzip shows as
 * "80-000-00" and Windows' explorer and some KMZ readers refuse.  Set the
 * date and time of every entry, in the local and in the central headers
 * (neither is covered by the CRC), to CREATED in Beijing time: MS-DOS
 * times have no zone and the packages are opened in China. */
static gboolean zip_stamp_dates(const char *zip_path, const char *created, GError **err)
{
    GDateTime *utc = g_date_time_new_from_iso8601(created, NULL);
    GTimeZone *beijing = g_time_zone_new_offset(8 * 3600);
    GDateTime *t = utc ? g_date_time_to_timezone(utc, beijing) : NULL;
    guint16 dos_date = 0, dos_time = 0;
    if (t) {
        dos_date = (guint16)((g_date_time_get_year(t) - 1980) << 9 | g_date_time_get_month(t) << 5 |
                             g_date_time_get_day_of_month(t));
        dos_time = (guint16)(g_date_time_get_hour(t) << 11 | g_date_time_get_minute(t) << 5 |
                             g_date_time_get_second(t) / 2);
        g_date_time_unref(t);
    }
    if (utc)
        g_date_time_unref(utc);
    g_time_zone_unref(beijing);
    gchar *data = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(zip_path, &data, &len, &e)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot read '%s': %s"), zip_path, e->message);
        g_error_free(e);
        return FALSE;
    }
    guchar *z = (guchar *)data;
    /* The end of central directory record: 22 bytes, no comment written. */
    gboolean ok = dos_date != 0 && len >= 22 && get32(z + len - 22) == 0x06054b50;
    guint entries = ok ? get16(z + len - 22 + 10) : 0;
    gsize at = ok ? get32(z + len - 22 + 16) : 0;
    for (guint i = 0; ok && i < entries; i++) {
        ok = at + 46 <= len && get32(z + at) == 0x02014b50;
        gsize local = ok ? get32(z + at + 42) : 0;
        ok = ok && local + 30 <= len && get32(z + local) == 0x04034b50;
        if (!ok)
            break;
        put16(z + at + 12, dos_time);
        put16(z + at + 14, dos_date);
        put16(z + local + 10, dos_time);
        put16(z + local + 12, dos_date);
        at += 46 + get16(z + at + 28) + get16(z + at + 30) + get16(z + at + 32);
    }
    if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    _("cannot date the entries of '%s': not the zip archive GDAL was to write"),
                    zip_path);
    else if (!g_file_set_contents(zip_path, data, (gssize)len, &e)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': %s"), zip_path, e->message);
        g_error_free(e);
        ok = FALSE;
    }
    g_free(data);
    return ok;
}

gboolean export_zip(const char *zip_path, const char *const *paths, const char *const *entries,
                    int n, const char *created, GError **err)
{
    CPLErrorReset();
    void *zip = CPLCreateZip(zip_path, NULL);
    if (!zip) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot create '%s': %s"), zip_path,
                    CPLGetLastErrorMsg());
        return FALSE;
    }
    gboolean ok = TRUE;
    for (int i = 0; ok && i < n; i++) {
        char *data = NULL;
        gsize len = 0;
        ok = g_file_get_contents(paths[i], &data, &len, NULL) &&
             CPLCreateFileInZip(zip, entries[i], NULL) == CE_None &&
             CPLWriteFileInZip(zip, data, (int)len) == CE_None && CPLCloseFileInZip(zip) == CE_None;
        if (!ok)
            g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot add '%s' to '%s': %s"), paths[i],
                        zip_path, CPLGetLastErrorMsg());
        g_free(data);
    }
    if (CPLCloseZip(zip) != CE_None && ok) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot finish '%s': %s"), zip_path,
                    CPLGetLastErrorMsg());
        ok = FALSE;
    }
    return ok && zip_stamp_dates(zip_path, created, err);
}

/* Replace the files of JOB by PACKAGE.zip holding them and PACKAGE.zip.sha256. */
static gboolean zip_package(export_job *job, GError **err)
{
    char *zip_name = g_strconcat(job->package, ".zip", NULL);
    char *zip_path = g_build_filename(job->tmpdir, zip_name, NULL);
    int n = (int)job->files->len;
    char **paths = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++)
        paths[i] = g_build_filename(job->tmpdir, (char *)g_ptr_array_index(job->files, i), NULL);
    gboolean ok = export_zip(zip_path, (const char *const *)paths,
                             (const char *const *)job->files->pdata, n, job->created, err);
    char *sum = ok ? export_file_sha256(zip_path, err) : NULL;
    if (sum) {
        for (int i = 0; i < n; i++)
            g_remove(paths[i]);
        /* In the form sha256sum -c reads. */
        GString *line = g_string_new(NULL);
        g_string_printf(line, "%s  %s\n", sum, zip_name);
        char *sum_name = g_strconcat(zip_name, ".sha256", NULL);
        ok = write_file(job->tmpdir, sum_name, line, err);
        g_ptr_array_set_size(job->files, 0);
        g_ptr_array_add(job->files, g_strdup(zip_name));
        g_ptr_array_add(job->files, sum_name);
        g_string_free(line, TRUE);
        g_free(sum);
    } else {
        ok = FALSE;
    }
    g_strfreev(paths);
    g_free(zip_path);
    g_free(zip_name);
    return ok;
}

gboolean export_write_manifest(export_job *job, GError **err)
{
    GPtrArray *sums = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *sizes = g_ptr_array_new_with_free_func(g_free);
    GString *text = g_string_new(NULL);
    gboolean ok = hash_files(job->tmpdir, job->files, sums, sizes, err);
    if (ok) {
        append_readme(text, job, sums, VI_LANG_ZH);
        g_string_append(text, "\n----------------------------------------\n\n");
        append_readme(text, job, sums, VI_LANG_EN);
        /* Windows Notepad reads CRLF lines, and a byte-order mark tells
         * older versions the text is UTF-8, not the local code page. */
        GString *crlf = g_string_new("\xEF\xBB\xBF");
        for (const char *c = text->str; *c; c++) {
            if (*c == '\n')
                g_string_append_c(crlf, '\r');
            g_string_append_c(crlf, *c);
        }
        ok = write_file(job->tmpdir, "README.txt", crlf, err);
        g_string_free(crlf, TRUE);
    }
    if (ok) {
        /* manifest.json lists README.txt too; it cannot list itself. */
        g_ptr_array_add(job->files, g_strdup("README.txt"));
        GPtrArray *one = g_ptr_array_new();
        g_ptr_array_add(one, "README.txt");
        ok = hash_files(job->tmpdir, one, sums, sizes, err);
        g_ptr_array_unref(one);
    }
    if (ok) {
        g_string_truncate(text, 0);
        write_manifest_json(text, job, job->files, sums, sizes);
        ok = write_file(job->tmpdir, "manifest.json", text, err);
        g_ptr_array_add(job->files, g_strdup("manifest.json"));
    }
    if (ok && job->opt->zip)
        ok = zip_package(job, err);
    g_string_free(text, TRUE);
    g_ptr_array_unref(sizes);
    g_ptr_array_unref(sums);
    return ok;
}
