#!/usr/bin/env bash
# tests/bench/run.sh - the coverage benchmark: `vinfra coverage` against the
# same workloads in PostGIS (GiST) and SpatiaLite (R*Tree), on the same
# synthetic data, in the same run, with their answers compared.
#
#   tests/bench/run.sh [village|county|province|all]     (default: county)
#
# For each scale: gen-bench writes a store; the store's households,
# streetlights, clinics and roads are exported to EPSG:4545 (GeoPackage),
# loaded into a private PostgreSQL cluster and a SpatiaLite file, and the
# peers' queries (peers/, copied from shared/peer-queries) run there; then
# `vinfra coverage` runs per service and for all services at once.  Rows go
# to tests/bench/results/<scale>.tsv and report.py rewrites RESULTS.md from
# every results/*.tsv present.  Never run by the test suite (it takes minutes
# to hours); test-bench-smoke.sh runs a quick village-scale pass.
#
# Environment: BENCH_BUILD (build directory, default <source>/build-bench,
# configured and built when needed), BENCH_WORK (scratch space, default
# /tmp/vinfra-bench; province needs about 6 GB), BENCH_RUNS (timed runs per
# query, default 3; the median is reported), BENCH_PEERS (default
# "postgis spatialite"), BENCH_RESULTS (results folder, default
# tests/bench/results), BENCH_SMOKE=1 (skip slow variants), BENCH_NO_BUILD=1
# (use BENCH_BUILD as it is), BENCH_NO_REPORT=1 (leave RESULTS.md alone),
# BENCH_REUSE=1 (keep the store and peer rows of an earlier run in the same
# session, e.g. a province run, and measure vinfra again only).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=${BENCH_BUILD:-$SRC/build-bench}
WORK=${BENCH_WORK:-/tmp/vinfra-bench}
RUNS=${BENCH_RUNS:-3}
PEERS=${BENCH_PEERS:-postgis spatialite}
RESULTS=${BENCH_RESULTS:-$HERE/results}
SMOKE=${BENCH_SMOKE:-0}
REUSE=${BENCH_REUSE:-0}
# A query whose first run takes longer than this runs once (as the peers did).
SLOW_S=120

case "${1:-county}" in
  all) SCALES="village county province" ;;
  village|county|province) SCALES=$1 ;;
  *) echo "usage: $0 [village|county|province|all]" >&2; exit 2 ;;
esac

BENCH_TAG=bench
. "$HERE/lib-bench.sh"

# ---- result rows ------------------------------------------------------------
# One row per measurement:
# scale workload tool load_s query_s runs rss_mb answer note
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS"; }

# ---- timing helpers ---------------------------------------------------------
# sql_runs KIND DB FILE: runs the query FILE RUNS times in one client session
# (psql \timing or sqlite3 .timer: query time, not client start-up) and sets
# Q_TIMES (seconds, space-separated), Q_ANSWER (the first result row, '|'
# separated) and Q_RSS_MB (PostGIS: the backend's peak RSS, VmHWM, which
# includes the shared buffers it touched and not parallel workers; SpatiaLite:
# the sqlite3 process).  A first run slower than SLOW_S is not repeated.
sql_runs() {
  local kind=$1 db=$2 file=$3 n=$RUNS out=$WORK/query.out t0 first
  Q_TIMES="" Q_ANSWER="" Q_RSS_MB=""
  for ((i = 1; i <= n; i++)); do
    t0=$(now)
    if [ "$kind" = postgis ]; then
      { echo '\timing on'; echo 'SELECT pg_backend_pid() AS pid \gset'; echo '\setenv PGPID :pid'
        cat "$file"; echo '\! grep VmHWM /proc/$PGPID/status'; } |
        psql_db "$db" -A -t -F'|' >"$out" 2>&1 || { cat "$out" >&2; return 1; }
      Q_TIMES+=" $(awk '/^Time: /{ t = $2 / 1000 } END { printf "%.3f", t }' "$out")"
      Q_RSS_MB=$(awk '/^VmHWM/{ printf "%.0f", $2 / 1024 }' "$out")
    else
      { echo '.load mod_spatialite'; echo '.timer on'; cat "$file"; } |
        /usr/bin/time -f '%M' -o "$WORK/rss" sqlite3 -batch "$db" >"$out" 2>&1 ||
        { cat "$out" >&2; return 1; }
      Q_TIMES+=" $(awk '/^Run Time: real/{ t += $4 } END { printf "%.3f", t }' "$out")"
      Q_RSS_MB=$(awk '{ printf "%.0f", $1 / 1024 }' "$WORK/rss")
    fi
    Q_ANSWER=$(grep -v -e '^Time: ' -e '^Run Time:' -e '^VmHWM' -e '^SET$' "$out" | grep . | head -1)
    first=$(echo $Q_TIMES | awk '{ print $1 }')
    if [ "$i" = 1 ] && awk -v t="$first" -v s="$SLOW_S" 'BEGIN { exit !(t > s) }'; then break; fi
  done
  Q_TIMES=$(echo $Q_TIMES)
}

