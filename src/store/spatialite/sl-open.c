/*
 * sl-open.c - the SpatiaLite backend of the store: a database is one
 * SpatiaLite file.  Here are its connection (create, open, the checks
 * before opening, close, transactions) and store_spatialite_backend, the
 * methods table the front door dispatches every operation through
 * (store-int.h); the other operations are in the files sl-int.h lists.
 *
 * Design notes:
 * - The schema version lives in PRAGMA user_version, and PRAGMA application_id
 *   marks the file as ours, so a foreign SQLite file is told apart from an
 *   older or newer vinfra file without reading any table.
 * - Opening never writes: a failed import must leave the file byte-identical,
 *   and a read-only command must work on a read-only file.
 * - Layer tables are created from the registry; the registry may gain layers
 *   and attributes after a database was made, which store_ensure_layer()
 *   adds on the next write (sl-schema.c).  That is data evolution, not a
 *   schema change.
 * - SQLite's locking does not work over a network filesystem: a database
 *   there is refused before it is opened.
 */
#include "sl-int.h"
#include "i18n.h"
#include "vi-error.h"

/* spatialite.h needs sqlite3.h first (sl-int.h) */
#include <spatialite.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <stdlib.h>
#include <inttypes.h>
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
void sl_use_spatialite(vi_store *store)
{
    if (sl(store)->splite_cache)
        return;
    sl(store)->splite_cache = spatialite_alloc_connection();
    spatialite_init_ex(sl(store)->db, sl(store)->splite_cache, 0);
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
                    _("database '%s' is on a network filesystem (%s): SQLite's locking does not "
                      "work there and the file could be damaged; copy it to a local disk"),
                    path, net);
        return FALSE;
    }
    return TRUE;
}

