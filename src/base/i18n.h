/*
 * i18n.h - the message catalogue: every string a person reads goes through
 * GNU gettext (GLib's gi18n-lib.h), with English msgids and po/zh_CN.po.
 *
 * Chinese is the default; the command layer picks the language once, before
 * it parses options, and library modules simply call _().  A few outputs are
 * written in both languages in one run (a package's README.txt, Chinese
 * first): vi_i18n_in() translates one message into a given language.
 */
#ifndef VINFRA_I18N_H
#define VINFRA_I18N_H

#include "lang.h"

#include <glib.h>
#include <glib/gi18n-lib.h>
#include <libintl.h>

/* _() calls dgettext itself: GLib's g_dgettext decides once per process
 * whether to translate at all, and would never translate again after a
 * first message in English (vi_i18n_in needs it to).  NG_() is the plural
 * form: NG_("%d road", "%d roads", n). */
#undef _
#define _(String) ((char *)dgettext(GETTEXT_PACKAGE, String))
#define NG_(Singular, Plural, N) ((char *)dngettext(GETTEXT_PACKAGE, Singular, Plural, N))

/* Bind the catalogue: $VINFRA_LOCALEDIR, else the build tree's po/ when the
 * program runs from it, else the installed locale directory.  Call once,
 * before any message is translated. */
void vi_i18n_init(void);

/* Translate from now on into LANG (VI_LANG_ZH: the zh_CN catalogue;
 * VI_LANG_EN: the English msgids). */
void vi_i18n_set_language(vi_lang lang);

/* The language messages are translated into now. */
vi_lang vi_i18n_language(void);

/* MSGID translated into LANG, whatever the current language is. */
const char *vi_i18n_in(vi_lang lang, const char *msgid);

/* The language named by NAME ("zh", "zh-CN", "zh_CN", "en"); FALSE if it
 * names none of them. */
gboolean vi_i18n_parse_language(const char *name, vi_lang *lang);

#endif
