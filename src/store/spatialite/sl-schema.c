/*
 * sl-schema.c - the tables of a database: imports and projects, and one
 * table per registry layer with its geometry column and spatial index.  A
 * registry that gained layers or attributes since the database was made
 * gets them on the next write (store_ensure_layer()).
 */
#include "sl-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

static const char *attr_sql_type(int type)
{
    return type == VI_ATTR_INTEGER ? "INTEGER" : type == VI_ATTR_REAL ? "REAL" : "TEXT";
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
        g_string_append_printf(sql, "CREATE INDEX \"%s_village\" ON \"%s\"(village);", layer->name,
                               layer->name);
    g_string_append_printf(sql,
                           "SELECT AddGeometryColumn('%s', 'geom', %d, '%s', 'XY', 1);"
                           "SELECT CreateSpatialIndex('%s', 'geom');",
                           layer->name, VI_STORE_SRID, store_geometry_type(layer->geometry),
                           layer->name);
    gboolean ok = sl_exec(store, sql->str, err);
    g_string_free(sql, TRUE);
    if (!ok)
        return FALSE;
    /* AddGeometryColumn reports failure as a 0 result, not an SQL error. */
    gint64 n = 0;
    char *q = g_strdup_printf("SELECT count(*) FROM geometry_columns WHERE f_table_name='%s'",
                              layer->name);
    ok = sl_query_int(store, q, &n, err);
    g_free(q);
    if (ok && n != 1) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("cannot add the geometry column of layer \"%s\" in '%s'"), layer->name,
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

gboolean sl_create_tables(vi_store *store, GError **err)
{
    gboolean ok = sl_exec(store, schema_sql, err);
    for (int i = 0; ok && i < registry_layer_count(store->reg); i++)
        ok = create_layer_table(store, registry_layer_at(store->reg, i), err);
    return ok;
}

gboolean sl_ensure_layer(vi_store *store, const vi_layer *layer, GError **err)
{
    gboolean exists = FALSE;
    if (!sl_table_exists(store, layer->name, &exists, err))
        return FALSE;
    if (!exists)
        return create_layer_table(store, layer, err);
    for (int i = 0; i < layer->nattrs; i++) {
        char *q = g_strdup_printf("SELECT count(*) FROM pragma_table_info('%s') WHERE name='%s'",
                                  layer->name, layer->attrs[i]->name);
        gint64 n = 0;
        gboolean ok = sl_query_int(store, q, &n, err);
        g_free(q);
        if (!ok)
            return FALSE;
        if (n == 0) {
            char *alter =
                g_strdup_printf("ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s", layer->name,
                                layer->attrs[i]->name, attr_sql_type(layer->attrs[i]->type));
            ok = sl_exec(store, alter, err);
            g_free(alter);
            if (!ok)
                return FALSE;
        }
    }
    return TRUE;
}
