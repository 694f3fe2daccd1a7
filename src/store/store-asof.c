/*
 * store-asof.c - the world as it stood at the end of a year (store.h, "as
 * of a year"): the one filter every read of the front door goes through
 * when a year is set, so that stats, coverage, gaps, maps and the atlas
 * see the same past without each knowing how it is made.
 *
 * Which features stood is the registry's and statuses.tsv's to say, not
 * C's: a layer with statuses holds assets (the villages and the households,
 * without, stand all along); a status of kind planned never stood; a
 * feature of a later year stood with the status its status "was" (a road
 * widened in 2019 was an existing road in 2018) or not at all.  Features
 * without a year stand, as statuses.tsv's kind existing says of the
 * assets that were there before the programme; the ones whose status says
 * the programme did them are remembered, so that a report can say which
 * works it counted as standing for want of a year.
 */
#include "store-int.h"
#include "i18n.h"
#include "statuses.h"
#include "vi-error.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct store_asof {
    gint ref;
    int year; /* 0: today, nothing filtered */
    vi_statuses *statuses;
    /* The works met without a year: layer name (borrowed from the registry,
     * or VI_LEDGER_TABLE) -> GPtrArray of ids (owned), in the order met;
     * and the "layer\nid" keys already there.  Clones read on other threads
     * record into the same table. */
    GMutex lock;
    GHashTable *undated;
    GHashTable *seen;
    GPtrArray *order; /* layer names in the order first met */
};

static store_asof *as_of_new(const vi_registry *reg, GError **err)
{
    vi_statuses *st = statuses_load(reg->datadir, err);
    if (!st)
        return NULL;
    store_asof *a = g_new0(store_asof, 1);
    a->ref = 1;
    a->statuses = st;
    g_mutex_init(&a->lock);
    a->undated =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
    a->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    a->order = g_ptr_array_new();
    return a;
}

store_asof *store_as_of_ref(store_asof *a)
{
    if (a)
        g_atomic_int_inc(&a->ref);
    return a;
}

void store_as_of_unref(store_asof *a)
{
    if (!a || !g_atomic_int_dec_and_test(&a->ref))
        return;
    statuses_free(a->statuses);
    g_hash_table_destroy(a->undated);
    g_hash_table_destroy(a->seen);
    g_ptr_array_free(a->order, TRUE);
    g_mutex_clear(&a->lock);
    g_free(a);
}

gboolean store_set_as_of(vi_store *store, int year, GError **err)
{
    g_return_val_if_fail(year >= 0, FALSE);
    if (!store->as_of && year == 0)
        return TRUE;
    if (!store->as_of && !(store->as_of = as_of_new(store->reg, err)))
        return FALSE;
    store->as_of->year = year;
    return TRUE;
}

int store_as_of(const vi_store *store)
{
    return store->as_of ? store->as_of->year : 0;
}

gboolean store_as_of_active(const vi_store *store, const vi_layer *layer)
{
    return store->as_of && store->as_of->year && (!layer || layer->statuses);
}

/* Remember work ID of LAYER_NAME, met without a year. */
static void note_undated(store_asof *a, const char *layer_name, const char *id)
{
    char *key = g_strdup_printf("%s\n%s", layer_name, id ? id : "");
    g_mutex_lock(&a->lock);
    if (g_hash_table_add(a->seen, key)) {
        GPtrArray *ids = g_hash_table_lookup(a->undated, layer_name);
        if (!ids) {
            ids = g_ptr_array_new_with_free_func(g_free);
            g_hash_table_insert(a->undated, (gpointer)layer_name, ids);
            g_ptr_array_add(a->order, (gpointer)layer_name);
        }
        g_ptr_array_add(ids, g_strdup(id ? id : ""));
    }
    g_mutex_unlock(&a->lock);
}

/* How feature ID of LAYER with STATUS and YEAR (0: none) reads as of the
 * store's year: FALSE when it did not stand; else TRUE, with *WORK set to
 * the status row of the work done on it later, whose "was" it is read
 * with (NULL when it is read as it is). */
static gboolean stood(store_asof *a, const vi_layer *layer, const char *id, const char *status,
                      int year, const vi_status **work)
{
    *work = NULL;
    const vi_status *row = statuses_get(a->statuses, status);
    if (row && row->kind == VI_STATUS_PLANNED)
        return FALSE;
    if (year == 0) {
        if (!row || row->kind != VI_STATUS_EXISTING)
            note_undated(a, layer->name, id);
        return TRUE;
    }
    if (year <= a->year)
        return TRUE;
    *work = row && row->was ? row : NULL;
    return *work != NULL;
}

