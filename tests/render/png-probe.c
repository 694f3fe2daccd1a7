/*
 * png-probe.c - what the render tests ask of a PNG, read with cairo:
 *   png-probe stats FILE          "W H coloured=PCT colours=N" (coloured: not white)
 *   png-probe pixel FILE X Y      "#rrggbb" of the pixel at X, Y
 *   png-probe diff A B [TOL]      "differ=PCT": pixels whose channels differ by more
 *                                 than TOL (default 32) from the other image's
 * Exit 2 on bad use or an unreadable file.
 */
#include <cairo.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cairo_surface_t *load(const char *path)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "png-probe: %s: %s\n", path,
                cairo_status_to_string(cairo_surface_status(s)));
        exit(2);
    }
    return s;
}

static guint32 at(cairo_surface_t *s, int x, int y)
{
    const unsigned char *d = cairo_image_surface_get_data(s);
    return ((const guint32 *)(d + (size_t)y * (size_t)cairo_image_surface_get_stride(s)))[x] &
           0xffffff;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "stats") == 0) {
        cairo_surface_t *s = load(argv[2]);
        int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
        long coloured = 0;
        GHashTable *colours = g_hash_table_new(NULL, NULL);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                guint32 c = at(s, x, y);
                coloured += c != 0xffffff;
                g_hash_table_add(colours, GUINT_TO_POINTER(c + 1));
            }
        printf("%d %d coloured=%.2f colours=%u\n", w, h, 100.0 * coloured / ((double)w * h),
               g_hash_table_size(colours));
        g_hash_table_destroy(colours);
        cairo_surface_destroy(s);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "pixel") == 0) {
        cairo_surface_t *s = load(argv[2]);
        printf("#%06x\n", at(s, atoi(argv[3]), atoi(argv[4])));
        cairo_surface_destroy(s);
        return 0;
    }
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "diff") == 0) {
        cairo_surface_t *a = load(argv[2]), *b = load(argv[3]);
        int tol = argc == 5 ? atoi(argv[4]) : 32;
        int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
        if (w != cairo_image_surface_get_width(b) || h != cairo_image_surface_get_height(b)) {
            printf("differ=100.00 (sizes %dx%d and %dx%d)\n", w, h,
                   cairo_image_surface_get_width(b), cairo_image_surface_get_height(b));
            cairo_surface_destroy(a);
            cairo_surface_destroy(b);
            return 0;
        }
        long differ = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                guint32 p = at(a, x, y), q = at(b, x, y);
                for (int sh = 0; sh < 24; sh += 8)
                    if (abs((int)(p >> sh & 0xff) - (int)(q >> sh & 0xff)) > tol) {
                        differ++;
                        break;
                    }
            }
        printf("differ=%.3f\n", 100.0 * differ / ((double)w * h));
        cairo_surface_destroy(a);
        cairo_surface_destroy(b);
        return 0;
    }
    fprintf(stderr, "usage: png-probe stats FILE | pixel FILE X Y | diff A B [TOL]\n");
    return 2;
}
