/*
 * import-photo.c - vinfra import of geotagged photos (photo.h): a point
 * feature per photo at its EXIF GPS position, with the photo stored
 * attached to it.
 *
 * Like the import of a GIS file (import.c), two passes: every photo is
 * read and its feature checked with the same checks (import-fields.c: id,
 * status, year, attributes; import-village.c: the village), nothing
 * written; then everything in one transaction.  A refused photo leaves the
 * database byte-identical.  The feature's id is the file name without its
 * extension (IMG_0412); its name is left empty, as a file name is not an
 * asset's name.
 */
#include "i18n.h"
#include "gdal-guard.h"
#include "import-int.h"
#include "photo.h"
#include "vi-error.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

char *import_photos_label(char *const *args, int n)
{
    return n == 1 ? g_strdup(args[0]) : g_strjoinv(", ", (char **)args);
}

/* A photo read and its feature checked, waiting for the write pass. */
typedef struct {
    vi_photo_file *photo; /* borrowed from the list of photos read */
    char **values;        /* NVALUES texts (owned) */
    int nvalues;
    char *village;
    unsigned char *wkb;
    size_t wkb_size;
} pending_photo;

static void pending_photo_free(gpointer p)
{
    pending_photo *pp = p;
    import_values_free(pp->values, pp->nvalues);
    g_free(pp->village);
    g_free(pp->wkb);
    g_free(pp);
}

/* Whether LON, LAT lies outside the plausible region. */
static gboolean out_of_region(const vi_region *r, double lon, double lat)
{
    return lon < r->min_lon || lon > r->max_lon || lat < r->min_lat || lat > r->max_lat;
}

/* Check the feature photo PF (the INDEX-th) makes; on success it is in PENDING. */
static gboolean check_photo(importer *imp, const source_layer *src, vi_photo_file *pf, gint64 index,
                            GPtrArray *pending, GError **err)
{
    imp->path = pf->path;
    imp->index = imp->item_number = index;
    const vi_photo *p = &pf->p;
    if (out_of_region(imp->region, p->lon, p->lat)) {
        import_set_error(err, VI_ERROR_DATA, pf->path,
                         _("EXIF GPS position %.6f°%c %.6f°%c: expected a position in %s "
                           "(longitude %g to %g, latitude %g to %g)"),
                         fabs(p->lat), p->lat < 0 ? 'S' : 'N', fabs(p->lon), p->lon < 0 ? 'W' : 'E',
                         imp->region->name, imp->region->min_lon, imp->region->max_lon,
                         imp->region->min_lat, imp->region->max_lat);
        return FALSE;
    }
    char **values = g_new0(char *, imp->nfields + 1);
    values[F_ID] = g_strdup(pf->stem);
    char *label = import_item_label("feature", index, values[F_ID]);
    OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(g, 0, p->lon, p->lat);
    char *village = NULL;
    gboolean ok = import_fields_fill(imp, src, values, label, err) &&
                  import_check_text(imp, values, FALSE, label, err) &&
                  import_check_id(imp, values[F_ID], FALSE, label, err) &&
                  import_check_common(imp, values, label, err);
    for (int a = 0; ok && a < imp->layer->nattrs; a++)
        ok = import_check_attr(imp, imp->layer->attrs[a], &values[F_COMMON + a], label, err);
    ok = ok && import_choose_village(imp, NULL, g, label, &village, err);
    if (ok) {
        pending_photo *pp = g_new0(pending_photo, 1);
        pp->photo = pf;
        pp->values = values;
        pp->nvalues = imp->nfields;
        values = NULL;
        pp->village = village;
        village = NULL;
        pp->wkb_size = (size_t)OGR_G_WkbSize(g);
        pp->wkb = g_malloc(pp->wkb_size);
        OGR_G_ExportToIsoWkb(g, wkbNDR, pp->wkb);
        g_ptr_array_add(pending, pp);
    }
    import_values_free(values, imp->nfields);
    g_free(village);
    g_free(label);
    OGR_G_DestroyGeometry(g);
    return ok;
}

/* The SHA-256 of the photos' own SHA-256s in order: the import's source. */
static char *photos_sha256(GPtrArray *photos)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    for (guint i = 0; i < photos->len; i++) {
        const vi_photo_file *pf = photos->pdata[i];
        g_checksum_update(sum, (const guchar *)pf->sha256, 64);
    }
    char *hex = g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    return hex;
}

