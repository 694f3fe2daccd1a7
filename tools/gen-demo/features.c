/*
 * features.c - the demo's villages, programmes, projects and features, and
 * the registry they must agree with: every layer the generator fills is a
 * row of data/layers.tsv (and every row is filled), every status is one
 * the layer allows, every attribute is one of data/attributes.tsv of its
 * type and with an allowed value, every programme a key of
 * data/programmes.tsv; the coverage distances the map keeps come from
 * data/rules.tsv.  A mismatch stops the generator before it writes.
 */
#include "gen-demo.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The layers the generator fills, by the registry's name, and the prefix
 * and digits of their feature ids. */
static const struct {
    const char *name;
    const char *prefix;
    int digits;
} layer_defs[NLAYERS] = {
    [L_VILLAGES] = {"villages", "V", 2},
    [L_HOUSEHOLDS] = {"households", "HH", 4},
    [L_ROADS] = {"roads", "R", 3},
    [L_BRIDGES] = {"bridges", "BR", 3},
    [L_STREETLIGHTS] = {"streetlights", "LD", 4},
    [L_WATER_TANKS] = {"water_tanks", "WT", 3},
    [L_WATER_PIPES] = {"water_pipes", "WP", 3},
    [L_RIVERS] = {"rivers", "RV", 3},
    [L_SIGNAL_TOWERS] = {"signal_towers", "ST", 3},
    [L_CLINICS] = {"clinics", "CL", 3},
    [L_ELDERLY_CARE] = {"elderly_care", "EC", 3},
    [L_COMMITTEES] = {"committees", "CM", 3},
    [L_CULTURE] = {"culture", "CU", 3},
    [L_SCHOOLS] = {"schools", "SC", 3},
    [L_TOILETS] = {"toilets", "TO", 3},
    [L_GARBAGE_POOLS] = {"garbage_pools", "GP", 3},
    [L_TREES] = {"trees", "TR", 3},
    [L_INDUSTRY] = {"industry", "IN", 3},
};

const programme_def programme_defs[NPROG] = {
    {"infrastructure", "JJ", 152, 18985},
    {"industry", "CY", 14, 13600},
    {"culture", "WH", 26, 5015},
    {"health", "JK", 12, 1880},
    {"ecology", "ST", 28, 3450},
    {"education", "JY", 4, 110},
    {"social", "SH", 0, 2860},
};

/* North of the river west to east, then south of it west to east.  The
 * first eight names are the report's; 东岔村, 石门村 and 马家坪村 are invented. */
const village_def village_defs[NV] = {
    {"上雷村", "上雷", "九间房镇", "上雷沟", 312, +1, -12500},
    {"双龙村", "双龙", "九间房镇", "双龙河", 286, +1, -7500},
    {"大坪村", "大坪", "灞源镇", "大坪沟", 248, +1, -2500},
    {"七安子村", "七安子", "灞源镇", "七安沟", 203, +1, 2500},
    {"甘坪村", "甘坪", "葛牌镇", "甘坪沟", 345, +1, 7500},
    {"阿氏村", "阿氏", "葛牌镇", "阿氏沟", 297, +1, 12500},
    {"白岩沟村", "白岩沟", "九间房镇", "白岩沟", 231, -1, -11500},
    {"小沟口村", "小沟口", "九间房镇", "小沟", 264, -1, -5750},
    {"东岔村", "东岔", "灞源镇", "东岔沟", 172, -1, -1000},
    {"石门村", "石门", "葛牌镇", "石门沟", 189, -1, 4000},
    {"马家坪村", "马家坪", "葛牌镇", "马家河", 387, -1, 10750},
};

const char *const group_numerals[10] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

int village_index(const char *name)
{
    for (int i = 0; i < NV; i++)
        if (strcmp(village_defs[i].name, name) == 0)
            return i;
    die("no village '%s'", name);
}

gboolean in_list(const char *const *list, const char *name)
{
    for (; *list; list++)
        if (strcmp(*list, name) == 0)
            return TRUE;
    return FALSE;
}

/* ---- the registry ------------------------------------------------------ */

int layer_of(const world *w, const vi_layer *layer)
{
    for (int l = 0; l < NLAYERS; l++)
        if (w->layers[l] == layer)
            return l;
    die("layer '%s' of data/layers.tsv: the demo has no features for it (add it to "
        "gen-demo's layers)",
        layer->name);
}

const char *layer_name(const world *w, int layer)
{
    return w->layers[layer]->name;
}

/* The rule of SERVICE by METHOD from LAYER to the households. */
static const vi_rule *household_rule(const vi_rules *rules, const char *service, int method,
                                     const char *layer)
{
    GError *err = NULL;
    GPtrArray *measures = rules_measures(rules, service, method, TRUE, &err);
    if (!measures)
        die("data/rules.tsv: %s", err->message);
    const vi_rule *found = NULL;
    for (guint i = 0; i < measures->len && !found; i++) {
        const vi_measure_def *m = measures->pdata[i];
        if (m->target_kind != VI_TARGET_HOUSEHOLDS)
            continue;
        for (int k = 0; k < m->nrules && !found; k++)
            if (strcmp(m->rules[k]->layer, layer) == 0)
                found = m->rules[k];
    }
    g_ptr_array_unref(measures);
    if (!found)
        die("data/rules.tsv: no %s rule by %s from %s to the households", service,
            vi_method_names[method], layer);
    return found;
}

