/*
 * style.c - map styles: maps/<name>.tsv read with the table reader's
 * sections, then checked against the layer registry.  See style.h.
 */
#include "style.h"
#include "table.h"
#include "i18n.h"
#include "vi-error.h"

#include <stddef.h>
#include <string.h>

const char *const vi_symbol_names[] = {"none",   "circle", "square", "triangle", "diamond",
                                       "star",   "cross",  "tower",  "drop",     "house",
                                       "bridge", "tree",   "flag",   "lamp",     NULL};
static const char *const legend_sides[] = {"right", "left", NULL};
static const char *const graticules[] = {"ticks", "grid", "none", NULL};

#define L(f) offsetof(vi_style_layout, f)
static const tbl_column layout_keys[] = {
    {"font", TBL_TEXT, L(font), FALSE, NULL},
    {"language", TBL_TEXT, L(language), FALSE, NULL},
    {"margin_mm", TBL_REAL, L(margin_mm), FALSE, NULL},
    {"title_pt", TBL_REAL, L(title_pt), FALSE, NULL},
    {"subtitle_pt", TBL_REAL, L(subtitle_pt), FALSE, NULL},
    {"label_pt", TBL_REAL, L(label_pt), FALSE, NULL},
    {"legend_pt", TBL_REAL, L(legend_pt), FALSE, NULL},
    {"footer_pt", TBL_REAL, L(footer_pt), FALSE, NULL},
    {"legend", TBL_ENUM, L(legend), FALSE, legend_sides},
    {"legend_width_mm", TBL_REAL, L(legend_width_mm), FALSE, NULL},
    {"graticule", TBL_ENUM, L(graticule), FALSE, graticules},
    {"paper", TBL_COLOUR, L(paper), FALSE, NULL},
    {"map_background", TBL_COLOUR, L(map_background), FALSE, NULL},
    {"frame", TBL_COLOUR, L(frame), FALSE, NULL},
    {"text", TBL_COLOUR, L(text), FALSE, NULL},
    {"halo", TBL_COLOUR, L(halo), FALSE, NULL},
    {"halo_mm", TBL_REAL, L(halo_mm), FALSE, NULL},
    {"neighbour_veil", TBL_COLOUR, L(neighbour_veil), FALSE, NULL},
    {"served", TBL_COLOUR, L(served), FALSE, NULL},
    {"unserved", TBL_COLOUR, L(unserved), FALSE, NULL},
    {"reach", TBL_COLOUR, L(reach), FALSE, NULL},
    {"lit", TBL_COLOUR, L(lit), FALSE, NULL},
    {"unlit", TBL_COLOUR, L(unlit), FALSE, NULL},
    {"hamlet", TBL_COLOUR, L(hamlet), FALSE, NULL},
    {"site", TBL_COLOUR, L(site), FALSE, NULL},
    {"site_reach", TBL_COLOUR, L(site_reach), FALSE, NULL},
    {"hillshade_dem", TBL_TEXT, L(hillshade_dem), FALSE, NULL},
    {"hillshade_alpha", TBL_REAL, L(hillshade_alpha), FALSE, NULL},
    {"inset", TBL_BOOL, L(inset), FALSE, NULL},
    {"inset_box", TBL_COLOUR, L(inset_box), FALSE, NULL},
    {"chart_1", TBL_COLOUR, L(chart_colours[0]), FALSE, NULL},
    {"chart_2", TBL_COLOUR, L(chart_colours[1]), FALSE, NULL},
    {"chart_3", TBL_COLOUR, L(chart_colours[2]), FALSE, NULL},
    {"chart_4", TBL_COLOUR, L(chart_colours[3]), FALSE, NULL},
    {"chart_5", TBL_COLOUR, L(chart_colours[4]), FALSE, NULL},
    {"chart_6", TBL_COLOUR, L(chart_colours[5]), FALSE, NULL},
};
#undef L

