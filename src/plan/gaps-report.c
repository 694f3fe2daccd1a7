/*
 * gaps-report.c - hamlets in words ("27 households 2.1 km north of the
 * centre of 双龙村 are 3.1-3.6 km from the nearest village clinic") and
 * rendered as tables, CSV or GeoJSON.  See gaps.h.
 */
#include "gaps.h"
#include "coverage-report.h"
#include "gkzone.h"
#include "i18n.h"
#include "report.h"

#include <math.h>

/* ---- words ----------------------------------------------------------------- */

/* Compass points for tables ("北", "N"). */
static const char *const compass[] = {N_("N"), N_("NE"), N_("E"), N_("SE"),
                                      N_("S"), N_("SW"), N_("W"), N_("NW")};
/* "640 米 north of the centre of 双龙村", by compass point. */
static const char *const toward[] = {
    N_("%s north of the centre of %s"), N_("%s north-east of the centre of %s"),
    N_("%s east of the centre of %s"),  N_("%s south-east of the centre of %s"),
    N_("%s south of the centre of %s"), N_("%s south-west of the centre of %s"),
    N_("%s west of the centre of %s"),  N_("%s north-west of the centre of %s")};

/* ONE or MANY by N in LANG, both marked N_(): English has two forms, Chinese one. */
static const char *plural_in(vi_lang lang, const char *one, const char *many, long n)
{
    return vi_i18n_in(lang, n == 1 ? one : many);
}

/* "2.3 公里" from a kilometre on, else "640 米" (to 10 m: a hamlet spans more). */
static char *centre_distance(double m, vi_lang lang)
{
    if (m >= 1000)
        return g_strdup_printf("%.1f %s", m / 1000, vi_i18n_in(lang, N_("km")));
    return g_strdup_printf("%.0f %s", round(m / 10) * 10, vi_i18n_in(lang, N_("m")));
}

char *gaps_direction(const vi_hamlet *h, vi_lang lang)
{
    if (h->direction < 0)
        return NULL;
    if (h->direction == 8)
        return g_strdup(vi_i18n_in(lang, N_("centre")));
    char *d = centre_distance(h->centre_m, lang);
    char *out = g_strdup_printf("%s %s", vi_i18n_in(lang, compass[h->direction]), d);
    g_free(d);
    return out;
}

char *gaps_place(const vi_world *w, const vi_hamlet *h, vi_lang lang)
{
    const char *village = world_village_name(w, h->village);
    if (!village)
        return g_strdup(vi_i18n_in(lang, N_("no village")));
    if (h->direction < 0)
        return g_strdup(village);
    if (h->direction == 8)
        return g_strdup_printf(vi_i18n_in(lang, N_("the centre of %s")), village);
    char *d = centre_distance(h->centre_m, lang);
    char *out = g_strdup_printf(vi_i18n_in(lang, toward[h->direction]), d, village);
    g_free(d);
    return out;
}

char *gaps_asset(const vi_world *w, const vi_measure *m, const vi_hamlet *h, vi_lang lang)
{
    if (h->near_rule < 0)
        return NULL;
    const vi_serving *s = m->serving[h->near_rule];
    const char *kind = coverage_asset_name(s->rule, world_registry(w), lang);
    const char *name = s->features->name ? s->features->name[h->near_feature] : NULL;
    const char *id = s->features->id ? s->features->id[h->near_feature] : NULL;
    return g_strdup_printf("%s %s", kind, name ? name : id ? id : "");
}

/* "3.1–3.6 公里", "450 米": kilometres with one decimal from 1 km up. */
static char *range_text(double lo, double hi, vi_lang lang)
{
    gboolean km = hi >= 1000;
    double a = km ? round(lo / 100) / 10 : round(lo), b = km ? round(hi / 100) / 10 : round(hi);
    const char *unit = km ? vi_i18n_in(lang, N_("km")) : vi_i18n_in(lang, N_("m"));
    if (a == b)
        return g_strdup_printf(km ? "%.1f %s" : "%.0f %s", a, unit);
    return g_strdup_printf(km ? "%.1f–%.1f %s" : "%.0f–%.0f %s", a, b, unit);
}

