/*
 * edit.h - checking a correction to one feature (vinfra edit), as an import
 * checks a feature: the field exists and may be edited, its text is
 * acceptable (textcheck.h), the registry accepts the value (feature-check.h:
 * the field's type, one of its allowed values in their canonical spelling,
 * a year in range, a required field not cleared), a village is in the
 * villages layer, a project is in the ledger.  Nothing here writes.
 */
#ifndef VINFRA_EDIT_H
#define VINFRA_EDIT_H

#include "store.h"
#include <glib.h>

/* Checked assignments: FIELDS[i] = VALUES[i] (NULL clears), N of them (all owned). */
typedef struct {
    char **fields;
    char **values;
    int n;
} vi_edit;

/* Check ASSIGNMENTS ("FIELD=VALUE", NULL-terminated; an empty VALUE clears
 * the field) for feature ID of LAYER, which must exist, and fill EDIT.  ERR
 * says "cannot edit roads feature "R-03": field "status": expected one of
 * ..., got "..."" (VI_ERROR_DATA) or names a wrong FIELD=VALUE or field
 * (VI_ERROR_USAGE). */
gboolean edit_check(vi_store *store, const vi_layer *layer, const char *id,
                    char *const *assignments, vi_edit *edit, GError **err);
/* Whether FIELD of LAYER holds personal data (data/attributes.tsv). */
gboolean edit_field_personal(const vi_layer *layer, const char *field);
/* "status=built, year=2024, phone=(personal, hidden)": personal values
 * are hidden (caller frees). */
char *edit_describe(const vi_layer *layer, const vi_edit *edit);
void edit_clear(vi_edit *edit);

#endif
