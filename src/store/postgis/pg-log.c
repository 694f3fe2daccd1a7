/*
 * pg-log.c - the history of a server database and its content checksum.
 *
 * A change's id is the next history id; history_last() gives it to the
 * log trigger (pg-schema.c) as the transaction-local setting
 * vinfra.change_id, which is gone at COMMIT or ROLLBACK, so that a write
 * outside a vinfra change is never logged under an old id.
 *
 * The content checksum is computed by the server, table by table: the
 * SHA-256 of each row's text in key order, those digests hashed in turn
 * (32 bytes a row, not the rows themselves, cross the aggregate), and the
 * tables' digests hashed here in the order store-int.h gives.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"
#include "vinfra-config.h"

#include <string.h>

gboolean pg_history_last(vi_store *store, gint64 *last, GError **err)
{
    if (!pg_query_int(store, "SELECT coalesce(max(id), 0) FROM history", 0, NULL, last, err))
        return FALSE;
    char next[32];
    const char *params[] = {pg_int_text(next, *last + 1)};
    return pg_do(store, "SELECT set_config('vinfra.change_id', $1, true)", 1, params,
                 _("cannot start a change"), err);
}

gboolean pg_history_insert(vi_store *store, const vi_change *change, gint64 undoes,
                           const char *command_line, const char *after, GError **err)
{
    char id[32], exported[32], undone[32];
    /* On a server the change is the logged-in role's (a team, the office):
     * the role is what the permissions and the history's readers know. */
    const char *params[] = {pg_int_text(id, store->change_id),
                            PQuser(pg(store)->conn),
                            g_get_host_name(),
                            command_line,
                            change->action,
                            change->layer,
                            pg_int_text(exported, change->exported),
                            change->source_sha256,
                            change->detail,
                            VINFRA_VERSION,
                            store->checksum_before,
                            after,
                            undoes ? pg_int_text(undone, undoes) : NULL};
    return pg_do(
        store,
        "INSERT INTO history (id, at, \"user\", host, command_line, action, layer, added, changed,"
        " deleted, exported, source_sha256, detail, version, checksum_before, checksum_after,"
        " undoes)"
        " SELECT $1, to_char(clock_timestamp() AT TIME ZONE 'UTC',"
        " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), $2, $3, $4, $5, $6,"
        " count(*) FILTER (WHERE op = 'insert'), count(*) FILTER (WHERE op = 'update'),"
        " count(*) FILTER (WHERE op = 'delete'), $7, $8, $9, $10, $11, $12, $13"
        " FROM change_log WHERE change_id = $1 AND tbl <> 'imports'",
        13, params, _("cannot record the change in the history"), err);
}

typedef struct {
    vi_history_fn fn;
    void *user;
} history_scan;

static gint64 int_at(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : g_ascii_strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static gboolean history_row(PGresult *r, int row, void *ctx, GError **err)
{
    history_scan *scan = ctx;
    vi_history_entry h = {
        .id = int_at(r, row, 0),
        .at = pg_value(r, row, 1),
        .user = pg_value(r, row, 2),
        .host = pg_value(r, row, 3),
        .command_line = pg_value(r, row, 4),
        .action = pg_value(r, row, 5),
        .layer = pg_value(r, row, 6),
        .added = int_at(r, row, 7),
        .changed = int_at(r, row, 8),
        .deleted = int_at(r, row, 9),
        .exported = int_at(r, row, 10),
        .source_sha256 = pg_value(r, row, 11),
        .detail = pg_value(r, row, 12),
        .version = pg_value(r, row, 13),
        .checksum_before = pg_value(r, row, 14),
        .checksum_after = pg_value(r, row, 15),
        .undoes = int_at(r, row, 16),
        .undone_by = int_at(r, row, 17),
    };
    return scan->fn(&h, scan->user, err);
}

gboolean pg_history_scan(vi_store *store, const char *layer, const char *since, vi_history_fn fn,
                         void *user, GError **err)
{
    const char *params[] = {layer, since};
    return pg_cursor_scan(
        store,
        "SELECT id, at, \"user\", host, command_line, action, layer, added, changed, deleted,"
        " exported, source_sha256, detail, version, checksum_before, checksum_after, undoes,"
        " undone_by FROM history"
        " WHERE ($1::text IS NULL OR $1::text = ANY (string_to_array(layer, ',')))"
        " AND ($2::text IS NULL OR at >= $2::text) ORDER BY id",
        2, params, FALSE, history_row, &(history_scan){fn, user}, err);
}

/* The tables the checksum covers, in its order: the layers by name, then
 * imports, projects and photos. */
static GPtrArray *checksum_tables(vi_store *store)
{
    GPtrArray *tables = g_ptr_array_new();
    for (int i = 0; i < registry_layer_count(store->reg); i++)
        g_ptr_array_add(tables, (char *)registry_layer_at(store->reg, i)->name);
    for (guint i = 0; i + 1 < tables->len; i++)
        for (guint j = i + 1; j < tables->len; j++)
            if (strcmp(tables->pdata[i], tables->pdata[j]) > 0) {
                gpointer t = tables->pdata[i];
                tables->pdata[i] = tables->pdata[j];
                tables->pdata[j] = t;
            }
    g_ptr_array_add(tables, "imports");
    g_ptr_array_add(tables, "projects");
    g_ptr_array_add(tables, "photos");
    return tables;
}

char *pg_checksum(vi_store *store, GError **err)
{
    GPtrArray *tables = checksum_tables(store);
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < tables->len; i++) {
        const char *table = tables->pdata[i];
        gboolean exists = FALSE;
        ok = pg_table_exists(store, table, &exists, err);
        if (!ok || !exists)
            continue;
        /* With users, read as the owner (pg-roles.c): a role that may not
         * read personal fields still gets the checksum of every row. */
        char *sql = pg_roles_installed(store)
                        ? g_strdup("SELECT n, digest FROM vinfra_table_digest($1)")
                        : g_strdup_printf("SELECT count(*), coalesce(encode(sha256(string_agg("
                                          "sha256(convert_to(t::text, 'UTF8')), ''::bytea ORDER"
                                          " BY t.%s)), 'hex'), '') FROM \"%s\" t",
                                          pg_table_key(table), table);
        PGresult *r = pg_run(store, sql, pg_roles_installed(store) ? 1 : 0, &table,
                             _("cannot compute the content checksum"), err);
        g_free(sql);
        ok = r != NULL;
        if (ok) {
            g_checksum_update(sum, (const guchar *)table, -1);
            g_checksum_update(sum, (const guchar *)PQgetvalue(r, 0, 0), -1);
            g_checksum_update(sum, (const guchar *)PQgetvalue(r, 0, 1), -1);
        }
        PQclear(r);
    }
    char *hex = ok ? g_strdup(g_checksum_get_string(sum)) : NULL;
    g_checksum_free(sum);
    g_ptr_array_free(tables, TRUE);
    return hex;
}
