/*
 * edit.c - checks a correction to one feature (edit.h): which fields may be
 * edited, the villages and projects it refers to, and its values against
 * the registry through feature-check.c, as an import checks them.
 */
#include "edit.h"
#include "i18n.h"
#include "feature-check.h"
#include "textcheck.h"
#include "vi-error.h"

#include <stdarg.h>
#include <string.h>

static const char *const common_fields[] = {"village", "name", "status", "year", "project", NULL};

static void edit_error(GError **err, int code, const vi_layer *layer, const char *id,
                       const char *field, const char *fmt, ...) G_GNUC_PRINTF(6, 7);
static void edit_error(GError **err, int code, const vi_layer *layer, const char *id,
                       const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(err, VI_ERROR, code, _("cannot edit %s feature \"%s\": field \"%s\": %s"),
                layer->name, id, field, what);
    g_free(what);
}

static char *field_list(const vi_layer *layer)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; common_fields[i]; i++)
        if (strcmp(layer->name, VI_LAYER_VILLAGES) != 0 || strcmp(common_fields[i], "village") != 0)
            g_string_append_printf(s, "%s%s", s->len ? _(", ") : "", common_fields[i]);
    for (int a = 0; a < layer->nattrs; a++)
        g_string_append_printf(s, "%s%s", _(", "), layer->attrs[a]->name);
    return g_string_free(s, FALSE);
}

gboolean edit_field_personal(const vi_layer *layer, const char *field)
{
    int a = layer_attr_index(layer, field);
    return a >= 0 && layer->attrs[a]->personal;
}

/* Check VALUE (NULL: cleared) for FIELD; *OUT receives the value to store. */
static gboolean check_value(vi_store *store, const vi_layer *layer, const char *id,
                            const char *field, const char *value, char **out, GError **err)
{
    gboolean is_villages = strcmp(layer->name, VI_LAYER_VILLAGES) == 0;
    *out = g_strdup(value);
    /* The text an import would accept (textcheck.h); villages and projects are keys. */
    gboolean key = strcmp(field, "village") == 0 || strcmp(field, "project") == 0;
    char *why = value ? vi_text_problem(value, key ? VI_TEXT_KEY : VI_TEXT_VALUE) : NULL;
    if (why) {
        edit_error(err, VI_ERROR_DATA, layer, id, field, "%s", why);
        g_free(why);
        return FALSE;
    }
    /* What the registry says a value may be (feature-check.h). */
    if (strcmp(field, "status") == 0 || strcmp(field, "year") == 0) {
        gboolean ok = strcmp(field, "status") == 0 ? feature_check_status(layer, out, err)
                                                   : feature_check_year(value, err);
        if (!ok)
            g_prefix_error(err, _("cannot edit %s feature \"%s\": "), layer->name, id);
        return ok;
    }
    if (strcmp(field, "village") == 0) {
        gboolean exists = FALSE;
        if (!value) {
            edit_error(err, VI_ERROR_DATA, layer, id, field, _("expected a village, got nothing"));
            return FALSE;
        }
        if (!store_village_exists(store, value, &exists, err))
            return FALSE;
        if (!exists) {
            edit_error(err, VI_ERROR_DATA, layer, id, field,
                       _("expected a village of the villages layer, got \"%s\""), value);
            return FALSE;
        }
        return TRUE;
    }
    if (strcmp(field, "project") == 0) {
        gboolean exists = FALSE;
        if (value && !store_project_exists(store, value, &exists, err))
            return FALSE;
        if (value && !exists) {
            edit_error(err, VI_ERROR_DATA, layer, id, field,
                       _("expected a project id of the ledger, got \"%s\""), value);
            return FALSE;
        }
        return TRUE;
    }
    if (strcmp(field, "name") == 0) {
        if (is_villages) {
            edit_error(err, VI_ERROR_DATA, layer, id, field,
                       _("a village's name cannot be edited: features refer to the village by "
                         "its name"));
            return FALSE;
        }
        return TRUE;
    }
    const vi_attr *a = layer->attrs[layer_attr_index(layer, field)];
    if (feature_check_attr(a, out, VI_CHECK_HIDE_PERSONAL | VI_CHECK_SAY_REQUIRED, err))
        return TRUE;
    g_prefix_error(err, _("cannot edit %s feature \"%s\": "), layer->name, id);
    return FALSE;
}

gboolean edit_check(vi_store *store, const vi_layer *layer, const char *id,
                    char *const *assignments, vi_edit *edit, GError **err)
{
    memset(edit, 0, sizeof *edit);
    gboolean exists = FALSE;
    if (!store_feature_exists(store, layer, id, &exists, err))
        return FALSE;
    if (!exists) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("layer \"%s\" has no feature \"%s\""),
                    layer->name, id);
        return FALSE;
    }
    int n = assignments ? (int)g_strv_length((char **)assignments) : 0;
    edit->fields = g_new0(char *, n + 1);
    edit->values = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(assignments[i], '=');
        if (!eq || eq == assignments[i]) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("--set \"%s\": expected FIELD=VALUE (an empty VALUE clears the field)"),
                        assignments[i]);
            return FALSE;
        }
        char *field = g_strndup(assignments[i], eq - assignments[i]);
        if (!g_utf8_validate(eq + 1, -1, NULL)) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("--set \"%.*s\": expected UTF-8 text, got bytes in another encoding"),
                        (int)(eq - assignments[i]), assignments[i]);
            g_free(field);
            return FALSE;
        }
        char *value = vi_text_tidy(eq + 1, NULL);
        gboolean known =
            (g_strv_contains(common_fields, field) &&
             !(strcmp(layer->name, VI_LAYER_VILLAGES) == 0 && strcmp(field, "village") == 0)) ||
            layer_attr_index(layer, field) >= 0;
        gboolean ok = TRUE;
        if (!known && (strcmp(field, "id") == 0 || strcmp(field, "geom") == 0)) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("field \"%s\" cannot be edited: delete the feature and import it again"),
                        field);
            ok = FALSE;
        } else if (!known) {
            char *list = field_list(layer);
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("layer \"%s\" has no field \"%s\" (fields: %s)"), layer->name, field,
                        list);
            g_free(list);
            ok = FALSE;
        } else if (g_strv_contains((const char *const *)edit->fields, field)) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("field \"%s\" is set twice"), field);
            ok = FALSE;
        }
        char *stored = NULL;
        ok = ok && check_value(store, layer, id, field, *value ? value : NULL, &stored, err);
        g_free(value);
        if (!ok) {
            g_free(stored); /* check_value() may have set it before failing */
            g_free(field);
            return FALSE;
        }
        edit->fields[edit->n] = field;
        edit->values[edit->n] = stored;
        edit->n++;
    }
    return TRUE;
}

char *edit_describe(const vi_layer *layer, const vi_edit *edit)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < edit->n; i++)
        g_string_append_printf(s, "%s%s=%s", i ? _(", ") : "", edit->fields[i],
                               !edit->values[i]                              ? ""
                               : edit_field_personal(layer, edit->fields[i]) ? _(VI_PERSONAL_HIDDEN)
                                                                             : edit->values[i]);
    return g_string_free(s, FALSE);
}

void edit_clear(vi_edit *edit)
{
    if (!edit)
        return;
    for (int i = 0; i < edit->n; i++) {
        g_free(edit->fields[i]);
        g_free(edit->values[i]);
    }
    g_free(edit->fields);
    g_free(edit->values);
    memset(edit, 0, sizeof *edit);
}
