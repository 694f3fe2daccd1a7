/*
 * test-siting.c - greedy siting (siting.h) on a small hand-made world with
 * a known answer: three unserved hamlets and one road.  With a 1 km reach
 * no site serves two hamlets, and the picks go by people first (B's 8
 * before A's 6 and E's 5, though A has more households); with 1.5 km a
 * point of the road between A and B serves both and comes first.  Then the
 * candidates (every 100 m of the road that exists, and the hamlet
 * centres), a measure a plan cannot place, and --save's ids, names and
 * status.
 */
#include "../unit.h"
#include "../unit-store.h"
#include "hamlet-world.h"
#include "coverage.h"
#include "gaps.h"
#include "registry.h"
#include "rules.h"
#include "siting.h"
#include "vi-error.h"

#include <math.h>
#include <string.h>

/* What a pick should be: the hamlet whose centre it is (0: a road point). */
typedef struct {
    int hamlet;
    int households, people, poor;
    gint64 served_households, served_people;
} want_site;

static void check_plan(const char *what, const vi_plan *p, const want_site *want, int nwant)
{
    if ((int)p->sites->len != nwant)
        FAIL("%s: %u sites, want %d", what, p->sites->len, nwant);
    for (int i = 0; i < nwant && i < (int)p->sites->len; i++) {
        const vi_site *s = &g_array_index(p->sites, vi_site, i);
        const want_site *x = &want[i];
        int hamlet = s->road < 0 ? g_array_index(p->hamlets, vi_hamlet, s->hamlet).number : 0;
        if (s->rank != i + 1 || hamlet != x->hamlet || (x->hamlet == 0) != (s->road >= 0) ||
            s->gain_households != x->households || s->gain_people != x->people ||
            s->gain_poor != x->poor || s->served_households != x->served_households ||
            s->served_people != x->served_people)
            FAIL("%s: pick %d: rank %d, hamlet %d, road %d, +%d households +%d people +%d poor, "
                 "served %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                 "; want hamlet %d, +%d +%d +%d, %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                 what, i + 1, s->rank, hamlet, s->road, s->gain_households, s->gain_people,
                 s->gain_poor, s->served_households, s->served_people, x->hamlet, x->households,
                 x->people, x->poor, x->served_households, x->served_people);
        if (!(fabs(s->lon - 109.33) < 0.05 && fabs(s->lat - 34.065) < 0.02))
            FAIL("%s: pick %d at %g, %g: not in the villages", what, i + 1, s->lon, s->lat);
    }
}

/* Plan options for at most N sites, weighing people. */
static const vi_plan_options *sites(int n)
{
    static vi_plan_options o;
    o = (vi_plan_options){.add = n, .weight_base = VI_WEIGHT_PEOPLE, .poor_factor = 1};
    return &o;
}

/* The measure of SERVICE in W, after setting its threshold. */
static vi_measure *measure(vi_world *w, vi_rules *rules, GPtrArray *defs, const char *service,
                           double threshold_m)
{
    GError *err = NULL;
    if (threshold_m > 0)
        rules_set_threshold(rules, service, -1, threshold_m, NULL);
    for (guint i = 0; i < defs->len; i++) {
        const vi_measure_def *d = defs->pdata[i];
        if (strcmp(d->service, service) != 0)
            continue;
        vi_measure *m = coverage_measure(w, d, &err);
        if (!m) {
            FAIL("measure %s: %s", service, err->message);
            g_clear_error(&err);
        }
        return m;
    }
    FAIL("no measure of %s", service);
    return NULL;
}

typedef struct {
    int count;
    char *names;
} scan_out;

static gboolean collect(const vi_feature *f, void *user, GError **err)
{
    (void)err;
    scan_out *o = user;
    if (!g_str_has_prefix(f->id, "PLAN-"))
        return TRUE;
    char *old = o->names;
    o->names =
        g_strdup_printf("%s%s%s=%s/%s", old ? old : "", old ? "; " : "", f->id, f->name, f->status);
    g_free(old);
    o->count++;
    return TRUE;
}

static void test_save(vi_store *st, const vi_registry *reg, vi_world *w, vi_plan *p)
{
    GError *err = NULL;
    if (!siting_save(st, w, p, &err)) {
        FAIL("siting_save: %s", err->message);
        g_clear_error(&err);
        return;
    }
    if (p->sites->len != 2 || g_strcmp0(g_array_index(p->sites, vi_site, 0).id, "PLAN-clinic-1") ||
        g_strcmp0(g_array_index(p->sites, vi_site, 1).id, "PLAN-clinic-2"))
        FAIL("saved ids: %s, %s", g_array_index(p->sites, vi_site, 0).id,
             p->sites->len > 1 ? g_array_index(p->sites, vi_site, 1).id : "");
    /* Saving again takes the next free numbers. */
    for (guint i = 0; i < p->sites->len; i++)
        g_clear_pointer(&g_array_index(p->sites, vi_site, i).id, g_free);
    if (!siting_save(st, w, p, &err)) {
        FAIL("siting_save again: %s", err->message);
        g_clear_error(&err);
        return;
    }
    scan_out o = {0, NULL};
    store_feature_scan(st, registry_layer(reg, "clinics"), NULL, collect, &o, NULL);
    const char *want =
        "PLAN-clinic-1=规划村医务室 1/planned; PLAN-clinic-2=规划村医务室 2/planned; "
        "PLAN-clinic-3=规划村医务室 3/planned; PLAN-clinic-4=规划村医务室 4/planned";
    if (o.count != 4 || g_strcmp0(o.names, want) != 0)
        FAIL("saved clinics:\n  got  %s\n  want %s", o.names, want);
    g_free(o.names);
}

