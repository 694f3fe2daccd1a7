/*
 * kml-description.c - key/value tables in KML descriptions read as fields
 * (kml-description.h).
 */
#include "kml-description.h"

#include <string.h>

/* A regular expression compiled once (they are constants of this file). */
static GRegex *pattern(GRegex **re, const char *text)
{
    if (!*re)
        *re = g_regex_new(text, G_REGEX_CASELESS | G_REGEX_DOTALL, 0, NULL);
    return *re;
}

/* The text of an HTML fragment: tags removed (<br> and <p> as spaces),
 * the common entities decoded, runs of white space made one space, trimmed
 * (caller frees). */
static char *html_text(const char *html)
{
    static GRegex *breaks, *tags, *numeric;
    char *a = g_regex_replace_literal(pattern(&breaks, "<(?:br|p|div)\\b[^>]*>"), html, -1, 0, " ",
                                      0, NULL);
    char *b = g_regex_replace_literal(pattern(&tags, "<[^>]*>"), a, -1, 0, "", 0, NULL);
    g_free(a);
    static const char *const named[][2] = {{"&nbsp;", " "},  {"&lt;", "<"},  {"&gt;", ">"},
                                           {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}};
    GString *s = g_string_new(b);
    g_free(b);
    for (size_t i = 0; i < G_N_ELEMENTS(named); i++)
        g_string_replace(s, named[i][0], named[i][1], 0);
    /* Numeric entities (&#20013; &#x4E2D;), then &amp; last so that
     * "&amp;lt;" stays "&lt;". */
    GMatchInfo *mi = NULL;
    GString *out = g_string_new(NULL);
    const char *at = s->str;
    if (g_regex_match(pattern(&numeric, "&#(x[0-9a-f]+|[0-9]+);"), s->str, 0, &mi)) {
        do {
            int start, end;
            g_match_info_fetch_pos(mi, 0, &start, &end);
            char *num = g_match_info_fetch(mi, 1);
            gunichar c =
                (gunichar)(num[0] == 'x' || num[0] == 'X' ? g_ascii_strtoull(num + 1, NULL, 16)
                                                          : g_ascii_strtoull(num, NULL, 10));
            g_free(num);
            g_string_append_len(out, at, s->str + start - at);
            if (g_unichar_validate(c) && c != 0)
                g_string_append_unichar(out, c);
            at = s->str + end;
        } while (g_match_info_next(mi, NULL));
    }
    g_match_info_free(mi);
    g_string_append(out, at);
    g_string_free(s, TRUE);
    g_string_replace(out, "&amp;", "&", 0);
    /* White space tidied, including the no-break spaces &nbsp; gave. */
    GString *tidy = g_string_new(NULL);
    gboolean space = FALSE;
    for (const char *p = out->str; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || c == 0xa0 || c == 0x3000) {
            space = tidy->len > 0;
            continue;
        }
        if (space)
            g_string_append_c(tidy, ' ');
        space = FALSE;
        g_string_append_unichar(tidy, c);
    }
    g_string_free(out, TRUE);
    return g_string_free(tidy, FALSE);
}

/* Rows with no row inside them: the innermost rows of nested tables
 * (ArcGIS nests the attribute table in a cell of a title table). */
#define ROW "<tr\\b[^>]*>((?:(?!<tr\\b).)*?)(?:</tr\\s*>|(?=<tr\\b)|(?=</table)|$)"
#define CELL "<t[dh]\\b[^>]*>((?:(?!<t[dh]\\b|</tr).)*?)(?:</t[dh]\\s*>|(?=<t[dh]\\b)|$)"

/* The key/value pairs of HTML; *RESIDUE (when not NULL) receives whether
 * text lies outside them (a title, a note). */
