/*
 * test-coverage-tally.c - the coverage tally (coverage-tally.c) over a small
 * store built here: households, people and poor households served per
 * village, "no village" and in total; the distance summaries against the
 * ellipsoid's meridian and parallel arcs; lit lengths of target roads; the
 * village filter and --after-plan; and the rule words in both languages.
 */
#include "../unit.h"
#include "../unit-store.h"
#include "i18n.h"
#include "coverage-report.h"
#include "coverage-tally.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

/* The distance along the parallel of LAT between two longitudes (degrees)
 * on CGCS2000: within a millimetre of the straight line over a few km. */
static double parallel_m(double lat, double lon1, double lon2)
{
    const double a = 6378137.0, f = 1 / 298.257222101, e2 = f * (2 - f);
    double p = lat * G_PI / 180, s = sin(p);
    return a / sqrt(1 - e2 * s * s) * cos(p) * fabs(lon2 - lon1) * G_PI / 180;
}

/* Distances are measured on the Gauss-Krüger plane, within 0.1% of the
 * ellipsoid's (coverage.h). */
static gboolean close_to(double got, double want)
{
    return fabs(got - want) <= 1e-3 * want;
}

static void fill(vi_store *st)
{
    insert(st, "villages", "V1", NULL, "双龙村", NULL, wkb_box(109.30, 34.05, 109.33, 34.08), NULL);
    insert(st, "villages", "V2", NULL, "上雷村", NULL, wkb_box(109.33, 34.05, 109.36, 34.08), NULL);
    /* Due north of the clinic C1 (0.5, 1.1 and 2.1 km), and east of it (2.8, 7.8 km). */
    insert(st, "households", "H1", "双龙村", NULL, NULL, wkb_point(109.315, 34.065),
           (const char *[]){"members", "3", "poverty", "registered", NULL});
    insert(st, "households", "H2", "双龙村", NULL, NULL, wkb_point(109.315, 34.070),
           (const char *[]){"members", "4", "poverty", "lifted", NULL});
    insert(st, "households", "H3", "双龙村", NULL, NULL, wkb_point(109.315, 34.079),
           (const char *[]){"members", "2", "poverty", "none", NULL});
    insert(st, "households", "H4", "上雷村", NULL, NULL, wkb_point(109.345, 34.060),
           (const char *[]){"members", "5", "poverty", "registered", NULL});
    insert(st, "households", "H5", NULL, NULL, NULL, wkb_point(109.400, 34.060),
           (const char *[]){"members", "1", "poverty", "none", NULL});
    insert(st, "clinics", "C1", "双龙村", NULL, "built", wkb_point(109.315, 34.060), NULL);
    /* A planned clinic 111 m north of H4: it serves only after the plan. */
    insert(st, "clinics", "C2", "上雷村", NULL, "planned", wkb_point(109.345, 34.061), NULL);
    /* Target roads: R1 lit over its whole 33 m by L1 at its middle; R5 lit
     * over 25 m from its south end by L2 there; R6 unlit; R2 existing, not
     * a target. */
    insert(st, "roads", "R1", "双龙村", NULL, "new", wkb_segment(109.31, 34.0700, 109.31, 34.0703),
           NULL);
    insert(st, "roads", "R5", "双龙村", NULL, "hardened",
           wkb_segment(109.305, 34.055, 109.305, 34.056), NULL);
    insert(st, "roads", "R6", "上雷村", NULL, "widened", wkb_segment(109.34, 34.06, 109.34, 34.07),
           NULL);
    insert(st, "roads", "R2", "上雷村", NULL, "existing", wkb_segment(109.35, 34.06, 109.35, 34.07),
           NULL);
    insert(st, "streetlights", "L1", "双龙村", NULL, "built", wkb_point(109.31, 34.07015), NULL);
    insert(st, "streetlights", "L2", "双龙村", NULL, "built", wkb_point(109.305, 34.055), NULL);
}

static const char rules_text[] =
    "service\tname_zh\tname_en\tlayer\tasset_zh\tasset_en\tstatuses\twhere\tmethod\ttarget\t"
    "target_statuses\ttarget_zh\ttarget_en\tthreshold_m\tasset_height_m\ttarget_height_m\n"
    "clinic\t村医务室\tvillage clinic\tclinics\t村医务室\tvillage clinic\t\t\tline\thouseholds\t\t"
    "\t\t2000\t\t\n"
    "streetlight\t路灯\tstreetlights\tstreetlights\t路灯\tstreetlight\t\t\tline\troads\t"
    "new,widened,hardened\t新建、拓宽、硬化道路\tnew, widened and hardened roads\t25\t\t\n";

typedef struct {
    gint64 households, served, people, served_people, poor, served_poor, poor_people,
        served_poor_people;
} hh_counts;

