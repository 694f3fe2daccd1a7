/*
 * stats.c - the tally: adds up the store's features and projects per
 * village and in total (stats.h says what is counted), a pure computation
 * over the store.  stats-report.c writes the figures as report tables or
 * JSON; stats-int.h holds the tallies both files share.
 *
 * One pass over each layer: every feature is measured once (geodesic length
 * for lines) and added to its village's tallies and to the total's.
 */
#include "stats-int.h"
#include "i18n.h"
#include "geodesy.h"
#include "geom.h"
#include "table.h"
#include "vi-error.h"

#include <stddef.h>
#include <string.h>

/* ---- data/labels.tsv ---- */

static const tbl_column label_cols[] = {
    {"field", TBL_TEXT, offsetof(label_row, field), TRUE, NULL},
    {"value", TBL_TEXT, offsetof(label_row, value), TRUE, NULL},
    {"name_zh", TBL_TEXT, offsetof(label_row, name_zh), TRUE, NULL},
    {"name_en", TBL_TEXT, offsetof(label_row, name_en), FALSE, NULL},
};

static void scope_init(vi_stats *s, scope *sc, const char *name)
{
    sc->name = g_strdup(name);
    sc->layers = g_new0(layer_tally, s->nlayers);
    for (int i = 0; i < s->nlayers; i++) {
        sc->layers[i].by_status = g_new0(tally, s->info[i].nstatus);
        sc->layers[i].values = g_ptr_array_new();
    }
    sc->programmes = g_array_new(FALSE, TRUE, sizeof(money));
}

static void scope_clear(vi_stats *s, scope *sc)
{
    for (int i = 0; i < s->nlayers; i++) {
        GPtrArray *values = sc->layers[i].values;
        for (guint v = 0; v < values->len; v++) {
            value_tally *vt = g_ptr_array_index(values, v);
            if (vt)
                g_free(vt->by_status);
            g_free(vt);
        }
        g_ptr_array_free(values, TRUE);
        g_free(sc->layers[i].by_status);
    }
    g_free(sc->layers);
    g_array_free(sc->programmes, TRUE);
    g_free(sc->name);
}

static void scope_free(gpointer data, gpointer user)
{
    scope_clear(user, data);
    g_free(data);
}

void stats_free(vi_stats *s)
{
    if (!s)
        return;
    scope_clear(s, &s->total);
    g_ptr_array_foreach(s->villages, scope_free, s);
    g_ptr_array_free(s->villages, TRUE);
    g_hash_table_destroy(s->village_scopes);
    for (int i = 0; i < s->nlayers; i++) {
        g_ptr_array_free(s->info[i].values, TRUE);
        g_hash_table_destroy(s->info[i].value_index);
    }
    g_free(s->info);
    g_ptr_array_free(s->programme_keys, TRUE);
    g_hash_table_destroy(s->programme_index);
    g_ptr_array_free(s->known_villages, TRUE);
    g_hash_table_destroy(s->known);
    statuses_free(s->statuses);
    g_hash_table_destroy(s->labels);
    tbl_rows_free(s->label_rows, label_cols, G_N_ELEMENTS(label_cols));
    g_free(s->village);
    g_free(s->as_of_note[VI_LANG_ZH]);
    g_free(s->as_of_note[VI_LANG_EN]);
    g_free(s);
}

/* Index of KEY in an ordered key list, adding it when new. */
static int key_index(GPtrArray *keys, GHashTable *index, const char *key)
{
    int i = GPOINTER_TO_INT(g_hash_table_lookup(index, key));
    if (i)
        return i - 1;
    char *copy = g_strdup(key);
    g_ptr_array_add(keys, copy);
    g_hash_table_insert(index, copy, GINT_TO_POINTER((int)keys->len));
    return (int)keys->len - 1;
}

static gboolean load_labels(vi_stats *s, const char *datadir, GError **err)
{
    if (!(s->statuses = statuses_load(datadir, err)))
        return FALSE;
    g_autofree char *path = g_build_filename(datadir, "labels.tsv", NULL);
    if (!tbl_read(path, label_cols, G_N_ELEMENTS(label_cols), sizeof(label_row), &s->label_rows,
                  err))
        return FALSE;
    for (guint i = 0; i < s->label_rows->len; i++) {
        label_row *r = &g_array_index(s->label_rows, label_row, i);
        g_hash_table_insert(s->labels, g_strdup_printf("%s\t%s", r->field, r->value), r);
    }
    return TRUE;
}

