/*
 * test-store-backend.c - the store's backend seam (store-int.h): a name with
 * a scheme no backend knows is refused with the exact message and a usage
 * error, a plain path is SpatiaLite's, and store_clone_reader() gives a
 * second store that reads the same rows, whole and in fid slices (the
 * backend's fid ranges).
 */
#include "../unit.h"

#include "registry.h"
#include "store.h"
#include "vi-error.h"

#include <glib/gstdio.h>
#include <string.h>

static void expect_refused(vi_store *store, GError *err, const char *want)
{
    if (store) {
        FAIL("a store was opened where \"%s\" was expected", want);
        store_close(store);
    } else if (!err) {
        FAIL("no error where \"%s\" was expected", want);
    } else {
        if (strcmp(err->message, want) != 0)
            FAIL("message: expected \"%s\", got \"%s\"", want, err->message);
        if (!g_error_matches(err, VI_ERROR, VI_ERROR_USAGE))
            FAIL("\"%s\" is not a usage error", err->message);
    }
    g_clear_error(&err);
}

static void test_unknown_schemes(const vi_registry *reg)
{
    GError *err = NULL;
    vi_store *store = store_open("foo://x", reg, TRUE, &err);
    expect_refused(store, err,
                   "cannot open database 'foo://x': unknown scheme 'foo://' (a vinfra "
                   "database is a SpatiaLite file: name it by its path)");
    err = NULL;
    store = store_create("postgresql://host/lantian", reg, &err);
    expect_refused(store, err,
                   "cannot create database 'postgresql://host/lantian': unknown scheme "
                   "'postgresql://' (a vinfra database is a SpatiaLite file: name it by its path)");
    err = NULL;
    if (store_check_access("a+b.c-d://x", FALSE, &err))
        FAIL("store_check_access accepted a+b.c-d://x");
    expect_refused(NULL, err,
                   "cannot open database 'a+b.c-d://x': unknown scheme 'a+b.c-d://' (a "
                   "vinfra database is a SpatiaLite file: name it by its path)");
    /* Not a scheme: a path that merely holds "://" later, or starts with a digit. */
    err = NULL;
    store = store_open("dir/a://x", reg, TRUE, &err);
    expect_refused(store, err,
                   "no database at 'dir/a://x': create one with 'vinfra init' or name "
                   "one with --db");
    err = NULL;
    store = store_open("1a://x", reg, TRUE, &err);
    expect_refused(store, err,
                   "no database at '1a://x': create one with 'vinfra init' or name one "
                   "with --db");
}

/* ISO WKB, little-endian: a square polygon and a point. */
static GByteArray *wkb_square(double x, double y, double d)
{
    GByteArray *b = g_byte_array_new();
    guint8 order = 1;
    guint32 type = 3, rings = 1, n = 5;
    double xy[10] = {x, y, x + d, y, x + d, y + d, x, y + d, x, y};
    g_byte_array_append(b, &order, 1);
    g_byte_array_append(b, (guint8 *)&type, 4);
    g_byte_array_append(b, (guint8 *)&rings, 4);
    g_byte_array_append(b, (guint8 *)&n, 4);
    g_byte_array_append(b, (guint8 *)xy, sizeof xy);
    return b;
}

static GByteArray *wkb_point(double x, double y)
{
    GByteArray *b = g_byte_array_new();
    guint8 order = 1;
    guint32 type = 1;
    double xy[2] = {x, y};
    g_byte_array_append(b, &order, 1);
    g_byte_array_append(b, (guint8 *)&type, 4);
    g_byte_array_append(b, (guint8 *)xy, sizeof xy);
    return b;
}

#define NHOUSEHOLDS 7

static gboolean add_row(double lon, double lat, const char *const *values, void *user, GError **err)
{
    (void)err;
    g_string_append_printf(user, "%s %.6f %.6f;", values[0], lon, lat);
    return TRUE;
}

static gboolean add_project(const vi_project *p, void *user, GError **err)
{
    (void)err;
    g_string_append_printf(user, "%s %s %.1f;", p->id, p->name, p->funding_wan);
    return TRUE;
}

/* The households as "id lon lat;" rows: all of them, or slice PART of NPARTS. */
static char *households(vi_store *store, int part, int nparts)
{
    static const char *const cols[] = {"id", NULL};
    const vi_layer *layer = registry_layer(store_registry(store), "households");
    GString *s = g_string_new(NULL);
    GError *err = NULL;
    if (!store_point_scan(store, layer, cols, part, nparts, add_row, s, &err)) {
        FAIL("point scan %d/%d: %s", part, nparts, err->message);
        g_clear_error(&err);
    }
    return g_string_free(s, FALSE);
}

static char *projects(vi_store *store)
{
    GString *s = g_string_new(NULL);
    GError *err = NULL;
    if (!store_project_scan(store, NULL, add_project, s, &err)) {
        FAIL("project scan: %s", err->message);
        g_clear_error(&err);
    }
    return g_string_free(s, FALSE);
}

