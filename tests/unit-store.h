/*
 * unit-store.h - a small store built by a C unit test from hand-made
 * features, so that every count, length, distance and pixel it checks is
 * known: little-endian ISO WKB points, lines and boxes in EPSG:4490
 * degrees, insert() and insert_project() to write a feature or a project,
 * commit_features() to commit them as a change the history holds, a store
 * in a temporary folder, and the length of a meridian arc on the CGCS2000
 * ellipsoid, the oracle for lines that run due north.
 *
 * Include it after unit.h (FAIL), in one test file: its functions are
 * static.  Call store_begin() before the inserts and commit_features()
 * after them.
 */
#ifndef VINFRA_TESTS_UNIT_STORE_H
#define VINFRA_TESTS_UNIT_STORE_H

#include "registry.h"
#include "store.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>

/* ---- WKB ---- */

static inline GByteArray *wkb_start(guint32 type)
{
    GByteArray *b = g_byte_array_new();
    guint8 order = 1;
    g_byte_array_append(b, &order, 1);
    guint32 le = GUINT32_TO_LE(type);
    g_byte_array_append(b, (guint8 *)&le, 4);
    return b;
}

static inline void wkb_u32(GByteArray *b, guint32 v)
{
    guint32 le = GUINT32_TO_LE(v);
    g_byte_array_append(b, (guint8 *)&le, 4);
}

static inline void wkb_xy(GByteArray *b, double x, double y)
{
    g_byte_array_append(b, (guint8 *)&x, 8);
    g_byte_array_append(b, (guint8 *)&y, 8);
}

static inline GByteArray *wkb_point(double lon, double lat)
{
    GByteArray *b = wkb_start(1);
    wkb_xy(b, lon, lat);
    return b;
}

/* A MultiLineString of one line of N points XY. */
static inline GByteArray *wkb_line(const double *xy, int n)
{
    GByteArray *b = wkb_start(5);
    wkb_u32(b, 1);
    guint8 order = 1;
    g_byte_array_append(b, &order, 1);
    wkb_u32(b, 2);
    wkb_u32(b, (guint32)n);
    for (int i = 0; i < n; i++)
        wkb_xy(b, xy[2 * i], xy[2 * i + 1]);
    return b;
}

/* A MultiLineString of one segment from LON1, LAT1 to LON2, LAT2. */
static inline GByteArray *wkb_segment(double lon1, double lat1, double lon2, double lat2)
{
    return wkb_line((const double[]){lon1, lat1, lon2, lat2}, 2);
}

/* A MultiPolygon of one rectangle. */
static inline GByteArray *wkb_box(double x0, double y0, double x1, double y1)
{
    GByteArray *b = wkb_start(6);
    wkb_u32(b, 1);
    guint8 order = 1;
    g_byte_array_append(b, &order, 1);
    wkb_u32(b, 3);
    wkb_u32(b, 1);
    wkb_u32(b, 5);
    wkb_xy(b, x0, y0);
    wkb_xy(b, x1, y0);
    wkb_xy(b, x1, y1);
    wkb_xy(b, x0, y1);
    wkb_xy(b, x0, y0);
    return b;
}

/* ---- writing ---- */

/* Insert a feature of LAYER_NAME with GEOM (freed here) and the attribute
 * values KV ("name", "value", ..., NULL); a failure is a test failure. */
static inline void insert(vi_store *st, const char *layer_name, const char *id, const char *village,
                          const char *name, const char *status, GByteArray *geom,
                          const char *const *kv)
{
    const vi_layer *layer = registry_layer(store_registry(st), layer_name);
    const char **attrs = g_new0(const char *, layer->nattrs + 1);
    for (int i = 0; kv && kv[i]; i += 2) {
        int a = layer_attr_index(layer, kv[i]);
        if (a < 0)
            FAIL("insert %s %s: no attribute %s", layer_name, id, kv[i]);
        else
            attrs[a] = kv[i + 1];
    }
    vi_feature f = {id, village, name, status, 2020, NULL, geom->data, geom->len, attrs};
    GError *err = NULL;
    if (!store_feature_insert(st, layer, &f, 0, &err)) {
        FAIL("insert %s %s: %s", layer_name, id, err->message);
        g_error_free(err);
    }
    g_free(attrs);
    g_byte_array_unref(geom);
}

static inline void insert_project(vi_store *st, const char *id, const char *programme,
                                  const char *village, const char *kind, double funding_wan)
{
    vi_project p = {id, id, programme, village, kind, 2019, funding_wan};
    GError *err = NULL;
    if (!store_project_insert(st, &p, 0, &err)) {
        FAIL("insert project %s: %s", id, err->message);
        g_error_free(err);
    }
}

/* Commit the features inserted since store_begin(), recorded in the
 * history as an import (a change the history does not hold cannot be
 * committed); a failure is a test failure. */
static inline void commit_features(vi_store *st)
{
    GError *err = NULL;
    vi_change change = {.action = "import", .detail = "hand-made test features"};
    if (!store_history_record(st, &change, &err) || !store_commit(st, &err)) {
        FAIL("commit: %s", err->message);
        g_error_free(err);
        store_rollback(st);
    }
}

/* ---- a store in a temporary folder ---- */

/* The registry of DATADIR (*REG) and a new store over it in a new temporary
 * folder (*TMP, free it with unit_store_remove()); NULL after a FAIL, with
 * *REG NULL when the registry could not be read. */
static inline vi_store *unit_store_new(const char *datadir, vi_registry **reg, char **tmp)
{
    GError *err = NULL;
    *tmp = g_dir_make_tmp("vinfra-unit-XXXXXX", NULL);
    *reg = registry_load(datadir, &err);
    char *db = g_build_filename(*tmp, "t.sqlite", NULL);
    vi_store *st = *reg ? store_create(db, *reg, &err) : NULL;
    g_free(db);
    if (!st) {
        FAIL("store: %s", err->message);
        g_error_free(err);
    }
    return st;
}

/* Remove the temporary folder of unit_store_new() and what is in it. */
static inline void unit_store_remove(char *tmp)
{
    GDir *d = g_dir_open(tmp, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(tmp, name, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(tmp);
    g_free(tmp);
}

/* ---- an oracle ---- */

/* The length of the meridian arc from latitude LAT1 to LAT2 (degrees) on the
 * CGCS2000 ellipsoid: the integral of the meridian radius of curvature
 * a (1 - e²) / (1 - e² sin² φ)^(3/2), by Simpson's rule (exact to far below
 * a millimetre over a few kilometres). */
static inline double meridian_m(double lat1, double lat2)
{
    const double a = 6378137.0, f = 1 / 298.257222101, e2 = f * (2 - f);
    const int n = 1000;
    double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180, h = (p2 - p1) / n, sum = 0;
    for (int i = 0; i <= n; i++) {
        double s = sin(p1 + i * h);
        double m = a * (1 - e2) / pow(1 - e2 * s * s, 1.5);
        sum += m * (i == 0 || i == n ? 1 : i % 2 ? 4 : 2);
    }
    return fabs(sum * h / 3);
}

#endif
