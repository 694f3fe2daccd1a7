/*
 * pg-bulk.c - the features of a bulk transaction (an import of 100,000
 * households) streamed to the server with COPY instead of one INSERT each.
 *
 * One INSERT a feature costs a round trip and, above all, a call of the
 * log trigger, whose to_jsonb(NEW) turns each row's geometry into GeoJSON
 * only to read its fid: about 10 s of the server's time for the county's
 * households.  Here the rows go, in COPY's text form, into a temporary
 * staging table of the layer's columns (its geometry as WKB bytes); a
 * flush then moves them into the layer in one statement, with the same
 * geometry expression as the INSERT (pg_append_geometry()), in the order
 * they came, and writes their change-log rows as the trigger writes them
 * for an insert (change id, next change_log_seq, table, fid as text,
 * 'insert'), in fid order, while vinfra.change_id is empty so that the
 * trigger itself logs nothing.  Fids and log numbers are drawn from the
 * same sequences in the same order as row by row, so a bulk import and a
 * row-by-row one leave identical databases.
 *
 * A flush comes every BATCH_ROWS rows, when the layer changes, and before
 * any other statement runs on the connection (pg_run(), pg_script(),
 * pg_cursor_scan() and the direct libpq calls call pg_bulk_flush()): while
 * COPY is open, libpq can send nothing else.  The server's refusal of a
 * row (a duplicate id, a bad value) therefore comes at a flush, from
 * whichever call made it, naming the layer, the feature when COPY says
 * which line, and the server's words; the caller rolls everything back.
 * Each row counts in ->change_seq when it is queued, as the INSERT it
 * replaces would have.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <stdlib.h>
#include <string.h>

enum {
    BATCH_ROWS = 10000,  /* rows moved into the layer at a time */
    SEND_BYTES = 1 << 18 /* COPY data handed to libpq at a time */
};

struct pg_bulk {
    const vi_layer *layer; /* the layer whose COPY is open; NULL: none */
    GString *buf;          /* COPY data not yet handed to libpq */
    GPtrArray *ids;        /* ids of the open COPY's rows, in order (owned) */
    GHashTable *staged;    /* layers whose staging table this transaction made */
};

typedef struct pg_bulk pg_bulk;

gboolean pg_bulk_start(vi_store *store, GError **err)
{
    pg_bulk_end(store);
    const char *env = getenv("VINFRA_PG_COPY");
    if (env && strcmp(env, "0") == 0)
        return TRUE;
    /* The staging tables are temporary tables, and the moved rows are
     * logged by this connection, not by the trigger: a role the database
     * allows neither (a team under row-level security, whose change log the
     * trigger writes as the owner) writes row by row. */
    gint64 temp = 0;
    if (!pg_query_int(store,
                      "SELECT (has_database_privilege(current_database(), 'TEMPORARY')"
                      " AND has_table_privilege('change_log', 'INSERT'))::int",
                      0, NULL, &temp, err))
        return FALSE;
    if (!temp)
        return TRUE;
    pg_bulk *b = g_new0(pg_bulk, 1);
    b->buf = g_string_sized_new(SEND_BYTES + 4096);
    b->ids = g_ptr_array_new_with_free_func(g_free);
    b->staged = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    pg(store)->bulk = b;
    return TRUE;
}

/* Read and drop what the server still has to say about the COPY. */
static void drain(PGconn *conn)
{
    PGresult *r;
    while ((r = PQgetResult(conn)))
        PQclear(r);
}

void pg_bulk_end(vi_store *store)
{
    pg_bulk *b = pg(store)->bulk;
    if (!b)
        return;
    if (b->layer) {
        PQputCopyEnd(pg(store)->conn, "vinfra rolled the import back");
        drain(pg(store)->conn);
    }
    g_string_free(b->buf, TRUE);
    g_ptr_array_free(b->ids, TRUE);
    g_hash_table_destroy(b->staged);
    g_free(b);
    pg(store)->bulk = NULL;
}

gboolean pg_bulk_active(vi_store *store)
{
    return pg(store)->bulk && store->in_txn;
}

/* Text in COPY's text form: the backslash and the column and row
 * separators escaped. */
static void put_text(GString *buf, const char *v)
{
    if (!v) {
        g_string_append(buf, "\\N");
        return;
    }
    while (*v) {
        size_t n = strcspn(v, "\\\t\n\r");
        g_string_append_len(buf, v, (gssize)n);
        v += n;
        if (*v) {
            g_string_append_c(buf, '\\');
            g_string_append_c(buf, *v == '\t' ? 't' : *v == '\n' ? 'n' : *v == '\r' ? 'r' : '\\');
            v++;
        }
    }
}

