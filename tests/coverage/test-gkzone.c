/*
 * test-gkzone.c - Gauss-Krüger zone choice, projection against PROJ's cs2cs
 * and, bit for bit, against PROJ's own operation for each zone,
 * and the requirement that straight-line distances in the zone agree
 * with geodesic ones (GeodSolve on CGCS2000) to better than 0.1% for points
 * 50 m to 20 km apart in the demo area (109.2-109.6E, 33.9-34.2N).
 */
#include "../unit.h"
#include "gkzone.h"

#include <glib/gstdio.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <string.h>

/* Whether an external reference program is on PATH. */
static gboolean have_program(const char *name)
{
    char *path = g_find_program_in_path(name);
    gboolean found = path != NULL;
    g_free(path);
    return found;
}

static char *tmpdir;

/* Runs ARGV (NULL-terminated) with INPUT written to a file given as the last
 * argument (or after --input-file when INPUT_FLAG); returns stdout. */
static char *run_tool(const char *const *argv, const char *input_flag, const char *input)
{
    char *in = g_build_filename(tmpdir, "input.txt", NULL);
    g_file_set_contents(in, input, -1, NULL);
    GPtrArray *args = g_ptr_array_new();
    for (int i = 0; argv[i]; i++)
        g_ptr_array_add(args, (char *)argv[i]);
    if (input_flag)
        g_ptr_array_add(args, (char *)input_flag);
    g_ptr_array_add(args, in);
    g_ptr_array_add(args, NULL);
    char *out = NULL;
    int status = 0;
    GError *err = NULL;
    if (!g_spawn_sync(NULL, (char **)args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                      &status, &err) ||
        !g_spawn_check_wait_status(status, &err)) {
        fprintf(stderr, "FAIL cannot run %s: %s\n", argv[0], err->message);
        exit(1);
    }
    g_ptr_array_free(args, TRUE);
    g_free(in);
    return out;
}

static void test_zone_choice(void)
{
    static const struct {
        double lon;
        int epsg;
    } cases[] = {
        // clang-format off
        {109.3, 4545},  /* Lantian: CM 108 is 1.3 degrees away, CM 111 1.7 */
        {110.8, 4546},  /* Danfeng: CM 111 */
        {108.0, 4545},  /* on the central meridian */
        {109.4999, 4545},
        {109.5, 4546},  /* half-way: east */
        {75.0, 4534},   /* first zone */
        {73.6, 4534},   /* China's west end, in the first zone's reach */
        {135.0, 4554},  /* last zone */
        {136.4, 4554},
        {73.4, 0},      /* beyond the zones */
        {137.0, 0},
        {-109.3, 0},
        {NAN, 0},
        {INFINITY, 0},
        // clang-format on
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        int got = gk_zone_epsg(cases[i].lon);
        if (got != cases[i].epsg)
            FAIL("gk_zone_epsg(%g): expected %d, got %d", cases[i].lon, cases[i].epsg, got);
    }
    if (gk_zone_central_meridian(4545) != 108.0 || gk_zone_central_meridian(4554) != 135.0 ||
        !isnan(gk_zone_central_meridian(4533)) || !isnan(gk_zone_central_meridian(4555)))
        FAIL("gk_zone_central_meridian");
}

