/*
 * reach.c - reach by straight line, and what the three methods share: the
 * checks, the run over candidates on all processors, the result.  Road and
 * terrain are in reach-road.c and reach-terrain.c.  Interface in reach.h.
 *
 * Candidates are handed to the threads one at a time (the next free thread
 * takes the next candidate), each writing its own list; the lists are then
 * joined in candidate order.  A candidate taken is always finished, so when
 * some fail, every lower-numbered candidate has run too and the error kept
 * (the lowest-numbered failure's) does not depend on timing either.
 */
#include "reach-private.h"
#include "coverage.h"
#include "i18n.h"
#include "spindex.h"
#include "vi-error.h"

#include <math.h>
#include <string.h>

void reach_clear(vi_reach *r)
{
    if (!r)
        return;
    g_free(r->start);
    g_free(r->point);
    g_free(r->dist);
    memset(r, 0, sizeof *r);
}

gboolean reach_check(const double *cand_xy, int ncand, const double *pt_xy, int npt, double reach_m,
                     gboolean positive, GError **err)
{
    if (ncand < 0 || npt < 0 || !isfinite(reach_m) || reach_m < 0 || (positive && reach_m == 0)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot compute reach: %d candidates, %d points, reach %g m"), ncand, npt,
                    reach_m);
        return FALSE;
    }
    for (int c = 0; c < ncand; c++)
        if (!isfinite(cand_xy[2 * c]) || !isfinite(cand_xy[2 * c + 1])) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot compute reach: candidate %d (%g, %g) is not a finite position"),
                        c, cand_xy[2 * c], cand_xy[2 * c + 1]);
            return FALSE;
        }
    for (int i = 0; i < npt; i++)
        if (!isfinite(pt_xy[2 * i]) || !isfinite(pt_xy[2 * i + 1])) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot compute reach: point %d (%g, %g) is not a finite position"), i,
                        pt_xy[2 * i], pt_xy[2 * i + 1]);
            return FALSE;
        }
    return TRUE;
}

/* ---- the run over candidates ----------------------------------------------- */

typedef struct {
    int ncand;
    reach_one_fn one;
    void *user;
    GArray **point, **dist; /* per candidate */
    gint next;              /* the next candidate to take */
    gint failed;            /* the lowest failed candidate, or NCAND */
    GMutex lock;            /* guards ERR */
    GError *err;            /* the lowest failed candidate's */
} run_state;

typedef struct {
    run_state *st;
    void *scratch;
} run_worker;

static gpointer run_thread(gpointer data)
{
    run_worker *w = data;
    run_state *st = w->st;
    for (int c; (c = g_atomic_int_add(&st->next, 1)) < st->ncand;) {
        /* Past a failure nothing more is needed: every lower candidate is
         * taken already and finishes. */
        if (c > g_atomic_int_get(&st->failed))
            break;
        st->point[c] = g_array_new(FALSE, FALSE, sizeof(int));
        st->dist[c] = g_array_new(FALSE, FALSE, sizeof(double));
        GError *e = NULL;
        if (!st->one(w->scratch, c, st->point[c], st->dist[c], st->user, &e)) {
            g_mutex_lock(&st->lock);
            if (c < st->failed) {
                g_clear_error(&st->err);
                st->err = e;
                g_atomic_int_set(&st->failed, c);
            } else {
                g_error_free(e);
            }
            g_mutex_unlock(&st->lock);
        }
    }
    return NULL;
}

int reach_threads(int ncand, int min_per_thread)
{
    int nt = CLAMP((int)g_get_num_processors(), 1, VI_MAX_THREADS);
    return CLAMP(ncand / MAX(min_per_thread, 1), 1, nt);
}

