/*
 * i18n.c - binding the gettext catalogue and choosing its language.
 *
 * The language is chosen with $LANGUAGE, which glibc's gettext consults
 * before LC_MESSAGES, so the user's own locale does not matter: Chinese
 * unless --lang en or VINFRA_LANG=en.  glibc ignores $LANGUAGE in the "C"
 * locale, so messages and character classes use C.UTF-8 there; numbers stay
 * in "C" (main.c), whatever the locale.
 */
#include "i18n.h"
#include "vinfra-config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* glibc's counter of loaded catalogues: raising it makes gettext forget
 * the translations it cached for the previous $LANGUAGE (the gettext
 * manual, "Being a gettext grok"). */
extern int _nl_msg_cat_cntr;

static vi_lang current = VI_LANG_ZH;

/* Whether DIR holds the compiled zh_CN catalogue. */
static gboolean has_catalogue(const char *dir)
{
    char *mo = g_build_filename(dir, "zh_CN", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
    gboolean ok = g_file_test(mo, G_FILE_TEST_IS_REGULAR);
    g_free(mo);
    return ok;
}

/* The build tree's po/ when this program runs from the build tree. */
static char *build_tree_localedir(void)
{
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *dir = NULL;
    if (exe && g_str_has_prefix(exe, VINFRA_BUILD_ROOT "/")) {
        dir = g_build_filename(VINFRA_BUILD_ROOT, "po", NULL);
        if (!has_catalogue(dir)) {
            g_free(dir);
            dir = NULL;
        }
    }
    g_free(exe);
    return dir;
}

void vi_i18n_init(void)
{
    const char *messages = setlocale(LC_MESSAGES, "");
    if (!messages || strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0)
        setlocale(LC_MESSAGES, "C.UTF-8");
    const char *ctype = setlocale(LC_CTYPE, "");
    if (!ctype || strcmp(ctype, "C") == 0 || strcmp(ctype, "POSIX") == 0)
        setlocale(LC_CTYPE, "C.UTF-8");

    const char *env = getenv("VINFRA_LOCALEDIR");
    char *dir = env && *env ? g_strdup(env) : build_tree_localedir();
    bindtextdomain(GETTEXT_PACKAGE, dir ? dir : VINFRA_LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    /* GLib's own messages (GOption's "Usage:", its parse errors). */
    bind_textdomain_codeset("glib20", "UTF-8");
    textdomain(GETTEXT_PACKAGE);
    g_free(dir);
    vi_i18n_set_language(current);
}

void vi_i18n_set_language(vi_lang lang)
{
    current = lang;
    /* zh_CN first; "en" has no catalogue, so the msgids are printed.  The
     * variable is inherited by vinfra-gdal, which main.c may run. */
    setenv("LANGUAGE", lang == VI_LANG_EN ? "en" : "zh_CN", 1);
    ++_nl_msg_cat_cntr;
}

vi_lang vi_i18n_language(void)
{
    return current;
}

const char *vi_i18n_in(vi_lang lang, const char *msgid)
{
    if (lang == VI_LANG_EN)
        return msgid;
    if (current == VI_LANG_ZH)
        return dgettext(GETTEXT_PACKAGE, msgid);
    vi_i18n_set_language(VI_LANG_ZH);
    const char *text = dgettext(GETTEXT_PACKAGE, msgid);
    vi_i18n_set_language(VI_LANG_EN);
    return text;
}

gboolean vi_i18n_parse_language(const char *name, vi_lang *lang)
{
    if (strcmp(name, "zh") == 0 || strcmp(name, "zh-CN") == 0 || strcmp(name, "zh_CN") == 0) {
        *lang = VI_LANG_ZH;
        return TRUE;
    }
    if (strcmp(name, "en") == 0) {
        *lang = VI_LANG_EN;
        return TRUE;
    }
    return FALSE;
}
