/*
 * cmd-plan.c - vinfra plan: N proposed sites for a service that newly serve
 * the most unserved people, with the gain of each and the coverage after
 * it; --save stores them as planned assets.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd-measure.h"
#include "cmd.h"
#include "coverage-report.h"
#include "coverage.h"
#include "msg.h"
#include "rules.h"
#include "siting.h"
#include "vi-error.h"

#include <stdio.h>

int cmd_plan(int argc, char **argv)
{
    g_auto(vi_measure_options) o = {0};
    int add = 0;
    gboolean save = FALSE, after_plan = FALSE;
    const GOptionEntry entries[] = {
        {"service", 0, 0, G_OPTION_ARG_STRING, &o.service,
         N_("the service to plan (see 'vinfra coverage --list-services')"), N_("NAME")},
        {"add", 0, 0, G_OPTION_ARG_INT, &add, N_("how many new sites"), N_("COUNT")},
        {"village", 0, 0, G_OPTION_ARG_STRING, &o.village,
         N_("serve this village's households, from its roads and hamlets"), N_("NAME")},
        {"threshold", 0, 0, G_OPTION_ARG_STRING, &o.threshold_text,
         N_("reach in metres of the service"), N_("METRES")},
        {"after-plan", 0, 0, G_OPTION_ARG_NONE, &after_plan,
         N_("start from the plan so far (planned assets count as built)"), NULL},
        {"save", 0, 0, G_OPTION_ARG_NONE, &save,
         N_("store the sites as planned assets, adding to the plan so far (implies --after-plan)"),
         NULL},
        {"rules", 0, 0, G_OPTION_ARG_FILENAME, &o.rules_path,
         N_("rules file (default: rules.tsv of the data directory)"), N_("FILE")},
        {"format", 0, 0, G_OPTION_ARG_STRING, &o.format_name,
         N_("table (default), csv, json or md"), N_("FORMAT")},
        {NULL}};
    if (!cli_parse(
            "plan", N_("--service NAME --add N"),
            N_("Propose new sites that serve the most unserved people."),
            N_("Candidate sites are points every 100 m along the roads and the centres of the\n"
               "unserved hamlets; each pick is the one that newly serves the most people under\n"
               "the service's straight-line rule, with existing assets kept.  --save stores\n"
               "the picks as planned assets (status planned, no project): plain coverage\n"
               "leaves them out, 'vinfra coverage --after-plan' counts them.  A saved plan\n"
               "grows: --save starts from the sites planned so far, so planning twice never\n"
               "stores the same site twice.\n\n"
               "Examples:\n"
               "  vinfra plan --service clinic --add 1\n"
               "  vinfra plan --service culture --add 3 --village 双龙村 --save\n"),
            entries, &argc, &argv))
        return 2;
    int rc = 0;
    static const char *const formats[] = {"table", "csv", "json", "md", NULL};
    vi_format format;
    vi_measure_setup s = {.cmd = "plan",
                          .format_name = o.format_name,
                          .formats = formats,
                          .threshold_text = o.threshold_text,
                          .rules_path = o.rules_path,
                          .format = &format};
    vi_measure *measure = NULL;
    vi_plan *plan = NULL;
    GError *err = NULL;
    if (argc > 1) {
        errorf(_("plan: unexpected argument '%s'"), argv[1]);
        rc = 2;
        goto out;
    }
    if (!o.service) {
        errorf(_("plan: --service is required (see 'vinfra plan --help')"));
        rc = 2;
        goto out;
    }
    if (add < 1) {
        errorf(_("plan: --add: expected a number of sites from 1, got %d"), add);
        rc = 2;
        goto out;
    }
    if ((rc = measure_setup_rules(&s)) || (rc = measure_setup_select(&s, o.service, "line", NULL)))
        goto out;
    measure_setup_keep_households(&s, FALSE);
    if (s.measures->len == 0) {
        errorf(_("plan: service \"%s\" has no straight-line rule for households"), o.service);
        rc = 2;
        goto out;
    }
    /* Saving without the sites saved before would propose them again and store
     * duplicates, so a saved plan always grows from the plan so far. */
    vi_coverage_options opt = {.village = o.village,
                               .after_plan = after_plan || save,
                               .with_ids = TRUE,
                               .with_roads = TRUE};
    if ((rc = measure_setup_world(&s, !save, &opt)))
        goto out;
    const vi_measure_def *def = s.measures->pdata[0];
    if (!(measure = coverage_measure(s.world, def, &err))) {
        rc = msg_fail(err);
        goto out;
    }
    if (!(plan = siting_plan(s.world, measure, add, &err))) {
        rc = msg_report(g_error_matches(err, VI_ERROR, VI_ERROR_USAGE) ? "plan" : NULL, &err);
        goto out;
    }
    plan->label = coverage_measure_label(def, s.reg, cli_common.language);
    plan->service_name = rules_service_name(s.rules, o.service, cli_common.language == VI_LANG_EN);
    if (save && plan->sites->len > 0 && !siting_save(s.store, s.world, plan, &err)) {
        rc = msg_fail(err);
        goto out;
    }
    GString *text = g_string_new(NULL);
    siting_render(s.world, plan, format, cli_common.language, text);
    fputs(text->str, stdout);
    g_string_free(text, TRUE);
out:
    siting_free(plan);
    coverage_measure_free(measure);
    measure_setup_clear(&s);
    return rc;
}
