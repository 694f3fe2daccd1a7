#!/usr/bin/env bash
# What GDAL may do with a user's file (gdal-guard.c): no network (remote and
# virtual paths, KML and KMZ linking to remote content are refused, never
# fetched), only the drivers of the allow-list (MapInfo and GML files GDAL
# could read are refused), no rebuilt .shx, and zipped files unpacked only
# up to a cap (--max-unzipped-mb).  Nothing is written.
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

printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "R-9", "status": "new"}, "geometry": {"type": "LineString", "coordinates": [[109.2636, 34.001], [109.2646, 34.001]]}}]}\n' >r.geojson
ogr2ogr -f "MapInfo File" r.tab r.geojson
ogr2ogr -f GML r.gml r.geojson
for f in r.tab r.gml; do
  reject 1 "cannot import '$f': not a GIS file GDAL can read (expected GeoJSON, Shapefile, GeoPackage, KML/KMZ, GPX, CSV or XLSX)" "$f" --layer roads
done
ogr2ogr r.shp r.geojson
rm r.shx
reject 1 "cannot import 'r.shp': its index file r.shx is missing: copy it along with the .shp (vinfra does not rebuild it)" r.shp --layer roads

# Zipped files (KMZ, zipped shapefiles, XLSX) are unpacked at most to a cap,
# by what the zip's directory declares and by what its data really holds.
python3 - <<'PY'
import struct, zipfile
kml = b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>' + \
    b' ' * (3 << 20) + b'</Document></kml>'
with zipfile.ZipFile('big.kmz', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('doc.kml', kml)
# The same, its directory claiming doc.kml holds 1000 bytes.
b = bytearray(open('big.kmz', 'rb').read())
struct.pack_into('<I', b, 22, 1000)
struct.pack_into('<I', b, b.rfind(b'PK\x01\x02') + 24, 1000)
open('lying.kmz', 'wb').write(b)
with zipfile.ZipFile('wide.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for i in range(3):
        z.writestr('xl/worksheets/sheet%d.xml' % (i + 1), b' ' * 600000)
PY
reject 1 "cannot import 'big.kmz': its member doc.kml unpacks to 3.1 MB, more than the 1.0 MB vinfra unpacks from a zipped file (if the file is genuine, raise the limit with --max-unzipped-mb 4)" \
  big.kmz --layer roads --max-unzipped-mb 1
reject 1 "cannot import 'lying.kmz': its member doc.kml unpacks to more than 1.0 kB, but the zip's directory says 1.0 kB: the zip is damaged (make or copy it again)" \
  lying.kmz --layer roads
reject 1 "cannot import 'wide.xlsx': its members unpack to 1.8 MB in all, more than the 1.0 MB vinfra unpacks from a zipped file (if the file is genuine, raise the limit with --max-unzipped-mb 2)" \
  wide.xlsx --layer streetlights --max-unzipped-mb 1
reject 1 "cannot import 'wide.xlsx': its members unpack to 1.8 MB in all, more than the 1.0 MB vinfra unpacks from a zipped file (if the file is genuine, raise the limit with --max-unzipped-mb 2)" \
  --ledger wide.xlsx --max-unzipped-mb 1
ogr2ogr r.shp r.geojson
python3 -c "import zipfile; z = zipfile.ZipFile('r.shp.zip', 'w', zipfile.ZIP_DEFLATED); [z.write('r.' + e) for e in ('shp', 'shx', 'dbf', 'prj')]; z.close()"
expect_ok "$VINFRA" import r.shp.zip --layer roads --village 上雷村 --dry-run --max-unzipped-mb 1 --lang en
assert_eq "checked 'r.shp.zip' for roads: 1 read, 1 would be written, 0 skipped, nothing written (dry run)" "$(cat "$T/out")" "a small zipped shapefile"
assert_eq "$before" "$(sha "$DB")" "database after refused imports"