static void expect_households(const vi_measure_tally *t, int scope, const char *what, hh_counts c)
{
    const vi_scope_tally *s = &t->scope[scope];
    hh_counts got = {s->households, s->served,      s->people,      s->served_people,
                     s->poor,       s->served_poor, s->poor_people, s->served_poor_people};
    if (memcmp(&got, &c, sizeof c) != 0)
        FAIL("%s: households %" G_GINT64_FORMAT " served %" G_GINT64_FORMAT
             " people %" G_GINT64_FORMAT " served %" G_GINT64_FORMAT " poor %" G_GINT64_FORMAT
             " served %" G_GINT64_FORMAT " poor people %" G_GINT64_FORMAT
             " served %" G_GINT64_FORMAT,
             what, got.households, got.served, got.people, got.served_people, got.poor,
             got.served_poor, got.poor_people, got.served_poor_people);
}

static void expect_distance(double got, double want, const char *what)
{
    if (!close_to(got, want))
        FAIL("%s: %.3f m, expected %.3f m", what, got, want);
}

static void add(const vi_measure *m, void *tally)
{
    coverage_tally_add(tally, m);
}

/* Load and tally every measure of MEASURES (a clinic's and the lights')
 * with OPT into *T; FALSE after a FAIL, with nothing left to free. */
static gboolean tally(vi_store *st, GPtrArray *measures, const vi_coverage_options *opt,
                      vi_world **w, vi_coverage_tally **t)
{
    GError *err = NULL;
    *t = NULL;
    *w = coverage_load(st, measures, opt, &err);
    if (!*w) {
        FAIL("coverage_load: %s", err->message);
        g_error_free(err);
        return FALSE;
    }
    *t = coverage_tally_new(*w);
    if (!coverage_measure_each(*w, measures, add, *t, &err)) {
        FAIL("coverage_measure_each: %s", err->message);
        g_error_free(err);
    } else if ((*t)->measures->len != 2 || (*t)->nv != 2) {
        FAIL("tally: %u measures over %d villages, expected 2 and 2", (*t)->measures->len,
             (*t)->nv);
    } else {
        return TRUE;
    }
    coverage_tally_free(*t);
    coverage_world_free(*w);
    return FALSE;
}

static void check_all(vi_store *st, GPtrArray *measures)
{
    vi_world *w;
    vi_coverage_options opt = {0};
    vi_coverage_tally *t;
    if (!tally(st, measures, &opt, &w, &t))
        return;
    const vi_measure_tally *clinic = t->measures->pdata[0], *lights = t->measures->pdata[1];
    int total = coverage_tally_total(t), none = coverage_tally_no_village(t);
    if (total != 3 || none != 2 || clinic->nscopes != 4)
        FAIL("scopes: total %d, no village %d, %d scopes", total, none, clinic->nscopes);
    expect_households(clinic, 0, "双龙村", (hh_counts){3, 2, 9, 7, 2, 2, 7, 7});
    expect_households(clinic, 1, "上雷村", (hh_counts){1, 0, 5, 0, 1, 0, 5, 0});
    expect_households(clinic, none, "no village", (hh_counts){1, 0, 1, 0, 0, 0, 0, 0});
    expect_households(clinic, total, "total", (hh_counts){5, 2, 15, 7, 3, 2, 12, 7});
    if (clinic->nlayers != 0 || clinic->points || clinic->scope[0].layer)
        FAIL("clinic: one serving layer, no per-layer distances, no point list");
    /* Distances to C1: percentile_cont over the scope's households. */
    double d1 = meridian_m(34.060, 34.065), d2 = meridian_m(34.060, 34.070),
           d3 = meridian_m(34.060, 34.079), d4 = parallel_m(34.060, 109.315, 109.345),
           d5 = parallel_m(34.060, 109.315, 109.400);
    const vi_dist_summary *v1 = &clinic->scope[0].dist, *all = &clinic->scope[total].dist;
    expect_distance(v1->median, d2, "双龙村 median");
    expect_distance(v1->p90, d2 + 0.8 * (d3 - d2), "双龙村 90th percentile");
    expect_distance(v1->max, d3, "双龙村 max");
    expect_distance(v1->sum, d1 + d2 + d3, "双龙村 sum");
    expect_distance(clinic->scope[1].dist.median, d4, "上雷村 median");
    expect_distance(clinic->scope[none].dist.max, d5, "no village max");
    expect_distance(all->median, d3, "total median");
    expect_distance(all->p90, d4 + 0.6 * (d5 - d4), "total 90th percentile");
    expect_distance(all->max, d5, "total max");
    expect_distance(all->sum, d1 + d2 + d3 + d4 + d5, "total sum");
    /* Lit length: R1 whole, 25 m of R5, none of R6; R2 is no target. */
    double r1 = meridian_m(34.0700, 34.0703), r5 = meridian_m(34.055, 34.056),
           r6 = meridian_m(34.06, 34.07);
    const vi_scope_tally *l1 = &lights->scope[0], *l2 = &lights->scope[1],
                         *lt = &lights->scope[total];
    expect_distance(l1->length_m, r1 + r5, "双龙村 target roads");
    expect_distance(l1->served_m - 25, r1, "双龙村 lit roads less R5's 25 m");
    expect_distance(l2->length_m, r6, "上雷村 target roads");
    if (l2->served_m != 0 || lights->scope[none].length_m != 0 || lt->households != 0)
        FAIL("lights: 上雷村 lit %.3f m, no village %.3f m, %" G_GINT64_FORMAT " households",
             l2->served_m, lights->scope[none].length_m, lt->households);
    if (lt->length_m != l1->length_m + l2->length_m || lt->served_m != l1->served_m)
        FAIL("lights: the total is not the sum of the villages");
    coverage_tally_free(t);
    coverage_world_free(w);
}

