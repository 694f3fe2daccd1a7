/*
 * store.h - the spatial database.  Every SQL statement vinfra runs lives in
 * the store module (src/store/); no other module includes SQLite's header,
 * and no caller knows which backend a vi_store is: a database is opened by
 * a name, and the name picks the backend (store-int.h), through whose
 * methods table every function below that touches the database goes.
 * Today every name is a file path and the backend is SpatiaLite
 * (src/store/spatialite/); a PostGIS backend will take "postgresql://"
 * names behind the same functions.
 *
 * The SpatiaLite store is one file: WAL journal, foreign keys on, a schema
 * version checked on open.  Each registry layer is one table with the common
 * asset columns (id, village, name, status, year, project), the layer's
 * attributes, and a geometry column "geom" in CGCS2000 (EPSG:4490) with a
 * SpatiaLite R*Tree index kept in sync by SpatiaLite's triggers.  Lines and
 * polygons are stored as MULTI geometries, points as POINT.
 *
 * Geometry crosses this interface as ISO WKB, 2D, longitude/latitude.
 */
#ifndef VINFRA_STORE_H
#define VINFRA_STORE_H

#include "feature.h"
#include "lang.h"
#include "registry.h"
#include <glib.h>
#include <stddef.h>

#define VI_STORE_SCHEMA_VERSION 1
#define VI_STORE_SRID 4490

typedef struct vi_store vi_store;

/* Callbacks return FALSE (and set ERR) to stop a scan with an error. */
typedef gboolean (*vi_feature_fn)(const vi_feature *f, void *user, GError **err);
typedef gboolean (*vi_project_fn)(const vi_project *p, void *user, GError **err);

/* The database path from --db, else $VINFRA_DB, else ./vinfra.sqlite (not freed). */
const char *store_default_path(const char *cli_path);

/* Create a new database named NAME (a file path) with a table for every
 * registry layer.  Fails if it exists.  A name with a URI scheme no backend
 * knows ("foo://x") fails with a usage error. */
vi_store *store_create(const char *name, const vi_registry *reg, GError **err);
/* Open an existing vinfra database; checks it is one and of this schema version. */
vi_store *store_open(const char *name, const vi_registry *reg, gboolean readonly, GError **err);
/* What keeps the database NAME from being opened (for writing unless
 * READONLY): a folder, a file or folder without the permissions needed,
 * said plainly before the open would say it less clearly.  TRUE when
 * nothing does (a database that is not there is store_open()'s to say). */
gboolean store_check_access(const char *name, gboolean readonly, GError **err);
/* A second, read-only store on the same database and registry, for reading
 * on another thread while STORE is used on this one (a store is used by one
 * thread at a time).  Close it with store_close(). */
vi_store *store_clone_reader(vi_store *store, GError **err);
/* Accepts NULL. */
void store_close(vi_store *store);
const char *store_path(const vi_store *store);
/* The database as a map's footer names it for people: the file's name
 * ("lantian.sqlite"), or the server database's ("lantian (PostgreSQL)").
 * Caller frees. */
char *store_source_name(vi_store *store);
const vi_registry *store_registry(const vi_store *store);

/* One transaction; store_rollback() is safe to call when none is open. */
gboolean store_begin(vi_store *store, GError **err);
gboolean store_commit(vi_store *store, GError **err);
void store_rollback(vi_store *store);

/* Create the layer's table if the database predates the registry row, and add
 * attribute columns the registry gained since.  Needs a writable store. */
gboolean store_ensure_layer(vi_store *store, const vi_layer *layer, GError **err);

/* Insert one feature.  IMPORT_ID is the import it came from, or 0. */
gboolean store_feature_insert(vi_store *store, const vi_layer *layer, const vi_feature *f,
                              gint64 import_id, GError **err);
/* Sets *EXISTS to whether a feature with ID is in LAYER. */
gboolean store_feature_exists(vi_store *store, const vi_layer *layer, const char *id,
                              gboolean *exists, GError **err);
/* Call FN for every feature of LAYER (only those of VILLAGE when not NULL), in
 * insertion order.  A layer whose table does not exist yet is empty. */
gboolean store_feature_scan(vi_store *store, const vi_layer *layer, const char *village,
                            vi_feature_fn fn, void *user, GError **err);
/* Number of features in LAYER (of VILLAGE when not NULL); -1 on error. */
gint64 store_feature_count(vi_store *store, const vi_layer *layer, const char *village,
                           GError **err);
