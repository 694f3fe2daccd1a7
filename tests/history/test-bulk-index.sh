#!/usr/bin/env bash
# A bulk import defers SpatiaLite's per-row triggers (src/store/spatialite/
# sl-bulk.c): afterwards the layer has the very same triggers, its R*Tree
# holds one right box per feature, SpatiaLite's own index check passes, and
# the triggers keep working for the edits and undo that follow.  A rejected
# import leaves the triggers as they were.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
set -e

triggers() { sqlite3 "$1" "select name || ': ' || sql from sqlite_master where type='trigger' and tbl_name='$2' order by name"; }
before_roads=$(triggers "$DB" roads)
before_lights=$(triggers "$DB" streetlights)
[ "$(echo "$before_lights" | grep -c '^g[gi]i_\|^tmi_')" = 3 ] || fail "fixture: streetlights lacks its triggers"

# 300 lights in the two villages, from a seeded script.
python3 - "$T/lights.geojson" <<'PY'
import json, random, sys
r = random.Random(4545)
feats = [{"type": "Feature", "properties": {"id": "L%03d" % i, "status": "built"},
          "geometry": {"type": "Point", "coordinates": [round(r.uniform(109.262, 109.276), 7),
                                                        round(r.uniform(34.001, 34.009), 7)]}}
         for i in range(300)]
json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[1], "w"))
PY
expect_ok "$VINFRA" import "$T/lights.geojson" --layer streetlights --village 上雷村
assert_eq "$before_lights" "$(triggers "$DB" streetlights)" "streetlights triggers after a bulk import"
assert_eq "300|300|0" "$(sql "$DB" "select (select count(*) from streetlights),
  (select count(*) from idx_streetlights_geom),
  (select count(*) from streetlights s left join idx_streetlights_geom i on i.pkid = s.fid
   where i.pkid is null or X(s.geom) < i.xmin or X(s.geom) > i.xmax or Y(s.geom) < i.ymin or Y(s.geom) > i.ymax)")" \
  "one right box per light"
assert_eq 1 "$(sql "$DB" "select CheckSpatialIndex('streetlights', 'geom')")" "SpatiaLite's index check"
[ -n "$(sql "$DB" "select last_insert from geometry_columns_time where f_table_name = 'streetlights'")" ] ||
  fail "the time of the last insert is not set"
expect_ok "$VINFRA" check

# The triggers work again: an edit moves nothing here, a delete takes the box
# out, and undo of the import takes every box out.
expect_ok "$VINFRA" delete streetlights L007
assert_eq 299 "$(sql "$DB" "select count(*) from idx_streetlights_geom")" "boxes after a delete"
expect_ok "$VINFRA" undo
expect_ok "$VINFRA" undo
assert_eq "0|0" "$(sql "$DB" "select (select count(*) from streetlights), (select count(*) from idx_streetlights_geom)")" \
  "boxes after undoing the import"

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
