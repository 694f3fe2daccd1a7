/*
 * maxcover.h - maximum coverage: choose sites among candidates so that the
 * elements they cover (unserved households) weigh the most, within a number
 * of sites and/or a budget.  The solver behind vinfra plan; it knows nothing
 * of maps: candidates are sets of element indices.
 *
 * Two answers for every problem:
 *  - greedy: each step takes the candidate with the largest newly covered
 *    weight (per unit of cost when there is a budget; the best single
 *    affordable candidate is compared too, as the budgeted greedy needs for
 *    its guarantee), with a lazy queue;
 *  - exact: a branch and bound over the candidates (identical elements
 *    merged, dominated candidates dropped), bounded by the submodular bound
 *    (value so far plus the best gains that still fit), within a node and a
 *    time limit.  When it completes, its answer is the proven optimum;
 *    when it stops at a limit, the best set found and the smallest proven
 *    upper bound are returned.
 * The upper bound is always proven: from the search, or else from the
 * greedy run itself (at every step, the value so far plus the largest
 * remaining gains that fit), never worse than greedy / (1 - 1/e) for a
 * number of sites.
 *
 * Ties are broken deterministically: larger weight, then the smaller
 * TIEBREAK (NULL: none), then the lower candidate index.
 */
#ifndef VINFRA_MAXCOVER_H
#define VINFRA_MAXCOVER_H

#include <glib.h>

typedef struct {
    int nelem;              /* elements */
    const double *weight;   /* per element, >= 0 */
    int ncand;              /* candidates */
    const int *start;       /* ncand + 1 offsets into ELEM */
    const int *elem;        /* element indices each candidate covers (no repeats) */
    const double *cost;     /* per candidate (> 0); NULL: every candidate costs 1 */
    const double *tiebreak; /* per candidate, smaller wins a tie; NULL: none */
    int max_sites;          /* at most this many sites; 0: no limit (a budget is then needed) */
    double budget;          /* total cost at most this; 0: no budget */
    gint64 node_limit;      /* exact search: nodes before it stops; 0: a default (10 million) */
    double time_limit_s;    /* exact search: seconds before it stops; 0: a default (10 s) */
    gboolean greedy_only;   /* skip the exact search (very large inputs) */
} vi_maxcover_problem;

typedef struct {
    GArray *greedy; /* int: candidates in the greedy's picking order */
    double greedy_value, greedy_cost;
    GArray *best; /* int: the best set found (the optimum when OPTIMAL), ascending */
    double best_value, best_cost;
    double upper_bound; /* proven: no feasible set covers more weight */
    gboolean optimal;   /* the search completed: BEST is an optimum */
    gboolean searched;  /* the exact search ran (FALSE: greedy_only) */
    gboolean hit_limit; /* the search stopped at the node or time limit */
    gint64 nodes;       /* branch-and-bound nodes visited */
} vi_maxcover_result;

/* Solve P into OUT (cleared first).  Fails (VI_ERROR_USAGE) only on a
 * malformed problem: no limit at all, a negative weight or cost, an element
 * index out of range; naming the candidate or element. */
gboolean maxcover_solve(const vi_maxcover_problem *p, vi_maxcover_result *out, GError **err);
void maxcover_result_clear(vi_maxcover_result *r);

#endif
