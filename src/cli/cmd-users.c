/*
 * cmd-users.c - vinfra users: who may do what on a server database.  add
 * makes a login role the office, a village's work team or a bureau; list
 * shows them; remove takes a user's rights away.  The server holds every
 * role to its rights (the store's policies and grants); adding and
 * removing are changes recorded in the history.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "report.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const description =
    N_("On a PostgreSQL database (--db postgresql://...) every person or team logs\n"
       "in as a role of its own, and the server holds each role to its rights:\n"
       "  office  reads and writes everything, personal fields included\n"
       "  team    reads every village's layers, writes only the features of its\n"
       "          village (--village), and reads no personal fields\n"
       "  bureau  reads only, no personal fields, and records what it exports\n"
       "\n"
       "'users add' creates the login role when there is none, without a password:\n"
       "it signs in through ~/.pgpass or the server's peer or trust authentication,\n"
       "as the office sets up the server (pg_hba.conf).  Run add and remove as the\n"
       "role that created the database.  'users remove' revokes the user's rights\n"
       "and drops a login role that 'users add' created, unless another database\n"
       "still uses it.  A SpatiaLite file has no users: whoever may open it may do\n"
       "everything.\n"
       "\n"
       "Examples:\n"
       "  vinfra users add team_shanglei --role team --village 上雷村\n"
       "  vinfra users add water_bureau --role bureau\n"
       "  vinfra users list\n"
       "  vinfra users remove water_bureau\n");

static const char *const roles[] = {"office", "team", "bureau", NULL};

/* A role's name in the user's language. */
static const char *role_name(const char *role)
{
    return strcmp(role, "office") == 0   ? _("office")
           : strcmp(role, "team") == 0   ? _("team")
           : strcmp(role, "bureau") == 0 ? _("bureau")
                                         : role;
}

/* "the work team of 上雷村", for messages and the history (caller frees). */
static char *role_phrase(const char *role, const char *village)
{
    return strcmp(role, "team") == 0     ? g_strdup_printf(_("the work team of %s"), village)
           : strcmp(role, "office") == 0 ? g_strdup(_("the office"))
                                         : g_strdup(_("a bureau"));
}

/* NAME as a login role vinfra makes: lowercase ASCII letters, digits and
 * _, starting with a letter (what psql and pg_hba.conf take unquoted), not
 * PostgreSQL's own pg_ names. */
static gboolean check_name(const char *cmd, const char *name)
{
    gboolean ok = g_ascii_islower(name[0]) && strlen(name) <= 63 && !g_str_has_prefix(name, "pg_");
    for (const char *p = name; ok && *p; p++)
        ok = g_ascii_islower(*p) || g_ascii_isdigit(*p) || *p == '_';
    if (!ok)
        errorf(_("%s: '%s' is no role name: expected lowercase ASCII letters, digits and _, "
                 "starting with a letter, at most 63 bytes, not starting with pg_"),
               cmd, name);
    return ok;
}

/* Run the change WHAT (add or remove NAME) in one recorded transaction. */
static int change_users(vi_store *store, const char *cmd, const char *name, const char *role,
                        const char *village)
{
    GError *err = NULL;
    gboolean adding = role != NULL, created = FALSE, dropped = FALSE;
    char *phrase = adding ? role_phrase(role, village) : NULL;
    char *detail = adding ? g_strdup_printf(_("added %s as %s"), name, phrase)
                          : g_strdup_printf(_("removed %s"), name);
    gboolean ok =
        store_begin(store, &err) &&
        (adding ? store_user_add(store, name, role, village, &created, &err)
                : store_user_remove(store, name, &dropped, &err)) &&
        store_history_record(store, &(vi_change){.action = "users", .detail = detail}, &err);
    gint64 change_id = store_change_id(store);
    ok = ok && store_commit(store, &err);
    int rc = 0;
    if (!ok) {
        store_rollback(store);
        rc = msg_report(cmd, &err);
    } else if (adding) {
        printf(_("added user %s to '%s' as %s (change %" PRId64 ")\n"), name, store_path(store),
               phrase, change_id);
        if (created)
            printf(_("created the login role %s without a password: it signs in through "
                     "~/.pgpass or the server's peer or trust authentication\n"),
                   name);
    } else {
        printf(_("removed user %s from '%s' (change %" PRId64 ")\n"), name, store_path(store),
               change_id);
        if (dropped)
            printf(_("dropped the login role %s\n"), name);
        else
            printf(_("kept the login role %s: 'vinfra users add' did not create it, or another "
                     "database still uses it\n"),
                   name);
    }
    g_free(phrase);
    g_free(detail);
    return rc;
}

typedef struct {
    vi_table *table;
    vi_json *json;
    gboolean csv;
} users_out;

