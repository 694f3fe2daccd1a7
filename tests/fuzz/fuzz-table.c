/*
 * fuzz-table.c - the data table reader (table.c): tbl_read() and
 * tbl_read_sections() on any bytes, with a column of every type.  Either
 * reads the file or returns an error naming it; never crashes or leaks.
 */
#include "fuzz.h"
#include "table.h"

#include <stddef.h>
#include <string.h>

typedef struct {
    char *name;
    long count;
    double size;
    gboolean shown;
    char **tags;
    int kind;
    guint32 colour;
} row;

static const char *const kinds[] = {"point", "line", "polygon", NULL};
static const tbl_column cols[] = {
    {"name", TBL_TEXT, offsetof(row, name), TRUE, NULL},
    {"count", TBL_INT, offsetof(row, count), FALSE, NULL},
    {"size", TBL_REAL, offsetof(row, size), FALSE, NULL},
    {"shown", TBL_BOOL, offsetof(row, shown), FALSE, NULL},
    {"tags", TBL_LIST, offsetof(row, tags), FALSE, NULL},
    {"kind", TBL_ENUM, offsetof(row, kind), FALSE, kinds},
    {"colour", TBL_COLOUR, offsetof(row, colour), FALSE, NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("table.tsv", data, size);
    GArray *rows = NULL;
    GError *err = NULL;
    if (tbl_read(path, cols, G_N_ELEMENTS(cols), sizeof(row), &rows, &err)) {
        if (err)
            fuzz_fail("tbl_read succeeded with an error set");
        for (guint i = 0; i < rows->len; i++) {
            const row *r = &g_array_index(rows, row, i);
            if (!r->name)
                fuzz_fail("row %u: a required column is empty", i);
            if (r->kind < 0 || r->kind > 2)
                fuzz_fail("row %u: enum value %d", i, r->kind);
        }
        tbl_rows_free(rows, cols, G_N_ELEMENTS(cols));
    } else {
        if (!err || !strstr(err->message, path))
            fuzz_fail("tbl_read failed without an error naming the file");
        if (rows)
            fuzz_fail("tbl_read failed but returned rows");
        g_clear_error(&err);
    }

    /* The same bytes as a file of sections: [items] a table, [page] a record. */
    GArray *items = NULL;
    row page = {0};
    page.name = g_strdup("default");
    const tbl_section sections[] = {
        {"items", cols, G_N_ELEMENTS(cols), FALSE, &items, sizeof(row), NULL},
        {"page", cols, G_N_ELEMENTS(cols), FALSE, NULL, 0, &page},
    };
    if (!tbl_read_sections(path, sections, G_N_ELEMENTS(sections), &err)) {
        if (!err || !strstr(err->message, path))
            fuzz_fail("tbl_read_sections failed without an error naming the file");
        g_clear_error(&err);
    }
    tbl_rows_free(items, cols, G_N_ELEMENTS(cols));
    tbl_record_clear(&page, cols, G_N_ELEMENTS(cols));
    return 0;
}