/* Delete features of LAYER with the given status (e.g. "planned"); returns how many, -1 on error. */
gint64 store_feature_delete_status(vi_store *store, const vi_layer *layer, const char *status,
                                   GError **err);

gboolean store_project_insert(vi_store *store, const vi_project *p, gint64 import_id, GError **err);
gboolean store_project_exists(vi_store *store, const char *id, gboolean *exists, GError **err);
/* Projects of VILLAGE (all projects, county-level included, when NULL). */
gboolean store_project_scan(vi_store *store, const char *village, vi_project_fn fn, void *user,
                            GError **err);

/* Import bookkeeping: a file is recognised by the SHA-256 of its content. */
typedef struct {
    gint64 id;
    char *path, *layer, *imported_at; /* owned; free with store_import_info_clear() */
    gint64 features;
} vi_import_info;
/* Sets *FOUND; when found, fills INFO. */
gboolean store_import_find(vi_store *store, const char *sha256, gboolean *found,
                           vi_import_info *info, GError **err);
void store_import_info_clear(vi_import_info *info);
/* Record an import; returns its id, or 0 with ERR set. */
gint64 store_import_record(vi_store *store, const char *path, const char *layer, const char *sha256,
                           gint64 features, GError **err);
/* Set the feature count of an import recorded before its features were written. */
gboolean store_import_set_count(vi_store *store, gint64 import_id, gint64 features, GError **err);

/* history
 *
 * Every change to the database is one write transaction (store_begin() ..
 * store_commit()) and one row of the history: time, OS user, host, the full
 * command line, the action, the layer, rows added/changed/deleted (counted
 * from the change log), the SHA-256 of the source file, the vinfra version,
 * and the content checksum (store_checksum()) before and after.  The store
 * logs every row a change inserts, updates or deletes (with the old content
 * of updated and deleted rows) so that store_undo() can reverse it exactly.
 *
 * A command that changes the database, or exports personal data from it,
 * calls store_history_record() inside its transaction, before
 * store_commit(); store_commit() refuses a transaction that changed rows
 * without recording it.  An export, which changes no rows, does:
 *
 *     store_begin(store, err) &&
 *     store_history_record(store, &(vi_change){.action = "export", .layer = "households",
 *                          .detail = "'out.gpkg' with personal data", .exported = n,
 *                          .source_sha256 = sha_of_out}, err) &&
 *     store_commit(store, err)
 */
typedef struct {
    const char *action;        /* init, import, ledger, plan, edit, delete, undo, export */
    const char *layer;         /* the layer (or "projects") concerned, or NULL */
    const char *source_sha256; /* SHA-256 of the file read (import) or written (export), or NULL */
    const char *detail;        /* one line for people: the file, the fields set, ...; or NULL */
    gint64 exported;           /* rows that left the database (export); 0 otherwise */
} vi_change;

/* The command line recorded with every change (main.c sets it once). */
void store_set_invocation(int argc, char *const *argv);
/* Record SHOWN instead of ARG wherever the command line holds ARG as an
 * argument or as an option's attached value (--set=ARG, -sARG): a command
 * hides the personal values it was given. */
void store_invocation_hide(const char *arg, const char *shown);
/* Record CHANGE, made in the open transaction, in the history. */
gboolean store_history_record(vi_store *store, const vi_change *change, GError **err);
/* The name of a history action (init, import, edit, ...) in the language of
 * the session; unknown actions as they are. */
const char *store_action_name(const char *action);
/* The id the change of the open transaction gets in the history (0 outside one). */
gint64 store_change_id(const vi_store *store);

/* One history row; strings borrowed, valid during the callback.  UNDOES and
 * UNDONE_BY are change ids, 0 for none. */
typedef struct {
    gint64 id;
    const char *at; /* UTC, 2026-11-29T08:00:00Z */
    const char *user, *host, *command_line, *action, *layer, *source_sha256, *detail, *version;
    const char *checksum_before; /* NULL for init */
    const char *checksum_after;
    gint64 added, changed, deleted, exported, undoes, undone_by;
} vi_history_entry;
typedef gboolean (*vi_history_fn)(const vi_history_entry *h, void *user, GError **err);
/* Call FN for every change, oldest first: of LAYER only when not NULL, and
 * at or after SINCE (an ISO date or time, UTC) when not NULL. */
gboolean store_history_scan(vi_store *store, const char *layer, const char *since, vi_history_fn fn,
                            void *user, GError **err);

/* The content checksum: SHA-256 over every row of the layer tables, imports
 * and projects, in table name and primary key order (64 hex digits, caller
 * frees); NULL with ERR on failure. */