# ---- one scale --------------------------------------------------------------
run_scale() {
  local scale=$1 dir=$WORK/$1 t0
  mkdir -p "$dir"
  ROWS=$dir/results.tsv
  : >"$ROWS"
  local store=$dir/store.sqlite gpkg=$dir/data.gpkg
  if [ "$REUSE" = 1 ] && [ -f "$store" ] && [ -f "$RESULTS/$scale.tsv" ]; then
    # Same store, the peers' rows of the earlier run: measure vinfra again only.
    say "$scale: reusing $store and the peers' rows of $RESULTS/$scale.tsv"
    awk -F'\t' '$3 != "vinfra"' "$RESULTS/$scale.tsv" >"$ROWS"
    run_vinfra "$scale" "$dir"
    cp "$ROWS" "$RESULTS/$scale.tsv"
    return
  fi
  row "$scale" measured peers "" "" "" "" "$(date -u +%Y-%m-%dT%H:%MZ)" "generation, export and peers started"
  say "$scale: generating the store"
  rm -f "$store" "$store-wal" "$store-shm"
  "$VINFRA" init --db "$store" >/dev/null
  t0=$(now)
  /usr/bin/time -f '%M' -o "$WORK/rss" "$GEN" --db "$store" --scale "$scale" >"$dir/gen.out" 2>/dev/null
  local gen_s; gen_s=$(elapsed "$t0")
  row "$scale" gen gen-bench "" "$gen_s" 1 "$(awk '{ printf "%.0f", $1 / 1024 }' "$WORK/rss")" \
    "$(awk -F'\t' '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $1, $2; if ($3 != "") printf " (%s)", $3 }' "$dir/gen.out")" \
    "vinfra init + gen-bench (store API, one transaction)"

  # Export the four layers the peers' queries read, in EPSG:4545.
  say "$scale: exporting to EPSG:4545"
  rm -f "$gpkg"
  t0=$(now)
  local pair update=""
  for pair in households:households streetlights:lights clinics:clinics roads:roads; do
    ogr2ogr -f GPKG $update "$gpkg" "$store" "${pair%%:*}" -nln "${pair#*:}" -select id \
      -t_srs EPSG:4545 -lco SPATIAL_INDEX=NO -lco GEOMETRY_NAME=geom -gt 65536
    update=-update
  done
  row "$scale" export ogr2ogr "" "$(elapsed "$t0")" 1 "" "" "store (EPSG:4490) -> GeoPackage (EPSG:4545), 4 layers"

  # The cluster starts on first need, so a reuse run that measures vinfra only never starts it.
  case " $PEERS " in *" postgis "*)
    [ -z "$PG_OK" ] && { pg_start && PG_OK=1 || PG_OK=0; } ;;
  esac
  local peer
  for peer in $PEERS; do
    case $peer in
      postgis) [ "${PG_OK:-}" = 1 ] && run_postgis "$scale" "$dir" ;;
      spatialite) run_spatialite "$scale" "$dir" ;;
    esac
  done
  run_vinfra "$scale" "$dir"
  cp "$ROWS" "$RESULTS/$scale.tsv"
}

