/*
 * maps.c - village, coverage, gap and overview pages.  See maps.h.
 */
#include "maps.h"
#include "gkzone.h"
#include "hillshade.h"
#include "i18n.h"
#include "map.h"
#include "stamp.h"
#include "table.h"
#include "vi-error.h"
#include "vinfra-config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

const char *const vi_map_kind_names[] = {"village", "coverage", "gaps", "overview", NULL};

/* ---- page layout ---- */

typedef struct {
    double mx, my, mw, mh; /* map frame */
    double px, py, pw, ph; /* side panel */
    double foot_y;         /* footer baseline area top */
} boxes;

static void page_boxes(vi_page *pg, double bottom_mm, boxes *b)
{
    const vi_style_layout *lay = &pg->style->layout;
    double m = lay->margin_mm;
    double title_h = lay->title_pt * VI_PT_MM * 1.4 + lay->subtitle_pt * VI_PT_MM * 1.5 + 3;
    double foot_h = lay->footer_pt * VI_PT_MM * 1.5 + 2;
    const double ticks = 5.5; /* room for graticule labels outside the frame */
    double top = m + title_h + ticks, bottom = pg->height_mm - m - foot_h - ticks - bottom_mm;
    double gap = 4;
    b->pw = lay->legend_width_mm;
    b->mw = pg->width_mm - 2 * m - b->pw - gap - 2 * ticks;
    if (lay->legend == VI_LEGEND_LEFT) {
        b->px = m;
        b->mx = m + b->pw + gap + ticks;
    } else {
        b->mx = m + ticks;
        b->px = b->mx + b->mw + ticks + gap;
    }
    b->my = top;
    b->mh = bottom - top;
    b->py = top - ticks;
    b->ph = b->mh + 2 * ticks;
    b->foot_y = pg->height_mm - m - foot_h - bottom_mm;
}

/* The title, and the subtitle under it: as of a year, after the year. */
static void draw_title(vi_page *pg, const vi_render_ctx *ctx, const char *title,
                       const char *subtitle)
{
    const vi_style_layout *lay = &pg->style->layout;
    char *dated = NULL;
    if (ctx->as_of) {
        char *when = store_as_of_phrase(ctx->as_of, ctx->english ? VI_LANG_EN : VI_LANG_ZH);
        dated = subtitle ? g_strdup_printf(_("%s · %s"), when, subtitle) : g_strdup(when);
        g_free(when);
        subtitle = dated;
    }
    vi_text_style ts = {lay->title_pt, TRUE, 1, 0, lay->text, 0, 0};
    double w, h;
    page_text_size(pg, title, &ts, &w, &h);
    page_text(pg, pg->width_mm / 2, lay->margin_mm, title, &ts);
    if (subtitle) {
        vi_text_style ss = {lay->subtitle_pt, FALSE, 1, 0, lay->text, 0, 0};
        page_text(pg, pg->width_mm / 2, lay->margin_mm + h + 0.5, subtitle, &ss);
    }
    g_free(dated);
}

static char *other_zones(const vi_render_ctx *ctx, const vi_map_request *req);

static void draw_footer(vi_page *pg, vi_render_ctx *ctx, const vi_map_request *req, const vi_map *m,
                        double y)
{
    const vi_style_layout *lay = &pg->style->layout;
    int epsg = ctx->data->epsg;
    double cm = gk_zone_central_meridian(epsg);
    char *db = store_source_name(ctx->store);
    char *crs =
        g_strdup_printf(_("CRS: CGCS2000 / 3-degree Gauss-Kruger CM %.0fE (EPSG:%d)"), cm, epsg);
    char *zones = other_zones(ctx, req);
    if (zones) {
        /* A district map across a zone border is drawn in one zone; say so,
         * as a village's own map is drawn in its own zone. */
        char *with = g_strdup_printf(_("%s (the villages lie in zones %s; drawn in zone %d)"), crs,
                                     zones, (int)(cm / 3));
        g_free(crs);
        crs = with;
        g_free(zones);
    }
    /* TRANSLATORS: the map's footer: the coordinate system (the message
     * above), the data's date, the database's file name, the scale's
     * denominator and vinfra's version. */
    char *text = g_strdup_printf(_("%s   Data date: %s   Source: %s   Scale 1:%.0f   vinfra %s"),
                                 crs, ctx->data->data_date ? ctx->data->data_date : _("none"), db,
                                 map_scale_denominator(m), VINFRA_VERSION);
    vi_text_style ts = {lay->footer_pt, FALSE, 0, pg->width_mm - 2 * lay->margin_mm,
                        lay->text,      0,     0};
    page_text(pg, lay->margin_mm, y + 1, text, &ts);
    g_free(text);
    g_free(crs);
    g_free(db);
}

/* North arrow in the map's top-right corner, on a disc so it reads over
 * any map; the scale bar at the panel's foot, or in the map's bottom-left
 * corner when the panel is full.  PANEL_Y is where the panel's content ends. */
static void draw_furniture(vi_page *pg, vi_map *m, const boxes *b, double panel_y)
{
    cairo_t *cr = pg->cr;
    double ax = b->mx + b->mw - 9, ay = b->my + 10;
    cairo_new_path(cr);
    cairo_arc(cr, ax, ay - 1.5, 7.5, 0, 2 * G_PI);
    map_paint_path(cr, 0xffffffcc, 0, 0);
    map_north_arrow(m, ax, ay, 10);
    double foot = b->py + b->ph;
    if (panel_y <= foot - 12) {
        map_scale_bar(m, b->px + 2, foot - 6, b->pw - 8);
    } else {
        cairo_rectangle(cr, b->mx + 2, b->my + b->mh - 13, 44, 11);
        map_paint_path(cr, 0xffffffcc, 0, 0);
        map_scale_bar(m, b->mx + 4, b->my + b->mh - 6, 36);
    }
}

