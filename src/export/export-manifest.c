/*
 * export-manifest.c - what a package says about itself (export-int.h):
 * README.txt in Chinese and English for the person who opens it,
 * manifest.json for programs, and the SHA-256 of every file; then, when
 * asked, the package zipped into one archive with GDAL's zip writer.
 */
#include "export-int.h"
#include "report.h"
#include "store.h"
#include "vi-error.h"
#include "vinfra-config.h"

#include <cpl_conv.h>
#include <glib/gstdio.h>
#include <string.h>

char *export_file_sha256(const char *path, GError **err)
{
    char *data = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &data, &len, &e)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot read '%s': %s", path, e->message);
        g_error_free(e);
        return NULL;
    }
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
    g_free(data);
    return sum;
}

static const char *const type_names[] = {"text", "integer", "real"};

static const char *format_title(int format)
{
    static const char *const titles[] = {
        "ESRI Shapefile",   "GeoPackage",  "GeoJSON", "KML",
        "KMZ (zipped KML)", "AutoCAD DXF", "CSV",     "Excel (XLSX)"};
    return titles[format];
}

/* What the package's text encoding means in its files. */
static const char *encoding_note(const export_job *job, gboolean zh)
{
    gboolean gbk = strcmp(job->encoding, "GBK") == 0;
    if (job->format == VI_EXPORT_SHP)
        return gbk ? (zh ? "GBK（.cpg 为 936，DBF 语言驱动字节 0x4D）"
                         : "GBK (.cpg 936, DBF language driver byte 0x4D)")
                   : (zh ? "UTF-8（.cpg 为 UTF-8）" : "UTF-8 (.cpg UTF-8)");
    if (job->format == VI_EXPORT_CSV)
        return gbk ? "GBK"
                   : (zh ? "UTF-8（带 BOM，Excel 可直接打开）" : "UTF-8 (with BOM, for Excel)");
    return "UTF-8";
}

static void append_layer_line(GString *s, const export_layer_data *d, gboolean zh)
{
    const vi_layer *layer = d->pl->layer;
    if (zh)
        g_string_append_printf(s, "  %s（%s）：%u 个要素", layer->name_zh, d->pl->file,
                               d->rows->len);
    else
        g_string_append_printf(s, "  %s (%s): %u features", layer->name_en, d->pl->file,
                               d->rows->len);
    if (layer->geometry == VI_GEOM_LINE)
        g_string_append_printf(s, zh ? "，总长 %.3f 米" : ", total length %.3f m", d->length_m);
    if (layer->geometry == VI_GEOM_POLYGON)
        g_string_append_printf(s, zh ? "，总面积 %.2f 平方米" : ", total area %.2f m²", d->area_m2);
    g_string_append_c(s, '\n');
    g_string_append(s, zh ? "    字段：" : "    fields: ");
    for (guint f = 0; f < d->fields->len; f++) {
        const vi_export_field *ef = g_ptr_array_index(d->fields, f);
        if (zh)
            g_string_append_printf(s, "%s%s %s", f ? "；" : "", ef->name,
                                   ef->alias ? ef->alias : ef->source);
        else
            g_string_append_printf(s, "%s%s (%s)", f ? "; " : "", ef->name, ef->source);
    }
    g_string_append_c(s, '\n');
}

