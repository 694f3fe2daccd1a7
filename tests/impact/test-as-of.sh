#!/usr/bin/env bash
# --as-of on vinfra stats and coverage against the stored years: per layer,
# the features that stood at the end of a year counted with SQL from the
# database (a year of that year or before, or none; a status of kind planned
# never; a later work of a status that names what it "was" in
# data/statuses.tsv standing with that status), the ledger's money by year,
# and one service's households served recomputed by straight line with
# GeodSolve on CGCS2000.  Planned and undated works are put into a copy of
# the demo so that both rules are tried.
. "$TESTS_DIR/lib.sh"
set -e
need sqlite3
need GeodSolve
demo_db "$T"
DB="$T/demo.sqlite"
# Five streetlights planned (year 2019 kept), two clinics planned, three
# lights and one clinic without a year, one ledger project without a year.
sql "$DB" "UPDATE streetlights SET status = 'planned' WHERE fid IN (SELECT fid FROM streetlights ORDER BY fid LIMIT 5);
UPDATE streetlights SET year = NULL WHERE fid IN (SELECT fid FROM streetlights ORDER BY fid DESC LIMIT 3);
UPDATE clinics SET status = 'planned' WHERE id IN ('CL-上雷-001', 'CL-双龙-001');
UPDATE clinics SET year = NULL WHERE id = 'CL-大坪-001';
UPDATE projects SET year = NULL WHERE id = 'JJ-001';" >/dev/null

YEARS="2015 2016 2017 2018 2019 2020 $(date -u +%Y)"
for y in $YEARS; do
  expect_ok "$VINFRA" stats --db "$DB" --as-of "$y" --format json --lang en
  cp "$T/out" "$T/stats-$y.json"
done
expect_ok "$VINFRA" stats --db "$DB" --format json --lang en
cp "$T/out" "$T/stats-today.json"