/* Legend, then the figures box, then the furniture. */
static void draw_panel(vi_page *pg, vi_map *m, const boxes *b, const char *figures)
{
    const vi_style_layout *lay = &pg->style->layout;
    double y = b->py;
    y += map_draw_legend(m, b->px, y, b->pw) + 3;
    if (figures) {
        vi_text_style ts = {lay->legend_pt, FALSE, 0, b->pw - 3, lay->text, 0, 0};
        double w, h;
        page_text_size(pg, figures, &ts, &w, &h);
        cairo_t *cr = pg->cr;
        cairo_rectangle(cr, b->px, y, b->pw, h + 3);
        map_paint_path(cr, 0xf4f6f7ff, 0x7f8c8dff, 0.2);
        page_text(pg, b->px + 1.5, y + 1.5, figures, &ts);
        y += h + 5;
    }
    draw_furniture(pg, m, b, y);
}

/* ---- helpers ---- */

static gboolean village_box(vi_render_ctx *ctx, const char *village, int *index, double *box,
                            GError **err)
{
    const vi_layerdata *v = mapdata_layer(ctx->data, VI_LAYER_VILLAGES);
    *index = -1;
    if (!village) {
        box[0] = v ? INFINITY : ctx->data->minx;
        box[1] = v ? INFINITY : ctx->data->miny;
        box[2] = v ? -INFINITY : ctx->data->maxx;
        box[3] = v ? -INFINITY : ctx->data->maxy;
        for (int i = 0; v && i < v->n; i++) {
            const double *b = layerdata_bbox(v, i);
            box[0] = fmin(box[0], b[0]);
            box[1] = fmin(box[1], b[1]);
            box[2] = fmax(box[2], b[2]);
            box[3] = fmax(box[3], b[3]);
        }
        if (!isfinite(box[0]))
            memcpy(box,
                   (double[]){ctx->data->minx, ctx->data->miny, ctx->data->maxx, ctx->data->maxy},
                   4 * sizeof(double));
        return TRUE;
    }
    *index = mapdata_village(ctx->data, village);
    if (*index < 0) {
        GString *names = g_string_new(NULL);
        for (int i = 0; v && i < v->n; i++)
            g_string_append_printf(names, "%s%s", i ? _(", ") : "", v->name[i] ? v->name[i] : "?");
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("no village \"%s\" (villages: %s)"), village,
                    names->str);
        g_string_free(names, TRUE);
        return FALSE;
    }
    memcpy(box, layerdata_bbox(v, *index), 4 * sizeof(double));
    return TRUE;
}

static gboolean maybe_hillshade(vi_render_ctx *ctx, vi_map *m, const char *dem, GError **err)
{
    const char *path = dem ? dem : ctx->style->layout.hillshade_dem;
    if (!path)
        return TRUE;
    char *full = g_path_is_absolute(path) || dem ? g_strdup(path)
                                                 : g_build_filename(ctx->datadir, path, NULL);
    gboolean ok = hillshade_draw(m, full, ctx->style->layout.hillshade_alpha, err);
    g_free(full);
    return ok;
}

/* World coordinates into the map's zone (they differ only across a zone border). */
static void world_to_page(const vi_map *m, int wepsg, int mepsg, double x, double y, double *px,
                          double *py)
{
    if (wepsg != mepsg) {
        double xy[2] = {x, y};
        if (gk_unproject(wepsg, xy, 1, NULL) && gk_project(mepsg, xy, 1, NULL)) {
            x = xy[0];
            y = xy[1];
        }
    }
    map_to_page(m, x, y, px, py);
}

static const vi_style_row *layer_row(const vi_style *st, const char *layer)
{
    const vi_style_row *found = NULL;
    for (guint r = 0; r < st->rows->len; r++) {
        const vi_style_row *row = &g_array_index(st->rows, vi_style_row, r);
        if (strcmp(row->layer, layer) == 0)
            found = row; /* the last row: the layer's catch-all */
    }
    return found;
}

/* The service's households as dots in two colours. */
static void draw_households(vi_render_ctx *ctx, vi_map *m, const vi_map_service *sv,
                            gboolean draw_served, gboolean draw_unserved)
{
    cairo_t *cr = map_cairo(m);
    const vi_style_row *row = layer_row(ctx->style, VI_LAYER_HOUSEHOLDS);
    double size = row ? fmax(row->size_mm, 0.6) : 0.8;
    const double *xy = sv->hh_xy;
    const guint8 *served = sv->served;
    int n = sv->nhh;
    for (int pass = 0; pass < 2; pass++) {
        gboolean want = pass == 1;
        if ((want && !draw_served) || (!want && !draw_unserved))
            continue;
        guint32 colour = want ? ctx->style->layout.served : ctx->style->layout.unserved;
        int count = 0;
        /* On a raster page, one dot drawn once and copied (stamp.h). */
        vi_stamp *stamp = stamp_new(cr, size, 0.08);
        GArray *at = g_array_new(FALSE, FALSE, sizeof(double));
        cairo_new_path(cr);
        for (int i = 0; i < n; i++) {
            if ((served && served[i]) != want)
                continue;
            double p[2];
            world_to_page(m, sv->epsg, ctx->data->epsg, xy[2 * i], xy[2 * i + 1], &p[0], &p[1]);
            if (stamp)
                g_array_append_vals(at, p, 2);
            else
                map_symbol_path(cr, VI_SYM_CIRCLE, p[0], p[1], size);
            count++;
        }
        if (stamp) {
            cairo_t *sc = stamp_cairo(stamp);
            map_symbol_path(sc, VI_SYM_CIRCLE, 0, 0, size);
            map_paint_path(sc, colour, 0x00000080, 0.08);
            stamp_paint(cr, stamp, (const double *)(void *)at->data, (int)(at->len / 2));
            stamp_free(stamp);
        } else {
            map_paint_path(cr, colour, 0x00000080, 0.08);
        }
        g_array_free(at, TRUE);
        if (count) {
            vi_legend_entry e = {
                VI_LEG_SYMBOL,
                VI_SYM_CIRCLE,
                colour,
                0x00000080,
                0.08,
                size * 1.6,
                NULL,
                (char *)(want ? _("households served") : _("households not served"))};
            map_legend_add(m, &e);
        }
    }
}

