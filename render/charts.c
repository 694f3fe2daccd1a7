/*
 * charts.c - bar and line charts.  See charts.h.
 */
#include "charts.h"
#include "map.h"

#include <math.h>
#include <stdlib.h>

/* A round tick step giving about five ticks up to MAX. */
static double tick_step(double max)
{
    double raw = max / 5, mag = pow(10, floor(log10(raw)));
    const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < G_N_ELEMENTS(steps); i++)
        if (steps[i] * mag >= raw)
            return steps[i] * mag;
    return 10 * mag;
}

/* The top of C's value axis: its max, else a round step above its largest value. */
static double axis_max(const vi_chart *c)
{
    double max = c->max;
    if (max > 0)
        return max;
    for (int i = 0; i < c->ncat * c->nseries; i++)
        if (!isnan(c->values[i]))
            max = fmax(max, c->values[i]);
    if (max <= 0)
        max = 1;
    double step = tick_step(max);
    return ceil(max * 1.08 / step) * step;
}

/* The value axis of a plot at (PX, PY), PW x PH, from 0 to MAX: a grid line
 * every STEP, labelled on the left in STYLE. */
static void value_axis(vi_page *pg, double px, double pw, double py, double ph, double max,
                       double step, const vi_text_style *style)
{
    const vi_style_layout *lay = &pg->style->layout;
    cairo_t *cr = pg->cr;
    for (double v = 0; v <= max + step / 1000; v += step) {
        double yy = py + ph - v / max * ph;
        cairo_move_to(cr, px, yy);
        cairo_line_to(cr, px + pw, yy);
        map_paint_path(cr, 0, v == 0 ? lay->text : 0xd0d0d0ff, v == 0 ? 0.3 : 0.15);
        char *t = g_strdup_printf("%g", v);
        double vw, vh;
        page_text_size(pg, t, style, &vw, &vh);
        page_text(pg, px - 1.5, yy - vh / 2, t, style);
        g_free(t);
    }
}

void chart_bars(vi_page *pg, const vi_chart *c, double x, double y, double w, double h)
{
    const vi_style_layout *lay = &pg->style->layout;
    cairo_t *cr = pg->cr;
    vi_text_style title = {lay->subtitle_pt + 1, TRUE, 0, 0, lay->text, 0, 0};
    vi_text_style small = {lay->legend_pt, FALSE, 2, 0, lay->text, 0, 0};
    vi_text_style centred = {lay->legend_pt, FALSE, 1, 0, lay->text, 0, 0};
    double tw, th;
    page_text_size(pg, c->title, &title, &tw, &th);
    page_text(pg, x, y, c->title, &title);
    double top = y + th + 3;
    /* Legend line for grouped bars. */
    if (c->nseries > 1) {
        double lx = x;
        for (int s = 0; s < c->nseries; s++) {
            cairo_rectangle(cr, lx, top + 0.8, 3.5, 2.5);
            map_paint_path(cr, lay->chart_colours[s % 6], 0, 0);
            vi_text_style ls = {lay->legend_pt, FALSE, 0, 0, lay->text, 0, 0};
            page_text(pg, lx + 4.5, top, c->series[s], &ls);
            double sw, sh;
            page_text_size(pg, c->series[s], &ls, &sw, &sh);
            lx += sw + 10;
        }
        top += 7;
    }
    double max = axis_max(c);
    double step = tick_step(max);
    /* Category labels below need room; the axis labels on the left. */
    double label_h = lay->legend_pt * VI_PT_MM * 2.6;
    double axis_w = 14;
    double px = x + axis_w, pw = w - axis_w, py = top + 4, ph = h - (top - y) - label_h - 6;
    char *unit_text = g_strdup_printf("(%s)", c->unit);
    page_text(pg, px - 2, top - 2.5, unit_text, &small);
    g_free(unit_text);
    value_axis(pg, px, pw, py, ph, max, step, &small);
    double slot = pw / c->ncat, gap = slot * 0.22, bw = (slot - gap) / c->nseries;
    for (int i = 0; i < c->ncat; i++) {
        for (int s = 0; s < c->nseries; s++) {
            double v = c->values[i * c->nseries + s];
            if (isnan(v))
                continue;
            double bx = px + i * slot + gap / 2 + s * bw, bh = fmin(v, max) / max * ph;
            cairo_rectangle(cr, bx, py + ph - bh, bw * 0.92, bh);
            map_paint_path(cr, lay->chart_colours[(c->nseries > 1 ? s : i) % 6], 0, 0);
            if (c->nseries <= 4 || bw >= 4) {
                char *t = g_strdup_printf("%.*f", c->decimals, v);
                vi_text_style vs = centred;
                vs.size_pt = c->nseries > 2 ? lay->legend_pt * 0.8 : lay->legend_pt;
                double vw, vh;
                page_text_size(pg, t, &vs, &vw, &vh);
                if (vw <= bw * 1.6 || c->nseries == 1)
                    page_text(pg, bx + bw * 0.46, py + ph - bh - vh - 0.3, t, &vs);
                g_free(t);
            }
        }
        vi_text_style cs = centred;
        cs.wrap_mm = slot - 1;
        page_text(pg, px + i * slot + slot / 2, py + ph + 1.5, c->cats[i], &cs);
    }
}

