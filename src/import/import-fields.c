/*
 * import-fields.c - the fields of an imported feature (import-int.h):
 * matching the source's fields to the layer's (by the words of the layer's
 * field names, vocab.h: the name, its Chinese name, a synonym of
 * data/vocabulary.tsv; a shapefile's cut name; --map and --village-field;
 * two candidates for one field are refused), the values --set gives and
 * --map-value renames, and checking each value: its text, a unique id, the
 * common fields (status, year, project, a village's name) and the layer's
 * attributes (type, allowed values and their words, bounds).
 */
#include "feature-check.h"
#include "fold.h"
#include "i18n.h"
#include "import-int.h"
#include "textcheck.h"
#include "vi-error.h"
#include "vocab.h"

#include <string.h>

/* One --map-value: a source value read as another. */
typedef struct {
    char *source; /* folded */
    char *value;  /* what it is read as; NULL: empty */
    const char *spec;
} value_map;

/* --set and --map-value, parsed for one layer (import-int.h). */
struct import_values {
    int nfields;
    char **set;        /* field -> the value every feature gets (checked), or NULL */
    const char **spec; /* field -> the --set that gave it */
    GPtrArray **maps;  /* field -> value_map * (owned), or NULL */
};

/* Display settings the KML drivers present as fields; never data. */
static const char *const kml_display_fields[] = {
    "tessellate", "extrude", "visibility", "altitudeMode", "drawOrder", "icon", NULL};

const char *import_field_name(const importer *imp, int k)
{
    /* vi_common_fields are in vi_feature order, as F_ID... are. */
    return k < F_COMMON ? vi_common_fields[k] : imp->layer->attrs[k - F_COMMON]->name;
}

/* Free an array of N strings, some NULL (so not a GStrv). */
void import_values_free(char **values, int n)
{
    for (int k = 0; values && k < n; k++)
        g_free(values[k]);
    g_free(values);
}

/* The registry's checks of a value (feature-check.h), said as an import's. */
static gboolean registry_checked(importer *imp, gboolean ok, const char *label, GError **err)
{
    if (!ok)
        g_prefix_error(err, _("cannot import '%s': %s: "), imp->path, label);
    return ok;
}

/* ARG as a shell word: quoted when it holds spaces or shell characters. */
static char *shell_word(const char *arg)
{
    if (!arg[strcspn(arg, " \t\n'\"\\$`;&|<>()*?[]#~!{}")])
        return g_strdup(arg);
    char **parts = g_strsplit(arg, "'", -1);
    char *joined = g_strjoinv("'\\''", parts);
    char *quoted = g_strdup_printf("'%s'", joined);
    g_free(joined);
    g_strfreev(parts);
    return quoted;
}

/* The registry's check of VALUE for FIELD, an enumerated field (its
 * ALLOWED values and their WORDS), said as an import's: a value that is no
 * word of them is given the option that reads it as one ("; map it with
 * --map-value surface:碎石=gravel"). */
static gboolean enum_checked(importer *imp, gboolean ok, const char *field, const vi_words *words,
                             char *const *allowed, const char *value, const char *label,
                             GError **err)
{
    if (!ok && value && allowed && err && *err && !vi_words_key(words, value)) {
        const char *guess = vi_words_guess(words, allowed, value);
        /* TRANSLATORS: the placeholder of --map-value FIELD:SOURCE=VALUE */
        char *spec = g_strdup_printf("%s:%s=%s", field, value, guess ? guess : _("VALUE"));
        char *word = shell_word(spec);
        char *message = (*err)->message;
        (*err)->message = g_strdup_printf(_("%s; map it with --map-value %s"), message, word);
        g_free(message);
        g_free(word);
        g_free(spec);
    }
    return registry_checked(imp, ok, label, err);
}

gboolean import_check_attr(importer *imp, const vi_attr *a, char **value, const char *label,
                           GError **err)
{
    /* A refused value is left as it was. */
    gboolean ok = feature_check_attr(a, value, 0, err);
    return enum_checked(imp, ok, a->name, a->words, a->allowed, *value, label, err);
}

