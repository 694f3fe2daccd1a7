#!/usr/bin/env bash
# A bulk import defers SpatiaLite's per-row triggers (src/store/spatialite/
# sl-bulk.c): afterwards the layer has the very same triggers, its R*Tree
# holds one right box per feature, SpatiaLite's own index check and SQLite's
# rtreecheck() pass, and the triggers keep working for the edits and undo
# that follow.  The index is rebuilt at once (sl-rtree.c) for an empty
# layer, rebuilt with what it held for a large import into a small layer,
# and added to one box at a time for a small import into a large one;
# window queries through it find what a scan of the geometries finds.  A
# rejected import leaves the triggers as they were.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
set -e

triggers() { sqlite3 "$1" "select name || ': ' || sql from sqlite_master where type='trigger' and tbl_name='$2' order by name"; }
before_roads=$(triggers "$DB" roads)
before_lights=$(triggers "$DB" streetlights)
[ "$(echo "$before_lights" | grep -c '^g[gi]i_\|^tmi_')" = 3 ] || fail "fixture: streetlights lacks its triggers"

# Lights in the two villages, from a seeded script: N of them, ids PREFIX000...
lights() { seeded_points "$1" "$2" "$3" "$4" 109.262 109.276 34.001 34.009; }
# The index of the lights, checked three ways.
check_index() {
  assert_eq "$1|$1|0" "$(sql "$DB" "select (select count(*) from streetlights),
    (select count(*) from idx_streetlights_geom),
    (select count(*) from streetlights s left join idx_streetlights_geom i on i.pkid = s.fid
     where i.pkid is null or X(s.geom) < i.xmin or X(s.geom) > i.xmax or Y(s.geom) < i.ymin or Y(s.geom) > i.ymax)")" \
    "$2: one right box per light"
  assert_eq 1 "$(sql "$DB" "select CheckSpatialIndex('streetlights', 'geom')")" "$2: SpatiaLite's index check"
  assert_eq ok "$(sql "$DB" "select rtreecheck('idx_streetlights_geom')")" "$2: rtreecheck"
  # Three windows: what the index finds is what a scan finds.
  for w in "109.263 109.266 34.002 34.004" "109.27 109.2755 34.0055 34.0089" "109.2 109.3 34.0 34.01"; do
    set -- $w
    assert_eq "$(sql "$DB" "select group_concat(id) from (select id from streetlights
        where X(geom) between $1 and $2 and Y(geom) between $3 and $4 order by id)")" \
      "$(sql "$DB" "select group_concat(id) from (select id from streetlights where fid in
        (select pkid from idx_streetlights_geom where xmax >= $1 and xmin <= $2 and ymax >= $3 and ymin <= $4)
        and X(geom) between $1 and $2 and Y(geom) between $3 and $4 order by id)")" \
      "lights in window $w through the index"
  done
}

lights "$T/lights.geojson" 300 L 4545
expect_ok "$VINFRA" import "$T/lights.geojson" --layer streetlights --village 上雷村
assert_eq "$before_lights" "$(triggers "$DB" streetlights)" "streetlights triggers after a bulk import"
check_index 300 "300 lights into an empty layer"
[ -n "$(sql "$DB" "select last_insert from geometry_columns_time where f_table_name = 'streetlights'")" ] ||
  fail "the time of the last insert is not set"
expect_ok "$VINFRA" check

# 3000 more: rebuilt with the 300 it held, three levels deep (51 boxes a node).
lights "$T/more.geojson" 3000 M 4546
expect_ok "$VINFRA" import "$T/more.geojson" --layer streetlights --village 上雷村
check_index 3300 "3000 lights beside 300"
assert_eq 2 "$(sql "$DB" "select rtreedepth(data) from idx_streetlights_geom_node where nodeno = 1")" \
  "depth of the rebuilt tree"
# 40 more: one box at a time into the tree as it is.
lights "$T/few.geojson" 40 F 4547
expect_ok "$VINFRA" import "$T/few.geojson" --layer streetlights --village 上雷村
check_index 3340 "40 lights beside 3300"
expect_ok "$VINFRA" check

# The triggers work again: a delete takes the box out, and undo of each
# import takes every box of it out.
expect_ok "$VINFRA" delete streetlights L0007
assert_eq 3339 "$(sql "$DB" "select count(*) from idx_streetlights_geom")" "boxes after a delete"
expect_ok "$VINFRA" undo
expect_ok "$VINFRA" undo
check_index 3300 "after undoing the 40"
expect_ok "$VINFRA" undo
expect_ok "$VINFRA" undo
assert_eq "0|0" "$(sql "$DB" "select (select count(*) from streetlights), (select count(*) from idx_streetlights_geom)")" \
  "boxes after undoing the imports"

# A rejected import (a bad feature after good ones) leaves the triggers as they were.
python3 - "$T/bad.geojson" <<'PY'
import json, sys
feats = [{"type": "Feature", "properties": {"id": "R%d" % i, "status": "new"},
          "geometry": {"type": "LineString", "coordinates": [[109.265, 34.002 + i * 1e-4], [109.27, 34.003 + i * 1e-4]]}}
         for i in range(5)]
feats.append({"type": "Feature", "properties": {"id": "R3", "status": "new"},
              "geometry": {"type": "LineString", "coordinates": [[109.265, 34.002], [109.27, 34.003]]}})
json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[1], "w"))
PY
sum=$(sha "$DB")
expect_fail 1 "vinfra: error: cannot import '$T/bad.geojson': feature 6 (id \"R3\"): field \"id\": expected a unique id, got \"R3\" (feature 4 has it too)" "$VINFRA" import "$T/bad.geojson" --layer roads --village 上雷村
assert_eq "$sum" "$(sha "$DB")" "database after a rejected import"
assert_eq "$before_roads" "$(triggers "$DB" roads)" "roads triggers after a rejected import"
