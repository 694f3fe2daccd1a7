/*
 * export.h - department packages: the layers and fields of an export
 * profile (export-profile.h), written by GDAL in the format, CRS and text
 * encoding a county bureau's GIS, CAD or phone app reads, with a manifest.
 *
 * A package is one folder: the data files, README.txt (Chinese and
 * English) and manifest.json (layers, feature counts, total lengths and
 * areas, CRS, encoding, date, source database, vinfra version, and the
 * SHA-256 of every file); with zip, that folder's content in one archive
 * NAME.zip beside NAME.zip.sha256.  It is built in a private work folder
 * next to the target and renamed into place only when complete and
 * recorded, so a failure never leaves a package that looks whole or one
 * that left unrecorded, and no file name taken from the data can lead
 * outside the folder.  CSV and XLSX text cells a spreadsheet would run as a
 * formula are written with a ' before them (sheetcell.h).
 *
 * Checked before anything is written: the format, encoding and CRS, the
 * village, shapefile field names (at most 10 bytes in the encoding), and
 * every value against its field (a shapefile text over 254 bytes, a number
 * over 19 characters, a character the encoding lacks): an error names the
 * layer, the feature (index and id) and the field; nothing is cut silently.
 * Personal fields (registry attributes marked personal) are left out
 * unless include_personal is set.
 */
#ifndef VINFRA_EXPORT_H
#define VINFRA_EXPORT_H

#include "export-profile.h"
#include "store.h"
#include <glib.h>

/* shp, gpkg, geojson, kml, kmz, dxf, csv, xlsx (NULL-terminated). */
extern const char *const export_format_names[];

typedef struct {
    const char *format;   /* NULL: the profile's */
    const char *crs;      /* "gk", any CRS PROJ knows; NULL: the profile's (dxf: gk) */
    const char *encoding; /* GBK or UTF-8; NULL: the profile's */
    const char *village;  /* only this village's features; NULL: all */
    const char *county;   /* only the features of this county's villages; NULL: all */
    gboolean zip;
    gboolean include_personal;
    const char *rules_path; /* coverage rules for served()/distance() fields */
} vi_export_options;

typedef struct {
    const char *file; /* output name of the layer (borrowed from the profile) */
    const vi_layer *layer;
    gint64 features;
    double length_m; /* lines: total geodesic length */
    double area_m2;  /* polygons: total geodesic area */
} vi_export_layer_summary;

/* What export_package() wrote; free with export_result_clear(). */
typedef struct {
    char *format, *crs, *encoding; /* as used: "shp", "EPSG:4545", "GBK" */
    GPtrArray *layers;             /* vi_export_layer_summary */
    GPtrArray *files;              /* file names in the package folder (char *) */
    GPtrArray *personal_left_out;  /* export names of personal fields not written */
} vi_export_result;

/* Write profile P's package from STORE into folder DIR, which must not
 * exist, be empty, or hold an earlier vinfra package, unchanged (which is
 * replaced; export-folder.c), and must neither be nor hold the database.
 * The export is recorded before the package is moved into place.
 * The export is recorded in the store's exports table (store_export_record),
 * so STORE must be writable. */
gboolean export_package(vi_store *store, const vi_export_profile *p, const char *dir,
                        const vi_export_options *opt, vi_export_result *res, GError **err);
void export_result_clear(vi_export_result *res);

#endif
