#!/usr/bin/env bash
# A full disk during an import (a file size limit, RLIMIT_FSIZE, with
# SIGXFSZ ignored so that write() fails with EFBIG as on a full disk): a
# clear error, and the database byte-identical, intact, and still usable.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/faults/lib-faults.sh"
cd "$T"
cp "$BASE" db.sqlite

before=$(sha db.sqlite)

# limited KB CMD...: run CMD with files limited to KB kilobytes.
limited() { local kb=$1; shift; run bash -c 'trap "" XFSZ; ulimit -f "$0"; exec "$@"' "$kb" "$@"; }

# The journal (db.sqlite-wal) fills up while the features are written.
for kb in 64 200 400; do
  limited "$kb" "$VINFRA" import lights.geojson --layer streetlights --db db.sqlite --lang en
  [ "$RC" -eq 1 ] || { cat "$T/err" >&2; fail "limit ${kb} KB: expected exit 1, got $RC"; }
  assert_eq "vinfra: error: cannot import 'lights.geojson': database error in 'db.sqlite': disk I/O error" "$(cat "$T/err")" "limit ${kb} KB: message"
  assert_eq "$before" "$(sha db.sqlite)" "limit ${kb} KB: database after"
  [ ! -s db.sqlite-wal ] || fail "limit ${kb} KB: a journal was left behind"
  check_db db.sqlite || fail "limit ${kb} KB: the database is damaged"
  assert_eq 0 "$(count db.sqlite streetlights)" "limit ${kb} KB: streetlights"
done
# Not even the WAL index (db.sqlite-shm, 32 KB) can be made: the database is
# not opened, and says so naming it.
limited 8 "$VINFRA" import lights.geojson --layer streetlights --db db.sqlite --lang en
assert_eq 1 "$RC" "limit 8 KB: exit code"
assert_contains "$T/err" "vinfra: error: cannot open 'db.sqlite': disk I/O error: File too large"
assert_eq "$before" "$(sha db.sqlite)" "limit 8 KB: database after"

# With room again, the same import goes through.
expect_ok "$VINFRA" import lights.geojson --layer streetlights --db db.sqlite --lang en
assert_contains "$T/out" "$NLIGHTS written"
check_db db.sqlite || fail "the database is damaged after the import"
echo ok
