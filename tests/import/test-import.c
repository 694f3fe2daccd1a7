/*
 * test-import.c - the import_file() API as other commands (vinfra demo) use
 * it: results, warnings, progress callbacks, dry runs, re-imports.
 */
#include "import.h"
#include "i18n.h"
#include "registry.h"
#include "store.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("FAIL line %d: ", __LINE__);                                                    \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

typedef struct {
    int calls;
    gint64 last_done, last_total;
    gboolean backwards;
} progress_log;

static void on_progress(gint64 done, gint64 total, void *user)
{
    progress_log *log = user;
    if (done < log->last_done || done > total)
        log->backwards = TRUE;
    log->calls++;
    log->last_done = done;
    log->last_total = total;
}

int main(void)
{
    GDALAllRegister();
    /* Warnings and summaries follow the options' language: checked in
     * English, the summary in both languages. */
    GError *err = NULL;
    vi_registry *reg = registry_load(getenv("VINFRA_DATADIR"), &err);
    if (!reg) {
        printf("FAIL registry: %s\n", err->message);
        return 1;
    }
    char *dir = g_dir_make_tmp("vinfra-import-XXXXXX", NULL);
    char *db = g_build_filename(dir, "t.sqlite", NULL);
    vi_store *store = store_create(db, reg, &err);
    CHECK(store, "store_create: %s", err ? err->message : "");

    char *villages =
        g_build_filename(getenv("VINFRA_SRCDIR"), "tests", "import", "villages.geojson", NULL);
    vi_import_options opt = {.layer = "villages", .lang = VI_LANG_EN};
    vi_import_result res;
    gboolean ok = import_file(store, villages, &opt, &res, &err);
    CHECK(ok && res.read == 2 && res.written == 2 && res.skipped == 0 && !res.already_imported,
          "villages: ok %d read %" G_GINT64_FORMAT " written %" G_GINT64_FORMAT, ok, res.read,
          res.written);
    CHECK(res.warnings && res.warnings->len == 0, "villages: unexpected warnings");
    import_result_clear(&res);

    /* 600 streetlights on a grid over both villages, two with an unknown field. */
    const int n = 600;
    GString *json = g_string_new("{\"type\": \"FeatureCollection\", \"features\": [");
    for (int i = 0; i < n; i++)
        g_string_append_printf(json,
                               "%s{\"type\": \"Feature\", \"properties\": {\"id\": \"L-%d\", "
                               "\"status\": \"built\", \"watts\": 30%s}, \"geometry\": "
                               "{\"type\": \"Point\", \"coordinates\": [%.4f, %.4f]}}",
                               i ? "," : "", i, i < 2 ? ", \"pole\": \"wood\"" : "",
                               109.251 + 0.0033 * (i % 30), 33.985 + 0.0016 * (i / 30));
    g_string_append(json, "]}");
    char *lights = g_build_filename(dir, "lights.geojson", NULL);
    g_file_set_contents(lights, json->str, -1, NULL);
    g_string_free(json, TRUE);

    progress_log log = {0};
    vi_import_options lopt = {.layer = "streetlights",
                              .dry_run = TRUE,
                              .lang = VI_LANG_EN,
                              .progress = on_progress,
                              .progress_user = &log};
    ok = import_file(store, lights, &lopt, &res, &err);
    CHECK(ok && res.read == n && res.written == 0,
          "dry run: read %" G_GINT64_FORMAT " written %" G_GINT64_FORMAT, res.read, res.written);
    CHECK(store_feature_count(store, registry_layer(reg, "streetlights"), NULL, NULL) == 0,
          "dry run wrote features");
    char *summary = import_summary(reg, "lights.geojson", &lopt, &res, FALSE);
    CHECK(strcmp(summary, "checked 'lights.geojson' for streetlights: 600 read, 600 would be "
                          "written, 0 skipped, nothing written (dry run); field pole is not in "
                          "layer streetlights: not imported") == 0,
          "dry run summary: %s", summary);
    g_free(summary);
    import_result_clear(&res);

    memset(&log, 0, sizeof log);
    lopt.dry_run = FALSE;
    ok = import_file(store, lights, &lopt, &res, &err);
    CHECK(ok && res.read == n && res.written == n, "import: %s", err ? err->message : "");
    CHECK(log.calls >= 2 && !log.backwards && log.last_total == n,
          "progress: %d calls, last %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "%s", log.calls,
          log.last_done, log.last_total, log.backwards ? ", went backwards" : "");
    /* The field not imported is said in the summary, not as a warning. */
    CHECK(res.warnings->len == 0, "warnings: %u, first \"%s\"", res.warnings->len,
          res.warnings->len ? (char *)res.warnings->pdata[0] : "");
    summary = import_summary(reg, "lights.geojson", &lopt, &res, FALSE);
    CHECK(strcmp(summary, "imported 'lights.geojson' into streetlights: 600 read, 600 written, "
                          "0 skipped; field pole is not in layer streetlights: not imported") == 0,
          "summary: %s", summary);
    g_free(summary);
    lopt.lang = VI_LANG_ZH;
    vi_i18n_init(); /* the Chinese summary is the catalogue's */
    vi_i18n_set_language(VI_LANG_ZH);
    summary = import_summary(reg, "lights.geojson", &lopt, &res, TRUE);
    CHECK(
        strcmp(summary,
               "已导入 'lights.geojson' → 路灯：写入 600 条；字段 pole 不属于图层 路灯，未导入") ==
            0,
        "brief summary: %s", summary);
    g_free(summary);
    vi_i18n_set_language(VI_LANG_EN);
    lopt.lang = VI_LANG_EN;
    import_result_clear(&res);
    CHECK(store_feature_count(store, registry_layer(reg, "streetlights"), "上雷村", NULL) +
                  store_feature_count(store, registry_layer(reg, "streetlights"), "双龙村", NULL) ==
              n,
          "every light is in a village");

    ok = import_file(store, lights, &lopt, &res, &err);
    char *want = g_strdup_printf("'%s' was already imported into streetlights on ", lights);
    CHECK(ok && res.already_imported && res.previous && g_str_has_prefix(res.previous, want) &&
              res.written == 0,
          "re-import: previous \"%s\"", res.previous ? res.previous : "(null)");
    g_free(want);
    import_result_clear(&res);

    /* A failure sets the error and leaves the result clearable. */
    vi_import_options bad = {.layer = "no_such_layer", .lang = VI_LANG_EN};
    ok = import_file(store, lights, &bad, &res, &err);
    CHECK(!ok && err && g_str_has_prefix(err->message, "cannot import '") &&
              strstr(err->message, "unknown layer \"no_such_layer\""),
          "unknown layer: %s", err ? err->message : "no error");
    g_clear_error(&err);
    import_result_clear(&res);

    store_close(store);
    registry_free(reg);
    char *aux[] = {db, lights, NULL};
    for (int i = 0; aux[i]; i++)
        g_remove(aux[i]);
    char *wal = g_strconcat(db, "-wal", NULL), *shm = g_strconcat(db, "-shm", NULL);
    g_remove(wal);
    g_remove(shm);
    g_rmdir(dir);
    g_free(wal);
    g_free(shm);
    g_free(db);
    g_free(lights);
    g_free(villages);
    g_free(dir);
    GDALDestroyDriverManager();
    return failures ? 1 : 0;
}
