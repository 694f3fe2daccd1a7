#!/usr/bin/env bash
# test-render-bench-smoke.sh - the map rendering benchmark (render.sh) still
# runs: village scale, one run of each measurement, no timing asserted.
# vinfra, MapServer and Mapnik must each write a PNG and a PDF, the PNGs of
# one pixel size and the PDFs of one page size, no PNG a blank page, and the
# demo atlas must be written.  Skipped where the reference tools
# (mapserver-bin, python3-mapnik; not CI's test packages) or `vinfra render`
# are missing.
. "$TESTS_DIR/lib.sh"
need sqlite3
need ogr2ogr
need python3
need map2img
[ -x /usr/bin/time ] || skip "/usr/bin/time not installed"
/usr/bin/python3 -c "import mapnik, cairo" 2>/dev/null || skip "python3-mapnik or python3-cairo not installed"
sqlite3 :memory: ".load mod_spatialite" "SELECT 1" >/dev/null 2>&1 || skip "mod_spatialite not loadable"
"$VINFRA" render --help >/dev/null 2>&1 || skip "no 'vinfra render' in this build"

# The peers read the store only (the shapefile export is the slow part here).
BENCH_BUILD=$VINFRA_BUILDDIR BENCH_NO_BUILD=1 BENCH_NO_REPORT=1 BENCH_RUNS=1 BENCH_SOURCES=store \
  BENCH_WORK=$T/work BENCH_RESULTS=$T/results \
  bash "$TESTS_DIR/bench/render.sh" village >"$T/run.log" 2>&1 || { cat "$T/run.log" >&2; fail "render.sh village failed"; }
python3 "$TESTS_DIR/bench/render/report.py" --check village --results "$T/results" --out "$T/RESULTS-render.md" ||
  { cat "$T/results/render-village.tsv" >&2; fail "a tool did not draw both formats at the same size"; }
assert_contains "$T/RESULTS-render.md" "| vinfra | store | png |"
assert_contains "$T/RESULTS-render.md" "| mapnik | store | pdf |"
# A blank page would time well: every PNG must have something drawn on it.
for png in "$T"/work/village/*.png; do
  /usr/bin/python3 -c "import mapnik, sys; sys.exit(mapnik.Image.open(sys.argv[1]).is_solid())" "$png" ||
    fail "'$png' is one colour"
done
assert_eq 3 "$(ls "$T"/work/village/*.png | wc -l)" "PNGs drawn (vinfra, MapServer, Mapnik)"
if "$VINFRA" atlas --help >/dev/null 2>&1; then
  [ -s "$T/work/demo/atlas.pdf" ] || fail "no demo atlas written"
  grep -q "^village	vinfra atlas	demo	pdf	[0-9]" "$T/results/render-village.tsv" || fail "the atlas was not timed"
fi
