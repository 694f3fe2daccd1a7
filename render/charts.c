/*
 * charts.c - bar charts.  See charts.h.
 */
#include "charts.h"
#include "map.h"

#include <math.h>

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
    double max = c->max;
    if (max <= 0) {
        for (int i = 0; i < c->ncat * c->nseries; i++)
            if (!isnan(c->values[i]))
                max = fmax(max, c->values[i]);
        if (max <= 0)
            max = 1;
        double step = tick_step(max);
        max = ceil(max * 1.08 / step) * step;
    }
    double step = tick_step(max);
    /* Category labels below need room; the axis labels on the left. */
    double label_h = lay->legend_pt * VI_PT_MM * 2.6;
    double axis_w = 14;
    double px = x + axis_w, pw = w - axis_w, py = top + 4, ph = h - (top - y) - label_h - 6;
    char *unit_text = g_strdup_printf("(%s)", c->unit);
    page_text(pg, px - 2, top - 2.5, unit_text, &small);
    g_free(unit_text);
    for (double v = 0; v <= max + step / 1000; v += step) {
        double yy = py + ph - v / max * ph;
        cairo_move_to(cr, px, yy);
        cairo_line_to(cr, px + pw, yy);
        map_paint_path(cr, 0, v == 0 ? lay->text : 0xd0d0d0ff, v == 0 ? 0.3 : 0.15);
        char *t = g_strdup_printf("%g", v);
        double vw, vh;
        page_text_size(pg, t, &small, &vw, &vh);
        page_text(pg, px - 1.5, yy - vh / 2, t, &small);
        g_free(t);
    }
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
