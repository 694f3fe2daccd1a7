/*
 * costs.c - reading data/costs.tsv.  See costs.h.
 */
#include "costs.h"
#include "i18n.h"
#include "table.h"
#include "vi-error.h"

#include <stddef.h>
#include <string.h>

static const char *const unit_names[] = {"site", "km", NULL};

static const tbl_column cost_columns[] = {
    {"layer", TBL_TEXT, offsetof(vi_cost, layer), TRUE, NULL},
    {"where", TBL_TEXT, offsetof(vi_cost, where), FALSE, NULL},
    {"unit", TBL_ENUM, offsetof(vi_cost, unit), TRUE, unit_names},
    {"cost_wan", TBL_REAL, offsetof(vi_cost, cost_wan), TRUE, NULL},
    {"projects", TBL_INT, offsetof(vi_cost, projects), FALSE, NULL},
    {"units", TBL_REAL, offsetof(vi_cost, units), FALSE, NULL},
    {"source_zh", TBL_TEXT, offsetof(vi_cost, source_zh), TRUE, NULL},
    {"source_en", TBL_TEXT, offsetof(vi_cost, source_en), TRUE, NULL},
    {"", TBL_LINENO, offsetof(vi_cost, line), FALSE, NULL},
};

struct vi_costs {
    GArray *rows; /* vi_cost, in file order */
};

vi_costs *costs_load(const char *datadir, GError **err)
{
    g_autofree char *path = g_build_filename(datadir, "costs.tsv", NULL);
    GArray *rows = NULL;
    if (!tbl_read(path, cost_columns, G_N_ELEMENTS(cost_columns), sizeof(vi_cost), &rows, err))
        return NULL;
    for (guint i = 0; i < rows->len; i++) {
        const vi_cost *r = &g_array_index(rows, vi_cost, i);
        if (!(r->cost_wan > 0)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("%s:%d: cost_wan: expected a cost in 万元 above 0, got %g"), path,
                        r->line, r->cost_wan);
            goto fail;
        }
        for (guint k = 0; k < i; k++) {
            const vi_cost *o = &g_array_index(rows, vi_cost, k);
            if (strcmp(o->layer, r->layer) == 0 && g_strcmp0(o->where, r->where) == 0) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("%s:%d: layer \"%s\"%s%s is given twice (first on line %d)"), path,
                            r->line, r->layer, r->where ? " " : "", r->where ? r->where : "",
                            o->line);
                goto fail;
            }
        }
    }
    vi_costs *c = g_new0(vi_costs, 1);
    c->rows = rows;
    return c;
fail:
    tbl_rows_free(rows, cost_columns, G_N_ELEMENTS(cost_columns));
    return NULL;
}

void costs_free(vi_costs *c)
{
    if (!c)
        return;
    tbl_rows_free(c->rows, cost_columns, G_N_ELEMENTS(cost_columns));
    g_free(c);
}

const vi_cost *costs_for_rule(const vi_costs *c, const vi_rule *rule)
{
    const vi_cost *any = NULL;
    for (guint i = 0; i < c->rows->len; i++) {
        const vi_cost *r = &g_array_index(c->rows, vi_cost, i);
        if (strcmp(r->layer, rule->layer) != 0)
            continue;
        if (!r->where)
            any = r;
        else if (rule->where && strcmp(r->where, rule->where) == 0)
            return r;
    }
    return any;
}

const char *cost_source(const vi_cost *c, vi_lang lang)
{
    return vi_text(lang, c->source_zh, c->source_en);
}
