/*
 * style.h - a map style: how each layer is drawn and how the page is laid
 * out, read from one file in maps/ (maps/README.md documents every key).
 *
 * A style file has two sections read by the table reader (table.h):
 *   [layout]  key<TAB>value lines: fonts, sizes, margins, legend side,
 *             the colours of coverage and gap maps, the hillshade;
 *   [layers]  one row per layer (and per value of one field, "when"):
 *             fill, stroke, width, dash, symbol, size, label field, label
 *             size and priority, the legend's words.
 * Rows are drawn bottom to top in file order.  A feature takes the first
 * row of its layer whose "when" it matches (a row without "when" matches
 * every feature), so rows for particular values come before the layer's
 * catch-all row.  Sizes are millimetres on paper and type sizes points, so
 * print and screen agree at any paper size and resolution.
 */
#ifndef VINFRA_STYLE_H
#define VINFRA_STYLE_H

#include "registry.h"
#include <glib.h>

typedef enum {
    VI_SYM_NONE,
    VI_SYM_CIRCLE,
    VI_SYM_SQUARE,
    VI_SYM_TRIANGLE,
    VI_SYM_DIAMOND,
    VI_SYM_STAR,
    VI_SYM_CROSS,
    VI_SYM_TOWER,
    VI_SYM_DROP,
    VI_SYM_HOUSE,
    VI_SYM_BRIDGE,
    VI_SYM_TREE,
    VI_SYM_FLAG,
    VI_SYM_LAMP
} vi_symbol;
extern const char *const vi_symbol_names[];

typedef enum { VI_LEGEND_RIGHT, VI_LEGEND_LEFT } vi_legend_side;
typedef enum { VI_GRATICULE_TICKS, VI_GRATICULE_GRID, VI_GRATICULE_NONE } vi_graticule;

typedef struct {
    char *layer;
    char *when;           /* "field=value" (status, or an attribute), or NULL */
    guint32 fill, stroke; /* 0xRRGGBBAA; 0: none */
    double width_mm;      /* line width, or a symbol's outline */
    double size_mm;       /* point symbols: the symbol's size */
    char **dash;          /* dash pattern in mm, or NULL */
    int symbol;           /* vi_symbol, points */
    char *label;          /* field labelled: name, or an attribute; NULL: none */
    double label_pt;
    long priority;               /* labels: higher is placed first */
    char *legend_zh, *legend_en; /* legend words; NULL: the layer's name */
    /* Parsed from WHEN, with the line, for messages. */
    char *when_field, *when_value;
    int line;
} vi_style_row;

typedef struct {
    char *font;     /* Pango family list, first available wins */
    char *language; /* glyph forms: zh-cn (Simplified) */
    double margin_mm;
    double title_pt, subtitle_pt, label_pt, legend_pt, footer_pt;
    int legend; /* vi_legend_side */
    double legend_width_mm;
    int graticule; /* vi_graticule */
    guint32 paper, map_background, frame, text, halo;
    double halo_mm;
    guint32 neighbour_veil; /* painted over the map outside the village shown */
    guint32 served, unserved, reach, lit, unlit, hamlet, site, site_reach;
    char *hillshade_dem; /* DEM drawn under the map when --dem is not given, or NULL */
    double hillshade_alpha;
    gboolean inset;    /* overview: locator inset */
    guint32 inset_box; /* the programme's extent in the inset */
    guint32 chart_colours[6];
} vi_style_layout;

typedef struct {
    char *path;
    vi_style_layout layout;
    GArray *rows; /* vi_style_row */
} vi_style;

/* Read a style: NAME_OR_PATH is a file path (it contains '/' or ends in
 * .tsv) or the name of a style in MAPSDIR (NAME.tsv).  Every row's layer
 * and "when" field are checked against REG.  Errors name the file, line
 * and key. */
vi_style *style_load(const char *name_or_path, const char *mapsdir, const vi_registry *reg,
                     GError **err);
void style_free(vi_style *s);

/* Does the row match a feature with STATUS and the layer's attributes? */
gboolean style_row_matches(const vi_style_row *row, const vi_layer *layer, const char *status,
                           const char *const *attrs);

#endif
