#!/usr/bin/env bash
# vinfra plan on the demo database: a budget for clinics and one for
# streetlights, each within its budget at data/costs.tsv's price, every
# site's gain recomputed with SpatiaLite (households with no clinic within
# 2 km, not yet served by an earlier site), the optimum never below the
# greedy nor above the proven bound; then --save and coverage --after-plan.
. "$TESTS_DIR/lib.sh"
set -e
need sqlite3
demo_db "$T/demo"
DB=$T/demo/demo.sqlite

expect_ok "$VINFRA" plan --db "$DB" --service clinic --budget 50 --format json
cp "$T/out" "$T/clinic.json"
python3 - "$T/clinic.json" >"$T/gain.sql" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
errors = []
o = p["optimality"]
if p["cost_wan"] != 14.85 or len(p["sites"]) != 3 or abs(p["cost_total_wan"] - 44.55) > 1e-9:
    errors.append(f"3 clinics at 14.85 for 50: {p['cost_wan']} x {len(p['sites'])} = {p['cost_total_wan']}")
if not (o["greedy_value"] <= o["plan_value"] <= o["upper_bound"] + 1e-9):
    errors.append(f"greedy <= plan <= bound: {o}")
if o["optimal"] and abs(o["upper_bound"] - o["plan_value"]) > 1e-9:
    errors.append(f"an optimum is its own bound: {o}")
if errors:
    sys.exit("\n".join(errors))
# The unserved: no clinic (of a status not planned) within 2 km.
print("CREATE TEMP TABLE u AS SELECT h.id, h.members, Transform(h.geom, 4545) AS g FROM households h "
      "WHERE NOT EXISTS (SELECT 1 FROM clinics c WHERE c.status <> 'planned' AND "
      "ST_Distance(Transform(c.geom, 4545), Transform(h.geom, 4545)) <= 2000);")
print("CREATE TEMP TABLE done (id TEXT);")
for s in p["sites"]:
    pt = f"Transform(MakePoint({s['lon']}, {s['lat']}, 4490), 4545)"
    cond = f"ST_Distance(u.g, {pt}) <= 2000 AND u.id NOT IN (SELECT id FROM done)"
    print(f"SELECT {s['rank']}, {s['gain_households']}, count(*), {s['gain_people']}, "
          f"total(members) FROM u WHERE {cond};")
    print(f"INSERT INTO done SELECT id FROM u WHERE {cond};")
PY
sql "$DB" "$(cat "$T/gain.sql")" | awk -F'|' '$2 != $3 || $4 != $5 + 0 { bad = 1; print "site " $1 ": claims " $2 " households, " $4 " people; SpatiaLite finds " $3 ", " $5 > "/dev/stderr" } END { exit bad }' ||
  fail "a clinic's gain differs from SpatiaLite's"

# Streetlights at 0.24 万元: 2 万元 buys 8.
expect_ok "$VINFRA" plan --db "$DB" --service streetlight --budget 2 --format json
python3 -c "
import json, sys
p = json.load(open(sys.argv[1]))
n = len(p['sites'])
sys.exit(n != 8 or p['cost_total_wan'] > 2 or p['cost_wan'] != 0.24)" "$T/out" || fail "lights within 2 万元"
expect_ok "$VINFRA" plan --db "$DB" --service clinic --budget 50 --lang en
assert_contains "$T/out" "Cost: 14.85 万元 per village clinic (demo ledger: 10 clinic projects, 148.5 万元 for 10 clinics); the plan's 3 sites: 44.55 万元."
assert_contains "$T/out" "Budget 50.00 万元: the plan spends 44.55 万元, 5.45 万元 left."
expect_ok "$VINFRA" plan --db "$DB" --service clinic --budget 50
assert_contains "$T/out" "演示台账：10个村卫生室标准化建设项目共148.5万元，建成10个"

# --save stores the plan; coverage after the plan serves what the plan said.
expect_ok "$VINFRA" plan --db "$DB" --service clinic --budget 50 --save --format json
want=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['sites'][-1]['served_households'])" "$T/out")
assert_eq 3 "$(sql "$DB" "SELECT count(*) FROM clinics WHERE status = 'planned'")" "saved clinics"
expect_ok "$VINFRA" coverage --db "$DB" --service clinic --by line --after-plan --format json
assert_eq "$want" "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['services'][0]['total']['line']['served_households'])" "$T/out")" \
  "coverage after the plan"
echo ok
