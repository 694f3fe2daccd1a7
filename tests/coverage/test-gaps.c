/*
 * test-gaps.c - hamlets (gaps.h): single-linkage clusters on planar points
 * with known spacings, then the unserved households of a small hand-made
 * world grouped into hamlets: which households, in what order, their
 * people, poor households, village (the majority's), compass direction from
 * the village centre and nearest asset, and a planned clinic that serves
 * only after the plan.
 */
#include "../unit.h"
#include "../unit-store.h"
#include "i18n.h"
#include "hamlet-world.h"
#include "coverage.h"
#include "gaps.h"
#include "registry.h"
#include "rules.h"

#include <math.h>
#include <string.h>

static void expect_clusters(const char *what, const double *xy, int n, const int *want, int want_n)
{
    int *got = g_new(int, n + 1);
    int k = gaps_cluster(xy, n, VI_HAMLET_LINK_M, got);
    if (k != want_n)
        FAIL("%s: %d clusters, want %d", what, k, want_n);
    for (int i = 0; i < n; i++)
        if (got[i] != want[i])
            FAIL("%s: point %d in cluster %d, want %d", what, i, got[i], want[i]);
    g_free(got);
}

static void test_cluster(void)
{
    /* A chain 100 m apart is one hamlet end to end (single linkage); a gap
     * of 151 m starts another, joined again by a point 149 m on. */
    const double chain[] = {0, 0, 100, 0, 200, 0, 351, 0, 500, 0};
    expect_clusters("chain", chain, 5, (const int[]){0, 0, 0, 1, 1}, 2);
    /* Numbered in order of first member, whatever the input order. */
    const double mixed[] = {0, 0, 1000, 0, 100, 0, 1000, 120, 5000, 5000};
    expect_clusters("mixed", mixed, 5, (const int[]){0, 1, 0, 1, 2}, 3);
    /* Diagonal: 100 m apart in each axis is 141 m, joined; 110 m is 156 m, not. */
    const double diag[] = {0, 0, 100, 100, 210, 210};
    expect_clusters("diagonal", diag, 3, (const int[]){0, 0, 1}, 2);
    int none[1];
    if (gaps_cluster(NULL, 0, VI_HAMLET_LINK_M, none) != 0)
        FAIL("no points: clusters");
}

/* What a hamlet should be. */
typedef struct {
    const char *members; /* household ids, space-separated, in hamlet order */
    const char *village;
    int people, poor;
    int direction; /* 0..7 N, NE, ..., NW */
    const char *near_id;
} want_hamlet;

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static char *member_ids(const vi_world *w, const vi_hamlet *h)
{
    /* Sorted, so the test does not depend on the households' order in the world. */
    const char *const *ids = world_household_id(w);
    GPtrArray *names = g_ptr_array_new();
    for (int k = 0; k < h->nmembers; k++)
        g_ptr_array_add(names, (gpointer)ids[h->members[k]]);
    g_ptr_array_sort(names, by_name);
    GString *s = g_string_new(NULL);
    for (guint k = 0; k < names->len; k++)
        g_string_append_printf(s, "%s%s", k ? " " : "", (char *)names->pdata[k]);
    g_ptr_array_unref(names);
    return g_string_free(s, FALSE);
}

static void check_hamlets(const char *what, const vi_world *w, const vi_measure *m,
                          const want_hamlet *want, int nwant)
{
    GError *err = NULL;
    GArray *hs = gaps_hamlets(w, m, &err);
    if (!hs) {
        FAIL("%s: gaps_hamlets: %s", what, err->message);
        g_clear_error(&err);
        return;
    }
    if ((int)hs->len != nwant)
        FAIL("%s: %u hamlets, want %d", what, hs->len, nwant);
    for (int i = 0; i < nwant && i < (int)hs->len; i++) {
        const vi_hamlet *h = &g_array_index(hs, vi_hamlet, i);
        const want_hamlet *x = &want[i];
        char *ids = member_ids(w, h);
        const char *village = world_village_name(w, h->village);
        const vi_features *near = h->near_rule >= 0 ? m->serving[h->near_rule]->features : NULL;
        const char *near_id = near ? near->id[h->near_feature] : NULL;
        if (h->number != i + 1 || strcmp(ids, x->members) != 0 ||
            g_strcmp0(village, x->village) != 0 || h->households != h->nmembers ||
            h->people != x->people || h->poor != x->poor || h->direction != x->direction ||
            g_strcmp0(near_id, x->near_id) != 0)
            FAIL("%s: hamlet %d is no. %d [%s] of %s, %d people, %d poor, direction %d, "
                 "nearest %s; want [%s] of %s, %d, %d, %d, %s",
                 what, i + 1, h->number, ids, village, h->people, h->poor, h->direction, near_id,
                 x->members, x->village, x->people, x->poor, x->direction, x->near_id);
        /* Each member's distance lies in the hamlet's range. */
        for (int k = 0; k < h->nmembers; k++) {
            double d = m->dist[h->members[k]];
            if (!(d >= h->dist_min && d <= h->dist_max) || m->served[h->members[k]])
                FAIL("%s: hamlet %d: member at %g m outside %g-%g, or served", what, i + 1, d,
                     h->dist_min, h->dist_max);
        }
        g_free(ids);
    }
    gaps_free(hs);
}

