/*
 * cmd-gaps.c - vinfra gaps: the households a service does not reach,
 * grouped into hamlets with their size, place and distance to the nearest
 * serving asset, as tables, CSV or GeoJSON.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd-measure.h"
#include "cmd.h"
#include "coverage-report.h"
#include "coverage.h"
#include "gaps.h"
#include "msg.h"
#include "rules.h"
#include "vi-error.h"

#include <stdio.h>

int cmd_gaps(int argc, char **argv)
{
    g_auto(vi_measure_options) o = {0};
    g_autofree char *as_of_text = NULL;
    int as_of = 0;
    gboolean after_plan = FALSE, households = FALSE;
    const GOptionEntry entries[] = {
        {"service", 0, 0, G_OPTION_ARG_STRING, &o.service,
         N_("only this service (see 'vinfra coverage --list-services')"), N_("NAME")},
        {"village", 0, 0, G_OPTION_ARG_STRING, &o.village,
         N_("only the households of this village"), N_("NAME")},
        {"by", 0, 0, G_OPTION_ARG_STRING, &o.by,
         N_("measure reach this way: line (default), road or terrain"), N_("METHOD")},
        {"dem", 0, 0, G_OPTION_ARG_FILENAME, &o.dem, N_("elevation model for --by terrain"),
         N_("FILE")},
        {"threshold", 0, 0, G_OPTION_ARG_STRING, &o.threshold_text,
         N_("reach in metres (needs --service)"), N_("METRES")},
        {"after-plan", 0, 0, G_OPTION_ARG_NONE, &after_plan, N_("count planned assets as built"),
         NULL},
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
         N_("the world as it stood at the end of this year (assets of that year or before)"),
         N_("YEAR")},
        {"households", 0, 0, G_OPTION_ARG_NONE, &households,
         N_("also list every unserved household"), NULL},
        {"rules", 0, 0, G_OPTION_ARG_FILENAME, &o.rules_path,
         N_("rules file (default: rules.tsv of the data directory)"), N_("FILE")},
        {"format", 0, 0, G_OPTION_ARG_STRING, &o.format_name, N_("table (default), csv or geojson"),
         N_("FORMAT")},
        {NULL}};
    if (!cli_parse(
            "gaps", "", N_("Unserved households, grouped into hamlets."),
            N_("For each service (or the one named), the households its rule does not reach,\n"
               "grouped into hamlets (households within 150 m of each other), with their\n"
               "village and direction from its centre, people, poor households and the\n"
               "nearest serving asset.  GeoJSON is in EPSG:4490 longitude/latitude: a point\n"
               "per hamlet, and per household with --households.\n\n"
               "Examples:\n"
               "  vinfra gaps --service clinic\n"
               "  vinfra gaps --service clinic --by road --village 双龙村\n"
               "  vinfra gaps --service water --format geojson > water-gaps.geojson\n"),
            entries, &argc, &argv))
        return 2;
    int rc = 0;
    static const char *const formats[] = {"table", "csv", "geojson", NULL};
    vi_format format;
    vi_measure_setup s = {.cmd = "gaps",
                          .format_name = o.format_name,
                          .formats = formats,
                          .threshold_text = o.threshold_text,
                          .rules_path = o.rules_path,
                          .format = &format};
    GPtrArray *computed = g_ptr_array_new_with_free_func((GDestroyNotify)coverage_measure_free);
    GArray *gaps = g_array_new(FALSE, TRUE, sizeof(vi_gaps));
    GError *err = NULL;
    if (argc > 1) {
        errorf(_("gaps: unexpected argument '%s'"), argv[1]);
        rc = 2;
        goto out;
    }
    if (!cli_year("gaps", "--as-of", as_of_text, &as_of)) {
        rc = 2;
        goto out;
    }
    if (as_of && after_plan) {
        errorf(_("%s: --as-of and --after-plan cannot be combined: as of a year, planned "
                 "assets were not built"),
               "gaps");
        rc = 2;
        goto out;
    }
    if ((rc = measure_setup_rules(&s)) || (rc = measure_setup_select(&s, o.service, o.by, o.dem)))
        goto out;
    /* Households measures only; without --by, each service's first (straight line). */
    measure_setup_keep_households(&s, s.method < 0);
    if (s.measures->len == 0) {
        if (o.service)
            errorf(_("gaps: service \"%s\" has no rule that serves households"), o.service);
        else
            errorf(_("gaps: no rule serves households"));
        rc = 2;
        goto out;
    }
    vi_coverage_options opt = {.village = o.village,
                               .after_plan = after_plan,
                               .dem_path = o.dem,
                               .as_of = as_of,
                               .with_ids = TRUE};
    if ((rc = measure_setup_world(&s, TRUE, &opt)))
        goto out;
    for (guint i = 0; i < s.measures->len; i++) {
        const vi_measure_def *def = s.measures->pdata[i];
        vi_measure *m = coverage_measure(s.world, def, &err);
        if (!m) {
            rc = msg_fail(err);
            goto out;
        }
        g_ptr_array_add(computed, m);
        vi_gaps g = {m,
                     rules_service_name(s.rules, def->service, cli_common.language == VI_LANG_EN),
                     coverage_measure_label(def, s.reg, cli_common.language),
                     gaps_hamlets(s.world, m, &err)};
        g_array_append_val(gaps, g);
        if (!g.hamlets) {
            rc = msg_fail(err);
            goto out;
        }
    }
    GString *text = g_string_new(NULL);
    if (gaps_render(s.world, (const vi_gaps *)gaps->data, (int)gaps->len, households, format,
                    cli_common.language, text, &err))
        fputs(text->str, stdout);
    else
        rc = msg_fail(err);
    g_string_free(text, TRUE);
out:
    for (guint i = 0; i < gaps->len; i++) {
        g_free(g_array_index(gaps, vi_gaps, i).label);
        gaps_free(g_array_index(gaps, vi_gaps, i).hamlets);
    }
    g_array_free(gaps, TRUE);
    g_ptr_array_unref(computed);
    measure_setup_clear(&s);
    return rc;
}
