/*
 * test-network.c - the road network against hand-built graphs with known
 * shortest paths, and against a brute-force oracle (nearest segment by linear
 * scan, Floyd-Warshall between vertices) on a random road net.
 */
#include "../unit.h"
#include "network.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Lines given as one flat array: each line is a count followed by x, y pairs,
 * the list ends with a count of 0. */
static vi_network *build(const double *spec, double snap_m)
{
    const double *lines[64];
    int counts[64], n = 0;
    for (const double *p = spec; *p > 0; p += 1 + 2 * (int)*p, n++) {
        counts[n] = (int)*p;
        lines[n] = p + 1;
    }
    GError *err = NULL;
    vi_network *net = network_build(lines, counts, n, snap_m, &err);
    if (!net) {
        fprintf(stderr, "FAIL network_build: %s\n", err->message);
        exit(1);
    }
    return net;
}

static void check_stats(const char *what, const vi_network *net, int nodes, int edges,
                        int components)
{
    int n, e, c;
    network_stats(net, &n, &e, &c);
    if (n != nodes || e != edges || c != components)
        FAIL("%s: expected %d nodes, %d edges, %d components; got %d, %d, %d", what, nodes, edges,
             components, n, e, c);
}

static void check_near(const char *what, double expected, double got)
{
    gboolean same = isinf(expected) ? isinf(got) : fabs(expected - got) <= 1e-9 * (1 + expected);
    if (!same)
        FAIL("%s: expected %.9f, got %.9f", what, expected, got);
}

/* Distances from SRC (NSRC points) to one destination. */
static double one(const vi_network *net, const double *src, int nsrc, double x, double y,
                  double max_m)
{
    double dst[2] = {x, y}, out = NAN;
    GError *err = NULL;
    if (!network_distances(net, src, nsrc, dst, 1, max_m, &out, &err)) {
        FAIL("network_distances: %s", err->message);
        g_clear_error(&err);
    }
    return out;
}

static void test_square_with_diagonal(void)
{
    /* A closed ring and its diagonal: nodes only where the diagonal meets
     * the ring; the corners (100,0) and (0,100) are plain vertices. */
    // clang-format off
    static const double spec[] = {5, 0, 0, 100, 0, 100, 100, 0, 100, 0, 0,
                                  2, 0, 0, 100, 100,
                                  0};
    // clang-format on
    vi_network *net = build(spec, 2);
    check_stats("square", net, 2, 3, 1);
    double src[] = {0, 0};
    check_near("square to far corner", 100 * sqrt(2), one(net, src, 1, 100, 100, INFINITY));
    check_near("square to corner", 100, one(net, src, 1, 100, 0, INFINITY));
    check_near("square to top middle", 150, one(net, src, 1, 50, 100, INFINITY));
    /* From (100,100): the top middle by the short side, (100,0) likewise. */
    double src2[] = {100, 100};
    check_near("from far corner to top middle", 50, one(net, src2, 1, 50, 100, INFINITY));
    check_near("from far corner to bottom middle", 150, one(net, src2, 1, 50, 0, INFINITY));
    network_free(net);
}

static void test_t_junction(void)
{
    /* The side road meets a vertex of the main road. */
    static const double at_vertex[] = {3, 0, 0, 100, 0, 200, 0, 2, 100, 0, 100, 100, 0};
    vi_network *net = build(at_vertex, 2);
    check_stats("T at a vertex", net, 4, 3, 1);
    double src[] = {0, 0};
    check_near("T at a vertex", 200, one(net, src, 1, 100, 100, INFINITY));
    network_free(net);

    /* The side road stops on the main road where it has no vertex. */
    static const double on_segment[] = {2, 0, 0, 200, 0, 2, 100, 0, 100, 100, 0};
    net = build(on_segment, 0);
    check_stats("T on a segment", net, 4, 3, 1);
    check_near("T on a segment", 200, one(net, src, 1, 100, 100, INFINITY));
    check_near("T on a segment, other end", 200, one(net, src, 1, 200, 0, INFINITY));
    network_free(net);

    /* It stops 1.5 m short: joined within a 2 m tolerance, at the end's position. */
    static const double short_of[] = {2, 0, 0, 200, 0, 2, 100, 1.5, 100, 100, 0};
    net = build(short_of, 2);
    check_stats("T 1.5 m short, tolerance 2 m", net, 4, 3, 1);
    check_near("T 1.5 m short, tolerance 2 m", hypot(100, 1.5) + 98.5,
               one(net, src, 1, 100, 100, INFINITY));
    network_free(net);
    net = build(short_of, 1);
    check_stats("T 1.5 m short, tolerance 1 m", net, 4, 2, 2);
    check_near("T 1.5 m short, tolerance 1 m", INFINITY, one(net, src, 1, 100, 100, INFINITY));
    network_free(net);
}

