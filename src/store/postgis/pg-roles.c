/*
 * pg-roles.c - users and permissions on a server database: who the
 * logged-in role is, the policies and grants that bind it, the users the
 * office adds and removes, and the server's refusals said in vinfra's words.
 *
 * Each person or team logs in as a PostgreSQL role of its own; the table
 * vinfra_users maps each role to its kind (office, team, bureau) and a
 * team to its village.  Only the database's owner (the office's
 * administrator, who ran vinfra init and is its first user) writes it.
 * Every decision is the server's, made against current_user, never
 * against a setting the client could change:
 * - Row-level security, forced so that it binds the tables' owner too, on
 *   every layer table, the projects and the photos: every user reads every
 *   row; the office writes every row; a team inserts, changes and deletes
 *   only rows of its own village (a village's own row in layer villages,
 *   a photo by the village of the feature it shows).  The role's kind and
 *   village are uncorrelated subqueries in the policies, which the server
 *   runs once per statement, not once per row.  Superusers and BYPASSRLS
 *   roles are not bound: 'users add' refuses to make one a team or bureau.
 * - Grants: the office may do everything vinfra does; a team may write the
 *   layers, projects, imports and photos (the policies then restrict the
 *   rows) and add history and export rows; a bureau only reads, and adds
 *   the history and export rows that record what it exported (a policy
 *   lets it add nothing else to the history).  Nobody but the office (and
 *   the owner) may change or delete history rows.
 * - Personal fields: the office reads them; teams and bureaus are granted
 *   SELECT on the other columns only, so a query naming one fails.  A
 *   team may still write them: it collects them in the field.  Teams do
 *   not read even their own village's: a column privilege holds for every
 *   row or none, a separate per-village table would double every write of
 *   households on both stores, and a team's data travels on laptops that
 *   get lost.  The scans (pg-scan.c, pg-check.c) ask pg_may_read() and read
 *   NULL for a column the role may not read, so that stats, coverage and
 *   the rest work for every role on what it may see; export with
 *   --include-personal asks store_personal_readable() first.
 * - The change log holds old rows, personal fields included: its trigger
 *   (vinfra_log, pg-schema.c) and the content checksum
 *   (vinfra_table_digest) run as the owner (SECURITY DEFINER, with a
 *   search path that ends in pg_temp, so that a user's temporary table
 *   cannot stand in for ours); the other roles may read the change log's
 *   keys but not its old rows, and write it only through the trigger.
 *   Undo, which needs the old rows, is the office's.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <string.h>

struct pg_roles {
    gboolean installed;     /* the database has vinfra_users and the policies */
    char *name;             /* current_user */
    char *kind;             /* its kind in vinfra_users, NULL when it is not there */
    char *village;          /* a team's */
    GHashTable *unreadable; /* table -> set of its columns the role may not read */
};

/* The logged-in role's kind, whether it is the office, and a team's
 * village, as SQL. */
#define KIND_SQL "(SELECT kind FROM vinfra_users WHERE name = current_user)"
#define OFFICE_SQL "(" KIND_SQL " = 'office') IS TRUE"
#define TEAM_VILLAGE_SQL                                                                           \
    "(SELECT village FROM vinfra_users WHERE name = current_user AND kind = 'team')"

