/*
 * siting-report.c - a plan's table (the coverage now, then after each pick,
 * with where each site lies in words) and its JSON.  See siting.h.
 */
#include "siting.h"
#include "coverage-report.h"
#include "i18n.h"
#include "report.h"

#include <inttypes.h>
#include <math.h>

static double percent(gint64 part, gint64 whole)
{
    return whole > 0 ? 100.0 * (double)part / (double)whole : NAN;
}

/* "聚落 1（双龙村北部）中心" or "东岔村通村路旁，距聚落 2（东岔村北部）170 米". */
static char *site_place(const vi_world *w, const vi_plan *p, const vi_site *s, vi_lang lang)
{
    char *hamlet = NULL;
    if (s->hamlet >= 0) {
        const vi_hamlet *h = &g_array_index(p->hamlets, vi_hamlet, s->hamlet);
        char *place = gaps_place(w, h, lang);
        hamlet = g_strdup_printf(vi_i18n_in(lang, N_("hamlet %d (%s)")), h->number, place);
        g_free(place);
    }
    if (s->road < 0) {
        char *out = g_strdup_printf(vi_i18n_in(lang, N_("centre of %s")), hamlet);
        g_free(hamlet);
        return out;
    }
    const vi_features *roads = world_features(w, VI_NETWORK_LAYER);
    const char *name = roads->name ? roads->name[s->road] : NULL;
    const char *id = roads->id ? roads->id[s->road] : "";
    /* A named road reads "东岔村通村路旁"; an unnamed one "道路 R-3 旁". */
    char *road = name ? g_strdup_printf(vi_i18n_in(lang, N_("by %s")), name)
                      : g_strdup_printf(vi_i18n_in(lang, N_("by road %s")), id);
    char *out;
    if (hamlet) {
        char *d = coverage_distance_text(round(s->hamlet_dist), lang);
        /* TRANSLATORS: the road, the distance, the hamlet */
        out = g_strdup_printf(vi_i18n_in(lang, N_("%s, %s from %s")), road, d, hamlet);
        g_free(d);
    } else {
        out = g_strdup(road);
    }
    g_free(road);
    g_free(hamlet);
    return out;
}

static const char *method_name(const vi_plan *p)
{
    static const char *const names[] = {"line", "road", "terrain"};
    return names[p->rule->method];
}

/* A number of people, households or weight without needless decimals. */
static char *amount_text(double v)
{
    return fabs(v - round(v)) < 1e-6 ? g_strdup_printf("%.0f", v) : g_strdup_printf("%.1f", v);
}

/* "2512 people", "805 households" or "weight 2530.0", as the plan counts. */
static char *value_text(const vi_plan *p, double v, vi_lang lang)
{
    g_autofree char *n = amount_text(v);
    if (p->opt.poor_factor != 1)
        return g_strdup_printf(vi_i18n_in(lang, N_("weight %s")), n);
    return g_strdup_printf(vi_i18n_in(lang, p->opt.weight_base == VI_WEIGHT_HOUSEHOLDS
                                                ? N_("%s households")
                                                : N_("%s people")),
                           n);
}

/* How far the plan can be from the best, in percent of the bound. */
static double gap_percent(const vi_plan *p)
{
    return p->upper_bound > 0 ? 100.0 * (p->upper_bound - p->best_value) / p->upper_bound : 0;
}

static char *wan_text(double v)
{
    return g_strdup_printf("%.2f", v);
}

