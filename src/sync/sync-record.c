/*
 * sync-record.c - a feature as a record of fields (sync-int.h): made from
 * a feature read from either store, turned back into a feature to write,
 * compared field by field, and printed for the copy's base.
 */
#include "sync-int.h"
#include "hex.h"
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

static const char *const common_fields[] = {"village", "name", "status", "year", "project"};

GPtrArray *sync_fields(const vi_layer *layer)
{
    GPtrArray *fields = g_ptr_array_new();
    for (size_t i = 0; i < G_N_ELEMENTS(common_fields); i++)
        g_ptr_array_add(fields, (char *)common_fields[i]);
    for (int i = 0; i < layer->nattrs; i++)
        g_ptr_array_add(fields, layer->attrs[i]->name);
    g_ptr_array_add(fields, "geom");
    return fields;
}

static sync_record *record_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

void sync_record_free(sync_record *r)
{
    if (r)
        g_hash_table_destroy(r);
}

void sync_record_set(sync_record *r, const char *field, const char *value)
{
    g_hash_table_insert(r, g_strdup(field), g_strdup(value));
}

const char *sync_record_get(sync_record *r, const char *field)
{
    return r ? g_hash_table_lookup(r, field) : NULL;
}

/* A number in one text form, whichever store printed it ("1" and "1.0"
 * are the same real). */
static char *canonical(int type, const char *v)
{
    if (!v)
        return NULL;
    if (type == VI_ATTR_INTEGER)
        return g_strdup_printf("%" G_GINT64_FORMAT, g_ascii_strtoll(v, NULL, 10));
    if (type == VI_ATTR_REAL) {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup(g_ascii_dtostr(buf, sizeof buf, g_ascii_strtod(v, NULL)));
    }
    return g_strdup(v);
}

sync_record *sync_record_from_feature(const vi_layer *layer, const vi_feature *f)
{
    sync_record *r = record_new();
    sync_record_set(r, "village", f->village);
    sync_record_set(r, "name", f->name);
    sync_record_set(r, "status", f->status);
    g_hash_table_insert(r, g_strdup("year"), f->year ? g_strdup_printf("%d", f->year) : NULL);
    sync_record_set(r, "project", f->project);
    for (int i = 0; i < layer->nattrs; i++)
        g_hash_table_insert(r, g_strdup(layer->attrs[i]->name),
                            canonical(layer->attrs[i]->type, f->attrs ? f->attrs[i] : NULL));
    g_hash_table_insert(r, g_strdup("geom"), f->wkb ? vi_hex_encode(f->wkb, f->wkb_size) : NULL);
    return r;
}

void sync_record_to_feature(const vi_layer *layer, const char *id, sync_record *r, vi_feature *f,
                            sync_feature_buffers *owned)
{
    memset(f, 0, sizeof *f);
    memset(owned, 0, sizeof *owned);
    f->id = id;
    f->village = sync_record_get(r, "village");
    f->name = sync_record_get(r, "name");
    f->status = sync_record_get(r, "status");
    const char *year = sync_record_get(r, "year");
    f->year = year ? (int)g_ascii_strtoll(year, NULL, 10) : 0;
    f->project = sync_record_get(r, "project");
    const char *geom = sync_record_get(r, "geom");
    gsize n = 0;
    owned->wkb = geom ? vi_hex_decode(geom, &n) : NULL;
    f->wkb = owned->wkb;
    f->wkb_size = owned->wkb ? n : 0;
    owned->attrs = g_new0(const char *, layer->nattrs + 1);
    for (int i = 0; i < layer->nattrs; i++)
        owned->attrs[i] = sync_record_get(r, layer->attrs[i]->name);
    f->attrs = owned->attrs;
}

void sync_feature_buffers_clear(sync_feature_buffers *b)
{
    g_free(b->wkb);
    g_free(b->attrs);
    memset(b, 0, sizeof *b);
}

gboolean sync_field_equal(sync_record *a, sync_record *b, const char *field)
{
    return g_strcmp0(sync_record_get(a, field), sync_record_get(b, field)) == 0;
}

