/*
 * cmd-check.c - vinfra check: is the database sound?  The store's checks
 * (the engine's integrity check, the spatial indexes, the registry's rules),
 * read-only, through store.h whichever backend holds the database.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"

#include <inttypes.h>
#include <stdio.h>

static void print_problem(const char *problem, void *user)
{
    (void)user;
    printf("%s\n", problem);
}

int cmd_check(int argc, char **argv)
{
    if (!cli_parse(
            "check", "", N_("Check the database without changing it."),
            N_("Runs SQLite's integrity and foreign key checks, SpatiaLite's check of\n"
               "every layer's spatial index, and the registry's rules on every row:\n"
               "allowed statuses and values, types, required fields, years, villages and\n"
               "projects that exist, geometry type, SRID and validity.  Lists each problem\n"
               "on a line and prints the content checksum (as 'vinfra history' records it).\n"
               "Exit status 0 when clean, 1 when there are problems.\n\n"
               "Example:\n  vinfra check --db lantian.sqlite\n"),
            NULL, &argc, &argv))
        return 2;
    if (argc > 1) {
        errorf(_("check: unexpected argument '%s'"), argv[1]);
        return 2;
    }
    vi_registry *reg = cli_registry();
    if (!reg)
        return 1;
    vi_store *store = cli_open_store(reg, TRUE);
    GError *err = NULL;
    gint64 problems = 0;
    char *checksum = NULL;
    int rc = 1;
    if (store && (!store_check(store, print_problem, NULL, &problems, &err) ||
                  !(checksum = store_checksum(store, &err)))) {
        msg_fail(err);
    } else if (store) {
        printf(_("content checksum: %s\n"), checksum);
        if (problems)
            printf(NG_("'%s': %" PRId64 " problem found\n", "'%s': %" PRId64 " problems found\n",
                       problems),
                   store_path(store), problems);
        else
            printf(_("'%s': no problems found\n"), store_path(store));
        rc = problems ? 1 : 0;
    }
    g_free(checksum);
    store_close(store);
    registry_free(reg);
    return rc;
}
