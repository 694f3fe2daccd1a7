/*
 * test-dms.c - dms.c: every spelling of a longitude or latitude that county
 * spreadsheets use, read to the exact decimal value, and every refusal with
 * its exact reason.
 */
#include "dms.h"
#include "../unit.h"

#include <math.h>
#include <string.h>

static void accepts(const char *text, vi_dms_axis axis, double want)
{
    double got;
    char *why = NULL;
    if (!dms_parse(text, axis, &got, &why))
        FAIL("\"%s\": refused (%s), expected %.9f", text, why, want);
    else if (fabs(got - want) > 1e-9)
        FAIL("\"%s\": got %.12f, expected %.12f", text, got, want);
    g_free(why);
}

static void refuses(const char *text, vi_dms_axis axis, const char *want)
{
    double got;
    char *why = NULL;
    if (dms_parse(text, axis, &got, &why))
        FAIL("\"%s\": accepted as %.9f, expected the refusal \"%s\"", text, got, want);
    else if (strcmp(why, want) != 0)
        FAIL("\"%s\": refused with \"%s\", expected \"%s\"", text, why, want);
    else if (!isnan(got))
        FAIL("\"%s\": refused but the value is %g, not NaN", text, got);
    g_free(why);
}

int main(void)
{
    const double lon = 109 + 16 / 60.0 + 30.5 / 3600.0, lat = 34 + 0 / 60.0 + 30.6 / 3600.0;
    accepts("109.275", VI_DMS_LON, 109.275);
    accepts(" 109.275° ", VI_DMS_LON, 109.275);
    accepts("-109.5", VI_DMS_LON, -109.5);
    accepts("109°16'30.5\"", VI_DMS_LON, lon);
    accepts("109°16′30.5″E", VI_DMS_LON, lon);
    accepts("109°16′30.5″ E", VI_DMS_LON, lon);
    accepts("E109°16'30.5\"", VI_DMS_LON, lon);
    accepts("E 109°16'30.5\"", VI_DMS_LON, lon);
    accepts("109度16分30.5秒", VI_DMS_LON, lon);
    accepts("东经109度16分30.5秒", VI_DMS_LON, lon);
    accepts("109:16:30.5", VI_DMS_LON, lon);
    accepts("109：16：30.5", VI_DMS_LON, lon);
    accepts("109 16 30.5", VI_DMS_LON, lon);
    accepts("109° 16' 30.5\"", VI_DMS_LON, lon);
    accepts("109°16'30.5''", VI_DMS_LON, lon);
    accepts("109º16’30.5”", VI_DMS_LON, lon);
    accepts("１０９°１６′３０．５″", VI_DMS_LON, lon);
    accepts("109°16.5'", VI_DMS_LON, 109 + 16.5 / 60);
    accepts("109°16'", VI_DMS_LON, 109 + 16 / 60.0);
    accepts("109°16'30", VI_DMS_LON, 109 + 16 / 60.0 + 30 / 3600.0);
    accepts("34°0'30.6\"N", VI_DMS_LAT, lat);
    accepts("109 deg 16' 30.50\" E", VI_DMS_LON, lon);
    accepts("34 deg 0' 30.60\" N", VI_DMS_LAT, lat);
    accepts("109deg16'30.5\"", VI_DMS_LON, lon);
    accepts("N34°0'30.6\"", VI_DMS_LAT, lat);
    accepts("北纬34度0分30.6秒", VI_DMS_LAT, lat);
    accepts("34°0'30.6\"S", VI_DMS_LAT, -lat);
    accepts("109°16'30.5\"W", VI_DMS_LON, -lon);

    refuses("109°76'30\"", VI_DMS_LON, "the minutes (76) must be below 60");
    refuses("109°16'60\"", VI_DMS_LON, "the seconds (60) must be below 60");
    refuses("109.5°16'", VI_DMS_LON, "decimals in the degrees (109.5) though minutes follow");
    refuses("109,275", VI_DMS_LON, "a decimal comma (write the number with a point)");
    refuses("109.2x", VI_DMS_LON, "\"x\" after the number 109.2");
    refuses("34°0'30\"N", VI_DMS_LON, "N names a latitude, not a longitude");
    refuses("E109°", VI_DMS_LAT, "E names a longitude, not a latitude");
    refuses("E109°16'W", VI_DMS_LON, "two hemispheres (E and W)");
    refuses("-E109", VI_DMS_LON, "both a sign and a hemisphere (E)");
    refuses("190°", VI_DMS_LON, "190 degrees, beyond 180");
    refuses("91.5", VI_DMS_LAT, "91.5 degrees, beyond 90");
    refuses("16'30\"", VI_DMS_LON, "minutes without degrees");
    refuses("109\"16'", VI_DMS_LON, "minutes after seconds");
    refuses("1 2 3 4", VI_DMS_LON, "more than three numbers (degrees, minutes, seconds) at \"4\"");
    refuses("", VI_DMS_LON, "no number");
    refuses("nan", VI_DMS_LON, "\"n\" where a number was expected");
    refuses("109d", VI_DMS_LON, "\"d\" after the number 109");
    refuses("109 degrees", VI_DMS_LON, "\"d\" after the number 109");
    refuses("109::16", VI_DMS_LON, "\":\" where a number was expected");
    return unit_result();
}
