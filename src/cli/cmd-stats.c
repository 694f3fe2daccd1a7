/*
 * cmd-stats.c - vinfra stats: counts, geodesic lengths, households and money
 * per village and in total, as a table, CSV, Markdown or JSON.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "stats.h"
#include "vi-error.h"

#include <stdio.h>

int cmd_stats(int argc, char **argv)
{
    char *village = NULL, *layer = NULL, *format_name = NULL, *as_of_text = NULL;
    const GOptionEntry entries[] = {
        {"village", 0, 0, G_OPTION_ARG_STRING, &village, N_("only this village"), N_("NAME")},
        {"layer", 0, 0, G_OPTION_ARG_STRING, &layer,
         N_("only this layer (see 'vinfra layers'; 'projects' for the ledger)"), N_("NAME")},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("table (default), csv, json or md"),
         N_("FORMAT")},
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
         N_("the world as it stood at the end of this year (assets of that year or before)"),
         N_("YEAR")},
        {NULL}};
    if (!cli_parse("stats", "", N_("Count and measure the assets per village and in total."),
                   N_("Lengths are geodesic on the CGCS2000 ellipsoid.  Planned assets are listed\n"
                      "apart and never counted in a total.\n\n"
                      "Examples:\n"
                      "  vinfra stats\n"
                      "  vinfra stats --village 双龙村 --layer roads\n"
                      "  vinfra stats --format json --lang en > stats.json\n"),
                   entries, &argc, &argv))
        return 2;
    int rc = 0;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    vi_stats *stats = NULL;
    GError *err = NULL;
    static const char *const formats[] = {"table", "csv", "json", "md", NULL};
    vi_format format;
    if (argc > 1) {
        errorf(_("stats: unexpected argument '%s'"), argv[1]);
        rc = 2;
        goto out;
    }
    int as_of = 0;
    if (!cli_format(format_name, formats, &format) ||
        !cli_year("stats", "--as-of", as_of_text, &as_of)) {
        rc = 2;
        goto out;
    }
    if (!(reg = cli_registry())) {
        rc = 1;
        goto out;
    }
    /* A misspelt layer is reported before the database is even opened. */
    if (!stats_check_layer(reg, layer, &err)) {
        rc = 2;
        msg_fail(err);
        goto out;
    }
    if (!(store = cli_open_store(reg, TRUE))) {
        rc = 1;
        goto out;
    }
    vi_stats_options opt = {village, layer, as_of};
    stats = stats_compute(store, cli_datadir(), &opt, &err);
    if (!stats) {
        rc = msg_report(NULL, &err);
        goto out;
    }
    GString *text = g_string_new(NULL);
    stats_render(stats, format, cli_common.language, text);
    fputs(text->str, stdout);
    g_string_free(text, TRUE);
out:
    stats_free(stats);
    store_close(store);
    registry_free(reg);
    g_free(village);
    g_free(layer);
    g_free(format_name);
    g_free(as_of_text);
    return rc;
}
