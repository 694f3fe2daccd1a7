#!/usr/bin/env bash
# A later import that is independent of an earlier change never stands in
# the way of undoing or redoing it: a feature's fid is never reused, even
# after the features with the highest fids were deleted or their import
# undone.  A real dependency (an edit of the very feature) still refuses.
. "$TESTS_DIR/lib.sh"
set -e
. "$TESTS_DIR/history/fixtures.sh"
last() { sqlite3 "$DB" "SELECT max(id) FROM history"; }

roads_file "$T/a.geojson" R-上雷-A1 R-上雷-A2
roads_file "$T/b.geojson" R-上雷-B1 R-上雷-B2
roads_file "$T/c.geojson" R-上雷-C1 R-上雷-C2
expect_ok "$VINFRA" import --lang en "$T/a.geojson" --layer roads
A=$(last)
expect_ok "$VINFRA" undo
UNDO_A=$(last)
expect_ok "$VINFRA" import --lang en "$T/b.geojson" --layer roads
# Redo A (undo its undo): B only added other features.
expect_ok "$VINFRA" undo --change "$UNDO_A"
assert_eq 4 "$(sqlite3 "$DB" "SELECT count(*) FROM roads WHERE id GLOB 'R-上雷-[AB]*'")" "A and B after redo"
assert_eq 4 "$(sqlite3 "$DB" "SELECT count(DISTINCT fid) FROM roads WHERE id GLOB 'R-上雷-[AB]*'")" "distinct fids"

# Delete A's features (the highest fids), import C, undo the deletes.
expect_ok "$VINFRA" delete roads R-上雷-A2
D2=$(last)
expect_ok "$VINFRA" import --lang en "$T/c.geojson" --layer roads
expect_ok "$VINFRA" undo --change "$D2"
assert_eq 1 "$(sqlite3 "$DB" "SELECT count(*) FROM roads WHERE id='R-上雷-A2'")" "A2 put back"

# A real dependency: C's feature edited; undoing C is refused until the edit is undone.
C=$(sqlite3 "$DB" "SELECT max(id) FROM history WHERE action='import'")
expect_ok "$VINFRA" edit roads R-上雷-C1 --set year=2020
E=$(last)
expect_fail2 1 "vinfra: error: undo: cannot undo change $C (import): change $E (edit) later changed the same data (roads feature \"R-上雷-C1\"); undo change $E first" \
  "vinfra：错误：undo：无法撤销变更 26（导入）：变更 28（修改）后来改动了相同的数据（roads 要素 \"R-上雷-C1\"）；请先撤销变更 28" \
  "$VINFRA" undo --change "$C"
