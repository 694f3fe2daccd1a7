/*
 * sl-undo.c - taking a change back: the change log of sl-log.c replayed
 * backwards in the transaction store_undo() opened, recorded as an "undo"
 * change, and verified row by row (and by the content checksum when nothing
 * came after).
 */
#include "sl-int.h"
#include <inttypes.h>
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

/* undo */

typedef struct {
    gint64 seq, row;
    char *table, *op;
} log_entry;

/* Whether an entry of LOG before entry I touched the row entry I names:
 * the row before the change is what its first entry says. */
static gboolean touched_before(GHashTable *seen, const log_entry *e)
{
    char *key = g_strdup_printf("%s\n%" G_GINT64_FORMAT, e->table, e->row);
    if (g_hash_table_contains(seen, key)) {
        g_free(key);
        return TRUE;
    }
    g_hash_table_add(seen, key);
    return FALSE;
}

static void log_entry_clear(gpointer p)
{
    log_entry *e = p;
    g_free(e->table);
    g_free(e->op);
}

/* The log of change ID, in order. */
static GArray *read_log(vi_store *store, gint64 id, GError **err)
{
    sqlite3_stmt *st = sl_prepare(
        store, "SELECT seq, tbl, row, op FROM change_log WHERE change_id=? ORDER BY seq", err);
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    GArray *log = g_array_new(FALSE, TRUE, sizeof(log_entry));
    g_array_set_clear_func(log, log_entry_clear);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        log_entry e = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 2),
                       g_strdup(sl_text(st, 1)), g_strdup(sl_text(st, 3))};
        g_array_append_val(log, e);
    }
    sqlite3_finalize(st);
    /* Names from the log go into SQL text: only our own identifiers pass. */
    for (guint i = 0; rc == SQLITE_DONE && i < log->len; i++)
        if (!store_is_identifier(g_array_index(log, log_entry, i).table))
            rc = SQLITE_CORRUPT;
    if (rc != SQLITE_DONE) {
        g_array_free(log, TRUE);
        g_set_error(err, VI_ERROR, VI_ERROR_STORE, _("cannot read the change log of '%s'"),
                    store->path);
        return NULL;
    }
    return log;
}

/* One history row's fields that undo needs; strings owned. */
typedef struct {
    gboolean found;
    char *action, *layer, *checksum_before;
    gint64 undone_by, nlog;
} change_info;

static void change_info_clear(change_info *c)
{
    g_free(c->action);
    g_free(c->layer);
    g_free(c->checksum_before);
    memset(c, 0, sizeof *c);
}

static gboolean read_change(vi_store *store, gint64 id, change_info *c, GError **err)
{
    memset(c, 0, sizeof *c);
    sqlite3_stmt *st = sl_prepare(store,
                                  "SELECT action, layer, checksum_before, undone_by,"
                                  " (SELECT count(*) FROM change_log WHERE change_id=h.id)"
                                  " FROM history h WHERE id=?",
                                  err);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        c->found = TRUE;
        c->action = g_strdup(sl_text(st, 0));
        c->layer = g_strdup(sl_text(st, 1));
        c->checksum_before = g_strdup(sl_text(st, 2));
        c->undone_by = sqlite3_column_int64(st, 3);
        c->nlog = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
               ? TRUE
               : sl_fail(store, err, _("cannot read the history"));
}

/* Whether change ID is in effect: not undone, or undone by an undo that was
 * itself undone. */
static gboolean in_effect(vi_store *store, gint64 id, gboolean *effect, GError **err)
{
    *effect = TRUE;
    for (int depth = 0; id > 0 && depth < 10000; depth++) {
        change_info c;
        if (!read_change(store, id, &c, err))
            return FALSE;
        id = c.undone_by;
        change_info_clear(&c);
        if (id > 0)
            *effect = !*effect;
    }
    return TRUE;
}

/* How a row is named in messages: 'roads feature "R-03"', 'project "P-1"'. */
static char *row_label(vi_store *store, const char *table, gint64 row, gint64 change_id, gint64 seq)
{
    char *sql = g_strdup_printf("SELECT coalesce((SELECT value FROM change_values WHERE"
                                " change_id=?1 AND seq=?2 AND col='id'),"
                                " (SELECT id FROM \"%s\" WHERE rowid=?3))",
                                table);
    sqlite3_stmt *st = sl_prepare(store, sql, NULL);
    g_free(sql);
    char *id = NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, change_id);
        sqlite3_bind_int64(st, 2, seq);
        sqlite3_bind_int64(st, 3, row);
        if (sqlite3_step(st) == SQLITE_ROW && sl_text(st, 0))
            id = g_strdup(sl_text(st, 0));
        sqlite3_finalize(st);
    }
    char *label = strcmp(table, "imports") == 0 ? g_strdup_printf(_("import %s"), id ? id : "?")
                  : strcmp(table, "projects") == 0
                      ? g_strdup_printf(_("project \"%s\""), id ? id : "?")
                      : g_strdup_printf(_("%s feature \"%s\""), table, id ? id : "?");
    g_free(id);
    return label;
}

