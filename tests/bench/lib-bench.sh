# tests/bench/lib-bench.sh - shell helpers the benchmarks share (run.sh,
# render.sh, import.sh, pgstore.sh): messages, wall-clock timing and
# medians, whole-process runs, building the benchmark's build directory, and
# a private PostgreSQL cluster.  Sourced after BENCH_TAG (the message
# prefix), SRC, BUILD, WORK, RESULTS and RUNS are set.

say() { echo "$BENCH_TAG: $*" >&2; }
die() { echo "$BENCH_TAG: error: $*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
# median of the arguments (the lower middle for an even count)
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
join() { local IFS=$1; shift; echo "$*"; }

VINFRA=$BUILD/src/vinfra
GEN=$BUILD/tests/bench/gen-bench
build() {
  mkdir -p "$WORK" "$RESULTS"
  if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
    if [ ! -f "$BUILD/build.ninja" ]; then
      meson setup "$BUILD" "$SRC" >/dev/null || die "cannot configure '$BUILD'"
    fi
    ninja -C "$BUILD" >/dev/null || die "cannot build '$BUILD'"
  fi
  [ -x "$GEN" ] || die "no generator at '$GEN'"
}

# cmd_runs OUT CMD...: runs a whole process RUNS times; sets C_TIMES (wall
# seconds), C_CPU (user + system CPU seconds of each run: on a shared
# machine, what the wall clock would be without the others' load, for a
# single-threaded tool) and C_RSS_MB (the largest peak RSS), all from
# /usr/bin/time; keeps the last stdout in OUT.
cmd_runs() {
  local out=$1; shift
  C_TIMES="" C_CPU="" C_RSS_MB=0
  for ((i = 1; i <= RUNS; i++)); do
    local t0; t0=$(now)
    /usr/bin/time -f '%M %U %S' -o "$WORK/rss" "$@" >"$out" 2>"$WORK/cmd.err" ||
      { cat "$WORK/cmd.err" >&2; return 1; }
    C_TIMES+=" $(elapsed "$t0")"
    C_CPU+=" $(awk '{ printf "%.2f", $2 + $3 }' "$WORK/rss")"
    C_RSS_MB=$(awk -v m="$C_RSS_MB" '{ r = $1 / 1024; printf "%.0f", (r > m ? r : m) }' "$WORK/rss")
  done
  C_TIMES=$(echo $C_TIMES)
  C_CPU=$(echo $C_CPU)
}

# A private PostgreSQL cluster on a unix socket in $WORK/pg, with the peers'
# settings; pg_start returns 1 (after saying why) when PostgreSQL 15 or
# PostGIS is not installed.  pg_store_name DB is the name vinfra opens.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDIR=$WORK/pg
pg_as() { # run a command as the cluster's owner
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; else "$@"; fi
}
pg_start() {
  [ -x "$PGBIN/initdb" ] || { say "PostgreSQL 15 not found in $PGBIN: PostGIS skipped"; return 1; }
  [ -n "$(ls /usr/share/postgresql/15/extension/postgis.control 2>/dev/null)" ] ||
    { say "postgresql-15-postgis-3 not installed: PostGIS skipped"; return 1; }
  rm -rf "$PGDIR"
  mkdir -p "$PGDIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PGDIR" && chmod 755 "$WORK"
  pg_as "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres >"$WORK/initdb.log" 2>&1 ||
    die "initdb failed: see $WORK/initdb.log"
  # The peers' settings (shared/peer-queries/RESULTS-2026-11-28.md).
  pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -o "-k $PGDIR -c listen_addresses='' \
-c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=1GB -c effective_cache_size=16GB \
-c random_page_cost=1.1 -c max_parallel_workers_per_gather=2" start >/dev/null ||
    die "cannot start PostgreSQL: see $PGDIR/log"
  PG_STARTED=1
}
pg_stop() {
  if [ "${PG_STARTED:-0}" = 1 ]; then
    pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || true
    PG_STARTED=0
  fi
}
trap pg_stop EXIT
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -U postgres -d "$@"; }
pg_store_name() { echo "postgresql:///$1?host=$PGDIR&user=postgres"; }