static void init_layers(vi_stats *s, const char *only)
{
    s->nlayers = registry_layer_count(s->reg);
    s->info = g_new0(layer_info, s->nlayers);
    for (int i = 0; i < s->nlayers; i++) {
        layer_info *li = &s->info[i];
        const vi_layer *l = registry_layer_at(s->reg, i);
        li->layer = l;
        li->counted =
            strcmp(l->name, VI_LAYER_VILLAGES) != 0 && (!only || strcmp(only, l->name) == 0);
        li->nstatus = l->statuses ? (int)g_strv_length(l->statuses) + 1 : 0;
        li->breakdown = l->breakdown ? layer_attr_index(l, l->breakdown) : -1;
        gboolean households = strcmp(l->name, VI_LAYER_HOUSEHOLDS) == 0;
        /* People are the households layer's quantity; registry.h lets C know that layer. */
        li->quantity = l->quantity  ? layer_attr_index(l, l->quantity)
                       : households ? layer_attr_index(l, "members")
                                    : -1;
        li->toilet = households ? layer_attr_index(l, "toilet_retrofit") : -1;
        li->values = g_ptr_array_new_with_free_func(g_free);
        li->value_index = g_hash_table_new(g_str_hash, g_str_equal);
        /* The allowed values come first and always print in JSON, so the shape
         * does not depend on the data. */
        if (li->breakdown >= 0 && l->attrs[li->breakdown]->allowed)
            for (char **v = l->attrs[li->breakdown]->allowed; *v; v++)
                key_index(li->values, li->value_index, *v);
    }
    s->programme_keys = g_ptr_array_new_with_free_func(g_free);
    s->programme_index = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < registry_programme_count(s->reg); i++)
        key_index(s->programme_keys, s->programme_index, registry_programme_at(s->reg, i)->key);
}

/* Remember a village name for the error message, and give it a scope when
 * it passes the filter. */
static scope *village_scope(vi_stats *s, const char *name)
{
    if (!name)
        return NULL;
    if (!g_hash_table_contains(s->known, name)) {
        char *copy = g_strdup(name);
        g_ptr_array_add(s->known_villages, copy);
        g_hash_table_add(s->known, copy);
    }
    if (s->village && strcmp(s->village, name) != 0)
        return NULL;
    scope *sc = g_hash_table_lookup(s->village_scopes, name);
    if (!sc) {
        sc = g_new0(scope, 1);
        scope_init(s, sc, name);
        g_ptr_array_add(s->villages, sc);
        g_hash_table_insert(s->village_scopes, sc->name, sc);
    }
    return sc;
}

static void tally_add(tally *t, const tally *one)
{
    t->count += one->count;
    t->length_m += one->length_m;
    t->quantity += one->quantity;
}

/* The figures of one feature, where they go in a layer_tally. */
typedef struct {
    tally one;
    int slot;  /* status slot, or -1 for a layer without statuses */
    int kind;  /* vi_status_kind */
    int value; /* breakdown value index, or -1 */
    gboolean toilet;
} feature_figures;

static void layer_add(const layer_info *li, layer_tally *lt, const feature_figures *ff)
{
    if (ff->kind != VI_STATUS_PLANNED) {
        tally_add(&lt->all, &ff->one);
        if (ff->toilet)
            lt->toilet_retrofits++;
    }
    if (ff->kind == VI_STATUS_BUILT)
        tally_add(&lt->built, &ff->one);
    if (ff->slot >= 0)
        tally_add(&lt->by_status[ff->slot], &ff->one);
    if (ff->value < 0)
        return;
    if ((guint)ff->value >= lt->values->len)
        g_ptr_array_set_size(lt->values, ff->value + 1);
    value_tally *vt = g_ptr_array_index(lt->values, ff->value);
    if (!vt) {
        vt = g_new0(value_tally, 1);
        vt->by_status = g_new0(tally, li->nstatus);
        lt->values->pdata[ff->value] = vt;
    }
    if (ff->kind != VI_STATUS_PLANNED)
        tally_add(&vt->all, &ff->one);
    if (ff->slot >= 0)
        tally_add(&vt->by_status[ff->slot], &ff->one);
}

typedef struct {
    vi_stats *s;
    int layer; /* registry index */
} scan_ctx;

