/*
 * gen-bench.c - the seeded generator of the coverage benchmark's synthetic
 * datasets, written straight into a vinfra store (made by `vinfra init`).
 *
 *   gen-bench --db PATH --scale village|county|province [--seed N]
 *
 * The data imitate the peers' benchmark (shared/peer-queries): hamlets
 * scattered over a rectangle in Shaanxi, a connected road network joining
 * them (a minimum spanning tree of hamlet centres plus extra links until the
 * target length is reached, each link a wiggly mountain road), households
 * strung along the roads around their hamlet, streetlights on the road
 * stretches through hamlets, clinics, elderly care and culture squares in
 * the larger hamlets, water tanks above hamlets with a pipe down to them,
 * signal towers anywhere, and a grid of village polygons covering it all.
 *
 * Everything is built in EPSG:4545 metres (CGCS2000 / 3-degree GK, CM 108E:
 * every scale is centred west of 109.5E so that is the zone a conformal
 * projection "of the data's centre" picks) and converted once with PROJ to
 * the store's EPSG:4490 longitude/latitude.  The PRNG is our own
 * (xoshiro256**), so a seed gives the same store on every machine.
 * Every feature is checked against the registry as an import checks it
 * (feature-check.h), and all go in one bulk transaction (store_begin_bulk(),
 * as an import writes: SpatiaLite builds its R*Trees at the commit,
 * PostGIS streams the rows with COPY).
 * Prints one line per layer (name, features, planar length in km for lines).
 */
#include "cli.h"
#include "feature-check.h"
#include "registry.h"
#include "store.h"
#include "vi-error.h"

#include <math.h>
#include <proj.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- scales ---------------------------------------------------------- */

typedef struct {
    const char *name;
    int households, lights, clinics;
    double road_km, width_km, height_km;
    double centre_lon, centre_lat;
    int water_tanks, signal_towers, elderly_care, culture_squares;
} bench_scale;

/* Village: the report's village-level figures (850 lights, 10 clinics, 14
 * tanks, 2 towers, 2 elderly-care sites, 12 squares); county and province:
 * the figures, province at the county's density. */
static const bench_scale scales[] = {
    {"village", 3000, 850, 10, 50, 10, 8, 109.40, 34.10, 14, 2, 2, 12},
    {"county", 100000, 20000, 300, 2000, 60, 40, 109.30, 34.05, 460, 80, 60, 400},
    {"province", 2000000, 400000, 6000, 40000, 268, 179, 109.00, 34.10, 9200, 1600, 1200, 8000},
};

#define HOUSEHOLDS_PER_HAMLET 50
#define ROAD_VERTEX_SPACING 60.0 /* m between road vertices */
#define LIGHT_SPACING 38.0       /* m between lights along a lit stretch */
#define VILLAGE_CELL_KM 10.0     /* village polygons: a grid of about this size */

/* ---- PRNG: xoshiro256** seeded by splitmix64 --------------------------- */

