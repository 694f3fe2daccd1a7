/*
 * cmd-demo.c - vinfra demo: build a fresh demo database from the bundled
 * dataset (<datadir>/demo/manifest.tsv lists its files) through the same
 * import path a user takes, then print its statistics.
 *
 * It also writes each county bureau's export package into DIR/export/.
 *
 * The database is built under a temporary name and renamed into place only
 * when every file imported, so a failure never leaves a half-built demo.sqlite.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "export.h"
#include "mapdata.h"
#include "map-inputs.h"
#include "page.h"
#include "import.h"
#include "msg.h"
#include "stats.h"
#include "table.h"
#include "vi-error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *file;          /* relative to <datadir>/demo */
    char *layer;         /* a registry layer, or "ledger" for the project ledger */
    char *village_field; /* source field naming each feature's village, or NULL */
} manifest_row;

static const tbl_column manifest_cols[] = {
    {"file", TBL_TEXT, offsetof(manifest_row, file), TRUE, NULL},
    {"layer", TBL_TEXT, offsetof(manifest_row, layer), TRUE, NULL},
    {"village_field", TBL_TEXT, offsetof(manifest_row, village_field), FALSE, NULL},
};

/* Remove a SQLite database and its WAL companions; missing files are fine. */
static void remove_database(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++) {
        char *p = g_strconcat(path, suffixes[i], NULL);
        g_remove(p);
        g_free(p);
    }
}

/* Whether PATH is missing, empty, or an SQLite file: a partial database a
 * killed run left (its WAL may hold the rest), never a user's document. */
static gboolean partial_database(const char *path)
{
    char head[16] = {0};
    FILE *fp = g_fopen(path, "rb");
    if (!fp)
        return TRUE;
    size_t n = fread(head, 1, sizeof head, fp);
    fclose(fp);
    return n == 0 || (n == sizeof head && memcmp(head, "SQLite format 3", 16) == 0);
}

/* Whether DIR/demo.sqlite (FINAL) may be replaced: missing, or a vinfra
 * database, which store_open() recognises; ERR says why not. */
static gboolean replaceable_demo(const vi_registry *reg, const char *final, GError **err)
{
    if (!g_file_test(final, G_FILE_TEST_EXISTS))
        return TRUE;
    GError *e = NULL;
    vi_store *old = store_open(final, reg, TRUE, &e);
    store_close(old);
    if (old)
        return TRUE;
    g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                _("%s: the demo replaces only a database of its own (name another --out folder)"),
                e->message);
    g_error_free(e);
    return FALSE;
}

static void print_progress(gint64 done, gint64 total, void *user)
{
    progress_update(user, done, total);
}

/* Import every file of the manifest into STORE, in the manifest's order
 * (villages and the ledger first: features refer to them). */
static gboolean import_manifest(vi_store *store, const char *demodir, GArray *rows, GError **err)
{
    const vi_registry *reg = store_registry(store);
    for (guint i = 0; i < rows->len; i++) {
        const manifest_row *m = &g_array_index(rows, manifest_row, i);
        char *path = g_build_filename(demodir, m->file, NULL);
        gboolean ledger = strcmp(m->layer, "ledger") == 0;
        vi_import_options opt = {
            .layer = ledger ? NULL : m->layer,
            .village_field = m->village_field,
            .ledger = ledger,
            .lang = cli_common.language,
            .progress = print_progress,
            .progress_user = m->file,
        };
        vi_import_result res = {0};
        gboolean ok = import_file(store, path, &opt, &res, err);
        progress_end();
        if (ok) {
            for (guint w = 0; res.warnings && w < res.warnings->len; w++)
                warnf("%s", (char *)g_ptr_array_index(res.warnings, w));
            char *summary = import_summary(reg, m->file, &opt, &res, TRUE);
            infof("%s", summary);
            g_free(summary);
        }
        import_result_clear(&res);
        g_free(path);
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

/* Build OUTDIR/demo.sqlite; returns its path (caller frees) or NULL with ERR
 * set. */
static char *build_demo(const vi_registry *reg, const char *outdir, GError **err)
{
    char *demodir = g_build_filename(cli_datadir(), "demo", NULL);
    char *manifest = g_build_filename(demodir, "manifest.tsv", NULL);
    char *final = g_build_filename(outdir, "demo.sqlite", NULL);
    char *partial = g_strconcat(final, ".partial", NULL);
    GArray *rows = NULL;
    vi_store *store = NULL;
    gboolean ok = FALSE, ours = FALSE; /* OURS: PARTIAL is this run's to remove */

    if (!tbl_read(manifest, manifest_cols, G_N_ELEMENTS(manifest_cols), sizeof(manifest_row), &rows,
                  err))
        goto out;
    if (g_mkdir_with_parents(outdir, 0777) != 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot create directory '%s': %s"), outdir,
                    g_strerror(errno));
        goto out;
    }
    if (!replaceable_demo(reg, final, err))
        goto out;
    /* A partial database left by an interrupted run is ours to replace. */
    if (!partial_database(partial)) {
        g_set_error(err, VI_ERROR, VI_ERROR_USAGE,
                    _("'%s' is not a database an earlier demo left: the demo replaces only a "
                      "database of its own (name another --out folder)"),
                    partial);
        goto out;
    }
    ours = TRUE;
    remove_database(partial);
    if (!(store = store_create(partial, reg, err)))
        goto out;
    if (!import_manifest(store, demodir, rows, err))
        goto out;
    store_close(store);
    store = NULL;
    /* The old database's WAL must not outlive it: SQLite would replay it
     * into the new file. */
    remove_database(final);
    if (g_rename(partial, final) != 0) {
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot rename '%s' to '%s': %s"), partial, final,
                    g_strerror(errno));
        goto out;
    }
    ok = TRUE;
out:
    store_close(store);
    if (!ok && ours)
        remove_database(partial);
    tbl_rows_free(rows, manifest_cols, G_N_ELEMENTS(manifest_cols));
    g_free(partial);
    g_free(manifest);
    g_free(demodir);
    if (!ok) {
        g_free(final);
        return NULL;
    }
    return final;
}