static void put_int(GString *buf, gint64 v, gboolean null)
{
    if (null)
        g_string_append(buf, "\\N");
    else
        g_string_append_printf(buf, "%" G_GINT64_FORMAT, v);
}

/* Bytes as a bytea in COPY's text form: \\x and hex digits. */
static void put_bytes(GString *buf, const unsigned char *bytes, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (!bytes) {
        g_string_append(buf, "\\N");
        return;
    }
    g_string_append(buf, "\\\\x");
    gsize at = buf->len;
    g_string_set_size(buf, at + 2 * n);
    for (size_t i = 0; i < n; i++) {
        buf->str[at + 2 * i] = hex[bytes[i] >> 4];
        buf->str[at + 2 * i + 1] = hex[bytes[i] & 15];
    }
}

/* Hand the rows kept so far to libpq. */
static gboolean send_rows(pg_bulk *b, PGconn *conn)
{
    gboolean ok = b->buf->len == 0 || PQputCopyData(conn, b->buf->str, (int)b->buf->len) == 1;
    g_string_truncate(b->buf, 0);
    return ok;
}

static char *failure_what(const vi_layer *layer)
{
    return g_strdup_printf(_("cannot insert the features of layer \"%s\""), layer->name);
}

/* FALSE with ERR for LAYER's rows refused by the server in R (freed). */
static gboolean rows_failed(vi_store *store, const vi_layer *layer, PGresult *r, GError **err)
{
    char *what = failure_what(layer);
    pg_fail_result(store, r, err, what);
    g_free(what);
    return FALSE;
}

/* The feature of line LINE of the COPY that R refused, from its context
 * ("COPY vinfra_bulk_households, line 3, column members: ..."); NULL when
 * the server does not say (or says it in another language). */
static const char *refused_id(const pg_bulk *b, PGresult *r)
{
    const char *ctx = r ? PQresultErrorField(r, PG_DIAG_CONTEXT) : NULL;
    const char *at = ctx ? strstr(ctx, ", line ") : NULL;
    long line = at ? strtol(at + strlen(", line "), NULL, 10) : 0;
    return line >= 1 && (guint)line <= b->ids->len ? b->ids->pdata[line - 1] : NULL;
}

/* The COPY of LAYER's rows was refused with R (freed). */
static gboolean copy_failed(vi_store *store, const pg_bulk *b, const vi_layer *layer, PGresult *r,
                            GError **err)
{
    const char *id = refused_id(b, r);
    if (!id)
        return rows_failed(store, layer, r, err);
    char *what =
        g_strdup_printf(_("cannot insert feature \"%s\" into layer \"%s\""), id, layer->name);
    pg_fail_result(store, r, err, what);
    g_free(what);
    return FALSE;
}

/* Move the staged rows of LAYER into it, logged as the trigger logs an
 * insert, and empty the staging table: one round trip of four statements
 * (identifiers from the registry and our own change id only). */
