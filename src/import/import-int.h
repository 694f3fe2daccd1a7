/*
 * import-int.h - what the files of the layer import share: the importer's
 * state, a source layer's field map and transformation, the checked features
 * waiting to be written, the villages features are placed in, and the
 * functions of each file:
 *   import.c          the driver: options, reading, writing, warnings, summary
 *   import-fields.c   matching the source's fields, checking the values
 *   import-geom.c     CRS, transformation, shape checks, repair
 *   import-crs.c      China's surveying CRSs: Gauss-Krüger zones, old datums
 *   import-track.c    GPS tracks cleaned before their length counts
 *   import-columns.c  the coordinate columns of a table and each row's point
 *   import-table.c    a spreadsheet's header row, title, blank and totals rows
 *   import-village.c  the village of each feature, overlaps of new villages
 *   import-write.c    the second pass, on a thread of its own beside the first
 * (What the ledger import shares with it is in import-common.h.)
 */
#ifndef VINFRA_IMPORT_INT_H
#define VINFRA_IMPORT_INT_H

#include "chinacrs.h"
#include "geom.h"
#include "import-common.h"
#include "polyindex.h"

#include <gdal.h>
#include <ogr_srs_api.h>

/* The common fields every layer has, in vi_feature order. */
enum { F_ID, F_VILLAGE, F_NAME, F_STATUS, F_YEAR, F_PROJECT, F_COMMON };

/* Repaired geometries and skipped rows are reported one by one up to this many. */
#define MAX_ITEM_WARNINGS 5

typedef struct {
    char *name; /* owned */
    vi_geom geom;
    OGRGeometryH ogr;    /* owned; for distances and overlaps */
    vi_polyindex *edges; /* owned; where lines lie (store villages only) */
    double minx, miny, maxx, maxy;
    gint64 feature; /* a village of the file being imported: its feature index; else 0 */
} village_area;

/* A checked feature waiting for the write pass. */
typedef struct {
    char **values; /* nvalues texts (owned, NULL for none) */
    int nvalues;   /* F_COMMON + the layer's attributes */
    char *village; /* owned */
    unsigned char *wkb;
    size_t wkb_size;
    /* Where it came from, for the writer's error: the file as messages name
     * it (the importer's, kept until it is freed), "feature" or "row" and
     * its number, and whether its id is shown (values[F_ID]). */
    const char *path;
    const char *noun;
    gint64 number;
    gboolean id_shown;
} pending_feature;

/* --set and --map-value, parsed for the layer (import-fields.c). */
typedef struct import_values import_values;

/* One layer of the source (a GPX file has several). */
typedef struct {
    OGRLayerH layer;
    char **names;        /* source field names, UTF-8 */
    int *map;            /* registry field -> source field index, or -1 */
    gboolean *used;      /* source field -> matched to a registry field */
    int lon, lat;        /* coordinate columns of a table without geometry, or -1 */
    int odk;             /* else its column of ODK geopoint/geotrace texts, or -1 */
    gboolean geographic; /* source coordinates are degrees */
    OGRCoordinateTransformationH ct;
    import_values *values; /* --set and --map-value (owned; import_values_release) */
} source_layer;

/* What reads the source layers (one or more) that go into one layer of the
 * store.  An import has one per target layer (import.c's import_job), each
 * checked in the first pass and all written in one transaction. */
typedef struct {
    vi_store *store;
    const vi_layer *layer;
    const vi_region *region;
    const vi_import_options *opt;
    vi_import_result *res;        /* the whole import's: warnings, assumed_wgs84 */
    vi_import_part *part;         /* this layer's counts (owned by res->parts) */
    const char *file;             /* the file's path, as the user named it */
    const char *path;             /* the file as messages name it: FILE, or "FILE:LAYER" when the
                            * import reads several source layers */
    char *shown;                  /* owned text PATH points to when it is not the file's path */
    GPtrArray *shown_before;      /* the earlier SHOWN texts (owned): pending features name them */
    GPtrArray *sources;           /* OGRLayerH (borrowed) read into LAYER, in the source's order */
    char *sha256;                 /* the content hash recorded with the import (import_recognise) */
    gint64 serial;                /* features read over all SOURCES: generated ids */
    struct import_writer *writer; /* writes each feature checked (import-write.c), or NULL
                                   * (a dry run) */
    gint64 import_id;             /* the import record, set by the writer */
    gint64 progress_base;         /* features of the import's earlier layers, for progress */
    gint64 progress_total;        /* features of the whole import */
    char *stem;                   /* file name without extension: generated ids */
    int nfields;                  /* F_COMMON + layer->nattrs */
    gboolean is_villages;
    gboolean shapefile;
    gboolean gpx; /* tracks are simplified */
    gboolean kml;
    gboolean warned_no_crs;
    const char *item_id; /* id of the feature being checked, NULL when generated */
    gint64 item_number;  /* how messages number it: a table's row (import-table.c), else index */
    const char *recode_from;
    struct import_table
        *table; /* a spreadsheet or CSV read by import-table.c (the job's), or NULL */
    vi_china_crs china;
    const char *datum_shift; /* --src-crs as a seven-parameter "+towgs84=..." or a
                              * "+proj=pipeline ...", or NULL (import-geom.c) */
    char *crs_history;       /* how the CRS was inferred, for the history (owned) */
    GDALDatasetH ds;         /* the source (a GPX file's track points) */
    GHashTable *track_fixes; /* GPX track fid -> GArray of vi_fix (lon/lat), loaded once */
    OGRSpatialReferenceH override_srs, wgs84, target;
    GArray *villages; /* village_area, loaded when first needed */
    gboolean villages_loaded;
    GHashTable *file_ids;    /* id -> first feature index */
    GHashTable *file_names;  /* villages layer: name -> first feature index */
    GHashTable *store_ids;   /* ids already in the layer */
    GHashTable *store_names; /* villages layer: names already in the store */
    GHashTable *projects;    /* project ids of the ledger, loaded when first needed */
    GHashTable *ignored;     /* source fields with content that match nothing */
    gint64 npending;         /* features checked, each handed to the writer, which frees it */
    GPtrArray *nuls;         /* import_nul *: NULs GDAL cut values short at */
    gint64 trimmed;          /* values with unusual spaces trimmed at their ends */
    gint64 trimmed_index;    /* the first of them: feature and field */
    int trimmed_field;
    GArray *xs, *ys, *rawx, *rawy; /* vertex batches */
    gint64 index; /* 1-based position of the feature being read in its source layer */
    gint64 repairs, empty_rows, missing_status;
    gint64 outside_village; /* accepted with --accept-outside-village */
    GArray *file_villages;  /* villages layer: village_area of the features checked so far */
} importer;