static const char install_sql[] =
    "CREATE TABLE vinfra_users (name text PRIMARY KEY,"
    " kind text NOT NULL CHECK (kind IN ('office', 'team', 'bureau')), village text,"
    " created_role boolean NOT NULL DEFAULT false,"
    " added_at text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " added_by text NOT NULL DEFAULT current_user,"
    " CHECK ((kind = 'team') = (village IS NOT NULL)));"
    "INSERT INTO vinfra_users (name, kind) VALUES (current_user, 'office');"
    /* The village of the feature a photo shows (NULL for none).  Like the
     * functions below, it searches pg_temp last (ALTER FUNCTION at the
     * end): a user's temporary "roads" must not stand in for ours. */
    "CREATE FUNCTION vinfra_feature_village(layer text, fid bigint) RETURNS text"
    " LANGUAGE plpgsql STABLE AS $f$"
    " DECLARE v text;"
    " BEGIN"
    "  IF layer IS NULL OR fid IS NULL OR to_regclass(quote_ident(layer)) IS NULL THEN"
    "   RETURN NULL;"
    "  END IF;"
    "  EXECUTE format('SELECT %I FROM %I WHERE fid = $1',"
    "   CASE WHEN layer = 'villages' THEN 'name' ELSE 'village' END, layer) INTO v USING fid;"
    "  RETURN v;"
    " END $f$;"
    /* Whether TBL is a table of the content: a layer (its geometry
     * column registered with PostGIS) or the imports, projects, photos. */
    "CREATE FUNCTION vinfra_content_table(tbl text) RETURNS boolean LANGUAGE sql STABLE AS $f$"
    " SELECT tbl IN ('imports', 'projects', 'photos') OR EXISTS (SELECT 1 FROM geometry_columns"
    "  WHERE f_table_schema = current_schema() AND f_table_name = tbl)"
    " $f$;"
    /* The content checksum of one table (pg-log.c), read as the owner: the
     * whole rows, personal fields included, go into it, and only the
     * digest comes out. */
    "CREATE FUNCTION vinfra_table_digest(tbl text, OUT n bigint, OUT digest text)"
    " LANGUAGE plpgsql STABLE SECURITY DEFINER AS $f$"
    " BEGIN"
    "  IF NOT vinfra_content_table(tbl) THEN"
    "   RAISE EXCEPTION 'vinfra_table_digest: \"%\" is not a content table', tbl;"
    "  END IF;"
    "  EXECUTE format('SELECT count(*), coalesce(encode(sha256(string_agg(sha256(convert_to("
    "t::text, ''UTF8'')), ''''::bytea ORDER BY t.%I)), ''hex''), '''') FROM %I t',"
    "   CASE WHEN tbl IN ('projects', 'imports', 'photos') THEN 'id' ELSE 'fid' END, tbl)"
    "   INTO n, digest;"
    " END $f$;"
    "REVOKE EXECUTE ON FUNCTION vinfra_table_digest(text) FROM PUBLIC;"
    /* Who changed a feature last and when (pg-kv.c): the change log's old
     * rows find a deleted one, and only the owner reads them. */
    "CREATE FUNCTION vinfra_last_change(layer text, feature text, OUT who text, OUT at text)"
    " LANGUAGE plpgsql STABLE SECURITY DEFINER AS $f$"
    " BEGIN"
    "  IF NOT vinfra_content_table(layer) THEN"
    "   RETURN;"
    "  END IF;"
    "  EXECUTE format('SELECT h.\"user\", h.at FROM change_log l JOIN history h"
    " ON h.id = l.change_id WHERE l.tbl = $1 AND (l.row = (SELECT fid::text FROM %I"
    " WHERE id = $2) OR l.old->>''id'' = $2) ORDER BY l.change_id DESC, l.seq DESC"
    " LIMIT 1', layer) INTO who, at USING layer, feature;"
    " END $f$;"
    "REVOKE EXECUTE ON FUNCTION vinfra_last_change(text, text) FROM PUBLIC;"
    "DO $d$ DECLARE path text := coalesce((SELECT string_agg(quote_ident(s), ', ')"
    "  FROM unnest(current_schemas(false)) s), 'public') || ', pg_temp';"
    " BEGIN"
    "  EXECUTE 'ALTER FUNCTION vinfra_content_table(text) SET search_path = ' || path;"
    "  EXECUTE 'ALTER FUNCTION vinfra_feature_village(text, bigint) SET search_path = ' || path;"
    "  EXECUTE 'ALTER FUNCTION vinfra_table_digest(text) SET search_path = ' || path;"
    "  EXECUTE 'ALTER FUNCTION vinfra_last_change(text, text) SET search_path = ' || path;"
    "  EXECUTE 'ALTER FUNCTION vinfra_log() SECURITY DEFINER SET search_path = ' || path;"
    " END $d$;"
    "REVOKE ALL ON vinfra_users FROM PUBLIC;";

/* The policies of TABLE: READ for SELECT, ADD for the rows an INSERT
 * adds, CHANGE for those an UPDATE changes (before and after) and a
 * DELETE removes. */
