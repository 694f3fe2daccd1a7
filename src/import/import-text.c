/*
 * import-text.c - the text of imported field values (import-common.h):
 * decoding it from the encoding a file declares, or that all of its text is
 * in when it declares none, and refusing text that neither explains; finding
 * the NUL characters that GDAL would cut a value short at, which only the raw
 * file shows.
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
 * - A file that says nothing of its encoding (a CSV without a byte order
 *   mark, a DBF without .cpg whose language driver id is 0, as a Chinese
 *   ArcGIS writes it) is read as what ALL of its text is in, names and
 *   values: UTF-8 when every cell is, else GB18030 (a superset of GBK and
 *   GB2312) when every cell decodes from it and some holds a GB2312 Chinese
 *   character (Latin-1 decodes as GB18030 too, into nonsense).  Deciding
 *   per value would store a file in two encodings half garbled; a file no
 *   one encoding explains is refused, naming the cell and showing its bytes.
 *   Files are read raw for this, cell by cell (csv_cells(), dbf_cells()):
 *   GDAL does not say where a CSV cell or DBF field begins.
 * - GDAL hands a value over as a C string, so "abc\0HIDDEN" arrives as
 *   "abc".  The formats whose values can hold a NUL are scanned in their raw
 *   form: GeoJSON (a \u0000 escape), CSV (a NUL byte) and DBF (a NUL byte
 *   before other text in a character field; NULs only at the end pad the
 *   field, as some writers do).  XML formats (KML, GPX, XLSX) cannot hold
 *   one.
 */
#include "i18n.h"
#include "import-common.h"
#include "textcheck.h"
#include "vi-error.h"

#include <inttypes.h>
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

/* Does ENC name GBK (or GB2312, which it extends)? */
static gboolean gbk_name(const char *enc)
{
    return enc && (g_ascii_strcasecmp(enc, "GBK") == 0 || g_ascii_strcasecmp(enc, "CP936") == 0 ||
                   g_ascii_strcasecmp(enc, "GB2312") == 0);
}

