/*
 * cmd-coverage.c - vinfra coverage (being written; see the issue tracker).
 */
#include "cmd.h"
#include "msg.h"

int cmd_coverage(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    errorf("coverage: not available in this build");
    return 1;
}
