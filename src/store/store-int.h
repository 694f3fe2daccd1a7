/*
 * store-int.h - what the store's own files share, and nothing else: the
 * generic vi_store struct, the backend methods table, and the engine-free
 * helpers of the front door.  No file outside src/store/ includes it but
 * the store's unit tests (store.h is the interface).  No engine's header
 * is included here: a backend's own struct and helpers are in its folder
 * (spatialite/sl-int.h).
 *
 * The files of the store, one concern each:
 *   store-open.c    the front door: picks the backend for a database name,
 *                   and hands every operation of store.h to it; argument
 *                   checks and the registry's identifier check
 *   store-log.c     the history bookkeeping that no engine changes: the
 *                   command line every change records, a transaction's
 *                   change (its id, whether it was recorded), begin,
 *                   commit and rollback around the backend's own
 *   store-check.c   vinfra check's order of work, and the problem sink
 *   store-backup.c  a copy that is whole or absent (DEST.partial renamed)
 *   store-asof.c    the world as of a year: the filter the front door puts
 *                   between a backend's scans and their callers when a year
 *                   is set, and the words that say so
 *   spatialite/     the SpatiaLite backend (spatialite/sl-int.h lists its
 *                   files); every file that includes SQLite's header is there
 *
 * HOW TO ADD A BACKEND (in the manner of sqlite3_io_methods and cairo's
 * surface backends: the generic layer dispatches every operation through
 * the backend's table, and callers of store.h never know which one they
 * hold).  A PostGIS backend is a new folder, src/store/postgis/, with its
 * own meson.build (listed in src/store/meson.build), that:
 *
 * 1. Declares its store struct with a vi_store as its FIRST member
 *    (typedef struct { vi_store base; PGconn *conn; ... } pg_store;), so
 *    that a vi_store * is a pg_store * (see sl_store in spatialite/sl-int.h).
 *    The generic fields (path, reg, the change bookkeeping) belong to the
 *    front door: set ->backend, ->path (g_strdup) and ->reg when creating
 *    the struct, and otherwise only read them, but for ->in_txn (set by
 *    create() around the transaction that makes the tables) and
 *    ->change_seq (one more for every row logged, below).  store_close()
 *    calls close(), then frees ->path and the struct.
 * 2. Fills one const vi_store_backend (every member is required) and adds
 *    it to backends[] in store-open.c, before SpatiaLite, whose identify()
 *    takes every name without a scheme.  identify() answers by the name's
 *    form only ("postgresql://..."): store_name_scheme() helps.
 * 3. Keeps to the contracts of store.h, exactly: the same error domains
 *    and messages where the tests fix them, features in fid (insertion)
 *    order, a missing layer table read as an empty layer, geometry in and
 *    out as ISO WKB in EPSG:4490.  A backend may call store.h and the
 *    helpers below (create() records "init" with store_history_record()
 *    and store_commit(); undo() uses store_checksum()): they come back to
 *    its own table.  spatialite/ is the template, one file per concern.
 *
 * Transactions and history.  store_begin() calls begin() (take the write
 * lock now, so writers queue instead of failing half-way), then
 * history_last() (create the history tables if needed and give the
 * largest history id) and checksum(): the front door keeps the change's
 * id (->change_id), its checksum before, and whether it was recorded.
 * Inside a change every row a backend inserts, updates or deletes must be
 * logged (the SpatiaLite backend's change_log/change_values, sl-log.c):
 * an insert by its row id after it is written, an update or delete with
 * the row's old content before it changes; each logged row adds one to
 * ->change_seq, as store_commit() refuses a change that logged rows but
 * was not recorded.  A fid (row id) is never reused, so undo can tell rows
 * apart.  store_history_record() calls history_insert() with the command
 * line and the checksum after; it writes the history row with the counts
 * of rows added, changed and deleted (imports rows not counted).
 * store_commit() and store_rollback() call commit() and rollback().
 * undo() runs inside the change store_undo() opened: it replays the log of
 * the change backwards, logging what it does, verifies each row, marks the
 * change undone and records itself with store_history_insert().
 *
 * Scans with callbacks.  feature_scan(), point_scan(), project_scan() and
 * history_scan() call the caller's function once per row with borrowed
 * values valid during the call only, and stop with the callback's error
 * when it returns FALSE.  point_scan() with NPARTS > 1 reads slice PART of
 * NPARTS equal slices of the layer's fid range (fid_span()), so that one
 * store per slice (clone_reader(): a second, read-only connection for
 * another thread) reads a large layer on several processors.
 *
 * The content checksum (checksum()) is the SHA-256 over every row of the
 * layer tables, imports and projects, tables in name order (the layers,
 * then imports, then projects) and rows in primary key order, NULLs left
 * out; it is the backend's own, recorded in its history only.
 *
 * check: check_engine() runs the engine's own checks of the whole
 * database (integrity, foreign keys) and check_layer() the layer's spatial
 * index, each problem to the sink through store_problem(), in English;
 * check_layer() then reads every row into a store_check_row and hands it
 * to store_check_feature(), which applies the registry's rules (the same
 * for every engine), and check_projects() hands each project to
 * store_check_project().
 */
