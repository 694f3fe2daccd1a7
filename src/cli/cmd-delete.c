/*
 * cmd-delete.c - vinfra delete: remove one feature, recorded in the history
 * with its content (so 'vinfra undo' puts it back).
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdio.h>

int cmd_delete(int argc, char **argv)
{
    if (!cli_parse("delete", N_("LAYER ID"), N_("Delete one feature."),
                   N_("The feature's content is kept in the history, and 'vinfra undo' puts it\n"
                      "back.  A village that features still belong to cannot be deleted.\n\n"
                      "Example:\n"
                      "  vinfra delete streetlights SL-12\n"),
                   NULL, &argc, &argv))
        return 2;
    if (argc != 3) {
        errorf(_("delete: expected LAYER and ID (see 'vinfra delete --help')"));
        return 2;
    }
    vi_registry *reg = cli_registry();
    if (!reg)
        return 1;
    int rc = 1;
    vi_store *store = NULL;
    GError *err = NULL;
    const vi_layer *layer = cli_layer(reg, "delete", argv[1]);
    if (!layer) {
        rc = 2;
        goto out;
    }
    if (!(store = cli_open_store(reg, FALSE)))
        goto out;
    const char *id = argv[2];
    vi_change change = {.action = "delete", .layer = layer->name, .detail = id};
    gboolean ok = store_begin(store, &err) && store_feature_delete(store, layer, id, &err) &&
                  store_history_record(store, &change, &err);
    gint64 change_id = store_change_id(store);
    ok = ok && store_commit(store, &err);
    if (!ok) {
        store_rollback(store);
        errorf(_("delete: %s"), err->message);
        g_clear_error(&err);
        goto out;
    }
    printf(_("deleted %s %s (change %" PRId64 ")\n"),
           cli_common.language == VI_LANG_EN ? layer->name : layer->name_zh, id, change_id);
    rc = 0;
out:
    store_close(store);
    registry_free(reg);
    return rc;
}
