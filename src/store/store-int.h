/*
 * store-int.h - what the store's own files share, and nothing else: the
 * vi_store struct, the backend methods table, and the SQL helpers.  No file
 * outside src/store/ includes it (store.h is the interface).
 *
 * The files of the store, one concern each:
 *   store-open.c       the front door: picks the backend for a database
 *                      name, and dispatches what only a backend can do;
 *                      transactions
 *   store-spatialite.c the SpatiaLite backend: the file, its connection,
 *                      and every file- or SQLite-specific operation
 *   store-sql.c        helpers every SQL file uses (prepare, fail, the
 *                      row scanner)
 *   store-schema.c     layer tables and their evolution with the registry
 *   store-features.c   features, projects, imports, exports
 *   store-scan.c       reading layers: features as WKB, points as numbers
 *   store-log.c        the history, the change log and the content checksum
 *   store-undo.c       taking a change back
 *   store-edit.c       changing and deleting one feature
 *   store-check.c      the registry's rules on every row
 *   store-backup.c     a consistent copy, written beside and renamed
 *   sqljson.c          JSON read with SQLite's JSON functions (sqljson.h;
 *                      export reads package manifests with it)
 *   spblob.c           SpatiaLite geometry blobs decoded without SpatiaLite
 *
 * Backends, in the manner of sqlite3_io_methods and cairo's surface
 * backends: a backend is one file that fills a vi_store_backend and is
 * listed in store-open.c.  Callers of store.h never know which one they
 * hold.  What is specific to an engine or to a file (opening, a second
 * reader, fid partitions for parallel scans, statement journals for bulk
 * writes, the backup API, the engine's own integrity and spatial index
 * checks, the network-filesystem check) is a backend operation.  The SQL of
 * the concern files is SpatiaLite's dialect on store->db today; a PostGIS
 * backend (store-postgis.c, a later issue) fills the same table and gives
 * those files its connection.
 */
#ifndef VINFRA_STORE_INT_H
#define VINFRA_STORE_INT_H

#include "store.h"

#include <sqlite3.h>

/* Where store_check() sends each problem: the caller's vi_problem_fn, and
 * how many were found. */
typedef struct {
    vi_problem_fn fn;
    void *user;
    gint64 count;
} problem_sink;

typedef struct vi_store_backend vi_store_backend;

/* A backend's operations.  Every one is required. */
struct vi_store_backend {
    const char *name; /* "spatialite" */
    /* Whether the database name NAME (a --db value) is this backend's, as
     * GDAL's pfnIdentify: by its form only, without opening anything. */
    gboolean (*identify)(const char *name);
    /* store_create(), store_open(): a new store with ->backend set. */
    vi_store *(*create)(const char *name, const vi_registry *reg, GError **err);
    vi_store *(*open)(const char *name, const vi_registry *reg, gboolean readonly, GError **err);
    /* What keeps NAME from being opened (for writing unless READONLY), said
     * before the engine says it less clearly.  FALSE with ERR set. */
    gboolean (*check_access)(const char *name, gboolean readonly, GError **err);
    /* A second, read-only connection to the same database, for a reader on
     * another thread (store_clone_reader()). */
    vi_store *(*clone_reader)(vi_store *store, GError **err);
    /* Release the connection and everything the backend holds; the front
     * door frees the struct. */
    void (*close)(vi_store *store);
    /* First and last fid of LAYER, whose table exists; 1 and 0 when it is
     * empty.  store_point_scan() cuts the range into partitions. */
    gboolean (*fid_range)(vi_store *store, const vi_layer *layer, gint64 *first, gint64 *last,
                          GError **err);
    /* Prepare the connection for a transaction that writes many rows
     * (statement journals), before store_begin(). */
    gboolean (*bulk_journals)(vi_store *store, GError **err);
    /* Write a consistent copy of the database to the new file PARTIAL;
     * messages name DEST, which PARTIAL becomes. */
    gboolean (*backup)(vi_store *store, const char *partial, const char *dest, GError **err);
    /* The engine's own checks of the whole database (integrity, foreign
     * keys), and of LAYER's spatial index; problems go to SINK. */
    gboolean (*check_engine)(vi_store *store, problem_sink *sink, GError **err);
    gboolean (*check_spatial_index)(vi_store *store, const vi_layer *layer, problem_sink *sink,
                                    GError **err);
};

extern const vi_store_backend store_spatialite_backend;

