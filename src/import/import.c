/*
 * import.c - vinfra import of GIS files into a layer (import.h): the
 * driver.  It checks the options, opens the source (import-source.c),
 * reads it feature by feature, with the fields checked by import-fields.c,
 * the geometry by import-geom.c and the village by import-village.c, and
 * writes what it read.  A ledger goes to ledger.c.
 *
 * Design:
 * - Two passes.  The first reads every feature of the source, transforms it
 *   to CGCS2000 and checks it, keeping the result in memory; it never writes,
 *   so a rejected file or a dry run leaves the database byte-identical.  The
 *   second writes everything in one transaction, rolled back on any error.
 * - Errors name the file, the feature (1-based index over the whole source,
 *   and its id), the field and what was expected; the first rejected feature
 *   stops the import.  They are in English (scripts and tests match them);
 *   warnings and summaries, read by the person importing, follow the
 *   options' language.
 */
#include "chinacrs.h"
#include "filekind.h"
#include "gdal-guard.h"
#include "import-int.h"
#include "import-table.h"
#include "ledger.h"
#include "source-check.h"
#include "textcheck.h"
#include "vi-error.h"

#include <ogr_srs_api.h>
#include <string.h>

static void pending_free(gpointer p)
{
    pending_feature *pf = p;
    if (!pf)
        return;
    import_values_free(pf->values, pf->nvalues);
    g_free(pf->village);
    g_free(pf->wkb);
    g_free(pf);
}

static void source_layer_clear(source_layer *src)
{
    g_strfreev(src->names);
    g_free(src->map);
    g_free(src->used);
    if (src->ct)
        OCTDestroyCoordinateTransformation(src->ct);
}

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
        if (!src->used[i] && i != src->lon && i != src->lat && i != src->odk &&
            !g_hash_table_contains(imp->ignored, src->names[i]) &&
            OGR_F_IsFieldSetAndNotNull(f, i) && *OGR_F_GetFieldAsString(f, i))
            g_hash_table_add(imp->ignored, g_strdup(src->names[i]));

    char *coord_problem = NULL;
    OGRGeometryH point = NULL;
    gboolean columns = src->lon >= 0 || src->odk >= 0;
    if (columns)
        import_columns_geometry(imp, src, f, &point, &coord_problem);
    OGRGeometryH raw = columns ? point : OGR_F_GetGeometryRef(f);
    /* A table's rows are numbered as the spreadsheet shows them (import-table.c). */
    const char *noun = imp->table ? "row" : "feature";
    gint64 number = imp->table ? OGR_F_GetFID(f) : imp->index;
    gboolean ok = TRUE;
    char *label = NULL;
    OGRGeometryH g = NULL;
    char *village = NULL;

    /* A NUL cut a value short (and a CSV row's remaining columns with it):
     * said before anything else is judged on what is left. */
    for (int k = 0; k < imp->nfields; k++) {
        const import_nul *nul = src->map[k] >= 0 ? import_nul_find(imp->nuls, f, imp->index - 1,
                                                                   src->map[k], src->names)
                                                 : NULL;
        if (!nul)
            continue;
        char *name = vi_text_char_name(0);
        label = import_item_label(noun, number, k == F_ID ? NULL : values[F_ID]);
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: field \"%s\": expected text without control or invisible "
                         "characters, got %s at character %ld (GDAL would cut the text short "
                         "there)",
                         label, import_field_name(imp, k), name, nul->at);
        g_free(name);
        ok = FALSE;
        goto out;
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
            goto out;
        }
    }

    gboolean generated = !values[F_ID];
    if (generated)
        values[F_ID] = g_strdup_printf("%s-%" G_GINT64_FORMAT, imp->stem, imp->index);
    /* An id with a control character is not repeated in the label. */
    char *id_problem = vi_text_problem(values[F_ID], VI_TEXT_KEY);
    imp->item_id = generated || id_problem ? NULL : values[F_ID];
    g_free(id_problem);
    label = import_item_label(noun, number, imp->item_id);
    if (bad_field >= 0) {
        char *origin = import_text_origin(src->layer, imp->opt->encoding, imp->shapefile);
        char *why = import_text_mismatch(OGR_F_GetFieldAsString(f, src->map[bad_field]),
                                         imp->recode_from, origin);
        import_set_error(err, VI_ERROR_DATA, imp->path, "%s: field \"%s\": %s", label,
                         import_field_name(imp, bad_field), why);
        g_free(why);
        g_free(origin);
        ok = FALSE;
        goto out;
    }
    if (!import_check_text(imp, values, generated, label, err)) {
        ok = FALSE;
        goto out;
    }
    if (coord_problem) {
        import_set_error(err, VI_ERROR_DATA, imp->path, "%s%s", label, coord_problem);
        ok = FALSE;
        goto out;
    }
    ok = import_check_id(imp, values[F_ID], generated, label, err) &&
         import_prepare_geometry(imp, src, raw, label, &g, err) &&
         import_check_common(imp, values, label, err);
    for (int a = 0; ok && a < imp->layer->nattrs; a++)
        ok = import_check_attr(imp, imp->layer->attrs[a], &values[F_COMMON + a], label, err);
    ok = ok && import_choose_village(imp, values[F_VILLAGE], g, label, &village, err);
    ok = ok &&
         (!imp->is_villages || import_check_village_overlap(imp, values[F_NAME], g, label, err));
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
out:
    import_values_free(values, imp->nfields);
    g_free(coord_problem);
    g_free(village);
    g_free(label);
    OGR_G_DestroyGeometry(g);
    OGR_G_DestroyGeometry(point);
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

