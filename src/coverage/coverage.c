/*
 * coverage.c - the coverage engine: loading and projecting the world, and
 * computing measures over it.  See coverage.h for what it answers.
 *
 * Design notes:
 * - Each layer is read once, whatever number of rules use it; a rule then
 *   picks its features by status and where-attribute (rule_admits).
 * - Nearest-asset queries are exact and unbounded (the distance summary
 *   needs every household's distance, not just a yes/no), but each starts
 *   from a bound: the previous household's answer plus the distance between
 *   the two.  In Hilbert order that bound is tight, so most queries visit a
 *   handful of nodes.
 * - Work over households or segments is split into contiguous ranges, one
 *   per processor; every range writes only its own slots, so no locks.
 */
#include "coverage.h"
#include "i18n.h"
#include "crossings.h"
#include "geom.h"
#include "gkzone.h"
#include "network.h"
#include "spindex.h"
#include "statuses.h"
#include "table.h"
#include "vi-error.h"
#include "viewshed.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The last village name seen while reading a layer and its index: features
 * arrive grouped by village far more often than not. */
typedef struct {
    char *name;
    int index;
} village_cache;

struct vi_world {
    const vi_registry *reg;
    vi_coverage_options opt;
    char *village_filter;
    int epsg;
    GPtrArray *village_names;  /* char *, owned */
    GHashTable *village_index; /* name (borrowed) -> index + 1 */
    GArray *village_geoms;     /* vi_geom, projected, one per village (empty when missing) */
    double *village_centre;    /* 2 per village; NAN when unknown */
    int nhh;
    GArray *hh_xy, *hh_village, *hh_members, *hh_poor; /* double pairs, int, int, guint8 */
    GPtrArray *hh_id;                                  /* char *, when with_ids */
    GHashTable *poor_classes;                          /* poverty classes counted poor */
    vi_statuses *statuses;                             /* the kinds of the statuses */
    GHashTable *features;                              /* layer name -> vi_features * */
    vi_network *network;                               /* built on first use */
    GMutex network_lock;                               /* measures run at once */
    GError *network_err;                               /* why it could not be built */
    int river_crossings, unbridged_crossings;          /* met building the network */
    double lon_min, lon_max;                           /* extent of every household, for the zone */
    village_cache layer_villages;                      /* of the layers being read */
    char *as_of_note[2]; /* store_as_of_note() in each vi_lang, when as of a year */
};

/* ---- running in parallel ------------------------------------------------ */

/* Ranges handed out one at a time to the threads: a thread that runs slower
 * (its processor shared with another virtual machine, say) takes fewer. */
typedef struct {
    vi_range_fn fn;
    void *user;
    int n, nranges;    /* range r is [n * r / nranges, n * (r + 1) / nranges) */
    gboolean by_range; /* FN gets the range number (else the thread's) */
    gint next;         /* next range to take */
} range_pool;

typedef struct {
    range_pool *pool;
    int thread;
} range_worker;

static gpointer range_thread(gpointer data)
{
    range_worker *w = data;
    range_pool *p = w->pool;
    for (int r; (r = g_atomic_int_add(&p->next, 1)) < p->nranges;)
        p->fn(p->by_range ? r : w->thread, (int)((gint64)p->n * r / p->nranges),
              (int)((gint64)p->n * (r + 1) / p->nranges), p->user);
    return NULL;
}

static int run_ranges(int n, vi_range_fn fn, void *user, int ranges_per_thread, gboolean by_range)
{
    int nt = CLAMP((int)g_get_num_processors(), 1, VI_MAX_THREADS);
    if (n < 4096)
        nt = 1;
    range_pool pool = {fn, user, n, nt * ranges_per_thread, by_range, 0};
    range_worker workers[VI_MAX_THREADS];
    GThread *threads[VI_MAX_THREADS];
    for (int t = 0; t < nt; t++)
        workers[t] = (range_worker){&pool, t};
    for (int t = 1; t < nt; t++)
        threads[t] = g_thread_new("coverage", range_thread, &workers[t]);
    range_thread(&workers[0]);
    for (int t = 1; t < nt; t++)
        g_thread_join(threads[t]);
    return nt;
}

int coverage_parallel(int n, vi_range_fn fn, void *user)
{
    return run_ranges(n, fn, user, 1, TRUE);
}

int coverage_parallel_chunks(int n, vi_range_fn fn, void *user)
{
    return run_ranges(n, fn, user, 16, FALSE);
}

/* ---- the world: accessors ------------------------------------------------ */

int world_epsg(const vi_world *w)
{
    return w->epsg;
}
int world_village_count(const vi_world *w)
{
    return (int)w->village_names->len;
}
const vi_coverage_options *world_options(const vi_world *w)
{
    return &w->opt;
}
int world_household_count(const vi_world *w)
{
    return w->nhh;
}
const double *world_household_xy(const vi_world *w)
{
    return (const double *)w->hh_xy->data;
}
const int *world_household_village(const vi_world *w)
{
    return (const int *)w->hh_village->data;
}
const int *world_household_members(const vi_world *w)
{
    return (const int *)w->hh_members->data;
}
const guint8 *world_household_poor(const vi_world *w)
{
    return (const guint8 *)w->hh_poor->data;
}
const vi_registry *world_registry(const vi_world *w)
{
    return w->reg;
}

