#!/usr/bin/env bash
# Coverage along roads (--by road) on a hand-built network: a straight county
# road with a clinic at its west end, a village road that joins nothing, and
# households beside both.  The oracle is SpatiaLite on the same database: for
# a household beside the county road the distance is the walk from the clinic
# to the road, along the road (ST_Line_Locate_Point x ST_Length) and the walk
# to the household; beside the other road it is unreachable.  Committees: on
# the county road (connected, the walk away), on the other road and 2.5 km
# off any road (not connected).
. "$TESTS_DIR/lib.sh"
set -e
need sqlite3
DB="$T/n.sqlite"
python3 "$TESTS_DIR/coverage/fixtures.py" network "$T/fx"
expect_ok "$VINFRA" init --db "$DB"
while read -r layer; do
  expect_ok "$VINFRA" import --db "$DB" "$T/fx/$layer.geojson" --layer "$layer"
done <"$T/fx/layers"

R1="(SELECT Transform(geom, 4545) FROM roads WHERE id = 'R1')"
R2="(SELECT Transform(geom, 4545) FROM roads WHERE id = 'R2')"
pos() { # walk and position along R1 of the point P, and its walk to R2
  echo "ST_Distance($1, $R1), ST_Line_Locate_Point($R1, $1) * ST_Length($R1), ST_Distance($1, $R2)"
}
sqlite3 -cmd ".load mod_spatialite" -cmd ".mode tabs" "$DB" \
  "SELECT h.id, $(pos "Transform(h.geom, 4545)") FROM households h ORDER BY h.id" >"$T/hh.tsv"
sqlite3 -cmd ".load mod_spatialite" -cmd ".mode tabs" "$DB" \
  "SELECT c.id, $(pos "Transform(c.geom, 4545)") FROM clinics c UNION ALL
   SELECT k.id, $(pos "Transform(k.geom, 4545)") FROM committees k" >"$T/assets.tsv"

# Every household's distance: a 1 m reach leaves them all unserved, so gaps lists them.
expect_ok "$VINFRA" gaps --db "$DB" --service clinic --by road --threshold 1 --households --format geojson
cp "$T/out" "$T/all.geojson"
expect_ok "$VINFRA" coverage --db "$DB" --service clinic --by road --format json
cp "$T/out" "$T/clinic.json"
expect_ok "$VINFRA" coverage --db "$DB" --service road --format json
cp "$T/out" "$T/road.json"

python3 - "$T" <<'EOF'
import json, math, sys
T = sys.argv[1]
errors = []
def check(what, ok, detail=""):
    if not ok:
        errors.append(f"{what} {detail}")
def rows(path):
    out = {}
    for line in open(path):
        c = line.rstrip("\n").split("\t")
        out[c[0]] = tuple(map(float, c[1:]))
    return out
hh, assets = rows(f"{T}/hh.tsv"), rows(f"{T}/assets.tsv")
cw, ca, _ = assets["C1"]
want = {}
for hid, (walk, along, walk2) in hh.items():
    want[hid] = cw + abs(ca - along) + walk if walk < walk2 else math.inf
check("the fixture has unreachable households", sum(math.isinf(v) for v in want.values()) == 2)

got = {}
for f in json.load(open(f"{T}/all.geojson"))["features"]:
    p = f["properties"]
    if p["kind"] == "household":
        got[p["id"]] = math.inf if p["distance_m"] is None else p["distance_m"]
check("every household listed", sorted(got) == sorted(want), str(sorted(got)))
for hid, w in want.items():
    g = got.get(hid)
    check(f"road distance of {hid}", g is not None and (g == w or abs(g - w) <= 0.002), f"got {g}, oracle {w}")

c = json.load(open(f"{T}/clinic.json"))["services"][0]
t = c["total"]["road"]
check("clinic by road served", t["served_households"] == sum(v <= 3000 for v in want.values()),
      f"got {t['served_households']}")
finite = sorted(v for v in want.values())
check("clinic by road max is unreachable", t["distance_max_m"] is None, str(t["distance_max_m"]))

r = json.load(open(f"{T}/road.json"))["services"][0]
k = {p["id"]: p for p in r["total"]["committees_road"]["list"]}
walk = assets["K1"][0]
check("committee on the county road connected", k["K1"]["served"] is True)
check("committee on the county road: its walk to the road",
      walk <= k["K1"]["distance_m"] <= walk + 5.001, f"got {k['K1']['distance_m']}, walk {walk}")
check("committee on a road that joins nothing", k["K2"]["served"] is False and k["K2"]["distance_m"] is None)
check("committee 2.5 km from any road", k["K3"]["served"] is False)
check("committee counts", (r["total"]["committees_road"]["features"], r["total"]["committees_road"]["served"]) == (3, 1))
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
EOF

# The table reads as a list of committees.
expect_ok "$VINFRA" coverage --db "$DB" --service road --by road
assert_contains "$T/out" "道路通达：村委会经路网连通县道（距道路 ≤200 米）"
grep -q "山上村委会  否" "$T/out" || fail "the committee off the road network is not listed as unconnected"
