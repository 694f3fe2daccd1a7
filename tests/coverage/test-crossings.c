/*
 * test-crossings.c - roads cut where they cross a river with no bridge,
 * checked on hand-drawn roads and rivers whose answers are known: the
 * crossings counted, the pieces left, and the distances along the network
 * built from them (a river with no bridge blocks; a bridge carries; a
 * bridge elsewhere means a detour).
 */
#include "../unit.h"
#include "crossings.h"
#include "network.h"

#include <math.h>
#include <string.h>

/* Lines as one flat array: a count, then x, y pairs; a count of 0 ends it. */
typedef struct {
    const double *xy[16];
    int n[16];
    int count;
} lines;

static lines parse(const double *spec)
{
    lines l = {.count = 0};
    for (const double *p = spec; *p > 0; p += 1 + 2 * (int)*p) {
        l.n[l.count] = (int)*p;
        l.xy[l.count++] = p + 1;
    }
    return l;
}

static vi_crossings *cut(const double *roads, const double *rivers, const double *bridges,
                         int nbridges)
{
    lines r = parse(roads), v = parse(rivers);
    return crossings_cut(r.xy, r.n, r.count, v.xy, v.n, v.count, bridges, nbridges, 30.0);
}

/* Distance along the roads left by C from A to B (INFINITY: not connected). */
static double along(const vi_crossings *c, double ax, double ay, double bx, double by)
{
    GError *err = NULL;
    vi_network *net =
        network_build((const double *const *)c->line_xy, c->line_npoints, c->nlines, 2.0, &err);
    if (!net) {
        FAIL("network_build: %s", err->message);
        g_error_free(err);
        return NAN;
    }
    double src[2] = {ax, ay}, dst[2] = {bx, by}, d = NAN;
    if (!network_distances(net, src, 1, dst, 1, INFINITY, &d, &err)) {
        FAIL("network_distances: %s", err->message);
        g_error_free(err);
    }
    network_free(net);
    return d;
}

static void expect(const char *what, const vi_crossings *c, int crossings, int unbridged,
                   int nlines)
{
    if (c->crossings != crossings || c->unbridged != unbridged || c->nlines != nlines)
        FAIL("%s: expected %d crossings, %d unbridged, %d lines; got %d, %d, %d", what, crossings,
             unbridged, nlines, c->crossings, c->unbridged, c->nlines);
}

static void expect_distance(const char *what, double got, double want)
{
    if (!(isinf(want) ? isinf(got) : fabs(got - want) < 1e-6))
        FAIL("%s: expected %.3f m along the roads, got %.3f", what, want, got);
}

static const double straight_road[] = {2, 0, 0, 1000, 0, 0};
static const double river[] = {2, 500, -300, 500, 300, 0};

static void test_no_bridge(void)
{
    vi_crossings *c = cut(straight_road, river, NULL, 0);
    expect("no bridge", c, 1, 1, 2);
    /* The pieces stop VI_CROSSING_GAP_M short of the river on each side. */
    if (c->nlines == 2 && (c->line_npoints[0] != 2 || c->line_xy[0][2] != 495 ||
                           c->line_xy[1][0] != 505 || c->line_xy[1][2] != 1000))
        FAIL("no bridge: pieces (0..%g) and (%g..%g)", c->line_xy[0][2], c->line_xy[1][0],
             c->line_xy[1][2]);
    if (c->unbridged_xy[0] != 500 || c->unbridged_xy[1] != 0)
        FAIL("no bridge: crossing at %g %g", c->unbridged_xy[0], c->unbridged_xy[1]);
    expect_distance("no bridge", along(c, 0, 0, 1000, 0), INFINITY);
    expect_distance("no bridge, same bank", along(c, 0, 0, 400, 0), 400);
    crossings_free(c);
}

static void test_bridge(void)
{
    const double near[] = {510, 3}, far[] = {540, 0};
    vi_crossings *c = cut(straight_road, river, near, 1);
    expect("bridge 10 m off", c, 1, 0, 1);
    expect_distance("bridge 10 m off", along(c, 0, 0, 1000, 0), 1000);
    crossings_free(c);
    c = cut(straight_road, river, far, 1);
    expect("bridge 40 m off", c, 1, 1, 2);
    expect_distance("bridge 40 m off", along(c, 0, 0, 1000, 0), INFINITY);
    crossings_free(c);
}

/* A crossing at a road vertex is met by both segments: one crossing. */
static void test_vertex_crossing(void)
{
    const double road[] = {3, 0, 0, 500, 0, 1000, 0, 0};
    vi_crossings *c = cut(road, river, NULL, 0);
    expect("crossing at a vertex", c, 1, 1, 2);
    crossings_free(c);
}

/* Two roads over the river, a bridge on the upper one, links at both ends:
 * the way round is 200 + 1000 + 200 m. */
static void test_detour(void)
{
    const double roads[] = {2, 0, 0, 1000, 0, 2,    0, 200,  1000, 200, 2,
                            0, 0, 0, 200,  2, 1000, 0, 1000, 200,  0};
    const double bridge[] = {500, 200};
    vi_crossings *c = cut(roads, river, bridge, 1);
    expect("detour", c, 2, 1, 5);
    expect_distance("detour", along(c, 0, 0, 1000, 0), 1400);
    crossings_free(c);
}

/* A road along the bank, and one that ends before the river, cross nothing;
 * a road starting 2 m from the river loses only the stretch over it. */
static void test_no_crossing(void)
{
    const double roads[] = {2,   490, -300, 490, 300,  2,    0,    100,
                            450, 100, 2,    498, -100, 1000, -100, 0};
    vi_crossings *c = cut(roads, river, NULL, 0);
    expect("bank, short road, near start", c, 1, 1, 3);
    if (c->nlines == 3 && (c->line_xy[2][0] != 505 || c->line_npoints[2] != 2))
        FAIL("near start: the piece starts at %g", c->line_xy[2][0]);
    crossings_free(c);
}

int main(void)
{
    test_no_bridge();
    test_bridge();
    test_vertex_crossing();
    test_detour();
    test_no_crossing();
    return unit_result();
}
