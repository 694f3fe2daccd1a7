#!/usr/bin/env bash
# vinfra stats on a small database imported from the fixtures: exact counts,
# geodesic lengths (expected values from GeodSolve -i -e 6378137
# 1/298.257222101, summed over segments), households, projects, the JSON
# shape, the other formats and the error messages.
. "$TESTS_DIR/lib.sh"
set -e
F="$TESTS_DIR/stats/fixtures"
DB="$T/s.sqlite"

expect_ok "$VINFRA" init --db "$DB"
for layer in villages roads water_pipes bridges trees culture households; do
  expect_ok "$VINFRA" import --db "$DB" "$F/$layer.geojson" --layer "$layer"
done
expect_ok "$VINFRA" import --db "$DB" "$F/ledger.csv" --ledger

expect_ok "$VINFRA" stats --db "$DB" --format json
cp "$T/out" "$T/all.json"
python3 - "$T/all.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
errors = []
def eq(what, expected, actual, tol=None):
    ok = abs(expected - actual) <= tol if tol is not None else expected == actual
    if not ok:
        errors.append(f"{what}: expected {expected!r}, got {actual!r}")

# GeodSolve lengths in metres.
R1, R2, R3, R4, R5, P1 = 1077.156054, 1376.394006, 1442.848808, 1076.498225, 721.449914, 554.616673
mm = 0.002  # the JSON has millimetres

t = d["total"]
eq("top keys", ["total", "villages"], list(d))
eq("village order", ["上雷村", "双龙村"], [v["name"] for v in d["villages"]])
r = t["roads"]
eq("roads count (planned left out)", 4, r["count"])
eq("roads length", R1 + R2 + R3 + R5, r["length_m"], mm)
eq("roads built", 3, r["built"]["count"])
eq("roads built length (new, widened, hardened)", R1 + R2 + R3, r["built"]["length_m"], mm)
eq("roads statuses", ["new", "widened", "hardened", "existing", "planned"], list(r["by_status"]))
eq("roads new", R1, r["by_status"]["new"]["length_m"], mm)
eq("roads widened (two parts)", R2, r["by_status"]["widened"]["length_m"], mm)
eq("roads planned", {"count": 1, "length_m": round(R4, 3)}, r["by_status"]["planned"])
eq("roads by class", ["county", "township", "village", "group", "unspecified"], list(r["by_class"]))
eq("village roads exclude planned", 1, r["by_class"]["village"]["count"])
eq("village roads planned", 1, r["by_class"]["village"]["by_status"]["planned"]["count"])
eq("roads without class", R5, r["by_class"]["unspecified"]["length_m"], mm)
eq("pipes", P1, t["water_pipes"]["length_m"], mm)
eq("bridges", 2, t["bridges"]["count"])
eq("bridges planned", 1, t["bridges"]["by_status"]["planned"]["count"])
eq("bridges have no length", False, "length_m" in t["bridges"])
eq("trees sites", 2, t["trees"]["count"])
eq("trees", 350, t["trees"]["quantity"])
eq("trees planned", {"count": 1, "quantity": 40}, t["trees"]["by_status"]["planned"])
eq("trees by species", 250, t["trees"]["by_species"]["crape_myrtle"]["quantity"])
c = t["culture"]
eq("culture", 4, c["count"])
eq("culture built", 3, c["built"]["count"])
eq("culture by type", [1, 2, 0, 1], [c["by_type"][k]["count"] for k in ("hall", "square", "stage", "wall")])
h = t["households"]
eq("households", 5, h["count"])
eq("people", 20, h["people"])
eq("toilet retrofits", 2, h["toilet_retrofits"])
eq("by poverty", {"registered": {"count": 1, "people": 5}, "lifted": {"count": 2, "people": 6},
                  "none": {"count": 2, "people": 9}}, h["by_poverty"])
p = t["projects"]
eq("programmes", ["infrastructure", "industry", "consumption", "culture", "health", "ecology",
                  "education", "social"], list(p))
eq("infrastructure", {"count": 2, "funding_wan": 200.5}, p["infrastructure"])
eq("social (a fund, no project)", {"count": 0, "funding_wan": 50}, p["social"])
eq("projects total", {"count": 4, "funding_wan": 481}, t["projects_total"])
eq("empty layer", {"count": 0}, {k: v for k, v in t["signal_towers"].items() if k == "count"})

