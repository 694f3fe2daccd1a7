/*
 * stats-report.c - writing the statistics (the tallies of stats.c) as
 * report tables, CSV, Markdown or JSON, in the language the caller passes:
 * labels from data/statuses.tsv and data/labels.tsv, the key figures, the
 * assets by status, households, projects, and the by-village table.
 * stats.h gives the JSON shape.
 */
#include "stats-int.h"
#include "i18n.h"
#include "report.h"

#include <string.h>

/* ---- labels in the chosen language ---- */

static const char *pick(vi_lang lang, const char *zh, const char *en)
{
    return lang == VI_LANG_EN ? (en ? en : "") : zh;
}

static const char *status_label(const vi_stats *s, const char *status, vi_lang lang)
{
    const vi_status *r = statuses_get(s->statuses, status);
    if (r)
        return pick(lang, r->name_zh, r->name_en);
    return strcmp(status, UNKNOWN_STATUS) == 0 ? vi_i18n_in(lang, N_("unspecified")) : status;
}

static const char *label(const vi_stats *s, const char *field, const char *value, vi_lang lang)
{
    char *key = g_strdup_printf("%s\t%s", field, value);
    const label_row *r = g_hash_table_lookup(s->labels, key);
    g_free(key);
    if (r)
        return pick(lang, r->name_zh, r->name_en);
    return strcmp(value, UNSPECIFIED_VALUE) == 0 ? vi_i18n_in(lang, N_("unspecified")) : value;
}

static const char *value_label(const vi_stats *s, const layer_info *li, const char *value,
                               vi_lang lang)
{
    char *field = g_strdup_printf("%s.%s", li->layer->name, li->layer->breakdown);
    const char *text = label(s, field, value, lang);
    g_free(field);
    return text;
}

static const char *layer_label(const vi_layer *l, vi_lang lang)
{
    return pick(lang, l->name_zh, l->name_en);
}

static const char *status_key(const layer_info *li, int slot)
{
    return slot < li->nstatus - 1 ? li->layer->statuses[slot] : UNKNOWN_STATUS;
}

static int slot_kind(const vi_stats *s, const layer_info *li, int slot)
{
    const vi_status *r = statuses_get(s->statuses, status_key(li, slot));
    return r ? r->kind : VI_STATUS_EXISTING;
}

/* The counting word of a layer's features (座, 盏...), or of its quantity (株). */
static const char *unit(const vi_stats *s, const layer_info *li, gboolean quantity, vi_lang lang)
{
    if (quantity) {
        const vi_attr *a = li->layer->attrs[li->quantity];
        return lang == VI_LANG_EN ? "" : a->unit ? a->unit : "";
    }
    return label(s, "unit", li->layer->name, lang);
}

/* ---- tables ---- */

/* MSGID of the context CTX (marked NC_) in LANG. */
static const char *in_context(vi_lang lang, const char *ctx, const char *msgid)
{
    char *key = g_strconcat(ctx, "\004", msgid, NULL);
    const char *text = vi_i18n_in(lang, key);
    if (text == key)
        text = msgid;
    g_free(key);
    return text;
}

/* A counting word of the table (个, 人): none in English. */
static const char *unit_word(vi_lang lang, const char *msgid)
{
    return lang == VI_LANG_EN ? "" : in_context(lang, "counting word", msgid);
}

/* The singular or plural form of a message (marked NG_ where it is used) in
 * LANG when LANG is not the current language: Chinese has one form. */
static const char *plural_in(vi_lang lang, const char *one, const char *many, unsigned long n)
{
    return lang == VI_LANG_EN ? (n == 1 ? one : many) : vi_i18n_in(lang, one);
}

static gboolean is_households(const layer_info *li)
{
    return strcmp(li->layer->name, VI_LAYER_HOUSEHOLDS) == 0;
}

static const money *programme_money(const scope *sc, guint i)
{
    static const money none;
    return i < sc->programmes->len ? &g_array_index(sc->programmes, money, i) : &none;
}

