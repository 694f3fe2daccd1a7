/*
 * store-sql.c - the helpers every SQL file of the store uses: prepare, run,
 * say why a statement failed (naming a busy database as busy), and the one
 * loop that steps a statement through its rows (store_scan()).
 */
#include "store-int.h"
#include "vi-error.h"

#include <string.h>

/* Another connection held the write lock past the busy timeout: say so
 * plainly, not "database is locked". */
void store_set_busy(vi_store *store, GError **err)
{
    g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                "database '%s' is busy: another program is writing to it (waited %d ms; "
                "try again later, or set VINFRA_BUSY_TIMEOUT_MS to wait longer)",
                store->path, store->busy_ms);
}

gboolean store_busy(vi_store *store, GError **err)
{
    int code = sqlite3_extended_errcode(store->db) & 0xff;
    if (code != SQLITE_BUSY && code != SQLITE_LOCKED)
        return FALSE;
    store_set_busy(store, err);
    return TRUE;
}

gboolean store_fail(vi_store *store, GError **err, const char *what)
{
    if (!store_busy(store, err))
        g_set_error(err, VI_ERROR, VI_ERROR_STORE, "%s in '%s': %s", what, store->path,
                    sqlite3_errmsg(store->db));
    return FALSE;
}

gboolean store_exec(vi_store *store, const char *sql, GError **err)
{
    char *msg = NULL;
    if (sqlite3_exec(store->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (!store_busy(store, err))
            g_set_error(err, VI_ERROR, VI_ERROR_STORE, "database error in '%s': %s", store->path,
                        msg ? msg : sqlite3_errmsg(store->db));
        sqlite3_free(msg);
        return FALSE;
    }
    return TRUE;
}

sqlite3_stmt *store_prepare(vi_store *store, const char *sql, GError **err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK) {
        store_fail(store, err, "cannot prepare a query");
        return NULL;
    }
    return st;
}

/* Runs a query returning one integer. */
gboolean store_query_int(vi_store *store, const char *sql, gint64 *out, GError **err)
{
    sqlite3_stmt *st = store_prepare(store, sql, err);
    if (!st)
        return FALSE;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return store_fail(store, err, "query failed");
    }
    *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return TRUE;
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
            char *what = bad == layer->name ? g_strdup_printf("layer name \"%s\"", bad)
                                            : g_strdup_printf("layer \"%s\": attribute name \"%s\"",
                                                              layer->name, bad);
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        "registry: %s is not an identifier (expected ASCII letters, digits and _, "
                        "not starting with a digit)",
                        what);
            g_free(what);
            return FALSE;
        }
    }
    return TRUE;
}

gboolean store_row_exists(vi_store *store, const char *sql, const char *key, gboolean *exists,
                          const char *what, GError **err)
{
    sqlite3_stmt *st = store_prepare(store, sql, err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(store, err, what);
    *exists = rc == SQLITE_ROW;
    return TRUE;
}

gboolean store_table_exists(vi_store *store, const char *table, gboolean *exists, GError **err)
{
    return store_row_exists(store, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                            table, exists, "cannot read the schema", err);
}

void store_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void store_bind_int(sqlite3_stmt *st, int i, gint64 v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

const char *store_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

gboolean store_scan(vi_store *store, sqlite3_stmt *st, store_row_fn row, void *ctx,
                    const char *what, GError **err)
{
    if (!st)
        return FALSE;
    gboolean ok = TRUE;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW)
        ok = row(store, st, ctx, err);
    if (ok && rc != SQLITE_DONE)
        ok = store_fail(store, err, what);
    sqlite3_finalize(st);
    return ok;
}
