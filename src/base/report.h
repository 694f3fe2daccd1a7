/*
 * report.h - the output layer every reporting command shares (stats,
 * coverage, gaps, plan): a report is a title and a list of tables, rendered
 * as aligned plain text for a terminal, CSV for a spreadsheet or Markdown for
 * a document; plus a small streaming JSON writer for --format json.
 *
 * A command builds the model, renders it into a GString and prints that:
 *
 *     vi_report *r = report_new("统计");
 *     vi_table *t = report_add_table(r, "道路", 3, (const char *[]){"村", "条", "公里"});
 *     report_row(t);
 *     report_text(t, "双龙村"); report_int(t, 4); report_number(t, 3.21, 2);
 *     report_total_row(t);            // bold in Markdown, ruled off in text
 *     report_text(t, "合计"); ...
 *     GString *out = g_string_new(NULL);
 *     report_render(r, VI_FORMAT_TABLE, out);
 *     fputs(out->str, stdout);
 *
 * Text width counts East Asian wide characters as two columns, so Chinese
 * labels line up in a terminal.  Library code: nothing here prints.
 */
#ifndef VINFRA_REPORT_H
#define VINFRA_REPORT_H

#include "lang.h"
#include <glib.h>
#include <stdio.h>

typedef struct vi_report vi_report;
typedef struct vi_table vi_table;

/* A report with a title (may be NULL); free with report_free(). */
vi_report *report_new(const char *title);
/* Free the report and all its tables.  Accepts NULL. */
void report_free(vi_report *r);
/* A note printed under the title (text, Markdown) or as a comment row
 * (CSV), e.g. "lengths are geodesic on CGCS2000".  Copied. */
void report_add_note(vi_report *r, const char *note);

/* Append a table of NCOLS columns with the given headers (copied).  The
 * table belongs to the report. */
vi_table *report_add_table(vi_report *r, const char *title, int ncols, const char *const *headers);

/* In text and Markdown, leave the first NCOLS cells of a row blank where
 * they repeat the row above (a village name over its rows); CSV keeps them,
 * so every CSV row stands alone. */
void report_table_group(vi_table *t, int ncols);

/* Start a new row; the following cells fill it left to right.  Cells not
 * given before the next row are left empty. */
void report_row(vi_table *t);
/* Like report_row(), but the row is the total: ruled off in text, bold in Markdown. */
void report_total_row(vi_table *t);
/* Cells.  Text is copied; NULL gives an empty cell.  Numbers are right-aligned
 * and printed with DECIMALS digits after the point (no grouping, '.' as point). */
void report_text(vi_table *t, const char *text);
void report_number(vi_table *t, double value, int decimals);
void report_int(vi_table *t, gint64 value);
void report_empty(vi_table *t);
/* Number of data rows so far (total rows included). */
int report_table_rows(const vi_table *t);

/* Append the report to OUT in FORMAT: VI_FORMAT_TABLE, VI_FORMAT_CSV or
 * VI_FORMAT_MD (others render as TABLE). */
void report_render(const vi_report *r, vi_format format, GString *out);

/* Terminal columns TEXT (UTF-8) takes: wide (CJK) characters count 2,
 * zero-width (combining) characters 0. */
int report_display_width(const char *text);

/*
 * The JSON writer.  Calls mirror the document; the writer inserts commas,
 * colons and two-space indentation, and escapes strings.  Inside an object
 * every value is preceded by json_key().  Numbers: integral values print as
 * integers, others with at most 3 decimals (trailing zeros dropped); NaN and
 * infinities print as null.
 *
 *     vi_json *j = json_new(out, NULL);
 *     json_begin_object(j);
 *     json_key(j, "name"); json_string(j, "双龙村");
 *     json_key(j, "length_m"); json_number(j, 1234.5678);   // 1234.568
 *     json_end_object(j);
 *     json_free(j);                                          // adds the final newline
 */
typedef struct vi_json vi_json;

/* Write to the GString OUT when it is not NULL, else to the FILE FP. */
vi_json *json_new(GString *out, FILE *fp);
/* Finish the document with a newline and free the writer.  Accepts NULL. */
void json_free(vi_json *j);
void json_begin_object(vi_json *j);
void json_end_object(vi_json *j);
void json_begin_array(vi_json *j);
void json_end_array(vi_json *j);
void json_key(vi_json *j, const char *key);
void json_string(vi_json *j, const char *s); /* NULL writes null */
void json_int(vi_json *j, gint64 v);
void json_number(vi_json *j, double v);
void json_bool(vi_json *j, gboolean v);
void json_null(vi_json *j);

#endif

/* coverage */
/* A longitude or latitude in degrees with 7 decimals (1 cm), trailing zeros
 * dropped: json_number()'s 3 decimals would move a point by 100 m. */
void json_degrees(vi_json *j, double degrees);
