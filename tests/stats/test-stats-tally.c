/*
 * test-stats-tally.c - the statistics' tally (stats.c) over a small store
 * built here: exact counts, people, geodesic lengths (against the meridian
 * arc of roads running due north), what the programme built, planned
 * features apart, projects and funds by programme, the village and layer
 * filters, and the usage errors; then the writer's JSON of the households.
 */
#include "../unit.h"
#include "../unit-store.h"
#include "stats.h"
#include "vi-error.h"

#include <stdlib.h>
#include <string.h>

/* Road ends, due north: lon, lat from, lat to. */
static const double roads[4][3] = {
    {109.31, 34.0700, 34.0703},  /* R1 双龙村 new */
    {109.34, 34.0600, 34.0700},  /* R2 上雷村 existing */
    {109.305, 34.0550, 34.0560}, /* R3 双龙村 planned */
    {109.32, 34.0500, 34.0600},  /* R4 双龙村 hardened */
};

static double road_m(int i)
{
    return meridian_m(roads[i][1], roads[i][2]);
}

static void fill(vi_store *st)
{
    insert(st, "villages", "V1", NULL, "双龙村", NULL, wkb_box(109.30, 34.05, 109.33, 34.08), NULL);
    insert(st, "villages", "V2", NULL, "上雷村", NULL, wkb_box(109.33, 34.05, 109.36, 34.08), NULL);
    insert(
        st, "households", "H1", "双龙村", NULL, NULL, wkb_point(109.315, 34.065),
        (const char *[]){"members", "3", "poverty", "registered", "toilet_retrofit", "yes", NULL});
    insert(st, "households", "H2", "双龙村", NULL, NULL, wkb_point(109.315, 34.070),
           (const char *[]){"members", "4", "poverty", "lifted", "toilet_retrofit", "no", NULL});
    insert(st, "households", "H3", "双龙村", NULL, NULL, wkb_point(109.315, 34.079),
           (const char *[]){"members", "2", "poverty", "none", "toilet_retrofit", "yes", NULL});
    insert(st, "households", "H4", "上雷村", NULL, NULL, wkb_point(109.345, 34.060),
           (const char *[]){"members", "5", "poverty", "registered", NULL});
    insert(st, "households", "H5", NULL, NULL, NULL, wkb_point(109.400, 34.060),
           (const char *[]){"members", "1", "poverty", "none", NULL});
    static const char *const village[] = {"双龙村", "上雷村", "双龙村", "双龙村"};
    static const char *const status[] = {"new", "existing", "planned", "hardened"};
    static const char *const class[] = {"village", "county", "village", "group"};
    for (int i = 0; i < 4; i++) {
        char id[8];
        g_snprintf(id, sizeof id, "R%d", i + 1);
        insert(st, "roads", id, village[i], NULL, status[i],
               wkb_segment(roads[i][0], roads[i][1], roads[i][0], roads[i][2]),
               (const char *[]){"class", class[i], NULL});
    }
    insert(st, "clinics", "C1", "双龙村", "双龙村卫生室", "built", wkb_point(109.315, 34.060),
           NULL);
    insert_project(st, "P1", "infrastructure", "双龙村", "project", 12.5);
    insert_project(st, "P2", "infrastructure", "双龙村", "fund", 3.0);
    insert_project(st, "P3", "health", "上雷村", "project", 7.25);
    insert_project(st, "P4", "infrastructure", NULL, "project", 100);
}

static void expect_figures(const vi_stats *s, int village, const char *layer, const char *status,
                           gint64 count, double length_m, gint64 built, double built_m,
                           double quantity)
{
    vi_stats_figures f;
    if (!stats_figures(s, village, layer, status, &f)) {
        FAIL("stats_figures %d %s %s: FALSE", village, layer, status ? status : "-");
        return;
    }
    if (f.count != count || fabs(f.length_m - length_m) > 1e-3 || f.built_count != built ||
        fabs(f.built_length_m - built_m) > 1e-3 || f.quantity != quantity)
        FAIL("stats_figures %d %s %s: count %" G_GINT64_FORMAT
             " length %.4f built %" G_GINT64_FORMAT " %.4f quantity %g, expected %" G_GINT64_FORMAT
             " %.4f %" G_GINT64_FORMAT " %.4f %g",
             village, layer, status ? status : "-", f.count, f.length_m, f.built_count,
             f.built_length_m, f.quantity, count, length_m, built, built_m, quantity);
}

