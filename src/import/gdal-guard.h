/*
 * gdal-guard.h - what vinfra lets GDAL do with a user's file: open it only
 * with the drivers of an allow-list, never touch the network (remote and
 * virtual paths and KML network links to remote content are refused, GDAL's
 * HTTP access is switched off; style icons and other presentation links are
 * not data and never fetched), keep KML field names as the file has them, never rebuild a missing .shx (SHAPE_RESTORE_SHX
 * is NO), and keep every message GDAL emits, not only the last: warnings
 * that mean data was altered (truncated, laundered, not written) are
 * failures, the others reach the user as warnings.  A zipped file is
 * unpacked only up to a cap.
 *
 * Its errors say what is wrong with the file, not which file nor what was
 * being done: callers prefix them ("cannot import 'PATH': ").
 */
#ifndef VINFRA_GDAL_GUARD_H
#define VINFRA_GDAL_GUARD_H

#include <glib.h>

/* The GDAL drivers vinfra reads with (NULL-terminated short names). */
extern const char *const vi_gdal_drivers[];

typedef struct vi_gdal_guard vi_gdal_guard;

/* Set GDAL's safety options and collect GDAL's messages on this thread
 * until gdal_guard_end(). */
vi_gdal_guard *gdal_guard_begin(void);
/* Stop collecting; append the messages that are neither failures nor
 * already reported to WARNINGS (char *, owned) as "GDAL: ...".  Frees
 * GUARD; accepts NULL. */
void gdal_guard_end(vi_gdal_guard *guard, GPtrArray *warnings);

/* FALSE with ERR ("GDAL would alter the data: ...", every such message)
 * when GDAL reported that data was truncated, laundered or not written, or
 * failed, since gdal_guard_begin(). */
gboolean gdal_guard_check(GError **err);
/* Every message collected on this thread so far, joined with "; ", or
 * the last error message when none was (caller frees). */
char *gdal_guard_messages(void);

/* Refuse a path GDAL would read over the network or through a virtual
 * filesystem (/vsicurl/, http://, ...), and a KML or KMZ that links to
 * remote data (a NetworkLink to a URL); links of presentation (style icons,
 * balloon styles, overlays) are not data and pass. */
gboolean gdal_guard_path(const char *path, GError **err);

/* What vinfra unpacks from a zipped file by default (bytes). */
#define VI_MAX_UNZIPPED_DEFAULT (256 * 1000 * 1000)

/* When PATH is a zip (a KMZ, a zipped shapefile, an XLSX or ODS workbook:
 * GDAL reads them through /vsizip/), refuse it unless every member unpacks
 * to what the zip's directory says and all of them together to at most
 * MAX_BYTES.  The members are unpacked once, counting and stopping at the
 * cap, so a directory that lies is found too: libkml and the XLSX driver
 * hold a whole member in memory, and a 1.5 MB KMZ can hold 1.5 GB. */
gboolean gdal_guard_unzipped(const char *path, gint64 max_bytes, GError **err);

#endif
