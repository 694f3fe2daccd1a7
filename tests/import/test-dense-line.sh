#!/usr/bin/env bash
# A line of 200,000 jittery, self-crossing vertices (a GPS logger left
# running) is placed in its village without GEOS overlay: the import stays
# within 1 GB of address space (GEOS's noding of such a line against a
# village took gigabytes and minutes), places it in the village holding
# most of it, accepts the village it names when it lies partly there, and
# stores every vertex.  Skipped in a sanitizer build, whose shadow memory
# no address-space limit allows.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
need python3
for exe in "$VINFRA" "$(dirname "$VINFRA")/vinfra-gdal"; do
  ! ldd "$exe" 2>/dev/null | grep -q 'libasan\|libubsan' || skip "a sanitizer build"
done
# Within 1 GB of address space (ulimit -v counts KiB).
limited() { run bash -c 'ulimit -v 1048576; exec "$@"' limited "$@"; }

# From 109.285 E in 上雷村 to 109.345 E in 双龙村: three quarters in 双龙村.
python3 "$TESTS_DIR/import/make-dense-line.py" 200000 "$T/trace.geojson" 109.285 109.345 34.0 ""
python3 "$TESTS_DIR/import/make-dense-line.py" 200000 "$T/named.geojson" 109.285 109.345 34.0 上雷村

db=$(fresh placed)
limited "$VINFRA" import "$T/trace.geojson" --layer roads --db "$db" -q
[ "$RC" -eq 0 ] || { cat "$T/err" >&2; fail "import of the dense line: exit $RC"; }
assert_eq "双龙村" "$(sql "$db" "select village from roads where id = 'R-DENSE'")" "village of most of the line"
assert_eq "200000" "$(sql "$db" "select ST_NumPoints(geom) from roads where id = 'R-DENSE'")" "vertices stored"
assert_eq "$(ref_length "$T/trace.geojson")" "$(db_length "$db" roads)" "length stored"

db=$(fresh named)
limited "$VINFRA" import "$T/named.geojson" --layer roads --db "$db" -q
[ "$RC" -eq 0 ] || { cat "$T/err" >&2; fail "import of the dense line naming 上雷村: exit $RC"; }
assert_eq "上雷村" "$(sql "$db" "select village from roads where id = 'R-DENSE'")" "village named"
