/*
 * hex.c - bytes as hexadecimal text and back (hex.h).
 */
#include "hex.h"

#include <string.h>

char *vi_hex_encode(const guchar *data, gsize len)
{
    static const char digits[] = "0123456789abcdef";
    char *out = g_malloc(2 * len + 1);
    for (gsize i = 0; i < len; i++) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 15];
    }
    out[2 * len] = '\0';
    return out;
}

guchar *vi_hex_decode(const char *hex, gsize *len)
{
    gsize n = strlen(hex);
    *len = 0;
    if (n % 2)
        return NULL;
    guchar *out = g_malloc(n / 2 + 1);
    for (gsize i = 0; i < n / 2; i++) {
        int hi = g_ascii_xdigit_value(hex[2 * i]), lo = g_ascii_xdigit_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            g_free(out);
            return NULL;
        }
        out[i] = (guchar)(hi << 4 | lo);
    }
    *len = n / 2;
    return out;
}
