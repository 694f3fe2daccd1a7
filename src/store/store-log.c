/*
 * store-log.c - the history bookkeeping that no engine changes: the command
 * line every change records (with the personal values a command hides),
 * and the change of the open transaction: store_begin() picks its id and
 * computes the content checksum before it, store_history_record() has the
 * backend write the history row with the checksum after, and
 * store_commit() refuses a change that logged rows without recording it.
 * The backend writes the history and the change log (store-int.h says
 * what it must log).
 */
#include "store-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <stdlib.h>
#include <string.h>

static char *invocation;
static char **invocation_args; /* argv[1..], as store_invocation_hide() left them */

static void build_invocation(void)
{
    GString *s = g_string_new("vinfra");
    for (int i = 0; invocation_args && invocation_args[i]; i++) {
        const char *arg = invocation_args[i];
        gboolean plain = arg[0] != '\0';
        for (const char *c = arg; *c && plain; c++)
            plain = g_ascii_isalnum(*c) || strchr("-_=./:,@+%", *c) || (guchar)*c >= 0x80;
        char *q = plain ? g_strdup(arg) : g_shell_quote(arg);
        g_string_append_printf(s, " %s", q);
        g_free(q);
    }
    g_free(invocation);
    invocation = g_string_free(s, FALSE);
}

void store_set_invocation(int argc, char *const *argv)
{
    g_strfreev(invocation_args);
    invocation_args = g_new0(char *, argc > 1 ? argc : 1);
    for (int i = 1; i < argc; i++)
        invocation_args[i - 1] = g_strdup(argv[i]);
    build_invocation();
}

void store_invocation_hide(const char *arg, const char *shown)
{
    size_t n = strlen(arg);
    for (int i = 0; invocation_args && invocation_args[i]; i++) {
        char *a = invocation_args[i];
        size_t len = strlen(a);
        if (len < n || strcmp(a + len - n, arg) != 0 || (len > n && a[0] != '-'))
            continue;
        invocation_args[i] = g_strdup_printf("%.*s%s", (int)(len - n), a, shown);
        g_free(a);
    }
    build_invocation();
}

void store_change_clear(vi_store *store)
{
    store->change_id = store->change_seq = 0;
    store->change_recorded = FALSE;
    g_clear_pointer(&store->checksum_before, g_free);
}

/* Start the change of the open transaction.  WITH_CHECKSUM is FALSE only
 * for the database's creation, which has no state before it. */
gboolean store_change_start(vi_store *store, gboolean with_checksum, GError **err)
{
    gint64 last = 0;
    if (!store->backend->history_last(store, &last, err))
        return FALSE;
    store_change_clear(store);
    if (with_checksum && !(store->checksum_before = store_checksum(store, err)))
        return FALSE;
    store->change_id = last + 1;
    return TRUE;
}

gboolean store_history_insert(vi_store *store, const vi_change *change, gint64 undoes, GError **err)
{
    if (!store->in_txn || !store->change_id) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("cannot record a change in '%s' outside a transaction"), store->path);
        return FALSE;
    }
    char *after = store_checksum(store, err);
    gboolean ok = after && store->backend->history_insert(store, change, undoes,
                                                          invocation ? invocation : "", after, err);
    g_free(after);
    if (ok)
        store->change_recorded = TRUE;
    return ok;
}

gboolean store_history_record(vi_store *store, const vi_change *change, GError **err)
{
    return store_history_insert(store, change, 0, err);
}

gint64 store_change_id(const vi_store *store)
{
    return store->change_id;
}

int store_busy_timeout_ms(void)
{
    const char *env = getenv("VINFRA_BUSY_TIMEOUT_MS");
    guint64 ms = 0;
    if (env && g_ascii_string_to_unsigned(env, 10, 0, 3600000, &ms, NULL))
        return (int)ms;
    return 10000;
}

/* A write transaction is a change of the history (see above). */
gboolean store_begin(vi_store *store, GError **err)
{
    if (!store->backend->begin(store, err))
        return FALSE;
    store->in_txn = TRUE;
    if (!store_change_start(store, TRUE, err)) {
        store_rollback(store);
        return FALSE;
    }
    return TRUE;
}

gboolean store_begin_bulk(vi_store *store, GError **err)
{
    return store->backend->prepare_bulk(store, err) && store_begin(store, err);
}

gboolean store_commit(vi_store *store, GError **err)
{
    /* A change that is not in the history could not be undone. */
    if (store->change_id && store->change_seq > 0 && !store->change_recorded) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("cannot commit to '%s': the change is not recorded in the history"),
                    store->path);
        return FALSE;
    }
    if (!store->backend->commit(store, err))
        return FALSE;
    store->in_txn = FALSE;
    store_change_clear(store);
    return TRUE;
}

void store_rollback(vi_store *store)
{
    if (store && store->in_txn) {
        store->backend->rollback(store);
        store->in_txn = FALSE;
    }
    if (store)
        store_change_clear(store);
}

gboolean store_undo(vi_store *store, gint64 change_id, vi_undo_result *res, GError **err)
{
    memset(res, 0, sizeof *res);
    if (!store_begin(store, err))
        return FALSE;
    if (!store->backend->undo(store, change_id, res, err) || !store_commit(store, err)) {
        store_rollback(store);
        vi_undo_result_clear(res);
        return FALSE;
    }
    return TRUE;
}

void vi_undo_result_clear(vi_undo_result *res)
{
    g_free(res->action);
    g_free(res->layer);
    memset(res, 0, sizeof *res);
}

const char *store_action_name(const char *action)
{
    /* The actions as the history records them, and their names to show. */
    static const char *const names[][2] = {
        {"init", N_("init")},         {"import", N_("import")}, {"ledger", N_("ledger")},
        {"plan", N_("plan")},         {"edit", N_("edit")},     {"delete", N_("delete")},
        {"undo", N_("undo")},         {"export", N_("export")}, {"attach", N_("attach")},
        {"checkout", N_("checkout")}, {"push", N_("push")},     {"pull", N_("pull")},
        {"resolve", N_("resolve")},   {"users", N_("users")},
    };
    if (!action)
        return action;
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (strcmp(names[i][0], action) == 0)
            return _(names[i][1]);
    return action;
}
