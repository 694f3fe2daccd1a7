/*
 * test-labels.c - label placement (render/labels.c) on a small frame: the
 * order of priority (ties in the order added), each kind's first free
 * candidate, obstacles, the grid's half-millimetre cells, lines read
 * upright, and the labels dropped for want of room.
 */
#include "labels.h"
#include "../unit.h"

#include <math.h>

static void expect_place(const GArray *at, guint i, int label, gboolean placed, double x, double y,
                         double angle)
{
    if (i >= at->len) {
        FAIL("place %u: only %u places", i, at->len);
        return;
    }
    const vi_label_place *p = &g_array_index(at, vi_label_place, i);
    if (p->label != label || p->placed != placed) {
        FAIL("place %u: label %d %s, expected label %d %s", i, p->label,
             p->placed ? "placed" : "dropped", label, placed ? "placed" : "dropped");
        return;
    }
    if (placed && (fabs(p->x - x) > 1e-9 || fabs(p->y - y) > 1e-9 || fabs(p->angle - angle) > 1e-9))
        FAIL("place %u (label %d): at %.12g, %.12g angle %.12g, expected %.12g, %.12g angle %.12g",
             i, label, p->x, p->y, p->angle, x, y, angle);
}

int main(void)
{
    /* A 40 x 20 mm frame at (0, 0).  Boxes are the text plus 0.3 mm each
     * side (0.15 above and below): a 4 x 2 text takes 4.6 x 2.3. */
    vi_labels *l = labels_new(0, 0, 40, 20);
    /* Three point labels beside one symbol of radius 1 (gap 0.6): the
     * first right of it, the third (priority 4) left, the second above
     * (centre 1.6 clear of the symbol's band, plus half the box). */
    labels_add(l, VI_LABEL_POINT, 10, 10, 1, NULL, 0, 5, 4, 2);
    labels_add(l, VI_LABEL_POINT, 10, 10, 1, NULL, 0, 3, 4, 2);
    labels_add(l, VI_LABEL_POINT, 10, 10, 1, NULL, 0, 4, 4, 2);
    /* An area label at its centre; a second one (same priority, so after
     * it) on the first ring out: right and upper right touch the first
     * box's cells, straight below (2 mm down) does not. */
    labels_add(l, VI_LABEL_AREA, 30, 10, 0, NULL, 0, 2, 4, 2);
    labels_add(l, VI_LABEL_AREA, 30, 10, 0, NULL, 0, 2, 4, 2);
    /* Wider than the frame: dropped. */
    labels_add(l, VI_LABEL_POINT, 20, 3, 1, NULL, 0, 9, 50, 2);
    GArray *at = labels_place(l);
    if (at->len != 6)
        FAIL("%u places, expected 6", at->len);
    expect_place(at, 0, 5, FALSE, 0, 0, 0);
    expect_place(at, 1, 0, TRUE, 10 + 1.6 + 2.3, 10, 0);
    expect_place(at, 2, 2, TRUE, 10 - 1.6 - 2.3, 10, 0);
    expect_place(at, 3, 1, TRUE, 10, 10 - 2.75, 0);
    expect_place(at, 4, 3, TRUE, 30, 10, 0);
    expect_place(at, 5, 4, TRUE, 30 + 2 * cos(G_PI / 2) * 1.5, 12, 0);
    g_array_free(at, TRUE);
    labels_free(l);

    /* An obstacle on the right of a symbol sends its label left; one over
     * the whole frame drops an area label after its nine places. */
    l = labels_new(0, 0, 40, 20);
    labels_obstacle(l, 14, 10, 1, 1);
    labels_add(l, VI_LABEL_POINT, 10, 10, 1, NULL, 0, 1, 4, 2);
    at = labels_place(l);
    expect_place(at, 0, 0, TRUE, 10 - 1.6 - 2.3, 10, 0);
    g_array_free(at, TRUE);
    labels_obstacle(l, 20, 10, 20, 10);
    labels_add(l, VI_LABEL_AREA, 30, 10, 0, NULL, 0, 1, 4, 2);
    at = labels_place(l);
    if (at->len != 2)
        FAIL("%u places after the second add, expected 2", at->len);
    expect_place(at, 1, 1, FALSE, 0, 0, 0);
    g_array_free(at, TRUE);
    labels_free(l);

    /* Along a straight line 30 mm long: the window nearest the middle on
     * a 1 mm step (from half the 6.6 mm run), turned along it; drawn the
     * other way, the same place read upright.  Too short a line: dropped. */
    l = labels_new(0, 0, 40, 20);
    labels_add(l, VI_LABEL_LINE, 0, 0, 0, (double[]){5, 5, 35, 5}, 2, 3, 6, 2);
    labels_add(l, VI_LABEL_LINE, 0, 0, 0, (double[]){35, 15, 5, 15}, 2, 2, 6, 2);
    labels_add(l, VI_LABEL_LINE, 0, 0, 0, (double[]){5, 10, 11, 10}, 2, 1, 6, 2);
    at = labels_place(l);
    expect_place(at, 0, 0, TRUE, 5 + 3.3 + 12, 5, 0);
    expect_place(at, 1, 1, TRUE, 35 - 3.3 - 12, 15, 0);
    expect_place(at, 2, 2, FALSE, 0, 0, 0);
    g_array_free(at, TRUE);
    labels_free(l);

    /* No labels: nothing placed. */
    l = labels_new(0, 0, 40, 20);
    at = labels_place(l);
    if (at->len != 0)
        FAIL("%u places for no labels", at->len);
    g_array_free(at, TRUE);
    labels_free(l);
    return unit_result();
}
