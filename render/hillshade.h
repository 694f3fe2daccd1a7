/*
 * hillshade.h - relief under a map: a DEM (any GDAL raster with a CRS) read
 * with GDAL, resampled onto the map's frame in its Gauss-Krüger plane, and
 * shaded from the north-west (azimuth 315°, altitude 45°), painted in grey
 * with the style's alpha before the layers.
 */
#ifndef VINFRA_HILLSHADE_H
#define VINFRA_HILLSHADE_H

#include "map.h"

/* Paint the hillshade of the DEM at PATH into map M's frame.  Errors name
 * the file. */
gboolean hillshade_draw(vi_map *m, const char *path, double alpha, GError **err);

#endif
