/*
 * photo-read.c - a photo file as the store keeps it (photo.h): its EXIF,
 * its SHA-256, and the JPEG to store, the original or a copy scaled to
 * VI_PHOTO_MAX_SIDE pixels on its longest side.
 *
 * The time taken and the camera come from GDAL's JPEG driver
 * (EXIF_DateTimeOriginal, EXIF_Make, ...).  The GPS position is read here
 * from the EXIF GPS IFD's rationals: GDAL prints each rational with six
 * significant digits, so a position written as decimal degrees (109.2905341
 * as one rational, as some cameras do) would come back as 109.291, 43 m off.
 */
#include "i18n.h"
#include "photo.h"
#include "vi-error.h"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A reader of the TIFF structure inside an APP1 Exif segment. */
typedef struct {
    const guint8 *t; /* the TIFF header */
    size_t n;
    gboolean be;
} tiff_view;

static guint32 tiff_u(const tiff_view *v, size_t at, int bytes)
{
    if (at + (size_t)bytes > v->n)
        return 0;
    guint32 x = 0;
    for (int i = 0; i < bytes; i++)
        x |= (guint32)v->t[at + (v->be ? (size_t)(bytes - 1 - i) : (size_t)i)] << (8 * i);
    return x;
}

/* The entry of TAG in the IFD at IFD: its type, count and where its value
 * is (inline or at its offset); FALSE when absent. */
static gboolean tiff_entry(const tiff_view *v, size_t ifd, int tag, int *type, guint32 *count,
                           size_t *value)
{
    guint32 n = tiff_u(v, ifd, 2);
    for (guint32 i = 0; i < n && ifd + 2 + 12 * (i + 1) <= v->n; i++) {
        size_t e = ifd + 2 + 12 * i;
        if ((int)tiff_u(v, e, 2) != tag)
            continue;
        *type = (int)tiff_u(v, e + 2, 2);
        *count = tiff_u(v, e + 4, 4);
        int unit = *type == 5 ? 8 : *type == 4 ? 4 : *type == 3 ? 2 : 1;
        *value = (size_t)unit * *count <= 4 ? e + 8 : tiff_u(v, e + 8, 4);
        return *value + (size_t)unit * *count <= v->n;
    }
    return FALSE;
}

/* COUNT (1 to 3) unsigned rationals of TAG in IFD, as degrees + minutes/60
 * + seconds/3600 (or one value as it is). */
static gboolean tiff_degrees(const tiff_view *v, size_t ifd, int tag, double *out)
{
    int type;
    guint32 count;
    size_t at;
    if (!tiff_entry(v, ifd, tag, &type, &count, &at) || type != 5 || count < 1 || count > 3)
        return FALSE;
    double sum = 0, scale[] = {1, 60, 3600};
    for (guint32 i = 0; i < count; i++) {
        guint32 num = tiff_u(v, at + 8 * i, 4), den = tiff_u(v, at + 8 * i + 4, 4);
        if (den == 0)
            return num == 0 && i > 0;
        sum += (double)num / den / scale[i];
    }
    *out = sum;
    return TRUE;
}

static char tiff_ref(const tiff_view *v, size_t ifd, int tag)
{
    int type;
    guint32 count;
    size_t at;
    if (!tiff_entry(v, ifd, tag, &type, &count, &at) || type != 2 || count < 1)
        return 0;
    return g_ascii_toupper((char)v->t[at]);
}

gboolean photo_exif_gps(const guint8 *jpeg, size_t size, double *lon, double *lat,
                        gboolean *has_direction, double *direction)
{
    *has_direction = FALSE;
    /* The markers before the scan: APP1 "Exif\0\0" holds the TIFF. */
    size_t at = 2;
    const guint8 *tiff = NULL;
    size_t tiff_n = 0;
    while (at + 4 <= size && jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA) {
        size_t len = ((size_t)jpeg[at + 2] << 8) | jpeg[at + 3];
        if (len < 2 || at + 2 + len > size)
            break;
        if (jpeg[at + 1] == 0xE1 && len >= 16 && memcmp(jpeg + at + 4, "Exif\0\0", 6) == 0) {
            tiff = jpeg + at + 10;
            tiff_n = len - 8;
            break;
        }
        at += 2 + len;
    }
    if (!tiff || tiff_n < 8 || (memcmp(tiff, "II*\0", 4) != 0 && memcmp(tiff, "MM\0*", 4) != 0))
        return FALSE;
    tiff_view v = {tiff, tiff_n, tiff[0] == 'M'};
    int type;
    guint32 count;
    size_t value;
    if (!tiff_entry(&v, tiff_u(&v, 4, 4), 0x8825, &type, &count, &value) || type != 4)
        return FALSE;
    size_t gps = tiff_u(&v, value, 4);
    char ns = tiff_ref(&v, gps, 1), ew = tiff_ref(&v, gps, 3);
    if ((ns != 'N' && ns != 'S') || (ew != 'E' && ew != 'W') || !tiff_degrees(&v, gps, 2, lat) ||
        !tiff_degrees(&v, gps, 4, lon))
        return FALSE;
    if (ns == 'S')
        *lat = -*lat;
    if (ew == 'W')
        *lon = -*lon;
    *has_direction = tiff_degrees(&v, gps, 0x11, direction) && *direction <= 360;
    if (*has_direction)
        *direction = fmod(*direction, 360.0);
    return TRUE;
}

