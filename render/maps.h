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

#include "figures.h"
#include "mapdata.h"
#include "mapinput.h"
#include "page.h"
#include "rules.h"
#include "store.h"
#include "style.h"

typedef enum { VI_MAP_VILLAGE, VI_MAP_COVERAGE, VI_MAP_GAPS, VI_MAP_OVERVIEW } vi_map_kind;
extern const char *const vi_map_kind_names[];

typedef struct {
    int kind;            /* vi_map_kind */
    const char *village; /* NULL: every village */
    const char *service; /* coverage, gaps (NULL: the figures' default service) */
    const char *by;      /* line (default), road or terrain */
    const char *title;   /* NULL: the map's own */
    const char *dem;     /* hillshade (and terrain reach) */
    int figure;          /* overview: index into the figures' overview rows */
    int add;             /* gaps: sites to propose */
    double bottom_mm;    /* space left free at the page's foot (atlas tables) */
} vi_map_request;

typedef struct {
    vi_store *store;
    vi_rules *rules;
    const vi_style *style;
    vi_mapdata *data;     /* in the zone of the villages' centre */
    GPtrArray *zone_data; /* vi_mapdata in other zones, for one village's maps there */
    vi_map_figures *figures;
    const char *datadir;
    gboolean english;
    int as_of; /* the year the store reads as of (store.h), 0: today; maps say so */
} vi_render_ctx;

/* Load the style (a name in MAPSDIR or a file), the rules (RULES_PATH, or
 * DATADIR/rules.tsv), the store's features for drawing and the maps'
 * figures (DATADIR/maps.tsv).  The features are read as the store is set
 * (store_set_as_of(): set it first); the year goes into CTX->as_of, for
 * the maps' subtitles and for what the command computes. */
gboolean render_ctx_init(vi_render_ctx *ctx, vi_store *store, const char *style,
                         const char *mapsdir, const char *datadir, const char *rules_path,
                         gboolean english, GError **err);
void render_ctx_clear(vi_render_ctx *ctx);

/* Draw REQ as the current page of PG with what the command computed for
 * it (IN: the service of a coverage or gaps map, the hamlets of a village
 * map, the overview's figures).  An unknown village is VI_ERROR_USAGE. */
gboolean render_map(vi_page *pg, vi_render_ctx *ctx, const vi_map_request *req,
                    const vi_map_input *in, GError **err);

/* The projected box (minx, miny, maxx, maxy) the map of REQ shows on PG,
 * for the command to compute what falls in it.  An unknown village is
 * VI_ERROR_USAGE, as render_map() would say. */
gboolean render_map_extent(vi_page *pg, vi_render_ctx *ctx, const vi_map_request *req,
                           double *extent, GError **err);

#endif