sl, slo = d["villages"]
eq("上雷村 roads", 2, sl["roads"]["count"])
eq("上雷村 roads length", R3 + R5, sl["roads"]["length_m"], mm)
eq("双龙村 roads built", R1 + R2, slo["roads"]["built"]["length_m"], mm)
eq("双龙村 households", {"count": 2, "people": 7}, {k: slo["households"][k] for k in ("count", "people")})
eq("双龙村 projects", {"count": 2, "funding_wan": 320.5}, slo["projects_total"])
eq("上雷村 trees", 250, sl["trees"]["quantity"])
# The county-level donation is in the total only.
eq("villages' funding", 431, sl["projects_total"]["funding_wan"] + slo["projects_total"]["funding_wan"])
if errors:
    print("\n".join(errors)); sys.exit(1)
EOF

# --village: the total is that village; --layer: only that key.
expect_ok "$VINFRA" stats --db "$DB" --format json --village 双龙村 --layer roads
python3 - "$T/out" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d["total"]) == ["roads"], list(d["total"])
assert [v["name"] for v in d["villages"]] == ["双龙村"]
assert d["total"]["roads"]["count"] == 2
assert abs(d["total"]["roads"]["length_m"] - (1077.156054 + 1376.394006)) < 0.002
EOF
expect_ok "$VINFRA" stats --db "$DB" --format json --layer projects
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert list(d["total"]) == ["projects", "projects_total"], d' "$T/out"

# The table: Chinese by default, aligned, with units.
expect_ok "$VINFRA" stats --db "$DB"
cp "$T/out" "$T/table.txt"
assert_contains "$T/table.txt" "村级基础设施统计（2 个行政村）"
grep -qE '^道路（新建、拓宽、硬化） +3  条 +3896 +3\.90$' "$T/table.txt" || { cat "$T/table.txt"; fail "roads key figure"; }
grep -qE '^景观树（已建） +350  株$' "$T/table.txt" || fail "trees key figure"
grep -qE '^投入资金 +481\.0  万元$' "$T/table.txt" || fail "funding key figure"
grep -qE '^已脱贫户 +2 +6$' "$T/table.txt" || fail "lifted households"
grep -qE '^便民桥 +规划 +1  座$' "$T/table.txt" || fail "planned bridge listed apart"
# Every line of a table has the same display width as its rule, or less.
python3 - "$T/table.txt" <<'EOF'
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1]).read().split("\n")
for i, l in enumerate(lines):
    if l and set(l) == {"-"}:
        head = lines[i - 1]
        assert w(head) == len(l), (head, len(l))
EOF
expect_ok "$VINFRA" stats --db "$DB" --lang en --village 上雷村
assert_contains "$T/out" "Village infrastructure: 上雷村"
grep -qE '^roads \(new, widened, hardened\) +1 +1443 +1\.44$' "$T/out" || { cat "$T/out"; fail "English key figure"; }

# CSV parses, with one header row per table; Markdown is a pipe table.
expect_ok "$VINFRA" stats --db "$DB" --format csv
python3 - "$T/out" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
assert ["指标", "数量", "单位", "长度(米)", "长度(公里)"] in rows
assert ["道路（新建、拓宽、硬化）", "3", "条", "3896", "3.90"] in rows, rows
assert ["上雷村", "人口", "13", "人", "", ""] in rows
EOF
expect_ok "$VINFRA" stats --db "$DB" --format md
assert_contains "$T/out" "| **合计** | **4** | **481.0** |"

# Errors.
expect_fail2 2 'vinfra: error: unknown village "三龙村": expected one of 上雷村, 双龙村' \
  'vinfra：错误：未知的村 "三龙村"：应为 上雷村、双龙村 之一' \
  "$VINFRA" stats --db "$DB" --village 三龙村
expect_fail 2 'vinfra: error: --format: expected one of table, csv, json, md, got "xml"' \
  "$VINFRA" stats --db "$DB" --format xml
VINFRA_LANG=en run "$VINFRA" stats --db "$DB" --layer road
assert_eq 2 "$RC" "exit code for an unknown layer"
grep -qx 'vinfra: error: unknown layer "road": expected one of households, roads, .*, industry, projects' "$T/err" \
  || { cat "$T/err"; fail "unknown layer message"; }
run "$VINFRA" stats --db "$DB" --layer road
grep -qx 'vinfra：错误：未知图层 "road"：应为 households、roads、.*、industry、projects 之一' "$T/err" \
  || { cat "$T/err"; fail "unknown layer message in Chinese"; }
expect_fail 2 'vinfra: error: stats: unexpected argument '"'extra'" "$VINFRA" stats --db "$DB" extra
expect_ok "$VINFRA" init --db "$T/empty.sqlite"
expect_fail2 2 'vinfra: error: unknown village "双龙村": the database has no villages yet' \
  'vinfra：错误：未知的村 "双龙村"：数据库中还没有行政村' \
  "$VINFRA" stats --db "$T/empty.sqlite" --village 双龙村
echo ok
