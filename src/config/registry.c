/*
 * registry.c - loads the layer registry tables through the table reader.
 */
#include "registry.h"
#include "i18n.h"
#include "fold.h"
#include "table.h"
#include "vocab.h"
#include "vi-error.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

const char *const vi_geom_type_names[] = {"point", "line", "polygon", NULL};
const char *const vi_attr_type_names[] = {"text", "integer", "real", NULL};
const char *const vi_common_fields[] = {"id", "village", "name", "status", "year", "project", NULL};

static const tbl_column layer_cols[] = {
    {"name", TBL_TEXT, offsetof(vi_layer, name), TRUE, NULL},
    {"name_zh", TBL_TEXT, offsetof(vi_layer, name_zh), TRUE, NULL},
    {"name_en", TBL_TEXT, offsetof(vi_layer, name_en), TRUE, NULL},
    {"geometry", TBL_ENUM, offsetof(vi_layer, geometry), TRUE, vi_geom_type_names},
    {"department", TBL_TEXT, offsetof(vi_layer, department), TRUE, NULL},
    {"statuses", TBL_LIST, offsetof(vi_layer, statuses), FALSE, NULL},
    {"breakdown", TBL_TEXT, offsetof(vi_layer, breakdown), FALSE, NULL},
    {"quantity", TBL_TEXT, offsetof(vi_layer, quantity), FALSE, NULL},
    {"symbol", TBL_TEXT, offsetof(vi_layer, symbol), FALSE, NULL},
    {"aliases", TBL_LIST, offsetof(vi_layer, aliases), FALSE, NULL},
};

static const tbl_column attr_cols[] = {
    {"layer", TBL_TEXT, offsetof(vi_attr, layer), TRUE, NULL},
    {"name", TBL_TEXT, offsetof(vi_attr, name), TRUE, NULL},
    {"name_zh", TBL_TEXT, offsetof(vi_attr, name_zh), TRUE, NULL},
    {"name_en", TBL_TEXT, offsetof(vi_attr, name_en), TRUE, NULL},
    {"type", TBL_ENUM, offsetof(vi_attr, type), TRUE, vi_attr_type_names},
    {"allowed", TBL_LIST, offsetof(vi_attr, allowed), FALSE, NULL},
    {"required", TBL_BOOL, offsetof(vi_attr, required), FALSE, NULL},
    {"personal", TBL_BOOL, offsetof(vi_attr, personal), FALSE, NULL},
    {"unit", TBL_TEXT, offsetof(vi_attr, unit), FALSE, NULL},
};

static const tbl_column programme_cols[] = {
    {"key", TBL_TEXT, offsetof(vi_programme, key), TRUE, NULL},
    {"name_zh", TBL_TEXT, offsetof(vi_programme, name_zh), TRUE, NULL},
    {"name_en", TBL_TEXT, offsetof(vi_programme, name_en), TRUE, NULL},
};

static const tbl_column region_cols[] = {
    {"name", TBL_TEXT, offsetof(vi_region, name), TRUE, NULL},
    {"min_lon", TBL_REAL, offsetof(vi_region, min_lon), TRUE, NULL},
    {"min_lat", TBL_REAL, offsetof(vi_region, min_lat), TRUE, NULL},
    {"max_lon", TBL_REAL, offsetof(vi_region, max_lon), TRUE, NULL},
    {"max_lat", TBL_REAL, offsetof(vi_region, max_lat), TRUE, NULL},
    {"village_margin_m", TBL_REAL, offsetof(vi_region, village_margin_m), TRUE, NULL},
    {"village_reach_m", TBL_REAL, offsetof(vi_region, village_reach_m), TRUE, NULL},
    {"village_overlap_m2", TBL_REAL, offsetof(vi_region, village_overlap_m2), TRUE, NULL},
};

static const tbl_column bound_cols[] = {
    {"table", TBL_TEXT, offsetof(vi_bound, table), TRUE, NULL},
    {"field", TBL_TEXT, offsetof(vi_bound, field), TRUE, NULL},
    {"min", TBL_REAL, offsetof(vi_bound, min), TRUE, NULL},
    {"max", TBL_REAL, offsetof(vi_bound, max), TRUE, NULL},
};

/* The ledger's numbers with bounds (ledger.c). */
static const char *const ledger_numbers[] = {"funding_wan", NULL};

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

