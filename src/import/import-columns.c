/*
 * import-columns.c - the geometry of a table without one (import-int.h):
 * which columns hold the coordinates, and the point (or line) of each row.
 *
 * Coordinate columns are found by the names of data/coordinates.tsv (东经
 * 经度 lon longitude GPSLongitude ..., the GCJ-02 and BD-09 names that need
 * --src-crs), or named with --map lon=COLUMN --map lat=COLUMN.  A cell holds
 * decimal degrees or degrees-minutes-seconds text (dms.h).  ODK Central and
 * KoboToolbox exports give a position as one text, "lat lon alt accuracy",
 * and a trace or shape as such texts separated by semicolons: a table with
 * no coordinate columns but a column of those texts takes its geometry from
 * it.
 */
#include "dms.h"
#include "fold.h"
#include "i18n.h"
#include "import-int.h"
#include "import-table.h"
#include "table.h"
#include "vi-error.h"

#include <stddef.h>
#include <string.h>

typedef struct {
    char *name;
    int axis; /* 0 longitude, 1 latitude */
    char *crs;
} coordinate_name;

static const char *const axes[] = {"lon", "lat", NULL};
static const tbl_column coordinate_cols[] = {
    {"name", TBL_TEXT, offsetof(coordinate_name, name), TRUE, NULL},
    {"axis", TBL_ENUM, offsetof(coordinate_name, axis), TRUE, axes},
    {"crs", TBL_TEXT, offsetof(coordinate_name, crs), FALSE, NULL},
};

/* NAME without a unit or note in brackets at its end: 经度（°） is 经度. */
static char *without_brackets(const char *name)
{
    static const char *const opens[] = {"（", "(", "[", "【"};
    char *s = g_strdup(name);
    for (size_t i = 0; i < G_N_ELEMENTS(opens); i++) {
        char *at = strstr(s, opens[i]);
        if (at && at != s)
            *at = '\0';
    }
    return g_strstrip(s);
}

/* NAME without an ODK group prefix (location-Longitude, gps/longitude) or
 * KoboToolbox's (_location_longitude), or NULL when it has none. */
static char *without_group(const char *name)
{
    const char *cut = strrchr(name, '/');
    const char *dash = strrchr(name, '-');
    if (!cut || (dash && dash > cut))
        cut = dash;
    if (!cut && name[0] == '_')
        cut = strrchr(name, '_');
    return cut && cut[1] ? g_strdup(cut + 1) : NULL;
}

/* Does the source field NAME stand for WORD? */
static gboolean names_coordinate(const char *name, const char *word)
{
    char *bare = without_brackets(name), *group = without_group(bare);
    gboolean hit = vi_fold_equal(name, word) || vi_fold_equal(bare, word) ||
                   (group && vi_fold_equal(group, word));
    g_free(bare);
    g_free(group);
    return hit;
}

/* The first source field, in the order of NAMES' words, that names a
 * coordinate of AXIS in CRS ("" for WGS 84); -1 when none. */
static int find_axis(const source_layer *src, GArray *names, int axis, const char *crs)
{
    for (guint w = 0; w < names->len; w++) {
        const coordinate_name *c = &g_array_index(names, coordinate_name, w);
        if (c->axis != axis || strcmp(c->crs ? c->crs : "", crs) != 0)
            continue;
        for (int i = 0; src->names[i]; i++)
            if (names_coordinate(src->names[i], c->name))
                return i;
    }
    return -1;
}

/* Set SRC's lon and lat to the columns that name CRS's coordinates; TRUE
 * when both are found, else both stay -1. */
static gboolean find_pair(source_layer *src, GArray *names, const char *crs)
{
    src->lon = find_axis(src, names, 0, crs);
    src->lat = find_axis(src, names, 1, crs);
    if (src->lon < 0 || src->lat < 0)
        src->lon = src->lat = -1;
    return src->lon >= 0;
}

