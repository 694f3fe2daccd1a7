/*
 * labels.c - label placement without overlap on an occupancy grid.  See
 * labels.h.
 */
#include "labels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CELL_MM 0.5
/* Clearance around a label's text. */
#define PAD_MM 0.3

typedef struct {
    int kind; /* vi_label_kind */
    double x, y, r;
    double *line; /* owned */
    int nline;
    long priority;
    double w, h;
    int order; /* index of adding */
} label;

struct vi_labels {
    double fx, fy, fw, fh;
    GArray *labels; /* label, in order of adding */
    /* Occupancy of the frame: one byte per cell. */
    guint8 *occ;
    int gw, gh;
    double cell;
};

vi_labels *labels_new(double fx, double fy, double fw, double fh)
{
    vi_labels *l = g_new0(vi_labels, 1);
    l->fx = fx;
    l->fy = fy;
    l->fw = fw;
    l->fh = fh;
    l->labels = g_array_new(FALSE, TRUE, sizeof(label));
    l->cell = CELL_MM;
    l->gw = (int)ceil(fw / l->cell);
    l->gh = (int)ceil(fh / l->cell);
    l->occ = g_new0(guint8, (size_t)l->gw * (size_t)l->gh);
    return l;
}

void labels_free(vi_labels *l)
{
    if (!l)
        return;
    for (guint i = 0; i < l->labels->len; i++)
        g_free(g_array_index(l->labels, label, i).line);
    g_array_free(l->labels, TRUE);
    g_free(l->occ);
    g_free(l);
}

int labels_add(vi_labels *l, int kind, double x, double y, double r, const double *pts, int n,
               long priority, double w, double h)
{
    label lb = {
        kind,        x,        y, r, pts ? g_memdup2(pts, sizeof(double) * 2 * (size_t)n) : NULL,
        pts ? n : 0, priority, w, h, (int)l->labels->len};
    g_array_append_val(l->labels, lb);
    return (int)l->labels->len - 1;
}

/* Cells of the occupancy grid under a rectangle of centre CX, CY, half
 * sizes HW, HH, rotated by ANGLE: test (MARK FALSE) or mark them.  Returns
 * FALSE when a cell is taken or the rectangle leaves the frame. */
static gboolean occupy(vi_labels *l, double cx, double cy, double hw, double hh, double angle,
                       gboolean mark)
{
    double c = cos(angle), s = sin(angle);
    double ex = fabs(hw * c) + fabs(hh * s), ey = fabs(hw * s) + fabs(hh * c);
    if (cx - ex < l->fx || cx + ex > l->fx + l->fw || cy - ey < l->fy || cy + ey > l->fy + l->fh)
        return mark;
    int x0 = (int)floor((cx - ex - l->fx) / l->cell), x1 = (int)floor((cx + ex - l->fx) / l->cell);
    int y0 = (int)floor((cy - ey - l->fy) / l->cell), y1 = (int)floor((cy + ey - l->fy) / l->cell);
    x0 = MAX(x0, 0);
    y0 = MAX(y0, 0);
    x1 = MIN(x1, l->gw - 1);
    y1 = MIN(y1, l->gh - 1);
    for (int gy = y0; gy <= y1; gy++) {
        for (int gx = x0; gx <= x1; gx++) {
            double qx = l->fx + (gx + 0.5) * l->cell - cx, qy = l->fy + (gy + 0.5) * l->cell - cy;
            double u = qx * c + qy * s, v = -qx * s + qy * c;
            if (fabs(u) > hw || fabs(v) > hh)
                continue;
            guint8 *cell = &l->occ[(size_t)gy * (size_t)l->gw + (size_t)gx];
            if (mark)
                *cell = 1;
            else if (*cell)
                return FALSE;
        }
    }
    return TRUE;
}

void labels_obstacle(vi_labels *l, double px, double py, double half_w, double half_h)
{
    occupy(l, px, py, half_w, half_h, 0, TRUE);
}

/* The point LENGTH mm along polyline PTS (CUM: the length up to each
 * vertex), searching on from segment *K, which is left at the segment
 * holding it: windows slide forward, so all of them cost one pass. */
static void point_along(const double *pts, const double *cum, int n, double at, int *k, double *x,
                        double *y)
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
                double d =
                    fabs((bx - ax) * (ay - pts[2 * k + 1]) - (ax - pts[2 * k]) * (by - ay)) / chord;
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

/* Take the box at CX, CY if it is free. */
static gboolean try_place(vi_labels *l, double cx, double cy, double hw, double hh, double angle,
                          vi_label_place *at)
{
    if (!occupy(l, cx, cy, hw, hh, angle, FALSE))
        return FALSE;
    occupy(l, cx, cy, hw, hh, angle, TRUE);
    at->placed = TRUE;
    at->x = cx;
    at->y = cy;
    at->angle = angle;
    return TRUE;
}

static void place_one(vi_labels *l, const label *lb, vi_label_place *at)
{
    double hw = lb->w / 2 + PAD_MM, hh = lb->h / 2 + PAD_MM * 0.5;
    if (lb->kind == VI_LABEL_POINT) {
        /* Right, left, above, below, then the four corners; above and
         * below clear the band of the side labels. */
        const double d = lb->r + 0.6, v = fmax(d, hh) + hh;
        const double cand[8][2] = {{d + hw, 0},  {-(d + hw), 0}, {0, -v},         {0, v},
                                   {d + hw, -v}, {d + hw, v},    {-(d + hw), -v}, {-(d + hw), v}};
        for (int c = 0; c < 8; c++)
            if (try_place(l, lb->x + cand[c][0], lb->y + cand[c][1], hw, hh, 0, at))
                return;
    } else if (lb->kind == VI_LABEL_AREA) {
        /* The centre, then rings around it out to LB->R (a share of the
         * area's size), eight places a ring: in a crowded village the
         * name moves to the nearest free spot inside. */
        int rings = lb->r > 0 ? (int)(lb->r / 2.0) : 1;
        for (int c = 0; c < 1 + 8 * rings; c++) {
            double a = c ? (c - 1) % 8 * G_PI / 4 : 0, d = c ? 2.0 * (1 + (c - 1) / 8) : 0;
            if (try_place(l, lb->x + d * cos(a) * 1.5, lb->y + d * sin(a), hw, hh, 0, at))
                return;
        }
    } else {
        double cx = 0, cy = 0, angle = 0;
        if (line_window(lb->line, lb->nline, lb->w + 2 * PAD_MM, &cx, &cy, &angle))
            try_place(l, cx, cy, hw, hh, angle, at);
    }
}

static int by_priority(const void *a, const void *b)
{
    const label *x = a, *y = b;
    if (x->priority != y->priority)
        return x->priority > y->priority ? -1 : 1;
    return x->order - y->order;
}

GArray *labels_place(vi_labels *l)
{
    guint n = l->labels->len;
    /* Shallow copies, sorted: the labels stay in the order added. */
    label *order = g_new(label, n + 1);
    if (n) {
        memcpy(order, l->labels->data, sizeof(label) * n);
        qsort(order, n, sizeof(label), by_priority);
    }
    GArray *out = g_array_sized_new(FALSE, TRUE, sizeof(vi_label_place), n);
    for (guint i = 0; i < n; i++) {
        vi_label_place at = {order[i].order, FALSE, 0, 0, 0};
        place_one(l, &order[i], &at);
        g_array_append_val(out, at);
    }
    g_free(order);
    return out;
}
