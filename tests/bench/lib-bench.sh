# tests/bench/lib-bench.sh - shell helpers the benchmarks share (run.sh,
# render.sh): messages, wall-clock timing and medians, whole-process runs, and
# building the benchmark's build directory.  Sourced after BENCH_TAG (the
# message prefix), SRC, BUILD, WORK, RESULTS and RUNS are set.

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
