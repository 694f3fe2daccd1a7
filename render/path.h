/*
 * path.h - lines and rings handed to cairo (or to an array) at the page's
 * resolution: a survey road of a million vertices, a village boundary
 * traced to the centimetre or a road split into thousands of parts draws
 * the same as it would in full, in a path of a few thousand vertices.
 *
 * The points come in page millimetres, part by part, like cairo's own
 * move_to / line_to / close_path.  Three stages, each a single pass:
 *  - clip: a run of points all beyond one side of the clip box (the frame
 *    plus a margin wider than any stroke) becomes its first and last point,
 *    and a part wholly beyond one side is dropped; a run beyond one side
 *    cannot reach into the box, nor change which points inside a ring are
 *    filled;
 *  - thin: a vertex is dropped while the line from the last kept vertex
 *    passes within the tolerance of every vertex dropped since (a sleeve of
 *    directions narrowed point by point, so the pass stays linear);
 *  - join: an open part starting where the last one ended continues it.
 * Every dropped vertex stays within about 1.5 tolerances of what is drawn.
 */
#ifndef VINFRA_PATH_H
#define VINFRA_PATH_H

#include <cairo.h>
#include <glib.h>

typedef struct {
    cairo_t *cr;   /* borrowed; NULL: points go to OUT */
    GArray *out;   /* borrowed: x, y doubles of the kept points, when CR is NULL */
    double tol;    /* mm */
    double box[4]; /* clip box x0, y0, x1, y1 (mm) */
    long emitted;  /* vertices handed on */
    /* Clip stage: the part (its outcodes ANDed, its last point given) and
     * the run of points beyond a common side, held until it ends. */
    gboolean in_part, ring;
    unsigned run_code, part_code;
    int run_len;
    double run_first[2], run_last[2], last_in[2];
    /* Thin stage: the anchor (last kept vertex), the sleeve and the
     * candidate (last point accepted into it). */
    int kept;
    gboolean has_wedge, has_cand;
    double anchor[2], cand[2], theta0, lo, hi, maxd;
    /* Output stage: the part's first point, held until a second comes. */
    int out_n;
    double out_first[2];
} vi_path;

/* A path into CR (or, CR NULL, into OUT) keeping detail down to TOL_MM,
 * clipped to the box X0, Y0 - X1, Y1 (pass infinities for no clip). */
void path_init(vi_path *p, cairo_t *cr, GArray *out, double tol_mm, double x0, double y0, double x1,
               double y1);
/* Start a part at X, Y. */
void path_move_to(vi_path *p, double x, double y);
void path_line_to(vi_path *p, double x, double y);
/* Close the current part as a ring (rings are never joined to others). */
void path_close(vi_path *p);
/* Hand on the last part; call before stroking or filling.  Returns the
 * number of vertices handed on since path_init(). */
long path_end(vi_path *p);

#endif
