/*
 * pg-check.c - vinfra check on a server database: what the server can say
 * is wrong (an index left invalid by a failed CREATE INDEX CONCURRENTLY, a
 * constraint added NOT VALID and never validated, a log trigger someone
 * disabled, so that changes would go unlogged), then the registry's rules
 * on every row (store-check.c) with what only the database can tell.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <stdlib.h>
#include <string.h>

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
               " AND NOT convalidated"
               " UNION ALL SELECT 'trigger', tgrelid::regclass::text FROM pg_trigger"
               " WHERE tgname LIKE '%\\_log' AND tgenabled = 'D' ORDER BY 1, 2",
               0, NULL, _("cannot check the database"), err);
    if (!r)
        return FALSE;
    for (int i = 0; i < PQntuples(r); i++) {
        const char *kind = PQgetvalue(r, i, 0), *what = PQgetvalue(r, i, 1);
        if (strcmp(kind, "index") == 0)
            store_problem(sink, _("index %s is not valid (REINDEX INDEX %s)"), what, what);
        else if (strcmp(kind, "constraint") == 0)
            store_problem(sink,
                          _("constraint %s was never validated (ALTER TABLE ... VALIDATE "
                            "CONSTRAINT)"),
                          what);
        else
            store_problem(sink,
                          _("%s: the change log trigger is disabled: changes to it are "
                            "not in the history"),
                          what);
    }
    PQclear(r);
    /* Every layer's spatial index is there: a layer read without one is
     * slow, not wrong, but check says so. */
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
    GString *sql = g_string_new(
        "SELECT fid, id, village, name, status, year, geom IS NULL, GeometryType(geom),"
        " coalesce(ST_SRID(geom), 0),"
        " CASE WHEN geom IS NULL OR ST_IsValid(geom) THEN NULL"
        " ELSE coalesce(ST_IsValidReason(geom), 'invalid') END,"
        " village IS NULL OR EXISTS (SELECT 1 FROM villages v WHERE v.name = t.village),"
        " project IS NULL OR EXISTS (SELECT 1 FROM projects p WHERE p.id = t.project), project");
    for (int a = 0; a < layer->nattrs; a++)
        g_string_append_printf(sql, ", \"%s\"", layer->attrs[a]->name);
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
