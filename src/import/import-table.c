/*
 * import-table.c - spreadsheets (XLSX, ODS) and CSV files as offices make
 * them (import-table.h).
 *
 * A county sheet opens with a title (上雷村路灯统计表, often merged across
 * the columns), maybe a line saying who filled it in, blank rows, and only
 * then the header; below the data come blank rows, totals (合计, 小计) and
 * notes (填表人：张三).  GDAL takes the first row for the header.  So the
 * table is read again with GDAL's header detection off, and:
 * - the header is the first of the top rows (HEADER_SCAN) with at least two
 *   cells, three fifths as many as the fullest of them, mostly not numbers,
 *   and no title word (data/sheet-words.tsv): a title is one cell, a "who
 *   and when" line a few;
 * - below it, blank rows, totals rows (a first cell that is a totals word of
 *   data/totals.tsv, or a sparse row whose first cell starts or ends with
 *   one: 2019年合计) and sparse note rows (data/sheet-words.tsv) are skipped
 *   and named in the summary;
 * - the data rows become the features of an in-memory layer ("Memory"
 *   driver) whose fields are the header's cells, each feature's FID the row
 *   number the spreadsheet shows (a CSV's line), so that errors say "row 22,
 *   column D (经度)".  Values stay the file's bytes: the import decodes them
 *   as for any source.
 * - ODK Central and KoboToolbox exports name their columns after the form's
 *   groups (meta-instanceID, location/Longitude): the prefixes are cut where
 *   the names stay unique, and instanceID is the id.
 * A sheet is a sheet of the workbook; a workbook with several sheets holding
 * rows is refused until --sheet names one.
 */
#include "i18n.h"
#include "import-table.h"
#include "import-common.h"
#include "table.h"
#include "totals.h"
#include "vi-error.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Rows searched for the header. */
#define HEADER_SCAN 30

struct import_table {
    gboolean workbook; /* XLSX or ODS: columns have letters */
};

enum { WORD_TITLE, WORD_NOTE };
typedef struct {
    char *word;
    int kind;
} sheet_word;

static const char *const word_kinds[] = {"title", "note", NULL};
static const tbl_column sheet_word_cols[] = {
    {"word", TBL_TEXT, offsetof(sheet_word, word), TRUE, NULL},
    {"kind", TBL_ENUM, offsetof(sheet_word, kind), TRUE, word_kinds},
};

/* One row of a sheet: its number and its cells as in the file. */
typedef struct {
    gint64 number;
    int ncols;
    char **raw;  /* ncols cells (owned, NULL when empty) */
    char **text; /* the same as UTF-8 (owned, NULL when empty) */
    int filled;  /* non-empty cells */
    int numbers; /* of them, numbers */
    int first;   /* the first non-empty cell, or -1 */
} sheet_row;

typedef struct {
    char *name; /* owned */
    int ncols;
    GPtrArray *rows; /* sheet_row * */
    int header;      /* index into rows, or -1 */
    int body;        /* the first row below the header (a header of two rows: two below) */
    gint64 data;     /* rows below the header that hold data */
} sheet;

typedef struct {
    const char *path;
    const char *recode_from;
    GArray *words; /* sheet_word */
    vi_totals *totals;
    gboolean workbook;
    gboolean ledger; /* totals rows go to the ledger's list: they are no projects */
} table_reader;

static void sheet_row_free(gpointer p)
{
    sheet_row *r = p;
    for (int i = 0; i < r->ncols; i++) {
        g_free(r->raw[i]);
        g_free(r->text[i]);
    }
    g_free(r->raw);
    g_free(r->text);
    g_free(r);
}

static void sheet_free(gpointer p)
{
    sheet *s = p;
    g_free(s->name);
    g_ptr_array_unref(s->rows);
    g_free(s);
}

gboolean import_table_applies(const char *driver)
{
    return strcmp(driver, "CSV") == 0 || strcmp(driver, "XLSX") == 0 || strcmp(driver, "ODS") == 0;
}

/* "D" for column 3, "AA" for 26. */
static char *column_letter(int i)
{
    char buf[16];
    int n = sizeof buf - 1;
    buf[n] = '\0';
    for (i++; i > 0 && n > 0; i = (i - 1) / 26)
        buf[--n] = (char)('A' + (i - 1) % 26);
    return g_strdup(buf + n);
}