/* The straight-line reach of the service's assets, as one area. */
static void draw_reach(vi_render_ctx *ctx, vi_map *m, const vi_map_service *sv)
{
    cairo_t *cr = map_cairo(m);
    guint32 reach = ctx->style->layout.reach;
    double alpha = (reach & 0xff) / 255.0;
    gboolean any = FALSE;
    cairo_push_group(cr);
    for (int s = 0; s < sv->nreach; s++) {
        const vi_map_reach *f = &sv->reach[s];
        double r = f->threshold_m / map_metres_per_mm(m);
        page_set_colour(cr, reach | 0xff);
        if (f->points) {
            for (int i = 0; i < f->n; i++) {
                double px, py;
                world_to_page(m, sv->epsg, ctx->data->epsg, f->xy[2 * i], f->xy[2 * i + 1], &px,
                              &py);
                cairo_new_sub_path(cr);
                cairo_arc(cr, px, py, r, 0, 2 * G_PI);
                any = TRUE;
            }
            cairo_fill(cr);
        } else {
            vi_path path;
            map_path_begin(m, &path, r);
            for (int p = 0; p < f->nparts; p++) {
                for (int k = f->part_start[p]; k < f->part_start[p + 1]; k++) {
                    double px, py;
                    world_to_page(m, sv->epsg, ctx->data->epsg, f->vert[2 * k], f->vert[2 * k + 1],
                                  &px, &py);
                    if (k == f->part_start[p])
                        path_move_to(&path, px, py);
                    else
                        path_line_to(&path, px, py);
                    any = TRUE;
                }
            }
            map_path_end(m, &path);
            cairo_set_line_width(cr, 2 * r);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
            cairo_stroke(cr);
        }
    }
    cairo_pop_group_to_source(cr);
    cairo_paint_with_alpha(cr, alpha);
    if (any) {
        char *text = g_strdup_printf("%s", sv->method == VI_METHOD_TERRAIN
                                               ? _("reach (within distance; line of sight needed)")
                                               : _("reach (straight line)"));
        vi_legend_entry e = {VI_LEG_AREA, 0, reach, 0, 0, 0, NULL, text};
        map_legend_add(m, &e);
        g_free(text);
    }
}

