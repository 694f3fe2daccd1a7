/*
 * impact-report.c - writing what the programme changed (impact.c's
 * figures) as report tables, CSV, Markdown or JSON, in the language the
 * caller passes: the before/after lines first, then the works and the
 * money of each year, coverage at each year end, and before against after
 * with the money per newly served household.
 *
 * The JSON form:
 *   {
 *     "from": 2016, "to": 2020, "before": 2015, "village": null | "双龙村",
 *     "as_of_note": null | TEXT,          works counted as standing for want of a year
 *     "sentences": [TEXT, ...],           the before/after lines
 *     "built": [{"layer": "roads", "status": "new", "unit": "m" | "count" | "quantity",
 *                "by_year": {"2016": 0, ...}, "total": 12000.5}],
 *     "funding": {"programmes": [{"key", "name", "by_year": {YEAR: 万元},
 *                                 "projects_by_year": {YEAR: n}, "total_wan", "projects"}],
 *                 "by_year": {YEAR: 万元}, "total_wan": 4590},
 *     "coverage": [{"service": "water", "name": "饮水", "measure": "直线 ...",
 *                   "at": {"2015": SERVED, ...},          each year end, before first
 *                   "before": SERVED, "after": SERVED,
 *                   "newly_served_households", "newly_served_people", "newly_served_poor",
 *                   "projects", "funding_wan", "unknown_projects",
 *                   "yuan_per_household": x | null,   funding_wan x 10000 / newly served
 *                   "why_no_cost": null | "no household newly served" | "no project linked"}]
 *   }
 *   SERVED = {"households", "served_households", "served_percent", "people",
 *             "served_people", "poor_households", "served_poor_households"}
 */
#include "impact.h"
#include "coverage-report.h"
#include "i18n.h"
#include "report.h"

#include <inttypes.h>
#include <string.h>

static double percent(gint64 a, gint64 b)
{
    return b ? 100.0 * (double)a / (double)b : 0;
}

static const char *service_name(const vi_impact *im, const vi_impact_service *sv, vi_lang lang)
{
    const char *n = rules_service_name(im->rules, sv->def->service, lang == VI_LANG_EN);
    return n ? n : sv->def->service;
}

static const vi_impact_served *before_of(const vi_impact_service *sv)
{
    return &sv->at[0];
}

static const vi_impact_served *after_of(const vi_impact *im, const vi_impact_service *sv)
{
    return &sv->at[im->nyears];
}

static gboolean everyone(const vi_impact_served *s)
{
    return s->households > 0 && s->served == s->households;
}

/* NAMES joined as a list in LANG: "a, b and c" (a、b和c). */
static char *join_names(GPtrArray *names, vi_lang lang)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++) {
        if (i)
            g_string_append(s, i + 1 == names->len ? vi_i18n_in(lang, N_(" and "))
                                                   : vi_i18n_in(lang, N_(", ")));
        g_string_append(s, names->pdata[i]);
    }
    return g_string_free(s, FALSE);
}

char *impact_change_line(const char *service_name, const char *rule_label,
                         const vi_impact_served *before, const vi_impact_served *after,
                         vi_lang lang)
{
    return g_strdup_printf(vi_i18n_in(lang, N_("%s (%s): %.0f%% → %.0f%% of households")),
                           service_name, rule_label, percent(before->served, before->households),
                           percent(after->served, after->households));
}

