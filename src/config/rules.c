/*
 * rules.c - reading and checking data/rules.tsv, and grouping its rows into
 * measures.  See rules.h.
 */
#include "rules.h"
#include "i18n.h"
#include "table.h"
#include "vi-error.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

const char *const vi_method_names[] = {"line", "road", "terrain", NULL};
const char *const vi_covered_as_names[] = {"covered", "lit", NULL};

struct vi_rules {
    char *path;
    GArray *rows;        /* vi_rule */
    GPtrArray *services; /* char *, borrowed from rows, first-seen order */
    const vi_registry *reg;
    vi_statuses *statuses; /* the kinds of the statuses, lent to every row */
};

static const tbl_column rule_columns[] = {
    {"service", TBL_TEXT, offsetof(vi_rule, service), TRUE, NULL},
    {"name_zh", TBL_TEXT, offsetof(vi_rule, name_zh), TRUE, NULL},
    {"name_en", TBL_TEXT, offsetof(vi_rule, name_en), TRUE, NULL},
    {"layer", TBL_TEXT, offsetof(vi_rule, layer), TRUE, NULL},
    {"asset_zh", TBL_TEXT, offsetof(vi_rule, asset_zh), FALSE, NULL},
    {"asset_en", TBL_TEXT, offsetof(vi_rule, asset_en), FALSE, NULL},
    {"statuses", TBL_LIST, offsetof(vi_rule, statuses), FALSE, NULL},
    {"where", TBL_TEXT, offsetof(vi_rule, where), FALSE, NULL},
    {"method", TBL_ENUM, offsetof(vi_rule, method), TRUE, vi_method_names},
    {"target", TBL_TEXT, offsetof(vi_rule, target), TRUE, NULL},
    {"target_zh", TBL_TEXT, offsetof(vi_rule, target_zh), FALSE, NULL},
    {"target_en", TBL_TEXT, offsetof(vi_rule, target_en), FALSE, NULL},
    {"target_statuses", TBL_LIST, offsetof(vi_rule, target_statuses), FALSE, NULL},
    {"threshold_m", TBL_REAL, offsetof(vi_rule, threshold_m), TRUE, NULL},
    {"asset_height_m", TBL_REAL, offsetof(vi_rule, asset_height_m), FALSE, NULL},
    {"target_height_m", TBL_REAL, offsetof(vi_rule, target_height_m), FALSE, NULL},
    {"covered_as", TBL_ENUM, offsetof(vi_rule, covered_as), FALSE, vi_covered_as_names},
};

static void rows_free(GArray *rows)
{
    if (!rows)
        return;
    for (guint i = 0; i < rows->len; i++) {
        vi_rule *r = &g_array_index(rows, vi_rule, i);
        g_free(r->where_attr);
        g_strfreev(r->where_values);
    }
    tbl_rows_free(rows, rule_columns, G_N_ELEMENTS(rule_columns));
}

void rules_free(vi_rules *rules)
{
    if (!rules)
        return;
    rows_free(rules->rows);
    if (rules->services)
        g_ptr_array_unref(rules->services);
    statuses_free(rules->statuses);
    g_free(rules->path);
    g_free(rules);
}

/* Every value of LIST must be a status of LAYER. */
static gboolean check_statuses(const char *path, int row, const char *column, char **list,
                               const vi_layer *layer, GError **err)
{
    for (int i = 0; list && list[i]; i++) {
        if (layer->statuses && vi_value_allowed(layer->statuses, list[i]))
            continue;
        char *want = layer->statuses ? g_strjoinv(_(", "), layer->statuses) : g_strdup(_("none"));
        g_set_error(
            err, VI_ERROR, VI_ERROR_DATA,
            _("'%s' rule %d: column \"%s\": layer \"%s\" has no status \"%s\" (it has: %s)"), path,
            row, column, layer->name, list[i], want);
        g_free(want);
        return FALSE;
    }
    return TRUE;
}