static gboolean add_user(const vi_user *u, void *user, GError **err)
{
    (void)err;
    users_out *o = user;
    if (o->json) {
        vi_json *j = o->json;
        json_begin_object(j);
        json_key(j, "name"), json_string(j, u->name);
        json_key(j, "role"), json_string(j, u->role);
        json_key(j, "village"), json_string(j, u->village);
        json_key(j, "added_at"), json_string(j, u->added_at);
        json_key(j, "added_by"), json_string(j, u->added_by);
        json_key(j, "can_login"), json_bool(j, u->can_login);
        json_end_object(j);
        return TRUE;
    }
    report_row(o->table);
    report_text(o->table, u->name);
    report_text(o->table, o->csv ? u->role : role_name(u->role));
    report_text(o->table, u->village);
    report_text(o->table, u->added_at);
    report_text(o->table, u->added_by);
    report_text(o->table, o->csv         ? (u->can_login ? "yes" : "no")
                          : u->can_login ? _("yes")
                                         : _("no"));
    return TRUE;
}

static int list_users(vi_store *store, vi_format format)
{
    users_out o = {.csv = format == VI_FORMAT_CSV};
    vi_report *report = NULL;
    GString *text = g_string_new(NULL);
    if (format == VI_FORMAT_JSON) {
        o.json = json_new(text, NULL);
        json_begin_array(o.json);
    } else {
        static const char *const names[] = {N_("user"),     N_("role"),     N_("village"),
                                            N_("added at"), N_("added by"), N_("can log in")};
        static const char *const csv[] = {"name",     "role",     "village",
                                          "added_at", "added_by", "can_login"};
        const char *heads[G_N_ELEMENTS(names)];
        for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
            heads[i] = _(names[i]);
        report = report_new(o.csv ? NULL : _("Users"));
        o.table = report_add_table(report, NULL, G_N_ELEMENTS(heads), o.csv ? csv : heads);
    }
    GError *err = NULL;
    gboolean ok = store_user_list(store, add_user, &o, &err);
    if (o.json) {
        json_end_array(o.json);
        json_free(o.json);
    } else if (ok) {
        report_render(report, format, text);
    }
    if (ok)
        fputs(text->str, stdout);
    g_string_free(text, TRUE);
    report_free(report);
    return ok ? 0 : msg_report("users list", &err);
}

/* The arguments of SUB, checked; FALSE after printing a usage error. */
static gboolean check_args(const char *sub, int argc, char **argv, const char *role,
                           const char *village, const char *format)
{
    gboolean add = strcmp(sub, "add") == 0, list = strcmp(sub, "list") == 0;
    char *cmd = g_strdup_printf("users %s", sub);
    gboolean ok = FALSE;
    if (!add && !list && strcmp(sub, "remove") != 0)
        errorf(_("users: expected add, list or remove, got '%s'"), sub);
    else if (list && argc > 2)
        errorf(_("%s: unexpected argument '%s'"), cmd, argv[2]);
    else if (!list && argc != 3)
        errorf(_("%s: expected one user NAME (see 'vinfra users --help')"), cmd);
    else if ((role || village) && !add)
        errorf(_("%s: --role and --village go with 'users add'"), cmd);
    else if (format && !list)
        errorf(_("%s: --format goes with 'users list'"), cmd);
    else if (!list && !check_name(cmd, argv[2]))
        ;
    else if (add && !role)
        errorf(_("%s: --role is required: office, team or bureau"), cmd);
    else if (add && !g_strv_contains(roles, role))
        errorf(_("%s: --role: expected office, team or bureau, got '%s'"), cmd, role);
    else if (add && strcmp(role, "team") == 0 && !village)
        errorf(_("%s: a team needs --village, the village it works in"), cmd);
    else if (add && strcmp(role, "team") != 0 && village)
        errorf(_("%s: --village goes with --role team only"), cmd);
    else
        ok = TRUE;
    g_free(cmd);
    return ok;
}

int cmd_users(int argc, char **argv)
{
    char *role = NULL, *village = NULL, *format_name = NULL;
    const GOptionEntry entries[] = {
        {"role", 0, 0, G_OPTION_ARG_STRING, &role,
         N_("add: what the user may do: office, team or bureau"), N_("ROLE")},
        {"village", 0, 0, G_OPTION_ARG_STRING, &village,
         N_("add: the village of a team (the only one it may write)"), N_("NAME")},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format_name,
         N_("list: table (default), csv or json"), N_("FORMAT")},
        {NULL}};
    int rc = 2;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    static const char *const formats[] = {"table", "csv", "json", NULL};
    vi_format format = VI_FORMAT_TABLE;
    if (!cli_parse("users",
                   N_("add NAME --role office|team|bureau [--village NAME] | list | remove NAME"),
                   N_("Add, list or remove the users of a server database."), description, entries,
                   &argc, &argv))
        goto out;
    if (argc < 2) {
        errorf(_("users: expected add, list or remove (see 'vinfra users --help')"));
        goto out;
    }
    const char *sub = argv[1];
    if (!check_args(sub, argc, argv, role, village, format_name) ||
        (format_name && !cli_format(format_name, formats, &format)))
        goto out;
    rc = 1;
    gboolean list = strcmp(sub, "list") == 0;
    if (!(reg = cli_registry()) || !(store = cli_open_store(reg, list)))
        goto out;
    rc = list ? list_users(store, format)
              : change_users(store, strcmp(sub, "add") == 0 ? "users add" : "users remove", argv[2],
                             strcmp(sub, "add") == 0 ? role : NULL, village);
out:
    store_close(store);
    registry_free(reg);
    g_free(role);
    g_free(village);
    g_free(format_name);
    return rc;
}
