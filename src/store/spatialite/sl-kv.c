/*
 * sl-kv.c - bookkeeping beside the data (store.h, store_kv_get()): a
 * table vinfra_kv made on its first write, outside the content checksum
 * and the change log; and the change that last touched a feature, read
 * from the change log and the history.
 */
#include "sl-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

static gboolean kv_table(vi_store *store, gboolean *exists, GError **err)
{
    return sl_table_exists(store, "vinfra_kv", exists, err);
}

gboolean sl_kv_get(vi_store *store, const char *key, char **value, GError **err)
{
    gboolean exists = FALSE;
    if (!kv_table(store, &exists, err))
        return FALSE;
    if (!exists)
        return TRUE;
    sqlite3_stmt *st = sl_prepare(store, "SELECT value FROM vinfra_kv WHERE key = ?", err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *value = g_strdup(sl_text(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
               ? TRUE
               : sl_fail(store, err, _("cannot read the database"));
}

gboolean sl_kv_set(vi_store *store, const char *key, const char *value, GError **err)
{
    if (!sl_exec(store,
                 "CREATE TABLE IF NOT EXISTS vinfra_kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                 err))
        return FALSE;
    sqlite3_stmt *st =
        sl_prepare(store,
                   value ? "INSERT OR REPLACE INTO vinfra_kv (key, value) VALUES (?, ?)"
                         : "DELETE FROM vinfra_kv WHERE key = ?",
                   err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (value)
        sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TRUE : sl_fail(store, err, _("cannot write the database"));
}

typedef struct {
    vi_kv_fn fn;
    void *user;
} kv_scan;

static gboolean kv_row(vi_store *store, sqlite3_stmt *st, void *ctx, GError **err)
{
    (void)store;
    kv_scan *scan = ctx;
    return scan->fn(sl_text(st, 0), sl_text(st, 1), scan->user, err);
}

gboolean sl_kv_scan(vi_store *store, const char *prefix, vi_kv_fn fn, void *user, GError **err)
{
    gboolean exists = FALSE;
    if (!kv_table(store, &exists, err))
        return FALSE;
    if (!exists)
        return TRUE;
    /* substr, not LIKE: a prefix may hold % or _. */
    sqlite3_stmt *st =
        sl_prepare(store,
                   "SELECT key, value FROM vinfra_kv WHERE substr(key, 1, length(?1))"
                   " = ?1 ORDER BY key",
                   err);
    if (st)
        sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
    return sl_scan(store, st, kv_row, &(kv_scan){fn, user}, _("cannot read the database"), err);
}

gboolean sl_feature_last_change(vi_store *store, const vi_layer *layer, const char *id, char **user,
                                char **at, GError **err)
{
    gboolean have_log = FALSE, have_layer = FALSE;
    if (!sl_table_exists(store, "change_log", &have_log, err) ||
        !sl_table_exists(store, layer->name, &have_layer, err))
        return FALSE;
    if (!have_log || !have_layer)
        return TRUE;
    if (!sl_log_flush(store, err))
        return FALSE;
    char *sql = g_strdup_printf(
        "SELECT h.user, h.at FROM change_log l JOIN history h ON h.id = l.change_id"
        " WHERE l.tbl = ?1 AND (l.row = (SELECT fid FROM \"%s\" WHERE id = ?2) OR EXISTS"
        " (SELECT 1 FROM change_values v WHERE v.change_id = l.change_id AND v.seq = l.seq"
        " AND v.col = 'id' AND v.value = ?2))"
        " ORDER BY l.change_id DESC LIMIT 1",
        layer->name);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, layer->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *user = g_strdup(sl_text(st, 0));
        *at = g_strdup(sl_text(st, 1));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
               ? TRUE
               : sl_fail(store, err, _("cannot read the history"));
}