static int programme(const vi_stats *s, const char *key)
{
    for (int k = 0; k < stats_programme_count(s); k++)
        if (strcmp(stats_programme_key(s, k), key) == 0)
            return k;
    FAIL("no programme %s", key);
    return 0;
}

static void expect_money(const vi_stats *s, int village, const char *key, gint64 projects,
                         double funding_wan)
{
    gint64 n;
    double wan;
    stats_programme_figures(s, village, programme(s, key), &n, &wan);
    if (n != projects || wan != funding_wan)
        FAIL("programme %s in %d: %" G_GINT64_FORMAT
             " projects, %g 万元, expected %" G_GINT64_FORMAT " and %g",
             key, village, n, wan, projects, funding_wan);
}

static vi_stats *compute(vi_store *st, const char *datadir, const char *village, const char *layer)
{
    vi_stats_options opt = {village, layer, 0};
    GError *err = NULL;
    vi_stats *s = stats_compute(st, datadir, &opt, &err);
    if (!s) {
        FAIL("stats_compute %s %s: %s", village ? village : "-", layer ? layer : "-", err->message);
        g_error_free(err);
    }
    return s;
}

static void expect_usage_error(GError **err, const char *what, const char *message)
{
    if (!g_error_matches(*err, VI_ERROR, VI_ERROR_USAGE) || strcmp((*err)->message, message) != 0)
        FAIL("%s: got \"%s\", expected the usage error \"%s\"", what,
             *err ? (*err)->message : "none", message);
    g_clear_error(err);
}

/* The whole store, every layer. */
static void check_all(vi_store *st, const char *datadir)
{
    vi_stats *s = compute(st, datadir, NULL, NULL);
    if (!s)
        return;
    if (stats_village_count(s) != 2 || strcmp(stats_village_name(s, 0), "双龙村") != 0 ||
        strcmp(stats_village_name(s, 1), "上雷村") != 0)
        FAIL("villages: %d, expected 双龙村 and 上雷村 in the villages layer's order",
             stats_village_count(s));
    /* Households: every one in the total, H5 (no village) in no village's. */
    expect_figures(s, -1, "households", NULL, 5, 0, 0, 0, 15);
    expect_figures(s, 0, "households", NULL, 3, 0, 0, 0, 9);
    expect_figures(s, 1, "households", NULL, 1, 0, 0, 0, 5);
    /* Roads: planned R3 is in no count, only under its own status; new and
     * hardened are what the programme built, existing is not. */
    double l1 = road_m(0), l2 = road_m(1), l3 = road_m(2), l4 = road_m(3);
    expect_figures(s, -1, "roads", NULL, 3, l1 + l2 + l4, 2, l1 + l4, 0);
    expect_figures(s, -1, "roads", "planned", 1, l3, 2, l1 + l4, 0);
    expect_figures(s, -1, "roads", "existing", 1, l2, 2, l1 + l4, 0);
    expect_figures(s, -1, "roads", "new", 1, l1, 2, l1 + l4, 0);
    expect_figures(s, 0, "roads", NULL, 2, l1 + l4, 2, l1 + l4, 0);
    expect_figures(s, 1, "roads", NULL, 1, l2, 0, 0, 0);
    expect_figures(s, -1, "clinics", NULL, 1, 0, 1, 0, 0);
    expect_figures(s, 1, "clinics", NULL, 0, 0, 0, 0, 0);
    vi_stats_figures f;
    if (stats_figures(s, -1, "castles", NULL, &f) || stats_figures(s, -1, "roads", "paved", &f) ||
        stats_figures(s, 2, "roads", NULL, &f))
        FAIL("stats_figures: an unknown layer, status or village should be FALSE");
    /* Projects: a fund adds money, not a project; P4 is county-level. */
    expect_money(s, -1, "infrastructure", 2, 115.5);
    expect_money(s, 0, "infrastructure", 1, 15.5);
    expect_money(s, 1, "infrastructure", 0, 0);
    expect_money(s, -1, "health", 1, 7.25);
    expect_money(s, 1, "health", 1, 7.25);
    expect_money(s, -1, "education", 0, 0);
    if (strcmp(stats_status_label(s, "hardened", VI_LANG_ZH), "硬化") != 0 ||
        strcmp(stats_status_label(s, "hardened", VI_LANG_EN), "hardened") != 0 ||
        strcmp(stats_programme_label(s, programme(s, "health"), VI_LANG_ZH), "健康扶贫") != 0)
        FAIL("labels: expected data/statuses.tsv's and data/programmes.tsv's words");
    stats_free(s);
}

