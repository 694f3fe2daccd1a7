/*
 * gdal-guard.c - the limits vinfra puts on GDAL while reading a user's
 * file (gdal-guard.h).
 */
/* VSIStatBufL is struct stat64 on glibc. */
#define _LARGEFILE64_SOURCE 1
#include "i18n.h"
#include "gdal-guard.h"
#include "vi-error.h"

#include <inttypes.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

const char *const vi_gdal_drivers[] = {
    "GeoJSON", "GeoJSONSeq", "ESRI Shapefile", "GPKG", "KML", "LIBKML",
    "GPX",     "CSV",        "XLSX",           "ODS",  NULL};

typedef struct {
    CPLErr level;
    char *text;
} gdal_message;

struct vi_gdal_guard {
    GArray *messages; /* gdal_message */
};

/* Import reads on one thread; the messages are that thread's. */
static _Thread_local vi_gdal_guard *current;

/* Warnings GDAL gives when it changed data instead of keeping it. */
static gboolean alters_data(const char *text)
{
    char *lower = g_ascii_strdown(text, -1);
    gboolean alters = strstr(lower, "truncat") || strstr(lower, "launder") ||
                      strstr(lower, "not successfully written");
    g_free(lower);
    return alters;
}

static void CPL_STDCALL collect(CPLErr level, CPLErrorNum num, const char *text)
{
    (void)num;
    vi_gdal_guard *guard = CPLGetErrorHandlerUserData();
    if (!guard || level < CE_Warning || !text)
        return;
    gdal_message m = {level, g_strdup(text)};
    g_array_append_val(guard->messages, m);
}

static void message_clear(gpointer p)
{
    g_free(((gdal_message *)p)->text);
}

vi_gdal_guard *gdal_guard_begin(void)
{
    /* A file that names a URL, or a driver that follows one, must find the
     * network closed: no extension is allowed to /vsicurl/, and an HTTP
     * request fails at once. */
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".vinfra-no-network");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("GDAL_HTTP_MAX_RETRY", "0");
    /* libkml's field names as the file has them: ExtendedData keys such as
     * 状态 or 容量 would otherwise become "__" and match nothing. */
    CPLSetConfigOption("LIBKML_LAUNDER_FIELD_NAMES", "NO");
    /* A shapefile without its .shx is incomplete: say so, do not guess. */
    CPLSetConfigOption("SHAPE_RESTORE_SHX", "NO");
    vi_gdal_guard *guard = g_new0(vi_gdal_guard, 1);
    guard->messages = g_array_new(FALSE, TRUE, sizeof(gdal_message));
    g_array_set_clear_func(guard->messages, message_clear);
    CPLPushErrorHandlerEx(collect, guard);
    current = guard;
    return guard;
}

void gdal_guard_end(vi_gdal_guard *guard, GPtrArray *warnings)
{
    if (!guard)
        return;
    CPLPopErrorHandler();
    current = NULL;
    for (guint i = 0; warnings && i < guard->messages->len; i++) {
        const gdal_message *m = &g_array_index(guard->messages, gdal_message, i);
        if (m->level == CE_Warning && !alters_data(m->text))
            g_ptr_array_add(warnings, g_strdup_printf(_("GDAL: %s"), m->text));
    }
    g_array_free(guard->messages, TRUE);
    g_free(guard);
}

gboolean gdal_guard_check(GError **err)
{
    if (!current)
        return TRUE;
    GString *bad = g_string_new(NULL);
    for (guint i = 0; i < current->messages->len; i++) {
        const gdal_message *m = &g_array_index(current->messages, gdal_message, i);
        if (m->level == CE_Warning && alters_data(m->text))
            g_string_append_printf(bad, "%s%s", bad->len ? "; " : "", m->text);
    }
    gboolean ok = bad->len == 0;
    if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA, _("GDAL would alter the data: %s"), bad->str);
    g_string_free(bad, TRUE);
    return ok;
}

char *gdal_guard_messages(void)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; current && i < current->messages->len; i++) {
        const gdal_message *m = &g_array_index(current->messages, gdal_message, i);
        if (!strstr(s->str, m->text))
            g_string_append_printf(s, "%s%s", s->len ? "; " : "", m->text);
    }
    if (s->len == 0)
        g_string_append(s, CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : _("unknown reason"));
    return g_string_free(s, FALSE);
}

/* A remote link in KML TEXT that is data: an href (or a KML 2.0 Url's
 * href) of a NetworkLink to a URL, which a viewer fetches to show more
 * features.  A NetworkLink to a file inside the KMZ, as GDAL writes them,
 * is fine; so are the links of presentation, which hold no features and
 * which nothing fetches here: style icons (Ovi and Google Earth put one on
 * every placemark), balloon styles, overlays' images, models, atom links.
 * Comments and CDATA (descriptions full of HTML links) are not looked in.
 * Returns the offending link (caller frees) or NULL. */
