/*
 * import.c - vinfra import of GIS files into layers (import.h): the
 * driver.  It checks the options, opens the source (import-source.c),
 * reads it feature by feature, with the fields checked by import-fields.c,
 * the geometry by import-geom.c and the village by import-village.c, and
 * writes what it read.  A ledger goes to ledger.c.
 *
 * Design:
 * - Which source layers go where (plan_layers): with --layer, one source
 *   layer (--source-layer, or the only one with features) into that layer;
 *   without, each source layer into the layer its name matches
 *   (registry_layer_match), one importer (import-int.h) per target layer.
 *   A source is never reduced to some of its layers without a word.
 * - Two passes.  The first reads every feature of the source layers,
 *   transforms it to CGCS2000 and checks it, keeping the result in memory;
 *   it never writes, so a rejected file or a dry run leaves the database
 *   byte-identical.  The second writes every layer in one transaction, one
 *   change of the history, rolled back on any error; each layer has its
 *   import record, recognised on its own (recognise_key).
 * - Errors name the file ("FILE:LAYER" when it has several source layers
 *   read), the feature (1-based index in its source layer, and its id), the
 *   field and what was expected; the first rejected feature stops the
 *   import.  They are in English (scripts and tests match them);
 *   warnings and summaries, read by the person importing, follow the
 *   options' language.
 */
#include "chinacrs.h"
#include "filekind.h"
#include "fold.h"
#include "gdal-guard.h"
#include "i18n.h"
#include "import-int.h"
#include "kml-description.h"
#include "import-table.h"
#include "ledger.h"
#include "source-check.h"
#include "textcheck.h"
#include "vi-error.h"

#include <ogr_srs_api.h>
#include <inttypes.h>
#include <string.h>

static void import_part_free(gpointer p)
{
    vi_import_part *part = p;
    g_free(part->layer);
    g_free(part->source);
    g_free(part->previous);
    g_free(part->unmatched);
    g_free(part);
}

void import_pending_free(pending_feature *pf)
{
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
    import_values_release(src->values);
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
    gint64 number = imp->item_number = imp->table ? OGR_F_GetFID(f) : imp->index;
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
                         _("%s: field \"%s\": expected text without control or invisible "
                           "characters, got %s at character %ld (GDAL would cut the text short "
                           "there)"),
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
                import_warn(imp->res, _("'%s': feature %" PRId64 " is empty: skipped"), imp->path,
                            imp->index);
            imp->part->skipped++;
            goto out;
        }
    }

    gboolean generated = !values[F_ID];
    if (generated)
        values[F_ID] = g_strdup_printf("%s-%" G_GINT64_FORMAT, imp->stem, imp->serial);
    /* An id with a control character is not repeated in the label. */
    char *id_problem = vi_text_problem(values[F_ID], VI_TEXT_KEY);
    imp->item_id = generated || id_problem ? NULL : values[F_ID];
    g_free(id_problem);
    label = import_item_label(noun, number, imp->item_id);
    if (bad_field >= 0) {
        char *origin = import_text_origin(src->layer, imp->opt->encoding, imp->shapefile);
        char *why = import_text_mismatch(OGR_F_GetFieldAsString(f, src->map[bad_field]),
                                         imp->recode_from, origin);
        import_set_error(err, VI_ERROR_DATA, imp->path, _("%s: field \"%s\": %s"), label,
                         import_field_name(imp, bad_field), why);
        g_free(why);
        g_free(origin);
        ok = FALSE;
        goto out;
    }
    if (!import_fields_fill(imp, src, values, label, err) ||
        !import_check_text(imp, values, generated, label, err)) {
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
        pf->path = imp->path;
        pf->noun = noun;
        pf->number = number;
        pf->id_shown = imp->item_id != NULL;
        pf->wkb_size = (size_t)OGR_G_WkbSize(g);
        pf->wkb = g_malloc(pf->wkb_size);
        OGR_G_ExportToIsoWkb(g, wkbNDR, pf->wkb);
        imp->npending++;
        imp->item_id = NULL; /* in PF, which is the writer's now */
        if (imp->writer)
            import_writer_feature(imp->writer, imp, pf);
        else
            import_pending_free(pf); /* a dry run writes nothing */
    }
out:
    if (!ok)
        import_columns_said(imp, src, label, err ? *err : NULL);
    import_values_free(values, imp->nfields);
    g_free(coord_problem);
    g_free(village);
    g_free(label);
    OGR_G_DestroyGeometry(g);
    OGR_G_DestroyGeometry(point);
    return ok;
}

/* GDAL's names of the simple geometry types, translated where a message
 * shows them (OGRGeometryTypeToName's text is the msgid). */
static const char *const geometry_type_names[] = {
    N_("Point"),
    N_("Line String"),
    N_("Polygon"),
    N_("Multi Point"),
    N_("Multi Line String"),
    N_("Multi Polygon"),
    N_("3D Point"),
    N_("3D Line String"),
    N_("3D Polygon"),
    N_("3D Multi Point"),
    N_("3D Multi Line String"),
    N_("3D Multi Polygon"),
    N_("Geometry Collection"),
};

