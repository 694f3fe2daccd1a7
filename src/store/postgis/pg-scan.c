/*
 * pg-scan.c - reading the layers of a server database: features with
 * their geometry as WKB, points as two numbers, and the projects; each
 * through a cursor in binary form (pg-sql.c), in fid order.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Text column COL of a binary result: its bytes, NULL for null (libpq ends
 * every value with a NUL). */
static const char *text_at(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

typedef struct {
    const vi_layer *layer;
    vi_feature_fn fn;
    void *user;
    const char **attrs;
} feature_scan;

static gboolean feature_row(PGresult *r, int row, void *ctx, GError **err)
{
    feature_scan *scan = ctx;
    const char *year = text_at(r, row, 4);
    vi_feature f = {
        .id = text_at(r, row, 0),
        .village = text_at(r, row, 1),
        .name = text_at(r, row, 2),
        .status = text_at(r, row, 3),
        .year = year ? atoi(year) : 0,
        .project = text_at(r, row, 5),
        .wkb = PQgetisnull(r, row, 6) ? NULL : (const unsigned char *)PQgetvalue(r, row, 6),
        .wkb_size = PQgetisnull(r, row, 6) ? 0 : (size_t)PQgetlength(r, row, 6),
    };
    for (int i = 0; i < scan->layer->nattrs; i++)
        scan->attrs[i] = text_at(r, row, 7 + i);
    f.attrs = scan->attrs;
    return scan->fn(&f, scan->user, err);
}

gboolean pg_feature_scan(vi_store *store, const vi_layer *layer, const char *village,
                         vi_feature_fn fn, void *user, GError **err)
{
    gboolean have_table = FALSE;
    if (!pg_table_exists(store, layer->name, &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    GString *sql =
        g_string_new("SELECT id, village, name, status, year::text, project, ST_AsBinary(geom)");
    for (int i = 0; i < layer->nattrs; i++)
        g_string_append_printf(sql,
                               pg_may_read(store, layer->name, layer->attrs[i]->name)
                                   ? ", \"%s\"::text"
                                   : ", NULL::text /* %s */",
                               layer->attrs[i]->name);
    g_string_append_printf(sql, " FROM \"%s\"", layer->name);
    if (village)
        g_string_append(sql, strcmp(layer->name, "villages") == 0 ? " WHERE name = $1"
                                                                  : " WHERE village = $1");
    g_string_append(sql, " ORDER BY fid");
    feature_scan scan = {layer, fn, user, g_new0(const char *, layer->nattrs + 1)};
    gboolean ok =
        pg_cursor_scan(store, sql->str, village ? 1 : 0, &village, TRUE, feature_row, &scan, err);
    g_free(scan.attrs);
    g_string_free(sql, TRUE);
    return ok;
}

typedef struct {
    vi_project_fn fn;
    void *user;
} project_scan;

static gboolean project_row(PGresult *r, int row, void *ctx, GError **err)
{
    project_scan *scan = ctx;
    const char *year = text_at(r, row, 5), *funding = text_at(r, row, 6);
    vi_project p = {
        .id = text_at(r, row, 0),
        .name = text_at(r, row, 1),
        .programme = text_at(r, row, 2),
        .village = text_at(r, row, 3),
        .kind = text_at(r, row, 4),
        .year = year ? atoi(year) : 0,
        .funding_wan = funding ? g_ascii_strtod(funding, NULL) : 0,
    };
    return scan->fn(&p, scan->user, err);
}

gboolean pg_project_scan(vi_store *store, const char *village, vi_project_fn fn, void *user,
                         GError **err)
{
    const char *sql = village ? "SELECT id, name, programme, village, kind, year::text,"
                                " funding_wan::text FROM projects WHERE village = $1 ORDER BY id"
                              : "SELECT id, name, programme, village, kind, year::text,"
                                " funding_wan::text FROM projects ORDER BY id";
    return pg_cursor_scan(store, sql, village ? 1 : 0, &village, TRUE, project_row,
                          &(project_scan){fn, user}, err);
}

static gboolean fid_range(vi_store *store, const vi_layer *layer, gint64 *first, gint64 *last,
                          GError **err)
{
    char *sql =
        g_strdup_printf("SELECT (SELECT min(fid) FROM \"%s\"), (SELECT max(fid) FROM \"%s\")",
                        layer->name, layer->name);
    PGresult *r = pg_run(store, sql, 0, NULL, _("cannot read layer"), err);
    g_free(sql);
    if (!r)
        return FALSE;
    gboolean empty = PQgetisnull(r, 0, 0);
    *first = empty ? 1 : g_ascii_strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    *last = empty ? 0 : g_ascii_strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    PQclear(r);
    return TRUE;
}

gboolean pg_fid_span(vi_store *store, const vi_layer *layer, gint64 *span, GError **err)
{
    gboolean have_table = FALSE;
    gint64 first = 1, last = 0;
    *span = 0;
    if (!pg_table_exists(store, layer->name, &have_table, err) ||
        (have_table && !fid_range(store, layer, &first, &last, err)))
        return FALSE;
    *span = last - first + 1;
    return TRUE;
}

typedef struct {
    vi_store *store;
    const vi_layer *layer;
    int ncols;
    vi_point_fn fn;
    void *user;
    const char **values;
} point_scan;

static gboolean point_row(PGresult *r, int row, void *ctx, GError **err)
{
    point_scan *scan = ctx;
    if (PQgetisnull(r, row, 1)) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("layer \"%s\" in '%s': feature %" PRId64 " has no point"), scan->layer->name,
                    scan->store->path, pg_binary_int64(r, row, 0));
        return FALSE;
    }
    for (int i = 0; i < scan->ncols; i++)
        scan->values[i] = text_at(r, row, 3 + i);
    return scan->fn(pg_binary_double(r, row, 1), pg_binary_double(r, row, 2), scan->values,
                    scan->user, err);
}

gboolean pg_point_scan(vi_store *store, const vi_layer *layer, const char *const *columns, int part,
                       int nparts, vi_point_fn fn, void *user, GError **err)
{
    static const char *const common[] = {"id",   "village", "name", "status",
                                         "year", "project", NULL};
    gboolean have_table = FALSE;
    if (!pg_table_exists(store, layer->name, &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    int ncols = columns ? (int)g_strv_length((char **)columns) : 0;
    GString *sql = g_string_new("SELECT fid, ST_X(geom), ST_Y(geom)");
    for (int i = 0; i < ncols; i++) {
        if (!g_strv_contains(common, columns[i]) && layer_attr_index(layer, columns[i]) < 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("layer \"%s\" has no column \"%s\""),
                        layer->name, columns[i]);
            g_string_free(sql, TRUE);
            return FALSE;
        }
        g_string_append_printf(sql,
                               pg_may_read(store, layer->name, columns[i])
                                   ? ", \"%s\"::text"
                                   : ", NULL::text /* %s */",
                               columns[i]);
    }
    g_string_append_printf(sql, " FROM \"%s\"", layer->name);
    gint64 first = 1, last = 0;
    char lo[32], hi[32];
    const char *params[2] = {NULL, NULL};
    if (nparts > 1) {
        if (!fid_range(store, layer, &first, &last, err)) {
            g_string_free(sql, TRUE);
            return FALSE;
        }
        gint64 span = last - first + 1;
        params[0] = pg_int_text(lo, first + span * part / nparts);
        params[1] = pg_int_text(hi, first + span * (part + 1) / nparts);
        g_string_append(sql, " WHERE fid >= $1::bigint AND fid < $2::bigint");
    }
    g_string_append(sql, " ORDER BY fid");
    point_scan scan = {store, layer, ncols, fn, user, g_new0(const char *, ncols + 1)};
    gboolean ok =
        pg_cursor_scan(store, sql->str, nparts > 1 ? 2 : 0, params, TRUE, point_row, &scan, err);
    g_free(scan.values);
    g_string_free(sql, TRUE);
    return ok;
}
