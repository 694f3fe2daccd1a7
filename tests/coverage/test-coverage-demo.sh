#!/usr/bin/env bash
# Coverage on the bundled demo: water and signal reach every household, as
# the report says (signal also over the demo's DEM); the lit share of the
# roads built is printed for every village; 东岔村, the village without a
# clinic, is the clinic gap; one new clinic goes in or next to it and serves
# its households; the network follows the kinds of statuses.tsv, and the
# words of the lit length follow the rules, not the service's name.
. "$TESTS_DIR/lib.sh"
set -e
demo_db "$T/demo"
DB="$T/demo/demo.sqlite"
DEM="$VINFRA_SRCDIR/data/demo/dem.tif"

expect_ok "$VINFRA" coverage --db "$DB" --format json --dem "$DEM"
cp "$T/out" "$T/all.json"
expect_ok "$VINFRA" gaps --db "$DB" --service clinic --format geojson
cp "$T/out" "$T/gaps.geojson"
expect_ok "$VINFRA" plan --db "$DB" --service clinic --add 1 --format json
cp "$T/out" "$T/plan.json"
python3 - "$T" <<'EOF'
import json, sys
T = sys.argv[1]
errors = []
def check(what, ok, detail=""):
    if not ok:
        errors.append(f"{what} {detail}")
doc = {s["service"]: s for s in json.load(open(f"{T}/all.json"))["services"]}
for service, key in (("water", "line"), ("signal", "line"), ("signal", "terrain")):
    t = doc[service]["total"][key]
    check(f"{service} {key} reaches everyone", (t["households"], t["served_percent"]) == (2934, 100), str(t))
lit = doc["streetlight"]
villages = [v["name"] for v in lit["villages"]]
check("11 villages", len(villages) == 11, str(villages))
for v in lit["villages"]:
    check(f"lit share of {v['name']}", v["roads"]["length_m"] > 0 and v["roads"]["served_percent"] is not None)
check("roads built: 33.6 km measured", abs(lit["total"]["roads"]["length_m"] - 33600) < 50,
      str(lit["total"]["roads"]["length_m"]))
clinic = {v["name"]: v["line"] for v in doc["clinic"]["villages"]}
check("东岔村 has no clinic within 2 km", clinic["东岔村"]["served_households"] == 0 and clinic["东岔村"]["households"] > 0)
others = [n for n, v in clinic.items() if n != "东岔村" and v["served_households"] == 0]
check("the other villages have clinics near", not others, str(others))

hamlets = [f["properties"] for f in json.load(open(f"{T}/gaps.geojson"))["features"]]
in_dongcha = sum(h["households"] for h in hamlets if h["village"] == "东岔村")
check("every 东岔村 household is in a gap hamlet", in_dongcha == clinic["东岔村"]["households"],
      f"{in_dongcha} of {clinic['东岔村']['households']}")

plan = json.load(open(f"{T}/plan.json"))
site = plan["sites"][0]
check("one site", len(plan["sites"]) == 1)
check("the site is in 东岔村", site["village"] == "东岔村", str(site))
check("it serves 东岔村's households", site["gain_households"] >= clinic["东岔村"]["households"] * 0.9,
      f"gain {site['gain_households']}")
check("coverage after it", site["served_households"] == plan["before"]["served_households"] + site["gain_households"])
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
EOF

expect_ok "$VINFRA" coverage --db "$DB" --service streetlight
for v in 上雷村 双龙村 大坪村 七安子村 甘坪村 阿氏村 白岩沟村 小沟口村 东岔村 石门村 马家坪村; do
  grep -q "^$v .*100.0 " "$T/out" || fail "no lit share row for $v"
done
# The words of the lit length come from the rules' column covered_as, not
# from the service's name: the same rules under another name are lit, and
# without covered_as the length is "covered".
sed 's/^streetlight\t路灯\tstreetlights\t/lamps\t灯\tlamps\t/' "$VINFRA_DATADIR/rules.tsv" >"$T/lamps.tsv"
expect_ok "$VINFRA" coverage --db "$DB" --rules "$T/lamps.tsv" --service lamps --lang en
assert_contains "$T/out" "village   length km  lit km  lit %  unlit km"
sed 's/\tlit$/\t/' "$T/lamps.tsv" >"$T/covered.tsv"
expect_ok "$VINFRA" coverage --db "$DB" --rules "$T/covered.tsv" --service lamps
assert_contains "$T/out" "覆盖(公里)"
grep -q "亮化" "$T/out" && fail "length without covered_as worded as lit"
# Roads and bridges of a status of kind planned (statuses.tsv, not the word
# "planned") join the network only after the plan: with "existing" of kind
# planned, the existing roads and bridges are left out until then.
mkdir "$T/data"
cp "$VINFRA_DATADIR"/*.tsv "$T/data/"
sed -i -e 's/^existing\t现有\texisting\texisting\t/existing\t现有\texisting\tplanned\t/' \
  -e 's/\tbuilt\texisting\t/\tbuilt\t\t/' "$T/data/statuses.tsv" # (what works were before: no longer of kind existing)
VINFRA_DATADIR=$T/data expect_ok "$VINFRA" coverage --db "$DB" --service road --by road --lang en
assert_contains "$T/out" "Roads cross rivers at 7 places; 2 of them have no bridge within 30 m and count as impassable."
VINFRA_DATADIR=$T/data expect_ok "$VINFRA" coverage --db "$DB" --service road --by road --lang en --after-plan
assert_contains "$T/out" "Roads cross rivers at 11 places, each by a bridge."
expect_ok "$VINFRA" gaps --db "$DB" --service clinic --village 东岔村
assert_contains "$T/out" "东岔村中心以北 2.9 公里处 51 户（171 人，贫困户 2 户）距最近的村医务室（小沟口村卫生室）4.2–4.5 公里"
# Its hamlets lie the same way from the centre; the distance tells them apart.
assert_contains "$T/out" "东岔村中心以北 3.7 公里处 45 户"

# Roads cross the demo's rivers at 11 places, each by a bridge.  Without
# 石门村's bridge the road over its river counts as impassable, and its
# committees are cut off from the county road.
expect_ok "$VINFRA" coverage --db "$DB" --service road --village 石门村
assert_contains "$T/out" "道路跨河 11 处，均有便民桥。"
assert_contains "$T/out" "石门村  石门村村委会      是                  1.97"
sql "$DB" "DELETE FROM bridges WHERE id = 'BR-石门-001'"
expect_ok "$VINFRA" coverage --db "$DB" --service road --village 石门村
assert_contains "$T/out" "道路跨河 11 处，其中 1 处 30 米内没有便民桥，按不通计。"
assert_contains "$T/out" "石门村  石门村村委会      否                     —"
assert_contains "$T/out" "        石门村三组活动室  否                     —"
