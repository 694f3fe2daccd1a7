/*
 * sl-photos.c - the photos table of a SpatiaLite database (store.h,
 * "photos"): photos kept as evidence of the features they show.
 *
 * Design notes:
 * - The table is made with the first photo (CREATE TABLE IF NOT EXISTS in
 *   the change that stores it), so databases made before it need no
 *   upgrade, and an empty table counts for nothing in the content checksum
 *   (sl_photo_hash()): a change that made the table and was undone leaves
 *   the checksum it had before.
 * - A photo names its feature by the layer and the feature's fid, which is
 *   never reused, so an edit of the feature's id keeps the photo on it.
 * - Its id is AUTOINCREMENT: a photo row undo removed never gives its id to
 *   a later photo, as undo's dependency check compares rows by id.
 * - Attaching a photo to a feature written by an earlier change logs that
 *   feature as updated (its content unchanged): undo of the earlier change
 *   is then refused until the attach is undone, instead of leaving a photo
 *   of a feature that is gone.
 */
#include "sl-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

static const char photos_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS photos (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " sha256 TEXT NOT NULL UNIQUE, file TEXT NOT NULL, layer TEXT, feature_fid INTEGER,"
    " taken_at TEXT, lon REAL, lat REAL, direction REAL, make TEXT, model TEXT,"
    " width INTEGER NOT NULL, height INTEGER NOT NULL, original_bytes INTEGER NOT NULL,"
    " original_width INTEGER NOT NULL, original_height INTEGER NOT NULL,"
    " jpeg BLOB NOT NULL, import_id INTEGER,"
    " added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX IF NOT EXISTS photos_feature ON photos(layer, feature_fid);";

/* The fid of feature ID of LAYER into *FID (0 when there is none). */
static gboolean feature_fid(vi_store *store, const char *layer, const char *id, gint64 *fid,
                            GError **err)
{
    *fid = 0;
    if (!store_is_identifier(layer)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("unknown layer \"%s\""), layer);
        return FALSE;
    }
    char *sql = g_strdup_printf("SELECT fid FROM \"%s\" WHERE id=?", layer);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *fid = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TRUE
                                                 : sl_fail(store, err, _("cannot read a feature"));
}

/* Log feature FID of LAYER as touched by the open change, unless the change
 * already logged it (a feature it inserted: undo deletes it anyway). */
static gboolean touch_feature(vi_store *store, const char *layer, gint64 fid, GError **err)
{
    if (!store->change_id)
        return TRUE;
    if (!sl_log_flush(store, err))
        return FALSE;
    sqlite3_stmt *st = sl_prepare(
        store, "SELECT 1 FROM change_log WHERE change_id=? AND tbl=? AND row=? LIMIT 1", err);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, store->change_id);
    sqlite3_bind_text(st, 2, layer, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, fid);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return TRUE;
    if (rc != SQLITE_DONE)
        return sl_fail(store, err, _("cannot read the change log"));
    return sl_log_change(store, layer, fid, "update", err);
}

gboolean sl_photo_insert(vi_store *store, const vi_photo *p, gint64 import_id, GError **err)
{
    gint64 fid = 0;
    if (!sl_exec(store, photos_schema_sql, err))
        return FALSE;
    if (p->layer) {
        if (!feature_fid(store, p->layer, p->feature_id, &fid, err))
            return FALSE;
        if (!fid) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("no %s feature \"%s\" in '%s'"), p->layer,
                        p->feature_id, store->path);
            return FALSE;
        }
        if (!touch_feature(store, p->layer, fid, err))
            return FALSE;
    }
    sqlite3_stmt *st = sl_prepare(
        store,
        "INSERT INTO photos (sha256, file, layer, feature_fid, taken_at, lon, lat, direction,"
        " make, model, width, height, original_bytes, original_width, original_height, jpeg,"
        " import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
        " ?16, ?17)",
        err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, p->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->file, -1, SQLITE_STATIC);
    sl_bind_text(st, 3, p->layer);
    sl_bind_int(st, 4, fid);
    sl_bind_text(st, 5, p->taken_at);
    if (p->located) {
        sqlite3_bind_double(st, 6, p->lon);
        sqlite3_bind_double(st, 7, p->lat);
    }
    if (p->has_direction)
        sqlite3_bind_double(st, 8, p->direction);
    sl_bind_text(st, 9, p->make);
    sl_bind_text(st, 10, p->model);
    sqlite3_bind_int(st, 11, p->width);
    sqlite3_bind_int(st, 12, p->height);
    sqlite3_bind_int64(st, 13, p->original_bytes);
    sqlite3_bind_int(st, 14, p->original_width);
    sqlite3_bind_int(st, 15, p->original_height);
    sqlite3_bind_blob64(st, 16, p->jpeg, p->jpeg_size, SQLITE_STATIC);
    sl_bind_int(st, 17, import_id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sl_fail(store, err, _("cannot store a photo"));
    return sl_log_change(store, "photos", sqlite3_last_insert_rowid(sl(store)->db), "insert", err);
}