/* ---- features ---- */

typedef struct {
    store_asof *a;
    const vi_layer *layer;
    vi_feature_fn fn;
    void *user;
} feature_filter;

static gboolean filter_feature(const vi_feature *f, void *user, GError **err)
{
    feature_filter *ff = user;
    const vi_status *work;
    if (!stood(ff->a, ff->layer, f->id, f->status, f->year, &work))
        return TRUE;
    if (!work)
        return ff->fn(f, ff->user, err);
    /* Before its work the asset had its old status, neither the work's
     * year nor its project, and none of the values the work gave. */
    const vi_layer *l = ff->layer;
    const char **attrs = g_new(const char *, (size_t)l->nattrs + 1);
    for (int k = 0; k < l->nattrs; k++)
        attrs[k] = work->sets && g_strv_contains((const char *const *)work->sets, l->attrs[k]->name)
                       ? NULL
                       : f->attrs[k];
    vi_feature before = *f;
    before.status = work->was;
    before.year = 0;
    before.project = NULL;
    before.attrs = attrs;
    gboolean ok = ff->fn(&before, ff->user, err);
    g_free(attrs);
    return ok;
}

gboolean store_as_of_feature_scan(vi_store *store, const vi_layer *layer, const char *village,
                                  vi_feature_fn fn, void *user, GError **err)
{
    feature_filter ff = {store->as_of, layer, fn, user};
    return store->backend->feature_scan(store, layer, village, filter_feature, &ff, err);
}

static gboolean count_feature(const vi_feature *f, void *user, GError **err)
{
    (void)f, (void)err;
    (*(gint64 *)user)++;
    return TRUE;
}

gint64 store_as_of_feature_count(vi_store *store, const vi_layer *layer, const char *village,
                                 GError **err)
{
    gint64 n = 0;
    return store_as_of_feature_scan(store, layer, village, count_feature, &n, err) ? n : -1;
}

/* ---- points ---- */

typedef struct {
    store_asof *a;
    const vi_layer *layer;
    const char *const *columns; /* the caller's */
    int ncols;                  /* how many; status and year follow them */
    int id_col;                 /* index of "id" among them, or -1 */
    const char **values;
    vi_point_fn fn;
    void *user;
} point_filter;

static gboolean filter_point(double lon, double lat, const char *const *v, void *user, GError **err)
{
    point_filter *pf = user;
    const char *status = v[pf->ncols], *year_text = v[pf->ncols + 1];
    int year = year_text ? (int)strtol(year_text, NULL, 10) : 0;
    const vi_status *work;
    if (!stood(pf->a, pf->layer, pf->id_col >= 0 ? v[pf->id_col] : NULL, status, year, &work))
        return TRUE;
    if (!work)
        return pf->fn(lon, lat, v, pf->user, err);
    for (int i = 0; i < pf->ncols; i++) {
        const char *c = pf->columns[i];
        gboolean gone = strcmp(c, "year") == 0 || strcmp(c, "project") == 0 ||
                        (work->sets && g_strv_contains((const char *const *)work->sets, c));
        pf->values[i] = strcmp(c, "status") == 0 ? work->was : gone ? NULL : v[i];
    }
    return pf->fn(lon, lat, pf->values, pf->user, err);
}

static int column_index(const char *const *columns, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(columns[i], name) == 0)
            return i;
    return -1;
}

gboolean store_as_of_point_scan(vi_store *store, const vi_layer *layer, const char *const *columns,
                                int part, int nparts, vi_point_fn fn, void *user, GError **err)
{
    int n = 0;
    while (columns[n])
        n++;
    /* The caller's columns, then the two the filter reads. */
    const char **cols = g_new0(const char *, (size_t)n + 3);
    memcpy(cols, columns, sizeof(char *) * (size_t)n);
    cols[n] = "status";
    cols[n + 1] = "year";
    point_filter pf = {store->as_of,
                       layer,
                       columns,
                       n,
                       column_index(columns, n, "id"),
                       g_new0(const char *, (size_t)n + 1),
                       fn,
                       user};
    /* Without the ids, a work without a year is remembered all the same
     * (under an empty id): the note counts it. */
    if (pf.id_col < 0) {
        g_free(cols);
        cols = g_new0(const char *, (size_t)n + 4);
        memcpy(cols, columns, sizeof(char *) * (size_t)n);
        cols[n] = "status";
        cols[n + 1] = "year";
        cols[n + 2] = "id";
        pf.id_col = n + 2;
    }
    gboolean ok =
        store->backend->point_scan(store, layer, cols, part, nparts, filter_point, &pf, err);
    g_free(pf.values);
    g_free(cols);
    return ok;
}

