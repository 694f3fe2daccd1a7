/*
 * test-spindex.c - the spatial index and the exact geometry of coverage
 * against brute force: nearest item and its distance (points and segments,
 * clustered and spread, ties), radius and box queries, the covered length of
 * a segment against fine sampling, and percentile_cont summaries against a
 * sorted copy.
 */
#include "coverage.h"
#include "spindex.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static double brute_nearest(const double *seg, int n, double x, double y, int *best)
{
    double bd = INFINITY;
    *best = -1;
    for (int i = 0; i < n; i++) {
        const double *s = seg + 4 * i;
        double d = spindex_segment_distance(x, y, s[0], s[1], s[2], s[3]);
        if (d < bd) {
            bd = d;
            *best = i;
        }
    }
    return bd;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* Check every query kind on N segments (or points when POINTS). */
static void check_index(GRand *rng, int n, gboolean points, double spread)
{
    double *seg = g_new(double, 4 * n + 4);
    for (int i = 0; i < n; i++) {
        /* Half the items in tight clusters, half spread out. */
        double cx = g_rand_double_range(rng, 0, spread), cy = g_rand_double_range(rng, 0, spread);
        if (i % 2 && i > 1) {
            cx = seg[4 * (i - 1)] + g_rand_double_range(rng, -5, 5);
            cy = seg[4 * (i - 1) + 1] + g_rand_double_range(rng, -5, 5);
        }
        seg[4 * i] = cx;
        seg[4 * i + 1] = cy;
        seg[4 * i + 2] = points ? cx : cx + g_rand_double_range(rng, -200, 200);
        seg[4 * i + 3] = points ? cy : cy + g_rand_double_range(rng, -200, 200);
    }
    double *xy = g_new(double, 2 * n + 2);
    for (int i = 0; i < n; i++) {
        xy[2 * i] = seg[4 * i];
        xy[2 * i + 1] = seg[4 * i + 1];
    }
    vi_spindex *ix = points ? spindex_new_points(xy, n) : spindex_new_segments(seg, n);
    CHECK(spindex_size(ix) == n, "size %d, expected %d", spindex_size(ix), n);
    GArray *got = g_array_new(FALSE, FALSE, sizeof(int));
    for (int q = 0; q < 300; q++) {
        double x = g_rand_double_range(rng, -spread / 4, spread * 1.25);
        double y = g_rand_double_range(rng, -spread / 4, spread * 1.25);
        int want;
        double wd = brute_nearest(seg, n, x, y, &want), d;
        int item = spindex_nearest(ix, x, y, INFINITY, &d);
        CHECK(item == want && d == wd,
              "n=%d nearest to (%g, %g): got %d at %.9f, expected %d at %.9f", n, x, y, item, d,
              want, wd);
        /* A limit below the answer finds nothing; at the answer it finds it. */
        if (n > 0) {
            CHECK(spindex_nearest(ix, x, y, wd * 0.999, &d) == -1 && isinf(d),
                  "n=%d nearest within %g found something", n, wd * 0.999);
            CHECK(spindex_nearest(ix, x, y, wd, &d) == want, "n=%d nearest within exactly %g", n,
                  wd);
        }
        double r = g_rand_double_range(rng, 0, spread / 5);
        g_array_set_size(got, 0);
        spindex_within(ix, x, y, r, got);
        if (got->len > 0) /* qsort's array may not be NULL, even when empty */
            qsort(got->data, got->len, sizeof(int), cmp_int);
        int k = 0;
        for (int i = 0; i < n; i++) {
            const double *s = seg + 4 * i;
            if (spindex_segment_distance(x, y, s[0], s[1], s[2], s[3]) <= r) {
                CHECK(k < (int)got->len && g_array_index(got, int, k) == i,
                      "n=%d within %g of (%g, %g): item %d missing", n, r, x, y, i);
                k++;
            }
        }
        CHECK(k == (int)got->len, "n=%d within: %u items, expected %d", n, got->len, k);
        g_array_set_size(got, 0);
        spindex_box(ix, x - r, y - r, x + r, y + r, got);
        int inbox = 0;
        for (int i = 0; i < n; i++) {
            const double *s = seg + 4 * i;
            inbox += fmin(s[0], s[2]) <= x + r && fmax(s[0], s[2]) >= x - r &&
                     fmin(s[1], s[3]) <= y + r && fmax(s[1], s[3]) >= y - r;
        }
        CHECK(inbox == (int)got->len, "n=%d box: %u items, expected %d", n, got->len, inbox);
    }
    g_array_free(got, TRUE);
    spindex_free(ix);
    g_free(seg);
    g_free(xy);
}

static void check_ties(void)
{
    /* Four points at the same distance: the lowest number wins. */
    double xy[] = {10, 0, 0, 10, -10, 0, 0, -10, 50, 50};
    for (int rot = 0; rot < 4; rot++) {
        double p[10];
        for (int i = 0; i < 5; i++) {
            int j = (i + rot) % 4;
            p[2 * i] = i < 4 ? xy[2 * j] : xy[8];
            p[2 * i + 1] = i < 4 ? xy[2 * j + 1] : xy[9];
        }
        vi_spindex *ix = spindex_new_points(p, 5);
        double d;
        int item = spindex_nearest(ix, 0, 0, INFINITY, &d);
        CHECK(item == 0 && d == 10, "tie: got %d at %g", item, d);
        spindex_free(ix);
    }
}

static void check_covered_length(GRand *rng)
{
    for (int t = 0; t < 40; t++) {
        double x1 = 0, y1 = 0, x2 = g_rand_double_range(rng, 1, 400),
               y2 = g_rand_double_range(rng, -100, 100);
        int n = g_rand_int_range(rng, 0, 12);
        double pts[24];
        for (int i = 0; i < n; i++) {
            pts[2 * i] = g_rand_double_range(rng, -30, x2 + 30);
            pts[2 * i + 1] = g_rand_double_range(rng, -60, 60);
        }
        double r = 25, len = hypot(x2, y2);
        double got = coverage_covered_length(x1, y1, x2, y2, pts, n, r);
        /* Midpoint sampling every 1 mm. */
        int steps = (int)(len * 1000);
        long inside = 0;
        for (int s = 0; s < steps; s++) {
            double f = (s + 0.5) / steps, x = f * x2, y = f * y2;
            for (int i = 0; i < n; i++)
                if (hypot(x - pts[2 * i], y - pts[2 * i + 1]) <= r) {
                    inside++;
                    break;
                }
        }
        double sampled = len * inside / steps;
        CHECK(fabs(got - sampled) <= 0.002 * (n + 1), "covered length %g, sampled %g", got,
              sampled);
    }
    /* A light on the segment covers 2r; past the end only the part on the segment. */
    double p1[] = {50, 0}, p2[] = {110, 0};
    CHECK(fabs(coverage_covered_length(0, 0, 100, 0, p1, 1, 25) - 50) < 1e-9, "centre light");
    CHECK(fabs(coverage_covered_length(0, 0, 100, 0, p2, 1, 25) - 15) < 1e-9, "light past the end");
    double p3[] = {50, 25}; /* tangent: no length */
    CHECK(coverage_covered_length(0, 0, 100, 0, p3, 1, 25) == 0, "tangent light");
    double p4[] = {40, 0, 60, 0}; /* overlapping circles count once */
    CHECK(fabs(coverage_covered_length(0, 0, 100, 0, p4, 2, 25) - 70) < 1e-9, "overlap");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void check_summary(GRand *rng)
{
    for (int n = 1; n < 60; n++) {
        double *v = g_new(double, n), *s = g_new(double, n);
        for (int i = 0; i < n; i++)
            v[i] = s[i] = g_rand_int_range(rng, 0, 20) * 10.0; /* with repeats */
        qsort(s, n, sizeof(double), cmp_double);
        vi_dist_summary out;
        coverage_summarise(v, n, &out);
        double pos = 0.5 * (n - 1), pos9 = 0.9 * (n - 1);
        double med = s[(int)pos] + (pos - floor(pos)) * (s[(int)ceil(pos)] - s[(int)pos]);
        double p90 = s[(int)pos9] + (pos9 - floor(pos9)) * (s[(int)ceil(pos9)] - s[(int)pos9]);
        double sum = 0;
        for (int i = 0; i < n; i++)
            sum += s[i];
        CHECK(fabs(out.median - med) < 1e-9 && fabs(out.p90 - p90) < 1e-9 && out.max == s[n - 1] &&
                  fabs(out.sum - sum) < 1e-6,
              "n=%d summary: median %g p90 %g max %g, expected %g %g %g", n, out.median, out.p90,
              out.max, med, p90, s[n - 1]);
        g_free(v);
        g_free(s);
    }
    double inf[] = {5, INFINITY, 1, INFINITY};
    vi_dist_summary out;
    coverage_summarise(inf, 4, &out);
    CHECK(isinf(out.median) && isinf(out.max) && isinf(out.p90), "infinite distances: median %g",
          out.median);
}

int main(void)
{
    GRand *rng = g_rand_new_with_seed(20240601);
    int sizes[] = {0, 1, 2, 15, 16, 17, 257, 3000};
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        check_index(rng, sizes[i], TRUE, 5000);
        check_index(rng, sizes[i], FALSE, 5000);
    }
    check_ties();
    check_covered_length(rng);
    check_summary(rng);
    g_rand_free(rng);
    if (failures)
        fprintf(stderr, "%d failures\n", failures);
    return failures ? 1 : 0;
}