char *store_checksum(vi_store *store, GError **err);

typedef struct {
    gint64 undone;                      /* the change taken back */
    gint64 recorded_as;                 /* the history id of the undo */
    char *action, *layer;               /* of the change taken back (owned) */
    gint64 removed, reverted, restored; /* rows deleted, set back, put back */
} vi_undo_result;
/* Reverse change CHANGE_ID (0: the latest change in effect that changed data
 * and is not an undo) in one transaction, recorded as an "undo" change.
 * Refuses when the database was changed outside vinfra since the last
 * change, when the change is init, already undone or changed nothing, and
 * when a later change in effect touched a row it touched.  Verifies that
 * every row it touched is back as logged, and, when no later change
 * changed data, that the content checksum is the one recorded before it. */
gboolean store_undo(vi_store *store, gint64 change_id, vi_undo_result *res, GError **err);
void vi_undo_result_clear(vi_undo_result *res);

/* edit */
/* Set fields of feature ID of LAYER: FIELDS[i] (village, name, status,
 * year, project, an attribute, or "geom" with the ISO WKB in hex) to
 * VALUES[i] (text; NULL for null; integer and real attributes and year
 * are stored as numbers).  The values
 * must be checked by the caller (edit.c); the store only maps them. */
gboolean store_feature_update(vi_store *store, const vi_layer *layer, const char *id,
                              const char *const *fields, const char *const *values, int n,
                              GError **err);
gboolean store_feature_delete(vi_store *store, const vi_layer *layer, const char *id, GError **err);
gboolean store_village_exists(vi_store *store, const char *name, gboolean *exists, GError **err);

/* The change that last touched feature ID of LAYER (still there or
 * deleted): who made it and when (UTC), each NULL when no change names it.
 * Caller frees both. */
gboolean store_feature_last_change(vi_store *store, const vi_layer *layer, const char *id,
                                   char **user, char **at, GError **err);

/* Bookkeeping kept beside the data (an offline copy's base and server, a
 * server's pushes): KEY -> VALUE text, outside the content checksum and
 * the change log, written in the caller's transaction when one is open.
 * store_kv_get() sets *VALUE to NULL when KEY is not set (caller frees);
 * store_kv_set() with a NULL VALUE removes KEY. */
gboolean store_kv_get(vi_store *store, const char *key, char **value, GError **err);
gboolean store_kv_set(vi_store *store, const char *key, const char *value, GError **err);
/* Call FN for every key that starts with PREFIX, in key order. */
typedef gboolean (*vi_kv_fn)(const char *key, const char *value, void *user, GError **err);
gboolean store_kv_scan(vi_store *store, const char *prefix, vi_kv_fn fn, void *user, GError **err);

/* check */
typedef void (*vi_problem_fn)(const char *problem, void *user);
/* Check without changing anything: SQLite's integrity check, foreign keys,
 * SpatiaLite's CheckSpatialIndex of every layer, and the registry's rules
 * for every row (statuses, years, villages and projects that exist,
 * required fields, types, allowed values, geometry type, SRID, validity).
 * Calls FN with each problem found (English, "roads: feature "R-03" (fid 3):
 * field ..."), sets *PROBLEMS to their number.  FALSE only when the check
 * itself could not run. */
gboolean store_check(vi_store *store, vi_problem_fn fn, void *user, gint64 *problems, GError **err);

/* backup */
/* Copy the database to the file DEST (which must not exist) through the
 * backend's backup (SQLite's backup API; pg_dump's custom format for a
 * server database, restored with pg_restore): a consistent copy even
 * while others write.  DEST is complete or absent.  *CHECKSUM (owned) is
 * the content checksum of what the copy holds, read back from it. */
gboolean store_backup(vi_store *store, const char *dest, char **checksum, GError **err);
/* The name of the network filesystem with statfs() magic F_TYPE (nfs, cifs,
 * 9p, ...), or NULL for a local one.  The store refuses to open a database
 * on a network filesystem, where SQLite's locking does not work. */
const char *store_network_fs_name(long f_type);

/* import */
/* Add the id of every feature of LAYER to IDS (a set of owned strings, made
 * with g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)).  One
 * query, so an import checks tens of thousands of ids against the store
 * without a lookup each. */
