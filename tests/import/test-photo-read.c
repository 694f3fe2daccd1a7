/*
 * test-photo-read.c - the EXIF GPS reader of photo-read.c on JPEG headers
 * built here: both byte orders, the southern and western hemispheres, one,
 * two and three rationals, a direction, and what is not a position (no
 * Exif segment, no GPS IFD, a zero denominator, a missing reference); and
 * the EXIF time.  The shell test (test-photos.sh) reads whole photos.
 */
#include "photo.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures;

/* A JPEG start: SOI, APP1 Exif with a TIFF (byte order BE) whose IFD0 has
 * only the GPS IFD pointer, and a GPS IFD of the given entries. */
typedef struct {
    guint8 b[512];
    size_t n;
    gboolean be;
} buf;

static void put(buf *o, size_t at, guint32 v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        o->b[at + (size_t)(o->be ? bytes - 1 - i : i)] = (guint8)(v >> (8 * i));
}

typedef struct {
    int tag;
    const char *ascii; /* a reference, or NULL */
    guint32 rat[6];    /* up to three rationals */
    int nrat;
} gps_entry;

static buf make_jpeg(gboolean be, const gps_entry *e, int ne)
{
    buf o = {{0}, 0, be};
    const size_t T =
        12; /* the TIFF header's offset: SOI (2), APP1 marker and length (4), Exif\0\0 */
    o.b[0] = 0xFF, o.b[1] = 0xD8, o.b[2] = 0xFF, o.b[3] = 0xE1;
    memcpy(o.b + 6, "Exif\0\0", 6);
    memcpy(o.b + T, be ? "MM\0*" : "II*\0", 4);
    o.be = be;
    put(&o, T + 4, 8, 4);
    /* IFD0 at 8: one entry, GPS pointer (LONG) to 26. */
    put(&o, T + 8, 1, 2);
    put(&o, T + 10, 0x8825, 2), put(&o, T + 12, 4, 2), put(&o, T + 14, 1, 4),
        put(&o, T + 18, 26, 4);
    put(&o, T + 22, 0, 4);
    size_t gps = 26, data = gps + 2 + 12 * (size_t)ne + 4;
    put(&o, T + gps, (guint32)ne, 2);
    for (int i = 0; i < ne; i++) {
        size_t at = T + gps + 2 + 12 * (size_t)i;
        put(&o, at, (guint32)e[i].tag, 2);
        if (e[i].ascii) {
            put(&o, at + 2, 2, 2), put(&o, at + 4, 2, 4);
            o.b[at + 8] = (guint8)e[i].ascii[0];
        } else {
            put(&o, at + 2, 5, 2), put(&o, at + 4, (guint32)e[i].nrat, 4);
            put(&o, at + 8, (guint32)data, 4);
            for (int k = 0; k < 2 * e[i].nrat; k++)
                put(&o, T + data + 4 * (size_t)k, e[i].rat[k], 4);
            data += 8 * (size_t)e[i].nrat;
        }
    }
    o.n = T + data;
    o.b[4] = (guint8)((o.n - 4) >> 8), o.b[5] = (guint8)(o.n - 4);
    o.b[o.n++] = 0xFF, o.b[o.n++] = 0xDA;
    return o;
}

static void check_gps(const char *what, const buf *o, gboolean want, double lon, double lat,
                      gboolean want_dir, double dir)
{
    double glon = 0, glat = 0, gdir = 0;
    gboolean has_dir = FALSE;
    gboolean got = photo_exif_gps(o->b, o->n, &glon, &glat, &has_dir, &gdir);
    if (got != want || (want && (fabs(glon - lon) > 1e-9 || fabs(glat - lat) > 1e-9 ||
                                 has_dir != want_dir || (want_dir && fabs(gdir - dir) > 1e-9)))) {
        printf("FAIL %s: got %d %.9f %.9f dir %d %.3f, expected %d %.9f %.9f dir %d %.3f\n", what,
               got, glon, glat, has_dir, gdir, want, lon, lat, want_dir, dir);
        failures++;
    }
}

static void check_time(const char *in, const char *want)
{
    char *got = photo_exif_time(in);
    if (g_strcmp0(got, want) != 0) {
        printf("FAIL time \"%s\": got %s, expected %s\n", in, got ? got : "NULL",
               want ? want : "NULL");
        failures++;
    }
    g_free(got);
}

int main(void)
{
    for (int be = 0; be <= 1; be++) {
        const gps_entry dms[] = {
            {1, "N", {0}, 0},
            {2, NULL, {34, 1, 0, 1, 2550, 100}, 3},
            {3, "E", {0}, 0},
            {4, NULL, {109, 1, 16, 1, 3050, 100}, 3},
            {0x11, NULL, {12345, 100}, 1},
        };
        buf o = make_jpeg(be, dms, 5);
        check_gps(be ? "DMS big-endian" : "DMS little-endian", &o, TRUE,
                  109 + 16 / 60.0 + 30.5 / 3600, 34 + 25.5 / 3600, TRUE, 123.45);
        const gps_entry sw[] = {
            {1, "S", {0}, 0},
            {2, NULL, {33, 1, 300000, 10000}, 2},
            {3, "w", {0}, 0},
            {4, NULL, {1092905341, 10000000}, 1},
        };
        o = make_jpeg(be, sw, 4);
        check_gps("south, west, degrees and minutes, decimal degrees", &o, TRUE, -109.2905341,
                  -33.5, FALSE, 0);
    }
    const gps_entry no_ref[] = {{2, NULL, {34, 1, 0, 1, 0, 1}, 3}, {4, NULL, {109, 1}, 1}};
    buf o = make_jpeg(FALSE, no_ref, 2);
    check_gps("no references", &o, FALSE, 0, 0, FALSE, 0);
    const gps_entry zero_den[] = {
        {1, "N", {0}, 0}, {2, NULL, {34, 0}, 1}, {3, "E", {0}, 0}, {4, NULL, {109, 1}, 1}};
    o = make_jpeg(FALSE, zero_den, 4);
    check_gps("degrees over zero", &o, FALSE, 0, 0, FALSE, 0);
    const gps_entry empty[] = {{0, "\002", {0}, 0}};
    o = make_jpeg(FALSE, empty, 1);
    check_gps("a GPS IFD without a position", &o, FALSE, 0, 0, FALSE, 0);
    const guint8 bare[] = {0xFF, 0xD8, 0xFF, 0xDA, 0, 2};
    buf b = {{0}, sizeof bare, FALSE};
    memcpy(b.b, bare, sizeof bare);
    check_gps("no Exif segment", &b, FALSE, 0, 0, FALSE, 0);
    o = make_jpeg(FALSE, empty, 1);
    o.n = 20; /* cut inside the TIFF */
    check_gps("a cut segment", &o, FALSE, 0, 0, FALSE, 0);

    check_time("2026:05:01 10:15:00", "2026-05-01T10:15:00");
    check_time("2026:13:01 10:15:00", NULL);
    check_time("    :  :     :  :  ", NULL);
    check_time(NULL, NULL);
    if (failures)
        printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
