/*
 * spblob.c - SpatiaLite geometry BLOBs to coordinates and ISO WKB (spblob.h).
 *
 * Layout of a plain blob: 0x00; byte order (1 little-endian, 0 big); SRID
 * (int32); MBR (4 doubles); 0x7C; class (int32); the body; 0xFE.  Bodies of
 * the XY classes: 1 point: x y; 2 linestring: n, n points; 3 polygon: rings,
 * each n and n points; 4-7 multipoint, multilinestring, multipolygon,
 * collection: n, then n entities, each 0x69, its class (1-3) and its body.
 * WKB carries the same counts and points with a byte order and a type in
 * front of every geometry, so one walk converts.
 */
#include "spblob.h"

#include <string.h>

enum {
    HEADER = 39, /* up to and including 0x7C */
    ORDER_AT = 1,
    MBR_END_AT = 38,
    START = 0x00,
    MBR_END = 0x7C,
    ENTITY = 0x69,
    END = 0xFE,
};

typedef struct {
    const unsigned char *p, *end;
    gboolean swap; /* the blob's byte order is not ours */
    GByteArray *out;
} walk;

static gboolean take32(walk *w, guint32 *v)
{
    if (w->end - w->p < 4)
        return FALSE;
    memcpy(v, w->p, 4);
    if (w->swap)
        *v = GUINT32_SWAP_LE_BE(*v);
    w->p += 4;
    return TRUE;
}

static void put32(walk *w, guint32 v)
{
    v = GUINT32_TO_LE(v);
    g_byte_array_append(w->out, (const guint8 *)&v, 4);
}

/* Copy N points (2N doubles) to the output, little-endian. */
static gboolean copy_points(walk *w, guint32 n)
{
    if ((gsize)(w->end - w->p) / 16 < n)
        return FALSE;
    gsize bytes = (gsize)n * 16;
    guint at = w->out->len;
    g_byte_array_set_size(w->out, at + (guint)bytes);
    guint8 *dst = w->out->data + at;
    if (!w->swap && G_BYTE_ORDER == G_LITTLE_ENDIAN) {
        memcpy(dst, w->p, bytes);
    } else {
        for (gsize i = 0; i < 2 * (gsize)n; i++) {
            guint64 v;
            memcpy(&v, w->p + 8 * i, 8);
            if (w->swap)
                v = GUINT64_SWAP_LE_BE(v);
            v = GUINT64_TO_LE(v);
            memcpy(dst + 8 * i, &v, 8);
        }
    }
    w->p += bytes;
    return TRUE;
}

/* The body of a geometry of class CLS (1-7), with its WKB header. */
static gboolean body(walk *w, guint32 cls, gboolean nested)
{
    guint8 order = 1;
    g_byte_array_append(w->out, &order, 1);
    put32(w, cls);
    guint32 n;
    switch (cls) {
    case 1:
        return copy_points(w, 1);
    case 2:
        if (!take32(w, &n))
            return FALSE;
        put32(w, n);
        return copy_points(w, n);
    case 3:
        if (!take32(w, &n))
            return FALSE;
        put32(w, n);
        for (guint32 r = 0; r < n; r++) {
            guint32 k;
            if (!take32(w, &k))
                return FALSE;
            put32(w, k);
            if (!copy_points(w, k))
                return FALSE;
        }
        return TRUE;
    case 4:
    case 5:
    case 6:
    case 7:
        if (nested || !take32(w, &n))
            return FALSE;
        put32(w, n);
        for (guint32 e = 0; e < n; e++) {
            guint32 sub;
            if (w->p >= w->end || *w->p++ != ENTITY || !take32(w, &sub))
                return FALSE;
            /* A multi holds its own kind only; a collection any simple kind. */
            if (sub < 1 || sub > 3 || (cls != 7 && sub != cls - 3) || !body(w, sub, TRUE))
                return FALSE;
        }
        return TRUE;
    default:
        return FALSE; /* Z, M, ZM or compressed classes */
    }
}

/* Check the frame of BLOB and set up a walk over its body; *CLS gets the class. */
static gboolean open_blob(walk *w, const unsigned char *blob, gsize size, guint32 *cls)
{
    if (!blob || size < HEADER + 5 || blob[0] != START || blob[MBR_END_AT] != MBR_END ||
        blob[size - 1] != END || blob[ORDER_AT] > 1)
        return FALSE;
    w->swap = (blob[ORDER_AT] == 1) != (G_BYTE_ORDER == G_LITTLE_ENDIAN);
    w->p = blob + HEADER;
    w->end = blob + size - 1;
    return take32(w, cls);
}

gboolean spblob_point(const unsigned char *blob, gsize size, double *x, double *y)
{
    walk w = {0};
    guint32 cls;
    if (!open_blob(&w, blob, size, &cls) || cls != 1 || w.end - w.p != 16)
        return FALSE;
    guint64 v[2];
    memcpy(v, w.p, 16);
    if (w.swap) {
        v[0] = GUINT64_SWAP_LE_BE(v[0]);
        v[1] = GUINT64_SWAP_LE_BE(v[1]);
    }
    memcpy(x, &v[0], 8);
    memcpy(y, &v[1], 8);
    return TRUE;
}

gboolean spblob_to_wkb(const unsigned char *blob, gsize size, GByteArray *out)
{
    walk w = {.out = out};
    guint32 cls;
    guint len = out->len;
    if (open_blob(&w, blob, size, &cls) && body(&w, cls, FALSE) && w.p == w.end)
        return TRUE;
    g_byte_array_set_size(out, len);
    return FALSE;
}
