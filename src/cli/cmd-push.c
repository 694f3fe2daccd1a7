/*
 * cmd-push.c - vinfra push: send an offline copy's changes to the server
 * it was checked out from, in one server transaction (sync.h).
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "sync.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdio.h>

int cmd_push(int argc, char **argv)
{
    char *server_name = NULL;
    const GOptionEntry entries[] = {
        {"server", 0, 0, G_OPTION_ARG_STRING, &server_name,
         N_("the server database (default: the one the copy was checked out from)"), N_("SERVER")},
        {NULL}};
    if (!cli_parse("push", N_("[--db COPY]"), N_("Send a village copy's changes to the server."),
                   N_("Sends what changed in the copy since it last agreed with the server, field\n"
                      "by field, as one change of the server's history.  A field the server\n"
                      "changed too, to another value, is a conflict: nothing is sent while one\n"
                      "is open (see 'vinfra conflicts' and 'vinfra resolve').  A push cut off\n"
                      "before the server's answer is recognised when sent again, and never\n"
                      "applied twice.\n\n"
                      "Examples:\n"
                      "  vinfra push --db 上雷村.sqlite\n"),
                   entries, &argc, &argv)) {
        g_free(server_name);
        return 2;
    }
    if (argc > 1) {
        errorf(_("push: unexpected argument '%s'"), argv[1]);
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
    cli_open_copy(reg, "push", server_name, FALSE, &copy, &server, &rc);
    sync_result res = {0};
    if (server && !sync_push(copy, server, &res, &err)) {
        rc = msg_report("push", &err);
    } else if (server) {
        gint64 n = res.inserted + res.updated + res.deleted;
        if (res.replayed)
            printf(_("the last push (%s) had reached the server as its change %" PRId64 ": %" PRId64
                     " added, %" PRId64 " changed, %" PRId64 " deleted; nothing sent twice\n"),
                   res.push_id, res.server_change, res.inserted, res.updated, res.deleted);
        else if (n == 0)
            printf(_("nothing to push: the copy has no changes the server lacks\n"));
        else
            printf(_("pushed to the server as its change %" PRId64 ": %" PRId64 " added, %" PRId64
                     " changed, %" PRId64 " deleted\n"),
                   res.server_change, res.inserted, res.updated, res.deleted);
        rc = 0;
    }
    sync_result_clear(&res);
    store_close(server);
    store_close(copy);
    registry_free(reg);
    g_free(server_name);
    return rc;
}