static gboolean check_rule(const char *path, int row, vi_rule *r, const vi_registry *reg,
                           GError **err)
{
    const vi_layer *layer = registry_layer(reg, r->layer);
    const vi_layer *target = registry_layer(reg, r->target);
    const char *missing = !layer ? r->layer : !target ? r->target : NULL;
    if (missing) {
        char *names = registry_layer_names(reg);
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s' rule %d: unknown layer \"%s\": expected one of %s"), path, row, missing,
                    names);
        g_free(names);
        return FALSE;
    }
    if (layer->geometry == VI_GEOM_POLYGON || target->geometry == VI_GEOM_POLYGON) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s' rule %d: layer \"%s\" has polygons: coverage rules take point and "
                      "line layers"),
                    path, row, layer->geometry == VI_GEOM_POLYGON ? layer->name : target->name);
        return FALSE;
    }
    if (!check_statuses(path, row, "statuses", r->statuses, layer, err) ||
        !check_statuses(path, row, "target_statuses", r->target_statuses, target, err))
        return FALSE;
    if (r->where) {
        const char *eq = strchr(r->where, '=');
        if (!eq || eq == r->where || eq[1] == '\0') {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s' rule %d: column \"where\": expected ATTRIBUTE=VALUE|VALUE..., got "
                          "\"%s\""),
                        path, row, r->where);
            return FALSE;
        }
        r->where_attr = g_strndup(r->where, (gsize)(eq - r->where));
        r->where_values = g_strsplit(eq + 1, "|", -1);
        int a = layer_attr_index(layer, r->where_attr);
        if (a < 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s' rule %d: column \"where\": layer \"%s\" has no attribute \"%s\""),
                        path, row, layer->name, r->where_attr);
            return FALSE;
        }
        for (int i = 0; r->where_values[i]; i++) {
            if (!vi_value_allowed(layer->attrs[a]->allowed, r->where_values[i])) {
                char *want = g_strjoinv(_(", "), layer->attrs[a]->allowed);
                g_set_error(
                    err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s' rule %d: column \"where\": attribute \"%s\" of layer \"%s\" has "
                      "no value \"%s\" (it has: %s)"),
                    path, row, r->where_attr, layer->name, r->where_values[i], want);
                g_free(want);
                return FALSE;
            }
        }
    }
    if (!(r->threshold_m > 0) || !isfinite(r->threshold_m)) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s' rule %d: column \"threshold_m\": expected a distance above 0, got %g"),
                    path, row, r->threshold_m);
        return FALSE;
    }
    /* The combinations the engine measures. */
    const char *why = NULL;
    if (target->geometry == VI_GEOM_LINE && r->method != VI_METHOD_LINE)
        why = _("the length of a line layer is covered by straight-line distance only");
    else if (r->covered_as != VI_COVERED_AS_COVERED && target->geometry != VI_GEOM_LINE)
        why = _("column \"covered_as\" words the length of a line layer: leave it empty for a "
                "point target");
    else if (r->method == VI_METHOD_TERRAIN && layer->geometry != VI_GEOM_POINT)
        why = _("line of sight is measured from point assets (towers) only");
    else if (r->method == VI_METHOD_TERRAIN &&
             (!(r->asset_height_m > 0) || !(r->target_height_m > 0)))
        why = _("terrain rules need asset_height_m and target_height_m above 0");
    else if (target->geometry == VI_GEOM_POINT && strcmp(target->name, VI_LAYER_HOUSEHOLDS) != 0 &&
             r->method != VI_METHOD_ROAD)
        why = _("a point layer other than households is served through the road network "
                "(method road)");
    if (why) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s' rule %d: %s"), path, row, why);
        return FALSE;
    }
    return TRUE;
}