/* Does RAW decode from ENC? */
static gboolean decodes(const char *raw, const char *enc)
{
    char *text = g_convert(raw, -1, "UTF-8", enc, NULL, NULL, NULL);
    g_free(text);
    return text != NULL;
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

/* The LEN bytes at RAW decoded from ENC, with what does not decode as
 * U+FFFD, or with ESCAPE each such byte as \xHH (caller frees).  *BAD (if
 * not NULL) counts the bytes that do not decode. */
static char *decode_marked(const char *raw, gsize len, const char *enc, gboolean escape, int *bad)
{
    GString *out = g_string_new(NULL);
    gsize at = 0;
    int marks = 0;
    while (at < len) {
        gsize read = 0;
        GError *e = NULL;
        char *part = g_convert(raw + at, (gssize)(len - at), "UTF-8", enc, &read, NULL, &e);
        gboolean illegal = e && e->code == G_CONVERT_ERROR_ILLEGAL_SEQUENCE;
        g_clear_error(&e);
        if (!part && !illegal) { /* not for iconv: shown as UTF-8 */
            char *valid = g_utf8_make_valid(raw + at, (gssize)(len - at));
            g_string_append(out, valid);
            g_free(valid);
            marks++;
            break;
        }
        /* (Lossy text drops a character cut short by the end, as iconv does.) */
        if (part && (read == len - at || !escape)) {
            g_string_append(out, part);
            g_free(part);
            break;
        }
        /* An illegal sequence at READ, or a character cut short there by the end. */
        if (!part && read)
            part = g_convert(raw + at, (gssize)read, "UTF-8", enc, NULL, NULL, NULL);
        if (part)
            g_string_append(out, part);
        g_free(part);
        if (escape)
            g_string_append_printf(out, "\\x%02X", (guchar)raw[at + read]);
        else
            g_string_append_unichar(out, 0xFFFD);
        marks++;
        at += read + 1;
    }
    if (bad)
        *bad = marks;
    return g_string_free(out, FALSE);
}

/* RAW decoded from ENC, with U+FFFD for what does not decode (caller frees). */
static char *decode_lossy(const char *raw, const char *enc)
{
    return decode_marked(raw, strlen(raw), enc, FALSE, NULL);
}

/* The LEN bytes at S as a person can read them in a message: as ENC (or
 * as ALSO, when not NULL, if that decodes more of them), each byte that
 * does not decode (and each control character) as \xHH, padding trimmed,
 * cut after 40 characters (caller frees).  ENC "ASCII" shows every byte
 * from 0x80 as \xHH. */
static char *bytes_shown(const char *s, gsize len, const char *enc, const char *also)
{
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\0'))
        len--;
    while (len > 0 && *s == ' ')
        s++, len--;
    int bad = 0, bad_also = 0;
    char *as_enc = decode_marked(s, len, enc, TRUE, &bad);
    char *as_also = also ? decode_marked(s, len, also, TRUE, &bad_also) : NULL;
    char *text = as_also && bad_also < bad ? as_also : as_enc;
    GString *out = g_string_new(NULL);
    glong chars = 0;
    for (const char *p = text; *p && chars < 40; p = g_utf8_next_char(p), chars++) {
        if ((guchar)*p < 0x20)
            g_string_append_printf(out, "\\x%02X", (guchar)*p);
        else
            g_string_append_len(out, p, g_utf8_next_char(p) - p);
    }
    if (*text && chars == 40 && g_utf8_strlen(text, -1) > 40)
        g_string_append(out, "...");
    g_free(as_enc);
    g_free(as_also);
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
        return g_strdup_printf(_("--encoding says %s"), option);
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
                           ? g_strdup_printf(_("its .cpg says %s"), value)
                           : g_strdup_printf(_("its .cpg says %s (%s)"), value, shown);
        g_free(value);
        return origin;
    }
    if (from_ldid && *from_ldid)
        return g_strdup_printf(_("its .dbf's language driver says %s (%s)"), from_ldid,
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
    if (!origin) {
        char *bytes = bytes_shown(raw, strlen(raw), "ASCII", NULL);
        char *what = g_strdup_printf(_("expected UTF-8 text, got \"%s\" (bytes in another "
                                       "encoding: name it with --encoding, e.g. --encoding GBK)"),
                                     bytes);
        g_free(bytes);
        return what;
    }
    const char *likely = NULL, *likely_iconv = NULL;
    if (!is_utf8_name(declared) && looks_utf8(raw, declared))
        likely = likely_iconv = "UTF-8";
    else if ((is_utf8_name(declared) || !multibyte_encoding(declared)) && looks_gbk(raw))
        likely = "GBK", likely_iconv = "GB18030";
    else if (gbk_name(declared) && decodes(raw, "GB18030"))
        likely = likely_iconv = "GB18030"; /* characters GBK lacks: 𠀀, 䶮 */
    /* The origin names the .cpg in every language (import_text_origin). */
    gboolean cpg = strstr(origin, ".cpg") != NULL;
    const char *shown = encoding_display(declared ? declared : "UTF-8");
    if (!likely)
        return g_strdup_printf(_("%s but the text is not valid %s (name the file's encoding with "
                                 "--encoding, e.g. --encoding GBK)"),
                               origin, shown);
    char *meant = decode_lossy(raw, likely_iconv);
    char *seen = decode_lossy(raw, declared ? declared : "UTF-8");
    char *what =
        cpg ? g_strdup_printf(_("%s but the text is %s (\"%s\" read as \"%s\"): fix the .cpg or "
                                "give --encoding %s"),
                              origin, likely, meant, seen, likely)
            : g_strdup_printf(
                  _("%s but the text is %s (\"%s\" read as \"%s\"): give --encoding %s"), origin,
                  likely, meant, seen, likely);
    g_free(meant);
    g_free(seen);
    return what;
}

char *import_text_bytes(const char *raw)
{
    return bytes_shown(raw, strlen(raw), "ASCII", NULL);
}

gboolean import_text_check_names(OGRLayerH layer, const char *path, const char *driver,
                                 const char *declared, const char *option, GError **err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    gboolean csv = strcmp(driver, "CSV") == 0, shapefile = strcmp(driver, "ESRI Shapefile") == 0;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++) {
        const char *raw = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
        char *name = import_text_decode(raw, declared);
        g_free(name);
        if (name)
            continue;
        char *origin = import_text_origin(layer, option, shapefile);
        char *why = import_text_mismatch(raw, declared, origin);
        char *bytes = import_text_bytes(raw);
        import_set_error(err, VI_ERROR_DATA, path,
                         csv ? _("line 1: the name of column %d (\"%s\"): %s")
                             : _("the name of field %d (\"%s\"): %s"),
                         i + 1, bytes, why);
        g_free(bytes);
        g_free(why);
        g_free(origin);
        return FALSE;
    }
    return TRUE;
}