#ifndef VINFRA_STORE_INT_H
#define VINFRA_STORE_INT_H

#include "store.h"

/* Where store_check() sends each problem: the caller's vi_problem_fn, and
 * how many were found. */
typedef struct {
    vi_problem_fn fn;
    void *user;
    gint64 count;
} problem_sink;

typedef struct vi_store_backend vi_store_backend;
/* The year a store reads as of, and what it met (store-asof.c). */
typedef struct store_asof store_asof;

/* A backend's operations.  Every one is required.  Those named as a
 * function of store.h do what store.h says of it, with the same arguments
 * (store.h checks none that the backend must not see). */
struct vi_store_backend {
    const char *name; /* "spatialite" */

    /* Opening and closing */
    /* Whether the database name NAME (a --db value) is this backend's, as
     * GDAL's pfnIdentify: by its form only, without opening anything. */
    gboolean (*identify)(const char *name);
    /* store_create(), store_open(): a new store with ->backend, ->path and
     * ->reg set.  create() makes the tables every database has and one per
     * registry layer, and records the "init" change in the history. */
    vi_store *(*create)(const char *name, const vi_registry *reg, GError **err);
    vi_store *(*open)(const char *name, const vi_registry *reg, gboolean readonly, GError **err);
    /* store_source_name(). */
    char *(*source_name)(vi_store *store);
    /* store_check_access(). */
    gboolean (*check_access)(const char *name, gboolean readonly, GError **err);
    /* store_clone_reader(). */
    vi_store *(*clone_reader)(vi_store *store, GError **err);
    /* Release the connection and everything the backend holds; the front
     * door frees ->path and the struct. */
    void (*close)(vi_store *store);

    /* Transactions (see above) */
    /* Open a write transaction, taking the write lock now. */
    gboolean (*begin)(vi_store *store, GError **err);
    /* Prepare the connection for a transaction that writes many rows,
     * before store_begin(): the backend may defer per-row work (index
     * maintenance) to the commit, which then fails if that work does. */
    gboolean (*prepare_bulk)(vi_store *store, GError **err);
    gboolean (*commit)(vi_store *store, GError **err);
    /* Undo the open transaction; nothing to report. */
    void (*rollback)(vi_store *store);

    /* Schema */
    gboolean (*ensure_layer)(vi_store *store, const vi_layer *layer, GError **err);

    /* Features */
    gboolean (*feature_insert)(vi_store *store, const vi_layer *layer, const vi_feature *f,
                               gint64 import_id, GError **err);
    gboolean (*feature_exists)(vi_store *store, const vi_layer *layer, const char *id,
                               gboolean *exists, GError **err);
    gboolean (*feature_scan)(vi_store *store, const vi_layer *layer, const char *village,
                             vi_feature_fn fn, void *user, GError **err);
    gint64 (*feature_count)(vi_store *store, const vi_layer *layer, const char *village,
                            GError **err);
    gint64 (*feature_delete_status)(vi_store *store, const vi_layer *layer, const char *status,
                                    GError **err);
    gboolean (*feature_ids)(vi_store *store, const vi_layer *layer, GHashTable *ids, GError **err);
    gboolean (*feature_update)(vi_store *store, const vi_layer *layer, const char *id,
                               const char *const *fields, const char *const *values, int n,
                               GError **err);
    gboolean (*feature_delete)(vi_store *store, const vi_layer *layer, const char *id,
                               GError **err);
    gboolean (*village_exists)(vi_store *store, const char *name, gboolean *exists, GError **err);
    /* store_point_scan(), its slices cut from the fid range of LAYER. */
    gboolean (*point_scan)(vi_store *store, const vi_layer *layer, const char *const *columns,
                           int part, int nparts, vi_point_fn fn, void *user, GError **err);
    gboolean (*fid_span)(vi_store *store, const vi_layer *layer, gint64 *span, GError **err);

