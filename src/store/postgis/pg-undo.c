/*
 * pg-undo.c - taking a change back on a server database: the change log
 * the trigger wrote (pg-schema.c) replayed backwards in the transaction
 * store_undo() opened, verified row by row and, when nothing came after,
 * by the content checksum; the rules are SpatiaLite's (sl-undo.c), so
 * that undo refuses and succeeds alike on either store.  The undo's own
 * writes are logged by the same trigger, under the undo's change id.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <inttypes.h>
#include <string.h>

typedef struct {
    gint64 seq;
    char *table, *row, *op;
} log_entry;

static void log_entry_clear(gpointer p)
{
    log_entry *e = p;
    g_free(e->table);
    g_free(e->row);
    g_free(e->op);
}

static GArray *read_log(vi_store *store, gint64 id, GError **err)
{
    char idt[32];
    const char *params[] = {pg_int_text(idt, id)};
    PGresult *r =
        pg_run(store, "SELECT seq, tbl, row, op FROM change_log WHERE change_id = $1 ORDER BY seq",
               1, params, _("cannot read the change log"), err);
    if (!r)
        return NULL;
    GArray *log = g_array_new(FALSE, TRUE, sizeof(log_entry));
    g_array_set_clear_func(log, log_entry_clear);
    gboolean ok = TRUE;
    for (int i = 0; i < PQntuples(r); i++) {
        log_entry e = {g_ascii_strtoll(PQgetvalue(r, i, 0), NULL, 10),
                       g_strdup(PQgetvalue(r, i, 1)), g_strdup(PQgetvalue(r, i, 2)),
                       g_strdup(PQgetvalue(r, i, 3))};
        /* Names from the log go into SQL text: only our own identifiers pass. */
        if (!store_is_identifier(e.table))
            ok = FALSE;
        g_array_append_val(log, e);
    }
    PQclear(r);
    if (!ok) {
        g_array_free(log, TRUE);
        g_set_error(err, VI_ERROR, VI_ERROR_STORE, _("cannot read the change log of '%s'"),
                    store->path);
        return NULL;
    }
    return log;
}

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
    char idt[32];
    const char *params[] = {pg_int_text(idt, id)};
    PGresult *r = pg_run(store,
                         "SELECT action, layer, checksum_before, coalesce(undone_by, 0),"
                         " (SELECT count(*) FROM change_log WHERE change_id = h.id)"
                         " FROM history h WHERE id = $1",
                         1, params, _("cannot read the history"), err);
    if (!r)
        return FALSE;
    if (PQntuples(r) > 0) {
        c->found = TRUE;
        c->action = g_strdup(pg_value(r, 0, 0));
        c->layer = g_strdup(pg_value(r, 0, 1));
        c->checksum_before = g_strdup(pg_value(r, 0, 2));
        c->undone_by = g_ascii_strtoll(PQgetvalue(r, 0, 3), NULL, 10);
        c->nlog = g_ascii_strtoll(PQgetvalue(r, 0, 4), NULL, 10);
    }
    PQclear(r);
    return TRUE;
}

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
static char *row_label(vi_store *store, const char *table, const char *row, gint64 change_id,
                       gint64 seq)
{
    char *sql = g_strdup_printf("SELECT coalesce((SELECT old->>'id' FROM change_log WHERE"
                                " change_id = $1 AND seq = $2),"
                                " (SELECT id::text FROM \"%s\" WHERE %s = $3))",
                                table, pg_table_key(table));
    char cid[32], s[32];
    const char *params[] = {pg_int_text(cid, change_id), pg_int_text(s, seq), row};
    PGresult *r = pg_run(store, sql, 3, params, NULL, NULL);
    g_free(sql);
    const char *id = r && PQntuples(r) ? pg_value(r, 0, 0) : NULL;
    char *label = strcmp(table, "imports") == 0 ? g_strdup_printf(_("import %s"), id ? id : "?")
                  : strcmp(table, "projects") == 0
                      ? g_strdup_printf(_("project \"%s\""), id ? id : "?")
                      : g_strdup_printf(_("%s feature \"%s\""), table, id ? id : "?");
    PQclear(r);
    return label;
}

/* Refuse to undo change ID when a later change in effect touched a row it
 * touched: the latest such change, named with the first of those rows.
 * One row per later change (DISTINCT ON), as an import's rows redone and
 * undone again would otherwise ask for each row whether its change is in
 * effect. */
