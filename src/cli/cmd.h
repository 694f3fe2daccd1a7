/*
 * cmd.h - the checklist for adding a subcommand: write src/cmd-<name>.c
 * exporting cmd_<name>(), declare it here, add a row to commands[] in main.c
 * and the file to src/meson.build.  A command returns its exit code:
 * 0 success, 1 failure (error already printed), 2 usage error.
 */
#ifndef VINFRA_CMD_H
#define VINFRA_CMD_H

int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_impact(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_layers(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_gaps(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_undo(int argc, char **argv);
int cmd_checkout(int argc, char **argv);
int cmd_push(int argc, char **argv);
int cmd_pull(int argc, char **argv);
int cmd_conflicts(int argc, char **argv);
int cmd_resolve(int argc, char **argv);
int cmd_edit(int argc, char **argv);
int cmd_delete(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_atlas(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_photos(int argc, char **argv);
int cmd_users(int argc, char **argv);

#endif
