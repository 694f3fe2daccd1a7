# tests/history/undo-kinds.sh - each kind of change taken back, on the
# database $VINFRA_DB names: sourced by tests/history/test-undo.sh
# (SpatiaLite) and tests/server/test-pg-store.sh (PostGIS), after lib.sh.
# The caller gives checksum (the content checksum of $VINFRA_DB) and dump
# FILE (every row undo must restore, written to FILE).

# undo_restores CMD...: run CMD, then vinfra undo: the rows, the content
# checksum and the report are as before.  $T/out is undo's output.
undo_restores() {
  local before
  before=$(checksum)
  dump "$T/before.rows"
  "$VINFRA" stats --format csv >"$T/before.stats"
  expect_ok "$@"
  [ "$(checksum)" != "$before" ] || fail "$* changed nothing"
  expect_ok "$VINFRA" undo --lang en
  cp "$T/out" "$T/undo.out"
  assert_eq "$before" "$(checksum)" "checksum after undoing: $*"
  dump "$T/after.rows"
  cmp -s "$T/before.rows" "$T/after.rows" ||
    { diff "$T/before.rows" "$T/after.rows" | head >&2; fail "rows after undoing: $*"; }
  "$VINFRA" stats --format csv | cmp -s "$T/before.stats" - || fail "stats after undoing: $*"
  cp "$T/undo.out" "$T/out"
}

# undo_each_kind FILE LAYER CHANGE: the import of FILE (two features of the
# demo's 上雷村) into LAYER, whose undo is recorded as change CHANGE, a
# ledger import, an edit, a delete and a saved plan, each undone.
undo_each_kind() {
  undo_restores "$VINFRA" import "$1" --layer "$2" --village 上雷村
  assert_contains "$T/out" "(import, $2): rows removed 2, set back 0, put back 0; recorded as change $3"
  # The import row went too: the same file imports again.
  expect_ok "$VINFRA" import "$1" --layer "$2" --village 上雷村 --dry-run --lang en
  assert_contains "$T/out" "2 would be written"

  printf 'id,name,programme,village,year,funding_wan,kind\nT-1,测试项目,infrastructure,上雷村,2024,3.5,project\n' >"$T/ledger.csv"
  undo_restores "$VINFRA" import --ledger "$T/ledger.csv"
  assert_contains "$T/out" "(ledger, projects): rows removed 1,"

  undo_restores "$VINFRA" edit roads R-大坪-001 --set status=widened --set width=6.5 --set surface=
  assert_contains "$T/out" "(edit, roads): rows removed 0, set back 1, put back 0"

  undo_restores "$VINFRA" delete streetlights LD-大坪-0005
  assert_contains "$T/out" "(delete, streetlights): rows removed 0, set back 0, put back 1"

  undo_restores "$VINFRA" plan --service clinic --add 2 --save
  assert_contains "$T/out" "(plan, village clinics): rows removed 2,"
}
