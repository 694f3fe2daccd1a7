#!/usr/bin/env bash
# Rejected input: every check of vinfra import, with its exit code, the exact
# message, and the database byte-identical afterwards.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
need python3
cd "${T:?}"   # messages then name files as a user types them

# With roads in the store, for the checks against stored ids.
WITH_ROADS="$T/roads.sqlite"
cp "$DB" "$WITH_ROADS"
expect_ok "$VINFRA" import "$FIX/roads.geojson" --layer roads --db "$WITH_ROADS"

# reject [--db FILE] CODE 'message' ARGS...: vinfra import ARGS fails with CODE
# and prints "vinfra: error: message"; the database is byte-identical.
reject() {
  local db=$DB
  if [ "$1" = --db ]; then db=$2; shift 2; fi
  local code=$1 msg=$2; shift 2
  local before; before=$(sha "$db")
  expect_fail "$code" "vinfra: error: $msg" "$VINFRA" import --db "$db" "$@"
  assert_eq "$before" "$(sha "$db")" "database after: $msg"
}

# fc FILE FEATURE...: a GeoJSON FeatureCollection.
fc() { local f=$1; shift; local IFS=,; printf '{"type": "FeatureCollection", "features": [%s]}\n' "$*" > "$f"; }
# feat PROPERTIES GEOMETRY: one GeoJSON feature.
feat() { printf '{"type": "Feature", "properties": %s, "geometry": %s}' "$1" "$2"; }
pt() { printf '{"type": "Point", "coordinates": [%s]}' "$1"; }
line() { printf '{"type": "LineString", "coordinates": [%s]}' "$1"; }
A_LINE=$(line '[109.26, 34.0], [109.27, 34.005]')

# -- the command line and the file ----------------------------------------
expect_fail 2 "vinfra: error: import: no file given (see 'vinfra import --help')" "$VINFRA" import --layer roads
# Without --layer a file goes into the layer it is named after (test-multilayer.sh); one
# named after none is refused, asking for --layer.
fc lamps.geojson "$(feat '{}' "$(pt '109.26, 34.0')")"
LAYERS="villages (行政村), households (农户), roads (道路), bridges (便民桥), streetlights (路灯), water_tanks (蓄水池), water_pipes (饮水管道), rivers (河道), signal_towers (信号塔), clinics (村医务室), elderly_care (养老服务设施), committees (村委会), culture (文化设施), schools (学校设施), toilets (公共厕所), garbage_pools (垃圾池), trees (景观树), industry (产业设施)"
reject 2 "cannot import 'lamps.geojson': its layer lamps (Point, 1 feature) is named after no layer (layers: $LAYERS): say which layer it goes into with --layer NAME" lamps.geojson
reject 1 "cannot import 'none.geojson': no such file" none.geojson --layer roads
echo hello > junk.geojson
reject 1 "cannot import 'junk.geojson': not a GIS file GDAL can read (expected GeoJSON, Shapefile, GeoPackage, KML/KMZ, GPX, CSV or XLSX)" junk.geojson --layer roads
echo '{"type": "FeatureCollection", "features": [' > cut.geojson
reject 1 "cannot import 'cut.geojson': cannot open it as GeoJSON: At line 2, character 1: Unterminated array; Failed to read GeoJSON data" cut.geojson --layer roads
fc ok.geojson "$(feat '{"id": "R-1", "status": "new"}' "$A_LINE")"
reject 2 "cannot import 'ok.geojson': unknown layer \"raods\" (layers: villages, households, roads, bridges, streetlights, water_tanks, water_pipes, rivers, signal_towers, clinics, elderly_care, committees, culture, schools, toilets, garbage_pools, trees, industry)" ok.geojson --layer raods
reject 2 "cannot import 'ok.geojson': --src-crs: cannot understand \"EPSG:99999\" (expected a CRS such as EPSG:4545, a PROJ string, gcj02 or bd09)" ok.geojson --layer roads --src-crs EPSG:99999
reject 2 "cannot import 'ok.geojson': --encoding: unknown encoding \"klingon\"" ok.geojson --layer roads --encoding klingon
reject 2 "cannot import 'ok.geojson': --map \"state=status\": layer roads has no field \"state\" (its fields: id, village, name, status, year, project, class, surface, width)" ok.geojson --layer roads --map state=status
reject 2 "cannot import 'ok.geojson': --map \"status=state\": the file has no field \"state\" (its fields: id, status)" ok.geojson --layer roads --map status=state
reject 2 "cannot import 'ok.geojson': --map \"status\": expected FIELD=SOURCE" ok.geojson --layer roads --map status
reject 2 "cannot import 'ok.geojson': --village: unknown village \"王家村\" (villages: 上雷村, 双龙村)" ok.geojson --layer roads --village 王家村
reject 2 "cannot import 'ok.geojson': --village-field: the file has no field \"村\" (its fields: id, status)" ok.geojson --layer roads --village-field 村
reject 2 "cannot import 'ok.geojson': give --village or --village-field, not both" ok.geojson --layer roads --village 上雷村 --village-field id
reject 1 "cannot import 'ok.geojson': layer trees needs field \"species\" (one of cherry (樱花), crape_myrtle (紫薇), other (其他)), which the file does not have (name the file's field with --map species=FIELD, or give every feature the same value with --set species=VALUE)" ok.geojson --layer trees
# A store without villages cannot place features.
"$VINFRA" init --db empty.sqlite > /dev/null
reject --db empty.sqlite 1 "cannot import 'ok.geojson': the store has no villages to place features in: import the villages layer first (or with them, from a folder, table or sheet of the same file named after it), or give --village NAME" ok.geojson --layer roads

