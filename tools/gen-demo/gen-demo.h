/*
 * gen-demo.h - what the stages of the demo generator share: the world they
 * build, its features and projects, the plane and lon/lat geometry, the
 * seeded PRNG, and one entry point per stage.
 *
 * The generator writes vinfra's bundled demo dataset (data/demo/); gen-demo.c
 * says how, and runs the stages in order:
 *   valleys.c     the main valley, the ridges, the village outlines, the side
 *                 valleys with their roads, streams and hamlets
 *   terrain.c     the DEM made from those valleys (dem.tif)
 *   facilities.c  committees, clinics, culture, schools, toilets, industry;
 *                 later water tanks and pipes, signal towers and trees
 *   households.c  the houses of every hamlet and their households
 *   network.c     roads, rivers, bridges and streetlights
 *   ledger.c      the projects' funding and ids (ledger.csv)
 *   check.c       the self-check: every figure and rule, before writing
 *   output.c      the GeoJSON layers and the manifest
 * and the shared parts:
 *   geometry.c    PRNG, plane geometry, lon/lat on the CGCS2000 ellipsoid
 *   features.c    projects and features, checked against the registry
 *
 * What the registry says (layers, their statuses and attributes, the
 * programmes) and the coverage rules' distances are read from data/
 * (layers.tsv, attributes.tsv, programmes.tsv, rules.tsv) with vinfra's own
 * readers, so the demo cannot drift from them; the report's figures and the
 * invented geography are the generator's own.
 */
#ifndef GEN_DEMO_H
#define GEN_DEMO_H

#include "registry.h"
#include "rules.h"

#include <geodesic.h>
#include <glib.h>
#include <math.h>
#include <proj.h>
#include <stdint.h>

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

#define NV 11
#define N_NORTH 6
#define N_SOUTH 5
#define VERTEX_SPACING 40.0 /* m between vertices of roads, rivers, pipes */
#define BANK_OFFSET 45.0 /* boundary between northern and southern villages, north of the river */
#define COUNTY_OFFSET 100.0 /* county road, north of the river */
#define SIDE_OFFSET 30.0    /* village road and stream, either side of a side valley's axis */

#define DEM_CELL 30.0 /* m */

/* The village with no clinic: the planning gap a meeting should see. */
#define NO_CLINIC_VILLAGE "东岔村"
/* The report's upgraded route 大坪—七安子—甘坪村 follows the county road. */
#define ROUTE_FROM "大坪村"
#define ROUTE_TO "甘坪村"

/* ---- PRNG: splitmix64, one stream per concern (geometry.c) ------------ */

typedef struct {
    uint64_t s;
} rng_t;

uint64_t rng_next(rng_t *r);
/* Separate streams keep a change in one part of the map from redrawing the rest. */
rng_t rng_stream(uint64_t stream);
double rng_uniform(rng_t *r);
double rng_range(rng_t *r, double lo, double hi);
/* Uniform integer in [lo, hi]. */
int rng_int(rng_t *r, int lo, int hi);
void rng_shuffle(rng_t *r, int *a, int n);

G_GNUC_NORETURN G_GNUC_PRINTF(1, 2) void die(const char *fmt, ...);

/* ---- plane geometry: metres, or degrees for lon/lat (x = lon) --------- */

typedef struct {
    double x, y;
} pt;

static inline pt pt_make(double x, double y)
{
    pt p = {x, y};
    return p;
}
static inline pt add(pt a, pt b)
{
    return pt_make(a.x + b.x, a.y + b.y);
}
static inline pt sub(pt a, pt b)
{
    return pt_make(a.x - b.x, a.y - b.y);
}
static inline pt mul(pt a, double k)
{
    return pt_make(a.x * k, a.y * k);
}
static inline double norm(pt a)
{
    return hypot(a.x, a.y);
}
static inline double dist(pt a, pt b)
{
    return norm(sub(a, b));
}
static inline pt left_of(pt a)
{
    return pt_make(-a.y, a.x);
}
static inline gboolean same(pt a, pt b)
{
    return a.x == b.x && a.y == b.y;
}
static inline pt unit(pt a)
{
    double l = norm(a);
    return l > 0 ? mul(a, 1.0 / l) : a;
}

