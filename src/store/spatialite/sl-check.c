/*
 * sl-check.c - vinfra check on a SpatiaLite database: SQLite's integrity
 * and foreign key checks, SpatiaLite's CheckSpatialIndex and the boxes of
 * the R*Tree, and the registry's rules on every row of every layer and of
 * the ledger (store-check.c runs them in order).  Nothing is changed.
 */
#include "sl-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* SQLite's integrity check and foreign keys.  Loads SpatiaLite first, for
 * the checks that follow (CheckSpatialIndex, ST_IsValid below). */
static gboolean integrity_row(vi_store *store, sqlite3_stmt *st, void *sink, GError **err)
{
    (void)store;
    (void)err;
    if (strcmp(sl_text(st, 0), "ok") != 0)
        store_problem(sink, _("sqlite integrity check: %s"), sl_text(st, 0));
    return TRUE;
}

static gboolean foreign_key_row(vi_store *store, sqlite3_stmt *st, void *sink, GError **err)
{
    (void)store;
    (void)err;
    store_problem(sink, _("%s: row %" PRId64 ": refers to a row missing from %s"), sl_text(st, 0),
                  (gint64)sqlite3_column_int64(st, 1), sl_text(st, 2));
    return TRUE;
}

gboolean sl_check_engine(vi_store *store, problem_sink *sink, GError **err)
{
    sl_use_spatialite(store);
    /* Villages and projects are checked by name with the layer rows
     * (check_rows()). */
    return sl_scan(store, sl_prepare(store, "PRAGMA integrity_check", err), integrity_row, sink,
                   _("cannot run the integrity check"), err) &&
           sl_scan(store,
                   sl_prepare(store,
                              "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check"
                              " WHERE parent NOT IN ('villages', 'projects')",
                              err),
                   foreign_key_row, sink, _("cannot check foreign keys"), err);
}

/* SpatiaLite's CheckSpatialIndex() also notes the check in the database;
 * on a read-only connection that fails harmlessly, but SpatiaLite prints
 * the failure on stderr, so stderr is silenced for the call. */
static int stderr_silence(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    if (null >= 0)
        close(null);
    return saved;
}

static void stderr_restore(int saved)
{
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
}

static int step_quietly(sqlite3_stmt *st)
{
    int saved = stderr_silence();
    int rc = sqlite3_step(st);
    stderr_restore(saved);
    return rc;
}

/* SpatiaLite's check compares the index with the table row by row, but
 * does not notice an entry whose box no longer covers its geometry (the
 * one fault that makes searches miss features): that is checked here. */
typedef struct {
    const vi_layer *layer;
    problem_sink *sink;
} index_boxes;

static gboolean index_box_row(vi_store *store, sqlite3_stmt *st, void *ctx, GError **err)
{
    (void)store;
    (void)err;
    index_boxes *boxes = ctx;
    store_problem(boxes->sink,
                  _("%s: feature \"%s\" (fid %" PRId64 "): its spatial index entry is "
                    "missing or does not cover its geometry"),
                  boxes->layer->name, sl_text(st, 1), (gint64)sqlite3_column_int64(st, 0));
    return TRUE;
}

static gboolean check_index_boxes(vi_store *store, const vi_layer *layer, problem_sink *sink,
                                  GError **err)
{
    char *sql = g_strdup_printf(
        "SELECT t.fid, t.id FROM \"%s\" t LEFT JOIN \"idx_%s_geom\" r ON r.pkid = t.fid"
        " WHERE t.geom IS NOT NULL AND (r.pkid IS NULL OR r.xmin > MbrMinX(t.geom)"
        " OR r.xmax < MbrMaxX(t.geom) OR r.ymin > MbrMinY(t.geom) OR r.ymax < MbrMaxY(t.geom))"
        " ORDER BY t.fid",
        layer->name, layer->name);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    index_boxes boxes = {layer, sink};
    if (!sl_scan(store, st, index_box_row, &boxes, _("cannot check the spatial index"), err))
        return FALSE;
    sql = g_strdup_printf("SELECT count(*) FROM \"idx_%s_geom\" r WHERE NOT EXISTS"
                          " (SELECT 1 FROM \"%s\" t WHERE t.fid = r.pkid)",
                          layer->name, layer->name);
    gint64 orphans = 0;
    gboolean ok = sl_query_int(store, sql, &orphans, err);
    g_free(sql);
    if (ok && orphans > 0)
        store_problem(sink, _("%s: the spatial index has %" PRId64 " entries of no feature"),
                      layer->name, orphans);
    return ok;
}

