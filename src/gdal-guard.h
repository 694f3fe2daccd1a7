/*
 * gdal-guard.h - what vinfra lets GDAL do with a user's file: open it only
 * with the drivers of an allow-list, never touch the network (remote and
 * virtual paths and KML links to remote content are refused, GDAL's HTTP
 * access is switched off), never rebuild a missing .shx (SHAPE_RESTORE_SHX
 * is NO), and keep every message GDAL emits, not only the last: warnings
 * that mean data was altered (truncated, laundered, not written) are
 * failures, the others reach the user as warnings.
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

/* FALSE with ERR ("cannot import 'PATH': GDAL: ...", every such message)
 * when GDAL reported that data was truncated, laundered or not written, or
 * failed, since gdal_guard_begin(). */
gboolean gdal_guard_check(const char *path, GError **err);
/* Every message collected on this thread so far, joined with "; ", or
 * the last error message when none was (caller frees). */
char *gdal_guard_messages(void);

/* Refuse a path GDAL would read over the network or through a virtual
 * filesystem (/vsicurl/, http://, ...), and a KML or KMZ that links to
 * remote content (a NetworkLink, an http href). */
gboolean gdal_guard_path(const char *path, GError **err);

#endif
