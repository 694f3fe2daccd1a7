#!/usr/bin/env bash
# The messages of coverage, gaps and plan for wrong command lines and wrong
# rules files (--rules), word for word, with their exit codes.
. "$TESTS_DIR/lib.sh"
set -e
DB="$T/h.sqlite"
python3 "$TESTS_DIR/coverage/fixtures.py" hamlets "$T/fx"
expect_ok "$VINFRA" init --db "$DB"
while read -r layer; do
  expect_ok "$VINFRA" import --db "$DB" "$T/fx/$layer.geojson" --layer "$layer"
done <"$T/fx/layers"

c() { expect_fail "$1" "$2" "$VINFRA" coverage --db "$DB" "${@:3}"; }
c2() { expect_fail2 "$1" "$2" "$3" "$VINFRA" coverage --db "$DB" "${@:4}"; }
c 2 'vinfra: error: coverage: --by: expected line, road or terrain, got "foo"' --by foo
c 2 'vinfra: error: coverage: --by terrain needs --dem FILE' --by terrain
c 2 "vinfra: error: coverage: --dem: no file 'no.tif'" --dem no.tif
c 2 'vinfra: error: coverage: --threshold needs --service' --threshold 100
c 2 'vinfra: error: coverage: --threshold: expected metres above 0, got -5' --service clinic --threshold -5
c 2 'vinfra: error: coverage: unknown service "hospital": expected one of clinic, streetlight, water, signal, road, elderly, culture' --service hospital
c 2 'vinfra: error: coverage: service "streetlight" has no rule measured by road (it has: line)' --service streetlight --by road
c2 2 'vinfra: error: unknown village "大坪村": expected one of 双龙村' \
  'vinfra：错误：未知的村 "大坪村"：应为 双龙村 之一' --village 大坪村
c 2 'vinfra: error: --format: expected one of table, csv, json, md, got "geojson"' --format geojson
c 2 "vinfra: error: coverage: unexpected argument 'extra'" extra
expect_fail 1 "vinfra: error: no database at '$T/none.sqlite': create one with 'vinfra init' or name one with --db" \
  "$VINFRA" coverage --db "$T/none.sqlite"

# Rules files: one bad row after the real header.
HEADER=$(grep -v '^#' "$VINFRA_DATADIR/rules.tsv" | head -1)
rule() { # rule 'ROW' 'message': the row as the only rule
  printf '%s\n%s\n' "$HEADER" "$1" >"$T/bad.tsv"
  c 1 "vinfra: error: '$T/bad.tsv' $2" --rules "$T/bad.tsv"
}
row() { local IFS=$'\t'; echo "$*"; } # service name_zh name_en layer asset_zh asset_en statuses where method target target_statuses target_zh target_en threshold_m asset_height_m target_height_m
rule "$(row clinic 村医务室 clinic hospitals '' '' '' '' line households '' '' '' 2000 '' '')" \
  'rule 1: unknown layer "hospitals": expected one of villages, households, roads, bridges, streetlights, water_tanks, water_pipes, rivers, signal_towers, clinics, elderly_care, committees, culture, schools, toilets, garbage_pools, trees, industry'
rule "$(row clinic 村医务室 clinic clinics '' '' built,open '' line households '' '' '' 2000 '' '')" \
  'rule 1: column "statuses": layer "clinics" has no status "open" (it has: built, upgraded, existing, planned)'
rule "$(row clinic 村医务室 clinic clinics '' '' '' 'doctors>2' line households '' '' '' 2000 '' '')" \
  'rule 1: column "where": expected ATTRIBUTE=VALUE|VALUE..., got "doctors>2"'
rule "$(row culture 文化 culture culture '' '' '' kind=square line households '' '' '' 1500 '' '')" \
  'rule 1: column "where": layer "culture" has no attribute "kind"'
rule "$(row culture 文化 culture culture '' '' '' 'type=square|plaza' line households '' '' '' 1500 '' '')" \
  'rule 1: column "where": attribute "type" of layer "culture" has no value "plaza" (it has: hall, square, stage, wall)'
