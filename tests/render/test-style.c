/*
 * test-style.c - map styles: every style shipped in maps/ parses against
 * the registry, and broken styles fail with the file, line and key named
 * (the table reader's sections, keyed records and colours included).
 */
#include "../unit.h"
#include "registry.h"
#include "style.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

static vi_registry *reg;
static char *tmpdir;

static void expect_error(const char *what, const char *text, const char *message_fmt)
{
    char *path = g_build_filename(tmpdir, "bad.tsv", NULL);
    g_file_set_contents(path, text, -1, NULL);
    GError *err = NULL;
    vi_style *s = style_load(path, tmpdir, reg, &err);
    char *want = g_strdup_printf(message_fmt, path);
    if (s)
        FAIL("%s: loaded, expected: %s", what, want);
    else if (strcmp(err->message, want) != 0)
        FAIL("%s:\n  got      %s\n  expected %s", what, err->message, want);
    g_clear_error(&err);
    style_free(s);
    g_free(want);
    g_unlink(path);
    g_free(path);
}

#define HEAD "layer\twhen\tfill\tstroke\twidth_mm\tsize_mm\tsymbol\tlabel\n"

int main(void)
{
    const char *datadir = getenv("VINFRA_DATADIR"), *srcdir = getenv("VINFRA_SRCDIR");
    if (!datadir || !srcdir)
        return 77;
    GError *err = NULL;
    reg = registry_load(datadir, &err);
    if (!reg) {
        FAIL("registry: %s", err->message);
        return unit_result();
    }
    tmpdir = g_dir_make_tmp("vinfra-style-XXXXXX", NULL);

    /* Every style that ships parses, and names rows for the layers it draws. */
    char *mapsdir = g_build_filename(srcdir, "maps", NULL);
    GDir *dir = g_dir_open(mapsdir, 0, NULL);
    int styles = 0;
    for (const char *name; dir && (name = g_dir_read_name(dir));) {
        if (!g_str_has_suffix(name, ".tsv") || strcmp(name, "places.tsv") == 0)
            continue;
        char *path = g_build_filename(mapsdir, name, NULL);
        vi_style *s = style_load(path, mapsdir, reg, &err);
        if (!s) {
            FAIL("%s: %s", name, err->message);
            g_clear_error(&err);
        } else {
            styles++;
            gboolean clinics = FALSE;
            for (guint r = 0; r < s->rows->len; r++)
                clinics |= strcmp(g_array_index(s->rows, vi_style_row, r).layer, "clinics") == 0;
            if (!clinics)
                FAIL("%s: no row for clinics", name);
        }
        style_free(s);
        g_free(path);
    }
    if (dir)
        g_dir_close(dir);
    if (styles < 2)
        FAIL("expected the default and print-bw styles in maps/, found %d", styles);

    /* By name, from the maps directory; the default's layout keys are read. */
    vi_style *def = style_load("default", mapsdir, reg, &err);
    if (!def) {
        FAIL("default by name: %s", err->message);
        g_clear_error(&err);
    } else {
        if (def->layout.served != 0x1e8449ff)
            FAIL("default: served colour %08x", def->layout.served);
        if (def->layout.legend_width_mm != 52)
            FAIL("default: legend_width_mm %g", def->layout.legend_width_mm);
        const vi_layer *hh = registry_layer(reg, "households");
        const char *attrs[16] = {NULL};
        attrs[layer_attr_index(hh, "poverty")] = "lifted";
        int match = -1;
        for (guint r = 0; r < def->rows->len && match < 0; r++) {
            const vi_style_row *row = &g_array_index(def->rows, vi_style_row, r);
            if (strcmp(row->layer, "households") == 0 && style_row_matches(row, hh, NULL, attrs))
                match = (int)r;
        }
        if (match < 0 ||
            strcmp(g_array_index(def->rows, vi_style_row, match).when, "poverty=lifted") != 0)
            FAIL("a lifted household should take the poverty=lifted row");
    }
    style_free(def);
    {
        GError *e = NULL;
        vi_style *s = style_load("nosuch", mapsdir, reg, &e);
        char *want = g_strdup_printf("no style \"nosuch\" (looked for '%s/nosuch.tsv'; give a "
                                     "style name from %s or a file)",
                                     mapsdir, mapsdir);
        if (s || strcmp(e->message, want) != 0)
            FAIL("unknown style: %s", s ? "loaded" : e->message);
        g_clear_error(&e);
        style_free(s);
        g_free(want);
    }

    /* Broken files: each error names the file, the line and the key. */
    expect_error("unknown layout key", "[layout]\nmargin_mm\t10\ncolour\t#ffffff\n[layers]\n" HEAD,
                 "'%s' line 3: unknown key \"colour\"");
    expect_error("bad colour", "[layout]\npaper\t#ffff\n[layers]\n" HEAD,
                 "'%s' line 2: key \"paper\": expected a colour #rrggbb or #rrggbbaa, got "
                 "\"#ffff\"");
    expect_error("bad colour in a row",
                 "[layers]\n" HEAD "clinics\t\tred\t#000000\t0.2\t2\tcross\n",
                 "'%s' line 3: column \"fill\": expected a colour #rrggbb or #rrggbbaa, got "
                 "\"red\"");
    expect_error("unknown column", "[layers]\nlayer\tcolour\nroads\t#ff0000\n",
                 "'%s' line 2: unknown column \"colour\"");
    expect_error("unknown layer",
                 "[layers]\n" HEAD "hospitals\t\t#ff0000\t#000000\t0.2\t2\tcross\n",
                 "'%s' line 3: column \"layer\": unknown layer \"hospitals\" (layers: villages, "
                 "households, roads, bridges, streetlights, water_tanks, water_pipes, rivers, "
                 "signal_towers, clinics, elderly_care, committees, culture, schools, toilets, "
                 "garbage_pools, trees, industry)");
    expect_error("unknown symbol",
                 "[layers]\n" HEAD "clinics\t\t#ff0000\t#000000\t0.2\t2\thospital\n",
                 "'%s' line 3: column \"symbol\": expected one of none, circle, square, triangle, "
                 "diamond, star, cross, tower, drop, house, bridge, tree, flag, lamp, got "
                 "\"hospital\"");
    expect_error("when without a value", "[layers]\n" HEAD "roads\tstatus=\t\t#000000\t0.2\n",
                 "'%s' line 3: column \"when\": expected FIELD=VALUE, got \"status=\"");
    expect_error("when with a status the layer lacks",
                 "[layers]\n" HEAD "roads\tstatus=paved\t\t#000000\t0.2\n",
                 "'%s' line 3: column \"when\": status of roads is one of new, widened, hardened, "
                 "existing, planned, not \"paved\"");
    expect_error("personal label",
                 "[layers]\n" HEAD "households\t\t#ffffff\t#000000\t0.1\t1\tcircle\thead_name\n",
                 "'%s' line 3: column \"label\": households.head_name is personal data and is "
                 "never printed on a map");
    expect_error("point without size",
                 "[layers]\n" HEAD "clinics\t\t#ff0000\t#000000\t0.2\t\tcross\n",
                 "'%s' line 3: column \"size_mm\": a point symbol needs a size above 0");
    expect_error("unknown section", "[colours]\npaper\t#ffffff\n",
                 "'%s' line 1: unknown section \"[colours]\" (expected [layout], [layers])");
    expect_error("no section", "layer\tfill\n",
                 "'%s' line 1: expected a section line such as [layout], [layers]");
    expect_error("missing layers", "[layout]\nmargin_mm\t10\n", "'%s': missing section [layers]");
    expect_error("twice", "[layers]\n" HEAD "[layers]\n" HEAD,
                 "'%s' line 3: section [layers] given twice");
    expect_error("bad number", "[layout]\nmargin_mm\tten\n[layers]\n" HEAD,
                 "'%s' line 2: key \"margin_mm\": expected a number, got \"ten\"");
    expect_error("bad dash", "[layers]\nlayer\tstroke\twidth_mm\tdash\nroads\t#000000\t0.5\t2,x\n",
                 "'%s' line 3: column \"dash\": expected lengths in mm above 0 separated by "
                 "commas, got \"x\"");

    g_free(mapsdir);
    g_rmdir(tmpdir);
    g_free(tmpdir);
    registry_free(reg);
    return unit_result();
}
