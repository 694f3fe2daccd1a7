/*
 * coverage-report.c - writing a coverage tally (coverage-tally.c) as
 * tables, CSV, Markdown or JSON, in the language it is given; and the words
 * for a measure's rule, its assets and a distance that gaps and plan share.
 * See coverage-report.h for the tables and the JSON shape.
 */
#include "coverage-report.h"
#include "i18n.h"
#include "report.h"
#include "table.h"

#include <math.h>
#include <string.h>

/* ---- words --------------------------------------------------------------- */

const char *coverage_in_context(vi_lang lang, const char *ctx, const char *msgid)
{
    char *key = g_strconcat(ctx, "\004", msgid, NULL);
    const char *text = vi_i18n_in(lang, key);
    if (text == key)
        text = msgid;
    g_free(key);
    return text;
}

char *coverage_distance_text(double m, vi_lang lang)
{
    if (m >= 1000)
        return g_strdup_printf(vi_i18n_in(lang, N_("%g km")), round(m / 10) / 100);
    return g_strdup_printf(vi_i18n_in(lang, N_("%g m")), m);
}

static const char *method_word(int method, vi_lang lang)
{
    switch (method) {
    case VI_METHOD_ROAD:
        return vi_i18n_in(lang, N_("along roads"));
    case VI_METHOD_TERRAIN:
        return vi_i18n_in(lang, N_("line of sight"));
    default:
        return vi_i18n_in(lang, N_("straight line"));
    }
}

const char *coverage_asset_name(const vi_rule *r, const vi_registry *reg, vi_lang lang)
{
    const char *own = vi_text(lang, r->asset_zh, r->asset_en);
    if (own)
        return own;
    const vi_layer *l = registry_layer(reg, r->layer);
    return vi_text(lang, l->name_zh, l->name_en);
}

static const char *target_name(const vi_rule *r, const vi_registry *reg, vi_lang lang)
{
    const char *own = vi_text(lang, r->target_zh, r->target_en);
    if (own)
        return own;
    const vi_layer *l = registry_layer(reg, r->target);
    return vi_text(lang, l->name_zh, l->name_en);
}

char *coverage_measure_label(const vi_measure_def *def, const vi_registry *reg, vi_lang lang)
{
    const vi_rule *r0 = def->rules[0];
    if (def->target_kind == VI_TARGET_POINTS) {
        char *d = coverage_distance_text(r0->threshold_m, lang);
        char *s =
            g_strdup_printf(vi_i18n_in(lang, N_("%s connected to %s by road (≤ %s from a road)")),
                            target_name(r0, reg, lang), coverage_asset_name(r0, reg, lang), d);
        g_free(d);
        return s;
    }
    /* Name the assets unless one kind, named like the service, serves
     * (decided on the Chinese names, so both languages say the same). */
    gboolean name_assets = def->target_kind == VI_TARGET_LENGTH;
    for (int k = 0; k < def->nrules; k++) {
        const vi_rule *r = def->rules[k];
        const char *zh = r->asset_zh ? r->asset_zh : registry_layer(reg, r->layer)->name_zh;
        name_assets |= strcmp(zh, r0->name_zh) != 0 || r->threshold_m != r0->threshold_m;
    }
    if (def->target_kind == VI_TARGET_LENGTH && def->nrules == 1) {
        char *d = coverage_distance_text(r0->threshold_m, lang);
        /* TRANSLATORS: a road length within a distance of an asset, e.g. 道路距路灯 ≤50 米 */
        char *out =
            g_strdup_printf(vi_i18n_in(lang, N_("%s within %s of a %s")),
                            target_name(r0, reg, lang), d, coverage_asset_name(r0, reg, lang));
        g_free(d);
        return out;
    }
    GString *s = g_string_new(NULL);
    if (def->target_kind == VI_TARGET_LENGTH)
        g_string_printf(s, coverage_in_context(lang, "distance from", NC_("distance from", "%s: ")),
                        target_name(r0, reg, lang));
    else
        g_string_append(s, method_word(def->method, lang));
    GPtrArray *seen = g_ptr_array_new_with_free_func(g_free);
    for (int k = 0; k < def->nrules; k++) {
        char *d = coverage_distance_text(def->rules[k]->threshold_m, lang);
        char *part = name_assets ? g_strdup_printf(vi_i18n_in(lang, N_("%s ≤ %s")),
                                                   coverage_asset_name(def->rules[k], reg, lang), d)
                                 : g_strdup_printf(vi_i18n_in(lang, N_("≤ %s")), d);
        g_free(d);
        gboolean dup = FALSE;
        for (guint i = 0; i < seen->len; i++)
            dup |= strcmp(seen->pdata[i], part) == 0;
        if (dup) {
            g_free(part);
            continue;
        }
        if (seen->len > 0)
            g_string_append(s, vi_i18n_in(lang, N_(" or ")));
        else if (def->target_kind != VI_TARGET_LENGTH)
            g_string_append(s, name_assets ? vi_i18n_in(lang, N_(": ")) : " ");
        g_string_append(s, part);
        g_ptr_array_add(seen, part);
    }
    g_ptr_array_unref(seen);
    return g_string_free(s, FALSE);
}