static void add_policies(GString *sql, const char *table, const char *read, const char *add,
                         const char *change)
{
    g_string_append_printf(sql,
                           "ALTER TABLE \"%s\" ENABLE ROW LEVEL SECURITY;"
                           "ALTER TABLE \"%s\" FORCE ROW LEVEL SECURITY;",
                           table, table);
    static const char *const names[] = {"vinfra_read", "vinfra_insert", "vinfra_update",
                                        "vinfra_delete"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        g_string_append_printf(sql, "DROP POLICY IF EXISTS %s ON \"%s\";", names[i], table);
    g_string_append_printf(sql,
                           "CREATE POLICY vinfra_read ON \"%s\" FOR SELECT USING (%s);"
                           "CREATE POLICY vinfra_insert ON \"%s\" FOR INSERT WITH CHECK (%s);"
                           "CREATE POLICY vinfra_update ON \"%s\" FOR UPDATE USING (%s)"
                           " WITH CHECK (%s);"
                           "CREATE POLICY vinfra_delete ON \"%s\" FOR DELETE USING (%s);",
                           table, read, table, add, table, change, change, table, change);
}

/* Whether the role may write a row whose village is the SQL VILLAGE. */
static char *writes_village(const char *village)
{
    return g_strdup_printf("(%s OR %s = %s)", OFFICE_SQL, village, TEAM_VILLAGE_SQL);
}

static gboolean has_personal(const vi_layer *layer)
{
    for (int a = 0; a < layer->nattrs; a++)
        if (layer->attrs[a]->personal)
            return TRUE;
    return FALSE;
}

static void add_layer_policies(GString *sql, const vi_layer *layer)
{
    char *write = writes_village(strcmp(layer->name, "villages") == 0 ? "name" : "village");
    add_policies(sql, layer->name, "true", write, write);
    g_free(write);
}

/* The policies of the tables that are no layers.  A photo of a feature of
 * a layer with personal fields shows whose house it is (export leaves it
 * out without --include-personal): only the office sees it. */
static void add_table_policies(GString *sql, const vi_registry *reg)
{
    char *write = writes_village("village");
    add_policies(sql, "projects", "true", write, write);
    g_free(write);
    GString *personal = g_string_new(NULL);
    for (int i = 0; i < registry_layer_count(reg); i++)
        if (has_personal(registry_layer_at(reg, i)))
            g_string_append_printf(personal, "%s'%s'", personal->len ? ", " : "",
                                   registry_layer_at(reg, i)->name);
    char *read = personal->len ? g_strdup_printf("layer IS NULL OR layer <> ALL (ARRAY[%s]) OR %s",
                                                 personal->str, OFFICE_SQL)
                               : g_strdup("true");
    write = writes_village("vinfra_feature_village(layer, feature_fid)");
    add_policies(sql, "photos", read, write, write);
    g_free(read);
    g_free(write);
    g_string_free(personal, TRUE);
    /* Every writer records its changes, a bureau its exports; only the
     * office changes or deletes a history row (undo marks the change it
     * took back). */
    add_policies(sql, "history", "true",
                 "(" KIND_SQL " IN ('office', 'team') OR action = 'export') IS TRUE", OFFICE_SQL);
}

/* NAME quoted as an identifier for SQL text (caller frees). */
static char *quoted(vi_store *store, const char *name)
{
    char *q = PQescapeIdentifier(pg(store)->conn, name, strlen(name));
    char *copy = g_strdup(q ? q : "\"\"");
    PQfreemem(q);
    return copy;
}

/* GRANT statements giving role Q (quoted) of KIND what it may do on
 * LAYER: a team or bureau reads every column but the personal ones. */
static gboolean grant_layer(vi_store *store, GString *sql, const vi_layer *layer, const char *q,
                            const char *kind, GError **err)
{
    gboolean office = strcmp(kind, "office") == 0, team = strcmp(kind, "team") == 0;
    if (office || team)
        g_string_append_printf(sql, "GRANT INSERT, UPDATE, DELETE ON \"%s\" TO %s;", layer->name,
                               q);
    if (office || !has_personal(layer)) {
        g_string_append_printf(sql, "GRANT SELECT ON \"%s\" TO %s;", layer->name, q);
        return TRUE;
    }
    /* The table's columns as they are (the registry may name some it has
     * not gained yet), but the personal ones. */
    GString *personal = g_string_new("{");
    for (int a = 0; a < layer->nattrs; a++)
        if (layer->attrs[a]->personal)
            g_string_append_printf(personal, "%s%s", personal->len > 1 ? "," : "",
                                   layer->attrs[a]->name);
    g_string_append_c(personal, '}');
    const char *params[] = {layer->name, personal->str};
    PGresult *r = pg_run(store,
                         "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)"
                         " FROM pg_attribute WHERE attrelid = to_regclass(quote_ident($1))"
                         " AND attnum > 0 AND NOT attisdropped AND attname <> ALL ($2::text[])",
                         2, params, _("cannot read the columns of a table"), err);
    g_string_free(personal, TRUE);
    if (!r)
        return FALSE;
    if (pg_value(r, 0, 0))
        g_string_append_printf(sql, "GRANT SELECT (%s) ON \"%s\" TO %s;", pg_value(r, 0, 0),
                               layer->name, q);
    PQclear(r);
    return TRUE;
}

/* The grants of role NAME of KIND on every table, as SQL appended to SQL. */
static gboolean grant_user(vi_store *store, GString *sql, const char *name, const char *kind,
                           GError **err)
{
    gboolean office = strcmp(kind, "office") == 0, team = strcmp(kind, "team") == 0;
    const char *all = "SELECT, INSERT, UPDATE, DELETE";
    char *q = quoted(store, name);
    gboolean ok = TRUE;
    for (int i = 0; ok && i < registry_layer_count(store->reg); i++) {
        const vi_layer *layer = registry_layer_at(store->reg, i);
        gboolean exists = FALSE;
        ok = pg_table_exists(store, layer->name, &exists, err) &&
             (!exists || grant_layer(store, sql, layer, q, kind, err));
    }
    const char *const grants[][2] = {
        {"projects", office || team ? all : "SELECT"},
        {"imports", office ? all
                    : team ? "SELECT, INSERT, UPDATE"
                           : "SELECT"},
        {"photos", office || team ? all : "SELECT"},
        {"history", office ? all : "SELECT, INSERT"},
        {"exports", "SELECT, INSERT"},
        {"change_log", office ? "SELECT" : "SELECT (change_id, seq, tbl, \"row\", op)"},
        {"vinfra_meta", "SELECT"},
        /* The pushes of the teams' offline copies (sync.c). */
        {"vinfra_kv", office || team ? all : "SELECT"},
        {"vinfra_users", "SELECT"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(grants); i++)
        g_string_append_printf(sql, "GRANT %s ON %s TO %s;", grants[i][1], grants[i][0], q);
    g_string_append_printf(sql,
                           "GRANT USAGE ON SEQUENCE exports_id_seq TO %s;"
                           "GRANT EXECUTE ON FUNCTION vinfra_table_digest(text),"
                           " vinfra_last_change(text, text) TO %s;",
                           q, q);
    if (office || team)
        g_string_append_printf(sql, "GRANT USAGE ON SEQUENCE vinfra_fid TO %s;", q);
    /* pg_dump reads where every sequence stands: the office backs up. */
    if (office)
        g_string_append_printf(sql,
                               "GRANT SELECT ON SEQUENCE exports_id_seq, vinfra_fid,"
                               " change_log_seq TO %s;",
                               q);
    g_free(q);
    return ok;
}

gboolean pg_roles_install(vi_store *store, GError **err)
{
    GString *sql = g_string_new(install_sql);
    for (int i = 0; i < registry_layer_count(store->reg); i++)
        add_layer_policies(sql, registry_layer_at(store->reg, i));
    add_table_policies(sql, store->reg);
    gboolean ok = pg_script(store, sql->str, _("cannot set up the permissions"), err);
    g_string_free(sql, TRUE);
    return ok;
}

void pg_roles_free(vi_store *store)
{
    pg_roles *ro = pg(store)->roles;
    if (!ro)
        return;
    g_free(ro->name);
    g_free(ro->kind);
    g_free(ro->village);
    g_hash_table_destroy(ro->unreadable);
    g_free(ro);
    pg(store)->roles = NULL;
}

gboolean pg_roles_load(vi_store *store, GError **err)
{
    pg_roles_free(store);
    pg_roles *ro = g_new0(pg_roles, 1);
    ro->unreadable = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)g_hash_table_destroy);
    pg(store)->roles = ro;
    if (!pg_table_exists(store, "vinfra_users", &ro->installed, err))
        return FALSE;
    PGresult *r = pg_run(store,
                         ro->installed ? "SELECT current_user, kind, village FROM vinfra_users"
                                         " RIGHT JOIN (SELECT current_user AS me) c ON name = me"
                                       : "SELECT current_user, NULL, NULL",
                         0, NULL, _("cannot read the database's users"), err);
    if (!r)
        return FALSE;
    ro->name = g_strdup(pg_value(r, 0, 0));
    ro->kind = g_strdup(pg_value(r, 0, 1));
    ro->village = g_strdup(pg_value(r, 0, 2));
    PQclear(r);
    return TRUE;
}