/* The notes on weights, costs and the budget. */
static void add_cost_notes(vi_report *rep, const vi_world *w, const vi_plan *p, vi_lang lang)
{
    if (p->opt.weight_base == VI_WEIGHT_HOUSEHOLDS || p->opt.poor_factor != 1) {
        g_autofree char *f = amount_text(p->opt.poor_factor);
        char *note =
            p->opt.poor_factor == 1
                ? g_strdup(vi_i18n_in(lang, N_("Each household counts once, whatever its size.")))
                : g_strdup_printf(
                      vi_i18n_in(lang, p->opt.weight_base == VI_WEIGHT_HOUSEHOLDS
                                           ? N_("Each household counts once, a poor household "
                                                "%s times (--weight).")
                                           : N_("Each household weighs its people, a poor "
                                                "household's people %s times (--weight).")),
                      f);
        report_add_note(rep, note);
        g_free(note);
    }
    if (p->opt.cost_wan > 0) {
        g_autofree char *unit = wan_text(p->opt.cost_wan), *total = wan_text(p->cost_total);
        /* TRANSLATORS: cost of one, the asset, where the figure comes from, sites, total */
        char *note = g_strdup_printf(
            vi_i18n_in(lang, N_("Cost: %s 万元 per %s (%s); the plan's %u sites: %s 万元.")), unit,
            coverage_asset_name(p->rule, world_registry(w), lang), p->opt.cost_source,
            p->sites->len, total);
        report_add_note(rep, note);
        g_free(note);
    }
    if (p->opt.budget_wan > 0) {
        g_autofree char *budget = wan_text(p->opt.budget_wan), *spent = wan_text(p->cost_total),
                        *left = wan_text(p->opt.budget_wan - p->cost_total);
        char *note = g_strdup_printf(
            vi_i18n_in(lang, N_("Budget %s 万元: the plan spends %s 万元, %s 万元 left.")), budget,
            spent, left);
        report_add_note(rep, note);
        g_free(note);
    }
}

/* The note on how close the plan is to the best possible. */
static char *optimality_note(const vi_plan *p, vi_lang lang)
{
    g_autofree char *plan = value_text(p, p->best_value, lang);
    g_autofree char *greedy = value_text(p, p->greedy_value, lang);
    g_autofree char *bound = value_text(p, p->upper_bound, lang);
    if (p->optimal && !p->from_search)
        return g_strdup_printf(
            vi_i18n_in(lang, N_("Best possible: the greedy picks serve %s, the optimum (proven by "
                                "an exact search of %" PRId64 " nodes).")),
            plan, p->nodes);
    if (p->optimal)
        return g_strdup_printf(
            vi_i18n_in(lang, N_("Greedy picks would serve %s; the optimum serves %s (proven by an "
                                "exact search of %" PRId64 " nodes), and the plan below is it.")),
            greedy, plan, p->nodes);
    if (p->searched)
        /* TRANSLATORS: the percentage, the plan's value, the bound, nodes, the greedy's value */
        return g_strdup_printf(
            vi_i18n_in(lang, N_("Within %.1f%% of the best: the plan serves %s and no plan within "
                                "the limits can serve more than %s (the exact search stopped at "
                                "its limit after %" PRId64 " nodes; greedy picks: %s).")),
            gap_percent(p), plan, bound, p->nodes, greedy);
    if (p->opt.budget_wan > 0 && p->opt.add == 0)
        return g_strdup_printf(
            vi_i18n_in(lang, N_("Greedy picks only (--greedy): %s; no plan within the budget can "
                                "serve more than %s, so the plan is within %.1f%% of the best.")),
            plan, bound, gap_percent(p));
    return g_strdup_printf(
        vi_i18n_in(lang, N_("Greedy picks only (--greedy): %s, at least %.1f%% of the best "
                            "possible (1 − 1/e); proven: no plan can serve more than %s, so the "
                            "plan is within %.1f%% of the best.")),
        plan, 100.0 * VI_GREEDY_GUARANTEE, bound, gap_percent(p));
}

