/*
 * fuzz-import.c - the import path (import.c and GDAL's drivers behind it) on
 * any file, as a dry run into a store holding the two test villages.  Built
 * twice: FUZZ_EXT ".geojson" and ".csv" name the file so that GDAL reads it
 * as GeoJSON or as a table with lon/lat columns.  The first byte chooses the
 * layer (a point, line or polygon layer, or households), the rest is the
 * file.  The import either checks the file or fails with an error naming it;
 * a dry run never changes the database.
 */
#include "fuzz.h"
#include "import.h"
#include "registry.h"
#include "store.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <string.h>

#ifndef FUZZ_EXT
#define FUZZ_EXT ".geojson"
#endif

static vi_registry *reg;
static vi_store *store;
static char *villages_path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    GError *err = NULL;
    /* GDAL would otherwise print every warning of a broken file. */
    CPLSetConfigOption("CPL_LOG", "/dev/null");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", "none");
    reg = registry_load(fuzz_datadir(), &err);
    char *db = g_build_filename(fuzz_dir(), "fuzz.sqlite", NULL);
    store = reg ? store_create(db, reg, &err) : NULL;
    g_free(db);
    if (!store)
        fuzz_fail("cannot set up the store: %s", err->message);
    villages_path =
        g_build_filename(fuzz_datadir(), "..", "tests", "import", "villages.geojson", NULL);
    vi_import_options opt = {.layer = "villages"};
    vi_import_result res;
    if (!import_file(store, villages_path, &opt, &res, &err))
        fuzz_fail("cannot import the villages: %s", err->message);
    import_result_clear(&res);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const layers[] = {"streetlights", "roads", "villages", "households"};
    if (size < 1)
        return 0;
    const char *path = fuzz_write("input" FUZZ_EXT, data + 1, size - 1);
    vi_import_options opt = {.layer = layers[data[0] % G_N_ELEMENTS(layers)], .dry_run = TRUE};
    if (data[0] & 0x10)
        opt.src_crs = data[0] & 0x20 ? "gcj02" : "EPSG:4545";
    vi_import_result res;
    GError *err = NULL;
    if (import_file(store, path, &opt, &res, &err)) {
        if (res.written != 0)
            fuzz_fail("a dry run wrote %" G_GINT64_FORMAT " features", res.written);
        if (res.read < res.skipped)
            fuzz_fail("%" G_GINT64_FORMAT " read but %" G_GINT64_FORMAT " skipped", res.read,
                      res.skipped);
        g_free(import_summary(reg, path, &opt, &res, FALSE));
    } else {
        if (!err || !strstr(err->message, path))
            fuzz_fail("the import failed without an error naming the file: %s",
                      err ? err->message : "(none)");
        g_error_free(err);
    }
    import_result_clear(&res);
    return 0;
}
