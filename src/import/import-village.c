/*
 * import-village.c - placing each imported feature in a village (import-int.h):
 * the one --village or its village field names, checked against where it
 * lies (within the region's margin of that village, or its reach outside
 * every village), or else the village holding it; and refusing a new
 * village polygon that overlaps another by more than a sliver.
 */
#include "i18n.h"
#include "geodesy.h"
#include "import-int.h"
#include "import-place.h"
#include "vi-error.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

void import_village_area_clear(gpointer p)
{
    village_area *v = p;
    g_free(v->name);
    geom_clear(&v->geom);
    polyindex_free(v->edges);
    if (v->ogr)
        OGR_G_DestroyGeometry(v->ogr);
}

/* Append to AREAS the village NAME of polygon WKB, ready for lookups by
 * position (its bounds and edge index); FEATURE as in village_area. */
static gboolean village_append(GArray *areas, const char *name, const unsigned char *wkb,
                               size_t wkb_size, gint64 feature, GError **err)
{
    village_area v = {.feature = feature};
    if (!geom_from_wkb(wkb, wkb_size, &v.geom, err))
        return FALSE;
    v.name = g_strdup(name);
    geom_bounds(&v.geom, &v.minx, &v.miny, &v.maxx, &v.maxy);
    OGR_G_CreateFromWkb(wkb, NULL, &v.ogr, (int)wkb_size);
    v.edges = polyindex_new(&v.geom);
    g_array_append_val(areas, v);
    return TRUE;
}

static gboolean collect_village(const vi_feature *f, void *user, GError **err)
{
    return village_append(user, f->name, f->wkb, f->wkb_size, 0, err);
}

/* The file's villages go after the store's, in the file's order: the order
 * the store would scan them in had they been imported first, so that a
 * feature is placed exactly as it would have been then.  No village is
 * both: the villages importer refuses a name the store has
 * (import_check_id), and a village overlapping one of the store's by more
 * than a sliver (import_check_village_overlap).  In a sliver both allow, a
 * feature goes to the first that holds it, the store's: the one features
 * already imported were placed in. */
gboolean import_villages_add_file(importer *imp, const importer *from, GError **err)
{
    if (!import_load_villages(imp, err))
        return FALSE;
    for (guint i = 0; i < from->file_villages->len; i++) {
        const village_area *v = &g_array_index(from->file_villages, village_area, i);
        size_t size = (size_t)OGR_G_WkbSize(v->ogr);
        unsigned char *wkb = g_malloc(size);
        OGR_G_ExportToIsoWkb(v->ogr, wkbNDR, wkb);
        gboolean ok = village_append(imp->villages, v->name, wkb, size, v->feature, err);
        g_free(wkb);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

gboolean import_load_villages(importer *imp, GError **err)
{
    if (imp->villages_loaded)
        return TRUE;
    imp->villages_loaded = TRUE;
    return store_feature_scan(imp->store,
                              registry_layer(store_registry(imp->store), VI_LAYER_VILLAGES), NULL,
                              collect_village, imp->villages, err);
}

const village_area *import_village_named(const importer *imp, const char *name)
{
    for (guint i = 0; i < imp->villages->len; i++) {
        const village_area *v = &g_array_index(imp->villages, village_area, i);
        if (strcmp(v->name, name) == 0)
            return v;
    }
    return NULL;
}

char *import_village_names(const importer *imp)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < imp->villages->len; i++)
        g_string_append_printf(s, "%s%s", i ? _(", ") : "",
                               g_array_index(imp->villages, village_area, i).name);
    return g_string_free(s, FALSE);
}

static const village_area *village_at(const importer *imp, double x, double y)
{
    for (guint i = 0; i < imp->villages->len; i++) {
        const village_area *v = &g_array_index(imp->villages, village_area, i);
        if (x >= v->minx && x <= v->maxx && y >= v->miny && y <= v->maxy &&
            geom_polygon_contains(&v->geom, x, y))
            return v;
    }
    return NULL;
}

