/*
 * cmd-import.c - vinfra import: a GIS file into a layer, or a project ledger.
 */
#include "cli.h"
#include "i18n.h"
#include "cmd.h"
#include "import.h"
#include "msg.h"
#include "photo.h"

#include <stdio.h>

static const char *const description =
    N_("Reads any GIS file GDAL knows (GeoJSON, Shapefile, GeoPackage, KML/KMZ, GPX,\n"
       "CSV or XLSX with lon/lat or 经度/纬度 columns), transforms it to CGCS2000\n"
       "(EPSG:4490) and checks every feature: geometry kind, position inside the\n"
       "plausible region, attribute types and values, statuses, years, project ids,\n"
       "villages and unique ids.  If any feature is rejected nothing is written.\n"
       "\n"
       "Source fields match the layer's fields by name, by their Chinese names (see\n"
       "'vinfra layers') or by a synonym of data/vocabulary.tsv (编号, 名称, 状态,\n"
       "建设年份, 项目, 村, 户主, 身份证号, 手机...), ignoring case, full-width forms and\n"
       "spaces; --map FIELD=SOURCE names a differently called source field.  Values\n"
       "of statuses and other fields with a list of values are read the same way:\n"
       "the key, its Chinese name or a synonym (已建, 新修, 竣工, 贫困户, 水泥...); a\n"
       "status the layer has under another name is its own (新建 on streetlights is\n"
       "built).  --map-value FIELD:SOURCE=VALUE reads one more source value as\n"
       "VALUE; --set FIELD=VALUE gives every feature a value for a field the file\n"
       "lacks or leaves empty.  Features without an id are named after\n"
       "the file (roads-1, roads-2, ...).  Each feature goes to the village polygon\n"
       "that contains it (a line: the one holding most of it), unless --village or\n"
       "--village-field (or a village field) says otherwise; then it must lie in\n"
       "or near that village (data/region.tsv: within 100 m when inside another\n"
       "village, 1 km when outside every village), else it is refused, or with\n"
       "--accept-outside-village imported there and listed.  GPX tracks are\n"
       "cleaned before their length counts (poor-hdop fixes and jumps dropped, stops\n"
       "collapsed, noise simplified away; the summary gives the recorded and the\n"
       "cleaned length).\n"
       "\n"
       "Without --layer, each layer of the file (a KML folder, a GeoPackage table, a\n"
       "sheet, a shapefile's or CSV's file name) goes into the layer it is named\n"
       "after: its key, Chinese or English name, or an alias of data/layers.tsv\n"
       "(路灯, 太阳能路灯, 蓄水池, 水窖, 道路, 村道, 饮水管道, 卫生室, ...), ignoring case\n"
       "and full-width forms, all in one transaction, with a summary line per layer.\n"
       "A layer of the file named after no layer is refused, never left out.  With\n"
       "--layer, a file holding several layers with features (GeoPackage tables, KML\n"
       "folders, sheets, a GPX file's waypoints, routes and tracks; its route and\n"
       "track points repeat those and do not count) is refused until --source-layer\n"
       "names the one to read, by name or by its number in the refusal's list (1 for\n"
       "the first) or, for a workbook, --sheet.  Spreadsheets and CSV files: the\n"
       "header may follow title rows; blank, totals (合计, 小计: data/totals.tsv) and\n"
       "note rows are skipped and named in the summary; errors number rows and\n"
       "columns as the spreadsheet shows them; coordinates may be\n"
       "degrees-minutes-seconds text (109°16'30.5\", 109度16分30.5秒); ODK/KoboToolbox\n"
       "exports give their geopoints and instanceID.  A file imported before (same\n"
       "content, same layer) is recognised and not imported twice.\n"
       "\n"
       "--src-crs takes any CRS PROJ knows (EPSG:4545, EPSG:4326, a PROJ string),\n"
       "or gcj02 (Amap/Gaode, Tencent) or bd09 (Baidu) for phone map coordinates.\n"
       "Gauss-Kruger eastings with the zone number in front (36617940.2: zone 36)\n"
       "are read in that CGCS2000 zone; without a datum CGCS2000 is assumed, and\n"
       "the summary says so.  Beijing 1954 and Xi'an 1980 files are read only with\n"
       "the seven parameters of the county surveying office: --src-crs\n"
       "\"+towgs84=dx,dy,dz,rx,ry,rz,ds\" (applied to the file's projection) or a\n"
       "PROJ \"+proj=pipeline ...\" to CGCS2000 longitude/latitude.\n"
       "Without it, longitude/latitude columns are read as WGS 84 (the summary says\n"
       "so) and a file without a CRS is read as WGS 84 with a warning.\n"
       "A shapefile without .cpg (from a Chinese ArcGIS) or a CSV file is read as\n"
       "UTF-8, or as GB18030 (GBK) when all of its text is that (the summary says\n"
       "so); --encoding names another encoding.\n"
       "\n"
       "A ledger (--ledger) has the columns id, name, programme, village, year,\n"
       "funding_wan (万元) and kind (project or fund); programme is a key of\n"
       "data/programmes.tsv or its Chinese name (基建扶贫).  Errors number rows as\n"
       "a spreadsheet does: the header is row 1.  Totals rows (合计, 小计, ...:\n"
       "data/totals.tsv) are skipped and named in the summary.  Numbers must lie\n"
       "within their plausible bounds (data/bounds.tsv).\n"
       "\n"
       "The summary, the warnings and the error messages follow --lang.\n"
       "\n"
       "Examples:\n"
       "  vinfra import villages.geojson --layer villages\n"
       "  vinfra import 上雷村.kml                (folders 路灯, 蓄水池: two layers)\n"
       "  vinfra import survey.gpkg --layer water_tanks --source-layer 2\n"
       "  vinfra import --ledger projects.xlsx\n"
       "  vinfra import roads.shp --layer roads --encoding GBK --src-crs EPSG:4545\n"
       "  vinfra import lights.csv --layer streetlights --village 上雷村 --map status=状况\n"
       "  vinfra import trip.gpx --layer roads --dry-run\n"
       "  vinfra import 贫困户.xlsx --layer households --set poverty=registered\n"
       "  vinfra import roads.shp --layer roads --map-value surface:碎石=gravel\n"
       "  vinfra import photos/ --layer streetlights --skip-unlocated\n"
       "\n"
       "Photos (a folder's *.jpg and *.jpeg, or JPEG files, several at once) make a\n"
       "point each at their EXIF GPS position, with the photo stored attached to\n"
       "it (see 'vinfra photos'); the id is the file name.  Photos without a GPS\n"
       "position are refused, listed, unless --skip-unlocated.  A photo longer than\n"
       "1600 pixels is stored scaled to 1600 on its longest side.\n");

