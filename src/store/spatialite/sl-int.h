/*
 * sl-int.h - what the files of the SpatiaLite backend share: its store
 * struct (a vi_store first, then the SQLite connection and its prepared
 * statements), the SQL helpers, and the operations it puts in
 * store_spatialite_backend (sl-open.c).  Only this folder includes it, and
 * only this folder includes sqlite3.h.
 *
 * The files of the backend, one concern each:
 *   sl-open.c      the file and its connection: create, open, the checks
 *                  before opening, close, transactions, the methods table
 *   sl-sql.c       helpers every SQL file uses (prepare, fail, the row
 *                  scanner sl_scan())
 *   sl-schema.c    layer tables and their evolution with the registry
 *   sl-features.c  features, projects, imports, exports
 *   sl-scan.c      reading layers: features as WKB, points as numbers
 *   sl-bulk.c      a bulk transaction's per-row triggers deferred to its
 *                  commit
 *   sl-log.c       the history table, the change log and the checksum
 *   sl-undo.c      taking a change back
 *   sl-edit.c      changing and deleting one feature
 *   sl-check.c     SQLite's and SpatiaLite's checks, the registry's rules
 *                  on every row
 *   sl-kv.c        bookkeeping beside the data, and a feature's last change
 *   sl-backup.c    SQLite's backup API
 *   sl-photos.c    photos kept as evidence of features
 *   sl-users.c     users and permissions: none on a file
 *   spblob.c       SpatiaLite geometry blobs decoded without SpatiaLite
 *   sqljson.c      JSON read with SQLite's JSON functions (sqljson.h;
 *                  export reads package manifests with it)
 */
#ifndef VINFRA_SL_INT_H
#define VINFRA_SL_INT_H

#include "store-int.h"

#include <sqlite3.h>

/* Inserts of consecutive rows of one table, logged but not yet written. */
typedef struct {
    char table[64];
    gint64 first_row, last_row, first_seq;
} sl_log_run;

typedef struct {
    vi_store base; /* first: a vi_store * is an sl_store * */
    sqlite3 *db;
    void *splite_cache;
    GHashTable *inserts; /* layer name -> prepared INSERT, reused across features */
    /* SELECT AsBinary(?), ST_X(?), ST_Y(?), for the blobs spblob cannot read. */
    sqlite3_stmt *decode;
    sqlite3_stmt *log_row, *log_value; /* INSERTs into change_log, change_values */
    /* The layer whose first insert of change fid_change placed its fid above
     * every fid the change log names (see fresh_rowid()); cleared by
     * sl_begin(). */
    char fid_layer[64];
    gint64 fid_change;
    /* In a bulk transaction: the layers written so far, whose per-row
     * triggers wait for the commit (sl-bulk.c); NULL otherwise. */
    GPtrArray *bulk_layers;
    /* In a bulk transaction: the inserts of consecutive rows of one table
     * logged but not yet written to change_log (sl_log_flush()); none
     * while last_row is 0. */
    sl_log_run log_run;
    /* In a bulk transaction: what its checksum before kept for the one
     * after (sl-checksum.c); NULL otherwise. */
    GPtrArray *sum_marks;
    int busy_ms;
} sl_store;

static inline sl_store *sl(vi_store *store)
{
    return (sl_store *)store;
}

/* sl-sql.c */
/* Set ERR to "database ... is busy" and return TRUE when the last failure
 * was another connection's lock; FALSE (ERR untouched) otherwise. */
gboolean sl_busy(vi_store *store, GError **err);
void sl_set_busy(vi_store *store, GError **err);
/* Set ERR to "WHAT in 'PATH': <SQLite's message>" (or busy); returns FALSE. */
gboolean sl_fail(vi_store *store, GError **err, const char *what);
gboolean sl_exec(vi_store *store, const char *sql, GError **err);
sqlite3_stmt *sl_prepare(vi_store *store, const char *sql, GError **err);
/* Runs a query returning one integer. */
gboolean sl_query_int(vi_store *store, const char *sql, gint64 *out, GError **err);
/* Sets *EXISTS to whether SQL, with KEY bound to its one parameter, has a
 * row; a failure is reported as WHAT. */
gboolean sl_row_exists(vi_store *store, const char *sql, const char *key, gboolean *exists,
                       const char *what, GError **err);
