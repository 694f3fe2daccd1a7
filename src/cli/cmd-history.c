/*
 * cmd-history.c - vinfra history: every change to the database, oldest
 * first, with who made it, where, with which command, and what changed.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "report.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const vi_registry *reg;
    vi_table *table; /* table and CSV */
    vi_json *json;
    gboolean csv;
    int rows;
} history_out;

static void json_opt_int(vi_json *j, const char *key, gint64 v)
{
    json_key(j, key);
    if (v > 0)
        json_int(j, v);
    else
        json_null(j);
}

static gboolean add_entry(const vi_history_entry *h, void *user, GError **err)
{
    (void)err;
    history_out *o = user;
    o->rows++;
    if (o->json) {
        vi_json *j = o->json;
        json_begin_object(j);
        json_key(j, "id"), json_int(j, h->id);
        json_key(j, "time"), json_string(j, h->at);
        json_key(j, "user"), json_string(j, h->user);
        json_key(j, "host"), json_string(j, h->host);
        json_key(j, "command_line"), json_string(j, h->command_line);
        json_key(j, "action"), json_string(j, h->action);
        json_key(j, "layer"), json_string(j, h->layer);
        json_key(j, "added"), json_int(j, h->added);
        json_key(j, "changed"), json_int(j, h->changed);
        json_key(j, "deleted"), json_int(j, h->deleted);
        json_key(j, "exported"), json_int(j, h->exported);
        json_key(j, "detail"), json_string(j, h->detail);
        json_key(j, "source_sha256"), json_string(j, h->source_sha256);
        json_key(j, "version"), json_string(j, h->version);
        json_key(j, "checksum_before"), json_string(j, h->checksum_before);
        json_key(j, "checksum_after"), json_string(j, h->checksum_after);
        json_opt_int(j, "undoes", h->undoes);
        json_opt_int(j, "undone_by", h->undone_by);
        json_end_object(j);
        return TRUE;
    }
    vi_table *t = o->table;
    report_row(t);
    report_int(t, h->id);
    report_text(t, h->at);
    if (o->csv) {
        report_text(t, h->user);
        report_text(t, h->host);
        report_text(t, h->action);
        report_text(t, h->layer);
    } else {
        char *who = g_strdup_printf("%s@%s", h->user, h->host);
        report_text(t, who);
        g_free(who);
        report_text(t, store_action_name(h->action));
        char *layers = cli_layers_name(o->reg, h->layer);
        report_text(t, layers);
        g_free(layers);
    }
    report_int(t, h->added);
    report_int(t, h->changed);
    report_int(t, h->deleted);
    report_text(t, h->detail);
    char *state = o->csv && h->undone_by ? g_strdup_printf("%" PRId64, h->undone_by)
                  : h->undone_by         ? g_strdup_printf(_("undone by %" PRId64), h->undone_by)
                                         : NULL;
    report_text(t, state);
    g_free(state);
    if (o->csv) {
        report_text(t, h->command_line);
        report_text(t, h->source_sha256);
        report_text(t, h->version);
        report_text(t, h->checksum_before);
        report_text(t, h->checksum_after);
    }
    return TRUE;
}

/* The --since value S as history's times compare with it, or NULL if S is
 * none of: a day YYYY-MM-DD, a UTC time YYYY-MM-DDTHH:MM[:SS[.mmm]]Z (a
 * history time as shown, to the millisecond).  Times are stored with
 * milliseconds (YYYY-MM-DDTHH:MM:SS.mmmZ; databases of earlier versions
 * hold whole seconds), so a coarser time is padded with zeros: compared as
 * text, "…:05Z" would sort after "…:05.250Z" of the same second. */
static char *since_key(const char *s)
{
    int y, m, d, hh = 0, mm = 0, ss = 0, ms = 0, n = 0;
    size_t len = strlen(s);
    if (len == 10 && sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10)
        return g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y) ? g_strdup(s) : NULL;
    gboolean parsed =
        (len == 17 && sscanf(s, "%4d-%2d-%2dT%2d:%2dZ%n", &y, &m, &d, &hh, &mm, &n) == 5 &&
         n == 17) ||
        (len == 20 && sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &m, &d, &hh, &mm, &ss, &n) == 6 &&
         n == 20) ||
        (len == 24 &&
         sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ%n", &y, &m, &d, &hh, &mm, &ss, &ms, &n) == 7 &&
         n == 24 && g_ascii_isdigit(s[20]) && g_ascii_isdigit(s[21]) && g_ascii_isdigit(s[22]));
    if (!parsed || !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y) || hh < 0 ||
        hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || ms < 0)
        return NULL;
    return g_strdup_printf("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d, hh, mm, ss, ms);
}