/* Read one ODK position "lat lon [alt [accuracy]]" at *P (advanced). */
static gboolean odk_position(const char **p, double *lon, double *lat)
{
    char *end;
    double v[2];
    for (int k = 0; k < 2; k++) {
        v[k] = g_ascii_strtod(*p, &end);
        if (end == *p || (*end && !g_ascii_isspace(*end) && *end != ';'))
            return FALSE;
        *p = end;
        while (**p == ' ' || **p == '\t')
            (*p)++;
    }
    for (int k = 0; k < 2 && **p && **p != ';'; k++) {
        g_ascii_strtod(*p, &end);
        if (end == *p || (*end && !g_ascii_isspace(*end) && *end != ';'))
            return FALSE;
        *p = end;
        while (**p == ' ' || **p == '\t')
            (*p)++;
    }
    *lat = v[0];
    *lon = v[1];
    return **p == '\0' || **p == ';';
}

/* The geometry of an ODK geopoint, geotrace or geoshape TEXT, or NULL when
 * it is not one.  A shape is a closed trace. */
static OGRGeometryH odk_geometry(const char *text)
{
    OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
    const char *p = text;
    int n = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        double lon, lat;
        if (!*p || !odk_position(&p, &lon, &lat)) {
            OGR_G_DestroyGeometry(line);
            return NULL;
        }
        OGR_G_SetPoint_2D(line, n++, lon, lat);
        if (*p != ';')
            break;
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p) /* a trailing semicolon */
            break;
    }
    if (n == 1) {
        OGRGeometryH point = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(point, 0, OGR_G_GetX(line, 0), OGR_G_GetY(line, 0));
        OGR_G_DestroyGeometry(line);
        return point;
    }
    if (n >= 4 && OGR_G_GetX(line, 0) == OGR_G_GetX(line, n - 1) &&
        OGR_G_GetY(line, 0) == OGR_G_GetY(line, n - 1)) {
        OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
        OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
        for (int i = 0; i < n; i++)
            OGR_G_SetPoint_2D(ring, i, OGR_G_GetX(line, i), OGR_G_GetY(line, i));
        OGR_G_AddGeometryDirectly(poly, ring);
        OGR_G_DestroyGeometry(line);
        return poly;
    }
    return line;
}

/* The first text column of LAYER whose values are mostly ODK positions,
 * traces or shapes (more of them than of other texts), or -1.  The cells
 * that are not are refused row by row, naming what they hold. */
static int find_odk_column(importer *imp, const source_layer *src)
{
    int n = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(src->layer));
    gint64 *bad = g_new0(gint64, n + 1), *seen = g_new0(gint64, n + 1);
    OGR_L_ResetReading(src->layer);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(src->layer))) {
        for (int i = 0; i < n; i++) {
            if (src->used[i])
                continue;
            gboolean b = FALSE;
            char *s = import_field_text(f, i, imp->recode_from, &b);
            OGRGeometryH g = s ? odk_geometry(s) : NULL;
            bad[i] += b || (s && !g);
            seen[i] += g != NULL;
            OGR_G_DestroyGeometry(g);
            g_free(s);
        }
        OGR_F_Destroy(f);
    }
    OGR_L_ResetReading(src->layer);
    int found = -1;
    for (int i = 0; i < n && found < 0; i++)
        if (seen[i] > bad[i])
            found = i;
    g_free(bad);
    g_free(seen);
    return found;
}

/* Are all NAMES the ones GDAL makes up (Field1, Field2, ...) for a
 * spreadsheet whose first row leaves a column without a name? */
static gboolean unnamed_columns(char *const *names)
{
    if (!names[0])
        return FALSE;
    for (int i = 0; names[i]; i++)
        if (!g_str_has_prefix(names[i], "Field") || !names[i][5] ||
            names[i][5 + strspn(names[i] + 5, "0123456789")])
            return FALSE;
    return TRUE;
}