pt rotate(pt a, double deg);

#define AT(l, i) g_array_index((l), pt, (i))

/* Lines are GArrays of pt. */
GArray *line_new(void);
void line_push(GArray *l, pt p);
pt line_last(const GArray *l);
/* Vertices FROM..TO of SRC (inclusive, backwards when TO < FROM) appended
 * to DST, leaving out a first vertex equal to DST's last. */
void line_append(GArray *dst, const GArray *src, int from, int to);
GArray *line_slice(const GArray *src, int from, int to);
double line_length(const GArray *l);
/* The point at distance S along L (clamped to its ends), and the unit
 * direction of the segment it lies on. */
pt line_at(const GArray *l, double s, pt *tangent);
/* Index of the vertex of L nearest to distance S along it. */
int line_vertex_at(const GArray *l, double s);
/* L cut at distance S: its vertices before S and the point at S. */
GArray *line_head(const GArray *l, double s);
/* Equal spacing of about SPACING, keeping both ends exactly. */
GArray *line_resample(const GArray *d, double spacing);
/* L moved D metres to its left (right when D < 0), vertex by vertex. */
GArray *line_offset(const GArray *l, double d);
GArray *line_reversed(const GArray *l);
/* A smooth curve through control points C (Catmull-Rom), resampled. */
GArray *spline(const GArray *c, double spacing);
/* Appends a rough line from A (not appended) to B (appended). */
void fractal(GArray *out, pt a, pt b, double amp, double min_seg, rng_t *r);
/* Even-odd rule; the ring is closed (first vertex repeated last). */
gboolean ring_contains(const GArray *ring, pt p);
double line_distance(const GArray *l, pt p);

/* ---- the registry's layers, as the generator uses them ----------------- */

/* The layers the generator fills.  Each is looked up by name in
 * data/layers.tsv (features.c), and the layers are written in that file's
 * order; a layer the registry has and the generator does not fill, or the
 * other way round, stops the generator. */
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

/* ---- programmes and projects ----------------------------------------- */

enum { P_INFRA, P_INDUSTRY, P_CULTURE, P_HEALTH, P_ECOLOGY, P_EDUCATION, P_SOCIAL, NPROG };

/* The report's programmes (keys of data/programmes.tsv), without 消费扶贫
 * (no money, no projects). */
typedef struct {
    const char *key, *prefix;
    int projects;  /* kind=project rows */
    gint64 tenths; /* funding, 0.1 万元 */
} programme_def;

extern const programme_def programme_defs[NPROG];

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
    const vi_layer *def; /* LAYER's registry entry (borrowed) */
    int village;         /* -1 for the villages layer */
    char *id, *name;
    const char *status; /* NULL: the layer has no status */
    int year;           /* 0: unknown (null) */
    project *proj;
    gboolean line;  /* lon/lat line, else point (villages: polygon ring) */
    GArray *coords; /* pt, lon/lat rounded to 7 decimals */
    char **attrs;   /* JSON values, by the layer's attribute order in the registry; NULL: unset */
} feature;

/* ---- villages --------------------------------------------------------- */

typedef struct {
    const char *name, *stem, *town, *stream;
    int households;
    int side;        /* +1: north of the river, -1: south */
    double centre_x; /* nominal x of the side valley, m */
} village_def;

extern const village_def village_defs[NV];
extern const char *const group_numerals[10];

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

/* The distances of data/rules.tsv the map keeps (checked before anything
 * is written, and used where the map is laid out to meet them). */
