/*
 * test-maxcover.c - the maximum-coverage solver (src/plan/maxcover.c)
 * against oracles written here: every subset tried for the optimum, a
 * plain greedy (no queue, every gain counted from scratch) for the greedy
 * and the bound its steps give.  Random instances from a fixed seed, the
 * limits of the search, ties, the errors, and larger clustered instances
 * that only have to finish.
 */
#include "../unit.h"
#include "i18n.h"
#include "maxcover.h"
#include "vi-error.h"

#include <math.h>
#include <string.h>

#define EPS 1e-9

typedef struct {
    int nelem, ncand;
    double *weight;
    int *start, *elem;
    double *cost;     /* NULL: 1 each */
    double *tiebreak; /* NULL: none */
    int max_sites;
    double budget;
} inst;

static void inst_free(inst *in)
{
    g_free(in->weight);
    g_free(in->start);
    g_free(in->elem);
    g_free(in->cost);
    g_free(in->tiebreak);
    memset(in, 0, sizeof *in);
}

static vi_maxcover_problem problem_of(const inst *in)
{
    vi_maxcover_problem p = {.nelem = in->nelem,
                             .weight = in->weight,
                             .ncand = in->ncand,
                             .start = in->start,
                             .elem = in->elem,
                             .cost = in->cost,
                             .tiebreak = in->tiebreak,
                             .max_sites = in->max_sites,
                             .budget = in->budget};
    return p;
}

static double cost_of(const inst *in, int c)
{
    return in->cost ? in->cost[c] : 1.0;
}

static int sites_of(const inst *in)
{
    return in->max_sites > 0 ? in->max_sites : G_MAXINT;
}

static double budget_of(const inst *in)
{
    return in->budget > 0 ? in->budget : INFINITY;
}

/* The weight the candidates SET[0..N) cover together. */
static double value_of(const inst *in, const int *set, int n)
{
    guint8 *on = g_new0(guint8, in->nelem + 1);
    for (int i = 0; i < n; i++)
        for (int j = in->start[set[i]]; j < in->start[set[i] + 1]; j++)
            on[in->elem[j]] = 1;
    double v = 0;
    for (int e = 0; e < in->nelem; e++)
        v += on[e] ? in->weight[e] : 0;
    g_free(on);
    return v;
}

/* SET[0..N) is a feasible set: distinct candidates within both limits. */
static gboolean feasible(const inst *in, const int *set, int n, const char *what, int id)
{
    double cost = 0;
    for (int i = 0; i < n; i++) {
        if (set[i] < 0 || set[i] >= in->ncand) {
            FAIL("instance %d: %s: candidate %d out of range", id, what, set[i]);
            return FALSE;
        }
        for (int j = 0; j < i; j++)
            if (set[j] == set[i]) {
                FAIL("instance %d: %s: candidate %d twice", id, what, set[i]);
                return FALSE;
            }
        cost += cost_of(in, set[i]);
    }
    if (n > sites_of(in) || cost > budget_of(in) + EPS) {
        FAIL("instance %d: %s: %d sites costing %g, limits %d sites, budget %g", id, what, n, cost,
             in->max_sites, in->budget);
        return FALSE;
    }
    return TRUE;
}

/* ---- oracles ------------------------------------------------------------------------ */

/* Every subset (nelem <= 64): candidates as bit masks, the weight of a mask
 * by byte tables. */
typedef struct {
    const inst *in;
    guint64 mask[64];
    double table[8][256];
    double best;
    int sites;
    double budget;
} brute;

static double mask_value(const brute *b, guint64 m)
{
    double v = 0;
    for (int k = 0; k < 8; k++)
        v += b->table[k][(m >> (8 * k)) & 0xff];
    return v;
}

static void brute_walk(brute *b, int c, guint64 covered, int n, double cost)
{
    if (c == b->in->ncand) {
        double v = mask_value(b, covered);
        if (v > b->best)
            b->best = v;
        return;
    }
    brute_walk(b, c + 1, covered, n, cost);
    double cc = cost + cost_of(b->in, c);
    if (n + 1 <= b->sites && cc <= b->budget + EPS)
        brute_walk(b, c + 1, covered | b->mask[c], n + 1, cc);
}

static double brute_optimum(const inst *in)
{
    brute *b = g_new0(brute, 1);
    b->in = in;
    g_assert(in->nelem <= 64 && in->ncand <= 64);
    for (int c = 0; c < in->ncand; c++)
        for (int j = in->start[c]; j < in->start[c + 1]; j++)
            b->mask[c] |= (guint64)1 << in->elem[j];
    for (int k = 0; k < 8; k++)
        for (int byte = 0; byte < 256; byte++)
            for (int bit = 0; bit < 8; bit++)
                if ((byte >> bit & 1) && 8 * k + bit < in->nelem)
                    b->table[k][byte] += in->weight[8 * k + bit];
    b->sites = sites_of(in);
    b->budget = budget_of(in);
    brute_walk(b, 0, 0, 0, 0);
    double best = b->best;
    g_free(b);
    return best;
}

