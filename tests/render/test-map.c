/*
 * test-map.c - the map frame drawn on a PNG page, probed pixel by pixel: a
 * clinic's symbol colour at its computed pixel, households of each poverty
 * class in their style's colours, nothing drawn outside the frame, the
 * neighbour veil, and labels never placed on top of each other.
 * The store is built here from hand-made features, so every position is known.
 */
#include "../unit.h"
#include "../unit-store.h"
#include "map.h"
#include "mapdata.h"
#include "page.h"
#include "registry.h"
#include "store.h"
#include "style.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A MultiPolygon of one ring of N points (closed here). */
static GByteArray *ring(const double *xy, int n)
{
    GByteArray *b = wkb_start(6);
    wkb_u32(b, 1);
    guint8 order = 1;
    g_byte_array_append(b, &order, 1);
    wkb_u32(b, 3);
    wkb_u32(b, 1);
    wkb_u32(b, (guint32)n + 1);
    for (int i = 0; i <= n; i++)
        wkb_xy(b, xy[2 * (i % n)], xy[2 * (i % n) + 1]);
    return b;
}

/* A MultiLineString of N - 1 parts, each one segment of XY, end to end. */
static GByteArray *pieces(const double *xy, int n)
{
    GByteArray *b = wkb_start(5);
    wkb_u32(b, (guint32)n - 1);
    for (int i = 0; i + 1 < n; i++) {
        guint8 order = 1;
        g_byte_array_append(b, &order, 1);
        wkb_u32(b, 2);
        wkb_u32(b, 2);
        wkb_xy(b, xy[2 * i], xy[2 * i + 1]);
        wkb_xy(b, xy[2 * i + 2], xy[2 * i + 3]);
    }
    return b;
}

/* The colour at page position PX, PY (mm) of a PNG page. */
static guint32 pixel(vi_page *pg, double px, double py)
{
    cairo_surface_flush(pg->surface);
    int x = (int)(px * pg->dpi / 25.4), y = (int)(py * pg->dpi / 25.4);
    const guint32 *row =
        (const guint32 *)(cairo_image_surface_get_data(pg->surface) +
                          (size_t)y * (size_t)cairo_image_surface_get_stride(pg->surface));
    return (row[x] & 0xffffff) << 8 | 0xff;
}

static gboolean near(guint32 a, guint32 b, int tol)
{
    for (int s = 8; s < 32; s += 8)
        if (abs((int)(a >> s & 0xff) - (int)(b >> s & 0xff)) > tol)
            return FALSE;
    return TRUE;
}

static const vi_style_row *row_of(const vi_style *s, const char *layer, const char *when)
{
    for (guint r = 0; r < s->rows->len; r++) {
        const vi_style_row *row = &g_array_index(s->rows, vi_style_row, r);
        if (strcmp(row->layer, layer) == 0 && g_strcmp0(row->when, when) == 0)
            return row;
    }
    return NULL;
}

/* Feature I of L drawn alone in the frame of M on the PNG page PG in its
 * style row's look, once through the map (thinned and clipped) and once
 * with every vertex: the map's path has at most MAX_VERTICES vertices and
 * at most 1% of the feature's pixels differ by more than antialiasing. */