static char *kml_remote_link(const char *text)
{
    static GRegex *noise, *netlink, *link;
    if (!noise) {
        noise = g_regex_new("<!--.*?-->|<!\\[CDATA\\[.*?\\]\\]>", G_REGEX_DOTALL, 0, NULL);
        netlink = g_regex_new("<(?:[A-Za-z0-9_]+:)?NetworkLink\\b(?:.*?</(?:[A-Za-z0-9_]+:)?"
                              "NetworkLink\\s*>|.*$)",
                              G_REGEX_DOTALL, 0, NULL);
        link = g_regex_new("<(?:[A-Za-z0-9_]+:)?href>\\s*((?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^<\\s]*)",
                           G_REGEX_CASELESS, 0, NULL);
    }
    if (!noise || !netlink || !link)
        return NULL;
    char *plain = g_regex_replace_literal(noise, text, -1, 0, "", 0, NULL);
    GMatchInfo *blocks = NULL;
    char *found = NULL;
    if (plain && g_regex_match(netlink, plain, 0, &blocks)) {
        do {
            char *block = g_match_info_fetch(blocks, 0);
            GMatchInfo *mi = NULL;
            if (block && g_regex_match(link, block, 0, &mi))
                found = g_match_info_fetch(mi, 1);
            g_match_info_free(mi);
            g_free(block);
        } while (!found && g_match_info_next(blocks, NULL));
    }
    g_match_info_free(blocks);
    g_free(plain);
    return found;
}

/* The KML text of PATH (a KMZ's doc.kml, or every .kml in it). */
static char *read_vsi(const char *vpath)
{
    VSILFILE *f = VSIFOpenL(vpath, "rb");
    if (!f)
        return NULL;
    GString *s = g_string_new(NULL);
    char buf[65536];
    size_t n;
    while ((n = VSIFReadL(buf, 1, sizeof buf, f)) > 0)
        g_string_append_len(s, buf, (gssize)n);
    VSIFCloseL(f);
    return g_string_free(s, FALSE);
}

static gboolean check_kml_text(const char *text, GError **err)
{
    char *link = text ? kml_remote_link(text) : NULL;
    if (!link)
        return TRUE;
    g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                _("it links to remote content (%s): vinfra never fetches it; download what it "
                  "links to and import that file"),
                link);
    g_free(link);
    return FALSE;
}

gboolean gdal_guard_path(const char *path, GError **err)
{
    if (g_str_has_prefix(path, "/vsi") || strstr(path, "://")) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("remote and virtual paths are not read (vinfra never uses the "
                      "network): copy the file to a local disk first"));
        return FALSE;
    }
    const char *dot = strrchr(path, '.');
    if (!dot)
        return TRUE;
    gboolean ok = TRUE;
    if (g_ascii_strcasecmp(dot, ".shp") == 0 && g_file_test(path, G_FILE_TEST_EXISTS)) {
        /* GDAL could rebuild a lost .shx from the .shp (SHAPE_RESTORE_SHX),
         * guessing at records a damaged file may have lost: never. */
        char *base = g_strndup(path, dot - path);
        char *lower = g_strconcat(base, ".shx", NULL), *upper = g_strconcat(base, ".SHX", NULL);
        if (!g_file_test(lower, G_FILE_TEST_EXISTS) && !g_file_test(upper, G_FILE_TEST_EXISTS)) {
            char *name = g_path_get_basename(lower);
            g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                        _("its index file %s is missing: copy it along with the .shp "
                          "(vinfra does not rebuild it)"),
                        name);
            g_free(name);
            ok = FALSE;
        }
        g_free(lower);
        g_free(upper);
        g_free(base);
    } else if (g_ascii_strcasecmp(dot, ".kml") == 0) {
        char *text = NULL;
        if (g_file_get_contents(path, &text, NULL, NULL))
            ok = check_kml_text(text, err);
        g_free(text);
    } else if (g_ascii_strcasecmp(dot, ".kmz") == 0) {
        char *abs = g_canonicalize_filename(path, NULL);
        char *zip = g_strdup_printf("/vsizip/%s", abs);
        char **files = VSIReadDirRecursive(zip);
        for (int i = 0; ok && files && files[i]; i++) {
            if (!g_str_has_suffix(files[i], ".kml") && !g_str_has_suffix(files[i], ".KML"))
                continue;
            char *member = g_strdup_printf("%s/%s", zip, files[i]);
            char *text = read_vsi(member);
            ok = check_kml_text(text, err);
            g_free(text);
            g_free(member);
        }
        CSLDestroy(files);
        g_free(zip);
        g_free(abs);
    }
    return ok;
}

