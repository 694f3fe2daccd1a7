/*
 * totals.h - the totals rows of a table (合计, 小计, 总计, ...: the words of
 * data/totals.tsv), shared by the ledger import (ledger.c) and the tables of
 * a layer import (import-table.c): neither imports a row that adds up the
 * rows above it.
 */
#ifndef VINFRA_TOTALS_H
#define VINFRA_TOTALS_H

#include <glib.h>

typedef struct vi_totals vi_totals;

/* The words of DATADIR/totals.tsv (vi_totals_free), or NULL with ERR. */
vi_totals *vi_totals_load(const char *datadir, GError **err);
void vi_totals_free(vi_totals *t);

/* Is CELL (UTF-8, or NULL) a totals word, ignoring spaces, a trailing colon
 * and ASCII case; or, when AFFIX, does it start or end with one (小计（基建）,
 * 2019年合计)? */
gboolean vi_totals_word(const vi_totals *t, const char *cell, gboolean affix);

/* CELL without spaces (ASCII and ideographic) and a trailing colon (caller frees). */
char *vi_totals_bare(const char *cell);

#endif