# -- geometry ---------------------------------------------------------------
fc kind.geojson "$(feat '{"id": "P-1"}' "$(pt '109.26, 34.0')")"
reject 1 "cannot import 'kind.geojson': feature 1 (id \"P-1\"): geometry: expected a line (LINESTRING or MULTILINESTRING), got POINT" kind.geojson --layer roads
reject 1 "cannot import 'ok.geojson': feature 1 (id \"R-1\"): geometry: expected a point, got LINESTRING" ok.geojson --layer bridges
fc empty.geojson "$(feat '{"id": "R-1"}' "$A_LINE")" "$(feat '{"id": "R-2"}' '{"type": "LineString", "coordinates": []}')"
reject 1 "cannot import 'empty.geojson': feature 2 (id \"R-2\"): geometry: expected a line (LINESTRING or MULTILINESTRING), got an empty LINESTRING" empty.geojson --layer roads
fc null.geojson "$(feat '{"id": "R-1"}' null)"
reject 1 "cannot import 'null.geojson': feature 1 (id \"R-1\"): geometry: expected a line (LINESTRING or MULTILINESTRING), got none" null.geojson --layer roads
fc inf.geojson "$(feat '{"id": "B-1"}' "$(pt '1e999, 34.0')")"
reject 1 "cannot import 'inf.geojson': feature 1 (id \"B-1\"): geometry: expected finite coordinates, got inf 34" inf.geojson --layer bridges
printf 'id,lon,lat\nB-1,109.26,34.0\nB-2,109.2x,34.0\n' > lonlat.csv
reject 1 "cannot import 'lonlat.csv': row 3 (id \"B-2\"), column lon: expected the longitude in decimal degrees (109.275) or degrees, minutes and seconds (109°16'30.5\", 109°16′30.5″E, E109°16'30.5\", 109度16分30.5秒, 109:16:30.5), got \"109.2x\": \"x\" after the number 109.2" lonlat.csv --layer bridges
printf 'id,where\nB-1,here\n' > nolonlat.csv
reject 1 "cannot import 'nolonlat.csv': no geometry and no longitude/latitude columns (expected columns named lon, lng, longitude, 经度 or 东经 and lat, latitude, 纬度 or 北纬 (data/coordinates.tsv), an ODK geopoint column, or --map lon=COLUMN --map lat=COLUMN)" nolonlat.csv --layer bridges
# Positions outside Shaanxi, and what they look like.
REGION="陕西省 Shaanxi (105.4 to 111.3 E, 31.6 to 39.6 N)"
fc swapped.geojson "$(feat '{"id": "B-1"}' "$(pt '109.26, 34.0')")" "$(feat '{"id": "B-2"}' "$(pt '34.01, 109.27')")"
reject 1 "cannot import 'swapped.geojson': feature 2 (id \"B-2\"): geometry: expected a position inside $REGION, got 34.01 109.27: looks like latitude and longitude are swapped" swapped.geojson --layer bridges
fc metres.geojson "$(feat '{"id": "B-1"}' "$(pt '617332.3, 3764388.7')")"
reject 1 "cannot import 'metres.geojson': feature 1 (id \"B-1\"): geometry: expected a position inside $REGION, got 617332.3 3764388.7: looks like projected metres read as degrees (name the file's CRS with --src-crs, e.g. EPSG:4545)" metres.geojson --layer bridges
reject 1 "cannot import 'ok.geojson': feature 1 (id \"R-1\"): geometry: expected a position inside $REGION, got 109.26 34: looks like degrees in a file declared as projected (name the file's CRS with --src-crs, e.g. EPSG:4490)" ok.geojson --layer roads --src-crs EPSG:4545
fc beijing.geojson "$(feat '{"id": "B-1"}' "$(pt '116.404, 39.915')")"
reject 1 "cannot import 'beijing.geojson': feature 1 (id \"B-1\"): geometry: expected a position inside $REGION, got 116.404 39.915" beijing.geojson --layer bridges
# Inside Shaanxi but in no village: an error unless --village places it.
fc far.geojson "$(feat '{"id": "B-1"}' "$(pt '109.5, 34.1')")"
reject 1 "cannot import 'far.geojson': feature 1 (id \"B-1\"): geometry: expected a position inside a village, got one outside every village (give --village NAME to place it)" far.geojson --layer bridges
# --village places it when it lies near the village (460 m east of 双龙村),
# not 16 km away, unless --accept-outside-village says so (and it is listed).
fc near.geojson "$(feat '{"id": "B-1"}' "$(pt '109.365, 34.0')")"
before=$(sha "$DB")
expect_ok "$VINFRA" import near.geojson --layer bridges --village 双龙村 --dry-run --db "$DB"
assert_eq "已检查 'near.geojson' → 便民桥：读取 1 条，可写入 1 条，跳过 0 条，未写入（试运行）" "$(cat "$T/out")" "dry run summary"
assert_eq "$before" "$(sha "$DB")" "database after a dry run"
reject 1 "cannot import 'far.geojson': feature 1 (id \"B-1\"): --village \"双龙村\": expected a position within 1000 m of 双龙村, got one outside every village, 16.5 km from 双龙村 (check the position, the village and the file's CRS; --accept-outside-village imports it into 双龙村 and lists it)" far.geojson --layer bridges --village 双龙村
expect_ok "$VINFRA" import far.geojson --layer bridges --village 双龙村 --accept-outside-village --dry-run --db "$DB"
assert_contains "$T/err" "vinfra：警告：'far.geojson'：要素 1（编号 \"B-1\"）：按指定导入双龙村，但它不在任何村内，距双龙村 16.5 km"
expect_ok "$VINFRA" import far.geojson --layer bridges --village 双龙村 --accept-outside-village --dry-run --db "$DB" --lang en
assert_contains "$T/err" "vinfra: warning: 'far.geojson': feature 1 (id \"B-1\"): imported into 双龙村 as named, though it lies outside every village, 16.5 km from 双龙村"
assert_eq "$before" "$(sha "$DB")" "database after dry runs"
# Neighbouring villages share a boundary, which is no overlap: they import
# without a word (the fixture's two villages share an edge).
expect_ok "$VINFRA" init --db "$T/neighbours.sqlite"
expect_ok "$VINFRA" import "$FIX/villages.geojson" --layer villages --db "$T/neighbours.sqlite"
assert_eq "" "$(cat "$T/err")" "warnings importing neighbouring villages"
# Polygons: a bow-tie cannot be repaired safely; a ring touching itself can.
bowtie='{"type": "Polygon", "coordinates": [[[109.40, 34.05], [109.41, 34.06], [109.41, 34.05], [109.40, 34.06], [109.40, 34.05]]]}'
fc bowtie.geojson "$(feat '{"id": "V-9", "name": "王家村", "town": "t", "county": "c"}' "$bowtie")"
reject 1 "cannot import 'bowtie.geojson': feature 1 (id \"V-9\"): geometry: expected a valid polygon, got an invalid one (repairing it would change its area by 100.0%)" bowtie.geojson --layer villages
touching='{"type": "Polygon", "coordinates": [[[109.40, 34.05], [109.44, 34.05], [109.44, 34.09], [109.42, 34.09], [109.421, 34.08], [109.419, 34.08], [109.42, 34.09], [109.40, 34.09], [109.40, 34.05]]]}'
fc touching.geojson "$(feat '{"id": "V-9", "name": "王家村", "town": "t", "county": "c"}' "$touching")"
before=$(sha "$DB")
expect_ok "$VINFRA" import touching.geojson --layer villages --dry-run --db "$DB"
assert_contains "$T/err" "vinfra：警告：'touching.geojson'：要素 1（编号 \"V-9\"）：已修复无效几何（面积变化 0.00%）"
# Warnings follow --lang; error messages stay in English (checked above in zh runs).
expect_ok "$VINFRA" import touching.geojson --layer villages --dry-run --db "$DB" --lang en
assert_contains "$T/err" "vinfra: warning: 'touching.geojson': feature 1 (id \"V-9\"): repaired an invalid geometry (area changed by 0.00%)"
assert_eq "$before" "$(sha "$DB")" "database after a dry run"

