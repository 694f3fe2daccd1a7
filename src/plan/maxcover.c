/*
 * maxcover.c - maximum coverage, greedy and exact.  See maxcover.h.
 *
 * Both answers work on an "instance": elements with weights, candidates
 * with their elements, and the reverse index (element -> the candidates
 * covering it), so that covering an element lowers the gain of every
 * candidate that covers it at once.  Gains then only ever fall, which the
 * lazy queue of the greedy and the bound of the search both rely on.
 *
 * The bound.  For any set S and any feasible set T, by submodularity
 * f(T) <= f(S) + sum over c in T of gain(c | S).  So f(S) plus the largest
 * gains that T could hold bounds f(T): the R largest gains for R sites, the
 * fractional knapsack of the gains within the budget, the smaller of the
 * two with both limits; and never more than f(S) plus the weight of the
 * uncovered elements that some candidate still covers.  The greedy takes
 * the smallest of these over its steps (a proven bound for the whole
 * problem); the search takes it at every node over the candidates still
 * undecided (a bound for the node's subtree), together with a Lagrangian
 * bound: each element gets a price between 0 and its weight, found once
 * at the root (multipliers()); the uncovered weight less the prices, plus
 * the largest sums of prices over the candidates that fit, bounds the
 * subtree too, and with good prices is far tighter where candidates
 * overlap (it approaches the linear relaxation, as the submodular bound
 * counts a shared element once for every candidate covering it).
 *
 * The search is depth first.  At a node it branches on the undecided
 * candidate the greedy would take (the largest gain, per unit of cost with
 * a budget): first with it, which makes the first dive the greedy itself,
 * then without it, at the same depth, so that the recursion is only as
 * deep as a set is large.  An undecided candidate that gains nothing or no
 * longer fits is set aside for the whole subtree, as gains and the budget
 * left only fall.  Before it, the problem is reduced: candidates that can
 * never be taken or cover no weight are dropped, elements covered by the
 * same candidates are merged into one, and a candidate whose elements
 * another covers too, at no more cost, is dropped (equal sets at equal
 * cost: the one the tie rule prefers stays); elements are merged again.
 *
 * Weights and costs are doubles: gains within VTOL (a billionth of the
 * total weight) of each other are equal, a set within CTOL (a billionth of
 * the budget) over the budget fits.
 */
#include "maxcover.h"
#include "i18n.h"
#include "prioq.h"
#include "vi-error.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#define DEFAULT_NODE_LIMIT ((gint64)10 * 1000 * 1000)
#define DEFAULT_TIME_LIMIT_S 10.0
/* Nodes between two looks at the clock. */
#define CLOCK_EVERY 2048

typedef struct {
    int nelem, ncand;
    double *weight;      /* per element */
    int *start, *elem;   /* candidate -> its elements, ascending */
    int *estart, *ecand; /* element -> the candidates covering it, ascending */
    double *cost;        /* per candidate */
    double *tiebreak;    /* per candidate; NULL: none */
    int *orig;           /* per candidate: its index in the problem */
} instance;

typedef struct {
    int sites; /* at most this many; G_MAXINT: no limit */
    gboolean budgeted;
    double budget; /* INFINITY when not BUDGETED */
    double vtol, ctol;
} limits;

static void instance_free(instance *in)
{
    if (!in)
        return;
    g_free(in->weight);
    g_free(in->start);
    g_free(in->elem);
    g_free(in->estart);
    g_free(in->ecand);
    g_free(in->cost);
    g_free(in->tiebreak);
    g_free(in->orig);
    g_free(in);
}

/* Fill IN's reverse index from its candidates' elements. */
static void index_elements(instance *in)
{
    in->estart = g_new0(int, in->nelem + 1);
    int nent = in->start[in->ncand];
    in->ecand = g_new(int, nent > 0 ? nent : 1);
    for (int i = 0; i < nent; i++)
        in->estart[in->elem[i] + 1]++;
    for (int e = 0; e < in->nelem; e++)
        in->estart[e + 1] += in->estart[e];
    int *fill = g_memdup2(in->estart, sizeof(int) * (gsize)(in->nelem + 1));
    for (int c = 0; c < in->ncand; c++)
        for (int i = in->start[c]; i < in->start[c + 1]; i++)
            in->ecand[fill[in->elem[i]]++] = c;
    g_free(fill);
}

/* ---- checking the problem ----------------------------------------------------------- */

