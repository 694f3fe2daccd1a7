/*
 * test-reach.c - which points each candidate site reaches (reach.h), against
 * independent oracles:
 *  - line: brute-force distances from every candidate to every point;
 *  - road: hand-computed distances on small networks (a straight road, a T
 *    junction, a loop, two roads crossing without a shared vertex, a dead
 *    end, points and candidates far off the road), and, on random grids with
 *    missing edges, network_distances() run one candidate at a time;
 *  - terrain: a synthetic DEM written here with GDAL (EPSG:4545, 200 x 200
 *    cells of 10 m, a plain at 100 m with a north-south ridge 150 m high):
 *    a candidate west of the ridge sees its own side and not the shadow
 *    behind it, a mast on the ridge sees both; and viewshed_visible() run one
 *    tower at a time, on this DEM and on a geographic one (warped).
 * Reach sets are compared exactly, distances to the bit where the oracle
 * computes the same quantity, points exactly at the reach included.
 */
#include "../unit.h"
#include "gkzone.h"
#include "i18n.h"
#include "network.h"
#include "reach.h"
#include "viewshed.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <string.h>

/* ---- common checks --------------------------------------------------------- */

/* R has NCAND candidates, offsets that add up, and points ascending (no
 * repeats) within each candidate, each in 0 .. NPT-1. */
static gboolean check_shape(const char *what, const vi_reach *r, int ncand, int npt)
{
    if (r->ncand != ncand || !r->start || r->start[0] != 0) {
        FAIL("%s: %d candidates (want %d), start %p", what, r->ncand, ncand, (void *)r->start);
        return FALSE;
    }
    for (int c = 0; c < ncand; c++) {
        if (r->start[c + 1] < r->start[c]) {
            FAIL("%s: candidate %d: offsets %d, %d", what, c, r->start[c], r->start[c + 1]);
            return FALSE;
        }
        for (int k = r->start[c]; k < r->start[c + 1]; k++)
            if (r->point[k] < 0 || r->point[k] >= npt ||
                (k > r->start[c] && r->point[k] <= r->point[k - 1])) {
                FAIL("%s: candidate %d: point %d at entry %d out of order or range", what, c,
                     r->point[k], k - r->start[c]);
                return FALSE;
            }
    }
    return TRUE;
}

/* Candidate C of R reaches exactly the points with a finite WANT (one per
 * point), at that distance: to the bit when EXACT, else within 1e-9 m. */
static void check_candidate(const char *what, const vi_reach *r, int c, const double *want, int npt,
                            gboolean exact)
{
    int k = r->start[c], end = r->start[c + 1];
    for (int i = 0; i < npt; i++) {
        gboolean got = k < end && r->point[k] == i;
        if (isfinite(want[i]) && !got)
            FAIL("%s: candidate %d: point %d (at %.9f m) not reached", what, c, i, want[i]);
        else if (!isfinite(want[i]) && got)
            FAIL("%s: candidate %d: point %d reached at %.9f m, expected not", what, c, i,
                 r->dist[k]);
        else if (got && (exact ? r->dist[k] != want[i] : fabs(r->dist[k] - want[i]) > 1e-9))
            FAIL("%s: candidate %d: point %d at %.17g m, expected %.17g", what, c, i, r->dist[k],
                 want[i]);
        if (got)
            k++;
    }
}

static double dist2d(const double *a, const double *b)
{
    /* As coverage's served test and ST_Distance measure it. */
    double dx = a[0] - b[0], dy = a[1] - b[1];
    return sqrt(dx * dx + dy * dy);
}

/* ---- straight line ------------------------------------------------------------ */

