/*
 * store-check.c - vinfra check's order of work: the backend's own checks
 * of the whole database (integrity, foreign keys), then for each registry
 * layer its spatial index and the registry's rules on every row, then the
 * ledger.  Nothing is changed.  The backend reports each problem through
 * store_problem().
 */
#include "store-int.h"

#include <stdarg.h>

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

gboolean store_check(vi_store *store, vi_problem_fn fn, void *user, gint64 *problems, GError **err)
{
    problem_sink sink = {fn, user, 0};
    gboolean ok = store->backend->check_engine(store, &sink, err);
    for (int i = 0; ok && i < registry_layer_count(store->reg); i++)
        ok = store->backend->check_layer(store, registry_layer_at(store->reg, i), &sink, err);
    ok = ok && store->backend->check_projects(store, &sink, err);
    *problems = sink.count;
    return ok;
}
