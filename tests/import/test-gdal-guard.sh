#!/usr/bin/env bash
# What GDAL may do with a user's file (gdal-guard.c): no network (remote and
# virtual paths, KML and KMZ linking to remote content are refused, never
# fetched), only the drivers of the allow-list (MapInfo and GML files GDAL
# could read are refused), and no rebuilt .shx.  Nothing is written.
. "$TESTS_DIR/lib.sh"
set -e
. "$TESTS_DIR/import/fixtures.sh"
cd "$T"
before=$(sha "$DB")

reject() {
  local code=$1 msg=$2; shift 2
  expect_fail "$code" "vinfra: error: $msg" "$VINFRA" import "$@"
}
reject 2 "cannot import '/vsicurl/http://127.0.0.1:9/x.geojson': remote and virtual paths are not read (vinfra never uses the network): copy the file to a local disk first" \
  /vsicurl/http://127.0.0.1:9/x.geojson --layer roads
reject 2 "cannot import 'https://127.0.0.1:9/x.geojson': remote and virtual paths are not read (vinfra never uses the network): copy the file to a local disk first" \
  https://127.0.0.1:9/x.geojson --layer roads
reject 2 "cannot import '/vsizip/a.zip/roads.shp': remote and virtual paths are not read (vinfra never uses the network): copy the file to a local disk first" \
  /vsizip/a.zip/roads.shp --layer roads

cat >net.kml <<'EOT'
<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<NetworkLink><name>more roads</name><Link><href> http://127.0.0.1:9/roads.kml</href></Link></NetworkLink>
<Placemark><name>R-1</name><LineString><coordinates>109.2636,34.091 109.2646,34.091</coordinates></LineString></Placemark>
</Document></kml>
EOT
reject 1 "cannot import 'net.kml': it links to remote content (http://127.0.0.1:9/roads.kml): vinfra never fetches it; download what it links to and import that file" \
  net.kml --layer roads
sed 's|<href> http://127.0.0.1:9/roads.kml</href>|<kml:href>//127.0.0.1:9/r.kml</kml:href>|' net.kml >net2.kml
python3 -c "import zipfile; z = zipfile.ZipFile('net.kmz', 'w'); z.write('net2.kml', 'doc.kml'); z.close()"
reject 1 "cannot import 'net.kmz': it links to remote content (//127.0.0.1:9/r.kml): vinfra never fetches it; download what it links to and import that file" \
  net.kmz --layer roads

printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "R-9", "status": "new"}, "geometry": {"type": "LineString", "coordinates": [[109.2636, 34.091], [109.2646, 34.091]]}}]}\n' >r.geojson
ogr2ogr -f "MapInfo File" r.tab r.geojson
ogr2ogr -f GML r.gml r.geojson
for f in r.tab r.gml; do
  reject 1 "cannot import '$f': not a GIS file GDAL can read (expected GeoJSON, Shapefile, GeoPackage, KML/KMZ, GPX, CSV or XLSX)" "$f" --layer roads
done
ogr2ogr r.shp r.geojson
rm r.shx
reject 1 "cannot import 'r.shp': its index file r.shx is missing: copy it along with the .shp (vinfra does not rebuild it)" r.shp --layer roads
assert_eq "$before" "$(sha "$DB")" "database after refused imports"
