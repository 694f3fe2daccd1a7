/*
 * page.c - documents and text for the renderer.  See page.h.
 */
#include "page.h"
#include "stale-work.h"
#include "i18n.h"
#include "vi-error.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *name;
    double w, h;
} papers[] = {
    {"A0", 841, 1189}, {"A1", 594, 841}, {"A2", 420, 594}, {"A3", 297, 420},
    {"A4", 210, 297},  {"A5", 148, 210}, {"B4", 250, 353}, {"B3", 353, 500},
};

gboolean page_paper_size(const char *name, double *w_mm, double *h_mm)
{
    for (size_t i = 0; i < G_N_ELEMENTS(papers); i++) {
        if (g_ascii_strcasecmp(name, papers[i].name) == 0) {
            *w_mm = papers[i].w;
            *h_mm = papers[i].h;
            return TRUE;
        }
    }
    return FALSE;
}

double page_resolution_mm(const vi_page *pg)
{
    return pg->format == VI_OUT_PNG ? 0.25 * 25.4 / pg->dpi : 0.05;
}

static void clear_page(vi_page *pg)
{
    cairo_save(pg->cr);
    page_set_colour(pg->cr, pg->style->layout.paper);
    cairo_paint(pg->cr);
    cairo_restore(pg->cr);
}

vi_page *page_open(const char *path, double w_mm, double h_mm, double dpi, const vi_style *style,
                   GError **err)
{
    int format;
    if (g_str_has_suffix(path, ".pdf") || g_str_has_suffix(path, ".PDF"))
        format = VI_OUT_PDF;
    else if (g_str_has_suffix(path, ".png") || g_str_has_suffix(path, ".PNG"))
        format = VI_OUT_PNG;
    else if (g_str_has_suffix(path, ".svg") || g_str_has_suffix(path, ".SVG"))
        format = VI_OUT_SVG;
    else {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("'%s': the output's name must end in .pdf, .png or .svg"), path);
        return NULL;
    }
    vi_page *pg = g_new0(vi_page, 1);
    pg->tmp_fd = -1;
    pg->path = g_strdup(path);
    pg->format = format;
    pg->width_mm = w_mm;
    pg->height_mm = h_mm;
    pg->dpi = dpi;
    pg->style = style;
    /* A temporary file next to the output: a failed run never leaves a
     * half-written map under the name asked for.  It stays locked while it
     * is written; one a killed run left is removed here. */
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *prefix = g_strdup_printf(".%s.vinfra-", base);
    stale_work_sweep(dir, prefix, NULL);
    char *tmpl = g_strconcat(prefix, "XXXXXX", NULL);
    pg->tmp_path = g_build_filename(dir, tmpl, NULL);
    g_free(tmpl);
    g_free(prefix);
    g_free(base);
    int fd = g_mkstemp(pg->tmp_path);
    if (fd >= 0 && !stale_work_lock(fd)) {
        int e = errno;
        close(fd);
        g_unlink(pg->tmp_path);
        fd = -1;
        errno = e;
    }
    if (fd < 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write in '%s': %s"), dir,
                    g_strerror(errno));
        g_free(dir);
        g_free(pg->tmp_path);
        pg->tmp_path = NULL;
        page_free(pg);
        return NULL;
    }
    pg->tmp_fd = fd;
    g_free(dir);
    double unit = 72.0 / 25.4; /* points per mm */
    switch (format) {
    case VI_OUT_PDF:
        pg->surface = cairo_pdf_surface_create(pg->tmp_path, w_mm * unit, h_mm * unit);
        cairo_pdf_surface_set_metadata(pg->surface, CAIRO_PDF_METADATA_CREATOR, "vinfra");
        break;
    case VI_OUT_SVG:
        /* Sizes written with the unit mm: one user unit is one millimetre. */
        unit = 1;
        pg->surface = cairo_svg_surface_create(pg->tmp_path, w_mm, h_mm);
        cairo_svg_surface_set_document_unit(pg->surface, CAIRO_SVG_UNIT_MM);
        break;
    default:
        unit = dpi / 25.4;
        pg->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w_mm * unit + 0.5),
                                                 (int)(h_mm * unit + 0.5));
        break;
    }
    if (cairo_surface_status(pg->surface) != CAIRO_STATUS_SUCCESS) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("'%s': cannot make the drawing surface: %s"),
                    path, cairo_status_to_string(cairo_surface_status(pg->surface)));
        page_free(pg);
        return NULL;
    }
    pg->cr = cairo_create(pg->surface);
    cairo_scale(pg->cr, unit, unit);
    pg->pango = pango_cairo_create_context(pg->cr);
    /* Layout independent of the device, so PNG, PDF and SVG place text alike. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pg->pango, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_language(pg->pango, pango_language_from_string(style->layout.language));
    pg->pages = 1;
    clear_page(pg);
    return pg;
}

void page_next(vi_page *pg)
{
    cairo_show_page(pg->cr);
    pg->pages++;
    clear_page(pg);
}

gboolean page_finish(vi_page *pg, GError **err)
{
    cairo_status_t st;
    if (pg->format == VI_OUT_PNG) {
        cairo_surface_flush(pg->surface);
        st = cairo_surface_write_to_png(pg->surface, pg->tmp_path);
    } else {
        cairo_show_page(pg->cr);
        cairo_surface_finish(pg->surface);
        st = cairo_surface_status(pg->surface);
    }
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_status(pg->cr);
    if (st != CAIRO_STATUS_SUCCESS) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': %s"), pg->path,
                    cairo_status_to_string(st));
        return FALSE;
    }
    /* mkstemp() made the file private; a map is as readable as any file the
     * user writes. */
    mode_t mask = umask(0);
    umask(mask);
    if (g_chmod(pg->tmp_path, 0666 & ~mask) != 0 || g_rename(pg->tmp_path, pg->path) != 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': %s"), pg->path,
                    g_strerror(errno));
        return FALSE;
    }
    g_free(pg->tmp_path);
    pg->tmp_path = NULL;
    close(pg->tmp_fd);
    pg->tmp_fd = -1;
    return TRUE;
}

