/*
 * test-geom.c - the WKB reader (src/geo/geom.c): points, lines, polygons
 * with holes and the Multi forms, in either byte order, with Z/M ordinates
 * and EWKB flags, read into the flat vi_geom view (vertices, part offsets,
 * the polygon of each ring); point-in-polygon and bounds on the result;
 * and the exact error for WKB that is truncated, of an unknown type or
 * nested too deep, with OUT left empty.
 */
#include "geom.h"
#include "registry.h"
#include "vi-error.h"

#include "../unit.h"

#include <string.h>

/* ---- writing WKB ------------------------------------------------------- */

typedef struct {
    GByteArray *b;
    gboolean little;
} wkb;

static wkb wkb_new(gboolean little)
{
    wkb w = {g_byte_array_new(), little};
    return w;
}

static void put_u32(wkb *w, guint32 v)
{
    guint32 e = w->little ? GUINT32_TO_LE(v) : GUINT32_TO_BE(v);
    g_byte_array_append(w->b, (const guint8 *)&e, 4);
}

static void put_f64(wkb *w, double v)
{
    guint64 u;
    memcpy(&u, &v, 8);
    u = w->little ? GUINT64_TO_LE(u) : GUINT64_TO_BE(u);
    g_byte_array_append(w->b, (const guint8 *)&u, 8);
}

/* A geometry's header: byte order, then the type code. */
static void put_head(wkb *w, guint32 code)
{
    guint8 order = w->little ? 1 : 0;
    g_byte_array_append(w->b, &order, 1);
    put_u32(w, code);
}

/* N points of DIMS ordinates each, from XY (x, y, then z, m: 10 * x, 100 * x). */
static void put_points(wkb *w, const double *xy, int n, int dims)
{
    for (int i = 0; i < n; i++) {
        put_f64(w, xy[2 * i]);
        put_f64(w, xy[2 * i + 1]);
        for (int d = 2; d < dims; d++)
            put_f64(w, (d == 2 ? 10 : 100) * xy[2 * i]);
    }
}

static void put_ring(wkb *w, const double *xy, int n)
{
    put_u32(w, (guint32)n);
    put_points(w, xy, n, 2);
}

/* ---- checking the view --------------------------------------------------- */

/* Parses W (freeing it) into G; a failure is reported as WHAT. */
static gboolean parse(wkb *w, vi_geom *g, const char *what)
{
    GError *err = NULL;
    gboolean ok = geom_from_wkb(w->b->data, w->b->len, g, &err);
    if (!ok)
        FAIL("%s: %s", what, err ? err->message : "(no error)");
    g_clear_error(&err);
    g_byte_array_unref(w->b);
    return ok;
}

/* G has TYPE, NPOINTS vertices equal to XY and NPARTS parts starting at STARTS. */
static void expect_geom(const char *what, const vi_geom *g, int type, const double *xy, int npoints,
                        const int *starts, int nparts)
{
    if (g->type != type)
        FAIL("%s: type %d, expected %d", what, g->type, type);
    if (g->npoints != npoints) {
        FAIL("%s: %d points, expected %d", what, g->npoints, npoints);
        return;
    }
    for (int i = 0; i < 2 * npoints; i++)
        if (g->xy[i] != xy[i])
            FAIL("%s: ordinate %d is %.17g, expected %.17g", what, i, g->xy[i], xy[i]);
    if (g->nparts != nparts) {
        FAIL("%s: %d parts, expected %d", what, g->nparts, nparts);
        return;
    }
    for (int p = 0; p <= nparts; p++)
        if (g->part_start[p] != starts[p])
            FAIL("%s: part %d starts at %d, expected %d", what, p, g->part_start[p], starts[p]);
}

static void expect_rings_of(const char *what, const vi_geom *g, const int *polys)
{
    if (!g->part_poly) {
        FAIL("%s: no polygon of each ring", what);
        return;
    }
    for (int p = 0; p < g->nparts; p++)
        if (g->part_poly[p] != polys[p])
            FAIL("%s: ring %d in polygon %d, expected %d", what, p, g->part_poly[p], polys[p]);
}

