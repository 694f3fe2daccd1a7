#!/usr/bin/env bash
# The committed demo dataset (data/demo/) is exactly what its seeded
# generator writes: regenerate it into a temporary directory and compare
# byte for byte, both ways (no file missing from the repository, no stale
# file left in it).  Usage (from meson): test-demo-regenerate.sh GEN-DEMO
. "$TESTS_DIR/lib.sh"
set -e
GEN=${1:?usage: test-demo-regenerate.sh GEN-DEMO}
DEMO="$VINFRA_SRCDIR/data/demo"

# gen-demo is a developer's tool, in English only: no Chinese run.
EXPECT_FAIL_ONCE=1 expect_fail 2 'usage: gen-demo [DIR]' "$GEN" "$T/a" "$T/b"
EXPECT_FAIL_ONCE=1 expect_fail 2 'usage: gen-demo [DIR]' "$GEN" --help

# The generator checks its own figures and rules before writing; it says
# what it measured, on the rounded coordinates.
expect_ok "$GEN" "$T/demo"
assert_contains "$T/out" "roads built 33600.0 m, pipes built 5000.0 m"

n=0
for f in "$T"/demo/*; do
  name=$(basename "$f")
  [ -f "$DEMO/$name" ] || fail "gen-demo writes $name, which data/demo/ lacks (regenerate and commit it)"
  cmp -s "$f" "$DEMO/$name" || fail "data/demo/$name is not what gen-demo writes (run build/tools/gen-demo/gen-demo and commit)"
  n=$((n + 1))
done
for f in "$DEMO"/*; do
  name=$(basename "$f")
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

# The generator reads the registry and the coverage rules (VINFRA_DATADIR):
# a layer it does not fill, a value or type the registry does not allow, a
# rule the map does not keep stop it before it writes anything.
refused() { # FILE SED-SCRIPT 'exact error': gen-demo on a copy of data/ with FILE edited
  rm -rf "$T/data"
  cp -r "$VINFRA_DATADIR" "$T/data"
  sed -i "$2" "$T/data/$1"
  VINFRA_DATADIR=$T/data EXPECT_FAIL_ONCE=1 expect_fail 1 "gen-demo: error: $3" "$GEN" "$T/bad"
  [ ! -e "$T/bad" ] || fail "gen-demo wrote $T/bad although $1 was wrong"
}
refused layers.tsv '$a wells\t水井\twells\tpoint\twater\tbuilt,existing\t\t\twater_tank' \
  "layer 'wells' of data/layers.tsv: the demo has no features for it (add it to gen-demo's layers)"
# (A value without words in data/vocabulary.tsv: the registry refuses a
# vocabulary row for a value no longer allowed before gen-demo checks.)
refused attributes.tsv 's/^schools\ttype\t\(.*\)classroom,schoolroom/schools\ttype\t\1classroom/' \
  "schools SC-甘坪-002: 'schoolroom' is not an allowed type in data/attributes.tsv"
refused attributes.tsv 's/^\(bridges\tlength\t.*\t\)real\t/\1integer\t/' \
  "bridges BR-上雷-001: attribute 'length' is integer in data/attributes.tsv"
refused rules.tsv 's/^\(clinic\t.*\tline\t.*\)\t2000\t/\1\t1500\t/' \
  "马家坪村: wrong share of households more than 1.5 km from a clinic"
