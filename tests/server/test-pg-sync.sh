#!/usr/bin/env bash
# Offline village copies (src/sync/): checkout of a village from a PostGIS
# server, offline edits with the normal commands, push and pull, the
# field-level merge (different fields merge, the same value is no
# conflict, different values and an edit against a delete are), the
# conflicts listed and resolved, push refused while any is open, undo of a
# whole push on the server.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/pgserver.sh"
pg_start
PG=$(pg_db lantian)
D="$VINFRA_DATADIR/demo"
expect_ok "$VINFRA" init --db "$PG"
expect_ok "$VINFRA" import --db "$PG" "$D/villages.geojson" --layer villages -q
expect_ok "$VINFRA" import --db "$PG" --ledger "$D/ledger.csv" -q
for l in roads streetlights households clinics; do
  expect_ok "$VINFRA" import --db "$PG" "$D/$l.geojson" --layer $l --village-field village -q
done
A="$T/a.sqlite" B="$T/b.sqlite"

# -- checkout -----------------------------------------------------------------
expect_ok "$VINFRA" checkout --db "$PG" --village 上雷村 --out "$A" --lang en
n=$(grep -o '[0-9]* features' "$T/out" | cut -d' ' -f1)
[ "$n" -gt 100 ] || fail "checkout: only '$n' features"
expect_ok "$VINFRA" checkout --db "$PG" --village 上雷村 --out "$B"
assert_eq "已把 上雷村 检出到 '$B'：$n 个要素" "$(cat "$T/out")" "checkout, in Chinese"
for db in "$A" "$PG"; do "$VINFRA" stats --db "$db" --village 上雷村 --format csv >"$T/stats-$(basename "$db")"; done
diff -u "$T/stats-a.sqlite" "$T/stats-$(basename "$PG")" >&2 || fail "the copy's stats are not the server's"
expect_fail2 2 "vinfra: error: checkout: '$PG' has no village \"无此村\" (see 'vinfra stats' for the villages)" \
  "vinfra：错误：checkout：'$PG' 中没有村 \"无此村\"（各村见 'vinfra stats'）" \
  "$VINFRA" checkout --db "$PG" --village 无此村 --out "$T/none.sqlite"
[ ! -e "$T/none.sqlite" ] || fail "a refused checkout left a file"
expect_fail2 2 "vinfra: error: checkout: cannot create database '$A': the file already exists" \
  "vinfra：错误：checkout：无法创建数据库 '$A'：文件已存在" \
  "$VINFRA" checkout --db "$PG" --village 上雷村 --out "$A"
expect_ok "$VINFRA" init --db "$T/plain.sqlite"
expect_fail2 2 "vinfra: error: push: '$T/plain.sqlite' is not a village copy: make one with 'vinfra checkout --db SERVER --village NAME --out FILE'" \
  "vinfra：错误：push：'$T/plain.sqlite' 不是村副本：请用 'vinfra checkout --db 服务器 --village 村名 --out 文件' 建立" \
  "$VINFRA" push --db "$T/plain.sqlite"
expect_ok "$VINFRA" push --db "$A" --lang en
assert_eq "nothing to push: the copy has no changes the server lacks" "$(cat "$T/out")" "push of a fresh copy"

# -- offline edits with the normal commands, pushed ------------------------------
cat >"$T/new-lights.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"LD-上雷-N1","village":"上雷村","name":"新路灯","status":"built","year":2025},"geometry":{"type":"Point","coordinates":[109.26441,34.06741]}},
{"type":"Feature","properties":{"id":"LD-上雷-N2","village":"上雷村","name":"新路灯","status":"built","year":2025},"geometry":{"type":"Point","coordinates":[109.26451,34.06751]}}]}
JSON
expect_ok "$VINFRA" import --db "$A" "$T/new-lights.geojson" --layer streetlights -q
expect_ok "$VINFRA" edit --db "$A" roads R-上雷-001 --set name=村道甲
expect_ok "$VINFRA" delete --db "$A" streetlights LD-上雷-0001
expect_ok "$VINFRA" plan --db "$A" --service clinic --add 1 --village 上雷村 --save
expect_ok "$VINFRA" push --db "$A" --lang en
assert_contains "$T/out" "3 added, 1 changed, 1 deleted"
for db in "$A" "$PG"; do "$VINFRA" stats --db "$db" --village 上雷村 --format csv >"$T/stats-$(basename "$db")"; done
diff -u "$T/stats-a.sqlite" "$T/stats-$(basename "$PG")" >&2 || fail "after push: the server's stats are not the copy's"
"$VINFRA" history --db "$PG" --format csv >"$T/h.csv"
grep -q ',push,.*上雷村: 5 features, edited offline from 20' "$T/h.csv" || { cat "$T/h.csv" >&2; fail "the server's history does not show the push"; }
expect_ok "$VINFRA" push --db "$A" --lang en
assert_contains "$T/out" "nothing to push"

