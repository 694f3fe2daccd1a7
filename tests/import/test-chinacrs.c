/*
 * test-chinacrs.c - GCJ-02 and BD-09: the forward formulas against values
 * published with two widely used implementations, and the iterated inverses
 * to better than 0.5 m over a grid covering Shaanxi.
 */
#include "chinacrs.h"
#include "geodesy.h"

#include <math.h>
#include <stdio.h>

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
    return failures ? 1 : 0;
}
