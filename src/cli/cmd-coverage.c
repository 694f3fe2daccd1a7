/*
 * cmd-coverage.c - vinfra coverage: per village and in total, who is served
 * by each service under the rules of data/rules.tsv, and how far the
 * nearest serving asset is.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd-measure.h"
#include "cmd.h"
#include "coverage-report.h"
#include "coverage-tally.h"
#include "coverage.h"
#include "msg.h"
#include "rules.h"
#include "vi-error.h"

#include <stdio.h>

static void add_to_tally(const vi_measure *m, void *tally)
{
    coverage_tally_add(tally, m);
}

int cmd_coverage(int argc, char **argv)
{
    g_auto(vi_measure_options) o = {0};
    g_autofree char *as_of_text = NULL;
    int as_of = 0;
    gboolean after_plan = FALSE, list_services = FALSE;
    const GOptionEntry entries[] = {
        {"service", 0, 0, G_OPTION_ARG_STRING, &o.service,
         N_("only this service (see --list-services)"), N_("NAME")},
        {"village", 0, 0, G_OPTION_ARG_STRING, &o.village,
         N_("only the households of this village"), N_("NAME")},
        {"by", 0, 0, G_OPTION_ARG_STRING, &o.by,
         N_("only rules measured this way: line, road or terrain"), N_("METHOD")},
        {"dem", 0, 0, G_OPTION_ARG_FILENAME, &o.dem,
         N_("elevation model for line-of-sight (terrain) rules"), N_("FILE")},
        {"threshold", 0, 0, G_OPTION_ARG_STRING, &o.threshold_text,
         N_("reach in metres for the rules shown (needs --service)"), N_("METRES")},
        {"after-plan", 0, 0, G_OPTION_ARG_NONE, &after_plan, N_("count planned assets as built"),
         NULL},
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
         N_("the world as it stood at the end of this year (assets of that year or before)"),
         N_("YEAR")},
        {"rules", 0, 0, G_OPTION_ARG_FILENAME, &o.rules_path,
         N_("rules file (default: rules.tsv of the data directory)"), N_("FILE")},
        {"format", 0, 0, G_OPTION_ARG_STRING, &o.format_name,
         N_("table (default), csv, json or md"), N_("FORMAT")},
        {"list-services", 0, 0, G_OPTION_ARG_NONE, &list_services,
         N_("print the service names and exit"), NULL},
        {NULL}};
    if (!cli_parse(
            "coverage", "",
            N_("Who is served by clinics, lights, water, signal, roads, elderly care and "
               "culture squares."),
            N_("Per village and in total: households and people served and not served, poor\n"
               "households apart, and the distance to the nearest serving asset (median, 90th\n"
               "percentile, farthest); for streetlights also the lit share of the roads.\n"
               "Rules (which layer serves, within what distance, measured how) are in\n"
               "data/rules.tsv.  Planned assets count only with --after-plan.\n\n"
               "Examples:\n"
               "  vinfra coverage\n"
               "  vinfra coverage --service clinic --village 双龙村\n"
               "  vinfra coverage --service clinic --by road --threshold 5000\n"
               "  vinfra coverage --service signal --dem dem.tif\n"),
            entries, &argc, &argv))
        return 2;
    int rc = 0;
    static const char *const formats[] = {"table", "csv", "json", "md", NULL};
    vi_format format;
    vi_measure_setup s = {.cmd = "coverage",
                          .format_name = o.format_name,
                          .formats = formats,
                          .threshold_text = o.threshold_text,
                          .rules_path = o.rules_path,
                          .format = &format};
    vi_coverage_tally *tally = NULL;
    GError *err = NULL;
    if (argc > 1) {
        errorf(_("coverage: unexpected argument '%s'"), argv[1]);
        rc = 2;
        goto out;
    }
    if (!cli_year("coverage", "--as-of", as_of_text, &as_of)) {
        rc = 2;
        goto out;
    }
    if (as_of && after_plan) {
        errorf(_("%s: --as-of and --after-plan cannot be combined: as of a year, planned "
                 "assets were not built"),
               "coverage");
        rc = 2;
        goto out;
    }
    if ((rc = measure_setup_rules(&s)))
        goto out;
    if (list_services) {
        for (int i = 0; i < rules_service_count(s.rules); i++)
            printf("%s\n", rules_service_at(s.rules, i));
        goto out;
    }
    if ((rc = measure_setup_select(&s, o.service, o.by, o.dem)))
        goto out;
    vi_coverage_options opt = {
        .village = o.village, .after_plan = after_plan, .dem_path = o.dem, .as_of = as_of};
    if ((rc = measure_setup_world(&s, TRUE, &opt)))
        goto out;
    tally = coverage_tally_new(s.world);
    if (!coverage_measure_each(s.world, s.measures, add_to_tally, tally, &err)) {
        rc = msg_fail(err);
        goto out;
    }
    GString *text = g_string_new(NULL);
    coverage_report_render(tally, s.rules, format, cli_common.language, text);
    fputs(text->str, stdout);
    g_string_free(text, TRUE);
out:
    coverage_tally_free(tally);
    measure_setup_clear(&s);
    return rc;
}
