/*
 * gaps.c - unserved households grouped into hamlets, described, and
 * rendered as tables or GeoJSON.  See gaps.h.
 */
#include "cli.h" /* TODO(issue 12): cli_text moves out */
#include "gaps.h"
#include "coverage-report.h"
#include "gkzone.h"
#include "report.h"
#include "spindex.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- clustering ----------------------------------------------------------- */

static int uf_find(int *parent, int i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static int hamlet_cmp(const void *pa, const void *pb)
{
    const vi_hamlet *a = pa, *b = pb;
    if (a->households != b->households)
        return b->households - a->households;
    if (a->people != b->people)
        return b->people - a->people;
    if (a->village != b->village)
        return a->village - b->village;
    return (a->x > b->x) - (a->x < b->x);
}

/* Sets H's direction and distance from its village's centre. */
static void locate(const vi_world *w, vi_hamlet *h)
{
    double cx, cy;
    h->direction = -1;
    h->centre_m = NAN;
    if (!world_village_centre(w, h->village, &cx, &cy))
        return;
    double dx = h->x - cx, dy = h->y - cy;
    h->centre_m = hypot(dx, dy);
    if (h->centre_m < VI_HAMLET_CENTRE_M) {
        h->direction = 8;
        return;
    }
    /* Bearing clockwise from north (grid north: under 1.5 degrees off here). */
    double bearing = atan2(dx, dy) * 180 / G_PI;
    if (bearing < 0)
        bearing += 360;
    h->direction = (int)floor((bearing + 22.5) / 45) % 8;
}

int gaps_cluster(const double *xy, int n, double link_m, int *cluster)
{
    /* Single linkage: join every pair within LINK_M. */
    vi_spindex *ix = spindex_new_points(xy, n);
    int *parent = g_new(int, n + 1);
    for (int i = 0; i < n; i++)
        parent[i] = i;
    GArray *near = g_array_new(FALSE, FALSE, sizeof(int));
    for (int i = 0; i < n; i++) {
        g_array_set_size(near, 0);
        spindex_within(ix, xy[2 * i], xy[2 * i + 1], link_m, near);
        for (guint k = 0; k < near->len; k++) {
            int a = uf_find(parent, i), b = uf_find(parent, g_array_index(near, int, k));
            if (a != b)
                parent[MAX(a, b)] = MIN(a, b);
        }
    }
    g_array_free(near, TRUE);
    spindex_free(ix);
    /* Numbered in order of their first member. */
    int nclusters = 0;
    int *id_of_root = g_new(int, n + 1);
    for (int i = 0; i < n; i++)
        id_of_root[i] = -1;
    for (int i = 0; i < n; i++) {
        int r = uf_find(parent, i);
        if (id_of_root[r] < 0)
            id_of_root[r] = nclusters++;
        cluster[i] = id_of_root[r];
    }
    g_free(id_of_root);
    g_free(parent);
    return nclusters;
}

GArray *gaps_hamlets(const vi_world *w, const vi_measure *m, GError **err)
{
    const double *hxy = world_household_xy(w);
    const int *hv = world_household_village(w);
    const int *members = world_household_members(w);
    const guint8 *poor = world_household_poor(w);
    int nv = world_village_count(w);
    GArray *unserved = g_array_new(FALSE, FALSE, sizeof(int));
    for (int h = 0; h < m->nhh; h++)
        if (!m->served[h])
            g_array_append_val(unserved, h);
    int n = (int)unserved->len;
    const int *u = (const int *)unserved->data;
    double *xy = g_new(double, 2 * n + 2);
    for (int i = 0; i < n; i++) {
        xy[2 * i] = hxy[2 * u[i]];
        xy[2 * i + 1] = hxy[2 * u[i] + 1];
    }
    int *cluster = g_new(int, n + 1);
    int nclusters = gaps_cluster(xy, n, VI_HAMLET_LINK_M, cluster);
    GArray *hamlets = g_array_sized_new(FALSE, TRUE, sizeof(vi_hamlet), nclusters);
    g_array_set_size(hamlets, nclusters);
    for (int c = 0; c < nclusters; c++) {
        vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, c);
        h->dist_min = h->near_dist = INFINITY;
        h->dist_max = -INFINITY;
        h->near_rule = h->near_feature = -1;
    }
    for (int i = 0; i < n; i++)
        g_array_index(hamlets, vi_hamlet, cluster[i]).nmembers++;
    for (int c = 0; c < nclusters; c++) {
        vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, c);
        h->members = g_new(int, h->nmembers);
        h->nmembers = 0;
    }
    for (int i = 0; i < n; i++) {
        vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, cluster[i]);
        int k = u[i];
        h->members[h->nmembers++] = k;
        h->households++;
        h->people += members[k];
        h->poor += poor[k];
        h->x += xy[2 * i];
        h->y += xy[2 * i + 1];
        h->dist_min = fmin(h->dist_min, m->dist[k]);
        h->dist_max = fmax(h->dist_max, m->dist[k]);
        if (m->near_rule[k] >= 0 && m->line_dist[k] < h->near_dist) {
            h->near_dist = m->line_dist[k];
            h->near_rule = m->near_rule[k];
            h->near_feature = m->near_feature[k];
        }
    }
    /* Village: the one most members belong to (the lowest index on a tie). */
    int *count = g_new0(int, nv + 1);
    double *lonlat = g_new(double, 2 * nclusters + 2);
    for (int c = 0; c < nclusters; c++) {
        vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, c);
        h->x /= h->households;
        h->y /= h->households;
        for (int k = 0; k < h->nmembers; k++)
            count[hv[h->members[k]]]++;
        h->village = nv;
        for (int k = 0; k < h->nmembers; k++) {
            int v = hv[h->members[k]];
            if (count[v] > count[h->village] || (count[v] == count[h->village] && v < h->village))
                h->village = v;
        }
        for (int k = 0; k < h->nmembers; k++)
            count[hv[h->members[k]]] = 0;
        locate(w, h);
        lonlat[2 * c] = h->x;
        lonlat[2 * c + 1] = h->y;
    }
    gboolean ok = gk_unproject(world_epsg(w), lonlat, (size_t)nclusters, err);
    for (int c = 0; ok && c < nclusters; c++) {
        vi_hamlet *h = &g_array_index(hamlets, vi_hamlet, c);
        h->lon = lonlat[2 * c];
        h->lat = lonlat[2 * c + 1];
    }
    if (hamlets->len > 0) /* qsort's array may not be NULL, even when empty (UBSan) */
        qsort(hamlets->data, hamlets->len, sizeof(vi_hamlet), hamlet_cmp);
    for (int c = 0; c < nclusters; c++)
        g_array_index(hamlets, vi_hamlet, c).number = c + 1;
    g_free(count);
    g_free(lonlat);
    g_free(cluster);
    g_free(xy);
    g_array_free(unserved, TRUE);
    if (!ok) {
        gaps_free(hamlets);
        return NULL;
    }
    return hamlets;
}