static double gain_of(const inst *in, const guint8 *covered, int c)
{
    double g = 0;
    for (int j = in->start[c]; j < in->start[c + 1]; j++)
        if (!covered[in->elem[j]])
            g += in->weight[in->elem[j]];
    return g;
}

static gboolean tie_first(const inst *in, int a, int b)
{
    if (in->tiebreak && in->tiebreak[a] != in->tiebreak[b])
        return in->tiebreak[a] < in->tiebreak[b];
    return a < b;
}

static int desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y;
}

typedef struct {
    double g, c;
} gc;

static int by_ratio(const void *a, const void *b)
{
    const gc *x = a, *y = b;
    return x->g * y->c > y->g * x->c ? -1 : x->g * y->c < y->g * x->c;
}

/* The bound at one state of the greedy: the R largest gains; the
 * fractional knapsack of the gains within the budget; the smaller. */
static double step_bound(const inst *in, const guint8 *covered)
{
    int n = 0;
    double *g = g_new(double, in->ncand + 1);
    gc *items = g_new(gc, in->ncand + 1);
    for (int c = 0; c < in->ncand; c++) {
        if (cost_of(in, c) > budget_of(in))
            continue;
        double x = gain_of(in, covered, c);
        if (x > 0) {
            g[n] = x;
            items[n++] = (gc){x, cost_of(in, c)};
        }
    }
    double card = 0, knap = INFINITY;
    qsort(g, (size_t)n, sizeof(double), desc);
    for (int i = 0; i < n && i < sites_of(in); i++)
        card += g[i];
    if (in->budget > 0) {
        qsort(items, (size_t)n, sizeof(gc), by_ratio);
        double left = in->budget;
        knap = 0;
        for (int i = 0; i < n; i++) {
            if (items[i].c <= left) {
                knap += items[i].g;
                left -= items[i].c;
            } else {
                knap += items[i].g * left / items[i].c;
                break;
            }
        }
    }
    g_free(g);
    g_free(items);
    return fmin(card, knap);
}

/* The greedy the header describes, counted from scratch at each step: its
 * picks into PICKS (returns how many), and the smallest bound over its
 * steps into *UB. */
static int plain_greedy(const inst *in, int *picks, double *ub)
{
    guint8 *covered = g_new0(guint8, in->nelem + 1);
    guint8 *reach = g_new0(guint8, in->nelem + 1);
    for (int c = 0; c < in->ncand; c++)
        if (cost_of(in, c) <= budget_of(in))
            for (int j = in->start[c]; j < in->start[c + 1]; j++)
                reach[in->elem[j]] = 1;
    *ub = 0;
    for (int e = 0; e < in->nelem; e++)
        *ub += reach[e] ? in->weight[e] : 0;
    int n = 0;
    double value = 0, spent = 0;
    for (;;) {
        *ub = fmin(*ub, value + step_bound(in, covered));
        if (n >= sites_of(in))
            break;
        int best = -1;
        double bg = 0;
        for (int c = 0; c < in->ncand; c++) {
            gboolean taken = FALSE;
            for (int i = 0; i < n; i++)
                taken |= picks[i] == c;
            double g = gain_of(in, covered, c);
            if (taken || g <= 0 || spent + cost_of(in, c) > budget_of(in) + EPS)
                continue;
            gboolean better;
            if (best < 0)
                better = TRUE;
            else if (in->budget > 0 && g * cost_of(in, best) != bg * cost_of(in, c))
                better = g * cost_of(in, best) > bg * cost_of(in, c);
            else if (g != bg)
                better = g > bg;
            else
                better = tie_first(in, c, best);
            if (better) {
                best = c;
                bg = g;
            }
        }
        if (best < 0)
            break;
        picks[n++] = best;
        value += bg;
        spent += cost_of(in, best);
        for (int j = in->start[best]; j < in->start[best + 1]; j++)
            covered[in->elem[j]] = 1;
    }
    if (in->budget > 0) {
        int single = -1;
        double sw = 0;
        for (int c = 0; c < in->ncand; c++) {
            double w = value_of(in, &c, 1);
            if (cost_of(in, c) <= in->budget && w > 0 &&
                (single < 0 || w > sw || (w == sw && tie_first(in, c, single)))) {
                single = c;
                sw = w;
            }
        }
        if (single >= 0 && sw > value) {
            picks[0] = single;
            n = 1;
        }
    }
    *ub = fmax(*ub, value_of(in, picks, n));
    g_free(reach);
    g_free(covered);
    return n;
}

