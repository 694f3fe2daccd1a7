/*
 * test-kml-description.c - key/value tables in KML descriptions
 * (kml-description.h): the HTML Ovi, Google Earth and ArcGIS write, read as
 * exact pairs; what is not such a table gives none.
 */
#include "kml-description.h"

#include <stdio.h>
#include <string.h>

static int failures;

/* HTML must give exactly the pairs WANT ("k1=v1|k2=v2"; "" for none). */
static void expect_pairs(const char *what, const char *html, const char *want)
{
    char **pairs = kml_description_pairs(html);
    GString *got = g_string_new(NULL);
    for (int i = 0; pairs && pairs[i]; i += 2)
        g_string_append_printf(got, "%s%s=%s", i ? "|" : "", pairs[i], pairs[i + 1]);
    if (strcmp(got->str, want) != 0) {
        printf("FAIL %s: got \"%s\", expected \"%s\"\n", what, got->str, want);
        failures++;
    }
    if (!*want && pairs) {
        printf("FAIL %s: expected NULL for no pairs\n", what);
        failures++;
    }
    g_string_free(got, TRUE);
    g_strfreev(pairs);
}

int main(void)
{
    /* Ovi (奥维): a plain two-column table, Chinese keys, a colon after some. */
    expect_pairs("ovi",
                 "<table border=\"1\"><tr><td>名称：</td><td>路灯1</td></tr>"
                 "<tr><td>状态:</td><td> 已建 </td></tr><tr><td>功率</td><td>60</td></tr></table>",
                 "名称=路灯1|状态=已建|功率=60");
    /* Google Earth: header cells, entities, <br> and an empty value. */
    expect_pairs("google earth",
                 "<html><body><table><tr><th>备注</th><td>三组&amp;四组<br>&#20849;用&nbsp;</td>"
                 "</tr><tr><th>year</th><td></td></tr></table></body></html>",
                 "备注=三组&四组 共用|year=");
    /* ArcGIS "Layer to KML": the attribute table nested in a title table,
     * whose one-cell title row is no pair. */
    expect_pairs("arcgis",
                 "<table><tr><td colspan=\"2\">water_tanks</td></tr><tr><td><table>"
                 "<tr bgcolor=\"#E3E3F3\"><th>CAPACITY</th><td>50.5</td></tr>"
                 "<tr><th>STATUS</th><td>built</td></tr></table></td></tr></table>",
                 "CAPACITY=50.5|STATUS=built");
    /* Rows left open, as hand-written HTML does. */
    expect_pairs("unclosed", "<table><tr><td>容量<td>30<tr><td>状态<td>existing</table>",
                 "容量=30|状态=existing");
    /* Not tables of pairs: plain text, three columns, a row without a key. */
    expect_pairs("plain", "太阳能，南侧", "");
    expect_pairs("three columns", "<table><tr><td>a</td><td>b</td><td>c</td></tr></table>", "");
    expect_pairs("no key", "<table><tr><td></td><td>b</td></tr></table>", "");
    expect_pairs("NULL", NULL, "");
    if (failures)
        printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
