/*
 * sl-rtree.c - a layer's spatial index (SpatiaLite's R*Tree, an SQLite
 * rtree virtual table) built at once from all its boxes, for a bulk
 * transaction that adds many rows (sl-bulk.c).
 *
 * Inserting 100,000 boxes one by one into an rtree costs about a second:
 * each insert descends the tree, rewrites the nodes on its path and splits
 * the full ones.  Packing the boxes into full nodes by Sort-Tile-Recursive
 * (Leutenegger, Lopez and Edgington, 1997: sort by x, cut into vertical
 * slices, sort each slice by y, fill nodes in that order; then the same
 * for the nodes, level by level up to one root) costs a sort and a write
 * of each node once, and gives a tree that answers window queries at least
 * as well.  The table is dropped and created again from its own SQL, and
 * its shadow tables are written in the format of SQLite's rtree.c before
 * the module reads them:
 * - %_node (nodeno, data): node 1 is the root; a node is a blob of the
 *   table's node size: the tree's depth (root only, 2 bytes), the number
 *   of cells (2 bytes), then cells of a 64-bit id and the box as 32-bit
 *   floats (xmin, xmax, ymin, ymax), all big-endian; a leaf's cell id is
 *   the row's, an inner node's the child's node number;
 * - %_rowid (rowid, nodeno): the leaf of each row;
 * - %_parent (nodeno, parentnode): the parent of every node but the root.
 * Boxes are rounded outwards to floats as the module rounds them
 * (rtreeValueDown/Up), so the index holds what inserts would have put in.
 */
#include "sl-int.h"
#include <inttypes.h>
#include "i18n.h"
#include "vi-error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { CELL_BYTES = 8 + 4 * 4, NODE_HEADER = 4 };

/* The module's rounding of a double to a float below or above it. */
#define RND_TOWARDS (1.0 - 1.0 / 8388608.0)
#define RND_AWAY (1.0 + 1.0 / 8388608.0)

float sl_rtree_down(double d)
{
    float f = (float)d;
    if (f > d)
        f = (float)(d * (d < 0 ? RND_AWAY : RND_TOWARDS));
    return f;
}

float sl_rtree_up(double d)
{
    float f = (float)d;
    if (f < d)
        f = (float)(d * (d < 0 ? RND_TOWARDS : RND_AWAY));
    return f;
}

static int compare_x(const void *a, const void *b)
{
    const sl_rtree_entry *p = a, *q = b;
    float x = p->box[0] + p->box[1], y = q->box[0] + q->box[1];
    return x < y ? -1 : x > y ? 1 : (p->id > q->id) - (p->id < q->id);
}

static int compare_y(const void *a, const void *b)
{
    const sl_rtree_entry *p = a, *q = b;
    float x = p->box[2] + p->box[3], y = q->box[2] + q->box[3];
    return x < y ? -1 : x > y ? 1 : (p->id > q->id) - (p->id < q->id);
}

/* Order the N entries of E so that runs of CAP make the nodes (STR). */
static void str_sort(sl_rtree_entry *e, guint n, guint cap)
{
    qsort(e, n, sizeof *e, compare_x);
    guint nodes = (n + cap - 1) / cap;
    guint slices = (guint)ceil(sqrt((double)nodes));
    guint per_slice = slices * cap;
    for (guint at = 0; at < n; at += per_slice)
        qsort(e + at, MIN(per_slice, n - at), sizeof *e, compare_y);
}

/* The boxes of the nodes that runs of CAP entries of LEVEL make, each with
 * its index in the level as id. */
static GArray *node_boxes(const GArray *level, guint cap)
{
    GArray *up = g_array_new(FALSE, FALSE, sizeof(sl_rtree_entry));
    for (guint at = 0, j = 0; at < level->len; at += cap, j++) {
        sl_rtree_entry n = {.id = j};
        for (guint k = at; k < MIN(at + cap, level->len); k++) {
            const float *b = g_array_index(level, sl_rtree_entry, k).box;
            if (k == at) {
                memcpy(n.box, b, sizeof n.box);
                continue;
            }
            n.box[0] = MIN(n.box[0], b[0]);
            n.box[1] = MAX(n.box[1], b[1]);
            n.box[2] = MIN(n.box[2], b[2]);
            n.box[3] = MAX(n.box[3], b[3]);
        }
        g_array_append_val(up, n);
    }
    return up;
}

