/*
 * stats.c - adds up the store's features and projects per village and in
 * total (stats.h says what is counted and gives the JSON shape), then
 * renders the figures as report tables or JSON.
 *
 * One pass over each layer: every feature is measured once (geodesic length
 * for lines) and added to its village's tallies and to the total's.
 */
#include "stats.h"
#include "geodesy.h"
#include "geom.h"
#include "report.h"
#include "table.h"
#include "vi-error.h"

#include <stddef.h>
#include <string.h>

/* ---- labels: data/statuses.tsv and data/labels.tsv ---- */

typedef enum { KIND_BUILT, KIND_EXISTING, KIND_PLANNED } status_kind;
static const char *const kind_names[] = {"built", "existing", "planned", NULL};

typedef struct {
    char *status, *name_zh, *name_en;
    int kind; /* status_kind */
} status_row;

static const tbl_column status_cols[] = {
    {"status", TBL_TEXT, offsetof(status_row, status), TRUE, NULL},
    {"name_zh", TBL_TEXT, offsetof(status_row, name_zh), TRUE, NULL},
    {"name_en", TBL_TEXT, offsetof(status_row, name_en), TRUE, NULL},
    {"kind", TBL_ENUM, offsetof(status_row, kind), TRUE, kind_names},
};

typedef struct {
    char *field, *value, *name_zh, *name_en;
} label_row;

static const tbl_column label_cols[] = {
    {"field", TBL_TEXT, offsetof(label_row, field), TRUE, NULL},
    {"value", TBL_TEXT, offsetof(label_row, value), TRUE, NULL},
    {"name_zh", TBL_TEXT, offsetof(label_row, name_zh), TRUE, NULL},
    {"name_en", TBL_TEXT, offsetof(label_row, name_en), FALSE, NULL},
};

/* Keys for features whose status or breakdown value is missing (or, for a
 * status, not one of the layer's). */
#define UNKNOWN_STATUS "unknown"
#define UNSPECIFIED_VALUE "unspecified"

/* ---- the tallies ---- */

typedef struct {
    gint64 count;
    double length_m;
    double quantity; /* trees' count, households' members */
} tally;

/* One breakdown value of a layer in one scope. */
typedef struct {
    tally all;        /* every status but planned */
    tally *by_status; /* layer_info.nstatus slots */
} value_tally;

typedef struct {
    tally all;         /* every status but planned */
    tally built;       /* statuses of kind built */
    tally *by_status;  /* layer_info.nstatus slots */
    GPtrArray *values; /* value_tally * (or NULL), indexed like layer_info.values */
    gint64 toilet_retrofits;
} layer_tally;

typedef struct {
    gint64 projects;
    double funding_wan;
} money;

/* The figures of one village, or of the total. */
typedef struct {
    char *name;          /* NULL for the total */
    layer_tally *layers; /* one per registry layer */
    GArray *programmes;  /* money, indexed like vi_stats.programme_keys */
} scope;

/* What stats needs to know of a layer beyond the registry row. */
typedef struct {
    const vi_layer *layer;
    gboolean counted;  /* selected by --layer, and not the villages layer */
    int nstatus;       /* the layer's statuses plus a slot for UNKNOWN_STATUS; 0 without statuses */
    int breakdown;     /* attribute index, or -1 */
    int quantity;      /* attribute index, or -1 */
    int toilet;        /* households: index of toilet_retrofit, else -1 */
    GPtrArray *values; /* breakdown values in print order (char *, owned) */
    GHashTable *value_index; /* value -> index + 1 */
} layer_info;

