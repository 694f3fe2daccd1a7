/*
 * test-sqljson.c - JSON values read through SQLite's JSON functions: one
 * value by its path, the name and sha256 of every element of an array, and
 * FALSE for text that is not JSON or lacks what was asked.
 */
#include "../unit.h"

#include "sqljson.h"

#include <string.h>

static void expect_value(const char *json, const char *path, const char *want)
{
    char *value = NULL;
    gboolean ok = sqljson_read(json, path, &value, NULL, NULL);
    if (want && (!ok || g_strcmp0(value, want) != 0))
        FAIL("%s of %s: expected \"%s\", got %s \"%s\"", path, json, want, ok ? "TRUE" : "FALSE",
             value ? value : "(null)");
    else if (!want && ok)
        FAIL("%s of %s: expected FALSE, got \"%s\"", path, json, value ? value : "(null)");
    g_free(value);
}

int main(void)
{
    expect_value("{\"generator\": \"vinfra\", \"n\": 3}", "$.generator", "vinfra");
    expect_value("{\"generator\": \"vinfra\", \"n\": 3}", "$.n", "3");
    expect_value("{\"a\": {\"b\": \"中文\"}}", "$.a.b", "中文");
    expect_value("{\"generator\": \"vinfra\"}", "$.missing", NULL);
    expect_value("not json", "$.generator", NULL);
    expect_value("", "$.generator", NULL);

    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *sums = g_ptr_array_new_with_free_func(g_free);
    const char *manifest = "{\"files\": [{\"name\": \"roads.gpkg\", \"sha256\": \"ab12\"},"
                           " {\"name\": \"README.txt\", \"sha256\": \"cd34\"}]}";
    if (!sqljson_read(manifest, "$.files", NULL, names, sums))
        FAIL("files of the manifest: FALSE");
    else if (names->len != 2 || sums->len != 2 ||
             strcmp(g_ptr_array_index(names, 0), "roads.gpkg") != 0 ||
             strcmp(g_ptr_array_index(sums, 0), "ab12") != 0 ||
             strcmp(g_ptr_array_index(names, 1), "README.txt") != 0 ||
             strcmp(g_ptr_array_index(sums, 1), "cd34") != 0)
        FAIL("files of the manifest: got %u names and %u sums", names->len, sums->len);
    g_ptr_array_set_size(names, 0);
    g_ptr_array_set_size(sums, 0);
    /* An element without a sha256 makes the list unreadable. */
    if (sqljson_read("{\"files\": [{\"name\": \"a\"}]}", "$.files", NULL, names, sums))
        FAIL("an element without sha256 was read");
    g_ptr_array_unref(names);
    g_ptr_array_unref(sums);
    return unit_result();
}