/* Check the common fields; statuses are put in their canonical spelling. */
gboolean import_check_common(importer *imp, char **values, const char *label, GError **err)
{
    const vi_layer *layer = imp->layer;
    const char *year = values[F_YEAR], *project = values[F_PROJECT];
    gboolean ok = feature_check_status(layer, &values[F_STATUS], err);
    if (!enum_checked(imp, ok, "status", layer->status_words, layer->statuses, values[F_STATUS],
                      label, err))
        return FALSE;
    const char *status = values[F_STATUS];
    if (!status && layer->statuses)
        imp->missing_status++;
    gint64 y;
    /* ArcGIS writes 0 for an empty number; the store means unknown by 0 too. */
    if (year && import_parse_int(year, &y) && y == 0) {
        g_free(values[F_YEAR]);
        year = values[F_YEAR] = NULL;
    }
    if (!registry_checked(imp, feature_check_year(year, err), label, err))
        return FALSE;
    if (project) {
        if (!imp->projects) {
            imp->projects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
            if (!store_project_ids(imp->store, imp->projects, err))
                return FALSE;
        }
        if (!g_hash_table_contains(imp->projects, project)) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("%s: field \"project\": expected a project id of the ledger, got "
                               "\"%s\" (load the ledger first with 'vinfra import --ledger')"),
                             label, project);
            return FALSE;
        }
    }
    if (imp->is_villages) {
        const char *name = values[F_NAME];
        if (!name) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("%s: field \"name\": expected the village name, got nothing"),
                             label);
            return FALSE;
        }
        gpointer first = g_hash_table_lookup(imp->file_names, name);
        if (first || g_hash_table_contains(imp->store_names, name)) {
            char *where = first ? g_strdup_printf(imp->table ? _("row %d has it too")
                                                             : _("feature %d has it too"),
                                                  GPOINTER_TO_INT(first))
                                : g_strdup(_("the store already has that village"));
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("%s: field \"name\": expected a unique village name, got \"%s\" "
                               "(%s)"),
                             label, name, where);
            g_free(where);
            return FALSE;
        }
        g_hash_table_insert(imp->file_names, g_strdup(name),
                            GINT_TO_POINTER((int)imp->item_number));
    }
    return TRUE;
}

/* How the text of field K is checked: ids and the names other records
 * refer to (villages, projects) are keys. */
static vi_text_kind text_kind(const importer *imp, int k)
{
    gboolean key =
        k == F_ID || k == F_VILLAGE || k == F_PROJECT || (k == F_NAME && imp->is_villages);
    return key ? VI_TEXT_KEY : VI_TEXT_VALUE;
}

/* Check the characters and length of every text value (textcheck.h). */
gboolean import_check_text(importer *imp, char **values, gboolean generated, const char *label,
                           GError **err)
{
    for (int k = 0; k < imp->nfields; k++) {
        char *why = values[k] ? vi_text_problem(values[k], text_kind(imp, k)) : NULL;
        if (!why)
            continue;
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         k == F_ID && generated
                             ? _("%s: field \"%s\": %s (made from the file name: give the "
                                 "features an id field)")
                             : _("%s: field \"%s\": %s"),
                         label, import_field_name(imp, k), why);
        g_free(why);
        return FALSE;
    }
    return TRUE;
}

gboolean import_check_id(importer *imp, const char *id, gboolean generated, const char *label,
                         GError **err)
{
    gpointer first = g_hash_table_lookup(imp->file_ids, id);
    if (first || g_hash_table_contains(imp->store_ids, id)) {
        char *where = first ? g_strdup_printf(imp->table ? _("row %d has it too")
                                                         : _("feature %d has it too"),
                                              GPOINTER_TO_INT(first))
                            : g_strdup_printf(_("layer %s already has it"), imp->layer->name);
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         generated ? _("%s: field \"id\": expected a unique id, got \"%s\" (made "
                                       "from the file name; %s)")
                                   : _("%s: field \"id\": expected a unique id, got \"%s\" (%s)"),
                         label, id, where);
        g_free(where);
        return FALSE;
    }
    g_hash_table_insert(imp->file_ids, g_strdup(id), GINT_TO_POINTER((int)imp->item_number));
    return TRUE;
}

