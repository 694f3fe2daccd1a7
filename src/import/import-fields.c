/*
 * import-fields.c - the fields of an imported feature (import-int.h):
 * matching the source's fields to the layer's (by name, a shapefile's cut
 * name, the Chinese name, --map and --village-field; two candidates for one
 * field are refused), and checking each value: its text, a unique id, the
 * common fields (status, year, project, a village's name) and the layer's
 * attributes (type, allowed values, bounds).
 */
#include "feature-check.h"
#include "import-int.h"
#include "textcheck.h"
#include "vi-error.h"

#include <string.h>

static const char *const common_names[F_COMMON] = {"id",     "village", "name",
                                                   "status", "year",    "project"};
/* Headers of county spreadsheets and ArcGIS tables made in Chinese. */
static const char *const common_names_zh[F_COMMON] = {"编号", "村", "名称", "状态", "年份", "项目"};

/* Display settings the KML drivers present as fields; never data. */
static const char *const kml_display_fields[] = {
    "tessellate", "extrude", "visibility", "altitudeMode", "drawOrder", "icon", NULL};

const char *import_field_name(const importer *imp, int k)
{
    return k < F_COMMON ? common_names[k] : imp->layer->attrs[k - F_COMMON]->name;
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
        g_prefix_error(err, "cannot import '%s': %s: ", imp->path, label);
    return ok;
}

gboolean import_check_attr(importer *imp, const vi_attr *a, char **value, const char *label,
                           GError **err)
{
    return registry_checked(imp, feature_check_attr(a, value, 0, err), label, err);
}

/* Check the common fields; statuses are put in their canonical spelling. */
gboolean import_check_common(importer *imp, char **values, const char *label, GError **err)
{
    const vi_layer *layer = imp->layer;
    const char *year = values[F_YEAR], *project = values[F_PROJECT];
    if (!registry_checked(imp, feature_check_status(layer, &values[F_STATUS], err), label, err))
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
                             "%s: field \"project\": expected a project id of the ledger, got "
                             "\"%s\" (load the ledger first with 'vinfra import --ledger')",
                             label, project);
            return FALSE;
        }
    }
    if (imp->is_villages) {
        const char *name = values[F_NAME];
        if (!name) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "%s: field \"name\": expected the village name, got nothing", label);
            return FALSE;
        }
        gpointer first = g_hash_table_lookup(imp->file_names, name);
        if (first || g_hash_table_contains(imp->store_names, name)) {
            char *where = first ? g_strdup_printf("feature %d has it too", GPOINTER_TO_INT(first))
                                : g_strdup("the store already has that village");
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "%s: field \"name\": expected a unique village name, got \"%s\" (%s)",
                             label, name, where);
            g_free(where);
            return FALSE;
        }
        g_hash_table_insert(imp->file_names, g_strdup(name), GINT_TO_POINTER((int)imp->index));
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
        import_set_error(err, VI_ERROR_DATA, imp->path, "%s: field \"%s\": %s%s", label,
                         import_field_name(imp, k), why,
                         k == F_ID && generated ? " (made from the file name: give the features "
                                                  "an id field)"
                                                : "");
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
        char *where = first ? g_strdup_printf("feature %d has it too", GPOINTER_TO_INT(first))
                            : g_strdup_printf("layer %s already has it", imp->layer->name);
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         "%s: field \"id\": expected a unique id, got \"%s\" (%s%s)", label, id,
                         generated ? "made from the file name; " : "", where);
        g_free(where);
        return FALSE;
    }
    g_hash_table_insert(imp->file_ids, g_strdup(id), GINT_TO_POINTER((int)imp->index));
    return TRUE;
}

/* The source fields NAMES that match registry field K as
 * import_match_field() matches one: by name ignoring case, by a
 * shapefile's 10-character cut, or by its Chinese name.  Indexes into
 * OUT (NAMES long); returns how many. */
static int field_candidates(const importer *imp, char *const *names, int k, int *out)
{
    const char *name = import_field_name(imp, k);
    const char *zh = k < F_COMMON ? common_names_zh[k] : imp->layer->attrs[k - F_COMMON]->name_zh;
    int n = 0;
    for (int i = 0; names[i]; i++) {
        char *const one[] = {names[i], NULL};
        if (import_match_field(one, name, zh, imp->shapefile) == 0)
            out[n++] = i;
    }
    return n;
}

/* Two source fields for one layer field would leave one unread: without
 * --map (or --village-field) choosing, refuse; with it, say which field the
 * option set aside.  CHOSEN[k] is the option that chose field K's source, or
 * NULL. */