struct vi_stats {
    const vi_registry *reg;
    GArray *status_rows, *label_rows;
    GHashTable *statuses; /* status -> status_row * */
    GHashTable *labels;   /* "field\tvalue" -> label_row * (keys owned) */
    layer_info *info;     /* one per registry layer */
    int nlayers;
    char *village; /* the village filter, or NULL */
    gboolean with_projects;
    gboolean layer_filter;       /* a --layer was given */
    GPtrArray *programme_keys;   /* char * (owned), registry order, then unknown keys */
    GHashTable *programme_index; /* key -> index + 1 */
    GPtrArray *known_villages;   /* every village name met (char *, owned), for errors */
    GHashTable *known;           /* name -> TRUE */
    scope total;
    GPtrArray *villages;        /* scope *, in the order met (the villages layer first) */
    GHashTable *village_scopes; /* name -> scope * */
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
    g_hash_table_destroy(s->statuses);
    g_hash_table_destroy(s->labels);
    tbl_rows_free(s->status_rows, status_cols, G_N_ELEMENTS(status_cols));
    tbl_rows_free(s->label_rows, label_cols, G_N_ELEMENTS(label_cols));
    g_free(s->village);
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
    char *path = g_build_filename(datadir, "statuses.tsv", NULL);
    gboolean ok = tbl_read(path, status_cols, G_N_ELEMENTS(status_cols), sizeof(status_row),
                           &s->status_rows, err);
    g_free(path);
    if (!ok)
        return FALSE;
    path = g_build_filename(datadir, "labels.tsv", NULL);
    ok = tbl_read(path, label_cols, G_N_ELEMENTS(label_cols), sizeof(label_row), &s->label_rows,
                  err);
    g_free(path);
    if (!ok)
        return FALSE;
    for (guint i = 0; i < s->status_rows->len; i++) {
        status_row *r = &g_array_index(s->status_rows, status_row, i);
        g_hash_table_insert(s->statuses, r->status, r);
    }
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
        li->counted = strcmp(l->name, "villages") != 0 && (!only || strcmp(only, l->name) == 0);
        li->nstatus = l->statuses ? (int)g_strv_length(l->statuses) + 1 : 0;
        li->breakdown = l->breakdown ? layer_attr_index(l, l->breakdown) : -1;
        gboolean households = strcmp(l->name, "households") == 0;
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
    int kind;  /* status_kind */
    int value; /* breakdown value index, or -1 */
    gboolean toilet;
} feature_figures;

static void layer_add(const layer_info *li, layer_tally *lt, const feature_figures *ff)
{
    if (ff->kind != KIND_PLANNED) {
        tally_add(&lt->all, &ff->one);
        if (ff->toilet)
            lt->toilet_retrofits++;
    }
    if (ff->kind == KIND_BUILT)
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
    if (ff->kind != KIND_PLANNED)
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

    feature_figures ff = {{1, 0, 0}, -1, KIND_EXISTING, -1, FALSE};
    if (l->geometry == VI_GEOM_LINE) {
        vi_geom g;
        GError *geom_err = NULL;
        if (!geom_from_wkb(f->wkb, f->wkb_size, &g, &geom_err)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        "cannot measure feature \"%s\" of layer '%s': %s", f->id, l->name,
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
                        "cannot count feature \"%s\" of layer '%s': field \"%s\": expected %s, "
                        "got \"%s\" (correct it with 'vinfra edit %s %s --set %s=N')",
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
        const status_row *sr = ff.slot < li->nstatus - 1
                                   ? g_hash_table_lookup(s->statuses, l->statuses[ff.slot])
                                   : NULL;
        ff.kind = sr ? sr->kind : KIND_EXISTING;
    }
    if (li->breakdown >= 0) {
        const char *v = f->attrs[li->breakdown];
        ff.value = key_index(li->values, li->value_index, v && *v ? v : UNSPECIFIED_VALUE);
    }
    ff.toilet = li->toilet >= 0 && g_strcmp0(f->attrs[li->toilet], "yes") == 0;

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
    if (!layer || strcmp(layer, "projects") == 0 ||
        (registry_layer(reg, layer) && strcmp(layer, "villages") != 0))
        return TRUE;
    GString *names = g_string_new(NULL);
    for (int i = 0; i < registry_layer_count(reg); i++) {
        const char *name = registry_layer_at(reg, i)->name;
        if (strcmp(name, "villages") != 0)
            g_string_append_printf(names, "%s, ", name);
    }
    g_string_append(names, "projects");
    g_set_error(err, VI_ERROR, VI_ERROR_USAGE, "unknown layer \"%s\": expected one of %s", layer,
                names->str);
    g_string_free(names, TRUE);
    return FALSE;
}

vi_stats *stats_compute(vi_store *store, const char *datadir, const vi_stats_options *opt,
                        GError **err)
{
    const vi_registry *reg = store_registry(store);
    if (!stats_check_layer(reg, opt->layer, err))
        return NULL;
    vi_stats *s = g_new0(vi_stats, 1);
    s->reg = reg;
    s->statuses = g_hash_table_new(g_str_hash, g_str_equal);
    s->labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->known_villages = g_ptr_array_new_with_free_func(g_free);
    s->known = g_hash_table_new(g_str_hash, g_str_equal);
    s->villages = g_ptr_array_new();
    s->village_scopes = g_hash_table_new(g_str_hash, g_str_equal);
    s->village = g_strdup(opt->village);
    s->layer_filter = opt->layer != NULL;
    s->with_projects = !opt->layer || strcmp(opt->layer, "projects") == 0;
    init_layers(s, opt->layer && strcmp(opt->layer, "projects") == 0 ? "" : opt->layer);
    scope_init(s, &s->total, NULL);
    if (!load_labels(s, datadir, err))
        goto fail;

    const vi_layer *villages = registry_layer(reg, "villages");
    if (villages && !store_feature_scan(store, villages, NULL, add_village, s, err))
        goto fail;
    for (int i = 0; i < s->nlayers; i++) {
        scan_ctx ctx = {s, i};
        if (s->info[i].counted &&
            !store_feature_scan(store, s->info[i].layer, NULL, add_feature, &ctx, err))
            goto fail;
    }
    if (s->with_projects && !store_project_scan(store, NULL, add_project, s, err))
        goto fail;

    if (s->village && !g_hash_table_contains(s->known, s->village)) {
        if (s->known_villages->len == 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        "unknown village \"%s\": the database has no villages yet", s->village);
        } else {
            g_ptr_array_add(s->known_villages, NULL);
            char *names = g_strjoinv(", ", (char **)s->known_villages->pdata);
            g_ptr_array_remove_index(s->known_villages, s->known_villages->len - 1);
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE, "unknown village \"%s\": expected one of %s",
                        s->village, names);
            g_free(names);
        }
        goto fail;
    }
    return s;
