/*
 * reach.h - which points (unserved households) a candidate site would serve,
 * by the methods of coverage: straight line, along the road network, or line
 * of sight over the terrain.  What vinfra plan hands to the solver
 * (maxcover.h): one set of point indices per candidate.
 *
 * All coordinates are projected (the world's Gauss-Krüger zone, metres).
 * Each entry carries the distance by the method (straight line for terrain)
 * so that reports and tie-breaks can use it.  Entries of one candidate are in
 * ascending point order.
 */
#ifndef VINFRA_REACH_H
#define VINFRA_REACH_H

#include <glib.h>

struct vi_network;

typedef struct {
    int ncand;
    int *start;   /* ncand + 1 offsets into POINT and DIST */
    int *point;   /* point indices reached by each candidate */
    double *dist; /* metres, per entry */
} vi_reach;

/* Points within REACH_M of each candidate by straight line. */
gboolean reach_by_line(const double *cand_xy, int ncand, const double *pt_xy, int npt,
                       double reach_m, vi_reach *out, GError **err);

/* Points within REACH_M of each candidate along NET (network.h: the walk from
 * the candidate to its nearest road, along the roads, the walk to the point;
 * rivers without a bridge already cut out of NET), as network_distances()
 * measures one candidate at a time. */
gboolean reach_by_road(const struct vi_network *net, const double *cand_xy, int ncand,
                       const double *pt_xy, int npt, double reach_m, vi_reach *out, GError **err);

/* Points that see an antenna ANTENNA_M above the ground at each candidate
 * from TARGET_M above their own ground over the DEM at DEM_PATH, within
 * REACH_M (straight line), as viewshed_visible() decides for one tower at a
 * time; EPSG is the CRS of the coordinates.  Fails when the DEM cannot be
 * read or a candidate lies outside it (naming the candidate). */
gboolean reach_by_terrain(const char *dem_path, int epsg, const double *cand_xy, int ncand,
                          double antenna_m, const double *pt_xy, int npt, double target_m,
                          double reach_m, vi_reach *out, GError **err);

void reach_clear(vi_reach *r);

#endif