static money money_total(const scope *sc)
{
    money t = {0, 0};
    for (guint i = 0; i < sc->programmes->len; i++) {
        t.projects += g_array_index(sc->programmes, money, i).projects;
        t.funding_wan += g_array_index(sc->programmes, money, i).funding_wan;
    }
    return t;
}

/* Number, unit and (for lines) length columns of one figure. */
static void figure_cells(vi_table *t, double number, int decimals, const char *unit_text,
                         const tally *length)
{
    report_number(t, number, decimals);
    report_text(t, unit_text);
    if (length) {
        report_number(t, length->length_m, 0);
        report_number(t, length->length_m / 1000, 2);
    } else {
        report_empty(t);
        report_empty(t);
    }
}

static void headline_row(vi_table *t, const char *village, const char *what)
{
    report_row(t);
    if (village)
        report_text(t, village);
    report_text(t, what);
}

/* The key figures of a scope: money, households, then what each layer built.
 * SKIP_ZERO leaves out figures that are zero (the by-village table). */
static void headline_rows(const vi_stats *s, const scope *sc, vi_table *t, const char *village,
                          gboolean skip_zero, vi_lang lang)
{
    if (s->with_projects) {
        money m = money_total(sc);
        if (!skip_zero || m.projects) {
            headline_row(t, village, in_context(lang, "figure", NC_("figure", "projects")));
            figure_cells(t, (double)m.projects, 0,
                         unit_word(lang, NC_("counting word", "projects")), NULL);
        }
        if (!skip_zero || m.funding_wan != 0) {
            headline_row(t, village, vi_i18n_in(lang, N_("funding")));
            figure_cells(t, m.funding_wan, 1, vi_i18n_in(lang, N_("10k yuan")), NULL);
        }
    }
    for (int i = 0; i < s->nlayers; i++) {
        const layer_info *li = &s->info[i];
        const layer_tally *lt = &sc->layers[i];
        if (!li->counted)
            continue;
        if (is_households(li)) {
            if (skip_zero && !lt->all.count)
                continue;
            headline_row(t, village, layer_label(li->layer, lang));
            figure_cells(t, (double)lt->all.count, 0, unit(s, li, FALSE, lang), NULL);
            if (li->quantity >= 0) {
                headline_row(t, village, vi_i18n_in(lang, N_("people")));
                figure_cells(t, lt->all.quantity, 0,
                             unit_word(lang, NC_("counting word", "people")), NULL);
            }
            if (li->toilet >= 0 && (!skip_zero || lt->toilet_retrofits)) {
                headline_row(t, village, vi_i18n_in(lang, N_("toilet retrofits")));
                figure_cells(t, (double)lt->toilet_retrofits, 0, unit(s, li, FALSE, lang), NULL);
            }
            continue;
        }
        /* What the programme built: the layer's statuses of kind built. */
        const tally *built = li->nstatus ? &lt->built : &lt->all;
        if (!built->count && (skip_zero || !s->layer_filter))
            continue;
        /* "道路（新建、拓宽、硬化）": the layer and its built statuses. */
        GString *built_statuses = g_string_new(NULL);
        for (int k = 0; k < li->nstatus - 1; k++) {
            if (slot_kind(s, li, k) != VI_STATUS_BUILT)
                continue;
            if (built_statuses->len)
                g_string_append(built_statuses, vi_i18n_in(lang, N_(", ")));
            g_string_append(built_statuses, status_label(s, status_key(li, k), lang));
        }
        char *what = built_statuses->len
                         ? g_strdup_printf(vi_i18n_in(lang, N_("%s (%s)")),
                                           layer_label(li->layer, lang), built_statuses->str)
                         : g_strdup(layer_label(li->layer, lang));
        headline_row(t, village, what);
        g_free(what);
        g_string_free(built_statuses, TRUE);
        gboolean line = li->layer->geometry == VI_GEOM_LINE;
        if (li->quantity >= 0)
            figure_cells(t, built->quantity, 0, unit(s, li, TRUE, lang), NULL);
        else
            figure_cells(t, (double)built->count, 0, unit(s, li, FALSE, lang), line ? built : NULL);
    }
}

