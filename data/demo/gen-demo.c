/*
 * gen-demo.c - generates vinfra's bundled demo dataset, the files beside
 * this source in data/demo/: a synthetic map of the 11 Lantian County
 * villages of the report, carrying exactly the report's figures.
 *
 *   gen-demo [DIR]     writes into DIR (default: this source folder)
 *
 * Every random choice comes from our own seeded PRNG (splitmix64), one
 * stream per concern, so two runs write byte-identical files; that is what
 * tests/demo/test-demo-regenerate.sh checks.  data/README.md documents the
 * files.
 *
 * The geography is invented; only the names come from the report.  A main
 * river (灞河) meanders west-east through the middle of a 30 x 20 km area
 * with the county road 100 m north of it.  Six villages lie north of the
 * river and five south of it, each around a side valley whose stream runs
 * down to the river, with the village road beside the stream and hamlets
 * (村民小组) strung along the road or at the end of group roads.  Village
 * boundaries follow the ridges between side valleys and, in the main
 * valley, a line 45 m north of the river; so southern villages reach the
 * county road over a bridge (the report's five 便民桥).
 *
 * Geometry is laid out in metres (EPSG:4545, CGCS2000 / 3-degree GK CM
 * 108E, relative to an origin at 109.40E 34.05N), converted once with PROJ
 * to EPSG:4490 longitude/latitude and rounded to 7 decimals.  A line that
 * crosses a village boundary is built as two features meeting at a vertex
 * the boundary has too, so every feature lies inside its village and road
 * ends sit exactly on vertices of the roads they join.  Length figures
 * (33.6 km of roads built, 5000 m of pipes) are met on the rounded
 * coordinates, measured with PROJ's geodesics on the CGCS2000 ellipsoid, by
 * moving one split point.
 *
 * The generator checks its own output (every feature inside its village,
 * water and signal coverage, the clinic gap, every total) and fails rather
 * than write a dataset that breaks one of the rules data/README.md states.
 */
#include <cpl_string.h>
#include <gdal.h>
#include <geodesic.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <proj.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef GEN_DEMO_SRCDIR
#define GEN_DEMO_SRCDIR "."
#endif

#define SEED UINT64_C(20201231)

/* The report's figures (data/README.md lists them). */
#define HOUSEHOLDS_TOTAL 2934
#define LIFTED_HOUSEHOLDS 117
#define LIFTED_PEOPLE 304
#define REGISTERED_HOUSEHOLDS 41
#define TOILET_RETROFITS 120
#define ROADS_BUILT_M 33600.0
#define PIPES_BUILT_M 5000.0
#define STREETLIGHTS 853
#define TANKS_BUILT 14
#define TOWERS_BUILT 2
#define TREES_PLANTED 7000

/* Rules the map keeps (checked before anything is written). */
#define TANK_REACH_M 1000.0
#define PIPE_REACH_M 100.0
#define TOWER_REACH_M 3000.0
#define CLINIC_REACH_M 2000.0

#define NV 11
#define N_NORTH 6
#define N_SOUTH 5
#define VERTEX_SPACING 40.0 /* m between vertices of roads, rivers, pipes */
#define BANK_OFFSET 45.0 /* boundary between northern and southern villages, north of the river */
#define COUNTY_OFFSET 100.0 /* county road, north of the river */
#define SIDE_OFFSET 30.0    /* village road and stream, either side of a side valley's axis */

/* ---- PRNG: splitmix64, one stream per concern ------------------------ */

typedef struct {
    uint64_t s;
} rng_t;

