/*
 * polyindex.h - a polygon's ring edges in a spatial index, for asking of
 * large inputs where they lie: is a point inside, how much of a line lies
 * inside, does the line meet the polygon at all.
 *
 * The import asks this of every line against every village it may lie in.
 * GEOS answers it by overlay (OGR_G_Intersection), which nodes the whole
 * line against itself and the polygon: a GPS trace of a million jittery,
 * self-crossing vertices made that minutes and gigabytes.  Walking the line
 * once, splitting a segment only where it meets an edge the index finds, is
 * linear in the line and needs no memory beyond the index.
 *
 * Coordinates are longitude/latitude (CGCS2000) as stored; the polygon test
 * is the even-odd rule of geom_polygon_contains(), with the same arithmetic,
 * so both always agree.
 */
#ifndef VINFRA_POLYINDEX_H
#define VINFRA_POLYINDEX_H

#include "geom.h"

#include <glib.h>

typedef struct vi_polyindex vi_polyindex;

/* An index keeps a query's scratch space: one thread at a time asks it. */

/* Index every ring edge of polygon geometry POLY (copied: POLY may go). */
vi_polyindex *polyindex_new(const vi_geom *poly);
/* Accepts NULL. */
void polyindex_free(vi_polyindex *ix);

/* geom_polygon_contains() of the indexed polygon, in logarithmic time. */
gboolean polyindex_contains(const vi_polyindex *ix, double x, double y);

/* Geodesic length in metres (CGCS2000) of the part of the linestring of N
 * points XY (x, y pairs) inside the polygon or on its boundary: what
 * GEOS's intersection of the two measures, except that a line drawn twice
 * over the same stretch counts twice here (overlay merges the stretch).
 * *MEETS (may be NULL) is set TRUE when the line touches or enters the
 * polygon, and left alone otherwise, so one flag can collect every part. */
double polyindex_line_inside(const vi_polyindex *ix, const double *xy, int n, gboolean *meets);

#endif
