/*
 * table.c - tab-separated data tables, described by column arrays.
 * See table.h for the format and the ownership rules.
 */
#include "table.h"
#include "i18n.h"
#include "number.h"
#include "vi-error.h"

#include <limits.h>
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

/* "#rrggbb" or "#rrggbbaa" as 0xRRGGBBAA. */
static gboolean parse_colour(const char *s, guint32 *out)
{
    size_t n = strlen(s);
    if (s[0] != '#' || (n != 7 && n != 9))
        return FALSE;
    guint32 v = 0;
    for (size_t i = 1; i < n; i++) {
        int d = g_ascii_xdigit_value(s[i]);
        if (d < 0)
            return FALSE;
        v = v << 4 | (guint32)d;
    }
    *out = n == 7 ? v << 8 | 0xff : v;
    return TRUE;
}

/* WHAT is "column" in a table and "key" in a keyed section, for messages. */
static gboolean fill_cell(const char *path, int lineno, const char *what, const tbl_column *col,
                          const char *cell, char *row, GError **err)
{
    void *field = row + col->offset;
    gint64 whole;

    if (*cell == '\0') {
        if (col->required) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s' line %d: %s \"%s\": value required"),
                        path, lineno, what, col->name);
            return FALSE;
        }
        return TRUE;
    }
    switch (col->type) {
    case TBL_TEXT:
        g_free(*(char **)field); /* keyed sections overwrite defaults */
        *(char **)field = g_strdup(cell);
        return TRUE;
    case TBL_LIST:
        g_strfreev(*(char ***)field);
        *(char ***)field = split_list(cell);
        return TRUE;
    case TBL_COLOUR:
        if (parse_colour(cell, (guint32 *)field))
            return TRUE;
        g_set_error(
            err, VI_ERROR, VI_ERROR_DATA,
            _("'%s' line %d: %s \"%s\": expected a colour #rrggbb or #rrggbbaa, got \"%s\""), path,
            lineno, what, col->name, cell);
        return FALSE;
    case TBL_INT:
        if (vi_parse_int(cell, &whole) && whole >= LONG_MIN && whole <= LONG_MAX) {
            *(long *)field = (long)whole;
            return TRUE;
        }
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s' line %d: %s \"%s\": expected an integer, got \"%s\""), path, lineno,
                    what, col->name, cell);
        return FALSE;
    case TBL_REAL:
        if (vi_parse_real(cell, (double *)field))
            return TRUE;
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s' line %d: %s \"%s\": expected a number, got \"%s\""), path, lineno, what,
                    col->name, cell);
        return FALSE;
    case TBL_BOOL:
        if (parse_bool(cell, (gboolean *)field))
            return TRUE;
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s' line %d: %s \"%s\": expected yes or no, got \"%s\""), path, lineno,
                    what, col->name, cell);
        return FALSE;
    case TBL_LINENO:
        return TRUE;
    case TBL_ENUM:
        for (int i = 0; col->choices[i]; i++) {
            if (strcmp(col->choices[i], cell) == 0) {
                *(int *)field = i;
                return TRUE;
            }
        }
        {
            char *want = g_strjoinv(_(", "), (char **)col->choices);
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s' line %d: %s \"%s\": expected one of %s, got \"%s\""), path, lineno,
                        what, col->name, want, cell);
            g_free(want);
        }
        return FALSE;
    }
    return FALSE;
}

/* The line (from 1) of TEXT's first byte that is not valid UTF-8. */
static int utf8_error_line(const char *text)
{
    const char *end = NULL;
    g_utf8_validate(text, -1, &end);
    int line = 1;
    for (const char *p = text; p < end; p++)
        line += *p == '\n';
    return line;
}

