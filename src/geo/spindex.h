/*
 * spindex.h - a static spatial index over points and line segments in a
 * projected plane (metres), for coverage: "the nearest serving asset and how
 * far", "what lies within r", "what touches this box".
 *
 * A packed R-tree (items sorted along a Hilbert curve, 16 to a node, built
 * bottom-up once; Flatbush and the STR-packed trees of GEOS are the same
 * idea).  It answers exact nearest-item queries with any search radius,
 * which a uniform grid only does well when the radius matches its cell, and
 * it costs nothing to keep: the index is a few flat arrays.
 *
 * A point is a segment whose two ends coincide, so one index serves clinics
 * and water pipes alike.  Distances are Euclidean, from a query point to the
 * closest point of a segment.  Queries only read the index, so any number of
 * threads may query one index at once.
 */
#ifndef VINFRA_SPINDEX_H
#define VINFRA_SPINDEX_H

#include <glib.h>

typedef struct vi_spindex vi_spindex;

/* Index N segments: SEG holds x1, y1, x2, y2 for each.  Copied. */
vi_spindex *spindex_new_segments(const double *seg, int n);
/* Index N points: XY holds x, y for each.  Copied. */
vi_spindex *spindex_new_points(const double *xy, int n);
/* Accepts NULL. */
void spindex_free(vi_spindex *ix);
int spindex_size(const vi_spindex *ix);

/* The item nearest to (X, Y) no farther than MAX_D (INFINITY: no limit), or
 * -1 when there is none; *DIST gets its distance (INFINITY when -1).  Items
 * are numbered in the order they were given; among items at the same
 * distance the lowest number wins, so answers do not depend on the tree. */
int spindex_nearest(const vi_spindex *ix, double x, double y, double max_d, double *dist);

/* Append to OUT (a GArray of int) every item within R of (X, Y), exactly. */
void spindex_within(const vi_spindex *ix, double x, double y, double r, GArray *out);

/* Append to OUT (a GArray of int) every item whose bounding box meets the box. */
void spindex_box(const vi_spindex *ix, double minx, double miny, double maxx, double maxy,
                 GArray *out);

/* Distance from (X, Y) to the segment (X1, Y1)-(X2, Y2), which may be a point. */
double spindex_segment_distance(double x, double y, double x1, double y1, double x2, double y2);

/* Item I's segment as x1, y1, x2, y2 (a point has x2 = x1, y2 = y1). */
const double *spindex_item(const vi_spindex *ix, int i);

/* A permutation of 0..N-1 ordering the points XY along a Hilbert curve over
 * their bounding box: points close in the order are close on the ground,
 * which makes consecutive queries touch the same tree nodes.  Caller frees. */
int *spindex_hilbert_order(const double *xy, int n);

#endif
