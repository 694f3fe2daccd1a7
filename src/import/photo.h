/*
 * photo.h - geotagged photos as evidence of assets: reading a JPEG's EXIF
 * (GDAL's JPEG driver) and the copy the store keeps (photo-read.c),
 * importing photos as new point features (import-photo.c), and attaching
 * them to the nearest existing feature (attach-photo.c).
 *
 * The store keeps the original JPEG when neither side is longer than
 * VI_PHOTO_MAX_SIDE (1600) pixels, else a copy scaled to that size on its
 * longest side (JPEG, quality 85).  The SHA-256 is that of the file as read,
 * so the same photo is recognised however often it is offered.
 *
 * EXIF GPS is WGS 84 by the EXIF standard; it is stored as CGCS2000 without
 * a shift (the two agree to centimetres, far below a phone's accuracy).
 */
#ifndef VINFRA_PHOTO_H
#define VINFRA_PHOTO_H

#include "import.h"
#include "store.h"
#include <glib.h>

/* A photo read from a file: P points into the owned fields below. */
typedef struct {
    vi_photo p;
    char *path; /* as named */
    char *sha256, *file, *stem, *taken_at, *make, *model;
    guint8 *jpeg;
} vi_photo_file;

/* Read the JPEG at PATH: its EXIF (time taken, GPS position, direction,
 * camera) and the copy to store.  A file that is not a JPEG is refused. */
gboolean photo_read(const char *path, vi_photo_file *out, GError **err);
void photo_file_clear(vi_photo_file *pf);
/* A GPtrArray of vi_photo_file * freeing them. */
GPtrArray *photo_file_array_new(void);

/* The EXIF GPS position of the JPEG file content JPEG (SIZE bytes): *LON,
 * *LAT in degrees (S and W negative) from GPSLatitude/GPSLongitude (one to
 * three rationals: degrees, minutes, seconds) and their references; and
 * *DIRECTION (GPSImgDirection) when *HAS_DIRECTION.  FALSE when the file
 * has no such position. */
gboolean photo_exif_gps(const guint8 *jpeg, size_t size, double *lon, double *lat,
                        gboolean *has_direction, double *direction);
/* EXIF "2026:05:01 10:15:00" as "2026-05-01T10:15:00" (caller frees), or
 * NULL when it is not such a time. */
char *photo_exif_time(const char *value);

/* Whether PATH names photos: a file ending in .jpg or .jpeg (any case), or
 * a folder holding such files (a folder without is another source, such
 * as a folder of shapefiles). */
gboolean photo_is_source(const char *path);
/* The photo files ARGS (N of them) name: each file, and each folder's *.jpg
 * and *.jpeg files (any case, not in subfolders), sorted by name; a file
 * that is missing or not a JPEG by its name is refused. */
GPtrArray *photo_list_paths(char *const *args, int n, GError **err);

/* Import the photos ARGS name as new point features of OPT->layer, one per
 * photo at its EXIF GPS position, with the photo stored attached to it, all
 * in one transaction.  The feature's id is the file name without its
 * extension; status, village and the other fields follow the usual rules
 * of an import (--village or the village polygon holding the position).
 * Photos without a GPS position are refused, listed, unless SKIP_UNLOCATED
 * (then listed in the warnings as skipped).  A photo stored before is left
 * out, listed in the warnings (a folder that grew since it was imported);
 * when every photo was, RES->already_imported says so and nothing is done.
 * One photo given twice is refused. */
gboolean import_photos(vi_store *store, char *const *args, int n, const vi_import_options *opt,
                       gboolean skip_unlocated, vi_import_result *res, GError **err);
/* What the summary of import_photos() calls the photos ARGS (N) name: the
 * one folder or file, or "a, b, c" (caller frees). */
char *import_photos_label(char *const *args, int n);

/* Photos within this many metres of each other's distance to two features
 * are ambiguous: attach names both and guesses neither. */
#define VI_ATTACH_TIE_M 3.0
#define VI_ATTACH_WITHIN_DEFAULT_M 30.0

/* One photo attach_photos() could not attach, and why (in OPT's language). */
typedef struct {
    char *file;   /* as named */
    char *reason; /* "no GPS position", "nearest feature R-03 is 41.2 m away", ... */
} vi_unmatched;

typedef struct {
    gint64 attached;
    GPtrArray *matches;   /* char * per attached photo: "IMG_1.jpg → R-03 (4.1 m)" */
    GPtrArray *unmatched; /* vi_unmatched * */
    GPtrArray *stored;    /* vi_unmatched * per photo left out as stored before; its
                           * reason says where: "IMG_1.jpg (roads feature \"R-03\")" */
} vi_attach_result;
void attach_result_clear(vi_attach_result *res);

/* Attach each photo ARGS name to the nearest feature of LAYER whose
 * geodesic distance (for a line or polygon: to its nearest point; 0 inside
 * a polygon) is at most WITHIN metres.  A photo without a position, with
 * no feature within WITHIN, or with two features whose distances differ by
 * less than VI_ATTACH_TIE_M, is unmatched: the attach is refused, nothing
 * written, the unmatched listed in RES, unless SKIP_UNMATCHED (then the
 * others are attached).  A photo stored before is left out, listed in
 * RES->stored.  DRY_RUN: match, write nothing.  One transaction. */
gboolean attach_photos(vi_store *store, char *const *args, int n, const char *layer, double within,
                       gboolean skip_unmatched, gboolean dry_run, vi_lang lang,
                       vi_attach_result *res, GError **err);

#endif
