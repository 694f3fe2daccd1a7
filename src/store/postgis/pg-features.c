/*
 * pg-features.c - writing and looking up the rows of a server database:
 * features (insert, change, delete), the projects of the ledger, the
 * imports and the exports.  The log trigger (pg-schema.c) logs every row
 * written; the inserts an import repeats are prepared once per layer, or,
 * in a bulk transaction, streamed with COPY (pg-bulk.c).
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

void pg_append_insert_columns(GString *sql, const vi_layer *layer)
{
    g_string_append(sql, "id, village, name, status, year, project, import_id");
    for (int i = 0; i < layer->nattrs; i++)
        g_string_append_printf(sql, ", \"%s\"", layer->attrs[i]->name);
}

void pg_append_geometry(GString *sql, const vi_layer *layer, const char *wkb)
{
    g_string_append_printf(sql,
                           layer->geometry == VI_GEOM_POINT
                               ? "ST_GeomFromWKB(%s, " G_STRINGIFY(VI_STORE_SRID) ")"
                               : "ST_Multi(ST_GeomFromWKB(%s, " G_STRINGIFY(VI_STORE_SRID) "))",
                           wkb);
}

/* The name of LAYER's prepared INSERT, preparing it on first use. */
static const char *insert_statement(vi_store *store, const vi_layer *layer, GError **err)
{
    const char *name = g_hash_table_lookup(pg(store)->inserts, layer->name);
    if (name)
        return name;
    GString *sql = g_string_new(NULL);
    g_string_append_printf(sql, "INSERT INTO \"%s\" (", layer->name);
    pg_append_insert_columns(sql, layer);
    g_string_append(sql, ", geom) VALUES ($1, $2, $3, $4, $5, $6, $7");
    for (int i = 0; i < layer->nattrs; i++)
        g_string_append_printf(sql, ", $%d", 9 + i);
    g_string_append(sql, ", ");
    pg_append_geometry(sql, layer, "$8::bytea");
    g_string_append(sql, ")");
    char *stmt = g_strdup_printf("vinfra_insert_%s", layer->name);
    PGresult *r = PQprepare(pg(store)->conn, stmt, sql->str, 0, NULL);
    g_string_free(sql, TRUE);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        g_free(stmt);
        pg_fail_result(store, r, err, _("cannot prepare an insert"));
        return NULL;
    }
    PQclear(r);
    g_hash_table_insert(pg(store)->inserts, g_strdup(layer->name), stmt);
    return stmt;
}

gboolean pg_feature_insert(vi_store *store, const vi_layer *layer, const vi_feature *f,
                           gint64 import_id, GError **err)
{
    if (pg_bulk_active(store))
        return pg_bulk_insert(store, layer, f, import_id, err);
    const char *stmt = insert_statement(store, layer, err);
    if (!stmt)
        return FALSE;
    int n = 8 + layer->nattrs;
    const char **values = g_new0(const char *, n);
    int *lengths = g_new0(int, n), *formats = g_new0(int, n);
    char year[32], imp[32];
    values[0] = f->id;
    values[1] = f->village;
    values[2] = f->name;
    values[3] = f->status;
    values[4] = f->year ? pg_int_text(year, f->year) : NULL;
    values[5] = f->project;
    values[6] = import_id ? pg_int_text(imp, import_id) : NULL;
    values[7] = (const char *)f->wkb;
    lengths[7] = (int)f->wkb_size;
    formats[7] = 1; /* the WKB as bytes, not as escaped text */
    for (int i = 0; i < layer->nattrs; i++)
        values[8 + i] = f->attrs ? f->attrs[i] : NULL;
    PGresult *r = PQexecPrepared(pg(store)->conn, stmt, n, values, lengths, formats, 0);
    g_free(values);
    g_free(lengths);
    g_free(formats);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        char *what = g_strdup_printf(_("cannot insert feature \"%s\" into layer \"%s\""), f->id,
                                     layer->name);
        pg_fail_result(store, r, err, what);
        g_free(what);
        return FALSE;
    }
    pg_count_rows(store, r);
    PQclear(r);
    return TRUE;
}

