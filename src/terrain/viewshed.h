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

/*
 * A DEM held open for many viewsheds (vinfra plan: one per candidate site,
 * thousands), so that it is read, and warped if need be, once.  Points are
 * given in the CRS EPSG (4490: lon, lat in degrees; else x east, y north),
 * as the handle was opened with.  The steps, in this order:
 *   viewshed_open()     reads the DEM (no warp yet);
 *   viewshed_inside()   which points fall in a cell of the DEM as given;
 *   viewshed_prepare()  the raster the viewsheds run on (the DEM, or its
 *                       warp to a Gauss-Krüger zone as viewshed_visible()
 *                       says) and the targets placed on it;
 *   viewshed_tower()    per tower, the targets that see it;
 *   viewshed_free().
 * viewshed_visible() is these steps.  A handle is for one thread at a time.
 */
typedef struct vi_viewshed vi_viewshed;

/* Opens the DEM at DEM_PATH for points in EPSG.  Fails when the DEM cannot
 * be read, has no band, CRS or georeferencing, or when PROJ has no
 * transformation from EPSG to its CRS.  Free with viewshed_free(). */
vi_viewshed *viewshed_open(const char *dem_path, int epsg, GError **err);
/* Frees VS; NULL is allowed. */
void viewshed_free(vi_viewshed *vs);

/* OUT_INSIDE[i] gets whether point i of the N points XY falls in a cell of
 * the DEM as given (a warp's empty corners never count); returns how many
 * do. */
int viewshed_inside(vi_viewshed *vs, const double *xy, int n, gboolean *out_inside);

/* Readies the raster for viewshed_tower() (warping the DEM the first time
 * it is needed) and sets its NTARGETS targets TARGET_XY (copied), replacing
 * any earlier ones; targets outside the DEM are never visible.  Fails when
 * the warp fails. */
gboolean viewshed_prepare(vi_viewshed *vs, const double *target_xy, int ntargets, GError **err);

/* Appends to OUT (a GArray of int), in ascending order, the targets that
 * see an antenna TOWER_HEIGHT_M above the ground at TOWER_XY from
 * TARGET_HEIGHT_M above their own ground, within MAX_M metres of the tower
 * (0 = unlimited; measured in the raster's CRS), the viewshed covering only
 * that radius.  The tower must be inside the DEM (viewshed_inside()).
 * Fails when GDAL's viewshed fails; the message is GDAL's reason alone, for
 * the caller to name the tower. */
gboolean viewshed_tower(vi_viewshed *vs, const double *tower_xy, double tower_height_m,
                        double target_height_m, double max_m, GArray *out, GError **err);

#endif
