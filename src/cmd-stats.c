/*
 * cmd-stats.c - vinfra stats (being written; see the issue tracker).
 */
#include "cmd.h"
#include "msg.h"

int cmd_stats(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    errorf("stats: not available in this build");
    return 1;
}