gboolean pg_roles_installed(vi_store *store)
{
    return pg(store)->roles && pg(store)->roles->installed;
}

gboolean pg_may_read(vi_store *store, const char *table, const char *column)
{
    pg_roles *ro = pg(store)->roles;
    if (!ro || !ro->installed)
        return TRUE;
    GHashTable *cols = g_hash_table_lookup(ro->unreadable, table);
    if (!cols) {
        PGresult *r = pg_run(store,
                             "SELECT attname FROM pg_attribute WHERE attrelid ="
                             " to_regclass(quote_ident($1)) AND attnum > 0 AND NOT attisdropped"
                             " AND NOT has_column_privilege(attrelid, attnum, 'SELECT')",
                             1, &table, NULL, NULL);
        /* Unknown: let the server say what it refuses. */
        if (!r)
            return TRUE;
        cols = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        for (int i = 0; i < PQntuples(r); i++)
            g_hash_table_add(cols, g_strdup(PQgetvalue(r, i, 0)));
        PQclear(r);
        g_hash_table_insert(ro->unreadable, g_strdup(table), cols);
    }
    return !g_hash_table_contains(cols, column);
}

gboolean pg_roles_secure_layer(vi_store *store, const vi_layer *layer, GError **err)
{
    gboolean installed = FALSE;
    if (!pg_table_exists(store, "vinfra_users", &installed, err))
        return FALSE;
    if (!installed)
        return TRUE;
    GString *sql = g_string_new(NULL);
    add_layer_policies(sql, layer);
    PGresult *r = pg_run(store, "SELECT name, kind FROM vinfra_users ORDER BY name", 0, NULL,
                         _("cannot read the database's users"), err);
    gboolean ok = r != NULL;
    for (int i = 0; ok && i < PQntuples(r); i++) {
        char *q = quoted(store, PQgetvalue(r, i, 0));
        g_string_append_printf(sql, "REVOKE ALL ON \"%s\" FROM %s;", layer->name, q);
        ok = grant_layer(store, sql, layer, q, PQgetvalue(r, i, 1), err);
        g_free(q);
    }
    PQclear(r);
    ok = ok && pg_script(store, sql->str, _("cannot set up the permissions"), err);
    g_string_free(sql, TRUE);
    if (ok && pg(store)->roles)
        g_hash_table_remove(pg(store)->roles->unreadable, layer->name);
    return ok;
}