/* Geodesic length in metres of line G inside village V, its boundary
 * included; *MEETS (may be NULL) set when G touches or enters V.  XY is
 * scratch space for the vertices.  Measured by walking the line, not by
 * GEOS overlay, which nodes the line against itself: minutes and gigabytes
 * for a million-vertex GPS trace that crosses itself (polyindex.h). */
static double length_inside(const village_area *v, OGRGeometryH g, GArray *xy, gboolean *meets)
{
    int parts = OGR_G_GetGeometryCount(g);
    double total = 0;
    if (parts > 0) {
        for (int i = 0; i < parts; i++)
            total += length_inside(v, OGR_G_GetGeometryRef(g, i), xy, meets);
        return total;
    }
    int n = OGR_G_GetPointCount(g);
    g_array_set_size(xy, 2 * (guint)n);
    double *p = (double *)(void *)xy->data;
    OGR_G_GetPoints(g, p, 2 * sizeof(double), p + 1, 2 * sizeof(double), NULL, 0);
    return polyindex_line_inside(v->edges, p, n, meets);
}

/* Does line G touch or enter village V? */
static gboolean line_meets(const village_area *v, OGRGeometryH g)
{
    GArray *xy = g_array_new(FALSE, FALSE, sizeof(double));
    gboolean meets = FALSE;
    length_inside(v, g, xy, &meets);
    g_array_free(xy, TRUE);
    return meets;
}

/* The village holding a point, a polygon's point on surface, or most of a line. */
static const village_area *village_of(importer *imp, OGRGeometryH g)
{
    if (imp->layer->geometry == VI_GEOM_POINT)
        return village_at(imp, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0));
    if (imp->layer->geometry == VI_GEOM_POLYGON) {
        OGRGeometryH p = OGR_G_PointOnSurface(g);
        const village_area *v = p ? village_at(imp, OGR_G_GetX(p, 0), OGR_G_GetY(p, 0)) : NULL;
        OGR_G_DestroyGeometry(p);
        return v;
    }
    OGREnvelope env;
    OGR_G_GetEnvelope(g, &env);
    const village_area *best = NULL;
    double best_len = 0;
    GArray *xy = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; i < imp->villages->len; i++) {
        const village_area *v = &g_array_index(imp->villages, village_area, i);
        if (env.MaxX < v->minx || env.MinX > v->maxx || env.MaxY < v->miny || env.MinY > v->maxy)
            continue;
        double len = length_inside(v, g, xy, NULL);
        if (len > best_len) {
            best_len = len;
            best = v;
        }
    }
    g_array_free(xy, TRUE);
    return best;
}

/* Does G lie in or near V, the village that --village or the village field
 * (named in SOURCE) gives it?  Within the region's margin of V when it lies
 * inside another village, within its reach when outside every village;
 * else refused, or with --accept-outside-village accepted and listed. */
static gboolean check_named_village(importer *imp, const village_area *v, OGRGeometryH g,
                                    const char *source, const char *label, GError **err)
{
    if (imp->layer->geometry == VI_GEOM_POINT
            ? geom_polygon_contains(&v->geom, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0))
        : imp->layer->geometry == VI_GEOM_LINE ? line_meets(v, g)
                                               : v->ogr && OGR_G_Intersects(g, v->ogr))
        return TRUE;
    const village_area *in = village_of(imp, g);
    if (in == v)
        return TRUE;
    double d = v->ogr ? place_distance_m(g, v->ogr) : INFINITY;
    double limit = in ? imp->region->village_margin_m : imp->region->village_reach_m;
    if (d <= limit)
        return TRUE;
    char *dist = place_distance_text(d);
    vi_lang lang = imp->opt->lang;
    char *where =
        in ? g_strdup_printf(vi_i18n_in(lang, N_("inside %s, %s from %s")), in->name, dist, v->name)
           : g_strdup_printf(vi_i18n_in(lang, N_("outside every village, %s from %s")), dist,
                             v->name);
    gboolean ok = imp->opt->accept_outside_village;
    if (ok && ++imp->outside_village <= MAX_ITEM_WARNINGS) {
        char *item = import_item_text(imp->opt->lang, imp->index, imp->item_id);
        import_warn(imp->res,
                    vi_i18n_in(imp->opt->lang,
                               N_("'%s': %s: imported into %s as named, though it lies %s")),
                    imp->path, item, v->name, where);
        g_free(item);
    } else if (!ok) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         _("%s: %s: expected a position within %g m of %s, got one %s (check the "
                           "position, the village and the file's CRS; --accept-outside-village "
                           "imports it into %s and lists it)"),
                         label, source, limit, v->name, where, v->name);
    }
    g_free(where);
    g_free(dist);
    return ok;
}