GPtrArray *impact_sentences(const vi_impact *im, vi_lang lang)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *now = g_ptr_array_new(), *already = g_ptr_array_new();
    for (guint i = 0; i < im->services->len; i++) {
        const vi_impact_service *sv = &g_array_index(im->services, vi_impact_service, i);
        if (everyone(after_of(im, sv)))
            g_ptr_array_add(everyone(before_of(sv)) ? already : now,
                            (gpointer)service_name(im, sv, lang));
    }
    if (now->len) {
        char *list = join_names(now, lang);
        g_ptr_array_add(out, g_strdup_printf(vi_i18n_in(lang, N_("By the end of %d, %s reached "
                                                                 "every household.")),
                                             im->to, list));
        g_free(list);
    }
    if (already->len) {
        char *list = join_names(already, lang);
        g_ptr_array_add(out, g_strdup_printf(vi_i18n_in(lang, N_("Already at the end of %d, %s "
                                                                 "reached every household.")),
                                             impact_before_year(im), list));
        g_free(list);
    }
    g_ptr_array_free(now, TRUE);
    g_ptr_array_free(already, TRUE);
    for (guint i = 0; i < im->services->len; i++) {
        const vi_impact_service *sv = &g_array_index(im->services, vi_impact_service, i);
        const vi_impact_served *b = before_of(sv), *a = after_of(im, sv);
        if (everyone(b) && everyone(a))
            continue;
        char *label = coverage_measure_label(sv->def, im->reg, lang);
        gint64 hh = a->served - b->served, people = a->served_people - b->served_people,
               poor = a->served_poor - b->served_poor;
        char *line =
            hh == 0 && people == 0
                ? g_strdup_printf(vi_i18n_in(lang, N_("%s (%s): unchanged, %.1f%% of households.")),
                                  service_name(im, sv, lang), label,
                                  percent(a->served, a->households))
                : g_strdup_printf(vi_i18n_in(lang, N_("%s (%s): %.1f%% → %.1f%% of households, "
                                                      "%" PRId64 " households (%" PRId64
                                                      " people, %" PRId64 " poor households) "
                                                      "newly served.")),
                                  service_name(im, sv, lang), label,
                                  percent(b->served, b->households),
                                  percent(a->served, a->households), hh, people, poor);
        g_ptr_array_add(out, line);
        g_free(label);
    }
    gint64 projects = 0;
    for (guint i = 0; i < im->programmes->len; i++)
        projects += g_array_index(im->programmes, vi_impact_programme, i).total_projects;
    g_ptr_array_add(out, g_strdup_printf(vi_i18n_in(lang, N_("Funding from %d to %d: %.1f (10k "
                                                             "yuan), %" PRId64 " projects.")),
                                         im->from, im->to, im->period_wan, projects));
    return out;
}

/* ---- tables ---- */

/* Headers FIRST, then a column per year of the period (the year before it
 * first when WITH_BEFORE), then LAST when not NULL; NULL-terminated, owned. */
static char **year_headers(const vi_impact *im, const char *const *first, int nfirst,
                           gboolean with_before, const char *last, vi_lang lang, int *ncols)
{
    GPtrArray *h = g_ptr_array_new();
    for (int i = 0; i < nfirst; i++)
        g_ptr_array_add(h, g_strdup(first[i]));
    if (with_before)
        g_ptr_array_add(
            h, g_strdup_printf(vi_i18n_in(lang, N_("%d (before)")), impact_before_year(im)));
    for (int y = im->from; y <= im->to; y++)
        g_ptr_array_add(h, g_strdup_printf("%d", y));
    if (last)
        g_ptr_array_add(h, g_strdup(last));
    *ncols = (int)h->len;
    g_ptr_array_add(h, NULL);
    return (char **)g_ptr_array_free(h, FALSE);
}

static void works_table(vi_report *r, const vi_impact *im, vi_lang lang)
{
    const char *first[] = {vi_i18n_in(lang, N_("layer")), vi_i18n_in(lang, N_("status")),
                           vi_i18n_in(lang, N_("unit"))};
    int ncols;
    char **h = year_headers(im, first, 3, FALSE, vi_i18n_in(lang, N_("total")), lang, &ncols);
    vi_table *t =
        report_add_table(r, vi_i18n_in(lang, N_("Built each year")), ncols, (const char *const *)h);
    g_strfreev(h);
    report_table_group(t, 1);
    for (guint i = 0; i < im->works->len; i++) {
        const vi_impact_work *w = &g_array_index(im->works, vi_impact_work, i);
        report_row(t);
        report_text(t, vi_text(lang, w->layer->name_zh, w->layer->name_en));
        report_text(t, w->status_label[lang]);
        report_text(t, w->unit_label[lang]);
        int dec = w->unit == VI_IMPACT_LENGTH ? 2 : 0;
        double scale = w->unit == VI_IMPACT_LENGTH ? 0.001 : 1;
        for (int y = 0; y < im->nyears; y++)
            report_number(t, w->by_year[y] * scale, dec);
        report_number(t, w->total * scale, dec);
    }
}

