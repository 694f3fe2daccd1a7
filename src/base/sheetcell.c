/*
 * sheetcell.c - text cells a spreadsheet shows and never runs (sheetcell.h).
 */
#include "sheetcell.h"

#include <string.h>

gboolean sheet_cell_guarded(const char *text)
{
    /* The characters OWASP lists, and the quote itself, which keeps the
     * rule reversible. */
    return text && *text && strchr("=+-@\t\r'", *text) != NULL;
}

char *sheet_text_cell(const char *text)
{
    if (!text)
        return NULL;
    return sheet_cell_guarded(text) ? g_strconcat("'", text, NULL) : g_strdup(text);
}