typedef struct {
    uint64_t s[4];
} rng_t;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void rng_seed(rng_t *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1). */
static double rng_uniform(rng_t *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static double rng_range(rng_t *r, double lo, double hi)
{
    return lo + (hi - lo) * rng_uniform(r);
}

static int rng_int(rng_t *r, int n)
{
    return (int)(rng_uniform(r) * n);
}

/* Standard normal (Box-Muller; the second value is dropped to keep the
 * sequence simple to reason about). */
static double rng_normal(rng_t *r)
{
    double u = 1.0 - rng_uniform(r), v = rng_uniform(r);
    return sqrt(-2.0 * log(u)) * cos(2.0 * G_PI * v);
}

/* ---- geometry in EPSG:4545 metres ------------------------------------ */

typedef struct {
    double x, y;
} pt;

typedef struct {
    double x, y;
    int size; /* households */
    int village;
} hamlet;

/* A road between hamlets A and B: vertices [first, first + n) of the road
 * vertex array, running from A to B. */
typedef struct {
    int a, b;
    int first, n;
    double length;
} road;

typedef struct {
    const bench_scale *sc;
    rng_t rng;
    double minx, miny, maxx, maxy;
    GArray *hamlets; /* hamlet */
    GArray *roads;   /* road */
    GArray *road_xy; /* pt, every road's vertices */
    int *adj_start;  /* CSR: roads touching each hamlet */
    int *adj;        /* road index * 2 + (0: hamlet is the road's A end, 1: its B end) */
    GArray *households, *lights, *clinics, *tanks, *towers, *elderly, *squares; /* pt */
    GArray *pipe_xy; /* pt; each pipe is PIPE_VERTICES vertices */
    double road_m, pipe_m;
} world;

#define PIPE_VERTICES 5

static double dist(pt a, pt b)
{
    return hypot(a.x - b.x, a.y - b.y);
}

/* ---- hamlets --------------------------------------------------------- */

static void make_hamlets(world *w)
{
    int n = w->sc->households / HOUSEHOLDS_PER_HAMLET;
    w->hamlets = g_array_sized_new(FALSE, TRUE, sizeof(hamlet), n);
    double *weight = g_new(double, n), total = 0;
    /* Hamlets keep 300 m from the edge so their households stay inside. */
    for (int i = 0; i < n; i++) {
        hamlet h = {rng_range(&w->rng, w->minx + 300, w->maxx - 300),
                    rng_range(&w->rng, w->miny + 300, w->maxy - 300), 0, 0};
        g_array_append_val(w->hamlets, h);
        weight[i] = exp(1.7 * rng_normal(&w->rng)); /* lognormal: a few big hamlets */
        total += weight[i];
    }
    /* Largest-remainder rounding, so the sizes add up to the exact count. */
    int assigned = 0;
    double *rem = g_new(double, n);
    for (int i = 0; i < n; i++) {
        double want = w->sc->households * weight[i] / total;
        hamlet *h = &g_array_index(w->hamlets, hamlet, i);
        h->size = (int)want;
        rem[i] = want - h->size;
        assigned += h->size;
    }
    while (assigned < w->sc->households) {
        int best = 0;
        for (int i = 1; i < n; i++)
            if (rem[i] > rem[best])
                best = i;
        g_array_index(w->hamlets, hamlet, best).size++;
        rem[best] = -1;
        assigned++;
    }
    g_free(rem);
    g_free(weight);
}

/* ---- roads ----------------------------------------------------------- */

typedef struct {
    int a, b;
    double d;
} cand_edge;

static int cmp_edge(const void *pa, const void *pb)
{
    const cand_edge *a = pa, *b = pb;
    if (a->d != b->d)
        return a->d < b->d ? -1 : 1;
    return a->a != b->a ? a->a - b->a : a->b - b->b;
}

static int uf_find(int *parent, int i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* Candidate links: each hamlet to its K nearest (grid search). */
#define K_NEAREST 6
static GArray *candidate_edges(world *w)
{
    int n = (int)w->hamlets->len;
    double cell = sqrt((w->maxx - w->minx) * (w->maxy - w->miny) / n) * 1.5;
    int gw = (int)((w->maxx - w->minx) / cell) + 1, gh = (int)((w->maxy - w->miny) / cell) + 1;
    int *count = g_new0(int, gw *gh + 1), *order = g_new(int, n), *cell_of = g_new(int, n);
    for (int i = 0; i < n; i++) {
        hamlet *h = &g_array_index(w->hamlets, hamlet, i);
        int cx = (int)((h->x - w->minx) / cell), cy = (int)((h->y - w->miny) / cell);
        cell_of[i] = cy * gw + cx;
        count[cell_of[i] + 1]++;
    }
    for (int c = 0; c < gw * gh; c++)
        count[c + 1] += count[c];
    int *fill = g_memdup2(count, sizeof(int) * (gw * gh + 1));
    for (int i = 0; i < n; i++)
        order[fill[cell_of[i]]++] = i;
    g_free(fill);

    GArray *edges = g_array_new(FALSE, FALSE, sizeof(cand_edge));
    for (int i = 0; i < n; i++) {
        hamlet *h = &g_array_index(w->hamlets, hamlet, i);
        int cx = cell_of[i] % gw, cy = cell_of[i] / gw;
        int best[K_NEAREST];
        double bestd[K_NEAREST];
        int nb = 0;
        for (int ring = 0; ring < gw + gh; ring++) {
            /* Once K are found, a ring further out than the K-th distance cannot improve. */
            if (nb == K_NEAREST && (ring - 1) * cell > bestd[K_NEAREST - 1])
                break;
            for (int y = cy - ring; y <= cy + ring; y++)
                for (int x = cx - ring; x <= cx + ring; x++) {
                    if (x < 0 || y < 0 || x >= gw || y >= gh)
                        continue;
                    if (abs(x - cx) != ring && abs(y - cy) != ring)
                        continue;
                    int c = y * gw + x;
                    for (int k = count[c]; k < count[c + 1]; k++) {
                        int j = order[k];
                        if (j == i)
                            continue;
                        hamlet *o = &g_array_index(w->hamlets, hamlet, j);
                        double d = hypot(o->x - h->x, o->y - h->y);
                        if (nb == K_NEAREST && d >= bestd[K_NEAREST - 1])
                            continue;
                        int p = nb < K_NEAREST ? nb++ : K_NEAREST - 1;
                        while (p > 0 && bestd[p - 1] > d) {
                            best[p] = best[p - 1];
                            bestd[p] = bestd[p - 1];
                            p--;
                        }
                        best[p] = j;
                        bestd[p] = d;
                    }
                }
        }
        for (int k = 0; k < nb; k++) {
            cand_edge e = {MIN(i, best[k]), MAX(i, best[k]), bestd[k]};
            g_array_append_val(edges, e);
        }
    }
    g_free(count);
    g_free(order);
    g_free(cell_of);
    /* Each pair appears once or twice; sort and drop repeats. */
    g_array_sort(edges, cmp_edge);
    guint out = 0;
    for (guint i = 0; i < edges->len; i++) {
        cand_edge *e = &g_array_index(edges, cand_edge, i);
        if (out > 0) {
            cand_edge *p = &g_array_index(edges, cand_edge, out - 1);
            if (p->a == e->a && p->b == e->b)
                continue;
        }
        g_array_index(edges, cand_edge, out++) = *e;
    }
    g_array_set_size(edges, out);
    return edges;
}

/* Lays a wiggly road from hamlet A to hamlet B; returns its length. */
static double lay_road(world *w, int a, int b)
{
    hamlet *ha = &g_array_index(w->hamlets, hamlet, a), *hb = &g_array_index(w->hamlets, hamlet, b);
    double dx = hb->x - ha->x, dy = hb->y - ha->y, d = MAX(hypot(dx, dy), 1e-9);
    int segs = MAX(2, (int)ceil(d / ROAD_VERTEX_SPACING));
    /* Sideways bends: a few half-waves of 4% of the length, plus 2 m jitter. */
    double amp = 0.04 * d * rng_range(&w->rng, 0.3, 1.0);
    int waves = 1 + rng_int(&w->rng, 3);
    double nx = -dy / d, ny = dx / d;
    road r = {a, b, (int)w->road_xy->len, segs + 1, 0};
    pt prev = {ha->x, ha->y};
    g_array_append_val(w->road_xy, prev);
    for (int k = 1; k <= segs; k++) {
        double t = (double)k / segs;
        pt p;
        if (k == segs) {
            p.x = hb->x;
            p.y = hb->y;
        } else {
            double off = amp * sin(G_PI * waves * t) + rng_range(&w->rng, -2, 2);
            p.x = ha->x + dx * t + nx * off;
            p.y = ha->y + dy * t + ny * off;
        }
        r.length += dist(prev, p);
        g_array_append_val(w->road_xy, p);
        prev = p;
    }
    g_array_append_val(w->roads, r);
    return r.length;
}

static void make_roads(world *w)
{
    int n = (int)w->hamlets->len;
    GArray *cand = candidate_edges(w);
    int *parent = g_new(int, n);
    for (int i = 0; i < n; i++)
        parent[i] = i;
    w->roads = g_array_new(FALSE, FALSE, sizeof(road));
    w->road_xy = g_array_new(FALSE, FALSE, sizeof(pt));
    gboolean *used = g_new0(gboolean, cand->len);
    /* Kruskal: the spanning tree keeps every hamlet reachable. */
    for (guint i = 0; i < cand->len; i++) {
        cand_edge *e = &g_array_index(cand, cand_edge, i);
        int ra = uf_find(parent, e->a), rb = uf_find(parent, e->b);
        if (ra == rb)
            continue;
        parent[ra] = rb;
        used[i] = TRUE;
        w->road_m += lay_road(w, e->a, e->b);
    }
    /* K-nearest links rarely leave islands; join any to hamlet 0's component. */
    for (int i = 0; i < n; i++) {
        if (uf_find(parent, i) == uf_find(parent, 0))
            continue;
        hamlet *h = &g_array_index(w->hamlets, hamlet, i);
        int best = -1;
        double bestd = G_MAXDOUBLE;
        for (int j = 0; j < n; j++) {
            hamlet *o = &g_array_index(w->hamlets, hamlet, j);
            double d = hypot(o->x - h->x, o->y - h->y);
            if (d < bestd && uf_find(parent, j) == uf_find(parent, 0)) {
                best = j;
                bestd = d;
            }
        }
        parent[uf_find(parent, i)] = uf_find(parent, best);
        w->road_m += lay_road(w, i, best);
    }
    /* Loops: the remaining candidates in random order until the target length. */
    int *rest = g_new(int, cand->len), nrest = 0;
    for (guint i = 0; i < cand->len; i++)
        if (!used[i])
            rest[nrest++] = (int)i;
    for (int i = nrest - 1; i > 0; i--) {
        int j = rng_int(&w->rng, i + 1), t = rest[i];
        rest[i] = rest[j];
        rest[j] = t;
    }
    double target = w->sc->road_km * 1000.0;
    for (int i = 0; i < nrest && w->road_m < target; i++) {
        cand_edge *e = &g_array_index(cand, cand_edge, rest[i]);
        w->road_m += lay_road(w, e->a, e->b);
    }
    g_free(rest);
    g_free(used);
    g_free(parent);
    g_array_free(cand, TRUE);

    /* Roads touching each hamlet (CSR). */
    w->adj_start = g_new0(int, n + 1);
    for (guint i = 0; i < w->roads->len; i++) {
        road *r = &g_array_index(w->roads, road, i);
        w->adj_start[r->a + 1]++;
        w->adj_start[r->b + 1]++;
    }
    for (int i = 0; i < n; i++)
        w->adj_start[i + 1] += w->adj_start[i];
    int *fill = g_memdup2(w->adj_start, sizeof(int) * (n + 1));
    w->adj = g_new(int, w->roads->len * 2);
    for (guint i = 0; i < w->roads->len; i++) {
        road *r = &g_array_index(w->roads, road, i);
        w->adj[fill[r->a]++] = (int)i * 2;
        w->adj[fill[r->b]++] = (int)i * 2 + 1;
    }
    g_free(fill);
}

/* The point at arc length T along road R measured from its end END (0: A,
 * 1: B), pushed LATERAL metres to the left of the direction of travel. */
static pt along_road(world *w, const road *r, int end, double t, double lateral)
{
    const pt *v = &g_array_index(w->road_xy, pt, r->first);
    int n = r->n;
    for (int k = 0; k + 1 < n; k++) {
        pt p = end == 0 ? v[k] : v[n - 1 - k], q = end == 0 ? v[k + 1] : v[n - 2 - k];
        double len = dist(p, q);
        if (t <= len || k + 2 == n) {
            double f = len > 0 ? MIN(t / len, 1.0) : 0;
            double ux = len > 0 ? (q.x - p.x) / len : 0, uy = len > 0 ? (q.y - p.y) / len : 0;
            return (pt){p.x + (q.x - p.x) * f - uy * lateral, p.y + (q.y - p.y) * f + ux * lateral};
        }
        t -= len;
    }
    return v[0];
}

/* ---- households and point assets -------------------------------------- */

static void make_households(world *w)
{
    w->households = g_array_sized_new(FALSE, FALSE, sizeof(pt), w->sc->households);
    for (guint h = 0; h < w->hamlets->len; h++) {
        hamlet *hm = &g_array_index(w->hamlets, hamlet, h);
        int deg = w->adj_start[h + 1] - w->adj_start[h];
        /* Bigger hamlets string out further along their roads. */
        double sigma = 100.0 * sqrt(MAX(hm->size, 1) / (double)HOUSEHOLDS_PER_HAMLET);
        for (int k = 0; k < hm->size; k++) {
            int code = w->adj[w->adj_start[h] + rng_int(&w->rng, deg)];
            const road *r = &g_array_index(w->roads, road, code / 2);
            double t = MIN(fabs(sigma * rng_normal(&w->rng)), r->length / 2);
            double lateral = 60.0 * rng_normal(&w->rng);
            pt p = along_road(w, r, code % 2, t, lateral);
            g_array_append_val(w->households, p);
        }
    }
}

/* Lights start 5 m from an inhabited hamlet's centre and continue every
 * LIGHT_SPACING metres for F metres along each road leaving it (at most half
 * the road).  Returns how many that makes, or fills LIGHTS when given.
 * (Tuned with the hamlet sizes and household spread so that at county scale
 * about 43% of households are within 50 m of a light and 38% of road length
 * within 25 m, near the peers' 42% and 40%.) */
static long lay_lights(world *w, double f, GArray *lights)
{
    long count = 0;
    for (guint i = 0; i < w->roads->len; i++) {
        const road *r = &g_array_index(w->roads, road, i);
        for (int end = 0; end < 2; end++) {
            const hamlet *h = &g_array_index(w->hamlets, hamlet, end == 0 ? r->a : r->b);
            double stretch = h->size > 0 ? MIN(f, r->length / 2) : 0;
            if (stretch < 5)
                continue;
            long m = (long)floor((stretch - 5) / LIGHT_SPACING) + 1;
            count += m;
            for (long k = 0; lights && k < m; k++) {
                double t = 5 + k * LIGHT_SPACING + rng_range(&w->rng, -3, 3);
                double side = rng_uniform(&w->rng) < 0.5 ? -1 : 1;
                pt p = along_road(w, r, end, MAX(t, 0), side * rng_range(&w->rng, 2, 8));
                g_array_append_val(lights, p);
            }
        }
    }
    return count;
}

static void make_lights(world *w)
{
    double lo = 0, hi = 1e5;
    for (int it = 0; it < 60; it++) {
        double mid = (lo + hi) / 2;
        if (lay_lights(w, mid, NULL) >= w->sc->lights)
            hi = mid;
        else
            lo = mid;
    }
    GArray *all = g_array_new(FALSE, FALSE, sizeof(pt));
    lay_lights(w, hi, all);
    /* Drop the surplus at random places (partial Fisher-Yates), keeping the order. */
    guint n = all->len;
    g_assert(n >= (guint)w->sc->lights); /* every road fully lit would make far more */
    gboolean *drop = g_new0(gboolean, n);
    int *idx = g_new(int, n);
    for (guint i = 0; i < n; i++)
        idx[i] = (int)i;
    for (guint i = 0; i < n - (guint)w->sc->lights; i++) {
        guint j = i + (guint)rng_int(&w->rng, (int)(n - i));
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        drop[idx[i]] = TRUE;
    }
    w->lights = g_array_sized_new(FALSE, FALSE, sizeof(pt), w->sc->lights);
    for (guint i = 0; i < n; i++)
        if (!drop[i])
            g_array_append_val(w->lights, g_array_index(all, pt, i));
    g_free(drop);
    g_free(idx);
    g_array_free(all, TRUE);
}

/* N hamlets drawn without replacement, strongly favouring big ones (weighted
 * sampling keys u^(1/size^3)); a point near each, within SPREAD metres. */
typedef struct {
    double key;
    int hamlet;
} keyed;

static int cmp_keyed_desc(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    return a->key < b->key ? 1 : a->key > b->key ? -1 : a->hamlet - b->hamlet;
}

static GArray *near_big_hamlets(world *w, int n, double spread, GArray *which)
{
    int nh = (int)w->hamlets->len;
    keyed *k = g_new(keyed, nh);
    for (int i = 0; i < nh; i++) {
        int size = g_array_index(w->hamlets, hamlet, i).size;
        k[i].key = pow(rng_uniform(&w->rng), 1.0 / (size > 0 ? pow(size, 3) : 0.01));
        k[i].hamlet = i;
    }
    qsort(k, nh, sizeof(keyed), cmp_keyed_desc);
    GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(pt), n);
    for (int i = 0; i < n; i++) {
        /* More assets than hamlets: wrap round (only a tiny village could). */
        hamlet *h = &g_array_index(w->hamlets, hamlet, k[i % nh].hamlet);
        double ang = rng_range(&w->rng, 0, 2 * G_PI), r = spread * sqrt(rng_uniform(&w->rng));
        pt p = {h->x + r * cos(ang), h->y + r * sin(ang)};
        g_array_append_val(out, p);
        if (which)
            g_array_append_val(which, k[i % nh].hamlet);
    }
    g_free(k);
    return out;
}

static void make_assets(world *w)
{
    w->clinics = near_big_hamlets(w, w->sc->clinics, 40, NULL);
    w->elderly = near_big_hamlets(w, w->sc->elderly_care, 60, NULL);
    w->squares = near_big_hamlets(w, w->sc->culture_squares, 60, NULL);
    /* Tanks sit 150-400 m above a hamlet; a pipe runs down to its centre. */
    GArray *which = g_array_new(FALSE, FALSE, sizeof(int));
    w->tanks = near_big_hamlets(w, w->sc->water_tanks, 0, which);
    w->pipe_xy = g_array_new(FALSE, FALSE, sizeof(pt));
    for (guint i = 0; i < w->tanks->len; i++) {
        pt *t = &g_array_index(w->tanks, pt, i);
        double ang = rng_range(&w->rng, 0, 2 * G_PI), r = rng_range(&w->rng, 150, 400);
        pt c = *t;
        t->x += r * cos(ang);
        t->y += r * sin(ang);
        pt prev = *t;
        for (int k = 0; k < PIPE_VERTICES; k++) {
            double f = (double)k / (PIPE_VERTICES - 1);
            double j = (k == 0 || k == PIPE_VERTICES - 1) ? 0 : rng_range(&w->rng, -15, 15);
            pt p = {t->x + (c.x - t->x) * f + j, t->y + (c.y - t->y) * f - j};
            w->pipe_m += dist(prev, p);
            g_array_append_val(w->pipe_xy, p);
            prev = p;
        }
    }
    g_array_free(which, TRUE);
    w->towers = g_array_sized_new(FALSE, FALSE, sizeof(pt), w->sc->signal_towers);
    for (int i = 0; i < w->sc->signal_towers; i++) {
        pt p = {rng_range(&w->rng, w->minx, w->maxx), rng_range(&w->rng, w->miny, w->maxy)};
        g_array_append_val(w->towers, p);
    }
}

/* ---- to longitude/latitude ------------------------------------------ */

typedef struct {
    PJ_CONTEXT *ctx;
    PJ *to_ll;   /* EPSG:4545 -> EPSG:4490, x = lon, y = lat */
    PJ *from_ll; /* the reverse, to place the extent */
} proj_pair;

static gboolean proj_open(proj_pair *pp)
{
    pp->ctx = proj_context_create();
    PJ *raw = proj_create_crs_to_crs(pp->ctx, "EPSG:4545", "EPSG:4490", NULL);
    if (!raw)
        return FALSE;
    pp->to_ll = proj_normalize_for_visualization(pp->ctx, raw);
    proj_destroy(raw);
    raw = proj_create_crs_to_crs(pp->ctx, "EPSG:4490", "EPSG:4545", NULL);
    if (!raw)
        return FALSE;
    pp->from_ll = proj_normalize_for_visualization(pp->ctx, raw);
    proj_destroy(raw);
    return pp->to_ll && pp->from_ll;
}

static void proj_close(proj_pair *pp)
{
    proj_destroy(pp->to_ll);
    proj_destroy(pp->from_ll);
    proj_context_destroy(pp->ctx);
}

static void to_lonlat(proj_pair *pp, GArray *pts)
{
    if (pts->len == 0)
        return;
    pt *p = (pt *)(void *)pts->data;
    proj_trans_generic(pp->to_ll, PJ_FWD, &p->x, sizeof(pt), pts->len, &p->y, sizeof(pt), pts->len,
                       NULL, 0, 0, NULL, 0, 0);
}

/* ---- villages: a lon/lat grid over everything --------------------------- */

typedef struct {
    double minlon, minlat, dlon, dlat;
    int ncols, nrows;
} village_grid;

static void grow(double *b, GArray *pts)
{
    for (guint i = 0; i < pts->len; i++) {
        pt p = g_array_index(pts, pt, i);
        b[0] = MIN(b[0], p.x);
        b[1] = MIN(b[1], p.y);
        b[2] = MAX(b[2], p.x);
        b[3] = MAX(b[3], p.y);
    }
}

static int village_of(const village_grid *g, pt ll)
{
    int cx = CLAMP((int)((ll.x - g->minlon) / g->dlon), 0, g->ncols - 1);
    int cy = CLAMP((int)((ll.y - g->minlat) / g->dlat), 0, g->nrows - 1);
    return cy * g->ncols + cx;
}

/* ---- WKB ------------------------------------------------------------- */

static void put_u32(GByteArray *b, guint32 v)
{
    guint32 le = GUINT32_TO_LE(v);
    g_byte_array_append(b, (const guint8 *)&le, 4);
}

static void put_f64(GByteArray *b, double d)
{
    guint64 v;
    memcpy(&v, &d, 8);
    v = GUINT64_TO_LE(v);
    g_byte_array_append(b, (const guint8 *)&v, 8);
}

static void wkb_point(GByteArray *b, pt p)
{
    g_byte_array_set_size(b, 0);
    guint8 le = 1;
    g_byte_array_append(b, &le, 1);
    put_u32(b, 1);
    put_f64(b, p.x);
    put_f64(b, p.y);
}

static void wkb_line(GByteArray *b, const pt *v, int n)
{
    g_byte_array_set_size(b, 0);
    guint8 le = 1;
    g_byte_array_append(b, &le, 1);
    put_u32(b, 2);
    put_u32(b, (guint32)n);
    for (int i = 0; i < n; i++) {
        put_f64(b, v[i].x);
        put_f64(b, v[i].y);
    }
}

static void wkb_box(GByteArray *b, double x0, double y0, double x1, double y1)
{
    g_byte_array_set_size(b, 0);
    guint8 le = 1;
    g_byte_array_append(b, &le, 1);
    put_u32(b, 3);
    put_u32(b, 1);
    put_u32(b, 5);
    double ring[] = {x0, y0, x1, y0, x1, y1, x0, y1, x0, y0};
    for (int i = 0; i < 10; i++)
        put_f64(b, ring[i]);
}

/* ---- writing --------------------------------------------------------- */

typedef struct {
    vi_store *store;
    const vi_registry *reg;
    const village_grid *grid;
    char **village_names;
    GByteArray *wkb;
    rng_t *rng;
} writer;

static const vi_layer *layer_or_fail(const vi_registry *reg, const char *name, GError **err)
{
    const vi_layer *l = registry_layer(reg, name);
    if (!l)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, "layer \"%s\" is not in the registry", name);
    return l;
}

