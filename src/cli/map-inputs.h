/*
 * map-inputs.h - the work of vinfra render, atlas and demo before drawing:
 * the analysis a map or the atlas shows (coverage, gaps, siting,
 * statistics) is computed here, into render's plain structs (mapinput.h,
 * atlas.h), then handed to render_map() or atlas_write(), which only draw
 * it (git's diff: compute into a structure, then flush).
 */
#ifndef VINFRA_MAP_INPUTS_H
#define VINFRA_MAP_INPUTS_H

#include "atlas.h"
#include "maps.h"

/* Compute what REQ shows and draw it as the current page of PG. */
gboolean map_draw(vi_page *pg, vi_render_ctx *ctx, const vi_map_request *req, GError **err);

/* Compute what the atlas shows and write it into PG; DEM (may be NULL)
 * shades its maps. */
gboolean atlas_draw(vi_page *pg, vi_render_ctx *ctx, const char *dem, GError **err);

#endif
