/*
 * ledger.c - vinfra import --ledger: the project ledger (one row per project
 * or fund: id, name, programme, village, year, funding_wan, kind) from a CSV
 * or spreadsheet, checked row by row and written in one transaction, like a
 * layer import (import.c).  A table's header is found below its titles as
 * for a layer (import-table.c: 2019-2024年帮扶项目台账, 单位：万元), and
 * its rows are numbered as the spreadsheet shows them.  Totals rows (合计, 小计 ...: data/totals.tsv)
 * are skipped and named in the summary, never imported as projects; amounts
 * are checked against their plausible bounds (data/bounds.tsv).
 */
#include "feature-check.h"
#include "gdal-guard.h"
#include "i18n.h"
#include "import-common.h"
#include "import-table.h"
#include "ledger.h"
#include "table.h"
#include "textcheck.h"
#include "totals.h"
#include "vi-error.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

enum { L_ID, L_NAME, L_PROGRAMME, L_VILLAGE, L_YEAR, L_FUNDING, L_KIND, L_COLUMNS };
static const char *const column_names[L_COLUMNS] = {"id",   "name",        "programme", "village",
                                                    "year", "funding_wan", "kind"};
/* Headers of ledgers kept in Chinese. */
static const char *const column_names_zh[L_COLUMNS] = {"编号", "项目名称", "工程", "村",
                                                       "年份", "资金",     "类型"};
static const gboolean column_required[L_COLUMNS] = {TRUE, TRUE, TRUE};
static const char *const kinds[] = {"project", "fund", NULL};

typedef struct {
    char *values[L_COLUMNS]; /* owned; programme holds the key, kind a word of kinds[] */
    double funding_wan;
    int year;
} ledger_row;

typedef struct {
    vi_store *store;
    const vi_registry *reg;
    const char *path;
    vi_lang lang; /* of warnings */
    vi_import_result *res;
    GHashTable *villages;            /* names of the store's villages */
    GHashTable *store_ids;           /* projects already in the ledger */
    GHashTable *file_ids;            /* id -> first row */
    GPtrArray *nuls;                 /* import_nul *: NULs GDAL cut values short at */
    GArray *rows;                    /* ledger_row */
    vi_totals *totals;               /* the words of data/totals.tsv */
    import_table *table;             /* a spreadsheet or CSV file (import-table.c), or NULL */
    char **names;                    /* the source's column names (owned by read_rows) */
    int map[L_COLUMNS];              /* column of each ledger field, or -1 */
    GArray *totals_rows;             /* gint64: numbers of the totals rows skipped */
    double sum_since_total, sum_all; /* funding of the rows above, for totals without a word */
} ledger;

static void ledger_row_clear(gpointer p)
{
    ledger_row *r = p;
    for (int k = 0; k < L_COLUMNS; k++)
        g_free(r->values[k]);
}

static gboolean collect_name(const vi_feature *f, void *user, GError **err)
{
    (void)err;
    g_hash_table_add(user, g_strdup(f->name));
    return TRUE;
}

static const vi_programme *programme_of(const vi_registry *reg, const char *v)
{
    for (int i = 0; i < registry_programme_count(reg); i++) {
        const vi_programme *p = registry_programme_at(reg, i);
        if (strcmp(p->key, v) == 0 || strcmp(p->name_zh, v) == 0)
            return p;
    }
    return NULL;
}

/* LABEL and the column: "row 3 (id "X"), column F (资金)" in a table (as
 * the sheet shows it), "row 3 (id "X"): field "funding_wan"" in another
 * source (caller frees). */
static char *field_said(const ledger *lg, const char *label, int col)
{
    if (!lg->table || lg->map[col] < 0)
        return g_strdup_printf(_("%s: field \"%s\""), label, column_names[col]);
    char *column = import_table_column(lg->table, lg->map[col], lg->names[lg->map[col]]);
    char *s = g_strdup_printf(_("%s, %s"), label, column);
    g_free(column);
    return s;
}

/* ERR: LABEL's column COL and WHY, a format of what is wrong with its
 * value (a whole sentence: "expected a project id, got nothing"). */
static gboolean row_error(ledger *lg, const char *label, int col, GError **err, const char *why,
                          ...) G_GNUC_PRINTF(5, 6);
