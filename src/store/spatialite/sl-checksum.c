/*
 * sl-checksum.c - the content checksum of a SpatiaLite database: the
 * SHA-256 of every row of every layer table, of imports and of projects,
 * tables in name order (layers, then imports, then projects) and rows in
 * primary key order, each value with its column name and storage class,
 * then the photos (sl_photo_hash()).  NULLs are left out, so a column the
 * registry added since (all NULL) changes nothing.  The history keeps it
 * before and after every change; undo and check compare against it.
 *
 * A bulk change (an import of 100,000 households) would hash every row
 * once more after writing them, a sixth of the import's time.  So the
 * checksum before a bulk change keeps, for each table, the sum before it
 * and after its rows, and its largest rowid; the rows the change adds to a
 * layer are hashed as their inserts are logged (sl_checksum_rows_added(),
 * by the thread that writes, while the reader still reads), onto a copy of
 * the sum after that layer's rows.  The checksum after starts from the
 * first table the change touched: from its running sum when the change
 * only added rows above the largest rowid of that layer (they sort last:
 * a layer's rows are in fid order, and the fid is the rowid), else from
 * the sum before it; every table after it is hashed again.  The result is
 * the very sum a full pass gives.
 */
#include "sl-int.h"
#include "i18n.h"

#include <string.h>

/* A table of the checksum, as the start of a bulk change found it. */
typedef struct sl_sum_mark {
    char *table;
    gboolean layer;    /* ordered by fid, the rowid */
    GChecksum *before; /* the sum before the table */
    GChecksum *after;  /* the sum after it (BEFORE when it did not exist) */
    gboolean existed;
    gint64 max_row;     /* its largest rowid then */
    gboolean touched;   /* the change logged a row of it */
    gboolean other;     /* ... and did more than add rows above MAX_ROW in order */
    GChecksum *running; /* AFTER and the rows added since (NULL: none yet) */
    gint64 running_to;  /* the last row in RUNNING */
} sl_sum_mark;

static void mark_free(gpointer p)
{
    sl_sum_mark *m = p;
    g_free(m->table);
    g_checksum_free(m->before);
    g_checksum_free(m->after);
    if (m->running)
        g_checksum_free(m->running);
    g_free(m);
}

void sl_checksum_marks_clear(vi_store *store)
{
    g_clear_pointer(&sl(store)->sum_marks, g_ptr_array_unref);
}

static sl_sum_mark *mark_find(vi_store *store, const char *table)
{
    GPtrArray *marks = sl(store)->sum_marks;
    for (guint i = 0; marks && i < marks->len; i++) {
        sl_sum_mark *m = marks->pdata[i];
        if (strcmp(m->table, table) == 0)
            return m;
    }
    return NULL;
}

/* VALUE of column NAME, as the checksum takes it, appended to OUT. */
static void value_bytes(GByteArray *out, const char *name, sqlite3_value *v)
{
    int type = sqlite3_value_type(v);
    if (type == SQLITE_NULL)
        return;
    guint8 tag = (guint8)type;
    g_byte_array_append(out, (const guint8 *)name, (guint)strlen(name) + 1);
    g_byte_array_append(out, &tag, 1);
    if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
        guint64 bits;
        if (type == SQLITE_INTEGER) {
            bits = (guint64)sqlite3_value_int64(v);
        } else {
            double d = sqlite3_value_double(v);
            memcpy(&bits, &d, sizeof bits);
        }
        bits = GUINT64_TO_BE(bits);
        g_byte_array_append(out, (const guint8 *)&bits, sizeof bits);
        return;
    }
    const void *data =
        type == SQLITE_TEXT ? (const void *)sqlite3_value_text(v) : sqlite3_value_blob(v);
    guint32 n = GUINT32_TO_BE((guint32)sqlite3_value_bytes(v));
    g_byte_array_append(out, (const guint8 *)&n, sizeof n);
    g_byte_array_append(out, data, (guint)sqlite3_value_bytes(v));
}

void sl_hash_value(GChecksum *sum, const char *name, sqlite3_value *v)
{
    GByteArray *bytes = g_byte_array_new();
    value_bytes(bytes, name, v);
    g_checksum_update(sum, bytes->data, bytes->len);
    g_byte_array_unref(bytes);
}

/* Add every row of ST (SELECT * ...) to SUM: each row's bytes gathered
 * first, one update of the sum a row rather than four a value (the same
 * bytes, in half the time). */
gboolean sl_hash_rows(vi_store *store, sqlite3_stmt *st, GChecksum *sum, GError **err)
{
    int rc;
    int ncols = sqlite3_column_count(st);
    const char **names = g_new(const char *, ncols > 0 ? ncols : 1);
    for (int i = 0; i < ncols; i++)
        names[i] = sqlite3_column_name(st, i);
    GByteArray *row = g_byte_array_sized_new(1024);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        g_byte_array_set_size(row, 0);
        g_byte_array_append(row, (const guint8 *)"\x1e", 1);
        for (int i = 0; i < ncols; i++)
            value_bytes(row, names[i], sqlite3_column_value(st, i));
        g_checksum_update(sum, row->data, row->len);
    }
    g_byte_array_unref(row);
    g_free(names);
    return rc == SQLITE_DONE ? TRUE : sl_fail(store, err, _("cannot read rows"));
}

