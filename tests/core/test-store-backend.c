/*
 * test-store-backend.c - the store's backend seam (store-int.h): a name with
 * a scheme no backend knows is refused with the exact message and a usage
 * error, a plain path is SpatiaLite's, and store_clone_reader() gives a
 * second store that reads the same rows, whole and in fid slices (the
 * backend's fid ranges); and a stand-in backend that knows no engine gets
 * every operation the front door is asked for, with the history's
 * bookkeeping (change ids, checksums, the command line) done around it.
 */
#include "../unit.h"

#include "registry.h"
#include "store-int.h"
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
                   "database is a SpatiaLite file, named by its path, or a postgresql:// server "
                   "database)");
    err = NULL;
    /* A server name is the PostGIS backend's; one that holds a password is
     * refused before anything connects. */
    store = store_create("postgresql://office:secret@host/lantian", reg, &err);
    expect_refused(store, err,
                   "the connection string 'postgresql://office:***@host/lantian' holds a "
                   "password: leave it out and put it in ~/.pgpass or PGPASSWORD, where the "
                   "command line and the history do not show it");
    err = NULL;
    if (store_check_access("a+b.c-d://x", FALSE, &err))
        FAIL("store_check_access accepted a+b.c-d://x");
    expect_refused(NULL, err,
                   "cannot open database 'a+b.c-d://x': unknown scheme 'a+b.c-d://' (a "
                   "vinfra database is a SpatiaLite file, named by its path, or a postgresql:// "
                   "server database)");
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

/* A stand-in backend: each operation notes its name in calls. */
static GString *calls;

static gboolean stub_begin(vi_store *store, GError **err)
{
    (void)store;
    (void)err;
    g_string_append(calls, "begin;");
    return TRUE;
}

static gboolean stub_commit(vi_store *store, GError **err)
{
    (void)store;
    (void)err;
    g_string_append(calls, "commit;");
    return TRUE;
}

static void stub_rollback(vi_store *store)
{
    (void)store;
    g_string_append(calls, "rollback;");
}

static gboolean stub_history_last(vi_store *store, gint64 *last, GError **err)
{
    (void)store;
    (void)err;
    g_string_append(calls, "history_last;");
    *last = 41;
    return TRUE;
}

static char *stub_checksum(vi_store *store, GError **err)
{
    (void)err;
    g_string_append_printf(calls, "checksum %" G_GINT64_FORMAT ";", store->change_id);
    return g_strdup(store->change_id ? "after" : "before");
}

static gboolean stub_history_insert(vi_store *store, const vi_change *change, gint64 undoes,
                                    const char *command_line, const char *after, GError **err)
{
    (void)err;
    g_string_append_printf(
        calls, "history_insert %" G_GINT64_FORMAT " %s undoes %" G_GINT64_FORMAT " '%s' %s -> %s;",
        store->change_id, change->action, undoes, command_line, store->checksum_before, after);
    return TRUE;
}

static gint64 stub_feature_count(vi_store *store, const vi_layer *layer, const char *village,
                                 GError **err)
{
    (void)store;
    (void)err;
    g_string_append_printf(calls, "feature_count %s %s;", layer->name, village);
    return 42;
}

static gboolean stub_undo(vi_store *store, gint64 change_id, vi_undo_result *res, GError **err)
{
    (void)err;
    g_string_append_printf(calls, "undo %" G_GINT64_FORMAT " in %" G_GINT64_FORMAT ";", change_id,
                           store->change_id);
    res->undone = change_id;
    res->action = g_strdup("import");
    return store_history_insert(store, &(vi_change){.action = "undo"}, change_id, err);
}

static gboolean stub_check_engine(vi_store *store, problem_sink *sink, GError **err)
{
    (void)store;
    (void)err;
    store_problem(sink, "engine");
    return TRUE;
}

static gboolean stub_check_layer(vi_store *store, const vi_layer *layer, problem_sink *sink,
                                 GError **err)
{
    (void)store;
    (void)err;
    if (strcmp(layer->name, "roads") == 0)
        store_problem(sink, "layer %s", layer->name);
    return TRUE;
}