static void test_line(void)
{
    GRand *rng = g_rand_new_with_seed(17);
    enum { NCAND = 60, NRAND = 3000 };
    const double X = 500000, Y = 3700000;
    double cand[2 * NCAND];
    for (int c = 0; c < NCAND; c++) {
        /* Whole metres, so points 300 m east and 400 m south are exactly 500 m off. */
        cand[2 * c] = X + g_rand_int_range(rng, 0, 5000);
        cand[2 * c + 1] = Y + g_rand_int_range(rng, 0, 5000);
    }
    int npt = NRAND + 12;
    double *pt = g_new(double, 2 * npt);
    for (int i = 0; i < NRAND; i++) {
        pt[2 * i] = X - 500 + g_rand_double_range(rng, 0, 6000);
        pt[2 * i + 1] = Y - 500 + g_rand_double_range(rng, 0, 6000);
    }
    for (int k = 0; k < 10; k++) {
        pt[2 * (NRAND + k)] = cand[2 * k] + 300;
        pt[2 * (NRAND + k) + 1] = cand[2 * k + 1] - 400;
    }
    /* On candidate 0, and on candidate 1. */
    memcpy(pt + 2 * (NRAND + 10), cand, 2 * sizeof(double));
    memcpy(pt + 2 * (NRAND + 11), cand + 2, 2 * sizeof(double));

    const double reaches[] = {0, 250, 500, 1234.5};
    double *want = g_new(double, npt);
    for (guint q = 0; q < G_N_ELEMENTS(reaches); q++) {
        double reach = reaches[q];
        char *what = g_strdup_printf("line, reach %g m", reach);
        vi_reach r;
        GError *err = NULL;
        if (!reach_by_line(cand, NCAND, pt, npt, reach, &r, &err)) {
            FAIL("%s: %s", what, err->message);
            g_clear_error(&err);
            g_free(what);
            continue;
        }
        if (check_shape(what, &r, NCAND, npt))
            for (int c = 0; c < NCAND; c++) {
                for (int i = 0; i < npt; i++) {
                    double d = dist2d(cand + 2 * c, pt + 2 * i);
                    want[i] = d <= reach ? d : INFINITY;
                }
                check_candidate(what, &r, c, want, npt, TRUE);
            }
        /* The points placed exactly at 500 m and on the candidates. */
        for (int k = 0; k < 10 && reach == 500; k++) {
            gboolean found = FALSE;
            for (int e = r.start[k]; e < r.start[k + 1]; e++)
                found |= r.point[e] == NRAND + k && r.dist[e] == 500;
            if (!found)
                FAIL("%s: candidate %d: the point exactly 500 m off is missing", what, k);
        }
        if (reach == 0 && (r.start[1] - r.start[0] != 1 || r.point[0] != NRAND + 10))
            FAIL("%s: candidate 0 should reach only the point on it", what);
        reach_clear(&r);
        g_free(what);
    }

    /* No candidates, no points. */
    vi_reach r;
    GError *err = NULL;
    if (!reach_by_line(cand, 0, pt, npt, 100, &r, &err) || r.ncand != 0 || r.start[0] != 0)
        FAIL("line, no candidates: %s", err ? err->message : "wrong shape");
    g_clear_error(&err);
    reach_clear(&r);
    if (!reach_by_line(cand, 3, pt, 0, 100, &r, &err) || r.ncand != 3 || r.start[3] != 0)
        FAIL("line, no points: %s", err ? err->message : "wrong shape");
    g_clear_error(&err);
    reach_clear(&r);

    g_free(want);
    g_free(pt);
    g_rand_free(rng);
}

/* ---- road: hand-built networks --------------------------------------------------- */

/* Lines as one flat array: each a count followed by x, y pairs; a count of 0 ends. */
static vi_network *build(const double *spec)
{
    const double *lines[16];
    int counts[16], n = 0;
    for (const double *p = spec; *p > 0; p += 1 + 2 * (int)*p, n++) {
        counts[n] = (int)*p;
        lines[n] = p + 1;
    }
    GError *err = NULL;
    vi_network *net = network_build(lines, counts, n, 0.5, &err);
    if (!net) {
        fprintf(stderr, "FAIL network_build: %s\n", err->message);
        exit(1);
    }
    return net;
}

/* network_distances() for candidate C alone, limited to REACH: the oracle. */
static void oracle_road(const vi_network *net, const double *cand, int c, const double *pt, int npt,
                        double reach, double *out)
{
    GError *err = NULL;
    if (!network_distances(net, cand + 2 * c, 1, pt, npt, reach, out, &err)) {
        FAIL("network_distances: %s", err->message);
        g_clear_error(&err);
    }
}

/* One candidate CAND on the network SPEC, the points PT with their
 * hand-computed distances EXPECT (INFINITY: never reached); checked at each
 * reach in REACHES against the hand values and against network_distances(). */