struct vi_store {
    const vi_store_backend *backend;
    char *path;             /* the database's name, as opened */
    const vi_registry *reg; /* borrowed */
    sqlite3 *db;
    void *splite_cache;
    gboolean in_txn;
    GHashTable *inserts; /* layer name -> prepared INSERT, reused across features */
    /* SELECT AsBinary(?), ST_X(?), ST_Y(?), for the blobs spblob cannot read. */
    sqlite3_stmt *decode;
    /* The change being made in the open transaction (see store-log.c): its
     * id (0 when none), the last change_log seq, whether
     * store_history_record() ran, and the content checksum before it. */
    gint64 change_id, change_seq;
    gboolean change_recorded;
    char *checksum_before;
    sqlite3_stmt *log_row, *log_value; /* INSERTs into change_log, change_values */
    /* The layer whose first insert of change fid_change placed its fid above
     * every fid the change log names (see fresh_rowid()). */
    char fid_layer[64];
    gint64 fid_change;
    int busy_ms;
};

/* store-open.c */
/* The length of NAME's URI scheme (3 for "foo://x"), 0 when it has none. */
size_t store_name_scheme(const char *name);

/* store-sql.c */
/* Set ERR to "database ... is busy" and return TRUE when the last failure
 * was another connection's lock; FALSE (ERR untouched) otherwise. */
gboolean store_busy(vi_store *store, GError **err);
void store_set_busy(vi_store *store, GError **err);
/* Set ERR to "WHAT in 'PATH': <SQLite's message>" (or busy); returns FALSE. */
gboolean store_fail(vi_store *store, GError **err, const char *what);
gboolean store_exec(vi_store *store, const char *sql, GError **err);
sqlite3_stmt *store_prepare(vi_store *store, const char *sql, GError **err);
/* Runs a query returning one integer. */
gboolean store_query_int(vi_store *store, const char *sql, gint64 *out, GError **err);
/* Sets *EXISTS to whether SQL, with KEY bound to its one parameter, has a
 * row; a failure is reported as WHAT. */
gboolean store_row_exists(vi_store *store, const char *sql, const char *key, gboolean *exists,
                          const char *what, GError **err);
gboolean store_table_exists(vi_store *store, const char *table, gboolean *exists, GError **err);
gboolean store_is_identifier(const char *s);
gboolean store_check_identifiers(const vi_registry *reg, GError **err);
/* Bind S, or NULL when S is NULL; V, or NULL when V is 0 (no year, no import). */
void store_bind_text(sqlite3_stmt *st, int i, const char *s);
void store_bind_int(sqlite3_stmt *st, int i, gint64 v);
/* Column I of ST as text (borrowed, NULL for null). */
const char *store_text(sqlite3_stmt *st, int i);
/* One row of store_scan(): read the columns of ST; FALSE (with ERR) stops. */
typedef gboolean (*store_row_fn)(vi_store *store, sqlite3_stmt *st, void *ctx, GError **err);
/* The one row loop: step ST, calling ROW with each row until it returns
 * FALSE; a failed step is reported as WHAT (store_fail()).  Finalizes ST
 * (which may be NULL: FALSE, the preparation's error already set). */
gboolean store_scan(vi_store *store, sqlite3_stmt *st, store_row_fn row, void *ctx,
                    const char *what, GError **err);

/* store-spatialite.c */
/* Load SpatiaLite's SQL functions on the connection (once). */
void store_use_spatialite(vi_store *store);
/* sqlite3_step() with stderr silenced (SpatiaLite and GEOS print there). */
int store_step_quietly(sqlite3_stmt *st);

/* store-schema.c */
const char *store_geom_sql_type(int geometry);
/* The tables every database has (imports, projects), then one per layer. */
gboolean store_create_tables(vi_store *store, GError **err);

/* store-log.c */
/* Start the change of the open transaction.  WITH_CHECKSUM is FALSE only
 * for the database's creation, which has no state before it. */
gboolean store_change_start(vi_store *store, gboolean with_checksum, GError **err);
void store_change_clear(vi_store *store);
/* Log that OP ("insert", "update", "delete") happens to row ROW of TABLE;
 * for update and delete, call it before the change, as it keeps the row's
 * content. */
gboolean store_log_change(vi_store *store, const char *table, gint64 row, const char *op,
                          GError **err);
gboolean store_history_insert(vi_store *store, const vi_change *change, gint64 undoes,
                              GError **err);
void store_hash_value(GChecksum *sum, const char *name, sqlite3_value *v);
/* Add every row of ST (SELECT * ...) to SUM. */
gboolean store_hash_rows(vi_store *store, sqlite3_stmt *st, GChecksum *sum, GError **err);

/* store-check.c */
void store_problem(problem_sink *sink, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

#endif
