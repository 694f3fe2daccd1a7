#!/usr/bin/env bash
# Kill -9 at random moments of an import: each time the database passes its
# checks and holds all of the import or none of it.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/faults/lib-faults.sh"

# How long a whole import takes here, in milliseconds, so that the kills
# fall throughout it (and a few after it).
cp "$BASE" "$T/time.sqlite"
start=$(date +%s%N)
expect_ok "$VINFRA" import "$LIGHTS" --layer streetlights --db "$T/time.sqlite"
span=$(( ($(date +%s%N) - start) / 1000000 + 50 ))

RANDOM=${VINFRA_FAULT_SEED:-6}
kills=0 before=0
for i in $(seq 1 25); do
  db="$T/r.sqlite"
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$BASE" "$db"
  ms=$((RANDOM % span))
  "$VINFRA" import "$LIGHTS" --layer streetlights --db "$db" >"$T/out" 2>"$T/err" &
  pid=$!
  sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
  kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
  rc=0
  wait "$pid" || rc=$?
  [ "$rc" -eq 137 ] || [ "$rc" -eq 0 ] || { cat "$T/err" >&2; fail "after ${ms} ms: exit $rc"; }
  [ "$rc" -eq 0 ] && before=$((before + 1))
  survived "$db" "killed after $ms ms"
done
echo "killed at random moments: $kills kills ($before runs had finished first), all survived"