static gboolean usage(GError **err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean usage(GError **err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(err, VI_ERROR, VI_ERROR_USAGE, msg);
    g_free(msg);
    return FALSE;
}

static gboolean check_problem(const vi_maxcover_problem *p, GError **err)
{
    if (p->max_sites < 0)
        return usage(err, _("the number of sites is %d, but it must be 0 (no limit) or more"),
                     p->max_sites);
    if (!(p->budget >= 0) || isinf(p->budget))
        return usage(err, _("the budget is %g, but it must be 0 (no budget) or more"), p->budget);
    if (p->max_sites == 0 && p->budget == 0)
        return usage(err, _("neither a number of sites nor a budget is given: a plan needs one "
                            "of them or both"));
    if (p->node_limit < 0)
        return usage(err,
                     _("the node limit is %" PRId64 ", but it must be 0 (the default) or more"),
                     (int64_t)p->node_limit);
    if (!(p->time_limit_s >= 0))
        return usage(err, _("the time limit is %g s, but it must be 0 (the default) or more"),
                     p->time_limit_s);
    for (int e = 0; e < p->nelem; e++)
        if (!(p->weight[e] >= 0) || isinf(p->weight[e]))
            return usage(err, _("element %d weighs %g, but a weight must be a number, 0 or more"),
                         e, p->weight[e]);
    if (p->start[0] != 0)
        return usage(err,
                     _("the elements of candidate 0 start at offset %d, but they must start "
                       "at 0"),
                     p->start[0]);
    int *seen = g_new0(int, p->nelem > 0 ? p->nelem : 1); /* candidate + 1 that saw it last */
    gboolean ok = TRUE;
    for (int c = 0; ok && c < p->ncand; c++) {
        if (p->start[c + 1] < p->start[c]) {
            ok = usage(err,
                       _("the elements of candidate %d run from offset %d to %d, but the "
                         "offsets must not decrease"),
                       c, p->start[c], p->start[c + 1]);
            break;
        }
        if (p->cost && (!(p->cost[c] > 0) || isinf(p->cost[c]))) {
            ok = usage(err, _("candidate %d costs %g, but a cost must be more than 0"), c,
                       p->cost[c]);
            break;
        }
        for (int i = p->start[c]; ok && i < p->start[c + 1]; i++) {
            int e = p->elem[i];
            if (e < 0)
                ok = usage(err,
                           _("candidate %d covers element %d, but elements are numbered "
                             "from 0"),
                           c, e);
            else if (e >= p->nelem)
                ok = usage(err, _("candidate %d covers element %d, but there are only %d elements"),
                           c, e, p->nelem);
            else if (seen[e] == c + 1)
                ok = usage(err, _("candidate %d covers element %d twice"), c, e);
            else
                seen[e] = c + 1;
        }
    }
    g_free(seen);
    return ok;
}

/* The problem as an instance (weights and costs copied, costs 1 when none). */
static instance *instance_of(const vi_maxcover_problem *p)
{
    instance *in = g_new0(instance, 1);
    in->nelem = p->nelem;
    in->ncand = p->ncand;
    in->weight = g_new(double, p->nelem + 1);
    if (p->nelem > 0)
        memcpy(in->weight, p->weight, sizeof(double) * (gsize)p->nelem);
    in->start = g_memdup2(p->start, sizeof(int) * (gsize)(p->ncand + 1));
    int nent = p->start[p->ncand];
    in->elem = g_new(int, nent > 0 ? nent : 1);
    if (nent > 0)
        memcpy(in->elem, p->elem, sizeof(int) * (gsize)nent);
    in->cost = g_new(double, p->ncand + 1);
    in->orig = g_new(int, p->ncand + 1);
    for (int c = 0; c < p->ncand; c++) {
        in->cost[c] = p->cost ? p->cost[c] : 1.0;
        in->orig[c] = c;
    }
    if (p->tiebreak) {
        in->tiebreak = g_new(double, p->ncand + 1);
        if (p->ncand > 0)
            memcpy(in->tiebreak, p->tiebreak, sizeof(double) * (gsize)p->ncand);
    }
    index_elements(in);
    return in;
}

/* ---- the order of candidates and the bound ------------------------------------------ */

/* TRUE when A wins the tie with B: the smaller tiebreak, then the lower index. */
static gboolean tie_first(const instance *in, int a, int b)
{
    if (in->tiebreak) {
        double ta = in->tiebreak[a], tb = in->tiebreak[b];
        if (ta < tb)
            return TRUE;
        if (ta > tb)
            return FALSE;
    }
    return in->orig[a] < in->orig[b];
}

static gboolean same_ratio(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

/* TRUE when candidate A gaining GA is the better pick than B gaining GB:
 * the larger gain per unit of cost (with a budget), the larger gain, the
 * tie rule. */
static gboolean pick_first(const instance *in, const limits *lim, int a, double ga, int b,
                           double gb)
{
    if (lim->budgeted) {
        double ra = ga / in->cost[a], rb = gb / in->cost[b];
        if (!same_ratio(ra, rb))
            return ra > rb;
    }
    if (fabs(ga - gb) > lim->vtol)
        return ga > gb;
    return tie_first(in, a, b);
}

typedef struct {
    double gain, cost, ratio; /* RATIO: filled by knapsack() */
} item;

static void swap_items(item *a, int i, int j)
{
    item t = a[i];
    a[i] = a[j];
    a[j] = t;
}

/* The fractional knapsack of ITEMS[0..N) within CAP (less than their whole
 * cost): the items by gain per unit of cost, the last one in part.  A
 * selection, not a sort: each round splits the items around one ratio and
 * keeps only the side the capacity ends in. */
static double knapsack(item *a, int n, double cap)
{
    for (int i = 0; i < n; i++)
        a[i].ratio = a[i].gain / a[i].cost;
    double total = 0;
    int lo = 0, hi = n;
    while (lo < hi) {
        double pivot = a[lo + (hi - lo) / 2].ratio;
        int lt = lo, i = lo, gt = hi;
        while (i < gt) {
            if (a[i].ratio > pivot)
                swap_items(a, lt++, i++);
            else if (a[i].ratio < pivot)
                swap_items(a, i, --gt);
            else
                i++;
        }
        /* [lo, lt) above the pivot, [lt, gt) at it, [gt, hi) below. */
        double cost = 0, gain = 0;
        for (int j = lo; j < lt; j++) {
            cost += a[j].cost;
            gain += a[j].gain;
        }
        if (cost > cap) {
            hi = lt;
            continue;
        }
        total += gain;
        cap -= cost;
        cost = gain = 0;
        for (int j = lt; j < gt; j++) {
            cost += a[j].cost;
            gain += a[j].gain;
        }
        if (cost >= cap)
            return total + pivot * cap;
        total += gain;
        cap -= cost;
        lo = gt;
    }
    return total;
}

/* The sum of the R largest of A[0..N) (R < N), which it reorders. */
static double top_sum(double *a, int n, int r)
{
    int lo = 0, hi = n - 1, want = r - 1;
    while (lo < hi) {
        double pivot = a[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] > pivot)
                i++;
            while (a[j] < pivot)
                j--;
            if (i <= j) {
                double t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (want <= j)
            hi = j;
        else if (want >= i)
            lo = i;
        else
            break;
    }
    double s = 0;
    for (int i = 0; i < r; i++)
        s += a[i];
    return s;
}

/* The most that ITEMS[0..N) can add within R sites and RB of budget (the
 * bound of the header comment, without the element term); SCRATCH holds N
 * doubles.  Stops early, with a value at most ENOUGH, once one limit alone
 * brings it to ENOUGH or below. */
static double gains_bound(item *items, int n, int r, double rb, const limits *lim, double *scratch,
                          double enough)
{
    double all = 0, cost = 0;
    for (int i = 0; i < n; i++) {
        all += items[i].gain;
        cost += items[i].cost;
    }
    double best = all;
    if (r < n) {
        for (int i = 0; i < n; i++)
            scratch[i] = items[i].gain;
        best = top_sum(scratch, n, r);
        if (best <= enough)
            return best;
    }
    if (lim->budgeted && cost > rb + lim->ctol)
        best = fmin(best, knapsack(items, n, rb));
    return best;
}

/* The weight the candidates of SET (indices into IN) cover together, and
 * their cost. */
static double set_value(const instance *in, const GArray *set, double *cost)
{
    guint8 *on = g_new0(guint8, in->nelem + 1);
    *cost = 0;
    for (guint i = 0; i < set->len; i++) {
        int c = g_array_index(set, int, i);
        *cost += in->cost[c];
        for (int j = in->start[c]; j < in->start[c + 1]; j++)
            on[in->elem[j]] = 1;
    }
    double v = 0;
    for (int e = 0; e < in->nelem; e++)
        if (on[e])
            v += in->weight[e];
    g_free(on);
    return v;
}

/* ---- greedy ------------------------------------------------------------------------- */

typedef struct {
    double gain; /* when queued */
    int cand;
    guint stamp; /* the candidate's stamp when queued: stale when it has moved on */
} queued;

typedef struct {
    const instance *in;
    const limits *lim;
} order_ctx;

static int queued_compare(const void *a, const void *b, void *data)
{
    const queued *x = a, *y = b;
    const order_ctx *o = data;
    if (pick_first(o->in, o->lim, x->cand, x->gain, y->cand, y->gain))
        return -1;
    if (pick_first(o->in, o->lim, y->cand, y->gain, x->cand, x->gain))
        return 1;
    return 0;
}

/* The greedy of the header into PICKS (in picking order); the smallest
 * bound over its steps into *UB. */
static void greedy(const instance *in, const limits *lim, GArray *picks, double *ub)
{
    int m = in->ncand;
    double *gain = g_new0(double, m + 1);
    int *unc = g_new0(int, m + 1); /* uncovered elements of weight > 0 */
    guint *stamp = g_new0(guint, m + 1);
    guint8 *covered = g_new0(guint8, in->nelem + 1), *fits = g_new0(guint8, m + 1);
    item *items = g_new(item, m + 1);
    double *scratch = g_new(double, m + 1);
    order_ctx o = {in, lim};
    vi_prioq *q = prioq_new(sizeof(queued), queued_compare, &o);
    guint8 *reach = g_new0(guint8, in->nelem + 1);
    for (int c = 0; c < m; c++) {
        fits[c] = in->cost[c] <= lim->budget + lim->ctol;
        for (int i = in->start[c]; i < in->start[c + 1]; i++)
            if (in->weight[in->elem[i]] > 0) {
                gain[c] += in->weight[in->elem[i]];
                unc[c]++;
                reach[in->elem[i]] |= fits[c];
            }
        if (fits[c] && gain[c] > 0) {
            queued it = {gain[c], c, 0};
            prioq_put(q, &it);
        }
    }
    /* Never more than what the affordable candidates cover together. */
    double coverable = 0;
    for (int e = 0; e < in->nelem; e++)
        if (reach[e])
            coverable += in->weight[e];
    *ub = coverable;
    double value = 0, spent = 0;
    for (;;) {
        int n = 0;
        for (int c = 0; c < m; c++)
            if (fits[c] && gain[c] > 0)
                items[n++] = (item){gain[c], in->cost[c], 0};
        *ub = fmin(*ub,
                   value + gains_bound(items, n, lim->sites, lim->budget, lim, scratch, -INFINITY));
        if ((int)picks->len >= lim->sites)
            break;
        queued top;
        int pick = -1;
        while (pick < 0 && prioq_get(q, &top)) {
            int c = top.cand;
            if (spent + in->cost[c] > lim->budget + lim->ctol)
                continue; /* it will never fit again */
            if (top.stamp != stamp[c]) {
                queued it = {gain[c], c, stamp[c]};
                if (gain[c] > 0)
                    prioq_put(q, &it);
                continue;
            }
            pick = c;
        }
        if (pick < 0)
            break;
        for (int i = in->start[pick]; i < in->start[pick + 1]; i++) {
            int e = in->elem[i];
            double w = in->weight[e];
            if (covered[e] || !(w > 0))
                continue;
            covered[e] = 1;
            value += w;
            for (int j = in->estart[e]; j < in->estart[e + 1]; j++) {
                int d = in->ecand[j];
                gain[d] = --unc[d] == 0 ? 0 : gain[d] - w;
                stamp[d]++;
            }
        }
        spent += in->cost[pick];
        g_array_append_val(picks, pick);
    }
    /* The budgeted greedy alone can do arbitrarily badly (one dear candidate
     * covering nearly everything): the best single affordable candidate too. */
    if (lim->budgeted) {
        int single = -1;
        double sw = 0;
        for (int c = 0; c < m; c++) {
            if (!fits[c])
                continue;
            double w = 0;
            for (int i = in->start[c]; i < in->start[c + 1]; i++)
                w += in->weight[in->elem[i]];
            if (w > 0 && (single < 0 || w > sw + lim->vtol ||
                          (w >= sw - lim->vtol && tie_first(in, c, single)))) {
                single = c;
                sw = w;
            }
        }
        if (single >= 0 && sw > value + lim->vtol) {
            g_array_set_size(picks, 0);
            g_array_append_val(picks, single);
        }
    }
    prioq_free(q);
    g_free(reach);
    g_free(scratch);
    g_free(items);
    g_free(fits);
    g_free(covered);
    g_free(stamp);
    g_free(unc);
    g_free(gain);
}

/* ---- reducing the problem ----------------------------------------------------------- */

typedef struct {
    const int *sstart, *sig;
} sig_ctx;

/* Elements by their list of candidates (shorter first, then in order),
 * then by index: equal lists end up next to each other. */
static gint sig_compare(gconstpointer a, gconstpointer b, gpointer data)
{
    const sig_ctx *s = data;
    int x = *(const int *)a, y = *(const int *)b;
    int lx = s->sstart[x + 1] - s->sstart[x], ly = s->sstart[y + 1] - s->sstart[y];
    if (lx != ly)
        return lx < ly ? -1 : 1;
    for (int i = 0; i < lx; i++) {
        int cx = s->sig[s->sstart[x] + i], cy = s->sig[s->sstart[y] + i];
        if (cx != cy)
            return cx < cy ? -1 : 1;
    }
    return x < y ? -1 : x > y;
}

static gboolean same_sig(const sig_ctx *s, int x, int y)
{
    int n = s->sstart[x + 1] - s->sstart[x];
    return n == s->sstart[y + 1] - s->sstart[y] &&
           memcmp(s->sig + s->sstart[x], s->sig + s->sstart[y], sizeof(int) * (gsize)n) == 0;
}

/* IN restricted to the candidates KEEP says and to the elements of weight
 * > 0 they cover, elements covered by the same candidates merged into one
 * (the weights summed, in element order). */
static instance *merge(const instance *in, const guint8 *keep)
{
    int m = in->ncand;
    int *sstart = g_new0(int, in->nelem + 1);
    int *sig = g_new(int, in->start[m] + 1);
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int));
    for (int e = 0; e < in->nelem; e++) {
        sstart[e + 1] = sstart[e];
        if (!(in->weight[e] > 0))
            continue;
        for (int j = in->estart[e]; j < in->estart[e + 1]; j++)
            if (keep[in->ecand[j]])
                sig[sstart[e + 1]++] = in->ecand[j];
        if (sstart[e + 1] > sstart[e])
            g_array_append_val(ids, e);
    }
    sig_ctx sc = {sstart, sig};
    g_array_sort_with_data(ids, sig_compare, &sc);
    /* The new elements (groups) and how many of them each candidate covers. */
    int ng = 0;
    int *group = g_new(int, ids->len + 1); /* per new element: its first id in IDS */
    int *count = g_new0(int, m + 1);
    for (guint i = 0; i < ids->len; i++) {
        int e = g_array_index(ids, int, i);
        if (i > 0 && same_sig(&sc, g_array_index(ids, int, i - 1), e))
            continue; /* the same candidates as the element before */
        group[ng++] = (int)i;
        for (int j = sstart[e]; j < sstart[e + 1]; j++)
            count[sig[j]]++;
    }
    group[ng] = (int)ids->len;
    instance *out = g_new0(instance, 1);
    int *newc = g_new(int, m + 1);
    out->ncand = 0;
    for (int c = 0; c < m; c++)
        newc[c] = count[c] > 0 ? out->ncand++ : -1;
    out->nelem = ng;
    out->weight = g_new0(double, ng + 1);
    out->start = g_new0(int, out->ncand + 1);
    out->cost = g_new(double, out->ncand + 1);
    out->orig = g_new(int, out->ncand + 1);
    if (in->tiebreak)
        out->tiebreak = g_new(double, out->ncand + 1);
    for (int c = 0; c < m; c++) {
        if (newc[c] < 0)
            continue;
        out->start[newc[c] + 1] = count[c];
        out->cost[newc[c]] = in->cost[c];
        out->orig[newc[c]] = in->orig[c];
        if (in->tiebreak)
            out->tiebreak[newc[c]] = in->tiebreak[c];
    }
    for (int c = 0; c < out->ncand; c++)
        out->start[c + 1] += out->start[c];
    out->elem = g_new(int, out->start[out->ncand] + 1);
    int *fill = g_memdup2(out->start, sizeof(int) * (gsize)(out->ncand + 1));
    for (int g = 0; g < ng; g++) {
        for (int i = group[g]; i < group[g + 1]; i++)
            out->weight[g] += in->weight[g_array_index(ids, int, i)];
        int e = g_array_index(ids, int, group[g]);
        for (int j = sstart[e]; j < sstart[e + 1]; j++)
            out->elem[fill[newc[sig[j]]]++] = g;
    }
    index_elements(out);
    g_free(fill);
    g_free(newc);
    g_free(count);
    g_free(group);
    g_array_free(ids, TRUE);
    g_free(sig);
    g_free(sstart);
    return out;
}