    /* Projects, imports, exports */
    gboolean (*project_insert)(vi_store *store, const vi_project *p, gint64 import_id,
                               GError **err);
    gboolean (*project_exists)(vi_store *store, const char *id, gboolean *exists, GError **err);
    gboolean (*project_scan)(vi_store *store, const char *village, vi_project_fn fn, void *user,
                             GError **err);
    gboolean (*project_ids)(vi_store *store, GHashTable *ids, GError **err);
    gboolean (*import_find)(vi_store *store, const char *sha256, gboolean *found,
                            vi_import_info *info, GError **err);
    gint64 (*import_record)(vi_store *store, const char *path, const char *layer,
                            const char *sha256, gint64 features, GError **err);
    gboolean (*import_set_count)(vi_store *store, gint64 import_id, gint64 features, GError **err);
    char *(*data_date)(vi_store *store, GError **err);
    gboolean (*export_record)(vi_store *store, const vi_export_record *r, GError **err);

    /* Photos */
    gboolean (*photo_insert)(vi_store *store, const vi_photo *p, gint64 import_id, GError **err);
    gboolean (*photo_find)(vi_store *store, const char *sha256, gboolean *found, char **where,
                           GError **err);
    gboolean (*photo_scan)(vi_store *store, const char *village, const char *layer,
                           gboolean with_jpeg, vi_photo_fn fn, void *user, GError **err);

    /* History (see above) */
    /* Create the history tables when the database has none yet (they are
     * part of every change), and set *LAST to the largest history id, 0
     * when there is none. */
    gboolean (*history_last)(vi_store *store, gint64 *last, GError **err);
    /* Write the history row of the open change (->change_id): CHANGE, the
     * change it UNDOES (0 for none), the COMMAND_LINE, ->checksum_before
     * and CHECKSUM_AFTER, with the counts of the rows it logged. */
    gboolean (*history_insert)(vi_store *store, const vi_change *change, gint64 undoes,
                               const char *command_line, const char *checksum_after, GError **err);
    gboolean (*history_scan)(vi_store *store, const char *layer, const char *since,
                             vi_history_fn fn, void *user, GError **err);
    char *(*checksum)(vi_store *store, GError **err);
    /* Take change CHANGE_ID (0: the default one of store_undo()) back in
     * the open change, filling RES. */
    gboolean (*undo)(vi_store *store, gint64 change_id, vi_undo_result *res, GError **err);

    /* store_feature_last_change() */
    gboolean (*feature_last_change)(vi_store *store, const vi_layer *layer, const char *id,
                                    char **user, char **at, GError **err);
    /* Bookkeeping (store_kv_get() ...) */
    gboolean (*kv_get)(vi_store *store, const char *key, char **value, GError **err);
    gboolean (*kv_set)(vi_store *store, const char *key, const char *value, GError **err);
    gboolean (*kv_scan)(vi_store *store, const char *prefix, vi_kv_fn fn, void *user, GError **err);

    /* Check and backup */
    /* The engine's own checks of the whole database (integrity, foreign
     * keys); problems go to SINK. */
    gboolean (*check_engine)(vi_store *store, problem_sink *sink, GError **err);
    /* LAYER's spatial index and the registry's rules on each of its rows
     * (nothing when its table does not exist). */
    gboolean (*check_layer)(vi_store *store, const vi_layer *layer, problem_sink *sink,
                            GError **err);
    /* The ledger's rows: programmes and villages that exist. */
    gboolean (*check_projects)(vi_store *store, problem_sink *sink, GError **err);
    /* Write a consistent copy of the database to the new file PARTIAL;
     * messages name DEST, which PARTIAL becomes.  A backend whose copy is
     * not a database it opens (pg_dump's archive) reads it back itself and
     * sets *CHECKSUM to the content checksum of what it holds; one whose
     * copy is (a SpatiaLite file) sets it to NULL, and the front door opens
     * DEST for it. */
    gboolean (*backup)(vi_store *store, const char *partial, const char *dest, char **checksum,
                       GError **err);

    /* Users and permissions (store.h); a backend without users refuses
     * the first three and allows the last. */
    gboolean (*user_add)(vi_store *store, const char *name, const char *role, const char *village,
                         gboolean *created, GError **err);
    gboolean (*user_list)(vi_store *store, vi_user_fn fn, void *user, GError **err);
    gboolean (*user_remove)(vi_store *store, const char *name, gboolean *dropped, GError **err);
    gboolean (*personal_readable)(vi_store *store, const vi_layer *layer, GError **err);
};

/* The backends store-open.c asks in turn (each in its folder). */
extern const vi_store_backend store_spatialite_backend;
extern const vi_store_backend store_postgis_backend;

/* A store as the front door knows it.  A backend's struct starts with one
 * (see above). */