/* ---- the raw cells of a CSV or a DBF ---- */

/* One cell of a CSV or DBF file as its bytes in the file: a CSV's header
 * cell or a DBF's field name (ROW 0), or a value. */
typedef struct {
    gint64 row;    /* 0: the header or field names; then a CSV's data rows from 1 (GDAL's
                    * FID), a DBF's records not deleted from 1 (the feature's index) */
    gint64 record; /* DBF: the record's number from 0 (GDAL's FID) */
    gint64 line;   /* CSV: the line of the file the cell starts on, from 1 */
    int column;    /* CSV: the column, DBF: the field, from 0 */
    const char *bytes;
    gsize len; /* DBF values: the field's width, padding included */
} raw_cell;

/* Called for each cell in file order; FALSE stops the walk. */
typedef gboolean (*raw_cell_fn)(const raw_cell *c, void *user);

/* Bytes of the byte order mark TEXT starts with (UTF-8, or GB18030's
 * encoding of U+FEFF), else 0. */
static gsize bom_length(const char *text, gsize len)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        return 3;
    return len >= 4 && memcmp(text, "\x84\x31\x95\x33", 4) == 0 ? 4 : 0;
}

/* The separator of a CSV text: a comma, else a semicolon or tab when the
 * first line has one. */
static char csv_separator(const char *text, gsize len)
{
    gsize header_end = 0;
    while (header_end < len && text[header_end] != '\r' && text[header_end] != '\n' &&
           text[header_end] != '\0')
        header_end++;
    if (memchr(text, ',', header_end))
        return ',';
    if (memchr(text, ';', header_end))
        return ';';
    return memchr(text, '\t', header_end) ? '\t' : ',';
}

/* Walk the cells of a CSV text (past a byte order mark), without the quotes
 * around them.  A separator or line break between quotes is text; quotes,
 * separators and line breaks are single bytes that no character of GBK or
 * GB18030 contains, so the walk holds for those too. */
static void csv_cells(const char *text, gsize len, raw_cell_fn fn, void *user)
{
    gsize at = bom_length(text, len);
    char sep = csv_separator(text + at, len - at);
    raw_cell c = {.line = 1, .bytes = text + at};
    gint64 line = 1;
    gboolean quoted = FALSE, was_quoted = FALSE;
    for (gsize i = at;; i++) {
        gboolean end = i == len;
        char ch = end ? '\n' : text[i];
        if (!end && ch == '"') {
            quoted = !quoted;
            if (quoted && text + i == c.bytes) {
                c.bytes++;
                was_quoted = TRUE;
            }
            continue;
        }
        if (!end && ch == '\n')
            line++;
        if (!end && (quoted || (ch != sep && ch != '\n')))
            continue;
        const char *stop = text + i;
        if (ch == '\n' && stop > c.bytes && stop[-1] == '\r')
            stop--;
        if (was_quoted && stop > c.bytes && stop[-1] == '"')
            stop--;
        c.len = (gsize)(stop - c.bytes);
        if (end && c.column == 0 && c.len == 0)
            return; /* the line break at the end of the file */
        if (!fn(&c, user) || end)
            return;
        c.bytes = text + i + 1;
        was_quoted = FALSE;
        if (ch == '\n') {
            c.row++;
            c.column = 0;
            c.line = line;
        } else {
            c.column++;
        }
    }
}

