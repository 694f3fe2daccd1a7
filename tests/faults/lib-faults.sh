# tests/faults/lib-faults.sh - shared setup of the fault tests (sourced after
# lib.sh): a base database $BASE with the two villages of
# tests/import/villages.geojson, a generated import file $LIGHTS of $NLIGHTS
# streetlights inside them, and check_db, which verifies a database after a
# fault.
need sqlite3
need python3

# check_db DB: the database opens, passes SQLite's integrity check and its
# foreign key check, and every spatial index agrees with its table.  Prints
# what is wrong and returns 1.  (When 'vinfra check' exists, this is where
# to call it instead.)
# The checks run on a copy (with its journal), because SpatiaLite's
# CheckSpatialIndex() writes to the database it checks.
check_db() {
  local db=$1 out copy="$T/check_db.sqlite"
  rm -f "$copy" "$copy-wal" "$copy-shm"
  cp "$db" "$copy" || return 1
  [ ! -e "$db-wal" ] || cp "$db-wal" "$copy-wal"
  out=$(sqlite3 -cmd ".load mod_spatialite" "$copy" "PRAGMA integrity_check; PRAGMA foreign_key_check;
    SELECT 'spatial index of ' || f_table_name || ': CheckSpatialIndex gave ' || ifnull(CheckSpatialIndex(f_table_name, 'geom'), 'NULL')
      FROM geometry_columns WHERE spatial_index_enabled = 1 AND CheckSpatialIndex(f_table_name, 'geom') IS NOT 1" 2>&1)
  [ "$out" = ok ] || { echo "check_db: $db: $out" >&2; return 1; }
}

# count DB TABLE: its number of rows.
count() { sqlite3 "$1" "SELECT count(*) FROM \"$2\""; }

BASE="$T/base.sqlite"
expect_ok "$VINFRA" init --db "$BASE"
expect_ok "$VINFRA" import "$TESTS_DIR/import/villages.geojson" --layer villages --db "$BASE"

# make_lights FILE N: N streetlights inside 上雷村 as GeoJSON (ids L-00000...).
make_lights() {
  python3 - "$1" "$2" <<'PY'
import json, random, sys
random.seed(6)
feats = [{"type": "Feature", "properties": {"id": f"L-{i:05d}", "status": "built", "watts": 40},
          "geometry": {"type": "Point", "coordinates": [round(109.251 + 0.048 * random.random(), 6),
                                                        round(33.981 + 0.038 * random.random(), 6)]}}
         for i in range(int(sys.argv[2]))]
json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[1], "w"))
PY
}
NLIGHTS=3000
LIGHTS="$T/lights.geojson"  # also lights.geojson from inside $T
make_lights "$LIGHTS" "$NLIGHTS"

# survived DB WHAT: after an import of $LIGHTS into DB was killed, DB passes
# check_db and holds all of that import or none of it (the features and the
# import's record together); vinfra reads it, and importing the file again
# either says it was imported or imports all of it.  Fails the test otherwise.
survived() {
  local db=$1 what=$2 n imports
  check_db "$db" || fail "$what: the database is damaged"
  n=$(count "$db" streetlights)
  imports=$(sqlite3 "$db" "SELECT count(*) FROM imports WHERE layer='streetlights'")
  case "$n/$imports" in
    0/0 | "$NLIGHTS/1") ;;
    *) fail "$what: expected none or all $NLIGHTS streetlights with their import record, got $n features and $imports records" ;;
  esac
  expect_ok "$VINFRA" stats --db "$db" --layer streetlights --lang en
  expect_ok "$VINFRA" import "$LIGHTS" --layer streetlights --db "$db" --lang en
  if [ "$n" = 0 ]; then
    assert_contains "$T/out" "$NLIGHTS written"
  else
    assert_contains "$T/out" "nothing done"
  fi
  assert_eq "$NLIGHTS" "$(count "$db" streetlights)" "$what: streetlights after importing again"
  check_db "$db" || fail "$what: the database is damaged after importing again"
}
