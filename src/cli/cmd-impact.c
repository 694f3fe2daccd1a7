/*
 * cmd-impact.c - vinfra impact: what the programme changed, year by year:
 * the works and money of each year, coverage at each year's end, before
 * against after, and the money per newly served household.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "impact.h"
#include "msg.h"
#include "rules.h"
#include "vi-error.h"

#include <stdio.h>

int cmd_impact(int argc, char **argv)
{
    char *from_text = NULL, *to_text = NULL, *village = NULL, *format_name = NULL,
         *rules_path = NULL;
    const GOptionEntry entries[] = {
        {"from", 0, 0, G_OPTION_ARG_STRING, &from_text,
         N_("the first year (default: the earliest year of the ledger and the assets)"),
         N_("YEAR")},
        {"to", 0, 0, G_OPTION_ARG_STRING, &to_text,
         N_("the last year (default: the latest year of the ledger and the assets)"), N_("YEAR")},
        {"village", 0, 0, G_OPTION_ARG_STRING, &village, N_("only this village"), N_("NAME")},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("table (default), csv, json or md"),
         N_("FORMAT")},
        {"rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path,
         N_("coverage rules (default: rules.tsv of the data directory)"), N_("FILE")},
        {NULL}};
    if (!cli_parse(
            "impact", "", N_("What the programme changed, year by year."),
            N_("For each year of the period: what was built (road km by status, lights, tanks,\n"
               "clinics and the rest), the money of each programme, and who each service\n"
               "reached at the year's end; then before (the end of the year before the\n"
               "period) against after (the end of its last year), with the money of the\n"
               "projects behind each service per household it newly reached.  A year's\n"
               "figures are those of 'vinfra stats --as-of' and 'vinfra coverage --as-of'.\n\n"
               "Examples:\n"
               "  vinfra impact\n"
               "  vinfra impact --from 2017 --to 2019 --village 双龙村\n"
               "  vinfra impact --format json --lang en > impact.json\n"),
            entries, &argc, &argv))
        return 2;
    int rc = 0;
    vi_registry *reg = NULL;
    vi_rules *rules = NULL;
    vi_store *store = NULL;
    vi_impact *im = NULL;
    GError *err = NULL;
    static const char *const formats[] = {"table", "csv", "json", "md", NULL};
    vi_format format;
    int from = 0, to = 0;
    char *default_rules = NULL;
    if (argc > 1) {
        errorf(_("impact: unexpected argument '%s'"), argv[1]);
        rc = 2;
        goto out;
    }
    if (!cli_format(format_name, formats, &format) ||
        !cli_year("impact", "--from", from_text, &from) ||
        !cli_year("impact", "--to", to_text, &to)) {
        rc = 2;
        goto out;
    }
    if (from && to && from > to) {
        errorf(_("impact: --from %d is after --to %d"), from, to);
        rc = 2;
        goto out;
    }
    if (!(reg = cli_registry())) {
        rc = 1;
        goto out;
    }
    default_rules = g_build_filename(cli_datadir(), "rules.tsv", NULL);
    if (!(rules = rules_load(rules_path ? rules_path : default_rules, reg, &err))) {
        rc = msg_fail(err);
        goto out;
    }
    if (!(store = cli_open_store(reg, TRUE))) {
        rc = 1;
        goto out;
    }
    /* A year given against the data's other end is said with the option. */
    if (!from != !to) {
        int first, last;
        if (!impact_years(store, village, &first, &last, &err)) {
            rc = msg_report("impact", &err);
            goto out;
        }
        if (from && last && from > last) {
            errorf(_("impact: --from %d is after the last year of the data, %d (give --to)"), from,
                   last);
            rc = 2;
            goto out;
        }
        if (to && first && to < first) {
            errorf(_("impact: --to %d is before the first year of the data, %d (give --from)"), to,
                   first);
            rc = 2;
            goto out;
        }
    }
    vi_impact_options opt = {village, from, to, cli_datadir()};
    if (!(im = impact_compute(store, rules, &opt, &err))) {
        rc = msg_report("impact", &err);
        goto out;
    }
    GString *text = g_string_new(NULL);
    impact_render(im, format, cli_common.language, text);
    fputs(text->str, stdout);
    g_string_free(text, TRUE);
out:
    impact_free(im);
    store_close(store);
    rules_free(rules);
    registry_free(reg);
    g_free(from_text);
    g_free(to_text);
    g_free(village);
    g_free(format_name);
    g_free(rules_path);
    g_free(default_rules);
    return rc;
}