/* Who the logged-in role is, for messages: 'role "team_sl" (work team of
 * 上雷村)' (caller frees). */
static char *who(vi_store *store)
{
    pg_roles *ro = pg(store)->roles;
    const char *name = ro && ro->name ? ro->name : PQuser(pg(store)->conn);
    const char *kind = ro ? ro->kind : NULL;
    if (kind && strcmp(kind, "team") == 0)
        return g_strdup_printf(_("role \"%s\" (work team of %s)"), name, ro->village);
    if (kind && strcmp(kind, "bureau") == 0)
        return g_strdup_printf(_("role \"%s\" (a bureau)"), name);
    if (kind && strcmp(kind, "office") == 0)
        return g_strdup_printf(_("role \"%s\" (the office)"), name);
    return g_strdup_printf(_("role \"%s\" (no user of this database)"), name);
}

/* What the logged-in role may do, for messages. */
static const char *rights(vi_store *store)
{
    pg_roles *ro = pg(store)->roles;
    const char *kind = ro ? ro->kind : NULL;
    if (kind && strcmp(kind, "team") == 0)
        return _("a team writes only its own village's features and reads no personal fields");
    if (kind && strcmp(kind, "bureau") == 0)
        return _("a bureau only reads, and reads no personal fields");
    if (kind && strcmp(kind, "office") == 0)
        return _("this is for the role that created the database, or a superuser");
    return _("the office adds users with 'vinfra users add'");
}