char *import_table_column(const import_table *t, int field, const char *name)
{
    if (!t->workbook)
        return g_strdup_printf(_("column %s"), name);
    char *letter = column_letter(field);
    char *s = strcmp(letter, name) == 0 ? g_strdup_printf(_("column %s"), name)
                                        : g_strdup_printf(_("column %s (%s)"), letter, name);
    g_free(letter);
    return s;
}

void import_table_free(import_table *t)
{
    g_free(t);
}

char *import_table_txt(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || g_ascii_strcasecmp(dot, ".txt") != 0)
        return NULL;
    /* Prose is no table: a table's first line separates its cells. */
    FILE *fp = fopen(path, "rb");
    char line[4096] = "";
    gboolean table = fp && fgets(line, sizeof line, fp) && strpbrk(line, ",;\t");
    if (fp)
        fclose(fp);
    return table ? g_strdup_printf("CSV:%s", path) : NULL;
}

char *import_table_titled_csv(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || g_ascii_strcasecmp(dot, ".csv") != 0)
        return NULL;
    char *bytes = NULL;
    gsize size = 0;
    if (!g_file_get_contents(path, &bytes, &size, NULL))
        return NULL;
    /* The lines above the first that separates cells, and its separator. */
    const char *end = bytes + size, *line = bytes, *table = NULL;
    char separator = 0;
    int separators = 0; /* in that line: GDAL reads as many cells as the first line has */
    for (int n = 0; line < end && n < HEADER_SCAN && !table; n++) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        size_t len = eol ? (size_t)(eol - line) : (size_t)(end - line);
        const char *sep = NULL;
        for (size_t i = 0; i < len && !sep; i++)
            if (line[i] == ',' || line[i] == ';' || line[i] == '\t')
                sep = line + i;
        if (sep) {
            table = line;
            separator = *sep;
            gboolean quoted = FALSE;
            for (size_t i = 0; i < len; i++) {
                quoted = line[i] == '"' ? !quoted : quoted;
                separators += !quoted && line[i] == separator;
            }
        } else {
            line = eol ? eol + 1 : end;
        }
    }
    if (!table || table == bytes) {
        g_free(bytes);
        return NULL;
    }
    /* Each title line ends with a separator, so that GDAL reads it as a row
     * of as many cells as the header; the lines (and so the rows' numbers)
 * stay as they are. */
    GString *copy = g_string_sized_new(size + HEADER_SCAN);
    for (line = bytes; line < table;) {
        const char *eol = memchr(line, '\n', (size_t)(table - line));
        size_t len = (size_t)(eol - line);
        size_t cr = len > 0 && line[len - 1] == '\r';
        g_string_append_len(copy, line, (gssize)(len - cr));
        for (int i = 0; len - cr > 0 && i < separators; i++)
            g_string_append_c(copy, separator);
        g_string_append_len(copy, line + len - cr, (gssize)cr + 1);
        line = eol + 1;
    }
    g_string_append_len(copy, table, end - table);
    g_free(bytes);
    static gint serial;
    /* In a folder of its own, under the file's own name: GDAL names the
     * layer after the file, and the layer's name says where it goes. */
    char *base = g_path_get_basename(path);
    char *name = g_strdup_printf("/vsimem/vinfra-titled-%d-%d/%s", (int)getpid(),
                                 g_atomic_int_add(&serial, 1), base);
    g_free(base);
    /* GDAL owns the buffer, and frees it with the file. */
    GByte *buf = CPLMalloc(copy->len);
    memcpy(buf, copy->str, copy->len);
    VSILFILE *fp = VSIFileFromMemBuffer(name, buf, copy->len, TRUE);
    g_string_free(copy, TRUE);
    if (!fp) {
        g_free(name);
        return NULL;
    }
    VSIFCloseL(fp);
    return name;
}

void import_table_titled_release(char *name)
{
    if (!name)
        return;
    VSIUnlink(name);
    g_free(name);
}

/* Does CELL, without spaces, start with a word of KIND? */
static gboolean has_word(const table_reader *tr, const char *cell, int kind)
{
    if (!cell)
        return FALSE;
    char *bare = vi_totals_bare(cell);
    gboolean hit = FALSE;
    for (guint i = 0; i < tr->words->len && !hit; i++) {
        const sheet_word *w = &g_array_index(tr->words, sheet_word, i);
        hit = w->kind == kind && g_str_has_prefix(bare, w->word);
    }
    g_free(bare);
    return hit;
}