static void road_case(const char *what, const double *spec, const double *cand, const double *pt,
                      const double *expect, int npt, const double *reaches, int nreach)
{
    vi_network *net = build(spec);
    double *want = g_new(double, npt), *oracle = g_new(double, npt);
    for (int q = 0; q < nreach; q++) {
        char *label = g_strdup_printf("%s, reach %g m", what, reaches[q]);
        vi_reach r;
        GError *err = NULL;
        if (!reach_by_road(net, cand, 1, pt, npt, reaches[q], &r, &err)) {
            FAIL("%s: %s", label, err->message);
            g_clear_error(&err);
        } else if (check_shape(label, &r, 1, npt)) {
            for (int i = 0; i < npt; i++)
                want[i] = expect[i] <= reaches[q] ? expect[i] : INFINITY;
            check_candidate(label, &r, 0, want, npt, FALSE);
            oracle_road(net, cand, 0, pt, npt, reaches[q], oracle);
            char *vs = g_strdup_printf("%s (network_distances)", label);
            check_candidate(vs, &r, 0, oracle, npt, TRUE);
            g_free(vs);
        }
        reach_clear(&r);
        g_free(label);
    }
    g_free(oracle);
    g_free(want);
    network_free(net);
}

static void test_road_hand(void)
{
    /* Lengths and offsets are powers of two, so the sums are exact. */
    {
        /* A straight road; the candidate 16 m off it, 256 m along. */
        const double spec[] = {2, 0, 0, 1024, 0, 0};
        const double cand[] = {256, 16};
        const double pt[] = {
            768,  -32,  /* 16 + 512 + 32 */
            128,  0,    /* back along the same edge: 16 + 128 */
            1280, 0,    /* past the end: walk 256 from it, 16 + 768 + 256 */
            256,  16,   /* on the candidate: walk there and back */
            512,  5000, /* far off the road */
        };
        const double expect[] = {560, 144, 1040, 32, 16 + 256 + 5000};
        const double reaches[] = {0, 144, 559.999, 560, 1040, 6000};
        road_case("straight road", spec, cand, pt, expect, 5, reaches, G_N_ELEMENTS(reaches));

        /* A candidate farther from the road than the reach reaches nothing,
         * even the point on it. */
        const double far[] = {256, 3000};
        const double none[] = {INFINITY, INFINITY, INFINITY, INFINITY, INFINITY};
        const double small[] = {1000, 2999};
        road_case("candidate far off the road", spec, far, pt, none, 5, small, 2);
    }
    {
        /* A T junction: the side road leaves the main road at a shared vertex. */
        const double spec[] = {3, 0, 0, 1024, 0, 2048, 0, 2, 1024, 0, 1024, 512, 0};
        const double cand[] = {0, 8};
        const double pt[] = {
            1032, 256, /* on the side road: 8 + 1024 + 256 + 8 */
            1536, 4,   /* on the main road past the junction: 8 + 1536 + 4 */
            1024, 640, /* past the side road's end: 8 + 1024 + 512 + 128 */
            2048, 0,   /* the far end */
        };
        const double expect[] = {1296, 1548, 1672, 2056};
        const double reaches[] = {1296, 1547.5, 1548, 2056, 3000};
        road_case("T junction", spec, cand, pt, expect, 4, reaches, G_N_ELEMENTS(reaches));
    }
    {
        /* A loop: one closed line, one node; the candidate on its south side. */
        const double spec[] = {5, 0, 0, 512, 0, 512, 512, 0, 512, 0, 0, 0};
        const double cand[] = {256, -8};
        const double pt[] = {
            520, 384, /* anticlockwise along the loop: 8 + 256 + 384 + 8 */
            8,   128, /* clockwise, through the node: 8 + 256 + 128 + 8 */
            256, 520, /* opposite: either way 1024 */
            384, 8,   /* same side, ahead: 8 + 128 + 8 */
        };
        const double expect[] = {656, 400, 1040, 144};
        const double reaches[] = {144, 400, 656, 1039, 1040};
        road_case("loop", spec, cand, pt, expect, 4, reaches, G_N_ELEMENTS(reaches));
    }
    {
        /* Two roads crossing at (512, 0) without a shared vertex: a bridge
         * over the other (grade separation), not a junction. */
        const double spec[] = {2, 0, 0, 1024, 0, 2, 512, -512, 512, 512, 0};
        const double cand[] = {128, 8};
        const double pt[] = {
            520, 256, /* on the other road: never reached */
            600, 8,   /* on the candidate's road past the crossing: 8 + 472 + 8 */
            504, -400 /* on the other road, south */
        };
        const double expect[] = {INFINITY, 488, INFINITY};
        const double reaches[] = {488, 5000};
        road_case("crossing without a junction", spec, cand, pt, expect, 3, reaches,
                  G_N_ELEMENTS(reaches));
    }
    {
        /* A dead end: a spur north off the road, stopping after 256 m; the
         * candidate at the spur's tip. */
        const double spec[] = {3, 0, 0, 512, 0, 1024, 0, 2, 512, 0, 512, 256, 0};
        const double cand[] = {512, 264};
        const double pt[] = {
            512, 384, /* beyond the tip: 8 + 128 */
            0,   -16, /* the west end: 8 + 256 + 512 + 16 */
            600, 160, /* beside the spur, nearer it than the road: 8 + 96 + 88 */
        };
        const double expect[] = {136, 792, 192};
        const double reaches[] = {136, 191.9, 192, 792};
        road_case("dead end", spec, cand, pt, expect, 3, reaches, G_N_ELEMENTS(reaches));
    }
}

