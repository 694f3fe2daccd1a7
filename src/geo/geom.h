/*
 * geom.h - a flat, read-only view of a stored geometry: all vertices in one
 * array and the parts (linestrings or polygon rings) as offsets into it.
 * Statistics, coverage and rendering walk vertices far more than they edit
 * geometries, so they read WKB into this instead of building OGR objects.
 */
#ifndef VINFRA_GEOM_H
#define VINFRA_GEOM_H

#include <glib.h>
#include <stddef.h>

typedef struct {
    int type; /* vi_geom_type of registry.h: point, line or polygon */
    int npoints;
    double *xy;      /* npoints (x, y) pairs: longitude, latitude in the store */
    int nparts;      /* linestrings of a line, rings of a polygon; 1 for a point */
    int *part_start; /* nparts + 1 offsets into the points; part i is [start[i], start[i+1]) */
    int *part_poly;  /* polygons: the polygon each ring belongs to; its first ring is the shell */
} vi_geom;

/* Parse 2D ISO/OGC WKB (Point, LineString, Polygon and their Multi forms; Z/M
 * ordinates are dropped).  Fills OUT, which the caller clears with geom_clear(). */
gboolean geom_from_wkb(const unsigned char *wkb, size_t size, vi_geom *out, GError **err);
void geom_clear(vi_geom *g);

/* Even-odd point-in-polygon test over every ring of a polygon geometry. */
gboolean geom_polygon_contains(const vi_geom *poly, double x, double y);
/* Bounding box of all points. */
void geom_bounds(const vi_geom *g, double *minx, double *miny, double *maxx, double *maxy);

#endif
