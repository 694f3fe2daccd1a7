/*
 * feature-check.c - a feature's values checked against the registry
 * (feature-check.h).  The messages are the ones an import and vinfra edit
 * have always given; `vinfra check` (store_check) reports a stored row that
 * breaks the same rules.
 */
#include "feature-check.h"
#include "i18n.h"
#include "fold.h"
#include "number.h"
#include "vi-error.h"
#include "vocab.h"

#include <stdarg.h>
#include <string.h>

static void field_error(GError **err, const char *field, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void field_error(GError **err, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("field \"%s\": %s"), field, what);
    g_free(what);
}

/* The allowed value V names, or NULL: one of WORDS (vocab.h: the key, its
 * Chinese name, a synonym, folded as vi_fold() folds), or for a field made
 * without them (a test's), one of ALLOWED folded alike ("Ｃoncrete" is
 * concrete). */
static const char *canonical(const vi_words *words, char *const *allowed, const char *v)
{
    if (words)
        return vi_words_key(words, v);
    for (int i = 0; allowed && allowed[i]; i++)
        if (vi_fold_equal(allowed[i], v))
            return allowed[i];
    return NULL;
}

/* "new (新建), built (已建)": ALLOWED with their Chinese names from WORDS
 * when it gives them, joined by the catalogue's separator (caller frees). */
static char *allowed_list(const vi_words *words, char *const *allowed)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; allowed[i]; i++) {
        const char *zh = vi_words_label(words, allowed[i]);
        g_string_append_printf(s, "%s%s", i ? _(", ") : "", allowed[i]);
        if (zh)
            g_string_append_printf(s, _(" (%s)"), zh);
    }
    return g_string_free(s, FALSE);
}

/* "one of new (新建), built (已建)" (caller frees). */
static char *one_of(const vi_words *words, char *const *allowed)
{
    char *list = allowed_list(words, allowed);
    char *text = g_strdup_printf(_("one of %s"), list);
    g_free(list);
    return text;
}

/* Replace *VALUE (owned) by a copy of C when C is not NULL. */
static void put_canonical(char **value, const char *c)
{
    if (!c)
        return;
    g_free(*value);
    *value = g_strdup(c);
}

gboolean feature_check_status(const vi_layer *layer, char **status, GError **err)
{
    if (!*status)
        return TRUE;
    if (!layer->statuses) {
        field_error(err, "status", _("expected nothing (layer %s has no statuses), got \"%s\""),
                    layer->name, *status);
        return FALSE;
    }
    const char *c = canonical(layer->status_words, layer->statuses, *status);
    if (!c) {
        char *list = allowed_list(layer->status_words, layer->statuses);
        field_error(err, "status", _("expected one of %s, got \"%s\""), list, *status);
        g_free(list);
        return FALSE;
    }
    put_canonical(status, c);
    return TRUE;
}

gboolean feature_check_year(const char *year, GError **err)
{
    gint64 y = 0;
    if (year && (!vi_parse_int(year, &y) || y < VI_YEAR_MIN || y > VI_YEAR_MAX)) {
        field_error(err, "year", _("expected a year from %d to %d, got \"%s\""), VI_YEAR_MIN,
                    VI_YEAR_MAX, year);
        return FALSE;
    }
    return TRUE;
}

char *feature_attr_expected(const vi_attr *a)
{
    if (a->allowed)
        return one_of(a->words, a->allowed);
    return g_strdup(a->type == VI_ATTR_INTEGER ? _("an integer")
                    : a->type == VI_ATTR_REAL  ? _("a number")
                                               : _("a text"));
}

/* VALUE as a message shows it: quoted, or hidden when asked to and A is
 * personal (caller frees). */
static char *shown_value(const vi_attr *a, const char *value, unsigned flags)
{
    return (flags & VI_CHECK_HIDE_PERSONAL) && a->personal ? g_strdup(_(VI_PERSONAL_HIDDEN))
                                                           : g_strdup_printf("\"%s\"", value);
}

