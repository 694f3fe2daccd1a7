/*
 * coverage-tally.h - the figures of vinfra coverage: each measure's
 * per-household answers (coverage.h) added up per village and in total.
 * This is the computation; coverage-report.h writes the figures as tables,
 * CSV, Markdown or JSON, in a language it is given.
 *
 * A measure is tallied as soon as it is computed and then freed, so a
 * province run holds only the arrays of the few measures being computed at
 * once (coverage_measure_each).  The tally holds no words: a report names
 * the scopes, services and rules itself.
 *
 * Scopes: index 0 .. nv - 1 are the world's villages (world_village_name),
 * nv is "no village" (households and roads outside every village), nv + 1
 * the total.  With a village filter (vi_coverage_options.village) only that
 * village's households and targets are loaded, so its scope and the total
 * hold the same figures.
 */
#ifndef VINFRA_COVERAGE_TALLY_H
#define VINFRA_COVERAGE_TALLY_H

#include "coverage.h"
#include <glib.h>

/* The figures of one measure in one scope. */
typedef struct {
    /* Households target: households, people and poor households (world_household_poor),
     * all and served. */
    gint64 households, served, people, served_people, poor, served_poor, poor_people,
        served_poor_people;
    vi_dist_summary dist;   /* distance to the nearest serving asset, any layer */
    vi_dist_summary *layer; /* per serving layer, when the measure has several (else NULL) */
    /* Length target (lit roads): metres of target lines, and of them within reach. */
    double length_m, served_m;
    /* Point target (committees): target features, and of them served. */
    int features, features_served;
} vi_scope_tally;

/* One target feature of a point-target measure. */
typedef struct {
    char *id, *name; /* owned; NULL when not loaded */
    int village;     /* scope index: a village, or nv for none */
    gboolean served;
    double dist; /* along the network, INFINITY when not connected */
} vi_point_tally;

/* The figures of one measure. */
typedef struct {
    const vi_measure_def *def; /* borrowed from the rules */
    int nlayers;               /* serving layers with a distance of their own (0 with one) */
    const char **layer_names;  /* nlayers names, borrowed from the rules */
    vi_scope_tally *scope;     /* nscopes: the villages, "no village", the total */
    int nscopes;
    GArray *points; /* vi_point_tally, for a point target (else NULL), in feature order */
} vi_measure_tally;

typedef struct {
    const vi_world *w;   /* borrowed */
    int nv;              /* the world's villages */
    GPtrArray *measures; /* vi_measure_tally *, in the order added */
} vi_coverage_tally;

/* An empty tally over the loaded world W (borrowed until the tally is freed). */
vi_coverage_tally *coverage_tally_new(const vi_world *w);
void coverage_tally_free(vi_coverage_tally *t);

/* Add up M (computed over the tally's world).  M may be freed afterwards. */
void coverage_tally_add(vi_coverage_tally *t, const vi_measure *m);

/* The scope index of the total, and of "no village". */
static inline int coverage_tally_total(const vi_coverage_tally *t)
{
    return t->nv + 1;
}
static inline int coverage_tally_no_village(const vi_coverage_tally *t)
{
    return t->nv;
}

#endif
