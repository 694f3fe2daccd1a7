/*
 * map.c - a map frame: view, layers, labels, legend, scale bar, north
 * arrow and graticule.  See map.h.
 */
#include "map.h"
#include "geodesy.h"
#include "gkzone.h"
#include "path.h"
#include "stamp.h"

#include <math.h>
#include <string.h>

typedef struct {
    char *text;
    int kind; /* 0 point, 1 area, 2 line */
    double x, y, r;
    double *line;
    int nline;
    long priority;
    double size_pt;
    gboolean bold;
    int order;
} label;

struct vi_map {
    vi_page *pg;
    const vi_mapdata *data;
    const vi_style *style;
    gboolean english;
    double fx, fy, fw, fh;
    double cx, cy, scale; /* projected centre; mm per metre */
    GArray *legend;       /* vi_legend_entry */
    GArray *labels;       /* label */
    /* Occupancy of the frame for labels: one byte per cell. */
    guint8 *occ;
    int gw, gh;
    double cell;
    GArray *placed; /* double[5] per placed label: cx, cy, hw, hh, angle */
    long path_vertices; /* handed to cairo by map_path_end() */
};

#define CELL_MM 0.5
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
    m->labels = g_array_new(FALSE, TRUE, sizeof(label));
    m->cell = CELL_MM;
    m->gw = (int)ceil(fw / m->cell);
    m->gh = (int)ceil(fh / m->cell);
    m->occ = g_new0(guint8, (size_t)m->gw * (size_t)m->gh);
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
    for (guint i = 0; i < m->labels->len; i++) {
        g_free(g_array_index(m->labels, label, i).text);
        g_free(g_array_index(m->labels, label, i).line);
    }
    g_array_free(m->labels, TRUE);
    g_free(m->occ);
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

