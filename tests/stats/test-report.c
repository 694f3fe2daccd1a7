/*
 * test-report.c - the report output layer: display width of Chinese text,
 * aligned text tables, CSV quoting, Markdown tables and the JSON writer.
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

static int failures;

static void check_str(const char *what, const char *expected, const char *actual)
{
    if (strcmp(expected, actual) != 0) {
        fprintf(stderr, "FAIL %s:\n--- expected:\n%s\n--- got:\n%s\n", what, expected, actual);
        failures++;
    }
}

static void check_int(const char *what, int expected, int actual)
{
    if (expected != actual) {
        fprintf(stderr, "FAIL %s: expected %d, got %d\n", what, expected, actual);
        failures++;
    }
}

static vi_report *sample(void)
{
    vi_report *r = report_new("统计 stats");
    vi_table *t = report_add_table(r, "道路", 3, (const char *[]){"村", "条数", "长度(公里)"});
    report_row(t);
    report_text(t, "双龙村");
    report_int(t, 4);
    report_number(t, 3.14159, 2);
    report_row(t);
    report_text(t, "a,\"b\"");
    report_int(t, 12);
    report_number(t, -0.001, 1);
    report_total_row(t);
    report_text(t, "合计|x");
    report_int(t, 16);
    /* third cell left empty */
    return r;
}

static void test_width(void)
{
    check_int("ascii width", 5, report_display_width("hello"));
    check_int("cjk width", 6, report_display_width("双龙村"));
    check_int("mixed width", 7, report_display_width("村a委会"));
    /* e + combining acute accent: one column */
    check_int("combining width", 1, report_display_width("e\xcc\x81"));
    check_int("null width", 0, report_display_width(NULL));
}

static void test_text(void)
{
    vi_report *r = sample();
    GString *out = g_string_new(NULL);
    report_render(r, VI_FORMAT_TABLE, out);
    check_str("text table",
              "统计 stats\n"
              "==========\n"
              "\n"
              "道路\n"
              "村      条数  长度(公里)\n"
              "------------------------\n"
              "双龙村     4        3.14\n"
              "a,\"b\"     12         0.0\n"
              "------------------------\n"
              "合计|x    16\n",
              out->str);
    g_string_free(out, TRUE);
    report_free(r);
}

static void test_csv(void)
{
    vi_report *r = sample();
    GString *out = g_string_new(NULL);
    report_render(r, VI_FORMAT_CSV, out);
    check_str("csv",
              "道路\n"
              "村,条数,长度(公里)\n"
              "双龙村,4,3.14\n"
              "\"a,\"\"b\"\"\",12,0.0\n"
              "合计|x,16,\n",
              out->str);
    g_string_free(out, TRUE);
    report_free(r);
}

/* Text cells a spreadsheet would run as a formula get a ' before them (a
 * quote too, so the rule can be undone); numbers, negative ones included,
 * stay as they are. */
static void test_csv_formulas(void)
{
    vi_report *r = report_new(NULL);
    vi_table *t = report_add_table(r, NULL, 2, (const char *[]){"name", "value"});
    const char *names[] = {"=HYPERLINK(\"http://x\",\"y\")",
                           "+86 139",
                           "-1+2",
                           "@SUM(A1)",
                           "\tx",
                           "'quoted",
                           "a=b",
                           "—"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        report_row(t);
        report_text(t, names[i]);
        report_number(t, -12.5, 1);
    }
    GString *out = g_string_new(NULL);
    report_render(r, VI_FORMAT_CSV, out);
    check_str("csv formulas",
              "name,value\n"
              "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-12.5\n"
              "'+86 139,-12.5\n"
              "'-1+2,-12.5\n"
              "'@SUM(A1),-12.5\n"
              "'\tx,-12.5\n"
              "''quoted,-12.5\n"
              "a=b,-12.5\n"
              "—,-12.5\n",
              out->str);
    g_string_free(out, TRUE);
    report_free(r);
}

static void test_md(void)
{
    vi_report *r = sample();
    report_add_note(r, "note");
    GString *out = g_string_new(NULL);
    report_render(r, VI_FORMAT_MD, out);
    check_str("markdown",
              "## 统计 stats\n\n"
              "note\n"
              "\n"
              "### 道路\n\n"
              "| 村 | 条数 | 长度(公里) |\n"
              "|---|---:|---:|\n"
              "| 双龙村 | 4 | 3.14 |\n"
              "| a,\"b\" | 12 | 0.0 |\n"
              "| **合计\\|x** | **16** |  |\n",
              out->str);
    g_string_free(out, TRUE);
    report_free(r);
}

static void test_json(void)
{
    GString *out = g_string_new(NULL);
    vi_json *j = json_new(out, NULL);
    json_begin_object(j);
    json_key(j, "name");
    json_string(j, "双龙\"村\"\\\n\x01");
    json_key(j, "n");
    json_number(j, 7000);
    json_key(j, "len");
    json_number(j, 1234.56789);
    json_key(j, "half");
    json_number(j, 2.5);
    json_key(j, "tiny");
    json_number(j, -0.0001);
    json_key(j, "big");
    json_int(j, 12345678901234LL);
    json_key(j, "empty");
    json_begin_object(j);
    json_end_object(j);
    json_key(j, "list");
    json_begin_array(j);
    json_bool(j, TRUE);
    json_bool(j, FALSE);
    json_null(j);
    json_number(j, 0.0 / 0.0);
    json_begin_array(j);
    json_end_array(j);
    json_end_array(j);
    json_end_object(j);
    json_free(j);
    check_str("json",
              "{\n"
              "  \"name\": \"双龙\\\"村\\\"\\\\\\n\\u0001\",\n"
              "  \"n\": 7000,\n"
              "  \"len\": 1234.568,\n"
              "  \"half\": 2.5,\n"
              "  \"tiny\": 0,\n"
              "  \"big\": 12345678901234,\n"
              "  \"empty\": {},\n"
              "  \"list\": [\n"
              "    true,\n"
              "    false,\n"
              "    null,\n"
              "    null,\n"
              "    []\n"
              "  ]\n"
              "}\n",
              out->str);
    g_string_free(out, TRUE);
}

static void test_group(void)
{
    vi_report *r = report_new(NULL);
    vi_table *t = report_add_table(r, NULL, 3, (const char *[]){"村", "状态", "数"});
    report_table_group(t, 2);
    const char *rows[][2] = {{"甲", "新"}, {"甲", "新"}, {"甲", "旧"}, {"乙", "旧"}};
    for (int i = 0; i < 4; i++) {
        report_row(t);
        report_text(t, rows[i][0]);
        report_text(t, rows[i][1]);
        report_int(t, i);
    }
    GString *out = g_string_new(NULL);
    report_render(r, VI_FORMAT_TABLE, out);
    check_str("grouped text",
              "村  状态  数\n"
              "------------\n"
              "甲  新     0\n"
              "           1\n"
              "    旧     2\n"
              "乙  旧     3\n",
              out->str);
    g_string_truncate(out, 0);
    report_render(r, VI_FORMAT_CSV, out);
    check_str("grouped csv", "村,状态,数\n甲,新,0\n甲,新,1\n甲,旧,2\n乙,旧,3\n", out->str);
    g_string_free(out, TRUE);
    report_free(r);
}

int main(void)
{
    test_group();
    test_width();
    test_text();
    test_csv();
    test_csv_formulas();
    test_md();
    test_json();
    if (failures)
        return 1;
    printf("ok\n");
    return 0;
}