fail:
    stats_free(s);
    return NULL;
}

/* ---- labels in the chosen language ---- */

static const char *pick(vi_lang lang, const char *zh, const char *en)
{
    return lang == VI_LANG_EN ? (en ? en : "") : zh;
}

static const char *status_label(const vi_stats *s, const char *status, vi_lang lang)
{
    const status_row *r = g_hash_table_lookup(s->statuses, status);
    if (r)
        return pick(lang, r->name_zh, r->name_en);
    return strcmp(status, UNKNOWN_STATUS) == 0 ? pick(lang, "未注明", "unspecified") : status;
}

static const char *label(const vi_stats *s, const char *field, const char *value, vi_lang lang)
{
    char *key = g_strdup_printf("%s\t%s", field, value);
    const label_row *r = g_hash_table_lookup(s->labels, key);
    g_free(key);
    if (r)
        return pick(lang, r->name_zh, r->name_en);
    return strcmp(value, UNSPECIFIED_VALUE) == 0 ? pick(lang, "未注明", "unspecified") : value;
}

static const char *value_label(const vi_stats *s, const layer_info *li, const char *value,
                               vi_lang lang)
{
    char *field = g_strdup_printf("%s.%s", li->layer->name, li->layer->breakdown);
    const char *text = label(s, field, value, lang);
    g_free(field);
    return text;
}

static const char *layer_label(const vi_layer *l, vi_lang lang)
{
    return pick(lang, l->name_zh, l->name_en);
}

static const char *status_key(const layer_info *li, int slot)
{
    return slot < li->nstatus - 1 ? li->layer->statuses[slot] : UNKNOWN_STATUS;
}

static int slot_kind(const vi_stats *s, const layer_info *li, int slot)
{
    const status_row *r = g_hash_table_lookup(s->statuses, status_key(li, slot));
    return r ? r->kind : KIND_EXISTING;
}

/* The counting word of a layer's features (座, 盏...), or of its quantity (株). */
static const char *unit(const vi_stats *s, const layer_info *li, gboolean quantity, vi_lang lang)
{
    if (quantity) {
        const vi_attr *a = li->layer->attrs[li->quantity];
        return lang == VI_LANG_EN ? "" : a->unit ? a->unit : "";
    }
    return label(s, "unit", li->layer->name, lang);
}

/* ---- tables ---- */

static const char *T(vi_lang lang, const char *zh, const char *en)
{
    return lang == VI_LANG_EN ? en : zh;
}

static gboolean is_households(const layer_info *li)
{
    return strcmp(li->layer->name, "households") == 0;
}

static const money *programme_money(const scope *sc, guint i)
{
    static const money none;
    return i < sc->programmes->len ? &g_array_index(sc->programmes, money, i) : &none;
}

