#!/usr/bin/env bash
# Coordinate reference systems: files in EPSG:4326 and EPSG:4545 land where
# cs2cs puts them (to 1e-8 degrees), --src-crs overrides a file's CRS, and
# GCJ-02 / BD-09 phone-map coordinates come back to within 0.5 m.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
need cs2cs
need ogrinfo
need python3

# Six water tanks spread over both villages, in WGS84.
python3 - "$T/tanks.geojson" <<'PY'
import json, sys
pts = [(109.2534567, 33.9876543), (109.2712345, 34.0012345), (109.2987654, 34.0198765),
       (109.3012345, 33.9812345), (109.3287654, 34.0098765), (109.3498765, 34.0001234)]
feats = [{"type": "Feature", "properties": {"id": f"T-{i+1}", "status": "built", "capacity": 50 + i},
          "geometry": {"type": "Point", "coordinates": [x, y]}} for i, (x, y) in enumerate(pts)]
json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[1], "w"))
PY

# stored DB: "id lon lat" of every water tank, to 12 decimals.
stored() { sql "$1" "select id || ' ' || printf('%.12f %.12f', X(geom), Y(geom)) from water_tanks order by id"; }
# source_points FILE: "id x y" as the file holds them.
source_points() {
  ogrinfo -q -al "$1" | awk '/ id \(String\)/ { id = $NF } /POINT/ { gsub(/[()]/, ""); print id, $2, $3 }'
}
# within EXPECTED GOT TOL: both "id lon lat" lists of the six tanks, equal to TOL degrees.
within() {
  paste -d' ' "$1" "$2" | awk -v tol="$3" '
    { n++; if ($1 != $4) { print "id " $1 " vs " $4; bad = 1 }
      dx = $2 - $5; dy = $3 - $6; if (dx < 0) dx = -dx; if (dy < 0) dy = -dy
      if (dx > tol || dy > tol) { print $1 ": " $5 " " $6 " vs expected " $2 " " $3; bad = 1 } }
    END { exit bad || n != 6 }'
}
# compare_within EXPECTED GOT TOL WHAT: as within, failing the test otherwise.
compare_within() { within "$1" "$2" "$3" >&2 || fail "$4: positions differ by more than $3 degrees"; }

# EPSG:4326 declared in a GeoPackage.
ogr2ogr -f GPKG -a_srs EPSG:4326 "$T/tanks4326.gpkg" "$T/tanks.geojson"
db=$(fresh t4326)
expect_ok "$VINFRA" import "$T/tanks4326.gpkg" --layer water_tanks --db "$db"
source_points "$T/tanks4326.gpkg" | while read -r id x y; do
  echo "$y $x" | cs2cs -d 12 EPSG:4326 EPSG:4490 | awk -v id="$id" '{ print id, $2, $1 }'
done > "$T/want4326"
stored "$db" > "$T/got4326"
compare_within "$T/want4326" "$T/got4326" 1e-8 "EPSG:4326"

# EPSG:4545 (CGCS2000 3-degree Gauss-Krueger, CM 108E) in a shapefile with .prj.
ogr2ogr -t_srs EPSG:4545 "$T/tanks4545.shp" "$T/tanks.geojson"
grep -q 'CGCS2000' "$T/tanks4545.prj" || fail "fixture: .prj does not name CGCS2000"
db=$(fresh t4545)
expect_ok "$VINFRA" import "$T/tanks4545.shp" --layer water_tanks --db "$db"
# EPSG:4545 is northing, easting in authority order; cs2cs answers latitude, longitude.
source_points "$T/tanks4545.shp" | while read -r id e n; do
  echo "$n $e" | cs2cs -d 12 EPSG:4545 EPSG:4490 | awk -v id="$id" '{ print id, $2, $1 }'
done > "$T/want4545"
stored "$db" > "$T/got4545"
compare_within "$T/want4545" "$T/got4545" 1e-8 "EPSG:4545"
# ... and the original WGS84 positions within a millimetre-sized tolerance.
source_points "$T/tanks.geojson" > "$T/wgs84"
compare_within "$T/wgs84" "$T/got4545" 1e-8 "EPSG:4545 against the WGS84 source"

# --src-crs overrides: the same metres in a GeoJSON (read as WGS84 by
# default) and a CSV (no CRS at all), named by EPSG code and by PROJ string.
ogr2ogr -f GeoJSON -lco RFC7946=NO -a_srs EPSG:4326 "$T/metres.geojson" "$T/tanks4545.shp"
db=$(fresh override)
expect_ok "$VINFRA" import "$T/metres.geojson" --layer water_tanks --db "$db" --src-crs EPSG:4545
stored "$db" > "$T/got_override"
compare_within "$T/want4545" "$T/got_override" 1e-8 "--src-crs EPSG:4545"
ogr2ogr -f CSV -lco GEOMETRY=AS_XY "$T/metres.csv" "$T/tanks4545.shp"
db=$(fresh proj)
expect_ok "$VINFRA" import "$T/metres.csv" --layer water_tanks --db "$db" \
  --src-crs "+proj=tmerc +lat_0=0 +lon_0=108 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"
