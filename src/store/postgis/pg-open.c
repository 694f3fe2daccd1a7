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
     * is one of libpq's connection keywords (sslmode, options, ... too),
     * then "=".  libpq lists them: no list here to fall behind it. */
    size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz_");
    const char *p = name + n;
    while (*p == ' ')
        p++;
    if (n == 0 || *p != '=')
        return FALSE;
    gboolean found = FALSE;
    PQconninfoOption *opts = PQconndefaults();
    for (PQconninfoOption *o = opts; o && o->keyword && !found; o++)
        found = strlen(o->keyword) == n && strncmp(name, o->keyword, n) == 0;
    PQconninfoFree(opts);
    return found;
}

/* NAME with its password shown as ***: the refusal must not print it
 * back into terminals and logs (owned). */
static char *masked(const char *name)
{
    static const char *const patterns[] = {
        "(?<=://)([^/@:?]*):[^/@?]*@",                          /* postgresql://user:secret@host */
        "(?<=[?&]password=)[^&]*",                              /* ...?password=secret */
        "(?<=password)(\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|\\S+)", /* password=secret */
    };
    static const char *const replacements[] = {"\\1:***@", "***", "\\1***"};
    char *out = g_strdup(name);
    for (size_t i = 0; i < G_N_ELEMENTS(patterns); i++) {
        GRegex *re = g_regex_new(patterns[i], 0, 0, NULL);
        char *next = re ? g_regex_replace(re, out, -1, 0, replacements[i], 0, NULL) : NULL;
        if (re)
            g_regex_unref(re);
        if (next) {
            g_free(out);
            out = next;
        }
    }
    return out;
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
        char *shown = masked(name);
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("the connection string '%s' holds a password: leave it out and put it in "
                      "~/.pgpass or PGPASSWORD, where the command line and the history do not "
                      "show it"),
                    shown);
        g_free(shown);
        return FALSE;
    }
    return TRUE;
}

/* The options that make a dead link fail in seconds, not minutes, then
 * NAME, whose own options win (expand_dbname: later keywords override),
 * but for the client encoding: vinfra's text is UTF-8. */
static const char *const connect_keywords[] = {"connect_timeout",  "keepalives",
                                               "keepalives_idle",  "keepalives_interval",
                                               "keepalives_count", "tcp_user_timeout",
                                               "application_name", "dbname",
                                               "client_encoding",  NULL};

/* Why NAME could not be reached, for a connection that failed with libpq's
 * message MSG: no server answers (none runs there, or a wrong host or
 * port), the server is starting or stopping, or it answered and refused
 * (no such database or role, authentication).  PQping() asks again, in
 * 2 seconds at most, as a dead link has already taken its timeout once. */
static void set_connect_error(const char *name, const char *msg, GError **err)
{
    const char *const ping_keywords[] = {"dbname", "connect_timeout", NULL};
    const char *const ping_values[] = {name, "2", NULL};
    PGPing ping = PQpingParams(ping_keywords, ping_values, 1);
    if (ping == PQPING_NO_RESPONSE)
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    _("cannot connect to database '%s': no server answers (start PostgreSQL, "
                      "or correct the host and port in the name): PostgreSQL: %s"),
                    name, msg);
    else if (ping == PQPING_REJECT)
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    _("cannot connect to database '%s': the server is starting up or shutting "
                      "down (try again when it is up): PostgreSQL: %s"),
                    name, msg);
    else
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    _("cannot connect to database '%s': PostgreSQL: %s"), name, msg);
}

