/*
 * mapdata.h - the store's features, projected once for drawing.
 *
 * Every layer the style draws is read from the store and projected into
 * one CGCS2000 Gauss-Krüger zone (gkzone.h), the map's plane: conformal,
 * so shapes and the scale bar are true at the map's centre.  An atlas
 * draws a dozen maps from one load.
 */
#ifndef VINFRA_MAPDATA_H
#define VINFRA_MAPDATA_H

#include "store.h"
#include "style.h"
#include <glib.h>

typedef struct {
    const vi_layer *layer;
    int n;                                        /* features */
    int *feat_part;                               /* n + 1 offsets into part_start */
    int *part_start;                              /* nparts + 1 offsets into the points */
    double *xy;                                   /* projected points, metres */
    double *bbox;                                 /* 4 per feature: minx, miny, maxx, maxy */
    const char **id, **name, **status, **village; /* per feature; NULL for null */
    const char **attrs;                           /* n x layer->nattrs */
    int *style_row;                               /* per feature: the style row it matches, or -1 */
} vi_layerdata;

typedef struct {
    int epsg;
    GPtrArray *layers; /* vi_layerdata, in registry order; only loaded layers */
    GStringChunk *strings;
    double minx, miny, maxx, maxy; /* of every feature */
    char *data_date;               /* the last import's date (YYYY-MM-DD), or NULL */
} vi_mapdata;

/* Read every layer STYLE draws (and the villages) from STORE, projected
 * into EPSG, or into the zone of the villages' centre when EPSG is 0. */
vi_mapdata *mapdata_load(vi_store *store, const vi_style *style, int epsg, GError **err);
void mapdata_free(vi_mapdata *d);

/* The loaded layer NAME, or NULL. */
const vi_layerdata *mapdata_layer(const vi_mapdata *d, const char *name);
/* Index of the feature of the villages layer named NAME, or -1. */
int mapdata_village(const vi_mapdata *d, const char *name);
/* Projected bounding box of feature I of L. */
static inline const double *layerdata_bbox(const vi_layerdata *l, int i)
{
    return l->bbox + 4 * i;
}
/* Area-weighted centroid of a polygon feature's rings (holes subtract), or
 * the mean of its points for other geometries. */
void layerdata_centroid(const vi_layerdata *l, int i, double *x, double *y);
/* Even-odd point in polygon feature I. */
gboolean layerdata_contains(const vi_layerdata *l, int i, double x, double y);

#endif
