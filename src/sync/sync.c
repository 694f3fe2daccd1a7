/*
 * sync.c - checkout, push, pull, conflicts and resolve of offline village
 * copies (sync.h has the model; sync-merge.c the merge).  Every write is
 * one transaction of one store: the copy's bookkeeping (its base, the
 * pending push, the conflicts) changes in the same transaction as its
 * features, so a copy is always consistent with what it says it sent.
 */
#include "sync-int.h"
#include "feature-check.h"
#include "i18n.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void sync_result_clear(sync_result *r)
{
    g_free(r->push_id);
    memset(r, 0, sizeof *r);
}

static char *utc_now(void)
{
    GDateTime *now = g_date_time_new_now_utc();
    char *s = g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(now);
    return s;
}

static gboolean last_history_row(const vi_history_entry *h, void *user, GError **err)
{
    (void)err;
    *(gint64 *)user = h->id;
    return TRUE;
}

/* The server's position: the id of its last change. */
static gboolean server_position(vi_store *server, gint64 *pos, GError **err)
{
    *pos = 0;
    return store_history_scan(server, NULL, NULL, last_history_row, pos, err);
}

static gboolean kv_set_int(vi_store *store, const char *key, gint64 v, GError **err)
{
    char text[32];
    g_snprintf(text, sizeof text, "%" G_GINT64_FORMAT, v);
    return store_kv_set(store, key, text, err);
}

static char *base_key(const char *layer, const char *id)
{
    return g_strconcat(SYNC_KV_BASE, layer, "\t", id, NULL);
}

static gboolean base_write(vi_store *copy, const char *layer, const char *id, sync_record *r,
                           GError **err)
{
    char *key = base_key(layer, id);
    char *text = r ? sync_record_print(r) : NULL;
    gboolean ok = store_kv_set(copy, key, text, err);
    g_free(text);
    g_free(key);
    return ok;
}

/* Write feature ID of LAYER into STORE as record R says: inserted,
 * FIELDS changed, or deleted. */
static gboolean apply(vi_store *store, const vi_layer *layer, const char *id, sync_op_kind kind,
                      GPtrArray *fields, sync_record *r, GError **err)
{
    if (kind == SYNC_NONE)
        return TRUE;
    if (kind == SYNC_DELETE)
        return store_feature_delete(store, layer, id, err);
    if (kind == SYNC_INSERT) {
        vi_feature f;
        sync_feature_buffers owned;
        sync_record_to_feature(layer, id, r, &f, &owned);
        gboolean ok = feature_check(layer, &f, err) && store_ensure_layer(store, layer, err) &&
                      store_feature_insert(store, layer, &f, 0, err);
        sync_feature_buffers_clear(&owned);
        return ok;
    }
    const char **values = g_new0(const char *, fields->len + 1);
    for (guint i = 0; i < fields->len; i++)
        values[i] = sync_record_get(r, fields->pdata[i]);
    gboolean ok = store_feature_update(store, layer, id, (const char *const *)fields->pdata, values,
                                       (int)fields->len, err);
    g_free(values);
    return ok;
}

typedef struct {
    vi_store *copy;
    const vi_layer *layer;
    GHashTable *have; /* ids the copy has; NULL: none */
} feature_copy;

static gboolean copy_feature(const vi_feature *f, void *user, GError **err)
{
    feature_copy *c = user;
    return (c->have && g_hash_table_contains(c->have, f->id)) ||
           store_feature_insert(c->copy, c->layer, f, 0, err);
}

static gboolean copy_project(const vi_project *p, void *user, GError **err)
{
    gboolean exists = FALSE;
    return store_project_exists(user, p->id, &exists, err) &&
           (exists || store_project_insert(user, p, 0, err));
}

/* The villages and the ledger's projects of SERVER that COPY lacks: the
 * references its features need. */
