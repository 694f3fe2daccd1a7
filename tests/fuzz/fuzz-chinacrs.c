/*
 * fuzz-chinacrs.c - GCJ-02 and BD-09 (chinacrs.c) at any position: the
 * input's first 16 bytes are a longitude and a latitude (raw doubles, so
 * NaN, infinities and huge values come up), the rest a CRS name for
 * chinacrs_parse().  Finite positions give finite results, and well inside
 * China every transform is undone by its inverse to 1e-8 degrees (1 mm).
 */
#include "chinacrs.h"
#include "fuzz.h"

#include <math.h>
#include <string.h>

static void check_round_trip(vi_china_crs crs, double lon, double lat)
{
    double x, y, bx, by;
    chinacrs_from_wgs84(crs, lon, lat, &x, &y);
    if (isfinite(lon) && isfinite(lat) && (!isfinite(x) || !isfinite(y)))
        fuzz_fail("crs %d: %.17g %.17g gives %.17g %.17g", crs, lon, lat, x, y);
    chinacrs_to_wgs84(crs, x, y, &bx, &by);
    if (isfinite(x) && isfinite(y) && (!isfinite(bx) || !isfinite(by)))
        fuzz_fail("crs %d: the inverse of %.17g %.17g gives %.17g %.17g", crs, x, y, bx, by);
    /* Near the edge of China's box the forward map jumps (the offset stops
     * there), and so has no inverse; well inside it has. */
    gboolean inside = lon > 73.5 && lon < 135 && lat > 3 && lat < 53;
    if (inside && (fabs(bx - lon) > 1e-8 || fabs(by - lat) > 1e-8))
        fuzz_fail("crs %d: %.17g %.17g comes back as %.17g %.17g", crs, lon, lat, bx, by);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 * sizeof(double))
        return 0;
    double lon, lat;
    memcpy(&lon, data, sizeof lon);
    memcpy(&lat, data + sizeof lon, sizeof lat);
    check_round_trip(VI_CHINA_GCJ02, lon, lat);
    check_round_trip(VI_CHINA_BD09, lon, lat);
    check_round_trip(VI_CHINA_NONE, lon, lat);
    /* The same bytes scaled into China, where the offsets apply. */
    if (isfinite(lon) && isfinite(lat)) {
        double in_lon = 73.6 + fmod(fabs(lon), 61.3), in_lat = 3.1 + fmod(fabs(lat), 49.8);
        check_round_trip(VI_CHINA_GCJ02, in_lon, in_lat);
        check_round_trip(VI_CHINA_BD09, in_lon, in_lat);
    }
    chinacrs_out_of_china(lon, lat);
    char *name = fuzz_string(data + 2 * sizeof(double), size - 2 * sizeof(double));
    vi_china_crs crs = chinacrs_parse(name);
    if (crs != VI_CHINA_NONE && g_ascii_strncasecmp(name, crs == VI_CHINA_GCJ02 ? "gcj" : "bd", 2))
        fuzz_fail("\"%s\" parsed as crs %d", name, crs);
    g_free(name);
    return 0;
}