static gboolean add_feature(const vi_feature *f, void *user, GError **err)
{
    scan_ctx *ctx = user;
    vi_stats *s = ctx->s;
    layer_info *li = &s->info[ctx->layer];
    const vi_layer *l = li->layer;
    scope *village = village_scope(s, f->village);
    if (s->village && !village)
        return TRUE;

    feature_figures ff = {{1, 0, 0}, -1, VI_STATUS_EXISTING, -1, FALSE};
    if (l->geometry == VI_GEOM_LINE) {
        vi_geom g;
        GError *geom_err = NULL;
        if (!geom_from_wkb(f->wkb, f->wkb_size, &g, &geom_err)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot measure feature \"%s\" of layer '%s': %s"), f->id, l->name,
                        geom_err->message);
            g_error_free(geom_err);
            return FALSE;
        }
        ff.one.length_m = geodesy_line_length(&g);
        geom_clear(&g);
    }
    if (li->quantity >= 0 && f->attrs[li->quantity]) {
        ff.one.quantity = g_ascii_strtod(f->attrs[li->quantity], NULL);
        /* A quantity beyond its plausible bounds (data/bounds.tsv) came in
         * around the import and edit checks; summed, it would make every
         * total meaningless (or wrap). */
        const vi_attr *a = l->attrs[li->quantity];
        if (a->bound && !vi_bound_contains(a->bound, ff.one.quantity)) {
            char *range = vi_bound_text(a->bound, a->unit);
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot count feature \"%s\" of layer '%s': field \"%s\": expected %s, "
                          "got \"%s\" (correct it with 'vinfra edit %s %s --set %s=N')"),
                        f->id, l->name, a->name, range, f->attrs[li->quantity], l->name, f->id,
                        a->name);
            g_free(range);
            return FALSE;
        }
    }
    if (li->nstatus) {
        ff.slot = li->nstatus - 1;
        for (int i = 0; f->status && l->statuses[i]; i++)
            if (strcmp(l->statuses[i], f->status) == 0)
                ff.slot = i;
        const vi_status *sr =
            ff.slot < li->nstatus - 1 ? statuses_get(s->statuses, l->statuses[ff.slot]) : NULL;
        ff.kind = sr ? sr->kind : VI_STATUS_EXISTING;
    }
    if (li->breakdown >= 0) {
        const char *v = f->attrs[li->breakdown];
        ff.value = key_index(li->values, li->value_index, v && *v ? v : UNSPECIFIED_VALUE);
    }
    /* A household's year is its retrofit's: not done yet as of an earlier year. */
    ff.toilet = li->toilet >= 0 && g_strcmp0(f->attrs[li->toilet], "yes") == 0 &&
                !(s->as_of && f->year > s->as_of);

    layer_add(li, &s->total.layers[ctx->layer], &ff);
    if (village)
        layer_add(li, &village->layers[ctx->layer], &ff);
    return TRUE;
}

/* The villages layer gives the villages and their order, even those with no
 * feature yet. */
static gboolean add_village(const vi_feature *f, void *user, GError **err)
{
    (void)err;
    village_scope(user, f->name);
    return TRUE;
}

static void money_add(scope *sc, int programme, const vi_project *p)
{
    if ((guint)programme >= sc->programmes->len)
        g_array_set_size(sc->programmes, programme + 1);
    money *m = &g_array_index(sc->programmes, money, programme);
    if (g_strcmp0(p->kind, "project") == 0)
        m->projects++;
    m->funding_wan += p->funding_wan;
}

static gboolean add_project(const vi_project *p, void *user, GError **err)
{
    (void)err;
    vi_stats *s = user;
    scope *village = village_scope(s, p->village);
    if (s->village && !village)
        return TRUE;
    int programme = key_index(s->programme_keys, s->programme_index,
                              p->programme ? p->programme : UNSPECIFIED_VALUE);
    money_add(&s->total, programme, p);
    if (village)
        money_add(village, programme, p);
    return TRUE;
}

gboolean stats_check_layer(const vi_registry *reg, const char *layer, GError **err)
{
    if (!layer || strcmp(layer, VI_LEDGER_TABLE) == 0 ||
        (registry_layer(reg, layer) && strcmp(layer, VI_LAYER_VILLAGES) != 0))
        return TRUE;
    GString *names = g_string_new(NULL);
    for (int i = 0; i < registry_layer_count(reg); i++) {
        const char *name = registry_layer_at(reg, i)->name;
        if (strcmp(name, VI_LAYER_VILLAGES) != 0)
            g_string_append_printf(names, "%s%s", name, _(", "));
    }
    g_string_append(names, VI_LEDGER_TABLE);
    g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("unknown layer \"%s\": expected one of %s"), layer,
                names->str);
    g_string_free(names, TRUE);
    return FALSE;
}

/* Every village, feature and project the statistics count. */
static gboolean read_all(vi_stats *s, vi_store *store, GError **err)
{
    const vi_layer *villages = registry_layer(s->reg, VI_LAYER_VILLAGES);
    if (villages && !store_feature_scan(store, villages, NULL, add_village, s, err))
        return FALSE;
    for (int i = 0; i < s->nlayers; i++) {
        scan_ctx ctx = {s, i};
        if (s->info[i].counted &&
            !store_feature_scan(store, s->info[i].layer, NULL, add_feature, &ctx, err))
            return FALSE;
    }
    return !s->with_projects || store_project_scan(store, NULL, add_project, s, err);
}

