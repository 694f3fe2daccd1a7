/*
 * sqljson.c - JSON values read with SQLite's JSON functions, on a private
 * in-memory database (sqljson.h).
 */
#include "sqljson.h"

#include <sqlite3.h>

gboolean sqljson_read(const char *json, const char *path, char **value, GPtrArray *names,
                      GPtrArray *sums)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    gboolean ok = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK;
    const char *sql = names ? "SELECT json_extract(value, '$.name'), json_extract(value, "
                              "'$.sha256') FROM json_each(?1, ?2)"
                            : "SELECT json_extract(?1, ?2)";
    ok = ok && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
    }
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(st, 0);
        const char *b = names ? (const char *)sqlite3_column_text(st, 1) : "";
        if (!a || !b) {
            ok = FALSE;
            break;
        }
        if (!names) {
            *value = g_strdup(a);
            break;
        }
        g_ptr_array_add(names, g_strdup(a));
        g_ptr_array_add(sums, g_strdup(b));
    }
    ok = ok && (rc == SQLITE_DONE || rc == SQLITE_ROW) && (names || *value);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok;
}
