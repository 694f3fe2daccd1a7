/*
 * import-crs.c - China's surveying coordinate systems in a source
 * (import-int.h, chinacrs.h): Gauss-Krüger eastings with the zone number in
 * front read in that CGCS2000 zone; a file with no .prj, or one naming only
 * Gauss-Krüger or no datum, given its zone from the eastings or the central
 * meridian with CGCS2000 assumed, said in the summary and the history;
 * Beijing 1954 and Xi'an 1980 read only with the seven parameters the user
 * gives (--src-crs "+towgs84=..." or a PROJ pipeline), never as CGCS2000.
 *
 * Why the seven parameters are the user's: the datums lie tens of metres
 * from CGCS2000 and the shift varies over the country; EPSG's own
 * transformations of them are national averages, off by metres in a
 * county, while the county surveying office publishes the parameters for
 * its area.
 */
#include "i18n.h"
#include "import-int.h"
#include "source-check.h"
#include "vi-error.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <math.h>
#include <proj.h>
#include <string.h>

static const char datum_shift_hint[] =
    N_("give the seven-parameter transformation the county surveying office publishes for the "
       "area with --src-crs \"+towgs84=dx,dy,dz,rx,ry,rz,ds\" (metres, arc-seconds, parts per "
       "million, position vector; applied to the file's projection) or --src-crs \"+proj=pipeline "
       "...\" (from the file's coordinates to CGCS2000 longitude/latitude in degrees)");

/* Datum D's name in LANG. */
static const char *datum_text(vi_lang lang, vi_china_datum d)
{
    switch (d) {
    case VI_DATUM_CGCS2000:
        return "CGCS2000";
    case VI_DATUM_BEIJING1954:
        return vi_i18n_in(lang, N_("Beijing 1954"));
    case VI_DATUM_XIAN1980:
        return vi_i18n_in(lang, N_("Xi'an 1980"));
    case VI_DATUM_OTHER:
        return vi_i18n_in(lang, N_("another datum"));
    default:
        return vi_i18n_in(lang, N_("an unnamed datum"));
    }
}

/* The seven numbers of "+towgs84=dx,dy,dz,rx,ry,rz,ds" TEXT into P. */
static gboolean parse_towgs84(const char *text, double p[7])
{
    const char *s = text + strlen("+towgs84=");
    for (int i = 0; i < 7; i++) {
        char *end;
        p[i] = g_ascii_strtod(s, &end);
        if (end == s || !isfinite(p[i]) || *end != (i < 6 ? ',' : *end))
            return FALSE;
        s = i < 6 ? end + 1 : end;
    }
    return s[strspn(s, " ")] == '\0';
}

gboolean import_datum_shift_parse(const char *path, const char *src_crs, gboolean *is, GError **err)
{
    const char *s = src_crs + strspn(src_crs, " ");
    double p[7];
    *is = g_str_has_prefix(s, "+towgs84=") || g_str_has_prefix(s, "+proj=pipeline");
    if (g_str_has_prefix(s, "+towgs84=") && !parse_towgs84(s, p)) {
        import_set_error(err, VI_ERROR_USAGE, path,
                         _("--src-crs: expected seven numbers in \"+towgs84=dx,dy,dz,rx,ry,rz,ds\" "
                           "(metres, arc-seconds, parts per million), got \"%s\""),
                         src_crs);
        return FALSE;
    }
    if (g_str_has_prefix(s, "+proj=pipeline")) {
        PJ_CONTEXT *ctx = proj_context_create();
        proj_log_level(ctx, PJ_LOG_NONE);
        PJ *pj = proj_create(ctx, s);
        if (!pj)
            import_set_error(err, VI_ERROR_USAGE, path,
                             _("--src-crs: cannot set up the PROJ pipeline \"%s\": %s"), src_crs,
                             proj_context_errno_string(ctx, proj_context_errno(ctx)));
        gboolean ok = pj != NULL;
        proj_destroy(pj);
        proj_context_destroy(ctx);
        return ok;
    }
    return TRUE;
}