/* ---- random instances --------------------------------------------------------------- */

/* A random instance: candidates cover runs of nearby elements (overlapping,
 * some repeated, some empty) or scattered ones; MODE 0: sites, 1: budget,
 * 2: both. */
static void random_inst(GRand *rng, inst *in, int mode)
{
    memset(in, 0, sizeof *in);
    int maxc = mode == 0 ? 25 : 18;
    in->ncand = g_rand_int_range(rng, 1, maxc + 1);
    in->nelem = g_rand_int_range(rng, 5, 61);
    in->weight = g_new(double, in->nelem);
    gboolean odd = g_rand_int_range(rng, 0, 10) == 0; /* zero and half weights too */
    for (int e = 0; e < in->nelem; e++) {
        in->weight[e] = g_rand_int_range(rng, 1, 9);
        if (odd && g_rand_int_range(rng, 0, 4) == 0)
            in->weight[e] = g_rand_int_range(rng, 0, 3) * 0.5;
    }
    in->start = g_new0(int, in->ncand + 1);
    GArray *elem = g_array_new(FALSE, FALSE, sizeof(int));
    guint8 *on = g_new0(guint8, in->nelem);
    for (int c = 0; c < in->ncand; c++) {
        memset(on, 0, (size_t)in->nelem);
        int kind = g_rand_int_range(rng, 0, 10);
        if (kind == 0 && c > 0) { /* a copy of an earlier one */
            int d = g_rand_int_range(rng, 0, c);
            for (int j = in->start[d]; j < in->start[d + 1]; j++)
                on[g_array_index(elem, int, j)] = 1;
        } else if (kind == 1) { /* nothing or one element */
            if (g_rand_boolean(rng))
                on[g_rand_int_range(rng, 0, in->nelem)] = 1;
        } else if (kind < 6) { /* a run around a centre */
            int centre = g_rand_int_range(rng, 0, in->nelem);
            int half = g_rand_int_range(rng, 1, in->nelem / 4 + 2);
            for (int e = centre - half; e <= centre + half; e++)
                if (e >= 0 && e < in->nelem && g_rand_int_range(rng, 0, 5) > 0)
                    on[e] = 1;
        } else {
            int n = g_rand_int_range(rng, 1, in->nelem / 3 + 2);
            for (int i = 0; i < n; i++)
                on[g_rand_int_range(rng, 0, in->nelem)] = 1;
        }
        /* In a shuffled order: the solver must not need them sorted. */
        guint first = elem->len;
        for (int e = 0; e < in->nelem; e++)
            if (on[e])
                g_array_append_val(elem, e);
        for (guint i = elem->len; i > first + 1; i--) {
            guint j = first + (guint)g_rand_int_range(rng, 0, (gint32)(i - first));
            int t = g_array_index(elem, int, i - 1);
            g_array_index(elem, int, i - 1) = g_array_index(elem, int, j);
            g_array_index(elem, int, j) = t;
        }
        in->start[c + 1] = (int)elem->len;
    }
    g_free(on);
    in->elem = (int *)g_array_free(elem, FALSE);
    if (g_rand_int_range(rng, 0, 3) > 0) {
        in->tiebreak = g_new(double, in->ncand);
        for (int c = 0; c < in->ncand; c++)
            in->tiebreak[c] = g_rand_int_range(rng, 0, 4);
    }
    if (mode != 0 && g_rand_int_range(rng, 0, 5) > 0) {
        in->cost = g_new(double, in->ncand);
        for (int c = 0; c < in->ncand; c++)
            in->cost[c] = g_rand_int_range(rng, 1, 11) * (g_rand_int_range(rng, 0, 6) ? 1.0 : 0.5);
    }
    if (mode != 1)
        in->max_sites = g_rand_int_range(rng, 1, 9);
    if (mode != 0) {
        double total = 0;
        for (int c = 0; c < in->ncand; c++)
            total += cost_of(in, c);
        in->budget = g_rand_int_range(rng, 1, (int)(total / 2) + 3);
    }
}

static gboolean same_ints(const GArray *a, const int *b, int n)
{
    if ((int)a->len != n)
        return FALSE;
    for (int i = 0; i < n; i++)
        if (g_array_index(a, int, i) != b[i])
            return FALSE;
    return TRUE;
}

