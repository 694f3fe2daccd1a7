/*
 * pg-open.c - a vinfra database on a PostgreSQL + PostGIS server: which
 * names are its (postgresql:// URIs and libpq's "host=... dbname=..."),
 * the connection (options that fail fast on a dead link, versions checked),
 * create and open, transactions, and the methods table.
 *
 * Passwords never come on the command line, where ps and the history
 * would show them: a name that holds one is refused, and libpq takes it
 * from ~/.pgpass or PGPASSWORD.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <stdlib.h>
#include <string.h>

/* The lock every writer takes at BEGIN ("vinfra" in ASCII), so that
 * changes queue as SQLite's writers queue on the file. */
#define PG_WRITE_LOCK "1986618466"

static gboolean pg_identify(const char *name)
{
    if (g_str_has_prefix(name, "postgresql://") || g_str_has_prefix(name, "postgres://"))
        return TRUE;
    /* libpq's keyword form, "host=/run/x dbname=lantian": a first word that
     * is one of its connection keywords, then "=". */
    static const char *const first[] = {"host", "hostaddr", "port", "dbname", "user", "service"};
    size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz");
    const char *p = name + n;
    while (*p == ' ')
        p++;
    if (*p != '=')
        return FALSE;
    for (size_t i = 0; i < G_N_ELEMENTS(first); i++)
        if (strlen(first[i]) == n && strncmp(name, first[i], n) == 0)
            return TRUE;
    return FALSE;
}

/* Whether the connection string NAME holds a password. */
static gboolean has_password(const char *name)
{
    char *errmsg = NULL;
    PQconninfoOption *opts = PQconninfoParse(name, &errmsg);
    gboolean found = FALSE;
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (strcmp(o->keyword, "password") == 0 && o->val && *o->val)
            found = TRUE;
    PQconninfoFree(opts);
    PQfreemem(errmsg);
    return found;
}

static gboolean check_name(const char *name, GError **err)
{
    char *errmsg = NULL;
    PQconninfoOption *opts = PQconninfoParse(name, &errmsg);
    if (!opts) {
        if (errmsg)
            g_strstrip(errmsg);
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot read the connection string '%s': %s (expected "
                      "postgresql://USER@HOST/DBNAME or \"host=HOST dbname=DBNAME\")"),
                    name, errmsg ? errmsg : "");
        PQfreemem(errmsg);
        return FALSE;
    }
    PQconninfoFree(opts);
    if (has_password(name)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("the connection string '%s' holds a password: leave it out and put it in "
                      "~/.pgpass or PGPASSWORD, where the command line and the history do not "
                      "show it"),
                    name);
        return FALSE;
    }
    return TRUE;
}

/* Connect to NAME with the options that make a dead link fail in seconds,
 * not minutes (the name's own options win). */
static PGconn *connect_to(const char *name, GError **err)
{
    const char *const keywords[] = {"connect_timeout",  "keepalives",
                                    "keepalives_idle",  "keepalives_interval",
                                    "keepalives_count", "tcp_user_timeout",
                                    "application_name", "client_encoding",
                                    "dbname",           NULL};
    const char *const values[] = {"10",    "1",      "30",   "10", "3",
                                  "30000", "vinfra", "UTF8", name, NULL};
    PGconn *conn = PQconnectdbParams(keywords, values, 1);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        char *msg = g_strdup(conn ? PQerrorMessage(conn) : "out of memory");
        g_strstrip(msg);
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    _("cannot connect to database '%s': PostgreSQL: %s"), name, msg);
        g_free(msg);
        PQfinish(conn);
        return NULL;
    }
    return conn;
}

/* The server is 12 or later, PostGIS 3 or later. */
static gboolean check_versions(vi_store *store, GError **err)
{
    int server = PQserverVersion(pg(store)->conn);
    if (server < 120000) {
        g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                    _("database '%s': the server is PostgreSQL %d.%d; vinfra needs 12 or later"),
                    store->path, server / 10000, server % 10000 / 100);
        return FALSE;
    }
    PGresult *r = pg_run(store, "SELECT extversion FROM pg_extension WHERE extname = 'postgis'", 0,
                         NULL, _("cannot read the server's extensions"), err);
    if (!r)
        return FALSE;
    const char *v = PQntuples(r) ? pg_value(r, 0, 0) : NULL;
    int major = v ? atoi(v) : 0;
    if (major < 3) {
        if (v)
            g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                        _("database '%s' has PostGIS %s; vinfra needs PostGIS 3 or later "
                          "(ALTER EXTENSION postgis UPDATE, as the server's administrator)"),
                        store->path, v);
        else
            g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                        _("database '%s' has no PostGIS: create it with 'CREATE EXTENSION "
                          "postgis' as the server's administrator, or let 'vinfra init' do it"),
                        store->path);
    }
    PQclear(r);
    return major >= 3;
}

