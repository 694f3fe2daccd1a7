#!/usr/bin/env bash
# vinfra plan --by road and --by terrain against hand-built worlds
# (tests/plan/scenes.py) whose answers differ from the straight line's:
#  - hairpin: two households 340 m apart by straight line but 6 km apart
#    along the road; one clinic within 1.5 km serves both by line, one by
#    road, and the road plan's sites stand on the road;
#  - river: households on both banks of a river the road crosses; without a
#    bridge no site along the road reaches both, with one (the bridges rule)
#    one site does;
#  - ridge: a 150 m wall of rock between two groups of households; one signal
#    tower on the plain sees one side only, so the terrain plan puts it on
#    the wall, which sees both.
. "$TESTS_DIR/lib.sh"
set -e
need sqlite3
need gdal_translate

load_scene() { # DIR DB: a database with the scene's layers
  expect_ok "$VINFRA" init --db "$2"
  while read -r layer; do
    expect_ok "$VINFRA" import --db "$2" "$1/$layer.geojson" --layer "$layer"
  done <"$1/layers"
}
# served PLAN.json: "households people" served by the plan's sites.
served() { python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['sites']; print(sum(x['gain_households'] for x in s), sum(x['gain_people'] for x in s))" "$1"; }

python3 "$TESTS_DIR/plan/scenes.py" hairpin "$T/hp"
load_scene "$T/hp" "$T/hp.sqlite"
expect_ok "$VINFRA" plan --db "$T/hp.sqlite" --service clinic --threshold 1500 --add 1 --format json
assert_eq "2 7" "$(served "$T/out")" "by line one clinic serves both sides of the hairpin"
expect_ok "$VINFRA" plan --db "$T/hp.sqlite" --service clinic --by road --threshold 1500 --add 1 --format json
assert_eq "1 4" "$(served "$T/out")" "by road one clinic serves one side (the larger)"
python3 -c "import json,sys; p=json.load(open(sys.argv[1])); sys.exit(p['by'] != 'road' or not p['optimality']['optimal'])" "$T/out" ||
  fail "the road plan's method and optimality"
expect_ok "$VINFRA" plan --db "$T/hp.sqlite" --service clinic --by road --threshold 1500 --add 2 --format json
cp "$T/out" "$T/hp2.json"
assert_eq "2 7" "$(served "$T/hp2.json")" "by road two clinics serve both"
# Every site of a road plan lies on the road (within a metre), and the
# candidates are the road's points only (6.4 km: 65 to 68 points, as the
# projected lengths round; the hamlet centres would add 2 off the road).
python3 - "$T/hp2.json" >"$T/on.sql" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
print(f"SELECT {int(65 <= p['candidates'] <= 68)};")
for s in p["sites"]:
    print(f"SELECT round(ST_Distance(Transform(geom, 4545), Transform(MakePoint({s['lon']}, {s['lat']}, 4490), 4545)), 3) < 1 FROM roads;")
PY
assert_eq "1
1
1" "$(sql "$T/hp.sqlite" "$(cat "$T/on.sql")")" "road sites on the road"
expect_ok "$VINFRA" plan --db "$T/hp.sqlite" --service clinic --by road --threshold 1500 --add 1 --lang en
assert_contains "$T/out" "Candidates: a point every 100 m along the roads (a site reached along the roads stands on them),"

# The river, without and with its bridge.
python3 "$TESTS_DIR/plan/scenes.py" river "$T/rv"
load_scene "$T/rv" "$T/rv.sqlite"
expect_ok "$VINFRA" plan --db "$T/rv.sqlite" --service clinic --by road --threshold 1000 --add 1 --format json
assert_eq "1 4" "$(served "$T/out")" "no bridge: one bank only"
expect_ok "$VINFRA" plan --db "$T/rv.sqlite" --service clinic --threshold 1000 --add 1 --format json
assert_eq "2 7" "$(served "$T/out")" "by line the river does not matter"
python3 "$TESTS_DIR/plan/scenes.py" river "$T/rb" bridge
load_scene "$T/rb" "$T/rb.sqlite"
expect_ok "$VINFRA" plan --db "$T/rb.sqlite" --service clinic --by road --threshold 1000 --add 1 --format json
assert_eq "2 7" "$(served "$T/out")" "a bridge: both banks from one site"

# The ridge.
python3 "$TESTS_DIR/plan/scenes.py" ridge "$T/rg"
gdal_translate -q -a_srs EPSG:4490 -of GTiff "$T/rg/dem.asc" "$T/dem.tif" || fail "cannot make the DEM"
load_scene "$T/rg" "$T/rg.sqlite"
expect_ok "$VINFRA" plan --db "$T/rg.sqlite" --service signal --add 1 --format json
assert_eq "6 18" "$(served "$T/out")" "by line one tower within 3 km of everyone"
expect_ok "$VINFRA" plan --db "$T/rg.sqlite" --service signal --by terrain --dem "$T/dem.tif" --add 1 --format json
cp "$T/out" "$T/rg1.json"
assert_eq "6 18" "$(served "$T/rg1.json")" "by terrain the tower on the wall sees both sides"
# The site is on the wall: 470-530 m east of the scene's centre (109.40E).
python3 - "$T/rg1.json" <<'PY' || fail "the tower is not on the wall"
import json, math, sys
s = json.load(open(sys.argv[1]))["sites"][0]
x = (s["lon"] - 109.40) * 111320.0 * math.cos(math.radians(34.05))
if not 460 <= x <= 540:
    sys.exit(f"tower at {x:.0f} m east")
PY
# With a 900 m reach no site reaches households on both sides of the wall.
expect_ok "$VINFRA" plan --db "$T/rg.sqlite" --service signal --by terrain --dem "$T/dem.tif" --add 2 --threshold 900 --format json
python3 - "$T/out" <<'PY' || fail "two towers with 900 m reach"
import json, sys
p = json.load(open(sys.argv[1]))
# Within 900 m nothing on the wall reaches W2/W3 or E2/E3 (1.0-2.5 km away):
# each tower serves the households near it on its side only.
for s in p["sites"]:
    if s["gain_households"] > 3:
        sys.exit(f"a tower serves {s['gain_households']} households across the wall")
PY
expect_fail 2 "vinfra: error: plan: --by terrain needs --dem FILE" \
  "$VINFRA" plan --db "$T/rg.sqlite" --service signal --by terrain --add 1
expect_fail 2 'vinfra: error: plan: service "clinic" has no rule measured by terrain (it has: line, road)' \
  "$VINFRA" plan --db "$T/rg.sqlite" --service clinic --by terrain --dem "$T/dem.tif" --add 1
echo ok
