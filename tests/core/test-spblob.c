/*
 * test-spblob.c - SpatiaLite blobs decoded without SpatiaLite (spblob.h)
 * against SpatiaLite itself: the WKB must be AsBinary()'s byte for byte and
 * the point ST_X()/ST_Y()'s; other forms must be refused, not misread.
 */
#include "../unit.h"
#include "spblob.h"

#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first */
#include <spatialite.h>
#include <string.h>

static sqlite3 *db;

/* SQL's one blob result (owned by the caller). */
static GBytes *query_blob(const char *sql, const char *wkt)
{
    sqlite3_stmt *st = NULL;
    GBytes *out = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        FAIL("cannot prepare %s: %s", sql, sqlite3_errmsg(db));
        return NULL;
    }
    sqlite3_bind_text(st, 1, wkt, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB)
        out = g_bytes_new(sqlite3_column_blob(st, 0), (gsize)sqlite3_column_bytes(st, 0));
    else
        FAIL("%s with %s gave no blob", sql, wkt);
    sqlite3_finalize(st);
    return out;
}

static void test_against_spatialite(void)
{
    static const char *const wkts[] = {
        "POINT(109.3 34.05)",
        "LINESTRING(109.1 34.0, 109.2 34.1, 109.25 34.3)",
        "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))",
        "MULTIPOINT(1 2, 3 4)",
        "MULTILINESTRING((109.1 34.0, 109.2 34.1), (110 35, 110.5 35.5, 111 35))",
        "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 7 5, 7 7, 5 7, 5 5), (6 6, 6.5 6, 6 6.5, "
        "6 6)))",
        "GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1), POLYGON((0 0, 1 0, 1 1, 0 0)))",
        "LINESTRING(-1e-300 1e300, 0.1 -0.2)",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(wkts); i++) {
        GBytes *blob = query_blob("SELECT GeomFromText(?, 4490)", wkts[i]);
        GBytes *want = query_blob("SELECT AsBinary(GeomFromText(?, 4490))", wkts[i]);
        if (!blob || !want)
            continue;
        gsize size, want_size;
        const unsigned char *b = g_bytes_get_data(blob, &size);
        const unsigned char *w = g_bytes_get_data(want, &want_size);
        GByteArray *out = g_byte_array_new();
        g_byte_array_append(out, (const guint8 *)"x", 1); /* appends after what is there */
        if (!spblob_to_wkb(b, size, out))
            FAIL("%s: refused", wkts[i]);
        else if (out->len != want_size + 1 || memcmp(out->data + 1, w, want_size) != 0)
            FAIL("%s: WKB differs from AsBinary()", wkts[i]);
        /* Every truncation is refused and leaves OUT alone. */
        for (gsize cut = 0; cut < size; cut++) {
            g_byte_array_set_size(out, 1);
            if (spblob_to_wkb(b, cut, out) || out->len != 1) {
                FAIL("%s cut to %zu bytes: not refused", wkts[i], cut);
                break;
            }
        }
        double x = 0, y = 0;
        gboolean point = g_str_has_prefix(wkts[i], "POINT");
        if (spblob_point(b, size, &x, &y) != point)
            FAIL("%s: spblob_point %s", wkts[i], point ? "refused it" : "took it");
        else if (point && (x != 109.3 || y != 34.05))
            FAIL("%s: point %.17g %.17g", wkts[i], x, y);
        g_byte_array_unref(out);
        g_bytes_unref(blob);
        g_bytes_unref(want);
    }
}

static void test_refused(void)
{
    static const char *const sql[] = {
        "SELECT GeomFromText('POINT Z(1 2 3)', 4490)",
        "SELECT GeomFromText('LINESTRING M(1 2 3, 4 5 6)', 4490)",
        "SELECT CompressGeometry(GeomFromText('LINESTRING(1 2, 3 4, 5 6, 7 8)', 4490))",
        "SELECT X'00'",
        "SELECT AsBinary(GeomFromText('POINT(1 2)'))",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(sql); i++) {
        GBytes *blob = query_blob(sql[i], NULL);
        if (!blob)
            continue;
        gsize size;
        const unsigned char *b = g_bytes_get_data(blob, &size);
        GByteArray *out = g_byte_array_new();
        double x, y;
        if (spblob_to_wkb(b, size, out) || out->len != 0 || spblob_point(b, size, &x, &y))
            FAIL("%s: not refused", sql[i]);
        g_byte_array_unref(out);
        g_bytes_unref(blob);
    }
}

/* A big-endian blob, as a big-endian machine writes it, gives the same. */
static void test_big_endian(void)
{
    unsigned char b[60] = {0x00, 0x00};
    double x = 109.3, y = 34.05, mbr[4] = {x, y, x, y};
    guint32 srid = GUINT32_TO_BE(4490), cls = GUINT32_TO_BE(1);
    memcpy(b + 2, &srid, 4);
    for (int i = 0; i < 4; i++) {
        guint64 v;
        memcpy(&v, &mbr[i], 8);
        v = GUINT64_TO_BE(v);
        memcpy(b + 6 + 8 * i, &v, 8);
    }
    b[38] = 0x7C;
    memcpy(b + 39, &cls, 4);
    memcpy(b + 43, b + 6, 16);
    b[59] = 0xFE;
    double px = 0, py = 0;
    if (!spblob_point(b, sizeof b, &px, &py) || px != x || py != y)
        FAIL("big-endian point: %.17g %.17g", px, py);
    GBytes *want = query_blob("SELECT AsBinary(GeomFromText(?, 4490))", "POINT(109.3 34.05)");
    GByteArray *out = g_byte_array_new();
    gsize want_size = 0;
    const void *w = want ? g_bytes_get_data(want, &want_size) : NULL;
    if (!spblob_to_wkb(b, sizeof b, out) || out->len != want_size ||
        memcmp(out->data, w, want_size) != 0)
        FAIL("big-endian point: WKB differs from AsBinary()");
    g_byte_array_unref(out);
    if (want)
        g_bytes_unref(want);
}

int main(void)
{
    void *cache = spatialite_alloc_connection();
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
        fprintf(stderr, "FAIL cannot open an in-memory database\n");
        return 1;
    }
    spatialite_init_ex(db, cache, 0);
    test_against_spatialite();
    test_refused();
    test_big_endian();
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
    return unit_result();
}
