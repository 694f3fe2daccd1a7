#!/usr/bin/env bash
# vinfra coverage against an independent oracle on the same database:
# SpatiaLite SQL (ST_Distance after Transform to EPSG:4545, brute force over
# every asset) gives each household's distance to each serving layer, and
# Python applies the rules of data/rules.tsv to them.  Served households,
# people and poor households must agree exactly per village and in total;
# distance medians, 90th percentiles and maxima to a micrometre.  The lit
# road length is checked against sampling every 5 cm along the roads (0.1%).
# Also: planned assets only with --after-plan, --village, --threshold.
. "$TESTS_DIR/lib.sh"
set -e
need sqlite3
DB="$T/c.sqlite"
python3 "$TESTS_DIR/coverage/fixtures.py" random "$T/fx" 7
expect_ok "$VINFRA" init --db "$DB"
while read -r layer; do
  expect_ok "$VINFRA" import --db "$DB" "$T/fx/$layer.geojson" --layer "$layer"
done <"$T/fx/layers"

# sqlt DB QUERY: a SpatiaLite query with tab-separated output.
sqlt() { sqlite3 -cmd ".load mod_spatialite" -cmd ".mode tabs" "$1" "$2"; }
# Oracle distances: one row per household, one column per serving set.
d() { # d NAME TABLE WHERE: min distance column from the households row h
  echo "(SELECT min(ST_Distance(Transform(h.geom, 4545), Transform(a.geom, 4545))) FROM $2 a WHERE $3) AS $1"
}
for plan in now after; do
  if [ $plan = now ]; then live="a.status <> 'planned'"; else live="1"; fi
  sqlt "$DB" "SELECT h.id, h.village, h.members, h.poverty,
     $(d clinic clinics "$live"), $(d light streetlights "$live"),
     $(d tank water_tanks "$live"), $(d pipe water_pipes "$live"),
     $(d tower signal_towers "$live"),
     $(d hard roads "$live AND (a.status IN ('new','widened','hardened') OR a.surface IN ('concrete','asphalt'))"),
     $(d elderly elderly_care "$live"), $(d square culture "$live AND a.type = 'square'")
     FROM households h ORDER BY h.id" >"$T/oracle-$plan.tsv"
done
# Target roads and lights in EPSG:4545 for the lit length.
sqlt "$DB" "SELECT village, AsText(Transform(geom, 4545)) FROM roads
  WHERE status IN ('new','widened','hardened')" >"$T/roads.tsv"
sqlt "$DB" "SELECT ST_X(Transform(geom, 4545)), ST_Y(Transform(geom, 4545)), status
  FROM streetlights" >"$T/lights.tsv"
[ -s "$T/oracle-now.tsv" ] || fail "the oracle query returned nothing"

expect_ok "$VINFRA" coverage --db "$DB" --format json
cp "$T/out" "$T/now.json"
expect_ok "$VINFRA" coverage --db "$DB" --format json --after-plan
cp "$T/out" "$T/after.json"
expect_ok "$VINFRA" coverage --db "$DB" --format json --village 双龙村
cp "$T/out" "$T/village.json"
expect_ok "$VINFRA" coverage --db "$DB" --format json --service clinic --by line --threshold 1500
cp "$T/out" "$T/t1500.json"

python3 - "$T" <<'EOF'
import json, math, re, sys
T = sys.argv[1]
errors = []
def check(what, ok, detail=""):
    if not ok:
        errors.append(f"{what} {detail}")

def load(plan):
    rows = []
    for line in open(f"{T}/oracle-{plan}.tsv", encoding="utf-8"):
        c = line.rstrip("\n").split("\t")
        num = lambda s: float(s) if s != "" else math.inf
        rows.append(dict(id=c[0], village=c[1], members=int(c[2]), poor=c[3] in ("registered", "lifted"),
                         clinic=num(c[4]), light=num(c[5]), tank=num(c[6]), pipe=num(c[7]),
                         tower=num(c[8]), hard=num(c[9]), elderly=num(c[10]), square=num(c[11])))
    return rows

