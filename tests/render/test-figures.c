/*
 * test-figures.c - the maps' figures (render/figures.c, data/maps.tsv): the
 * shipped table's default service, overview figures and cover lines; how a
 * text's {numbers} are written; the errors of a table that names an
 * unknown number or lacks its service.
 */
#include "figures.h"
#include "../unit.h"

#include <glib/gstdio.h>
#include <string.h>

static void expect_text(const char *what, char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        FAIL("%s: \"%s\", expected \"%s\"", what, got, want);
    g_free(got);
}

/* Load a maps.tsv of TEXT from a fresh directory; expect ERROR_FMT (%s: its path). */
static void expect_error(const char *what, const char *text, const char *error_fmt)
{
    char *dir = g_dir_make_tmp("test-figures-XXXXXX", NULL);
    char *path = g_build_filename(dir, "maps.tsv", NULL);
    g_file_set_contents(path, text, -1, NULL);
    GError *err = NULL;
    vi_map_figures *f = figures_load(dir, &err);
    char *want = g_strdup_printf(error_fmt, path);
    if (f)
        FAIL("%s: loaded, expected: %s", what, want);
    else if (strcmp(err->message, want) != 0)
        FAIL("%s:\n  got      %s\n  expected %s", what, err->message, want);
    figures_free(f);
    g_clear_error(&err);
    g_free(want);
    g_remove(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
}

int main(void)
{
    const char *datadir = g_getenv("VINFRA_DATADIR");
    if (!datadir) {
        FAIL("VINFRA_DATADIR is not set (run through meson test)");
        return unit_result();
    }
    GError *err = NULL;
    vi_map_figures *f = figures_load(datadir, &err);
    if (!f) {
        FAIL("data/maps.tsv: %s", err->message);
        g_clear_error(&err);
        return unit_result();
    }
    if (strcmp(f->service, "clinic") != 0)
        FAIL("default service \"%s\", expected \"clinic\"", f->service);
    char *names = g_strjoinv(",", f->names);
    if (strcmp(names, "roads,lights,clinic") != 0)
        FAIL("overview figures \"%s\", expected \"roads,lights,clinic\"", names);
    g_free(names);
    const vi_overview_figure *roads = &g_array_index(f->overview, vi_overview_figure, 0);
    const vi_overview_figure *clinic = &g_array_index(f->overview, vi_overview_figure, 2);
    if (roads->source != VI_FIGURE_STATS || strcmp(roads->key, "roads") != 0 ||
        clinic->source != VI_FIGURE_COVERAGE || strcmp(clinic->key, "clinic") != 0)
        FAIL("overview sources: roads %d %s, clinic %d %s", roads->source, roads->key,
             clinic->source, clinic->key);
    if (f->cover->len != 11)
        FAIL("%u cover lines, expected 11", f->cover->len);
    const vi_cover_figure *last = &g_array_index(f->cover, vi_cover_figure, f->cover->len - 1);
    if (strcmp(last->layer, "households") != 0)
        FAIL("last cover line of \"%s\", expected households", last->layer);

    /* Numbers as the reports write them: counts whole, km and % to 0.1. */
    vi_figure_values v = {
        .count = 2934, .built = 5, .built_km = 33.6000004, .quantity = 9645.4, .coverage = 76.2438};
    expect_text("roads zh", figures_format(roads->value_zh, &v), "33.6 公里");
    expect_text("clinic en", figures_format(clinic->value_en, &v), "76.2%");
    expect_text("households", figures_format(last->text_zh, &v), "农户 2934 户，人口 9645 人");
    expect_text("no braces", figures_format("plain {", &v), "plain {");
    expect_text("built", figures_format("{built} of {count}", &v), "5 of 2934");
    figures_free(f);

    expect_error("unknown number",
                 "[maps]\nservice\tclinic\n[overview]\n"
                 "figure\tsource\tkey\twhat_zh\twhat_en\tvalue_zh\tvalue_en\n"
                 "roads\tstats\troads\t道路\troads\t{length} 公里\t{built_km} km\n[cover]\n"
                 "layer\ttext_zh\ttext_en\n",
                 "'%s' line 5: unknown number {length} (expected {count}, {built}, {built_km}, "
                 "{quantity}, {coverage})");
    expect_error("unknown number on the cover",
                 "[maps]\nservice\tclinic\n[overview]\n"
                 "figure\tsource\tkey\twhat_zh\twhat_en\tvalue_zh\tvalue_en\n"
                 "roads\tstats\troads\t道路\troads\t{built_km} 公里\t{built_km} km\n[cover]\n"
                 "layer\ttext_zh\ttext_en\nbridges\t便民桥 {built} 座\t{bulit} footbridges\n",
                 "'%s' line 8: unknown number {bulit} (expected {count}, {built}, {built_km}, "
                 "{quantity}, {coverage})");
    expect_error("no overview figure",
                 "[maps]\nservice\tclinic\n[overview]\n"
                 "figure\tsource\tkey\twhat_zh\twhat_en\tvalue_zh\tvalue_en\n[cover]\n"
                 "layer\ttext_zh\ttext_en\n",
                 "'%s': [overview]: no figure");
    return unit_result();
}