/* Match the source's fields to the layer's and set up its coordinate transformation. */
static gboolean setup_source(importer *imp, OGRLayerH layer, source_layer *src, GError **err)
{
    return import_fields_match(imp, layer, src, err) && import_source_crs(imp, layer, src, err);
}

static gboolean read_source(importer *imp, GDALDatasetH ds, GError **err)
{
    OGRLayerH layer = NULL;
    if (!source_layer_choose(imp, ds, &layer, err))
        return FALSE;
    if (!layer) /* no layer holds features: the caller says so */
        return TRUE;
    imp->total = OGR_L_GetFeatureCount(layer, TRUE);
    source_layer src = {.lon = -1, .lat = -1, .odk = -1};
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
    imp->is_villages = strcmp(imp->layer->name, VI_LAYER_VILLAGES) == 0;
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
        if (!import_load_villages(imp, err))
            return FALSE;
        if (!import_village_named(imp, opt->village)) {
            char *names = import_village_names(imp);
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
    g_array_set_clear_func(imp->villages, import_village_area_clear);
    imp->file_villages = g_array_new(FALSE, TRUE, sizeof(village_area));
    g_array_set_clear_func(imp->file_villages, import_village_area_clear);
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
    imp->wgs84 = import_lonlat_srs(4326);
    imp->target = import_lonlat_srs(VI_STORE_SRID);
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
                    vi_text(imp->opt->lang,
                            "'%s'：共 %" G_GINT64_FORMAT " 个要素不在所指定的村内，已按指定导入"
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
                            import_field_name(imp, imp->trimmed_field));
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
    const char *part = opt->sheet ? opt->sheet : opt->source_layer;
    char *key = !ok    ? NULL
                : part ? g_strdup_printf("%s\n%s", imp.layer->name, part)
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
    /* Spreadsheets and CSV: the header below the titles, rows as numbered. */
    if (ok && import_table_applies(driver))
        ok = import_table_open(path, driver, recode_from, opt, store_registry(store)->datadir, &ds,
                               &imp.table, res, err);
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
    if (ok && !gdal_guard_check(err)) {
        g_prefix_error(err, "cannot import '%s': ", path);
        ok = FALSE;
    }
    if (ok && !opt->dry_run)
        ok = write_pending(&imp, sha256, err);
out:
    if (ds)
        GDALClose(ds);
    import_table_free(imp.table);
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
    if (!gdal_guard_unzipped(
            path, opt->max_unzipped > 0 ? opt->max_unzipped : VI_MAX_UNZIPPED_DEFAULT, err) ||
        !gdal_guard_path(path, err)) {
        g_prefix_error(err, "cannot import '%s': ", path);
        return FALSE;
    }
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
        return g_strdup_printf(vi_text(opt->lang, "%s：未重复导入", "%s: nothing done"),
                               res->previous);
    const char *into =
        import_target_name(opt->lang, reg, opt->ledger ? VI_LEDGER_TABLE : opt->layer);
    GString *s = g_string_new(NULL);
    if (brief)
        g_string_printf(s,
                        vi_text(opt->lang, "已导入 '%s' → %s：写入 %" G_GINT64_FORMAT " 条",
                                "imported '%s' into %s: %" G_GINT64_FORMAT " written"),
                        path, into, res->written);
    else if (opt->dry_run)
        g_string_printf(
            s,
            vi_text(opt->lang,
                    "已检查 '%s' → %s：读取 %" G_GINT64_FORMAT " 条，可写入 %" G_GINT64_FORMAT
                    " 条，跳过 %" G_GINT64_FORMAT " 条，未写入（试运行）",
                    "checked '%s' for %s: %" G_GINT64_FORMAT " read, %" G_GINT64_FORMAT
                    " would be written, %" G_GINT64_FORMAT " skipped, nothing written (dry run)"),
            path, into, res->read, res->read - res->skipped, res->skipped);
    else
        g_string_printf(s,
                        vi_text(opt->lang,
                                "已导入 '%s' → %s：读取 %" G_GINT64_FORMAT
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
    if (res->table_note)
        g_string_append(s, res->table_note);
    if (res->assumed_wgs84)
        g_string_append(s, vi_text(opt->lang,
                                   "；坐标按 WGS 84 经纬度读取，用 --src-crs 指定其他坐标系",
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
    g_free(res->table_note);
    memset(res, 0, sizeof *res);
}
