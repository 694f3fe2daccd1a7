/*
 * textcheck.c - the characters and length a text field accepts (textcheck.h).
 */
#include "textcheck.h"
#include "i18n.h"

#include <string.h>

/* Characters that show nothing, or nothing but a space, and so are trimmed
 * from the ends of a value. */
static gboolean blank_char(gunichar c)
{
    return g_unichar_isspace(c) || g_unichar_type(c) == G_UNICODE_FORMAT;
}

/* Whether S is in NFC already because it holds only characters that NFC
 * never changes and that never combine: ASCII and the CJK Unified
 * Ideographs (U+4E00 to U+9FFF), the text of nearly every field an import
 * reads, which then skips g_utf8_normalize() (a third of the time an
 * import spends on its text). */
static gboolean plainly_nfc(const char *s)
{
    const guchar *p = (const guchar *)s;
    while (*p) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        /* Three bytes E4 B8 80 (U+4E00) to E9 BF BF (U+9FFF). */
        if (p[0] < 0xE4 || p[0] > 0xE9 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
            (p[0] == 0xE4 && p[1] < 0xB8))
            return FALSE;
        p += 3;
    }
    return TRUE;
}

char *vi_text_tidy(const char *s, gboolean *unusual)
{
    char *nfc = plainly_nfc(s) ? g_strdup(s) : g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
    if (!nfc) /* not valid UTF-8: the caller checked it, keep it as it is */
        nfc = g_strdup(s);
    const char *start = nfc, *end = nfc + strlen(nfc);
    gboolean odd = FALSE;
    while (start < end && blank_char(g_utf8_get_char(start))) {
        odd = odd || (guchar)*start >= 0x80;
        start = g_utf8_next_char(start);
    }
    while (end > start) {
        const char *prev = g_utf8_prev_char(end);
        if (!blank_char(g_utf8_get_char(prev)))
            break;
        odd = odd || (guchar)*prev >= 0x80;
        end = prev;
    }
    if (unusual)
        *unusual = odd;
    char *tidy = g_strndup(start, (gsize)(end - start));
    g_free(nfc);
    return tidy;
}

char *vi_text_char_name(gunichar c)
{
    static const struct {
        gunichar c;
        const char *name;
    } names[] = {
        {0x0000, N_("a NUL character")},
        {0x0009, N_("a tab")},
        {0x000A, N_("a line break")},
        {0x000D, N_("a carriage return")},
        {0x00A0, N_("a no-break space")},
        {0x00AD, N_("a soft hyphen")},
        {0x200B, N_("a zero-width space")},
        {0x200C, N_("a zero-width non-joiner")},
        {0x200D, N_("a zero-width joiner")},
        {0x2028, N_("a line separator")},
        {0x2029, N_("a paragraph separator")},
        {0x2060, N_("a word joiner")},
        {0x3000, N_("an ideographic (full-width) space")},
        {0xFEFF, N_("a zero-width no-break space (byte order mark)")},
    };
    const char *name = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(names) && !name; i++)
        if (names[i].c == c)
            name = names[i].name;
    if (!name)
        switch (g_unichar_type(c)) {
        case G_UNICODE_CONTROL:
            name = N_("a control character");
            break;
        case G_UNICODE_FORMAT:
            name = N_("an invisible formatting character");
            break;
        case G_UNICODE_SPACE_SEPARATOR:
            name = N_("a space other than the ordinary one");
            break;
        default:
            name = N_("a character that shows nothing");
            break;
        }
    return g_strdup_printf(_("U+%04X (%s)"), (unsigned)c, _(name));
}

char *vi_text_problem(const char *s, vi_text_kind kind)
{
    glong at = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        at++;
        GUnicodeType t = g_unichar_type(c);
        gboolean bad = t == G_UNICODE_CONTROL || t == G_UNICODE_FORMAT ||
                       t == G_UNICODE_LINE_SEPARATOR || t == G_UNICODE_PARAGRAPH_SEPARATOR;
        gboolean lookalike = kind == VI_TEXT_KEY && t == G_UNICODE_SPACE_SEPARATOR && c != ' ';
        if (!bad && !lookalike)
            continue;
        char *name = vi_text_char_name(c);
        char *what =
            bad ? g_strdup_printf(_("expected text without control or invisible characters, got "
                                    "%s at character %ld"),
                                  name, at)
                : g_strdup_printf(_("expected an id or name without look-alike spaces (only the "
                                    "ordinary space U+0020), got %s at character %ld"),
                                  name, at);
        g_free(name);
        return what;
    }
    if (at > VI_TEXT_MAX_CHARS)
        return g_strdup_printf(_("expected at most %d characters (what a shapefile's text field "
                                 "holds in any encoding), got %ld"),
                               VI_TEXT_MAX_CHARS, at);
    return NULL;
}