static gboolean row_error(ledger *lg, const char *label, int col, GError **err, const char *why,
                          ...)
{
    va_list ap;
    va_start(ap, why);
    char *what = g_strdup_vprintf(why, ap);
    va_end(ap);
    char *field = field_said(lg, label, col);
    import_set_error(err, VI_ERROR_DATA, lg->path, _("%s: %s"), field, what);
    g_free(field);
    g_free(what);
    return FALSE;
}

static gboolean check_row(ledger *lg, ledger_row *r, gint64 row, const char *label, GError **err)
{
    char **v = r->values;
    if (!v[L_ID])
        return row_error(lg, label, L_ID, err, _("expected a project id, got nothing"));
    gpointer first = g_hash_table_lookup(lg->file_ids, v[L_ID]);
    if (first || g_hash_table_contains(lg->store_ids, v[L_ID])) {
        char *where = first ? g_strdup_printf(_("row %d has it too"), GPOINTER_TO_INT(first))
                            : g_strdup(_("the ledger already has it"));
        char *field = field_said(lg, label, L_ID);
        import_set_error(err, VI_ERROR_DATA, lg->path,
                         _("%s: expected a unique id, got \"%s\" (%s)"), field, v[L_ID], where);
        g_free(field);
        g_free(where);
        return FALSE;
    }
    g_hash_table_insert(lg->file_ids, g_strdup(v[L_ID]), GINT_TO_POINTER((int)row));
    if (!v[L_NAME])
        return row_error(lg, label, L_NAME, err, _("expected the project's name, got nothing"));
    const vi_programme *p = v[L_PROGRAMME] ? programme_of(lg->reg, v[L_PROGRAMME]) : NULL;
    if (!p) {
        GString *keys = g_string_new(NULL);
        for (int i = 0; i < registry_programme_count(lg->reg); i++)
            g_string_append_printf(keys, "%s%s", i ? _(", ") : "",
                                   registry_programme_at(lg->reg, i)->key);
        const char *example = registry_programme_at(lg->reg, 0)->name_zh;
        if (v[L_PROGRAMME])
            row_error(lg, label, L_PROGRAMME, err,
                      _("expected one of %s or a Chinese name such as %s, got \"%s\""), keys->str,
                      example, v[L_PROGRAMME]);
        else
            row_error(lg, label, L_PROGRAMME, err,
                      _("expected one of %s or a Chinese name such as %s, got nothing"), keys->str,
                      example);
        g_string_free(keys, TRUE);
        return FALSE;
    }
    g_free(v[L_PROGRAMME]);
    v[L_PROGRAMME] = g_strdup(p->key);
    if (v[L_VILLAGE] && !g_hash_table_contains(lg->villages, v[L_VILLAGE])) {
        GList *names = g_list_sort(g_hash_table_get_keys(lg->villages), (GCompareFunc)strcmp);
        GString *s = g_string_new(NULL);
        for (GList *l = names; l; l = l->next)
            g_string_append_printf(s, "%s%s", l == names ? "" : _(", "), (char *)l->data);
        if (names)
            row_error(lg, label, L_VILLAGE, err,
                      _("expected one of the store's villages (%s) or nothing, got \"%s\""), s->str,
                      v[L_VILLAGE]);
        else
            row_error(lg, label, L_VILLAGE, err,
                      _("expected one of the store's villages (none yet) or nothing, got \"%s\""),
                      v[L_VILLAGE]);
        g_list_free(names);
        g_string_free(s, TRUE);
        return FALSE;
    }
    /* A project's year is a feature's (feature-check.h). */
    GError *why = NULL;
    if (!feature_check_year(v[L_YEAR], &why)) {
        /* Said of the column, as the ledger's own checks are: without the
         * check's own 'field "year": ' (or its translation) in front. */
        const char *what = why->message, *quoted = strstr(what, "\"year\"");
        if (quoted && quoted - what < 16) {
            const char *colon = strstr(quoted, ": "), *wide = strstr(quoted, "：");
            if (wide && (!colon || wide < colon))
                what = wide + strlen("：");
            else if (colon)
                what = colon + 2;
        }
        char *field = field_said(lg, label, L_YEAR);
        import_set_error(err, VI_ERROR_DATA, lg->path, _("%s: %s"), field, what);
        g_free(field);
        g_error_free(why);
        return FALSE;
    }
    gint64 year = 0;
    if (v[L_YEAR])
        import_parse_int(v[L_YEAR], &year);
    r->year = (int)year;
    r->funding_wan = 0;
    const vi_bound *bound = registry_bound(lg->reg, VI_LEDGER_TABLE, column_names[L_FUNDING]);
    if (v[L_FUNDING] && (!import_parse_real(v[L_FUNDING], &r->funding_wan) ||
                         (bound && !vi_bound_contains(bound, r->funding_wan)))) {
        if (bound)
            return row_error(
                lg, label, L_FUNDING, err,
                _("expected an amount in 万元 (a number from %.15g to %.15g 万元), got \"%s\""),
                bound->min, bound->max, v[L_FUNDING]);
        return row_error(lg, label, L_FUNDING, err,
                         _("expected an amount in 万元 (a number), got \"%s\""), v[L_FUNDING]);
    }
    if (v[L_KIND] && !vi_value_allowed((char *const *)kinds, v[L_KIND]))
        return row_error(lg, label, L_KIND, err, _("expected one of project, fund, got \"%s\""),
                         v[L_KIND]);
    if (!v[L_KIND])
        v[L_KIND] = g_strdup("project");
    return TRUE;
}

