/*
 * pg-photos.c - photos kept as evidence of features on a server database
 * (store.h says what is kept).  Attaching a photo to a feature an earlier
 * change wrote logs that feature as touched, by an update that changes
 * nothing, so that the earlier change cannot be undone under the photo.
 */
#include "pg-int.h"
#include "i18n.h"
#include "vi-error.h"

#include <stdlib.h>
#include <string.h>

/* The fid of feature ID of LAYER into *FID (0 when there is none). */
static gboolean feature_fid(vi_store *store, const char *layer, const char *id, gint64 *fid,
                            GError **err)
{
    *fid = 0;
    if (!store_is_identifier(layer)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("unknown layer \"%s\""), layer);
        return FALSE;
    }
    char *sql = g_strdup_printf("SELECT fid FROM \"%s\" WHERE id = $1", layer);
    gboolean ok = pg_query_int(store, sql, 1, &id, fid, err);
    g_free(sql);
    return ok;
}

/* Log feature FID of LAYER as touched by the open change, unless the
 * change already logged it. */
static gboolean touch_feature(vi_store *store, const char *layer, gint64 fid, GError **err)
{
    if (!store->change_id)
        return TRUE;
    char cid[32], f[32];
    const char *params[] = {pg_int_text(cid, store->change_id), layer, pg_int_text(f, fid)};
    gboolean logged = FALSE;
    gint64 n = 0;
    if (!pg_query_int(store,
                      "SELECT count(*) FROM change_log WHERE change_id = $1 AND tbl = $2 AND"
                      " row = $3",
                      3, params, &n, err))
        return FALSE;
    logged = n > 0;
    if (logged)
        return TRUE;
    char *sql = g_strdup_printf("UPDATE \"%s\" SET fid = fid WHERE fid = $1", layer);
    gboolean ok = pg_do(store, sql, 1, params + 2, _("cannot store a photo"), err);
    g_free(sql);
    return ok;
}

gboolean pg_photo_insert(vi_store *store, const vi_photo *p, gint64 import_id, GError **err)
{
    gint64 fid = 0;
    if (p->layer) {
        if (!feature_fid(store, p->layer, p->feature_id, &fid, err))
            return FALSE;
        if (!fid) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("no %s feature \"%s\" in '%s'"), p->layer,
                        p->feature_id, store->path);
            return FALSE;
        }
        if (!touch_feature(store, p->layer, fid, err))
            return FALSE;
    }
    char fidt[32], w[32], h[32], ob[32], ow[32], oh[32], imp[32];
    char lon[G_ASCII_DTOSTR_BUF_SIZE], lat[G_ASCII_DTOSTR_BUF_SIZE], dir[G_ASCII_DTOSTR_BUF_SIZE];
    const char *values[] = {p->sha256,
                            p->file,
                            p->layer,
                            fid ? pg_int_text(fidt, fid) : NULL,
                            p->taken_at,
                            p->located ? g_ascii_dtostr(lon, sizeof lon, p->lon) : NULL,
                            p->located ? g_ascii_dtostr(lat, sizeof lat, p->lat) : NULL,
                            p->has_direction ? g_ascii_dtostr(dir, sizeof dir, p->direction) : NULL,
                            p->make,
                            p->model,
                            pg_int_text(w, p->width),
                            pg_int_text(h, p->height),
                            pg_int_text(ob, p->original_bytes),
                            pg_int_text(ow, p->original_width),
                            pg_int_text(oh, p->original_height),
                            (const char *)p->jpeg,
                            import_id ? pg_int_text(imp, import_id) : NULL};
    int lengths[G_N_ELEMENTS(values)] = {0}, formats[G_N_ELEMENTS(values)] = {0};
    lengths[15] = (int)p->jpeg_size;
    formats[15] = 1;
    if (!pg_bulk_flush(store, err))
        return FALSE;
    PGresult *r = PQexecParams(
        pg(store)->conn,
        "INSERT INTO photos (sha256, file, layer, feature_fid, taken_at, lon, lat, direction,"
        " make, model, width, height, original_bytes, original_width, original_height, jpeg,"
        " import_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
        " $16::bytea, $17)",
        G_N_ELEMENTS(values), NULL, values, lengths, formats, 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        return pg_fail_result(store, r, err, _("cannot store a photo"));
    pg_count_rows(store, r);
    PQclear(r);
    return TRUE;
}

/* The columns photo_row() reads, as text but the JPEG (column 18). */
#define PHOTO_COLUMNS                                                                              \
    "id::text, sha256, file, layer, feature_fid::text, taken_at, lon::text, lat::text,"            \
    " direction::text, make, model, width::text, height::text, original_bytes::text,"              \
    " original_width::text, original_height::text, length(jpeg)::text, added_at"

