/*
 * features.h - hand-made features for the C unit tests that need a store:
 * little-endian ISO WKB points, lines and boxes in EPSG:4490 degrees, and
 * insert() to write one feature with its attributes.  Every position is
 * known, so a test can check exact answers.  Include it after unit.h, in
 * one test file (its functions are static), and store_begin() before the
 * inserts, commit_features() after them.
 */
#ifndef VINFRA_TESTS_FEATURES_H
#define VINFRA_TESTS_FEATURES_H

#include "registry.h"
#include "store.h"

#include <glib.h>

static GByteArray *wkb_start(guint32 type)
{
    GByteArray *b = g_byte_array_new();
    guint8 order = 1;
    g_byte_array_append(b, &order, 1);
    guint32 le = GUINT32_TO_LE(type);
    g_byte_array_append(b, (guint8 *)&le, 4);
    return b;
}

static void wkb_u32(GByteArray *b, guint32 v)
{
    guint32 le = GUINT32_TO_LE(v);
    g_byte_array_append(b, (guint8 *)&le, 4);
}

static void wkb_xy(GByteArray *b, double x, double y)
{
    g_byte_array_append(b, (guint8 *)&x, 8);
    g_byte_array_append(b, (guint8 *)&y, 8);
}

static G_GNUC_UNUSED GByteArray *wkb_point(double lon, double lat)
{
    GByteArray *b = wkb_start(1);
    wkb_xy(b, lon, lat);
    return b;
}

/* A MultiLineString of one line of N points XY. */
static G_GNUC_UNUSED GByteArray *wkb_line(const double *xy, int n)
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

/* A MultiPolygon of one rectangle. */
static G_GNUC_UNUSED GByteArray *wkb_box(double x0, double y0, double x1, double y1)
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

/* Insert a feature of LAYER_NAME with GEOM (freed here) and the attribute
 * values KV ("name", "value", ..., NULL); a failure is a test failure. */
static G_GNUC_UNUSED void insert(vi_store *st, const vi_registry *reg, const char *layer_name,
                                 const char *id, const char *village, const char *name,
                                 const char *status, GByteArray *geom, const char *const *kv)
{
    const vi_layer *layer = registry_layer(reg, layer_name);
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

/* Commit the features inserted since store_begin(), recorded in the
 * history as an import (a change the history does not hold cannot be
 * committed); a failure is a test failure. */
static G_GNUC_UNUSED void commit_features(vi_store *st)
{
    GError *err = NULL;
    vi_change change = {.action = "import", .detail = "hand-made test features"};
    if (!store_history_record(st, &change, &err) || !store_commit(st, &err)) {
        FAIL("commit: %s", err->message);
        g_error_free(err);
        store_rollback(st);
    }
}

#endif