gboolean sl_table_exists(vi_store *store, const char *table, gboolean *exists, GError **err);
/* Bind S, or NULL when S is NULL; V, or NULL when V is 0 (no year, no import). */
void sl_bind_text(sqlite3_stmt *st, int i, const char *s);
void sl_bind_int(sqlite3_stmt *st, int i, gint64 v);
/* Column I of ST as text (borrowed, NULL for null). */
const char *sl_text(sqlite3_stmt *st, int i);
/* One row of sl_scan(): read the columns of ST; FALSE (with ERR) stops. */
typedef gboolean (*sl_row_fn)(vi_store *store, sqlite3_stmt *st, void *ctx, GError **err);
/* The one row loop: step ST, calling ROW with each row until it returns
 * FALSE; a failed step is reported as WHAT (sl_fail()).  Finalizes ST
 * (which may be NULL: FALSE, the preparation's error already set). */
gboolean sl_scan(vi_store *store, sqlite3_stmt *st, sl_row_fn row, void *ctx, const char *what,
                 GError **err);

/* sl-open.c */
/* Load SpatiaLite's SQL functions on the connection (once). */
void sl_use_spatialite(vi_store *store);

/* sl-bulk.c */
/* Start (ON) or end a bulk transaction's bookkeeping. */
void sl_bulk_set(vi_store *store, gboolean on);
/* Row FID is about to be inserted into LAYER: in a bulk transaction, the
 * layer's first insert defers its per-row triggers to sl_bulk_finish(). */
gboolean sl_bulk_layer_insert(vi_store *store, const char *layer, gint64 fid, GError **err);
/* Row FID of LAYER was inserted with geometry WKB: in a bulk transaction,
 * its box goes into the layer's spatial index. */
gboolean sl_bulk_row_added(vi_store *store, const char *layer, gint64 fid, const unsigned char *wkb,
                           size_t wkb_size, GError **err);
/* Before the commit: the deferred triggers' work, and the triggers again. */
gboolean sl_bulk_finish(vi_store *store, GError **err);

/* sl-rtree.c */
/* A row's box in an R*Tree: xmin, xmax, ymin, ymax, rounded outwards. */
typedef struct {
    gint64 id;
    float box[4];
} sl_rtree_entry;
/* The rtree module's rounding of a box's minimum and maximum to floats. */
float sl_rtree_down(double d);
float sl_rtree_up(double d);
/* Rebuild R*Tree INDEX with its entries and ADDED's (packed, as inserts
 * would have left them but for the shape of the tree). */
gboolean sl_rtree_build(vi_store *store, const char *index, GArray *added, GError **err);

/* sl-schema.c */
/* The tables every database has (imports, projects), then one per layer. */
gboolean sl_create_tables(vi_store *store, GError **err);
gboolean sl_ensure_layer(vi_store *store, const vi_layer *layer, GError **err);

/* sl-log.c */
/* Log that OP ("insert", "update", "delete") happens to row ROW of TABLE;
 * for update and delete, call it before the change, as it keeps the row's
 * content. */
gboolean sl_log_change(vi_store *store, const char *table, gint64 row, const char *op,
                       GError **err);
gboolean sl_history_last(vi_store *store, gint64 *last, GError **err);
/* Write the inserts sl_log_change() keeps back in a bulk transaction;
 * called before anything reads change_log. */
gboolean sl_log_flush(vi_store *store, GError **err);
gboolean sl_history_insert(vi_store *store, const vi_change *change, gint64 undoes,
                           const char *command_line, const char *checksum_after, GError **err);
gboolean sl_history_scan(vi_store *store, const char *layer, const char *since, vi_history_fn fn,
                         void *user, GError **err);

/* sl-checksum.c */
/* The content checksum, as 64 hex digits (caller frees). */
char *sl_checksum(vi_store *store, GError **err);
void sl_hash_value(GChecksum *sum, const char *name, sqlite3_value *v);
/* Add every row of ST (SELECT * ...) to SUM. */
gboolean sl_hash_rows(vi_store *store, sqlite3_stmt *st, GChecksum *sum, GError **err);
/* The change logged row ROW of TABLE: an insert (INSERT), or more. */
void sl_checksum_touched(vi_store *store, const char *table, gint64 row, gboolean insert);
/* Rows FIRST to LAST of TABLE were inserted and logged: hashed now, in a
 * bulk change, for its checksum after. */
gboolean sl_checksum_rows_added(vi_store *store, const char *table, gint64 first, gint64 last,
                                GError **err);
void sl_checksum_marks_clear(vi_store *store);

