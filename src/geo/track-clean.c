/*
 * track-clean.c - cleaning a GPS track before its length counts
 * (track-clean.h): accuracy gate, jumps, fixes standing out of their
 * neighbours, stationary clusters, and a Douglas-Peucker simplification at
 * the fixes' accuracy.
 *
 * Why this order: the gates come first so that neither a spike nor a bad
 * fix drags a cluster's centroid or becomes a vertex the simplification must
 * keep; clusters are collapsed before simplifying because the wander of a
 * phone standing still is many fixes deep and would otherwise leave a knot
 * of vertices each a few metres apart.
 */
#include "track-clean.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

track_clean_params track_clean_defaults(void)
{
    return (track_clean_params){
        /* GPS practice calls hdop 1-2 excellent, 2-5 good, above 5 moderate
         * or worse; a phone in the open reports 0.7-2, and above 5 its fixes
         * are off by tens of metres (a valley, trees, a wall). */
        .max_hdop = 5.0,
        /* Horizontal accuracy is hdop times the range error of the receiver
         * (2-5 m for a phone's single-frequency chip): 2.5 m. */
        .metres_per_hdop = 2.5,
        /* A phone outdoors is good to a few metres. */
        .default_accuracy = 3.0,
        /* Below 2 m the simplification keeps the noise; above 10 m it would
         * cut a village road's curves. */
        .min_accuracy = 2.0,
        .max_accuracy = 10.0,
        /* A jump is five times faster than the track usually moves (a walk
         * at 1.3 m/s: 6.5 m/s; a car at 15 m/s: 75 m/s), and at least 5 m/s
         * when the track mostly stands still. */
        .min_jump_speed = 5.0,
        .jump_speed_factor = 5.0,
        /* A multipath excursion lasts seconds; after 30 fixes elsewhere the
         * track has moved on (a tunnel, a lift in a car). */
        .max_jump_fixes = 30,
        /* Ten seconds at 1 Hz: a walk at 1 m/s leaves a circle of 3 m radius
         * in 6 s, so a walk is never taken for a stop; a shorter halt
         * leaves too few fixes to matter. */
        .min_stop_fixes = 10,
        .min_stop_seconds = 10.0,
    };
}