gboolean feature_check_attr(const vi_attr *a, char **value, unsigned flags, GError **err)
{
    const char *v = *value, *c = NULL;
    gint64 i = 0;
    double d = 0;
    gboolean ok = !v                           ? !a->required
                  : a->type == VI_ATTR_INTEGER ? vi_parse_int(v, &i)
                  : a->type == VI_ATTR_REAL    ? vi_parse_real(v, &d)
                  : a->allowed                 ? (c = canonical(a->words, a->allowed, v)) != NULL
                                               : TRUE;
    /* Every number the registry holds is a quantity with plausible bounds
     * (data/bounds.tsv): a count, a size, a power. */
    if (ok && v && a->bound &&
        !vi_bound_contains(a->bound, a->type == VI_ATTR_INTEGER ? (double)i : d)) {
        char *shown = shown_value(a, v, flags);
        if (a->unit)
            field_error(err, a->name, _("expected %.15g to %.15g %s, got %s"), a->bound->min,
                        a->bound->max, a->unit, shown);
        else
            field_error(err, a->name, _("expected %.15g to %.15g, got %s"), a->bound->min,
                        a->bound->max, shown);
        g_free(shown);
        return FALSE;
    }
    if (ok) {
        put_canonical(value, c);
        return TRUE;
    }
    if (!v && (flags & VI_CHECK_SAY_REQUIRED)) {
        field_error(err, a->name, _("expected a value (the field is required), got nothing"));
        return FALSE;
    }
    char *got = v ? shown_value(a, v, flags) : g_strdup(_("nothing"));
    if (a->allowed) {
        char *list = allowed_list(a->words, a->allowed);
        field_error(err, a->name, _("expected one of %s, got %s"), list, got);
        g_free(list);
    } else {
        char *want = feature_attr_expected(a);
        field_error(err, a->name, _("expected %s, got %s"), want, got);
        g_free(want);
    }
    g_free(got);
    return FALSE;
}

/* Check VALUE (or NULL) of a feature to be stored for attribute A: as
 * feature_check_attr() does, and refusing a spelling other than the
 * registry's, which that would only correct. */
static gboolean check_stored(const vi_attr *a, const char *value, GError **err)
{
    char *v = g_strdup(value);
    gboolean ok = feature_check_attr(a, &v, 0, err);
    if (ok && v && strcmp(v, value) != 0) {
        field_error(err, a->name, _("expected \"%s\" (the registry's spelling), got \"%s\""), v,
                    value);
        ok = FALSE;
    }
    g_free(v);
    return ok;
}

gboolean feature_check(const vi_layer *layer, const vi_feature *f, GError **err)
{
    gboolean ok = TRUE;
    gboolean villages = strcmp(layer->name, VI_LAYER_VILLAGES) == 0;
    if (villages ? !f->name : !f->village) {
        if (villages)
            field_error(err, "name", _("expected the village name, got nothing"));
        else
            field_error(err, "village", _("expected a village, got nothing"));
        ok = FALSE;
    }
    char *status = g_strdup(f->status);
    if (ok && (ok = feature_check_status(layer, &status, err)) && status &&
        strcmp(status, f->status) != 0) {
        field_error(err, "status", _("expected \"%s\" (the registry's spelling), got \"%s\""),
                    status, f->status);
        ok = FALSE;
    }
    g_free(status);
    char *year = f->year ? g_strdup_printf("%d", f->year) : NULL;
    ok = ok && feature_check_year(year, err);
    g_free(year);
    for (int a = 0; ok && a < layer->nattrs; a++)
        ok = check_stored(layer->attrs[a], f->attrs ? f->attrs[a] : NULL, err);
    if (!ok)
        g_prefix_error(err, _("%s feature \"%s\": "), layer->name, f->id ? f->id : "");
    return ok;
}
