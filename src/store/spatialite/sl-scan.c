/*
 * sl-scan.c - reading a layer: every feature with its geometry as WKB
 * (store_feature_scan()), or the points of a point layer as two numbers
 * each (store_point_scan()), optionally one fid slice of several read on as
 * many connections.  Blobs are decoded by spblob; SpatiaLite only reads the
 * ones spblob cannot.
 */
#include "sl-int.h"
#include <inttypes.h>
#include "i18n.h"
#include "spblob.h"
#include "vi-error.h"

#include <string.h>

/* Column I (a geometry blob) of ST through SpatiaLite: AsBinary() appended
 * to WKB, or ST_X() and ST_Y() into XY when WKB is NULL.  For the blobs
 * spblob does not read. */
static gboolean decode_slowly(vi_store *store, sqlite3_stmt *st, int i, GByteArray *wkb, double *xy,
                              GError **err)
{
    sl_use_spatialite(store);
    if (!sl(store)->decode &&
        !(sl(store)->decode = sl_prepare(store, "SELECT AsBinary(?1), ST_X(?1), ST_Y(?1)", err)))
        return FALSE;
    sqlite3_bind_value(sl(store)->decode, 1, sqlite3_column_value(st, i));
    gboolean ok = sqlite3_step(sl(store)->decode) == SQLITE_ROW &&
                  sqlite3_column_type(sl(store)->decode, wkb ? 0 : 1) != SQLITE_NULL;
    if (ok && wkb) {
        g_byte_array_append(wkb, sqlite3_column_blob(sl(store)->decode, 0),
                            (guint)sqlite3_column_bytes(sl(store)->decode, 0));
    } else if (ok) {
        xy[0] = sqlite3_column_double(sl(store)->decode, 1);
        xy[1] = sqlite3_column_double(sl(store)->decode, 2);
    }
    sqlite3_reset(sl(store)->decode);
    sqlite3_clear_bindings(sl(store)->decode);
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
    if (why)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("unreadable geometry in '%s': %s"), store->path,
                    why->message);
    else
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("unreadable geometry in '%s'"), store->path);
    g_clear_error(&why);
    return FALSE;
}

/* A feature scan: the caller's function and data, and buffers for one row. */
typedef struct {
    const vi_layer *layer;
    vi_feature_fn fn;
    void *user;
    const char **attrs;
    GByteArray *wkb;
} feature_scan;

static gboolean feature_row(vi_store *store, sqlite3_stmt *st, void *ctx, GError **err)
{
    feature_scan *scan = ctx;
    const vi_layer *layer = scan->layer;
    GByteArray *wkb = scan->wkb;
    g_byte_array_set_size(wkb, 0);
    if (sqlite3_column_type(st, 6) != SQLITE_NULL && !column_wkb(store, st, 6, wkb, err)) {
        g_prefix_error(err, _("layer \"%s\", feature \"%s\": "), layer->name,
                       sl_text(st, 0) ? sl_text(st, 0) : "");
        return FALSE;
    }
    vi_feature f = {0};
    f.id = sl_text(st, 0);
    f.village = sl_text(st, 1);
    f.name = sl_text(st, 2);
    f.status = sl_text(st, 3);
    f.year = sqlite3_column_int(st, 4);
    f.project = sl_text(st, 5);
    f.wkb = wkb->len ? wkb->data : NULL;
    f.wkb_size = wkb->len;
    for (int i = 0; i < layer->nattrs; i++)
        scan->attrs[i] = sl_text(st, 7 + i);
    f.attrs = scan->attrs;
    return scan->fn(&f, scan->user, err);
}

gboolean sl_feature_scan(vi_store *store, const vi_layer *layer, const char *village,
                         vi_feature_fn fn, void *user, GError **err)
{
    gboolean have_table = FALSE;
    if (!sl_table_exists(store, layer->name, &have_table, err))
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
    sqlite3_stmt *st = sl_prepare(store, sql->str, err);
    g_string_free(sql, TRUE);
    if (!st)
        return FALSE;
    if (village)
        sqlite3_bind_text(st, 1, village, -1, SQLITE_STATIC);
    feature_scan scan = {layer, fn, user, g_new0(const char *, layer->nattrs + 1),
                         g_byte_array_new()};
    gboolean ok = sl_scan(store, st, feature_row, &scan, _("cannot read layer"), err);
    g_free(scan.attrs);
    g_byte_array_unref(scan.wkb);
    return ok;
}