/* TRUE when B, covering every element of A, makes A needless: it costs no
 * more (with a budget) and covers more, costs less, or wins the tie. */
static gboolean dominates(const instance *in, const limits *lim, int b, int a)
{
    int na = in->start[a + 1] - in->start[a], nb = in->start[b + 1] - in->start[b];
    if (lim->budgeted) {
        if (in->cost[b] > in->cost[a])
            return FALSE;
        if (in->cost[b] < in->cost[a])
            return TRUE;
    }
    return nb > na || tie_first(in, b, a);
}

/* Which candidates of IN (elements merged: every element weighs > 0) no
 * other dominates.  Dominance is a strict order, so dropping every
 * dominated one at once loses no optimum: whatever dominates a dropped one
 * either stays or is dominated by one that stays. */
static guint8 *undominated(const instance *in, const limits *lim)
{
    int m = in->ncand;
    guint8 *keep = g_new(guint8, m + 1);
    int *mark = g_new(int, m + 1), *hits = g_new0(int, m + 1);
    for (int c = 0; c < m; c++)
        mark[c] = -1;
    for (int a = 0; a < m; a++) {
        keep[a] = 1;
        int na = in->start[a + 1] - in->start[a];
        if (na == 0)
            continue;
        for (int i = in->start[a]; i < in->start[a + 1]; i++) {
            int e = in->elem[i];
            for (int j = in->estart[e]; j < in->estart[e + 1]; j++) {
                int b = in->ecand[j];
                if (mark[b] != a) {
                    mark[b] = a;
                    hits[b] = 0;
                }
                hits[b]++;
            }
        }
        int e0 = in->elem[in->start[a]];
        for (int j = in->estart[e0]; j < in->estart[e0 + 1]; j++) {
            int b = in->ecand[j];
            if (b != a && hits[b] == na && dominates(in, lim, b, a)) {
                keep[a] = 0;
                break;
            }
        }
    }
    g_free(hits);
    g_free(mark);
    return keep;
}