#define R(f) offsetof(vi_style_row, f)
static const tbl_column row_cols[] = {
    {"layer", TBL_TEXT, R(layer), TRUE, NULL},
    {"when", TBL_TEXT, R(when), FALSE, NULL},
    {"fill", TBL_COLOUR, R(fill), FALSE, NULL},
    {"stroke", TBL_COLOUR, R(stroke), FALSE, NULL},
    {"width_mm", TBL_REAL, R(width_mm), FALSE, NULL},
    {"size_mm", TBL_REAL, R(size_mm), FALSE, NULL},
    {"dash", TBL_LIST, R(dash), FALSE, NULL},
    {"symbol", TBL_ENUM, R(symbol), FALSE, vi_symbol_names},
    {"label", TBL_TEXT, R(label), FALSE, NULL},
    {"label_pt", TBL_REAL, R(label_pt), FALSE, NULL},
    {"priority", TBL_INT, R(priority), FALSE, NULL},
    {"legend_zh", TBL_TEXT, R(legend_zh), FALSE, NULL},
    {"legend_en", TBL_TEXT, R(legend_en), FALSE, NULL},
    {"#line", TBL_LINENO, R(line), FALSE, NULL},
};
#undef R

/* The defaults a style file overrides key by key. */
static void layout_defaults(vi_style_layout *l)
{
    l->font = g_strdup("WenQuanYi Micro Hei, Noto Sans CJK SC, Noto Sans SC, sans-serif");
    l->language = g_strdup("zh-cn");
    l->margin_mm = 10;
    l->title_pt = 18;
    l->subtitle_pt = 10;
    l->label_pt = 7;
    l->legend_pt = 8;
    l->footer_pt = 6.5;
    l->legend = VI_LEGEND_RIGHT;
    l->legend_width_mm = 50;
    l->graticule = VI_GRATICULE_TICKS;
    l->paper = 0xffffffff;
    l->map_background = 0xfbfaf5ff;
    l->frame = 0x333333ff;
    l->text = 0x222222ff;
    l->halo = 0xffffffdd;
    l->halo_mm = 0.6;
    l->neighbour_veil = 0xffffff99;
    l->served = 0x1e8449ff;
    l->unserved = 0xd35400ff;
    l->reach = 0x2e86c140;
    l->lit = 0xf1c40fff;
    l->unlit = 0x566573ff;
    l->hamlet = 0xd35400ff;
    l->site = 0x8e44adff;
    l->site_reach = 0x8e44ad30;
    l->hillshade_alpha = 0.35;
    l->inset = TRUE;
    l->inset_box = 0xc0392bff;
    static const guint32 charts[6] = {0x2e86c1ff, 0xe67e22ff, 0x27ae60ff,
                                      0xc0392bff, 0x8e44adff, 0x7f8c8dff};
    memcpy(l->chart_colours, charts, sizeof charts);
}

static gboolean check_rows(vi_style *s, const vi_registry *reg, GError **err)
{
    for (guint i = 0; i < s->rows->len; i++) {
        vi_style_row *r = &g_array_index(s->rows, vi_style_row, i);
        const vi_layer *layer = registry_layer(reg, r->layer);
        if (!layer) {
            char *names = registry_layer_names(reg);
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s' line %d: column \"layer\": unknown layer \"%s\" (layers: %s)"),
                        s->path, r->line, r->layer, names);
            g_free(names);
            return FALSE;
        }
        if (r->when) {
            const char *eq = strchr(r->when, '=');
            if (!eq || eq == r->when || !eq[1]) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("'%s' line %d: column \"when\": expected FIELD=VALUE, got \"%s\""),
                            s->path, r->line, r->when);
                return FALSE;
            }
            r->when_field = g_strndup(r->when, (gsize)(eq - r->when));
            r->when_value = g_strdup(eq + 1);
            gboolean known = strcmp(r->when_field, "status") == 0
                                 ? layer->statuses != NULL
                                 : layer_attr_index(layer, r->when_field) >= 0;
            if (!known) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("'%s' line %d: column \"when\": layer %s has no field \"%s\""),
                            s->path, r->line, r->layer, r->when_field);
                return FALSE;
            }
            char *const *allowed =
                strcmp(r->when_field, "status") == 0
                    ? layer->statuses
                    : layer->attrs[layer_attr_index(layer, r->when_field)]->allowed;
            if (!vi_value_allowed(allowed, r->when_value)) {
                char *want = g_strjoinv(_(", "), (char **)allowed);
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("'%s' line %d: column \"when\": %s of %s is one of %s, not \"%s\""),
                            s->path, r->line, r->when_field, r->layer, want, r->when_value);
                g_free(want);
                return FALSE;
            }
        }
        if (r->label && strcmp(r->label, "name") != 0 && strcmp(r->label, "id") != 0 &&
            (layer_attr_index(layer, r->label) < 0 ||
             layer->attrs[layer_attr_index(layer, r->label)]->personal)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        layer_attr_index(layer, r->label) < 0
                            ? _("'%s' line %d: column \"label\": layer %s has no field \"%s\"")
                            : _("'%s' line %d: column \"label\": %s.%s is personal data and is "
                                "never printed on a map"),
                        s->path, r->line, r->layer, r->label);
            return FALSE;
        }
        for (int k = 0; r->dash && r->dash[k]; k++) {
            char *end;
            double v = g_ascii_strtod(r->dash[k], &end);
            if (*end || !(v > 0)) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("'%s' line %d: column \"dash\": expected lengths in mm above 0 "
                              "separated by commas, got \"%s\""),
                            s->path, r->line, r->dash[k]);
                return FALSE;
            }
        }
        if (layer->geometry == VI_GEOM_POINT && r->symbol != VI_SYM_NONE && !(r->size_mm > 0)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s' line %d: column \"size_mm\": a point symbol needs a size above 0"),
                        s->path, r->line);
            return FALSE;
        }
        if (r->width_mm < 0 || r->label_pt < 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s' line %d: widths and sizes cannot be negative"), s->path, r->line);
            return FALSE;
        }
    }
    return TRUE;
}

