/*
 * store-open.c - the store's front door: a database name picks its backend
 * (see store-int.h), and every operation of store.h that touches the
 * database is handed to the backend's methods table.  What stays here
 * needs no engine: argument checks and the names the registry gives the
 * tables (store-log.c has the history's bookkeeping, store-check.c the
 * order of vinfra check's work).
 */
#include "store-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <stdlib.h>
#include <string.h>

/* The backends, asked in order whether a database name is theirs.  The
 * PostGIS backend (postgis/) comes first: its identify() takes
 * "postgresql://" names and libpq's "host=... dbname=...", so that
 * --db postgresql://host/lantian opens a server database.  SpatiaLite takes
 * every other name without a scheme (a file path). */
static const vi_store_backend *const backends[] = {
    &store_postgis_backend,
    &store_spatialite_backend,
};

size_t store_name_scheme(const char *name)
{
    if (!g_ascii_isalpha(name[0]))
        return 0;
    size_t n = 1;
    while (g_ascii_isalnum(name[n]) || name[n] == '+' || name[n] == '-' || name[n] == '.')
        n++;
    return strncmp(name + n, "://", 3) == 0 ? n : 0;
}

/* Names that go into SQL text as table and column names come from the
 * registry, never from data files; still, each must be a plain identifier,
 * so no registry row can turn into SQL. */
gboolean store_is_identifier(const char *s)
{
    if (!s || !(g_ascii_isalpha(*s) || *s == '_'))
        return FALSE;
    for (; *s; s++)
        if (!(g_ascii_isalnum(*s) || *s == '_'))
            return FALSE;
    return TRUE;
}

gboolean store_check_identifiers(const vi_registry *reg, GError **err)
{
    for (int i = 0; reg && i < registry_layer_count(reg); i++) {
        const vi_layer *layer = registry_layer_at(reg, i);
        const char *bad = store_is_identifier(layer->name) ? NULL : layer->name;
        for (int a = 0; !bad && a < layer->nattrs; a++)
            if (!store_is_identifier(layer->attrs[a]->name))
                bad = layer->attrs[a]->name;
        if (bad) {
            if (bad == layer->name)
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("registry: layer name \"%s\" is not an identifier (expected ASCII "
                              "letters, digits and _, not starting with a digit)"),
                            bad);
            else
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("registry: layer \"%s\": attribute name \"%s\" is not an "
                              "identifier (expected ASCII letters, digits and _, not starting "
                              "with a digit)"),
                            layer->name, bad);
            return FALSE;
        }
    }
    return TRUE;
}

/* The backend whose name NAME is; NULL with ERR (saying what it was DOING:
 * "open", "create") when none is. */
static const vi_store_backend *backend_for(const char *name, const char *doing, GError **err)
{
    for (gsize i = 0; i < G_N_ELEMENTS(backends); i++)
        if (backends[i]->identify(name))
            return backends[i];
    size_t scheme = store_name_scheme(name);
    gboolean create = strcmp(doing, "create") == 0;
    if (scheme)
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    create ? _("cannot create database '%s': unknown scheme '%.*s://' (a vinfra "
                               "database is a SpatiaLite file, named by its path, or a "
                               "postgresql:// server database)")
                           : _("cannot open database '%s': unknown scheme '%.*s://' (a vinfra "
                               "database is a SpatiaLite file, named by its path, or a "
                               "postgresql:// server database)"),
                    name, (int)scheme, name);
    else
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    create ? _("cannot create database '%s': no backend reads it")
                           : _("cannot open database '%s': no backend reads it"),
                    name);
    return NULL;
}

vi_store *store_create(const char *name, const vi_registry *reg, GError **err)
{
    const vi_store_backend *backend = backend_for(name, "create", err);
    return backend ? backend->create(name, reg, err) : NULL;
}

vi_store *store_open(const char *name, const vi_registry *reg, gboolean readonly, GError **err)
{
    const vi_store_backend *backend = backend_for(name, "open", err);
    return backend ? backend->open(name, reg, readonly, err) : NULL;
}

gboolean store_check_access(const char *name, gboolean readonly, GError **err)
{
    const vi_store_backend *backend = backend_for(name, "open", err);
    return backend && backend->check_access(name, readonly, err);
}

