/*
 * sl-bulk.c - a transaction that writes many rows into a layer (an import
 * of 100,000 households) without SpatiaLite's per-row triggers.
 *
 * Every layer table carries SpatiaLite's triggers: before each insert a
 * geometry-constraint check that looks its layer up in geometry_columns,
 * after it an update of geometry_columns_time and an R*Tree insert through
 * RTreeAlign(), which builds and prepares an SQL statement per row.  On a
 * large import they cost more than everything else the write does.  So in
 * a bulk transaction (store_begin_bulk()) the first insert into a layer
 * drops those three triggers, keeping their SQL.  Each row's box is taken
 * from the WKB being written (not from the stored blob through four
 * SpatiaLite functions) and kept; the commit puts them into the R*Tree,
 * rebuilding it at once when they are many next to what it holds
 * (sl-rtree.c: a second of one-by-one inserts for 100,000 rows becomes a
 * tenth), else through one insert prepared once.  Nothing in an import
 * reads the index before its commit.  The commit also checks the same
 * geometry constraint on every row added, in one query, sets the time of
 * the last insert, and creates the triggers again from their own
 * SQL.  DDL is transactional in SQLite: a
 * rollback at any point restores the triggers with everything else, and
 * readers of the file (WAL) never see the table without them.
 *
 * The rows of one bulk transaction get fids above every fid the table had
 * (fresh_rowid() in sl-features.c), so "the rows added" is "fid >= the
 * first fid written".
 */
#include "sl-int.h"
#include <inttypes.h>
#include "i18n.h"
#include "geom.h"
#include "vi-error.h"

#include <string.h>

/* The triggers of a layer's geometry a bulk insert defers, by prefix. */
static const char *const deferred_triggers[] = {"ggi", "tmi", "gii"};
#define N_DEFERRED G_N_ELEMENTS(deferred_triggers)

typedef struct {
    char *layer;
    gint64 first_fid;
    char *trigger_sql[N_DEFERRED]; /* NULL: the table has no such trigger */
    gboolean indexed;              /* the layer has an R*Tree */
    gint64 index_rows;             /* the rows it held when the bulk began */
    GArray *boxes;                 /* sl_rtree_entry: the rows added, for the R*Tree */
} bulk_layer;

/* Below this many boxes, or when the index holds more than REBUILD_RATIO
 * times as many, the added rows are inserted into it one by one. */
enum { REBUILD_MIN = 256, REBUILD_RATIO = 4 };

static void bulk_layer_free(gpointer p)
{
    bulk_layer *b = p;
    g_free(b->layer);
    for (guint i = 0; i < N_DEFERRED; i++)
        g_free(b->trigger_sql[i]);
    g_array_free(b->boxes, TRUE);
    g_free(b);
}

void sl_bulk_set(vi_store *store, gboolean on)
{
    sl(store)->log_run.last_row = 0;
    sl_checksum_marks_clear(store);
    if (sl(store)->bulk_layers) {
        g_ptr_array_free(sl(store)->bulk_layers, TRUE);
        sl(store)->bulk_layers = NULL;
    }
    if (on)
        sl(store)->bulk_layers = g_ptr_array_new_with_free_func(bulk_layer_free);
}

static bulk_layer *bulk_find(vi_store *store, const char *layer)
{
    GPtrArray *all = sl(store)->bulk_layers;
    for (guint i = 0; i < all->len; i++) {
        bulk_layer *b = all->pdata[i];
        if (strcmp(b->layer, layer) == 0)
            return b;
    }
    return NULL;
}

/* The SQL of trigger NAME, or NULL when there is none (*OK FALSE on a
 * failure, with ERR). */
static char *trigger_sql(vi_store *store, const char *name, gboolean *ok, GError **err)
{
    sqlite3_stmt *st =
        sl_prepare(store, "SELECT sql FROM sqlite_master WHERE type='trigger' AND name=?", err);
    *ok = st != NULL;
    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    char *sql = rc == SQLITE_ROW ? g_strdup(sl_text(st, 0)) : NULL;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        *ok = sl_fail(store, err, _("cannot read a trigger"));
    sqlite3_finalize(st);
    return sql;
}

/* Start deferring LAYER's triggers, whose first row added is FID. */
static gboolean bulk_layer_start(vi_store *store, const char *layer, gint64 fid, GError **err)
{
    bulk_layer *b = g_new0(bulk_layer, 1);
    b->layer = g_strdup(layer);
    b->first_fid = fid;
    g_ptr_array_add(sl(store)->bulk_layers, b);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < N_DEFERRED; i++) {
        char *name = g_strdup_printf("%s_%s_geom", deferred_triggers[i], layer);
        b->trigger_sql[i] = trigger_sql(store, name, &ok, err);
        if (ok && b->trigger_sql[i]) {
            char *drop = g_strdup_printf("DROP TRIGGER \"%s\"", name);
            ok = sl_exec(store, drop, err);
            g_free(drop);
        }
        g_free(name);
    }
    b->boxes = g_array_new(FALSE, FALSE, sizeof(sl_rtree_entry));
    if (ok && b->trigger_sql[2]) {
        b->indexed = TRUE;
        char *sql = g_strdup_printf("SELECT count(*) FROM \"idx_%s_geom_rowid\"", layer);
        ok = sl_query_int(store, sql, &b->index_rows, err);
        g_free(sql);
    }
    return ok;
}