/* Each bureau's package as the office would send it, one per profile of
 * data/profiles/, in OUTDIR/export/NAME (replaced on every run).  A data
 * directory without profiles has none to write. */
static gboolean export_packages(const vi_registry *reg, const char *db, const char *outdir,
                                GError **err)
{
    char *index = g_build_filename(cli_datadir(), "profiles", "profiles.tsv", NULL);
    gboolean have_profiles = g_file_test(index, G_FILE_TEST_EXISTS);
    g_free(index);
    if (!have_profiles)
        return TRUE;
    char *names = export_profile_names(cli_datadir(), err);
    if (!names)
        return FALSE;
    vi_store *store = store_open(db, reg, FALSE, err);
    char **each = g_strsplit(names, ", ", -1);
    char *rules = g_build_filename(cli_datadir(), "rules.tsv", NULL);
    gboolean ok = store != NULL;
    for (int i = 0; ok && each[i]; i++) {
        vi_export_profile *p = export_profile_load(cli_datadir(), each[i], reg, err);
        char *dir = g_build_filename(outdir, "export", each[i], NULL);
        vi_export_options opt = {.rules_path = rules};
        ok = p && export_package(store, p, dir, &opt, NULL, err);
        export_profile_free(p);
        g_free(dir);
    }
    if (ok) {
        char *dir = g_build_filename(outdir, "export", NULL);
        char *shown = g_strjoinv(_(", "), each);
        infof(_("bureau packages: %s/ (%s)"), dir, shown);
        g_free(shown);
        g_free(dir);
    }
    g_free(rules);
    g_strfreev(each);
    store_close(store);
    g_free(names);
    return ok;
}

/* PATH as the user would type it in a shell. */
static char *shell_word(const char *path)
{
    for (const char *p = path; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("/._-+,:@%", *p) && !((unsigned char)*p & 0x80))
            return g_shell_quote(path);
    return g_strdup(path);
}

/* The demo's maps: the atlas and one map of each kind, shaded with the
 * bundled DEM, in DIR/maps/ (written under a temporary name, then renamed,
 * so a failed run leaves no half-written map). */
static gboolean write_maps(vi_store *store, const char *dir, GError **err)
{
    vi_render_ctx ctx;
    if (!render_ctx_init(&ctx, store, NULL, cli_mapsdir(), cli_datadir(), NULL,
                         cli_common.language == VI_LANG_EN, err))
        return FALSE;
    char *mapdir = g_build_filename(dir, "maps", NULL);
    char *dem = g_build_filename(cli_datadir(), "demo", "dem.tif", NULL);
    gboolean ok = g_mkdir_with_parents(mapdir, 0777) == 0;
    if (!ok)
        g_set_error(err, VI_ERROR, VI_ERROR_IO, _("cannot create '%s': %s"), mapdir,
                    g_strerror(errno));
    /* The village map shows the villages layer's first village; the
     * coverage and gaps maps the maps' default service (data/maps.tsv).
     * Each file is named after its map and what it shows. */
    const vi_layerdata *villages = mapdata_layer(ctx.data, VI_LAYER_VILLAGES);
    const char *first = villages && villages->n ? villages->name[0] : NULL;
    const char *service = ctx.figures->service;
    const struct {
        const char *kind, *what;
        vi_map_request req;
    } maps[] = {
        {"village", first, {.kind = VI_MAP_VILLAGE, .village = first}},
        {"coverage", service, {.kind = VI_MAP_COVERAGE, .service = service}},
        {"gaps", service, {.kind = VI_MAP_GAPS, .service = service, .add = 3}},
        {"overview", NULL, {.kind = VI_MAP_OVERVIEW}},
    };
    double w, h;
    page_paper_size("A4", &h, &w); /* landscape */
    for (size_t i = 0; ok && i < 2 * G_N_ELEMENTS(maps); i++) {
        const char *ext = i % 2 ? "png" : "pdf";
        char *file = maps[i / 2].what
                         ? g_strdup_printf("%s-%s.%s", maps[i / 2].kind, maps[i / 2].what, ext)
                         : g_strdup_printf("%s.%s", maps[i / 2].kind, ext);
        char *path = g_build_filename(mapdir, file, NULL);
        g_free(file);
        vi_map_request req = maps[i / 2].req;
        req.dem = g_file_test(dem, G_FILE_TEST_EXISTS) ? dem : NULL;
        vi_page *pg = page_open(path, w, h, 150, ctx.style, err);
        ok = pg && map_draw(pg, &ctx, &req, err) && page_finish(pg, err);
        page_free(pg);
        g_free(path);
    }
    if (ok) {
        char *path = g_build_filename(mapdir, "atlas.pdf", NULL);
        vi_page *pg = page_open(path, w, h, 72, ctx.style, err);
        ok = pg && atlas_draw(pg, &ctx, g_file_test(dem, G_FILE_TEST_EXISTS) ? dem : NULL, err) &&
             page_finish(pg, err);
        page_free(pg);
        g_free(path);
    }
    if (ok)
        infof(_("maps and atlas: %s"), mapdir);
    g_free(dem);
    g_free(mapdir);
    render_ctx_clear(&ctx);
    return ok;
}

