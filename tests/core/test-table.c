/*
 * test-table.c - the table reader and the registry built on it: parsing,
 * types, and the exact error text for malformed tables.
 */
#include "registry.h"
#include "table.h"

#include <glib/gstdio.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *name;
    long count;
    double size;
    gboolean on;
    char **tags;
    int kind;
} row_t;

static const char *const kinds[] = {"point", "line", NULL};
static const tbl_column cols[] = {
    {"name", TBL_TEXT, offsetof(row_t, name), TRUE, NULL},
    {"count", TBL_INT, offsetof(row_t, count), FALSE, NULL},
    {"size", TBL_REAL, offsetof(row_t, size), FALSE, NULL},
    {"on", TBL_BOOL, offsetof(row_t, on), FALSE, NULL},
    {"tags", TBL_LIST, offsetof(row_t, tags), FALSE, NULL},
    {"kind", TBL_ENUM, offsetof(row_t, kind), FALSE, kinds},
};

static char *dir;
static int failures;

static char *write_file(const char *name, const char *text)
{
    char *path = g_build_filename(dir, name, NULL);
    g_file_set_contents(path, text, -1, NULL);
    return path;
}

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

/* Reads TEXT and expects the error message "'<path>'MSG" (MSG follows the quoted path). */
static void expect_error(const char *text, const char *msg)
{
    char *path = write_file("bad.tsv", text);
    GArray *rows = NULL;
    GError *err = NULL;
    gboolean ok = tbl_read(path, cols, G_N_ELEMENTS(cols), sizeof(row_t), &rows, &err);
    char *want = g_strdup_printf("'%s'%s", path, msg);
    CHECK(!ok);
    CHECK(rows == NULL);
    if (err && strcmp(err->message, want) != 0) {
        fprintf(stderr, "expected: %s\n     got: %s\n", want, err->message);
        failures++;
    }
    g_clear_error(&err);
    g_free(want);
    g_free(path);
}

static void test_good(void)
{
    char *path = write_file("good.tsv", "# comment\n"
                                        "name\tcount\tsize\ton\ttags\tkind\n"
                                        "\n"
                                        "双龙村\t12\t2.5\tyes\ta, b ,c\tline\r\n"
                                        "x\t\t\tno\t\t\n"
                                        "y\n");
    GArray *rows = NULL;
    GError *err = NULL;
    CHECK(tbl_read(path, cols, G_N_ELEMENTS(cols), sizeof(row_t), &rows, &err));
    CHECK(err == NULL);
    CHECK(rows && rows->len == 3);
    if (rows && rows->len == 3) {
        row_t *r = &g_array_index(rows, row_t, 0);
        CHECK(strcmp(r->name, "双龙村") == 0);
        CHECK(r->count == 12 && r->size == 2.5 && r->on && r->kind == 1);
        CHECK(g_strv_length(r->tags) == 3 && strcmp(r->tags[1], "b") == 0);
        r = &g_array_index(rows, row_t, 1);
        CHECK(r->count == 0 && r->tags == NULL && !r->on);
        r = &g_array_index(rows, row_t, 2);
        CHECK(strcmp(r->name, "y") == 0);
    }
    tbl_rows_free(rows, cols, G_N_ELEMENTS(cols));
    g_free(path);
}

static void test_errors(void)
{
    expect_error("name\tcolour\n", " line 1: unknown column \"colour\"");
    expect_error("count\n1\n", " line 1: missing required column \"name\"");
    expect_error("name\tcount\na\t1x\n",
                 " line 2: column \"count\": expected an integer, got \"1x\"");
    expect_error("name\tsize\na\tbig\n",
                 " line 2: column \"size\": expected a number, got \"big\"");
    expect_error("name\ton\na\tmaybe\n",
                 " line 2: column \"on\": expected yes or no, got \"maybe\"");
    expect_error("name\tkind\na\tpolygon\n",
                 " line 2: column \"kind\": expected one of point, line, got \"polygon\"");
    expect_error("# only a comment\n\n", ": no header line");
}

