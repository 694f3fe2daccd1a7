/*
 * reach-terrain.c - reach by line of sight over a DEM (reach.h): the DEM is
 * opened (and warped, if it must be) once per thread through viewshed.h's
 * handle, and each candidate is one GDAL viewshed limited to the reach
 * around it, read at the points, exactly as viewshed_visible() decides for
 * one tower.  The first thread's handle is opened before the run, so a DEM
 * that cannot be read, or a candidate outside it, fails with its own message
 * before any viewshed; the other threads open theirs on their first
 * candidate, in their own thread (GDAL datasets and PROJ transformations are
 * for one thread at a time).
 */
#include "reach-private.h"
#include "coverage.h"
#include "i18n.h"
#include "spindex.h"
#include "vi-error.h"
#include "viewshed.h"

#include <math.h>
#include <string.h>

typedef struct {
    const char *dem_path;
    int epsg;
    const double *cand_xy, *pt_xy;
    int npt;
    double antenna_m, target_m, reach_m;
} terrain_job;

/* One thread's DEM handle; NULL until its first candidate. */
typedef struct {
    vi_viewshed *vs;
} terrain_scratch;

static gboolean terrain_one(void *scratch, int cand, GArray *point, GArray *dist, void *user,
                            GError **err)
{
    const terrain_job *job = user;
    terrain_scratch *ts = scratch;
    if (!ts->vs) {
        ts->vs = viewshed_open(job->dem_path, job->epsg, err);
        if (!ts->vs || !viewshed_prepare(ts->vs, job->pt_xy, job->npt, err))
            return FALSE;
    }
    const double *c = job->cand_xy + 2 * (size_t)cand;
    GArray *seen = g_array_new(FALSE, FALSE, sizeof(int));
    GError *why = NULL;
    gboolean ok =
        viewshed_tower(ts->vs, c, job->antenna_m, job->target_m, job->reach_m, seen, &why);
    if (!ok) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot compute the viewshed of candidate %d over DEM '%s': %s"), cand,
                    job->dem_path, why->message);
        g_error_free(why);
    }
    for (guint k = 0; ok && k < seen->len; k++) {
        int i = g_array_index(seen, int, k);
        const double *p = job->pt_xy + 2 * (size_t)i;
        double d = spindex_segment_distance(c[0], c[1], p[0], p[1], p[0], p[1]);
        g_array_append_val(point, i);
        g_array_append_val(dist, d);
    }
    g_array_free(seen, TRUE);
    return ok;
}

/* Each candidate reaches nothing (no points). */
static gboolean nothing_one(void *scratch, int cand, GArray *point, GArray *dist, void *user,
                            GError **err)
{
    (void)scratch, (void)cand, (void)point, (void)dist, (void)user, (void)err;
    return TRUE;
}

gboolean reach_by_terrain(const char *dem_path, int epsg, const double *cand_xy, int ncand,
                          double antenna_m, const double *pt_xy, int npt, double target_m,
                          double reach_m, vi_reach *out, GError **err)
{
    memset(out, 0, sizeof *out);
    if (!reach_check(cand_xy, ncand, pt_xy, npt, reach_m, TRUE, err))
        return FALSE;
    if (!(isfinite(antenna_m) && antenna_m >= 0 && isfinite(target_m) && target_m >= 0)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot compute reach over DEM '%s': antenna height %g m, target height "
                      "%g m (expected 0 or more)"),
                    dem_path, antenna_m, target_m);
        return FALSE;
    }
    vi_viewshed *vs = viewshed_open(dem_path, epsg, err);
    if (!vs)
        return FALSE;
    gboolean ok = TRUE;
    gboolean *inside = g_new(gboolean, ncand + 1);
    viewshed_inside(vs, cand_xy, ncand, inside);
    for (int c = 0; ok && c < ncand; c++)
        if (!inside[c]) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot use DEM '%s': candidate %d (%.1f, %.1f) is outside it"), dem_path,
                        c, cand_xy[2 * c], cand_xy[2 * c + 1]);
            ok = FALSE;
        }
    g_free(inside);
    if (ok && (ncand == 0 || npt == 0)) {
        void *none = NULL;
        ok = reach_run(ncand, nothing_one, NULL, &none, 1, out, err);
        viewshed_free(vs);
        return ok;
    }
    if (!ok || !viewshed_prepare(vs, pt_xy, npt, err)) {
        viewshed_free(vs);
        return FALSE;
    }
    terrain_job job = {dem_path, epsg, cand_xy, pt_xy, npt, antenna_m, target_m, reach_m};
    int nt = reach_threads(ncand, 8);
    terrain_scratch ts[VI_MAX_THREADS] = {{vs}};
    void *scratch[VI_MAX_THREADS];
    for (int t = 0; t < nt; t++)
        scratch[t] = &ts[t];
    ok = reach_run(ncand, terrain_one, &job, scratch, nt, out, err);
    for (int t = 0; t < nt; t++)
        viewshed_free(ts[t].vs);
    return ok;
}