/* A row that adds up the rows above it rather than being a project: a totals
 * word in its id or name, or no id and the funding of the rows above. */
static gboolean totals_row(const ledger *lg, const ledger_row *r)
{
    char *const *v = r->values;
    if (vi_totals_word(lg->totals, v[L_ID], FALSE) ||
        vi_totals_word(lg->totals, v[L_NAME], !v[L_ID]))
        return TRUE;
    double funding;
    if (v[L_ID] || !v[L_FUNDING] || !import_parse_real(v[L_FUNDING], &funding) ||
        lg->rows->len == 0)
        return FALSE;
    /* Ledgers give amounts to the hundredth of a 万元 at most. */
    return fabs(funding - lg->sum_since_total) < 0.005 || fabs(funding - lg->sum_all) < 0.005;
}

/* The sheet to read: the first with rows. */
static OGRLayerH ledger_sheet(ledger *lg, GDALDatasetH ds)
{
    OGRLayerH found = NULL;
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++) {
        OGRLayerH l = GDALDatasetGetLayer(ds, i);
        if (OGR_L_GetFeatureCount(l, TRUE) == 0)
            continue;
        if (!found)
            found = l;
        else
            import_warn(lg->res,
                        _("'%s': only the first sheet with rows (\"%s\") was read, not \"%s\""),
                        lg->path, OGR_L_GetName(found), OGR_L_GetName(l));
    }
    return found;
}

/* Check the text of row R: NULs GDAL cut values short at, characters and
 * lengths (ids and village names are keys), and encodings.  BAD is the
 * first column that did not decode. */
static gboolean check_row_text(ledger *lg, ledger_row *r, OGRFeatureH f, gint64 index, gint64 row,
                               const int *map, char *const *names, int bad, const char *recode_from,
                               const vi_import_options *opt, GError **err)
{
    for (int k = 0; k < L_COLUMNS; k++) {
        const import_nul *nul =
            map[k] >= 0 ? import_nul_find(lg->nuls, f, index - 1, map[k], names) : NULL;
        char *why = NULL;
        if (nul) {
            char *name = vi_text_char_name(0);
            why = g_strdup_printf(_("expected text without control or invisible characters, got "
                                    "%s at character %ld (GDAL would cut the text short there)"),
                                  name, nul->at);
            g_free(name);
        } else if (k == bad) {
            char *origin = import_text_origin(NULL, opt->encoding, FALSE);
            why = import_text_mismatch(OGR_F_GetFieldAsString(f, map[k]), recode_from, origin);
            g_free(origin);
        } else if (r->values[k]) {
            why = vi_text_problem(r->values[k],
                                  k == L_ID || k == L_VILLAGE ? VI_TEXT_KEY : VI_TEXT_VALUE);
        }
        if (!why)
            continue;
        /* An id with a control character is not repeated in the label. */
        char *id_problem = r->values[L_ID] ? vi_text_problem(r->values[L_ID], VI_TEXT_KEY) : NULL;
        char *label =
            import_item_label("row", row, k != L_ID && !id_problem ? r->values[L_ID] : NULL);
        g_free(id_problem);
        char *field = field_said(lg, label, k);
        import_set_error(err, VI_ERROR_DATA, lg->path, _("%s: %s"), field, why);
        g_free(field);
        g_free(label);
        g_free(why);
        return FALSE;
    }
    return TRUE;
}

