#!/usr/bin/env bash
# vinfra impact on the demo: each year's works and money add up to the
# period's (the report's 33.6 km of roads and 4590 万元), the years match the
# ledger's and the assets' in SQL, the end of the period is today's world
# (stats and coverage), before is coverage as of the year before, the
# before/after lines, the money per newly served household, one village, and
# the errors in Chinese and English.
. "$TESTS_DIR/lib.sh"
set -e
need sqlite3
demo_db "$T"
DB="$T/demo.sqlite"

expect_ok "$VINFRA" impact --db "$DB" --format json --lang en
cp "$T/out" "$T/impact.json"
expect_ok "$VINFRA" stats --db "$DB" --format json --lang en
cp "$T/out" "$T/stats.json"
expect_ok "$VINFRA" coverage --db "$DB" --format json --lang en
cp "$T/out" "$T/cov-today.json"
expect_ok "$VINFRA" coverage --db "$DB" --as-of 2015 --format json --lang en
cp "$T/out" "$T/cov-2015.json"
sql "$DB" "SELECT year, programme, round(sum(funding_wan), 3), count(CASE WHEN kind = 'project' THEN 1 END)
  FROM projects GROUP BY 1, 2" | tr '|' '\t' >"$T/money.tsv"
sql "$DB" "SELECT min(year), max(year) FROM (SELECT year FROM projects UNION ALL SELECT year FROM roads
  UNION ALL SELECT year FROM streetlights UNION ALL SELECT year FROM committees)" | tr '|' ' ' >"$T/years.txt"
# The projects the clinics name, and their money: the clinic's cost.
sql "$DB" "SELECT round(sum(funding_wan), 3), count(*) FROM projects
  WHERE id IN (SELECT project FROM clinics WHERE year BETWEEN 2016 AND 2020)" | tr '|' ' ' >"$T/clinic-money.txt"

python3 - "$T" <<'PY'
import json, sys
d = sys.argv[1]
im = json.load(open(f"{d}/impact.json"))
st = json.load(open(f"{d}/stats.json"))["total"]
today = json.load(open(f"{d}/cov-today.json"))
before = json.load(open(f"{d}/cov-2015.json"))
errors = []
def eq(what, expected, actual, tol=0):
    if abs(expected - actual) > tol:
        errors.append(f"{what}: expected {expected}, got {actual}")
first, last = map(int, open(f"{d}/years.txt").read().split())
eq("from: the earliest year", first, im["from"])
eq("to: the latest year", last, im["to"])
eq("before", first - 1, im["before"])
years = [str(y) for y in range(im["from"], im["to"] + 1)]
# The years add up, and the period is what stats counts as built today.
for w in im["built"]:
    what = f"{w['layer']} {w['status']}"
    if list(w["by_year"]) != years:
        errors.append(f"{what}: years {list(w['by_year'])}")
    eq(f"{what}: sum of the years", w["total"], sum(w["by_year"].values()), 1e-3)
    key = {"count": "count", "m": "length_m", "quantity": "quantity"}[w["unit"]]
    eq(f"{what}: total against stats", st[w["layer"]]["by_status"][w["status"]][key], w["total"], 1e-3)
roads = sum(w["total"] for w in im["built"] if w["layer"] == "roads")
eq("roads built (m)", 33600, roads, 1)
eq("roads built, years summed (m)", 33600,
   sum(sum(w["by_year"].values()) for w in im["built"] if w["layer"] == "roads"), 1)
built_layers = {w["layer"] for w in im["built"]}
for layer, L in st.items():
    if isinstance(L, dict) and "built" in L and L["built"]["count"] and layer not in built_layers:
        errors.append(f"{layer}: built today but not in any year")
# Money: per programme and year as in the ledger; 4590 in all.
f = im["funding"]
eq("funding total", 4590, f["total_wan"], 1e-6)
eq("funding, years summed", 4590, sum(f["by_year"].values()), 1e-6)
ledger = {}
for line in open(f"{d}/money.tsv"):
    y, prog, wan, n = line.split("\t")
    ledger[(y, prog)] = (float(wan), int(n))
