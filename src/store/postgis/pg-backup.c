/*
 * pg-backup.c - the backup of a server database: pg_dump's custom format
 * (restored with pg_restore), written into the file the front door names
 * (store-backup.c renames it into place).
 *
 * The copy is not a database vinfra opens, so its checksum is known
 * another way: pg_dump reads the snapshot this connection exported, in
 * which the content checksum was computed, so the archive holds exactly
 * that content even while the teams push; pg_restore --list then reads
 * the archive back, so that a truncated or unreadable file is never
 * reported as a backup.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

/* Run ARGV (pg_dump or pg_restore, from the PATH); FALSE with ERR naming
 * the backup of STORE to DEST when it cannot run or fails. */
static gboolean run_tool(vi_store *store, char **argv, const char *dest, GError **err)
{
    char *errors = NULL;
    int status = 0;
    GError *spawn_err = NULL;
    gboolean ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &errors, &status, &spawn_err);
    if (!ok) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    _("cannot back up '%s' to '%s': cannot run %s (%s); install the "
                      "PostgreSQL client (postgresql-client)"),
                    store->path, dest, argv[0], spawn_err->message);
        g_error_free(spawn_err);
    } else if (!g_spawn_check_wait_status(status, NULL)) {
        /* "pg_dump: error: ...", on one line, without the tool's name twice. */
        char *msg = pg_one_line(errors);
        size_t n = strlen(argv[0]);
        const char *reason =
            strncmp(msg, argv[0], n) == 0 && strncmp(msg + n, ": ", 2) == 0 ? msg + n + 2 : msg;
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    _("cannot back up '%s' to '%s': PostgreSQL: %s: %s"), store->path, dest,
                    argv[0], reason);
        g_free(msg);
        ok = FALSE;
    }
    g_free(errors);
    return ok;
}

gboolean pg_backup(vi_store *store, const char *partial, const char *dest, char **checksum,
                   GError **err)
{
    *checksum = NULL;
    /* A snapshot outlives the statement that exports it only in a
     * REPEATABLE READ transaction, kept open (idle: pg_connect() lifts
     * the server's idle_in_transaction_session_timeout) while pg_dump
     * takes it. */
    PGresult *r = NULL;
    if (!pg_do(store, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL,
               _("cannot back up the database"), err) ||
        !(r = pg_run(store, "SELECT pg_export_snapshot()", 0, NULL,
                     _("cannot back up the database"), err))) {
        pg_rollback_quietly(store);
        return FALSE;
    }
    char *snapshot_arg = g_strconcat("--snapshot=", PQgetvalue(r, 0, 0), NULL);
    PQclear(r);
    char *file_arg = g_strconcat("--file=", partial, NULL);
    char *db_arg = g_strconcat("--dbname=", pg(store)->conninfo, NULL);
    /* The tables' row-level security (pg-roles.c) binds their owner too:
     * without --enable-row-security pg_dump would refuse to dump them. */
    char *dump[] = {"pg_dump",    "--format=custom", "--no-password", "--enable-row-security",
                    snapshot_arg, file_arg,          db_arg,          NULL};
    char *sum = pg_checksum(store, err);
    gboolean ok = sum && run_tool(store, dump, dest, err);
    pg_rollback_quietly(store);
    char *list[] = {"pg_restore", "--list", (char *)partial, NULL};
    ok = ok && run_tool(store, list, dest, err);
    if (ok)
        *checksum = sum;
    else
        g_free(sum);
    g_free(snapshot_arg);
    g_free(file_arg);
    g_free(db_arg);
    return ok;
}