static void check_random(GRand *rng, int id, int mode, int *limited)
{
    inst in;
    random_inst(rng, &in, mode);
    vi_maxcover_problem p = problem_of(&in);
    vi_maxcover_result r;
    GError *err = NULL;
    if (!maxcover_solve(&p, &r, &err)) {
        FAIL("instance %d: %s", id, err->message);
        g_clear_error(&err);
        maxcover_result_clear(&r);
        inst_free(&in);
        return;
    }
    double opt = brute_optimum(&in);
    int *picks = g_new(int, in.ncand + 1);
    double ub;
    int npick = plain_greedy(&in, picks, &ub);
    double gv = value_of(&in, picks, npick);
    const int *best = (const int *)r.best->data, *gr = (const int *)r.greedy->data;

    if (!r.searched || !r.optimal || r.hit_limit)
        FAIL("instance %d: searched %d optimal %d hit_limit %d", id, r.searched, r.optimal,
             r.hit_limit);
    if (fabs(r.best_value - opt) > EPS)
        FAIL("instance %d (mode %d): best %g, the optimum is %g", id, mode, r.best_value, opt);
    if (feasible(&in, best, (int)r.best->len, "best", id)) {
        if (fabs(value_of(&in, best, (int)r.best->len) - r.best_value) > EPS)
            FAIL("instance %d: best covers %g, not %g", id, value_of(&in, best, (int)r.best->len),
                 r.best_value);
        double cost = 0;
        for (guint i = 0; i < r.best->len; i++) {
            cost += cost_of(&in, best[i]);
            if (i > 0 && best[i] <= best[i - 1])
                FAIL("instance %d: best not ascending at %u", id, i);
        }
        if (fabs(cost - r.best_cost) > EPS)
            FAIL("instance %d: best costs %g, not %g", id, cost, r.best_cost);
    }
    if (feasible(&in, gr, (int)r.greedy->len, "greedy", id) &&
        fabs(value_of(&in, gr, (int)r.greedy->len) - r.greedy_value) > EPS)
        FAIL("instance %d: greedy covers %g, not %g", id, value_of(&in, gr, (int)r.greedy->len),
             r.greedy_value);
    if (!same_ints(r.greedy, picks, npick) || fabs(gv - r.greedy_value) > EPS)
        FAIL("instance %d (mode %d): greedy %u picks worth %g, the plain greedy %d worth %g", id,
             mode, r.greedy->len, r.greedy_value, npick, gv);
    if (r.greedy_value > opt + EPS)
        FAIL("instance %d: greedy %g above the optimum %g", id, r.greedy_value, opt);
    if (r.upper_bound < opt - EPS || r.upper_bound > r.best_value + EPS)
        FAIL("instance %d: upper bound %g, optimum %g", id, r.upper_bound, opt);

    /* The greedy alone: its bound is the plain greedy's, valid, and within
     * 1 / (1 - 1/e) of it for a number of sites. */
    p.greedy_only = TRUE;
    vi_maxcover_result g;
    if (!maxcover_solve(&p, &g, &err)) {
        FAIL("instance %d: greedy only: %s", id, err->message);
        g_clear_error(&err);
    } else {
        if (g.searched || g.nodes != 0 || g.hit_limit)
            FAIL("instance %d: greedy only searched", id);
        if (!same_ints(g.greedy, picks, npick))
            FAIL("instance %d: greedy only picks otherwise", id);
        if (fabs(g.upper_bound - ub) > EPS)
            FAIL("instance %d (mode %d): greedy bound %g, the plain greedy's %g", id, mode,
                 g.upper_bound, ub);
        if (g.upper_bound < opt - EPS)
            FAIL("instance %d: greedy bound %g below the optimum %g", id, g.upper_bound, opt);
        if (mode == 0 && g.upper_bound > g.greedy_value / (1 - exp(-1)) + EPS)
            FAIL("instance %d: greedy bound %g above greedy %g / (1 - 1/e)", id, g.upper_bound,
                 g.greedy_value);
        if (g.optimal != (g.upper_bound <= g.greedy_value + EPS))
            FAIL("instance %d: greedy only: optimal %d, bound %g, greedy %g", id, g.optimal,
                 g.upper_bound, g.greedy_value);
        if (fabs(g.best_value - g.greedy_value) > EPS || g.best->len != g.greedy->len)
            FAIL("instance %d: greedy only: best is not the greedy", id);
    }
    maxcover_result_clear(&g);
    p.greedy_only = FALSE;

    /* Stopped early: a feasible set no worse than the greedy, a valid bound. */
    for (gint64 limit = 1; limit <= 16; limit *= 4) {
        if (r.nodes <= limit)
            break;
        vi_maxcover_result s;
        p.node_limit = limit;
        if (!maxcover_solve(&p, &s, &err)) {
            FAIL("instance %d: %s", id, err->message);
            g_clear_error(&err);
            continue;
        }
        (*limited)++;
        if (!s.hit_limit || s.optimal || s.nodes != limit)
            FAIL("instance %d: node limit %" G_GINT64_FORMAT
                 ": hit %d optimal %d nodes %" G_GINT64_FORMAT,
                 id, limit, s.hit_limit, s.optimal, s.nodes);
        if (s.best_value < s.greedy_value - EPS || s.best_value > opt + EPS ||
            s.upper_bound < opt - EPS || s.upper_bound < s.best_value)
            FAIL("instance %d: node limit %" G_GINT64_FORMAT
                 ": best %g greedy %g bound %g optimum %g",
                 id, limit, s.best_value, s.greedy_value, s.upper_bound, opt);
        feasible(&in, (const int *)s.best->data, (int)s.best->len, "stopped best", id);
        if (fabs(value_of(&in, (const int *)s.best->data, (int)s.best->len) - s.best_value) > EPS)
            FAIL("instance %d: stopped best value", id);
        maxcover_result_clear(&s);
    }
    p.node_limit = 0;

    /* The same problem twice, the same answer. */
    vi_maxcover_result again;
    if (maxcover_solve(&p, &again, NULL) &&
        (again.nodes != r.nodes || !same_ints(again.best, best, (int)r.best->len) ||
         !same_ints(again.greedy, gr, (int)r.greedy->len)))
        FAIL("instance %d: a second run differs", id);
    maxcover_result_clear(&again);

    g_free(picks);
    maxcover_result_clear(&r);
    inst_free(&in);
}

