/*
 * test-store-guard.c - the store refuses network filesystems by their
 * statfs() magic numbers (a real NFS mount is not available to tests), and
 * the GDAL guard turns GDAL's "data altered" warnings into failures while
 * passing other warnings on.
 */
#include "../unit.h"

#include "gdal-guard.h"
#include "store.h"
#include "vi-error.h"

#include <cpl_error.h>
#include <string.h>

static void expect_fs(long magic, const char *want)
{
    const char *got = store_network_fs_name(magic);
    if (g_strcmp0(got, want) != 0)
        FAIL("filesystem 0x%lx: expected %s, got %s", magic, want ? want : "local",
             got ? got : "local");
}

int main(void)
{
    expect_fs(0x6969, "nfs");
    expect_fs(0xFF534D42L, "cifs");
    expect_fs(0xFE534D42L, "smb2");
    expect_fs(0x517B, "smb");
    expect_fs(0x01021997, "9p");
    expect_fs(0x00c36400, "ceph");
    expect_fs(0xEF53, NULL);     /* ext4 */
    expect_fs(0x58465342, NULL); /* xfs */
    expect_fs(0x01021994, NULL); /* tmpfs */
    expect_fs(0x9123683E, NULL); /* btrfs */

    /* A warning that data was altered fails the import; others are passed on. */
    vi_gdal_guard *guard = gdal_guard_begin();
    CPLError(CE_Warning, CPLE_AppDefined, "Normalized/laundered field name: 'a b' to 'a_b'");
    GError *err = NULL;
    if (gdal_guard_check(&err) || !err)
        FAIL("a laundering warning passed");
    else if (strcmp(err->message, "GDAL would alter the data: "
                                  "Normalized/laundered field name: 'a b' to 'a_b'") != 0)
        FAIL("laundering message: %s", err->message);
    g_clear_error(&err);
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    gdal_guard_end(guard, warnings);
    if (warnings->len != 0)
        FAIL("the failure was also passed on as a warning");

    guard = gdal_guard_begin();
    CPLError(CE_Warning, CPLE_AppDefined,
             "Value 'abcdef' of field name has been truncated to 3 characters");
    CPLError(CE_Warning, CPLE_AppDefined, "Feature 7 not successfully written");
    CPLError(CE_Warning, CPLE_AppDefined, "something harmless");
    if (gdal_guard_check(&err) || !err)
        FAIL("truncation passed");
    else if (strcmp(
                 err->message,
                 "GDAL would alter the data: Value 'abcdef' of field "
                 "name has been truncated to 3 characters; Feature 7 not successfully written") !=
             0)
        FAIL("truncation message: %s", err->message);
    g_clear_error(&err);
    char *all = gdal_guard_messages();
    if (!strstr(all, "something harmless") || !strstr(all, "truncated"))
        FAIL("every message is kept: %s", all);
    g_free(all);
    gdal_guard_end(guard, warnings);
    if (warnings->len != 1 || strcmp(warnings->pdata[0], "GDAL: something harmless") != 0)
        FAIL("the harmless warning is passed on");
    g_ptr_array_free(warnings, TRUE);

    /* Remote and virtual paths are refused before GDAL sees them. */
    static const char *const remote[] = {"/vsicurl/http://example.com/a.geojson",
                                         "https://example.com/a.geojson", "/vsizip/a.zip/b.shp"};
    for (size_t i = 0; i < G_N_ELEMENTS(remote); i++) {
        if (gdal_guard_path(remote[i], &err) || !err)
            FAIL("%s was accepted", remote[i]);
        g_clear_error(&err);
    }
    return unit_result();
}
