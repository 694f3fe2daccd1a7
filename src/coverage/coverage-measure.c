/*
 * coverage-measure.c - one measure over a loaded world (coverage.h):
 * nearest serving assets per household, network and line-of-sight reach,
 * exact covered length of target lines, committees on the network, and the
 * distance summaries.
 */
#include "coverage.h"
#include "i18n.h"
#include "gkzone.h"
#include "network.h"
#include "spindex.h"
#include "vi-error.h"
#include "viewshed.h"

#include <math.h>
#include <string.h>

/* ---- serving assets ------------------------------------------------------ */

static void serving_free(vi_serving *s)
{
    if (!s)
        return;
    spindex_free(s->index);
    g_free(s->item_feature);
    g_free(s);
}

/* The features of the layer of RULES (one layer, one threshold) that serve
 * under any of them, indexed. */
static vi_serving *serving_new(vi_world *w, const vi_rule *const *rules, int nrules)
{
    vi_serving *s = g_new0(vi_serving, 1);
    s->rule = rules[0];
    s->features = world_features(w, s->rule->layer);
    const vi_features *f = s->features;
    gboolean after_plan = world_options(w)->after_plan;
    GArray *coords = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *feature = g_array_new(FALSE, FALSE, sizeof(int));
    gboolean *admitted = g_new0(gboolean, f->n + 1);
    for (int k = 0; k < nrules; k++) {
        const vi_rule *rule = rules[k];
        for (int i = 0; i < f->n; i++) {
            const char *where = rule->where_attr ? features_value(f, i, rule->where_attr) : NULL;
            admitted[i] |= rule_admits(rule, f->status[i], where, after_plan);
        }
    }
    if (f->layer->geometry == VI_GEOM_POINT) {
        for (int i = 0; i < f->n; i++)
            if (admitted[i]) {
                g_array_append_vals(coords, f->xy + 2 * i, 2);
                g_array_append_val(feature, i);
            }
        s->index = spindex_new_points((const double *)coords->data, (int)feature->len);
    } else {
        for (int p = 0; p < f->nparts; p++) {
            if (!admitted[f->part_feature[p]])
                continue;
            for (int v = f->part_start[p]; v + 1 < f->part_start[p + 1]; v++) {
                g_array_append_vals(coords, f->vert + 2 * v, 4);
                g_array_append_val(feature, f->part_feature[p]);
            }
        }
        s->index = spindex_new_segments((const double *)coords->data, (int)feature->len);
    }
    g_free(admitted);
    g_array_free(coords, TRUE);
    s->item_feature = (int *)g_array_free(feature, FALSE);
    return s;
}

/* Serving lines start network searches from points at most this far apart
 * along them, so "the distance to the county road" is off by at most half
 * of it where a place meets the road between two vertices. */
#define SOURCE_SPACING_M 10.0

/* The points a network search starts from: the serving points, or points
 * every SOURCE_SPACING_M along the serving lines.  Caller frees; *N gets the
 * count. */
static double *serving_sources(const vi_serving *s, int *n)
{
    int items = spindex_size(s->index);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(double));
    for (int i = 0; i < items; i++) {
        const double *seg = spindex_item(s->index, i);
        g_array_append_vals(out, seg, 2);
        if (s->features->layer->geometry != VI_GEOM_LINE)
            continue;
        int steps = (int)ceil(hypot(seg[2] - seg[0], seg[3] - seg[1]) / SOURCE_SPACING_M);
        for (int k = 1; k <= steps; k++) {
            double t = (double)k / steps;
            double p[2] = {seg[0] + t * (seg[2] - seg[0]), seg[1] + t * (seg[3] - seg[1])};
            g_array_append_vals(out, p, 2);
        }
    }
    *n = (int)out->len / 2;
    return (double *)g_array_free(out, FALSE);
}

/* ---- nearest assets, in parallel ---------------------------------------- */

typedef struct {
    const vi_spindex *index;
    const double *xy;
    double *dist;
    int *item;
} nearest_job;

