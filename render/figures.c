/*
 * figures.c - data/maps.tsv: the maps' and the atlas's figures.  See
 * figures.h.
 */
#include "figures.h"
#include "table.h"
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

static const char *const source_names[] = {"stats", "coverage", NULL};

typedef struct {
    char *service;
} maps_record;
static const tbl_column maps_keys[] = {
    {"service", TBL_TEXT, offsetof(maps_record, service), TRUE, NULL},
};

typedef struct {
    vi_overview_figure f;
    int line;
} overview_row;
static const tbl_column overview_cols[] = {
    {"figure", TBL_TEXT, offsetof(overview_row, f.name), TRUE, NULL},
    {"source", TBL_ENUM, offsetof(overview_row, f.source), TRUE, source_names},
    {"key", TBL_TEXT, offsetof(overview_row, f.key), TRUE, NULL},
    {"what_zh", TBL_TEXT, offsetof(overview_row, f.what_zh), TRUE, NULL},
    {"what_en", TBL_TEXT, offsetof(overview_row, f.what_en), TRUE, NULL},
    {"value_zh", TBL_TEXT, offsetof(overview_row, f.value_zh), TRUE, NULL},
    {"value_en", TBL_TEXT, offsetof(overview_row, f.value_en), TRUE, NULL},
    {"line", TBL_LINENO, offsetof(overview_row, line), FALSE, NULL},
};

typedef struct {
    vi_cover_figure f;
    int line;
} cover_row;
static const tbl_column cover_cols[] = {
    {"layer", TBL_TEXT, offsetof(cover_row, f.layer), TRUE, NULL},
    {"text_zh", TBL_TEXT, offsetof(cover_row, f.text_zh), TRUE, NULL},
    {"text_en", TBL_TEXT, offsetof(cover_row, f.text_en), TRUE, NULL},
    {"line", TBL_LINENO, offsetof(cover_row, line), FALSE, NULL},
};

/* The numbers a text may name, and how each is written. */
static const struct {
    const char *name;
    size_t offset;
    gboolean integer;
    int decimals;
} numbers[] = {
    {"count", offsetof(vi_figure_values, count), TRUE, 0},
    {"built", offsetof(vi_figure_values, built), TRUE, 0},
    {"built_km", offsetof(vi_figure_values, built_km), FALSE, 1},
    {"quantity", offsetof(vi_figure_values, quantity), FALSE, 0},
    {"coverage", offsetof(vi_figure_values, coverage), FALSE, 1},
};

/* TEXT with each {name} replaced by its value of V, into OUT; FALSE with
 * *BAD the first unknown {name}. */
static gboolean expand(const char *text, const vi_figure_values *v, GString *out, char **bad)
{
    for (const char *p = text; *p;) {
        const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
        if (!close) {
            g_string_append(out, p);
            break;
        }
        g_string_append_len(out, p, open - p);
        size_t i = 0, len = (size_t)(close - open - 1);
        while (i < G_N_ELEMENTS(numbers) &&
               !(strlen(numbers[i].name) == len && strncmp(numbers[i].name, open + 1, len) == 0))
            i++;
        if (i == G_N_ELEMENTS(numbers)) {
            *bad = g_strndup(open, len + 2);
            return FALSE;
        }
        const char *at = (const char *)v + numbers[i].offset;
        if (numbers[i].integer)
            g_string_append_printf(out, "%" G_GINT64_FORMAT, *(const gint64 *)(const void *)at);
        else
            g_string_append_printf(out, "%.*f", numbers[i].decimals,
                                   *(const double *)(const void *)at);
        p = close + 1;
    }
    return TRUE;
}

static gboolean check_text(const char *path, int line, const char *text, GError **err)
{
    static const vi_figure_values zero;
    GString *s = g_string_new(NULL);
    char *bad = NULL;
    gboolean ok = expand(text, &zero, s, &bad);
    if (!ok) {
        GString *names = g_string_new(NULL);
        for (size_t i = 0; i < G_N_ELEMENTS(numbers); i++)
            g_string_append_printf(names, "%s{%s}", i ? _(", ") : "", numbers[i].name);
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s' line %d: unknown number %s (expected %s)"), path, line, bad,
                    names->str);
        g_string_free(names, TRUE);
    }
    g_free(bad);
    g_string_free(s, TRUE);
    return ok;
}

