/*
 * fuzz-spblob.c - the reader of SpatiaLite geometry blobs (spblob.c) on any
 * bytes, as a damaged database would hand it: it accepts or refuses, never
 * reads past the blob, and what it accepts converts to WKB that it then
 * reads back the same way (the point of a POINT blob equals its WKB's).
 */
#include "fuzz.h"
#include "spblob.h"

#include <math.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so that reading one byte past it is caught. */
    unsigned char *blob = g_memdup2(data, size);
    double x, y;
    gboolean is_point = spblob_point(blob, size, &x, &y);
    GByteArray *wkb = g_byte_array_new();
    gboolean ok = spblob_to_wkb(blob, size, wkb);
    if (!ok && wkb->len != 0)
        fuzz_fail("spblob_to_wkb refused the blob but wrote %u bytes", wkb->len);
    if (is_point && !ok)
        fuzz_fail("a POINT blob spblob_to_wkb refuses");
    if (is_point && ok) {
        double wx, wy;
        if (wkb->len != 21)
            fuzz_fail("a POINT blob gave %u bytes of WKB", wkb->len);
        memcpy(&wx, wkb->data + 5, sizeof wx);
        memcpy(&wy, wkb->data + 13, sizeof wy);
        if (memcmp(&wx, &x, sizeof x) != 0 || memcmp(&wy, &y, sizeof y) != 0)
            fuzz_fail("the point %g %g became %g %g in WKB", x, y, wx, wy);
    }
    g_byte_array_free(wkb, TRUE);
    g_free(blob);
    return 0;
}