static vi_store *pg_connect(const char *name, const vi_registry *reg, gboolean readonly,
                            GError **err)
{
    if (!check_name(name, err))
        return NULL;
    PGconn *conn = connect_to(name, err);
    if (!conn)
        return NULL;
    pg_store *s = g_new0(pg_store, 1);
    s->base.backend = &store_postgis_backend;
    s->base.path = g_strdup(name);
    s->base.reg = reg;
    s->conn = conn;
    s->conninfo = g_strdup(name);
    s->readonly = readonly;
    s->inserts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    /* Times in the history are UTC; notices (NOTICE: relation exists) are
     * not for people. */
    if (!pg_do(&s->base,
               "SELECT set_config('TimeZone', 'UTC', false), "
               "set_config('client_min_messages', 'warning', false)",
               0, NULL, NULL, err)) {
        store_close(&s->base);
        return NULL;
    }
    return &s->base;
}

/* The schema version of the vinfra database STORE is connected to (0: it
 * is not one). */
static gboolean read_version(vi_store *store, gint64 *version, GError **err)
{
    gboolean exists = FALSE;
    *version = 0;
    if (!pg_table_exists(store, "vinfra_meta", &exists, err))
        return FALSE;
    if (!exists)
        return TRUE;
    return pg_query_int(store, "SELECT value::bigint FROM vinfra_meta WHERE key = 'schema_version'",
                        0, NULL, version, err);
}

static vi_store *pg_create(const char *name, const vi_registry *reg, GError **err)
{
    vi_store *store = pg_connect(name, reg, FALSE, err);
    if (!store)
        return NULL;
    gint64 version = 0;
    if (!read_version(store, &version, err)) {
        store_close(store);
        return NULL;
    }
    if (version) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot create database '%s': it already holds a vinfra database"), name);
        store_close(store);
        return NULL;
    }
    char v[32];
    const char *params[] = {pg_int_text(v, VI_STORE_SCHEMA_VERSION)};
    gboolean ok =
        pg_do(store, "BEGIN", 0, NULL, NULL, err) &&
        pg_do(store, "SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")", 0, NULL, NULL, err) &&
        pg_do(store, "CREATE EXTENSION IF NOT EXISTS postgis", 0, NULL,
              _("cannot create the PostGIS extension (ask the server's administrator to "
                "run 'CREATE EXTENSION postgis' in the database)"),
              err) &&
        check_versions(store, err);
    store->in_txn = ok;
    ok = ok && pg_create_tables(store, err) &&
         pg_do(store,
               "INSERT INTO vinfra_meta (key, value) VALUES ('application', '" PG_APPLICATION
               "'), ('schema_version', $1)",
               1, params, _("cannot create the database"), err) &&
         store_change_start(store, FALSE, err) &&
         store_history_record(store, &(vi_change){.action = "init"}, err) &&
         store_commit(store, err);
    if (!ok) {
        store_rollback(store);
        store_close(store);
        return NULL;
    }
    return store;
}

static vi_store *pg_open(const char *name, const vi_registry *reg, gboolean readonly, GError **err)
{
    vi_store *store = pg_connect(name, reg, readonly, err);
    if (!store)
        return NULL;
    gint64 version = 0;
    if (!read_version(store, &version, err)) {
        store_close(store);
        return NULL;
    }
    if (!version) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("no vinfra database in '%s': create one with 'vinfra init --db %s'"), name,
                    name);
    } else if (version != VI_STORE_SCHEMA_VERSION) {
        g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                    version > VI_STORE_SCHEMA_VERSION
                        ? _("'%s' was written by a newer vinfra (schema %d, this "
                            "vinfra reads %d): upgrade vinfra")
                        : _("'%s' was written by an older vinfra (schema %d, this "
                            "vinfra reads %d): export it with that version and re-import"),
                    name, (int)MIN(version, G_MAXINT), VI_STORE_SCHEMA_VERSION);
        version = 0;
    } else if (!check_versions(store, err)) {
        version = 0;
    }
    if (!version) {
        store_close(store);
        return NULL;
    }
    return store;
}