/* ---- road: random grids against network_distances() ------------------------------------ */

static void test_road_random(void)
{
    GRand *rng = g_rand_new_with_seed(4242);
    enum { N = 14, NCAND = 30, NRAND = 1500 };
    const double X = 500000, Y = 3700000, S = 100;
    for (int trial = 0; trial < 3; trial++) {
        /* Grid edges, 30 % missing, some with a jittered middle vertex;
         * and one long road across that meets none (a flyover). */
        GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
        GArray *counts = g_array_new(FALSE, FALSE, sizeof(int));
        for (int dir = 0; dir < 2; dir++)
            for (int i = 0; i < N; i++)
                for (int j = 0; j + 1 < N; j++) {
                    if (g_rand_double(rng) < 0.3)
                        continue;
                    double a[2] = {X + S * (dir ? i : j), Y + S * (dir ? j : i)};
                    double b[2] = {X + S * (dir ? i : j + 1), Y + S * (dir ? j + 1 : i)};
                    double *l = g_new(double, 6);
                    int n = 2;
                    l[0] = a[0], l[1] = a[1];
                    if (g_rand_boolean(rng)) {
                        l[2] = (a[0] + b[0]) / 2 + g_rand_double_range(rng, -10, 10);
                        l[3] = (a[1] + b[1]) / 2 + g_rand_double_range(rng, -10, 10);
                        n = 3;
                    }
                    l[2 * n - 2] = b[0], l[2 * n - 1] = b[1];
                    g_ptr_array_add(lines, l);
                    g_array_append_val(counts, n);
                }
        double *fly = g_new(double, 4);
        fly[0] = X - 37, fly[1] = Y + 13, fly[2] = X + S * N + 29, fly[3] = Y + S * (N - 1) - 41;
        g_ptr_array_add(lines, fly);
        int two = 2;
        g_array_append_val(counts, two);
        GError *err = NULL;
        vi_network *net = network_build((const double *const *)lines->pdata,
                                        (const int *)counts->data, (int)lines->len, 0.5, &err);
        if (!net) {
            FAIL("random grid %d: %s", trial, err->message);
            g_clear_error(&err);
            continue;
        }

        /* Points anywhere (some off the grid), on vertices, on candidates. */
        int npt = NRAND + 40;
        double *pt = g_new(double, 2 * npt), cand[2 * NCAND];
        for (int i = 0; i < NRAND; i++) {
            pt[2 * i] = X - 150 + g_rand_double_range(rng, 0, S * N + 300);
            pt[2 * i + 1] = Y - 150 + g_rand_double_range(rng, 0, S * N + 300);
        }
        for (int c = 0; c < NCAND; c++) {
            if (c % 2) {
                cand[2 * c] = X + S * g_rand_int_range(rng, 0, N);
                cand[2 * c + 1] = Y + S * g_rand_int_range(rng, 0, N);
            } else {
                cand[2 * c] = X + g_rand_double_range(rng, -50, S * N + 50);
                cand[2 * c + 1] = Y + g_rand_double_range(rng, -50, S * N + 50);
            }
        }
        for (int k = 0; k < 40; k++) {
            double *p = pt + 2 * (NRAND + k);
            if (k < 20) {
                p[0] = X + S * g_rand_int_range(rng, 0, N);
                p[1] = Y + S * g_rand_int_range(rng, 0, N);
            } else {
                memcpy(p, cand + 2 * (k - 20), 2 * sizeof(double));
            }
        }

        /* Reaches: fixed ones, and three that are a candidate's exact
         * distance to some point, so that point lies exactly at the reach. */
        double reaches[7] = {0, 90, 250, 600};
        int at_cand[7] = {-1, -1, -1, -1}, at_point[7] = {-1, -1, -1, -1};
        double *d = g_new(double, npt);
        for (int q = 4; q < 7; q++) {
            int c = 2 * (q - 4) + 1, pick = -1, last = -1, seen = 0;
            oracle_road(net, cand, c, pt, npt, INFINITY, d);
            for (int i = 0; i < npt; i++)
                if (isfinite(d[i]) && d[i] > 100) {
                    last = i;
                    if (++seen == 7 * (q - 3))
                        pick = i;
                }
            if (pick < 0)
                pick = last;
            if (pick < 0) {
                FAIL("random grid %d: candidate %d reaches nothing beyond 100 m", trial, c);
                pick = 0;
                d[0] = 500;
            }
            reaches[q] = d[pick];
            at_cand[q] = c;
            at_point[q] = pick;
        }

        double *unlimited = g_new(double, npt);
        for (int q = 0; q < 7; q++) {
            char *what = g_strdup_printf("random grid %d, reach %.17g m", trial, reaches[q]);
            vi_reach r;
            if (!reach_by_road(net, cand, NCAND, pt, npt, reaches[q], &r, &err)) {
                FAIL("%s: %s", what, err->message);
                g_clear_error(&err);
                g_free(what);
                continue;
            }
            if (check_shape(what, &r, NCAND, npt)) {
                for (int c = 0; c < NCAND; c++) {
                    oracle_road(net, cand, c, pt, npt, reaches[q], d);
                    check_candidate(what, &r, c, d, npt, TRUE);
                    /* Coverage's served test: no limit, then d <= reach. */
                    oracle_road(net, cand, c, pt, npt, INFINITY, unlimited);
                    for (int i = 0; i < npt; i++)
                        if (!(unlimited[i] <= reaches[q]))
                            unlimited[i] = INFINITY;
                    char *served = g_strdup_printf("%s (served test)", what);
                    check_candidate(served, &r, c, unlimited, npt, TRUE);
                    g_free(served);
                }
                if (at_cand[q] >= 0) {
                    gboolean found = FALSE;
                    for (int e = r.start[at_cand[q]]; e < r.start[at_cand[q] + 1]; e++)
                        found |= r.point[e] == at_point[q] && r.dist[e] == reaches[q];
                    if (!found)
                        FAIL("%s: candidate %d: point %d exactly at the reach is missing", what,
                             at_cand[q], at_point[q]);
                }
            }
            reach_clear(&r);
            g_free(what);
        }
        g_free(unlimited);
        g_free(d);
        g_free(pt);
        network_free(net);
        g_array_free(counts, TRUE);
        g_ptr_array_free(lines, TRUE);
    }
    g_rand_free(rng);
}