/* A 10 x 10 square with a 2 x 2 hole at (4, 4), and a square 1 x 1 at (20, 20). */
static const double shell[] = {0, 0, 10, 0, 10, 10, 0, 10, 0, 0};
static const double hole[] = {4, 4, 4, 6, 6, 6, 6, 4, 4, 4};
static const double small[] = {20, 20, 21, 20, 21, 21, 20, 21, 20, 20};

static void test_points(void)
{
    static const double p[] = {108.9412345, 34.2654321};
    static const int one[] = {0, 1};
    for (int little = 0; little <= 1; little++) {
        /* 1: 2D; 1001: ISO Z; 2001: ISO M; 3001: ISO ZM; EWKB Z and M flags; EWKB SRID. */
        static const struct {
            guint32 code;
            int dims;
            gboolean srid;
        } kinds[] = {{1, 2, FALSE},          {1001, 3, FALSE},        {2001, 3, FALSE},
                     {3001, 4, FALSE},       {0x80000001u, 3, FALSE}, {0xC0000001u, 4, FALSE},
                     {0x20000001u, 2, TRUE}, {0xA0000001u, 3, TRUE}};
        for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
            char *what = g_strdup_printf("point 0x%x %s", kinds[k].code, little ? "LE" : "BE");
            wkb w = wkb_new(little);
            put_head(&w, kinds[k].code);
            if (kinds[k].srid)
                put_u32(&w, 4490);
            put_points(&w, p, 1, kinds[k].dims);
            vi_geom g;
            if (parse(&w, &g, what)) {
                expect_geom(what, &g, VI_GEOM_POINT, p, 1, one, 1);
                if (g.part_poly)
                    FAIL("%s: a point has polygons", what);
            }
            geom_clear(&g);
            g_free(what);
        }
    }
}

static void test_lines(void)
{
    static const double l[] = {0, 0, 1.5, 2.25, -3, 4};
    static const int one[] = {0, 3};
    wkb w = wkb_new(TRUE);
    put_head(&w, 2);
    put_u32(&w, 3);
    put_points(&w, l, 3, 2);
    vi_geom g;
    if (parse(&w, &g, "linestring"))
        expect_geom("linestring", &g, VI_GEOM_LINE, l, 3, one, 1);
    double minx, miny, maxx, maxy;
    geom_bounds(&g, &minx, &miny, &maxx, &maxy);
    if (minx != -3 || miny != 0 || maxx != 1.5 || maxy != 4)
        FAIL("linestring bounds %g %g %g %g, expected -3 0 1.5 4", minx, miny, maxx, maxy);
    geom_clear(&g);

    /* MultiLineString (big-endian, one part LineString Z): parts end to end. */
    static const double ml[] = {0, 0, 1, 1, 5, 5, 6, 6, 7, 7};
    static const int starts[] = {0, 2, 5};
    w = wkb_new(FALSE);
    put_head(&w, 5);
    put_u32(&w, 2);
    put_head(&w, 2);
    put_u32(&w, 2);
    put_points(&w, ml, 2, 2);
    put_head(&w, 1002);
    put_u32(&w, 3);
    put_points(&w, ml + 4, 3, 3);
    if (parse(&w, &g, "multilinestring"))
        expect_geom("multilinestring", &g, VI_GEOM_LINE, ml, 5, starts, 2);
    geom_clear(&g);

    /* MultiPoint: one part per point. */
    static const double mp[] = {1, 2, 3, 4};
    static const int pstarts[] = {0, 1, 2};
    w = wkb_new(TRUE);
    put_head(&w, 4);
    put_u32(&w, 2);
    for (int i = 0; i < 2; i++) {
        put_head(&w, 1);
        put_points(&w, mp + 2 * i, 1, 2);
    }
    if (parse(&w, &g, "multipoint"))
        expect_geom("multipoint", &g, VI_GEOM_POINT, mp, 2, pstarts, 2);
    geom_clear(&g);
}