/* T's name as GDAL gives it, translated when it is one of the simple types. */
static const char *geometry_type_name(OGRwkbGeometryType t)
{
    const char *name = OGRGeometryTypeToName(t);
    for (size_t i = 0; i < G_N_ELEMENTS(geometry_type_names); i++)
        if (strcmp(name, geometry_type_names[i]) == 0)
            return _(geometry_type_names[i]);
    return name;
}

/* "lines (Line String, 2 features)": a layer as a list of them names it. */
static void describe_layer(GString *s, OGRLayerH l)
{
    OGRwkbGeometryType t = OGR_L_GetGeomType(l);
    gint64 n = OGR_L_GetFeatureCount(l, TRUE);
    const char *type = t == wkbNone      ? _("no geometry")
                       : t == wkbUnknown ? _("mixed geometry")
                                         : geometry_type_name(t);
    g_string_append(s, s->len ? _(", ") : "");
    g_string_append_printf(s,
                           NG_("%s (%s, %" PRId64 " feature)", "%s (%s, %" PRId64 " features)", n),
                           OGR_L_GetName(l), type, n);
}

/* Match the source's fields to the layer's and set up its coordinate transformation. */
static gboolean setup_source(importer *imp, OGRLayerH layer, source_layer *src, GError **err)
{
    return import_fields_match(imp, layer, src, err) && import_source_crs(imp, layer, src, err);
}

/* A source layer with attribute fields of which none matched a field of
 * the layer is the sign of a wrong encoding or a wrong layer: every
 * attribute would be lost, so it is refused rather than imported as bare
 * geometry. */
static gboolean some_field_matched(importer *imp, OGRLayerH layer, const source_layer *src,
                                   GError **err)
{
    int n = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(layer));
    GString *with = g_string_new(NULL);
    for (int i = 0; i < n; i++) {
        if (i == src->lon || i == src->lat || i == src->odk)
            continue;
        if (src->used[i]) {
            g_string_free(with, TRUE);
            return TRUE;
        }
        if (g_hash_table_contains(imp->ignored, src->names[i]))
            g_string_append_printf(with, "%s%s", with->len ? _(", ") : "", src->names[i]);
    }
    gboolean ok = with->len == 0;
    if (!ok) {
        GString *fields = g_string_new(NULL);
        for (int k = 0; k < imp->nfields; k++)
            g_string_append_printf(fields, "%s%s", k ? _(", ") : "", import_field_name(imp, k));
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         _("none of its fields (%s) is a field of layer %s (%s): every value "
                           "would be lost; a wrong layer or a wrong encoding does this (check "
                           "--layer and --encoding), or name the fields with --map FIELD=SOURCE"),
                         with->str, imp->layer->name, fields->str);
        g_string_free(fields, TRUE);
    }
    g_string_free(with, TRUE);
    return ok;
}

/* Read, convert and check every feature of LAYER, one of IMP's sources. */
static gboolean read_source(importer *imp, OGRLayerH layer, GError **err)
{
    source_layer src = {.lon = -1, .lat = -1, .odk = -1};
    imp->index = 0;
    gboolean ok = setup_source(imp, layer, &src, err);
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while (ok && !(imp->writer && import_writer_failed(imp->writer)) &&
           (f = OGR_L_GetNextFeature(layer))) {
        imp->index++;
        imp->serial++;
        imp->part->read++;
        ok = read_feature(imp, &src, f, err);
        OGR_F_Destroy(f);
        if (imp->serial % 256 == 0)
            import_progress(imp->opt, FALSE, imp->progress_base + imp->serial, imp->progress_total);
    }
    if (ok)
        ok = some_field_matched(imp, layer, &src, err);
    source_layer_clear(&src);
    return ok;
}

