/*
 * sheetcell.h - text cells a spreadsheet shows and never runs.
 *
 * Excel, LibreOffice and WPS run a CSV cell that begins with = + - or @
 * (and, in some, a tab or carriage return before them) as a formula, so a
 * name such as =HYPERLINK("http://...","x") in the data would become a link
 * or a command on the reader's machine.  As OWASP's advice against CSV
 * injection says, such a text cell is written with a single quote before
 * it.  A text that begins with a quote gets one more, so the rule can be
 * undone exactly: remove one leading ' from every text cell that has one.
 * Number cells are never touched (-12.5 is a number, not a formula).
 */
#ifndef VINFRA_SHEETCELL_H
#define VINFRA_SHEETCELL_H

#include <glib.h>

/* Whether the text cell TEXT must be written as sheet_text_cell() gives it. */
gboolean sheet_cell_guarded(const char *text);

/* TEXT as a text cell: with a ' before it when sheet_cell_guarded(); NULL
 * for NULL.  Caller frees. */
char *sheet_text_cell(const char *text);

#endif