vi_stats *stats_compute(vi_store *store, const char *datadir, const vi_stats_options *opt,
                        GError **err)
{
    const vi_registry *reg = store_registry(store);
    if (!stats_check_layer(reg, opt->layer, err))
        return NULL;
    vi_stats *s = g_new0(vi_stats, 1);
    s->reg = reg;
    s->labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->known_villages = g_ptr_array_new_with_free_func(g_free);
    s->known = g_hash_table_new(g_str_hash, g_str_equal);
    s->villages = g_ptr_array_new();
    s->village_scopes = g_hash_table_new(g_str_hash, g_str_equal);
    s->village = g_strdup(opt->village);
    s->layer_filter = opt->layer != NULL;
    s->with_projects = !opt->layer || strcmp(opt->layer, VI_LEDGER_TABLE) == 0;
    init_layers(s, opt->layer && strcmp(opt->layer, VI_LEDGER_TABLE) == 0 ? "" : opt->layer);
    scope_init(s, &s->total, NULL);
    s->as_of = opt->as_of;
    int was_as_of = store_as_of(store);
    if (!load_labels(s, datadir, err) || !store_set_as_of(store, opt->as_of, err))
        goto out;
    gboolean ok = read_all(s, store, err);
    if (ok && s->as_of) {
        s->as_of_note[VI_LANG_ZH] = store_as_of_note(store, VI_LANG_ZH);
        s->as_of_note[VI_LANG_EN] = store_as_of_note(store, VI_LANG_EN);
    }
    store_set_as_of(store, was_as_of, NULL);
    if (!ok)
        goto out;

    if (s->village && !g_hash_table_contains(s->known, s->village)) {
        if (s->known_villages->len == 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("unknown village \"%s\": the database has no villages yet"), s->village);
        } else {
            g_ptr_array_add(s->known_villages, NULL);
            char *names = g_strjoinv(_(", "), (char **)s->known_villages->pdata);
            g_ptr_array_remove_index(s->known_villages, s->known_villages->len - 1);
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("unknown village \"%s\": expected one of %s"), s->village, names);
            g_free(names);
        }
        goto out;
    }
    return s;
out:
    stats_free(s);
    return NULL;
}

int stats_as_of(const vi_stats *s)
{
    return s->as_of;
}

int stats_village_count(const vi_stats *s)
{
    return (int)s->villages->len;
}

const char *stats_village_name(const vi_stats *s, int i)
{
    return ((const scope *)g_ptr_array_index(s->villages, i))->name;
}

/* ---- figures for maps and the atlas ---- */

static const scope *scope_at(const vi_stats *s, int village)
{
    return village < 0 ? &s->total : g_ptr_array_index(s->villages, village);
}

static int info_index(const vi_stats *s, const char *layer)
{
    for (int i = 0; i < s->nlayers; i++)
        if (strcmp(s->info[i].layer->name, layer) == 0)
            return i;
    return -1;
}

gboolean stats_figures(const vi_stats *s, int village, const char *layer, const char *status,
                       vi_stats_figures *out)
{
    memset(out, 0, sizeof *out);
    int li = info_index(s, layer);
    if (li < 0 || village >= (int)s->villages->len)
        return FALSE;
    const layer_tally *lt = &scope_at(s, village)->layers[li];
    const tally *t = &lt->all;
    if (status) {
        char **st = s->info[li].layer->statuses;
        int k = 0;
        while (st && st[k] && strcmp(st[k], status) != 0)
            k++;
        if (!st || !st[k])
            return FALSE;
        t = &lt->by_status[k];
    }
    out->count = t->count;
    out->length_m = t->length_m;
    out->quantity = t->quantity;
    out->built_count = lt->built.count;
    out->built_length_m = lt->built.length_m;
    return TRUE;
}

int stats_programme_count(const vi_stats *s)
{
    return (int)s->programme_keys->len;
}

const char *stats_programme_key(const vi_stats *s, int k)
{
    return g_ptr_array_index(s->programme_keys, k);
}

void stats_programme_figures(const vi_stats *s, int village, int k, gint64 *projects,
                             double *funding_wan)
{
    const scope *sc = scope_at(s, village);
    money mo = {0, 0};
    if (k < (int)sc->programmes->len)
        mo = g_array_index(sc->programmes, money, k);
    *projects = mo.projects;
    *funding_wan = mo.funding_wan;
}