/* The index of the layer's field that source field NAME names: a word of
 * the layer's field names (vocab.h), or the 10-character cut a shapefile
 * makes of a longer name; -1 when none. */
static int source_target(const importer *imp, const char *name)
{
    const char *field = vi_words_key(imp->layer->field_words, name);
    for (int k = 0; k < imp->nfields; k++) {
        const char *key = import_field_name(imp, k);
        if (field ? strcmp(key, field) == 0
                  : imp->shapefile && strlen(key) > 10 && strlen(name) == 10 &&
                        g_ascii_strncasecmp(name, key, 10) == 0)
            return k;
    }
    return -1;
}

/* The source fields whose TARGET (source_target(), NSRC long) is registry
 * field K: indexes into OUT; returns how many. */
static int field_candidates(const int *target, int nsrc, int k, int *out)
{
    int n = 0;
    for (int i = 0; i < nsrc; i++)
        if (target[i] == k)
            out[n++] = i;
    return n;
}

/* Two source fields for one layer field would leave one unread: without
 * --map (or --village-field) choosing, refuse; with it, say which field the
 * option set aside.  CHOSEN[k] is the option that chose field K's source, or
 * NULL. */
static gboolean check_field_collisions(importer *imp, source_layer *src, const int *target,
                                       char **chosen, GError **err)
{
    int nsrc = (int)g_strv_length(src->names);
    int *cand = g_new(int, nsrc + 1);
    gboolean ok = TRUE;
    for (int k = 0; ok && k < imp->nfields; k++) {
        int n = field_candidates(target, nsrc, k, cand);
        if (!chosen[k] && n > 1) {
            GString *list = g_string_new(NULL);
            for (int j = 0; j < n; j++)
                g_string_append_printf(list, "%s\"%s\"",
                                       j == 0       ? ""
                                       : j == n - 1 ? _(" and ")
                                                    : _(", "),
                                       src->names[cand[j]]);
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             n == 2 ? _("fields %s both match field \"%s\" of layer %s: name the "
                                        "one to read with --map %s=FIELD")
                                    : _("fields %s all match field \"%s\" of layer %s: name the "
                                        "one to read with --map %s=FIELD"),
                             list->str, import_field_name(imp, k), imp->layer->name,
                             import_field_name(imp, k));
            g_string_free(list, TRUE);
            ok = FALSE;
        }
        for (int j = 0; ok && chosen[k] && j < n; j++) {
            if (cand[j] == src->map[k])
                continue;
            src->used[cand[j]] = TRUE; /* reported here, not as "not in layer" */
            import_warn(imp->res,
                        _("'%s': field \"%s\" was not read (%s reads field \"%s\" instead)"),
                        imp->path, src->names[cand[j]], chosen[k], src->names[src->map[k]]);
        }
    }
    g_free(cand);
    return ok;
}

/* The layer's field, by a word of its field names, that FIELD (an option's)
 * names: its index, or -1 with ERR naming OPTION and SPEC and listing the
 * fields. */
static int option_field(const importer *imp, const char *field, const char *option,
                        const char *spec, GError **err)
{
    const char *key = vi_words_key(imp->layer->field_words, field);
    for (int k = 0; key && k < imp->nfields; k++)
        if (strcmp(import_field_name(imp, k), key) == 0)
            return k;
    GString *fields = g_string_new(NULL);
    for (int j = 0; j < imp->nfields; j++)
        g_string_append_printf(fields, "%s%s", j ? _(", ") : "", import_field_name(imp, j));
    import_set_error(err, VI_ERROR_USAGE, imp->path,
                     _("%s \"%s\": layer %s has no field \"%s\" (its fields: %s)"), option, spec,
                     imp->layer->name, field, fields->str);
    g_string_free(fields, TRUE);
    return -1;
}

