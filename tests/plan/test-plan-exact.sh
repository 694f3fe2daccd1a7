#!/usr/bin/env bash
# vinfra plan's choice and what it says of it, on tests/plan/scenes.py's trap:
# four lone households on a straight road, a 1 km clinic reach.  The greedy's
# first pick (the middle pair, 12 people) leaves it 17 people with two sites;
# the best pair (the sites at 1 km and 3 km) serves all 22.  The plan must
# take the optimum, say both figures, and every site must reach (SpatiaLite,
# EPSG:4545) the households it claims.  Then budgets (never exceeded, what
# is left), --greedy's bound, --weight poor=2 moving the pick, and the errors.
. "$TESTS_DIR/lib.sh"
set -e
need sqlite3
DB="$T/t.sqlite"
python3 "$TESTS_DIR/plan/scenes.py" trap "$T/fx"
expect_ok "$VINFRA" init --db "$DB"
while read -r layer; do
  expect_ok "$VINFRA" import --db "$DB" "$T/fx/$layer.geojson" --layer "$layer"
done <"$T/fx/layers"

# Each site's households within 1 km, by SpatiaLite, against what the plan claims.
check_reach() {
  python3 - "$1" >"$T/reach.sql" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for s in p["sites"]:
    print(f"SELECT {s['rank']}, {s['gain_households']}, group_concat(id) FROM households WHERE "
          f"ST_Distance(Transform(geom, 4545), Transform(MakePoint({s['lon']}, {s['lat']}, 4490), "
          f"4545)) <= 1000;")
PY
  sql "$DB" "$(cat "$T/reach.sql")" >"$T/reach.txt"
}

expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --add 2 --format json --lang en
cp "$T/out" "$T/exact.json"
python3 - "$T/exact.json" <<'PY' || fail "the exact plan"
import json, sys
p = json.load(open(sys.argv[1]))
o = p["optimality"]
errors = []
if (o["greedy_value"], o["plan_value"], o["upper_bound"]) != (17, 22, 22):
    errors.append(f"values {o}")
if not (o["optimal"] and o["searched"] and o["from_search"] and not o["hit_limit"]):
    errors.append(f"flags {o}")
if o["greedy_sites"] != 2 or o["gap_percent"] != 0:
    errors.append(f"greedy sites, gap {o}")
if [s["gain_people"] for s in p["sites"]] != [11, 11] or p["sites"][-1]["served_people"] != 22:
    errors.append(f"sites {p['sites']}")
if p["by"] != "line" or p["weight"] != {"base": "people", "poor_factor": 1}:
    errors.append(f"by {p['by']} weight {p['weight']}")
if errors:
    sys.exit("\n".join(errors))
PY
check_reach "$T/exact.json"
assert_eq "1|2|P1,P2
2|2|P3,P4" "$(cat "$T/reach.txt")" "the optimum's sites reach what they claim"
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --add 2 --lang en
assert_contains "$T/out" "Greedy picks would serve 17 people; the optimum serves 22 people (proven by an exact search of"
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --add 2
assert_contains "$T/out" "贪心选址可覆盖 17 人；最优方案覆盖 22 人"

# One site: the greedy's is the best, and the report says so.
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --add 1 --lang en
assert_contains "$T/out" "Best possible: the greedy picks serve 12 people, the optimum (proven by an exact search of"

# --greedy: the greedy's answer and its proven bound (the sum of the two best gains).
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --add 2 --greedy --format json
python3 - "$T/out" <<'PY' || fail "--greedy"
import json, sys
o = json.load(open(sys.argv[1]))["optimality"]
if (o["plan_value"], o["searched"], o["optimal"]) != (17, False, False):
    sys.exit(f"greedy {o}")
if not (22 <= o["upper_bound"] <= 17 / (1 - 1 / 2.718281828459045) + 1e-6):
    sys.exit(f"bound {o['upper_bound']} not between the optimum and greedy / (1 - 1/e)")
PY
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --add 2 --greedy --lang en
assert_contains "$T/out" "Greedy picks only (--greedy): 17 people, at least 63.2% of the best possible (1 − 1/e); proven: no plan can serve more than"

# Budgets: 25 万元 at 10 万元 a site buys two (the optimum), 5 万元 left; 9 万元 buys none.
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --budget 25 --cost 10 --format json
python3 - "$T/out" <<'PY' || fail "a budget of 25"
import json, sys
p = json.load(open(sys.argv[1]))
if (len(p["sites"]), p["cost_total_wan"], p["budget_wan"], p["cost_wan"], p["cost_source"]) != \
        (2, 20, 25, 10, "--cost"):
    sys.exit(f"budget {p}")
if p["optimality"]["plan_value"] != 22 or p["max_sites"] is not None:
    sys.exit(f"budget plan {p['optimality']}")
