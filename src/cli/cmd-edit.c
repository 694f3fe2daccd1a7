/*
 * cmd-edit.c - vinfra edit: a small correction to one feature, checked like
 * an import and recorded in the history (so 'vinfra undo' takes it back).
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "edit.h"
#include "msg.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int cmd_edit(int argc, char **argv)
{
    char **sets = NULL;
    const GOptionEntry entries[] = {
        {"set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
         N_("set FIELD to VALUE (repeatable; an empty VALUE clears the field)"), N_("FIELD=VALUE")},
        {NULL}};
    if (!cli_parse("edit", N_("LAYER ID --set FIELD=VALUE ..."),
                   N_("Correct fields of one feature."),
                   N_("The fields are the common ones (village, name, status, year, project) and\n"
                      "the layer's attributes (see 'vinfra layers LAYER').  Each value is checked\n"
                      "as an import checks it: allowed values, types, years, villages and\n"
                      "projects that exist, required fields.  The change is recorded in the\n"
                      "history; 'vinfra undo' takes it back.  Geometry and id are not edited:\n"
                      "delete the feature and import it again.\n\n"
                      "Examples:\n"
                      "  vinfra edit roads R-03 --set status=built --set year=2024\n"
                      "  vinfra edit streetlights SL-12 --set project=\n"),
                   entries, &argc, &argv))
        return 2;
    int rc = 2;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    vi_edit edit = {0};
    GError *err = NULL;
    if (argc != 3) {
        errorf(_("edit: expected LAYER and ID (see 'vinfra edit --help')"));
        goto out;
    }
    if (!sets) {
        errorf(_("edit: nothing to change: give --set FIELD=VALUE"));
        goto out;
    }
    rc = 1;
    if (!(reg = cli_registry()))
        goto out;
    const vi_layer *layer = cli_layer(reg, "edit", argv[1]);
    if (!layer) {
        rc = 2;
        goto out;
    }
    /* The history keeps the command line: personal values stay out of it. */
    for (int i = 0; sets[i]; i++) {
        const char *eq = strchr(sets[i], '=');
        char *field = eq ? g_strndup(sets[i], eq - sets[i]) : NULL;
        if (field && eq[1] && edit_field_personal(layer, field)) {
            char *hidden = g_strdup_printf("%s=%s", field, _(VI_PERSONAL_HIDDEN));
            store_invocation_hide(sets[i], hidden);
            g_free(hidden);
        }
        g_free(field);
    }
    if (!(store = cli_open_store(reg, FALSE)))
        goto out;
    const char *id = argv[2];
    char *detail = NULL;
    gboolean ok = store_begin(store, &err) && edit_check(store, layer, id, sets, &edit, &err);
    if (ok) {
        char *fields = edit_describe(layer, &edit);
        detail = g_strdup_printf("%s: %s", id, fields);
        g_free(fields);
        vi_change change = {.action = "edit", .layer = layer->name, .detail = detail};
        ok = store_feature_update(store, layer, id, (const char *const *)edit.fields,
                                  (const char *const *)edit.values, edit.n, &err) &&
             store_history_record(store, &change, &err);
    }
    gint64 change_id = store_change_id(store);
    ok = ok && store_commit(store, &err);
    if (!ok) {
        store_rollback(store);
        rc = msg_report("edit", &err);
    } else {
        printf(_("edited %s %s (change %" PRId64 ")\n"),
               cli_common.language == VI_LANG_EN ? layer->name : layer->name_zh, detail, change_id);
        rc = 0;
    }
    g_free(detail);
out:
    edit_clear(&edit);
    store_close(store);
    registry_free(reg);
    g_strfreev(sets);
    return rc;
}
