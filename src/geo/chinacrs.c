/*
 * chinacrs.c - GCJ-02 and BD-09 forward formulas and their iterated
 * inverses; Gauss-Krüger zones from zone-numbered eastings and central
 * meridians; the datums Chinese files name (chinacrs.h).
 */
#include "chinacrs.h"
#include "i18n.h"

#include <math.h>
#include <string.h>

/* Constants of the published GCJ-02 formula: the Krasovsky 1940 semi-major
 * axis and an eccentricity squared. */
#define GCJ_A 6378245.0
#define GCJ_EE 0.00669342162296594323
#define BD_X_PI (G_PI * 3000.0 / 180.0)

vi_china_crs chinacrs_parse(const char *name)
{
    if (!name)
        return VI_CHINA_NONE;
    if (g_ascii_strcasecmp(name, "gcj02") == 0 || g_ascii_strcasecmp(name, "gcj-02") == 0)
        return VI_CHINA_GCJ02;
    if (g_ascii_strcasecmp(name, "bd09") == 0 || g_ascii_strcasecmp(name, "bd-09") == 0)
        return VI_CHINA_BD09;
    return VI_CHINA_NONE;
}

gboolean chinacrs_out_of_china(double lon, double lat)
{
    return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

static double offset_lat(double x, double y)
{
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
    r += (20.0 * sin(6.0 * x * G_PI) + 20.0 * sin(2.0 * x * G_PI)) * 2.0 / 3.0;
    r += (20.0 * sin(y * G_PI) + 40.0 * sin(y / 3.0 * G_PI)) * 2.0 / 3.0;
    r += (160.0 * sin(y / 12.0 * G_PI) + 320.0 * sin(y * G_PI / 30.0)) * 2.0 / 3.0;
    return r;
}

static double offset_lon(double x, double y)
{
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
    r += (20.0 * sin(6.0 * x * G_PI) + 20.0 * sin(2.0 * x * G_PI)) * 2.0 / 3.0;
    r += (20.0 * sin(x * G_PI) + 40.0 * sin(x / 3.0 * G_PI)) * 2.0 / 3.0;
    r += (150.0 * sin(x / 12.0 * G_PI) + 300.0 * sin(x / 30.0 * G_PI)) * 2.0 / 3.0;
    return r;
}

void chinacrs_wgs84_to_gcj02(double lon, double lat, double *out_lon, double *out_lat)
{
    if (chinacrs_out_of_china(lon, lat)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    double dlat = offset_lat(lon - 105.0, lat - 35.0);
    double dlon = offset_lon(lon - 105.0, lat - 35.0);
    double radlat = lat / 180.0 * G_PI;
    double magic = sin(radlat);
    magic = 1 - GCJ_EE * magic * magic;
    double sqrtmagic = sqrt(magic);
    dlat = (dlat * 180.0) / ((GCJ_A * (1 - GCJ_EE)) / (magic * sqrtmagic) * G_PI);
    dlon = (dlon * 180.0) / (GCJ_A / sqrtmagic * cos(radlat) * G_PI);
    *out_lon = lon + dlon;
    *out_lat = lat + dlat;
}

void chinacrs_gcj02_to_bd09(double lon, double lat, double *out_lon, double *out_lat)
{
    /* Values that are no degrees at all (a broken file) pass unchanged, as
     * GCJ-02 passes positions outside China: the offset's sin() and cos()
     * of them would be NaN. */
    if (!(fabs(lon) <= 360 && fabs(lat) <= 360)) {
        *out_lon = lon;
        *out_lat = lat;
        return;
    }
    double z = hypot(lon, lat) + 0.00002 * sin(lat * BD_X_PI);
    double theta = atan2(lat, lon) + 0.000003 * cos(lon * BD_X_PI);
    *out_lon = z * cos(theta) + 0.0065;
    *out_lat = z * sin(theta) + 0.006;
}

typedef void (*forward_fn)(double lon, double lat, double *out_lon, double *out_lat);

/* Solve forward(x) = target by fixed-point iteration.  The forward maps are a
 * small, smooth offset from the identity (derivative within 1e-4 of 1), so
 * each step gains about four digits and a handful of steps reach 1e-10. */
static void invert(forward_fn forward, double lon, double lat, double *out_lon, double *out_lat)
{
    double x = lon, y = lat;
    for (int i = 0; i < 30; i++) {
        double fx, fy;
        forward(x, y, &fx, &fy);
        double dx = fx - lon, dy = fy - lat;
        x -= dx;
        y -= dy;
        if (fabs(dx) < 1e-10 && fabs(dy) < 1e-10)
            break;
    }
    *out_lon = x;
    *out_lat = y;
}

void chinacrs_gcj02_to_wgs84(double lon, double lat, double *out_lon, double *out_lat)
{
    invert(chinacrs_wgs84_to_gcj02, lon, lat, out_lon, out_lat);
}

void chinacrs_bd09_to_gcj02(double lon, double lat, double *out_lon, double *out_lat)
{
    invert(chinacrs_gcj02_to_bd09, lon, lat, out_lon, out_lat);
}

void chinacrs_to_wgs84(vi_china_crs crs, double lon, double lat, double *out_lon, double *out_lat)
{
    if (crs == VI_CHINA_BD09)
        chinacrs_bd09_to_gcj02(lon, lat, &lon, &lat);
    if (crs != VI_CHINA_NONE)
        chinacrs_gcj02_to_wgs84(lon, lat, &lon, &lat);
    *out_lon = lon;
    *out_lat = lat;
}

void chinacrs_from_wgs84(vi_china_crs crs, double lon, double lat, double *out_lon, double *out_lat)
{
    if (crs != VI_CHINA_NONE)
        chinacrs_wgs84_to_gcj02(lon, lat, &lon, &lat);
    if (crs == VI_CHINA_BD09)
        chinacrs_gcj02_to_bd09(lon, lat, &lon, &lat);
    *out_lon = lon;
    *out_lat = lat;
}

/* CGCS2000 Gauss-Krüger EPSG codes (checked with projinfo): "with zone"
 * codes for 3-degree zones 25-45 and 6-degree zones 13-23, and the
 * 3-degree "CM" codes whose eastings carry no zone number. */
#define GK3_FIRST_ZONE 25
#define GK3_LAST_ZONE 45
#define GK3_FIRST_EPSG 4513
#define GK6_FIRST_ZONE 13
#define GK6_LAST_ZONE 23
#define GK6_FIRST_EPSG 4491
#define GKCM_FIRST_EPSG 4534
#define GKCM_FIRST_CM 75
#define GKCM_LAST_CM 135

gboolean chinacrs_gk_zone_of_easting(double easting, vi_gk_zone *zone)
{
    if (!isfinite(easting) || easting < 1e7 || easting >= 1e8)
        return FALSE;
    int n = (int)floor(easting / 1e6);
    if (n >= GK3_FIRST_ZONE && n <= GK3_LAST_ZONE)
        *zone = (vi_gk_zone){n, 3, 3.0 * n, GK3_FIRST_EPSG + n - GK3_FIRST_ZONE};
    else if (n >= GK6_FIRST_ZONE && n <= GK6_LAST_ZONE)
        *zone = (vi_gk_zone){n, 6, 6.0 * n - 3, GK6_FIRST_EPSG + n - GK6_FIRST_ZONE};
    else
        return FALSE;
    return TRUE;
}

gboolean chinacrs_gk_zone_of_meridian(double cm, vi_gk_zone *zone)
{
    /* A 6-degree zone's meridian (6n - 3) is a 3-degree one too (3(2n - 1)):
     * without a zone number the two read alike. */
    double k = (cm - GKCM_FIRST_CM) / 3.0;
    if (!isfinite(cm) || cm < GKCM_FIRST_CM || cm > GKCM_LAST_CM || fabs(k - round(k)) > 1e-9)
        return FALSE;
    *zone = (vi_gk_zone){0, 3, round(cm), GKCM_FIRST_EPSG + (int)round(k)};
    return TRUE;
}

char *chinacrs_gk_zone_name(const vi_gk_zone *zone)
{
    if (zone->number == 0)
        return g_strdup_printf(_("Gauss-Kruger CM %.0fE (EPSG:%d)"), zone->central_meridian,
                               zone->epsg);
    return g_strdup_printf(_("%d-degree Gauss-Kruger zone %d (EPSG:%d)"), zone->width, zone->number,
                           zone->epsg);
}

/* Does NAME contain any of WORDS, ignoring case? */
static gboolean names_any(const char *name, const char *const *words)
{
    char *low = g_ascii_strdown(name, -1);
    gboolean found = FALSE;
    for (int i = 0; words[i] && !found; i++)
        found = strstr(low, words[i]) != NULL;
    g_free(low);
    return found;
}

static gboolean near(double a, double b, double tol)
{
    return isfinite(a) && fabs(a - b) <= tol;
}

vi_china_datum chinacrs_datum_classify(const char *datum, double semi_major, double inv_flattening)
{
    /* As ESRI, EPSG and Chinese GIS software spell them. */
    static const char *const unknown[] = {"unknown", "not specified", "not_specified", "undefined",
                                          NULL};
    static const char *const cgcs[] = {"2000", "cgcs", NULL};
    static const char *const beijing[] = {
        "beijing_1954", "beijing 1954", "beijing1954", "beijing54", "beijing_54", "北京", NULL};
    static const char *const xian[] = {"xian",        "xi'an",       "xi_an", "西安",
                                       "new_beijing", "new beijing", NULL};
    if (datum && *datum && !names_any(datum, unknown)) {
        if (names_any(datum, beijing))
            return VI_DATUM_BEIJING1954;
        if (names_any(datum, xian))
            return VI_DATUM_XIAN1980;
        if (names_any(datum, cgcs))
            return VI_DATUM_CGCS2000;
    }
    /* Whatever the name, these ellipsoids belong to the old datums. */
    if (near(semi_major, 6378245.0, 0.5) && near(inv_flattening, 298.3, 1e-6))
        return VI_DATUM_BEIJING1954;
    if (near(semi_major, 6378140.0, 0.5) && near(inv_flattening, 298.257, 1e-6))
        return VI_DATUM_XIAN1980;
    return datum && *datum && !names_any(datum, unknown) ? VI_DATUM_OTHER : VI_DATUM_UNKNOWN;
}

const char *chinacrs_datum_name(vi_china_datum datum)
{
    switch (datum) {
    case VI_DATUM_CGCS2000:
        return "CGCS2000";
    case VI_DATUM_BEIJING1954:
        return "Beijing 1954";
    case VI_DATUM_XIAN1980:
        return "Xi'an 1980";
    case VI_DATUM_OTHER:
        return _("another datum");
    default:
        return _("an unnamed datum");
    }
}