static void test_crossing(void)
{
    /* Two roads crossing at (100,0) without a shared vertex: a bridge, not a junction. */
    static const double bridge[] = {2, 0, 0, 200, 0, 2, 100, -100, 100, 100, 0};
    vi_network *net = build(bridge, 2);
    check_stats("crossing", net, 4, 2, 2);
    double src[] = {0, 0};
    check_near("crossing without a shared vertex", INFINITY, one(net, src, 1, 100, 100, INFINITY));
    network_free(net);
    static const double junction[] = {3, 0, 0, 100, 0, 200, 0, 3, 100, -100, 100, 0, 100, 100, 0};
    net = build(junction, 2);
    check_stats("junction", net, 5, 4, 1);
    check_near("crossing at a shared vertex", 200, one(net, src, 1, 100, 100, INFINITY));
    network_free(net);
}

static void test_snapping(void)
{
    /* Line B starts 1 m from line A's end (0.8, 0.6): one node at A's end. */
    static const double near_miss[] = {2, 0, 0, 100, 0, 2, 100.8, 0.6, 200, 0, 0};
    vi_network *net = build(near_miss, 2);
    check_stats("near miss, tolerance 2 m", net, 3, 2, 1);
    double src[] = {0, 0};
    check_near("near miss, tolerance 2 m", 200, one(net, src, 1, 200, 0, INFINITY));
    network_free(net);
    net = build(near_miss, 0.5);
    check_stats("near miss, tolerance 0.5 m", net, 4, 2, 2);
    check_near("near miss, tolerance 0.5 m", INFINITY, one(net, src, 1, 200, 0, INFINITY));
    network_free(net);
    /* A line that snaps to a single point carries no road. */
    static const double stub[] = {2, 0, 0, 100, 0, 2, 50, 50, 50.5, 50, 0};
    net = build(stub, 2);
    check_stats("stub", net, 2, 1, 1);
    network_free(net);
}

static void test_walks(void)
{
    static const double road[] = {2, 0, 0, 1000, 0, 0};
    vi_network *net = build(road, 2);
    double src[] = {100, 30, 900, 5};
    /* Both on the one edge: walk 30, along 600, walk 40. */
    check_near("walks on one edge", 670, one(net, src, 1, 700, -40, INFINITY));
    check_near("walk back along the edge", 30 + 50 + 10, one(net, src, 1, 50, 10, INFINITY));
    /* Two sources on the edge: the second is nearer (5 + 200 + 40). */
    check_near("two sources on the edge", 245, one(net, src, 2, 700, -40, INFINITY));
    /* Beyond the road's end the walk is to the end point. */
    check_near("beyond the end", 30 + 900 + hypot(100, 100), one(net, src, 1, 1100, 100, INFINITY));
    network_free(net);

    /* Through nodes: source off-road on the first edge, destination off-road
     * on another road leaving a junction. */
    static const double two[] = {3, 0, 0, 500, 0, 1000, 0, 2, 500, 0, 500, 800, 0};
    net = build(two, 2);
    double s2[] = {100, -20};
    check_near("walk, road, junction, road, walk", 20 + 400 + 300 + 25,
               one(net, s2, 1, 525, 300, INFINITY));
    network_free(net);
}

