/*
 * impact.c - what the programme changed, year by year: the computation
 * (impact.h says what is computed and why it is read through the world as
 * of each year end).  impact-report.c writes it.
 */
#include "impact.h"
#include "i18n.h"
#include "stats.h"
#include "statuses.h"
#include "vi-error.h"

#include <math.h>
#include <string.h>

/* ---- the years of the data ---- */

typedef struct {
    const vi_statuses *statuses;
    const char *village;
    int first, last;
} year_span;

static void span_add(year_span *s, int year)
{
    if (year <= 0)
        return;
    s->first = s->first ? MIN(s->first, year) : year;
    s->last = MAX(s->last, year);
}

static gboolean span_feature(const vi_feature *f, void *user, GError **err)
{
    (void)err;
    year_span *s = user;
    /* A planned work's year is when it may be built, not one of the programme's. */
    if (!statuses_planned(s->statuses, f->status))
        span_add(s, f->year);
    return TRUE;
}

static gboolean span_point(double lon, double lat, const char *const *v, void *user, GError **err)
{
    (void)lon, (void)lat, (void)err;
    year_span *s = user;
    if ((!s->village || g_strcmp0(v[2], s->village) == 0) && v[0] &&
        !statuses_planned(s->statuses, v[1]))
        span_add(s, (int)g_ascii_strtoll(v[0], NULL, 10));
    return TRUE;
}

static gboolean span_project(const vi_project *p, void *user, GError **err)
{
    (void)err;
    span_add(user, p->year);
    return TRUE;
}

gboolean impact_years(vi_store *store, const char *village, int *first, int *last, GError **err)
{
    const vi_registry *reg = store_registry(store);
    *first = *last = 0;
    vi_statuses *st = statuses_load(reg->datadir, err);
    if (!st)
        return FALSE;
    year_span s = {st, village, 0, 0};
    int was_as_of = store_as_of(store);
    gboolean ok = store_set_as_of(store, 0, err);
    for (int i = 0; ok && i < registry_layer_count(reg); i++) {
        const vi_layer *l = registry_layer_at(reg, i);
        if (!l->statuses)
            continue; /* not works: villages, households */
        static const char *const cols[] = {"year", "status", "village", NULL};
        ok = l->geometry == VI_GEOM_POINT
                 ? store_point_scan(store, l, cols, 0, 1, span_point, &s, err)
                 : store_feature_scan(store, l, village, span_feature, &s, err);
    }
    ok = ok && store_project_scan(store, village, span_project, &s, err);
    store_set_as_of(store, was_as_of, NULL);
    statuses_free(st);
    *first = s.first;
    *last = s.last;
    return ok;
}

/* ---- built and money: differences between year ends ---- */

/* The figure of WORK in statistics ST (the total, which is the village
 * when one is chosen). */
static double work_figure(const vi_stats *st, const vi_impact_work *w)
{
    vi_stats_figures f;
    if (!stats_figures(st, -1, w->layer->name, w->status, &f))
        return 0;
    return w->unit == VI_IMPACT_LENGTH     ? f.length_m
           : w->unit == VI_IMPACT_QUANTITY ? f.quantity
                                           : (double)f.count;
}

/* Works: every layer with statuses but the villages, every status of kind
 * built, in registry order; those with no work in the period are dropped. */
