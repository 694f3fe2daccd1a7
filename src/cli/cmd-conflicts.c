/*
 * cmd-conflicts.c - vinfra conflicts: the open conflicts of a village
 * copy with its server, field by field (sync.h).
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "report.h"
#include "sync.h"
#include "vi-error.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const vi_registry *reg;
    vi_table *t;
    int n;
} conflict_list;

/* A value as the table shows it: geometry is not read as hex. */
static const char *shown(const char *field, const char *value)
{
    if (!value)
        return _("(empty)");
    if (strcmp(field, "geom") == 0)
        return _("(geometry)");
    if (!*field)
        return strcmp(value, "deleted") == 0 ? _("deleted") : _("edited");
    return value;
}

static gboolean conflict_row(const sync_conflict *c, void *user, GError **err)
{
    (void)err;
    conflict_list *l = user;
    report_row(l->t);
    report_text(l->t, cli_layer_name(l->reg, c->layer));
    report_text(l->t, c->id);
    report_text(l->t, *c->field ? c->field : _("(the feature)"));
    report_text(l->t, *c->field ? shown(c->field, c->base) : "");
    report_text(l->t, shown(c->field, c->ours));
    report_text(l->t, shown(c->field, c->theirs));
    char *ours =
        g_strdup_printf("%s %s", c->ours_by ? c->ours_by : "", c->ours_at ? c->ours_at : "");
    char *theirs = g_strdup_printf("%s %s", c->theirs_by ? c->theirs_by : "",
                                   c->theirs_at ? c->theirs_at : "");
    report_text(l->t, g_strstrip(ours));
    report_text(l->t, g_strstrip(theirs));
    g_free(ours);
    g_free(theirs);
    l->n++;
    return TRUE;
}

int cmd_conflicts(int argc, char **argv)
{
    char *format_name = NULL;
    const GOptionEntry entries[] = {{"format", 0, 0, G_OPTION_ARG_STRING, &format_name,
                                     N_("table (default), csv or json"), N_("FORMAT")},
                                    {NULL}};
    if (!cli_parse("conflicts", N_("[--db COPY]"),
                   N_("List a village copy's open conflicts with the server."),
                   N_("Each row is one field of one feature that the copy and the server changed\n"
                      "to different values since they last agreed (or a feature one side deleted\n"
                      "and the other edited): its value then (base), the copy's (ours), the\n"
                      "server's (theirs), and who changed each side last and when.  Settle each\n"
                      "with 'vinfra resolve'.\n\n"
                      "Examples:\n"
                      "  vinfra conflicts --db 上雷村.sqlite\n"),
                   entries, &argc, &argv)) {
        g_free(format_name);
        return 2;
    }
    static const char *const formats[] = {"table", "csv", "json", NULL};
    vi_format format = VI_FORMAT_TABLE;
    if (!cli_format(format_name, formats, &format)) {
        g_free(format_name);
        return 2;
    }
    if (argc > 1) {
        errorf(_("conflicts: unexpected argument '%s'"), argv[1]);
        g_free(format_name);
        return 2;
    }
    vi_registry *reg = cli_registry();
    if (!reg) {
        g_free(format_name);
        return 1;
    }
    int rc = 1;
    vi_store *copy = cli_open_store(reg, TRUE);
    GError *err = NULL;
    vi_report *r = report_new(_("Open conflicts"));
    const char *headers[] = {_("layer"), _("id"),     _("field"),        _("base"),
                             _("ours"),  _("theirs"), _("ours: by, at"), _("theirs: by, at")};
    conflict_list l = {reg, report_add_table(r, NULL, 8, headers), 0};
    if (copy && !sync_conflicts(copy, conflict_row, &l, &err)) {
        rc = msg_report("conflicts", &err);
    } else if (copy) {
        if (l.n == 0 && format == VI_FORMAT_TABLE) {
            printf(_("no open conflicts\n"));
        } else {
            GString *out = g_string_new(NULL);
            report_render(r, format, out);
            fputs(out->str, stdout);
            g_string_free(out, TRUE);
        }
        rc = 0;
    }
    report_free(r);
    store_close(copy);
    registry_free(reg);
    g_free(format_name);
    return rc;
}