gboolean reach_run(int ncand, reach_one_fn one, void *user, void **scratch, int nthreads,
                   vi_reach *out, GError **err)
{
    memset(out, 0, sizeof *out);
    nthreads = CLAMP(nthreads, 1, VI_MAX_THREADS);
    run_state st = {.ncand = ncand,
                    .one = one,
                    .user = user,
                    .point = g_new0(GArray *, ncand + 1),
                    .dist = g_new0(GArray *, ncand + 1),
                    .failed = ncand};
    g_mutex_init(&st.lock);
    run_worker workers[VI_MAX_THREADS];
    GThread *threads[VI_MAX_THREADS];
    for (int t = 0; t < nthreads; t++)
        workers[t] = (run_worker){&st, scratch[t]};
    for (int t = 1; t < nthreads; t++)
        threads[t] = g_thread_new("reach", run_thread, &workers[t]);
    run_thread(&workers[0]);
    for (int t = 1; t < nthreads; t++)
        g_thread_join(threads[t]);
    g_mutex_clear(&st.lock);

    gboolean ok = st.err == NULL;
    if (ok) {
        size_t total = 0;
        for (int c = 0; c < ncand; c++)
            total += st.point[c]->len;
        out->ncand = ncand;
        out->start = g_new(int, ncand + 1);
        out->point = g_new(int, total + 1);
        out->dist = g_new(double, total + 1);
        size_t k = 0;
        for (int c = 0; c < ncand; c++) {
            out->start[c] = (int)k;
            guint len = st.point[c]->len;
            if (len > 0) { /* an empty GArray's data may be NULL */
                memcpy(out->point + k, st.point[c]->data, sizeof(int) * len);
                memcpy(out->dist + k, st.dist[c]->data, sizeof(double) * len);
            }
            k += len;
        }
        out->start[ncand] = (int)k;
    } else {
        g_propagate_error(err, st.err);
    }
    for (int c = 0; c < ncand; c++) {
        if (st.point[c])
            g_array_free(st.point[c], TRUE);
        if (st.dist[c])
            g_array_free(st.dist[c], TRUE);
    }
    g_free(st.point);
    g_free(st.dist);
    return ok;
}

/* ---- by straight line ------------------------------------------------------- */

typedef struct {
    const vi_spindex *index;
    const double *cand_xy, *pt_xy;
    double reach_m;
} line_job;

static int int_cmp(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return (a > b) - (a < b);
}

static gboolean line_one(void *scratch, int cand, GArray *point, GArray *dist, void *user,
                         GError **err)
{
    (void)err;
    const line_job *job = user;
    GArray *near = scratch;
    double x = job->cand_xy[2 * cand], y = job->cand_xy[2 * cand + 1];
    g_array_set_size(near, 0);
    /* A little wider than the reach, then the exact test: the distance
     * coverage's served test measures (spindex_segment_distance()). */
    spindex_within(job->index, x, y, job->reach_m * (1 + 1e-9) + 1e-6, near);
    g_array_sort(near, int_cmp);
    for (guint k = 0; k < near->len; k++) {
        int i = g_array_index(near, int, k);
        const double *p = job->pt_xy + 2 * i;
        double d = spindex_segment_distance(x, y, p[0], p[1], p[0], p[1]);
        if (d <= job->reach_m) {
            g_array_append_val(point, i);
            g_array_append_val(dist, d);
        }
    }
    return TRUE;
}

gboolean reach_by_line(const double *cand_xy, int ncand, const double *pt_xy, int npt,
                       double reach_m, vi_reach *out, GError **err)
{
    memset(out, 0, sizeof *out);
    if (!reach_check(cand_xy, ncand, pt_xy, npt, reach_m, FALSE, err))
        return FALSE;
    vi_spindex *index = spindex_new_points(pt_xy, npt);
    line_job job = {index, cand_xy, pt_xy, reach_m};
    int nt = reach_threads(ncand, 64);
    void *scratch[VI_MAX_THREADS];
    for (int t = 0; t < nt; t++)
        scratch[t] = g_array_new(FALSE, FALSE, sizeof(int));
    gboolean ok = reach_run(ncand, line_one, &job, scratch, nt, out, err);
    for (int t = 0; t < nt; t++)
        g_array_free(scratch[t], TRUE);
    spindex_free(index);
    return ok;
}
