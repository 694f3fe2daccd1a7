/*
 * mapdata.c - features read and projected for drawing.  See mapdata.h.
 */
#include "mapdata.h"
#include "geom.h"
#include "gkzone.h"
#include "i18n.h"
#include "vi-error.h"

#include <math.h>
#include <string.h>

typedef struct {
    vi_layerdata *l;
    GArray *feat_part, *part_start, *xy;
    GPtrArray *id, *name, *status, *village, *attrs;
    GStringChunk *strings;
    const char *path;
    int index;
} loader;

static const char *intern(GStringChunk *c, const char *s)
{
    return s ? g_string_chunk_insert_const(c, s) : NULL;
}

static gboolean add_feature(const vi_feature *f, void *user, GError **err)
{
    loader *ld = user;
    vi_geom g;
    if (!geom_from_wkb(f->wkb, f->wkb_size, &g, err)) {
        g_prefix_error(err, _("'%s': layer %s, feature %d (id %s): "), ld->path, ld->l->layer->name,
                       ld->index, f->id ? f->id : "?");
        return FALSE;
    }
    ld->index++;
    int base = (int)(ld->xy->len / 2);
    g_array_append_vals(ld->xy, g.xy, (guint)g.npoints * 2);
    for (int p = 0; p < g.nparts; p++) {
        int start = base + g.part_start[p];
        g_array_append_val(ld->part_start, start);
    }
    int nparts = (int)ld->part_start->len;
    g_array_append_val(ld->feat_part, nparts);
    geom_clear(&g);
    g_ptr_array_add(ld->id, (gpointer)intern(ld->strings, f->id));
    g_ptr_array_add(ld->name, f->name ? g_string_chunk_insert(ld->strings, f->name) : NULL);
    g_ptr_array_add(ld->status, (gpointer)intern(ld->strings, f->status));
    g_ptr_array_add(ld->village, (gpointer)intern(ld->strings, f->village));
    for (int k = 0; k < ld->l->layer->nattrs; k++)
        g_ptr_array_add(ld->attrs, ld->l->layer->attrs[k]->personal
                                       ? NULL
                                       : (gpointer)intern(ld->strings, f->attrs[k]));
    return TRUE;
}

static void layerdata_free(vi_layerdata *l)
{
    if (!l)
        return;
    g_free(l->feat_part);
    g_free(l->part_start);
    g_free(l->xy);
    g_free(l->bbox);
    g_free(l->id);
    g_free(l->name);
    g_free(l->status);
    g_free(l->village);
    g_free(l->attrs);
    g_free(l->style_row);
    g_free(l);
}

static vi_layerdata *load_layer(vi_store *store, const vi_layer *layer, vi_mapdata *d, GError **err)
{
    vi_layerdata *l = g_new0(vi_layerdata, 1);
    l->layer = layer;
    loader ld = {l,
                 g_array_new(FALSE, FALSE, sizeof(int)),
                 g_array_new(FALSE, FALSE, sizeof(int)),
                 g_array_new(FALSE, FALSE, sizeof(double)),
                 g_ptr_array_new(),
                 g_ptr_array_new(),
                 g_ptr_array_new(),
                 g_ptr_array_new(),
                 g_ptr_array_new(),
                 d->strings,
                 store_path(store),
                 0};
    int zero = 0;
    g_array_append_val(ld.feat_part, zero);
    gboolean ok = store_feature_scan(store, layer, NULL, add_feature, &ld, err);
    l->n = (int)ld.id->len;
    int npoints = (int)(ld.xy->len / 2);
    g_array_append_val(ld.part_start, npoints);
    l->feat_part = (int *)g_array_free(ld.feat_part, FALSE);
    l->part_start = (int *)g_array_free(ld.part_start, FALSE);
    l->xy = (double *)g_array_free(ld.xy, FALSE);
    l->id = (const char **)g_ptr_array_free(ld.id, FALSE);
    l->name = (const char **)g_ptr_array_free(ld.name, FALSE);
    l->status = (const char **)g_ptr_array_free(ld.status, FALSE);
    l->village = (const char **)g_ptr_array_free(ld.village, FALSE);
    l->attrs = (const char **)g_ptr_array_free(ld.attrs, FALSE);
    if (ok && d->epsg)
        ok = gk_project(d->epsg, l->xy, (size_t)npoints, err);
    if (!ok) {
        layerdata_free(l);
        return NULL;
    }
    l->bbox = g_new(double, 4 * (size_t)(l->n ? l->n : 1));
    for (int i = 0; i < l->n; i++) {
        double *b = l->bbox + 4 * i;
        b[0] = b[1] = INFINITY;
        b[2] = b[3] = -INFINITY;
        for (int p = l->part_start[l->feat_part[i]]; p < l->part_start[l->feat_part[i + 1]]; p++) {
            b[0] = fmin(b[0], l->xy[2 * p]);
            b[1] = fmin(b[1], l->xy[2 * p + 1]);
            b[2] = fmax(b[2], l->xy[2 * p]);
            b[3] = fmax(b[3], l->xy[2 * p + 1]);
        }
        d->minx = fmin(d->minx, b[0]);
        d->miny = fmin(d->miny, b[1]);
        d->maxx = fmax(d->maxx, b[2]);
        d->maxy = fmax(d->maxy, b[3]);
    }
    return l;
}

