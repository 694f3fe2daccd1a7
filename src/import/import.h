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
    const char *layer;         /* target layer (ignored for a ledger) */
    const char *village;       /* every feature belongs to this village */
    const char *village_field; /* source field holding the village name */
    const char *src_crs;      /* overrides the file's CRS: any PROJ CRS string, "gcj02" or "bd09" */
    const char *encoding;     /* source text encoding (e.g. GBK) for a shapefile without .cpg
                                * or a CSV; overrides what a shapefile declares */
    const char *source_layer; /* the layer of a source holding several to read, or NULL */
    char **maps;              /* NULL-terminated "FIELD=SOURCE" renames, or NULL */
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

typedef struct {
    gint64 read;               /* features read from the source */
    gint64 written;            /* features written (0 on a dry run) */
    gint64 skipped;            /* features skipped, each with a reason in warnings */
    GPtrArray *warnings;       /* char * (owned): repaired geometries, skips, ...; in the
                                * options' language */
    gboolean assumed_wgs84;    /* longitude/latitude columns without --src-crs were read as
                                * WGS 84: the summary says so */
    char *totals_rows;         /* a ledger's totals rows (合计, 小计), skipped: their row
                                * numbers, "12, 40" (owned), or NULL; the summary names them */
    char *table_note;          /* a table's header row and rows skipped (blank, totals,
                                * notes), appended to the summary in the options' language:
                                * "；表头在第 3 行；第 9 行是合计行，已跳过" (owned), or NULL */
    gboolean already_imported; /* same content hash as an earlier import: nothing done */
    char *previous;            /* when already_imported: "'path' was already imported into
                                * roads on DATE", in the options' language (owned) */
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
 * BRIEF gives only the count written, for a command that imports many files
 * (vinfra demo).  Caller frees. */
char *import_summary(const vi_registry *reg, const char *path, const vi_import_options *opt,
                     const vi_import_result *res, gboolean brief);

#endif
