/*
 * unit.h - what the C unit tests share: FAIL() reports a failure and counts
 * it, so a test goes on and shows every failure; unit_result() is the exit
 * status.  Include it in one test file only (it defines the counter).
 */
#ifndef VINFRA_TESTS_UNIT_H
#define VINFRA_TESTS_UNIT_H

#include <stdio.h>

static int unit_failures;

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, "FAIL " __VA_ARGS__);                                                      \
        fputc('\n', stderr);                                                                       \
        unit_failures++;                                                                           \
    } while (0)

static inline int unit_result(void)
{
    if (unit_failures)
        fprintf(stderr, "%d failure(s)\n", unit_failures);
    return unit_failures ? 1 : 0;
}

#endif