static void add_works(vi_impact *im, vi_stats **at, const vi_statuses *statuses)
{
    for (int i = 0; i < registry_layer_count(im->reg); i++) {
        const vi_layer *l = registry_layer_at(im->reg, i);
        for (int k = 0; l->statuses && l->statuses[k]; k++) {
            const vi_status *row = statuses_get(statuses, l->statuses[k]);
            if (!row || row->kind != VI_STATUS_BUILT)
                continue;
            vi_impact_work w = {l,
                                l->statuses[k],
                                l->geometry == VI_GEOM_LINE ? VI_IMPACT_LENGTH
                                : l->quantity               ? VI_IMPACT_QUANTITY
                                                            : VI_IMPACT_COUNT,
                                {NULL, NULL},
                                {NULL, NULL},
                                g_new0(double, (size_t)im->nyears),
                                0};
            gboolean any = FALSE;
            double prev = work_figure(at[0], &w);
            for (int y = 0; y < im->nyears; y++) {
                double now = work_figure(at[y + 1], &w);
                w.by_year[y] = now - prev;
                /* Lengths are sums of doubles: keep what is 0 exactly 0. */
                if (fabs(w.by_year[y]) < 1e-6)
                    w.by_year[y] = 0;
                any |= w.by_year[y] != 0;
                prev = now;
            }
            w.total = work_figure(at[im->nyears], &w) - work_figure(at[0], &w);
            if (fabs(w.total) < 1e-6)
                w.total = 0;
            if (any || w.total != 0) {
                gboolean q = w.unit == VI_IMPACT_QUANTITY;
                for (int lang = 0; lang < 2; lang++) {
                    w.unit_label[lang] =
                        w.unit == VI_IMPACT_LENGTH
                            ? g_strdup(vi_i18n_in(lang, N_("km")))
                            : g_strdup(stats_unit_label(at[0], l->name, q, (vi_lang)lang));
                    w.status_label[lang] =
                        g_strdup(stats_status_label(at[0], w.status, (vi_lang)lang));
                }
                g_array_append_val(im->works, w);
            } else {
                g_free(w.by_year);
            }
        }
    }
}

static void add_money(vi_impact *im, vi_stats **at)
{
    const vi_stats *last = at[im->nyears];
    im->total_wan = g_new0(double, (size_t)im->nyears);
    for (int k = 0; k < stats_programme_count(last); k++) {
        vi_impact_programme p = {g_strdup(stats_programme_key(last, k)),
                                 g_strdup(stats_programme_label(last, k, VI_LANG_ZH)),
                                 g_strdup(stats_programme_label(last, k, VI_LANG_EN)),
                                 g_new0(double, (size_t)im->nyears),
                                 g_new0(gint64, (size_t)im->nyears),
                                 0,
                                 0};
        gint64 n0, n1;
        double w0, w1;
        gboolean any = FALSE;
        for (int y = 0; y < im->nyears; y++) {
            /* Programmes are keyed alike in every year's statistics but for
             * unknown keys met later: look the key up in each. */
            int ka = -1, kb = -1;
            for (int j = 0; j < stats_programme_count(at[y]); j++)
                if (strcmp(stats_programme_key(at[y], j), p.key) == 0)
                    ka = j;
            for (int j = 0; j < stats_programme_count(at[y + 1]); j++)
                if (strcmp(stats_programme_key(at[y + 1], j), p.key) == 0)
                    kb = j;
            n0 = n1 = 0;
            w0 = w1 = 0;
            if (ka >= 0)
                stats_programme_figures(at[y], -1, ka, &n0, &w0);
            if (kb >= 0)
                stats_programme_figures(at[y + 1], -1, kb, &n1, &w1);
            p.wan[y] = fabs(w1 - w0) < 1e-9 ? 0 : w1 - w0;
            p.projects[y] = n1 - n0;
            p.total_wan += p.wan[y];
            p.total_projects += p.projects[y];
            im->total_wan[y] += p.wan[y];
            any |= p.wan[y] != 0 || p.projects[y] != 0;
        }
        if (any) {
            g_array_append_val(im->programmes, p);
        } else {
            g_free(p.key);
            g_free(p.name_zh);
            g_free(p.name_en);
            g_free(p.wan);
            g_free(p.projects);
        }
    }
    for (int y = 0; y < im->nyears; y++)
        im->period_wan += im->total_wan[y];
}

/* ---- coverage at each year end ---- */

typedef struct {
    vi_impact *im;
    const vi_world *w;
    int year; /* index into vi_impact_service.at */
    guint next;
} served_ctx;

static void add_served(const vi_measure *m, void *user)
{
    served_ctx *c = user;
    vi_impact_service *sv = &g_array_index(c->im->services, vi_impact_service, c->next++);
    vi_impact_served *s = &sv->at[c->year];
    const int *members = world_household_members(c->w);
    const guint8 *poor = world_household_poor(c->w);
    for (int h = 0; h < m->nhh; h++) {
        s->households++;
        s->people += members[h];
        s->poor += poor[h];
        if (m->served[h]) {
            s->served++;
            s->served_people += members[h];
            s->served_poor += poor[h];
        }
    }
}

/* ---- money per newly served household ---- */

