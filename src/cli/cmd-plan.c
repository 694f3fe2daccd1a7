/*
 * cmd-plan.c - vinfra plan: proposed sites for a service that newly serve
 * the most unserved people within a number of sites or a budget, by line,
 * road or terrain, with the gain of each, the coverage after it and how
 * far the plan can be from the best; --save stores them as planned assets.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd-measure.h"
#include "cmd.h"
#include "coverage-report.h"
#include "costs.h"
#include "coverage.h"
#include "msg.h"
#include "number.h"
#include "rules.h"
#include "siting.h"
#include "vi-error.h"

#include <limits.h>
#include <stdio.h>

int cmd_plan(int argc, char **argv)
{
    g_auto(vi_measure_options) o = {0};
    int add = INT_MIN; /* not given */
    gboolean save = FALSE, after_plan = FALSE, greedy = FALSE;
    g_autofree char *budget_text = NULL, *cost_text = NULL, *weight_text = NULL, *time_text = NULL;
    const GOptionEntry entries[] = {
        {"service", 0, 0, G_OPTION_ARG_STRING, &o.service,
         N_("the service to plan (see 'vinfra coverage --list-services')"), N_("NAME")},
        {"add", 0, 0, G_OPTION_ARG_INT, &add, N_("how many new sites (at most, with --budget)"),
         N_("COUNT")},
        {"budget", 0, 0, G_OPTION_ARG_STRING, &budget_text,
         N_("spend at most this much (万元): the sites that serve the most within it"), N_("WAN")},
        {"cost", 0, 0, G_OPTION_ARG_STRING, &cost_text,
         N_("cost of one site in 万元 (default: data/costs.tsv)"), N_("WAN")},
        {"by", 0, 0, G_OPTION_ARG_STRING, &o.by,
         N_("reach by line (default), road (along the roads) or terrain (line of sight)"),
         N_("METHOD")},
        {"dem", 0, 0, G_OPTION_ARG_FILENAME, &o.dem, N_("elevation model for --by terrain"),
         N_("FILE")},
        {"weight", 0, 0, G_OPTION_ARG_STRING, &weight_text,
         N_("what a household weighs: people (default), households, and poor=F to count poor "
            "households F times (e.g. poor=2 or households,poor=2)"),
         N_("SPEC")},
        {"greedy", 0, 0, G_OPTION_ARG_NONE, &greedy,
         N_("greedy picks only, with their guarantee (no exact search)"), NULL},
        {"time-limit", 0, 0, G_OPTION_ARG_STRING, &time_text,
         N_("seconds the exact search may take (default 10)"), N_("SECONDS")},
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
            "plan", N_("--service NAME (--add N | --budget WAN)"),
            N_("Propose new sites that serve the most unserved people."),
            N_("Candidate sites are points every 100 m along the roads and the centres of the\n"
               "unserved hamlets (along the roads: the road points only).  A site serves the\n"
               "unserved households within the reach of the service's rule measured --by line,\n"
               "road or terrain, with existing assets kept.  The plan serves the most people\n"
               "(or --weight) with at most --add sites and/or within --budget 万元, each site\n"
               "costing data/costs.tsv's figure (or --cost).  Greedy picks give one answer;\n"
               "an exact search (branch and bound, --time-limit) finds the best or proves how\n"
               "far the plan can be from it, and the report says which.  --save stores\n"
               "the picks as planned assets (status planned, no project): plain coverage\n"
               "leaves them out, 'vinfra coverage --after-plan' counts them.  A saved plan\n"
               "grows: --save starts from the sites planned so far, so planning twice never\n"
               "stores the same site twice.\n\n"
               "Examples:\n"
               "  vinfra plan --service clinic --add 1\n"
               "  vinfra plan --service clinic --budget 50 --by road\n"
               "  vinfra plan --service signal --add 1 --by terrain --dem dem.tif\n"
               "  vinfra plan --service streetlight --budget 10 --weight poor=2\n"
               "  vinfra plan --service culture --add 3 --village 双龙村 --save\n"),
            entries, &argc, &argv))
        return 2;
    int rc = 0;
    vi_plan_options popt = {.weight_base = VI_WEIGHT_PEOPLE, .poor_factor = 1};
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
    popt.add = add == INT_MIN ? 0 : add;
    popt.greedy_only = greedy;
    if ((add == INT_MIN && !budget_text) || (add != INT_MIN && add < 1)) {
        errorf(add == INT_MIN ? _("plan: give --add N (how many sites) or --budget WAN (how much "
                                  "to spend), or both")
                              : _("plan: --add: expected a number of sites from 1, got %d"),
               add);
        rc = 2;
        goto out;
    }
    if ((budget_text && !(vi_parse_real(budget_text, &popt.budget_wan) && popt.budget_wan > 0)) ||
        (cost_text && !(vi_parse_real(cost_text, &popt.cost_wan) && popt.cost_wan > 0))) {
        errorf(_("plan: %s: expected an amount in 万元 above 0, got '%s'"),
               budget_text && !(popt.budget_wan > 0) ? "--budget" : "--cost",
               budget_text && !(popt.budget_wan > 0) ? budget_text : cost_text);
        rc = 2;
        goto out;
    }
    if (time_text && !(vi_parse_real(time_text, &popt.time_limit_s) && popt.time_limit_s > 0)) {
        errorf(_("plan: --time-limit: expected seconds above 0, got '%s'"), time_text);
        rc = 2;
        goto out;
    }
    if (weight_text && !siting_parse_weight(weight_text, &popt, &err)) {
        errorf(_("plan: --weight: %s"), err->message);
        g_clear_error(&err);
        rc = 2;
        goto out;
    }
    if ((rc = measure_setup_rules(&s)) ||
        (rc = measure_setup_select(&s, o.service, o.by ? o.by : "line", o.dem)))
        goto out;
    measure_setup_keep_households(&s, FALSE);
    if (s.measures->len == 0) {
        errorf(_("plan: service \"%s\" has no rule for households measured %s"), o.service,
               o.by ? o.by : "line");
        rc = 2;
        goto out;
    }
    /* Saving without the sites saved before would propose them again and store
     * duplicates, so a saved plan always grows from the plan so far. */
    vi_coverage_options opt = {.village = o.village,
                               .after_plan = after_plan || save,
                               .with_ids = TRUE,
                               .with_roads = TRUE,
                               .dem_path = o.dem};
    if ((rc = measure_setup_world(&s, !save, &opt)))
        goto out;
    const vi_measure_def *def = s.measures->pdata[0];
    if (!(measure = coverage_measure(s.world, def, &err))) {
        rc = msg_fail(err);
        goto out;
    }
    /* The cost of a site: --cost, else data/costs.tsv (needed for a budget only). */
    const vi_rule *rule = siting_point_rule(s.world, measure);
    if (cost_text) {
        popt.cost_source = g_strdup("--cost");
    } else if (rule) {
        vi_costs *costs = costs_load(cli_datadir(), &err);
        const vi_cost *cost = costs ? costs_for_rule(costs, rule) : NULL;
        if (cost) {
            popt.cost_wan = cost->cost_wan;
            popt.cost_source = g_strdup(cost_source(cost, cli_common.language));
        }
        costs_free(costs);
        if (!costs && budget_text) {
            rc = msg_fail(err);
            goto out;
        }
        /* Without a budget the cost only informs: say why it is missing. */
        if (!costs)
            warnf(_("plan: no costs for the report: %s"), err->message);
        g_clear_error(&err);
        if (!cost && budget_text) {
            errorf(_("plan: costs.tsv of the data directory gives no cost for a new %s (layer "
                     "%s): add a row there or give --cost WAN"),
                   coverage_asset_name(rule, s.reg, cli_common.language), rule->layer);
            rc = 2;
            goto out;
        }
    }
    if (!(plan = siting_plan(s.world, measure, &popt, &err))) {
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
    g_free(popt.cost_source);
    siting_free(plan);
    coverage_measure_free(measure);
    measure_setup_clear(&s);
    return rc;
}
