/*
 * pg-backup.c - the backup of a server database: pg_dump's custom format
 * (restored with pg_restore), a consistent snapshot even while the teams
 * push, written into the file the front door names (store-backup.c
 * renames it into place).
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

gboolean pg_backup(vi_store *store, const char *partial, const char *dest, GError **err)
{
    char *file_arg = g_strconcat("--file=", partial, NULL);
    char *db_arg = g_strconcat("--dbname=", pg(store)->conninfo, NULL);
    char *argv[] = {"pg_dump", "--format=custom", "--no-password", file_arg, db_arg, NULL};
    char *errors = NULL;
    int status = 0;
    GError *spawn_err = NULL;
    gboolean ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &errors, &status, &spawn_err);
    if (!ok) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    _("cannot back up '%s' to '%s': cannot run pg_dump (%s); install the "
                      "PostgreSQL client (postgresql-client) or run pg_dump --format=custom "
                      "yourself"),
                    store->path, dest, spawn_err->message);
        g_error_free(spawn_err);
    } else if (!g_spawn_check_wait_status(status, NULL)) {
        g_strstrip(errors);
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot back up '%s' to '%s': pg_dump: %s"),
                    store->path, dest, errors);
        ok = FALSE;
    }
    g_free(errors);
    g_free(file_arg);
    g_free(db_arg);
    return ok;
}