void gaps_free(GArray *hamlets)
{
    if (!hamlets)
        return;
    for (guint i = 0; i < hamlets->len; i++)
        g_free(g_array_index(hamlets, vi_hamlet, i).members);
    g_array_free(hamlets, TRUE);
}

/* ---- words ----------------------------------------------------------------- */

/* Compass points for tables ("北", "N") and sentences ("以北", "north"). */
static const char *const compass_zh[] = {"北", "东北", "东", "东南", "南", "西南", "西", "西北"};
static const char *const compass_en[] = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
static const char *const toward_zh[] = {"以北", "东北", "以东", "东南",
                                        "以南", "西南", "以西", "西北"};
static const char *const toward_en[] = {"north", "north-east", "east", "south-east",
                                        "south", "south-west", "west", "north-west"};

/* "2.3 公里" from a kilometre on, else "640 米" (to 10 m: a hamlet spans more). */
static char *centre_distance(double m)
{
    if (m >= 1000)
        return g_strdup_printf("%.1f %s", m / 1000, cli_text("公里", "km"));
    return g_strdup_printf("%.0f %s", round(m / 10) * 10, cli_text("米", "m"));
}

char *gaps_direction(const vi_hamlet *h)
{
    if (h->direction < 0)
        return NULL;
    if (h->direction == 8)
        return g_strdup(cli_text("中心附近", "centre"));
    char *d = centre_distance(h->centre_m);
    char *out =
        g_strdup_printf("%s %s", cli_text(compass_zh[h->direction], compass_en[h->direction]), d);
    g_free(d);
    return out;
}

