/*
 * fold.c - text folded for matching (fold.h).
 */
#include "fold.h"

#include <string.h>

/* Spaces at the ends of S (ASCII and the Unicode spaces NFKC leaves alone,
 * such as U+3000 turned into U+0020 already): cut in place. */
static void cut_spaces(char *s)
{
    char *start = s;
    while (*start && g_unichar_isspace(g_utf8_get_char(start)))
        start = g_utf8_next_char(start);
    char *end = start + strlen(start);
    while (end > start) {
        char *prev = g_utf8_prev_char(end);
        if (!g_unichar_isspace(g_utf8_get_char(prev)))
            break;
        end = prev;
    }
    memmove(s, start, (size_t)(end - start));
    s[end - start] = '\0';
}

char *vi_fold(const char *s)
{
    if (!s || !g_utf8_validate(s, -1, NULL))
        return NULL;
    char *nfkc = g_utf8_normalize(s, -1, G_NORMALIZE_ALL_COMPOSE);
    if (!nfkc)
        return NULL;
    char *folded = g_utf8_casefold(nfkc, -1);
    g_free(nfkc);
    cut_spaces(folded);
    return folded;
}

gboolean vi_fold_equal(const char *a, const char *b)
{
    char *fa = vi_fold(a), *fb = vi_fold(b);
    gboolean same = fa && fb && strcmp(fa, fb) == 0;
    g_free(fa);
    g_free(fb);
    return same;
}