static vi_store *sl_connect(const char *path, const vi_registry *reg, int flags, GError **err)
{
    tune_sqlite();
    if (!store_check_identifiers(reg, err) || !check_local(path, err))
        return NULL;
    sl_store *sls = g_new0(sl_store, 1);
    vi_store *store = &sls->base;
    store->backend = &store_spatialite_backend;
    store->path = g_strdup(path);
    store->reg = reg;
    sl(store)->inserts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, finalize_stmt);
    if (sqlite3_open_v2(path, &sl(store)->db, flags, NULL) != SQLITE_OK) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot open database '%s': %s"), path,
                    sl(store)->db ? sqlite3_errmsg(sl(store)->db) : _("out of memory"));
        store_close(store);
        return NULL;
    }
    sl(store)->busy_ms = store_busy_timeout_ms();
    sqlite3_busy_timeout(sl(store)->db, sl(store)->busy_ms);
    if (!(flags & SQLITE_OPEN_READONLY)) {
        sl_use_spatialite(store);
        /* A committed change survives a power cut, not only a crash. */
        sqlite3_exec(sl(store)->db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
    } else {
        /* Reading pages through a memory map instead of a read() each
         * nearly halves the time of scanning a layer; writers keep read()
         * so that an I/O error stays an error, not a signal, mid-write. */
        sqlite3_exec(sl(store)->db, "PRAGMA mmap_size=" G_STRINGIFY(VI_STORE_MMAP_BYTES), NULL,
                     NULL, NULL);
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
    gboolean create = strcmp(doing, "create") == 0;
    char *name = g_path_get_basename(path);
    size_t name_len = strlen(name), path_len = strlen(path);
    g_free(name);
    if (path_len >= PATH_MAX || name_len > NAME_MAX) {
        gboolean whole = path_len >= PATH_MAX;
        const char *fmt =
            create ? (whole ? _("cannot create database '%.40s…': its path is %zu bytes long, "
                                "more than the %d the system allows: choose a shorter one")
                            : _("cannot create database '%.40s…': its file name is %zu bytes "
                                "long, more than the %d the system allows: choose a shorter one"))
                   : (whole ? _("cannot open database '%.40s…': its path is %zu bytes long, more "
                                "than the %d the system allows: choose a shorter one")
                            : _("cannot open database '%.40s…': its file name is %zu bytes long, "
                                "more than the %d the system allows: choose a shorter one"));
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE, fmt, path, whole ? path_len : name_len,
                    whole ? PATH_MAX - 1 : NAME_MAX);
        return FALSE;
    }
    if (path_len > 0 && path[path_len - 1] == '/') {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    create ? _("cannot create database '%s': the name ends in '/', so it names a "
                               "folder: name the database file in it, e.g. '%svinfra.sqlite'")
                           : _("cannot open database '%s': the name ends in '/', so it names a "
                               "folder: name the database file in it, e.g. '%svinfra.sqlite'"),
                    path, path);
        return FALSE;
    }
    struct stat st;
    if (stat(path, &st) != 0)
        return TRUE; /* none there: the caller says so, or creates it */
    const char *kind = S_ISREG(st.st_mode)    ? NULL
                       : S_ISDIR(st.st_mode)  ? _("a folder")
                       : S_ISFIFO(st.st_mode) ? _("a named pipe (FIFO)")
                       : S_ISCHR(st.st_mode)  ? _("a character device")
                       : S_ISBLK(st.st_mode)  ? _("a block device")
                       : S_ISSOCK(st.st_mode) ? _("a socket")
                                              : _("not a regular file");
    if (kind) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    create ? _("cannot create database '%s': it is %s, not a database file (name "
                               "a .sqlite file with --db)")
                           : _("cannot open database '%s': it is %s, not a database file (name a "
                               ".sqlite file with --db)"),
                    path, kind);
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
                    _("cannot create database '%s': the file already exists"), path);
        return NULL;
    }
    vi_store *store = sl_connect(path, reg, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
    if (!store)
        return NULL;
    char *pragmas = g_strdup_printf("PRAGMA application_id=%d; PRAGMA journal_mode=WAL;"
                                    "PRAGMA foreign_keys=ON;",
                                    VI_APPLICATION_ID);
    /* InitSpatialMetadata(1) runs its own transaction, so it comes before ours. */
    gboolean ok = sl_exec(store, pragmas, err) &&
                  sl_exec(store, "SELECT InitSpatialMetadata(1)", err) &&
                  sl_exec(store, "BEGIN IMMEDIATE", err);
    g_free(pragmas);
    store->in_txn = ok;
    ok = ok && sl_create_tables(store, err);
    if (ok) {
        char *v = g_strdup_printf("PRAGMA user_version=%d", VI_STORE_SCHEMA_VERSION);
        ok = sl_exec(store, v, err) && store_change_start(store, FALSE, err) &&
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
                    _("no database at '%s': create one with 'vinfra init' or name one with --db"),
                    path);
        return NULL;
    }
    vi_store *store =
        sl_connect(path, reg, readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, err);
    if (!store)
        return NULL;
    gint64 app_id = 0, version = 0;
    GError *qerr = NULL;
    if (!sl_query_int(store, "PRAGMA application_id", &app_id, &qerr)) {
        /* Only SQLITE_NOTADB says the file is something else; a full disk, a
         * damaged file or a folder that cannot be written fail here too, and
         * are said as what they are, with the system's reason. */
        int code = sqlite3_errcode(sl(store)->db), sys = sqlite3_system_errno(sl(store)->db);
        if (code == SQLITE_NOTADB)
            g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                        _("'%s' is not a vinfra database (not an SQLite file: %s)"), path,
                        sqlite3_errmsg(sl(store)->db));
        else
            g_set_error(err, VI_ERROR, code == SQLITE_CORRUPT ? VI_ERROR_SCHEMA : VI_ERROR_IO,
                        _("cannot open '%s': %s%s%s"), path, sqlite3_errmsg(sl(store)->db),
                        sys ? ": " : "", sys ? g_strerror(sys) : "");
        g_error_free(qerr);
        store_close(store);
        return NULL;
    }
    if (app_id != VI_APPLICATION_ID) {
        g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                    _("'%s' is not a vinfra database (an SQLite file of another application)"),
                    path);
        store_close(store);
        return NULL;
    }
    if (!sl_query_int(store, "PRAGMA user_version", &version, err)) {
        store_close(store);
        return NULL;
    }
    if (version != VI_STORE_SCHEMA_VERSION) {
        g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                    version > VI_STORE_SCHEMA_VERSION
                        ? _("'%s' was written by a newer vinfra (schema %d, this "
                            "vinfra reads %d): upgrade vinfra")
                        : _("'%s' was written by an older vinfra (schema %d, this "
                            "vinfra reads %d): export it with that version and re-import"),
                    path, (int)MIN(version, G_MAXINT), VI_STORE_SCHEMA_VERSION);
        store_close(store);
        return NULL;
    }
    if (!sl_exec(store, "PRAGMA foreign_keys=ON", err)) {
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
    if (sl(store)->inserts)
        g_hash_table_destroy(sl(store)->inserts);
    sl_bulk_set(store, FALSE); /* and the checksum's marks */
    sqlite3_finalize(sl(store)->decode);
    store_change_clear(store);
    sqlite3_finalize(sl(store)->log_row);
    sqlite3_finalize(sl(store)->log_value);
    gboolean readonly = sl(store)->db && sqlite3_db_readonly(sl(store)->db, "main") == 1;
    if (sl(store)->db)
        sqlite3_close(sl(store)->db);
    if (readonly && store->path)
        leave_file_whole(store->path);
    if (sl(store)->splite_cache)
        spatialite_cleanup_ex(sl(store)->splite_cache);
}

/* The second reader opens the file again, read-only, with the same checks:
 * SQLite connections are not shared between threads. */
static vi_store *sl_clone_reader(vi_store *store, GError **err)
{
    return sl_open(store->path, store->reg, TRUE, err);
}

/* A transaction that writes many rows: statement journals kept in memory
 * instead of temp files, and the layers' per-row triggers deferred to the
 * commit (sl-bulk.c). */
