/*
 * main.c - the vinfra command dispatcher: one table lists every subcommand.
 */
#include "cmd.h"
#include "msg.h"
#include "vinfra-config.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} vi_command;

/* Commands are listed in the order a new user meets them. */
static const vi_command commands[] = {
    {"init", cmd_init, "create an empty database"},
    {"import", cmd_import, "import a GIS file (or a project ledger) into a layer"},
    {"stats", cmd_stats, "lengths, counts and money per village and in total"},
    {"coverage", cmd_coverage, "who is served by clinics, water, signal, lights, roads"},
    {"gaps", cmd_gaps, "unserved households grouped into hamlets"},
    {"plan", cmd_plan, "propose new sites that serve the most unserved people"},
    {"layers", cmd_layers, "list the layers of the registry"},
    {"demo", cmd_demo, "build the bundled demo database and print its statistics"},
};

static void usage(FILE *out)
{
    fprintf(out, "Usage: vinfra COMMAND [OPTIONS]\n\n"
                 "Keeps a district's village infrastructure on a map.\n\nCommands:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nRun 'vinfra COMMAND --help' for the options of a command.\n"
                 "Every command accepts --db PATH (default $VINFRA_DB, else ./vinfra.sqlite),\n"
                 "--lang zh|en and --quiet.\n");
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    /* Numbers are written and parsed with '.', whatever the user's locale. */
    setlocale(LC_NUMERIC, "C");
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
            char *prgname = g_strdup_printf("vinfra %s", commands[i].name);
            g_set_prgname(prgname);
            g_free(prgname);
            CPLSetConfigOption("CPL_LOG", "/dev/null");
            int rc = commands[i].fn(argc - 1, argv + 1);
            GDALDestroyDriverManager();
            return rc;
        }
    }
    errorf("unknown command '%s' (see 'vinfra --help')", argv[1]);
    return 2;
}