/* The problem the search runs on. */
static instance *reduce(const instance *in, const limits *lim)
{
    guint8 *keep = g_new(guint8, in->ncand + 1);
    for (int c = 0; c < in->ncand; c++)
        keep[c] = in->cost[c] <= lim->budget + lim->ctol;
    instance *merged = merge(in, keep);
    g_free(keep);
    keep = undominated(merged, lim);
    instance *out = merge(merged, keep);
    g_free(keep);
    instance_free(merged);
    return out;
}

/* ---- the multipliers ---------------------------------------------------------------- */

typedef struct {
    double key;
    int cand;
} keyed;

/* The larger key first, then the lower candidate. */
static int keyed_desc(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->cand < y->cand ? -1 : x->cand > y->cand;
}

/* The best that candidates gaining LG[c] (all of IN's, nothing taken) can
 * add within the limits, by the smaller of the two bounds; into X, the
 * share of each candidate in it (1, or a part for the knapsack's last).
 * ORDER: scratch of NCAND items. */
static double best_share(const instance *in, const limits *lim, const double *lg, double *x,
                         keyed *order)
{
    int m = in->ncand;
    double top = 0, knap = INFINITY, whole = 0;
    for (int c = 0; c < m; c++) {
        top += lg[c];
        whole += in->cost[c];
    }
    if (lim->budgeted && whole > lim->budget) {
        for (int c = 0; c < m; c++)
            order[c] = (keyed){lg[c] / in->cost[c], c};
        qsort(order, (size_t)m, sizeof(keyed), keyed_desc);
        double left = lim->budget;
        knap = 0;
        memset(x, 0, sizeof(double) * (gsize)m);
        for (int i = 0; i < m && left > 0; i++) {
            int c = order[i].cand;
            x[c] = in->cost[c] <= left ? 1 : left / in->cost[c];
            knap += x[c] * lg[c];
            left -= x[c] * in->cost[c];
        }
    }
    for (int c = 0; c < m; c++)
        order[c] = (keyed){lg[c], c};
    if (lim->sites < m) {
        qsort(order, (size_t)m, sizeof(keyed), keyed_desc);
        top = 0;
        for (int i = 0; i < lim->sites; i++)
            top += order[i].key;
    }
    if (knap <= top)
        return knap;
    memset(x, 0, sizeof(double) * (gsize)m);
    for (int i = 0; i < m && i < lim->sites; i++)
        x[order[i].cand] = 1;
    return top;
}