/* Writes F into LAYER once the registry accepts it (feature-check.h), as an
 * import would: the benchmark measures data that vinfra itself could hold. */
static gboolean write_feature(writer *wr, const vi_layer *layer, const vi_feature *f, GError **err)
{
    return feature_check(layer, f, err) && store_feature_insert(wr->store, layer, f, 0, err);
}

/* Sets attribute NAME of LAYER in VALUES (layer->nattrs slots) when the registry has it. */
static void set_attr(const vi_layer *layer, const char **values, const char *name, const char *v)
{
    int i = layer_attr_index(layer, name);
    if (i >= 0)
        values[i] = v;
}

/* Writes the points PTS (lon/lat) as features of LAYER with ids PREFIX000001...;
 * ATTR/VALUE pairs (NULL-terminated) fill attributes; STATUS may be NULL. */
static gboolean write_points(writer *wr, const char *layer_name, const char *prefix, GArray *pts,
                             const char *status, GError **err, ...)
{
    const vi_layer *layer = layer_or_fail(wr->reg, layer_name, err);
    if (!layer)
        return FALSE;
    const char **values = g_new0(const char *, layer->nattrs + 1);
    va_list ap;
    va_start(ap, err);
    for (const char *name; (name = va_arg(ap, const char *));)
        set_attr(layer, values, name, va_arg(ap, const char *));
    va_end(ap);
    char id[32];
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < pts->len; i++) {
        pt p = g_array_index(pts, pt, i);
        g_snprintf(id, sizeof id, "%s%06u", prefix, i + 1);
        wkb_point(wr->wkb, p);
        vi_feature f = {.id = id,
                        .village = wr->village_names[village_of(wr->grid, p)],
                        .status = status,
                        .year = 2016 + rng_int(wr->rng, 5),
                        .wkb = wr->wkb->data,
                        .wkb_size = wr->wkb->len,
                        .attrs = values};
        ok = write_feature(wr, layer, &f, err);
    }
    g_free(values);
    return ok;
}

