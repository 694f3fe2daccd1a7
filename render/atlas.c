/*
 * atlas.c - the meeting booklet.  See atlas.h.
 */
#include "atlas.h"
#include "charts.h"
#include "map.h"
#include "stats.h"
#include "vinfra-config.h"

#include <math.h>
#include <string.h>

#define T(ctx, zh, en) ((ctx)->english ? (en) : (zh))

/* Services whose coverage the atlas reports: those with a households rule
 * by straight line, in the rules' order. */
static GPtrArray *household_services(vi_render_ctx *ctx)
{
    GPtrArray *out = g_ptr_array_new();
    for (int i = 0; i < rules_service_count(ctx->rules); i++) {
        const char *s = rules_service_at(ctx->rules, i);
        GPtrArray *defs = rules_measures(ctx->rules, s, VI_METHOD_LINE, FALSE, NULL);
        gboolean hh = FALSE;
        for (guint k = 0; defs && k < defs->len; k++)
            hh |= ((const vi_measure_def *)defs->pdata[k])->target_kind == VI_TARGET_HOUSEHOLDS;
        if (defs)
            g_ptr_array_unref(defs);
        if (hh)
            g_ptr_array_add(out, (gpointer)s);
    }
    return out;
}

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

static char *pct(gint64 a, gint64 b)
{
    return b ? g_strdup_printf("%.1f%%", 100.0 * (double)a / (double)b) : g_strdup("—");
}

static void cover(vi_page *pg, vi_render_ctx *ctx, vi_stats *st, int nvillages)
{
    const vi_style_layout *lay = &pg->style->layout;
    double x = 25, y = 30;
    text_line(pg, x, &y, T(ctx, "帮扶村基础设施图集", "Atlas of the assisted villages' infrastructure"),
              lay->title_pt * 1.5, TRUE);
    char *sub = g_strdup_printf(T(ctx, "%d 个行政村 · 数据日期 %s · vinfra %s",
                                  "%d villages · data of %s · vinfra %s"),
                                nvillages, ctx->data->data_date ? ctx->data->data_date : "—",
                                VINFRA_VERSION);
    text_line(pg, x, &y, sub, lay->subtitle_pt + 2, FALSE);
    g_free(sub);
    y += 8;
    text_line(pg, x, &y, T(ctx, "项目与资金", "Projects and funding"), lay->subtitle_pt + 2, TRUE);
    int np = stats_programme_count(st);
    const vi_registry *reg = store_registry(ctx->store);
    char **cells = g_new0(char *, (size_t)(np + 2) * 3);
    cells[0] = g_strdup(T(ctx, "类别", "programme"));
    cells[1] = g_strdup(T(ctx, "项目（个）", "projects"));
    cells[2] = g_strdup(T(ctx, "资金（万元）", "funding (10k yuan)"));
    gint64 tp = 0;
    double tw = 0;
    for (int k = 0; k < np; k++) {
        gint64 p;
        double wan;
        stats_programme_figures(st, -1, k, &p, &wan);
        cells[(k + 1) * 3] =
            g_strdup(stats_programme_label(st, k, ctx->english ? VI_LANG_EN : VI_LANG_ZH));
        cells[(k + 1) * 3 + 1] = g_strdup_printf("%" G_GINT64_FORMAT, p);
        cells[(k + 1) * 3 + 2] = g_strdup_printf("%.1f", wan);
        tp += p;
        tw += wan;
    }
    cells[(np + 1) * 3] = g_strdup(T(ctx, "合计", "total"));
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
    text_line(pg, ax, &ay, T(ctx, "主要建设内容", "Main works"), lay->subtitle_pt + 2, TRUE);
    static const struct {
        const char *layer, *zh, *en;
        gboolean length;
    } keys[] = {
        {"roads", "新建、拓宽、硬化道路 %.1f 公里", "%.1f km of road built, widened or hardened", TRUE},
        {"bridges", "便民桥 %.0f 座", "%.0f footbridges", FALSE},
        {"water_tanks", "蓄水池 %.0f 个", "%.0f water tanks", FALSE},
        {"water_pipes", "饮水管道 %.1f 公里", "%.1f km of water pipe", TRUE},
        {"signal_towers", "信号塔 %.0f 座", "%.0f signal towers", FALSE},
        {"streetlights", "路灯 %.0f 盏", "%.0f streetlights", FALSE},
        {"clinics", "村医务室 %.0f 个", "%.0f village clinics", FALSE},
        {"elderly_care", "养老服务设施 %.0f 个", "%.0f elderly-care facilities", FALSE},
        {"toilets", "公共厕所 %.0f 座", "%.0f public toilets", FALSE},
        {"garbage_pools", "垃圾池 %.0f 个", "%.0f garbage pools", FALSE},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        vi_stats_figures f;
        if (!registry_layer(reg, keys[i].layer) || !stats_figures(st, -1, keys[i].layer, NULL, &f))
            continue;
        double v = keys[i].length ? f.built_length_m / 1000 : (double)f.built_count;
        char *t = g_strdup_printf(ctx->english ? keys[i].en : keys[i].zh, v);
        text_line(pg, ax, &ay, t, lay->subtitle_pt + 0.5, FALSE);
        g_free(t);
    }
    vi_stats_figures hh;
    if (stats_figures(st, -1, "households", NULL, &hh)) {
        char *t = g_strdup_printf(T(ctx, "农户 %" G_GINT64_FORMAT " 户，人口 %.0f 人",
                                    "%" G_GINT64_FORMAT " households, %.0f people"),
                                  hh.count, hh.quantity);
        text_line(pg, ax, &ay, t, lay->subtitle_pt + 0.5, FALSE);
        g_free(t);
    }
}

