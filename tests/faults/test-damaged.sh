#!/usr/bin/env bash
# Damaged database files: cut to half, the header overwritten, a page of a
# layer overwritten.  Every command gives an error naming the file and exits
# 1, never a signal.  Also checks that check_db (lib-faults.sh) notices
# damage, so that the crash tests can rely on it.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/faults/lib-faults.sh"
cd "$T"

sed "s/\"L-/\"M-/g" lights.geojson > more.geojson
cp "$BASE" good.sqlite
expect_ok "$VINFRA" import lights.geojson --layer streetlights --db good.sqlite
check_db good.sqlite || fail "check_db refuses a good database"
size=$(stat -c %s good.sqlite)

cp good.sqlite half.sqlite
truncate -s $((size / 2)) half.sqlite
cp good.sqlite header.sqlite
printf 'this is no SQLite header' | dd of=header.sqlite conv=notrunc status=none
cp good.sqlite page.sqlite
page=$(sqlite3 good.sqlite "SELECT pageno FROM dbstat WHERE name = 'streetlights' AND pagetype = 'leaf' LIMIT 1 OFFSET 3")
[ -n "$page" ] || fail "no leaf page of streetlights found"
python3 -c "import sys; f = open(sys.argv[1], 'r+b'); f.seek((int(sys.argv[2]) - 1) * 4096); f.write(bytes((i * 151 + 7) % 256 for i in range(4096)))" page.sqlite "$page"

# The reasons SQLite gives: the file is cut short, the header is not
# SQLite's, a page holds garbage.
for db in half header page; do
  before=$(sha $db.sqlite)
  for cmd in "stats" "coverage --service streetlight" "gaps --service streetlight" \
             "plan --service streetlight --add 1" "plan --service streetlight --add 1 --save" \
             "import more.geojson --layer streetlights"; do
    # shellcheck disable=SC2086
    run "$VINFRA" $cmd --db $db.sqlite --lang en
    # Adding features to a layer reads its ids from their index, not the
    # damaged page: SQLite does not notice, and neither can the import.
    [ "$db/$cmd/$RC" != "page/import more.geojson --layer streetlights/0" ] || continue
    [ "$RC" -eq 1 ] || { cat "$T/err" >&2; fail "$db.sqlite: vinfra $cmd: expected exit 1, got $RC"; }
    grep -q "^vinfra: error: .*'$db.sqlite'.*: \(database disk image is malformed\|file is not a database\))\?$" "$T/err" ||
      { cat "$T/err" >&2; fail "$db.sqlite: vinfra $cmd: expected an error naming the file and the damage"; }
  done
  [ "$db" = page ] || assert_eq "$before" "$(sha $db.sqlite)" "$db.sqlite after"
  ! check_db $db.sqlite 2>/dev/null || fail "check_db passes $db.sqlite"
done

# A spatial index out of step with its table, and a dangling village.
cp good.sqlite index.sqlite
sqlite3 index.sqlite "DELETE FROM idx_streetlights_geom WHERE pkid = 5"
! check_db index.sqlite 2>/dev/null || fail "check_db passes a damaged spatial index"
cp good.sqlite fkey.sqlite
sqlite3 fkey.sqlite "UPDATE streetlights SET village = 'nowhere' WHERE fid = 3"
! check_db fkey.sqlite 2>/dev/null || fail "check_db passes a feature of no village"
echo ok