static gboolean write_villages(writer *wr, const village_grid *g, const int *hh, const int *people,
                               GError **err)
{
    const vi_layer *layer = layer_or_fail(wr->reg, "villages", err);
    if (!layer)
        return FALSE;
    const char **values = g_new0(const char *, layer->nattrs + 1);
    char id[32], town[64], nhh[32], npeople[32];
    set_attr(layer, values, "county", "合成县");
    set_attr(layer, values, "town", town);
    set_attr(layer, values, "households", nhh);
    set_attr(layer, values, "population", npeople);
    gboolean ok = TRUE;
    for (int v = 0; ok && v < g->ncols * g->nrows; v++) {
        int cx = v % g->ncols, cy = v / g->ncols;
        g_snprintf(id, sizeof id, "V%04d", v + 1);
        /* A town is a 3 x 3 block of villages. */
        g_snprintf(town, sizeof town, "合成镇%03d", (cy / 3) * ((g->ncols + 2) / 3) + cx / 3 + 1);
        g_snprintf(nhh, sizeof nhh, "%d", hh[v]);
        g_snprintf(npeople, sizeof npeople, "%d", people[v]);
        double x0 = g->minlon + cx * g->dlon, y0 = g->minlat + cy * g->dlat;
        wkb_box(wr->wkb, x0, y0, x0 + g->dlon, y0 + g->dlat);
        vi_feature f = {.id = id,
                        .name = wr->village_names[v],
                        .wkb = wr->wkb->data,
                        .wkb_size = wr->wkb->len,
                        .attrs = values};
        ok = write_feature(wr, layer, &f, err);
    }
    g_free(values);
    return ok;
}