PY
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --budget 25 --cost 10 --lang en
assert_contains "$T/out" "Budget 25.00 万元: the plan spends 20.00 万元, 5.00 万元 left."
assert_contains "$T/out" "Cost: 10.00 万元 per village clinic (--cost); the plan's 2 sites: 20.00 万元."
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --budget 25 --cost 10
assert_contains "$T/out" "预算 25.00 万元：方案花费 20.00 万元，剩余 5.00 万元。"
# The data table's cost (a clinic 14.85 万元): 30 万元 buys two, 29 one; --add caps it.
for budget_sites in 30:2 29:1 100:2; do
  budget=${budget_sites%:*} want=${budget_sites#*:}
  expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --budget "$budget" --format json
  python3 - "$T/out" "$budget" "$want" <<'PY' || fail "a budget of $budget"
import json, sys
p = json.load(open(sys.argv[1]))
budget, want = float(sys.argv[2]), int(sys.argv[3])
n = len(p["sites"])
if p["cost_wan"] != 14.85 or abs(p["cost_total_wan"] - 14.85 * n) > 1e-6 or p["cost_total_wan"] > budget:
    sys.exit(f"cost {p['cost_wan']} total {p['cost_total_wan']} budget {budget}")
# Two sites serve everyone (the optimum), so a bigger budget buys no more.
if n != want:
    sys.exit(f"{n} sites for {budget}, want {want}")
PY
done
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --budget 100 --add 1 --format json
python3 -c "import json,sys; p=json.load(open(sys.argv[1])); sys.exit(len(p['sites']) != 1 or p['max_sites'] != 1)" "$T/out" ||
  fail "--add caps a budget"

# --weight poor=2: P1 (registered poor, 5 people) weighs 10, so one site goes to it and P2.
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --add 1 --weight poor=2 --format json
cp "$T/out" "$T/poor.json"
python3 - "$T/poor.json" <<'PY' || fail "--weight poor=2"
import json, sys
p = json.load(open(sys.argv[1]))
s = p["sites"][0]
if (s["gain_households"], s["gain_people"], s["gain_poor_households"]) != (2, 11, 1):
    sys.exit(f"site {s}")
if p["optimality"]["plan_value"] != 16 or p["weight"] != {"base": "people", "poor_factor": 2}:
    sys.exit(f"value {p['optimality']} weight {p['weight']}")
if (p["before"]["poor_households"], p["before"]["served_poor_households"]) != (1, 0):
    sys.exit(f"before {p['before']}")
PY
check_reach "$T/poor.json"
assert_eq "1|2|P1,P2" "$(cat "$T/reach.txt")" "the poor-weighted site"
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --add 1 --weight households,poor=3 --format json
python3 -c "import json,sys; p=json.load(open(sys.argv[1])); sys.exit(p['optimality']['plan_value'] != 4)" "$T/out" ||
  fail "households,poor=3: P1 weighs 3 and P2 1"
expect_ok "$VINFRA" plan --db "$DB" --service clinic --threshold 1000 --add 1 --weight households --lang en
assert_contains "$T/out" "Each household counts once, whatever its size."
assert_contains "$T/out" "the optimum (proven by an exact search of"

# The errors.
expect_fail2 2 'vinfra: error: plan: give --add N (how many sites) or --budget WAN (how much to spend), or both' \
  'vinfra：错误：plan：请给出 --add N（选址个数）或 --budget WAN（可用资金），或两者都给' \
  "$VINFRA" plan --db "$DB" --service clinic
expect_fail2 2 "vinfra: error: plan: --budget: expected an amount in 万元 above 0, got '-5'" \
  "vinfra：错误：plan：--budget：应为大于 0 的金额（万元），实际为“-5”" \
  "$VINFRA" plan --db "$DB" --service clinic --budget -5
expect_fail 2 "vinfra: error: plan: --cost: expected an amount in 万元 above 0, got 'ten'" \
  "$VINFRA" plan --db "$DB" --service clinic --add 1 --cost ten
expect_fail 2 "vinfra: error: plan: --time-limit: expected seconds above 0, got '0'" \
  "$VINFRA" plan --db "$DB" --service clinic --add 1 --time-limit 0
expect_fail2 2 "vinfra: error: plan: --weight: expected people, households or poor=F (F a number above 0, e.g. poor=2), or a base and poor=F joined by a comma, got 'poor'" \
  "vinfra：错误：plan：--weight：应为 people、households 或 poor=F（F 为大于 0 的数，如 poor=2），或用逗号连接基数与 poor=F，实际为“poor”" \
  "$VINFRA" plan --db "$DB" --service clinic --add 1 --weight poor
expect_fail 2 "vinfra: error: plan: --weight: expected people, households or poor=F (F a number above 0, e.g. poor=2), or a base and poor=F joined by a comma, got 'people,households'" \
  "$VINFRA" plan --db "$DB" --service clinic --add 1 --weight people,households
# A data directory whose costs.tsv has no row for clinics: a budget needs --cost.
cp -r "$VINFRA_DATADIR" "$T/data"
grep -v '^clinics' "$VINFRA_DATADIR/costs.tsv" >"$T/data/costs.tsv"
VINFRA_DATADIR="$T/data" expect_fail 2 'vinfra: error: plan: costs.tsv of the data directory gives no cost for a new village clinic (layer clinics): add a row there or give --cost WAN' \
  "$VINFRA" plan --db "$DB" --service clinic --budget 30
VINFRA_DATADIR="$T/data" expect_ok "$VINFRA" plan --db "$DB" --service clinic --add 1
printf 'layer\twhere\tunit\tcost_wan\tprojects\tunits\tsource_zh\tsource_en\nclinics\t\tsite\t-1\t1\t1\t甲\ta\n' >"$T/data/costs.tsv"
VINFRA_DATADIR="$T/data" expect_fail 1 "vinfra: error: $T/data/costs.tsv:2: cost_wan: expected a cost in 万元 above 0, got -1" \
  "$VINFRA" plan --db "$DB" --service clinic --budget 30
# Without a budget a broken table does not stop the plan, but it is said.
VINFRA_DATADIR="$T/data" expect_ok "$VINFRA" plan --db "$DB" --service clinic --add 1 --lang en
assert_contains "$T/err" "vinfra: warning: plan: no costs for the report: $T/data/costs.tsv:2: cost_wan: expected a cost in 万元 above 0, got -1"
echo ok