static gboolean sl_prepare_bulk(vi_store *store, GError **err)
{
    if (!sl_exec(store, "PRAGMA temp_store=MEMORY", err))
        return FALSE;
    sl_bulk_set(store, TRUE);
    return TRUE;
}

/* What keeps PATH, an existing file, from being opened as a database (for
 * writing unless READONLY), said before SQLite says it less clearly: a
 * folder, a read-only file, or a read-only folder where SQLite must create
 * its WAL index (PATH-shm) and, to write, its journal (PATH-wal). */
static gboolean sl_check_access(const char *path, gboolean readonly, GError **err)
{
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("'%s' is a folder, not a database file"), path);
        return FALSE;
    }
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
        return TRUE; /* store_open() says there is none */
    if (access(path, readonly ? R_OK : R_OK | W_OK) != 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    readonly ? _("cannot read database '%s': %s")
                             : _("cannot write to database '%s': %s"),
                    path, g_strerror(errno));
        return FALSE;
    }
    char *dir = g_path_get_dirname(path);
    char *shm = g_strconcat(path, "-shm", NULL);
    gboolean ok = access(dir, W_OK) == 0 || (readonly && g_file_test(shm, G_FILE_TEST_EXISTS));
    if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    readonly ? _("cannot read database '%s': its folder '%s' is read-only, and "
                                 "SQLite must create '%s-shm' beside it (copy the database to a "
                                 "folder you can write to)")
                             : _("cannot write to database '%s': its folder '%s' is read-only, "
                                 "and SQLite must create '%s-wal' beside it (move the database "
                                 "to a folder you can write to)"),
                    path, dir, path);
    g_free(shm);
    g_free(dir);
    return ok;
}

/* Every name without a URI scheme is a file path, and a file is ours. */
static gboolean sl_identify(const char *name)
{
    return store_name_scheme(name) == 0;
}

/* A write takes the write lock at BEGIN (IMMEDIATE), not at its first
 * write, so two writers queue up under the busy timeout instead of one
 * failing half-way with SQLITE_BUSY.  A new change has placed no fid yet
 * (fresh_rowid()). */
static gboolean sl_begin(vi_store *store, GError **err)
{
    sl(store)->fid_change = 0;
    return sl_exec(store, "BEGIN IMMEDIATE", err);
}

static gboolean sl_commit(vi_store *store, GError **err)
{
    if (!sl_log_flush(store, err) || !sl_bulk_finish(store, err) || !sl_exec(store, "COMMIT", err))
        return FALSE;
    sl_bulk_set(store, FALSE);
    return TRUE;
}

static void sl_rollback(vi_store *store)
{
    sqlite3_exec(sl(store)->db, "ROLLBACK", NULL, NULL, NULL);
    sl_bulk_set(store, FALSE);
}

static char *sl_source_name(vi_store *store)
{
    return g_path_get_basename(store->path);
}

const vi_store_backend store_spatialite_backend = {
    .name = "spatialite",
    .identify = sl_identify,
    .create = sl_create,
    .open = sl_open,
    .source_name = sl_source_name,
    .check_access = sl_check_access,
    .clone_reader = sl_clone_reader,
    .close = sl_close,
    .begin = sl_begin,
    .prepare_bulk = sl_prepare_bulk,
    .commit = sl_commit,
    .rollback = sl_rollback,
    .ensure_layer = sl_ensure_layer,
    .feature_insert = sl_feature_insert,
    .feature_exists = sl_feature_exists,
    .feature_scan = sl_feature_scan,
    .feature_count = sl_feature_count,
    .feature_delete_status = sl_feature_delete_status,
    .feature_ids = sl_feature_ids,
    .feature_update = sl_feature_update,
    .feature_delete = sl_feature_delete,
    .village_exists = sl_village_exists,
    .point_scan = sl_point_scan,
    .fid_span = sl_fid_span,
    .project_insert = sl_project_insert,
    .project_exists = sl_project_exists,
    .project_scan = sl_project_scan,
    .project_ids = sl_project_ids,
    .import_find = sl_import_find,
    .import_record = sl_import_record,
    .import_set_count = sl_import_set_count,
    .data_date = sl_data_date,
    .export_record = sl_export_record,
    .photo_insert = sl_photo_insert,
    .photo_find = sl_photo_find,
    .photo_scan = sl_photo_scan,
    .history_last = sl_history_last,
    .history_insert = sl_history_insert,
    .history_scan = sl_history_scan,
    .checksum = sl_checksum,
    .undo = sl_undo,
    .feature_last_change = sl_feature_last_change,
    .kv_get = sl_kv_get,
    .kv_set = sl_kv_set,
    .kv_scan = sl_kv_scan,
    .check_engine = sl_check_engine,
    .check_layer = sl_check_layer,
    .check_projects = sl_check_projects,
    .backup = sl_backup,
    .user_add = sl_user_add,
    .user_list = sl_user_list,
    .user_remove = sl_user_remove,
    .personal_readable = sl_personal_readable,
};
