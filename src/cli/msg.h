/*
 * msg.h - every message vinfra prints to a person goes through here, with a
 * fixed prefix, honouring --quiet (curl's tool_msgs.c is the model).
 * Only command files and main.c call these; library modules return GErrors.
 */
#ifndef VINFRA_MSG_H
#define VINFRA_MSG_H

#include <glib.h>

void msg_set_quiet(gboolean quiet);
gboolean msg_quiet(void);

/* "vinfra: error: ..." on stderr, always printed. */
void errorf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* "vinfra: warning: ..." on stderr, silenced by --quiet. */
void warnf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* A plain informational line on stderr, silenced by --quiet. */
void infof(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Progress on stderr, only when stderr is a terminal and not --quiet, and only
 * once the work has taken more than a second.  DONE of TOTAL (TOTAL 0: unknown). */
void progress_update(const char *what, gint64 done, gint64 total);
/* Clear the progress line, if one was drawn. */
void progress_end(void);
/* Whether progress is drawn at all (stderr a terminal, not --quiet): a
 * command asks before it counts what the progress needs. */
gboolean progress_shown(void);

/* Print ERR (if set) as an error, free it, and return exit code 1. */
int msg_fail(GError *err);
/* Print *ERR as an error, after "CMD: " when CMD is not NULL, clear it,
 * and return the exit code it calls for: 2 for a usage error
 * (VI_ERROR_USAGE), else 1.  The one place that maps errors to exit codes. */
int msg_report(const char *cmd, GError **err);

#endif
