#!/usr/bin/env bash
# vinfra gaps on a village built by hand: a clinic in the middle, twelve
# households around it within 1 km, and three unserved hamlets 2.4-3.3 km
# out (north: four households 100 m apart, east: two 120 m apart, south: one).
# The hamlets, their sizes, directions and distances from the village centre, distances (SpatiaLite ST_Distance in
# EPSG:4545) and centroids (averaged in EPSG:4545, back to EPSG:4490 by
# SpatiaLite) are known; the sentences are checked word for word.
. "$TESTS_DIR/lib.sh"
set -e
need sqlite3
DB="$T/h.sqlite"
python3 "$TESTS_DIR/coverage/fixtures.py" hamlets "$T/fx"
expect_ok "$VINFRA" init --db "$DB"
while read -r layer; do
  expect_ok "$VINFRA" import --db "$DB" "$T/fx/$layer.geojson" --layer "$layer"
done <"$T/fx/layers"

expect_ok "$VINFRA" gaps --db "$DB" --service clinic
cat >"$T/want" <<'EOF'
   1  双龙村中心以北 3.2 公里处 4 户（16 人，贫困户 1 户）距最近的村医务室（双龙村卫生室）3.0–3.3 公里
   2  双龙村中心以东 2.7 公里处 2 户（7 人，贫困户 1 户）距最近的村医务室（双龙村卫生室）2.6–2.7 公里
   3  双龙村中心以南 2.4 公里处 1 户（1 人）距最近的村医务室（双龙村卫生室）2.4 公里
EOF
grep -F -f "$T/want" "$T/out" >"$T/got" || true
diff "$T/want" "$T/got" >&2 || fail "gaps sentences"
assert_contains "$T/out" "   1  双龙村  北 3.2 公里     4    16       1  村医务室 双龙村卫生室      3001      3301"
assert_contains "$T/out" "合计          3 处            7    24       2"

expect_ok "$VINFRA" gaps --db "$DB" --service clinic --lang en
assert_contains "$T/out" "4 households (16 people, 1 poor) 3.2 km north of the centre of 双龙村 are 3.0–3.3 km from the nearest village clinic (双龙村卫生室)"
assert_contains "$T/out" "1 household (1 person) 2.4 km south of the centre of 双龙村 is 2.4 km from the nearest village clinic (双龙村卫生室)"

# GeoJSON: hamlets and households against SpatiaLite.
expect_ok "$VINFRA" gaps --db "$DB" --service clinic --format geojson --households
cp "$T/out" "$T/gaps.geojson"
sqlite3 -cmd ".load mod_spatialite" -cmd ".mode tabs" "$DB" "
  SELECT substr(h.id, 1, 1), count(*), sum(h.members),
         min(ST_Distance(Transform(h.geom, 4545), Transform(c.geom, 4545))),
         max(ST_Distance(Transform(h.geom, 4545), Transform(c.geom, 4545))),
         X(Transform(MakePoint(avg(X(Transform(h.geom, 4545))), avg(Y(Transform(h.geom, 4545))), 4545), 4490)),
         Y(Transform(MakePoint(avg(X(Transform(h.geom, 4545))), avg(Y(Transform(h.geom, 4545))), 4545), 4490))
  FROM households h, clinics c WHERE h.id NOT LIKE 'S%' GROUP BY 1" >"$T/oracle.tsv"
# The hamlets' distances from the village centre (the polygon's centroid).
sqlite3 -cmd ".load mod_spatialite" -cmd ".mode tabs" "$DB" "
  SELECT substr(h.id, 1, 1),
         ST_Distance(MakePoint(avg(X(Transform(h.geom, 4545))), avg(Y(Transform(h.geom, 4545))), 4545),
                     (SELECT ST_Centroid(Transform(geom, 4545)) FROM villages))
  FROM households h WHERE h.id NOT LIKE 'S%' GROUP BY 1" >"$T/centre.tsv"
python3 - "$T" <<'EOF'
import json, sys
T = sys.argv[1]
errors = []
def check(what, ok, detail=""):
    if not ok:
        errors.append(f"{what} {detail}")
doc = json.load(open(f"{T}/gaps.geojson"))
check("crs", doc["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::4490")
hamlets = [f for f in doc["features"] if f["properties"]["kind"] == "hamlet"]
homes = [f for f in doc["features"] if f["properties"]["kind"] == "household"]
oracle = {}
for line in open(f"{T}/oracle.tsv"):
    c = line.rstrip("\n").split("\t")
    oracle[c[0]] = (int(c[1]), int(c[2]), *map(float, c[3:]))
centre = {c[0]: float(c[1]) for c in (l.rstrip("\n").split("\t") for l in open(f"{T}/centre.tsv"))}
want = [("N", "双龙村中心以北 3.2 公里"), ("E", "双龙村中心以东 2.7 公里"), ("X", "双龙村中心以南 2.4 公里")]
check("three hamlets, largest first", [h["properties"]["hamlet"] for h in hamlets] == [1, 2, 3])
for f, (key, place) in zip(hamlets, want):
    p, (n, people, dmin, dmax, lon, lat) = f["properties"], oracle[key]
    check(f"hamlet {key} place", p["place"] == place, p["place"])
    check(f"hamlet {key} from the village centre", abs(p["village_centre_m"] - centre[key]) < 0.001,
          f"{p['village_centre_m']} vs {centre[key]}")
    check(f"hamlet {key} size", (p["households"], p["people"]) == (n, people), str(p))
    check(f"hamlet {key} distances", abs(p["distance_min_m"] - dmin) < 0.001 and abs(p["distance_max_m"] - dmax) < 0.001,
          f"{p['distance_min_m']} {p['distance_max_m']} vs {dmin} {dmax}")
    x, y = f["geometry"]["coordinates"]
    check(f"hamlet {key} centroid", abs(x - lon) < 2e-7 and abs(y - lat) < 2e-7, f"{x} {y} vs {lon} {lat}")
    check(f"hamlet {key} nearest", (p["nearest_id"], p["nearest_name"]) == ("C1", "双龙村卫生室"))
ids = sorted(f["properties"]["id"] for f in homes)
check("unserved households", ids == ["E1", "E2", "N1", "N2", "N3", "N4", "X1"], str(ids))
check("household hamlets", {f["properties"]["id"]: f["properties"]["hamlet"] for f in homes}["E2"] == 2)
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
EOF

# A served village has no gaps; gaps of every service list the hamlets of each.
expect_ok "$VINFRA" gaps --db "$DB" --service clinic --threshold 5000
assert_contains "$T/out" "村医务室（直线 ≤5 公里）：农户全部覆盖。"
expect_ok "$VINFRA" gaps --db "$DB"
assert_contains "$T/out" "路灯（直线 ≤50 米）：未覆盖的聚落"
assert_contains "$T/out" "附近没有路灯"

expect_fail 2 'vinfra: error: --format: expected one of table, csv, geojson, got "json"' \
  "$VINFRA" gaps --db "$DB" --format json
expect_fail2 2 'vinfra: error: unknown village "大坪村": expected one of 双龙村' \
  'vinfra：错误：未知的村 "大坪村"：应为 双龙村 之一' \
  "$VINFRA" gaps --db "$DB" --village 大坪村
expect_fail 2 'vinfra: error: gaps: --threshold needs --service' \
  "$VINFRA" gaps --db "$DB" --threshold 100
