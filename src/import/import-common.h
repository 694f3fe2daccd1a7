/*
 * import-common.h - what the layer import (import.c and its import-*.c) and
 * the ledger import (ledger.c) share: recognising a file imported before,
 * opening a GDAL source and reading field values as checked UTF-8 text
 * (import-source.c), the text checks (import-text.c), parsing numbers, and
 * the form of error messages ("cannot import 'FILE': feature N (id "X"):
 * field "F": expected ..., got ...") and warnings (import-common.c).
 */
#ifndef VINFRA_IMPORT_COMMON_H
#define VINFRA_IMPORT_COMMON_H

#include "import.h"

#include <gdal.h>
#include <ogr_api.h>

/* Hash PATH (with a shapefile's sidecars) and KEY (the target layer, so one
 * file may feed several layers), and look the hash up among earlier imports.
 * On a match sets RES->already_imported and RES->previous (in LANG).  *SHA256 receives
 * the hex digest (caller frees).  FALSE with ERR when the file cannot be read. */
gboolean import_recognise(vi_store *store, const char *path, const char *key, vi_lang lang,
                          vi_import_result *res, char **sha256, GError **err);

/* Open PATH as a GDAL vector source.  ENCODING (--encoding, or NULL) is the
 * text encoding of a shapefile's DBF or a CSV, returned in *RECODE_FROM (GDAL
 * does not convert, import_field_text does); other formats are UTF-8 by
 * definition and ignore it.  Without it, *RECODE_FROM is what a shapefile
 * declares (.cpg, language driver id) or a CSV's byte order mark; a file that
 * declares nothing is read as what all of its text is in
 * (import_text_detect()), and *DETECTED is then "GB18030" when that is not
 * UTF-8, else NULL.  Refused when a field name does not decode.  *DRIVER is
 * the GDAL short name. */
GDALDatasetH import_open(const char *path, const char *encoding, const char **driver,
                         const char **recode_from, const char **detected, GError **err);

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

/* ---- text (import-text.c) ---- */

/* RAW decoded to UTF-8 from DECLARED (an iconv name; NULL: UTF-8), or NULL
 * when it does not decode or looks like text in another encoding (UTF-8
 * under a GBK or Windows-1252 declaration, GBK under a single-byte or UTF-8
 * one).  Caller frees. */
char *import_text_decode(const char *raw, const char *declared);
/* The encoding a shapefile's LAYER declares (.cpg, else the DBF's language
 * driver id) or OPTION (--encoding) when given; NULL when none (UTF-8). */
const char *import_text_declared(OGRLayerH layer, const char *option);
/* Who declared the encoding, for messages: "--encoding says GBK", "its .cpg
 * says 936 (GBK)", or NULL for none (caller frees). */
char *import_text_origin(OGRLayerH layer, const char *option, gboolean shapefile);
/* Why RAW was refused by import_text_decode() under DECLARED, said by
 * ORIGIN: "its .cpg says 936 (GBK) but the text is UTF-8 ("上雷村" read as
 * "涓婇浄鏉"): fix the .cpg or give --encoding UTF-8" (caller frees). */
char *import_text_mismatch(const char *raw, const char *declared, const char *origin);

/* The encoding of PATH (DRIVER: GDAL's short name; a CSV, or a shapefile
 * whose .dbf is read) that neither --encoding nor a .cpg or language driver
 * id declares, decided on all of its names and values.  A CSV's byte order
 * mark declares UTF-8 or GB18030 (*ENCODING "GB18030"), and every cell must
 * decode from it.  Else the file is UTF-8 (*ENCODING NULL) when all of it is,
 * or GB18030 when all of it decodes from GB18030 as Chinese text (*ENCODING
 * and *DETECTED "GB18030"; static strings).  FALSE with ERR naming the cell
 * (line and column, or feature and field) and showing its bytes when no one
 * encoding explains every cell.  Other drivers: TRUE, both NULL. */
gboolean import_text_detect(const char *path, const char *driver, const char **encoding,
                            const char **detected, GError **err);

/* Check that the field names of LAYER of PATH (opened by DRIVER) decode from
 * DECLARED (NULL: UTF-8), which OPTION (--encoding) or the file declared: FALSE
 * with ERR naming the field, showing its bytes and saying why
 * (import_text_mismatch()) when one does not. */
gboolean import_text_check_names(OGRLayerH layer, const char *path, const char *driver,
                                 const char *declared, const char *option, GError **err);
/* RAW with each byte outside printable ASCII as \xHH, for messages (caller frees). */
char *import_text_bytes(const char *raw);

/* Put *VALUE (owned, or NULL) in NFC and trim white space and invisible
 * characters at its ends (vi_text_tidy); NULL when nothing is left.  TRUE
 * when something other than ASCII white space was trimmed. */
gboolean import_text_tidy(char **value);

/* Warn in RES that COUNT values of PATH had unusual spaces trimmed
 * (import_text_tidy), the first in FIRST (a feature, or a row when ROWS) and
 * FIELD. */
void import_warn_trimmed(vi_import_result *res, vi_lang lang, const char *path, gint64 count,
                         gboolean rows, gint64 first, const char *field);

/* A NUL character in a source value, which GDAL would have cut it short at. */
typedef struct {
    gint64 key; /* the feature's FID, or with BY_POSITION its 0-based position */
    gboolean by_position;
    int field;    /* the source field's index, when NAME is NULL */
    char *name;   /* the source field's name (GeoJSON) */
    glong at;     /* 1-based character position of the NUL in the value */
    gint64 line;  /* CSV: the line of the file (1-based), else 0 */
    char *column; /* CSV: the column's name in the header */
} import_nul;
/* The NULs in the values of PATH (GeoJSON, CSV or a shapefile's DBF, read
 * raw; DRIVER is GDAL's short name) with DECLARED its encoding (for
 * character positions).  A vector of import_nul (g_ptr_array_unref). */
GPtrArray *import_find_nuls(const char *path, const char *driver, const char *declared);
/* FALSE with ERR naming the first NUL of NULS that cost a whole row (CSV:
 * GDAL cuts the row short there, or drops it), so that no row is read. */
gboolean import_nul_refuse(const char *path, GPtrArray *nuls, GError **err);
/* The NUL of NULS in source field FIELD (NAMES: the source's field names)
 * of feature F at POSITION (0-based) of its source, or NULL. */
const import_nul *import_nul_find(GPtrArray *nuls, OGRFeatureH f, gint64 position, int field,
                                  char *const *names);

/* "feature 17 (id "R-03")", or "feature 17" without an id (caller frees). */
char *import_item_label(const char *noun, gint64 index, const char *id);
/* import_item_label() for a feature in LANG, for warnings (caller frees). */
char *import_item_text(vi_lang lang, gint64 index, const char *id);

/* What an import goes into, named for the person reading in LANG: the
 * ledger (KEY VI_LEDGER_TABLE), or layer KEY of REG by its Chinese name (zh)
 * or its key (en, as the user types it).  Borrowed. */
const char *import_target_name(vi_lang lang, const vi_registry *reg, const char *key);

/* Set ERR to "cannot import 'PATH': " followed by the formatted text. */
void import_set_error(GError **err, int code, const char *path, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* Append a warning to RES. */
void import_warn(vi_import_result *res, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Call OPT's progress callback, if any, with DONE of TOTAL items checked
 * (or, when WRITING, written).  Checking and writing an item each count as
 * half of it, so the callback sees one count going from 0 to TOTAL. */
void import_progress(const vi_import_options *opt, gboolean writing, gint64 done, gint64 total);

#endif
