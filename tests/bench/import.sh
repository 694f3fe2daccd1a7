#!/usr/bin/env bash
# tests/bench/import.sh - the import benchmark (issue 13): 100,000
# households from GeoJSON into a county store with every check (`vinfra
# import`), against `ogr2ogr -f SQLite -dsco SPATIALITE=YES` loading the same
# file into a new SpatiaLite file (no checks, its spatial index included),
# on the same machine in the same run; and, when PostgreSQL 15 and PostGIS
# are installed, the same import into a PostGIS county store by COPY and
# row by row (rows in results/import-pg.tsv).
#
#   tests/bench/import.sh
#
# The county store is gen-bench's county (seed 4545) without its
# households: its villages, roads, lights and the rest are imported from a
# GeoJSON export of gen-bench's store, and the households are the file
# timed.  Rows go to tests/bench/results/import.tsv; report.py adds them to
# RESULTS.md.  Environment as run.sh (BENCH_BUILD, BENCH_WORK, BENCH_RUNS,
# BENCH_RESULTS, BENCH_NO_BUILD, BENCH_NO_REPORT).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=${BENCH_BUILD:-$SRC/build-bench}
WORK=${BENCH_WORK:-/tmp/vinfra-bench}/import
RUNS=${BENCH_RUNS:-3}
RESULTS=${BENCH_RESULTS:-$HERE/results}
BENCH_TAG=bench-import
. "$HERE/lib-bench.sh"

build
load=$(cut -d' ' -f1-3 /proc/loadavg)
command -v ogr2ogr >/dev/null || die "ogr2ogr (gdal-bin) not installed"
rm -rf "$WORK"
mkdir -p "$WORK"
ROWS=$WORK/import.tsv
: >"$ROWS"
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS"; }

say "generating the county store"
"$VINFRA" init --db "$WORK/gen.sqlite" >/dev/null
"$GEN" --db "$WORK/gen.sqlite" --scale county >/dev/null
LAYERS="villages roads streetlights clinics water_tanks water_pipes signal_towers"
for layer in $LAYERS; do
  fields=id,village,name,status,year
  [ "$layer" = villages ] && fields=id,name,town,county,households,population
  ogr2ogr -f GeoJSON "$WORK/$layer.geojson" "$WORK/gen.sqlite" "$layer" -select "$fields" \
    2>/dev/null || die "cannot export $layer"
done
# county DB: the layers of the county but its households in DB, imported as
# any user would.
county() {
  "$VINFRA" init --db "$1" >/dev/null
  local layer extra
  for layer in $LAYERS; do
    extra=(--village-field village)
    [ "$layer" = villages ] && extra=()
    "$VINFRA" import "$WORK/$layer.geojson" --layer "$layer" --db "$1" --quiet "${extra[@]}" \
      >/dev/null 2>"$WORK/setup.err" || { cat "$WORK/setup.err" >&2; die "cannot import $layer"; }
  done
}
county "$WORK/county.sqlite"
ogr2ogr -f GeoJSON "$WORK/households.geojson" "$WORK/gen.sqlite" households \
  -select id,village,members,poverty,toilet_retrofit 2>/dev/null || die "cannot export households"
n=$(ogrinfo -ro -so -al "$WORK/households.geojson" | awk -F': ' '/Feature Count/ { print $2 }')
mb=$(du -m "$WORK/households.geojson" | cut -f1)
say "$n households, $mb MB of GeoJSON"

# The runs alternate, vinfra then ogr2ogr, so that a machine that speeds up
# or slows down during the benchmark weighs on both alike.
times_v="" cpu_v="" rss_v=0 times_o="" cpu_o="" rss_o=0
for ((run = 1; run <= RUNS; run++)); do
  cp "$WORK/county.sqlite" "$WORK/run.sqlite"
  RUNS=1 cmd_runs "$WORK/out" "$VINFRA" import "$WORK/households.geojson" --layer households --db "$WORK/run.sqlite"
  times_v+=" $C_TIMES" cpu_v+=" $C_CPU"
  [ "$C_RSS_MB" -gt "$rss_v" ] && rss_v=$C_RSS_MB
  written=$(sqlite3 "$WORK/run.sqlite" "select count(*) from households")
  [ "$written" = "$n" ] || die "vinfra wrote $written households of $n"
  rm -f "$WORK/ogr.sqlite"
  RUNS=1 cmd_runs "$WORK/out" ogr2ogr -f SQLite -dsco SPATIALITE=YES "$WORK/ogr.sqlite" "$WORK/households.geojson"
  times_o+=" $C_TIMES" cpu_o+=" $C_CPU"
  [ "$C_RSS_MB" -gt "$rss_o" ] && rss_o=$C_RSS_MB
