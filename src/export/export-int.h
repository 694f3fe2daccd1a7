/*
 * export-int.h - what the parts of the exporter share: export.c collects
 * and checks the data and moves the finished package into place,
 * export-write.c writes it with GDAL, export-manifest.c writes README.txt
 * and manifest.json and zips the package.
 */
#ifndef VINFRA_EXPORT_INT_H
#define VINFRA_EXPORT_INT_H

#include "export.h"
#include "lang.h"

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
    char *name;         /* the feature's name (DXF labels), or NULL */
    unsigned char *wkb; /* CGCS2000 longitude/latitude; NULL for no geometry */
    size_t wkb_size;
    char **values; /* one per field; NULL for null.  Reals with their decimals */
    int nvalues;
} export_row;

/* One profile layer, read and checked. */
typedef struct {
    const vi_export_layer *pl; /* borrowed from the profile */
    GPtrArray *fields;         /* vi_export_field written (borrowed; personal ones dropped) */
    char **names;              /* per field: its name in the file (shapefile: fits 10 bytes) */
    char **aliases;            /* per field: its alternative name, or NULL */
    int *width;                /* per field: text bytes or number characters (shapefile) */
    int *precision;            /* per field: decimals of reals */
    GPtrArray *rows;           /* export_row */
    double length_m, area_m2;
} export_layer_data;

typedef struct {
    const vi_export_profile *profile;
    const vi_export_options *opt;
    vi_store *store;
    int format; /* vi_export_format */
    const char *format_name;
    const char *encoding;         /* "GBK" or "UTF-8" */
    char *crs;                    /* "EPSG:4490", "EPSG:4545", or the user's definition */
    char *crs_name;               /* the CRS's own name */
    void *srs;                    /* OGRSpatialReferenceH of the output */
    int china_crs;                /* vi_china_crs: KML in GCJ-02 (WGS 84 offset after) */
    GPtrArray *zones;             /* --crs gk: "county\tEPSG:CODE" per county, sorted */
    char *package;                /* base name of one-file formats and the zip */
    char *tmpdir;                 /* where the package is built */
    GPtrArray *layers;            /* export_layer_data */
    GPtrArray *files;             /* names written in tmpdir, in order */
    GPtrArray *personal_left_out; /* export names */
    char *created;                /* ISO 8601 UTC */
} export_job;

/* The value of a served() field: "yes"/"no", or with LABELS the Chinese
 * labels the bureaus read (是/否, as labels.tsv gives yes and no). */
const char *export_served_value(gboolean served, gboolean labels);

/* The unit of field EF's values ("m", "m²", an attribute's unit), or NULL
 * (export-manifest.c). */
const char *export_field_unit(const vi_export_field *ef);
/* UNIT as a reader of LANG names it: 米, 平方米 for m, m² (borrowed); NULL for NULL. */
const char *export_unit_text(vi_lang lang, const char *unit);
/* The values field EF of D takes, as pairs code, Chinese label (borrowed
 * strings; free the array), or NULL when it takes any value. */
GPtrArray *export_field_values(const export_layer_data *d, const vi_export_field *ef);

/* The photos of a KMZ (export-photos.c): the exported features' stored
 * photos, written into JOB->tmpdir/files/ to be zipped beside doc.kml. */
typedef struct {
    GHashTable *descriptions; /* "layer\nid" -> GString: the <img> elements of its photos */
    GPtrArray *paths;         /* the files written (char *) */
    GPtrArray *entries;       /* their names in the KMZ, "files/IMG_0412.jpg" */
    char *dir;                /* tmpdir/files, when made */
} export_photos;
/* Write the photos of the features JOB exports (all of a layer with
 * personal fields only when JOB->opt->include_personal) into PH. */
gboolean export_photos_collect(export_job *job, export_photos *ph, GError **err);
/* The description of feature ID of LAYER: its photos, or NULL for none. */
const char *export_photos_description(const export_photos *ph, const char *layer, const char *id);
/* Whether a feature of LAYER has photos in PH (which may be NULL). */
gboolean export_photos_layer_has(const export_photos *ph, const char *layer);
/* Delete the files PH wrote and free it. */
void export_photos_clear(export_photos *ph);

/* Write every layer of JOB into JOB->tmpdir (export-write.c). */
gboolean export_write_data(export_job *job, GError **err);

/* The name D's features have in the package: for DXF (CAD layer) and KML
 * (folder) the layer's Chinese name (道路), or, as the profile's layer_names
 * says, its file name (roads), the name of every other format.  DXF labels
 * go on export_label_layer's layer (道路_注记), so CAD users can hide them.
 * (export-write.c) */
const char *export_layer_name(const export_job *job, const export_layer_data *d);
char *export_label_layer(const export_job *job, const export_layer_data *d);

/* Declare metres, the GB fonts and GBK in the DXF at PATH that GDAL wrote
 * (export-dxf.c). */
gboolean export_dxf_finish(const char *path, GError **err);

/* Write the Chinese aliases, units, values, layer titles and descriptions
 * of JOB into the closed GeoPackage PATH (export-gpkg.c). */
gboolean export_gpkg_describe(const export_job *job, const char *path, GError **err);

/* Write README.txt and manifest.json, then, when zipping, replace the files
 * by NAME.zip and NAME.zip.sha256 (export-manifest.c). */
gboolean export_write_manifest(export_job *job, GError **err);

/* Write the N files PATHS into a new zip archive ZIP_PATH, as ENTRIES,
 * each dated CREATED (ISO 8601 UTC) in Beijing time. */
gboolean export_zip(const char *zip_path, const char *const *paths, const char *const *entries,
                    int n, const char *created, GError **err);

/* What is at the --out folder (export-folder.c). */
typedef enum {
    EXPORT_TARGET_NONE,    /* nothing */
    EXPORT_TARGET_EMPTY,   /* an empty folder */
    EXPORT_TARGET_PACKAGE, /* an earlier package vinfra wrote, unchanged */
} export_target_state;

typedef struct {
    export_target_state state;
    GPtrArray *files; /* PACKAGE: the names of its files, the only ones replaced */
} export_target;

/* What is at DIR, into T; FALSE with ERR set (VI_ERROR_USAGE) when DIR is
 * the database DB_PATH or holds it, or is anything but nothing, an empty
 * folder or an earlier vinfra package holding exactly the files its
 * manifest lists, unchanged.  Clear T with export_target_clear(). */
gboolean export_target_probe(const char *dir, const char *db_path, export_target *t, GError **err);
void export_target_clear(export_target *t);

/* A private work folder PARENT/.vinfra-export-XXXXXX (mode 0700), locked
 * while this process lives, with PACKAGE the folder to build the package in. */
typedef struct {
    char *path;    /* the work folder */
    char *package; /* path/package: what becomes the --out folder */
    int lock_fd;   /* the work folder, open and flock()ed; -1 for none */
} export_work;

/* Remove the work folders in PARENT that exports killed before they
 * finished left behind (unlocked, with the work marker). */
void export_sweep_work_folders(const char *parent);
/* Sweep PARENT, then make a work folder in it. */
gboolean export_work_create(const char *parent, export_work *w, GError **err);
/* Put W's package in the place of DIR (T: what is there), in one step when
 * DIR holds an earlier package; the earlier package's listed files are
 * deleted, nothing else. */
gboolean export_work_publish(export_work *w, const char *dir, const export_target *t, GError **err);
/* Remove the work folder and what is left in it, and release its lock. */
void export_work_remove(export_work *w);

/* Lower-case hex SHA-256 of the file at PATH (caller frees), or NULL with ERR set. */
char *export_file_sha256(const char *path, GError **err);

#endif
