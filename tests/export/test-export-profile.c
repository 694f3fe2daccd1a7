/*
 * test-export-profile.c - the export profiles (src/export/export-profile.c):
 * every bundled profile of data/profiles/ loads against the registry, with
 * its defaults and its fields resolved (common fields, attributes with
 * their personal flag, lengths, coverage values, decimals); an unknown
 * profile is a usage error listing them; and each way a profile row can be
 * wrong is an error naming the profile, the file and the line, exactly.
 */
#include "export-profile.h"
#include "rules.h"
#include "vi-error.h"

#include "../unit.h"

#include <glib/gstdio.h>
#include <string.h>

static const vi_registry *reg;
static char *tmpdir;

static void expect_str(const char *what, const char *got, const char *want)
{
    if (g_strcmp0(got, want) != 0)
        FAIL("%s: got '%s', expected '%s'", what, got ? got : "(null)", want ? want : "(null)");
}

static const vi_export_field *field_of(const vi_export_layer *l, const char *source)
{
    for (guint i = 0; i < l->fields->len; i++) {
        const vi_export_field *f = g_ptr_array_index(l->fields, i);
        if (strcmp(f->source, source) == 0)
            return f;
    }
    return NULL;
}

static void test_bundled(const char *datadir)
{
    GError *err = NULL;
    char *names = export_profile_names(datadir, &err);
    expect_str("profile names", names, "transport, water, health, telecom, culture, all");
    g_clear_error(&err);

    /* Every bundled profile loads, and every field of it is resolved. */
    char **each = g_strsplit(names ? names : "", ", ", -1);
    for (int i = 0; each[i]; i++) {
        vi_export_profile *p = export_profile_load(datadir, each[i], reg, &err);
        if (!p) {
            FAIL("profile %s: %s", each[i], err ? err->message : "(no error)");
            g_clear_error(&err);
            continue;
        }
        char *path = g_strdup_printf("%s/profiles/%s.tsv", datadir, each[i]);
        expect_str("profile path", p->path, path);
        g_free(path);
        if (p->layers->len == 0)
            FAIL("profile %s: no layers", each[i]);
        for (guint k = 0; k < p->layers->len; k++) {
            const vi_export_layer *l = g_ptr_array_index(p->layers, k);
            if (!export_plain_file_name(l->file) || l->fields->len == 0)
                FAIL("profile %s, layer %s: file '%s', %u fields", each[i], l->layer->name, l->file,
                     l->fields->len);
        }
        export_profile_free(p);
    }
    g_strfreev(each);
    g_free(names);

    /* transport: its defaults, layers in file order, and its fields. */
    vi_export_profile *p = export_profile_load(datadir, "transport", reg, &err);
    if (!p) {
        FAIL("transport: %s", err->message);
        g_clear_error(&err);
        return;
    }
    expect_str("transport name_zh", p->name_zh, "交通运输局");
    expect_str("transport name_en", p->name_en, "transport bureau");
    expect_str("transport format", p->format, "shp");
    expect_str("transport crs", p->crs, "EPSG:4490");
    expect_str("transport encoding", p->encoding, "GBK");
    static const char *const layers[] = {"roads", "bridges", "streetlights"};
    static const guint nfields[] = {10, 8, 8};
    if (p->layers->len != G_N_ELEMENTS(layers))
        FAIL("transport: %u layers, expected 3", p->layers->len);
    for (guint k = 0; k < p->layers->len && k < G_N_ELEMENTS(layers); k++) {
        const vi_export_layer *l = g_ptr_array_index(p->layers, k);
        expect_str("transport layer", l->layer->name, layers[k]);
        expect_str("transport file", l->file, layers[k]);
        if (l->fields->len != nfields[k])
            FAIL("transport %s: %u fields, expected %u", layers[k], l->fields->len, nfields[k]);
    }
    const vi_export_layer *roads = g_ptr_array_index(p->layers, 0);
    const vi_export_field *f = field_of(roads, "id");
    if (!f || f->kind != VI_SRC_COMMON || f->common != 0 || f->type != VI_FIELD_TEXT ||
        strcmp(f->name, "ID") != 0 || strcmp(f->alias, "编号") != 0 || f->decimals != -1)
        FAIL("transport roads id: not the common field id, text, ID, 编号");
    f = field_of(roads, "year");
    if (!f || f->kind != VI_SRC_COMMON || f->type != VI_FIELD_INTEGER)
        FAIL("transport roads year: not a common integer field");
    f = field_of(roads, "width");
    if (!f || f->kind != VI_SRC_ATTR || f->type != VI_FIELD_REAL ||
        strcmp(f->attr->name, "width") || f->personal)
        FAIL("transport roads width: not the real attribute width");
    f = field_of(roads, "length_m");
    if (!f || f->kind != VI_SRC_LENGTH || f->type != VI_FIELD_REAL || f->decimals != 3 ||
        strcmp(f->name, "LENGTH_M") != 0)
        FAIL("transport roads length_m: not the length, 3 decimals");
    export_profile_free(p);

    /* health: coverage values and personal fields of the households. */
    p = export_profile_load(datadir, "health", reg, &err);
    if (!p) {
        FAIL("health: %s", err->message);
        g_clear_error(&err);
        return;
    }
    const vi_export_layer *hh = NULL;
    for (guint k = 0; k < p->layers->len; k++)
        if (strcmp(((vi_export_layer *)g_ptr_array_index(p->layers, k))->layer->name,
                   "households") == 0)
            hh = g_ptr_array_index(p->layers, k);
    if (!hh) {
        FAIL("health: no households layer");
    } else {
        f = field_of(hh, "served(clinic)");
        if (!f || f->kind != VI_SRC_SERVED || f->type != VI_FIELD_TEXT ||
            strcmp(f->service, "clinic") != 0 || f->method != VI_METHOD_LINE)
            FAIL("health served(clinic): not served by clinic, in a line, text");
        f = field_of(hh, "distance(clinic,road)");
        if (!f || f->kind != VI_SRC_DISTANCE || f->type != VI_FIELD_REAL ||
            strcmp(f->service, "clinic") != 0 || f->method != VI_METHOD_ROAD)
            FAIL("health distance(clinic,road): not a distance by road, real");
        f = field_of(hh, "id_number");
        if (!f || f->kind != VI_SRC_ATTR || !f->personal)
            FAIL("health id_number: not a personal attribute");
        f = field_of(hh, "members");
        if (!f || f->personal || f->type != VI_FIELD_INTEGER)
            FAIL("health members: not a plain integer attribute");
    }
    export_profile_free(p);

    /* An unknown profile: a usage error naming the profiles. */
    p = export_profile_load(datadir, "nope", reg, &err);
    if (p || !g_error_matches(err, VI_ERROR, VI_ERROR_USAGE))
        FAIL("unknown profile: expected a usage error");
    else
        expect_str("unknown profile", err->message,
                   "--profile: no profile \"nope\" (profiles: transport, water, health, telecom, "
                   "culture, all)");
    g_clear_error(&err);
    export_profile_free(p);
}

