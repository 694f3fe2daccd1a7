/*
 * cmd-attach.c - vinfra attach: geotagged photos to the nearest existing
 * feature of a layer, as evidence (attach-photo.c).
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "photo.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>

static const char *const description =
    N_("Each photo (a folder's *.jpg and *.jpeg, or JPEG files) is attached to the\n"
       "feature of the layer nearest to its EXIF GPS position (the geodesic\n"
       "distance; for a line or polygon, to its nearest point), if that is within\n"
       "--within metres (default 30).  Nothing is guessed: a photo without a GPS\n"
       "position, with no feature that near, or with two features whose distances\n"
       "differ by less than 3 m is listed, and nothing is attached, unless\n"
       "--skip-unmatched (then the others are).  A photo already in the database\n"
       "counts as unmatched.  All in one change ('vinfra undo' takes it back);\n"
       "'vinfra photos' lists the photos.\n"
       "\n"
       "Examples:\n"
       "  vinfra attach 验收照片/ --layer roads\n"
       "  vinfra attach IMG_0412.jpg IMG_0413.jpg --layer water_tanks --within 50\n");

int cmd_attach(int argc, char **argv)
{
    char *layer = NULL, *within_text = NULL;
    gboolean skip_unmatched = FALSE, dry_run = FALSE;
    const GOptionEntry entries[] = {
        {"layer", 'l', 0, G_OPTION_ARG_STRING, &layer,
         N_("the layer whose features the photos show"), N_("NAME")},
        {"within", 0, 0, G_OPTION_ARG_STRING, &within_text,
         N_("attach only to a feature at most this far (default 30)"), N_("METRES")},
        {"skip-unmatched", 0, 0, G_OPTION_ARG_NONE, &skip_unmatched,
         N_("attach the photos that match, listing the others"), NULL},
        {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("match, attach nothing"), NULL},
        {NULL}};
    int rc = 2;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    double within = NAN;
    if (!cli_parse("attach", N_("PHOTO|FOLDER... --layer NAME"),
                   N_("Attach photos to the nearest features of a layer."), description, entries,
                   &argc, &argv))
        goto out;
    if (argc < 2) {
        errorf(_("attach: no photos given (see 'vinfra attach --help')"));
        goto out;
    }
    if (!layer) {
        errorf(_("attach: --layer is required (see 'vinfra layers' for the names)"));
        goto out;
    }
    if (!cli_metres("attach", "--within", within_text, &within))
        goto out;
    if (isnan(within))
        within = VI_ATTACH_WITHIN_DEFAULT_M;
    rc = 1;
    if (!(reg = cli_registry()) || !(store = cli_open_store(reg, dry_run)))
        goto out;
    vi_attach_result res;
    GError *err = NULL;
    gboolean ok = attach_photos(store, argv + 1, argc - 1, layer, within, skip_unmatched, dry_run,
                                cli_common.language, &res, &err);
    for (guint i = 0; res.stored && i < res.stored->len; i++) {
        const vi_unmatched *u = res.stored->pdata[i];
        warnf(_("'%s': this photo is already in the database, as %s: skipped"), u->file, u->reason);
    }
    for (guint i = 0; res.unmatched && i < res.unmatched->len; i++) {
        const vi_unmatched *u = res.unmatched->pdata[i];
        warnf(_("'%s': not attached: %s"), u->file, u->reason);
    }
    if (!ok) {
        rc = msg_report(NULL, &err);
    } else {
        for (guint i = 0; i < res.matches->len; i++)
            printf("%s\n", (char *)res.matches->pdata[i]);
        if (dry_run)
            printf(_("%u photos would be attached to %s, nothing written (dry run)\n"),
                   res.matches->len, cli_layer_name(reg, layer));
        else
            printf(_("attached %" PRId64 " photos to %s, %u not attached\n"), res.attached,
                   cli_layer_name(reg, layer), res.unmatched->len);
        rc = 0;
    }
    attach_result_clear(&res);
out:
    store_close(store);
    registry_free(reg);
    g_free(layer);
    g_free(within_text);
    return rc;
}