/* ---- terrain -------------------------------------------------------------------------- */

#define NCELLS 200
#define CELL 10.0
#define X0 620000.0  /* EPSG:4545 easting of the west edge (about 109.3E) */
#define Y0 3765000.0 /* northing of the north edge (about 34.0N) */
#define RIDGE_LO 99  /* the ridge: columns 99 to 101, 150 m above the plain */
#define RIDGE_HI 101

static double ridge(int col)
{
    return col >= RIDGE_LO && col <= RIDGE_HI ? 250.0 : 100.0;
}

/* Writes a one-band Float32 GTiff of N x N cells, height HEIGHT(col), with
 * geotransform GT in EPSG. */
static void write_dem(const char *path, const double *gt, int epsg, double (*height)(int col))
{
    GDALDatasetH ds =
        GDALCreate(GDALGetDriverByName("GTiff"), path, NCELLS, NCELLS, 1, GDT_Float32, NULL);
    GDALSetGeoTransform(ds, (double *)gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, epsg);
    char *wkt = NULL;
    OSRExportToWkt(srs, &wkt);
    GDALSetProjection(ds, wkt);
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    float row[NCELLS];
    for (int c = 0; c < NCELLS; c++)
        row[c] = (float)height(c);
    for (int r = 0; r < NCELLS; r++)
        if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, r, NCELLS, 1, row, NCELLS, 1,
                         GDT_Float32, 0, 0) != CE_None) {
            fprintf(stderr, "FAIL cannot write %s\n", path);
            exit(1);
        }
    GDALClose(ds);
}

