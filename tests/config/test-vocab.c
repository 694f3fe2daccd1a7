/*
 * test-vocab.c - the words of fields and values (config/vocab.h) on the
 * shipped data: keys, the Chinese names of the other tables and the
 * synonyms of vocabulary.tsv, folded (case, full-width forms, spaces); the
 * statuses' kind rule across layers; the suggestion a refusal makes; and
 * the exact error for each kind of broken vocabulary.tsv row.
 */
#include "feature-check.h"
#include "vi-error.h"
#include "vocab.h"
#include "../unit.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

static const char *datadir;

static const vi_attr *attr_of(const vi_registry *reg, const char *layer, const char *name)
{
    const vi_layer *l = registry_layer(reg, layer);
    int a = l ? layer_attr_index(l, name) : -1;
    if (a < 0) {
        FAIL("no attribute %s of %s", name, layer);
        return NULL;
    }
    return l->attrs[a];
}

static void key_case(const char *what, const vi_words *w, const char *word, const char *want)
{
    const char *got = vi_words_key(w, word);
    if (g_strcmp0(got, want) != 0)
        FAIL("%s: \"%s\" means %s, expected %s", what, word, got ? got : "nothing",
             want ? want : "nothing");
}

static void status_case(const vi_registry *reg, const char *layer, const char *word,
                        const char *want)
{
    key_case(layer, registry_layer(reg, layer)->status_words, word, want);
}

static void value_case(const vi_registry *reg, const char *layer, const char *attr,
                       const char *word, const char *want)
{
    const vi_attr *a = attr_of(reg, layer, attr);
    if (a)
        key_case(attr, a->words, word, want);
}

static void field_case(const vi_registry *reg, const char *layer, const char *word,
                       const char *want)
{
    key_case(layer, registry_layer(reg, layer)->field_words, word, want);
}

