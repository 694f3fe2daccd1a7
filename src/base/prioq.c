/*
 * prioq.c - a binary heap in one array.  See prioq.h.
 *
 * Item i's children are items 2i + 1 and 2i + 2.  A new item moves up
 * while it comes before its parent; the last item, moved to the top when
 * the first is taken, moves down while a child comes before it (the left
 * child when both do and they compare equal).  Moves go through one spare
 * item (a hole), not swaps: the same positions, fewer copies.
 */
#include "prioq.h"

#include <string.h>

struct vi_prioq {
    GArray *items;
    gsize size;
    vi_prioq_compare compare;
    void *data;
    guint8 *spare; /* one item: the one moving up or down */
};

vi_prioq *prioq_new(gsize item_size, vi_prioq_compare compare, void *data)
{
    g_return_val_if_fail(item_size > 0 && item_size <= G_MAXUINT && compare, NULL);
    vi_prioq *q = g_new0(vi_prioq, 1);
    q->items = g_array_new(FALSE, FALSE, (guint)item_size);
    q->size = item_size;
    q->compare = compare;
    q->data = data;
    q->spare = g_malloc(item_size);
    return q;
}

void prioq_free(vi_prioq *q)
{
    if (!q)
        return;
    g_array_free(q->items, TRUE);
    g_free(q->spare);
    g_free(q);
}

static guint8 *at(const vi_prioq *q, guint i)
{
    return (guint8 *)q->items->data + (gsize)i * q->size;
}

void prioq_put(vi_prioq *q, const void *item)
{
    memcpy(q->spare, item, q->size);
    g_array_set_size(q->items, q->items->len + 1);
    guint i = q->items->len - 1;
    while (i > 0) {
        guint parent = (i - 1) / 2;
        if (q->compare(q->spare, at(q, parent), q->data) >= 0)
            break;
        memcpy(at(q, i), at(q, parent), q->size);
        i = parent;
    }
    memcpy(at(q, i), q->spare, q->size);
}

gboolean prioq_get(vi_prioq *q, void *item)
{
    guint n = q->items->len;
    if (n == 0)
        return FALSE;
    memcpy(item, at(q, 0), q->size);
    memcpy(q->spare, at(q, n - 1), q->size);
    g_array_set_size(q->items, --n);
    if (n == 0)
        return TRUE;
    guint i = 0;
    for (;;) {
        guint l = 2 * i + 1, r = l + 1;
        const guint8 *best = q->spare;
        guint to = i;
        if (l < n && q->compare(at(q, l), best, q->data) < 0)
            best = at(q, to = l);
        if (r < n && q->compare(at(q, r), best, q->data) < 0)
            best = at(q, to = r);
        if (to == i)
            break;
        memcpy(at(q, i), best, q->size);
        i = to;
    }
    memcpy(at(q, i), q->spare, q->size);
    return TRUE;
}

const void *prioq_peek(const vi_prioq *q)
{
    return q->items->len ? at(q, 0) : NULL;
}

guint prioq_len(const vi_prioq *q)
{
    return q->items->len;
}
