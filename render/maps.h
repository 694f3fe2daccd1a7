/*
 * maps.h - the four maps a meeting uses, each a whole page: title block,
 * map frame, legend panel with north arrow, scale bar and the map's
 * figures, footer with CRS, data date and source database.
 *   village   one village (or every village) with all its assets;
 *   coverage  one service: reach, served and unserved households, figures;
 *   gaps      unserved hamlets and the sites `vinfra plan` would add;
 *   overview  every village, one figure each, with a locator inset.
 */
#ifndef VINFRA_MAPS_H
#define VINFRA_MAPS_H

#include "mapdata.h"
#include "page.h"
#include "rules.h"
#include "store.h"
#include "style.h"

typedef enum { VI_MAP_VILLAGE, VI_MAP_COVERAGE, VI_MAP_GAPS, VI_MAP_OVERVIEW } vi_map_kind;
extern const char *const vi_map_kind_names[];
typedef enum { VI_FIGURE_ROADS, VI_FIGURE_LIGHTS, VI_FIGURE_CLINIC } vi_figure;
extern const char *const vi_figure_names[];

typedef struct {
    int kind;            /* vi_map_kind */
    const char *village; /* NULL: every village */
    const char *service; /* coverage, gaps (default: clinic) */
    const char *by;      /* line (default), road or terrain */
    const char *title;   /* NULL: the map's own */
    const char *dem;     /* hillshade (and terrain reach) */
    int figure;          /* overview: vi_figure */
    int add;             /* gaps: sites to propose */
    double bottom_mm;    /* space left free at the page's foot (atlas tables) */
} vi_map_request;

typedef struct {
    vi_store *store;
    vi_rules *rules;
    const vi_style *style;
    vi_mapdata *data;
    const char *datadir;
    gboolean english;
} vi_render_ctx;

/* Load the style (a name in MAPSDIR or a file), the rules (RULES_PATH, or
 * DATADIR/rules.tsv) and the store's features for drawing. */
gboolean render_ctx_init(vi_render_ctx *ctx, vi_store *store, const char *style,
                         const char *mapsdir, const char *datadir, const char *rules_path,
                         gboolean english, GError **err);
void render_ctx_clear(vi_render_ctx *ctx);

/* Draw REQ as the current page of PG.  Usage errors (unknown village or
 * service) are VI_ERROR_USAGE. */
gboolean render_map(vi_page *pg, vi_render_ctx *ctx, const vi_map_request *req, GError **err);

/* Served households and people per village (and in total, index nvillages)
 * for SERVICE by line: the coverage summary of the atlas. */
typedef struct {
    gint64 households, people, served_households, served_people;
} vi_served;
/* Fills OUT (nvillages + 1) in the villages layer's order; FALSE on error. */
gboolean render_served(vi_render_ctx *ctx, const char *service, vi_served *out, int nvillages,
                       GError **err);

#endif