static void money_table(vi_report *r, const vi_impact *im, vi_lang lang)
{
    const char *first[] = {vi_i18n_in(lang, N_("programme"))};
    int ncols;
    char **h = year_headers(im, first, 1, FALSE, vi_i18n_in(lang, N_("total")), lang, &ncols);
    vi_table *t = report_add_table(r, vi_i18n_in(lang, N_("Funding each year (10k yuan)")), ncols,
                                   (const char *const *)h);
    g_strfreev(h);
    for (guint i = 0; i < im->programmes->len; i++) {
        const vi_impact_programme *p = &g_array_index(im->programmes, vi_impact_programme, i);
        report_row(t);
        report_text(t, vi_text(lang, p->name_zh, p->name_en));
        for (int y = 0; y < im->nyears; y++)
            report_number(t, p->wan[y], 1);
        report_number(t, p->total_wan, 1);
    }
    report_total_row(t);
    report_text(t, vi_i18n_in(lang, N_("total")));
    for (int y = 0; y < im->nyears; y++)
        report_number(t, im->total_wan[y], 1);
    report_number(t, im->period_wan, 1);
}

static void coverage_table(vi_report *r, const vi_impact *im, vi_lang lang)
{
    const char *first[] = {vi_i18n_in(lang, N_("service")), vi_i18n_in(lang, N_("standard"))};
    int ncols;
    char **h = year_headers(im, first, 2, TRUE, NULL, lang, &ncols);
    vi_table *t =
        report_add_table(r, vi_i18n_in(lang, N_("Households served at each year's end (%)")), ncols,
                         (const char *const *)h);
    g_strfreev(h);
    for (guint i = 0; i < im->services->len; i++) {
        const vi_impact_service *sv = &g_array_index(im->services, vi_impact_service, i);
        char *label = coverage_measure_label(sv->def, im->reg, lang);
        report_row(t);
        report_text(t, service_name(im, sv, lang));
        report_text(t, label);
        for (int y = 0; y <= im->nyears; y++)
            report_number(t, percent(sv->at[y].served, sv->at[y].households), 1);
        g_free(label);
    }
}

/* Why a service's money per newly served household is not given, in LANG. */
static const char *why_no_cost(const vi_impact_service *sv, vi_lang lang)
{
    switch (sv->cost) {
    case VI_IMPACT_COST_NONE_NEW:
        return vi_i18n_in(lang, N_("no household newly served"));
    case VI_IMPACT_COST_NO_PROJECT:
        return vi_i18n_in(lang, N_("no serving asset built in the period names a ledger project"));
    default:
        return NULL;
    }
}

static void before_after_table(vi_report *r, const vi_impact *im, vi_lang lang)
{
    char *before = g_strdup_printf(vi_i18n_in(lang, N_("end of %d %%")), impact_before_year(im));
    char *after = g_strdup_printf(vi_i18n_in(lang, N_("end of %d %%")), im->to);
    const char *h[] = {vi_i18n_in(lang, N_("service")),
                       before,
                       after,
                       vi_i18n_in(lang, N_("households newly served")),
                       vi_i18n_in(lang, N_("people newly served")),
                       vi_i18n_in(lang, N_("poor households newly served")),
                       vi_i18n_in(lang, N_("linked projects")),
                       vi_i18n_in(lang, N_("their funding (10k yuan)")),
                       vi_i18n_in(lang, N_("yuan per household newly served"))};
    vi_table *t = report_add_table(r, vi_i18n_in(lang, N_("Before and after")), G_N_ELEMENTS(h), h);
    g_free(before);
    g_free(after);
    for (guint i = 0; i < im->services->len; i++) {
        const vi_impact_service *sv = &g_array_index(im->services, vi_impact_service, i);
        const vi_impact_served *b = before_of(sv), *a = after_of(im, sv);
        report_row(t);
        report_text(t, service_name(im, sv, lang));
        report_number(t, percent(b->served, b->households), 1);
        report_number(t, percent(a->served, a->households), 1);
        report_int(t, a->served - b->served);
        report_int(t, a->served_people - b->served_people);
        report_int(t, a->served_poor - b->served_poor);
        report_int(t, sv->projects);
        report_number(t, sv->funding_wan, 1);
        if (sv->cost == VI_IMPACT_COST_OK)
            report_number(t, sv->wan_per_household * 10000, 0);
        else
            report_text(t, why_no_cost(sv, lang));
    }
}

