/*
 * cmd-export.c - vinfra export: a county bureau's package (export.h) under
 * one of the profiles of data/profiles/.
 */
#include "cli.h"
#include "cmd.h"
#include "export.h"
#include "i18n.h"
#include "msg.h"
#include "vi-error.h"

#include <stdio.h>

static const char *const description =
    N_("Writes the layers and fields a profile names (data/profiles/: transport,\n"
       "water, health, telecom, culture, all) into the folder DIR, with GDAL, as a\n"
       "bureau's software reads them: shapefiles with a .cpg, a .prj and the DBF\n"
       "language byte for ArcGIS and SuperMap, DXF in Gauss-Krüger metres for CAD,\n"
       "KML or KMZ (WGS 84) for phone apps such as Ovi, GeoPackage, GeoJSON, CSV,\n"
       "XLSX.  Lengths (m) and areas (m²) are geodesic.  Values are written as\n"
       "their Chinese labels (现有, 县道, 沥青路面) with Chinese aliases, and CSV and\n"
       "XLSX headers are Chinese with units (长度（米）); the values, field_names,\n"
       "aliases and headers columns of data/profiles/profiles.tsv choose codes or\n"
       "ASCII names instead.  README.txt (Chinese, then English) and manifest.json\n"
       "list the layers, feature counts, total lengths, CRS, encoding, date, source\n"
       "database, what each field means (alias, unit, values) and the SHA-256 of\n"
       "every file.\n"
       "\n"
       "--crs: EPSG:4490 (CGCS2000, the default), gk for the data's CGCS2000\n"
       "3-degree Gauss-Krüger zone (EPSG:4545 for Lantian; data spanning two zones\n"
       "is refused, naming them), or any CRS PROJ knows.  KML and KMZ are WGS 84:\n"
       "--crs gcj02 is refused.\n"
       "--encoding (shapefiles and CSV): GBK or UTF-8.\n"
       "Personal fields (head of household, ID number, phone) are written only with\n"
       "--include-personal; the manifest and the database's exports table record it.\n"
       "DIR must be new, empty, or an earlier package vinfra wrote (its manifest\n"
       "lists every file with its SHA-256), which is replaced: only the files it\n"
       "lists are deleted, and a folder holding anything else is refused.  The\n"
       "package is built in a private folder beside DIR, recorded in the database,\n"
       "and then moved into place.  In CSV and XLSX a text cell beginning with\n"
       "= + - @ (a formula to a spreadsheet) gets a ' before it (see README.txt).\n"
       "\n"
       "Examples:\n"
       "  vinfra export --profile transport --out 交通局\n"
       "  vinfra export --profile transport --format dxf --out cad\n"
       "  vinfra export --profile health --village 上雷村 --zip --out 卫健局\n"
       "  vinfra export --profile telecom --format kmz --out ovi\n");

static void print_summary(const vi_export_profile *p, const char *dir, const vi_export_result *res)
{
    gboolean zh = vi_i18n_language() == VI_LANG_ZH;
    gint64 features = 0;
    for (guint i = 0; i < res->layers->len; i++)
        features += ((vi_export_layer_summary *)g_ptr_array_index(res->layers, i))->features;
    printf(_("exported %s (%s) to %s: %u layers, %lld features; %s, %s, %s\n"), p->name,
           zh ? p->name_zh : p->name_en, dir, res->layers->len, (long long)features, res->format,
           res->crs, res->encoding);
    for (guint i = 0; i < res->layers->len; i++) {
        const vi_export_layer_summary *s = g_ptr_array_index(res->layers, i);
        printf(NG_("  %s (%s): %lld feature", "  %s (%s): %lld features", (gulong)s->features),
               zh ? s->layer->name_zh : s->layer->name_en, s->file, (long long)s->features);
        if (s->layer->geometry == VI_GEOM_LINE)
            printf(_(", %.3f m"), s->length_m);
        if (s->layer->geometry == VI_GEOM_POLYGON)
            printf(_(", %.2f m²"), s->area_m2);
        printf("\n");
    }
    if (res->personal_left_out->len) {
        GString *list = g_string_new(NULL);
        for (guint i = 0; i < res->personal_left_out->len; i++)
            g_string_append_printf(list, "%s%s", i ? _(", ") : "",
                                   (char *)g_ptr_array_index(res->personal_left_out, i));
        printf(_("personal fields not written: %s (--include-personal writes them)\n"), list->str);
        g_string_free(list, TRUE);
    }
    printf("%s", _("files: "));
    for (guint i = 0; i < res->files->len; i++)
        printf("%s%s", i ? " " : "", (char *)g_ptr_array_index(res->files, i));
    printf("\n");
}

