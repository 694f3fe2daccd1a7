/*
 * sl-sql.c - the helpers every SQL file of the SpatiaLite backend uses: prepare, run,
 * say why a statement failed (naming a busy database as busy), and the one
 * loop that steps a statement through its rows (sl_scan()).
 */
#include "sl-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

/* Another connection held the write lock past the busy timeout: say so
 * plainly, not "database is locked". */
void sl_set_busy(vi_store *store, GError **err)
{
    g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                _("database '%s' is busy: another program is writing to it (waited %d ms; "
                  "try again later, or set VINFRA_BUSY_TIMEOUT_MS to wait longer)"),
                store->path, sl(store)->busy_ms);
}

gboolean sl_busy(vi_store *store, GError **err)
{
    int code = sqlite3_extended_errcode(sl(store)->db) & 0xff;
    if (code != SQLITE_BUSY && code != SQLITE_LOCKED)
        return FALSE;
    sl_set_busy(store, err);
    return TRUE;
}

gboolean sl_fail(vi_store *store, GError **err, const char *what)
{
    if (!sl_busy(store, err))
        g_set_error(err, VI_ERROR, VI_ERROR_STORE, _("%s in '%s': %s"), what, store->path,
                    sqlite3_errmsg(sl(store)->db));
    return FALSE;
}

gboolean sl_exec(vi_store *store, const char *sql, GError **err)
{
    char *msg = NULL;
    if (sqlite3_exec(sl(store)->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (!sl_busy(store, err))
            g_set_error(err, VI_ERROR, VI_ERROR_STORE, _("database error in '%s': %s"), store->path,
                        msg ? msg : sqlite3_errmsg(sl(store)->db));
        sqlite3_free(msg);
        return FALSE;
    }
    return TRUE;
}

sqlite3_stmt *sl_prepare(vi_store *store, const char *sql, GError **err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sl(store)->db, sql, -1, &st, NULL) != SQLITE_OK) {
        sl_fail(store, err, _("cannot prepare a query"));
        return NULL;
    }
    return st;
}

/* Runs a query returning one integer. */
gboolean sl_query_int(vi_store *store, const char *sql, gint64 *out, GError **err)
{
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    if (!st)
        return FALSE;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sl_fail(store, err, _("query failed"));
    }
    *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return TRUE;
}

gboolean sl_row_exists(vi_store *store, const char *sql, const char *key, gboolean *exists,
                       const char *what, GError **err)
{
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sl_fail(store, err, what);
    *exists = rc == SQLITE_ROW;
    return TRUE;
}

gboolean sl_table_exists(vi_store *store, const char *table, gboolean *exists, GError **err)
{
    return sl_row_exists(store, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", table,
                         exists, _("cannot read the schema"), err);
}

void sl_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void sl_bind_int(sqlite3_stmt *st, int i, gint64 v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

const char *sl_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

gboolean sl_scan(vi_store *store, sqlite3_stmt *st, sl_row_fn row, void *ctx, const char *what,
                 GError **err)
{
    if (!st)
        return FALSE;
    gboolean ok = TRUE;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW)
        ok = row(store, st, ctx, err);
    if (ok && rc != SQLITE_DONE)
        ok = sl_fail(store, err, what);
    sqlite3_finalize(st);
    return ok;
}