char *gaps_place(const vi_world *w, const vi_hamlet *h)
{
    const char *village = world_village_name(w, h->village);
    if (!village)
        return g_strdup(cli_text("未属任何村", "no village"));
    if (h->direction < 0)
        return g_strdup(village);
    gboolean en = cli_common.language == VI_LANG_EN;
    if (h->direction == 8)
        return en ? g_strdup_printf("the centre of %s", village)
                  : g_strdup_printf("%s中心附近", village);
    char *d = centre_distance(h->centre_m);
    char *out =
        en ? g_strdup_printf("%s %s of the centre of %s", d, toward_en[h->direction], village)
           : g_strdup_printf("%s中心%s %s", village, toward_zh[h->direction], d);
    g_free(d);
    return out;
}

char *gaps_asset(const vi_world *w, const vi_measure *m, const vi_hamlet *h)
{
    if (h->near_rule < 0)
        return NULL;
    const vi_serving *s = m->serving[h->near_rule];
    const char *kind = coverage_asset_name(s->rule, world_registry(w), cli_common.language);
    const char *name = s->features->name ? s->features->name[h->near_feature] : NULL;
    const char *id = s->features->id ? s->features->id[h->near_feature] : NULL;
    return g_strdup_printf("%s %s", kind, name ? name : id ? id : "");
}

/* "3.1–3.6 公里", "450 米": kilometres with one decimal from 1 km up. */
static char *range_text(double lo, double hi)
{
    gboolean km = hi >= 1000;
    double a = km ? round(lo / 100) / 10 : round(lo), b = km ? round(hi / 100) / 10 : round(hi);
    const char *unit = km ? cli_text("公里", "km") : cli_text("米", "m");
    if (a == b)
        return g_strdup_printf(km ? "%.1f %s" : "%.0f %s", a, unit);
    return g_strdup_printf(km ? "%.1f–%.1f %s" : "%.0f–%.0f %s", a, b, unit);
}