static vi_china_datum datum_of(OGRSpatialReferenceH srs)
{
    OGRErr e1 = OGRERR_NONE, e2 = OGRERR_NONE;
    double a = OSRGetSemiMajor(srs, &e1), rf = OSRGetInvFlattening(srs, &e2);
    return chinacrs_datum_classify(OSRGetAttrValue(srs, "DATUM", 0), e1 ? NAN : a, e2 ? NAN : rf);
}

static gboolean old_datum(vi_china_datum d)
{
    return d == VI_DATUM_BEIJING1954 || d == VI_DATUM_XIAN1980;
}

gboolean import_srs_has_towgs84(OGRSpatialReferenceH srs)
{
    double p[7];
    return OSRGetTOWGS84(srs, p, 7) == OGRERR_NONE;
}

static gboolean beyond_degrees(const OGREnvelope *env)
{
    return fabs(env->MinX) > 180 || fabs(env->MaxX) > 180 || fabs(env->MinY) > 90 ||
           fabs(env->MaxY) > 90;
}

/* Is the first geometry of LAYER within degrees?  FALSE also when it has none. */
static gboolean first_geometry_in_degrees(OGRLayerH layer)
{
    gboolean seen = FALSE, degrees = FALSE;
    OGRFeatureH f;
    OGR_L_ResetReading(layer);
    while (!seen && (f = OGR_L_GetNextFeature(layer))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && !OGR_G_IsEmpty(g)) {
            OGREnvelope env;
            OGR_G_GetEnvelope(g, &env);
            seen = TRUE;
            degrees = !beyond_degrees(&env);
        }
        OGR_F_Destroy(f);
    }
    OGR_L_ResetReading(layer);
    return degrees;
}

/* The zone named by the numbers in front of the eastings of LAYER's extent,
 * the same at both ends; *PROJECTED says the extent is beyond degrees.
 * The extent of a GeoJSON or a CSV costs a pass over the whole file (a
 * sixth of importing 100,000 households), so where the driver does not
 * know it already, a layer whose first geometry is in degrees is taken to
 * carry no zone: a later feature in metres is refused by its own checks. */
static gboolean extent_zone(OGRLayerH layer, gboolean *projected, vi_gk_zone *zone)
{
    OGREnvelope env;
    *projected = FALSE;
    if (OGR_L_GetExtent(layer, &env, FALSE) != OGRERR_NONE &&
        (first_geometry_in_degrees(layer) || OGR_L_GetExtent(layer, &env, TRUE) != OGRERR_NONE))
        return FALSE;
    *projected = beyond_degrees(&env);
    vi_gk_zone a, b;
    /* Northings of China: 0 to 6,000 km. */
    if (!chinacrs_gk_zone_of_easting(env.MinX, &a) || !chinacrs_gk_zone_of_easting(env.MaxX, &b) ||
        a.epsg != b.epsg || env.MinY < 0 || env.MaxY > 6.5e6)
        return FALSE;
    *zone = a;
    return TRUE;
}

/* The zone as the summary names it, in LANG (caller frees). */
static char *zone_text(vi_lang lang, const vi_gk_zone *z)
{
    if (z->number == 0)
        return g_strdup_printf(vi_i18n_in(lang, N_("CGCS2000 Gauss-Kruger CM %.0fE (EPSG:%d)")),
                               z->central_meridian, z->epsg);
    return g_strdup_printf(
        vi_i18n_in(lang, N_("CGCS2000 %d-degree Gauss-Kruger zone %d (EPSG:%d)")), z->width,
        z->number, z->epsg);
}

/* Why CGCS2000 was assumed: nothing to assume (the .prj said CGCS2000), no
 * .prj, no CRS in a file of another kind, a .prj naming only Gauss-Krüger,
 * one naming no datum, a longitude/latitude CRS over coordinates in metres
 * (GDAL gives a GeoJSON without "crs" WGS 84), a table's columns. */