static money money_total(const scope *sc)
{
    money t = {0, 0};
    for (guint i = 0; i < sc->programmes->len; i++) {
        t.projects += g_array_index(sc->programmes, money, i).projects;
        t.funding_wan += g_array_index(sc->programmes, money, i).funding_wan;
    }
    return t;
}

/* Number, unit and (for lines) length columns of one figure. */
static void figure_cells(vi_table *t, double number, int decimals, const char *unit_text,
                         const tally *length)
{
    report_number(t, number, decimals);
    report_text(t, unit_text);
    if (length) {
        report_number(t, length->length_m, 0);
        report_number(t, length->length_m / 1000, 2);
    } else {
        report_empty(t);
        report_empty(t);
    }
}

static void headline_row(vi_table *t, const char *village, const char *what)
{
    report_row(t);
    if (village)
        report_text(t, village);
    report_text(t, what);
}

/* The key figures of a scope: money, households, then what each layer built.
 * SKIP_ZERO leaves out figures that are zero (the by-village table). */
static void headline_rows(const vi_stats *s, const scope *sc, vi_table *t, const char *village,
                          gboolean skip_zero, vi_lang lang)
{
    if (s->with_projects) {
        money m = money_total(sc);
        if (!skip_zero || m.projects) {
            headline_row(t, village, T(lang, "帮扶项目", "projects"));
            figure_cells(t, (double)m.projects, 0, T(lang, "个", ""), NULL);
        }
        if (!skip_zero || m.funding_wan != 0) {
            headline_row(t, village, T(lang, "投入资金", "funding"));
            figure_cells(t, m.funding_wan, 1, T(lang, "万元", "10k yuan"), NULL);
        }
    }
    for (int i = 0; i < s->nlayers; i++) {
        const layer_info *li = &s->info[i];
        const layer_tally *lt = &sc->layers[i];
        if (!li->counted)
            continue;
        if (is_households(li)) {
            if (skip_zero && !lt->all.count)
                continue;
            headline_row(t, village, layer_label(li->layer, lang));
            figure_cells(t, (double)lt->all.count, 0, unit(s, li, FALSE, lang), NULL);
            if (li->quantity >= 0) {
                headline_row(t, village, T(lang, "人口", "people"));
                figure_cells(t, lt->all.quantity, 0, T(lang, "人", ""), NULL);
            }
            if (li->toilet >= 0 && (!skip_zero || lt->toilet_retrofits)) {
                headline_row(t, village, T(lang, "户厕改造", "toilet retrofits"));
                figure_cells(t, (double)lt->toilet_retrofits, 0, unit(s, li, FALSE, lang), NULL);
            }
            continue;
        }
        /* What the programme built: the layer's statuses of kind built. */
        const tally *built = li->nstatus ? &lt->built : &lt->all;
        if (!built->count && (skip_zero || !s->layer_filter))
            continue;
        GString *what = g_string_new(layer_label(li->layer, lang));
        const char *sep = lang == VI_LANG_EN ? " (" : "（";
        for (int k = 0; k < li->nstatus - 1; k++) {
            if (slot_kind(s, li, k) != KIND_BUILT)
                continue;
            g_string_append_printf(what, "%s%s", sep, status_label(s, status_key(li, k), lang));
            sep = lang == VI_LANG_EN ? ", " : "、";
        }
        if (li->nstatus)
            g_string_append(what, lang == VI_LANG_EN ? ")" : "）");
        headline_row(t, village, what->str);
        g_string_free(what, TRUE);
        gboolean line = li->layer->geometry == VI_GEOM_LINE;
        if (li->quantity >= 0)
            figure_cells(t, built->quantity, 0, unit(s, li, TRUE, lang), NULL);
        else
            figure_cells(t, (double)built->count, 0, unit(s, li, FALSE, lang), line ? built : NULL);
    }
}

static const char *const headline_headers_zh[] = {"指标", "数量", "单位", "长度(米)", "长度(公里)"};
static const char *const headline_headers_en[] = {"figure", "number", "unit", "length (m)",
                                                  "length (km)"};

static void detail_row(vi_table *t, const vi_stats *s, const layer_info *li, const char *category,
                       int slot, const tally *tl, gboolean quantity, vi_lang lang)
{
    report_row(t);
    report_text(t, layer_label(li->layer, lang));
    report_text(t, category);
    report_text(t, slot >= 0 ? status_label(s, status_key(li, slot), lang) : "");
    gboolean line = li->layer->geometry == VI_GEOM_LINE && !quantity;
    figure_cells(t, quantity ? tl->quantity : (double)tl->count, 0, unit(s, li, quantity, lang),
                 line ? tl : NULL);
}

