/*
 * reach-private.h - what the three reach methods (reach.c, reach-road.c,
 * reach-terrain.c) share: the argument checks and the run over candidates
 * on several threads.  Not for use outside src/plan/reach*.c.
 */
#ifndef VINFRA_REACH_PRIVATE_H
#define VINFRA_REACH_PRIVATE_H

#include "reach.h"

/* Checks the arguments every method takes: counts not negative, REACH_M
 * finite and not negative (positive when POSITIVE), every candidate and
 * point position finite (naming the first that is not). */
gboolean reach_check(const double *cand_xy, int ncand, const double *pt_xy, int npt, double reach_m,
                     gboolean positive, GError **err);

/* Appends to POINT (int) and DIST (double) the points candidate CAND
 * reaches, in ascending point order, with SCRATCH the running thread's
 * working memory.  On failure sets ERR (naming the candidate). */
typedef gboolean (*reach_one_fn)(void *scratch, int cand, GArray *point, GArray *dist, void *user,
                                 GError **err);

/* How many threads to run NCAND candidates on: the processors (at most
 * VI_MAX_THREADS), but no more than one per MIN_PER_THREAD candidates. */
int reach_threads(int ncand, int min_per_thread);

/* Runs ONE for every candidate 0 .. NCAND-1 on NTHREADS threads, thread t
 * getting SCRATCH[t], and puts the lists in OUT in candidate order, so the
 * result never depends on the threads.  When candidates fail, the error is
 * that of the lowest-numbered one and OUT is left empty. */
gboolean reach_run(int ncand, reach_one_fn one, void *user, void **scratch, int nthreads,
                   vi_reach *out, GError **err);

#endif