typedef enum {
    WHY_NONE,
    WHY_NO_PRJ,
    WHY_NO_CRS,
    WHY_BARE_PRJ,
    WHY_NO_DATUM,
    WHY_NOT_DEGREES,
    WHY_TABLE
} crs_why;

/* The note on a zone Z inferred (from the eastings' prefix when PREFIX,
 * else from the .prj's central meridian) with CGCS2000 assumed for WHY, in
 * LANG (caller frees). */
static char *zone_note(importer *imp, vi_lang lang, const vi_gk_zone *z, gboolean prefix,
                       crs_why why)
{
    char *base = g_path_get_basename(imp->path), *dot = strrchr(base, '.');
    char *prj = g_strdup_printf("%.*s.prj", dot ? (int)(dot - base) : (int)strlen(base), base);
    char *zone = zone_text(lang, z);
    char *from;
    if (prefix)
        from = g_strdup(vi_i18n_in(lang, N_("the zone from the number in front of the eastings")));
    else
        from =
            g_strdup_printf(vi_i18n_in(lang, N_("the zone from the central meridian %.0fE of %s")),
                            z->central_meridian, prj);
    char *because =
        why == WHY_NO_PRJ   ? g_strdup(vi_i18n_in(lang, N_("there is no .prj")))
        : why == WHY_NO_CRS ? g_strdup(vi_i18n_in(lang, N_("the file names no CRS")))
        : why == WHY_NOT_DEGREES
            ? g_strdup(vi_i18n_in(lang,
                                  N_("the file's CRS is longitude/latitude but its coordinates are "
                                     "not degrees")))
        : why == WHY_TABLE ? g_strdup(vi_i18n_in(lang, N_("a table's columns name no CRS")))
        : why == WHY_BARE_PRJ
            ? g_strdup_printf(vi_i18n_in(lang, N_("%s names only Gauss-Kruger")), prj)
        : why == WHY_NO_DATUM ? g_strdup_printf(vi_i18n_in(lang, N_("%s names no datum")), prj)
                              : NULL;
    char *note =
        because
            ? g_strdup_printf(vi_i18n_in(lang, N_("coordinates read in %s, %s; CGCS2000 assumed "
                                                  "as %s (name another CRS with --src-crs)")),
                              zone, from, because)
            : g_strdup_printf(vi_i18n_in(lang, N_("coordinates read in %s, %s")), zone, from);
    g_free(because);
    g_free(from);
    g_free(zone);
    g_free(prj);
    g_free(base);
    return note;
}

/* Read the layer in CGCS2000 zone Z: *OWNED receives its CRS; the summary
 * and the history say so. */
static void use_zone(importer *imp, const vi_gk_zone *z, gboolean prefix, crs_why why,
                     OGRSpatialReferenceH *owned)
{
    *owned = import_lonlat_srs(z->epsg);
    g_free(imp->res->crs_note);
    imp->res->crs_note = zone_note(imp, imp->opt->lang, z, prefix, why);
    g_free(imp->crs_history);
    imp->crs_history = g_strdup(imp->res->crs_note);
}

/* Say that the file was converted with the seven parameters or pipeline
 * of --src-crs, from the datum of FROM (NULL: none declared). */
