/*
 * export-profile.c - reading and checking the export profiles
 * (export-profile.h; the tables are documented in data/README.md).
 */
#include "export-profile.h"
#include "i18n.h"
#include "rules.h"
#include "table.h"
#include "vi-error.h"

#include <stddef.h>
#include <string.h>

const char *const export_common_fields[] = {"id",   "village", "name", "status",
                                            "year", "project", NULL};

typedef struct {
    char *name, *name_zh, *name_en, *format, *crs, *encoding;
    int values, field_names, aliases, headers, layer_names;
} profile_row;

static const char *const values_choices[] = {"labels", "codes", NULL};
static const char *const names_choices[] = {"ascii", "zh", NULL};
static const char *const aliases_choices[] = {"zh", "ascii", NULL};
static const char *const headers_choices[] = {"zh", "ascii", NULL};

static const tbl_column profile_cols[] = {
    {"name", TBL_TEXT, offsetof(profile_row, name), TRUE, NULL},
    {"name_zh", TBL_TEXT, offsetof(profile_row, name_zh), TRUE, NULL},
    {"name_en", TBL_TEXT, offsetof(profile_row, name_en), TRUE, NULL},
    {"format", TBL_TEXT, offsetof(profile_row, format), TRUE, NULL},
    {"crs", TBL_TEXT, offsetof(profile_row, crs), TRUE, NULL},
    {"encoding", TBL_TEXT, offsetof(profile_row, encoding), TRUE, NULL},
    /* Optional: an empty cell or no column is the first choice. */
    {"values", TBL_ENUM, offsetof(profile_row, values), FALSE, values_choices},
    {"field_names", TBL_ENUM, offsetof(profile_row, field_names), FALSE, names_choices},
    {"aliases", TBL_ENUM, offsetof(profile_row, aliases), FALSE, aliases_choices},
    {"headers", TBL_ENUM, offsetof(profile_row, headers), FALSE, headers_choices},
    {"layer_names", TBL_ENUM, offsetof(profile_row, layer_names), FALSE, headers_choices},
};

/* decimals is read as text so that an empty cell (as many as needed) differs from 0. */
typedef struct {
    char *layer, *file, *source, *field, *alias, *decimals;
} field_row_text;

static const tbl_column field_cols[] = {
    {"layer", TBL_TEXT, offsetof(field_row_text, layer), TRUE, NULL},
    {"file", TBL_TEXT, offsetof(field_row_text, file), FALSE, NULL},
    {"source", TBL_TEXT, offsetof(field_row_text, source), TRUE, NULL},
    {"field", TBL_TEXT, offsetof(field_row_text, field), TRUE, NULL},
    {"alias", TBL_TEXT, offsetof(field_row_text, alias), FALSE, NULL},
    {"decimals", TBL_TEXT, offsetof(field_row_text, decimals), FALSE, NULL},
};

gboolean export_plain_file_name(const char *name)
{
    if (!name || !*name || name[0] == '.')
        return FALSE;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
            return FALSE;
    return TRUE;
}

static void field_free(void *p)
{
    vi_export_field *f = p;
    g_free(f->source);
    g_free(f->service);
    g_free(f->name);
    g_free(f->alias);
    g_free(f);
}

static void layer_free(void *p)
{
    vi_export_layer *l = p;
    g_free(l->file);
    if (l->fields)
        g_ptr_array_unref(l->fields);
    g_free(l);
}

void export_profile_free(vi_export_profile *p)
{
    if (!p)
        return;
    g_free(p->name);
    g_free(p->name_zh);
    g_free(p->name_en);
    g_free(p->format);
    g_free(p->crs);
    g_free(p->encoding);
    g_free(p->path);
    if (p->layers)
        g_ptr_array_unref(p->layers);
    g_free(p);
}

static char *index_path(const char *datadir)
{
    return g_build_filename(datadir, "profiles", "profiles.tsv", NULL);
}

char *export_profile_names(const char *datadir, GError **err)
{
    char *path = index_path(datadir);
    GArray *rows = NULL;
    gboolean ok =
        tbl_read(path, profile_cols, G_N_ELEMENTS(profile_cols), sizeof(profile_row), &rows, err);
    g_free(path);
    if (!ok)
        return NULL;
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < rows->len; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", g_array_index(rows, profile_row, i).name);
    tbl_rows_free(rows, profile_cols, G_N_ELEMENTS(profile_cols));
    return g_string_free(s, FALSE);
}

