#!/usr/bin/env bash
# test-bench-smoke.sh - the coverage benchmark still runs and its answers
# still agree: village scale, one run of each query, no timing asserted.
# vinfra coverage, SpatiaLite and (when installed) PostGIS must give the same
# W1 household count, the same nearest-clinic distances to 0.1 m and the
# same road length.
. "$TESTS_DIR/lib.sh"
need sqlite3
need ogr2ogr
need python3
[ -x /usr/bin/time ] || skip "/usr/bin/time not installed"
sqlite3 :memory: ".load mod_spatialite" "SELECT 1" >/dev/null 2>&1 || skip "mod_spatialite not loadable"

chmod 755 "$T" # a PostgreSQL cluster in it runs as user postgres when we are root
BENCH_BUILD=$VINFRA_BUILDDIR BENCH_NO_BUILD=1 BENCH_NO_REPORT=1 BENCH_SMOKE=1 BENCH_RUNS=1 \
  BENCH_WORK=$T/work BENCH_RESULTS=$T/results \
  bash "$TESTS_DIR/bench/run.sh" village >"$T/run.log" 2>&1 || { cat "$T/run.log" >&2; fail "run.sh village failed"; }
python3 "$TESTS_DIR/bench/report.py" --check --results "$T/results" --out "$T/RESULTS.md" ||
  { cat "$T/RESULTS.md" >&2; fail "the tools' answers differ"; }
# The generator is deterministic: the same seed gives the same features.
dump() { sqlite3 "$1" "SELECT id, hex(geom) FROM households UNION ALL SELECT id, hex(geom) FROM roads"; }
expect_ok "$VINFRA" init --db "$T/again.sqlite"
expect_ok "$VINFRA_BUILDDIR/tests/bench/gen-bench" --db "$T/again.sqlite" --scale village
assert_eq "$(dump "$T/work/village/store.sqlite" | sha256sum)" "$(dump "$T/again.sqlite" | sha256sum)" \
  "a second generation with the same seed"
# What it writes passed the registry's checks (feature-check.h); vinfra check agrees.
expect_ok "$VINFRA" check --db "$T/again.sqlite"
assert_contains "$T/RESULTS.md" "— **identical**"