/* The line of the file each CSV record starts on (GDAL skips empty lines),
 * or NULL when the file cannot be read. */
static GArray *csv_record_lines(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    GArray *lines = g_array_new(FALSE, FALSE, sizeof(gint64));
    gboolean quoted = FALSE;
    gint64 line = 0;
    char *buf = NULL;
    size_t size = 0;
    ssize_t n;
    while ((n = getline(&buf, &size, fp)) >= 0) {
        line++;
        size_t len = strcspn(buf, "\r\n");
        if (!quoted && len > 0)
            g_array_append_val(lines, line);
        for (size_t i = 0; i < (size_t)n; i++)
            if (buf[i] == '"')
                quoted = !quoted;
    }
    free(buf);
    fclose(fp);
    return lines;
}

/* Read every row of LAYER into a sheet. */
static sheet *read_sheet(const table_reader *tr, OGRLayerH layer, GArray *lines)
{
    sheet *s = g_new0(sheet, 1);
    s->name = g_strdup(OGR_L_GetName(layer));
    s->ncols = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(layer));
    s->rows = g_ptr_array_new_with_free_func(sheet_row_free);
    s->header = -1;
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    gint64 position = 0;
    while ((f = OGR_L_GetNextFeature(layer))) {
        position++;
        sheet_row *r = g_new0(sheet_row, 1);
        r->number = lines && position <= (gint64)lines->len
                        ? g_array_index(lines, gint64, position - 1)
                        : position;
        r->ncols = s->ncols;
        r->raw = g_new0(char *, s->ncols + 1);
        r->text = g_new0(char *, s->ncols + 1);
        r->first = -1;
        for (int i = 0; i < s->ncols; i++) {
            if (!OGR_F_IsFieldSetAndNotNull(f, i))
                continue;
            const char *raw = OGR_F_GetFieldAsString(f, i);
            char *text = import_text_decode(raw, tr->recode_from);
            if (!text) /* judged (and refused) by the import, like any value */
                text = g_utf8_make_valid(raw, -1);
            g_strstrip(text);
            if (!*text) {
                g_free(text);
                continue;
            }
            r->raw[i] = g_strdup(raw);
            r->text[i] = text;
            r->filled++;
            double d;
            if (import_parse_real(text, &d))
                r->numbers++;
            if (r->first < 0)
                r->first = i;
        }
        OGR_F_Destroy(f);
        g_ptr_array_add(s->rows, r);
    }
    /* A CSV whose records the line count did not find (a quote left open):
     * number them by position rather than wrongly. */
    if (lines && (gint64)lines->len != position)
        for (guint i = 0; i < s->rows->len; i++)
            ((sheet_row *)s->rows->pdata[i])->number = i + 1;
    return s;
}

/* The header: see the file's comment. */
static void find_header(const table_reader *tr, sheet *s)
{
    int widest = 0;
    guint scan = MIN(s->rows->len, HEADER_SCAN);
    for (guint i = 0; i < scan; i++)
        widest = MAX(widest, ((sheet_row *)s->rows->pdata[i])->filled);
    for (guint i = 0; i < scan && s->header < 0; i++) {
        sheet_row *r = s->rows->pdata[i];
        gboolean title = FALSE;
        for (int c = 0; c < s->ncols && !title; c++)
            title = has_word(tr, r->text[c], WORD_TITLE);
        if (r->filled >= 2 && r->filled * 5 >= widest * 3 && r->numbers * 2 < r->filled && !title)
            s->header = (int)i;
    }
    for (guint i = 0; i < s->rows->len && s->header < 0; i++)
        if (((sheet_row *)s->rows->pdata[i])->filled > 0)
            s->header = (int)i;
    s->body = s->header + 1;
    /* A header of two rows: 坐标 merged over 经度 and 纬度, the row below
     * naming what the merged cell leaves empty, and no numbers in it. */
    if (s->header >= 0 && (guint)s->header + 2 < s->rows->len) {
        sheet_row *h = s->rows->pdata[s->header], *below = s->rows->pdata[s->header + 1];
        gboolean fills = FALSE;
        for (int c = 0; c < s->ncols; c++)
            fills = fills || (!h->raw[c] && below->raw[c]);
        if (fills && below->numbers == 0 && !has_word(tr, below->text[below->first], WORD_NOTE))
            s->body = s->header + 2;
    }
}