typedef struct {
    vi_store *store;
    const char *village, *layer;
    gboolean with_jpeg;
    vi_photo_fn fn;
    void *user;
} photo_scan;

static const char *text_at(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static gint64 int_at(PGresult *r, int row, int col)
{
    const char *v = text_at(r, row, col);
    return v ? g_ascii_strtoll(v, NULL, 10) : 0;
}

static double double_at(PGresult *r, int row, int col)
{
    const char *v = text_at(r, row, col);
    return v ? g_ascii_strtod(v, NULL) : 0;
}

static gboolean photo_row(PGresult *r, int row, void *ctx, GError **err)
{
    photo_scan *scan = ctx;
    vi_photo p = {
        .id = int_at(r, row, 0),
        .sha256 = text_at(r, row, 1),
        .file = text_at(r, row, 2),
        .layer = text_at(r, row, 3),
        .taken_at = text_at(r, row, 5),
        .located = text_at(r, row, 6) != NULL,
        .lon = double_at(r, row, 6),
        .lat = double_at(r, row, 7),
        .has_direction = text_at(r, row, 8) != NULL,
        .direction = double_at(r, row, 8),
        .make = text_at(r, row, 9),
        .model = text_at(r, row, 10),
        .width = (int)int_at(r, row, 11),
        .height = (int)int_at(r, row, 12),
        .original_bytes = int_at(r, row, 13),
        .original_width = (int)int_at(r, row, 14),
        .original_height = (int)int_at(r, row, 15),
        .jpeg_size = (size_t)int_at(r, row, 16),
        .added_at = text_at(r, row, 17),
    };
    if (scan->with_jpeg)
        p.jpeg = (const unsigned char *)PQgetvalue(r, row, 18);
    PGresult *f = NULL;
    if (p.layer && store_is_identifier(p.layer) && registry_layer(scan->store->reg, p.layer)) {
        gboolean is_villages = strcmp(p.layer, VI_LAYER_VILLAGES) == 0;
        char *sql = g_strdup_printf("SELECT id, %s FROM \"%s\" WHERE fid = $1::bigint",
                                    is_villages ? "name" : "village", p.layer);
        const char *params[] = {text_at(r, row, 4)};
        f = pg_run(scan->store, sql, 1, params, _("cannot read the photos"), err);
        g_free(sql);
        if (!f)
            return FALSE;
        if (PQntuples(f)) {
            p.feature_id = pg_value(f, 0, 0);
            p.village = pg_value(f, 0, 1);
        }
    }
    gboolean ok = (scan->layer && g_strcmp0(scan->layer, p.layer) != 0) ||
                  (scan->village && g_strcmp0(scan->village, p.village) != 0) ||
                  scan->fn(&p, scan->user, err);
    PQclear(f);
    return ok;
}

gboolean pg_photo_scan(vi_store *store, const char *village, const char *layer, gboolean with_jpeg,
                       vi_photo_fn fn, void *user, GError **err)
{
    photo_scan scan = {store, village, layer, with_jpeg, fn, user};
    return pg_cursor_scan(store,
                          with_jpeg ? "SELECT " PHOTO_COLUMNS ", jpeg FROM photos ORDER BY id"
                                    : "SELECT " PHOTO_COLUMNS " FROM photos ORDER BY id",
                          0, NULL, TRUE, photo_row, &scan, err);
}

static gboolean describe_found(const vi_photo *p, void *user, GError **err)
{
    (void)err;
    char **where = user;
    if (!*where)
        *where =
            !p->layer ? g_strdup(p->file)
            : p->feature_id
                ? g_strdup_printf(_("%s (%s feature \"%s\")"), p->file, p->layer, p->feature_id)
                : g_strdup_printf(_("%s (%s feature \"deleted\")"), p->file, p->layer);
    return TRUE;
}

gboolean pg_photo_find(vi_store *store, const char *sha256, gboolean *found, char **where,
                       GError **err)
{
    *found = FALSE;
    if (!pg_row_exists(store, "SELECT 1 FROM photos WHERE sha256 = $1", sha256, found, err))
        return FALSE;
    if (!*found || !where)
        return TRUE;
    char *text = NULL;
    photo_scan scan = {store, NULL, NULL, FALSE, describe_found, &text};
    gboolean ok = pg_cursor_scan(store, "SELECT " PHOTO_COLUMNS " FROM photos WHERE sha256 = $1", 1,
                                 &sha256, TRUE, photo_row, &scan, err);
    *where = text;
    return ok;
}