/* Rows of one layer: by status, by breakdown value and status, and the
 * quantity by status.  PLANNED selects the planned statuses, else the others. */
static void detail_rows(vi_table *t, const vi_stats *s, const layer_info *li, const layer_tally *lt,
                        gboolean planned, vi_lang lang)
{
    if (!li->nstatus) {
        if (!planned && lt->all.count)
            detail_row(t, s, li, "", -1, &lt->all, FALSE, lang);
        return;
    }
    int shown = 0;
    for (int k = 0; k < li->nstatus; k++) {
        if ((slot_kind(s, li, k) == KIND_PLANNED) != planned || !lt->by_status[k].count)
            continue;
        detail_row(t, s, li, "", k, &lt->by_status[k], FALSE, lang);
        shown++;
    }
    if (shown > 1 && !planned) {
        report_row(t);
        report_text(t, layer_label(li->layer, lang));
        report_empty(t);
        report_text(t, T(lang, "小计", "subtotal"));
        gboolean line = li->layer->geometry == VI_GEOM_LINE;
        figure_cells(t, (double)lt->all.count, 0, unit(s, li, FALSE, lang), line ? &lt->all : NULL);
    }
    for (guint v = 0; v < lt->values->len; v++) {
        const value_tally *vt = g_ptr_array_index(lt->values, v);
        if (!vt)
            continue;
        const char *category = value_label(s, li, g_ptr_array_index(li->values, v), lang);
        for (int k = 0; k < li->nstatus; k++)
            if ((slot_kind(s, li, k) == KIND_PLANNED) == planned && vt->by_status[k].count)
                detail_row(t, s, li, category, k, &vt->by_status[k], FALSE, lang);
    }
    if (li->quantity >= 0) {
        const char *category = pick(lang, li->layer->attrs[li->quantity]->name_zh,
                                    li->layer->attrs[li->quantity]->name_en);
        for (int k = 0; k < li->nstatus; k++)
            if ((slot_kind(s, li, k) == KIND_PLANNED) == planned && lt->by_status[k].count)
                detail_row(t, s, li, category, k, &lt->by_status[k], TRUE, lang);
    }
}

static void detail_table(vi_report *r, const vi_stats *s, const scope *sc, gboolean planned,
                         vi_lang lang)
{
    static const char *const zh[] = {"设施", "分类",     "状态",      "数量",
                                     "单位", "长度(米)", "长度(公里)"};
    static const char *const en[] = {"layer", "category",   "status",     "number",
                                     "unit",  "length (m)", "length (km)"};
    vi_table *t = report_add_table(r,
                                   planned ? T(lang, "规划（未建，不计入以上合计）",
                                               "Planned (not built, not in the totals above)")
                                           : T(lang, "设施明细", "Assets by status"),
                                   7, lang == VI_LANG_EN ? en : zh);
    report_table_group(t, 2);
    for (int i = 0; i < s->nlayers; i++)
        if (s->info[i].counted && !is_households(&s->info[i]))
            detail_rows(t, s, &s->info[i], &sc->layers[i], planned, lang);
}

static void households_table(vi_report *r, const vi_stats *s, const scope *sc, vi_lang lang)
{
    for (int i = 0; i < s->nlayers; i++) {
        const layer_info *li = &s->info[i];
        if (!li->counted || !is_households(li))
            continue;
        const layer_tally *lt = &sc->layers[i];
        const char *first = li->breakdown >= 0
                                ? pick(lang, li->layer->attrs[li->breakdown]->name_zh,
                                       li->layer->attrs[li->breakdown]->name_en)
                                : "";
        vi_table *t = report_add_table(
            r, T(lang, "农户与人口", "Households and people"), 3,
            (const char *[]){first, T(lang, "户数", "households"), T(lang, "人口", "people")});
        for (guint v = 0; v < li->values->len; v++) {
            const value_tally *vt = v < lt->values->len ? g_ptr_array_index(lt->values, v) : NULL;
            report_row(t);
            report_text(t, value_label(s, li, g_ptr_array_index(li->values, v), lang));
            report_int(t, vt ? vt->all.count : 0);
            report_number(t, vt ? vt->all.quantity : 0, 0);
        }
        report_total_row(t);
        report_text(t, T(lang, "合计", "total"));
        report_int(t, lt->all.count);
        report_number(t, lt->all.quantity, 0);
    }
}

