/*
 * export.c - department packages (export.h): resolve the options, read the
 * profile's layers from the store into rows of formatted values, check
 * them against the format's limits, have them written (export-write.c,
 * export-manifest.c) in a temporary folder, record the export and move the
 * package into place.
 */
#include "export-int.h"
#include "chinacrs.h"
#include "coverage.h"
#include "geodesy.h"
#include "geom.h"
#include "i18n.h"
#include "gkzone.h"
#include "rules.h"
#include "vi-error.h"
#include "vocab.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <string.h>
#include <sys/stat.h>

const char *const export_format_names[] = {"shp", "gpkg", "geojson", "kml", "kmz",
                                           "dxf", "csv",  "xlsx",    NULL};

static void row_free(void *p)
{
    export_row *r = p;
    g_free(r->id);
    g_free(r->name);
    g_free(r->wkb);
    /* Not g_strfreev(): a null value is a NULL in the middle. */
    for (int i = 0; i < r->nvalues; i++)
        g_free(r->values[i]);
    g_free(r->values);
    g_free(r);
}

static void layer_data_free(void *p)
{
    export_layer_data *d = p;
    if (d->fields)
        g_ptr_array_unref(d->fields);
    if (d->rows)
        g_ptr_array_unref(d->rows);
    g_strfreev(d->names);
    g_strfreev(d->aliases);
    g_free(d->width);
    g_free(d->precision);
    g_free(d);
}

void export_result_clear(vi_export_result *res)
{
    if (!res)
        return;
    g_free(res->format);
    g_free(res->crs);
    g_free(res->encoding);
    if (res->layers)
        g_ptr_array_unref(res->layers);
    if (res->files)
        g_ptr_array_unref(res->files);
    if (res->personal_left_out)
        g_ptr_array_unref(res->personal_left_out);
    memset(res, 0, sizeof *res);
}

/* ---- options ---- */

static gboolean resolve_format(export_job *job, GError **err)
{
    const char *name = job->opt->format ? job->opt->format : job->profile->format;
    for (int i = 0; export_format_names[i]; i++)
        if (strcmp(name, export_format_names[i]) == 0) {
            job->format = i;
            job->format_name = export_format_names[i];
            return TRUE;
        }
    char *list = g_strjoinv(_(", "), (char **)export_format_names);
    g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("--format: expected one of %s, got \"%s\""), list,
                name);
    g_free(list);
    return FALSE;
}

/* GBK and UTF-8, by their usual spellings; the formats other than
 * shapefile and CSV have UTF-8 by definition. */
static gboolean resolve_encoding(export_job *job, GError **err)
{
    const char *name = job->opt->encoding ? job->opt->encoding : job->profile->encoding;
    static const char *const gbk[] = {"GBK", "CP936", "936", "GB2312", NULL};
    static const char *const utf8[] = {"UTF-8", "UTF8", NULL};
    const char *enc = NULL;
    for (int i = 0; gbk[i]; i++)
        if (g_ascii_strcasecmp(name, gbk[i]) == 0)
            enc = "GBK";
    for (int i = 0; utf8[i]; i++)
        if (g_ascii_strcasecmp(name, utf8[i]) == 0)
            enc = "UTF-8";
    if (!enc) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("--encoding: expected GBK or UTF-8, got \"%s\""), name);
        return FALSE;
    }
    if (job->format != VI_EXPORT_SHP && job->format != VI_EXPORT_CSV)
        enc = "UTF-8";
    /* export-dxf.c writes the drawing in GBK (ANSI_936), which AutoCAD and the
     * Chinese CAD programs read; say so in the summary and the manifest. */
    if (job->format == VI_EXPORT_DXF)
        enc = "GBK";
    job->encoding = enc;
    return TRUE;
}

/* The CRS the user or profile names, without the "gk" zone, which needs
 * the data's extent.  KML and KMZ are WGS 84 by definition, or GCJ-02 for
 * the Chinese map apps (--crs gcj02: WGS 84 with the offset applied here);
 * any other CRS asked of them is refused, never ignored.  NULL with ERR
 * set on a refusal. */
static const char *requested_crs(export_job *job, GError **err)
{
    const char *crs = job->opt->crs;
    gboolean kml = job->format == VI_EXPORT_KML || job->format == VI_EXPORT_KMZ;
    int china = crs ? chinacrs_parse(crs) : VI_CHINA_NONE;
    if (china == VI_CHINA_GCJ02 && kml) {
        job->china_crs = china;
        return "EPSG:4326";
    }
    if (china != VI_CHINA_NONE) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("--crs %s: only KML and KMZ are written in GCJ-02 (--crs gcj02 --format "
                      "kml)"),
                    crs);
        return NULL;
    }
    if (kml) {
        static const char *const wgs84[] = {"EPSG:4326", "WGS84", "EPSG:4490", NULL};
        gboolean ok = !crs;
        for (int i = 0; crs && wgs84[i]; i++)
            ok |= g_ascii_strcasecmp(crs, wgs84[i]) == 0;
        if (!ok) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                        _("--crs %s: KML and KMZ are in WGS 84 (EPSG:4326), or in GCJ-02 with "
                          "--crs gcj02"),
                        crs);
            return NULL;
        }
        return "EPSG:4326";
    }
    if (crs)
        return crs;
    /* CAD drawings are in metres. */
    if (job->format == VI_EXPORT_DXF)
        return "gk";
    return job->profile->crs;
}

