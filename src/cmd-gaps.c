/*
 * cmd-gaps.c - vinfra gaps (being written; see the issue tracker).
 */
#include "cmd.h"
#include "msg.h"

int cmd_gaps(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    errorf("gaps: not available in this build");
    return 1;
}
