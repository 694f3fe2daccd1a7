/*
 * facilities.c - what the programmes built in and around the hamlets: the
 * industry sites and cooperatives, committees, clinics, elderly care,
 * culture, schools, toilets and garbage pools (before the houses, which
 * keep clear of their sites); then, on the terrain, every hamlet's water
 * tank and pipe, the signal towers chosen until every household is in
 * reach and in sight of one, and the trees along the upgraded route.
 */
#include "gen-demo.h"

#include <string.h>

/* The report's industry projects, village by village (14 in all). */
static const struct {
    const char *village, *type, *label;
    double weight; /* relative cost */
} industry_plan[] = {
    {"上雷村", "photovoltaic", "光伏电站", 120},    {"上雷村", "mushroom", "香菇大棚", 85},
    {"双龙村", "beekeeping", "中蜂养殖基地", 50},   {"大坪村", "photovoltaic", "光伏电站", 120},
    {"七安子村", "beekeeping", "中蜂养殖基地", 50}, {"甘坪村", "mushroom", "香菇大棚", 85},
    {"阿氏村", "tourism", "乡村旅游接待中心", 250}, {"阿氏村", "beekeeping", "中蜂养殖基地", 50},
    {"白岩沟村", "boar", "特种野猪养殖场", 70},     {"小沟口村", "photovoltaic", "光伏电站", 120},
    {"小沟口村", "mushroom", "香菇大棚", 85},       {"东岔村", "photovoltaic", "光伏电站", 120},
    {"石门村", "mushroom", "香菇大棚", 85},         {"马家坪村", "boar", "特种野猪养殖场", 70},
};

static const struct {
    const char *type, *cooperative;
} cooperative_names[] = {
    {"photovoltaic", "光伏产业"}, {"mushroom", "香菇种植"}, {"beekeeping", "中蜂养殖"},
    {"boar", "特种养殖"},         {"tourism", "乡村旅游"},
};

static const char *const three_committees[] = {"马家坪村", "甘坪村",   "上雷村", "阿氏村",
                                               "双龙村",   "小沟口村", NULL};
static const char *const elderly_villages[] = {"双龙村", "马家坪村", NULL};
static const char *const hall_villages[] = {"上雷村", "甘坪村", "阿氏村", NULL};
static const char *const stage_villages[] = {"双龙村", "大坪村", "马家坪村", NULL};
static const char *const wall_villages[] = {"上雷村",   "双龙村", "七安子村", "甘坪村", "白岩沟村",
                                            "小沟口村", "石门村", "马家坪村", NULL};
static const char *const no_toilet_villages[] = {"七安子村", NULL};
static const char *const two_pool_villages[] = {"马家坪村", "甘坪村", "上雷村", NULL};
static const char *const second_square_villages[] = {"马家坪村", NULL};
static const char *const wall_kinds[] = {"文化墙", "诗词长廊", "文化亭"};