typedef struct {
    vi_impact *im;
    const vi_rule *rule;
    int where;           /* attribute index of the rule's where, or -1 */
    GHashTable *ledger;  /* project id -> vi_project copy (funding, year) */
    GHashTable *named;   /* project ids named, each once (borrowed from the ledger) */
    GHashTable *unknown; /* project ids the ledger does not have (owned) */
} cost_ctx;

static gboolean note_project(const vi_project *p, void *user, GError **err)
{
    (void)err;
    double *wan = g_new(double, 1);
    *wan = p->funding_wan;
    g_hash_table_insert(user, g_strdup(p->id), wan);
    return TRUE;
}

static gboolean serving_work(const vi_feature *f, void *user, GError **err)
{
    (void)err;
    cost_ctx *c = user;
    if (!f->project || f->year <= impact_before_year(c->im) || f->year > c->im->to ||
        !rule_admits(c->rule, f->status, c->where >= 0 ? f->attrs[c->where] : NULL, FALSE))
        return TRUE;
    gpointer key;
    if (g_hash_table_lookup_extended(c->ledger, f->project, &key, NULL))
        g_hash_table_add(c->named, key);
    else
        g_hash_table_add(c->unknown, g_strdup(f->project));
    return TRUE;
}

static gboolean service_cost(vi_impact *im, vi_store *store, vi_impact_service *sv,
                             GHashTable *ledger, GError **err)
{
    cost_ctx c = {im,
                  NULL,
                  -1,
                  ledger,
                  g_hash_table_new(g_str_hash, g_str_equal),
                  g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
    gboolean ok = TRUE;
    for (int r = 0; ok && r < sv->def->nrules; r++) {
        c.rule = sv->def->rules[r];
        const vi_layer *l = registry_layer(im->reg, c.rule->layer);
        c.where = c.rule->where_attr ? layer_attr_index(l, c.rule->where_attr) : -1;
        ok = store_feature_scan(store, l, im->village, serving_work, &c, err);
    }
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, c.named);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        sv->projects++;
        sv->funding_wan += *(double *)g_hash_table_lookup(ledger, key);
    }
    sv->unknown_projects = (int)g_hash_table_size(c.unknown);
    gint64 newly = sv->at[im->nyears].served - sv->at[0].served;
    if (sv->projects == 0)
        sv->cost = VI_IMPACT_COST_NO_PROJECT;
    else if (newly <= 0)
        sv->cost = VI_IMPACT_COST_NONE_NEW;
    else
        sv->wan_per_household = sv->funding_wan / (double)newly;
    g_hash_table_destroy(c.named);
    g_hash_table_destroy(c.unknown);
    return ok;
}

/* ---- the whole ---- */

/* The first households measure of each service, in the rules' order; the
 * measure lists they are of go to KEEP (they own the definitions). */
static GPtrArray *service_measures(const vi_rules *rules, GPtrArray *keep)
{
    GPtrArray *defs = g_ptr_array_new();
    for (int i = 0; i < rules_service_count(rules); i++) {
        GPtrArray *ms =
            rules_measures(rules, rules_service_at(rules, i), VI_METHOD_LINE, FALSE, NULL);
        for (guint k = 0; ms && k < ms->len; k++) {
            const vi_measure_def *d = ms->pdata[k];
            if (d->target_kind == VI_TARGET_HOUSEHOLDS) {
                g_ptr_array_add(defs, (gpointer)d);
                break;
            }
        }
        if (ms)
            g_ptr_array_add(keep, ms);
    }
    return defs;
}