static uint64_t rng_next(rng_t *r)
{
    uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Separate streams keep a change in one part of the map from redrawing the rest. */
static rng_t rng_stream(uint64_t stream)
{
    rng_t r = {SEED * UINT64_C(0xD1B54A32D192ED03) + stream * UINT64_C(0x8CB92BA72F3D8DD7)};
    rng_next(&r);
    return r;
}

static double rng_uniform(rng_t *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static double rng_range(rng_t *r, double lo, double hi)
{
    return lo + (hi - lo) * rng_uniform(r);
}

/* Uniform integer in [lo, hi]. */
static int rng_int(rng_t *r, int lo, int hi)
{
    return lo + (int)(rng_uniform(r) * (hi - lo + 1));
}

static void rng_shuffle(rng_t *r, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = rng_int(r, 0, i), t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

static G_GNUC_NORETURN G_GNUC_PRINTF(1, 2) void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen-demo: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* ---- plane geometry: metres, or degrees for lon/lat (x = lon) -------- */

typedef struct {
    double x, y;
} pt;

static pt pt_make(double x, double y)
{
    pt p = {x, y};
    return p;
}
static pt add(pt a, pt b)
{
    return pt_make(a.x + b.x, a.y + b.y);
}
static pt sub(pt a, pt b)
{
    return pt_make(a.x - b.x, a.y - b.y);
}
static pt mul(pt a, double k)
{
    return pt_make(a.x * k, a.y * k);
}
static double norm(pt a)
{
    return hypot(a.x, a.y);
}
static double dist(pt a, pt b)
{
    return norm(sub(a, b));
}
static pt left_of(pt a)
{
    return pt_make(-a.y, a.x);
}
static gboolean same(pt a, pt b)
{
    return a.x == b.x && a.y == b.y;
}

static pt unit(pt a)
{
    double l = norm(a);
    return l > 0 ? mul(a, 1.0 / l) : a;
}

static pt rotate(pt a, double deg)
{
    double c = cos(deg * G_PI / 180.0), s = sin(deg * G_PI / 180.0);
    return pt_make(a.x * c - a.y * s, a.x * s + a.y * c);
}

#define AT(l, i) g_array_index((l), pt, (i))

static GArray *line_new(void)
{
    return g_array_new(FALSE, FALSE, sizeof(pt));
}

static void line_push(GArray *l, pt p)
{
    g_array_append_val(l, p);
}

static pt line_last(const GArray *l)
{
    return AT(l, l->len - 1);
}

/* Vertices FROM..TO of SRC (inclusive, backwards when TO < FROM) appended
 * to DST, leaving out a first vertex equal to DST's last. */
static void line_append(GArray *dst, const GArray *src, int from, int to)
{
    int step = to >= from ? 1 : -1;
    for (int i = from;; i += step) {
        if (!(dst->len > 0 && i == from && same(line_last(dst), AT(src, i))))
            line_push(dst, AT(src, i));
        if (i == to)
            break;
    }
}

static GArray *line_slice(const GArray *src, int from, int to)
{
    GArray *l = line_new();
    line_append(l, src, from, to);
    return l;
}

static double line_length(const GArray *l)
{
    double s = 0;
    for (guint i = 1; i < l->len; i++)
        s += dist(AT(l, i - 1), AT(l, i));
    return s;
}

/* The point at distance S along L (clamped to its ends), and the unit
 * direction of the segment it lies on. */
static pt line_at(const GArray *l, double s, pt *tangent)
{
    if (s < 0)
        s = 0;
    for (guint i = 0; i + 1 < l->len; i++) {
        pt a = AT(l, i), b = AT(l, i + 1);
        double seg = dist(a, b);
        if (s <= seg || i + 2 == l->len) {
            double f = seg > 0 ? CLAMP(s / seg, 0.0, 1.0) : 0;
            if (tangent)
                *tangent = unit(sub(b, a));
            return add(a, mul(sub(b, a), f));
        }
        s -= seg;
    }
    if (tangent)
        *tangent = pt_make(1, 0);
    return AT(l, 0);
}

/* Index of the vertex of L nearest to distance S along it. */
static int line_vertex_at(const GArray *l, double s)
{
    double acc = 0, best = G_MAXDOUBLE;
    int besti = 0;
    for (guint i = 0; i < l->len; i++) {
        if (i > 0)
            acc += dist(AT(l, i - 1), AT(l, i));
        if (fabs(acc - s) < best) {
            best = fabs(acc - s);
            besti = (int)i;
        }
    }
    return besti;
}

/* L cut at distance S: its vertices before S and the point at S. */
static GArray *line_head(const GArray *l, double s)
{
    GArray *out = line_new();
    double acc = 0;
    line_push(out, AT(l, 0));
    for (guint i = 1; i < l->len; i++) {
        double seg = dist(AT(l, i - 1), AT(l, i));
        if (acc + seg >= s) {
            line_push(out, line_at(l, s, NULL));
            return out;
        }
        acc += seg;
        line_push(out, AT(l, i));
    }
    return out;
}

/* Equal spacing of about SPACING, keeping both ends exactly. */
static GArray *line_resample(const GArray *d, double spacing)
{
    double total = line_length(d);
    int n = MAX(1, (int)lround(total / spacing));
    GArray *out = line_new();
    line_push(out, AT(d, 0));
    guint i = 0;
    double acc = 0;
    for (int k = 1; k < n; k++) {
        double target = total * k / n;
        while (i + 2 < d->len && acc + dist(AT(d, i), AT(d, i + 1)) < target) {
            acc += dist(AT(d, i), AT(d, i + 1));
            i++;
        }
        double seg = dist(AT(d, i), AT(d, i + 1));
        double f = seg > 0 ? CLAMP((target - acc) / seg, 0.0, 1.0) : 0;
        line_push(out, add(AT(d, i), mul(sub(AT(d, i + 1), AT(d, i)), f)));
    }
    line_push(out, line_last(d));
    return out;
}

/* L moved D metres to its left (right when D < 0), vertex by vertex. */
static GArray *line_offset(const GArray *l, double d)
{
    GArray *out = line_new();
    for (guint i = 0; i < l->len; i++) {
        pt a = AT(l, i > 0 ? i - 1 : 0), b = AT(l, MIN(i + 1, l->len - 1));
        line_push(out, add(AT(l, i), mul(left_of(unit(sub(b, a))), d)));
    }
    return out;
}

static GArray *line_reversed(const GArray *l)
{
    return line_slice(l, (int)l->len - 1, 0);
}

/* A smooth curve through control points C (Catmull-Rom), resampled. */
static GArray *spline(const GArray *c, double spacing)
{
    int n = (int)c->len;
    GArray *dense = line_new();
    for (int i = 0; i + 1 < n; i++) {
        pt p1 = AT(c, i), p2 = AT(c, i + 1);
        pt p0 = i > 0 ? AT(c, i - 1) : sub(mul(p1, 2), p2);
        pt p3 = i + 2 < n ? AT(c, i + 2) : sub(mul(p2, 2), p1);
        int steps = MAX(4, (int)ceil(dist(p1, p2) / 4.0));
        for (int k = 0; k < steps; k++) {
            double t = (double)k / steps, t2 = t * t, t3 = t2 * t;
            pt q = mul(p1, 2);
            q = add(q, mul(sub(p2, p0), t));
            q = add(q, mul(add(sub(mul(p0, 2), mul(p1, 5)), sub(mul(p2, 4), p3)), t2));
            q = add(q, mul(add(sub(mul(p1, 3), p0), sub(p3, mul(p2, 3))), t3));
            line_push(dense, mul(q, 0.5));
        }
    }
    line_push(dense, AT(c, n - 1));
    GArray *out = line_resample(dense, spacing);
    AT(out, 0) = AT(c, 0);
    AT(out, out->len - 1) = AT(c, n - 1);
    g_array_free(dense, TRUE);
    return out;
}

/* Appends a rough line from A (not appended) to B (appended): midpoint
 * displacement across the chord, the amplitude halving at each level, so
 * boundaries look like ridges rather than rulers. */
static void fractal(GArray *out, pt a, pt b, double amp, double min_seg, rng_t *r)
{
    if (dist(a, b) <= min_seg) {
        line_push(out, b);
        return;
    }
    pt m = add(mul(add(a, b), 0.5), mul(left_of(unit(sub(b, a))), rng_range(r, -amp, amp)));
    fractal(out, a, m, amp * 0.5, min_seg, r);
    fractal(out, m, b, amp * 0.5, min_seg, r);
}

/* Even-odd rule; the ring is closed (first vertex repeated last). */
static gboolean ring_contains(const GArray *ring, pt p)
{
    gboolean in = FALSE;
    for (guint i = 0, j = ring->len - 1; i < ring->len; j = i++) {
        pt a = AT(ring, i), b = AT(ring, j);
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
            in = !in;
    }
    return in;
}

static double segment_distance(pt p, pt a, pt b)
{
    pt ab = sub(b, a);
    double l2 = ab.x * ab.x + ab.y * ab.y;
    double t = l2 > 0 ? CLAMP(((p.x - a.x) * ab.x + (p.y - a.y) * ab.y) / l2, 0.0, 1.0) : 0;
    return dist(p, add(a, mul(ab, t)));
}

static double line_distance(const GArray *l, pt p)
{
    double best = G_MAXDOUBLE;
    for (guint i = 1; i < l->len; i++)
        best = MIN(best, segment_distance(p, AT(l, i - 1), AT(l, i)));
    return best;
}

/* ---- the registry's layers (data/layers.tsv order) ------------------- */

enum {
    L_VILLAGES,
    L_HOUSEHOLDS,
    L_ROADS,
    L_BRIDGES,
    L_STREETLIGHTS,
    L_WATER_TANKS,
    L_WATER_PIPES,
    L_RIVERS,
    L_SIGNAL_TOWERS,
    L_CLINICS,
    L_ELDERLY_CARE,
    L_COMMITTEES,
    L_CULTURE,
    L_SCHOOLS,
    L_TOILETS,
    L_GARBAGE_POOLS,
    L_TREES,
    L_INDUSTRY,
    NLAYERS
};

static const struct {
    const char *name;
    const char *prefix; /* of feature ids */
} layer_defs[NLAYERS] = {
    {"villages", "V"},       {"households", "HH"},  {"roads", "R"},         {"bridges", "BR"},
    {"streetlights", "LD"},  {"water_tanks", "WT"}, {"water_pipes", "WP"},  {"rivers", "RV"},
    {"signal_towers", "ST"}, {"clinics", "CL"},     {"elderly_care", "EC"}, {"committees", "CM"},
    {"culture", "CU"},       {"schools", "SC"},     {"toilets", "TO"},      {"garbage_pools", "GP"},
    {"trees", "TR"},         {"industry", "IN"},
};

/* ---- programmes and projects ----------------------------------------- */

enum { P_INFRA, P_INDUSTRY, P_CULTURE, P_HEALTH, P_ECOLOGY, P_EDUCATION, P_SOCIAL, NPROG };

/* data/programmes.tsv order, without 消费扶贫 (no money, no projects). */
static const struct {
    const char *key, *prefix;
    int projects;  /* kind=project rows */
    gint64 tenths; /* funding, 0.1 万元 */
} programme_defs[NPROG] = {
    {"infrastructure", "JJ", 152, 18985},
    {"industry", "CY", 14, 13600},
    {"culture", "WH", 26, 5015},
    {"health", "JK", 12, 1880},
    {"ecology", "ST", 28, 3450},
    {"education", "JY", 4, 110},
    {"social", "SH", 0, 2860},
};

typedef struct {
    int programme;
    int village; /* -1: county-level */
    char *name;
    int year;
    double weight; /* share of its programme's money */
    gboolean fund; /* money only: not counted as a project */
    gint64 tenths; /* funding in 0.1 万元, set by allocate_funding() */
    int seq;       /* creation order, for a stable sort */
    char *id;
} project;

/* ---- features --------------------------------------------------------- */

typedef struct {
    int layer;
    int village; /* -1 for the villages layer */
    char *id, *name;
    const char *status; /* NULL: the layer has no status */
    int year;           /* 0: unknown (null) */
    project *proj;
    gboolean line;  /* lon/lat line, else point (villages: polygon ring) */
    GArray *coords; /* pt, lon/lat rounded to 7 decimals */
    GString *attrs; /* the layer's attributes as JSON members, each after a comma */
} feature;

/* ---- villages --------------------------------------------------------- */

typedef struct {
    const char *name, *stem, *town, *stream;
    int households;
    int side;        /* +1: north of the river, -1: south */
    double centre_x; /* nominal x of the side valley, m */
} village_def;

/* North of the river west to east, then south of it west to east.  The
 * first eight names are the report's; 东岔村, 石门村 and 马家坪村 are invented. */
static const village_def village_defs[NV] = {
    {"上雷村", "上雷", "九间房镇", "上雷沟", 312, +1, -12500},
    {"双龙村", "双龙", "九间房镇", "双龙河", 286, +1, -7500},
    {"大坪村", "大坪", "灞源镇", "大坪沟", 248, +1, -2500},
    {"七安子村", "七安子", "灞源镇", "七安沟", 203, +1, 2500},
    {"甘坪村", "甘坪", "葛牌镇", "甘坪沟", 345, +1, 7500},
    {"阿氏村", "阿氏", "葛牌镇", "阿氏沟", 297, +1, 12500},
    {"白岩沟村", "白岩沟", "九间房镇", "白岩沟", 231, -1, -11500},
    {"小沟口村", "小沟口", "九间房镇", "小沟", 264, -1, -5750},
    {"东岔村", "东岔", "灞源镇", "东岔沟", 172, -1, -1000},
    {"石门村", "石门", "葛牌镇", "石门沟", 189, -1, 4000},
    {"马家坪村", "马家坪", "葛牌镇", "马家河", 387, -1, 10750},
};

/* Ridges between the valleys: x where they leave the main valley.  The
 * first and last entries are the area's west and east edges. */
static const double north_ridge_x[N_NORTH + 1] = {-15000, -10000, -5000, 0, 5000, 10000, 15000};
static const double south_ridge_x[N_SOUTH + 1] = {-15000, -8000, -3500, 1500, 6500, 15000};

/* The village with no clinic: the planning gap a meeting should see. */
#define NO_CLINIC_VILLAGE "东岔村"
/* The report's upgraded route 大坪—七安子—甘坪村 follows the county road. */
#define ROUTE_FROM "大坪村"
#define ROUTE_TO "甘坪村"

static const char *const group_numerals[] = {"一", "二", "三", "四", "五",
                                             "六", "七", "八", "九", "十"};

typedef struct {
    int village, number, size;
    const GArray *host; /* the road it lies along (borrowed) */
    double s0, s1;      /* the stretch of the host it occupies, m */
    gboolean on_spur;   /* at the end of a group road */
    GArray *spots;      /* pt: facility sites, reserved before houses are placed */
    GArray *houses;     /* pt */
    pt tank;
    double tank_s; /* where along the host the tank's pipe meets the road */
} hamlet;

typedef struct {
    const village_def *def;
    int mouth;    /* index on the main valley lines */
    GArray *ring; /* pt, metres, closed, counter-clockwise */
    GArray *ring_ll;
    GArray *road;     /* main road, from the county road up the valley */
    GArray *stream;   /* from the valley head down */
    GPtrArray *spurs; /* GArray *: group roads, from the main road out */
    GArray *hamlets;  /* hamlet, numbered along the valley */
    int main_hamlet;
    int households, population;
    project *retrofit; /* household toilet retrofits, or NULL */
    project *industry; /* the village's first industry project */
    const char *industry_type;
    project *lights;
} village;

typedef struct {
    PJ_CONTEXT *ctx;
    PJ *to_ll;     /* EPSG:4545 easting/northing -> EPSG:4490 lon/lat */
    double e0, n0; /* the origin, in EPSG:4545 */
    struct geod_geodesic geod;
    GArray *river, *bank, *county, *normal; /* the main valley, same vertex count */
    int kp[N_NORTH + 1]; /* bank index where each north ridge starts (0 and last: the ends) */
    int kr[N_SOUTH + 1]; /* same for south ridges */
    double tilt_n[N_NORTH + 1],
        tilt_s[N_SOUTH + 1]; /* x drift of each ridge over 10 km (0 at the edges) */
    village v[NV];
    GPtrArray *features[NLAYERS];
    GPtrArray *projects;
    int counters[NLAYERS][NV + 1];
    GPtrArray *built_roads;    /* feature *: new, widened or hardened */
    gint16 *dem;               /* the terrain, EPSG:4545 cells of DEM_CELL metres, row 0 north */
    double dem_minx, dem_maxy; /* its west and north edges, in layout metres */
    int dem_nx, dem_ny;
} world;

static int village_index(const char *name)
{
    for (int i = 0; i < NV; i++)
        if (strcmp(village_defs[i].name, name) == 0)
            return i;
    die("no village '%s'", name);
}

/* ---- lon/lat ---------------------------------------------------------- */

static double round7(double v)
{
    return round(v * 1e7) / 1e7;
}

static pt to_ll(const world *w, pt m)
{
    PJ_COORD c = proj_coord(w->e0 + m.x, w->n0 + m.y, 0, 0);
    c = proj_trans(w->to_ll, PJ_FWD, c);
    return pt_make(round7(c.v[0]), round7(c.v[1]));
}

static GArray *line_to_ll(const world *w, const GArray *l)
{
    GArray *out = line_new();
    for (guint i = 0; i < l->len; i++) {
        pt p = to_ll(w, AT(l, i));
        if (out->len == 0 || !same(line_last(out), p))
            line_push(out, p);
    }
    return out;
}

static double ll_dist(const world *w, pt a, pt b)
{
    double s = 0;
    geod_inverse(&w->geod, a.y, a.x, b.y, b.x, &s, NULL, NULL);
    return s;
}

static double ll_length(const world *w, const GArray *l)
{
    double s = 0;
    for (guint i = 1; i < l->len; i++)
        s += ll_dist(w, AT(l, i - 1), AT(l, i));
    return s;
}

/* The point S metres from A towards B (azimuth of the geodesic at A, plus TURN degrees). */
static pt ll_towards(const world *w, pt a, pt b, double s, double turn)
{
    double azi = 0, lat = 0, lon = 0;
    geod_inverse(&w->geod, a.y, a.x, b.y, b.x, NULL, &azi, NULL);
    geod_direct(&w->geod, a.y, a.x, azi + turn, s, &lat, &lon, NULL);
    return pt_make(lon, lat);
}

/* Point at distance D along L (unrounded); *SEG receives its segment. */
static pt ll_along(const world *w, const GArray *l, double d, guint *seg)
{
    for (guint j = 0; j + 1 < l->len; j++) {
        double s = ll_dist(w, AT(l, j), AT(l, j + 1));
        if (d <= s || j + 2 == l->len) {
            *seg = j;
            return ll_towards(w, AT(l, j), AT(l, j + 1), d, 0);
        }
        d -= s;
    }
    *seg = 0;
    return AT(l, 0);
}

/* L split at distance D into HEAD and TAIL, sharing the rounded split point. */
static void ll_split(const world *w, const GArray *l, double d, GArray **head, GArray **tail)
{
    guint j = 0;
    pt p = ll_along(w, l, d, &j);
    p = pt_make(round7(p.x), round7(p.y));
    *head = line_slice(l, 0, (int)j);
    if (!same(line_last(*head), p))
        line_push(*head, p);
    *tail = line_new();
    line_push(*tail, p);
    line_append(*tail, l, (int)j + 1, (int)l->len - 1);
    if ((*head)->len < 2 || (*tail)->len < 2)
        die("split at %.1f m leaves an empty line", d);
}

/* ---- projects and features ------------------------------------------- */

static G_GNUC_PRINTF(6, 7) project *project_new(world *w, int programme, int village, int year,
                                                double weight, const char *fmt, ...)
{
    project *p = g_new0(project, 1);
    va_list ap;
    va_start(ap, fmt);
    p->name = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    p->programme = programme;
    p->village = village;
    p->year = year;
    p->weight = weight;
    p->seq = (int)w->projects->len;
    g_ptr_array_add(w->projects, p);
    return p;
}

static feature *feature_new(world *w, int layer, int village, const char *name, const char *status,
                            project *proj)
{
    feature *f = g_new0(feature, 1);
    int n = ++w->counters[layer][village + 1];
    f->layer = layer;
    f->village = village;
    if (layer == L_VILLAGES)
        f->id = g_strdup_printf("V-%02d", n);
    else
        f->id = g_strdup_printf(layer == L_HOUSEHOLDS || layer == L_STREETLIGHTS ? "%s-%s-%04d"
                                                                                 : "%s-%s-%03d",
                                layer_defs[layer].prefix, village_defs[village].stem, n);
    f->name = g_strdup(name);
    f->status = status;
    f->proj = proj;
    f->year = proj ? proj->year : 0;
    f->attrs = g_string_new(NULL);
    f->coords = line_new();
    g_ptr_array_add(w->features[layer], f);
    return f;
}

static feature *feature_point(world *w, int layer, int village, const char *name,
                              const char *status, project *proj, pt metric)
{
    feature *f = feature_new(w, layer, village, name, status, proj);
    line_push(f->coords, to_ll(w, metric));
    return f;
}

/* Takes ownership of LL. */
static feature *feature_line(world *w, int layer, int village, const char *name, const char *status,
                             project *proj, GArray *ll)
{
    feature *f = feature_new(w, layer, village, name, status, proj);
    g_array_free(f->coords, TRUE);
    f->coords = ll;
    f->line = TRUE;
    return f;
}

static void json_string(GString *s, const char *v)
{
    if (!v) {
        g_string_append(s, "null");
        return;
    }
    g_string_append_c(s, '"');
    for (const char *c = v; *c; c++) {
        if (*c == '"' || *c == '\\')
            g_string_append_printf(s, "\\%c", *c);
        else if ((unsigned char)*c < 0x20)
            g_string_append_printf(s, "\\u%04x", *c);
        else
            g_string_append_c(s, *c);
    }
    g_string_append_c(s, '"');
}

static void attr_text(feature *f, const char *key, const char *v)
{
    g_string_append_printf(f->attrs, ",\"%s\":", key);
    json_string(f->attrs, v);
}

static void attr_int(feature *f, const char *key, long v)
{
    g_string_append_printf(f->attrs, ",\"%s\":%ld", key, v);
}

/* Reals carry one decimal. */
static void attr_real(feature *f, const char *key, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(f->attrs, ",\"%s\":%s", key,
                           g_ascii_formatd(buf, sizeof buf, "%.1f", v));
}

/* ---- the main valley, the ridges, the village outlines --------------- */

/* The river meanders west to east (it flows west); the bank line and the
 * county road are it moved north, vertex by vertex, so vertex K of all
 * three lines lies on one cross-section of the valley. */
static void build_main_valley(world *w)
{
    rng_t r = rng_stream(1);
    const double amp[3] = {800, 250, 80}, wavelength[3] = {12000, 5000, 2500};
    double phase[3];
    for (int i = 0; i < 3; i++)
        phase[i] = rng_range(&r, 0, 2 * G_PI);
    GArray *dense = line_new();
    for (double x = -15000; x <= 15000; x += 2) {
        double y = 0;
        for (int i = 0; i < 3; i++)
            y += amp[i] * sin(2 * G_PI * x / wavelength[i] + phase[i]);
        line_push(dense, pt_make(x, y));
    }
    w->river = line_resample(dense, VERTEX_SPACING);
    g_array_free(dense, TRUE);
    w->normal = line_new();
    for (guint i = 0; i < w->river->len; i++) {
        pt a = AT(w->river, i > 0 ? i - 1 : 0), b = AT(w->river, MIN(i + 1, w->river->len - 1));
        line_push(w->normal, left_of(unit(sub(b, a))));
    }
    w->bank = line_new();
    w->county = line_new();
    for (guint i = 0; i < w->river->len; i++) {
        line_push(w->bank, add(AT(w->river, i), mul(AT(w->normal, i), BANK_OFFSET)));
        line_push(w->county, add(AT(w->river, i), mul(AT(w->normal, i), COUNTY_OFFSET)));
    }
}

static int line_index_nearest_x(const GArray *l, double x)
{
    int best = 0;
    for (guint i = 1; i < l->len; i++)
        if (fabs(AT(l, i).x - x) < fabs(AT(l, best).x - x))
            best = (int)i;
    return best;
}

/* Where the ridges and side valleys meet the main valley.  Every index is
 * kept apart from the others, so no two crossings share a vertex. */
static void place_nodes(world *w)
{
    int last = (int)w->river->len - 1;
    int used[64], nused = 0;
    for (int k = 0; k <= N_NORTH; k++) {
        w->kp[k] = k == 0         ? 0
                   : k == N_NORTH ? last
                                  : line_index_nearest_x(w->river, north_ridge_x[k]);
        used[nused++] = w->kp[k];
    }
    for (int k = 0; k <= N_SOUTH; k++) {
        w->kr[k] = k == 0         ? 0
                   : k == N_SOUTH ? last
                                  : line_index_nearest_x(w->river, south_ridge_x[k]);
        if (k > 0 && k < N_SOUTH)
            used[nused++] = w->kr[k];
    }
    for (int i = 0; i < NV; i++) {
        village *v = &w->v[i];
        v->mouth = line_index_nearest_x(w->river, v->def->centre_x);
        /* the side stream meets the river one vertex downstream of the road's side */
        int stream_mouth = v->def->side > 0 ? v->mouth + 1 : v->mouth - 1;
        for (int u = 0; u < nused; u++)
            if (abs(used[u] - v->mouth) < 6 || abs(used[u] - stream_mouth) < 6)
                die("valley of %s too close to another crossing", v->def->name);
        used[nused++] = v->mouth;
        used[nused++] = stream_mouth;
    }
}

/* Appends a ridge from A (not appended) to B: bends every 2 km about a
 * line leaning TILT metres per 10 km from X0, roughened between bends. */
static void ridge(GArray *out, pt a, pt b, double x0, double tilt, rng_t *r)
{
    double dir = b.y > a.y ? 1 : -1;
    pt prev = a;
    for (double y = a.y + 2000 * dir; dir * (b.y - y) > 1500; y += 2000 * dir) {
        pt bend = pt_make(x0 + tilt * fabs(y) / 10000 + rng_range(r, -600, 600), y);
        fractal(out, prev, bend, 0.12 * dist(prev, bend), 100, r);
        prev = bend;
    }
    fractal(out, prev, b, 0.12 * dist(prev, b), 100, r);
}

/* The village outlines: rings assembled from shared arcs (the bank line,
 * the ridges, the area's edges), so neighbours share their boundary
 * vertex for vertex. */
static void build_outlines(world *w)
{
    rng_t r = rng_stream(2);
    int last = (int)w->river->len - 1;
    const pt nw = pt_make(-15150, 10200), ne = pt_make(15050, 9900);
    const pt sw = pt_make(-14900, -9800), se = pt_make(15200, -10100);

    /* ridges lean, and the valleys between them lean with them */
    rng_t tr = rng_stream(4);
    for (int k = 1; k < N_NORTH; k++)
        w->tilt_n[k] = rng_range(&tr, -800, 800);
    for (int k = 1; k < N_SOUTH; k++)
        w->tilt_s[k] = rng_range(&tr, -800, 800);

    GArray *top = line_new(), *bottom = line_new();
    line_push(top, nw);
    fractal(top, nw, ne, 1400, 120, &r);
    line_push(bottom, sw);
    fractal(bottom, sw, se, 1400, 120, &r);

    /* the area's west and east edges pass through the ends of the county
     * road and of the river, so both stay inside */
    GArray *west_n = line_new(), *west_s = line_new(), *east_n = line_new(), *east_s = line_new();
    line_push(west_n, AT(w->bank, 0));
    line_push(west_n, AT(w->county, 0));
    fractal(west_n, AT(w->county, 0), nw, 800, 120, &r);
    line_push(west_s, AT(w->bank, 0));
    line_push(west_s, AT(w->river, 0));
    fractal(west_s, AT(w->river, 0), sw, 800, 120, &r);
    line_push(east_n, AT(w->bank, last));
    line_push(east_n, AT(w->county, last));
    fractal(east_n, AT(w->county, last), ne, 800, 120, &r);
    line_push(east_s, AT(w->bank, last));
    line_push(east_s, AT(w->river, last));
    fractal(east_s, AT(w->river, last), se, 800, 120, &r);

    /* ridges: from the bank line across the county road (north) or the
     * river (south), through a vertex of it, up to the area's edge */
    GArray *north[N_NORTH + 1], *south[N_SOUTH + 1];
    int top_node[N_NORTH + 1], bottom_node[N_SOUTH + 1];
    rng_t rr = rng_stream(3);
    for (int k = 1; k < N_NORTH; k++) {
        int kp = w->kp[k];
        top_node[k] = line_index_nearest_x(top, north_ridge_x[k] + w->tilt_n[k]);
        north[k] = line_new();
        line_push(north[k], AT(w->bank, kp));
        line_push(north[k], AT(w->county, kp));
        ridge(north[k], AT(w->county, kp), AT(top, top_node[k]), north_ridge_x[k], w->tilt_n[k],
              &rr);
    }
    for (int k = 1; k < N_SOUTH; k++) {
        int kr = w->kr[k];
        bottom_node[k] = line_index_nearest_x(bottom, south_ridge_x[k] + w->tilt_s[k]);
        south[k] = line_new();
        line_push(south[k], AT(w->bank, kr));
        line_push(south[k], AT(w->river, kr));
        ridge(south[k], AT(w->river, kr), AT(bottom, bottom_node[k]), south_ridge_x[k],
              w->tilt_s[k], &rr);
    }
    north[0] = west_n;
    north[N_NORTH] = east_n;
    top_node[0] = 0;
    top_node[N_NORTH] = (int)top->len - 1;
    south[0] = west_s;
    south[N_SOUTH] = east_s;
    bottom_node[0] = 0;
    bottom_node[N_SOUTH] = (int)bottom->len - 1;

    /* counter-clockwise rings, as RFC 7946 asks */
    for (int i = 0; i < NV; i++) {
        village *v = &w->v[i];
        GArray *ring = line_new();
        if (v->def->side > 0) {
            int k = i;
            line_append(ring, w->bank, w->kp[k], w->kp[k + 1]);
            line_append(ring, north[k + 1], 0, (int)north[k + 1]->len - 1);
            line_append(ring, top, top_node[k + 1], top_node[k]);
            line_append(ring, north[k], (int)north[k]->len - 1, 0);
        } else {
            int k = i - N_NORTH;
            line_append(ring, south[k], 0, (int)south[k]->len - 1);
            line_append(ring, bottom, bottom_node[k], bottom_node[k + 1]);
            line_append(ring, south[k + 1], (int)south[k + 1]->len - 1, 0);
            line_append(ring, w->bank, w->kr[k + 1], w->kr[k]);
        }
        if (!same(AT(ring, 0), line_last(ring)))
            die("outline of %s does not close", v->def->name);
        v->ring = ring;
        v->ring_ll = line_to_ll(w, ring);
    }
    for (int k = 0; k <= N_NORTH; k++)
        g_array_free(north[k], TRUE);
    for (int k = 0; k <= N_SOUTH; k++)
        g_array_free(south[k], TRUE);
    g_array_free(top, TRUE);
    g_array_free(bottom, TRUE);
}

/* ---- side valleys, roads and hamlets ---------------------------------- */

/* TOTAL split into N parts within [LO, HI], each about TOTAL / N give or take SPREAD. */
static void partition(int total, int n, int lo, int hi, double spread, rng_t *r, int *out)
{
    double wt[16], sum = 0;
    for (int i = 0; i < n; i++)
        sum += wt[i] = rng_range(r, 1 - spread, 1 + spread);
    int given = 0;
    for (int i = 0; i < n; i++)
        given += out[i] = (int)floor(total * wt[i] / sum);
    for (int i = 0; given < total; i = (i + 1) % n, given++)
        out[i]++;
    for (gboolean moved = TRUE; moved;) {
        moved = FALSE;
        int big = 0, small = 0;
        for (int i = 1; i < n; i++) {
            if (out[i] > out[big])
                big = i;
            if (out[i] < out[small])
                small = i;
        }
        if (out[big] > hi || out[small] < lo) {
            out[big]--;
            out[small]++;
            moved = TRUE;
        }
    }
}

/* How far along its host a hamlet of SIZE houses stretches. */
static double hamlet_length(int size)
{
    return 60 + 11.0 * size;
}

static hamlet hamlet_make(int village, int size, const GArray *host, double s0, gboolean on_spur)
{
    hamlet h = {0};
    h.village = village;
    h.size = size;
    h.host = host;
    h.s0 = s0;
    h.s1 = s0 + hamlet_length(size);
    h.on_spur = on_spur;
    h.spots = line_new();
    h.houses = line_new();
    return h;
}

/* A side valley: its axis climbs from the main valley, the stream runs on
 * one side of it and the road on the other (the stream on the east of a
 * northern valley, on the west of a southern one, so each meets the river
 * one vertex downstream of the road's crossing).  Hamlets lie along the
 * road; about a third of them sit at the end of a group road branching off
 * it on the side away from the stream.  The main hamlet, the largest, is
 * halfway up, so most of the village is within reach of it. */
static void build_valley(world *w, int vi)
{
    village *v = &w->v[vi];
    rng_t r = rng_stream(100 + (uint64_t)vi);
    int side = v->def->side, k = v->mouth;

    int nh = CLAMP((int)lround(v->def->households / 48.0), 3, 8);
    int sizes[8];
    partition(v->def->households, nh, 12, 80, 0.45, &r, sizes);
    for (int i = 0; i < nh; i++) /* largest first */
        for (int j = i + 1; j < nh; j++)
            if (sizes[j] > sizes[i]) {
                int t = sizes[i];
                sizes[i] = sizes[j];
                sizes[j] = t;
            }
    int n_spur = nh / 3, n_on = nh - n_spur;
    int main_slot = (n_on - 1) / 2;
    int on_size[8], order[8];
    for (int i = 1; i < n_on; i++)
        order[i - 1] = i;
    rng_shuffle(&r, order, n_on - 1);
    on_size[main_slot] = sizes[0];
    for (int i = 0, o = 0; i < n_on; i++)
        if (i != main_slot)
            on_size[i] = sizes[order[o++]];
    /* spur j branches off after on-road hamlet spur_after[j] */
    int spur_after[8];
    for (int j = 0; j < n_spur; j++)
        spur_after[j] = MIN(n_on - 1, (int)((j + 0.5) * n_on / n_spur));

    /* stretches along the road */
    double s = 600, start[8], gap_end[8], branch_s[8];
    for (int q = 0; q < n_on; q++) {
        start[q] = s;
        s += hamlet_length(on_size[q]);
        double gap = rng_range(&r, 180, 380);
        branch_s[q] = -1;
        for (int j = 0; j < n_spur; j++)
            if (spur_after[j] == q) {
                branch_s[q] = s + 150;
                gap += 300;
            }
        gap_end[q] = s;
        s += gap;
    }
    double road_end = MAX(gap_end[n_on - 1], branch_s[n_on - 1]) + 300;

    /* the valley axis: control points every km, wandering about the valley's nominal x */
    pt base = AT(w->river, k), n = mul(AT(w->normal, k), side);
    GArray *ctl = line_new();
    pt c0 = add(base, mul(n, 160)), c1 = add(c0, mul(n, 350));
    line_push(ctl, c0);
    line_push(ctl, c1);
    int slot = side > 0 ? vi : vi - N_NORTH;
    double tilt = side > 0 ? (w->tilt_n[slot] + w->tilt_n[slot + 1]) / 2
                           : (w->tilt_s[slot] + w->tilt_s[slot + 1]) / 2;
    for (double climbed = 1350; climbed < road_end + 1900; climbed += 1000)
        line_push(ctl, pt_make(v->def->centre_x + tilt * climbed / 10000 + rng_range(&r, -400, 400),
                               c1.y + side * (climbed - 350)));
    GArray *axis = spline(ctl, VERTEX_SPACING);
    g_array_free(ctl, TRUE);

    GArray *road_side = line_offset(axis, SIDE_OFFSET),
           *stream_side = line_offset(axis, -SIDE_OFFSET);
    GArray *road = line_new();
    line_push(road, AT(w->county, k));
    if (side < 0) { /* across the bank line and the river to the south */
        line_push(road, AT(w->bank, k));
        line_push(road, AT(w->river, k));
    }
    line_append(road, road_side, 0, (int)road_side->len - 1);
    v->road = line_head(road, road_end);
    g_array_free(road, TRUE);

    v->stream = line_reversed(stream_side);
    if (side > 0) { /* under the county road and across the bank line to the river */
        line_push(v->stream, AT(w->county, k + 1));
        line_push(v->stream, AT(w->bank, k + 1));
        line_push(v->stream, AT(w->river, k + 1));
    } else {
        line_push(v->stream, AT(w->river, k - 1));
    }
    g_array_free(road_side, TRUE);
    g_array_free(stream_side, TRUE);
    g_array_free(axis, TRUE);

    /* hamlets in valley order: on-road ones, each followed by the spur branching after it */
    v->hamlets = g_array_new(FALSE, TRUE, sizeof(hamlet));
    v->spurs = g_ptr_array_new();
    for (int q = 0; q < n_on; q++) {
        hamlet h = hamlet_make(vi, on_size[q], v->road, start[q], FALSE);
        if (q == main_slot)
            v->main_hamlet = (int)v->hamlets->len;
        g_array_append_val(v->hamlets, h);
        if (branch_s[q] < 0)
            continue;
        int j = 0;
        while (spur_after[j] != q)
            j++;
        int size = sizes[n_on + j];
        int bv = line_vertex_at(v->road, branch_s[q]);
        pt j0 = AT(v->road, bv);
        pt t = unit(sub(AT(v->road, bv + 1), AT(v->road, bv - 1)));
        pt dir = unit(add(mul(left_of(t), cos(50 * G_PI / 180)), mul(t, sin(50 * G_PI / 180))));
        double reach = 250 + hamlet_length(size) + 100;
        GArray *sc = line_new();
        pt p1 = add(j0, mul(dir, 120));
        pt p2 = add(p1, mul(rotate(dir, rng_range(&r, -25, 25)), (reach - 120) / 2));
        pt p3 = add(p2, mul(rotate(dir, rng_range(&r, -25, 25)), (reach - 120) / 2));
        line_push(sc, j0);
        line_push(sc, p1);
        line_push(sc, p2);
        line_push(sc, p3);
        GArray *spur = spline(sc, VERTEX_SPACING);
        g_array_free(sc, TRUE);
        g_ptr_array_add(v->spurs, spur);
        hamlet sh = hamlet_make(vi, size, spur, 250, TRUE);
        sh.s1 = MIN(sh.s1, line_length(spur) - 30);
        g_array_append_val(v->hamlets, sh);
    }
    for (guint i = 0; i < v->hamlets->len; i++)
        g_array_index(v->hamlets, hamlet, i).number = (int)i + 1;
}

/* A facility site in hamlet H: along the road near the hamlet's middle, on
 * the house side, LATERAL metres off the road.  Sites are handed out
 * alternately either side of the middle. */
static pt hamlet_spot(hamlet *h, double lateral)
{
    int k = (int)h->spots->len;
    double along = (k % 2 ? -1 : 1) * ((k + 1) / 2) * 28.0;
    double s = CLAMP((h->s0 + h->s1) / 2 + along, h->s0, h->s1);
    pt t, p = line_at(h->host, s, &t);
    pt spot = add(p, mul(left_of(t), lateral));
    line_push(h->spots, spot);
    return spot;
}

static gboolean far_from(const GArray *pts, pt p, double d)
{
    for (guint i = 0; i < pts->len; i++)
        if (dist(AT(pts, i), p) < d)
            return FALSE;
    return TRUE;
}

/* Houses 15-60 m off the road, mostly on the side away from the stream,
 * at least 15 m from each other and clear of the facility sites. */
static void place_houses(hamlet *h, rng_t *r)
{
    for (int i = 0; i < h->size; i++) {
        for (int attempt = 0;; attempt++) {
            if (attempt > 5000)
                die("cannot fit %d houses in a hamlet", h->size);
            double s = rng_range(r, h->s0, h->s1);
            double lateral;
            if (h->on_spur)
                lateral = (rng_uniform(r) < 0.5 ? 1 : -1) * rng_range(r, 15, 55);
            else if (rng_uniform(r) < 0.7)
                lateral = rng_range(r, 15, 58);
            else
                lateral = -rng_range(r, 15, 28);
            pt t, p = line_at(h->host, s, &t);
            pt house = add(p, mul(left_of(t), lateral));
            if (far_from(h->houses, house, 15) && far_from(h->spots, house, 18)) {
                line_push(h->houses, house);
                break;
            }
        }
    }
}

/* ---- facilities in the hamlets ---------------------------------------- */

static hamlet *hamlet_of(world *w, int vi, int offset)
{
    village *v = &w->v[vi];
    int n = (int)v->hamlets->len;
    return &g_array_index(v->hamlets, hamlet, (v->main_hamlet + offset) % n);
}

static hamlet *last_hamlet(world *w, int vi)
{
    village *v = &w->v[vi];
    return &g_array_index(v->hamlets, hamlet, v->hamlets->len - 1);
}

static gboolean in_list(const char *const *list, const char *name)
{
    for (; *list; list++)
        if (strcmp(*list, name) == 0)
            return TRUE;
    return FALSE;
}

/* The report's industry projects, village by village (14 in all). */
static const struct {
    const char *village, *type, *label;
    double weight; /* relative cost */
} industry_plan[] = {
    {"上雷村", "photovoltaic", "光伏电站", 120},    {"上雷村", "mushroom", "香菇大棚", 85},
    {"双龙村", "beekeeping", "中蜂养殖基地", 50},   {"大坪村", "photovoltaic", "光伏电站", 120},
    {"七安子村", "beekeeping", "中蜂养殖基地", 50}, {"甘坪村", "mushroom", "香菇大棚", 85},
    {"阿氏村", "tourism", "乡村旅游接待中心", 250}, {"阿氏村", "beekeeping", "中蜂养殖基地", 50},
    {"白岩沟村", "boar", "特种野猪养殖场", 70},     {"小沟口村", "photovoltaic", "光伏电站", 120},
    {"小沟口村", "mushroom", "香菇大棚", 85},       {"东岔村", "photovoltaic", "光伏电站", 120},
    {"石门村", "mushroom", "香菇大棚", 85},         {"马家坪村", "boar", "特种野猪养殖场", 70},
};

static const struct {
    const char *type, *cooperative;
} cooperative_names[] = {
    {"photovoltaic", "光伏产业"}, {"mushroom", "香菇种植"}, {"beekeeping", "中蜂养殖"},
    {"boar", "特种养殖"},         {"tourism", "乡村旅游"},
};

static const char *const three_committees[] = {"马家坪村", "甘坪村",   "上雷村", "阿氏村",
                                               "双龙村",   "小沟口村", NULL};
static const char *const elderly_villages[] = {"双龙村", "马家坪村", NULL};
static const char *const hall_villages[] = {"上雷村", "甘坪村", "阿氏村", NULL};
static const char *const stage_villages[] = {"双龙村", "大坪村", "马家坪村", NULL};
static const char *const wall_villages[] = {"上雷村",   "双龙村", "七安子村", "甘坪村", "白岩沟村",
                                            "小沟口村", "石门村", "马家坪村", NULL};
static const char *const no_toilet_villages[] = {"七安子村", NULL};
static const char *const two_pool_villages[] = {"马家坪村", "甘坪村", "上雷村", NULL};
static const char *const second_square_villages[] = {"马家坪村", NULL};
static const char *const wall_kinds[] = {"文化墙", "诗词长廊", "文化亭"};

static void place_facilities(world *w)
{
    rng_t r = rng_stream(400);
    int committees = 0;
    char *name;

    for (guint i = 0; i < G_N_ELEMENTS(industry_plan); i++) {
        int vi = village_index(industry_plan[i].village);
        village *v = &w->v[vi];
        const char *type = industry_plan[i].type;
        project *p = project_new(w, P_INDUSTRY, vi, rng_int(&r, 2017, 2020),
                                 industry_plan[i].weight * rng_range(&r, 0.85, 1.15), "%s%s",
                                 v->def->name, industry_plan[i].label);
        if (!v->industry) {
            v->industry = p;
            v->industry_type = type;
        }
        hamlet *h;
        double lateral, capacity;
        if (strcmp(type, "photovoltaic") == 0) {
            h = hamlet_of(w, vi, 1), lateral = 150, capacity = 50 * rng_int(&r, 2, 6);
        } else if (strcmp(type, "mushroom") == 0) {
            h = hamlet_of(w, vi, 0), lateral = 75, capacity = 10 * rng_int(&r, 2, 6);
        } else if (strcmp(type, "beekeeping") == 0) {
            h = last_hamlet(w, vi), lateral = 110, capacity = 20 * rng_int(&r, 5, 15);
        } else if (strcmp(type, "boar") == 0) {
            h = last_hamlet(w, vi), lateral = 200, capacity = 10 * rng_int(&r, 5, 15);
        } else {
            h = hamlet_of(w, vi, 0), lateral = 40, capacity = 10 * rng_int(&r, 8, 15);
        }
        name = g_strdup_printf("%s%s", v->def->name, industry_plan[i].label);
        feature *f = feature_point(w, L_INDUSTRY, vi, name, "built", p, hamlet_spot(h, lateral));
        attr_text(f, "type", type);
        attr_real(f, "capacity", capacity);
        g_free(name);
    }

    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        const char *vn = v->def->name;
        hamlet *mh = hamlet_of(w, vi, 0);
        feature *f;
        project *p;

        /* committees: 14 built and 14 upgraded, alternately */
        int ncomm = in_list(three_committees, vn) ? 3 : 2;
        for (int c = 0; c < ncomm; c++, committees++) {
            gboolean built = committees % 2 == 0;
            hamlet *h = hamlet_of(w, vi, c);
            if (c == 0)
                name = g_strdup_printf("%s村委会", vn);
            else
                name = g_strdup_printf("%s%s组活动室", vn, group_numerals[h->number - 1]);
            p = project_new(w, P_INFRA, vi, rng_int(&r, 2016, 2018),
                            (built ? 12 : 4) * (c == 0 ? 1.3 : 0.7) * rng_range(&r, 0.85, 1.15),
                            "%s%s", name, built ? "新建" : "提升改造");
            f = feature_point(w, L_COMMITTEES, vi, name, built ? "built" : "upgraded", p,
                              hamlet_spot(h, 24));
            attr_real(f, "area", c == 0 ? 10 * rng_int(&r, 25, 50) : 10 * rng_int(&r, 8, 20));
            g_free(name);
        }

        if (strcmp(vn, NO_CLINIC_VILLAGE) != 0) {
            name = g_strdup_printf("%s卫生室", vn);
            p = project_new(w, P_HEALTH, vi, rng_int(&r, 2018, 2019),
                            15 * rng_range(&r, 0.85, 1.15), "%s标准化建设", name);
            f = feature_point(w, L_CLINICS, vi, name, "built", p, hamlet_spot(mh, 24));
            attr_int(f, "doctors", rng_int(&r, 1, 2));
            attr_real(f, "area", 5 * rng_int(&r, 16, 26));
            g_free(name);
        }
        if (in_list(elderly_villages, vn)) {
            name = g_strdup_printf("%s互助幸福院", vn);
            p = project_new(w, P_HEALTH, vi, 2019, 19 * rng_range(&r, 0.9, 1.1), "%s建设", name);
            f = feature_point(w, L_ELDERLY_CARE, vi, name, "built", p, hamlet_spot(mh, 24));
            attr_int(f, "beds", rng_int(&r, 20, 30));
            g_free(name);
        }

        /* culture: a square in every village (two in one), halls, stages, walls */
        for (int c = 0; c < (in_list(second_square_villages, vn) ? 2 : 1); c++) {
            hamlet *h = hamlet_of(w, vi, c);
            name = c == 0 ? g_strdup_printf("%s文化广场", vn)
                          : g_strdup_printf("%s%s组文化广场", vn, group_numerals[h->number - 1]);
            p = project_new(w, P_CULTURE, vi, rng_int(&r, 2018, 2020), 22 * rng_range(&r, 0.8, 1.2),
                            "%s建设", name);
            f = feature_point(w, L_CULTURE, vi, name, "built", p, hamlet_spot(h, 30));
            attr_text(f, "type", "square");
            attr_real(f, "area", 100 * rng_int(&r, 8, 20));
            g_free(name);
        }
        if (in_list(hall_villages, vn)) {
            name = g_strdup_printf("%s文化礼堂", vn);
            p = project_new(w, P_CULTURE, vi, rng_int(&r, 2018, 2020),
                            40 * rng_range(&r, 0.85, 1.15), "%s建设", name);
            f = feature_point(w, L_CULTURE, vi, name, "built", p, hamlet_spot(mh, 24));
            attr_text(f, "type", "hall");
            attr_real(f, "area", 10 * rng_int(&r, 20, 40));
            g_free(name);
        }
        if (in_list(stage_villages, vn)) {
            name = g_strdup_printf("%s文化舞台", vn);
            p = project_new(w, P_CULTURE, vi, rng_int(&r, 2018, 2020),
                            15 * rng_range(&r, 0.85, 1.15), "%s建设", name);
            f = feature_point(w, L_CULTURE, vi, name, "built", p, hamlet_spot(mh, 30));
            attr_text(f, "type", "stage");
            attr_real(f, "area", 10 * rng_int(&r, 8, 15));
            g_free(name);
        }
        if (in_list(wall_villages, vn)) {
            hamlet *h = hamlet_of(w, vi, 1);
            name = g_strdup_printf("%s%s", vn, wall_kinds[rng_int(&r, 0, 2)]);
            p = project_new(w, P_CULTURE, vi, rng_int(&r, 2018, 2020), 9 * rng_range(&r, 0.8, 1.2),
                            "%s建设", name);
            f = feature_point(w, L_CULTURE, vi, name, "built", p, hamlet_spot(h, 20));
            attr_text(f, "type", "wall");
            attr_real(f, "area", 10 * rng_int(&r, 3, 12));
            g_free(name);
        }

        if (strcmp(vn, "甘坪村") == 0) {
            static const char *const rooms[] = {"一", "二", "三"};
            for (int c = 0; c < 4; c++) {
                name = c == 0 ? g_strdup("甘坪小学多媒体教室")
                              : g_strdup_printf("甘坪小学教学用房%s", rooms[c - 1]);
                p = project_new(w, P_EDUCATION, vi, 2019, c == 0 ? 5 : 2 * rng_range(&r, 0.9, 1.1),
                                "%s%s", name, c == 0 ? "配置" : "改造");
                f = feature_point(w, L_SCHOOLS, vi, name, "built", p, hamlet_spot(mh, 35));
                attr_text(f, "type", c == 0 ? "classroom" : "schoolroom");
                attr_text(f, "school", "甘坪小学");
                g_free(name);
            }
        }

        if (!in_list(no_toilet_villages, vn)) {
            name = g_strdup_printf("%s公共水厕", vn);
            p = project_new(w, P_ECOLOGY, vi, 2019, 12 * rng_range(&r, 0.85, 1.15), "%s建设", name);
            f = feature_point(w, L_TOILETS, vi, name, "built", p, hamlet_spot(mh, 22));
            attr_int(f, "seats", rng_int(&r, 4, 10));
            g_free(name);
        }
        int npools = in_list(two_pool_villages, vn) ? 2 : 1;
        p = project_new(w, P_ECOLOGY, vi, 2018, 2.5 * npools * rng_range(&r, 0.85, 1.15),
                        "%s垃圾池建设", vn);
        for (int c = 0; c < npools; c++) {
            hamlet *h = hamlet_of(w, vi, c);
            name = g_strdup_printf("%s%s组垃圾池", vn, group_numerals[h->number - 1]);
            f = feature_point(w, L_GARBAGE_POOLS, vi, name, "built", p, hamlet_spot(h, 20));
            attr_real(f, "capacity", rng_int(&r, 6, 12));
            g_free(name);
        }

        /* the cooperative runs the village's first industry project */
        const char *coop = NULL;
        for (guint c = 0; c < G_N_ELEMENTS(cooperative_names); c++)
            if (strcmp(cooperative_names[c].type, v->industry_type) == 0)
                coop = cooperative_names[c].cooperative;
        name = g_strdup_printf("%s%s专业合作社", vn, coop);
        f = feature_point(w, L_INDUSTRY, vi, name, "built", v->industry, hamlet_spot(mh, 26));
        attr_text(f, "type", "cooperative");
        attr_real(f, "capacity", 10 * rng_int(&r, 3, 15));
        g_free(name);
    }
}

/* ---- households ------------------------------------------------------ */

static const char *const surnames[] = {"王", "张", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                       "徐", "孙", "胡", "朱", "高", "何", "郭", "马", "罗", "梁"};
static const char *const given[] = {"明", "华", "军", "平", "强", "林", "芳", "兰",
                                    "勇", "成", "安", "福", "庆", "秀", "德", "山"};

/* An 18-digit resident ID of Lantian County (610122): birth date,
 * sequence, ISO 7064 MOD 11-2 check character. */
static char *make_id_number(rng_t *r, GHashTable *seen)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    for (;;) {
        char body[18];
        g_snprintf(body, sizeof body, "610122%04d%02d%02d%03d", rng_int(r, 1938, 1992),
                   rng_int(r, 1, 12), rng_int(r, 1, 28), rng_int(r, 0, 999));
        int sum = 0;
        for (int i = 0; i < 17; i++)
            sum += (body[i] - '0') * weights[i];
        char *id = g_strdup_printf("%s%c", body, "10X98765432"[sum % 11]);
        if (!g_hash_table_contains(seen, id)) {
            g_hash_table_add(seen, id);
            return g_strdup(id);
        }
        g_free(id);
    }
}

static int draw_members(rng_t *r)
{
    static const double cumulative[] = {0.10, 0.32, 0.57, 0.79, 0.93, 0.99, 1.0};
    double u = rng_uniform(r);
    int m = 0;
    while (u > cumulative[m])
        m++;
    return m + 1;
}

static void place_households(world *w)
{
    rng_t r = rng_stream(500);
    GPtrArray *all = g_ptr_array_new();
    GArray *members = g_array_new(FALSE, TRUE, sizeof(int));
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        rng_t hr = rng_stream(200 + (uint64_t)vi);
        for (guint i = 0; i < v->hamlets->len; i++) {
            hamlet *h = &g_array_index(v->hamlets, hamlet, i);
            place_houses(h, &hr);
            for (guint k = 0; k < h->houses->len; k++) {
                char *name = g_strdup_printf("%s%s组%u号", v->def->name,
                                             group_numerals[h->number - 1], k + 1);
                feature *f = feature_point(w, L_HOUSEHOLDS, vi, name, NULL, NULL, AT(h->houses, k));
                g_free(name);
                g_ptr_array_add(all, f);
                int m = draw_members(&r);
                g_array_append_val(members, m);
            }
        }
    }
    int n = (int)all->len;
    if (n != HOUSEHOLDS_TOTAL)
        die("%d households, expected %d", n, HOUSEHOLDS_TOTAL);

    /* poverty: 117 households lifted (304 people) and 41 still registered */
    int *order = g_new(int, n);
    const char **poverty = g_new(const char *, n);
    for (int i = 0; i < n; i++) {
        order[i] = i;
        poverty[i] = "none";
    }
    rng_shuffle(&r, order, n);
    int people = 0;
    for (int i = 0; i < LIFTED_HOUSEHOLDS + REGISTERED_HOUSEHOLDS; i++)
        poverty[order[i]] = i < LIFTED_HOUSEHOLDS ? "lifted" : "registered";
    for (int i = 0; i < LIFTED_HOUSEHOLDS; i++) {
        int *m = &g_array_index(members, int, order[i]);
        *m = rng_int(&r, 1, 4);
        people += *m;
    }
    while (people != LIFTED_PEOPLE) {
        int *m = &g_array_index(members, int, order[rng_int(&r, 0, LIFTED_HOUSEHOLDS - 1)]);
        if (people < LIFTED_PEOPLE && *m < 6)
            (*m)++, people++;
        else if (people > LIFTED_PEOPLE && *m > 1)
            (*m)--, people--;
    }

    /* toilet retrofits: 60 households each in two pilot villages */
    static const char *const pilots[] = {"阿氏村", "上雷村"};
    gboolean *retrofit = g_new0(gboolean, n);
    for (int p = 0; p < 2; p++) {
        int vi = village_index(pilots[p]);
        w->v[vi].retrofit = project_new(w, P_ECOLOGY, vi, 2019, 18 * rng_range(&r, 0.9, 1.1),
                                        "%s户厕改造", pilots[p]);
        int first = -1, count = 0;
        for (int i = 0; i < n; i++)
            if (((feature *)all->pdata[i])->village == vi) {
                if (first < 0)
                    first = i;
                count++;
            }
        int *pick = g_new(int, count);
        for (int i = 0; i < count; i++)
            pick[i] = first + i;
        rng_shuffle(&r, pick, count);
        for (int i = 0; i < TOILET_RETROFITS / 2; i++)
            retrofit[pick[i]] = TRUE;
        g_free(pick);
    }

    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (int i = 0; i < n; i++) {
        feature *f = all->pdata[i];
        int m = g_array_index(members, int, i);
        village *v = &w->v[f->village];
        if (retrofit[i]) {
            f->proj = v->retrofit;
            f->year = v->retrofit->year;
        }
        attr_int(f, "members", m);
        attr_text(f, "poverty", poverty[i]);
        attr_text(f, "toilet_retrofit", retrofit[i] ? "yes" : "no");
        char *head = g_strdup_printf("%s某%s", surnames[rng_int(&r, 0, G_N_ELEMENTS(surnames) - 1)],
                                     given[rng_int(&r, 0, G_N_ELEMENTS(given) - 1)]);
        char *idn = make_id_number(&r, seen);
        char *phone = g_strdup_printf("1990000%04d", i + 1);
        attr_text(f, "head_name", head);
        attr_text(f, "id_number", idn);
        attr_text(f, "phone", phone);
        g_free(head);
        g_free(idn);
        g_free(phone);
        v->households++;
        v->population += m;
    }
    g_hash_table_destroy(seen);
    g_free(retrofit);
    g_free(order);
    g_free(poverty);
    g_array_free(members, TRUE);
    g_ptr_array_free(all, TRUE);
}

