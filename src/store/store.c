/*
 * store.c - the SpatiaLite implementation of store.h.
 *
 * Design notes:
 * - The schema version lives in PRAGMA user_version, and PRAGMA application_id
 *   marks the file as ours, so a foreign SQLite file is told apart from an
 *   older or newer vinfra file without reading any table.
 * - Opening never writes: a failed import must leave the file byte-identical,
 *   and a read-only command must work on a read-only file.
 * - Layer tables are created from the registry; the registry may gain layers
 *   and attributes after a database was made, which store_ensure_layer()
 *   adds on the next write.  That is data evolution, not a schema change.
 */
#include "store.h"
#include "spblob.h"
#include "vi-error.h"
#include "vinfra-config.h"

#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first */
#include <spatialite.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

/* 'VINF' */
#define VI_APPLICATION_ID 0x56494E46
/* Read-only connections map this much of the file (SQLite caps it at its
 * compile-time limit, 2 GB by default). */
#define VI_STORE_MMAP_BYTES 4294967296

struct vi_store {
    sqlite3 *db;
    void *splite_cache;
    char *path;
    const vi_registry *reg; /* borrowed */
    gboolean in_txn;
    GHashTable *inserts; /* layer name -> prepared INSERT, reused across features */
    /* SELECT AsBinary(?), ST_X(?), ST_Y(?), for the blobs spblob cannot read. */
    sqlite3_stmt *decode;
    /* The change being made in the open transaction (see "history" below):
     * its id (0 when none), the last change_log seq, whether
     * store_history_record() ran, and the content checksum before it. */
    gint64 change_id, change_seq;
    gboolean change_recorded;
    char *checksum_before;
    sqlite3_stmt *log_row, *log_value; /* INSERTs into change_log, change_values */
    /* The layer whose first insert of change fid_change placed its fid above
     * every fid the change log names (see fresh_fid()). */
    char fid_layer[64];
    gint64 fid_change;
    int busy_ms;
};

static gboolean log_change(vi_store *store, const char *table, gint64 row, const char *op,
                           GError **err);
static void change_clear(vi_store *store);

/* SpatiaLite's SQL functions on the connection.  Writing needs them (the
 * geometry triggers call them); reading decodes blobs with spblob and only
 * loads SpatiaLite for a blob spblob cannot read, because loading it opens
 * PROJ's database and costs a read-only command tens of milliseconds. */
static void use_spatialite(vi_store *store)
{
    if (store->splite_cache)
        return;
    store->splite_cache = spatialite_alloc_connection();
    spatialite_init_ex(store->db, store->splite_cache, 0);
}

/* Another connection held the write lock past the busy timeout: say so
 * plainly, not "database is locked". */
static void set_busy(vi_store *store, GError **err)
{
    g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                "database '%s' is busy: another program is writing to it (waited %d ms; "
                "try again later, or set VINFRA_BUSY_TIMEOUT_MS to wait longer)",
                store->path, store->busy_ms);
}

static gboolean busy(vi_store *store, GError **err)
{
    int code = sqlite3_extended_errcode(store->db) & 0xff;
    if (code != SQLITE_BUSY && code != SQLITE_LOCKED)
        return FALSE;
    set_busy(store, err);
    return TRUE;
}

static gboolean fail(vi_store *store, GError **err, const char *what)
{
    if (!busy(store, err))
        g_set_error(err, VI_ERROR, VI_ERROR_STORE, "%s in '%s': %s", what, store->path,
                    sqlite3_errmsg(store->db));
    return FALSE;
}

static gboolean exec(vi_store *store, const char *sql, GError **err)
{
    char *msg = NULL;
    if (sqlite3_exec(store->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (!busy(store, err))
            g_set_error(err, VI_ERROR, VI_ERROR_STORE, "database error in '%s': %s", store->path,
                        msg ? msg : sqlite3_errmsg(store->db));
        sqlite3_free(msg);
        return FALSE;
    }
    return TRUE;
}

static sqlite3_stmt *prepare(vi_store *store, const char *sql, GError **err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK) {
        fail(store, err, "cannot prepare a query");
        return NULL;
    }
    return st;
}

/* Runs a query returning one integer. */
static gboolean query_int(vi_store *store, const char *sql, gint64 *out, GError **err)
{
    sqlite3_stmt *st = prepare(store, sql, err);
    if (!st)
        return FALSE;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return fail(store, err, "query failed");
    }
    *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return TRUE;
}

const char *store_default_path(const char *cli_path)
{
    if (cli_path && *cli_path)
        return cli_path;
    const char *env = getenv("VINFRA_DB");
    if (env && *env)
        return env;
    return "vinfra.sqlite";
}

static void finalize_stmt(void *st)
{
    sqlite3_finalize(st);
}

/* SQLite counts every allocation under one global lock by default, which
 * makes two connections reading at once on two threads wait for each other;
 * vinfra never asks for those counts.  Only possible before SQLite's first
 * use; later it fails harmlessly. */
static void tune_sqlite(void)
{
    static gsize done;
    if (g_once_init_enter(&done)) {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        g_once_init_leave(&done, 1);
    }
}

/* Names that go into SQL text as table and column names come from the
 * registry, never from data files; still, each must be a plain identifier,
 * so no registry row can turn into SQL. */
static gboolean is_identifier(const char *s)
{
    if (!s || !(g_ascii_isalpha(*s) || *s == '_'))
        return FALSE;
    for (; *s; s++)
        if (!(g_ascii_isalnum(*s) || *s == '_'))
            return FALSE;
    return TRUE;
}

static gboolean check_identifiers(const vi_registry *reg, GError **err)
{
    for (int i = 0; reg && i < registry_layer_count(reg); i++) {
        const vi_layer *layer = registry_layer_at(reg, i);
        const char *bad = is_identifier(layer->name) ? NULL : layer->name;
        for (int a = 0; !bad && a < layer->nattrs; a++)
            if (!is_identifier(layer->attrs[a]->name))
                bad = layer->attrs[a]->name;
        if (bad) {
            char *what = bad == layer->name
                             ? g_strdup_printf("layer name \"%s\"", bad)
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

const char *store_network_fs_name(long f_type)
{
    switch ((unsigned long)f_type & 0xffffffffUL) {
    case 0x6969UL:
        return "nfs";
    case 0x517BUL:
        return "smb";
    case 0xFF534D42UL:
        return "cifs";
    case 0xFE534D42UL:
        return "smb2";
    case 0x01021997UL:
        return "9p";
    case 0x5346414FUL:
        return "afs";
    case 0x73757245UL:
        return "coda";
    case 0x564cUL:
        return "ncp";
    case 0x00c36400UL:
        return "ceph";
    case 0x0BD00BD0UL:
        return "lustre";
    case 0x47504653UL:
        return "gpfs";
    default:
        return NULL;
    }
}

/* SQLite's locks and WAL's shared memory do not work over a network
 * filesystem: two writers there can corrupt the file.  PATH is checked by
 * its directory, which exists even before the file does. */
static gboolean check_local(const char *path, GError **err)
{
    char *dir = g_path_get_dirname(path);
    struct statfs fs;
    const char *net = statfs(dir, &fs) == 0 ? store_network_fs_name((long)fs.f_type) : NULL;
    g_free(dir);
    if (net) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    "database '%s' is on a network filesystem (%s): SQLite's locking does not "
                    "work there and the file could be damaged; copy it to a local disk",
                    path, net);
        return FALSE;
    }
    return TRUE;
}

/* How long a write waits for another writer: $VINFRA_BUSY_TIMEOUT_MS, else 10 s. */
static int busy_timeout_ms(void)
{
    const char *env = getenv("VINFRA_BUSY_TIMEOUT_MS");
    guint64 ms = 0;
    if (env && g_ascii_string_to_unsigned(env, 10, 0, 3600000, &ms, NULL))
        return (int)ms;
    return 10000;
}

static vi_store *store_connect(const char *path, const vi_registry *reg, int flags, GError **err)
{
    tune_sqlite();
    if (!check_identifiers(reg, err) || !check_local(path, err))
        return NULL;
    vi_store *store = g_new0(vi_store, 1);
    store->path = g_strdup(path);
    store->reg = reg;
    store->inserts =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, finalize_stmt);
    if (sqlite3_open_v2(path, &store->db, flags, NULL) != SQLITE_OK) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot open database '%s': %s", path,
                    store->db ? sqlite3_errmsg(store->db) : "out of memory");
        store_close(store);
        return NULL;
    }
    store->busy_ms = busy_timeout_ms();
    sqlite3_busy_timeout(store->db, store->busy_ms);
    if (!(flags & SQLITE_OPEN_READONLY)) {
        use_spatialite(store);
        /* A committed change survives a power cut, not only a crash. */
        sqlite3_exec(store->db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
    } else {
        /* Reading pages through a memory map instead of a read() each
         * nearly halves the time of scanning a layer; writers keep read()
         * so that an I/O error stays an error, not a signal, mid-write. */
        sqlite3_exec(store->db, "PRAGMA mmap_size=" G_STRINGIFY(VI_STORE_MMAP_BYTES), NULL, NULL,
                     NULL);
    }
    return store;
}

static const char *geom_sql_type(int geometry)
{
    switch (geometry) {
    case VI_GEOM_POINT:
        return "POINT";
    case VI_GEOM_LINE:
        return "MULTILINESTRING";
    default:
        return "MULTIPOLYGON";
    }
}

static const char *attr_sql_type(int type)
{
    return type == VI_ATTR_INTEGER ? "INTEGER" : type == VI_ATTR_REAL ? "REAL" : "TEXT";
}

static gboolean table_exists(vi_store *store, const char *table, gboolean *exists, GError **err)
{
    sqlite3_stmt *st =
        prepare(store, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(store, err, "cannot read the schema");
    *exists = rc == SQLITE_ROW;
    return TRUE;
}

static gboolean create_layer_table(vi_store *store, const vi_layer *layer, GError **err)
{
    gboolean is_villages = strcmp(layer->name, "villages") == 0;
    GString *sql = g_string_new(NULL);
    g_string_append_printf(sql,
                           "CREATE TABLE \"%s\" (fid INTEGER PRIMARY KEY,"
                           " id TEXT NOT NULL UNIQUE,"
                           " village TEXT%s,"
                           " name TEXT%s, status TEXT, year INTEGER,"
                           " project TEXT REFERENCES projects(id),"
                           " import_id INTEGER REFERENCES imports(id)",
                           layer->name, is_villages ? "" : " REFERENCES villages(name)",
                           is_villages ? " NOT NULL UNIQUE" : "");
    for (int i = 0; i < layer->nattrs; i++)
        g_string_append_printf(sql, ", \"%s\" %s", layer->attrs[i]->name,
                               attr_sql_type(layer->attrs[i]->type));
    g_string_append(sql, ");");
    if (!is_villages)
        g_string_append_printf(sql, "CREATE INDEX \"%s_village\" ON \"%s\"(village);",
                               layer->name, layer->name);
    g_string_append_printf(sql,
                           "SELECT AddGeometryColumn('%s', 'geom', %d, '%s', 'XY', 1);"
                           "SELECT CreateSpatialIndex('%s', 'geom');",
                           layer->name, VI_STORE_SRID, geom_sql_type(layer->geometry),
                           layer->name);
    gboolean ok = exec(store, sql->str, err);
    g_string_free(sql, TRUE);
    if (!ok)
        return FALSE;
    /* AddGeometryColumn reports failure as a 0 result, not an SQL error. */
    gint64 n = 0;
    char *q = g_strdup_printf("SELECT count(*) FROM geometry_columns WHERE f_table_name='%s'",
                              layer->name);
    ok = query_int(store, q, &n, err);
    g_free(q);
    if (ok && n != 1) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    "cannot add the geometry column of layer \"%s\" in '%s'", layer->name,
                    store->path);
        return FALSE;
    }
    return ok;
}