/* ---- the writer ----------------------------------------------------------- */

/* What every table and JSON writer reads: the tally, the rules (the services'
 * order and names) and the language. */
typedef struct {
    const vi_rules *rules;
    const vi_world *w;
    int nv;                    /* villages; scope nv is "no village", nv + 1 the total */
    const GPtrArray *measures; /* vi_measure_tally *, borrowed from the tally */
    vi_lang lang;
    GHashTable *labels; /* vi_measure_tally * -> its rule in words (owned) */
} writer;

/* MSGID (marked N_) in the writer's language. */
static const char *T(const writer *r, const char *msgid)
{
    return vi_i18n_in(r->lang, msgid);
}

/* MSGID of the context CTX (marked NC_) in the writer's language. */
static const char *TC(const writer *r, const char *ctx, const char *msgid)
{
    return coverage_in_context(r->lang, ctx, msgid);
}

static const char *label_of(const writer *r, const vi_measure_tally *t)
{
    return g_hash_table_lookup(r->labels, t);
}

/* ---- rendering ------------------------------------------------------------ */

static double percent(double part, double whole)
{
    return whole > 0 ? 100.0 * part / whole : NAN;
}

static const char *scope_name(const writer *r, int v)
{
    if (v == r->nv + 1)
        return T(r, N_("total"));
    return v < r->nv ? world_village_name(r->w, v) : T(r, N_("(no village)"));
}

/* The scopes a table shows: every village (the --village one alone), the
 * "no village" row when it holds anything, and the total. */
static int scopes(const writer *r, const vi_measure_tally *t, int *out)
{
    const char *only = world_options(r->w)->village;
    int n = 0;
    if (only) {
        out[n++] = world_village_index(r->w, only);
        return n;
    }
    for (int v = 0; v < r->nv; v++)
        out[n++] = v;
    const vi_scope_tally *none = &t->scope[r->nv];
    if (none->households || none->length_m > 0 || none->features)
        out[n++] = r->nv;
    out[n++] = r->nv + 1;
    return n;
}

static void start_row(const writer *r, vi_table *tb, int v)
{
    if (v == r->nv + 1)
        report_total_row(tb);
    else
        report_row(tb);
    report_text(tb, scope_name(r, v));
}

static const char *service_name(const writer *r, const vi_measure_def *def)
{
    return rules_service_name(r->rules, def->service, r->lang == VI_LANG_EN);
}

/* The measures of SERVICE (or every one when NULL) of target KIND. */
static GPtrArray *measures_of(const writer *r, const char *service, int kind)
{
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; i < r->measures->len; i++) {
        vi_measure_tally *t = r->measures->pdata[i];
        if (t->def->target_kind == kind && (!service || strcmp(t->def->service, service) == 0))
            g_ptr_array_add(out, t);
    }
    return out;
}

static void distance_cells(vi_table *tb, const vi_dist_summary *d)
{
    report_number(tb, d->median, 0);
    report_number(tb, d->p90, 0);
    report_number(tb, d->max, 0);
}

/* Households, people and poor households per village, one row per measure
 * (the rule in the title when there is only one). */
/* A table of HEADERS (N, the second the rule column) titled TITLE; without
 * RULE_COL the rule column is left out and the others shift left. */
static vi_table *add_measure_table(vi_report *rep, const char *title, const char *const *headers,
                                   guint n, gboolean rule_col)
{
    const char *shown[16];
    guint k = 0;
    for (guint i = 0; i < n && k < G_N_ELEMENTS(shown); i++)
        if (i != 1 || rule_col)
            shown[k++] = headers[i];
    return report_add_table(rep, title, (int)k, shown);
}

