/*
 * coverage-tally.c - adding up a measure's per-household answers per
 * village and in total.  See coverage-tally.h for the scopes; the writer is
 * coverage-report.c.
 */
#include "coverage-tally.h"

#include <math.h>
#include <string.h>

static void measure_tally_free(gpointer data)
{
    vi_measure_tally *t = data;
    for (int s = 0; s < t->nscopes; s++)
        g_free(t->scope[s].layer);
    g_free(t->scope);
    g_free(t->layer_names);
    if (t->points) {
        for (guint i = 0; i < t->points->len; i++) {
            vi_point_tally *p = &g_array_index(t->points, vi_point_tally, i);
            g_free(p->id);
            g_free(p->name);
        }
        g_array_free(t->points, TRUE);
    }
    g_free(t);
}

vi_coverage_tally *coverage_tally_new(const vi_world *w)
{
    vi_coverage_tally *t = g_new0(vi_coverage_tally, 1);
    t->w = w;
    t->nv = world_village_count(w);
    t->measures = g_ptr_array_new_with_free_func(measure_tally_free);
    return t;
}

void coverage_tally_free(vi_coverage_tally *t)
{
    if (!t)
        return;
    g_ptr_array_unref(t->measures);
    g_free(t);
}

/* Summarise DIST (one per household) per village into SCOPE[v].dist (or
 * .layer[LAYER] when LAYER >= 0), and in total. */
static void summarise_by_village(const vi_coverage_tally *r, vi_measure_tally *t,
                                 const double *dist, int layer)
{
    int n = world_household_count(r->w), ns = r->nv + 1;
    const int *hv = world_household_village(r->w);
    int *start = g_new0(int, ns + 1);
    for (int h = 0; h < n; h++)
        start[hv[h] + 1]++;
    for (int v = 0; v < ns; v++)
        start[v + 1] += start[v];
    int *fill = g_memdup2(start, sizeof(int) * (size_t)(ns + 1));
    double *buf = g_new(double, n + 1);
    for (int h = 0; h < n; h++)
        buf[fill[hv[h]]++] = dist[h];
    for (int v = 0; v <= ns; v++) {
        /* v == ns is the total, over the whole buffer. */
        double *from = v < ns ? buf + start[v] : buf;
        int count = v < ns ? start[v + 1] - start[v] : n;
        vi_dist_summary *out = layer < 0 ? &t->scope[v].dist : &t->scope[v].layer[layer];
        coverage_summarise(from, count, out);
    }
    g_free(buf);
    g_free(fill);
    g_free(start);
}

/* Households, people and poor households, all and served, and the distances. */
static void add_households(const vi_coverage_tally *r, vi_measure_tally *t, const vi_measure *m)
{
    int n = world_household_count(r->w), ns = t->nscopes, total = coverage_tally_total(r);
    const int *hv = world_household_village(r->w);
    const int *members = world_household_members(r->w);
    const guint8 *poor = world_household_poor(r->w);
    for (int h = 0; h < n; h++) {
        vi_scope_tally *pair[2] = {&t->scope[hv[h]], &t->scope[total]};
        for (int k = 0; k < 2; k++) {
            vi_scope_tally *s = pair[k];
            s->households++;
            s->people += members[h];
            s->served += m->served[h];
            s->served_people += m->served[h] ? members[h] : 0;
            if (poor[h]) {
                s->poor++;
                s->poor_people += members[h];
                s->served_poor += m->served[h];
                s->served_poor_people += m->served[h] ? members[h] : 0;
            }
        }
    }
    summarise_by_village(r, t, m->dist, -1);
    if (m->nlayers > 1) {
        t->nlayers = m->nlayers;
        t->layer_names = g_memdup2(m->layer_names, sizeof(char *) * (size_t)m->nlayers);
        for (int s = 0; s < ns; s++)
            t->scope[s].layer = g_new0(vi_dist_summary, m->nlayers);
        for (int l = 0; l < m->nlayers; l++)
            summarise_by_village(r, t, m->layer_dist + (size_t)l * n, l);
    }
}

/* Target lines: length and length within reach, per village and in total. */
static void add_length(const vi_coverage_tally *r, vi_measure_tally *t, const vi_measure *m)
{
    int total = coverage_tally_total(r);
    for (int v = 0; v <= r->nv; v++) {
        t->scope[v].length_m = m->length_m[v];
        t->scope[v].served_m = m->served_m[v];
        t->scope[total].length_m += m->length_m[v];
        t->scope[total].served_m += m->served_m[v];
    }
}

/* Target points: each one the rule targets (of the village filter's
 * village), and how many are served. */
static void add_points(const vi_coverage_tally *r, vi_measure_tally *t, const vi_measure *m)
{
    const vi_features *f = m->targets;
    const char *only = world_options(r->w)->village;
    int total = coverage_tally_total(r);
    t->points = g_array_new(FALSE, FALSE, sizeof(vi_point_tally));
    for (int i = 0; i < f->n; i++) {
        int v = f->village[i] >= 0 ? f->village[i] : r->nv;
        if (only && f->village[i] != world_village_index(r->w, only))
            continue;
        if (!rule_targets(m->def->rules[0], f->status[i]))
            continue;
        vi_point_tally p = {g_strdup(f->id ? f->id[i] : NULL),
                            g_strdup(f->name ? f->name[i] : NULL), v, m->target_served[i],
                            m->target_dist[i]};
        g_array_append_val(t->points, p);
        vi_scope_tally *pair[2] = {&t->scope[v], &t->scope[total]};
        for (int k = 0; k < 2; k++) {
            pair[k]->features++;
            pair[k]->features_served += p.served;
        }
    }
}

void coverage_tally_add(vi_coverage_tally *r, const vi_measure *m)
{
    vi_measure_tally *t = g_new0(vi_measure_tally, 1);
    t->def = m->def;
    t->nscopes = r->nv + 2;
    t->scope = g_new0(vi_scope_tally, t->nscopes);
    if (m->def->target_kind == VI_TARGET_HOUSEHOLDS)
        add_households(r, t, m);
    else if (m->def->target_kind == VI_TARGET_LENGTH)
        add_length(r, t, m);
    else
        add_points(r, t, m);
    g_ptr_array_add(r->measures, t);
}
