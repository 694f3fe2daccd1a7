/*
 * map.c - a map frame: view, layers and labels (placed by labels.c; the
 * legend, scale bar, north arrow and graticule are in furniture.c).  See
 * map.h.
 */
#include "map-int.h"
#include "path.h"
#include "stamp.h"

#include <math.h>
#include <string.h>

/* A label's text, drawn where the placer puts it. */
typedef struct {
    char *text;
    double size_pt;
    gboolean bold;
    double w, h; /* the text's box */
} map_label;

/* Paths are clipped this far outside the frame: wider than any style's
 * line and its mitred corners. */
#define CLIP_MARGIN_MM 10.0

vi_map *map_new(vi_page *pg, const vi_mapdata *data, gboolean english, double fx, double fy,
                double fw, double fh, double minx, double miny, double maxx, double maxy,
                double margin)
{
    vi_map *m = g_new0(vi_map, 1);
    m->pg = pg;
    m->data = data;
    m->style = pg->style;
    m->english = english;
    m->fx = fx;
    m->fy = fy;
    m->fw = fw;
    m->fh = fh;
    double dx = fmax(maxx - minx, 1), dy = fmax(maxy - miny, 1);
    m->cx = (minx + maxx) / 2;
    m->cy = (miny + maxy) / 2;
    m->scale = fmin(fw / (dx * (1 + 2 * margin)), fh / (dy * (1 + 2 * margin)));
    m->legend = g_array_new(FALSE, TRUE, sizeof(vi_legend_entry));
    m->labels = g_array_new(FALSE, TRUE, sizeof(map_label));
    m->placer = labels_new(fx, fy, fw, fh);
    m->placed = g_array_new(FALSE, FALSE, 5 * sizeof(double));
    return m;
}

void map_free(vi_map *m)
{
    if (!m)
        return;
    for (guint i = 0; i < m->legend->len; i++)
        g_free(g_array_index(m->legend, vi_legend_entry, i).text);
    g_array_free(m->legend, TRUE);
    for (guint i = 0; i < m->labels->len; i++)
        g_free(g_array_index(m->labels, map_label, i).text);
    g_array_free(m->labels, TRUE);
    labels_free(m->placer);
    g_array_free(m->placed, TRUE);
    g_free(m);
}

void map_to_page(const vi_map *m, double x, double y, double *px, double *py)
{
    *px = m->fx + m->fw / 2 + (x - m->cx) * m->scale;
    *py = m->fy + m->fh / 2 - (y - m->cy) * m->scale;
}

void map_from_page(const vi_map *m, double px, double py, double *x, double *y)
{
    *x = m->cx + (px - m->fx - m->fw / 2) / m->scale;
    *y = m->cy - (py - m->fy - m->fh / 2) / m->scale;
}

void map_frame(const vi_map *m, double *fx, double *fy, double *fw, double *fh)
{
    *fx = m->fx;
    *fy = m->fy;
    *fw = m->fw;
    *fh = m->fh;
}

int map_epsg(const vi_map *m)
{
    return m->data->epsg;
}

double map_metres_per_mm(const vi_map *m)
{
    return 1 / m->scale;
}

void map_extent(const vi_map *m, double *minx, double *miny, double *maxx, double *maxy)
{
    *minx = m->cx - m->fw / 2 / m->scale;
    *maxx = m->cx + m->fw / 2 / m->scale;
    *miny = m->cy - m->fh / 2 / m->scale;
    *maxy = m->cy + m->fh / 2 / m->scale;
}

cairo_t *map_cairo(const vi_map *m)
{
    return m->pg->cr;
}

vi_page *map_page(const vi_map *m)
{
    return m->pg;
}

gboolean map_english(const vi_map *m)
{
    return m->english;
}

void map_begin(vi_map *m)
{
    cairo_t *cr = m->pg->cr;
    cairo_save(cr);
    cairo_rectangle(cr, m->fx, m->fy, m->fw, m->fh);
    cairo_clip(cr);
    page_set_colour(cr, m->style->layout.map_background);
    cairo_paint(cr);
}

/* ---- symbols and paths ---- */

