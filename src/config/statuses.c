/*
 * statuses.c - reading data/statuses.tsv.  See statuses.h.
 */
#include "statuses.h"
#include "table.h"
#include "i18n.h"
#include "vi-error.h"

#include <stddef.h>

const char *const vi_status_kind_names[] = {"built", "existing", "planned", NULL};

struct vi_statuses {
    GArray *rows;        /* vi_status, in file order */
    GHashTable *by_name; /* status -> vi_status *, borrowed from rows */
};

static const tbl_column status_columns[] = {
    {"status", TBL_TEXT, offsetof(vi_status, status), TRUE, NULL},
    {"name_zh", TBL_TEXT, offsetof(vi_status, name_zh), TRUE, NULL},
    {"name_en", TBL_TEXT, offsetof(vi_status, name_en), TRUE, NULL},
    {"kind", TBL_ENUM, offsetof(vi_status, kind), TRUE, vi_status_kind_names},
    {"was", TBL_TEXT, offsetof(vi_status, was), FALSE, NULL},
    {"sets", TBL_LIST, offsetof(vi_status, sets), FALSE, NULL},
};

vi_statuses *statuses_load(const char *datadir, GError **err)
{
    g_autofree char *path = g_build_filename(datadir, "statuses.tsv", NULL);
    GArray *rows = NULL;
    if (!tbl_read(path, status_columns, G_N_ELEMENTS(status_columns), sizeof(vi_status), &rows,
                  err))
        return NULL;
    vi_statuses *s = g_new0(vi_statuses, 1);
    s->rows = rows;
    s->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < rows->len; i++) {
        vi_status *row = &g_array_index(rows, vi_status, i);
        g_hash_table_insert(s->by_name, row->status, row);
    }
    /* What a status was before its work must be a status that stood. */
    for (guint i = 0; i < rows->len; i++) {
        const vi_status *row = &g_array_index(rows, vi_status, i);
        const vi_status *was = statuses_get(s, row->was);
        if (row->was && (!was || was->kind != VI_STATUS_EXISTING)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("'%s': status \"%s\": column \"was\": expected a status of kind "
                          "existing, got \"%s\""),
                        path, row->status, row->was);
            statuses_free(s);
            return NULL;
        }
    }
    return s;
}

void statuses_free(vi_statuses *s)
{
    if (!s)
        return;
    g_hash_table_destroy(s->by_name);
    tbl_rows_free(s->rows, status_columns, G_N_ELEMENTS(status_columns));
    g_free(s);
}

GArray *statuses_rows(const vi_statuses *s)
{
    return s->rows;
}

const vi_status *statuses_get(const vi_statuses *s, const char *status)
{
    return status ? g_hash_table_lookup(s->by_name, status) : NULL;
}

gboolean statuses_planned(const vi_statuses *s, const char *status)
{
    const vi_status *row = statuses_get(s, status);
    return row && row->kind == VI_STATUS_PLANNED;
}

const char *statuses_planned_status(const vi_statuses *s, char *const *allowed)
{
    for (int i = 0; allowed && allowed[i]; i++)
        if (statuses_planned(s, allowed[i]))
            return allowed[i];
    for (guint i = 0; i < s->rows->len; i++) {
        const vi_status *row = &g_array_index(s->rows, vi_status, i);
        if (row->kind == VI_STATUS_PLANNED)
            return row->status;
    }
    return NULL;
}