char *gaps_description(const vi_world *w, const vi_measure *m, const vi_hamlet *h, vi_lang lang)
{
    char *place = gaps_place(w, h, lang);
    const vi_rule *r0 = m->def->rules[0];
    /* The kind of asset the measure is about: the nearest one's, else the first rule's. */
    const char *kind = coverage_asset_name(h->near_rule >= 0 ? m->serving[h->near_rule]->rule : r0,
                                           world_registry(w), lang);
    const vi_features *f = h->near_rule >= 0 ? m->serving[h->near_rule]->features : NULL;
    const char *name = f && f->name && f->name[h->near_feature] ? f->name[h->near_feature]
                       : f && f->id                             ? f->id[h->near_feature]
                                                                : NULL;
    char *households = g_strdup_printf(
        plural_in(lang, N_("%d household"), N_("%d households"), h->households), h->households);
    char *people =
        g_strdup_printf(plural_in(lang, N_("%d person"), N_("%d people"), h->people), h->people);
    char *poor =
        h->poor ? g_strdup_printf(vi_i18n_in(lang, N_(", %d poor")), h->poor) : g_strdup("");
    /* "... 2.9 km north of the centre of 东岔村", but "... in the centre of 大坪村" */
    char *who = g_strdup_printf(
        h->direction >= 0 && h->direction < 8
            /* TRANSLATORS: households, people, poor, a distance and direction from a centre */
            ? vi_i18n_in(lang, N_("%s (%s%s) %s"))
            /* TRANSLATORS: households, people, poor, a place */
            : vi_i18n_in(lang, N_("%s (%s%s) in %s")),
        households, people, poor, place);
    g_free(households);
    g_free(people);
    g_free(poor);
    long n = h->households;
    char *out;
    if (m->def->method == VI_METHOD_ROAD) {
        char *range = range_text(h->dist_min, h->dist_max, lang);
        out = isinf(h->dist_min)
                  ? g_strdup_printf(vi_i18n_in(lang, N_("%s cannot reach a %s by road")), who, kind)
                  : g_strdup_printf(plural_in(lang, N_("%s is %s along roads from the nearest %s"),
                                              N_("%s are %s along roads from the nearest %s"), n),
                                    who, range, kind);
        g_free(range);
    } else if (!isfinite(h->near_dist)) {
        out = g_strdup_printf(vi_i18n_in(lang, N_("%s has no %s anywhere")), who, kind);
    } else if (m->def->method == VI_METHOD_TERRAIN) {
        char *d = range_text(h->near_dist, h->near_dist, lang);
        out = g_strdup_printf(
            vi_i18n_in(lang, N_("%s cannot see a %s antenna (the nearest, %s, is %s away)")), who,
            kind, name ? name : "", d);
        g_free(d);
    } else {
        char *range = range_text(h->dist_min, h->dist_max, lang);
        out = name ? g_strdup_printf(plural_in(lang, N_("%s is %s from the nearest %s (%s)"),
                                               N_("%s are %s from the nearest %s (%s)"), n),
                                     who, range, kind, name)
                   : g_strdup_printf(plural_in(lang, N_("%s is %s from the nearest %s"),
                                               N_("%s are %s from the nearest %s"), n),
                                     who, range, kind);
        g_free(range);
    }
    g_free(who);
    g_free(place);
    return out;
}

/* ---- tables ----------------------------------------------------------------- */

static const char *village_label(const vi_world *w, int v, vi_lang lang)
{
    const char *name = world_village_name(w, v);
    return name ? name : vi_i18n_in(lang, N_("(no village)"));
}