static void test_against_cs2cs(void)
{
    if (!have_program("cs2cs")) {
        fprintf(stderr, "SKIP cs2cs not installed\n");
        exit(77);
    }
    /* A grid over the demo area and beyond, in both Lantian's and Danfeng's zones. */
    enum { N = 30 };
    double xy[2 * N];
    GString *input = g_string_new(NULL);
    for (int i = 0; i < N; i++) {
        xy[2 * i] = 107.1 + 0.1 * i;     /* 107.1 .. 110.0 E */
        xy[2 * i + 1] = 33.0 + 0.05 * i; /* 33.0 .. 34.45 N */
        /* cs2cs takes EPSG:4490 in its authority order, latitude first. */
        g_string_append_printf(input, "%.10f %.10f\n", xy[2 * i + 1], xy[2 * i]);
    }
    int zones[] = {4545, 4546};
    for (int z = 0; z < 2; z++) {
        char *dst = g_strdup_printf("EPSG:%d", zones[z]);
        const char *argv[] = {"cs2cs", "-f", "%.6f", "EPSG:4490", dst, NULL};
        char *out = run_tool(argv, NULL, input->str);
        double proj[2 * N];
        memcpy(proj, xy, sizeof proj);
        GError *err = NULL;
        if (!gk_project(zones[z], proj, N, &err)) {
            FAIL("gk_project(%d): %s", zones[z], err->message);
            g_clear_error(&err);
        }
        char **lines = g_strsplit(out, "\n", -1);
        for (int i = 0; i < N; i++) {
            double northing, easting;
            /* The output is northing, easting (EPSG order); ours easting first. */
            if (!lines[i] || sscanf(lines[i], "%lf %lf", &northing, &easting) != 2) {
                FAIL("cs2cs output line %d: %s", i, lines[i] ? lines[i] : "(none)");
                break;
            }
            if (fabs(proj[2 * i] - easting) > 0.001 || fabs(proj[2 * i + 1] - northing) > 0.001)
                FAIL("EPSG:%d point %d: cs2cs %.4f %.4f, gk_project %.4f %.4f", zones[z], i,
                     easting, northing, proj[2 * i], proj[2 * i + 1]);
        }
        /* And back again. */
        if (!gk_unproject(zones[z], proj, N, &err)) {
            FAIL("gk_unproject(%d): %s", zones[z], err->message);
            g_clear_error(&err);
        }
        for (int i = 0; i < 2 * N; i++)
            if (fabs(proj[i] - xy[i]) > 1e-9)
                FAIL("EPSG:%d round trip of coordinate %d: %.12f became %.12f", zones[z], i, xy[i],
                     proj[i]);
        g_strfreev(lines);
        g_free(out);
        g_free(dst);
    }
    g_string_free(input, TRUE);
}

static void test_errors(void)
{
    double xy[] = {109.3, 34.0, NAN, 34.0};
    GError *err = NULL;
    if (gk_project(4526, xy, 1, &err) ||
        g_strcmp0(err ? err->message : NULL,
                  "EPSG:4526 is not a CGCS2000 3-degree Gauss-Kruger zone (EPSG:4534-4554)"))
        FAIL("zone error: %s", err ? err->message : "(none)");
    g_clear_error(&err);
    if (gk_project(4545, xy, 2, &err) || !err ||
        !g_str_has_prefix(err->message, "cannot project point 1 to 'EPSG:4545'"))
        FAIL("point error: %s", err ? err->message : "(none)");
    g_clear_error(&err);
    /* No points is not an error. */
    if (!gk_project(4545, xy, 0, &err))
        FAIL("empty array: %s", err->message);
}

/* gk_project() builds each zone from its PROJ definition instead of looking
 * it up: it must give, to the bit, what PROJ's own EPSG:4490 -> zone
 * operation gives, both ways, over the whole zone. */
static void test_against_epsg_operation(void)
{
    enum { N = 2000 };
    GRand *rand = g_rand_new_with_seed(4490);
    for (int epsg = 4534; epsg <= 4554; epsg++) {
        double cm = gk_zone_central_meridian(epsg);
        double ours[2 * N], theirs[2 * N];
        for (int i = 0; i < N; i++) {
            ours[2 * i] = g_rand_double_range(rand, cm - 1.6, cm + 1.6);
            ours[2 * i + 1] = g_rand_double_range(rand, 3.0, 54.0);
        }
        memcpy(theirs, ours, sizeof ours);
        PJ_CONTEXT *ctx = proj_context_create();
        char *zone = g_strdup_printf("EPSG:%d", epsg);
        PJ *raw = proj_create_crs_to_crs(ctx, "EPSG:4490", zone, NULL);
        PJ *pj = raw ? proj_normalize_for_visualization(ctx, raw) : NULL;
        GError *err = NULL;
        if (!pj) {
            FAIL("cannot set up %s with PROJ", zone);
        } else {
            for (int dir = 0; dir < 2; dir++) {
                gboolean ok =
                    dir == 0 ? gk_project(epsg, ours, N, &err) : gk_unproject(epsg, ours, N, &err);
                proj_trans_generic(pj, dir == 0 ? PJ_FWD : PJ_INV, theirs, 2 * sizeof(double), N,
                                   theirs + 1, 2 * sizeof(double), N, NULL, 0, 0, NULL, 0, 0);
                if (!ok) {
                    FAIL("%s: %s", zone, err->message);
                    g_clear_error(&err);
                } else if (memcmp(ours, theirs, sizeof ours) != 0) {
                    FAIL("%s %s: differs from PROJ's EPSG operation", zone,
                         dir == 0 ? "forward" : "inverse");
                }
            }
        }
        proj_destroy(pj);
        proj_destroy(raw);
        proj_context_destroy(ctx);
        g_free(zone);
    }
    g_rand_free(rand);
}

