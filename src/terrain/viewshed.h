/*
 * viewshed.h - which places see a signal tower over the terrain, with GDAL's
 * viewshed (GDALViewshedGenerate, the single-scan method of Wang et al. 2000).
 *
 * Line of sight is symmetric: a household at 1.5 m above ground sees the
 * antenna exactly when the antenna sees a point 1.5 m above the household's
 * ground, so one viewshed per tower (observer at the antenna height, target
 * height 1.5 m) answers for every household at once.  Earth curvature and
 * standard refraction are allowed for as gdal_viewshed does (coefficient
 * 0.85714).  Heights are sampled at DEM cell centres: a tower or target stands
 * at the centre of the cell it falls in.
 */
#ifndef VINFRA_VIEWSHED_H
#define VINFRA_VIEWSHED_H

#include <glib.h>

/*
 * For each of NTARGETS target points TARGET_LONLAT (flat lon, lat, degrees,
 * EPSG:4490), whether at least one of NTOWERS towers (TOWER_LONLAT, and
 * TOWER_HEIGHT_M, the antenna height above ground in metres) is visible from
 * TARGET_HEIGHT_M above ground (1.5 m for a person), within MAX_M metres of
 * the tower (0 = unlimited), over the DEM at DEM_PATH.
 *
 * The DEM is any single-band GDAL raster with a CRS.  One that is not
 * projected in metres with square, north-up cells (a geographic DEM, say) is
 * first warped (bilinear) to the CGCS2000 Gauss-Krüger zone of its centre.
 *
 * OUT_VISIBLE gets 1 or 0 per target; OUT_TOWER (may be NULL) the index of
 * the first tower that sees the target, or -1.  Targets outside the DEM are
 * not visible.  Fails when the DEM cannot be read, when a tower (named by its
 * index and position) is outside the DEM, or when every target is; the
 * outputs are then filled with 0 and -1.
 */
gboolean viewshed_visible(const char *dem_path, const double *tower_lonlat,
                          const double *tower_height_m, int ntowers, const double *target_lonlat,
                          int ntargets, double target_height_m, double max_m, guint8 *out_visible,
                          int *out_tower, GError **err);

#endif
