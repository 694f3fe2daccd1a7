/*
 * furniture.c - the map furniture a meeting relies on: the legend of what
 * was drawn, the scale bar and north arrow (true at the map's centre), and
 * the graticule ticks in degrees and minutes.  See furniture.h.
 */
#include "furniture.h"
#include "geodesy.h"
#include "gkzone.h"
#include "i18n.h"
#include "map-int.h"

#include <math.h>
#include <string.h>

void map_legend_add(vi_map *m, const vi_legend_entry *e)
{
    /* One entry per text and look: several rows may share a legend line. */
    for (guint i = 0; i < m->legend->len; i++) {
        const vi_legend_entry *o = &g_array_index(m->legend, vi_legend_entry, i);
        if (strcmp(o->text, e->text) == 0 && o->kind == e->kind && o->fill == e->fill &&
            o->stroke == e->stroke)
            return;
    }
    vi_legend_entry copy = *e;
    copy.text = g_strdup(e->text);
    g_array_append_val(m->legend, copy);
}

int map_legend_count(const vi_map *m)
{
    return (int)m->legend->len;
}

double map_draw_legend(vi_map *m, double x, double y, double w)
{
    const vi_style_layout *lay = &m->style->layout;
    cairo_t *cr = m->pg->cr;
    vi_text_style head = {lay->legend_pt * 1.2, TRUE, 0, 0, lay->text, 0, 0};
    page_text(m->pg, x, y, _("Legend"), &head);
    double tw, th;
    page_text_size(m->pg, "图例", &head, &tw, &th);
    double row_h = fmax(lay->legend_pt * VI_PT_MM * 1.6, 4.2);
    double yy = y + th + 1.5;
    const double key_w = 9;
    vi_text_style ts = {lay->legend_pt, FALSE, 0, w - key_w - 2, lay->text, 0, 0};
    for (guint i = 0; i < m->legend->len; i++) {
        const vi_legend_entry *e = &g_array_index(m->legend, vi_legend_entry, i);
        double cy = yy + row_h / 2;
        cairo_save(cr);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_new_path(cr);
        switch (e->kind) {
        case VI_LEG_SYMBOL:
            map_symbol_path(cr, e->symbol, x + key_w / 2, cy, fmin(e->size_mm, row_h * 0.9));
            map_paint_path(cr, e->fill, e->stroke, e->width_mm);
            break;
        case VI_LEG_LINE:
            map_set_dash(cr, e->dash);
            cairo_move_to(cr, x + 0.5, cy);
            cairo_line_to(cr, x + key_w - 0.5, cy);
            map_paint_path(cr, 0, e->stroke, fmax(e->width_mm, 0.3));
            break;
        case VI_LEG_AREA:
            cairo_rectangle(cr, x + 0.5, cy - row_h * 0.3, key_w - 1, row_h * 0.6);
            map_paint_path(cr, e->fill, e->stroke, e->width_mm);
            break;
        default:
            break;
        }
        cairo_restore(cr);
        double lw, lh;
        page_text_size(m->pg, e->text, &ts, &lw, &lh);
        page_text(m->pg, x + key_w + 1.5, cy - fmin(lh, row_h) / 2, e->text, &ts);
        yy += fmax(row_h, lh + 0.8);
    }
    return yy - y;
}

/* ---- scale bar, north arrow, graticule ---- */

/* Ground metres per projected metre at the map's centre (the zone's point
 * scale factor, from geodesic distance over 1 km east-west). */
static double true_per_projected(const vi_map *m, double *lon, double *lat)
{
    double xy[6] = {m->cx, m->cy, m->cx - 500, m->cy, m->cx + 500, m->cy};
    if (!gk_unproject(m->data->epsg, xy, 3, NULL))
        return 1;
    if (lon)
        *lon = xy[0];
    if (lat)
        *lat = xy[1];
    return geodesy_distance(VI_ELLIPSOID_CGCS2000, xy[2], xy[3], xy[4], xy[5]) / 1000.0;
}

double map_scale_denominator(const vi_map *m)
{
    double n = 1000.0 / m->scale * true_per_projected(m, NULL, NULL);
    double step = pow(10, floor(log10(n)) - 1);
    return round(n / step) * step;
}