gboolean store_feature_ids(vi_store *store, const vi_layer *layer, GHashTable *ids, GError **err);
/* Add the id of every project of the ledger to IDS (as above). */
gboolean store_project_ids(vi_store *store, GHashTable *ids, GError **err);
/* store_begin() for writing many rows: keeps statement journals (one per
 * INSERT, because of the spatial index triggers) in memory instead of temp
 * files, which more than halves the time of a 50,000-feature import. */
gboolean store_begin_bulk(vi_store *store, GError **err);

/* coverage */
/* One row of store_point_scan(): the point's longitude and latitude and the
 * text of the requested columns (borrowed, valid during the call; NULL for null). */
typedef gboolean (*vi_point_fn)(double lon, double lat, const char *const *values, void *user,
                                GError **err);
/* Call FN for every feature of the point layer LAYER, in insertion order,
 * with its coordinates as numbers and the values of COLUMNS (NULL-terminated:
 * common fields such as "id", "village", "status", or attributes of LAYER).
 * Reading two numbers instead of WKB loads millions of households in a
 * fraction of the time.  A layer whose table does not exist yet is empty.
 * With NPARTS > 1, only the features of slice PART (0-based) of NPARTS equal
 * slices of the layer's fids: one store per slice (store_clone_reader())
 * can read a large layer on several processors, and the slices in order are
 * the layer. */
gboolean store_point_scan(vi_store *store, const vi_layer *layer, const char *const *columns,
                          int part, int nparts, vi_point_fn fn, void *user, GError **err);
/* Sets *SPAN to the last fid of LAYER minus the first plus one (at least its
 * feature count; 0 when empty). */
gboolean store_fid_span(vi_store *store, const vi_layer *layer, gint64 *span, GError **err);

/* as of a year
 *
 * After store_set_as_of(STORE, YEAR), every read of features, projects
 * and photos through this interface (store_feature_scan(),
 * store_feature_count(), store_point_scan(), store_project_scan(),
 * store_photo_scan(), and the same of the store's clones) sees the world
 * as it stood at the end of YEAR:
 *  - a layer without statuses (villages, households) is read whole: it is
 *    not work the programme did;
 *  - in a layer with statuses, a feature of a status of kind planned
 *    (data/statuses.tsv) never stood; one of YEAR or before, or without a
 *    year, stood as it is; one of a later year stood only when its status
 *    names what it "was" before that work (statuses.tsv: a road widened
 *    later was an existing road), and is read so, without year or project;
 *  - projects of the ledger count when of YEAR or before, or without a year;
 *  - photos when their camera dated them in YEAR or before.
 * Features without a year whose status is not of kind existing (works the
 * programme did, of an unknown year) and projects without one are
 * remembered as they are read, for store_as_of_note().  YEAR 0 reads
 * today's world again (what was remembered is kept).  Fails only when
 * statuses.tsv cannot be read.  A write (insert, update) is never filtered. */
gboolean store_set_as_of(vi_store *store, int year, GError **err);
/* The year set by store_set_as_of(), 0 for today. */
int store_as_of(const vi_store *store);
/* "as of the end of 2018" in LANG (caller frees), for a report's title. */
char *store_as_of_phrase(int year, vi_lang lang);
/* What a report as of a year says of the works read without a year, in
 * LANG: "2 works have no year and are counted as standing before the
 * programme: roads; streetlights (40)" (the ids of a layer when
 * few, else their number), of everything read as of any year since the
 * store was opened; NULL when there were none.  Caller frees. */
char *store_as_of_note(vi_store *store, vi_lang lang);

/* render */
/* The date (YYYY-MM-DD, UTC) of the last import, or NULL when nothing was
 * imported (ERR unset) or on error (ERR set).  Caller frees. */
char *store_data_date(vi_store *store, GError **err);

/* export */
/* One package written by vinfra export, as recorded in the exports table. */
typedef struct {
    const char *profile;
    const char *village; /* NULL: every village */
    const char *format, *crs, *encoding;
    const char *path; /* the package folder */
    gint64 features;
    gboolean include_personal; /* personal fields were written */
} vi_export_record;
/* Record an export, with the current UTC time, in the exports table (created
 * on first use, so databases made before it need no upgrade).  Needs a
 * writable store; runs in the caller's transaction when one is open. */
gboolean store_export_record(vi_store *store, const vi_export_record *r, GError **err);

/* photos
 *
 * Photos taken as evidence of an asset (acceptance inspections, 验收) are
 * kept in the database, each once (by the SHA-256 of the file as read),
 * with what its EXIF says and the feature it shows.  The stored bytes are
 * the original JPEG, or a copy scaled to VI_PHOTO_MAX_SIDE pixels on its
 * longest side when it is larger (import-photo.c).  The table is created
 * with the first photo; its rows are logged like every other row, so that
 * undo of an import or attach takes the photos back, and attaching a photo
 * to a feature an earlier change wrote logs that feature as touched, so the
 * earlier change cannot be undone under the photo. */
