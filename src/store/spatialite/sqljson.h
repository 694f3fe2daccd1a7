/*
 * sqljson.h - reading values out of a JSON text with SQLite's JSON
 * functions.  SQLite is the store's engine and no file outside src/store/
 * includes sqlite3.h, so the JSON reader that runs on it lives here
 * (export reads the manifest of an earlier package with it).
 */
#ifndef VINFRA_SQLJSON_H
#define VINFRA_SQLJSON_H

#include <glib.h>

/* The value of PATH (a JSON path such as "$.generator") in the JSON text
 * JSON, as text into *VALUE (caller frees); with NAMES, instead the "name"
 * and "sha256" of every element of the array at PATH, appended (owned) to
 * NAMES and SUMS.  FALSE when JSON is not a JSON document or lacks them. */
gboolean sqljson_read(const char *json, const char *path, char **value, GPtrArray *names,
                      GPtrArray *sums);

#endif
