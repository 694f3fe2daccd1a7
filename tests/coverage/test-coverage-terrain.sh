#!/usr/bin/env bash
# Signal coverage over terrain (--dem): a 20 m tower on flat ground and a
# 150 m ridge 500 m east of it.  By straight line every household within
# 3 km is served; by line of sight only those west of the ridge (and north,
# along the flat).  The household 3.2 km out is served by neither.
. "$TESTS_DIR/lib.sh"
set -e
need gdal_translate
DB="$T/t.sqlite"
python3 "$TESTS_DIR/coverage/fixtures.py" terrain "$T/fx"
gdal_translate -q -a_srs EPSG:4490 -of GTiff "$T/fx/dem.asc" "$T/dem.tif" || fail "cannot make the DEM"
expect_ok "$VINFRA" init --db "$DB"
while read -r layer; do
  expect_ok "$VINFRA" import --db "$DB" "$T/fx/$layer.geojson" --layer "$layer"
done <"$T/fx/layers"

expect_ok "$VINFRA" coverage --db "$DB" --service signal --dem "$T/dem.tif" --format json
python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))['services'][0]['total']
got = (t['line']['served_households'], t['terrain']['served_households'])
sys.exit(f'served by line and by sight: {got}, expected (7, 4)' if got != (7, 4) else 0)" "$T/out"
expect_ok "$VINFRA" coverage --db "$DB" --service signal --by terrain --dem "$T/dem.tif" --format json
python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))['services'][0]['total']
sys.exit(f'--by terrain: {list(t)}' if list(t) != ['terrain'] else 0)" "$T/out"
# Gaps by sight: the households behind the ridge, named.
expect_ok "$VINFRA" gaps --db "$DB" --service signal --by terrain --dem "$T/dem.tif" --format geojson --households
python3 -c "
import json, sys
ids = sorted(f['properties']['id'] for f in json.load(open(sys.argv[1]))['features'] if f['properties']['kind'] == 'household')
sys.exit(f'unserved by sight: {ids}' if ids != ['E1', 'E2', 'E3', 'F1'] else 0)" "$T/out"
expect_ok "$VINFRA" gaps --db "$DB" --service signal --by terrain --dem "$T/dem.tif"
assert_contains "$T/out" "双龙村中心以东 1.5 公里处 1 户（3 人）看不到信号塔天线（最近的信号塔双龙塔距 1.5 公里）"
echo junk >"$T/junk.tif"
expect_fail 1 "vinfra: error: cannot read DEM '$T/junk.tif': \`$T/junk.tif' not recognized as a supported file format." \
  "$VINFRA" coverage --db "$DB" --service signal --dem "$T/junk.tif"