vi_style *style_load(const char *name_or_path, const char *mapsdir, const vi_registry *reg,
                     GError **err)
{
    vi_style *s = g_new0(vi_style, 1);
    if (strchr(name_or_path, '/') || g_str_has_suffix(name_or_path, ".tsv")) {
        s->path = g_strdup(name_or_path);
    } else {
        char *file = g_strconcat(name_or_path, ".tsv", NULL);
        s->path = g_build_filename(mapsdir, file, NULL);
        g_free(file);
        if (!g_file_test(s->path, G_FILE_TEST_EXISTS)) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("no style \"%s\" (looked for '%s'; give a style name from %s or a file)"),
                        name_or_path, s->path, mapsdir);
            style_free(s);
            return NULL;
        }
    }
    layout_defaults(&s->layout);
    const tbl_section sections[] = {
        {"layout", layout_keys, G_N_ELEMENTS(layout_keys), FALSE, NULL, 0, &s->layout},
        {"layers", row_cols, G_N_ELEMENTS(row_cols), TRUE, &s->rows, sizeof(vi_style_row), NULL},
    };
    if (!tbl_read_sections(s->path, sections, G_N_ELEMENTS(sections), err) ||
        !check_rows(s, reg, err)) {
        style_free(s);
        return NULL;
    }
    if (s->layout.margin_mm < 0 || s->layout.legend_width_mm < 10 || s->layout.title_pt <= 0 ||
        s->layout.label_pt <= 0 || s->layout.legend_pt <= 0 || s->layout.footer_pt <= 0 ||
        s->layout.hillshade_alpha < 0 || s->layout.hillshade_alpha > 1) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s': [layout]: sizes must be above 0, legend_width_mm at least 10 and "
                      "hillshade_alpha between 0 and 1"),
                    s->path);
        style_free(s);
        return NULL;
    }
    return s;
}

void style_free(vi_style *s)
{
    if (!s)
        return;
    if (s->rows) {
        for (guint i = 0; i < s->rows->len; i++) {
            vi_style_row *r = &g_array_index(s->rows, vi_style_row, i);
            g_free(r->when_field);
            g_free(r->when_value);
        }
        tbl_rows_free(s->rows, row_cols, G_N_ELEMENTS(row_cols));
    }
    tbl_record_clear(&s->layout, layout_keys, G_N_ELEMENTS(layout_keys));
    g_free(s->path);
    g_free(s);
}

gboolean style_row_matches(const vi_style_row *row, const vi_layer *layer, const char *status,
                           const char *const *attrs)
{
    if (!row->when_field)
        return TRUE;
    const char *value = status;
    if (strcmp(row->when_field, "status") != 0) {
        int k = layer_attr_index(layer, row->when_field);
        value = k >= 0 && attrs ? attrs[k] : NULL;
    }
    return value && strcmp(value, row->when_value) == 0;
}
