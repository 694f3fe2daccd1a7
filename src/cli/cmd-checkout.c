/*
 * cmd-checkout.c - vinfra checkout: a work team's offline copy of its
 * village, taken from the server database (sync.h).
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "sync.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdio.h>

int cmd_checkout(int argc, char **argv)
{
    char *village = NULL, *out = NULL;
    const GOptionEntry entries[] = {{"village", 0, 0, G_OPTION_ARG_STRING, &village,
                                     N_("the village to take (required)"), N_("NAME")},
                                    {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
                                     N_("the copy to write, a new .sqlite file"), N_("FILE")},
                                    {NULL}};
    if (!cli_parse("checkout", N_("--db SERVER --village NAME --out FILE"),
                   N_("Take a village's offline copy from a server database."),
                   N_("The copy is a SpatiaLite file holding the village's features, the villages\n"
                      "layer and the ledger, and the base it compares against: edit it offline\n"
                      "with the normal commands (import, edit, delete, plan --save, attach) or\n"
                      "with QGIS, then send the changes with 'vinfra push --db FILE' and bring\n"
                      "the server's with 'vinfra pull --db FILE'.\n\n"
                      "Examples:\n"
                      "  vinfra checkout --db postgresql://office@server/lantian --village 上雷村 "
                      "--out 上雷村.sqlite\n"),
                   entries, &argc, &argv)) {
        g_free(village);
        g_free(out);
        return 2;
    }
    if (argc > 1) {
        errorf(_("checkout: unexpected argument '%s'"), argv[1]);
        g_free(village);
        g_free(out);
        return 2;
    }
    if (!village || !out) {
        errorf(_("checkout: give the village with --village and the copy with --out"));
        g_free(village);
        g_free(out);
        return 2;
    }
    vi_registry *reg = cli_registry();
    if (!reg) {
        g_free(village);
        g_free(out);
        return 1;
    }
    int rc = 1;
    vi_store *server = cli_open_store(reg, TRUE);
    GError *err = NULL;
    gint64 n = 0;
    if (server && !sync_checkout(server, store_path(server), village, out, &n, &err)) {
        rc = msg_report("checkout", &err);
    } else if (server) {
        printf(NG_("checked out %s into '%s': %" PRId64 " feature\n",
                   "checked out %s into '%s': %" PRId64 " features\n", (gulong)n),
               village, out, n);
        rc = 0;
    }
    store_close(server);
    registry_free(reg);
    g_free(village);
    g_free(out);
    return rc;
}