char *photo_exif_time(const char *value)
{
    int y, mo, d, h, mi, s;
    if (!value || sscanf(value, "%4d:%2d:%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6 ||
        y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return NULL;
    return g_strdup_printf("%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
}

static char *exif_text(GDALDatasetH ds, const char *key)
{
    const char *v = GDALGetMetadataItem(ds, key, NULL);
    if (!v)
        return NULL;
    char *t = g_strstrip(g_strdup(v));
    if (!*t || !g_utf8_validate(t, -1, NULL)) {
        g_free(t);
        return NULL;
    }
    return t;
}

/* The JPEG of DS scaled to VI_PHOTO_MAX_SIDE on its longest side, into
 * OUT->jpeg; the size said in OUT->p. */
static gboolean scaled_copy(GDALDatasetH ds, vi_photo_file *out, GError **err)
{
    int w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds);
    int nw = w >= h ? VI_PHOTO_MAX_SIDE : (int)lround((double)w * VI_PHOTO_MAX_SIDE / h);
    int nh = h > w ? VI_PHOTO_MAX_SIDE : (int)lround((double)h * VI_PHOTO_MAX_SIDE / w);
    char ws[32], hs[32];
    g_snprintf(ws, sizeof ws, "%d", nw > 0 ? nw : 1);
    g_snprintf(hs, sizeof hs, "%d", nh > 0 ? nh : 1);
    char *argv[] = {"-of",
                    "JPEG",
                    "-outsize",
                    ws,
                    hs,
                    "-r",
                    "average",
                    "-co",
                    "QUALITY=85",
                    "-co",
                    "WRITE_EXIF_METADATA=NO",
                    NULL};
    GDALTranslateOptions *o = GDALTranslateOptionsNew(argv, NULL);
    char *mem = g_strdup_printf("/vsimem/vinfra-photo-%p.jpg", (void *)out);
    GDALDatasetH copy = GDALTranslate(mem, ds, o, NULL);
    GDALTranslateOptionsFree(o);
    gboolean ok = copy != NULL;
    if (copy)
        GDALClose(copy);
    vsi_l_offset size = 0;
    GByte *bytes = ok ? VSIGetMemFileBuffer(mem, &size, FALSE) : NULL;
    if (bytes && size > 0) {
        out->jpeg = g_memdup2(bytes, (gsize)size);
        out->p.jpeg_size = (size_t)size;
        out->p.width = nw;
        out->p.height = nh;
    } else {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot scale photo '%s': %s"), out->path,
                    CPLGetLastErrorMsg());
        ok = FALSE;
    }
    VSIUnlink(mem);
    g_free(mem);
    return ok;
}

gboolean photo_read(const char *path, vi_photo_file *out, GError **err)
{
    memset(out, 0, sizeof *out);
    out->path = g_strdup(path);
    gchar *bytes = NULL;
    gsize size = 0;
    GError *io = NULL;
    if (!g_file_get_contents(path, &bytes, &size, &io)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot read photo '%s': %s"), path, io->message);
        g_error_free(io);
        return FALSE;
    }
    if (size < 3 || (guint8)bytes[0] != 0xFF || (guint8)bytes[1] != 0xD8) {
        g_free(bytes);
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot read photo '%s': expected a JPEG file, got something else"), path);
        return FALSE;
    }
    out->sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, size);
    char *base = g_path_get_basename(path);
    char *dot = strrchr(base, '.');
    out->stem = dot && dot != base ? g_strndup(base, (gsize)(dot - base)) : g_strdup(base);
    out->file = base;
    GDALAllRegister();
    const char *drivers[] = {"JPEG", NULL};
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, NULL, NULL);
    if (!ds) {
        g_free(bytes);
        if (*CPLGetLastErrorMsg())
            /* TRANSLATORS: the second argument is GDAL's reason (in English) */
            g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("cannot read photo '%1$s': %2$s"), path,
                        CPLGetLastErrorMsg());
        else
            g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("cannot read photo '%s': %s"), path,
                        _("not a JPEG GDAL can read"));
        return FALSE;
    }
    vi_photo *p = &out->p;
    p->original_bytes = (gint64)size;
    p->original_width = GDALGetRasterXSize(ds);
    p->original_height = GDALGetRasterYSize(ds);
    char *taken = exif_text(ds, "EXIF_DateTimeOriginal");
    if (!taken)
        taken = exif_text(ds, "EXIF_DateTime");
    p->located = photo_exif_gps((const guint8 *)bytes, size, &p->lon, &p->lat, &p->has_direction,
                                &p->direction) &&
                 isfinite(p->lat) && isfinite(p->lon) && fabs(p->lat) <= 90 && fabs(p->lon) <= 180;
    /* Phones without a fix write 0/0. */
    if (p->located && p->lat == 0 && p->lon == 0)
        p->located = FALSE;
    out->taken_at = photo_exif_time(taken);
    out->make = exif_text(ds, "EXIF_Make");
    out->model = exif_text(ds, "EXIF_Model");
    g_free(taken);
    gboolean ok = TRUE;
    if (MAX(p->original_width, p->original_height) > VI_PHOTO_MAX_SIDE) {
        ok = scaled_copy(ds, out, err);
        g_free(bytes);
    } else {
        out->jpeg = (guint8 *)bytes;
        p->jpeg_size = size;
        p->width = p->original_width;
        p->height = p->original_height;
    }
    GDALClose(ds);
    p->sha256 = out->sha256;
    p->file = out->file;
    p->jpeg = out->jpeg;
    p->taken_at = out->taken_at;
    p->make = out->make;
    p->model = out->model;
    return ok;
}