/* Refuse to undo change ID when a later change in effect touched a row
 * that ID touched.  A later undo of a change later than ID does not count:
 * it only takes that change back, and whether that change is in effect is
 * what counts. */
static gboolean check_dependents(vi_store *store, gint64 id, const char *action, GError **err)
{
    sqlite3_stmt *st = sl_prepare(store,
                                  "SELECT DISTINCT l.change_id, h.action, l.tbl, l.row, l.seq"
                                  " FROM change_log c JOIN change_log l ON l.tbl = c.tbl"
                                  " AND l.row = c.row AND l.change_id > c.change_id"
                                  " JOIN history h ON h.id = l.change_id"
                                  " WHERE c.change_id = ?1"
                                  " AND (h.action <> 'undo' OR h.undoes < ?1)"
                                  " ORDER BY l.change_id DESC, l.seq",
                                  err);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, id);
    gboolean ok = TRUE;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        gint64 later = sqlite3_column_int64(st, 0);
        gboolean effect = FALSE;
        if (!(ok = in_effect(store, later, &effect, err)) || !effect)
            continue;
        if (!store_is_identifier(sl_text(st, 2)))
            continue;
        char *label = row_label(store, sl_text(st, 2), sqlite3_column_int64(st, 3), later,
                                sqlite3_column_int64(st, 4));
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot undo change %" PRId64 " (%s): change %" PRId64
                      " (%s) later changed the same data "
                      "(%s); undo change %" PRId64 " first"),
                    id, store_action_name(action), later, store_action_name(sl_text(st, 1)), label,
                    later);
        g_free(label);
        ok = FALSE;
    }
    sqlite3_finalize(st);
    return ok;
}

/* The name of TABLE's INTEGER PRIMARY KEY column (the rowid), or NULL (owned). */
static char *rowid_column(vi_store *store, const char *table)
{
    char *sql =
        g_strdup_printf("SELECT name, type FROM pragma_table_info('%s') WHERE pk > 0", table);
    sqlite3_stmt *st = sl_prepare(store, sql, NULL);
    g_free(sql);
    char *name = NULL;
    int npk = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        npk++;
        if (g_ascii_strcasecmp(sl_text(st, 1), "INTEGER") == 0)
            name = g_strdup(sl_text(st, 0));
    }
    sqlite3_finalize(st);
    if (npk != 1)
        g_clear_pointer(&name, g_free);
    return name;
}

/* The logged old content of entry SEQ of change ID, in column order. */
static sqlite3_stmt *logged_values(vi_store *store, gint64 id, gint64 seq, GError **err)
{
    sqlite3_stmt *st = sl_prepare(
        store, "SELECT col, value FROM change_values WHERE change_id=? AND seq=? ORDER BY rowid",
        err);
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, seq);
    }
    return st;
}

/* Put back row ROW of TABLE as entry SEQ of change ID logged it: INSERT
 * when the change deleted it, UPDATE when it changed it. */
static gboolean restore_row(vi_store *store, const char *table, gint64 row, gint64 id, gint64 seq,
                            gboolean insert, GError **err)
{
    sqlite3_stmt *vals = logged_values(store, id, seq, err);
    if (!vals)
        return FALSE;
    char *rowid_col = rowid_column(store, table);
    GString *cols = g_string_new(NULL), *marks = g_string_new(NULL);
    GPtrArray *values = g_ptr_array_new_with_free_func((GDestroyNotify)sqlite3_value_free);
    gboolean ok = TRUE;
    if (insert && !rowid_col) {
        g_string_append(cols, "rowid");
        g_string_append(marks, "?");
        g_ptr_array_add(values, NULL);
    }
    while (ok && sqlite3_step(vals) == SQLITE_ROW) {
        const char *col = sl_text(vals, 0);
        if (!store_is_identifier(col)) {
            ok = FALSE;
            break;
        }
        if (!insert && rowid_col && strcmp(col, rowid_col) == 0)
            continue;
        if (insert) {
            g_string_append_printf(cols, "%s\"%s\"", cols->len ? ", " : "", col);
            g_string_append(marks, marks->len ? ", ?" : "?");
        } else {
            g_string_append_printf(cols, "%s\"%s\" = ?", cols->len ? ", " : "", col);
        }
        g_ptr_array_add(values, sqlite3_value_dup(sqlite3_column_value(vals, 1)));
    }
    sqlite3_finalize(vals);
    char *sql = insert ? g_strdup_printf("INSERT INTO \"%s\" (%s) VALUES (%s)", table, cols->str,
                                         marks->str)
                       : g_strdup_printf("UPDATE \"%s\" SET %s WHERE rowid = ?", table, cols->str);
    sqlite3_stmt *st = ok && values->len > 0 ? sl_prepare(store, sql, err) : NULL;
    if (ok && st) {
        for (guint i = 0; i < values->len; i++) {
            if (values->pdata[i])
                sqlite3_bind_value(st, (int)i + 1, values->pdata[i]);
            else
                sqlite3_bind_int64(st, (int)i + 1, row);
        }
        if (!insert)
            sqlite3_bind_int64(st, (int)values->len + 1, row);
        if (sqlite3_step(st) != SQLITE_DONE)
            ok = sl_fail(store, err, _("cannot restore a row"));
    } else if (ok) {
        ok = FALSE;
    }
    if (!ok && err && !*err)
        g_set_error(
            err, VI_ERROR, VI_ERROR_STORE,
            _("cannot restore row %" PRId64 " of \"%s\" in '%s': the change log is damaged"), row,
            table, store->path);
    sqlite3_finalize(st);
    g_free(sql);
    g_ptr_array_free(values, TRUE);
    g_string_free(cols, TRUE);
    g_string_free(marks, TRUE);
    g_free(rowid_col);
    return ok;
}