void map_symbol_path(cairo_t *cr, int symbol, double x, double y, double s)
{
    double r = s / 2;
    cairo_new_sub_path(cr);
    switch (symbol) {
    case VI_SYM_NONE:
        break;
    case VI_SYM_CIRCLE:
        cairo_arc(cr, x, y, r, 0, 2 * G_PI);
        break;
    case VI_SYM_SQUARE:
        cairo_rectangle(cr, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
        break;
    case VI_SYM_TRIANGLE:
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r * 0.95, y + r * 0.7);
        cairo_line_to(cr, x - r * 0.95, y + r * 0.7);
        cairo_close_path(cr);
        break;
    case VI_SYM_DIAMOND:
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r * 0.8, y);
        cairo_line_to(cr, x, y + r);
        cairo_line_to(cr, x - r * 0.8, y);
        cairo_close_path(cr);
        break;
    case VI_SYM_STAR:
        for (int k = 0; k < 10; k++) {
            double a = -G_PI / 2 + k * G_PI / 5, rr = k % 2 ? r * 0.45 : r;
            if (k == 0)
                cairo_move_to(cr, x + rr * cos(a), y + rr * sin(a));
            else
                cairo_line_to(cr, x + rr * cos(a), y + rr * sin(a));
        }
        cairo_close_path(cr);
        break;
    case VI_SYM_CROSS: { /* a Greek cross: the clinic sign */
        double a = r * 0.36;
        cairo_move_to(cr, x - a, y - r);
        cairo_line_to(cr, x + a, y - r);
        cairo_line_to(cr, x + a, y - a);
        cairo_line_to(cr, x + r, y - a);
        cairo_line_to(cr, x + r, y + a);
        cairo_line_to(cr, x + a, y + a);
        cairo_line_to(cr, x + a, y + r);
        cairo_line_to(cr, x - a, y + r);
        cairo_line_to(cr, x - a, y + a);
        cairo_line_to(cr, x - r, y + a);
        cairo_line_to(cr, x - r, y - a);
        cairo_line_to(cr, x - a, y - a);
        cairo_close_path(cr);
        break;
    }
    case VI_SYM_TOWER: /* a lattice mast: tall narrow A with a beacon */
        cairo_move_to(cr, x, y - r * 0.6);
        cairo_line_to(cr, x + r * 0.55, y + r);
        cairo_line_to(cr, x + r * 0.2, y + r);
        cairo_line_to(cr, x, y + r * 0.1);
        cairo_line_to(cr, x - r * 0.2, y + r);
        cairo_line_to(cr, x - r * 0.55, y + r);
        cairo_close_path(cr);
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y - r * 0.72, r * 0.28, 0, 2 * G_PI);
        break;
    case VI_SYM_DROP: /* water */
        cairo_move_to(cr, x, y - r);
        cairo_curve_to(cr, x + r * 0.2, y - r * 0.5, x + r * 0.75, y - r * 0.05, x + r * 0.75,
                       y + r * 0.3);
        cairo_arc(cr, x, y + r * 0.3, r * 0.75, 0, G_PI);
        cairo_curve_to(cr, x - r * 0.75, y - r * 0.05, x - r * 0.2, y - r * 0.5, x, y - r);
        cairo_close_path(cr);
        break;
    case VI_SYM_HOUSE:
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r, y - r * 0.1);
        cairo_line_to(cr, x + r * 0.7, y - r * 0.1);
        cairo_line_to(cr, x + r * 0.7, y + r * 0.85);
        cairo_line_to(cr, x - r * 0.7, y + r * 0.85);
        cairo_line_to(cr, x - r * 0.7, y - r * 0.1);
        cairo_line_to(cr, x - r, y - r * 0.1);
        cairo_close_path(cr);
        break;
    case VI_SYM_BRIDGE: /* an arch deck seen from the side */
        cairo_move_to(cr, x - r, y - r * 0.45);
        cairo_line_to(cr, x + r, y - r * 0.45);
        cairo_line_to(cr, x + r, y + r * 0.55);
        cairo_line_to(cr, x + r * 0.6, y + r * 0.55);
        cairo_arc_negative(cr, x, y + r * 0.55, r * 0.6, 0, G_PI);
        cairo_line_to(cr, x - r, y + r * 0.55);
        cairo_close_path(cr);
        break;
    case VI_SYM_TREE:
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r * 0.8, y + r * 0.4);
        cairo_line_to(cr, x + r * 0.15, y + r * 0.4);
        cairo_line_to(cr, x + r * 0.15, y + r);
        cairo_line_to(cr, x - r * 0.15, y + r);
        cairo_line_to(cr, x - r * 0.15, y + r * 0.4);
        cairo_line_to(cr, x - r * 0.8, y + r * 0.4);
        cairo_close_path(cr);
        break;
    case VI_SYM_FLAG: /* a committee: flag on a pole */
        cairo_move_to(cr, x - r * 0.7, y + r);
        cairo_line_to(cr, x - r * 0.7, y - r);
        cairo_line_to(cr, x + r * 0.8, y - r * 0.55);
        cairo_line_to(cr, x - r * 0.45, y - r * 0.1);
        cairo_line_to(cr, x - r * 0.45, y + r);
        cairo_close_path(cr);
        break;
    case VI_SYM_LAMP: /* a street lamp: a small disc with a stem */
        cairo_arc(cr, x, y - r * 0.3, r * 0.7, 0, 2 * G_PI);
        cairo_new_sub_path(cr);
        cairo_rectangle(cr, x - r * 0.15, y + r * 0.3, r * 0.3, r * 0.7);
        break;
    }
}