static void hamlet_table(const vi_world *w, const vi_gaps *g, vi_lang lang, vi_report *rep)
{
    char *title = g_strdup_printf(vi_i18n_in(lang, N_("%s (%s): unserved hamlets")),
                                  g->service_name, g->label);
    const char *h[] = {
        vi_i18n_in(lang, N_("no.")),
        vi_i18n_in(lang, N_("village")),
        vi_i18n_in(lang, N_("where")),
        vi_i18n_in(lang, N_("households")),
        vi_i18n_in(lang, N_("people")),
        vi_i18n_in(lang, N_("poor")),
        vi_i18n_in(lang, N_("nearest asset")),
        g->measure->def->method == VI_METHOD_ROAD ? vi_i18n_in(lang, N_("road min m"))
                                                  : vi_i18n_in(lang, N_("min m")),
        g->measure->def->method == VI_METHOD_ROAD ? vi_i18n_in(lang, N_("road max m"))
                                                  : vi_i18n_in(lang, N_("max m")),
        vi_i18n_in(lang, N_("lon")),
        vi_i18n_in(lang, N_("lat"))};
    vi_table *t = report_add_table(rep, title, G_N_ELEMENTS(h), h);
    g_free(title);
    gint64 households = 0, people = 0, poor = 0;
    for (guint i = 0; i < g->hamlets->len; i++) {
        const vi_hamlet *ham = &g_array_index(g->hamlets, vi_hamlet, i);
        char *asset = gaps_asset(w, g->measure, ham, lang);
        report_row(t);
        report_int(t, ham->number);
        report_text(t, village_label(w, ham->village, lang));
        char *direction = gaps_direction(ham, lang);
        report_text(t, direction);
        g_free(direction);
        report_int(t, ham->households);
        report_int(t, ham->people);
        report_int(t, ham->poor);
        report_text(t, asset ? asset : "—");
        report_number(t, ham->dist_min, 0);
        report_number(t, ham->dist_max, 0);
        report_number(t, ham->lon, 6);
        report_number(t, ham->lat, 6);
        households += ham->households;
        people += ham->people;
        poor += ham->poor;
        g_free(asset);
    }
    report_total_row(t);
    report_text(t, vi_i18n_in(lang, N_("total")));
    report_empty(t);
    char *count = g_strdup_printf(vi_i18n_in(lang, N_("%u hamlets")), g->hamlets->len);
    report_text(t, count);
    g_free(count);
    report_int(t, households);
    report_int(t, people);
    report_int(t, poor);
}

static void sentence_table(const vi_world *w, const vi_gaps *g, vi_lang lang, vi_report *rep)
{
    if (g->hamlets->len == 0)
        return;
    char *title = g_strdup_printf(vi_i18n_in(lang, N_("%s: in words")), g->service_name);
    const char *h[] = {vi_i18n_in(lang, N_("no.")), vi_i18n_in(lang, N_("description"))};
    vi_table *t = report_add_table(rep, title, 2, h);
    g_free(title);
    for (guint i = 0; i < g->hamlets->len; i++) {
        const vi_hamlet *ham = &g_array_index(g->hamlets, vi_hamlet, i);
        char *text = gaps_description(w, g->measure, ham, lang);
        report_row(t);
        report_int(t, ham->number);
        report_text(t, text);
        g_free(text);
    }
}

static const char *household_asset_name(const vi_world *w, const vi_measure *m, int k, vi_lang lang,
                                        char **own)
{
    *own = NULL;
    if (m->near_rule[k] < 0)
        return NULL;
    const vi_serving *s = m->serving[m->near_rule[k]];
    const vi_features *f = s->features;
    const char *name = f->name && f->name[m->near_feature[k]] ? f->name[m->near_feature[k]]
                       : f->id                                ? f->id[m->near_feature[k]]
                                                              : "";
    *own = g_strdup_printf("%s %s", coverage_asset_name(s->rule, world_registry(w), lang), name);
    return *own;
}

static void household_table(const vi_world *w, const vi_gaps *g, vi_lang lang, vi_report *rep)
{
    char *title = g_strdup_printf(vi_i18n_in(lang, N_("%s: unserved households")), g->service_name);
    const char *h[] = {vi_i18n_in(lang, N_("hamlet")),    vi_i18n_in(lang, N_("household")),
                       vi_i18n_in(lang, N_("village")),   vi_i18n_in(lang, N_("people")),
                       vi_i18n_in(lang, N_("poor")),      vi_i18n_in(lang, N_("nearest asset")),
                       vi_i18n_in(lang, N_("distance m"))};
    vi_table *t = report_add_table(rep, title, G_N_ELEMENTS(h), h);
    g_free(title);
    report_table_group(t, 1);
    const char *const *ids = world_household_id(w);
    for (guint i = 0; i < g->hamlets->len; i++) {
        const vi_hamlet *ham = &g_array_index(g->hamlets, vi_hamlet, i);
        for (int k = 0; k < ham->nmembers; k++) {
            int hh = ham->members[k];
            char *own;
            report_row(t);
            report_int(t, ham->number);
            report_text(t, ids ? ids[hh] : NULL);
            report_text(t, village_label(w, world_household_village(w)[hh], lang));
            report_int(t, world_household_members(w)[hh]);
            report_text(t, world_household_poor(w)[hh] ? vi_i18n_in(lang, N_("yes")) : "");
            report_text(t, household_asset_name(w, g->measure, hh, lang, &own));
            report_number(t, g->measure->dist[hh], 0);
            g_free(own);
        }
    }
}