/* Options that do not depend on the file's content, for IMP's layer. */
static gboolean check_options(importer *imp, GError **err)
{
    const vi_import_options *opt = imp->opt;
    imp->is_villages = strcmp(imp->layer->name, VI_LAYER_VILLAGES) == 0;
    imp->nfields = F_COMMON + imp->layer->nattrs;
    if (imp->is_villages && (opt->village || opt->village_field)) {
        import_set_error(err, VI_ERROR_USAGE, imp->path,
                         _("--village and --village-field do not apply to the villages layer"));
        return FALSE;
    }
    if (opt->village && opt->village_field) {
        import_set_error(err, VI_ERROR_USAGE, imp->path,
                         _("give --village or --village-field, not both"));
        return FALSE;
    }
    gboolean shift = FALSE;
    if (opt->src_crs && !import_datum_shift_parse(imp->path, opt->src_crs, &shift, err))
        return FALSE;
    if (shift)
        imp->datum_shift = opt->src_crs;
    else if (opt->src_crs) {
        imp->china = chinacrs_parse(opt->src_crs);
        if (imp->china == VI_CHINA_NONE) {
            imp->override_srs = OSRNewSpatialReference(NULL);
            CPLErrorReset();
            if (OSRSetFromUserInput(imp->override_srs, opt->src_crs) != OGRERR_NONE) {
                import_set_error(err, VI_ERROR_USAGE, imp->path,
                                 _("--src-crs: cannot understand \"%s\" (expected a CRS such "
                                   "as EPSG:4545, a PROJ string, gcj02 or bd09)"),
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
                             _("--village: unknown village \"%s\" (villages: %s)"), opt->village,
                             names[0] ? names : _("none yet"));
            g_free(names);
            return FALSE;
        }
    }
    return TRUE;
}

importer *importer_new(vi_store *store, const char *path, const vi_import_options *opt,
                       vi_import_result *res, const vi_layer *layer)
{
    importer *imp = g_new0(importer, 1);
    imp->store = store;
    imp->file = path;
    imp->path = path;
    imp->opt = opt;
    imp->res = res;
    imp->layer = layer;
    imp->sources = g_ptr_array_new();
    imp->shown_before = g_ptr_array_new_with_free_func(g_free);
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
    imp->xs = g_array_new(FALSE, FALSE, sizeof(double));
    imp->ys = g_array_new(FALSE, FALSE, sizeof(double));
    imp->rawx = g_array_new(FALSE, FALSE, sizeof(double));
    imp->rawy = g_array_new(FALSE, FALSE, sizeof(double));
    imp->wgs84 = import_lonlat_srs(4326);
    imp->target = import_lonlat_srs(VI_STORE_SRID);
    return imp;
}

void importer_free(gpointer p)
{
    importer *imp = p;
    g_ptr_array_free(imp->sources, TRUE);
    g_free(imp->shown);
    g_ptr_array_free(imp->shown_before, TRUE);
    g_free(imp->sha256);
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
    if (imp->nuls)
        g_ptr_array_unref(imp->nuls);
    g_array_free(imp->xs, TRUE);
    g_array_free(imp->ys, TRUE);
    g_array_free(imp->rawx, TRUE);
    g_array_free(imp->rawy, TRUE);
    g_free(imp->crs_history);
    if (imp->track_fixes)
        g_hash_table_destroy(imp->track_fixes);
    OSRDestroySpatialReference(imp->wgs84);
    OSRDestroySpatialReference(imp->target);
    if (imp->override_srs)
        OSRDestroySpatialReference(imp->override_srs);
    g_free(imp);
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
        import_warn(res, _("'%s': %" PRId64 " invalid geometries repaired in all"), imp->path,
                    imp->repairs);
    if (imp->outside_village > MAX_ITEM_WARNINGS)
        import_warn(res,
                    _("'%s': %" PRId64 " features in all imported into the village "
                      "named though they lie outside it (--accept-outside-village)"),
                    imp->path, imp->outside_village);
    if (imp->empty_rows > MAX_ITEM_WARNINGS)
        import_warn(res, _("'%s': %" PRId64 " empty features skipped in all"), imp->path,
                    imp->empty_rows);
    if (imp->missing_status)
        import_warn(res,
                    NG_("'%s': %" PRId64 " feature has no status (counted as unknown)",
                        "'%s': %" PRId64 " features have no status (counted as unknown)",
                        imp->missing_status),
                    imp->path, imp->missing_status);
    if (imp->trimmed)
        import_warn_trimmed(res, imp->opt->lang, imp->path, imp->trimmed, FALSE, imp->trimmed_index,
                            import_field_name(imp, imp->trimmed_field));
    /* Fields not imported are said in the summary, which --quiet keeps. */
    if (g_hash_table_size(imp->ignored) > 0) {
        GList *names = g_list_sort(g_hash_table_get_keys(imp->ignored), (GCompareFunc)strcmp);
        GString *s = g_string_new(NULL);
        for (GList *l = names; l; l = l->next)
            g_string_append_printf(s, "%s%s", l == names ? "" : ", ", (char *)l->data);
        g_free(imp->part->unmatched);
        imp->part->unmatched = g_string_free(s, FALSE);
        g_list_free(names);
    }
}

/* ---- one import: the source's layers, the store's layers they go into ---- */

/* An import of one file: its source layers paired with the store's layers
 * (an importer per store layer), read and checked in the first pass, all
 * written in one transaction in the second. */
typedef struct {
    vi_store *store;
    const char *path;
    const vi_import_options *opt;
    vi_import_result *res;
    GDALDatasetH ds;
    const char *driver, *recode_from;
    GPtrArray *nuls;
    gboolean gpx;
    GPtrArray *importers;             /* importer *, in the order their first source layer comes */
    import_table *table;              /* a spreadsheet or CSV file (import-table.c), or NULL */
    gint64 table_read, table_skipped; /* its rows skipped before any layer read them */
} import_job;

/* The importer of LAYER in JOB, made when there is none yet. */
static importer *job_importer(import_job *job, const vi_layer *layer)
{
    for (guint i = 0; i < job->importers->len; i++) {
        importer *imp = job->importers->pdata[i];
        if (imp->layer == layer)
            return imp;
    }
    importer *imp = importer_new(job->store, job->path, job->opt, job->res, layer);
    g_ptr_array_add(job->importers, imp);
    return imp;
}

/* Name IMP's source layers in its part: "路灯", "路灯+太阳能路灯". */
static void part_name_sources(importer *imp)
{
    GString *source = g_string_new(NULL);
    for (guint i = 0; i < imp->sources->len; i++)
        g_string_append_printf(source, "%s%s", i ? "+" : "", OGR_L_GetName(imp->sources->pdata[i]));
    g_free(imp->part->source);
    imp->part->source = g_string_free(source, source->len == 0);
}

/* The layers of DS that count: those holding features, less a GPX file's
 * route_points and track_points, which repeat its routes and tracks vertex
 * by vertex (OGRLayerH, borrowed). */
static GPtrArray *counted_layers(GDALDatasetH ds, gboolean gpx)
{
    GPtrArray *out = g_ptr_array_new();
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++) {
        OGRLayerH l = GDALDatasetGetLayer(ds, i);
        const char *name = OGR_L_GetName(l);
        if (gpx && (strcmp(name, "track_points") == 0 || strcmp(name, "route_points") == 0))
            continue;
        /* The only layer of a file counts as it is (an empty one is said
         * after reading): counting a GeoJSON file's features means parsing
         * it all once more. */
        if (GDALDatasetGetLayerCount(ds) == 1 || OGR_L_GetFeatureCount(l, TRUE) > 0)
            g_ptr_array_add(out, l);
    }
    return out;
}