static gboolean set_srs(export_job *job, const char *crs, GError **err)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    if (OSRSetFromUserInput(srs, crs) != OGRERR_NONE) {
        OSRDestroySpatialReference(srs);
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("--crs: cannot understand \"%s\" (give EPSG:CODE, gk, or a PROJ definition)"),
                    crs);
        return FALSE;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    const char *auth = OSRGetAuthorityName(srs, NULL);
    const char *code = OSRGetAuthorityCode(srs, NULL);
    job->crs = auth && code ? g_strdup_printf("%s:%s", auth, code) : g_strdup(crs);
    job->crs_name = g_strdup(OSRGetName(srs) ? OSRGetName(srs) : crs);
    job->srs = srs;
    return TRUE;
}

/* ---- reading the layers ---- */

const char *export_served_value(gboolean served, gboolean labels)
{
    /* Data values in the bureau's language, not messages: the same in
     * every --lang. */
    if (labels)
        return served ? "是" : "否";
    return served ? "yes" : "no";
}

/* Per (service, method) of the profile's coverage fields: the measure of
 * households, computed once. */
typedef struct {
    char *service;
    int method;
    vi_measure *measure;
} coverage_need;

typedef struct {
    vi_world *world;
    vi_rules *rules;
    GPtrArray *defs;       /* vi_measure_def, borrowed from def_arrays */
    GPtrArray *def_arrays; /* what rules_measures() returned, which owns the definitions */
    GPtrArray *needs;      /* coverage_need */
    GHashTable *hh_index;  /* household id -> index + 1 */
} coverage_data;

static void coverage_data_clear(coverage_data *c)
{
    for (guint i = 0; c->needs && i < c->needs->len; i++) {
        coverage_need *n = g_ptr_array_index(c->needs, i);
        coverage_measure_free(n->measure);
        g_free(n->service);
        g_free(n);
    }
    if (c->needs)
        g_ptr_array_unref(c->needs);
    coverage_world_free(c->world);
    if (c->defs)
        g_ptr_array_unref(c->defs);
    if (c->def_arrays)
        g_ptr_array_unref(c->def_arrays);
    rules_free(c->rules);
    if (c->hh_index)
        g_hash_table_destroy(c->hh_index);
    memset(c, 0, sizeof *c);
}

static coverage_need *find_need(coverage_data *c, const char *service, int method)
{
    for (guint i = 0; c->needs && i < c->needs->len; i++) {
        coverage_need *n = g_ptr_array_index(c->needs, i);
        if (n->method == method && strcmp(n->service, service) == 0)
            return n;
    }
    return NULL;
}

/* Compute the households measures the coverage fields of LAYERS need. */
static gboolean load_coverage(export_job *job, coverage_data *c, GError **err)
{
    for (guint l = 0; l < job->layers->len; l++) {
        export_layer_data *d = g_ptr_array_index(job->layers, l);
        for (guint f = 0; f < d->fields->len; f++) {
            const vi_export_field *ef = g_ptr_array_index(d->fields, f);
            if (ef->kind != VI_SRC_SERVED && ef->kind != VI_SRC_DISTANCE)
                continue;
            if (!c->needs)
                c->needs = g_ptr_array_new();
            if (find_need(c, ef->service, ef->method))
                continue;
            coverage_need *n = g_new0(coverage_need, 1);
            n->service = g_strdup(ef->service);
            n->method = ef->method;
            g_ptr_array_add(c->needs, n);
        }
    }
    if (!c->needs)
        return TRUE;
    const vi_registry *reg = store_registry(job->store);
    if (!(c->rules = rules_load(job->opt->rules_path, reg, err)))
        return FALSE;
    c->defs = g_ptr_array_new();
    c->def_arrays = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < c->needs->len; i++) {
        coverage_need *n = g_ptr_array_index(c->needs, i);
        GPtrArray *defs = rules_measures(c->rules, n->service, n->method, FALSE, err);
        if (!defs) {
            g_prefix_error(err, _("profile '%s': "), job->profile->name);
            ok = FALSE;
            break;
        }
        const vi_measure_def *hh = NULL;
        for (guint k = 0; k < defs->len && !hh; k++) {
            const vi_measure_def *d = g_ptr_array_index(defs, k);
            if (d->target_kind == VI_TARGET_HOUSEHOLDS)
                hh = d;
        }
        if (!hh) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("profile '%s': service \"%s\" has no %s rule for households in '%s'"),
                        job->profile->name, n->service, vi_method_names[n->method],
                        job->opt->rules_path);
            ok = FALSE;
        } else {
            g_ptr_array_add(c->defs, (gpointer)hh);
        }
        g_ptr_array_add(c->def_arrays, defs);
    }
    if (!ok)
        return FALSE;
    vi_coverage_options copt = {.village = job->opt->village, .with_ids = TRUE};
    if (!(c->world = coverage_load(job->store, c->defs, &copt, err)))
        return FALSE;
    for (guint i = 0; i < c->needs->len; i++) {
        coverage_need *n = g_ptr_array_index(c->needs, i);
        if (!(n->measure = coverage_measure(c->world, g_ptr_array_index(c->defs, i), err)))
            return FALSE;
    }
    c->hh_index = g_hash_table_new(g_str_hash, g_str_equal);
    const char *const *ids = world_household_id(c->world);
    for (int i = 0; i < world_household_count(c->world); i++)
        g_hash_table_insert(c->hh_index, (gpointer)ids[i], GINT_TO_POINTER(i + 1));
    return TRUE;
}