static gboolean fid_range(vi_store *store, const vi_layer *layer, gint64 *first, gint64 *last,
                          GError **err)
{
    /* Two subqueries: each is one seek to an end of the table, where
     * min() and max() side by side scan it. */
    char *sql =
        g_strdup_printf("SELECT (SELECT min(fid) FROM \"%s\"), (SELECT max(fid) FROM \"%s\")",
                        layer->name, layer->name);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    int rc = sqlite3_step(st);
    gboolean empty = rc != SQLITE_ROW || sqlite3_column_type(st, 0) == SQLITE_NULL;
    *first = empty ? 1 : sqlite3_column_int64(st, 0);
    *last = empty ? 0 : sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? TRUE : sl_fail(store, err, _("cannot read layer"));
}

gboolean sl_fid_span(vi_store *store, const vi_layer *layer, gint64 *span, GError **err)
{
    gboolean have_table = FALSE;
    gint64 first = 1, last = 0;
    *span = 0;
    if (!sl_table_exists(store, layer->name, &have_table, err) ||
        (have_table && !fid_range(store, layer, &first, &last, err)))
        return FALSE;
    *span = last - first + 1;
    return TRUE;
}

/* A point scan: the caller's function and data, and the row's values. */
typedef struct {
    const vi_layer *layer;
    int ncols;
    vi_point_fn fn;
    void *user;
    const char **values;
} point_scan;

static gboolean point_row(vi_store *store, sqlite3_stmt *st, void *ctx, GError **err)
{
    point_scan *scan = ctx;
    double xy[2];
    if (!spblob_point(sqlite3_column_blob(st, 1), (gsize)sqlite3_column_bytes(st, 1), &xy[0],
                      &xy[1]) &&
        !decode_slowly(store, st, 1, NULL, xy, NULL)) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("layer \"%s\" in '%s': feature %" PRId64 " has no point"), scan->layer->name,
                    store->path, (gint64)sqlite3_column_int64(st, 0));
        return FALSE;
    }
    for (int i = 0; i < scan->ncols; i++)
        scan->values[i] = sl_text(st, 2 + i);
    return scan->fn(xy[0], xy[1], scan->values, scan->user, err);
}

/* With NPARTS > 1 the layer's fid range (fid_range()) is cut
 * into NPARTS equal slices, and the scan reads slice PART. */
gboolean sl_point_scan(vi_store *store, const vi_layer *layer, const char *const *columns, int part,
                       int nparts, vi_point_fn fn, void *user, GError **err)
{
    static const char *const common[] = {"id",   "village", "name", "status",
                                         "year", "project", NULL};
    gboolean have_table = FALSE;
    if (!sl_table_exists(store, layer->name, &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    int ncols = columns ? (int)g_strv_length((char **)columns) : 0;
    GString *sql = g_string_new("SELECT fid, geom");
    for (int i = 0; i < ncols; i++) {
        if (!g_strv_contains(common, columns[i]) && layer_attr_index(layer, columns[i]) < 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("layer \"%s\" has no column \"%s\""),
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
    sqlite3_stmt *st = sl_prepare(store, sql->str, err);
    g_string_free(sql, TRUE);
    if (!st)
        return FALSE;
    if (nparts > 1) {
        gint64 span = last - first + 1;
        sqlite3_bind_int64(st, 1, first + span * part / nparts);
        sqlite3_bind_int64(st, 2, first + span * (part + 1) / nparts);
    }
    point_scan scan = {layer, ncols, fn, user, g_new0(const char *, ncols + 1)};
    gboolean ok = sl_scan(store, st, point_row, &scan, _("cannot read layer"), err);
    g_free(scan.values);
    return ok;
}
