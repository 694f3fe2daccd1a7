/*
 * fuzz-common.c - the helpers of fuzz.h.
 */
#include "fuzz.h"
#include "vinfra-config.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir;

static void remove_dir(void)
{
    if (!dir)
        return;
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *path = g_build_filename(dir, name, NULL);
        g_remove(path);
        g_free(path);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(dir);
}

const char *fuzz_dir(void)
{
    if (!dir) {
        dir = g_dir_make_tmp("vinfra-fuzz-XXXXXX", NULL);
        if (!dir)
            fuzz_fail("cannot make a temporary folder");
        atexit(remove_dir);
    }
    return dir;
}

const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
    static GHashTable *paths;
    if (!paths)
        paths = g_hash_table_new(g_str_hash, g_str_equal);
    char *path = g_hash_table_lookup(paths, name);
    if (!path) {
        path = g_build_filename(fuzz_dir(), name, NULL);
        g_hash_table_insert(paths, g_strdup(name), path);
    }
    if (!g_file_set_contents(path, (const char *)data, (gssize)size, NULL))
        fuzz_fail("cannot write %s", path);
    return path;
}

char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s = g_malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

const char *fuzz_datadir(void)
{
    const char *env = getenv("VINFRA_DATADIR");
    return env && *env ? env : VINFRA_SOURCE_DATADIR;
}

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "fuzz: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}