char *gaps_description(const vi_world *w, const vi_measure *m, const vi_hamlet *h)
{
    gboolean en = cli_common.language == VI_LANG_EN;
    char *place = gaps_place(w, h);
    const vi_rule *r0 = m->def->rules[0];
    /* The kind of asset the measure is about: the nearest one's, else the first rule's. */
    const char *kind = coverage_asset_name(h->near_rule >= 0 ? m->serving[h->near_rule]->rule : r0,
                                           world_registry(w), cli_common.language);
    const vi_features *f = h->near_rule >= 0 ? m->serving[h->near_rule]->features : NULL;
    const char *name = f && f->name && f->name[h->near_feature] ? f->name[h->near_feature]
                       : f && f->id                             ? f->id[h->near_feature]
                                                                : NULL;
    GString *who = g_string_new(NULL);
    if (en) {
        g_string_printf(who, "%d household%s (%d %s", h->households, h->households == 1 ? "" : "s",
                        h->people, h->people == 1 ? "person" : "people");
        if (h->poor)
            g_string_append_printf(who, ", %d poor", h->poor);
        /* "... 2.9 km north of the centre of 东岔村", but "... in the centre of 大坪村" */
        g_string_append_printf(who, h->direction >= 0 && h->direction < 8 ? ") %s" : ") in %s",
                               place);
    } else {
        /* "处" keeps the place's distance apart from the count: "2.3 公里处 51 户" */
        g_string_printf(who, "%s%s %d 户（%d 人", place,
                        h->direction >= 0 && h->direction < 8 ? "处" : "", h->households,
                        h->people);
        if (h->poor)
            g_string_append_printf(who, "，贫困户 %d 户", h->poor);
        g_string_append(who, "）");
    }
    const char *verb = en ? (h->households == 1 ? "is" : "are") : "";
    char *out;
    if (m->def->method == VI_METHOD_ROAD) {
        char *range = range_text(h->dist_min, h->dist_max);
        out = isinf(h->dist_min)
                  ? g_strdup_printf(en ? "%s cannot reach a %s by road" : "%s无道路可达%s",
                                    who->str, kind)
                  : g_strdup_printf(en ? "%s %s %s along roads from the nearest %s"
                                       : "%s%s沿道路距最近的%s %s",
                                    who->str, en ? verb : "", en ? range : kind, en ? kind : range);
        g_free(range);
    } else if (!isfinite(h->near_dist)) {
        out = g_strdup_printf(en ? "%s has no %s anywhere" : "%s附近没有%s", who->str, kind);
    } else if (m->def->method == VI_METHOD_TERRAIN) {
        char *d = range_text(h->near_dist, h->near_dist);
        out = en ? g_strdup_printf("%s cannot see a %s antenna (the nearest, %s, is %s away)",
                                   who->str, kind, name ? name : "", d)
                 : g_strdup_printf("%s看不到%s天线（最近的%s%s距 %s）", who->str, kind, kind,
                                   name ? name : "", d);
        g_free(d);
    } else {
        char *range = range_text(h->dist_min, h->dist_max);
        char *named = name ? g_strdup_printf(en ? " (%s)" : "（%s）", name) : g_strdup("");
        out = en ? g_strdup_printf("%s %s %s from the nearest %s%s", who->str, verb, range, kind,
                                   named)
                 : g_strdup_printf(name ? "%s距最近的%s%s%s" : "%s距最近的%s%s %s", who->str, kind,
                                   named, range);
        g_free(range);
        g_free(named);
    }
    g_string_free(who, TRUE);
    g_free(place);
    return out;
}

/* ---- tables ----------------------------------------------------------------- */

static const char *village_label(const vi_world *w, int v)
{
    const char *name = world_village_name(w, v);
    return name ? name : cli_text("（未属任何村）", "(no village)");
}

