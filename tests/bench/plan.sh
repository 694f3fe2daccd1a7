#!/usr/bin/env bash
# tests/bench/plan.sh - `vinfra plan` at county scale: 10 new clinics along
# the roads (the clinic rule's 3 km by road) on gen-bench's synthetic county
# store, greedy only and with the exact search (branch and bound within its
# node and time limits), whole processes timed.
#
#   tests/bench/plan.sh [village|county]     (default: county)
#
# Each variant runs RUNS times (default 3; the median is reported); its
# answer (the plan's people, the greedy's, the proven bound, whether the
# optimum was proven, the search's nodes) must be the same in every run.
# Rows go to tests/bench/results/plan.tsv; report.py adds them to
# RESULTS.md.  No peer: neither PostGIS nor SpatiaLite plans sites; what
# they would have to compute per candidate (the households within 3 km
# along the roads) is the coverage benchmark's W2 by road.  Environment as
# run.sh (BENCH_BUILD, BENCH_WORK, BENCH_RUNS, BENCH_RESULTS,
# BENCH_NO_BUILD, BENCH_NO_REPORT).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=${BENCH_BUILD:-$SRC/build-bench}
WORK=${BENCH_WORK:-/tmp/vinfra-bench}/plan
RUNS=${BENCH_RUNS:-3}
RESULTS=${BENCH_RESULTS:-$HERE/results}
SCALE=${1:-county}
ADD=${BENCH_PLAN_ADD:-10}
case $SCALE in village|county) ;; *) echo "usage: $0 [village|county]" >&2; exit 2 ;; esac
BENCH_TAG=bench-plan
. "$HERE/lib-bench.sh"

build
load=$(cut -d' ' -f1-3 /proc/loadavg)
rm -rf "$WORK"
mkdir -p "$WORK"
ROWS=$WORK/plan.tsv
: >"$ROWS"
# scale variant wall_s runs cpu_s rss_mb plan greedy bound optimal nodes candidates
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS"; }

DB=$WORK/store.sqlite
say "$SCALE: generating the store"
"$VINFRA" init --db "$DB" >/dev/null
"$GEN" --db "$DB" --scale "$SCALE" >"$WORK/gen.out" 2>/dev/null

answer() { # JSON: plan greedy bound optimal nodes candidates
  python3 -c "
import json, sys
p = json.load(open(sys.argv[1]))
o = p['optimality']
print(o['plan_value'], o['greedy_value'], o['upper_bound'], str(o['optimal']).lower(), o['nodes'], p['candidates'])" "$1"
}

for variant in greedy exact; do
  extra=()
  [ $variant = greedy ] && extra=(--greedy)
  say "$SCALE: plan --service clinic --add $ADD --by road ${extra[*]:-}"
  times="" cpus="" rss=0 first=""
  for ((run = 1; run <= RUNS; run++)); do
    RUNS=1 cmd_runs "$WORK/$variant.json" "$VINFRA" plan --db "$DB" --service clinic --add "$ADD" \
      --by road --format json "${extra[@]}"
    times+=" $C_TIMES" cpus+=" $C_CPU"
    [ "$C_RSS_MB" -gt "$rss" ] && rss=$C_RSS_MB
    a=$(answer "$WORK/$variant.json")
    # The search's limits are in nodes and seconds: a run that stopped at the
    # time limit may differ in nodes, so only the plan and the greedy must agree.
    [ -z "$first" ] && first=$a
    [ "$(cut -d' ' -f1,2 <<<"$a")" = "$(cut -d' ' -f1,2 <<<"$first")" ] ||
      die "$variant: run $run answered '$a', run 1 '$first'"
  done
  read -r plan greedy bound optimal nodes candidates <<<"$first"
  row "$SCALE" "$variant" "$(median $times)" "$(join , $times)" "$(median $cpus)" "$rss" \
    "$plan" "$greedy" "$bound" "$optimal" "$nodes" "$candidates"
done

data=$(awk -F'\t' '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $1, $2 }' "$WORK/gen.out")
{
  printf 'date\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)"
  printf 'vinfra\t%s (%s)\n' "$("$VINFRA" --version 2>/dev/null | head -1)" "$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  printf 'data\t%s\n' "$data"
  printf 'load\t%s\n' "$load"
  printf 'add\t%s\n' "$ADD"
} >"$WORK/plan-meta.tsv"
cp "$ROWS" "$RESULTS/plan.tsv"
cp "$WORK/plan-meta.tsv" "$RESULTS/plan-meta.tsv"
say "done: $(cut -f2,3,7-11 "$ROWS" | tr '\n' ';')"
if [ "${BENCH_NO_REPORT:-0}" != 1 ]; then
  python3 "$HERE/report.py" --results "$RESULTS" --out "$HERE/RESULTS.md"
fi