gboolean pg_feature_exists(vi_store *store, const vi_layer *layer, const char *id, gboolean *exists,
                           GError **err)
{
    gboolean have_table = FALSE;
    *exists = FALSE;
    if (!pg_table_exists(store, layer->name, &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    char *sql = g_strdup_printf("SELECT 1 FROM \"%s\" WHERE id = $1", layer->name);
    gboolean ok = pg_row_exists(store, sql, id, exists, err);
    g_free(sql);
    return ok;
}

gint64 pg_feature_count(vi_store *store, const vi_layer *layer, const char *village, GError **err)
{
    gboolean have_table = FALSE;
    if (!pg_table_exists(store, layer->name, &have_table, err))
        return -1;
    if (!have_table)
        return 0;
    char *sql = g_strdup_printf("SELECT count(*) FROM \"%s\"%s", layer->name,
                                village ? " WHERE village = $1" : "");
    gint64 n = -1;
    if (!pg_query_int(store, sql, village ? 1 : 0, &village, &n, err))
        n = -1;
    g_free(sql);
    return n;
}

gint64 pg_feature_delete_status(vi_store *store, const vi_layer *layer, const char *status,
                                GError **err)
{
    char *sql = g_strdup_printf("DELETE FROM \"%s\" WHERE status = $1", layer->name);
    PGresult *r = pg_run(store, sql, 1, &status, _("cannot delete features"), err);
    g_free(sql);
    if (!r)
        return -1;
    gint64 n = g_ascii_strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return n;
}

/* The fid of feature ID of LAYER; 0 with ERR when there is none. */
static gint64 feature_fid(vi_store *store, const vi_layer *layer, const char *id, GError **err)
{
    gboolean have_table = FALSE;
    if (!pg_table_exists(store, layer->name, &have_table, err))
        return 0;
    gint64 fid = 0;
    if (have_table) {
        char *sql = g_strdup_printf("SELECT fid FROM \"%s\" WHERE id = $1", layer->name);
        gboolean ok = pg_query_int(store, sql, 1, &id, &fid, err);
        g_free(sql);
        if (!ok)
            return 0;
    }
    if (!fid)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("layer \"%s\" has no feature \"%s\""),
                    layer->name, id);
    return fid;
}

gboolean pg_feature_update(vi_store *store, const vi_layer *layer, const char *id,
                           const char *const *fields, const char *const *values, int n,
                           GError **err)
{
    gint64 fid = feature_fid(store, layer, id, err);
    if (!fid)
        return FALSE;
    GString *sql = g_string_new(NULL);
    g_string_append_printf(sql, "UPDATE \"%s\" SET ", layer->name);
    for (int i = 0; i < n; i++) {
        /* Text parameters take the column's type: "2019" becomes a year. */
        if (strcmp(fields[i], "geom") == 0)
            g_string_append_printf(
                sql, "%sgeom = %s(decode($%d, 'hex'), %d)%s", i ? ", " : "",
                layer->geometry == VI_GEOM_POINT ? "ST_GeomFromWKB" : "ST_Multi(ST_GeomFromWKB",
                i + 1, VI_STORE_SRID, layer->geometry == VI_GEOM_POINT ? "" : ")");
        else
            g_string_append_printf(sql, "%s\"%s\" = $%d", i ? ", " : "", fields[i], i + 1);
    }
    g_string_append_printf(sql, " WHERE fid = $%d", n + 1);
    const char **params = g_new0(const char *, n + 1);
    for (int i = 0; i < n; i++)
        params[i] = values[i];
    char fid_text[32];
    params[n] = pg_int_text(fid_text, fid);
    char *what =
        g_strdup_printf(_("cannot change feature \"%s\" of layer \"%s\""), id, layer->name);
    PGresult *r = pg_run(store, sql->str, n + 1, params, what, err);
    /* A row the role sees and may not write is hidden from its UPDATE. */
    gboolean ok = r && (strcmp(PQcmdTuples(r), "0") != 0 ||
                        pg_roles_refuse_row(store, layer, id, FALSE, err));
    PQclear(r);
    g_free(what);
    g_free(params);
    g_string_free(sql, TRUE);
    return ok;
}

gboolean pg_feature_delete(vi_store *store, const vi_layer *layer, const char *id, GError **err)
{
    gint64 fid = feature_fid(store, layer, id, err);
    if (!fid)
        return FALSE;
    if (!pg_bulk_flush(store, err))
        return FALSE;
    char *sql = g_strdup_printf("DELETE FROM \"%s\" WHERE fid = $1", layer->name);
    char fid_text[32];
    const char *params[] = {pg_int_text(fid_text, fid)};
    PGresult *r = PQexecParams(pg(store)->conn, sql, 1, NULL, params, NULL, NULL, 0);
    g_free(sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (state && strcmp(state, "23503") == 0) { /* foreign_key_violation */
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot delete feature \"%s\" of layer \"%s\": other features or "
                          "projects still refer to it"),
                        id, layer->name);
            PQclear(r);
            return FALSE;
        }
        char *what =
            g_strdup_printf(_("cannot delete feature \"%s\" of layer \"%s\""), id, layer->name);
        pg_fail_result(store, r, err, what);
        g_free(what);
        return FALSE;
    }
    pg_count_rows(store, r);
    gboolean hidden = strcmp(PQcmdTuples(r), "0") == 0;
    PQclear(r);
    return !hidden || pg_roles_refuse_row(store, layer, id, TRUE, err);
}