void world_bind_registry(world *w, const vi_rules *rules)
{
    for (int l = 0; l < NLAYERS; l++)
        if (!(w->layers[l] = registry_layer(w->reg, layer_defs[l].name)))
            die("data/layers.tsv has no layer '%s', which the demo fills", layer_defs[l].name);
    for (int i = 0; i < registry_layer_count(w->reg); i++)
        layer_of(w, registry_layer_at(w->reg, i));
    for (int p = 0; p < NPROG; p++)
        if (!registry_programme(w->reg, programme_defs[p].key))
            die("data/programmes.tsv has no programme '%s', which the demo funds",
                programme_defs[p].key);

    w->reach.tank_m = household_rule(rules, "water", VI_METHOD_LINE, "water_tanks")->threshold_m;
    w->reach.pipe_m = household_rule(rules, "water", VI_METHOD_LINE, "water_pipes")->threshold_m;
    w->reach.tower_m =
        household_rule(rules, "signal", VI_METHOD_LINE, "signal_towers")->threshold_m;
    const vi_rule *sight = household_rule(rules, "signal", VI_METHOD_TERRAIN, "signal_towers");
    w->reach.antenna_m = sight->asset_height_m;
    w->reach.eye_m = sight->target_height_m;
    w->reach.clinic_m = household_rule(rules, "clinic", VI_METHOD_LINE, "clinics")->threshold_m;
}

/* ---- projects and features ------------------------------------------- */

project *project_new(world *w, int programme, int village, int year, double weight, const char *fmt,
                     ...)
{
    project *p = g_new0(project, 1);
    va_list ap;
    va_start(ap, fmt);
    p->name = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    p->programme = programme;
    p->village = village;
    p->year = year;
    p->weight = weight;
    p->seq = (int)w->projects->len;
    g_ptr_array_add(w->projects, p);
    return p;
}

feature *feature_new(world *w, int layer, int village, const char *name, const char *status,
                     project *proj)
{
    const vi_layer *def = w->layers[layer];
    if (status ? !def->statuses || !g_strv_contains((const char *const *)def->statuses, status)
               : def->statuses != NULL)
        die("%s '%s': status %s is not one of data/layers.tsv", def->name, name,
            status ? status : "(none)");
    feature *f = g_new0(feature, 1);
    int n = ++w->counters[layer][village + 1];
    f->layer = layer;
    f->def = def;
    f->village = village;
    if (layer == L_VILLAGES)
        f->id = g_strdup_printf("%s-%0*d", layer_defs[layer].prefix, layer_defs[layer].digits, n);
    else
        f->id = g_strdup_printf("%s-%s-%0*d", layer_defs[layer].prefix, village_defs[village].stem,
                                layer_defs[layer].digits, n);
    f->name = g_strdup(name);
    f->status = status;
    f->proj = proj;
    f->year = proj ? proj->year : 0;
    f->attrs = g_new0(char *, def->nattrs + 1);
    f->coords = line_new();
    g_ptr_array_add(w->features[layer], f);
    return f;
}

feature *feature_point(world *w, int layer, int village, const char *name, const char *status,
                       project *proj, pt metric)
{
    feature *f = feature_new(w, layer, village, name, status, proj);
    line_push(f->coords, to_ll(w, metric));
    return f;
}

feature *feature_line(world *w, int layer, int village, const char *name, const char *status,
                      project *proj, GArray *ll)
{
    feature *f = feature_new(w, layer, village, name, status, proj);
    g_array_free(f->coords, TRUE);
    f->coords = ll;
    f->line = TRUE;
    return f;
}

void json_string(GString *s, const char *v)
{
    if (!v) {
        g_string_append(s, "null");
        return;
    }
    g_string_append_c(s, '"');
    for (const char *c = v; *c; c++) {
        if (*c == '"' || *c == '\\')
            g_string_append_printf(s, "\\%c", *c);
        else if ((unsigned char)*c < 0x20)
            g_string_append_printf(s, "\\u%04x", *c);
        else
            g_string_append_c(s, *c);
    }
    g_string_append_c(s, '"');
}

/* Sets attribute KEY of F to the JSON value JSON (taking it), after
 * checking KEY against data/attributes.tsv: an attribute of F's layer, of
 * TYPE, set once, and a number within its plausible bounds (NUMBER). */
static void attr_set(feature *f, const char *key, int type, char *json, double number)
{
    int i = layer_attr_index(f->def, key);
    if (i < 0)
        die("%s %s: no attribute '%s' in data/attributes.tsv", f->def->name, f->id, key);
    const vi_attr *a = f->def->attrs[i];
    if (a->type != type)
        die("%s %s: attribute '%s' is %s in data/attributes.tsv", f->def->name, f->id, key,
            vi_attr_type_names[a->type]);
    if (f->attrs[i])
        die("%s %s: attribute '%s' set twice", f->def->name, f->id, key);
    if (type != VI_ATTR_TEXT && a->bound && !vi_bound_contains(a->bound, number))
        die("%s %s: %s %s is out of the bounds of data/bounds.tsv", f->def->name, f->id, key, json);
    f->attrs[i] = json;
}

void attr_text(feature *f, const char *key, const char *v)
{
    int i = layer_attr_index(f->def, key);
    if (v && i >= 0 && !vi_value_allowed(f->def->attrs[i]->allowed, v))
        die("%s %s: '%s' is not an allowed %s in data/attributes.tsv", f->def->name, f->id, v, key);
    GString *s = g_string_new(NULL);
    json_string(s, v);
    attr_set(f, key, VI_ATTR_TEXT, g_string_free(s, FALSE), 0);
}

void attr_int(feature *f, const char *key, long v)
{
    attr_set(f, key, VI_ATTR_INTEGER, g_strdup_printf("%ld", v), (double)v);
}

void attr_real(feature *f, const char *key, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    attr_set(f, key, VI_ATTR_REAL, g_strdup(g_ascii_formatd(buf, sizeof buf, "%.1f", v)), v);
}
