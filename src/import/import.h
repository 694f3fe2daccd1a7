/*
 * import.h - reading field data into the store: any GDAL vector source
 * (GeoJSON, Shapefile, GeoPackage, KML/KMZ, GPX, CSV, XLSX), transformed to
 * CGCS2000 with PROJ (plus GCJ-02 / BD-09 from Chinese phone map apps),
 * checked feature by feature, and written in one transaction: either every
 * feature is written or nothing is.  Also loads project ledgers (CSV/XLSX).
 */
#ifndef VINFRA_IMPORT_H
#define VINFRA_IMPORT_H

#include "lang.h"
#include "store.h"
#include <glib.h>

typedef void (*vi_progress_fn)(gint64 done, gint64 total, void *user);

typedef struct {
    const char *layer;         /* target layer (ignored for a ledger); NULL: each source layer
                                * goes into the layer its name matches (registry_layer_match) */
    const char *village;       /* every feature belongs to this village */
    const char *village_field; /* source field holding the village name */
    const char *src_crs;      /* overrides the file's CRS: any PROJ CRS string, "gcj02" or "bd09" */
    const char *encoding;     /* source text encoding (e.g. GBK) for a shapefile without .cpg
                                * or a CSV; overrides what a shapefile declares */
    const char *source_layer; /* the layer of a source holding several to read, by name or
                               * number (1-based among those with features), or NULL */
    char **maps;              /* NULL-terminated "FIELD=SOURCE" renames, or NULL */
    char **sets;              /* NULL-terminated "FIELD=VALUE": every feature gets VALUE for a field
                        * the file lacks or leaves empty (--set), or NULL */
    char **value_maps;        /* NULL-terminated "FIELD:SOURCE=VALUE": a source value read as
                        * another before the vocabulary (--map-value), or NULL */
    const char *sheet;        /* the sheet of a workbook to read: its name or 1-based number */
    const char *lon_column, *lat_column; /* a table's coordinate columns (--map lon=, lat=) */
    gboolean accept_outside_village;     /* a feature far from the village --village or its
                                      * village field names is imported there and listed in the
                                      * warnings, not refused */
    gint64 max_unzipped;                 /* bytes a zipped source (KMZ, zipped shapefile, XLSX) may
                                * unpack to; 0: VI_MAX_UNZIPPED_DEFAULT (gdal-guard.h) */
    gboolean dry_run;                    /* check everything, write nothing */
    gboolean ledger;                     /* the file is a project ledger */
    vi_lang lang;                        /* of warnings and summaries (errors are in English) */
    vi_progress_fn progress;             /* called now and then with features done (checking and
                                * writing a feature each count half), or NULL */
    void *progress_user;
} vi_import_options;

/* What went into one layer of the store. */
typedef struct {
    char *layer;  /* the registry layer (owned) */
    char *source; /* the source layers read into it, "路灯" or "路灯+太阳能路灯" (owned) */
    gint64 read, written, skipped; /* as in vi_import_result, for this layer */
    gboolean already_imported;     /* this layer's part was imported before: nothing done */
    char *previous;                /* when already_imported: as in vi_import_result (owned) */
    char *unmatched;               /* the source's fields with content that match no field of
                                    * the layer, "bar, foo": not imported, and the summary says
                                    * so (owned), or NULL */
} vi_import_part;

typedef struct {
    gint64 read;               /* features read from the source (all layers) */
    gint64 written;            /* features written (0 on a dry run) */
    gint64 skipped;            /* features skipped, each with a reason in warnings */
    GPtrArray *parts;          /* vi_import_part * (owned): a layer import's layers, in the
                                * source's order (one unless a source with several layers was
                                * imported without --layer); empty for a ledger */
    GPtrArray *warnings;       /* char * (owned): repaired geometries, skips, ...; in the
                                * options' language */
    gboolean assumed_wgs84;    /* longitude/latitude columns without --src-crs were read as
                                * WGS 84: the summary says so */
    char *totals_rows;         /* a ledger's totals rows (合计, 小计), skipped: their row
                                * numbers, "12, 40" (owned), or NULL; the summary names them */
    const char *encoding_read; /* the encoding the text was read in when the file does not
                                * say it and it is not UTF-8 ("GB18030", static), else
                                * NULL; the summary says so */
    char *crs_note;            /* how the file's CRS was inferred or assumed (a Gauss-Kruger
                                * zone from the eastings, CGCS2000 assumed), in the options'
                                * language (owned), or NULL; the summary says it */
    gint64 tracks;             /* GPS tracks cleaned (track-clean.h) */
    double track_raw_m;        /* their geodesic length as recorded, metres */
    double track_clean_m;      /* and as stored after cleaning */
    gint64 track_dropped;      /* fixes dropped: poor accuracy or jumps */
    gint64 track_stops;        /* stationary clusters collapsed */
    char *table_note;          /* a table's header row and rows skipped (blank, totals,
                                * notes), appended to the summary in the options' language:
                                * "；表头在第 3 行；第 9 行是合计行，已跳过" (owned), or NULL */
    gboolean already_imported; /* same content hash as an earlier import: nothing done (for
                                * several layers: every one of them) */
    char *previous;            /* when already_imported: "'path' was already imported into
                                * roads on DATE", in the options' language (owned; for
                                * several layers the parts say it) */
} vi_import_result;

/* Import PATH into STORE.  On failure returns FALSE, sets ERR with a message
 * naming the file, the feature (index and id), the field and what was expected,
 * and leaves the database untouched. */
gboolean import_file(vi_store *store, const char *path, const vi_import_options *opt,
                     vi_import_result *res, GError **err);
void import_result_clear(vi_import_result *res);

/* The one-line summary of an import of PATH (as the user named it) with OPT
 * into a layer of REG, in OPT's language: "imported 'roads.shp' into
 * roads: 5 read, 5 written, 0 skipped" (zh: "已导入 'roads.shp' → 道路：读取 5
 * 条，写入 5 条，跳过 0 条"), or for a dry run or a file imported before.
 * An import into several layers has such a line per layer, naming the source
 * layer after the path ("'ovi.kml:路灯' into streetlights: ..."), joined by
 * newlines.  BRIEF gives only the count written, for a command that imports
 * many files (vinfra demo).  Caller frees. */
char *import_summary(const vi_registry *reg, const char *path, const vi_import_options *opt,
                     const vi_import_result *res, gboolean brief);

#endif
