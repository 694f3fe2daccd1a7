#!/usr/bin/env bash
# vinfra history lists every kind of change (init, import, ledger, plan
# --save, edit, delete, undo) with who, where, the command line, the counts,
# the source's hash, the version and the checksums; --layer and --since
# filter; table (zh and en), CSV and JSON.
. "$TESTS_DIR/lib.sh"
set -e
. "$TESTS_DIR/history/fixtures.sh"
# This test reads the demo command's own line in the history, so it runs the demo.
expect_ok "$VINFRA" demo --out "$T/demo" --quiet --no-maps --no-exports
USER_NAME=$(id -un)
HOST=$(hostname)
VERSION=$("$VINFRA" --version | cut -d' ' -f2)

printf 'id,name,programme,village,year,funding_wan,kind\nT-1,测试项目,infrastructure,上雷村,2024,3.5,project\n' >"$T/ledger.csv"
expect_ok "$VINFRA" import --ledger "$T/ledger.csv"                 # 21
expect_ok "$VINFRA" plan --service clinic --add 1 --save            # 22
expect_ok "$VINFRA" edit roads R-大坪-001 --set "name=村道 一号"     # 23
expect_ok "$VINFRA" delete streetlights LD-大坪-0005                # 24
expect_ok "$VINFRA" undo                                            # 25

expect_ok "$VINFRA" history --format csv
cp "$T/out" "$T/all.csv"
assert_eq "id,time,user,host,action,layer,added,changed,deleted,detail,undone_by,command_line,source_sha256,version,checksum_before,checksum_after" \
  "$(head -1 "$T/all.csv")" "CSV header"
assert_eq 26 "$(wc -l <"$T/all.csv")" "a row per change"
# field N of change ID
field() { awk -F, -v id="$1" -v n="$2" '$1 == id { print $n }' "$T/all.csv"; }
row() { cut -d, -f1,3-11 "$T/all.csv" | awk -F, -v id="$1" '$1 == id'; }
assert_eq "1,$USER_NAME,$HOST,init,,0,0,0,," "$(row 1)" "init"
assert_eq "5,$USER_NAME,$HOST,import,roads,52,0,0,$VINFRA_DATADIR/demo/roads.geojson," "$(row 5)" "import"
assert_eq "21,$USER_NAME,$HOST,ledger,projects,1,0,0,$T/ledger.csv," "$(row 21)" "ledger"
assert_eq "22,$USER_NAME,$HOST,plan,clinics,1,0,0,clinic：1 个站点," "$(row 22)" "plan --save"
assert_eq "23,$USER_NAME,$HOST,edit,roads,0,1,0,R-大坪-001: name=村道 一号," "$(row 23)" "edit"
assert_eq "24,$USER_NAME,$HOST,delete,streetlights,0,0,1,LD-大坪-0005,25" "$(row 24)" "delete, undone"
assert_eq "25,$USER_NAME,$HOST,undo,streetlights,1,0,0,变更 24（删除）," "$(row 25)" "undo"
assert_eq "vinfra demo --out $T/demo --quiet --no-maps --no-exports" "$(field 5 12)" "command line of the demo's imports"
assert_eq "vinfra edit roads R-大坪-001 --set 'name=村道 一号'" "$(field 23 12)" "command line, quoted"
assert_eq "$VERSION" "$(field 23 14)" "version"
# The source hash is the one the import is recognised by.
assert_eq "$(sqlite3 "$DB" "SELECT sha256 FROM imports WHERE layer='roads'")" "$(field 5 13)" "source hash"
# Checksums chain: each change starts where the one before ended; the undo
# ends where the deleted row's change began.
for id in $(seq 2 25); do
  assert_eq "$(field $((id - 1)) 16)" "$(field "$id" 15)" "checksum before change $id"
done
assert_eq "$(field 24 15)" "$(field 25 16)" "undo returns to the checksum before the delete"
assert_eq "$(checksum)" "$(field 25 16)" "the last checksum is the database's"

