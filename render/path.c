/*
 * path.c - lines and rings at the page's resolution.  See path.h.
 */
#include "path.h"

#include <math.h>

enum { OUT_LEFT = 1, OUT_RIGHT = 2, OUT_TOP = 4, OUT_BOTTOM = 8 };

void path_init(vi_path *p, cairo_t *cr, GArray *out, double tol_mm, double x0, double y0, double x1,
               double y1)
{
    *p = (vi_path){0};
    p->cr = cr;
    p->out = out;
    p->tol = tol_mm;
    p->box[0] = x0;
    p->box[1] = y0;
    p->box[2] = x1;
    p->box[3] = y1;
}

/* ---- output: cairo calls, the first held so a lone point can be a dot ---- */

static void out_point(vi_path *p, const double *pt)
{
    p->emitted++;
    if (!p->cr) {
        g_array_append_vals(p->out, pt, 2);
    } else if (p->out_n == 0) {
        p->out_first[0] = pt[0];
        p->out_first[1] = pt[1];
    } else {
        if (p->out_n == 1)
            cairo_move_to(p->cr, p->out_first[0], p->out_first[1]);
        cairo_line_to(p->cr, pt[0], pt[1]);
    }
    p->out_n++;
}

static void out_finish(vi_path *p)
{
    if (p->cr && p->out_n == 1) {
        /* All within the tolerance: a zero-length segment, which a round
         * cap draws as the dot the full line would have made. */
        cairo_move_to(p->cr, p->out_first[0], p->out_first[1]);
        cairo_line_to(p->cr, p->out_first[0], p->out_first[1]);
    } else if (p->cr && p->ring && p->out_n > 1) {
        cairo_close_path(p->cr);
    }
    p->out_n = 0;
}

/* ---- thin: the sleeve from the anchor ---- */

static void thin_point(vi_path *p, const double *pt)
{
    if (p->kept == 0) {
        out_point(p, pt);
        p->anchor[0] = pt[0];
        p->anchor[1] = pt[1];
        p->kept = 1;
        return;
    }
    for (;;) {
        double dx = pt[0] - p->anchor[0], dy = pt[1] - p->anchor[1];
        double d = hypot(dx, dy), theta = atan2(dy, dx);
        if (!p->has_wedge) {
            if (d > p->tol) {
                double half = asin(p->tol / d);
                p->theta0 = theta;
                p->lo = -half;
                p->hi = half;
                p->maxd = d;
                p->has_wedge = TRUE;
            }
            p->cand[0] = pt[0];
            p->cand[1] = pt[1];
            p->has_cand = TRUE;
            return;
        }
        /* Within every earlier vertex's sleeve, and not turning back
         * (a vertex behind the chord's end would be left off it). */
        double rel = remainder(theta - p->theta0, 2 * G_PI);
        if (rel >= p->lo && rel <= p->hi && d >= p->maxd - p->tol) {
            if (d > p->tol) {
                double half = asin(p->tol / d);
                p->lo = fmax(p->lo, rel - half);
                p->hi = fmin(p->hi, rel + half);
            }
            p->maxd = fmax(p->maxd, d);
            p->cand[0] = pt[0];
            p->cand[1] = pt[1];
            return;
        }
        /* The candidate is kept and anchors a new sleeve; PT is tried
         * again from it (and then always starts or joins that sleeve). */
        out_point(p, p->cand);
        p->anchor[0] = p->cand[0];
        p->anchor[1] = p->cand[1];
        p->has_wedge = FALSE;
        p->has_cand = FALSE;
    }
}

static void thin_finish(vi_path *p)
{
    if (p->has_cand)
        out_point(p, p->cand);
    p->kept = 0;
    p->has_wedge = FALSE;
    p->has_cand = FALSE;
}

/* ---- clip: runs beyond one side of the box ---- */

static unsigned outcode(const vi_path *p, const double *pt)
{
    return (pt[0] < p->box[0] ? OUT_LEFT : 0) | (pt[0] > p->box[2] ? OUT_RIGHT : 0) |
           (pt[1] < p->box[1] ? OUT_TOP : 0) | (pt[1] > p->box[3] ? OUT_BOTTOM : 0);
}

static void flush_run(vi_path *p)
{
    if (p->run_len > 0)
        thin_point(p, p->run_first);
    if (p->run_len > 1)
        thin_point(p, p->run_last);
    p->run_len = 0;
}

static void clip_point(vi_path *p, const double *pt)
{
    unsigned c = outcode(p, pt);
    p->part_code &= c;
    if (p->run_len > 0 && (p->run_code & c)) {
        p->run_code &= c;
        p->run_last[0] = pt[0];
        p->run_last[1] = pt[1];
        p->run_len++;
        return;
    }
    flush_run(p);
    p->run_code = c;
    p->run_first[0] = p->run_last[0] = pt[0];
    p->run_first[1] = p->run_last[1] = pt[1];
    p->run_len = 1;
}

static void finish_part(vi_path *p)
{
    /* A part wholly beyond one side: nothing of it can show.  Else the run
     * held last goes on, and the part through the other stages. */
    if (p->part_code == 0) {
        flush_run(p);
        thin_finish(p);
        out_finish(p);
    }
    p->run_len = 0;
    p->in_part = FALSE;
    p->ring = FALSE;
}

void path_move_to(vi_path *p, double x, double y)
{
    double pt[2] = {x, y};
    if (p->in_part && hypot(x - p->last_in[0], y - p->last_in[1]) <= p->tol)
        return; /* an open part continued: a road cut into pieces end to end */
    if (p->in_part)
        finish_part(p);
    p->in_part = TRUE;
    p->part_code = ~0u;
    p->last_in[0] = x;
    p->last_in[1] = y;
    clip_point(p, pt);
}

void path_line_to(vi_path *p, double x, double y)
{
    if (!p->in_part) {
        path_move_to(p, x, y);
        return;
    }
    double pt[2] = {x, y};
    p->last_in[0] = x;
    p->last_in[1] = y;
    clip_point(p, pt);
}

void path_close(vi_path *p)
{
    if (!p->in_part)
        return;
    p->ring = TRUE;
    finish_part(p);
}

long path_end(vi_path *p)
{
    if (p->in_part)
        finish_part(p);
    return p->emitted;
}