# -- pull: the other copy gets them, deletes included ------------------------------
expect_ok "$VINFRA" pull --db "$B" --lang en
assert_eq "pulled from the server: 3 added, 1 changed, 1 deleted; open conflicts: 0" "$(cat "$T/out")" "pull"
"$VINFRA" stats --db "$B" --village 上雷村 --format csv >"$T/stats-b"
diff -u "$T/stats-a.sqlite" "$T/stats-b" >&2 || fail "after pull: the copies differ"
run "$VINFRA" edit --db "$B" streetlights LD-上雷-0001 --set name=x
assert_eq 1 "$RC" "the feature deleted on the server is gone from the pulled copy"

# -- field-level merge: different fields of one feature -------------------------
expect_ok "$VINFRA" edit --db "$A" roads R-上雷-002 --set name=甲改
expect_ok "$VINFRA" edit --db "$PG" roads R-上雷-002 --set year=2019
expect_ok "$VINFRA" push --db "$A" --lang en
assert_contains "$T/out" "0 added, 1 changed, 0 deleted"
field() { sql_pg "SELECT $3 FROM $1 WHERE id = '$2'"; }
sql_pg() { pg_sql lantian "$1"; }
assert_eq "甲改|2019" "$(sql_pg "SELECT name || '|' || year FROM roads WHERE id = 'R-上雷-002'")" "both fields on the server"
expect_ok "$VINFRA" pull --db "$A" -q
assert_eq "甲改|2019" "$(sql "$A" "SELECT name || '|' || year FROM roads WHERE id = 'R-上雷-002'")" "both fields in the copy"

# -- the same value on both sides is no conflict -------------------------------------
expect_ok "$VINFRA" pull --db "$B" -q
expect_ok "$VINFRA" edit --db "$A" roads R-上雷-003 --set name=同名
expect_ok "$VINFRA" edit --db "$B" roads R-上雷-003 --set name=同名
expect_ok "$VINFRA" push --db "$A" -q
expect_ok "$VINFRA" pull --db "$B" --lang en
assert_contains "$T/out" "open conflicts: 0"
expect_ok "$VINFRA" push --db "$B" --lang en
assert_contains "$T/out" "nothing to push"

# -- different values: a conflict, push refused, resolved --------------------------
expect_ok "$VINFRA" edit --db "$A" roads R-上雷-004 --set name=甲方 --set year=2020
expect_ok "$VINFRA" edit --db "$B" roads R-上雷-004 --set name=乙方
expect_ok "$VINFRA" push --db "$A" -q
expect_fail2 1 "vinfra: error: push: cannot push '$B': 1 conflict with the server is open (see 'vinfra conflicts', settle it with 'vinfra resolve')" \
  "vinfra：错误：push：无法推送 '$B'：与服务器之间有 1 个未解决的冲突（见 'vinfra conflicts'，用 'vinfra resolve' 解决）" \
  "$VINFRA" push --db "$B"
expect_ok "$VINFRA" conflicts --db "$B" --format csv --lang en
assert_contains "$T/out" "roads,R-上雷-004,name,"
assert_contains "$T/out" ",乙方,甲方,"
expect_ok "$VINFRA" pull --db "$B" --lang en
assert_contains "$T/out" "open conflicts: 1"
assert_eq "乙方|2020" "$(sql "$B" "SELECT name || '|' || year FROM roads WHERE id = 'R-上雷-004'")" "pull keeps ours on a conflict, takes the rest"
expect_fail2 2 "vinfra: error: resolve: no open conflict on field \"year\" of feature \"R-上雷-004\" in '$B' (see 'vinfra conflicts')" \
  "vinfra：错误：resolve：'$B' 中要素 \"R-上雷-004\" 的字段 \"year\" 没有未解决的冲突（见 'vinfra conflicts'）" \
  "$VINFRA" resolve --db "$B" R-上雷-004 --field year --ours
expect_fail2 2 "vinfra: error: resolve: give exactly one of --ours, --theirs and --value" \
  "vinfra：错误：resolve：--ours、--theirs 和 --value 三者须给且只给一个" \
  "$VINFRA" resolve --db "$B" R-上雷-004 --ours --theirs
expect_ok "$VINFRA" resolve --db "$B" R-上雷-004 --value 丙方 --lang en
assert_eq "settled 1 conflict of R-上雷-004" "$(cat "$T/out")" "resolve"
expect_ok "$VINFRA" conflicts --db "$B" --lang en
assert_eq "no open conflicts" "$(cat "$T/out")" "conflicts after resolve"
expect_ok "$VINFRA" push --db "$B" -q
assert_eq "丙方|2020" "$(sql_pg "SELECT name || '|' || year FROM roads WHERE id = 'R-上雷-004'")" "the resolved value on the server"
expect_ok "$VINFRA" pull --db "$A" -q
assert_eq "丙方" "$(sql "$A" "SELECT name FROM roads WHERE id = 'R-上雷-004'")" "the resolved value in the other copy"