/* VALUE with DECIMALS decimals, or, when DECIMALS < 0, with the fewest
 * decimals (up to 9) that read back as VALUE. */
static char *format_real(double v, int decimals)
{
    if (decimals >= 0)
        return g_strdup_printf("%.*f", decimals, v);
    for (int d = 0; d < 9; d++) {
        char *s = g_strdup_printf("%.*f", d, v);
        if (g_ascii_strtod(s, NULL) == v)
            return s;
        g_free(s);
    }
    return g_strdup_printf("%.9f", v);
}

typedef struct {
    export_job *job;
    export_layer_data *d;
    coverage_data *cov;
    double min_lon, max_lon; /* extent of every feature read */
    GHashTable *county_of;   /* village name -> its county (borrowed from villages) */
    GHashTable *extent;      /* county -> double[2]: min and max longitude of its features */
} collect_ctx;

/* The value of field EF for feature F, formatted; NULL for null.  An
 * enumerated value (a status, an attribute with allowed values, served)
 * is its code, or with the profile's labels its Chinese label
 * (statuses.tsv, labels.tsv) when it has one. */
static char *field_value(collect_ctx *ctx, const vi_export_field *ef, const vi_feature *f,
                         double length, double area)
{
    const vi_layer *layer = ctx->d->pl->layer;
    gboolean labels = ctx->job->profile->values == VI_VALUES_LABELS;
    switch (ef->kind) {
    case VI_SRC_COMMON: {
        const char *common[] = {f->id, f->village, f->name, f->status, NULL, f->project};
        if (ef->common == 4)
            return f->year ? g_strdup_printf("%d", f->year) : NULL;
        const char *label = labels && ef->common == 3 && f->status
                                ? vi_words_label(layer->status_words, f->status)
                                : NULL;
        return g_strdup(label ? label : common[ef->common]);
    }
    case VI_SRC_ATTR: {
        const char *v = f->attrs[layer_attr_index(layer, ef->attr->name)];
        if (!v || ef->type != VI_FIELD_REAL) {
            const char *label = labels && v ? vi_words_label(ef->attr->words, v) : NULL;
            return g_strdup(label ? label : v);
        }
        return format_real(g_ascii_strtod(v, NULL), ef->decimals);
    }
    case VI_SRC_LENGTH:
        return isnan(length) ? NULL : format_real(length, ef->decimals < 0 ? 3 : ef->decimals);
    case VI_SRC_AREA:
        return isnan(area) ? NULL : format_real(area, ef->decimals < 0 ? 2 : ef->decimals);
    case VI_SRC_SERVED:
    case VI_SRC_DISTANCE: {
        coverage_need *n = find_need(ctx->cov, ef->service, ef->method);
        int i = GPOINTER_TO_INT(g_hash_table_lookup(ctx->cov->hh_index, f->id)) - 1;
        if (!n || i < 0)
            return NULL;
        if (ef->kind == VI_SRC_SERVED)
            return g_strdup(export_served_value(n->measure->served[i], labels));
        double dist = n->measure->dist[i];
        return isfinite(dist) ? format_real(dist, ef->decimals < 0 ? 1 : ef->decimals) : NULL;
    }
    }
    return NULL;
}

/* The county of feature F: a village's own, another feature's village's. */
static const char *county_of(collect_ctx *ctx, const vi_feature *f)
{
    const vi_layer *layer = ctx->d->pl->layer;
    if (strcmp(layer->name, VI_LAYER_VILLAGES) == 0) {
        int a = layer_attr_index(layer, "county");
        return a >= 0 && f->attrs[a] ? f->attrs[a] : "";
    }
    const char *c = f->village ? g_hash_table_lookup(ctx->county_of, f->village) : NULL;
    return c ? c : "";
}

static void extend_county(collect_ctx *ctx, const vi_feature *f, double minx, double maxx)
{
    const char *county = county_of(ctx, f);
    double *e = g_hash_table_lookup(ctx->extent, county);
    if (!e) {
        e = g_new(double, 2);
        e[0] = minx;
        e[1] = maxx;
        g_hash_table_insert(ctx->extent, g_strdup(county), e);
    }
    e[0] = MIN(e[0], minx);
    e[1] = MAX(e[1], maxx);
}