gboolean sl_bulk_layer_insert(vi_store *store, const char *layer, gint64 fid, GError **err)
{
    return !sl(store)->bulk_layers || bulk_find(store, layer) ||
           bulk_layer_start(store, layer, fid, err);
}

gboolean sl_bulk_row_added(vi_store *store, const char *layer, gint64 fid, const unsigned char *wkb,
                           size_t wkb_size, GError **err)
{
    bulk_layer *b = sl(store)->bulk_layers ? bulk_find(store, layer) : NULL;
    if (!b || !b->indexed)
        return TRUE;
    vi_geom g = {0};
    if (!geom_from_wkb(wkb, wkb_size, &g, err))
        return FALSE;
    /* An empty geometry has no box, and the trigger indexes none. */
    if (g.npoints > 0) {
        double minx, miny, maxx, maxy;
        geom_bounds(&g, &minx, &miny, &maxx, &maxy);
        sl_rtree_entry e = {
            fid, {sl_rtree_down(minx), sl_rtree_up(maxx), sl_rtree_down(miny), sl_rtree_up(maxy)}};
        g_array_append_val(b->boxes, e);
    }
    geom_clear(&g);
    return TRUE;
}

/* B's boxes into its layer's R*Tree: rebuilt, or one insert each. */
static gboolean bulk_layer_index(vi_store *store, const bulk_layer *b, GError **err)
{
    char *index = g_strdup_printf("idx_%s_geom", b->layer);
    gboolean ok = TRUE;
    if (b->boxes->len >= REBUILD_MIN && b->index_rows <= REBUILD_RATIO * (gint64)b->boxes->len) {
        ok = sl_rtree_build(store, index, b->boxes, err);
    } else if (b->boxes->len > 0) {
        char *sql = g_strdup_printf(
            "INSERT INTO \"%s\" (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)", index);
        sqlite3_stmt *st = sl_prepare(store, sql, err);
        g_free(sql);
        ok = st != NULL;
        for (guint i = 0; ok && i < b->boxes->len; i++) {
            /* Floats, as doubles: the module keeps them as they are. */
            const sl_rtree_entry *e = &g_array_index(b->boxes, sl_rtree_entry, i);
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, e->id);
            for (int k = 0; k < 4; k++)
                sqlite3_bind_double(st, 2 + k, e->box[k]);
            ok =
                sqlite3_step(st) == SQLITE_DONE || sl_fail(store, err, _("cannot index a feature"));
        }
        sqlite3_finalize(st);
    }
    g_free(index);
    return ok;
}

/* Check the rows B added as the constraint trigger would have, set the
 * time of the last insert, and create the triggers again. */
static gboolean bulk_layer_finish(vi_store *store, const bulk_layer *b, GError **err)
{
    const char *t = b->layer;
    gboolean ok = TRUE;
    if (b->trigger_sql[0]) {
        char *sql = g_strdup_printf(
            "SELECT count(*) FROM \"%s\" WHERE fid >= ?1 AND (SELECT geometry_type FROM"
            " geometry_columns WHERE Lower(f_table_name) = Lower(?2) AND"
            " Lower(f_geometry_column) = 'geom' AND"
            " GeometryConstraints(geom, geometry_type, srid) = 1) IS NULL",
            t);
        sqlite3_stmt *st = sl_prepare(store, sql, err);
        g_free(sql);
        ok = st != NULL;
        gint64 bad = 0;
        if (ok) {
            sqlite3_bind_int64(st, 1, b->first_fid);
            sqlite3_bind_text(st, 2, t, -1, SQLITE_STATIC);
            ok =
                sqlite3_step(st) == SQLITE_ROW || sl_fail(store, err, _("cannot check geometries"));
            bad = ok ? sqlite3_column_int64(st, 0) : 0;
        }
        sqlite3_finalize(st);
        if (ok && bad > 0) {
            g_set_error(
                err, VI_ERROR, VI_ERROR_STORE,
                NG_("cannot write to '%s': %s.geom violates Geometry constraint [geom-type or "
                    "SRID not allowed] (%" PRId64 " row)",
                    "cannot write to '%s': %s.geom violates Geometry constraint [geom-type or "
                    "SRID not allowed] (%" PRId64 " rows)",
                    (unsigned long)bad),
                store->path, t, (int64_t)bad);
            ok = FALSE;
        }
    }
    if (ok && b->indexed)
        ok = bulk_layer_index(store, b, err);
    if (ok && b->trigger_sql[1]) {
        sqlite3_stmt *st = sl_prepare(
            store,
            "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
            " WHERE Lower(f_table_name) = Lower(?) AND Lower(f_geometry_column) = 'geom'",
            err);
        ok = st != NULL;
        if (ok) {
            sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC);
            ok = sqlite3_step(st) == SQLITE_DONE || sl_fail(store, err, _("cannot write a time"));
        }
        sqlite3_finalize(st);
    }
    for (guint i = 0; ok && i < N_DEFERRED; i++)
        if (b->trigger_sql[i])
            ok = sl_exec(store, b->trigger_sql[i], err);
    return ok;
}

gboolean sl_bulk_finish(vi_store *store, GError **err)
{
    GPtrArray *all = sl(store)->bulk_layers;
    gboolean ok = TRUE;
    for (guint i = 0; ok && all && i < all->len; i++)
        ok = bulk_layer_finish(store, all->pdata[i], err);
    return ok;
}
