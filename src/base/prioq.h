/*
 * prioq.h - a priority queue of fixed-size items: a binary heap in one
 * array, the first item the one the comparison puts first (git's
 * prio-queue.c is the model).  Dijkstra's search over the road network
 * (network.c) and the lazy greedy picking of sites (siting.c) both use it.
 *
 * Items are copied in and out by value, so a queue of small structs needs
 * no allocation per item.  Items that compare equal come out in an order
 * that depends only on the order of the calls, never on memory or time:
 * two runs give the same order.
 */
#ifndef VINFRA_PRIOQ_H
#define VINFRA_PRIOQ_H

#include <glib.h>

/* Negative when A comes out before B, positive when after, 0 when either
 * may.  DATA is the queue's. */
typedef int (*vi_prioq_compare)(const void *a, const void *b, void *data);

typedef struct vi_prioq vi_prioq;

/* An empty queue of items of ITEM_SIZE bytes ordered by COMPARE, which is
 * handed DATA (borrowed).  Free with prioq_free(). */
vi_prioq *prioq_new(gsize item_size, vi_prioq_compare compare, void *data);
/* Frees Q; NULL is allowed. */
void prioq_free(vi_prioq *q);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(vi_prioq, prioq_free)

/* Add a copy of the item at ITEM. */
void prioq_put(vi_prioq *q, const void *item);
/* Copy the first item to ITEM and take it out; FALSE (ITEM untouched) when
 * Q is empty. */
gboolean prioq_get(vi_prioq *q, void *item);
/* The first item, left in the queue, or NULL when Q is empty.  Valid until
 * the next put or get. */
const void *prioq_peek(const vi_prioq *q);
/* How many items Q holds. */
guint prioq_len(const vi_prioq *q);

#endif
