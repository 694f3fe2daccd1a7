/*
 * store-open.c - the store's front door: a database name picks its backend
 * (see store-int.h), and what only a backend can do is handed to it; and
 * the transactions every change runs in.
 */
#include "store-int.h"
#include "vi-error.h"

#include <stdlib.h>
#include <string.h>

/* The backends, asked in order whether a database name is theirs.  The
 * PostGIS backend (store-postgis.c, a later issue) goes here, before
 * SpatiaLite: its identify() takes "postgresql://" names, so that
 * --db postgresql://host/lantian opens a server database.  SpatiaLite takes
 * every name without a scheme (a file path). */
static const vi_store_backend *const backends[] = {
    &store_spatialite_backend,
};

size_t store_name_scheme(const char *name)
{
    if (!g_ascii_isalpha(name[0]))
        return 0;
    size_t n = 1;
    while (g_ascii_isalnum(name[n]) || name[n] == '+' || name[n] == '-' || name[n] == '.')
        n++;
    return strncmp(name + n, "://", 3) == 0 ? n : 0;
}

/* The backend whose name NAME is; NULL with ERR (saying what it was DOING:
 * "open", "create") when none is. */
static const vi_store_backend *backend_for(const char *name, const char *doing, GError **err)
{
    for (gsize i = 0; i < G_N_ELEMENTS(backends); i++)
        if (backends[i]->identify(name))
            return backends[i];
    size_t scheme = store_name_scheme(name);
    if (scheme)
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    "cannot %s database '%s': unknown scheme '%.*s://' (a vinfra database is a "
                    "SpatiaLite file: name it by its path)",
                    doing, name, (int)scheme, name);
    else
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE, "cannot %s database '%s': no backend reads it",
                    doing, name);
    return NULL;
}

vi_store *store_create(const char *name, const vi_registry *reg, GError **err)
{
    const vi_store_backend *backend = backend_for(name, "create", err);
    return backend ? backend->create(name, reg, err) : NULL;
}

vi_store *store_open(const char *name, const vi_registry *reg, gboolean readonly, GError **err)
{
    const vi_store_backend *backend = backend_for(name, "open", err);
    return backend ? backend->open(name, reg, readonly, err) : NULL;
}

gboolean store_check_access(const char *name, gboolean readonly, GError **err)
{
    const vi_store_backend *backend = backend_for(name, "open", err);
    return backend && backend->check_access(name, readonly, err);
}

vi_store *store_clone_reader(vi_store *store, GError **err)
{
    return store->backend->clone_reader(store, err);
}

void store_close(vi_store *store)
{
    if (!store)
        return;
    store->backend->close(store);
    g_free(store->path);
    g_free(store);
}

gboolean store_begin_bulk(vi_store *store, GError **err)
{
    return store->backend->bulk_journals(store, err) && store_begin(store, err);
}

const char *store_default_path(const char *cli_path)
{
    if (cli_path && *cli_path)
        return cli_path;
    const char *env = getenv("VINFRA_DB");
    if (env && *env)
        return env;
    return "vinfra.sqlite";
}

const char *store_path(const vi_store *store)
{
    return store->path;
}

const vi_registry *store_registry(const vi_store *store)
{
    return store->reg;
}

/* A write takes the write lock at BEGIN (IMMEDIATE), not at its first
 * write, so two writers queue up under the busy timeout instead of one
 * failing half-way with SQLITE_BUSY; and every write transaction is a
 * change of the history. */
gboolean store_begin(vi_store *store, GError **err)
{
    if (!store_exec(store, "BEGIN IMMEDIATE", err))
        return FALSE;
    store->in_txn = TRUE;
    if (!store_change_start(store, TRUE, err)) {
        store_rollback(store);
        return FALSE;
    }
    return TRUE;
}

gboolean store_commit(vi_store *store, GError **err)
{
    /* A change that is not in the history could not be undone. */
    if (store->change_id && store->change_seq > 0 && !store->change_recorded) {
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    "cannot commit to '%s': the change is not recorded in the history",
                    store->path);
        return FALSE;
    }
    if (!store_exec(store, "COMMIT", err))
        return FALSE;
    store->in_txn = FALSE;
    store_change_clear(store);
    return TRUE;
}

void store_rollback(vi_store *store)
{
    if (store && store->in_txn) {
        sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
        store->in_txn = FALSE;
    }
    if (store)
        store_change_clear(store);
}