double track_planar_length(const double *xy, size_t n)
{
    double total = 0;
    for (size_t i = 1; i < n; i++)
        total += hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
    return total;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of the N values V (reordered), or NAN when N is 0. */
static double median(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, compare_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

typedef struct {
    const vi_fix *fix;
    gboolean timed; /* times usable: all finite, never decreasing */
    double min_dt;  /* a shorter interval counts as this long (duplicate times) */
} track_clock;

static double elapsed(const track_clock *c, size_t a, size_t b)
{
    double dt = c->timed ? c->fix[b].t - c->fix[a].t : (double)(b - a);
    return dt > c->min_dt ? dt : c->min_dt;
}

static double speed(const track_clock *c, size_t a, size_t b)
{
    return hypot(c->fix[b].x - c->fix[a].x, c->fix[b].y - c->fix[a].y) / elapsed(c, a, b);
}

/* Step 2: drop from the N fixes IDX (indices into the fixes) those that
 * could be reached only faster than VMAX; returns how many are left. */
static size_t drop_jumps(const track_clock *c, size_t *idx, size_t n, double vmax, int max_fixes,
                         size_t *dropped)
{
    size_t start = 0;
    /* A first fix that is itself the jump: its neighbours agree without it. */
    while (n - start >= 3 && speed(c, idx[start], idx[start + 1]) > vmax &&
           speed(c, idx[start + 1], idx[start + 2]) <= vmax) {
        start++;
        (*dropped)++;
    }
    if (n - start == 0)
        return 0;
    size_t kept = 0, i = start;
    idx[kept++] = idx[i++];
    while (i < n) {
        size_t a = idx[kept - 1];
        if (speed(c, a, idx[i]) <= vmax) {
            idx[kept++] = idx[i++];
            continue;
        }
        size_t back = 0;
        for (size_t j = i + 1; j < n && j - i <= (size_t)max_fixes && !back; j++)
            if (speed(c, a, idx[j]) <= vmax)
                back = j;
        if (back) {
            *dropped += back - i;
            i = back;
        } else {
            idx[kept++] = idx[i++]; /* the track moved on */
        }
    }
    return kept;
}

/* Distance from P to the segment A-B. */
static double segment_distance(const double *p, const double *a, const double *b)
{
    double dx = b[0] - a[0], dy = b[1] - a[1], len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

static double fix_distance(const vi_fix *f, size_t a, size_t b)
{
    return hypot(f[b].x - f[a].x, f[b].y - f[a].y);
}

/* The longest run of fixes judged as one by drop_scattered. */
enum { max_scattered_run = 8 };

/* A run of fixes drop_scattered may drop: IDX[start .. start + len). */
typedef struct {
    size_t start, len;
    double excess; /* what the run adds to the length over its neighbours' chord */
} scattered_run;

/* How far fix P is from the chord of fixes A and B. */
static double off_chord(const vi_fix *f, size_t a, size_t p, size_t b)
{
    return segment_distance((const double[]){f[p].x, f[p].y}, (const double[]){f[a].x, f[a].y},
                            (const double[]){f[b].x, f[b].y});
}

static int by_excess(const void *a, const void *b)
{
    double x = ((const scattered_run *)a)->excess, y = ((const scattered_run *)b)->excess;
    return (x < y) - (x > y); /* the largest first */
}

/* Step 2b: drop from the N fixes IDX those without an hdop that stand out
 * of their neighbours by more than the accuracy (a KML gx:Track, a GPX file
 * without hdop: their poor fixes have nothing else to tell them by): a fix
 * the noise put d off the line adds about 2 d to the length over its
 * neighbours' chord, a fix on a bend little (a car's on a 30 m curve at
 * 15 m/s: under a metre).  Erratic fixes come in stretches, and a few of
 * them close together add little one by one: a run of up to
 * max_scattered_run fixes is judged as one when it goes out and comes back
 * (twice the chord), which a road at one fix a second does not; its first
 * and last fixes must be off the chord, so that no good fix beside it is
 * taken with it.  Each pass
 * drops the runs adding most, apart from each other, and the fixes left are
 * judged again with their new neighbours; returns how many are left. */
static size_t drop_scattered(const vi_fix *fix, size_t *idx, size_t n, double accuracy,
                             size_t *dropped)
{
    double limit = 2 * accuracy;
    scattered_run *runs = g_new(scattered_run, n ? n : 1);
    gboolean *gone = g_new(gboolean, n ? n : 1), *taken = g_new(gboolean, n ? n : 1);
    for (gboolean again = TRUE; again && n >= 3;) {
        size_t nruns = 0;
        for (size_t i = 1; i + 1 < n; i++) {
            scattered_run best = {i, 0, limit};
            double via = fix_distance(fix, idx[i - 1], idx[i]);
            for (size_t len = 1; len <= max_scattered_run && i + len < n; len++) {
                size_t a = idx[i - 1], last = idx[i + len - 1], b = idx[i + len];
                if (isfinite(fix[last].hdop))
                    break; /* the file said how good it is: step 1 judged it */
                double chord = fix_distance(fix, a, b);
                double through = via + fix_distance(fix, last, b), excess = through - chord;
                if (excess > best.excess && (len == 1 || through > 2 * chord) &&
                    off_chord(fix, a, idx[i], b) > accuracy &&
                    off_chord(fix, a, last, b) > accuracy)
                    best = (scattered_run){i, len, excess};
                via += fix_distance(fix, last, b);
            }
            if (best.len)
                runs[nruns++] = best;
        }
        qsort(runs, nruns, sizeof *runs, by_excess);
        memset(gone, 0, n * sizeof *gone);
        memset(taken, 0, n * sizeof *taken);
        again = FALSE;
        for (size_t r = 0; r < nruns; r++) {
            size_t from = runs[r].start - 1, to = runs[r].start + runs[r].len;
            gboolean free = TRUE;
            for (size_t i = from; i <= to && free; i++)
                free = !taken[i];
            if (!free) /* a neighbour of a run dropped in this pass: judged in the next */
                continue;
            for (size_t i = from; i <= to; i++)
                taken[i] = TRUE;
            for (size_t i = runs[r].start; i < to; i++)
                gone[i] = TRUE;
            *dropped += runs[r].len;
            again = TRUE;
        }
        size_t kept = 0;
        for (size_t i = 0; i < n; i++)
            if (!gone[i])
                idx[kept++] = idx[i];
        n = kept;
    }
    g_free(taken);
    g_free(gone);
    g_free(runs);
    return n;
}

/* Step 3: the N fixes IDX into OUT (x, y pairs), each stationary cluster as
 * its centroid; returns the number of points. */
static size_t collapse_stops(const track_clock *c, const size_t *idx, size_t n, double radius,
                             const track_clean_params *p, double *out, size_t *stops)
{
    const vi_fix *f = c->fix;
    size_t m = 0, last_stop = 0; /* fixes in the stop that is the last point, or 0 */
    for (size_t i = 0; i < n;) {
        double cx = f[idx[i]].x, cy = f[idx[i]].y;
        size_t j = i + 1;
        for (; j < n; j++) {
            double k = (double)(j - i);
            double nx = (cx * k + f[idx[j]].x) / (k + 1), ny = (cy * k + f[idx[j]].y) / (k + 1);
            gboolean inside = TRUE;
            for (size_t q = i; q <= j && inside; q++)
                inside = hypot(f[idx[q]].x - nx, f[idx[q]].y - ny) <= radius;
            if (!inside)
                break;
            cx = nx;
            cy = ny;
        }
        gboolean stop = j - i >= (size_t)p->min_stop_fixes &&
                        (!c->timed || f[idx[j - 1]].t - f[idx[i]].t >= p->min_stop_seconds);
        if (stop && last_stop && hypot(out[2 * m - 2] - cx, out[2 * m - 1] - cy) <= radius) {
            /* A stop entered by a few moving fixes can end before the phone
             * moves on: the rest is the same stop. */
            double k = (double)last_stop, l = (double)(j - i);
            out[2 * m - 2] = (out[2 * m - 2] * k + cx * l) / (k + l);
            out[2 * m - 1] = (out[2 * m - 1] * k + cy * l) / (k + l);
            last_stop += j - i;
            i = j;
            continue;
        }
        if (stop) {
            out[2 * m] = cx;
            out[2 * m + 1] = cy;
            (*stops)++;
            last_stop = j - i;
            i = j;
        } else {
            out[2 * m] = f[idx[i]].x;
            out[2 * m + 1] = f[idx[i]].y;
            last_stop = 0;
            i++;
        }
        m++;
    }
    return m;
}

/* Step 4: Douglas-Peucker on the N points XY in place at TOL; returns the
 * number kept (the first and last always are). */
static size_t douglas_peucker(double *xy, size_t n, double tol)
{
    if (n < 3)
        return n;
    gboolean *keep = g_new0(gboolean, n);
    size_t *stack = g_new(size_t, 2 * n);
    size_t top = 0;
    keep[0] = keep[n - 1] = TRUE;
    stack[top++] = 0;
    stack[top++] = n - 1;
    while (top) {
        size_t b = stack[--top], a = stack[--top];
        double worst = -1;
        size_t at = 0;
        for (size_t i = a + 1; i < b; i++) {
            double d = segment_distance(xy + 2 * i, xy + 2 * a, xy + 2 * b);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        if (worst > tol) {
            keep[at] = TRUE;
            stack[top++] = a;
            stack[top++] = at;
            stack[top++] = at;
            stack[top++] = b;
        }
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i]) {
            xy[2 * m] = xy[2 * i];
            xy[2 * m + 1] = xy[2 * i + 1];
            m++;
        }
    g_free(stack);
    g_free(keep);
    return m;
}

size_t track_clean(const vi_fix *fix, size_t n, const track_clean_params *p, double *out,
                   track_clean_stats *stats)
{
    track_clean_stats st = {0};
    size_t *idx = g_new(size_t, n ? n : 1);
    double *work = g_new(double, n ? n : 1);
    track_clock c = {fix, n > 0, 1.0};
    for (size_t i = 0; i < n; i++)
        if (!isfinite(fix[i].t) || (i > 0 && fix[i].t < fix[i - 1].t))
            c.timed = FALSE;

    /* 1. Accuracy. */
    size_t m = 0, nh = 0;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(fix[i].hdop) && fix[i].hdop > p->max_hdop) {
            st.poor_accuracy++;
            continue;
        }
        if (isfinite(fix[i].hdop))
            work[nh++] = fix[i].hdop;
        idx[m++] = i;
    }
    double hdop = median(work, nh);
    st.accuracy = isfinite(hdop) ? hdop * p->metres_per_hdop : p->default_accuracy;
    st.accuracy = fmin(fmax(st.accuracy, p->min_accuracy), p->max_accuracy);

    /* 2. Jumps, against the median speed between accurate fixes. */
    size_t ns = 0;
    for (size_t i = 1; i < m; i++) {
        double dt = c.timed ? fix[idx[i]].t - fix[idx[i - 1]].t : 1.0;
        if (dt > 0)
            work[ns++] =
                hypot(fix[idx[i]].x - fix[idx[i - 1]].x, fix[idx[i]].y - fix[idx[i - 1]].y) / dt;
    }
    double typical = median(work, ns);
    if (c.timed) { /* duplicate time stamps count as the usual interval */
        size_t nt = 0;
        for (size_t i = 1; i < m; i++) {
            double dt = fix[idx[i]].t - fix[idx[i - 1]].t;
            if (dt > 0)
                work[nt++] = dt;
        }
        double usual = median(work, nt);
        c.min_dt = isfinite(usual) ? usual : 1.0;
    }
    double vmax = fmax(p->min_jump_speed, p->jump_speed_factor * (isfinite(typical) ? typical : 0));
    m = drop_jumps(&c, idx, m, vmax, p->max_jump_fixes, &st.jumps);
    m = drop_scattered(fix, idx, m, st.accuracy, &st.scattered);

    /* 3. Stops, 4. simplification. */
    m = collapse_stops(&c, idx, m, st.accuracy, p, out, &st.stops);
    m = douglas_peucker(out, m, st.accuracy);
    g_free(work);
    g_free(idx);
    if (stats)
        *stats = st;
    return m;
}
