/*
 * cmd-photos.c - vinfra photos: the photos kept as evidence, with the
 * feature each shows, when and where it was taken, and its size.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "msg.h"
#include "report.h"

#include <stdio.h>
#include <string.h>

static const char *const description =
    N_("Lists the photos stored by 'vinfra import PHOTOS --layer ...' and\n"
       "'vinfra attach', oldest first: the file, the time taken (the camera's\n"
       "clock, from EXIF), the GPS position, the feature it shows, the stored\n"
       "size in pixels (photos longer than 1600 pixels are kept scaled to 1600)\n"
       "and bytes, and the start of its SHA-256.\n"
       "\n"
       "Examples:\n"
       "  vinfra photos --village 上雷村\n"
       "  vinfra photos --layer roads --format csv\n");

typedef struct {
    const vi_registry *reg;
    vi_table *table;
    vi_json *json;
    gboolean csv;
} photos_out;

static gboolean add_photo(const vi_photo *p, void *user, GError **err)
{
    (void)err;
    photos_out *o = user;
    char *position = p->located ? g_strdup_printf("%.6f, %.6f", p->lon, p->lat) : NULL;
    char *size = g_strdup_printf("%dx%d", p->width, p->height);
    if (o->json) {
        vi_json *j = o->json;
        json_begin_object(j);
        json_key(j, "file"), json_string(j, p->file);
        json_key(j, "taken_at"), json_string(j, p->taken_at);
        json_key(j, "lon");
        p->located ? json_degrees(j, p->lon) : json_null(j);
        json_key(j, "lat");
        p->located ? json_degrees(j, p->lat) : json_null(j);
        json_key(j, "direction");
        p->has_direction ? json_number(j, p->direction) : json_null(j);
        json_key(j, "make"), json_string(j, p->make);
        json_key(j, "model"), json_string(j, p->model);
        json_key(j, "layer"), json_string(j, p->layer);
        json_key(j, "feature"), json_string(j, p->feature_id);
        json_key(j, "village"), json_string(j, p->village);
        json_key(j, "width"), json_int(j, p->width);
        json_key(j, "height"), json_int(j, p->height);
        json_key(j, "bytes"), json_int(j, (gint64)p->jpeg_size);
        json_key(j, "original_width"), json_int(j, p->original_width);
        json_key(j, "original_height"), json_int(j, p->original_height);
        json_key(j, "original_bytes"), json_int(j, p->original_bytes);
        json_key(j, "sha256"), json_string(j, p->sha256);
        json_key(j, "added_at"), json_string(j, p->added_at);
        json_end_object(j);
    } else {
        vi_table *t = o->table;
        report_row(t);
        report_text(t, p->file);
        report_text(t, p->taken_at);
        report_text(t, position);
        if (p->has_direction)
            report_number(t, p->direction, 1);
        else
            report_empty(t);
        report_text(t, o->csv ? p->layer : cli_layer_name(o->reg, p->layer));
        report_text(t, p->layer && !p->feature_id ? _("(deleted)") : p->feature_id);
        report_text(t, p->village);
        report_text(t, size);
        report_int(t, (gint64)p->jpeg_size);
        if (o->csv) {
            report_text(t, p->make);
            report_text(t, p->model);
            report_text(t, p->sha256);
        } else {
            char prefix[13];
            g_strlcpy(prefix, p->sha256, sizeof prefix);
            report_text(t, prefix);
        }
    }
    g_free(position);
    g_free(size);
    return TRUE;
}

int cmd_photos(int argc, char **argv)
{
    char *village = NULL, *layer = NULL, *format_name = NULL;
    const GOptionEntry entries[] = {{"village", 0, 0, G_OPTION_ARG_STRING, &village,
                                     N_("only the photos of this village's features"), N_("NAME")},
                                    {"layer", 'l', 0, G_OPTION_ARG_STRING, &layer,
                                     N_("only the photos of this layer's features"), N_("NAME")},
                                    {"format", 0, 0, G_OPTION_ARG_STRING, &format_name,
                                     N_("table (default), csv or json"), N_("FORMAT")},
                                    {NULL}};
    int rc = 2;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    vi_report *report = NULL;
    static const char *const formats[] = {"table", "csv", "json", NULL};
    vi_format format;
    if (!cli_parse("photos", N_("[--village NAME] [--layer NAME]"), N_("List the stored photos."),
                   description, entries, &argc, &argv))
        goto out;
    if (argc > 1) {
        errorf(_("photos: unexpected argument '%s'"), argv[1]);
        goto out;
    }
    if (!cli_format(format_name, formats, &format))
        goto out;
    rc = 1;
    if (!(reg = cli_registry()))
        goto out;
    if (layer && !cli_layer(reg, "photos", layer)) {
        rc = 2;
        goto out;
    }
    if (!(store = cli_open_store(reg, TRUE)))
        goto out;
    if (village) {
        gboolean exists = FALSE;
        GError *err = NULL;
        if (!store_village_exists(store, village, &exists, &err)) {
            rc = msg_fail(err);
            goto out;
        }
        if (!exists) {
            errorf(_("photos: --village: no village \"%s\" in '%s'"), village, store_path(store));
            rc = 2;
            goto out;
        }
    }
    photos_out o = {.reg = reg, .csv = format == VI_FORMAT_CSV};
    GString *text = g_string_new(NULL);
    if (format == VI_FORMAT_JSON) {
        o.json = json_new(text, NULL);
        json_begin_array(o.json);
    } else {
        static const char *const names[] = {
            N_("file"),    N_("taken"),   N_("position"), N_("direction"), N_("layer"),
            N_("feature"), N_("village"), N_("size"),     N_("bytes"),     N_("sha256")};
        const char *heads[G_N_ELEMENTS(names)];
        for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
            heads[i] = _(names[i]);
        static const char *const csv[] = {"file",  "taken_at", "position", "direction",
                                          "layer", "feature",  "village",  "size",
                                          "bytes", "make",     "model",    "sha256"};
        report = report_new(o.csv ? NULL : _("Photos"));
        o.table = o.csv ? report_add_table(report, NULL, G_N_ELEMENTS(csv), csv)
                        : report_add_table(report, NULL, G_N_ELEMENTS(heads), heads);
    }
    GError *err = NULL;
    gboolean ok = store_photo_scan(store, village, layer, FALSE, add_photo, &o, &err);
    if (o.json) {
        json_end_array(o.json);
        json_free(o.json);
    } else if (ok) {
        report_render(report, format, text);
    }
    if (ok) {
        fputs(text->str, stdout);
        rc = 0;
    } else {
        rc = msg_fail(err);
    }
    g_string_free(text, TRUE);
out:
    report_free(report);
    store_close(store);
    registry_free(reg);
    g_free(village);
    g_free(layer);
    g_free(format_name);
    return rc;
}