static void test_words(const vi_registry *reg)
{
    /* Statuses: keys, statuses.tsv's names, synonyms, folded. */
    status_case(reg, "roads", "new", "new");
    status_case(reg, "roads", "新建", "new");
    status_case(reg, "roads", "新修", "new");
    status_case(reg, "roads", "　ＮＥＷ ", "new");
    status_case(reg, "roads", "Hardened", "hardened");
    status_case(reg, "roads", "硬化", "hardened");
    status_case(reg, "roads", "拟建", "planned");
    status_case(reg, "roads", "原有", "existing");
    /* The kind rule: a built status the layer lacks is its first built one. */
    status_case(reg, "roads", "built", "new");
    status_case(reg, "roads", "已建", "new");
    status_case(reg, "roads", "竣工", "new");
    status_case(reg, "roads", "提升改造", "new");
    status_case(reg, "streetlights", "new", "built");
    status_case(reg, "streetlights", "新建", "built");
    status_case(reg, "streetlights", "拓宽", "built");
    status_case(reg, "water_tanks", "新建", "built");
    status_case(reg, "bridges", "新修", "built");
    status_case(reg, "clinics", "改造", "upgraded");
    status_case(reg, "clinics", "新建", "built");
    status_case(reg, "rivers", "新建", "improved");
    status_case(reg, "streetlights", "规划", "planned");
    status_case(reg, "streetlights", "planned", "planned");
    status_case(reg, "rivers", "规划", NULL); /* rivers have no planned status */
    status_case(reg, "roads", "坏了", NULL);
    if (registry_layer(reg, "households")->status_words)
        FAIL("households have status words");

    /* Values: labels.tsv's names and synonyms. */
    value_case(reg, "households", "poverty", "贫困户", "registered");
    value_case(reg, "households", "poverty", "建档立卡贫困户", "registered");
    value_case(reg, "households", "poverty", "未脱贫", "registered");
    value_case(reg, "households", "poverty", "贫困户(未脱贫)", "registered"); /* half-width */
    value_case(reg, "households", "poverty", "脱贫户", "lifted");
    value_case(reg, "households", "poverty", "已脱贫户", "lifted");
    value_case(reg, "households", "poverty", "一般农户", "none");
    value_case(reg, "households", "poverty", "非贫困户", "none");
    value_case(reg, "households", "poverty", "NONE", "none");
    value_case(reg, "households", "toilet_retrofit", "是", "yes");
    value_case(reg, "households", "toilet_retrofit", "否", "no");
    value_case(reg, "roads", "surface", "水泥", "concrete");
    value_case(reg, "roads", "surface", "混凝土", "concrete");
    value_case(reg, "roads", "surface", "水泥路面", "concrete");
    value_case(reg, "roads", "surface", "沥青", "asphalt");
    value_case(reg, "roads", "surface", "砂石", "gravel");
    value_case(reg, "roads", "surface", "土路", "earth");
    value_case(reg, "roads", "surface", "碎石", NULL);
    value_case(reg, "roads", "class", "村道", "village");
    value_case(reg, "signal_towers", "operator", "移动", "china_mobile");
    value_case(reg, "signal_towers", "operator", "中国联通", "china_unicom");
    value_case(reg, "signal_towers", "operator", "China Telecom", "china_telecom");
    value_case(reg, "streetlights", "power_source", "太阳能", "solar");
    value_case(reg, "streetlights", "power_source", "市电", "grid");
    value_case(reg, "water_pipes", "material", "ＰＥ", "pe");
    value_case(reg, "culture", "type", "广场", "square");
    value_case(reg, "culture", "type", "文化墙", "wall");
    value_case(reg, "industry", "type", "光伏", "photovoltaic");
    value_case(reg, "rivers", "kind", "小溪", "stream");
    value_case(reg, "trees", "species", "crape myrtle", "crape_myrtle");

    /* Field names: keys, attributes.tsv's names, synonyms; a layer's own
     * row wins over a row for every layer. */
    field_case(reg, "roads", "ＩＤ", "id");
    field_case(reg, "roads", "编号", "id");
    field_case(reg, "roads", "建设年份", "year");
    field_case(reg, "roads", "建成年份", "year");
    field_case(reg, "roads", "年份", "year");
    field_case(reg, "roads", "状态", "status");
    field_case(reg, "roads", "路面", "surface");
    field_case(reg, "roads", "村名", "village");
    field_case(reg, "villages", "村名", "name");
    field_case(reg, "villages", "行政村", "name");
    field_case(reg, "roads", "行政村", "village");
    field_case(reg, "households", "户编号", "id");
    field_case(reg, "households", "户主", "head_name");
    field_case(reg, "households", "户主姓名", "head_name");
    field_case(reg, "households", "身份证", "id_number");
    field_case(reg, "households", "身份证号", "id_number");
    field_case(reg, "households", "电话", "phone");
    field_case(reg, "households", "手机", "phone");
    field_case(reg, "households", "联系电话", "phone");
    field_case(reg, "households", "人口", "members");
    field_case(reg, "households", "家庭人口", "members");
    field_case(reg, "villages", "人口", "population");
    field_case(reg, "water_tanks", "容量", "capacity");
    field_case(reg, "water_tanks", "容积", "capacity");
    field_case(reg, "roads", "容积", NULL); /* roads have no capacity */
    field_case(reg, "roads", "经度", NULL); /* coordinates are no field */

    /* Labels for messages, and what a refusal suggests. */
    const vi_attr *surface = attr_of(reg, "roads", "surface");
    const vi_layer *lights = registry_layer(reg, "streetlights");
    if (surface) {
        const char *zh = vi_words_label(surface->words, "concrete");
        if (g_strcmp0(zh, "水泥路面") != 0)
            FAIL("label of concrete: %s", zh ? zh : "none");
        const struct {
            const char *word, *want;
        } guesses[] = {{"碎石", "gravel"}, {"concret", "concrete"},
                       {"paved", NULL},    {"marble", NULL},
                       {"x", NULL},        {"大理石", NULL}};
        for (size_t i = 0; i < G_N_ELEMENTS(guesses); i++) {
            const char *g = vi_words_guess(surface->words, surface->allowed, guesses[i].word);
            if (g_strcmp0(g, guesses[i].want) != 0)
                FAIL("guess for %s: %s, expected %s", guesses[i].word, g ? g : "none",
                     guesses[i].want ? guesses[i].want : "none");
        }
    }
    const char *g = vi_words_guess(lights->status_words, lights->statuses, "bulit");
    if (g_strcmp0(g, "built") != 0)
        FAIL("guess for bulit: %s", g ? g : "none");

    /* The checks put a word as the value it means, and list the names. */
    char *v = g_strdup(" 新建 ");
    GError *err = NULL;
    if (!feature_check_status(lights, &v, &err) || strcmp(v, "built") != 0)
        FAIL("streetlight 新建: %s", err ? err->message : v);
    g_clear_error(&err);
    g_free(v);
    v = g_strdup("坏了");
    if (feature_check_status(lights, &v, &err) ||
        strcmp(err->message, "field \"status\": expected one of built (已建), existing (现有), "
                             "planned (规划), got \"坏了\"") != 0)
        FAIL("streetlight 坏了: %s", err ? err->message : v);
    g_clear_error(&err);
    g_free(v);
    if (surface) {
        v = g_strdup("Ｃｏｎｃｒｅｔｅ");
        if (!feature_check_attr(surface, &v, 0, &err) || strcmp(v, "concrete") != 0)
            FAIL("surface Ｃｏｎｃｒｅｔｅ: %s", err ? err->message : v);
        g_clear_error(&err);
        g_free(v);
    }
}