/* Refuse a new village polygon G (called NAME) that overlaps a village of
 * the store or of the file by more than a sliver: features in the overlap
 * would go to either. */
gboolean import_check_village_overlap(importer *imp, const char *name, OGRGeometryH g,
                                      const char *label, GError **err)
{
    if (!import_load_villages(imp, err))
        return FALSE;
    GArray *sets[] = {imp->villages, imp->file_villages};
    for (int k = 0; k < 2; k++)
        for (guint i = 0; i < sets[k]->len; i++) {
            const village_area *v = &g_array_index(sets[k], village_area, i);
            double overlap = v->ogr ? place_overlap_m2(g, v->ogr) : 0;
            if (overlap <= imp->region->village_overlap_m2)
                continue;
            char *area = place_area_text(overlap);
            char *where = v->feature ? g_strdup_printf(_(" (feature %" PRId64 ")"), v->feature)
                                     : g_strdup(_(" (in the store)"));
            double own = place_area_m2(g), other = place_area_m2(v->ogr);
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("%s: geometry: expected a village that overlaps no other (slivers "
                               "up to %g m² allowed), got %s overlapping %s%s by %s (%.1f%% of %s, "
                               "%.1f%% of %s): correct the boundaries so that each place is in "
                               "one village"),
                             label, imp->region->village_overlap_m2, name, v->name, where, area,
                             own > 0 ? 100 * overlap / own : 100, name,
                             other > 0 ? 100 * overlap / other : 100, v->name);
            g_free(where);
            g_free(area);
            return FALSE;
        }
    village_area v = {.name = g_strdup(name), .ogr = OGR_G_Clone(g), .feature = imp->index};
    g_array_append_val(imp->file_villages, v);
    return TRUE;
}

/* The village of a feature: --village, the village field, or where it lies. */
gboolean import_choose_village(importer *imp, const char *from_field, OGRGeometryH g,
                               const char *label, char **village, GError **err)
{
    *village = NULL;
    if (imp->is_villages)
        return TRUE;
    if (imp->opt->village) {
        char *source = g_strdup_printf("--village \"%s\"", imp->opt->village);
        gboolean ok = check_named_village(imp, import_village_named(imp, imp->opt->village), g,
                                          source, label, err);
        g_free(source);
        if (ok)
            *village = g_strdup(imp->opt->village);
        return ok;
    }
    if (!import_load_villages(imp, err))
        return FALSE;
    if (imp->villages->len == 0) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         _("the store has no villages to place features in: import the villages "
                           "layer first (or with them, from a folder, table or sheet of the same "
                           "file named after it), or give --village NAME"));
        return FALSE;
    }
    const village_area *v;
    if (from_field) {
        v = import_village_named(imp, from_field);
        if (!v) {
            char *names = import_village_names(imp);
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("%s: field \"village\": expected one of %s, got \"%s\""), label,
                             names, from_field);
            g_free(names);
            return FALSE;
        }
        if (!check_named_village(imp, v, g, _("field \"village\""), label, err))
            return FALSE;
    } else {
        v = village_of(imp, g);
        if (!v) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("%s: geometry: expected a position inside a village, got one "
                               "outside every village (give --village NAME to place it)"),
                             label);
            return FALSE;
        }
    }
    *village = g_strdup(v->name);
    return TRUE;
}