/* ---- roads and rivers -------------------------------------------------- */

#define COUNTY_ROAD_NAME "蓝葛公路"
#define MAIN_RIVER_NAME "灞河"

/* The northern village whose stretch of the main valley holds vertex K. */
static int north_village_at(const world *w, int k)
{
    for (int i = 0; i < N_NORTH; i++)
        if (k < w->kp[i + 1])
            return i;
    return N_NORTH - 1;
}

static int south_village_at(const world *w, int k)
{
    for (int j = 0; j < N_SOUTH; j++)
        if (k < w->kr[j + 1])
            return N_NORTH + j;
    return NV - 1;
}

static void road_attrs(feature *f, const char *cls, const char *surface, double width)
{
    attr_text(f, "class", cls);
    attr_text(f, "surface", surface);
    attr_real(f, "width", width);
}

static double km(const world *w, const GArray *ll)
{
    return ll_length(w, ll) / 1000.0;
}

/* The county road (cut where ridges cross it and where the upgraded route
 * starts and ends), each village's main road, its group roads.  Of the
 * main roads, the same share of each, from its foot, was hardened: the
 * share that brings the roads built to exactly 33.6 km. */
static void make_roads(world *w)
{
    rng_t r = rng_stream(600);
    int from = w->v[village_index(ROUTE_FROM)].mouth, to = w->v[village_index(ROUTE_TO)].mouth;
    int cuts[N_NORTH + 3], ncuts = 0;
    for (int k = 0; k <= N_NORTH; k++)
        cuts[ncuts++] = w->kp[k];
    cuts[ncuts++] = from;
    cuts[ncuts++] = to;
    for (int i = 0; i < ncuts; i++)
        for (int j = i + 1; j < ncuts; j++)
            if (cuts[j] < cuts[i]) {
                int t = cuts[i];
                cuts[i] = cuts[j];
                cuts[j] = t;
            }
    double built = 0;
    project *route[NV] = {0};
    for (int c = 0; c + 1 < ncuts; c++) {
        int a = cuts[c], b = cuts[c + 1];
        int vi = north_village_at(w, a);
        gboolean widened = a >= from && b <= to;
        GArray *ll = line_to_ll(w, line_slice(w->county, a, b));
        project *p = NULL;
        if (widened) {
            if (!route[vi])
                route[vi] =
                    project_new(w, P_INFRA, vi, 2019, 0, "大坪—七安子—甘坪村提升道路拓宽（%s段）",
                                w->v[vi].def->name);
            p = route[vi];
            p->weight += 30 * km(w, ll);
            built += ll_length(w, ll);
        }
        char *name = g_strdup_printf("%s（%s段）", COUNTY_ROAD_NAME, w->v[vi].def->name);
        feature *f = feature_line(w, L_ROADS, vi, name, widened ? "widened" : "existing", p, ll);
        road_attrs(f, "county", "asphalt", widened ? 8.5 : 6.5);
        if (widened)
            g_ptr_array_add(w->built_roads, f);
        g_free(name);
    }

    /* group roads: about half of them new */
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        for (guint i = 0; i < v->hamlets->len; i++) {
            hamlet *h = &g_array_index(v->hamlets, hamlet, i);
            if (!h->on_spur)
                continue;
            GArray *ll = line_to_ll(w, h->host);
            gboolean is_new = rng_uniform(&r) < 0.5;
            char *name =
                g_strdup_printf("%s%s组通组路", v->def->name, group_numerals[h->number - 1]);
            project *p = NULL;
            if (is_new) {
                p = project_new(w, P_INFRA, vi, rng_int(&r, 2018, 2020), 32 * km(w, ll), "%s新建",
                                name);
                built += ll_length(w, ll);
            }
            feature *f = feature_line(w, L_ROADS, vi, name, is_new ? "new" : "existing", p, ll);
            if (is_new) {
                road_attrs(f, "group", "concrete", 3.5);
                g_ptr_array_add(w->built_roads, f);
            } else {
                road_attrs(f, "group", rng_uniform(&r) < 0.5 ? "gravel" : "earth", 3.0);
            }
            g_free(name);
        }
    }

    /* main roads: a southern village's begins at the bank line, the few
     * metres from the county road down to it lying in the northern village */
    GArray *main_ll[NV];
    double total = 0;
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        GArray *road = v->road;
        if (v->def->side < 0) {
            int north = north_village_at(w, v->mouth);
            char *name = g_strdup_printf("%s通村路（连接段）", v->def->name);
            feature *f = feature_line(w, L_ROADS, north, name, "existing", NULL,
                                      line_to_ll(w, line_slice(road, 0, 1)));
            road_attrs(f, "village", "concrete", 4.5);
            g_free(name);
            GArray *rest = line_slice(road, 1, (int)road->len - 1);
            main_ll[vi] = line_to_ll(w, rest);
            g_array_free(rest, TRUE);
        } else {
            main_ll[vi] = line_to_ll(w, road);
        }
        total += ll_length(w, main_ll[vi]);
    }
    double share = (ROADS_BUILT_M - built) / total;
    if (share < 0.1 || share > 0.8)
        die("hardened share of the main roads %.3f is implausible", share);
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        double d = share * ll_length(w, main_ll[vi]);
        GArray *head = NULL, *tail = NULL;
        if (vi == NV - 1) {
            /* the last one takes up what rounding left: solve on the rounded coordinates */
            double target = ROADS_BUILT_M - built;
            d = target;
            for (int iter = 0; iter < 20; iter++) {
                if (head) {
                    g_array_free(head, TRUE);
                    g_array_free(tail, TRUE);
                }
                ll_split(w, main_ll[vi], d, &head, &tail);
                double err = target - ll_length(w, head);
                if (fabs(err) < 0.02)
                    break;
                d += err;
            }
        } else {
            ll_split(w, main_ll[vi], d, &head, &tail);
        }
        built += ll_length(w, head);
        char *name = g_strdup_printf("%s通村路", v->def->name);
        project *p =
            project_new(w, P_INFRA, vi, rng_int(&r, 2017, 2019), 22 * km(w, head), "%s硬化", name);
        feature *f = feature_line(w, L_ROADS, vi, name, "hardened", p, head);
        road_attrs(f, "village", "concrete", 4.5);
        g_ptr_array_add(w->built_roads, f);
        f = feature_line(w, L_ROADS, vi, name, "existing", NULL, tail);
        road_attrs(f, "village", "gravel", 4.0);
        g_free(name);
        g_array_free(main_ll[vi], TRUE);
    }
}