static gboolean village_county(const vi_feature *f, void *user, GError **err)
{
    (void)err;
    collect_ctx *ctx = user;
    const vi_layer *villages = registry_layer(store_registry(ctx->job->store), VI_LAYER_VILLAGES);
    int a = layer_attr_index(villages, "county");
    if (f->name && a >= 0 && f->attrs[a])
        g_hash_table_insert(ctx->county_of, g_strdup(f->name), g_strdup(f->attrs[a]));
    return TRUE;
}

/* --county: some village of the villages layer must be in COUNTY. */
static gboolean county_exists(collect_ctx *ctx, const char *county, GError **err)
{
    GHashTable *counties = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, ctx->county_of);
    while (g_hash_table_iter_next(&it, NULL, &value))
        g_hash_table_add(counties, value);
    gboolean found = g_hash_table_contains(counties, county);
    if (!found) {
        GList *names = g_list_sort(g_hash_table_get_keys(counties), (GCompareFunc)strcmp);
        GString *list = g_string_new(NULL);
        for (GList *n = names; n; n = n->next)
            g_string_append_printf(list, "%s%s", list->len ? _(", ") : "", (char *)n->data);
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("--county: no village of county \"%s\" in '%s' (counties: %s)"), county,
                    store_path(ctx->job->store), list->len ? list->str : _("none"));
        g_string_free(list, TRUE);
        g_list_free(names);
    }
    g_hash_table_destroy(counties);
    return found;
}

/* --crs gk: the zone of each county (the one its features' extent centres
 * on: Lantian, 108.9-109.8E, is zone 36 at 108E), into JOB->zones; one
 * zone for all is the CRS, several are refused, naming them, so that no
 * county is projected in another's zone. */
static gboolean choose_gk_zone(export_job *job, collect_ctx *ctx, GError **err)
{
    job->zones = g_ptr_array_new_with_free_func(g_free);
    GList *counties = g_list_sort(g_hash_table_get_keys(ctx->extent), (GCompareFunc)strcmp);
    int epsg = 0;
    gboolean several = FALSE, outside = FALSE;
    for (GList *c = counties; c; c = c->next) {
        const double *e = g_hash_table_lookup(ctx->extent, c->data);
        int z = gk_zone_epsg((e[0] + e[1]) / 2);
        outside |= z == 0;
        several |= epsg && z != epsg;
        epsg = epsg ? epsg : z;
        g_ptr_array_add(job->zones, g_strdup_printf("%s\t%d\t%d", (char *)c->data,
                                                    (int)(gk_zone_central_meridian(z) / 3), z));
    }
    if (!epsg || outside) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("--crs gk: %s, so no Gauss-Krüger zone (name the CRS, e.g. --crs "
                      "EPSG:4545)"),
                    isfinite(ctx->min_lon) ? _("the data lies outside China's zones")
                                           : _("no feature to export"));
        g_list_free(counties);
        return FALSE;
    }
    if (several) {
        GString *list = g_string_new(NULL);
        for (guint i = 0; i < job->zones->len; i++) {
            char **f = g_strsplit(g_ptr_array_index(job->zones, i), "\t", 3);
            if (i)
                g_string_append(list, _(", "));
            g_string_append_printf(list, _("%s in zone %s (EPSG:%s)"),
                                   *f[0] ? f[0] : _("(no county)"), f[1], f[2]);
            g_strfreev(f);
        }
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("--crs gk: the data spans Gauss-Krüger zones: %s; export each county apart "
                      "(--county), or name the CRS (--crs EPSG:CODE)"),
                    list->str);
        g_string_free(list, TRUE);
        g_list_free(counties);
        return FALSE;
    }
    g_list_free(counties);
    char *code = g_strdup_printf("EPSG:%d", epsg);
    gboolean set = set_srs(job, code, err);
    g_free(code);
    return set;
}

