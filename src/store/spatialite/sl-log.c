/*
 * sl-log.c - the history table of a SpatiaLite database and the change log
 * that undo replays.
 *
 * Every write transaction is one change.  store_begin() computes the content
 * checksum and picks the change's id (store-log.c, with sl_history_last());
 * each row the change inserts is logged
 * in change_log by its rowid, and each row it updates or deletes is logged
 * with its old content in change_values (one row per column; the value
 * column has no type, so SQLite keeps every value's exact storage class).
 * store_history_record() then writes the history row with the checksums
 * before and after.  Undo replays the log backwards.
 *
 * The content checksum is sl-checksum.c's.
 *
 * In a bulk transaction (an import) the inserts of consecutive rows of a
 * table are not logged one by one: the run is kept (table, first and last
 * row, first seq) and written by one INSERT ... SELECT when anything else
 * is logged, anything reads the log, or it holds LOG_RUN_ROWS: a fifth of
 * the time of 100,000 single inserts.
 */
#include "sl-int.h"
#include <inttypes.h>
#include "i18n.h"
#include "vi-error.h"
#include "vinfra-config.h"

#include <string.h>

enum { LOG_RUN_ROWS = 16384 };

static const char history_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
    " user TEXT NOT NULL, host TEXT NOT NULL, command_line TEXT NOT NULL,"
    " action TEXT NOT NULL, layer TEXT,"
    " added INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0,"
    " deleted INTEGER NOT NULL DEFAULT 0, exported INTEGER NOT NULL DEFAULT 0,"
    " source_sha256 TEXT, detail TEXT, version TEXT NOT NULL,"
    " checksum_before TEXT, checksum_after TEXT NOT NULL,"
    " undoes INTEGER, undone_by INTEGER);"
    "CREATE TABLE IF NOT EXISTS change_log (change_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
    " tbl TEXT NOT NULL, row INTEGER NOT NULL,"
    " op TEXT NOT NULL CHECK (op IN ('insert','update','delete')),"
    " PRIMARY KEY (change_id, seq));"
    "CREATE INDEX IF NOT EXISTS change_log_row ON change_log(tbl, row);"
    "CREATE TABLE IF NOT EXISTS change_values (change_id INTEGER NOT NULL,"
    " seq INTEGER NOT NULL, col TEXT NOT NULL, value);"
    "CREATE INDEX IF NOT EXISTS change_values_entry ON change_values(change_id, seq);";

static sqlite3_stmt *prepare_kept(vi_store *store, sqlite3_stmt **slot, const char *sql,
                                  GError **err)
{
    if (*slot) {
        sqlite3_reset(*slot);
        sqlite3_clear_bindings(*slot);
    } else if (sqlite3_prepare_v3(sl(store)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) !=
               SQLITE_OK) {
        sl_fail(store, err, _("cannot prepare a query"));
        *slot = NULL;
    }
    return *slot;
}

/* Log that OP ("insert", "update", "delete") happens to row ROW of TABLE;
 * for update and delete, call it before the change, as it keeps the row's
 * content.  Writes outside a change (none but the schema) are not logged. */
gboolean sl_log_flush(vi_store *store, GError **err)
{
    sl_log_run *run = &sl(store)->log_run;
    if (!run->last_row)
        return TRUE;
    char *sql = g_strdup_printf("INSERT INTO change_log (change_id, seq, tbl, row, op)"
                                " SELECT ?1, ?2 + (rowid - ?3), ?4, rowid, 'insert' FROM \"%s\""
                                " WHERE rowid BETWEEN ?3 AND ?5 ORDER BY rowid",
                                run->table);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, store->change_id);
    sqlite3_bind_int64(st, 2, run->first_seq);
    sqlite3_bind_int64(st, 3, run->first_row);
    sqlite3_bind_text(st, 4, run->table, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, run->last_row);
    gboolean ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    if (!ok)
        return sl_fail(store, err, _("cannot log a change"));
    if (sqlite3_changes64(sl(store)->db) != run->last_row - run->first_row + 1) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("cannot log a change in '%s': rows %" PRId64 " to %" PRId64
                      " of \"%s\" are not all there"),
                    store->path, run->first_row, run->last_row, run->table);
        return FALSE;
    }
    gint64 last = run->last_row;
    run->last_row = 0;
    return sl_checksum_rows_added(store, run->table, run->first_row, last, err);
}