void place_facilities(world *w)
{
    rng_t r = rng_stream(400);
    int committees = 0;
    char *name;

    for (guint i = 0; i < G_N_ELEMENTS(industry_plan); i++) {
        int vi = village_index(industry_plan[i].village);
        village *v = &w->v[vi];
        const char *type = industry_plan[i].type;
        project *p = project_new(w, P_INDUSTRY, vi, rng_int(&r, 2017, 2020),
                                 industry_plan[i].weight * rng_range(&r, 0.85, 1.15), "%s%s",
                                 v->def->name, industry_plan[i].label);
        if (!v->industry) {
            v->industry = p;
            v->industry_type = type;
        }
        hamlet *h;
        double lateral, capacity;
        if (strcmp(type, "photovoltaic") == 0) {
            h = hamlet_of(w, vi, 1), lateral = 150, capacity = 50 * rng_int(&r, 2, 6);
        } else if (strcmp(type, "mushroom") == 0) {
            h = hamlet_of(w, vi, 0), lateral = 75, capacity = 10 * rng_int(&r, 2, 6);
        } else if (strcmp(type, "beekeeping") == 0) {
            h = last_hamlet(w, vi), lateral = 110, capacity = 20 * rng_int(&r, 5, 15);
        } else if (strcmp(type, "boar") == 0) {
            h = last_hamlet(w, vi), lateral = 200, capacity = 10 * rng_int(&r, 5, 15);
        } else {
            h = hamlet_of(w, vi, 0), lateral = 40, capacity = 10 * rng_int(&r, 8, 15);
        }
        name = g_strdup_printf("%s%s", v->def->name, industry_plan[i].label);
        feature *f = feature_point(w, L_INDUSTRY, vi, name, "built", p, hamlet_spot(h, lateral));
        attr_text(f, "type", type);
        attr_real(f, "capacity", capacity);
        g_free(name);
    }

    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        const char *vn = v->def->name;
        hamlet *mh = hamlet_of(w, vi, 0);
        feature *f;
        project *p;

        /* committees: 14 built and 14 upgraded, alternately */
        int ncomm = in_list(three_committees, vn) ? 3 : 2;
        for (int c = 0; c < ncomm; c++, committees++) {
            gboolean built = committees % 2 == 0;
            hamlet *h = hamlet_of(w, vi, c);
            if (c == 0)
                name = g_strdup_printf("%s村委会", vn);
            else
                name = g_strdup_printf("%s%s组活动室", vn, group_numerals[h->number - 1]);
            p = project_new(w, P_INFRA, vi, rng_int(&r, 2016, 2018),
                            (built ? 12 : 4) * (c == 0 ? 1.3 : 0.7) * rng_range(&r, 0.85, 1.15),
                            "%s%s", name, built ? "新建" : "提升改造");
            f = feature_point(w, L_COMMITTEES, vi, name, built ? "built" : "upgraded", p,
                              hamlet_spot(h, 24));
            attr_real(f, "area", c == 0 ? 10 * rng_int(&r, 25, 50) : 10 * rng_int(&r, 8, 20));
            g_free(name);
        }

        if (strcmp(vn, NO_CLINIC_VILLAGE) != 0) {
            name = g_strdup_printf("%s卫生室", vn);
            p = project_new(w, P_HEALTH, vi, rng_int(&r, 2018, 2019),
                            15 * rng_range(&r, 0.85, 1.15), "%s标准化建设", name);
            f = feature_point(w, L_CLINICS, vi, name, "built", p, hamlet_spot(mh, 24));
            attr_int(f, "doctors", rng_int(&r, 1, 2));
            attr_real(f, "area", 5 * rng_int(&r, 16, 26));
            g_free(name);
        }
        if (in_list(elderly_villages, vn)) {
            name = g_strdup_printf("%s互助幸福院", vn);
            p = project_new(w, P_HEALTH, vi, 2019, 19 * rng_range(&r, 0.9, 1.1), "%s建设", name);
            f = feature_point(w, L_ELDERLY_CARE, vi, name, "built", p, hamlet_spot(mh, 24));
            attr_int(f, "beds", rng_int(&r, 20, 30));
            g_free(name);
        }

        /* culture: a square in every village (two in one), halls, stages, walls */
        for (int c = 0; c < (in_list(second_square_villages, vn) ? 2 : 1); c++) {
            hamlet *h = hamlet_of(w, vi, c);
            name = c == 0 ? g_strdup_printf("%s文化广场", vn)
                          : g_strdup_printf("%s%s组文化广场", vn, group_numerals[h->number - 1]);
            p = project_new(w, P_CULTURE, vi, rng_int(&r, 2018, 2020), 22 * rng_range(&r, 0.8, 1.2),
                            "%s建设", name);
            f = feature_point(w, L_CULTURE, vi, name, "built", p, hamlet_spot(h, 30));
            attr_text(f, "type", "square");
            attr_real(f, "area", 100 * rng_int(&r, 8, 20));
            g_free(name);
        }
        if (in_list(hall_villages, vn)) {
            name = g_strdup_printf("%s文化礼堂", vn);
            p = project_new(w, P_CULTURE, vi, rng_int(&r, 2018, 2020),
                            40 * rng_range(&r, 0.85, 1.15), "%s建设", name);
            f = feature_point(w, L_CULTURE, vi, name, "built", p, hamlet_spot(mh, 24));
            attr_text(f, "type", "hall");
            attr_real(f, "area", 10 * rng_int(&r, 20, 40));
            g_free(name);
        }
        if (in_list(stage_villages, vn)) {
            name = g_strdup_printf("%s文化舞台", vn);
            p = project_new(w, P_CULTURE, vi, rng_int(&r, 2018, 2020),
                            15 * rng_range(&r, 0.85, 1.15), "%s建设", name);
            f = feature_point(w, L_CULTURE, vi, name, "built", p, hamlet_spot(mh, 30));
            attr_text(f, "type", "stage");
            attr_real(f, "area", 10 * rng_int(&r, 8, 15));
            g_free(name);
        }
        if (in_list(wall_villages, vn)) {
            hamlet *h = hamlet_of(w, vi, 1);
            name = g_strdup_printf("%s%s", vn, wall_kinds[rng_int(&r, 0, 2)]);
            p = project_new(w, P_CULTURE, vi, rng_int(&r, 2018, 2020), 9 * rng_range(&r, 0.8, 1.2),
                            "%s建设", name);
            f = feature_point(w, L_CULTURE, vi, name, "built", p, hamlet_spot(h, 20));
            attr_text(f, "type", "wall");
            attr_real(f, "area", 10 * rng_int(&r, 3, 12));
            g_free(name);
        }

        if (strcmp(vn, "甘坪村") == 0) {
            static const char *const rooms[] = {"一", "二", "三"};
            for (int c = 0; c < 4; c++) {
                name = c == 0 ? g_strdup("甘坪小学多媒体教室")
                              : g_strdup_printf("甘坪小学教学用房%s", rooms[c - 1]);
                p = project_new(w, P_EDUCATION, vi, 2019, c == 0 ? 5 : 2 * rng_range(&r, 0.9, 1.1),
                                "%s%s", name, c == 0 ? "配置" : "改造");
                f = feature_point(w, L_SCHOOLS, vi, name, "built", p, hamlet_spot(mh, 35));
                attr_text(f, "type", c == 0 ? "classroom" : "schoolroom");
                attr_text(f, "school", "甘坪小学");
                g_free(name);
            }
        }

        if (!in_list(no_toilet_villages, vn)) {
            name = g_strdup_printf("%s公共水厕", vn);
            p = project_new(w, P_ECOLOGY, vi, 2019, 12 * rng_range(&r, 0.85, 1.15), "%s建设", name);
            f = feature_point(w, L_TOILETS, vi, name, "built", p, hamlet_spot(mh, 22));
            attr_int(f, "seats", rng_int(&r, 4, 10));
            g_free(name);
        }
        int npools = in_list(two_pool_villages, vn) ? 2 : 1;
        p = project_new(w, P_ECOLOGY, vi, 2018, 2.5 * npools * rng_range(&r, 0.85, 1.15),
                        "%s垃圾池建设", vn);
        for (int c = 0; c < npools; c++) {
            hamlet *h = hamlet_of(w, vi, c);
            name = g_strdup_printf("%s%s组垃圾池", vn, group_numerals[h->number - 1]);
            f = feature_point(w, L_GARBAGE_POOLS, vi, name, "built", p, hamlet_spot(h, 20));
            attr_real(f, "capacity", rng_int(&r, 6, 12));
            g_free(name);
        }

        /* the cooperative runs the village's first industry project */
        const char *coop = NULL;
        for (guint c = 0; c < G_N_ELEMENTS(cooperative_names); c++)
            if (strcmp(cooperative_names[c].type, v->industry_type) == 0)
                coop = cooperative_names[c].cooperative;
        name = g_strdup_printf("%s%s专业合作社", vn, coop);
        f = feature_point(w, L_INDUSTRY, vi, name, "built", v->industry, hamlet_spot(mh, 26));
        attr_text(f, "type", "cooperative");
        attr_real(f, "capacity", 10 * rng_int(&r, 3, 15));
        g_free(name);
    }
}

