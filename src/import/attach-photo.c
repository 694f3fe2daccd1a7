/*
 * attach-photo.c - vinfra attach (photo.h): each photo to the nearest
 * existing feature of a layer, by the geodesic distance from its EXIF GPS
 * position, in one transaction.
 *
 * Nothing is guessed: a photo with no feature within the distance, or with
 * two features about as near (their distances within VI_ATTACH_TIE_M), is
 * unmatched, and the attach is refused (or, asked to, leaves it out).  The
 * distance to a line or a polygon's boundary is the geodesic distance to
 * its nearest point, found on each segment in a plane tangent at the photo
 * (exact enough at tens of metres), then measured on the ellipsoid.
 */
#include "i18n.h"
#include "gdal-guard.h"
#include "geodesy.h"
#include "photo.h"
#include "vi-error.h"

#include <math.h>
#include <string.h>

/* The features of the layer, read once. */
typedef struct {
    char *id;
    vi_geom geom;
} candidate;

static void candidate_clear(gpointer p)
{
    candidate *c = p;
    g_free(c->id);
    geom_clear(&c->geom);
}

static gboolean collect(const vi_feature *f, void *user, GError **err)
{
    candidate c = {g_strdup(f->id), {0}};
    if (!geom_from_wkb(f->wkb, f->wkb_size, &c.geom, err)) {
        g_free(c.id);
        return FALSE;
    }
    g_array_append_val(user, c);
    return TRUE;
}

/* Geodesic distance (m) from LON, LAT to geometry G. */
static double distance_to(const vi_geom *g, double lon, double lat)
{
    if (g->type == VI_GEOM_POLYGON && geom_polygon_contains(g, lon, lat))
        return 0;
    double kx = cos(lat * G_PI / 180.0), best = INFINITY;
    for (int part = 0; part < g->nparts; part++) {
        int a = g->part_start[part], b = g->part_start[part + 1];
        for (int i = a; i < b; i++) {
            double x1 = g->xy[2 * i], y1 = g->xy[2 * i + 1];
            double fx = x1, fy = y1;
            if (i + 1 < b) {
                double x2 = g->xy[2 * i + 2], y2 = g->xy[2 * i + 3];
                double dx = (x2 - x1) * kx, dy = y2 - y1;
                double len2 = dx * dx + dy * dy;
                double t = len2 > 0 ? ((lon - x1) * kx * dx + (lat - y1) * dy) / len2 : 0;
                t = t < 0 ? 0 : t > 1 ? 1 : t;
                fx = x1 + t * (x2 - x1);
                fy = y1 + t * (y2 - y1);
            }
            double d = geodesy_distance(VI_ELLIPSOID_CGCS2000, lon, lat, fx, fy);
            if (d < best)
                best = d;
        }
    }
    return best;
}

static void add_unmatched(vi_attach_result *res, const char *file, char *reason)
{
    vi_unmatched *u = g_new0(vi_unmatched, 1);
    u->file = g_strdup(file);
    u->reason = reason;
    g_ptr_array_add(res->unmatched, u);
}

static void unmatched_free(gpointer p)
{
    vi_unmatched *u = p;
    g_free(u->file);
    g_free(u->reason);
    g_free(u);
}

void attach_result_clear(vi_attach_result *res)
{
    if (!res)
        return;
    if (res->matches)
        g_ptr_array_free(res->matches, TRUE);
    if (res->unmatched)
        g_ptr_array_free(res->unmatched, TRUE);
    if (res->stored)
        g_ptr_array_free(res->stored, TRUE);
    memset(res, 0, sizeof *res);
}

/* The feature photo P goes to: its index in CANDS, or -1 with the reason
 * added to RES. */
static int match_photo(const vi_photo_file *pf, GArray *cands, double within, vi_lang lang,
                       vi_attach_result *res, double *dist)
{
    const vi_photo *p = &pf->p;
    if (!p->located) {
        add_unmatched(res, pf->path, g_strdup(vi_i18n_in(lang, N_("no GPS position in its EXIF"))));
        return -1;
    }
    int first = -1, second = -1;
    double d1 = INFINITY, d2 = INFINITY;
    for (guint i = 0; i < cands->len; i++) {
        double d = distance_to(&g_array_index(cands, candidate, i).geom, p->lon, p->lat);
        if (d < d1) {
            second = first;
            d2 = d1;
            first = (int)i;
            d1 = d;
        } else if (d < d2) {
            second = (int)i;
            d2 = d;
        }
    }
    if (first < 0 || d1 > within) {
        add_unmatched(
            res, pf->path,
            first < 0 ? g_strdup(vi_i18n_in(lang, N_("the layer is empty")))
                      : g_strdup_printf(vi_i18n_in(lang, N_("the nearest feature, %s, is %.1f m "
                                                            "away, more than %g m (--within)")),
                                        g_array_index(cands, candidate, first).id, d1, within));
        return -1;
    }
    if (second >= 0 && d2 <= within && d2 - d1 < VI_ATTACH_TIE_M) {
        add_unmatched(
            res, pf->path,
            g_strdup_printf(vi_i18n_in(lang, N_("ambiguous: %s is %.1f m away and %s %.1f m")),
                            g_array_index(cands, candidate, first).id, d1,
                            g_array_index(cands, candidate, second).id, d2));
        return -1;
    }
    *dist = d1;
    return first;
}