gboolean sync_record_equal(const vi_layer *layer, sync_record *a, sync_record *b)
{
    if (!a || !b)
        return a == b;
    GPtrArray *fields = sync_fields(layer);
    gboolean same = TRUE;
    for (guint i = 0; same && i < fields->len; i++)
        same = sync_field_equal(a, b, fields->pdata[i]);
    g_ptr_array_free(fields, TRUE);
    return same;
}

sync_record *sync_record_copy(sync_record *r)
{
    if (!r)
        return NULL;
    sync_record *c = record_new();
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, r);
    while (g_hash_table_iter_next(&it, &k, &v))
        sync_record_set(c, k, v);
    return c;
}

char *sync_record_print(sync_record *r)
{
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE("a{sms}"));
    GList *keys = g_list_sort(g_hash_table_get_keys(r), (GCompareFunc)strcmp);
    for (GList *k = keys; k; k = k->next)
        g_variant_builder_add(&b, "{sms}", (const char *)k->data,
                              (const char *)g_hash_table_lookup(r, k->data));
    g_list_free(keys);
    GVariant *v = g_variant_ref_sink(g_variant_builder_end(&b));
    char *text = g_variant_print(v, FALSE);
    g_variant_unref(v);
    return text;
}

sync_record *sync_record_parse(const char *text)
{
    GVariant *v = g_variant_parse(G_VARIANT_TYPE("a{sms}"), text, NULL, NULL, NULL);
    if (!v)
        return NULL;
    sync_record *r = record_new();
    GVariantIter it;
    const char *k, *val;
    g_variant_iter_init(&it, v);
    while (g_variant_iter_next(&it, "{&sm&s}", &k, &val))
        sync_record_set(r, k, val);
    g_variant_unref(v);
    return r;
}

GHashTable *sync_map_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)sync_record_free);
}

char *sync_key(const char *layer, const char *id)
{
    return g_strconcat(layer, "\t", id, NULL);
}

void sync_key_split(const char *key, char ***parts)
{
    *parts = g_strsplit(key, "\t", 2);
}

gboolean sync_layer_synced(const vi_layer *layer)
{
    return strcmp(layer->name, VI_LAYER_VILLAGES) != 0;
}

typedef struct {
    const vi_layer *layer;
    GHashTable *map;
} snapshot_scan;

static gboolean snapshot_row(const vi_feature *f, void *user, GError **err)
{
    (void)err;
    snapshot_scan *s = user;
    g_hash_table_insert(s->map, sync_key(s->layer->name, f->id),
                        sync_record_from_feature(s->layer, f));
    return TRUE;
}

GHashTable *sync_snapshot(vi_store *store, const char *village, GError **err)
{
    const vi_registry *reg = store_registry(store);
    GHashTable *map = sync_map_new();
    for (int i = 0; i < registry_layer_count(reg); i++) {
        const vi_layer *layer = registry_layer_at(reg, i);
        if (!sync_layer_synced(layer))
            continue;
        snapshot_scan s = {layer, map};
        if (!store_feature_scan(store, layer, village, snapshot_row, &s, err)) {
            g_hash_table_destroy(map);
            return NULL;
        }
    }
    return map;
}

static gboolean base_row(const char *key, const char *value, void *user, GError **err)
{
    sync_record *r = sync_record_parse(value);
    if (!r) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("the copy's base is damaged at \"%s\": check the copy out again"),
                    key + strlen(SYNC_KV_BASE));
        return FALSE;
    }
    g_hash_table_insert(user, g_strdup(key + strlen(SYNC_KV_BASE)), r);
    return TRUE;
}

GHashTable *sync_base_read(vi_store *copy, GError **err)
{
    GHashTable *map = sync_map_new();
    if (!store_kv_scan(copy, SYNC_KV_BASE, base_row, map, err)) {
        g_hash_table_destroy(map);
        return NULL;
    }
    return map;
}