static gboolean pg_check_access(const char *name, gboolean readonly, GError **err)
{
    (void)readonly;
    return check_name(name, err);
}

static vi_store *pg_clone_reader(vi_store *store, GError **err)
{
    return pg_open(pg(store)->conninfo, store->reg, TRUE, err);
}

static void pg_close(vi_store *store)
{
    pg_bulk_end(store);
    PQfinish(pg(store)->conn);
    g_free(pg(store)->conninfo);
    g_hash_table_destroy(pg(store)->inserts);
}

static gboolean pg_begin(vi_store *store, GError **err)
{
    if (pg(store)->readonly) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("cannot write to '%s': it was opened for reading"), store->path);
        return FALSE;
    }
    if (!pg_do(store, "BEGIN", 0, NULL, _("cannot start a transaction"), err)) {
        pg_bulk_end(store);
        return FALSE;
    }
    if (!pg_do(store, "SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")", 0, NULL,
               _("cannot start a transaction"), err)) {
        pg_bulk_end(store);
        PQclear(PQexec(pg(store)->conn, "ROLLBACK"));
        return FALSE;
    }
    return TRUE;
}

/* The features of a bulk transaction go by COPY (pg-bulk.c). */
static gboolean pg_prepare_bulk(vi_store *store, GError **err)
{
    return pg_bulk_start(store, err);
}

static gboolean pg_commit(vi_store *store, GError **err)
{
    /* pg_do() flushes the COPY first. */
    gboolean ok = pg_do(store, "COMMIT", 0, NULL, _("cannot commit"), err);
    pg_bulk_end(store);
    return ok;
}

static void pg_rollback(vi_store *store)
{
    pg_bulk_end(store);
    PQclear(PQexec(pg(store)->conn, "ROLLBACK"));
}

static char *pg_source_name(vi_store *store)
{
    return g_strdup_printf(_("%s (PostgreSQL)"), PQdb(pg(store)->conn));
}

const vi_store_backend store_postgis_backend = {
    .name = "postgis",
    .identify = pg_identify,
    .create = pg_create,
    .open = pg_open,
    .source_name = pg_source_name,
    .check_access = pg_check_access,
    .clone_reader = pg_clone_reader,
    .close = pg_close,
    .begin = pg_begin,
    .prepare_bulk = pg_prepare_bulk,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .ensure_layer = pg_ensure_layer,
    .feature_insert = pg_feature_insert,
    .feature_exists = pg_feature_exists,
    .feature_scan = pg_feature_scan,
    .feature_count = pg_feature_count,
    .feature_delete_status = pg_feature_delete_status,
    .feature_ids = pg_feature_ids,
    .feature_update = pg_feature_update,
    .feature_delete = pg_feature_delete,
    .village_exists = pg_village_exists,
    .point_scan = pg_point_scan,
    .fid_span = pg_fid_span,
    .project_insert = pg_project_insert,
    .project_exists = pg_project_exists,
    .project_scan = pg_project_scan,
    .project_ids = pg_project_ids,
    .import_find = pg_import_find,
    .import_record = pg_import_record,
    .import_set_count = pg_import_set_count,
    .data_date = pg_data_date,
    .export_record = pg_export_record,
    .photo_insert = pg_photo_insert,
    .photo_find = pg_photo_find,
    .photo_scan = pg_photo_scan,
    .history_last = pg_history_last,
    .history_insert = pg_history_insert,
    .history_scan = pg_history_scan,
    .checksum = pg_checksum,
    .undo = pg_undo,
    .feature_last_change = pg_feature_last_change,
    .kv_get = pg_kv_get,
    .kv_set = pg_kv_set,
    .kv_scan = pg_kv_scan,
    .check_engine = pg_check_engine,
    .check_layer = pg_check_layer,
    .check_projects = pg_check_projects,
    .backup = pg_backup,
};