/* Check *VALUE (owned), given by OPTION SPEC for field K, as a value of the
 * file would be: its text and what the registry allows, put as the value
 * it means (--set status=新建 on streetlights is built). */
static gboolean check_option_value(importer *imp, int k, char **value, const char *option,
                                   const char *spec, GError **err)
{
    GError *why = NULL;
    char *problem = vi_text_problem(*value, text_kind(imp, k));
    if (problem)
        g_set_error(&why, VI_ERROR, VI_ERROR_DATA, _("field \"%s\": %s"), import_field_name(imp, k),
                    problem);
    else if (k == F_STATUS)
        feature_check_status(imp->layer, value, &why);
    else if (k == F_YEAR)
        feature_check_year(*value, &why);
    else if (k >= F_COMMON)
        feature_check_attr(imp->layer->attrs[k - F_COMMON], value, 0, &why);
    g_free(problem);
    if (!why)
        return TRUE;
    import_set_error(err, VI_ERROR_USAGE, imp->path, _("%s \"%s\": %s"), option, spec,
                     why->message);
    g_error_free(why);
    return FALSE;
}

static void value_map_free(gpointer p)
{
    value_map *m = p;
    g_free(m->source);
    g_free(m->value);
    g_free(m);
}

void import_values_release(import_values *iv)
{
    if (!iv)
        return;
    import_values_free(iv->set, iv->nfields);
    for (int k = 0; k < iv->nfields; k++)
        if (iv->maps[k])
            g_ptr_array_free(iv->maps[k], TRUE);
    g_free(iv->maps);
    g_free(iv->spec);
    g_free(iv);
}

/* One --set FIELD=VALUE into IV. */
static gboolean parse_set(importer *imp, import_values *iv, const char *spec, GError **err)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1]) {
        import_set_error(err, VI_ERROR_USAGE, imp->path, _("--set \"%s\": expected FIELD=VALUE"),
                         spec);
        return FALSE;
    }
    char *field = g_strndup(spec, (gsize)(eq - spec));
    int k = option_field(imp, field, "--set", spec, err);
    g_free(field);
    if (k < 0)
        return FALSE;
    if (k == F_ID || k == F_VILLAGE) {
        import_set_error(err, VI_ERROR_USAGE, imp->path,
                         k == F_ID ? _("--set \"%s\": every feature needs an id of its own "
                                       "(without an id field, ids are made from the file name)")
                                   : _("--set \"%s\": give the village with --village NAME"),
                         spec);
        return FALSE;
    }
    if (iv->set[k]) {
        import_set_error(err, VI_ERROR_USAGE, imp->path,
                         _("--set \"%s\" and --set \"%s\" both set field \"%s\": give one"),
                         iv->spec[k], spec, import_field_name(imp, k));
        return FALSE;
    }
    char *value = g_strdup(eq + 1);
    if (!check_option_value(imp, k, &value, "--set", spec, err)) {
        g_free(value);
        return FALSE;
    }
    iv->set[k] = value;
    iv->spec[k] = spec;
    return TRUE;
}