/* The main river, cut where the southern ridges cross it; each village's
 * stream; the lower 1.5 km of two of them improved by the programme. */
static void make_rivers(world *w)
{
    for (int j = 0; j < N_SOUTH; j++) {
        GArray *piece = line_slice(w->river, w->kr[j + 1], w->kr[j]); /* downstream: westward */
        feature *f = feature_line(w, L_RIVERS, N_NORTH + j, MAIN_RIVER_NAME, "existing", NULL,
                                  line_to_ll(w, piece));
        attr_text(f, "kind", "river");
        g_array_free(piece, TRUE);
    }
    static const char *const improved[] = {"白岩沟村", "小沟口村", NULL};
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        GArray *s = v->stream;
        int end = (int)s->len - 1;
        if (v->def->side >
            0) { /* the last metres, below the bank line, lie in a southern village */
            GArray *tail = line_slice(s, end - 1, end);
            feature *f = feature_line(w, L_RIVERS, south_village_at(w, v->mouth + 1),
                                      v->def->stream, "existing", NULL, line_to_ll(w, tail));
            attr_text(f, "kind", "stream");
            g_array_free(tail, TRUE);
            end--;
        }
        int cut = end;
        if (in_list(improved, v->def->name)) {
            double from_mouth = 0;
            while (cut > 1 && from_mouth < 1500) {
                from_mouth += dist(AT(s, cut - 1), AT(s, cut));
                cut--;
            }
        }
        GArray *upper = line_slice(s, 0, cut);
        feature *f =
            feature_line(w, L_RIVERS, vi, v->def->stream, "existing", NULL, line_to_ll(w, upper));
        attr_text(f, "kind", "stream");
        g_array_free(upper, TRUE);
        if (cut < end) {
            GArray *lower = line_slice(s, cut, end);
            project *p = project_new(w, P_ECOLOGY, vi, 2018, 50, "%s%s河道治理", v->def->name,
                                     v->def->stream);
            f = feature_line(w, L_RIVERS, vi, v->def->stream, "improved", p, line_to_ll(w, lower));
            attr_text(f, "kind", "stream");
            g_array_free(lower, TRUE);
        }
    }
}