static void series_style(cairo_t *cr, int s)
{
    static const double dash[] = {1.6, 0.9};
    cairo_set_dash(cr, dash, s >= 6 ? 2 : 0, 0);
}

/* Marker of series S at X, Y: circle, square, triangle, diamond, in turn. */
static void marker(cairo_t *cr, int s, double x, double y, double r)
{
    switch (s % 4) {
    case 0:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * G_PI);
        break;
    case 1:
        cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
        break;
    case 2:
        cairo_move_to(cr, x, y - r * 1.15);
        cairo_line_to(cr, x + r * 1.05, y + r * 0.75);
        cairo_line_to(cr, x - r * 1.05, y + r * 0.75);
        cairo_close_path(cr);
        break;
    default:
        cairo_move_to(cr, x, y - r * 1.2);
        cairo_line_to(cr, x + r * 1.2, y);
        cairo_line_to(cr, x, y + r * 1.2);
        cairo_line_to(cr, x - r * 1.2, y);
        cairo_close_path(cr);
    }
}

/* The legend of C's series in rows within W from X, Y; returns its height.
 * LINES draws a short line with the series' marker instead of a box. */
static double legend_rows(vi_page *pg, const vi_chart *c, double x, double y, double w,
                          gboolean lines)
{
    const vi_style_layout *lay = &pg->style->layout;
    cairo_t *cr = pg->cr;
    vi_text_style ls = {lay->legend_pt, FALSE, 0, 0, lay->text, 0, 0};
    double lx = x, ly = y, row_h = lay->legend_pt * VI_PT_MM * 1.6;
    for (int s = 0; s < c->nseries; s++) {
        double sw, sh;
        page_text_size(pg, c->series[s], &ls, &sw, &sh);
        double item = (lines ? 7 : 4.5) + sw + 6;
        if (lx > x && lx + item > x + w) {
            lx = x;
            ly += row_h;
        }
        guint32 colour = lay->chart_colours[s % 6];
        if (lines) {
            cairo_move_to(cr, lx, ly + 1.9);
            cairo_line_to(cr, lx + 5.5, ly + 1.9);
            series_style(cr, s);
            map_paint_path(cr, 0, colour, 0.45);
            cairo_set_dash(cr, NULL, 0, 0);
            marker(cr, s, lx + 2.75, ly + 1.9, 0.8);
            map_paint_path(cr, colour, 0, 0);
        } else {
            cairo_rectangle(cr, lx, ly + 0.8, 3.5, 2.5);
            map_paint_path(cr, colour, 0, 0);
        }
        page_text(pg, lx + (lines ? 7 : 4.5), ly, c->series[s], &ls);
        lx += item;
    }
    return ly - y + row_h;
}

/* A value label at the end of a line: where it wants to be, and where it goes. */
typedef struct {
    int series;
    double want, y;
} end_label;

static int by_want(const void *a, const void *b)
{
    const end_label *x = a, *y = b;
    return x->want < y->want ? -1 : x->want > y->want ? 1 : x->series - y->series;
}

