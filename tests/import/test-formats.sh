#!/usr/bin/env bash
# Every source format round-trips: counts, geodesic lengths, coordinates and
# attribute values arrive as in the source, each feature in its village.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
need ogrinfo
need python3

# What roads.geojson holds, as vinfra must store it (id, village, name,
# status, year, class, surface, width).
cat > "$T/roads.expected" <<'ROWS'
R-01|上雷村|上雷村主路|hardened|2018|village|concrete|4.5
R-02|双龙村|双龙村三组路|new|2019|group|gravel|3.5
R-03|双龙村|七组便道|widened|2020|group|earth|3.0
R-04|双龙村|通村公路|existing||township|asphalt|6.0
R-05|上雷村|上雷村规划路|planned|2021|||
ROWS
want_length=$(ref_length "$FIX/roads.geojson")

# check_roads DB SOURCE: the roads layer of DB holds roads.geojson.
check_roads() {
  sql "$1" "select id, village, name, status, year, class, surface, width from roads order by id" > "$T/roads.got"
  diff "$T/roads.expected" "$T/roads.got" >&2 || fail "$2: attribute values differ"
  assert_eq "$want_length" "$(db_length "$1" roads)" "$2: total geodesic length"
  assert_eq 5 "$(sql "$1" "select count(*) from roads where import_id = (select id from imports where layer = 'roads')")" "$2: features referencing their import"
  assert_eq 5 "$(sql "$1" "select features from imports where layer = 'roads'")" "$2: recorded feature count"
}

# GeoJSON, as committed.
db=$(fresh geojson)
expect_ok "$VINFRA" import "$FIX/roads.geojson" --layer roads --db "$db"
assert_eq "已导入 '$FIX/roads.geojson' → 道路：读取 5 条，写入 5 条，跳过 0 条；字段 remark 不属于图层 道路，未导入" "$(cat "$T/out")" "summary"
! grep -q "warning:.*remark" "$T/err" || { cat "$T/err"; fail "the unmatched field is said in the summary, not as a warning"; }
check_roads "$db" GeoJSON
# --lang en: the same summary and warnings in English.
expect_ok "$VINFRA" import "$FIX/roads.geojson" --layer roads --db "$(fresh geojson_en)" --lang en
assert_eq "imported '$FIX/roads.geojson' into roads: 5 read, 5 written, 0 skipped; field remark is not in layer roads: not imported" "$(cat "$T/out")" "summary in English"
# --quiet silences warnings, not the summary.
db=$(fresh quiet)
expect_ok "$VINFRA" import "$FIX/roads.geojson" --layer roads --db "$db" --quiet
[ ! -s "$T/err" ] || { cat "$T/err"; fail "--quiet printed on stderr"; }
assert_contains "$T/out" "写入 5 条"

# Field names and allowed values match ignoring case, and are stored as the
# registry spells them; a year of 0 (ArcGIS's empty number) means unknown.
cat > "$T/case.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [{"type": "Feature",
 "properties": {"ID": "R-1", "Status": "Hardened", "YEAR": 0, "Surface": "CONCRETE"},
 "geometry": {"type": "LineString", "coordinates": [[109.26, 34.0], [109.27, 34.0]]}}]}
JSON
db=$(fresh case)
expect_ok "$VINFRA" import "$T/case.geojson" --layer roads --db "$db"
assert_eq "R-1|hardened||concrete" "$(sql "$db" "select id, status, year, surface from roads")" "case-insensitive values"

# Shapefile with .prj and a UTF-8 .cpg; names cut to 10 characters by the format.
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 "$T/roads.shp" "$FIX/roads.geojson" 2>/dev/null
[ -f "$T/roads.cpg" ] && [ -f "$T/roads.prj" ] || fail "fixture: shapefile sidecars missing"
db=$(fresh shp)
expect_ok "$VINFRA" import "$T/roads.shp" --layer roads --db "$db"
check_roads "$db" Shapefile