const char *world_village_name(const vi_world *w, int i)
{
    return i >= 0 && i < (int)w->village_names->len ? w->village_names->pdata[i] : NULL;
}

const char *const *world_household_id(const vi_world *w)
{
    return w->hh_id ? (const char *const *)w->hh_id->pdata : NULL;
}

int world_village_index(const vi_world *w, const char *name)
{
    if (!name)
        return -1;
    return GPOINTER_TO_INT(g_hash_table_lookup(w->village_index, name)) - 1;
}

gboolean world_village_centre(const vi_world *w, int i, double *x, double *y)
{
    if (i < 0 || i >= world_village_count(w) || isnan(w->village_centre[2 * i]))
        return FALSE;
    *x = w->village_centre[2 * i];
    *y = w->village_centre[2 * i + 1];
    return TRUE;
}

int world_village_at(const vi_world *w, double x, double y)
{
    for (guint i = 0; i < w->village_geoms->len; i++) {
        const vi_geom *g = &g_array_index(w->village_geoms, vi_geom, i);
        if (g->npoints > 0 && geom_polygon_contains(g, x, y))
            return (int)i;
    }
    return -1;
}

vi_features *world_features(const vi_world *w, const char *layer)
{
    return g_hash_table_lookup(w->features, layer);
}

const char *features_value(const vi_features *f, int i, const char *name)
{
    for (int k = 0; k < f->nvalues; k++)
        if (strcmp(f->value_names[k], name) == 0)
            return f->values[(size_t)i * f->nvalues + k];
    return NULL;
}

static void features_free(gpointer data)
{
    vi_features *f = data;
    g_free(f->xy);
    g_free(f->part_start);
    g_free(f->part_feature);
    g_free(f->vert);
    g_free(f->village);
    if (f->id)
        for (int i = 0; i < f->n; i++) {
            g_free(f->id[i]);
            g_free(f->name[i]);
        }
    g_free(f->id);
    g_free(f->name);
    g_free(f->status);
    g_free((gpointer)f->value_names);
    g_free(f->values);
    g_free(f);
}

void coverage_world_free(vi_world *w)
{
    if (!w)
        return;
    g_free(w->village_filter);
    if (w->village_names)
        g_ptr_array_unref(w->village_names);
    if (w->village_index)
        g_hash_table_destroy(w->village_index);
    if (w->village_geoms) {
        for (guint i = 0; i < w->village_geoms->len; i++)
            geom_clear(&g_array_index(w->village_geoms, vi_geom, i));
        g_array_free(w->village_geoms, TRUE);
    }
    g_free(w->village_centre);
    if (w->hh_xy) {
        g_array_free(w->hh_xy, TRUE);
        g_array_free(w->hh_village, TRUE);
        g_array_free(w->hh_members, TRUE);
        g_array_free(w->hh_poor, TRUE);
    }
    if (w->hh_id)
        g_ptr_array_unref(w->hh_id);
    if (w->poor_classes)
        g_hash_table_destroy(w->poor_classes);
    statuses_free(w->statuses);
    if (w->features)
        g_hash_table_destroy(w->features);
    network_free(w->network);
    g_clear_error(&w->network_err);
    g_mutex_clear(&w->network_lock);
    g_free(w->layer_villages.name);
    g_free(w->as_of_note[VI_LANG_ZH]);
    g_free(w->as_of_note[VI_LANG_EN]);
    g_free(w);
}

/* ---- loading ------------------------------------------------------------- */

/* Poverty classes (data/poverty.tsv): which values of the households'
 * "poverty" attribute count as poor. */
typedef struct {
    char *class;
    gboolean poor;
    int line;
} poverty_row;

static const tbl_column poverty_cols[] = {
    {"class", TBL_TEXT, offsetof(poverty_row, class), TRUE, NULL},
    {"poor", TBL_BOOL, offsetof(poverty_row, poor), TRUE, NULL},
    {"line", TBL_LINENO, offsetof(poverty_row, line), FALSE, NULL},
};

/* The classes of data/poverty.tsv that count as poor, into W.  Every value
 * the registry allows for the attribute has a row, and every row is such a
 * value, so a new class cannot be left out by mistake. */
static gboolean load_poor_classes(vi_world *w, GError **err)
{
    g_autofree char *path = g_build_filename(w->reg->datadir, "poverty.tsv", NULL);
    GArray *rows = NULL;
    if (!tbl_read(path, poverty_cols, G_N_ELEMENTS(poverty_cols), sizeof(poverty_row), &rows, err))
        return FALSE;
    const vi_layer *hl = registry_layer(w->reg, VI_LAYER_HOUSEHOLDS);
    int pi = layer_attr_index(hl, "poverty");
    char **allowed = pi >= 0 ? hl->attrs[pi]->allowed : NULL;
    gboolean ok = TRUE;
    w->poor_classes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *listed = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; ok && i < rows->len; i++) {
        const poverty_row *r = &g_array_index(rows, poverty_row, i);
        if (!vi_value_allowed(allowed, r->class)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s' line %d: poverty class \"%s\" is no value of the households' "
                          "\"poverty\" in attributes.tsv"),
                        path, r->line, r->class);
            ok = FALSE;
        }
        g_hash_table_add(listed, r->class);
        if (r->poor)
            g_hash_table_add(w->poor_classes, g_strdup(r->class));
    }
    for (int i = 0; ok && allowed && allowed[i]; i++)
        if (!g_hash_table_contains(listed, allowed[i])) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s': no row for poverty class \"%s\" of attributes.tsv (say whether "
                          "it counts as poor)"),
                        path, allowed[i]);
            ok = FALSE;
        }
    g_hash_table_destroy(listed);
    tbl_rows_free(rows, poverty_cols, G_N_ELEMENTS(poverty_cols));
    return ok;
}