vi_impact *impact_compute(vi_store *store, const vi_rules *rules, const vi_impact_options *opt,
                          GError **err)
{
    /* An unknown village is said as the statistics say it. */
    if (opt->village) {
        vi_stats_options check = {opt->village, VI_LEDGER_TABLE, 0};
        vi_stats *st = stats_compute(store, opt->datadir, &check, err);
        stats_free(st);
        if (!st)
            return NULL;
    }
    int from = opt->from, to = opt->to, first = 0, last = 0;
    if ((!from || !to) && !impact_years(store, opt->village, &first, &last, err))
        return NULL;
    if (!from)
        from = first;
    if (!to)
        to = last;
    if (!from || !to) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s': no work and no project has a year: there is nothing to tell year by "
                      "year"),
                    store_path(store));
        return NULL;
    }
    if (from > to) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("the period from %d to %d ends before it starts"), from, to);
        return NULL;
    }
    vi_impact *im = g_new0(vi_impact, 1);
    im->village = g_strdup(opt->village);
    im->from = from;
    im->to = to;
    im->nyears = to - from + 1;
    im->reg = store_registry(store);
    im->rules = rules;
    im->works = g_array_new(FALSE, TRUE, sizeof(vi_impact_work));
    im->programmes = g_array_new(FALSE, TRUE, sizeof(vi_impact_programme));
    im->services = g_array_new(FALSE, TRUE, sizeof(vi_impact_service));
    int was_as_of = store_as_of(store);
    vi_statuses *statuses = statuses_load(im->reg->datadir, err);
    vi_stats **at = g_new0(vi_stats *, (size_t)im->nyears + 1);
    im->measure_lists = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    GPtrArray *defs = service_measures(rules, im->measure_lists);
    GHashTable *ledger = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    gboolean ok = statuses != NULL;
    /* The statistics at each year end, before included. */
    for (int y = 0; ok && y <= im->nyears; y++) {
        vi_stats_options so = {opt->village, NULL, from - 1 + y};
        ok = (at[y] = stats_compute(store, opt->datadir, &so, err)) != NULL;
    }
    if (ok) {
        add_works(im, at, statuses);
        add_money(im, at);
        im->as_of_note[VI_LANG_ZH] = store_as_of_note(store, VI_LANG_ZH);
        im->as_of_note[VI_LANG_EN] = store_as_of_note(store, VI_LANG_EN);
    }
    for (guint i = 0; ok && i < defs->len; i++) {
        vi_impact_service sv = {.def = defs->pdata[i],
                                .at = g_new0(vi_impact_served, (size_t)im->nyears + 1)};
        g_array_append_val(im->services, sv);
    }
    /* Coverage at each year end. */
    for (int y = 0; ok && defs->len && y <= im->nyears; y++) {
        vi_coverage_options co = {.village = opt->village, .as_of = from - 1 + y};
        vi_world *w = coverage_load(store, defs, &co, err);
        served_ctx c = {im, w, y, 0};
        ok = w && coverage_measure_each(w, defs, add_served, &c, err);
        coverage_world_free(w);
    }
    /* Money per newly served household, from today's works and ledger. */
    ok = ok && store_set_as_of(store, 0, err) &&
         store_project_scan(store, NULL, note_project, ledger, err);
    for (guint i = 0; ok && i < im->services->len; i++)
        ok = service_cost(im, store, &g_array_index(im->services, vi_impact_service, i), ledger,
                          err);
    store_set_as_of(store, was_as_of, NULL);
    g_hash_table_destroy(ledger);
    g_ptr_array_unref(defs);
    for (int y = 0; y <= im->nyears; y++)
        stats_free(at[y]);
    g_free(at);
    statuses_free(statuses);
    if (!ok) {
        impact_free(im);
        return NULL;
    }
    return im;
}

void impact_free(vi_impact *im)
{
    if (!im)
        return;
    for (guint i = 0; i < im->works->len; i++) {
        vi_impact_work *w = &g_array_index(im->works, vi_impact_work, i);
        g_free(w->by_year);
        g_free(w->unit_label[VI_LANG_ZH]);
        g_free(w->unit_label[VI_LANG_EN]);
        g_free(w->status_label[VI_LANG_ZH]);
        g_free(w->status_label[VI_LANG_EN]);
    }
    g_array_free(im->works, TRUE);
    for (guint i = 0; i < im->programmes->len; i++) {
        vi_impact_programme *p = &g_array_index(im->programmes, vi_impact_programme, i);
        g_free(p->key);
        g_free(p->name_zh);
        g_free(p->name_en);
        g_free(p->wan);
        g_free(p->projects);
    }
    g_array_free(im->programmes, TRUE);
    for (guint i = 0; i < im->services->len; i++)
        g_free(g_array_index(im->services, vi_impact_service, i).at);
    g_array_free(im->services, TRUE);
    if (im->measure_lists)
        g_ptr_array_unref(im->measure_lists);
    g_free(im->total_wan);
    g_free(im->as_of_note[VI_LANG_ZH]);
    g_free(im->as_of_note[VI_LANG_EN]);
    g_free(im->village);
    g_free(im);
}
