#!/usr/bin/env bash
# test-pgstore-bench-smoke.sh - the PostGIS store benchmark (pgstore.sh)
# still runs: village scale, one run, no timing asserted.  The script itself
# refuses coverage answers that differ between the SpatiaLite and the
# PostGIS store; here the rows and the report's section must be written.
. "$TESTS_DIR/lib.sh"
need psql
[ -x /usr/bin/time ] || skip "/usr/bin/time not installed"
[ -x /usr/lib/postgresql/15/bin/initdb ] || skip "PostgreSQL 15 is not installed (bash tools/setup.sh --test)"
[ -f /usr/share/postgresql/15/extension/postgis.control ] ||
  skip "PostGIS 3 for PostgreSQL 15 is not installed (bash tools/setup.sh --test)"

chmod 755 "$T" # the cluster in it runs as user postgres when we are root
BENCH_BUILD=$VINFRA_BUILDDIR BENCH_NO_BUILD=1 BENCH_NO_REPORT=1 BENCH_RUNS=1 \
  BENCH_WORK=$T/work BENCH_RESULTS=$T/results \
  bash "$TESTS_DIR/bench/pgstore.sh" village >"$T/run.log" 2>&1 || { cat "$T/run.log" >&2; fail "pgstore.sh village failed"; }
assert_eq "spatialite postgis" "$(cut -f2 "$T/results/pgstore.tsv" | xargs)" "the stores measured"
python3 "$TESTS_DIR/bench/report.py" --results "$T/results" --out "$T/RESULTS.md" || fail "report.py failed"
assert_contains "$T/RESULTS.md" "## Coverage from a PostGIS store"
assert_contains "$T/RESULTS.md" "Target: PostGIS within 1.5x of SpatiaLite"