static int village_of(const vi_world *w, village_cache *c, const char *name)
{
    if (!name)
        return -1;
    if (c->name && strcmp(c->name, name) == 0)
        return c->index;
    g_free(c->name);
    c->name = g_strdup(name);
    c->index = world_village_index(w, name);
    return c->index;
}

static gboolean add_village(const vi_feature *f, void *user, GError **err)
{
    vi_world *w = user;
    vi_geom g = {0};
    if (!geom_from_wkb(f->wkb, f->wkb_size, &g, err))
        return FALSE;
    char *name = g_strdup(f->name ? f->name : f->id);
    g_ptr_array_add(w->village_names, name);
    g_hash_table_insert(w->village_index, name, GINT_TO_POINTER(w->village_names->len));
    g_array_append_val(w->village_geoms, g);
    return TRUE;
}

/* Households being read: a slice of the layer, into arrays of its own or
 * the world's. */
typedef struct {
    const vi_world *w;
    GArray *xy, *village, *members, *poor; /* double pairs, int, int, guint8 */
    GPtrArray *id;                         /* char *, when with_ids */
    double lon_min, lon_max;               /* of every household, for the zone */
    village_cache villages;
} household_reader;

static gboolean add_household(double lon, double lat, const char *const *v, void *user,
                              GError **err)
{
    household_reader *r = user;
    const vi_world *w = r->w;
    r->lon_min = fmin(r->lon_min, lon);
    r->lon_max = fmax(r->lon_max, lon);
    if (w->village_filter && (!v[0] || strcmp(v[0], w->village_filter) != 0))
        return TRUE;
    int village = village_of(w, &r->villages, v[0]);
    if (village < 0)
        village = world_village_count(w);
    /* Members within their plausible bounds (data/bounds.tsv), as an import
     * and edit keep them, so that no sum of people can wrap. */
    const vi_layer *hl = registry_layer(w->reg, VI_LAYER_HOUSEHOLDS);
    int mi = layer_attr_index(hl, "members");
    const vi_bound *bound = mi >= 0 ? hl->attrs[mi]->bound : NULL;
    gint64 count = 0;
    if (v[1] && (!g_ascii_string_to_signed(v[1], 10, 0, G_MAXINT, &count, NULL) ||
                 (bound && !vi_bound_contains(bound, (double)count)))) {
        char *range = bound ? vi_bound_text(bound, hl->attrs[mi]->unit) : g_strdup(_("0 or more"));
        /* The id column is read only with ids. */
        if (r->id && v[3])
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot count household \"%s\": field \"members\": expected %s, got "
                          "\"%s\" (find it with 'vinfra check', correct it with 'vinfra edit "
                          "households ID --set members=N')"),
                        v[3], range, v[1]);
        else
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot count a household of %s: field \"members\": expected %s, got "
                          "\"%s\" (find it with 'vinfra check', correct it with 'vinfra edit "
                          "households ID --set members=N')"),
                        v[0] ? v[0] : _("no village"), range, v[1]);
        g_free(range);
        return FALSE;
    }
    int members = (int)count;
    guint8 poor = v[2] && g_hash_table_contains(w->poor_classes, v[2]);
    double xy[2] = {lon, lat};
    g_array_append_vals(r->xy, xy, 2);
    g_array_append_val(r->village, village);
    g_array_append_val(r->members, members);
    g_array_append_val(r->poor, poor);
    if (r->id)
        g_ptr_array_add(r->id, g_strdup(v[3]));
    return TRUE;
}

/* A reader of households into new arrays. */
static void household_reader_init(household_reader *r, const vi_world *w)
{
    *r = (household_reader){.w = w, .lon_min = INFINITY, .lon_max = -INFINITY};
    r->xy = g_array_new(FALSE, FALSE, sizeof(double));
    r->village = g_array_new(FALSE, FALSE, sizeof(int));
    r->members = g_array_new(FALSE, FALSE, sizeof(int));
    r->poor = g_array_new(FALSE, FALSE, sizeof(guint8));
    if (w->opt.with_ids)
        r->id = g_ptr_array_new_with_free_func(g_free);
}

/* Append what R read to the world's households, and free R. */
static void household_reader_merge(household_reader *r, vi_world *w)
{
    g_array_append_vals(w->hh_xy, r->xy->data, r->xy->len);
    g_array_append_vals(w->hh_village, r->village->data, r->village->len);
    g_array_append_vals(w->hh_members, r->members->data, r->members->len);
    g_array_append_vals(w->hh_poor, r->poor->data, r->poor->len);
    if (r->id) {
        for (guint i = 0; i < r->id->len; i++)
            g_ptr_array_add(w->hh_id, g_steal_pointer(&r->id->pdata[i]));
        g_ptr_array_unref(r->id);
    }
    w->lon_min = fmin(w->lon_min, r->lon_min);
    w->lon_max = fmax(w->lon_max, r->lon_max);
    g_array_free(r->xy, TRUE);
    g_array_free(r->village, TRUE);
    g_array_free(r->members, TRUE);
    g_array_free(r->poor, TRUE);
    g_free(r->villages.name);
}