# GeoPackage.
ogr2ogr -f GPKG "$T/roads.gpkg" "$FIX/roads.geojson"
db=$(fresh gpkg)
expect_ok "$VINFRA" import "$T/roads.gpkg" --layer roads --db "$db"
check_roads "$db" GeoPackage

# A GeoPackage with two tables is refused until --source-layer names one (the
# refusal itself is in tests/badinput); a KML's folders are layers too.
ogr2ogr -update "$T/roads.gpkg" "$FIX/villages.geojson" -nln 村界
db=$(fresh gpkg2)
expect_ok "$VINFRA" import "$T/roads.gpkg" --layer roads --source-layer roads --db "$db"
check_roads "$db" "GeoPackage --source-layer"
cat > "$T/folders.kml" <<'KML'
<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Folder><name>路灯</name><Placemark><name>L-1</name><Point><coordinates>109.2651,34.0070</coordinates></Point></Placemark></Folder>
<Folder><name>道路</name><Placemark><name>R-1</name><LineString><coordinates>109.2636,34.001 109.2646,34.001</coordinates></LineString></Placemark></Folder>
</Document></kml>
KML
expect_ok "$VINFRA" import "$T/folders.kml" --layer streetlights --source-layer 路灯 --village 上雷村 --db "$db" --lang en
assert_eq "imported '$T/folders.kml' into streetlights: 1 read, 1 written, 0 skipped" "$(cat "$T/out")" "KML folder"

# KML, and KMZ made the way people make them: the KML zipped as doc.kml.
ogr2ogr -f KML "$T/roads.kml" "$FIX/roads.geojson"
db=$(fresh kml)
expect_ok "$VINFRA" import "$T/roads.kml" --layer roads --db "$db"
check_roads "$db" KML
grep -q "tessellate" "$T/err" && fail "KML display fields reported as ignored data"
python3 - "$T/roads.kml" "$T/roads.kmz" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[1], 'doc.kml')
PY
db=$(fresh kmz)
expect_ok "$VINFRA" import "$T/roads.kmz" --layer roads --db "$db"
check_roads "$db" KMZ
# A KMZ as GDAL writes it (doc.kml linking layers/*.kml).
ogr2ogr -f LIBKML "$T/gdal.kmz" "$FIX/roads.geojson"
db=$(fresh gdalkmz)
expect_ok "$VINFRA" import "$T/gdal.kmz" --layer roads --db "$db"
check_roads "$db" "GDAL KMZ"