enum { ROW_DATA, ROW_BLANK, ROW_TOTAL, ROW_NOTE };

/* What row R (of NCOLS cells) below header H is. */
static int row_kind(const table_reader *tr, int ncols, const sheet_row *h, const sheet_row *r)
{
    if (r->filled == 0)
        return ROW_BLANK;
    /* The first cell that is not a number: 合计 may follow a sum. */
    const char *first = NULL;
    double d;
    for (int c = r->first; c >= 0 && c < ncols && !first; c++)
        if (r->text[c] && !import_parse_real(r->text[c], &d))
            first = r->text[c];
    if (!first)
        return ROW_DATA;
    /* Few cells: no position, no attributes of a feature. */
    gboolean sparse = r->filled * 2 <= h->filled;
    if (vi_totals_word(tr->totals, first, FALSE) ||
        (sparse && vi_totals_word(tr->totals, first, TRUE)))
        return ROW_TOTAL;
    if (sparse && has_word(tr, first, WORD_NOTE))
        return ROW_NOTE;
    return ROW_DATA;
}

/* ODK Central (meta-instanceID, KEY, SubmissionDate) or KoboToolbox
 * (meta/instanceID, _uuid, _submission_time) export headers? */
static gboolean odk_export(char *const *names, int n)
{
    static const char *const marks[] = {"instanceID", "KEY", "SubmissionDate", "_uuid",
                                        "_submission_time"};
    for (int i = 0; i < n; i++) {
        if (!names[i])
            continue;
        const char *leaf = strrchr(names[i], '/')   ? strrchr(names[i], '/') + 1
                           : strrchr(names[i], '-') ? strrchr(names[i], '-') + 1
                                                    : names[i];
        for (size_t k = 0; k < G_N_ELEMENTS(marks); k++)
            if (strcmp(leaf, marks[k]) == 0)
                return TRUE;
    }
    return FALSE;
}

/* Cut the group prefixes of an ODK export's NAMES (N, some NULL) where the
 * cut name stays unique, and make instanceID (or KEY, _uuid) the id. */
static void odk_names(char **names, int n)
{
    char **leaf = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++) {
        if (!names[i])
            continue;
        const char *slash = strrchr(names[i], '/'), *dash = strrchr(names[i], '-');
        const char *cut = slash && (!dash || slash > dash) ? slash : dash;
        leaf[i] = g_strdup(cut && cut[1] ? cut + 1 : names[i]);
    }
    gboolean has_id = FALSE;
    for (int i = 0; i < n; i++) {
        gboolean unique = leaf[i] != NULL;
        for (int j = 0; j < n && unique; j++)
            unique = j == i || !leaf[j] || g_ascii_strcasecmp(leaf[i], leaf[j]) != 0;
        if (unique) {
            g_free(names[i]);
            names[i] = g_strdup(leaf[i]);
        }
        has_id = has_id || (names[i] && (g_ascii_strcasecmp(names[i], "id") == 0 ||
                                         strcmp(names[i], "编号") == 0));
    }
    static const char *const ids[] = {"instanceID", "KEY", "_uuid"};
    for (size_t k = 0; k < G_N_ELEMENTS(ids) && !has_id; k++)
        for (int i = 0; i < n && !has_id; i++)
            if (names[i] && strcmp(names[i], ids[k]) == 0) {
                g_free(names[i]);
                names[i] = g_strdup("id");
                has_id = TRUE;
            }
    g_strfreev(leaf);
}

/* "7、9" (zh) or "7, 9" (en) (caller frees). */
static char *rows_text(GArray *rows)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < rows->len; i++)
        g_string_append_printf(s, "%s%" G_GINT64_FORMAT, i ? _(", ") : "",
                               g_array_index(rows, gint64, i));
    return g_string_free(s, FALSE);
}