/* ---- water, signal, trees --------------------------------------------- */

/* Every hamlet has a tank uphill of it: beside the road, towards the ridge,
 * or past the end of its group road.  Fourteen were built by the programme
 * (the valley-head hamlets, and the next ones down in the three largest
 * villages), each with a pipe down to the hamlet and along its road; the
 * built pipes add up to exactly 5000 m. */
void place_water(world *w)
{
    rng_t r = rng_stream(300);
    static const char *const two_tank_villages[] = {"马家坪村", "甘坪村", "上雷村", NULL};
    hamlet *built[TANKS_BUILT];
    int nbuilt = 0;
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        int nh = (int)v->hamlets->len;
        for (int i = 0; i < nh; i++) {
            hamlet *h = &g_array_index(v->hamlets, hamlet, i);
            /* above the hamlet's upper end, at least 30 m higher than its highest house */
            double highest = -G_MAXDOUBLE, best_height = -G_MAXDOUBLE;
            for (guint k = 0; k < h->houses->len; k++)
                highest = MAX(highest, dem_at(w, AT(h->houses, k)));
            for (int attempt = 0; attempt < 40 && best_height < highest + 30; attempt++) {
                pt t, tank;
                double s;
                if (!h->on_spur) {
                    s = h->s1 - rng_range(&r, 0, 80);
                    pt p = line_at(h->host, s, &t);
                    tank = add(p, mul(left_of(t), rng_range(&r, 170, 280)));
                } else {
                    s = line_length(h->host);
                    pt end = line_at(h->host, s, &t);
                    tank =
                        add(end, mul(rotate(t, rng_range(&r, -70, 70)), rng_range(&r, 100, 180)));
                }
                double height = dem_at(w, tank);
                if (height > best_height) {
                    best_height = height;
                    h->tank = tank;
                    h->tank_s = s;
                }
            }
            if (best_height < highest + 30)
                die("no site for a tank above %s%s组", v->def->name, group_numerals[h->number - 1]);
        }
        built[nbuilt++] = &g_array_index(v->hamlets, hamlet, nh - 1);
        if (in_list(two_tank_villages, v->def->name))
            built[nbuilt++] = &g_array_index(v->hamlets, hamlet, nh - 2);
    }
    if (nbuilt != TANKS_BUILT)
        die("%d tanks built, expected %d", nbuilt, TANKS_BUILT);

    /* a built pipe: down from the tank to 6 m beside the road, then along
     * the road down through the hamlet */
    GArray *uphill[TANKS_BUILT];
    double climb = 0;
    for (int b = 0; b < TANKS_BUILT; b++) {
        hamlet *h = built[b];
        pt t, m = line_at(h->host, h->tank_s, &t);
        pt m6 = add(m, mul(left_of(t), 6));
        pt mid = add(mul(add(h->tank, m6), 0.5),
                     mul(left_of(unit(sub(m6, h->tank))), rng_range(&r, -15, 15)));
        uphill[b] = line_new();
        line_push(uphill[b], h->tank);
        line_push(uphill[b], mid);
        line_push(uphill[b], m6);
        climb += line_length(uphill[b]);
    }
    double along = (PIPES_BUILT_M - climb) / TANKS_BUILT;
    if (along < 50)
        die("built pipes too short along the roads (%.0f m)", along);
    double done = 0;
    for (int b = 0; b < TANKS_BUILT; b++) {
        hamlet *h = built[b];
        village *v = &w->v[h->village];
        double reach =
            along + (b == TANKS_BUILT - 1 ? 80 : 0); /* the last is cut to length below */
        double s_end = MAX(10.0, h->tank_s - reach);
        GArray *pipe = uphill[b];
        for (double s = h->tank_s - VERTEX_SPACING; s > s_end; s -= VERTEX_SPACING) {
            pt t, p = line_at(h->host, s, &t);
            line_push(pipe, add(p, mul(left_of(t), 6)));
        }
        pt t, foot = line_at(h->host, s_end, &t);
        line_push(pipe, add(foot, mul(left_of(t), 6)));
        GArray *ll = line_to_ll(w, pipe);
        g_array_free(pipe, TRUE);
        if (b == TANKS_BUILT - 1) {
            GArray *head = NULL, *tail;
            double target = PIPES_BUILT_M - done, d = target;
            if (ll_length(w, ll) < target)
                die("last built pipe too short: %.1f m < %.1f m", ll_length(w, ll), target);
            for (int iter = 0; iter < 20; iter++) {
                if (head)
                    g_array_free(head, TRUE);
                ll_split(w, ll, d, &head, &tail);
                g_array_free(tail, TRUE);
                double err = target - ll_length(w, head);
                if (fabs(err) < 0.02)
                    break;
                d += err;
            }
            g_array_free(ll, TRUE);
            ll = head;
        }
        done += ll_length(w, ll);
        char *name = g_strdup_printf("%s%s组蓄水池", v->def->name, group_numerals[h->number - 1]);
        project *p = project_new(w, P_INFRA, h->village, rng_int(&r, 2017, 2019),
                                 5 + 0.02 * ll_length(w, ll), "%s%s组蓄水池及供水管网",
                                 v->def->name, group_numerals[h->number - 1]);
        feature *f = feature_point(w, L_WATER_TANKS, h->village, name, "built", p, h->tank);
        attr_real(f, "capacity", 10 * rng_int(&r, 5, 20));
        g_free(name);
        name = g_strdup_printf("%s%s组供水管道", v->def->name, group_numerals[h->number - 1]);
        f = feature_line(w, L_WATER_PIPES, h->village, name, "built", p, ll);
        attr_real(f, "diameter", 63);
        attr_text(f, "material", "pe");
        g_free(name);
        h->number = -h->number; /* marks it built for the loop below */
    }

    /* the other hamlets' tanks and pipes were there before */
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        for (guint i = 0; i < v->hamlets->len; i++) {
            hamlet *h = &g_array_index(v->hamlets, hamlet, i);
            if (h->number < 0) {
                h->number = -h->number;
                continue;
            }
            char *name =
                g_strdup_printf("%s%s组蓄水池", v->def->name, group_numerals[h->number - 1]);
            feature *f = feature_point(w, L_WATER_TANKS, vi, name, "existing", NULL, h->tank);
            attr_real(f, "capacity", 10 * rng_int(&r, 2, 8));
            g_free(name);
            pt t, m = line_at(h->host, h->tank_s, &t);
            GArray *pipe = line_new();
            line_push(pipe, h->tank);
            line_push(pipe, add(m, mul(left_of(t), 6)));
            name = g_strdup_printf("%s%s组供水管道", v->def->name, group_numerals[h->number - 1]);
            f = feature_line(w, L_WATER_PIPES, vi, name, "existing", NULL, line_to_ll(w, pipe));
            attr_real(f, "diameter", 50);
            attr_text(f, "material", "pvc");
            g_free(name);
            g_array_free(pipe, TRUE);
        }
    }
}

