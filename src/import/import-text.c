/*
 * import-text.c - the text of imported field values (import-common.h):
 * decoding it from the encoding a file declares, and refusing text that the
 * declaration does not explain; finding the NUL characters that GDAL would
 * cut a value short at, which only the raw file shows.
 *
 * Design:
 * - A shapefile is opened with GDAL's recoding off (ENCODING=""), so its
 *   bytes arrive as written and are decoded here from what the .cpg, the
 *   DBF's language driver id or --encoding declares.  Bytes that decode
 *   without error can still be the wrong text (UTF-8 read as GBK gives
 *   涓婇浄鏉戣矾鐏), so two mistakes that a declaration cannot explain are
 *   recognised before decoding: valid UTF-8 with Chinese characters under a
 *   non-UTF-8 declaration, and bytes that pair up into GB2312 Chinese
 *   characters under a single-byte one (1252, Latin-1) or UTF-8.
 * - GDAL hands a value over as a C string, so "abc\0HIDDEN" arrives as
 *   "abc".  The formats whose values can hold a NUL are scanned in their raw
 *   form: GeoJSON (a \u0000 escape), CSV (a NUL byte) and DBF (a NUL byte
 *   before other text in a character field; NULs only at the end pad the
 *   field, as some writers do).  XML formats (KML, GPX, XLSX) cannot hold
 *   one.
 */
#include "import-common.h"
#include "textcheck.h"
#include "vi-error.h"

#include <string.h>

/* ---- encodings ---- */

/* Encodings in which a character can take several bytes (iconv names, as
 * GDAL reports them from a .cpg or an LDID, or as a user gives them). */
static gboolean multibyte_encoding(const char *enc)
{
    static const char *const prefixes[] = {"CP936", "CP950",    "CP932", "CP949",   "GB",
                                           "BIG5",  "SHIFT",    "SJIS",  "EUC",     "UTF",
                                           "UCS",   "ISO-2022", "HZ",    "CP65001", NULL};
    for (int i = 0; prefixes[i]; i++)
        if (g_ascii_strncasecmp(enc, prefixes[i], strlen(prefixes[i])) == 0)
            return TRUE;
    return FALSE;
}

static gboolean is_utf8_name(const char *enc)
{
    return !enc || g_ascii_strcasecmp(enc, "UTF-8") == 0 || g_ascii_strcasecmp(enc, "UTF8") == 0 ||
           g_ascii_strcasecmp(enc, "CP65001") == 0;
}

