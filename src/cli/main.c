/*
 * main.c - the vinfra command dispatcher: one table lists every subcommand.
 *
 * It is built twice.  vinfra-gdal (VINFRA_WITH_GDAL) runs every command.
 * vinfra, the one people run, is linked without GDAL, whose hundred shared
 * libraries take more time to load than a county's coverage takes to
 * compute; a command that reads GIS files or a DEM (the gdal column of
 * commands[]) it hands over to vinfra-gdal with the same arguments.
 */
#include "cmd.h"
#include "i18n.h"
#include "msg.h"
#include "store.h"
#include "vinfra-config.h"

#if VINFRA_WITH_GDAL
#include <cpl_conv.h>
#include <gdal.h>
#else
#include <errno.h>
#include <unistd.h>
#endif
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* When a command needs GDAL. */
typedef enum { GDAL_NEVER, GDAL_ALWAYS, GDAL_WITH_DEM } vi_gdal_need;

typedef struct {
    const char *name;
    int (*fn)(int argc, char **argv); /* NULL where GDAL_ALWAYS and built without GDAL */
    const char *summary;
    vi_gdal_need gdal;
} vi_command;

#if VINFRA_WITH_GDAL
#define WITH_GDAL(fn) fn
#else
#define WITH_GDAL(fn) NULL
#endif

/* Commands are listed in the order a new user meets them. */
static const vi_command commands[] = {
    {"init", cmd_init, N_("create an empty database"), GDAL_NEVER},
    {"import", WITH_GDAL(cmd_import), N_("import a GIS file (or a project ledger) into a layer"),
     GDAL_ALWAYS},
    {"stats", cmd_stats, N_("lengths, counts and money per village and in total"), GDAL_NEVER},
    {"coverage", cmd_coverage, N_("who is served by clinics, water, signal, lights, roads"),
     GDAL_WITH_DEM},
    {"gaps", cmd_gaps, N_("unserved households grouped into hamlets"), GDAL_WITH_DEM},
    {"impact", cmd_impact, N_("what the programme changed, year by year: works, money, coverage"),
     GDAL_NEVER},
    {"plan", cmd_plan, N_("propose new sites that serve the most unserved people"), GDAL_WITH_DEM},
    {"render", WITH_GDAL(cmd_render),
     N_("draw a village, coverage, gaps or overview map (PDF/PNG/SVG)"), GDAL_ALWAYS},
    {"atlas", WITH_GDAL(cmd_atlas),
     N_("write the meeting booklet: cover, overview, charts, village maps"), GDAL_ALWAYS},
    {"export", WITH_GDAL(cmd_export),
     N_("write a county bureau's package: shapefiles, DXF, KML..."), GDAL_ALWAYS},
    {"attach", WITH_GDAL(cmd_attach), N_("attach geotagged photos to the nearest features"),
     GDAL_ALWAYS},
    {"photos", cmd_photos, N_("list the photos kept as evidence"), GDAL_NEVER},
    {"edit", cmd_edit, N_("correct fields of one feature"), GDAL_NEVER},
    {"delete", cmd_delete, N_("delete one feature"), GDAL_NEVER},
    {"history", cmd_history, N_("every change made to the database: who, when, what"), GDAL_NEVER},
    {"undo", cmd_undo, N_("take back one change exactly"), GDAL_NEVER},
    {"checkout", cmd_checkout, N_("take a village's offline copy from a server database"),
     GDAL_NEVER},
    {"push", cmd_push, N_("send a village copy's changes to the server"), GDAL_NEVER},
    {"pull", cmd_pull, N_("bring the server's changes into a village copy"), GDAL_NEVER},
    {"conflicts", cmd_conflicts, N_("list a village copy's open conflicts with the server"),
     GDAL_NEVER},
    {"resolve", cmd_resolve, N_("settle a village copy's conflicts"), GDAL_NEVER},
    {"check", cmd_check, N_("check the database (integrity, spatial indexes, registry rules)"),
     GDAL_NEVER},
    {"backup", cmd_backup, N_("copy the database safely (SQLite's backup API)"), GDAL_NEVER},
    {"users", cmd_users, N_("add, list or remove the users of a server database"), GDAL_NEVER},
    {"layers", cmd_layers, N_("list the layers of the registry"), GDAL_NEVER},
    {"demo", WITH_GDAL(cmd_demo), N_("build the bundled demo database and print its statistics"),
     GDAL_ALWAYS},
};

static void usage(FILE *out)
{
    fprintf(out, "%s\n\n%s\n\n%s\n", _("Usage: vinfra COMMAND [OPTIONS]"),
            _("Keeps a district's village infrastructure on a map."), _("Commands:"));
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(out, "\n%s\n",
            _("Run 'vinfra COMMAND --help' for the options of a command.\n"
              "Every command accepts --lang zh|en and --quiet; those that work on a\n"
              "database (all but layers and demo) take --db PATH (default $VINFRA_DB,\n"
              "else ./vinfra.sqlite).  VINFRA_LANG=en chooses English as --lang en does."));
}

