/*
 * table.c - tab-separated data tables, described by column arrays.
 * See table.h for the format and the ownership rules.
 */
#include "table.h"
#include "vi-error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static gboolean parse_bool(const char *s, gboolean *out)
{
    static const char *const yes[] = {"yes", "true", "1", NULL};
    static const char *const no[] = {"no", "false", "0", NULL};
    for (int i = 0; yes[i]; i++)
        if (g_ascii_strcasecmp(s, yes[i]) == 0)
            return *out = TRUE, TRUE;
    for (int i = 0; no[i]; i++)
        if (g_ascii_strcasecmp(s, no[i]) == 0)
            return *out = FALSE, TRUE;
    return FALSE;
}

static char **split_list(const char *s)
{
    char **parts = g_strsplit(s, ",", -1);
    for (int i = 0; parts[i]; i++)
        g_strstrip(parts[i]);
    return parts;
}

static gboolean fill_cell(const char *path, int lineno, const tbl_column *col, const char *cell,
                          char *row, GError **err)
{
    void *field = row + col->offset;
    char *end;

    if (*cell == '\0') {
        if (col->required) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA, "'%s' line %d: column \"%s\": value required",
                        path, lineno, col->name);
            return FALSE;
        }
        return TRUE;
    }
    switch (col->type) {
    case TBL_TEXT:
        *(char **)field = g_strdup(cell);
        return TRUE;
    case TBL_LIST:
        *(char ***)field = split_list(cell);
        return TRUE;
    case TBL_INT:
        errno = 0;
        *(long *)field = strtol(cell, &end, 10);
        if (errno == 0 && *end == '\0')
            return TRUE;
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    "'%s' line %d: column \"%s\": expected an integer, got \"%s\"", path, lineno,
                    col->name, cell);
        return FALSE;
    case TBL_REAL:
        *(double *)field = g_ascii_strtod(cell, &end);
        if (*end == '\0')
            return TRUE;
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    "'%s' line %d: column \"%s\": expected a number, got \"%s\"", path, lineno,
                    col->name, cell);
        return FALSE;
    case TBL_BOOL:
        if (parse_bool(cell, (gboolean *)field))
            return TRUE;
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    "'%s' line %d: column \"%s\": expected yes or no, got \"%s\"", path, lineno,
                    col->name, cell);
        return FALSE;
    case TBL_ENUM:
        for (int i = 0; col->choices[i]; i++) {
            if (strcmp(col->choices[i], cell) == 0) {
                *(int *)field = i;
                return TRUE;
            }
        }
        {
            char *want = g_strjoinv(", ", (char **)col->choices);
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        "'%s' line %d: column \"%s\": expected one of %s, got \"%s\"", path,
                        lineno, col->name, want, cell);
            g_free(want);
        }
        return FALSE;
    }
    return FALSE;
}

gboolean tbl_read(const char *path, const tbl_column *cols, size_t ncols, size_t row_size,
                  GArray **rows, GError **err)
{
    char *text = NULL;
    char **lines = NULL;
    int *colmap = NULL; /* header position -> index into cols */
    int nheader = 0;
    GArray *out = NULL;
    GError *ioerr = NULL;
    gboolean ok = FALSE;

    *rows = NULL;
    if (!g_file_get_contents(path, &text, NULL, &ioerr)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, "cannot read '%s': %s", path, ioerr->message);
        g_error_free(ioerr);
        return FALSE;
    }
    if (!g_utf8_validate(text, -1, NULL)) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, "'%s': not valid UTF-8", path);
        goto done;
    }
    out = g_array_new(FALSE, TRUE, row_size);
    lines = g_strsplit(text, "\n", -1);
    for (int li = 0; lines[li]; li++) {
        char *line = lines[li];
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
            continue;
        char **cells = g_strsplit(line, "\t", -1);
        int ncells = (int)g_strv_length(cells);
        if (!colmap) {
            nheader = ncells;
            colmap = g_new(int, nheader);
            for (int c = 0; c < nheader; c++) {
                g_strstrip(cells[c]);
                colmap[c] = -1;
                for (size_t k = 0; k < ncols; k++)
                    if (strcmp(cols[k].name, cells[c]) == 0)
                        colmap[c] = (int)k;
                if (colmap[c] < 0) {
                    g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                                "'%s' line %d: unknown column \"%s\"", path, li + 1, cells[c]);
                    g_strfreev(cells);
                    goto done;
                }
            }
            for (size_t k = 0; k < ncols; k++) {
                gboolean seen = FALSE;
                for (int c = 0; c < nheader; c++)
                    seen |= colmap[c] == (int)k;
                if (cols[k].required && !seen) {
                    g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                                "'%s' line %d: missing required column \"%s\"", path, li + 1,
                                cols[k].name);
                    g_strfreev(cells);
                    goto done;
                }
            }
            g_strfreev(cells);
            continue;
        }
        if (ncells > nheader) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        "'%s' line %d: %d cells but the header has %d columns", path, li + 1,
                        ncells, nheader);
            g_strfreev(cells);
            goto done;
        }
        g_array_set_size(out, out->len + 1);
        char *row = out->data + (out->len - 1) * row_size;
        for (int c = 0; c < nheader; c++) {
            const char *cell = c < ncells ? g_strstrip(cells[c]) : "";
            if (!fill_cell(path, li + 1, &cols[colmap[c]], cell, row, err)) {
                g_strfreev(cells);
                goto done;
            }
        }
        g_strfreev(cells);
    }
    if (!colmap) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, "'%s': no header line", path);
        goto done;
    }
    ok = TRUE;
done:
    if (ok)
        *rows = out;
    else
        tbl_rows_free(out, cols, ncols);
    g_free(colmap);
    g_strfreev(lines);
    g_free(text);
    return ok;
}

void tbl_rows_free(GArray *rows, const tbl_column *cols, size_t ncols)
{
    if (!rows)
        return;
    size_t row_size = g_array_get_element_size(rows);
    for (guint r = 0; r < rows->len; r++) {
        char *row = rows->data + r * row_size;
        for (size_t k = 0; k < ncols; k++) {
            if (cols[k].type == TBL_TEXT)
                g_free(*(char **)(row + cols[k].offset));
            else if (cols[k].type == TBL_LIST)
                g_strfreev(*(char ***)(row + cols[k].offset));
        }
    }
    g_array_free(rows, TRUE);
}