static const char *const headline_headers[] = {N_("figure"), N_("number"), N_("unit"),
                                               N_("length (m)"), N_("length (km)")};

/* The N headers HEADERS (marked N_) in LANG, into OUT. */
static void headers_in(vi_lang lang, const char *const *headers, int n, const char **out)
{
    for (int i = 0; i < n; i++)
        out[i] = vi_i18n_in(lang, headers[i]);
}

static void detail_row(vi_table *t, const vi_stats *s, const layer_info *li, const char *category,
                       int slot, const tally *tl, gboolean quantity, vi_lang lang)
{
    report_row(t);
    report_text(t, layer_label(li->layer, lang));
    report_text(t, category);
    report_text(t, slot >= 0 ? status_label(s, status_key(li, slot), lang) : "");
    gboolean line = li->layer->geometry == VI_GEOM_LINE && !quantity;
    figure_cells(t, quantity ? tl->quantity : (double)tl->count, 0, unit(s, li, quantity, lang),
                 line ? tl : NULL);
}

/* Rows of one layer: by status, by breakdown value and status, and the
 * quantity by status.  PLANNED selects the planned statuses, else the others. */
static void detail_rows(vi_table *t, const vi_stats *s, const layer_info *li, const layer_tally *lt,
                        gboolean planned, vi_lang lang)
{
    if (!li->nstatus) {
        if (!planned && lt->all.count)
            detail_row(t, s, li, "", -1, &lt->all, FALSE, lang);
        return;
    }
    int shown = 0;
    for (int k = 0; k < li->nstatus; k++) {
        if ((slot_kind(s, li, k) == VI_STATUS_PLANNED) != planned || !lt->by_status[k].count)
            continue;
        detail_row(t, s, li, "", k, &lt->by_status[k], FALSE, lang);
        shown++;
    }
    if (shown > 1 && !planned) {
        report_row(t);
        report_text(t, layer_label(li->layer, lang));
        report_empty(t);
        report_text(t, vi_i18n_in(lang, N_("subtotal")));
        gboolean line = li->layer->geometry == VI_GEOM_LINE;
        figure_cells(t, (double)lt->all.count, 0, unit(s, li, FALSE, lang), line ? &lt->all : NULL);
    }
    for (guint v = 0; v < lt->values->len; v++) {
        const value_tally *vt = g_ptr_array_index(lt->values, v);
        if (!vt)
            continue;
        const char *category = value_label(s, li, g_ptr_array_index(li->values, v), lang);
        for (int k = 0; k < li->nstatus; k++)
            if ((slot_kind(s, li, k) == VI_STATUS_PLANNED) == planned && vt->by_status[k].count)
                detail_row(t, s, li, category, k, &vt->by_status[k], FALSE, lang);
    }
    if (li->quantity >= 0) {
        const char *category = pick(lang, li->layer->attrs[li->quantity]->name_zh,
                                    li->layer->attrs[li->quantity]->name_en);
        for (int k = 0; k < li->nstatus; k++)
            if ((slot_kind(s, li, k) == VI_STATUS_PLANNED) == planned && lt->by_status[k].count)
                detail_row(t, s, li, category, k, &lt->by_status[k], TRUE, lang);
    }
}

