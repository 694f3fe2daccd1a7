/*
 * import-common.c - the small helpers every import shares (import-common.h):
 * the form of error messages, warnings, progress, item labels, the name of
 * what an import goes into, and whole-string number parses.
 */
#include "import-common.h"
#include "i18n.h"
#include "number.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

void import_set_error(GError **err, int code, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(err, VI_ERROR, code, _("cannot import '%s': %s"), path, what);
    g_free(what);
}

void import_warn(vi_import_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_ptr_array_add(res->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

void import_progress(const vi_import_options *opt, gboolean writing, gint64 done, gint64 total)
{
    if (opt->progress)
        opt->progress(((writing ? total : 0) + done) / 2, total, opt->progress_user);
}

/* NOUN is "feature" or "row" (the msgids name each whole phrase, so that a
 * translation can order it); another noun is printed as it is. */
char *import_item_label(const char *noun, gint64 index, const char *id)
{
    if (strcmp(noun, "feature") == 0)
        return import_item_text(vi_i18n_language(), index, id);
    if (strcmp(noun, "row") == 0) {
        if (id)
            return g_strdup_printf(_("row %" PRId64 " (id \"%s\")"), index, id);
        return g_strdup_printf(_("row %" PRId64), index);
    }
    if (id)
        return g_strdup_printf("%s %" G_GINT64_FORMAT " (id \"%s\")", noun, index, id);
    return g_strdup_printf("%s %" G_GINT64_FORMAT, noun, index);
}

/* import_item_label() of a feature, for warnings (LANG is the current
 * language: the catalogue chooses). */
char *import_item_text(vi_lang lang, gint64 index, const char *id)
{
    (void)lang;
    if (id)
        return g_strdup_printf(_("feature %" PRId64 " (id \"%s\")"), index, id);
    return g_strdup_printf(_("feature %" PRId64), index);
}

/* What an import goes into, named for the person reading: the ledger, or the
 * layer KEY by its Chinese name (zh) or its key (en, as the user types it). */
const char *import_target_name(vi_lang lang, const vi_registry *reg, const char *key)
{
    if (strcmp(key, VI_LEDGER_TABLE) == 0)
        return _("the ledger");
    const vi_layer *layer = registry_layer(reg, key);
    return layer ? vi_text(lang, layer->name_zh, layer->name) : key;
}

gboolean import_parse_int(const char *s, gint64 *out)
{
    return vi_parse_int(s, out);
}

gboolean import_parse_real(const char *s, double *out)
{
    return vi_parse_real(s, out);
}