static void render_tables(const vi_impact *im, vi_format format, vi_lang lang, GString *out)
{
    char *title = im->village ? g_strdup_printf(vi_i18n_in(lang, N_("What the programme changed "
                                                                    "in %s, %d–%d")),
                                                im->village, im->from, im->to)
                              : g_strdup_printf(vi_i18n_in(lang, N_("What the programme "
                                                                    "changed, %d–%d")),
                                                im->from, im->to);
    vi_report *r = report_new(title);
    g_free(title);
    char *note = g_strdup_printf(
        vi_i18n_in(lang, N_("Before: the end of %d; after: the end of %d.  A year's work is its "
                            "end less the end of the year before, counted and measured as "
                            "vinfra stats does (lengths geodesic); coverage by each service's "
                            "first rule, as at each year's end.")),
        impact_before_year(im), im->to);
    report_add_note(r, note);
    g_free(note);
    if (im->as_of_note[lang])
        report_add_note(r, im->as_of_note[lang]);
    const char *words[] = {vi_i18n_in(lang, N_("what changed"))};
    vi_table *t = report_add_table(r, vi_i18n_in(lang, N_("In words")), 1, words);
    GPtrArray *lines = impact_sentences(im, lang);
    for (guint i = 0; i < lines->len; i++) {
        report_row(t);
        report_text(t, lines->pdata[i]);
    }
    g_ptr_array_unref(lines);
    before_after_table(r, im, lang);
    coverage_table(r, im, lang);
    works_table(r, im, lang);
    money_table(r, im, lang);
    report_render(r, format, out);
    report_free(r);
}

/* ---- JSON ---- */

static void json_year_key(vi_json *j, int year)
{
    char key[16];
    g_snprintf(key, sizeof key, "%d", year);
    json_key(j, key);
}

static void json_served(vi_json *j, const vi_impact_served *s)
{
    json_begin_object(j);
    json_key(j, "households"), json_int(j, s->households);
    json_key(j, "served_households"), json_int(j, s->served);
    json_key(j, "served_percent");
    if (s->households)
        json_number(j, percent(s->served, s->households));
    else
        json_null(j);
    json_key(j, "people"), json_int(j, s->people);
    json_key(j, "served_people"), json_int(j, s->served_people);
    json_key(j, "poor_households"), json_int(j, s->poor);
    json_key(j, "served_poor_households"), json_int(j, s->served_poor);
    json_end_object(j);
}