/* Along the roads: the road segments within the service's reach. */
static void draw_road_reach(vi_render_ctx *ctx, vi_map *m, const vi_map_service *sv)
{
    if (sv->road_nparts == 0)
        return;
    const double reach_m = sv->road_reach_m;
    const double *dist = sv->road_dist;
    cairo_t *cr = map_cairo(m);
    guint32 reach = ctx->style->layout.reach | 0xff;
    cairo_new_path(cr);
    int drawn = 0;
    /* Each run of reached segments as one line (thinned like any
     * other), not a million pieces of one segment each. */
    vi_path path;
    map_path_begin(m, &path, 0);
    for (int p = 0; p < sv->road_nparts; p++) {
        gboolean in_run = FALSE;
        for (int k = sv->road_part_start[p] + 1; k < sv->road_part_start[p + 1]; k++) {
            if (!isfinite(dist[k]) || !isfinite(dist[k - 1])) {
                in_run = FALSE;
                continue;
            }
            double px, py;
            if (!in_run) {
                world_to_page(m, sv->epsg, ctx->data->epsg, sv->road_vert[2 * k - 2],
                              sv->road_vert[2 * k - 1], &px, &py);
                path_move_to(&path, px, py);
                in_run = TRUE;
            }
            world_to_page(m, sv->epsg, ctx->data->epsg, sv->road_vert[2 * k],
                          sv->road_vert[2 * k + 1], &px, &py);
            path_line_to(&path, px, py);
            drawn++;
        }
    }
    map_path_end(m, &path);
    cairo_save(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    page_set_colour(cr, (reach & 0xffffff00) | 0xa0);
    cairo_set_line_width(cr, 2.2);
    cairo_stroke(cr);
    cairo_restore(cr);
    if (drawn) {
        char *text = g_strdup_printf(_("within %.0f m along roads"), reach_m);
        vi_legend_entry e = {VI_LEG_LINE, 0, 0, (reach & 0xffffff00) | 0xa0, 2.2, 0, NULL, text};
        map_legend_add(m, &e);
        g_free(text);
    }
}

/* Lit and unlit road: the roads a length measure targets, drawn unlit,
 * then lit where within reach of a serving point (a clip of the reach). */
static void draw_lit_roads(vi_render_ctx *ctx, vi_map *m, const char *service)
{
    GPtrArray *defs = rules_measures(ctx->rules, service, VI_METHOD_LINE, FALSE, NULL);
    const vi_measure_def *def = NULL;
    for (guint i = 0; defs && i < defs->len && !def; i++) {
        const vi_measure_def *d = defs->pdata[i];
        if (d->target_kind == VI_TARGET_LENGTH)
            def = d;
    }
    const vi_layerdata *roads = def ? mapdata_layer(ctx->data, def->target) : NULL;
    const vi_layerdata *lights = def ? mapdata_layer(ctx->data, def->rules[0]->layer) : NULL;
    if (!roads || !lights) {
        if (defs)
            g_ptr_array_unref(defs);
        return;
    }
    const vi_rule *rule = def->rules[0];
    cairo_t *cr = map_cairo(m);
    double minx, miny, maxx, maxy;
    map_extent(m, &minx, &miny, &maxx, &maxy);
    for (int pass = 0; pass < 2; pass++) {
        cairo_save(cr);
        if (pass == 1) {
            double r = rule->threshold_m / map_metres_per_mm(m);
            cairo_new_path(cr);
            for (int i = 0; i < lights->n; i++) {
                if (!rule_admits(rule, lights->status[i], NULL, FALSE))
                    continue;
                double px, py;
                const double *p = lights->xy + 2 * lights->part_start[lights->feat_part[i]];
                map_to_page(m, p[0], p[1], &px, &py);
                cairo_new_sub_path(cr);
                cairo_arc(cr, px, py, r, 0, 2 * G_PI);
            }
            cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
            cairo_clip(cr);
        }
        cairo_new_path(cr);
        for (int i = 0; i < roads->n; i++) {
            if (!rule_targets(rule, roads->status[i]))
                continue;
            const double *b = layerdata_bbox(roads, i);
            if (b[2] < minx || b[0] > maxx || b[3] < miny || b[1] > maxy)
                continue;
            map_feature_path(m, roads, i);
        }
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        map_paint_path(cr, 0, pass ? ctx->style->layout.lit : ctx->style->layout.unlit, 1.1);
        cairo_restore(cr);
    }
    char *lit = g_strdup_printf(_("lit road (within %.0f m of a light)"), rule->threshold_m);
    vi_legend_entry e1 = {VI_LEG_LINE, 0, 0, ctx->style->layout.lit, 1.1, 0, NULL, lit};
    vi_legend_entry e2 = {VI_LEG_LINE, 0, 0,    ctx->style->layout.unlit,
                          1.1,         0, NULL, (char *)_("unlit road")};
    map_legend_add(m, &e1);
    map_legend_add(m, &e2);
    g_free(lit);
    g_ptr_array_unref(defs);
}

static char *percent(gint64 part, gint64 whole)
{
    return whole ? g_strdup_printf("%.1f%%", 100.0 * (double)part / (double)whole) : g_strdup("—");
}

/* The figures box of a coverage map. */
static char *coverage_figures(const vi_map_service *sv, const char *label)
{
    gint64 hh = sv->households, shh = sv->served_households, pp = sv->people,
           spp = sv->served_people, poorn = sv->poor, spoor = sv->served_poor;
    char *p1 = percent(shh, hh), *p2 = percent(spp, pp), *p3 = percent(spoor, poorn);
    char *text = g_strdup_printf(
        _("%s\nhouseholds served %" PRId64 " / %" PRId64 " (%s)\npeople served %" PRId64
          " / %" PRId64 " (%s)\npoor households served %" PRId64 " / %" PRId64
          " (%s)\nnot served: %" PRId64 " households, %" PRId64 " people"),
        label, shh, hh, p1, spp, pp, p2, spoor, poorn, p3, hh - shh, pp - spp);
    g_free(p1);
    g_free(p2);
    g_free(p3);
    return text;
}

/* The serving layers of SV not among BASE (already drawn under the
 * households: roads serving road access), NULL-terminated in OUT[8]. */
static void serving_layers(const vi_map_service *sv, const char *const *base, const char **out)
{
    int k = 0;
    out[0] = NULL;
    for (int s = 0; s < sv->nreach && k < 7; s++) {
        const char *name = sv->reach[s].layer;
        if (!g_strv_contains(out, name) && !g_strv_contains(base, name)) {
            out[k++] = name;
            out[k] = NULL;
        }
    }
}

/* ---- the four maps ---- */

typedef struct {
    vi_render_ctx *ctx;
    const vi_map_request *req;
    const vi_map_input *in;
    vi_page *pg;
    boxes b;
    vi_map *m;
    int village;
    char *title, *subtitle, *figures;
} page_state;

static void begin_map(page_state *ps, const double *box, double margin)
{
    page_boxes(ps->pg, ps->req->bottom_mm, &ps->b);
    ps->m = map_new(ps->pg, ps->ctx->data, ps->ctx->english, ps->b.mx, ps->b.my, ps->b.mw, ps->b.mh,
                    box[0], box[1], box[2], box[3], margin);
    map_begin(ps->m);
}

/* The base layers OPT selects: their areas, the relief over them, then the rest. */
static gboolean draw_base(page_state *ps, const vi_draw_options *opt, GError **err)
{
    vi_draw_options o = *opt;
    o.areas = 1;
    map_draw_layers(ps->m, &o);
    if (!maybe_hillshade(ps->ctx, ps->m, ps->req->dem, err))
        return FALSE;
    o.areas = 2;
    map_draw_layers(ps->m, &o);
    return TRUE;
}

static void finish_map(page_state *ps)
{
    if (ps->village >= 0)
        map_veil_outside(ps->m, ps->village);
    map_place_labels(ps->m, NULL);
    map_end(ps->m);
    draw_title(ps->pg, ps->ctx, ps->req->title ? ps->req->title : ps->title, ps->subtitle);
    draw_panel(ps->pg, ps->m, &ps->b, ps->figures);
    draw_footer(ps->pg, ps->ctx, ps->req, ps->m, ps->b.foot_y);
}

static const char *scope_name(page_state *ps)
{
    return ps->req->village ? ps->req->village : _("all assisted villages");
}

/* Hamlets of the village map (households close together the command
 * found), labelled with their size when they have at least MIN_HH. */
static void label_hamlets(page_state *ps)
{
    const int min_hh = 5;
    for (int c = 0; c < ps->in->nclusters; c++) {
        const vi_map_cluster *h = &ps->in->clusters[c];
        if (h->households < min_hh)
            continue;
        double px, py;
        map_to_page(ps->m, h->x, h->y, &px, &py);
        char *t = g_strdup_printf(_("%.0f hh"), (double)h->households);
        map_label_point(ps->m, t, px, py, 1.0, 50 + (long)h->households / 10,
                        ps->ctx->style->layout.label_pt * 0.9, FALSE);
        g_free(t);
    }
}

static gboolean village_map(page_state *ps, GError **err)
{
    double box[4];
    if (!village_box(ps->ctx, ps->req->village, &ps->village, box, err))
        return FALSE;
    begin_map(ps, box, 0.05);
    vi_draw_options opt = {.label_village = ps->req->village};
    if (!draw_base(ps, &opt, err))
        return FALSE;
    if (ps->req->village)
        label_hamlets(ps);
    ps->title = g_strdup_printf(_("Infrastructure of %s"), scope_name(ps));
    ps->subtitle = g_strdup(_("Roads, water, lighting, signal, health and public facilities: "
                              "built, existing and planned"));
    finish_map(ps);
    return TRUE;
}

/* The frame of a service map (the village's box in BOX) and the service
 * the command measured for it. */
static const vi_map_service *service_page(page_state *ps, double *box, GError **err)
{
    if (!village_box(ps->ctx, ps->req->village, &ps->village, box, err))
        return NULL;
    if (!ps->in || !ps->in->service)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("the map's service was not measured"));
    return ps->in ? ps->in->service : NULL;
}