static gboolean collect_feature(const vi_feature *f, void *user, GError **err)
{
    collect_ctx *ctx = user;
    export_layer_data *d = ctx->d;
    const char *county = ctx->job->opt->county;
    if (county && g_strcmp0(county_of(ctx, f), county) != 0)
        return TRUE;
    export_row *r = g_new0(export_row, 1);
    g_ptr_array_add(d->rows, r);
    r->id = g_strdup(f->id);
    r->name = g_strdup(f->name);
    double length = NAN, area = NAN;
    if (f->wkb) {
        r->wkb = g_memdup2(f->wkb, f->wkb_size);
        r->wkb_size = f->wkb_size;
        vi_geom g;
        if (!geom_from_wkb(f->wkb, f->wkb_size, &g, err)) {
            g_prefix_error(err, _("cannot export layer \"%s\": feature %u (id \"%s\"): "),
                           d->pl->layer->name, d->rows->len, f->id);
            return FALSE;
        }
        double minx, miny, maxx, maxy;
        geom_bounds(&g, &minx, &miny, &maxx, &maxy);
        ctx->min_lon = MIN(ctx->min_lon, minx);
        ctx->max_lon = MAX(ctx->max_lon, maxx);
        extend_county(ctx, f, minx, maxx);
        if (g.type == VI_GEOM_LINE)
            d->length_m += length = geodesy_line_length(&g);
        if (g.type == VI_GEOM_POLYGON)
            d->area_m2 += area = geodesy_polygon_area(&g, NULL);
        geom_clear(&g);
    }
    r->values = g_new0(char *, d->fields->len + 1);
    r->nvalues = (int)d->fields->len;
    for (guint i = 0; i < d->fields->len; i++)
        r->values[i] = field_value(ctx, g_ptr_array_index(d->fields, i), f, length, area);
    return TRUE;
}

/* ---- checks against the format ---- */

/* Length in bytes of TEXT in the job's encoding; -1 when the encoding
 * cannot hold one of its characters. */
static gssize encoded_bytes(const export_job *job, const char *text)
{
    if (strcmp(job->encoding, "GBK") != 0)
        return (gssize)strlen(text);
    gsize written = 0;
    char *conv = g_convert(text, -1, "GBK", "UTF-8", NULL, &written, NULL);
    if (!conv)
        return -1;
    g_free(conv);
    return (gssize)written;
}

static gboolean text_checked(const export_job *job)
{
    return job->format == VI_EXPORT_SHP || job->format == VI_EXPORT_CSV;
}

/* NAME cut on a character boundary to at most MAX bytes in the job's
 * encoding (caller frees); NULL when the encoding lacks one of its
 * characters. */
static char *fit_name(const export_job *job, const char *name, int max)
{
    GString *s = g_string_new(NULL);
    gssize bytes = 0;
    for (const char *p = name; *p; p = g_utf8_next_char(p)) {
        char *one = g_strndup(p, g_utf8_next_char(p) - p);
        gssize n = encoded_bytes(job, one);
        g_free(one);
        if (n < 0) {
            g_string_free(s, TRUE);
            return NULL;
        }
        if (bytes + n > max)
            break;
        g_string_append_len(s, p, g_utf8_next_char(p) - p);
        bytes += n;
    }
    return g_string_free(s, FALSE);
}

static gboolean name_taken(char **names, guint n, const char *name)
{
    for (guint i = 0; i < n; i++)
        if (g_utf8_collate(names[i], name) == 0 || g_ascii_strcasecmp(names[i], name) == 0)
            return TRUE;
    return FALSE;
}

/* The names D's fields get in the file, and their alternative names, as
 * the profile says: the field column (ascii) or the Chinese alias (zh);
 * CSV and XLSX headers by the profile's headers.  Shapefile field names
 * hold at most 10 bytes in the encoding: a name from the field column must
 * fit (the profile chose it: nothing is cut silently), a Chinese alias
 * chosen as field name is cut on a character boundary and kept unique
 * (道路等级名称 -> 道路等级名 in GBK). */
static gboolean name_fields(const export_job *job, export_layer_data *d, GError **err)
{
    const vi_export_profile *p = job->profile;
    gboolean sheet = job->format == VI_EXPORT_CSV || job->format == VI_EXPORT_XLSX;
    int mode = sheet ? p->headers : p->field_names;
    guint n = d->fields->len;
    d->names = g_new0(char *, n + 1);
    d->aliases = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++) {
        const vi_export_field *ef = g_ptr_array_index(d->fields, i);
        gboolean zh = mode == VI_NAMES_ZH && ef->alias;
        const char *want = zh ? ef->alias : ef->name;
        const char *alias = p->aliases == VI_ALIASES_ZH ? ef->alias : ef->name;
        d->aliases[i] = g_strdup(alias ? alias : ef->name);
        if (job->format != VI_EXPORT_SHP) {
            d->names[i] = g_strdup(want);
            if (name_taken(d->names, i, want)) {
                g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                            _("profile '%s' ('%s'): layer \"%s\": two fields are named \"%s\""),
                            p->name, p->path, d->pl->layer->name, want);
                return FALSE;
            }
            continue;
        }
        gssize bytes = encoded_bytes(job, want);
        if (bytes < 0) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("profile '%s' ('%s'): layer \"%s\": field name \"%s\" has a character "
                          "that %s lacks"),
                        p->name, p->path, d->pl->layer->name, want, job->encoding);
            return FALSE;
        }
        if (!zh && bytes > VI_DBF_NAME_BYTES) {
            g_set_error(
                err, VI_ERROR, VI_ERROR_DATA,
                _("profile '%s' ('%s'): layer \"%s\": field name \"%s\" is %d bytes in %s: a shapefile field name holds at most %d (choose a "
                  "shorter name in the profile)"),
                p->name, p->path, d->pl->layer->name, want, (int)bytes, job->encoding,
                VI_DBF_NAME_BYTES);
            return FALSE;
        }
        char *name = fit_name(job, want, VI_DBF_NAME_BYTES);
        /* Unique: the cut name with a number in place of its last characters. */
        for (int k = 2; name_taken(d->names, i, name) && k < 100; k++) {
            char *num = g_strdup_printf("%d", k);
            char *base = fit_name(job, want, VI_DBF_NAME_BYTES - (int)strlen(num));
            g_free(name);
            name = g_strconcat(base, num, NULL);
            g_free(base);
            g_free(num);
        }
        if (name_taken(d->names, i, name)) {
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("profile '%s' ('%s'): layer \"%s\": two fields are named \"%s\""),
                        p->name, p->path, d->pl->layer->name, want);
            g_free(name);
            return FALSE;
        }
        d->names[i] = name;
    }
    return TRUE;
}

