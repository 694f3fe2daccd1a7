/*
 * labels.h - where a map's labels go: each in turn, highest priority first,
 * at the first candidate place that overlaps no label placed before it, no
 * symbol kept clear and not the frame's edge; a label with no free place is
 * dropped.  Occupancy is a grid of half-millimetre cells over the frame.
 *
 * The placer knows only boxes in page millimetres: the caller measures each
 * label's text (Pango) and draws those placed (map.c), so the algorithm has
 * no cairo and is tested on its own (tests/render/test-labels.c).
 *
 * Candidates:
 *   point  beside the symbol of radius R: right, left, above, below, then
 *          the four corners;
 *   area   the centre, then rings around it out to R, eight places a ring;
 *   line   the middle of the straightest run of the polyline long enough
 *          for the text, turned along it (and kept upright).
 */
#ifndef VINFRA_LABELS_H
#define VINFRA_LABELS_H

#include <glib.h>

typedef enum { VI_LABEL_POINT, VI_LABEL_AREA, VI_LABEL_LINE } vi_label_kind;

typedef struct vi_labels vi_labels;

/* Where one label went: its text box's centre and angle (radians). */
typedef struct {
    int label; /* index from labels_add() */
    gboolean placed;
    double x, y, angle;
} vi_label_place;

/* A placer over the frame FX, FY (top-left), FW x FH, in millimetres. */
vi_labels *labels_new(double fx, double fy, double fw, double fh);
void labels_free(vi_labels *l);

/* Keep labels off the box of centre PX, PY and half sizes HALF_W, HALF_H
 * (a symbol): from now on, no label is placed over it. */
void labels_obstacle(vi_labels *l, double px, double py, double half_w, double half_h);

/* Add a label whose text box is W x H mm, of kind vi_label_kind anchored at
 * X, Y with radius R (point, area), or along the polyline of N page points
 * PTS (line; copied).  Returns its index. */
int labels_add(vi_labels *l, int kind, double x, double y, double r, const double *pts, int n,
               long priority, double w, double h);

/* Place every label added, in order of priority (then of adding), and
 * return where each went (vi_label_place, in that order; the caller frees
 * the array).  Placed labels occupy their boxes. */
GArray *labels_place(vi_labels *l);

#endif
