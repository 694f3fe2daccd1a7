/*
 * chinacrs.h - the two obfuscated coordinate systems of Chinese phone map
 * apps, which PROJ does not know: GCJ-02 (Amap/Gaode, Tencent; WGS84 plus a
 * position-dependent offset of a few hundred metres) and BD-09 (Baidu; GCJ-02
 * plus a further rotation and shift).  All positions are longitude/latitude
 * in degrees.
 *
 * The forward transforms are the widely published formulas (as in the
 * eviltransform and coordtransform libraries).  They have no closed inverse,
 * so the inverses iterate the forward transform until it reproduces the input
 * to 1e-10 degrees (about 0.01 mm), far below the 0.5 m an import needs.
 *
 * Also what county files say of China's surveying coordinate systems:
 * - Gauss-Krüger eastings often carry their zone number in front
 *   (36617940.2 is 117940.2 m east of the false easting in zone 36).
 *   3-degree zones are numbered 25-45 (central meridian 3n, 75E-135E),
 *   6-degree zones 13-23 (central meridian 6n-3, 75E-135E), so the number
 *   alone tells the zone and its width.  CGCS2000's "with zone" codes are
 *   EPSG:4513-4533 (3-degree) and EPSG:4491-4501 (6-degree).
 * - Beijing 1954 (Krasovsky 1940 ellipsoid) and Xi'an 1980 (IAG 1975
 *   ellipsoid) lie tens of metres from CGCS2000; only the seven parameters
 *   a county surveying office publishes convert them to within a metre.
 */
#ifndef VINFRA_CHINACRS_H
#define VINFRA_CHINACRS_H

#include <glib.h>

typedef enum { VI_CHINA_NONE, VI_CHINA_GCJ02, VI_CHINA_BD09 } vi_china_crs;

/* "gcj02"/"gcj-02" or "bd09"/"bd-09" (any case); VI_CHINA_NONE for anything else. */
vi_china_crs chinacrs_parse(const char *name);

/* Outside China's bounding box the offsets are not applied (as in every
 * published implementation). */
gboolean chinacrs_out_of_china(double lon, double lat);

void chinacrs_wgs84_to_gcj02(double lon, double lat, double *out_lon, double *out_lat);
void chinacrs_gcj02_to_bd09(double lon, double lat, double *out_lon, double *out_lat);
void chinacrs_gcj02_to_wgs84(double lon, double lat, double *out_lon, double *out_lat);
void chinacrs_bd09_to_gcj02(double lon, double lat, double *out_lon, double *out_lat);

/* CRS (GCJ-02 or BD-09) to WGS84; VI_CHINA_NONE copies the position. */
void chinacrs_to_wgs84(vi_china_crs crs, double lon, double lat, double *out_lon, double *out_lat);
/* WGS84 to CRS (GCJ-02 or BD-09); VI_CHINA_NONE copies the position. */
void chinacrs_from_wgs84(vi_china_crs crs, double lon, double lat, double *out_lon,
                         double *out_lat);

/* A CGCS2000 Gauss-Krüger zone. */
typedef struct {
    int number;              /* 13-23 (6-degree), 25-45 (3-degree), or 0 when the easting
                              * carries no zone number (a "CM" code, false easting 500 km) */
    int width;               /* 3 or 6 degrees */
    double central_meridian; /* degrees east */
    int epsg;                /* EPSG:4513-4533, 4491-4501 or (number 0) 4534-4554 */
} vi_gk_zone;

/* The zone whose number stands in front of EASTING (metres, 8 digits before
 * the point), or FALSE when it has none: fewer digits, a number outside
 * 13-23 and 25-45, or not finite. */
gboolean chinacrs_gk_zone_of_easting(double easting, vi_gk_zone *zone);

/* The zone with central meridian CM (degrees east, a multiple of 3 from 75
 * to 135) and eastings without a zone number (EPSG:4534-4554), or FALSE. */
gboolean chinacrs_gk_zone_of_meridian(double cm, vi_gk_zone *zone);

/* "3-degree Gauss-Kruger zone 36 (EPSG:4524)", "Gauss-Kruger CM 108E
 * (EPSG:4545)"; caller frees. */
char *chinacrs_gk_zone_name(const vi_gk_zone *zone);

/* The geodetic datum of a CRS as Chinese files name it. */
typedef enum {
    VI_DATUM_UNKNOWN,  /* no datum named ("D_Unknown", "Not specified", none) */
    VI_DATUM_CGCS2000, /* China Geodetic Coordinate System 2000 */
    VI_DATUM_BEIJING1954,
    VI_DATUM_XIAN1980, /* Xi'an 1980, and "New Beijing" on its IAG 1975 ellipsoid */
    VI_DATUM_OTHER     /* WGS 84 and any other named datum */
} vi_china_datum;

/* The datum named DATUM (a WKT DATUM name, or NULL) on an ellipsoid of
 * SEMI_MAJOR metres and inverse flattening INV_FLATTENING (0 or NAN when
 * unknown).  The ellipsoid decides when the name does not: Krasovsky 1940
 * (6378245, 298.3) is Beijing 1954's, IAG 1975 (6378140, 298.257) Xi'an
 * 1980's. */
vi_china_datum chinacrs_datum_classify(const char *datum, double semi_major, double inv_flattening);

/* "Beijing 1954", "Xi'an 1980", "CGCS2000", ... */
const char *chinacrs_datum_name(vi_china_datum datum);

#endif
