/*
 * network.c - roads, rivers, bridges and streetlights: the county road cut
 * at the ridges and the upgraded route, each village's main road (its
 * hardened share meeting the report's 33.6 km exactly) and group roads;
 * the main river, the streams and the two improved stretches; the bridges
 * where roads cross water; the 853 lights along the roads built.
 */
#include "gen-demo.h"

#include <string.h>

#define COUNTY_ROAD_NAME "蓝葛公路"
#define MAIN_RIVER_NAME "灞河"

/* The northern village whose stretch of the main valley holds vertex K. */
static int north_village_at(const world *w, int k)
{
    for (int i = 0; i < N_NORTH; i++)
        if (k < w->kp[i + 1])
            return i;
    return N_NORTH - 1;
}

static int south_village_at(const world *w, int k)
{
    for (int j = 0; j < N_SOUTH; j++)
        if (k < w->kr[j + 1])
            return N_NORTH + j;
    return NV - 1;
}

static void road_attrs(feature *f, const char *cls, const char *surface, double width)
{
    attr_text(f, "class", cls);
    attr_text(f, "surface", surface);
    attr_real(f, "width", width);
}

static double km(const world *w, const GArray *ll)
{
    return ll_length(w, ll) / 1000.0;
}

/* The county road (cut where ridges cross it and where the upgraded route
 * starts and ends), each village's main road, its group roads.  Of the
 * main roads, the same share of each, from its foot, was hardened: the
 * share that brings the roads built to exactly 33.6 km. */