typedef struct {
    pt at;
    int village;
} site;

/* Metres from P to the nearest river or stream: the higher up a hillside, the farther. */
static double valley_distance(const world *w, pt p)
{
    double best = line_distance(w->river, p);
    for (int vi = 0; vi < NV; vi++)
        best = MIN(best, line_distance(w->v[vi].stream, p));
    return best;
}

/* Whether an antenna as high above the ground at TOWER as the terrain rule
 * says sees a person at HOUSE: the terrain sampled every 15 m along the
 * sight line stays 2 m below it (a margin for other line-of-sight methods). */
static gboolean in_sight(const world *w, pt tower, pt house)
{
    double za = dem_at(w, tower) + w->reach.antenna_m, zb = dem_at(w, house) + w->reach.eye_m;
    int n = (int)(dist(tower, house) / 15);
    for (int k = 1; k < n; k++) {
        double t = (double)k / n;
        if (dem_at(w, add(tower, mul(sub(house, tower), t))) + 2 > za + (zb - za) * t)
            return FALSE;
    }
    return TRUE;
}

/* Towers on the hillsides above the hamlets (at least 300 m from any river
 * or stream), chosen greedily until every household is within reach and in
 * sight of one: 2.9 km on the plane, a margin under the 3 km rule, and a
 * clear line over the terrain.  The last two chosen, which reach the
 * fewest, were built by the programme for households no network reached. */