static void test_limits(void)
{
    static const double road[] = {2, 0, 0, 1000, 0, 0};
    vi_network *net = build(road, 2);
    double src[] = {0, 0};
    check_near("within the limit", 500, one(net, src, 1, 500, 0, 500));
    check_near("just beyond the limit", INFINITY, one(net, src, 1, 500, 0, 499.9));
    check_near("walk beyond the limit", INFINITY, one(net, src, 1, 500, 600, 1000));
    check_near("walk at the limit", 1100, one(net, src, 1, 500, 600, 1100));
    double far_src[] = {0, 2000};
    check_near("source too far from the road", INFINITY, one(net, far_src, 1, 10, 0, 1500));
    check_near("no sources", INFINITY, one(net, src, 0, 10, 0, INFINITY));

    /* Bad arguments. */
    GError *err = NULL;
    double out;
    if (network_distances(net, src, 1, src, 1, NAN, &out, &err) ||
        g_strcmp0(err ? err->message : NULL,
                  "cannot compute road distances: 1 sources, 1 destinations, limit nan m"))
        FAIL("NaN limit: %s", err ? err->message : "(accepted)");
    g_clear_error(&err);
    network_free(net);

    /* No roads at all: nothing is reachable, nothing is near. */
    net = network_build(NULL, NULL, 0, 2, &err);
    check_stats("empty", net, 0, 0, 0);
    check_near("empty network", INFINITY, one(net, src, 1, 0, 0, INFINITY));
    network_road_distances(net, src, 1, INFINITY, &out);
    check_near("empty network, nearest road", INFINITY, out);
    network_free(net);

    /* Input errors name the line and point. */
    double good[] = {0, 0, 1, 1}, bad[] = {0, 0, 1, 1, NAN, 2};
    const double *lines[] = {good, bad};
    int counts[] = {2, 3};
    if (network_build(lines, counts, 2, 2, &err) ||
        g_strcmp0(err ? err->message : NULL,
                  "cannot build road network: road line 1: point 2 is not finite"))
        FAIL("NaN point: %s", err ? err->message : "(accepted)");
    g_clear_error(&err);
    if (network_build(lines, counts, 1, -1, &err) ||
        g_strcmp0(err ? err->message : NULL,
                  "cannot build road network: 1 lines, snapping tolerance -1 m"))
        FAIL("negative tolerance: %s", err ? err->message : "(accepted)");
    g_clear_error(&err);
}

/* ---- the brute-force oracle ------------------------------------------- */

typedef struct {
    int nv;
    double *vxy; /* vertex positions */
    int nseg;
    int *seg;     /* vertex pairs */
    double *dist; /* nv x nv shortest paths (Floyd-Warshall) */
} oracle;

static double vdist(const oracle *o, int a, int b)
{
    return hypot(o->vxy[2 * a] - o->vxy[2 * b], o->vxy[2 * a + 1] - o->vxy[2 * b + 1]);
}

static int oracle_nearest(const oracle *o, const double *p, double *walk, double *t)
{
    int best = -1;
    double best_d = INFINITY;
    for (int s = 0; s < o->nseg; s++) {
        const double *a = o->vxy + 2 * o->seg[2 * s], *b = o->vxy + 2 * o->seg[2 * s + 1];
        double dx = b[0] - a[0], dy = b[1] - a[1];
        double u = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy);
        u = u < 0 ? 0 : u > 1 ? 1 : u;
        double d = hypot(a[0] + u * dx - p[0], a[1] + u * dy - p[1]);
        if (d < best_d) {
            best_d = d;
            best = s;
            *t = u;
        }
    }
    *walk = best_d;
    return best;
}

