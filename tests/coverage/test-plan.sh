#!/usr/bin/env bash
# vinfra plan on the hand-built village of test-gaps.sh: three unserved
# hamlets of 4, 2 and 1 households (16, 7 and 1 people) lie too far apart for
# one new clinic to serve two, so greedy picks must take them largest first,
# each new site within 2 km (SpatiaLite, EPSG:4545) of every household it
# claims.  --save writes planned clinics that plain coverage leaves out and
# --after-plan counts; a culture square gets its "type" from the rule.
. "$TESTS_DIR/lib.sh"
set -e
need sqlite3
DB="$T/h.sqlite"
python3 "$TESTS_DIR/coverage/fixtures.py" hamlets "$T/fx"
expect_ok "$VINFRA" init --db "$DB"
while read -r layer; do
  expect_ok "$VINFRA" import --db "$DB" "$T/fx/$layer.geojson" --layer "$layer"
done <"$T/fx/layers"
before=$(sha "$DB")

expect_ok "$VINFRA" plan --db "$DB" --service clinic --add 5 --format json
cp "$T/out" "$T/plan.json"
assert_eq "$before" "$(sha "$DB")" "plan without --save leaves the database alone"
python3 - "$T/plan.json" >"$T/sites.sql" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
errors = []
def check(what, ok, detail=""):
    if not ok:
        errors.append(f"{what} {detail}")
check("before", (p["before"]["households"], p["before"]["served_households"], p["before"]["people"],
                 p["before"]["served_people"]) == (19, 12, 60, 36), str(p["before"]))
gains = [(s["gain_households"], s["gain_people"], s["gain_poor_households"]) for s in p["sites"]]
check("three sites, largest hamlet first (no fourth site serves anyone)",
      gains == [(4, 16, 1), (2, 7, 1), (1, 1, 0)], str(gains))
check("coverage after each", [s["served_households"] for s in p["sites"]] == [16, 18, 19])
check("all served at the end", p["sites"][-1]["served_percent"] == 100)
check("villages", [s["village"] for s in p["sites"]] == ["双龙村"] * 3)
check("hamlets", [s["hamlet"] for s in p["sites"]] == [1, 2, 3])
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
# Each site's distance to the households of its hamlet, for SpatiaLite.
prefix = {1: "N", 2: "E", 3: "X"}
for s in p["sites"]:
    print(f"SELECT {s['rank']}, count(*), max(ST_Distance(Transform(geom, 4545), "
          f"Transform(MakePoint({s['lon']}, {s['lat']}, 4490), 4545))) FROM households "
          f"WHERE id LIKE '{prefix[s['rank']]}%';")
EOF
sqlite3 -cmd ".load mod_spatialite" "$DB" <"$T/sites.sql" >"$T/reach.txt"
awk -F'|' '$3 > 2000 { bad = 1; print "site " $1 " is " $3 " m from a household it claims" > "/dev/stderr" }
           END { exit bad }' "$T/reach.txt" || fail "a site does not reach its households"
[ "$(wc -l <"$T/reach.txt")" = 3 ] || fail "expected 3 sites checked, got $(cat "$T/reach.txt")"

expect_ok "$VINFRA" plan --db "$DB" --service clinic --add 5
assert_contains "$T/out" "选址建议 · 村医务室（直线 ≤2 公里）"
assert_contains "$T/out" "聚落 1（双龙村中心以北 3.2 公里）中心"

# --save: two planned clinics, left out of plain coverage, counted after the plan.
expect_ok "$VINFRA" plan --db "$DB" --service clinic --add 2 --save
assert_contains "$T/out" "第 2 处已存为规划村医务室，编号 PLAN-clinic-2。"
assert_eq "PLAN-clinic-1|规划村医务室 1|planned||双龙村
PLAN-clinic-2|规划村医务室 2|planned||双龙村" \
  "$(sql "$DB" "SELECT id, name, status, project, village FROM clinics WHERE id LIKE 'PLAN-%' ORDER BY id")" \
  "saved sites"
expect_ok "$VINFRA" coverage --db "$DB" --service clinic --by line --format json
python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['services'][0]['total']['line']; sys.exit(t['served_households'] != 12)" "$T/out" ||
  fail "plain coverage counts planned clinics"
expect_ok "$VINFRA" coverage --db "$DB" --service clinic --by line --format json --after-plan
python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['services'][0]['total']['line']; sys.exit(t['served_households'] != 18)" "$T/out" ||
  fail "coverage --after-plan does not count the planned clinics"
# Saving again grows the plan (--save implies --after-plan): the last hamlet,
# under the next free id, and never a second clinic on a saved site.
expect_ok "$VINFRA" plan --db "$DB" --service clinic --add 1 --save
assert_contains "$T/out" "已规划的设施计入现状，新选址在其基础上增加。"
assert_eq "PLAN-clinic-3" "$(sql "$DB" "SELECT id FROM clinics WHERE id LIKE 'PLAN-%' ORDER BY id DESC LIMIT 1")" "next id"
assert_eq "3" "$(sql "$DB" "SELECT count(DISTINCT AsText(geom)) FROM clinics WHERE id LIKE 'PLAN-%'")" \
  "distinct planned sites"
expect_ok "$VINFRA" plan --db "$DB" --service clinic --add 1 --after-plan
assert_contains "$T/out" "没有可以覆盖更多农户的候选点。"

# A culture square takes its type from the rule.
expect_ok "$VINFRA" plan --db "$DB" --service culture --add 1 --save
assert_eq "PLAN-culture-1|square|规划文化广场 1" \
  "$(sql "$DB" "SELECT id, type, name FROM culture")" "planned square"

expect_fail 2 "vinfra: error: plan: --service is required (see 'vinfra plan --help')" \
  "$VINFRA" plan --db "$DB" --add 1
expect_fail 2 'vinfra: error: plan: --add: expected a number of sites from 1, got -1' \
  "$VINFRA" plan --db "$DB" --service clinic --add -1
expect_fail2 2 'vinfra: error: plan: service "road" is served by lines, not by point assets that a plan could place' \
  'vinfra：错误：plan：服务 "road" 由线状设施提供，不是规划能布设的点状设施' \
  "$VINFRA" plan --db "$DB" --service road --add 1
expect_fail 2 'vinfra: error: plan: unknown service "hospital": expected one of clinic, streetlight, water, signal, road, elderly, culture' \
  "$VINFRA" plan --db "$DB" --service hospital --add 1
