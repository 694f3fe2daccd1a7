/*
 * number.h - the one parser of numbers that people type or import: plain
 * decimals only.  The C library's strtod() also reads hexadecimal ("0x10" is
 * 16), "inf", "nan", a bare exponent ("1e" is 1), leading spaces and, with
 * a locale, a decimal comma; every one of those is a typo or a broken file
 * in a width, a funding amount or a threshold, so they are refused here and
 * the caller names the field and the value.
 */
#ifndef VINFRA_NUMBER_H
#define VINFRA_NUMBER_H

#include <glib.h>

/* S as a finite real: an optional sign, digits with an optional decimal
 * point (at least one digit), and an optional exponent of digits ("4.5",
 * "-0.25", ".5", "1e3", "2.5E-2").  Nothing before or after. */
gboolean vi_parse_real(const char *s, double *out);

/* S as a whole number: an optional sign and decimal digits, within gint64. */
gboolean vi_parse_int(const char *s, gint64 *out);

#endif
