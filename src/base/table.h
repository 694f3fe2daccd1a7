/*
 * table.h - the one reader for every data table vinfra ships.
 *
 * Layers, attributes, programmes, coverage rules, map styles and export
 * profiles are all tab-separated text files in data/ or maps/.  Each caller
 * describes its row struct with an array of tbl_column (name, type, offset),
 * and tbl_read() fills an array of those structs.  Adding a keyword is one
 * row in a column table, never a new parser.
 *
 * File format: UTF-8; lines starting with '#' and blank lines are ignored;
 * the first remaining line is the header; cells are separated by TABs.
 * Unknown header names are an error (they are almost always typos).
 */
#ifndef VINFRA_TABLE_H
#define VINFRA_TABLE_H

#include <glib.h>
#include <stddef.h>

typedef enum {
    TBL_TEXT,   /* char *, g_strdup'ed; NULL when the cell is empty */
    TBL_INT,    /* long */
    TBL_REAL,   /* double */
    TBL_BOOL,   /* gboolean: yes/no, true/false, 1/0 */
    TBL_LIST,   /* char **, NULL-terminated, split on ',' (spaces trimmed); NULL when empty */
    TBL_ENUM,   /* int: index into choices */
    TBL_COLOUR, /* guint32 0xRRGGBBAA from "#rrggbb" (opaque) or "#rrggbbaa"; 0 when empty */
    TBL_LINENO  /* int: the row's line in the file, for later messages (no header column) */
} tbl_type;

typedef struct {
    const char *name; /* header text */
    tbl_type type;
    size_t offset;              /* offsetof(row struct, field) */
    gboolean required;          /* the column must exist and no cell may be empty */
    const char *const *choices; /* TBL_ENUM: NULL-terminated list of accepted words */
} tbl_column;

/*
 * Read PATH into *rows, a GArray of ROW_SIZE-byte structs (zero-filled, then
 * filled from the cells).  The caller owns the array and the strings in it
 * (free them with tbl_rows_free()).  On error returns FALSE, sets ERR to a
 * message naming the file, line and column, and leaves *rows NULL.
 */
gboolean tbl_read(const char *path, const tbl_column *cols, size_t ncols, size_t row_size,
                  GArray **rows, GError **err);

/* Free the strings tbl_read() allocated in every row, then the array.  Accepts NULL. */
void tbl_rows_free(GArray *rows, const tbl_column *cols, size_t ncols);

/*
 * A file of several parts, each starting with a line "[name]": a table (as
 * above, its own header first) or a keyed record, lines "key<TAB>value"
 * where each key is one of COLS and fills one struct (a map style's page
 * layout next to its layer symbols, in one file a person can edit).
 */
typedef struct {
    const char *name;
    const tbl_column *cols;
    size_t ncols;
    gboolean required;
    /* A table: ROWS receives a GArray of ROW_SIZE-byte rows. */
    GArray **rows;
    size_t row_size;
    /* A keyed record (ROWS NULL): RECORD is filled in place, over the
     * defaults the caller put there (text and lists must be g_malloc'ed). */
    void *record;
} tbl_section;

/* Read every section of PATH.  An unknown section or key, a section given
 * twice, or a required one missing, is an error naming the file and line.
 * On failure, tables already read are returned in their ROWS (free them
 * with tbl_rows_free()) and records may be partly filled. */
gboolean tbl_read_sections(const char *path, const tbl_section *sections, size_t nsections,
                           GError **err);

/* Free the text and lists of a record filled by a keyed section. */
void tbl_record_clear(void *record, const tbl_column *cols, size_t ncols);

#endif
