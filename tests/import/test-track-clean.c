/*
 * test-track-clean.c - track-clean.c: each step on fixes whose answer is
 * known exactly (a bad hdop, a spike, a jump at the start, a stop, a corner
 * the simplification must keep, fixes without an hdop standing out of their
 * neighbours, a car's curve that does not), then a simulated 1 Hz walk with
 * correlated noise whose cleaned length must be within 2% of the path, with
 * an hdop and without one (its poor fixes then unmarked).
 */
#include "track-clean.h"

#include <math.h>
#include <stdio.h>

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                                            \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* A deterministic normal deviate (xorshift and Box-Muller). */
static guint64 rng_state = 88172645463325252ULL;
static double uniform(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return ((double)(rng_state >> 11) + 0.5) / 9007199254740992.0;
}
static double normal(void)
{
    return sqrt(-2 * log(uniform())) * cos(2 * G_PI * uniform());
}

/* N fixes along the x axis, one metre a second, hdop 1. */
static vi_fix *straight(size_t n)
{
    vi_fix *f = g_new(vi_fix, n);
    for (size_t i = 0; i < n; i++)
        f[i] = (vi_fix){(double)i, 0, (double)i, 1.0};
    return f;
}

static void test_steps(void)
{
    track_clean_params p = track_clean_defaults();
    track_clean_stats st;
    double out[2 * 200];

    /* A straight walk: two points, its exact length. */
    vi_fix *f = straight(101);
    size_t m = track_clean(f, 101, &p, out, &st);
    CHECK(m == 2 && out[0] == 0 && out[2] == 100, "straight: %zu points, to %g", m, out[2]);
    CHECK(st.accuracy == 2.5 && st.jumps == 0 && st.stops == 0 && st.poor_accuracy == 0,
          "straight: accuracy %g, %zu jumps, %zu stops", st.accuracy, st.jumps, st.stops);

    /* A bad-hdop fix 40 m off the line, and a 30 m spike two fixes long. */
    f[20] = (vi_fix){20, 40, 20, 9.5};
    f[50].y = f[51].y = 30;
    m = track_clean(f, 101, &p, out, &st);
    CHECK(st.poor_accuracy == 1 && st.jumps == 2, "gates: %zu poor, %zu jumps", st.poor_accuracy,
          st.jumps);
    CHECK(m == 2 && track_planar_length(out, m) == 100, "gates: %zu points, length %g", m,
          track_planar_length(out, m));

    /* The first fix is the jump. */
    f[20].hdop = 1;
    f[20].y = f[50].y = f[51].y = 0;
    f[0].y = 500;
    m = track_clean(f, 101, &p, out, &st);
    CHECK(st.jumps == 1 && m == 2 && out[0] == 1 && out[1] == 0, "first jump: %zu, from %g %g",
          st.jumps, out[0], out[1]);
    g_free(f);

    /* A corner of 10 m: kept; a 2 m wiggle: not. */
    f = straight(61);
    for (size_t i = 30; i < 61; i++)
        f[i] = (vi_fix){30, (double)(i - 30), (double)i, 1.0};
    f[15].y = 2;
    m = track_clean(f, 61, &p, out, &st);
    CHECK(m == 3 && out[2] == 30 && out[3] == 0 && out[5] == 30, "corner: %zu points", m);

    /* Standing still 60 s within a metre: one point, the centroid. */
    g_free(f);
    f = g_new(vi_fix, 100);
    for (size_t i = 0; i < 20; i++)
        f[i] = (vi_fix){(double)i, 0, (double)i, NAN};
    for (size_t i = 20; i < 80; i++)
        f[i] = (vi_fix){20 + 0.5 * cos((double)i), 0.5 * sin((double)i), (double)i, NAN};
    for (size_t i = 80; i < 100; i++)
        f[i] = (vi_fix){20 + (double)(i - 79), 0, (double)i, NAN};
    m = track_clean(f, 100, &p, out, &st);
    CHECK(st.stops == 1 && st.accuracy == 3.0, "stop: %zu stops, accuracy %g", st.stops,
          st.accuracy);
    CHECK(fabs(track_planar_length(out, m) - 40) < 0.5, "stop: length %g, expected 40",
          track_planar_length(out, m));

    /* Duplicate time stamps count as the usual interval, not as a jump. */
    for (size_t i = 0; i < 100; i++)
        f[i].t = (double)(i / 2 * 2);
    m = track_clean(f, 100, &p, out, &st);
    CHECK(st.jumps == 0 && st.stops == 1, "duplicate times: %zu jumps, %zu stops", st.jumps,
          st.stops);

    /* Without times, the same gates count fixes. */
    for (size_t i = 0; i < 100; i++)
        f[i].t = NAN;
    m = track_clean(f, 100, &p, out, &st);
    CHECK(st.stops == 1, "stop without times: %zu", st.stops);
    g_free(f);

    /* Without hdop, a fix 4.5 m off the line stands out, and so do seven
     * that go 12 m out and back too slowly for the jump gate, none of them
     * standing out of its neighbours on its own; with an hdop that says
     * they are good, they are kept. */
    static const double out_and_back[] = {4, 8, 12, 12.5, 12, 8, 4};
    f = straight(101);
    for (size_t i = 0; i < 101; i++)
        f[i].hdop = NAN;
    f[20].y = 4.5;
    for (size_t i = 0; i < G_N_ELEMENTS(out_and_back); i++)
        f[40 + i].y = out_and_back[i];
    m = track_clean(f, 101, &p, out, &st);
    CHECK(st.scattered == 8 && st.jumps == 0 && m == 2 && track_planar_length(out, m) == 100,
          "scattered: %zu dropped, %zu jumps, %zu points", st.scattered, st.jumps, m);
    for (size_t i = 20; i < 47; i++)
        f[i].hdop = 1;
    m = track_clean(f, 101, &p, out, &st);
    CHECK(st.scattered == 0 && m > 2, "scattered with hdop: %zu dropped, %zu points", st.scattered,
          m);
    g_free(f);

    /* A car at 15 m/s round a quarter of a 30 m curve, no hdop: every fix
     * on the curve adds under a metre over its neighbours' chord. */
    f = g_new(vi_fix, 40);
    for (size_t i = 0; i < 40; i++) {
        double s = 15.0 * (double)i, arc = G_PI / 2 * 30, x, y;
        if (s < 150)
            x = s, y = 0;
        else if (s < 150 + arc)
            x = 150 + 30 * sin((s - 150) / 30), y = 30 - 30 * cos((s - 150) / 30);
        else
            x = 180, y = 30 + s - 150 - arc;
        f[i] = (vi_fix){x, y, (double)i, NAN};
    }
    m = track_clean(f, 40, &p, out, &st);
    CHECK(st.scattered == 0 && st.jumps == 0, "car: %zu scattered, %zu jumps", st.scattered,
          st.jumps);
    g_free(f);
}