static void set_dash(cairo_t *cr, char **dash)
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
    vi_legend_entry e = {layer->geometry == VI_GEOM_POINT  ? VI_LEG_SYMBOL :
                         layer->geometry == VI_GEOM_LINE ? VI_LEG_LINE :
                                                           VI_LEG_AREA,
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
        set_dash(sc, row->dash);
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
        set_dash(cr, row->dash);
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
            !(strcmp(l->layer->name, "villages") == 0 && l->name[i] &&
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
    const vi_layerdata *v = mapdata_layer(m->data, "villages");
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

static void add_label(vi_map *m, const label *lb)
{
    label copy = *lb;
    copy.text = g_strdup(lb->text);
    copy.order = (int)m->labels->len;
    g_array_append_val(m->labels, copy);
}

void map_label_point(vi_map *m, const char *text, double px, double py, double r_mm,
                     long priority, double size_pt, gboolean bold)
{
    label lb = {(char *)text, 0, px, py, r_mm, NULL, 0, priority, size_pt, bold, 0};
    add_label(m, &lb);
}

void map_label_area(vi_map *m, const char *text, double px, double py, double r_mm,
                    long priority, double size_pt, gboolean bold)
{
    label lb = {(char *)text, 1, px, py, r_mm, NULL, 0, priority, size_pt, bold, 0};
    add_label(m, &lb);
}

void map_label_line(vi_map *m, const char *text, const double *pts, int n, long priority,
                    double size_pt)
{
    label lb = {(char *)text, 2, 0, 0, 0, g_memdup2(pts, sizeof(double) * 2 * (size_t)n), n,
                priority, size_pt, FALSE, 0};
    add_label(m, &lb); /* keeps the copy of PTS */
}

/* Cells of the occupancy grid under a rectangle of centre CX, CY, half
 * sizes HW, HH, rotated by ANGLE: test (MARK FALSE) or mark them.  Returns
 * FALSE when a cell is taken or the rectangle leaves the frame. */
static gboolean occupy(vi_map *m, double cx, double cy, double hw, double hh, double angle,
                       gboolean mark)
{
    double c = cos(angle), s = sin(angle);
    double ex = fabs(hw * c) + fabs(hh * s), ey = fabs(hw * s) + fabs(hh * c);
    if (cx - ex < m->fx || cx + ex > m->fx + m->fw || cy - ey < m->fy || cy + ey > m->fy + m->fh)
        return mark;
    int x0 = (int)floor((cx - ex - m->fx) / m->cell), x1 = (int)floor((cx + ex - m->fx) / m->cell);
    int y0 = (int)floor((cy - ey - m->fy) / m->cell), y1 = (int)floor((cy + ey - m->fy) / m->cell);
    x0 = MAX(x0, 0);
    y0 = MAX(y0, 0);
    x1 = MIN(x1, m->gw - 1);
    y1 = MIN(y1, m->gh - 1);
    for (int gy = y0; gy <= y1; gy++) {
        for (int gx = x0; gx <= x1; gx++) {
            double qx = m->fx + (gx + 0.5) * m->cell - cx, qy = m->fy + (gy + 0.5) * m->cell - cy;
            double u = qx * c + qy * s, v = -qx * s + qy * c;
            if (fabs(u) > hw || fabs(v) > hh)
                continue;
            guint8 *cell = &m->occ[(size_t)gy * (size_t)m->gw + (size_t)gx];
            if (mark)
                *cell = 1;
            else if (*cell)
                return FALSE;
        }
    }
    return TRUE;
}

void map_obstacle(vi_map *m, double px, double py, double half_w, double half_h)
{
    occupy(m, px, py, half_w, half_h, 0, TRUE);
}

static int label_cmp(const void *a, const void *b)
{
    const label *x = a, *y = b;
    if (x->priority != y->priority)
        return x->priority > y->priority ? -1 : 1;
    return x->order - y->order;
}

/* The point LENGTH mm along polyline PTS (CUM: the length up to each
 * vertex), searching on from segment *K, which is left at the segment
 * holding it: windows slide forward, so all of them cost one pass. */
static void point_along(const double *pts, const double *cum, int n, double at, int *k,
                        double *x, double *y)
{
    while (*k < n - 1 && cum[*k] < at)
        (*k)++;
    double seg = cum[*k] - cum[*k - 1];
    double f = seg > 0 ? fmin(fmax((at - cum[*k - 1]) / seg, 0), 1) : 1;
    *x = pts[2 * *k - 2] + f * (pts[2 * *k] - pts[2 * *k - 2]);
    *y = pts[2 * *k - 1] + f * (pts[2 * *k + 1] - pts[2 * *k - 1]);
}

/* Windows tried along one line at most: every millimetre of a road across
 * a page, sparser along a line that winds for metres of paper. */
#define LINE_WINDOWS 2000

/* Where along polyline PTS a run of LENGTH mm bends least: its middle,
 * direction and the worst turn; FALSE when the line is too short. */
static gboolean line_window(const double *pts, int n, double length, double *mx, double *my,
                            double *angle)
{
    double *cum = g_new(double, (size_t)n);
    cum[0] = 0;
    for (int k = 1; k < n; k++)
        cum[k] = cum[k - 1] + hypot(pts[2 * k] - pts[2 * k - 2], pts[2 * k + 1] - pts[2 * k - 1]);
    double total = cum[n - 1];
    gboolean ok = FALSE;
    double best = INFINITY;
    if (total >= length * 1.1) {
        /* Try windows centred every STEP; score: how far the window's
         * vertices stray from its chord (a straight run reads best), then
         * nearness to the middle of the line. */
        double step = fmax(1.0, (total - length) / LINE_WINDOWS);
        int ka = 1, kb = 1;
        for (double t = length / 2; t <= total - length / 2; t += step) {
            double a = t - length / 2, b = t + length / 2;
            double ax, ay, bx, by;
            point_along(pts, cum, n, a, &ka, &ax, &ay);
            point_along(pts, cum, n, b, &kb, &bx, &by);
            double chord = hypot(bx - ax, by - ay);
            if (chord < length * 0.9)
                continue;
            double stray = 0;
            for (int k = ka - 1; k <= kb; k++) {
                if (cum[k] <= a || cum[k] >= b)
                    continue;
                double d = fabs((bx - ax) * (ay - pts[2 * k + 1]) - (ax - pts[2 * k]) * (by - ay)) /
                           chord;
                stray = fmax(stray, d);
            }
            double score = stray * 10 + fabs(t - total / 2) / total;
            if (stray < 1.0 && score < best) {
                best = score;
                *mx = (ax + bx) / 2;
                *my = (ay + by) / 2;
                *angle = atan2(by - ay, bx - ax);
                ok = TRUE;
            }
        }
    }
    g_free(cum);
    /* Keep text upright. */
    if (ok && (*angle > G_PI / 2 || *angle < -G_PI / 2))
        *angle += *angle > 0 ? -G_PI : G_PI;
    return ok;
}

static void draw_label_text(vi_map *m, const label *lb, double cx, double cy, double angle,
                            double w, double h)
{
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
    g_array_sort(m->labels, label_cmp);
    int placed = 0, lost = 0;
    const double pad = 0.3;
    for (guint i = 0; i < m->labels->len; i++) {
        const label *lb = &g_array_index(m->labels, label, i);
        vi_text_style ts = {lb->size_pt, lb->bold, 0, 0, 0, 0, 0};
        double w, h;
        page_text_size(m->pg, lb->text, &ts, &w, &h);
        double hw = w / 2 + pad, hh = h / 2 + pad * 0.5;
        gboolean done = FALSE;
        if (lb->kind == 0) {
            /* Right, left, above, below, then the four corners; above and
             * below clear the band of the side labels. */
            const double d = lb->r + 0.6, v = fmax(d, hh) + hh;
            const double cand[8][2] = {{d + hw, 0},    {-(d + hw), 0}, {0, -v},
                                       {0, v},         {d + hw, -v},   {d + hw, v},
                                       {-(d + hw), -v}, {-(d + hw), v}};
            for (int c = 0; c < 8 && !done; c++) {
                double cx = lb->x + cand[c][0], cy = lb->y + cand[c][1];
                if (occupy(m, cx, cy, hw, hh, 0, FALSE)) {
                    occupy(m, cx, cy, hw, hh, 0, TRUE);
                    draw_label_text(m, lb, cx, cy, 0, w, h);
                    done = TRUE;
                }
            }
        } else if (lb->kind == 1) {
            /* The centre, then rings around it out to LB->R (a share of the
             * area's size), eight places a ring: in a crowded village the
             * name moves to the nearest free spot inside. */
            int rings = lb->r > 0 ? (int)(lb->r / 2.0) : 1;
            for (int c = 0; c < 1 + 8 * rings && !done; c++) {
                double a = c ? (c - 1) % 8 * G_PI / 4 : 0, d = c ? 2.0 * (1 + (c - 1) / 8) : 0;
                double cx = lb->x + d * cos(a) * 1.5, cy = lb->y + d * sin(a);
                if (occupy(m, cx, cy, hw, hh, 0, FALSE)) {
                    occupy(m, cx, cy, hw, hh, 0, TRUE);
                    draw_label_text(m, lb, cx, cy, 0, w, h);
                    done = TRUE;
                }
            }
        } else {
            double cx, cy, angle;
            if (line_window(lb->line, lb->nline, w + 2 * pad, &cx, &cy, &angle) &&
                occupy(m, cx, cy, hw, hh, angle, FALSE)) {
                occupy(m, cx, cy, hw, hh, angle, TRUE);
                draw_label_text(m, lb, cx, cy, angle, w, h);
                done = TRUE;
            }
        }
        if (done)
            placed++;
        else
            lost++;
    }
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

/* ---- legend ---- */

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
    page_text(m->pg, x, y, m->english ? "Legend" : "图例", &head);
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
            set_dash(cr, e->dash);
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
        char *t = k < 2 ? g_strdup_printf("%g", v) :
                          g_strdup_printf("%g %s", v, km ? (m->english ? "km" : "公里") :
                                                           (m->english ? "m" : "米"));
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
    page_text(m->pg, x, y - h - th - 0.3, m->english ? "N" : "北", &ts);
}

/* A degree value as 109°21′30″ E (seconds only when not whole minutes). */
static char *format_degrees(double v, gboolean lon, gboolean english)
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
    const char *hemi = lon ? (v >= 0 ? (english ? "E" : "东经") : (english ? "W" : "西经")) :
                             (v >= 0 ? (english ? "N" : "北纬") : (english ? "S" : "南纬"));
    char *num = s ? g_strdup_printf("%d°%02d′%02d″", d, mi, s) : g_strdup_printf("%d°%02d′", d, mi);
    char *out = english ? g_strdup_printf("%s%s", num, hemi) : g_strdup_printf("%s%s", hemi, num);
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

static void graticule(vi_map *m)
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
                                               &p[0][0], &p[0][1]) :
                                 edge_crossing(m, FALSE, v, m->fx, m->fy + m->fh, m->fx, m->fy,
                                               &p[0][0], &p[0][1]);
            gboolean ok1 = lon ? edge_crossing(m, TRUE, v, m->fx, m->fy + m->fh, m->fx + m->fw,
                                               m->fy + m->fh, &p[1][0], &p[1][1]) :
                                 edge_crossing(m, FALSE, v, m->fx + m->fw, m->fy + m->fh,
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
            char *text = format_degrees(v, lon, m->english);
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

void map_end(vi_map *m)
{
    cairo_t *cr = m->pg->cr;
    cairo_restore(cr); /* the clip of map_begin() */
    cairo_rectangle(cr, m->fx, m->fy, m->fw, m->fh);
    page_set_colour(cr, m->style->layout.frame);
    cairo_set_line_width(cr, 0.35);
    cairo_stroke(cr);
    graticule(m);
}
