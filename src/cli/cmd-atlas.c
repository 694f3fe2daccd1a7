/*
 * cmd-atlas.c - vinfra atlas: the meeting booklet as one PDF (cover with
 * the programme's totals, overview, charts, one page per village).
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "map-inputs.h"
#include "map-session.h"
#include "msg.h"
#include "page.h"
#include "vi-error.h"

int cmd_atlas(int argc, char **argv)
{
    char *out = NULL, *paper = NULL, *style = NULL, *dem = NULL, *rules_path = NULL,
         *as_of_text = NULL;
    const GOptionEntry entries[] = {
        {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("output PDF"), N_("FILE.pdf")},
        {"paper", 0, 0, G_OPTION_ARG_STRING, &paper, N_("A4 (default), A3 or another ISO size"),
         N_("SIZE")},
        {"style", 0, 0, G_OPTION_ARG_STRING, &style, N_("a style in maps/ or a style file"),
         N_("NAME|FILE")},
        {"dem", 0, 0, G_OPTION_ARG_FILENAME, &dem, N_("elevation model for hillshade (GeoTIFF)"),
         N_("FILE")},
        {"rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path,
         N_("coverage rules (default: rules.tsv of the data directory)"), N_("FILE")},
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
         N_("the world as it stood at the end of this year (assets of that year or before)"),
         N_("YEAR")},
        {NULL}};
    if (!cli_parse(
            "atlas", N_("--out FILE.pdf"), N_("Write the meeting booklet of every village."),
            N_("One PDF, landscape: a cover with projects and money by programme and the main\n"
               "works, the overview map, charts (investment by programme, road length by\n"
               "status, coverage by village and service), then each village's map with a\n"
               "table of how many of its households and people each service reaches.\n\n"
               "Example:\n"
               "  vinfra atlas --out 图集.pdf --dem data/demo/dem.tif\n"),
            entries, &argc, &argv))
        return 2;
    int rc = 0;
    map_session session = {0};
    vi_page *pg = NULL;
    GError *err = NULL;
    double w, h;
    if (argc > 1) {
        errorf(_("atlas: unexpected argument '%s'"), argv[1]);
        rc = 2;
        goto out;
    }
    if (!out || !g_str_has_suffix(out, ".pdf")) {
        errorf(_("atlas: --out FILE.pdf is required (the atlas is a PDF)"));
        rc = 2;
        goto out;
    }
    if (!map_paper_size("atlas", paper, &w, &h)) {
        rc = 2;
        goto out;
    }
    int as_of = 0;
    if (!cli_year("atlas", "--as-of", as_of_text, &as_of)) {
        rc = 2;
        goto out;
    }
    if ((rc = map_session_open(&session, "atlas", dem, style, rules_path, as_of)))
        goto out;
    if (!(pg = page_open(out, h, w, 72, session.ctx.style, &err)) ||
        !atlas_draw(pg, &session.ctx, dem, &err) || !page_finish(pg, &err)) {
        rc = msg_report("atlas", &err);
        goto out;
    }
    infof(NG_("%s (%d page)", "%s (%d pages)", pg->pages), out, pg->pages);
out:
    page_free(pg);
    map_session_close(&session);
    g_free(out);
    g_free(paper);
    g_free(style);
    g_free(dem);
    g_free(rules_path);
    g_free(as_of_text);
    return rc;
}
