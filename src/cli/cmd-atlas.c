/*
 * cmd-atlas.c - vinfra atlas: the meeting booklet as one PDF (cover with
 * the programme's totals, overview, charts, one page per village).
 */
#include "atlas.h"
#include "cli.h"
#include "cmd.h"
#include "msg.h"
#include "page.h"
#include "vi-error.h"

int cmd_atlas(int argc, char **argv)
{
    char *out = NULL, *paper = NULL, *style = NULL, *dem = NULL, *rules_path = NULL;
    const GOptionEntry entries[] = {
        {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "output PDF", "FILE.pdf"},
        {"paper", 0, 0, G_OPTION_ARG_STRING, &paper, "A4 (default), A3 or another ISO size",
         "SIZE"},
        {"style", 0, 0, G_OPTION_ARG_STRING, &style, "a style in maps/ or a style file",
         "NAME|FILE"},
        {"dem", 0, 0, G_OPTION_ARG_FILENAME, &dem, "elevation model for hillshade (GeoTIFF)", "FILE"},
        {"rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path,
         "coverage rules (default: rules.tsv of the data directory)", "FILE"},
        {NULL}};
    if (!cli_parse("atlas", "--out FILE.pdf", "Write the meeting booklet of every village.",
                   "One PDF, landscape: a cover with projects and money by programme and the main\n"
                   "works, the overview map, charts (investment by programme, road length by\n"
                   "status, coverage by village and service), then each village's map with a\n"
                   "table of how many of its households and people each service reaches.\n\n"
                   "Example:\n"
                   "  vinfra atlas --out 图集.pdf --dem data/demo/dem.tif\n",
                   entries, &argc, &argv))
        return 2;
    int rc = 0;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    vi_page *pg = NULL;
    vi_render_ctx ctx = {0};
    GError *err = NULL;
    double w, h;
    if (argc > 1) {
        errorf("atlas: unexpected argument '%s'", argv[1]);
        rc = 2;
        goto done;
    }
    if (!out || !g_str_has_suffix(out, ".pdf")) {
        errorf("atlas: --out FILE.pdf is required (the atlas is a PDF)");
        rc = 2;
        goto done;
    }
    if (!page_paper_size(paper ? paper : "A4", &w, &h)) {
        errorf("atlas: --paper must be one of A0, A1, A2, A3, A4, A5, B3, B4, not \"%s\"", paper);
        rc = 2;
        goto done;
    }
    if (dem && !g_file_test(dem, G_FILE_TEST_IS_REGULAR)) {
        errorf("atlas: --dem '%s': no such file", dem);
        rc = 2;
        goto done;
    }
    if (!(reg = cli_registry()) || !(store = cli_open_store(reg, TRUE))) {
        rc = 1;
        goto done;
    }
    if (!render_ctx_init(&ctx, store, style, cli_mapsdir(), cli_datadir(), rules_path,
                         cli_common.language == VI_LANG_EN, &err) ||
        !(pg = page_open(out, h, w, 72, ctx.style, &err)) || !atlas_write(pg, &ctx, dem, &err) ||
        !page_finish(pg, &err)) {
        rc = msg_report("atlas", &err);
        goto done;
    }
    infof("%s (%d pages)", out, pg->pages);
done:
    page_free(pg);
    render_ctx_clear(&ctx);
    store_close(store);
    registry_free(reg);
    g_free(out);
    g_free(paper);
    g_free(style);
    g_free(dem);
    g_free(rules_path);
    return rc;
}
