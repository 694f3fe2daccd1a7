/*
 * export-photos.c - the photos of a KMZ package (export-int.h): each
 * exported feature's stored photos (store.h, "photos") written into the
 * KMZ as files/NAME.jpg, and an <img> of each in the placemark's
 * description, which Google Earth and Ovi (奥维互动地图) show in the
 * placemark's balloon.  Photos of a layer with personal fields go only with
 * --include-personal: a photo of a house shows whose it is.
 */
#include "export-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

/* A photo scan: the features exported ("layer\nid" -> TRUE), what is
 * collected, and the first error writing a file. */
typedef struct {
    export_job *job;
    GHashTable *wanted;
    export_photos *ph;
    char *dir;         /* tmpdir/files */
    GHashTable *names; /* entry names taken */
} photo_collect;

static gboolean layer_personal(const vi_layer *layer)
{
    for (int a = 0; a < layer->nattrs; a++)
        if (layer->attrs[a]->personal)
            return TRUE;
    return FALSE;
}

/* "files/IMG_0412.jpg", or with the start of its hash when the name is taken. */
static char *entry_name(photo_collect *c, const vi_photo *p)
{
    char *base = g_strdup(p->file);
    for (char *s = base; *s; s++)
        if (*s == '/' || *s == '\\' || *s == '"' || *s == '<' || *s == '>' || *s == '&')
            *s = '_';
    char *dot = strrchr(base, '.');
    if (dot)
        *dot = '\0';
    char *name = g_strdup_printf("files/%s.jpg", base);
    if (g_hash_table_contains(c->names, name)) {
        g_free(name);
        name = g_strdup_printf("files/%s-%.12s.jpg", base, p->sha256);
    }
    g_free(base);
    g_hash_table_add(c->names, name);
    return g_strdup(name);
}

static gboolean collect_photo(const vi_photo *p, void *user, GError **err)
{
    photo_collect *c = user;
    if (!p->layer || !p->feature_id)
        return TRUE;
    char *key = g_strdup_printf("%s\n%s", p->layer, p->feature_id);
    if (!g_hash_table_contains(c->wanted, key)) {
        g_free(key);
        return TRUE;
    }
    char *entry = entry_name(c, p);
    char *path = g_build_filename(c->job->tmpdir, entry, NULL);
    GError *io = NULL;
    if (!g_file_set_contents(path, (const char *)p->jpeg, (gssize)p->jpeg_size, &io)) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot write '%s': %s"), path, io->message);
        g_error_free(io);
        g_free(path);
        g_free(entry);
        g_free(key);
        return FALSE;
    }
    g_ptr_array_add(c->ph->paths, path);
    g_ptr_array_add(c->ph->entries, g_strdup(entry));
    GString *html = g_hash_table_lookup(c->ph->descriptions, key);
    if (!html) {
        html = g_string_new(NULL);
        g_hash_table_insert(c->ph->descriptions, key, html);
    } else {
        g_free(key);
    }
    g_string_append_printf(html, "<p><img src=\"%s\" width=\"%d\"/>", entry,
                           p->width < 400 ? p->width : 400);
    if (p->taken_at)
        g_string_append_printf(html, "<br/>%s", p->taken_at);
    g_string_append(html, "</p>");
    g_free(entry);
    return TRUE;
}

static void free_string(gpointer s)
{
    g_string_free(s, TRUE);
}

gboolean export_photos_collect(export_job *job, export_photos *ph, GError **err)
{
    memset(ph, 0, sizeof *ph);
    ph->descriptions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_string);
    ph->paths = g_ptr_array_new_with_free_func(g_free);
    ph->entries = g_ptr_array_new_with_free_func(g_free);
    photo_collect c = {job, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), ph,
                       g_build_filename(job->tmpdir, "files", NULL),
                       g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
    for (guint l = 0; l < job->layers->len; l++) {
        const export_layer_data *d = g_ptr_array_index(job->layers, l);
        if (layer_personal(d->pl->layer) && !job->opt->include_personal)
            continue;
        for (guint i = 0; i < d->rows->len; i++) {
            const export_row *r = g_ptr_array_index(d->rows, i);
            g_hash_table_add(c.wanted, g_strdup_printf("%s\n%s", d->pl->layer->name, r->id));
        }
    }
    gboolean ok = TRUE;
    if (g_hash_table_size(c.wanted) > 0) {
        if (g_mkdir(c.dir, 0700) != 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot create '%s': %s"), c.dir,
                        g_strerror(errno));
            ok = FALSE;
        }
        ok = ok &&
             store_photo_scan(job->store, job->opt->village, NULL, TRUE, collect_photo, &c, err);
        ph->dir = c.dir;
        c.dir = NULL;
    }
    g_hash_table_destroy(c.wanted);
    g_hash_table_destroy(c.names);
    g_free(c.dir);
    return ok;
}

const char *export_photos_description(const export_photos *ph, const char *layer, const char *id)
{
    if (!ph || !ph->descriptions || g_hash_table_size(ph->descriptions) == 0)
        return NULL;
    char *key = g_strdup_printf("%s\n%s", layer, id);
    GString *html = g_hash_table_lookup(ph->descriptions, key);
    g_free(key);
    return html ? html->str : NULL;
}

gboolean export_photos_layer_has(const export_photos *ph, const char *layer)
{
    if (!ph || !ph->descriptions)
        return FALSE;
    GHashTableIter it;
    gpointer key;
    size_t n = strlen(layer);
    g_hash_table_iter_init(&it, ph->descriptions);
    while (g_hash_table_iter_next(&it, &key, NULL))
        if (strncmp(key, layer, n) == 0 && ((const char *)key)[n] == '\n')
            return TRUE;
    return FALSE;
}

void export_photos_clear(export_photos *ph)
{
    if (!ph)
        return;
    for (guint i = 0; ph->paths && i < ph->paths->len; i++)
        g_remove(ph->paths->pdata[i]);
    if (ph->dir)
        g_rmdir(ph->dir);
    g_free(ph->dir);
    if (ph->descriptions)
        g_hash_table_destroy(ph->descriptions);
    if (ph->paths)
        g_ptr_array_free(ph->paths, TRUE);
    if (ph->entries)
        g_ptr_array_free(ph->entries, TRUE);
    memset(ph, 0, sizeof *ph);
}