/* Households of slice PART of NPARTS, read on their own connection. */
typedef struct {
    vi_store *origin; /* the store this slice's reader is cloned from */
    const vi_layer *layer;
    const char *const *cols;
    int part, nparts;
    household_reader r;
    GError *err;
} household_slice;

static gpointer read_household_slice(gpointer data)
{
    household_slice *s = data;
    vi_store *store = store_clone_reader(s->origin, &s->err);
    if (store)
        store_point_scan(store, s->layer, s->cols, s->part, s->nparts, add_household, &s->r,
                         &s->err);
    store_close(store);
    return NULL;
}

/* A layer of at least this many fids is read in two slices at once. */
#define VI_SLICED_LAYER 20000

/* Read the households (the rows of the --village, if any) in fid order. */
static gboolean read_households(vi_world *w, vi_store *store, const char *const *cols, GError **err)
{
    const vi_layer *layer = registry_layer(w->reg, VI_LAYER_HOUSEHOLDS);
    gint64 span = 0;
    if (!store_fid_span(store, layer, &span, err))
        return FALSE;
    int nparts = span >= VI_SLICED_LAYER && g_get_num_processors() > 1 ? 2 : 1;
    /* The first slice goes straight into the world's arrays. */
    household_reader first = {.w = w,
                              .xy = w->hh_xy,
                              .village = w->hh_village,
                              .members = w->hh_members,
                              .poor = w->hh_poor,
                              .id = w->hh_id,
                              .lon_min = INFINITY,
                              .lon_max = -INFINITY};
    household_slice second = {
        .origin = store, .layer = layer, .cols = cols, .part = 1, .nparts = nparts};
    GThread *reader = NULL;
    if (nparts > 1) {
        household_reader_init(&second.r, w);
        reader = g_thread_new("households", read_household_slice, &second);
    }
    gboolean ok = store_point_scan(store, layer, cols, 0, nparts, add_household, &first, err);
    w->lon_min = first.lon_min;
    w->lon_max = first.lon_max;
    g_free(first.villages.name);
    if (reader) {
        g_thread_join(reader);
        if (ok && second.err) {
            g_propagate_error(err, second.err);
            ok = FALSE;
        }
        g_clear_error(&second.err);
        household_reader_merge(&second.r, w);
    }
    w->nhh = (int)w->hh_village->len;
    return ok;
}

/* A layer being read: growing arrays, turned into a vi_features at the end. */
typedef struct {
    vi_world *w;
    vi_features *f;
    GArray *xy, *vert, *part_start, *part_feature, *village;
    GPtrArray *id, *name;
    GArray *status, *values;
    int *attr_index; /* per loaded value: index into the layer's attributes */
} layer_reader;

static void reader_common(layer_reader *r, const char *id, const char *name, const char *status,
                          const char *village)
{
    int v = village_of(r->w, &r->w->layer_villages, village);
    g_array_append_val(r->village, v);
    const char *st = g_intern_string(status);
    g_array_append_val(r->status, st);
    if (r->id) {
        g_ptr_array_add(r->id, g_strdup(id));
        g_ptr_array_add(r->name, g_strdup(name));
    }
    r->f->n++;
}

static gboolean add_point(double lon, double lat, const char *const *v, void *user, GError **err)
{
    (void)err;
    layer_reader *r = user;
    double xy[2] = {lon, lat};
    g_array_append_vals(r->xy, xy, 2);
    for (int k = 0; k < r->f->nvalues; k++) {
        const char *s = g_intern_string(v[4 + k]);
        g_array_append_val(r->values, s);
    }
    reader_common(r, v[0], v[1], v[2], v[3]);
    return TRUE;
}

static gboolean add_line(const vi_feature *f, void *user, GError **err)
{
    layer_reader *r = user;
    vi_geom g = {0};
    if (!geom_from_wkb(f->wkb, f->wkb_size, &g, err))
        return FALSE;
    for (int p = 0; p < g.nparts; p++) {
        int start = (int)r->vert->len / 2;
        g_array_append_val(r->part_start, start);
        g_array_append_val(r->part_feature, r->f->n);
        g_array_append_vals(r->vert, g.xy + 2 * g.part_start[p],
                            (guint)(2 * (g.part_start[p + 1] - g.part_start[p])));
    }
    geom_clear(&g);
    for (int k = 0; k < r->f->nvalues; k++) {
        const char *s = g_intern_string(f->attrs[r->attr_index[k]]);
        g_array_append_val(r->values, s);
    }
    reader_common(r, f->id, f->name, f->status, f->village);
    return TRUE;
}

/* Read LAYER with the attributes named in ATTRS (a set of names), and the
 * feature ids and names when WITH_IDS. */