/* Zone distance against GeodSolve for seeded random pairs in the demo area. */
static void test_distance_agreement(void)
{
    if (!have_program("GeodSolve")) {
        fprintf(stderr, "SKIP GeodSolve not installed\n");
        exit(77);
    }
    enum { N = 400 };
    GRand *rand = g_rand_new_with_seed(20240603);
    double ll[4 * N]; /* lon1 lat1 lon2 lat2 per pair */
    GString *input = g_string_new(NULL);
    for (int i = 0; i < N; i++) {
        double *p = ll + 4 * i;
        /* Distances spread evenly in log scale from 50 m to 20 km; a pair
         * leaving the area is drawn again. */
        do {
            p[0] = g_rand_double_range(rand, 109.2, 109.6);
            p[1] = g_rand_double_range(rand, 33.9, 34.2);
            double d = 50 * pow(400, (double)i / (N - 1)); /* 50 m .. 20 km */
            double az = g_rand_double_range(rand, 0, 2 * G_PI);
            p[2] = p[0] + d * sin(az) / (111320.0 * cos(p[1] * G_PI / 180));
            p[3] = p[1] + d * cos(az) / 110950.0;
        } while (p[2] < 109.2 || p[2] > 109.6 || p[3] < 33.9 || p[3] > 34.2);
        g_string_append_printf(input, "%.12f %.12f %.12f %.12f\n", p[1], p[0], p[3], p[2]);
    }
    const char *argv[] = {"GeodSolve", "-i", "-e", "6378137", "1/298.257222101", "-p", "9", NULL};
    char *out = run_tool(argv, "--input-file", input->str);
    char **lines = g_strsplit(out, "\n", -1);

    int epsg = gk_zone_epsg((109.2 + 109.6) / 2);
    double xy[4 * N];
    memcpy(xy, ll, sizeof xy);
    GError *err = NULL;
    if (!gk_project(epsg, xy, 2 * N, &err)) {
        FAIL("gk_project: %s", err->message);
        g_clear_error(&err);
    }
    double worst = 0, min_s = INFINITY, max_s = 0;
    for (int i = 0; i < N; i++) {
        double azi1, azi2, s;
        if (!lines[i] || sscanf(lines[i], "%lf %lf %lf", &azi1, &azi2, &s) != 3) {
            FAIL("GeodSolve output line %d: %s", i, lines[i] ? lines[i] : "(none)");
            break;
        }
        const double *q = xy + 4 * i;
        double planar = hypot(q[2] - q[0], q[3] - q[1]);
        double rel = fabs(planar - s) / s;
        worst = fmax(worst, rel);
        min_s = fmin(min_s, s);
        max_s = fmax(max_s, s);
        if (rel >= 0.001)
            FAIL("pair %d: geodesic %.3f m, EPSG:%d %.3f m (%.4f%%)", i, s, epsg, planar,
                 100 * rel);
    }
    /* The pairs must really span the range the issue names. */
    if (min_s > 55 || max_s < 19000)
        FAIL("pairs span %.1f m .. %.1f m, not 50 m .. 20 km", min_s, max_s);
    printf("zone EPSG:%d, %d pairs %.0f m .. %.0f m: worst difference %.4f%%\n", epsg, N, min_s,
           max_s, 100 * worst);
    g_strfreev(lines);
    g_free(out);
    g_string_free(input, TRUE);
    g_rand_free(rand);
}

int main(void)
{
    tmpdir = g_dir_make_tmp("test-gkzone-XXXXXX", NULL);
    test_zone_choice();
    test_errors();
    test_against_cs2cs();
    test_against_epsg_operation();
    test_distance_agreement();
    char *in = g_build_filename(tmpdir, "input.txt", NULL);
    g_remove(in);
    g_free(in);
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return unit_result();
}