static const char schema_sql[] =
    "CREATE TABLE imports (id INTEGER PRIMARY KEY, path TEXT NOT NULL, layer TEXT NOT NULL,"
    " sha256 TEXT NOT NULL UNIQUE, features INTEGER NOT NULL DEFAULT 0,"
    " imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT NOT NULL, programme TEXT NOT NULL,"
    " village TEXT, kind TEXT NOT NULL DEFAULT 'project' CHECK (kind IN ('project','fund')),"
    " year INTEGER, funding_wan REAL NOT NULL DEFAULT 0,"
    " import_id INTEGER REFERENCES imports(id));"
    "CREATE INDEX projects_village ON projects(village);";

static gboolean change_start(vi_store *store, gboolean with_checksum, GError **err);

/* What keeps PATH from naming a database file, said before SQLite would say
 * it less clearly ("unable to open database file") or block: a name longer
 * than the system allows, a path ending in '/' (init would create a file
 * named after the folder), a folder, or a file that is no regular file (a
 * FIFO would block the open forever, a device or socket cannot hold one). */
static gboolean check_db_path(const char *path, const char *doing, GError **err)
{
    char *name = g_path_get_basename(path);
    size_t name_len = strlen(name), path_len = strlen(path);
    g_free(name);
    if (path_len >= PATH_MAX || name_len > NAME_MAX) {
        gboolean whole = path_len >= PATH_MAX;
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    "cannot %s database '%.40s…': its %s is %zu bytes long, more than the %d "
                    "the system allows: choose a shorter one",
                    doing, path, whole ? "path" : "file name", whole ? path_len : name_len,
                    whole ? PATH_MAX - 1 : NAME_MAX);
        return FALSE;
    }
    if (path_len > 0 && path[path_len - 1] == '/') {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    "cannot %s database '%s': the name ends in '/', so it names a folder: name "
                    "the database file in it, e.g. '%svinfra.sqlite'",
                    doing, path, path);
        return FALSE;
    }
    struct stat st;
    if (stat(path, &st) != 0)
        return TRUE; /* none there: the caller says so, or creates it */
    const char *kind = S_ISREG(st.st_mode)    ? NULL
                       : S_ISDIR(st.st_mode)  ? "a folder"
                       : S_ISFIFO(st.st_mode) ? "a named pipe (FIFO)"
                       : S_ISCHR(st.st_mode)  ? "a character device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "not a regular file";
    if (kind) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    "cannot %s database '%s': it is %s, not a database file (name a .sqlite "
                    "file with --db)",
                    doing, path, kind);
        return FALSE;
    }
    return TRUE;
}

vi_store *store_create(const char *path, const vi_registry *reg, GError **err)
{
    if (!check_db_path(path, "create", err))
        return NULL;
    if (g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    "cannot create database '%s': the file already exists", path);
        return NULL;
    }
    vi_store *store =
        store_connect(path, reg, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
    if (!store)
        return NULL;
    char *pragmas = g_strdup_printf("PRAGMA application_id=%d; PRAGMA journal_mode=WAL;"
                                    "PRAGMA foreign_keys=ON;",
                                    VI_APPLICATION_ID);
    /* InitSpatialMetadata(1) runs its own transaction, so it comes before ours. */
    gboolean ok = exec(store, pragmas, err) &&
                  exec(store, "SELECT InitSpatialMetadata(1)", err) &&
                  exec(store, "BEGIN IMMEDIATE", err) && exec(store, schema_sql, err);
    g_free(pragmas);
    store->in_txn = ok;
    for (int i = 0; ok && i < registry_layer_count(reg); i++)
        ok = create_layer_table(store, registry_layer_at(reg, i), err);
    if (ok) {
        char *v = g_strdup_printf("PRAGMA user_version=%d", VI_STORE_SCHEMA_VERSION);
        ok = exec(store, v, err) && change_start(store, FALSE, err) &&
             store_history_record(store, &(vi_change){.action = "init"}, err) &&
             store_commit(store, err);
        g_free(v);
    }
    if (!ok) {
        store_rollback(store);
        store_close(store);
        unlink(path);
        char *aux = g_strconcat(path, "-wal", NULL);
        unlink(aux);
        g_free(aux);
        aux = g_strconcat(path, "-shm", NULL);
        unlink(aux);
        g_free(aux);
        return NULL;
    }
    return store;
}

vi_store *store_open(const char *path, const vi_registry *reg, gboolean readonly, GError **err)
{
    if (!check_db_path(path, "open", err))
        return NULL;
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    "no database at '%s': create one with 'vinfra init' or name one with --db",
                    path);
        return NULL;
    }
    vi_store *store = store_connect(
        path, reg, readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, err);
    if (!store)
        return NULL;
    gint64 app_id = 0, version = 0;
    GError *qerr = NULL;
    if (!query_int(store, "PRAGMA application_id", &app_id, &qerr)) {
        /* Only SQLITE_NOTADB says the file is something else; a full disk, a
         * damaged file or a folder that cannot be written fail here too, and
         * are said as what they are, with the system's reason. */
        int code = sqlite3_errcode(store->db), sys = sqlite3_system_errno(store->db);
        if (code == SQLITE_NOTADB)
            g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                        "'%s' is not a vinfra database (not an SQLite file: %s)", path,
                        sqlite3_errmsg(store->db));
        else
            g_set_error(err, VI_ERROR, code == SQLITE_CORRUPT ? VI_ERROR_SCHEMA : VI_ERROR_IO,
                        "cannot open '%s': %s%s%s", path, sqlite3_errmsg(store->db),
                        sys ? ": " : "", sys ? g_strerror(sys) : "");
        g_error_free(qerr);
        store_close(store);
        return NULL;
    }
    if (app_id != VI_APPLICATION_ID) {
        g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                    "'%s' is not a vinfra database (an SQLite file of another application)",
                    path);
        store_close(store);
        return NULL;
    }
    if (!query_int(store, "PRAGMA user_version", &version, err)) {
        store_close(store);
        return NULL;
    }
    if (version != VI_STORE_SCHEMA_VERSION) {
        g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                    version > VI_STORE_SCHEMA_VERSION
                        ? "'%s' was written by a newer vinfra (schema %" G_GINT64_FORMAT
                          ", this vinfra reads %d): upgrade vinfra"
                        : "'%s' was written by an older vinfra (schema %" G_GINT64_FORMAT
                          ", this vinfra reads %d): export it with that version and re-import",
                    path, version, VI_STORE_SCHEMA_VERSION);
        store_close(store);
        return NULL;
    }
    if (!exec(store, "PRAGMA foreign_keys=ON", err)) {
        store_close(store);
        return NULL;
    }
    return store;
}

/* A read-only connection to a WAL database makes its -wal and -shm files
 * and, being read-only, cannot remove them when it closes: a report run
 * would leave them beside the database, and a person copying the one
 * .sqlite file to a USB stick would copy a database that seems to need
 * them.  So after the last read-only close a read-write connection reads
 * one page and closes: SQLite then checkpoints and deletes both files, but
 * only if no other connection has the database open (it takes the lock it
 * needs to, or leaves them for that connection).  A file that cannot be
 * written keeps them; nothing else can be done there. */
static void leave_file_whole(const char *path)
{
    char *wal = g_strconcat(path, "-wal", NULL), *shm = g_strconcat(path, "-shm", NULL);
    gboolean left = g_file_test(wal, G_FILE_TEST_EXISTS) || g_file_test(shm, G_FILE_TEST_EXISTS);
    g_free(wal);
    g_free(shm);
    if (!left || access(path, W_OK) != 0)
        return;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 0);
        sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    }
    sqlite3_close(db);
}

void store_close(vi_store *store)
{
    if (!store)
        return;
    if (store->inserts)
        g_hash_table_destroy(store->inserts);
    sqlite3_finalize(store->decode);
    change_clear(store);
    sqlite3_finalize(store->log_row);
    sqlite3_finalize(store->log_value);
    gboolean readonly = store->db && sqlite3_db_readonly(store->db, "main") == 1;
    if (store->db)
        sqlite3_close(store->db);
    if (readonly && store->path)
        leave_file_whole(store->path);
    if (store->splite_cache)
        spatialite_cleanup_ex(store->splite_cache);
    g_free(store->path);
    g_free(store);
}

const char *store_path(const vi_store *store)
{
    return store->path;
}

const vi_registry *store_registry(const vi_store *store)
{
    return store->reg;
}

/* A write takes the write lock at BEGIN (IMMEDIATE), not at its first
 * write, so two writers queue up under the busy timeout instead of one
 * failing half-way with SQLITE_BUSY; and every write transaction is a
 * change of the history. */
gboolean store_begin(vi_store *store, GError **err)
{
    if (!exec(store, "BEGIN IMMEDIATE", err))
        return FALSE;
    store->in_txn = TRUE;
    if (!change_start(store, TRUE, err)) {
        store_rollback(store);
        return FALSE;
    }
    return TRUE;
}

gboolean store_commit(vi_store *store, GError **err)
{
    /* A change that is not in the history could not be undone. */
    if (store->change_id && store->change_seq > 0 && !store->change_recorded) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    "cannot commit to '%s': the change is not recorded in the history",
                    store->path);
        return FALSE;
    }
    if (!exec(store, "COMMIT", err))
        return FALSE;
    store->in_txn = FALSE;
    change_clear(store);
    return TRUE;
}

void store_rollback(vi_store *store)
{
    if (store && store->in_txn) {
        sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
        store->in_txn = FALSE;
    }
    if (store)
        change_clear(store);
}