/* A new importer of PATH into LAYER of STORE with OPT (import.c; LAYER may
 * be set later); the photo import (import-photo.c) shares it.  Free with
 * importer_free(). */
importer *importer_new(vi_store *store, const char *path, const vi_import_options *opt,
                       vi_import_result *res, const vi_layer *layer);
void importer_free(gpointer imp);

/* ---- the second pass (import-write.c) ---- */

typedef struct import_writer import_writer;
/* Open the bulk transaction of an import into STORE and start the thread
 * that writes what the first pass checks; NULL with ERR. */
import_writer *import_writer_start(vi_store *store, GError **err);
/* IMP's layer starts: its table is made and its import record written. */
void import_writer_layer(import_writer *w, importer *imp);
/* Write PF, a checked feature of IMP (the reader keeps it, unchanged). */
void import_writer_feature(import_writer *w, importer *imp, pending_feature *pf);
void import_pending_free(pending_feature *pf);
/* Whether a write failed (the reader may stop). */
gboolean import_writer_failed(import_writer *w);
/* Wait for every write; FALSE with the first write's error.  The
 * transaction stays open: the caller commits or rolls back. */
gboolean import_writer_finish(import_writer *w, GError **err);

/* ---- fields (import-fields.c) ---- */

/* The name of field K: a common field or one of the layer's attributes. */
const char *import_field_name(const importer *imp, int k);
/* Free an array of N strings, some NULL (so not a GStrv). */
void import_values_free(char **values, int n);
/* Match the source's fields to the layer's (by the words of its field
 * names, --village-field, --map) in SRC->map and SRC->used, refusing
 * ambiguous matches and missing required fields, and parse --set and
 * --map-value into SRC->values. */
gboolean import_fields_match(importer *imp, OGRLayerH layer, source_layer *src, GError **err);
/* Parse --set and --map-value into SRC->values, checking each field and
 * value (import_fields_match() does it; a source without fields, such as
 * photos, calls it alone). */
gboolean import_value_options(importer *imp, source_layer *src, GError **err);
/* Free what import_fields_match() parsed of --set and --map-value; NULL
 * is allowed. */
void import_values_release(import_values *iv);
/* Read each of the feature's VALUES (NULL: empty; owned) that --map-value
 * names as the value it gives, and fill each field --set gives, refusing a
 * feature whose file gives that field a value. */
gboolean import_fields_fill(importer *imp, const source_layer *src, char **values,
                            const char *label, GError **err);
/* Check the characters and length of every text value (textcheck.h);
 * GENERATED says the id was made from the file name. */
gboolean import_check_text(importer *imp, char **values, gboolean generated, const char *label,
                           GError **err);
/* Check that ID is unique in the file and the layer, and remember it. */
gboolean import_check_id(importer *imp, const char *id, gboolean generated, const char *label,
                         GError **err);
/* Check the common fields; statuses are put in their canonical spelling. */
gboolean import_check_common(importer *imp, char **values, const char *label, GError **err);
/* Check *VALUE against attribute A; an allowed value is replaced by its
 * canonical spelling. */
gboolean import_check_attr(importer *imp, const vi_attr *a, char **value, const char *label,
                           GError **err);

/* ---- geometry (import-geom.c) ---- */

/* A new spatial reference of EPSG code EPSG in longitude/latitude order. */
OGRSpatialReferenceH import_lonlat_srs(int epsg);
/* Find where LAYER's geometry comes from (its geometry field, or longitude
 * and latitude columns) and set up SRC's transformation to CGCS2000. */
