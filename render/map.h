/*
 * map.h - one map frame on a page: the view (projected metres to page
 * millimetres), the layers drawn with their style rows, labels placed
 * without overlap (labels.h), and the furniture of furniture.h: the legend
 * of what was drawn, scale bar, north arrow, graticule ticks.
 *
 * Drawing order: map_begin() (background, clip), the polygon layers
 * (village areas), any hillshade over them, then the other layers and the
 * caller's own overlays, map_veil_outside(),
 * map_place_labels(), map_end() (frame, ticks).  The legend lists only
 * what was drawn: rows that drew at least one feature, and the entries
 * overlays add with map_legend_add().
 */
#ifndef VINFRA_MAP_H
#define VINFRA_MAP_H

#include "furniture.h"
#include "mapdata.h"
#include "page.h"
#include "path.h"
#include "style.h"

typedef struct vi_map vi_map;

/* A frame at FX, FY (top-left, mm) of FW x FH showing the projected box
 * MINX..MAXY of DATA with MARGIN (a fraction of the box) around it, at the
 * largest scale that fits the frame's aspect. */
vi_map *map_new(vi_page *pg, const vi_mapdata *data, gboolean english, double fx, double fy,
                double fw, double fh, double minx, double miny, double maxx, double maxy,
                double margin);
void map_free(vi_map *m);

void map_to_page(const vi_map *m, double x, double y, double *px, double *py);
void map_from_page(const vi_map *m, double px, double py, double *x, double *y);
void map_frame(const vi_map *m, double *fx, double *fy, double *fw, double *fh);
int map_epsg(const vi_map *m);
/* Map metres per page millimetre, and the visible projected box. */
double map_metres_per_mm(const vi_map *m);
void map_extent(const vi_map *m, double *minx, double *miny, double *maxx, double *maxy);
cairo_t *map_cairo(const vi_map *m);
vi_page *map_page(const vi_map *m);
gboolean map_english(const vi_map *m);

/* Background and clip to the frame. */
void map_begin(vi_map *m);
/* Unclip; frame line and, per the style, graticule ticks or grid. */
void map_end(vi_map *m);

typedef struct {
    const char *const *only;   /* draw only these layers (NULL: every styled layer) */
    const char *const *skip;   /* never these */
    const char *label_village; /* label only features of this village (NULL: all) */
    gboolean no_labels;
    double alpha; /* 0 or 1: opaque */
    int areas;    /* 0: every layer; 1: only polygon layers; 2: all but those */
} vi_draw_options;

/* Draw the style's rows over the data, bottom to top. */
void map_draw_layers(vi_map *m, const vi_draw_options *opt);
/* Fade everything outside village I of the villages layer (its neighbours). */
void map_veil_outside(vi_map *m, int village);

/* Add feature I of L (a line or polygon) to the current path, thinned to
 * the page's resolution and clipped outside the frame (path.h). */
void map_feature_path(vi_map *m, const vi_layerdata *l, int i);
/* The same for the caller's own lines: a path into the map's cairo with
 * the page's tolerance, clipped MARGIN_MM (a stroke's half width) further
 * out than usual.  Page millimetres go in; map_path_end() hands on the
 * last part and counts the vertices. */
void map_path_begin(vi_map *m, vi_path *path, double margin_mm);
void map_path_end(vi_map *m, vi_path *path);
/* Vertices the map's paths handed to cairo so far (for tests and reports). */
long map_path_vertices(const vi_map *m);
/* A point symbol at page position PX, PY. */
void map_symbol_path(cairo_t *cr, int symbol, double px, double py, double size_mm);
/* Fill and stroke the current path as a style row's symbol or area. */
void map_paint_path(cairo_t *cr, guint32 fill, guint32 stroke, double width_mm);

/* Labels: at a point symbol of radius R_MM (placed beside it), centred on
 * an area (or as near it as is free, within R_MM), or along a polyline of N page points (copied).  Higher PRIORITY
 * is placed first; what collides with a placed label, a registered symbol
 * or the frame is dropped. */
void map_label_point(vi_map *m, const char *text, double px, double py, double r_mm, long priority,
                     double size_pt, gboolean bold);
void map_label_area(vi_map *m, const char *text, double px, double py, double r_mm, long priority,
                    double size_pt, gboolean bold);
void map_label_line(vi_map *m, const char *text, const double *pts, int n, long priority,
                    double size_pt);
/* Keep labels off a symbol's box. */
void map_obstacle(vi_map *m, double px, double py, double half_w, double half_h);
/* Place and draw the labels; returns how many were placed (and dropped). */
int map_place_labels(vi_map *m, int *dropped);

/* The text box of the I-th label placed: centre x, y, half width and height
 * (mm), angle (radians); FALSE past the last.  For tests and reports. */
int map_placed_label(const vi_map *m, int i, double *box);

#endif