gboolean store_ensure_layer(vi_store *store, const vi_layer *layer, GError **err)
{
    gboolean exists = FALSE;
    if (!table_exists(store, layer->name, &exists, err))
        return FALSE;
    if (!exists)
        return create_layer_table(store, layer, err);
    for (int i = 0; i < layer->nattrs; i++) {
        char *q = g_strdup_printf("SELECT count(*) FROM pragma_table_info('%s') WHERE name='%s'",
                                  layer->name, layer->attrs[i]->name);
        gint64 n = 0;
        gboolean ok = query_int(store, q, &n, err);
        g_free(q);
        if (!ok)
            return FALSE;
        if (n == 0) {
            char *alter = g_strdup_printf("ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s", layer->name,
                                          layer->attrs[i]->name,
                                          attr_sql_type(layer->attrs[i]->type));
            ok = exec(store, alter, err);
            g_free(alter);
            if (!ok)
                return FALSE;
        }
    }
    return TRUE;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static sqlite3_stmt *insert_stmt(vi_store *store, const vi_layer *layer, GError **err)
{
    sqlite3_stmt *st = g_hash_table_lookup(store->inserts, layer->name);
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    GString *sql = g_string_new(NULL);
    g_string_append_printf(sql, "INSERT INTO \"%s\" (id, village, name, status, year, project,"
                                " import_id, geom",
                           layer->name);
    for (int i = 0; i < layer->nattrs; i++)
        g_string_append_printf(sql, ", \"%s\"", layer->attrs[i]->name);
    if (layer->geometry == VI_GEOM_POINT)
        g_string_append_printf(sql, ") VALUES (?, ?, ?, ?, ?, ?, ?, GeomFromWKB(?, %d)",
                               VI_STORE_SRID);
    else
        g_string_append_printf(sql, ") VALUES (?, ?, ?, ?, ?, ?, ?, CastToMulti(GeomFromWKB(?, %d))",
                               VI_STORE_SRID);
    for (int i = 0; i < layer->nattrs; i++)
        g_string_append(sql, ", ?");
    g_string_append(sql, ")");
    /* The fid goes last (NULL: SQLite's next rowid), after the attributes. */
    g_string_insert(sql, strstr(sql->str, ") VALUES") - sql->str, ", fid");
    g_string_insert(sql, sql->len - 1, ", ?");
    if (sqlite3_prepare_v3(store->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
        SQLITE_OK) {
        g_string_free(sql, TRUE);
        fail(store, err, "cannot prepare an insert");
        return NULL;
    }
    g_string_free(sql, TRUE);
    g_hash_table_insert(store->inserts, g_strdup(layer->name), st);
    return st;
}

/* The rowid the next row of TABLE gets: above every rowid it holds
 * and every one the change log names, so that a rowid is never reused (the
 * table has no AUTOINCREMENT) and undo's dependency check, which compares
 * rows by fid, never takes a later import's new feature for one an earlier
 * change touched.  0: SQLite's next rowid already is (within one change,
 * after its first insert into the layer). */
static gboolean fresh_rowid(vi_store *store, const char *table, gint64 *fid, GError **err)
{
    *fid = 0;
    if (store->change_id && store->fid_change == store->change_id &&
        strcmp(store->fid_layer, table) == 0)
        return TRUE;
    char *sql = g_strdup_printf("SELECT max(coalesce((SELECT max(rowid) FROM \"%s\"), 0),"
                                " coalesce((SELECT max(row) FROM change_log WHERE tbl=?), 0)) + 1",
                                table);
    sqlite3_stmt *st = prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    gboolean ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok)
        *fid = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (!ok)
        return fail(store, err, "cannot choose a feature's fid");
    if (store->change_id && g_strlcpy(store->fid_layer, table, sizeof store->fid_layer) <
                                sizeof store->fid_layer)
        store->fid_change = store->change_id;
    return TRUE;
}

gboolean store_feature_insert(vi_store *store, const vi_layer *layer, const vi_feature *f,
                              gint64 import_id, GError **err)
{
    gint64 fid = 0;
    if (!fresh_rowid(store, layer->name, &fid, err))
        return FALSE;
    sqlite3_stmt *st = insert_stmt(store, layer, err);
    if (!st)
        return FALSE;
    if (fid > 0)
        sqlite3_bind_int64(st, 9 + layer->nattrs, fid);
    bind_text_or_null(st, 1, f->id);
    bind_text_or_null(st, 2, f->village);
    bind_text_or_null(st, 3, f->name);
    bind_text_or_null(st, 4, f->status);
    if (f->year)
        sqlite3_bind_int(st, 5, f->year);
    else
        sqlite3_bind_null(st, 5);
    bind_text_or_null(st, 6, f->project);
    if (import_id > 0)
        sqlite3_bind_int64(st, 7, import_id);
    else
        sqlite3_bind_null(st, 7);
    sqlite3_bind_blob(st, 8, f->wkb, (int)f->wkb_size, SQLITE_STATIC);
    for (int i = 0; i < layer->nattrs; i++) {
        const char *v = f->attrs ? f->attrs[i] : NULL;
        int col = 9 + i;
        if (!v)
            sqlite3_bind_null(st, col);
        else if (layer->attrs[i]->type == VI_ATTR_INTEGER)
            sqlite3_bind_int64(st, col, g_ascii_strtoll(v, NULL, 10));
        else if (layer->attrs[i]->type == VI_ATTR_REAL)
            sqlite3_bind_double(st, col, g_ascii_strtod(v, NULL));
        else
            sqlite3_bind_text(st, col, v, -1, SQLITE_TRANSIENT);
    }
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    "cannot insert feature \"%s\" into layer \"%s\" of '%s': %s", f->id,
                    layer->name, store->path, sqlite3_errmsg(store->db));
        sqlite3_reset(st);
        return FALSE;
    }
    sqlite3_reset(st);
    return log_change(store, layer->name, sqlite3_last_insert_rowid(store->db), "insert", err);
}