/* Whether row ROW of TABLE is now as entry SEQ of change ID logged it
 * (absent for an insert). */
static gboolean row_restored(vi_store *store, const log_entry *e, gint64 id, gboolean *same,
                             GError **err)
{
    char *sql = g_strdup_printf("SELECT * FROM \"%s\" WHERE rowid=?", e->table);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, e->row);
    GChecksum *now = g_checksum_new(G_CHECKSUM_SHA256), *then = g_checksum_new(G_CHECKSUM_SHA256);
    gboolean ok = sl_hash_rows(store, st, now, err);
    sqlite3_finalize(st);
    if (ok && strcmp(e->op, "insert") != 0) {
        sqlite3_stmt *vals = logged_values(store, id, e->seq, err);
        ok = vals != NULL;
        if (ok) {
            g_checksum_update(then, (const guchar *)"\x1e", 1);
            while (sqlite3_step(vals) == SQLITE_ROW)
                sl_hash_value(then, sl_text(vals, 0), sqlite3_column_value(vals, 1));
        }
        sqlite3_finalize(vals);
    }
    *same = ok && strcmp(g_checksum_get_string(now), g_checksum_get_string(then)) == 0;
    g_checksum_free(now);
    g_checksum_free(then);
    return ok;
}

/* The change `vinfra undo` takes back by default: the latest one in effect
 * that changed rows and is not itself an undo.  0 when none. */
static gboolean default_target(vi_store *store, gint64 *target, GError **err)
{
    *target = 0;
    sqlite3_stmt *st = sl_prepare(store,
                                  "SELECT id FROM history h WHERE action <> 'undo' AND EXISTS"
                                  " (SELECT 1 FROM change_log WHERE change_id = h.id)"
                                  " ORDER BY id DESC",
                                  err);
    if (!st)
        return FALSE;
    gboolean ok = TRUE;
    while (ok && !*target && sqlite3_step(st) == SQLITE_ROW) {
        gboolean effect = FALSE;
        gint64 id = sqlite3_column_int64(st, 0);
        if ((ok = in_effect(store, id, &effect, err)) && effect)
            *target = id;
    }
    sqlite3_finalize(st);
    return ok;
}