static gboolean coverage_map(page_state *ps, GError **err)
{
    vi_render_ctx *ctx = ps->ctx;
    double box[4];
    const vi_map_service *sv = service_page(ps, box, err);
    if (!sv)
        return FALSE;
    const char *service = sv->service;
    gboolean ok = TRUE;
    begin_map(ps, box, 0.05);
    {
        gboolean lights = FALSE;
        GPtrArray *all = rules_measures(ctx->rules, service, VI_METHOD_LINE, FALSE, NULL);
        for (guint i = 0; all && i < all->len; i++)
            lights |= ((const vi_measure_def *)all->pdata[i])->target_kind == VI_TARGET_LENGTH;
        if (all)
            g_ptr_array_unref(all);
        const char *base[] = {VI_LAYER_VILLAGES, "rivers", "roads", NULL};
        const char *base_nolit[] = {VI_LAYER_VILLAGES, "rivers", NULL};
        vi_draw_options under = {.only = lights ? base_nolit : base,
                                 .no_labels = FALSE,
                                 .label_village = ps->req->village};
        ok = draw_base(ps, &under, err);
        if (lights)
            draw_lit_roads(ctx, ps->m, service);
        if (ok && sv->method == VI_METHOD_ROAD)
            draw_road_reach(ctx, ps->m, sv);
        else
            draw_reach(ctx, ps->m, sv);
        draw_households(ctx, ps->m, sv, TRUE, TRUE);
        const char *serving[8] = {NULL};
        serving_layers(sv, base, serving);
        vi_draw_options over = {.only = serving, .label_village = ps->req->village};
        map_draw_layers(ps->m, &over);
        const char *sname = rules_service_name(ctx->rules, service, ctx->english);
        ps->title = g_strdup_printf(_("%s: %s coverage"), scope_name(ps), sname);
        ps->subtitle = g_strdup_printf(_("Standard: %s"), sv->label);
        ps->figures = coverage_figures(sv, _("Coverage"));
        if (ok)
            finish_map(ps);
    }
    return ok;
}