struct vi_store {
    const vi_store_backend *backend;
    char *path;             /* the database's name, as opened */
    const vi_registry *reg; /* borrowed */
    gboolean in_txn;
    /* The change being made in the open transaction (see store-log.c): its
     * id (0 when none), the number of rows logged so far, whether
     * store_history_record() ran, and the content checksum before it. */
    gint64 change_id, change_seq;
    gboolean change_recorded;
    char *checksum_before;
    /* store_set_as_of(): NULL until a year is first set; shared (counted)
     * with the store's clones, which read as of the same year. */
    store_asof *as_of;
};

/* store-open.c */
/* The length of NAME's URI scheme (3 for "foo://x"), 0 when it has none. */
size_t store_name_scheme(const char *name);
/* Names that go into a query's text (layers, attributes, tables of the
 * change log) must be plain identifiers: ASCII letters, digits and _, not
 * starting with a digit. */
gboolean store_is_identifier(const char *s);
/* Every layer and attribute name of REG is one; FALSE with ERR otherwise. */
gboolean store_check_identifiers(const vi_registry *reg, GError **err);

/* store-log.c */
/* Start the change of the open transaction.  WITH_CHECKSUM is FALSE only
 * for the database's creation, which has no state before it. */
gboolean store_change_start(vi_store *store, gboolean with_checksum, GError **err);
void store_change_clear(vi_store *store);
/* store_history_record(), for a change that UNDOES another (0: none). */
gboolean store_history_insert(vi_store *store, const vi_change *change, gint64 undoes,
                              GError **err);
/* How long a write waits for another writer's lock, in milliseconds:
 * $VINFRA_BUSY_TIMEOUT_MS (0 to 3600000), else 10 s; every backend's. */
int store_busy_timeout_ms(void);

/* store-asof.c */
store_asof *store_as_of_ref(store_asof *a);
/* Accepts NULL. */
void store_as_of_unref(store_asof *a);
/* Whether the store reads as of a year, and LAYER (NULL: the ledger) is
 * filtered by it: a layer with statuses. */
gboolean store_as_of_active(const vi_store *store, const vi_layer *layer);
/* The backend's scans, through the filter (only while it is active). */
gboolean store_as_of_feature_scan(vi_store *store, const vi_layer *layer, const char *village,
                                  vi_feature_fn fn, void *user, GError **err);
gint64 store_as_of_feature_count(vi_store *store, const vi_layer *layer, const char *village,
                                 GError **err);
gboolean store_as_of_point_scan(vi_store *store, const vi_layer *layer, const char *const *columns,
                                int part, int nparts, vi_point_fn fn, void *user, GError **err);
gboolean store_as_of_project_scan(vi_store *store, const char *village, vi_project_fn fn,
                                  void *user, GError **err);
gboolean store_as_of_photo_scan(vi_store *store, const char *village, const char *layer,
                                gboolean with_jpeg, vi_photo_fn fn, void *user, GError **err);

/* store-check.c */
void store_problem(problem_sink *sink, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* The geometry type a LAYER's geometry (vi_layer.geometry) is stored as:
 * POINT, MULTILINESTRING or MULTIPOLYGON. */
const char *store_geometry_type(int geometry);
/* One row of a layer as a backend's check_layer() reads it for
 * store_check_feature(): the values as text (NULL for null), and what only
 * the database can tell. */
typedef struct {
    gint64 fid;
    const char *id, *village, *name, *status, *project;
    const char *year;      /* as text; NULL when null */
    gboolean year_integer; /* stored as an integer */
    gint64 year_value;
    gboolean village_known, project_known; /* null, or in villages / projects */
    gboolean no_geometry;
    const char *geometry_type; /* as store_geometry_type() names it; NULL: unreadable */
    int srid;
    const char *invalid; /* why the geometry is invalid; NULL when it is valid */
    /* For each attribute of the layer: its value as text, the type it is
     * stored as ("integer", "real", "text" or "blob", as SQLite's typeof()
     * says it), and its value as a number. */
    const char *const *attrs;
    const char *const *attr_types;
    const double *attr_numbers;
} store_check_row;
/* The registry's rules on row R of LAYER: status, year (VI_YEAR_MIN to
 * VI_YEAR_MAX, as import and edit check it), village, project, geometry
 * type, SRID and validity, and each attribute's presence, type, allowed
 * values and bounds; each problem goes to SINK. */
void store_check_feature(problem_sink *sink, const vi_layer *layer, const store_check_row *r);
/* The rules on a project of the ledger: its programme is in REG, its
 * village (VILLAGE_KNOWN) in the villages layer. */
void store_check_project(problem_sink *sink, const vi_registry *reg, const char *id,
                         const char *programme, const char *village, gboolean village_known);

#endif