/* --village: the total is that village; county-level projects are out. */
static void check_village(vi_store *st, const char *datadir)
{
    vi_stats *s = compute(st, datadir, "上雷村", NULL);
    if (!s)
        return;
    if (stats_village_count(s) != 1 || strcmp(stats_village_name(s, 0), "上雷村") != 0)
        FAIL("--village 上雷村: %d villages", stats_village_count(s));
    expect_figures(s, -1, "households", NULL, 1, 0, 0, 0, 5);
    expect_figures(s, -1, "roads", NULL, 1, road_m(1), 0, 0, 0);
    expect_figures(s, -1, "roads", "planned", 0, 0, 0, 0, 0);
    expect_money(s, -1, "infrastructure", 0, 0);
    expect_money(s, -1, "health", 1, 7.25);
    stats_free(s);
}

/* --layer roads: only roads are read. */
static void check_layer(vi_store *st, const char *datadir)
{
    vi_stats *s = compute(st, datadir, NULL, "roads");
    if (!s)
        return;
    expect_figures(s, -1, "roads", NULL, 3, road_m(0) + road_m(1) + road_m(3), 2,
                   road_m(0) + road_m(3), 0);
    expect_figures(s, -1, "households", NULL, 0, 0, 0, 0, 0);
    expect_money(s, -1, "infrastructure", 0, 0);
    stats_free(s);
}

static void check_errors(vi_store *st, const char *datadir)
{
    vi_stats_options opt = {"大坪村", NULL, 0};
    GError *err = NULL;
    if (stats_compute(st, datadir, &opt, &err))
        FAIL("an unknown village should fail");
    expect_usage_error(&err, "unknown village",
                       "unknown village \"大坪村\": expected one of 双龙村, 上雷村");
    static const char *const names =
        "households, roads, bridges, streetlights, water_tanks, water_pipes, rivers, "
        "signal_towers, clinics, elderly_care, committees, culture, schools, toilets, "
        "garbage_pools, trees, industry, projects";
    const vi_registry *reg = store_registry(st);
    char *message = g_strdup_printf("unknown layer \"villages\": expected one of %s", names);
    if (stats_check_layer(reg, "villages", &err))
        FAIL("--layer villages should be refused");
    expect_usage_error(&err, "--layer villages", message);
    g_free(message);
    opt = (vi_stats_options){NULL, "castles", 0};
    if (stats_compute(st, datadir, &opt, &err))
        FAIL("an unknown layer should fail");
    message = g_strdup_printf("unknown layer \"castles\": expected one of %s", names);
    expect_usage_error(&err, "--layer castles", message);
    g_free(message);
    if (!stats_check_layer(reg, "projects", &err) || !stats_check_layer(reg, NULL, &err))
        FAIL("--layer projects and no --layer are accepted");
}

/* The writer over the same tally: the households by poverty class, in the
 * villages layer's order, every allowed class present. */
static void check_json(vi_store *st, const char *datadir)
{
    vi_stats *s = compute(st, datadir, NULL, "households");
    if (!s)
        return;
    GString *out = g_string_new(NULL);
    stats_render(s, VI_FORMAT_JSON, VI_LANG_EN, out);
#define CLASS(name, count, people)                                                                 \
    "        \"" name "\": {\n          \"count\": " #count ",\n          \"people\": " #people    \
    "\n        }"
    static const char *const expected =
        "{\n  \"total\": {\n    \"households\": {\n      \"count\": 5,\n      \"people\": 15,\n"
        "      \"toilet_retrofits\": 2,\n      \"by_poverty\": {\n" CLASS(
            "registered", 2, 8) ",\n" CLASS("lifted", 1,
                                            4) ",\n" CLASS("none", 2, 3) "\n      }\n    }\n  },\n"
                                                                         "  \"villages\": [\n";
#undef CLASS
    if (!g_str_has_prefix(out->str, expected))
        FAIL("stats JSON:\n%s\nexpected it to start with:\n%s", out->str, expected);
    stats_free(s);
    g_string_free(out, TRUE);
}

int main(void)
{
    const char *datadir = getenv("VINFRA_DATADIR");
    if (!datadir)
        return 77;
    vi_registry *reg;
    char *tmp;
    vi_store *st = unit_store_new(datadir, &reg, &tmp);
    if (st) {
        store_begin(st, NULL);
        fill(st);
        commit_features(st);
        check_all(st, datadir);
        check_village(st, datadir);
        check_layer(st, datadir);
        check_errors(st, datadir);
        check_json(st, datadir);
    }
    store_close(st);
    unit_store_remove(tmp);
    registry_free(reg);
    return unit_result();
}