int main(void)
{
    hamlet_world hw;
    if (!hw_begin(&hw, "test-siting"))
        return unit_result();
    /* A road 3.7 km long, 0.7 km south of A and north of B; a planned one
     * that is no candidate until after the plan. */
    insert(hw.store, "roads", "R1", "双龙村", "通村路", "new",
           wkb_line((const double[]){109.320, 34.0711, 109.360, 34.0711}, 2), NULL);
    insert(hw.store, "roads", "R2", "双龙村", "规划路", "planned",
           wkb_line((const double[]){109.302, 34.060, 109.302, 34.0515}, 2), NULL);
    if (!hw_commit(&hw, "clinic\t村医务室\tvillage clinic\tclinics\t\t\t\t\tline\thouseholds\t\t\t"
                        "\t1000\t\t\n"
                        "road\t道路通达\troad access\troads\t\t\t\t\tline\thouseholds\t\t\t\t200"
                        "\t\t\n"))
        return unit_result();
    GError *err = NULL;
    vi_store *st = hw.store;
    const vi_registry *reg = hw.reg;
    vi_rules *rules = hw.rules;
    GPtrArray *defs = hw.defs;
    /* After the plan (nothing saved yet) the planned road R2 adds its
     * points: 1 + 9 + 1 along its 0.94 km. */
    vi_coverage_options after = {.with_ids = TRUE, .with_roads = TRUE, .after_plan = TRUE};
    vi_world *w = coverage_load(st, defs, &after, &err);
    vi_measure *m = w ? measure(w, rules, defs, "clinic", 1000) : NULL;
    vi_plan *p = m ? siting_plan(w, m, sites(1), &err) : NULL;
    if (!p || p->candidates != 41 + 11)
        FAIL("after the plan: %d candidates, want %d (%s)", p ? p->candidates : -1, 41 + 11,
             err ? err->message : "");
    g_clear_error(&err);
    siting_free(p);
    coverage_measure_free(m);
    coverage_world_free(w);

    vi_coverage_options opt = {.with_ids = TRUE, .with_roads = TRUE};
    w = coverage_load(st, defs, &opt, &err);
    if (!w) {
        FAIL("coverage_load: %s", err->message);
        return unit_result();
    }
    /* Households 7, people 22; H1 (3 people) served before any pick.
     * Hamlets: A (3 households, 6 people) no. 1, B (2, 8) no. 2, E (1, 5) no. 3. */
    m = measure(w, rules, defs, "clinic", 1000);
    p = m ? siting_plan(w, m, sites(5), &err) : NULL;
    if (p) {
        if (p->households != 7 || p->people != 22 || p->served_households != 1 ||
            p->served_people != 3 || p->hamlets->len != 3)
            FAIL("1 km: before: %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                 " households, %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " people, %u hamlets",
                 p->served_households, p->households, p->served_people, p->people, p->hamlets->len);
        /* 1 + 36 + 1 points along R1's 3.69 km, and the three hamlet centres;
         * not the planned R2. */
        if (p->candidates != 41)
            FAIL("1 km: %d candidates, want 41", p->candidates);
        const want_site by_people[] = {
            {2, 2, 8, 0, 3, 11}, {1, 3, 6, 2, 6, 17}, {3, 1, 5, 1, 7, 22}};
        check_plan("1 km", p, by_people, 3);
    } else {
        FAIL("1 km: siting_plan: %s", err ? err->message : "");
        g_clear_error(&err);
    }
    siting_free(p);
    coverage_measure_free(m);

    /* 1.5 km: a point of R1 serves A and B (14 people) and comes first;
     * E's centre then. */
    m = measure(w, rules, defs, "clinic", 1500);
    p = m ? siting_plan(w, m, sites(2), &err) : NULL;
    if (p) {
        const want_site road_first[] = {{0, 5, 14, 2, 6, 17}, {3, 1, 5, 1, 7, 22}};
        check_plan("1.5 km", p, road_first, 2);
        const vi_site *s = &g_array_index(p->sites, vi_site, 0);
        const vi_features *roads = world_features(w, VI_NETWORK_LAYER);
        if (s->road < 0 || strcmp(roads->id[s->road], "R1") != 0 || s->village != 1 ||
            fabs(s->lat - 34.0711) > 1e-5)
            FAIL("1.5 km: the first pick is not on R1 in 上雷村 (road %d, village %d, lat %.7f)",
                 s->road, s->village, s->lat);
        test_save(st, reg, w, p);
    } else {
        FAIL("1.5 km: siting_plan: %s", err ? err->message : "");
        g_clear_error(&err);
    }
    siting_free(p);
    coverage_measure_free(m);

    /* Roads serve by lines: no point asset a plan could place. */
    m = measure(w, rules, defs, "road", 0);
    p = m ? siting_plan(w, m, sites(1), &err) : NULL;
    const char *want = "service \"road\" is served by lines, not by point assets that a plan "
                       "could place";
    if (p || !err || err->code != VI_ERROR_USAGE || strcmp(err->message, want) != 0)
        FAIL("road plan: %s", err ? err->message : "(planned)");
    g_clear_error(&err);
    siting_free(p);
    coverage_measure_free(m);
    coverage_world_free(w);

    hw_free(&hw);
    return unit_result();
}