/* The fields a profile row of LAYER may name, for error messages (caller frees). */
static char *source_names(const vi_layer *layer)
{
    const char *sep = _(", ");
    GString *s = g_string_new(NULL);
    for (int i = 0; export_common_fields[i]; i++)
        g_string_append_printf(s, "%s%s", i ? sep : "", export_common_fields[i]);
    for (int i = 0; i < layer->nattrs; i++)
        g_string_append_printf(s, "%s%s", sep, layer->attrs[i]->name);
    if (layer->geometry == VI_GEOM_LINE)
        g_string_append_printf(s, "%slength_m", sep);
    if (layer->geometry == VI_GEOM_POLYGON)
        g_string_append_printf(s, "%sarea_m2", sep);
    if (strcmp(layer->name, VI_LAYER_HOUSEHOLDS) == 0)
        g_string_append_printf(s, "%sserved(SERVICE[,METHOD])%sdistance(SERVICE[,METHOD])", sep,
                               sep);
    return g_string_free(s, FALSE);
}

/* The registry's layer names, for messages (caller frees). */
static char *layer_names(const vi_registry *reg)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < registry_layer_count(reg); i++)
        g_string_append_printf(s, "%s%s", i ? _(", ") : "", registry_layer_at(reg, i)->name);
    return g_string_free(s, FALSE);
}

/* Parse "served(clinic)" or "distance(clinic,road)" into F. */
static gboolean parse_coverage_source(const char *src, vi_export_field *f)
{
    const char *open = strchr(src, '(');
    size_t len = strlen(src);
    if (!open || len < 3 || src[len - 1] != ')')
        return FALSE;
    char *fn = g_strndup(src, open - src);
    char *args = g_strndup(open + 1, src + len - 1 - (open + 1));
    char **parts = g_strsplit(args, ",", -1);
    gboolean ok = FALSE;
    guint n = g_strv_length(parts);
    if ((strcmp(fn, "served") == 0 || strcmp(fn, "distance") == 0) && (n == 1 || n == 2)) {
        for (guint i = 0; i < n; i++)
            g_strstrip(parts[i]);
        f->kind = strcmp(fn, "served") == 0 ? VI_SRC_SERVED : VI_SRC_DISTANCE;
        f->service = g_strdup(parts[0]);
        f->method = VI_METHOD_LINE;
        ok = *parts[0] != '\0';
        /* Terrain needs a DEM, which a profile cannot give. */
        if (ok && n == 2) {
            ok = strcmp(parts[1], "line") == 0 || strcmp(parts[1], "road") == 0;
            f->method = strcmp(parts[1], "road") == 0 ? VI_METHOD_ROAD : VI_METHOD_LINE;
        }
    }
    g_strfreev(parts);
    g_free(args);
    g_free(fn);
    return ok;
}

/* Resolve ROW's source against LAYER into F; FALSE when the layer has no such field. */
static gboolean resolve_source(const vi_layer *layer, const char *src, vi_export_field *f)
{
    for (int i = 0; export_common_fields[i]; i++)
        if (strcmp(src, export_common_fields[i]) == 0) {
            f->kind = VI_SRC_COMMON;
            f->common = i;
            f->type = strcmp(src, "year") == 0 ? VI_FIELD_INTEGER : VI_FIELD_TEXT;
            return TRUE;
        }
    int a = layer_attr_index(layer, src);
    if (a >= 0) {
        f->kind = VI_SRC_ATTR;
        f->attr = layer->attrs[a];
        f->personal = f->attr->personal;
        f->type = f->attr->type == VI_ATTR_INTEGER ? VI_FIELD_INTEGER
                  : f->attr->type == VI_ATTR_REAL  ? VI_FIELD_REAL
                                                   : VI_FIELD_TEXT;
        return TRUE;
    }
    if (strcmp(src, "length_m") == 0 && layer->geometry == VI_GEOM_LINE) {
        f->kind = VI_SRC_LENGTH;
        f->type = VI_FIELD_REAL;
        return TRUE;
    }
    if (strcmp(src, "area_m2") == 0 && layer->geometry == VI_GEOM_POLYGON) {
        f->kind = VI_SRC_AREA;
        f->type = VI_FIELD_REAL;
        return TRUE;
    }
    if (strcmp(layer->name, VI_LAYER_HOUSEHOLDS) == 0 && parse_coverage_source(src, f)) {
        f->type = f->kind == VI_SRC_SERVED ? VI_FIELD_TEXT : VI_FIELD_REAL;
        return TRUE;
    }
    return FALSE;
}

