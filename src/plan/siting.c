/*
 * siting.c - the plan's computation: candidates, what each would serve,
 * and the choice among them (maxcover.h).  siting-save.c stores the picks, siting-report.c prints
 * them.  See siting.h.
 */
#include "siting.h"
#include "i18n.h"
#include "gkzone.h"
#include "maxcover.h"
#include "number.h"
#include "reach.h"
#include "vi-error.h"

#include <math.h>
#include <string.h>

typedef struct {
    double x, y;
    int road;   /* road feature, or -1 for a hamlet centroid */
    int hamlet; /* hamlet index for a centroid, else -1 */
} candidate;

/* ---- candidates ------------------------------------------------------------------ */

static void add_candidate(GArray *out, double x, double y, int road, int hamlet)
{
    candidate c = {x, y, road, hamlet};
    g_array_append_val(out, c);
}

/* Points every VI_SITING_SPACING_M along the existing roads (of the
 * --village only; planned ones too after the plan, RULE lending the kinds
 * of the statuses), then the hamlet centroids (not for a plan along the
 * roads). */
static GArray *candidates(const vi_world *w, const vi_rule *rule, const GArray *hamlets)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(candidate));
    const vi_features *roads = world_features(w, VI_NETWORK_LAYER);
    const char *only = world_options(w)->village;
    int only_index = only ? world_village_index(w, only) : -1;
    for (int p = 0; roads && p < roads->nparts; p++) {
        int f = roads->part_feature[p];
        const char *status = roads->status[f];
        if ((statuses_planned(rule->status_kinds, status) && !world_options(w)->after_plan) ||
            (only && roads->village[f] != only_index))
            continue;
        for (int v = roads->part_start[p]; v < roads->part_start[p + 1]; v++) {
            const double *a = roads->vert + 2 * v;
            add_candidate(out, a[0], a[1], f, -1);
            if (v + 1 == roads->part_start[p + 1])
                break;
            const double *b = a + 2;
            int steps = (int)ceil(hypot(b[0] - a[0], b[1] - a[1]) / VI_SITING_SPACING_M);
            for (int k = 1; k < steps; k++) {
                double t = (double)k / steps;
                add_candidate(out, a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), f, -1);
            }
        }
    }
    /* Along the roads a site must stand on the network. */
    for (guint i = 0; rule->method != VI_METHOD_ROAD && i < hamlets->len; i++) {
        const vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, i);
        add_candidate(out, h->x, h->y, -1, (int)i);
    }
    return out;
}

/* ---- reach and weights ------------------------------------------------------------ */

/* The sets each candidate would serve, by the measure's method. */
static gboolean candidate_reach(vi_world *w, const vi_rule *rule, const GArray *cand,
                                const GArray *uxy, vi_reach *out, GError **err)
{
    int n = (int)cand->len, npt = (int)(uxy->len / 2);
    double *cxy = g_new(double, 2 * n + 2);
    for (int c = 0; c < n; c++) {
        cxy[2 * c] = g_array_index(cand, candidate, c).x;
        cxy[2 * c + 1] = g_array_index(cand, candidate, c).y;
    }
    const double *pxy = (const double *)uxy->data;
    gboolean ok;
    switch (rule->method) {
    case VI_METHOD_ROAD: {
        const struct vi_network *net = world_network(w, err);
        ok = net && reach_by_road(net, cxy, n, pxy, npt, rule->threshold_m, out, err);
        break;
    }
    case VI_METHOD_TERRAIN:
        if (!world_options(w)->dem_path) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("a plan over the terrain needs the elevation model: give --dem FILE"));
            ok = FALSE;
            break;
        }
        ok = reach_by_terrain(world_options(w)->dem_path, world_epsg(w), cxy, n,
                              rule->asset_height_m, pxy, npt, rule->target_height_m,
                              rule->threshold_m, out, err);
        break;
    default:
        ok = reach_by_line(cxy, n, pxy, npt, rule->threshold_m, out, err);
    }
    g_free(cxy);
    return ok;
}

