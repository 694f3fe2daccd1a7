/*
 * store-backup.c - a copy of the database that is whole or absent: the
 * backend writes a consistent copy beside the destination (DEST.partial),
 * which is renamed into place only when complete, and read back for its
 * content checksum.
 */
#include "store-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

gboolean store_backup(vi_store *store, const char *dest, char **checksum, GError **err)
{
    *checksum = NULL;
    if (g_file_test(dest, G_FILE_TEST_EXISTS)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot back up to '%s': the file already exists"), dest);
        return FALSE;
    }
    char *partial = g_strconcat(dest, ".partial", NULL);
    unlink(partial);
    gboolean ok = store->backend->backup(store, partial, dest, checksum, err);
    if (ok && g_rename(partial, dest) != 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot rename '%s' to '%s': %s"), partial, dest,
                    g_strerror(errno));
        ok = FALSE;
    }
    if (!ok)
        unlink(partial);
    g_free(partial);
    /* A copy that is a database is opened: its checksum is read from it. */
    if (ok && !*checksum) {
        vi_store *copy = store_open(dest, store->reg, TRUE, err);
        *checksum = copy ? store_checksum(copy, err) : NULL;
        store_close(copy);
        ok = *checksum != NULL;
    }
    if (!ok)
        g_clear_pointer(checksum, g_free);
    return ok;
}