static gboolean fill(vi_store *store, const vi_registry *reg, GError **err)
{
    GByteArray *square = wkb_square(109.3, 34.1, 0.01);
    vi_feature village = {
        .id = "V-1", .name = "Baishui", .wkb = square->data, .wkb_size = square->len};
    gboolean ok = store_begin(store, err) &&
                  store_feature_insert(store, registry_layer(reg, "villages"), &village, 0, err);
    g_byte_array_unref(square);
    const vi_layer *hh = registry_layer(reg, "households");
    for (int i = 0; ok && i < NHOUSEHOLDS; i++) {
        char id[16];
        g_snprintf(id, sizeof id, "H-%d", i + 1);
        GByteArray *pt = wkb_point(109.301 + 0.001 * i, 34.105);
        vi_feature f = {.id = id, .village = "Baishui", .wkb = pt->data, .wkb_size = pt->len};
        ok = store_feature_insert(store, hh, &f, 0, err);
        g_byte_array_unref(pt);
    }
    vi_project p = {.id = "P-1", .name = "well", .programme = "water", .funding_wan = 12.5};
    ok =
        ok && store_project_insert(store, &p, 0, err) &&
        store_history_record(store, &(vi_change){.action = "import", .layer = "households"}, err) &&
        store_commit(store, err);
    if (!ok)
        store_rollback(store);
    return ok;
}

static void test_clone_reader(const vi_registry *reg)
{
    char *dir = g_dir_make_tmp("vinfra-backend-XXXXXX", NULL);
    char *path = g_build_filename(dir, "a.sqlite", NULL);
    GError *err = NULL;
    vi_store *store = store_create(path, reg, &err);
    if (!store || !fill(store, reg, &err)) {
        FAIL("cannot make %s: %s", path, err ? err->message : "?");
        g_clear_error(&err);
        store_close(store);
        goto out;
    }
    vi_store *clone = store_clone_reader(store, &err);
    if (!clone) {
        FAIL("store_clone_reader: %s", err->message);
        g_clear_error(&err);
        store_close(store);
        goto out;
    }
    if (strcmp(store_path(clone), path) != 0)
        FAIL("clone path: expected %s, got %s", path, store_path(clone));
    if (store_registry(clone) != reg)
        FAIL("the clone has another registry");

    char *want = households(store, 0, 1), *got = households(clone, 0, 1);
    if (strcmp(want, got) != 0)
        FAIL("households: the store reads \"%s\", its clone \"%s\"", want, got);
    char *h1 = g_strdup_printf("H-1 %.6f %.6f;", 109.301, 34.105);
    if (!g_str_has_prefix(want, h1) || strlen(want) != NHOUSEHOLDS * strlen(h1))
        FAIL("households: expected %d rows from \"%s\", got \"%s\"", NHOUSEHOLDS, h1, want);
    g_free(h1);
    /* Two slices read on the two stores are the layer, in order. */
    char *first = households(store, 0, 2), *second = households(clone, 1, 2);
    char *joined = g_strconcat(first, second, NULL);
    if (strcmp(joined, want) != 0)
        FAIL("slices: \"%s\" + \"%s\", expected \"%s\"", first, second, want);
    if (!*first || !*second)
        FAIL("a slice of %d households is empty: \"%s\" / \"%s\"", NHOUSEHOLDS, first, second);
    g_free(first);
    g_free(second);
    g_free(joined);
    g_free(want);
    g_free(got);

    want = projects(store);
    got = projects(clone);
    if (strcmp(want, "P-1 well 12.5;") != 0 || strcmp(want, got) != 0)
        FAIL("projects: the store reads \"%s\", its clone \"%s\"", want, got);
    g_free(want);
    g_free(got);

    /* The clone only reads. */
    vi_project p2 = {.id = "P-2", .name = "road", .programme = "roads"};
    if (!store_begin(clone, &err) || store_project_insert(clone, &p2, 0, &err)) {
        FAIL("the clone wrote a project (or could not begin: %s)", err ? err->message : "");
    } else {
        char *msg = g_strdup_printf(
            "cannot insert project \"P-2\" into '%s': attempt to write a readonly database", path);
        if (strcmp(err->message, msg) != 0)
            FAIL("clone write: expected \"%s\", got \"%s\"", msg, err->message);
        g_free(msg);
    }
    store_rollback(clone);
    g_clear_error(&err);
    store_close(clone);
    store_close(store);
out:
    store_close(NULL);
    static const char *const files[] = {"", "-wal", "-shm"};
    for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
        char *f = g_strconcat(path, files[i], NULL);
        g_unlink(f);
        g_free(f);
    }
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
}

int main(void)
{
    GError *err = NULL;
    vi_registry *reg = registry_load(g_getenv("VINFRA_DATADIR"), &err);
    if (!reg) {
        FAIL("registry: %s", err->message);
        g_clear_error(&err);
        return unit_result();
    }
    test_unknown_schemes(reg);
    test_clone_reader(reg);
    registry_free(reg);
    return unit_result();
}
