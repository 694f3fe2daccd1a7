/*
 * sl-edit.c - changing the fields of one feature and deleting one, each
 * row logged before it changes, for undo.
 */
#include "sl-int.h"
#include "i18n.h"
#include "vi-error.h"
#include "hex.h"

#include <string.h>

/* edit */

/* The fid of feature ID of LAYER; 0 with ERR when there is none. */
static gint64 feature_fid(vi_store *store, const vi_layer *layer, const char *id, GError **err)
{
    gboolean have_table = FALSE;
    if (!sl_table_exists(store, layer->name, &have_table, err))
        return 0;
    gint64 fid = 0;
    if (have_table) {
        char *sql = g_strdup_printf("SELECT fid FROM \"%s\" WHERE id=?", layer->name);
        sqlite3_stmt *st = sl_prepare(store, sql, err);
        g_free(sql);
        if (!st)
            return 0;
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            fid = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    if (!fid)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("layer \"%s\" has no feature \"%s\""),
                    layer->name, id);
    return fid;
}

gboolean sl_feature_update(vi_store *store, const vi_layer *layer, const char *id,
                           const char *const *fields, const char *const *values, int n,
                           GError **err)
{
    gint64 fid = feature_fid(store, layer, id, err);
    if (!fid)
        return FALSE;
    GString *sql = g_string_new(NULL);
    g_string_append_printf(sql, "UPDATE \"%s\" SET ", layer->name);
    for (int i = 0; i < n; i++) {
        if (strcmp(fields[i], "geom") == 0)
            g_string_append_printf(
                sql, "%sgeom = %s", i ? ", " : "",
                layer->geometry == VI_GEOM_POINT
                    ? "GeomFromWKB(?, " G_STRINGIFY(VI_STORE_SRID) ")"
                    : "CastToMulti(GeomFromWKB(?, " G_STRINGIFY(VI_STORE_SRID) "))");
        else
            g_string_append_printf(sql, "%s\"%s\" = ?", i ? ", " : "", fields[i]);
    }
    g_string_append(sql, " WHERE fid = ?");
    sqlite3_stmt *st = sl_log_change(store, layer->name, fid, "update", err)
                           ? sl_prepare(store, sql->str, err)
                           : NULL;
    g_string_free(sql, TRUE);
    if (!st)
        return FALSE;
    for (int i = 0; i < n; i++) {
        int a = layer_attr_index(layer, fields[i]);
        int type = a >= 0                           ? layer->attrs[a]->type
                   : strcmp(fields[i], "year") == 0 ? VI_ATTR_INTEGER
                                                    : VI_ATTR_TEXT;
        if (!values[i]) {
            sqlite3_bind_null(st, i + 1);
        } else if (strcmp(fields[i], "geom") == 0) {
            gsize n = 0;
            guchar *wkb = vi_hex_decode(values[i], &n);
            sqlite3_bind_blob(st, i + 1, wkb, (int)n, g_free);
        } else if (type == VI_ATTR_INTEGER)
            sqlite3_bind_int64(st, i + 1, g_ascii_strtoll(values[i], NULL, 10));
        else if (type == VI_ATTR_REAL)
            sqlite3_bind_double(st, i + 1, g_ascii_strtod(values[i], NULL));
        else
            sqlite3_bind_text(st, i + 1, values[i], -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int64(st, n + 1, fid);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        if (!sl_busy(store, err))
            g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                        _("cannot change feature \"%s\" of layer \"%s\" in '%s': %s"), id,
                        layer->name, store->path, sqlite3_errmsg(sl(store)->db));
        return FALSE;
    }
    return TRUE;
}

gboolean sl_feature_delete(vi_store *store, const vi_layer *layer, const char *id, GError **err)
{
    gint64 fid = feature_fid(store, layer, id, err);
    if (!fid || !sl_log_change(store, layer->name, fid, "delete", err))
        return FALSE;
    char *sql = g_strdup_printf("DELETE FROM \"%s\" WHERE fid = ?", layer->name);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, fid);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        if (sqlite3_extended_errcode(sl(store)->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot delete feature \"%s\" of layer \"%s\": other features or "
                          "projects still refer to it"),
                        id, layer->name);
        else if (!sl_busy(store, err))
            g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                        _("cannot delete feature \"%s\" of layer \"%s\" in '%s': %s"), id,
                        layer->name, store->path, sqlite3_errmsg(sl(store)->db));
        return FALSE;
    }
    return TRUE;
}

gboolean sl_village_exists(vi_store *store, const char *name, gboolean *exists, GError **err)
{
    *exists = FALSE;
    gboolean have_table = FALSE;
    if (!sl_table_exists(store, "villages", &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    return sl_row_exists(store, "SELECT 1 FROM villages WHERE name=?", name, exists,
                         _("cannot look up a village"), err);
}