vi_store *store_clone_reader(vi_store *store, GError **err)
{
    vi_store *clone = store->backend->clone_reader(store, err);
    if (clone)
        clone->as_of = store_as_of_ref(store->as_of);
    return clone;
}

void store_close(vi_store *store)
{
    if (!store)
        return;
    store->backend->close(store);
    store_as_of_unref(store->as_of);
    g_free(store->path);
    g_free(store);
}

const char *store_default_path(const char *cli_path)
{
    if (cli_path && *cli_path)
        return cli_path;
    const char *env = getenv("VINFRA_DB");
    if (env && *env)
        return env;
    return "vinfra.sqlite";
}

char *store_source_name(vi_store *store)
{
    return store->backend->source_name(store);
}

const char *store_path(const vi_store *store)
{
    return store->path;
}

const vi_registry *store_registry(const vi_store *store)
{
    return store->reg;
}

void store_import_info_clear(vi_import_info *info)
{
    if (!info)
        return;
    g_free(info->path);
    g_free(info->layer);
    g_free(info->imported_at);
    memset(info, 0, sizeof *info);
}

/* The operations of the backend, in the order of store.h. */

gboolean store_ensure_layer(vi_store *store, const vi_layer *layer, GError **err)
{
    return store->backend->ensure_layer(store, layer, err);
}

gboolean store_feature_insert(vi_store *store, const vi_layer *layer, const vi_feature *f,
                              gint64 import_id, GError **err)
{
    return store->backend->feature_insert(store, layer, f, import_id, err);
}

gboolean store_feature_exists(vi_store *store, const vi_layer *layer, const char *id,
                              gboolean *exists, GError **err)
{
    return store->backend->feature_exists(store, layer, id, exists, err);
}

gboolean store_feature_scan(vi_store *store, const vi_layer *layer, const char *village,
                            vi_feature_fn fn, void *user, GError **err)
{
    if (store_as_of_active(store, layer))
        return store_as_of_feature_scan(store, layer, village, fn, user, err);
    return store->backend->feature_scan(store, layer, village, fn, user, err);
}

gint64 store_feature_count(vi_store *store, const vi_layer *layer, const char *village,
                           GError **err)
{
    if (store_as_of_active(store, layer))
        return store_as_of_feature_count(store, layer, village, err);
    return store->backend->feature_count(store, layer, village, err);
}

gint64 store_feature_delete_status(vi_store *store, const vi_layer *layer, const char *status,
                                   GError **err)
{
    return store->backend->feature_delete_status(store, layer, status, err);
}

gboolean store_project_insert(vi_store *store, const vi_project *p, gint64 import_id, GError **err)
{
    return store->backend->project_insert(store, p, import_id, err);
}

gboolean store_project_exists(vi_store *store, const char *id, gboolean *exists, GError **err)
{
    return store->backend->project_exists(store, id, exists, err);
}

gboolean store_project_scan(vi_store *store, const char *village, vi_project_fn fn, void *user,
                            GError **err)
{
    if (store_as_of_active(store, NULL))
        return store_as_of_project_scan(store, village, fn, user, err);
    return store->backend->project_scan(store, village, fn, user, err);
}

gboolean store_import_find(vi_store *store, const char *sha256, gboolean *found,
                           vi_import_info *info, GError **err)
{
    return store->backend->import_find(store, sha256, found, info, err);
}

gint64 store_import_record(vi_store *store, const char *path, const char *layer, const char *sha256,
                           gint64 features, GError **err)
{
    return store->backend->import_record(store, path, layer, sha256, features, err);
}

gboolean store_import_set_count(vi_store *store, gint64 import_id, gint64 features, GError **err)
{
    return store->backend->import_set_count(store, import_id, features, err);
}

gboolean store_history_scan(vi_store *store, const char *layer, const char *since, vi_history_fn fn,
                            void *user, GError **err)
{
    return store->backend->history_scan(store, layer, since, fn, user, err);
}

char *store_checksum(vi_store *store, GError **err)
{
    return store->backend->checksum(store, err);
}

