/*
 * atlas.c - the meeting booklet.  See atlas.h.
 */
#include "atlas.h"
#include "charts.h"
#include "i18n.h"
#include "map.h"
#include "vinfra-config.h"

#include <math.h>
#include <string.h>

static void text_line(vi_page *pg, double x, double *y, const char *text, double pt, gboolean bold)
{
    vi_text_style ts = {pt, bold, 0, pg->width_mm - 2 * x, pg->style->layout.text, 0, 0};
    double w, h;
    page_text_size(pg, text, &ts, &w, &h);
    page_text(pg, x, *y, text, &ts);
    *y += h + 1.2;
}

/* A table of cells (ROWS x COLS, row 0 the header) at X, Y with column widths. */
static double table(vi_page *pg, double x, double y, const double *widths, int cols, char **cells,
                    int rows)
{
    const vi_style_layout *lay = &pg->style->layout;
    cairo_t *cr = pg->cr;
    double row_h = lay->legend_pt * VI_PT_MM * 1.9, total = 0;
    for (int c = 0; c < cols; c++)
        total += widths[c];
    for (int r = 0; r < rows; r++) {
        double yy = y + r * row_h;
        if (r == 0) {
            cairo_rectangle(cr, x, yy, total, row_h);
            map_paint_path(cr, 0xe8eef3ff, 0, 0);
        }
        double xx = x;
        for (int c = 0; c < cols; c++) {
            vi_text_style ts = {lay->legend_pt, r == 0, c == 0 ? 0 : 2, 0, lay->text, 0, 0};
            const char *t = cells[r * cols + c] ? cells[r * cols + c] : "";
            if (c == 0)
                page_text(pg, xx + 1, yy + row_h * 0.18, t, &ts);
            else
                page_text(pg, xx + widths[c] - 1, yy + row_h * 0.18, t, &ts);
            xx += widths[c];
        }
        cairo_move_to(cr, x, yy + row_h);
        cairo_line_to(cr, x + total, yy + row_h);
        map_paint_path(cr, 0, r == 0 ? lay->text : 0xccccccff, r == 0 ? 0.3 : 0.15);
    }
    return rows * row_h;
}

/* MSGID in CONTEXT (marked NC_ where it is used), in the current language. */
static const char *in_context(const char *context, const char *msgid)
{
    char *key = g_strconcat(context, "\004", msgid, NULL);
    const char *text = _(key);
    if (text == key)
        text = msgid;
    g_free(key);
    return text;
}

static char *pct(gint64 a, gint64 b)
{
    return b ? g_strdup_printf("%.1f%%", 100.0 * (double)a / (double)b) : g_strdup("—");
}

