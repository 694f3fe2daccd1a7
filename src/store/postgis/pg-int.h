/*
 * pg-int.h - what the files of the PostgreSQL + PostGIS backend share: its
 * store struct (a vi_store first, then the libpq connection), the SQL
 * helpers, and the operations it puts in store_postgis_backend
 * (pg-open.c).  Only this folder includes it, and only this folder
 * includes libpq-fe.h.
 *
 * The backend keeps the contracts of store.h as the SpatiaLite one does,
 * with what a server changes:
 * - Every statement is sent with bound parameters (PQexecParams, or
 *   PQexecPrepared for the inserts an import repeats); only identifiers
 *   from the registry (store_is_identifier()) are put into SQL text.
 * - The change log is written by a trigger on every table a change
 *   touches (vinfra_log(), pg-schema.c): it reads the open change's id
 *   from the transaction-local setting vinfra.change_id and keeps the old
 *   row as jsonb, so that undo puts it back with jsonb_populate_record.
 *   A write made outside vinfra (QGIS on the server) is not logged; the
 *   content checksum tells it, as on SpatiaLite.
 * - Writers queue on a transaction-level advisory lock taken at BEGIN, as
 *   SQLite's BEGIN IMMEDIATE makes them queue on the file's write lock.
 * - Large reads go through a cursor, a few thousand rows per fetch, so
 *   that a county's households never sit in memory as one result.
 * - A bulk transaction (an import) streams its features with COPY into a
 *   staging table and moves them into the layer in batches, logging them
 *   as the trigger would (pg-bulk.c).  While a COPY is open the connection
 *   can run nothing else: every statement first calls pg_bulk_flush()
 *   (pg_run, pg_script, pg_cursor_scan, and the few direct libpq calls).
 *   VINFRA_PG_COPY=0 in the environment turns COPY off (row by row, for
 *   comparison).
 *
 * The files, one concern each:
 *   pg-open.c      the connection: names, options, versions, create, open,
 *                  close, transactions, the methods table
 *   pg-sql.c       helpers every file uses (run, fail, cursors)
 *   pg-schema.c    tables, the log trigger, layers the registry gained
 *   pg-features.c  features, projects, imports, exports; edit and delete
 *   pg-bulk.c      a bulk transaction's features streamed with COPY
 *   pg-scan.c      reading layers: features as WKB, points as numbers
 *   pg-log.c       the history table and the content checksum
 *   pg-undo.c      taking a change back
 *   pg-photos.c    photos kept as evidence of features
 *   pg-check.c     the server's checks and the registry's rules on every row
 *   pg-kv.c        bookkeeping beside the data, and a feature's last change
 *   pg-backup.c    pg_dump
 *   pg-roles.c     users and permissions: the policies and grants, the
 *                  users the office adds, the server's refusals in words
 */
#ifndef VINFRA_PG_INT_H
#define VINFRA_PG_INT_H

#include "store-int.h"

#include <libpq-fe.h>

typedef struct pg_roles pg_roles;

typedef struct {
    vi_store base; /* first: a vi_store * is a pg_store * */
    PGconn *conn;
    char *conninfo;       /* as given, for clone_reader() */
    gboolean readonly;    /* opened for reading: every transaction is READ ONLY */
    GHashTable *inserts;  /* layer name -> name of its prepared INSERT */
    int cursors;          /* cursors opened so far (their names) */
    struct pg_bulk *bulk; /* in a bulk transaction, its COPY (pg-bulk.c); else NULL */
    pg_roles *roles;      /* the logged-in role and what it may read (pg-roles.c) */
} pg_store;

static inline pg_store *pg(vi_store *store)
{
    return (pg_store *)store;
}

/* The schema version and application name kept in vinfra_meta. */
#define PG_APPLICATION "vinfra"

/* pg-sql.c */
/* FALSE with ERR: WHAT failed, with the server's message. */
gboolean pg_fail(vi_store *store, GError **err, const char *what);
/* The same for a result R (freed). */
gboolean pg_fail_result(vi_store *store, PGresult *r, GError **err, const char *what);
/* Run SQL (parameters $1.. from PARAMS, text, NULL for null) and return its
 * result, or NULL with ERR (saying WHAT failed).  A statement that writes
 * rows adds their number to the change's log count. */
PGresult *pg_run(vi_store *store, const char *sql, int nparams, const char *const *params,
                 const char *what, GError **err);
/* pg_run() for statements without a result worth keeping. */
gboolean pg_do(vi_store *store, const char *sql, int nparams, const char *const *params,
               const char *what, GError **err);
/* Several statements without parameters (schema made from the
 * registry's identifiers only), as one simple query. */
gboolean pg_script(vi_store *store, const char *sql, const char *what, GError **err);
/* The first column of the first row as an integer (0 when null or none). */
gboolean pg_query_int(vi_store *store, const char *sql, int nparams, const char *const *params,
                      gint64 *out, GError **err);