static void households_tables(const writer *r, vi_report *rep, GPtrArray *ms)
{
    if (ms->len == 0)
        return;
    const vi_measure_tally *first = ms->pdata[0];
    const char *name = service_name(r, first->def);
    gboolean rule_col = ms->len > 1;
    char *suffix = rule_col ? g_strdup("") : g_strdup_printf(T(r, N_(" (%s)")), label_of(r, first));
    char *title = g_strdup_printf(T(r, N_("%s: households and people%s")), name, suffix);
    const char *h1[] = {T(r, N_("village")),
                        T(r, N_("rule")),
                        TC(r, "coverage table", NC_("coverage table", "households")),
                        T(r, N_("served")),
                        T(r, N_("unserved")),
                        T(r, N_("served %")),
                        T(r, N_("people")),
                        T(r, N_("people served")),
                        T(r, N_("people unserved")),
                        T(r, N_("people served %"))};
    vi_table *a = add_measure_table(rep, title, h1, G_N_ELEMENTS(h1), rule_col);
    g_free(title);
    title = g_strdup_printf(T(r, N_("%s: poor households and distance%s")), name, suffix);
    g_free(suffix);
    const char *h2[] = {
        T(r, N_("village")),  T(r, N_("rule")),          T(r, N_("poor households")),
        T(r, N_("served")),   T(r, N_("poor served %")), T(r, N_("all served %")),
        T(r, N_("median m")), T(r, N_("90th pct m")),    T(r, N_("max m"))};
    vi_table *b = add_measure_table(rep, title, h2, G_N_ELEMENTS(h2), rule_col);
    g_free(title);
    report_table_group(a, 1);
    report_table_group(b, 1);
    int *sc = g_new(int, r->nv + 2);
    int nsc = scopes(r, first, sc);
    for (int i = 0; i < nsc; i++) {
        for (guint k = 0; k < ms->len; k++) {
            const vi_measure_tally *t = ms->pdata[k];
            const vi_scope_tally *s = &t->scope[sc[i]];
            start_row(r, a, sc[i]);
            if (rule_col)
                report_text(a, label_of(r, t));
            report_int(a, s->households);
            report_int(a, s->served);
            report_int(a, s->households - s->served);
            report_number(a, percent(s->served, s->households), 1);
            report_int(a, s->people);
            report_int(a, s->served_people);
            report_int(a, s->people - s->served_people);
            report_number(a, percent(s->served_people, s->people), 1);
            start_row(r, b, sc[i]);
            if (rule_col)
                report_text(b, label_of(r, t));
            report_int(b, s->poor);
            report_int(b, s->served_poor);
            report_number(b, percent(s->served_poor, s->poor), 1);
            report_number(b, percent(s->served, s->households), 1);
            distance_cells(b, &s->dist);
        }
    }
    g_free(sc);
}

/* Is the measure's covered length lit (its rules' column covered_as)? */
static gboolean lit(const vi_measure_def *def)
{
    for (int k = 0; k < def->nrules; k++)
        if (def->rules[k]->covered_as == VI_COVERED_AS_LIT)
            return TRUE;
    return FALSE;
}

/* Covered length of target lines per village (lit or covered roads). */
static void length_table(const writer *r, vi_report *rep, const vi_measure_tally *t)
{
    char *title = g_strdup_printf(T(r, N_("%s: %s")), service_name(r, t->def), label_of(r, t));
    const char *h[] = {T(r, N_("village")), T(r, N_("length km")), T(r, N_("covered km")),
                       T(r, N_("covered %")), T(r, N_("uncovered km"))};
    if (lit(t->def)) {
        h[2] = T(r, N_("lit km"));
        h[3] = T(r, N_("lit %"));
        h[4] = T(r, N_("unlit km"));
    }
    vi_table *tb = report_add_table(rep, title, G_N_ELEMENTS(h), h);
    g_free(title);
    int *sc = g_new(int, r->nv + 2);
    int nsc = scopes(r, t, sc);
    for (int i = 0; i < nsc; i++) {
        const vi_scope_tally *s = &t->scope[sc[i]];
        start_row(r, tb, sc[i]);
        report_number(tb, s->length_m / 1000, 2);
        report_number(tb, s->served_m / 1000, 2);
        report_number(tb, percent(s->served_m, s->length_m), 1);
        report_number(tb, (s->length_m - s->served_m) / 1000, 2);
    }
    g_free(sc);
}

