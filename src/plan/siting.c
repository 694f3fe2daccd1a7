/*
 * siting.c - greedy maximum coverage over candidate sites: the plan's
 * computation.  siting-save.c stores the picks, siting-report.c prints
 * them.  See siting.h.
 */
#include "siting.h"
#include "i18n.h"
#include "gkzone.h"
#include "prioq.h"
#include "spindex.h"
#include "vi-error.h"

#include <math.h>
#include <string.h>

typedef struct {
    double x, y;
    int road;   /* road feature, or -1 for a hamlet centroid */
    int hamlet; /* hamlet index for a centroid, else -1 */
} candidate;

/* What a candidate would newly serve. */
typedef struct {
    gint64 people, households, poor;
    double dist_sum;
    int cand;
    int round; /* the round the gain was computed in */
} gain;

/* TRUE when A is a better pick than B. */
static gboolean better(const gain *a, const gain *b)
{
    if (a->people != b->people)
        return a->people > b->people;
    if (a->households != b->households)
        return a->households > b->households;
    if (a->poor != b->poor)
        return a->poor > b->poor;
    /* Nearer on average to those it serves; the sums are of the same count here. */
    if (a->dist_sum != b->dist_sum)
        return a->dist_sum < b->dist_sum;
    return a->cand < b->cand;
}

/* The better pick first (a prioq_compare). */
static int gain_compare(const void *a, const void *b, void *data)
{
    (void)data;
    return better(a, b) ? -1 : better(b, a) ? 1 : 0;
}

/* ---- candidates ------------------------------------------------------------------ */

static void add_candidate(GArray *out, double x, double y, int road, int hamlet)
{
    candidate c = {x, y, road, hamlet};
    g_array_append_val(out, c);
}

/* Points every VI_SITING_SPACING_M along the existing roads (of the
 * --village only; planned ones too after the plan, RULE lending the kinds
 * of the statuses), then the hamlet centroids. */
static GArray *candidates(const vi_world *w, const vi_rule *rule, const GArray *hamlets)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(candidate));
    const vi_features *roads = world_features(w, VI_NETWORK_LAYER);
    const char *only = world_options(w)->village;
    int only_index = only ? world_village_index(w, only) : -1;
    for (int p = 0; roads && p < roads->nparts; p++) {
        int f = roads->part_feature[p];
        const char *status = roads->status[f];
        if ((statuses_planned(rule->status_kinds, status) && !world_options(w)->after_plan) ||
            (only && roads->village[f] != only_index))
            continue;
        for (int v = roads->part_start[p]; v < roads->part_start[p + 1]; v++) {
            const double *a = roads->vert + 2 * v;
            add_candidate(out, a[0], a[1], f, -1);
            if (v + 1 == roads->part_start[p + 1])
                break;
            const double *b = a + 2;
            int steps = (int)ceil(hypot(b[0] - a[0], b[1] - a[1]) / VI_SITING_SPACING_M);
            for (int k = 1; k < steps; k++) {
                double t = (double)k / steps;
                add_candidate(out, a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), f, -1);
            }
        }
    }
    for (guint i = 0; i < hamlets->len; i++) {
        const vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, i);
        add_candidate(out, h->x, h->y, -1, (int)i);
    }
    return out;
}

/* ---- picking ---------------------------------------------------------------------- */

typedef struct {
    const vi_spindex *unserved; /* items: unserved households */
    const int *household;       /* item -> household */
    const guint8 *covered;      /* per item */
    const int *members;
    const guint8 *poor;
    double reach;
    GArray *found;
} gain_ctx;

static gain evaluate(const gain_ctx *ctx, const candidate *c, int cand, int round)
{
    gain g = {0, 0, 0, 0, cand, round};
    g_array_set_size(ctx->found, 0);
    spindex_within(ctx->unserved, c->x, c->y, ctx->reach, ctx->found);
    for (guint i = 0; i < ctx->found->len; i++) {
        int item = g_array_index(ctx->found, int, i);
        if (ctx->covered[item])
            continue;
        int h = ctx->household[item];
        g.households++;
        g.people += ctx->members[h];
        g.poor += ctx->poor[h];
        const double *p = spindex_item(ctx->unserved, item);
        g.dist_sum += hypot(p[0] - c->x, p[1] - c->y);
    }
    return g;
}