static void note_datum_shift(importer *imp, OGRSpatialReferenceH from)
{
    vi_china_datum d = from ? datum_of(from) : VI_DATUM_UNKNOWN;
    gboolean seven =
        g_str_has_prefix(imp->datum_shift + strspn(imp->datum_shift, " "), "+towgs84=");
    /* The note in the user's language: the seven parameters or a pipeline, from
     * Beijing 1954, Xi'an 1980 or the file's CRS. */
    static const char *const notes[2][3] = {
        {N_("converted from Beijing 1954 to CGCS2000 with the seven parameters given (--src-crs)"),
         N_("converted from Xi'an 1980 to CGCS2000 with the seven parameters given (--src-crs)"),
         N_("converted from the file's CRS to CGCS2000 with the seven parameters given "
            "(--src-crs)")},
        {N_("converted from Beijing 1954 to CGCS2000 with the PROJ pipeline given (--src-crs)"),
         N_("converted from Xi'an 1980 to CGCS2000 with the PROJ pipeline given (--src-crs)"),
         N_("converted from the file's CRS to CGCS2000 with the PROJ pipeline given "
            "(--src-crs)")}};
    int which = d == VI_DATUM_BEIJING1954 ? 0 : d == VI_DATUM_XIAN1980 ? 1 : 2;
    g_free(imp->res->crs_note);
    imp->res->crs_note = g_strdup(vi_i18n_in(imp->opt->lang, notes[seven ? 0 : 1][which]));
    g_free(imp->crs_history);
    /* The history keeps the parameters themselves. */
    static const char *const history[3] = {
        N_("converted from Beijing 1954 to CGCS2000 with --src-crs \"%s\""),
        N_("converted from Xi'an 1980 to CGCS2000 with --src-crs \"%s\""),
        N_("converted from the file's CRS to CGCS2000 with --src-crs \"%s\"")};
    imp->crs_history =
        g_strdup_printf(vi_i18n_in(imp->opt->lang, history[which]), imp->datum_shift);
}

/* The eastings' zone Z and a central meridian CM (0 or NAN: none) named
 * by WHERE must agree. */
static gboolean zone_agrees(importer *imp, const vi_gk_zone *z, double cm, const char *where,
                            GError **err)
{
    if (!isfinite(cm) || cm == 0 || fabs(cm - z->central_meridian) < 1e-9)
        return TRUE;
    import_set_error(err, VI_ERROR_DATA, imp->path,
                     _("the eastings carry Gauss-Kruger zone number %d (central meridian %.0fE) "
                       "but %s gives the central meridian %gE: name the file's CRS with --src-crs "
                       "(e.g. --src-crs EPSG:%d)"),
                     z->number, z->central_meridian, where, cm, z->epsg);
    return FALSE;
}

/* The CRS to read LAYER's geometry field in, when FROM (borrowed, or NULL:
 * none declared) or --src-crs is one of China's surveying CRSs: *OWNED
 * receives a new one to use instead (or stays NULL).  Refuses Beijing 1954
 * and Xi'an 1980 without a seven-parameter transformation, and a bare
 * Gauss-Krüger .prj whose zone nothing tells. */