/* In a bulk transaction, keep back the insert of row ROW of TABLE; FALSE
 * when it cannot be (*OK says whether flushing the previous run failed). */
static gboolean log_run_extend(vi_store *store, const char *table, gint64 row, gboolean *ok,
                               GError **err)
{
    sl_log_run *run = &sl(store)->log_run;
    *ok = TRUE;
    if (!sl(store)->bulk_layers || strlen(table) >= sizeof run->table)
        return FALSE;
    if (run->last_row && row == run->last_row + 1 && strcmp(run->table, table) == 0) {
        run->last_row = row;
        ++store->change_seq;
        /* Written as it grows, by the thread that writes (import-write.c)
         * while the reader still reads, not all after it. */
        *ok = run->last_row - run->first_row + 1 < LOG_RUN_ROWS || sl_log_flush(store, err);
        return *ok;
    }
    if (!(*ok = sl_log_flush(store, err)))
        return FALSE;
    g_strlcpy(run->table, table, sizeof run->table);
    sl_checksum_touched(store, table, row, TRUE);
    run->first_row = run->last_row = row;
    run->first_seq = ++store->change_seq;
    return TRUE;
}

gboolean sl_log_change(vi_store *store, const char *table, gint64 row, const char *op, GError **err)
{
    if (!store->change_id)
        return TRUE;
    gboolean ok = TRUE;
    if (strcmp(op, "insert") == 0 && log_run_extend(store, table, row, &ok, err))
        return TRUE;
    if (!ok || !sl_log_flush(store, err))
        return FALSE;
    /* Not hashed as added: the checksum after hashes the table again. */
    sl_checksum_touched(store, table, row, FALSE);
    sqlite3_stmt *st = prepare_kept(
        store, &sl(store)->log_row,
        "INSERT INTO change_log (change_id, seq, tbl, row, op) VALUES (?, ?, ?, ?, ?)", err);
    if (!st)
        return FALSE;
    gint64 seq = ++store->change_seq;
    sqlite3_bind_int64(st, 1, store->change_id);
    sqlite3_bind_int64(st, 2, seq);
    sqlite3_bind_text(st, 3, table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, row);
    sqlite3_bind_text(st, 5, op, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        return sl_fail(store, err, _("cannot log a change"));
    sqlite3_reset(st);
    if (strcmp(op, "insert") == 0)
        return TRUE;
    char *sql = g_strdup_printf("SELECT * FROM \"%s\" WHERE rowid=?", table);
    sqlite3_stmt *old = sl_prepare(store, sql, err);
    g_free(sql);
    if (!old)
        return FALSE;
    sqlite3_bind_int64(old, 1, row);
    ok = sqlite3_step(old) == SQLITE_ROW;
    if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("cannot log a change in '%s': no row %" PRId64 " in \"%s\""), store->path,
                    row, table);
    for (int i = 0; ok && i < sqlite3_column_count(old); i++) {
        if (!(st = prepare_kept(store, &sl(store)->log_value,
                                "INSERT INTO change_values (change_id, seq, col, value)"
                                " VALUES (?, ?, ?, ?)",
                                err))) {
            ok = FALSE;
            break;
        }
        sqlite3_bind_int64(st, 1, store->change_id);
        sqlite3_bind_int64(st, 2, seq);
        sqlite3_bind_text(st, 3, sqlite3_column_name(old, i), -1, SQLITE_TRANSIENT);
        sqlite3_bind_value(st, 4, sqlite3_column_value(old, i));
        if (sqlite3_step(st) != SQLITE_DONE)
            ok = sl_fail(store, err, _("cannot log a change"));
        sqlite3_reset(st);
    }
    sqlite3_finalize(old);
    return ok;
}

gboolean sl_history_last(vi_store *store, gint64 *last, GError **err)
{
    return sl_exec(store, history_schema_sql, err) &&
           sl_query_int(store, "SELECT coalesce(max(id), 0) FROM history", last, err);
}