gboolean sl_undo(vi_store *store, gint64 target, vi_undo_result *res, GError **err)
{
    gint64 last = 0;
    if (!sl_query_int(store, "SELECT coalesce(max(id), 0) FROM history", &last, err))
        return FALSE;
    /* Undo replays recorded changes: if the content is not what the last
     * change left, something else wrote to the file and the log no longer
     * describes it. */
    sqlite3_stmt *st = sl_prepare(store, "SELECT checksum_after FROM history WHERE id=?", err);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, last);
    gboolean outside =
        sqlite3_step(st) == SQLITE_ROW && g_strcmp0(sl_text(st, 0), store->checksum_before) != 0;
    sqlite3_finalize(st);
    if (outside) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot undo: '%s' was changed outside vinfra after change %" PRId64
                      " (its content "
                      "checksum is not the one recorded); see 'vinfra check'"),
                    store->path, last);
        return FALSE;
    }
    if (target == 0 && !default_target(store, &target, err))
        return FALSE;
    if (target == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("nothing to undo in '%s'"), store->path);
        return FALSE;
    }
    change_info c;
    gboolean effect = TRUE;
    if (!read_change(store, target, &c, err) ||
        (c.found && !in_effect(store, target, &effect, err))) {
        change_info_clear(&c);
        return FALSE;
    }
    gboolean ok = FALSE;
    GArray *log = NULL;
    if (!c.found)
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("no change %" PRId64 " in the history of '%s' (see 'vinfra history')"),
                    target, store->path);
    else if (strcmp(c.action, "init") == 0)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("change %" PRId64 " (init) created the database: it cannot be undone"),
                    target);
    else if (!effect)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("change %" PRId64 " (%s) was already undone by change %" PRId64 ""), target,
                    store_action_name(c.action), c.undone_by);
    else if (c.nlog == 0)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("change %" PRId64 " (%s) changed no data: nothing to undo"), target,
                    store_action_name(c.action));
    else
        ok = check_dependents(store, target, c.action, err) &&
             (log = read_log(store, target, err)) != NULL;
    /* Backwards: the rows an import added go before its imports row. */
    for (guint i = log ? log->len : 0; ok && i-- > 0;) {
        const log_entry *e = &g_array_index(log, log_entry, i);
        if (strcmp(e->op, "insert") == 0) {
            char *sql = g_strdup_printf("DELETE FROM \"%s\" WHERE rowid=?", e->table);
            sqlite3_stmt *del = NULL;
            ok = sl_log_change(store, e->table, e->row, "delete", err) &&
                 (del = sl_prepare(store, sql, err)) != NULL;
            g_free(sql);
            if (ok) {
                sqlite3_bind_int64(del, 1, e->row);
                ok =
                    sqlite3_step(del) == SQLITE_DONE ? TRUE : sl_fail(store, err, _("cannot undo"));
            }
            sqlite3_finalize(del);
        } else if (strcmp(e->op, "update") == 0) {
            ok = sl_log_change(store, e->table, e->row, "update", err) &&
                 restore_row(store, e->table, e->row, target, e->seq, FALSE, err);
        } else {
            ok = restore_row(store, e->table, e->row, target, e->seq, TRUE, err) &&
                 sl_log_change(store, e->table, e->row, "insert", err);
        }
    }
    /* Verify: every row the change touched is as it was before; and when no
     * change with data came after it, the whole content is too. */
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; ok && log && i < log->len; i++) {
        gboolean same = FALSE;
        const log_entry *e = &g_array_index(log, log_entry, i);
        /* A row the change touched twice (an import's record, inserted and
         * its count written at the end) is checked by its first entry. */
        if (touched_before(seen, e))
            continue;
        if ((ok = row_restored(store, e, target, &same, err)) && !same) {
            char *label = row_label(store, e->table, e->row, target, e->seq);
            g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                        _("undo of change %" PRId64 " did not restore %s: nothing was changed"),
                        target, label);
            g_free(label);
            ok = FALSE;
        }
    }
    g_hash_table_destroy(seen);
    gint64 later = 0;
    if (ok) {
        char *q =
            g_strdup_printf("SELECT count(*) FROM change_log WHERE change_id > %" G_GINT64_FORMAT
                            " AND change_id < %" G_GINT64_FORMAT,
                            target, store->change_id);
        ok = sl_query_int(store, q, &later, err);
        g_free(q);
    }
    if (ok && later == 0 && c.checksum_before) {
        char *now = store_checksum(store, err);
        if (!now) {
            ok = FALSE;
        } else if (strcmp(now, c.checksum_before) != 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                        _("undo of change %" PRId64
                          " did not restore the content recorded before it (checksum "
                          "%s, expected %s): nothing was changed"),
                        target, now, c.checksum_before);
            ok = FALSE;
        }
        g_free(now);
    }
    if (ok) {
        char *q = g_strdup_printf("UPDATE history SET undone_by = %" G_GINT64_FORMAT
                                  " WHERE id = %" G_GINT64_FORMAT,
                                  store->change_id, target);
        char *detail =
            g_strdup_printf(_("change %" PRId64 " (%s)"), target, store_action_name(c.action));
        vi_change undo = {.action = "undo", .layer = c.layer, .detail = detail};
        ok = sl_exec(store, q, err) && store_history_insert(store, &undo, target, err);
        g_free(detail);
        g_free(q);
    }
    if (ok) {
        res->undone = target;
        res->recorded_as = store->change_id;
        res->action = g_strdup(c.action);
        res->layer = g_strdup(c.layer);
        for (guint i = 0; i < log->len; i++) {
            const log_entry *e = &g_array_index(log, log_entry, i);
            if (strcmp(e->table, "imports") == 0)
                continue;
            if (strcmp(e->op, "insert") == 0)
                res->removed++;
            else if (strcmp(e->op, "update") == 0)
                res->reverted++;
            else
                res->restored++;
        }
    }
    if (log)
        g_array_free(log, TRUE);
    change_info_clear(&c);
    return ok;
}