/* Multipliers LAMBDA[e] in [0, weight] for the Lagrangian bound: relaxing
 * "an element counts only when a taken candidate covers it" with a price
 * LAMBDA[e] for each element, no set covers more than
 *     L = sum over elements of (weight - LAMBDA) + the best the limits
 *         allow of the candidates' prices, sum of LAMBDA over their elements,
 * whatever the prices (LAMBDA = weight is the submodular bound, 0 the
 * weight of all elements).  Projected subgradient steps from LAMBDA =
 * weight towards the smallest L (the bound of the linear relaxation),
 * Polyak's step towards TARGET (the incumbent); the best LAMBDA seen is
 * kept, so the bound is never weaker than the submodular one at the root.
 * The search keeps these prices at every node: L stays a valid bound there
 * (over what is uncovered and the free candidates), if less tight deeper. */
static void multipliers(const instance *in, const limits *lim, double target, gint64 deadline,
                        double *lambda)
{
    int m = in->ncand, ne = in->nelem;
    double *lg = g_new(double, m + 1), *x = g_new(double, m + 1);
    double *g = g_new(double, ne + 1), *best = g_new(double, ne + 1);
    keyed *order = g_new(keyed, m + 1);
    for (int e = 0; e < ne; e++)
        lambda[e] = best[e] = in->weight[e];
    double best_l = INFINITY, mu = 2;
    int since = 0;
    for (int it = 0; it < 200 && m > 0 && g_get_monotonic_time() < deadline; it++) {
        double l = 0;
        for (int e = 0; e < ne; e++)
            l += in->weight[e] - lambda[e];
        for (int c = 0; c < m; c++) {
            lg[c] = 0;
            for (int i = in->start[c]; i < in->start[c + 1]; i++)
                lg[c] += lambda[in->elem[i]];
        }
        l += best_share(in, lim, lg, x, order);
        if (l < best_l - lim->vtol) {
            best_l = l;
            memcpy(best, lambda, sizeof(double) * (gsize)ne);
            since = 0;
        } else if (++since >= 8) {
            mu /= 2;
            since = 0;
            if (mu < 1e-3)
                break;
        }
        if (l <= target + lim->vtol)
            break;
        /* dL/dLAMBDA[e]: the shares of the candidates covering it, less 1. */
        for (int e = 0; e < ne; e++)
            g[e] = -1;
        for (int c = 0; c < m; c++)
            if (x[c] > 0)
                for (int i = in->start[c]; i < in->start[c + 1]; i++)
                    g[in->elem[i]] += x[c];
        double norm = 0;
        for (int e = 0; e < ne; e++) {
            if ((lambda[e] <= 0 && g[e] > 0) || (lambda[e] >= in->weight[e] && g[e] < 0))
                g[e] = 0; /* against the wall: no move */
            norm += g[e] * g[e];
        }
        if (norm == 0)
            break;
        double t = mu * (l - target) / norm;
        for (int e = 0; e < ne; e++)
            lambda[e] = fmin(in->weight[e], fmax(0, lambda[e] - t * g[e]));
    }
    memcpy(lambda, best, sizeof(double) * (gsize)ne);
    g_free(order);
    g_free(best);
    g_free(g);
    g_free(x);
    g_free(lg);
}