static void nearest_range(int thread, int start, int end, void *user)
{
    (void)thread;
    const nearest_job *j = user;
    double px = 0, py = 0, pd = INFINITY;
    for (int h = start; h < end; h++) {
        double x = j->xy[2 * h], y = j->xy[2 * h + 1], d;
        /* The previous household's nearest asset is at most this far.  Only
         * a search bound, with slack for rounding (a bound too small only
         * means a second search), so sqrt, several times cheaper than hypot. */
        double dx = x - px, dy = y - py;
        double bound = isfinite(pd) ? (pd + sqrt(dx * dx + dy * dy)) * (1 + 1e-9) + 1e-6 : INFINITY;
        int item = spindex_nearest(j->index, x, y, bound, &d);
        if (item < 0 && isfinite(bound))
            item = spindex_nearest(j->index, x, y, INFINITY, &d);
        j->dist[h] = d;
        j->item[h] = item;
        px = x, py = y, pd = d;
    }
}

/* ---- measures over households ------------------------------------------- */

void coverage_measure_free(vi_measure *m)
{
    if (!m)
        return;
    for (int k = 0; m->serving && k < m->nserving; k++)
        serving_free(m->serving[k]);
    g_free(m->serving);
    g_free(m->layer_names);
    g_free(m->dist);
    g_free(m->line_dist);
    g_free(m->layer_dist);
    g_free(m->served);
    g_free(m->near_rule);
    g_free(m->near_feature);
    g_free(m->length_m);
    g_free(m->served_m);
    g_free(m->target_dist);
    g_free(m->target_served);
    g_free(m);
}

static int layer_slot(vi_measure *m, const char *layer)
{
    for (int l = 0; l < m->nlayers; l++)
        if (strcmp(m->layer_names[l], layer) == 0)
            return l;
    m->layer_names[m->nlayers] = layer;
    return m->nlayers++;
}

static gboolean measure_households(vi_world *w, vi_measure *m, GError **err)
{
    const vi_measure_def *def = m->def;
    int n = world_household_count(w);
    const double *xy = world_household_xy(w);
    m->nhh = n;
    m->dist = g_new(double, n + 1);
    m->line_dist = g_new(double, n + 1);
    m->served = g_new0(guint8, n + 1);
    m->near_rule = g_new(int, n + 1);
    m->near_feature = g_new(int, n + 1);
    for (int h = 0; h < n; h++) {
        m->dist[h] = m->line_dist[h] = INFINITY;
        m->near_rule[h] = m->near_feature[h] = -1;
    }
    int *slot = g_new(int, m->nserving);
    m->layer_names = g_new0(const char *, m->nserving);
    for (int k = 0; k < m->nserving; k++)
        slot[k] = layer_slot(m, m->serving[k]->rule->layer);
    if (m->nlayers > 1) {
        m->layer_dist = g_new(double, (size_t)m->nlayers *n + 1);
        for (size_t i = 0; i < (size_t)m->nlayers * n; i++)
            m->layer_dist[i] = INFINITY;
    }

    /* Straight-line nearest asset of every rule: the served test of line
     * rules, the distance of line and terrain measures, and the asset gaps
     * names for every method. */
    gboolean need_line = def->method != VI_METHOD_ROAD || world_options(w)->with_ids;
    double *d = g_new(double, n + 1);
    int *item = g_new(int, n + 1);
    for (int k = 0; k < m->nserving && need_line; k++) {
        const vi_rule *r = m->serving[k]->rule;
        nearest_job job = {m->serving[k]->index, xy, d, item};
        coverage_parallel_chunks(n, nearest_range, &job);
        double *ld = m->layer_dist ? m->layer_dist + (size_t)slot[k] * n : NULL;
        for (int h = 0; h < n; h++) {
            if (item[h] < 0)
                continue;
            if (def->method == VI_METHOD_LINE && d[h] <= r->threshold_m)
                m->served[h] = 1;
            if (d[h] < m->line_dist[h]) {
                m->line_dist[h] = d[h];
                m->near_rule[h] = k;
                m->near_feature[h] = m->serving[k]->item_feature[item[h]];
            }
            if (ld && d[h] < ld[h])
                ld[h] = d[h];
        }
    }
    gboolean ok = TRUE;
    if (def->method != VI_METHOD_ROAD)
        memcpy(m->dist, m->line_dist, sizeof(double) * (size_t)n);
    if (def->method == VI_METHOD_ROAD) {
        const vi_network *net = world_network(w, err);
        ok = net != NULL;
        for (int k = 0; ok && k < m->nserving; k++) {
            int nsrc;
            double *src = serving_sources(m->serving[k], &nsrc);
            ok = network_distances(net, src, nsrc, xy, n, INFINITY, d, err);
            g_free(src);
            for (int h = 0; ok && h < n; h++) {
                if (d[h] <= m->serving[k]->rule->threshold_m)
                    m->served[h] = 1;
                m->dist[h] = fmin(m->dist[h], d[h]);
            }
        }
    } else if (def->method == VI_METHOD_TERRAIN) {
        double *lonlat = g_memdup2(xy, sizeof(double) * 2 * (size_t)n);
        ok = gk_unproject(world_epsg(w), lonlat, (size_t)n, err);
        for (int k = 0; ok && k < m->nserving; k++) {
            const vi_serving *s = m->serving[k];
            const vi_rule *r = s->rule;
            int nt = spindex_size(s->index);
            double *towers = g_new(double, 2 * nt + 1), *height = g_new(double, nt + 1);
            for (int t = 0; t < nt; t++) {
                memcpy(towers + 2 * t, spindex_item(s->index, t), 2 * sizeof(double));
                const char *hv = features_value(s->features, s->item_feature[t], "height");
                height[t] = hv ? g_ascii_strtod(hv, NULL) : r->asset_height_m;
            }
            guint8 *visible = g_new0(guint8, n + 1);
            ok = gk_unproject(world_epsg(w), towers, (size_t)nt, err) &&
                 (nt == 0 ||
                  viewshed_visible(world_options(w)->dem_path, towers, height, nt, lonlat, n,
                                   r->target_height_m, r->threshold_m, visible, NULL, err));
            for (int h = 0; ok && h < n; h++)
                m->served[h] |= visible[h];
            g_free(visible);
            g_free(towers);
            g_free(height);
        }
        g_free(lonlat);
    }
    g_free(d);
    g_free(item);
    g_free(slot);
    return ok;
}