/* The language of messages, chosen before options are parsed so that
 * --help and option errors are in it too: the last --lang of ARGV, else
 * $VINFRA_LANG, else Chinese.  A value naming no language is left for
 * cli_parse() (or, in $VINFRA_LANG, reported here) to refuse. */
static gboolean choose_language(int argc, char **argv)
{
    vi_lang lang = VI_LANG_ZH;
    const char *env = getenv("VINFRA_LANG");
    gboolean env_ok = !env || !*env || vi_i18n_parse_language(env, &lang);
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *value = NULL;
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            value = argv[i + 1];
        else if (g_str_has_prefix(argv[i], "--lang="))
            value = argv[i] + strlen("--lang=");
        if (value && vi_i18n_parse_language(value, &lang))
            env_ok = TRUE;
    }
    vi_i18n_set_language(lang);
    if (!env_ok) {
        errorf(_("VINFRA_LANG: expected zh or en, got \"%s\""), env);
        return FALSE;
    }
    return TRUE;
}

/* Coverage allocates arrays of every household for each measure, on
 * several threads.  By default glibc maps each such array on its own and
 * unmaps it when freed, which costs a page fault per 4 KiB on every reuse
 * and, with threads running, a TLB flush on every processor at every
 * unmapping: in a virtual machine, a tenth of a county run.  Kept in the
 * heap and not trimmed, freed memory is simply reused. */
static void tune_malloc(void)
{
#ifdef M_MMAP_THRESHOLD
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}

#if !VINFRA_WITH_GDAL
/* Does command C, run with ARGV, need GDAL?  --dem may come as "--dem FILE"
 * or "--dem=FILE"; a false alarm only costs the start-up of vinfra-gdal. */
static gboolean needs_gdal(const vi_command *c, int argc, char **argv)
{
    if (c->gdal != GDAL_WITH_DEM)
        return c->gdal == GDAL_ALWAYS;
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--dem") == 0 || g_str_has_prefix(argv[i], "--dem="))
            return TRUE;
    return FALSE;
}

/* Run ARGV with vinfra-gdal: next to this program in the build tree, else
 * where it is installed.  Returns only on failure. */
static int run_with_gdal(char **argv)
{
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *dir = exe ? g_path_get_dirname(exe) : NULL;
    char *path = dir ? g_build_filename(dir, "vinfra-gdal", NULL) : NULL;
    if (!path || !g_file_test(path, G_FILE_TEST_IS_EXECUTABLE)) {
        g_free(path);
        path = g_build_filename(VINFRA_LIBEXECDIR, "vinfra-gdal", NULL);
    }
    char *name = argv[0];
    argv[0] = path;
    /* A "--lang en" before the command was taken off ARGV: pass the choice on. */
    setenv("VINFRA_LANG", vi_i18n_language() == VI_LANG_EN ? "en" : "zh", 1);
    execv(path, argv);
    argv[0] = name;
    errorf(_("%s: cannot run '%s': %s"), argv[1], path, g_strerror(errno));
    g_free(path);
    g_free(dir);
    g_free(exe);
    return 1;
}
#endif

int main(int argc, char **argv)
{
    tune_malloc();
    setlocale(LC_ALL, "");
    /* Numbers are written and parsed with '.', whatever the user's locale. */
    setlocale(LC_NUMERIC, "C");
    vi_i18n_init();
    if (!choose_language(argc, argv))
        return 2;
    /* "vinfra --lang en [COMMAND ...]": the language before the command. */
    while (argc >= 2 && (strcmp(argv[1], "--lang") == 0 || g_str_has_prefix(argv[1], "--lang="))) {
        int used = strcmp(argv[1], "--lang") == 0 ? 2 : 1;
        if (argc < 1 + used)
            break;
        argv[used] = argv[0];
        argv += used;
        argc -= used;
    }
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("vinfra %s\n", VINFRA_VERSION);
        return 0;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
#if !VINFRA_WITH_GDAL
            if (needs_gdal(&commands[i], argc, argv))
                return run_with_gdal(argv);
#endif
            store_set_invocation(argc, argv);
            char *prgname = g_strdup_printf("vinfra %s", commands[i].name);
            g_set_prgname(prgname);
            g_free(prgname);
#if VINFRA_WITH_GDAL
            CPLSetConfigOption("CPL_LOG", "/dev/null");
#endif
            int rc = commands[i].fn(argc - 1, argv + 1);
#if VINFRA_WITH_GDAL
            GDALDestroyDriverManager();
#endif
            return rc;
        }
    }
    errorf(_("unknown command '%s' (see 'vinfra --help')"), argv[1]);
    return 2;
}
