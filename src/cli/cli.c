/*
 * cli.c - option parsing and setup shared by every subcommand.
 */
#include "cli.h"
#include "sync.h"
#include "feature-check.h"
#include "i18n.h"
#include "msg.h"
#include "number.h"
#include "vi-error.h"
#include "vinfra-config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

vi_cli_common cli_common;

static const GOptionEntry common_entries[] = {
    {"db", 0, 0, G_OPTION_ARG_FILENAME, &cli_common.db,
     N_("database file (default: $VINFRA_DB, else ./vinfra.sqlite)"), N_("PATH")},
    {"lang", 0, 0, G_OPTION_ARG_STRING, &cli_common.lang,
     N_("language of messages, reports and labels: zh (default) or en (also $VINFRA_LANG)"),
     N_("LANG")},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &cli_common.quiet, N_("no progress or warnings"), NULL},
    {NULL}};

/* GOption's translation of summaries, descriptions and option help: the
 * catalogue's, by dgettext (see i18n.h for why not g_dgettext). */
static const char *translate_help(const char *text, gpointer data)
{
    (void)data;
    return _(text);
}

gboolean cli_parse(const char *name, const char *params, const char *summary,
                   const char *description, const GOptionEntry *entries, int *argc, char ***argv)
{
    GOptionContext *ctx = g_option_context_new(params);
    g_option_context_set_translate_func(ctx, translate_help, NULL, NULL);
    g_option_context_set_summary(ctx, summary);
    if (description)
        g_option_context_set_description(ctx, description);
    g_option_context_set_help_enabled(ctx, TRUE);
    if (entries)
        g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, common_entries, NULL);

    GError *err = NULL;
    gboolean ok = g_option_context_parse(ctx, argc, argv, &err);
    if (!ok) {
        errorf(_("%s: %s (see 'vinfra %s --help')"), name, err->message, name);
        g_error_free(err);
    }
    g_option_context_free(ctx);
    if (!ok)
        return FALSE;
    msg_set_quiet(cli_common.quiet);
    /* main.c chose the language from the same options (and $VINFRA_LANG)
     * before they were parsed, so that --help is in it too. */
    cli_common.language = vi_i18n_language();
    if (cli_common.lang && !vi_i18n_parse_language(cli_common.lang, &cli_common.language)) {
        errorf(_("%s: --lang: expected zh or en, got \"%s\""), name, cli_common.lang);
        return FALSE;
    }
    vi_i18n_set_language(cli_common.language);
    return TRUE;
}

const char *cli_datadir(void)
{
    static char *dir;
    if (dir)
        return dir;
    const char *env = getenv("VINFRA_DATADIR");
    if (env && *env)
        return dir = g_strdup(env);
    /* A binary inside the build tree uses the source tree's data/, so edits to
     * data files take effect without reinstalling. */
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *probe = g_build_filename(VINFRA_SOURCE_DATADIR, "layers.tsv", NULL);
    gboolean in_build = exe && g_str_has_prefix(exe, VINFRA_BUILD_ROOT "/") &&
                        g_file_test(probe, G_FILE_TEST_EXISTS);
    g_free(probe);
    g_free(exe);
    return dir = g_strdup(in_build ? VINFRA_SOURCE_DATADIR : VINFRA_INSTALL_DATADIR);
}

const char *cli_mapsdir(void)
{
    static char *dir;
    if (dir)
        return dir;
    const char *env = getenv("VINFRA_MAPSDIR");
    if (env && *env)
        return dir = g_strdup(env);
    dir = g_build_filename(cli_datadir(), "maps", NULL);
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        char *parent = g_path_get_dirname(cli_datadir());
        g_free(dir);
        dir = g_build_filename(parent, "maps", NULL);
        g_free(parent);
    }
    return dir;
}

vi_registry *cli_registry(void)
{
    GError *err = NULL;
    vi_registry *reg = registry_load(cli_datadir(), &err);
    /* A data directory that is not there means a moved or partial install:
     * say how to point at one. */
    if (!reg && g_error_matches(err, VI_ERROR, VI_ERROR_IO) &&
        !g_file_test(cli_datadir(), G_FILE_TEST_IS_DIR))
        g_prefix_error(&err,
                       _("no data directory at '%s' (set VINFRA_DATADIR to vinfra's data/): "),
                       cli_datadir());
    if (!reg)
        msg_fail(err);
    return reg;
}