/* Bridges: the five southern villages' new ones over the main river, where
 * their road crosses it; the county road's old ones over the northern streams. */
static void make_bridges(world *w)
{
    rng_t r = rng_stream(610);
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        feature *f;
        if (v->def->side < 0) {
            char *name = g_strdup_printf("%s便民桥", v->def->name);
            project *p =
                project_new(w, P_INFRA, vi, 2018, 16 * rng_range(&r, 0.85, 1.15), "%s建设", name);
            f = feature_point(w, L_BRIDGES, vi, name, "built", p, AT(w->river, v->mouth));
            attr_real(f, "length", rng_int(&r, 24, 40));
            attr_real(f, "width", 4.5);
            g_free(name);
        } else {
            char *name = g_strdup_printf("%s桥", v->def->stream);
            f = feature_point(w, L_BRIDGES, vi, name, "existing", NULL,
                              AT(w->county, v->mouth + 1));
            attr_real(f, "length", rng_int(&r, 8, 14));
            attr_real(f, "width", 7.0);
            g_free(name);
        }
    }
}

/* 853 lights, evenly spaced along every road built (about 40 m apart), 3 m
 * to the left of the road line. */
static void place_streetlights(world *w)
{
    rng_t r = rng_stream(620);
    int n = (int)w->built_roads->len;
    double *len = g_new(double, n), total = 0;
    int *count = g_new0(int, n), given = 0;
    for (int i = 0; i < n; i++)
        total += len[i] = ll_length(w, ((feature *)w->built_roads->pdata[i])->coords);
    for (int i = 0; i < n; i++)
        given += count[i] = (int)floor(STREETLIGHTS * len[i] / total);
    while (given < STREETLIGHTS) { /* largest remainders first */
        int best = -1;
        double best_frac = -1;
        for (int i = 0; i < n; i++) {
            double frac = STREETLIGHTS * len[i] / total - count[i];
            if (frac > best_frac) {
                best_frac = frac;
                best = i;
            }
        }
        count[best]++;
        given++;
    }
    for (int i = 0; i < n; i++) {
        feature *road = w->built_roads->pdata[i];
        village *v = &w->v[road->village];
        gboolean grid = strcmp(road->status, "widened") == 0;
        if (!v->lights)
            v->lights = project_new(w, P_INFRA, road->village, rng_int(&r, 2019, 2020), 0,
                                    "%s路灯安装", v->def->name);
        char *name = g_strdup_printf("%s路灯", v->def->name);
        for (int k = 0; k < count[i]; k++) {
            guint seg;
            pt on = ll_along(w, road->coords, (k + 0.5) * len[i] / count[i], &seg);
            double azi = 0, lat = 0, lon = 0;
            pt a = AT(road->coords, seg), b = AT(road->coords, seg + 1);
            geod_inverse(&w->geod, a.y, a.x, b.y, b.x, NULL, &azi, NULL);
            geod_direct(&w->geod, on.y, on.x, azi - 90, 3.0, &lat, &lon, NULL);
            feature *f = feature_new(w, L_STREETLIGHTS, road->village, name, "built", v->lights);
            line_push(f->coords, pt_make(round7(lon), round7(lat)));
            attr_text(f, "power_source", grid ? "grid" : "solar");
            attr_int(f, "watts", grid ? 100 : 40);
            v->lights->weight += 0.25;
        }
        g_free(name);
    }
    g_free(len);
    g_free(count);
}

/* ---- the terrain ---------------------------------------------------------- */

#define DEM_CELL 30.0 /* m */
#define DEM_BIG 1e20  /* "no valley here" in the distance transform */

/* Felzenszwalb and Huttenlocher's 1-D squared distance transform of F (N
 * samples), also giving for each sample the index of its nearest zero. */