/* The layer of DS that --source-layer WANTED names: by its name (exactly,
 * else folded: case, full-width forms), else by its number among COUNTED
 * (1-based, in the order the refusal lists them); NULL when none. */
static OGRLayerH source_layer_named(GDALDatasetH ds, GPtrArray *counted, const char *wanted)
{
    int n = GDALDatasetGetLayerCount(ds);
    for (int i = 0; i < n; i++)
        if (strcmp(OGR_L_GetName(GDALDatasetGetLayer(ds, i)), wanted) == 0)
            return GDALDatasetGetLayer(ds, i);
    for (int i = 0; i < n; i++)
        if (vi_fold_equal(OGR_L_GetName(GDALDatasetGetLayer(ds, i)), wanted))
            return GDALDatasetGetLayer(ds, i);
    gint64 k = 0;
    if (import_parse_int(wanted, &k) && k >= 1 && k <= (gint64)counted->len)
        return counted->pdata[k - 1];
    return NULL;
}

/* "villages, households, ...": the layers' keys, as a list in the user's
 * language (caller frees). */
static char *layer_keys_text(const vi_registry *reg)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < registry_layer_count(reg); i++)
        g_string_append_printf(s, "%s%s", i ? _(", ") : "", registry_layer_at(reg, i)->name);
    return g_string_free(s, FALSE);
}

/* "villages (行政村), households (农户), ...": the layers a source layer may
 * be named after (caller frees). */
static char *registry_layers_text(const vi_registry *reg)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < registry_layer_count(reg); i++) {
        const vi_layer *l = registry_layer_at(reg, i);
        g_string_append_printf(s, "%s%s (%s)", i ? _(", ") : "", l->name, l->name_zh);
    }
    return g_string_free(s, FALSE);
}

/* Without --layer: each of FROM goes into the layer its name matches
 * (registry_layer_match).  A source layer that matches none is refused,
 * never left out or put in a layer by guess; SEVERAL says the source has
 * more layers than FROM's one. */
static gboolean pair_by_name(import_job *job, GPtrArray *from, gboolean several, GError **err)
{
    const vi_registry *reg = store_registry(job->store);
    GString *unmatched = g_string_new(NULL);
    int nunmatched = 0;
    for (guint i = 0; i < from->len; i++) {
        OGRLayerH l = from->pdata[i];
        const vi_layer *to = registry_layer_match(reg, OGR_L_GetName(l));
        if (to) {
            g_ptr_array_add(job_importer(job, to)->sources, l);
        } else {
            describe_layer(unmatched, l);
            nunmatched++;
        }
    }
    char *layers = nunmatched ? registry_layers_text(reg) : NULL;
    if (nunmatched && !several)
        import_set_error(err, VI_ERROR_USAGE, job->path,
                         _("its layer %s is named after no layer (layers: %s): say which layer "
                           "it goes into with --layer NAME"),
                         unmatched->str, layers);
    else if (nunmatched)
        import_set_error(
            err, VI_ERROR_DATA, job->path,
            NG_("its layer %s is named after no layer (layers: %s): name each folder, table or "
                "sheet after the layer it goes into (its key, Chinese or English name, or an "
                "alias of data/layers.tsv), or import one with --layer NAME --source-layer NAME|N",
                "its layers %s are named after no layer (layers: %s): name each folder, table or "
                "sheet after the layer it goes into (its key, Chinese or English name, or an "
                "alias of data/layers.tsv), or import one with --layer NAME --source-layer NAME|N",
                nunmatched),
            unmatched->str, layers);
    g_free(layers);
    g_string_free(unmatched, TRUE);
    return nunmatched == 0;
}

/* Which source layers go into which layers: with --layer, the one source
 * layer --source-layer names or the only one holding features; a source with
 * several is refused rather than reduced to one of them without a word.
 * Without --layer, each by its name (pair_by_name). */
