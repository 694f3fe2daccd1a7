/*
 * test-chinacrs.c - GCJ-02 and BD-09: the forward formulas against values
 * published with two widely used implementations, and the iterated inverses
 * to better than 0.5 m over a grid covering Shaanxi; Gauss-Krüger zones from
 * zone-numbered eastings and central meridians (EPSG codes as projinfo
 * lists them), and the datums Chinese files name.
 */
#include "chinacrs.h"
#include "geodesy.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures;

static void check_close(const char *what, double got_lon, double got_lat, double lon, double lat,
                        double tol)
{
    if (fabs(got_lon - lon) > tol || fabs(got_lat - lat) > tol) {
        printf("FAIL %s: got %.12f %.12f, expected %.12f %.12f (tolerance %g)\n", what, got_lon,
               got_lat, lon, lat, tol);
        failures++;
    }
}

/* EASTING's zone: NUMBER, WIDTH, CM and EPSG, or none when NUMBER is -1. */
static void check_zone(double easting, int number, int width, double cm, int epsg)
{
    vi_gk_zone z = {0};
    gboolean found = chinacrs_gk_zone_of_easting(easting, &z);
    if (number < 0 ? found
                   : !found || z.number != number || z.width != width || z.central_meridian != cm ||
                         z.epsg != epsg) {
        printf("FAIL zone of easting %.1f: %s %d (%d-degree, CM %g, EPSG:%d)\n", easting,
               found ? "got" : "got none", z.number, z.width, z.central_meridian, z.epsg);
        failures++;
    }
}

static void check_zones(void)
{
    /* projinfo EPSG:4524: CGCS2000 / 3-degree Gauss-Kruger zone 36, lon_0=108, x_0=36500000. */
    check_zone(36617940.2, 36, 3, 108, 4524);
    check_zone(25500000.0, 25, 3, 75, 4513);
    check_zone(45999999.9, 45, 3, 135, 4533);
    /* EPSG:4497: CGCS2000 / Gauss-Kruger zone 19, lon_0=111, x_0=19500000. */
    check_zone(19380000.0, 19, 6, 111, 4497);
    check_zone(13500000.0, 13, 6, 75, 4491);
    check_zone(23400000.0, 23, 6, 135, 4501);
    check_zone(24500000.0, -1, 0, 0, 0); /* neither a 3- nor a 6-degree zone */
    check_zone(46500000.0, -1, 0, 0, 0);
    check_zone(617940.2, -1, 0, 0, 0); /* no zone number */
    check_zone(NAN, -1, 0, 0, 0);
    vi_gk_zone z;
    if (!chinacrs_gk_zone_of_meridian(108, &z) || z.epsg != 4545 || z.number != 0 ||
        !chinacrs_gk_zone_of_meridian(75, &z) || z.epsg != 4534 ||
        !chinacrs_gk_zone_of_meridian(135, &z) || z.epsg != 4554 ||
        chinacrs_gk_zone_of_meridian(109, &z) || chinacrs_gk_zone_of_meridian(0, &z)) {
        printf("FAIL zone of meridian\n");
        failures++;
    }
    chinacrs_gk_zone_of_easting(36617940.2, &z);
    char *name = chinacrs_gk_zone_name(&z);
    if (strcmp(name, "3-degree Gauss-Kruger zone 36 (EPSG:4524)") != 0) {
        printf("FAIL zone name: %s\n", name);
        failures++;
    }
    g_free(name);
}

static void check_datums(void)
{
    /* Names as ArcGIS's .prj files and EPSG spell them, and the ellipsoids. */
    struct {
        const char *name;
        double a, rf;
        vi_china_datum want;
    } cases[] = {
        {"D_Beijing_1954", 6378245, 298.3, VI_DATUM_BEIJING1954},
        {"Beijing_1954", NAN, NAN, VI_DATUM_BEIJING1954},
        {"D_Xian_1980", 6378140, 298.257, VI_DATUM_XIAN1980},
        {"Xian 1980", NAN, NAN, VI_DATUM_XIAN1980},
        {"D_China_2000", 6378137, 298.257222101, VI_DATUM_CGCS2000},
        {"China_2000", NAN, NAN, VI_DATUM_CGCS2000},
        {"WGS_1984", 6378137, 298.257223563, VI_DATUM_OTHER},
        {"D_Unknown", 6378137, 298.257222101, VI_DATUM_UNKNOWN},
        {"D_Unknown", 6378245, 298.3, VI_DATUM_BEIJING1954}, /* Krasovsky 1940 */
        {NULL, 6378140, 298.257, VI_DATUM_XIAN1980},         /* IAG 1975 */
        {"Not specified (based on GRS 1980 ellipsoid)", 6378137, 298.257222101, VI_DATUM_UNKNOWN},
        {NULL, NAN, NAN, VI_DATUM_UNKNOWN},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        vi_china_datum got = chinacrs_datum_classify(cases[i].name, cases[i].a, cases[i].rf);
        if (got != cases[i].want) {
            printf("FAIL datum \"%s\" (%g, %g): got %s, expected %s\n",
                   cases[i].name ? cases[i].name : "(none)", cases[i].a, cases[i].rf,
                   chinacrs_datum_name(got), chinacrs_datum_name(cases[i].want));
            failures++;
        }
    }
}