# (service, measure key) -> (served test, distance) per household, as data/rules.tsv says.
RULES = {
    ("clinic", "line"): (lambda r: r["clinic"] <= 2000, lambda r: r["clinic"]),
    ("streetlight", "line"): (lambda r: r["light"] <= 50, lambda r: r["light"]),
    ("water", "line"): (lambda r: r["tank"] <= 1000 or r["pipe"] <= 100, lambda r: min(r["tank"], r["pipe"])),
    ("signal", "line"): (lambda r: r["tower"] <= 3000, lambda r: r["tower"]),
    ("road", "line"): (lambda r: r["hard"] <= 200, lambda r: r["hard"]),
    ("elderly", "line"): (lambda r: r["elderly"] <= 1500, lambda r: r["elderly"]),
    ("culture", "line"): (lambda r: r["square"] <= 1500, lambda r: r["square"]),
}

def percentile(v, p):  # PostgreSQL percentile_cont
    v = sorted(v)
    pos = p * (len(v) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return v[lo] + (pos - lo) * (v[hi] - v[lo])

def expect(rows, served, dist):
    s = [r for r in rows if served(r)]
    p = [r for r in rows if r["poor"]]
    ds = [dist(r) for r in rows]
    return {"households": len(rows), "served_households": len(s),
            "people": sum(r["members"] for r in rows), "served_people": sum(r["members"] for r in s),
            "poor_households": len(p), "served_poor_households": sum(1 for r in p if served(r)),
            "distance_median_m": percentile(ds, 0.5), "distance_p90_m": percentile(ds, 0.9),
            "distance_max_m": max(ds)}

def compare(label, got, want):
    for k, v in want.items():
        g = got.get(k)
        if k.startswith("distance"):
            # The JSON keeps millimetres.
            check(f"{label} {k}", g is not None and abs(g - v) <= 0.0006, f"got {g}, oracle {v:.4f}")
        else:
            check(f"{label} {k}", g == v, f"got {g}, oracle {v}")

def services(doc):
    return {s["service"]: s for s in doc["services"]}

for plan in ("now", "after"):
    rows = load(plan)
    doc = json.load(open(f"{T}/{plan}.json", encoding="utf-8"))
    sv = services(doc)
    check(f"{plan}: crs", doc["crs"] == "EPSG:4545", doc["crs"])
    check(f"{plan}: after_plan flag", doc["after_plan"] == (plan == "after"))
    for (service, key), (served, dist) in RULES.items():
        s = sv[service]
        compare(f"{plan} {service}/{key} total", s["total"][key], expect(rows, served, dist))
        names = [v["name"] for v in s["villages"]]
        check(f"{plan} {service} villages", names == ["双龙村", "上雷村", "甘坪村"], str(names))
        for v in s["villages"]:
            vr = [r for r in rows if r["village"] == v["name"]]
            if vr:
                compare(f"{plan} {service}/{key} {v['name']}", v[key], expect(vr, served, dist))
            else:
                check(f"{plan} {service} empty village", v[key]["households"] == 0 and v[key]["distance_median_m"] is None,
                      str(v[key]))

# Planned assets change something (or the after-plan test proves nothing).
now, after = services(json.load(open(f"{T}/now.json"))), services(json.load(open(f"{T}/after.json")))
check("planned clinic counts after the plan",
      after["clinic"]["total"]["line"]["served_households"] > now["clinic"]["total"]["line"]["served_households"])

# Lit road length: sampling every 5 cm.
lights = {"now": [], "after": []}
for line in open(f"{T}/lights.tsv"):
    x, y, status = line.rstrip("\n").split("\t")
    for plan in ("now", "after"):
        if status != "planned" or plan == "after":
            lights[plan].append((float(x), float(y)))
segments = []
for line in open(f"{T}/roads.tsv", encoding="utf-8"):
    village, wkt = line.rstrip("\n").split("\t")
    for part in re.findall(r"\(([^()]+)\)", wkt):
        pts = [tuple(map(float, p.split())) for p in part.split(",")]
        segments += [(village, a, b) for a, b in zip(pts, pts[1:])]
for plan in ("now", "after"):
    lit, length = {}, {}
    for village, (ax, ay), (bx, by) in segments:
        seg_len = math.hypot(bx - ax, by - ay)
        near = [(x, y) for x, y in lights[plan]
                if min(ax, bx) - 25 <= x <= max(ax, bx) + 25 and min(ay, by) - 25 <= y <= max(ay, by) + 25]
        n = max(1, int(seg_len / 0.05))
        inside = 0
        for k in range(n):
            t = (k + 0.5) / n
            px, py = ax + t * (bx - ax), ay + t * (by - ay)
            if any((px - x) ** 2 + (py - y) ** 2 <= 625 for x, y in near):
                inside += 1
        lit[village] = lit.get(village, 0) + seg_len * inside / n
        length[village] = length.get(village, 0) + seg_len
    doc = services(json.load(open(f"{T}/{plan}.json")))["streetlight"]
    got = doc["total"]["roads"]
    check(f"{plan} road length", abs(got["length_m"] - sum(length.values())) < 0.01,
          f"got {got['length_m']}, oracle {sum(length.values())}")
    check(f"{plan} lit length", abs(got["served_m"] - sum(lit.values())) <= 0.001 * sum(length.values()),
          f"got {got['served_m']}, sampled {sum(lit.values())}")
    check(f"{plan} lit length is not trivial", 0.2 < got["served_m"] / got["length_m"] < 0.9)
    for v in doc["villages"]:
        want = lit.get(v["name"], 0)
        check(f"{plan} lit length {v['name']}", abs(v["roads"]["served_m"] - want) <= 0.001 * max(length.get(v["name"], 0), 1),
              f"got {v['roads']['served_m']}, sampled {want}")

# --village: the village's own figures, in the total too.
full = services(json.load(open(f"{T}/now.json")))
one = json.load(open(f"{T}/village.json"))
check("--village names it", one["village"] == "双龙村")
for s in one["services"]:
    f = full[s["service"]]
    check(f"--village {s['service']} rows", [v["name"] for v in s["villages"]] == ["双龙村"])
    for key, scope in s["total"].items():
        want = next(v for v in f["villages"] if v["name"] == "双龙村")[key]
        check(f"--village {s['service']}/{key}", scope == want, f"{scope} vs {want}")

# --threshold replaces the rule's reach.
rows = load("now")
t = json.load(open(f"{T}/t1500.json"))
check("--threshold: one service, one measure", [s["service"] for s in t["services"]] == ["clinic"]
      and list(t["services"][0]["total"]) == ["line"])
compare("--threshold 1500", t["services"][0]["total"]["line"],
        expect(rows, lambda r: r["clinic"] <= 1500, lambda r: r["clinic"]))
check("--threshold in the rules", t["services"][0]["measures"][0]["rules"][0]["threshold_m"] == 1500)

if errors:
    print("\n".join(errors[:40]), file=sys.stderr)
    sys.exit(1)
EOF

# The table a meeting reads: the clinic total row and the lit-road rows.
expect_ok "$VINFRA" coverage --db "$DB" --service clinic --by line
assert_contains "$T/out" "村医务室：农户与人口（直线 ≤2 公里）"
expect_ok "$VINFRA" coverage --db "$DB" --service streetlight --lang en
assert_contains "$T/out" "streetlights: new, widened and hardened roads within 25 m of a streetlight"
assert_contains "$T/out" "lit %"
expect_ok "$VINFRA" coverage --db "$DB" --list-services
assert_eq "clinic streetlight water signal road elderly culture" "$(tr '\n' ' ' <"$T/out" | sed 's/ $//')" "services"