/* Every value of D against its field: text the encoding holds, and, in a
 * shapefile, text of at most 254 bytes and numbers of at most 19
 * characters.  Sets D's widths and precisions. */
static gboolean check_values(const export_job *job, export_layer_data *d, GError **err)
{
    gboolean shp = job->format == VI_EXPORT_SHP;
    d->width = g_new0(int, d->fields->len);
    d->precision = g_new0(int, d->fields->len);
    for (guint f = 0; f < d->fields->len; f++) {
        const vi_export_field *ef = g_ptr_array_index(d->fields, f);
        /* A real column has one number of decimals: the profile's, else the
         * most any value needs; shorter values are padded with zeros. */
        int width = 1, precision = 0;
        if (ef->type == VI_FIELD_REAL)
            for (guint i = 0; i < d->rows->len; i++) {
                const char *v = ((export_row *)g_ptr_array_index(d->rows, i))->values[f];
                const char *dot = v ? strchr(v, '.') : NULL;
                if (dot)
                    precision = MAX(precision, (int)strlen(dot + 1));
            }
        if (ef->type == VI_FIELD_REAL && ef->decimals >= 0)
            precision = ef->decimals;
        for (guint i = 0; i < d->rows->len; i++) {
            const export_row *r = g_ptr_array_index(d->rows, i);
            const char *v = r->values[f];
            if (!v)
                continue;
            gssize n;
            if (ef->type == VI_FIELD_TEXT) {
                n = text_checked(job) ? encoded_bytes(job, v) : (gssize)strlen(v);
                if (n < 0) {
                    g_set_error(
                        err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot export layer \"%s\": feature %u (id \"%s\"): field \"%s\" "
                          "(%s): \"%s\" has a character that %s lacks (export with "
                          "--encoding UTF-8)"),
                        d->pl->layer->name, i + 1, r->id, d->names[f], ef->source, v,
                        job->encoding);
                    return FALSE;
                }
                if (shp && n > VI_DBF_TEXT_BYTES) {
                    g_set_error(
                        err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot export layer \"%s\": feature %u (id \"%s\"): field \"%s\" "
                          "(%s): expected at most %d bytes of text in a shapefile, got "
                          "%d bytes in %s"),
                        d->pl->layer->name, i + 1, r->id, d->names[f], ef->source,
                        VI_DBF_TEXT_BYTES, (int)n, job->encoding);
                    return FALSE;
                }
            } else {
                n = ef->type == VI_FIELD_REAL
                        ? (gssize)strcspn(v, ".") + (precision ? precision + 1 : 0)
                        : (gssize)strlen(v);
                if (shp && n > VI_DBF_NUMBER_WIDTH) {
                    g_set_error(
                        err, VI_ERROR, VI_ERROR_DATA,
                        _("cannot export layer \"%s\": feature %u (id \"%s\"): field \"%s\" "
                          "(%s): expected a number of at most %d characters in a "
                          "shapefile, got %s, %d characters with %d "
                          "decimals"),
                        d->pl->layer->name, i + 1, r->id, d->names[f], ef->source,
                        VI_DBF_NUMBER_WIDTH, v, (int)n, precision);
                    return FALSE;
                }
            }
            width = MAX(width, (int)n);
        }
        if (ef->type == VI_FIELD_REAL)
            width = MAX(width, precision + 2);
        d->width[f] = width;
        d->precision[f] = precision;
    }
    return TRUE;
}

/* ---- the package folder (export-folder.c) ---- */

/* A file name made from NAME (a village): characters a file system or
 * Windows gives a meaning are replaced by '_', so that no name from the
 * data leads out of the folder. */
static char *sanitise_file_name(const char *name)
{
    GString *s = g_string_new(NULL);
    for (const char *p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        gboolean bad = c < 0x20 || strchr("/\\:*?\"<>|", c) || (c == '.' && p[1] == '.');
        g_string_append_c(s, bad ? '_' : (char)c);
    }
    return g_string_free(s, FALSE);
}

static gboolean count_feature(const vi_feature *f, void *user, GError **err)
{
    (void)f;
    (void)err;
    (*(int *)user)++;
    return TRUE;
}

