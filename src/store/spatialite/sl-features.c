/*
 * sl-features.c - writing and looking up the rows of the store: the
 * features of a layer, the projects of the ledger, the imports (a file is
 * recognised by its SHA-256) and the exports.  Every row written is logged
 * for undo (sl-log.c), with a fid never used before (fresh_rowid()).
 */
#include "sl-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

static sqlite3_stmt *insert_stmt(vi_store *store, const vi_layer *layer, GError **err)
{
    sqlite3_stmt *st = g_hash_table_lookup(sl(store)->inserts, layer->name);
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    GString *sql = g_string_new(NULL);
    g_string_append_printf(sql,
                           "INSERT INTO \"%s\" (id, village, name, status, year, project,"
                           " import_id, geom",
                           layer->name);
    for (int i = 0; i < layer->nattrs; i++)
        g_string_append_printf(sql, ", \"%s\"", layer->attrs[i]->name);
    if (layer->geometry == VI_GEOM_POINT)
        g_string_append_printf(sql, ") VALUES (?, ?, ?, ?, ?, ?, ?, GeomFromWKB(?, %d)",
                               VI_STORE_SRID);
    else
        g_string_append_printf(
            sql, ") VALUES (?, ?, ?, ?, ?, ?, ?, CastToMulti(GeomFromWKB(?, %d))", VI_STORE_SRID);
    for (int i = 0; i < layer->nattrs; i++)
        g_string_append(sql, ", ?");
    g_string_append(sql, ")");
    /* The fid goes last (NULL: SQLite's next rowid), after the attributes. */
    g_string_insert(sql, strstr(sql->str, ") VALUES") - sql->str, ", fid");
    g_string_insert(sql, sql->len - 1, ", ?");
    if (sqlite3_prepare_v3(sl(store)->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
        SQLITE_OK) {
        g_string_free(sql, TRUE);
        sl_fail(store, err, _("cannot prepare an insert"));
        return NULL;
    }
    g_string_free(sql, TRUE);
    g_hash_table_insert(sl(store)->inserts, g_strdup(layer->name), st);
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
    if (store->change_id && sl(store)->fid_change == store->change_id &&
        strcmp(sl(store)->fid_layer, table) == 0)
        return TRUE;
    if (!sl_log_flush(store, err))
        return FALSE;
    char *sql = g_strdup_printf("SELECT max(coalesce((SELECT max(rowid) FROM \"%s\"), 0),"
                                " coalesce((SELECT max(row) FROM change_log WHERE tbl=?), 0)) + 1",
                                table);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    gboolean ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok)
        *fid = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (!ok)
        return sl_fail(store, err, _("cannot choose a feature's fid"));
    if (store->change_id && g_strlcpy(sl(store)->fid_layer, table, sizeof sl(store)->fid_layer) <
                                sizeof sl(store)->fid_layer)
        sl(store)->fid_change = store->change_id;
    return TRUE;
}

gboolean sl_feature_insert(vi_store *store, const vi_layer *layer, const vi_feature *f,
                           gint64 import_id, GError **err)
{
    gint64 fid = 0;
    if (!fresh_rowid(store, layer->name, &fid, err) ||
        (fid > 0 && !sl_bulk_layer_insert(store, layer->name, fid, err)))
        return FALSE;
    sqlite3_stmt *st = insert_stmt(store, layer, err);
    if (!st)
        return FALSE;
    if (fid > 0)
        sqlite3_bind_int64(st, 9 + layer->nattrs, fid);
    sl_bind_text(st, 1, f->id);
    sl_bind_text(st, 2, f->village);
    sl_bind_text(st, 3, f->name);
    sl_bind_text(st, 4, f->status);
    sl_bind_int(st, 5, f->year);
    sl_bind_text(st, 6, f->project);
    sl_bind_int(st, 7, import_id);
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
                    _("cannot insert feature \"%s\" into layer \"%s\" of '%s': %s"), f->id,
                    layer->name, store->path, sqlite3_errmsg(sl(store)->db));
        sqlite3_reset(st);
        return FALSE;
    }
    sqlite3_reset(st);
    gint64 row = sqlite3_last_insert_rowid(sl(store)->db);
    return sl_bulk_row_added(store, layer->name, row, f->wkb, f->wkb_size, err) &&
           sl_log_change(store, layer->name, row, "insert", err);
}