double map_scale_bar(vi_map *m, double x, double y, double max_w_mm)
{
    /* Ground metres per page mm at the centre. */
    double ground_per_mm = true_per_projected(m, NULL, NULL) / m->scale;
    double want = max_w_mm * ground_per_mm;
    double mag = pow(10, floor(log10(want))), len = mag;
    const double steps[] = {5, 2, 1};
    for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
        if (steps[i] * mag <= want) {
            len = steps[i] * mag;
            break;
        }
    }
    double w = len / ground_per_mm;
    cairo_t *cr = m->pg->cr;
    const vi_style_layout *lay = &m->style->layout;
    const double bh = 1.4;
    cairo_save(cr);
    for (int k = 0; k < 4; k++) {
        cairo_rectangle(cr, x + w * k / 4, y - bh, w / 4, bh);
        map_paint_path(cr, k % 2 ? 0xffffffff : lay->text, lay->text, 0.15);
    }
    cairo_restore(cr);
    vi_text_style ts = {lay->footer_pt, FALSE, 1, 0, lay->text, lay->halo, 0.4};
    gboolean km = len >= 1000;
    for (int k = 0; k <= 2; k++) {
        double v = len * k / 2 / (km ? 1000 : 1);
        /* TRANSLATORS: the scale bar's last figure, in kilometres or metres. */
        char *t =
            k < 2 ? g_strdup_printf("%g", v) : g_strdup_printf(km ? _("%g km") : _("%g m"), v);
        double tw, th;
        page_text_size(m->pg, t, &ts, &tw, &th);
        page_text(m->pg, x + w * k / 2 + (k == 2 ? tw / 2 - 0.8 : 0), y - bh - th - 0.3, t, &ts);
        g_free(t);
    }
    char *rf = g_strdup_printf("1:%.0f", map_scale_denominator(m));
    page_text(m->pg, x + w / 2, y + 0.4, rf, &ts);
    g_free(rf);
    return w;
}

void map_north_arrow(vi_map *m, double x, double y, double size)
{
    /* True north at the centre: the direction of a small step north. */
    double xy[4] = {m->cx, m->cy, 0, 0};
    double angle = 0;
    if (gk_unproject(m->data->epsg, xy, 1, NULL)) {
        xy[2] = xy[0];
        xy[3] = xy[1] + 0.01;
        xy[0] = xy[2];
        xy[1] = xy[3] - 0.01;
        if (gk_project(m->data->epsg, xy, 2, NULL))
            angle = atan2(xy[2] - xy[0], xy[3] - xy[1]);
    }
    cairo_t *cr = m->pg->cr;
    const vi_style_layout *lay = &m->style->layout;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, angle);
    double h = size / 2, w = size * 0.28;
    cairo_move_to(cr, 0, -h);
    cairo_line_to(cr, w, h * 0.6);
    cairo_line_to(cr, 0, h * 0.25);
    cairo_close_path(cr);
    map_paint_path(cr, lay->text, lay->text, 0.2);
    cairo_move_to(cr, 0, -h);
    cairo_line_to(cr, -w, h * 0.6);
    cairo_line_to(cr, 0, h * 0.25);
    cairo_close_path(cr);
    map_paint_path(cr, 0xffffffff, lay->text, 0.2);
    cairo_restore(cr);
    vi_text_style ts = {lay->legend_pt, TRUE, 1, 0, lay->text, 0, 0};
    double tw, th;
    page_text_size(m->pg, "N", &ts, &tw, &th);
    /* TRANSLATORS: the letter over the north arrow. */
    page_text(m->pg, x, y - h - th - 0.3, _("N"), &ts);
}

/* A degree value as 109°21′30″ E (seconds only when not whole minutes). */
static char *format_degrees(double v, gboolean lon)
{
    double a = fabs(v);
    int d = (int)floor(a + 1e-9);
    double mins = (a - d) * 60;
    int mi = (int)floor(mins + 1e-6);
    int s = (int)round((mins - mi) * 60);
    if (s == 60) {
        s = 0;
        mi++;
    }
    /* TRANSLATORS: a graticule label: %s is the degrees and minutes
     * (109°21′); E, W, N, S the hemisphere. */
    const char *hemi = lon ? (v >= 0 ? _("%sE") : _("%sW")) : (v >= 0 ? _("%sN") : _("%sS"));
    char *num = s ? g_strdup_printf("%d°%02d′%02d″", d, mi, s) : g_strdup_printf("%d°%02d′", d, mi);
    char *out = g_strdup_printf(hemi, num);
    g_free(num);
    return out;
}

/* Page position along one frame edge where the meridian (LON) or parallel
 * (LAT) VALUE crosses it; FALSE when it does not.  The edge is unprojected
 * at EDGE_SAMPLES points in one call (each gk_unproject() call sets up a
 * PROJ object, which costs far more than the points: forty calls of one
 * point per tick made a third of an atlas's time), then the crossing is
 * interpolated between the two samples around it, less than a
 * millimetre apart, where a graticule line is straight to well under a
 * micrometre on paper. */
