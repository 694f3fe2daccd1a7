/*
 * map-session.c - what vinfra render and atlas open before drawing.  See
 * map-session.h.
 */
#include "map-session.h"
#include "i18n.h"
#include "cli.h"
#include "msg.h"

#include <string.h>

gboolean map_paper_size(const char *cmd, const char *paper, double *w, double *h)
{
    if (page_paper_size(paper ? paper : "A4", w, h))
        return TRUE;
    errorf(_("%s: --paper must be one of A0, A1, A2, A3, A4, A5, B3, B4, not \"%s\""), cmd, paper);
    return FALSE;
}

int map_session_open(map_session *s, const char *cmd, const char *dem, const char *style,
                     const char *rules_path, int as_of)
{
    memset(s, 0, sizeof *s);
    if (dem && !g_file_test(dem, G_FILE_TEST_IS_REGULAR)) {
        errorf(_("%s: --dem '%s': no such file"), cmd, dem);
        return 2;
    }
    if (!(s->reg = cli_registry()) || !(s->store = cli_open_store(s->reg, TRUE))) {
        map_session_close(s);
        return 1;
    }
    GError *err = NULL;
    if (!store_set_as_of(s->store, as_of, &err)) {
        map_session_close(s);
        return msg_report(cmd, &err);
    }
    if (!render_ctx_init(&s->ctx, s->store, style, cli_mapsdir(), cli_datadir(), rules_path,
                         cli_common.language == VI_LANG_EN, &err)) {
        map_session_close(s);
        return msg_report(cmd, &err);
    }
    return 0;
}

void map_session_close(map_session *s)
{
    render_ctx_clear(&s->ctx);
    store_close(s->store);
    registry_free(s->reg);
    memset(s, 0, sizeof *s);
}
