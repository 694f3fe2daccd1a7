#!/usr/bin/env bash
# What a run killed with -9 left beside its output (an export's work folder
# .vinfra-export-XXXXXX, an atlas's or map's .NAME.vinfra-XXXXXX) is removed
# by the next run writing into the same folder; an entry a living process
# holds locked stays, and so does anything whose name only looks alike or
# that lacks the work folder's marker.  (The kill itself, at every write of
# an export: test-kill-export.sh.)
. "$TESTS_DIR/lib.sh"
need flock
demo_db "$T/demo"
export VINFRA_DB=$T/demo/demo.sqlite
W=$T/w
mkdir "$W"

# Stale: unlocked, with the marker (and the personal rows a kill left).
mkdir -m 700 "$W/.vinfra-export-AAAAAA" "$W/.vinfra-export-AAAAAA/package"
: >"$W/.vinfra-export-AAAAAA/.vinfra-work"
echo 'HH-1,张三,610122198304113404' >"$W/.vinfra-export-AAAAAA/package/households.csv"
mkdir "$W/.vinfra-export-BBBBBB" # killed before it held anything
# Not provably ours: no marker, or another name.
mkdir "$W/.vinfra-export-CCCCCC"
echo mine >"$W/.vinfra-export-CCCCCC/mine.txt"
mkdir "$W/.vinfra-export-old"
echo mine >"$W/.vinfra-export-old/mine.txt"
# Alive: locked by a process at work (flock holds it while the export runs).
mkdir "$W/.vinfra-export-DDDDDD"
: >"$W/.vinfra-export-DDDDDD/.vinfra-work"
expect_ok flock "$W/.vinfra-export-DDDDDD" "$VINFRA" export --profile transport --out "$W/pkg"
assert_eq ".vinfra-export-CCCCCC .vinfra-export-DDDDDD .vinfra-export-old pkg" "$(ls -A "$W" | tr '\n' ' ' | sed 's/ $//')" \
  "after the export: the stale work folders gone, the others kept"
assert_eq mine "$(cat "$W/.vinfra-export-CCCCCC/mine.txt")" "a folder without the marker"
# Released, it is stale: the next export removes it.
expect_ok "$VINFRA" export --profile transport --out "$W/pkg"
assert_eq ".vinfra-export-CCCCCC .vinfra-export-old pkg" "$(ls -A "$W" | tr '\n' ' ' | sed 's/ $//')" "after the next export"

# The atlas (and every map: render/page.c) the same, for its temporary file.
A=$T/a
mkdir "$A"
echo 'half an atlas' >"$A/.atlas.pdf.vinfra-EEEEEE"
echo 'my backup' >"$A/.atlas.pdf.backup"
echo 'held' >"$A/.atlas.pdf.vinfra-FFFFFF"
expect_ok flock "$A/.atlas.pdf.vinfra-FFFFFF" "$VINFRA" atlas --out "$A/atlas.pdf"
assert_eq ".atlas.pdf.backup .atlas.pdf.vinfra-FFFFFF atlas.pdf" "$(ls -A "$A" | tr '\n' ' ' | sed 's/ $//')" \
  "after the atlas: the stale temporary file gone, the others kept"
expect_ok "$VINFRA" render --map overview --out "$A/atlas.pdf"
assert_eq ".atlas.pdf.backup atlas.pdf" "$(ls -A "$A" | tr '\n' ' ' | sed 's/ $//')" "after a map of the same name"
echo ok