static gboolean write_households(writer *wr, world *w, const int *members, GError **err)
{
    const vi_layer *layer = layer_or_fail(wr->reg, "households", err);
    if (!layer)
        return FALSE;
    const char **values = g_new0(const char *, layer->nattrs + 1);
    static const char *const digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    char id[32];
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < w->households->len; i++) {
        pt p = g_array_index(w->households, pt, i);
        double u = rng_uniform(&w->rng);
        set_attr(layer, values, "members", digits[members[i]]);
        /* About 4% registered poor and 4% lifted out, as in the report's villages. */
        set_attr(layer, values, "poverty", u < 0.04 ? "registered" : u < 0.08 ? "lifted" : "none");
        set_attr(layer, values, "toilet_retrofit", rng_uniform(&w->rng) < 0.04 ? "yes" : "no");
        g_snprintf(id, sizeof id, "H%07u", i + 1);
        wkb_point(wr->wkb, p);
        vi_feature f = {.id = id,
                        .village = wr->village_names[village_of(wr->grid, p)],
                        .wkb = wr->wkb->data,
                        .wkb_size = wr->wkb->len,
                        .attrs = values};
        ok = write_feature(wr, layer, &f, err);
    }
    g_free(values);
    return ok;
}

static gboolean write_roads(writer *wr, world *w, GError **err)
{
    const vi_layer *layer = layer_or_fail(wr->reg, "roads", err);
    if (!layer)
        return FALSE;
    static const char *const statuses[] = {"new", "widened", "hardened", "hardened", "hardened"};
    static const char *const classes[] = {"county",  "township", "township", "village", "village",
                                          "village", "village",  "group",    "group",   "group"};
    const char **values = g_new0(const char *, layer->nattrs + 1);
    char id[32], width[16];
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < w->roads->len; i++) {
        const road *r = &g_array_index(w->roads, road, i);
        const pt *v = &g_array_index(w->road_xy, pt, r->first);
        set_attr(layer, values, "class", classes[rng_int(&w->rng, 10)]);
        set_attr(layer, values, "surface", rng_uniform(&w->rng) < 0.8 ? "concrete" : "asphalt");
        g_snprintf(width, sizeof width, "%.1f", rng_range(&w->rng, 3.5, 6.5));
        set_attr(layer, values, "width", width);
        g_snprintf(id, sizeof id, "R%06u", i + 1);
        wkb_line(wr->wkb, v, r->n);
        vi_feature f = {.id = id,
                        .village = wr->village_names[village_of(wr->grid, v[r->n / 2])],
                        .status = statuses[rng_int(&w->rng, 5)],
                        .year = 2016 + rng_int(&w->rng, 5),
                        .wkb = wr->wkb->data,
                        .wkb_size = wr->wkb->len,
                        .attrs = values};
        ok = write_feature(wr, layer, &f, err);
    }
    g_free(values);
    return ok;
}