static void check_feature_drawn(vi_page *pg, const vi_mapdata *data, const double *vb,
                                const vi_layerdata *l, int i, long max_vertices)
{
    const vi_style *style = pg->style;
    const vi_style_row *row = &g_array_index(style->rows, vi_style_row, l->style_row[i]);
    gboolean polygon = l->layer->geometry == VI_GEOM_POLYGON;
    int w = cairo_image_surface_get_width(pg->surface),
        h = cairo_image_surface_get_height(pg->surface);
    cairo_surface_t *full = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *fcr = cairo_create(full);
    cairo_scale(fcr, pg->dpi / 25.4, pg->dpi / 25.4);
    vi_map *m = map_new(pg, data, FALSE, 20, 20, 160, 110, vb[0], vb[1], vb[2], vb[3], 0.05);
    map_begin(m);
    cairo_t *cr = pg->cr;
    cairo_new_path(cr);
    map_feature_path(m, l, i);
    for (int pass = 0; pass < 2; pass++) {
        cairo_t *c = pass ? fcr : cr;
        if (pass) {
            cairo_rectangle(c, 20, 20, 160, 110);
            cairo_clip(c);
            page_set_colour(c, style->layout.map_background);
            cairo_paint(c);
            for (int p = l->feat_part[i]; p < l->feat_part[i + 1]; p++) {
                for (int k = l->part_start[p]; k < l->part_start[p + 1]; k++) {
                    double px, py;
                    map_to_page(m, l->xy[2 * k], l->xy[2 * k + 1], &px, &py);
                    if (k == l->part_start[p])
                        cairo_move_to(c, px, py);
                    else
                        cairo_line_to(c, px, py);
                }
                if (polygon)
                    cairo_close_path(c);
            }
        }
        cairo_save(c);
        if (polygon) {
            cairo_set_fill_rule(c, CAIRO_FILL_RULE_EVEN_ODD);
        } else {
            cairo_set_line_cap(c, CAIRO_LINE_CAP_ROUND);
            cairo_set_line_join(c, CAIRO_LINE_JOIN_ROUND);
        }
        map_paint_path(c, polygon ? row->fill : 0, row->stroke, row->width_mm);
        cairo_restore(c);
    }
    map_end(m);
    cairo_destroy(fcr);
    long nv = map_path_vertices(m);
    int nin = l->part_start[l->feat_part[i + 1]] - l->part_start[l->feat_part[i]];
    if (nv > max_vertices)
        FAIL("%s %s: %ld vertices drawn of %d, expected at most %ld", l->layer->name, l->id[i], nv,
             nin, max_vertices);
    cairo_surface_flush(pg->surface);
    cairo_surface_flush(full);
    double k = pg->dpi / 25.4;
    int stride = cairo_image_surface_get_stride(full);
    const unsigned char *da = cairo_image_surface_get_data(pg->surface);
    const unsigned char *db = cairo_image_surface_get_data(full);
    /* Compared at half the resolution: the thinned path strays a quarter
     * pixel at most, which shifts an antialiased edge by an eighth there. */
    long differ = 0, ink = 0;
    for (int y = (int)(20 * k) + 2; y < (int)(130 * k) - 4; y += 2) {
        for (int x = (int)(20 * k) + 2; x < (int)(180 * k) - 4; x += 2) {
            guint32 pa = 0xff, pb = 0xff;
            for (int c = 0; c < 24; c += 8) {
                int sa = 0, sb = 0;
                for (int q = 0; q < 4; q++) {
                    size_t off = (size_t)(y + q / 2) * (size_t)stride;
                    sa += ((const guint32 *)(da + off))[x + q % 2] >> c & 0xff;
                    sb += ((const guint32 *)(db + off))[x + q % 2] >> c & 0xff;
                }
                pa |= (guint32)(sa / 4) << (c + 8);
                pb |= (guint32)(sb / 4) << (c + 8);
            }
            differ += !near(pa, pb, 32);
            ink += !near(pb, style->layout.map_background, 8);
        }
    }
    if (ink < 1000 || differ > ink / 100)
        FAIL("%s %s: %ld of its %ld pixels (at half resolution) differ from the full "
             "geometry's",
             l->layer->name, l->id[i], differ, ink);
    map_free(m);
    cairo_surface_destroy(full);
}

/* A survey road of DENSE_N vertices (a point every 30 cm, with 20 cm of
 * GPS jitter) winding across the frame and far beyond it on both sides, a
 * neighbouring village traced to DENSE_N vertices and a road cut into
 * DENSE_N / 4 pieces end to end: drawn at the page's resolution each is a
 * path of a few thousand vertices at most on PNG and SVG alike, and looks
 * as the full geometry does; the road keeps its name label. */
