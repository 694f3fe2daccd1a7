/*
 * totals.c - the totals words of data/totals.tsv and the test of a cell
 * against them (totals.h).
 */
#include "totals.h"
#include "table.h"

#include <stddef.h>
#include <string.h>

struct vi_totals {
    GArray *words; /* totals_word */
};

typedef struct {
    char *word;
} totals_word;

static const tbl_column totals_cols[] = {
    {"word", TBL_TEXT, offsetof(totals_word, word), TRUE, NULL},
};

vi_totals *vi_totals_load(const char *datadir, GError **err)
{
    char *path = g_build_filename(datadir, "totals.tsv", NULL);
    GArray *words = NULL;
    gboolean ok =
        tbl_read(path, totals_cols, G_N_ELEMENTS(totals_cols), sizeof(totals_word), &words, err);
    g_free(path);
    if (!ok)
        return NULL;
    vi_totals *t = g_new0(vi_totals, 1);
    t->words = words;
    return t;
}

void vi_totals_free(vi_totals *t)
{
    if (!t)
        return;
    tbl_rows_free(t->words, totals_cols, G_N_ELEMENTS(totals_cols));
    g_free(t);
}

char *vi_totals_bare(const char *cell)
{
    GString *s = g_string_new(NULL);
    for (const char *p = cell; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isspace(c))
            g_string_append_unichar(s, c);
    }
    while (g_str_has_suffix(s->str, ":") || g_str_has_suffix(s->str, "："))
        g_string_truncate(s, s->len - (g_str_has_suffix(s->str, ":") ? 1 : strlen("：")));
    return g_string_free(s, FALSE);
}

gboolean vi_totals_word(const vi_totals *t, const char *cell, gboolean affix)
{
    if (!cell || !g_utf8_validate(cell, -1, NULL))
        return FALSE;
    char *bare = vi_totals_bare(cell);
    gboolean hit = FALSE;
    for (guint i = 0; i < t->words->len && !hit; i++) {
        char *word = vi_totals_bare(g_array_index(t->words, totals_word, i).word);
        size_t n = strlen(word), len = strlen(bare);
        hit = g_ascii_strcasecmp(bare, word) == 0 ||
              (affix && n > 0 && len > n &&
               (g_ascii_strncasecmp(bare, word, n) == 0 ||
                g_ascii_strcasecmp(bare + len - n, word) == 0));
        g_free(word);
    }
    g_free(bare);
    return hit;
}