static guint32 le32(const guchar *p)
{
    return p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

typedef struct {
    gsize offset, width; /* in the record */
    int index;
} dbf_field;

/* Walk the field names of a DBF (dBASE III: 32-byte field descriptors from
 * byte 32, ended by 0x0D, the name in the first 11 bytes) and the values of
 * its character fields, record by record, skipping deleted records (GDAL
 * skips them). */
static void dbf_cells(const guchar *dbf, gsize len, raw_cell_fn fn, void *user)
{
    if (len < 32)
        return;
    guint32 records = le32(dbf + 4);
    gsize header = dbf[8] | (gsize)dbf[9] << 8, reclen = dbf[10] | (gsize)dbf[11] << 8;
    if (header > len || reclen == 0)
        return;
    GArray *fields = g_array_new(FALSE, FALSE, sizeof(dbf_field));
    gsize at = 1; /* past the deletion flag */
    gboolean go = TRUE;
    for (gsize d = 32; go && d + 32 <= header && dbf[d] != 0x0D; d += 32) {
        dbf_field f = {at, dbf[d + 16], (int)((d - 32) / 32)};
        const guchar *name = memchr(dbf + d, 0, 11);
        raw_cell c = {.column = f.index,
                      .bytes = (const char *)dbf + d,
                      .len = name ? (gsize)(name - (dbf + d)) : 11};
        go = fn(&c, user);
        if (dbf[d + 11] == 'C')
            g_array_append_val(fields, f);
        at += f.width;
    }
    gint64 position = 0;
    for (guint32 r = 0; go && r < records && header + (gsize)(r + 1) * reclen <= len; r++) {
        const guchar *rec = dbf + header + (gsize)r * reclen;
        if (rec[0] == '*') /* deleted: GDAL skips it */
            continue;
        position++;
        for (guint k = 0; go && k < fields->len; k++) {
            const dbf_field *f = &g_array_index(fields, dbf_field, k);
            if (f->offset + f->width > reclen)
                continue;
            raw_cell c = {.row = position,
                          .record = r,
                          .column = f->index,
                          .bytes = (const char *)rec + f->offset,
                          .len = f->width};
            go = fn(&c, user);
        }
    }
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

/* A scan for NULs: what it finds, and what it needs to say where. */
typedef struct {
    GPtrArray *nuls;   /* import_nul * found */
    GPtrArray *header; /* the CSV's column names, decoded (char *) */
    const char *enc;
} nul_scan;

/* The cell C decoded from ENC (or UTF-8), trimmed, with what does not
 * decode shown as U+FFFD (caller frees). */
static char *cell_lossy(const raw_cell *c, const char *enc)
{
    char *raw = g_strndup(c->bytes, c->len);
    char *text = decode_lossy(g_strstrip(raw), is_utf8_name(enc) ? "UTF-8" : enc);
    g_free(raw);
    return text;
}

/* A NUL in a CSV cell: GDAL cuts the rest of the row at one, and drops a
 * row that starts with one, so it is found by row and line (and refused
 * before any row is read: import_nul_refuse()).  One per cell is enough. */
static gboolean csv_nul_cell(const raw_cell *c, void *user)
{
    nul_scan *s = user;
    if (c->row == 0)
        g_ptr_array_add(s->header, cell_lossy(c, s->enc));
    const char *nul = memchr(c->bytes, 0, c->len);
    if (!nul)
        return TRUE;
    nul_add(s->nuls, c->row, FALSE, c->column, NULL,
            char_count(c->bytes, (gsize)(nul - c->bytes), s->enc) + 1);
    import_nul *n = g_ptr_array_index(s->nuls, s->nuls->len - 1);
    n->line = c->line;
    for (const char *p = c->bytes; p < nul; p++)
        n->line += *p == '\n';
    n->column = g_strdup((guint)c->column < s->header->len ? s->header->pdata[c->column] : "");
    return TRUE;
}

static void scan_csv(const char *text, gsize len, const char *enc, GPtrArray *nuls)
{
    nul_scan s = {nuls, g_ptr_array_new_with_free_func(g_free), enc};
    csv_cells(text, len, csv_nul_cell, &s);
    g_ptr_array_unref(s.header);
}

gboolean import_nul_refuse(const char *path, GPtrArray *nuls, GError **err)
{
    for (guint i = 0; i < nuls->len; i++) {
        const import_nul *n = nuls->pdata[i];
        if (!n->line)
            continue;
        char *name = vi_text_char_name(0);
        import_set_error(err, VI_ERROR_DATA, path,
                         _("line %" PRId64 ": column \"%s\": expected text without control "
                           "or invisible characters, got %s at character %ld (GDAL would cut the "
                           "row short there)"),
                         n->line, n->column, name, n->at);
        g_free(name);
        return FALSE;
    }
    return TRUE;
}

/* A NUL before other text in a DBF's character field, keyed by the
 * record's number (the FID GDAL gives it); NULs only at the end pad the
 * field, as some writers do. */
static gboolean dbf_nul_cell(const raw_cell *c, void *user)
{
    nul_scan *s = user;
    const char *nul = c->row > 0 ? memchr(c->bytes, 0, c->len) : NULL;
    gboolean hidden = FALSE;
    for (const char *q = nul; q && q < c->bytes + c->len && !hidden; q++)
        hidden = *q != 0 && *q != ' ';
    if (hidden)
        nul_add(s->nuls, c->record, FALSE, c->column, NULL,
                char_count(c->bytes, (gsize)(nul - c->bytes), s->enc) + 1);
    return TRUE;
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
        dbf_cells((const guchar *)text, len, dbf_nul_cell, &(nul_scan){nuls, NULL, declared});
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

/* ---- the encoding of a file that does not say it ---- */

/* Are the LEN bytes at S valid UTF-8, NULs included (import_find_nuls()
 * speaks of those)? */
static gboolean utf8_valid(const char *s, gsize len)
{
    const char *end = s + len;
    while (s < end) {
        const char *nul = memchr(s, 0, (gsize)(end - s));
        const char *stop = nul ? nul : end;
        if (!g_utf8_validate_len(s, (gsize)(stop - s), NULL))
            return FALSE;
        s = nul ? nul + 1 : end;
    }
    return TRUE;
}

static gboolean any_high_byte(const char *s, gsize len)
{
    for (gsize i = 0; i < len; i++)
        if ((guchar)s[i] >= 0x80)
            return TRUE;
    return FALSE;
}

/* Read as GB18030 (one byte below 0x80, four when the second is a digit,
 * else two), do the LEN bytes at S hold a Chinese character of GB2312
 * (both bytes 0xB0-0xF7 / 0xA1-0xFE), as nearly all Chinese text does?
 * A Latin-1 text ("Müller") decodes as GB18030 too, but into none. */
static gboolean gb2312_hanzi(const char *s, gsize len)
{
    const guchar *p = (const guchar *)s, *end = p + len;
    while (p < end) {
        if (*p < 0x80) {
            p++;
        } else if (p + 1 < end && p[1] >= 0x30 && p[1] <= 0x39) {
            p += 4;
        } else {
            if (p + 1 < end && p[0] >= 0xB0 && p[0] <= 0xF7 && p[1] >= 0xA1 && p[1] <= 0xFE)
                return TRUE;
            p += 2;
        }
    }
    return FALSE;
}

/* The cell's text decoded from ENC, trimmed, for a message; its bytes
 * (bytes_shown()) when it does not decode (caller frees). */
static char *cell_text(const raw_cell *c, const char *enc)
{
    char *text = g_convert(c->bytes, (gssize)c->len, "UTF-8", enc, NULL, NULL, NULL);
    return text ? g_strstrip(text) : bytes_shown(c->bytes, c->len, "UTF-8", NULL);
}

/* A field or column name as a person reads it: UTF-8, else GB18030, else
 * its bytes (caller frees). */
static char *name_shown(const raw_cell *c)
{
    return cell_text(c, utf8_valid(c->bytes, c->len) ? "UTF-8" : "GB18030");
}

/* What is learnt of a file's text, cell by cell. */
typedef struct {
    gboolean csv;
    GArray *names; /* raw_cell: the header's cells or the DBF's field names */
    /* A byte order mark's declaration: every cell must decode from it. */
    const char *origin, *declared;
    raw_cell bad; /* the first that does not (bytes NULL: none) */
    /* Otherwise the first cells that are not UTF-8, not GB18030, neither
     * (bytes NULL: none), and whether any holds a GB2312 Chinese character. */
    raw_cell not_utf8, not_gb, neither;
    gboolean hanzi;
    GIConv gb18030; /* to UTF-8, opened once for all cells */
} text_survey;

static gboolean survey_cell(const raw_cell *c, void *user)
{
    text_survey *s = user;
    if (c->row == 0)
        g_array_append_val(s->names, *c);
    if (!any_high_byte(c->bytes, c->len))
        return TRUE;
    char *raw = g_strndup(c->bytes, c->len);
    if (s->origin) {
        char *text = import_text_decode(raw, s->declared);
        if (!text)
            s->bad = *c;
        g_free(text);
        g_free(raw);
        return s->bad.bytes == NULL;
    }
    gboolean utf8 = utf8_valid(c->bytes, c->len);
    char *gb = g_convert_with_iconv(c->bytes, (gssize)c->len, s->gb18030, NULL, NULL, NULL);
    /* UTF-8 Chinese decodes as GB18030 now and then, into other characters. */
    gboolean gb_ok = gb && !(utf8 && looks_utf8(raw, "GB18030"));
    s->hanzi = s->hanzi || (!utf8 && gb && gb2312_hanzi(c->bytes, c->len));
    if (!utf8 && !s->not_utf8.bytes)
        s->not_utf8 = *c;
    if (!gb_ok && !s->not_gb.bytes)
        s->not_gb = *c;
    if (!utf8 && !gb_ok)
        s->neither = *c;
    g_free(gb);
    g_free(raw);
    return s->neither.bytes == NULL;
}

/* Where cell C is, for a message: "line 3: column "名称"", "feature 2:
 * field "name"", "the name of field 3", with a comma (COMMA) or a colon
 * between the parts, and
 * with BYTES a name's bytes: "the name of field 3 ("\xB1\xE0")" (caller
 * frees). */
static char *cell_where(const text_survey *s, const raw_cell *c, gboolean comma, gboolean bytes)
{
    if (c->row == 0) {
        char *shown = bytes ? bytes_shown(c->bytes, c->len, "ASCII", NULL) : NULL;
        const char *fmt;
        if (s->csv)
            fmt = shown   ? (comma ? _("line 1, the name of column %d (\"%s\")")
                                   : _("line 1: the name of column %d (\"%s\")"))
                  : comma ? _("line 1, the name of column %d")
                          : _("line 1: the name of column %d");
        else
            fmt = shown ? _("the name of field %d (\"%s\")") : _("the name of field %d");
        char *where = g_strdup_printf(fmt, c->column + 1, shown);
        g_free(shown);
        return where;
    }
    char *name = NULL;
    for (guint i = 0; i < s->names->len && !name; i++) {
        const raw_cell *n = &g_array_index(s->names, raw_cell, i);
        if (n->column == c->column)
            name = name_shown(n);
    }
    gint64 at = s->csv ? c->line : c->row;
    char *where;
    if (name && *name)
        where = g_strdup_printf(s->csv  ? (comma ? _("line %" PRId64 ", column \"%s\"")
                                                 : _("line %" PRId64 ": column \"%s\""))
                                : comma ? _("feature %" PRId64 ", field \"%s\"")
                                        : _("feature %" PRId64 ": field \"%s\""),
                                at, name);
    else
        where = g_strdup_printf(
            s->csv  ? (comma ? _("line %" PRId64 ", column %d") : _("line %" PRId64 ": column %d"))
            : comma ? _("feature %" PRId64 ", field %d")
                    : _("feature %" PRId64 ": field %d"),
            at, c->column + 1);
    g_free(name);
    return where;
}

/* Set ERR to why the survey S of PATH found no one encoding. */
static void survey_refuse(const text_survey *s, const char *path, GError **err)
{
    if (s->origin) {
        char *where = cell_where(s, &s->bad, FALSE, TRUE);
        char *raw = g_strndup(s->bad.bytes, s->bad.len);
        char *why = import_text_mismatch(raw, s->declared, s->origin);
        import_set_error(err, VI_ERROR_DATA, path, _("%s: %s"), where, why);
        g_free(why);
        g_free(raw);
        g_free(where);
    } else if (s->neither.bytes || !s->hanzi) {
        const raw_cell *c = s->neither.bytes ? &s->neither : &s->not_utf8;
        char *where = cell_where(s, c, FALSE, FALSE);
        /* Chinese text with a stray byte is shown as Chinese; other text
         * decodes as GB18030 into nonsense, so is shown as UTF-8. */
        char *bytes = bytes_shown(c->bytes, c->len, "UTF-8", s->hanzi ? "GB18030" : NULL);
        import_set_error(err, VI_ERROR_DATA, path,
                         _("%s: expected UTF-8 or GB18030 (GBK) text, got \"%s\" (the file "
                           "does not say its encoding: name it with --encoding, e.g. --encoding "
                           "%s)"),
                         where, bytes, s->hanzi ? "BIG5" : "CP1252");
        g_free(bytes);
        g_free(where);
    } else {
        char *gbk_where = cell_where(s, &s->not_utf8, TRUE, FALSE);
        char *utf8_where = cell_where(s, &s->not_gb, TRUE, FALSE);
        char *gbk = cell_text(&s->not_utf8, "GB18030"), *utf8 = cell_text(&s->not_gb, "UTF-8");
        import_set_error(err, VI_ERROR_DATA, path,
                         _("its text is in two encodings: %s is GBK (\"%s\"), %s is UTF-8 "
                           "(\"%s\"): save the file in one encoding"),
                         gbk_where, gbk, utf8_where, utf8);
        g_free(gbk_where);
        g_free(utf8_where);
        g_free(gbk);
        g_free(utf8);
    }
}

gboolean import_text_detect(const char *path, const char *driver, const char **encoding,
                            const char **detected, GError **err)
{
    *encoding = *detected = NULL;
    gboolean csv = strcmp(driver, "CSV") == 0;
    if (!csv && strcmp(driver, "ESRI Shapefile") != 0)
        return TRUE;
    char *file = csv ? g_strdup(path) : dbf_path(path);
    GMappedFile *map = file ? g_mapped_file_new(file, FALSE, NULL) : NULL;
    g_free(file);
    const char *text = map ? g_mapped_file_get_contents(map) : NULL;
    gsize len = map ? g_mapped_file_get_length(map) : 0;
    if (!text) { /* GDAL read it; what cannot be mapped is no text */
        if (map)
            g_mapped_file_unref(map);
        return TRUE;
    }
    text_survey s = {.csv = csv,
                     .names = g_array_new(FALSE, FALSE, sizeof(raw_cell)),
                     .gb18030 = g_iconv_open("UTF-8", "GB18030")};
    gsize bom = csv ? bom_length(text, len) : 0;
    gboolean ok = TRUE;
    if (s.gb18030 == (GIConv)-1) /* an iconv without GB18030: UTF-8 is all it reads */
        goto out;
    if (bom == 3)
        s.origin = _("its byte order mark says UTF-8");
    else if (bom == 4)
        s.origin = _("its byte order mark says GB18030"), s.declared = "GB18030";
    /* A whole CSV in UTF-8 has every cell in UTF-8: its separators and
     * quotes are single bytes. */
    if (csv && bom != 4 && g_utf8_validate_len(text + bom, len - bom, NULL))
        goto out;
    if (csv)
        csv_cells(text, len, survey_cell, &s);
    else
        dbf_cells((const guchar *)text, len, survey_cell, &s);
    if (s.origin)
        ok = s.bad.bytes == NULL;
    else if (s.not_utf8.bytes && !s.not_gb.bytes && s.hanzi)
        *detected = "GB18030";
    else
        ok = s.not_utf8.bytes == NULL;
    if (!ok)
        survey_refuse(&s, path, err);
    *encoding = s.origin ? s.declared : *detected;
out:
    if (s.gb18030 != (GIConv)-1)
        g_iconv_close(s.gb18030);
    g_array_free(s.names, TRUE);
    g_mapped_file_unref(map);
    return ok;
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
    (void)lang; /* the current language: the catalogue chooses */
    char *where = g_strdup_printf(rows ? _("row %" PRId64) : _("feature %" PRId64), first);
    import_warn(res,
                _("'%s': %" PRId64 " values had no-break, full-width or zero-width "
                  "spaces at their start or end: trimmed (the first: %s, field \"%s\")"),
                path, count, where, field);
    g_free(where);
}