/* ---- the search --------------------------------------------------------------------- */

enum { FREE, TAKEN, SET_ASIDE };

typedef struct {
    int cand;
    double gain, price;
} logged;

typedef struct {
    const instance *in;
    const limits *lim;
    const double *lambda; /* per element: its price (multipliers()) */
    double *gain;         /* per candidate: the weight it would add now */
    double *price;        /* per candidate: the prices of its uncovered elements */
    int *unc;             /* per candidate: its elements not yet covered */
    guint8 *state;        /* per candidate: FREE, TAKEN, SET_ASIDE */
    int *cnt;             /* per element: taken candidates covering it */
    int *avail;           /* per element: free candidates covering it */
    double value;         /* covered weight */
    double reach;         /* uncovered weight that some free candidate covers */
    double rest;          /* the same, less the prices */
    double spent;
    GArray *taken; /* int: in taking order */
    GArray *aside; /* int: set aside, in order */
    GArray *log;   /* logged: gains and prices before each change, to undo */
    item *items, *priced;
    double *scratch;
    double incumbent;
    GArray *best; /* int: the best set found (indices of IN); empty: the greedy's */
    gint64 nodes, node_limit, deadline;
    gboolean stopped;
    double open; /* the largest bound over the subtrees left open */
} search;

/* What take() and set_aside() change that is put back as a whole. */
typedef struct {
    double value, reach, rest, spent;
    guint log_len;
} saved;

static saved save(const search *s)
{
    return (saved){s->value, s->reach, s->rest, s->spent, s->log->len};
}