gboolean pg_village_exists(vi_store *store, const char *name, gboolean *exists, GError **err)
{
    *exists = FALSE;
    gboolean have_table = FALSE;
    if (!pg_table_exists(store, "villages", &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    return pg_row_exists(store, "SELECT 1 FROM villages WHERE name = $1", name, exists, err);
}

gboolean pg_project_insert(vi_store *store, const vi_project *p, gint64 import_id, GError **err)
{
    char year[32], imp[32], funding[G_ASCII_DTOSTR_BUF_SIZE];
    const char *params[] = {p->id,
                            p->name,
                            p->programme,
                            p->village,
                            p->kind ? p->kind : "project",
                            p->year ? pg_int_text(year, p->year) : NULL,
                            g_ascii_dtostr(funding, sizeof funding, p->funding_wan),
                            import_id ? pg_int_text(imp, import_id) : NULL};
    char *what = g_strdup_printf(_("cannot insert project \"%s\""), p->id);
    gboolean ok = pg_do(store,
                        "INSERT INTO projects (id, name, programme, village, kind, year,"
                        " funding_wan, import_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        8, params, what, err);
    g_free(what);
    return ok;
}

gboolean pg_project_exists(vi_store *store, const char *id, gboolean *exists, GError **err)
{
    return pg_row_exists(store, "SELECT 1 FROM projects WHERE id = $1", id, exists, err);
}

static gboolean id_row(PGresult *r, int row, void *ids, GError **err)
{
    (void)err;
    g_hash_table_add(ids, g_strdup(PQgetvalue(r, row, 0)));
    return TRUE;
}

gboolean pg_feature_ids(vi_store *store, const vi_layer *layer, GHashTable *ids, GError **err)
{
    gboolean have_table = FALSE;
    if (!pg_table_exists(store, layer->name, &have_table, err))
        return FALSE;
    if (!have_table)
        return TRUE;
    char *sql = g_strdup_printf("SELECT id FROM \"%s\"", layer->name);
    gboolean ok = pg_cursor_scan(store, sql, 0, NULL, FALSE, id_row, ids, err);
    g_free(sql);
    return ok;
}

gboolean pg_project_ids(vi_store *store, GHashTable *ids, GError **err)
{
    return pg_cursor_scan(store, "SELECT id FROM projects", 0, NULL, FALSE, id_row, ids, err);
}

gboolean pg_import_find(vi_store *store, const char *sha256, gboolean *found, vi_import_info *info,
                        GError **err)
{
    PGresult *r = pg_run(
        store, "SELECT id, path, layer, imported_at, features FROM imports WHERE sha256 = $1", 1,
        &sha256, _("cannot look up imports"), err);
    if (!r)
        return FALSE;
    *found = PQntuples(r) > 0;
    if (*found && info) {
        info->id = g_ascii_strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        info->path = g_strdup(pg_value(r, 0, 1));
        info->layer = g_strdup(pg_value(r, 0, 2));
        info->imported_at = g_strdup(pg_value(r, 0, 3));
        info->features = g_ascii_strtoll(PQgetvalue(r, 0, 4), NULL, 10);
    }
    PQclear(r);
    return TRUE;
}

gint64 pg_import_record(vi_store *store, const char *path, const char *layer, const char *sha256,
                        gint64 features, GError **err)
{
    char n[32];
    const char *params[] = {path, layer, sha256, pg_int_text(n, features)};
    gint64 id = 0;
    if (!pg_query_int(store,
                      "INSERT INTO imports (path, layer, sha256, features) VALUES ($1, $2, $3, $4)"
                      " RETURNING id",
                      4, params, &id, err))
        return 0;
    return id;
}

gboolean pg_import_set_count(vi_store *store, gint64 import_id, gint64 features, GError **err)
{
    char n[32], id[32];
    const char *params[] = {pg_int_text(n, features), pg_int_text(id, import_id)};
    return pg_do(store, "UPDATE imports SET features = $1 WHERE id = $2", 2, params,
                 _("cannot update the import"), err);
}

char *pg_data_date(vi_store *store, GError **err)
{
    PGresult *r = pg_run(store, "SELECT substr(max(imported_at), 1, 10) FROM imports", 0, NULL,
                         _("cannot read the imports"), err);
    if (!r)
        return NULL;
    char *date = g_strdup(pg_value(r, 0, 0));
    PQclear(r);
    return date;
}

gboolean pg_export_record(vi_store *store, const vi_export_record *r, GError **err)
{
    char n[32];
    const char *params[] = {r->profile,
                            r->village,
                            r->format,
                            r->crs,
                            r->encoding,
                            r->path,
                            pg_int_text(n, r->features),
                            r->include_personal ? "1" : "0"};
    return pg_do(store,
                 "INSERT INTO exports (profile, village, format, crs, encoding, path, features,"
                 " include_personal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                 8, params, _("cannot record the export"), err);
}