/* Each target point (committee): served or not, and how far along the network. */
static void points_table(const writer *r, vi_report *rep, const vi_measure_tally *t)
{
    char *title = g_strdup_printf(T(r, N_("%s: %s")), service_name(r, t->def), label_of(r, t));
    const char *h[] = {T(r, N_("village")), T(r, N_("name")), T(r, N_("connected")),
                       T(r, N_("network km"))};
    vi_table *tb = report_add_table(rep, title, G_N_ELEMENTS(h), h);
    g_free(title);
    report_table_group(tb, 1);
    for (guint i = 0; i < t->points->len; i++) {
        const vi_point_tally *p = &g_array_index(t->points, vi_point_tally, i);
        report_row(tb);
        report_text(tb, scope_name(r, p->village));
        report_text(tb, p->name ? p->name : p->id);
        report_text(tb, p->served ? T(r, N_("yes")) : T(r, N_("no")));
        report_number(tb, p->dist / 1000, 2);
    }
    const vi_scope_tally *s = &t->scope[r->nv + 1];
    report_total_row(tb);
    report_text(tb, T(r, N_("total")));
    char *count = g_strdup_printf(T(r, N_("%d")), s->features);
    report_text(tb, count);
    g_free(count);
    count = g_strdup_printf(T(r, N_("%d connected")), s->features_served);
    report_text(tb, count);
    g_free(count);
}

/* Every measure in total, one row each (all services). */
static void summary_table(const writer *r, vi_report *rep)
{
    GPtrArray *ms = measures_of(r, NULL, VI_TARGET_HOUSEHOLDS);
    if (ms->len == 0) {
        g_ptr_array_unref(ms);
        return;
    }
    const char *h[] = {T(r, N_("service")),
                       T(r, N_("rule")),
                       TC(r, "coverage table", NC_("coverage table", "households")),
                       T(r, N_("served")),
                       T(r, N_("unserved")),
                       T(r, N_("served %")),
                       T(r, N_("people %")),
                       T(r, N_("poor %")),
                       T(r, N_("median m")),
                       T(r, N_("90th pct m")),
                       T(r, N_("max m"))};
    const char *only = world_options(r->w)->village;
    vi_table *tb =
        report_add_table(rep, only ? only : T(r, N_("all households")), G_N_ELEMENTS(h), h);
    report_table_group(tb, 1);
    int v = only ? world_village_index(r->w, only) : r->nv + 1;
    for (guint k = 0; k < ms->len; k++) {
        const vi_measure_tally *t = ms->pdata[k];
        const vi_scope_tally *s = &t->scope[v];
        report_row(tb);
        report_text(tb, service_name(r, t->def));
        report_text(tb, label_of(r, t));
        report_int(tb, s->households);
        report_int(tb, s->served);
        report_int(tb, s->households - s->served);
        report_number(tb, percent(s->served, s->households), 1);
        report_number(tb, percent(s->served_people, s->people), 1);
        report_number(tb, percent(s->served_poor, s->poor), 1);
        distance_cells(tb, &s->dist);
    }
    g_ptr_array_unref(ms);
}

/* Villages down, measures across: the share served (households; length for lines). */
static void matrix_table(const writer *r, vi_report *rep)
{
    GPtrArray *ms = g_ptr_array_new();
    for (guint i = 0; i < r->measures->len; i++) {
        vi_measure_tally *t = r->measures->pdata[i];
        if (t->def->target_kind != VI_TARGET_POINTS)
            g_ptr_array_add(ms, t);
    }
    if (ms->len == 0 || world_options(r->w)->village) {
        g_ptr_array_unref(ms);
        return;
    }
    const char **h = g_new0(const char *, ms->len + 1);
    char **owned = g_new0(char *, ms->len + 1);
    h[0] = T(r, N_("village"));
    for (guint k = 0; k < ms->len; k++) {
        const vi_measure_tally *t = ms->pdata[k];
        int same = 0;
        for (guint j = 0; j < ms->len; j++)
            same += strcmp(((vi_measure_tally *)ms->pdata[j])->def->service, t->def->service) == 0;
        const char *suffix = t->def->target_kind == VI_TARGET_LENGTH
                                 ? T(r, N_("roads"))
                                 : method_word(t->def->method, r->lang);
        owned[k] = same > 1 ? g_strdup_printf("%s·%s", service_name(r, t->def), suffix)
                            : g_strdup(service_name(r, t->def));
        h[k + 1] = owned[k];
    }
    vi_table *tb = report_add_table(rep, T(r, N_("Share served by village (%; roads by length)")),
                                    (int)ms->len + 1, h);
    int *sc = g_new(int, r->nv + 2);
    int nsc = scopes(r, ms->pdata[0], sc);
    for (int i = 0; i < nsc; i++) {
        start_row(r, tb, sc[i]);
        for (guint k = 0; k < ms->len; k++) {
            const vi_scope_tally *s = &((vi_measure_tally *)ms->pdata[k])->scope[sc[i]];
            report_number(tb,
                          s->households || s->length_m > 0
                              ? percent(s->households ? s->served : s->served_m,
                                        s->households ? s->households : s->length_m)
                              : NAN,
                          1);
        }
    }
    g_free(sc);
    for (guint k = 0; k < ms->len; k++)
        g_free(owned[k]);
    g_free(owned);
    g_free(h);
    g_ptr_array_unref(ms);
}