static gboolean copy_references(vi_store *server, vi_store *copy, GError **err)
{
    const vi_layer *villages = registry_layer(store_registry(copy), VI_LAYER_VILLAGES);
    feature_copy c = {copy, villages, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
    gboolean ok = !villages || (store_feature_ids(copy, villages, c.have, err) &&
                                store_feature_scan(server, villages, NULL, copy_feature, &c, err));
    g_hash_table_destroy(c.have);
    return ok && store_project_scan(server, NULL, copy_project, copy, err);
}

/* Remove the files of a copy that is not whole. */
static void remove_copy(const char *out)
{
    char *aux[] = {g_strdup(out), g_strconcat(out, "-wal", NULL), g_strconcat(out, "-shm", NULL)};
    for (size_t i = 0; i < G_N_ELEMENTS(aux); i++) {
        remove(aux[i]);
        g_free(aux[i]);
    }
}

typedef struct {
    vi_store *copy;
    const vi_layer *layer;
    gint64 n;
} checkout_copy;

static gboolean checkout_feature(const vi_feature *f, void *user, GError **err)
{
    checkout_copy *c = user;
    sync_record *r = sync_record_from_feature(c->layer, f);
    gboolean ok = store_feature_insert(c->copy, c->layer, f, 0, err) &&
                  base_write(c->copy, c->layer->name, f->id, r, err);
    sync_record_free(r);
    c->n++;
    return ok;
}

gboolean sync_checkout(vi_store *server, const char *server_name, const char *village,
                       const char *out, gint64 *features, GError **err)
{
    *features = 0;
    gboolean exists = FALSE;
    if (!store_village_exists(server, village, &exists, err))
        return FALSE;
    if (!exists) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("'%s' has no village \"%s\" (see 'vinfra stats' for the villages)"),
                    server_name, village);
        return FALSE;
    }
    const vi_registry *reg = store_registry(server);
    gint64 pos = 0;
    if (!server_position(server, &pos, err))
        return FALSE;
    vi_store *copy = store_create(out, reg, err);
    if (!copy)
        return FALSE;
    char *now = utc_now();
    gboolean ok = store_begin_bulk(copy, err) && copy_references(server, copy, err);
    /* The village's features in the server's order, each with its base. */
    for (int i = 0; ok && i < registry_layer_count(reg); i++) {
        const vi_layer *layer = registry_layer_at(reg, i);
        checkout_copy c = {copy, layer, 0};
        ok = !sync_layer_synced(layer) ||
             store_feature_scan(server, layer, village, checkout_feature, &c, err);
        *features += c.n;
    }
    char *detail =
        g_strdup_printf(_("%s from '%s' at its change %" PRId64), village, server_name, pos);
    ok = ok && store_kv_set(copy, SYNC_KV_SERVER, server_name, err) &&
         store_kv_set(copy, SYNC_KV_VILLAGE, village, err) &&
         kv_set_int(copy, SYNC_KV_POSITION, pos, err) &&
         store_kv_set(copy, SYNC_KV_SYNCED_AT, now, err) &&
         store_history_record(copy, &(vi_change){.action = "checkout", .detail = detail}, err) &&
         store_commit(copy, err);
    g_free(detail);
    g_free(now);
    if (!ok)
        store_rollback(copy);
    store_close(copy);
    if (!ok)
        remove_copy(out);
    return ok;
}

char *sync_server_of(vi_store *copy, GError **err)
{
    char *server = NULL;
    if (!store_kv_get(copy, SYNC_KV_SERVER, &server, err))
        return NULL;
    if (!server)
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("'%s' is not a village copy: make one with 'vinfra checkout --db SERVER "
                      "--village NAME --out FILE'"),
                    store_path(copy));
    return server;
}

/* The village COPY holds. */
static char *copy_village(vi_store *copy, GError **err)
{
    char *village = NULL;
    if (!store_kv_get(copy, SYNC_KV_VILLAGE, &village, err))
        return NULL;
    if (!village)
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("'%s' is not a village copy: make one with 'vinfra checkout --db SERVER "
                      "--village NAME --out FILE'"),
                    store_path(copy));
    return village;
}

static gboolean count_row(const char *key, const char *value, void *user, GError **err)
{
    (void)key;
    (void)value;
    (void)err;
    (*(gint64 *)user)++;
    return TRUE;
}