static void cover(vi_page *pg, vi_render_ctx *ctx, const vi_atlas_input *in, int nvillages)
{
    const vi_style_layout *lay = &pg->style->layout;
    double x = 25, y = 30;
    text_line(pg, x, &y, _("Atlas of the assisted villages' infrastructure"), lay->title_pt * 1.5,
              TRUE);
    char *sub = g_strdup_printf(
        NG_("%d village · data of %s · vinfra %s", "%d villages · data of %s · vinfra %s",
            (unsigned long)nvillages),
        nvillages, ctx->data->data_date ? ctx->data->data_date : "—", VINFRA_VERSION);
    text_line(pg, x, &y, sub, lay->subtitle_pt + 2, FALSE);
    g_free(sub);
    if (in->as_of) {
        char *when = store_as_of_phrase(in->as_of, ctx->english ? VI_LANG_EN : VI_LANG_ZH);
        char *line = g_strdup_printf(_("The world as it stood: %s"), when);
        text_line(pg, x, &y, line, lay->subtitle_pt + 2, TRUE);
        g_free(line);
        g_free(when);
    }
    y += 8;
    text_line(pg, x, &y, _("Projects and funding"), lay->subtitle_pt + 2, TRUE);
    int np = in->nprogrammes;
    char **cells = g_new0(char *, (size_t)(np + 2) * 3);
    cells[0] = g_strdup(in_context("atlas table", NC_("atlas table", "programme")));
    cells[1] = g_strdup(in_context("atlas table", NC_("atlas table", "projects")));
    cells[2] = g_strdup(in_context("atlas table", NC_("atlas table", "funding (10k yuan)")));
    gint64 tp = 0;
    double tw = 0;
    for (int k = 0; k < np; k++) {
        gint64 p = in->programmes[k].projects;
        double wan = in->programmes[k].wan;
        cells[(k + 1) * 3] = g_strdup(in->programmes[k].label);
        cells[(k + 1) * 3 + 1] = g_strdup_printf("%" G_GINT64_FORMAT, p);
        cells[(k + 1) * 3 + 2] = g_strdup_printf("%.1f", wan);
        tp += p;
        tw += wan;
    }
    cells[(np + 1) * 3] = g_strdup(_("total"));
    cells[(np + 1) * 3 + 1] = g_strdup_printf("%" G_GINT64_FORMAT, tp);
    cells[(np + 1) * 3 + 2] = g_strdup_printf("%.1f", tw);
    const double widths[] = {45, 28, 32};
    double ty = y;
    table(pg, x, ty, widths, 3, cells, np + 2);
    for (int i = 0; i < (np + 2) * 3; i++)
        g_free(cells[i]);
    g_free(cells);
    /* Key assets, next to the money. */
    double ax = x + 125, ay = ty - 1.2 - (lay->subtitle_pt + 2) * VI_PT_MM * 1.3;
    text_line(pg, ax, &ay, _("Main works"), lay->subtitle_pt + 2, TRUE);
    for (int i = 0; i < in->nworks; i++) {
        const vi_cover_figure *f = in->works[i].figure;
        char *t = figures_format(ctx->english ? f->text_en : f->text_zh, &in->works[i].values);
        text_line(pg, ax, &ay, t, lay->subtitle_pt + 0.5, FALSE);
        g_free(t);
    }
}

static void chart_pages(vi_page *pg, vi_render_ctx *ctx, const vi_atlas_input *in,
                        const vi_layerdata *v)
{
    double m = pg->style->layout.margin_mm + 5;
    double w = pg->width_mm - 2 * m, h = (pg->height_mm - 2 * m - 10) / 2;
    /* Investment by programme, and road km by status, side by side on top. */
    int np = in->nprogrammes;
    const char **cats = g_new0(const char *, (size_t)np + 1);
    double *vals = g_new0(double, (size_t)np + 1);
    for (int k = 0; k < np; k++) {
        vals[k] = in->programmes[k].wan;
        cats[k] = in->programmes[k].label;
    }
    const char *one[] = {""};
    vi_chart money = {_("Investment by programme"), _("10k yuan"), np, cats, 1, one, vals, 1, 0};
    chart_bars(pg, &money, m, m, w * 0.55, h);
    int ns = in->nstatuses;
    const char **scats = g_new0(const char *, (size_t)ns + 1);
    double *svals = g_new0(double, (size_t)ns + 1);
    for (int k = 0; k < ns; k++) {
        scats[k] = in->road_statuses[k].label;
        svals[k] = in->road_statuses[k].km;
    }
    vi_chart km = {_("Road length by status"), _("km"), ns, scats, 1, one, svals, 1, 0};
    chart_bars(pg, &km, m + w * 0.6, m, w * 0.4, h);
    /* Coverage by village and service below. */
    int nv = v ? v->n : 0, nsv = in->nservices;
    const char **vcats = g_new0(const char *, (size_t)nv + 2);
    const char **snames = g_new0(const char *, (size_t)nsv + 1);
    double *cov = g_new0(double, (size_t)(nv + 1) * (size_t)MAX(nsv, 1));
    for (int s = 0; s < nsv; s++)
        snames[s] = rules_service_name(ctx->rules, in->services[s], ctx->english);
    for (int i = 0; i <= nv; i++) {
        vcats[i] = i < nv ? v->name[i] : _("total");
        for (int s = 0; s < nsv; s++) {
            const vi_served *sv = &in->served[(size_t)s * (size_t)(nv + 1) + (size_t)i];
            cov[i * nsv + s] = sv->households
                                   ? 100.0 * (double)sv->served_households / (double)sv->households
                                   : NAN;
        }
    }
    vi_chart cc = {_("Coverage by village and service (straight line)"),
                   "%",
                   nv + 1,
                   vcats,
                   nsv,
                   snames,
                   cov,
                   0,
                   100};
    chart_bars(pg, &cc, m, m + h + 10, w, h);
    g_free(cats);
    g_free(vals);
    g_free(scats);
    g_free(svals);
    g_free(vcats);
    g_free(snames);
    g_free(cov);
}

