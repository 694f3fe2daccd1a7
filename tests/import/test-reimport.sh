#!/usr/bin/env bash
# Imports are recorded: the same content into the same layer is recognised
# and not imported twice; a dry run checks everything and writes nothing.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
cd "${T:?}"
cp "$FIX/roads.geojson" roads.geojson
today=$(date -u +%Y-%m-%d)

# A dry run: the full summary, the database byte-identical, nothing recorded.
before=$(sha "$DB")
expect_ok "$VINFRA" import roads.geojson --layer roads --dry-run
assert_eq "已检查 'roads.geojson' → 道路：读取 5 条，可写入 5 条，跳过 0 条，未写入（试运行）；字段 remark 不属于图层 道路，未导入" "$(cat "$T/out")" "dry run summary"
expect_ok "$VINFRA" import roads.geojson --layer roads --dry-run --lang en
assert_eq "checked 'roads.geojson' for roads: 5 read, 5 would be written, 0 skipped, nothing written (dry run); field remark is not in layer roads: not imported" "$(cat "$T/out")" "dry run summary in English"
assert_eq "$before" "$(sha "$DB")" "database after a dry run"
assert_eq "0|1" "$(sql "$DB" "select (select count(*) from roads), (select count(*) from imports)")" "rows after a dry run"

expect_ok "$VINFRA" import roads.geojson --layer roads
assert_eq "已导入 'roads.geojson' → 道路：读取 5 条，写入 5 条，跳过 0 条；字段 remark 不属于图层 道路，未导入" "$(cat "$T/out")" "first import"
assert_eq "roads.geojson|roads|5" "$(sql "$DB" "select path, layer, features from imports where id = 2")" "import record"
assert_eq 64 "$(sql "$DB" "select length(sha256) from imports where id = 2")" "recorded SHA-256"

# Again: recognised, exit 0, nothing written (also for a dry run).
before=$(sha "$DB")
for dry in "" --dry-run; do
  expect_ok "$VINFRA" import roads.geojson --layer roads $dry
  assert_eq "'roads.geojson' 已于 $today 导入道路：未重复导入" "$(cat "$T/out")" "re-import $dry"
  expect_ok "$VINFRA" import roads.geojson --layer roads $dry --lang en
  assert_eq "'roads.geojson' was already imported into roads on $today: nothing done" "$(cat "$T/out")" "re-import $dry in English"
done
# The same content under another name is the same data.
cp roads.geojson copy.geojson
expect_ok "$VINFRA" import copy.geojson --layer roads
assert_eq "'copy.geojson' 的内容已于 $today 以 'roads.geojson' 导入道路：未重复导入" "$(cat "$T/out")" "copy re-import"
expect_ok "$VINFRA" import copy.geojson --layer roads --lang en
assert_eq "'copy.geojson' was already imported into roads on $today as 'roads.geojson': nothing done" "$(cat "$T/out")" "copy re-import in English"
assert_eq "$before" "$(sha "$DB")" "database after re-imports"
assert_eq "5|2" "$(sql "$DB" "select (select count(*) from roads), (select count(*) from imports)")" "rows after re-imports"

# One changed byte is new content: it is checked (and here rejected, as its ids are taken).
sed 's/验收合格/验收合格。/' roads.geojson > changed.geojson
expect_fail 1 "vinfra: error: cannot import 'changed.geojson': feature 1 (id \"R-01\"): field \"id\": expected a unique id, got \"R-01\" (layer roads already has it)" \
  "$VINFRA" import changed.geojson --layer roads

# A shapefile's content includes its sidecars: a new .prj makes it new content.
cat > bridges.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "B-1", "status": "built"}, "geometry": {"type": "Point", "coordinates": [109.27, 34.0]}}]}
JSON
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 bridges.shp bridges.geojson
expect_ok "$VINFRA" import bridges.shp --layer bridges
expect_ok "$VINFRA" import bridges.shp --layer bridges
assert_contains "$T/out" "'bridges.shp' 已于 $today 导入便民桥：未重复导入"
for ext in shp shx dbf cpg prj; do cp "bridges.$ext" "b.$ext"; done
expect_ok "$VINFRA" import b.shp --layer bridges --lang en
assert_contains "$T/out" "'b.shp' was already imported into bridges on $today as 'bridges.shp': nothing done"
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:4545 b4545.shp bridges.shp
cp b4545.prj b.prj
expect_fail 1 "vinfra: error: cannot import 'b.shp': feature 1 (id \"B-1\"): field \"id\": expected a unique id, got \"B-1\" (layer bridges already has it)" \
  "$VINFRA" import b.shp --layer bridges

# One file may feed several layers: a GPX file's tracks and its waypoints,
# each named with --source-layer (a file holding both is refused without it).
cat > trip.gpx <<'GPX'
<?xml version="1.0"?>
<gpx version="1.1" creator="vinfra test" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="34.012" lon="109.33"><name>漫水桥</name></wpt>
<trk><name>双龙村巡查路线</name><trkseg>
<trkpt lat="34.010" lon="109.32"/><trkpt lat="34.011" lon="109.325"/><trkpt lat="34.012" lon="109.33"/>
</trkseg></trk>
</gpx>
GPX
expect_fail 1 "vinfra: error: cannot import 'trip.gpx': it holds 2 layers with features: waypoints (Point, 1 feature), tracks (Multi Line String, 1 feature); vinfra imports one at a time: choose it with --source-layer NAME" \
  "$VINFRA" import trip.gpx --layer roads
expect_ok "$VINFRA" import trip.gpx --layer roads --source-layer tracks
assert_eq "已导入 'trip.gpx' → 道路：读取 1 条，写入 1 条，跳过 0 条；GPS 轨迹原长 950 米，清理后 950 米（剔除精度差的点和跳点 0 个，合并停留 0 处）" "$(cat "$T/out")" "GPX into roads"
expect_ok "$VINFRA" import trip.gpx --layer bridges --source-layer waypoints --lang en
assert_eq "imported 'trip.gpx' into bridges: 1 read, 1 written, 0 skipped" "$(cat "$T/out")" "GPX into bridges"
expect_ok "$VINFRA" import trip.gpx --layer roads --source-layer tracks
assert_eq "'trip.gpx' 已于 $today 导入道路：未重复导入" "$(cat "$T/out")" "GPX re-import"
echo ok