void make_roads(world *w)
{
    rng_t r = rng_stream(600);
    int from = w->v[village_index(ROUTE_FROM)].mouth, to = w->v[village_index(ROUTE_TO)].mouth;
    int cuts[N_NORTH + 3], ncuts = 0;
    for (int k = 0; k <= N_NORTH; k++)
        cuts[ncuts++] = w->kp[k];
    cuts[ncuts++] = from;
    cuts[ncuts++] = to;
    for (int i = 0; i < ncuts; i++)
        for (int j = i + 1; j < ncuts; j++)
            if (cuts[j] < cuts[i]) {
                int t = cuts[i];
                cuts[i] = cuts[j];
                cuts[j] = t;
            }
    double built = 0;
    project *route[NV] = {0};
    for (int c = 0; c + 1 < ncuts; c++) {
        int a = cuts[c], b = cuts[c + 1];
        int vi = north_village_at(w, a);
        gboolean widened = a >= from && b <= to;
        GArray *ll = line_to_ll(w, line_slice(w->county, a, b));
        project *p = NULL;
        if (widened) {
            if (!route[vi])
                route[vi] =
                    project_new(w, P_INFRA, vi, 2019, 0, "大坪—七安子—甘坪村提升道路拓宽（%s段）",
                                w->v[vi].def->name);
            p = route[vi];
            p->weight += 30 * km(w, ll);
            built += ll_length(w, ll);
        }
        char *name = g_strdup_printf("%s（%s段）", COUNTY_ROAD_NAME, w->v[vi].def->name);
        feature *f = feature_line(w, L_ROADS, vi, name, widened ? "widened" : "existing", p, ll);
        road_attrs(f, "county", "asphalt", widened ? 8.5 : 6.5);
        if (widened)
            g_ptr_array_add(w->built_roads, f);
        g_free(name);
    }

    /* group roads: about half of them new */
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        for (guint i = 0; i < v->hamlets->len; i++) {
            hamlet *h = &g_array_index(v->hamlets, hamlet, i);
            if (!h->on_spur)
                continue;
            GArray *ll = line_to_ll(w, h->host);
            gboolean is_new = rng_uniform(&r) < 0.5;
            char *name =
                g_strdup_printf("%s%s组通组路", v->def->name, group_numerals[h->number - 1]);
            project *p = NULL;
            if (is_new) {
                p = project_new(w, P_INFRA, vi, rng_int(&r, 2018, 2020), 32 * km(w, ll), "%s新建",
                                name);
                built += ll_length(w, ll);
            }
            feature *f = feature_line(w, L_ROADS, vi, name, is_new ? "new" : "existing", p, ll);
            if (is_new) {
                road_attrs(f, "group", "concrete", 3.5);
                g_ptr_array_add(w->built_roads, f);
            } else {
                road_attrs(f, "group", rng_uniform(&r) < 0.5 ? "gravel" : "earth", 3.0);
            }
            g_free(name);
        }
    }

    /* main roads: a southern village's begins at the bank line, the few
     * metres from the county road down to it lying in the northern village */
    GArray *main_ll[NV];
    double total = 0;
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        GArray *road = v->road;
        if (v->def->side < 0) {
            int north = north_village_at(w, v->mouth);
            char *name = g_strdup_printf("%s通村路（连接段）", v->def->name);
            feature *f = feature_line(w, L_ROADS, north, name, "existing", NULL,
                                      line_to_ll(w, line_slice(road, 0, 1)));
            road_attrs(f, "village", "concrete", 4.5);
            g_free(name);
            GArray *rest = line_slice(road, 1, (int)road->len - 1);
            main_ll[vi] = line_to_ll(w, rest);
            g_array_free(rest, TRUE);
        } else {
            main_ll[vi] = line_to_ll(w, road);
        }
        total += ll_length(w, main_ll[vi]);
    }
    double share = (ROADS_BUILT_M - built) / total;
    if (share < 0.1 || share > 0.8)
        die("hardened share of the main roads %.3f is implausible", share);
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        double d = share * ll_length(w, main_ll[vi]);
        GArray *head = NULL, *tail = NULL;
        if (vi == NV - 1) {
            /* the last one takes up what rounding left: solve on the rounded coordinates */
            double target = ROADS_BUILT_M - built;
            d = target;
            for (int iter = 0; iter < 20; iter++) {
                if (head) {
                    g_array_free(head, TRUE);
                    g_array_free(tail, TRUE);
                }
                ll_split(w, main_ll[vi], d, &head, &tail);
                double err = target - ll_length(w, head);
                if (fabs(err) < 0.02)
                    break;
                d += err;
            }
        } else {
            ll_split(w, main_ll[vi], d, &head, &tail);
        }
        built += ll_length(w, head);
        char *name = g_strdup_printf("%s通村路", v->def->name);
        project *p =
            project_new(w, P_INFRA, vi, rng_int(&r, 2017, 2019), 22 * km(w, head), "%s硬化", name);
        feature *f = feature_line(w, L_ROADS, vi, name, "hardened", p, head);
        road_attrs(f, "village", "concrete", 4.5);
        g_ptr_array_add(w->built_roads, f);
        f = feature_line(w, L_ROADS, vi, name, "existing", NULL, tail);
        road_attrs(f, "village", "gravel", 4.0);
        g_free(name);
        g_array_free(main_ll[vi], TRUE);
    }
}

/* The main river, cut where the southern ridges cross it; each village's
 * stream; the lower 1.5 km of two of them improved by the programme. */
void make_rivers(world *w)
{
    for (int j = 0; j < N_SOUTH; j++) {
        GArray *piece = line_slice(w->river, w->kr[j + 1], w->kr[j]); /* downstream: westward */
        feature *f = feature_line(w, L_RIVERS, N_NORTH + j, MAIN_RIVER_NAME, "existing", NULL,
                                  line_to_ll(w, piece));
        attr_text(f, "kind", "river");
        g_array_free(piece, TRUE);
    }
    static const char *const improved[] = {"白岩沟村", "小沟口村", NULL};
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        GArray *s = v->stream;
        int end = (int)s->len - 1;
        if (v->def->side >
            0) { /* the last metres, below the bank line, lie in a southern village */
            GArray *tail = line_slice(s, end - 1, end);
            feature *f = feature_line(w, L_RIVERS, south_village_at(w, v->mouth + 1),
                                      v->def->stream, "existing", NULL, line_to_ll(w, tail));
            attr_text(f, "kind", "stream");
            g_array_free(tail, TRUE);
            end--;
        }
        int cut = end;
        if (in_list(improved, v->def->name)) {
            double from_mouth = 0;
            while (cut > 1 && from_mouth < 1500) {
                from_mouth += dist(AT(s, cut - 1), AT(s, cut));
                cut--;
            }
        }
        GArray *upper = line_slice(s, 0, cut);
        feature *f =
            feature_line(w, L_RIVERS, vi, v->def->stream, "existing", NULL, line_to_ll(w, upper));
        attr_text(f, "kind", "stream");
        g_array_free(upper, TRUE);
        if (cut < end) {
            GArray *lower = line_slice(s, cut, end);
            project *p = project_new(w, P_ECOLOGY, vi, 2018, 50, "%s%s河道治理", v->def->name,
                                     v->def->stream);
            f = feature_line(w, L_RIVERS, vi, v->def->stream, "improved", p, line_to_ll(w, lower));
            attr_text(f, "kind", "stream");
            g_array_free(lower, TRUE);
        }
    }
}