/* The summary's words on the rows skipped: "；表头在第 3 行；第 7 行为空，已跳过". */
static char *table_note(const sheet_row *header, GArray *titles, GArray *kinds[4])
{
    GString *s = g_string_new(NULL);
    if (header && header->number > 1) {
        g_string_append_printf(s, _("; the header is row %" PRId64), header->number);
        if (titles->len) {
            char *list = rows_text(titles);
            g_string_append_printf(
                s, NG_(", row %s its title", ", rows %s are its titles", titles->len), list);
            g_free(list);
        }
    }
    for (int k = ROW_BLANK; k <= ROW_NOTE; k++) {
        GArray *rows = kinds[k];
        if (!rows->len)
            continue;
        char *list = rows_text(rows);
        const char *fmt =
            k == ROW_BLANK
                ? NG_("; row %s is empty: skipped", "; rows %s are empty: skipped", rows->len)
            : k == ROW_TOTAL
                ? NG_("; row %s is a total: skipped", "; rows %s are totals: skipped", rows->len)
                : NG_("; row %s is a note: skipped", "; rows %s are notes: skipped", rows->len);
        g_string_append_printf(s, fmt, list);
        g_free(list);
    }
    if (s->len)
        return g_string_free(s, FALSE);
    g_string_free(s, TRUE);
    return NULL;
}

/* Copy the data rows of S into a new layer of MEM; RES counts the rows
 * skipped and receives the note naming them. */
static gboolean build_layer(const table_reader *tr, sheet *s, GDALDatasetH mem,
                            vi_import_result *res, GError **err)
{
    OGRLayerH out = GDALDatasetCreateLayer(mem, s->name, NULL, wkbNone, NULL);
    sheet_row *h = s->header >= 0 ? s->rows->pdata[s->header] : NULL;
    sheet_row *h2 = h && s->body > s->header + 1 ? s->rows->pdata[s->header + 1] : NULL;
    char **names = g_new0(char *, s->ncols + 1);
    for (int i = 0; i < s->ncols; i++) {
        const char *cell = h2 && h2->raw[i] ? h2->raw[i] : h ? h->raw[i] : NULL;
        names[i] = cell ? g_strstrip(g_strdup(cell)) : NULL;
    }
    if (odk_export(names, s->ncols))
        odk_names(names, s->ncols);
    gboolean ok = out != NULL;
    for (int i = 0; ok && i < s->ncols; i++) {
        char *name = names[i] ? g_strdup(names[i]) : column_letter(i);
        OGRFieldDefnH fd = OGR_Fld_Create(name, OFTString);
        ok = OGR_L_CreateField(out, fd, FALSE) == OGRERR_NONE;
        OGR_Fld_Destroy(fd);
        g_free(name);
    }
    for (int i = 0; i < s->ncols; i++)
        g_free(names[i]);
    g_free(names);
    GArray *titles = g_array_new(FALSE, FALSE, sizeof(gint64)), *kinds[4];
    for (int k = 0; k < 4; k++)
        kinds[k] = g_array_new(FALSE, FALSE, sizeof(gint64));
    for (int i = 0; h && i < s->header; i++) {
        sheet_row *r = s->rows->pdata[i];
        if (r->filled)
            g_array_append_val(titles, r->number);
    }
    OGRFeatureDefnH defn = ok ? OGR_L_GetLayerDefn(out) : NULL;
    for (guint i = h ? (guint)s->body : 0; ok && h && i < s->rows->len; i++) {
        sheet_row *r = s->rows->pdata[i];
        int kind = row_kind(tr, s->ncols, h, r);
        if (kind == ROW_TOTAL && tr->ledger) {
            char *list =
                g_strdup_printf("%s%s%" G_GINT64_FORMAT, res->totals_rows ? res->totals_rows : "",
                                res->totals_rows ? ", " : "", r->number);
            g_free(res->totals_rows);
            res->totals_rows = list;
        } else if (kind != ROW_DATA) {
            g_array_append_val(kinds[kind], r->number);
        }
        if (kind != ROW_DATA) {
            res->read++;
            res->skipped++;
            continue;
        }
        OGRFeatureH f = OGR_F_Create(defn);
        OGR_F_SetFID(f, r->number);
        for (int c = 0; c < s->ncols; c++)
            if (r->raw[c])
                OGR_F_SetFieldString(f, c, r->raw[c]);
        ok = OGR_L_CreateFeature(out, f) == OGRERR_NONE;
        OGR_F_Destroy(f);
    }
    if (!ok)
        import_set_error(err, VI_ERROR_DATA, tr->path, _("cannot copy sheet \"%s\": %s"), s->name,
                         CPLGetLastErrorMsg());
    else
        res->table_note = table_note(h, titles, kinds);
    g_array_free(titles, TRUE);
    for (int k = 0; k < 4; k++)
        g_array_free(kinds[k], TRUE);
    return ok;
}