static gboolean write_pipes(writer *wr, world *w, GError **err)
{
    const vi_layer *layer = layer_or_fail(wr->reg, "water_pipes", err);
    if (!layer)
        return FALSE;
    const char **values = g_new0(const char *, layer->nattrs + 1);
    set_attr(layer, values, "material", "pe");
    set_attr(layer, values, "diameter", "63");
    char id[32];
    gboolean ok = TRUE;
    for (guint i = 0; ok && i * PIPE_VERTICES < w->pipe_xy->len; i++) {
        const pt *v = &g_array_index(w->pipe_xy, pt, i * PIPE_VERTICES);
        g_snprintf(id, sizeof id, "P%06u", i + 1);
        wkb_line(wr->wkb, v, PIPE_VERTICES);
        vi_feature f = {.id = id,
                        .village = wr->village_names[village_of(wr->grid, v[PIPE_VERTICES - 1])],
                        .status = "built",
                        .year = 2016 + rng_int(&w->rng, 5),
                        .wkb = wr->wkb->data,
                        .wkb_size = wr->wkb->len,
                        .attrs = values};
        ok = write_feature(wr, layer, &f, err);
    }
    g_free(values);
    return ok;
}

/* Committees: one in each village, at its biggest hamlet (the cell centre
 * when none lies in it). */