void chart_lines(vi_page *pg, const vi_chart *c, double x, double y, double w, double h)
{
    const vi_style_layout *lay = &pg->style->layout;
    cairo_t *cr = pg->cr;
    vi_text_style title = {lay->subtitle_pt + 1, TRUE, 0, 0, lay->text, 0, 0};
    vi_text_style small = {lay->legend_pt, FALSE, 2, 0, lay->text, 0, 0};
    vi_text_style centred = {lay->legend_pt, FALSE, 1, 0, lay->text, 0, 0};
    vi_text_style left = {lay->legend_pt * 0.9, FALSE, 0, 0, lay->text, 0, 0};
    double tw, th;
    page_text_size(pg, c->title, &title, &tw, &th);
    page_text(pg, x, y, c->title, &title);
    double top = y + th + 3;
    top += legend_rows(pg, c, x, top, w, TRUE) + 2;
    double max = axis_max(c);
    double step = tick_step(max);
    double label_h = lay->legend_pt * VI_PT_MM * 2.6;
    /* Room on the right for the end values. */
    double axis_w = 14, end_w = 12;
    double px = x + axis_w, pw = w - axis_w - end_w, py = top + 4, ph = h - (top - y) - label_h - 6;
    char *unit_text = g_strdup_printf("(%s)", c->unit);
    page_text(pg, px - 2, top - 0.5, unit_text, &small);
    g_free(unit_text);
    value_axis(pg, px, pw, py, ph, max, step, &small);
    double slot = pw / c->ncat;
    for (int i = 0; i < c->ncat; i++) {
        vi_text_style cs = centred;
        cs.wrap_mm = slot - 1;
        page_text(pg, px + i * slot + slot / 2, py + ph + 1.5, c->cats[i], &cs);
    }
    end_label *ends = g_new0(end_label, (size_t)c->nseries + 1);
    int nends = 0;
    for (int s = 0; s < c->nseries; s++) {
        guint32 colour = lay->chart_colours[s % 6];
        gboolean started = FALSE;
        double last = NAN;
        for (int i = 0; i < c->ncat; i++) {
            double v = c->values[i * c->nseries + s];
            if (isnan(v))
                continue;
            double vx = px + i * slot + slot / 2, vy = py + ph - fmin(v, max) / max * ph;
            if (started)
                cairo_line_to(cr, vx, vy);
            else
                cairo_move_to(cr, vx, vy);
            started = TRUE;
            last = v;
        }
        series_style(cr, s);
        map_paint_path(cr, 0, colour, 0.45);
        cairo_set_dash(cr, NULL, 0, 0);
        for (int i = 0; i < c->ncat; i++) {
            double v = c->values[i * c->nseries + s];
            if (isnan(v))
                continue;
            marker(cr, s, px + i * slot + slot / 2, py + ph - fmin(v, max) / max * ph, 0.75);
            map_paint_path(cr, colour, 0xffffffff, 0.15);
        }
        if (!isnan(last)) {
            ends[nends].series = s;
            ends[nends].want = py + ph - fmin(last, max) / max * ph;
            nends++;
        }
    }
    /* End values top to bottom, each at least a line below the one above,
     * then pushed back up where they would leave the plot. */
    double gap = left.size_pt * VI_PT_MM * 1.25;
    qsort(ends, (size_t)nends, sizeof *ends, by_want);
    for (int k = 0; k < nends; k++)
        ends[k].y = k ? fmax(ends[k].want, ends[k - 1].y + gap) : ends[k].want;
    for (int k = nends - 1; k >= 0; k--) {
        double limit = k == nends - 1 ? py + ph : ends[k + 1].y - gap;
        ends[k].y = fmin(ends[k].y, limit);
    }
    double ex = px + (c->ncat - 1) * slot + slot / 2 + 2;
    for (int k = 0; k < nends; k++) {
        const end_label *e = &ends[k];
        double v = NAN;
        for (int i = c->ncat - 1; i >= 0 && isnan(v); i--)
            v = c->values[i * c->nseries + e->series];
        char *t = g_strdup_printf("%.*f", c->decimals, v);
        double vw, vh;
        page_text_size(pg, t, &left, &vw, &vh);
        vi_text_style ts = left;
        ts.colour = lay->chart_colours[e->series % 6];
        page_text(pg, ex, e->y - vh / 2, t, &ts);
        g_free(t);
    }
    g_free(ends);
}