static gboolean check_dependents(vi_store *store, gint64 id, const char *action, GError **err)
{
    char idt[32];
    const char *params[] = {pg_int_text(idt, id)};
    PGresult *r = pg_run(store,
                         "SELECT DISTINCT ON (l.change_id) l.change_id, h.action, l.tbl, l.row,"
                         " l.seq"
                         " FROM change_log c JOIN change_log l ON l.tbl = c.tbl"
                         " AND l.row = c.row AND l.change_id > c.change_id"
                         " JOIN history h ON h.id = l.change_id"
                         " WHERE c.change_id = $1::bigint"
                         " AND (h.action <> 'undo' OR h.undoes < $1::bigint)"
                         " ORDER BY l.change_id DESC, l.seq",
                         1, params, _("cannot read the change log"), err);
    if (!r)
        return FALSE;
    gboolean ok = TRUE;
    for (int i = 0; ok && i < PQntuples(r); i++) {
        gint64 later = g_ascii_strtoll(PQgetvalue(r, i, 0), NULL, 10);
        gboolean effect = FALSE;
        if (!(ok = in_effect(store, later, &effect, err)) || !effect)
            continue;
        if (!store_is_identifier(PQgetvalue(r, i, 2)))
            continue;
        char *label = row_label(store, PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), later,
                                g_ascii_strtoll(PQgetvalue(r, i, 4), NULL, 10));
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot undo change %" PRId64 " (%s): change %" PRId64
                      " (%s) later changed the same data "
                      "(%s); undo change %" PRId64 " first"),
                    id, store_action_name(action), later, store_action_name(PQgetvalue(r, i, 1)),
                    label, later);
        g_free(label);
        ok = FALSE;
    }
    PQclear(r);
    return ok;
}

/* The columns of TABLE, quoted, each after PREFIX (as "r."), joined with
 * ", " (owned); "c = r.c" pairs for an UPDATE when SET. */
static char *table_columns(vi_store *store, const char *table, const char *prefix, gboolean set,
                           GError **err)
{
    PGresult *r =
        pg_run(store,
               "SELECT attname FROM pg_attribute WHERE attrelid = quote_ident($1)::regclass"
               " AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
               1, &table, _("cannot read the columns of a table"), err);
    if (!r)
        return NULL;
    GString *cols = g_string_new(NULL);
    for (int i = 0; i < PQntuples(r); i++) {
        const char *c = PQgetvalue(r, i, 0);
        g_string_append(cols, i ? ", " : "");
        if (set)
            g_string_append_printf(cols, "\"%s\" = ", c);
        g_string_append_printf(cols, "%s\"%s\"", prefix, c);
    }
    PQclear(r);
    return g_string_free(cols, FALSE);
}

/* The type of TABLE's key, which the log keeps as text (pg-schema.c:
 * projects by their text id, every other table by a bigint): the key is
 * compared with the log's row cast to it, so that the key's index serves. */
static const char *key_type(const char *table)
{
    return strcmp(table, "projects") == 0 ? "text" : "bigint";
}

static gboolean is_layer(vi_store *store, const char *table)
{
    return registry_layer(store->reg, table) != NULL;
}

/* The entries FIRST to LAST of LOG (one table, one operation, in log
 * order), each with its row as the table's record (r) after JOIN_OLD. */
#define RUN_ENTRIES " WHERE l.change_id = $1 AND l.seq BETWEEN $2 AND $3"
#define JOIN_OLD " FROM change_log l, jsonb_populate_record(NULL::\"%s\", l.old) r"

/* Take back the entries FIRST to LAST of LOG, which change ID logged, in
 * one statement (a statement a row would make a large import's undo one
 * round trip per row): delete what it inserted, insert what it deleted,
 * set back what it updated (a row it updated twice, as the first entry
 * logged it). */
