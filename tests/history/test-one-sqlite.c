/*
 * test-one-sqlite.c - vinfra, GDAL and SpatiaLite share one SQLite library:
 * the source id SQLite reports through GDAL's SQLite driver, through GDAL's
 * SQLite SQL dialect on another driver, and through a connection with
 * SpatiaLite loaded is the one this process links (sqlite3_sourceid()).
 * Two copies would each keep their own locks, and two connections to one
 * file could then corrupt it.  (test-one-sqlite.sh checks the binaries.)
 */
#include "../unit.h"

#include <gdal.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <ogr_api.h>
#include <sqlite3.h>
#include <spatialite.h>
#include <string.h>

/* The first column of the first row of SQL run on DS with DIALECT (owned). */
static char *gdal_query(GDALDatasetH ds, const char *sql, const char *dialect)
{
    OGRLayerH lyr = GDALDatasetExecuteSQL(ds, sql, NULL, dialect);
    if (!lyr)
        return NULL;
    OGRFeatureH f = OGR_L_GetNextFeature(lyr);
    char *v = f ? g_strdup(OGR_F_GetFieldAsString(f, 0)) : NULL;
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, lyr);
    return v;
}

int main(void)
{
    const char *mine = sqlite3_sourceid();
    char *dir = g_dir_make_tmp("one-sqlite-XXXXXX", NULL);
    char *path = g_build_filename(dir, "t.sqlite", NULL);
    char *json = g_build_filename(dir, "t.geojson", NULL);

    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK ||
        sqlite3_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)", NULL, NULL, NULL) !=
            SQLITE_OK)
        FAIL("cannot create %s", path);
    /* SpatiaLite on a connection of this process. */
    void *cache = spatialite_alloc_connection();
    spatialite_init_ex(db, cache, 0);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT sqlite_source_id(), spatialite_version()", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        FAIL("SpatiaLite query: %s", sqlite3_errmsg(db));
    else if (strcmp((const char *)sqlite3_column_text(st, 0), mine) != 0)
        FAIL("SpatiaLite's connection runs SQLite %s, the process links %s",
             sqlite3_column_text(st, 0), mine);
    sqlite3_finalize(st);
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);

    GDALAllRegister();
    const char *const sqlite_driver[] = {"SQLite", NULL};
    GDALDatasetH ds =
        GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, sqlite_driver, NULL, NULL);
    char *gdal_id = ds ? gdal_query(ds, "SELECT sqlite_source_id()", NULL) : NULL;
    if (!gdal_id)
        FAIL("GDAL's SQLite driver: no answer");
    else if (strcmp(gdal_id, mine) != 0)
        FAIL("GDAL's SQLite driver runs SQLite %s, the process links %s", gdal_id, mine);
    g_free(gdal_id);
    if (ds)
        GDALClose(ds);

    g_file_set_contents(json,
                        "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\","
                        " \"properties\": {\"a\": 1}, \"geometry\": null}]}",
                        -1, NULL);
    const char *const geojson_driver[] = {"GeoJSON", NULL};
    ds = GDALOpenEx(json, GDAL_OF_VECTOR | GDAL_OF_READONLY, geojson_driver, NULL, NULL);
    char *dialect_id = ds ? gdal_query(ds, "SELECT sqlite_source_id() FROM t", "SQLITE") : NULL;
    if (!dialect_id)
        FAIL("GDAL's SQLite dialect: no answer");
    else if (strcmp(dialect_id, mine) != 0)
        FAIL("GDAL's SQLite dialect runs SQLite %s, the process links %s", dialect_id, mine);
    g_free(dialect_id);
    if (ds)
        GDALClose(ds);
    GDALDestroyDriverManager();

    g_unlink(json);
    g_unlink(path);
    g_rmdir(dir);
    g_free(json);
    g_free(path);
    g_free(dir);
    return unit_result();
}