/* Read the file at PATH as UTF-8 lines (CR stripped); NULL with ERR on failure. */
static char **load_lines(const char *path, GError **err)
{
    char *text = NULL;
    GError *ioerr = NULL;
    if (!g_file_get_contents(path, &text, NULL, &ioerr)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot read '%s': %s"), path, ioerr->message);
        g_error_free(ioerr);
        return NULL;
    }
    if (!g_utf8_validate(text, -1, NULL)) {
        g_set_error(
            err, VI_ERROR, VI_ERROR_DATA,
            _("'%s' line %d: expected UTF-8 text, got other bytes (save the file as UTF-8)"), path,
            utf8_error_line(text));
        g_free(text);
        return NULL;
    }
    char **lines = g_strsplit(text, "\n", -1);
    g_free(text);
    for (int li = 0; lines[li]; li++) {
        size_t len = strlen(lines[li]);
        if (len && lines[li][len - 1] == '\r')
            lines[li][len - 1] = '\0';
    }
    return lines;
}

static gboolean is_blank(const char *line)
{
    return line[0] == '#' || line[strspn(line, " \t")] == '\0';
}

/* Lines [FIRST, LAST) of PATH as a table with a header line. */
static gboolean read_table(const char *path, char **lines, int first, int last,
                           const tbl_column *cols, size_t ncols, size_t row_size, GArray **rows,
                           GError **err)
{
    int *colmap = NULL; /* header position -> index into cols */
    int nheader = 0;
    GArray *out = g_array_new(FALSE, TRUE, row_size);
    gboolean ok = FALSE;

    *rows = NULL;
    for (int li = first; li < last; li++) {
        if (is_blank(lines[li]))
            continue;
        char **cells = g_strsplit(lines[li], "\t", -1);
        int ncells = (int)g_strv_length(cells);
        if (!colmap) {
            nheader = ncells;
            colmap = g_new(int, nheader);
            for (int c = 0; c < nheader; c++) {
                g_strstrip(cells[c]);
                colmap[c] = -1;
                for (size_t k = 0; k < ncols; k++)
                    if (cols[k].type != TBL_LINENO && strcmp(cols[k].name, cells[c]) == 0)
                        colmap[c] = (int)k;
                if (colmap[c] < 0) {
                    g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                                _("'%s' line %d: unknown column \"%s\""), path, li + 1, cells[c]);
                    g_strfreev(cells);
                    goto out;
                }
            }
            for (size_t k = 0; k < ncols; k++) {
                gboolean seen = FALSE;
                for (int c = 0; c < nheader; c++)
                    seen |= colmap[c] == (int)k;
                if (cols[k].required && !seen) {
                    g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                                _("'%s' line %d: missing required column \"%s\""), path, li + 1,
                                cols[k].name);
                    g_strfreev(cells);
                    goto out;
                }
            }
            g_strfreev(cells);
            continue;
        }
        if (ncells > nheader) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s' line %d: %d cells but the header has %d columns"), path, li + 1,
                        ncells, nheader);
            g_strfreev(cells);
            goto out;
        }
        g_array_set_size(out, out->len + 1);
        char *row = out->data + (out->len - 1) * row_size;
        for (size_t k = 0; k < ncols; k++)
            if (cols[k].type == TBL_LINENO)
                *(int *)(row + cols[k].offset) = li + 1;
        for (int c = 0; c < nheader; c++) {
            const char *cell = c < ncells ? g_strstrip(cells[c]) : "";
            if (!fill_cell(path, li + 1, _("column"), &cols[colmap[c]], cell, row, err)) {
                g_strfreev(cells);
                goto out;
            }
        }
        g_strfreev(cells);
    }
    if (!colmap) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s': no header line"), path);
        goto out;
    }
    ok = TRUE;
out:
    if (ok)
        *rows = out;
    else
        tbl_rows_free(out, cols, ncols);
    g_free(colmap);
    return ok;
}

