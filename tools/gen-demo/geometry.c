/*
 * geometry.c - the generator's arithmetic: the seeded PRNG (splitmix64, one
 * stream per concern, so two runs write byte-identical files), plane
 * geometry in the layout's metres, and lon/lat on the CGCS2000 ellipsoid
 * (PROJ's geodesics), where the report's lengths are met.
 */
#include "gen-demo.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- PRNG: splitmix64, one stream per concern ------------------------ */

uint64_t rng_next(rng_t *r)
{
    uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Separate streams keep a change in one part of the map from redrawing the rest. */
rng_t rng_stream(uint64_t stream)
{
    rng_t r = {SEED * UINT64_C(0xD1B54A32D192ED03) + stream * UINT64_C(0x8CB92BA72F3D8DD7)};
    rng_next(&r);
    return r;
}

double rng_uniform(rng_t *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

double rng_range(rng_t *r, double lo, double hi)
{
    return lo + (hi - lo) * rng_uniform(r);
}

/* Uniform integer in [lo, hi]. */
int rng_int(rng_t *r, int lo, int hi)
{
    return lo + (int)(rng_uniform(r) * (hi - lo + 1));
}

void rng_shuffle(rng_t *r, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = rng_int(r, 0, i), t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

G_GNUC_NORETURN G_GNUC_PRINTF(1, 2) void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen-demo: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

pt rotate(pt a, double deg)
{
    double c = cos(deg * G_PI / 180.0), s = sin(deg * G_PI / 180.0);
    return pt_make(a.x * c - a.y * s, a.x * s + a.y * c);
}

GArray *line_new(void)
{
    return g_array_new(FALSE, FALSE, sizeof(pt));
}

void line_push(GArray *l, pt p)
{
    g_array_append_val(l, p);
}

pt line_last(const GArray *l)
{
    return AT(l, l->len - 1);
}

/* Vertices FROM..TO of SRC (inclusive, backwards when TO < FROM) appended
 * to DST, leaving out a first vertex equal to DST's last. */
void line_append(GArray *dst, const GArray *src, int from, int to)
{
    int step = to >= from ? 1 : -1;
    for (int i = from;; i += step) {
        if (!(dst->len > 0 && i == from && same(line_last(dst), AT(src, i))))
            line_push(dst, AT(src, i));
        if (i == to)
            break;
    }
}

GArray *line_slice(const GArray *src, int from, int to)
{
    GArray *l = line_new();
    line_append(l, src, from, to);
    return l;
}

double line_length(const GArray *l)
{
    double s = 0;
    for (guint i = 1; i < l->len; i++)
        s += dist(AT(l, i - 1), AT(l, i));
    return s;
}

/* The point at distance S along L (clamped to its ends), and the unit
 * direction of the segment it lies on. */
pt line_at(const GArray *l, double s, pt *tangent)
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
int line_vertex_at(const GArray *l, double s)
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
GArray *line_head(const GArray *l, double s)
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
GArray *line_resample(const GArray *d, double spacing)
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
GArray *line_offset(const GArray *l, double d)
{
    GArray *out = line_new();
    for (guint i = 0; i < l->len; i++) {
        pt a = AT(l, i > 0 ? i - 1 : 0), b = AT(l, MIN(i + 1, l->len - 1));
        line_push(out, add(AT(l, i), mul(left_of(unit(sub(b, a))), d)));
    }
    return out;
}

GArray *line_reversed(const GArray *l)
{
    return line_slice(l, (int)l->len - 1, 0);
}

/* A smooth curve through control points C (Catmull-Rom), resampled. */
GArray *spline(const GArray *c, double spacing)
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
void fractal(GArray *out, pt a, pt b, double amp, double min_seg, rng_t *r)
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
gboolean ring_contains(const GArray *ring, pt p)
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

double line_distance(const GArray *l, pt p)
{
    double best = G_MAXDOUBLE;
    for (guint i = 1; i < l->len; i++)
        best = MIN(best, segment_distance(p, AT(l, i - 1), AT(l, i)));
    return best;
}

/* ---- lon/lat ---------------------------------------------------------- */

double round7(double v)
{
    return round(v * 1e7) / 1e7;
}

pt to_ll(const world *w, pt m)
{
    PJ_COORD c = proj_coord(w->e0 + m.x, w->n0 + m.y, 0, 0);
    c = proj_trans(w->to_ll, PJ_FWD, c);
    return pt_make(round7(c.v[0]), round7(c.v[1]));
}

GArray *line_to_ll(const world *w, const GArray *l)
{
    GArray *out = line_new();
    for (guint i = 0; i < l->len; i++) {
        pt p = to_ll(w, AT(l, i));
        if (out->len == 0 || !same(line_last(out), p))
            line_push(out, p);
    }
    return out;
}

double ll_dist(const world *w, pt a, pt b)
{
    double s = 0;
    geod_inverse(&w->geod, a.y, a.x, b.y, b.x, &s, NULL, NULL);
    return s;
}

double ll_length(const world *w, const GArray *l)
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
pt ll_along(const world *w, const GArray *l, double d, guint *seg)
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
void ll_split(const world *w, const GArray *l, double d, GArray **head, GArray **tail)
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