#define DENSE_N 200000
static void check_dense_lines(const vi_registry *reg, const char *tmp, const char *style_path,
                              const char *mapsdir)
{
    GError *err = NULL;
    char *db = g_build_filename(tmp, "dense.sqlite", NULL);
    vi_store *st = store_create(db, reg, &err);
    if (!st) {
        FAIL("dense: %s", err->message);
        g_clear_error(&err);
        g_free(db);
        return;
    }
    store_begin(st, NULL);
    insert(st, "villages", "V1", NULL, "双龙村", NULL, wkb_box(109.30, 34.05, 109.33, 34.08), NULL);
    double *xy = g_new(double, 2 * DENSE_N);
    guint32 seed = 1;
    for (int i = 0; i < DENSE_N; i++) {
        double x = 109.015 + 0.6 * i / (DENSE_N - 1);
        seed = seed * 1664525u + 1013904223u;
        double jx = ((seed >> 8) / 16777216.0 - 0.5) * 4e-6;
        seed = seed * 1664525u + 1013904223u;
        double jy = ((seed >> 8) / 16777216.0 - 0.5) * 4e-6;
        xy[2 * i] = x + jx;
        xy[2 * i + 1] = 34.065 + 0.008 * sin(2 * G_PI * (x - 109.015) / 0.015) + jy;
    }
    insert(st, "roads", "R-BIG", "双龙村", "测绘便道", "existing", wkb_line(xy, DENSE_N), NULL);
    for (int i = 0; i < DENSE_N; i++) {
        double a = 2 * G_PI * i / DENSE_N, r = 0.012 * (1 + 0.05 * sin(50 * a));
        xy[2 * i] = 109.345 + r * cos(a);
        xy[2 * i + 1] = 34.065 + r * sin(a);
    }
    insert(st, "villages", "V2", NULL, "上雷村", NULL, ring(xy, DENSE_N), NULL);
    int npieces = DENSE_N / 4;
    for (int i = 0; i < npieces; i++) {
        double t = (double)i / (npieces - 1);
        xy[2 * i] = 109.29 + 0.05 * t;
        xy[2 * i + 1] = 34.04 + 0.05 * t * t;
    }
    insert(st, "roads", "R-CUT", "双龙村", NULL, "planned", pieces(xy, npieces), NULL);
    g_free(xy);
    commit_features(st);
    vi_style *style = style_load(style_path, mapsdir, reg, &err);
    vi_mapdata *data = style ? mapdata_load(st, style, 0, &err) : NULL;
    if (!data) {
        FAIL("dense: %s", err->message);
        g_clear_error(&err);
    }
    const char *const roads_only[] = {"roads", NULL};
    for (int f = 0; data && f < 2; f++) {
        char *out = g_build_filename(tmp, f ? "dense.svg" : "dense.png", NULL);
        vi_page *pg = page_open(out, 200, 150, 200, style, &err);
        const vi_layerdata *vl = mapdata_layer(data, "villages"),
                           *rl = mapdata_layer(data, "roads");
        const double *vb = layerdata_bbox(vl, 0);
        vi_map *m = map_new(pg, data, FALSE, 20, 20, 160, 110, vb[0], vb[1], vb[2], vb[3], 0.05);
        map_begin(m);
        vi_draw_options opt = {.only = roads_only};
        map_draw_layers(m, &opt);
        int dropped, placed = map_place_labels(m, &dropped);
        map_end(m);
        long nv = map_path_vertices(m);
        /* The lines' length in the frame is under 2 m of paper: a vertex
         * every half millimetre would be 4000. */
        if (nv > 4000)
            FAIL("dense roads on %s: %ld vertices drawn of %d, expected at most 4000",
                 f ? "SVG" : "PNG", nv, DENSE_N + 2 * (npieces - 1));
        if (placed != 1)
            FAIL("dense road on %s: %d labels placed, %d dropped; expected its name",
                 f ? "SVG" : "PNG", placed, dropped);
        map_free(m);
        if (f == 0) {
            check_feature_drawn(pg, data, vb, rl, 0, 2000);
            check_feature_drawn(pg, data, vb, rl, 1, 2000);
            check_feature_drawn(pg, data, vb, vl, 1, 2000);
        }
        if (!page_finish(pg, &err)) {
            FAIL("dense: %s", err->message);
            g_clear_error(&err);
        }
        GStatBuf sb;
        if (f == 1 && g_stat(out, &sb) == 0 && sb.st_size > 200000)
            FAIL("dense roads: the SVG is %ld bytes, expected under 200000", (long)sb.st_size);
        page_free(pg);
        g_unlink(out);
        g_free(out);
    }
    mapdata_free(data);
    style_free(style);
    store_close(st);
    const char *side[] = {"", "-wal", "-shm", NULL};
    for (int i = 0; side[i]; i++) {
        char *p = g_strconcat(db, side[i], NULL);
        g_unlink(p);
        g_free(p);
    }
    g_free(db);
}

