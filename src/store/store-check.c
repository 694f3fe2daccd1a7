/*
 * store-check.c - vinfra check's work: the backend's own checks (integrity,
 * foreign keys, spatial indexes), then the registry's rules on every row of
 * every layer and of the ledger.  Nothing is changed.
 */
#include "store-int.h"
#include "vi-error.h"

#include <stdarg.h>
#include <string.h>

void store_problem(problem_sink *sink, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    sink->fn(text, sink->user);
    sink->count++;
    g_free(text);
}

/* Is V (text of column I of ST) one of ALLOWED? */
static gboolean value_listed(char *const *allowed, const char *v)
{
    for (int i = 0; allowed && allowed[i]; i++)
        if (strcmp(allowed[i], v) == 0)
            return TRUE;
    return FALSE;
}

/* The registry's rules for every row of LAYER. */
static gboolean check_rows(vi_store *store, const vi_layer *layer, problem_sink *sink, GError **err)
{
    enum {
        C_FID,
        C_ID,
        C_VILLAGE,
        C_NAME,
        C_STATUS,
        C_YEAR,
        C_YEAR_TYPE,
        C_PROJECT,
        C_NOGEOM,
        C_GTYPE,
        C_SRID,
        C_INVALID,
        C_VILLAGE_OK,
        C_PROJECT_OK,
        C_ATTRS
    };
    gboolean is_villages = strcmp(layer->name, "villages") == 0;
    GString *sql = g_string_new(
        "SELECT fid, id, village, name, status, year, typeof(year), project, geom IS NULL,"
        " GeometryType(geom), ST_SRID(geom),"
        " CASE WHEN ST_IsValid(geom) = 1 THEN NULL ELSE coalesce(ST_IsValidReason(geom), 'invalid') END,"
        " village IS NULL OR EXISTS (SELECT 1 FROM villages v WHERE v.name = t.village),"
        " project IS NULL OR EXISTS (SELECT 1 FROM projects p WHERE p.id = t.project)");
    for (int a = 0; a < layer->nattrs; a++)
        g_string_append_printf(sql, ", \"%s\", typeof(\"%s\")", layer->attrs[a]->name,
                               layer->attrs[a]->name);
    g_string_append_printf(sql, " FROM \"%s\" t ORDER BY fid", layer->name);
    sqlite3_stmt *st = store_prepare(store, sql->str, err);
    g_string_free(sql, TRUE);
    if (!st)
        return FALSE;
    const char *expected_type = store_geom_sql_type(layer->geometry);
    int rc;
    /* GEOS prints each invalid geometry's reason on stderr too; the
     * problem list has it already. */
    while ((rc = store_step_quietly(st)) == SQLITE_ROW) {
        char *who = g_strdup_printf("%s: feature \"%s\" (fid %" G_GINT64_FORMAT ")", layer->name,
                                    store_text(st, C_ID) ? store_text(st, C_ID) : "",
                                    (gint64)sqlite3_column_int64(st, C_FID));
        const char *status = store_text(st, C_STATUS);
        if (status && !layer->statuses)
            store_problem(
                sink,
                "%s: field \"status\": expected nothing (layer %s has no statuses), got \"%s\"",
                who, layer->name, status);
        else if (status && !value_listed(layer->statuses, status)) {
            char *list = g_strjoinv(", ", layer->statuses);
            store_problem(sink, "%s: field \"status\": expected one of %s, got \"%s\"", who, list,
                          status);
            g_free(list);
        }
        if (sqlite3_column_type(st, C_YEAR) != SQLITE_NULL &&
            (strcmp(store_text(st, C_YEAR_TYPE), "integer") != 0 ||
             sqlite3_column_int64(st, C_YEAR) < 1949 || sqlite3_column_int64(st, C_YEAR) > 2100))
            store_problem(sink, "%s: field \"year\": expected a year from 1949 to 2100, got \"%s\"",
                          who, store_text(st, C_YEAR));
        if (is_villages && !store_text(st, C_NAME))
            store_problem(sink, "%s: field \"name\": expected the village name, got nothing", who);
        if (!is_villages && !store_text(st, C_VILLAGE))
            store_problem(sink, "%s: field \"village\": expected a village, got nothing", who);
        else if (!is_villages && !sqlite3_column_int(st, C_VILLAGE_OK))
            store_problem(sink, "%s: field \"village\": \"%s\" is not in the villages layer", who,
                          store_text(st, C_VILLAGE));
        if (!sqlite3_column_int(st, C_PROJECT_OK))
            store_problem(sink, "%s: field \"project\": \"%s\" is not a project of the ledger", who,
                          store_text(st, C_PROJECT));
        if (sqlite3_column_int(st, C_NOGEOM)) {
            store_problem(sink, "%s: no geometry", who);
        } else {
            const char *gtype = store_text(st, C_GTYPE);
            if (!gtype || strcmp(gtype, expected_type) != 0)
                store_problem(sink, "%s: geometry: expected %s, got %s", who, expected_type,
                              gtype ? gtype : "an unreadable geometry");
            else if (sqlite3_column_int(st, C_SRID) != VI_STORE_SRID)
                store_problem(sink, "%s: geometry: expected SRID %d, got %d", who, VI_STORE_SRID,
                              sqlite3_column_int(st, C_SRID));
            else if (store_text(st, C_INVALID))
                store_problem(sink, "%s: geometry: invalid (%s)", who, store_text(st, C_INVALID));
        }
        for (int a = 0; a < layer->nattrs; a++) {
            const vi_attr *attr = layer->attrs[a];
            const char *v = store_text(st, C_ATTRS + 2 * a);
            const char *type = store_text(st, C_ATTRS + 2 * a + 1);
            if (!v) {
                if (attr->required)
                    store_problem(sink,
                                  "%s: field \"%s\": expected a value (the field is required), got "
                                  "nothing",
                                  who, attr->name);
                continue;
            }
            gboolean type_ok = attr->type == VI_ATTR_INTEGER ? strcmp(type, "integer") == 0
                               : attr->type == VI_ATTR_REAL
                                   ? strcmp(type, "real") == 0 || strcmp(type, "integer") == 0
                                   : strcmp(type, "text") == 0;
            if (!type_ok)
                store_problem(sink, "%s: field \"%s\": expected %s, got %s \"%s\"", who, attr->name,
                              attr->type == VI_ATTR_INTEGER ? "an integer"
                              : attr->type == VI_ATTR_REAL  ? "a number"
                                                            : "a text",
                              type, v);
            else if (attr->allowed && !value_listed(attr->allowed, v)) {
                char *list = g_strjoinv(", ", attr->allowed);
                store_problem(sink, "%s: field \"%s\": expected one of %s, got \"%s\"", who,
                              attr->name, list, v);
                g_free(list);
            } else if (attr->bound && !vi_bound_contains(attr->bound, sqlite3_column_double(
                                                                          st, C_ATTRS + 2 * a))) {
                /* Plausible bounds (data/bounds.tsv), as an import checks them. */
                char *range = vi_bound_text(attr->bound, attr->unit);
                store_problem(sink, "%s: field \"%s\": expected %s, got \"%s\"", who, attr->name,
                              range, v);
                g_free(range);
            }
        }
        g_free(who);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TRUE : store_fail(store, err, "cannot read a layer");
}

static gboolean project_rules(vi_store *store, sqlite3_stmt *st, void *sink, GError **err)
{
    (void)err;
    if (!registry_programme(store->reg, store_text(st, 1)))
        store_problem(sink,
                      "projects: project \"%s\": field \"programme\": \"%s\" is not a "
                      "programme of programmes.tsv",
                      store_text(st, 0), store_text(st, 1));
    if (!sqlite3_column_int(st, 3))
        store_problem(sink,
                      "projects: project \"%s\": field \"village\": \"%s\" is not in the "
                      "villages layer",
                      store_text(st, 0), store_text(st, 2));
    return TRUE;
}

static gboolean check_projects(vi_store *store, problem_sink *sink, GError **err)
{
    sqlite3_stmt *st = store_prepare(
        store,
        "SELECT id, programme, village, village IS NULL OR EXISTS (SELECT 1 FROM villages v"
        " WHERE v.name = p.village) FROM projects p ORDER BY id",
        err);
    return store_scan(store, st, project_rules, sink, "cannot read projects", err);
}

gboolean store_check(vi_store *store, vi_problem_fn fn, void *user, gint64 *problems, GError **err)
{
    problem_sink sink = {fn, user, 0};
    gboolean ok = store->backend->check_engine(store, &sink, err);
    for (int i = 0; ok && i < registry_layer_count(store->reg); i++) {
        const vi_layer *layer = registry_layer_at(store->reg, i);
        gboolean exists = FALSE;
        if (!(ok = store_table_exists(store, layer->name, &exists, err)) || !exists)
            continue;
        ok = store->backend->check_spatial_index(store, layer, &sink, err) &&
             check_rows(store, layer, &sink, err);
    }
    ok = ok && check_projects(store, &sink, err);
    *problems = sink.count;
    return ok;
}
