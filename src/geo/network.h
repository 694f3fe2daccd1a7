/*
 * network.h - a routable road graph for "how far is it along the roads".
 *
 * Built from road polylines in a projected CRS in metres (a Gauss-Krüger zone,
 * see gkzone.h).  Nodes are line ends and shared vertices; a run of vertices
 * between two nodes is one edge weighted by its length.  Roads that cross
 * without a shared vertex are not connected: road data draws bridges and
 * flyovers that way (grade separation), so only shared vertices, snapped ends
 * and ends that stop on another road make junctions.  Rivers with no bridge
 * are cut out of the roads before they get here (crossings.h).
 *
 * A point off the road network (a household, a clinic) reaches it by a
 * straight walk to the nearest point of the nearest road segment; that walk
 * counts in its distance.  A uniform grid over the segments answers
 * nearest-road queries without scanning every segment.
 */
#ifndef VINFRA_NETWORK_H
#define VINFRA_NETWORK_H

#include <glib.h>

typedef struct vi_network vi_network;

/*
 * Builds the graph from NLINES polylines: line i is LINE_NPOINTS[i] points
 * given as a flat x, y array LINE_XY[i] in metres.  The arrays are copied;
 * the caller keeps ownership.
 *
 * Snapping, for digitising slips within SNAP_M metres (e.g. 2; 0 joins only
 * identical vertices):
 *  - vertices within SNAP_M of each other become one vertex (greedily, in
 *    input order, each taking the position of the first one seen), so lines
 *    whose ends or vertices nearly meet share a node;
 *  - a line end that touches no other segment but lies within SNAP_M of the
 *    interior of a segment splits that segment and joins it there (a side
 *    road digitised to stop on a main road where it has no vertex).
 * Lines with fewer than two distinct points after snapping carry no road and
 * are left out.  Fails only on bad input (a negative count or SNAP_M, a
 * coordinate that is not finite), naming the line and point.
 * Returns a network to free with network_free().
 */
vi_network *network_build(const double *const *line_xy, const int *line_npoints, int nlines,
                          double snap_m, GError **err);

/*
 * For each of NDST points DST_XY (flat x, y, metres), the shortest distance
 * from the nearest of NSRC source points SRC_XY: a straight walk from the
 * source to its nearest road point, along the roads (entering and leaving a
 * segment at that point), then a straight walk from the destination's nearest
 * road point to the destination.  OUT_M[i] gets the distance in metres, or
 * INFINITY when it exceeds MAX_M (INFINITY for no limit) or no road joins
 * them.  One multi-source Dijkstra run serves all sources; the search stops
 * at MAX_M, so a small limit is cheap.  Destinations are looked up on all
 * processors.  Fails only on bad arguments (negative counts, MAX_M NaN or
 * negative).
 */
gboolean network_distances(const vi_network *net, const double *src_xy, int nsrc,
                           const double *dst_xy, int ndst, double max_m, double *out_m,
                           GError **err);

/*
 * Many single-source searches over one set of targets: "which households
 * would a clinic at each of these thousand sites reach within 5 km".
 * Calling network_distances() once per source would look every target up on
 * the roads again and read all of them each time; here each target is
 * located once (network_targets_new()), and each search runs one Dijkstra
 * bounded by the limit from its one source and reads only the targets on the
 * edges it reached.  The distances are those network_distances() gives for
 * that one source with the same MAX_M, to the bit.
 */
typedef struct vi_network_targets vi_network_targets;
typedef struct vi_network_search vi_network_search;

/*
 * Locates N targets XY (flat x, y, metres) on NET: each one's nearest road
 * point within MAX_M (INFINITY for no limit), as network_distances() does
 * for its destinations; on all processors.  NET is borrowed and must outlive
 * the result; XY is not kept.  Fails only on bad arguments (N negative,
 * MAX_M NaN or negative).  Free with network_targets_free().
 */
vi_network_targets *network_targets_new(const vi_network *net, const double *xy, int n,
                                        double max_m, GError **err);
/* Frees T; NULL is allowed. */
void network_targets_free(vi_network_targets *t);

/* The working memory of searches over TARGETS (borrowed): the node
 * distances, the queue.  One per thread; many threads may search the same
 * targets at once, each with its own.  Free with network_search_free(). */
vi_network_search *network_search_new(const vi_network_targets *targets);
/* Frees S; NULL is allowed. */
void network_search_free(vi_network_search *s);

/*
 * The targets within the targets' MAX_M of the one source SRC_XY along the
 * roads: appends each one's index to OUT_INDEX (int) and its distance to
 * OUT_M (double, metres), in ascending index order.  Exactly the finite
 * values of network_distances(net, SRC_XY, 1, targets' xy, n, MAX_M).
 */
void network_search_reach(vi_network_search *s, const double *src_xy, GArray *out_index,
                          GArray *out_m);

/*
 * For each of N points XY (flat x, y, metres), the straight distance to the
 * nearest road segment, or INFINITY when none is within MAX_M (INFINITY for
 * no limit): "households within 200 m of a hardened road".  Runs on all
 * processors, like network_distances().
 */
void network_road_distances(const vi_network *net, const double *xy, int n, double max_m,
                            double *out_m);

/* Number of nodes, edges and connected components; any pointer may be NULL. */
void network_stats(const vi_network *net, int *nodes, int *edges, int *components);

/* Frees NET; NULL is allowed. */
void network_free(vi_network *net);

#endif