/* ---- GeoJSON ------------------------------------------------------------------ */

/* Open a GeoJSON point feature at LON/LAT and its properties object; the
 * caller writes the properties and closes both objects. */
static void feature_begin(vi_json *j, double lon, double lat)
{
    json_begin_object(j);
    json_key(j, "type"), json_string(j, "Feature");
    json_key(j, "geometry");
    json_begin_object(j);
    json_key(j, "type"), json_string(j, "Point");
    json_key(j, "coordinates");
    json_begin_array(j);
    json_degrees(j, lon);
    json_degrees(j, lat);
    json_end_array(j);
    json_end_object(j);
    json_key(j, "properties");
    json_begin_object(j);
}

static void feature_end(vi_json *j)
{
    json_end_object(j);
    json_end_object(j);
}

static gboolean render_geojson(const vi_world *w, const vi_gaps *gaps, int ngaps,
                               gboolean households, vi_lang lang, GString *out, GError **err)
{
    vi_json *j = json_new(out, NULL);
    json_begin_object(j);
    json_key(j, "type"), json_string(j, "FeatureCollection");
    json_key(j, "crs");
    json_begin_object(j);
    json_key(j, "type"), json_string(j, "name");
    json_key(j, "properties");
    json_begin_object(j);
    json_key(j, "name"), json_string(j, "urn:ogc:def:crs:EPSG::4490");
    json_end_object(j);
    json_end_object(j);
    /* A foreign member (RFC 7946, 6.1): the year the gaps are as of. */
    if (world_options(w)->as_of)
        json_key(j, "as_of"), json_int(j, world_options(w)->as_of);
    json_key(j, "features");
    json_begin_array(j);
    gboolean ok = TRUE;
    const char *const *ids = world_household_id(w);
    for (int gi = 0; ok && gi < ngaps; gi++) {
        const vi_gaps *g = &gaps[gi];
        for (guint i = 0; i < g->hamlets->len; i++) {
            const vi_hamlet *h = &g_array_index(g->hamlets, vi_hamlet, i);
            const vi_features *f =
                h->near_rule >= 0 ? g->measure->serving[h->near_rule]->features : NULL;
            char *place = gaps_place(w, h, lang), *text = gaps_description(w, g->measure, h, lang);
            feature_begin(j, h->lon, h->lat);
            json_key(j, "kind"), json_string(j, "hamlet");
            json_key(j, "service"), json_string(j, g->measure->def->service);
            json_key(j, "method"), json_string(j, vi_method_names[g->measure->def->method]);
            json_key(j, "hamlet"), json_int(j, h->number);
            json_key(j, "village"), json_string(j, world_village_name(w, h->village));
            json_key(j, "place"), json_string(j, place);
            json_key(j, "village_centre_m"), json_number(j, h->centre_m);
            json_key(j, "households"), json_int(j, h->households);
            json_key(j, "people"), json_int(j, h->people);
            json_key(j, "poor_households"), json_int(j, h->poor);
            json_key(j, "nearest_layer"), json_string(j, f ? f->layer->name : NULL);
            json_key(j, "nearest_id"), json_string(j, f && f->id ? f->id[h->near_feature] : NULL);
            json_key(j, "nearest_name"),
                json_string(j, f && f->name ? f->name[h->near_feature] : NULL);
            json_key(j, "nearest_line_m"), json_number(j, h->near_dist);
            json_key(j, "distance_min_m"), json_number(j, h->dist_min);
            json_key(j, "distance_max_m"), json_number(j, h->dist_max);
            json_key(j, "description"), json_string(j, text);
            feature_end(j);
            g_free(place);
            g_free(text);
        }
        if (!households)
            continue;
        /* Households: one projection back to lon/lat for all of them. */
        GArray *xy = g_array_new(FALSE, FALSE, sizeof(double));
        for (guint i = 0; i < g->hamlets->len; i++) {
            const vi_hamlet *h = &g_array_index(g->hamlets, vi_hamlet, i);
            for (int k = 0; k < h->nmembers; k++)
                g_array_append_vals(xy, world_household_xy(w) + 2 * h->members[k], 2);
        }
        ok = gk_unproject(world_epsg(w), (double *)xy->data, xy->len / 2, err);
        for (guint i = 0, at = 0; ok && i < g->hamlets->len; i++) {
            const vi_hamlet *h = &g_array_index(g->hamlets, vi_hamlet, i);
            for (int k = 0; k < h->nmembers; k++, at++) {
                int hh = h->members[k];
                int rule = g->measure->near_rule[hh];
                const vi_features *f = rule >= 0 ? g->measure->serving[rule]->features : NULL;
                feature_begin(j, g_array_index(xy, double, 2 * at),
                              g_array_index(xy, double, 2 * at + 1));
                json_key(j, "kind"), json_string(j, "household");
                json_key(j, "service"), json_string(j, g->measure->def->service);
                json_key(j, "hamlet"), json_int(j, h->number);
                json_key(j, "id"), json_string(j, ids ? ids[hh] : NULL);
                json_key(j, "village"),
                    json_string(j, world_village_name(w, world_household_village(w)[hh]));
                json_key(j, "members"), json_int(j, world_household_members(w)[hh]);
                json_key(j, "poor"), json_bool(j, world_household_poor(w)[hh]);
                json_key(j, "nearest_id"),
                    json_string(j, f && f->id ? f->id[g->measure->near_feature[hh]] : NULL);
                json_key(j, "nearest_name"),
                    json_string(j, f && f->name ? f->name[g->measure->near_feature[hh]] : NULL);
                json_key(j, "distance_m"), json_number(j, g->measure->dist[hh]);
                feature_end(j);
            }
        }
        g_array_free(xy, TRUE);
    }
    json_end_array(j);
    json_end_object(j);
    json_free(j);
    return ok;
}