static gboolean plan_layers(import_job *job, GError **err)
{
    const vi_import_options *opt = job->opt;
    GPtrArray *counted = counted_layers(job->ds, job->gpx);
    OGRLayerH chosen = opt->source_layer   ? source_layer_named(job->ds, counted, opt->source_layer)
                       : counted->len == 1 ? counted->pdata[0]
                                           : NULL;
    gboolean ok = TRUE;
    if (opt->source_layer && !chosen) {
        GString *all = g_string_new(NULL);
        for (int i = 0; i < GDALDatasetGetLayerCount(job->ds); i++)
            describe_layer(all, GDALDatasetGetLayer(job->ds, i));
        import_set_error(err, VI_ERROR_USAGE, job->path,
                         _("--source-layer: the file has no layer \"%s\" (its layers: %s)"),
                         opt->source_layer, all->len ? all->str : _("none"));
        g_string_free(all, TRUE);
        ok = FALSE;
    } else if (opt->layer && !chosen && counted->len > 1) {
        GString *with = g_string_new(NULL);
        for (guint i = 0; i < counted->len; i++)
            describe_layer(with, counted->pdata[i]);
        import_set_error(err, VI_ERROR_DATA, job->path,
                         _("it holds %u layers with features: %s; vinfra imports one at a time: "
                           "choose it with --source-layer NAME"),
                         counted->len, with->str);
        g_string_free(with, TRUE);
        ok = FALSE;
    } else if (opt->layer) {
        /* The importer check_options made; no layer with features: the caller says so. */
        importer *imp = job->importers->pdata[0];
        /* The user's word goes, but a file named after another layer is
         * likely the wrong file or the wrong --layer: said. */
        const vi_layer *named =
            chosen ? registry_layer_match(store_registry(job->store), OGR_L_GetName(chosen)) : NULL;
        if (named && named != imp->layer)
            import_warn(job->res,
                        _("'%s': its layer %s is named after layer %s but goes into %s "
                          "(--layer)"),
                        job->path, OGR_L_GetName(chosen), named->name, imp->layer->name);
        if (chosen)
            g_ptr_array_add(imp->sources, chosen);
        part_name_sources(imp);
    } else if (chosen) {
        GPtrArray *one = g_ptr_array_new();
        g_ptr_array_add(one, chosen);
        ok = pair_by_name(job, one, FALSE, err);
        g_ptr_array_free(one, TRUE);
    } else if (counted->len > 0) {
        ok = pair_by_name(job, counted, TRUE, err);
    }
    g_ptr_array_free(counted, TRUE);
    return ok;
}

/* "roads" or, for a layer given no --layer or read from a layer of a source
 * holding several, "roads\n路灯": what import_recognise keys an import by, so
 * that one file may feed several layers, each from one of its source layers. */
static char *recognise_key(const importer *imp)
{
    const char *part = imp->opt->sheet ? imp->opt->sheet : imp->opt->source_layer;
    if (imp->opt->layer)
        return part ? g_strdup_printf("%s\n%s", imp->layer->name, part)
                    : g_strdup(imp->layer->name);
    GString *key = g_string_new(imp->layer->name);
    for (guint i = 0; i < imp->sources->len; i++)
        g_string_append_printf(key, "\n%s", OGR_L_GetName(imp->sources->pdata[i]));
    return g_string_free(key, FALSE);
}

/* Check IMP's options and look its part up among earlier imports. */
static gboolean importer_start(import_job *job, importer *imp, GError **err)
{
    imp->part = g_new0(vi_import_part, 1);
    imp->part->layer = g_strdup(imp->layer->name);
    g_ptr_array_add(job->res->parts, imp->part);
    part_name_sources(imp);
    if (!check_options(imp, err))
        return FALSE;
    char *key = recognise_key(imp);
    vi_import_result seen = {0};
    gboolean ok =
        import_recognise(job->store, job->path, key, job->opt->lang, &seen, &imp->sha256, err);
    imp->part->already_imported = seen.already_imported;
    imp->part->previous = seen.previous;
    g_free(key);
    return ok;
}

/* Name the source layer in messages, when the import reads several. */
static void importer_show(import_job *job, importer *imp, const char *source)
{
    /* Features handed to the writer name the old one still. */
    if (imp->shown)
        g_ptr_array_add(imp->shown_before, imp->shown);
    imp->shown = source ? g_strdup_printf("%s:%s", job->path, source) : NULL;
    imp->path = imp->shown ? imp->shown : job->path;
}

/* What IMP's checks read from the store, loaded before the writer starts
 * (import-write.c): from then on the store is the writer's until it ends. */
static gboolean importer_preload(import_job *job, importer *imp, GError **err)
{
    if (!imp->projects) {
        imp->projects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        if (!store_project_ids(job->store, imp->projects, err))
            return FALSE;
    }
    return store_feature_ids(job->store, imp->layer, imp->store_ids, err) &&
           (!imp->is_villages || store_feature_scan(job->store, imp->layer, NULL,
                                                    collect_village_name, imp->store_names, err)) &&
           import_load_villages(imp, err);
}

/* The first pass for IMP: every feature of its source layers read and checked. */
static gboolean importer_read(import_job *job, importer *imp, gboolean several, GError **err)
{
    imp->recode_from = job->recode_from;
    imp->ds = job->ds;
    imp->table = job->table;
    imp->shapefile = strcmp(job->driver, "ESRI Shapefile") == 0;
    imp->gpx = job->gpx;
    imp->kml = strcmp(job->driver, "LIBKML") == 0 || strcmp(job->driver, "KML") == 0;
    imp->nuls = job->nuls ? g_ptr_array_ref(job->nuls) : NULL;
    gboolean ok = TRUE;
    if (imp->writer)
        import_writer_layer(imp->writer, imp);
    for (guint i = 0; ok && i < imp->sources->len; i++) {
        OGRLayerH l = imp->sources->pdata[i];
        importer_show(job, imp, several ? OGR_L_GetName(l) : NULL);
        /* Ovi's and Google Earth's attribute tables in descriptions, as fields. */
        GDALDatasetH mem = NULL;
        OGRLayerH fields = imp->kml ? kml_description_fields(l, &mem) : l;
        ok = read_source(imp, fields, err);
        if (mem)
            GDALClose(mem);
    }
    if (ok) {
        importer_show(job, imp, several ? imp->part->source : NULL);
        warn_summary(imp);
    }
    return ok;
}

