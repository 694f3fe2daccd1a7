/*
 * costs.h - typical unit costs of new assets (data/costs.tsv), for plans
 * within a budget: 万元 per site of a point layer, or per km of a line layer,
 * each with where the figure comes from.
 */
#ifndef VINFRA_COSTS_H
#define VINFRA_COSTS_H

#include "lang.h"
#include "rules.h"
#include <glib.h>

typedef enum { VI_COST_SITE, VI_COST_KM } vi_cost_unit;

typedef struct {
    char *layer;
    char *where; /* a rule's filter ("type=square"), or NULL for any */
    int unit;    /* vi_cost_unit */
    double cost_wan;
    long projects; /* projects the figure was taken from */
    double units;  /* sites or km they built */
    char *source_zh, *source_en;
    int line;
} vi_cost;

typedef struct vi_costs vi_costs;

/* Read DATADIR/costs.tsv.  A negative or zero cost, or a layer given twice
 * with the same filter, is an error naming the file and line. */
vi_costs *costs_load(const char *datadir, GError **err);
void costs_free(vi_costs *c);

/* The cost of a new asset under RULE: its layer's row with the rule's
 * filter, else its layer's row without one; NULL when the table has none. */
const vi_cost *costs_for_rule(const vi_costs *c, const vi_rule *rule);

/* Where the figure comes from, in LANG. */
const char *cost_source(const vi_cost *c, vi_lang lang);

#endif
