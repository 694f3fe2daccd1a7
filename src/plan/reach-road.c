/*
 * reach-road.c - reach along the road network (reach.h): the points are
 * located on the roads once (network_targets_new()), then each candidate
 * is one Dijkstra search bounded by the reach (network_search_reach()), on
 * all processors, each thread with its own search memory.  The distances
 * are network_distances()'s for that one candidate, and a point counts as
 * reached at a distance equal to the reach, as coverage's served test
 * (d <= threshold) counts it.
 */
#include "reach-private.h"
#include "coverage.h"
#include "network.h"

#include <string.h>

typedef struct {
    const double *cand_xy;
} road_job;

static gboolean road_one(void *scratch, int cand, GArray *point, GArray *dist, void *user,
                         GError **err)
{
    (void)err;
    const road_job *job = user;
    network_search_reach(scratch, job->cand_xy + 2 * (size_t)cand, point, dist);
    return TRUE;
}

gboolean reach_by_road(const struct vi_network *net, const double *cand_xy, int ncand,
                       const double *pt_xy, int npt, double reach_m, vi_reach *out, GError **err)
{
    memset(out, 0, sizeof *out);
    if (!reach_check(cand_xy, ncand, pt_xy, npt, reach_m, FALSE, err))
        return FALSE;
    vi_network_targets *targets = network_targets_new(net, pt_xy, npt, reach_m, err);
    if (!targets)
        return FALSE;
    road_job job = {cand_xy};
    int nt = reach_threads(ncand, 4);
    void *scratch[VI_MAX_THREADS];
    for (int t = 0; t < nt; t++)
        scratch[t] = network_search_new(targets);
    gboolean ok = reach_run(ncand, road_one, &job, scratch, nt, out, err);
    for (int t = 0; t < nt; t++)
        network_search_free(scratch[t]);
    network_targets_free(targets);
    return ok;
}