gboolean store_feature_exists(vi_store *store, const vi_layer *layer, const char *id,
                              gboolean *exists, GError **err)
{
    gboolean have_table = FALSE;
    *exists = FALSE;
    if (!table_exists(store, layer->name, &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    char *sql = g_strdup_printf("SELECT 1 FROM \"%s\" WHERE id=?", layer->name);
    sqlite3_stmt *st = prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(store, err, "cannot look up a feature");
    *exists = rc == SQLITE_ROW;
    return TRUE;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* Column I (a geometry blob) of ST through SpatiaLite: AsBinary() appended
 * to WKB, or ST_X() and ST_Y() into XY when WKB is NULL.  For the blobs
 * spblob does not read. */
static gboolean decode_slowly(vi_store *store, sqlite3_stmt *st, int i, GByteArray *wkb, double *xy,
                              GError **err)
{
    use_spatialite(store);
    if (!store->decode &&
        !(store->decode = prepare(store, "SELECT AsBinary(?1), ST_X(?1), ST_Y(?1)", err)))
        return FALSE;
    sqlite3_bind_value(store->decode, 1, sqlite3_column_value(st, i));
    gboolean ok = sqlite3_step(store->decode) == SQLITE_ROW &&
                  sqlite3_column_type(store->decode, wkb ? 0 : 1) != SQLITE_NULL;
    if (ok && wkb) {
        g_byte_array_append(wkb, sqlite3_column_blob(store->decode, 0),
                            (guint)sqlite3_column_bytes(store->decode, 0));
    } else if (ok) {
        xy[0] = sqlite3_column_double(store->decode, 1);
        xy[1] = sqlite3_column_double(store->decode, 2);
    }
    sqlite3_reset(store->decode);
    sqlite3_clear_bindings(store->decode);
    return ok;
}

/* Column I of ST, a geometry, as WKB appended to OUT. */
static gboolean column_wkb(vi_store *store, sqlite3_stmt *st, int i, GByteArray *out, GError **err)
{
    if (spblob_to_wkb(sqlite3_column_blob(st, i), (gsize)sqlite3_column_bytes(st, i), out))
        return TRUE;
    GError *why = NULL;
    if (decode_slowly(store, st, i, out, NULL, &why))
        return TRUE;
    g_set_error(err, VI_ERROR, VI_ERROR_DATA, "unreadable geometry in '%s'%s%s", store->path,
                why ? ": " : "", why ? why->message : "");
    g_clear_error(&why);
    return FALSE;
}

gboolean store_feature_scan(vi_store *store, const vi_layer *layer, const char *village,
                            vi_feature_fn fn, void *user, GError **err)
{
    gboolean have_table = FALSE;
    if (!table_exists(store, layer->name, &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    GString *sql = g_string_new("SELECT id, village, name, status, year, project, geom");
    for (int i = 0; i < layer->nattrs; i++)
        g_string_append_printf(sql, ", \"%s\"", layer->attrs[i]->name);
    g_string_append_printf(sql, " FROM \"%s\"", layer->name);
    if (village)
        g_string_append(sql, strcmp(layer->name, "villages") == 0 ? " WHERE name=?"
                                                                   : " WHERE village=?");
    g_string_append(sql, " ORDER BY fid");
    sqlite3_stmt *st = prepare(store, sql->str, err);
    g_string_free(sql, TRUE);
    if (!st)
        return FALSE;
    if (village)
        sqlite3_bind_text(st, 1, village, -1, SQLITE_STATIC);
    const char **attrs = g_new0(const char *, layer->nattrs + 1);
    GByteArray *wkb = g_byte_array_new();
    gboolean ok = TRUE;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        g_byte_array_set_size(wkb, 0);
        if (sqlite3_column_type(st, 6) != SQLITE_NULL && !column_wkb(store, st, 6, wkb, err)) {
            g_prefix_error(err, "layer \"%s\", feature \"%s\": ", layer->name,
                           col_text(st, 0) ? col_text(st, 0) : "");
            ok = FALSE;
            break;
        }
        vi_feature f = {0};
        f.id = col_text(st, 0);
        f.village = col_text(st, 1);
        f.name = col_text(st, 2);
        f.status = col_text(st, 3);
        f.year = sqlite3_column_int(st, 4);
        f.project = col_text(st, 5);
        f.wkb = wkb->len ? wkb->data : NULL;
        f.wkb_size = wkb->len;
        for (int i = 0; i < layer->nattrs; i++)
            attrs[i] = col_text(st, 7 + i);
        f.attrs = attrs;
        ok = fn(&f, user, err);
    }
    if (ok && rc != SQLITE_DONE)
        ok = fail(store, err, "cannot read layer");
    g_free(attrs);
    g_byte_array_unref(wkb);
    sqlite3_finalize(st);
    return ok;
}

gint64 store_feature_count(vi_store *store, const vi_layer *layer, const char *village,
                           GError **err)
{
    gboolean have_table = FALSE;
    if (!table_exists(store, layer->name, &have_table, err))
        return -1;
    if (!have_table)
        return 0;
    char *sql = g_strdup_printf("SELECT count(*) FROM \"%s\"%s", layer->name,
                                village ? " WHERE village=?" : "");
    sqlite3_stmt *st = prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return -1;
    if (village)
        sqlite3_bind_text(st, 1, village, -1, SQLITE_STATIC);
    gint64 n = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    else
        fail(store, err, "cannot count features");
    sqlite3_finalize(st);
    return n;
}

gint64 store_feature_delete_status(vi_store *store, const vi_layer *layer, const char *status,
                                   GError **err)
{
    /* Each row is logged (with its content) before it goes, for undo. */
    char *sql = g_strdup_printf("SELECT fid FROM \"%s\" WHERE status=? ORDER BY fid", layer->name);
    sqlite3_stmt *st = prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    GArray *fids = g_array_new(FALSE, FALSE, sizeof(gint64));
    while (sqlite3_step(st) == SQLITE_ROW) {
        gint64 fid = sqlite3_column_int64(st, 0);
        g_array_append_val(fids, fid);
    }
    sqlite3_finalize(st);
    gboolean logged = TRUE;
    for (guint i = 0; logged && i < fids->len; i++)
        logged = log_change(store, layer->name, g_array_index(fids, gint64, i), "delete", err);
    g_array_free(fids, TRUE);
    if (!logged)
        return -1;
    sql = g_strdup_printf("DELETE FROM \"%s\" WHERE status=?", layer->name);
    st = prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        fail(store, err, "cannot delete features");
        return -1;
    }
    return sqlite3_changes(store->db);
}

gboolean store_project_insert(vi_store *store, const vi_project *p, gint64 import_id,
                              GError **err)
{
    gint64 fresh = 0;
    sqlite3_stmt *st = !fresh_rowid(store, "projects", &fresh, err) ? NULL : prepare(store,
                               "INSERT INTO projects (id, name, programme, village, kind, year,"
                               " funding_wan, import_id, rowid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               err);
    if (!st)
        return FALSE;
    if (fresh > 0)
        sqlite3_bind_int64(st, 9, fresh);
    bind_text_or_null(st, 1, p->id);
    bind_text_or_null(st, 2, p->name);
    bind_text_or_null(st, 3, p->programme);
    bind_text_or_null(st, 4, p->village);
    bind_text_or_null(st, 5, p->kind ? p->kind : "project");
    if (p->year)
        sqlite3_bind_int(st, 6, p->year);
    else
        sqlite3_bind_null(st, 6);
    sqlite3_bind_double(st, 7, p->funding_wan);
    if (import_id > 0)
        sqlite3_bind_int64(st, 8, import_id);
    else
        sqlite3_bind_null(st, 8);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE, "cannot insert project \"%s\" into '%s': %s",
                    p->id, store->path, sqlite3_errmsg(store->db));
        return FALSE;
    }
    return log_change(store, "projects", sqlite3_last_insert_rowid(store->db), "insert", err);
}

gboolean store_project_exists(vi_store *store, const char *id, gboolean *exists, GError **err)
{
    sqlite3_stmt *st = prepare(store, "SELECT 1 FROM projects WHERE id=?", err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(store, err, "cannot look up a project");
    *exists = rc == SQLITE_ROW;
    return TRUE;
}

gboolean store_project_scan(vi_store *store, const char *village, vi_project_fn fn, void *user,
                            GError **err)
{
    sqlite3_stmt *st = prepare(store,
                               village ? "SELECT id, name, programme, village, kind, year,"
                                         " funding_wan FROM projects WHERE village=? ORDER BY id"
                                       : "SELECT id, name, programme, village, kind, year,"
                                         " funding_wan FROM projects ORDER BY id",
                               err);
    if (!st)
        return FALSE;
    if (village)
        sqlite3_bind_text(st, 1, village, -1, SQLITE_STATIC);
    gboolean ok = TRUE;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        vi_project p = {
            .id = col_text(st, 0),
            .name = col_text(st, 1),
            .programme = col_text(st, 2),
            .village = col_text(st, 3),
            .kind = col_text(st, 4),
            .year = sqlite3_column_int(st, 5),
            .funding_wan = sqlite3_column_double(st, 6),
        };
        ok = fn(&p, user, err);
    }
    if (ok && rc != SQLITE_DONE)
        ok = fail(store, err, "cannot read projects");
    sqlite3_finalize(st);
    return ok;
}

gboolean store_import_find(vi_store *store, const char *sha256, gboolean *found,
                           vi_import_info *info, GError **err)
{
    sqlite3_stmt *st = prepare(
        store, "SELECT id, path, layer, imported_at, features FROM imports WHERE sha256=?", err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    if (*found && info) {
        info->id = sqlite3_column_int64(st, 0);
        info->path = g_strdup(col_text(st, 1));
        info->layer = g_strdup(col_text(st, 2));
        info->imported_at = g_strdup(col_text(st, 3));
        info->features = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(store, err, "cannot look up imports");
    return TRUE;
}

void store_import_info_clear(vi_import_info *info)
{
    if (!info)
        return;
    g_free(info->path);
    g_free(info->layer);
    g_free(info->imported_at);
    memset(info, 0, sizeof *info);
}

gint64 store_import_record(vi_store *store, const char *path, const char *layer,
                           const char *sha256, gint64 features, GError **err)
{
    gint64 fresh = 0;
    sqlite3_stmt *st = !fresh_rowid(store, "imports", &fresh, err) ? NULL : prepare(
        store, "INSERT INTO imports (path, layer, sha256, features, id) VALUES (?, ?, ?, ?, ?)",
        err);
    if (!st)
        return 0;
    if (fresh > 0)
        sqlite3_bind_int64(st, 5, fresh);
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, layer, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, features);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        fail(store, err, "cannot record the import");
        return 0;
    }
    gint64 id = sqlite3_last_insert_rowid(store->db);
    return log_change(store, "imports", id, "insert", err) ? id : 0;
}

gboolean store_import_set_count(vi_store *store, gint64 import_id, gint64 features, GError **err)
{
    if (!log_change(store, "imports", import_id, "update", err))
        return FALSE;
    sqlite3_stmt *st = prepare(store, "UPDATE imports SET features=? WHERE id=?", err);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, features);
    sqlite3_bind_int64(st, 2, import_id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TRUE : fail(store, err, "cannot update the import");
}

/* import */
static gboolean collect_ids(vi_store *store, const char *sql, GHashTable *ids, GError **err)
{
    sqlite3_stmt *st = prepare(store, sql, err);
    if (!st)
        return FALSE;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        g_hash_table_add(ids, g_strdup(col_text(st, 0)));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TRUE : fail(store, err, "cannot read ids");
}

gboolean store_feature_ids(vi_store *store, const vi_layer *layer, GHashTable *ids,
                           GError **err)
{
    gboolean have_table = FALSE;
    if (!table_exists(store, layer->name, &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    char *sql = g_strdup_printf("SELECT id FROM \"%s\"", layer->name);
    gboolean ok = collect_ids(store, sql, ids, err);
    g_free(sql);
    return ok;
}

gboolean store_project_ids(vi_store *store, GHashTable *ids, GError **err)
{
    return collect_ids(store, "SELECT id FROM projects", ids, err);
}

gboolean store_begin_bulk(vi_store *store, GError **err)
{
    return exec(store, "PRAGMA temp_store=MEMORY", err) && store_begin(store, err);
}

/* coverage */

/* First and last fid of LAYER, whose table exists; 1 and 0 when it is empty. */
static gboolean fid_range(vi_store *store, const vi_layer *layer, gint64 *first, gint64 *last,
                          GError **err)
{
    /* Two subqueries: each is one seek to an end of the table, where
     * min() and max() side by side scan it. */
    char *sql =
        g_strdup_printf("SELECT (SELECT min(fid) FROM \"%s\"), (SELECT max(fid) FROM \"%s\")",
                        layer->name, layer->name);
    sqlite3_stmt *st = prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    int rc = sqlite3_step(st);
    gboolean empty = rc != SQLITE_ROW || sqlite3_column_type(st, 0) == SQLITE_NULL;
    *first = empty ? 1 : sqlite3_column_int64(st, 0);
    *last = empty ? 0 : sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? TRUE : fail(store, err, "cannot read layer");
}

gboolean store_fid_span(vi_store *store, const vi_layer *layer, gint64 *span, GError **err)
{
    gboolean have_table = FALSE;
    gint64 first = 1, last = 0;
    *span = 0;
    if (!table_exists(store, layer->name, &have_table, err) ||
        (have_table && !fid_range(store, layer, &first, &last, err)))
        return FALSE;
    *span = last - first + 1;
    return TRUE;
}

gboolean store_point_scan(vi_store *store, const vi_layer *layer, const char *const *columns,
                          int part, int nparts, vi_point_fn fn, void *user, GError **err)
{
    g_return_val_if_fail(nparts >= 1 && part >= 0 && part < nparts, FALSE);
    static const char *const common[] = {"id", "village", "name", "status", "year", "project",
                                         NULL};
    gboolean have_table = FALSE;
    if (!table_exists(store, layer->name, &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    int ncols = columns ? (int)g_strv_length((char **)columns) : 0;
    GString *sql = g_string_new("SELECT fid, geom");
    for (int i = 0; i < ncols; i++) {
        if (!g_strv_contains(common, columns[i]) && layer_attr_index(layer, columns[i]) < 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE, "layer \"%s\" has no column \"%s\"",
                        layer->name, columns[i]);
            g_string_free(sql, TRUE);
            return FALSE;
        }
        g_string_append_printf(sql, ", \"%s\"", columns[i]);
    }
    g_string_append_printf(sql, " FROM \"%s\"", layer->name);
    gint64 first = 1, last = 0;
    if (nparts > 1) {
        if (!fid_range(store, layer, &first, &last, err)) {
            g_string_free(sql, TRUE);
            return FALSE;
        }
        g_string_append(sql, " WHERE fid >= ?1 AND fid < ?2");
    }
    g_string_append(sql, " ORDER BY fid");
    sqlite3_stmt *st = prepare(store, sql->str, err);
    g_string_free(sql, TRUE);
    if (!st)
        return FALSE;
    if (nparts > 1) {
        gint64 span = last - first + 1;
        sqlite3_bind_int64(st, 1, first + span * part / nparts);
        sqlite3_bind_int64(st, 2, first + span * (part + 1) / nparts);
    }
    const char **values = g_new0(const char *, ncols + 1);
    gboolean ok = TRUE;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        double xy[2];
        if (!spblob_point(sqlite3_column_blob(st, 1), (gsize)sqlite3_column_bytes(st, 1), &xy[0],
                          &xy[1]) &&
            !decode_slowly(store, st, 1, NULL, xy, NULL)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        "layer \"%s\" in '%s': feature %" G_GINT64_FORMAT " has no point",
                        layer->name, store->path, (gint64)sqlite3_column_int64(st, 0));
            ok = FALSE;
            break;
        }
        for (int i = 0; i < ncols; i++)
            values[i] = col_text(st, 2 + i);
        ok = fn(xy[0], xy[1], values, user, err);
    }
    if (ok && rc != SQLITE_DONE)
        ok = fail(store, err, "cannot read layer");
    g_free(values);
    sqlite3_finalize(st);
    return ok;
}

/* history
 *
 * Every write transaction is one change.  store_begin() computes the content
 * checksum and picks the change's id; each row the change inserts is logged
 * in change_log by its rowid, and each row it updates or deletes is logged
 * with its old content in change_values (one row per column; the value
 * column has no type, so SQLite keeps every value's exact storage class).
 * store_history_record() then writes the history row with the checksums
 * before and after.  Undo replays the log backwards.
 *
 * The content checksum is the SHA-256 of every row of every layer table,
 * of imports and of projects, tables in name order and rows in primary key
 * order, each value with its column name and storage class; NULLs are left
 * out, so a column the registry added since (all NULL) changes nothing.
 */

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

static char *invocation;
static char **invocation_args; /* argv[1..], as store_invocation_hide() left them */

static void build_invocation(void)
{
    GString *s = g_string_new("vinfra");
    for (int i = 0; invocation_args && invocation_args[i]; i++) {
        const char *arg = invocation_args[i];
        gboolean plain = arg[0] != '\0';
        for (const char *c = arg; *c && plain; c++)
            plain = g_ascii_isalnum(*c) || strchr("-_=./:,@+%", *c) || (guchar)*c >= 0x80;
        char *q = plain ? g_strdup(arg) : g_shell_quote(arg);
        g_string_append_printf(s, " %s", q);
        g_free(q);
    }
    g_free(invocation);
    invocation = g_string_free(s, FALSE);
}

void store_set_invocation(int argc, char *const *argv)
{
    g_strfreev(invocation_args);
    invocation_args = g_new0(char *, argc > 1 ? argc : 1);
    for (int i = 1; i < argc; i++)
        invocation_args[i - 1] = g_strdup(argv[i]);
    build_invocation();
}

void store_invocation_hide(const char *arg, const char *shown)
{
    size_t n = strlen(arg);
    for (int i = 0; invocation_args && invocation_args[i]; i++) {
        char *a = invocation_args[i];
        size_t len = strlen(a);
        if (len < n || strcmp(a + len - n, arg) != 0 || (len > n && a[0] != '-'))
            continue;
        invocation_args[i] = g_strdup_printf("%.*s%s", (int)(len - n), a, shown);
        g_free(a);
    }
    build_invocation();
}

static void change_clear(vi_store *store)
{
    store->change_id = store->change_seq = 0;
    store->change_recorded = FALSE;
    store->fid_change = 0;
    g_clear_pointer(&store->checksum_before, g_free);
}

static void hash_value(GChecksum *sum, const char *name, sqlite3_value *v)
{
    int type = sqlite3_value_type(v);
    if (type == SQLITE_NULL)
        return;
    guint8 tag = (guint8)type;
    g_checksum_update(sum, (const guchar *)name, (gssize)strlen(name) + 1);
    g_checksum_update(sum, &tag, 1);
    if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
        guint64 bits;
        if (type == SQLITE_INTEGER) {
            bits = (guint64)sqlite3_value_int64(v);
        } else {
            double d = sqlite3_value_double(v);
            memcpy(&bits, &d, sizeof bits);
        }
        bits = GUINT64_TO_BE(bits);
        g_checksum_update(sum, (const guchar *)&bits, sizeof bits);
        return;
    }
    const void *data = type == SQLITE_TEXT ? (const void *)sqlite3_value_text(v)
                                           : sqlite3_value_blob(v);
    guint32 n = GUINT32_TO_BE((guint32)sqlite3_value_bytes(v));
    g_checksum_update(sum, (const guchar *)&n, sizeof n);
    g_checksum_update(sum, data, sqlite3_value_bytes(v));
}

/* Add every row of ST (SELECT * ...) to SUM. */
static gboolean hash_rows(vi_store *store, sqlite3_stmt *st, GChecksum *sum, GError **err)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        g_checksum_update(sum, (const guchar *)"\x1e", 1);
        for (int i = 0; i < sqlite3_column_count(st); i++)
            hash_value(sum, sqlite3_column_name(st, i), sqlite3_column_value(st, i));
    }
    return rc == SQLITE_DONE ? TRUE : fail(store, err, "cannot read rows");
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The content checksum (see above), as 64 hex digits (caller frees). */
static char *content_checksum(vi_store *store, GError **err)
{
    GPtrArray *tables = g_ptr_array_new();
    for (int i = 0; i < registry_layer_count(store->reg); i++)
        g_ptr_array_add(tables, registry_layer_at(store->reg, i)->name);
    g_ptr_array_sort(tables, compare_names);
    g_ptr_array_add(tables, "imports");
    g_ptr_array_add(tables, "projects");
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < tables->len; i++) {
        const char *table = tables->pdata[i];
        gboolean exists = FALSE;
        if (!(ok = table_exists(store, table, &exists, err)) || !exists)
            continue;
        gboolean is_layer = i + 2 < tables->len;
        g_checksum_update(sum, (const guchar *)table, (gssize)strlen(table) + 1);
        char *sql = g_strdup_printf("SELECT * FROM \"%s\" ORDER BY %s", table,
                                    is_layer ? "fid" : "id");
        sqlite3_stmt *st = prepare(store, sql, err);
        g_free(sql);
        ok = st && hash_rows(store, st, sum, err);
        sqlite3_finalize(st);
    }
    char *hex = ok ? g_strdup(g_checksum_get_string(sum)) : NULL;
    g_checksum_free(sum);
    g_ptr_array_free(tables, TRUE);
    return hex;
}