static gboolean write_photos(importer *imp, const char *label, GPtrArray *pending, GError **err)
{
    const vi_layer *layer = imp->layer;
    GPtrArray *photos = g_ptr_array_new();
    for (guint i = 0; i < pending->len; i++)
        g_ptr_array_add(photos, ((pending_photo *)pending->pdata[i])->photo);
    char *sha256 = photos_sha256(photos);
    g_ptr_array_free(photos, TRUE);
    gint64 n = pending->len, import_id = 0;
    gboolean ok =
        store_begin_bulk(imp->store, err) && store_ensure_layer(imp->store, layer, err) &&
        (import_id = store_import_record(imp->store, label, layer->name, sha256, n, err)) > 0;
    for (gint64 i = 0; ok && i < n; i++) {
        pending_photo *pp = pending->pdata[i];
        gint64 year = 0;
        if (pp->values[F_YEAR])
            import_parse_int(pp->values[F_YEAR], &year);
        vi_feature f = {
            .id = pp->values[F_ID],
            .village = pp->village,
            .name = pp->values[F_NAME],
            .status = pp->values[F_STATUS],
            .year = (int)year,
            .project = pp->values[F_PROJECT],
            .wkb = pp->wkb,
            .wkb_size = pp->wkb_size,
            .attrs = (const char *const *)pp->values + F_COMMON,
        };
        vi_photo p = pp->photo->p;
        p.layer = layer->name;
        p.feature_id = f.id;
        ok = store_feature_insert(imp->store, layer, &f, import_id, err) &&
             store_photo_insert(imp->store, &p, import_id, err);
    }
    char *detail = g_strdup_printf(
        NG_("%" PRId64 " photo: %s", "%" PRId64 " photos: %s", (gulong)n), (gint64)n, label);
    vi_change change = {
        .action = "import", .layer = layer->name, .source_sha256 = sha256, .detail = detail};
    ok = ok && store_history_record(imp->store, &change, err) && store_commit(imp->store, err);
    if (!ok) {
        store_rollback(imp->store);
        g_prefix_error(err, _("cannot import '%s': "), label);
    } else {
        imp->res->written = n;
    }
    g_free(detail);
    g_free(sha256);
    return ok;
}

/* Leave out (listed in the warnings) the photos stored before, so that a
 * folder that grew since its last import can be imported again; refuse a
 * photo given twice, which would make two features of one photo. */
static gboolean skip_stored(vi_store *store, GPtrArray *photos, vi_import_result *res, vi_lang lang,
                            GError **err)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < photos->len; i++) {
        const vi_photo_file *pf = photos->pdata[i];
        const vi_photo_file *twin = g_hash_table_lookup(seen, pf->sha256);
        gboolean found = FALSE;
        char *where = NULL;
        if (twin) {
            import_set_error(err, VI_ERROR_DATA, pf->path, _("it is the same photo as '%s'"),
                             twin->path);
            ok = FALSE;
        } else if (!(ok = store_photo_find(store, pf->sha256, &found, &where, err))) {
            g_prefix_error(err, _("cannot import '%s': "), pf->path);
        } else if (found) {
            import_warn(
                res,
                vi_i18n_in(lang, N_("'%s': this photo is already in the database, as %s: skipped")),
                pf->path, where);
            res->skipped++;
        } else {
            g_hash_table_insert(seen, pf->sha256, (gpointer)pf);
        }
        g_free(where);
        if (ok && found)
            g_ptr_array_remove_index(photos, i--);
    }
    g_hash_table_destroy(seen);
    return ok;
}

