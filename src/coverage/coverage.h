/*
 * coverage.h - who is served: the coverage engine behind vinfra coverage,
 * gaps and plan.
 *
 * coverage_load() reads what the selected measures (rules.h) need from the
 * store: every household (members, poverty, village), the villages, and the
 * serving and target layers, each filtered by its rule.  Everything is
 * projected once into the CGCS2000 Gauss-Krüger zone of the households'
 * centre (gkzone.h), where straight-line distance is within 0.1% of the
 * geodesic one.  coverage_measure() then answers, per household, the
 * distance to the nearest serving asset and whether it is served:
 *  - line: exact point-to-point and point-to-segment distances with a packed
 *    R-tree (spindex.h), no buffers;
 *  - road: a walk to the nearest road, along the road network, a walk to the
 *    household (network.h), built from the roads layer;
 *  - terrain: line of sight from 1.5 m above the ground to the antenna over a
 *    DEM (viewshed.h), within the rule's distance;
 * and, for a line layer as target (lit roads), the exact length of each
 * target segment within reach of a serving point (the union of its
 * circle-segment intersections); for another point layer (committees),
 * whether it reaches the serving roads through the network.
 *
 * Households are held in Hilbert order (spindex_hilbert_order), so
 * consecutive queries touch the same index nodes; nearest-asset queries run
 * on all processors, and so do independent measures.
 */
#ifndef VINFRA_COVERAGE_H
#define VINFRA_COVERAGE_H

#include "rules.h"
#include "store.h"
#include <glib.h>

/* Network layer for method "road"; its roads of a status of kind planned
 * (data/statuses.tsv) join it only after the plan. */
#define VI_NETWORK_LAYER "roads"
/* Rivers cut the network where no bridge within VI_BRIDGE_M carries a road
 * over them (crossings.h); either layer may be missing from the registry. */
#define VI_RIVER_LAYER "rivers"
#define VI_BRIDGE_LAYER "bridges"
#define VI_BRIDGE_M 30.0
/* Road ends and vertices this close are joined (digitising slips), see network.h. */
#define VI_NETWORK_SNAP_M 2.0

typedef struct {
    const char *village;  /* only this village's households and target roads; NULL: all */
    gboolean after_plan;  /* planned serving assets (and planned roads) count */
    const char *dem_path; /* terrain measures */
    gboolean with_ids;    /* load household and asset ids and names (gaps, plan) */
    gboolean with_roads;  /* load VI_NETWORK_LAYER whatever the measures (plan's candidates) */
    /* The world as it stood at the end of this year (store.h, "as of a
     * year"), whatever year the store was set to; 0: today.  Planned
     * assets never stood, so after_plan then adds nothing. */
    int as_of;
} vi_coverage_options;

/* The features of one layer a rule serves with, or targets. */
typedef struct {
    const vi_layer *layer;
    int n;             /* features */
    double *xy;        /* points: 2 per feature, projected */
    int *part_start;   /* lines: nparts + 1 offsets into vert */
    int *part_feature; /* lines: the feature of each part */
    int nparts;
    double *vert;                   /* lines: vertices, projected */
    int *village;                   /* per feature: village index, or -1 */
    char **id, **name;              /* per feature, when loaded with ids (else NULL) */
    const char **status;            /* per feature, interned; NULL for null */
    int nvalues;                    /* attributes loaded (the rules' where attributes, height) */
    const char *const *value_names; /* borrowed from the registry */
    const char **values;            /* n x nvalues, interned; NULL for null */
} vi_features;

/* Feature I's value of attribute NAME (interned), or NULL when null or not loaded. */
const char *features_value(const vi_features *f, int i, const char *name);

typedef struct vi_world vi_world;

/* What serves under one rule (or several rules of one layer and reach),
 * indexed: points or line segments. */
typedef struct {
    const vi_rule *rule;      /* the first of the rules */
    vi_features *features;    /* borrowed from the world */
    struct vi_spindex *index; /* items: points, or segments of every part */
    int *item_feature;        /* segment index: the feature of each item; NULL for points */
} vi_serving;

/* Per-household answer of one measure. */
typedef struct {
    const vi_measure_def *def;
    int nlayers;              /* distinct serving layers of the measure's rules */
    const char **layer_names; /* borrowed */
    int nhh;
    double *dist;       /* nearest serving asset: straight line, or along roads for road */
    double *line_dist;  /* nearest serving asset by straight line (road: only with ids) */
    double *layer_dist; /* nlayers x nhh, line distance per layer (NULL with one layer) */
    guint8 *served;
    int *near_rule;       /* serving set of the nearest asset by straight line, -1 none
                             or not computed */
    int *near_feature;    /* its feature in that set's layer */
    vi_serving **serving; /* serving sets: rules of one layer and reach share one */
    int nserving;
    /* Length target: per village (nvillages + 1, the last for roads of no village). */
    double *length_m, *served_m;
    /* Point target (committees): per target feature. */
    vi_features *targets;
    double *target_dist; /* along the network, INFINITY when not connected */
    guint8 *target_served;
} vi_measure;