/* A profile "bad" whose field table is TABLE (after a comment and a blank
 * line, so the header is line 3); loading it must fail with the data error
 * "profile 'bad' ('PATH' line LINE): MSG", or "profile 'bad' ('PATH'): MSG"
 * when LINE is 0. */
static void expect_bad(const char *table, int line, const char *msg)
{
    char *index = g_build_filename(tmpdir, "profiles", "profiles.tsv", NULL);
    char *path = g_build_filename(tmpdir, "profiles", "bad.tsv", NULL);
    char *text = g_strconcat("# a profile with one mistake\n\nlayer\tfile\tsource\tfield\talias\t"
                             "decimals\n",
                             table, NULL);
    g_file_set_contents(index,
                        "name\tname_zh\tname_en\tformat\tcrs\tencoding\n"
                        "bad\t坏\tbad\tshp\tEPSG:4490\tGBK\n",
                        -1, NULL);
    g_file_set_contents(path, text, -1, NULL);
    char *want = line ? g_strdup_printf("profile 'bad' ('%s' line %d): %s", path, line, msg)
                      : g_strdup_printf("profile 'bad' ('%s'): %s", path, msg);
    GError *err = NULL;
    vi_export_profile *p = export_profile_load(tmpdir, "bad", reg, &err);
    if (p)
        FAIL("accepted: %s", msg);
    else if (!g_error_matches(err, VI_ERROR, VI_ERROR_DATA))
        FAIL("not a data error: %s", err ? err->message : "(none)");
    else
        expect_str("bad profile", err->message, want);
    g_clear_error(&err);
    export_profile_free(p);
    g_free(want);
    g_free(text);
    g_free(path);
    g_free(index);
}

