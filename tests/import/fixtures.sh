# tests/import/fixtures.sh - shared setup of the import tests (sourced after
# lib.sh): $FIX (the committed source fixtures), a database $DB holding the two
# villages of villages.geojson, and helpers to build reference data with GDAL.
FIX="$TESTS_DIR/import"
DB="$T/base.sqlite"
export VINFRA_DB="$DB"
need ogr2ogr
need sqlite3
expect_ok "$VINFRA" init --db "$DB"
expect_ok "$VINFRA" import "$FIX/villages.geojson" --layer villages --db "$DB"

# fresh NAME: a copy of the base database at $T/NAME.sqlite, printed.
fresh() { cp "$DB" "$T/$1.sqlite"; echo "$T/$1.sqlite"; }

# ref_length SRC [LAYER] [OGR2OGR OPTIONS]: geodesic length (m, 3 decimals) of a source's lines
# in CGCS2000, measured by GDAL and SpatiaLite without vinfra.
ref_length() {
  rm -f "$T/ref.sqlite"
  ogr2ogr -f SQLite -dsco SPATIALITE=YES -t_srs EPSG:4490 "$T/ref.sqlite" "$@" 2>/dev/null ||
    fail "fixture: ogr2ogr cannot convert $1"
  local table
  table=$(sqlite3 "$T/ref.sqlite" "select f_table_name from geometry_columns limit 1")
  sql "$T/ref.sqlite" "select printf('%.3f', sum(GeodesicLength(geometry))) from \"$table\""
}

# db_length DB LAYER: the same measure on a vinfra layer.
db_length() { sql "$1" "select printf('%.3f', sum(GeodesicLength(geom))) from \"$2\""; }
