/*
 * stale-work.h - work files and folders that a killed process left behind.
 *
 * A command that builds its output under a temporary name beside the target
 * (PREFIX followed by mkstemp's or mkdtemp's 6 characters) keeps that file
 * or folder open and flock()ed while it lives.  A kill -9 releases the lock
 * but leaves the file; the next run of a command writing into the same
 * folder removes every such entry that no process holds locked.  Only what
 * is provably a work entry goes: the exact name form, not a link, and for a
 * folder the marker file its creator put in it first (or nothing at all).
 */
#ifndef VINFRA_STALE_WORK_H
#define VINFRA_STALE_WORK_H

#include <glib.h>

/* Remove the unlocked work entries PREFIXxxxxxx of DIR: regular files, and
 * folders holding MARKER (with all they hold) or nothing; MARKER NULL:
 * files only. */
void stale_work_sweep(const char *dir, const char *prefix, const char *marker);

/* Lock the work entry open as FD for as long as FD stays open; FALSE when
 * it cannot be locked or a sweeper removed it before it was. */
gboolean stale_work_lock(int fd);

#endif