/* What changed: coverage at each year's end (lines), road km and money of
 * each year (bars). */
static void change_page(vi_page *pg, vi_render_ctx *ctx, const vi_atlas_input *in)
{
    const vi_atlas_change *c = in->change;
    const vi_style_layout *lay = &pg->style->layout;
    double m = lay->margin_mm + 5, y = m;
    char *heading = g_strdup_printf(_("What changed, %d–%d"), c->before + 1, c->after);
    text_line(pg, m, &y, heading, lay->title_pt, TRUE);
    g_free(heading);
    double w = pg->width_mm - 2 * m, h = (pg->height_mm - y - m - 8) / 2;
    int ny = c->nyears, nsv = in->nservices;
    /* Categories: the end of the year before, then each year's end. */
    char **years = g_new0(char *, (size_t)ny + 2);
    years[0] = g_strdup_printf(_("%d (before)"), c->before);
    for (int k = 1; k <= ny; k++)
        years[k] = g_strdup_printf("%d", c->before + k);
    const char **snames = g_new0(const char *, (size_t)nsv + 1);
    double *cov = g_new0(double, (size_t)(ny + 1) * (size_t)MAX(nsv, 1));
    for (int s = 0; s < nsv; s++) {
        snames[s] = rules_service_name(ctx->rules, in->services[s], ctx->english);
        for (int k = 0; k <= ny; k++)
            cov[k * nsv + s] = c->coverage[(size_t)s * (size_t)(ny + 1) + (size_t)k];
    }
    vi_chart lines = {_("Households each service reached at each year's end (straight line)"),
                      "%",
                      ny + 1,
                      (const char *const *)years,
                      nsv,
                      snames,
                      cov,
                      0,
                      100};
    chart_lines(pg, &lines, m, y, w, h + 6);
    /* Below: road km by status and money, each year. */
    const char *one[] = {""};
    vi_chart km = {_("Road km built each year, by status"),
                   _("km"),
                   ny,
                   (const char *const *)years + 1,
                   c->nstatuses,
                   c->nstatuses ? c->road_statuses : one,
                   c->road_km,
                   1,
                   0};
    if (c->nstatuses)
        chart_bars(pg, &km, m, y + h + 12, w * 0.55, h - 6);
    vi_chart money = {_("Funding each year"),
                      _("10k yuan"),
                      ny,
                      (const char *const *)years + 1,
                      1,
                      one,
                      c->funding_wan,
                      0,
                      0};
    chart_bars(pg, &money, m + w * 0.6, y + h + 12, w * 0.4, h - 6);
    g_strfreev(years);
    g_free(snames);
    g_free(cov);
}

void atlas_village_request(const vi_page *pg, int nservices, const char *village, const char *dem,
                           gboolean photos, vi_map_request *req)
{
    const double table_mm = 12 +
                            pg->style->layout.legend_pt * VI_PT_MM * 1.9 * (double)(nservices + 1) +
                            (photos ? VI_PHOTOSTRIP_MM : 0);
    *req = (vi_map_request){
        .kind = VI_MAP_VILLAGE, .village = village, .dem = dem, .bottom_mm = table_mm};
}

