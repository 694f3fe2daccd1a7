/*
 * feature-check.h - a feature's values checked against the registry, in one
 * place for every writer of the store: an import (import-fields.c), vinfra
 * edit (edit.c), plan --save (siting.c) and the generators
 * (tests/bench/gen-bench.c).  The registry says what a value may be: one of
 * the layer's statuses, a year in range, and for each attribute its type,
 * its allowed values, its plausible bounds and whether it is required.
 * Checks against other records (the village exists, the project is in the
 * ledger, an id is unique) and of the characters of a text (textcheck.h)
 * are the callers'.
 *
 * Errors are VI_ERROR_DATA and say what is wrong with which field: 'field
 * "status": expected one of new (新建), built (已建), got "bulit"'.  Callers put in front
 * whose field it is ("cannot import 'roads.shp': feature 3: ", "cannot edit
 * roads feature "R-03": ").
 */
#ifndef VINFRA_FEATURE_CHECK_H
#define VINFRA_FEATURE_CHECK_H

#include "registry.h"
#include "feature.h"
#include <glib.h>

/* Years a record may carry: the People's Republic to the end of any plan. */
#define VI_YEAR_MIN 1949
#define VI_YEAR_MAX 2100

/* How feature_check_attr() words its messages. */
typedef enum {
    /* A personal field's value is shown as VI_PERSONAL_HIDDEN (vinfra edit:
     * the value was typed on a command line that others may read). */
    VI_CHECK_HIDE_PERSONAL = 1 << 0,
    /* A required field left empty is said as "expected a value (the field
     * is required)" (a correction that clears it) rather than by what the
     * field takes (a record that lacks it). */
    VI_CHECK_SAY_REQUIRED = 1 << 1,
} vi_check_flags;

/* Check *STATUS (owned, or NULL for none) for LAYER: nothing for a layer
 * without statuses, else a word of its statuses (vocab.h: the key, its
 * Chinese name or a synonym, ignoring case, full-width forms and spaces at
 * the ends; a status of a kind the layer has under another name, such as
 * 新建 on streetlights, is the layer's), put as the status it means.  A
 * refusal lists the statuses with their Chinese names: 'expected one of
 * built (已建), existing (现有), planned (规划), got "坏了"'. */
gboolean feature_check_status(const vi_layer *layer, char **status, GError **err);

/* Check YEAR (text, or NULL for unknown): a whole year from VI_YEAR_MIN to
 * VI_YEAR_MAX. */
gboolean feature_check_year(const char *year, GError **err);

/* Check *VALUE (owned, or NULL for none) for attribute A: present when
 * required, of A's type, a word of one of its allowed values (as for
 * statuses; put as the value it means) and within its bounds.  FLAGS:
 * vi_check_flags. */
gboolean feature_check_attr(const vi_attr *a, char **value, unsigned flags, GError **err);

/* What attribute A takes, for messages: "one of concrete (水泥路面),
 * asphalt (沥青路面)", "an integer", "a number" or "a text" (caller
 * frees). */
char *feature_attr_expected(const vi_attr *a);

/* Check feature F as a writer gives it to store_feature_insert() for LAYER:
 * a village (the villages layer: a name), its status, year (0: unknown) and
 * attributes as above, every value spelled as the registry spells it.  The
 * error says whose field it is: 'roads feature "R-03": field "surface":
 * ...'. */
gboolean feature_check(const vi_layer *layer, const vi_feature *f, GError **err);

#endif
