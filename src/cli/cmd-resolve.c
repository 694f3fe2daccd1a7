/*
 * cmd-resolve.c - vinfra resolve: settle a village copy's conflicts with
 * the server by taking ours, theirs or a value (sync.h).
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "sync.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdio.h>

int cmd_resolve(int argc, char **argv)
{
    char *layer = NULL, *field = NULL, *value = NULL;
    gboolean ours = FALSE, theirs = FALSE;
    const GOptionEntry entries[] = {
        {"layer", 0, 0, G_OPTION_ARG_STRING, &layer,
         N_("the feature's layer (when the id is in several)"), N_("NAME")},
        {"field", 0, 0, G_OPTION_ARG_STRING, &field, N_("only this field's conflict"), N_("FIELD")},
        {"ours", 0, 0, G_OPTION_ARG_NONE, &ours, N_("keep the copy's value"), NULL},
        {"theirs", 0, 0, G_OPTION_ARG_NONE, &theirs, N_("take the server's value"), NULL},
        {"value", 0, 0, G_OPTION_ARG_STRING, &value, N_("set this value instead"), N_("VALUE")},
        {NULL}};
    if (!cli_parse("resolve", N_("FEATURE [--field F] --ours|--theirs|--value V"),
                   N_("Settle conflicts of a village copy with the server."),
                   N_("--ours keeps the copy's value (the next push sends it), --theirs takes\n"
                      "the server's, --value sets another (the next push sends it).  Without\n"
                      "--field, every open conflict of the feature is settled the same way.\n\n"
                      "Examples:\n"
                      "  vinfra resolve R-上雷-001 --field status --theirs --db 上雷村.sqlite\n"
                      "  vinfra resolve LD-上雷-0005 --ours --db 上雷村.sqlite\n"),
                   entries, &argc, &argv)) {
        g_free(layer);
        g_free(field);
        g_free(value);
        return 2;
    }
    if (argc < 2) {
        errorf(_("resolve: name the feature (its id, as 'vinfra conflicts' shows it)"));
        g_free(layer);
        g_free(field);
        g_free(value);
        return 2;
    }
    if (argc > 2) {
        errorf(_("resolve: unexpected argument '%s'"), argv[2]);
        g_free(layer);
        g_free(field);
        g_free(value);
        return 2;
    }
    if (ours + theirs + (value != NULL) != 1) {
        errorf(_("resolve: give exactly one of --ours, --theirs and --value"));
        g_free(layer);
        g_free(field);
        g_free(value);
        return 2;
    }
    vi_registry *reg = cli_registry();
    if (!reg) {
        g_free(layer);
        g_free(field);
        g_free(value);
        return 1;
    }
    int rc = 1;
    vi_store *copy = cli_open_store(reg, FALSE);
    GError *err = NULL;
    gint64 n = 0;
    sync_take take = ours ? SYNC_TAKE_OURS : theirs ? SYNC_TAKE_THEIRS : SYNC_TAKE_VALUE;
    if (copy && !sync_resolve(copy, layer, argv[1], field, take, value, &n, &err)) {
        rc = msg_report("resolve", &err);
    } else if (copy) {
        printf(NG_("settled %" PRId64 " conflict of %s\n", "settled %" PRId64 " conflicts of %s\n",
                   (gulong)n),
               n, argv[1]);
        rc = 0;
    }
    store_close(copy);
    registry_free(reg);
    g_free(layer);
    g_free(field);
    g_free(value);
    return rc;
}
