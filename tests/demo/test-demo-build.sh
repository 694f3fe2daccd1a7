#!/usr/bin/env bash
# vinfra demo's mechanics on a tiny manifest (the stats fixtures): it imports
# every listed file, replaces an earlier demo database, leaves nothing behind
# when an import fails, and keeps stdout a clean document.
. "$TESTS_DIR/lib.sh"
set -e
# A data directory of our own: the real registry tables, a demo of fixtures.
D="$T/data"
mkdir -p "$D/demo"
cp "$VINFRA_DATADIR"/*.tsv "$D/"
cp -r "$VINFRA_SRCDIR/maps" "$D/maps"   # where an installed vinfra keeps its styles
cp "$TESTS_DIR"/stats/fixtures/* "$D/demo/"
printf 'file\tlayer\tvillage_field\n' > "$D/demo/manifest.tsv"
for layer in villages roads water_pipes bridges trees culture households; do
  printf '%s.geojson\t%s\t\n' "$layer" "$layer" >> "$D/demo/manifest.tsv"
done
printf 'ledger.csv\tledger\t\n' >> "$D/demo/manifest.tsv"
export VINFRA_DATADIR="$D"

expect_ok "$VINFRA" demo --out "$T/o" --format json --lang en
[ -f "$T/o/demo.sqlite" ] || fail "no demo.sqlite"
[ ! -e "$T/o/demo.sqlite.partial" ] || fail "partial database left behind"
cp "$T/out" "$T/first.json"
python3 - "$T/first.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["total"]
assert t["roads"]["count"] == 4 and t["households"]["count"] == 5, t
assert t["projects_total"] == {"count": 4, "funding_wan": 481}, t["projects_total"]
PY
assert_contains "$T/err" "next, try: vinfra stats --db $T/o/demo.sqlite --village 上雷村"
# One line per file, worded as vinfra import's summary.
assert_contains "$T/err" "imported 'roads.geojson' into roads: 5 written"
assert_contains "$T/err" "imported 'ledger.csv' into the ledger: 5 written"

# A second run replaces the database: same figures, nothing imported twice.
expect_ok "$VINFRA" demo --out "$T/o" --format json --quiet
cmp -s "$T/out" "$T/first.json" || fail "second demo run gave other figures"
[ ! -s "$T/err" ] || { cat "$T/err"; fail "--quiet demo printed on stderr"; }
assert_eq 5 "$(sqlite3 "$T/o/demo.sqlite" 'SELECT count(*) FROM roads')" "roads after rebuild"

# The table is the same report vinfra stats prints on the database.
expect_ok "$VINFRA" demo --out "$T/o" --quiet
cp "$T/out" "$T/demo.txt"
expect_ok "$VINFRA" stats --db "$T/o/demo.sqlite"
cmp -s "$T/out" "$T/demo.txt" || fail "demo and stats tables differ"

# A failing import leaves the previous demo database as it was, and no partial file.
before=$(sha "$T/o/demo.sqlite")
printf 'missing.geojson\tbridges\t\n' >> "$D/demo/manifest.tsv"
run "$VINFRA" demo --out "$T/o"
assert_eq 1 "$RC" "exit code of a failed demo"
grep -q "^vinfra：错误：.*missing.geojson" "$T/err" || { cat "$T/err"; fail "error names the file"; }
assert_contains "$T/err" "已导入 'roads.geojson' → 道路：写入 5 条"
assert_eq "$before" "$(sha "$T/o/demo.sqlite")" "previous demo database"
[ ! -e "$T/o/demo.sqlite.partial" ] || fail "partial database left behind after a failure"

expect_fail2 2 "vinfra: error: demo: --db is not used: the demo database is DIR/demo.sqlite (see --out)" \
  "vinfra：错误：demo：不使用 --db：演示数据库是 目录/demo.sqlite（见 --out）" \
  "$VINFRA" demo --db "$T/x.sqlite"
# ... and its help says so, next to the common options it lists.
expect_ok "$VINFRA" demo --help --lang en
assert_contains "$T/out" "common --db option listed above."
expect_ok "$VINFRA" demo --help
assert_contains "$T/out" "不接受上面列出的通用选项 --db。"
expect_fail2 2 'vinfra: error: --format: expected one of table, csv, json, md, got "pdf"' \
  'vinfra：错误：--format：应为 table、csv、json、md 之一，实为 "pdf"' \
  "$VINFRA" demo --out "$T/o" --format pdf
echo ok