gboolean sl_feature_exists(vi_store *store, const vi_layer *layer, const char *id, gboolean *exists,
                           GError **err)
{
    gboolean have_table = FALSE;
    *exists = FALSE;
    if (!sl_table_exists(store, layer->name, &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    char *sql = g_strdup_printf("SELECT 1 FROM \"%s\" WHERE id=?", layer->name);
    gboolean ok = sl_row_exists(store, sql, id, exists, _("cannot look up a feature"), err);
    g_free(sql);
    return ok;
}

gint64 sl_feature_count(vi_store *store, const vi_layer *layer, const char *village, GError **err)
{
    gboolean have_table = FALSE;
    if (!sl_table_exists(store, layer->name, &have_table, err))
        return -1;
    if (!have_table)
        return 0;
    char *sql = g_strdup_printf("SELECT count(*) FROM \"%s\"%s", layer->name,
                                village ? " WHERE village=?" : "");
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return -1;
    if (village)
        sqlite3_bind_text(st, 1, village, -1, SQLITE_STATIC);
    gint64 n = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    else
        sl_fail(store, err, _("cannot count features"));
    sqlite3_finalize(st);
    return n;
}

gint64 sl_feature_delete_status(vi_store *store, const vi_layer *layer, const char *status,
                                GError **err)
{
    /* Each row is logged (with its content) before it goes, for undo. */
    char *sql = g_strdup_printf("SELECT fid FROM \"%s\" WHERE status=? ORDER BY fid", layer->name);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
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
        logged = sl_log_change(store, layer->name, g_array_index(fids, gint64, i), "delete", err);
    g_array_free(fids, TRUE);
    if (!logged)
        return -1;
    sql = g_strdup_printf("DELETE FROM \"%s\" WHERE status=?", layer->name);
    st = sl_prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        sl_fail(store, err, _("cannot delete features"));
        return -1;
    }
    return sqlite3_changes(sl(store)->db);
}

gboolean sl_project_insert(vi_store *store, const vi_project *p, gint64 import_id, GError **err)
{
    gint64 fresh = 0;
    sqlite3_stmt *st =
        !fresh_rowid(store, "projects", &fresh, err)
            ? NULL
            : sl_prepare(store,
                         "INSERT INTO projects (id, name, programme, village, kind, year,"
                         " funding_wan, import_id, rowid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         err);
    if (!st)
        return FALSE;
    if (fresh > 0)
        sqlite3_bind_int64(st, 9, fresh);
    sl_bind_text(st, 1, p->id);
    sl_bind_text(st, 2, p->name);
    sl_bind_text(st, 3, p->programme);
    sl_bind_text(st, 4, p->village);
    sl_bind_text(st, 5, p->kind ? p->kind : "project");
    sl_bind_int(st, 6, p->year);
    sqlite3_bind_double(st, 7, p->funding_wan);
    sl_bind_int(st, 8, import_id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE, _("cannot insert project \"%s\" into '%s': %s"),
                    p->id, store->path, sqlite3_errmsg(sl(store)->db));
        return FALSE;
    }
    return sl_log_change(store, "projects", sqlite3_last_insert_rowid(sl(store)->db), "insert",
                         err);
}

gboolean sl_project_exists(vi_store *store, const char *id, gboolean *exists, GError **err)
{
    return sl_row_exists(store, "SELECT 1 FROM projects WHERE id=?", id, exists,
                         _("cannot look up a project"), err);
}

/* What a scan calls for each row: the caller's function and data. */
typedef struct {
    vi_project_fn fn;
    void *user;
} project_scan;

static gboolean project_row(vi_store *store, sqlite3_stmt *st, void *ctx, GError **err)
{
    (void)store;
    project_scan *scan = ctx;
    vi_project p = {
        .id = sl_text(st, 0),
        .name = sl_text(st, 1),
        .programme = sl_text(st, 2),
        .village = sl_text(st, 3),
        .kind = sl_text(st, 4),
        .year = sqlite3_column_int(st, 5),
        .funding_wan = sqlite3_column_double(st, 6),
    };
    return scan->fn(&p, scan->user, err);
}

gboolean sl_project_scan(vi_store *store, const char *village, vi_project_fn fn, void *user,
                         GError **err)
{
    sqlite3_stmt *st = sl_prepare(store,
                                  village ? "SELECT id, name, programme, village, kind, year,"
                                            " funding_wan FROM projects WHERE village=? ORDER BY id"
                                          : "SELECT id, name, programme, village, kind, year,"
                                            " funding_wan FROM projects ORDER BY id",
                                  err);
    if (!st)
        return FALSE;
    if (village)
        sqlite3_bind_text(st, 1, village, -1, SQLITE_STATIC);
    return sl_scan(store, st, project_row, &(project_scan){fn, user}, _("cannot read projects"),
                   err);
}

gboolean sl_import_find(vi_store *store, const char *sha256, gboolean *found, vi_import_info *info,
                        GError **err)
{
    sqlite3_stmt *st = sl_prepare(
        store, "SELECT id, path, layer, imported_at, features FROM imports WHERE sha256=?", err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    if (*found && info) {
        info->id = sqlite3_column_int64(st, 0);
        info->path = g_strdup(sl_text(st, 1));
        info->layer = g_strdup(sl_text(st, 2));
        info->imported_at = g_strdup(sl_text(st, 3));
        info->features = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sl_fail(store, err, _("cannot look up imports"));
    return TRUE;
}

gint64 sl_import_record(vi_store *store, const char *path, const char *layer, const char *sha256,
                        gint64 features, GError **err)
{
    gint64 fresh = 0;
    sqlite3_stmt *st =
        !fresh_rowid(store, "imports", &fresh, err)
            ? NULL
            : sl_prepare(
                  store,
                  "INSERT INTO imports (path, layer, sha256, features, id) VALUES (?, ?, ?, ?, ?)",
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
        sl_fail(store, err, _("cannot record the import"));
        return 0;
    }
    gint64 id = sqlite3_last_insert_rowid(sl(store)->db);
    return sl_log_change(store, "imports", id, "insert", err) ? id : 0;
}

gboolean sl_import_set_count(vi_store *store, gint64 import_id, gint64 features, GError **err)
{
    if (!sl_log_change(store, "imports", import_id, "update", err))
        return FALSE;
    sqlite3_stmt *st = sl_prepare(store, "UPDATE imports SET features=? WHERE id=?", err);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, features);
    sqlite3_bind_int64(st, 2, import_id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TRUE : sl_fail(store, err, _("cannot update the import"));
}

/* import */
static gboolean id_row(vi_store *store, sqlite3_stmt *st, void *ids, GError **err)
{
    (void)store;
    (void)err;
    g_hash_table_add(ids, g_strdup(sl_text(st, 0)));
    return TRUE;
}

static gboolean collect_ids(vi_store *store, const char *sql, GHashTable *ids, GError **err)
{
    return sl_scan(store, sl_prepare(store, sql, err), id_row, ids, _("cannot read ids"), err);
}

gboolean sl_feature_ids(vi_store *store, const vi_layer *layer, GHashTable *ids, GError **err)
{
    gboolean have_table = FALSE;
    if (!sl_table_exists(store, layer->name, &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    char *sql = g_strdup_printf("SELECT id FROM \"%s\"", layer->name);
    gboolean ok = collect_ids(store, sql, ids, err);
    g_free(sql);
    return ok;
}

gboolean sl_project_ids(vi_store *store, GHashTable *ids, GError **err)
{
    return collect_ids(store, "SELECT id FROM projects", ids, err);
}

/* render */

char *sl_data_date(vi_store *store, GError **err)
{
    sqlite3_stmt *st =
        sl_prepare(store, "SELECT substr(max(imported_at), 1, 10) FROM imports", err);
    if (!st)
        return NULL;
    int rc = sqlite3_step(st);
    char *date = rc == SQLITE_ROW ? g_strdup(sl_text(st, 0)) : NULL;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) {
        sl_fail(store, err, _("cannot read the imports"));
        return NULL;
    }
    return date;
}

/* export */
gboolean sl_export_record(vi_store *store, const vi_export_record *r, GError **err)
{
    if (!sl_exec(store,
                 "CREATE TABLE IF NOT EXISTS exports (id INTEGER PRIMARY KEY,"
                 " exported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
                 " profile TEXT NOT NULL, village TEXT, format TEXT NOT NULL, crs TEXT NOT NULL,"
                 " encoding TEXT NOT NULL, path TEXT NOT NULL, features INTEGER NOT NULL,"
                 " include_personal INTEGER NOT NULL)",
                 err))
        return FALSE;
    sqlite3_stmt *st =
        sl_prepare(store,
                   "INSERT INTO exports (profile, village, format, crs, encoding, "
                   "path, features, include_personal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, r->profile, -1, SQLITE_STATIC);
    sl_bind_text(st, 2, r->village);
    sqlite3_bind_text(st, 3, r->format, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->crs, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, r->encoding, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, r->path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, r->features);
    sqlite3_bind_int(st, 8, r->include_personal ? 1 : 0);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sl_fail(store, err, _("cannot record the export"));
    return TRUE;
}