static gboolean run_photos(vi_store *store, const char *label, GPtrArray *paths,
                           const vi_import_options *opt, gboolean skip_unlocated,
                           vi_import_result *res, GError **err)
{
    importer *imp = importer_new(store, label, opt, res, NULL);
    const vi_registry *reg = store_registry(store);
    GPtrArray *photos = photo_file_array_new();
    GPtrArray *pending = g_ptr_array_new_with_free_func(pending_photo_free);
    GString *unlocated = g_string_new(NULL);
    int nunlocated = 0;
    gboolean ok = TRUE;
    if (!opt->layer || !(imp->layer = registry_layer(reg, opt->layer))) {
        char *names = registry_layer_names(reg);
        import_set_error(err, VI_ERROR_USAGE, label, _("unknown layer \"%s\" (layers: %s)"),
                         opt->layer ? opt->layer : "", names);
        g_free(names);
        ok = FALSE;
    } else if (imp->layer->geometry != VI_GEOM_POINT) {
        import_set_error(err, VI_ERROR_USAGE, label,
                         _("photos make points, and layer %s holds %s: import them into a point "
                           "layer, or attach them to its features with 'vinfra attach'"),
                         imp->layer->name,
                         imp->layer->geometry == VI_GEOM_LINE ? _("lines") : _("polygons"));
        ok = FALSE;
    }
    /* Photos have no fields but their id: --set gives the others. */
    source_layer src = {0};
    if (ok) {
        imp->nfields = F_COMMON + imp->layer->nattrs;
        imp->is_villages = strcmp(imp->layer->name, VI_LAYER_VILLAGES) == 0;
        ok = import_value_options(imp, &src, err);
    }
    if (ok && opt->village) {
        ok = import_load_villages(imp, err);
        if (ok && !import_village_named(imp, opt->village)) {
            char *names = import_village_names(imp);
            import_set_error(err, VI_ERROR_USAGE, label,
                             _("--village: unknown village \"%s\" (villages: %s)"), opt->village,
                             names[0] ? names : _("none yet"));
            g_free(names);
            ok = FALSE;
        }
    }
    for (guint i = 0; ok && i < paths->len; i++) {
        vi_photo_file *pf = g_new0(vi_photo_file, 1);
        g_ptr_array_add(photos, pf);
        if (!(ok = photo_read(paths->pdata[i], pf, err)))
            g_prefix_error(err, _("cannot import '%s': "), label);
        else if (!pf->p.located)
            g_string_append_printf(unlocated, "%s%s", nunlocated++ ? _(", ") : "", pf->path);
        res->read++;
    }
    if (ok && nunlocated && !skip_unlocated) {
        import_set_error(err, VI_ERROR_DATA, label,
                         NG_("%d photo has no GPS position in its EXIF: %s (leave it out with "
                             "--skip-unlocated)",
                             "%d photos have no GPS position in their EXIF: %s (leave them out "
                             "with --skip-unlocated)",
                             nunlocated),
                         nunlocated, unlocated->str);
        ok = FALSE;
    }
    if (ok && nunlocated) {
        res->skipped = nunlocated;
        import_warn(
            res,
            vi_i18n_in(opt->lang,
                       N_("%d photos without a GPS position skipped (--skip-unlocated): %s")),
            nunlocated, unlocated->str);
    }
    /* Unlocated photos are left out, so they neither need be new nor checked. */
    for (guint i = 0; ok && i < photos->len; i++)
        if (!((vi_photo_file *)photos->pdata[i])->p.located)
            g_ptr_array_remove_index(photos, i--);
    gint64 skipped_before = res->skipped;
    ok = ok && skip_stored(store, photos, res, opt->lang, err) &&
         store_feature_ids(store, imp->layer, imp->store_ids, err);
    if (ok && photos->len == 0 && res->skipped > skipped_before) {
        res->already_imported = TRUE;
        res->previous = g_strdup_printf(
            vi_i18n_in(opt->lang, N_("every photo of '%s' is already in the database")), label);
        goto out;
    }
    for (guint i = 0; ok && i < photos->len; i++)
        ok = check_photo(imp, &src, photos->pdata[i], (gint64)i + 1, pending, err);
    imp->path = label;
    if (ok && pending->len == 0) {
        import_set_error(err, VI_ERROR_DATA, label, _("no photo with a GPS position in it"));
        ok = FALSE;
    }
    if (ok && imp->missing_status)
        import_warn(res,
                    vi_i18n_in(opt->lang, N_("'%s': %" PRId64 " features have no status "
                                             "(counted as unknown)")),
                    label, imp->missing_status);
    if (ok && !opt->dry_run)
        ok = write_photos(imp, label, pending, err);
out:
    g_string_free(unlocated, TRUE);
    g_ptr_array_free(pending, TRUE);
    g_ptr_array_free(photos, TRUE);
    import_values_release(src.values);
    importer_free(imp);
    return ok;
}

gboolean import_photos(vi_store *store, char *const *args, int n, const vi_import_options *opt,
                       gboolean skip_unlocated, vi_import_result *res, GError **err)
{
    memset(res, 0, sizeof *res);
    res->warnings = g_ptr_array_new_with_free_func(g_free);
    char *label = import_photos_label(args, n);
    /* Options for GIS files: said, never ignored. */
    const char *option = opt->ledger          ? "--ledger"
                         : opt->source_layer  ? "--source-layer"
                         : opt->village_field ? "--village-field"
                         : opt->src_crs       ? "--src-crs"
                         : opt->encoding      ? "--encoding"
                         : opt->maps          ? "--map"
                                              : NULL;
    if (option) {
        import_set_error(err, VI_ERROR_USAGE, label,
                         _("%s does not apply to photos (their position is EXIF GPS, WGS 84)"),
                         option);
        g_free(label);
        return FALSE;
    }
    GPtrArray *paths = photo_list_paths(args, n, err);
    gboolean ok = paths != NULL;
    if (!ok)
        g_prefix_error(err, _("cannot import '%s': "), label);
    vi_gdal_guard *guard = ok ? gdal_guard_begin() : NULL;
    ok = ok && run_photos(store, label, paths, opt, skip_unlocated, res, err);
    if (guard)
        gdal_guard_end(guard, res->warnings);
    if (paths)
        g_ptr_array_free(paths, TRUE);
    g_free(label);
    return ok;
}