/* A 1 Hz walk at 1.3 m/s round a 2 km closed path of straights and
 * semicircles, AR(1) noise of 2.5 m with a minute's correlation, every fix
 * of hdop HDOP (NAN: none); without hdop, two stretches of 15 poor fixes
 * 8-25 m off in it. */
static void test_walk(double hdop)
{
    const double r = 60, side = 1000 - G_PI * r; /* two sides and two ends: 2 km */
    const double total = 2 * side + 2 * G_PI * r, v = 1.3, sigma = 2.5, phi = 0.985;
    size_t n = (size_t)(total / v);
    vi_fix *f = g_new(vi_fix, n);
    double ex = sigma * normal(), ey = sigma * normal(), e = sigma * sqrt(1 - phi * phi);
    for (size_t i = 0; i < n; i++) {
        double s = v * (double)i, x, y;
        if (s < side)
            x = s, y = 0;
        else if (s < side + G_PI * r)
            x = side + r * sin((s - side) / r), y = r - r * cos((s - side) / r);
        else if (s < 2 * side + G_PI * r)
            x = side - (s - side - G_PI * r), y = 2 * r;
        else
            x = -r * sin((s - 2 * side - G_PI * r) / r),
            y = r + r * cos((s - 2 * side - G_PI * r) / r);
        ex = phi * ex + e * normal();
        ey = phi * ey + e * normal();
        f[i] = (vi_fix){x + ex, y + ey, (double)i, hdop};
    }
    for (size_t start = 300; !isfinite(hdop) && start < n; start += 900) {
        double a = 2 * G_PI * uniform();
        for (size_t i = start; i < start + 15; i++) {
            double d = 8 + 17 * uniform();
            a += normal() / 3;
            f[i].x += d * cos(a);
            f[i].y += d * sin(a);
        }
    }
    double *raw = g_new(double, 2 * n), *out = g_new(double, 2 * n);
    for (size_t i = 0; i < n; i++)
        raw[2 * i] = f[i].x, raw[2 * i + 1] = f[i].y;
    double true_len = v * (double)(n - 1), raw_len = track_planar_length(raw, n);
    track_clean_params p = track_clean_defaults();
    size_t m = track_clean(f, n, &p, out, NULL);
    double len = track_planar_length(out, m);
    CHECK(raw_len > 1.03 * true_len, "walk: the raw track is only %.1f%% long",
          100 * (raw_len / true_len - 1));
    CHECK(fabs(len / true_len - 1) < 0.02, "walk, hdop %g: cleaned %.1f m for %.1f m (raw %.1f m)",
          hdop, len, true_len, raw_len);
    g_free(raw);
    g_free(out);
    g_free(f);
}

int main(void)
{
    test_steps();
    test_walk(1.2);
    test_walk(NAN);
    if (failures)
        printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