static void render_json(const vi_world *w, const vi_plan *p, vi_lang lang, GString *out)
{
    vi_json *j = json_new(out, NULL);
    json_begin_object(j);
    json_key(j, "service"), json_string(j, p->measure->def->service);
    json_key(j, "rule"), json_string(j, p->label);
    json_key(j, "layer"), json_string(j, p->rule->layer);
    json_key(j, "by"), json_string(j, method_name(p));
    json_key(j, "threshold_m"), json_number(j, p->rule->threshold_m);
    json_key(j, "village"), json_string(j, world_options(w)->village);
    json_key(j, "candidates"), json_int(j, p->candidates);
    json_key(j, "after_plan"), json_bool(j, world_options(w)->after_plan);
    json_key(j, "weight");
    json_begin_object(j);
    json_key(j, "base"),
        json_string(j, p->opt.weight_base == VI_WEIGHT_HOUSEHOLDS ? "households" : "people");
    json_key(j, "poor_factor"), json_number(j, p->opt.poor_factor);
    json_end_object(j);
    json_key(j, "max_sites");
    if (p->opt.add > 0)
        json_int(j, p->opt.add);
    else
        json_null(j);
    json_key(j, "cost_wan");
    if (p->opt.cost_wan > 0)
        json_number(j, p->opt.cost_wan);
    else
        json_null(j);
    json_key(j, "cost_source"), json_string(j, p->opt.cost_source);
    json_key(j, "budget_wan");
    if (p->opt.budget_wan > 0)
        json_number(j, p->opt.budget_wan);
    else
        json_null(j);
    json_key(j, "cost_total_wan");
    if (p->opt.cost_wan > 0)
        json_number(j, p->cost_total);
    else
        json_null(j);
    json_key(j, "optimality");
    json_begin_object(j);
    json_key(j, "plan_value"), json_number(j, p->best_value);
    json_key(j, "greedy_value"), json_number(j, p->greedy_value);
    json_key(j, "greedy_sites"), json_int(j, p->greedy_sites);
    json_key(j, "upper_bound"), json_number(j, p->upper_bound);
    json_key(j, "gap_percent"), json_number(j, gap_percent(p));
    json_key(j, "optimal"), json_bool(j, p->optimal);
    json_key(j, "searched"), json_bool(j, p->searched);
    json_key(j, "hit_limit"), json_bool(j, p->hit_limit);
    json_key(j, "from_search"), json_bool(j, p->from_search);
    json_key(j, "nodes"), json_int(j, p->nodes);
    json_end_object(j);
    json_key(j, "before");
    json_begin_object(j);
    json_key(j, "households"), json_int(j, p->households);
    json_key(j, "served_households"), json_int(j, p->served_households);
    json_key(j, "served_percent"), json_number(j, percent(p->served_households, p->households));
    json_key(j, "people"), json_int(j, p->people);
    json_key(j, "served_people"), json_int(j, p->served_people);
    json_key(j, "served_people_percent"), json_number(j, percent(p->served_people, p->people));
    json_key(j, "poor_households"), json_int(j, p->poor_households);
    json_key(j, "served_poor_households"), json_int(j, p->served_poor);
    json_end_object(j);
    json_key(j, "sites");
    json_begin_array(j);
    for (guint i = 0; i < p->sites->len; i++) {
        const vi_site *s = &g_array_index(p->sites, vi_site, i);
        char *place = site_place(w, p, s, lang);
        json_begin_object(j);
        json_key(j, "rank"), json_int(j, s->rank);
        json_key(j, "lon"), json_degrees(j, s->lon);
        json_key(j, "lat"), json_degrees(j, s->lat);
        json_key(j, "village"), json_string(j, world_village_name(w, s->village));
        json_key(j, "place"), json_string(j, place);
        json_key(j, "hamlet");
        if (s->hamlet >= 0)
            json_int(j, g_array_index(p->hamlets, vi_hamlet, s->hamlet).number);
        else
            json_null(j);
        json_key(j, "gain_households"), json_int(j, s->gain_households);
        json_key(j, "gain_people"), json_int(j, s->gain_people);
        json_key(j, "gain_poor_households"), json_int(j, s->gain_poor);
        json_key(j, "served_households"), json_int(j, s->served_households);
        json_key(j, "served_percent"), json_number(j, percent(s->served_households, p->households));
        json_key(j, "served_people"), json_int(j, s->served_people);
        json_key(j, "served_people_percent"), json_number(j, percent(s->served_people, p->people));
        json_key(j, "id"), json_string(j, s->id);
        json_end_object(j);
        g_free(place);
    }
    json_end_array(j);
    json_end_object(j);
    json_free(j);
}

