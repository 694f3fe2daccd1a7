/*
 * store-spatialite.c - the SpatiaLite backend of the store: a database is
 * one SpatiaLite file, and everything that is specific to a file or to
 * SQLite lives here, behind store_spatialite_backend (store-int.h).
 *
 * Design notes:
 * - The schema version lives in PRAGMA user_version, and PRAGMA application_id
 *   marks the file as ours, so a foreign SQLite file is told apart from an
 *   older or newer vinfra file without reading any table.
 * - Opening never writes: a failed import must leave the file byte-identical,
 *   and a read-only command must work on a read-only file.
 * - Layer tables are created from the registry; the registry may gain layers
 *   and attributes after a database was made, which store_ensure_layer()
 *   adds on the next write (store-schema.c).  That is data evolution, not a
 *   schema change.
 * - SQLite's locking does not work over a network filesystem: a database
 *   there is refused before it is opened.
 */
#include "store-int.h"
#include "vi-error.h"

/* spatialite.h needs sqlite3.h first (store-int.h) */
#include <spatialite.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

/* 'VINF' */
#define VI_APPLICATION_ID 0x56494E46
/* Read-only connections map this much of the file (SQLite caps it at its
 * compile-time limit, 2 GB by default). */
#define VI_STORE_MMAP_BYTES 4294967296

/* SpatiaLite's SQL functions on the connection.  Writing needs them (the
 * geometry triggers call them); reading decodes blobs with spblob and only
 * loads SpatiaLite for a blob spblob cannot read, because loading it opens
 * PROJ's database and costs a read-only command tens of milliseconds. */
