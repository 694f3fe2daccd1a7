/*
 * unit.h - what the C unit tests share: FAIL() reports a failure and counts
 * it, so a test goes on and shows every failure; unit_result() is the exit
 * status.  Include it in one test file only (it defines the counter).
 */
#ifndef VINFRA_TESTS_UNIT_H
#define VINFRA_TESTS_UNIT_H

#include <glib.h>
#include <stdio.h>

static int unit_failures;

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, "FAIL " __VA_ARGS__);                                                      \
        fputc('\n', stderr);                                                                       \
        unit_failures++;                                                                           \
    } while (0)

/* Copy the files (not the folders) of folder FROM into folder TO, made if
 * need be: a data folder a test then changes one table of. */
static inline void unit_copy_files(const char *from, const char *to)
{
    g_mkdir_with_parents(to, 0700);
    GDir *d = g_dir_open(from, 0, NULL);
    for (const char *name; d && (name = g_dir_read_name(d));) {
        char *src = g_build_filename(from, name, NULL), *dst = g_build_filename(to, name, NULL);
        char *text = NULL;
        gsize len = 0;
        if (g_file_test(src, G_FILE_TEST_IS_REGULAR) && g_file_get_contents(src, &text, &len, NULL))
            g_file_set_contents(dst, text, (gssize)len, NULL);
        g_free(text);
        g_free(src);
        g_free(dst);
    }
    if (d)
        g_dir_close(d);
}

static inline int unit_result(void)
{
    if (unit_failures)
        fprintf(stderr, "%d failure(s)\n", unit_failures);
    return unit_failures ? 1 : 0;
}

#endif