char *store_checksum(vi_store *store, GError **err)
{
    return content_checksum(store, err);
}

/* Start the change of the open transaction.  WITH_CHECKSUM is FALSE only
 * for the database's creation, which has no state before it. */
static gboolean change_start(vi_store *store, gboolean with_checksum, GError **err)
{
    gint64 last = 0;
    if (!exec(store, history_schema_sql, err) ||
        !query_int(store, "SELECT coalesce(max(id), 0) FROM history", &last, err))
        return FALSE;
    change_clear(store);
    if (with_checksum && !(store->checksum_before = content_checksum(store, err)))
        return FALSE;
    store->change_id = last + 1;
    return TRUE;
}

static sqlite3_stmt *prepare_kept(vi_store *store, sqlite3_stmt **slot, const char *sql,
                                  GError **err)
{
    if (*slot) {
        sqlite3_reset(*slot);
        sqlite3_clear_bindings(*slot);
    } else if (sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) !=
               SQLITE_OK) {
        fail(store, err, "cannot prepare a query");
        *slot = NULL;
    }
    return *slot;
}

/* Log that OP ("insert", "update", "delete") happens to row ROW of TABLE;
 * for update and delete, call it before the change, as it keeps the row's
 * content.  Writes outside a change (none but the schema) are not logged. */