/* The columns photo_row() reads, in order: the JPEG's size without its
 * bytes.  A scan with the bytes adds jpeg (column 18). */
#define PHOTO_COLUMNS                                                                              \
    "id, sha256, file, layer, feature_fid, taken_at, lon, lat, direction, make, model, width,"     \
    " height, original_bytes, original_width, original_height, length(jpeg), added_at"

/* What a scan knows of a photo's feature: its id and village, read by one
 * statement per layer (kept in STMTS, layer -> sqlite3_stmt *). */
typedef struct {
    const char *village, *layer;
    gboolean with_jpeg;
    vi_photo_fn fn;
    void *user;
    GHashTable *stmts;
} photo_scan;

static void finalize_stmt(gpointer st)
{
    sqlite3_finalize(st);
}

/* The id and village of feature FID of LAYER (borrowed from the cached
 * statement, valid until its next use); both NULL when it is gone. */
static gboolean feature_of(vi_store *store, photo_scan *scan, const char *layer, gint64 fid,
                           const char **id, const char **village, GError **err)
{
    *id = *village = NULL;
    if (!store_is_identifier(layer))
        return TRUE;
    sqlite3_stmt *st = g_hash_table_lookup(scan->stmts, layer);
    if (!st) {
        gboolean exists = FALSE;
        if (!sl_table_exists(store, layer, &exists, err))
            return FALSE;
        if (!exists)
            return TRUE;
        const vi_layer *l = registry_layer(store->reg, layer);
        gboolean is_villages = l && strcmp(l->name, VI_LAYER_VILLAGES) == 0;
        char *sql = g_strdup_printf("SELECT id, %s FROM \"%s\" WHERE fid=?",
                                    is_villages ? "name" : "village", layer);
        st = sl_prepare(store, sql, err);
        g_free(sql);
        if (!st)
            return FALSE;
        g_hash_table_insert(scan->stmts, g_strdup(layer), st);
    }
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, fid);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *id = sl_text(st, 0);
        *village = sl_text(st, 1);
    }
    return TRUE;
}

static gboolean photo_row(vi_store *store, sqlite3_stmt *st, void *ctx, GError **err)
{
    photo_scan *scan = ctx;
    vi_photo p = {
        .id = sqlite3_column_int64(st, 0),
        .sha256 = sl_text(st, 1),
        .file = sl_text(st, 2),
        .layer = sl_text(st, 3),
        .taken_at = sl_text(st, 5),
        .located = sqlite3_column_type(st, 6) != SQLITE_NULL,
        .lon = sqlite3_column_double(st, 6),
        .lat = sqlite3_column_double(st, 7),
        .has_direction = sqlite3_column_type(st, 8) != SQLITE_NULL,
        .direction = sqlite3_column_double(st, 8),
        .make = sl_text(st, 9),
        .model = sl_text(st, 10),
        .width = sqlite3_column_int(st, 11),
        .height = sqlite3_column_int(st, 12),
        .original_bytes = sqlite3_column_int64(st, 13),
        .original_width = sqlite3_column_int(st, 14),
        .original_height = sqlite3_column_int(st, 15),
        .jpeg_size = (size_t)sqlite3_column_int64(st, 16),
        .added_at = sl_text(st, 17),
    };
    if (scan->with_jpeg)
        p.jpeg = sqlite3_column_blob(st, 18);
    if (p.layer && !feature_of(store, scan, p.layer, sqlite3_column_int64(st, 4), &p.feature_id,
                               &p.village, err))
        return FALSE;
    if (scan->layer && g_strcmp0(scan->layer, p.layer) != 0)
        return TRUE;
    if (scan->village && g_strcmp0(scan->village, p.village) != 0)
        return TRUE;
    return scan->fn(&p, scan->user, err);
}