void siting_render(const vi_world *w, const vi_plan *p, vi_format format, vi_lang lang,
                   GString *out)
{
    if (format == VI_FORMAT_JSON) {
        render_json(w, p, lang, out);
        return;
    }
    const char *only = world_options(w)->village;
    char *title = g_strdup_printf(vi_i18n_in(lang, N_("Siting · %s (%s)%s%s")), p->service_name,
                                  p->label, only ? " · " : "", only ? only : "");
    vi_report *rep = report_new(title);
    g_free(title);
    char *note = g_strdup_printf(
        vi_i18n_in(lang, p->rule->method == VI_METHOD_ROAD
                             ? N_("Candidates: a point every %.0f m along the roads (a site "
                                  "reached along the roads stands on them), %d in all; existing "
                                  "assets stay.")
                             : N_("Candidates: a point every %.0f m along the roads and the centre "
                                  "of each unserved hamlet, %d in all; existing assets stay.")),
        VI_SITING_SPACING_M, p->candidates);
    report_add_note(rep, note);
    g_free(note);
    add_cost_notes(rep, w, p, lang);
    if (p->sites->len > 0) {
        note = optimality_note(p, lang);
        report_add_note(rep, note);
        g_free(note);
    }
    if (world_options(w)->after_plan)
        report_add_note(
            rep,
            vi_i18n_in(lang, N_("Sites planned so far count as built; new sites add to them.")));
    const char *h[] = {vi_i18n_in(lang, N_("no.")),
                       vi_i18n_in(lang, N_("lon")),
                       vi_i18n_in(lang, N_("lat")),
                       coverage_in_context(lang, "site table", NC_("site table", "village")),
                       vi_i18n_in(lang, N_("where")),
                       vi_i18n_in(lang, N_("new households")),
                       vi_i18n_in(lang, N_("new people")),
                       vi_i18n_in(lang, N_("of them poor")),
                       coverage_in_context(lang, "site table", NC_("site table", "served")),
                       vi_i18n_in(lang, N_("served %")),
                       vi_i18n_in(lang, N_("people %"))};
    vi_table *t = report_add_table(rep, NULL, G_N_ELEMENTS(h), h);
    report_row(t);
    report_text(t, vi_i18n_in(lang, N_("now")));
    for (int k = 0; k < 7; k++)
        report_empty(t);
    report_int(t, p->served_households);
    report_number(t, percent(p->served_households, p->households), 1);
    report_number(t, percent(p->served_people, p->people), 1);
    for (guint i = 0; i < p->sites->len; i++) {
        const vi_site *s = &g_array_index(p->sites, vi_site, i);
        char *place = site_place(w, p, s, lang);
        report_row(t);
        report_int(t, s->rank);
        report_number(t, s->lon, 6);
        report_number(t, s->lat, 6);
        report_text(t, s->village >= 0 ? world_village_name(w, s->village)
                                       : vi_i18n_in(lang, N_("(outside the villages)")));
        report_text(t, place);
        report_int(t, s->gain_households);
        report_int(t, s->gain_people);
        report_int(t, s->gain_poor);
        report_int(t, s->served_households);
        report_number(t, percent(s->served_households, p->households), 1);
        report_number(t, percent(s->served_people, p->people), 1);
        g_free(place);
    }
    if (p->sites->len == 0)
        report_add_note(rep, vi_i18n_in(lang, N_("No candidate serves any unserved household.")));
    for (guint i = 0; i < p->sites->len; i++) {
        const vi_site *s = &g_array_index(p->sites, vi_site, i);
        if (!s->id)
            continue;
        char *saved =
            g_strdup_printf(vi_i18n_in(lang, N_("Site %d saved as a planned %s, id %s.")), s->rank,
                            coverage_asset_name(p->rule, world_registry(w), lang), s->id);
        report_add_note(rep, saved);
        g_free(saved);
    }
    report_render(rep, format, out);
    report_free(rep);
}
