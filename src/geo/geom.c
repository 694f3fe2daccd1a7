/*
 * geom.c - WKB reader into the flat vi_geom view.
 */
#include "geom.h"
#include "i18n.h"
#include "registry.h"
#include "vi-error.h"

#include <string.h>

typedef struct {
    const unsigned char *p, *end;
    vi_geom *g;
    GArray *xy, *starts, *polys;
    int npolys;
} wkb_reader;

static gboolean read_u32(wkb_reader *r, int little, guint32 *out)
{
    if (r->end - r->p < 4)
        return FALSE;
    guint32 v;
    memcpy(&v, r->p, 4);
    r->p += 4;
    *out = little ? GUINT32_FROM_LE(v) : GUINT32_FROM_BE(v);
    return TRUE;
}

static gboolean read_f64(wkb_reader *r, int little, double *out)
{
    if (r->end - r->p < 8)
        return FALSE;
    guint64 v;
    memcpy(&v, r->p, 8);
    r->p += 8;
    v = little ? GUINT64_FROM_LE(v) : GUINT64_FROM_BE(v);
    memcpy(out, &v, 8);
    return TRUE;
}

static gboolean read_points(wkb_reader *r, int little, guint32 n, int dims)
{
    if ((size_t)(r->end - r->p) < (size_t)n * dims * 8)
        return FALSE;
    int start = (int)r->xy->len / 2;
    g_array_append_val(r->starts, start);
    for (guint32 i = 0; i < n; i++) {
        double c[4];
        for (int d = 0; d < dims; d++)
            read_f64(r, little, &c[d]);
        g_array_append_vals(r->xy, c, 2);
    }
    return TRUE;
}

/* Reads one geometry (recursing into Multi* collections). */
static gboolean read_geometry(wkb_reader *r, int depth)
{
    if (r->p >= r->end || depth > 2)
        return FALSE;
    int little = *r->p++ == 1;
    guint32 code, n;
    if (!read_u32(r, little, &code))
        return FALSE;
    /* ISO codes add 1000/2000/3000 for Z/M/ZM; EWKB sets high flag bits. */
    int dims = 2;
    if (code & 0x80000000u)
        dims++;
    if (code & 0x40000000u)
        dims++;
    if (code & 0x20000000u) { /* EWKB SRID */
        guint32 srid;
        if (!read_u32(r, little, &srid))
            return FALSE;
    }
    code &= 0x0FFFFFFFu;
    dims += (int)(code / 1000) == 3 ? 2 : (code / 1000) ? 1 : 0;
    code %= 1000;
    switch (code) {
    case 1: /* Point */
        r->g->type = VI_GEOM_POINT;
        return read_points(r, little, 1, dims);
    case 2: /* LineString */
        r->g->type = VI_GEOM_LINE;
        return read_u32(r, little, &n) && read_points(r, little, n, dims);
    case 3: /* Polygon */
        r->g->type = VI_GEOM_POLYGON;
        if (!read_u32(r, little, &n))
            return FALSE;
        for (guint32 i = 0; i < n; i++) {
            guint32 m;
            if (!read_u32(r, little, &m) || !read_points(r, little, m, dims))
                return FALSE;
            g_array_append_val(r->polys, r->npolys);
        }
        r->npolys++;
        return TRUE;
    case 4: /* Multi* */
    case 5:
    case 6:
        if (!read_u32(r, little, &n))
            return FALSE;
        for (guint32 i = 0; i < n; i++)
            if (!read_geometry(r, depth + 1))
                return FALSE;
        if (n == 0)
            r->g->type = code == 4 ? VI_GEOM_POINT : code == 5 ? VI_GEOM_LINE : VI_GEOM_POLYGON;
        return TRUE;
    default:
        return FALSE;
    }
}

gboolean geom_from_wkb(const unsigned char *wkb, size_t size, vi_geom *out, GError **err)
{
    memset(out, 0, sizeof *out);
    wkb_reader r = {wkb,
                    wkb + size,
                    out,
                    g_array_new(FALSE, FALSE, sizeof(double)),
                    g_array_new(FALSE, FALSE, sizeof(int)),
                    g_array_new(FALSE, FALSE, sizeof(int)),
                    0};
    if (!wkb || !read_geometry(&r, 0)) {
        g_array_free(r.xy, TRUE);
        g_array_free(r.starts, TRUE);
        g_array_free(r.polys, TRUE);
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("malformed or unsupported WKB geometry"));
        return FALSE;
    }
    out->npoints = (int)r.xy->len / 2;
    out->nparts = (int)r.starts->len;
    g_array_append_val(r.starts, out->npoints);
    out->xy = (double *)g_array_free(r.xy, FALSE);
    out->part_start = (int *)g_array_free(r.starts, FALSE);
    if (out->type == VI_GEOM_POLYGON) {
        out->part_poly = (int *)g_array_free(r.polys, FALSE);
    } else {
        g_array_free(r.polys, TRUE);
    }
    return TRUE;
}

void geom_clear(vi_geom *g)
{
    if (!g)
        return;
    g_free(g->xy);
    g_free(g->part_start);
    g_free(g->part_poly);
    memset(g, 0, sizeof *g);
}

gboolean geom_polygon_contains(const vi_geom *poly, double x, double y)
{
    gboolean inside = FALSE;
    for (int p = 0; p < poly->nparts; p++) {
        const double *v = poly->xy + 2 * poly->part_start[p];
        int n = poly->part_start[p + 1] - poly->part_start[p];
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double xi = v[2 * i], yi = v[2 * i + 1], xj = v[2 * j], yj = v[2 * j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
                inside = !inside;
        }
    }
    return inside;
}

void geom_bounds(const vi_geom *g, double *minx, double *miny, double *maxx, double *maxy)
{
    *minx = *miny = G_MAXDOUBLE;
    *maxx = *maxy = -G_MAXDOUBLE;
    for (int i = 0; i < g->npoints; i++) {
        double x = g->xy[2 * i], y = g->xy[2 * i + 1];
        *minx = MIN(*minx, x);
        *maxx = MAX(*maxx, x);
        *miny = MIN(*miny, y);
        *maxy = MAX(*maxy, y);
    }
}