static gboolean move_rows(vi_store *store, const vi_layer *layer, GError **err)
{
    GString *sql = g_string_new(NULL);
    gint64 cid = store->change_id;
    if (cid)
        g_string_append(sql, "SELECT set_config('vinfra.change_id', '', true);"
                             " WITH moved AS (");
    g_string_append_printf(sql, "INSERT INTO \"%s\" (", layer->name);
    pg_append_insert_columns(sql, layer);
    g_string_append(sql, ", geom) SELECT ");
    pg_append_insert_columns(sql, layer);
    g_string_append(sql, ", ");
    pg_append_geometry(sql, layer, "vinfra_wkb");
    g_string_append_printf(sql, " FROM \"vinfra_bulk_%s\" ORDER BY vinfra_n", layer->name);
    if (cid)
        g_string_append_printf(sql,
                               " RETURNING fid) INSERT INTO change_log (change_id, seq, tbl, row,"
                               " op) SELECT %" G_GINT64_FORMAT ", nextval('change_log_seq'),"
                               " '%s', fid::text, 'insert' FROM moved ORDER BY moved.fid;"
                               " SELECT set_config('vinfra.change_id', '%" G_GINT64_FORMAT
                               "', true)",
                               cid, layer->name, cid);
    g_string_append_printf(sql, "; TRUNCATE \"vinfra_bulk_%s\"", layer->name);
    PGresult *r = PQexec(pg(store)->conn, sql->str);
    g_string_free(sql, TRUE);
    ExecStatusType s = PQresultStatus(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        return rows_failed(store, layer, r, err);
    PQclear(r);
    return TRUE;
}

gboolean pg_bulk_flush(vi_store *store, GError **err)
{
    pg_bulk *b = pg(store)->bulk;
    if (!b || !b->layer)
        return TRUE;
    const vi_layer *layer = b->layer;
    b->layer = NULL; /* whatever happens, the COPY ends here */
    PGconn *conn = pg(store)->conn;
    gboolean ok = send_rows(b, conn) && PQputCopyEnd(conn, NULL) == 1;
    PGresult *r = PQgetResult(conn);
    if (ok && PQresultStatus(r) == PGRES_COMMAND_OK)
        PQclear(r);
    else
        ok = copy_failed(store, b, layer, r, err);
    drain(conn);
    ok = ok && move_rows(store, layer, err);
    g_ptr_array_set_size(b->ids, 0);
    return ok;
}

/* Open the COPY of LAYER's rows, making its staging table on first use:
 * the layer's columns with their types, the order of arrival, the WKB. */
static gboolean copy_start(vi_store *store, pg_bulk *b, const vi_layer *layer, GError **err)
{
    char *what = failure_what(layer);
    gboolean ok = TRUE;
    if (!g_hash_table_contains(b->staged, layer->name)) {
        GString *sql = g_string_new(NULL);
        g_string_append_printf(sql,
                               "CREATE TEMPORARY TABLE \"vinfra_bulk_%s\" ON COMMIT DROP AS"
                               " SELECT 0::bigint AS vinfra_n, ",
                               layer->name);
        pg_append_insert_columns(sql, layer);
        g_string_append_printf(sql, ", NULL::bytea AS vinfra_wkb FROM \"%s\" WITH NO DATA",
                               layer->name);
        ok = pg_script(store, sql->str, what, err);
        g_string_free(sql, TRUE);
        if (ok)
            g_hash_table_add(b->staged, g_strdup(layer->name));
    }
    if (ok) {
        char *copy = g_strdup_printf("COPY \"vinfra_bulk_%s\" FROM STDIN", layer->name);
        PGresult *r = PQexec(pg(store)->conn, copy);
        g_free(copy);
        if (PQresultStatus(r) == PGRES_COPY_IN) {
            PQclear(r);
            b->layer = layer;
        } else {
            ok = pg_fail_result(store, r, err, what);
        }
    }
    g_free(what);
    return ok;
}

gboolean pg_bulk_insert(vi_store *store, const vi_layer *layer, const vi_feature *f,
                        gint64 import_id, GError **err)
{
    pg_bulk *b = pg(store)->bulk;
    if (b->layer && (b->layer != layer || b->ids->len >= BATCH_ROWS) && !pg_bulk_flush(store, err))
        return FALSE;
    if (!b->layer && !copy_start(store, b, layer, err))
        return FALSE;
    GString *buf = b->buf;
    put_int(buf, b->ids->len + 1, FALSE);
    const char *text[] = {f->id, f->village, f->name, f->status};
    for (size_t i = 0; i < G_N_ELEMENTS(text); i++) {
        g_string_append_c(buf, '\t');
        put_text(buf, text[i]);
    }
    g_string_append_c(buf, '\t');
    put_int(buf, f->year, !f->year);
    g_string_append_c(buf, '\t');
    put_text(buf, f->project);
    g_string_append_c(buf, '\t');
    put_int(buf, import_id, !import_id);
    for (int i = 0; i < layer->nattrs; i++) {
        g_string_append_c(buf, '\t');
        put_text(buf, f->attrs ? f->attrs[i] : NULL);
    }
    g_string_append_c(buf, '\t');
    put_bytes(buf, f->wkb, f->wkb_size);
    g_string_append_c(buf, '\n');
    g_ptr_array_add(b->ids, g_strdup(f->id));
    if (store->change_id)
        store->change_seq++;
    if (buf->len >= SEND_BYTES && !send_rows(b, pg(store)->conn)) {
        /* The connection failed: the flush gets the server's word. */
        if (pg_bulk_flush(store, err))
            rows_failed(store, layer, NULL, err);
        return FALSE;
    }
    return TRUE;
}