gboolean sl_history_insert(vi_store *store, const vi_change *change, gint64 undoes,
                           const char *command_line, const char *after, GError **err)
{
    gint64 counts[3] = {0, 0, 0};
    if (!sl_log_flush(store, err))
        return FALSE;
    sqlite3_stmt *st = sl_prepare(store,
                                  "SELECT op, count(*) FROM change_log WHERE change_id=?"
                                  " AND tbl <> 'imports' GROUP BY op",
                                  err);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, store->change_id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *op = sl_text(st, 0);
        int k = strcmp(op, "insert") == 0 ? 0 : strcmp(op, "update") == 0 ? 1 : 2;
        counts[k] = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    st = sl_prepare(store,
                    "INSERT INTO history (id, at, user, host, command_line, action, layer, added,"
                    " changed, deleted, exported, source_sha256, detail, version, checksum_before,"
                    " checksum_after, undoes)"
                    " VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                    " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                    err);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, store->change_id);
    sqlite3_bind_text(st, 2, g_get_user_name(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, g_get_host_name(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, command_line, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, change->action, -1, SQLITE_STATIC);
    sl_bind_text(st, 6, change->layer);
    for (int k = 0; k < 3; k++)
        sqlite3_bind_int64(st, 7 + k, counts[k]);
    sqlite3_bind_int64(st, 10, change->exported);
    sl_bind_text(st, 11, change->source_sha256);
    sl_bind_text(st, 12, change->detail);
    sqlite3_bind_text(st, 13, VINFRA_VERSION, -1, SQLITE_STATIC);
    sl_bind_text(st, 14, store->checksum_before);
    sqlite3_bind_text(st, 15, after, -1, SQLITE_TRANSIENT);
    sl_bind_int(st, 16, undoes);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TRUE
                             : sl_fail(store, err, _("cannot record the change in the history"));
}

/* A history scan: the caller's function and data. */
typedef struct {
    vi_history_fn fn;
    void *user;
} history_scan;

static gboolean history_row(vi_store *store, sqlite3_stmt *st, void *ctx, GError **err)
{
    (void)store;
    history_scan *scan = ctx;
    vi_history_entry h = {
        .id = sqlite3_column_int64(st, 0),
        .at = sl_text(st, 1),
        .user = sl_text(st, 2),
        .host = sl_text(st, 3),
        .command_line = sl_text(st, 4),
        .action = sl_text(st, 5),
        .layer = sl_text(st, 6),
        .added = sqlite3_column_int64(st, 7),
        .changed = sqlite3_column_int64(st, 8),
        .deleted = sqlite3_column_int64(st, 9),
        .exported = sqlite3_column_int64(st, 10),
        .source_sha256 = sl_text(st, 11),
        .detail = sl_text(st, 12),
        .version = sl_text(st, 13),
        .checksum_before = sl_text(st, 14),
        .checksum_after = sl_text(st, 15),
        .undoes = sqlite3_column_int64(st, 16),
        .undone_by = sqlite3_column_int64(st, 17),
    };
    return scan->fn(&h, scan->user, err);
}

gboolean sl_history_scan(vi_store *store, const char *layer, const char *since, vi_history_fn fn,
                         void *user, GError **err)
{
    gboolean exists = FALSE;
    if (!sl_table_exists(store, "history", &exists, err))
        return FALSE;
    if (!exists)
        return TRUE;
    sqlite3_stmt *st = sl_prepare(
        store,
        "SELECT id, at, user, host, command_line, action, layer, added, changed, deleted,"
        " exported, source_sha256, detail, version, checksum_before, checksum_after, undoes,"
        " undone_by FROM history WHERE (?1 IS NULL OR instr(',' || layer || ',', ',' || ?1 || ',') > 0)"
        " AND (?2 IS NULL OR at >= ?2)"
        " ORDER BY id",
        err);
    if (!st)
        return FALSE;
    sl_bind_text(st, 1, layer);
    sl_bind_text(st, 2, since);
    return sl_scan(store, st, history_row, &(history_scan){fn, user}, _("cannot read the history"),
                   err);
}
