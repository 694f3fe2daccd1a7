/*
 * photostrip.c - the photo strip of an atlas village page (photostrip.h).
 * The JPEGs are decoded by GDAL (already a dependency; cairo reads only
 * PNG) from memory at the size they are drawn, and painted as cairo image
 * surfaces.
 */
#include "photostrip.h"
#include "map.h"

#include <cpl_vsi.h>
#include <gdal.h>
#include <math.h>
#include <string.h>

/* The pixels a thumbnail is decoded at, on its longest side: 300 dpi at
 * the strip's size. */
#define THUMB_PX 480

/* The newest photo of an asset: its id, village and caption. */
typedef struct {
    gint64 photo;
    int village;
    char *caption;
} asset_photo;

static void asset_photo_free(gpointer p)
{
    asset_photo *a = p;
    g_free(a->caption);
    g_free(a);
}

typedef struct {
    const char *const *names;
    int nv;
    vi_photostrip *strips;
    GHashTable *assets; /* "layer\nid" -> asset_photo */
    GHashTable *chosen; /* photo id -> asset_photo, second pass */
    const vi_registry *reg;
    gboolean english;
} collect_ctx;

/* First pass (no bytes): the newest photo of each asset of the villages. */
static gboolean note_photo(const vi_photo *p, void *user, GError **err)
{
    (void)err;
    collect_ctx *c = user;
    if (!p->layer || !p->feature_id || !p->village)
        return TRUE;
    int v = -1;
    for (int i = 0; i < c->nv && v < 0; i++)
        if (strcmp(c->names[i], p->village) == 0)
            v = i;
    if (v < 0)
        return TRUE;
    const vi_layer *l = registry_layer(c->reg, p->layer);
    const char *lname = l ? (c->english ? l->name_en : l->name_zh) : p->layer;
    asset_photo *a = g_new0(asset_photo, 1);
    a->photo = p->id;
    a->village = v;
    a->caption = p->taken_at ? g_strdup_printf("%s %s · %.10s", lname, p->feature_id, p->taken_at)
                             : g_strdup_printf("%s %s", lname, p->feature_id);
    /* The scan is oldest first: a later photo of the asset replaces it. */
    g_hash_table_replace(c->assets, g_strdup_printf("%s\n%s", p->layer, p->feature_id), a);
    return TRUE;
}

/* Second pass: the bytes of the photos chosen. */
static gboolean copy_photo(const vi_photo *p, void *user, GError **err)
{
    (void)err;
    collect_ctx *c = user;
    const asset_photo *a = g_hash_table_lookup(c->chosen, &p->id);
    if (!a)
        return TRUE;
    vi_photostrip *s = &c->strips[a->village];
    for (int k = 0; k < s->n; k++)
        if (strcmp(s->photos[k].caption, a->caption) == 0 && !s->photos[k].jpeg) {
            s->photos[k].jpeg = g_memdup2(p->jpeg, p->jpeg_size);
            s->photos[k].jpeg_size = p->jpeg_size;
            break;
        }
    return TRUE;
}

static gint newest_first(gconstpointer a, gconstpointer b)
{
    gint64 x = (*(asset_photo *const *)a)->photo, y = (*(asset_photo *const *)b)->photo;
    return x < y ? 1 : x > y ? -1 : 0;
}

vi_photostrip *photostrip_collect(vi_store *store, const char *const *names, int nv,
                                  gboolean english, GError **err)
{
    vi_photostrip *strips = g_new0(vi_photostrip, (size_t)nv + 1);
    collect_ctx c = {names,
                     nv,
                     strips,
                     g_hash_table_new_full(g_str_hash, g_str_equal, g_free, asset_photo_free),
                     g_hash_table_new(g_int64_hash, g_int64_equal),
                     store_registry(store),
                     english};
    gboolean ok = store_photo_scan(store, NULL, NULL, FALSE, note_photo, &c, err);
    GPtrArray *all = g_ptr_array_new();
    GList *values = g_hash_table_get_values(c.assets);
    for (GList *l = values; l; l = l->next)
        g_ptr_array_add(all, l->data);
    g_list_free(values);
    g_ptr_array_sort(all, newest_first);
    for (guint i = 0; ok && i < all->len; i++) {
        asset_photo *a = all->pdata[i];
        vi_photostrip *s = &strips[a->village];
        if (s->n == VI_PHOTOSTRIP_MAX)
            continue;
        s->photos[s->n++].caption = g_strdup(a->caption);
        g_hash_table_insert(c.chosen, &a->photo, a);
    }
    ok = ok && (g_hash_table_size(c.chosen) == 0 ||
                store_photo_scan(store, NULL, NULL, TRUE, copy_photo, &c, err));
    g_ptr_array_unref(all);
    g_hash_table_destroy(c.chosen);
    g_hash_table_destroy(c.assets);
    if (!ok) {
        photostrip_free(strips, nv);
        return NULL;
    }
    return strips;
}