static void detail_table(vi_report *r, const vi_stats *s, const scope *sc, gboolean planned,
                         vi_lang lang)
{
    static const char *const headers[] = {N_("layer"),      N_("category"), N_("status"),
                                          N_("number"),     N_("unit"),     N_("length (m)"),
                                          N_("length (km)")};
    const char *cols[G_N_ELEMENTS(headers)];
    headers_in(lang, headers, G_N_ELEMENTS(headers), cols);
    vi_table *t = report_add_table(
        r,
        planned ? vi_i18n_in(lang, N_("Planned (not built, not in the totals above)"))
                : vi_i18n_in(lang, N_("Assets by status")),
        7, cols);
    report_table_group(t, 2);
    for (int i = 0; i < s->nlayers; i++)
        if (s->info[i].counted && !is_households(&s->info[i]))
            detail_rows(t, s, &s->info[i], &sc->layers[i], planned, lang);
}

static void households_table(vi_report *r, const vi_stats *s, const scope *sc, vi_lang lang)
{
    for (int i = 0; i < s->nlayers; i++) {
        const layer_info *li = &s->info[i];
        if (!li->counted || !is_households(li))
            continue;
        const layer_tally *lt = &sc->layers[i];
        const char *first = li->breakdown >= 0
                                ? pick(lang, li->layer->attrs[li->breakdown]->name_zh,
                                       li->layer->attrs[li->breakdown]->name_en)
                                : "";
        vi_table *t = report_add_table(r, vi_i18n_in(lang, N_("Households and people")), 3,
                                       (const char *[]){first, vi_i18n_in(lang, N_("households")),
                                                        vi_i18n_in(lang, N_("people"))});
        for (guint v = 0; v < li->values->len; v++) {
            const value_tally *vt = v < lt->values->len ? g_ptr_array_index(lt->values, v) : NULL;
            report_row(t);
            report_text(t, value_label(s, li, g_ptr_array_index(li->values, v), lang));
            report_int(t, vt ? vt->all.count : 0);
            report_number(t, vt ? vt->all.quantity : 0, 0);
        }
        report_total_row(t);
        report_text(t, vi_i18n_in(lang, N_("total")));
        report_int(t, lt->all.count);
        report_number(t, lt->all.quantity, 0);
    }
}

static const char *programme_label(const vi_stats *s, guint i, vi_lang lang)
{
    const char *key = g_ptr_array_index(s->programme_keys, i);
    const vi_programme *p = registry_programme(s->reg, key);
    return p ? pick(lang, p->name_zh, p->name_en) : key;
}

static void projects_table(vi_report *r, const vi_stats *s, const scope *sc, vi_lang lang)
{
    vi_table *t =
        report_add_table(r, vi_i18n_in(lang, N_("Projects and funding by programme")), 3,
                         (const char *[]){vi_i18n_in(lang, N_("programme")),
                                          in_context(lang, "column", NC_("column", "projects")),
                                          vi_i18n_in(lang, N_("funding (10k yuan)"))});
    for (guint i = 0; i < s->programme_keys->len; i++) {
        const money *m = programme_money(sc, i);
        if (!m->projects && m->funding_wan == 0)
            continue;
        report_row(t);
        report_text(t, programme_label(s, i, lang));
        report_int(t, m->projects);
        report_number(t, m->funding_wan, 1);
    }
    money total = money_total(sc);
    report_total_row(t);
    report_text(t, vi_i18n_in(lang, N_("total")));
    report_int(t, total.projects);
    report_number(t, total.funding_wan, 1);
}

static gboolean any_planned(const vi_stats *s, const scope *sc)
{
    for (int i = 0; i < s->nlayers; i++)
        for (int k = 0; s->info[i].counted && k < s->info[i].nstatus; k++)
            if (slot_kind(s, &s->info[i], k) == VI_STATUS_PLANNED &&
                sc->layers[i].by_status[k].count)
                return TRUE;
    return FALSE;
}

/* Whether a scope holds any feature of a counted layer other than households. */
static gboolean any_assets(const vi_stats *s, const scope *sc)
{
    for (int i = 0; i < s->nlayers; i++) {
        if (!s->info[i].counted || is_households(&s->info[i]))
            continue;
        if (sc->layers[i].all.count)
            return TRUE;
        for (int k = 0; k < s->info[i].nstatus; k++)
            if (sc->layers[i].by_status[k].count)
                return TRUE;
    }
    return FALSE;
}