static gboolean log_change(vi_store *store, const char *table, gint64 row, const char *op,
                           GError **err)
{
    if (!store->change_id)
        return TRUE;
    sqlite3_stmt *st = prepare_kept(
        store, &store->log_row,
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
        return fail(store, err, "cannot log a change");
    sqlite3_reset(st);
    if (strcmp(op, "insert") == 0)
        return TRUE;
    char *sql = g_strdup_printf("SELECT * FROM \"%s\" WHERE rowid=?", table);
    sqlite3_stmt *old = prepare(store, sql, err);
    g_free(sql);
    if (!old)
        return FALSE;
    sqlite3_bind_int64(old, 1, row);
    gboolean ok = sqlite3_step(old) == SQLITE_ROW;
    if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_STORE, "cannot log a change in '%s': no row %" G_GINT64_FORMAT " in \"%s\"",
                    store->path, row, table);
    for (int i = 0; ok && i < sqlite3_column_count(old); i++) {
        if (!(st = prepare_kept(store, &store->log_value,
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
            ok = fail(store, err, "cannot log a change");
        sqlite3_reset(st);
    }
    sqlite3_finalize(old);
    return ok;
}

static gboolean history_insert(vi_store *store, const vi_change *change, gint64 undoes,
                               GError **err)
{
    if (!store->in_txn || !store->change_id) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    "cannot record a change in '%s' outside a transaction", store->path);
        return FALSE;
    }
    gint64 counts[3] = {0, 0, 0};
    sqlite3_stmt *st = prepare(store,
                               "SELECT op, count(*) FROM change_log WHERE change_id=?"
                               " AND tbl <> 'imports' GROUP BY op",
                               err);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, store->change_id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *op = col_text(st, 0);
        int k = strcmp(op, "insert") == 0 ? 0 : strcmp(op, "update") == 0 ? 1 : 2;
        counts[k] = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    char *after = content_checksum(store, err);
    if (!after)
        return FALSE;
    st = prepare(store,
                 "INSERT INTO history (id, at, user, host, command_line, action, layer, added,"
                 " changed, deleted, exported, source_sha256, detail, version, checksum_before,"
                 " checksum_after, undoes)"
                 " VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                 " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                 err);
    if (!st) {
        g_free(after);
        return FALSE;
    }
    sqlite3_bind_int64(st, 1, store->change_id);
    sqlite3_bind_text(st, 2, g_get_user_name(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, g_get_host_name(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, invocation ? invocation : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, change->action, -1, SQLITE_STATIC);
    bind_text_or_null(st, 6, change->layer);
    for (int k = 0; k < 3; k++)
        sqlite3_bind_int64(st, 7 + k, counts[k]);
    sqlite3_bind_int64(st, 10, change->exported);
    bind_text_or_null(st, 11, change->source_sha256);
    bind_text_or_null(st, 12, change->detail);
    sqlite3_bind_text(st, 13, VINFRA_VERSION, -1, SQLITE_STATIC);
    bind_text_or_null(st, 14, store->checksum_before);
    sqlite3_bind_text(st, 15, after, -1, SQLITE_TRANSIENT);
    if (undoes > 0)
        sqlite3_bind_int64(st, 16, undoes);
    else
        sqlite3_bind_null(st, 16);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    g_free(after);
    if (rc != SQLITE_DONE)
        return fail(store, err, "cannot record the change in the history");
    store->change_recorded = TRUE;
    return TRUE;
}

gboolean store_history_record(vi_store *store, const vi_change *change, GError **err)
{
    return history_insert(store, change, 0, err);
}

gint64 store_change_id(const vi_store *store)
{
    return store->change_id;
}

gboolean store_history_scan(vi_store *store, const char *layer, const char *since,
                            vi_history_fn fn, void *user, GError **err)
{
    gboolean exists = FALSE;
    if (!table_exists(store, "history", &exists, err))
        return FALSE;
    if (!exists)
        return TRUE;
    sqlite3_stmt *st = prepare(
        store,
        "SELECT id, at, user, host, command_line, action, layer, added, changed, deleted,"
        " exported, source_sha256, detail, version, checksum_before, checksum_after, undoes,"
        " undone_by FROM history WHERE (?1 IS NULL OR layer = ?1) AND (?2 IS NULL OR at >= ?2)"
        " ORDER BY id",
        err);
    if (!st)
        return FALSE;
    bind_text_or_null(st, 1, layer);
    bind_text_or_null(st, 2, since);
    gboolean ok = TRUE;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        vi_history_entry h = {
            .id = sqlite3_column_int64(st, 0),
            .at = col_text(st, 1),
            .user = col_text(st, 2),
            .host = col_text(st, 3),
            .command_line = col_text(st, 4),
            .action = col_text(st, 5),
            .layer = col_text(st, 6),
            .added = sqlite3_column_int64(st, 7),
            .changed = sqlite3_column_int64(st, 8),
            .deleted = sqlite3_column_int64(st, 9),
            .exported = sqlite3_column_int64(st, 10),
            .source_sha256 = col_text(st, 11),
            .detail = col_text(st, 12),
            .version = col_text(st, 13),
            .checksum_before = col_text(st, 14),
            .checksum_after = col_text(st, 15),
            .undoes = sqlite3_column_int64(st, 16),
            .undone_by = sqlite3_column_int64(st, 17),
        };
        ok = fn(&h, user, err);
    }
    if (ok && rc != SQLITE_DONE)
        ok = fail(store, err, "cannot read the history");
    sqlite3_finalize(st);
    return ok;
}

/* undo */

typedef struct {
    gint64 seq, row;
    char *table, *op;
} log_entry;

static void log_entry_clear(gpointer p)
{
    log_entry *e = p;
    g_free(e->table);
    g_free(e->op);
}

/* The log of change ID, in order. */
static GArray *read_log(vi_store *store, gint64 id, GError **err)
{
    sqlite3_stmt *st =
        prepare(store, "SELECT seq, tbl, row, op FROM change_log WHERE change_id=? ORDER BY seq",
                err);
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    GArray *log = g_array_new(FALSE, TRUE, sizeof(log_entry));
    g_array_set_clear_func(log, log_entry_clear);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        log_entry e = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 2),
                       g_strdup(col_text(st, 1)), g_strdup(col_text(st, 3))};
        g_array_append_val(log, e);
    }
    sqlite3_finalize(st);
    /* Names from the log go into SQL text: only our own identifiers pass. */
    for (guint i = 0; rc == SQLITE_DONE && i < log->len; i++)
        if (!is_identifier(g_array_index(log, log_entry, i).table))
            rc = SQLITE_CORRUPT;
    if (rc != SQLITE_DONE) {
        g_array_free(log, TRUE);
        g_set_error(err, VI_ERROR, VI_ERROR_STORE, "cannot read the change log of '%s'",
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
    sqlite3_stmt *st = prepare(store,
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
        c->action = g_strdup(col_text(st, 0));
        c->layer = g_strdup(col_text(st, 1));
        c->checksum_before = g_strdup(col_text(st, 2));
        c->undone_by = sqlite3_column_int64(st, 3);
        c->nlog = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TRUE : fail(store, err, "cannot read the history");
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
    sqlite3_stmt *st = prepare(store, sql, NULL);
    g_free(sql);
    char *id = NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, change_id);
        sqlite3_bind_int64(st, 2, seq);
        sqlite3_bind_int64(st, 3, row);
        if (sqlite3_step(st) == SQLITE_ROW && col_text(st, 0))
            id = g_strdup(col_text(st, 0));
        sqlite3_finalize(st);
    }
    char *label = strcmp(table, "imports") == 0    ? g_strdup_printf("import %s", id ? id : "?")
                  : strcmp(table, "projects") == 0 ? g_strdup_printf("project \"%s\"", id ? id : "?")
                                                   : g_strdup_printf("%s feature \"%s\"", table,
                                                                     id ? id : "?");
    g_free(id);
    return label;
}

/* Refuse to undo change ID when a later change in effect touched a row
 * that ID touched.  A later undo of a change later than ID does not count:
 * it only takes that change back, and whether that change is in effect is
 * what counts. */
static gboolean check_dependents(vi_store *store, gint64 id, const char *action, GError **err)
{
    sqlite3_stmt *st = prepare(store,
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
        if (!is_identifier(col_text(st, 2)))
            continue;
        char *label = row_label(store, col_text(st, 2), sqlite3_column_int64(st, 3), later,
                                sqlite3_column_int64(st, 4));
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    "cannot undo change %" G_GINT64_FORMAT " (%s): change %" G_GINT64_FORMAT
                    " (%s) later changed the same data (%s); undo change %" G_GINT64_FORMAT
                    " first",
                    id, action, later, col_text(st, 1), label, later);
        g_free(label);
        ok = FALSE;
    }
    sqlite3_finalize(st);
    return ok;
}

/* The name of TABLE's INTEGER PRIMARY KEY column (the rowid), or NULL (owned). */
static char *rowid_column(vi_store *store, const char *table)
{
    char *sql = g_strdup_printf("SELECT name, type FROM pragma_table_info('%s') WHERE pk > 0",
                                table);
    sqlite3_stmt *st = prepare(store, sql, NULL);
    g_free(sql);
    char *name = NULL;
    int npk = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        npk++;
        if (g_ascii_strcasecmp(col_text(st, 1), "INTEGER") == 0)
            name = g_strdup(col_text(st, 0));
    }
    sqlite3_finalize(st);
    if (npk != 1)
        g_clear_pointer(&name, g_free);
    return name;
}

