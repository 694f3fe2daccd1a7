/*
 * fuzz-cli.c - the command-line number parsing of our own (cli.c):
 * cli_parse_metres() on any text.  What it accepts is a finite distance
 * above 0 that reads back the same from its own digits; text with anything
 * but decimal digits, a point, an exponent or signs is refused.
 */
#include "cli.h"
#include "fuzz.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size);
    double v = -1;
    if (cli_parse_metres(text, &v)) {
        if (!(isfinite(v) && v > 0))
            fuzz_fail("\"%s\" accepted as %g metres", text, v);
        if (text[strspn(text, "0123456789.eE+-")])
            fuzz_fail("\"%s\" accepted with other characters", text);
        if (g_ascii_strtod(text, NULL) != v)
            fuzz_fail("\"%s\" read as %.17g", text, v);
    } else if (v != -1) {
        fuzz_fail("\"%s\" refused but *out changed", text);
    }
    g_free(text);
    return 0;
}