# -- fields -----------------------------------------------------------------
# The example of the issue: the 17th of 17 roads has a status roads do not have.
python3 - <<'PY'
import json
feats = [{"type": "Feature", "properties": {"id": f"R-{i:02d}", "status": "new"},
          "geometry": {"type": "LineString", "coordinates": [[109.26, 34.0], [109.27, 34.0 + i / 1000]]}}
         for i in range(4, 20)]
feats.append({"type": "Feature", "properties": {"id": "R-03", "status": "paved"},
              "geometry": {"type": "LineString", "coordinates": [[109.26, 34.0], [109.28, 34.0]]}})
json.dump({"type": "FeatureCollection", "features": feats}, open("roads.geojson", "w"))
PY
reject 1 "cannot import 'roads.geojson': feature 17 (id \"R-03\"): field \"status\": expected one of new (新建), widened (拓宽), hardened (硬化), existing (现有), planned (规划), got \"paved\"; map it with --map-value status:paved=VALUE" roads.geojson --layer roads
fc vstatus.geojson "$(feat '{"id": "V-9", "name": "王家村", "town": "t", "county": "c", "status": "built"}' "$touching")"
reject 1 "cannot import 'vstatus.geojson': feature 1 (id \"V-9\"): field \"status\": expected nothing (layer villages has no statuses), got \"built\"" vstatus.geojson --layer villages
fc year.geojson "$(feat '{"id": "R-1", "status": "new", "year": 1800}' "$A_LINE")"
reject 1 "cannot import 'year.geojson': feature 1 (id \"R-1\"): field \"year\": expected a year from 1949 to 2100, got \"1800\"" year.geojson --layer roads
fc year2.geojson "$(feat '{"id": "R-1", "year": "2019年"}' "$A_LINE")"
reject 1 "cannot import 'year2.geojson': feature 1 (id \"R-1\"): field \"year\": expected a year from 1949 to 2100, got \"2019年\"" year2.geojson --layer roads
fc project.geojson "$(feat '{"id": "R-1", "project": "P-99"}' "$A_LINE")"
reject 1 "cannot import 'project.geojson': feature 1 (id \"R-1\"): field \"project\": expected a project id of the ledger, got \"P-99\" (load the ledger first with 'vinfra import --ledger')" project.geojson --layer roads
fc watts.geojson "$(feat '{"id": "L-1", "watts": "30.5"}' "$(pt '109.26, 34.0')")"
reject 1 "cannot import 'watts.geojson': feature 1 (id \"L-1\"): field \"watts\": expected an integer, got \"30.5\"" watts.geojson --layer streetlights
fc width.geojson "$(feat '{"id": "R-1", "width": "4.5m"}' "$A_LINE")"
reject 1 "cannot import 'width.geojson': feature 1 (id \"R-1\"): field \"width\": expected a number, got \"4.5m\"" width.geojson --layer roads
fc surface.geojson "$(feat '{"id": "R-1", "Surface": "paved"}' "$A_LINE")"
reject 1 "cannot import 'surface.geojson': feature 1 (id \"R-1\"): field \"surface\": expected one of concrete (水泥路面), asphalt (沥青路面), gravel (砂石路面), earth (土路), got \"paved\"; map it with --map-value surface:paved=VALUE" surface.geojson --layer roads
fc culture.geojson "$(feat '{"id": "C-1", "type": "hall"}' "$(pt '109.26, 34.0')")" "$(feat '{"id": "C-2", "type": null}' "$(pt '109.26, 34.0')")"
reject 1 "cannot import 'culture.geojson': feature 2 (id \"C-2\"): field \"type\": expected one of hall (文化礼堂), square (文化广场), stage (文化舞台), wall (文化墙、诗画长廊、文化亭), got nothing" culture.geojson --layer culture
fc village.geojson "$(feat '{"id": "R-1", "村": "王家村"}' "$A_LINE")"
reject 1 "cannot import 'village.geojson': feature 1 (id \"R-1\"): field \"village\": expected one of 上雷村, 双龙村, got \"王家村\"" village.geojson --layer roads
reject 1 "cannot import 'village.geojson': feature 1 (id \"R-1\"): field \"village\": expected one of 上雷村, 双龙村, got \"王家村\"" village.geojson --layer roads --village-field 村
# --map names the source field; the message names the layer's field.
fc mapped.geojson "$(feat '{"id": "R-1", "状况": "paved"}' "$A_LINE")"
reject 1 "cannot import 'mapped.geojson': feature 1 (id \"R-1\"): field \"status\": expected one of new (新建), widened (拓宽), hardened (硬化), existing (现有), planned (规划), got \"paved\"; map it with --map-value status:paved=VALUE" mapped.geojson --layer roads --map status=状况

