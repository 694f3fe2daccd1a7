/*
 * photostrip.h - the strip of photos at the foot of an atlas village page:
 * the village's newest assets that have photos, one thumbnail each (its
 * newest photo), with the asset's layer, id and the time taken.  Collected
 * from the store before drawing (photostrip_collect()), drawn by the atlas
 * (photostrip_draw()); a village without photos has no strip.
 */
#ifndef VINFRA_PHOTOSTRIP_H
#define VINFRA_PHOTOSTRIP_H

#include "page.h"
#include "store.h"

/* Thumbnails in one strip, at most. */
#define VI_PHOTOSTRIP_MAX 4
/* The height the strip takes on the page, captions included (mm). */
#define VI_PHOTOSTRIP_MM 42.0

typedef struct {
    char *caption; /* "路灯 IMG_0106 · 2026-04-12" (owned) */
    guint8 *jpeg;  /* owned */
    size_t jpeg_size;
} vi_strip_photo;

typedef struct {
    int n;
    vi_strip_photo photos[VI_PHOTOSTRIP_MAX];
} vi_photostrip;

/* The strips of the NV villages NAMES, newest asset first: an array of NV
 * (free with photostrip_free()); NULL with ERR on failure. */
vi_photostrip *photostrip_collect(vi_store *store, const char *const *names, int nv,
                                  gboolean english, GError **err);
void photostrip_free(vi_photostrip *strips, int nv);

/* Draw STRIP in the box X, Y, W x VI_PHOTOSTRIP_MM of PG: thumbnails
 * decoded from the stored JPEGs, a photo that cannot be decoded as a grey
 * box with its caption. */
void photostrip_draw(vi_page *pg, const vi_photostrip *strip, double x, double y, double w,
                     const char *title);

#endif
