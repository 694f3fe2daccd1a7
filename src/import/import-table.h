/*
 * import-table.h - spreadsheets and CSV files as offices make them
 * (import-table.c): the header row found below title rows, blank, totals and
 * note rows skipped and named, one sheet of a workbook chosen, and the rows
 * numbered as the spreadsheet shows them.
 */
#ifndef VINFRA_IMPORT_TABLE_H
#define VINFRA_IMPORT_TABLE_H

#include "import.h"

#include <gdal.h>

typedef struct import_table import_table;

/* Whether a source of GDAL driver DRIVER is a table import_table_open() reads. */
gboolean import_table_applies(const char *driver);

/* Read the table PATH (already opened by import_open() as *DS, of DRIVER,
 * its text in RECODE_FROM) again without GDAL's header detection, find its
 * header, and replace *DS (closed) by an in-memory dataset of one layer: the
 * sheet --sheet (or --source-layer) names, or the only one holding rows; a
 * workbook with several is refused, listing them.  The layer's fields are
 * the header's cells (raw, as in the file), its features the data rows with
 * the spreadsheet's row number as FID.  Skipped rows are counted in RES
 * (read and skipped) and named in RES->table_note, in OPT's language; for
 * a ledger (OPT->ledger) its totals rows go to RES->totals_rows instead,
 * which the summary says are no projects.
 * *OUT receives the table (import_table_free). */
gboolean import_table_open(const char *path, const char *driver, const char *recode_from,
                           const vi_import_options *opt, const char *datadir, GDALDatasetH *ds,
                           import_table **out, vi_import_result *res, GError **err);

/* Column FIELD of the table, called NAME, as a person finds it: "column D
 * (经度)" in a workbook, "column 经度" in a CSV file, translated (caller
 * frees). */
char *import_table_column(const import_table *t, int field, const char *name);

void import_table_free(import_table *t);

/* "CSV:PATH" for a table saved as .txt, its first line holding a comma,
 * semicolon or tab (GDAL's CSV driver reads such a file only when told),
 * else NULL.  Caller frees. */
char *import_table_txt(const char *path);

/* For a CSV file whose first lines (its title: 上雷村路灯统计表) have no
 * separator, which GDAL refuses to open, the name of an in-memory copy
 * (/vsimem/) in which each of them ends with the separator of the first
 * line that has one, the lines and their bytes otherwise unchanged; else
 * NULL.  Release it with import_table_titled_release() once the dataset
 * opened from it is open (GDAL keeps the file while it reads it). */
char *import_table_titled_csv(const char *path);
void import_table_titled_release(char *name);

#endif