typedef struct {
    double tank_m;    /* water: a household within this of a tank ... */
    double pipe_m;    /* ... or of a pipe */
    double tower_m;   /* signal: within this of a tower ... */
    double antenna_m; /* ... in sight of its antenna this high (terrain rule) ... */
    double eye_m;     /* ... from a person this high at home */
    double clinic_m;  /* clinic: the straight-line reach */
} reach_rules;

typedef struct {
    const vi_registry *reg;
    const vi_layer *layers[NLAYERS]; /* each L_ layer's registry entry (borrowed) */
    reach_rules reach;
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

int village_index(const char *name);
gboolean in_list(const char *const *list, const char *name);

/* ---- lon/lat (geometry.c) ---------------------------------------------- */

double round7(double v);
pt to_ll(const world *w, pt m);
GArray *line_to_ll(const world *w, const GArray *l);
double ll_dist(const world *w, pt a, pt b);
double ll_length(const world *w, const GArray *l);
/* Point at distance D along L (unrounded); *SEG receives its segment. */
pt ll_along(const world *w, const GArray *l, double d, guint *seg);
/* L split at distance D into HEAD and TAIL, sharing the rounded split point. */
void ll_split(const world *w, const GArray *l, double d, GArray **head, GArray **tail);

/* ---- the registry, projects and features (features.c) ----------------- */

/* Look up every L_ layer and every programme in W->REG, and the reach
 * rules in RULES; stops the generator on a mismatch. */
void world_bind_registry(world *w, const vi_rules *rules);
/* The L_ layer of the registry's layer LAYER. */
int layer_of(const world *w, const vi_layer *layer);
const char *layer_name(const world *w, int layer);

G_GNUC_PRINTF(6, 7)
project *project_new(world *w, int programme, int village, int year, double weight, const char *fmt,
                     ...);
/* A feature of LAYER, its id numbered within its village.  STATUS must be
 * one of the layer's statuses (NULL for a layer without). */
feature *feature_new(world *w, int layer, int village, const char *name, const char *status,
                     project *proj);
feature *feature_point(world *w, int layer, int village, const char *name, const char *status,
                       project *proj, pt metric);
/* Takes ownership of LL. */
feature *feature_line(world *w, int layer, int village, const char *name, const char *status,
                      project *proj, GArray *ll);
/* Set attribute KEY of F: an attribute of F's layer in data/attributes.tsv,
 * of that type, with an allowed value, set once. */
void attr_text(feature *f, const char *key, const char *v);
void attr_int(feature *f, const char *key, long v);
/* Reals carry one decimal. */
void attr_real(feature *f, const char *key, double v);
void json_string(GString *s, const char *v);

/* ---- the stages --------------------------------------------------------- */

/* valleys.c */
void build_main_valley(world *w);
void place_nodes(world *w);
void build_outlines(world *w);
void build_valley(world *w, int vi);
void make_villages(world *w);
/* A facility site in hamlet H, LATERAL metres off the road. */
pt hamlet_spot(hamlet *h, double lateral);
/* The hamlet OFFSET places after village VI's main one, and its last one. */
hamlet *hamlet_of(world *w, int vi, int offset);
hamlet *last_hamlet(world *w, int vi);

/* terrain.c */
void build_dem(world *w);
double dem_at(const world *w, pt p);
void write_dem(const world *w, const char *dir);

/* facilities.c */
void place_facilities(world *w);
void place_water(world *w);
void place_towers(world *w);
void plant_trees(world *w);

/* households.c */
void place_households(world *w);

/* network.c */
void make_roads(world *w);
void make_rivers(world *w);
void make_bridges(world *w);
void place_streetlights(world *w);

/* ledger.c */
void allocate_funding(world *w);
void number_projects(world *w);
void write_ledger(const world *w, const char *dir);

/* check.c */
void verify(world *w);

/* output.c */
void write_file(const char *dir, const char *name, const GString *s);
void write_geojson(const world *w, const char *dir, int layer);
void write_manifest(const world *w, const char *dir);

#endif
