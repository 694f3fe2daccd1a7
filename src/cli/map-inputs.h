/*
 * map-inputs.h - what vinfra render, atlas and demo share: the session a
 * map command opens (the paper and the DEM checked, then the registry, the
 * store and the render context), and the work before drawing: the
 * analysis a map or the atlas shows (coverage, gaps, siting, statistics) is
 * computed here, into render's plain structs (mapinput.h, atlas.h), then
 * handed to render_map() or atlas_write(), which only draw it.
 */
#ifndef VINFRA_MAP_INPUTS_H
#define VINFRA_MAP_INPUTS_H

#include "atlas.h"
#include "maps.h"
#include "registry.h"
#include "store.h"

typedef struct {
    vi_registry *reg;
    vi_store *store;
    vi_render_ctx ctx;
} map_session;

/* --paper PAPER (NULL: A4) as its width and height in mm (portrait);
 * FALSE after saying why, for exit code 2.  CMD prefixes the message. */
gboolean map_paper_size(const char *cmd, const char *paper, double *w, double *h);

/* Check --dem DEM (may be NULL), then open the registry, the store (read
 * only) and the render context of STYLE and RULES_PATH (may be NULL).
 * Returns 0, or the exit code after saying why; S is then closed. */
int map_session_open(map_session *s, const char *cmd, const char *dem, const char *style,
                     const char *rules_path);
void map_session_close(map_session *s);

/* Compute what REQ shows and draw it as the current page of PG. */
gboolean map_draw(vi_page *pg, vi_render_ctx *ctx, const vi_map_request *req, GError **err);

/* Compute what the atlas shows and write it into PG; DEM (may be NULL)
 * shades its maps. */
gboolean atlas_draw(vi_page *pg, vi_render_ctx *ctx, const char *dem, GError **err);

#endif
