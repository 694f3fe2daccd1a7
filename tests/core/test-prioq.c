/*
 * test-prioq.c - the priority queue: items come out in the comparison's
 * order (against a sorted copy), peek and get agree, an empty queue says
 * so and leaves the item alone, interleaved puts and gets keep the order,
 * items are copied by value, and ties come out the same way on every run.
 */
#include "../unit.h"
#include "prioq.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    double key;
    int tag;
} item;

static int by_key(const void *pa, const void *pb, void *data)
{
    const item *a = pa, *b = pb;
    int *calls = data;
    if (calls)
        (*calls)++;
    return a->key < b->key ? -1 : b->key < a->key ? 1 : 0;
}

/* By key, then by tag: a total order, for comparing with qsort. */
static int by_key_tag(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    int c = by_key(a, b, NULL);
    return c ? c : (a->tag > b->tag) - (a->tag < b->tag);
}

static int by_key_tag_q(const void *a, const void *b, void *data)
{
    (void)data;
    return by_key_tag(a, b);
}

static int largest_first(const void *pa, const void *pb, void *data)
{
    (void)data;
    int a = *(const int *)pa, b = *(const int *)pb;
    return (b > a) - (b < a);
}

/* A fixed pseudo-random sequence (no dependence on the C library's rand). */
static guint32 next(guint32 *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffff;
}

static void test_empty(void)
{
    vi_prioq *q = prioq_new(sizeof(item), by_key, NULL);
    item it = {42, 7};
    if (prioq_len(q) != 0 || prioq_peek(q) != NULL)
        FAIL("a new queue is not empty");
    if (prioq_get(q, &it))
        FAIL("get on an empty queue returned TRUE");
    if (it.key != 42 || it.tag != 7)
        FAIL("get on an empty queue changed the item");
    prioq_put(q, &(item){1, 1});
    if (!prioq_get(q, &it) || it.tag != 1 || prioq_len(q) != 0)
        FAIL("one item in, one item out");
    if (prioq_get(q, &it))
        FAIL("get after the last item returned TRUE");
    prioq_free(q);
    prioq_free(NULL);
}

static void test_sorted(void)
{
    enum { N = 1000 };
    item in[N], want[N];
    guint32 seed = 12;
    for (int i = 0; i < N; i++) {
        in[i].key = (double)(next(&seed) % 200); /* many ties */
        in[i].tag = i;
    }
    memcpy(want, in, sizeof in);
    qsort(want, N, sizeof(item), by_key_tag);
    vi_prioq *q = prioq_new(sizeof(item), by_key_tag_q, NULL);
    for (int i = 0; i < N; i++)
        prioq_put(q, &in[i]);
    if (prioq_len(q) != N)
        FAIL("len %u after %d puts", prioq_len(q), N);
    for (int i = 0; i < N; i++) {
        const item *top = prioq_peek(q);
        int peeked = top ? top->tag : -1; /* the pointer lasts until the get */
        item it;
        if (!top || !prioq_get(q, &it)) {
            FAIL("queue ran out at %d", i);
            break;
        }
        if (it.tag != peeked)
            FAIL("peek gave tag %d, get %d", peeked, it.tag);
        if (it.key != want[i].key || it.tag != want[i].tag)
            FAIL("item %d: got (%g, %d), want (%g, %d)", i, it.key, it.tag, want[i].key,
                 want[i].tag);
    }
    if (prioq_len(q) != 0)
        FAIL("items left after %d gets", N);
    prioq_free(q);
}

static void test_interleaved(void)
{
    /* Largest first; gets between puts always take the largest so far. */
    vi_prioq *q = prioq_new(sizeof(int), largest_first, NULL);
    const int puts[] = {5, 1, 9, 3, 9, 7};
    int got;
    for (int i = 0; i < 3; i++)
        prioq_put(q, &puts[i]);
    if (!prioq_get(q, &got) || got != 9)
        FAIL("first get: %d, want 9", got);
    for (int i = 3; i < 6; i++)
        prioq_put(q, &puts[i]);
    const int want[] = {9, 7, 5, 3, 1};
    for (int i = 0; i < 5; i++)
        if (!prioq_get(q, &got) || got != want[i])
            FAIL("get %d: %d, want %d", i + 2, got, want[i]);
    prioq_free(q);
}

static void test_copies_and_data(void)
{
    int calls = 0;
    vi_prioq *q = prioq_new(sizeof(item), by_key, &calls);
    item it = {2, 1};
    prioq_put(q, &it);
    it.key = 1, it.tag = 2; /* the queue holds its own copy */
    prioq_put(q, &it);
    it.key = 0, it.tag = 3;
    item a, b;
    if (!prioq_get(q, &a) || !prioq_get(q, &b) || a.tag != 2 || b.tag != 1)
        FAIL("copies: got tags %d, %d, want 2, 1", a.tag, b.tag);
    if (calls == 0)
        FAIL("the comparison was not handed the queue's data");
    prioq_free(q);
}

/* Ties (every key equal here) come out the same way on every run. */
static void ties(int *out, int n)
{
    vi_prioq *q = prioq_new(sizeof(item), by_key, NULL);
    for (int i = 0; i < n; i++)
        prioq_put(q, &(item){i % 3, i});
    item it;
    for (int i = 0; prioq_get(q, &it); i++)
        out[i] = it.tag;
    prioq_free(q);
}

static void test_ties(void)
{
    int a[30], b[30];
    ties(a, 30);
    ties(b, 30);
    if (memcmp(a, b, sizeof a) != 0)
        FAIL("ties came out in a different order on a second run");
    /* Key 0 (tags 0, 3, ..., 27) all come before key 1. */
    for (int i = 0; i < 10; i++)
        if (a[i] % 3 != 0)
            FAIL("item %d has tag %d: key %d before all of key 0", i, a[i], a[i] % 3);
}

int main(void)
{
    test_empty();
    test_sorted();
    test_interleaved();
    test_copies_and_data();
    test_ties();
    return unit_result();
}