#define VI_PHOTO_MAX_SIDE 1600
typedef struct {
    gint64 id;                 /* set by a scan; ignored by store_photo_insert() */
    const char *sha256;        /* of the file as read */
    const char *file;          /* its name, without folders */
    const unsigned char *jpeg; /* the stored JPEG (NULL in a scan without bytes) */
    size_t jpeg_size;
    int width, height;     /* of the stored JPEG */
    gint64 original_bytes; /* size of the file */
    int original_width, original_height;
    const char *taken_at; /* EXIF DateTimeOriginal as 2026-05-01T10:00:00 (camera's
                                 * local time), or NULL */
    gboolean located;     /* LON, LAT (WGS 84, from EXIF GPS) are set */
    double lon, lat;
    gboolean has_direction; /* DIRECTION (degrees from north, EXIF GPSImgDirection) */
    double direction;
    const char *make, *model; /* camera, or NULL */
    const char *layer;        /* the feature shown: layer and feature id, or NULL */
    const char *feature_id;
    const char *village;  /* set by a scan: the feature's village, or NULL */
    const char *added_at; /* set by a scan: UTC time it was stored */
} vi_photo;
typedef gboolean (*vi_photo_fn)(const vi_photo *p, void *user, GError **err);
/* Store photo P (attached to feature P->feature_id of P->layer when set,
 * which must exist) in the open change; IMPORT_ID is its import, or 0. */
gboolean store_photo_insert(vi_store *store, const vi_photo *p, gint64 import_id, GError **err);
/* Sets *FOUND to whether a photo with SHA256 is stored; when found and
 * WHERE is not NULL, *WHERE is its file and feature, "IMG_1.jpg (roads
 * feature \"R-03\")" (caller frees). */
gboolean store_photo_find(vi_store *store, const char *sha256, gboolean *found, char **where,
                          GError **err);
/* Call FN for every photo (of features of VILLAGE, of LAYER, when not
 * NULL), oldest first; with the JPEG bytes when WITH_JPEG. */
gboolean store_photo_scan(vi_store *store, const char *village, const char *layer,
                          gboolean with_jpeg, vi_photo_fn fn, void *user, GError **err);

/* users and permissions (server databases)
 *
 * On a server database every person or team logs in as a role of its own,
 * and the server decides what each may do: the district office reads and
 * writes everything; a village's work team reads every village's layers
 * but writes only its own village's features and projects; a county
 * bureau only reads (and records the exports it takes).  Personal fields
 * (registry attributes marked personal) are read by the office only.  A
 * SpatiaLite file has no users (whoever may open the file may do
 * everything): these functions refuse on it with VI_ERROR_USAGE, but
 * store_personal_readable(), which allows.
 */
typedef struct {
    const char *name;     /* the login role */
    const char *role;     /* "office", "team" or "bureau" */
    const char *village;  /* a team's village; NULL otherwise */
    const char *added_at; /* UTC, 2026-11-29T08:00:00Z */
    const char *added_by; /* the role that added it */
    gboolean can_login;   /* the login role exists and may log in */
} vi_user;
typedef gboolean (*vi_user_fn)(const vi_user *u, void *user, GError **err);
/* In the open change: make NAME a user with ROLE (office, team, bureau;
 * VILLAGE for a team, which must exist), creating its login role (without
 * a password) when there is none (*CREATED tells), and grant it what ROLE
 * may do. */
gboolean store_user_add(vi_store *store, const char *name, const char *role, const char *village,
                        gboolean *created, GError **err);
/* Call FN for every user: the office first, then the teams by village,
 * then the bureaus. */
gboolean store_user_list(vi_store *store, vi_user_fn fn, void *user, GError **err);
/* In the open change: revoke every right user NAME has on the database,
 * and drop its login role when 'users add' created it and nothing else
 * still uses it (*DROPPED tells). */
gboolean store_user_remove(vi_store *store, const char *name, gboolean *dropped, GError **err);
/* TRUE when the logged-in role may read the personal fields of LAYER (or
 * LAYER has none); FALSE with ERR naming the role and the fields when it
 * may not. */
gboolean store_personal_readable(vi_store *store, const vi_layer *layer, GError **err);

#endif