/* ---- covered length of target lines ------------------------------------- */

typedef struct {
    double lo, hi;
} interval;

/* Append to IV the part of segment A-B (parameter 0..1, length LEN) within R of P. */
static void circle_interval(const double *a, const double *b, double len, const double *p, double r,
                            GArray *iv)
{
    double dx = (b[0] - a[0]) / len, dy = (b[1] - a[1]) / len; /* unit direction */
    double ax = p[0] - a[0], ay = p[1] - a[1];
    double along = ax * dx + ay * dy;  /* foot of the perpendicular, metres from A */
    double across = ax * dy - ay * dx; /* distance of P from the line */
    double h2 = r * r - across * across;
    if (h2 <= 0)
        return;
    double half = sqrt(h2);
    interval v = {fmax(0, (along - half) / len), fmin(1, (along + half) / len)};
    if (v.hi > v.lo)
        g_array_append_val(iv, v);
}

static int interval_cmp(const void *pa, const void *pb)
{
    const interval *a = pa, *b = pb;
    return (a->lo > b->lo) - (a->lo < b->lo);
}

/* Length of the union of the intervals in IV on a segment of length LEN. */
static double union_length(GArray *iv, double len)
{
    if (iv->len == 0)
        return 0;
    qsort(iv->data, iv->len, sizeof(interval), interval_cmp);
    double total = 0, lo = g_array_index(iv, interval, 0).lo, hi = lo;
    for (guint i = 0; i < iv->len; i++) {
        const interval *v = &g_array_index(iv, interval, i);
        if (v->lo > hi) {
            total += hi - lo;
            lo = v->lo;
        }
        hi = fmax(hi, v->hi);
    }
    total += hi - lo;
    return total * len;
}

double coverage_covered_length(double x1, double y1, double x2, double y2, const double *pts, int n,
                               double r)
{
    double a[2] = {x1, y1}, b[2] = {x2, y2}, len = hypot(x2 - x1, y2 - y1);
    if (len == 0)
        return 0;
    GArray *iv = g_array_new(FALSE, FALSE, sizeof(interval));
    for (int i = 0; i < n; i++)
        circle_interval(a, b, len, pts + 2 * i, r, iv);
    double covered = union_length(iv, len);
    g_array_free(iv, TRUE);
    return covered;
}

