/*
 * number.c - strict decimal numbers (number.h).
 */
#include "number.h"

#include <errno.h>
#include <math.h>

/* The length of the run of digits at S. */
static size_t digits(const char *s)
{
    size_t n = 0;
    while (g_ascii_isdigit(s[n]))
        n++;
    return n;
}

/* The length of the decimal number at the start of S ([sign] digits [. digits]
 * [e [sign] digits]), or 0 when S does not start with one. */
static size_t decimal_length(const char *s, gboolean fraction)
{
    size_t at = (*s == '-' || *s == '+') ? 1 : 0;
    size_t whole = digits(s + at);
    at += whole;
    size_t part = 0;
    if (fraction && s[at] == '.') {
        part = digits(s + at + 1);
        at += 1 + part;
    }
    if (whole + part == 0)
        return 0;
    if (fraction && (s[at] == 'e' || s[at] == 'E')) {
        size_t e = at + 1 + ((s[at + 1] == '-' || s[at + 1] == '+') ? 1 : 0);
        size_t n = digits(s + e);
        if (n == 0)
            return 0;
        at = e + n;
    }
    return at;
}

/* The length of S when all of S is one decimal number, else 0; clears errno
 * for the conversion that follows. */
static size_t whole_decimal(const char *s, gboolean fraction)
{
    size_t n = s ? decimal_length(s, fraction) : 0;
    errno = 0;
    return n > 0 && s[n] == '\0' ? n : 0;
}

gboolean vi_parse_real(const char *s, double *out)
{
    size_t n = whole_decimal(s, TRUE);
    char *end = NULL;
    double v = n ? g_ascii_strtod(s, &end) : 0; /* the C locale's point, whatever LC_NUMERIC says */
    if (!n || end != s + n || errno == ERANGE || !isfinite(v))
        return FALSE;
    *out = v;
    return TRUE;
}

gboolean vi_parse_int(const char *s, gint64 *out)
{
    size_t n = whole_decimal(s, FALSE);
    char *end = NULL;
    gint64 v = n ? g_ascii_strtoll(s, &end, 10) : 0;
    if (!n || end != s + n || errno)
        return FALSE;
    *out = v;
    return TRUE;
}
