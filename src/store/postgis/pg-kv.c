/*
 * pg-kv.c - bookkeeping beside the data on a server database (store.h,
 * store_kv_get(): the pushes the teams' copies made, each under its push
 * id), in the table vinfra_kv; and the change that last touched a
 * feature, from the change log and the history.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

gboolean pg_kv_get(vi_store *store, const char *key, char **value, GError **err)
{
    PGresult *r = pg_run(store, "SELECT value FROM vinfra_kv WHERE key = $1", 1, &key,
                         _("cannot read the database"), err);
    if (!r)
        return FALSE;
    if (PQntuples(r))
        *value = g_strdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return TRUE;
}

gboolean pg_kv_set(vi_store *store, const char *key, const char *value, GError **err)
{
    const char *params[] = {key, value};
    /* Not a logged row: kept out of the change count. */
    gint64 seq = store->change_seq;
    gboolean ok = value ? pg_do(store,
                                "INSERT INTO vinfra_kv (key, value) VALUES ($1, $2)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                2, params, _("cannot write the database"), err)
                        : pg_do(store, "DELETE FROM vinfra_kv WHERE key = $1", 1, params,
                                _("cannot write the database"), err);
    store->change_seq = seq;
    return ok;
}

typedef struct {
    vi_kv_fn fn;
    void *user;
} kv_scan;

static gboolean kv_row(PGresult *r, int row, void *ctx, GError **err)
{
    kv_scan *scan = ctx;
    return scan->fn(PQgetvalue(r, row, 0), PQgetvalue(r, row, 1), scan->user, err);
}

gboolean pg_kv_scan(vi_store *store, const char *prefix, vi_kv_fn fn, void *user, GError **err)
{
    return pg_cursor_scan(store,
                          "SELECT key, value FROM vinfra_kv WHERE left(key, length($1)) = $1"
                          " ORDER BY key COLLATE \"C\"",
                          1, &prefix, FALSE, kv_row, &(kv_scan){fn, user}, err);
}

gboolean pg_feature_last_change(vi_store *store, const vi_layer *layer, const char *id, char **user,
                                char **at, GError **err)
{
    gboolean exists = FALSE;
    if (!pg_table_exists(store, layer->name, &exists, err))
        return FALSE;
    if (!exists)
        return TRUE;
    /* With users, read as the owner (pg-roles.c): the change log's old
     * rows hold personal fields. */
    char *sql =
        pg_roles_installed(store)
            ? g_strdup("SELECT who, at FROM vinfra_last_change($1, $2)")
            : g_strdup_printf(
                  "SELECT h.\"user\", h.at FROM change_log l JOIN history h ON h.id = l.change_id"
                  " WHERE l.tbl = $1 AND (l.row = (SELECT fid::text FROM \"%s\" WHERE id = $2)"
                  " OR l.old->>'id' = $2) ORDER BY l.change_id DESC, l.seq DESC LIMIT 1",
                  layer->name);
    const char *params[] = {layer->name, id};
    PGresult *r = pg_run(store, sql, 2, params, _("cannot read the history"), err);
    g_free(sql);
    if (!r)
        return FALSE;
    if (PQntuples(r)) {
        *user = g_strdup(pg_value(r, 0, 0));
        *at = g_strdup(pg_value(r, 0, 1));
    }
    PQclear(r);
    return TRUE;
}