typedef struct {
    const vi_measure *m;
    const vi_features *target;
    const int *parts;        /* target parts to measure */
    int nv;                  /* villages + 1 */
    double *length, *served; /* per thread: nv each */
} length_job;

static void length_range(int thread, int start, int end, void *user)
{
    const length_job *j = user;
    const vi_features *f = j->target;
    double *length = j->length + (size_t)thread * j->nv,
           *served = j->served + (size_t)thread * j->nv;
    GArray *cand = g_array_new(FALSE, FALSE, sizeof(int));
    GArray *iv = g_array_new(FALSE, FALSE, sizeof(interval));
    for (int i = start; i < end; i++) {
        int p = j->parts[i];
        int village = f->village[f->part_feature[p]];
        if (village < 0)
            village = j->nv - 1;
        for (int v = f->part_start[p]; v + 1 < f->part_start[p + 1]; v++) {
            const double *a = f->vert + 2 * v, *b = a + 2;
            double len = hypot(b[0] - a[0], b[1] - a[1]);
            if (len == 0)
                continue;
            g_array_set_size(iv, 0);
            for (int k = 0; k < j->m->nserving; k++) {
                const vi_serving *s = j->m->serving[k];
                double r = s->rule->threshold_m;
                g_array_set_size(cand, 0);
                spindex_box(s->index, fmin(a[0], b[0]) - r, fmin(a[1], b[1]) - r,
                            fmax(a[0], b[0]) + r, fmax(a[1], b[1]) + r, cand);
                for (guint c = 0; c < cand->len; c++)
                    circle_interval(a, b, len, spindex_item(s->index, g_array_index(cand, int, c)),
                                    r, iv);
            }
            length[village] += len;
            served[village] += union_length(iv, len);
        }
    }
    g_array_free(cand, TRUE);
    g_array_free(iv, TRUE);
}

/* Is target feature I of F counted (its status, and the --village)? */
static gboolean targeted(vi_world *w, const vi_measure_def *def, const vi_features *f, int i)
{
    const char *only = world_options(w)->village;
    if (only && f->village[i] != world_village_index(w, only))
        return FALSE;
    return rule_targets(def->rules[0], f->status[i]);
}

static gboolean measure_length(vi_world *w, vi_measure *m, GError **err)
{
    const vi_features *f = world_features(w, m->def->target);
    for (int k = 0; k < m->nserving; k++)
        if (m->serving[k]->features->layer->geometry != VI_GEOM_POINT) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("rule of service \"%s\": the length of \"%s\" is covered by point "
                          "assets only, not \"%s\""),
                        m->def->service, m->def->target, m->serving[k]->features->layer->name);
            return FALSE;
        }
    int nv = world_village_count(w) + 1;
    GArray *parts = g_array_new(FALSE, FALSE, sizeof(int));
    for (int p = 0; p < f->nparts; p++)
        if (targeted(w, m->def, f, f->part_feature[p]))
            g_array_append_val(parts, p);
    length_job job = {m,
                      f,
                      (const int *)parts->data,
                      nv,
                      g_new0(double, VI_MAX_THREADS *nv),
                      g_new0(double, VI_MAX_THREADS *nv)};
    coverage_parallel((int)parts->len, length_range, &job);
    m->length_m = g_new0(double, nv);
    m->served_m = g_new0(double, nv);
    for (int t = 0; t < VI_MAX_THREADS; t++)
        for (int v = 0; v < nv; v++) {
            m->length_m[v] += job.length[t * nv + v];
            m->served_m[v] += job.served[t * nv + v];
        }
    g_free(job.length);
    g_free(job.served);
    g_array_free(parts, TRUE);
    return TRUE;
}

/* ---- target points reached through the network (committees) ------------ */