/* The end of the second pass, once the writer has written every layer's
 * features: their counts, the one history row, the commit; rolled back on
 * any error. */
static gboolean job_write(import_job *job, GError **err)
{
    gboolean ok = TRUE;
    GString *layers = g_string_new(NULL), *detail = g_string_new(NULL);
    const char *sha256 = NULL, *last_crs = NULL;
    int nwritten = 0;
    for (guint i = 0; ok && i < job->importers->len; i++) {
        importer *imp = job->importers->pdata[i];
        if (imp->part->already_imported)
            continue;
        ok = store_import_set_count(job->store, imp->import_id, imp->npending, err);
        g_string_append_printf(layers, "%s%s", nwritten ? "," : "", imp->layer->name);
        g_string_append_printf(detail, "%s%s → %s", nwritten ? ", " : "", imp->part->source,
                               imp->layer->name);
        sha256 = imp->sha256;
        last_crs = imp->crs_history;
        nwritten++;
    }
    /* One change in the history, as one transaction: several layers are
     * listed ("water_tanks,streetlights"), the detail says what went where,
     * and the content hash of each layer's part is in its import record. */
    /* An assumed CRS is part of what was done. */
    const char *crs = nwritten == 1 ? last_crs : NULL;
    char *several = nwritten > 1 ? g_strdup_printf("%s (%s)", job->path, detail->str)
                    : crs        ? g_strdup_printf("%s (%s)", job->path, crs)
                                 : NULL;
    vi_change change = {.action = "import",
                        .layer = layers->str,
                        .source_sha256 = nwritten > 1 ? NULL : sha256,
                        .detail = several ? several : job->path};
    ok = ok && store_history_record(job->store, &change, err) && store_commit(job->store, err);
    g_free(several);
    g_string_free(layers, TRUE);
    g_string_free(detail, TRUE);
    if (!ok) {
        store_rollback(job->store);
        g_prefix_error(err, _("cannot import '%s': "), job->path);
        return FALSE;
    }
    for (guint i = 0; i < job->importers->len; i++) {
        importer *imp = job->importers->pdata[i];
        if (!imp->part->already_imported)
            imp->part->written = imp->npending;
    }
    return TRUE;
}

/* RES's totals from its parts: counts added up, and already imported when every part was. */
static void result_total(vi_import_result *res)
{
    res->read = res->written = res->skipped = 0;
    res->already_imported = res->parts->len > 0;
    for (guint i = 0; i < res->parts->len; i++) {
        const vi_import_part *p = res->parts->pdata[i];
        res->read += p->read;
        res->written += p->written;
        res->skipped += p->skipped;
        res->already_imported = res->already_imported && p->already_imported;
    }
    if (res->already_imported && res->parts->len == 1 && !res->previous)
        res->previous = g_strdup(((vi_import_part *)res->parts->pdata[0])->previous);
}