/* One --map-value FIELD:SOURCE=VALUE into IV. */
static gboolean parse_map_value(importer *imp, import_values *iv, const char *spec, GError **err)
{
    const char *colon = strchr(spec, ':');
    const char *eq = colon ? strchr(colon + 1, '=') : NULL;
    char *raw = eq ? g_strndup(colon + 1, (gsize)(eq - colon - 1)) : NULL;
    char *source = vi_fold(raw);
    g_free(raw);
    if (!eq || colon == spec || !source || !*source) {
        import_set_error(err, VI_ERROR_USAGE, imp->path,
                         _("--map-value \"%s\": expected FIELD:SOURCE=VALUE"), spec);
        g_free(source);
        return FALSE;
    }
    char *field = g_strndup(spec, (gsize)(colon - spec));
    int k = option_field(imp, field, "--map-value", spec, err);
    g_free(field);
    char *value = k >= 0 && eq[1] ? g_strdup(eq + 1) : NULL;
    gboolean ok =
        k >= 0 && (!value || check_option_value(imp, k, &value, "--map-value", spec, err));
    for (guint i = 0; ok && iv->maps[k] && i < iv->maps[k]->len; i++) {
        const value_map *other = iv->maps[k]->pdata[i];
        if (strcmp(other->source, source) == 0) {
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             _("--map-value \"%s\" and --map-value \"%s\" both read one value of "
                               "field \"%s\": give one"),
                             other->spec, spec, import_field_name(imp, k));
            ok = FALSE;
        }
    }
    if (!ok) {
        g_free(source);
        g_free(value);
        return FALSE;
    }
    if (!iv->maps[k])
        iv->maps[k] = g_ptr_array_new_with_free_func(value_map_free);
    value_map *m = g_new(value_map, 1);
    *m = (value_map){source, value, spec};
    g_ptr_array_add(iv->maps[k], m);
    return TRUE;
}

gboolean import_value_options(importer *imp, source_layer *src, GError **err)
{
    import_values *iv = g_new0(import_values, 1);
    iv->nfields = imp->nfields;
    iv->set = g_new0(char *, imp->nfields + 1);
    iv->spec = g_new0(const char *, imp->nfields + 1);
    iv->maps = g_new0(GPtrArray *, imp->nfields + 1);
    src->values = iv;
    for (int i = 0; imp->opt->sets && imp->opt->sets[i]; i++)
        if (!parse_set(imp, iv, imp->opt->sets[i], err))
            return FALSE;
    for (int i = 0; imp->opt->value_maps && imp->opt->value_maps[i]; i++)
        if (!parse_map_value(imp, iv, imp->opt->value_maps[i], err))
            return FALSE;
    return TRUE;
}

gboolean import_fields_fill(importer *imp, const source_layer *src, char **values,
                            const char *label, GError **err)
{
    const import_values *iv = src->values;
    for (int k = 0; k < imp->nfields; k++) {
        if (values[k] && iv->maps[k]) {
            char *folded = vi_fold(values[k]);
            for (guint i = 0; folded && i < iv->maps[k]->len; i++) {
                const value_map *m = iv->maps[k]->pdata[i];
                if (strcmp(m->source, folded) == 0) {
                    g_free(values[k]);
                    values[k] = g_strdup(m->value);
                    break;
                }
            }
            g_free(folded);
        }
        if (!iv->set[k])
            continue;
        if (values[k]) {
            import_set_error(
                err, VI_ERROR_DATA, imp->path,
                _("%s: field \"%s\": the file gives \"%s\" (field \"%s\"), which --set "
                  "\"%s\" would overwrite: give --set only for a field the file lacks "
                  "or leaves empty"),
                label, import_field_name(imp, k), values[k], src->names[src->map[k]], iv->spec[k]);
            return FALSE;
        }
        values[k] = g_strdup(iv->set[k]);
    }
    return TRUE;
}

/* Match the source's fields to the layer's: by name, then --village-field
 * and --map, refusing ambiguous and missing ones. */
