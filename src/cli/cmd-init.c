/*
 * cmd-init.c - vinfra init: create an empty database with every registry layer.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"

#include <stdio.h>

int cmd_init(int argc, char **argv)
{
    if (!cli_parse("init", "", N_("Create an empty vinfra database."),
                   N_("The database is one SpatiaLite file holding a table per layer of\n"
                      "data/layers.tsv, in CGCS2000 (EPSG:4490), and the project ledger.\n\n"
                      "Example:\n  vinfra init --db lantian.sqlite\n"),
                   NULL, &argc, &argv))
        return 2;
    if (argc > 1) {
        errorf(_("init: unexpected argument '%s'"), argv[1]);
        return 2;
    }
    vi_registry *reg = cli_registry();
    if (!reg)
        return 1;
    GError *err = NULL;
    const char *path = store_default_path(cli_common.db);
    vi_store *store = store_create(path, reg, &err);
    if (!store) {
        registry_free(reg);
        return msg_fail(err);
    }
    printf(NG_("created '%s' with %d layer\n", "created '%s' with %d layers\n",
               registry_layer_count(reg)),
           path, registry_layer_count(reg));
    store_close(store);
    registry_free(reg);
    return 0;
}