static gboolean import_layers(vi_store *store, const char *path, const vi_import_options *opt,
                              vi_import_result *res, GError **err)
{
    import_job job = {.store = store, .path = path, .opt = opt, .res = res};
    job.importers = g_ptr_array_new_with_free_func(importer_free);
    gboolean ok = TRUE;
    /* With --layer, what does not depend on the file is checked, and the
     * file recognised, before it is opened. */
    if (opt->layer) {
        const vi_registry *reg = store_registry(store);
        const vi_layer *layer = registry_layer(reg, opt->layer);
        if (!layer) {
            char *names = layer_keys_text(reg);
            import_set_error(err, VI_ERROR_USAGE, path, _("unknown layer \"%s\" (layers: %s)"),
                             opt->layer, names);
            g_free(names);
            ok = FALSE;
        }
        ok = ok && importer_start(&job, job_importer(&job, layer), err);
        if (!ok || ((importer *)job.importers->pdata[0])->part->already_imported)
            goto out;
    } else if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        import_set_error(err, VI_ERROR_IO, path, _("no such file"));
        ok = FALSE;
        goto out;
    }
    ok = source_check_files(path, opt->src_crs != NULL, err) &&
         (job.ds = import_open(path, opt->encoding, &job.driver, &job.recode_from,
                               &res->encoding_read, err)) != NULL;
    /* Spreadsheets and CSV: the header below the titles, rows as numbered. */
    if (ok && import_table_applies(job.driver))
        ok = import_table_open(path, job.driver, job.recode_from, opt,
                               store_registry(store)->datadir, &job.ds, &job.table, res, err);
    /* The rows a table skipped (blank, totals, notes) count as read. */
    job.table_read = res->read;
    job.table_skipped = res->skipped;
    if (!ok)
        goto out;
    job.gpx = strcmp(job.driver, "GPX") == 0;
    job.nuls = import_find_nuls(path, job.driver, job.recode_from);
    ok = import_nul_refuse(path, job.nuls, err) && plan_layers(&job, err);
    for (guint i = 0; ok && !opt->layer && i < job.importers->len; i++)
        ok = importer_start(&job, job.importers->pdata[i], err);
    /* A table's skipped rows (blank, totals, notes) were read too. */
    if (ok && job.importers->len > 0) {
        vi_import_part *first = ((importer *)job.importers->pdata[0])->part;
        first->read += job.table_read;
        first->skipped += job.table_skipped;
    }
    /* Several source layers read: messages name the one they are about.  The
     * total is for the progress (a file of one layer is counted only then). */
    guint nsources = 0, nsources_all = 0;
    for (guint i = 0; ok && i < job.importers->len; i++)
        nsources_all += ((importer *)job.importers->pdata[i])->sources->len;
    gint64 total = 0;
    for (guint i = 0; ok && i < job.importers->len; i++) {
        importer *imp = job.importers->pdata[i];
        nsources += imp->sources->len;
        for (guint k = 0; !imp->part->already_imported && k < imp->sources->len; k++)
            total += OGR_L_GetFeatureCount(imp->sources->pdata[k],
                                           opt->progress != NULL || nsources_all > 1);
    }
    /* What the checks read from the store, then the writer (not for a dry
     * run, nor when every part was imported before). */
    gboolean writing = FALSE;
    for (guint i = 0; ok && i < job.importers->len; i++) {
        importer *imp = job.importers->pdata[i];
        if (imp->part->already_imported)
            continue;
        ok = importer_preload(&job, imp, err);
        writing = writing || !opt->dry_run;
    }
    import_writer *writer = NULL;
    if (ok && writing) {
        ok = (writer = import_writer_start(store, err)) != NULL;
        if (!ok)
            g_prefix_error(err, _("cannot import '%s': "), path);
    }
    for (guint i = 0; writer && i < job.importers->len; i++)
        ((importer *)job.importers->pdata[i])->writer = writer;
    /* The file's villages are read and checked first: the other layers'
     * features are placed in them as well as in the store's
     * (import_villages_add_file), as if they had been imported before. */
    importer *villages = NULL;
    for (guint i = 0; i < job.importers->len; i++) {
        importer *imp = job.importers->pdata[i];
        if (imp->is_villages && !imp->part->already_imported)
            villages = imp;
    }
    gint64 base = 0;
    for (guint i = 0; ok && i <= job.importers->len; i++) {
        importer *imp = i == 0 ? villages : job.importers->pdata[i - 1];
        if (!imp || (i > 0 && imp == villages) || imp->part->already_imported)
            continue;
        if (imp != villages && villages)
            ok = import_villages_add_file(imp, villages, err);
        imp->progress_base = base;
        imp->progress_total = total;
        ok = ok && importer_read(&job, imp, nsources > 1, err);
        base += imp->serial;
    }
    result_total(res);
    if (ok && !res->already_imported && res->read == 0) {
        import_set_error(err, VI_ERROR_DATA, path, _("no features in it"));
        ok = FALSE;
    }
    if (ok && !gdal_guard_check(err)) {
        g_prefix_error(err, _("cannot import '%s': "), path);
        ok = FALSE;
    }
    if (writer) {
        /* The reader's error comes first; a write's when the reader stopped for it. */
        GError *write_err = NULL;
        /* (The writer's errors name the file and the feature.) */
        if (!import_writer_finish(writer, &write_err) && ok) {
            g_propagate_error(err, write_err);
            write_err = NULL;
            ok = FALSE;
        } else if (write_err && err && !*err) {
            g_propagate_error(err, write_err);
            write_err = NULL;
        }
        g_clear_error(&write_err);
        import_progress(opt, TRUE, total, total);
        if (ok)
            ok = job_write(&job, err);
        else
            store_rollback(store);
    }
out:
    result_total(res);
    if (job.ds)
        GDALClose(job.ds);
    if (job.nuls)
        g_ptr_array_unref(job.nuls);
    g_ptr_array_free(job.importers, TRUE);
    import_table_free(job.table);
    return ok;
}

gboolean import_file(vi_store *store, const char *path, const vi_import_options *opt,
                     vi_import_result *res, GError **err)
{
    memset(res, 0, sizeof *res);
    res->warnings = g_ptr_array_new_with_free_func(g_free);
    res->parts = g_ptr_array_new_with_free_func(import_part_free);
    if (opt->encoding) {
        char *probe = g_convert("", 0, "UTF-8", opt->encoding, NULL, NULL, NULL);
        if (!probe) {
            import_set_error(err, VI_ERROR_USAGE, path, _("--encoding: unknown encoding \"%s\""),
                             opt->encoding);
            return FALSE;
        }
        g_free(probe);
    }
    /* Before anything opens it: a FIFO would block the first read forever. */
    const char *kind = vi_file_kind(path);
    if (kind) {
        import_set_error(err, VI_ERROR_IO, path, _("it is %s, not a file"), kind);
        return FALSE;
    }
    if (!gdal_guard_unzipped(
            path, opt->max_unzipped > 0 ? opt->max_unzipped : VI_MAX_UNZIPPED_DEFAULT, err) ||
        !gdal_guard_path(path, err)) {
        g_prefix_error(err, _("cannot import '%s': "), path);
        return FALSE;
    }
    vi_gdal_guard *guard = gdal_guard_begin();
    gboolean ok = opt->ledger ? ledger_import(store, path, opt, res, err)
                              : import_layers(store, path, opt, res, err);
    gdal_guard_end(guard, res->warnings);
    return ok;
}

