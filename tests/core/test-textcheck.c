/*
 * test-textcheck.c - the strict number parser (number.h) and the text
 * checks (textcheck.h): what is accepted, what is refused and how it is said.
 */
#include "number.h"
#include "textcheck.h"
#include "../unit.h"

#include <locale.h>
#include <string.h>

static void real_ok(const char *s, double want)
{
    double v = -1;
    if (!vi_parse_real(s, &v) || v != want)
        FAIL("vi_parse_real(\"%s\"): expected %g", s, want);
}

static void real_refused(const char *s)
{
    double v;
    if (vi_parse_real(s, &v))
        FAIL("vi_parse_real(\"%s\"): expected a refusal, got %g", s, v);
}

static void int_refused(const char *s)
{
    gint64 v;
    if (vi_parse_int(s, &v))
        FAIL("vi_parse_int(\"%s\"): expected a refusal, got %" G_GINT64_FORMAT, s, v);
}

static void problem_is(const char *s, vi_text_kind kind, const char *want)
{
    char *got = vi_text_problem(s, kind);
    if (g_strcmp0(got, want) != 0)
        FAIL("vi_text_problem(\"%s\"): expected %s, got %s", s, want ? want : "none",
             got ? got : "none");
    g_free(got);
}

static void tidy_is(const char *s, const char *want, gboolean unusual)
{
    gboolean odd = !unusual;
    char *got = vi_text_tidy(s, &odd);
    if (strcmp(got, want) != 0 || odd != unusual)
        FAIL("vi_text_tidy(\"%s\"): expected \"%s\" (%s), got \"%s\"", s, want,
             unusual ? "unusual" : "usual", got);
    g_free(got);
}

int main(void)
{
    /* A locale with a decimal comma must not change what is read. */
    setlocale(LC_NUMERIC, "de_DE.UTF-8");
    real_ok("4.5", 4.5);
    real_ok("-0.25", -0.25);
    real_ok("+3", 3);
    real_ok(".5", 0.5);
    real_ok("5.", 5);
    real_ok("1e3", 1000);
    real_ok("2.5E-2", 0.025);
    static const char *const bad_reals[] = {"0x10", "0X1p4", "inf",   "-infinity", "nan", "1e",
                                            "1e+",  " 5",    "5 ",    "4,5",       "",    ".",
                                            "-",    "1.2.3", "1e400", "五",        NULL};
    for (int i = 0; bad_reals[i]; i++)
        real_refused(bad_reals[i]);
    gint64 n = 0;
    if (!vi_parse_int("-40", &n) || n != -40)
        FAIL("vi_parse_int(\"-40\")");
    static const char *const bad_ints[] = {
        "0x10", " 7", "7 ", "1.0", "1e3", "", "99999999999999999999", NULL};
    for (int i = 0; bad_ints[i]; i++)
        int_refused(bad_ints[i]);

    tidy_is("  R-01 ", "R-01", FALSE);
    tidy_is("R-01\u00a0", "R-01", TRUE);
    tidy_is("\u3000上雷村\u200b", "上雷村", TRUE);
    tidy_is("\ufeffR-01", "R-01", TRUE);
    tidy_is("Cafe\u0301", "Caf\u00e9", FALSE);        /* NFC */
    tidy_is("上雷村 R-01 ", "上雷村 R-01", FALSE);    /* ASCII and ideographs: as they are */
    tidy_is("上\u1100\u1161村", "上\uac00村", FALSE); /* composed beside ideographs */
    tidy_is("\u9fff\u4e00", "\u9fff\u4e00", FALSE);
    tidy_is("\u00a0", "", TRUE);

    problem_is("R-01", VI_TEXT_KEY, NULL);
    problem_is("上雷村 二组", VI_TEXT_KEY, NULL);
    problem_is("上雷村\u3000二组", VI_TEXT_VALUE, NULL);
    problem_is("上雷村\u3000二组", VI_TEXT_KEY,
               "expected an id or name without look-alike spaces (only the ordinary space "
               "U+0020), got U+3000 (an ideographic (full-width) space) at character 4");
    problem_is("a\tb", VI_TEXT_VALUE,
               "expected text without control or invisible characters, got U+0009 (a tab) at "
               "character 2");
    problem_is("ab\x7f", VI_TEXT_VALUE,
               "expected text without control or invisible characters, got U+007F (a control "
               "character) at character 3");
    problem_is("R\u200d1", VI_TEXT_KEY,
               "expected text without control or invisible characters, got U+200D (a zero-width "
               "joiner) at character 2");
    problem_is("a\u2029", VI_TEXT_VALUE,
               "expected text without control or invisible characters, got U+2029 (a paragraph "
               "separator) at character 2");
    char *long_text = g_strnfill(VI_TEXT_MAX_CHARS, 'x');
    problem_is(long_text, VI_TEXT_KEY, NULL);
    g_free(long_text);
    GString *chinese = g_string_new(NULL);
    for (int i = 0; i <= VI_TEXT_MAX_CHARS; i++)
        g_string_append(chinese, "𠀀"); /* 4 bytes in UTF-8 and in GB18030 */
    problem_is(chinese->str, VI_TEXT_VALUE,
               "expected at most 63 characters (what a shapefile's text field holds in any "
               "encoding), got 64");
    g_string_free(chinese, TRUE);
    /* The limit fits a DBF text field in the widest encoding. */
    if (VI_TEXT_MAX_CHARS * 4 > 254)
        FAIL("VI_TEXT_MAX_CHARS %d: 4-byte characters overflow 254 bytes", VI_TEXT_MAX_CHARS);
    return unit_result();
}
