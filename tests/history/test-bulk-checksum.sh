#!/usr/bin/env bash
# The checksum after a bulk import is taken from marks the checksum before
# kept and from the rows hashed as they were written (src/store/spatialite/
# sl-checksum.c), not from a second pass: it must be the very checksum a
# full pass gives.  After each kind of import (a layer that sorts early and
# one that sorts late, one with rows and one without, a file of two layers,
# fids above a gap undo left, a rejected file), the checksum the history
# recorded is the one `vinfra check` computes, and each change starts from
# the checksum the one before ended with.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/history/fixtures.sh"
set -e
need ogr2ogr

# N points in 上雷村 with ids PREFIX0000..., from a seeded script.
points() { seeded_points "$1" "$2" "$3" "$4" 109.258 109.27 34.085 34.1; }

recorded() { sql "$DB" "select checksum_after from history order by id desc limit 1"; }
same_as_full_pass() {
  assert_eq "$(checksum)" "$(recorded)" "$1: the checksum recorded after it"
  assert_eq 0 "$(sql "$DB" "select count(*) from history h join history n on n.id = h.id + 1
    where n.checksum_before <> h.checksum_after")" "$1: each change starts where the one before ended"
}

points "$T/lights.geojson" 600 L 11
expect_ok "$VINFRA" import "$T/lights.geojson" --layer streetlights --village 上雷村
same_as_full_pass "600 lights beside the demo's"

points "$T/clinics.geojson" 300 C 12
expect_ok "$VINFRA" import "$T/clinics.geojson" --layer clinics --village 上雷村
same_as_full_pass "300 clinics, a layer that sorts early"

# A layer the demo leaves empty.
empty=$(sql "$DB" "select name from sqlite_master where type = 'table' and name in
  ('trees', 'toilets', 'garbage_pools', 'industry') order by name limit 1")
if [ -n "$empty" ] && [ "$(sql "$DB" "select count(*) from \"$empty\"")" = 0 ]; then
  points "$T/empty.geojson" 300 E 13
  expect_ok "$VINFRA" import "$T/empty.geojson" --layer "$empty" --village 上雷村
  same_as_full_pass "300 features into $empty, empty before"
fi

# Undo leaves a gap of fids the log keeps from reuse: the next import's rows
# start above it.
expect_ok "$VINFRA" undo
points "$T/again.geojson" 500 A 14
expect_ok "$VINFRA" import "$T/again.geojson" --layer clinics --village 上雷村
same_as_full_pass "500 clinics above the fids of an undone import"

# One file, two layers, one change.
points "$T/tanks.geojson" 300 T 15
points "$T/more-lights.geojson" 300 M 16
ogr2ogr -f GPKG "$T/two.gpkg" "$T/tanks.geojson" -nln water_tanks
ogr2ogr -f GPKG -update "$T/two.gpkg" "$T/more-lights.geojson" -nln streetlights
expect_ok "$VINFRA" import "$T/two.gpkg" --village 上雷村
assert_eq "water_tanks,streetlights" "$(sql "$DB" "select layer from history order by id desc limit 1")" \
  "the layers of the two-layer import"
same_as_full_pass "a GeoPackage of tanks and lights"

# A file rejected at its last feature, after the writer wrote the others,
# changes nothing, and the next import is still right.
sum=$(sha "$DB")
points "$T/dup.geojson" 300 D 11
python3 - "$T/dup.geojson" <<'PY'
import json, sys
fc = json.load(open(sys.argv[1]))
fc["features"][-1]["properties"]["id"] = "L0000"
json.dump(fc, open(sys.argv[1], "w"))
PY
expect_fail 1 "vinfra: error: cannot import '$T/dup.geojson': feature 300 (id \"L0000\"): field \"id\": expected a unique id, got \"L0000\" (layer streetlights already has it)" \
  "$VINFRA" import "$T/dup.geojson" --layer streetlights --village 上雷村
assert_eq "$sum" "$(sha "$DB")" "database after a rejected import"
points "$T/last.geojson" 300 Z 17
expect_ok "$VINFRA" import "$T/last.geojson" --layer streetlights --village 上雷村
same_as_full_pass "300 lights after a rejected import"