/* The EPSG:4545 centre of cell (COL, ROW) of the projected DEM. */
static void cell_xy(double col, double row, double *xy)
{
    xy[0] = X0 + (col + 0.5) * CELL;
    xy[1] = Y0 - (row + 0.5) * CELL;
}

typedef struct {
    const char *what;
    double col, row;
    int visible;
} target;

/* One candidate at cell (COL, ROW) with ANTENNA over DEM: each target seen
 * or not as expected, within REACH. */
static void terrain_case(const char *dem, const char *what, double col, double row, double antenna,
                         double reach, const target *t, int n)
{
    double cand[2], *pt = g_new(double, 2 * n);
    cell_xy(col, row, cand);
    for (int i = 0; i < n; i++)
        cell_xy(t[i].col, t[i].row, pt + 2 * i);
    vi_reach r;
    GError *err = NULL;
    if (!reach_by_terrain(dem, 4545, cand, 1, antenna, pt, n, 1.5, reach, &r, &err)) {
        FAIL("%s: %s", what, err->message);
        g_clear_error(&err);
    } else if (check_shape(what, &r, 1, n)) {
        double *want = g_new(double, n);
        for (int i = 0; i < n; i++)
            want[i] = t[i].visible ? dist2d(cand, pt + 2 * i) : INFINITY;
        for (int i = 0, k = 0; i < n; i++) {
            gboolean got = k < r.start[1] && r.point[k] == i;
            if (got != t[i].visible)
                FAIL("%s: %s: expected %s, got %s", what, t[i].what,
                     t[i].visible ? "visible" : "hidden", got ? "visible" : "hidden");
            k += got;
        }
        check_candidate(what, &r, 0, want, n, TRUE);
        g_free(want);
    }
    reach_clear(&r);
    g_free(pt);
}

static void test_terrain_ridge(const char *dem)
{
    const target west[] = {
        {"west, same row", 70, 100, 1},     {"west, north", 60, 30, 1},
        {"west, south", 20, 170, 1},        {"just behind the ridge", 110, 100, 0},
        {"behind the ridge", 130, 100, 0},  {"behind, north", 160, 60, 0},
        {"behind, far south", 190, 180, 0},
    };
    terrain_case(dem, "west of the ridge, 10 m antenna", 40, 100, 10, 2500, west,
                 G_N_ELEMENTS(west));

    /* 300 m along the row: reached within 300 m, not within 299 m. */
    const target at[] = {{"300 m east, reach 300 m", 70, 100, 1}};
    terrain_case(dem, "reach exactly 300 m", 40, 100, 10, 300, at, 1);
    const target beyond[] = {{"300 m east, reach 299 m", 70, 100, 0}};
    terrain_case(dem, "reach 299 m", 40, 100, 10, 299, beyond, 1);

    /* A 30 m mast on the ridge sees the plain on both sides. */
    const target both[] = {
        {"west, same row", 70, 100, 1},     {"west, north", 60, 30, 1},
        {"west, south", 20, 170, 1},        {"east, same row", 130, 100, 1},
        {"east, north", 160, 60, 1},        {"east, far south", 190, 180, 1},
        {"on the ridge, north", 100, 5, 1},
    };
    terrain_case(dem, "mast on the ridge", 100, 100, 30, 2500, both, G_N_ELEMENTS(both));
}

/* Random candidates and points against viewshed_visible(), one tower at a
 * time: the points in lon, lat for it, in EPSG:4545 for reach_by_terrain(). */