void photo_file_clear(vi_photo_file *pf)
{
    if (!pf)
        return;
    g_free(pf->path);
    g_free(pf->sha256);
    g_free(pf->file);
    g_free(pf->stem);
    g_free(pf->taken_at);
    g_free(pf->make);
    g_free(pf->model);
    g_free(pf->jpeg);
    memset(pf, 0, sizeof *pf);
}

static void photo_file_free(gpointer p)
{
    photo_file_clear(p);
    g_free(p);
}

GPtrArray *photo_file_array_new(void)
{
    return g_ptr_array_new_with_free_func(photo_file_free);
}

static gboolean jpeg_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (g_ascii_strcasecmp(dot, ".jpg") == 0 || g_ascii_strcasecmp(dot, ".jpeg") == 0);
}

gboolean photo_is_source(const char *path)
{
    if (!g_file_test(path, G_FILE_TEST_IS_DIR))
        return jpeg_name(path);
    /* A folder GDAL reads as a dataset (shapefiles) holds no photos. */
    GDir *dir = g_dir_open(path, 0, NULL);
    gboolean any = FALSE;
    const char *name;
    while (dir && !any && (name = g_dir_read_name(dir)))
        any = jpeg_name(name);
    if (dir)
        g_dir_close(dir);
    return any;
}

static gint compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *photo_list_paths(char *const *args, int n, GError **err)
{
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < n; i++) {
        if (!g_file_test(args[i], G_FILE_TEST_IS_DIR)) {
            if (!jpeg_name(args[i]) || !g_file_test(args[i], G_FILE_TEST_IS_REGULAR)) {
                g_set_error(err, VI_ERROR, VI_ERROR_IO,
                            jpeg_name(args[i]) ? _("cannot read photo '%s': no such file")
                                               : _("cannot read photo '%s': expected a folder or a "
                                                   ".jpg or .jpeg file"),
                            args[i]);
                g_ptr_array_free(paths, TRUE);
                return NULL;
            }
            g_ptr_array_add(paths, g_strdup(args[i]));
            continue;
        }
        GError *io = NULL;
        GDir *dir = g_dir_open(args[i], 0, &io);
        if (!dir) {
            g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot read folder '%s': %s"), args[i],
                        io->message);
            g_error_free(io);
            g_ptr_array_free(paths, TRUE);
            return NULL;
        }
        GPtrArray *found = g_ptr_array_new();
        const char *name;
        while ((name = g_dir_read_name(dir)))
            if (jpeg_name(name))
                g_ptr_array_add(found, g_build_filename(args[i], name, NULL));
        g_dir_close(dir);
        g_ptr_array_sort(found, compare_paths);
        for (guint k = 0; k < found->len; k++)
            g_ptr_array_add(paths, found->pdata[k]);
        g_ptr_array_free(found, TRUE); /* the names moved to PATHS */
    }
    if (paths->len == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("no photos (.jpg or .jpeg files) in %s"),
                    n == 1 ? args[0] : _("the folders given"));
        g_ptr_array_free(paths, TRUE);
        return NULL;
    }
    return paths;
}
