/*
 * ledger.h - vinfra import --ledger: a project ledger (CSV or spreadsheet)
 * into the projects table (ledger.c).
 */
#ifndef VINFRA_LEDGER_H
#define VINFRA_LEDGER_H

#include "import.h"

/* Import the project ledger PATH into STORE, as import_file() describes;
 * import_file() calls it for opt->ledger, inside the GDAL guard. */
gboolean ledger_import(vi_store *store, const char *path, const vi_import_options *opt,
                       vi_import_result *res, GError **err);

#endif