vi_rules *rules_load(const char *path, const vi_registry *reg, GError **err)
{
    vi_rules *rules = g_new0(vi_rules, 1);
    rules->path = g_strdup(path);
    rules->reg = reg;
    if (!tbl_read(path, rule_columns, G_N_ELEMENTS(rule_columns), sizeof(vi_rule), &rules->rows,
                  err)) {
        rules_free(rules);
        return NULL;
    }
    rules->services = g_ptr_array_new();
    for (guint i = 0; i < rules->rows->len; i++) {
        vi_rule *r = &g_array_index(rules->rows, vi_rule, i);
        if (!check_rule(path, (int)i + 1, r, reg, err)) {
            rules_free(rules);
            return NULL;
        }
        gboolean seen = FALSE;
        for (guint s = 0; s < rules->services->len; s++) {
            if (strcmp(rules->services->pdata[s], r->service) != 0)
                continue;
            seen = TRUE;
            const char *name_zh = rules_service_name(rules, r->service, FALSE);
            const char *name_en = rules_service_name(rules, r->service, TRUE);
            if (strcmp(name_zh, r->name_zh) != 0 || strcmp(name_en, r->name_en) != 0) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("'%s' rule %d: service \"%s\" is named \"%s\" / \"%s\" on an earlier "
                              "row"),
                            path, (int)i + 1, r->service, name_zh, name_en);
                rules_free(rules);
                return NULL;
            }
        }
        if (!seen)
            g_ptr_array_add(rules->services, r->service);
    }
    if (rules->rows->len == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("'%s': no rules"), path);
        rules_free(rules);
        return NULL;
    }
    if (!(rules->statuses = statuses_load(reg->datadir, err))) {
        rules_free(rules);
        return NULL;
    }
    for (guint i = 0; i < rules->rows->len; i++)
        g_array_index(rules->rows, vi_rule, i).status_kinds = rules->statuses;
    return rules;
}

int rules_service_count(const vi_rules *rules)
{
    return (int)rules->services->len;
}

const char *rules_service_at(const vi_rules *rules, int i)
{
    return rules->services->pdata[i];
}

const char *rules_service_name(const vi_rules *rules, const char *service, gboolean english)
{
    for (guint i = 0; i < rules->rows->len; i++) {
        const vi_rule *r = &g_array_index(rules->rows, vi_rule, i);
        if (strcmp(r->service, service) == 0)
            return english ? r->name_en : r->name_zh;
    }
    return NULL;
}

char *rules_service_names(const vi_rules *rules)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < rules->services->len; i++)
        g_string_append_printf(s, "%s%s", i ? _(", ") : "", (char *)rules->services->pdata[i]);
    return g_string_free(s, FALSE);
}

static gboolean check_service(const vi_rules *rules, const char *service, GError **err)
{
    if (!service || rules_service_name(rules, service, FALSE))
        return TRUE;
    char *names = rules_service_names(rules);
    g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("unknown service \"%s\": expected one of %s"),
                service, names);
    g_free(names);
    return FALSE;
}

gboolean rules_set_threshold(vi_rules *rules, const char *service, int method, double threshold_m,
                             GError **err)
{
    if (!check_service(rules, service, err))
        return FALSE;
    for (guint i = 0; i < rules->rows->len; i++) {
        vi_rule *r = &g_array_index(rules->rows, vi_rule, i);
        if ((!service || strcmp(r->service, service) == 0) && (method < 0 || r->method == method))
            r->threshold_m = threshold_m;
    }
    return TRUE;
}

static void measure_free(gpointer data)
{
    vi_measure_def *m = data;
    g_free(m->rules);
    g_free(m->key);
    g_free(m);
}

/* Add the measures of SERVICE whose target kind is (or is not, when !HOUSEHOLDS) households. */
static void add_measures(const vi_rules *rules, const char *service, int method,
                         gboolean with_terrain, gboolean households, GPtrArray *out)
{
    guint first = out->len;
    for (guint i = 0; i < rules->rows->len; i++) {
        const vi_rule *r = &g_array_index(rules->rows, vi_rule, i);
        gboolean hh = strcmp(r->target, VI_LAYER_HOUSEHOLDS) == 0;
        if (strcmp(r->service, service) != 0 || hh != households ||
            (method >= 0 && r->method != method) ||
            (r->method == VI_METHOD_TERRAIN && !with_terrain))
            continue;
        vi_measure_def *m = NULL;
        for (guint k = first; k < out->len && !m; k++) {
            vi_measure_def *o = out->pdata[k];
            if (o->method == r->method && strcmp(o->target, r->target) == 0)
                m = o;
        }
        if (!m) {
            m = g_new0(vi_measure_def, 1);
            m->service = r->service;
            m->method = r->method;
            m->target = r->target;
            const vi_layer *t = registry_layer(rules->reg, r->target);
            m->target_kind = hh                            ? VI_TARGET_HOUSEHOLDS
                             : t->geometry == VI_GEOM_LINE ? VI_TARGET_LENGTH
                                                           : VI_TARGET_POINTS;
            m->key = hh ? g_strdup(vi_method_names[r->method])
                     : r->method == VI_METHOD_LINE
                         ? g_strdup(r->target)
                         : g_strdup_printf("%s_%s", r->target, vi_method_names[r->method]);
            g_ptr_array_add(out, m);
        }
        m->rules = g_renew(const vi_rule *, m->rules, m->nrules + 1);
        m->rules[m->nrules++] = r;
    }
}

