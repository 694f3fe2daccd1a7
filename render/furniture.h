/*
 * furniture.h - a map frame's furniture: the legend of what was drawn
 * (entries the layers and overlays add), the scale bar and north arrow,
 * true at the map's centre, and the graticule map_end() draws around the
 * frame (ticks or grid, as the style says).  See map.h for the frame.
 */
#ifndef VINFRA_FURNITURE_H
#define VINFRA_FURNITURE_H

#include "page.h"
#include <glib.h>

typedef struct vi_map vi_map;

typedef enum { VI_LEG_SYMBOL, VI_LEG_LINE, VI_LEG_AREA, VI_LEG_TEXT } vi_legend_kind;

typedef struct {
    int kind; /* vi_legend_kind */
    int symbol;
    guint32 fill, stroke;
    double width_mm, size_mm;
    char **dash; /* borrowed */
    char *text;  /* owned */
} vi_legend_entry;

void map_legend_add(vi_map *m, const vi_legend_entry *e); /* copies E and its text */
int map_legend_count(const vi_map *m);
/* Draw the legend in the box X, Y, W; returns the height used. */
double map_draw_legend(vi_map *m, double x, double y, double w);

/* Scale bar with its left end at X, bottom at Y; round length true at the
 * map's centre.  Returns the bar's width in mm. */
double map_scale_bar(vi_map *m, double x, double y, double max_w_mm);
/* North arrow (true north at the centre) centred at X, Y, SIZE mm tall. */
void map_north_arrow(vi_map *m, double x, double y, double size_mm);
/* The map's representative fraction's denominator (1:N), rounded. */
double map_scale_denominator(const vi_map *m);

#endif
