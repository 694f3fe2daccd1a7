/*
 * report.c - report tables rendered as text, CSV or Markdown, and the
 * streaming JSON writer.  See report.h for the model.
 */
#include "report.h"
#include "sheetcell.h"

#include <math.h>
#include <string.h>

typedef struct {
    char *text;       /* NULL: empty cell */
    gboolean numeric; /* right-aligned */
} report_cell;

typedef struct {
    report_cell *cells; /* ncols cells */
    gboolean total;
} report_line;

struct vi_table {
    char *title;
    int ncols;
    char **headers; /* ncols strings */
    GArray *lines;  /* report_line */
    int fill;       /* next cell index in the last line */
    int group;      /* leading columns blanked when they repeat the row above */
};

struct vi_report {
    char *title;
    GPtrArray *notes;  /* char * */
    GPtrArray *tables; /* vi_table * */
};

static void table_free(gpointer data)
{
    vi_table *t = data;
    for (guint i = 0; i < t->lines->len; i++) {
        report_line *l = &g_array_index(t->lines, report_line, i);
        for (int c = 0; c < t->ncols; c++)
            g_free(l->cells[c].text);
        g_free(l->cells);
    }
    g_array_free(t->lines, TRUE);
    g_strfreev(t->headers);
    g_free(t->title);
    g_free(t);
}

vi_report *report_new(const char *title)
{
    vi_report *r = g_new0(vi_report, 1);
    r->title = g_strdup(title);
    r->notes = g_ptr_array_new_with_free_func(g_free);
    r->tables = g_ptr_array_new_with_free_func(table_free);
    return r;
}

void report_free(vi_report *r)
{
    if (!r)
        return;
    g_ptr_array_free(r->tables, TRUE);
    g_ptr_array_free(r->notes, TRUE);
    g_free(r->title);
    g_free(r);
}

void report_add_note(vi_report *r, const char *note)
{
    g_ptr_array_add(r->notes, g_strdup(note));
}

vi_table *report_add_table(vi_report *r, const char *title, int ncols, const char *const *headers)
{
    g_assert(ncols > 0);
    vi_table *t = g_new0(vi_table, 1);
    t->title = g_strdup(title);
    t->ncols = ncols;
    t->headers = g_new0(char *, ncols + 1);
    for (int c = 0; c < ncols; c++)
        t->headers[c] = g_strdup(headers[c] ? headers[c] : "");
    t->lines = g_array_new(FALSE, FALSE, sizeof(report_line));
    g_ptr_array_add(r->tables, t);
    return t;
}

void report_table_group(vi_table *t, int ncols)
{
    t->group = CLAMP(ncols, 0, t->ncols);
}

/* The text shown for cell C of line I in text and Markdown: NULL where a
 * grouped cell repeats the one above. */
static const char *shown_text(const vi_table *t, guint i, int c)
{
    const report_line *l = &g_array_index(t->lines, report_line, i);
    if (c >= t->group || i == 0 || l->total)
        return l->cells[c].text;
    const report_line *above = &g_array_index(t->lines, report_line, i - 1);
    if (above->total)
        return l->cells[c].text;
    for (int k = 0; k <= c; k++)
        if (g_strcmp0(l->cells[k].text, above->cells[k].text) != 0)
            return l->cells[c].text;
    return NULL;
}

static void add_line(vi_table *t, gboolean total)
{
    report_line l = {g_new0(report_cell, t->ncols), total};
    g_array_append_val(t->lines, l);
    t->fill = 0;
}

void report_row(vi_table *t)
{
    add_line(t, FALSE);
}

void report_total_row(vi_table *t)
{
    add_line(t, TRUE);
}

int report_table_rows(const vi_table *t)
{
    return (int)t->lines->len;
}

/* Takes ownership of TEXT. */
static void add_cell(vi_table *t, char *text, gboolean numeric)
{
    /* A cell before any row, or past the last column, is a programming error. */
    g_return_if_fail(t->lines->len > 0 && t->fill < t->ncols);
    report_line *l = &g_array_index(t->lines, report_line, t->lines->len - 1);
    l->cells[t->fill].text = text;
    l->cells[t->fill].numeric = numeric;
    t->fill++;
}

void report_text(vi_table *t, const char *text)
{
    add_cell(t, g_strdup(text), FALSE);
}

void report_empty(vi_table *t)
{
    add_cell(t, NULL, FALSE);
}