static void test_bad_rows(void)
{
    char *layers = registry_layer_names(reg);
    char *msg = g_strdup_printf("no layer \"road\" in the registry (layers: %s)", layers);
    expect_bad("roads\troads\tid\tID\t\t\nroad\t\tname\tNAME\t\t\n", 5, msg);
    g_free(msg);
    g_free(layers);

    expect_bad("roads\t\tid\tID\t\t\n", 4,
               "column \"file\": value required on the first row of layer \"roads\"");
    expect_bad("roads\troads\tid\tID\t\t\nbridges\tbridges\tid\tID\t\t\nroads\t\tname\tNAME\t\t\n",
               6, "the rows of layer \"roads\" must be together");
    expect_bad("roads\t../roads\tid\tID\t\t\n", 4,
               "file \"../roads\": expected a plain file name (no folder, no leading dot): it "
               "would be written outside the package folder");
    expect_bad("roads\t.roads\tid\tID\t\t\n", 4,
               "file \".roads\": expected a plain file name (no folder, no leading dot): it "
               "would be written outside the package folder");
    expect_bad("roads\tnet\tid\tID\t\t\nbridges\tNET\tid\tID\t\t\n", 5,
               "file \"NET\" is used by another layer");
    expect_bad("roads\troads\tid\tID\t\t\nroads\tlines\tname\tNAME\t\t\n", 5,
               "file \"lines\": layer \"roads\" is already written to \"roads\"");
    expect_bad("roads\troads\tid\tID\t\t\nroads\t\tlane\tLANE\t\t\n", 5,
               "layer \"roads\" has no field \"lane\" (fields: id, village, name, status, year, "
               "project, class, surface, width, length_m)");
    /* area_m2 is a polygon's; coverage values are the households'. */
    expect_bad("roads\troads\tarea_m2\tAREA\t\t\n", 4,
               "layer \"roads\" has no field \"area_m2\" (fields: id, village, name, status, "
               "year, project, class, surface, width, length_m)");
    expect_bad("clinics\tclinics\tserved(clinic)\tSERVED\t\t\n", 4,
               "layer \"clinics\" has no field \"served(clinic)\" (fields: id, village, name, "
               "status, year, project, doctors, area)");
    static const char *const coverage[] = {"served()", "served(clinic,terrain)", "reach(clinic)",
                                           "distance(clinic,road,line)", "served(clinic"};
    for (guint i = 0; i < G_N_ELEMENTS(coverage); i++) {
        char *row = g_strdup_printf("households\thouseholds\t%s\tX\t\t\n", coverage[i]);
        char *want = g_strdup_printf(
            "layer \"households\" has no field \"%s\" (fields: id, village, name, status, year, "
            "project, members, poverty, toilet_retrofit, head_name, id_number, phone, "
            "served(SERVICE[,METHOD]), distance(SERVICE[,METHOD]))",
            coverage[i]);
        expect_bad(row, 4, want);
        g_free(want);
        g_free(row);
    }
    static const char *const decimals[] = {"x", "-1", "10", "2.5"};
    for (guint i = 0; i < G_N_ELEMENTS(decimals); i++) {
        char *row = g_strdup_printf("roads\troads\twidth\tW\t\t%s\n", decimals[i]);
        char *want = g_strdup_printf(
            "column \"decimals\": expected 0 to 9 for a real field, got \"%s\"", decimals[i]);
        expect_bad(row, 4, want);
        g_free(want);
        g_free(row);
    }
    expect_bad("roads\troads\tclass\tCLASS\t\t2\n", 4,
               "column \"decimals\": expected 0 to 9 for a real field, got \"2\"");
    expect_bad("roads\troads\tid\tID\t\t\nroads\t\tname\tid\t\t\n", 5,
               "field \"id\" of layer \"roads\" is named twice");
    expect_bad("", 0, "no layers");
}

static void test_bad_index(void)
{
    char *index = g_build_filename(tmpdir, "profiles", "profiles.tsv", NULL);
    g_file_set_contents(index,
                        "name\tname_zh\tname_en\tformat\tcrs\tencoding\n"
                        ".hidden\t隐\thidden\tshp\tEPSG:4490\tGBK\n",
                        -1, NULL);
    GError *err = NULL;
    vi_export_profile *p = export_profile_load(tmpdir, ".hidden", reg, &err);
    char *want =
        g_strdup_printf("'%s': profile name \".hidden\": expected a plain file name", index);
    if (p)
        FAIL("a profile named .hidden was accepted");
    else
        expect_str("profile name", err ? err->message : NULL, want);
    g_clear_error(&err);
    export_profile_free(p);
    g_free(want);
    g_free(index);

    static const struct {
        const char *name;
        gboolean plain;
    } names[] = {{"roads", TRUE}, {"道路", TRUE},  {"a.b", TRUE}, {"", FALSE},
                 {".", FALSE},    {"..", FALSE},   {".x", FALSE}, {"a/b", FALSE},
                 {"a\\b", FALSE}, {"a\tb", FALSE}, {NULL, FALSE}};
    for (guint i = 0; i < G_N_ELEMENTS(names); i++)
        if (export_plain_file_name(names[i].name) != names[i].plain)
            FAIL("export_plain_file_name(\"%s\") should be %s",
                 names[i].name ? names[i].name : "NULL", names[i].plain ? "TRUE" : "FALSE");
}

int main(void)
{
    const char *datadir = g_getenv("VINFRA_DATADIR");
    if (!datadir) {
        fprintf(stderr, "VINFRA_DATADIR is not set (run through meson test)\n");
        return 1;
    }
    GError *err = NULL;
    vi_registry *r = registry_load(datadir, &err);
    if (!r) {
        fprintf(stderr, "registry: %s\n", err->message);
        return 1;
    }
    reg = r;
    tmpdir = g_dir_make_tmp("vinfra-test-profile-XXXXXX", &err);
    char *profiles = g_build_filename(tmpdir, "profiles", NULL);
    g_mkdir(profiles, 0700);

    test_bundled(datadir);
    test_bad_rows();
    test_bad_index();

    char *index = g_build_filename(profiles, "profiles.tsv", NULL);
    char *bad = g_build_filename(profiles, "bad.tsv", NULL);
    g_remove(index);
    g_remove(bad);
    g_rmdir(profiles);
    g_rmdir(tmpdir);
    g_free(bad);
    g_free(index);
    g_free(profiles);
    g_free(tmpdir);
    registry_free(r);
    return unit_result();
}
