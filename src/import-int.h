/*
 * import-int.h - what the layer import (import.c) and the ledger import
 * (ledger.c) share: recognising a file imported before, opening a GDAL
 * source, reading field values as checked UTF-8 text, parsing numbers, and
 * the form of error messages ("cannot import 'FILE': feature N (id "X"):
 * field "F": expected ..., got ...").
 */
#ifndef VINFRA_IMPORT_INT_H
#define VINFRA_IMPORT_INT_H

#include "import.h"

#include <gdal.h>
#include <ogr_api.h>

/* Years a record may carry: the People's Republic to the end of any plan. */
#define VI_YEAR_MIN 1949
#define VI_YEAR_MAX 2100

/* What imports of a ledger record as their layer: the table they fill. */
#define VI_LEDGER_KEY "projects"

/* Hash PATH (with a shapefile's sidecars) and KEY (the target layer, so one
 * file may feed several layers), and look the hash up among earlier imports.
 * On a match sets RES->already_imported and RES->previous.  *SHA256 receives
 * the hex digest (caller frees).  FALSE with ERR when the file cannot be read. */
gboolean import_recognise(vi_store *store, const char *path, const char *key, vi_import_result *res,
                          char **sha256, GError **err);

/* Open PATH as a GDAL vector source.  ENCODING (or NULL) is the text encoding
 * of a shapefile's DBF without .cpg; for CSV it is returned in *RECODE_FROM
 * (the driver cannot convert, import_field_text does); other formats are
 * UTF-8 by definition and ignore it.  *DRIVER is the GDAL short name. */
GDALDatasetH import_open(const char *path, const char *encoding, const char **driver,
                         const char **recode_from, GError **err);

/* Field I of F as trimmed UTF-8 text (caller frees), or NULL when unset or
 * blank.  Text that is not valid UTF-8 (after converting from RECODE_FROM when
 * given) returns NULL and sets *BAD_TEXT. */
char *import_field_text(OGRFeatureH f, int i, const char *recode_from, gboolean *bad_text);

/* The names of DEFN's fields as UTF-8 (a NULL-terminated vector; g_strfreev). */
char **import_field_names(OGRFeatureDefnH defn, const char *recode_from);

/* Index in NAMES of the source field that matches registry field NAME:
 * case-insensitively, or as the 10-character prefix a shapefile cuts names
 * to when SHAPEFILE, or equal to NAME_ZH when not NULL.  -1 when none. */
int import_match_field(char *const *names, const char *name, const char *name_zh,
                       gboolean shapefile);
/* Index of the source field called SOURCE (exactly, else ignoring case), or -1. */
int import_find_field(char *const *names, const char *source);

/* Whole-string parses: no trailing garbage, finite, in range. */
gboolean import_parse_int(const char *s, gint64 *out);
gboolean import_parse_real(const char *s, double *out);

/* "feature 17 (id "R-03")", or "feature 17" without an id (caller frees). */
char *import_item_label(const char *noun, gint64 index, const char *id);

/* Set ERR to "cannot import 'PATH': " followed by the formatted text. */
void import_set_error(GError **err, int code, const char *path, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* Append a warning to RES. */
void import_warn(vi_import_result *res, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Call OPT's progress callback, if any, with DONE of TOTAL items checked
 * (or, when WRITING, written).  Checking and writing an item each count as
 * half of it, so the callback sees one count going from 0 to TOTAL. */
void import_progress(const vi_import_options *opt, gboolean writing, gint64 done, gint64 total);

/* Import a project ledger (ledger.c); import_file() calls it for opt->ledger. */
gboolean ledger_import(vi_store *store, const char *path, const vi_import_options *opt,
                       vi_import_result *res, GError **err);

#endif
