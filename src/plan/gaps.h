/*
 * gaps.h - the unserved households of a measure, grouped into hamlets, and
 * said in words a meeting can act on: "27 households 2.1 km north of the
 * centre of 双龙村 are 3.1-3.6 km from the nearest village clinic (上雷村卫生室)".
 *
 * Hamlets are single-linkage clusters: two unserved households within
 * VI_HAMLET_LINK_M of each other (150 m by default, about the spacing of houses along
 * a mountain road) are in the same hamlet.  Single linkage follows a string
 * of houses along a valley road, which is how hamlets (村民小组) lie here;
 * it needs no count of clusters and no density setting.
 *
 * A hamlet's place is the compass direction and distance of its centroid
 * from its village's centre (the village polygon's centroid), or "near the
 * centre" within 300 m of it: a direction alone cannot tell apart the
 * hamlets of one valley, which mostly lie the same way from the centre.
 * Its village is the one most of its households belong to.
 *
 * gaps.c groups the households into hamlets; gaps-report.c says them in
 * words (in the language it is given) and renders them.
 */
#ifndef VINFRA_GAPS_H
#define VINFRA_GAPS_H

#include "lang.h"
#include "coverage.h"
#include "rules.h"
#include <glib.h>

#define VI_HAMLET_LINK_M 150.0
#define VI_HAMLET_CENTRE_M 300.0

typedef struct {
    int number;  /* 1-based, largest hamlet first */
    int village; /* index into the world's villages; count = none */
    int households, people, poor;
    double x, y;                 /* centroid, projected */
    double lon, lat;             /* centroid, EPSG:4490 */
    double dist_min, dist_max;   /* the measure's distance over its households */
    int near_rule, near_feature; /* the nearest asset (straight line) of its closest household */
    double near_dist;            /* that household's straight-line distance to it */
    int direction;               /* 0..7: N, NE, E, SE, S, SW, W, NW; 8: centre; -1: unknown */
    double centre_m;             /* centroid's distance from the village centre; NAN: unknown */
    int *members;                /* household indices into the world */
    int nmembers;
} vi_hamlet;

/* ---- gaps.c ---- */

/* Single-linkage clusters of the N points XY (projected metres): points
 * within LINK_M of each other share a cluster.  CLUSTER[i] gets point i's
 * cluster, numbered from 0 in order of first member; returns how many. */
int gaps_cluster(const double *xy, int n, double link_m, int *cluster);

/* The unserved households of M (a households measure over W) as hamlets,
 * largest first.  Free with gaps_free(). */
GArray *gaps_hamlets(const vi_world *w, const vi_measure *m, GError **err);
void gaps_free(GArray *hamlets);

/* ---- gaps-report.c ---- */

/* "北 2.3 公里" / "N 2.3 km", "中心附近" / "centre", or NULL when the village
 * has no centre (caller frees). */
char *gaps_direction(const vi_hamlet *h, vi_lang lang);
/* "双龙村中心以北 2.3 公里" / "2.3 km north of the centre of 双龙村" (caller frees). */
char *gaps_place(const vi_world *w, const vi_hamlet *h, vi_lang lang);
/* The nearest asset of H as "村医务室 上雷村卫生室" / "village clinic 上雷村卫生室" (caller frees);
 * NULL when no asset serves at all. */
char *gaps_asset(const vi_world *w, const vi_measure *m, const vi_hamlet *h, vi_lang lang);
/* The sentence for a meeting, in LANG (caller frees). */
char *gaps_description(const vi_world *w, const vi_measure *m, const vi_hamlet *h, vi_lang lang);

/* One measure's gaps, for gaps_render(). */
typedef struct {
    const vi_measure *measure;
    const char *service_name;
    char *label;     /* the measure's rule in words (owned by the caller) */
    GArray *hamlets; /* vi_hamlet */
} vi_gaps;

/* Append the gaps of NGAPS measures to OUT in LANG as a table, CSV (text formats:
 * a table of hamlets and one of sentences; with HOUSEHOLDS also a table of
 * the households) or a GeoJSON FeatureCollection in EPSG:4490 (a point per
 * hamlet, and per household with HOUSEHOLDS).  As of a year (the world's
 * options), the title says so and the GeoJSON has a member "as_of": YEAR. */
gboolean gaps_render(const vi_world *w, const vi_gaps *gaps, int ngaps, gboolean households,
                     vi_format format, vi_lang lang, GString *out, GError **err);

#endif