static GArray *committee_points(world *w, const village_grid *g, GArray *hamlet_ll)
{
    int nv = g->ncols * g->nrows;
    int *best = g_new(int, nv);
    for (int v = 0; v < nv; v++)
        best[v] = -1;
    for (guint h = 0; h < hamlet_ll->len; h++) {
        int v = village_of(g, g_array_index(hamlet_ll, pt, h));
        if (best[v] < 0 || g_array_index(w->hamlets, hamlet, h).size >
                               g_array_index(w->hamlets, hamlet, best[v]).size)
            best[v] = (int)h;
    }
    GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(pt), nv);
    for (int v = 0; v < nv; v++) {
        pt p = {g->minlon + (v % g->ncols + 0.5) * g->dlon,
                g->minlat + (v / g->ncols + 0.5) * g->dlat};
        if (best[v] >= 0) {
            p = g_array_index(hamlet_ll, pt, best[v]);
            p.x += 0.0002; /* beside the crossroads, not on it */
        }
        g_array_append_val(out, p);
    }
    g_free(best);
    return out;
}

/* ---- main ------------------------------------------------------------ */

static void world_free(world *w)
{
    GArray *arrays[] = {w->hamlets, w->roads,  w->road_xy, w->households, w->lights, w->clinics,
                        w->tanks,   w->towers, w->elderly, w->squares,    w->pipe_xy};
    for (size_t i = 0; i < G_N_ELEMENTS(arrays); i++)
        if (arrays[i])
            g_array_free(arrays[i], TRUE);
    g_free(w->adj_start);
    g_free(w->adj);
}

