/*
 * siting.h - where new assets would serve the most unserved people, within
 * a number of sites and/or a budget, for vinfra plan.
 *
 * Candidates are points every VI_SITING_SPACING_M along the roads that
 * exist (those of the --village only, when given) and the centroids of the
 * unserved hamlets (gaps.h); a plan along the roads takes the road points
 * only (they are on the network).  A new site serves the unserved
 * households within the reach of the measure's first point-layer rule, by
 * that rule's method (reach.h): straight line (a new clinic 2 km), along the
 * roads with the bridges rule (a clinic 3 km), or line of sight over a DEM
 * from the rule's antenna height (a signal tower); existing assets stay as
 * they are.
 *
 * The choice is a maximum-coverage problem (maxcover.h) over those sets,
 * each household weighing its people (or 1, with poor households counting
 * a given number of times), each site costing the unit cost of its layer
 * (costs.h).  Greedy picking gives one answer; the exact search proves the
 * optimum or a bound, and the plan takes the better set.  The report says
 * both and how far the plan can be from the best.
 *
 * Three files: siting.c computes the plan, siting-save.c stores its picks
 * as planned assets, siting-report.c prints it.
 */
#ifndef VINFRA_SITING_H
#define VINFRA_SITING_H

#include "lang.h"
#include "coverage.h"
#include "gaps.h"
#include "store.h"
#include <glib.h>

#define VI_SITING_SPACING_M 100.0

typedef struct {
    int rank; /* 1, 2, ... */
    double x, y, lon, lat;
    int village;        /* village polygon holding the site, or -1 */
    int hamlet;         /* index into the plan's hamlets of the nearest, or -1 */
    double hamlet_dist; /* distance to that hamlet's centroid */
    int road;           /* road feature the site lies on, or -1 (a hamlet centroid) */
    int gain_households, gain_people, gain_poor;
    gint64 served_households, served_people; /* in the scope, after this pick */
    char *id;                                /* the id it was saved under, or NULL */
} vi_site;

typedef enum { VI_WEIGHT_PEOPLE, VI_WEIGHT_HOUSEHOLDS } vi_weight_base;

typedef struct {
    int add;              /* at most this many sites; 0: as many as the budget buys */
    double budget_wan;    /* total cost at most this (万元); 0: no budget */
    double cost_wan;      /* cost of one site (万元); 0: unknown (no budget then) */
    char *cost_source;    /* where the cost comes from, in the report's language (borrowed) */
    int weight_base;      /* vi_weight_base: what a household weighs */
    double poor_factor;   /* a poor household weighs this many times as much (1: the same) */
    gboolean greedy_only; /* no exact search (very large inputs) */
    double time_limit_s;  /* the exact search's limits (maxcover.h); 0: its defaults */
    gint64 node_limit;
} vi_plan_options;

typedef struct {
    const vi_measure *measure;
    vi_plan_options opt;
    const vi_rule *rule; /* the point-layer rule new sites join */
    char *label;         /* the measure's rule in words */
    const char *service_name;
    int candidates;
    gint64 households, people, served_households, served_people; /* before any pick */
    GArray *hamlets;                                             /* vi_hamlet of the unserved */
    gint64 poor_households, served_poor;                         /* before any pick */
    GArray *sites; /* vi_site: the plan, in picking order */
    /* How good the plan is (weights as OPT says; maxcover.h). */
    double greedy_value, best_value, upper_bound;
    int greedy_sites;     /* sites of the greedy's answer */
    double greedy_cost;   /* 万元 */
    gboolean optimal;     /* the plan is a proven optimum */
    gboolean searched;    /* the exact search ran */
    gboolean hit_limit;   /* it stopped at its node or time limit */
    gboolean from_search; /* the plan is the search's set, better than the greedy's */
    gint64 nodes;
    double cost_total; /* of the plan, 万元 (0 when the cost is unknown) */
} vi_plan;

/* ---- siting.c ---- */

/* Plan sites for M (a households measure over W with a point-layer rule,
 * by any method) within OPT's number of sites and budget.  Fewer when no
 * candidate serves anyone left.  A terrain measure needs the world's DEM. */
vi_plan *siting_plan(vi_world *w, const vi_measure *m, const vi_plan_options *opt, GError **err);

/* The first point-layer rule of M: what a plan places; NULL when none. */
const vi_rule *siting_point_rule(const vi_world *w, const vi_measure *m);

/* Parse --weight SPEC into O's weight_base and poor_factor: "people",
 * "households", "poor=F" (F > 0), or a base and poor=F joined by a comma. */
gboolean siting_parse_weight(const char *spec, vi_plan_options *o, GError **err);

/* The (1 - 1/e) guarantee of the greedy answer for a number of sites. */
#define VI_GREEDY_GUARANTEE (1.0 - 0.36787944117144233)
void siting_free(vi_plan *p);

/* ---- siting-save.c ---- */

/* Store the sites as planned assets of the rule's layer in one transaction:
 * ids "PLAN-<service>-<n>" and names "规划<asset> <n>" with the first n not
 * yet taken, the layer's status of kind planned (statuses.tsv), no
 * project, the village that holds them. */
gboolean siting_save(vi_store *store, const vi_world *w, vi_plan *p, GError **err);

/* ---- siting-report.c ---- */

/* Append P as FORMAT (table, csv, md or json) in LANG to OUT: the coverage
 * before any pick, then after each, with where each site lies in words. */
void siting_render(const vi_world *w, const vi_plan *p, vi_format format, vi_lang lang,
                   GString *out);

#endif
