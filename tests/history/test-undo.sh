#!/usr/bin/env bash
# vinfra undo takes back an import, a ledger import, an edit, a delete and a
# saved plan exactly: the content checksum is the one before the change and
# sqlite3 .dump of every asset table is byte for byte the dump before.  A
# change a later one depends on is refused; an independent later import is
# not in the way; an undo can be undone; a database changed outside vinfra
# is not touched.
. "$TESTS_DIR/lib.sh"
set -e
. "$TESTS_DIR/history/fixtures.sh"
. "$TESTS_DIR/history/undo-kinds.sh"

roads_file "$T/new.geojson" NEW-1 NEW-2
undo_each_kind "$T/new.geojson" roads 22

# The history's own checksums agree with check's.
expect_ok "$VINFRA" history --format csv
last_before=$(grep ',plan,clinics,' "$T/out" | cut -d, -f15)
assert_eq "$(checksum)" "$last_before" "checksum recorded before the plan"

# -- dependencies -------------------------------------------------------------
roads_file "$T/a.geojson" A-1 A-2
expect_ok "$VINFRA" import "$T/a.geojson" --layer roads --village 上雷村   # change 31
expect_ok "$VINFRA" edit roads A-2 --set status=hardened                   # change 32
expect_fail2 1 "vinfra: error: undo: cannot undo change 31 (import): change 32 (edit) later changed the same data (roads feature \"A-2\"); undo change 32 first" \
  "vinfra：错误：undo：无法撤销变更 31（导入）：变更 32（修改）后来改动了相同的数据（roads 要素 \"A-2\"）；请先撤销变更 32" \
  "$VINFRA" undo --change 31
# A later import into the same layer adds other rows: not a dependency.
roads_file "$T/b.geojson" B-1
expect_ok "$VINFRA" import "$T/b.geojson" --layer roads --village 上雷村   # change 33
expect_ok "$VINFRA" undo --change 32 --lang en                              # change 34
expect_ok "$VINFRA" undo --change 31 --lang en                              # change 35
assert_contains "$T/out" "undid change 31 (import, roads): rows removed 2, set back 0, put back 0; recorded as change 35"
assert_eq "B-1" "$(sqlite3 "$DB" "SELECT group_concat(id) FROM roads WHERE id LIKE 'A-%' OR id LIKE 'B-%'")" "roads left"
expect_ok "$VINFRA" check

# Undoing an undo redoes: A-1 and A-2 come back as they were.
dump "$T/before.sql"
expect_ok "$VINFRA" undo --change 35 --lang en
assert_contains "$T/out" "undid change 35 (undo, roads): rows removed 0, set back 0, put back 2; recorded as change 36"
assert_eq "A-1,A-2,B-1" "$(sqlite3 "$DB" "SELECT group_concat(id) FROM (SELECT id FROM roads WHERE id LIKE 'A-%' OR id LIKE 'B-%' ORDER BY fid)")" "roads redone"
expect_fail2 1 "vinfra: error: undo: change 35 (undo) was already undone by change 36" \
  "vinfra：错误：undo：变更 35（撤销）已被变更 36 撤销" "$VINFRA" undo --change 35
expect_ok "$VINFRA" undo --change 36
dump "$T/after.sql"
cmp -s "$T/before.sql" "$T/after.sql" || fail "undoing the redo"

# Without --change: the latest change in effect that is not an undo (B-1's import).
expect_ok "$VINFRA" undo --lang en
assert_contains "$T/out" "undid change 33 (import, roads): rows removed 1,"

# -- refusals -----------------------------------------------------------------
expect_fail2 1 "vinfra: error: undo: change 1 (init) created the database: it cannot be undone" \
  "vinfra：错误：undo：变更 1（创建）创建了数据库：不能撤销" "$VINFRA" undo --change 1
expect_fail2 2 "vinfra: error: undo: no change 99 in the history of '$DB' (see 'vinfra history')" \
  "vinfra：错误：undo：'$T/demo/demo.sqlite' 的历史记录中没有变更 99（请见 'vinfra history'）" "$VINFRA" undo --change 99
expect_fail 2 "vinfra: error: undo: --change: expected a change number from 1, got -3" "$VINFRA" undo --change -3
expect_ok "$VINFRA" init --db "$T/empty.sqlite"
expect_fail2 1 "vinfra: error: undo: nothing to undo in '$T/empty.sqlite'" \
  "vinfra：错误：undo：'$T/empty.sqlite' 中没有可撤销的修改" "$VINFRA" undo --db "$T/empty.sqlite"

# A database written outside vinfra: the log no longer describes it.
sqlite3 "$DB" "UPDATE roads SET name = 'x' WHERE id = 'R-大坪-001'"
before=$(sha "$DB")
expect_fail2 1 "vinfra: error: undo: cannot undo: '$DB' was changed outside vinfra after change 38 (its content checksum is not the one recorded); see 'vinfra check'" \
  "vinfra：错误：undo：无法撤销：'$T/demo/demo.sqlite' 在变更 38 之后被 vinfra 以外的程序改动过（其内容校验和与记录的不同）；请见 'vinfra check'" \
  "$VINFRA" undo
assert_eq "$before" "$(sha "$DB")" "database untouched by a refused undo"