/* A copy of the data folder in DIR with vocabulary.tsv's rows ROWS. */
static void write_data(const char *dir, const char *rows)
{
    unit_copy_files(datadir, dir);
    char *path = g_build_filename(dir, "vocabulary.tsv", NULL);
    char *text = g_strdup_printf("what\tlayer\tfield\tword\tvalue\n%s", rows);
    g_file_set_contents(path, text, -1, NULL);
    g_free(text);
    g_free(path);
}

/* Each broken row refuses the registry with its line (the header is line 1). */
static void test_errors(void)
{
    char *tmp = g_dir_make_tmp("test-vocab-XXXXXX", NULL);
    if (!tmp) {
        FAIL("cannot make a temporary folder for the broken vocabularies");
        return;
    }
    const struct {
        const char *rows, *want; /* WANT after "'DIR/vocabulary.tsv' " */
    } cases[] = {
        {"value\tcastles\tstatus\t新修\tnew\n", "line 2: unknown layer \"castles\""},
        {"field\t\tyear\t年\tyear\n",
         "line 2: a row of what \"field\" takes no value (got \"year\")"},
        {"value\t\tstatus\t新修\t\n", "line 2: a row of what \"value\" needs a value"},
        {"value\t\tstatus\t坏了\tbroken\n", "line 2: status \"broken\" has no row in statuses.tsv"},
        {"value\troads\tsurface\t碎石\tmarble\n",
         "line 2: field \"surface\" of layer roads has no value \"marble\""},
        {"value\trivers\tstatus\t拟建\tplanned\n",
         "line 2: field \"status\" of layer rivers has no value \"planned\""},
        {"field\t\tcolour\t颜色\t\n", "line 2: no layer has a field \"colour\""},
        {"field\troads\tcapacity\t容积\t\n", "line 2: layer roads has no field \"capacity\""},
        {"value\t\tsurface\t泥巴\tmud\n",
         "line 2: no layer has a status or enumerated field \"surface\" with the value \"mud\""},
        {"value\t\tstatus\t新建\tbuilt\n",
         "line 2: field \"status\" of layer roads: \"新建\" cannot mean \"built\": it means \"new\" "
         "('DATA/statuses.tsv')"},
        {"value\thouseholds\tpoverty\t困难户\tregistered\nvalue\thouseholds\tpoverty\t困难户\tnone\n",
         "line 3: field \"poverty\" of layer households: \"困难户\" cannot mean \"none\": it means "
         "\"registered\" ('DATA/vocabulary.tsv' line 2)"},
        {"field\thouseholds\tphone\t户主姓名\t\n",
         "line 2: the field names of layer households: \"户主姓名\" cannot mean \"phone\": it "
         "means \"head_name\" ('DATA/attributes.tsv')"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *dir = g_strdup_printf("%s/data%zu", tmp, i);
        write_data(dir, cases[i].rows);
        GError *err = NULL;
        vi_registry *reg = registry_load(dir, &err);
        char **parts = g_strsplit(cases[i].want, "DATA", -1);
        char *want_body = g_strjoinv(dir, parts);
        g_strfreev(parts);
        char *want = g_strdup_printf("'%s/vocabulary.tsv' %s", dir, want_body);
        if (reg || !err || strcmp(err->message, want) != 0)
            FAIL("row %s: expected \"%s\", got \"%s\"", cases[i].rows, want,
                 err ? err->message : "(loaded)");
        g_free(want);
        g_free(want_body);
        g_clear_error(&err);
        registry_free(reg);
        GDir *d = g_dir_open(dir, 0, NULL);
        for (const char *name; d && (name = g_dir_read_name(d));) {
            char *p = g_build_filename(dir, name, NULL);
            g_remove(p); /* folders (demo, profiles) were not copied */
            g_free(p);
        }
        if (d)
            g_dir_close(d);
        g_rmdir(dir);
        g_free(dir);
    }
    g_rmdir(tmp);
    g_free(tmp);
}

int main(void)
{
    datadir = getenv("VINFRA_DATADIR");
    GError *err = NULL;
    vi_registry *reg = registry_load(datadir, &err);
    if (!reg) {
        FAIL("registry: %s", err->message);
        g_clear_error(&err);
        return unit_result();
    }
    test_words(reg);
    registry_free(reg);
    test_errors();
    return unit_result();
}