/* Lines [FIRST, LAST) of PATH as "key<TAB>value" lines filling RECORD. */
static gboolean read_keyed(const char *path, char **lines, int first, int last,
                           const tbl_column *cols, size_t ncols, void *record, GError **err)
{
    for (int li = first; li < last; li++) {
        if (is_blank(lines[li]))
            continue;
        char **cells = g_strsplit(lines[li], "\t", -1);
        int ncells = 0;
        for (int c = 0; cells[c]; c++)
            if (*g_strstrip(cells[c]))
                ncells = c + 1;
        const tbl_column *col = NULL;
        for (size_t k = 0; k < ncols && !col; k++)
            if (strcmp(cols[k].name, cells[0]) == 0)
                col = &cols[k];
        gboolean ok = FALSE;
        if (!col)
            g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s' line %d: unknown key \"%s\""), path,
                        li + 1, cells[0]);
        else if (ncells > 2)
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s' line %d: key \"%s\": expected one value after a tab"), path, li + 1,
                        cells[0]);
        else
            ok = fill_cell(path, li + 1, _("key"), col, ncells == 2 ? cells[1] : "", record, err);
        g_strfreev(cells);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

gboolean tbl_read(const char *path, const tbl_column *cols, size_t ncols, size_t row_size,
                  GArray **rows, GError **err)
{
    *rows = NULL;
    char **lines = load_lines(path, err);
    if (!lines)
        return FALSE;
    gboolean ok =
        read_table(path, lines, 0, (int)g_strv_length(lines), cols, ncols, row_size, rows, err);
    g_strfreev(lines);
    return ok;
}

/* The section name of a "[name]" line, or NULL (caller frees). */
static char *section_name(const char *line)
{
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
        n--;
    if (line[0] != '[' || n < 3 || line[n - 1] != ']')
        return NULL;
    return g_strndup(line + 1, n - 2);
}

gboolean tbl_read_sections(const char *path, const tbl_section *sections, size_t nsections,
                           GError **err)
{
    char **lines = load_lines(path, err);
    if (!lines)
        return FALSE;
    int nlines = (int)g_strv_length(lines);
    gboolean *seen = g_new0(gboolean, nsections);
    gboolean ok = TRUE;
    for (int li = 0; ok && li < nlines;) {
        if (is_blank(lines[li])) {
            li++;
            continue;
        }
        char *name = section_name(lines[li]);
        const tbl_section *sec = NULL;
        size_t si = 0;
        for (; name && si < nsections && !sec; si++)
            if (strcmp(sections[si].name, name) == 0)
                sec = &sections[si];
        if (!sec) {
            GString *want = g_string_new(NULL);
            for (size_t k = 0; k < nsections; k++)
                g_string_append_printf(want, "%s[%s]", k ? _(", ") : "", sections[k].name);
            if (name)
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("'%s' line %d: unknown section \"[%s]\" (expected %s)"), path, li + 1,
                            name, want->str);
            else
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("'%s' line %d: expected a section line such as %s"), path, li + 1,
                            want->str);
            g_string_free(want, TRUE);
            g_free(name);
            ok = FALSE;
            break;
        }
        g_free(name);
        si--;
        if (seen[si]) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s' line %d: section [%s] given twice"),
                        path, li + 1, sec->name);
            ok = FALSE;
            break;
        }
        seen[si] = TRUE;
        int first = ++li;
        while (li < nlines) {
            char *next = section_name(lines[li]);
            g_free(next);
            if (next)
                break;
            li++;
        }
        if (sec->rows)
            ok = read_table(path, lines, first, li, sec->cols, sec->ncols, sec->row_size, sec->rows,
                            err);
        else
            ok = read_keyed(path, lines, first, li, sec->cols, sec->ncols, sec->record, err);
    }
    for (size_t k = 0; ok && k < nsections; k++) {
        if (sections[k].required && !seen[k]) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s': missing section [%s]"), path,
                        sections[k].name);
            ok = FALSE;
        }
    }
    g_free(seen);
    g_strfreev(lines);
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

void tbl_record_clear(void *record, const tbl_column *cols, size_t ncols)
{
    for (size_t k = 0; k < ncols; k++) {
        char *field = (char *)record + cols[k].offset;
        if (cols[k].type == TBL_TEXT)
            g_clear_pointer((char **)field, g_free);
        else if (cols[k].type == TBL_LIST)
            g_clear_pointer((char ***)field, g_strfreev);
    }
}