static gboolean open_conflicts(vi_store *copy, gint64 *n, GError **err)
{
    *n = 0;
    return store_kv_scan(copy, SYNC_KV_CONFLICT, count_row, n, err);
}

/* The three maps of a merge and its items. */
typedef struct {
    GHashTable *base, *ours, *theirs;
    GPtrArray *items;
} merge_state;

static void merge_state_clear(merge_state *m)
{
    g_clear_pointer(&m->base, g_hash_table_destroy);
    g_clear_pointer(&m->ours, g_hash_table_destroy);
    g_clear_pointer(&m->theirs, g_hash_table_destroy);
    g_clear_pointer(&m->items, g_ptr_array_unref);
}

/* Ours is the whole copy (a feature moved to another village stays ours
 * to push); theirs the server's features of the village. */
static gboolean merge_read(vi_store *copy, vi_store *server, const char *village, merge_state *m,
                           GError **err)
{
    memset(m, 0, sizeof *m);
    m->base = sync_base_read(copy, err);
    m->ours = m->base ? sync_snapshot(copy, NULL, err) : NULL;
    m->theirs = m->ours ? sync_snapshot(server, village, err) : NULL;
    if (!m->theirs) {
        merge_state_clear(m);
        return FALSE;
    }
    m->items = sync_merge(store_registry(copy), m->base, m->ours, m->theirs);
    return TRUE;
}

static char *conflict_key(const char *layer, const char *id, const char *field)
{
    return g_strconcat(SYNC_KV_CONFLICT, layer, "\t", id, "\t", field, NULL);
}

/* Record the conflicts of item IT in COPY, with who changed each side
 * last and when. */
static gboolean record_conflicts(vi_store *copy, vi_store *server, sync_item *it, GError **err)
{
    const vi_layer *layer = registry_layer(store_registry(copy), it->layer);
    char *ours_by = NULL, *ours_at = NULL, *theirs_by = NULL, *theirs_at = NULL;
    gboolean ok = store_feature_last_change(copy, layer, it->id, &ours_by, &ours_at, err) &&
                  store_feature_last_change(server, layer, it->id, &theirs_by, &theirs_at, err);
    for (guint i = 0; ok && i < it->conflicts->len; i++) {
        const char *field = it->conflicts->pdata[i];
        sync_record *c = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        if (*field) {
            sync_record_set(c, "base", sync_record_get(it->base, field));
            sync_record_set(c, "ours", sync_record_get(it->ours, field));
            sync_record_set(c, "theirs", sync_record_get(it->theirs, field));
        } else {
            /* An edit against a delete: the sides as states, and theirs whole. */
            sync_record_set(c, "ours", it->ours ? "edited" : "deleted");
            sync_record_set(c, "theirs", it->theirs ? "edited" : "deleted");
            char *theirs = it->theirs ? sync_record_print(it->theirs) : NULL;
            sync_record_set(c, "theirs_record", theirs);
            g_free(theirs);
        }
        sync_record_set(c, "ours_by", ours_by);
        sync_record_set(c, "ours_at", ours_at);
        sync_record_set(c, "theirs_by", theirs_by);
        sync_record_set(c, "theirs_at", theirs_at);
        char *key = conflict_key(it->layer, it->id, field), *text = sync_record_print(c);
        ok = store_kv_set(copy, key, text, err);
        g_free(key);
        g_free(text);
        sync_record_free(c);
    }
    g_free(ours_by);
    g_free(ours_at);
    g_free(theirs_by);
    g_free(theirs_at);
    return ok;
}

/* The pending push's bases: key -> printed base or nothing (deleted). */
static char *pending_print(GPtrArray *items)
{
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE("a{sms}"));
    for (guint i = 0; i < items->len; i++) {
        sync_item *it = items->pdata[i];
        if (it->to_server == SYNC_NONE)
            continue;
        char *key = sync_key(it->layer, it->id);
        char *base = it->new_base_if_pushed ? sync_record_print(it->new_base_if_pushed) : NULL;
        g_variant_builder_add(&b, "{sms}", key, base);
        g_free(key);
        g_free(base);
    }
    GVariant *v = g_variant_ref_sink(g_variant_builder_end(&b));
    char *text = g_variant_print(v, FALSE);
    g_variant_unref(v);
    return text;
}