/* "-0.0" reads as a mistake in a report: print rounding-to-zero as zero. */
static void drop_negative_zero(char *s)
{
    if (s[0] != '-' || s[strspn(s + 1, "0.") + 1] != '\0')
        return;
    memmove(s, s + 1, strlen(s));
}

void report_number(vi_table *t, double value, int decimals)
{
    if (!isfinite(value)) {
        add_cell(t, g_strdup("—"), TRUE);
        return;
    }
    char *s = g_strdup_printf("%.*f", decimals, value);
    drop_negative_zero(s);
    add_cell(t, s, TRUE);
}

void report_int(vi_table *t, gint64 value)
{
    add_cell(t, g_strdup_printf("%" G_GINT64_FORMAT, value), TRUE);
}

int report_display_width(const char *text)
{
    if (!text)
        return 0;
    if (!g_utf8_validate(text, -1, NULL))
        return (int)strlen(text);
    int width = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_iszerowidth(c))
            continue;
        width += g_unichar_iswide(c) ? 2 : 1;
    }
    return width;
}

/* ---- plain text ---- */

static void pad(GString *out, int n)
{
    for (int i = 0; i < n; i++)
        g_string_append_c(out, ' ');
}

static void render_text_table(const vi_table *t, GString *out)
{
    int *width = g_new0(int, t->ncols);
    gboolean *numeric = g_new0(gboolean, t->ncols);
    for (int c = 0; c < t->ncols; c++)
        width[c] = report_display_width(t->headers[c]);
    for (guint i = 0; i < t->lines->len; i++) {
        const report_line *l = &g_array_index(t->lines, report_line, i);
        for (int c = 0; c < t->ncols; c++) {
            width[c] = MAX(width[c], report_display_width(l->cells[c].text));
            numeric[c] |= l->cells[c].numeric;
        }
    }
    int total_width = 0;
    for (int c = 0; c < t->ncols; c++)
        total_width += width[c] + (c ? 2 : 0);

    if (t->title)
        g_string_append_printf(out, "%s\n", t->title);
    /* One line of cells: numeric columns right-aligned, two spaces between
     * columns, no trailing blanks. */
    for (int pass = -1; pass < (int)t->lines->len; pass++) {
        const report_line *l = pass < 0 ? NULL : &g_array_index(t->lines, report_line, pass);
        /* A total straight under the header needs no second rule. */
        if (l && l->total && pass > 0) {
            for (int i = 0; i < total_width; i++)
                g_string_append_c(out, '-');
            g_string_append_c(out, '\n');
        }
        GString *line = g_string_new(NULL);
        for (int c = 0; c < t->ncols; c++) {
            const char *text = l ? shown_text(t, (guint)pass, c) : t->headers[c];
            int gap = width[c] - report_display_width(text);
            if (c)
                pad(line, 2);
            if (numeric[c])
                pad(line, gap);
            if (text)
                g_string_append(line, text);
            if (!numeric[c])
                pad(line, gap);
        }
        while (line->len && line->str[line->len - 1] == ' ')
            g_string_truncate(line, line->len - 1);
        g_string_append_printf(out, "%s\n", line->str);
        g_string_free(line, TRUE);
        if (!l) {
            for (int i = 0; i < total_width; i++)
                g_string_append_c(out, '-');
            g_string_append_c(out, '\n');
        }
    }
    g_free(numeric);
    g_free(width);
}

/* ---- CSV (RFC 4180) ---- */

/* TEXT quoted as RFC 4180 needs; a text cell (not NUMERIC) a spreadsheet
 * would run as a formula gets a ' before it (sheetcell.h). */