static char **pairs_of(const char *html, gboolean *residue)
{
    static GRegex *row_re, *cell_re;
    GPtrArray *out = g_ptr_array_new();
    GString *rest = g_string_new(NULL);
    GMatchInfo *rows = NULL;
    const char *at = html;
    if (g_regex_match(pattern(&row_re, ROW), html, 0, &rows)) {
        do {
            int start, end;
            g_match_info_fetch_pos(rows, 0, &start, &end);
            char *row = g_match_info_fetch(rows, 1);
            GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
            GMatchInfo *mi = NULL;
            if (g_regex_match(pattern(&cell_re, CELL), row, 0, &mi)) {
                do {
                    char *cell = g_match_info_fetch(mi, 1);
                    g_ptr_array_add(cells, html_text(cell));
                    g_free(cell);
                } while (g_match_info_next(mi, NULL));
            }
            g_match_info_free(mi);
            g_free(row);
            char *key = cells->len == 2 ? cells->pdata[0] : NULL;
            if (key) {
                size_t n = strlen(key);
                if (n && key[n - 1] == ':')
                    key[n - 1] = '\0';
                else if (g_str_has_suffix(key, "："))
                    key[n - strlen("：")] = '\0';
                g_strchomp(key);
            }
            g_string_append_len(rest, at, html + start - at);
            if (key && *key) {
                g_ptr_array_add(out, g_strdup(key));
                g_ptr_array_add(out, g_strdup(cells->pdata[1]));
            } else {
                g_string_append_len(rest, html + start, end - start);
            }
            at = html + end;
            g_ptr_array_free(cells, TRUE);
        } while (g_match_info_next(rows, NULL));
    }
    g_match_info_free(rows);
    g_string_append(rest, at);
    if (residue) {
        char *text = html_text(rest->str);
        *residue = text[0] != '\0';
        g_free(text);
    }
    g_string_free(rest, TRUE);
    if (out->len == 0) {
        g_ptr_array_free(out, TRUE);
        return NULL;
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

char **kml_description_pairs(const char *html)
{
    return html ? pairs_of(html, NULL) : NULL;
}

/* The description of F (field DESC), or NULL when it has none. */
static const char *description_of(OGRFeatureH f, int desc)
{
    const char *d = OGR_F_IsFieldSetAndNotNull(f, desc) ? OGR_F_GetFieldAsString(f, desc) : NULL;
    while (d && g_ascii_isspace(*d))
        d++;
    return d && *d ? d : NULL;
}

OGRLayerH kml_description_fields(OGRLayerH layer, GDALDatasetH *mem)
{
    *mem = NULL;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int desc = OGR_FD_GetFieldIndex(defn, "description");
    if (desc < 0)
        return layer;
    /* First pass: the keys, in the order they first come. */
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    GHashTable *column = g_hash_table_new(g_str_hash, g_str_equal); /* key -> field + 1 */
    gboolean all_tables = TRUE;
    OGRFeatureH f;
    OGR_L_ResetReading(layer);
    while ((f = OGR_L_GetNextFeature(layer))) {
        const char *d = description_of(f, desc);
        gboolean residue = FALSE;
        char **pairs = d ? pairs_of(d, &residue) : NULL;
        all_tables = all_tables && (!d || (pairs && !residue));
        for (int i = 0; pairs && pairs[i]; i += 2)
            if (!g_hash_table_contains(column, pairs[i])) {
                g_ptr_array_add(keys, g_strdup(pairs[i]));
                g_hash_table_insert(column, keys->pdata[keys->len - 1], NULL);
            }
        g_strfreev(pairs);
        OGR_F_Destroy(f);
    }
    OGR_L_ResetReading(layer);
    if (keys->len == 0) {
        g_hash_table_destroy(column);
        g_ptr_array_free(keys, TRUE);
        return layer;
    }
    /* The copy: LAYER's fields, less the description when the tables hold
     * all of it, then a text field per key. */
    GDALDriverH drv = GDALGetDriverByName("Memory");
    *mem = GDALCreate(drv, "", 0, 0, 0, GDT_Unknown, NULL);
    OGRLayerH out = GDALDatasetCreateLayer(*mem, OGR_L_GetName(layer), OGR_L_GetSpatialRef(layer),
                                           OGR_L_GetGeomType(layer), NULL);
    int nfields = OGR_FD_GetFieldCount(defn);
    int *map = g_new(int, nfields);
    int next = 0;
    for (int i = 0; i < nfields; i++) {
        map[i] = -1;
        if (i == desc && all_tables)
            continue;
        if (OGR_L_CreateField(out, OGR_FD_GetFieldDefn(defn, i), TRUE) == OGRERR_NONE)
            map[i] = next++;
    }
    for (guint k = 0; k < keys->len; k++) {
        const char *key = keys->pdata[k];
        char *name = OGR_FD_GetFieldIndex(defn, key) >= 0 ? g_strdup_printf("%s (description)", key)
                                                          : g_strdup(key);
        OGRFieldDefnH fd = OGR_Fld_Create(name, OFTString);
        if (OGR_L_CreateField(out, fd, TRUE) == OGRERR_NONE)
            g_hash_table_insert(column, (gpointer)key, GINT_TO_POINTER(next++ + 1));
        OGR_Fld_Destroy(fd);
        g_free(name);
    }
    OGRFeatureDefnH out_defn = OGR_L_GetLayerDefn(out);
    gboolean copied = TRUE;
    while (copied && (f = OGR_L_GetNextFeature(layer))) {
        OGRFeatureH copy = OGR_F_Create(out_defn);
        OGR_F_SetFromWithMap(copy, f, TRUE, map);
        OGR_F_SetFID(copy, OGR_F_GetFID(f));
        const char *d = description_of(f, desc);
        char **pairs = d ? pairs_of(d, NULL) : NULL;
        for (int i = 0; pairs && pairs[i]; i += 2) {
            int to = GPOINTER_TO_INT(g_hash_table_lookup(column, pairs[i])) - 1;
            /* A key twice in one table: the first row holds its value. */
            if (to >= 0 && *pairs[i + 1] && !OGR_F_IsFieldSetAndNotNull(copy, to))
                OGR_F_SetFieldString(copy, to, pairs[i + 1]);
        }
        g_strfreev(pairs);
        copied = OGR_L_CreateFeature(out, copy) == OGRERR_NONE;
        OGR_F_Destroy(copy);
        OGR_F_Destroy(f);
    }
    OGR_L_ResetReading(layer);
    g_free(map);
    g_hash_table_destroy(column);
    g_ptr_array_free(keys, TRUE);
    if (!copied) { /* the source as it is: its descriptions listed as not matched */
        GDALClose(*mem);
        *mem = NULL;
        return layer;
    }
    return out;
}