/* ---- zipped files ---- */

static gboolean is_zip(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return FALSE;
    unsigned char magic[4] = {0};
    size_t n = fread(magic, 1, sizeof magic, fp);
    fclose(fp);
    return n == 4 && magic[0] == 'P' && magic[1] == 'K' &&
           ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}

/* Bytes MEMBER (a /vsizip/ path) unpacks to, reading at most LIMIT + 1. */
static gint64 unpacked_size(const char *member, gint64 limit)
{
    VSILFILE *f = VSIFOpenL(member, "rb");
    if (!f)
        return -1;
    static char buf[65536];
    gint64 total = 0;
    size_t n;
    while (total <= limit && (n = VSIFReadL(buf, 1, sizeof buf, f)) > 0)
        total += (gint64)n;
    VSIFCloseL(f);
    return total;
}

/* "3.1 MB" (GLib puts a no-break space before the unit; messages have plain ones). */
static char *size_text(gint64 bytes)
{
    char *text = g_format_size((guint64)bytes);
    char *nbsp = strstr(text, "\u00a0");
    if (nbsp) {
        *nbsp = ' ';
        memmove(nbsp + 1, nbsp + 2, strlen(nbsp + 2) + 1);
    }
    return text;
}

static void refuse_size(GError **err, const char *member, gint64 size, gint64 max_bytes)
{
    char *got = size_text(size), *cap = size_text(max_bytes);
    if (member)
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("its member %s unpacks to %s, more than the %s vinfra unpacks from a zipped "
                      "file (if the file is genuine, raise the limit with --max-unzipped-mb "
                      "%" PRId64 ")"),
                    member, got, cap, size / 1000000 + 1);
    else
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    _("its members unpack to %s in all, more than the %s vinfra unpacks from a "
                      "zipped file (if the file is genuine, raise the limit with "
                      "--max-unzipped-mb %" PRId64 ")"),
                    got, cap, size / 1000000 + 1);
    g_free(got);
    g_free(cap);
}

gboolean gdal_guard_unzipped(const char *path, gint64 max_bytes, GError **err)
{
    if (!is_zip(path))
        return TRUE;
    char *abs = g_canonicalize_filename(path, NULL);
    char *zip = g_strdup_printf("/vsizip/%s", abs);
    char **files = VSIReadDirRecursive(zip);
    GPtrArray *members = g_ptr_array_new_with_free_func(g_free);
    GArray *declared = g_array_new(FALSE, FALSE, sizeof(gint64));
    gboolean ok = TRUE;
    /* First what the zip's directory declares, without unpacking. */
    gint64 total = 0;
    for (int i = 0; ok && files && files[i]; i++) {
        char *member = g_strdup_printf("%s/%s", zip, files[i]);
        VSIStatBufL st;
        if (VSIStatL(member, &st) == 0 && S_ISREG(st.st_mode)) {
            gint64 size = (gint64)st.st_size;
            g_ptr_array_add(members, g_strdup(files[i]));
            g_array_append_val(declared, size);
            total += size;
            if (size > max_bytes) {
                refuse_size(err, files[i], size, max_bytes);
                ok = FALSE;
            }
        }
        g_free(member);
    }
    if (ok && total > max_bytes) {
        refuse_size(err, NULL, total, max_bytes);
        ok = FALSE;
    }
    /* Then what is there: the directory may lie, and GDAL reads what the
     * compressed data holds.  The declared sizes are within the cap, so
     * reading each member to one byte past its own is bounded too. */
    for (guint i = 0; ok && i < members->len; i++) {
        char *member = g_strdup_printf("%s/%s", zip, (char *)members->pdata[i]);
        gint64 said = g_array_index(declared, gint64, i);
        gint64 got = unpacked_size(member, said);
        g_free(member);
        if (got < 0 || got == said) /* unreadable: GDAL says why when it opens it */
            continue;
        char *is = size_text(got), *says = size_text(said);
        g_set_error(err, VI_ERROR, VI_ERROR_DATA,
                    got > said ? _("its member %s unpacks to more than %s, but the zip's "
                                   "directory says %s: the zip is damaged (make or copy it again)")
                               : _("its member %s unpacks to %s, but the zip's directory says %s: "
                                   "the zip is damaged (make or copy it again)"),
                    (char *)members->pdata[i], got > said ? says : is, says);
        g_free(is);
        g_free(says);
        ok = FALSE;
    }
    g_array_free(declared, TRUE);
    g_ptr_array_free(members, TRUE);
    CSLDestroy(files);
    g_free(zip);
    g_free(abs);
    return ok;
}