static void append_readme(GString *s, const export_job *job, GPtrArray *sums, gboolean zh)
{
    const vi_export_profile *p = job->profile;
    const char *village = job->opt->village;
    const char *db = store_path(job->store);
    if (zh) {
        g_string_append_printf(s, "数据包：%s（%s）\n", p->name_zh, p->name);
        g_string_append_printf(s, "生成时间：%s（UTC）\n", job->created);
        g_string_append_printf(s, "来源数据库：%s\n", db);
        g_string_append_printf(s, "软件：vinfra %s\n", VINFRA_VERSION);
        g_string_append_printf(s, "范围：%s\n", village ? village : "全部行政村");
        g_string_append_printf(s, "格式：%s（%s）\n", format_title(job->format), job->format_name);
        g_string_append_printf(s, "坐标系：%s（%s）\n", job->crs, job->crs_name);
        g_string_append_printf(s, "文字编码：%s\n", encoding_note(job, TRUE));
        g_string_append(s, "长度、面积：按 CGCS2000 椭球计算的大地线长度（米）和面积（平方米）\n");
    } else {
        g_string_append_printf(s, "Package: %s (%s)\n", p->name_en, p->name);
        g_string_append_printf(s, "Created: %s (UTC)\n", job->created);
        g_string_append_printf(s, "Source database: %s\n", db);
        g_string_append_printf(s, "Software: vinfra %s\n", VINFRA_VERSION);
        g_string_append_printf(s, "Villages: %s\n", village ? village : "all");
        g_string_append_printf(s, "Format: %s (%s)\n", format_title(job->format), job->format_name);
        g_string_append_printf(s, "CRS: %s (%s)\n", job->crs, job->crs_name);
        g_string_append_printf(s, "Text encoding: %s\n", encoding_note(job, FALSE));
        g_string_append(s, "Lengths and areas: geodesic, on the CGCS2000 ellipsoid, in metres "
                           "and square metres\n");
    }
    guint left_out = job->personal_left_out->len;
    if (job->opt->include_personal)
        g_string_append(s, zh ? "个人信息：已包含（--include-personal），请按规定保管，勿外传\n"
                              : "Personal data: included (--include-personal); keep it as the "
                                "rules require and pass it on to no one\n");
    else if (left_out) {
        g_string_append(s, zh ? "个人信息：未包含（未导出的字段："
                              : "Personal data: not included (fields left out: ");
        for (guint i = 0; i < left_out; i++)
            g_string_append_printf(s, "%s%s", i ? ", " : "",
                                   (char *)g_ptr_array_index(job->personal_left_out, i));
        g_string_append(s, zh ? "）\n" : ")\n");
    } else
        g_string_append(s, zh ? "个人信息：无\n" : "Personal data: none\n");
    if (job->format == VI_EXPORT_CSV || job->format == VI_EXPORT_XLSX)
        g_string_append(
            s, zh ? "表格单元格：以 = + - @、制表符、回车或单引号 ' 开头的文字单元格前加了一个"
                    "单引号 '，以免电子表格把它当作公式执行（OWASP 防 CSV 注入的建议）；"
                    "去掉开头的这一个单引号即为原文；数字列不变\n"
                  : "Spreadsheet cells: a text cell that begins with = + - @, a tab, a "
                    "carriage return or ' has one ' put before it, so that a spreadsheet "
                    "shows it and never runs it as a formula (OWASP's advice against CSV "
                    "injection); remove that one leading ' to get the text back; number "
                    "columns are unchanged\n");
    if (job->format == VI_EXPORT_DXF)
        g_string_append(s, zh ? "DXF：CAD 图层以设施图层命名，名称注记（TEXT）在“图层_text”图层；"
                                "DXF 不带属性，属性请另导出 shp 等格式\n"
                              : "DXF: CAD layers are named after the asset layers, names are "
                                "TEXT on LAYER_text; export another format for the attributes\n");
    g_string_append(s, zh ? "\n图层\n" : "\nLayers\n");
    for (guint l = 0; l < job->layers->len; l++)
        append_layer_line(s, g_ptr_array_index(job->layers, l), zh);
    g_string_append(s, zh ? "\n文件（SHA-256）\n" : "\nFiles (SHA-256)\n");
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
        {"format", job->format_name},
        {"crs", job->crs},
        {"crs_name", job->crs_name},
        {"encoding", job->encoding},
    };
    json_string_members(j, package, G_N_ELEMENTS(package));
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
            {"geometry", vi_geom_type_names[layer->geometry]},
        };
        json_string_members(j, names, G_N_ELEMENTS(names));
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
                {"name", ef->name},
                {"alias", ef->alias},
                {"source", ef->source},
                {"type", type_names[ef->type]},
            };
            json_string_members(j, field, G_N_ELEMENTS(field));
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
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot write '%s': %s", path, e->message);
        g_error_free(e);
    }
    g_free(path);
    return ok;
}

gboolean export_zip(const char *zip_path, const char *const *paths, const char *const *entries,
                    int n, GError **err)
{
    CPLErrorReset();
    void *zip = CPLCreateZip(zip_path, NULL);
    if (!zip) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot create '%s': %s", zip_path,
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
            g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot add '%s' to '%s': %s", paths[i],
                        zip_path, CPLGetLastErrorMsg());
        g_free(data);
    }
    if (CPLCloseZip(zip) != CE_None && ok) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot finish '%s': %s", zip_path,
                    CPLGetLastErrorMsg());
        ok = FALSE;
    }
    return ok;
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
                             (const char *const *)job->files->pdata, n, err);
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
        append_readme(text, job, sums, TRUE);
        g_string_append(text, "\n----------------------------------------\n\n");
        append_readme(text, job, sums, FALSE);
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