static gboolean single_service(const writer *r)
{
    for (guint i = 1; i < r->measures->len; i++)
        if (strcmp(((vi_measure_tally *)r->measures->pdata[i])->def->service,
                   ((vi_measure_tally *)r->measures->pdata[0])->def->service) != 0)
            return FALSE;
    return TRUE;
}

static void add_notes(const writer *r, vi_report *rep)
{
    if (world_as_of_note(r->w, r->lang))
        report_add_note(rep, world_as_of_note(r->w, r->lang));
    char *crs = g_strdup_printf(T(r, N_("Straight-line distances are measured on the CGCS2000 "
                                        "3-degree Gauss-Krüger plane EPSG:%d, within 0.1%% of "
                                        "geodesic distances.")),
                                world_epsg(r->w));
    report_add_note(rep, crs);
    g_free(crs);
    gboolean road = FALSE;
    for (guint i = 0; i < r->measures->len; i++)
        road |= ((vi_measure_tally *)r->measures->pdata[i])->def->method == VI_METHOD_ROAD;
    if (road)
        report_add_note(rep, T(r, N_("Along roads: a walk to the nearest road, along the road "
                                     "network, and a walk to the asset.")));
    int crossings, unbridged;
    world_river_crossings(r->w, &crossings, &unbridged);
    if (road && crossings > 0) {
        char *note =
            unbridged == 0
                ? g_strdup_printf(T(r, N_("Roads cross rivers at %d places, each by a "
                                          "bridge.")),
                                  crossings)
                : g_strdup_printf(T(r, N_("Roads cross rivers at %d places; %d of them have no "
                                          "bridge within %.0f m and count as impassable.")),
                                  crossings, unbridged, VI_BRIDGE_M);
        report_add_note(rep, note);
        g_free(note);
    }
    report_add_note(rep, T(r, N_("Poor households: registered and lifted out of poverty. "
                                 "Distance: to the nearest serving asset.")));
    if (world_options(r->w)->after_plan)
        report_add_note(rep, T(r, N_("Planned assets included (--after-plan).")));
}

static void render_tables(const writer *r, vi_format format, GString *out)
{
    const char *only = world_options(r->w)->village;
    char *title =
        only ? g_strdup_printf(T(r, N_("Coverage · %s")), only) : g_strdup(T(r, N_("Coverage")));
    int as_of = world_options(r->w)->as_of;
    if (as_of) {
        char *when = store_as_of_phrase(as_of, r->lang);
        char *dated = g_strdup_printf(T(r, N_("%s, %s")), title, when);
        g_free(when);
        g_free(title);
        title = dated;
    }
    vi_report *rep = report_new(title);
    g_free(title);
    add_notes(r, rep);
    gboolean one = r->measures->len > 0 && single_service(r);
    if (!one) {
        summary_table(r, rep);
        matrix_table(r, rep);
    }
    for (int s = 0; s < rules_service_count(r->rules); s++) {
        const char *service = rules_service_at(r->rules, s);
        if (one) {
            GPtrArray *hh = measures_of(r, service, VI_TARGET_HOUSEHOLDS);
            households_tables(r, rep, hh);
            g_ptr_array_unref(hh);
        }
        GPtrArray *len = measures_of(r, service, VI_TARGET_LENGTH);
        for (guint k = 0; k < len->len; k++)
            length_table(r, rep, len->pdata[k]);
        g_ptr_array_unref(len);
        GPtrArray *pts = measures_of(r, service, VI_TARGET_POINTS);
        for (guint k = 0; k < pts->len; k++)
            points_table(r, rep, pts->pdata[k]);
        g_ptr_array_unref(pts);
    }
    report_render(rep, format, out);
    report_free(rep);
}

