/*
 * cmd-undo.c - vinfra undo: take back one change exactly, as recorded in
 * the history; the undo is itself a change of the history.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdio.h>

int cmd_undo(int argc, char **argv)
{
    gint64 change = 0;
    const GOptionEntry entries[] = {
        {"change", 'c', 0, G_OPTION_ARG_INT64, &change,
         N_("the change to undo (its number in 'vinfra history'); default: the last one"),
         N_("ID")},
        {NULL}};
    if (!cli_parse("undo", N_("[--change ID]"), N_("Take back one change to the database."),
                   N_("Without --change, takes back the latest change still in effect (not an\n"
                      "undo), so running it again goes further back.  The rows the change added\n"
                      "are deleted, the rows it changed or deleted are put back as they were, and\n"
                      "the result is verified: every row it touched is as before, and when it was\n"
                      "the last change, the whole content checksum is the one recorded before it.\n"
                      "\n"
                      "A change cannot be undone while a later change in effect touched the same\n"
                      "rows (an edit or delete of a feature an import added): undo the later one\n"
                      "first.  A later import into the same layer adds other rows and does not\n"
                      "stand in the way.  Undoing an undo (--change with its number) redoes the\n"
                      "change.  Nothing is undone when the database was changed outside vinfra.\n\n"
                      "Examples:\n"
                      "  vinfra undo\n"
                      "  vinfra undo --change 4\n"),
                   entries, &argc, &argv))
        return 2;
    if (argc > 1) {
        errorf(_("undo: unexpected argument '%s'"), argv[1]);
        return 2;
    }
    if (change < 0) {
        errorf(_("undo: --change: expected a change number from 1, got %" PRId64), change);
        return 2;
    }
    vi_registry *reg = cli_registry();
    if (!reg)
        return 1;
    int rc = 1;
    vi_store *store = cli_open_store(reg, FALSE);
    GError *err = NULL;
    vi_undo_result res;
    if (store && !store_undo(store, change, &res, &err)) {
        rc = msg_report("undo", &err);
    } else if (store) {
        char *layers = cli_layers_name(reg, res.layer);
        printf(_("undid change %" PRId64 " (%s, %s): rows removed %" PRId64 ", set back %" PRId64
                 ", put back %" PRId64 "; recorded as change %" PRId64 "\n"),
               res.undone, store_action_name(res.action), layers ? layers : "", res.removed,
               res.reverted, res.restored, res.recorded_as);
        g_free(layers);
        vi_undo_result_clear(&res);
        rc = 0;
    }
    store_close(store);
    registry_free(reg);
    return rc;
}