/* How an encoding is called for a person: CP936 is GBK. */
static const char *encoding_display(const char *enc)
{
    static const char *const names[][2] = {
        {"CP936", "GBK"},          {"GBK", "GBK"},
        {"GB2312", "GBK"},         {"CP1252", "Windows-1252"},
        {"ISO-8859-1", "Latin-1"}, {"ISO8859-1", "Latin-1"},
        {"CP950", "Big5"},         {"UTF-8", "UTF-8"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (g_ascii_strcasecmp(names[i][0], enc) == 0)
            return names[i][1];
    return enc;
}

/* Do RAW's non-ASCII bytes all pair up into GB2312 characters (both bytes
 * 0xA1-0xFE), as nearly all Chinese text in GBK does? */
static gboolean all_gb2312(const char *raw)
{
    for (const guchar *p = (const guchar *)raw; *p; p++) {
        if (*p < 0x80)
            continue;
        if (*p < 0xA1 || *p == 0xFF || p[1] < 0xA1 || p[1] == 0xFF)
            return FALSE;
        p++;
    }
    return TRUE;
}

/* Characters of Chinese text: CJK symbols, kana and ideographs, compatibility
 * ideographs, full-width forms. */
static gboolean chinese_char(gunichar c)
{
    return (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF00 && c <= 0xFFEF);
}

/* Is RAW valid UTF-8 that a non-UTF-8 declaration DECLARED cannot explain?
 * Under a single-byte one (1252, Latin-1), any non-ASCII character will do.
 * Under a multibyte one (GBK) every non-ASCII character must be Chinese, and
 * the bytes must not all pair up into GB2312 characters: real GBK text is
 * valid UTF-8 now and then (通路 is "ͨ·"), but then of GB2312 pairs, while
 * UTF-8's continuation bytes 0x80-0xA0 fall outside GB2312 in nearly every
 * text of two characters or more (measured: none of 200,000 random GB2312
 * texts of 1 to 6 characters is taken for UTF-8; 95-100% of the same texts in
 * UTF-8 are recognised, all of those of odd length). */
static gboolean looks_utf8(const char *raw, const char *declared)
{
    if (!g_utf8_validate(raw, -1, NULL))
        return FALSE;
    gboolean multibyte = multibyte_encoding(declared), any = FALSE;
    for (const char *p = raw; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c < 0x80)
            continue;
        if (multibyte && !chinese_char(c))
            return FALSE;
        any = TRUE;
    }
    return any && !(multibyte && all_gb2312(raw));
}

/* Do RAW's non-ASCII bytes all pair up into GBK characters, with at least
 * one Chinese character of GB2312 (both bytes 0xB0-0xF7 / 0xA1-0xFE), and is
 * it no UTF-8?  A Latin-1 text ("Müller") has lone high bytes. */
static gboolean looks_gbk(const char *raw)
{
    if (g_utf8_validate(raw, -1, NULL))
        return FALSE;
    gboolean hanzi = FALSE;
    for (const guchar *p = (const guchar *)raw; *p; p++) {
        if (*p < 0x80)
            continue;
        if (*p < 0x81 || *p == 0xFF || p[1] < 0x40 || p[1] == 0x7F || p[1] == 0xFF)
            return FALSE;
        hanzi = hanzi || (p[0] >= 0xB0 && p[0] <= 0xF7 && p[1] >= 0xA1 && p[1] <= 0xFE);
        p++;
    }
    return hanzi;
}

/* RAW decoded from ENC, with U+FFFD for what does not decode (caller frees). */
static char *decode_lossy(const char *raw, const char *enc)
{
    GString *out = g_string_new(NULL);
    gsize len = strlen(raw), at = 0;
    while (at < len) {
        gsize read = 0;
        GError *e = NULL;
        char *part = g_convert(raw + at, (gssize)(len - at), "UTF-8", enc, &read, NULL, &e);
        if (part) {
            g_string_append(out, part);
            g_free(part);
            break;
        }
        if (!e || e->code != G_CONVERT_ERROR_ILLEGAL_SEQUENCE) {
            g_clear_error(&e);
            char *valid = g_utf8_make_valid(raw + at, (gssize)(len - at));
            g_string_append(out, valid);
            g_free(valid);
            break;
        }
        g_clear_error(&e);
        part = g_convert(raw + at, (gssize)read, "UTF-8", enc, NULL, NULL, NULL);
        if (part)
            g_string_append(out, part);
        g_free(part);
        g_string_append_unichar(out, 0xFFFD);
        at += read + 1;
    }
    return g_string_free(out, FALSE);
}

char *import_text_decode(const char *raw, const char *declared)
{
    if (is_utf8_name(declared))
        return g_utf8_validate(raw, -1, NULL) ? g_strdup(raw) : NULL;
    if (looks_utf8(raw, declared) || (!multibyte_encoding(declared) && looks_gbk(raw)))
        return NULL;
    return g_convert(raw, -1, "UTF-8", declared, NULL, NULL, NULL);
}

char *import_text_origin(OGRLayerH layer, const char *option, gboolean shapefile)
{
    if (option)
        return g_strdup_printf("--encoding says %s", option);
    if (!shapefile || !layer)
        return NULL;
    const char *cpg = GDALGetMetadataItem((GDALMajorObjectH)layer, "CPG_VALUE", "SHAPEFILE");
    const char *from_cpg =
        GDALGetMetadataItem((GDALMajorObjectH)layer, "ENCODING_FROM_CPG", "SHAPEFILE");
    const char *from_ldid =
        GDALGetMetadataItem((GDALMajorObjectH)layer, "ENCODING_FROM_LDID", "SHAPEFILE");
    if (cpg && from_cpg && *from_cpg) {
        char *value = g_strstrip(g_strdup(cpg));
        const char *shown = encoding_display(from_cpg);
        char *origin = g_ascii_strcasecmp(value, shown) == 0
                           ? g_strdup_printf("its .cpg says %s", value)
                           : g_strdup_printf("its .cpg says %s (%s)", value, shown);
        g_free(value);
        return origin;
    }
    if (from_ldid && *from_ldid)
        return g_strdup_printf("its .dbf's language driver says %s (%s)", from_ldid,
                               encoding_display(from_ldid));
    return NULL;
}

const char *import_text_declared(OGRLayerH layer, const char *option)
{
    if (option)
        return option;
    const char *from_cpg =
        GDALGetMetadataItem((GDALMajorObjectH)layer, "ENCODING_FROM_CPG", "SHAPEFILE");
    const char *from_ldid =
        GDALGetMetadataItem((GDALMajorObjectH)layer, "ENCODING_FROM_LDID", "SHAPEFILE");
    if (from_cpg && *from_cpg)
        return from_cpg;
    return from_ldid && *from_ldid ? from_ldid : NULL;
}

char *import_text_mismatch(const char *raw, const char *declared, const char *origin)
{
    if (!origin)
        return g_strdup("expected UTF-8 text, got bytes in another encoding (name it with "
                        "--encoding, e.g. --encoding GBK)");
    const char *likely = NULL, *likely_iconv = NULL;
    if (!is_utf8_name(declared) && looks_utf8(raw, declared))
        likely = likely_iconv = "UTF-8";
    else if ((is_utf8_name(declared) || !multibyte_encoding(declared)) && looks_gbk(raw))
        likely = "GBK", likely_iconv = "GB18030";
    const char *fix = g_str_has_prefix(origin, "its .cpg") ? "fix the .cpg or give" : "give";
    const char *shown = encoding_display(declared ? declared : "UTF-8");
    if (!likely)
        return g_strdup_printf("%s but the text is not valid %s (name the file's encoding with "
                               "--encoding, e.g. --encoding GBK)",
                               origin, shown);
    char *meant = decode_lossy(raw, likely_iconv);
    char *seen = decode_lossy(raw, declared ? declared : "UTF-8");
    char *what = g_strdup_printf("%s but the text is %s (\"%s\" read as \"%s\"): %s --encoding %s",
                                 origin, likely, meant, seen, fix, likely);
    g_free(meant);
    g_free(seen);
    return what;
}

/* ---- NUL characters ---- */

static void nul_add(GPtrArray *nuls, gint64 key, gboolean by_position, int field, const char *name,
                    glong at)
{
    import_nul *n = g_new0(import_nul, 1);
    n->key = key;
    n->by_position = by_position;
    n->field = field;
    n->name = g_strdup(name);
    n->at = at;
    g_ptr_array_add(nuls, n);
}

static void nul_free(gpointer p)
{
    import_nul *n = p;
    g_free(n->name);
    g_free(n->column);
    g_free(n);
}

/* Characters in the LEN bytes at S, decoded from ENC (or UTF-8), or bytes
 * when they do not decode. */
static glong char_count(const char *s, gsize len, const char *enc)
{
    char *u = is_utf8_name(enc) ? g_strndup(s, len)
                                : g_convert(s, (gssize)len, "UTF-8", enc, NULL, NULL, NULL);
    glong n = u && g_utf8_validate(u, -1, NULL) ? g_utf8_strlen(u, -1) : (glong)len;
    g_free(u);
    return n;
}

/* One open container of a JSON text. */
typedef struct {
    gboolean array;
    gint64 index; /* arrays: the element being read */
    char *key;    /* objects: the member being read (owned) */
} json_frame;

/* The JSON string at *P (just past its opening quote), advancing *P past
 * its closing quote.  *NUL_AT: the character position (1-based) of the
 * first \u0000 in it, or 0.  Returns the string when WANT (undecoded
 * escapes but for \" and \\; caller frees), else NULL. */
static char *json_string(const char **p, const char *end, gboolean want, glong *nul_at)
{
    GString *s = want ? g_string_new(NULL) : NULL;
    glong chars = 0;
    *nul_at = 0;
    const char *q = *p;
    while (q < end && *q != '"') {
        if (*q == '\\' && q + 1 < end) {
            if (q[1] == 'u' && q + 5 < end) {
                if (strncmp(q + 2, "0000", 4) == 0 && !*nul_at)
                    *nul_at = chars + 1;
                /* The second half of a surrogate pair (\uDC00-\uDFFF) is no
                 * character of its own. */
                gboolean low = g_ascii_tolower(q[2]) == 'd' && strchr("cdefCDEF", q[3]);
                if (!low)
                    chars++;
                q += 6;
                continue;
            }
            if (s)
                g_string_append_c(s, q[1]);
            chars++;
            q += 2;
            continue;
        }
        if (((guchar)*q & 0xC0) != 0x80)
            chars++;
        if (s)
            g_string_append_c(s, *q);
        q++;
    }
    *p = q < end ? q + 1 : end;
    return s ? g_string_free(s, FALSE) : NULL;
}

/* NULs in the properties of the features of a GeoJSON text, keyed by the
 * feature's position (0-based) in the file. */
static void scan_geojson(const char *text, gsize len, GPtrArray *nuls)
{
    enum { MAX_DEPTH = 64 };
    json_frame stack[MAX_DEPTH];
    int depth = 0;
    gboolean expect_key = FALSE;
    const char *p = text, *end = text + len;
    while (p < end) {
        char c = *p++;
        if (c == '{' || c == '[') {
            if (depth == MAX_DEPTH)
                break; /* deeper than any GeoJSON feature's properties */
            stack[depth++] = (json_frame){c == '[', 0, NULL};
            expect_key = c == '{';
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                break;
            g_free(stack[--depth].key);
            expect_key = FALSE;
        } else if (c == ',') {
            if (depth > 0 && stack[depth - 1].array)
                stack[depth - 1].index++;
            expect_key = depth > 0 && !stack[depth - 1].array;
        } else if (c == '"') {
            glong nul_at = 0;
            char *s = json_string(&p, end, expect_key, &nul_at);
            if (expect_key) {
                g_free(stack[depth - 1].key);
                stack[depth - 1].key = s;
                expect_key = FALSE;
                continue;
            }
            /* A property of a feature of a collection, or of a lone feature. */
            if (nul_at && depth == 4 && !stack[0].array && stack[1].array && !stack[2].array &&
                !stack[3].array && g_strcmp0(stack[0].key, "features") == 0 &&
                g_strcmp0(stack[2].key, "properties") == 0)
                nul_add(nuls, stack[1].index, TRUE, -1, stack[3].key, nul_at);
            else if (nul_at && depth == 2 && !stack[0].array && !stack[1].array &&
                     g_strcmp0(stack[0].key, "properties") == 0)
                nul_add(nuls, 0, TRUE, -1, stack[1].key, nul_at);
        }
    }
    while (depth > 0)
        g_free(stack[--depth].key);
}

/* The cell of a CSV header line LINE (LEN bytes) at COLUMN, decoded from
 * ENC, without its quotes (caller frees). */
static char *csv_header_cell(const char *line, gsize len, char sep, int column, const char *enc)
{
    char *head = g_strndup(line, len);
    char sep_s[2] = {sep, '\0'};
    char **cells = g_strsplit(head, sep_s, -1);
    char *cell = column < (int)g_strv_length(cells) ? g_strdup(cells[column]) : g_strdup("");
    g_strfreev(cells);
    g_free(head);
    char *trimmed = g_strdup(g_strstrip(cell));
    g_free(cell);
    gsize n = strlen(trimmed);
    if (n >= 2 && trimmed[0] == '"' && trimmed[n - 1] == '"') {
        memmove(trimmed, trimmed + 1, n - 2);
        trimmed[n - 2] = '\0';
    }
    char *text = decode_lossy(trimmed, is_utf8_name(enc) ? "UTF-8" : enc);
    g_free(trimmed);
    return text;
}

/* NULs in a CSV text: GDAL cuts the rest of the row at one, and drops a
 * row that starts with one, so they are found by row and line (and
 * refused before any row is read: import_nul_refuse()). */
static void scan_csv(const char *text, gsize len, const char *enc, GPtrArray *nuls)
{
    gsize header_end = 0;
    while (header_end < len && text[header_end] != '\r' && text[header_end] != '\n' &&
           text[header_end] != '\0')
        header_end++;
    char sep = ',';
    if (!memchr(text, ',', header_end)) {
        if (memchr(text, ';', header_end))
            sep = ';';
        else if (memchr(text, '\t', header_end))
            sep = '\t';
    }
    gint64 row = 0, line = 1;
    int col = 0;
    gboolean quoted = FALSE, found = FALSE;
    gsize field_start = 0;
    for (gsize i = 0; i < len; i++) {
        char c = text[i];
        if (c == '"') {
            quoted = !quoted;
            if (quoted && i == field_start)
                field_start = i + 1;
        } else if (c == '\0' && !found) {
            nul_add(nuls, row, FALSE, col, NULL,
                    char_count(text + field_start, i - field_start, enc) + 1);
            import_nul *n = g_ptr_array_index(nuls, nuls->len - 1);
            n->line = line;
            n->column = csv_header_cell(text, header_end, sep, col, enc);
            found = TRUE; /* one per field is enough */
        } else if (!quoted && c == sep) {
            col++;
            field_start = i + 1;
            found = FALSE;
        }
        if (c == '\n') {
            line++;
            if (!quoted) {
                row++;
                col = 0;
                field_start = i + 1;
                found = FALSE;
            }
        }
    }
}

gboolean import_nul_refuse(const char *path, GPtrArray *nuls, GError **err)
{
    for (guint i = 0; i < nuls->len; i++) {
        const import_nul *n = nuls->pdata[i];
        if (!n->line)
            continue;
        char *name = vi_text_char_name(0);
        import_set_error(err, VI_ERROR_DATA, path,
                         "line %" G_GINT64_FORMAT ": column \"%s\": expected text without control "
                         "or invisible characters, got %s at character %ld (GDAL would cut the "
                         "row short there)",
                         n->line, n->column, name, n->at);
        g_free(name);
        return FALSE;
    }
    return TRUE;
}

static guint32 le32(const guchar *p)
{
    return p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

/* NULs before other text in the character fields of a DBF, keyed by the
 * record's number (the FID GDAL gives it). */
static void scan_dbf(const guchar *dbf, gsize len, const char *enc, GPtrArray *nuls)
{
    if (len < 32)
        return;
    guint32 records = le32(dbf + 4);
    gsize header = dbf[8] | (gsize)dbf[9] << 8, reclen = dbf[10] | (gsize)dbf[11] << 8;
    if (header > len || reclen == 0)
        return;
    /* Field descriptors: 32 bytes each from byte 32, ended by 0x0D. */
    GArray *offsets = g_array_new(FALSE, FALSE, sizeof(gsize));
    GArray *widths = g_array_new(FALSE, FALSE, sizeof(gsize));
    GArray *fields = g_array_new(FALSE, FALSE, sizeof(int));
    gsize at = 1; /* past the deletion flag */
    for (gsize d = 32; d + 32 <= header && dbf[d] != 0x0D; d += 32) {
        gsize width = dbf[d + 16];
        int index = (int)((d - 32) / 32);
        if (dbf[d + 11] == 'C') {
            g_array_append_val(offsets, at);
            g_array_append_val(widths, width);
            g_array_append_val(fields, index);
        }
        at += width;
    }
    for (guint32 r = 0; r < records && header + (gsize)(r + 1) * reclen <= len; r++) {
        const guchar *rec = dbf + header + (gsize)r * reclen;
        if (rec[0] == '*') /* deleted: GDAL skips it */
            continue;
        for (guint f = 0; f < fields->len; f++) {
            gsize off = g_array_index(offsets, gsize, f), width = g_array_index(widths, gsize, f);
            if (off + width > reclen)
                continue;
            const guchar *v = rec + off, *nul = memchr(v, 0, width);
            if (!nul)
                continue;
            gboolean hidden = FALSE;
            for (const guchar *q = nul; q < v + width && !hidden; q++)
                hidden = *q != 0 && *q != ' ';
            if (hidden)
                nul_add(nuls, r, FALSE, g_array_index(fields, int, f), NULL,
                        char_count((const char *)v, (gsize)(nul - v), enc) + 1);
        }
    }
    g_array_free(offsets, TRUE);
    g_array_free(widths, TRUE);
    g_array_free(fields, TRUE);
}

/* The .dbf beside PATH, a .shp (either case), or NULL (caller frees). */
static char *dbf_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (int upper = 0; dot && upper < 2; upper++) {
        char *side = g_strdup_printf("%.*s.%s", (int)(dot - path), path, upper ? "DBF" : "dbf");
        if (g_file_test(side, G_FILE_TEST_IS_REGULAR))
            return side;
        g_free(side);
    }
    return NULL;
}

GPtrArray *import_find_nuls(const char *path, const char *driver, const char *declared)
{
    GPtrArray *nuls = g_ptr_array_new_with_free_func(nul_free);
    gboolean geojson = strcmp(driver, "GeoJSON") == 0, csv = strcmp(driver, "CSV") == 0;
    gboolean shp = strcmp(driver, "ESRI Shapefile") == 0;
    if (!geojson && !csv && !shp)
        return nuls;
    char *file = shp ? dbf_path(path) : g_strdup(path);
    GMappedFile *map = file ? g_mapped_file_new(file, FALSE, NULL) : NULL;
    g_free(file);
    if (!map) /* GDAL read it; what it cannot be mapped for is no NUL */
        return nuls;
    const char *text = g_mapped_file_get_contents(map);
    gsize len = g_mapped_file_get_length(map);
    if (text && geojson && g_strstr_len(text, (gssize)len, "\\u0000"))
        scan_geojson(text, len, nuls);
    else if (text && csv && memchr(text, 0, len))
        scan_csv(text, len, declared, nuls);
    else if (text && shp)
        scan_dbf((const guchar *)text, len, declared, nuls);
    g_mapped_file_unref(map);
    return nuls;
}

const import_nul *import_nul_find(GPtrArray *nuls, OGRFeatureH f, gint64 position, int field,
                                  char *const *names)
{
    for (guint i = 0; nuls && i < nuls->len; i++) {
        const import_nul *n = nuls->pdata[i];
        if (n->key == (n->by_position ? position : OGR_F_GetFID(f)) &&
            (n->name ? import_find_field(names, n->name) == field : n->field == field))
            return n;
    }
    return NULL;
}

/* ---- values ---- */

gboolean import_text_tidy(char **value)
{
    if (!*value)
        return FALSE;
    gboolean unusual = FALSE;
    char *tidy = vi_text_tidy(*value, &unusual);
    g_free(*value);
    *value = *tidy ? tidy : (g_free(tidy), NULL);
    return unusual;
}

void import_warn_trimmed(vi_import_result *res, vi_lang lang, const char *path, gint64 count,
                         gboolean rows, gint64 first, const char *field)
{
    char *where =
        rows ? g_strdup_printf(vi_text(lang, "第 %" G_GINT64_FORMAT " 行", "row %" G_GINT64_FORMAT),
                               first)
             : g_strdup_printf(vi_text(lang, "要素 %" G_GINT64_FORMAT, "feature %" G_GINT64_FORMAT),
                               first);
    import_warn(res,
                vi_text(lang,
                        "'%s'：%" G_GINT64_FORMAT " 个值首尾的不间断空格、全角空格或零宽字符已删除"
                        "（第一个：%s，字段 \"%s\"）",
                        "'%s': %" G_GINT64_FORMAT " values had no-break, full-width or zero-width "
                        "spaces at their start or end: trimmed (the first: %s, field \"%s\")"),
                path, count, where, field);
    g_free(where);
}