static void show_progress(gint64 done, gint64 total, void *user)
{
    progress_update(user, done, total);
}

int cmd_import(int argc, char **argv)
{
    char *layer = NULL, *source_layer = NULL, *village = NULL, *village_field = NULL,
         *src_crs = NULL, *encoding = NULL, *sheet = NULL;
    char **maps = NULL, **field_maps = NULL, **sets = NULL, **value_maps = NULL;
    const char *lon_column = NULL, *lat_column = NULL;
    gboolean dry_run = FALSE, ledger = FALSE, accept_outside_village = FALSE,
             skip_unlocated = FALSE;
    int max_unzipped_mb = 0;
    const GOptionEntry entries[] = {
        {"layer", 'l', 0, G_OPTION_ARG_STRING, &layer,
         N_("the layer to import into (default: the layer each of the file's layers is named "
            "after)"),
         N_("NAME")},
        {"source-layer", 0, 0, G_OPTION_ARG_STRING, &source_layer,
         N_("the layer of the file to read, by name or number, when it holds several (a "
            "GeoPackage table, a KML folder, a sheet, GPX waypoints, routes or tracks)"),
         N_("NAME|N")},
        {"sheet", 0, 0, G_OPTION_ARG_STRING, &sheet,
         N_("the sheet of a workbook (XLSX, ODS) to read, by name or number (1 is the first)"),
         N_("NAME|N")},
        {"village", 0, 0, G_OPTION_ARG_STRING, &village, N_("put every feature in this village"),
         N_("NAME")},
        {"village-field", 0, 0, G_OPTION_ARG_STRING, &village_field,
         N_("read each feature's village from this field"), N_("FIELD")},
        {"accept-outside-village", 0, 0, G_OPTION_ARG_NONE, &accept_outside_village,
         N_("import a feature into the village named even when it lies far outside it (listed)"),
         NULL},
        {"src-crs", 0, 0, G_OPTION_ARG_STRING, &src_crs,
         N_("the file's CRS, overriding what it declares (EPSG:4545, gcj02, bd09, ...), or the "
            "seven parameters of a Beijing 1954 / Xi'an 1980 file (\"+towgs84=...\", a PROJ "
            "pipeline)"),
         N_("CRS")},
        {"encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
         N_("text encoding of a shapefile without .cpg or a CSV (e.g. GBK)"), N_("ENC")},
        {"map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
         N_("read the layer's FIELD from the file's field SOURCE (repeatable); lon=COLUMN and "
            "lat=COLUMN name a table's coordinate columns"),
         N_("FIELD=SOURCE")},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
         N_("give every feature VALUE for a FIELD the file lacks or leaves empty (repeatable)"),
         N_("FIELD=VALUE")},
        {"map-value", 0, 0, G_OPTION_ARG_STRING_ARRAY, &value_maps,
         N_("read the value SOURCE of FIELD as VALUE (repeatable)"), N_("FIELD:SOURCE=VALUE")},
        {"max-unzipped-mb", 0, 0, G_OPTION_ARG_INT, &max_unzipped_mb,
         N_("unpack at most this many MB from a zipped file (KMZ, zipped shapefile, XLSX; "
            "default 256)"),
         N_("MB")},
        {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("check everything, write nothing"),
         NULL},
        {"ledger", 0, 0, G_OPTION_ARG_NONE, &ledger,
         N_("FILE is a project ledger (CSV or XLSX), not a layer"), NULL},
        {"skip-unlocated", 0, 0, G_OPTION_ARG_NONE, &skip_unlocated,
         N_("photos: leave out (and list) photos without an EXIF GPS position"), NULL},
        {NULL}};
    int rc = 2;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    if (!cli_parse("import", N_("FILE [--layer NAME] | PHOTOS... --layer NAME | --ledger FILE"),
                   N_("Import a GIS file into a layer, or a project ledger."), description, entries,
                   &argc, &argv))
        goto out;
    gboolean photos = argc >= 2 && !ledger && photo_is_source(argv[1]);
    if (argc != 2 && !photos) {
        errorf("%s", argc < 2 ? _("import: no file given (see 'vinfra import --help')")
                              : _("import: one file at a time (see 'vinfra import --help')"));
        goto out;
    }
    if (ledger && (layer || village || village_field || src_crs || maps || sets || value_maps)) {
        errorf(_("import: --ledger takes no --layer, --village, --village-field, --src-crs, --map, "
                 "--set or --map-value"));
        goto out;
    }
    if (ledger && (source_layer || sheet)) {
        errorf(_("import: --ledger reads the first sheet with rows; --source-layer and --sheet are "
                 "for layers"));
        goto out;
    }
    if (sheet && source_layer) {
        errorf(_("import: give --sheet or --source-layer, not both"));
        goto out;
    }
    /* --map lon=COLUMN and lat=COLUMN name coordinate columns, not fields. */
    GPtrArray *kept = g_ptr_array_new();
    for (int i = 0; maps && maps[i]; i++) {
        const char **column = g_str_has_prefix(maps[i], "lon=")   ? &lon_column
                              : g_str_has_prefix(maps[i], "lat=") ? &lat_column
                                                                  : NULL;
        if (!column) {
            g_ptr_array_add(kept, maps[i]);
        } else if (*column || !maps[i][4]) {
            errorf(_("import: --map %s: %s"), maps[i],
                   *column ? _("the column is named twice")
                           : _("expected lon=COLUMN or lat=COLUMN"));
            g_ptr_array_free(kept, TRUE);
            goto out;
        } else {
            *column = maps[i] + 4;
        }
    }
    g_ptr_array_add(kept, NULL);
    field_maps = (char **)g_ptr_array_free(kept, FALSE);
    if (max_unzipped_mb < 0) {
        errorf(_("import: --max-unzipped-mb: expected a positive number of megabytes, got %d"),
               max_unzipped_mb);
        goto out;
    }
    rc = 1;
    if (!(reg = cli_registry()) || !(store = cli_open_store(reg, dry_run)))
        goto out;

    const char *path = argv[1];
    vi_import_options opt = {
        .layer = layer,
        .source_layer = source_layer,
        .village = village,
        .village_field = village_field,
        .src_crs = src_crs,
        .encoding = encoding,
        .maps = field_maps[0] ? field_maps : NULL,
        .sets = sets,
        .value_maps = value_maps,
        .sheet = sheet,
        .lon_column = lon_column,
        .lat_column = lat_column,
        .accept_outside_village = accept_outside_village,
        .max_unzipped = (gint64)max_unzipped_mb * 1000 * 1000,
        .dry_run = dry_run,
        .ledger = ledger,
        .lang = cli_common.language,
        .progress = progress_shown() ? show_progress : NULL,
        .progress_user = (void *)_("importing"),
    };
    vi_import_result res;
    GError *err = NULL;
    char *photos_label = photos ? import_photos_label(argv + 1, argc - 1) : NULL;
    gboolean ok = photos
                      ? import_photos(store, argv + 1, argc - 1, &opt, skip_unlocated, &res, &err)
                      : import_file(store, path, &opt, &res, &err);
    if (photos)
        path = photos_label;
    progress_end();
    for (guint i = 0; res.warnings && i < res.warnings->len; i++)
        warnf("%s", (char *)res.warnings->pdata[i]);
    if (!ok) {
        rc = msg_report(NULL, &err);
    } else {
        char *summary = import_summary(reg, path, &opt, &res, FALSE);
        printf("%s\n", summary);
        g_free(summary);
        rc = 0;
    }
    import_result_clear(&res);
    g_free(photos_label);
out:
    store_close(store);
    registry_free(reg);
    g_free(layer);
    g_free(source_layer);
    g_free(village);
    g_free(village_field);
    g_free(src_crs);
    g_free(encoding);
    g_free(field_maps); /* its strings are those of maps */
    g_strfreev(maps);
    g_strfreev(sets);
    g_strfreev(value_maps);
    g_free(sheet);
    return rc;
}
