/*
 * pg-schema.c - the tables of a vinfra database on a server: the same as
 * SpatiaLite's (sl-schema.c, sl-log.c), in PostgreSQL's types, with a
 * geometry(..., 4490) column and a GiST index per layer, and the trigger
 * that writes the change log.
 *
 * Fids come from one sequence for every layer: a sequence never hands out
 * a number twice, so a fid is never reused (undo tells rows apart by it),
 * and undo puts a deleted row back with its own fid.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

static const char schema_sql[] =
    "CREATE TABLE vinfra_meta (key text PRIMARY KEY, value text NOT NULL);"
    "CREATE TABLE vinfra_kv (key text PRIMARY KEY, value text NOT NULL);"
    "CREATE SEQUENCE vinfra_fid;"
    "CREATE TABLE imports (id bigint PRIMARY KEY DEFAULT nextval('vinfra_fid'), path text NOT NULL, layer text NOT NULL,"
    " sha256 text NOT NULL UNIQUE, features bigint NOT NULL DEFAULT 0,"
    " imported_at text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'));"
    "CREATE TABLE projects (id text PRIMARY KEY, name text NOT NULL, programme text NOT NULL,"
    " village text, kind text NOT NULL DEFAULT 'project' CHECK (kind IN ('project','fund')),"
    " year bigint, funding_wan double precision NOT NULL DEFAULT 0,"
    " import_id bigint REFERENCES imports(id));"
    "CREATE INDEX projects_village ON projects(village);"
    "CREATE TABLE history (id bigint PRIMARY KEY, at text NOT NULL,"
    " \"user\" text NOT NULL, host text NOT NULL, command_line text NOT NULL,"
    " action text NOT NULL, layer text,"
    " added bigint NOT NULL DEFAULT 0, changed bigint NOT NULL DEFAULT 0,"
    " deleted bigint NOT NULL DEFAULT 0, exported bigint NOT NULL DEFAULT 0,"
    " source_sha256 text, detail text, version text NOT NULL,"
    " checksum_before text, checksum_after text NOT NULL,"
    " undoes bigint, undone_by bigint);"
    "CREATE SEQUENCE change_log_seq;"
    "CREATE TABLE change_log (change_id bigint NOT NULL, seq bigint NOT NULL,"
    " tbl text NOT NULL, row text NOT NULL,"
    " op text NOT NULL CHECK (op IN ('insert','update','delete')), old jsonb,"
    " PRIMARY KEY (change_id, seq));"
    "CREATE INDEX change_log_row ON change_log(tbl, row);"
    "CREATE TABLE exports (id bigserial PRIMARY KEY,"
    " exported_at text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " profile text NOT NULL, village text, format text NOT NULL, crs text NOT NULL,"
    " encoding text NOT NULL, path text NOT NULL, features bigint NOT NULL,"
    " include_personal integer NOT NULL);"
    "CREATE TABLE photos (id bigint PRIMARY KEY DEFAULT nextval('vinfra_fid'),"
    " sha256 text NOT NULL UNIQUE, file text NOT NULL, layer text, feature_fid bigint,"
    " taken_at text, lon double precision, lat double precision, direction double precision,"
    " make text, model text, width integer NOT NULL, height integer NOT NULL,"
    " original_bytes bigint NOT NULL, original_width integer NOT NULL,"
    " original_height integer NOT NULL, jpeg bytea NOT NULL,"
    " added_at text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " import_id bigint REFERENCES imports(id));"
    "CREATE INDEX photos_feature ON photos(layer, feature_fid);"
    /* The change log: every row a vinfra change inserts, updates or deletes,
     * with the old content of those it updates or deletes (the geometry as
     * hex EWKB: jsonb would hold it as GeoJSON, rounded).  TG_ARGV[0] is the
     * table's key column, TG_ARGV[1] 'geom' for a layer. */
    "CREATE FUNCTION vinfra_log() RETURNS trigger LANGUAGE plpgsql AS $f$"
    " DECLARE cid bigint := nullif(current_setting('vinfra.change_id', true), '')::bigint;"
    " r jsonb;"
    " BEGIN"
    "  IF cid IS NULL THEN RETURN NULL; END IF;"
    "  IF TG_OP = 'INSERT' THEN"
    "   INSERT INTO change_log (change_id, seq, tbl, row, op)"
    "    VALUES (cid, nextval('change_log_seq'), TG_TABLE_NAME, to_jsonb(NEW)->>TG_ARGV[0],"
    "    'insert');"
    "   RETURN NULL;"
    "  END IF;"
    "  r := to_jsonb(OLD);"
    "  IF TG_NARGS > 1 THEN"
    "   r := jsonb_set(r, '{geom}', coalesce(to_jsonb(encode(ST_AsEWKB(OLD.geom), 'hex')),"
    "    'null'::jsonb));"
    "  END IF;"
    "  INSERT INTO change_log (change_id, seq, tbl, row, op, old)"
    "   VALUES (cid, nextval('change_log_seq'), TG_TABLE_NAME, r->>TG_ARGV[0], lower(TG_OP), r);"
    "  RETURN NULL;"
    " END $f$;";

