/*
 * sl-users.c - users and permissions on a SpatiaLite file: there are none.
 * A file has no logins; whoever may open it may read and write all of it,
 * so the permissions of store.h need a server database, and personal
 * fields are as readable as the file is.
 */
#include "sl-int.h"
#include "i18n.h"
#include "vi-error.h"

static gboolean needs_server(vi_store *store, GError **err)
{
    g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                _("'%s' is a SpatiaLite file: users and permissions need a server database "
                  "(--db postgresql://HOST/DBNAME); whoever may open a file may read and write "
                  "all of it"),
                store->path);
    return FALSE;
}

gboolean sl_user_add(vi_store *store, const char *name, const char *role, const char *village,
                     gboolean *created, GError **err)
{
    (void)name, (void)role, (void)village;
    *created = FALSE;
    return needs_server(store, err);
}

gboolean sl_user_list(vi_store *store, vi_user_fn fn, void *user, GError **err)
{
    (void)fn, (void)user;
    return needs_server(store, err);
}

gboolean sl_user_remove(vi_store *store, const char *name, gboolean *dropped, GError **err)
{
    (void)name;
    *dropped = FALSE;
    return needs_server(store, err);
}

gboolean sl_personal_readable(vi_store *store, const vi_layer *layer, GError **err)
{
    (void)store, (void)layer, (void)err;
    return TRUE;
}