vi_plan *siting_plan(vi_world *w, const vi_measure *m, int add, GError **err)
{
    const vi_rule *rule = NULL;
    for (int k = 0; k < m->def->nrules && !rule; k++)
        if (registry_layer(world_registry(w), m->def->rules[k]->layer)->geometry == VI_GEOM_POINT)
            rule = m->def->rules[k];
    if (!rule || m->def->method != VI_METHOD_LINE || m->def->target_kind != VI_TARGET_HOUSEHOLDS) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    rule ? _("service \"%s\" can be planned by straight-line rules only")
                         : _("service \"%s\" is served by lines, not by point assets that a plan "
                             "could place"),
                    m->def->service);
        return NULL;
    }
    vi_plan *p = g_new0(vi_plan, 1);
    p->measure = m;
    p->rule = rule;
    p->sites = g_array_new(FALSE, TRUE, sizeof(vi_site));
    p->hamlets = gaps_hamlets(w, m, err);
    if (!p->hamlets) {
        siting_free(p);
        return NULL;
    }
    const int *members = world_household_members(w);
    const guint8 *poor = world_household_poor(w);
    const double *xy = world_household_xy(w);
    GArray *uxy = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *uh = g_array_new(FALSE, FALSE, sizeof(int));
    for (int h = 0; h < m->nhh; h++) {
        p->households++;
        p->people += members[h];
        if (m->served[h]) {
            p->served_households++;
            p->served_people += members[h];
        } else {
            g_array_append_vals(uxy, xy + 2 * h, 2);
            g_array_append_val(uh, h);
        }
    }
    vi_spindex *ix = spindex_new_points((const double *)uxy->data, (int)uh->len);
    guint8 *covered = g_new0(guint8, uh->len + 1);
    gain_ctx ctx = {ix,
                    (const int *)uh->data,
                    covered,
                    members,
                    poor,
                    rule->threshold_m,
                    g_array_new(FALSE, FALSE, sizeof(int))};
    GArray *cand = candidates(w, rule, p->hamlets);
    p->candidates = (int)cand->len;
    vi_prioq *heap = prioq_new(sizeof(gain), gain_compare, NULL);
    for (guint c = 0; c < cand->len; c++) {
        gain g = evaluate(&ctx, &g_array_index(cand, candidate, c), (int)c, 0);
        if (g.households > 0)
            prioq_put(heap, &g);
    }
    gint64 served_h = p->served_households, served_p = p->served_people;
    gain top;
    for (int round = 0; round < add && prioq_get(heap, &top);) {
        const candidate *c = &g_array_index(cand, candidate, top.cand);
        if (top.round != round) {
            /* Stale: what it serves now may be less; back in the queue. */
            gain g = evaluate(&ctx, c, top.cand, round);
            if (g.households > 0)
                prioq_put(heap, &g);
            continue;
        }
        evaluate(&ctx, c, top.cand, round);
        for (guint i = 0; i < ctx.found->len; i++)
            covered[g_array_index(ctx.found, int, i)] = 1;
        served_h += top.households;
        served_p += top.people;
        vi_site s = {.rank = round + 1,
                     .x = c->x,
                     .y = c->y,
                     .road = c->road,
                     .hamlet = c->hamlet,
                     .hamlet_dist = 0,
                     .gain_households = (int)top.households,
                     .gain_people = (int)top.people,
                     .gain_poor = (int)top.poor,
                     .served_households = served_h,
                     .served_people = served_p};
        s.village = world_village_at(w, c->x, c->y);
        if (s.hamlet < 0) {
            s.hamlet_dist = INFINITY;
            for (guint k = 0; k < p->hamlets->len; k++) {
                const vi_hamlet *h = &g_array_index(p->hamlets, vi_hamlet, k);
                double d = hypot(h->x - c->x, h->y - c->y);
                if (d < s.hamlet_dist) {
                    s.hamlet_dist = d;
                    s.hamlet = (int)k;
                }
            }
        }
        g_array_append_val(p->sites, s);
        round++;
    }
    prioq_free(heap);
    g_array_free(cand, TRUE);
    g_array_free(ctx.found, TRUE);
    g_free(covered);
    spindex_free(ix);
    g_array_free(uxy, TRUE);
    g_array_free(uh, TRUE);
    /* Longitude and latitude of the picks. */
    double *ll = g_new(double, 2 * p->sites->len + 2);
    for (guint i = 0; i < p->sites->len; i++) {
        ll[2 * i] = g_array_index(p->sites, vi_site, i).x;
        ll[2 * i + 1] = g_array_index(p->sites, vi_site, i).y;
    }
    gboolean ok = gk_unproject(world_epsg(w), ll, p->sites->len, err);
    for (guint i = 0; ok && i < p->sites->len; i++) {
        g_array_index(p->sites, vi_site, i).lon = ll[2 * i];
        g_array_index(p->sites, vi_site, i).lat = ll[2 * i + 1];
    }
    g_free(ll);
    if (!ok) {
        siting_free(p);
        return NULL;
    }
    return p;
}

void siting_free(vi_plan *p)
{
    if (!p)
        return;
    for (guint i = 0; i < p->sites->len; i++)
        g_free(g_array_index(p->sites, vi_site, i).id);
    g_array_free(p->sites, TRUE);
    gaps_free(p->hamlets);
    g_free(p->label);
    g_free(p);
}
