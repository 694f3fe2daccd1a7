/*
 * stamp.c - point symbols on raster pages, drawn once and copied.  See
 * stamp.h.
 */
#include "stamp.h"

#include <math.h>

struct vi_stamp {
    cairo_surface_t *img;
    cairo_t *cr;
    int half; /* the centre's pixel offset from the image's corner */
    cairo_matrix_t to_device;
};

vi_stamp *stamp_new(cairo_t *cr, double size_mm, double width_mm)
{
    if (cairo_surface_get_type(cairo_get_group_target(cr)) != CAIRO_SURFACE_TYPE_IMAGE)
        return NULL;
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    if (m.xy != 0 || m.yx != 0 || m.xx <= 0 || fabs(m.xx - m.yy) > 1e-9 * m.xx)
        return NULL;
    vi_stamp *st = g_new0(vi_stamp, 1);
    st->to_device = m;
    /* The symbol, its outline and a pixel for antialiasing on each side. */
    st->half = (int)ceil((size_mm + width_mm) * m.xx / 2) + 1;
    int side = 2 * st->half + 1;
    st->img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, side, side);
    st->cr = cairo_create(st->img);
    cairo_translate(st->cr, st->half + 0.5, st->half + 0.5);
    cairo_scale(st->cr, m.xx, m.xx);
    return st;
}

cairo_t *stamp_cairo(vi_stamp *st)
{
    return st->cr;
}

void stamp_paint(cairo_t *cr, vi_stamp *st, const double *xy, int n)
{
    cairo_surface_flush(st->img);
    int side = 2 * st->half + 1;
    cairo_save(cr);
    cairo_identity_matrix(cr);
    for (int i = 0; i < n; i++) {
        double x = xy[2 * i], y = xy[2 * i + 1];
        cairo_matrix_transform_point(&st->to_device, &x, &y);
        /* The stamp's centre pixel on the pixel the point falls in. */
        double ox = floor(x) - st->half, oy = floor(y) - st->half;
        cairo_set_source_surface(cr, st->img, ox, oy);
        cairo_rectangle(cr, ox, oy, side, side);
        cairo_fill(cr);
    }
    cairo_restore(cr);
}

void stamp_free(vi_stamp *st)
{
    if (!st)
        return;
    cairo_destroy(st->cr);
    cairo_surface_destroy(st->img);
    g_free(st);
}