gboolean import_china_crs(importer *imp, OGRLayerH layer, OGRSpatialReferenceH from,
                          OGRSpatialReferenceH *owned, GError **err)
{
    *owned = NULL;
    if (imp->china != VI_CHINA_NONE)
        return TRUE;
    OGRSpatialReferenceH named = imp->override_srs ? imp->override_srs : from;
    if (named && old_datum(datum_of(named)) && !import_srs_has_towgs84(named) &&
        !imp->datum_shift) {
        const char *name = OSRGetName(named);
        const char *datum = datum_text(vi_i18n_language(), datum_of(named));
        if (imp->override_srs)
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("--src-crs \"%s\" is on the %s datum, tens of metres from "
                               "CGCS2000, and is never read as CGCS2000: %s"),
                             imp->opt->src_crs, datum, _(datum_shift_hint));
        else
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("its CRS \"%s\" is on the %s datum, tens of metres from CGCS2000, "
                               "and is never read as CGCS2000: %s"),
                             name ? name : "?", datum, _(datum_shift_hint));
        return FALSE;
    }
    if (imp->override_srs)
        return TRUE;
    if (imp->datum_shift &&
        g_str_has_prefix(imp->datum_shift + strspn(imp->datum_shift, " "), "+towgs84=")) {
        vi_china_datum d = from ? datum_of(from) : VI_DATUM_UNKNOWN;
        if (!from || d == VI_DATUM_CGCS2000 || d == VI_DATUM_OTHER) {
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             _("--src-crs \"%s\": a seven-parameter transformation applies to "
                               "the file's own projection on Beijing 1954 or Xi'an 1980, and the "
                               "file declares %s: give the whole CRS (a PROJ string with "
                               "+towgs84) or a +proj=pipeline"),
                             imp->opt->src_crs,
                             from ? datum_text(vi_i18n_language(), d) : _("no CRS"));
            return FALSE;
        }
        /* As a PROJ string: the file's projection and ellipsoid, and the
         * shift to WGS 84 (PROJ takes WGS 84 to CGCS2000 as a null
         * transformation).  Kept with the CRS's EPSG identity, PROJ would
         * use EPSG's own transformation of the datum instead. */
        char *proj = NULL;
        gboolean ok = OSRExportToProj4(from, &proj) == OGRERR_NONE && proj;
        if (ok) {
            char *def =
                g_strdup_printf("%s %s", proj, imp->datum_shift + strspn(imp->datum_shift, " "));
            *owned = OSRNewSpatialReference(NULL);
            ok = OSRImportFromProj4(*owned, def) == OGRERR_NONE;
            OSRSetAxisMappingStrategy(*owned, OAMS_TRADITIONAL_GIS_ORDER);
            g_free(def);
        }
        CPLFree(proj);
        if (ok)
            note_datum_shift(imp, from);
        if (!ok)
            import_set_error(err, VI_ERROR_USAGE, imp->path,
                             _("--src-crs \"%s\": cannot apply it to the file's CRS: %s"),
                             imp->opt->src_crs, CPLGetLastErrorMsg());
        return ok;
    }
    if (imp->datum_shift) { /* a pipeline: import_source_crs uses it as it is */
        note_datum_shift(imp, from);
        return TRUE;
    }
    gboolean projected = FALSE;
    vi_gk_zone z;
    if (!from) {
        double cm = NAN;
        gboolean bare = imp->shapefile && source_prj_bare_gauss_kruger(imp->path, &cm);
        gboolean prefix = extent_zone(layer, &projected, &z);
        if (prefix && !zone_agrees(imp, &z, cm, _("its .prj"), err))
            return FALSE;
        if (prefix || (bare && projected && chinacrs_gk_zone_of_meridian(cm, &z))) {
            use_zone(imp, &z, prefix,
                     bare             ? WHY_BARE_PRJ
                     : imp->shapefile ? WHY_NO_PRJ
                                      : WHY_NO_CRS,
                     owned);
            return TRUE;
        }
        if (bare) {
            import_set_error(err, VI_ERROR_DATA, imp->path,
                             _("its projection file names only a Gauss-Kruger projection, without "
                               "a central meridian, and the eastings carry no zone number: name "
                               "the file's CRS with --src-crs (e.g. --src-crs EPSG:4545 for "
                               "CGCS2000 Gauss-Kruger CM 108E)"));
            return FALSE;
        }
        return TRUE;
    }
    if (OSRIsGeographic(from)) {
        /* Degrees never carry a zone number: metres under a longitude/
         * latitude CRS (a GeoJSON without "crs", a wrong .prj).  Not asked
         * of GPX and KML, degrees by definition, whose extent would cost a
         * pass over the file. */
        if (!imp->gpx && !imp->kml && extent_zone(layer, &projected, &z))
            use_zone(imp, &z, TRUE, WHY_NOT_DEGREES, owned);
        return TRUE;
    }
    const char *method = OSRGetAttrValue(from, "PROJECTION", 0);
    if (!OSRIsProjected(from) || !method ||
        (g_ascii_strcasecmp(method, SRS_PT_TRANSVERSE_MERCATOR) != 0 &&
         !g_str_has_prefix(method, "Gauss")))
        return TRUE;
    vi_china_datum d = datum_of(from);
    double cm = OSRGetProjParm(from, SRS_PP_CENTRAL_MERIDIAN, 0, NULL);
    double fe = OSRGetProjParm(from, SRS_PP_FALSE_EASTING, 0, NULL);
    gboolean prefix = extent_zone(layer, &projected, &z);
    if (d == VI_DATUM_UNKNOWN) {
        if (prefix && !zone_agrees(imp, &z, cm, _("its .prj"), err))
            return FALSE;
        if (prefix || (fabs(fe - 500000) < 1 && chinacrs_gk_zone_of_meridian(cm, &z))) {
            use_zone(imp, &z, prefix, WHY_NO_DATUM, owned);
            return TRUE;
        }
    } else if (d == VI_DATUM_CGCS2000 && prefix && fe < 1e7) {
        /* A CGCS2000 "CM" .prj beside eastings that carry their zone. */
        if (!zone_agrees(imp, &z, cm, _("its .prj"), err))
            return FALSE;
        use_zone(imp, &z, TRUE, WHY_NONE, owned);
    }
    return TRUE;
}