static double oracle_distance(const oracle *o, const double *src, const double *dst)
{
    double ws, ts, wd, td;
    int ss = oracle_nearest(o, src, &ws, &ts), sd = oracle_nearest(o, dst, &wd, &td);
    int a[2] = {o->seg[2 * ss], o->seg[2 * ss + 1]}, b[2] = {o->seg[2 * sd], o->seg[2 * sd + 1]};
    double ls = vdist(o, a[0], a[1]), ld = vdist(o, b[0], b[1]);
    double to_a[2] = {ts * ls, (1 - ts) * ls}, to_b[2] = {td * ld, (1 - td) * ld};
    double best = INFINITY;
    if (ss == sd)
        best = fabs(ts - td) * ls;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            best = fmin(best, to_a[i] + o->dist[a[i] * o->nv + b[j]] + to_b[j]);
    return ws + best + wd;
}

static void test_random_against_oracle(void)
{
    enum { NV = 200, NSRC = 7, NDST = 400 };
    GRand *rand = g_rand_new_with_seed(7);
    oracle o = {NV, g_new(double, 2 * NV), 0, NULL, g_new(double, NV *NV)};
    for (int i = 0; i < 2 * NV; i++)
        o.vxy[i] = g_rand_double_range(rand, 0, 3000);
    /* Roads: polylines wandering from vertex to one of its 4 nearest
     * neighbours; crossings between them are not junctions. */
    GArray *seg = g_array_new(FALSE, FALSE, sizeof(int));
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    GArray *counts = g_array_new(FALSE, FALSE, sizeof(int));
    for (int l = 0; l < 90; l++) {
        int len = g_rand_int_range(rand, 2, 7), v = g_rand_int_range(rand, 0, NV);
        double *xy = g_new(double, 2 * len);
        for (int k = 0; k < len; k++) {
            xy[2 * k] = o.vxy[2 * v];
            xy[2 * k + 1] = o.vxy[2 * v + 1];
            /* next: one of the 4 nearest other vertices */
            int near[4] = {-1, -1, -1, -1};
            double nd[4] = {INFINITY, INFINITY, INFINITY, INFINITY};
            for (int w = 0; w < NV; w++) {
                double d = vdist(&o, v, w);
                if (w == v || d >= nd[3])
                    continue;
                int pos = 3;
                while (pos > 0 && nd[pos - 1] > d) {
                    nd[pos] = nd[pos - 1];
                    near[pos] = near[pos - 1];
                    pos--;
                }
                nd[pos] = d;
                near[pos] = w;
            }
            int next = near[g_rand_int_range(rand, 0, 4)];
            if (k + 1 < len) {
                int pair[2] = {v, next};
                g_array_append_vals(seg, pair, 2);
            }
            v = next;
        }
        /* A line may come back to a vertex it left: drop immediate repeats
         * only, as the network does. */
        g_ptr_array_add(lines, xy);
        g_array_append_val(counts, len);
    }
    o.nseg = (int)seg->len / 2;
    o.seg = (int *)seg->data;
    for (int i = 0; i < NV * NV; i++)
        o.dist[i] = INFINITY;
    for (int i = 0; i < NV; i++)
        o.dist[i * NV + i] = 0;
    for (int s = 0; s < o.nseg; s++) {
        int a = o.seg[2 * s], b = o.seg[2 * s + 1];
        double d = vdist(&o, a, b);
        o.dist[a * NV + b] = o.dist[b * NV + a] = fmin(o.dist[a * NV + b], d);
    }
    for (int k = 0; k < NV; k++)
        for (int i = 0; i < NV; i++)
            for (int j = 0; j < NV; j++)
                o.dist[i * NV + j] =
                    fmin(o.dist[i * NV + j], o.dist[i * NV + k] + o.dist[k * NV + j]);

    GError *err = NULL;
    vi_network *net = network_build((const double *const *)lines->pdata, (int *)counts->data,
                                    (int)lines->len, 0, &err);
    if (!net) {
        FAIL("random network: %s", err->message);
        return;
    }
    double src[2 * NSRC], dst[2 * NDST], out[NDST];
    for (int i = 0; i < 2 * NSRC; i++)
        src[i] = g_rand_double_range(rand, -200, 3200);
    for (int i = 0; i < 2 * NDST; i++)
        dst[i] = g_rand_double_range(rand, -200, 3200);
    double limits[] = {INFINITY, 1500};
    int finite = 0, unreachable = 0;
    for (int lim = 0; lim < 2; lim++) {
        if (!network_distances(net, src, NSRC, dst, NDST, limits[lim], out, &err)) {
            FAIL("random network: %s", err->message);
            g_clear_error(&err);
            continue;
        }
        for (int d = 0; d < NDST; d++) {
            double expected = INFINITY;
            for (int s = 0; s < NSRC; s++)
                expected = fmin(expected, oracle_distance(&o, src + 2 * s, dst + 2 * d));
            if (expected > limits[lim])
                expected = INFINITY;
            finite += isfinite(expected);
            unreachable += !isfinite(expected);
            char *what = g_strdup_printf("random net, limit %g, destination %d", limits[lim], d);
            check_near(what, expected, out[d]);
            g_free(what);
        }
    }
    /* The comparison means something only if both outcomes occur often. */
    if (finite < 100 || unreachable < 20)
        FAIL("random net: %d reachable, %d unreachable destinations", finite, unreachable);

    /* Nearest road, against the linear scan. */
    network_road_distances(net, dst, NDST, INFINITY, out);
    for (int d = 0; d < NDST; d++) {
        double walk, t;
        oracle_nearest(&o, dst + 2 * d, &walk, &t);
        check_near("random net, nearest road", walk, out[d]);
    }
    network_road_distances(net, dst, NDST, 20, out);
    for (int d = 0; d < NDST; d++) {
        double walk, t;
        oracle_nearest(&o, dst + 2 * d, &walk, &t);
        check_near("random net, nearest road within 20 m", walk <= 20 ? walk : INFINITY, out[d]);
    }
    network_free(net);
    g_ptr_array_free(lines, TRUE);
    g_array_free(counts, TRUE);
    g_array_free(seg, TRUE);
    g_free(o.vxy);
    g_free(o.dist);
    g_rand_free(rand);
}