static const char *attr_sql_type(int type)
{
    return type == VI_ATTR_INTEGER ? "bigint" : type == VI_ATTR_REAL ? "double precision" : "text";
}

const char *pg_table_key(const char *table)
{
    return strcmp(table, "projects") == 0 || strcmp(table, "imports") == 0 ||
                   strcmp(table, "photos") == 0
               ? "id"
               : "fid";
}

/* The log trigger on TABLE. */
static char *log_trigger_sql(const char *table, gboolean layer)
{
    return g_strdup_printf("CREATE TRIGGER \"%s_log\" AFTER INSERT OR UPDATE OR DELETE ON \"%s\""
                           " FOR EACH ROW EXECUTE FUNCTION vinfra_log('%s'%s);",
                           table, table, pg_table_key(table), layer ? ", 'geom'" : "");
}

static gboolean create_layer_table(vi_store *store, const vi_layer *layer, GError **err)
{
    gboolean is_villages = strcmp(layer->name, "villages") == 0;
    GString *sql = g_string_new(NULL);
    g_string_append_printf(
        sql,
        "CREATE TABLE \"%s\" (fid bigint PRIMARY KEY DEFAULT nextval('vinfra_fid'),"
        " id text NOT NULL UNIQUE,"
        " village text%s,"
        " name text%s, status text, year bigint,"
        " project text REFERENCES projects(id),"
        " import_id bigint REFERENCES imports(id)",
        layer->name, is_villages ? "" : " REFERENCES villages(name)",
        is_villages ? " NOT NULL UNIQUE" : "");
    for (int i = 0; i < layer->nattrs; i++)
        g_string_append_printf(sql, ", \"%s\" %s", layer->attrs[i]->name,
                               attr_sql_type(layer->attrs[i]->type));
    g_string_append_printf(sql, ", geom geometry(%s, %d));", store_geometry_type(layer->geometry),
                           VI_STORE_SRID);
    if (!is_villages)
        g_string_append_printf(sql, "CREATE INDEX \"%s_village\" ON \"%s\"(village);", layer->name,
                               layer->name);
    g_string_append_printf(sql, "CREATE INDEX \"%s_geom\" ON \"%s\" USING gist (geom);",
                           layer->name, layer->name);
    char *trigger = log_trigger_sql(layer->name, TRUE);
    g_string_append(sql, trigger);
    g_free(trigger);
    char *what = g_strdup_printf(_("cannot create the table of layer \"%s\""), layer->name);
    gboolean ok = pg_script(store, sql->str, what, err);
    g_free(what);
    g_string_free(sql, TRUE);
    return ok;
}

gboolean pg_create_tables(vi_store *store, GError **err)
{
    GString *sql = g_string_new(schema_sql);
    static const char *const logged[] = {"imports", "projects", "photos"};
    for (size_t i = 0; i < G_N_ELEMENTS(logged); i++) {
        char *t = log_trigger_sql(logged[i], FALSE);
        g_string_append(sql, t);
        g_free(t);
    }
    gboolean ok = pg_script(store, sql->str, _("cannot create the database"), err);
    g_string_free(sql, TRUE);
    /* The villages first: the other layers refer to them. */
    const vi_layer *villages = registry_layer(store->reg, "villages");
    if (villages)
        ok = create_layer_table(store, villages, err);
    for (int i = 0; ok && i < registry_layer_count(store->reg); i++) {
        const vi_layer *layer = registry_layer_at(store->reg, i);
        if (layer != villages)
            ok = create_layer_table(store, layer, err);
    }
    return ok;
}

gboolean pg_ensure_layer(vi_store *store, const vi_layer *layer, GError **err)
{
    gboolean exists = FALSE;
    if (!pg_table_exists(store, layer->name, &exists, err))
        return FALSE;
    if (!exists)
        return create_layer_table(store, layer, err) && pg_roles_secure_layer(store, layer, err);
    gboolean added = FALSE;
    for (int i = 0; i < layer->nattrs; i++) {
        const char *params[] = {layer->name, layer->attrs[i]->name};
        gint64 n = 0;
        if (!pg_query_int(store,
                          "SELECT count(*) FROM information_schema.columns WHERE table_schema ="
                          " current_schema() AND table_name = $1 AND column_name = $2",
                          2, params, &n, err))
            return FALSE;
        if (n == 0) {
            char *alter =
                g_strdup_printf("ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s", layer->name,
                                layer->attrs[i]->name, attr_sql_type(layer->attrs[i]->type));
            gboolean ok = pg_do(store, alter, 0, NULL, _("cannot add a column"), err);
            g_free(alter);
            if (!ok)
                return FALSE;
            added = TRUE;
        }
    }
    /* The users' grants name the columns they may read. */
    return !added || pg_roles_secure_layer(store, layer, err);
}