# CSV with Chinese headers (编号, 名称, 经度, 纬度) and XLSX with numeric cells.
cat > "$T/lights.csv" <<'CSV'
编号,名称,经度,纬度,status,year,power_source,watts
L-01,村口路灯,109.2712345,34.0012345,built,2019,solar,30
L-02,,109.3287654,34.0098765,built,2019,grid,60
L-03,广场灯,109.2600001,33.9900001,planned,2022,solar,
CSV
cat > "$T/lights.expected" <<'ROWS'
L-01|上雷村|村口路灯|built|2019|solar|30|109.2712345 34.0012345
L-02|双龙村||built|2019|grid|60|109.3287654 34.0098765
L-03|上雷村|广场灯|planned|2022|solar||109.2600001 33.9900001
ROWS
check_lights() {
  sql "$1" "select id, village, name, status, year, power_source, watts, printf('%.7f %.7f', X(geom), Y(geom)) from streetlights order by id" > "$T/lights.got"
  diff "$T/lights.expected" "$T/lights.got" >&2 || fail "$2: streetlights differ"
}
db=$(fresh csv)
expect_ok "$VINFRA" import "$T/lights.csv" --layer streetlights --db "$db"
check_lights "$db" CSV
# Longitude/latitude columns are WGS 84 by convention: no warning, the
# summary states the assumption once.
assert_eq "已导入 '$T/lights.csv' → 路灯：读取 3 条，写入 3 条，跳过 0 条；坐标按 WGS 84 经纬度读取，用 --src-crs 指定其他坐标系" "$(cat "$T/out")" "CSV summary"
[ ! -s "$T/err" ] || { cat "$T/err"; fail "CSV import warned"; }
expect_ok "$VINFRA" import "$T/lights.csv" --layer streetlights --db "$(fresh csv_en)" --lang en
assert_eq "imported '$T/lights.csv' into streetlights: 3 read, 3 written, 0 skipped; coordinates read as WGS 84 longitude/latitude (name another CRS with --src-crs)" "$(cat "$T/out")" "CSV summary in English"
# Naming the CRS leaves nothing to state.
expect_ok "$VINFRA" import "$T/lights.csv" --layer streetlights --db "$(fresh csv_crs)" --src-crs EPSG:4326
assert_eq "已导入 '$T/lights.csv' → 路灯：读取 3 条，写入 3 条，跳过 0 条" "$(cat "$T/out")" "CSV summary with --src-crs"
ogr2ogr -f XLSX "$T/lights.xlsx" "$T/lights.csv" -oo AUTODETECT_TYPE=YES -nln 路灯
ogrinfo -so -al "$T/lights.xlsx" | grep -q "经度: Real" || fail "fixture: XLSX longitude is not numeric"
db=$(fresh xlsx)
expect_ok "$VINFRA" import "$T/lights.xlsx" --layer streetlights --db "$db"
check_lights "$db" XLSX
# Spreadsheet rows left blank below the data are skipped, with a word.
printf ',,,,,,,\n,,,,,,,\n' >> "$T/lights.csv"
db=$(fresh csvblank)
expect_ok "$VINFRA" import "$T/lights.csv" --layer streetlights --db "$db"
assert_eq "已导入 '$T/lights.csv' → 路灯：读取 5 条，写入 3 条，跳过 2 条；第 5、6 行为空，已跳过；坐标按 WGS 84 经纬度读取，用 --src-crs 指定其他坐标系" "$(cat "$T/out")" "summary with blank rows"
check_lights "$db" "CSV with blank rows"

# Villages from a field (an empty one falls back to the position) or for all;
# the village named wins over a boundary a few tens of metres away (B-1 and
# B-3 lie 46 m inside the neighbour), never over a position far from it.
printf 'id,村名,lon,lat\nB-1,双龙村,109.2995,34.0\nB-2,,109.28,34.0\nB-3,上雷村,109.3005,34.0\n' > "$T/vf.csv"
db=$(fresh vfield)
expect_ok "$VINFRA" import "$T/vf.csv" --layer bridges --village-field 村名 --db "$db"
assert_eq "B-1|双龙村 B-2|上雷村 B-3|上雷村" "$(sql "$db" "select group_concat(id || '|' || village, ' ') from (select * from bridges order by id)")" "--village-field"
printf 'id,lon,lat\nB-1,109.2995,34.0\nB-2,109.365,34.0\n' > "$T/vall.csv"
expect_ok "$VINFRA" import "$T/vall.csv" --layer bridges --village 双龙村 --db "$(fresh vall)"
assert_eq "B-1|双龙村 B-2|双龙村" "$(sql "$T/vall.sqlite" "select group_concat(id || '|' || village, ' ') from (select * from bridges order by id)")" "--village"

# A polygon layer (added to a copy of the registry: layers are data) goes to
# the village holding its point on surface.  S-1 is a C whose long arms reach
# into 上雷村 (where its centroid lies, in the hollow, outside the polygon); its
# point on surface is on the bar in 双龙村.  S-2 straddles the border.
cp -r "$VINFRA_DATADIR" "$T/data"
printf 'squares\t广场\tsquares\tpolygon\tculture\tbuilt,existing,planned\t\t\tsquare\n' >> "$T/data/layers.tsv"
cat > "$T/squares.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "S-1", "status": "built"}, "geometry": {"type": "Polygon",
  "coordinates": [[[109.25, 34.0], [109.31, 34.0], [109.31, 34.01], [109.25, 34.01], [109.25, 34.009], [109.309, 34.009], [109.309, 34.001], [109.25, 34.001], [109.25, 34.0]]]}},
 {"type": "Feature", "properties": {"id": "S-2", "status": "built"}, "geometry": {"type": "MultiPolygon",
  "coordinates": [[[[109.296, 34.0], [109.303, 34.0], [109.303, 34.002], [109.296, 34.002], [109.296, 34.0]]]]}}]}