/* Is TEXT a plain decimal number?  *V receives it. */
static gboolean plain_number(const char *text, double *v)
{
    char *end;
    *v = g_ascii_strtod(text, &end);
    return end != text && end[strspn(end, " ")] == '\0' && isfinite(*v);
}

void import_china_crs_columns(importer *imp, OGRLayerH layer, const source_layer *src,
                              OGRSpatialReferenceH *owned, gboolean *northing_first)
{
    *owned = NULL;
    *northing_first = FALSE;
    if (imp->china != VI_CHINA_NONE || imp->override_srs || imp->datum_shift || src->lon < 0 ||
        src->lat < 0)
        return;
    /* The range of each column, over every row that has both as numbers;
     * one row of anything else (degrees-minutes-seconds) and they are not
     * metres. */
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    gboolean numbers = TRUE;
    gint64 rows = 0;
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while (numbers && (f = OGR_L_GetNextFeature(layer))) {
        int cols[2] = {src->lon, src->lat};
        double v[2];
        gboolean set =
            OGR_F_IsFieldSetAndNotNull(f, cols[0]) && OGR_F_IsFieldSetAndNotNull(f, cols[1]);
        for (int k = 0; set && numbers && k < 2; k++) {
            numbers = plain_number(OGR_F_GetFieldAsString(f, cols[k]), &v[k]);
            lo[k] = fmin(lo[k], v[k]);
            hi[k] = fmax(hi[k], v[k]);
        }
        rows += set && numbers;
        OGR_F_Destroy(f);
    }
    OGR_L_ResetReading(layer);
    if (!numbers || rows == 0)
        return;
    /* Chinese surveys write the northing as X and the easting as Y: the
     * column with the zone number is the easting, whichever it is. */
    for (int e = 0; e < 2; e++) {
        vi_gk_zone a, b;
        int n = 1 - e;
        if (chinacrs_gk_zone_of_easting(lo[e], &a) && chinacrs_gk_zone_of_easting(hi[e], &b) &&
            a.epsg == b.epsg && lo[n] >= 0 && hi[n] <= 6.5e6) {
            use_zone(imp, &a, TRUE, WHY_TABLE, owned);
            *northing_first = e == 1;
            if (*northing_first) {
                /* The zone's own axis order is northing, easting. */
                OSRSetAxisMappingStrategy(*owned, OAMS_AUTHORITY_COMPLIANT);
                for (int lang = 0; lang < 2; lang++) {
                    char **note = lang ? &imp->crs_history : &imp->res->crs_note;
                    vi_lang l = lang ? VI_LANG_EN : imp->opt->lang;
                    char *more = g_strdup_printf(
                        vi_i18n_in(l, N_("%s; northings in column \"%s\", eastings in \"%s\" (a "
                                         "survey's X and Y)")),
                        *note, src->names[src->lon], src->names[src->lat]);
                    g_free(*note);
                    *note = more;
                }
            }
            return;
        }
    }
}