/* The push is done: the bases it sent become the copy's, and it is no
 * longer pending. */
static gboolean pending_finish(vi_store *copy, const char *ops, GError **err)
{
    GVariant *v = g_variant_parse(G_VARIANT_TYPE("a{sms}"), ops, NULL, NULL, NULL);
    if (!v) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("the copy's pending push in '%s' is damaged: check the copy out again"),
                    store_path(copy));
        return FALSE;
    }
    gboolean ok = store_begin(copy, err);
    GVariantIter iter;
    const char *key, *base;
    g_variant_iter_init(&iter, v);
    while (ok && g_variant_iter_next(&iter, "{&sm&s}", &key, &base)) {
        char *kv = g_strconcat(SYNC_KV_BASE, key, NULL);
        ok = store_kv_set(copy, kv, base, err);
        g_free(kv);
    }
    g_variant_unref(v);
    char *now = utc_now();
    ok = ok && store_kv_set(copy, SYNC_KV_PENDING, NULL, err) &&
         store_kv_set(copy, SYNC_KV_PENDING_OPS, NULL, err) &&
         store_kv_set(copy, SYNC_KV_SYNCED_AT, now, err) && store_commit(copy, err);
    g_free(now);
    if (!ok)
        store_rollback(copy);
    return ok;
}

/* A push's result as the server keeps it, and back. */
static char *result_print(const sync_result *r)
{
    return g_strdup_printf("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                           " %" G_GINT64_FORMAT,
                           r->inserted, r->updated, r->deleted, r->server_change);
}

static void result_parse(const char *text, sync_result *r)
{
    sscanf(text, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
           &r->inserted, &r->updated, &r->deleted, &r->server_change);
}

/* An earlier push cut before its answer: whether the server has it. */
static gboolean settle_pending(vi_store *copy, vi_store *server, sync_result *res,
                               gboolean *replayed, GError **err)
{
    char *id = NULL, *ops = NULL, *stored = NULL;
    *replayed = FALSE;
    gboolean ok = store_kv_get(copy, SYNC_KV_PENDING, &id, err) &&
                  store_kv_get(copy, SYNC_KV_PENDING_OPS, &ops, err);
    if (ok && id) {
        char *key = g_strconcat(SYNC_KV_PUSH, id, NULL);
        ok = store_kv_get(server, key, &stored, err);
        g_free(key);
    }
    if (ok && id && stored) {
        /* It landed: never again; take its result. */
        ok = pending_finish(copy, ops ? ops : "{}", err);
        result_parse(stored, res);
        res->replayed = TRUE;
        res->push_id = g_strdup(id);
        *replayed = ok;
    }
    g_free(id);
    g_free(ops);
    g_free(stored);
    return ok;
}

/* The edits made in the copy since it last agreed with the server: the
 * first and last time, for the server's history. */
typedef struct {
    const char *since;
    char *first, *last;
} edit_span;

static gboolean span_row(const vi_history_entry *h, void *user, GError **err)
{
    (void)err;
    edit_span *s = user;
    static const char *const ours[] = {"import", "ledger", "plan",    "edit", "delete",
                                       "undo",   "attach", "resolve", NULL};
    if (!g_strv_contains(ours, h->action) || (s->since && strcmp(h->at, s->since) < 0))
        return TRUE;
    if (!s->first)
        s->first = g_strdup(h->at);
    g_free(s->last);
    s->last = g_strdup(h->at);
    return TRUE;
}

/* A change in effect to what a copy holds as the server's reference (the
 * villages layer, the ledger): push does not send it, so it refuses to go
 * while one stands, rather than leave it behind unsaid. */
typedef struct {
    gint64 id;
    char *action, *layer;
} reference_change;