static gboolean replay_run(vi_store *store, GArray *log, guint first, guint last, gint64 id,
                           GError **err)
{
    const log_entry *e = &g_array_index(log, log_entry, first);
    const char *table = e->table, *key = pg_table_key(table);
    gboolean insert = strcmp(e->op, "insert") == 0, update = strcmp(e->op, "update") == 0;
    char *sql = NULL;
    if (insert) {
        sql = g_strdup_printf("DELETE FROM \"%s\" WHERE %s IN (SELECT CAST(l.row AS %s)"
                              " FROM change_log l" RUN_ENTRIES ")",
                              table, key, key_type(table));
    } else {
        char *cols = table_columns(store, table, "", FALSE, err);
        char *from = table_columns(store, table, "r.", update, err);
        if (cols && from)
            sql = update
                      ? g_strdup_printf(
                            "UPDATE \"%s\" t SET %s FROM (SELECT DISTINCT ON (l.row) r.*" JOIN_OLD
                                RUN_ENTRIES " ORDER BY l.row, l.seq) r WHERE t.%s = r.%s",
                            table, from, table, key, key)
                      : g_strdup_printf("INSERT INTO \"%s\" (%s) SELECT %s" JOIN_OLD RUN_ENTRIES
                                        " ORDER BY l.seq DESC",
                                        table, cols, from, table);
        g_free(cols);
        g_free(from);
        if (!sql)
            return FALSE;
    }
    char cid[32], lo[32], hi[32];
    const char *params[] = {pg_int_text(cid, id), pg_int_text(lo, e->seq),
                            pg_int_text(hi, g_array_index(log, log_entry, last).seq)};
    PGresult *r =
        pg_run(store, sql, 3, params, insert ? _("cannot undo") : _("cannot restore a row"), err);
    g_free(sql);
    if (!r)
        return FALSE;
    /* Each row it deleted comes back, each row it updated is set back. */
    gint64 want = insert ? -1 : (gint64)(last - first + 1);
    if (update) {
        GHashTable *rows = g_hash_table_new(g_str_hash, g_str_equal);
        for (guint i = first; i <= last; i++)
            g_hash_table_add(rows, g_array_index(log, log_entry, i).row);
        want = g_hash_table_size(rows);
        g_hash_table_destroy(rows);
    }
    gboolean ok = want < 0 || g_ascii_strtoll(PQcmdTuples(r), NULL, 10) == want;
    PQclear(r);
    if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("cannot restore row %s of \"%s\" in '%s': the change log is damaged"), e->row,
                    table, store->path);
    return ok;
}

/* The first entry (by its place in the log, into *SEQ and *ROW; 0 when
 * none) of change ID on TABLE whose row is not now as that entry logged
 * it: present when the change inserted it, or else absent or other.  A row
 * the change touched twice is checked by its first entry. */
static gboolean first_not_restored(vi_store *store, const char *table, gint64 id, gint64 *seq,
                                   char **row, GError **err)
{
    const char *key = pg_table_key(table);
    const char *now = is_layer(store, table)
                          ? "jsonb_set(to_jsonb(t), '{geom}', coalesce(to_jsonb(encode("
                            "ST_AsEWKB(t.geom), 'hex')), 'null'::jsonb))"
                          : "to_jsonb(t)";
    char *sql = g_strdup_printf(
        "SELECT e.seq, e.row FROM (SELECT DISTINCT ON (l.row) l.row, l.seq, l.op, l.old"
        " FROM change_log l WHERE l.change_id = $1 AND l.tbl = $2 ORDER BY l.row, l.seq) e"
        " LEFT JOIN \"%s\" t ON t.%s = CAST(e.row AS %s)"
        " WHERE CASE WHEN e.op = 'insert' THEN t.%s IS NOT NULL"
        " ELSE t.%s IS NULL OR %s IS DISTINCT FROM e.old END ORDER BY e.seq LIMIT 1",
        table, key, key_type(table), key, key, now);
    char cid[32];
    const char *params[] = {pg_int_text(cid, id), table};
    PGresult *r = pg_run(store, sql, 2, params, _("cannot read a row"), err);
    g_free(sql);
    if (!r)
        return FALSE;
    *seq = PQntuples(r) ? g_ascii_strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
    *row = PQntuples(r) ? g_strdup(PQgetvalue(r, 0, 1)) : NULL;
    PQclear(r);
    return TRUE;
}

