/*
 * sync-merge.c - the three-way merge of an offline copy (sync.h): for each
 * feature, its base (as the copy and the server last agreed), ours (the
 * copy now) and theirs (the server now), field by field.  A field changed
 * on one side only goes to the other; one changed alike on both is
 * settled; one changed differently is a conflict, as is an edit against a
 * delete.  The result says what a push sends, what a pull applies, and
 * what the base becomes after each.
 */
#include "sync-int.h"

#include <string.h>

void sync_item_free(sync_item *it)
{
    if (!it)
        return;
    g_free(it->layer);
    g_free(it->id);
    g_ptr_array_free(it->server_fields, TRUE);
    g_ptr_array_free(it->copy_fields, TRUE);
    g_ptr_array_free(it->conflicts, TRUE);
    sync_record_free(it->new_base_if_pushed);
    sync_record_free(it->new_base_if_pulled);
    g_free(it);
}

static sync_item *item_new(const char *key, sync_record *b, sync_record *o, sync_record *t)
{
    sync_item *it = g_new0(sync_item, 1);
    char **parts;
    sync_key_split(key, &parts);
    it->layer = g_strdup(parts[0]);
    it->id = g_strdup(parts[1] ? parts[1] : "");
    g_strfreev(parts);
    it->base = b;
    it->ours = o;
    it->theirs = t;
    it->server_fields = g_ptr_array_new_with_free_func(g_free);
    it->copy_fields = g_ptr_array_new_with_free_func(g_free);
    it->conflicts = g_ptr_array_new_with_free_func(g_free);
    return it;
}

/* Both sides changed a feature both still have: field by field. */
static void merge_fields(const vi_layer *layer, sync_item *it)
{
    sync_record *b = it->base, *o = it->ours, *t = it->theirs;
    sync_record *pushed = b ? sync_record_copy(b) : sync_record_copy(t);
    sync_record *pulled = b ? sync_record_copy(b) : sync_record_copy(o);
    GPtrArray *fields = sync_fields(layer);
    for (guint i = 0; i < fields->len; i++) {
        const char *f = fields->pdata[i];
        gboolean ours_same = sync_field_equal(o, b, f), theirs_same = sync_field_equal(t, b, f);
        if (b == NULL) {
            /* Both inserted the same id: there is no base to tell who changed. */
            ours_same = theirs_same = FALSE;
        }
        if (sync_field_equal(o, t, f)) {
            sync_record_set(pushed, f, sync_record_get(o, f));
            sync_record_set(pulled, f, sync_record_get(o, f));
        } else if (ours_same) {
            g_ptr_array_add(it->copy_fields, g_strdup(f));
            sync_record_set(pulled, f, sync_record_get(t, f));
        } else if (theirs_same) {
            g_ptr_array_add(it->server_fields, g_strdup(f));
            sync_record_set(pushed, f, sync_record_get(o, f));
        } else {
            g_ptr_array_add(it->conflicts, g_strdup(f));
        }
    }
    g_ptr_array_free(fields, TRUE);
    it->to_server = it->server_fields->len ? SYNC_UPDATE : SYNC_NONE;
    it->to_copy = it->copy_fields->len ? SYNC_UPDATE : SYNC_NONE;
    it->new_base_if_pushed = pushed;
    it->new_base_if_pulled = pulled;
}

static sync_item *merge_one(const vi_layer *layer, const char *key, sync_record *b, sync_record *o,
                            sync_record *t)
{
    gboolean ours = !sync_record_equal(layer, o, b), theirs = !sync_record_equal(layer, t, b);
    if (!ours && !theirs)
        return NULL;
    sync_item *it = item_new(key, b, o, t);
    if (ours && !theirs) {
        it->to_server = !o ? SYNC_DELETE : !t ? SYNC_INSERT : SYNC_UPDATE;
        if (it->to_server == SYNC_UPDATE) {
            GPtrArray *fields = sync_fields(layer);
            for (guint i = 0; i < fields->len; i++)
                if (!sync_field_equal(o, b, fields->pdata[i]))
                    g_ptr_array_add(it->server_fields, g_strdup(fields->pdata[i]));
            g_ptr_array_free(fields, TRUE);
        }
        it->new_base_if_pushed = sync_record_copy(o);
        it->new_base_if_pulled = sync_record_copy(b);
    } else if (theirs && !ours) {
        it->to_copy = !t ? SYNC_DELETE : !o ? SYNC_INSERT : SYNC_UPDATE;
        if (it->to_copy == SYNC_UPDATE) {
            GPtrArray *fields = sync_fields(layer);
            for (guint i = 0; i < fields->len; i++)
                if (!sync_field_equal(t, b, fields->pdata[i]))
                    g_ptr_array_add(it->copy_fields, g_strdup(fields->pdata[i]));
            g_ptr_array_free(fields, TRUE);
        }
        it->new_base_if_pushed = sync_record_copy(b);
        it->new_base_if_pulled = sync_record_copy(t);
    } else if (!o && !t) {
        /* Deleted on both sides. */
        it->new_base_if_pushed = it->new_base_if_pulled = NULL;
    } else if (!o || !t) {
        /* An edit against a delete. */
        g_ptr_array_add(it->conflicts, g_strdup(""));
        it->new_base_if_pushed = sync_record_copy(b);
        it->new_base_if_pulled = sync_record_copy(b);
    } else {
        merge_fields(layer, it);
    }
    return it;
}

static void add_keys(GHashTable *keys, GHashTable *map)
{
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, map);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_hash_table_add(keys, k);
}

GPtrArray *sync_merge(const vi_registry *reg, GHashTable *base, GHashTable *ours,
                      GHashTable *theirs)
{
    GHashTable *keys = g_hash_table_new(g_str_hash, g_str_equal);
    add_keys(keys, base);
    add_keys(keys, ours);
    add_keys(keys, theirs);
    GList *sorted = g_list_sort(g_hash_table_get_keys(keys), (GCompareFunc)strcmp);
    GPtrArray *items = g_ptr_array_new_with_free_func((GDestroyNotify)sync_item_free);
    for (GList *k = sorted; k; k = k->next) {
        char **parts;
        sync_key_split(k->data, &parts);
        const vi_layer *layer = registry_layer(reg, parts[0]);
        g_strfreev(parts);
        if (!layer)
            continue;
        sync_item *it =
            merge_one(layer, k->data, g_hash_table_lookup(base, k->data),
                      g_hash_table_lookup(ours, k->data), g_hash_table_lookup(theirs, k->data));
        if (it)
            g_ptr_array_add(items, it);
    }
    g_list_free(sorted);
    g_hash_table_destroy(keys);
    return items;
}