static gboolean households_counted(const vi_stats *s)
{
    for (int i = 0; i < s->nlayers; i++)
        if (s->info[i].counted && is_households(&s->info[i]))
            return TRUE;
    return FALSE;
}

static void render_tables(const vi_stats *s, vi_format format, vi_lang lang, GString *out)
{
    char *title =
        s->village ? g_strdup_printf(vi_i18n_in(lang, N_("Village infrastructure: %s")), s->village)
                   : g_strdup_printf(
                         lang == vi_i18n_language()
                             ? NG_("Village infrastructure (%u village)",
                                   "Village infrastructure (%u villages)", s->villages->len)
                             : plural_in(lang, "Village infrastructure (%u village)",
                                         "Village infrastructure (%u villages)", s->villages->len),
                         s->villages->len);
    if (s->as_of) {
        char *when = store_as_of_phrase(s->as_of, lang);
        char *dated = g_strdup_printf(vi_i18n_in(lang, N_("%s, %s")), title, when);
        g_free(when);
        g_free(title);
        title = dated;
    }
    vi_report *r = report_new(title);
    g_free(title);
    if (s->as_of_note[lang])
        report_add_note(r, s->as_of_note[lang]);
    report_add_note(
        r, vi_i18n_in(lang, N_("Lengths are geodesic on the CGCS2000 ellipsoid; planned assets are "
                               "listed apart and left out of every total.")));
    const char *hh[G_N_ELEMENTS(headline_headers)];
    headers_in(lang, headline_headers, G_N_ELEMENTS(headline_headers), hh);
    vi_table *t = report_add_table(r, vi_i18n_in(lang, N_("Key figures")), 5, hh);
    headline_rows(s, &s->total, t, NULL, FALSE, lang);
    if (households_counted(s))
        households_table(r, s, &s->total, lang);
    if (s->with_projects)
        projects_table(r, s, &s->total, lang);
    if (any_assets(s, &s->total)) {
        detail_table(r, s, &s->total, FALSE, lang);
        if (any_planned(s, &s->total))
            detail_table(r, s, &s->total, TRUE, lang);
    }
    if (!s->village && s->villages->len) {
        const char *cols[6] = {vi_i18n_in(lang, N_("village"))};
        memcpy(cols + 1, hh, sizeof hh);
        t = report_add_table(r, vi_i18n_in(lang, N_("Key figures by village")), 6, cols);
        report_table_group(t, 1);
        for (guint v = 0; v < s->villages->len; v++) {
            const scope *sc = g_ptr_array_index(s->villages, v);
            headline_rows(s, sc, t, sc->name, TRUE, lang);
        }
    }
    report_render(r, format, out);
    report_free(r);
}

/* ---- JSON ---- */

static void json_tally(vi_json *j, const layer_info *li, const tally *t, gboolean open)
{
    json_begin_object(j);
    json_key(j, "count");
    json_int(j, t->count);
    if (li->layer->geometry == VI_GEOM_LINE) {
        json_key(j, "length_m");
        json_number(j, t->length_m);
    }
    if (li->quantity >= 0) {
        json_key(j, is_households(li) ? "people" : "quantity");
        json_number(j, t->quantity);
    }
    if (!open)
        json_end_object(j);
}

static void json_by_status(vi_json *j, const layer_info *li, const tally *by_status)
{
    json_key(j, "by_status");
    json_begin_object(j);
    for (int k = 0; k < li->nstatus; k++) {
        /* The unknown slot only when something is in it. */
        if (k == li->nstatus - 1 && !by_status[k].count)
            continue;
        json_key(j, status_key(li, k));
        json_tally(j, li, &by_status[k], FALSE);
    }
    json_end_object(j);
}

