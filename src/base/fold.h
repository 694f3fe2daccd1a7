/*
 * fold.h - text folded for matching what people type against the words a
 * data table holds: "　Ｃｏｎｃｒｅｔｅ " matches "concrete", "ＩＤ" matches
 * "id".  Compatibility forms (full-width letters, digits and punctuation,
 * the ideographic space) become their plain forms (Unicode NFKC), case is
 * folded, and spaces at both ends are cut.  Used for names (layers, fields)
 * and enumerated values alike, so that every vocabulary matches the same way.
 */
#ifndef VINFRA_FOLD_H
#define VINFRA_FOLD_H

#include <glib.h>

/* S folded for matching (caller frees); NULL for NULL or text that is not
 * valid UTF-8. */
char *vi_fold(const char *s);

/* Whether A and B fold to the same text. */
gboolean vi_fold_equal(const char *a, const char *b);

#endif