void place_towers(world *w)
{
    rng_t r = rng_stream(700);
    GArray *cand = g_array_new(FALSE, FALSE, sizeof(site));
    GArray *houses = line_new();
    static const double laterals[] = {-1300, -900, -600, -350, 350, 600, 900, 1300};
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        for (guint i = 0; i < v->hamlets->len; i++) {
            hamlet *h = &g_array_index(v->hamlets, hamlet, i);
            line_append(houses, h->houses, 0, (int)h->houses->len - 1);
            pt t, options[3 * G_N_ELEMENTS(laterals)];
            int n = 0;
            if (!h->on_spur) {
                for (int e = 0; e < 3; e++) {
                    pt p = line_at(h->host, h->s0 + e * (h->s1 - h->s0) / 2, &t);
                    for (guint l = 0; l < G_N_ELEMENTS(laterals); l++)
                        options[n++] = add(p, mul(left_of(t), laterals[l]));
                }
            } else {
                pt p = line_at(h->host, line_length(h->host), &t);
                for (int l = 1; l <= 3; l++) {
                    options[n++] = add(p, mul(t, 300.0 * l));
                    options[n++] = add(p, mul(rotate(t, 60), 300.0 * l));
                    options[n++] = add(p, mul(rotate(t, -60), 300.0 * l));
                }
            }
            for (int o = 0; o < n; o++)
                if (ring_contains(v->ring, options[o]) &&
                    line_distance(v->ring, options[o]) > 150 &&
                    valley_distance(w, options[o]) > 300) {
                    site s = {options[o], vi};
                    g_array_append_val(cand, s);
                }
        }
    }
    int nh = (int)houses->len, nc = (int)cand->len;
    GPtrArray *reach = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    for (int c = 0; c < nc; c++) {
        GArray *l = g_array_new(FALSE, FALSE, sizeof(int));
        pt at = g_array_index(cand, site, c).at;
        for (int i = 0; i < nh; i++)
            if (dist(AT(houses, i), at) <= w->reach.tower_m - 100 && in_sight(w, at, AT(houses, i)))
                g_array_append_val(l, i);
        g_ptr_array_add(reach, l);
    }
    gboolean *covered = g_new0(gboolean, nh);
    GArray *chosen = g_array_new(FALSE, FALSE, sizeof(int));
    for (;;) {
        int best = -1, best_n = 0;
        for (int c = 0; c < nc; c++) {
            GArray *l = reach->pdata[c];
            int n = 0;
            for (guint k = 0; k < l->len; k++)
                n += !covered[g_array_index(l, int, k)];
            if (n > best_n) {
                best_n = n;
                best = c;
            }
        }
        if (best < 0)
            break;
        g_array_append_val(chosen, best);
        GArray *l = reach->pdata[best];
        for (guint k = 0; k < l->len; k++)
            covered[g_array_index(l, int, k)] = TRUE;
    }
    for (int i = 0; i < nh; i++)
        if (!covered[i])
            die("no tower site reaches household %d", i);
    g_ptr_array_free(reach, TRUE);
    static const char *const operators[] = {"china_mobile", "china_unicom", "china_telecom"};
    int number[NV] = {0};
    for (guint k = 0; k < chosen->len; k++) {
        site *s = &g_array_index(cand, site, g_array_index(chosen, int, k));
        gboolean built = k + TOWERS_BUILT >= chosen->len;
        village *v = &w->v[s->village];
        char *name = g_strdup_printf("%s%d号信号塔", v->def->name, ++number[s->village]);
        project *p = NULL;
        if (built)
            p = project_new(w, P_INFRA, s->village, k + 1 == chosen->len ? 2020 : 2019,
                            25 * rng_range(&r, 0.9, 1.1), "%s建设", name);
        feature *f = feature_point(w, L_SIGNAL_TOWERS, s->village, name,
                                   built ? "built" : "existing", p, s->at);
        attr_text(f, "operator", built ? "china_tower" : operators[rng_int(&r, 0, 2)]);
        attr_real(f, "height", rng_int(&r, 30, 45));
        g_free(name);
    }
    g_free(covered);
    g_array_free(chosen, TRUE);
    g_array_free(houses, TRUE);
    g_array_free(cand, TRUE);
}

