/*
 * lang.h - the language and the output format of a report, as values the
 * command layer chooses and passes in.  The library never asks the command
 * line which one is on.
 */
#ifndef VINFRA_LANG_H
#define VINFRA_LANG_H

typedef enum { VI_LANG_ZH, VI_LANG_EN } vi_lang;

/* Output formats shared by reporting commands. */
typedef enum {
    VI_FORMAT_TABLE,
    VI_FORMAT_CSV,
    VI_FORMAT_JSON,
    VI_FORMAT_MD,
    VI_FORMAT_GEOJSON
} vi_format;

/* The text of ZH or EN for LANG. */
static inline const char *vi_text(vi_lang lang, const char *zh, const char *en)
{
    return lang == VI_LANG_EN ? en : zh;
}

#endif
