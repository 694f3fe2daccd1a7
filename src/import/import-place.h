/*
 * import-place.h - measures the import uses to check where a feature lies
 * against the villages (import-village.c): how far a feature is from the village it
 * names, and how much of a new village polygon overlaps another.  Lengths
 * and areas are in metres on the CGCS2000 Gauss-Krüger plane of the village
 * (gkzone.h), where they agree with geodesic ones to 0.1% near it and to a
 * few per cent hundreds of kilometres away: enough to tell 80 m from 300 km.
 */
#ifndef VINFRA_IMPORT_PLACE_H
#define VINFRA_IMPORT_PLACE_H

#include <glib.h>
#include <ogr_api.h>

/* Distance in metres between G and AREA (both CGCS2000 longitude/latitude);
 * 0 when they touch.  G must not cross AREA's boundary nor lie inside it
 * (callers know: the line does not meet the village, or they are parts of
 * one valid geometry); INFINITY when they cannot be projected. */
double place_distance_m(OGRGeometryH g, OGRGeometryH area);

/* Area in square metres of the overlap of polygons A and B (0 when they only
 * touch along a boundary). */
double place_overlap_m2(OGRGeometryH a, OGRGeometryH b);

/* Area in square metres of polygon G. */
double place_area_m2(OGRGeometryH g);

/* "80 m", "2.4 km" (caller frees). */
char *place_distance_text(double metres);

/* "1200 m²", "3.5 ha", "2.1 km²" (caller frees). */
char *place_area_text(double square_metres);

#endif
