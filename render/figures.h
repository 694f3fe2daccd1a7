/*
 * figures.h - what the maps and the atlas show besides the layers, as data
 * (data/maps.tsv): the default service of a coverage or gaps map, the
 * overview's figures under each village's name, and the atlas cover's main
 * works.  A text names its numbers in braces ({built_km}, {count} ...);
 * figures_format() fills them in.
 */
#ifndef VINFRA_FIGURES_H
#define VINFRA_FIGURES_H

#include <glib.h>

typedef enum { VI_FIGURE_STATS, VI_FIGURE_COVERAGE } vi_figure_source;

/* One figure the overview can write under each village's name. */
typedef struct {
    char *name;
    int source; /* vi_figure_source */
    char *key;  /* a layer (stats) or a service (coverage) */
    char *what_zh, *what_en;
    char *value_zh, *value_en;
} vi_overview_figure;

/* One line of the atlas cover's main works. */
typedef struct {
    char *layer;
    char *text_zh, *text_en;
} vi_cover_figure;

typedef struct {
    char *service;    /* of coverage and gaps maps without --service */
    GArray *overview; /* vi_overview_figure, the first the default */
    GArray *cover;    /* vi_cover_figure */
    char **names;     /* the overview figures' names, NULL-terminated */
} vi_map_figures;

/* Read DATADIR/maps.tsv; a text naming an unknown number is an error
 * naming the file and line. */
vi_map_figures *figures_load(const char *datadir, GError **err);
void figures_free(vi_map_figures *f);

/* The numbers a text may name (those of a layer or a service in one village
 * or in all). */
typedef struct {
    gint64 count, built;
    double built_km, quantity;
    double coverage; /* per cent */
} vi_figure_values;

/* TEXT with each {name} replaced by its value of V (caller frees). */
char *figures_format(const char *text, const vi_figure_values *v);

#endif