static void csv_field(GString *out, const char *text, gboolean numeric)
{
    if (!text)
        return;
    char *cell = numeric ? g_strdup(text) : sheet_text_cell(text);
    if (!strpbrk(cell, ",\"\r\n")) {
        g_string_append(out, cell);
        g_free(cell);
        return;
    }
    g_string_append_c(out, '"');
    for (const char *p = cell; *p; p++) {
        if (*p == '"')
            g_string_append_c(out, '"');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
    g_free(cell);
}

/* NUMERIC: per cell, or NULL for a line of text cells. */
static void csv_line(GString *out, char *const *texts, const gboolean *numeric, int n)
{
    for (int c = 0; c < n; c++) {
        if (c)
            g_string_append_c(out, ',');
        csv_field(out, texts[c], numeric && numeric[c]);
    }
    g_string_append_c(out, '\n');
}

static void render_csv_table(const vi_table *t, GString *out)
{
    if (t->title)
        csv_line(out, (char *const[]){t->title}, NULL, 1);
    csv_line(out, t->headers, NULL, t->ncols);
    char **texts = g_new0(char *, t->ncols);
    gboolean *numeric = g_new0(gboolean, t->ncols);
    for (guint i = 0; i < t->lines->len; i++) {
        const report_line *l = &g_array_index(t->lines, report_line, i);
        for (int c = 0; c < t->ncols; c++) {
            texts[c] = l->cells[c].text;
            numeric[c] = l->cells[c].numeric;
        }
        csv_line(out, texts, numeric, t->ncols);
    }
    g_free(numeric);
    g_free(texts);
}

/* ---- Markdown ---- */

static void md_cell(GString *out, const char *text, gboolean bold)
{
    g_string_append_c(out, ' ');
    if (text && *text) {
        if (bold)
            g_string_append(out, "**");
        for (const char *p = text; *p; p++) {
            if (*p == '|')
                g_string_append_c(out, '\\');
            g_string_append_c(out, *p == '\n' ? ' ' : *p);
        }
        if (bold)
            g_string_append(out, "**");
    }
    g_string_append(out, " |");
}

static void render_md_table(const vi_table *t, GString *out)
{
    if (t->title)
        g_string_append_printf(out, "### %s\n\n", t->title);
    gboolean *numeric = g_new0(gboolean, t->ncols);
    for (guint i = 0; i < t->lines->len; i++) {
        const report_line *l = &g_array_index(t->lines, report_line, i);
        for (int c = 0; c < t->ncols; c++)
            numeric[c] |= l->cells[c].numeric;
    }
    g_string_append_c(out, '|');
    for (int c = 0; c < t->ncols; c++)
        md_cell(out, t->headers[c], FALSE);
    g_string_append(out, "\n|");
    for (int c = 0; c < t->ncols; c++)
        g_string_append(out, numeric[c] ? "---:|" : "---|");
    g_string_append_c(out, '\n');
    for (guint i = 0; i < t->lines->len; i++) {
        const report_line *l = &g_array_index(t->lines, report_line, i);
        g_string_append_c(out, '|');
        for (int c = 0; c < t->ncols; c++)
            md_cell(out, shown_text(t, i, c), l->total);
        g_string_append_c(out, '\n');
    }
    g_free(numeric);
}

void report_render(const vi_report *r, vi_format format, GString *out)
{
    if (format == VI_FORMAT_CSV) {
        for (guint i = 0; i < r->tables->len; i++) {
            if (i)
                g_string_append_c(out, '\n');
            render_csv_table(g_ptr_array_index(r->tables, i), out);
        }
        return;
    }
    gboolean md = format == VI_FORMAT_MD;
    if (r->title)
        g_string_append_printf(out, md ? "## %s\n\n" : "%s\n", r->title);
    if (r->title && !md) {
        int w = report_display_width(r->title);
        for (int i = 0; i < w; i++)
            g_string_append_c(out, '=');
        g_string_append_c(out, '\n');
    }
    for (guint i = 0; i < r->notes->len; i++)
        g_string_append_printf(out, "%s\n", (char *)g_ptr_array_index(r->notes, i));
    gboolean lead = r->title || r->notes->len;
    for (guint i = 0; i < r->tables->len; i++) {
        if (lead || i)
            g_string_append_c(out, '\n');
        if (md)
            render_md_table(g_ptr_array_index(r->tables, i), out);
        else
            render_text_table(g_ptr_array_index(r->tables, i), out);
    }
}

/* ---- JSON ---- */

typedef struct {
    gboolean object;
    int count; /* members or elements written so far */
} json_level;

struct vi_json {
    GString *out;
    FILE *fp;
    GArray *stack;      /* json_level */
    gboolean after_key; /* a key was written; the value follows on the same line */
};

static void emit(vi_json *j, const char *s)
{
    if (j->out)
        g_string_append(j->out, s);
    else
        fputs(s, j->fp);
}

static void emit_c(vi_json *j, char c)
{
    if (j->out)
        g_string_append_c(j->out, c);
    else
        fputc(c, j->fp);
}

static json_level *top(vi_json *j)
{
    return j->stack->len ? &g_array_index(j->stack, json_level, j->stack->len - 1) : NULL;
}

static void newline_indent(vi_json *j, guint depth)
{
    emit_c(j, '\n');
    for (guint i = 0; i < depth; i++)
        emit(j, "  ");
}

/* Separator and indentation before a value or a key. */
static void before_item(vi_json *j)
{
    if (j->after_key) {
        j->after_key = FALSE;
        return;
    }
    json_level *l = top(j);
    if (!l)
        return;
    if (l->count++)
        emit_c(j, ',');
    newline_indent(j, j->stack->len);
}

vi_json *json_new(GString *out, FILE *fp)
{
    g_assert(out || fp);
    vi_json *j = g_new0(vi_json, 1);
    j->out = out;
    j->fp = fp;
    j->stack = g_array_new(FALSE, FALSE, sizeof(json_level));
    return j;
}

void json_free(vi_json *j)
{
    if (!j)
        return;
    g_warn_if_fail(j->stack->len == 0);
    emit_c(j, '\n');
    g_array_free(j->stack, TRUE);
    g_free(j);
}

static void begin(vi_json *j, gboolean object)
{
    before_item(j);
    emit_c(j, object ? '{' : '[');
    json_level l = {object, 0};
    g_array_append_val(j->stack, l);
}

static void end(vi_json *j, gboolean object)
{
    json_level *l = top(j);
    g_return_if_fail(l && l->object == object && !j->after_key);
    int count = l->count;
    g_array_set_size(j->stack, j->stack->len - 1);
    if (count)
        newline_indent(j, j->stack->len);
    emit_c(j, object ? '}' : ']');
}

void json_begin_object(vi_json *j)
{
    begin(j, TRUE);
}

void json_end_object(vi_json *j)
{
    end(j, TRUE);
}

void json_begin_array(vi_json *j)
{
    begin(j, FALSE);
}

void json_end_array(vi_json *j)
{
    end(j, FALSE);
}

static void write_string(vi_json *j, const char *s)
{
    GString *buf = g_string_new("\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            g_string_append(buf, "\\\"");
            break;
        case '\\':
            g_string_append(buf, "\\\\");
            break;
        case '\n':
            g_string_append(buf, "\\n");
            break;
        case '\r':
            g_string_append(buf, "\\r");
            break;
        case '\t':
            g_string_append(buf, "\\t");
            break;
        default:
            if (*p < 0x20)
                g_string_append_printf(buf, "\\u%04x", *p);
            else
                g_string_append_c(buf, (char)*p);
        }
    }
    g_string_append_c(buf, '"');
    emit(j, buf->str);
    g_string_free(buf, TRUE);
}