/* Sets *FOUND to whether the villages layer has one named VILLAGE. */
static gboolean village_exists(vi_store *store, const char *village, gboolean *found, GError **err)
{
    const vi_layer *villages = registry_layer(store_registry(store), VI_LAYER_VILLAGES);
    int n = 0;
    if (villages && !store_feature_scan(store, villages, village, count_feature, &n, err))
        return FALSE;
    *found = n > 0;
    return TRUE;
}

/* The profile's layers with the fields to write: personal ones only with
 * include_personal. */
static void select_fields(export_job *job)
{
    job->layers = g_ptr_array_new_with_free_func(layer_data_free);
    job->personal_left_out = g_ptr_array_new_with_free_func(g_free);
    for (guint l = 0; l < job->profile->layers->len; l++) {
        export_layer_data *d = g_new0(export_layer_data, 1);
        d->pl = g_ptr_array_index(job->profile->layers, l);
        d->fields = g_ptr_array_new();
        d->rows = g_ptr_array_new_with_free_func(row_free);
        for (guint f = 0; f < d->pl->fields->len; f++) {
            vi_export_field *ef = g_ptr_array_index(d->pl->fields, f);
            if (ef->personal && !job->opt->include_personal)
                g_ptr_array_add(job->personal_left_out,
                                g_strdup_printf("%s.%s", d->pl->file, ef->name));
            else
                g_ptr_array_add(d->fields, ef);
        }
        g_ptr_array_add(job->layers, d);
    }
}

/* With --include-personal, the database must let the user read the
 * personal fields of every layer the profile writes (on a server, only
 * the office may): refused before anything is written. */
static gboolean personal_readable(export_job *job, GError **err)
{
    for (guint l = 0; l < job->profile->layers->len; l++) {
        const vi_export_layer *pl = g_ptr_array_index(job->profile->layers, l);
        if (!store_personal_readable(job->store, pl->layer, err)) {
            g_prefix_error(err, _("%s: "), "--include-personal");
            return FALSE;
        }
    }
    return TRUE;
}