static gboolean reference_row(const vi_history_entry *h, void *user, GError **err)
{
    (void)err;
    reference_change *r = user;
    static const char *const writes[] = {"import", "ledger", "edit", "delete",
                                         "attach", "plan",   NULL};
    if (r->id || h->undone_by || !h->layer || !g_strv_contains(writes, h->action))
        return TRUE;
    char **layers = g_strsplit(h->layer, ",", -1);
    for (char **l = layers; *l && !r->id; l++)
        if (strcmp(*l, VI_LAYER_VILLAGES) == 0 || strcmp(*l, "projects") == 0) {
            r->id = h->id;
            r->action = g_strdup(h->action);
            r->layer = g_strdup(*l);
        }
    g_strfreev(layers);
    return TRUE;
}

static gboolean check_reference_changes(vi_store *copy, GError **err)
{
    reference_change r = {0};
    if (!store_history_scan(copy, NULL, NULL, reference_row, &r, err))
        return FALSE;
    if (r.id)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot push '%s': change %" PRId64 " (%s) changed the %s layer, which a "
                      "copy holds as the server's reference and does not send: undo it ('vinfra "
                      "undo --change %" PRId64 "') and ask the office to make the change"),
                    store_path(copy), r.id, store_action_name(r.action), r.layer, r.id);
    g_free(r.action);
    g_free(r.layer);
    return r.id == 0;
}

static void conflicts_error(vi_store *copy, gint64 open, GError **err)
{
    g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                NG_("cannot push '%s': %" PRId64
                    " conflict with the server is open (see 'vinfra conflicts', settle it "
                    "with 'vinfra resolve')",
                    "cannot push '%s': %" PRId64
                    " conflicts with the server are open (see 'vinfra conflicts', settle them "
                    "with 'vinfra resolve')",
                    (gulong)open),
                store_path(copy), open);
}

/* The conflicts of M: recorded in COPY, and the push refused. */
static gboolean refuse_conflicts(vi_store *copy, vi_store *server, merge_state *m, sync_result *res,
                                 GError **err)
{
    gboolean ok = store_begin(copy, err);
    for (guint i = 0; ok && i < m->items->len; i++)
        ok = record_conflicts(copy, server, m->items->pdata[i], err);
    ok = ok && store_commit(copy, err) && open_conflicts(copy, &res->conflicts, err);
    if (!ok) {
        store_rollback(copy);
        return FALSE;
    }
    conflicts_error(copy, res->conflicts, err);
    return FALSE;
}

/* The server's history says what the push brought and when it was edited
 * offline (owned). */
static char *push_detail(vi_store *copy, const char *village, gint64 n, const char *id,
                         GError **err)
{
    char *synced_at = NULL;
    edit_span span = {0};
    if (!store_kv_get(copy, SYNC_KV_SYNCED_AT, &synced_at, err))
        return NULL;
    span.since = synced_at;
    if (!store_history_scan(copy, NULL, NULL, span_row, &span, err)) {
        g_free(synced_at);
        return NULL;
    }
    char *detail =
        span.first ? g_strdup_printf(NG_("%s: %" PRId64 " feature, edited offline from %s to %s, "
                                         "push %s",
                                         "%s: %" PRId64 " features, edited offline from %s to %s, "
                                         "push %s",
                                         (gulong)n),
                                     village, n, span.first, span.last, id)
                   : g_strdup_printf(NG_("%s: %" PRId64 " feature, push %s",
                                         "%s: %" PRId64 " features, push %s", (gulong)n),
                                     village, n, id);
    g_free(span.first);
    g_free(span.last);
    g_free(synced_at);
    return detail;
}

/* Send the items of M in the server transaction already open, under
 * push id ID, as one change of the server's history. */
