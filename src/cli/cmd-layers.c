/*
 * cmd-layers.c - vinfra layers: list the registry, so users can see which
 * layer names and attributes an import accepts.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"

#include <stdio.h>

int cmd_layers(int argc, char **argv)
{
    if (!cli_parse("layers", N_("[NAME]"),
                   N_("List the layers of the registry and their attributes."),
                   N_("Lists every layer vinfra import accepts, or only layer NAME: its name (the\n"
                      "--layer of an import), geometry, name in the chosen language, department\n"
                      "and statuses, then each attribute with its type, name, allowed values and\n"
                      "whether it is required or personal data.\n\n"
                      "The layers come from the registry (layers.tsv and attributes.tsv of the\n"
                      "data directory: $VINFRA_DATADIR, else the installed data), not from a\n"
                      "database: layers does not accept the common --db option listed above.\n\n"
                      "Examples:\n"
                      "  vinfra layers\n"
                      "  vinfra layers roads --lang en\n"),
                   NULL, &argc, &argv))
        return 2;
    if (cli_common.db) {
        errorf(_("layers: --db is not used: the layers come from the registry (layers.tsv), "
                 "not a database"));
        return 2;
    }
    vi_registry *reg = cli_registry();
    if (!reg)
        return 1;
    int rc = 0;
    const char *only = argc > 1 ? argv[1] : NULL;
    if (only && !registry_layer(reg, only)) {
        char *names = cli_layer_keys(reg);
        errorf(_("unknown layer \"%s\": expected one of %s"), only, names);
        g_free(names);
        rc = 2;
    }
    for (int i = 0; rc == 0 && i < registry_layer_count(reg); i++) {
        const vi_layer *l = registry_layer_at(reg, i);
        if (only && g_strcmp0(only, l->name) != 0)
            continue;
        printf(_("%-14s %-8s %s (%s)"), l->name, vi_geom_type_names[l->geometry],
               vi_i18n_language() == VI_LANG_EN ? l->name_en : l->name_zh, l->department);
        if (l->statuses) {
            char *s = g_strjoinv(",", l->statuses);
            printf(_("  status: %s"), s);
            g_free(s);
        }
        printf("\n");
        for (int a = 0; a < l->nattrs; a++) {
            const vi_attr *at = l->attrs[a];
            printf("    %-16s %-8s %s", at->name, vi_attr_type_names[at->type],
                   vi_i18n_language() == VI_LANG_EN ? at->name_en : at->name_zh);
            if (at->allowed) {
                char *s = g_strjoinv(",", at->allowed);
                printf("  [%s]", s);
                g_free(s);
            }
            if (at->required)
                printf(_("  required"));
            if (at->personal)
                printf(_("  personal"));
            printf("\n");
        }
    }
    registry_free(reg);
    return rc;
}