rule "$(row clinic 村医务室 clinic clinics '' '' '' '' line households '' '' '' 0 '' '')" \
  'rule 1: column "threshold_m": expected a distance above 0, got 0'
rule "$(row clinic 村医务室 clinic clinics '' '' '' '' 'by car' households '' '' '' 2000 '' '')" \
  'line 2: column "method": expected one of line, road, terrain, got "by car"'
rule "$(row streetlight 路灯 lights streetlights '' '' '' '' road roads '' '' '' 25 '' '')" \
  'rule 1: the length of a line layer is covered by straight-line distance only'
rule "$(row signal 信号 signal signal_towers '' '' '' '' terrain households '' '' '' 3000 '' '')" \
  'rule 1: terrain rules need asset_height_m and target_height_m above 0'
rule "$(row clinic 村医务室 clinic villages '' '' '' '' line households '' '' '' 2000 '' '')" \
  'rule 1: layer "villages" has polygons: coverage rules take point and line layers'
printf '%s\n%s\n%s\n' "$HEADER" "$(row clinic 村医务室 clinic clinics '' '' '' '' line households '' '' '' 2000 '' '')" \
  "$(row clinic 卫生室 clinic clinics '' '' '' '' road households '' '' '' 3000 '' '')" >"$T/bad.tsv"
c 1 "vinfra: error: '$T/bad.tsv' rule 2: service \"clinic\" is named \"村医务室\" / \"clinic\" on an earlier row" --rules "$T/bad.tsv"
# A good custom file is used as it is.
printf '%s\n%s\n' "$HEADER" "$(row clinic 村医务室 'village clinic' clinics '' '' '' '' line households '' '' '' 3500 '' '')" >"$T/good.tsv"
expect_ok "$VINFRA" coverage --db "$DB" --rules "$T/good.tsv" --format json
python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['services']; sys.exit(not ([x['service'] for x in s] == ['clinic'] and s[0]['total']['line']['served_households'] == 19))" "$T/out" ||
  fail "a custom rules file is not applied"

# Poverty classes come from data/poverty.tsv: every class attributes.tsv
# allows needs a row there, every row is such a class, and a class's "poor"
# decides whether its households count among the poor households.
cp -r "$VINFRA_DATADIR" "$T/data"
P="$T/data/poverty.tsv"
grep -v '^lifted' "$VINFRA_DATADIR/poverty.tsv" >"$P"
VINFRA_DATADIR="$T/data" c2 1 "vinfra: error: '$P': no row for poverty class \"lifted\" of attributes.tsv (say whether it counts as poor)" \
  "vinfra：错误：'$P'：没有贫困类别 \"lifted\"（attributes.tsv 中的取值）的行（请注明它是否算作贫困户）"
lines=$(wc -l <"$VINFRA_DATADIR/poverty.tsv")
{ cat "$VINFRA_DATADIR/poverty.tsv"; printf 'relapsed\tyes\n'; } >"$P"
VINFRA_DATADIR="$T/data" c2 1 "vinfra: error: '$P' line $((lines + 1)): poverty class \"relapsed\" is no value of the households' \"poverty\" in attributes.tsv" \
  "vinfra：错误：'$P' 第 $((lines + 1)) 行：贫困类别 \"relapsed\" 不是 attributes.tsv 中农户 \"poverty\" 字段的取值"
poor() { # poor DATADIR: poor households and households of the clinic measure, in total
  VINFRA_DATADIR="$1" expect_ok "$VINFRA" coverage --db "$DB" --service clinic --format json
  python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['services'][0]['total']['line']; print(t['poor_households'], t['households'])" "$T/out"
}
read -r poor_before households <<<"$(poor "$VINFRA_DATADIR")"
[ "$poor_before" -lt "$households" ] || fail "the fixture should hold households that are not poor"
sed 's/^none\tno$/none\tyes/' "$VINFRA_DATADIR/poverty.tsv" >"$P"
assert_eq "$households $households" "$(poor "$T/data")" "every household poor when every class is"
sed 's/\tyes$/\tno/' "$VINFRA_DATADIR/poverty.tsv" >"$P"
assert_eq "0 $households" "$(poor "$T/data")" "no household poor when no class is"
