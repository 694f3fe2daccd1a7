/*
 * cmd-import.c - vinfra import: a GIS file into a layer, or a project ledger.
 */
#include "cli.h"
#include "cmd.h"
#include "import.h"
#include "msg.h"

#include <stdio.h>

static const char description[] =
    "Reads any GIS file GDAL knows (GeoJSON, Shapefile, GeoPackage, KML/KMZ, GPX,\n"
    "CSV or XLSX with lon/lat or 经度/纬度 columns), transforms it to CGCS2000\n"
    "(EPSG:4490) and checks every feature: geometry kind, position inside the\n"
    "plausible region, attribute types and values, statuses, years, project ids,\n"
    "villages and unique ids.  If any feature is rejected nothing is written.\n"
    "\n"
    "Source fields match the layer's fields by name, ignoring case, or by their\n"
    "Chinese names (see 'vinfra layers'; 编号, 名称, 状态, 年份, 项目 and 村 for\n"
    "id, name, status, year, project and village); --map FIELD=SOURCE names a\n"
    "differently called source field.  Features without an id are named after\n"
    "the file (roads-1, roads-2, ...).  Each feature goes to the village polygon\n"
    "that contains it (a line: the one holding most of it), unless --village or\n"
    "--village-field (or a village field) says otherwise; then it must lie in\n"
    "or near that village (data/region.tsv: within 100 m when inside another\n"
    "village, 1 km when outside every village), else it is refused, or with\n"
    "--accept-outside-village imported there and listed.  GPX tracks are\n"
    "simplified keeping their length within 0.1%.  A file holding several layers\n"
    "with features (GeoPackage tables, KML folders, sheets, a GPX file's\n"
    "waypoints, routes and tracks; its route and track points repeat those and\n"
    "do not count) is refused until --source-layer (or --sheet) names the one to\n"
    "read.  Spreadsheets and CSV files: the header may follow title rows; blank,\n"
    "totals (合计, 小计: data/totals.tsv) and note rows are skipped and named in\n"
    "the summary; errors number rows and columns as the spreadsheet shows them;\n"
    "coordinates may be degrees-minutes-seconds text (109°16'30.5\", 109度16分30.5秒);\n"
    "ODK/KoboToolbox exports give their geopoints and instanceID.  A file\n"
    "imported before (same content, same layer) is recognised and not imported\n"
    "twice.\n"
    "\n"
    "--src-crs takes any CRS PROJ knows (EPSG:4545, EPSG:4326, a PROJ string),\n"
    "or gcj02 (Amap/Gaode, Tencent) or bd09 (Baidu) for phone map coordinates.\n"
    "Without it, longitude/latitude columns are read as WGS 84 (the summary says\n"
    "so) and a file without a CRS is read as WGS 84 with a warning.\n"
    "--encoding names the text encoding of a shapefile without .cpg (from a\n"
    "Chinese ArcGIS, usually GBK) or of a CSV file.\n"
    "\n"
    "A ledger (--ledger) has the columns id, name, programme, village, year,\n"
    "funding_wan (万元) and kind (project or fund); programme is a key of\n"
    "data/programmes.tsv or its Chinese name (基建扶贫).  Errors number rows as\n"
    "a spreadsheet does: the header is row 1.  Totals rows (合计, 小计, ...:\n"
    "data/totals.tsv) are skipped and named in the summary.  Numbers must lie\n"
    "within their plausible bounds (data/bounds.tsv).\n"
    "\n"
    "The summary and the warnings follow --lang; error messages are in English.\n"
    "\n"
    "Examples:\n"
    "  vinfra import villages.geojson --layer villages\n"
    "  vinfra import --ledger projects.xlsx\n"
    "  vinfra import roads.shp --layer roads --encoding GBK --src-crs EPSG:4545\n"
    "  vinfra import lights.csv --layer streetlights --village 上雷村 --map status=状况\n"
    "  vinfra import trip.gpx --layer roads --dry-run\n";

static void show_progress(gint64 done, gint64 total, void *user)
{
    progress_update(user, done, total);
}