/* Zone of the villages' centre (or of every feature when there are none). */
static int centre_zone(vi_store *store, const vi_registry *reg, GError **err)
{
    const vi_layer *villages = registry_layer(reg, VI_LAYER_VILLAGES);
    vi_mapdata probe = {0,         NULL, g_string_chunk_new(4096), INFINITY, INFINITY, -INFINITY,
                        -INFINITY, NULL};
    vi_layerdata *l = load_layer(store, villages, &probe, err);
    g_string_chunk_free(probe.strings);
    if (!l)
        return -1;
    int n = l->n;
    layerdata_free(l);
    if (n == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s': the villages layer is empty; import the village boundaries first"),
                    store_path(store));
        return -1;
    }
    int epsg = gk_zone_epsg((probe.minx + probe.maxx) / 2);
    if (!epsg)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("'%s': the villages lie outside China's Gauss-Kruger zones"),
                    store_path(store));
    return epsg ? epsg : -1;
}

static void match_rows(vi_layerdata *l, const vi_style *style)
{
    l->style_row = g_new(int, (size_t)(l->n ? l->n : 1));
    for (int i = 0; i < l->n; i++) {
        l->style_row[i] = -1;
        for (guint r = 0; r < style->rows->len; r++) {
            const vi_style_row *row = &g_array_index(style->rows, vi_style_row, r);
            if (strcmp(row->layer, l->layer->name) == 0 &&
                style_row_matches(row, l->layer, l->status[i],
                                  l->attrs + (size_t)i * (size_t)l->layer->nattrs)) {
                l->style_row[i] = (int)r;
                break;
            }
        }
    }
}

vi_mapdata *mapdata_load(vi_store *store, const vi_style *style, int epsg, GError **err)
{
    const vi_registry *reg = store_registry(store);
    if (epsg == 0 && (epsg = centre_zone(store, reg, err)) < 0)
        return NULL;
    vi_mapdata *d = g_new0(vi_mapdata, 1);
    d->epsg = epsg;
    d->layers = g_ptr_array_new_with_free_func((GDestroyNotify)layerdata_free);
    d->strings = g_string_chunk_new(1 << 16);
    d->minx = d->miny = INFINITY;
    d->maxx = d->maxy = -INFINITY;
    for (int i = 0; i < registry_layer_count(reg); i++) {
        const vi_layer *layer = registry_layer_at(reg, i);
        gboolean drawn = strcmp(layer->name, VI_LAYER_VILLAGES) == 0 ||
                         strcmp(layer->name, VI_LAYER_HOUSEHOLDS) == 0 ||
                         strcmp(layer->name, "roads") == 0;
        for (guint r = 0; !drawn && r < style->rows->len; r++)
            drawn = strcmp(g_array_index(style->rows, vi_style_row, r).layer, layer->name) == 0;
        if (!drawn)
            continue;
        vi_layerdata *l = load_layer(store, layer, d, err);
        if (!l) {
            mapdata_free(d);
            return NULL;
        }
        match_rows(l, style);
        g_ptr_array_add(d->layers, l);
    }
    GError *e = NULL;
    d->data_date = store_data_date(store, &e);
    g_clear_error(&e);
    return d;
}

void mapdata_free(vi_mapdata *d)
{
    if (!d)
        return;
    g_ptr_array_unref(d->layers);
    g_string_chunk_free(d->strings);
    g_free(d->data_date);
    g_free(d);
}

const vi_layerdata *mapdata_layer(const vi_mapdata *d, const char *name)
{
    for (guint i = 0; i < d->layers->len; i++) {
        const vi_layerdata *l = d->layers->pdata[i];
        if (strcmp(l->layer->name, name) == 0)
            return l;
    }
    return NULL;
}

int mapdata_village(const vi_mapdata *d, const char *name)
{
    const vi_layerdata *v = mapdata_layer(d, VI_LAYER_VILLAGES);
    for (int i = 0; v && i < v->n; i++)
        if (v->name[i] && strcmp(v->name[i], name) == 0)
            return i;
    return -1;
}

void layerdata_centroid(const vi_layerdata *l, int i, double *x, double *y)
{
    double a = 0, cx = 0, cy = 0, mx = 0, my = 0;
    int np = 0;
    for (int p = l->feat_part[i]; p < l->feat_part[i + 1]; p++) {
        const double *v = l->xy + 2 * l->part_start[p];
        int n = l->part_start[p + 1] - l->part_start[p];
        for (int k = 0; k < n; k++) {
            mx += v[2 * k];
            my += v[2 * k + 1];
            np++;
            if (l->layer->geometry != VI_GEOM_POLYGON)
                continue;
            int j = (k + 1) % n;
            double cross = v[2 * k] * v[2 * j + 1] - v[2 * j] * v[2 * k + 1];
            a += cross;
            cx += (v[2 * k] + v[2 * j]) * cross;
            cy += (v[2 * k + 1] + v[2 * j + 1]) * cross;
        }
    }
    if (l->layer->geometry == VI_GEOM_POLYGON && fabs(a) > 1e-9) {
        *x = cx / (3 * a);
        *y = cy / (3 * a);
    } else {
        *x = np ? mx / np : NAN;
        *y = np ? my / np : NAN;
    }
}

gboolean layerdata_contains(const vi_layerdata *l, int i, double x, double y)
{
    gboolean inside = FALSE;
    for (int p = l->feat_part[i]; p < l->feat_part[i + 1]; p++) {
        const double *v = l->xy + 2 * l->part_start[p];
        int n = l->part_start[p + 1] - l->part_start[p];
        for (int k = 0, j = n - 1; k < n; j = k++) {
            if ((v[2 * k + 1] > y) != (v[2 * j + 1] > y) &&
                x < (v[2 * j] - v[2 * k]) * (y - v[2 * k + 1]) / (v[2 * j + 1] - v[2 * k + 1]) +
                        v[2 * k])
                inside = !inside;
        }
    }
    return inside;
}