#define EDGE_SAMPLES 513
static gboolean edge_crossing(const vi_map *m, gboolean lon, double value, double ax, double ay,
                              double bx, double by, double *px, double *py)
{
    double *xy = g_new(double, 2 * EDGE_SAMPLES);
    for (int i = 0; i < EDGE_SAMPLES; i++) {
        double t = (double)i / (EDGE_SAMPLES - 1);
        xy[2 * i] = m->cx + (ax + (bx - ax) * t - m->fx - m->fw / 2) / m->scale;
        xy[2 * i + 1] = m->cy - (ay + (by - ay) * t - m->fy - m->fh / 2) / m->scale;
    }
    gboolean found = FALSE;
    if (gk_unproject(m->data->epsg, xy, EDGE_SAMPLES, NULL)) {
        double flo = (lon ? xy[0] : xy[1]) - value;
        for (int i = 1; i < EDGE_SAMPLES && !found; i++) {
            double f = (lon ? xy[2 * i] : xy[2 * i + 1]) - value;
            if ((f > 0) != (flo > 0)) {
                double t = (i - 1 + flo / (flo - f)) / (EDGE_SAMPLES - 1);
                *px = ax + (bx - ax) * t;
                *py = ay + (by - ay) * t;
                found = TRUE;
            }
            flo = f;
        }
    }
    g_free(xy);
    return found;
}

void map_graticule(vi_map *m)
{
    const vi_style_layout *lay = &m->style->layout;
    if (lay->graticule == VI_GRATICULE_NONE)
        return;
    double c[8] = {m->cx - m->fw / 2 / m->scale, m->cy - m->fh / 2 / m->scale,
                   m->cx + m->fw / 2 / m->scale, m->cy + m->fh / 2 / m->scale,
                   m->cx - m->fw / 2 / m->scale, m->cy + m->fh / 2 / m->scale,
                   m->cx + m->fw / 2 / m->scale, m->cy - m->fh / 2 / m->scale};
    if (!gk_unproject(m->data->epsg, c, 4, NULL))
        return;
    double lon0 = fmin(c[0], c[4]), lon1 = fmax(c[2], c[6]);
    double lat0 = fmin(c[1], c[7]), lat1 = fmax(c[3], c[5]);
    /* A round step in minutes giving 3 to 6 lines across. */
    static const double steps[] = {0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600};
    double span = fmax(lon1 - lon0, lat1 - lat0) * 60, step = steps[G_N_ELEMENTS(steps) - 1];
    for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
        if (span / steps[i] <= 6) {
            step = steps[i];
            break;
        }
    }
    step /= 60;
    cairo_t *cr = m->pg->cr;
    vi_text_style ts = {lay->footer_pt * 0.95, FALSE, 1, 0, lay->text, 0, 0};
    for (int axis = 0; axis < 2; axis++) {
        gboolean lon = axis == 0;
        double a = lon ? lon0 : lat0, b = lon ? lon1 : lat1;
        for (double v = ceil(a / step) * step; v <= b; v += step) {
            /* Meridians cross the top and bottom edges, parallels the sides. */
            double p[2][2];
            gboolean ok0 = lon ? edge_crossing(m, TRUE, v, m->fx, m->fy, m->fx + m->fw, m->fy,
                                               &p[0][0], &p[0][1])
                               : edge_crossing(m, FALSE, v, m->fx, m->fy + m->fh, m->fx, m->fy,
                                               &p[0][0], &p[0][1]);
            gboolean ok1 = lon ? edge_crossing(m, TRUE, v, m->fx, m->fy + m->fh, m->fx + m->fw,
                                               m->fy + m->fh, &p[1][0], &p[1][1])
                               : edge_crossing(m, FALSE, v, m->fx + m->fw, m->fy + m->fh,
                                               m->fx + m->fw, m->fy, &p[1][0], &p[1][1]);
            page_set_colour(cr, lay->frame);
            cairo_set_line_width(cr, 0.2);
            if (lay->graticule == VI_GRATICULE_GRID && ok0 && ok1) {
                cairo_save(cr);
                cairo_set_source_rgba(cr, 0.3, 0.3, 0.3, 0.35);
                cairo_move_to(cr, p[0][0], p[0][1]);
                cairo_line_to(cr, p[1][0], p[1][1]);
                cairo_stroke(cr);
                cairo_restore(cr);
            }
            char *text = format_degrees(v, lon);
            double tw, th;
            page_text_size(m->pg, text, &ts, &tw, &th);
            for (int e = 0; e < 2; e++) {
                if (!(e ? ok1 : ok0))
                    continue;
                double x = p[e][0], y = p[e][1];
                page_set_colour(cr, lay->frame);
                if (lon) {
                    double d = e ? 1.6 : -1.6;
                    cairo_move_to(cr, x, y);
                    cairo_line_to(cr, x, y + d);
                    cairo_stroke(cr);
                    page_text(m->pg, x, e ? y + 1.8 : y - 1.8 - th, text, &ts);
                } else {
                    double d = e ? 1.6 : -1.6;
                    cairo_move_to(cr, x, y);
                    cairo_line_to(cr, x + d, y);
                    cairo_stroke(cr);
                    cairo_save(cr);
                    cairo_translate(cr, e ? x + 1.9 : x - 1.9, y);
                    cairo_rotate(cr, -G_PI / 2);
                    page_text(m->pg, 0, e ? 0 : -th, text, &ts);
                    cairo_restore(cr);
                }
            }
            g_free(text);
        }
    }
}