static gboolean load_layer(vi_world *w, vi_store *store, const vi_layer *layer, GHashTable *attrs,
                           gboolean with_ids, GError **err)
{
    vi_features *f = g_new0(vi_features, 1);
    f->layer = layer;
    layer_reader r = {.w = w, .f = f};
    r.xy = g_array_new(FALSE, FALSE, sizeof(double));
    r.vert = g_array_new(FALSE, FALSE, sizeof(double));
    r.part_start = g_array_new(FALSE, FALSE, sizeof(int));
    r.part_feature = g_array_new(FALSE, FALSE, sizeof(int));
    r.village = g_array_new(FALSE, FALSE, sizeof(int));
    r.status = g_array_new(FALSE, FALSE, sizeof(char *));
    r.values = g_array_new(FALSE, FALSE, sizeof(char *));
    if (with_ids) {
        r.id = g_ptr_array_new();
        r.name = g_ptr_array_new();
    }
    /* Attributes in the layer's order, so the values do not depend on hashing. */
    const char **names = g_new0(const char *, layer->nattrs + 1);
    r.attr_index = g_new0(int, layer->nattrs + 1);
    for (int a = 0; a < layer->nattrs; a++)
        if (g_hash_table_contains(attrs, layer->attrs[a]->name)) {
            r.attr_index[f->nvalues] = a;
            names[f->nvalues++] = layer->attrs[a]->name;
        }
    f->value_names = names;
    gboolean ok;
    if (layer->geometry == VI_GEOM_POINT) {
        const char **cols = g_new0(const char *, f->nvalues + 5);
        cols[0] = "id", cols[1] = "name", cols[2] = "status", cols[3] = "village";
        for (int k = 0; k < f->nvalues; k++)
            cols[4 + k] = names[k];
        ok = store_point_scan(store, layer, cols, 0, 1, add_point, &r, err);
        g_free(cols);
    } else {
        ok = store_feature_scan(store, layer, NULL, add_line, &r, err);
    }
    int end = (int)r.vert->len / 2;
    g_array_append_val(r.part_start, end);
    f->nparts = (int)r.part_feature->len;
    f->xy = (double *)g_array_free(r.xy, FALSE);
    f->vert = (double *)g_array_free(r.vert, FALSE);
    f->part_start = (int *)g_array_free(r.part_start, FALSE);
    f->part_feature = (int *)g_array_free(r.part_feature, FALSE);
    f->village = (int *)g_array_free(r.village, FALSE);
    f->status = (const char **)g_array_free(r.status, FALSE);
    f->values = (const char **)g_array_free(r.values, FALSE);
    if (r.id) {
        f->id = (char **)g_ptr_array_free(r.id, FALSE);
        f->name = (char **)g_ptr_array_free(r.name, FALSE);
    }
    g_free(r.attr_index);
    g_hash_table_insert(w->features, layer->name, f);
    return ok;
}

/* The polygon's area-weighted centroid (shells add, holes subtract). */
static gboolean polygon_centroid(const vi_geom *g, double *cx, double *cy)
{
    double a = 0, sx = 0, sy = 0;
    for (int p = 0; p < g->nparts; p++) {
        const double *v = g->xy + 2 * g->part_start[p];
        int n = g->part_start[p + 1] - g->part_start[p];
        /* Relative to the first vertex: keeps the cross products small. */
        double x0 = v[0], y0 = v[1], ra = 0, rx = 0, ry = 0;
        for (int i = 0; i < n; i++) {
            double xi = v[2 * i] - x0, yi = v[2 * i + 1] - y0;
            double xj = v[2 * ((i + 1) % n)] - x0, yj = v[2 * ((i + 1) % n) + 1] - y0;
            double c = xi * yj - xj * yi;
            ra += c;
            rx += (xi + xj) * c;
            ry += (yi + yj) * c;
        }
        /* Shells and holes: whatever their winding, a hole takes area away. */
        gboolean shell = g->part_poly ? (p == 0 || g->part_poly[p] != g->part_poly[p - 1]) : p == 0;
        double sign = (ra >= 0) == shell ? 1 : -1;
        a += sign * ra;
        sx += sign * (rx + 3 * x0 * ra);
        sy += sign * (ry + 3 * y0 * ra);
    }
    if (fabs(a) < 1e-6)
        return FALSE;
    *cx = sx / (3 * a);
    *cy = sy / (3 * a);
    return TRUE;
}

typedef struct {
    int epsg;
    double *xy;
    GError *err; /* the first failure of the thread */
} project_job;

static void project_range(int thread, int start, int end, void *user)
{
    project_job *j = (project_job *)user + thread;
    if (!j->err)
        gk_project(j->epsg, j->xy + 2 * (size_t)start, (size_t)(end - start), &j->err);
}

/* Project N points in place, on all processors. */
static gboolean project_points(int epsg, double *xy, int n, GError **err)
{
    if (n == 0)
        return TRUE;
    project_job jobs[VI_MAX_THREADS];
    for (int t = 0; t < VI_MAX_THREADS; t++)
        jobs[t] = (project_job){epsg, xy, NULL};
    coverage_parallel_chunks(n, project_range, jobs);
    gboolean ok = TRUE;
    for (int t = 0; t < VI_MAX_THREADS; t++) {
        if (jobs[t].err && ok) {
            g_propagate_error(err, jobs[t].err);
            ok = FALSE;
        } else if (jobs[t].err) {
            g_error_free(jobs[t].err);
        }
    }
    return ok;
}

/* The Gauss-Krüger zone of the households' centre (of the villages, else
 * the registry's region, when there are none). */