gboolean gaps_render(const vi_world *w, const vi_gaps *gaps, int ngaps, gboolean households,
                     vi_format format, vi_lang lang, GString *out, GError **err)
{
    if (format == VI_FORMAT_GEOJSON)
        return render_geojson(w, gaps, ngaps, households, lang, out, err);
    const char *only = world_options(w)->village;
    char *title = only ? g_strdup_printf(vi_i18n_in(lang, N_("Unserved households · %s")), only)
                       : g_strdup(vi_i18n_in(lang, N_("Unserved households")));
    int as_of = world_options(w)->as_of;
    if (as_of) {
        char *when = store_as_of_phrase(as_of, lang);
        char *dated = g_strdup_printf(vi_i18n_in(lang, N_("%s, %s")), title, when);
        g_free(when);
        g_free(title);
        title = dated;
    }
    vi_report *rep = report_new(title);
    g_free(title);
    if (world_as_of_note(w, lang))
        report_add_note(rep, world_as_of_note(w, lang));
    char *note = g_strdup_printf(
        vi_i18n_in(lang, N_("Hamlets: unserved households within %.0f m of each other; "
                            "where: the direction and distance of the hamlet from the "
                            "village centre.")),
        VI_HAMLET_LINK_M);
    report_add_note(rep, note);
    g_free(note);
    for (int gi = 0; gi < ngaps; gi++) {
        if (gaps[gi].hamlets->len == 0) {
            const char *fmt = world_household_count(w) == 0
                                  ? vi_i18n_in(lang, N_("%s (%s): there are no households."))
                                  : vi_i18n_in(lang, N_("%s (%s): every household is served."));
            char *none = g_strdup_printf(fmt, gaps[gi].service_name, gaps[gi].label);
            report_add_note(rep, none);
            g_free(none);
            continue;
        }
        hamlet_table(w, &gaps[gi], lang, rep);
        sentence_table(w, &gaps[gi], lang, rep);
        if (households)
            household_table(w, &gaps[gi], lang, rep);
    }
    report_render(rep, format, out);
    report_free(rep);
    return TRUE;
}