static void put_be64(unsigned char *p, guint64 v)
{
    v = GUINT64_TO_BE(v);
    memcpy(p, &v, 8);
}

static void put_cell(unsigned char *p, gint64 id, const float *box)
{
    put_be64(p, (guint64)id);
    for (int i = 0; i < 4; i++) {
        guint32 bits;
        memcpy(&bits, &box[i], 4);
        bits = GUINT32_TO_BE(bits);
        memcpy(p + 8 + 4 * i, &bits, 4);
    }
}

typedef struct {
    vi_store *store;
    sqlite3_stmt *node, *root, *rowid, *parent;
    int node_size;
} tree_writer;

static gboolean step_done(tree_writer *w, sqlite3_stmt *st, GError **err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || sl_fail(w->store, err, _("cannot write a spatial index"));
}

/* Write node NUMBER of cells CELLS[0..N) (ids already final), of DEPTH when
 * it is the root. */
static gboolean write_node(tree_writer *w, gint64 number, const sl_rtree_entry *cells, guint n,
                           int depth, GError **err)
{
    unsigned char *blob = g_malloc0((gsize)w->node_size);
    if (number == 1) {
        blob[0] = (unsigned char)(depth >> 8);
        blob[1] = (unsigned char)depth;
    }
    blob[2] = (unsigned char)(n >> 8);
    blob[3] = (unsigned char)n;
    for (guint i = 0; i < n; i++)
        put_cell(blob + NODE_HEADER + i * CELL_BYTES, cells[i].id, cells[i].box);
    sqlite3_stmt *st = number == 1 ? w->root : w->node;
    sqlite3_bind_int64(st, 1, number);
    sqlite3_bind_blob(st, 2, blob, w->node_size, g_free);
    return step_done(w, st, err);
}

static gboolean link_rows(tree_writer *w, sqlite3_stmt *st, const sl_rtree_entry *cells, guint n,
                          gint64 number, GError **err)
{
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < n; i++) {
        sqlite3_bind_int64(st, 1, cells[i].id);
        sqlite3_bind_int64(st, 2, number);
        ok = step_done(w, st, err);
    }
    return ok;
}

/* Pack LEVELS[0] (the rows) into nodes of CAP cells and write the tree. */
static gboolean write_tree(tree_writer *w, GPtrArray *levels, guint cap, GError **err)
{
    /* Sort each level and make the one above, up to a level of one node. */
    for (;;) {
        GArray *level = g_ptr_array_index(levels, levels->len - 1);
        str_sort((sl_rtree_entry *)level->data, level->len, cap);
        if (level->len <= cap)
            break;
        g_ptr_array_add(levels, node_boxes(level, cap));
    }
    /* Numbers: the root 1, then each level below in order. */
    int height = (int)levels->len - 1;
    gint64 *first = g_new(gint64, levels->len);
    first[height] = 1;
    for (int l = height - 1; l >= 0; l--) {
        GArray *above = g_ptr_array_index(levels, l + 1);
        first[l] = first[l + 1] + (above->len + cap - 1) / cap;
    }
    gboolean ok = TRUE;
    for (int l = height; ok && l >= 0; l--) {
        GArray *level = g_ptr_array_index(levels, l);
        sl_rtree_entry *e = (sl_rtree_entry *)level->data;
        if (l > 0)
            for (guint k = 0; k < level->len; k++)
                e[k].id += first[l - 1];
        for (guint at = 0, j = 0; ok && at < MAX(level->len, 1u); at += cap, j++) {
            guint n = MIN(cap, level->len - at);
            gint64 number = first[l] + j;
            ok = write_node(w, number, e + at, n, height, err) &&
                 link_rows(w, l > 0 ? w->parent : w->rowid, e + at, n, number, err);
        }
    }
    g_free(first);
    return ok;
}