/* Whether a table (in the search path) exists. */
gboolean pg_table_exists(vi_store *store, const char *table, gboolean *exists, GError **err);
/* Whether SQL (one parameter, P) returns a row. */
gboolean pg_row_exists(vi_store *store, const char *sql, const char *p, gboolean *exists,
                       GError **err);
/* MSG on one line: libpq's and the server's messages come in several
 * ("...failed: FATAL:  database \"x\" does not exist\n\tIs the server..."),
 * each run of blanks and line breaks made one space (caller frees). */
char *pg_one_line(const char *msg);
/* End the open transaction, if any; nothing to report. */
void pg_rollback_quietly(vi_store *store);
/* Count the rows a write affected in the change's log count. */
void pg_count_rows(vi_store *store, PGresult *r);

/* Run the query SQL through a cursor and call ROW_FN for each row of each
 * fetch (the result R and its row number), stopping at the first FALSE.
 * BINARY fetches the values in binary form (bytea as bytes, float8 as 8
 * bytes in network order), which saves the text round trip of millions of
 * coordinates.  Opens a read-only transaction when none is open. */
typedef gboolean (*pg_row_fn)(PGresult *r, int row, void *user, GError **err);
gboolean pg_cursor_scan(vi_store *store, const char *sql, int nparams, const char *const *params,
                        gboolean binary, pg_row_fn row_fn, void *user, GError **err);
/* A binary float8 or int8 value at R, ROW, COL. */
double pg_binary_double(PGresult *r, int row, int col);
gint64 pg_binary_int64(PGresult *r, int row, int col);

/* Text of the value at R, ROW, COL, or NULL when it is null. */
const char *pg_value(PGresult *r, int row, int col);
/* The bytes of a bytea in hex text form (\x...), decoded; caller frees. */
unsigned char *pg_unhex(const char *hex, size_t *len);
/* An integer rendered as text into BUF (for parameters). */
const char *pg_int_text(char buf[32], gint64 v);

/* pg-schema.c */
gboolean pg_create_tables(vi_store *store, GError **err);
gboolean pg_ensure_layer(vi_store *store, const vi_layer *layer, GError **err);
/* The primary key column of a logged table ("fid" for layers). */
const char *pg_table_key(const char *table);

/* pg-features.c */
gboolean pg_feature_insert(vi_store *store, const vi_layer *layer, const vi_feature *f,
                           gint64 import_id, GError **err);
gboolean pg_feature_exists(vi_store *store, const vi_layer *layer, const char *id, gboolean *exists,
                           GError **err);
gint64 pg_feature_count(vi_store *store, const vi_layer *layer, const char *village, GError **err);
gint64 pg_feature_delete_status(vi_store *store, const vi_layer *layer, const char *status,
                                GError **err);
gboolean pg_feature_ids(vi_store *store, const vi_layer *layer, GHashTable *ids, GError **err);
gboolean pg_feature_update(vi_store *store, const vi_layer *layer, const char *id,
                           const char *const *fields, const char *const *values, int n,
                           GError **err);
gboolean pg_feature_delete(vi_store *store, const vi_layer *layer, const char *id, GError **err);
gboolean pg_village_exists(vi_store *store, const char *name, gboolean *exists, GError **err);
gboolean pg_project_insert(vi_store *store, const vi_project *p, gint64 import_id, GError **err);
gboolean pg_project_exists(vi_store *store, const char *id, gboolean *exists, GError **err);
gboolean pg_project_ids(vi_store *store, GHashTable *ids, GError **err);
gboolean pg_import_find(vi_store *store, const char *sha256, gboolean *found, vi_import_info *info,
                        GError **err);
gint64 pg_import_record(vi_store *store, const char *path, const char *layer, const char *sha256,
                        gint64 features, GError **err);
gboolean pg_import_set_count(vi_store *store, gint64 import_id, gint64 features, GError **err);
char *pg_data_date(vi_store *store, GError **err);
gboolean pg_export_record(vi_store *store, const vi_export_record *r, GError **err);

/* The insert's columns of LAYER, "id, village, ... import_id" and its
 * attributes (not geom), and the geometry made from the WKB expression WKB
 * as LAYER's column takes it (ST_Multi for lines and polygons). */
void pg_append_insert_columns(GString *sql, const vi_layer *layer);
void pg_append_geometry(GString *sql, const vi_layer *layer, const char *wkb);

/* pg-bulk.c */
/* Make the coming transaction a bulk one (prepare_bulk()), unless
 * VINFRA_PG_COPY=0 or the role may not make temporary tables;
 * pg_bulk_end() ends it, a COPY still open abandoned (commit has flushed
 * it; rollback throws it away). */
gboolean pg_bulk_start(vi_store *store, GError **err);
void pg_bulk_end(vi_store *store);
/* Whether feature inserts go to pg_bulk_insert(): a bulk transaction is open. */
gboolean pg_bulk_active(vi_store *store);
/* Queue feature F of LAYER for the COPY (counted in ->change_seq now);
 * a refusal may only come at the flush. */
