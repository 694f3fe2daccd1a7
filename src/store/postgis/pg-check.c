/*
 * pg-check.c - vinfra check on a server database: what the server can say
 * is wrong (an index left invalid by a failed CREATE INDEX CONCURRENTLY, a
 * constraint added NOT VALID and never validated, a log trigger someone
 * dropped or disabled, so that changes would go unlogged), then each
 * layer's spatial index and the registry's rules on every row
 * (store-check.c) with what only the database can tell.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <stdlib.h>
#include <string.h>

/* The tables the log trigger (pg-schema.c) must watch: every layer table
 * there is, and imports, projects and photos, as a text[] literal of
 * identifiers. */
static char *logged_tables(vi_store *store)
{
    GString *s = g_string_new("{imports,projects,photos");
    for (int i = 0; i < registry_layer_count(store->reg); i++)
        g_string_append_printf(s, ",%s", registry_layer_at(store->reg, i)->name);
    g_string_append_c(s, '}');
    return g_string_free(s, FALSE);
}

/* Each logged table's trigger TABLE_log is there and fires: a trigger
 * dropped, disabled or left to replicas only ('D', 'R') lets changes go
 * unlogged, so that undo would not know them. */
static gboolean check_triggers(vi_store *store, problem_sink *sink, GError **err)
{
    char *tables = logged_tables(store);
    const char *params[] = {tables};
    PGresult *r = pg_run(store,
                         "SELECT t.name, coalesce(g.tgenabled::text, '') FROM unnest($1::text[])"
                         " WITH ORDINALITY t(name, n)"
                         " JOIN pg_class c ON c.oid = to_regclass(quote_ident(t.name))"
                         " LEFT JOIN pg_trigger g ON g.tgrelid = c.oid"
                         " AND g.tgname = t.name || '_log' AND NOT g.tgisinternal"
                         " WHERE g.tgenabled IS NULL OR g.tgenabled NOT IN ('O', 'A')"
                         " ORDER BY t.n",
                         1, params, _("cannot check the database"), err);
    g_free(tables);
    if (!r)
        return FALSE;
    for (int i = 0; i < PQntuples(r); i++) {
        const char *table = PQgetvalue(r, i, 0);
        if (*PQgetvalue(r, i, 1))
            store_problem(sink,
                          _("%s: the change log trigger %s_log is disabled: changes to it are "
                            "not in the history (ALTER TABLE %s ENABLE TRIGGER %s_log)"),
                          table, table, table, table);
        else
            store_problem(sink,
                          _("%s: the change log trigger %s_log is missing: changes to it are "
                            "not in the history"),
                          table, table);
    }
    PQclear(r);
    return TRUE;
}

gboolean pg_check_engine(vi_store *store, problem_sink *sink, GError **err)
{
    PGresult *r =
        pg_run(store,
               "SELECT 'index', indexrelid::regclass::text FROM pg_index i"
               " JOIN pg_class c ON c.oid = i.indrelid"
               " WHERE c.relnamespace = current_schema()::regnamespace"
               " AND NOT (indisvalid AND indisready)"
               " UNION ALL SELECT 'constraint', conrelid::regclass::text || ' ' || conname"
               " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
               " AND NOT convalidated ORDER BY 1, 2",
               0, NULL, _("cannot check the database"), err);
    if (!r)
        return FALSE;
    for (int i = 0; i < PQntuples(r); i++) {
        const char *kind = PQgetvalue(r, i, 0), *what = PQgetvalue(r, i, 1);
        if (strcmp(kind, "index") == 0)
            store_problem(sink, _("index %s is not valid (REINDEX INDEX %s)"), what, what);
        else
            store_problem(sink,
                          _("constraint %s was never validated (ALTER TABLE ... VALIDATE "
                            "CONSTRAINT)"),
                          what);
    }
    PQclear(r);
    return check_triggers(store, sink, err);
}

/* LAYER's geometries have a GiST index: without one a layer is read
 * slowly, not wrongly, but check says so, as SpatiaLite's says of its
 * R*Tree. */
static gboolean check_spatial_index(vi_store *store, const vi_layer *layer, problem_sink *sink,
                                    GError **err)
{
    gboolean found = FALSE;
    if (!pg_row_exists(store,
                       "SELECT 1 FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
                       " JOIN pg_am am ON am.oid = x.relam"
                       " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
                       " WHERE i.indrelid = to_regclass(quote_ident($1)) AND am.amname = 'gist'"
                       " AND a.attname = 'geom'",
                       layer->name, &found, err))
        return FALSE;
    if (!found)
        store_problem(sink,
                      _("%s: the spatial index is missing (CREATE INDEX %s_geom ON %s USING gist "
                        "(geom))"),
                      layer->name, layer->name, layer->name);
    return TRUE;
}