static void test_registry(const char *datadir)
{
    GError *err = NULL;
    vi_registry *reg = registry_load(datadir, &err);
    CHECK(reg != NULL);
    if (!reg) {
        fprintf(stderr, "%s\n", err->message);
        return;
    }
    const vi_layer *roads = registry_layer(reg, "roads");
    CHECK(roads && roads->geometry == VI_GEOM_LINE);
    CHECK(roads && layer_attr_index(roads, "surface") >= 0);
    CHECK(roads && vi_value_allowed(roads->statuses, "hardened"));
    CHECK(roads && !vi_value_allowed(roads->statuses, "paved"));
    const vi_layer *hh = registry_layer(reg, "households");
    int id = hh ? layer_attr_index(hh, "id_number") : -1;
    CHECK(id >= 0 && hh->attrs[id]->personal);
    CHECK(registry_programme(reg, "infrastructure") &&
          strcmp(registry_programme(reg, "infrastructure")->name_zh, "基建扶贫") == 0);
    CHECK(registry_programme_count(reg) == 8);
    /* Source layers named after layers: key, Chinese and English name, alias,
     * folded (case, full-width forms, spaces at the ends). */
    const char *const named[][2] = {{"streetlights", "streetlights"},
                                    {"路灯", "streetlights"},
                                    {" 太阳能路灯 ", "streetlights"},
                                    {"ＳＴＲＥＥＴＬＩＧＨＴＳ", "streetlights"},
                                    {"Water Tanks", "water_tanks"},
                                    {"水窖", "water_tanks"},
                                    {"卫生室", "clinics"},
                                    {"村道", "roads"},
                                    {"管网", "water_pipes"}};
    for (size_t i = 0; i < G_N_ELEMENTS(named); i++) {
        const vi_layer *l = registry_layer_match(reg, named[i][0]);
        CHECK(l && strcmp(l->name, named[i][1]) == 0);
    }
    CHECK(!registry_layer_match(reg, "其他") && !registry_layer_match(reg, "tracks") &&
          !registry_layer_match(reg, ""));
    registry_free(reg);

    /* A registry whose attribute names a layer that does not exist. */
    char *bad = g_build_filename(dir, "reg", NULL);
    g_mkdir(bad, 0700);
    const char *files[] = {"layers.tsv", "programmes.tsv", "region.tsv", "bounds.tsv"};
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        char *src = g_build_filename(datadir, files[i], NULL),
             *dst = g_build_filename(bad, files[i], NULL), *text = NULL;
        g_file_get_contents(src, &text, NULL, NULL);
        g_file_set_contents(dst, text, -1, NULL);
        g_free(text);
        g_free(src);
        g_free(dst);
    }
    char *attrs = g_build_filename(bad, "attributes.tsv", NULL);
    g_file_set_contents(
        attrs, "layer\tname\tname_zh\tname_en\ttype\nbridgez\tlength\t桥长\tlength\treal\n", -1,
        NULL);
    reg = registry_load(bad, &err);
    CHECK(reg == NULL);
    char *want = g_strdup_printf(
        "'%s/attributes.tsv': attribute \"length\" names unknown layer \"bridgez\"", bad);
    CHECK(err && strcmp(err->message, want) == 0);
    if (err && strcmp(err->message, want) != 0)
        fprintf(stderr, "expected: %s\n     got: %s\n", want, err->message);
    g_clear_error(&err);
    g_free(want);

    /* An alias that names another layer too: which layer would a folder go to? */
    g_file_set_contents(attrs, "layer\tname\tname_zh\tname_en\ttype\n", -1, NULL);
    char *bounds = g_build_filename(bad, "bounds.tsv", NULL);
    g_file_set_contents(bounds, "table\tfield\tmin\tmax\n", -1, NULL);
    g_free(bounds);
    char *layers = g_build_filename(bad, "layers.tsv", NULL);
    g_file_set_contents(layers,
                        "name\tname_zh\tname_en\tgeometry\tdepartment\taliases\n"
                        "villages\t行政村\tvillages\tpolygon\tcivil\t\n"
                        "households\t农户\thouseholds\tpoint\tcivil\t\n"
                        "roads\t道路\troads\tline\ttransport\t公路,ＶＩＬＬＡＧＥＳ\n",
                        -1, NULL);
    reg = registry_load(bad, &err);
    CHECK(reg == NULL);
    want =
        g_strdup_printf("'%s/layers.tsv': \"ＶＩＬＬＡＧＥＳ\" names both layer \"villages\" and "
                        "layer \"roads\" (a name or alias may name one layer only)",
                        bad);
    CHECK(err && strcmp(err->message, want) == 0);
    if (err && strcmp(err->message, want) != 0)
        fprintf(stderr, "expected: %s\n     got: %s\n", want, err->message);
    registry_free(reg);
    g_clear_error(&err);
    g_free(want);
    g_free(layers);
    g_free(attrs);
    g_free(bad);
}

int main(void)
{
    dir = g_dir_make_tmp("vinfra-table-XXXXXX", NULL);
    test_good();
    test_errors();
    test_registry(g_getenv("VINFRA_DATADIR"));
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    else
        printf("ok\n");
    return failures ? 1 : 0;
}