gboolean import_source_crs(importer *imp, OGRLayerH layer, source_layer *src, GError **err);
/* Check and convert a source geometry RAW (not modified) into *OUT (owned),
 * in CGCS2000, of the layer's kind. */
gboolean import_prepare_geometry(importer *imp, const source_layer *src, OGRGeometryH raw,
                                 const char *label, OGRGeometryH *out, GError **err);

/* ---- coordinate columns (import-columns.c) ---- */

/* Find the coordinate columns of a table without geometry (SRC's lon and
 * lat, or its ODK column odk): --map lon=COLUMN --map lat=COLUMN, else the
 * names of data/coordinates.tsv, else a column of ODK geopoint texts.
 * Refuses GCJ-02/BD-09 columns without --src-crs, and a table without any. */
gboolean import_columns_find(importer *imp, source_layer *src, GError **err);
/* The geometry of F from SRC's coordinate columns into *OUT (owned), NULL
 * when the cells are empty.  FALSE when a cell is no coordinate, with
 * *PROBLEM (caller frees) to follow the row's label: ", column D (经度):
 * expected ..., got ..." (a table) or ": field "lon": expected ...". */
/* ERR said of the row LABEL of a table, in the columns a person sees: the
 * checks name the layer's fields ("row 22: field \"status\": ..."); the
 * field read from a column becomes that column ("row 22, column D (状态):
 * ..."), its header's text and, in a workbook, its letter.  Nothing for
 * another source. */
void import_columns_said(const importer *imp, const source_layer *src, const char *label,
                         GError *err);
gboolean import_columns_geometry(const importer *imp, const source_layer *src, OGRFeatureH f,
                                 OGRGeometryH *out, char **problem);

/* ---- China's surveying CRSs (import-crs.c) ---- */

/* Is --src-crs SRC_CRS (importing PATH) a seven-parameter transformation ("+towgs84=...")
 * or a PROJ pipeline rather than a CRS?  FALSE with ERR when it is one that
 * cannot be used (*IS set either way). */
gboolean import_datum_shift_parse(const char *path, const char *src_crs, gboolean *is,
                                  GError **err);
/* Does SRS carry a datum shift to WGS 84 (TOWGS84: a bound CRS)? */
gboolean import_srs_has_towgs84(OGRSpatialReferenceH srs);
/* The CRS to read LAYER's geometry field in when FROM (borrowed, or NULL:
 * none declared) or --src-crs is one of China's surveying CRSs: *OWNED
 * receives a new one to use instead (or stays NULL), and the summary and
 * the history say what was inferred.  Refuses Beijing 1954 and Xi'an 1980
 * without a seven-parameter transformation, and a Gauss-Krüger file whose
 * zone nothing tells. */
gboolean import_china_crs(importer *imp, OGRLayerH layer, OGRSpatialReferenceH from,
                          OGRSpatialReferenceH *owned, GError **err);

/* For a table whose coordinate columns SRC->lon and SRC->lat hold
 * Gauss-Krüger metres with the zone number in front of the eastings (in
 * either column: Chinese surveys write the northing as X): *OWNED
 * receives the CGCS2000 zone (or stays NULL), *NORTHING_FIRST says the
 * first column holds the northings; the summary and the history say so.
 * Reads LAYER once and resets it. */
void import_china_crs_columns(importer *imp, OGRLayerH layer, const source_layer *src,
                              OGRSpatialReferenceH *owned, gboolean *northing_first);

/* ---- GPS tracks (import-track.c) ---- */

/* Clean the line *G (CGCS2000; RAW is the source's) when it is a GPS track
 * of SRC (a GPX file's tracks, a KML gx:Track), counting its lengths in the
 * result; any other line is left as it is. */
void import_clean_track(importer *imp, const source_layer *src, OGRGeometryH raw, OGRGeometryH *g);

/* ---- villages (import-village.c) ---- */

/* Free what a village_area holds (a GArray clear function). */
void import_village_area_clear(gpointer p);
/* Load the store's villages into IMP->villages, once. */
gboolean import_load_villages(importer *imp, GError **err);
/* Add the villages FROM (the villages layer's importer of the same file)
 * checked to those IMP places features in, after the store's. */
gboolean import_villages_add_file(importer *imp, const importer *from, GError **err);
/* The village of the store (or of the file, once added) called NAME, or NULL. */
const village_area *import_village_named(const importer *imp, const char *name);
/* The store's village names, "A, B" (caller frees). */
char *import_village_names(const importer *imp);
/* The village of a feature: --village, the village field FROM_FIELD, or
 * where geometry G lies; *VILLAGE receives it (owned; NULL for villages). */
gboolean import_choose_village(importer *imp, const char *from_field, OGRGeometryH g,
                               const char *label, char **village, GError **err);
/* Refuse a new village polygon G (called NAME) that overlaps a village of
 * the store or of the file by more than a sliver; else remember it. */
gboolean import_check_village_overlap(importer *imp, const char *name, OGRGeometryH g,
                                      const char *label, GError **err);

#endif