void json_key(vi_json *j, const char *key)
{
    json_level *l = top(j);
    g_return_if_fail(l && l->object && !j->after_key);
    before_item(j);
    write_string(j, key);
    emit(j, ": ");
    j->after_key = TRUE;
}

void json_string(vi_json *j, const char *s)
{
    if (!s) {
        json_null(j);
        return;
    }
    before_item(j);
    write_string(j, s);
}

void json_int(vi_json *j, gint64 v)
{
    before_item(j);
    char buf[32];
    g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, v);
    emit(j, buf);
}

/* V in the fixed format FMT ("%.3f") without trailing zeros: 1234.500 ->
 * 1234.5; 2.000 -> 2; -0.000 -> 0. */
static void emit_trimmed(vi_json *j, double v, const char *fmt)
{
    before_item(j);
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, fmt, v);
    size_t n = strlen(buf);
    while (n && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n && buf[n - 1] == '.')
        buf[--n] = '\0';
    drop_negative_zero(buf);
    emit(j, buf);
}

void json_number(vi_json *j, double v)
{
    if (!isfinite(v)) {
        json_null(j);
        return;
    }
    if (v == trunc(v) && fabs(v) < 1e15) {
        json_int(j, (gint64)v);
        return;
    }
    emit_trimmed(j, v, "%.3f");
}

void json_bool(vi_json *j, gboolean v)
{
    before_item(j);
    emit(j, v ? "true" : "false");
}

void json_null(vi_json *j)
{
    before_item(j);
    emit(j, "null");
}

/* coverage */
void json_degrees(vi_json *j, double degrees)
{
    if (!isfinite(degrees)) {
        json_null(j);
        return;
    }
    emit_trimmed(j, degrees, "%.7f");
}