# Filters.
expect_ok "$VINFRA" history --format csv --layer streetlights
assert_eq "7 24 25" "$(tail -n +2 "$T/out" | cut -d, -f1 | tr '\n' ' ' | sed 's/ $//')" "--layer"
expect_ok "$VINFRA" history --format csv --since 2999-01-01
assert_eq 1 "$(wc -l <"$T/out")" "--since in the future"
expect_ok "$VINFRA" history --format csv --since "$(field 23 2)" --layer roads
assert_eq 23 "$(tail -n +2 "$T/out" | cut -d, -f1)" "--since a time"
# Times are UTC to the millisecond (two changes a second apart or less
# still differ), and --since takes a time as history shows it, or coarser:
# a time of whole seconds or minutes includes the changes within it.
at23=$(field 23 2)
case $at23 in
  [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z) ;;
  *) fail "history time with milliseconds: got '$at23'" ;;
esac
expect_ok "$VINFRA" history --format csv --since "${at23%.*}Z" --layer roads
assert_eq 23 "$(tail -n +2 "$T/out" | cut -d, -f1 | tail -n 1)" "--since the second of change 23"
expect_ok "$VINFRA" history --format csv --since "${at23:0:16}Z"
assert_eq 23 "$(tail -n +2 "$T/out" | cut -d, -f1 | awk '$1 == 23')" "--since the minute of change 23"
expect_ok "$VINFRA" history --format csv --since "${at23:0:10}"
assert_eq 23 "$(tail -n +2 "$T/out" | cut -d, -f1 | awk '$1 == 23')" "--since the day of change 23"
expect_fail 2 "vinfra: error: history: --since: expected a day YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM[:SS[.mmm]]Z, got \"2026-13-01\"" "$VINFRA" history --since 2026-13-01
expect_fail 2 "vinfra: error: history: --since: expected a day YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM[:SS[.mmm]]Z, got \"2026-12-01T24:00Z\"" "$VINFRA" history --since 2026-12-01T24:00Z
expect_fail2 2 "vinfra: error: history: --layer: no layer \"raods\" (layers: villages, households, roads, bridges, streetlights, water_tanks, water_pipes, rivers, signal_towers, clinics, elderly_care, committees, culture, schools, toilets, garbage_pools, trees, industry, projects)" \
  "vinfra：错误：history：--layer：没有图层 \"raods\"（图层：villages、households、roads、bridges、streetlights、water_tanks、water_pipes、rivers、signal_towers、clinics、elderly_care、committees、culture、schools、toilets、garbage_pools、trees、industry、projects）" \
  "$VINFRA" history --layer raods
expect_fail 2 "vinfra: error: --format: expected one of table, csv, json, got \"md\"" "$VINFRA" history --format md

# JSON carries every field.
expect_ok "$VINFRA" history --format json
/usr/bin/python3 - "$T/out" "$USER_NAME" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))
assert len(h) == 25, len(h)
d = {e["id"]: e for e in h}
assert d[24]["undone_by"] == 25 and d[25]["undoes"] == 24 and d[1]["undoes"] is None, (d[24], d[25])
assert d[1]["checksum_before"] is None and len(d[1]["checksum_after"]) == 64
assert d[22]["command_line"] == "vinfra plan --service clinic --add 1 --save"
assert d[23]["user"] == sys.argv[2] and d[23]["changed"] == 1 and d[23]["exported"] == 0
PY

# The table: Chinese by default, English with --lang en.
expect_ok "$VINFRA" history --layer streetlights
assert_contains "$T/out" "变更历史"
grep -q "^  24  .*  删除  *路灯  *0  *0  *1  LD-大坪-0005  *已由 25 撤销$" "$T/out" || { cat "$T/out"; fail "zh table row"; }
expect_ok "$VINFRA" history --layer streetlights --lang en
# The detail stays in the language of the session that made the change.
grep -q "^25  .*  undo  *streetlights  *1  *0  *0  变更 24（删除）$" "$T/out" || { cat "$T/out"; fail "en table row"; }

# A fresh database has its creation; history never writes.
expect_ok "$VINFRA" init --db "$T/new.sqlite"
before=$(sha "$T/new.sqlite")
expect_ok "$VINFRA" history --db "$T/new.sqlite" --format csv
assert_eq "1,$USER_NAME,$HOST,init,,0,0,0,," "$(cut -d, -f1,3-11 "$T/out" | tail -1)" "init of a new database"
assert_eq "vinfra init --db $T/new.sqlite" "$(tail -1 "$T/out" | cut -d, -f12)" "init's command line"
assert_eq "$before" "$(sha "$T/new.sqlite")" "history is read-only"