/* Read the field table of profile P (P->path) into P->layers. */
static gboolean load_fields(vi_export_profile *p, const vi_registry *reg, GError **err)
{
    GArray *rows = NULL;
    if (!tbl_read(p->path, field_cols, G_N_ELEMENTS(field_cols), sizeof(field_row_text), &rows,
                  err))
        return FALSE;
    /* tbl_read() does not give line numbers of rows; count them the way it
     * reads the file (comments and blank lines skipped, the header first). */
    GArray *lines = g_array_new(FALSE, FALSE, sizeof(int));
    char *text = NULL;
    if (g_file_get_contents(p->path, &text, NULL, NULL)) {
        char **ls = g_strsplit(text, "\n", -1);
        gboolean header = TRUE;
        for (int i = 0; ls[i]; i++) {
            char *l = g_strstrip(g_strdup(ls[i]));
            gboolean skip = *l == '\0' || *l == '#';
            g_free(l);
            if (skip)
                continue;
            if (header) {
                header = FALSE;
                continue;
            }
            int n = i + 1;
            g_array_append_val(lines, n);
        }
        g_strfreev(ls);
        g_free(text);
    }
    gboolean ok = FALSE;
    p->layers = g_ptr_array_new_with_free_func(layer_free);
    GHashTable *seen_files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    vi_export_layer *cur = NULL;
    for (guint i = 0; i < rows->len; i++) {
        const field_row_text *r = &g_array_index(rows, field_row_text, i);
        int line = i < lines->len ? g_array_index(lines, int, i) : 0;
        const vi_layer *layer = registry_layer(reg, r->layer);
        if (!layer) {
            char *names = layer_names(reg);
            g_set_error(
                err, VI_ERROR, VI_ERROR_DATA,
                _("profile '%s' ('%s' line %d): no layer \"%s\" in the registry (layers: %s)"),
                p->name, p->path, line, r->layer, names);
            g_free(names);
            goto out;
        }
        if (!cur || cur->layer != layer) {
            for (guint k = 0; k < p->layers->len; k++)
                if (((vi_export_layer *)g_ptr_array_index(p->layers, k))->layer == layer) {
                    g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                                _("profile '%s' ('%s' line %d): the rows of layer \"%s\" must be "
                                  "together"),
                                p->name, p->path, line, r->layer);
                    goto out;
                }
            if (!r->file) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("profile '%s' ('%s' line %d): column \"file\": value required on the "
                              "first row of layer \"%s\""),
                            p->name, p->path, line, r->layer);
                goto out;
            }
            cur = g_new0(vi_export_layer, 1);
            cur->layer = layer;
            cur->file = g_strdup(r->file);
            cur->fields = g_ptr_array_new_with_free_func(field_free);
            g_ptr_array_add(p->layers, cur);
            if (!export_plain_file_name(r->file)) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("profile '%s' ('%s' line %d): file \"%s\": expected a plain file "
                              "name (no folder, no leading dot): it would be written outside the "
                              "package folder"),
                            p->name, p->path, line, r->file);
                goto out;
            }
            char *key = g_utf8_casefold(r->file, -1);
            gboolean dup = g_hash_table_contains(seen_files, key);
            g_hash_table_add(seen_files, key);
            if (dup) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("profile '%s' ('%s' line %d): file \"%s\" is used by another layer"),
                            p->name, p->path, line, r->file);
                goto out;
            }
        } else if (r->file && strcmp(r->file, cur->file) != 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("profile '%s' ('%s' line %d): file \"%s\": layer \"%s\" is already "
                          "written to \"%s\""),
                        p->name, p->path, line, r->file, r->layer, cur->file);
            goto out;
        }
        vi_export_field *f = g_new0(vi_export_field, 1);
        g_ptr_array_add(cur->fields, f);
        f->source = g_strdup(r->source);
        f->name = g_strdup(r->field);
        f->alias = g_strdup(r->alias);
        f->decimals = -1;
        if (!resolve_source(layer, r->source, f)) {
            char *names = source_names(layer);
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("profile '%s' ('%s' line %d): layer \"%s\" has no field \"%s\" "
                          "(fields: %s)"),
                        p->name, p->path, line, r->layer, r->source, names);
            g_free(names);
            goto out;
        }
        if (r->decimals) {
            char *end;
            gint64 d = g_ascii_strtoll(r->decimals, &end, 10);
            if (*end || d < 0 || d > 9 || f->type != VI_FIELD_REAL) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("profile '%s' ('%s' line %d): column \"decimals\": expected 0 to 9 "
                              "for a real field, got \"%s\""),
                            p->name, p->path, line, r->decimals);
                goto out;
            }
            f->decimals = (int)d;
        }
        for (guint k = 0; k + 1 < cur->fields->len; k++) {
            const vi_export_field *o = g_ptr_array_index(cur->fields, k);
            if (g_ascii_strcasecmp(o->name, f->name) == 0) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("profile '%s' ('%s' line %d): field \"%s\" of layer \"%s\" is "
                              "named twice"),
                            p->name, p->path, line, f->name, r->layer);
                goto out;
            }
        }
    }
    if (p->layers->len == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("profile '%s' ('%s'): no layers"), p->name,
                    p->path);
        goto out;
    }
    ok = TRUE;