# -- ids --------------------------------------------------------------------
fc dup.geojson "$(feat '{"id": "B-1"}' "$(pt '109.26, 34.0')")" "$(feat '{"id": "B-2"}' "$(pt '109.26, 34.0')")" "$(feat '{"id": "B-1"}' "$(pt '109.27, 34.0')")"
reject 1 "cannot import 'dup.geojson': feature 3 (id \"B-1\"): field \"id\": expected a unique id, got \"B-1\" (feature 1 has it too)" dup.geojson --layer bridges
fc again.geojson "$(feat '{"id": "R-09", "status": "new"}' "$A_LINE")" "$(feat '{"id": "R-01", "status": "new"}' "$A_LINE")"
reject --db "$WITH_ROADS" 1 "cannot import 'again.geojson': feature 2 (id \"R-01\"): field \"id\": expected a unique id, got \"R-01\" (layer roads already has it)" again.geojson --layer roads
fc sameville.geojson "$(feat '{"id": "V-9", "name": "上雷村", "town": "t", "county": "c"}' "$touching")"
reject 1 "cannot import 'sameville.geojson': feature 1 (id \"V-9\"): field \"name\": expected a unique village name, got \"上雷村\" (the store already has that village)" sameville.geojson --layer villages
fc noname.geojson "$(feat '{"id": "V-9", "town": "t", "county": "c"}' "$touching")"
reject 1 "cannot import 'noname.geojson': feature 1 (id \"V-9\"): field \"name\": expected the village name, got nothing" noname.geojson --layer villages
# Without ids, features are named after the file; those names must be new too.
fc gen.geojson "$(feat '{"status": "new"}' "$A_LINE")"
expect_ok "$VINFRA" import gen.geojson --layer roads --db "$WITH_ROADS"
assert_eq "gen-1" "$(sql "$WITH_ROADS" "select id from roads where import_id = (select max(id) from imports)")" "generated id"
mkdir -p d && sed 's/"new"/"widened"/' gen.geojson > d/gen.geojson
reject --db "$WITH_ROADS" 1 "cannot import 'd/gen.geojson': feature 1: field \"id\": expected a unique id, got \"gen-1\" (made from the file name; layer roads already has it)" d/gen.geojson --layer roads

