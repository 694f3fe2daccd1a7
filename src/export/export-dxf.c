/*
 * export-dxf.c - what GDAL's DXF writer leaves out (export-int.h), added
 * to the file after GDAL has closed it and before the package is moved
 * into place:
 * - units: GDAL's header template declares inches ($INSUNITS 1) and
 *   imperial measurement; the drawing is in metres of a projected CRS, so
 *   $INSUNITS 6 (metres) and $MEASUREMENT 1 (metric), or AutoCAD scales
 *   every insert and dimension wrongly;
 * - text styles: GDAL's styles name no font, and AutoCAD's fallback
 *   (txt.shx) has no Chinese glyphs, so every label shows as "???".  Each
 *   style gets the GB fonts every Chinese CAD program and AutoCAD ship:
 *   gbenor.shx for Latin and digits with the big font gbcbig.shx for
 *   Chinese;
 * - code page: an AC1018 (AutoCAD 2004) file keeps its strings in the code
 *   page of $DWGCODEPAGE.  GDAL escapes label text as \U+XXXX but writes
 *   layer names as UTF-8 under ANSI_1252, which AutoCAD shows as mojibake.
 *   The file is declared ANSI_936 (GBK) and every non-ASCII character is
 *   written in GBK, or as \U+XXXX where GBK lacks it.
 * The file is read as (group code, value) pairs, so a value that looks
 * like a code is never mistaken for one.
 */
#include "export-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DXF_FONT "gbenor.shx"
#define DXF_BIGFONT "gbcbig.shx"

/* A header variable and the (code, value) it must have. */
typedef struct {
    const char *name;
    const char *code;
    const char *value;
} header_var;

static const header_var header_vars[] = {
    {"$DWGCODEPAGE", "  3", "ANSI_936"},
    {"$INSUNITS", " 70", "     6"},
    {"$MEASUREMENT", " 70", "     1"},
};

/* Append VALUE to OUT in GBK, characters GBK lacks as \U+XXXX. */
static void append_gbk(GString *out, const char *value)
{
    for (const char *p = value; *p; p = g_utf8_next_char(p)) {
        if ((unsigned char)*p < 0x80) {
            g_string_append_c(out, *p);
            continue;
        }
        gsize len = (gsize)(g_utf8_next_char(p) - p), written = 0;
        char *gbk = g_convert(p, (gssize)len, "GBK", "UTF-8", NULL, &written, NULL);
        if (gbk)
            g_string_append_len(out, gbk, (gssize)written);
        else
            g_string_append_printf(out, "\\U+%04x", (unsigned)g_utf8_get_char(p));
        g_free(gbk);
    }
}

/* VALUE with GDAL's \U+XXXX escapes as the characters (GBK has them; a
 * reader that does not decode escapes, such as ezdxf, then shows them too). */
static char *unescape(const char *value)
{
    GString *s = g_string_new(NULL);
    for (const char *p = value; *p;) {
        unsigned cp = 0;
        int used = 0;
        if (p[0] == '\\' && p[1] == 'U' && p[2] == '+' && sscanf(p + 3, "%4x%n", &cp, &used) == 1 &&
            used == 4 && cp >= 0x80) {
            g_string_append_unichar(s, cp);
            p += 7;
        } else {
            g_string_append_c(s, *p++);
        }
    }
    return g_string_free(s, FALSE);
}

static void append_pair(GString *out, const char *code, const char *value)
{
    g_string_append(out, code);
    g_string_append_c(out, '\n');
    int c = atoi(code);
    if (c == 1 || c == 3) { /* text: MTEXT's, and its continuation chunks */
        char *text = unescape(value);
        append_gbk(out, text);
        g_free(text);
    } else {
        append_gbk(out, value);
    }
    g_string_append_c(out, '\n');
}

static int code_of(const char *line)
{
    return atoi(line);
}

gboolean export_dxf_finish(const char *path, GError **err)
{
    char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &text, &len, &e)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot read '%s': %s"), path, e->message);
        g_error_free(e);
        return FALSE;
    }
    if (!g_utf8_validate(text, (gssize)len, NULL)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO,
                    _("cannot finish '%s': GDAL wrote text that is not UTF-8"), path);
        g_free(text);
        return FALSE;
    }
    char **lines = g_strsplit(text, "\n", -1);
    g_free(text);
    guint n = g_strv_length(lines);
    for (guint k = 0; k < n; k++) {
        size_t l = strlen(lines[k]);
        if (l && lines[k][l - 1] == '\r')
            lines[k][l - 1] = '\0';
    }
    GString *out = g_string_sized_new(len + len / 8);
    gboolean seen[G_N_ELEMENTS(header_vars)] = {FALSE};
    gboolean in_header = FALSE, in_style = FALSE, style_font = FALSE;
    guint i = 0;
    for (; i + 1 < n; i += 2) {
        const char *code = lines[i], *value = lines[i + 1];
        int c = code_of(code);
        if (c == 0) {
            /* The end of a STYLE record: give it the fonts if it had none. */
            if (in_style && !style_font) {
                append_pair(out, "  3", DXF_FONT);
                append_pair(out, "  4", DXF_BIGFONT);
            }
            in_style = strcmp(value, "STYLE") == 0;
            style_font = FALSE;
            if (in_header && strcmp(value, "ENDSEC") == 0) {
                /* Variables GDAL's template lacked go at the end of the header. */
                for (guint k = 0; k < G_N_ELEMENTS(header_vars); k++)
                    if (!seen[k]) {
                        append_pair(out, "  9", header_vars[k].name);
                        append_pair(out, header_vars[k].code, header_vars[k].value);
                    }
                in_header = FALSE;
            }
        } else if (c == 2 && strcmp(value, "HEADER") == 0) {
            in_header = TRUE;
        }
        if (in_header && c == 9) {
            guint k = 0;
            while (k < G_N_ELEMENTS(header_vars) && strcmp(value, header_vars[k].name) != 0)
                k++;
            if (k < G_N_ELEMENTS(header_vars) && i + 3 < n) {
                append_pair(out, code, value);
                append_pair(out, header_vars[k].code, header_vars[k].value);
                seen[k] = TRUE;
                i += 2; /* the variable's old value */
                continue;
            }
        }
        if (in_style && (c == 3 || c == 4)) {
            /* Fonts come after 2, 70, 40, 41, 50, 71 and 42, before XDATA. */
            if (c == 3) {
                append_pair(out, "  3", DXF_FONT);
                append_pair(out, "  4", DXF_BIGFONT);
                style_font = TRUE;
            }
            continue;
        }
        if (in_style && !style_font && c >= 1000) {
            append_pair(out, "  3", DXF_FONT);
            append_pair(out, "  4", DXF_BIGFONT);
            style_font = TRUE;
        }
        append_pair(out, code, value);
    }
    /* A last line without its pair (the final newline leaves an empty one). */
    for (; i < n; i++)
        if (*lines[i]) {
            g_string_append(out, lines[i]);
            g_string_append_c(out, '\n');
        }
    g_strfreev(lines);
    gboolean ok = g_file_set_contents(path, out->str, (gssize)out->len, &e);
    if (!ok) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': %s"), path, e->message);
        g_error_free(e);
    }
    g_string_free(out, TRUE);
    return ok;
}