static gboolean read_rows(ledger *lg, GDALDatasetH ds, const char *recode_from,
                          const vi_import_options *opt, GError **err)
{
    OGRLayerH sheet = ledger_sheet(lg, ds);
    if (!sheet) {
        import_set_error(err, VI_ERROR_DATA, lg->path, _("no rows in it"));
        return FALSE;
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(sheet);
    char **names = import_field_names(defn, recode_from);
    int *map = lg->map;
    lg->names = names;
    gboolean *used = g_new0(gboolean, g_strv_length(names) + 1);
    gboolean ok = TRUE;
    for (int k = 0; k < L_COLUMNS; k++) {
        map[k] = import_match_field(names, column_names[k], column_names_zh[k], FALSE);
        if (map[k] >= 0)
            used[map[k]] = TRUE;
        else if (column_required[k] && ok) {
            import_set_error(err, VI_ERROR_DATA, lg->path,
                             _("no column \"%s\" (a ledger has the columns id, name, programme, "
                               "village, year, funding_wan, kind)"),
                             column_names[k]);
            ok = FALSE;
        }
    }
    GString *ignored = g_string_new(NULL);
    for (int i = 0; names[i]; i++)
        if (!used[i])
            g_string_append_printf(ignored, "%s%s", ignored->len ? _(", ") : "", names[i]);
    if (ok && ignored->len)
        import_warn(lg->res, _("'%s': columns that are not in a ledger were ignored: %s"), lg->path,
                    ignored->str);
    g_string_free(ignored, TRUE);
    gint64 total = OGR_L_GetFeatureCount(sheet, TRUE), index = 0;
    gint64 trimmed = 0, trimmed_row = 0; /* values with unusual spaces trimmed, the first */
    int trimmed_col = 0;
    OGR_L_ResetReading(sheet);
    OGRFeatureH f;
    while (ok && (f = OGR_L_GetNextFeature(sheet))) {
        index++;
        lg->res->read++;
        ledger_row r = {0};
        int bad = -1;
        gboolean any = FALSE;
        for (int k = 0; k < L_COLUMNS; k++) {
            gboolean b = FALSE;
            if (map[k] >= 0)
                r.values[k] = import_field_text(f, map[k], recode_from, &b);
            if (b && bad < 0)
                bad = k;
            if (import_text_tidy(&r.values[k]) && trimmed++ == 0) {
                trimmed_row = lg->table ? OGR_F_GetFID(f) : index + 1;
                trimmed_col = k;
            }
            any = any || r.values[k] || b;
        }
        /* Rows are numbered as the spreadsheet shows them (import-table.c). */
        gint64 row = lg->table ? OGR_F_GetFID(f) : index + 1;
        gboolean text_ok =
            check_row_text(lg, &r, f, index, row, map, names, bad, recode_from, opt, err);
        any = any || !text_ok;
        OGR_F_Destroy(f);
        char *label = import_item_label("row", row, r.values[L_ID]);
        gboolean totals = FALSE;
        if (!any) {
            lg->res->skipped++;
            import_warn(lg->res, _("'%s': row %" PRId64 " is empty: skipped"), lg->path, row);
        } else if (!text_ok) {
            ok = FALSE;
        } else if ((totals = totals_row(lg, &r))) {
            lg->res->skipped++;
            g_array_append_val(lg->totals_rows, row);
            lg->sum_since_total = 0;
        } else {
            ok = check_row(lg, &r, row, label, err);
        }
        g_free(label);
        if (ok && any && !totals) {
            lg->sum_since_total += r.funding_wan;
            lg->sum_all += r.funding_wan;
        }
        if (ok && any && !totals)
            g_array_append_val(lg->rows, r);
        else
            ledger_row_clear(&r);
        if (index % 256 == 0)
            import_progress(opt, FALSE, index, total);
    }
    if (ok && trimmed)
        import_warn_trimmed(lg->res, lg->lang, lg->path, trimmed, TRUE, trimmed_row,
                            column_names[trimmed_col]);
    g_free(used);
    g_strfreev(names);
    lg->names = NULL;
    return ok;
}

static gint compare_rows(gconstpointer a, gconstpointer b)
{
    gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
    return x < y ? -1 : x > y;
}

/* RES->totals_rows: the totals rows the table found (import-table.c puts
 * a ledger's there: they are no projects) and ROWS, the ledger's, in order. */
static void totals_said(vi_import_result *res, GArray *rows)
{
    char **table = res->totals_rows ? g_strsplit(res->totals_rows, ", ", -1) : NULL;
    for (int i = 0; table && table[i]; i++) {
        gint64 n = g_ascii_strtoll(table[i], NULL, 10);
        g_array_append_val(rows, n);
    }
    g_strfreev(table);
    g_array_sort(rows, compare_rows);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < rows->len; i++)
        g_string_append_printf(s, "%s%" G_GINT64_FORMAT, i ? ", " : "",
                               g_array_index(rows, gint64, i));
    g_free(res->totals_rows);
    res->totals_rows = g_string_free(s, s->len == 0);
}