/* Cherry and crape myrtle along the upgraded route, a planting site every
 * 180 m either side of the road; 7000 trees in all. */
void plant_trees(world *w)
{
    rng_t r = rng_stream(800);
    GArray *sites = g_array_new(FALSE, FALSE, sizeof(site));
    GArray *weights = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; i < w->built_roads->len; i++) {
        feature *road = w->built_roads->pdata[i];
        if (strcmp(road->status, "widened") != 0)
            continue;
        double len = ll_length(w, road->coords);
        for (double d = 90; d < len - 30; d += 180) {
            guint seg;
            pt on = ll_along(w, road->coords, d, &seg);
            double azi = 0, lat = 0, lon = 0;
            pt a = AT(road->coords, seg), b = AT(road->coords, seg + 1);
            geod_inverse(&w->geod, a.y, a.x, b.y, b.x, NULL, &azi, NULL);
            geod_direct(&w->geod, on.y, on.x, azi + (sites->len % 2 ? 90 : -90), 10.0, &lat, &lon,
                        NULL);
            site s = {pt_make(round7(lon), round7(lat)), road->village};
            g_array_append_val(sites, s);
            double wt = rng_range(&r, 80, 140);
            g_array_append_val(weights, wt);
        }
    }
    int n = (int)sites->len, given = 0;
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += g_array_index(weights, double, i);
    int *count = g_new(int, sites->len); /* len, not n: an unsigned size for the allocator */
    for (int i = 0; i < n; i++)
        given += count[i] = (int)floor(TREES_PLANTED * g_array_index(weights, double, i) / sum);
    for (int i = 0; given < TREES_PLANTED; i = (i + 1) % n, given++)
        count[i]++;
    project *proj[NV] = {0};
    for (int i = 0; i < n; i++) {
        site *s = &g_array_index(sites, site, i);
        village *v = &w->v[s->village];
        gboolean cherry = (i / 2) % 2 == 0;
        if (!proj[s->village])
            proj[s->village] =
                project_new(w, P_ECOLOGY, s->village, 2019, 0, "%s景观树种植", v->def->name);
        proj[s->village]->weight += count[i] * 0.0077;
        char *name = g_strdup_printf("%s%s", v->def->name, cherry ? "樱花" : "紫薇");
        feature *f = feature_new(w, L_TREES, s->village, name, "built", proj[s->village]);
        line_push(f->coords, s->at);
        attr_text(f, "species", cherry ? "cherry" : "crape_myrtle");
        attr_int(f, "count", count[i]);
        g_free(name);
    }
    g_free(count);
    g_array_free(sites, TRUE);
    g_array_free(weights, TRUE);
}
