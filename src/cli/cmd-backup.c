/*
 * cmd-backup.c - vinfra backup: a consistent copy of the database through
 * the store's backup (SQLite's backup API, or pg_dump for a server
 * database), verified by its content checksum.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "vi-error.h"

#include <stdio.h>
#include <string.h>

int cmd_backup(int argc, char **argv)
{
    char *to = NULL;
    const GOptionEntry entries[] = {{"to", 0, 0, G_OPTION_ARG_FILENAME, &to,
                                     N_("the copy to write (must not exist)"), N_("FILE")},
                                    {NULL}};
    if (!cli_parse("backup", N_("--to FILE"), N_("Copy the database safely."),
                   N_("Uses SQLite's backup API, so the copy is consistent even while another\n"
                      "vinfra writes; unlike cp, it never copies half a transaction or leaves the\n"
                      "WAL behind.  The copy is opened and its content checksum compared with the\n"
                      "original's.  A PostgreSQL database is copied with pg_dump, in its custom\n"
                      "format (restore it with createdb and pg_restore -d), from the snapshot its\n"
                      "checksum was computed in; pg_restore --list reads the copy back.\n\n"
                      "Examples:\n  vinfra backup --to /media/usb/lantian-2026-11-29.sqlite\n"
                      "  vinfra backup --db postgresql://gis.example/lantian --to lantian.dump\n"),
                   entries, &argc, &argv))
        return 2;
    int rc = 2;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    char *before = NULL, *after = NULL;
    GError *err = NULL;
    if (argc > 1) {
        errorf(_("backup: unexpected argument '%s'"), argv[1]);
        goto out;
    }
    if (!to) {
        errorf(_("backup: --to FILE is required"));
        goto out;
    }
    rc = 1;
    if (!(reg = cli_registry()) || !(store = cli_open_store(reg, TRUE)))
        goto out;
    /* The checksum and the copy see the same snapshot only if nobody writes
     * in between; a writer in between shows as a mismatch, never a bad copy.
     * The store reads the copy's checksum back from it. */
    if (!(before = store_checksum(store, &err)) || !store_backup(store, to, &after, &err)) {
        msg_fail(err);
        goto out;
    }
    if (strcmp(before, after) != 0) {
        errorf(_("backup: the copy '%s' differs from '%s' (content checksum %s, expected %s): was "
                 "the database written meanwhile? run the backup again"),
               to, store_path(store), after, before);
        goto out;
    }
    printf(_("backed up '%s' to '%s' (content checksum %s)\n"), store_path(store), to, after);
    rc = 0;
out:
    g_free(before);
    g_free(after);
    store_close(store);
    registry_free(reg);
    g_free(to);
    return rc;
}
