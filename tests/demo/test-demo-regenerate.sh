#!/usr/bin/env bash
# The committed demo dataset (data/demo/) is exactly what its seeded
# generator writes: regenerate it into a temporary directory and compare
# byte for byte, both ways (no file missing from the repository, no stale
# file left in it).  Usage (from meson): test-demo-regenerate.sh GEN-DEMO
. "$TESTS_DIR/lib.sh"
set -e
GEN=${1:?usage: test-demo-regenerate.sh GEN-DEMO}
DEMO="$VINFRA_SRCDIR/data/demo"

expect_fail 2 'usage: gen-demo [DIR]' "$GEN" "$T/a" "$T/b"
expect_fail 2 'usage: gen-demo [DIR]' "$GEN" --help

# The generator checks its own figures and rules before writing; it says
# what it measured, on the rounded coordinates.
expect_ok "$GEN" "$T/demo"
assert_contains "$T/out" "roads built 33600.0 m, pipes built 5000.0 m"

n=0
for f in "$T"/demo/*; do
  name=$(basename "$f")
  [ -f "$DEMO/$name" ] || fail "gen-demo writes $name, which data/demo/ lacks (regenerate and commit it)"
  cmp -s "$f" "$DEMO/$name" || fail "data/demo/$name is not what gen-demo writes (run build/data/demo/gen-demo and commit)"
  n=$((n + 1))
done
for f in "$DEMO"/*; do
  name=$(basename "$f")
  case $name in gen-demo.c | meson.build) continue ;; esac
  [ -f "$T/demo/$name" ] || fail "data/demo/$name is not written by gen-demo: a stale file?"
done
# manifest, ledger, 18 layers and the DEM
assert_eq 21 "$n" "files written"

# Every file the manifest lists exists, each layer of data/layers.tsv once.
layers=$(grep -v '^#' "$VINFRA_DATADIR/layers.tsv" | tail -n +2 | cut -f1 | sort)
listed=$(grep -v '^#' "$DEMO/manifest.tsv" | tail -n +2 | cut -f2 | grep -vx ledger | sort)
assert_eq "$layers" "$listed" "layers in the manifest"
grep -v '^#' "$DEMO/manifest.tsv" | tail -n +2 | cut -f1 | while read -r file; do
  [ -f "$DEMO/$file" ] || fail "manifest lists $file, which data/demo/ lacks"
done