enum {
    C_FID,
    C_ID,
    C_VILLAGE,
    C_NAME,
    C_STATUS,
    C_YEAR,
    C_NOGEOM,
    C_GTYPE,
    C_SRID,
    C_INVALID,
    C_VILLAGE_OK,
    C_PROJECT_OK,
    C_PROJECT,
    C_ATTRS
};

typedef struct {
    const vi_layer *layer;
    problem_sink *sink;
    const char **attrs, **types;
    double *numbers;
} row_check;

static const char *attr_type_name(int type)
{
    return type == VI_ATTR_INTEGER ? "integer" : type == VI_ATTR_REAL ? "real" : "text";
}

static gboolean check_row(PGresult *r, int row, void *ctx, GError **err)
{
    (void)err;
    row_check *c = ctx;
    for (int a = 0; a < c->layer->nattrs; a++) {
        c->attrs[a] = pg_value(r, row, C_ATTRS + a);
        c->types[a] = c->attrs[a] ? attr_type_name(c->layer->attrs[a]->type) : "null";
        c->numbers[a] = c->attrs[a] ? g_ascii_strtod(c->attrs[a], NULL) : 0;
    }
    const char *year = pg_value(r, row, C_YEAR);
    store_check_row cr = {
        .fid = g_ascii_strtoll(PQgetvalue(r, row, C_FID), NULL, 10),
        .id = pg_value(r, row, C_ID),
        .village = pg_value(r, row, C_VILLAGE),
        .name = pg_value(r, row, C_NAME),
        .status = pg_value(r, row, C_STATUS),
        .year = year,
        .year_integer = year != NULL,
        .year_value = year ? g_ascii_strtoll(year, NULL, 10) : 0,
        .project = pg_value(r, row, C_PROJECT),
        .village_known = strcmp(PQgetvalue(r, row, C_VILLAGE_OK), "t") == 0,
        .project_known = strcmp(PQgetvalue(r, row, C_PROJECT_OK), "t") == 0,
        .no_geometry = strcmp(PQgetvalue(r, row, C_NOGEOM), "t") == 0,
        .geometry_type = pg_value(r, row, C_GTYPE),
        .srid = atoi(PQgetvalue(r, row, C_SRID)),
        .invalid = pg_value(r, row, C_INVALID),
        .attrs = c->attrs,
        .attr_types = c->types,
        .attr_numbers = c->numbers,
    };
    store_check_feature(c->sink, c->layer, &cr);
    return TRUE;
}

gboolean pg_check_layer(vi_store *store, const vi_layer *layer, problem_sink *sink, GError **err)
{
    gboolean exists = FALSE;
    if (!pg_table_exists(store, layer->name, &exists, err))
        return FALSE;
    if (!exists)
        return TRUE;
    if (!check_spatial_index(store, layer, sink, err))
        return FALSE;
    GString *sql = g_string_new(
        "SELECT fid, id, village, name, status, year, geom IS NULL, GeometryType(geom),"
        " coalesce(ST_SRID(geom), 0),"
        " CASE WHEN geom IS NULL OR ST_IsValid(geom) THEN NULL"
        " ELSE coalesce(ST_IsValidReason(geom), 'invalid') END,"
        " village IS NULL OR EXISTS (SELECT 1 FROM villages v WHERE v.name = t.village),"
        " project IS NULL OR EXISTS (SELECT 1 FROM projects p WHERE p.id = t.project), project");
    for (int a = 0; a < layer->nattrs; a++)
        g_string_append_printf(
            sql,
            pg_may_read(store, layer->name, layer->attrs[a]->name) ? ", \"%s\"" : ", NULL /* %s */",
            layer->attrs[a]->name);
    g_string_append_printf(sql, " FROM \"%s\" t ORDER BY fid", layer->name);
    int n = layer->nattrs;
    row_check c = {layer, sink, g_new0(const char *, n + 1), g_new0(const char *, n + 1),
                   g_new0(double, n + 1)};
    gboolean ok = pg_cursor_scan(store, sql->str, 0, NULL, FALSE, check_row, &c, err);
    g_string_free(sql, TRUE);
    g_free(c.attrs);
    g_free(c.types);
    g_free(c.numbers);
    return ok;
}

static gboolean project_rules(PGresult *r, int row, void *ctx, GError **err)
{
    (void)err;
    problem_sink *sink = ((void **)ctx)[0];
    vi_store *store = ((void **)ctx)[1];
    store_check_project(sink, store->reg, pg_value(r, row, 0), pg_value(r, row, 1),
                        pg_value(r, row, 2), strcmp(PQgetvalue(r, row, 3), "t") == 0);
    return TRUE;
}

gboolean pg_check_projects(vi_store *store, problem_sink *sink, GError **err)
{
    void *ctx[] = {sink, store};
    return pg_cursor_scan(store,
                          "SELECT id, programme, village, village IS NULL OR EXISTS (SELECT 1 FROM"
                          " villages v WHERE v.name = p.village) FROM projects p ORDER BY id",
                          0, NULL, FALSE, project_rules, ctx, err);
}