static gboolean read_table(const char *datadir, const char *file, const tbl_column *cols,
                           size_t ncols, size_t row_size, GArray **rows, GError **err)
{
    char *path = g_build_filename(datadir, file, NULL);
    gboolean ok = tbl_read(path, cols, ncols, row_size, rows, err);
    g_free(path);
    return ok;
}

static gboolean bound_error(const vi_registry *reg, GError **err, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
static gboolean bound_error(const vi_registry *reg, GError **err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s/bounds.tsv': %s"), reg->datadir, what);
    g_free(what);
    return FALSE;
}

/* Every bound names a number of a layer or of the ledger, once, with min <=
 * max; every integer or real attribute has one (a quantity without bounds
 * would take 1e308). */
static gboolean link_bounds(vi_registry *reg, GError **err)
{
    for (guint b = 0; b < reg->bound_rows->len; b++) {
        const vi_bound *bound = &g_array_index(reg->bound_rows, vi_bound, b);
        if (!(bound->min <= bound->max) || !isfinite(bound->min) || !isfinite(bound->max))
            return bound_error(reg, err,
                               _("field \"%s\" of \"%s\": expected finite bounds with min <= "
                                 "max, got %g to %g"),
                               bound->field, bound->table, bound->min, bound->max);
        for (guint c = 0; c < b; c++) {
            const vi_bound *other = &g_array_index(reg->bound_rows, vi_bound, c);
            if (strcmp(other->table, bound->table) == 0 && strcmp(other->field, bound->field) == 0)
                return bound_error(reg, err, _("field \"%s\" of \"%s\" is listed twice"),
                                   bound->field, bound->table);
        }
        if (strcmp(bound->table, VI_LEDGER_TABLE) == 0) {
            if (!g_strv_contains(ledger_numbers, bound->field))
                return bound_error(reg, err, _("the ledger has no number \"%s\""), bound->field);
            continue;
        }
        const vi_layer *layer = registry_layer(reg, bound->table);
        int i = layer ? layer_attr_index(layer, bound->field) : -1;
        if (i < 0 || layer->attrs[i]->type == VI_ATTR_TEXT)
            return bound_error(reg, err,
                               _("\"%s\" of \"%s\" is not an integer or real attribute of "
                                 "attributes.tsv"),
                               bound->field, bound->table);
        layer->attrs[i]->bound = bound;
    }
    for (guint a = 0; a < reg->attr_rows->len; a++) {
        const vi_attr *attr = &g_array_index(reg->attr_rows, vi_attr, a);
        if (attr->type != VI_ATTR_TEXT && !attr->bound)
            return bound_error(reg, err,
                               _("attribute \"%s\" of layer \"%s\" is a number without bounds "
                                 "(add a row: %s, %s, min, max)"),
                               attr->name, attr->layer, attr->layer, attr->name);
    }
    return TRUE;
}

/* Every name a source layer may match a layer by (registry_layer_match)
 * names one layer only: "道路" cannot be the roads' name and another layer's
 * alias. */
static gboolean check_layer_names(const vi_registry *reg, GError **err)
{
    GHashTable *owner = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < reg->layer_rows->len; i++) {
        const vi_layer *layer = &g_array_index(reg->layer_rows, vi_layer, i);
        const char *fixed[] = {layer->name, layer->name_zh, layer->name_en};
        guint nalias = layer->aliases ? g_strv_length(layer->aliases) : 0;
        for (guint k = 0; ok && k < 3 + nalias; k++) {
            const char *name = k < 3 ? fixed[k] : layer->aliases[k - 3];
            char *folded = vi_fold(name);
            const vi_layer *other = folded ? g_hash_table_lookup(owner, folded) : NULL;
            if (other && other != layer) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("'%s/layers.tsv': \"%s\" names both layer \"%s\" and layer \"%s\" "
                              "(a name or alias may name one layer only)"),
                            reg->datadir, name, other->name, layer->name);
                ok = FALSE;
            }
            if (folded && !other)
                g_hash_table_insert(owner, folded, (gpointer)layer);
            else
                g_free(folded);
        }
    }
    g_hash_table_destroy(owner);
    return ok;
}

