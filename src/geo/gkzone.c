/*
 * gkzone.c - choosing a CGCS2000 Gauss-Krüger zone and projecting arrays of
 * points into and out of it with PROJ.
 *
 * Each call makes its own PROJ context, so callers on different threads never
 * share PROJ state.  The zone's operation is built from its PROJ definition,
 * the very pipeline proj_create_crs_to_crs() finds for EPSG:4490 to the zone
 * (test-gkzone.c checks the two agree to the bit), because looking it up in
 * proj.db costs tens of milliseconds on first use and a few on every later
 * one, more than projecting a village's households.
 */
#include "gkzone.h"
#include "i18n.h"
#include "vi-error.h"

#include <math.h>
#include <proj.h>
#include <string.h>

#define GK_FIRST_EPSG 4534 /* CM 75E */
#define GK_LAST_EPSG 4554  /* CM 135E */
#define GK_FIRST_CM 75.0
#define GK_ZONE_WIDTH 3.0

int gk_zone_epsg(double center_lon)
{
    double last_cm = GK_FIRST_CM + GK_ZONE_WIDTH * (GK_LAST_EPSG - GK_FIRST_EPSG);
    if (!isfinite(center_lon) || center_lon < GK_FIRST_CM - GK_ZONE_WIDTH / 2 ||
        center_lon > last_cm + GK_ZONE_WIDTH / 2)
        return 0;
    /* floor(x + 0.5) rather than round(): a longitude exactly between two
     * central meridians goes east whatever its sign. */
    int zone = (int)floor((center_lon - GK_FIRST_CM) / GK_ZONE_WIDTH + 0.5);
    if (zone > GK_LAST_EPSG - GK_FIRST_EPSG)
        zone = GK_LAST_EPSG - GK_FIRST_EPSG;
    return GK_FIRST_EPSG + zone;
}

double gk_zone_central_meridian(int epsg)
{
    if (epsg < GK_FIRST_EPSG || epsg > GK_LAST_EPSG)
        return NAN;
    return GK_FIRST_CM + GK_ZONE_WIDTH * (epsg - GK_FIRST_EPSG);
}

char *gk_zone_proj_definition(int epsg)
{
    char cm[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_dtostr(cm, sizeof cm, gk_zone_central_meridian(epsg));
    /* CGCS2000's ellipsoid has GRS80's axis and flattening; longitude and
     * easting first, as proj_normalize_for_visualization() orders them. */
    return g_strdup_printf("+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad"
                           " +step +proj=tmerc +lat_0=0 +lon_0=%s +k=1 +x_0=500000 +y_0=0"
                           " +ellps=GRS80",
                           cm);
}

static gboolean transform(int epsg, PJ_DIRECTION direction, double *xy, size_t n, GError **err)
{
    if (epsg < GK_FIRST_EPSG || epsg > GK_LAST_EPSG) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("EPSG:%d is not a CGCS2000 3-degree Gauss-Kruger zone (EPSG:%d-%d)"), epsg,
                    GK_FIRST_EPSG, GK_LAST_EPSG);
        return FALSE;
    }
    if (n == 0)
        return TRUE;
    gboolean ok = FALSE;
    PJ_CONTEXT *ctx = proj_context_create();
    proj_log_level(ctx, PJ_LOG_NONE); /* reasons come back through ERR, not stderr */
    char *zone = g_strdup_printf("EPSG:%d", epsg);
    /* As arguments, not as one string: proj_create() opens proj.db to parse
     * a string, which costs more than projecting a few thousand points. */
    char *def = gk_zone_proj_definition(epsg);
    char **args = g_strsplit(def, " ", -1);
    int nargs = (int)g_strv_length(args);
    for (int i = 0; i < nargs; i++)
        if (args[i][0] == '+')
            memmove(args[i], args[i] + 1, strlen(args[i]));
    PJ *pj = proj_create_argv(ctx, nargs, args);
    g_strfreev(args);
    g_free(def);
    if (!pj) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("cannot set up projection to '%s': %s"), zone,
                    proj_context_errno_string(ctx, proj_context_errno(ctx)));
        goto out;
    }
    const size_t stride = 2 * sizeof(double);
    proj_trans_generic(pj, direction, xy, stride, n, xy + 1, stride, n, NULL, 0, 0, NULL, 0, 0);
    /* PROJ marks a point it cannot transform with HUGE_VAL and goes on. */
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1])) {
            const char *why =
                proj_errno(pj) ? proj_context_errno_string(ctx, proj_errno(pj)) : NULL;
            if (why)
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            direction == PJ_FWD ? _("cannot project point %zu to '%s': %s")
                                                : _("cannot project point %zu from '%s': %s"),
                            i, zone, why);
            else
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            direction == PJ_FWD ? _("cannot project point %zu to '%s'")
                                                : _("cannot project point %zu from '%s'"),
                            i, zone);
            goto out;
        }
    }
    ok = TRUE;
out:
    proj_destroy(pj);
    proj_context_destroy(ctx);
    g_free(zone);
    return ok;
}

gboolean gk_project(int epsg, double *xy, size_t n, GError **err)
{
    return transform(epsg, PJ_FWD, xy, n, err);
}

gboolean gk_unproject(int epsg, double *xy, size_t n, GError **err)
{
    return transform(epsg, PJ_INV, xy, n, err);
}