vi_store *cli_open_store(const vi_registry *reg, gboolean readonly)
{
    GError *err = NULL;
    const char *path = store_default_path(cli_common.db);
    if (!store_check_access(path, readonly, &err)) {
        msg_fail(err);
        return NULL;
    }
    vi_store *store = store_open(path, reg, readonly, &err);
    if (!store)
        msg_fail(err);
    return store;
}

gboolean cli_open_copy(const vi_registry *reg, const char *name, const char *server_name,
                       gboolean server_readonly, vi_store **copy, vi_store **server, int *rc)
{
    GError *err = NULL;
    *server = NULL;
    *rc = 1;
    *copy = cli_open_store(reg, FALSE);
    if (!*copy)
        return FALSE;
    char *from = server_name ? g_strdup(server_name) : sync_server_of(*copy, &err);
    if (from)
        *server = store_open(from, reg, server_readonly, &err);
    g_free(from);
    if (!*server) {
        *rc = msg_report(name, &err);
        store_close(*copy);
        *copy = NULL;
        return FALSE;
    }
    return TRUE;
}

gboolean cli_parse_metres(const char *text, double *out)
{
    double v;
    if (!vi_parse_real(text, &v) || v <= 0)
        return FALSE;
    *out = v;
    return TRUE;
}

gboolean cli_metres(const char *name, const char *option, const char *text, double *out)
{
    *out = NAN;
    if (!text)
        return TRUE;
    if (cli_parse_metres(text, out))
        return TRUE;
    errorf(_("%s: %s: expected metres above 0, got %s"), name, option, text);
    return FALSE;
}

int cli_year_max(void)
{
    GDateTime *now = g_date_time_new_now_utc();
    int year = g_date_time_get_year(now);
    g_date_time_unref(now);
    return year;
}

gboolean cli_year(const char *name, const char *option, const char *text, int *year)
{
    *year = 0;
    if (!text)
        return TRUE;
    int max = cli_year_max();
    gboolean digits = strlen(text) == 4;
    for (int i = 0; digits && i < 4; i++)
        digits = g_ascii_isdigit(text[i]);
    int y = digits ? (int)g_ascii_strtoll(text, NULL, 10) : 0;
    if (!digits || y < VI_YEAR_MIN || y > max) {
        errorf(_("%s: %s: expected a year from %d to %d, got \"%s\""), name, option, VI_YEAR_MIN,
               max, text);
        return FALSE;
    }
    *year = y;
    return TRUE;
}

gboolean cli_format(const char *name, const char *const *allowed, vi_format *out)
{
    static const char *const names[] = {"table", "csv", "json", "md", "geojson", NULL};
    if (!name)
        name = "table";
    for (int i = 0; allowed[i]; i++) {
        if (strcmp(allowed[i], name) != 0)
            continue;
        for (int k = 0; names[k]; k++)
            if (strcmp(names[k], name) == 0) {
                *out = (vi_format)k;
                return TRUE;
            }
    }
    char *list = g_strjoinv(_(", "), (char **)allowed);
    errorf(_("--format: expected one of %s, got \"%s\""), list, name);
    g_free(list);
    return FALSE;
}

const char *cli_layer_name(const vi_registry *reg, const char *layer)
{
    const vi_layer *l = layer ? registry_layer(reg, layer) : NULL;
    if (!l)
        return layer && strcmp(layer, VI_LEDGER_TABLE) == 0 ? _("projects") : layer;
    return vi_i18n_language() == VI_LANG_EN ? l->name_en : l->name_zh;
}

char *cli_layers_name(const vi_registry *reg, const char *layers)
{
    if (!layers)
        return NULL;
    char **names = g_strsplit(layers, ",", -1);
    GString *s = g_string_new(NULL);
    for (int i = 0; names[i]; i++)
        g_string_append_printf(s, "%s%s", i ? _(", ") : "", cli_layer_name(reg, names[i]));
    g_strfreev(names);
    return g_string_free(s, FALSE);
}

char *cli_layer_keys(const vi_registry *reg)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < registry_layer_count(reg); i++)
        g_string_append_printf(s, "%s%s", i ? _(", ") : "", registry_layer_at(reg, i)->name);
    return g_string_free(s, FALSE);
}

const vi_layer *cli_layer(const vi_registry *reg, const char *cmd, const char *name)
{
    const vi_layer *layer = registry_layer(reg, name);
    if (!layer) {
        char *names = cli_layer_keys(reg);
        errorf(_("%s: no layer \"%s\" (layers: %s)"), cmd, name, names);
        g_free(names);
    }
    return layer;
}