void pg_roles_refusal(vi_store *store, const char *what, const char *msg, GError **err)
{
    char *w = who(store);
    g_set_error(err, VI_ERROR, VI_ERROR_STORE, _("%s in '%s': refused to %s: %s (PostgreSQL: %s)"),
                what, store->path, w, rights(store), msg);
    g_free(w);
}

gboolean pg_roles_refuse_row(vi_store *store, const vi_layer *layer, const char *id,
                             gboolean deleting, GError **err)
{
    pg_roles *ro = pg(store)->roles;
    if (!ro || !ro->kind || strcmp(ro->kind, "team") != 0) {
        /* Gone meanwhile: nothing but a team's policy hides a row it sees. */
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("layer \"%s\" has no feature \"%s\""),
                    layer->name, id);
        return FALSE;
    }
    char *sql =
        g_strdup_printf("SELECT %s FROM \"%s\" WHERE id = $1",
                        strcmp(layer->name, "villages") == 0 ? "name" : "village", layer->name);
    PGresult *r = pg_run(store, sql, 1, &id, _("cannot read the database"), err);
    g_free(sql);
    if (!r)
        return FALSE;
    const char *village = PQntuples(r) ? pg_value(r, 0, 0) : NULL;
    char *w = who(store);
    const char *none = _("no village");
    g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                deleting ? _("%s may not delete %s feature \"%s\" of %s in '%s': %s")
                         : _("%s may not change %s feature \"%s\" of %s in '%s': %s"),
                w, layer->name, id, village ? village : none, store->path,
                _("a team writes only its own village's features"));
    g_free(w);
    PQclear(r);
    return FALSE;
}

gboolean pg_roles_may_undo(vi_store *store, GError **err)
{
    pg_roles *ro = pg(store)->roles;
    if (!ro || !ro->installed || (ro->kind && strcmp(ro->kind, "office") == 0))
        return TRUE;
    /* A superuser or the tables' owner may read the change log all the
     * same; the server decides. */
    gint64 may = 0;
    if (!pg_query_int(store, "SELECT has_column_privilege('change_log', 'old', 'SELECT')::int", 0,
                      NULL, &may, err))
        return FALSE;
    if (!may) {
        char *w = who(store);
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("%s may not undo changes in '%s': only the office undoes, as only the "
                      "office reads the old rows of the change log and changes the history"),
                    w, store->path);
        g_free(w);
    }
    return may != 0;
}

gboolean pg_personal_readable(vi_store *store, const vi_layer *layer, GError **err)
{
    GString *denied = g_string_new(NULL);
    for (int a = 0; a < layer->nattrs; a++)
        if (layer->attrs[a]->personal && !pg_may_read(store, layer->name, layer->attrs[a]->name))
            g_string_append_printf(denied, "%s%s", denied->len ? ", " : "", layer->attrs[a]->name);
    gboolean ok = denied->len == 0;
    if (!ok) {
        char *w = who(store);
        g_set_error(err, VI_ERROR, VI_ERROR_STORE,
                    _("%s may not read the personal fields of layer \"%s\" (%s) in '%s': only "
                      "the office reads them"),
                    w, layer->name, denied->str, store->path);
        g_free(w);
    }
    g_string_free(denied, TRUE);
    return ok;
}

/* The tables a user may have rights on, as SQL names ("roads", ...). */
static gboolean user_tables(vi_store *store, GPtrArray *tables, GError **err)
{
    for (int i = 0; i < registry_layer_count(store->reg); i++) {
        const vi_layer *layer = registry_layer_at(store->reg, i);
        gboolean exists = FALSE;
        if (!pg_table_exists(store, layer->name, &exists, err))
            return FALSE;
        if (exists)
            g_ptr_array_add(tables, g_strdup_printf("\"%s\"", layer->name));
    }
    static const char *const fixed[] = {"projects",    "imports",   "photos",
                                        "history",     "exports",   "change_log",
                                        "vinfra_meta", "vinfra_kv", "vinfra_users"};
    for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
        g_ptr_array_add(tables, g_strdup(fixed[i]));
    return TRUE;
}