GPtrArray *rules_measures(const vi_rules *rules, const char *service, int method,
                          gboolean with_terrain, GError **err)
{
    if (!check_service(rules, service, err))
        return NULL;
    GPtrArray *out = g_ptr_array_new_with_free_func(measure_free);
    for (guint s = 0; s < rules->services->len; s++) {
        const char *name = rules->services->pdata[s];
        if (service && strcmp(service, name) != 0)
            continue;
        add_measures(rules, name, method, with_terrain, TRUE, out);
        add_measures(rules, name, method, with_terrain, FALSE, out);
    }
    if (service && out->len == 0 && method >= 0) {
        GString *have = g_string_new(NULL);
        for (int m = 0; vi_method_names[m]; m++) {
            for (guint i = 0; i < rules->rows->len; i++) {
                const vi_rule *r = &g_array_index(rules->rows, vi_rule, i);
                if (strcmp(r->service, service) == 0 && r->method == m) {
                    g_string_append_printf(have, "%s%s", have->len ? _(", ") : "",
                                           vi_method_names[m]);
                    break;
                }
            }
        }
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("service \"%s\" has no rule measured by %s (it has: %s)"), service,
                    vi_method_names[method], have->str);
        g_string_free(have, TRUE);
        g_ptr_array_unref(out);
        return NULL;
    }
    return out;
}

static gboolean in_list(char *const *list, const char *value)
{
    for (int i = 0; list && list[i]; i++)
        if (value && strcmp(list[i], value) == 0)
            return TRUE;
    return FALSE;
}

gboolean rule_admits(const vi_rule *rule, const char *status, const char *where_value,
                     gboolean after_plan)
{
    gboolean planned = statuses_planned(rule->status_kinds, status);
    if (planned ? !after_plan : rule->statuses && !in_list(rule->statuses, status))
        return FALSE;
    return !rule->where || in_list(rule->where_values, where_value);
}

gboolean rule_targets(const vi_rule *rule, const char *status)
{
    if (statuses_planned(rule->status_kinds, status))
        return FALSE;
    return !rule->target_statuses || in_list(rule->target_statuses, status);
}

GPtrArray *rules_select(vi_rules *rules, const vi_rule_selection *sel, int *method, GError **err)
{
    *method = -1;
    if (sel->by) {
        for (int m = 0; vi_method_names[m]; m++)
            if (strcmp(vi_method_names[m], sel->by) == 0)
                *method = m;
        if (*method < 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("--by: expected line, road or terrain, got \"%s\""), sel->by);
            return NULL;
        }
    }
    if (*method == VI_METHOD_TERRAIN && !sel->dem) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("--by terrain needs --dem FILE"));
        return NULL;
    }
    if (sel->dem && !g_file_test(sel->dem, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("--dem: no file '%s'"), sel->dem);
        return NULL;
    }
    if (!isnan(sel->threshold_m)) {
        if (!sel->service) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("--threshold needs --service"));
            return NULL;
        }
        if (!(sel->threshold_m > 0 && isfinite(sel->threshold_m))) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("--threshold: expected metres above 0, got %g"), sel->threshold_m);
            return NULL;
        }
        if (!rules_set_threshold(rules, sel->service, *method, sel->threshold_m, err))
            return NULL;
    }
    return rules_measures(rules, sel->service, *method, sel->dem != NULL, err);
}