int cmd_history(int argc, char **argv)
{
    char *layer = NULL, *since = NULL, *since_at = NULL, *format_name = NULL;
    const GOptionEntry entries[] = {
        {"layer", 'l', 0, G_OPTION_ARG_STRING, &layer,
         N_("only changes of this layer ('projects' for the ledger)"), N_("NAME")},
        {"since", 0, 0, G_OPTION_ARG_STRING, &since,
         N_("only changes on or after this day or time (UTC: 2026-05-01, 2026-05-01T08:30Z, or a time as history shows it)"),
         N_("YYYY-MM-DD")},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("table (default), csv or json"),
         N_("FORMAT")},
        {NULL}};
    if (!cli_parse("history", "", N_("List every change made to the database."),
                   N_("Each change is one row: its number (for 'vinfra undo --change'), the time\n"
                      "(UTC), who and on which host, the action, the layer, the rows added,\n"
                      "changed and deleted, and what it was (in the language of the session that\n"
                      "made the change).  CSV and JSON add the full command\n"
                      "line, the SHA-256 of the imported file, the vinfra version and the content\n"
                      "checksums of the database before and after the change.\n\n"
                      "Examples:\n"
                      "  vinfra history\n"
                      "  vinfra history --layer roads --since 2026-01-01 --format csv\n"),
                   entries, &argc, &argv))
        return 2;
    int rc = 2;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    vi_report *report = NULL;
    GError *err = NULL;
    static const char *const formats[] = {"table", "csv", "json", NULL};
    vi_format format;
    if (argc > 1) {
        errorf(_("history: unexpected argument '%s'"), argv[1]);
        goto out;
    }
    if (!cli_format(format_name, formats, &format))
        goto out;
    since_at = since ? since_key(since) : NULL;
    if (since && !since_at) {
        errorf(_("history: --since: expected a day YYYY-MM-DD or a UTC time "
                 "YYYY-MM-DDTHH:MM[:SS[.mmm]]Z, got \"%s\""),
               since);
        goto out;
    }
    rc = 1;
    if (!(reg = cli_registry()))
        goto out;
    if (layer && !registry_layer(reg, layer) && strcmp(layer, VI_LEDGER_TABLE) != 0) {
        char *names = cli_layer_keys(reg);
        errorf(_("history: --layer: no layer \"%s\" (layers: %s, %s)"), layer, names,
               VI_LEDGER_TABLE);
        g_free(names);
        rc = 2;
        goto out;
    }
    if (!(store = cli_open_store(reg, TRUE)))
        goto out;
    history_out o = {.reg = reg, .csv = format == VI_FORMAT_CSV};
    GString *text = g_string_new(NULL);
    if (format == VI_FORMAT_JSON) {
        o.json = json_new(text, NULL);
        json_begin_array(o.json);
    } else {
        static const char *const names[] = {N_("id"),     N_("time"),  N_("user"),    N_("action"),
                                            N_("layer"),  N_("added"), N_("changed"), N_("deleted"),
                                            N_("detail"), N_("state")};
        const char *heads[G_N_ELEMENTS(names)];
        for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
            heads[i] = _(names[i]);
        static const char *const csv[] = {"id",
                                          "time",
                                          "user",
                                          "host",
                                          "action",
                                          "layer",
                                          "added",
                                          "changed",
                                          "deleted",
                                          "detail",
                                          "undone_by",
                                          "command_line",
                                          "source_sha256",
                                          "version",
                                          "checksum_before",
                                          "checksum_after"};
        report = report_new(o.csv ? NULL : _("History of changes"));
        o.table = o.csv ? report_add_table(report, NULL, G_N_ELEMENTS(csv), csv)
                        : report_add_table(report, NULL, G_N_ELEMENTS(heads), heads);
    }
    gboolean ok = store_history_scan(store, layer, since_at, add_entry, &o, &err);
    if (o.json) {
        json_end_array(o.json);
        json_free(o.json);
    } else if (ok) {
        report_render(report, format, text);
    }
    if (ok) {
        fputs(text->str, stdout);
        rc = 0;
    } else {
        msg_fail(err);
    }
    g_string_free(text, TRUE);
out:
    report_free(report);
    store_close(store);
    registry_free(reg);
    g_free(layer);
    g_free(since);
    g_free(since_at);
    g_free(format_name);
    return rc;
}
