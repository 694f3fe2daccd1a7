/*
 * atlas.h - the meeting booklet: a cover with the programme's totals, the
 * overview map, chart pages (investment by programme, coverage by village
 * and service, road km by status), then one page per village: its map and
 * a table of how well each service reaches its households.
 */
#ifndef VINFRA_ATLAS_H
#define VINFRA_ATLAS_H

#include "maps.h"

/* Write the atlas into PG (a PDF), one page after another; DEM (may be
 * NULL) shades the maps. */
gboolean atlas_write(vi_page *pg, vi_render_ctx *ctx, const char *dem, GError **err);

#endif