for p in f["programmes"]:
    eq(f"{p['key']}: total against stats", st["projects"][p["key"]]["funding_wan"], p["total_wan"], 1e-6)
    eq(f"{p['key']}: projects against stats", st["projects"][p["key"]]["count"], p["projects"])
    for y in years:
        wan, n = ledger.get((y, p["key"]), (0.0, 0))
        eq(f"{p['key']} {y}: funding", wan, p["by_year"][y], 1e-6)
        eq(f"{p['key']} {y}: projects", n, p["projects_by_year"][y])
for y in years:
    eq(f"{y}: funding of the year", sum(v[0] for k, v in ledger.items() if k[0] == y),
       f["by_year"][y], 1e-6)
# Coverage: after is today's coverage, before is as of the year before.
def served(c, service):
    for s in c["services"]:
        if s["service"] == service:
            return s["total"]["line"]
for c in im["coverage"]:
    t, b = served(today, c["service"]), served(before, c["service"])
    for k in ("households", "served_households", "people", "served_people"):
        eq(f"{c['service']} after {k}", t[k], c["after"][k])
        eq(f"{c['service']} before {k}", b[k], c["before"][k])
    eq(f"{c['service']} newly served", t["served_households"] - b["served_households"],
       c["newly_served_households"])
    if list(c["at"]) != [str(im["before"])] + years:
        errors.append(f"{c['service']}: year ends {list(c['at'])}")
    if c["at"][str(im["before"])] != c["before"] or c["at"][years[-1]] != c["after"]:
        errors.append(f"{c['service']}: before/after are not the first and last year ends")
cov = {c["service"]: c for c in im["coverage"]}
# The report's figures: water and signal reach every household at the end.
for s in ("water", "signal"):
    eq(f"{s} after: every household", cov[s]["after"]["households"], cov[s]["after"]["served_households"])
# Money per newly served household: the clinics' projects over the households.
wan, n = open(f"{d}/clinic-money.txt").read().split()
eq("clinic projects", int(n), cov["clinic"]["projects"])
eq("clinic funding", float(wan), cov["clinic"]["funding_wan"], 1e-6)
eq("clinic yuan per household", float(wan) * 10000 / cov["clinic"]["newly_served_households"],
   cov["clinic"]["yuan_per_household"], 0.001)
if cov["signal"]["newly_served_households"] == 0:
    if cov["signal"]["yuan_per_household"] is not None or cov["signal"]["why_no_cost"] != "no household newly served":
        errors.append(f"signal: {cov['signal']['yuan_per_household']} {cov['signal']['why_no_cost']}")
s = im["sentences"]
c = cov["clinic"]
pct = lambda x: 100 * x["served_households"] / x["households"]
line = (f"village clinic (straight line ≤ 2 km): {pct(c['before']):.1f}% → {pct(c['after']):.1f}% of "
        f"households, {c['newly_served_households']} households ({c['newly_served_people']} people, "
        f"{c['newly_served_poor']} poor households) newly served.")
for want in (line, "Funding from 2016 to 2020: 4590.0 (10k yuan), 236 projects."):
    if want not in s:
        errors.append(f"sentences lack {want!r}: {s}")
full = [k for k, v in cov.items() if v["after"]["served_households"] == v["after"]["households"]
        and v["before"]["served_households"] < v["before"]["households"]]
names = {"water": "drinking water", "signal": "mobile signal"}
if full and not any(x.startswith("By the end of 2020, ") and names.get(full[0], full[0]) in x for x in s):
    errors.append(f"no line says {full} reached every household: {s}")
if errors:
    print("\n".join(errors))
    sys.exit(1)
PY

# The tables, in both languages.
expect_ok "$VINFRA" impact --db "$DB" --lang en
assert_contains "$T/out" "What the programme changed, 2016–2020"
assert_contains "$T/out" "Before: the end of 2015; after: the end of 2020."
assert_contains "$T/out" "By the end of 2020, drinking water reached every household."
expect_ok "$VINFRA" impact --db "$DB"
assert_contains "$T/out" "2016—2020 年帮扶带来的变化"
assert_contains "$T/out" "到 2020 年底，饮水已覆盖全部农户。"
assert_contains "$T/out" "2016—2020 年共投入资金 4590.0 万元，项目 236 个。"
python3 "$TESTS_DIR/no-english.py" "$T/out" || fail "English in the Chinese impact report"
for fmt in csv md; do
  expect_ok "$VINFRA" impact --db "$DB" --format "$fmt"
  assert_contains "$T/out" "4590.0"
done