static void chart_pages(vi_page *pg, vi_render_ctx *ctx, vi_stats *st, const vi_layerdata *v,
                        GPtrArray *services, const vi_served *served)
{
    const vi_registry *reg = store_registry(ctx->store);
    double m = pg->style->layout.margin_mm + 5;
    double w = pg->width_mm - 2 * m, h = (pg->height_mm - 2 * m - 10) / 2;
    /* Investment by programme, and road km by status, side by side on top. */
    int np = stats_programme_count(st);
    const char **cats = g_new0(const char *, (size_t)np + 1);
    double *vals = g_new0(double, (size_t)np + 1);
    for (int k = 0; k < np; k++) {
        gint64 p;
        stats_programme_figures(st, -1, k, &p, &vals[k]);
        cats[k] = stats_programme_label(st, k, ctx->english ? VI_LANG_EN : VI_LANG_ZH);
    }
    const char *one[] = {""};
    vi_chart money = {T(ctx, "投资（按类别）", "Investment by programme"), T(ctx, "万元", "10k yuan"),
                      np, cats, 1, one, vals, 1, 0};
    chart_bars(pg, &money, m, m, w * 0.55, h);
    const vi_layer *roads = registry_layer(reg, "roads");
    int ns = roads && roads->statuses ? (int)g_strv_length(roads->statuses) : 0;
    const char **scats = g_new0(const char *, (size_t)ns + 1);
    double *svals = g_new0(double, (size_t)ns + 1);
    for (int k = 0; k < ns; k++) {
        vi_stats_figures f;
        scats[k] = stats_status_label(st, roads->statuses[k], ctx->english ? VI_LANG_EN : VI_LANG_ZH);
        svals[k] = stats_figures(st, -1, "roads", roads->statuses[k], &f) ? f.length_m / 1000 : NAN;
    }
    vi_chart km = {T(ctx, "道路里程（按状态）", "Road length by status"), T(ctx, "公里", "km"), ns, scats,
                   1, one, svals, 1, 0};
    chart_bars(pg, &km, m + w * 0.6, m, w * 0.4, h);
    /* Coverage by village and service below. */
    int nv = v ? v->n : 0, nsv = (int)services->len;
    const char **vcats = g_new0(const char *, (size_t)nv + 2);
    const char **snames = g_new0(const char *, (size_t)nsv + 1);
    double *cov = g_new0(double, (size_t)(nv + 1) * (size_t)MAX(nsv, 1));
    for (int s = 0; s < nsv; s++)
        snames[s] = rules_service_name(ctx->rules, services->pdata[s], ctx->english);
    for (int i = 0; i <= nv; i++) {
        vcats[i] = i < nv ? v->name[i] : T(ctx, "合计", "total");
        for (int s = 0; s < nsv; s++) {
            const vi_served *sv = &served[(size_t)s * (size_t)(nv + 1) + (size_t)i];
            cov[i * nsv + s] = sv->households ? 100.0 * (double)sv->served_households /
                                                    (double)sv->households :
                                                NAN;
        }
    }
    vi_chart cc = {T(ctx, "各村服务覆盖率（直线距离标准）", "Coverage by village and service (straight line)"),
                   "%", nv + 1, vcats, nsv, snames, cov, 0, 100};
    chart_bars(pg, &cc, m, m + h + 10, w, h);
    g_free(cats);
    g_free(vals);
    g_free(scats);
    g_free(svals);
    g_free(vcats);
    g_free(snames);
    g_free(cov);
}