void photostrip_free(vi_photostrip *strips, int nv)
{
    if (!strips)
        return;
    for (int i = 0; i < nv; i++)
        for (int k = 0; k < strips[i].n; k++) {
            g_free(strips[i].photos[k].caption);
            g_free(strips[i].photos[k].jpeg);
        }
    g_free(strips);
}

/* The JPEG decoded to fit THUMB_PX, as a cairo surface (NULL when it cannot be). */
static cairo_surface_t *decode(const vi_strip_photo *p)
{
    char *mem = g_strdup_printf("/vsimem/vinfra-strip-%p.jpg", (const void *)p);
    VSILFILE *f = VSIFileFromMemBuffer(mem, p->jpeg, (vsi_l_offset)p->jpeg_size, FALSE);
    if (f)
        VSIFCloseL(f);
    GDALAllRegister();
    const char *drivers[] = {"JPEG", NULL};
    GDALDatasetH ds =
        f ? GDALOpenEx(mem, GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, NULL, NULL) : NULL;
    cairo_surface_t *s = NULL;
    if (ds) {
        int w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds), bands = GDALGetRasterCount(ds);
        double k = MIN(1.0, (double)THUMB_PX / MAX(w, h));
        int tw = MAX(1, (int)lround(w * k)), th = MAX(1, (int)lround(h * k));
        guint8 *rgb = g_malloc((size_t)tw * (size_t)th * 3);
        int map[3] = {1, bands >= 3 ? 2 : 1, bands >= 3 ? 3 : 1};
        GDALRasterIOExtraArg extra;
        INIT_RASTERIO_EXTRA_ARG(extra);
        extra.eResampleAlg = GRIORA_Average;
        if (GDALDatasetRasterIOEx(ds, GF_Read, 0, 0, w, h, rgb, tw, th, GDT_Byte, 3, map, 3,
                                  (GSpacing)tw * 3, 1, &extra) == CE_None) {
            s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, tw, th);
            cairo_surface_flush(s);
            guint8 *dst = cairo_image_surface_get_data(s);
            int stride = cairo_image_surface_get_stride(s);
            for (int y = 0; y < th; y++)
                for (int x = 0; x < tw; x++) {
                    const guint8 *src = rgb + ((size_t)y * tw + x) * 3;
                    guint32 px =
                        0xff000000u | (guint32)src[0] << 16 | (guint32)src[1] << 8 | src[2];
                    memcpy(dst + (size_t)y * stride + (size_t)x * 4, &px, 4);
                }
            cairo_surface_mark_dirty(s);
        }
        g_free(rgb);
        GDALClose(ds);
    }
    VSIUnlink(mem);
    g_free(mem);
    return s;
}

void photostrip_draw(vi_page *pg, const vi_photostrip *strip, double x, double y, double w,
                     const char *title)
{
    if (!strip || strip->n == 0)
        return;
    const vi_style_layout *lay = &pg->style->layout;
    cairo_t *cr = pg->cr;
    vi_text_style head = {lay->legend_pt, TRUE, 0, 0, lay->text, 0, 0};
    double tw, th;
    page_text_size(pg, title, &head, &tw, &th);
    page_text(pg, x, y, title, &head);
    double gap = 3, cell_w = (w - gap * (VI_PHOTOSTRIP_MAX - 1)) / VI_PHOTOSTRIP_MAX;
    double caption_h = lay->legend_pt * VI_PT_MM * 1.6;
    double top = y + th + 1.5, box_h = VI_PHOTOSTRIP_MM - (th + 1.5) - caption_h - 1;
    for (int k = 0; k < strip->n; k++) {
        const vi_strip_photo *p = &strip->photos[k];
        double bx = x + k * (cell_w + gap);
        cairo_surface_t *img = decode(p);
        if (img) {
            int iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
            double scale = MIN(cell_w / iw, box_h / ih);
            double dw = iw * scale, dh = ih * scale;
            cairo_save(cr);
            cairo_translate(cr, bx + (cell_w - dw) / 2, top + (box_h - dh) / 2);
            cairo_scale(cr, scale, scale);
            cairo_set_source_surface(cr, img, 0, 0);
            cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
            cairo_rectangle(cr, 0, 0, iw, ih);
            cairo_fill(cr);
            cairo_restore(cr);
            cairo_surface_destroy(img);
        } else {
            cairo_rectangle(cr, bx, top, cell_w, box_h);
            map_paint_path(cr, 0xddddddff, 0, 0);
        }
        cairo_rectangle(cr, bx, top, cell_w, box_h);
        map_paint_path(cr, 0, 0xccccccff, 0.15);
        vi_text_style cap = {lay->legend_pt * 0.85, FALSE, 1, cell_w, lay->text, 0, 0};
        page_text(pg, bx + cell_w / 2, top + box_h + 0.8, p->caption, &cap);
    }
}