gboolean import_fields_match(importer *imp, OGRLayerH layer, source_layer *src, GError **err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    src->layer = layer;
    src->names = import_field_names(defn, imp->recode_from);
    int nsrc = OGR_FD_GetFieldCount(defn);
    src->used = g_new0(gboolean, nsrc + 1);
    src->map = g_new(int, imp->nfields);
    src->lon = src->lat = -1;
    char **chosen = g_new0(char *, imp->nfields + 1); /* the option that chose, or NULL */
    int *target = g_new(int, nsrc + 1);               /* source field -> registry field */
    gboolean ok = FALSE;
    for (int k = 0; k < imp->nfields; k++)
        src->map[k] = -1;
    for (int i = nsrc - 1; i >= 0; i--)
        if ((target[i] = source_target(imp, src->names[i])) >= 0)
            src->map[target[i]] = i; /* the first candidate; two are refused below */
    if (imp->opt->village_field) {
        int i = import_find_field(src->names, imp->opt->village_field);
        if (i < 0) {
            char *have = g_strjoinv(_(", "), src->names);
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             _("--village-field: the file has no field \"%s\" (its fields: %s)"),
                             imp->opt->village_field, have);
            g_free(have);
            goto out;
        }
        src->map[F_VILLAGE] = i;
        chosen[F_VILLAGE] = g_strdup_printf("--village-field %s", imp->opt->village_field);
    }
    for (int m = 0; imp->opt->maps && imp->opt->maps[m]; m++) {
        const char *spec = imp->opt->maps[m], *eq = strchr(spec, '=');
        char *target = eq ? g_strndup(spec, (gsize)(eq - spec)) : g_strdup(spec);
        int k = -1;
        for (int j = 0; j < imp->nfields && eq; j++)
            if (strcmp(import_field_name(imp, j), target) == 0)
                k = j;
        if (!eq || !eq[1] || k < 0) {
            GString *fields = g_string_new(NULL);
            for (int j = 0; j < imp->nfields; j++)
                g_string_append_printf(fields, "%s%s", j ? _(", ") : "", import_field_name(imp, j));
            if (!eq || !eq[1])
                import_set_error(err, VI_ERROR_USAGE, imp->path,
                                 _("--map \"%s\": expected FIELD=SOURCE"), spec);
            else
                import_set_error(err, VI_ERROR_USAGE, imp->path,
                                 _("--map \"%s\": layer %s has no field \"%s\" (its fields: %s)"),
                                 spec, imp->layer->name, target, fields->str);
            g_string_free(fields, TRUE);
            g_free(target);
            goto out;
        }
        g_free(target);
        int i = import_find_field(src->names, eq + 1);
        if (i < 0) {
            char *have = g_strjoinv(_(", "), src->names);
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             _("--map \"%s\": the file has no field \"%s\" (its fields: %s)"), spec,
                             eq + 1, have[0] ? have : _("none"));
            g_free(have);
            goto out;
        }
        if (chosen[k] && g_str_has_prefix(chosen[k], "--map ")) {
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             _("%s and --map \"%s\" both set field \"%s\": give one"), chosen[k],
                             spec, import_field_name(imp, k));
            goto out;
        }
        src->map[k] = i;
        g_free(chosen[k]);
        chosen[k] = g_strdup_printf("--map \"%s\"", spec);
    }
    for (int k = 0; k < imp->nfields; k++)
        if (src->map[k] >= 0)
            src->used[src->map[k]] = TRUE;
    if (!check_field_collisions(imp, src, target, chosen, err))
        goto out;
    for (int i = 0; imp->kml && kml_display_fields[i]; i++) {
        int j = import_find_field(src->names, kml_display_fields[i]);
        if (j >= 0)
            src->used[j] = TRUE;
    }
    if (!import_value_options(imp, src, err))
        goto out;
    for (int a = 0; a < imp->layer->nattrs; a++) {
        const vi_attr *attr = imp->layer->attrs[a];
        if (attr->required && src->map[F_COMMON + a] < 0 && !src->values->set[F_COMMON + a]) {
            char *want = feature_attr_expected(attr);
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("layer %s needs field \"%s\" (%s), which the file does not have "
                               "(name the file's field with --map %s=FIELD, or give every feature "
                               "the same value with --set %s=VALUE)"),
                             imp->layer->name, attr->name, want, attr->name, attr->name);
            g_free(want);
            goto out;
        }
    }
    ok = TRUE;
out:
    import_values_free(chosen, imp->nfields);
    g_free(target);
    return ok;
}