static void terrain_oracle(const char *dem, const char *what, const double *cand, int ncand,
                           const double *pt, int npt, double antenna, double reach)
{
    GError *err = NULL;
    double *cand_ll = g_memdup2(cand, sizeof(double) * 2 * ncand);
    double *pt_ll = g_memdup2(pt, sizeof(double) * 2 * npt);
    if (!gk_unproject(4545, cand_ll, ncand, &err) || !gk_unproject(4545, pt_ll, npt, &err)) {
        FAIL("%s: gk_unproject: %s", what, err->message);
        g_clear_error(&err);
        return;
    }
    vi_reach r;
    if (!reach_by_terrain(dem, 4545, cand, ncand, antenna, pt, npt, 1.5, reach, &r, &err)) {
        FAIL("%s: %s", what, err->message);
        g_clear_error(&err);
    } else if (check_shape(what, &r, ncand, npt)) {
        guint8 *vis = g_new(guint8, npt);
        double *want = g_new(double, npt);
        int total = 0;
        for (int c = 0; c < ncand; c++) {
            if (!viewshed_visible(dem, cand_ll + 2 * c, &antenna, 1, pt_ll, npt, 1.5, reach, vis,
                                  NULL, &err)) {
                FAIL("%s: viewshed_visible: %s", what, err->message);
                g_clear_error(&err);
                continue;
            }
            for (int i = 0; i < npt; i++) {
                want[i] = vis[i] ? dist2d(cand + 2 * c, pt + 2 * i) : INFINITY;
                total += vis[i];
            }
            check_candidate(what, &r, c, want, npt, TRUE);
        }
        /* The test means something only if both seen and hidden occur. */
        if (total == 0 || total == ncand * npt)
            FAIL("%s: %d of %d candidate-point pairs seen", what, total, ncand * npt);
        printf("%s: %d of %d candidate-point pairs seen\n", what, total, ncand * npt);
        g_free(want);
        g_free(vis);
    }
    reach_clear(&r);
    g_free(pt_ll);
    g_free(cand_ll);
}

static void test_terrain_random(const char *dem, const char *geo_dem)
{
    GRand *rng = g_rand_new_with_seed(99);
    /* 16 candidates: two threads (reach_threads(), 8 a thread) where there are two processors. */
    enum { NCAND = 16, NPT = 400 };
    double cand[2 * NCAND], pt[2 * NPT];
    for (int c = 0; c < NCAND; c++)
        cell_xy(g_rand_int_range(rng, 5, NCELLS - 5), g_rand_int_range(rng, 5, NCELLS - 5),
                cand + 2 * c);
    for (int i = 0; i < NPT; i++) {
        /* A few outside the DEM. */
        pt[2 * i] = X0 + g_rand_double_range(rng, -40, NCELLS * CELL + 40);
        pt[2 * i + 1] = Y0 - g_rand_double_range(rng, -40, NCELLS * CELL + 40);
    }
    terrain_oracle(dem, "projected DEM vs viewshed_visible", cand, NCAND, pt, NPT, 15, 900);
    /* The geographic DEM covers a smaller box: keep what falls in it. */
    double gcand[2 * NCAND], gpt[2 * NPT];
    int ngc = 0, ngp = 0;
    for (int c = 0; c < NCAND; c++) {
        double xy[2] = {X0 + 200 + g_rand_double_range(rng, 0, 1400),
                        Y0 - 300 - g_rand_double_range(rng, 0, 1400)};
        memcpy(gcand + 2 * ngc++, xy, sizeof xy);
    }
    for (int i = 0; i < NPT; i++) {
        double xy[2] = {X0 + g_rand_double_range(rng, 0, 1900),
                        Y0 - g_rand_double_range(rng, 0, 2300)};
        memcpy(gpt + 2 * ngp++, xy, sizeof xy);
    }
    terrain_oracle(geo_dem, "geographic DEM (warped) vs viewshed_visible", gcand, ngc, gpt, ngp, 15,
                   700);
    g_rand_free(rng);
}