run_postgis() {
  local scale=$1 dir=$2 db=bench_$1 t0 t1 t2
  say "$scale: PostGIS load"
  psql_db postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  psql_db "$db" -c "CREATE EXTENSION postgis" >/dev/null
  t0=$(now)
  ogr2ogr -f PostgreSQL "PG:host=$PGDIR user=postgres dbname=$db" "$dir/data.gpkg" \
    -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=NONE -lco FID=fid --config PG_USE_COPY YES -gt 65536
  local load_s; load_s=$(elapsed "$t0")
  t1=$(now)
  psql_db "$db" -c "CREATE INDEX ON households USING GIST (geom)" -c "CREATE INDEX ON lights USING GIST (geom)" \
    -c "CREATE INDEX ON clinics USING GIST (geom)" -c "CREATE INDEX ON roads USING GIST (geom)" >/dev/null
  local index_s; index_s=$(elapsed "$t1")
  t2=$(now)
  psql_db "$db" -c "VACUUM ANALYZE" >/dev/null
  local analyze_s; analyze_s=$(elapsed "$t2")
  local total; total=$(awk -v a="$load_s" -v b="$index_s" -v c="$analyze_s" 'BEGIN { printf "%.3f", a + b + c }')
  row "$scale" load postgis "$total" "" 1 "" "" "ogr2ogr GPKG->PostgreSQL (COPY) $load_s s + GiST $index_s s + VACUUM ANALYZE $analyze_s s"
  local w
  for w in w1 w2 w3 w4; do
    say "$scale: PostGIS $w"
    sql_runs postgis "$db" "$HERE/peers/pg_$w.sql"
    row "$scale" "$w" postgis "$total" "$(median $Q_TIMES)" "$(join , $Q_TIMES)" "$Q_RSS_MB" "$Q_ANSWER" "peers/pg_$w.sql"
  done
  if [ "$scale" != province ] && [ "$SMOKE" != 1 ]; then
    say "$scale: PostGIS W3 with 256-segment circles (near-exact check)"
    local keep=$RUNS; RUNS=1
    sql_runs postgis "$db" "$HERE/peers/pg_w3_fine.sql"
    RUNS=$keep
    row "$scale" w3 "postgis (256-segment check)" "$total" "$(median $Q_TIMES)" "$Q_TIMES" "$Q_RSS_MB" "$Q_ANSWER" "peers/pg_w3_fine.sql, not a timed peer"
  fi
  psql_db postgres -c "DROP DATABASE $db" >/dev/null
}

run_spatialite() {
  local scale=$1 dir=$2 db=$2/peer.sqlite t0 t1
  say "$scale: SpatiaLite load"
  rm -f "$db"
  t0=$(now)
  ogr2ogr -f SQLite -dsco SPATIALITE=YES "$db" "$dir/data.gpkg" -lco SPATIAL_INDEX=NO \
    -lco GEOMETRY_NAME=geom -gt 65536
  local load_s; load_s=$(elapsed "$t0")
  t1=$(now)
  sqlite3 "$db" ".load mod_spatialite" "SELECT CreateSpatialIndex('households','geom'),
    CreateSpatialIndex('lights','geom'), CreateSpatialIndex('clinics','geom'),
    CreateSpatialIndex('roads','geom'); ANALYZE;" >/dev/null
  local index_s; index_s=$(elapsed "$t1")
  local total; total=$(awk -v a="$load_s" -v b="$index_s" 'BEGIN { printf "%.3f", a + b }')
  row "$scale" load spatialite "$total" "" 1 "" "" "ogr2ogr GPKG->SpatiaLite $load_s s + CreateSpatialIndex (R*Tree) and ANALYZE $index_s s"
  local q
  for q in w1 w1_rtree w2 w3 w3_rtree w4; do
    local tool=spatialite file=$HERE/peers/sl_$q.sql note=peers/sl_$q.sql
    case $q in *_rtree) tool="spatialite (rtree)" ;; esac
    if [ "$SMOKE" = 1 ] && [ "$q" = w3_rtree ]; then continue; fi
    if [ "$q" = w2 ] && [ "$scale" = province ]; then
      # About 18 min for all 2M households (the peers' run timed out at
      # 900 s): the first 100,000 households, and the time scaled by 20.
      file=$HERE/peers/sl_w2_sample.sql tool="spatialite (100k sample)"
      note="peers/sl_w2_sample.sql: 100,000 of 2,000,000 households; whole run extrapolated x20"
      local keep=$RUNS; RUNS=1
      sql_runs spatialite "$db" "$file"
      RUNS=$keep
      row "$scale" w2 "$tool" "$total" "$(median $Q_TIMES)" "$Q_TIMES" "$Q_RSS_MB" "$Q_ANSWER" "$note"
      row "$scale" w2 "spatialite (extrapolated)" "$total" "$(awk -v t="$(median $Q_TIMES)" 'BEGIN { printf "%.1f", t * 20 }')" \
        "" "" "" "20 x the 100k-sample time"
      continue
    fi
    say "$scale: SpatiaLite $q"
    sql_runs spatialite "$db" "$file"
    row "$scale" "${q%_rtree}" "$tool" "$total" "$(median $Q_TIMES)" "$(join , $Q_TIMES)" "$Q_RSS_MB" "$Q_ANSWER" "$note"
  done
}