gboolean atlas_write(vi_page *pg, vi_render_ctx *ctx, const char *dem, const vi_atlas_input *in,
                     GError **err)
{
    const vi_layerdata *v = mapdata_layer(ctx->data, VI_LAYER_VILLAGES);
    int nv = v ? v->n : 0;
    gboolean ok = TRUE;
    cover(pg, ctx, in, nv);
    page_next(pg);
    vi_map_request ov = {.kind = VI_MAP_OVERVIEW, .dem = dem, .figure = 0};
    ok = render_map(pg, ctx, &ov, in->overview, err);
    if (ok) {
        page_next(pg);
        chart_pages(pg, ctx, in, v);
    }
    if (ok && in->change) {
        page_next(pg);
        change_page(pg, ctx, in);
    }
    for (int i = 0; ok && i < nv; i++) {
        page_next(pg);
        vi_map_request req;
        const vi_photostrip *strip = in->strips && in->strips[i].n > 0 ? &in->strips[i] : NULL;
        atlas_village_request(pg, in->nservices, v->name[i], dem, strip != NULL, &req);
        const double strip_mm = strip ? VI_PHOTOSTRIP_MM : 0;
        const double table_mm = req.bottom_mm - strip_mm;
        ok = render_map(pg, ctx, &req, &in->villages[i], err);
        if (!ok)
            break;
        const vi_atlas_change *ch = in->change;
        int cols = ch ? 6 : 5, rows = in->nservices + 1;
        char **cells = g_new0(char *, (size_t)(rows * cols));
        cells[0] = g_strdup(_("service (straight line)"));
        cells[1] = g_strdup(in_context("atlas table", NC_("atlas table", "households served")));
        cells[2] = g_strdup(in_context("share of households", NC_("share of households", "share")));
        cells[3] = g_strdup(in_context("atlas table", NC_("atlas table", "people served")));
        cells[4] = g_strdup(in_context("share of people", NC_("share of people", "share")));
        if (ch)
            cells[5] = g_strdup_printf(_("end of %d → %d"), ch->before, ch->after);
        for (int s = 0; s < in->nservices; s++) {
            const vi_served *sv = &in->served[(size_t)s * (size_t)(nv + 1) + (size_t)i];
            char **r = cells + (s + 1) * cols;
            r[0] = g_strdup(rules_service_name(ctx->rules, in->services[s], ctx->english));
            r[1] = g_strdup_printf("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT,
                                   sv->served_households, sv->households);
            r[2] = pct(sv->served_households, sv->households);
            r[3] = g_strdup_printf("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, sv->served_people,
                                   sv->people);
            r[4] = pct(sv->served_people, sv->people);
            if (ch) {
                const vi_served *b = &ch->served_before[(size_t)s * (size_t)(nv + 1) + (size_t)i];
                r[5] = b->households && sv->households
                           ? g_strdup_printf(
                                 _("%.0f%% → %.0f%%"),
                                 100.0 * (double)b->served_households / (double)b->households,
                                 100.0 * (double)sv->served_households / (double)sv->households)
                           : g_strdup("—");
            }
        }
        const double widths[] = {55, 32, 22, 32, 22, 34};
        double m = pg->style->layout.margin_mm;
        table(pg, m + 5, pg->height_mm - m - table_mm - strip_mm + 2, widths, cols, cells, rows);
        if (strip)
            photostrip_draw(pg, strip, m + 5, pg->height_mm - m - strip_mm,
                            pg->width_mm - 2 * m - 10, _("Newest assets and their photos"));
        for (int k = 0; k < rows * cols; k++)
            g_free(cells[k]);
        g_free(cells);
    }
    return ok;
}
