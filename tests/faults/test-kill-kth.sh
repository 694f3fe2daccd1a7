#!/usr/bin/env bash
# Kill -9 at the k-th write or fsync of an import (tests/faults/killshim.c),
# for k spread over every write the import makes: each time the database
# passes its checks and holds all of the import or none of it.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/faults/lib-faults.sh"
SHIM=${1:?usage: test-kill-kth.sh KILLSHIM.so}
[ -f "$SHIM" ] || fail "no kill shim at $SHIM"

# How many writes a whole import makes.
cp "$BASE" "$T/count.sqlite"
LD_PRELOAD=$SHIM VINFRA_KILL_COUNT="$T/calls" expect_ok "$VINFRA" import "$LIGHTS" --layer streetlights --db "$T/count.sqlite"
total=$(cat "$T/calls")
[ "$total" -gt 50 ] || fail "the shim counted only $total writes: is it preloaded?"

# 40 points spread evenly over 1..total, and the last few (the commit and
# the checkpoint at close) each.
ks=$(python3 -c "import sys; t=int(sys.argv[1]); print(' '.join(str(v) for v in sorted({1 + i * (t - 1) // 39 for i in range(40)} | set(range(t - 4, t + 1)))))" "$total")
kills=0
for k in $ks; do
  db="$T/k.sqlite"
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$BASE" "$db"
  run env LD_PRELOAD="$SHIM" VINFRA_KILL_AT="$k" "$VINFRA" import "$LIGHTS" --layer streetlights --db "$db"
  [ "$RC" -eq 137 ] || { cat "$T/err" >&2; fail "write $k of $total: expected the import to be killed (exit 137), got exit $RC"; }
  kills=$((kills + 1))
  survived "$db" "killed at write $k of $total"
done
echo "killed at the k-th write: $kills kills over $total writes, all survived"