/* How many rows below its header S holds data in. */
static gint64 data_rows(const table_reader *tr, sheet *s)
{
    find_header(tr, s);
    if (s->header < 0)
        return 0;
    gint64 n = 0;
    for (guint i = (guint)s->body; i < s->rows->len; i++)
        n += row_kind(tr, s->ncols, s->rows->pdata[s->header], s->rows->pdata[i]) == ROW_DATA;
    return n;
}

/* "路灯 (12 rows), 备注 (0 rows)". */
static char *sheet_list(GPtrArray *sheets)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < sheets->len; i++) {
        sheet *sh = sheets->pdata[i];
        g_string_append(s, i ? _(", ") : "");
        g_string_append_printf(
            s, NG_("%u: %s (%" PRId64 " row)", "%u: %s (%" PRId64 " rows)", sh->data), i + 1,
            sh->name, sh->data);
    }
    return g_string_free(s, FALSE);
}

/* NOTE without its leading "; " (or "；"): the table_note of a sheet, said
 * after the sheet's name. */
static const char *note_body(const char *note)
{
    if (g_str_has_prefix(note, "；"))
        note += strlen("；");
    else if (*note == ';')
        note++;
    while (*note == ' ')
        note++;
    return note;
}

/* The sheet to read: --sheet NAME or N, --source-layer NAME, or the only
 * one with data rows; NULL with ERR.  Without --layer, a workbook with
 * several sheets holding rows is read whole (*ALL; each sheet goes into the
 * layer it is named after). */
static sheet *choose_sheet(const table_reader *tr, GPtrArray *sheets, const vi_import_options *opt,
                           gboolean *all, GError **err)
{
    *all = FALSE;
    const char *wanted = opt->sheet ? opt->sheet : opt->source_layer;
    const char *option = opt->sheet ? "--sheet" : "--source-layer";
    if (wanted) {
        gint64 n = 0;
        if (opt->sheet && import_parse_int(wanted, &n) && n >= 1 && n <= (gint64)sheets->len &&
            strspn(wanted, "0123456789") == strlen(wanted))
            return sheets->pdata[n - 1];
        for (guint i = 0; i < sheets->len; i++)
            if (strcmp(((sheet *)sheets->pdata[i])->name, wanted) == 0)
                return sheets->pdata[i];
        for (guint i = 0; i < sheets->len; i++)
            if (g_ascii_strcasecmp(((sheet *)sheets->pdata[i])->name, wanted) == 0)
                return sheets->pdata[i];
        char *list = sheet_list(sheets);
        import_set_error(err, VI_ERROR_USAGE, tr->path,
                         tr->workbook
                             ? _("%s: the workbook has no sheet \"%s\" (its sheets: %s)")
                             : _("%s: the file has no sheet \"%s\" (a CSV file is one sheet: %s)"),
                         option, wanted, list);
        g_free(list);
        return NULL;
    }
    sheet *found = NULL;
    int with = 0;
    for (guint i = 0; i < sheets->len; i++)
        if (((sheet *)sheets->pdata[i])->data > 0) {
            with++;
            if (!found)
                found = sheets->pdata[i];
        }
    if (with > 1 && !opt->layer) {
        *all = TRUE;
        return NULL;
    }
    if (with > 1) {
        char *list = sheet_list(sheets);
        import_set_error(err, VI_ERROR_DATA, tr->path,
                         _("it holds %d sheets with rows: %s; vinfra imports one at a time: "
                           "choose it with --sheet NAME or --sheet N"),
                         with, list);
        g_free(list);
        return NULL;
    }
    return found ? found : sheets->len ? sheets->pdata[0] : NULL;
}

