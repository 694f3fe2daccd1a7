/*
 * msg.c - prefixed messages and a terminal progress line.
 */
#include "msg.h"
#include "i18n.h"
#include "vi-error.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static gboolean quiet_flag;
static gint64 progress_start_us;
static gboolean progress_drawn;

void msg_set_quiet(gboolean quiet)
{
    quiet_flag = quiet;
}

gboolean msg_quiet(void)
{
    return quiet_flag;
}

static void vprint(const char *prefix, const char *fmt, va_list ap)
{
    progress_end();
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint(_("vinfra: error: "), fmt, ap);
    va_end(ap);
}

void warnf(const char *fmt, ...)
{
    if (quiet_flag)
        return;
    va_list ap;
    va_start(ap, fmt);
    vprint(_("vinfra: warning: "), fmt, ap);
    va_end(ap);
}

void infof(const char *fmt, ...)
{
    if (quiet_flag)
        return;
    va_list ap;
    va_start(ap, fmt);
    vprint("", fmt, ap);
    va_end(ap);
}

gboolean progress_shown(void)
{
    return !quiet_flag && isatty(STDERR_FILENO);
}

void progress_update(const char *what, gint64 done, gint64 total)
{
    if (!progress_shown())
        return;
    gint64 now = g_get_monotonic_time();
    if (progress_start_us == 0)
        progress_start_us = now;
    if (now - progress_start_us < G_USEC_PER_SEC)
        return;
    if (total > 0)
        fprintf(stderr, "\r%s: %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " (%d%%)\033[K", what, done,
                total, (int)(100 * done / total));
    else
        fprintf(stderr, "\r%s: %" G_GINT64_FORMAT "\033[K", what, done);
    progress_drawn = TRUE;
}

void progress_end(void)
{
    if (progress_drawn)
        fputs("\r\033[K", stderr);
    progress_drawn = FALSE;
    progress_start_us = 0;
}

int msg_report(const char *cmd, GError **err)
{
    int rc = g_error_matches(*err, VI_ERROR, VI_ERROR_USAGE) ? 2 : 1;
    if (*err && cmd)
        errorf(_("%s: %s"), cmd, (*err)->message);
    else if (*err)
        errorf("%s", (*err)->message);
    g_clear_error(err);
    return rc;
}

int msg_fail(GError *err)
{
    if (err) {
        errorf("%s", err->message);
        g_error_free(err);
    }
    return 1;
}