static gboolean write_attach(vi_store *store, const vi_layer *layer, GPtrArray *photos,
                             GArray *targets, const char *label, GError **err)
{
    gint64 n = 0;
    gboolean ok = store_begin(store, err);
    for (guint i = 0; ok && i < photos->len; i++) {
        const char *id = g_array_index(targets, const char *, i);
        if (!id)
            continue;
        vi_photo p = ((vi_photo_file *)photos->pdata[i])->p;
        p.layer = layer->name;
        p.feature_id = id;
        ok = store_photo_insert(store, &p, 0, err);
        n++;
    }
    char *detail =
        g_strdup_printf("%" G_GINT64_FORMAT " photo%s attached: %s", n, n == 1 ? "" : "s", label);
    vi_change change = {.action = "attach", .layer = layer->name, .detail = detail};
    ok = ok && store_history_record(store, &change, err) && store_commit(store, err);
    if (!ok) {
        store_rollback(store);
        g_prefix_error(err, _("cannot attach '%s': "), label);
    }
    g_free(detail);
    return ok;
}

static gboolean run_attach(vi_store *store, const char *label, GPtrArray *paths,
                           const char *layer_name, double within, gboolean skip_unmatched,
                           gboolean dry_run, vi_lang lang, vi_attach_result *res, GError **err)
{
    const vi_registry *reg = store_registry(store);
    const vi_layer *layer = registry_layer(reg, layer_name);
    if (!layer) {
        char *names = registry_layer_names(reg);
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot attach '%s': unknown layer \"%s\" (layers: %s)"), label, layer_name,
                    names);
        g_free(names);
        return FALSE;
    }
    GArray *cands = g_array_new(FALSE, TRUE, sizeof(candidate));
    g_array_set_clear_func(cands, candidate_clear);
    GPtrArray *photos = photo_file_array_new();
    GArray *targets = g_array_new(FALSE, TRUE, sizeof(const char *));
    gboolean ok = store_feature_scan(store, layer, NULL, collect, cands, err);
    if (!ok)
        g_prefix_error(err, _("cannot attach '%s': "), label);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; ok && i < paths->len; i++) {
        vi_photo_file *pf = g_new0(vi_photo_file, 1);
        g_ptr_array_add(photos, pf);
        const char *target = NULL;
        gboolean found = FALSE;
        char *where = NULL;
        if (!(ok = photo_read(paths->pdata[i], pf, err) &&
                   store_photo_find(store, pf->sha256, &found, &where, err))) {
            g_prefix_error(err, _("cannot attach '%s': "), label);
        } else if (found) {
            /* Stored before (a folder attached again after it grew): left out. */
            vi_unmatched *u = g_new0(vi_unmatched, 1);
            u->file = g_strdup(pf->path);
            u->reason = g_strdup(where);
            g_ptr_array_add(res->stored, u);
        } else if (g_hash_table_contains(seen, pf->sha256)) {
            add_unmatched(res, pf->path,
                          g_strdup(vi_i18n_in(lang, N_("the same photo as one before it"))));

        } else {
            double d = 0;
            int k = match_photo(pf, cands, within, lang, res, &d);
            if (k >= 0) {
                target = g_array_index(cands, candidate, k).id;
                g_ptr_array_add(res->matches,
                                g_strdup_printf("%s → %s (%.1f m)", pf->path, target, d));
            }
        }
        g_hash_table_add(seen, pf->sha256);
        g_array_append_val(targets, target);
        g_free(where);
    }
    g_hash_table_destroy(seen);
    if (ok && res->unmatched->len > 0 && !skip_unmatched) {
        guint nu = res->unmatched->len;
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    NG_("cannot attach '%s': %u photo could not be matched to a %s feature "
                        "(listed above); nothing attached (attach the others with "
                        "--skip-unmatched, or widen --within)",
                        "cannot attach '%s': %u photos could not be matched to a %s feature "
                        "(listed above); nothing attached (attach the others with "
                        "--skip-unmatched, or widen --within)",
                        nu),
                    label, nu, layer->name);
        ok = FALSE;
    }
    if (ok && res->matches->len == 0 && res->stored->len == 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("cannot attach '%s': no photo matched a %s feature"), label, layer->name);
        ok = FALSE;
    }
    if (ok && !dry_run && res->matches->len > 0)
        ok = write_attach(store, layer, photos, targets, label, err);
    if (ok)
        res->attached = dry_run ? 0 : (gint64)res->matches->len;
    g_array_free(targets, TRUE);
    g_ptr_array_free(photos, TRUE);
    g_array_free(cands, TRUE);
    return ok;
}

gboolean attach_photos(vi_store *store, char *const *args, int n, const char *layer, double within,
                       gboolean skip_unmatched, gboolean dry_run, vi_lang lang,
                       vi_attach_result *res, GError **err)
{
    memset(res, 0, sizeof *res);
    res->matches = g_ptr_array_new_with_free_func(g_free);
    res->unmatched = g_ptr_array_new_with_free_func(unmatched_free);
    res->stored = g_ptr_array_new_with_free_func(unmatched_free);
    char *label = import_photos_label(args, n);
    GPtrArray *paths = photo_list_paths(args, n, err);
    gboolean ok = paths != NULL;
    if (!ok)
        g_prefix_error(err, _("cannot attach '%s': "), label);
    vi_gdal_guard *guard = ok ? gdal_guard_begin() : NULL;
    ok = ok &&
         run_attach(store, label, paths, layer, within, skip_unmatched, dry_run, lang, res, err);
    if (guard) {
        GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
        gdal_guard_end(guard, warnings);
        g_ptr_array_free(warnings, TRUE);
    }
    if (paths)
        g_ptr_array_free(paths, TRUE);
    g_free(label);
    return ok;
}