gboolean pg_bulk_insert(vi_store *store, const vi_layer *layer, const vi_feature *f,
                        gint64 import_id, GError **err);
/* End the open COPY, if any, and move its rows into their layer, logged;
 * FALSE with ERR naming the layer (and the feature when the server says
 * which row) and the server's words. */
gboolean pg_bulk_flush(vi_store *store, GError **err);

/* pg-scan.c */
gboolean pg_feature_scan(vi_store *store, const vi_layer *layer, const char *village,
                         vi_feature_fn fn, void *user, GError **err);
gboolean pg_project_scan(vi_store *store, const char *village, vi_project_fn fn, void *user,
                         GError **err);
gboolean pg_point_scan(vi_store *store, const vi_layer *layer, const char *const *columns, int part,
                       int nparts, vi_point_fn fn, void *user, GError **err);
gboolean pg_fid_span(vi_store *store, const vi_layer *layer, gint64 *span, GError **err);

/* pg-log.c */
gboolean pg_history_last(vi_store *store, gint64 *last, GError **err);
gboolean pg_history_insert(vi_store *store, const vi_change *change, gint64 undoes,
                           const char *command_line, const char *checksum_after, GError **err);
gboolean pg_history_scan(vi_store *store, const char *layer, const char *since, vi_history_fn fn,
                         void *user, GError **err);
char *pg_checksum(vi_store *store, GError **err);

/* pg-undo.c */
gboolean pg_undo(vi_store *store, gint64 change_id, vi_undo_result *res, GError **err);

/* pg-photos.c */
gboolean pg_photo_insert(vi_store *store, const vi_photo *p, gint64 import_id, GError **err);
gboolean pg_photo_find(vi_store *store, const char *sha256, gboolean *found, char **where,
                       GError **err);
gboolean pg_photo_scan(vi_store *store, const char *village, const char *layer, gboolean with_jpeg,
                       vi_photo_fn fn, void *user, GError **err);

/* pg-check.c */
gboolean pg_check_engine(vi_store *store, problem_sink *sink, GError **err);
gboolean pg_check_layer(vi_store *store, const vi_layer *layer, problem_sink *sink, GError **err);
gboolean pg_check_projects(vi_store *store, problem_sink *sink, GError **err);

/* pg-kv.c */
gboolean pg_kv_get(vi_store *store, const char *key, char **value, GError **err);
gboolean pg_kv_set(vi_store *store, const char *key, const char *value, GError **err);
gboolean pg_kv_scan(vi_store *store, const char *prefix, vi_kv_fn fn, void *user, GError **err);
gboolean pg_feature_last_change(vi_store *store, const vi_layer *layer, const char *id, char **user,
                                char **at, GError **err);

/* pg-backup.c */
gboolean pg_backup(vi_store *store, const char *partial, const char *dest, char **checksum,
                   GError **err);

/* pg-roles.c */
/* The users table, its owner as the first office user, and the policies
 * of every table, in the transaction that creates the database. */
gboolean pg_roles_install(vi_store *store, GError **err);
/* Learn who the logged-in role is (at open, before any statement can
 * fail: a refusal is explained after its transaction has failed). */
gboolean pg_roles_load(vi_store *store, GError **err);
void pg_roles_free(vi_store *store);
/* Whether the database has users and policies (one made before vinfra
 * had them has neither). */
gboolean pg_roles_installed(vi_store *store);
/* Whether the logged-in role may read COLUMN of TABLE: a scan reads NULL
 * instead of a column it may not. */
gboolean pg_may_read(vi_store *store, const char *table, const char *column);
/* The policies of LAYER's table, and every user's grants on it, after the
 * table was made or gained columns. */
gboolean pg_roles_secure_layer(vi_store *store, const vi_layer *layer, GError **err);
/* ERR for a statement the server refused to the role (SQLSTATE 42501:
 * a grant or a policy): WHAT was refused, MSG the server's words. */
void pg_roles_refusal(vi_store *store, const char *what, const char *msg, GError **err);
/* FALSE with ERR for feature ID of LAYER, which the role sees but which
 * its UPDATE or DELETE (DELETING) did not touch: a policy hid it. */
gboolean pg_roles_refuse_row(vi_store *store, const vi_layer *layer, const char *id,
                             gboolean deleting, GError **err);
/* FALSE with ERR unless the logged-in role may undo (the office: undo
 * reads the old rows of the change log and marks the history). */
gboolean pg_roles_may_undo(vi_store *store, GError **err);
gboolean pg_user_add(vi_store *store, const char *name, const char *role, const char *village,
                     gboolean *created, GError **err);
gboolean pg_user_list(vi_store *store, vi_user_fn fn, void *user, GError **err);
gboolean pg_user_remove(vi_store *store, const char *name, gboolean *dropped, GError **err);
gboolean pg_personal_readable(vi_store *store, const vi_layer *layer, GError **err);

#endif