int cmd_export(int argc, char **argv)
{
    char *profile_name = NULL, *outdir = NULL, *format = NULL, *crs = NULL, *encoding = NULL,
         *village = NULL, *county = NULL;
    gboolean zip = FALSE, include_personal = FALSE, list = FALSE;
    const GOptionEntry entries[] = {
        {"profile", 0, 0, G_OPTION_ARG_STRING, &profile_name,
         N_("what to export: a profile of data/profiles/ (see --list-profiles)"), N_("NAME")},
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &outdir, N_("the package folder"), N_("DIR")},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format,
         N_("shp, gpkg, geojson, kml, kmz, dxf, csv or xlsx (default: the profile's)"),
         N_("FORMAT")},
        {"crs", 0, 0, G_OPTION_ARG_STRING, &crs,
         N_("EPSG:4490, gk (Gauss-Krüger zone of the data) or any CRS (default: the profile's)"),
         N_("CRS")},
        {"encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
         N_("text of shapefiles and CSV: GBK or UTF-8 (default: the profile's)"), N_("NAME")},
        {"village", 0, 0, G_OPTION_ARG_STRING, &village, N_("only this village"), N_("NAME")},
        {"county", 0, 0, G_OPTION_ARG_STRING, &county,
         N_("only the villages of this county (the villages' county field)"), N_("NAME")},
        {"zip", 0, 0, G_OPTION_ARG_NONE, &zip, N_("bundle the package into one .zip"), NULL},
        {"include-personal", 0, 0, G_OPTION_ARG_NONE, &include_personal,
         N_("also write personal fields (names, ID numbers, phones)"), NULL},
        {"list-profiles", 0, 0, G_OPTION_ARG_NONE, &list, N_("print the profile names and exit"),
         NULL},
        {NULL}};
    if (!cli_parse("export", N_("--profile NAME --out DIR"),
                   N_("Write a county bureau's package: shapefiles, DXF, KML and more."),
                   description, entries, &argc, &argv))
        return 2;
    int rc = 2;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    vi_export_profile *profile = NULL;
    vi_export_result res = {0};
    GError *err = NULL;
    if (argc > 1) {
        errorf(_("export: unexpected argument '%s'"), argv[1]);
        goto out;
    }
    if (list) {
        char *names = export_profile_names(cli_datadir(), &err);
        if (!names) {
            rc = msg_fail(err);
            goto out;
        }
        char **each = g_strsplit(names, ", ", -1);
        for (int i = 0; each[i]; i++)
            printf("%s\n", each[i]);
        g_strfreev(each);
        g_free(names);
        rc = 0;
        goto out;
    }
    if (!profile_name || !outdir) {
        errorf(_("export: %s is required (see 'vinfra export --help')"),
               !profile_name ? _("--profile NAME") : _("--out DIR"));
        goto out;
    }
    if (village && county) {
        errorf(_("export: --village and --county: choose one"));
        goto out;
    }
    if (!(reg = cli_registry())) {
        rc = 1;
        goto out;
    }
    if (!(profile = export_profile_load(cli_datadir(), profile_name, reg, &err))) {
        rc = msg_report(NULL, &err);
        goto out;
    }
    /* Writable: the export is recorded in the database. */
    if (!(store = cli_open_store(reg, FALSE))) {
        rc = 1;
        goto out;
    }
    char *rules = g_build_filename(cli_datadir(), "rules.tsv", NULL);
    vi_export_options opt = {.format = format,
                             .crs = crs,
                             .encoding = encoding,
                             .village = village,
                             .county = county,
                             .zip = zip,
                             .include_personal = include_personal,
                             .rules_path = rules};
    gboolean ok = export_package(store, profile, outdir, &opt, &res, &err);
    g_free(rules);
    if (!ok) {
        rc = msg_report(NULL, &err);
        goto out;
    }
    print_summary(profile, outdir, &res);
    rc = 0;
out:
    export_result_clear(&res);
    export_profile_free(profile);
    store_close(store);
    registry_free(reg);
    g_free(profile_name);
    g_free(outdir);
    g_free(format);
    g_free(crs);
    g_free(encoding);
    g_free(village);
    g_free(county);
    return rc;
}