static gboolean push_send(vi_store *copy, vi_store *server, const char *village, merge_state *m,
                          const char *id, sync_result *res, GError **err)
{
    const vi_registry *reg = store_registry(copy);
    gboolean ok = TRUE;
    GString *layers = g_string_new(NULL);
    for (guint i = 0; ok && i < m->items->len; i++) {
        sync_item *it = m->items->pdata[i];
        if (it->to_server == SYNC_NONE)
            continue;
        const vi_layer *layer = registry_layer(reg, it->layer);
        ok = apply(server, layer, it->id, it->to_server, it->server_fields, it->ours, err);
        if (!ok)
            g_prefix_error(err, _("%s feature \"%s\": "), it->layer, it->id);
        res->inserted += it->to_server == SYNC_INSERT;
        res->updated += it->to_server == SYNC_UPDATE;
        res->deleted += it->to_server == SYNC_DELETE;
        if (!strstr(layers->str, it->layer))
            g_string_append_printf(layers, "%s%s", layers->len ? "," : "", it->layer);
    }
    char *detail =
        ok ? push_detail(copy, village, res->inserted + res->updated + res->deleted, id, err)
           : NULL;
    res->server_change = store_change_id(server);
    char *result = result_print(res), *push_key = g_strconcat(SYNC_KV_PUSH, id, NULL);
    ok = ok && detail && store_kv_set(server, push_key, result, err) &&
         store_history_record(server,
                              &(vi_change){.action = "push",
                                           .layer = layers->len ? layers->str : NULL,
                                           .detail = detail},
                              err) &&
         store_commit(server, err);
    g_free(result);
    g_free(push_key);
    g_free(detail);
    g_string_free(layers, TRUE);
    return ok;
}

gboolean sync_push(vi_store *copy, vi_store *server, sync_result *res, GError **err)
{
    memset(res, 0, sizeof *res);
    gboolean replayed = FALSE;
    char *village = copy_village(copy, err);
    gboolean ok = village && settle_pending(copy, server, res, &replayed, err);
    if (!ok || replayed) {
        g_free(village);
        return ok;
    }
    gint64 open = 0;
    ok = check_reference_changes(copy, err) && open_conflicts(copy, &open, err);
    /* The merge is made inside the server's transaction, under its write
     * lock: no other push lands between reading theirs and writing ours, so
     * two teams' changes to one field are a conflict, never a lost update. */
    merge_state m = {0};
    gboolean server_txn = ok && store_begin(server, err);
    ok = server_txn && merge_read(copy, server, village, &m, err);
    gint64 found = 0, nops = 0;
    for (guint i = 0; ok && i < m.items->len; i++) {
        found += ((sync_item *)m.items->pdata[i])->conflicts->len;
        nops += ((sync_item *)m.items->pdata[i])->to_server != SYNC_NONE;
    }
    if (ok && (found || open || nops == 0)) {
        /* Conflicts found now are recorded beside those open, and any
         * stops the push. */
        store_rollback(server);
        server_txn = FALSE;
        ok = found || open ? refuse_conflicts(copy, server, &m, res, err) : TRUE;
        merge_state_clear(&m);
        g_free(village);
        return ok;
    }
    /* Write the push down before sending it. */
    char *id = g_uuid_string_random(), *ops = ok ? pending_print(m.items) : NULL;
    ok = ok && store_begin(copy, err) && store_kv_set(copy, SYNC_KV_PENDING, id, err) &&
         store_kv_set(copy, SYNC_KV_PENDING_OPS, ops, err) && store_commit(copy, err);
    ok = ok && push_send(copy, server, village, &m, id, res, err);
    if (!ok) {
        store_rollback(copy);
        if (server_txn)
            store_rollback(server);
        res->server_change = 0;
    } else {
        res->push_id = g_strdup(id);
    }
    /* The server answered: the copy takes the bases it sent.  (Had it not,
     * the push stays pending, and the next one asks the server for it.) */
    ok = ok && pending_finish(copy, ops, err);
    g_free(id);
    g_free(ops);
    g_free(village);
    merge_state_clear(&m);
    return ok;
}

