/*
 * hex.h - bytes as hexadecimal text and back: how geometry (WKB) travels
 * as a field value where only text fits (an offline copy's base, a
 * geometry change handed to store_feature_update()).
 */
#ifndef VINFRA_HEX_H
#define VINFRA_HEX_H

#include <glib.h>

/* LEN bytes of DATA as lowercase hex (caller frees). */
char *vi_hex_encode(const guchar *data, gsize len);
/* HEX (upper or lower case, even length) as bytes into *LEN (caller
 * frees); NULL when HEX is not hexadecimal. */
guchar *vi_hex_decode(const char *hex, gsize *len);

#endif
