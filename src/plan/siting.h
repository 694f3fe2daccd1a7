/*
 * siting.h - where new assets would serve the most unserved people: greedy
 * maximum coverage over candidate sites, for vinfra plan.
 *
 * Candidates are points every VI_SITING_SPACING_M along the roads that
 * exist (those of the --village only, when given) and the centroids of the
 * unserved hamlets (gaps.h).  A new site serves the unserved households
 * within the reach of the measure's first point-layer rule (a new clinic
 * 2 km, a new water tank 1 km), by straight line; existing assets stay as
 * they are.  Each round picks the candidate that newly serves the most
 * people (then households, then poor households, then the one nearest on
 * average to those it serves); its households are then served.  Greedy
 * picking is the classic (1 - 1/e) approximation of maximum coverage, and a
 * lazy queue (gains only shrink as households get served) re-evaluates only
 * the few candidates that could still win.
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

typedef struct {
    const vi_measure *measure;
    const vi_rule *rule; /* the point-layer rule new sites join */
    char *label;         /* the measure's rule in words */
    const char *service_name;
    int candidates;
    gint64 households, people, served_households, served_people; /* before any pick */
    GArray *hamlets;                                             /* vi_hamlet of the unserved */
    GArray *sites;                                               /* vi_site, in picking order */
} vi_plan;

/* ---- siting.c ---- */

/* Pick up to ADD sites for M (a households measure over W measured by
 * straight line, with a point-layer rule).  Fewer when no candidate serves
 * anyone left. */
vi_plan *siting_plan(vi_world *w, const vi_measure *m, int add, GError **err);
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
