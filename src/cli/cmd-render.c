/*
 * cmd-render.c - vinfra render: one map for a meeting (village, coverage,
 * gaps or overview) as PDF, PNG or SVG.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "map-inputs.h"
#include "map-session.h"
#include "msg.h"
#include "page.h"
#include "vi-error.h"

#include <math.h>
#include <string.h>

/* Index of NAME in the NULL-terminated LIST, or -1 (an error naming OPTION). */
static int pick(const char *option, const char *name, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (g_ascii_strcasecmp(name, list[i]) == 0)
            return i;
    char *want = g_strjoinv(_(", "), (char **)list);
    errorf(_("render: %s must be one of %s, not \"%s\""), option, want, name);
    g_free(want);
    return -1;
}

/* The help of --service and --figure from data/maps.tsv ([maps] service,
 * [overview] figures), so that a new default or figure is a row; F NULL
 * (the table cannot be read): the bundled table's words.  Caller frees. */
static char *service_help(const vi_map_figures *f)
{
    return g_strdup_printf(_("coverage and gaps: the service (default %s; see 'vinfra coverage "
                             "--list-services')"),
                           f ? f->service : "clinic");
}

static char *figure_help(const vi_map_figures *f)
{
    if (!f || !f->names[0])
        return g_strdup(
            _("overview: the figure under each village: roads (default), lights or clinic"));
    GString *s = g_string_new(_("overview: the figure under each village: "));
    for (int i = 0; f->names[i]; i++) {
        if (i)
            g_string_append(s, f->names[i + 1] ? _(", ") : _(" or "));
        g_string_append(s, f->names[i]);
        if (i == 0)
            g_string_append(s, _(" (default)"));
    }
    return g_string_free(s, FALSE);
}