void page_free(vi_page *pg)
{
    if (!pg)
        return;
    if (pg->pango)
        g_object_unref(pg->pango);
    if (pg->cr)
        cairo_destroy(pg->cr);
    if (pg->surface)
        cairo_surface_destroy(pg->surface);
    if (pg->tmp_path)
        g_unlink(pg->tmp_path);
    if (pg->tmp_fd >= 0)
        close(pg->tmp_fd);
    g_free(pg->tmp_path);
    g_free(pg->path);
    g_free(pg);
}

PangoLayout *page_layout(vi_page *pg, const char *text, const vi_text_style *ts)
{
    PangoLayout *layout = pango_layout_new(pg->pango);
    PangoFontDescription *fd = pango_font_description_from_string(pg->style->layout.font);
    /* Absolute size in user units (mm), whatever the surface's resolution. */
    pango_font_description_set_absolute_size(fd, ts->size_pt * VI_PT_MM * PANGO_SCALE);
    if (ts->bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    if (ts->wrap_mm > 0) {
        pango_layout_set_width(layout, (int)(ts->wrap_mm * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout, ts->align == 1   ? PANGO_ALIGN_CENTER
                                       : ts->align == 2 ? PANGO_ALIGN_RIGHT
                                                        : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout, text, -1);
    return layout;
}

void page_text_size(vi_page *pg, const char *text, const vi_text_style *ts, double *w, double *h)
{
    PangoLayout *layout = page_layout(pg, text, ts);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
    g_object_unref(layout);
}

void page_text(vi_page *pg, double x, double y, const char *text, const vi_text_style *ts)
{
    cairo_t *cr = pg->cr;
    PangoLayout *layout = page_layout(pg, text, ts);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    double w = ts->wrap_mm > 0 ? ts->wrap_mm : (double)logical.width / PANGO_SCALE;
    double x0 = ts->align == 1 ? x - w / 2 : ts->align == 2 ? x - w : x;
    cairo_save(cr);
    cairo_move_to(cr, x0, y);
    if (ts->halo && ts->halo_mm > 0) {
        pango_cairo_layout_path(cr, layout);
        page_set_colour(cr, ts->halo);
        cairo_set_line_width(cr, ts->halo_mm);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_move_to(cr, x0, y);
    }
    page_set_colour(cr, ts->colour);
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
    g_object_unref(layout);
}