static gboolean check_field_collisions(importer *imp, source_layer *src, char **chosen,
                                       GError **err)
{
    int *cand = g_new(int, g_strv_length(src->names) + 1);
    gboolean ok = TRUE;
    for (int k = 0; ok && k < imp->nfields; k++) {
        int n = field_candidates(imp, src->names, k, cand);
        if (!chosen[k] && n > 1) {
            GString *list = g_string_new(NULL);
            for (int j = 0; j < n; j++)
                g_string_append_printf(list, "%s\"%s\"",
                                       j == 0       ? ""
                                       : j == n - 1 ? " and "
                                                    : ", ",
                                       src->names[cand[j]]);
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "fields %s %s match field \"%s\" of layer %s: name the one to read "
                             "with --map %s=FIELD",
                             list->str, n == 2 ? "both" : "all", import_field_name(imp, k),
                             imp->layer->name, import_field_name(imp, k));
            g_string_free(list, TRUE);
            ok = FALSE;
        }
        for (int j = 0; ok && chosen[k] && j < n; j++) {
            if (cand[j] == src->map[k])
                continue;
            src->used[cand[j]] = TRUE; /* reported here, not as "not in layer" */
            import_warn(imp->res,
                        vi_text(imp->opt->lang, "'%s'：未读取字段 \"%s\"（%s 读取的是字段 \"%s\"）",
                                "'%s': field \"%s\" was not read (%s reads field \"%s\" "
                                "instead)"),
                        imp->path, src->names[cand[j]], chosen[k], src->names[src->map[k]]);
        }
    }
    g_free(cand);
    return ok;
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
    gboolean ok = FALSE;
    for (int k = 0; k < imp->nfields; k++) {
        const char *zh =
            k < F_COMMON ? common_names_zh[k] : imp->layer->attrs[k - F_COMMON]->name_zh;
        src->map[k] = import_match_field(src->names, import_field_name(imp, k), zh, imp->shapefile);
    }
    if (imp->opt->village_field) {
        int i = import_find_field(src->names, imp->opt->village_field);
        if (i < 0) {
            char *have = g_strjoinv(", ", src->names);
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             "--village-field: the file has no field \"%s\" (its fields: %s)",
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
                g_string_append_printf(fields, "%s%s", j ? ", " : "", import_field_name(imp, j));
            if (!eq || !eq[1])
                import_set_error(err, VI_ERROR_USAGE, imp->path,
                                 "--map \"%s\": expected FIELD=SOURCE", spec);
            else
                import_set_error(err, VI_ERROR_USAGE, imp->path,
                                 "--map \"%s\": layer %s has no field \"%s\" (its fields: %s)",
                                 spec, imp->layer->name, target, fields->str);
            g_string_free(fields, TRUE);
            g_free(target);
            goto out;
        }
        g_free(target);
        int i = import_find_field(src->names, eq + 1);
        if (i < 0) {
            char *have = g_strjoinv(", ", src->names);
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             "--map \"%s\": the file has no field \"%s\" (its fields: %s)", spec,
                             eq + 1, have[0] ? have : "none");
            g_free(have);
            goto out;
        }
        if (chosen[k] && g_str_has_prefix(chosen[k], "--map ")) {
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             "%s and --map \"%s\" both set field \"%s\": give one", chosen[k], spec,
                             import_field_name(imp, k));
            goto out;
        }
        src->map[k] = i;
        g_free(chosen[k]);
        chosen[k] = g_strdup_printf("--map \"%s\"", spec);
    }
    for (int k = 0; k < imp->nfields; k++)
        if (src->map[k] >= 0)
            src->used[src->map[k]] = TRUE;
    if (!check_field_collisions(imp, src, chosen, err))
        goto out;
    for (int i = 0; imp->kml && kml_display_fields[i]; i++) {
        int j = import_find_field(src->names, kml_display_fields[i]);
        if (j >= 0)
            src->used[j] = TRUE;
    }
    for (int a = 0; a < imp->layer->nattrs; a++) {
        const vi_attr *attr = imp->layer->attrs[a];
        if (attr->required && src->map[F_COMMON + a] < 0) {
            char *want = feature_attr_expected(attr);
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             "layer %s needs field \"%s\" (%s), which the file does not have "
                             "(name the file's field with --map %s=FIELD)",
                             imp->layer->name, attr->name, want, attr->name);
            g_free(want);
            goto out;
        }
    }
    ok = TRUE;
out:
    import_values_free(chosen, imp->nfields);
    return ok;
}
