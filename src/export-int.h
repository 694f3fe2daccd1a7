/*
 * export-int.h - what the parts of the exporter share: export.c collects
 * and checks the data and moves the finished package into place,
 * export-write.c writes it with GDAL, export-manifest.c writes README.txt
 * and manifest.json and zips the package.
 */
#ifndef VINFRA_EXPORT_INT_H
#define VINFRA_EXPORT_INT_H

#include "export.h"

typedef enum {
    VI_EXPORT_SHP,
    VI_EXPORT_GPKG,
    VI_EXPORT_GEOJSON,
    VI_EXPORT_KML,
    VI_EXPORT_KMZ,
    VI_EXPORT_DXF,
    VI_EXPORT_CSV,
    VI_EXPORT_XLSX
} vi_export_format;

/* Shapefile (dBase) limits. */
#define VI_DBF_NAME_BYTES 10
#define VI_DBF_TEXT_BYTES 254
#define VI_DBF_NUMBER_WIDTH 19

/* One feature, its values formatted as they are written. */
typedef struct {
    char *id;
    char *name;           /* the feature's name (DXF labels), or NULL */
    unsigned char *wkb;   /* CGCS2000 longitude/latitude; NULL for no geometry */
    size_t wkb_size;
    char **values;        /* one per field; NULL for null.  Reals with their decimals */
    int nvalues;
} export_row;

/* One profile layer, read and checked. */
typedef struct {
    const vi_export_layer *pl; /* borrowed from the profile */
    GPtrArray *fields;         /* vi_export_field written (borrowed; personal ones dropped) */
    int *width;                /* per field: text bytes or number characters (shapefile) */
    int *precision;            /* per field: decimals of reals */
    GPtrArray *rows;           /* export_row */
    double length_m, area_m2;
} export_layer_data;

typedef struct {
    const vi_export_profile *profile;
    const vi_export_options *opt;
    vi_store *store;
    int format;               /* vi_export_format */
    const char *format_name;
    const char *encoding;     /* "GBK" or "UTF-8" */
    char *crs;                /* "EPSG:4490", "EPSG:4545", or the user's definition */
    char *crs_name;           /* the CRS's own name */
    void *srs;                /* OGRSpatialReferenceH of the output */
    char *package;            /* base name of one-file formats and the zip */
    char *tmpdir;             /* where the package is built */
    GPtrArray *layers;        /* export_layer_data */
    GPtrArray *files;         /* names written in tmpdir, in order */
    GPtrArray *personal_left_out; /* export names */
    char *created;            /* ISO 8601 UTC */
} export_job;

/* Write every layer of JOB into JOB->tmpdir (export-write.c). */
gboolean export_write_data(export_job *job, GError **err);

/* Write README.txt and manifest.json, then, when zipping, replace the files
 * by NAME.zip and NAME.zip.sha256 (export-manifest.c). */
gboolean export_write_manifest(export_job *job, GError **err);

/* Write the N files PATHS into a new zip archive ZIP_PATH, as ENTRIES. */
gboolean export_zip(const char *zip_path, const char *const *paths, const char *const *entries,
                    int n, GError **err);

/* Lower-case hex SHA-256 of the file at PATH (caller frees), or NULL with ERR set. */
char *export_file_sha256(const char *path, GError **err);

#endif