/* Cross-checks that the table reader cannot do: unique names, attributes of known layers. */
static gboolean registry_link(vi_registry *reg, GError **err)
{
    for (guint i = 0; i < reg->layer_rows->len; i++) {
        vi_layer *layer = &g_array_index(reg->layer_rows, vi_layer, i);
        for (guint j = 0; j < i; j++)
            if (strcmp(g_array_index(reg->layer_rows, vi_layer, j).name, layer->name) == 0) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("'%s/layers.tsv': layer \"%s\" is listed twice"), reg->datadir,
                            layer->name);
                return FALSE;
            }
    }
    for (guint a = 0; a < reg->attr_rows->len; a++) {
        vi_attr *attr = &g_array_index(reg->attr_rows, vi_attr, a);
        vi_layer *layer = (vi_layer *)registry_layer(reg, attr->layer);
        if (!layer) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s/attributes.tsv': attribute \"%s\" names unknown layer \"%s\""),
                        reg->datadir, attr->name, attr->layer);
            return FALSE;
        }
        if (layer_attr_index(layer, attr->name) >= 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s/attributes.tsv': attribute \"%s\" of layer \"%s\" is listed twice"),
                        reg->datadir, attr->name, attr->layer);
            return FALSE;
        }
        layer->attrs = g_renew(vi_attr *, layer->attrs, layer->nattrs + 1);
        layer->attrs[layer->nattrs++] = attr;
    }
    for (guint i = 0; i < reg->layer_rows->len; i++) {
        vi_layer *layer = &g_array_index(reg->layer_rows, vi_layer, i);
        const char *refs[] = {layer->breakdown, layer->quantity};
        for (size_t k = 0; k < 2; k++)
            if (refs[k] && layer_attr_index(layer, refs[k]) < 0) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("'%s/layers.tsv': layer \"%s\" refers to unknown attribute \"%s\""),
                            reg->datadir, layer->name, refs[k]);
                return FALSE;
            }
    }
    if (!link_bounds(reg, err) || !check_layer_names(reg, err))
        return FALSE;
    if (!registry_layer(reg, VI_LAYER_VILLAGES) || !registry_layer(reg, VI_LAYER_HOUSEHOLDS)) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s/layers.tsv': the layers \"villages\" and \"households\" are required"),
                    reg->datadir);
        return FALSE;
    }
    if (reg->region_rows->len == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s/region.tsv': no region row"),
                    reg->datadir);
        return FALSE;
    }
    const vi_region *r = &g_array_index(reg->region_rows, vi_region, 0);
    if (!(r->min_lon >= -180 && r->min_lon < r->max_lon && r->max_lon <= 180 && r->min_lat >= -90 &&
          r->min_lat < r->max_lat && r->max_lat <= 90)) {
        g_set_error(
            err, VI_ERROR, VI_ERROR_DATA,
            _("'%s/region.tsv': region \"%s\": expected an extent in degrees with min_lon < "
              "max_lon within -180 to 180 and min_lat < max_lat within -90 to 90, got "
              "%g to %g E, %g to %g N"),
            reg->datadir, r->name ? r->name : "", r->min_lon, r->max_lon, r->min_lat, r->max_lat);
        return FALSE;
    }
    if (!(r->village_margin_m >= 0 && r->village_reach_m >= 0 && r->village_overlap_m2 >= 0 &&
          isfinite(r->village_margin_m + r->village_reach_m + r->village_overlap_m2))) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s/region.tsv': region \"%s\": expected village_margin_m, "
                      "village_reach_m and village_overlap_m2 of 0 or more, got %g, %g and %g"),
                    reg->datadir, r->name ? r->name : "", r->village_margin_m, r->village_reach_m,
                    r->village_overlap_m2);
        return FALSE;
    }
    return TRUE;
}

vi_registry *registry_load(const char *datadir, GError **err)
{
    vi_registry *reg = g_new0(vi_registry, 1);
    reg->datadir = g_strdup(datadir);
    if (!read_table(datadir, "layers.tsv", layer_cols, NCOLS(layer_cols), sizeof(vi_layer),
                    &reg->layer_rows, err) ||
        !read_table(datadir, "attributes.tsv", attr_cols, NCOLS(attr_cols), sizeof(vi_attr),
                    &reg->attr_rows, err) ||
        !read_table(datadir, "programmes.tsv", programme_cols, NCOLS(programme_cols),
                    sizeof(vi_programme), &reg->programme_rows, err) ||
        !read_table(datadir, "region.tsv", region_cols, NCOLS(region_cols), sizeof(vi_region),
                    &reg->region_rows, err) ||
        !read_table(datadir, "bounds.tsv", bound_cols, NCOLS(bound_cols), sizeof(vi_bound),
                    &reg->bound_rows, err) ||
        !registry_link(reg, err) || !(reg->vocab = vocab_load(reg, err))) {
        registry_free(reg);
        return NULL;
    }
    return reg;
}