int main(void)
{
    /* The Chinese words come from the catalogue (build/po). */
    vi_i18n_init();
    test_cluster();

    hamlet_world hw;
    if (!hw_begin(&hw, "test-gaps"))
        return unit_result();
    /* A planned clinic next to B, and D: across the border, two of its
     * three households in 上雷村, south-west of its centre. */
    insert(hw.store, "clinics", "C2", "上雷村", "上雷村卫生室", "planned",
           wkb_point(109.350, 34.066), NULL);
    hw_household(&hw, "D1", "双龙村", 109.3295, 34.055, "1", "none");
    hw_household(&hw, "D2", "上雷村", 109.3305, 34.055, "1", "none");
    hw_household(&hw, "D3", "上雷村", 109.3310, 34.0555, "1", "registered");
    if (!hw_commit(&hw, "clinic\t村医务室\tvillage clinic\tclinics\t\t\t\t\tline\thouseholds\t\t\t"
                        "\t1000\t\t\n"))
        return unit_result();
    GError *err = NULL;
    vi_store *st = hw.store;
    GPtrArray *defs = hw.defs;
    for (int after = 0; after < 2; after++) {
        vi_coverage_options opt = {.after_plan = after, .with_ids = TRUE};
        vi_world *w = coverage_load(st, defs, &opt, &err);
        vi_measure *m = w ? coverage_measure(w, defs->pdata[0], &err) : NULL;
        if (!m) {
            FAIL("coverage: %s", err->message);
            g_clear_error(&err);
            coverage_world_free(w);
            continue;
        }
        /* Largest first: A and D have 3 households each (A the more people),
         * then B, then E. */
        const want_hamlet before[] = {
            {"A1 A2 A3", "双龙村", 6, 2, 1, "C1"},
            {"D1 D2 D3", "上雷村", 3, 1, 5, "C1"},
            {"B1 B2", "上雷村", 8, 0, 2, "C1"},
            {"E1", "双龙村", 5, 1, 5, "C1"},
        };
        if (!after) {
            check_hamlets("before the plan", w, m, before, 4);
        } else {
            /* The planned clinic, 110 m from B, serves it. */
            const want_hamlet planned[] = {
                {"A1 A2 A3", "双龙村", 6, 2, 1, "C1"},
                {"D1 D2 D3", "上雷村", 3, 1, 5, "C1"},
                {"E1", "双龙村", 5, 1, 5, "C1"},
            };
            check_hamlets("after the plan", w, m, planned, 3);
        }
        /* The words of a hamlet: direction and distance from its village's centre. */
        GArray *hs = gaps_hamlets(w, m, &err);
        if (hs && hs->len > 0) {
            const vi_hamlet *a = &g_array_index(hs, vi_hamlet, 0);
            char *en = gaps_direction(a, VI_LANG_EN), *zh = gaps_direction(a, VI_LANG_ZH);
            char *place = gaps_place(w, a, VI_LANG_EN);
            /* A's centroid is 1.13 km east and 1.35 km north of the centre: 1.8 km. */
            if (!(a->centre_m > 1700 && a->centre_m < 1800) || strcmp(en, "NE 1.8 km") != 0 ||
                strcmp(zh, "东北 1.8 公里") != 0 ||
                strcmp(place, "1.8 km north-east of the centre of 双龙村") != 0)
                FAIL("hamlet A: %g m from the centre, \"%s\", \"%s\", \"%s\"", a->centre_m, en, zh,
                     place);
            g_free(en);
            g_free(zh);
            g_free(place);
        }
        gaps_free(hs);
        coverage_measure_free(m);
        coverage_world_free(w);
    }
    hw_free(&hw);
    return unit_result();
}
