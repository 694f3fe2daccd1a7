/*
 * map-int.h - what the files of the map frame share: the frame's struct
 * (map.c holds the view, layers and labels; furniture.c the legend, scale
 * bar, north arrow and graticule drawn from the same view).
 */
#ifndef VINFRA_MAP_INT_H
#define VINFRA_MAP_INT_H

#include "labels.h"
#include "map.h"

struct vi_map {
    vi_page *pg;
    const vi_mapdata *data;
    const vi_style *style;
    gboolean english;
    double fx, fy, fw, fh;
    double cx, cy, scale; /* projected centre; mm per metre */
    GArray *legend;       /* vi_legend_entry */
    GArray *labels;       /* map_label: the text of each label added to PLACER */
    vi_labels *placer;
    GArray *placed;     /* double[5] per placed label: cx, cy, hw, hh, angle */
    long path_vertices; /* handed to cairo by map_path_end() */
};

/* A style's dash lengths (mm, as text) on CR; none: solid. */
void map_set_dash(cairo_t *cr, char **dash);
/* Graticule ticks or grid around the frame, as the style asks (furniture.c). */
void map_graticule(vi_map *m);

#endif