static void json_layer(vi_json *j, const layer_info *li, const layer_tally *lt)
{
    json_key(j, li->layer->name);
    json_tally(j, li, &lt->all, TRUE);
    if (li->toilet >= 0) {
        json_key(j, "toilet_retrofits");
        json_int(j, lt->toilet_retrofits);
    }
    if (li->nstatus) {
        json_key(j, "built");
        json_tally(j, li, &lt->built, FALSE);
        json_by_status(j, li, lt->by_status);
    }
    if (li->breakdown >= 0) {
        char *key = g_strdup_printf("by_%s", li->layer->breakdown);
        json_key(j, key);
        g_free(key);
        json_begin_object(j);
        tally zero = {0, 0, 0};
        tally *zeros = g_new0(tally, li->nstatus);
        for (guint v = 0; v < li->values->len; v++) {
            const value_tally *vt = v < lt->values->len ? g_ptr_array_index(lt->values, v) : NULL;
            json_key(j, g_ptr_array_index(li->values, v));
            json_tally(j, li, vt ? &vt->all : &zero, TRUE);
            if (li->nstatus)
                json_by_status(j, li, vt ? vt->by_status : zeros);
            json_end_object(j);
        }
        g_free(zeros);
        json_end_object(j);
    }
    json_end_object(j);
}

static void json_scope(vi_json *j, const vi_stats *s, const scope *sc)
{
    json_begin_object(j);
    if (sc->name) {
        json_key(j, "name");
        json_string(j, sc->name);
    }
    for (int i = 0; i < s->nlayers; i++)
        if (s->info[i].counted)
            json_layer(j, &s->info[i], &sc->layers[i]);
    if (s->with_projects) {
        json_key(j, "projects");
        json_begin_object(j);
        for (guint i = 0; i < s->programme_keys->len; i++) {
            const money *m = programme_money(sc, i);
            json_key(j, g_ptr_array_index(s->programme_keys, i));
            json_begin_object(j);
            json_key(j, "count");
            json_int(j, m->projects);
            json_key(j, "funding_wan");
            json_number(j, m->funding_wan);
            json_end_object(j);
        }
        json_end_object(j);
        money total = money_total(sc);
        json_key(j, "projects_total");
        json_begin_object(j);
        json_key(j, "count");
        json_int(j, total.projects);
        json_key(j, "funding_wan");
        json_number(j, total.funding_wan);
        json_end_object(j);
    }
    json_end_object(j);
}

void stats_render(const vi_stats *s, vi_format format, vi_lang lang, GString *out)
{
    if (format != VI_FORMAT_JSON) {
        render_tables(s, format, lang, out);
        return;
    }
    vi_json *j = json_new(out, NULL);
    json_begin_object(j);
    if (s->as_of) {
        json_key(j, "as_of");
        json_int(j, s->as_of);
        if (s->as_of_note[lang]) {
            json_key(j, "as_of_note");
            json_string(j, s->as_of_note[lang]);
        }
    }
    json_key(j, "total");
    json_scope(j, s, &s->total);
    json_key(j, "villages");
    json_begin_array(j);
    for (guint v = 0; v < s->villages->len; v++)
        json_scope(j, s, g_ptr_array_index(s->villages, v));
    json_end_array(j);
    json_end_object(j);
    json_free(j);
}

const char *stats_status_label(const vi_stats *s, const char *status, vi_lang lang)
{
    return status_label(s, status, lang);
}

const char *stats_programme_label(const vi_stats *s, int k, vi_lang lang)
{
    return programme_label(s, (guint)k, lang);
}

const char *stats_unit_label(const vi_stats *s, const char *layer, gboolean quantity, vi_lang lang)
{
    for (int i = 0; i < s->nlayers; i++)
        if (strcmp(s->info[i].layer->name, layer) == 0) {
            if (quantity && s->info[i].quantity < 0)
                return "";
            const char *u = unit(s, &s->info[i], quantity, lang);
            /* A label row the table lacks comes back as the layer's key. */
            return strcmp(u, layer) == 0 ? "" : u;
        }
    return "";
}