# vinfra: whole processes, so start-up and loading geometry from the store count.
run_vinfra() {
  local scale=$1 dir=$2 store=$2/store.sqlite
  if ! "$VINFRA" coverage --db "$store" --service streetlight --format json >"$dir/probe.json" 2>"$dir/probe.err"; then
    say "$scale: vinfra coverage is not available: $(head -1 "$dir/probe.err")"
    row "$scale" all vinfra "" "" "" "" "" "not available: $(head -1 "$dir/probe.err")"
    return 0
  fi
  row "$scale" measured vinfra "" "" "" "" "$(date -u +%Y-%m-%dT%H:%MZ)" "vinfra runs started"
  local services; services=$("$VINFRA" coverage --list-services)
  local s
  for s in $services; do
    say "$scale: vinfra coverage --service $s"
    cmd_runs "$dir/vinfra-$s.json" "$VINFRA" coverage --db "$store" --service "$s" --format json
    row "$scale" "service:$s" vinfra "" "$(median $C_TIMES)" "$(join , $C_TIMES)" "$C_RSS_MB" \
      "$(python3 "$HERE/report.py" --answer "$s" "$dir/vinfra-$s.json")" "vinfra coverage --service $s --format json"
  done
  # W2 is the straight-line half of the clinic service alone.
  say "$scale: vinfra coverage --service clinic --by line"
  cmd_runs "$dir/vinfra-clinic-line.json" "$VINFRA" coverage --db "$store" --service clinic --by line --format json
  row "$scale" "service:clinic-line" vinfra "" "$(median $C_TIMES)" "$(join , $C_TIMES)" "$C_RSS_MB" \
    "$(python3 "$HERE/report.py" --answer clinic "$dir/vinfra-clinic-line.json")" "vinfra coverage --service clinic --by line --format json"
  say "$scale: vinfra coverage (all services)"
  cmd_runs "$dir/vinfra-all.json" "$VINFRA" coverage --db "$store" --format json
  row "$scale" all vinfra "" "$(median $C_TIMES)" "$(join , $C_TIMES)" "$C_RSS_MB" "" "vinfra coverage --format json (every service)"
}

machine_info() {
  {
    echo "date	$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "machine	$(. /etc/os-release && echo "$PRETTY_NAME"), $(nproc) cores ($(awk -F': ' '/model name/{ print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/{ printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
    echo "vinfra	$("$VINFRA" --version 2>/dev/null | head -1) ($(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown))"
    echo "postgis	PostgreSQL $(dpkg-query -W -f '${Version}' postgresql-15 2>/dev/null) + PostGIS $(dpkg-query -W -f '${Version}' postgresql-15-postgis-3 2>/dev/null)"
    echo "spatialite	SpatiaLite $(sqlite3 :memory: ".load mod_spatialite" "SELECT spatialite_version()" 2>/dev/null) via sqlite3 $(sqlite3 --version | cut -d' ' -f1) CLI; GEOS $(sqlite3 :memory: ".load mod_spatialite" "SELECT geos_version()" 2>/dev/null)"
    echo "gdal	$(gdalinfo --version 2>/dev/null || ogr2ogr --version)"
  } >"$RESULTS/machine.tsv"
}

# All work happens in main, called on the last line: bash has then read the
# whole file, so editing it during a long run cannot derail the run.
main() {
  build
  PG_OK=""
  for scale in $SCALES; do
    run_scale "$scale"
  done
  machine_info
  pg_stop
  if [ "${BENCH_NO_REPORT:-0}" != 1 ]; then
    python3 "$HERE/report.py" --results "$RESULTS" --out "$HERE/RESULTS.md"
    say "wrote $HERE/RESULTS.md"
  fi
}
main "$@"
exit
