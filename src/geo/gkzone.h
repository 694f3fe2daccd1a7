/*
 * gkzone.h - the CGCS2000 3-degree Gauss-Krüger zone for a piece of China,
 * and fast projection of many points into it.
 *
 * Straight-line and network distances are computed in metres on a plane.
 * A transverse Mercator zone is conformal and, within 1.5 degrees of its
 * central meridian, scales lengths by less than 1.0003, so planar distances
 * there agree with geodesic ones to better than 0.1% (tests/coverage/
 * test-gkzone.c shows it for the demo area).  China's official zones are
 * EPSG:4534 (CM 75E) to EPSG:4554 (CM 135E), one every 3 degrees, without the
 * zone number in front of the easting (false easting 500 km).
 */
#ifndef VINFRA_GKZONE_H
#define VINFRA_GKZONE_H

#include <glib.h>
#include <stddef.h>

/* The EPSG code (4534-4554) of the zone whose central meridian is nearest to
 * CENTER_LON (degrees east; a tie goes east), or 0 when CENTER_LON is not
 * finite or lies more than 1.5 degrees outside the zones (west of 73.5E or
 * east of 136.5E), where no zone is conformal enough for our distances. */
int gk_zone_epsg(double center_lon);

/* Central meridian in degrees of zone EPSG (4534-4554), or NAN for another code. */
double gk_zone_central_meridian(int epsg);

/* The PROJ pipeline from CGCS2000 longitude/latitude in degrees to zone
 * EPSG (4534-4554), easting first.  Caller frees. */
char *gk_zone_proj_definition(int epsg);

/* Projects N points in place from CGCS2000 longitude/latitude (EPSG:4490,
 * degrees, x = longitude) to easting/northing in metres in zone EPSG
 * (x = easting).  Fails, naming the first bad point, when EPSG is not a zone
 * code or a point cannot be projected. */
gboolean gk_project(int epsg, double *xy, size_t n, GError **err);

/* The inverse of gk_project(): easting/northing in zone EPSG to longitude/latitude. */
gboolean gk_unproject(int epsg, double *xy, size_t n, GError **err);

#endif
