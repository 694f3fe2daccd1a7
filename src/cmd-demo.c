/*
 * cmd-demo.c - vinfra demo (being written; see the issue tracker).
 */
#include "cmd.h"
#include "msg.h"

int cmd_demo(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    errorf("demo: not available in this build");
    return 1;
}
