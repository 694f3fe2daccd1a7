/*
 * store-check.c - vinfra check's order of work: the backend's own checks
 * of the whole database (integrity, foreign keys), then for each registry
 * layer its spatial index and the registry's rules on every row, then the
 * ledger.  Nothing is changed.  The backend reports each problem through
 * store_problem().
 */
#include "store-int.h"
#include "i18n.h"
#include "feature-check.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

void store_problem(problem_sink *sink, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    sink->fn(text, sink->user);
    sink->count++;
    g_free(text);
}

/* Is V one of ALLOWED? */
static gboolean value_listed(char *const *allowed, const char *v)
{
    for (int i = 0; allowed && allowed[i]; i++)
        if (strcmp(allowed[i], v) == 0)
            return TRUE;
    return FALSE;
}

const char *store_geometry_type(int geometry)
{
    switch (geometry) {
    case VI_GEOM_POINT:
        return "POINT";
    case VI_GEOM_LINE:
        return "MULTILINESTRING";
    default:
        return "MULTIPOLYGON";
    }
}

/* ALLOWED joined by the catalogue's separator (caller frees). */
static char *listed(char *const *allowed)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; allowed && allowed[i]; i++)
        g_string_append_printf(s, "%s%s", i ? _(", ") : "", allowed[i]);
    return g_string_free(s, FALSE);
}

/* SQLite's storage class TYPE (typeof()) as a message says it. */
static const char *stored_type(const char *type)
{
    /* TRANSLATORS: SQLite's storage class of a stored value, as in
     * 'field "watts": expected an integer, got text "abc"'. */
    return strcmp(type, "integer") == 0 ? _("integer")
           : strcmp(type, "real") == 0  ? _("real")
           : strcmp(type, "text") == 0  ? _("text")
           : strcmp(type, "blob") == 0  ? _("blob")
                                        : type;
}

/* The attributes of R (see store_check_feature()), said as WHO's. */
static void check_attrs(problem_sink *sink, const vi_layer *layer, const store_check_row *r,
                        const char *who)
{
    for (int a = 0; a < layer->nattrs; a++) {
        const vi_attr *attr = layer->attrs[a];
        const char *v = r->attrs[a];
        const char *type = r->attr_types[a];
        if (!v) {
            if (attr->required)
                store_problem(sink,
                              _("%s: field \"%s\": expected a value (the field is required), got "
                                "nothing"),
                              who, attr->name);
            continue;
        }
        gboolean type_ok = attr->type == VI_ATTR_INTEGER ? strcmp(type, "integer") == 0
                           : attr->type == VI_ATTR_REAL
                               ? strcmp(type, "real") == 0 || strcmp(type, "integer") == 0
                               : strcmp(type, "text") == 0;
        if (!type_ok)
            store_problem(sink, _("%s: field \"%s\": expected %s, got %s \"%s\""), who, attr->name,
                          attr->type == VI_ATTR_INTEGER ? _("an integer")
                          : attr->type == VI_ATTR_REAL  ? _("a number")
                                                        : _("a text"),
                          stored_type(type), v);
        else if (attr->allowed && !value_listed(attr->allowed, v)) {
            char *list = listed(attr->allowed);
            store_problem(sink, _("%s: field \"%s\": expected one of %s, got \"%s\""), who,
                          attr->name, list, v);
            g_free(list);
        } else if (attr->bound && !vi_bound_contains(attr->bound, r->attr_numbers[a])) {
            /* Plausible bounds (data/bounds.tsv), as an import checks them. */
            char *range = vi_bound_text(attr->bound, attr->unit);
            store_problem(sink, _("%s: field \"%s\": expected %s, got \"%s\""), who, attr->name,
                          range, v);
            g_free(range);
        }
    }
}

void store_check_feature(problem_sink *sink, const vi_layer *layer, const store_check_row *r)
{
    gboolean is_villages = strcmp(layer->name, "villages") == 0;
    char *who = g_strdup_printf(_("%s: feature \"%s\" (fid %" PRId64 ")"), layer->name,
                                r->id ? r->id : "", (int64_t)r->fid);
    if (r->status && !layer->statuses)
        store_problem(sink,
                      _("%s: field \"status\": expected nothing (layer %s has no statuses), got "
                        "\"%s\""),
                      who, layer->name, r->status);
    else if (r->status && !value_listed(layer->statuses, r->status)) {
        char *list = listed(layer->statuses);
        store_problem(sink, _("%s: field \"status\": expected one of %s, got \"%s\""), who, list,
                      r->status);
        g_free(list);
    }
    /* The years an import and vinfra edit accept (feature-check.h). */
    if (r->year && (!r->year_integer || r->year_value < VI_YEAR_MIN || r->year_value > VI_YEAR_MAX))
        store_problem(sink, _("%s: field \"year\": expected a year from %d to %d, got \"%s\""), who,
                      VI_YEAR_MIN, VI_YEAR_MAX, r->year);
    if (is_villages && !r->name)
        store_problem(sink, _("%s: field \"name\": expected the village name, got nothing"), who);
    if (!is_villages && !r->village)
        store_problem(sink, _("%s: field \"village\": expected a village, got nothing"), who);
    else if (!is_villages && !r->village_known)
        store_problem(sink, _("%s: field \"village\": \"%s\" is not in the villages layer"), who,
                      r->village);
    if (!r->project_known)
        store_problem(sink, _("%s: field \"project\": \"%s\" is not a project of the ledger"), who,
                      r->project);
    const char *expected_type = store_geometry_type(layer->geometry);
    if (r->no_geometry)
        store_problem(sink, _("%s: no geometry"), who);
    else if (!r->geometry_type || strcmp(r->geometry_type, expected_type) != 0)
        store_problem(sink, _("%s: geometry: expected %s, got %s"), who, expected_type,
                      r->geometry_type ? r->geometry_type : _("an unreadable geometry"));
    else if (r->srid != VI_STORE_SRID)
        store_problem(sink, _("%s: geometry: expected SRID %d, got %d"), who, VI_STORE_SRID,
                      r->srid);
    else if (r->invalid)
        store_problem(sink, _("%s: geometry: invalid (%s)"), who, r->invalid);
    check_attrs(sink, layer, r, who);
    g_free(who);
}

void store_check_project(problem_sink *sink, const vi_registry *reg, const char *id,
                         const char *programme, const char *village, gboolean village_known)
{
    if (!registry_programme(reg, programme))
        store_problem(sink,
                      _("projects: project \"%s\": field \"programme\": \"%s\" is not a "
                        "programme of programmes.tsv"),
                      id, programme);
    if (!village_known)
        store_problem(sink,
                      _("projects: project \"%s\": field \"village\": \"%s\" is not in the "
                        "villages layer"),
                      id, village);
}

gboolean store_check(vi_store *store, vi_problem_fn fn, void *user, gint64 *problems, GError **err)
{
    problem_sink sink = {fn, user, 0};
    gboolean ok = store->backend->check_engine(store, &sink, err);
    for (int i = 0; ok && i < registry_layer_count(store->reg); i++)
        ok = store->backend->check_layer(store, registry_layer_at(store->reg, i), &sink, err);
    ok = ok && store->backend->check_projects(store, &sink, err);
    *problems = sink.count;
    return ok;
}