JSON
VINFRA_DATADIR="$T/data" expect_ok "$VINFRA" init --db "$T/poly.sqlite"
VINFRA_DATADIR="$T/data" expect_ok "$VINFRA" import "$FIX/villages.geojson" --layer villages --db "$T/poly.sqlite"
VINFRA_DATADIR="$T/data" expect_ok "$VINFRA" import "$T/squares.geojson" --layer squares --db "$T/poly.sqlite"
assert_eq "S-1|双龙村 S-2|上雷村" "$(sql "$T/poly.sqlite" "select group_concat(id || '|' || village, ' ') from (select * from squares order by id)")" "polygon villages"

# GPX: a track of 3000 fixes (with metre-level jitter) becomes one road line,
# cleaned (track-clean.h) to fewer vertices and to within 2% of the length of
# the line without the jitter; the summary gives the recorded and the
# cleaned length, as GDAL and SpatiaLite measure them.
python3 - "$T/trip.gpx" "$T/smooth.gpx" <<'PY'
import math, sys
for path, jitter in ((sys.argv[1], 0.00001), (sys.argv[2], 0)):
    with open(path, 'w') as f:
        f.write('<?xml version="1.0"?>\n<gpx version="1.1" creator="vinfra test" '
                'xmlns="http://www.topografix.com/GPX/1/1">\n'
                '<wpt lat="34.001" lon="109.26"><name>桥</name></wpt>\n'
                '<trk><name>上雷村新修路</name><trkseg>\n')
        n = 3000
        for i in range(n):
            t = i / (n - 1)
            lon = 109.255 + 0.04 * t
            lat = 34.0 + 0.01 * math.sin(t * 6 * math.pi) + jitter * math.sin(i * 1.7)
            f.write(f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"/>\n')
        f.write('</trkseg></trk></gpx>\n')
PY
db=$(fresh gpx)
expect_ok "$VINFRA" import "$T/trip.gpx" --layer roads --source-layer tracks --db "$db" --lang en
src_len=$(ref_length "$T/trip.gpx" tracks)
smooth_len=$(ref_length "$T/smooth.gpx" tracks)
got_len=$(db_length "$db" roads)
assert_eq "imported '$T/trip.gpx' into roads: 1 read, 1 written, 0 skipped; GPS track $(printf '%.0f' "$src_len") m as recorded, $(printf '%.0f' "$got_len") m cleaned (0 poor or jumping fixes dropped, 0 stops collapsed)" "$(cat "$T/out")" "GPX summary"
assert_contains "$T/err" "vinfra: warning: '$T/trip.gpx': 1 feature has no status (counted as unknown)"
assert_eq "trip-1|上雷村|上雷村新修路" "$(sql "$db" "select id, village, name from roads")" "GPX track row"
awk -v s="$smooth_len" -v g="$got_len" 'BEGIN { d = (g - s) / s; exit !(d < 0.02 && d > -0.02) }' ||
  fail "GPX length $got_len m is not within 2% of the jitter-free line's $smooth_len m"
vertices=$(sql "$db" "select NumPoints(GeometryN(geom, 1)) from roads")
[ "$vertices" -lt 3000 ] || fail "GPX track was not simplified ($vertices vertices)"
# The waypoint layer feeds point layers from the same file.
db=$(fresh gpxpoint)
expect_ok "$VINFRA" import "$T/trip.gpx" --layer bridges --source-layer waypoints --db "$db"
assert_contains "$T/err" "vinfra：警告：'$T/trip.gpx'：1 个要素没有状态（计为未知）"
assert_eq "上雷村|桥|POINT(109.26 34.001)" "$(sql "$db" "select village, name, AsText(geom) from bridges")" "GPX waypoint"
echo ok