/* Bridges: the five southern villages' new ones over the main river, where
 * their road crosses it; the county road's old ones over the northern streams. */
void make_bridges(world *w)
{
    rng_t r = rng_stream(610);
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        feature *f;
        if (v->def->side < 0) {
            char *name = g_strdup_printf("%s便民桥", v->def->name);
            project *p =
                project_new(w, P_INFRA, vi, 2018, 16 * rng_range(&r, 0.85, 1.15), "%s建设", name);
            f = feature_point(w, L_BRIDGES, vi, name, "built", p, AT(w->river, v->mouth));
            attr_real(f, "length", rng_int(&r, 24, 40));
            attr_real(f, "width", 4.5);
            g_free(name);
        } else {
            char *name = g_strdup_printf("%s桥", v->def->stream);
            f = feature_point(w, L_BRIDGES, vi, name, "existing", NULL,
                              AT(w->county, v->mouth + 1));
            attr_real(f, "length", rng_int(&r, 8, 14));
            attr_real(f, "width", 7.0);
            g_free(name);
        }
    }
}

/* 853 lights, evenly spaced along every road built (about 40 m apart), 3 m
 * to the left of the road line. */
void place_streetlights(world *w)
{
    rng_t r = rng_stream(620);
    int n = (int)w->built_roads->len;
    double *len = g_new(double, n), total = 0;
    int *count = g_new0(int, n), given = 0;
    for (int i = 0; i < n; i++)
        total += len[i] = ll_length(w, ((feature *)w->built_roads->pdata[i])->coords);
    for (int i = 0; i < n; i++)
        given += count[i] = (int)floor(STREETLIGHTS * len[i] / total);
    while (given < STREETLIGHTS) { /* largest remainders first */
        int best = -1;
        double best_frac = -1;
        for (int i = 0; i < n; i++) {
            double frac = STREETLIGHTS * len[i] / total - count[i];
            if (frac > best_frac) {
                best_frac = frac;
                best = i;
            }
        }
        count[best]++;
        given++;
    }
    for (int i = 0; i < n; i++) {
        feature *road = w->built_roads->pdata[i];
        village *v = &w->v[road->village];
        gboolean grid = strcmp(road->status, "widened") == 0;
        if (!v->lights)
            v->lights = project_new(w, P_INFRA, road->village, rng_int(&r, 2019, 2020), 0,
                                    "%s路灯安装", v->def->name);
        char *name = g_strdup_printf("%s路灯", v->def->name);
        for (int k = 0; k < count[i]; k++) {
            guint seg;
            pt on = ll_along(w, road->coords, (k + 0.5) * len[i] / count[i], &seg);
            double azi = 0, lat = 0, lon = 0;
            pt a = AT(road->coords, seg), b = AT(road->coords, seg + 1);
            geod_inverse(&w->geod, a.y, a.x, b.y, b.x, NULL, &azi, NULL);
            geod_direct(&w->geod, on.y, on.x, azi - 90, 3.0, &lat, &lon, NULL);
            feature *f = feature_new(w, L_STREETLIGHTS, road->village, name, "built", v->lights);
            line_push(f->coords, pt_make(round7(lon), round7(lat)));
            attr_text(f, "power_source", grid ? "grid" : "solar");
            attr_int(f, "watts", grid ? 100 : 40);
            v->lights->weight += 0.25;
        }
        g_free(name);
    }
    g_free(len);
    g_free(count);
}