/* What household H weighs in the plan. */
static double household_weight(const vi_plan_options *o, int members, gboolean poor)
{
    double w = o->weight_base == VI_WEIGHT_HOUSEHOLDS ? 1.0 : (double)members;
    return poor ? w * o->poor_factor : w;
}

/* The order in which a plan's sites are told: each next the one that newly
 * serves the most of what is left (the greedy order within the set). */
static void order_greedily(GArray *set, const vi_reach *r, const double *weight, int nelem)
{
    guint8 *covered = g_new0(guint8, nelem + 1);
    for (guint done = 0; done < set->len; done++) {
        guint best = done;
        double best_gain = -1;
        for (guint i = done; i < set->len; i++) {
            int c = g_array_index(set, int, i);
            double gain = 0;
            for (int e = r->start[c]; e < r->start[c + 1]; e++)
                if (!covered[r->point[e]])
                    gain += weight[r->point[e]];
            if (gain > best_gain + 1e-9) {
                best_gain = gain;
                best = i;
            }
        }
        int pick = g_array_index(set, int, best);
        g_array_index(set, int, best) = g_array_index(set, int, done);
        g_array_index(set, int, done) = pick;
        for (int e = r->start[pick]; e < r->start[pick + 1]; e++)
            covered[r->point[e]] = 1;
    }
    g_free(covered);
}

gboolean siting_parse_weight(const char *spec, vi_plan_options *o, GError **err)
{
    gboolean ok = TRUE, base = FALSE, factor = FALSE;
    g_auto(GStrv) parts = g_strsplit(spec, ",", -1);
    for (int i = 0; ok && parts[i]; i++) {
        char *part = g_strstrip(parts[i]);
        double f;
        if (!base && strcmp(part, "people") == 0) {
            o->weight_base = VI_WEIGHT_PEOPLE;
            base = TRUE;
        } else if (!base && strcmp(part, "households") == 0) {
            o->weight_base = VI_WEIGHT_HOUSEHOLDS;
            base = TRUE;
        } else if (!factor && g_str_has_prefix(part, "poor=") && vi_parse_real(part + 5, &f) &&
                   f > 0 && f <= 1000) {
            o->poor_factor = f;
            factor = TRUE;
        } else {
            ok = FALSE;
        }
    }
    if (!ok || !parts[0])
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("expected people, households or poor=F (F a number above 0, e.g. poor=2), "
                      "or a base and poor=F joined by a comma, got '%s'"),
                    spec);
    return ok && parts[0];
}

/* Drop the sites of SET whose households the others serve too (the greedy's
 * first pick can end up so, once later picks cover both its sides), latest
 * pick first: as much for less.  TRUE when any was dropped. */
static gboolean drop_redundant(GArray *set, const vi_reach *r, const double *weight, int nelem)
{
    int *times = g_new0(int, nelem + 1);
    for (guint i = 0; i < set->len; i++) {
        int c = g_array_index(set, int, i);
        for (int e = r->start[c]; e < r->start[c + 1]; e++)
            times[r->point[e]]++;
    }
    gboolean dropped = FALSE;
    for (guint i = set->len; i-- > 0;) {
        int c = g_array_index(set, int, i);
        gboolean needed = FALSE;
        for (int e = r->start[c]; e < r->start[c + 1] && !needed; e++)
            needed = times[r->point[e]] == 1 && weight[r->point[e]] > 0;
        if (needed)
            continue;
        for (int e = r->start[c]; e < r->start[c + 1]; e++)
            times[r->point[e]]--;
        g_array_remove_index(set, i);
        dropped = TRUE;
    }
    g_free(times);
    return dropped;
}

/* ---- the plan ----------------------------------------------------------------------- */

const vi_rule *siting_point_rule(const vi_world *w, const vi_measure *m)
{
    for (int k = 0; k < m->def->nrules; k++)
        if (registry_layer(world_registry(w), m->def->rules[k]->layer)->geometry == VI_GEOM_POINT)
            return m->def->rules[k];
    return NULL;
}

