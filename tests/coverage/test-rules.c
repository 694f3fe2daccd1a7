/*
 * test-rules.c - the coverage rules (rules.h): the shipped data/rules.tsv
 * read into services and grouped into measures, the selection of
 * coverage/gaps/plan with its exact usage errors, custom rules files with
 * the exact error for a bad row, which serving and target features a rule
 * admits, the words of a covered length (covered_as), and the kind planned
 * read from statuses.tsv rather than the word.
 */
#include "../unit.h"
#include "registry.h"
#include "rules.h"
#include "vi-error.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *tmp;
static const char *datadir;

/* The header of data/rules.tsv, and a row of its 16 columns from ARGS. */
#define HEADER                                                                                     \
    "service\tname_zh\tname_en\tlayer\tasset_zh\tasset_en\tstatuses\twhere\tmethod\ttarget\t"      \
    "target_statuses\ttarget_zh\ttarget_en\tthreshold_m\tasset_height_m\ttarget_height_m\n"

static char *write_rules(const char *name, const char *rows)
{
    char *path = g_build_filename(tmp, name, NULL);
    char *text = g_strconcat("# a test's rules\n", HEADER, rows, NULL);
    if (!g_file_set_contents(path, text, -1, NULL))
        FAIL("cannot write %s", path);
    g_free(text);
    return path;
}

static vi_registry *load_registry(const char *dir)
{
    GError *err = NULL;
    vi_registry *reg = registry_load(dir, &err);
    if (!reg) {
        fprintf(stderr, "FAIL registry_load('%s'): %s\n", dir, err->message);
        exit(1);
    }
    return reg;
}

/* The measures of SEL as "service:key/nrules" words joined by spaces, or
 * "error: MESSAGE". */
static char *select_text(vi_rules *rules, const char *service, const char *by, const char *dem,
                         double threshold, int *method)
{
    vi_rule_selection sel = {service, by, dem, threshold};
    GError *err = NULL;
    int m = -2;
    GPtrArray *ms = rules_select(rules, &sel, &m, &err);
    if (method)
        *method = m;
    if (!ms) {
        char *out = g_strdup_printf("error: %s", err ? err->message : "(no message)");
        if (err && err->code != VI_ERROR_USAGE)
            FAIL("%s: not a usage error", out);
        g_clear_error(&err);
        return out;
    }
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < ms->len; i++) {
        const vi_measure_def *d = ms->pdata[i];
        g_string_append_printf(s, "%s%s:%s/%d", i ? " " : "", d->service, d->key, d->nrules);
    }
    g_ptr_array_unref(ms);
    return g_string_free(s, FALSE);
}

static void expect_select(vi_rules *rules, const char *service, const char *by, const char *dem,
                          double threshold, const char *want)
{
    char *got = select_text(rules, service, by, dem, threshold, NULL);
    if (strcmp(got, want) != 0)
        FAIL("select(%s, %s, %s, %g):\n  got  %s\n  want %s", service ? service : "NULL",
             by ? by : "NULL", dem ? dem : "NULL", threshold, got, want);
    g_free(got);
}