/* ---- JSON ----------------------------------------------------------------- */

static void json_percent(vi_json *j, double part, double whole)
{
    json_number(j, percent(part, whole));
}

static void json_scope(vi_json *j, const writer *r, const vi_measure_tally *t, int v)
{
    const vi_scope_tally *s = &t->scope[v];
    json_begin_object(j);
    if (t->def->target_kind == VI_TARGET_HOUSEHOLDS) {
        json_key(j, "households"), json_int(j, s->households);
        json_key(j, "served_households"), json_int(j, s->served);
        json_key(j, "unserved_households"), json_int(j, s->households - s->served);
        json_key(j, "served_percent"), json_percent(j, s->served, s->households);
        json_key(j, "people"), json_int(j, s->people);
        json_key(j, "served_people"), json_int(j, s->served_people);
        json_key(j, "unserved_people"), json_int(j, s->people - s->served_people);
        json_key(j, "served_people_percent"), json_percent(j, s->served_people, s->people);
        json_key(j, "poor_households"), json_int(j, s->poor);
        json_key(j, "served_poor_households"), json_int(j, s->served_poor);
        json_key(j, "poor_served_percent"), json_percent(j, s->served_poor, s->poor);
        json_key(j, "poor_people"), json_int(j, s->poor_people);
        json_key(j, "served_poor_people"), json_int(j, s->served_poor_people);
        json_key(j, "distance_median_m"), json_number(j, s->dist.median);
        json_key(j, "distance_p90_m"), json_number(j, s->dist.p90);
        json_key(j, "distance_max_m"), json_number(j, s->dist.max);
        json_key(j, "distance_sum_m"), json_number(j, s->dist.sum);
        if (t->nlayers > 1) {
            json_key(j, "distance_by_layer");
            json_begin_object(j);
            for (int l = 0; l < t->nlayers; l++) {
                json_key(j, t->layer_names[l]);
                json_begin_object(j);
                json_key(j, "median_m"), json_number(j, s->layer[l].median);
                json_key(j, "p90_m"), json_number(j, s->layer[l].p90);
                json_key(j, "max_m"), json_number(j, s->layer[l].max);
                json_end_object(j);
            }
            json_end_object(j);
        }
    } else if (t->def->target_kind == VI_TARGET_LENGTH) {
        json_key(j, "length_m"), json_number(j, s->length_m);
        json_key(j, "served_m"), json_number(j, s->served_m);
        json_key(j, "unserved_m"), json_number(j, s->length_m - s->served_m);
        json_key(j, "served_percent"), json_percent(j, s->served_m, s->length_m);
    } else {
        json_key(j, "features"), json_int(j, s->features);
        json_key(j, "served"), json_int(j, s->features_served);
        json_key(j, "unserved"), json_int(j, s->features - s->features_served);
        json_key(j, "list");
        json_begin_array(j);
        for (guint i = 0; i < t->points->len; i++) {
            const vi_point_tally *p = &g_array_index(t->points, vi_point_tally, i);
            if (v != r->nv + 1 && p->village != v)
                continue;
            json_begin_object(j);
            json_key(j, "id"), json_string(j, p->id);
            json_key(j, "name"), json_string(j, p->name);
            json_key(j, "served"), json_bool(j, p->served);
            json_key(j, "distance_m"), json_number(j, p->dist);
            json_end_object(j);
        }
        json_end_array(j);
    }
    json_end_object(j);
}

static void json_rule(vi_json *j, const vi_rule *rule)
{
    json_begin_object(j);
    json_key(j, "layer"), json_string(j, rule->layer);
    json_key(j, "threshold_m"), json_number(j, rule->threshold_m);
    json_key(j, "statuses");
    if (rule->statuses) {
        json_begin_array(j);
        for (int i = 0; rule->statuses[i]; i++)
            json_string(j, rule->statuses[i]);
        json_end_array(j);
    } else {
        json_null(j);
    }
    json_key(j, "where"), json_string(j, rule->where);
    json_end_object(j);
}