# The oracle: per layer and year, from SQL.  Statuses that stand as what
# they "were" before their year, and those of kind planned, from the table.
was=$(awk -F'\t' '!/^#/ && $1 != "status" && $5 != "" {printf "%s'\''%s'\''", (n++ ? "," : ""), $1}' \
  "$VINFRA_DATADIR/statuses.tsv")
planned=$(awk -F'\t' '!/^#/ && $4 == "planned" {printf "%s'\''%s'\''", (n++ ? "," : ""), $1}' \
  "$VINFRA_DATADIR/statuses.tsv")
built=$(awk -F'\t' '!/^#/ && $4 == "built" {printf "%s'\''%s'\''", (n++ ? "," : ""), $1}' \
  "$VINFRA_DATADIR/statuses.tsv")
[ -n "$was" ] && [ -n "$planned" ] && [ -n "$built" ] ||
  fail "statuses.tsv: no status with a 'was', or none planned or built"
LAYERS="roads bridges streetlights water_tanks water_pipes rivers signal_towers clinics elderly_care
committees culture schools toilets garbage_pools trees industry"
for y in $YEARS; do
  for l in $LAYERS; do
    sql "$DB" "SELECT '$l', count(*),
      coalesce(sum(CASE WHEN status IN ($was) AND year > $y THEN 0
                        WHEN status IN ($built) THEN 1 ELSE 0 END), 0),
      coalesce(sum(CASE WHEN status = 'existing' OR (status IN ($was) AND year > $y) THEN 1 ELSE 0 END), 0),
      coalesce(round(sum(ST_Length(geom, 1)), 1), 0)
      FROM $l WHERE status NOT IN ($planned) AND (year IS NULL OR year <= $y OR status IN ($was))" \
      | tr '|' '\t'
  done >"$T/sql-$y.tsv"
  sql "$DB" "SELECT count(CASE WHEN kind = 'project' THEN 1 END), round(coalesce(sum(funding_wan), 0), 3)
    FROM projects WHERE year IS NULL OR year <= $y" | tr '|' '\t' >"$T/money-$y.tsv"
done

python3 - "$T" $YEARS <<'PY'
import json, sys
d, years = sys.argv[1], sys.argv[2:]
errors = []
def eq(what, expected, actual, tol=0):
    if abs(expected - actual) > tol:
        errors.append(f"{what}: expected {expected}, got {actual}")
for y in years:
    s = json.load(open(f"{d}/stats-{y}.json"))
    eq(f"{y}: as_of", int(y), s.get("as_of", 0))
    t = s["total"]
    for line in open(f"{d}/sql-{y}.tsv"):
        layer, n, built, existing, length = line.rstrip("\n").split("\t")
        L = t[layer]
        eq(f"{y} {layer}: count", int(n), L["count"])
        eq(f"{y} {layer}: built", int(built), L["built"]["count"])
        if "existing" in L["by_status"]:
            eq(f"{y} {layer}: existing", int(existing), L["by_status"]["existing"]["count"])
        if "length_m" in L:
            eq(f"{y} {layer}: length (m)", float(length), L["length_m"], 1.0)
        # Nothing planned is counted as of a year, not even under its own status.
        if "planned" in L["by_status"]:
            eq(f"{y} {layer}: planned", 0, L["by_status"]["planned"]["count"])
    projects, wan = open(f"{d}/money-{y}.tsv").read().split()
    eq(f"{y}: projects", int(projects), t["projects_total"]["count"])
    eq(f"{y}: funding", float(wan), t["projects_total"]["funding_wan"], 1e-6)
    # The works without a year are named: one clinic and three lights, one project.
    note = s.get("as_of_note", "")
    for want in ("5 works have no year", "village clinics CL-大坪-001", "streetlights",
                 "ledger projects JJ-001"):
        if want not in note:
            errors.append(f"{y}: as_of_note {note!r} lacks {want!r}")
# The last year with work is today's world, but for the planned features
# (today's stats list them apart) and the JSON's as_of keys.
now = json.load(open(f"{d}/stats-today.json"))
last = json.load(open(f"{d}/stats-2020.json"))
for k in ("as_of", "as_of_note"):
    last.pop(k, None)
for layer in last["total"]:
    if isinstance(last["total"][layer], dict):
        last["total"][layer].get("by_status", {}).pop("planned", None)
        now["total"][layer].get("by_status", {}).pop("planned", None)
        for v in last["total"][layer].get("by_type", {}).values():
            v.get("by_status", {}).pop("planned", None)
        for v in now["total"][layer].get("by_type", {}).values():
            v.get("by_status", {}).pop("planned", None)
if last["total"] != now["total"]:
    diff = [k for k in now["total"] if now["total"][k] != last["total"].get(k)]
    errors.append(f"as of 2020 differs from today in {diff}")
if errors:
    print("\n".join(errors))
    sys.exit(1)
PY

# Coverage: the households a clinic reaches within 2 km by straight line at
# each year's end, from GeodSolve's distances to the clinics that stood.
sql "$DB" "SELECT ST_Y(geom), ST_X(geom) FROM households ORDER BY fid" | tr '|' ' ' >"$T/hh.txt"
sql "$DB" "SELECT ST_Y(geom), ST_X(geom), coalesce(year, 0), status FROM clinics ORDER BY fid" \
  | tr '|' ' ' >"$T/clinics.txt"
python3 - "$T" >"$T/pairs.txt" <<'PY'
import sys
d = sys.argv[1]
hh = [l.split() for l in open(f"{d}/hh.txt")]
cl = [l.split() for l in open(f"{d}/clinics.txt")]
for h in hh:
    for c in cl:
        print(h[0], h[1], c[0], c[1])
PY
GeodSolve -i -e 6378137 0.003352810681182319 -p 3 <"$T/pairs.txt" | awk '{print $3}' >"$T/dist.txt"
prev=-1
for y in $YEARS; do
  expect_ok "$VINFRA" coverage --db "$DB" --as-of "$y" --service clinic --by line --format json --lang en
  python3 - "$T" "$y" "$prev" <<'PY' || exit 1
import json, sys
d, y, prev = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cov = json.load(open(f"{d}/out"))
assert cov["as_of"] == y, cov.get("as_of")
served = cov["services"][0]["total"]["line"]["served_households"]
cl = [l.split() for l in open(f"{d}/clinics.txt")]
stood = [i for i, c in enumerate(cl) if c[3] != "planned" and int(c[2]) <= y]
dist = [float(l) for l in open(f"{d}/dist.txt")]
n = len(cl)
nhh = len(dist) // n
# Coverage measures on the Gauss-Krüger plane, within 0.1% of geodesic:
# households within 0.2% of the threshold may go either way.
sure = maybe = 0
for h in range(nhh):
    best = min((dist[h * n + i] for i in stood), default=float("inf"))
    if best <= 2000 * 0.998:
        sure += 1
    elif best <= 2000 * 1.002:
        maybe += 1
if not (sure <= served <= sure + maybe):
    print(f"{y}: clinic served {served}, expected {sure} to {sure + maybe}")
    sys.exit(1)
if served < prev:
    print(f"{y}: clinic served {served}, fewer than the year before ({prev})")
    sys.exit(1)
print(served)
PY
  prev=$(python3 -c "import json; print(json.load(open('$T/out'))['services'][0]['total']['line']['served_households'])")
done

# Every service: as of each year no fewer households than the year before,
# and as of the last year what coverage says of today.
for y in 2015 2017 2019 2020; do
  expect_ok "$VINFRA" coverage --db "$DB" --as-of "$y" --format json --lang en
  cp "$T/out" "$T/cov-$y.json"
done
expect_ok "$VINFRA" coverage --db "$DB" --format json --lang en
cp "$T/out" "$T/cov-today.json"
python3 - "$T" <<'PY'
import json, sys
d = sys.argv[1]
def served(f):
    c = json.load(open(f))
    return {(s["service"], k): v.get("served_households", v.get("served_m", v.get("served")))
            for s in c["services"] for k, v in s["total"].items()}
years = [2015, 2017, 2019, 2020]
by = {y: served(f"{d}/cov-{y}.json") for y in years}
errors = []
for a, b in zip(years, years[1:]):
    for k, v in by[b].items():
        if v < by[a][k]:
            errors.append(f"{k}: {v} as of {b}, fewer than {by[a][k]} as of {a}")
if by[2020] != served(f"{d}/cov-today.json"):
    errors.append(f"as of 2020 {by[2020]} is not today's {served(d + '/cov-today.json')}")
if errors:
    print("\n".join(errors))
    sys.exit(1)
PY

# The reports say it: the title, and the note of the works without a year.
expect_ok "$VINFRA" stats --db "$DB" --as-of 2018 --lang en
assert_contains "$T/out" "Village infrastructure (11 villages), as of the end of 2018"
assert_contains "$T/out" "5 works have no year and are counted as standing before the programme: streetlights LD-"
expect_ok "$VINFRA" stats --db "$DB" --as-of 2018
assert_contains "$T/out" "村级基础设施统计（11 个行政村），截至 2018 年底"
assert_contains "$T/out" "5 项建设没有年份，按帮扶前已有计："
expect_ok "$VINFRA" coverage --db "$DB" --as-of 2018 --lang en
assert_contains "$T/out" "Coverage, as of the end of 2018"
expect_ok "$VINFRA" gaps --db "$DB" --as-of 2018 --service clinic
assert_contains "$T/out" "截至 2018 年底"
expect_ok "$VINFRA" gaps --db "$DB" --as-of 2018 --service clinic --format geojson
python3 -c "import json,sys; assert json.load(open('$T/out'))['as_of'] == 2018"

# A hardened road stood before its year as the existing road it was, with
# no surface: road access by hardened roads is then nobody's.
expect_ok "$VINFRA" coverage --db "$DB" --as-of 2016 --service road --by line --format json --lang en
python3 -c "
import json
c = json.load(open('$T/out'))
assert c['services'][0]['total']['line']['served_households'] == 0, c['services'][0]['total']['line']"

# Errors: the option, what was expected and what was given.
max=$(date -u +%Y)
for bad in 18 2O18 1948 $((max + 1)) 20188; do
  expect_fail2 2 "vinfra: error: stats: --as-of: expected a year from 1949 to $max, got \"$bad\"" \
    "vinfra：错误：stats：--as-of：应为 1949 至 $max 年之间的年份，实为 \"$bad\"" \
    "$VINFRA" stats --db "$DB" --as-of "$bad"
done
expect_fail2 2 "vinfra: error: coverage: --as-of: expected a year from 1949 to $max, got \"x\"" \
  "vinfra：错误：coverage：--as-of：应为 1949 至 $max 年之间的年份，实为 \"x\"" \
  "$VINFRA" coverage --db "$DB" --as-of x
expect_fail2 2 "vinfra: error: coverage: --as-of and --after-plan cannot be combined: as of a year, planned assets were not built" \
  "vinfra：错误：coverage：--as-of 与 --after-plan 不能同时使用：按某年年底统计时，规划设施尚未建成" \
  "$VINFRA" coverage --db "$DB" --as-of 2018 --after-plan
expect_fail2 2 "vinfra: error: gaps: --as-of: expected a year from 1949 to $max, got \"1900\"" \
  "vinfra：错误：gaps：--as-of：应为 1949 至 $max 年之间的年份，实为 \"1900\"" \
  "$VINFRA" gaps --db "$DB" --as-of 1900
echo ok
