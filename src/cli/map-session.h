/*
 * map-session.h - what vinfra render and vinfra atlas open before drawing,
 * once for both: the paper checked, the DEM checked, then the registry,
 * the store (read only) and the render context (style, rules, features,
 * the maps' figures).  Messages are printed here; the functions return
 * the exit code.
 */
#ifndef VINFRA_MAP_SESSION_H
#define VINFRA_MAP_SESSION_H

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
 * only, as of the end of AS_OF when not 0) and the render context of
 * STYLE and RULES_PATH (may be NULL).  Returns 0, or the exit code after
 * saying why; S is then closed. */
int map_session_open(map_session *s, const char *cmd, const char *dem, const char *style,
                     const char *rules_path, int as_of);
void map_session_close(map_session *s);

#endif