void store_use_spatialite(vi_store *store)
{
    if (store->splite_cache)
        return;
    store->splite_cache = spatialite_alloc_connection();
    spatialite_init_ex(store->db, store->splite_cache, 0);
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
    if (!store_check_identifiers(reg, err) || !check_local(path, err))
        return NULL;
    vi_store *store = g_new0(vi_store, 1);
    store->backend = &store_spatialite_backend;
    store->path = g_strdup(path);
    store->reg = reg;
    store->inserts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, finalize_stmt);
    if (sqlite3_open_v2(path, &store->db, flags, NULL) != SQLITE_OK) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot open database '%s': %s", path,
                    store->db ? sqlite3_errmsg(store->db) : "out of memory");
        store_close(store);
        return NULL;
    }
    store->busy_ms = busy_timeout_ms();
    sqlite3_busy_timeout(store->db, store->busy_ms);
    if (!(flags & SQLITE_OPEN_READONLY)) {
        store_use_spatialite(store);
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

static vi_store *sl_create(const char *path, const vi_registry *reg, GError **err)
{
    if (!check_db_path(path, "create", err))
        return NULL;
    if (g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    "cannot create database '%s': the file already exists", path);
        return NULL;
    }
    vi_store *store = store_connect(path, reg, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
    if (!store)
        return NULL;
    char *pragmas = g_strdup_printf("PRAGMA application_id=%d; PRAGMA journal_mode=WAL;"
                                    "PRAGMA foreign_keys=ON;",
                                    VI_APPLICATION_ID);
    /* InitSpatialMetadata(1) runs its own transaction, so it comes before ours. */
    gboolean ok = store_exec(store, pragmas, err) &&
                  store_exec(store, "SELECT InitSpatialMetadata(1)", err) &&
                  store_exec(store, "BEGIN IMMEDIATE", err);
    g_free(pragmas);
    store->in_txn = ok;
    ok = ok && store_create_tables(store, err);
    if (ok) {
        char *v = g_strdup_printf("PRAGMA user_version=%d", VI_STORE_SCHEMA_VERSION);
        ok = store_exec(store, v, err) && store_change_start(store, FALSE, err) &&
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

static vi_store *sl_open(const char *path, const vi_registry *reg, gboolean readonly, GError **err)
{
    if (!check_db_path(path, "open", err))
        return NULL;
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    "no database at '%s': create one with 'vinfra init' or name one with --db",
                    path);
        return NULL;
    }
    vi_store *store =
        store_connect(path, reg, readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, err);
    if (!store)
        return NULL;
    gint64 app_id = 0, version = 0;
    GError *qerr = NULL;
    if (!store_query_int(store, "PRAGMA application_id", &app_id, &qerr)) {
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
                    "'%s' is not a vinfra database (an SQLite file of another application)", path);
        store_close(store);
        return NULL;
    }
    if (!store_query_int(store, "PRAGMA user_version", &version, err)) {
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
    if (!store_exec(store, "PRAGMA foreign_keys=ON", err)) {
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

static void sl_close(vi_store *store)
{
    if (store->inserts)
        g_hash_table_destroy(store->inserts);
    sqlite3_finalize(store->decode);
    store_change_clear(store);
    sqlite3_finalize(store->log_row);
    sqlite3_finalize(store->log_value);
    gboolean readonly = store->db && sqlite3_db_readonly(store->db, "main") == 1;
    if (store->db)
        sqlite3_close(store->db);
    if (readonly && store->path)
        leave_file_whole(store->path);
    if (store->splite_cache)
        spatialite_cleanup_ex(store->splite_cache);
}

/* The second reader opens the file again, read-only, with the same checks:
 * SQLite connections are not shared between threads. */
static vi_store *sl_clone_reader(vi_store *store, GError **err)
{
    return sl_open(store->path, store->reg, TRUE, err);
}

/* Statement journals (one per INSERT, because of the spatial index
 * triggers) kept in memory instead of temp files, which more than halves
 * the time of a 50,000-feature import. */
static gboolean sl_bulk_journals(vi_store *store, GError **err)
{
    return store_exec(store, "PRAGMA temp_store=MEMORY", err);
}

static gboolean sl_fid_range(vi_store *store, const vi_layer *layer, gint64 *first, gint64 *last,
                             GError **err)
{
    /* Two subqueries: each is one seek to an end of the table, where
     * min() and max() side by side scan it. */
    char *sql =
        g_strdup_printf("SELECT (SELECT min(fid) FROM \"%s\"), (SELECT max(fid) FROM \"%s\")",
                        layer->name, layer->name);
    sqlite3_stmt *st = store_prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    int rc = sqlite3_step(st);
    gboolean empty = rc != SQLITE_ROW || sqlite3_column_type(st, 0) == SQLITE_NULL;
    *first = empty ? 1 : sqlite3_column_int64(st, 0);
    *last = empty ? 0 : sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? TRUE : store_fail(store, err, "cannot read layer");
}

/* SQLite's integrity check and foreign keys.  Loads SpatiaLite first, for
 * the checks that follow (CheckSpatialIndex, ST_IsValid in store-check.c). */
static gboolean integrity_row(vi_store *store, sqlite3_stmt *st, void *sink, GError **err)
{
    (void)store;
    (void)err;
    if (strcmp(store_text(st, 0), "ok") != 0)
        store_problem(sink, "sqlite integrity check: %s", store_text(st, 0));
    return TRUE;
}

static gboolean foreign_key_row(vi_store *store, sqlite3_stmt *st, void *sink, GError **err)
{
    (void)store;
    (void)err;
    store_problem(sink, "%s: row %" G_GINT64_FORMAT ": refers to a row missing from %s",
                  store_text(st, 0), (gint64)sqlite3_column_int64(st, 1), store_text(st, 2));
    return TRUE;
}

static gboolean sl_check_engine(vi_store *store, problem_sink *sink, GError **err)
{
    store_use_spatialite(store);
    /* Villages and projects are checked by name with the layer rows
     * (store-check.c). */
    return store_scan(store, store_prepare(store, "PRAGMA integrity_check", err), integrity_row,
                      sink, "cannot run the integrity check", err) &&
           store_scan(store,
                      store_prepare(store,
                                    "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check"
                                    " WHERE parent NOT IN ('villages', 'projects')",
                                    err),
                      foreign_key_row, sink, "cannot check foreign keys", err);
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

int store_step_quietly(sqlite3_stmt *st)
{
    int saved = stderr_silence();
    int rc = sqlite3_step(st);
    stderr_restore(saved);
    return rc;
}

/* SpatiaLite's check compares the index with the table row by row, but
 * does not notice an entry whose box no longer covers its geometry (the
 * one fault that makes searches miss features): that is checked here. */
typedef struct {
    const vi_layer *layer;
    problem_sink *sink;
} index_boxes;

static gboolean index_box_row(vi_store *store, sqlite3_stmt *st, void *ctx, GError **err)
{
    (void)store;
    (void)err;
    index_boxes *boxes = ctx;
    store_problem(boxes->sink,
                  "%s: feature \"%s\" (fid %" G_GINT64_FORMAT "): its spatial index entry is "
                  "missing or does not cover its geometry",
                  boxes->layer->name, store_text(st, 1), (gint64)sqlite3_column_int64(st, 0));
    return TRUE;
}

static gboolean check_index_boxes(vi_store *store, const vi_layer *layer, problem_sink *sink,
                                  GError **err)
{
    char *sql = g_strdup_printf(
        "SELECT t.fid, t.id FROM \"%s\" t LEFT JOIN \"idx_%s_geom\" r ON r.pkid = t.fid"
        " WHERE t.geom IS NOT NULL AND (r.pkid IS NULL OR r.xmin > MbrMinX(t.geom)"
        " OR r.xmax < MbrMaxX(t.geom) OR r.ymin > MbrMinY(t.geom) OR r.ymax < MbrMaxY(t.geom))"
        " ORDER BY t.fid",
        layer->name, layer->name);
    sqlite3_stmt *st = store_prepare(store, sql, err);
    g_free(sql);
    index_boxes boxes = {layer, sink};
    if (!store_scan(store, st, index_box_row, &boxes, "cannot check the spatial index", err))
        return FALSE;
    sql = g_strdup_printf("SELECT count(*) FROM \"idx_%s_geom\" r WHERE NOT EXISTS"
                          " (SELECT 1 FROM \"%s\" t WHERE t.fid = r.pkid)",
                          layer->name, layer->name);
    gint64 orphans = 0;
    gboolean ok = store_query_int(store, sql, &orphans, err);
    g_free(sql);
    if (ok && orphans > 0)
        store_problem(sink, "%s: the spatial index has %" G_GINT64_FORMAT " entries of no feature",
                      layer->name, orphans);
    return ok;
}

static gboolean sl_check_spatial_index(vi_store *store, const vi_layer *layer, problem_sink *sink,
                                       GError **err)
{
    sqlite3_stmt *st = store_prepare(store, "SELECT CheckSpatialIndex(?, 'geom')", err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, layer->name, -1, SQLITE_STATIC);
    int rc = store_step_quietly(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_NULL)
        store_problem(sink, "%s: the spatial index cannot be checked (missing or not registered)",
                      layer->name);
    else if (rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 1)
        store_problem(sink, "%s: the spatial index (R*Tree) does not match the geometries",
                      layer->name);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return store_fail(store, err, "cannot check the spatial index");
    return check_index_boxes(store, layer, sink, err);
}

/* SQLite's backup API: a consistent copy even while others write. */
static gboolean sl_backup(vi_store *store, const char *partial, const char *dest, GError **err)
{
    sqlite3 *out = NULL;
    int rc = sqlite3_open_v2(partial, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    sqlite3_backup *b =
        rc == SQLITE_OK ? sqlite3_backup_init(out, "main", store->db, "main") : NULL;
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
        store_set_busy(store, err);
    else if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot back up '%s' to '%s': %s", store->path,
                    dest, out ? sqlite3_errmsg(out) : "out of memory");
    if (sqlite3_close(out) != SQLITE_OK && ok) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot back up '%s' to '%s': cannot close it",
                    store->path, dest);
        ok = FALSE;
    }
    return ok;
}

/* What keeps PATH, an existing file, from being opened as a database (for
 * writing unless READONLY), said before SQLite says it less clearly: a
 * folder, a read-only file, or a read-only folder where SQLite must create
 * its WAL index (PATH-shm) and, to write, its journal (PATH-wal). */
static gboolean sl_check_access(const char *path, gboolean readonly, GError **err)
{
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "'%s' is a folder, not a database file", path);
        return FALSE;
    }
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
        return TRUE; /* store_open() says there is none */
    if (access(path, readonly ? R_OK : R_OK | W_OK) != 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot %s database '%s': %s",
                    readonly ? "read" : "write to", path, g_strerror(errno));
        return FALSE;
    }
    char *dir = g_path_get_dirname(path);
    char *shm = g_strconcat(path, "-shm", NULL);
    gboolean ok = access(dir, W_OK) == 0 || (readonly && g_file_test(shm, G_FILE_TEST_EXISTS));
    if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    "cannot %s database '%s': its folder '%s' is read-only, and SQLite must "
                    "create '%s-%s' beside it (%s)",
                    readonly ? "read" : "write to", path, dir, path, readonly ? "shm" : "wal",
                    readonly ? "copy the database to a folder you can write to"
                             : "move the database to a folder you can write to");
    g_free(shm);
    g_free(dir);
    return ok;
}

/* Every name without a URI scheme is a file path, and a file is ours. */
static gboolean sl_identify(const char *name)
{
    return store_name_scheme(name) == 0;
}

const vi_store_backend store_spatialite_backend = {
    .name = "spatialite",
    .identify = sl_identify,
    .create = sl_create,
    .open = sl_open,
    .check_access = sl_check_access,
    .clone_reader = sl_clone_reader,
    .close = sl_close,
    .fid_range = sl_fid_range,
    .bulk_journals = sl_bulk_journals,
    .backup = sl_backup,
    .check_engine = sl_check_engine,
    .check_spatial_index = sl_check_spatial_index,
};