static void distance_1d(const double *f, int n, double *d, int *arg, int *v, double *z)
{
    int k = 0;
    v[0] = 0;
    z[0] = -DEM_BIG;
    z[1] = DEM_BIG;
    for (int q = 1; q < n; q++) {
        double s;
        for (;;) {
            s = ((f[q] + (double)q * q) - (f[v[k]] + (double)v[k] * v[k])) / (2.0 * q - 2.0 * v[k]);
            if (s > z[k])
                break;
            k--;
        }
        k++;
        v[k] = q;
        z[k] = s;
        z[k + 1] = DEM_BIG;
    }
    k = 0;
    for (int q = 0; q < n; q++) {
        while (z[k + 1] < q)
            k++;
        d[q] = (double)(q - v[k]) * (q - v[k]) + f[v[k]];
        arg[q] = v[k];
    }
}

/* Smooth noise in [-1, 1]: random values on a unit lattice, smoothstep-blended. */
static double lattice(int64_t i, int64_t j, uint64_t salt)
{
    rng_t r = {(uint64_t)i * UINT64_C(0x9E3779B97F4A7C15) ^
               (uint64_t)j * UINT64_C(0xC2B2AE3D27D4EB4F) ^ salt};
    return rng_uniform(&r) * 2 - 1;
}

static double value_noise(double x, double y, uint64_t salt)
{
    double fx = floor(x), fy = floor(y), tx = x - fx, ty = y - fy;
    int64_t i = (int64_t)fx, j = (int64_t)fy;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    double a = lattice(i, j, salt), b = lattice(i + 1, j, salt);
    double c = lattice(i, j + 1, salt), d = lattice(i + 1, j + 1, salt);
    return (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
}

/* Three passes of a box blur of radius R cells each way: nearly Gaussian. */
static void box_blur(double *a, int nx, int ny, int r)
{
    int n = MAX(nx, ny);
    double *tmp = g_new(double, n);
    for (int pass = 0; pass < 3; pass++) {
        for (int dir = 0; dir < 2; dir++) {
            int lines = dir ? nx : ny, len = dir ? ny : nx;
            for (int l = 0; l < lines; l++) {
                double *base = dir ? a + l : a + (size_t)l * nx;
                size_t stride = dir ? (size_t)nx : 1;
                double sum = 0;
                for (int k = -r; k <= r; k++)
                    sum += base[CLAMP(k, 0, len - 1) * stride];
                for (int k = 0; k < len; k++) {
                    tmp[k] = sum / (2 * r + 1);
                    sum += base[MIN(k + r + 1, len - 1) * stride] - base[MAX(k - r, 0) * stride];
                }
                for (int k = 0; k < len; k++)
                    base[k * stride] = tmp[k];
            }
        }
    }
    g_free(tmp);
}

/* The main river's bed: 780 m in the west, rising eastwards upstream. */
static double main_bed(double x)
{
    return 780 + 0.004 * (x + 15000);
}

/* Relief over a valley floor at BED: flat across the floor (HALFWIDTH
 * either side of the river), then rising with the distance, roughened on
 * the slopes by two octaves of noise. */
static double terrain_height(double bed, double halfwidth, double dist, pt p)
{
    double h = MAX(0.0, dist - halfwidth);
    double rough =
        90 * value_noise(p.x / 1500, p.y / 1500, 1) + 25 * value_noise(p.x / 450, p.y / 450, 2);
    return bed + 950 * (1 - exp(-h / 1300)) + rough * MIN(1.0, h / 300);
}

typedef struct {
    float bed;       /* elevation of the valley floor here, m */
    float halfwidth; /* half the width of the flat valley floor, m */
} valley_cell;

static void mark_valley(valley_cell *cells, int nx, int ny, double minx, double maxy, pt p,
                        double bed, double halfwidth)
{
    int j = (int)floor((p.x - minx) / DEM_CELL), i = (int)floor((maxy - p.y) / DEM_CELL);
    if (i >= 0 && i < ny && j >= 0 && j < nx) {
        cells[(size_t)i * nx + j].bed = (float)bed;
        cells[(size_t)i * nx + j].halfwidth = (float)halfwidth;
    }
}

/* A synthetic DEM (EPSG:4545, 30 m, int16 metres) made from the map's own
 * valleys: each cell is the floor of its nearest valley (the river rising
 * upstream, side streams climbing 4 m per 100 m) plus relief that grows
 * with the distance from that valley, so hamlets, roads and rivers lie low,
 * tanks above their hamlets, and the village boundaries run along ridges. */
static void build_dem(world *w)
{
    double minx = G_MAXDOUBLE, miny = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, maxy = -G_MAXDOUBLE;
    for (int vi = 0; vi < NV; vi++)
        for (guint i = 0; i < w->v[vi].ring->len; i++) {
            pt p = AT(w->v[vi].ring, i);
            minx = MIN(minx, p.x), miny = MIN(miny, p.y), maxx = MAX(maxx, p.x),
            maxy = MAX(maxy, p.y);
        }
    /* a 300 m margin; cell edges on whole multiples of 30 m of EPSG:4545 */
    minx = floor((w->e0 + minx - 300) / DEM_CELL) * DEM_CELL - w->e0;
    miny = floor((w->n0 + miny - 300) / DEM_CELL) * DEM_CELL - w->n0;
    maxx = ceil((w->e0 + maxx + 300) / DEM_CELL) * DEM_CELL - w->e0;
    maxy = ceil((w->n0 + maxy + 300) / DEM_CELL) * DEM_CELL - w->n0;
    int nx = (int)lround((maxx - minx) / DEM_CELL), ny = (int)lround((maxy - miny) / DEM_CELL);
    size_t ncell = (size_t)nx * ny;

    valley_cell *cells = g_new(valley_cell, ncell);
    for (size_t c = 0; c < ncell; c++)
        cells[c].halfwidth = -1;
    for (int vi = 0; vi < NV; vi++) { /* streams first: the river overrides them where they meet */
        const GArray *s = w->v[vi].stream;
        double len = line_length(s), mouth_bed = main_bed(line_last(s).x);
        for (double d = 0; d <= len; d += 10)
            mark_valley(cells, nx, ny, minx, maxy, line_at(s, d, NULL),
                        mouth_bed + 0.04 * (len - d), 40);
    }
    double rlen = line_length(w->river);
    for (double d = 0; d <= rlen; d += 10) {
        pt p = line_at(w->river, d, NULL);
        mark_valley(cells, nx, ny, minx, maxy, p, main_bed(p.x), 180);
    }

    /* exact Euclidean distance to the nearest valley cell, with that cell */
    int nmax = MAX(nx, ny);
    double *f = g_new(double, nmax), *d = g_new(double, nmax), *z = g_new(double, nmax + 1);
    int *arg = g_new(int, nmax), *v = g_new(int, nmax);
    double *col_d = g_new(double, ncell);
    int *col_arg = g_new(int, ncell);
    for (int j = 0; j < nx; j++) {
        for (int i = 0; i < ny; i++)
            f[i] = cells[(size_t)i * nx + j].halfwidth >= 0 ? 0 : DEM_BIG;
        distance_1d(f, ny, d, arg, v, z);
        for (int i = 0; i < ny; i++) {
            col_d[(size_t)i * nx + j] = d[i];
            col_arg[(size_t)i * nx + j] = arg[i];
        }
    }
    double *raw = g_new(double, ncell), *above = g_new(double, ncell);
    for (int i = 0; i < ny; i++) {
        for (int j = 0; j < nx; j++)
            f[j] = col_d[(size_t)i * nx + j];
        distance_1d(f, nx, d, arg, v, z);
        for (int j = 0; j < nx; j++) {
            int jj = arg[j], ii = col_arg[(size_t)i * nx + jj];
            const valley_cell *near = &cells[(size_t)ii * nx + jj];
            double x = minx + (j + 0.5) * DEM_CELL, y = maxy - (i + 0.5) * DEM_CELL;
            double dv = sqrt(d[j]) * DEM_CELL;
            raw[(size_t)i * nx + j] = terrain_height(near->bed, near->halfwidth, dv, pt_make(x, y));
            above[(size_t)i * nx + j] = MAX(0.0, dv - near->halfwidth);
        }
    }
    /* where two valleys' slopes meet, their beds differ: smooth the slopes
     * (about 300 m), leaving the valley floors as they are */
    double *smooth = g_memdup2(raw, ncell * sizeof(double));
    box_blur(smooth, nx, ny, 8);
    for (size_t c = 0; c < ncell; c++) {
        double t = CLAMP((above[c] - 60) / 400, 0.0, 1.0);
        t = t * t * (3 - 2 * t);
        raw[c] = raw[c] * (1 - t) + smooth[c] * t;
    }
    box_blur(raw, nx, ny, 1); /* and soften the cell steps everywhere */
    w->dem = g_new(gint16, ncell);
    for (size_t c = 0; c < ncell; c++)
        w->dem[c] = (gint16)lround(raw[c]);
    w->dem_minx = minx;
    w->dem_maxy = maxy;
    w->dem_nx = nx;
    w->dem_ny = ny;
    g_free(raw);
    g_free(above);
    g_free(smooth);
    g_free(col_d);
    g_free(col_arg);
    g_free(f);
    g_free(d);
    g_free(z);
    g_free(arg);
    g_free(v);
    g_free(cells);
}

/* Elevation at P (metres of the layout), bilinear between cell centres. */
static double dem_at(const world *w, pt p)
{
    double fx = (p.x - w->dem_minx) / DEM_CELL - 0.5, fy = (w->dem_maxy - p.y) / DEM_CELL - 0.5;
    int j = CLAMP((int)floor(fx), 0, w->dem_nx - 2), i = CLAMP((int)floor(fy), 0, w->dem_ny - 2);
    double tx = CLAMP(fx - j, 0.0, 1.0), ty = CLAMP(fy - i, 0.0, 1.0);
    const gint16 *z = w->dem + (size_t)i * w->dem_nx + j;
    double top = z[0] + (z[1] - z[0]) * tx,
           bottom = z[w->dem_nx] + (z[w->dem_nx + 1] - z[w->dem_nx]) * tx;
    return top + (bottom - top) * ty;
}

/* The terrain as dem.tif: GeoTIFF, EPSG:4545, DEFLATE with a horizontal
 * predictor (about 300 KB). */
static void write_dem(const world *w, const char *dir)
{
    char *path = g_build_filename(dir, "dem.tif", NULL);
    char **opts = NULL;
    opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
    opts = CSLSetNameValue(opts, "PREDICTOR", "2");
    opts = CSLSetNameValue(opts, "ZLEVEL", "9");
    GDALAllRegister();
    int nx = w->dem_nx, ny = w->dem_ny;
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path, nx, ny, 1, GDT_Int16, opts);
    if (!ds)
        die("cannot write '%s': %s", path, CPLGetLastErrorMsg());
    double gt[6] = {round(w->e0 + w->dem_minx), DEM_CELL, 0,
                    round(w->n0 + w->dem_maxy), 0,        -DEM_CELL};
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4545);
    char *wkt = NULL;
    OSRExportToWkt(srs, &wkt);
    GDALSetProjection(ds, wkt);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    GDALSetRasterUnitType(band, "m");
    if (GDALRasterIO(band, GF_Write, 0, 0, nx, ny, w->dem, nx, ny, GDT_Int16, 0, 0) != CE_None)
        die("cannot write '%s': %s", path, CPLGetLastErrorMsg());
    GDALClose(ds);
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    CSLDestroy(opts);
    g_free(path);
}

/* ---- water, signal, trees --------------------------------------------- */

/* Every hamlet has a tank uphill of it: beside the road, towards the ridge,
 * or past the end of its group road.  Fourteen were built by the programme
 * (the valley-head hamlets, and the next ones down in the three largest
 * villages), each with a pipe down to the hamlet and along its road; the
 * built pipes add up to exactly 5000 m. */
