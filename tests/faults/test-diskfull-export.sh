#!/usr/bin/env bash
# A full disk during an export (RLIMIT_FSIZE, SIGXFSZ ignored, as in
# test-diskfull.sh): exit 1 with the file and the reason named, no package
# left looking complete (nor its temporary folder), the database unchanged;
# with room again the same export goes through.
. "$TESTS_DIR/lib.sh"
cd "$T"
demo_db d
DB=d/demo.sqlite
before=$(sha "$DB")

limited() { local kb=$1; shift; run bash -c 'trap "" XFSZ; ulimit -f "$0"; exec "$@"' "$kb" "$@"; }

for spec in "300 gpkg" "40 shp" "150 kml"; do
  set -- $spec
  kb=$1 format=$2
  limited "$kb" "$VINFRA" export --db "$DB" --profile all --format "$format" --out "pkg-$format" --lang en
  [ "$RC" -eq 1 ] || { cat "$T/err" >&2; fail "$format at ${kb} KB: expected exit 1, got $RC"; }
  grep -q "^vinfra: error: cannot write '\./\.vinfra-export-[A-Za-z0-9]*/" "$T/err" ||
    { cat "$T/err" >&2; fail "$format at ${kb} KB: the message does not name the file"; }
  grep -qi "disk I/O error\|File too large\|write" "$T/err" || { cat "$T/err" >&2; fail "$format: no reason"; }
  [ ! -e "pkg-$format" ] || fail "$format at ${kb} KB: a package was left at pkg-$format"
  ls -A | grep -q '^\.vinfra-export-' && fail "$format at ${kb} KB: the temporary folder was left"
  assert_eq "$before" "$(sha "$DB")" "$format at ${kb} KB: database after"
done
expect_ok "$VINFRA" export --db "$DB" --profile all --format gpkg --out pkg-gpkg
[ -s pkg-gpkg/manifest.json ] || fail "no manifest after the export with room"
echo ok