static void take(search *s, int c)
{
    const instance *in = s->in;
    s->state[c] = TAKEN;
    g_array_append_val(s->taken, c);
    s->spent += in->cost[c];
    for (int i = in->start[c]; i < in->start[c + 1]; i++) {
        int e = in->elem[i];
        s->avail[e]--;
        if (s->cnt[e]++ > 0)
            continue;
        double w = in->weight[e], lam = s->lambda[e];
        s->value += w;
        s->reach -= w;
        s->rest -= w - lam;
        for (int j = in->estart[e]; j < in->estart[e + 1]; j++) {
            int d = in->ecand[j];
            logged l = {d, s->gain[d], s->price[d]};
            g_array_append_val(s->log, l);
            if (--s->unc[d] == 0) {
                s->gain[d] = s->price[d] = 0;
            } else {
                s->gain[d] -= w;
                s->price[d] -= lam;
            }
        }
    }
}

/* Undo take(C), with what was saved before it. */
static void untake(search *s, int c, const saved *before)
{
    const instance *in = s->in;
    for (int i = in->start[c]; i < in->start[c + 1]; i++) {
        int e = in->elem[i];
        s->avail[e]++;
        if (--s->cnt[e] > 0)
            continue;
        for (int j = in->estart[e]; j < in->estart[e + 1]; j++)
            s->unc[in->ecand[j]]++;
    }
    for (guint i = s->log->len; i > before->log_len; i--) {
        const logged *l = &g_array_index(s->log, logged, i - 1);
        s->gain[l->cand] = l->gain;
        s->price[l->cand] = l->price;
    }
    g_array_set_size(s->log, before->log_len);
    g_array_set_size(s->taken, s->taken->len - 1);
    s->state[c] = FREE;
    s->value = before->value;
    s->reach = before->reach;
    s->rest = before->rest;
    s->spent = before->spent;
}

static void set_aside(search *s, int c)
{
    const instance *in = s->in;
    s->state[c] = SET_ASIDE;
    g_array_append_val(s->aside, c);
    for (int i = in->start[c]; i < in->start[c + 1]; i++) {
        int e = in->elem[i];
        if (--s->avail[e] == 0 && s->cnt[e] == 0) {
            s->reach -= in->weight[e];
            s->rest -= in->weight[e] - s->lambda[e];
        }
    }
}

/* Take back the candidates set aside after the first MARK; BEFORE: saved then. */
static void unset_aside(search *s, guint mark, const saved *before)
{
    const instance *in = s->in;
    for (guint k = s->aside->len; k > mark; k--) {
        int c = g_array_index(s->aside, int, k - 1);
        s->state[c] = FREE;
        for (int i = in->start[c]; i < in->start[c + 1]; i++)
            s->avail[in->elem[i]]++;
    }
    g_array_set_size(s->aside, mark);
    s->reach = before->reach;
    s->rest = before->rest;
}

static gboolean out_of_time(search *s)
{
    if (s->nodes >= s->node_limit)
        return TRUE;
    return s->nodes > 0 && s->nodes % CLOCK_EVERY == 0 && g_get_monotonic_time() >= s->deadline;
}

/* Search the subtree of the current state, which no set beats by more
 * than BOUND. */
static void node(search *s, double bound)
{
    const instance *in = s->in;
    const limits *lim = s->lim;
    guint aside_mark = s->aside->len;
    saved at_entry = save(s);
    for (;;) {
        if (out_of_time(s)) {
            s->stopped = TRUE;
            s->open = fmax(s->open, bound);
            break;
        }
        s->nodes++;
        if (s->value > s->incumbent + lim->vtol) {
            s->incumbent = s->value;
            g_array_set_size(s->best, 0);
            g_array_append_vals(s->best, s->taken->data, s->taken->len);
        }
        int r = lim->sites == G_MAXINT ? G_MAXINT : lim->sites - (int)s->taken->len;
        double rb = lim->budget - s->spent;
        if (r <= 0)
            break;
        int n = 0, pick = -1;
        for (int c = 0; c < in->ncand; c++) {
            if (s->state[c] != FREE)
                continue;
            if (!(s->gain[c] > 0) || in->cost[c] > rb + lim->ctol) {
                set_aside(s, c); /* for the whole subtree: gains and RB only fall */
                continue;
            }
            s->items[n] = (item){s->gain[c], in->cost[c], 0};
            s->priced[n++] = (item){s->price[c], in->cost[c], 0};
            if (pick < 0 || pick_first(in, lim, c, s->gain[c], pick, s->gain[pick]))
                pick = c;
        }
        if (pick < 0)
            break;
        /* The three bounds, the cheapest first, until one prunes. */
        double enough = s->incumbent + lim->vtol - s->value;
        double add = s->reach;
        if (add > enough)
            add = fmin(
                add, s->rest + gains_bound(s->priced, n, r, rb, lim, s->scratch, enough - s->rest));
        if (add > enough)
            add = fmin(add, gains_bound(s->items, n, r, rb, lim, s->scratch, enough));
        bound = fmin(bound, s->value + add);
        if (bound <= s->incumbent + lim->vtol)
            break;
        saved before = save(s);
        take(s, pick);
        node(s, bound);
        untake(s, pick, &before);
        if (s->stopped) {
            s->open = fmax(s->open, bound); /* the subtree without PICK */
            break;
        }
        set_aside(s, pick);
    }
    unset_aside(s, aside_mark, &at_entry);
}

/* Search IN (reduced), starting from the greedy's INCUMBENT (its value;
 * the upper bound UB); the best set found, if it beats it, into BEST
 * (indices of the problem).  Fills OUT's search fields. */