void registry_free(vi_registry *reg)
{
    if (!reg)
        return;
    vocab_free(reg->vocab);
    if (reg->layer_rows)
        for (guint i = 0; i < reg->layer_rows->len; i++)
            g_free(g_array_index(reg->layer_rows, vi_layer, i).attrs);
    tbl_rows_free(reg->layer_rows, layer_cols, NCOLS(layer_cols));
    tbl_rows_free(reg->attr_rows, attr_cols, NCOLS(attr_cols));
    tbl_rows_free(reg->programme_rows, programme_cols, NCOLS(programme_cols));
    tbl_rows_free(reg->region_rows, region_cols, NCOLS(region_cols));
    tbl_rows_free(reg->bound_rows, bound_cols, NCOLS(bound_cols));
    g_free(reg->datadir);
    g_free(reg);
}

int registry_layer_count(const vi_registry *reg)
{
    return (int)reg->layer_rows->len;
}

const vi_layer *registry_layer_at(const vi_registry *reg, int i)
{
    return &g_array_index(reg->layer_rows, vi_layer, i);
}

const vi_layer *registry_layer(const vi_registry *reg, const char *name)
{
    for (guint i = 0; i < reg->layer_rows->len; i++)
        if (strcmp(g_array_index(reg->layer_rows, vi_layer, i).name, name) == 0)
            return &g_array_index(reg->layer_rows, vi_layer, i);
    return NULL;
}

char *registry_layer_names(const vi_registry *reg)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < reg->layer_rows->len; i++)
        g_string_append_printf(s, "%s%s", i ? _(", ") : "",
                               g_array_index(reg->layer_rows, vi_layer, i).name);
    return g_string_free(s, FALSE);
}

const vi_layer *registry_layer_match(const vi_registry *reg, const char *name)
{
    char *want = vi_fold(name);
    const vi_layer *found = NULL;
    for (guint i = 0; want && !found && i < reg->layer_rows->len; i++) {
        const vi_layer *layer = &g_array_index(reg->layer_rows, vi_layer, i);
        if (vi_fold_equal(want, layer->name) || vi_fold_equal(want, layer->name_zh) ||
            vi_fold_equal(want, layer->name_en))
            found = layer;
        for (int k = 0; !found && layer->aliases && layer->aliases[k]; k++)
            if (vi_fold_equal(want, layer->aliases[k]))
                found = layer;
    }
    g_free(want);
    return found;
}

int registry_programme_count(const vi_registry *reg)
{
    return (int)reg->programme_rows->len;
}

const vi_programme *registry_programme_at(const vi_registry *reg, int i)
{
    return &g_array_index(reg->programme_rows, vi_programme, i);
}

const vi_programme *registry_programme(const vi_registry *reg, const char *key)
{
    for (guint i = 0; i < reg->programme_rows->len; i++)
        if (strcmp(g_array_index(reg->programme_rows, vi_programme, i).key, key) == 0)
            return &g_array_index(reg->programme_rows, vi_programme, i);
    return NULL;
}

const vi_region *registry_region(const vi_registry *reg)
{
    return &g_array_index(reg->region_rows, vi_region, 0);
}

const vi_bound *registry_bound(const vi_registry *reg, const char *table, const char *field)
{
    for (guint i = 0; i < reg->bound_rows->len; i++) {
        const vi_bound *b = &g_array_index(reg->bound_rows, vi_bound, i);
        if (strcmp(b->table, table) == 0 && strcmp(b->field, field) == 0)
            return b;
    }
    return NULL;
}

gboolean vi_bound_contains(const vi_bound *b, double v)
{
    return v >= b->min && v <= b->max;
}

char *vi_bound_text(const vi_bound *b, const char *unit)
{
    if (unit)
        return g_strdup_printf(_("%.15g to %.15g %s"), b->min, b->max, unit);
    return g_strdup_printf(_("%.15g to %.15g"), b->min, b->max);
}

int layer_attr_index(const vi_layer *layer, const char *name)
{
    for (int i = 0; i < layer->nattrs; i++)
        if (strcmp(layer->attrs[i]->name, name) == 0)
            return i;
    return -1;
}

gboolean vi_value_allowed(char *const *allowed, const char *value)
{
    if (!allowed)
        return TRUE;
    for (int i = 0; allowed[i]; i++)
        if (strcmp(allowed[i], value) == 0)
            return TRUE;
    return FALSE;
}