static void hamlet_table(const vi_world *w, const vi_gaps *g, vi_report *rep)
{
    char *title = g_strdup_printf(cli_text("%s（%s）：未覆盖的聚落", "%s (%s): unserved hamlets"),
                                  g->service_name, g->label);
    const char *h[] = {
        cli_text("序号", "no."),
        cli_text("村", "village"),
        cli_text("位置", "where"),
        cli_text("户数", "households"),
        cli_text("人口", "people"),
        cli_text("贫困户", "poor"),
        cli_text("最近设施", "nearest asset"),
        g->measure->def->method == VI_METHOD_ROAD ? cli_text("沿路最近(米)", "road min m")
                                                  : cli_text("最近(米)", "min m"),
        g->measure->def->method == VI_METHOD_ROAD ? cli_text("沿路最远(米)", "road max m")
                                                  : cli_text("最远(米)", "max m"),
        cli_text("经度", "lon"),
        cli_text("纬度", "lat")};
    vi_table *t = report_add_table(rep, title, G_N_ELEMENTS(h), h);
    g_free(title);
    gint64 households = 0, people = 0, poor = 0;
    for (guint i = 0; i < g->hamlets->len; i++) {
        const vi_hamlet *ham = &g_array_index(g->hamlets, vi_hamlet, i);
        char *asset = gaps_asset(w, g->measure, ham);
        report_row(t);
        report_int(t, ham->number);
        report_text(t, village_label(w, ham->village));
        char *direction = gaps_direction(ham);
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
    report_text(t, cli_text("合计", "total"));
    report_empty(t);
    char *count = g_strdup_printf(cli_text("%u 处", "%u hamlets"), g->hamlets->len);
    report_text(t, count);
    g_free(count);
    report_int(t, households);
    report_int(t, people);
    report_int(t, poor);
}

static void sentence_table(const vi_world *w, const vi_gaps *g, vi_report *rep)
{
    if (g->hamlets->len == 0)
        return;
    char *title = g_strdup_printf(cli_text("%s：说明", "%s: in words"), g->service_name);
    const char *h[] = {cli_text("序号", "no."), cli_text("说明", "description")};
    vi_table *t = report_add_table(rep, title, 2, h);
    g_free(title);
    for (guint i = 0; i < g->hamlets->len; i++) {
        const vi_hamlet *ham = &g_array_index(g->hamlets, vi_hamlet, i);
        char *text = gaps_description(w, g->measure, ham);
        report_row(t);
        report_int(t, ham->number);
        report_text(t, text);
        g_free(text);
    }
}

static const char *household_asset_name(const vi_world *w, const vi_measure *m, int k, char **own)
{
    *own = NULL;
    if (m->near_rule[k] < 0)
        return NULL;
    const vi_serving *s = m->serving[m->near_rule[k]];
    const vi_features *f = s->features;
    const char *name = f->name && f->name[m->near_feature[k]] ? f->name[m->near_feature[k]]
                       : f->id                                ? f->id[m->near_feature[k]]
                                                              : "";
    *own = g_strdup_printf("%s %s", coverage_asset_name(s->rule, world_registry(w), cli_common.language), name);
    return *own;
}

static void household_table(const vi_world *w, const vi_gaps *g, vi_report *rep)
{
    char *title =
        g_strdup_printf(cli_text("%s：未覆盖农户", "%s: unserved households"), g->service_name);
    const char *h[] = {cli_text("聚落", "hamlet"),        cli_text("农户", "household"),
                       cli_text("村", "village"),         cli_text("人口", "people"),
                       cli_text("贫困户", "poor"),        cli_text("最近设施", "nearest asset"),
                       cli_text("距离(米)", "distance m")};
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
            report_text(t, village_label(w, world_household_village(w)[hh]));
            report_int(t, world_household_members(w)[hh]);
            report_text(t, world_household_poor(w)[hh] ? cli_text("是", "yes") : "");
            report_text(t, household_asset_name(w, g->measure, hh, &own));
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
                               gboolean households, GString *out, GError **err)
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
            char *place = gaps_place(w, h), *text = gaps_description(w, g->measure, h);
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
                     vi_format format, GString *out, GError **err)
{
    if (format == VI_FORMAT_GEOJSON)
        return render_geojson(w, gaps, ngaps, households, out, err);
    const char *only = world_options(w)->village;
    char *title =
        only ? g_strdup_printf(cli_text("未覆盖农户 · %s", "Unserved households · %s"), only)
             : g_strdup(cli_text("未覆盖农户", "Unserved households"));
    vi_report *rep = report_new(title);
    g_free(title);
    char *note =
        g_strdup_printf(cli_text("聚落：相距 %.0f 米以内的未覆盖农户归为一处；位置为聚落中心相对"
                                 "村中心的方位和距离。",
                                 "Hamlets: unserved households within %.0f m of each other; "
                                 "where: the direction and distance of the hamlet from the "
                                 "village centre."),
                        VI_HAMLET_LINK_M);
    report_add_note(rep, note);
    g_free(note);
    for (int gi = 0; gi < ngaps; gi++) {
        if (gaps[gi].hamlets->len == 0) {
            const char *fmt =
                world_household_count(w) == 0
                    ? cli_text("%s（%s）：没有农户数据。", "%s (%s): there are no households.")
                    : cli_text("%s（%s）：农户全部覆盖。", "%s (%s): every household is served.");
            char *none = g_strdup_printf(fmt, gaps[gi].service_name, gaps[gi].label);
            report_add_note(rep, none);
            g_free(none);
            continue;
        }
        hamlet_table(w, &gaps[gi], rep);
        sentence_table(w, &gaps[gi], rep);
        if (households)
            household_table(w, &gaps[gi], rep);
    }
    report_render(rep, format, out);
    report_free(rep);
    return TRUE;
}