/* --map lon=COLUMN and --map lat=COLUMN. */
static gboolean mapped_columns(importer *imp, source_layer *src, GError **err)
{
    const char *want[2] = {imp->opt->lon_column, imp->opt->lat_column};
    if (!want[0] != !want[1]) {
        import_set_error(err, VI_ERROR_USAGE, imp->path,
                         want[0]
                             ? _("--map lon=%s: give the latitude column too (--map lat=COLUMN)")
                             : _("--map lat=%s: give the longitude column too (--map "
                                 "lon=COLUMN)"),
                         want[0] ? want[0] : want[1]);
        return FALSE;
    }
    int *col[2] = {&src->lon, &src->lat};
    for (int k = 0; k < 2; k++) {
        *col[k] = import_find_field(src->names, want[k]);
        if (*col[k] < 0) {
            char *have = g_strjoinv(_(", "), src->names);
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             _("--map %s=%s: the file has no column \"%s\" (its columns: %s)"),
                             k ? "lat" : "lon", want[k], want[k], have[0] ? have : _("none"));
            g_free(have);
            src->lon = src->lat = -1;
            return FALSE;
        }
    }
    return TRUE;
}

gboolean import_columns_find(importer *imp, source_layer *src, GError **err)
{
    src->lon = src->lat = src->odk = -1;
    if (imp->opt->lon_column || imp->opt->lat_column)
        return mapped_columns(imp, src, err);
    GArray *names = NULL;
    char *path = g_build_filename(store_registry(imp->store)->datadir, "coordinates.tsv", NULL);
    gboolean ok = tbl_read(path, coordinate_cols, G_N_ELEMENTS(coordinate_cols),
                           sizeof(coordinate_name), &names, err);
    g_free(path);
    if (!ok)
        return FALSE;
    ok = FALSE;
    find_pair(src, names, "");
    const char *named = NULL;
    if (src->lon < 0 && find_pair(src, names, "gcj02"))
        named = _("GCJ-02 (Amap/Gaode, Tencent) coordinates: give --src-crs gcj02");
    else if (src->lon < 0 && find_pair(src, names, "bd09"))
        named = _("BD-09 (Baidu) coordinates: give --src-crs bd09");
    if (named && !imp->opt->src_crs) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         _("fields \"%s\" and \"%s\": expected longitude/latitude in a known "
                           "CRS, got columns whose names say %s (or --src-crs EPSG:4326 if "
                           "they are WGS 84)"),
                         src->names[src->lon], src->names[src->lat], named);
        goto out;
    }
    if (src->lon < 0 && (src->odk = find_odk_column(imp, src)) >= 0)
        src->used[src->odk] = TRUE;
    if (src->lon < 0 && src->odk < 0) {
        import_set_error(err, VI_ERROR_DATA, imp->path,
                         unnamed_columns(src->names)
                             ? _("no geometry and no longitude/latitude columns (expected "
                                 "columns named lon, lng, longitude, 经度 or 东经 and lat, "
                                 "latitude, 纬度 or 北纬 (data/coordinates.tsv), an ODK geopoint "
                                 "column, or --map lon=COLUMN --map lat=COLUMN); the first row "
                                 "does not name every column (merged or empty header cells?): "
                                 "keep one header row with a name in each column")
                             : _("no geometry and no longitude/latitude columns (expected "
                                 "columns named lon, lng, longitude, 经度 or 东经 and lat, "
                                 "latitude, 纬度 or 北纬 (data/coordinates.tsv), an ODK geopoint "
                                 "column, or --map lon=COLUMN --map lat=COLUMN)"));
        goto out;
    }
    ok = TRUE;
out:
    tbl_rows_free(names, coordinate_cols, G_N_ELEMENTS(coordinate_cols));
    return ok;
}

/* ", column D (经度): " for a table, ": field "经度": " for another source,
 * translated: what follows a label (caller frees). */