gboolean store_feature_update(vi_store *store, const vi_layer *layer, const char *id,
                              const char *const *fields, const char *const *values, int n,
                              GError **err)
{
    /* Only the layer's own fields go into the backend's SQL. */
    static const char *const common[] = {"village", "name", "status", "year",
                                         "project", "geom", NULL};
    for (int i = 0; i < n; i++)
        if (!g_strv_contains(common, fields[i]) && layer_attr_index(layer, fields[i]) < 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("layer \"%s\" has no field \"%s\""),
                        layer->name, fields[i]);
            return FALSE;
        }
    return store->backend->feature_update(store, layer, id, fields, values, n, err);
}

gboolean store_feature_delete(vi_store *store, const vi_layer *layer, const char *id, GError **err)
{
    return store->backend->feature_delete(store, layer, id, err);
}

gboolean store_village_exists(vi_store *store, const char *name, gboolean *exists, GError **err)
{
    return store->backend->village_exists(store, name, exists, err);
}

gboolean store_feature_ids(vi_store *store, const vi_layer *layer, GHashTable *ids, GError **err)
{
    return store->backend->feature_ids(store, layer, ids, err);
}

gboolean store_project_ids(vi_store *store, GHashTable *ids, GError **err)
{
    return store->backend->project_ids(store, ids, err);
}

gboolean store_point_scan(vi_store *store, const vi_layer *layer, const char *const *columns,
                          int part, int nparts, vi_point_fn fn, void *user, GError **err)
{
    g_return_val_if_fail(nparts >= 1 && part >= 0 && part < nparts, FALSE);
    if (store_as_of_active(store, layer))
        return store_as_of_point_scan(store, layer, columns, part, nparts, fn, user, err);
    return store->backend->point_scan(store, layer, columns, part, nparts, fn, user, err);
}

gboolean store_fid_span(vi_store *store, const vi_layer *layer, gint64 *span, GError **err)
{
    return store->backend->fid_span(store, layer, span, err);
}

char *store_data_date(vi_store *store, GError **err)
{
    return store->backend->data_date(store, err);
}

gboolean store_export_record(vi_store *store, const vi_export_record *r, GError **err)
{
    return store->backend->export_record(store, r, err);
}

gboolean store_photo_insert(vi_store *store, const vi_photo *p, gint64 import_id, GError **err)
{
    return store->backend->photo_insert(store, p, import_id, err);
}

gboolean store_photo_find(vi_store *store, const char *sha256, gboolean *found, char **where,
                          GError **err)
{
    return store->backend->photo_find(store, sha256, found, where, err);
}

gboolean store_photo_scan(vi_store *store, const char *village, const char *layer,
                          gboolean with_jpeg, vi_photo_fn fn, void *user, GError **err)
{
    if (store_as_of_active(store, NULL))
        return store_as_of_photo_scan(store, village, layer, with_jpeg, fn, user, err);
    return store->backend->photo_scan(store, village, layer, with_jpeg, fn, user, err);
}

gboolean store_feature_last_change(vi_store *store, const vi_layer *layer, const char *id,
                                   char **user, char **at, GError **err)
{
    *user = *at = NULL;
    return store->backend->feature_last_change(store, layer, id, user, at, err);
}

gboolean store_kv_get(vi_store *store, const char *key, char **value, GError **err)
{
    *value = NULL;
    return store->backend->kv_get(store, key, value, err);
}

gboolean store_kv_set(vi_store *store, const char *key, const char *value, GError **err)
{
    return store->backend->kv_set(store, key, value, err);
}

gboolean store_kv_scan(vi_store *store, const char *prefix, vi_kv_fn fn, void *user, GError **err)
{
    return store->backend->kv_scan(store, prefix, fn, user, err);
}

gboolean store_user_add(vi_store *store, const char *name, const char *role, const char *village,
                        gboolean *created, GError **err)
{
    return store->backend->user_add(store, name, role, village, created, err);
}

gboolean store_user_list(vi_store *store, vi_user_fn fn, void *user, GError **err)
{
    return store->backend->user_list(store, fn, user, err);
}

gboolean store_user_remove(vi_store *store, const char *name, gboolean *dropped, GError **err)
{
    return store->backend->user_remove(store, name, dropped, err);
}

gboolean store_personal_readable(vi_store *store, const vi_layer *layer, GError **err)
{
    return store->backend->personal_readable(store, layer, err);
}
