/*
 * reach.h - which points (unserved households) a candidate site would serve,
 * by the methods of coverage: straight line, along the road network, or line
 * of sight over the terrain.  What vinfra plan hands to the solver
 * (maxcover.h): one set of point indices per candidate.
 *
 * All coordinates are projected (the world's Gauss-Krüger zone, metres).
 * Each entry carries the distance by the method (straight line for terrain)
 * so that reports and tie-breaks can use it.  Entries of one candidate are in
 * ascending point order.  A point exactly at the reach is reached, as
 * coverage's served test (distance <= threshold) counts it.
 *
 * Candidates run on all processors (reach.c); the result never depends on
 * the threads.  Each function fails on bad arguments (a negative count, a
 * reach that is negative or not finite, a candidate or point position that
 * is not finite, naming it); OUT is then left empty, so reach_clear() is
 * always safe.
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

/* Points within REACH_M of each candidate by straight line, the distance
 * being coverage's (spindex_segment_distance()). */
gboolean reach_by_line(const double *cand_xy, int ncand, const double *pt_xy, int npt,
                       double reach_m, vi_reach *out, GError **err);

/* Points within REACH_M of each candidate along NET (network.h: the walk from
 * the candidate to its nearest road, along the roads, the walk to the point;
 * rivers without a bridge already cut out of NET), as network_distances()
 * measures one candidate at a time with MAX_M = REACH_M, to the bit; the
 * points are located on the roads once (network_targets_new()), then one
 * Dijkstra search bounded by the reach per candidate. */
gboolean reach_by_road(const struct vi_network *net, const double *cand_xy, int ncand,
                       const double *pt_xy, int npt, double reach_m, vi_reach *out, GError **err);

/* Points that see an antenna ANTENNA_M above the ground at each candidate
 * from TARGET_M above their own ground over the DEM at DEM_PATH, within
 * REACH_M (straight line), as viewshed_visible() decides for one tower at a
 * time; EPSG is the CRS of the coordinates.  REACH_M must be positive; it is
 * measured, as viewshed_visible() measures it, in the CRS the viewshed runs
 * in (the DEM's, or the Gauss-Krüger zone of its centre it is warped to:
 * the coordinates' own zone but for a DEM off in another), while DIST is the
 * straight distance in the coordinates given.  The DEM is read (and warped)
 * once per thread, each viewshed only covering the reach around its
 * candidate.  Points outside the DEM are not reached.  Fails when the DEM
 * cannot be read or a candidate lies outside it (naming the candidate). */
gboolean reach_by_terrain(const char *dem_path, int epsg, const double *cand_xy, int ncand,
                          double antenna_m, const double *pt_xy, int npt, double target_m,
                          double reach_m, vi_reach *out, GError **err);

/* Frees R's arrays and zeroes it; NULL is allowed. */
void reach_clear(vi_reach *r);

#endif