/* The logged old content of entry SEQ of change ID, in column order. */
static sqlite3_stmt *logged_values(vi_store *store, gint64 id, gint64 seq, GError **err)
{
    sqlite3_stmt *st = prepare(
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
        const char *col = col_text(vals, 0);
        if (!is_identifier(col)) {
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
    sqlite3_stmt *st = ok && values->len > 0 ? prepare(store, sql, err) : NULL;
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
            ok = fail(store, err, "cannot restore a row");
    } else if (ok) {
        ok = FALSE;
    }
    if (!ok && err && !*err)
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    "cannot restore row %" G_GINT64_FORMAT " of \"%s\" in '%s': the change log "
                    "is damaged",
                    row, table, store->path);
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
    sqlite3_stmt *st = prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, e->row);
    GChecksum *now = g_checksum_new(G_CHECKSUM_SHA256), *then = g_checksum_new(G_CHECKSUM_SHA256);
    gboolean ok = hash_rows(store, st, now, err);
    sqlite3_finalize(st);
    if (ok && strcmp(e->op, "insert") != 0) {
        sqlite3_stmt *vals = logged_values(store, id, e->seq, err);
        ok = vals != NULL;
        if (ok) {
            g_checksum_update(then, (const guchar *)"\x1e", 1);
            while (sqlite3_step(vals) == SQLITE_ROW)
                hash_value(then, col_text(vals, 0), sqlite3_column_value(vals, 1));
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
    sqlite3_stmt *st = prepare(store,
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

static gboolean undo_in_txn(vi_store *store, gint64 target, vi_undo_result *res, GError **err)
{
    gint64 last = 0;
    if (!query_int(store, "SELECT coalesce(max(id), 0) FROM history", &last, err))
        return FALSE;
    /* Undo replays recorded changes: if the content is not what the last
     * change left, something else wrote to the file and the log no longer
     * describes it. */
    sqlite3_stmt *st = prepare(store, "SELECT checksum_after FROM history WHERE id=?", err);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, last);
    gboolean outside = sqlite3_step(st) == SQLITE_ROW &&
                       g_strcmp0(col_text(st, 0), store->checksum_before) != 0;
    sqlite3_finalize(st);
    if (outside) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    "cannot undo: '%s' was changed outside vinfra after change %" G_GINT64_FORMAT
                    " (its content checksum is not the one recorded); see 'vinfra check'",
                    store->path, last);
        return FALSE;
    }
    if (target == 0 && !default_target(store, &target, err))
        return FALSE;
    if (target == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, "nothing to undo in '%s'", store->path);
        return FALSE;
    }
    change_info c;
    gboolean effect = TRUE;
    if (!read_change(store, target, &c, err) || (c.found && !in_effect(store, target, &effect, err))) {
        change_info_clear(&c);
        return FALSE;
    }
    gboolean ok = FALSE;
    GArray *log = NULL;
    if (!c.found)
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    "no change %" G_GINT64_FORMAT " in the history of '%s' (see 'vinfra history')",
                    target, store->path);
    else if (strcmp(c.action, "init") == 0)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    "change %" G_GINT64_FORMAT " (init) created the database: it cannot be undone",
                    target);
    else if (!effect)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    "change %" G_GINT64_FORMAT " (%s) was already undone by change %" G_GINT64_FORMAT,
                    target, c.action, c.undone_by);
    else if (c.nlog == 0)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    "change %" G_GINT64_FORMAT " (%s) changed no data: nothing to undo", target,
                    c.action);
    else
        ok = check_dependents(store, target, c.action, err) &&
             (log = read_log(store, target, err)) != NULL;
    /* Backwards: the rows an import added go before its imports row. */
    for (guint i = log ? log->len : 0; ok && i-- > 0;) {
        const log_entry *e = &g_array_index(log, log_entry, i);
        if (strcmp(e->op, "insert") == 0) {
            char *sql = g_strdup_printf("DELETE FROM \"%s\" WHERE rowid=?", e->table);
            sqlite3_stmt *del = NULL;
            ok = log_change(store, e->table, e->row, "delete", err) &&
                 (del = prepare(store, sql, err)) != NULL;
            g_free(sql);
            if (ok) {
                sqlite3_bind_int64(del, 1, e->row);
                ok = sqlite3_step(del) == SQLITE_DONE ? TRUE : fail(store, err, "cannot undo");
            }
            sqlite3_finalize(del);
        } else if (strcmp(e->op, "update") == 0) {
            ok = log_change(store, e->table, e->row, "update", err) &&
                 restore_row(store, e->table, e->row, target, e->seq, FALSE, err);
        } else {
            ok = restore_row(store, e->table, e->row, target, e->seq, TRUE, err) &&
                 log_change(store, e->table, e->row, "insert", err);
        }
    }
    /* Verify: every row the change touched is as it was before; and when no
     * change with data came after it, the whole content is too. */
    for (guint i = 0; ok && log && i < log->len; i++) {
        gboolean same = FALSE;
        const log_entry *e = &g_array_index(log, log_entry, i);
        if ((ok = row_restored(store, e, target, &same, err)) && !same) {
            char *label = row_label(store, e->table, e->row, target, e->seq);
            g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                        "undo of change %" G_GINT64_FORMAT " did not restore %s: nothing was "
                        "changed",
                        target, label);
            g_free(label);
            ok = FALSE;
        }
    }
    gint64 later = 0;
    if (ok) {
        char *q = g_strdup_printf("SELECT count(*) FROM change_log WHERE change_id > %" G_GINT64_FORMAT
                                  " AND change_id < %" G_GINT64_FORMAT,
                                  target, store->change_id);
        ok = query_int(store, q, &later, err);
        g_free(q);
    }
    if (ok && later == 0 && c.checksum_before) {
        char *now = content_checksum(store, err);
        if (!now) {
            ok = FALSE;
        } else if (strcmp(now, c.checksum_before) != 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                        "undo of change %" G_GINT64_FORMAT " did not restore the content "
                        "recorded before it (checksum %s, expected %s): nothing was changed",
                        target, now, c.checksum_before);
            ok = FALSE;
        }
        g_free(now);
    }
    if (ok) {
        char *q = g_strdup_printf("UPDATE history SET undone_by = %" G_GINT64_FORMAT
                                  " WHERE id = %" G_GINT64_FORMAT,
                                  store->change_id, target);
        char *detail = g_strdup_printf("change %" G_GINT64_FORMAT " (%s)", target, c.action);
        vi_change undo = {.action = "undo", .layer = c.layer, .detail = detail};
        ok = exec(store, q, err) && history_insert(store, &undo, target, err);
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

gboolean store_undo(vi_store *store, gint64 change_id, vi_undo_result *res, GError **err)
{
    memset(res, 0, sizeof *res);
    if (!store_begin(store, err))
        return FALSE;
    if (!undo_in_txn(store, change_id, res, err) || !store_commit(store, err)) {
        store_rollback(store);
        vi_undo_result_clear(res);
        return FALSE;
    }
    return TRUE;
}

void vi_undo_result_clear(vi_undo_result *res)
{
    g_free(res->action);
    g_free(res->layer);
    memset(res, 0, sizeof *res);
}

/* edit */

/* The fid of feature ID of LAYER; 0 with ERR when there is none. */
static gint64 feature_fid(vi_store *store, const vi_layer *layer, const char *id, GError **err)
{
    gboolean have_table = FALSE;
    if (!table_exists(store, layer->name, &have_table, err))
        return 0;
    gint64 fid = 0;
    if (have_table) {
        char *sql = g_strdup_printf("SELECT fid FROM \"%s\" WHERE id=?", layer->name);
        sqlite3_stmt *st = prepare(store, sql, err);
        g_free(sql);
        if (!st)
            return 0;
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            fid = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    if (!fid)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, "layer \"%s\" has no feature \"%s\"",
                    layer->name, id);
    return fid;
}

gboolean store_feature_update(vi_store *store, const vi_layer *layer, const char *id,
                              const char *const *fields, const char *const *values, int n,
                              GError **err)
{
    static const char *const common[] = {"village", "name", "status", "year", "project", NULL};
    gint64 fid = feature_fid(store, layer, id, err);
    if (!fid)
        return FALSE;
    GString *sql = g_string_new(NULL);
    g_string_append_printf(sql, "UPDATE \"%s\" SET ", layer->name);
    for (int i = 0; i < n; i++) {
        if (!g_strv_contains(common, fields[i]) && layer_attr_index(layer, fields[i]) < 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE, "layer \"%s\" has no field \"%s\"",
                        layer->name, fields[i]);
            g_string_free(sql, TRUE);
            return FALSE;
        }
        g_string_append_printf(sql, "%s\"%s\" = ?", i ? ", " : "", fields[i]);
    }
    g_string_append(sql, " WHERE fid = ?");
    sqlite3_stmt *st = log_change(store, layer->name, fid, "update", err)
                           ? prepare(store, sql->str, err)
                           : NULL;
    g_string_free(sql, TRUE);
    if (!st)
        return FALSE;
    for (int i = 0; i < n; i++) {
        int a = layer_attr_index(layer, fields[i]);
        int type = a >= 0 ? layer->attrs[a]->type
                   : strcmp(fields[i], "year") == 0 ? VI_ATTR_INTEGER
                                                    : VI_ATTR_TEXT;
        if (!values[i])
            sqlite3_bind_null(st, i + 1);
        else if (type == VI_ATTR_INTEGER)
            sqlite3_bind_int64(st, i + 1, g_ascii_strtoll(values[i], NULL, 10));
        else if (type == VI_ATTR_REAL)
            sqlite3_bind_double(st, i + 1, g_ascii_strtod(values[i], NULL));
        else
            sqlite3_bind_text(st, i + 1, values[i], -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int64(st, n + 1, fid);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        if (!busy(store, err))
            g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                        "cannot change feature \"%s\" of layer \"%s\" in '%s': %s", id,
                        layer->name, store->path, sqlite3_errmsg(store->db));
        return FALSE;
    }
    return TRUE;
}

gboolean store_feature_delete(vi_store *store, const vi_layer *layer, const char *id,
                              GError **err)
{
    gint64 fid = feature_fid(store, layer, id, err);
    if (!fid || !log_change(store, layer->name, fid, "delete", err))
        return FALSE;
    char *sql = g_strdup_printf("DELETE FROM \"%s\" WHERE fid = ?", layer->name);
    sqlite3_stmt *st = prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, fid);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        if (sqlite3_extended_errcode(store->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        "cannot delete feature \"%s\" of layer \"%s\": other features or "
                        "projects still refer to it",
                        id, layer->name);
        else if (!busy(store, err))
            g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                        "cannot delete feature \"%s\" of layer \"%s\" in '%s': %s", id,
                        layer->name, store->path, sqlite3_errmsg(store->db));
        return FALSE;
    }
    return TRUE;
}