/* The operations of store.h (see there), in the files named. */
/* sl-features.c */
gboolean sl_feature_insert(vi_store *store, const vi_layer *layer, const vi_feature *f,
                           gint64 import_id, GError **err);
gboolean sl_feature_exists(vi_store *store, const vi_layer *layer, const char *id, gboolean *exists,
                           GError **err);
gint64 sl_feature_count(vi_store *store, const vi_layer *layer, const char *village, GError **err);
gint64 sl_feature_delete_status(vi_store *store, const vi_layer *layer, const char *status,
                                GError **err);
gboolean sl_feature_ids(vi_store *store, const vi_layer *layer, GHashTable *ids, GError **err);
gboolean sl_project_insert(vi_store *store, const vi_project *p, gint64 import_id, GError **err);
gboolean sl_project_exists(vi_store *store, const char *id, gboolean *exists, GError **err);
gboolean sl_project_scan(vi_store *store, const char *village, vi_project_fn fn, void *user,
                         GError **err);
gboolean sl_project_ids(vi_store *store, GHashTable *ids, GError **err);
gboolean sl_import_find(vi_store *store, const char *sha256, gboolean *found, vi_import_info *info,
                        GError **err);
gint64 sl_import_record(vi_store *store, const char *path, const char *layer, const char *sha256,
                        gint64 features, GError **err);
gboolean sl_import_set_count(vi_store *store, gint64 import_id, gint64 features, GError **err);
char *sl_data_date(vi_store *store, GError **err);
gboolean sl_export_record(vi_store *store, const vi_export_record *r, GError **err);
/* sl-scan.c */
gboolean sl_feature_scan(vi_store *store, const vi_layer *layer, const char *village,
                         vi_feature_fn fn, void *user, GError **err);
gboolean sl_point_scan(vi_store *store, const vi_layer *layer, const char *const *columns, int part,
                       int nparts, vi_point_fn fn, void *user, GError **err);
gboolean sl_fid_span(vi_store *store, const vi_layer *layer, gint64 *span, GError **err);
/* sl-edit.c */
gboolean sl_feature_update(vi_store *store, const vi_layer *layer, const char *id,
                           const char *const *fields, const char *const *values, int n,
                           GError **err);
gboolean sl_feature_delete(vi_store *store, const vi_layer *layer, const char *id, GError **err);
gboolean sl_village_exists(vi_store *store, const char *name, gboolean *exists, GError **err);
/* sl-undo.c */
gboolean sl_undo(vi_store *store, gint64 change_id, vi_undo_result *res, GError **err);
/* sl-check.c */
gboolean sl_check_engine(vi_store *store, problem_sink *sink, GError **err);
gboolean sl_check_layer(vi_store *store, const vi_layer *layer, problem_sink *sink, GError **err);
gboolean sl_check_projects(vi_store *store, problem_sink *sink, GError **err);
/* sl-photos.c */
gboolean sl_photo_insert(vi_store *store, const vi_photo *p, gint64 import_id, GError **err);
gboolean sl_photo_find(vi_store *store, const char *sha256, gboolean *found, char **where,
                       GError **err);
gboolean sl_photo_scan(vi_store *store, const char *village, const char *layer, gboolean with_jpeg,
                       vi_photo_fn fn, void *user, GError **err);
/* Add the rows of the photos table, when it has any, to SUM (the checksum). */
gboolean sl_photo_hash(vi_store *store, GChecksum *sum, GError **err);
/* sl-backup.c */
gboolean sl_backup(vi_store *store, const char *partial, const char *dest, char **checksum,
                   GError **err);
/* sl-users.c */
gboolean sl_user_add(vi_store *store, const char *name, const char *role, const char *village,
                     gboolean *created, GError **err);
gboolean sl_user_list(vi_store *store, vi_user_fn fn, void *user, GError **err);
gboolean sl_user_remove(vi_store *store, const char *name, gboolean *dropped, GError **err);
gboolean sl_personal_readable(vi_store *store, const vi_layer *layer, GError **err);

/* sl-kv.c */
gboolean sl_kv_get(vi_store *store, const char *key, char **value, GError **err);
gboolean sl_kv_set(vi_store *store, const char *key, const char *value, GError **err);
gboolean sl_kv_scan(vi_store *store, const char *prefix, vi_kv_fn fn, void *user, GError **err);
gboolean sl_feature_last_change(vi_store *store, const vi_layer *layer, const char *id, char **user,
                                char **at, GError **err);

#endif
