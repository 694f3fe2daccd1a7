/*
 * pg-sql.c - the helpers every file of the PostgreSQL backend uses: run a
 * statement with bound parameters, say why it failed (the server's
 * primary message, and a lost connection as lost), count the rows a
 * write touched, and read a large result through a cursor.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <inttypes.h>
#include <string.h>

enum { FETCH_ROWS = 5000 };

char *pg_one_line(const char *msg)
{
    GString *s = g_string_new(NULL);
    for (const char *c = msg ? msg : ""; *c; c++) {
        if (!g_ascii_isspace(*c))
            g_string_append_c(s, *c);
        else if (s->len && !g_ascii_isspace(c[1]) && c[1])
            g_string_append_c(s, ' ');
    }
    return g_string_free(s, FALSE);
}

/* The server's message without libpq's "ERROR:  " prefix, on one line. */
static char *server_message(PGconn *conn, PGresult *r)
{
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
    char *msg = primary && detail ? g_strdup_printf("%s (%s)", primary, detail)
                                  : g_strdup(primary ? primary : PQerrorMessage(conn));
    char *line = pg_one_line(msg);
    g_free(msg);
    return line;
}

void pg_rollback_quietly(vi_store *store)
{
    PQclear(PQexec(pg(store)->conn, "ROLLBACK"));
}

gboolean pg_fail_result(vi_store *store, PGresult *r, GError **err, const char *what)
{
    PGconn *conn = pg(store)->conn;
    char *msg = server_message(conn, r);
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    if (PQstatus(conn) == CONNECTION_BAD)
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    _("%s in '%s': the connection to the server was lost (PostgreSQL: %s)"), what,
                    store->path, msg);
    else if (state && strcmp(state, "42501") == 0) /* insufficient_privilege: a grant or policy */
        pg_roles_refusal(store, what, msg, err);
    else
        g_set_error(err, VI_ERROR, VI_ERROR_STORE, _("%s in '%s': PostgreSQL: %s"), what,
                    store->path, msg);
    g_free(msg);
    PQclear(r);
    return FALSE;
}

gboolean pg_fail(vi_store *store, GError **err, const char *what)
{
    return pg_fail_result(store, NULL, err, what);
}

void pg_count_rows(vi_store *store, PGresult *r)
{
    const char *n = PQcmdTuples(r);
    const char *status = PQcmdStatus(r);
    if (store->change_id && n && *n &&
        (g_str_has_prefix(status, "INSERT") || g_str_has_prefix(status, "UPDATE") ||
         g_str_has_prefix(status, "DELETE")))
        store->change_seq += g_ascii_strtoll(n, NULL, 10);
}

PGresult *pg_run(vi_store *store, const char *sql, int nparams, const char *const *params,
                 const char *what, GError **err)
{
    if (!pg_bulk_flush(store, err))
        return NULL;
    PGresult *r = PQexecParams(pg(store)->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        pg_fail_result(store, r, err, what ? what : _("database error"));
        return NULL;
    }
    pg_count_rows(store, r);
    return r;
}

gboolean pg_do(vi_store *store, const char *sql, int nparams, const char *const *params,
               const char *what, GError **err)
{
    PGresult *r = pg_run(store, sql, nparams, params, what, err);
    PQclear(r);
    return r != NULL;
}

gboolean pg_script(vi_store *store, const char *sql, const char *what, GError **err)
{
    if (!pg_bulk_flush(store, err))
        return FALSE;
    PGresult *r = PQexec(pg(store)->conn, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        return pg_fail_result(store, r, err, what);
    PQclear(r);
    return TRUE;
}

gboolean pg_query_int(vi_store *store, const char *sql, int nparams, const char *const *params,
                      gint64 *out, GError **err)
{
    PGresult *r = pg_run(store, sql, nparams, params, _("cannot read the database"), err);
    if (!r)
        return FALSE;
    *out = PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)
               ? g_ascii_strtoll(PQgetvalue(r, 0, 0), NULL, 10)
               : 0;
    PQclear(r);
    return TRUE;
}

gboolean pg_row_exists(vi_store *store, const char *sql, const char *p, gboolean *exists,
                       GError **err)
{
    PGresult *r = pg_run(store, sql, 1, &p, _("cannot read the database"), err);
    if (!r)
        return FALSE;
    *exists = PQntuples(r) > 0;
    PQclear(r);
    return TRUE;
}

gboolean pg_table_exists(vi_store *store, const char *table, gboolean *exists, GError **err)
{
    return pg_row_exists(store, "SELECT 1 WHERE to_regclass(quote_ident($1)) IS NOT NULL", table,
                         exists, err);
}

const char *pg_value(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

unsigned char *pg_unhex(const char *hex, size_t *len)
{
    size_t out = 0;
    unsigned char *bytes = PQunescapeBytea((const unsigned char *)hex, &out);
    /* PQunescapeBytea's memory is libpq's: copy it into GLib's. */
    unsigned char *copy = bytes ? g_memdup2(bytes, out) : NULL;
    PQfreemem(bytes);
    *len = copy ? out : 0;
    return copy;
}

const char *pg_int_text(char buf[32], gint64 v)
{
    g_snprintf(buf, 32, "%" G_GINT64_FORMAT, v);
    return buf;
}

gboolean pg_cursor_scan(vi_store *store, const char *sql, int nparams, const char *const *params,
                        gboolean binary, pg_row_fn row_fn, void *user, GError **err)
{
    if (!pg_bulk_flush(store, err))
        return FALSE;
    gboolean own_txn = !store->in_txn && PQtransactionStatus(pg(store)->conn) == PQTRANS_IDLE;
    if (own_txn && !pg_do(store, "BEGIN READ ONLY", 0, NULL, NULL, err))
        return FALSE;
    char name[32];
    g_snprintf(name, sizeof name, "vinfra_scan_%d", ++pg(store)->cursors);
    char *declare = g_strdup_printf("DECLARE %s NO SCROLL CURSOR FOR %s", name, sql);
    char *fetch = g_strdup_printf("FETCH %d FROM %s", FETCH_ROWS, name);
    gboolean ok = pg_do(store, declare, nparams, params, _("cannot read the database"), err);
    gboolean open = ok;
    while (ok) {
        PGresult *r = PQexecParams(pg(store)->conn, fetch, 0, NULL, NULL, NULL, NULL, binary);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            ok = pg_fail_result(store, r, err, _("cannot read the database"));
            break;
        }
        int n = PQntuples(r);
        for (int i = 0; ok && i < n; i++)
            ok = row_fn(r, i, user, err);
        PQclear(r);
        if (n < FETCH_ROWS)
            break;
    }
    if (open && PQtransactionStatus(pg(store)->conn) == PQTRANS_INTRANS) {
        char *close = g_strdup_printf("CLOSE %s", name);
        PQclear(PQexec(pg(store)->conn, close));
        g_free(close);
    }
    if (own_txn)
        PQclear(PQexec(pg(store)->conn, ok ? "COMMIT" : "ROLLBACK"));
    g_free(declare);
    g_free(fetch);
    return ok;
}

gint64 pg_binary_int64(PGresult *r, int row, int col)
{
    guint64 be = 0;
    if (PQgetlength(r, row, col) == 8)
        memcpy(&be, PQgetvalue(r, row, col), 8);
    return (gint64)GUINT64_FROM_BE(be);
}

double pg_binary_double(PGresult *r, int row, int col)
{
    guint64 bits = (guint64)pg_binary_int64(r, row, col);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}