gboolean export_package(vi_store *store, const vi_export_profile *p, const char *dir,
                        const vi_export_options *opt, vi_export_result *res, GError **err)
{
    export_job job = {.profile = p, .opt = opt, .store = store};
    coverage_data cov = {0};
    char *parent = g_path_get_dirname(dir), *base = g_path_get_basename(dir);
    gboolean ok = FALSE, in_txn = FALSE;
    export_target target = {0};
    export_work work = {.lock_fd = -1};
    collect_ctx ctx = {0};

    if (!resolve_format(&job, err) || !resolve_encoding(&job, err))
        goto out;
    const char *crs = requested_crs(&job, err);
    if (!crs)
        goto out;
    gboolean gk = g_ascii_strcasecmp(crs, "gk") == 0;
    if (!gk && !set_srs(&job, crs, err))
        goto out;
    if (job.china_crs == VI_CHINA_GCJ02) {
        /* Written as WGS 84 by GDAL, each position then offset (export-write.c). */
        g_free(job.crs);
        g_free(job.crs_name);
        job.crs = g_strdup("GCJ-02");
        job.crs_name = g_strdup(_("GCJ-02: WGS 84 with the offset of Gaode and Tencent maps"));
    }
    if (!export_plain_file_name(base)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("--out: expected a folder name, got '%s'"),
                    dir);
        goto out;
    }
    if (opt->village) {
        gboolean found;
        if (!village_exists(store, opt->village, &found, err))
            goto out;
        if (!found) {
            g_set_error(err, VI_ERROR, VI_ERROR_USAGE, _("--village: no village \"%s\" in '%s'"),
                        opt->village, store_path(store));
            goto out;
        }
    }
    if (opt->include_personal && !personal_readable(&job, err))
        goto out;
    if (!export_target_probe(dir, store_path(store), &target, err))
        goto out;
    select_fields(&job);
    for (guint l = 0; l < job.layers->len; l++)
        if (!name_fields(&job, g_ptr_array_index(job.layers, l), err))
            goto out;
    if (!load_coverage(&job, &cov, err))
        goto out;
    ctx = (collect_ctx){.job = &job,
                        .cov = &cov,
                        .min_lon = INFINITY,
                        .max_lon = -INFINITY,
                        .county_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
                        .extent = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)};
    const vi_layer *villages = registry_layer(store_registry(store), VI_LAYER_VILLAGES);
    if (villages && !store_feature_scan(store, villages, NULL, village_county, &ctx, err))
        goto out;
    if (opt->county && !county_exists(&ctx, opt->county, err))
        goto out;
    for (guint l = 0; l < job.layers->len; l++) {
        ctx.d = g_ptr_array_index(job.layers, l);
        if (!store_feature_scan(store, ctx.d->pl->layer, opt->village, collect_feature, &ctx, err))
            goto out;
        if (!check_values(&job, ctx.d, err))
            goto out;
    }
    if (gk && !choose_gk_zone(&job, &ctx, err))
        goto out;
    char *village = opt->village  ? sanitise_file_name(opt->village)
                    : opt->county ? sanitise_file_name(opt->county)
                                  : NULL;
    job.package = village ? g_strdup_printf("%s-%s", p->name, village) : g_strdup(p->name);
    g_free(village);
    if (!export_plain_file_name(job.package)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("cannot export: the file name \"%s\" would lead outside '%s'"), job.package,
                    dir);
        goto out;
    }
    GDateTime *now = g_date_time_new_now_utc();
    job.created = g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(now);
    if (g_mkdir_with_parents(parent, 0777) != 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot create folder '%s': %s"), parent,
                    g_strerror(errno));
        goto out;
    }
    if (!export_work_create(parent, &work, err))
        goto out;
    job.tmpdir = g_strdup(work.package);
    if (!export_write_data(&job, err) || !export_write_manifest(&job, err))
        goto out;
    /* Once more: the folder may have changed while the package was written. */
    export_target_clear(&target);
    if (!export_target_probe(dir, store_path(store), &target, err))
        goto out;
    gint64 features = 0;
    for (guint l = 0; l < job.layers->len; l++)
        features += ((export_layer_data *)g_ptr_array_index(job.layers, l))->rows->len;
    char *abs_dir = g_canonicalize_filename(dir, NULL);
    vi_export_record rec = {p->name,      opt->village, job.format_name, job.crs,
                            job.encoding, abs_dir,      features,        opt->include_personal};
    /* The history says who took which data where, and whether personal
     * fields left with it; the SHA-256 of the manifest (or zip) ties the
     * record to the package. */
    char *where = opt->county ? g_strdup_printf(_("profile %s, county %s, to '%s'"), p->name,
                                                opt->county, abs_dir)
                              : g_strdup_printf(_("profile %s to '%s'"), p->name, abs_dir);
    char *detail =
        g_strdup_printf(_("%s (%s, %s, %s)%s"), where, job.format_name, job.crs, job.encoding,
                        opt->include_personal ? _(", with personal data") : "");
    g_free(where);
    char *seal_path = g_build_filename(
        job.tmpdir, opt->zip ? (char *)g_ptr_array_index(job.files, 0) : "manifest.json", NULL);
    char *seal = export_file_sha256(seal_path, err);
    in_txn = seal && store_begin(store, err);
    gboolean recorded = in_txn && store_export_record(store, &rec, err) &&
                        store_history_record(store,
                                             &(vi_change){.action = "export",
                                                          .detail = detail,
                                                          .source_sha256 = seal,
                                                          .exported = features},
                                             err);
    g_free(seal);
    g_free(seal_path);
    g_free(detail);
    g_free(abs_dir);
    /* Committed before the package is in place: a kill in between leaves a
     * record and no package, never a package that left unrecorded. */
    if (!recorded)
        goto out;
    in_txn = FALSE;
    if (!store_commit(store, err))
        goto out;
    if (!export_work_publish(&work, dir, &target, err)) {
        if (err && *err) {
            char *m = g_strdup_printf(_("%s (the export is recorded in the database all the "
                                        "same)"),
                                      (*err)->message);
            g_free((*err)->message);
            (*err)->message = m;
        }
        goto out;
    }
    ok = TRUE;
    if (res) {
        res->format = g_strdup(job.format_name);
        res->crs = g_strdup(job.crs);
        res->encoding = g_strdup(job.encoding);
        res->layers = g_ptr_array_new_with_free_func(g_free);
        for (guint l = 0; l < job.layers->len; l++) {
            const export_layer_data *d = g_ptr_array_index(job.layers, l);
            vi_export_layer_summary *s = g_new0(vi_export_layer_summary, 1);
            s->file = d->pl->file;
            s->layer = d->pl->layer;
            s->features = d->rows->len;
            s->length_m = d->length_m;
            s->area_m2 = d->area_m2;
            g_ptr_array_add(res->layers, s);
        }
        res->files = g_steal_pointer(&job.files);
        res->personal_left_out = g_steal_pointer(&job.personal_left_out);
    }
out:
    if (ctx.county_of)
        g_hash_table_destroy(ctx.county_of);
    if (ctx.extent)
        g_hash_table_destroy(ctx.extent);
    if (job.zones)
        g_ptr_array_unref(job.zones);
    if (in_txn)
        store_rollback(store);
    export_work_remove(&work);
    export_target_clear(&target);
    coverage_data_clear(&cov);
    if (job.srs)
        OSRDestroySpatialReference(job.srs);
    if (job.layers)
        g_ptr_array_unref(job.layers);
    if (job.files)
        g_ptr_array_unref(job.files);
    if (job.personal_left_out)
        g_ptr_array_unref(job.personal_left_out);
    g_free(job.tmpdir);
    g_free(job.crs);
    g_free(job.crs_name);
    g_free(job.package);
    g_free(job.created);
    g_free(parent);
    g_free(base);
    return ok;
}