stored "$db" > "$T/got_proj"
compare_within "$T/want4545" "$T/got_proj" 1e-8 "--src-crs PROJ string"

# GCJ-02 and BD-09: positions read off Amap and Baidu for the same tanks,
# made with an independent implementation of the published formulas
# (wandergis/coordtransform), come back to the WGS84 positions within 0.5 m
# (4e-6 degrees is under 0.45 m at 34N in both directions).
python3 - "$T/tanks.geojson" "$T" <<'PY'
import json, math, sys
PI = math.pi; A = 6378245.0; EE = 0.00669342162296594323; X_PI = PI * 3000.0 / 180.0
def tlat(x, y):
    r = -100.0 + 2.0*x + 3.0*y + 0.2*y*y + 0.1*x*y + 0.2*math.sqrt(abs(x))
    r += (20.0*math.sin(6.0*x*PI) + 20.0*math.sin(2.0*x*PI)) * 2.0/3.0
    r += (20.0*math.sin(y*PI) + 40.0*math.sin(y/3.0*PI)) * 2.0/3.0
    r += (160.0*math.sin(y/12.0*PI) + 320*math.sin(y*PI/30.0)) * 2.0/3.0
    return r
def tlng(x, y):
    r = 300.0 + x + 2.0*y + 0.1*x*x + 0.1*x*y + 0.1*math.sqrt(abs(x))
    r += (20.0*math.sin(6.0*x*PI) + 20.0*math.sin(2.0*x*PI)) * 2.0/3.0
    r += (20.0*math.sin(x*PI) + 40.0*math.sin(x/3.0*PI)) * 2.0/3.0
    r += (150.0*math.sin(x/12.0*PI) + 300.0*math.sin(x/30.0*PI)) * 2.0/3.0
    return r
def wgs2gcj(lng, lat):
    dlat = tlat(lng - 105.0, lat - 35.0); dlng = tlng(lng - 105.0, lat - 35.0)
    rad = lat / 180.0 * PI; m = 1 - EE * math.sin(rad)**2; sm = math.sqrt(m)
    dlat = dlat * 180.0 / ((A * (1 - EE)) / (m * sm) * PI)
    dlng = dlng * 180.0 / (A / sm * math.cos(rad) * PI)
    return lng + dlng, lat + dlat
def gcj2bd(lng, lat):
    z = math.sqrt(lng*lng + lat*lat) + 0.00002 * math.sin(lat * X_PI)
    t = math.atan2(lat, lng) + 0.000003 * math.cos(lng * X_PI)
    return z * math.cos(t) + 0.0065, z * math.sin(t) + 0.006
src = json.load(open(sys.argv[1]))
for name, f in (("gcj02", wgs2gcj), ("bd09", lambda x, y: gcj2bd(*wgs2gcj(x, y)))):
    for feat in src["features"]:
        feat["geometry"]["coordinates"] = list(f(*feat["geometry"]["coordinates"]))
    json.dump(src, open(f"{sys.argv[2]}/tanks-{name}.geojson", "w"))
    src = json.load(open(sys.argv[1]))
PY
for crs in gcj02 bd09; do
  db=$(fresh "$crs")
  expect_ok "$VINFRA" import "$T/tanks-$crs.geojson" --layer water_tanks --db "$db" --src-crs "$crs"
  stored "$db" > "$T/got_$crs"
  compare_within "$T/wgs84" "$T/got_$crs" 4e-6 "--src-crs $crs"
  # ... whereas without --src-crs they would be off by more than 100 m (1e-3 degrees).
  source_points "$T/tanks-$crs.geojson" > "$T/raw_$crs"
  within "$T/wgs84" "$T/raw_$crs" 1e-3 > /dev/null && fail "fixture: $crs positions are not offset"
done
# A .prj GDAL cannot read is refused (tests/badinput), never taken as no CRS;
# --src-crs, which overrides what the file declares, reads the file.
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 "$T/badprj.shp" "$FIX/roads.geojson"
printf 'PROJCS["Xian_1980_3_Degree_GK_Zone_36",GEOGCS[' > "$T/badprj.prj"
db=$(fresh badprj)
expect_ok "$VINFRA" import "$T/badprj.shp" --layer roads --src-crs EPSG:4490 --db "$db" --lang en
assert_eq "imported '$T/badprj.shp' into roads: 5 read, 5 written, 0 skipped; field remark is not in layer roads: not imported" "$(cat "$T/out")" "a bad .prj overridden by --src-crs"
echo ok
