/*
 * chinacrs.c - GCJ-02 and BD-09 forward formulas and their iterated inverses.
 */
#include "chinacrs.h"

#include <math.h>

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