static void place_water(world *w)
{
    rng_t r = rng_stream(300);
    static const char *const two_tank_villages[] = {"马家坪村", "甘坪村", "上雷村", NULL};
    hamlet *built[TANKS_BUILT];
    int nbuilt = 0;
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        int nh = (int)v->hamlets->len;
        for (int i = 0; i < nh; i++) {
            hamlet *h = &g_array_index(v->hamlets, hamlet, i);
            /* above the hamlet's upper end, at least 30 m higher than its highest house */
            double highest = -G_MAXDOUBLE, best_height = -G_MAXDOUBLE;
            for (guint k = 0; k < h->houses->len; k++)
                highest = MAX(highest, dem_at(w, AT(h->houses, k)));
            for (int attempt = 0; attempt < 40 && best_height < highest + 30; attempt++) {
                pt t, tank;
                double s;
                if (!h->on_spur) {
                    s = h->s1 - rng_range(&r, 0, 80);
                    pt p = line_at(h->host, s, &t);
                    tank = add(p, mul(left_of(t), rng_range(&r, 170, 280)));
                } else {
                    s = line_length(h->host);
                    pt end = line_at(h->host, s, &t);
                    tank =
                        add(end, mul(rotate(t, rng_range(&r, -70, 70)), rng_range(&r, 100, 180)));
                }
                double height = dem_at(w, tank);
                if (height > best_height) {
                    best_height = height;
                    h->tank = tank;
                    h->tank_s = s;
                }
            }
            if (best_height < highest + 30)
                die("no site for a tank above %s%s组", v->def->name, group_numerals[h->number - 1]);
        }
        built[nbuilt++] = &g_array_index(v->hamlets, hamlet, nh - 1);
        if (in_list(two_tank_villages, v->def->name))
            built[nbuilt++] = &g_array_index(v->hamlets, hamlet, nh - 2);
    }
    if (nbuilt != TANKS_BUILT)
        die("%d tanks built, expected %d", nbuilt, TANKS_BUILT);

    /* a built pipe: down from the tank to 6 m beside the road, then along
     * the road down through the hamlet */
    GArray *uphill[TANKS_BUILT];
    double climb = 0;
    for (int b = 0; b < TANKS_BUILT; b++) {
        hamlet *h = built[b];
        pt t, m = line_at(h->host, h->tank_s, &t);
        pt m6 = add(m, mul(left_of(t), 6));
        pt mid = add(mul(add(h->tank, m6), 0.5),
                     mul(left_of(unit(sub(m6, h->tank))), rng_range(&r, -15, 15)));
        uphill[b] = line_new();
        line_push(uphill[b], h->tank);
        line_push(uphill[b], mid);
        line_push(uphill[b], m6);
        climb += line_length(uphill[b]);
    }
    double along = (PIPES_BUILT_M - climb) / TANKS_BUILT;
    if (along < 50)
        die("built pipes too short along the roads (%.0f m)", along);
    double done = 0;
    for (int b = 0; b < TANKS_BUILT; b++) {
        hamlet *h = built[b];
        village *v = &w->v[h->village];
        double reach =
            along + (b == TANKS_BUILT - 1 ? 80 : 0); /* the last is cut to length below */
        double s_end = MAX(10.0, h->tank_s - reach);
        GArray *pipe = uphill[b];
        for (double s = h->tank_s - VERTEX_SPACING; s > s_end; s -= VERTEX_SPACING) {
            pt t, p = line_at(h->host, s, &t);
            line_push(pipe, add(p, mul(left_of(t), 6)));
        }
        pt t, foot = line_at(h->host, s_end, &t);
        line_push(pipe, add(foot, mul(left_of(t), 6)));
        GArray *ll = line_to_ll(w, pipe);
        g_array_free(pipe, TRUE);
        if (b == TANKS_BUILT - 1) {
            GArray *head = NULL, *tail;
            double target = PIPES_BUILT_M - done, d = target;
            if (ll_length(w, ll) < target)
                die("last built pipe too short: %.1f m < %.1f m", ll_length(w, ll), target);
            for (int iter = 0; iter < 20; iter++) {
                if (head)
                    g_array_free(head, TRUE);
                ll_split(w, ll, d, &head, &tail);
                g_array_free(tail, TRUE);
                double err = target - ll_length(w, head);
                if (fabs(err) < 0.02)
                    break;
                d += err;
            }
            g_array_free(ll, TRUE);
            ll = head;
        }
        done += ll_length(w, ll);
        char *name = g_strdup_printf("%s%s组蓄水池", v->def->name, group_numerals[h->number - 1]);
        project *p = project_new(w, P_INFRA, h->village, rng_int(&r, 2017, 2019),
                                 5 + 0.02 * ll_length(w, ll), "%s%s组蓄水池及供水管网",
                                 v->def->name, group_numerals[h->number - 1]);
        feature *f = feature_point(w, L_WATER_TANKS, h->village, name, "built", p, h->tank);
        attr_real(f, "capacity", 10 * rng_int(&r, 5, 20));
        g_free(name);
        name = g_strdup_printf("%s%s组供水管道", v->def->name, group_numerals[h->number - 1]);
        f = feature_line(w, L_WATER_PIPES, h->village, name, "built", p, ll);
        attr_real(f, "diameter", 63);
        attr_text(f, "material", "pe");
        g_free(name);
        h->number = -h->number; /* marks it built for the loop below */
    }

    /* the other hamlets' tanks and pipes were there before */
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        for (guint i = 0; i < v->hamlets->len; i++) {
            hamlet *h = &g_array_index(v->hamlets, hamlet, i);
            if (h->number < 0) {
                h->number = -h->number;
                continue;
            }
            char *name =
                g_strdup_printf("%s%s组蓄水池", v->def->name, group_numerals[h->number - 1]);
            feature *f = feature_point(w, L_WATER_TANKS, vi, name, "existing", NULL, h->tank);
            attr_real(f, "capacity", 10 * rng_int(&r, 2, 8));
            g_free(name);
            pt t, m = line_at(h->host, h->tank_s, &t);
            GArray *pipe = line_new();
            line_push(pipe, h->tank);
            line_push(pipe, add(m, mul(left_of(t), 6)));
            name = g_strdup_printf("%s%s组供水管道", v->def->name, group_numerals[h->number - 1]);
            f = feature_line(w, L_WATER_PIPES, vi, name, "existing", NULL, line_to_ll(w, pipe));
            attr_real(f, "diameter", 50);
            attr_text(f, "material", "pvc");
            g_free(name);
            g_array_free(pipe, TRUE);
        }
    }
}

typedef struct {
    pt at;
    int village;
} site;

/* Metres from P to the nearest river or stream: the higher up a hillside, the farther. */
static double valley_distance(const world *w, pt p)
{
    double best = line_distance(w->river, p);
    for (int vi = 0; vi < NV; vi++)
        best = MIN(best, line_distance(w->v[vi].stream, p));
    return best;
}

/* Whether an antenna TOWER_ANTENNA_M above the ground at TOWER sees a
 * person at HOUSE: the terrain sampled every 15 m along the sight line
 * stays 2 m below it (a margin for other line-of-sight methods). */
#define TOWER_ANTENNA_M 30.0
static gboolean in_sight(const world *w, pt tower, pt house)
{
    double za = dem_at(w, tower) + TOWER_ANTENNA_M, zb = dem_at(w, house) + 1.5;
    int n = (int)(dist(tower, house) / 15);
    for (int k = 1; k < n; k++) {
        double t = (double)k / n;
        if (dem_at(w, add(tower, mul(sub(house, tower), t))) + 2 > za + (zb - za) * t)
            return FALSE;
    }
    return TRUE;
}

/* Towers on the hillsides above the hamlets (at least 300 m from any river
 * or stream), chosen greedily until every household is within reach and in
 * sight of one: 2.9 km on the plane, a margin under the 3 km rule, and a
 * clear line over the terrain.  The last two chosen, which reach the
 * fewest, were built by the programme for households no network reached. */
static void place_towers(world *w)
{
    rng_t r = rng_stream(700);
    GArray *cand = g_array_new(FALSE, FALSE, sizeof(site));
    GArray *houses = line_new();
    static const double laterals[] = {-1300, -900, -600, -350, 350, 600, 900, 1300};
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        for (guint i = 0; i < v->hamlets->len; i++) {
            hamlet *h = &g_array_index(v->hamlets, hamlet, i);
            line_append(houses, h->houses, 0, (int)h->houses->len - 1);
            pt t, options[3 * G_N_ELEMENTS(laterals)];
            int n = 0;
            if (!h->on_spur) {
                for (int e = 0; e < 3; e++) {
                    pt p = line_at(h->host, h->s0 + e * (h->s1 - h->s0) / 2, &t);
                    for (guint l = 0; l < G_N_ELEMENTS(laterals); l++)
                        options[n++] = add(p, mul(left_of(t), laterals[l]));
                }
            } else {
                pt p = line_at(h->host, line_length(h->host), &t);
                for (int l = 1; l <= 3; l++) {
                    options[n++] = add(p, mul(t, 300.0 * l));
                    options[n++] = add(p, mul(rotate(t, 60), 300.0 * l));
                    options[n++] = add(p, mul(rotate(t, -60), 300.0 * l));
                }
            }
            for (int o = 0; o < n; o++)
                if (ring_contains(v->ring, options[o]) &&
                    line_distance(v->ring, options[o]) > 150 &&
                    valley_distance(w, options[o]) > 300) {
                    site s = {options[o], vi};
                    g_array_append_val(cand, s);
                }
        }
    }
    int nh = (int)houses->len, nc = (int)cand->len;
    GPtrArray *reach = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    for (int c = 0; c < nc; c++) {
        GArray *l = g_array_new(FALSE, FALSE, sizeof(int));
        pt at = g_array_index(cand, site, c).at;
        for (int i = 0; i < nh; i++)
            if (dist(AT(houses, i), at) <= 2900 && in_sight(w, at, AT(houses, i)))
                g_array_append_val(l, i);
        g_ptr_array_add(reach, l);
    }
    gboolean *covered = g_new0(gboolean, nh);
    GArray *chosen = g_array_new(FALSE, FALSE, sizeof(int));
    for (;;) {
        int best = -1, best_n = 0;
        for (int c = 0; c < nc; c++) {
            GArray *l = reach->pdata[c];
            int n = 0;
            for (guint k = 0; k < l->len; k++)
                n += !covered[g_array_index(l, int, k)];
            if (n > best_n) {
                best_n = n;
                best = c;
            }
        }
        if (best < 0)
            break;
        g_array_append_val(chosen, best);
        GArray *l = reach->pdata[best];
        for (guint k = 0; k < l->len; k++)
            covered[g_array_index(l, int, k)] = TRUE;
    }
    for (int i = 0; i < nh; i++)
        if (!covered[i])
            die("no tower site reaches household %d", i);
    g_ptr_array_free(reach, TRUE);
    static const char *const operators[] = {"china_mobile", "china_unicom", "china_telecom"};
    int number[NV] = {0};
    for (guint k = 0; k < chosen->len; k++) {
        site *s = &g_array_index(cand, site, g_array_index(chosen, int, k));
        gboolean built = k + TOWERS_BUILT >= chosen->len;
        village *v = &w->v[s->village];
        char *name = g_strdup_printf("%s%d号信号塔", v->def->name, ++number[s->village]);
        project *p = NULL;
        if (built)
            p = project_new(w, P_INFRA, s->village, k + 1 == chosen->len ? 2020 : 2019,
                            25 * rng_range(&r, 0.9, 1.1), "%s建设", name);
        feature *f = feature_point(w, L_SIGNAL_TOWERS, s->village, name,
                                   built ? "built" : "existing", p, s->at);
        attr_text(f, "operator", built ? "china_tower" : operators[rng_int(&r, 0, 2)]);
        attr_real(f, "height", rng_int(&r, 30, 45));
        g_free(name);
    }
    g_free(covered);
    g_array_free(chosen, TRUE);
    g_array_free(houses, TRUE);
    g_array_free(cand, TRUE);
}

/* Cherry and crape myrtle along the upgraded route, a planting site every
 * 180 m either side of the road; 7000 trees in all. */
static void plant_trees(world *w)
{
    rng_t r = rng_stream(800);
    GArray *sites = g_array_new(FALSE, FALSE, sizeof(site));
    GArray *weights = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; i < w->built_roads->len; i++) {
        feature *road = w->built_roads->pdata[i];
        if (strcmp(road->status, "widened") != 0)
            continue;
        double len = ll_length(w, road->coords);
        for (double d = 90; d < len - 30; d += 180) {
            guint seg;
            pt on = ll_along(w, road->coords, d, &seg);
            double azi = 0, lat = 0, lon = 0;
            pt a = AT(road->coords, seg), b = AT(road->coords, seg + 1);
            geod_inverse(&w->geod, a.y, a.x, b.y, b.x, NULL, &azi, NULL);
            geod_direct(&w->geod, on.y, on.x, azi + (sites->len % 2 ? 90 : -90), 10.0, &lat, &lon,
                        NULL);
            site s = {pt_make(round7(lon), round7(lat)), road->village};
            g_array_append_val(sites, s);
            double wt = rng_range(&r, 80, 140);
            g_array_append_val(weights, wt);
        }
    }
    int n = (int)sites->len, given = 0;
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += g_array_index(weights, double, i);
    int *count = g_new(int, sites->len); /* len, not n: an unsigned size for the allocator */
    for (int i = 0; i < n; i++)
        given += count[i] = (int)floor(TREES_PLANTED * g_array_index(weights, double, i) / sum);
    for (int i = 0; given < TREES_PLANTED; i = (i + 1) % n, given++)
        count[i]++;
    project *proj[NV] = {0};
    for (int i = 0; i < n; i++) {
        site *s = &g_array_index(sites, site, i);
        village *v = &w->v[s->village];
        gboolean cherry = (i / 2) % 2 == 0;
        if (!proj[s->village])
            proj[s->village] =
                project_new(w, P_ECOLOGY, s->village, 2019, 0, "%s景观树种植", v->def->name);
        proj[s->village]->weight += count[i] * 0.0077;
        char *name = g_strdup_printf("%s%s", v->def->name, cherry ? "樱花" : "紫薇");
        feature *f = feature_new(w, L_TREES, s->village, name, "built", proj[s->village]);
        line_push(f->coords, s->at);
        attr_text(f, "species", cherry ? "cherry" : "crape_myrtle");
        attr_int(f, "count", count[i]);
        g_free(name);
    }
    g_free(count);
    g_array_free(sites, TRUE);
    g_array_free(weights, TRUE);
}

/* ---- the ledger ------------------------------------------------------- */

static const char *const small_works[] = {"通户路硬化",       "护坡挡墙", "排水渠",     "农网改造",
                                          "安全饮水巩固提升", "生产便道", "危桥涵加固", "宽带入户"};
static const char *const county_works[] = {"蓝葛公路沿线安全防护栏", "蓝葛公路沿线排水边沟",
                                           "镇村道路标识标牌"};

/* Donations (社会扶贫): money only, no projects; 286 万元 over five years. */
static const gint64 donations_tenths[5] = {420, 550, 630, 680, 580};

/* Infrastructure projects with no mapped asset (small works) fill the
 * count up to 152; then every programme's money is shared out in
 * proportion to the projects' weights (their size and unit costs), to
 * 0.1 万元, the largest remainders rounding up, so totals are exact. */
static void allocate_funding(world *w)
{
    rng_t r = rng_stream(900);
    int count[NPROG] = {0};
    GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < w->projects->len; i++) {
        project *p = w->projects->pdata[i];
        count[p->programme]++;
        g_hash_table_add(names, p->name);
    }
    int missing = programme_defs[P_INFRA].projects - count[P_INFRA];
    if (missing < 0)
        die("%d infrastructure projects mapped, more than %d", count[P_INFRA],
            programme_defs[P_INFRA].projects);
    for (int i = 0; i < missing; i++) {
        for (;;) {
            int year = rng_int(&r, 2016, 2020);
            char *name;
            int vi = -1;
            if (rng_uniform(&r) < 0.08)
                name = g_strdup_printf("%s（%d年）",
                                       county_works[rng_int(&r, 0, G_N_ELEMENTS(county_works) - 1)],
                                       year);
            else {
                vi = rng_int(&r, 0, NV - 1);
                name = g_strdup_printf("%s%s（%d年）", village_defs[vi].name,
                                       small_works[rng_int(&r, 0, G_N_ELEMENTS(small_works) - 1)],
                                       year);
            }
            if (!g_hash_table_contains(names, name)) {
                project *p = project_new(w, P_INFRA, vi, year, rng_range(&r, 2, 8), "%s", name);
                g_hash_table_add(names, p->name);
                g_free(name);
                break;
            }
            g_free(name);
        }
    }
    for (int y = 0; y < 5; y++) {
        project *p = project_new(w, P_SOCIAL, -1, 2016 + y, (double)donations_tenths[y],
                                 "社会帮扶捐赠（%d年）", 2016 + y);
        p->fund = TRUE;
    }
    g_hash_table_destroy(names);

    for (int prog = 0; prog < NPROG; prog++) {
        GPtrArray *ps = g_ptr_array_new();
        double sum = 0;
        int projects = 0;
        for (guint i = 0; i < w->projects->len; i++) {
            project *p = w->projects->pdata[i];
            if (p->programme == prog) {
                g_ptr_array_add(ps, p);
                sum += p->weight;
                projects += !p->fund;
            }
        }
        if (projects != programme_defs[prog].projects)
            die("%d %s projects, expected %d", projects, programme_defs[prog].key,
                programme_defs[prog].projects);
        gint64 total = programme_defs[prog].tenths, given = 0;
        for (guint i = 0; i < ps->len; i++) {
            project *p = ps->pdata[i];
            given += p->tenths = (gint64)floor(total * p->weight / sum);
        }
        while (given < total) {
            project *best = NULL;
            double best_frac = -1;
            for (guint i = 0; i < ps->len; i++) {
                project *p = ps->pdata[i];
                double frac = total * p->weight / sum - p->tenths;
                if (frac > best_frac) {
                    best_frac = frac;
                    best = p;
                }
            }
            best->tenths++;
            given++;
        }
        for (guint i = 0; i < ps->len; i++)
            if (((project *)ps->pdata[i])->tenths < 1)
                die("project '%s' got no money", ((project *)ps->pdata[i])->name);
        g_ptr_array_free(ps, TRUE);
    }
}