/* ---- fixed cases -------------------------------------------------------------------- */

/* Candidates given as lists ended by -1, one after another, ended by -2. */
static void fixed_inst(inst *in, int nelem, const double *weight, const int *lists)
{
    memset(in, 0, sizeof *in);
    in->nelem = nelem;
    in->weight = g_memdup2(weight, sizeof(double) * (gsize)(nelem > 0 ? nelem : 1));
    GArray *elem = g_array_new(FALSE, FALSE, sizeof(int));
    GArray *start = g_array_new(FALSE, FALSE, sizeof(int));
    int zero = 0;
    g_array_append_val(start, zero);
    for (const int *l = lists; *l != -2; l++) {
        if (*l == -1) {
            int n = (int)elem->len;
            g_array_append_val(start, n);
            in->ncand++;
        } else {
            g_array_append_val(elem, *l);
        }
    }
    in->start = (int *)g_array_free(start, FALSE);
    in->elem = (int *)g_array_free(elem, FALSE);
}

static void test_greedy_fails(void)
{
    /* The middle takes the most alone, the two sides together more. */
    static const double w[6] = {1, 1, 1, 1, 1, 1};
    static const int lists[] = {1, 2, 3, 4, -1, 0, 1, 2, -1, 3, 4, 5, -1, -2};
    inst in;
    fixed_inst(&in, 6, w, lists);
    in.max_sites = 2;
    vi_maxcover_problem p = problem_of(&in);
    vi_maxcover_result r;
    if (!maxcover_solve(&p, &r, NULL) || r.greedy_value != 5 || r.best_value != 6 || !r.optimal ||
        r.best->len != 2 || g_array_index(r.best, int, 0) != 1 ||
        g_array_index(r.best, int, 1) != 2 || g_array_index(r.greedy, int, 0) != 0)
        FAIL("greedy fails: greedy %g best %g optimal %d", r.greedy_value, r.best_value, r.optimal);
    maxcover_result_clear(&r);
    p.node_limit = 1;
    if (!maxcover_solve(&p, &r, NULL) || !r.hit_limit || r.optimal || r.nodes != 1 ||
        r.best_value < r.greedy_value || r.upper_bound < 6 || !r.searched)
        FAIL("node limit 1: hit %d optimal %d nodes %" G_GINT64_FORMAT " best %g bound %g",
             r.hit_limit, r.optimal, r.nodes, r.best_value, r.upper_bound);
    maxcover_result_clear(&r);
    inst_free(&in);
}