out:
    g_hash_table_destroy(seen_files);
    g_array_unref(lines);
    tbl_rows_free(rows, field_cols, G_N_ELEMENTS(field_cols));
    return ok;
}

vi_export_profile *export_profile_load(const char *datadir, const char *name,
                                       const vi_registry *reg, GError **err)
{
    char *path = index_path(datadir);
    GArray *rows = NULL;
    vi_export_profile *p = NULL;
    if (!tbl_read(path, profile_cols, G_N_ELEMENTS(profile_cols), sizeof(profile_row), &rows, err))
        goto out;
    for (guint i = 0; i < rows->len; i++) {
        profile_row *r = &g_array_index(rows, profile_row, i);
        if (strcmp(r->name, name) != 0)
            continue;
        p = g_new0(vi_export_profile, 1);
        /* Steal the strings: the row is freed below. */
        p->name = g_steal_pointer(&r->name);
        p->name_zh = g_steal_pointer(&r->name_zh);
        p->name_en = g_steal_pointer(&r->name_en);
        p->format = g_steal_pointer(&r->format);
        p->crs = g_steal_pointer(&r->crs);
        p->encoding = g_steal_pointer(&r->encoding);
        p->values = r->values;
        p->field_names = r->field_names;
        p->aliases = r->aliases;
        /* headers: zh means the Chinese alias, as field_names' zh does. */
        p->headers = r->headers == 0 ? VI_NAMES_ZH : VI_NAMES_ASCII;
        p->layer_names = r->layer_names == 0 ? VI_NAMES_ZH : VI_NAMES_ASCII;
        break;
    }
    if (!p) {
        GString *names = g_string_new(NULL);
        for (guint i = 0; i < rows->len; i++)
            g_string_append_printf(names, "%s%s", i ? _(", ") : "",
                                   g_array_index(rows, profile_row, i).name);
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("--profile: no profile \"%s\" (profiles: %s)"),
                    name, names->str);
        g_string_free(names, TRUE);
        goto out;
    }
    gboolean ok = export_plain_file_name(p->name);
    if (!ok) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s': profile name \"%s\": expected a plain file name"), path, p->name);
    } else {
        g_autofree char *file = g_strconcat(p->name, ".tsv", NULL);
        p->path = g_build_filename(datadir, "profiles", file, NULL);
        ok = load_fields(p, reg, err);
    }
    if (!ok) {
        export_profile_free(p);
        p = NULL;
    }
out:
    tbl_rows_free(rows, profile_cols, G_N_ELEMENTS(profile_cols));
    g_free(path);
    return p;
}