static int project_order(gconstpointer a, gconstpointer b)
{
    const project *p = *(project *const *)a, *q = *(project *const *)b;
    int pv = p->village < 0 ? NV : p->village, qv = q->village < 0 ? NV : q->village;
    if (p->programme != q->programme)
        return p->programme - q->programme;
    if (p->year != q->year)
        return p->year - q->year;
    if (pv != qv)
        return pv - qv;
    return p->seq - q->seq;
}

static void number_projects(world *w)
{
    g_ptr_array_sort(w->projects, project_order);
    int seq[NPROG] = {0};
    for (guint i = 0; i < w->projects->len; i++) {
        project *p = w->projects->pdata[i];
        p->id =
            g_strdup_printf("%s-%03d", programme_defs[p->programme].prefix, ++seq[p->programme]);
    }
}

/* ---- self-check --------------------------------------------------------- */

/* The programme whose projects build each layer's assets. */
static const int layer_programme[NLAYERS] = {
    [L_VILLAGES] = -1,           [L_HOUSEHOLDS] = P_ECOLOGY,
    [L_ROADS] = P_INFRA,         [L_BRIDGES] = P_INFRA,
    [L_STREETLIGHTS] = P_INFRA,  [L_WATER_TANKS] = P_INFRA,
    [L_WATER_PIPES] = P_INFRA,   [L_RIVERS] = P_ECOLOGY,
    [L_SIGNAL_TOWERS] = P_INFRA, [L_CLINICS] = P_HEALTH,
    [L_ELDERLY_CARE] = P_HEALTH, [L_COMMITTEES] = P_INFRA,
    [L_CULTURE] = P_CULTURE,     [L_SCHOOLS] = P_EDUCATION,
    [L_TOILETS] = P_ECOLOGY,     [L_GARBAGE_POOLS] = P_ECOLOGY,
    [L_TREES] = P_ECOLOGY,       [L_INDUSTRY] = P_INDUSTRY,
};

static gboolean on_ring(const GArray *ring, pt p)
{
    for (guint i = 0; i < ring->len; i++)
        if (same(AT(ring, i), p))
            return TRUE;
    return FALSE;
}

static double status_length(const world *w, int layer, const char *const *statuses, int *count)
{
    double s = 0;
    *count = 0;
    for (guint i = 0; i < w->features[layer]->len; i++) {
        feature *f = w->features[layer]->pdata[i];
        if (f->status && g_strv_contains(statuses, f->status)) {
            (*count)++;
            if (f->line)
                s += ll_length(w, f->coords);
        }
    }
    return s;
}

static double nearest(const world *w, int layer, pt p)
{
    double best = G_MAXDOUBLE;
    for (guint i = 0; i < w->features[layer]->len; i++) {
        feature *f = w->features[layer]->pdata[i];
        best = MIN(best, ll_dist(w, p, AT(f->coords, 0)));
    }
    return best;
}

/* Within 100 m of a pipe: judged on a metric plane about the point (the
 * pipes are short, the plane's error is far below a metre). */
static gboolean near_pipe(const world *w, pt p)
{
    double mlat = 111132.954 - 559.822 * cos(2 * p.y * G_PI / 180);
    double mlon = 111412.84 * cos(p.y * G_PI / 180);
    for (guint i = 0; i < w->features[L_WATER_PIPES]->len; i++) {
        feature *f = w->features[L_WATER_PIPES]->pdata[i];
        GArray *local = line_new();
        for (guint k = 0; k < f->coords->len; k++)
            line_push(local, pt_make((AT(f->coords, k).x - p.x) * mlon,
                                     (AT(f->coords, k).y - p.y) * mlat));
        double d = line_distance(local, pt_make(0, 0));
        g_array_free(local, TRUE);
        if (d <= PIPE_REACH_M)
            return TRUE;
    }
    return FALSE;
}

static void verify(world *w)
{
    for (int layer = 1; layer < NLAYERS; layer++) {
        for (guint i = 0; i < w->features[layer]->len; i++) {
            feature *f = w->features[layer]->pdata[i];
            const GArray *ring = w->v[f->village].ring_ll;
            if (f->proj &&
                (f->proj->village != f->village || f->proj->programme != layer_programme[layer]))
                die("%s: project '%s' of another village or programme", f->id, f->proj->name);
            if (f->status && strcmp(f->status, "existing") == 0 && f->proj)
                die("%s: an existing asset with a project", f->id);
            if (f->status && strcmp(f->status, "existing") != 0 && !f->proj)
                die("%s: built with no project", f->id);
            for (guint k = 0; k < f->coords->len; k++) {
                pt p = AT(f->coords, k);
                if (!ring_contains(ring, p) && !(f->line && on_ring(ring, p)))
                    die("%s (%s) lies outside %s at %.7f %.7f", f->id, f->name,
                        village_defs[f->village].name, p.x, p.y);
            }
        }
    }

    int n;
    const char *const road_built[] = {"new", "widened", "hardened", NULL}, *const built[] = {
                                                                               "built", NULL};
    double roads = status_length(w, L_ROADS, road_built, &n);
    if (fabs(roads - ROADS_BUILT_M) > 0.05)
        die("roads built: %.3f m, expected %.1f", roads, ROADS_BUILT_M);
    double pipes = status_length(w, L_WATER_PIPES, built, &n);
    if (fabs(pipes - PIPES_BUILT_M) > 0.05)
        die("pipes built: %.3f m, expected %.1f", pipes, PIPES_BUILT_M);
    static const struct {
        int layer, expected;
    } built_counts[] = {{L_STREETLIGHTS, STREETLIGHTS},
                        {L_WATER_TANKS, TANKS_BUILT},
                        {L_SIGNAL_TOWERS, TOWERS_BUILT},
                        {L_BRIDGES, 5},
                        {L_CLINICS, 10},
                        {L_COMMITTEES, 14},
                        {L_ELDERLY_CARE, 2},
                        {L_TOILETS, 10},
                        {L_GARBAGE_POOLS, 14}};
    for (guint i = 0; i < G_N_ELEMENTS(built_counts); i++) {
        status_length(w, built_counts[i].layer, built, &n);
        if (n != built_counts[i].expected)
            die("%d %s built, expected %d", n, layer_defs[built_counts[i].layer].name,
                built_counts[i].expected);
    }

    /* coverage rules, and the clinic gap */
    int far_clinic[NV] = {0}, bad_clinic = -1;
    for (guint i = 0; i < w->features[L_HOUSEHOLDS]->len; i++) {
        feature *f = w->features[L_HOUSEHOLDS]->pdata[i];
        pt p = AT(f->coords, 0);
        if (nearest(w, L_WATER_TANKS, p) > TANK_REACH_M && !near_pipe(w, p))
            die("household %s has no water within reach", f->id);
        if (nearest(w, L_SIGNAL_TOWERS, p) > TOWER_REACH_M)
            die("household %s has no signal tower within reach", f->id);
        if (nearest(w, L_CLINICS, p) > CLINIC_REACH_M)
            far_clinic[f->village]++;
    }
    printf("%-10s %6s %6s %6s %s\n", "village", "hh", "people", "clinic", ">2 km from a clinic");
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        gboolean clinic = strcmp(v->def->name, NO_CLINIC_VILLAGE) != 0;
        double far = (double)far_clinic[vi] / v->households;
        printf("%-10s %6d %6d %6s %5.1f%%\n", v->def->name, v->households, v->population,
               clinic ? "yes" : "no", 100 * far);
        if (clinic ? far > 0.4 : far < 0.6)
            bad_clinic = vi;
    }
    if (bad_clinic >= 0)
        die("%s: wrong share of households more than 2 km from a clinic",
            village_defs[bad_clinic].name);
    printf("roads built %.1f m, pipes built %.1f m\n", roads, pipes);
}

/* ---- output -------------------------------------------------------------- */

static void write_file(const char *dir, const char *name, const GString *s)
{
    char *path = g_build_filename(dir, name, NULL);
    GError *err = NULL;
    if (!g_file_set_contents(path, s->str, (gssize)s->len, &err))
        die("cannot write '%s': %s", path, err->message);
    g_free(path);
}

static void json_coords(GString *s, const GArray *l)
{
    for (guint i = 0; i < l->len; i++)
        g_string_append_printf(s, "%s[%.7f,%.7f]", i ? "," : "", AT(l, i).x, AT(l, i).y);
}

/* One feature a line, members in the registry's order: the common fields
 * (id, village, name, status, year, project), then the layer's attributes. */
static void write_geojson(const world *w, const char *dir, int layer)
{
    GString *s = g_string_new("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (guint i = 0; i < w->features[layer]->len; i++) {
        feature *f = w->features[layer]->pdata[i];
        g_string_append(s, "{\"type\":\"Feature\",\"properties\":{\"id\":");
        json_string(s, f->id);
        if (layer != L_VILLAGES) {
            g_string_append(s, ",\"village\":");
            json_string(s, village_defs[f->village].name);
        }
        g_string_append(s, ",\"name\":");
        json_string(s, f->name);
        if (layer != L_VILLAGES) {
            if (layer != L_HOUSEHOLDS) {
                g_string_append(s, ",\"status\":");
                json_string(s, f->status);
            }
            if (f->year)
                g_string_append_printf(s, ",\"year\":%d", f->year);
            else
                g_string_append(s, ",\"year\":null");
            g_string_append(s, ",\"project\":");
            json_string(s, f->proj ? f->proj->id : NULL);
        }
        g_string_append(s, f->attrs->str);
        g_string_append(s, "},\"geometry\":{\"type\":");
        if (layer == L_VILLAGES) {
            g_string_append(s, "\"Polygon\",\"coordinates\":[[");
            json_coords(s, f->coords);
            g_string_append(s, "]]");
        } else if (f->line) {
            g_string_append(s, "\"LineString\",\"coordinates\":[");
            json_coords(s, f->coords);
            g_string_append(s, "]");
        } else {
            g_string_append_printf(s, "\"Point\",\"coordinates\":[%.7f,%.7f]", AT(f->coords, 0).x,
                                   AT(f->coords, 0).y);
        }
        g_string_append_printf(s, "}}%s\n", i + 1 < w->features[layer]->len ? "," : "");
    }
    g_string_append(s, "]}\n");
    char *name = g_strdup_printf("%s.geojson", layer_defs[layer].name);
    write_file(dir, name, s);
    g_free(name);
    g_string_free(s, TRUE);
}

static void write_ledger(const world *w, const char *dir)
{
    GString *s = g_string_new("id,name,programme,village,year,funding_wan,kind\n");
    for (guint i = 0; i < w->projects->len; i++) {
        project *p = w->projects->pdata[i];
        g_string_append_printf(
            s, "%s,%s,%s,%s,%d,%" G_GINT64_FORMAT, p->id, p->name, programme_defs[p->programme].key,
            p->village >= 0 ? village_defs[p->village].name : "", p->year, p->tenths / 10);
        if (p->tenths % 10)
            g_string_append_printf(s, ".%d", (int)(p->tenths % 10));
        g_string_append_printf(s, ",%s\n", p->fund ? "fund" : "project");
    }
    write_file(dir, "ledger.csv", s);
    g_string_free(s, TRUE);
}

/* Import order for `vinfra demo`: the villages first (the ledger and every
 * layer name one), then the ledger (assets refer to its projects). */
static void write_manifest(const char *dir)
{
    GString *s = g_string_new(
        "# The demo dataset in import order (read by `vinfra demo`); see data/README.md.\n"
        "file\tlayer\tvillage_field\n"
        "villages.geojson\tvillages\t\n"
        "ledger.csv\tledger\t\n");
    for (int layer = L_HOUSEHOLDS; layer < NLAYERS; layer++)
        g_string_append_printf(s, "%s.geojson\t%s\tvillage\n", layer_defs[layer].name,
                               layer_defs[layer].name);
    write_file(dir, "manifest.tsv", s);
    g_string_free(s, TRUE);
}

static void make_villages(world *w)
{
    for (int vi = 0; vi < NV; vi++) {
        village *v = &w->v[vi];
        feature *f = feature_new(w, L_VILLAGES, -1, v->def->name, NULL, NULL);
        f->village = vi;
        g_array_append_vals(f->coords, v->ring_ll->data, v->ring_ll->len);
        attr_text(f, "town", v->def->town);
        attr_text(f, "county", "蓝田县");
        attr_int(f, "households", v->households);
        attr_int(f, "population", v->population);
    }
}

int main(int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fputs("usage: gen-demo [DIR]\n", stderr);
        return 2;
    }
    const char *dir = argc == 2 ? argv[1] : GEN_DEMO_SRCDIR;
    if (g_mkdir_with_parents(dir, 0755) != 0)
        die("cannot create '%s'", dir);

    world w = {0};
    w.ctx = proj_context_create();
    PJ *crs = proj_create_crs_to_crs(w.ctx, "EPSG:4545", "EPSG:4490", NULL);
    if (!crs)
        die("PROJ: %s", proj_context_errno_string(w.ctx, proj_context_errno(w.ctx)));
    w.to_ll = proj_normalize_for_visualization(w.ctx, crs);
    proj_destroy(crs);
    PJ_COORD origin = proj_trans(w.to_ll, PJ_INV, proj_coord(109.40, 34.05, 0, 0));
    w.e0 = origin.v[0];
    w.n0 = origin.v[1];
    geod_init(&w.geod, 6378137.0, 1.0 / 298.257222101);
    for (int l = 0; l < NLAYERS; l++)
        w.features[l] = g_ptr_array_new();
    w.projects = g_ptr_array_new();
    w.built_roads = g_ptr_array_new();
    for (int i = 0; i < NV; i++)
        w.v[i].def = &village_defs[i];

    build_main_valley(&w);
    place_nodes(&w);
    build_outlines(&w);
    for (int i = 0; i < NV; i++)
        build_valley(&w, i);
    build_dem(&w);
    place_facilities(&w);
    place_households(&w);
    make_villages(&w);
    make_roads(&w);
    make_rivers(&w);
    make_bridges(&w);
    place_streetlights(&w);
    place_water(&w);
    place_towers(&w);
    plant_trees(&w);
    allocate_funding(&w);
    number_projects(&w);
    verify(&w);

    write_ledger(&w, dir);
    for (int layer = 0; layer < NLAYERS; layer++)
        write_geojson(&w, dir, layer);
    write_manifest(dir);
    write_dem(&w, dir);

    g_free(w.dem);
    proj_destroy(w.to_ll);
    proj_context_destroy(w.ctx);
    return 0;
}