static void render_json(const writer *r, GString *out)
{
    vi_json *j = json_new(out, NULL);
    const char *only = world_options(r->w)->village;
    char *crs = g_strdup_printf("EPSG:%d", world_epsg(r->w));
    json_begin_object(j);
    json_key(j, "crs"), json_string(j, crs);
    json_key(j, "village"), json_string(j, only);
    json_key(j, "after_plan"), json_bool(j, world_options(r->w)->after_plan);
    if (world_options(r->w)->as_of) {
        json_key(j, "as_of"), json_int(j, world_options(r->w)->as_of);
        if (world_as_of_note(r->w, r->lang))
            json_key(j, "as_of_note"), json_string(j, world_as_of_note(r->w, r->lang));
    }
    int crossings, unbridged;
    world_river_crossings(r->w, &crossings, &unbridged);
    json_key(j, "river_crossings");
    json_begin_object(j);
    json_key(j, "crossings"), json_int(j, crossings);
    json_key(j, "without_bridge"), json_int(j, unbridged);
    json_end_object(j);
    json_key(j, "services");
    json_begin_array(j);
    g_free(crs);
    for (int s = 0; s < rules_service_count(r->rules); s++) {
        const char *service = rules_service_at(r->rules, s);
        GPtrArray *ms = g_ptr_array_new();
        for (guint i = 0; i < r->measures->len; i++)
            if (strcmp(((vi_measure_tally *)r->measures->pdata[i])->def->service, service) == 0)
                g_ptr_array_add(ms, r->measures->pdata[i]);
        if (ms->len == 0) {
            g_ptr_array_unref(ms);
            continue;
        }
        json_begin_object(j);
        json_key(j, "service"), json_string(j, service);
        json_key(j, "name"),
            json_string(j, service_name(r, ((vi_measure_tally *)ms->pdata[0])->def));
        json_key(j, "measures");
        json_begin_array(j);
        for (guint k = 0; k < ms->len; k++) {
            const vi_measure_tally *t = ms->pdata[k];
            json_begin_object(j);
            json_key(j, "key"), json_string(j, t->def->key);
            json_key(j, "method"), json_string(j, vi_method_names[t->def->method]);
            json_key(j, "target"), json_string(j, t->def->target);
            json_key(j, "label"), json_string(j, label_of(r, t));
            json_key(j, "rules");
            json_begin_array(j);
            for (int i = 0; i < t->def->nrules; i++)
                json_rule(j, t->def->rules[i]);
            json_end_array(j);
            json_end_object(j);
        }
        json_end_array(j);
        int *sc = g_new(int, r->nv + 2);
        int nsc = scopes(r, ms->pdata[0], sc);
        json_key(j, "total");
        json_begin_object(j);
        int total = only ? world_village_index(r->w, only) : r->nv + 1;
        for (guint k = 0; k < ms->len; k++) {
            const vi_measure_tally *t = ms->pdata[k];
            json_key(j, t->def->key);
            json_scope(j, r, t, total);
        }
        json_end_object(j);
        json_key(j, "villages");
        json_begin_array(j);
        for (int i = 0; i < nsc; i++) {
            if (sc[i] == r->nv + 1)
                continue;
            json_begin_object(j);
            json_key(j, "name"), json_string(j, sc[i] < r->nv ? scope_name(r, sc[i]) : NULL);
            for (guint k = 0; k < ms->len; k++) {
                const vi_measure_tally *t = ms->pdata[k];
                json_key(j, t->def->key);
                json_scope(j, r, t, sc[i]);
            }
            json_end_object(j);
        }
        json_end_array(j);
        json_end_object(j);
        g_free(sc);
        g_ptr_array_unref(ms);
    }
    json_end_array(j);
    json_end_object(j);
    json_free(j);
}

void coverage_report_render(const vi_coverage_tally *tally, const vi_rules *rules, vi_format format,
                            vi_lang lang, GString *out)
{
    writer r = {rules,     tally->w,
                tally->nv, tally->measures,
                lang,      g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free)};
    for (guint i = 0; i < tally->measures->len; i++) {
        const vi_measure_tally *t = tally->measures->pdata[i];
        g_hash_table_insert(r.labels, (gpointer)t,
                            coverage_measure_label(t->def, world_registry(tally->w), lang));
    }
    if (format == VI_FORMAT_JSON)
        render_json(&r, out);
    else
        render_tables(&r, format, out);
    g_hash_table_destroy(r.labels);
}