gboolean sync_pull(vi_store *copy, vi_store *server, sync_result *res, GError **err)
{
    memset(res, 0, sizeof *res);
    char *village = copy_village(copy, err);
    merge_state m;
    gint64 pos = 0;
    if (!village || !server_position(server, &pos, err) ||
        !merge_read(copy, server, village, &m, err)) {
        g_free(village);
        return FALSE;
    }
    const vi_registry *reg = store_registry(copy);
    gboolean ok = store_begin(copy, err) && copy_references(server, copy, err);
    for (guint i = 0; ok && i < m.items->len; i++) {
        sync_item *it = m.items->pdata[i];
        const vi_layer *layer = registry_layer(reg, it->layer);
        ok = apply(copy, layer, it->id, it->to_copy, it->copy_fields, it->theirs, err);
        if (!ok)
            g_prefix_error(err, _("%s feature \"%s\": "), it->layer, it->id);
        res->inserted += it->to_copy == SYNC_INSERT;
        res->updated += it->to_copy == SYNC_UPDATE;
        res->deleted += it->to_copy == SYNC_DELETE;
        ok = ok && base_write(copy, it->layer, it->id, it->new_base_if_pulled, err) &&
             record_conflicts(copy, server, it, err);
    }
    char *now = utc_now();
    ok = ok && kv_set_int(copy, SYNC_KV_POSITION, pos, err) &&
         store_kv_set(copy, SYNC_KV_SYNCED_AT, now, err) &&
         open_conflicts(copy, &res->conflicts, err);
    g_free(now);
    gint64 n = res->inserted + res->updated + res->deleted;
    if (ok && n > 0) {
        char *detail = g_strdup_printf(
            _("%s: %" PRId64 " features from the server's change %" PRId64), village, n, pos);
        ok = store_history_record(copy, &(vi_change){.action = "pull", .detail = detail}, err);
        g_free(detail);
    }
    ok = ok && store_commit(copy, err);
    if (!ok) {
        store_rollback(copy);
        memset(res, 0, sizeof *res);
    }
    g_free(village);
    merge_state_clear(&m);
    return ok;
}

typedef struct {
    sync_conflict_fn fn;
    void *user;
} conflict_scan;

static gboolean conflict_row(const char *key, const char *value, void *user, GError **err)
{
    conflict_scan *s = user;
    char **parts = g_strsplit(key + strlen(SYNC_KV_CONFLICT), "\t", 3);
    sync_record *r = sync_record_parse(value);
    gboolean ok = TRUE;
    if (r && g_strv_length(parts) == 3) {
        sync_conflict c = {parts[0],
                           parts[1],
                           parts[2],
                           sync_record_get(r, "base"),
                           sync_record_get(r, "ours"),
                           sync_record_get(r, "theirs"),
                           sync_record_get(r, "ours_by"),
                           sync_record_get(r, "ours_at"),
                           sync_record_get(r, "theirs_by"),
                           sync_record_get(r, "theirs_at")};
        ok = s->fn(&c, s->user, err);
    }
    sync_record_free(r);
    g_strfreev(parts);
    return ok;
}

gboolean sync_conflicts(vi_store *copy, sync_conflict_fn fn, void *user, GError **err)
{
    char *village = copy_village(copy, err);
    gboolean ok = village && store_kv_scan(copy, SYNC_KV_CONFLICT, conflict_row,
                                           &(conflict_scan){fn, user}, err);
    g_free(village);
    return ok;
}

/* The conflicts resolve settles: key and parsed value. */
typedef struct {
    const char *layer, *id, *field;
    GPtrArray *keys, *values;
} conflict_pick;

static gboolean pick_row(const char *key, const char *value, void *user, GError **err)
{
    (void)err;
    conflict_pick *p = user;
    char **parts = g_strsplit(key + strlen(SYNC_KV_CONFLICT), "\t", 3);
    if (g_strv_length(parts) == 3 && strcmp(parts[1], p->id) == 0 &&
        (!p->layer || strcmp(parts[0], p->layer) == 0) &&
        (!p->field || strcmp(parts[2], p->field) == 0)) {
        g_ptr_array_add(p->keys, g_strdup(key));
        g_ptr_array_add(p->values, sync_record_parse(value));
    }
    g_strfreev(parts);
    return TRUE;
}