/* The grid lookup against a linear scan on many short segments, with query
 * points inside, around and far outside the roads' extent. */
static void test_grid_nearest(void)
{
    enum { NLINES = 3000, NQ = 2000 };
    GRand *rand = g_rand_new_with_seed(11);
    double *xy = g_new(double, 4 * NLINES);
    const double **lines = g_new(const double *, NLINES);
    int *counts = g_new(int, NLINES);
    for (int l = 0; l < NLINES; l++) {
        double *p = xy + 4 * l;
        p[0] = g_rand_double_range(rand, 0, 20000);
        p[1] = g_rand_double_range(rand, 0, 5000);
        double len = g_rand_double_range(rand, 1, 400), az = g_rand_double_range(rand, 0, 6.3);
        p[2] = p[0] + len * cos(az);
        p[3] = p[1] + len * sin(az);
        lines[l] = p;
        counts[l] = 2;
    }
    vi_network *net = network_build(lines, counts, NLINES, 0, NULL);
    double q[2 * NQ], out[NQ];
    for (int i = 0; i < NQ; i++) {
        double spread = i < NQ - 10 ? 1.2 : 1e4; /* the last few very far away */
        q[2 * i] = g_rand_double_range(rand, -0.1, spread) * 20000;
        q[2 * i + 1] = g_rand_double_range(rand, -0.1, spread) * 5000;
    }
    network_road_distances(net, q, NQ, INFINITY, out);
    oracle o = {0, xy, NLINES, g_new(int, 2 * NLINES), NULL};
    for (int l = 0; l < 2 * NLINES; l++)
        o.seg[l] = l;
    for (int i = 0; i < NQ; i++) {
        double walk, t;
        oracle_nearest(&o, q + 2 * i, &walk, &t);
        check_near("grid nearest", walk, out[i]);
    }
    g_free(o.seg);
    network_free(net);
    g_free(counts);
    g_free(lines);
    g_free(xy);
    g_rand_free(rand);
}

int main(void)
{
    test_square_with_diagonal();
    test_t_junction();
    test_crossing();
    test_snapping();
    test_walks();
    test_limits();
    test_random_against_oracle();
    test_grid_nearest();
    return unit_result();
}