static PGconn *connect_to(const char *name, GError **err)
{
    const char *const values[] = {"10",    "1",      "30", "10",   "3",
                                  "30000", "vinfra", name, "UTF8", NULL};
    PGconn *conn = PQconnectdbParams(connect_keywords, values, 1);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        char *msg = pg_one_line(conn ? PQerrorMessage(conn) : _("out of memory"));
        set_connect_error(name, msg, err);
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
    /* Registry names go into SQL text (pg-int.h). */
    if (!store_check_identifiers(reg, err) || !check_name(name, err))
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
     * not for people.  A row's text is what the content checksum hashes
     * and the log trigger keeps (jsonb): numbers in their shortest exact
     * form and bytes in hex, whatever the server, the database or the role
     * set (extra_float_digits = 0 would round 6.300000000000001 to 6.3, so
     * that undo put back another number and another session saw another
     * checksum).  A transaction is idle between statements while vinfra
     * works (an import reads its source, a backup waits for pg_dump, a scan
     * computes between fetches): no person leaves it open, so the server's
     * idle_in_transaction_session_timeout must not end the session. */
    if (!pg_do(&s->base,
               "SELECT set_config('TimeZone', 'UTC', false), "
               "set_config('client_min_messages', 'warning', false), "
               "set_config('extra_float_digits', '1', false), "
               "set_config('bytea_output', 'hex', false), "
               "set_config('idle_in_transaction_session_timeout', '0', false)",
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

/* A write transaction holding the write lock: READ COMMITTED whatever the
 * server's default, as each statement must see what the writer before
 * committed (a REPEATABLE READ snapshot taken before the lock was granted
 * would not, and two changes would take the same id); the lock waited for
 * $VINFRA_BUSY_TIMEOUT_MS at most, as SQLite's writers wait (sl-open.c). */
static gboolean begin_locked(vi_store *store, GError **err)
{
    char ms[32];
    const char *params[] = {pg_int_text(ms, store_busy_timeout_ms())};
    if (!pg_do(store, "BEGIN ISOLATION LEVEL READ COMMITTED", 0, NULL,
               _("cannot start a transaction"), err) ||
        !pg_do(store, "SELECT set_config('lock_timeout', $1, true)", 1, params,
               _("cannot start a transaction"), err)) {
        pg_rollback_quietly(store);
        return FALSE;
    }
    PGresult *r = PQexec(pg(store)->conn, "SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        if (g_strcmp0(PQresultErrorField(r, PG_DIAG_SQLSTATE), "55P03") == 0) {
            /* lock_not_available: another writer held it all that time. */
            g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                        _("database '%s' is busy: another program is writing to it (waited %d "
                          "ms; try again later, or set VINFRA_BUSY_TIMEOUT_MS to wait longer)"),
                        store->path, store_busy_timeout_ms());
            PQclear(r);
        } else {
            pg_fail_result(store, r, err, _("cannot start a transaction"));
        }
        pg_rollback_quietly(store);
        return FALSE;
    }
    PQclear(r);
    /* Other locks (a row QGIS holds) are waited for as the role says. */
    if (!pg_do(store, "SET LOCAL lock_timeout TO DEFAULT", 0, NULL, _("cannot start a transaction"),
               err)) {
        pg_rollback_quietly(store);
        return FALSE;
    }
    return TRUE;
}

/* The quoted --db value for a command in a message: as it is when the
 * shell takes it as one word, else in double quotes. */
static char *shell_word(const char *name)
{
    gboolean plain = *name != '\0';
    for (const char *c = name; *c && plain; c++)
        plain = g_ascii_isalnum(*c) || strchr("-_=./:,@+%", *c) || (guchar)*c >= 0x80;
    return plain ? g_strdup(name) : g_strdup_printf("\"%s\"", name);
}

/* Create the PostGIS extension when the database has none; a role that
 * may not (PostGIS is not a trusted extension: only a superuser creates
 * it) is told who can. */
static gboolean ensure_postgis(vi_store *store, GError **err)
{
    gboolean exists = FALSE;
    if (!pg_row_exists(store, "SELECT 1 FROM pg_extension WHERE extname = $1", "postgis", &exists,
                       err))
        return FALSE;
    if (exists)
        return TRUE;
    PGresult *r = PQexec(pg(store)->conn, "CREATE EXTENSION postgis");
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
        PQclear(r);
        return TRUE;
    }
    char *msg = pg_one_line(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                                ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                                : PQerrorMessage(pg(store)->conn));
    if (g_strcmp0(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501") == 0)
        g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                    _("database '%s' has no PostGIS, and role \"%s\" cannot create the PostGIS "
                      "extension: ask the server's administrator to run 'CREATE EXTENSION "
                      "postgis' in it, then run 'vinfra init' again (PostgreSQL: %s)"),
                    store->path, PQuser(pg(store)->conn), msg);
    else
        g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                    _("database '%s' has no PostGIS, and the server cannot create the PostGIS "
                      "extension: install PostGIS 3 on the server (PostgreSQL: %s)"),
                    store->path, msg);
    g_free(msg);
    PQclear(r);
    return FALSE;
}