gboolean sl_photo_scan(vi_store *store, const char *village, const char *layer, gboolean with_jpeg,
                       vi_photo_fn fn, void *user, GError **err)
{
    gboolean exists = FALSE;
    if (!sl_table_exists(store, "photos", &exists, err))
        return FALSE;
    if (!exists)
        return TRUE;
    sqlite3_stmt *st =
        sl_prepare(store,
                   with_jpeg ? "SELECT " PHOTO_COLUMNS ", jpeg FROM photos ORDER BY id"
                             : "SELECT " PHOTO_COLUMNS " FROM photos ORDER BY id",
                   err);
    photo_scan scan = {
        village, layer, with_jpeg,
        fn,      user,  g_hash_table_new_full(g_str_hash, g_str_equal, g_free, finalize_stmt)};
    gboolean ok = sl_scan(store, st, photo_row, &scan, _("cannot read the photos"), err);
    g_hash_table_destroy(scan.stmts);
    return ok;
}

/* The photo found by sl_photo_find(): its description. */
static gboolean describe_found(const vi_photo *p, void *user, GError **err)
{
    (void)err;
    char **where = user;
    if (!*where)
        *where =
            !p->layer ? g_strdup(p->file)
            : p->feature_id
                ? g_strdup_printf(_("%s (%s feature \"%s\")"), p->file, p->layer, p->feature_id)
                : g_strdup_printf(_("%s (%s feature \"deleted\")"), p->file, p->layer);
    return TRUE;
}

gboolean sl_photo_find(vi_store *store, const char *sha256, gboolean *found, char **where,
                       GError **err)
{
    *found = FALSE;
    gboolean exists = FALSE;
    if (!sl_table_exists(store, "photos", &exists, err))
        return FALSE;
    if (!exists)
        return TRUE;
    if (!sl_row_exists(store, "SELECT 1 FROM photos WHERE sha256=?", sha256, found,
                       _("cannot read the photos"), err))
        return FALSE;
    if (!*found || !where)
        return TRUE;
    /* A scan is slower than one lookup, but a found photo is rare: it is
     * the refusal of a file stored before. */
    char *text = NULL;
    sqlite3_stmt *st =
        sl_prepare(store, "SELECT " PHOTO_COLUMNS " FROM photos WHERE sha256=?", err);
    if (st)
        sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    photo_scan scan = {
        NULL,  NULL,
        FALSE, describe_found,
        &text, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, finalize_stmt)};
    gboolean ok = sl_scan(store, st, photo_row, &scan, _("cannot read the photos"), err);
    g_hash_table_destroy(scan.stmts);
    *where = text;
    return ok;
}

gboolean sl_photo_hash(vi_store *store, GChecksum *sum, GError **err)
{
    gboolean exists = FALSE;
    gint64 n = 0;
    if (!sl_table_exists(store, "photos", &exists, err))
        return FALSE;
    if (!exists)
        return TRUE;
    if (!sl_query_int(store, "SELECT count(*) FROM photos", &n, err))
        return FALSE;
    if (n == 0)
        return TRUE;
    g_checksum_update(sum, (const guchar *)"photos", 7);
    sqlite3_stmt *st = sl_prepare(store, "SELECT * FROM photos ORDER BY id", err);
    gboolean ok = st && sl_hash_rows(store, st, sum, err);
    sqlite3_finalize(st);
    return ok;
}