static gboolean measure_points(vi_world *w, vi_measure *m, GError **err)
{
    const vi_network *net = world_network(w, err);
    if (!net)
        return FALSE;
    const vi_features *f = world_features(w, m->def->target);
    m->targets = (vi_features *)f;
    m->target_dist = g_new(double, f->n + 1);
    m->target_served = g_new0(guint8, f->n + 1);
    double *walk = g_new(double, f->n + 1), *d = g_new(double, f->n + 1);
    for (int i = 0; i < f->n; i++)
        m->target_dist[i] = INFINITY;
    gboolean ok = TRUE;
    for (int k = 0; ok && k < m->nserving; k++) {
        const vi_rule *r = m->serving[k]->rule;
        int nsrc;
        double *src = serving_sources(m->serving[k], &nsrc);
        ok = network_distances(net, src, nsrc, f->xy, f->n, INFINITY, d, err);
        g_free(src);
        /* A committee far from every road is not on the network, however
         * the walk would go. */
        network_road_distances(net, f->xy, f->n, r->threshold_m, walk);
        for (int i = 0; ok && i < f->n; i++) {
            if (!targeted(w, m->def, f, i) || !isfinite(walk[i]))
                continue;
            m->target_dist[i] = fmin(m->target_dist[i], d[i]);
            if (isfinite(d[i]))
                m->target_served[i] = 1;
        }
    }
    g_free(walk);
    g_free(d);
    return ok;
}

vi_measure *coverage_measure(vi_world *w, const vi_measure_def *def, GError **err)
{
    vi_measure *m = g_new0(vi_measure, 1);
    m->def = def;
    /* Rules of one layer and one reach (hardened roads by status, or by
     * surface) serve as one set: one index, one query per household. */
    m->serving = g_new0(vi_serving *, def->nrules);
    const vi_rule **group = g_new(const vi_rule *, def->nrules);
    gboolean *done = g_new0(gboolean, def->nrules);
    for (int k = 0; k < def->nrules; k++) {
        if (done[k])
            continue;
        int n = 0;
        for (int j = k; j < def->nrules; j++)
            if (!done[j] && strcmp(def->rules[j]->layer, def->rules[k]->layer) == 0 &&
                def->rules[j]->threshold_m == def->rules[k]->threshold_m) {
                group[n++] = def->rules[j];
                done[j] = TRUE;
            }
        m->serving[m->nserving++] = serving_new(w, group, n);
    }
    g_free(group);
    g_free(done);
    gboolean ok = def->target_kind == VI_TARGET_HOUSEHOLDS ? measure_households(w, m, err)
                  : def->target_kind == VI_TARGET_LENGTH   ? measure_length(w, m, err)
                                                           : measure_points(w, m, err);
    if (!ok) {
        coverage_measure_free(m);
        return NULL;
    }
    return m;
}

/* ---- several measures at once -------------------------------------------- */

/* Workers take the measures along the road network first (they take the
 * longest, and FN waits for them in order), then the others in order; the
 * caller's thread hands them out to FN in the order of DEFS.  Workers hold
 * at most 2 * NTHREADS + 1 measures that FN has not had, which bounds the
 * memory, except the one FN waits for, which may always start. */
typedef struct {
    vi_world *w;
    GPtrArray *defs;
    GMutex lock;
    GCond cond;
    int next;          /* measures taken by workers */
    int handed;        /* measures handed to FN (and freed); FN waits for this one */
    int ahead;         /* most measures taken and not yet handed */
    int *order;        /* the order in which workers take the measures */
    gboolean *started; /* per measure */
    gboolean stop;     /* a measure failed: take no more */
    vi_measure **done;
    GError **errs;
    gboolean *finished;
} measure_pool;

static gpointer measure_worker(gpointer data)
{
    measure_pool *p = data;
    int n = (int)p->defs->len;
    g_mutex_lock(&p->lock);
    for (;;) {
        int i = -1;
        while (!p->stop && p->next < n) {
            if (p->next < p->handed + p->ahead) {
                for (int k = 0; k < n && i < 0; k++)
                    if (!p->started[p->order[k]])
                        i = p->order[k];
            } else if (!p->started[p->handed]) {
                i = p->handed;
            }
            if (i >= 0)
                break;
            g_cond_wait(&p->cond, &p->lock);
        }
        if (i < 0)
            break;
        p->started[i] = TRUE;
        p->next++;
        g_mutex_unlock(&p->lock);
        GError *err = NULL;
        vi_measure *m = coverage_measure(p->w, p->defs->pdata[i], &err);
        g_mutex_lock(&p->lock);
        p->done[i] = m;
        p->errs[i] = err;
        p->finished[i] = TRUE;
        g_cond_broadcast(&p->cond);
    }
    g_mutex_unlock(&p->lock);
    return NULL;
}