/* The role NAME on the server: whether it exists, and whether the
 * policies bind it (no superuser, no BYPASSRLS). */
static gboolean find_role(vi_store *store, const char *name, gboolean *exists, gboolean *bound,
                          GError **err)
{
    PGresult *r = pg_run(store,
                         "SELECT NOT (rolsuper OR rolbypassrls) FROM pg_roles"
                         " WHERE rolname = $1",
                         1, &name, _("cannot read the server's roles"), err);
    if (!r)
        return FALSE;
    *exists = PQntuples(r) > 0;
    *bound = *exists && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    return TRUE;
}

/* The database's users table, made when the database has none yet (one
 * made before vinfra had users): only its owner can. */
static gboolean ensure_installed(vi_store *store, GError **err)
{
    if (pg_roles_installed(store))
        return TRUE;
    return pg_roles_install(store, err) && pg_roles_load(store, err);
}

gboolean pg_user_add(vi_store *store, const char *name, const char *role, const char *village,
                     gboolean *created, GError **err)
{
    *created = FALSE;
    if (!ensure_installed(store, err))
        return FALSE;
    gboolean found = FALSE, exists = FALSE, bound = FALSE;
    if (village) {
        if (!pg_village_exists(store, village, &found, err))
            return FALSE;
        if (!found) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("--village: no village \"%s\" in '%s'"),
                        village, store->path);
            return FALSE;
        }
    }
    if (!pg_row_exists(store, "SELECT 1 FROM vinfra_users WHERE name = $1", name, &found, err) ||
        !find_role(store, name, &exists, &bound, err))
        return FALSE;
    if (found) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("role \"%s\" is already a user of '%s': 'vinfra users remove %s' first "
                      "to give it another role"),
                    name, store->path, name);
        return FALSE;
    }
    if (exists && !bound && strcmp(role, "office") != 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("role \"%s\" is a superuser or bypasses row-level security: the policies "
                      "of '%s' would not bind it; give the %s a role of its own"),
                    name, store->path, strcmp(role, "team") == 0 ? _("team") : _("bureau"));
        return FALSE;
    }
    char *q = quoted(store, name);
    char *create = g_strdup_printf("CREATE ROLE %s LOGIN", q);
    const char *params[] = {name, role, village, exists ? "false" : "true"};
    gint64 can = 0;
    GString *sql = g_string_new(NULL);
    gboolean ok =
        (exists || pg_script(store, create, _("cannot create the login role"), err)) &&
        pg_do(
            store,
            "INSERT INTO vinfra_users (name, kind, village, created_role) VALUES ($1, $2, $3, $4)",
            4, params, _("cannot add the user"), err) &&
        grant_user(store, sql, name, role, err) &&
        /* The database and the schema, where the server's defaults do
         * not already let everyone in. */
        pg_query_int(store,
                     "SELECT (has_database_privilege($1, current_database(), 'CONNECT')"
                     " AND has_schema_privilege($1, current_schema(), 'USAGE'))::int",
                     1, &name, &can, err);
    if (ok && !can) {
        PGresult *r = pg_run(store, "SELECT current_database(), current_schema()", 0, NULL,
                             _("cannot read the database"), err);
        ok = r != NULL;
        if (ok) {
            char *db = quoted(store, PQgetvalue(r, 0, 0));
            char *schema = quoted(store, PQgetvalue(r, 0, 1));
            g_string_append_printf(sql,
                                   "GRANT CONNECT ON DATABASE %s TO %s;"
                                   "GRANT USAGE ON SCHEMA %s TO %s;",
                                   db, q, schema, q);
            g_free(db);
            g_free(schema);
        }
        PQclear(r);
    }
    ok = ok && pg_script(store, sql->str, _("cannot add the user"), err);
    *created = ok && !exists;
    g_string_free(sql, TRUE);
    g_free(create);
    g_free(q);
    return ok;
}

typedef struct {
    vi_user_fn fn;
    void *user;
} user_scan;

static gboolean user_row(PGresult *r, int row, void *ctx, GError **err)
{
    user_scan *scan = ctx;
    vi_user u = {
        .name = pg_value(r, row, 0),
        .role = pg_value(r, row, 1),
        .village = pg_value(r, row, 2),
        .added_at = pg_value(r, row, 3),
        .added_by = pg_value(r, row, 4),
        .can_login = strcmp(PQgetvalue(r, row, 5), "t") == 0,
    };
    return scan->fn(&u, scan->user, err);
}

