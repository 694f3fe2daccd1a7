/*
 * vi-error.h - the error domain every vinfra library module reports in.
 *
 * Library code never prints or exits: it returns FALSE/NULL/-1 and fills a
 * GError whose message follows git's form (lowercase, no final period, the
 * subject quoted, the underlying library reason last).  Commands print it.
 */
#ifndef VINFRA_VI_ERROR_H
#define VINFRA_VI_ERROR_H

#include <glib.h>

#define VI_ERROR (vi_error_quark())
GQuark vi_error_quark(void);

typedef enum {
    VI_ERROR_IO,       /* a file could not be read or written */
    VI_ERROR_DATA,     /* input data is malformed or violates a rule */
    VI_ERROR_STORE,    /* the database refused an operation */
    VI_ERROR_SCHEMA,   /* the database is foreign, older or newer than this program */
    VI_ERROR_USAGE,    /* a command-line value is wrong */
    VI_ERROR_DUPLICATE /* the input was already imported */
} vi_error_code;

#endif
