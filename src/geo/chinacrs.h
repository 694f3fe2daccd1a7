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

#endif