static void test_budget_single(void)
{
    /* Cheap small candidates win on the ratio, the dear one covers more. */
    static const double w[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    static const int lists[] = {0, -1, 1, -1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1, -2};
    inst in;
    fixed_inst(&in, 12, w, lists);
    in.cost = g_new(double, 3);
    in.cost[0] = in.cost[1] = 1;
    in.cost[2] = 10;
    in.budget = 10;
    vi_maxcover_problem p = problem_of(&in);
    vi_maxcover_result r;
    if (!maxcover_solve(&p, &r, NULL) || r.greedy->len != 1 ||
        g_array_index(r.greedy, int, 0) != 2 || r.greedy_value != 10 || r.greedy_cost != 10 ||
        r.best_value != 10 || !r.optimal)
        FAIL("budget: the single dear candidate: greedy %u picks worth %g", r.greedy->len,
             r.greedy_value);
    maxcover_result_clear(&r);
    inst_free(&in);
}

static void test_ties(void)
{
    static const double w[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    /* Four disjoint candidates of equal weight. */
    static const int lists[] = {0, 1, -1, 2, 3, -1, 4, 5, -1, 6, 7, -1, -2};
    inst in;
    fixed_inst(&in, 8, w, lists);
    in.max_sites = 2;
    vi_maxcover_problem p = problem_of(&in);
    vi_maxcover_result r;
    if (!maxcover_solve(&p, &r, NULL) || g_array_index(r.greedy, int, 0) != 0 ||
        g_array_index(r.greedy, int, 1) != 1 || g_array_index(r.best, int, 0) != 0 ||
        g_array_index(r.best, int, 1) != 1)
        FAIL("ties: the lower indices first");
    maxcover_result_clear(&r);
    double tb[4] = {5, 1, 1, 0};
    p.tiebreak = tb;
    if (!maxcover_solve(&p, &r, NULL) || g_array_index(r.greedy, int, 0) != 3 ||
        g_array_index(r.greedy, int, 1) != 1 || g_array_index(r.best, int, 0) != 1 ||
        g_array_index(r.best, int, 1) != 3)
        FAIL("ties: the smaller tiebreak, then the lower index");
    maxcover_result_clear(&r);
    inst_free(&in);

    /* Equal sets: the tie rule picks which one stays, greedy and exact alike. */
    static const int same[] = {0, 1, 2, -1, 2, 1, 0, -1, 0, 1, -1, 3, -1, -2};
    fixed_inst(&in, 8, w, same);
    in.max_sites = 1;
    double tb2[4] = {1, 0, 0, 9};
    in.tiebreak = g_memdup2(tb2, sizeof tb2);
    p = problem_of(&in);
    if (!maxcover_solve(&p, &r, NULL) || r.greedy->len != 1 ||
        g_array_index(r.greedy, int, 0) != 1 || r.best->len != 1 ||
        g_array_index(r.best, int, 0) != 1 || !r.optimal)
        FAIL("ties: equal sets");
    maxcover_result_clear(&r);
    /* A budget: the same gain per unit of cost, the larger gain. */
    in.max_sites = 0;
    in.budget = 3;
    in.cost = g_new(double, 4);
    in.cost[0] = 3, in.cost[1] = 3, in.cost[2] = 2, in.cost[3] = 1;
    p = problem_of(&in);
    if (!maxcover_solve(&p, &r, NULL) || r.greedy->len != 1 ||
        g_array_index(r.greedy, int, 0) != 1 || r.best_value != 3)
        FAIL("ties: ratio, then gain: greedy %u first %d best %g", r.greedy->len,
             r.greedy->len ? g_array_index(r.greedy, int, 0) : -1, r.best_value);
    maxcover_result_clear(&r);
    inst_free(&in);
}

static void test_empty(void)
{
    static const double w[3] = {0, 0, 0};
    static const int none[] = {-2};
    static const int zero[] = {0, 1, -1, -1, 2, -1, -2};
    for (int k = 0; k < 3; k++) {
        inst in;
        fixed_inst(&in, k == 0 ? 0 : 3, w, k == 0 ? none : zero);
        if (k < 2)
            in.max_sites = 3;
        else
            in.budget = 2;
        vi_maxcover_problem p = problem_of(&in);
        vi_maxcover_result r;
        GError *err = NULL;
        if (!maxcover_solve(&p, &r, &err) || r.greedy->len || r.best->len || r.greedy_value ||
            r.best_value || r.upper_bound || !r.optimal || r.hit_limit)
            FAIL("empty %d: %s", k, err ? err->message : "a set or a value");
        g_clear_error(&err);
        maxcover_result_clear(&r);
        inst_free(&in);
    }
}

static void expect_error(const vi_maxcover_problem *p, const char *want)
{
    vi_maxcover_result r;
    GError *err = NULL;
    if (maxcover_solve(p, &r, &err))
        FAIL("no error, expected \"%s\"", want);
    else if (!g_error_matches(err, VI_ERROR, VI_ERROR_USAGE) || strcmp(err->message, want) != 0)
        FAIL("error \"%s\", expected \"%s\"", err->message, want);
    g_clear_error(&err);
    maxcover_result_clear(&r);
}

static void test_errors(void)
{
    double w[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    int start[5] = {0, 2, 4, 6, 8};
    int elem[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    double cost[4] = {1, 1, 1, 1};
    vi_maxcover_problem ok = {.nelem = 10,
                              .weight = w,
                              .ncand = 4,
                              .start = start,
                              .elem = elem,
                              .cost = cost,
                              .max_sites = 2};
    vi_maxcover_problem p = ok;
    p.max_sites = -1;
    expect_error(&p, "the number of sites is -1, but it must be 0 (no limit) or more");
    p = ok;
    p.budget = -2.5;
    expect_error(&p, "the budget is -2.5, but it must be 0 (no budget) or more");
    p = ok;
    p.max_sites = 0;
    expect_error(&p, "neither a number of sites nor a budget is given: a plan needs one of them "
                     "or both");
    p = ok;
    p.node_limit = -3;
    expect_error(&p, "the node limit is -3, but it must be 0 (the default) or more");
    p = ok;
    p.time_limit_s = -1;
    expect_error(&p, "the time limit is -1 s, but it must be 0 (the default) or more");
    p = ok;
    w[7] = -1;
    expect_error(&p, "element 7 weighs -1, but a weight must be a number, 0 or more");
    w[7] = NAN;
    expect_error(&p, "element 7 weighs nan, but a weight must be a number, 0 or more");
    w[7] = 1;
    cost[2] = 0;
    expect_error(&p, "candidate 2 costs 0, but a cost must be more than 0");
    cost[2] = 1;
    start[0] = 1;
    expect_error(&p, "the elements of candidate 0 start at offset 1, but they must start at 0");
    start[0] = 0;
    start[2] = 1;
    expect_error(&p, "the elements of candidate 1 run from offset 2 to 1, but the offsets must "
                     "not decrease");
    start[2] = 4;
    elem[7] = 12;
    expect_error(&p, "candidate 3 covers element 12, but there are only 10 elements");
    elem[7] = -1;
    expect_error(&p, "candidate 3 covers element -1, but elements are numbered from 0");
    elem[7] = 6;
    expect_error(&p, "candidate 3 covers element 6 twice");
    elem[7] = 7;
    /* In Chinese, the default. */
    vi_i18n_set_language(VI_LANG_ZH);
    elem[7] = 12;
    expect_error(&p, "候选点 3 覆盖元素 12，但元素只有 10 个");
    elem[7] = 7;
    vi_i18n_set_language(VI_LANG_EN);
    vi_maxcover_result r;
    if (!maxcover_solve(&ok, &r, NULL) || r.best_value != 4)
        FAIL("the problem put right: %g", r.best_value);
    maxcover_result_clear(&r);
}

/* ---- larger instances --------------------------------------------------------------- */

/* Households in hamlets (normal around 40 centres in 10 km), candidate
 * sites near hamlets or anywhere, each covering the households within
 * 600 m. */
static void village_inst(GRand *rng, inst *in, int ncand, int nelem)
{
    memset(in, 0, sizeof *in);
    enum { NH = 40 };
    double hx[NH], hy[NH], hs[NH];
    for (int h = 0; h < NH; h++) {
        hx[h] = g_rand_double_range(rng, 0, 10000);
        hy[h] = g_rand_double_range(rng, 0, 10000);
        hs[h] = g_rand_double_range(rng, 80, 300);
    }
    double *ex = g_new(double, nelem), *ey = g_new(double, nelem);
    in->nelem = nelem;
    in->weight = g_new(double, nelem);
    for (int e = 0; e < nelem; e++) {
        int h = g_rand_int_range(rng, 0, NH);
        double r = hs[h] * sqrt(-2 * log(1 - g_rand_double(rng)));
        double a = g_rand_double_range(rng, 0, 2 * G_PI);
        ex[e] = hx[h] + r * cos(a);
        ey[e] = hy[h] + r * sin(a);
        in->weight[e] = g_rand_int_range(rng, 1, 9);
    }
    in->ncand = ncand;
    in->start = g_new0(int, ncand + 1);
    GArray *elem = g_array_new(FALSE, FALSE, sizeof(int));
    for (int c = 0; c < ncand; c++) {
        double cx, cy;
        if (g_rand_int_range(rng, 0, 4) > 0) {
            int h = g_rand_int_range(rng, 0, NH);
            cx = hx[h] + g_rand_double_range(rng, -500, 500);
            cy = hy[h] + g_rand_double_range(rng, -500, 500);
        } else {
            cx = g_rand_double_range(rng, 0, 10000);
            cy = g_rand_double_range(rng, 0, 10000);
        }
        for (int e = 0; e < nelem; e++)
            if (hypot(ex[e] - cx, ey[e] - cy) <= 600)
                g_array_append_val(elem, e);
        in->start[c + 1] = (int)elem->len;
    }
    in->elem = (int *)g_array_free(elem, FALSE);
    g_free(ex);
    g_free(ey);
}

static void check_large(GRand *rng, const char *what, int ncand, int nelem, int k, double budget)
{
    inst in;
    village_inst(rng, &in, ncand, nelem);
    in.max_sites = k;
    in.budget = budget;
    if (budget > 0) {
        in.cost = g_new(double, ncand);
        for (int c = 0; c < ncand; c++)
            in.cost[c] = g_rand_int_range(rng, 1, 6);
    }
    vi_maxcover_problem p = problem_of(&in);
    p.time_limit_s = 1.5;
    vi_maxcover_result r;
    GError *err = NULL;
    gint64 t0 = g_get_monotonic_time();
    if (!maxcover_solve(&p, &r, &err)) {
        FAIL("%s: %s", what, err->message);
        g_clear_error(&err);
        inst_free(&in);
        return;
    }
    double secs = (g_get_monotonic_time() - t0) / 1e6;
    fprintf(
        stderr,
        "%s: %d candidates, %d elements: greedy %g, best %g, bound %g, %s after %" G_GINT64_FORMAT
        " nodes, %.2f s\n",
        what, ncand, nelem, r.greedy_value, r.best_value, r.upper_bound,
        r.optimal ? "optimal" : "stopped", r.nodes, secs);
    if (r.optimal == r.hit_limit || !r.searched)
        FAIL("%s: optimal %d hit_limit %d", what, r.optimal, r.hit_limit);
    const int *best = (const int *)r.best->data;
    if (feasible(&in, best, (int)r.best->len, what, 0) &&
        fabs(value_of(&in, best, (int)r.best->len) - r.best_value) > EPS)
        FAIL("%s: best value", what);
    int *picks = g_new(int, ncand + 1);
    double ub;
    int npick = plain_greedy(&in, picks, &ub);
    if (!same_ints(r.greedy, picks, npick) ||
        fabs(r.greedy_value - value_of(&in, picks, npick)) > EPS)
        FAIL("%s: greedy differs from the plain greedy", what);
    if (r.best_value < r.greedy_value - EPS || r.upper_bound < r.best_value - EPS ||
        r.upper_bound > ub + EPS)
        FAIL("%s: greedy %g best %g bound %g, the greedy's bound %g", what, r.greedy_value,
             r.best_value, r.upper_bound, ub);
    if (budget == 0 && ub > r.greedy_value / (1 - exp(-1)) + EPS)
        FAIL("%s: the greedy's bound %g above greedy / (1 - 1/e)", what, ub);
    /* Stopped by the node limit: the bound still holds. */
    if (r.optimal && r.nodes > 1000) {
        vi_maxcover_problem q = p;
        q.node_limit = 1000;
        vi_maxcover_result s;
        if (!maxcover_solve(&q, &s, NULL) || !s.hit_limit || s.optimal || s.nodes != 1000 ||
            s.best_value > r.best_value + EPS || s.best_value < s.greedy_value - EPS ||
            s.upper_bound < r.best_value - EPS)
            FAIL("%s: node limit: hit %d nodes %" G_GINT64_FORMAT " best %g bound %g, optimum %g",
                 what, s.hit_limit, s.nodes, s.best_value, s.upper_bound, r.best_value);
        else
            fprintf(stderr, "  stopped after %" G_GINT64_FORMAT " nodes: best %g, bound %g\n",
                    s.nodes, s.best_value, s.upper_bound);
        maxcover_result_clear(&s);
    }
    /* A time limit already past: the search (without the root's prices,
     * which take time too) stops at its first look at the clock, or
     * completes before it. */
    if (r.optimal) {
        vi_maxcover_problem q = p;
        q.time_limit_s = 1e-9;
        vi_maxcover_result s;
        if (!maxcover_solve(&q, &s, NULL) || s.hit_limit == s.optimal ||
            (s.optimal && fabs(s.best_value - r.best_value) > EPS) ||
            s.best_value > r.best_value + EPS || s.best_value < s.greedy_value - EPS ||
            s.upper_bound < r.best_value - EPS)
            FAIL("%s: time limit: hit %d nodes %" G_GINT64_FORMAT " best %g bound %g, optimum %g",
                 what, s.hit_limit, s.nodes, s.best_value, s.upper_bound, r.best_value);
        else
            fprintf(stderr,
                    "  a time limit past: %s after %" G_GINT64_FORMAT " nodes: best %g, "
                    "bound %g\n",
                    s.optimal ? "optimal" : "stopped", s.nodes, s.best_value, s.upper_bound);
        maxcover_result_clear(&s);
    }
    g_free(picks);
    maxcover_result_clear(&r);
    inst_free(&in);
}

int main(void)
{
    vi_i18n_init();
    vi_i18n_set_language(VI_LANG_EN);
    test_greedy_fails();
    test_budget_single();
    test_ties();
    test_empty();
    test_errors();

    GRand *rng = g_rand_new_with_seed(20261203);
    int limited = 0;
    for (int i = 0; i < 1500; i++)
        check_random(rng, i, i % 3, &limited);
    if (limited < 200)
        FAIL("only %d searches stopped at a node limit", limited);

    check_large(rng, "village, 10 sites", 400, 3000, 10, 0);
    check_large(rng, "village, budget 25", 400, 3000, 0, 25);
    check_large(rng, "village, 8 sites and budget 20", 400, 3000, 8, 20);
    g_rand_free(rng);
    return unit_result();
}