static const char *programme_label(const vi_stats *s, guint i, vi_lang lang)
{
    const char *key = g_ptr_array_index(s->programme_keys, i);
    const vi_programme *p = registry_programme(s->reg, key);
    return p ? pick(lang, p->name_zh, p->name_en) : key;
}

static void projects_table(vi_report *r, const vi_stats *s, const scope *sc, vi_lang lang)
{
    vi_table *t = report_add_table(
        r, T(lang, "项目与资金（按帮扶工程）", "Projects and funding by programme"), 3,
        (const char *[]){T(lang, "帮扶工程", "programme"), T(lang, "项目(个)", "projects"),
                         T(lang, "资金(万元)", "funding (10k yuan)")});
    for (guint i = 0; i < s->programme_keys->len; i++) {
        const money *m = programme_money(sc, i);
        if (!m->projects && m->funding_wan == 0)
            continue;
        report_row(t);
        report_text(t, programme_label(s, i, lang));
        report_int(t, m->projects);
        report_number(t, m->funding_wan, 1);
    }
    money total = money_total(sc);
    report_total_row(t);
    report_text(t, T(lang, "合计", "total"));
    report_int(t, total.projects);
    report_number(t, total.funding_wan, 1);
}

static gboolean any_planned(const vi_stats *s, const scope *sc)
{
    for (int i = 0; i < s->nlayers; i++)
        for (int k = 0; s->info[i].counted && k < s->info[i].nstatus; k++)
            if (slot_kind(s, &s->info[i], k) == KIND_PLANNED && sc->layers[i].by_status[k].count)
                return TRUE;
    return FALSE;
}

/* Whether a scope holds any feature of a counted layer other than households. */
static gboolean any_assets(const vi_stats *s, const scope *sc)
{
    for (int i = 0; i < s->nlayers; i++) {
        if (!s->info[i].counted || is_households(&s->info[i]))
            continue;
        if (sc->layers[i].all.count)
            return TRUE;
        for (int k = 0; k < s->info[i].nstatus; k++)
            if (sc->layers[i].by_status[k].count)
                return TRUE;
    }
    return FALSE;
}

static gboolean households_counted(const vi_stats *s)
{
    for (int i = 0; i < s->nlayers; i++)
        if (s->info[i].counted && is_households(&s->info[i]))
            return TRUE;
    return FALSE;
}

static void render_tables(const vi_stats *s, vi_format format, vi_lang lang, GString *out)
{
    char *title =
        s->village
            ? g_strdup_printf(T(lang, "村级基础设施统计（%s）", "Village infrastructure: %s"),
                              s->village)
            : g_strdup_printf(T(lang, "村级基础设施统计（%u 个行政村）",
                                s->villages->len == 1 ? "Village infrastructure (%u village)"
                                                      : "Village infrastructure (%u villages)"),
                              s->villages->len);
    vi_report *r = report_new(title);
    g_free(title);
    report_add_note(r,
                    T(lang, "长度为 CGCS2000 椭球面上的测地线长度；规划设施单独列出，不计入合计。",
                      "Lengths are geodesic on the CGCS2000 ellipsoid; planned assets are "
                      "listed apart and left out of every total."));
    const char *const *hh = lang == VI_LANG_EN ? headline_headers_en : headline_headers_zh;
    vi_table *t = report_add_table(r, T(lang, "主要指标", "Key figures"), 5, hh);
    headline_rows(s, &s->total, t, NULL, FALSE, lang);
    if (households_counted(s))
        households_table(r, s, &s->total, lang);
    if (s->with_projects)
        projects_table(r, s, &s->total, lang);
    if (any_assets(s, &s->total)) {
        detail_table(r, s, &s->total, FALSE, lang);
        if (any_planned(s, &s->total))
            detail_table(r, s, &s->total, TRUE, lang);
    }
    if (!s->village && s->villages->len) {
        const char *cols[6] = {T(lang, "村", "village")};
        memcpy(cols + 1, hh, sizeof headline_headers_zh);
        t = report_add_table(r, T(lang, "各村主要指标", "Key figures by village"), 6, cols);
        report_table_group(t, 1);
        for (guint v = 0; v < s->villages->len; v++) {
            const scope *sc = g_ptr_array_index(s->villages, v);
            headline_rows(s, sc, t, sc->name, TRUE, lang);
        }
    }
    report_render(r, format, out);
    report_free(r);
}