static void render_json(const vi_impact *im, vi_lang lang, GString *out)
{
    static const char *const units[] = {"count", "m", "quantity"};
    vi_json *j = json_new(out, NULL);
    json_begin_object(j);
    json_key(j, "from"), json_int(j, im->from);
    json_key(j, "to"), json_int(j, im->to);
    json_key(j, "before"), json_int(j, impact_before_year(im));
    json_key(j, "village"), json_string(j, im->village);
    json_key(j, "as_of_note"), json_string(j, im->as_of_note[lang]);
    json_key(j, "sentences");
    json_begin_array(j);
    GPtrArray *lines = impact_sentences(im, lang);
    for (guint i = 0; i < lines->len; i++)
        json_string(j, lines->pdata[i]);
    g_ptr_array_unref(lines);
    json_end_array(j);
    json_key(j, "built");
    json_begin_array(j);
    for (guint i = 0; i < im->works->len; i++) {
        const vi_impact_work *w = &g_array_index(im->works, vi_impact_work, i);
        json_begin_object(j);
        json_key(j, "layer"), json_string(j, w->layer->name);
        json_key(j, "status"), json_string(j, w->status);
        json_key(j, "unit"), json_string(j, units[w->unit]);
        json_key(j, "by_year");
        json_begin_object(j);
        for (int y = 0; y < im->nyears; y++)
            json_year_key(j, im->from + y), json_number(j, w->by_year[y]);
        json_end_object(j);
        json_key(j, "total"), json_number(j, w->total);
        json_end_object(j);
    }
    json_end_array(j);
    json_key(j, "funding");
    json_begin_object(j);
    json_key(j, "programmes");
    json_begin_array(j);
    for (guint i = 0; i < im->programmes->len; i++) {
        const vi_impact_programme *p = &g_array_index(im->programmes, vi_impact_programme, i);
        json_begin_object(j);
        json_key(j, "key"), json_string(j, p->key);
        json_key(j, "name"), json_string(j, vi_text(lang, p->name_zh, p->name_en));
        json_key(j, "by_year");
        json_begin_object(j);
        for (int y = 0; y < im->nyears; y++)
            json_year_key(j, im->from + y), json_number(j, p->wan[y]);
        json_end_object(j);
        json_key(j, "projects_by_year");
        json_begin_object(j);
        for (int y = 0; y < im->nyears; y++)
            json_year_key(j, im->from + y), json_int(j, p->projects[y]);
        json_end_object(j);
        json_key(j, "total_wan"), json_number(j, p->total_wan);
        json_key(j, "projects"), json_int(j, p->total_projects);
        json_end_object(j);
    }
    json_end_array(j);
    json_key(j, "by_year");
    json_begin_object(j);
    for (int y = 0; y < im->nyears; y++)
        json_year_key(j, im->from + y), json_number(j, im->total_wan[y]);
    json_end_object(j);
    json_key(j, "total_wan"), json_number(j, im->period_wan);
    json_end_object(j);
    json_key(j, "coverage");
    json_begin_array(j);
    static const char *const why[] = {NULL, "no household newly served", "no project linked"};
    for (guint i = 0; i < im->services->len; i++) {
        const vi_impact_service *sv = &g_array_index(im->services, vi_impact_service, i);
        const vi_impact_served *b = before_of(sv), *a = after_of(im, sv);
        char *label = coverage_measure_label(sv->def, im->reg, lang);
        json_begin_object(j);
        json_key(j, "service"), json_string(j, sv->def->service);
        json_key(j, "name"), json_string(j, service_name(im, sv, lang));
        json_key(j, "measure"), json_string(j, label);
        json_key(j, "at");
        json_begin_object(j);
        for (int y = 0; y <= im->nyears; y++) {
            json_year_key(j, impact_before_year(im) + y);
            json_served(j, &sv->at[y]);
        }
        json_end_object(j);
        json_key(j, "before"), json_served(j, b);
        json_key(j, "after"), json_served(j, a);
        json_key(j, "newly_served_households"), json_int(j, a->served - b->served);
        json_key(j, "newly_served_people"), json_int(j, a->served_people - b->served_people);
        json_key(j, "newly_served_poor"), json_int(j, a->served_poor - b->served_poor);
        json_key(j, "projects"), json_int(j, sv->projects);
        json_key(j, "funding_wan"), json_number(j, sv->funding_wan);
        json_key(j, "unknown_projects"), json_int(j, sv->unknown_projects);
        json_key(j, "yuan_per_household");
        if (sv->cost == VI_IMPACT_COST_OK)
            json_number(j, sv->wan_per_household * 10000);
        else
            json_null(j);
        json_key(j, "why_no_cost"), json_string(j, why[sv->cost]);
        json_end_object(j);
        g_free(label);
    }
    json_end_array(j);
    json_end_object(j);
    json_free(j);
}

void impact_render(const vi_impact *im, vi_format format, vi_lang lang, GString *out)
{
    if (format == VI_FORMAT_JSON)
        render_json(im, lang, out);
    else
        render_tables(im, format, lang, out);
}