gboolean atlas_write(vi_page *pg, vi_render_ctx *ctx, const char *dem, GError **err)
{
    vi_stats_options so = {NULL, NULL};
    vi_stats *st = stats_compute(ctx->store, ctx->datadir, &so, err);
    if (!st)
        return FALSE;
    const vi_layerdata *v = mapdata_layer(ctx->data, "villages");
    int nv = v ? v->n : 0;
    GPtrArray *services = household_services(ctx);
    vi_served *served = g_new0(vi_served, (size_t)MAX(services->len, 1) * (size_t)(nv + 1));
    gboolean ok = TRUE;
    for (guint s = 0; ok && s < services->len; s++)
        ok = render_served(ctx, services->pdata[s], served + (size_t)s * (size_t)(nv + 1), nv, err);
    if (ok) {
        cover(pg, ctx, st, nv);
        page_next(pg);
        vi_map_request ov = {.kind = VI_MAP_OVERVIEW, .dem = dem, .figure = VI_FIGURE_ROADS};
        ok = render_map(pg, ctx, &ov, err);
    }
    if (ok) {
        page_next(pg);
        chart_pages(pg, ctx, st, v, services, served);
    }
    for (int i = 0; ok && i < nv; i++) {
        page_next(pg);
        const double table_mm = 12 + pg->style->layout.legend_pt * VI_PT_MM * 1.9 *
                                         (double)(services->len + 1);
        vi_map_request req = {.kind = VI_MAP_VILLAGE, .village = v->name[i], .dem = dem,
                              .bottom_mm = table_mm};
        ok = render_map(pg, ctx, &req, err);
        if (!ok)
            break;
        int cols = 5, rows = (int)services->len + 1;
        char **cells = g_new0(char *, (size_t)(rows * cols));
        cells[0] = g_strdup(T(ctx, "服务（直线距离标准）", "service (straight line)"));
        cells[1] = g_strdup(T(ctx, "覆盖户数", "households served"));
        cells[2] = g_strdup(T(ctx, "户覆盖率", "share"));
        cells[3] = g_strdup(T(ctx, "覆盖人口", "people served"));
        cells[4] = g_strdup(T(ctx, "人口覆盖率", "share"));
        for (guint s = 0; s < services->len; s++) {
            const vi_served *sv = &served[(size_t)s * (size_t)(nv + 1) + (size_t)i];
            char **r = cells + (s + 1) * (guint)cols;
            r[0] = g_strdup(rules_service_name(ctx->rules, services->pdata[s], ctx->english));
            r[1] = g_strdup_printf("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, sv->served_households,
                                   sv->households);
            r[2] = pct(sv->served_households, sv->households);
            r[3] = g_strdup_printf("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, sv->served_people,
                                   sv->people);
            r[4] = pct(sv->served_people, sv->people);
        }
        const double widths[] = {55, 32, 22, 32, 22};
        double m = pg->style->layout.margin_mm;
        table(pg, m + 5, pg->height_mm - m - table_mm + 2, widths, cols, cells, rows);
        for (int k = 0; k < rows * cols; k++)
            g_free(cells[k]);
        g_free(cells);
    }
    g_free(served);
    g_ptr_array_unref(services);
    stats_free(st);
    return ok;
}