static gboolean gaps_map(page_state *ps, GError **err)
{
    vi_render_ctx *ctx = ps->ctx;
    double box[4];
    const vi_map_service *sv = service_page(ps, box, err);
    if (!sv)
        return FALSE;
    const char *service = sv->service;
    gboolean ok = TRUE;
    begin_map(ps, box, 0.05);
    cairo_t *cr = map_cairo(ps->m);
    const char *base[] = {VI_LAYER_VILLAGES, "rivers", "roads", NULL};
    vi_draw_options under = {.only = base, .label_village = ps->req->village};
    ok = draw_base(ps, &under, err);
    const char *serving[8] = {NULL};
    serving_layers(sv, base, serving);
    draw_households(ctx, ps->m, sv, FALSE, TRUE);
    vi_draw_options over = {.only = serving, .label_village = ps->req->village};
    map_draw_layers(ps->m, &over);
    /* Hamlets: a disc by household count, labelled with its size. */
    guint32 hc = ctx->style->layout.hamlet;
    for (int i = 0; i < sv->nhamlets; i++) {
        const vi_map_hamlet *h = &sv->hamlets[i];
        double px, py, r = fmax(1.2, sqrt((double)h->households) * 0.55);
        world_to_page(ps->m, sv->epsg, ctx->data->epsg, h->x, h->y, &px, &py);
        cairo_new_path(cr);
        cairo_arc(cr, px, py, r, 0, 2 * G_PI);
        map_paint_path(cr, (hc & 0xffffff00) | 0x55, hc, 0.35);
        char *t = g_strdup_printf(_("%d hh, %d people"), h->households, h->people);
        map_label_point(ps->m, t, px, py, r, 900 + h->households, ctx->style->layout.label_pt,
                        TRUE);
        g_free(t);
    }
    if (sv->nhamlets) {
        vi_legend_entry e = {VI_LEG_SYMBOL,
                             VI_SYM_CIRCLE,
                             (hc & 0xffffff00) | 0x55,
                             hc,
                             0.35,
                             3.5,
                             NULL,
                             (char *)_("unserved hamlet (size by households)")};
        map_legend_add(ps->m, &e);
    }
    GString *fig = g_string_new(NULL);
    gint64 unhh = 0, unpp = 0;
    for (int i = 0; i < sv->nhamlets; i++) {
        unhh += sv->hamlets[i].households;
        unpp += sv->hamlets[i].people;
    }
    g_string_append_printf(
        fig,
        NG_("not served: %" PRId64 " households, %" PRId64 " people in %u hamlet",
            "not served: %" PRId64 " households, %" PRId64 " people in %u hamlets",
            (unsigned long)sv->nhamlets),
        unhh, unpp, (guint)sv->nhamlets);
    for (int i = 0; i < sv->nsites; i++) {
        const vi_map_site *s = &sv->sites[i];
        double px, py;
        world_to_page(ps->m, sv->epsg, ctx->data->epsg, s->x, s->y, &px, &py);
        double r = sv->site_reach_m / map_metres_per_mm(ps->m);
        guint32 sc = ctx->style->layout.site;
        cairo_new_path(cr);
        cairo_arc(cr, px, py, r, 0, 2 * G_PI);
        page_set_colour(cr, ctx->style->layout.site_reach);
        cairo_fill_preserve(cr);
        double dash[] = {1.5, 1};
        cairo_set_dash(cr, dash, 2, 0);
        page_set_colour(cr, sc);
        cairo_set_line_width(cr, 0.3);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        map_symbol_path(cr, VI_SYM_STAR, px, py, 4.2);
        map_paint_path(cr, sc, 0xffffffff, 0.3);
        map_obstacle(ps->m, px, py, 2.1, 2.1);
        char *t = g_strdup_printf(_("site %d: +%d hh, %d people"), s->rank, s->gain_households,
                                  s->gain_people);
        map_label_point(ps->m, t, px, py, 2.1, 2000 - s->rank, ctx->style->layout.label_pt + 1,
                        TRUE);
        g_string_append_printf(fig, "\n%s", t);
        g_free(t);
    }
    if (sv->nsites) {
        char *t =
            g_strdup_printf(_("proposed %s (%.0f m reach)"),
                            ctx->english ? sv->site_asset_en : sv->site_asset_zh, sv->site_reach_m);
        vi_legend_entry e = {
            VI_LEG_SYMBOL, VI_SYM_STAR, ctx->style->layout.site, 0xffffffff, 0.3, 4.2, NULL, t};
        map_legend_add(ps->m, &e);
        g_free(t);
    }
    const char *sname = rules_service_name(ctx->rules, service, ctx->english);
    ps->title = g_strdup_printf(_("%s: %s gaps"), scope_name(ps), sname);
    ps->subtitle = g_strdup_printf(_("Standard: %s"), sv->label);
    ps->figures = g_string_free(fig, FALSE);
    finish_map(ps);
    return ok;
}

/* maps/places.tsv: towns drawn in the overview's locator inset. */
typedef struct {
    char *name_zh, *name_en;
    double lon, lat;
} place_row;
static const tbl_column place_cols[] = {
    {"name_zh", TBL_TEXT, offsetof(place_row, name_zh), TRUE, NULL},
    {"name_en", TBL_TEXT, offsetof(place_row, name_en), TRUE, NULL},
    {"lon", TBL_REAL, offsetof(place_row, lon), TRUE, NULL},
    {"lat", TBL_REAL, offsetof(place_row, lat), TRUE, NULL},
};