int main(void)
{
    double lon, lat;
    /* wandergis/coordtransform, test/app.js: results for (116.404, 39.915). */
    chinacrs_wgs84_to_gcj02(116.404, 39.915, &lon, &lat);
    check_close("coordtransform wgs84togcj02", lon, lat, 116.41024449916938, 39.91640428150164,
                1e-9);
    chinacrs_gcj02_to_bd09(116.404, 39.915, &lon, &lat);
    check_close("coordtransform gcj02tobd09", lon, lat, 116.41036949371029, 39.92133699351021,
                1e-9);
    /* Its bd09togcj02 is a closed-form approximation; ours iterates to the
     * exact inverse, which must agree within a fraction of a metre. */
    chinacrs_bd09_to_gcj02(116.404, 39.915, &lon, &lat);
    check_close("coordtransform bd09togcj02", lon, lat, 116.39762729119315, 39.90865673957631,
                2e-6);

    /* googollee/eviltransform test cases: WGS84 -> GCJ-02 (lat, lng order there). */
    static const double evil[][4] = {
        {31.1774276, 121.5272106, 31.17530398364597, 121.531541859215}, /* Shanghai */
        {22.543847, 113.912316, 22.540796131694766, 113.9171764808363}, /* Shenzhen */
        {39.911954, 116.377817, 39.91334545536069, 116.38404722455657}, /* Beijing */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(evil); i++) {
        chinacrs_wgs84_to_gcj02(evil[i][1], evil[i][0], &lon, &lat);
        check_close("eviltransform wgs2gcj", lon, lat, evil[i][3], evil[i][2], 1e-8);
        chinacrs_gcj02_to_wgs84(evil[i][3], evil[i][2], &lon, &lat);
        check_close("eviltransform gcj2wgs", lon, lat, evil[i][1], evil[i][0], 1e-8);
    }

    /* Outside China nothing is offset. */
    chinacrs_wgs84_to_gcj02(2.35, 48.85, &lon, &lat);
    check_close("Paris unchanged", lon, lat, 2.35, 48.85, 0);

    /* Round trips over Shaanxi (105.4-111.3 E, 31.6-39.6 N) every 0.05 degree. */
    double worst[2] = {0, 0};
    int points = 0;
    for (double x = 105.4; x <= 111.3; x += 0.05)
        for (double y = 31.6; y <= 39.6; y += 0.05) {
            for (int crs = VI_CHINA_GCJ02; crs <= VI_CHINA_BD09; crs++) {
                double fx, fy, bx, by;
                chinacrs_from_wgs84(crs, x, y, &fx, &fy);
                /* The offset is real: hundreds of metres, not zero. */
                double offset = geodesy_distance(VI_ELLIPSOID_WGS84, x, y, fx, fy);
                if (offset < 50 || offset > 2000) {
                    printf("FAIL offset at %.2f %.2f: %.1f m\n", x, y, offset);
                    failures++;
                }
                chinacrs_to_wgs84(crs, fx, fy, &bx, &by);
                double d = geodesy_distance(VI_ELLIPSOID_WGS84, x, y, bx, by);
                if (d > worst[crs - 1])
                    worst[crs - 1] = d;
                if (d > 0.5) {
                    printf("FAIL round trip %s at %.2f %.2f: %.3f m\n",
                           crs == VI_CHINA_GCJ02 ? "gcj02" : "bd09", x, y, d);
                    failures++;
                }
            }
            points++;
        }
    printf("%d grid points: worst round trip %.2g m (GCJ-02), %.2g m (BD-09)\n", points, worst[0],
           worst[1]);
    if (chinacrs_parse("GCJ02") != VI_CHINA_GCJ02 || chinacrs_parse("bd-09") != VI_CHINA_BD09 ||
        chinacrs_parse("EPSG:4326") != VI_CHINA_NONE) {
        printf("FAIL chinacrs_parse\n");
        failures++;
    }
    check_zones();
    check_datums();
    return failures ? 1 : 0;
}