static void test_terrain_errors(const char *dem)
{
    double cand[4], pt[4];
    cell_xy(40, 100, cand);
    cand[2] = 619000, cand[3] = 3764000; /* west of the DEM */
    cell_xy(70, 100, pt);
    cell_xy(130, 100, pt + 2);
    vi_reach r;
    GError *err = NULL;

    char *expected = g_strdup_printf(
        "cannot use DEM '%s': candidate 1 (619000.0, 3764000.0) is outside it", dem);
    if (reach_by_terrain(dem, 4545, cand, 2, 10, pt, 2, 1.5, 1000, &r, &err) ||
        g_strcmp0(err ? err->message : NULL, expected))
        FAIL("candidate outside: %s", err ? err->message : "(accepted)");
    if (r.ncand != 0 || r.start || r.point || r.dist)
        FAIL("candidate outside: the result is not empty");
    g_clear_error(&err);
    g_free(expected);

    /* The same in Chinese, the default language. */
    vi_i18n_set_language(VI_LANG_ZH);
    expected = g_strdup_printf(
        "无法使用高程模型 '%s'：第 1 个候选点（619000.0, 3764000.0）在其范围之外", dem);
    if (reach_by_terrain(dem, 4545, cand, 2, 10, pt, 2, 1.5, 1000, &r, &err) ||
        g_strcmp0(err ? err->message : NULL, expected))
        FAIL("candidate outside, Chinese: %s", err ? err->message : "(accepted)");
    g_clear_error(&err);
    g_free(expected);
    vi_i18n_set_language(VI_LANG_EN);

    if (reach_by_terrain("/nonexistent/dem.tif", 4545, cand, 1, 10, pt, 2, 1.5, 1000, &r, &err) ||
        !err || !g_str_has_prefix(err->message, "cannot read DEM '/nonexistent/dem.tif': "))
        FAIL("missing DEM: %s", err ? err->message : "(accepted)");
    g_clear_error(&err);

    if (reach_by_terrain(dem, 4545, cand, 1, 10, pt, 2, 1.5, 0, &r, &err) ||
        g_strcmp0(err ? err->message : NULL,
                  "cannot compute reach: 1 candidates, 2 points, reach 0 m"))
        FAIL("reach 0: %s", err ? err->message : "(accepted)");
    g_clear_error(&err);

    /* Points outside the DEM are simply not reached; no points is no error. */
    if (!reach_by_terrain(dem, 4545, cand, 1, 10, pt, 0, 1.5, 1000, &r, &err) || r.ncand != 1 ||
        r.start[1] != 0)
        FAIL("no points: %s", err ? err->message : "wrong shape");
    g_clear_error(&err);
    reach_clear(&r);

    double bad[2] = {NAN, 5};
    if (reach_by_line(bad, 1, pt, 2, 100, &r, &err) ||
        g_strcmp0(err ? err->message : NULL,
                  "cannot compute reach: candidate 0 (nan, 5) is not a finite position"))
        FAIL("candidate NaN: %s", err ? err->message : "(accepted)");
    g_clear_error(&err);
    if (reach_by_line(cand, 1, pt, 2, -1, &r, &err) ||
        g_strcmp0(err ? err->message : NULL,
                  "cannot compute reach: 1 candidates, 2 points, reach -1 m"))
        FAIL("negative reach: %s", err ? err->message : "(accepted)");
    g_clear_error(&err);
}

static double geo_ridge(int col)
{
    return ridge(col);
}

int main(void)
{
    /* The Chinese messages come from the catalogue (build/po); English first. */
    vi_i18n_init();
    vi_i18n_set_language(VI_LANG_EN);
    GDALAllRegister();

    test_line();
    test_road_hand();
    test_road_random();

    GError *tmp_err = NULL;
    char *dir = g_dir_make_tmp("test-reach-XXXXXX", &tmp_err);
    if (!dir) {
        FAIL("cannot make a temporary folder for the DEMs: %s", tmp_err->message);
        g_error_free(tmp_err);
        return unit_result();
    }
    char *dem = g_build_filename(dir, "ridge.tif", NULL);
    char *geo = g_build_filename(dir, "ridge-lonlat.tif", NULL);
    double gt[6] = {X0, CELL, 0, Y0, 0, -CELL};
    write_dem(dem, gt, 4545, ridge);
    /* The same area in degrees: 0.0001-degree cells from 109.3047E, 34.0091N
     * (about the projected DEM's north-west corner). */
    double nw[2] = {X0, Y0};
    GError *err = NULL;
    if (!gk_unproject(4545, nw, 1, &err)) {
        FAIL("gk_unproject: %s", err->message);
        return unit_result();
    }
    double ggt[6] = {nw[0], 0.0001, 0, nw[1], 0, -0.0001};
    write_dem(geo, ggt, 4490, geo_ridge);

    test_terrain_ridge(dem);
    test_terrain_random(dem, geo);
    test_terrain_errors(dem);

    g_remove(dem);
    g_remove(geo);
    g_rmdir(dir);
    g_free(dem);
    g_free(geo);
    g_free(dir);
    return unit_result();
}
