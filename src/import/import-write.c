/*
 * import-write.c - the second pass of an import (import-int.h), run on a
 * thread of its own while the first pass still reads: each feature checked
 * is handed over and written at once, in the one bulk transaction the
 * import opened, so that reading the file (GDAL) and writing the store
 * (SQLite, the R*Tree) take the time of the slower of the two, not of both.
 *
 * Why this is safe:
 * - Nothing is committed until the reader has checked every feature: a
 *   rejected file, a failed write or any error rolls the transaction back,
 *   so the database stays byte-identical, as with the two passes in turn.
 * - The store's connection is used by one thread at a time: the reader
 *   loads what it needs from the store (ids, villages, projects) before the
 *   writer starts, never touches the store while it runs, and commits or
 *   rolls back only after import_writer_finish() has joined it.
 * - A feature handed over is never touched again by the reader: the writer
 *   frees it.
 */
#include "i18n.h"
#include "import-int.h"
#include "vi-error.h"

typedef struct {
    importer *imp;
    pending_feature *pf; /* NULL: IMP's layer starts */
} write_item;

/* Items go over in batches: one wake-up of the writer for many features. */
enum { BATCH_ITEMS = 256 };

struct import_writer {
    vi_store *store;
    GArray *batch;      /* write_item: the reader's, not yet handed over */
    GAsyncQueue *queue; /* GArray * of write_item; an empty one ends */
    GThread *thread;
    gint failed; /* atomic: a write failed, the rest are dropped */
    GError *error;
};

/* Write one item; FALSE with ERR when the store refuses it. */
static gboolean write_item_do(vi_store *store, const write_item *it, GError **err)
{
    importer *imp = it->imp;
    const vi_layer *layer = imp->layer;
    if (!it->pf) {
        gboolean ok = store_ensure_layer(store, layer, err) &&
                      (imp->import_id = store_import_record(store, imp->file, layer->name,
                                                            imp->sha256, 0, err)) > 0;
        if (!ok)
            g_prefix_error(err, _("cannot import '%s': "), imp->file);
        return ok;
    }
    const pending_feature *pf = it->pf;
    gint64 year = 0;
    if (pf->values[F_YEAR])
        import_parse_int(pf->values[F_YEAR], &year);
    vi_feature f = {
        .id = pf->values[F_ID],
        .village = pf->village,
        .name = pf->values[F_NAME],
        .status = pf->values[F_STATUS],
        .year = (int)year,
        .project = pf->values[F_PROJECT],
        .wkb = pf->wkb,
        .wkb_size = pf->wkb_size,
        .attrs = (const char *const *)pf->values + F_COMMON,
    };
    GError *why = NULL;
    if (store_feature_insert(store, layer, &f, imp->import_id, &why))
        return TRUE;
    /* A refusal the reader's checks did not foresee (a constraint, the disk):
     * which feature, and the store's own words. */
    char *label = import_item_label(pf->noun, pf->number, pf->id_shown ? f.id : NULL);
    import_set_error(err, why->code, pf->path, _("%s: %s"), label, why->message);
    g_free(label);
    g_error_free(why);
    return FALSE;
}

static gpointer writer_main(gpointer data)
{
    import_writer *w = data;
    for (;;) {
        GArray *batch = g_async_queue_pop(w->queue);
        gboolean end = batch->len == 0;
        for (guint i = 0; i < batch->len; i++) {
            write_item *it = &g_array_index(batch, write_item, i);
            if (!g_atomic_int_get(&w->failed) && !write_item_do(w->store, it, &w->error))
                g_atomic_int_set(&w->failed, 1);
            /* Freed here, as written: the reader is busy enough. */
            import_pending_free(it->pf);
        }
        g_array_free(batch, TRUE);
        if (end)
            return NULL;
    }
}

static GArray *batch_new(void)
{
    return g_array_sized_new(FALSE, FALSE, sizeof(write_item), BATCH_ITEMS);
}

import_writer *import_writer_start(vi_store *store, GError **err)
{
    if (!store_begin_bulk(store, err))
        return NULL;
    import_writer *w = g_new0(import_writer, 1);
    w->store = store;
    w->batch = batch_new();
    w->queue = g_async_queue_new();
    w->thread = g_thread_new("vinfra-import-write", writer_main, w);
    return w;
}

/* Hand the batch over (an empty one: the end). */
static void hand_over(import_writer *w)
{
    g_async_queue_push(w->queue, w->batch);
    w->batch = batch_new();
}

static void push(import_writer *w, importer *imp, pending_feature *pf)
{
    write_item it = {imp, pf};
    g_array_append_val(w->batch, it);
    if (w->batch->len >= BATCH_ITEMS)
        hand_over(w);
}

void import_writer_layer(import_writer *w, importer *imp)
{
    push(w, imp, NULL);
}

void import_writer_feature(import_writer *w, importer *imp, pending_feature *pf)
{
    push(w, imp, pf);
}

gboolean import_writer_failed(import_writer *w)
{
    return g_atomic_int_get(&w->failed) != 0;
}

gboolean import_writer_finish(import_writer *w, GError **err)
{
    if (w->batch->len > 0)
        hand_over(w);
    hand_over(w); /* empty: the end */
    g_array_free(w->batch, TRUE);
    g_thread_join(w->thread);
    g_async_queue_unref(w->queue);
    gboolean ok = !w->error;
    if (w->error)
        g_propagate_error(err, w->error);
    g_free(w);
    return ok;
}
