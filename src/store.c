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

#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first */
#include <spatialite.h>
#include <stdlib.h>
#include <string.h>
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
};

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

static gboolean fail(vi_store *store, GError **err, const char *what)
{
    g_set_error(err, VI_ERROR, VI_ERROR_STORE, "%s in '%s': %s", what, store->path,
                sqlite3_errmsg(store->db));
    return FALSE;
}

static gboolean exec(vi_store *store, const char *sql, GError **err)
{
    char *msg = NULL;
    if (sqlite3_exec(store->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
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

static vi_store *store_connect(const char *path, const vi_registry *reg, int flags, GError **err)
{
    tune_sqlite();
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
    sqlite3_busy_timeout(store->db, 5000);
    if (!(flags & SQLITE_OPEN_READONLY))
        use_spatialite(store);
    else
        /* Reading pages through a memory map instead of a read() each
         * nearly halves the time of scanning a layer; writers keep read()
         * so that an I/O error stays an error, not a signal, mid-write. */
        sqlite3_exec(store->db, "PRAGMA mmap_size=" G_STRINGIFY(VI_STORE_MMAP_BYTES), NULL, NULL,
                     NULL);
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

vi_store *store_create(const char *path, const vi_registry *reg, GError **err)
{
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
                  exec(store, "BEGIN", err) && exec(store, schema_sql, err);
    g_free(pragmas);
    for (int i = 0; ok && i < registry_layer_count(reg); i++)
        ok = create_layer_table(store, registry_layer_at(reg, i), err);
    if (ok) {
        char *v = g_strdup_printf("PRAGMA user_version=%d", VI_STORE_SCHEMA_VERSION);
        ok = exec(store, v, err) && exec(store, "COMMIT", err);
        g_free(v);
    }
    if (!ok) {
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
        g_set_error(err, VI_ERROR, VI_ERROR_SCHEMA,
                    "'%s' is not a vinfra database (not an SQLite file: %s)", path,
                    sqlite3_errmsg(store->db));
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

void store_close(vi_store *store)
{
    if (!store)
        return;
    if (store->inserts)
        g_hash_table_destroy(store->inserts);
    sqlite3_finalize(store->decode);
    if (store->db)
        sqlite3_close(store->db);
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

gboolean store_begin(vi_store *store, GError **err)
{
    if (!exec(store, "BEGIN IMMEDIATE", err))
        return FALSE;
    store->in_txn = TRUE;
    return TRUE;
}

gboolean store_commit(vi_store *store, GError **err)
{
    if (!exec(store, "COMMIT", err))
        return FALSE;
    store->in_txn = FALSE;
    return TRUE;
}

void store_rollback(vi_store *store)
{
    if (store && store->in_txn) {
        sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
        store->in_txn = FALSE;
    }
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

gboolean store_feature_insert(vi_store *store, const vi_layer *layer, const vi_feature *f,
                              gint64 import_id, GError **err)
{
    sqlite3_stmt *st = insert_stmt(store, layer, err);
    if (!st)
        return FALSE;
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
    return TRUE;
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
    char *sql = g_strdup_printf("DELETE FROM \"%s\" WHERE status=?", layer->name);
    sqlite3_stmt *st = prepare(store, sql, err);
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
    sqlite3_stmt *st = prepare(store,
                               "INSERT INTO projects (id, name, programme, village, kind, year,"
                               " funding_wan, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               err);
    if (!st)
        return FALSE;
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
    return TRUE;
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
    sqlite3_stmt *st = prepare(
        store, "INSERT INTO imports (path, layer, sha256, features) VALUES (?, ?, ?, ?)", err);
    if (!st)
        return 0;
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
    return sqlite3_last_insert_rowid(store->db);
}

gboolean store_import_set_count(vi_store *store, gint64 import_id, gint64 features, GError **err)
{
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