/* Load what MEASURES (vi_measure_def, from rules_measures()) need.  An
 * unknown OPT->village is a VI_ERROR_USAGE error listing the villages. */
vi_world *coverage_load(vi_store *store, GPtrArray *measures, const vi_coverage_options *opt,
                        GError **err);
void coverage_world_free(vi_world *w);

/* Compute one measure over the loaded world.  Measures only read the world
 * (the road network is built once, under a lock), so several may be
 * computed at once on different threads. */
vi_measure *coverage_measure(vi_world *w, const vi_measure_def *def, GError **err);
void coverage_measure_free(vi_measure *m);

/* Compute every measure of DEFS (vi_measure_def), several at once, and hand
 * each to FN in the order of DEFS, on the calling thread; FN borrows it, and
 * it is freed when FN returns.  At most one measure more than processors is
 * held at a time.  Stops at the first measure that fails, with its error. */
typedef void (*vi_measure_fn)(const vi_measure *m, void *user);
gboolean coverage_measure_each(vi_world *w, GPtrArray *defs, vi_measure_fn fn, void *user,
                               GError **err);

/* The loaded world. */
int world_epsg(const vi_world *w);
int world_village_count(const vi_world *w);
const char *world_village_name(const vi_world *w, int i); /* i == count: NULL (no village) */
/* Village centre, projected: the polygon's centroid, else the mean of its households. */
gboolean world_village_centre(const vi_world *w, int i, double *x, double *y);
/* Index of the village named NAME, or -1. */
int world_village_index(const vi_world *w, const char *name);
/* The village polygon containing the projected point, or -1. */
int world_village_at(const vi_world *w, double x, double y);
const vi_coverage_options *world_options(const vi_world *w);
/* As of a year (world_options()->as_of): what the report says of the works
 * counted as standing for want of a year (store_as_of_note()), or NULL. */
const char *world_as_of_note(const vi_world *w, vi_lang lang);
/* Households (of the --village, when given), in Hilbert order. */
int world_household_count(const vi_world *w);
const double *world_household_xy(const vi_world *w);   /* projected */
const int *world_household_village(const vi_world *w); /* index; count = none */
const int *world_household_members(const vi_world *w);
const guint8 *world_household_poor(const vi_world *w);    /* a poor class, data/poverty.tsv */
const char *const *world_household_id(const vi_world *w); /* NULL unless with_ids */
/* The loaded features of LAYER (NULL when not loaded). */
vi_features *world_features(const vi_world *w, const char *layer);
const vi_registry *world_registry(const vi_world *w);
/* The road network of VI_NETWORK_LAYER (planned roads only after the plan),
 * built on first use; owned by the world. */
struct vi_network;
const struct vi_network *world_network(vi_world *w, GError **err);
/* Road-river crossings met building the network, and how many had no bridge
 * (those cut the roads); both 0 before the network is built. */
void world_river_crossings(const vi_world *w, int *crossings, int *unbridged);

/* Run FN over [0, N) split into contiguous ranges, one per processor (up to
 * VI_MAX_THREADS; one range when N is small), all at once.  FN gets its range
 * number THREAD (0-based) so it can write per-range results.  Returns the
 * number of ranges. */
#define VI_MAX_THREADS 8
typedef void (*vi_range_fn)(int thread, int start, int end, void *user);
int coverage_parallel(int n, vi_range_fn fn, void *user);
/* The same, for an FN whose results do not depend on how [0, N) is split
 * (one answer per item): many smaller ranges, each taken by the next free
 * thread, so that a slower processor holds up none of the others.  A thread
 * may get several ranges. */
int coverage_parallel_chunks(int n, vi_range_fn fn, void *user);

/* Distance statistics of N values (INFINITY allowed), as PostgreSQL's
 * percentile_cont: median and 90th percentile interpolate between order
 * statistics.  V is reordered.  All NAN when N is 0. */
typedef struct {
    double median, p90, max, sum;
} vi_dist_summary;
void coverage_summarise(double *v, int n, vi_dist_summary *out);

/* Length of segment (X1, Y1)-(X2, Y2) within R of any of the N points PTS
 * (x, y pairs): the union of the circle-segment intersections. */
double coverage_covered_length(double x1, double y1, double x2, double y2, const double *pts, int n,
                               double r);

#endif