static vi_store *pg_create(const char *name, const vi_registry *reg, GError **err)
{
    vi_store *store = pg_connect(name, reg, FALSE, err);
    if (!store)
        return NULL;
    /* The version is read under the lock: two inits at once, the second
     * finds the first's database. */
    gint64 version = 0;
    if (!begin_locked(store, err)) {
        store_close(store);
        return NULL;
    }
    store->in_txn = TRUE;
    gboolean ok = read_version(store, &version, err);
    if (ok && version) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot create database '%s': it already holds a vinfra database"), name);
        ok = FALSE;
    }
    char v[32];
    const char *params[] = {pg_int_text(v, VI_STORE_SCHEMA_VERSION)};
    ok = ok && ensure_postgis(store, err) && check_versions(store, err) &&
         pg_create_tables(store, err) && pg_roles_install(store, err) &&
         pg_do(store,
               "INSERT INTO vinfra_meta (key, value) VALUES ('application', '" PG_APPLICATION
               "'), ('schema_version', $1)",
               1, params, _("cannot create the database"), err) &&
         store_change_start(store, FALSE, err) &&
         store_history_record(store, &(vi_change){.action = "init"}, err) &&
         store_commit(store, err) && pg_roles_load(store, err);
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
        char *word = shell_word(name);
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("no vinfra database in '%s': create one with 'vinfra init --db %s'"), name,
                    word);
        g_free(word);
    } else if (version != VI_STORE_SCHEMA_VERSION) {
        g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                    version > VI_STORE_SCHEMA_VERSION
                        ? _("'%s' was written by a newer vinfra (schema %d, this "
                            "vinfra reads %d): upgrade vinfra")
                        : _("'%s' was written by an older vinfra (schema %d, this "
                            "vinfra reads %d): export it with that version and re-import"),
                    name, (int)MIN(version, G_MAXINT), VI_STORE_SCHEMA_VERSION);
        version = 0;
    } else if (!check_versions(store, err) || !pg_roles_load(store, err)) {
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
    pg_roles_free(store);
}

static gboolean pg_begin(vi_store *store, GError **err)
{
    if (pg(store)->readonly) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("cannot write to '%s': it was opened for reading"), store->path);
        return FALSE;
    }
    if (!begin_locked(store, err)) {
        pg_bulk_end(store);
        return FALSE;
    }
    return TRUE;
}

/* The features of a bulk transaction go by COPY (pg-bulk.c). */
static gboolean pg_prepare_bulk(vi_store *store, GError **err)
{
    return pg_bulk_start(store, err);
}

/* COMMIT of a transaction a failed statement aborted answers ROLLBACK,
 * not an error: a change is committed only when the server says COMMIT. */
static gboolean pg_commit(vi_store *store, GError **err)
{
    /* pg_run() flushes the COPY first. */
    PGresult *r = pg_run(store, "COMMIT", 0, NULL, _("cannot commit"), err);
    pg_bulk_end(store);
    if (!r)
        return FALSE;
    gboolean ok = strcmp(PQcmdStatus(r), "COMMIT") == 0;
    PQclear(r);
    if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("cannot commit in '%s': a statement of the change failed, so the server "
                      "rolled it back: nothing was changed"),
                    store->path);
    return ok;
}

static void pg_rollback(vi_store *store)
{
    pg_bulk_end(store);
    pg_rollback_quietly(store);
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
    .user_add = pg_user_add,
    .user_list = pg_user_list,
    .user_remove = pg_user_remove,
    .personal_readable = pg_personal_readable,
};
