/*
 * viewshed-none.c - viewshed.h in the vinfra binary, which is linked without
 * GDAL (see main.c): a command given a DEM runs as vinfra-gdal instead, so
 * this is only reached if that hand-over is missed.
 */
#include "vi-error.h"
#include "i18n.h"
#include "viewshed.h"

#include <string.h>

gboolean viewshed_visible(const char *dem_path, const double *tower_lonlat,
                          const double *tower_height_m, int ntowers, const double *target_lonlat,
                          int ntargets, double target_height_m, double max_m, guint8 *out_visible,
                          int *out_tower, GError **err)
{
    (void)tower_lonlat, (void)tower_height_m, (void)target_lonlat, (void)target_height_m,
        (void)max_m;
    memset(out_visible, 0, (size_t)ntargets);
    for (int i = 0; out_tower && i < ntargets; i++)
        out_tower[i] = -1;
    g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                _("cannot read DEM '%s' for %d towers: this vinfra was built without GDAL"),
                dem_path, ntowers);
    return FALSE;
}

/* Without GDAL no DEM opens, so no handle ever exists: the functions that
 * take one only keep the API whole. */
vi_viewshed *viewshed_open(const char *dem_path, int epsg, GError **err)
{
    (void)epsg;
    g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                _("cannot read DEM '%s': this vinfra was built without GDAL"), dem_path);
    return NULL;
}

void viewshed_free(vi_viewshed *vs)
{
    g_return_if_fail(vs == NULL);
}

int viewshed_inside(vi_viewshed *vs, const double *xy, int n, gboolean *out_inside)
{
    (void)vs, (void)xy;
    memset(out_inside, 0, sizeof(gboolean) * (size_t)n);
    return 0;
}

gboolean viewshed_prepare(vi_viewshed *vs, const double *target_xy, int ntargets, GError **err)
{
    (void)vs, (void)target_xy, (void)ntargets;
    g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("this vinfra was built without GDAL"));
    return FALSE;
}

gboolean viewshed_tower(vi_viewshed *vs, const double *tower_xy, double tower_height_m,
                        double target_height_m, double max_m, GArray *out, GError **err)
{
    (void)vs, (void)tower_xy, (void)tower_height_m, (void)target_height_m, (void)max_m, (void)out;
    g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("this vinfra was built without GDAL"));
    return FALSE;
}
