/*
 * cmd-import.c - vinfra import (being written; see the issue tracker).
 */
#include "cmd.h"
#include "msg.h"

int cmd_import(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    errorf("import: not available in this build");
    return 1;
}
