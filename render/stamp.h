/*
 * stamp.h - point symbols on raster pages: one symbol drawn once into a
 * small image at the page's resolution, then copied to every position.
 *
 * Cairo's image backend fills and strokes a path of a hundred thousand
 * small symbols slowly (tens of seconds for the county's households at
 * 300 dpi: it rasterises the whole outline at once), and one fill and stroke
 * per symbol still costs tens of microseconds each.  Copying a pre-drawn
 * symbol is a pixel-aligned blit.  Positions round to the nearest pixel
 * (at most 0.04 mm off at 300 dpi).  Vector pages (PDF, SVG) keep vector
 * symbols: stamp_new() returns NULL for them.
 */
#ifndef VINFRA_STAMP_H
#define VINFRA_STAMP_H

#include <cairo.h>
#include <glib.h>

typedef struct vi_stamp vi_stamp;

/* A blank stamp for a symbol SIZE_MM across with an outline WIDTH_MM wide,
 * at CR's resolution, or NULL when CR draws on a vector surface or its
 * transformation is more than a scale and a translation.  Draw the symbol
 * centred on (0, 0), in millimetres, with stamp_cairo(). */
vi_stamp *stamp_new(cairo_t *cr, double size_mm, double width_mm);
cairo_t *stamp_cairo(vi_stamp *st);

/* Copy the stamp to CR centred on each of the N points XY (x, y pairs in
 * CR's user space, millimetres on the page). */
void stamp_paint(cairo_t *cr, vi_stamp *st, const double *xy, int n);
void stamp_free(vi_stamp *st);

#endif