/* Settle one conflict (KEY, C) of COPY. */
static gboolean settle(vi_store *copy, const char *key, sync_record *c, sync_take take,
                       const char *value, GError **err)
{
    char **parts = g_strsplit(key + strlen(SYNC_KV_CONFLICT), "\t", 3);
    const vi_layer *layer = registry_layer(store_registry(copy), parts[0]);
    const char *id = parts[1], *field = parts[2];
    char *bkey = base_key(parts[0], id), *btext = NULL;
    gboolean ok = layer != NULL && store_kv_get(copy, bkey, &btext, err);
    sync_record *base = btext ? sync_record_parse(btext) : NULL;
    if (ok && *field) {
        /* The base takes theirs: ours (or the value) then goes to the server. */
        const char *theirs = sync_record_get(c, "theirs");
        if (!base)
            base = sync_record_parse("{}");
        sync_record_set(base, field, theirs);
        const char *local = take == SYNC_TAKE_THEIRS  ? theirs
                            : take == SYNC_TAKE_VALUE ? value
                                                      : NULL;
        if (take != SYNC_TAKE_OURS) {
            const char *fields[] = {field};
            ok = store_feature_update(copy, layer, id, fields, &local, 1, err);
        }
    } else if (ok) {
        /* An edit against a delete. */
        const char *rec = sync_record_get(c, "theirs_record");
        sync_record *theirs = rec ? sync_record_parse(rec) : NULL;
        sync_record_free(base);
        base = sync_record_copy(theirs);
        if (take == SYNC_TAKE_VALUE) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("feature \"%s\" was deleted on one side: settle it with --ours or "
                          "--theirs, not --value"),
                        id);
            ok = FALSE;
        } else if (take == SYNC_TAKE_THEIRS) {
            gboolean here = FALSE;
            ok = store_feature_exists(copy, layer, id, &here, err);
            if (ok && here && !theirs)
                ok = store_feature_delete(copy, layer, id, err);
            else if (ok && !here && theirs)
                ok = apply(copy, layer, id, SYNC_INSERT, NULL, theirs, err);
        }
        sync_record_free(theirs);
    }
    ok = ok && base_write(copy, parts[0], id, base, err) && store_kv_set(copy, key, NULL, err);
    sync_record_free(base);
    g_free(btext);
    g_free(bkey);
    g_strfreev(parts);
    return ok;
}

gboolean sync_resolve(vi_store *copy, const char *layer, const char *id, const char *field,
                      sync_take take, const char *value, gint64 *settled, GError **err)
{
    *settled = 0;
    char *village = copy_village(copy, err);
    if (!village)
        return FALSE;
    g_free(village);
    conflict_pick p = {layer, id, field, g_ptr_array_new_with_free_func(g_free),
                       g_ptr_array_new_with_free_func((GDestroyNotify)sync_record_free)};
    gboolean ok = store_kv_scan(copy, SYNC_KV_CONFLICT, pick_row, &p, err);
    if (ok && p.keys->len == 0) {
        if (field)
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("no open conflict on field \"%s\" of feature \"%s\" in '%s' (see "
                          "'vinfra conflicts')"),
                        field, id, store_path(copy));
        else
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("no open conflict on feature \"%s\" in '%s' (see 'vinfra conflicts')"),
                        id, store_path(copy));
        ok = FALSE;
    }
    ok = ok && store_begin(copy, err);
    for (guint i = 0; ok && i < p.keys->len; i++) {
        ok = p.values->pdata[i] != NULL &&
             settle(copy, p.keys->pdata[i], p.values->pdata[i], take, value, err);
        (*settled)++;
    }
    char *detail = g_strdup_printf(_("%s: %" PRId64 " conflicts settled"), id, *settled);
    ok = ok &&
         store_history_record(copy, &(vi_change){.action = "resolve", .detail = detail}, err) &&
         store_commit(copy, err);
    g_free(detail);
    if (!ok)
        store_rollback(copy);
    g_ptr_array_free(p.keys, TRUE);
    g_ptr_array_free(p.values, TRUE);
    return ok;
}
