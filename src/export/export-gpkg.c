/*
 * export-gpkg.c - what a GeoPackage says of its fields and layers beyond
 * what GDAL writes (export-int.h): each field's Chinese alias, unit and
 * values in gpkg_data_columns (the Schema extension), its allowed values in
 * gpkg_data_column_constraints, and each layer's Chinese title and
 * description in gpkg_contents.  GDAL 3.6 (Debian 12) drops field
 * alternative names, so they are written here with SQLite, after GDAL has
 * closed the file and before the package is moved into place, in one
 * transaction: the file has all of them or, on failure, no package leaves.
 */
#include "export-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <sqlite3.h>
#include <string.h>

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS gpkg_data_columns ("
    " table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT,"
    " description TEXT, mime_type TEXT, constraint_name TEXT,"
    " CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),"
    " CONSTRAINT gdc_tn UNIQUE (table_name, name));"
    "CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints ("
    " constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL, value TEXT,"
    " min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN,"
    " description TEXT,"
    " CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value));"
    "CREATE TABLE IF NOT EXISTS gpkg_extensions ("
    " table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,"
    " definition TEXT NOT NULL, scope TEXT NOT NULL,"
    " CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));"
    "INSERT OR IGNORE INTO gpkg_extensions VALUES ('gpkg_data_columns', NULL, 'gpkg_schema',"
    " 'http://www.geopackage.org/spec121/#extension_schema', 'read-write');"
    "INSERT OR IGNORE INTO gpkg_extensions VALUES ('gpkg_data_column_constraints', NULL,"
    " 'gpkg_schema', 'http://www.geopackage.org/spec121/#extension_schema', 'read-write');";

static gboolean db_failed(sqlite3 *db, const char *path, GError **err)
{
    g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': %s: %s"), path,
                _("cannot record the field aliases"), sqlite3_errmsg(db));
    return FALSE;
}

/* What the field means, in Chinese: unit and values (bureaus read it in
 * QGIS's field properties). */
static char *field_description(const export_layer_data *d, const vi_export_field *ef,
                               gboolean labels)
{
    GString *s = g_string_new(NULL);
    const char *unit = export_field_unit(ef);
    if (unit)
        g_string_append_printf(s, "%s%s", vi_i18n_in(VI_LANG_ZH, N_("unit: ")),
                               export_unit_text(VI_LANG_ZH, unit));
    GPtrArray *values = export_field_values(d, ef);
    for (guint i = 0; values && i < values->len; i += 2) {
        const char *code = g_ptr_array_index(values, i);
        const char *label = g_ptr_array_index(values, i + 1);
        if (i == 0)
            g_string_append_printf(s, "%s%s", s->len ? "；" : "",
                                   vi_i18n_in(VI_LANG_ZH, N_("values: ")));
        else
            g_string_append(s, "，");
        g_string_append_printf(s, "%s（%s）", labels ? label : code, labels ? code : label);
    }
    if (values)
        g_ptr_array_unref(values);
    return g_string_free(s, FALSE);
}

static gboolean write_layer(sqlite3 *db, const export_job *job, const export_layer_data *d,
                            const char *path, GError **err)
{
    gboolean labels = job->profile->values == VI_VALUES_LABELS;
    const vi_layer *layer = d->pl->layer;
    sqlite3_stmt *col = NULL, *con = NULL, *contents = NULL;
    gboolean ok =
        sqlite3_prepare_v2(db,
                           "INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, "
                           "name, title, description, constraint_name) VALUES (?, ?, ?, ?, ?, ?)",
                           -1, &col, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "INSERT OR REPLACE INTO gpkg_data_column_constraints "
                           "(constraint_name, constraint_type, value, description) "
                           "VALUES (?, 'enum', ?, ?)",
                           -1, &con, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "UPDATE gpkg_contents SET identifier = ?, description = ? "
                           "WHERE table_name = ?",
                           -1, &contents, NULL) == SQLITE_OK;
    for (guint f = 0; ok && f < d->fields->len; f++) {
        const vi_export_field *ef = g_ptr_array_index(d->fields, f);
        char *description = field_description(d, ef, labels);
        GPtrArray *values = export_field_values(d, ef);
        char *constraint = values ? g_strdup_printf("%s_%s", d->pl->file, d->names[f]) : NULL;
        const char *alias = d->aliases[f] ? d->aliases[f] : d->names[f];
        sqlite3_bind_text(col, 1, d->pl->file, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(col, 2, d->names[f], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(col, 3, alias, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(col, 4, alias, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(col, 5, *description ? description : NULL, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(col, 6, constraint, -1, SQLITE_TRANSIENT);
        ok = sqlite3_step(col) == SQLITE_DONE;
        sqlite3_reset(col);
        for (guint i = 0; ok && values && i < values->len; i += 2) {
            const char *code = g_ptr_array_index(values, i);
            const char *label = g_ptr_array_index(values, i + 1);
            sqlite3_bind_text(con, 1, constraint, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(con, 2, labels ? label : code, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(con, 3, labels ? code : label, -1, SQLITE_TRANSIENT);
            ok = sqlite3_step(con) == SQLITE_DONE;
            sqlite3_reset(con);
        }
        if (values)
            g_ptr_array_unref(values);
        g_free(constraint);
        g_free(description);
    }
    if (ok) {
        char *description =
            g_strdup_printf(vi_i18n_in(VI_LANG_ZH, N_("%s: %s, %u features, from vinfra")),
                            job->profile->name_zh, layer->name_zh, d->rows->len);
        sqlite3_bind_text(contents, 1, layer->name_zh, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(contents, 2, description, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(contents, 3, d->pl->file, -1, SQLITE_TRANSIENT);
        ok = sqlite3_step(contents) == SQLITE_DONE && sqlite3_changes(db) == 1;
        g_free(description);
    }
    if (!ok)
        db_failed(db, path, err);
    sqlite3_finalize(col);
    sqlite3_finalize(con);
    sqlite3_finalize(contents);
    return ok;
}

gboolean export_gpkg_describe(const export_job *job, const char *path, GError **err)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        gboolean r = db_failed(db, path, err);
        sqlite3_close(db);
        return r;
    }
    gboolean ok = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
                  sqlite3_exec(db, schema_sql, NULL, NULL, NULL) == SQLITE_OK;
    if (!ok)
        db_failed(db, path, err);
    for (guint l = 0; ok && l < job->layers->len; l++)
        ok = write_layer(db, job, g_ptr_array_index(job->layers, l), path, err);
    if (ok && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        ok = db_failed(db, path, err);
    if (!ok)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    return ok;
}
