/*
 * standalone.c - a main() for a fuzz target without libFuzzer: runs the
 * target once on every file named on the command line, or in a folder named
 * there (in name order), so that the seed corpus and every crash once found
 * are replayed by any build as an ordinary test.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Targets without set-up leave LLVMFuzzerInitialize undefined. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static int run_file(const char *path)
{
    gchar *data = NULL;
    gsize size = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &data, &size, &err)) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        return 1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)data, size);
    g_free(data);
    return 0;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    int inputs = 0, failures = 0;
    for (int i = 1; i < argc; i++) {
        if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            failures += run_file(argv[i]);
            inputs++;
            continue;
        }
        GDir *d = g_dir_open(argv[i], 0, NULL);
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        const char *name;
        while (d && (name = g_dir_read_name(d)))
            g_ptr_array_add(names, g_build_filename(argv[i], name, NULL));
        if (d)
            g_dir_close(d);
        g_ptr_array_sort(names, compare_names);
        for (guint k = 0; k < names->len; k++) {
            failures += run_file(names->pdata[k]);
            inputs++;
        }
        g_ptr_array_free(names, TRUE);
    }
    if (inputs == 0) {
        fprintf(stderr, "no inputs given\n");
        return 1;
    }
    printf("%d inputs run\n", inputs);
    return failures ? 1 : 0;
}