int main(void)
{
    const char *datadir = getenv("VINFRA_DATADIR"), *srcdir = getenv("VINFRA_SRCDIR");
    if (!datadir || !srcdir)
        return 77;
    GError *err = NULL;
    vi_registry *reg = registry_load(datadir, &err);
    char *tmp = g_dir_make_tmp("vinfra-map-XXXXXX", NULL);
    char *db = g_build_filename(tmp, "t.sqlite", NULL);
    vi_store *st = reg ? store_create(db, reg, &err) : NULL;
    if (!st) {
        FAIL("setup: %s", err->message);
        return unit_result();
    }
    store_begin(st, NULL);
    insert(st, "villages", "V1", NULL, "双龙村", NULL, wkb_box(109.30, 34.05, 109.33, 34.08), NULL);
    insert(st, "villages", "V2", NULL, "上雷村", NULL, wkb_box(109.33, 34.05, 109.36, 34.08), NULL);
    insert(st, "clinics", "C1", "双龙村", "双龙村卫生室", "built", wkb_point(109.315, 34.065),
           NULL);
    insert(st, "households", "H1", "双龙村", NULL, NULL, wkb_point(109.305, 34.055),
           (const char *[]){"members", "3", "poverty", "registered", NULL});
    insert(st, "households", "H2", "双龙村", NULL, NULL, wkb_point(109.325, 34.055),
           (const char *[]){"members", "4", "poverty", "lifted", NULL});
    insert(st, "households", "H3", "双龙村", NULL, NULL, wkb_point(109.305, 34.075),
           (const char *[]){"members", "2", "poverty", "none", NULL});
    /* A road running far out of the frame, east and west. */
    insert(st, "roads", "R1", "双龙村", "蓝葛公路", "new",
           wkb_line((double[]){109.0, 34.060, 109.6, 34.060}, 2), NULL);
    commit_features(st);

    /* A style without graticule, so that nothing but the frame line should
     * touch the page outside the frame. */
    char *mapsdir = g_build_filename(srcdir, "maps", NULL);
    char *def_path = g_build_filename(mapsdir, "default.tsv", NULL);
    char *text = NULL;
    g_file_get_contents(def_path, &text, NULL, NULL);
    char *style_path = g_build_filename(tmp, "t.tsv", NULL);
    char **parts = g_strsplit(text, "graticule\tticks", -1);
    char *patched = g_strjoinv("graticule\tnone", parts);
    g_file_set_contents(style_path, patched, -1, NULL);
    g_strfreev(parts);
    g_free(patched);
    g_free(text);
    vi_style *style = style_load(style_path, mapsdir, reg, &err);
    if (!style) {
        FAIL("style: %s", err->message);
        return unit_result();
    }
    vi_mapdata *data = mapdata_load(st, style, 0, &err);
    if (!data) {
        FAIL("mapdata: %s", err->message);
        return unit_result();
    }
    if (data->epsg != 4545)
        FAIL("zone: EPSG:%d, expected 4545 (CM 108E)", data->epsg);

    char *png = g_build_filename(tmp, "t.png", NULL);
    vi_page *pg = page_open(png, 200, 150, 200, style, &err);
    const vi_layerdata *vl = mapdata_layer(data, "villages");
    const double *vb = layerdata_bbox(vl, 0);
    vi_map *m = map_new(pg, data, FALSE, 20, 20, 160, 110, vb[0], vb[1], vb[2], vb[3], 0.05);
    map_begin(m);
    vi_draw_options opt = {.label_village = "双龙村"};
    map_draw_layers(m, &opt);
    int dropped = -1, placed = map_place_labels(m, &dropped);
    if (placed < 2)
        FAIL("labels: %d placed (village and clinic names expected), %d dropped", placed, dropped);

    /* The clinic's cross, in its fill colour, at its computed pixel. */
    const vi_layerdata *cl = mapdata_layer(data, "clinics");
    double px, py;
    map_to_page(m, cl->xy[0], cl->xy[1], &px, &py);
    const vi_style_row *clinic = row_of(style, "clinics", NULL);
    if (!near(pixel(pg, px, py), clinic->fill, 6))
        FAIL("clinic at (%.1f, %.1f) mm: colour %08x, expected %08x", px, py, pixel(pg, px, py),
             clinic->fill);
    /* Households in their poverty class's colour. */
    const vi_layerdata *hl = mapdata_layer(data, "households");
    const char *classes[] = {"poverty=registered", "poverty=lifted", NULL};
    for (int i = 0; i < 3; i++) {
        const vi_style_row *row = row_of(style, "households", classes[i]);
        map_to_page(m, hl->xy[2 * i], hl->xy[2 * i + 1], &px, &py);
        if (!near(pixel(pg, px, py), row->fill, 6))
            FAIL("household %s: colour %08x, expected %08x (%s)", hl->id[i], pixel(pg, px, py),
                 row->fill, classes[i] ? classes[i] : "other");
    }
    /* The road, inside the frame, in its colour. */
    map_to_page(m, hl->xy[0], 0, &px, &py);
    double rx, ry;
    const vi_layerdata *rl = mapdata_layer(data, "roads");
    double rxm = (vb[0] + vb[2]) / 2 - 300;
    double t = (rxm - rl->xy[0]) / (rl->xy[2] - rl->xy[0]);
    map_to_page(m, rxm, rl->xy[1] + t * (rl->xy[3] - rl->xy[1]), &rx, &ry);
    if (!near(pixel(pg, rx, ry), row_of(style, "roads", NULL)->stroke, 40))
        FAIL("road: colour %08x at (%.1f, %.1f)", pixel(pg, rx, ry), rx, ry);
    /* The veil fades the neighbour village but not this one. */
    guint32 before_in = pixel(pg, 100, 40);
    map_veil_outside(m, 0);
    double nx, ny;
    map_to_page(m, (vb[2] + layerdata_bbox(vl, 1)[2]) / 2, (vb[1] + vb[3]) / 2 + 800, &nx, &ny);
    map_end(m);
    (void)before_in;
    /* Nothing outside the frame (0.5 mm clear of its line) but paper. */
    int outside = 0;
    cairo_surface_flush(pg->surface);
    int w = cairo_image_surface_get_width(pg->surface),
        h = cairo_image_surface_get_height(pg->surface);
    const unsigned char *d = cairo_image_surface_get_data(pg->surface);
    int stride = cairo_image_surface_get_stride(pg->surface);
    double k = pg->dpi / 25.4;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            double mx = x / k, my = y / k;
            if (mx > 19.5 && mx < 180.5 && my > 19.5 && my < 130.5)
                continue;
            if ((((const guint32 *)(d + (size_t)y * (size_t)stride))[x] & 0xffffff) != 0xffffff)
                outside++;
        }
    }
    if (outside)
        FAIL("%d pixels drawn outside the frame", outside);
    /* Inside: not blank. */
    int coloured = 0;
    for (int y = (int)(25 * k); y < (int)(125 * k); y += 3)
        for (int x = (int)(25 * k); x < (int)(175 * k); x += 3)
            coloured +=
                (((const guint32 *)(d + (size_t)y * (size_t)stride))[x] & 0xffffff) != 0xffffff;
    if (coloured < 100)
        FAIL("the map is nearly blank: %d coloured samples", coloured);
    map_free(m);

    /* Labels: ten at one point take the places around it that do not
     * overlap (at least right, left, above, below); the rest are dropped,
     * never drawn over each other. */
    m = map_new(pg, data, FALSE, 20, 20, 160, 110, vb[0], vb[1], vb[2], vb[3], 0.05);
    for (int i = 0; i < 10; i++)
        map_label_point(m, "标签文字", 100, 75, 1, i, 7, FALSE);
    placed = map_place_labels(m, &dropped);
    if (placed < 4 || placed + dropped != 10 || dropped < 2)
        FAIL("labels at one point: %d placed, %d dropped", placed, dropped);
    double bi[5], bj[5];
    for (int i = 0; map_placed_label(m, i, bi); i++)
        for (int j = i + 1; map_placed_label(m, j, bj); j++)
            if (fabs(bi[0] - bj[0]) < bi[2] + bj[2] && fabs(bi[1] - bj[1]) < bi[3] + bj[3])
                FAIL("labels %d and %d overlap: (%.1f, %.1f) and (%.1f, %.1f)", i, j, bi[0], bi[1],
                     bj[0], bj[1]);
    map_free(m);
    /* A label that does not fit in the frame is dropped. */
    m = map_new(pg, data, FALSE, 20, 20, 30, 10, vb[0], vb[1], vb[2], vb[3], 0.05);
    map_label_area(m, "一个很长很长很长很长很长的标签", 35, 25, 0, 1, 9, TRUE);
    placed = map_place_labels(m, &dropped);
    if (placed != 0 || dropped != 1)
        FAIL("oversized label: %d placed, %d dropped", placed, dropped);
    map_free(m);
    /* Road names follow a long enough line; a short one gets none. */
    m = map_new(pg, data, FALSE, 20, 20, 160, 110, vb[0], vb[1], vb[2], vb[3], 0.05);
    map_label_line(m, "蓝葛公路", (double[]){30, 60, 90, 80, 150, 60}, 3, 1, 7);
    map_label_line(m, "蓝葛公路", (double[]){30, 100, 33, 100}, 2, 1, 7);
    placed = map_place_labels(m, &dropped);
    if (placed != 1 || dropped != 1)
        FAIL("line labels: %d placed, %d dropped; expected 1 and 1", placed, dropped);
    map_free(m);

    check_dense_lines(reg, tmp, style_path, mapsdir);

    if (!page_finish(pg, &err))
        FAIL("finish: %s", err->message);
    if (!g_file_test(png, G_FILE_TEST_EXISTS))
        FAIL("no PNG written");
    page_free(pg);
    mapdata_free(data);
    style_free(style);
    store_close(st);
    registry_free(reg);
    g_unlink(png);
    g_unlink(style_path);
    g_free(png);
    g_free(style_path);
    g_free(def_path);
    g_free(mapsdir);
    g_free(db);
    char *side[] = {"t.sqlite", "t.sqlite-wal", "t.sqlite-shm", NULL};
    for (int i = 0; side[i]; i++) {
        char *p = g_build_filename(tmp, side[i], NULL);
        g_unlink(p);
        g_free(p);
    }
    g_rmdir(tmp);
    g_free(tmp);
    return unit_result();
}
