/*
 * textcheck.h - what text a person may store in a field, checked the same
 * way by an import and by vinfra edit: no control or invisible characters
 * (a NUL cuts the text short in every library downstream, a zero-width space
 * makes two ids that look the same differ), no look-alike spaces inside ids
 * and other keys, and no more characters than every export format holds.
 */
#ifndef VINFRA_TEXTCHECK_H
#define VINFRA_TEXTCHECK_H

#include <glib.h>

/* The most characters a text field holds.  A shapefile's DBF text field holds
 * 254 bytes, and a character takes up to 4 bytes in UTF-8 and in GB18030 (3
 * or 2 for most Chinese characters), so 63 characters fit every export
 * format and encoding of data/profiles; the other formats hold more. */
#define VI_TEXT_MAX_CHARS 63

typedef enum {
    VI_TEXT_VALUE, /* a name, a description, an attribute */
    VI_TEXT_KEY    /* an id or a name other records refer to (a village, a project) */
} vi_text_kind;

/* A copy of S (valid UTF-8) in Unicode NFC (so that text that looks the same
 * compares equal) without white space or invisible characters at either end:
 * ASCII white space, no-break (U+00A0) and ideographic (U+3000) spaces,
 * zero-width characters (U+200B, U+FEFF, ...).  *UNUSUAL (may be NULL) is set
 * when a character other than ASCII white space was trimmed.  Caller frees. */
char *vi_text_tidy(const char *s, gboolean *unusual);

/* NULL when S (valid UTF-8, tidied) may be stored in a field of KIND, else
 * what is wrong, in the form "expected ..., got ..." (caller frees):
 * control characters (U+0000-U+001F, U+007F-U+009F), line and paragraph
 * separators, invisible format characters, in a key any space but U+0020,
 * and more than VI_TEXT_MAX_CHARS characters. */
char *vi_text_problem(const char *s, vi_text_kind kind);

/* How a character is named in messages: "U+00A0 (a no-break space)"
 * (caller frees). */
char *vi_text_char_name(gunichar c);

#endif
