/*
 * sl-backup.c - the backup of a SpatiaLite database: SQLite's backup API
 * copies it page by page into the file the front door names
 * (store-backup.c renames it into place).
 */
#include "sl-int.h"
#include "i18n.h"
#include "vi-error.h"

/* SQLite's backup API: a consistent copy even while others write.  The
 * copy is a database: the front door opens it for its checksum, so
 * *CHECKSUM stays NULL. */
gboolean sl_backup(vi_store *store, const char *partial, const char *dest, char **checksum,
                   GError **err)
{
    *checksum = NULL;
    sqlite3 *out = NULL;
    int rc = sqlite3_open_v2(partial, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    sqlite3_backup *b =
        rc == SQLITE_OK ? sqlite3_backup_init(out, "main", sl(store)->db, "main") : NULL;
    if (b) {
        rc = sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
        if (rc == SQLITE_DONE)
            rc = sqlite3_errcode(out);
    } else if (rc == SQLITE_OK) {
        rc = SQLITE_ERROR;
    }
    gboolean ok = rc == SQLITE_OK || rc == SQLITE_DONE;
    if (!ok && ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED))
        sl_set_busy(store, err);
    else if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot back up '%s' to '%s': %s"), store->path,
                    dest, out ? sqlite3_errmsg(out) : _("out of memory"));
    if (sqlite3_close(out) != SQLITE_OK && ok) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot back up '%s' to '%s': cannot close it"),
                    store->path, dest);
        ok = FALSE;
    }
    return ok;
}