static char *column_said(const importer *imp, const source_layer *src, int col)
{
    if (imp->table) {
        char *c = import_table_column(imp->table, col, src->names[col]);
        char *s = g_strdup_printf(_(", %s: "), c);
        g_free(c);
        return s;
    }
    return g_strdup_printf(_(": field \"%s\": "), src->names[col]);
}

/* Where ERR's message says LABEL and ': field "NAME": ' (in the current
 * language, else in English: a message not translated yet), the start of
 * that and its length; NULL when it does not. */
static const char *field_said_at(const char *message, const char *label, const char *name,
                                 size_t *len)
{
    const char *forms[] = {_(": field \"%s\": "), ": field \"%s\": "};
    for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
        char *field = g_strdup_printf(forms[i], name);
        char *said = g_strconcat(label, field, NULL);
        const char *at = strstr(message, said);
        *len = strlen(said);
        g_free(field);
        g_free(said);
        if (at)
            return at;
    }
    return NULL;
}

void import_columns_said(const importer *imp, const source_layer *src, const char *label,
                         GError *err)
{
    if (!imp->table || !err || !label)
        return;
    for (int k = 0; k < imp->nfields; k++) {
        size_t len = 0;
        const char *at = src->map[k] >= 0
                             ? field_said_at(err->message, label, import_field_name(imp, k), &len)
                             : NULL;
        if (!at)
            continue;
        char *column = column_said(imp, src, src->map[k]);
        char *said = g_strdup_printf("%.*s%s%s", (int)(at - err->message + strlen(label)),
                                     err->message, column, at + len);
        g_free(err->message);
        err->message = said;
        g_free(column);
        break;
    }
}

gboolean import_columns_geometry(const importer *imp, const source_layer *src, OGRFeatureH f,
                                 OGRGeometryH *out, char **problem)
{
    *out = NULL;
    *problem = NULL;
    if (src->odk >= 0) {
        gboolean bad = FALSE;
        char *s = import_field_text(f, src->odk, imp->recode_from, &bad);
        if (s && !(*out = odk_geometry(s))) {
            char *where = column_said(imp, src, src->odk);
            *problem = g_strdup_printf(_("%sexpected an ODK geopoint (\"latitude longitude "
                                         "altitude accuracy\") or geotrace (such points "
                                         "separated by semicolons), got \"%s\""),
                                       where, s);
            g_free(where);
        }
        g_free(s);
        return *problem == NULL;
    }
    double c[2];
    int cols[2] = {src->lon, src->lat};
    for (int k = 0; k < 2; k++) {
        int i = cols[k];
        OGRFieldType type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i));
        if (!OGR_F_IsFieldSetAndNotNull(f, i))
            return TRUE;
        if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
            c[k] = OGR_F_GetFieldAsDouble(f, i);
            continue;
        }
        gboolean bad = FALSE;
        char *s = import_field_text(f, i, imp->recode_from, &bad);
        char *why = NULL;
        gboolean parsed = s && (import_parse_real(s, &c[k]) ||
                                dms_parse(s, k == 0 ? VI_DMS_LON : VI_DMS_LAT, &c[k], &why));
        g_free(s);
        if (!s && !bad)
            return TRUE;
        if (!parsed) {
            char *where = column_said(imp, src, i);
            const char *fmt = k == 0 ? (why ? _("%sexpected the longitude in %s, got \"%s\": %s")
                                            : _("%sexpected the longitude in %s, got \"%s\""))
                              : why  ? _("%sexpected the latitude in %s, got \"%s\": %s")
                                     : _("%sexpected the latitude in %s, got \"%s\"");
            *problem = g_strdup_printf(fmt, where, dms_forms(k == 0 ? VI_DMS_LON : VI_DMS_LAT),
                                       OGR_F_GetFieldAsString(f, i), why);
            g_free(where);
            g_free(why);
            return FALSE;
        }
    }
    *out = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(*out, 0, c[0], c[1]);
    return TRUE;
}