int cmd_import(int argc, char **argv)
{
    char *layer = NULL, *source_layer = NULL, *village = NULL, *village_field = NULL,
         *src_crs = NULL, *encoding = NULL, *sheet = NULL;
    char **maps = NULL, **field_maps = NULL;
    const char *lon_column = NULL, *lat_column = NULL;
    gboolean dry_run = FALSE, ledger = FALSE, accept_outside_village = FALSE;
    int max_unzipped_mb = 0;
    const GOptionEntry entries[] = {
        {"layer", 'l', 0, G_OPTION_ARG_STRING, &layer, "the layer to import into", "NAME"},
        {"source-layer", 0, 0, G_OPTION_ARG_STRING, &source_layer,
         "the layer of the file to read, when it holds several (a GeoPackage table, a KML "
         "folder, a sheet, GPX waypoints, routes or tracks)",
         "NAME"},
        {"sheet", 0, 0, G_OPTION_ARG_STRING, &sheet,
         "the sheet of a workbook (XLSX, ODS) to read, by name or number (1 is the first)",
         "NAME|N"},
        {"village", 0, 0, G_OPTION_ARG_STRING, &village, "put every feature in this village",
         "NAME"},
        {"village-field", 0, 0, G_OPTION_ARG_STRING, &village_field,
         "read each feature's village from this field", "FIELD"},
        {"accept-outside-village", 0, 0, G_OPTION_ARG_NONE, &accept_outside_village,
         "import a feature into the village named even when it lies far outside it (listed)", NULL},
        {"src-crs", 0, 0, G_OPTION_ARG_STRING, &src_crs,
         "the file's CRS, overriding what it declares (EPSG:4545, gcj02, bd09, ...)", "CRS"},
        {"encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
         "text encoding of a shapefile without .cpg or a CSV (e.g. GBK)", "ENC"},
        {"map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
         "read the layer's FIELD from the file's field SOURCE (repeatable); lon=COLUMN and "
         "lat=COLUMN name a table's coordinate columns",
         "FIELD=SOURCE"},
        {"max-unzipped-mb", 0, 0, G_OPTION_ARG_INT, &max_unzipped_mb,
         "unpack at most this many MB from a zipped file (KMZ, zipped shapefile, XLSX; "
         "default 256)",
         "MB"},
        {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, "check everything, write nothing", NULL},
        {"ledger", 0, 0, G_OPTION_ARG_NONE, &ledger,
         "FILE is a project ledger (CSV or XLSX), not a layer", NULL},
        {NULL}};
    int rc = 2;
    vi_registry *reg = NULL;
    vi_store *store = NULL;
    if (!cli_parse("import", "FILE --layer NAME | --ledger FILE",
                   "Import a GIS file into a layer, or a project ledger.", description, entries,
                   &argc, &argv))
        goto out;
    if (argc != 2) {
        errorf(argc < 2 ? "import: no file given (see 'vinfra import --help')"
                        : "import: one file at a time (see 'vinfra import --help')");
        goto out;
    }
    if (ledger && (layer || village || village_field || src_crs || maps)) {
        errorf("import: --ledger takes no --layer, --village, --village-field, --src-crs or "
               "--map");
        goto out;
    }
    if (ledger && (source_layer || sheet)) {
        errorf("import: --ledger reads the first sheet with rows; --source-layer and --sheet are "
               "for layers");
        goto out;
    }
    if (sheet && source_layer) {
        errorf("import: give --sheet or --source-layer, not both");
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
            errorf("import: --map %s: %s", maps[i],
                   *column ? "the column is named twice" : "expected lon=COLUMN or lat=COLUMN");
            g_ptr_array_free(kept, TRUE);
            goto out;
        } else {
            *column = maps[i] + 4;
        }
    }
    g_ptr_array_add(kept, NULL);
    field_maps = (char **)g_ptr_array_free(kept, FALSE);
    if (max_unzipped_mb < 0) {
        errorf("import: --max-unzipped-mb: expected a positive number of megabytes, got %d",
               max_unzipped_mb);
        goto out;
    }
    if (!ledger && !layer) {
        errorf("import: --layer is required (see 'vinfra layers' for the names)");
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
        .sheet = sheet,
        .lon_column = lon_column,
        .lat_column = lat_column,
        .accept_outside_village = accept_outside_village,
        .max_unzipped = (gint64)max_unzipped_mb * 1000 * 1000,
        .dry_run = dry_run,
        .ledger = ledger,
        .lang = cli_common.language,
        .progress = show_progress,
        .progress_user = (void *)cli_text("正在导入", "importing"),
    };
    vi_import_result res;
    GError *err = NULL;
    gboolean ok = import_file(store, path, &opt, &res, &err);
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
    g_free(sheet);
    return rc;
}
