#!/usr/bin/env bash
# tests/bench/pgstore.sh - `vinfra coverage` reading the same synthetic data
# from a SpatiaLite store and from a PostGIS store, on the same machine in
# the same run (the issue's target: PostGIS within 1.5x of SpatiaLite).
#
#   tests/bench/pgstore.sh [village|county|province]     (default: county)
#
# gen-bench writes the scale's data (seed 4545) into a new SpatiaLite file
# and into a new database of a private PostgreSQL cluster (lib-bench.sh:
# the peers' server settings), each timed, the server's VACUUM ANALYZE
# after it (what autovacuum does soon after a load) timed apart.  Then
# `vinfra coverage --format json` (every service) runs RUNS times on each,
# alternating, so that a shared machine's changing speed weighs on both;
# the two answers must be the same bytes.  Rows go to
# tests/bench/results/pgstore.tsv; report.py adds them to RESULTS.md.
# Environment as run.sh (BENCH_BUILD, BENCH_WORK, BENCH_RUNS, default 5
# here, BENCH_RESULTS, BENCH_NO_BUILD, BENCH_NO_REPORT).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=${BENCH_BUILD:-$SRC/build-bench}
WORK=${BENCH_WORK:-/tmp/vinfra-bench}/pgstore
RUNS=${BENCH_RUNS:-5}
RESULTS=${BENCH_RESULTS:-$HERE/results}
SCALE=${1:-county}
case $SCALE in village|county|province) ;; *) echo "usage: $0 [village|county|province]" >&2; exit 2 ;; esac
BENCH_TAG=bench-pgstore
. "$HERE/lib-bench.sh"

build
load=$(cut -d' ' -f1-3 /proc/loadavg)
rm -rf "$WORK"
mkdir -p "$WORK"
pg_start || die "the PostGIS store needs PostgreSQL 15 and PostGIS 3 (bash tools/setup.sh --test)"
ROWS=$WORK/pgstore.tsv
: >"$ROWS"
# scale tool load_s wall_s runs cpu_s rss_mb answer note
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS"; }

SL=$WORK/store.sqlite
DB=vinfra_$SCALE
PG=$(pg_store_name "$DB")
say "$SCALE: generating the SpatiaLite store"
"$VINFRA" init --db "$SL" >/dev/null
t0=$(now)
"$GEN" --db "$SL" --scale "$SCALE" >"$WORK/gen.out" 2>/dev/null
sl_gen=$(elapsed "$t0")
say "$SCALE: generating the PostGIS store"
psql_db postgres -c "CREATE DATABASE $DB" >/dev/null
"$VINFRA" init --db "$PG" >/dev/null
t0=$(now)
"$GEN" --db "$PG" --scale "$SCALE" >"$WORK/gen-pg.out" 2>/dev/null
pg_gen=$(elapsed "$t0")
cmp -s "$WORK/gen.out" "$WORK/gen-pg.out" || die "gen-bench wrote different data to the two stores"
t0=$(now)
psql_db "$DB" -c "VACUUM ANALYZE" >/dev/null
pg_analyze=$(elapsed "$t0")

times_s="" cpu_s="" rss_s=0 times_p="" cpu_p="" rss_p=0
for ((run = 1; run <= RUNS; run++)); do
  say "$SCALE: run $run of $RUNS"
  RUNS=1 cmd_runs "$WORK/sl.json" "$VINFRA" coverage --db "$SL" --format json
  times_s+=" $C_TIMES" cpu_s+=" $C_CPU"
  [ "$C_RSS_MB" -gt "$rss_s" ] && rss_s=$C_RSS_MB
  RUNS=1 cmd_runs "$WORK/pg.json" "$VINFRA" coverage --db "$PG" --format json
  times_p+=" $C_TIMES" cpu_p+=" $C_CPU"
  [ "$C_RSS_MB" -gt "$rss_p" ] && rss_p=$C_RSS_MB
  cmp -s "$WORK/sl.json" "$WORK/pg.json" || die "coverage answers differ between the stores"
done
psql_db postgres -c "DROP DATABASE $DB" >/dev/null
pg_stop

data=$(awk -F'\t' '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $1, $2 }' "$WORK/gen.out")
row "$SCALE" spatialite "$sl_gen" "$(median $times_s)" "$(join , $times_s)" "$(median $cpu_s)" "$rss_s" \
  identical "gen-bench into a SpatiaLite file ($sl_gen s)"
row "$SCALE" postgis "$pg_gen" "$(median $times_p)" "$(join , $times_p)" "$(median $cpu_p)" "$rss_p" \
  identical "gen-bench into a PostgreSQL 15 + PostGIS database on a Unix socket (COPY, $pg_gen s) + VACUUM ANALYZE $pg_analyze s"
{
  printf 'date\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)"
  printf 'vinfra\t%s (%s)\n' "$("$VINFRA" --version 2>/dev/null | head -1)" "$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  printf 'postgis\tPostgreSQL %s + PostGIS %s\n' "$(dpkg-query -W -f '${Version}' postgresql-15 2>/dev/null)" \
    "$(dpkg-query -W -f '${Version}' postgresql-15-postgis-3 2>/dev/null)"
  printf 'data\t%s\n' "$data"
  printf 'load\t%s\n' "$load"
} >"$WORK/pgstore-meta.tsv"
cp "$ROWS" "$RESULTS/pgstore.tsv"
cp "$WORK/pgstore-meta.tsv" "$RESULTS/pgstore-meta.tsv"
say "SpatiaLite $(median $times_s) s, PostGIS $(median $times_p) s (medians of $RUNS)"
if [ "${BENCH_NO_REPORT:-0}" != 1 ]; then
  python3 "$HERE/report.py" --results "$RESULTS" --out "$HERE/RESULTS.md"
fi