/* ---- projects and photos ---- */

typedef struct {
    store_asof *a;
    vi_project_fn fn;
    void *user;
} project_filter;

static gboolean filter_project(const vi_project *p, void *user, GError **err)
{
    project_filter *pf = user;
    if (p->year > pf->a->year)
        return TRUE;
    if (p->year == 0)
        note_undated(pf->a, VI_LEDGER_TABLE, p->id);
    return pf->fn(p, pf->user, err);
}

gboolean store_as_of_project_scan(vi_store *store, const char *village, vi_project_fn fn,
                                  void *user, GError **err)
{
    project_filter pf = {store->as_of, fn, user};
    return store->backend->project_scan(store, village, filter_project, &pf, err);
}

typedef struct {
    int year;
    vi_photo_fn fn;
    void *user;
} photo_filter;

/* A photo is of the past when its camera dated it in or before the year. */
static gboolean filter_photo(const vi_photo *p, void *user, GError **err)
{
    photo_filter *pf = user;
    if (!p->taken_at || strtol(p->taken_at, NULL, 10) > pf->year)
        return TRUE;
    return pf->fn(p, pf->user, err);
}

gboolean store_as_of_photo_scan(vi_store *store, const char *village, const char *layer,
                                gboolean with_jpeg, vi_photo_fn fn, void *user, GError **err)
{
    photo_filter pf = {store->as_of->year, fn, user};
    return store->backend->photo_scan(store, village, layer, with_jpeg, filter_photo, &pf, err);
}

/* ---- what a report says of it ---- */

char *store_as_of_phrase(int year, vi_lang lang)
{
    return g_strdup_printf(vi_i18n_in(lang, N_("as of the end of %d")), year);
}

/* At most this many ids of a layer are named; more are counted. */
#define NAMED_IDS 5

char *store_as_of_note(vi_store *store, vi_lang lang)
{
    store_asof *a = store->as_of;
    if (!a)
        return NULL;
    g_mutex_lock(&a->lock);
    gint64 total = 0;
    GString *list = g_string_new(NULL);
    for (guint i = 0; i < a->order->len; i++) {
        const char *name = a->order->pdata[i];
        GPtrArray *ids = g_hash_table_lookup(a->undated, name);
        const vi_layer *l = registry_layer(store->reg, name);
        const char *label = l ? vi_text(lang, l->name_zh, l->name_en)
                            : strcmp(name, VI_LEDGER_TABLE) == 0
                                ? vi_i18n_in(lang, N_("ledger projects"))
                                : name;
        total += ids->len;
        if (list->len)
            g_string_append(list, vi_i18n_in(lang, N_("; ")));
        gboolean named = ids->len <= NAMED_IDS;
        for (guint k = 0; named && k < ids->len; k++)
            named = *(const char *)ids->pdata[k] != '\0';
        if (named) {
            g_string_append_printf(list, "%s ", label);
            for (guint k = 0; k < ids->len; k++)
                g_string_append_printf(list, "%s%s", k ? vi_i18n_in(lang, N_(", ")) : "",
                                       (const char *)ids->pdata[k]);
        } else {
            g_string_append_printf(list, vi_i18n_in(lang, N_("%s (%u)")), label, ids->len);
        }
    }
    g_mutex_unlock(&a->lock);
    if (total == 0) {
        g_string_free(list, TRUE);
        return NULL;
    }
    /* One form in Chinese; the English plural when the note is not in the
     * session's language (a catalogue's plural is only in its own). */
    const char *one = "%" PRId64 " work has no year and is counted as standing before the "
                      "programme: %s",
               *many = "%" PRId64 " works have no year and are counted as standing before the "
                       "programme: %s";
    const char *fmt = lang == vi_i18n_language()
                          ? NG_("%" PRId64 " work has no year and is counted as standing before "
                                "the programme: %s",
                                "%" PRId64 " works have no year and are counted as standing "
                                "before the programme: %s",
                                (unsigned long)total)
                      : lang == VI_LANG_EN ? (total == 1 ? one : many)
                                           : vi_i18n_in(lang, one);
    char *note = g_strdup_printf(fmt, total, list->str);
    g_string_free(list, TRUE);
    return note;
}