static void test_polygons(void)
{
    /* A polygon with a hole: two rings of one polygon. */
    wkb w = wkb_new(TRUE);
    put_head(&w, 3);
    put_u32(&w, 2);
    put_ring(&w, shell, 5);
    put_ring(&w, hole, 5);
    double xy[30];
    memcpy(xy, shell, sizeof shell);
    memcpy(xy + 10, hole, sizeof hole);
    memcpy(xy + 20, small, sizeof small);
    static const int starts[] = {0, 5, 10}, polys[] = {0, 0};
    vi_geom g;
    if (parse(&w, &g, "polygon with a hole")) {
        expect_geom("polygon with a hole", &g, VI_GEOM_POLYGON, xy, 10, starts, 2);
        expect_rings_of("polygon with a hole", &g, polys);
        static const struct {
            double x, y;
            gboolean in;
        } probes[] = {{1, 1, TRUE}, {5, 5, FALSE}, {3, 5, TRUE}, {11, 5, FALSE}, {-1, -1, FALSE}};
        for (guint i = 0; i < G_N_ELEMENTS(probes); i++)
            if (geom_polygon_contains(&g, probes[i].x, probes[i].y) != probes[i].in)
                FAIL("polygon with a hole: (%g, %g) %s", probes[i].x, probes[i].y,
                     probes[i].in ? "is inside" : "is in the hole or outside");
        double minx, miny, maxx, maxy;
        geom_bounds(&g, &minx, &miny, &maxx, &maxy);
        if (minx != 0 || miny != 0 || maxx != 10 || maxy != 10)
            FAIL("polygon bounds %g %g %g %g, expected 0 0 10 10", minx, miny, maxx, maxy);
    }
    geom_clear(&g);

    /* MultiPolygon: the holed square, then the small one; each ring knows its polygon. */
    w = wkb_new(FALSE);
    put_head(&w, 6);
    put_u32(&w, 2);
    put_head(&w, 3);
    put_u32(&w, 2);
    put_ring(&w, shell, 5);
    put_ring(&w, hole, 5);
    put_head(&w, 3);
    put_u32(&w, 1);
    put_ring(&w, small, 5);
    static const int mstarts[] = {0, 5, 10, 15}, mpolys[] = {0, 0, 1};
    if (parse(&w, &g, "multipolygon")) {
        expect_geom("multipolygon", &g, VI_GEOM_POLYGON, xy, 15, mstarts, 3);
        expect_rings_of("multipolygon", &g, mpolys);
        if (!geom_polygon_contains(&g, 20.5, 20.5) || geom_polygon_contains(&g, 5, 5))
            FAIL("multipolygon: (20.5, 20.5) is inside, (5, 5) in the hole");
    }
    geom_clear(&g);

    /* An empty MultiPolygon: a polygon geometry with nothing in it. */
    w = wkb_new(TRUE);
    put_head(&w, 6);
    put_u32(&w, 0);
    static const int none[] = {0};
    if (parse(&w, &g, "empty multipolygon"))
        expect_geom("empty multipolygon", &g, VI_GEOM_POLYGON, xy, 0, none, 0);
    geom_clear(&g);
    geom_clear(&g); /* twice is harmless, and so is NULL */
    geom_clear(NULL);
}

/* Parsing W (freed) must fail with the one WKB error and leave G empty. */
static void expect_bad(const char *what, wkb *w, size_t len)
{
    vi_geom g;
    GError *err = NULL;
    memset(&g, 0xAB, sizeof g);
    if (geom_from_wkb(w->b->data, len, &g, &err)) {
        FAIL("%s: accepted", what);
        geom_clear(&g);
    } else if (!err || !g_error_matches(err, VI_ERROR, VI_ERROR_DATA) ||
               strcmp(err->message, "malformed or unsupported WKB geometry") != 0) {
        FAIL("%s: error '%s', expected 'malformed or unsupported WKB geometry'", what,
             err ? err->message : "(none)");
    } else if (g.xy || g.part_start || g.part_poly || g.npoints || g.nparts) {
        FAIL("%s: the geometry is not left empty", what);
    }
    g_clear_error(&err);
    g_byte_array_unref(w->b);
}