/* Add the rows of TABLE (a layer when LAYER) to SUM, those from rowid FROM
 * on (0: all, with the table's name first). */
static gboolean hash_table(vi_store *store, const char *table, gboolean layer, gint64 from,
                           gint64 to, GChecksum *sum, GError **err)
{
    if (!from)
        g_checksum_update(sum, (const guchar *)table, (gssize)strlen(table) + 1);
    const char *key = layer ? "fid" : "id";
    char *sql = from ? g_strdup_printf("SELECT * FROM \"%s\" WHERE fid BETWEEN ?1 AND ?2 ORDER BY"
                                       " fid",
                                       table)
                     : g_strdup_printf("SELECT * FROM \"%s\" ORDER BY %s", table, key);
    sqlite3_stmt *st = sl_prepare(store, sql, err);
    g_free(sql);
    if (st && from) {
        sqlite3_bind_int64(st, 1, from);
        sqlite3_bind_int64(st, 2, to);
    }
    gboolean ok = st && sl_hash_rows(store, st, sum, err);
    sqlite3_finalize(st);
    return ok;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The tables of the checksum, in its order (the names are the registry's). */
static GPtrArray *checksum_tables(vi_store *store)
{
    GPtrArray *tables = g_ptr_array_new();
    for (int i = 0; i < registry_layer_count(store->reg); i++)
        g_ptr_array_add(tables, registry_layer_at(store->reg, i)->name);
    g_ptr_array_sort(tables, compare_names);
    g_ptr_array_add(tables, "imports");
    g_ptr_array_add(tables, "projects");
    return tables;
}

/* Where the checksum after a bulk change starts: *START, the first table
 * to hash in full, and the sum before it (caller frees). */
static GChecksum *resume(vi_store *store, guint *start)
{
    GPtrArray *marks = sl(store)->sum_marks;
    guint i = 0;
    while (i < marks->len && !((sl_sum_mark *)marks->pdata[i])->touched)
        i++;
    *start = i;
    if (i == marks->len)
        return i ? g_checksum_copy(((sl_sum_mark *)marks->pdata[i - 1])->after)
                 : g_checksum_new(G_CHECKSUM_SHA256);
    sl_sum_mark *m = marks->pdata[i];
    if (!m->other && m->running) {
        *start = i + 1;
        return g_checksum_copy(m->running);
    }
    return g_checksum_copy(m->before);
}

char *sl_checksum(vi_store *store, GError **err)
{
    GPtrArray *tables = checksum_tables(store);
    /* The start of a bulk change keeps its marks; its end uses them. */
    gboolean marking = sl(store)->bulk_layers && !store->change_id;
    gboolean resuming = sl(store)->bulk_layers && store->change_id && sl(store)->sum_marks &&
                        sl(store)->sum_marks->len == tables->len;
    if (marking) {
        sl_checksum_marks_clear(store);
        sl(store)->sum_marks = g_ptr_array_new_with_free_func(mark_free);
    }
    guint start = 0;
    gboolean ok = !resuming || sl_log_flush(store, err);
    GChecksum *sum = resuming && ok ? resume(store, &start) : g_checksum_new(G_CHECKSUM_SHA256);
    for (guint i = start; ok && i < tables->len; i++) {
        const char *table = tables->pdata[i];
        gboolean layer = i + 2 < tables->len, exists = FALSE;
        sl_sum_mark *m = NULL;
        if (marking) {
            m = g_new0(sl_sum_mark, 1);
            m->table = g_strdup(table);
            m->layer = layer;
            m->before = g_checksum_copy(sum);
            g_ptr_array_add(sl(store)->sum_marks, m);
        }
        ok = sl_table_exists(store, table, &exists, err) &&
             (!exists || hash_table(store, table, layer, 0, 0, sum, err));
        if (ok && m) {
            m->after = g_checksum_copy(sum);
            m->existed = exists;
            if (exists && layer) {
                char *sql = g_strdup_printf("SELECT coalesce(max(fid), 0) FROM \"%s\"", table);
                ok = sl_query_int(store, sql, &m->max_row, err);
                g_free(sql);
            }
        }
    }
    ok = ok && sl_photo_hash(store, sum, err);
    char *hex = ok ? g_strdup(g_checksum_get_string(sum)) : NULL;
    g_checksum_free(sum);
    g_ptr_array_free(tables, TRUE);
    if (!ok && marking)
        sl_checksum_marks_clear(store);
    return hex;
}

void sl_checksum_touched(vi_store *store, const char *table, gint64 row, gboolean insert)
{
    sl_sum_mark *m = mark_find(store, table);
    if (!m)
        return;
    m->touched = TRUE;
    if (!insert || row <= m->max_row || !m->layer || !m->existed)
        m->other = TRUE;
}

gboolean sl_checksum_rows_added(vi_store *store, const char *table, gint64 first, gint64 last,
                                GError **err)
{
    sl_sum_mark *m = mark_find(store, table);
    if (!m || m->other)
        return TRUE;
    if (!m->running) {
        m->running = g_checksum_copy(m->after);
        m->running_to = m->max_row;
    }
    /* Rows come in order, each once; anything else and the table is hashed
     * again.  (Gaps are fids undo freed: the log keeps them from reuse.) */
    if (first <= m->running_to) {
        m->other = TRUE;
        return TRUE;
    }
    m->running_to = last;
    return hash_table(store, table, TRUE, first, last, m->running, err);
}