static gboolean locator_inset(page_state *ps, double x, double y, double w, double h, GError **err)
{
    vi_render_ctx *ctx = ps->ctx;
    char *dir = g_path_get_dirname(ctx->style->path);
    char *path = g_build_filename(dir, "places.tsv", NULL);
    g_free(dir);
    GArray *places = NULL;
    gboolean ok =
        !g_file_test(path, G_FILE_TEST_EXISTS) ||
        tbl_read(path, place_cols, G_N_ELEMENTS(place_cols), sizeof(place_row), &places, err);
    g_free(path);
    if (!ok)
        return FALSE;
    /* The inset spans the places and the programme, with a margin. */
    double box[4] = {ctx->data->minx, ctx->data->miny, ctx->data->maxx, ctx->data->maxy};
    double *pxy = places ? g_new(double, 2 * places->len + 2) : NULL;
    for (guint i = 0; places && i < places->len; i++) {
        place_row *p = &g_array_index(places, place_row, i);
        pxy[2 * i] = p->lon;
        pxy[2 * i + 1] = p->lat;
    }
    if (places && !gk_project(ctx->data->epsg, pxy, places->len, NULL)) {
        g_free(pxy);
        tbl_rows_free(places, place_cols, G_N_ELEMENTS(place_cols));
        places = NULL;
        pxy = NULL;
    }
    for (guint i = 0; places && i < places->len; i++) {
        box[0] = fmin(box[0], pxy[2 * i]);
        box[1] = fmin(box[1], pxy[2 * i + 1]);
        box[2] = fmax(box[2], pxy[2 * i]);
        box[3] = fmax(box[3], pxy[2 * i + 1]);
    }
    vi_page *pg = ps->pg;
    const vi_style_layout *lay = &ctx->style->layout;
    vi_text_style head = {lay->legend_pt, TRUE, 0, 0, lay->text, 0, 0};
    page_text(pg, x, y, _("Location"), &head);
    y += 5;
    vi_map *im =
        map_new(pg, ctx->data, ctx->english, x, y, w, h - 5, box[0], box[1], box[2], box[3], 0.15);
    map_begin(im);
    const char *only[] = {VI_LAYER_VILLAGES, NULL};
    vi_draw_options opt = {
        .only = only, .no_labels = TRUE, .skip = (const char *[]){"#legend", NULL}};
    map_draw_layers(im, &opt);
    cairo_t *cr = pg->cr;
    double ax, ay, bx, by;
    map_to_page(im, ctx->data->minx, ctx->data->miny, &ax, &ay);
    map_to_page(im, ctx->data->maxx, ctx->data->maxy, &bx, &by);
    cairo_rectangle(cr, ax - 0.8, by - 0.8, bx - ax + 1.6, ay - by + 1.6);
    map_paint_path(cr, 0, lay->inset_box, 0.4);
    for (guint i = 0; places && i < places->len; i++) {
        place_row *p = &g_array_index(places, place_row, i);
        double px, py;
        map_to_page(im, pxy[2 * i], pxy[2 * i + 1], &px, &py);
        cairo_new_path(cr);
        map_symbol_path(cr, VI_SYM_SQUARE, px, py, 1.4);
        map_paint_path(cr, 0x333333ff, 0, 0);
        map_label_point(im, ctx->english ? p->name_en : p->name_zh, px, py, 0.8, 10, lay->footer_pt,
                        FALSE);
    }
    map_place_labels(im, NULL);
    cairo_restore(cr); /* the inset's clip */
    cairo_rectangle(cr, x, y, w, h - 5);
    map_paint_path(cr, 0, lay->frame, 0.3);
    map_free(im);
    g_free(pxy);
    if (places)
        tbl_rows_free(places, place_cols, G_N_ELEMENTS(place_cols));
    return TRUE;
}

static gboolean overview_map(page_state *ps, GError **err)
{
    vi_render_ctx *ctx = ps->ctx;
    double box[4];
    if (!village_box(ctx, NULL, &ps->village, box, err))
        return FALSE;
    const vi_layerdata *v = mapdata_layer(ctx->data, VI_LAYER_VILLAGES);
    int nv = v ? v->n : 0;
    const GArray *figures = ctx->figures->overview;
    if (ps->req->figure < 0 || ps->req->figure >= (int)figures->len ||
        (nv && !(ps->in && ps->in->figures))) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("the overview's figures were not computed"));
        return FALSE;
    }
    const vi_overview_figure *fig = &g_array_index(figures, vi_overview_figure, ps->req->figure);
    gboolean ok = TRUE;
    begin_map(ps, box, 0.04);
    {
        const char *only[] = {VI_LAYER_VILLAGES, "rivers", "roads", NULL};
        vi_draw_options opt = {.only = only, .no_labels = TRUE};
        ok = draw_base(ps, &opt, err);
        for (int i = 0; i < nv; i++) {
            double x, y, px, py;
            layerdata_centroid(v, i, &x, &y);
            map_to_page(ps->m, x, y, &px, &py);
            char *num = !ps->in->has_figures[i]
                            ? g_strdup("—")
                            : figures_format(ctx->english ? fig->value_en : fig->value_zh,
                                             &ps->in->figures[i]);
            char *t = g_strdup_printf("%s\n%s", v->name[i] ? v->name[i] : "?", num);
            const double *b = layerdata_bbox(v, i);
            map_label_area(ps->m, t, px, py,
                           fmin(b[2] - b[0], b[3] - b[1]) / map_metres_per_mm(ps->m) * 0.3, 1000,
                           ctx->style->layout.label_pt + 1.5, TRUE);
            g_free(t);
            g_free(num);
        }
        ps->title = g_strdup(_("Overview of the assisted villages"));
        ps->subtitle = g_strdup_printf(NG_("%d village · under each name: %s",
                                           "%d villages · under each name: %s", (unsigned long)nv),
                                       nv, ctx->english ? fig->what_en : fig->what_zh);
        map_place_labels(ps->m, NULL);
        map_end(ps->m);
        draw_title(ps->pg, ps->ctx, ps->req->title ? ps->req->title : ps->title, ps->subtitle);
        double legend_h = map_draw_legend(ps->m, ps->b.px, ps->b.py, ps->b.pw);
        double inset_h = fmin(ps->b.pw * 1.1, ps->b.ph - legend_h - 20);
        if (ctx->style->layout.inset && inset_h > 20)
            ok = locator_inset(ps, ps->b.px, ps->b.py + legend_h + 4, ps->b.pw, inset_h, err);
        else
            inset_h = 0;
        draw_furniture(ps->pg, ps->m, &ps->b, ps->b.py + legend_h + 8 + inset_h);
        draw_footer(ps->pg, ctx, ps->req, ps->m, ps->b.foot_y);
    }
    return ok;
}

/* ---- zones ---- */

/* The Gauss-Krüger zone (EPSG) of village I of D, by its centroid. */
static int village_zone(const vi_mapdata *d, const vi_layerdata *v, int i)
{
    double xy[2];
    layerdata_centroid(v, i, &xy[0], &xy[1]);
    return gk_unproject(d->epsg, xy, 1, NULL) ? gk_zone_epsg(xy[0]) : 0;
}

/* A map of one village is drawn in that village's own zone: a Lantian
 * village (108°E) is never drawn in Danfeng's zone (111°E) because the
 * district's centre lies there.  Swaps CTX's data for the data in the
 * village's zone, loaded once, and returns the district's to put back. */
