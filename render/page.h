/*
 * page.h - a document of map pages: a cairo surface chosen by the output
 * file's extension (PDF, SVG: vectors, text kept as text with the fonts
 * embedded; PNG: pixels at the requested dpi), with every drawing made in
 * millimetres from the page's top-left corner, and text through Pango so
 * Chinese is shaped with the style's fonts in their Simplified forms.
 */
#ifndef VINFRA_PAGE_H
#define VINFRA_PAGE_H

#include "style.h"
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

typedef enum { VI_OUT_PDF, VI_OUT_PNG, VI_OUT_SVG } vi_out_format;

typedef struct {
    char *path;
    int format; /* vi_out_format */
    double width_mm, height_mm;
    double dpi; /* PNG only */
    cairo_surface_t *surface;
    cairo_t *cr; /* user units: millimetres */
    PangoContext *pango;
    const vi_style *style;
    char *tmp_path; /* written here, renamed to PATH when closed */
    int tmp_fd;     /* TMP_PATH, open and locked while it is written (stale-work.h) */
    int pages;
} vi_page;

/* Paper size NAME (A4, A3, A2, A1, A0, B4, B3; case-insensitive) in mm, portrait. */
gboolean page_paper_size(const char *name, double *w_mm, double *h_mm);

/* Start a document at PATH (.pdf, .png or .svg) on paper W_MM x H_MM.  PNG
 * holds one page.  Nothing appears at PATH until page_finish(). */
vi_page *page_open(const char *path, double w_mm, double h_mm, double dpi, const vi_style *style,
                   GError **err);
/* Begin the next page (PDF) after the first; clears it to the paper colour. */
void page_next(vi_page *pg);
/* Write the document to its path; FALSE with ERR when cairo failed. */
gboolean page_finish(vi_page *pg, GError **err);
void page_free(vi_page *pg);

/* Text.  SIZE_PT in points; ALIGN: 0 left, 1 centre, 2 right of X; Y is the
 * top of the text.  WIDTH_MM > 0 wraps.  Returns the text's size in mm. */
typedef struct {
    double size_pt;
    gboolean bold;
    int align;
    double wrap_mm;
    guint32 colour;
    guint32 halo; /* 0: none */
    double halo_mm;
} vi_text_style;

PangoLayout *page_layout(vi_page *pg, const char *text, const vi_text_style *ts);
/* Size of TEXT in mm, without drawing. */
void page_text_size(vi_page *pg, const char *text, const vi_text_style *ts, double *w, double *h);
/* Draw TEXT with its top-left at X, Y (or centred/right per ALIGN). */
void page_text(vi_page *pg, double x, double y, const char *text, const vi_text_style *ts);

static inline void page_set_colour(cairo_t *cr, guint32 rgba)
{
    cairo_set_source_rgba(cr, (rgba >> 24 & 0xff) / 255.0, (rgba >> 16 & 0xff) / 255.0,
                          (rgba >> 8 & 0xff) / 255.0, (rgba & 0xff) / 255.0);
}

/* The finest detail the page shows, in mm: a quarter pixel on a PNG, 0.05 mm
 * on PDF and SVG (under any printer's dot and any line's width).  Lines are
 * drawn thinned to it (path.h). */
double page_resolution_mm(const vi_page *pg);

/* Points to millimetres. */
#define VI_PT_MM (25.4 / 72.0)

#endif