static gboolean default_target(vi_store *store, gint64 *target, GError **err)
{
    *target = 0;
    PGresult *r = pg_run(store,
                         "SELECT id FROM history h WHERE action <> 'undo' AND EXISTS"
                         " (SELECT 1 FROM change_log WHERE change_id = h.id) ORDER BY id DESC",
                         0, NULL, _("cannot read the history"), err);
    if (!r)
        return FALSE;
    gboolean ok = TRUE;
    for (int i = 0; ok && !*target && i < PQntuples(r); i++) {
        gboolean effect = FALSE;
        gint64 id = g_ascii_strtoll(PQgetvalue(r, i, 0), NULL, 10);
        if ((ok = in_effect(store, id, &effect, err)) && effect)
            *target = id;
    }
    PQclear(r);
    return ok;
}

/* Whether the content is not what the last change left: then something
 * else wrote to the database and the log no longer describes it. */
static gboolean changed_outside(vi_store *store, gint64 *last, gboolean *outside, GError **err)
{
    *outside = FALSE;
    if (!pg_query_int(store, "SELECT coalesce(max(id), 0) FROM history", 0, NULL, last, err))
        return FALSE;
    char idt[32];
    const char *params[] = {pg_int_text(idt, *last)};
    PGresult *r = pg_run(store, "SELECT checksum_after FROM history WHERE id = $1", 1, params,
                         _("cannot read the history"), err);
    if (!r)
        return FALSE;
    *outside = PQntuples(r) > 0 && g_strcmp0(pg_value(r, 0, 0), store->checksum_before) != 0;
    PQclear(r);
    return TRUE;
}

/* Replay LOG of change TARGET backwards, a run of entries of one table
 * and operation at a time, then check every row it touched, table by
 * table; the first row (in log order) not put back is named. */
static gboolean replay(vi_store *store, GArray *log, gint64 target, GError **err)
{
    gboolean ok = TRUE;
    for (guint last = log->len; ok && last-- > 0;) {
        const log_entry *e = &g_array_index(log, log_entry, last);
        guint first = last;
        while (first > 0 && strcmp(g_array_index(log, log_entry, first - 1).table, e->table) == 0 &&
               strcmp(g_array_index(log, log_entry, first - 1).op, e->op) == 0)
            first--;
        ok = replay_run(store, log, first, last, target, err);
        last = first;
    }
    GHashTable *tables = g_hash_table_new(g_str_hash, g_str_equal);
    gint64 bad_seq = 0;
    char *bad_row = NULL;
    const char *bad_table = NULL;
    for (guint i = 0; ok && i < log->len; i++) {
        const char *table = g_array_index(log, log_entry, i).table;
        gint64 seq = 0;
        char *row = NULL;
        if (!g_hash_table_add(tables, (char *)table))
            continue;
        ok = first_not_restored(store, table, target, &seq, &row, err);
        if (ok && row && (!bad_row || seq < bad_seq)) {
            g_free(bad_row);
            bad_seq = seq, bad_row = row, bad_table = table;
        } else {
            g_free(row);
        }
    }
    g_hash_table_destroy(tables);
    if (ok && bad_row) {
        char *label = row_label(store, bad_table, bad_row, target, bad_seq);
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("undo of change %" PRId64 " did not restore %s: nothing was changed"), target,
                    label);
        g_free(label);
        ok = FALSE;
    }
    g_free(bad_row);
    return ok;
}

gboolean pg_undo(vi_store *store, gint64 target, vi_undo_result *res, GError **err)
{
    gint64 last = 0;
    gboolean outside = FALSE;
    if (!pg_roles_may_undo(store, err) || !changed_outside(store, &last, &outside, err))
        return FALSE;
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
             (log = read_log(store, target, err)) != NULL && replay(store, log, target, err);
    gint64 later = 0;
    if (ok) {
        char a[32], b[32];
        const char *params[] = {pg_int_text(a, target), pg_int_text(b, store->change_id)};
        ok = pg_query_int(store,
                          "SELECT count(*) FROM change_log WHERE change_id > $1::bigint AND"
                          " change_id < $2::bigint",
                          2, params, &later, err);
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
        char a[32], b[32];
        const char *params[] = {pg_int_text(a, store->change_id), pg_int_text(b, target)};
        char *detail =
            g_strdup_printf(_("change %" PRId64 " (%s)"), target, store_action_name(c.action));
        vi_change undo = {.action = "undo", .layer = c.layer, .detail = detail};
        ok = pg_do(store, "UPDATE history SET undone_by = $1 WHERE id = $2", 2, params,
                   _("cannot record the undo"), err) &&
             store_history_insert(store, &undo, target, err);
        g_free(detail);
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