gboolean store_village_exists(vi_store *store, const char *name, gboolean *exists, GError **err)
{
    *exists = FALSE;
    gboolean have_table = FALSE;
    if (!table_exists(store, "villages", &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    sqlite3_stmt *st = prepare(store, "SELECT 1 FROM villages WHERE name=?", err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    *exists = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TRUE : fail(store, err, "cannot look up a village");
}

/* check */

typedef struct {
    vi_problem_fn fn;
    void *user;
    gint64 count;
} problem_sink;

static void problem(problem_sink *sink, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void problem(problem_sink *sink, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    sink->fn(text, sink->user);
    sink->count++;
    g_free(text);
}

static gboolean check_integrity(vi_store *store, problem_sink *sink, GError **err)
{
    sqlite3_stmt *st = prepare(store, "PRAGMA integrity_check", err);
    if (!st)
        return FALSE;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (strcmp(col_text(st, 0), "ok") != 0)
            problem(sink, "sqlite integrity check: %s", col_text(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return fail(store, err, "cannot run the integrity check");
    /* Villages and projects are checked by name with the layer rows below. */
    st = prepare(store,
                 "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check"
                 " WHERE parent NOT IN ('villages', 'projects')",
                 err);
    if (!st)
        return FALSE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        problem(sink, "%s: row %" G_GINT64_FORMAT ": refers to a row missing from %s",
                col_text(st, 0), (gint64)sqlite3_column_int64(st, 1), col_text(st, 2));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TRUE : fail(store, err, "cannot check foreign keys");
}

/* SpatiaLite's CheckSpatialIndex() also notes the check in the database;
 * on a read-only connection that fails harmlessly, but SpatiaLite prints
 * the failure on stderr, so stderr is silenced for the call. */
static int stderr_silence(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    if (null >= 0)
        close(null);
    return saved;
}

static void stderr_restore(int saved)
{
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
}

static int step_quietly(sqlite3_stmt *st)
{
    int saved = stderr_silence();
    int rc = sqlite3_step(st);
    stderr_restore(saved);
    return rc;
}

/* SpatiaLite's check compares the index with the table row by row, but
 * does not notice an entry whose box no longer covers its geometry (the
 * one fault that makes searches miss features): that is checked here. */
static gboolean check_index_boxes(vi_store *store, const vi_layer *layer, problem_sink *sink,
                                  GError **err)
{
    char *sql = g_strdup_printf(
        "SELECT t.fid, t.id FROM \"%s\" t LEFT JOIN \"idx_%s_geom\" r ON r.pkid = t.fid"
        " WHERE t.geom IS NOT NULL AND (r.pkid IS NULL OR r.xmin > MbrMinX(t.geom)"
        " OR r.xmax < MbrMaxX(t.geom) OR r.ymin > MbrMinY(t.geom) OR r.ymax < MbrMaxY(t.geom))"
        " ORDER BY t.fid",
        layer->name, layer->name);
    sqlite3_stmt *st = prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        problem(sink,
                "%s: feature \"%s\" (fid %" G_GINT64_FORMAT "): its spatial index entry is "
                "missing or does not cover its geometry",
                layer->name, col_text(st, 1), (gint64)sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return fail(store, err, "cannot check the spatial index");
    sql = g_strdup_printf("SELECT count(*) FROM \"idx_%s_geom\" r WHERE NOT EXISTS"
                          " (SELECT 1 FROM \"%s\" t WHERE t.fid = r.pkid)",
                          layer->name, layer->name);
    gint64 orphans = 0;
    gboolean ok = query_int(store, sql, &orphans, err);
    g_free(sql);
    if (ok && orphans > 0)
        problem(sink, "%s: the spatial index has %" G_GINT64_FORMAT " entries of no feature",
                layer->name, orphans);
    return ok;
}

static gboolean check_spatial_index(vi_store *store, const vi_layer *layer, problem_sink *sink,
                                    GError **err)
{
    sqlite3_stmt *st = prepare(store, "SELECT CheckSpatialIndex(?, 'geom')", err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, layer->name, -1, SQLITE_STATIC);
    int rc = step_quietly(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_NULL)
        problem(sink, "%s: the spatial index cannot be checked (missing or not registered)",
                layer->name);
    else if (rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 1)
        problem(sink, "%s: the spatial index (R*Tree) does not match the geometries",
                layer->name);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return fail(store, err, "cannot check the spatial index");
    return check_index_boxes(store, layer, sink, err);
}

/* Is V (text of column I of ST) one of ALLOWED? */
static gboolean value_listed(char *const *allowed, const char *v)
{
    for (int i = 0; allowed && allowed[i]; i++)
        if (strcmp(allowed[i], v) == 0)
            return TRUE;
    return FALSE;
}

/* The registry's rules for every row of LAYER. */
static gboolean check_rows(vi_store *store, const vi_layer *layer, problem_sink *sink,
                           GError **err)
{
    enum { C_FID, C_ID, C_VILLAGE, C_NAME, C_STATUS, C_YEAR, C_YEAR_TYPE, C_PROJECT, C_NOGEOM,
           C_GTYPE, C_SRID, C_INVALID, C_VILLAGE_OK, C_PROJECT_OK, C_ATTRS };
    gboolean is_villages = strcmp(layer->name, "villages") == 0;
    GString *sql = g_string_new(
        "SELECT fid, id, village, name, status, year, typeof(year), project, geom IS NULL,"
        " GeometryType(geom), ST_SRID(geom),"
        " CASE WHEN ST_IsValid(geom) = 1 THEN NULL ELSE coalesce(ST_IsValidReason(geom), 'invalid') END,"
        " village IS NULL OR EXISTS (SELECT 1 FROM villages v WHERE v.name = t.village),"
        " project IS NULL OR EXISTS (SELECT 1 FROM projects p WHERE p.id = t.project)");
    for (int a = 0; a < layer->nattrs; a++)
        g_string_append_printf(sql, ", \"%s\", typeof(\"%s\")", layer->attrs[a]->name,
                               layer->attrs[a]->name);
    g_string_append_printf(sql, " FROM \"%s\" t ORDER BY fid", layer->name);
    sqlite3_stmt *st = prepare(store, sql->str, err);
    g_string_free(sql, TRUE);
    if (!st)
        return FALSE;
    const char *expected_type = geom_sql_type(layer->geometry);
    int rc;
    /* GEOS prints each invalid geometry's reason on stderr too; the
     * problem list has it already. */
    while ((rc = step_quietly(st)) == SQLITE_ROW) {
        char *who = g_strdup_printf("%s: feature \"%s\" (fid %" G_GINT64_FORMAT ")", layer->name,
                                    col_text(st, C_ID) ? col_text(st, C_ID) : "",
                                    (gint64)sqlite3_column_int64(st, C_FID));
        const char *status = col_text(st, C_STATUS);
        if (status && !layer->statuses)
            problem(sink, "%s: field \"status\": expected nothing (layer %s has no statuses), got \"%s\"",
                    who, layer->name, status);
        else if (status && !value_listed(layer->statuses, status)) {
            char *list = g_strjoinv(", ", layer->statuses);
            problem(sink, "%s: field \"status\": expected one of %s, got \"%s\"", who, list,
                    status);
            g_free(list);
        }
        if (sqlite3_column_type(st, C_YEAR) != SQLITE_NULL &&
            (strcmp(col_text(st, C_YEAR_TYPE), "integer") != 0 ||
             sqlite3_column_int64(st, C_YEAR) < 1949 || sqlite3_column_int64(st, C_YEAR) > 2100))
            problem(sink, "%s: field \"year\": expected a year from 1949 to 2100, got \"%s\"", who,
                    col_text(st, C_YEAR));
        if (is_villages && !col_text(st, C_NAME))
            problem(sink, "%s: field \"name\": expected the village name, got nothing", who);
        if (!is_villages && !col_text(st, C_VILLAGE))
            problem(sink, "%s: field \"village\": expected a village, got nothing", who);
        else if (!is_villages && !sqlite3_column_int(st, C_VILLAGE_OK))
            problem(sink, "%s: field \"village\": \"%s\" is not in the villages layer", who,
                    col_text(st, C_VILLAGE));
        if (!sqlite3_column_int(st, C_PROJECT_OK))
            problem(sink, "%s: field \"project\": \"%s\" is not a project of the ledger", who,
                    col_text(st, C_PROJECT));
        if (sqlite3_column_int(st, C_NOGEOM)) {
            problem(sink, "%s: no geometry", who);
        } else {
            const char *gtype = col_text(st, C_GTYPE);
            if (!gtype || strcmp(gtype, expected_type) != 0)
                problem(sink, "%s: geometry: expected %s, got %s", who, expected_type,
                        gtype ? gtype : "an unreadable geometry");
            else if (sqlite3_column_int(st, C_SRID) != VI_STORE_SRID)
                problem(sink, "%s: geometry: expected SRID %d, got %d", who, VI_STORE_SRID,
                        sqlite3_column_int(st, C_SRID));
            else if (col_text(st, C_INVALID))
                problem(sink, "%s: geometry: invalid (%s)", who, col_text(st, C_INVALID));
        }
        for (int a = 0; a < layer->nattrs; a++) {
            const vi_attr *attr = layer->attrs[a];
            const char *v = col_text(st, C_ATTRS + 2 * a);
            const char *type = col_text(st, C_ATTRS + 2 * a + 1);
            if (!v) {
                if (attr->required)
                    problem(sink,
                            "%s: field \"%s\": expected a value (the field is required), got "
                            "nothing",
                            who, attr->name);
                continue;
            }
            gboolean type_ok = attr->type == VI_ATTR_INTEGER ? strcmp(type, "integer") == 0
                               : attr->type == VI_ATTR_REAL
                                   ? strcmp(type, "real") == 0 || strcmp(type, "integer") == 0
                                   : strcmp(type, "text") == 0;
            if (!type_ok)
                problem(sink, "%s: field \"%s\": expected %s, got %s \"%s\"", who, attr->name,
                        attr->type == VI_ATTR_INTEGER ? "an integer"
                        : attr->type == VI_ATTR_REAL  ? "a number"
                                                      : "a text",
                        type, v);
            else if (attr->allowed && !value_listed(attr->allowed, v)) {
                char *list = g_strjoinv(", ", attr->allowed);
                problem(sink, "%s: field \"%s\": expected one of %s, got \"%s\"", who, attr->name,
                        list, v);
                g_free(list);
            } else if (attr->bound && !vi_bound_contains(attr->bound, sqlite3_column_double(
                                                                          st, C_ATTRS + 2 * a))) {
                /* Plausible bounds (data/bounds.tsv), as an import checks them. */
                char *range = vi_bound_text(attr->bound, attr->unit);
                problem(sink, "%s: field \"%s\": expected %s, got \"%s\"", who, attr->name, range,
                        v);
                g_free(range);
            }
        }
        g_free(who);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TRUE : fail(store, err, "cannot read a layer");
}

static gboolean check_projects(vi_store *store, problem_sink *sink, GError **err)
{
    sqlite3_stmt *st = prepare(
        store,
        "SELECT id, programme, village, village IS NULL OR EXISTS (SELECT 1 FROM villages v"
        " WHERE v.name = p.village) FROM projects p ORDER BY id",
        err);
    if (!st)
        return FALSE;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!registry_programme(store->reg, col_text(st, 1)))
            problem(sink, "projects: project \"%s\": field \"programme\": \"%s\" is not a "
                          "programme of programmes.tsv",
                    col_text(st, 0), col_text(st, 1));
        if (!sqlite3_column_int(st, 3))
            problem(sink, "projects: project \"%s\": field \"village\": \"%s\" is not in the "
                          "villages layer",
                    col_text(st, 0), col_text(st, 2));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TRUE : fail(store, err, "cannot read projects");
}

gboolean store_check(vi_store *store, vi_problem_fn fn, void *user, gint64 *problems,
                     GError **err)
{
    problem_sink sink = {fn, user, 0};
    use_spatialite(store);
    gboolean ok = check_integrity(store, &sink, err);
    for (int i = 0; ok && i < registry_layer_count(store->reg); i++) {
        const vi_layer *layer = registry_layer_at(store->reg, i);
        gboolean exists = FALSE;
        if (!(ok = table_exists(store, layer->name, &exists, err)) || !exists)
            continue;
        ok = check_spatial_index(store, layer, &sink, err) && check_rows(store, layer, &sink, err);
    }
    ok = ok && check_projects(store, &sink, err);
    *problems = sink.count;
    return ok;
}

/* backup */

gboolean store_backup(vi_store *store, const char *dest, GError **err)
{
    if (g_file_test(dest, G_FILE_TEST_EXISTS)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    "cannot back up to '%s': the file already exists", dest);
        return FALSE;
    }
    /* Written beside DEST and renamed: DEST is a complete copy or absent. */
    char *partial = g_strconcat(dest, ".partial", NULL);
    unlink(partial);
    sqlite3 *out = NULL;
    int rc = sqlite3_open_v2(partial, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(out, "main", store->db, "main") : NULL;
    if (b) {
        rc = sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
        if (rc == SQLITE_DONE)
            rc = sqlite3_errcode(out);
    } else if (rc == SQLITE_OK) {
        rc = SQLITE_ERROR;
    }
    gboolean ok = rc == SQLITE_OK || rc == SQLITE_DONE;
    if (!ok && ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED))
        set_busy(store, err);
    else if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot back up '%s' to '%s': %s", store->path,
                    dest, out ? sqlite3_errmsg(out) : "out of memory");
    if (sqlite3_close(out) != SQLITE_OK && ok) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot back up '%s' to '%s': cannot close it",
                    store->path, dest);
        ok = FALSE;
    }
    if (ok && g_rename(partial, dest) != 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot rename '%s' to '%s': %s", partial, dest,
                    g_strerror(errno));
        ok = FALSE;
    }
    if (!ok)
        unlink(partial);
    g_free(partial);
    return ok;
}

/* render */

char *store_data_date(vi_store *store, GError **err)
{
    sqlite3_stmt *st = prepare(store, "SELECT substr(max(imported_at), 1, 10) FROM imports", err);
    if (!st)
        return NULL;
    int rc = sqlite3_step(st);
    char *date = rc == SQLITE_ROW ? g_strdup(col_text(st, 0)) : NULL;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) {
        fail(store, err, "cannot read the imports");
        return NULL;
    }
    return date;
}

/* export */
gboolean store_export_record(vi_store *store, const vi_export_record *r, GError **err)
{
    if (!exec(store,
              "CREATE TABLE IF NOT EXISTS exports (id INTEGER PRIMARY KEY,"
              " exported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
              " profile TEXT NOT NULL, village TEXT, format TEXT NOT NULL, crs TEXT NOT NULL,"
              " encoding TEXT NOT NULL, path TEXT NOT NULL, features INTEGER NOT NULL,"
              " include_personal INTEGER NOT NULL)",
              err))
        return FALSE;
    sqlite3_stmt *st = prepare(store,
                               "INSERT INTO exports (profile, village, format, crs, encoding, "
                               "path, features, include_personal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, r->profile, -1, SQLITE_STATIC);
    bind_text_or_null(st, 2, r->village);
    sqlite3_bind_text(st, 3, r->format, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->crs, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, r->encoding, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, r->path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, r->features);
    sqlite3_bind_int(st, 8, r->include_personal ? 1 : 0);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return fail(store, err, "cannot record the export");
    return TRUE;
}