# --theirs and --ours.
expect_ok "$VINFRA" edit --db "$A" roads R-上雷-005 --set name=甲五
expect_ok "$VINFRA" edit --db "$B" roads R-上雷-005 --set name=乙五
expect_ok "$VINFRA" edit --db "$A" roads R-上雷-006 --set name=甲六
expect_ok "$VINFRA" edit --db "$B" roads R-上雷-006 --set name=乙六
expect_ok "$VINFRA" push --db "$A" -q
expect_ok "$VINFRA" pull --db "$B" -q
expect_ok "$VINFRA" resolve --db "$B" R-上雷-005 --theirs
expect_ok "$VINFRA" resolve --db "$B" R-上雷-006 --field name --ours
expect_ok "$VINFRA" push --db "$B" -q
assert_eq "甲五|乙六" "$(sql_pg "SELECT string_agg(name, '|' ORDER BY id) FROM roads WHERE id IN ('R-上雷-005', 'R-上雷-006')")" "--theirs and --ours"

# -- an edit against a delete ----------------------------------------------------------
expect_ok "$VINFRA" pull --db "$A" -q
expect_ok "$VINFRA" pull --db "$B" -q
expect_ok "$VINFRA" delete --db "$A" streetlights LD-上雷-0002
expect_ok "$VINFRA" edit --db "$B" streetlights LD-上雷-0002 --set name=修好的灯
expect_ok "$VINFRA" push --db "$A" -q
run "$VINFRA" push --db "$B"
assert_eq 1 "$RC" "push of an edit against a delete"
expect_ok "$VINFRA" conflicts --db "$B" --format csv --lang en
assert_contains "$T/out" "streetlights,LD-上雷-0002,(the feature),,edited,deleted,"
expect_fail2 2 "vinfra: error: resolve: feature \"LD-上雷-0002\" was deleted on one side: settle it with --ours or --theirs, not --value" \
  "vinfra：错误：resolve：要素 \"LD-上雷-0002\" 已被一方删除：请用 --ours 或 --theirs 解决，不能用 --value" \
  "$VINFRA" resolve --db "$B" LD-上雷-0002 --value x
expect_ok "$VINFRA" resolve --db "$B" LD-上雷-0002 --ours
expect_ok "$VINFRA" push --db "$B" --lang en
assert_contains "$T/out" "1 added, 0 changed, 0 deleted"
assert_eq "修好的灯" "$(sql_pg "SELECT name FROM streetlights WHERE id = 'LD-上雷-0002'")" "--ours brings the edited feature back"

# -- the reference layers are not sent: a change to them stops the push -----------------
printf 'id,name,programme,village,year,funding_wan,kind\nJJ-NEW,上雷村新项目,infrastructure,上雷村,2025,3.5,project\n' >"$T/ledger-new.csv"
expect_ok "$VINFRA" import --db "$A" --ledger "$T/ledger-new.csv" -q
expect_ok "$VINFRA" edit --db "$A" roads R-上雷-001 --set name=带项目
change=$(sqlite3 "$A" "SELECT max(id) FROM history WHERE action = 'ledger'")
expect_fail2 1 "vinfra: error: push: cannot push '$A': change $change (ledger) changed the projects layer, which a copy holds as the server's reference and does not send: undo it ('vinfra undo --change $change') and ask the office to make the change" \
  "vinfra：错误：push：无法推送 '$A'：变更 $change（导入台账）改动了 projects 图层，副本中该图层是服务器的参照数据，不会发送：请撤销它（'vinfra undo --change $change'），并请办公室做这项修改" \
  "$VINFRA" push --db "$A"
expect_ok "$VINFRA" undo --db "$A" --change "$change"
expect_ok "$VINFRA" push --db "$A" --lang en
assert_contains "$T/out" "0 added, 1 changed, 0 deleted"

# -- the server's history and undo of a whole push -------------------------------------
before=$("$VINFRA" stats --db "$PG" --format csv)
expect_ok "$VINFRA" edit --db "$A" roads R-上雷-003 --set name=撤销我
expect_ok "$VINFRA" delete --db "$A" streetlights LD-上雷-0003
expect_ok "$VINFRA" push --db "$A" -q
expect_ok "$VINFRA" undo --db "$PG" --lang en
assert_contains "$T/out" "(push, roads, streetlights): rows removed 0, set back 1, put back 1"
assert_eq "$before" "$("$VINFRA" stats --db "$PG" --format csv)" "undo of a push"
expect_ok "$VINFRA" check --db "$PG"
expect_ok "$VINFRA" check --db "$A"
