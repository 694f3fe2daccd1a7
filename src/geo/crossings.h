/*
 * crossings.h - where roads cross rivers, and whether a bridge carries them.
 *
 * On a mountain road network a river is crossed only at a bridge: a road
 * drawn across a river with no bridge there is a ford that floods, or a
 * road someone digitised through the water.  Before the road graph is
 * built (network.h), each road is cut where it crosses a river with no
 * bridge point within a tolerance, so routes go round by a bridge or not
 * at all.  A stretch VI_CROSSING_GAP_M to either side of the crossing is
 * left out, wider than the network's snapping, so the two ends are not
 * joined again.
 *
 * Everything is in a projected CRS in metres (a Gauss-Krüger zone).
 */
#ifndef VINFRA_CROSSINGS_H
#define VINFRA_CROSSINGS_H

#include <glib.h>

/* Half the width of the stretch cut out of a road at an unbridged crossing. */
#define VI_CROSSING_GAP_M 5.0

/* Roads after the cut: polylines as network_build() takes them. */
typedef struct {
    double **line_xy; /* owned, each a flat x, y array */
    int *line_npoints;
    int nlines;
    int crossings;        /* road-river crossings found */
    int unbridged;        /* of them, with no bridge within the tolerance: cut */
    double *unbridged_xy; /* 2 per unbridged crossing */
} vi_crossings;

/*
 * Cuts the NROADS polylines ROAD_XY/ROAD_NPOINTS wherever they cross one of
 * the NRIVERS polylines RIVER_XY/RIVER_NPOINTS with none of the NBRIDGES
 * points BRIDGE_XY within BRIDGE_M metres of the crossing.  A road touching
 * a river at a vertex counts as crossing it.  Free with crossings_free().
 */
vi_crossings *crossings_cut(const double *const *road_xy, const int *road_npoints, int nroads,
                            const double *const *river_xy, const int *river_npoints, int nrivers,
                            const double *bridge_xy, int nbridges, double bridge_m);
void crossings_free(vi_crossings *c);

#endif