gboolean coverage_measure_each(vi_world *w, GPtrArray *defs, vi_measure_fn fn, void *user,
                               GError **err)
{
    int n = (int)defs->len;
    int nt = CLAMP((int)g_get_num_processors(), 1, VI_MAX_THREADS);
    nt = MIN(nt, n);
    measure_pool p = {.w = w, .defs = defs, .ahead = 2 * nt + 1};
    p.order = g_new(int, n + 1);
    p.started = g_new0(gboolean, n + 1);
    int taken = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            const vi_measure_def *def = defs->pdata[i];
            gboolean network =
                def->method == VI_METHOD_ROAD || def->target_kind == VI_TARGET_POINTS;
            if (network == (pass == 0))
                p.order[taken++] = i;
        }
    g_mutex_init(&p.lock);
    g_cond_init(&p.cond);
    p.done = g_new0(vi_measure *, n + 1);
    p.errs = g_new0(GError *, n + 1);
    p.finished = g_new0(gboolean, n + 1);
    GThread *threads[VI_MAX_THREADS];
    for (int t = 0; t < nt; t++)
        threads[t] = g_thread_new("measure", measure_worker, &p);
    gboolean ok = TRUE;
    for (int i = 0; i < n && ok; i++) {
        g_mutex_lock(&p.lock);
        while (!p.finished[i])
            g_cond_wait(&p.cond, &p.lock);
        g_mutex_unlock(&p.lock);
        if (p.done[i]) {
            fn(p.done[i], user);
            coverage_measure_free(g_steal_pointer(&p.done[i]));
        } else {
            g_propagate_error(err, g_steal_pointer(&p.errs[i]));
            ok = FALSE;
        }
        g_mutex_lock(&p.lock);
        p.handed++;
        p.stop = !ok;
        g_cond_broadcast(&p.cond);
        g_mutex_unlock(&p.lock);
    }
    for (int t = 0; t < nt; t++)
        g_thread_join(threads[t]);
    /* After a failure: measures computed past it. */
    for (int i = 0; i < n; i++) {
        coverage_measure_free(p.done[i]);
        if (p.errs[i])
            g_error_free(p.errs[i]);
    }
    g_free(p.done);
    g_free(p.errs);
    g_free(p.finished);
    g_free(p.order);
    g_free(p.started);
    g_mutex_clear(&p.lock);
    g_cond_clear(&p.cond);
    return ok;
}

/* ---- distance summaries ------------------------------------------------- */

/* Reorder V so that V[K] is the K-th smallest, with no larger value before
 * it and no smaller one after (Hoare's selection). */
static void select_kth(double *v, int n, int k)
{
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = v[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                double t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

/* percentile_cont(P) of V: interpolates between the two order statistics around P * (N - 1). */
static double percentile(double *v, int n, double p)
{
    double pos = p * (n - 1);
    int lo = (int)floor(pos);
    select_kth(v, n, lo);
    double a = v[lo];
    if (pos == lo)
        return a;
    double b = INFINITY;
    for (int i = lo + 1; i < n; i++)
        b = fmin(b, v[i]);
    if (isinf(b) || isinf(a))
        return isinf(a) ? a : b;
    return a + (pos - lo) * (b - a);
}

void coverage_summarise(double *v, int n, vi_dist_summary *out)
{
    if (n == 0) {
        *out = (vi_dist_summary){NAN, NAN, NAN, NAN};
        return;
    }
    out->max = -INFINITY;
    out->sum = 0;
    for (int i = 0; i < n; i++) {
        out->max = fmax(out->max, v[i]);
        out->sum += v[i];
    }
    out->median = percentile(v, n, 0.5);
    out->p90 = percentile(v, n, 0.9);
}