vi_plan *siting_plan(vi_world *w, const vi_measure *m, const vi_plan_options *opt, GError **err)
{
    const vi_rule *rule = siting_point_rule(w, m);
    if (!rule || m->def->target_kind != VI_TARGET_HOUSEHOLDS) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("service \"%s\" is served by lines, not by point assets that a plan "
                      "could place"),
                    m->def->service);
        return NULL;
    }
    vi_plan *p = g_new0(vi_plan, 1);
    p->measure = m;
    p->opt = *opt;
    p->rule = rule;
    p->sites = g_array_new(FALSE, TRUE, sizeof(vi_site));
    p->hamlets = gaps_hamlets(w, m, err);
    if (!p->hamlets) {
        siting_free(p);
        return NULL;
    }
    const int *members = world_household_members(w);
    const guint8 *poor = world_household_poor(w);
    const double *xy = world_household_xy(w);
    GArray *uxy = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *uh = g_array_new(FALSE, FALSE, sizeof(int));
    GArray *weight = g_array_new(FALSE, FALSE, sizeof(double));
    for (int h = 0; h < m->nhh; h++) {
        p->households++;
        p->people += members[h];
        p->poor_households += poor[h];
        if (m->served[h]) {
            p->served_households++;
            p->served_people += members[h];
            p->served_poor += poor[h];
        } else {
            double wt = household_weight(opt, members[h], poor[h]);
            g_array_append_vals(uxy, xy + 2 * h, 2);
            g_array_append_val(uh, h);
            g_array_append_val(weight, wt);
        }
    }
    GArray *cand = candidates(w, rule, p->hamlets);
    p->candidates = (int)cand->len;
    vi_reach reach = {0};
    vi_maxcover_result res = {0};
    double *tiebreak = NULL;
    gboolean ok = candidate_reach(w, rule, cand, uxy, &reach, err);
    if (ok) {
        /* Ties go to the site nearer on average to those it serves. */
        tiebreak = g_new0(double, cand->len + 1);
        for (guint c = 0; c < cand->len; c++) {
            int n = reach.start[c + 1] - reach.start[c];
            for (int e = reach.start[c]; e < reach.start[c + 1]; e++)
                tiebreak[c] += reach.dist[e];
            tiebreak[c] = n > 0 ? tiebreak[c] / n : INFINITY;
        }
        double *cost = NULL;
        if (opt->cost_wan > 0) {
            cost = g_new(double, cand->len + 1);
            for (guint c = 0; c < cand->len; c++)
                cost[c] = opt->cost_wan;
        }
        vi_maxcover_problem mp = {.nelem = (int)uh->len,
                                  .weight = (const double *)weight->data,
                                  .ncand = (int)cand->len,
                                  .start = reach.start,
                                  .elem = reach.point,
                                  .cost = cost,
                                  .tiebreak = tiebreak,
                                  .max_sites = opt->add,
                                  .budget = opt->budget_wan,
                                  .node_limit = opt->node_limit,
                                  .time_limit_s = opt->time_limit_s,
                                  .greedy_only = opt->greedy_only};
        ok = maxcover_solve(&mp, &res, err);
        /* A proven optimum may still take more sites than it needs (the
         * search keeps the first set of that value it meets): ask for one
         * site fewer while that still serves as much. */
        double value = MAX(res.best_value, res.greedy_value);
        for (guint n = MAX(res.best->len, res.greedy->len); ok && res.optimal && n > 1; n--) {
            vi_maxcover_problem fewer = mp;
            fewer.max_sites = (int)n - 1;
            vi_maxcover_result r2 = {0};
            ok = maxcover_solve(&fewer, &r2, err);
            gboolean same = ok && r2.optimal && r2.best_value > value - 1e-9;
            if (same) {
                g_array_set_size(res.best, 0);
                g_array_append_vals(res.best, r2.best->data, r2.best->len);
                res.best_value = r2.best_value;
                res.best_cost = r2.best_cost;
                res.nodes += r2.nodes;
            }
            maxcover_result_clear(&r2);
            if (!same)
                break;
        }
        g_free(cost);
    }
    if (ok) {
        p->greedy_value = res.greedy_value;
        p->greedy_sites = (int)res.greedy->len;
        p->greedy_cost = res.greedy_cost;
        p->best_value = MAX(res.best_value, res.greedy_value);
        p->upper_bound = res.upper_bound;
        p->optimal = res.optimal;
        p->searched = res.searched;
        p->hit_limit = res.hit_limit;
        p->nodes = res.nodes;
        /* The search's set when it serves more, or as much for less. */
        p->from_search = res.best_value > res.greedy_value + 1e-9 ||
                         (res.best_value > res.greedy_value - 1e-9 &&
                          (res.best_cost < res.greedy_cost - 1e-9 ||
                           (!opt->cost_wan && res.best->len < res.greedy->len)));
        GArray *set = p->from_search ? res.best : res.greedy;
        gboolean pruned = drop_redundant(set, &reach, (const double *)weight->data, (int)uh->len);
        p->from_search |= pruned;
        if (p->from_search)
            order_greedily(set, &reach, (const double *)weight->data, (int)uh->len);
        guint8 *covered = g_new0(guint8, uh->len + 1);
        gint64 served_h = p->served_households, served_p = p->served_people;
        for (guint i = 0; i < set->len; i++) {
            int ci = g_array_index(set, int, i);
            const candidate *c = &g_array_index(cand, candidate, ci);
            vi_site s = {
                .rank = (int)i + 1, .x = c->x, .y = c->y, .road = c->road, .hamlet = c->hamlet};
            for (int e = reach.start[ci]; e < reach.start[ci + 1]; e++) {
                int item = reach.point[e];
                if (covered[item])
                    continue;
                covered[item] = 1;
                int h = g_array_index(uh, int, item);
                s.gain_households++;
                s.gain_people += members[h];
                s.gain_poor += poor[h];
            }
            served_h += s.gain_households;
            served_p += s.gain_people;
            s.served_households = served_h;
            s.served_people = served_p;
            s.village = world_village_at(w, c->x, c->y);
            if (s.hamlet < 0) {
                s.hamlet_dist = INFINITY;
                for (guint k = 0; k < p->hamlets->len; k++) {
                    const vi_hamlet *hm = &g_array_index(p->hamlets, vi_hamlet, k);
                    double d = hypot(hm->x - c->x, hm->y - c->y);
                    if (d < s.hamlet_dist) {
                        s.hamlet_dist = d;
                        s.hamlet = (int)k;
                    }
                }
            }
            g_array_append_val(p->sites, s);
        }
        p->cost_total = opt->cost_wan * p->sites->len;
        g_free(covered);
    }
    maxcover_result_clear(&res);
    reach_clear(&reach);
    g_free(tiebreak);
    g_array_free(cand, TRUE);
    g_array_free(uxy, TRUE);
    g_array_free(uh, TRUE);
    g_array_free(weight, TRUE);
    /* Longitude and latitude of the picks. */
    double *ll = g_new(double, 2 * p->sites->len + 2);
    for (guint i = 0; i < p->sites->len; i++) {
        ll[2 * i] = g_array_index(p->sites, vi_site, i).x;
        ll[2 * i + 1] = g_array_index(p->sites, vi_site, i).y;
    }
    ok = ok && gk_unproject(world_epsg(w), ll, p->sites->len, err);
    for (guint i = 0; ok && i < p->sites->len; i++) {
        g_array_index(p->sites, vi_site, i).lon = ll[2 * i];
        g_array_index(p->sites, vi_site, i).lat = ll[2 * i + 1];
    }
    g_free(ll);
    if (!ok) {
        siting_free(p);
        return NULL;
    }
    return p;
}

void siting_free(vi_plan *p)
{
    if (!p)
        return;
    for (guint i = 0; i < p->sites->len; i++)
        g_free(g_array_index(p->sites, vi_site, i).id);
    g_array_free(p->sites, TRUE);
    gaps_free(p->hamlets);
    g_free(p->label);
    g_free(p);
}