static void exact(const instance *in, const limits *lim, const vi_maxcover_problem *p,
                  double incumbent, double ub, GArray *best, vi_maxcover_result *out)
{
    int m = in->ncand;
    search s = {0};
    s.in = in;
    s.lim = lim;
    double secs = p->time_limit_s > 0 ? p->time_limit_s : DEFAULT_TIME_LIMIT_S;
    s.deadline = g_get_monotonic_time() + (gint64)fmin(secs * 1e6, (double)G_MAXINT64 / 4);
    double *lambda = g_new(double, in->nelem + 1);
    multipliers(in, lim, incumbent, s.deadline, lambda);
    s.lambda = lambda;
    s.gain = g_new0(double, m + 1);
    s.price = g_new0(double, m + 1);
    s.unc = g_new0(int, m + 1);
    s.state = g_new0(guint8, m + 1);
    s.cnt = g_new0(int, in->nelem + 1);
    s.avail = g_new0(int, in->nelem + 1);
    s.items = g_new(item, m + 1);
    s.priced = g_new(item, m + 1);
    s.scratch = g_new(double, m + 1);
    s.taken = g_array_new(FALSE, FALSE, sizeof(int));
    s.aside = g_array_new(FALSE, FALSE, sizeof(int));
    s.log = g_array_new(FALSE, FALSE, sizeof(logged));
    s.best = g_array_new(FALSE, FALSE, sizeof(int));
    for (int c = 0; c < m; c++) {
        for (int i = in->start[c]; i < in->start[c + 1]; i++) {
            s.gain[c] += in->weight[in->elem[i]];
            s.price[c] += lambda[in->elem[i]];
        }
        s.unc[c] = in->start[c + 1] - in->start[c];
    }
    for (int e = 0; e < in->nelem; e++) {
        s.avail[e] = in->estart[e + 1] - in->estart[e];
        s.reach += in->weight[e];
        s.rest += in->weight[e] - lambda[e];
    }
    s.incumbent = incumbent;
    s.node_limit = p->node_limit > 0 ? p->node_limit : DEFAULT_NODE_LIMIT;
    s.open = -INFINITY;
    node(&s, ub);
    out->searched = TRUE;
    out->nodes = s.nodes;
    out->hit_limit = s.stopped;
    out->optimal = !s.stopped;
    out->upper_bound = s.stopped ? fmin(ub, fmax(s.incumbent, s.open)) : s.incumbent;
    for (guint i = 0; i < s.best->len; i++)
        g_array_append_val(best, in->orig[g_array_index(s.best, int, i)]);
    g_array_free(s.best, TRUE);
    g_array_free(s.log, TRUE);
    g_array_free(s.aside, TRUE);
    g_array_free(s.taken, TRUE);
    g_free(s.scratch);
    g_free(s.priced);
    g_free(s.items);
    g_free(s.avail);
    g_free(s.cnt);
    g_free(s.state);
    g_free(s.unc);
    g_free(s.price);
    g_free(s.gain);
    g_free(lambda);
}

/* ---- the whole ---------------------------------------------------------------------- */

static gint int_compare(gconstpointer a, gconstpointer b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

gboolean maxcover_solve(const vi_maxcover_problem *p, vi_maxcover_result *out, GError **err)
{
    g_return_val_if_fail(p && out, FALSE);
    memset(out, 0, sizeof *out);
    out->greedy = g_array_new(FALSE, FALSE, sizeof(int));
    out->best = g_array_new(FALSE, FALSE, sizeof(int));
    g_return_val_if_fail(p->nelem >= 0 && p->ncand >= 0, FALSE);
    g_return_val_if_fail(p->start && (p->nelem == 0 || p->weight), FALSE);
    g_return_val_if_fail(p->start[p->ncand] == 0 || p->elem, FALSE);
    if (!check_problem(p, err))
        return FALSE;
    instance *in = instance_of(p);
    double total = 0;
    for (int e = 0; e < in->nelem; e++)
        total += in->weight[e];
    limits lim = {.sites = p->max_sites > 0 ? p->max_sites : G_MAXINT,
                  .budgeted = p->budget > 0,
                  .budget = p->budget > 0 ? p->budget : INFINITY,
                  .vtol = 1e-9 * total,
                  .ctol = p->budget > 0 ? 1e-9 * p->budget : 0};
    double ub;
    greedy(in, &lim, out->greedy, &ub);
    out->greedy_value = set_value(in, out->greedy, &out->greedy_cost);
    ub = fmax(ub, out->greedy_value);
    out->upper_bound = ub;
    out->optimal = ub <= out->greedy_value + lim.vtol;
    if (!p->greedy_only) {
        instance *red = reduce(in, &lim);
        exact(red, &lim, p, out->greedy_value, ub, out->best, out);
        instance_free(red);
    }
    if (out->best->len == 0)
        g_array_append_vals(out->best, out->greedy->data, out->greedy->len);
    g_array_sort(out->best, int_compare);
    out->best_value = set_value(in, out->best, &out->best_cost);
    out->upper_bound = fmax(out->upper_bound, out->best_value);
    instance_free(in);
    return TRUE;
}

void maxcover_result_clear(vi_maxcover_result *r)
{
    if (!r)
        return;
    if (r->greedy)
        g_array_free(r->greedy, TRUE);
    if (r->best)
        g_array_free(r->best, TRUE);
    memset(r, 0, sizeof *r);
}
