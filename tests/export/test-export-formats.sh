#!/usr/bin/env bash
# vinfra export in every format, read back through GDAL (tests/export/readback.py):
# the same features, attribute values and lengths (to the millimetre, against
# GeodSolve) as the store; the manifest's hashes are the files'.
. "$TESTS_DIR/lib.sh"
need ogr2ogr
need GeodSolve
need sqlite3
set -e
DB=$T/demo/demo.sqlite
expect_ok "$VINFRA" demo --out "$T/demo"
export VINFRA_DB=$DB
# The demo writes each bureau's package.
assert_eq "all culture health telecom transport water" "$(ls "$T/demo/export" | tr '\n' ' ' | sed 's/ $//')" "demo packages"
check() { # DIR: read back, and the manifest's SHA-256 of each file
  python3 "$TESTS_DIR/export/readback.py" "$DB" "$1" >"$T/rb" 2>&1 || { cat "$T/rb" >&2; fail "read-back of $1"; }
  python3 - "$1" <<'PY' || fail "manifest hashes of $1"
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, 'manifest.json'), encoding='utf-8'))
names = sorted(f['name'] for f in m['files'])
assert names == sorted(set(os.listdir(d)) - {'manifest.json'}), names
for f in m['files']:
    data = open(os.path.join(d, f['name']), 'rb').read()
    assert hashlib.sha256(data).hexdigest() == f['sha256'] and len(data) == f['bytes'], f
PY
}
for fmt in shp gpkg geojson kml kmz dxf csv xlsx; do
  expect_ok "$VINFRA" export --profile transport --format "$fmt" --out "$T/transport-$fmt" --lang en
  assert_contains "$T/out" "exported transport (transport bureau) to $T/transport-$fmt: 3 layers, 916 features; $fmt,"
  check "$T/transport-$fmt"
  assert_contains "$T/rb" "roads: 52 "
done
# KML and KMZ are WGS 84 whatever the profile says; DXF is in the Gauss-Krüger zone.
assert_contains "$T/transport-kml/manifest.json" '"crs": "EPSG:4326"'
assert_contains "$T/transport-dxf/manifest.json" '"crs": "EPSG:4545"'
assert_eq EPSG:4545 "$(gdalsrsinfo -e "$T/transport-dxf/transport.prj" | grep -o 'EPSG:[0-9]*' | head -1)" "DXF .prj"
# DXF layers are named after the asset layers in Chinese, names are MTEXT
# entities on LAYER_注记.
ogrinfo -q "$T/transport-dxf/transport.dxf" -sql "SELECT DISTINCT Layer FROM entities" >"$T/layers"
for l in 道路 道路_注记 便民桥 便民桥_注记 路灯; do assert_contains "$T/layers" "Layer (String) = $l"; done

# The other profiles in their default formats (health: coverage fields), and gk.
for p in water health all; do
  check "$T/demo/export/$p"
done
expect_ok "$VINFRA" export --profile water --crs gk --format geojson --out "$T/water-gk"
check "$T/water-gk"
assert_contains "$T/water-gk/manifest.json" '"crs": "EPSG:4545"'
# Any CRS PROJ knows: WGS 84 / UTM 49N.
expect_ok "$VINFRA" export --profile water --crs EPSG:32649 --format gpkg --out "$T/water-utm"
check "$T/water-utm"
assert_contains "$T/water-utm/manifest.json" '"crs": "EPSG:32649"'

# One village: only its features, in every layer.
expect_ok "$VINFRA" export --profile transport --village 上雷村 --format gpkg --out "$T/shanglei" --lang en
assert_contains "$T/out" "roads (roads): 6 features"
check "$T/shanglei"
assert_eq 1 "$(ls "$T/shanglei"/*.gpkg | grep -c 'transport-上雷村.gpkg')" "package named after the village"
echo ok