/* --village: only that village's households and roads; --after-plan:
 * the planned clinic serves. */
static void check_village_after_plan(vi_store *st, GPtrArray *measures)
{
    vi_world *w;
    vi_coverage_options opt = {.village = "上雷村", .after_plan = TRUE};
    vi_coverage_tally *t;
    if (!tally(st, measures, &opt, &w, &t))
        return;
    const vi_measure_tally *clinic = t->measures->pdata[0], *lights = t->measures->pdata[1];
    int total = coverage_tally_total(t);
    expect_households(clinic, 0, "双龙村 (filtered out)", (hh_counts){0, 0, 0, 0, 0, 0, 0, 0});
    expect_households(clinic, 1, "上雷村 after the plan", (hh_counts){1, 1, 5, 5, 1, 1, 5, 5});
    expect_households(clinic, total, "total of 上雷村", (hh_counts){1, 1, 5, 5, 1, 1, 5, 5});
    expect_distance(clinic->scope[total].dist.max, meridian_m(34.060, 34.061), "to the planned C2");
    expect_distance(lights->scope[total].length_m, meridian_m(34.06, 34.07), "上雷村 target roads");
    if (lights->scope[0].length_m != 0)
        FAIL("--village 上雷村: 双龙村's roads were tallied");
    coverage_tally_free(t);
    coverage_world_free(w);
}

static void expect_text(char *got, const char *want, const char *what)
{
    if (strcmp(got, want) != 0)
        FAIL("%s: \"%s\", expected \"%s\"", what, got, want);
    g_free(got);
}

/* The words take the language as a parameter. */
static void check_words(const vi_registry *reg, GPtrArray *measures)
{
    const vi_measure_def *clinic = measures->pdata[0], *lights = measures->pdata[1];
    expect_text(coverage_measure_label(clinic, reg, VI_LANG_ZH), "直线 ≤2 公里", "clinic zh");
    expect_text(coverage_measure_label(clinic, reg, VI_LANG_EN), "straight line ≤ 2 km",
                "clinic en");
    expect_text(coverage_measure_label(lights, reg, VI_LANG_ZH),
                "新建、拓宽、硬化道路距路灯 ≤25 米", "lights zh");
    expect_text(coverage_measure_label(lights, reg, VI_LANG_EN),
                "new, widened and hardened roads within 25 m of a streetlight", "lights en");
    expect_text(coverage_distance_text(850, VI_LANG_ZH), "850 米", "850 m zh");
    expect_text(coverage_distance_text(3400, VI_LANG_EN), "3.4 km", "3.4 km en");
    const char *zh = coverage_asset_name(clinic->rules[0], reg, VI_LANG_ZH),
               *en = coverage_asset_name(clinic->rules[0], reg, VI_LANG_EN);
    if (strcmp(zh, "村医务室") != 0 || strcmp(en, "village clinic") != 0)
        FAIL("asset names: \"%s\" / \"%s\"", zh, en);
}

int main(void)
{
    /* The Chinese words come from the catalogue (build/po). */
    vi_i18n_init();
    const char *datadir = getenv("VINFRA_DATADIR");
    if (!datadir)
        return 77;
    vi_registry *reg;
    char *tmp;
    vi_store *st = unit_store_new(datadir, &reg, &tmp);
    GError *err = NULL;
    char *rules_path = g_build_filename(tmp, "rules.tsv", NULL);
    g_file_set_contents(rules_path, rules_text, -1, NULL);
    vi_rules *rules = reg ? rules_load(rules_path, reg, &err) : NULL;
    GPtrArray *measures = rules ? rules_measures(rules, NULL, -1, FALSE, &err) : NULL;
    if (err) {
        FAIL("rules: %s", err->message);
        g_clear_error(&err);
    }
    if (st && measures && measures->len == 2) {
        store_begin(st, NULL);
        fill(st);
        commit_features(st);
        check_all(st, measures);
        check_village_after_plan(st, measures);
        check_words(reg, measures);
    } else if (measures) {
        FAIL("rules: %u measures, expected 2", measures->len);
    }
    if (measures)
        g_ptr_array_unref(measures);
    rules_free(rules);
    store_close(st);
    g_free(rules_path);
    unit_store_remove(tmp);
    registry_free(reg);
    return unit_result();
}