static void test_bad(void)
{
    static const double p[] = {1, 2};
    vi_geom g;
    GError *err = NULL;
    if (geom_from_wkb(NULL, 0, &g, &err) || !err ||
        strcmp(err->message, "malformed or unsupported WKB geometry") != 0)
        FAIL("NULL WKB: expected the WKB error");
    g_clear_error(&err);

    wkb w = wkb_new(TRUE);
    expect_bad("empty", &w, 0);

    /* A point cut anywhere: in its type code, in its x, in its y. */
    static const size_t cuts[] = {1, 4, 5, 12, 20};
    for (guint i = 0; i < G_N_ELEMENTS(cuts); i++) {
        w = wkb_new(TRUE);
        put_head(&w, 1);
        put_points(&w, p, 1, 2);
        char *what = g_strdup_printf("point cut to %zu of 21 bytes", cuts[i]);
        expect_bad(what, &w, cuts[i]);
        g_free(what);
    }
    /* A point Z without its z. */
    w = wkb_new(TRUE);
    put_head(&w, 1001);
    put_points(&w, p, 1, 2);
    expect_bad("point Z without z", &w, w.b->len);
    /* An EWKB SRID flag with no SRID. */
    w = wkb_new(TRUE);
    put_head(&w, 0x20000001u);
    expect_bad("EWKB SRID flag, no SRID", &w, w.b->len);
    /* A linestring claiming more points than it has. */
    w = wkb_new(TRUE);
    put_head(&w, 2);
    put_u32(&w, 3);
    put_points(&w, p, 1, 2);
    expect_bad("linestring of 3 points with 1", &w, w.b->len);
    /* A linestring with no count; a polygon with no ring count. */
    w = wkb_new(TRUE);
    put_head(&w, 2);
    expect_bad("linestring, no count", &w, w.b->len);
    w = wkb_new(TRUE);
    put_head(&w, 3);
    expect_bad("polygon, no ring count", &w, w.b->len);
    /* A polygon whose second ring is missing. */
    w = wkb_new(FALSE);
    put_head(&w, 3);
    put_u32(&w, 2);
    put_ring(&w, shell, 5);
    expect_bad("polygon of 2 rings with 1", &w, w.b->len);
    /* A multipolygon whose second member is cut. */
    w = wkb_new(TRUE);
    put_head(&w, 6);
    put_u32(&w, 2);
    put_head(&w, 3);
    put_u32(&w, 1);
    put_ring(&w, shell, 5);
    put_head(&w, 3);
    expect_bad("multipolygon, second member cut", &w, w.b->len);
    /* Types it does not read: a GeometryCollection, a curve, an unknown code. */
    static const guint32 codes[] = {7, 8, 17, 0, 999};
    for (guint i = 0; i < G_N_ELEMENTS(codes); i++) {
        w = wkb_new(TRUE);
        put_head(&w, codes[i]);
        put_u32(&w, 0);
        char *what = g_strdup_printf("type %u", codes[i]);
        expect_bad(what, &w, w.b->len);
        g_free(what);
    }
    /* Multi within Multi within Multi: deeper than any geometry it stores. */
    w = wkb_new(TRUE);
    for (int d = 0; d < 3; d++) {
        put_head(&w, 4);
        put_u32(&w, 1);
    }
    put_head(&w, 1);
    put_points(&w, p, 1, 2);
    expect_bad("three levels of Multi", &w, w.b->len);
}

int main(void)
{
    test_points();
    test_lines();
    test_polygons();
    test_bad();
    return unit_result();
}
