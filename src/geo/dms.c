/*
 * dms.c - longitudes and latitudes in decimal degrees or degrees, minutes
 * and seconds (dms.h).
 *
 * The text is read character by character rather than by a pattern, so that
 * each refusal can say what was wrong: up to three numbers, each with an
 * optional mark (° º ˚ 度 for degrees, ' ′ ’ 分 for minutes, " ″ ” '' 秒
 * for seconds) or separated by colons or spaces, a part without a mark
 * taking the unit after the one before it.  Only the last part may have
 * decimals; minutes and seconds stay below 60.  The hemisphere comes as a
 * letter or a Chinese word (东经, 北纬, 东, ...) before or after the numbers,
 * or as a sign.
 */
#include "dms.h"
#include "i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { U_NONE, U_DEG, U_MIN, U_SEC };
/* TRANSLATORS: the units of an angle, as in "minutes after seconds". */
static const char *const unit_names[] = {"", N_("degrees"), N_("minutes"), N_("seconds")};

/* Unit U's name in the user's language. */
static const char *unit_name(int u)
{
    return *unit_names[u] ? _(unit_names[u]) : "";
}

typedef struct {
    double value;
    gboolean fraction;
    int unit;
    GString *text; /* the number as written, for messages */
} dms_part;

/* The unit a mark character stands for, or U_NONE. */
static int mark_unit(gunichar c)
{
    switch (c) {
    case 0x00B0: /* ° */
    case 0x00BA: /* º */
    case 0x02DA: /* ˚ */
    case 0x5EA6: /* 度 */
        return U_DEG;
    case '\'':
    case 0x2032: /* ′ */
    case 0x2019: /* ’ */
    case 0x2018: /* ‘ */
    case 0xFF07: /* ＇ */
    case 0x5206: /* 分 */
        return U_MIN;
    case '"':
    case 0x2033: /* ″ */
    case 0x201D: /* ” */
    case 0x201C: /* “ */
    case 0xFF02: /* ＂ */
    case 0x79D2: /* 秒 */
        return U_SEC;
    default:
        return U_NONE;
    }
}

/* Hemisphere words, longest first: 'E' east, 'W' west, 'N' north, 'S' south. */
static const struct {
    const char *word;
    char hemi;
} hemispheres[] = {
    {"东经", 'E'}, {"西经", 'W'}, {"北纬", 'N'}, {"南纬", 'S'}, {"东", 'E'}, {"西", 'W'},
    {"北", 'N'},   {"南", 'S'},   {"E", 'E'},    {"W", 'W'},    {"N", 'N'},  {"S", 'S'},
    {"e", 'E'},    {"w", 'W'},    {"n", 'N'},    {"s", 'S'},
};

/* The hemisphere word at the start of *P (advanced past it and spaces), or 0. */
static char hemisphere_prefix(const char **p)
{
    for (size_t i = 0; i < G_N_ELEMENTS(hemispheres); i++) {
        size_t n = strlen(hemispheres[i].word);
        /* A letter only before a number: "nan" is no north. */
        gboolean letter = n == 1;
        if (strncmp(*p, hemispheres[i].word, n) == 0 &&
            (!letter || g_ascii_isdigit((*p)[1]) || (*p)[1] == ' ')) {
            *p += n;
            while (g_unichar_isspace(g_utf8_get_char(*p)))
                *p = g_utf8_next_char(*p);
            return hemispheres[i].hemi;
        }
    }
    return 0;
}

/* The hemisphere word at the end of S (cut off with the spaces before it), or 0. */
static char hemisphere_suffix(GString *s)
{
    for (size_t i = 0; i < G_N_ELEMENTS(hemispheres); i++) {
        size_t n = strlen(hemispheres[i].word);
        gboolean letter = n == 1;
        if (s->len > n && strcmp(s->str + s->len - n, hemispheres[i].word) == 0 &&
            (!letter || !g_ascii_isalpha(s->str[s->len - n - 1]))) {
            g_string_truncate(s, s->len - n);
            while (s->len && g_ascii_isspace(s->str[s->len - 1]))
                g_string_truncate(s, s->len - 1);
            return hemispheres[i].hemi;
        }
    }
    return 0;
}