static gboolean choose_zone(vi_world *w, GError **err)
{
    double centre = (w->lon_min + w->lon_max) / 2;
    if (!isfinite(centre)) {
        double lo = INFINITY, hi = -INFINITY;
        for (guint i = 0; i < w->village_geoms->len; i++) {
            const vi_geom *g = &g_array_index(w->village_geoms, vi_geom, i);
            for (int k = 0; k < g->npoints; k++) {
                lo = fmin(lo, g->xy[2 * k]);
                hi = fmax(hi, g->xy[2 * k]);
            }
        }
        const vi_region *region = registry_region(w->reg);
        centre = isfinite(lo) ? (lo + hi) / 2 : (region->min_lon + region->max_lon) / 2;
    }
    w->epsg = gk_zone_epsg(centre);
    if (!w->epsg) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("no CGCS2000 Gauss-Kruger zone for data centred at longitude %.3f"), centre);
        return FALSE;
    }
    return TRUE;
}

/* Project the layers and the village outlines, and centre each village on
 * its polygon (NAN where it has none). */
static gboolean project_features(vi_world *w, GError **err)
{
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, w->features);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        vi_features *f = value;
        if (!project_points(w->epsg, f->xy, f->layer->geometry == VI_GEOM_POINT ? f->n : 0, err) ||
            !project_points(w->epsg, f->vert, f->part_start[f->nparts], err))
            return FALSE;
    }
    /* Village outlines: all in one call (setting up a projection costs
     * milliseconds, projecting a point microseconds). */
    int nv = world_village_count(w);
    GArray *outline = g_array_new(FALSE, FALSE, sizeof(double));
    for (int i = 0; i < nv; i++) {
        vi_geom *g = &g_array_index(w->village_geoms, vi_geom, i);
        g_array_append_vals(outline, g->xy, (guint)(2 * g->npoints));
    }
    if (!gk_project(w->epsg, (double *)outline->data, outline->len / 2, err)) {
        g_array_free(outline, TRUE);
        return FALSE;
    }
    w->village_centre = g_new(double, 2 * (nv + 1));
    for (int i = 0, at = 0; i < nv; i++) {
        vi_geom *g = &g_array_index(w->village_geoms, vi_geom, i);
        memcpy(g->xy, &g_array_index(outline, double, at), sizeof(double) * 2 * g->npoints);
        at += 2 * g->npoints;
        if (!polygon_centroid(g, &w->village_centre[2 * i], &w->village_centre[2 * i + 1]))
            w->village_centre[2 * i] = w->village_centre[2 * i + 1] = NAN;
    }
    g_array_free(outline, TRUE);
    return TRUE;
}

static void order_households(vi_world *w);

/* Households are projected and put in order on a thread of their own while
 * the layers are read: the two take about as long. */
typedef struct {
    vi_world *w;
    double *sum; /* per village: x, y and count of its households, projected */
    GError *err;
} household_job;

static gpointer place_households(gpointer data)
{
    household_job *j = data;
    vi_world *w = j->w;
    if (!project_points(w->epsg, (double *)w->hh_xy->data, w->nhh, &j->err))
        return NULL;
    /* Summed in reading order, before ordering, as they always were. */
    const double *xy = world_household_xy(w);
    for (int h = 0; h < w->nhh; h++) {
        int v = world_household_village(w)[h];
        j->sum[3 * v] += xy[2 * h];
        j->sum[3 * v + 1] += xy[2 * h + 1];
        j->sum[3 * v + 2] += 1;
    }
    order_households(w);
    return NULL;
}

/* Put the households in Hilbert order. */
static void order_households(vi_world *w)
{
    int n = w->nhh;
    int *order = spindex_hilbert_order(world_household_xy(w), n);
    GArray *xy = g_array_sized_new(FALSE, FALSE, sizeof(double), 2 * n);
    GArray *village = g_array_sized_new(FALSE, FALSE, sizeof(int), n);
    GArray *members = g_array_sized_new(FALSE, FALSE, sizeof(int), n);
    GArray *poor = g_array_sized_new(FALSE, FALSE, sizeof(guint8), n);
    g_array_set_size(xy, 2 * n);
    g_array_set_size(village, n);
    g_array_set_size(members, n);
    g_array_set_size(poor, n);
    const double *oxy = (const double *)w->hh_xy->data;
    const int *ov = (const int *)w->hh_village->data, *om = (const int *)w->hh_members->data;
    const guint8 *op = (const guint8 *)w->hh_poor->data;
    double *nxy = (double *)xy->data;
    int *nv = (int *)village->data, *nm = (int *)members->data;
    guint8 *np = (guint8 *)poor->data;
    for (int i = 0; i < n; i++) {
        int h = order[i];
        nxy[2 * i] = oxy[2 * h];
        nxy[2 * i + 1] = oxy[2 * h + 1];
        nv[i] = ov[h];
        nm[i] = om[h];
        np[i] = op[h];
    }
    if (w->hh_id) {
        GPtrArray *id = g_ptr_array_new_full(n, g_free);
        for (int i = 0; i < n; i++)
            g_ptr_array_add(id, g_steal_pointer(&w->hh_id->pdata[order[i]]));
        g_ptr_array_unref(w->hh_id);
        w->hh_id = id;
    }
    g_array_free(w->hh_xy, TRUE);
    g_array_free(w->hh_village, TRUE);
    g_array_free(w->hh_members, TRUE);
    g_array_free(w->hh_poor, TRUE);
    w->hh_xy = xy, w->hh_village = village, w->hh_members = members, w->hh_poor = poor;
    g_free(order);
}