static vi_mapdata *enter_zone(vi_render_ctx *ctx, const vi_map_request *req, GError **err)
{
    vi_mapdata *district = ctx->data;
    const vi_layerdata *v = mapdata_layer(district, VI_LAYER_VILLAGES);
    int i = req->kind == VI_MAP_OVERVIEW || !req->village || !v
                ? -1
                : mapdata_village(district, req->village);
    int zone = i < 0 ? 0 : village_zone(district, v, i);
    if (!zone || zone == district->epsg)
        return district;
    for (guint k = 0; ctx->zone_data && k < ctx->zone_data->len; k++) {
        vi_mapdata *d = ctx->zone_data->pdata[k];
        if (d->epsg == zone) {
            ctx->data = d;
            return district;
        }
    }
    vi_mapdata *d = mapdata_load(ctx->store, ctx->style, zone, err);
    if (!d)
        return NULL;
    if (!ctx->zone_data)
        ctx->zone_data = g_ptr_array_new_with_free_func((GDestroyNotify)mapdata_free);
    g_ptr_array_add(ctx->zone_data, d);
    ctx->data = d;
    return district;
}

/* The zones of the villages drawn on M (each village by its centroid) that
 * differ from the map's own, as "36、37" for the footer; NULL when none. */
static char *other_zones(const vi_render_ctx *ctx, const vi_map_request *req)
{
    const vi_layerdata *v = mapdata_layer(ctx->data, VI_LAYER_VILLAGES);
    if (!v || (req->village && req->kind != VI_MAP_OVERVIEW))
        return NULL;
    gboolean seen[32] = {FALSE}, other = FALSE;
    for (int i = 0; i < v->n; i++) {
        int zone = village_zone(ctx->data, v, i);
        if (zone >= 4534 && zone <= 4554) {
            seen[zone - 4534] = TRUE;
            other |= zone != ctx->data->epsg;
        }
    }
    if (!other)
        return NULL;
    GString *s = g_string_new(NULL);
    for (int z = 0; z < 32; z++)
        if (seen[z])
            g_string_append_printf(s, "%s%d", s->len ? _(", ") : "",
                                   (int)(gk_zone_central_meridian(4534 + z) / 3));
    return g_string_free(s, FALSE);
}

gboolean render_map(vi_page *pg, vi_render_ctx *ctx, const vi_map_request *req,
                    const vi_map_input *in, GError **err)
{
    vi_mapdata *district = enter_zone(ctx, req, err);
    if (!district)
        return FALSE;
    page_state ps = {.ctx = ctx, .req = req, .in = in, .pg = pg, .village = -1};
    gboolean ok;
    switch (req->kind) {
    case VI_MAP_COVERAGE:
        ok = coverage_map(&ps, err);
        break;
    case VI_MAP_GAPS:
        ok = gaps_map(&ps, err);
        break;
    case VI_MAP_OVERVIEW:
        ok = overview_map(&ps, err);
        break;
    default:
        ok = village_map(&ps, err);
        break;
    }
    if (ps.m && !ok)
        cairo_reset_clip(pg->cr);
    map_free(ps.m);
    g_free(ps.title);
    g_free(ps.subtitle);
    g_free(ps.figures);
    ctx->data = district;
    return ok;
}

gboolean render_map_extent(vi_page *pg, vi_render_ctx *ctx, const vi_map_request *req,
                           double *extent, GError **err)
{
    double box[4];
    int village;
    vi_mapdata *district = enter_zone(ctx, req, err);
    if (!district)
        return FALSE;
    if (!village_box(ctx, req->kind == VI_MAP_OVERVIEW ? NULL : req->village, &village, box, err)) {
        ctx->data = district;
        return FALSE;
    }
    boxes b;
    page_boxes(pg, req->bottom_mm, &b);
    vi_map *m = map_new(pg, ctx->data, ctx->english, b.mx, b.my, b.mw, b.mh, box[0], box[1], box[2],
                        box[3], req->kind == VI_MAP_OVERVIEW ? 0.04 : 0.05);
    map_extent(m, &extent[0], &extent[1], &extent[2], &extent[3]);
    map_free(m);
    ctx->data = district;
    return TRUE;
}

gboolean render_ctx_init(vi_render_ctx *ctx, vi_store *store, const char *style,
                         const char *mapsdir, const char *datadir, const char *rules_path,
                         gboolean english, GError **err)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->store = store;
    ctx->datadir = datadir;
    ctx->english = english;
    ctx->as_of = store_as_of(store);
    const vi_registry *reg = store_registry(store);
    vi_style *st = style_load(style ? style : "default", mapsdir, reg, err);
    if (!st)
        return FALSE;
    ctx->style = st;
    char *default_rules = g_build_filename(datadir, "rules.tsv", NULL);
    ctx->rules = rules_load(rules_path ? rules_path : default_rules, reg, err);
    g_free(default_rules);
    if (ctx->rules)
        ctx->data = mapdata_load(store, st, 0, err);
    if (ctx->data)
        ctx->figures = figures_load(datadir, err);
    if (!ctx->figures) {
        render_ctx_clear(ctx);
        return FALSE;
    }
    return TRUE;
}

void render_ctx_clear(vi_render_ctx *ctx)
{
    figures_free(ctx->figures);
    if (ctx->zone_data)
        g_ptr_array_free(ctx->zone_data, TRUE);
    mapdata_free(ctx->data);
    rules_free(ctx->rules);
    style_free((vi_style *)ctx->style);
    memset(ctx, 0, sizeof *ctx);
}