int cmd_render(int argc, char **argv)
{
    char *map_name = NULL, *village = NULL, *service = NULL, *by = NULL, *out = NULL, *paper = NULL,
         *orientation = NULL, *style = NULL, *dem = NULL, *title = NULL, *figure = NULL,
         *rules_path = NULL, *as_of_text = NULL;
    double dpi = 200;
    int add = 3;
    /* Read before parsing, for the help; its error is reported only when
     * --figure needs the table. */
    GError *figures_err = NULL;
    vi_map_figures *figures = figures_load(cli_datadir(), &figures_err);
    g_autofree char *service_text = service_help(figures);
    g_autofree char *figure_text = figure_help(figures);
    const GOptionEntry entries[] = {
        {"map", 0, 0, G_OPTION_ARG_STRING, &map_name,
         N_("village (default), coverage, gaps or overview"), N_("KIND")},
        {"village", 0, 0, G_OPTION_ARG_STRING, &village, N_("the village to draw (default: all)"),
         N_("NAME")},
        {"service", 0, 0, G_OPTION_ARG_STRING, &service, service_text, N_("NAME")},
        {"by", 0, 0, G_OPTION_ARG_STRING, &by,
         N_("coverage and gaps: line (default), road or terrain"), N_("METHOD")},
        {"add", 0, 0, G_OPTION_ARG_INT, &add, N_("gaps: new sites to propose (default 3, 0: none)"),
         N_("COUNT")},
        {"figure", 0, 0, G_OPTION_ARG_STRING, &figure, figure_text, N_("NAME")},
        {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("output file: .pdf, .png or .svg"),
         N_("FILE")},
        {"paper", 0, 0, G_OPTION_ARG_STRING, &paper, N_("A4 (default), A3, A2, A1, A0, B4, B3"),
         N_("SIZE")},
        {"orientation", 0, 0, G_OPTION_ARG_STRING, &orientation,
         N_("landscape (default) or portrait"), N_("WAY")},
        {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, N_("PNG resolution (default 200)"), N_("DPI")},
        {"style", 0, 0, G_OPTION_ARG_STRING, &style,
         N_("a style in maps/ (default, print-bw) or a style file"), N_("NAME|FILE")},
        {"dem", 0, 0, G_OPTION_ARG_FILENAME, &dem, N_("elevation model for hillshade (GeoTIFF)"),
         N_("FILE")},
        {"title", 0, 0, G_OPTION_ARG_STRING, &title, N_("replace the map's title"), N_("TEXT")},
        {"rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path,
         N_("coverage rules (default: rules.tsv of the data directory)"), N_("FILE")},
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
         N_("the world as it stood at the end of this year (assets of that year or before)"),
         N_("YEAR")},
        {NULL}};
    if (!cli_parse(
            "render", N_("--out FILE"), N_("Draw a map for a meeting."),
            N_("Draws a village map (every asset with its own symbol), a coverage map (one\n"
               "service: its reach, served and unserved households, the figures), a gaps map\n"
               "(unserved hamlets and the best new sites) or an overview of every village,\n"
               "with title, legend, scale bar, north arrow, graticule and footer.  PDF and\n"
               "SVG keep vectors and text; PNG is drawn at --dpi.  Styles are files in maps/.\n\n"
               "Examples:\n"
               "  vinfra render --map village --village 双龙村 --out 双龙村.pdf\n"
               "  vinfra render --map coverage --service clinic --by road --out clinic.png\n"
               "  vinfra render --map gaps --service clinic --add 2 --out gaps.pdf --paper A3\n"
               "  vinfra render --map overview --figure lights --out overview.svg --lang en\n"),
            entries, &argc, &argv)) {
        figures_free(figures);
        g_clear_error(&figures_err);
        return 2;
    }
    int rc = 0;
    map_session session = {0};
    vi_page *pg = NULL;
    GError *err = NULL;
    vi_map_request req = {
        .village = village, .service = service, .by = by, .title = title, .dem = dem, .add = add};
    double w, h;
    if (argc > 1) {
        errorf(_("render: unexpected argument '%s'"), argv[1]);
        rc = 2;
        goto out;
    }
    if (!out) {
        errorf(_("render: --out FILE is required (a .pdf, .png or .svg)"));
        rc = 2;
        goto out;
    }
    if (map_name && (req.kind = pick("--map", map_name, vi_map_kind_names)) < 0) {
        rc = 2;
        goto out;
    }
    if (figure && !figures) {
        rc = msg_report("render", &figures_err);
        goto out;
    }
    if (figure &&
        (req.figure = pick("--figure", figure, (const char *const *)figures->names)) < 0) {
        rc = 2;
        goto out;
    }
    if (req.kind == VI_MAP_OVERVIEW && village) {
        errorf(_("render: the overview shows every village; --village is for the other maps"));
        rc = 2;
        goto out;
    }
    if (!map_paper_size("render", paper, &w, &h)) {
        rc = 2;
        goto out;
    }
    static const char *const orientations[] = {"landscape", "portrait", NULL};
    int orient = orientation ? pick("--orientation", orientation, orientations) : 0;
    if (orient < 0) {
        rc = 2;
        goto out;
    }
    if (orient == 0) {
        double t = w;
        w = h;
        h = t;
    }
    if (!(dpi >= 36 && dpi <= 1200)) {
        errorf(_("render: --dpi must be between 36 and 1200, not %g"), dpi);
        rc = 2;
        goto out;
    }
    if (add < 0 || add > 50) {
        errorf(_("render: --add must be between 0 and 50, not %d"), add);
        rc = 2;
        goto out;
    }
    int as_of = 0;
    if (!cli_year("render", "--as-of", as_of_text, &as_of)) {
        rc = 2;
        goto out;
    }
    if ((rc = map_session_open(&session, "render", dem, style, rules_path, as_of)))
        goto out;
    if (!(pg = page_open(out, w, h, dpi, session.ctx.style, &err)) ||
        !map_draw(pg, &session.ctx, &req, &err) || !page_finish(pg, &err)) {
        rc = msg_report("render", &err);
        goto out;
    }
    infof("%s", out);
out:
    page_free(pg);
    map_session_close(&session);
    figures_free(figures);
    g_clear_error(&figures_err);
    g_free(map_name);
    g_free(village);
    g_free(service);
    g_free(by);
    g_free(out);
    g_free(paper);
    g_free(orientation);
    g_free(style);
    g_free(dem);
    g_free(title);
    g_free(figure);
    g_free(rules_path);
    g_free(as_of_text);
    return rc;
}