static gboolean check_spatial_index(vi_store *store, const vi_layer *layer, problem_sink *sink,
                                    GError **err)
{
    sqlite3_stmt *st = sl_prepare(store, "SELECT CheckSpatialIndex(?, 'geom')", err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, layer->name, -1, SQLITE_STATIC);
    int rc = step_quietly(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_NULL)
        store_problem(sink,
                      _("%s: the spatial index cannot be checked (missing or not registered)"),
                      layer->name);
    else if (rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 1)
        store_problem(sink, _("%s: the spatial index (R*Tree) does not match the geometries"),
                      layer->name);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return sl_fail(store, err, _("cannot check the spatial index"));
    return check_index_boxes(store, layer, sink, err);
}

/* The registry's rules for every row of LAYER (store_check_feature()),
 * with what only the database can tell: types, geometry, references. */
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
    sqlite3_stmt *st = sl_prepare(store, sql->str, err);
    g_string_free(sql, TRUE);
    if (!st)
        return FALSE;
    int n = layer->nattrs;
    g_autofree const char **attrs = g_new0(const char *, n + 1);
    g_autofree const char **types = g_new0(const char *, n + 1);
    g_autofree double *numbers = g_new0(double, n + 1);
    int rc;
    /* GEOS prints each invalid geometry's reason on stderr too; the
     * problem list has it already. */
    while ((rc = step_quietly(st)) == SQLITE_ROW) {
        for (int a = 0; a < n; a++) {
            attrs[a] = sl_text(st, C_ATTRS + 2 * a);
            types[a] = sl_text(st, C_ATTRS + 2 * a + 1);
            numbers[a] = sqlite3_column_double(st, C_ATTRS + 2 * a);
        }
        gboolean has_year = sqlite3_column_type(st, C_YEAR) != SQLITE_NULL;
        store_check_row row = {
            .fid = sqlite3_column_int64(st, C_FID),
            .id = sl_text(st, C_ID),
            .village = sl_text(st, C_VILLAGE),
            .name = sl_text(st, C_NAME),
            .status = sl_text(st, C_STATUS),
            .year = has_year ? sl_text(st, C_YEAR) : NULL,
            .year_integer = has_year && strcmp(sl_text(st, C_YEAR_TYPE), "integer") == 0,
            .year_value = sqlite3_column_int64(st, C_YEAR),
            .project = sl_text(st, C_PROJECT),
            .village_known = sqlite3_column_int(st, C_VILLAGE_OK),
            .project_known = sqlite3_column_int(st, C_PROJECT_OK),
            .no_geometry = sqlite3_column_int(st, C_NOGEOM),
            .geometry_type = sl_text(st, C_GTYPE),
            .srid = sqlite3_column_int(st, C_SRID),
            .invalid = sl_text(st, C_INVALID),
            .attrs = attrs,
            .attr_types = types,
            .attr_numbers = numbers,
        };
        store_check_feature(sink, layer, &row);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TRUE : sl_fail(store, err, _("cannot read a layer"));
}

static gboolean project_rules(vi_store *store, sqlite3_stmt *st, void *sink, GError **err)
{
    (void)err;
    store_check_project(sink, store->reg, sl_text(st, 0), sl_text(st, 1), sl_text(st, 2),
                        sqlite3_column_int(st, 3));
    return TRUE;
}

gboolean sl_check_projects(vi_store *store, problem_sink *sink, GError **err)
{
    sqlite3_stmt *st = sl_prepare(
        store,
        "SELECT id, programme, village, village IS NULL OR EXISTS (SELECT 1 FROM villages v"
        " WHERE v.name = p.village) FROM projects p ORDER BY id",
        err);
    return sl_scan(store, st, project_rules, sink, _("cannot read projects"), err);
}

gboolean sl_check_layer(vi_store *store, const vi_layer *layer, problem_sink *sink, GError **err)
{
    gboolean exists = FALSE;
    if (!sl_table_exists(store, layer->name, &exists, err))
        return FALSE;
    return !exists ||
           (check_spatial_index(store, layer, sink, err) && check_rows(store, layer, sink, err));
}