static gboolean stub_check_projects(vi_store *store, problem_sink *sink, GError **err)
{
    (void)store;
    (void)err;
    store_problem(sink, "projects");
    return TRUE;
}

static void add_problem(const char *problem, void *user)
{
    g_string_append_printf(user, "%s;", problem);
}

static void test_dispatch(const vi_registry *reg)
{
    vi_store_backend stub = {
        .name = "stub",
        .begin = stub_begin,
        .commit = stub_commit,
        .rollback = stub_rollback,
        .history_last = stub_history_last,
        .history_insert = stub_history_insert,
        .checksum = stub_checksum,
        .feature_count = stub_feature_count,
        .undo = stub_undo,
        .check_engine = stub_check_engine,
        .check_layer = stub_check_layer,
        .check_projects = stub_check_projects,
    };
    vi_store store = {.backend = &stub, .path = "stub://x", .reg = reg};
    calls = g_string_new(NULL);
    GError *err = NULL;
    char *argv[] = {"vinfra", "edit", "--set", "name=x", NULL};
    store_set_invocation(4, argv);

    if (store_feature_count(&store, registry_layer(reg, "roads"), "Baishui", &err) != 42)
        FAIL("store_feature_count did not return the backend's count");
    gboolean ok = store_begin(&store, &err) && store_change_id(&store) == 42 &&
                  store_history_record(&store, &(vi_change){.action = "edit"}, &err) &&
                  store_commit(&store, &err);
    if (!ok)
        FAIL("a change through the stand-in backend: %s", err ? err->message : "wrong change id");
    g_clear_error(&err);
    const char *want = "feature_count roads Baishui;begin;history_last;checksum 0;"
                       "checksum 42;history_insert 42 edit undoes 0 'vinfra edit --set name=x' "
                       "before -> after;commit;";
    if (strcmp(calls->str, want) != 0)
        FAIL("calls: expected \"%s\", got \"%s\"", want, calls->str);

    /* A change that logged a row but was not recorded is refused, and
     * rolled back through the backend. */
    g_string_set_size(calls, 0);
    if (!store_begin(&store, &err)) {
        FAIL("begin: %s", err->message);
        g_clear_error(&err);
    }
    store.change_seq = 1;
    if (store_commit(&store, &err) || !err ||
        strcmp(err->message, "cannot commit to 'stub://x': the change is not recorded in the "
                             "history") != 0)
        FAIL("an unrecorded change was committed (%s)", err ? err->message : "no error");
    g_clear_error(&err);
    store_rollback(&store);
    if (strcmp(calls->str, "begin;history_last;checksum 0;rollback;") != 0 || store.in_txn ||
        store.change_id)
        FAIL("unrecorded change: calls \"%s\"", calls->str);

    g_string_set_size(calls, 0);
    vi_undo_result res;
    if (!store_undo(&store, 7, &res, &err) || res.undone != 7 || strcmp(res.action, "import") != 0)
        FAIL("store_undo through the stand-in backend: %s", err ? err->message : "wrong result");
    g_clear_error(&err);
    vi_undo_result_clear(&res);
    want = "begin;history_last;checksum 0;undo 7 in 42;checksum 42;history_insert 42 undo undoes 7 "
           "'vinfra edit --set name=x' before -> after;commit;";
    if (strcmp(calls->str, want) != 0)
        FAIL("undo calls: expected \"%s\", got \"%s\"", want, calls->str);

    GString *found = g_string_new(NULL);
    gint64 n = 0;
    if (!store_check(&store, add_problem, found, &n, &err) || n != 3 ||
        strcmp(found->str, "engine;layer roads;projects;") != 0)
        FAIL("store_check through the stand-in backend: %" G_GINT64_FORMAT " problems \"%s\"", n,
             found->str);
    g_string_free(found, TRUE);
    g_string_free(calls, TRUE);
    store_set_invocation(0, NULL);
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
    test_dispatch(reg);
    registry_free(reg);
    return unit_result();
}