done

# The same import into a PostGIS county store (lib-bench.sh's cluster), by
# COPY (pg-bulk.c) and row by row (VINFRA_PG_COPY=0), alternating; each run
# into a fresh copy of the store (CREATE DATABASE ... TEMPLATE).
times_c="" cpu_c="" rss_c=0 times_r="" cpu_r="" rss_r=0
if pg_start; then
  psql_db postgres -c "CREATE DATABASE county" >/dev/null
  county "$(pg_store_name county)"
  for ((run = 1; run <= RUNS; run++)); do
    for mode in copy row; do
      psql_db postgres -c "CREATE DATABASE run TEMPLATE county" >/dev/null
      RUNS=1 cmd_runs "$WORK/out" env VINFRA_PG_COPY=$([ $mode = copy ] && echo 1 || echo 0) \
        "$VINFRA" import "$WORK/households.geojson" --layer households --db "$(pg_store_name run)"
      written=$(psql_db run -At -c "select count(*) from households")
      [ "$written" = "$n" ] || die "vinfra wrote $written households of $n into PostGIS ($mode)"
      psql_db postgres -c "DROP DATABASE run" >/dev/null
      if [ $mode = copy ]; then
        times_c+=" $C_TIMES" cpu_c+=" $C_CPU"
        [ "$C_RSS_MB" -gt "$rss_c" ] && rss_c=$C_RSS_MB
      else
        times_r+=" $C_TIMES" cpu_r+=" $C_CPU"
        [ "$C_RSS_MB" -gt "$rss_r" ] && rss_r=$C_RSS_MB
      fi
    done
  done
  pg_stop
fi

row vinfra "$(median $times_v)" "$(join , $times_v)" "$(median $cpu_v)" "$rss_v" "$n" \
  "vinfra import --layer households into the county store: every check, village by position, history and undo log, R*Tree"
row ogr2ogr "$(median $times_o)" "$(join , $times_o)" "$(median $cpu_o)" "$rss_o" "$n" \
  "ogr2ogr -f SQLite -dsco SPATIALITE=YES into a new file: no checks, R*Tree"
if [ -n "$times_c" ]; then
  ROWS=$WORK/import-pg.tsv
  : >"$ROWS"
  row "vinfra (postgis, COPY)" "$(median $times_c)" "$(join , $times_c)" "$(median $cpu_c)" "$rss_c" "$n" \
    "vinfra import --layer households into the county store in PostgreSQL + PostGIS: COPY into a staging table, moved in batches, logged as the trigger logs"
  row "vinfra (postgis, row by row)" "$(median $times_r)" "$(join , $times_r)" "$(median $cpu_r)" "$rss_r" "$n" \
    "the same with VINFRA_PG_COPY=0: one prepared INSERT a feature, logged by the trigger"
fi
{
  printf 'date\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)"
  printf 'vinfra\t%s\n' "$("$VINFRA" --version 2>/dev/null | head -1)"
  printf 'gdal\t%s\n' "$(gdal-config --version 2>/dev/null || ogr2ogr --version)"
  printf 'data\t%s households, %s MB of GeoJSON (gen-bench county, seed 4545)\n' "$n" "$mb"
  printf 'load\t%s\n' "$load"
} >"$WORK/import-meta.tsv"
cp "$WORK/import.tsv" "$RESULTS/import.tsv"
cp "$WORK/import-meta.tsv" "$RESULTS/import-meta.tsv"
if [ -n "$times_c" ]; then
  cp "$WORK/import-pg.tsv" "$RESULTS/import-pg.tsv"
  {
    grep -v '^vinfra' "$WORK/import-meta.tsv"
    printf 'vinfra\t%s (%s)\n' "$("$VINFRA" --version 2>/dev/null | head -1)" \
      "$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    printf 'postgis\tPostgreSQL %s + PostGIS %s\n' "$(dpkg-query -W -f '${Version}' postgresql-15 2>/dev/null)" \
      "$(dpkg-query -W -f '${Version}' postgresql-15-postgis-3 2>/dev/null)"
  } >"$RESULTS/import-pg-meta.tsv"
fi
say "vinfra $(median $times_v) s, ogr2ogr $(median $times_o) s (medians of $RUNS)"
[ -z "$times_c" ] || say "PostGIS: COPY $(median $times_c) s, row by row $(median $times_r) s"
if [ "${BENCH_NO_REPORT:-0}" != 1 ]; then
  python3 "$HERE/report.py" --results "$RESULTS" --out "$HERE/RESULTS.md"
fi
