/*
 * fuzz.h - what the fuzz targets of tests/fuzz/ share.  Each target defines
 * LLVMFuzzerTestOneInput() (and may define LLVMFuzzerInitialize()); it is
 * built with libFuzzer when configured with -Dfuzz=true (clang), and always
 * with standalone.c, a main() that feeds it every file of its seed corpus,
 * as a regression test under any compiler.
 */
#ifndef VINFRA_FUZZ_H
#define VINFRA_FUZZ_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A private folder for this process's files, made on first call and
 * removed at exit (not freed). */
const char *fuzz_dir(void);

/* Write DATA to NAME in fuzz_dir() and return its path (not freed; the same
 * buffer is reused by the next call with the same NAME). */
const char *fuzz_write(const char *name, const uint8_t *data, size_t size);

/* DATA as a NUL-terminated string (caller frees). */
char *fuzz_string(const uint8_t *data, size_t size);

/* The source tree's data/ folder. */
const char *fuzz_datadir(void);

/* Stop with a message: a property a target checks does not hold. */
void fuzz_fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN;

#endif