# A shorter period: its years only, before is the end of the year before.
expect_ok "$VINFRA" impact --db "$DB" --from 2018 --to 2019 --format json --lang en
python3 - "$T/out" "$T/money.tsv" <<'PY'
import json, sys
im = json.load(open(sys.argv[1]))
assert (im["from"], im["to"], im["before"]) == (2018, 2019, 2017), im
wan = sum(float(l.split("\t")[2]) for l in open(sys.argv[2]) if l.split("\t")[0] in ("2018", "2019"))
assert abs(im["funding"]["total_wan"] - wan) < 1e-6, (im["funding"]["total_wan"], wan)
for w in im["built"]:
    assert list(w["by_year"]) == ["2018", "2019"], w
PY

# One village: its ledger and its households only.
expect_ok "$VINFRA" impact --db "$DB" --village 双龙村 --format json --lang en
python3 - "$T/out" <<PY
import json
im = json.load(open("$T/out"))
wan = float("$(sql "$DB" "SELECT round(sum(funding_wan), 3) FROM projects WHERE village = '双龙村'")")
hh = int("$(sql "$DB" "SELECT count(*) FROM households WHERE village = '双龙村'")")
assert im["village"] == "双龙村"
assert abs(im["funding"]["total_wan"] - wan) < 1e-6, (im["funding"]["total_wan"], wan)
for c in im["coverage"]:
    assert c["after"]["households"] == hh, (c["service"], c["after"]["households"], hh)
PY

# A work without a year is in no year: it stood before the programme, and
# the note says so.
sql "$DB" "UPDATE clinics SET year = NULL WHERE id = 'CL-大坪-001'" >/dev/null
expect_ok "$VINFRA" impact --db "$DB" --format json --lang en
python3 - "$T/out" <<'PY'
import json
import sys
im = json.load(open(sys.argv[1]))
cl = [w for w in im["built"] if w["layer"] == "clinics"][0]
assert cl["total"] == 9 and sum(cl["by_year"].values()) == 9, cl
assert im["as_of_note"] == ("1 work has no year and is counted as standing before the programme: "
                            "village clinics CL-大坪-001"), im["as_of_note"]
PY

# Errors.
max=$(date -u +%Y)
expect_fail2 2 "vinfra: error: impact: --from: expected a year from 1949 to $max, got \"16\"" \
  "vinfra：错误：impact：--from：应为 1949 至 $max 年之间的年份，实为 \"16\"" \
  "$VINFRA" impact --db "$DB" --from 16
expect_fail2 2 "vinfra: error: impact: --to: expected a year from 1949 to $max, got \"$((max + 1))\"" \
  "vinfra：错误：impact：--to：应为 1949 至 $max 年之间的年份，实为 \"$((max + 1))\"" \
  "$VINFRA" impact --db "$DB" --to $((max + 1))
expect_fail2 2 "vinfra: error: impact: --from 2020 is after --to 2016" \
  "vinfra：错误：impact：--from 2020 晚于 --to 2016" \
  "$VINFRA" impact --db "$DB" --from 2020 --to 2016
expect_fail2 2 "vinfra: error: impact: --from 2022 is after the last year of the data, 2020 (give --to)" \
  "vinfra：错误：impact：--from 2022 晚于数据中最晚的年份 2020（请同时指定 --to）" \
  "$VINFRA" impact --db "$DB" --from 2022
expect_fail2 2 "vinfra: error: impact: --to 2010 is before the first year of the data, 2016 (give --from)" \
  "vinfra：错误：impact：--to 2010 早于数据中最早的年份 2016（请同时指定 --from）" \
  "$VINFRA" impact --db "$DB" --to 2010
villages=$(sql "$DB" "SELECT group_concat(name, '、') FROM (SELECT name FROM villages ORDER BY fid)")
villages_en=$(sql "$DB" "SELECT group_concat(name, ', ') FROM (SELECT name FROM villages ORDER BY fid)")
expect_fail2 2 "vinfra: error: impact: unknown village \"大坪\": expected one of $villages_en" \
  "vinfra：错误：impact：未知的村 \"大坪\"：应为 $villages 之一" \
  "$VINFRA" impact --db "$DB" --village 大坪
expect_fail2 2 "vinfra: error: impact: unexpected argument 'x'" "vinfra：错误：impact：多余的参数 'x'" \
  "$VINFRA" impact --db "$DB" x
echo ok
