/*
 * cmd-plan.c - vinfra plan (being written; see the issue tracker).
 */
#include "cmd.h"
#include "msg.h"

int cmd_plan(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    errorf("plan: not available in this build");
    return 1;
}