static gboolean generate(const char *db, const bench_scale *sc, guint64 seed, GError **err)
{
    proj_pair pp = {0};
    if (!proj_open(&pp)) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, "cannot set up EPSG:4545 -> EPSG:4490: %s",
                    proj_context_errno_string(pp.ctx, proj_context_errno(pp.ctx)));
        proj_close(&pp);
        return FALSE;
    }
    world w = {.sc = sc};
    rng_seed(&w.rng, seed);
    PJ_COORD c = proj_trans(pp.from_ll, PJ_FWD, proj_coord(sc->centre_lon, sc->centre_lat, 0, 0));
    w.minx = c.xy.x - sc->width_km * 500;
    w.maxx = c.xy.x + sc->width_km * 500;
    w.miny = c.xy.y - sc->height_km * 500;
    w.maxy = c.xy.y + sc->height_km * 500;

    make_hamlets(&w);
    make_roads(&w);
    make_households(&w);
    make_lights(&w);
    make_assets(&w);

    GArray *hamlet_ll = g_array_sized_new(FALSE, FALSE, sizeof(pt), w.hamlets->len);
    for (guint h = 0; h < w.hamlets->len; h++) {
        hamlet *hm = &g_array_index(w.hamlets, hamlet, h);
        pt p = {hm->x, hm->y};
        g_array_append_val(hamlet_ll, p);
    }
    GArray *all[] = {hamlet_ll, w.road_xy, w.households, w.lights,  w.clinics,
                     w.tanks,   w.towers,  w.elderly,    w.squares, w.pipe_xy};
    double bbox[4] = {G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE};
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
        to_lonlat(&pp, all[i]);
        grow(bbox, all[i]);
    }
    proj_close(&pp);

    village_grid grid;
    grid.ncols = MAX(1, (int)lround(sc->width_km / VILLAGE_CELL_KM));
    grid.nrows = MAX(1, (int)lround(sc->height_km / VILLAGE_CELL_KM));
    grid.minlon = bbox[0] - 0.001;
    grid.minlat = bbox[1] - 0.001;
    grid.dlon = (bbox[2] - bbox[0] + 0.002) / grid.ncols;
    grid.dlat = (bbox[3] - bbox[1] + 0.002) / grid.nrows;
    int nv = grid.ncols * grid.nrows;
    char **names = g_new0(char *, nv + 1);
    for (int v = 0; v < nv; v++)
        names[v] = g_strdup_printf("合成%04d村", v + 1);
    int *members = g_new(int, w.households->len), *hh = g_new0(int, nv), *people = g_new0(int, nv);
    for (guint i = 0; i < w.households->len; i++) {
        /* 1-7 people, about 2.6 on average like the report's 304 people / 117 households. */
        /* One draw: CLAMP evaluates its argument up to three times. */
        int drawn = (int)lround(2.6 + 1.2 * rng_normal(&w.rng));
        members[i] = CLAMP(drawn, 1, 7);
        int v = village_of(&grid, g_array_index(w.households, pt, i));
        hh[v]++;
        people[v] += members[i];
    }

    vi_registry *reg = registry_load(cli_datadir(), err);
    vi_store *store = reg ? store_open(db, reg, FALSE, err) : NULL;
    gboolean ok = store != NULL;
    writer wr = {store, reg, &grid, names, g_byte_array_new(), &w.rng};
    GArray *committees = committee_points(&w, &grid, hamlet_ll);
    ok = ok && store_begin_bulk(store, err) && write_villages(&wr, &grid, hh, people, err) &&
         write_households(&wr, &w, members, err) && write_roads(&wr, &w, err) &&
         write_points(&wr, "streetlights", "L", w.lights, "built", err, "power_source", "solar",
                      NULL) &&
         write_points(&wr, "clinics", "C", w.clinics, "existing", err, "doctors", "1", NULL) &&
         write_points(&wr, "water_tanks", "T", w.tanks, "built", err, "capacity", "50", NULL) &&
         write_pipes(&wr, &w, err) &&
         write_points(&wr, "signal_towers", "S", w.towers, "built", err, "operator", "china_tower",
                      "height", "35", NULL) &&
         write_points(&wr, "elderly_care", "E", w.elderly, "built", err, "beds", "20", NULL) &&
         write_points(&wr, "culture", "Q", w.squares, "built", err, "type", "square", NULL) &&
         write_points(&wr, "committees", "K", committees, "existing", err, NULL) &&
         store_history_record(
             store,
             &(vi_change){.action = "import", .detail = "synthetic benchmark data (gen-bench)"},
             err) &&
         store_commit(store, err);
    if (!ok)
        store_rollback(store);
    if (ok) {
        printf("villages\t%d\n", nv);
        printf("households\t%u\n", w.households->len);
        printf("roads\t%u\t%.1f km\n", w.roads->len, w.road_m / 1000);
        printf("streetlights\t%u\n", w.lights->len);
        printf("clinics\t%u\n", w.clinics->len);
        printf("water_tanks\t%u\n", w.tanks->len);
        printf("water_pipes\t%u\t%.1f km\n", w.tanks->len, w.pipe_m / 1000);
        printf("signal_towers\t%u\n", w.towers->len);
        printf("elderly_care\t%u\n", w.elderly->len);
        printf("culture\t%u\n", w.squares->len);
        printf("committees\t%u\n", committees->len);
    }
    g_array_free(committees, TRUE);
    g_byte_array_free(wr.wkb, TRUE);
    store_close(store);
    registry_free(reg);
    g_strfreev(names);
    g_free(members);
    g_free(hh);
    g_free(people);
    g_array_free(hamlet_ll, TRUE);
    world_free(&w);
    return ok;
}

int main(int argc, char **argv)
{
    char *db = NULL, *scale = NULL;
    gint64 seed = 4545;
    GOptionEntry entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &db, "store made by 'vinfra init'", "PATH"},
        {"scale", 0, 0, G_OPTION_ARG_STRING, &scale, "village, county or province", "NAME"},
        {"seed", 0, 0, G_OPTION_ARG_INT64, &seed, "PRNG seed (default 4545)", "N"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new("- write a synthetic benchmark dataset");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *err = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "gen-bench: error: %s\n", err->message);
        return 2;
    }
    g_option_context_free(ctx);
    const bench_scale *sc = NULL;
    for (size_t i = 0; scale && i < G_N_ELEMENTS(scales); i++)
        if (strcmp(scales[i].name, scale) == 0)
            sc = &scales[i];
    if (!db || !sc) {
        fprintf(stderr,
                "gen-bench: error: --db PATH and --scale village|county|province are required\n");
        return 2;
    }
    gint64 t0 = g_get_monotonic_time();
    if (!generate(db, sc, (guint64)seed, &err)) {
        fprintf(stderr, "gen-bench: error: %s\n", err ? err->message : "unknown failure");
        return 1;
    }
    fprintf(stderr, "gen-bench: %s scale written to '%s' in %.1f s\n", sc->name, db,
            (g_get_monotonic_time() - t0) / 1e6);
    g_free(db);
    g_free(scale);
    return 0;
}
