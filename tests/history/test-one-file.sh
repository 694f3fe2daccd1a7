#!/usr/bin/env bash
# The database is one file after every command: no -wal or -shm file stays
# beside it, after writing commands, reading ones (their connections are
# read-only and cannot remove what they made) and refused ones alike, so the
# .sqlite file alone can be copied to a USB stick.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/history/fixtures.sh"
set -e
alone() {
  for f in "$DB-wal" "$DB-shm" "$DB-journal"; do
    [ ! -e "$f" ] || fail "$1: $(basename "$f") left beside the database"
  done
}
alone "vinfra demo"
for cmd in "stats" "stats --village 上雷村 --format json" "coverage" "coverage --service clinic --by road" \
    "gaps --service clinic" "plan --service clinic --add 1" "history" "check" "layers roads"; do
  # shellcheck disable=SC2086
  if [ "$cmd" = "layers roads" ]; then expect_ok "$VINFRA" $cmd; else expect_ok "$VINFRA" $cmd --db "$DB"; fi
  alone "vinfra $cmd"
done
expect_ok "$VINFRA" plan --service clinic --add 1 --save
alone "plan --save"
H=$(sqlite3 "$DB" "SELECT id FROM households LIMIT 1")
expect_ok "$VINFRA" edit households "$H" --set members=4
alone "edit"
expect_ok "$VINFRA" undo
alone "undo"
roads_file "$T/r.geojson" R-ONE-1
expect_ok "$VINFRA" import "$T/r.geojson" --layer roads
alone "import"
printf '{"type": "FeatureCollection", "features": [' >"$T/bad.geojson"
run "$VINFRA" import "$T/bad.geojson" --layer roads
assert_eq 1 "$RC" "exit of a refused import"
alone "a refused import"
expect_ok "$VINFRA" export --profile transport --out "$T/pkg"
alone "export"
expect_ok "$VINFRA" render --map village --village 上雷村 --out "$T/m.png"
alone "render"
expect_ok "$VINFRA" backup --to "$T/copy.sqlite"
alone "backup"
DB=$T/copy.sqlite alone "the backup"
