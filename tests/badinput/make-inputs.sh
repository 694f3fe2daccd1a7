#!/usr/bin/env bash
# make-inputs.sh DIR: write the bad inputs that are binary or made from the
# shipped data files into DIR (the text ones are committed in inputs/):
# shapefiles missing a part or in GBK without .cpg, a spreadsheet with
# merged header cells, rules files and registry folders with one fault each.
# Needs ogr2ogr and python3; VINFRA_DATADIR is the data folder to copy.
set -euo pipefail
out=${1:?usage: make-inputs.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
data=${VINFRA_DATADIR:?}
roads="$here/../import/roads.geojson"
cd "$out"

# Shapefiles: whole, then without .shx, without .dbf, and GBK without .cpg.
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 whole.shp "$roads"
for part in no-shx no-dbf; do
  for ext in shp shx dbf prj; do cp "whole.$ext" "$part.$ext"; done
done
rm no-shx.shx no-dbf.dbf
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=GBK gbk.shp "$roads"
rm -f gbk.cpg whole.*

# A spreadsheet whose header spans two rows, with merged cells.

# Rules: the shipped header and first rule, each with one fault.
hdr=$(grep -v '^#' "$data/rules.tsv" | sed -n 1p)
rule=$(grep -v '^#' "$data/rules.tsv" | sed -n 2p)
# cell N VALUE: the first rule with its Nth cell replaced.
cell() { awk -F'\t' -v OFS='\t' -v n="$1" -v v="$2" '{ $n = v; print }' <<<"$rule"; }
col() { awk -F'\t' -v name="$1" '{ for (i = 1; i <= NF; i++) if ($i == name) print i }' <<<"$hdr"; }
printf '%s\tcolour\n%s\tred\n' "$hdr" "$rule" > rules-unknown-key.tsv
awk -F'\t' -v n="$(col threshold_m)" \
  '{ s = ""; for (i = 1; i <= NF; i++) if (i != n) s = s (s == "" && i == 1 ? "" : "\t") $i; print s }' \
  <<<"$hdr"$'\n'"$rule" > rules-missing-field.tsv
printf '%s\n%s\n' "$hdr" "$(cell "$(col threshold_m)" "two km")" > rules-threshold-text.tsv
printf '%s\n%s\n' "$hdr" "$(cell "$(col threshold_m)" -5)" > rules-threshold-negative.tsv
printf '%s\n%s\n' "$hdr" "$(cell "$(col layer)" castles)" > rules-unknown-layer.tsv
printf '%s\n%s\n' "$hdr" "$(cell "$(col method)" flight)" > rules-unknown-method.tsv
printf '%s\n' "$hdr" > rules-no-rules.tsv

# Registry folders: a copy of the data folder without comment lines (so
# line numbers count from the header) with one fault in one table.
registry() {
  mkdir "$1"
  for f in "$data"/*.tsv; do grep -v '^#' "$f" > "$1/$(basename "$f")"; done
}
registry reg-geometry; sed -i 's/^roads\t\([^\t]*\)\t\([^\t]*\)\tline\t/roads\t\1\t\2\tcurve\t/' reg-geometry/layers.tsv
registry reg-column; sed -i '1s/\tname_zh\t/\tnmae_zh\t/' reg-column/layers.tsv
registry reg-twice; row=$(grep '^roads' reg-twice/layers.tsv); echo "$row" >> reg-twice/layers.tsv
registry reg-attr-layer; printf 'castles\tmoat\t护城河\tmoat\ttext\t\tno\tno\t\n' >> reg-attr-layer/attributes.tsv
registry reg-attr-type; sed -i 's/^roads\twidth\t\([^\t]*\)\t\([^\t]*\)\treal/roads\twidth\t\1\t\2\tfloat/' reg-attr-type/attributes.tsv
registry reg-region; sed -i '2s/\t111.3\t/\t100\t/' reg-region/region.tsv
registry reg-cells; sed -i 's/^\(bridges\t.*\)$/\1\textra\tcells/' reg-cells/layers.tsv
registry reg-bool; sed -i 's/^\(households\tmembers\t[^\t]*\t[^\t]*\tinteger\t[^\t]*\t\)yes/\1perhaps/' reg-bool/attributes.tsv
registry reg-encoding; printf 'trees\tcolour\t\xd1\xd5\xc9\xab\tcolour\ttext\t\tno\tno\t\n' >> reg-encoding/attributes.tsv
registry reg-missing; rm reg-missing/programmes.tsv

# Map styles: maps/print-bw.tsv without comment lines, with one fault each.
if [ -f "$here/../../maps/print-bw.tsv" ]; then
  style=style-base.txt
  grep -v '^#' "$here/../../maps/print-bw.tsv" > "$style"
  sed 's/^paper\t#ffffff$/paper\t#fffffg/' "$style" > style-bad-colour.tsv
  sed 's/^margin_mm\t\(.*\)$/margin_mm\tten/' "$style" > style-bad-number.tsv
  sed 's/^title_pt\t/titel_pt\t/' "$style" > style-unknown-key.tsv
  sed 's/^\[layout\]$/[lay-out]/' "$style" > style-unknown-section.tsv
  sed 's/^villages\t\t#[0-9a-f]*\t/villages\t\tgrey\t/' "$style" > style-fill-name.tsv
  sed 's/^rivers\t/\t/' "$style" > style-no-layer.tsv
  { cat "$style"; printf 'hamlets\t\t#000000\n'; } > style-unknown-layer.tsv
  rm "$style"
fi

# Plausible bounds (fix-place): a number without bounds, bounds of a text.
registry reg-no-bounds; sed -i '/^roads\twidth\t/d' reg-no-bounds/bounds.tsv
registry reg-text-bounds; printf 'roads\tclass\t1\t2\n' >> reg-text-bounds/bounds.tsv
# A household in EPSG:4545 metres whose .prj says EPSG:4544 (the zone west of
# it): read 275 km away from the village its field names.
echo '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "HH-5", "village": "上雷村", "members": 3, "poverty": "none"}, "geometry": {"type": "Point", "coordinates": [109.27, 34.0]}}]}' > zone.geojson
ogr2ogr -t_srs EPSG:4545 -lco ENCODING=UTF-8 wrong-zone.shp zone.geojson
ogr2ogr -a_srs EPSG:4544 -lco ENCODING=UTF-8 zone-4544.shp zone.geojson
mv zone-4544.prj wrong-zone.prj
rm zone.geojson zone-4544.*
# Text and numbers: shapefiles whose .cpg does not say their encoding, NULs
# that GDAL would cut a value short at (CSV, DBF), an id of 10243 characters.
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 text-utf8-as-936.shp "$roads"
echo 936 > text-utf8-as-936.cpg
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=GBK text-gbk-as-1252.shp "$roads"
echo 1252 > text-gbk-as-1252.cpg
printf 'id,name,lon,lat\nL-1,abc\0HIDDEN,109.3,34.0\n' > text-nul.csv
printf 'id,name,programme,village,year,funding_wan,kind\nP-1,上雷村\0通村路,infrastructure,上雷村,2018,10,project\n' > text-nul-ledger.csv
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 text-nul-dbf.shp "$roads"
python3 - text-nul-dbf.dbf <<'PY'
import sys
dbf = bytearray(open(sys.argv[1], "rb").read())
at = dbf.index("上雷村主路".encode()) + len("上雷村".encode())
dbf[at:at + 1] = b"\0"
open(sys.argv[1], "wb").write(dbf)
PY
python3 - <<'PY'
import json
feature = {"type": "Feature", "properties": {"id": "R-" + "0" * 10241},
           "geometry": {"type": "LineString", "coordinates": [[109.26, 34.0], [109.27, 34.005]]}}
open("text-long-id.geojson", "w").write(json.dumps({"type": "FeatureCollection", "features": [feature]}))
PY
printf '%s\n%s\n' "$hdr" "$(cell "$(col threshold_m)" 0x10)" > rules-threshold-hex.tsv
# Sources holding several layers with features (import refuses to pick one).
ogr2ogr -f GPKG two-layers.gpkg "$roads" -nln lines
ogr2ogr -update two-layers.gpkg "$here/inputs/points-for-roads.geojson" -nln points
ogr2ogr -f XLSX two-sheets.xlsx "$roads" -nln 道路
ogr2ogr -update two-sheets.xlsx "$roads" -nln 备注

# Shapefiles whose parts disagree: a .dbf and a .shp cut short (a copy that
# stopped), a .dbf from another export of fewer features, an unreadable and
# an empty .prj, a .cpg naming no known encoding.
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 whole.shp "$roads"
shapefile() { for ext in shp shx dbf prj cpg; do cp "whole.$ext" "$1.$ext"; done; }
shapefile short-dbf
python3 - short-dbf.dbf <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
header, record = struct.unpack_from('<HH', b, 8)
open(sys.argv[1], 'wb').write(b[:header + 3 * record])
PY
shapefile cut-shp
python3 -c "import sys; b = open(sys.argv[1], 'rb').read(); open(sys.argv[1], 'wb').write(b[:len(b) - 40])" cut-shp.shp
shapefile fewer-records
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 -limit 4 four.shp "$roads"
cp four.dbf fewer-records.dbf
rm four.*
shapefile bad-prj
printf 'PROJCS["Xian_1980_3_Degree_GK_Zone_36",GEOGCS[' > bad-prj.prj
shapefile empty-prj
: > empty-prj.prj
shapefile bad-cpg
printf 'GB-what' > bad-cpg.cpg
rm whole.*