/* The summary of what went into INTO from SHOWN (the path, or "PATH:LAYER"). */
static void summary_line(GString *s, const vi_import_options *opt, const char *shown,
                         const char *into, gint64 read, gint64 written, gint64 skipped,
                         gboolean brief)
{
    if (brief)
        g_string_append_printf(s, _("imported '%s' into %s: %" PRId64 " written"), shown, into,
                               written);
    else if (opt->dry_run)
        g_string_append_printf(s,
                               _("checked '%s' for %s: %" PRId64 " read, %" PRId64
                                 " would be written, %" PRId64
                                 " skipped, nothing written (dry run)"),
                               shown, into, read, read - skipped, skipped);
    else
        g_string_append_printf(
            s,
            _("imported '%s' into %s: %" PRId64 " read, %" PRId64 " written, %" PRId64 " skipped"),
            shown, into, read, written, skipped);
}

/* The fields of part P not imported: "；字段 bar、foo 不属于图层 路灯，未导入". */
static void summary_unmatched(GString *s, const vi_import_options *opt, const vi_registry *reg,
                              const vi_import_part *p)
{
    if (!p->unmatched)
        return;
    char **names = g_strsplit(p->unmatched, ", ", -1);
    /* TRANSLATORS: the separator of a list of names in a summary line. */
    char *list = g_strjoinv(_(", "), names);
    g_string_append_printf(s,
                           NG_("; field %s is not in layer %s: not imported",
                               "; fields %s are not in layer %s: not imported",
                               g_strv_length(names)),
                           list, import_target_name(opt->lang, reg, p->layer));
    g_free(list);
    g_strfreev(names);
}

char *import_summary(const vi_registry *reg, const char *path, const vi_import_options *opt,
                     const vi_import_result *res, gboolean brief)
{
    if (res->already_imported && (!res->parts || res->parts->len <= 1))
        return g_strdup_printf(_("%s: nothing done"), res->previous);
    GString *s = g_string_new(NULL);
    if (res->parts && res->parts->len > 1) {
        /* A line per layer, naming the source layers it was read from. */
        for (guint i = 0; i < res->parts->len; i++) {
            const vi_import_part *p = res->parts->pdata[i];
            if (i)
                g_string_append_c(s, '\n');
            char *shown = g_strdup_printf("%s:%s", path, p->source ? p->source : "");
            if (p->already_imported)
                g_string_append_printf(s, _("'%s': nothing done (%s)"), shown, p->previous);
            else
                summary_line(s, opt, shown, import_target_name(opt->lang, reg, p->layer), p->read,
                             p->written, p->skipped, brief);
            summary_unmatched(s, opt, reg, p);
            g_free(shown);
        }
    } else {
        const char *key = opt->ledger ? VI_LEDGER_TABLE
                          : res->parts && res->parts->len == 1
                              ? ((vi_import_part *)res->parts->pdata[0])->layer
                              : opt->layer;
        summary_line(s, opt, path, import_target_name(opt->lang, reg, key), res->read, res->written,
                     res->skipped, brief);
        if (res->parts && res->parts->len == 1)
            summary_unmatched(s, opt, reg, res->parts->pdata[0]);
    }
    if (res->totals_rows) {
        char **rows = g_strsplit(res->totals_rows, ", ", -1);
        char *list = g_strjoinv(_(", "), rows);
        g_string_append_printf(s,
                               NG_("; row %s is a total, not a project: skipped",
                                   "; rows %s are totals, not projects: skipped",
                                   g_strv_length(rows)),
                               list);
        g_free(list);
        g_strfreev(rows);
    }
    if (res->encoding_read)
        g_string_append(s, _("; text read as GB18030 (GBK) (the file does not say its "
                             "encoding; name another with --encoding)"));
    if (res->crs_note)
        g_string_append_printf(s, _("; %s"), res->crs_note);
    if (res->tracks)
        g_string_append_printf(s,
                               NG_("; GPS track %.0f m as recorded, %.0f m cleaned (%" PRId64
                                   " poor or jumping fixes dropped, %" PRId64 " stops collapsed)",
                                   "; GPS tracks %.0f m as recorded, %.0f m cleaned (%" PRId64
                                   " poor or jumping fixes dropped, %" PRId64 " stops collapsed)",
                                   res->tracks),
                               res->track_raw_m, res->track_clean_m, res->track_dropped,
                               res->track_stops);
    if (res->table_note)
        g_string_append(s, res->table_note);
    if (res->assumed_wgs84)
        g_string_append(s, _("; coordinates read as WGS 84 longitude/latitude (name "
                             "another CRS with --src-crs)"));
    return g_string_free(s, FALSE);
}

void import_result_clear(vi_import_result *res)
{
    if (!res)
        return;
    if (res->warnings)
        g_ptr_array_free(res->warnings, TRUE);
    if (res->parts)
        g_ptr_array_free(res->parts, TRUE);
    g_free(res->previous);
    g_free(res->crs_note);
    g_free(res->totals_rows);
    g_free(res->table_note);
    memset(res, 0, sizeof *res);
}
