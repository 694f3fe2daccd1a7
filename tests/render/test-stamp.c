/*
 * test-stamp.c - stamped point symbols (render/stamp.c): a symbol drawn once
 * lands centred on each point of a raster page, within a pixel, with its
 * own fill and outline; vector pages and rotated views get no stamp.
 */
#include "stamp.h"
#include "../unit.h"

#include <cairo-pdf.h>
#include <math.h>

#define DPI 300.0
#define PX_PER_MM (DPI / 25.4)

/* The RGB of pixel (x, y) of an RGB24/ARGB32 image. */
static guint32 pixel(cairo_surface_t *img, int x, int y)
{
    cairo_surface_flush(img);
    const unsigned char *row =
        cairo_image_surface_get_data(img) + y * cairo_image_surface_get_stride(img);
    return ((const guint32 *)(const void *)row)[x] & 0xffffff;
}

int main(void)
{
    /* A 40 x 30 mm page at 300 dpi, drawn in millimetres as render/page.c does. */
    int w = (int)(40 * PX_PER_MM + 0.5), h = (int)(30 * PX_PER_MM + 0.5);
    cairo_surface_t *page = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(page);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, PX_PER_MM, PX_PER_MM);

    /* A red disc 2 mm across with a 0.3 mm blue outline. */
    vi_stamp *st = stamp_new(cr, 2.0, 0.3);
    if (!st) {
        FAIL("no stamp for an image surface");
        return unit_result();
    }
    cairo_t *sc = stamp_cairo(st);
    cairo_arc(sc, 0, 0, 1.0, 0, 2 * G_PI);
    cairo_set_source_rgb(sc, 1, 0, 0);
    cairo_fill_preserve(sc);
    cairo_set_source_rgb(sc, 0, 0, 1);
    cairo_set_line_width(sc, 0.3);
    cairo_stroke(sc);
    const double at[] = {10.0, 10.0, 25.3, 17.85, 39.9, 29.9};
    stamp_paint(cr, st, at, 3);
    stamp_free(st);

    for (int i = 0; i < 2; i++) {
        int cx = (int)floor(at[2 * i] * PX_PER_MM), cy = (int)floor(at[2 * i + 1] * PX_PER_MM);
        if (pixel(page, cx, cy) != 0xff0000)
            FAIL("point %d: centre pixel %06x, expected the red fill", i, pixel(page, cx, cy));
        /* The outline 1 mm from the centre, left and right, up and down. */
        int r = (int)lround(1.0 * PX_PER_MM);
        const int dx[] = {r, -r, 0, 0}, dy[] = {0, 0, r, -r};
        for (int k = 0; k < 4; k++) {
            guint32 p = pixel(page, cx + dx[k], cy + dy[k]);
            if ((p & 0xff) < 0x80 || (p >> 16) > 0x80)
                FAIL("point %d: outline pixel (%+d, %+d) is %06x, expected blue", i, dx[k], dy[k],
                     p);
        }
        /* Clear of the symbol: still the page. */
        if (pixel(page, cx + 2 * r, cy) != 0xffffff)
            FAIL("point %d: pixel 2 mm right is %06x, expected white", i,
                 pixel(page, cx + 2 * r, cy));
    }
    /* A point on the page's corner is clipped, not a crash; the page
     * elsewhere is untouched. */
    if (pixel(page, 2, 2) != 0xffffff)
        FAIL("the page's far corner was drawn on");
    cairo_destroy(cr);
    cairo_surface_destroy(page);

    /* Vector pages keep vector symbols. */
    cairo_surface_t *pdf = cairo_pdf_surface_create(NULL, 100, 100);
    cr = cairo_create(pdf);
    if ((st = stamp_new(cr, 2.0, 0.3))) {
        FAIL("a stamp for a PDF surface");
        stamp_free(st);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(pdf);

    /* A rotated view cannot be stamped with an upright image. */
    page = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
    cr = cairo_create(page);
    cairo_rotate(cr, 0.3);
    if ((st = stamp_new(cr, 2.0, 0.3))) {
        FAIL("a stamp for a rotated view");
        stamp_free(st);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(page);
    return unit_result();
}
