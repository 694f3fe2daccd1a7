/*
 * geodesy.h - lengths and areas on the ellipsoid, with PROJ's geodesic
 * routines (Karney's algorithms, accurate to nanometres).  Stored geometry is
 * longitude/latitude on CGCS2000, so a length in metres is a geodesic length,
 * never a planar one: a degree of longitude at 34°N is 92 km, not 111 km.
 *
 * (Named geodesy, not geodesic, because PROJ's own header is <geodesic.h>
 * and a src/geodesic.h would hide it.)
 */
#ifndef VINFRA_GEODESY_H
#define VINFRA_GEODESY_H

#include "geom.h"

/* The ellipsoids vinfra meets: CGCS2000 (a = 6378137, f = 1/298.257222101)
 * for stored data, WGS84 (f = 1/298.257223563) for GPS and reference values. */
typedef enum { VI_ELLIPSOID_CGCS2000, VI_ELLIPSOID_WGS84 } vi_ellipsoid;

/* Geodesic distance in metres between two longitude/latitude points (degrees). */
double geodesy_distance(vi_ellipsoid e, double lon1, double lat1, double lon2, double lat2);

/* Length in metres of a line geometry on CGCS2000: the sum over its parts of
 * the geodesic lengths of their segments.  0 for points and polygons. */
double geodesy_line_length(const vi_geom *g);

/* Area in square metres of a polygon geometry on CGCS2000 (shells minus
 * holes, whatever the ring orientation); when PERIMETER is not NULL it
 * receives the length of every ring in metres.  0 for points and lines. */
double geodesy_polygon_area(const vi_geom *g, double *perimeter);

#endif