/* Note that LAYER must be loaded, with attribute ATTR (may be NULL). */
static void want(GHashTable *layers, const char *layer, const char *attr)
{
    GHashTable *attrs = g_hash_table_lookup(layers, layer);
    if (!attrs) {
        attrs = g_hash_table_new(g_str_hash, g_str_equal);
        g_hash_table_insert(layers, (gpointer)layer, attrs);
    }
    if (attr)
        g_hash_table_add(attrs, (gpointer)attr);
}

/* The roads, and the rivers and bridges that decide where roads cross rivers. */
static void want_network(GHashTable *layers, const vi_registry *reg)
{
    want(layers, VI_NETWORK_LAYER, NULL);
    if (registry_layer(reg, VI_RIVER_LAYER) && registry_layer(reg, VI_BRIDGE_LAYER)) {
        want(layers, VI_RIVER_LAYER, NULL);
        want(layers, VI_BRIDGE_LAYER, NULL);
    }
}

static vi_world *load_world(vi_store *store, GPtrArray *measures, const vi_coverage_options *opt,
                            GError **err)
{
    const vi_registry *reg = store_registry(store);
    vi_world *w = g_new0(vi_world, 1);
    g_mutex_init(&w->network_lock);
    w->reg = reg;
    w->opt = *opt;
    w->village_filter = g_strdup(opt->village);
    w->opt.village = w->village_filter;
    w->lon_min = INFINITY;
    w->lon_max = -INFINITY;
    w->village_names = g_ptr_array_new_with_free_func(g_free);
    w->village_index = g_hash_table_new(g_str_hash, g_str_equal);
    w->village_geoms = g_array_new(FALSE, TRUE, sizeof(vi_geom));
    w->features = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, features_free);
    w->hh_xy = g_array_new(FALSE, FALSE, sizeof(double));
    w->hh_village = g_array_new(FALSE, FALSE, sizeof(int));
    w->hh_members = g_array_new(FALSE, FALSE, sizeof(int));
    w->hh_poor = g_array_new(FALSE, FALSE, sizeof(guint8));
    if (opt->with_ids)
        w->hh_id = g_ptr_array_new_with_free_func(g_free);

    const vi_layer *villages = registry_layer(reg, VI_LAYER_VILLAGES);
    if (!store_feature_scan(store, villages, NULL, add_village, w, err))
        goto out;
    if (opt->village && world_village_index(w, opt->village) < 0) {
        if (world_village_count(w) == 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("unknown village \"%s\": the database has no villages yet"),
                        opt->village);
        } else {
            g_ptr_array_add(w->village_names, NULL);
            char *names = g_strjoinv(_(", "), (char **)w->village_names->pdata);
            g_ptr_array_remove_index(w->village_names, w->village_names->len - 1);
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("unknown village \"%s\": expected one of %s"), opt->village, names);
            g_free(names);
        }
        goto out;
    }
    static const char *const hh_cols[] = {"village", "members", "poverty", "id", NULL};
    const char *cols[5];
    memcpy(cols, hh_cols, sizeof cols);
    if (!opt->with_ids)
        cols[3] = NULL;
    if (!load_poor_classes(w, err) || !(w->statuses = statuses_load(reg->datadir, err)) ||
        !read_households(w, store, cols, err) || !choose_zone(w, err))
        goto out;
    int nv = world_village_count(w);
    household_job placing = {w, g_new0(double, 3 * (nv + 1)), NULL};
    GThread *placer = g_thread_new("households", place_households, &placing);

    /* Every layer the measures read, with the attributes their rules test. */
    GHashTable *layers =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_hash_table_destroy);
    GHashTable *named = g_hash_table_new(g_str_hash, g_str_equal); /* layers read with ids */
    for (guint m = 0; m < measures->len; m++) {
        const vi_measure_def *def = measures->pdata[m];
        for (int k = 0; k < def->nrules; k++) {
            const vi_rule *r = def->rules[k];
            want(layers, r->layer, r->where_attr);
            if (r->method == VI_METHOD_TERRAIN &&
                layer_attr_index(registry_layer(reg, r->layer), "height") >= 0)
                want(layers, r->layer, "height");
            if (def->target_kind != VI_TARGET_HOUSEHOLDS)
                want(layers, r->target, NULL);
            /* Committees are listed by name; other layers only for gaps and plan. */
            if (def->target_kind == VI_TARGET_POINTS)
                g_hash_table_add(named, r->target);
            if (opt->with_ids)
                g_hash_table_add(named, r->layer);
            if (r->method == VI_METHOD_ROAD)
                want_network(layers, reg);
        }
    }
    if (opt->with_roads) {
        want(layers, VI_NETWORK_LAYER, NULL);
        if (opt->with_ids)
            g_hash_table_add(named, (gpointer)VI_NETWORK_LAYER);
    }
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, layers);
    gboolean ok = TRUE;
    while (ok && g_hash_table_iter_next(&it, &key, &value)) {
        const vi_layer *layer = registry_layer(reg, key);
        if (!layer) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("coverage needs layer \"%s\", which the "
                          "registry does not have"),
                        (const char *)key);
            ok = FALSE;
        } else {
            ok = load_layer(w, store, layer, value, g_hash_table_contains(named, key), err);
        }
    }
    g_hash_table_destroy(layers);
    g_hash_table_destroy(named);
    ok = ok && project_features(w, err);
    g_thread_join(placer);
    if (ok && placing.err) {
        g_propagate_error(err, placing.err);
        ok = FALSE;
    }
    g_clear_error(&placing.err);
    /* A village without a usable polygon is centred on its households. */
    for (int i = 0; ok && i < nv; i++)
        if (isnan(w->village_centre[2 * i]) && placing.sum[3 * i + 2] > 0) {
            w->village_centre[2 * i] = placing.sum[3 * i] / placing.sum[3 * i + 2];
            w->village_centre[2 * i + 1] = placing.sum[3 * i + 1] / placing.sum[3 * i + 2];
        }
    g_free(placing.sum);
    if (!ok)
        goto out;
    return w;