const char *dms_forms(vi_dms_axis axis)
{
    return axis == VI_DMS_LON
               ? _("decimal degrees (109.275) or degrees, minutes and seconds (109°16'30.5\", "
                   "109°16′30.5″E, E109°16'30.5\", 109度16分30.5秒, 109:16:30.5)")
               : _("decimal degrees (34.0085) or degrees, minutes and seconds (34°0'30.6\", "
                   "34°0′30.6″N, N34°0'30.6\", 34度0分30.6秒, 34:0:30.6)");
}

static void parts_clear(dms_part *parts, int n)
{
    for (int i = 0; i < n; i++)
        if (parts[i].text)
            g_string_free(parts[i].text, TRUE);
}

/* Read the numbers of BODY (no hemisphere left) into PARTS; FALSE with *WHY. */
static gboolean read_parts(const char *body, dms_part *parts, int *nparts, char **why)
{
    const char *p = body;
    int n = 0;
    *nparts = 0;
    while (*p) {
        while (g_unichar_isspace(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        if (!*p)
            break;
        if (n == 3) {
            *why = g_strdup_printf(
                _("more than three numbers (degrees, minutes, seconds) at \"%s\""), p);
            return FALSE;
        }
        dms_part *part = &parts[n++];
        *nparts = n;
        part->text = g_string_new(NULL);
        gboolean point = FALSE;
        for (;; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            int d = g_unichar_digit_value(c);
            if (d >= 0) {
                g_string_append_c(part->text, (char)('0' + d));
            } else if ((c == '.' || c == 0xFF0E) && !point) {
                point = TRUE;
                g_string_append_c(part->text, '.');
            } else {
                break;
            }
        }
        gunichar c = g_utf8_get_char(p);
        if (part->text->len == 0 || strcmp(part->text->str, ".") == 0) {
            if (c == ',' || c == 0xFF0C)
                *why = g_strdup(_("a comma where a number was expected"));
            else
                *why = g_strdup_printf(_("\"%.*s\" where a number was expected"),
                                       (int)(g_utf8_next_char(p) - p), p);
            return FALSE;
        }
        if ((c == ',' || c == 0xFF0C) && g_ascii_isdigit(p[1])) {
            *why = g_strdup(_("a decimal comma (write the number with a point)"));
            return FALSE;
        }
        part->value = g_ascii_strtod(part->text->str, NULL);
        part->fraction = point;
        /* exiftool writes 109 deg 16' 30.50" E. */
        const char *word = p;
        while (*word == ' ')
            word++;
        if (g_ascii_strncasecmp(word, "deg", 3) == 0 && !g_ascii_isalpha(word[3])) {
            p = word + 2; /* on the "g", passed below like a mark */
            c = 0x00B0;
        }
        int unit = mark_unit(c);
        if (unit != U_NONE) {
            p = g_utf8_next_char(p);
            /* Two minute marks (109°16'30'') are a seconds mark. */
            if (unit == U_MIN && mark_unit(g_utf8_get_char(p)) == U_MIN) {
                unit = U_SEC;
                p = g_utf8_next_char(p);
            }
            part->unit = unit;
        }
        while (g_unichar_isspace(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        c = g_utf8_get_char(p);
        if (c == ':' || c == 0xFF1A) {
            p = g_utf8_next_char(p);
            if (unit != U_NONE || !*p) {
                *why = g_strdup(_("a colon out of place"));
                return FALSE;
            }
        } else if (*p && g_unichar_digit_value(c) < 0 && unit == U_NONE) {
            *why = g_strdup_printf(_("\"%.*s\" after the number %s"),
                                   (int)(g_utf8_next_char(p) - p), p, part->text->str);
            return FALSE;
        }
    }
    if (n == 0) {
        *why = g_strdup(_("no number"));
        return FALSE;
    }
    return TRUE;
}

/* Give every part its unit and combine them into *DEGREES; FALSE with *WHY. */
static gboolean combine_parts(dms_part *parts, int n, double *degrees, char **why)
{
    int unit = U_NONE;
    for (int i = 0; i < n; i++) {
        if (parts[i].unit == U_NONE)
            parts[i].unit = unit + 1;
        if (parts[i].unit <= unit) {
            *why = g_strdup_printf(_("%s after %s"), unit_name(parts[i].unit), unit_name(unit));
            return FALSE;
        }
        if (parts[i].unit > U_SEC) {
            *why = g_strdup(_("more numbers than degrees, minutes and seconds"));
            return FALSE;
        }
        unit = parts[i].unit;
    }
    if (parts[0].unit != U_DEG) {
        *why = g_strdup_printf(_("%s without degrees"), unit_name(parts[0].unit));
        return FALSE;
    }
    double value = 0;
    for (int i = 0; i < n; i++) {
        if (parts[i].fraction && i < n - 1) {
            *why = g_strdup_printf(_("decimals in the %s (%s) though %s follow"),
                                   unit_name(parts[i].unit), parts[i].text->str,
                                   unit_name(parts[i + 1].unit));
            return FALSE;
        }
        if (parts[i].unit != U_DEG && parts[i].value >= 60) {
            *why = g_strdup_printf(_("the %s (%s) must be below 60"), unit_name(parts[i].unit),
                                   parts[i].text->str);
            return FALSE;
        }
        value += parts[i].value / (parts[i].unit == U_DEG ? 1 : parts[i].unit == U_MIN ? 60 : 3600);
    }
    *degrees = value;
    return TRUE;
}

gboolean dms_parse(const char *text, vi_dms_axis axis, double *degrees, char **why)
{
    *why = NULL;
    *degrees = NAN;
    if (!text || !g_utf8_validate(text, -1, NULL)) {
        *why = g_strdup(_("text that is not UTF-8"));
        return FALSE;
    }
    char *copy = g_strstrip(g_strdup(text));
    const char *p = copy;
    int sign = 1;
    gboolean has_sign = *p == '-' || *p == '+';
    if (has_sign) {
        sign = *p == '-' ? -1 : 1;
        p++;
    }
    char prefix = hemisphere_prefix(&p);
    GString *body = g_string_new(p);
    char suffix = hemisphere_suffix(body);
    dms_part parts[3] = {{0}};
    int n = 0;
    char hemi = prefix ? prefix : suffix;
    gboolean ok = FALSE;
    if (prefix && suffix) {
        *why = g_strdup_printf(_("two hemispheres (%c and %c)"), prefix, suffix);
    } else if (hemi && has_sign) {
        *why = g_strdup_printf(_("both a sign and a hemisphere (%c)"), hemi);
    } else if (hemi && (axis == VI_DMS_LON) != (hemi == 'E' || hemi == 'W')) {
        *why = g_strdup_printf(axis == VI_DMS_LON ? _("%c names a latitude, not a longitude")
                                                  : _("%c names a longitude, not a latitude"),
                               hemi);
    } else if (read_parts(body->str, parts, &n, why) && combine_parts(parts, n, degrees, why)) {
        double limit = axis == VI_DMS_LON ? 180 : 90;
        if (*degrees > limit) {
            *why = g_strdup_printf(_("%s degrees, beyond %g"), parts[0].text->str, limit);
        } else {
            if (hemi == 'W' || hemi == 'S')
                sign = -1;
            *degrees *= sign;
            ok = TRUE;
        }
    }
    if (!ok)
        *degrees = NAN;
    parts_clear(parts, n);
    g_string_free(body, TRUE);
    g_free(copy);
    return ok;
}