int cmd_demo(int argc, char **argv)
{
    char *outdir = NULL, *format_name = NULL;
    gboolean no_maps = FALSE, no_exports = FALSE;
    const GOptionEntry entries[] = {
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &outdir,
         N_("directory of demo.sqlite (default ./demo-out)"), N_("DIR")},
        {"no-exports", 0, 0, G_OPTION_ARG_NONE, &no_exports,
         N_("skip the bureaus' export packages (DIR/export/)"), NULL},
        {"no-maps", 0, 0, G_OPTION_ARG_NONE, &no_maps, N_("skip the maps and atlas (DIR/maps/)"),
         NULL},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format_name,
         N_("statistics as table (default), csv, json or md"), N_("FORMAT")},
        {NULL}};
    if (!cli_parse("demo", "",
                   N_("Build the demo database from the bundled dataset and print "
                      "its statistics."),
                   N_("The demo dataset is 11 villages of Lantian County with "
                      "synthetic geometry and\n"
                      "the figures of the Beilin district office's report.  Each "
                      "run replaces\n"
                      "DIR/demo.sqlite with a fresh database and DIR/export/NAME with each\n"
                      "bureau's package (see vinfra export).\n\n"
                      "It also draws the atlas and one map of each kind into DIR/maps/\n"
                      "(village, coverage, gaps, overview; PDF and PNG).\n\n"
                      "The demo always writes DIR/demo.sqlite (--out DIR): it does "
                      "not accept the\n"
                      "common --db option listed above.\n\n"
                      "Examples:\n  vinfra demo\n  vinfra demo --out /tmp/demo "
                      "--format json\n"),
                   entries, &argc, &argv))
        return 2;
    static const char *const formats[] = {"table", "csv", "json", "md", NULL};
    vi_format format;
    int rc = 2;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    vi_stats *stats = NULL;
    char *path = NULL;
    GError *err = NULL;
    if (argc > 1) {
        errorf(_("demo: unexpected argument '%s'"), argv[1]);
        goto out;
    }
    if (cli_common.db) {
        errorf(_("demo: --db is not used: the demo database is DIR/demo.sqlite (see "
                 "--out)"));
        goto out;
    }
    if (!cli_format(format_name, formats, &format))
        goto out;
    rc = 1;
    if (!(reg = cli_registry()))
        goto out;
    const char *dir = outdir ? outdir : "demo-out";
    if (!(path = build_demo(reg, dir, &err)) ||
        (!no_exports && !export_packages(reg, path, dir, &err))) {
        msg_fail(err);
        goto out;
    }
    if (!(store = store_open(path, reg, TRUE, &err))) {
        msg_fail(err);
        goto out;
    }
    vi_stats_options opt = {NULL, NULL, 0};
    if (!(stats = stats_compute(store, cli_datadir(), &opt, &err))) {
        msg_fail(err);
        goto out;
    }
    if (!no_maps && !write_maps(store, dir, &err)) {
        msg_fail(err);
        goto out;
    }
    GString *text = g_string_new(NULL);
    stats_render(stats, format, cli_common.language, text);
    fputs(text->str, stdout);
    fflush(stdout);
    g_string_free(text, TRUE);
    /* The hint goes to stderr so that stdout stays a clean CSV or JSON document.
     */
    char *db = shell_word(path);
    if (stats_village_count(stats) > 0) {
        char *village = shell_word(stats_village_name(stats, 0));
        infof(_("demo database: %s\nnext, try: vinfra stats --db %s --village %s"), path, db,
              village);
        g_free(village);
    } else {
        infof(_("demo database: %s\nnext, try: vinfra stats --db %s"), path, db);
    }
    g_free(db);
    rc = 0;
out:
    stats_free(stats);
    store_close(store);
    registry_free(reg);
    g_free(path);
    g_free(outdir);
    g_free(format_name);
    return rc;
}