static void test_shipped(const vi_registry *reg)
{
    char *path = g_build_filename(datadir, "rules.tsv", NULL);
    GError *err = NULL;
    vi_rules *rules = rules_load(path, reg, &err);
    g_free(path);
    if (!rules) {
        FAIL("rules_load(data/rules.tsv): %s", err->message);
        g_clear_error(&err);
        return;
    }
    char *names = rules_service_names(rules);
    if (strcmp(names, "clinic, streetlight, water, signal, road, elderly, culture") != 0)
        FAIL("services: %s", names);
    g_free(names);
    if (rules_service_count(rules) != 7 || strcmp(rules_service_at(rules, 2), "water") != 0)
        FAIL("service count %d, third %s", rules_service_count(rules), rules_service_at(rules, 2));
    if (strcmp(rules_service_name(rules, "water", FALSE), "饮水") != 0 ||
        strcmp(rules_service_name(rules, "water", TRUE), "drinking water") != 0 ||
        rules_service_name(rules, "hospital", TRUE) != NULL)
        FAIL("service names");

    /* Grouping: rows of one service, method and target make one measure
     * (water's tank and pipe rows); households first within a service. */
    expect_select(rules, NULL, NULL, NULL, NAN,
                  "clinic:line/1 clinic:road/1 streetlight:line/1 streetlight:roads/1 "
                  "water:line/2 signal:line/1 road:line/2 road:committees_road/1 elderly:line/1 "
                  "culture:line/1");
    /* Terrain only with a DEM (any regular file passes the selection). */
    char *dem = g_build_filename(datadir, "rules.tsv", NULL);
    expect_select(rules, "signal", NULL, dem, NAN, "signal:line/1 signal:terrain/1");
    int method;
    char *got = select_text(rules, "signal", "terrain", dem, NAN, &method);
    if (strcmp(got, "signal:terrain/1") != 0 || method != VI_METHOD_TERRAIN)
        FAIL("--by terrain: %s, method %d", got, method);
    g_free(got);
    g_free(dem);
    expect_select(rules, "clinic", "road", NULL, NAN, "clinic:road/1");

    /* The measures' target kinds and their rules. */
    vi_rule_selection all = {NULL, NULL, NULL, NAN};
    GPtrArray *ms = rules_select(rules, &all, &method, &err);
    for (guint i = 0; ms && i < ms->len; i++) {
        const vi_measure_def *d = ms->pdata[i];
        int want = strcmp(d->key, "roads") == 0             ? VI_TARGET_LENGTH
                   : strcmp(d->key, "committees_road") == 0 ? VI_TARGET_POINTS
                                                            : VI_TARGET_HOUSEHOLDS;
        if (d->target_kind != want)
            FAIL("%s:%s: target kind %d, want %d", d->service, d->key, d->target_kind, want);
        for (int k = 0; k < d->nrules; k++)
            if (strcmp(d->rules[k]->service, d->service) != 0 || d->rules[k]->method != d->method)
                FAIL("%s:%s: rule %d is of %s", d->service, d->key, k, d->rules[k]->service);
    }
    if (ms) {
        const vi_measure_def *water = ms->pdata[4];
        if (strcmp(water->rules[0]->layer, "water_tanks") != 0 ||
            strcmp(water->rules[1]->layer, "water_pipes") != 0 ||
            water->rules[0]->threshold_m != 1000 || water->rules[1]->threshold_m != 100)
            FAIL("water's rules: %s %g, %s %g", water->rules[0]->layer,
                 water->rules[0]->threshold_m, water->rules[1]->layer,
                 water->rules[1]->threshold_m);
        const vi_measure_def *culture = ms->pdata[9];
        const vi_rule *c = culture->rules[0];
        if (!c->where_attr || strcmp(c->where_attr, "type") != 0 || !c->where_values ||
            strcmp(c->where_values[0], "square") != 0 || c->where_values[1])
            FAIL("culture's where: %s", c->where ? c->where : "NULL");
        g_ptr_array_unref(ms);
    }

    /* Usage errors, word for word. */
    expect_select(rules, NULL, "foo", NULL, NAN,
                  "error: --by: expected line, road or terrain, got \"foo\"");
    expect_select(rules, NULL, "terrain", NULL, NAN, "error: --by terrain needs --dem FILE");
    expect_select(rules, NULL, NULL, "no.tif", NAN, "error: --dem: no file 'no.tif'");
    expect_select(rules, NULL, NULL, NULL, 100, "error: --threshold needs --service");
    expect_select(rules, "clinic", NULL, NULL, -5,
                  "error: --threshold: expected metres above 0, got -5");
    expect_select(rules, "hospital", NULL, NULL, NAN,
                  "error: unknown service \"hospital\": expected one of clinic, streetlight, "
                  "water, signal, road, elderly, culture");
    expect_select(rules, "streetlight", "road", NULL, NAN,
                  "error: service \"streetlight\" has no rule measured by road (it has: line)");

    /* A threshold applies to the service's rules of the --by method only. */
    expect_select(rules, "clinic", "line", NULL, 1500, "clinic:line/1");
    vi_rule_selection clinic = {"clinic", NULL, NULL, NAN};
    ms = rules_select(rules, &clinic, &method, &err);
    if (!ms || ms->len != 2 || ((vi_measure_def *)ms->pdata[0])->rules[0]->threshold_m != 1500 ||
        ((vi_measure_def *)ms->pdata[1])->rules[0]->threshold_m != 3000)
        FAIL("--threshold 1500 --by line changed the wrong rules");
    if (ms)
        g_ptr_array_unref(ms);

    /* Which features serve and which count. */
    ms = rules_measures(rules, NULL, -1, FALSE, &err);
    const vi_rule *clinic_line = ((vi_measure_def *)ms->pdata[0])->rules[0];
    const vi_rule *lit_roads = ((vi_measure_def *)ms->pdata[3])->rules[0];
    const vi_rule *hardened = ((vi_measure_def *)ms->pdata[6])->rules[0];
    const vi_rule *square = ((vi_measure_def *)ms->pdata[9])->rules[0];
    struct {
        const char *what;
        gboolean got, want;
    } cases[] = {
        {"clinic built", rule_admits(clinic_line, "built", NULL, FALSE), TRUE},
        {"clinic no status", rule_admits(clinic_line, NULL, NULL, FALSE), TRUE},
        {"clinic planned", rule_admits(clinic_line, "planned", NULL, FALSE), FALSE},
        {"clinic planned after the plan", rule_admits(clinic_line, "planned", NULL, TRUE), TRUE},
        {"hardened road new", rule_admits(hardened, "new", NULL, FALSE), TRUE},
        {"hardened road existing", rule_admits(hardened, "existing", NULL, FALSE), FALSE},
        {"hardened road planned after", rule_admits(hardened, "planned", NULL, TRUE), TRUE},
        {"square", rule_admits(square, "built", "square", FALSE), TRUE},
        {"hall", rule_admits(square, "built", "hall", FALSE), FALSE},
        {"no type", rule_admits(square, "built", NULL, FALSE), FALSE},
        {"household counts", rule_targets(clinic_line, "existing"), TRUE},
        {"household of no status", rule_targets(clinic_line, NULL), TRUE},
        {"planned household", rule_targets(clinic_line, "planned"), FALSE},
        {"new road lit target", rule_targets(lit_roads, "new"), TRUE},
        {"existing road lit target", rule_targets(lit_roads, "existing"), FALSE},
        {"planned road lit target", rule_targets(lit_roads, "planned"), FALSE},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        if (cases[i].got != cases[i].want)
            FAIL("%s: %d, want %d", cases[i].what, cases[i].got, cases[i].want);
    /* Only the lit roads are worded lit. */
    for (guint i = 0; i < ms->len; i++) {
        const vi_measure_def *d = ms->pdata[i];
        int want = d->rules[0] == lit_roads ? VI_COVERED_AS_LIT : VI_COVERED_AS_COVERED;
        if (d->rules[0]->covered_as != want)
            FAIL("%s:%s: covered_as %d, want %d", d->service, d->key, d->rules[0]->covered_as,
                 want);
    }
    g_ptr_array_unref(ms);
    rules_free(rules);
}

/* Reading ROWS must fail with "'<path>'MSG" (MSG follows the quoted path). */
static void expect_bad(const vi_registry *reg, const char *rows, const char *msg)
{
    char *path = write_rules("bad.tsv", rows);
    GError *err = NULL;
    vi_rules *rules = rules_load(path, reg, &err);
    char *want = g_strdup_printf("'%s'%s", path, msg);
    if (rules)
        FAIL("'%s' was read; want: %s", rows, want);
    else if (err->code != VI_ERROR_DATA || strcmp(err->message, want) != 0)
        FAIL("bad row:\n  got  %s\n  want %s", err->message, want);
    g_clear_error(&err);
    rules_free(rules);
    g_free(want);
    g_free(path);
}

static void test_custom(const vi_registry *reg)
{
    /* A good file: its rows and nothing else. */
    char *path = write_rules(
        "good.tsv", "clinic\t卫生室\tclinic\tclinics\t\t\tbuilt,upgraded\t\tline\thouseholds"
                    "\t\t\t\t3500\t\t\n"
                    "clinic\t卫生室\tclinic\tclinics\t\t\t\t\troad\thouseholds\t\t\t\t4000"
                    "\t\t\n");
    GError *err = NULL;
    vi_rules *rules = rules_load(path, reg, &err);
    if (!rules) {
        FAIL("good rules: %s", err->message);
        g_clear_error(&err);
    } else {
        expect_select(rules, NULL, NULL, NULL, NAN, "clinic:line/1 clinic:road/1");
        GPtrArray *ms = rules_measures(rules, "clinic", VI_METHOD_LINE, FALSE, &err);
        const vi_rule *r = ((vi_measure_def *)ms->pdata[0])->rules[0];
        if (r->threshold_m != 3500 || !r->statuses || strcmp(r->statuses[1], "upgraded") != 0 ||
            r->asset_zh || r->where)
            FAIL("good rule read as %g, %s", r->threshold_m, r->statuses ? r->statuses[0] : "");
        if (rule_admits(r, "existing", NULL, FALSE) || !rule_admits(r, "upgraded", NULL, FALSE))
            FAIL("statuses built,upgraded: existing or upgraded misjudged");
        g_ptr_array_unref(ms);
        rules_free(rules);
    }
    g_free(path);

    expect_bad(reg,
               "clinic\t村医务室\tclinic\thospitals\t\t\t\t\tline\thouseholds\t\t\t\t2000\t\t\n",
               " rule 1: unknown layer \"hospitals\": expected one of villages, households, roads, "
               "bridges, streetlights, water_tanks, water_pipes, rivers, signal_towers, clinics, "
               "elderly_care, committees, culture, schools, toilets, garbage_pools, trees, "
               "industry");
    expect_bad(reg,
               "clinic\t村医务室\tclinic\tclinics\t\t\tbuilt,open\t\tline\thouseholds\t\t\t\t2000"
               "\t\t\n",
               " rule 1: column \"statuses\": layer \"clinics\" has no status \"open\" (it has: "
               "built, upgraded, existing, planned)");
    expect_bad(reg,
               "culture\t文化\tculture\tculture\t\t\t\ttype=square|plaza\tline\thouseholds\t\t\t\t"
               "1500\t\t\n",
               " rule 1: column \"where\": attribute \"type\" of layer \"culture\" has no value "
               "\"plaza\" (it has: hall, square, stage, wall)");
    expect_bad(reg,
               "clinic\t村医务室\tclinic\tclinics\t\t\t\t\tline\thouseholds\t\t\t\t2000\t\t\n"
               "clinic\t卫生室\tclinic\tclinics\t\t\t\t\troad\thouseholds\t\t\t\t3000\t\t\n",
               " rule 2: service \"clinic\" is named \"村医务室\" / \"clinic\" on an earlier row");
    expect_bad(reg, "road\t道路\troad\troads\t\t\t\t\tline\tcommittees\t\t\t\t200\t\t\n",
               " rule 1: a point layer other than households is served through the road network "
               "(method road)");
    expect_bad(reg, "", ": no rules");
    /* covered_as words a line target's length only. */
    char *lit = g_build_filename(tmp, "lit.tsv", NULL);
    if (!g_file_set_contents(
            lit,
            "service\tname_zh\tname_en\tlayer\tmethod\ttarget\tthreshold_m\tcovered_as\n"
            "lamps\t灯\tlamps\tstreetlights\tline\troads\t30\tlit\n"
            "lamps\t灯\tlamps\tstreetlights\tline\thouseholds\t30\tlit\n",
            -1, NULL))
        FAIL("cannot write %s", lit);
    rules = rules_load(lit, reg, &err);
    char *want = g_strdup_printf("'%s' rule 2: column \"covered_as\" words the length of a line "
                                 "layer: leave it empty for a point target",
                                 lit);
    if (rules || !err || strcmp(err->message, want) != 0)
        FAIL("covered_as on households:\n  got  %s\n  want %s", err ? err->message : "(read)",
             want);
    g_clear_error(&err);
    rules_free(rules);
    g_free(want);
    g_free(lit);
    /* A cell the table reader refuses: its message, by line. */
    char *bad = write_rules("bad.tsv", "clinic\t村医务室\tclinic\tclinics\t\t\t\t\tby car\t"
                                       "households\t\t\t\t2000\t\t\n");
    rules = rules_load(bad, reg, &err);
    want = g_strdup_printf("'%s' line 3: column \"method\": expected one of line, road, "
                           "terrain, got \"by car\"",
                           bad);
    if (rules || !err || strcmp(err->message, want) != 0)
        FAIL("bad method:\n  got  %s\n  want %s", err ? err->message : "(read)", want);
    g_clear_error(&err);
    rules_free(rules);
    g_free(want);
    g_free(bad);
}

/* The kind planned comes from statuses.tsv: a copy of the data directory
 * where "existing" is of kind planned and "planned" is not. */
static void test_kinds_from_data(void)
{
    char *dir = g_build_filename(tmp, "data", NULL);
    unit_copy_files(datadir, dir);
    char *statuses = g_build_filename(dir, "statuses.tsv", NULL);
    g_file_set_contents(statuses,
                        "status\tname_zh\tname_en\tkind\n"
                        "new\t新建\tnew\tbuilt\n"
                        "widened\t拓宽\twidened\tbuilt\n"
                        "hardened\t硬化\thardened\tbuilt\n"
                        "built\t已建\tbuilt\tbuilt\n"
                        "upgraded\t提升改造\tupgraded\tbuilt\n"
                        "improved\t治理\timproved\tbuilt\n"
                        "existing\t现有\texisting\tplanned\n"
                        "planned\t规划\tplanned\texisting\n",
                        -1, NULL);
    vi_registry *reg = load_registry(dir);
    char *path = g_build_filename(dir, "rules.tsv", NULL);
    GError *err = NULL;
    vi_rules *rules = rules_load(path, reg, &err);
    if (!rules) {
        FAIL("rules with other kinds: %s", err->message);
        g_clear_error(&err);
    } else {
        GPtrArray *ms = rules_measures(rules, "clinic", VI_METHOD_LINE, FALSE, &err);
        const vi_rule *r = ((vi_measure_def *)ms->pdata[0])->rules[0];
        if (rule_admits(r, "existing", NULL, FALSE) || !rule_admits(r, "existing", NULL, TRUE))
            FAIL("a status of kind planned (existing here) served before the plan");
        if (!rule_admits(r, "planned", NULL, FALSE) || !rule_targets(r, "planned") ||
            rule_targets(r, "existing"))
            FAIL("\"planned\" of kind existing was taken for planned");
        /* What plan --save writes: the layer's first status of kind planned. */
        const vi_layer *clinics = registry_layer(reg, "clinics");
        const char *s = statuses_planned_status(r->status_kinds, clinics->statuses);
        if (!s || strcmp(s, "existing") != 0)
            FAIL("planned status of clinics: %s, want existing", s ? s : "NULL");
        g_ptr_array_unref(ms);
        rules_free(rules);
    }
    /* Without statuses.tsv the rules cannot be read. */
    g_remove(statuses);
    rules = rules_load(path, reg, &err);
    if (rules || !err || !strstr(err->message, "statuses.tsv"))
        FAIL("rules read without statuses.tsv: %s", err ? err->message : "(read)");
    g_clear_error(&err);
    rules_free(rules);
    registry_free(reg);
    g_free(path);
    g_free(statuses);
    g_free(dir);
}

/* Remove PATH and, when it is a folder, everything in it. */
static void remove_tree(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    for (const char *name; d && (name = g_dir_read_name(d));) {
        char *child = g_build_filename(path, name, NULL);
        remove_tree(child);
        g_free(child);
    }
    if (d) {
        g_dir_close(d);
        g_rmdir(path);
    } else {
        g_remove(path);
    }
}

int main(void)
{
    datadir = getenv("VINFRA_DATADIR");
    if (!datadir || !*datadir) {
        fprintf(stderr, "VINFRA_DATADIR is not set\n");
        return 1;
    }
    tmp = g_dir_make_tmp("test-rules-XXXXXX", NULL);
    vi_registry *reg = load_registry(datadir);
    test_shipped(reg);
    test_custom(reg);
    test_kinds_from_data();
    registry_free(reg);
    remove_tree(tmp);
    g_free(tmp);
    return unit_result();
}