/* Append every entry of INDEX to ENTRIES. */
static gboolean read_entries(vi_store *store, const char *index, GArray *entries, GError **err)
{
    char *sql = g_strdup_printf("SELECT pkid, xmin, xmax, ymin, ymax FROM \"%s\"", index);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    if (!st)
        return FALSE;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        /* The module hands its floats back as doubles: exact both ways. */
        sl_rtree_entry e = {
            sqlite3_column_int64(st, 0),
            {(float)sqlite3_column_double(st, 1), (float)sqlite3_column_double(st, 2),
             (float)sqlite3_column_double(st, 3), (float)sqlite3_column_double(st, 4)}};
        g_array_append_val(entries, e);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || sl_fail(store, err, _("cannot read a spatial index"));
}

static sqlite3_stmt *prepare_for(vi_store *store, const char *fmt, const char *index, GError **err)
{
    char *sql = g_strdup_printf(fmt, index);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    return st;
}

gboolean sl_rtree_build(vi_store *store, const char *index, GArray *added, GError **err)
{
    /* The table's own CREATE statement, to make it again as it was. */
    sqlite3_stmt *st =
        sl_prepare(store, "SELECT sql FROM sqlite_master WHERE type='table' AND name=?", err);
    if (!st)
        return FALSE;
    sqlite3_bind_text(st, 1, index, -1, SQLITE_STATIC);
    char *create = sqlite3_step(st) == SQLITE_ROW ? g_strdup(sl_text(st, 0)) : NULL;
    sqlite3_finalize(st);
    if (!create || !strstr(create, "rtree(pkid, xmin, xmax, ymin, ymax)")) {
        g_free(create);
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("cannot rebuild spatial index \"%s\" of '%s': it is not a two-dimensional "
                      "rtree"),
                    index, store->path);
        return FALSE;
    }
    GPtrArray *levels = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    GArray *rows = g_array_sized_new(FALSE, FALSE, sizeof(sl_rtree_entry), added->len);
    g_ptr_array_add(levels, rows);
    gboolean ok = read_entries(store, index, rows, err);
    g_array_append_vals(rows, added->data, added->len);
    char *drop = g_strdup_printf("DROP TABLE \"%s\"", index);
    ok = ok && sl_exec(store, drop, err) && sl_exec(store, create, err);
    g_free(drop);
    g_free(create);
    gint64 node_size = 0;
    char *size_sql = g_strdup_printf("SELECT length(data) FROM \"%s_node\" WHERE nodeno=1", index);
    ok = ok && sl_query_int(store, size_sql, &node_size, err);
    g_free(size_sql);
    guint cap = (guint)((node_size - NODE_HEADER) / CELL_BYTES);
    if (ok && cap < 3) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("cannot rebuild spatial index \"%s\" of '%s': nodes of %" PRId64 " bytes"),
                    index, store->path, node_size);
        ok = FALSE;
    }
    tree_writer w = {.store = store, .node_size = (int)node_size};
    if (ok) {
        w.root = prepare_for(store, "UPDATE \"%s_node\" SET data=?2 WHERE nodeno=?1", index, err);
        w.node = w.root ? prepare_for(store, "INSERT INTO \"%s_node\" (nodeno, data) VALUES (?, ?)",
                                      index, err)
                        : NULL;
        w.rowid = w.node
                      ? prepare_for(store, "INSERT INTO \"%s_rowid\" (rowid, nodeno) VALUES (?, ?)",
                                    index, err)
                      : NULL;
        w.parent = w.rowid ? prepare_for(store,
                                         "INSERT INTO \"%s_parent\" (nodeno, parentnode)"
                                         " VALUES (?, ?)",
                                         index, err)
                           : NULL;
        ok = w.parent && write_tree(&w, levels, cap, err);
    }
    sqlite3_finalize(w.root);
    sqlite3_finalize(w.node);
    sqlite3_finalize(w.rowid);
    sqlite3_finalize(w.parent);
    g_ptr_array_free(levels, TRUE);
    return ok;
}