static gboolean write_rows(ledger *lg, const char *sha256, GError **err)
{
    if (!store_begin_bulk(lg->store, err))
        return FALSE;
    gint64 n = lg->rows->len;
    gint64 import_id = store_import_record(lg->store, lg->path, VI_LEDGER_TABLE, sha256, n, err);
    gboolean ok = import_id > 0;
    for (guint i = 0; ok && i < lg->rows->len; i++) {
        ledger_row *r = &g_array_index(lg->rows, ledger_row, i);
        vi_project p = {
            .id = r->values[L_ID],
            .name = r->values[L_NAME],
            .programme = r->values[L_PROGRAMME],
            .village = r->values[L_VILLAGE],
            .kind = r->values[L_KIND],
            .year = r->year,
            .funding_wan = r->funding_wan,
        };
        ok = store_project_insert(lg->store, &p, import_id, err);
    }
    vi_change change = {
        .action = "ledger", .layer = VI_LEDGER_TABLE, .source_sha256 = sha256, .detail = lg->path};
    if (ok)
        ok = store_history_record(lg->store, &change, err) && store_commit(lg->store, err);
    if (!ok) {
        store_rollback(lg->store);
        g_prefix_error(err, _("cannot import '%s': "), lg->path);
        return FALSE;
    }
    lg->res->written = n;
    return TRUE;
}

gboolean ledger_import(vi_store *store, const char *path, const vi_import_options *opt,
                       vi_import_result *res, GError **err)
{
    ledger lg = {
        .store = store,
        .reg = store_registry(store),
        .path = path,
        .lang = opt->lang,
        .res = res,
        .villages = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .store_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .file_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .rows = g_array_new(FALSE, TRUE, sizeof(ledger_row)),
    };
    g_array_set_clear_func(lg.rows, ledger_row_clear);
    lg.totals_rows = g_array_new(FALSE, FALSE, sizeof(gint64));
    char *sha256 = NULL;
    GDALDatasetH ds = NULL;
    const char *driver, *recode_from;
    gboolean ok = (lg.totals = vi_totals_load(lg.reg->datadir, err)) != NULL &&
                  import_recognise(store, path, VI_LEDGER_TABLE, opt->lang, res, &sha256, err);
    if (ok && !res->already_imported) {
        ok = (ds = import_open(path, opt->encoding, &driver, &recode_from, &res->encoding_read,
                               err)) != NULL &&
             (!import_table_applies(driver) ||
              import_table_open(path, driver, recode_from, opt, lg.reg->datadir, &ds, &lg.table,
                                res, err)) &&
             store_feature_scan(store, registry_layer(lg.reg, VI_LAYER_VILLAGES), NULL,
                                collect_name, lg.villages, err) &&
             store_project_ids(store, lg.store_ids, err) &&
             (lg.nuls = import_find_nuls(path, driver, recode_from)) &&
             import_nul_refuse(path, lg.nuls, err) && read_rows(&lg, ds, recode_from, opt, err);
        if (ok && !gdal_guard_check(err)) {
            g_prefix_error(err, _("cannot import '%s': "), path);
            ok = FALSE;
        }
        if (ok && !opt->dry_run)
            ok = write_rows(&lg, sha256, err);
    }
    if (ds)
        GDALClose(ds);
    g_free(sha256);
    g_hash_table_destroy(lg.villages);
    g_hash_table_destroy(lg.store_ids);
    g_hash_table_destroy(lg.file_ids);
    if (lg.nuls)
        g_ptr_array_unref(lg.nuls);
    g_array_free(lg.rows, TRUE);
    vi_totals_free(lg.totals);
    import_table_free(lg.table);
    if (ok)
        totals_said(res, lg.totals_rows);
    g_array_free(lg.totals_rows, TRUE);
    return ok;
}