gboolean import_table_open(const char *path, const char *driver, const char *recode_from,
                           const vi_import_options *opt, const char *datadir, GDALDatasetH *ds,
                           import_table **out, vi_import_result *res, GError **err)
{
    *out = NULL;
    table_reader tr = {
        .path = path,
        .recode_from = recode_from,
        .workbook = strcmp(driver, "CSV") != 0,
        .ledger = opt->ledger,
    };
    if (opt->sheet && !tr.workbook) {
        import_set_error(err, VI_ERROR_USAGE, path,
                         _("--sheet: a CSV file has no sheets (--sheet is for XLSX and ODS "
                           "workbooks)"));
        return FALSE;
    }
    char *words = g_build_filename(datadir, "sheet-words.tsv", NULL);
    gboolean ok = tbl_read(words, sheet_word_cols, G_N_ELEMENTS(sheet_word_cols),
                           sizeof(sheet_word), &tr.words, err) &&
                  (tr.totals = vi_totals_load(datadir, err)) != NULL;
    g_free(words);
    char **options = NULL;
    /* The XLSX and ODS drivers take these as configuration, not open, options,
     * read when a sheet is first parsed: set while this function reads. */
    const char *const config[] = {"OGR_XLSX_HEADERS", "OGR_XLSX_FIELD_TYPES", "OGR_ODS_HEADERS",
                                  "OGR_ODS_FIELD_TYPES"};
    char *saved[G_N_ELEMENTS(config)];
    for (size_t i = 0; i < G_N_ELEMENTS(config); i++) {
        const char *v = CPLGetThreadLocalConfigOption(config[i], NULL);
        saved[i] = v ? g_strdup(v) : NULL;
        if (tr.workbook)
            CPLSetThreadLocalConfigOption(config[i], i % 2 ? "STRING" : "DISABLE");
    }
    if (!tr.workbook) {
        options = CSLSetNameValue(options, "HEADERS", "NO");
        options = CSLSetNameValue(options, "EMPTY_STRING_AS_NULL", "YES");
    }
    const char *const drivers[] = {driver, NULL};
    GDALDatasetH raw = NULL;
    char *txt = import_table_txt(path);
    if (ok) {
        char *titled = tr.workbook ? NULL : import_table_titled_csv(path);
        raw = GDALOpenEx(titled ? titled
                         : txt  ? txt
                                : path,
                         GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, (const char *const *)options,
                         NULL);
        import_table_titled_release(titled);
        if (!raw) {
            import_set_error(err, VI_ERROR_DATA, path, _("cannot open it as %s: %s"), driver,
                             CPLGetLastErrorMsg());
            ok = FALSE;
        }
    }
    CSLDestroy(options);
    g_free(txt);
    GPtrArray *sheets = g_ptr_array_new_with_free_func(sheet_free);
    GArray *lines = ok && !tr.workbook ? csv_record_lines(path) : NULL;
    for (int i = 0; ok && i < GDALDatasetGetLayerCount(raw); i++) {
        sheet *s = read_sheet(&tr, GDALDatasetGetLayer(raw, i), lines);
        s->data = data_rows(&tr, s);
        g_ptr_array_add(sheets, s);
    }
    gboolean all = FALSE;
    sheet *chosen = ok ? choose_sheet(&tr, sheets, opt, &all, err) : NULL;
    ok = ok && (chosen || all || sheets->len == 0);
    GDALDatasetH mem = NULL;
    if (ok) {
        GDALDriverH md = GDALGetDriverByName("Memory");
        mem = md ? GDALCreate(md, "", 0, 0, 0, GDT_Unknown, NULL) : NULL;
        ok = mem && (!chosen || build_layer(&tr, chosen, mem, res, err));
        if (!mem)
            import_set_error(err, VI_ERROR_DATA, path,
                             _("cannot read it: GDAL has no Memory driver"));
    }
    /* Every sheet with rows, each note said with its sheet's name. */
    GString *notes = all ? g_string_new(NULL) : NULL;
    for (guint i = 0; ok && all && i < sheets->len; i++) {
        sheet *sh = sheets->pdata[i];
        if (sh->data == 0)
            continue;
        ok = build_layer(&tr, sh, mem, res, err);
        if (ok && res->table_note && *res->table_note)
            g_string_append_printf(notes, _("; %s: %s"), sh->name, note_body(res->table_note));
        g_clear_pointer(&res->table_note, g_free);
    }
    if (notes)
        res->table_note = g_string_free(notes, notes->len == 0);
    if (ok) {
        GDALClose(*ds);
        *ds = mem;
        *out = g_new0(import_table, 1);
        (*out)->workbook = tr.workbook;
    } else if (mem) {
        GDALClose(mem);
    }
    if (raw)
        GDALClose(raw);
    for (size_t i = 0; i < G_N_ELEMENTS(config); i++) {
        if (tr.workbook)
            CPLSetThreadLocalConfigOption(config[i], saved[i]);
        g_free(saved[i]);
    }
    if (lines)
        g_array_free(lines, TRUE);
    g_ptr_array_unref(sheets);
    if (tr.words)
        tbl_rows_free(tr.words, sheet_word_cols, G_N_ELEMENTS(sheet_word_cols));
    vi_totals_free(tr.totals);
    return ok;
}