void map_paint_path(cairo_t *cr, guint32 fill, guint32 stroke, double width_mm)
{
    if (fill) {
        page_set_colour(cr, fill);
        if (stroke && width_mm > 0)
            cairo_fill_preserve(cr);
        else
            cairo_fill(cr);
    }
    if (stroke && width_mm > 0) {
        page_set_colour(cr, stroke);
        cairo_set_line_width(cr, width_mm);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}

void map_set_dash(cairo_t *cr, char **dash)
{
    double d[16];
    int n = 0;
    for (; dash && dash[n] && n < 16; n++)
        d[n] = g_ascii_strtod(dash[n], NULL);
    cairo_set_dash(cr, d, n, 0);
}

/* ---- layers ---- */

void map_path_begin(vi_map *m, vi_path *path, double margin_mm)
{
    double margin = CLIP_MARGIN_MM + margin_mm;
    path_init(path, m->pg->cr, NULL, page_resolution_mm(m->pg), m->fx - margin, m->fy - margin,
              m->fx + m->fw + margin, m->fy + m->fh + margin);
}

void map_path_end(vi_map *m, vi_path *path)
{
    m->path_vertices += path_end(path);
}

long map_path_vertices(const vi_map *m)
{
    return m->path_vertices;
}

void map_feature_path(vi_map *m, const vi_layerdata *l, int i)
{
    vi_path path;
    map_path_begin(m, &path, 0);
    for (int p = l->feat_part[i]; p < l->feat_part[i + 1]; p++) {
        for (int k = l->part_start[p]; k < l->part_start[p + 1]; k++) {
            double px, py;
            map_to_page(m, l->xy[2 * k], l->xy[2 * k + 1], &px, &py);
            if (k == l->part_start[p])
                path_move_to(&path, px, py);
            else
                path_line_to(&path, px, py);
        }
        if (l->layer->geometry == VI_GEOM_POLYGON)
            path_close(&path);
    }
    map_path_end(m, &path);
}

/* Part P of L in page millimetres, thinned to the page's resolution but not
 * clipped (a label is placed along the line's whole length). */
static GArray *part_page_points(const vi_map *m, const vi_layerdata *l, int p)
{
    GArray *pts = g_array_new(FALSE, FALSE, sizeof(double));
    vi_path path;
    path_init(&path, NULL, pts, page_resolution_mm(m->pg), -INFINITY, -INFINITY, INFINITY,
              INFINITY);
    for (int k = l->part_start[p]; k < l->part_start[p + 1]; k++) {
        double px, py;
        map_to_page(m, l->xy[2 * k], l->xy[2 * k + 1], &px, &py);
        path_line_to(&path, px, py);
    }
    path_end(&path);
    return pts;
}

static gboolean in_list(const char *const *list, const char *name)
{
    return list && g_strv_contains(list, name);
}

static gboolean bbox_visible(const double *b, double minx, double miny, double maxx, double maxy)
{
    return b[2] >= minx && b[0] <= maxx && b[3] >= miny && b[1] <= maxy;
}

static const char *label_value(const vi_layerdata *l, int i, const char *field)
{
    if (strcmp(field, "name") == 0)
        return l->name[i];
    if (strcmp(field, "id") == 0)
        return l->id[i];
    int k = layer_attr_index(l->layer, field);
    return k >= 0 ? l->attrs[(size_t)i * (size_t)l->layer->nattrs + (size_t)k] : NULL;
}

static void legend_from_row(vi_map *m, const vi_layer *layer, const vi_style_row *row)
{
    vi_legend_entry e = {layer->geometry == VI_GEOM_POINT  ? VI_LEG_SYMBOL
                         : layer->geometry == VI_GEOM_LINE ? VI_LEG_LINE
                                                           : VI_LEG_AREA,
                         row->symbol,
                         row->fill,
                         row->stroke,
                         row->width_mm,
                         row->size_mm,
                         row->dash,
                         NULL};
    const char *text = m->english ? row->legend_en : row->legend_zh;
    e.text = (char *)(text ? text : m->english ? layer->name_en : layer->name_zh);
    map_legend_add(m, &e);
}

static void draw_row(vi_map *m, const vi_layerdata *l, int r, const vi_draw_options *opt,
                     double minx, double miny, double maxx, double maxy)
{
    cairo_t *cr = m->pg->cr;
    const vi_style_row *row = &g_array_index(m->style->rows, vi_style_row, r);
    int drawn = 0;
    gboolean points = l->layer->geometry == VI_GEOM_POINT;
    /* On a raster page, a point symbol is drawn once and copied (stamp.h). */
    vi_stamp *stamp = points ? stamp_new(cr, row->size_mm, row->width_mm) : NULL;
    GArray *stamp_at = NULL;
    if (stamp) {
        cairo_t *sc = stamp_cairo(stamp);
        cairo_set_line_cap(sc, CAIRO_LINE_CAP_ROUND);
        cairo_set_line_join(sc, CAIRO_LINE_JOIN_ROUND);
        map_set_dash(sc, row->dash);
        map_symbol_path(sc, row->symbol, 0, 0, row->size_mm);
        map_paint_path(sc, row->fill, row->stroke, row->width_mm);
        stamp_at = g_array_new(FALSE, FALSE, sizeof(double));
    }
    /* Else one path for the whole row: cairo fills thousands of symbols in
     * one call far faster than one call each.  Circles on a vector page are
     * drawn as dots (round-capped strokes): a county's households make a PDF
     * page a third the size and faster to write and to view. */
    gboolean dots = points && !stamp && row->symbol == VI_SYM_CIRCLE;
    cairo_new_path(cr);
    for (int i = 0; i < l->n; i++) {
        if (l->style_row[i] != r || !bbox_visible(layerdata_bbox(l, i), minx, miny, maxx, maxy))
            continue;
        drawn++;
        if (points) {
            double px, py;
            map_to_page(m, l->xy[2 * l->part_start[l->feat_part[i]]],
                        l->xy[2 * l->part_start[l->feat_part[i]] + 1], &px, &py);
            if (stamp) {
                double at[2] = {px, py};
                g_array_append_vals(stamp_at, at, 2);
            } else if (dots) {
                /* A zero-length line with round caps: a disc in two
                 * coordinates instead of four curves' twenty-six. */
                cairo_move_to(cr, px, py);
                cairo_close_path(cr);
            } else {
                map_symbol_path(cr, row->symbol, px, py, row->size_mm);
            }
            continue;
        }
        map_feature_path(m, l, i);
        if (l->layer->geometry == VI_GEOM_POLYGON) {
            /* Each polygon on its own, so holes and overlaps stay right. */
            cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
            map_paint_path(cr, row->fill, row->stroke, row->width_mm);
        }
    }
    if (stamp) {
        stamp_paint(cr, stamp, (const double *)(void *)stamp_at->data, (int)(stamp_at->len / 2));
        g_array_free(stamp_at, TRUE);
        stamp_free(stamp);
    } else if (dots) {
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        if (row->stroke && row->width_mm > 0) {
            page_set_colour(cr, row->stroke);
            cairo_set_line_width(cr, row->size_mm + row->width_mm);
            cairo_stroke_preserve(cr);
        }
        if (row->fill) {
            page_set_colour(cr, row->fill);
            cairo_set_line_width(cr, row->size_mm - (row->stroke ? row->width_mm : 0));
            cairo_stroke_preserve(cr);
        }
        cairo_new_path(cr);
    } else if (l->layer->geometry != VI_GEOM_POLYGON) {
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        map_set_dash(cr, row->dash);
        if (points)
            map_paint_path(cr, row->fill, row->stroke, row->width_mm);
        else
            map_paint_path(cr, 0, row->stroke, row->width_mm);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    if (drawn && !in_list(opt->skip, "#legend"))
        legend_from_row(m, l->layer, row);
    if (opt->no_labels)
        return;
    /* Labels, and assets' symbols as obstacles for every label. */
    for (int i = 0; i < l->n; i++) {
        if (l->style_row[i] != r || !bbox_visible(layerdata_bbox(l, i), minx, miny, maxx, maxy))
            continue;
        double px, py;
        if (points) {
            map_to_page(m, l->xy[2 * l->part_start[l->feat_part[i]]],
                        l->xy[2 * l->part_start[l->feat_part[i]] + 1], &px, &py);
            if (row->size_mm >= 1.5)
                map_obstacle(m, px, py, row->size_mm / 2, row->size_mm / 2);
        }
        if (!row->label)
            continue;
        if (opt->label_village && (!l->village[i] || strcmp(l->village[i], opt->label_village)) &&
            !(strcmp(l->layer->name, VI_LAYER_VILLAGES) == 0 && l->name[i] &&
              strcmp(l->name[i], opt->label_village) == 0))
            continue;
        const char *text = label_value(l, i, row->label);
        if (!text || !*text)
            continue;
        double size = row->label_pt > 0 ? row->label_pt : m->style->layout.label_pt;
        if (points) {
            map_label_point(m, text, px, py, row->size_mm / 2, row->priority, size, FALSE);
        } else if (l->layer->geometry == VI_GEOM_POLYGON) {
            double x, y;
            layerdata_centroid(l, i, &x, &y);
            map_to_page(m, x, y, &px, &py);
            const double *b = layerdata_bbox(l, i);
            double r = fmin(b[2] - b[0], b[3] - b[1]) * m->scale * 0.3;
            map_label_area(m, text, px, py, r, row->priority, size, TRUE);
        } else {
            /* Along the feature's longest part. */
            int best = -1, bestn = 0;
            for (int p = l->feat_part[i]; p < l->feat_part[i + 1]; p++) {
                int n = l->part_start[p + 1] - l->part_start[p];
                if (n > bestn) {
                    bestn = n;
                    best = p;
                }
            }
            if (best < 0 || bestn < 2)
                continue;
            GArray *pts = part_page_points(m, l, best);
            if (pts->len >= 4)
                map_label_line(m, text, (const double *)(void *)pts->data, (int)(pts->len / 2),
                               row->priority, size);
            g_array_free(pts, TRUE);
        }
    }
}

void map_draw_layers(vi_map *m, const vi_draw_options *opt)
{
    double minx, miny, maxx, maxy;
    map_extent(m, &minx, &miny, &maxx, &maxy);
    cairo_t *cr = m->pg->cr;
    gboolean group = opt->alpha > 0 && opt->alpha < 1;
    if (group)
        cairo_push_group(cr);
    for (guint r = 0; r < m->style->rows->len; r++) {
        const vi_style_row *row = &g_array_index(m->style->rows, vi_style_row, r);
        if ((opt->only && !in_list(opt->only, row->layer)) || in_list(opt->skip, row->layer))
            continue;
        const vi_layerdata *l = mapdata_layer(m->data, row->layer);
        if (l && opt->areas && (l->layer->geometry == VI_GEOM_POLYGON) != (opt->areas == 1))
            continue;
        if (l)
            draw_row(m, l, (int)r, opt, minx, miny, maxx, maxy);
    }
    if (group) {
        cairo_pop_group_to_source(cr);
        cairo_paint_with_alpha(cr, opt->alpha);
    }
}

void map_veil_outside(vi_map *m, int village)
{
    const vi_layerdata *v = mapdata_layer(m->data, VI_LAYER_VILLAGES);
    if (!v || village < 0 || village >= v->n || !m->style->layout.neighbour_veil)
        return;
    cairo_t *cr = m->pg->cr;
    cairo_new_path(cr);
    cairo_rectangle(cr, m->fx, m->fy, m->fw, m->fh);
    map_feature_path(m, v, village);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    page_set_colour(cr, m->style->layout.neighbour_veil);
    cairo_fill(cr);
}

/* ---- labels ---- */

static void add_label(vi_map *m, int kind, const char *text, double x, double y, double r,
                      const double *pts, int n, long priority, double size_pt, gboolean bold)
{
    vi_text_style ts = {size_pt, bold, 0, 0, 0, 0, 0};
    map_label lb = {g_strdup(text), size_pt, bold, 0, 0};
    page_text_size(m->pg, text, &ts, &lb.w, &lb.h);
    g_array_append_val(m->labels, lb);
    labels_add(m->placer, kind, x, y, r, pts, n, priority, lb.w, lb.h);
}

void map_label_point(vi_map *m, const char *text, double px, double py, double r_mm, long priority,
                     double size_pt, gboolean bold)
{
    add_label(m, VI_LABEL_POINT, text, px, py, r_mm, NULL, 0, priority, size_pt, bold);
}

void map_label_area(vi_map *m, const char *text, double px, double py, double r_mm, long priority,
                    double size_pt, gboolean bold)
{
    add_label(m, VI_LABEL_AREA, text, px, py, r_mm, NULL, 0, priority, size_pt, bold);
}

void map_label_line(vi_map *m, const char *text, const double *pts, int n, long priority,
                    double size_pt)
{
    add_label(m, VI_LABEL_LINE, text, 0, 0, 0, pts, n, priority, size_pt, FALSE);
}

void map_obstacle(vi_map *m, double px, double py, double half_w, double half_h)
{
    labels_obstacle(m->placer, px, py, half_w, half_h);
}

static void draw_label_text(vi_map *m, const map_label *lb, double cx, double cy, double angle)
{
    double w = lb->w, h = lb->h;
    double box[5] = {cx, cy, w / 2, h / 2, angle};
    g_array_append_vals(m->placed, box, 1);
    const vi_style_layout *lay = &m->style->layout;
    /* Lines of a multi-line label are centred on each other. */
    vi_text_style ts = {lb->size_pt, lb->bold, 1, w + 0.5, lay->text, lay->halo, lay->halo_mm};
    cairo_t *cr = m->pg->cr;
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_rotate(cr, angle);
    page_text(m->pg, 0, -h / 2, lb->text, &ts);
    cairo_restore(cr);
}

int map_place_labels(vi_map *m, int *dropped)
{
    GArray *at = labels_place(m->placer);
    int placed = 0, lost = 0;
    for (guint i = 0; i < at->len; i++) {
        const vi_label_place *p = &g_array_index(at, vi_label_place, i);
        if (p->placed) {
            draw_label_text(m, &g_array_index(m->labels, map_label, p->label), p->x, p->y,
                            p->angle);
            placed++;
        } else {
            lost++;
        }
    }
    g_array_free(at, TRUE);
    if (dropped)
        *dropped = lost;
    return placed;
}

int map_placed_label(const vi_map *m, int i, double *box)
{
    if (i < 0 || i >= (int)m->placed->len)
        return FALSE;
    memcpy(box, (const double *)m->placed->data + 5 * i, 5 * sizeof(double));
    return TRUE;
}

void map_end(vi_map *m)
{
    cairo_t *cr = m->pg->cr;
    cairo_restore(cr); /* the clip of map_begin() */
    cairo_rectangle(cr, m->fx, m->fy, m->fw, m->fh);
    page_set_colour(cr, m->style->layout.frame);
    cairo_set_line_width(cr, 0.35);
    cairo_stroke(cr);
    map_graticule(m);
}