vi_map_figures *figures_load(const char *datadir, GError **err)
{
    char *path = g_build_filename(datadir, "maps.tsv", NULL);
    maps_record rec = {NULL};
    GArray *ov = NULL, *cv = NULL;
    const tbl_section sections[] = {
        {"maps", maps_keys, G_N_ELEMENTS(maps_keys), TRUE, NULL, 0, &rec},
        {"overview", overview_cols, G_N_ELEMENTS(overview_cols), TRUE, &ov, sizeof(overview_row),
         NULL},
        {"cover", cover_cols, G_N_ELEMENTS(cover_cols), TRUE, &cv, sizeof(cover_row), NULL},
    };
    vi_map_figures *f = NULL;
    gboolean ok = tbl_read_sections(path, sections, G_N_ELEMENTS(sections), err);
    if (ok && !rec.service) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s': [maps]: no service"), path);
        ok = FALSE;
    }
    if (ok && ov->len == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s': [overview]: no figure"), path);
        ok = FALSE;
    }
    for (guint i = 0; ok && i < ov->len; i++) {
        const overview_row *r = &g_array_index(ov, overview_row, i);
        ok = check_text(path, r->line, r->f.value_zh, err) &&
             check_text(path, r->line, r->f.value_en, err);
    }
    for (guint i = 0; ok && cv && i < cv->len; i++) {
        const cover_row *r = &g_array_index(cv, cover_row, i);
        ok = check_text(path, r->line, r->f.text_zh, err) &&
             check_text(path, r->line, r->f.text_en, err);
    }
    if (ok) {
        f = g_new0(vi_map_figures, 1);
        f->service = rec.service;
        rec.service = NULL;
        f->overview = g_array_new(FALSE, FALSE, sizeof(vi_overview_figure));
        f->names = g_new0(char *, ov->len + 1);
        for (guint i = 0; i < ov->len; i++) {
            g_array_append_val(f->overview, g_array_index(ov, overview_row, i).f);
            f->names[i] = g_array_index(f->overview, vi_overview_figure, i).name;
        }
        f->cover = g_array_new(FALSE, FALSE, sizeof(vi_cover_figure));
        for (guint i = 0; i < cv->len; i++)
            g_array_append_val(f->cover, g_array_index(cv, cover_row, i).f);
        /* The strings now belong to F. */
        g_array_free(ov, TRUE);
        g_array_free(cv, TRUE);
        ov = cv = NULL;
    }
    tbl_record_clear(&rec, maps_keys, G_N_ELEMENTS(maps_keys));
    tbl_rows_free(ov, overview_cols, G_N_ELEMENTS(overview_cols));
    tbl_rows_free(cv, cover_cols, G_N_ELEMENTS(cover_cols));
    g_free(path);
    return f;
}

void figures_free(vi_map_figures *f)
{
    if (!f)
        return;
    for (guint i = 0; i < f->overview->len; i++) {
        vi_overview_figure *o = &g_array_index(f->overview, vi_overview_figure, i);
        g_free(o->name);
        g_free(o->key);
        g_free(o->what_zh);
        g_free(o->what_en);
        g_free(o->value_zh);
        g_free(o->value_en);
    }
    g_array_free(f->overview, TRUE);
    for (guint i = 0; i < f->cover->len; i++) {
        vi_cover_figure *c = &g_array_index(f->cover, vi_cover_figure, i);
        g_free(c->layer);
        g_free(c->text_zh);
        g_free(c->text_en);
    }
    g_array_free(f->cover, TRUE);
    g_free(f->names);
    g_free(f->service);
    g_free(f);
}

char *figures_format(const char *text, const vi_figure_values *v)
{
    GString *s = g_string_new(NULL);
    char *bad = NULL;
    expand(text, v, s, &bad); /* checked when loaded */
    g_free(bad);
    return g_string_free(s, FALSE);
}