# -- one transaction --------------------------------------------------------
# A failure while writing (here a trigger refusing the third road) rolls
# back the features already written and the import record.
cp "$DB" trigger.sqlite
sqlite3 trigger.sqlite "CREATE TRIGGER refuse AFTER INSERT ON roads WHEN (SELECT count(*) FROM roads) >= 3 BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"
reject --db trigger.sqlite 1 "cannot import '$FIX/roads.geojson': feature 3 (id \"R-03\"): cannot insert feature \"R-03\" into layer \"roads\" of 'trigger.sqlite': refused by test" "$FIX/roads.geojson" --layer roads
assert_eq "0|1" "$(sql trigger.sqlite "select (select count(*) from roads), (select count(*) from imports)")" "rows after a failed write"
# Two source fields for one layer field are refused (tests/badinput); --map
# chooses one, and the warning names the one set aside, not "not in layer".
fc twonames.geojson "$(feat '{"id": "R-1", "name": "旧名", "名称": "新名", "status": "new"}' "$A_LINE")"
expect_ok "$VINFRA" import twonames.geojson --layer roads --map name=名称 --dry-run --lang en
assert_contains "$T/err" "vinfra: warning: 'twonames.geojson': field \"name\" was not read (--map \"name=名称\" reads field \"名称\" instead)"
grep -q "not in layer" "$T/err" && fail "a field set aside by --map reported as not in the layer"
# A source whose attribute fields all match nothing (a wrong layer, a wrong
# encoding) would lose every value: refused, naming its fields and the layer's.
printf '编码x,备注,lon,lat\nA-1,路口,109.27,34.005\n' > nomatch.csv
reject 1 "cannot import 'nomatch.csv': none of its fields (编码x, 备注) is a field of layer streetlights (id, village, name, status, year, project, power_source, watts): every value would be lost; a wrong layer or a wrong encoding does this (check --layer and --encoding), or name the fields with --map FIELD=SOURCE" nomatch.csv --layer streetlights
# One that matches: the others are named in the summary (kept by --quiet).
printf 'id,备注,lon,lat\nA-1,路口,109.27,34.005\n' > somematch.csv
expect_ok "$VINFRA" import somematch.csv --layer streetlights --dry-run --quiet --lang en
assert_eq "checked 'somematch.csv' for streetlights: 1 read, 1 would be written, 0 skipped, nothing written (dry run); field 备注 is not in layer streetlights: not imported; coordinates read as WGS 84 longitude/latitude (name another CRS with --src-crs)" "$(cat "$T/out")" "fields not imported, in the summary"
echo ok
