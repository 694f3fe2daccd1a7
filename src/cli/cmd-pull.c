/*
 * cmd-pull.c - vinfra pull: bring the server's changes into an offline
 * copy, in one transaction of the copy (sync.h).
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "sync.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdio.h>

int cmd_pull(int argc, char **argv)
{
    char *server_name = NULL;
    const GOptionEntry entries[] = {
        {"server", 0, 0, G_OPTION_ARG_STRING, &server_name,
         N_("the server database (default: the one the copy was checked out from)"), N_("SERVER")},
        {NULL}};
    if (!cli_parse("pull", N_("[--db COPY]"), N_("Bring the server's changes into a village copy."),
                   N_("Brings what changed on the server since the copy last agreed with it,\n"
                      "field by field, deletes included.  A field the copy changed too, to\n"
                      "another value, becomes a conflict and keeps the copy's value until it is\n"
                      "settled ('vinfra conflicts', 'vinfra resolve').  Any error leaves the copy\n"
                      "as it was.\n\n"
                      "Examples:\n"
                      "  vinfra pull --db 上雷村.sqlite\n"),
                   entries, &argc, &argv)) {
        g_free(server_name);
        return 2;
    }
    if (argc > 1) {
        errorf(_("pull: unexpected argument '%s'"), argv[1]);
        g_free(server_name);
        return 2;
    }
    vi_registry *reg = cli_registry();
    if (!reg) {
        g_free(server_name);
        return 1;
    }
    int rc = 1;
    GError *err = NULL;
    vi_store *copy = NULL, *server = NULL;
    cli_open_copy(reg, "pull", server_name, TRUE, &copy, &server, &rc);
    sync_result res = {0};
    if (server && !sync_pull(copy, server, &res, &err)) {
        rc = msg_report("pull", &err);
    } else if (server) {
        printf(_("pulled from the server: %" PRId64 " added, %" PRId64 " changed, %" PRId64
                 " deleted; open conflicts: %" PRId64 "\n"),
               res.inserted, res.updated, res.deleted, res.conflicts);
        rc = 0;
    }
    store_close(server);
    store_close(copy);
    registry_free(reg);
    g_free(server_name);
    return rc;
}