gboolean pg_user_list(vi_store *store, vi_user_fn fn, void *user, GError **err)
{
    if (!pg_roles_installed(store))
        return TRUE;
    return pg_cursor_scan(store,
                          "SELECT u.name, kind, village, added_at, added_by,"
                          " coalesce(r.rolcanlogin, false) FROM vinfra_users u"
                          " LEFT JOIN pg_roles r ON r.rolname = u.name"
                          " ORDER BY array_position(ARRAY['office', 'team', 'bureau'], kind),"
                          " village, u.name",
                          0, NULL, FALSE, user_row, &(user_scan){fn, user}, err);
}

/* Drop the login role Q (quoted) unless something else still needs it
 * (rights in another database, objects it owns): *DROPPED tells. */
static gboolean drop_role(vi_store *store, const char *q, gboolean *dropped, GError **err)
{
    if (!pg_do(store, "SAVEPOINT vinfra_drop_role", 0, NULL, NULL, err))
        return FALSE;
    char *sql = g_strdup_printf("DROP ROLE %s", q);
    PGresult *r = PQexec(pg(store)->conn, sql);
    g_free(sql);
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    *dropped = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!*dropped && !(state && strcmp(state, "2BP01") == 0)) /* dependent_objects_still_exist */
        return pg_fail_result(store, r, err, _("cannot drop the login role"));
    PQclear(r);
    return pg_do(store,
                 *dropped ? "RELEASE SAVEPOINT vinfra_drop_role"
                          : "ROLLBACK TO SAVEPOINT vinfra_drop_role",
                 0, NULL, NULL, err);
}

gboolean pg_user_remove(vi_store *store, const char *name, gboolean *dropped, GError **err)
{
    *dropped = FALSE;
    PGresult *r = NULL;
    if (pg_roles_installed(store) &&
        !(r = pg_run(store,
                     "SELECT created_role, current_database(), current_schema() FROM"
                     " vinfra_users WHERE name = $1",
                     1, &name, _("cannot read the database's users"), err)))
        return FALSE;
    if (!r || PQntuples(r) == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("no user \"%s\" in '%s' ('vinfra users list' shows them)"), name,
                    store->path);
        PQclear(r);
        return FALSE;
    }
    if (strcmp(name, pg(store)->roles->name) == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot remove user \"%s\" from '%s': it is the role this command runs as"),
                    name, store->path);
        PQclear(r);
        return FALSE;
    }
    gboolean created = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    char *q = quoted(store, name);
    GString *sql = g_string_new(NULL);
    GPtrArray *tables = g_ptr_array_new_with_free_func(g_free);
    gboolean ok = user_tables(store, tables, err);
    for (guint i = 0; ok && i < tables->len; i++)
        g_string_append_printf(sql, "REVOKE ALL ON %s FROM %s;", (char *)tables->pdata[i], q);
    g_string_append_printf(sql,
                           "REVOKE ALL ON SEQUENCE exports_id_seq, vinfra_fid, change_log_seq"
                           " FROM %s;"
                           "REVOKE ALL ON FUNCTION vinfra_table_digest(text),"
                           " vinfra_last_change(text, text) FROM %s;",
                           q, q);
    if (created) {
        /* What 'users add' may have granted besides: a role it made has
         * no other rights here. */
        char *db = quoted(store, PQgetvalue(r, 0, 1)), *schema = quoted(store, PQgetvalue(r, 0, 2));
        g_string_append_printf(sql,
                               "REVOKE ALL ON DATABASE %s FROM %s;"
                               "REVOKE ALL ON SCHEMA %s FROM %s;",
                               db, q, schema, q);
        g_free(db);
        g_free(schema);
    }
    PQclear(r);
    ok = ok && pg_script(store, sql->str, _("cannot remove the user"), err) &&
         pg_do(store, "DELETE FROM vinfra_users WHERE name = $1", 1, &name,
               _("cannot remove the user"), err) &&
         (!created || drop_role(store, q, dropped, err));
    g_ptr_array_free(tables, TRUE);
    g_string_free(sql, TRUE);
    g_free(q);
    return ok;
}