out:
    coverage_world_free(w);
    return NULL;
}

vi_world *coverage_load(vi_store *store, GPtrArray *measures, const vi_coverage_options *opt,
                        GError **err)
{
    int was_as_of = store_as_of(store);
    if (!store_set_as_of(store, opt->as_of, err))
        return NULL;
    vi_world *w = load_world(store, measures, opt, err);
    if (w && opt->as_of) {
        w->as_of_note[VI_LANG_ZH] = store_as_of_note(store, VI_LANG_ZH);
        w->as_of_note[VI_LANG_EN] = store_as_of_note(store, VI_LANG_EN);
    }
    store_set_as_of(store, was_as_of, NULL);
    return w;
}

const char *world_as_of_note(const vi_world *w, vi_lang lang)
{
    return w->as_of_note[lang];
}

/* ---- the road network ------------------------------------------------------ */

/* Does a road or bridge with STATUS carry traffic?  One of kind planned
 * (data/statuses.tsv) only after the plan. */
static gboolean stands(const vi_world *w, const char *status)
{
    return w->opt.after_plan || !statuses_planned(w->statuses, status);
}

static vi_network *build_network(vi_world *w, GError **err)
{
    const vi_features *f = world_features(w, VI_NETWORK_LAYER);
    if (!f) {
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("layer \"%s\" was not loaded"),
                    VI_NETWORK_LAYER);
        return NULL;
    }
    /* Every road that exists (and, after the plan, every planned one too). */
    const double **lines = g_new(const double *, f->nparts + 1);
    int *npoints = g_new(int, f->nparts + 1);
    int nlines = 0;
    for (int p = 0; p < f->nparts; p++) {
        if (!stands(w, f->status[f->part_feature[p]]))
            continue;
        lines[nlines] = f->vert + 2 * f->part_start[p];
        npoints[nlines++] = f->part_start[p + 1] - f->part_start[p];
    }
    vi_network *net;
    const vi_features *rivers = world_features(w, VI_RIVER_LAYER);
    const vi_features *bridges = world_features(w, VI_BRIDGE_LAYER);
    if (rivers && rivers->nparts > 0) {
        const double **river_xy = g_new(const double *, rivers->nparts);
        int *river_np = g_new(int, rivers->nparts);
        for (int p = 0; p < rivers->nparts; p++) {
            river_xy[p] = rivers->vert + 2 * rivers->part_start[p];
            river_np[p] = rivers->part_start[p + 1] - rivers->part_start[p];
        }
        /* Bridges that stand (planned ones only after the plan). */
        double *bridge_xy = g_new(double, bridges ? 2 * bridges->n + 1 : 1);
        int nbridges = 0;
        for (int i = 0; bridges && i < bridges->n; i++) {
            if (!stands(w, bridges->status[i]))
                continue;
            bridge_xy[2 * nbridges] = bridges->xy[2 * i];
            bridge_xy[2 * nbridges++ + 1] = bridges->xy[2 * i + 1];
        }
        vi_crossings *cut = crossings_cut(lines, npoints, nlines, river_xy, river_np,
                                          rivers->nparts, bridge_xy, nbridges, VI_BRIDGE_M);
        w->river_crossings = cut->crossings;
        w->unbridged_crossings = cut->unbridged;
        net = network_build((const double *const *)cut->line_xy, cut->line_npoints, cut->nlines,
                            VI_NETWORK_SNAP_M, err);
        crossings_free(cut);
        g_free(bridge_xy);
        g_free(river_np);
        g_free(river_xy);
    } else {
        net = network_build(lines, npoints, nlines, VI_NETWORK_SNAP_M, err);
    }
    g_free(lines);
    g_free(npoints);
    return net;
}

void world_river_crossings(const vi_world *w, int *crossings, int *unbridged)
{
    *crossings = w->river_crossings;
    *unbridged = w->unbridged_crossings;
}

const vi_network *world_network(vi_world *w, GError **err)
{
    g_mutex_lock(&w->network_lock);
    if (!w->network && !w->network_err)
        w->network = build_network(w, &w->network_err);
    const vi_network *net = w->network;
    if (!net)
        g_propagate_error(err, g_error_copy(w->network_err));
    g_mutex_unlock(&w->network_lock);
    return net;
}