/* ---- JSON ---- */

static void json_tally(vi_json *j, const layer_info *li, const tally *t, gboolean open)
{
    json_begin_object(j);
    json_key(j, "count");
    json_int(j, t->count);
    if (li->layer->geometry == VI_GEOM_LINE) {
        json_key(j, "length_m");
        json_number(j, t->length_m);
    }
    if (li->quantity >= 0) {
        json_key(j, is_households(li) ? "people" : "quantity");
        json_number(j, t->quantity);
    }
    if (!open)
        json_end_object(j);
}

static void json_by_status(vi_json *j, const layer_info *li, const tally *by_status)
{
    json_key(j, "by_status");
    json_begin_object(j);
    for (int k = 0; k < li->nstatus; k++) {
        /* The unknown slot only when something is in it. */
        if (k == li->nstatus - 1 && !by_status[k].count)
            continue;
        json_key(j, status_key(li, k));
        json_tally(j, li, &by_status[k], FALSE);
    }
    json_end_object(j);
}

static void json_layer(vi_json *j, const layer_info *li, const layer_tally *lt)
{
    json_key(j, li->layer->name);
    json_tally(j, li, &lt->all, TRUE);
    if (li->toilet >= 0) {
        json_key(j, "toilet_retrofits");
        json_int(j, lt->toilet_retrofits);
    }
    if (li->nstatus) {
        json_key(j, "built");
        json_tally(j, li, &lt->built, FALSE);
        json_by_status(j, li, lt->by_status);
    }
    if (li->breakdown >= 0) {
        char *key = g_strdup_printf("by_%s", li->layer->breakdown);
        json_key(j, key);
        g_free(key);
        json_begin_object(j);
        tally zero = {0, 0, 0};
        tally *zeros = g_new0(tally, li->nstatus);
        for (guint v = 0; v < li->values->len; v++) {
            const value_tally *vt = v < lt->values->len ? g_ptr_array_index(lt->values, v) : NULL;
            json_key(j, g_ptr_array_index(li->values, v));
            json_tally(j, li, vt ? &vt->all : &zero, TRUE);
            if (li->nstatus)
                json_by_status(j, li, vt ? vt->by_status : zeros);
            json_end_object(j);
        }
        g_free(zeros);
        json_end_object(j);
    }
    json_end_object(j);
}

static void json_scope(vi_json *j, const vi_stats *s, const scope *sc)
{
    json_begin_object(j);
    if (sc->name) {
        json_key(j, "name");
        json_string(j, sc->name);
    }
    for (int i = 0; i < s->nlayers; i++)
        if (s->info[i].counted)
            json_layer(j, &s->info[i], &sc->layers[i]);
    if (s->with_projects) {
        json_key(j, "projects");
        json_begin_object(j);
        for (guint i = 0; i < s->programme_keys->len; i++) {
            const money *m = programme_money(sc, i);
            json_key(j, g_ptr_array_index(s->programme_keys, i));
            json_begin_object(j);
            json_key(j, "count");
            json_int(j, m->projects);
            json_key(j, "funding_wan");
            json_number(j, m->funding_wan);
            json_end_object(j);
        }
        json_end_object(j);
        money total = money_total(sc);
        json_key(j, "projects_total");
        json_begin_object(j);
        json_key(j, "count");
        json_int(j, total.projects);
        json_key(j, "funding_wan");
        json_number(j, total.funding_wan);
        json_end_object(j);
    }
    json_end_object(j);
}

void stats_render(const vi_stats *s, vi_format format, vi_lang lang, GString *out)
{
    if (format != VI_FORMAT_JSON) {
        render_tables(s, format, lang, out);
        return;
    }
    vi_json *j = json_new(out, NULL);
    json_begin_object(j);
    json_key(j, "total");
    json_scope(j, s, &s->total);
    json_key(j, "villages");
    json_begin_array(j);
    for (guint v = 0; v < s->villages->len; v++)
        json_scope(j, s, g_ptr_array_index(s->villages, v));
    json_end_array(j);
    json_end_object(j);
    json_free(j);
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

const char *stats_status_label(const vi_stats *s, const char *status, vi_lang lang)
{
    return status_label(s, status, lang);
}

const char *stats_programme_label(const vi_stats *s, int k, vi_lang lang)
{
    return programme_label(s, (guint)k, lang);
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
