#!/usr/bin/env bash
# A store spanning two Gauss-Krüger zones (Lantian at 109.4°E, zone 36;
# Danfeng at 110.2°E, zone 37): --crs gk refuses to project both into one
# zone, naming the zones, in both languages; each county exported with
# --county lands in its own zone, checked point by point against cs2cs to
# the millimetre; the manifest and README.txt say which zone.  The DXF of a
# county read by ezdxf (units, code page, CJK text style, Chinese layers),
# the KMZ's zip entries (valid dates) and the KML's folders and placemark
# descriptions (an HTML table in Chinese).  Maps: each village in its own zone,
# the district map saying it spans two.
. "$TESTS_DIR/lib.sh"
need cs2cs
need ogr2ogr
set -e
DB=$T/two.sqlite
export VINFRA_DB=$DB
cat >"$T/villages.geojson" <<'EOF'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"V-SL","name":"上雷村","town":"九间房镇","county":"蓝田县"},"geometry":{"type":"Polygon","coordinates":[[[109.39,34.09],[109.43,34.09],[109.43,34.12],[109.39,34.12],[109.39,34.09]]]}},
{"type":"Feature","properties":{"id":"V-DF","name":"棣花村","town":"棣花镇","county":"丹凤县"},"geometry":{"type":"Polygon","coordinates":[[[110.20,33.62],[110.24,33.62],[110.24,33.65],[110.20,33.65],[110.20,33.62]]]}}]}
EOF
cat >"$T/lights.geojson" <<'EOF'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"L-1","village":"上雷村","name":"村口路灯","status":"existing","year":2020},"geometry":{"type":"Point","coordinates":[109.4012345,34.1012345]}},
{"type":"Feature","properties":{"id":"L-2","village":"上雷村","status":"existing","year":2020},"geometry":{"type":"Point","coordinates":[109.4123456,34.1098765]}},
{"type":"Feature","properties":{"id":"L-3","village":"棣花村","name":"桥头路灯","status":"existing","year":2021},"geometry":{"type":"Point","coordinates":[110.2212345,33.6312345]}}]}
EOF
expect_ok "$VINFRA" init
expect_ok "$VINFRA" import --layer villages "$T/villages.geojson"
expect_ok "$VINFRA" import --layer streetlights "$T/lights.geojson"

# One zone for both counties would put Danfeng 1° off its meridian: refused,
# both zones named, nothing written.
expect_fail2 2 \
  "vinfra: error: --crs gk: the data spans Gauss-Krüger zones: 丹凤县 in zone 37 (EPSG:4546), 蓝田县 in zone 36 (EPSG:4545); export each county apart (--county), or name the CRS (--crs EPSG:CODE)" \
  "vinfra：错误：--crs gk：数据跨多个高斯-克吕格投影带：丹凤县在第 37 带（EPSG:4546）、蓝田县在第 36 带（EPSG:4545）；请按县分别导出（--county），或指定坐标系（--crs EPSG:代码）" \
  "$VINFRA" export --profile transport --crs gk --out "$T/both"
[ ! -e "$T/both" ] || fail "a refused export left $T/both"
# The language chosen before the command holds for the export too.
run "$VINFRA" --lang en export --profile transport --crs gk --out "$T/both"
assert_contains "$T/err" "vinfra: error: --crs gk: the data spans Gauss-Krüger zones:"
expect_fail2 2 \
  "vinfra: error: --county: no village of county \"商州区\" in '$DB' (counties: 丹凤县, 蓝田县)" \
  "vinfra：错误：--county：'$DB' 中没有属于县 \"商州区\" 的村（已有的县：丹凤县、蓝田县）" \
  "$VINFRA" export --profile transport --crs gk --county 商州区 --out "$T/none"
expect_fail2 2 "vinfra: error: export: --village and --county: choose one" \
  "vinfra：错误：export：--village 与 --county 只能选一个" \
  "$VINFRA" export --profile transport --village 上雷村 --county 蓝田县 --out "$T/none"

# Each county in its own zone, every point against cs2cs within 1 mm.
check_zone() { # COUNTY EPSG ZONE IDS...
  local county=$1 epsg=$2 zone=$3 dir=$T/gk-$3; shift 3
  expect_ok "$VINFRA" export --profile transport --crs gk --county "$county" --format shp --out "$dir"
  assert_eq "EPSG:$epsg" "$(gdalsrsinfo -e "$dir/streetlights.prj" | grep -o 'EPSG:[0-9]*' | head -1)" "$county .prj"
  assert_contains "$dir/README.txt" "高斯-克吕格投影带：${county}在第 $zone 带（EPSG:$epsg）"
  assert_contains "$dir/README.txt" "Gauss-Krüger zone: $county in zone $zone (EPSG:$epsg)"
  assert_contains "$dir/README.txt" "县：$county"
  python3 - "$dir/manifest.json" "$county" "$zone" "$epsg" <<'PY' || fail "manifest zones of $county"
import json, sys
m = json.load(open(sys.argv[1], encoding='utf-8'))
assert m['crs'] == 'EPSG:' + sys.argv[4], m['crs']
z = m['gk_zones']
assert len(z) == 1 and z[0]['zone'] == int(sys.argv[3]) and sys.argv[2] in json.dumps(z, ensure_ascii=False), z
PY
  ogr2ogr -f CSV -lco GEOMETRY=AS_XY "$T/out-$zone.csv" "$dir/streetlights.shp" 2>/dev/null
  local got=$(python3 -c '
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    print(r["ID"], r["X"], r["Y"])' "$T/out-$zone.csv" | sort)
  assert_eq "$*" "$(echo "$got" | awk '{print $1}' | tr '\n' ' ' | sed 's/ $//')" "$county: its lights only"
  for id in "$@"; do
    local lonlat=$(python3 -c '
import json, sys
f = [f for f in json.load(open(sys.argv[1]))["features"] if f["properties"]["id"] == sys.argv[2]][0]
print(*f["geometry"]["coordinates"])' "$T/lights.geojson" "$id")
    # cs2cs takes EPSG:4490 latitude first.
    local want=$(echo "$lonlat" | awk '{print $2, $1}' | cs2cs -f %.4f EPSG:4490 EPSG:$epsg | awk '{print $1, $2}')
    local have=$(echo "$got" | awk -v id="$id" '$1 == id {print $2, $3}')
    python3 -c '
import sys
w = [float(v) for v in sys.argv[1].split()]; h = [float(v) for v in sys.argv[2].split()]
# EPSG:4545/4546 are northing first in PROJ order; the file is easting, northing.
e, n = (w[1], w[0]) if w[0] > 1e6 and w[1] < 1e6 else (w[0], w[1])
assert abs(h[0] - e) < 0.001 and abs(h[1] - n) < 0.001, (sys.argv[3], h, (e, n))
' "$want" "$have" "$id" || fail "$id in zone $zone against cs2cs"
  done
}
check_zone 蓝田县 4545 36 L-1 L-2
check_zone 丹凤县 4546 37 L-3

# DXF of a county, read by ezdxf: metres, the Chinese code page, a text style
# with a CJK big font, Chinese layer names, names as text on their own layer.
expect_ok "$VINFRA" export --profile transport --crs gk --county 丹凤县 --format dxf --out "$T/dxf"
if /usr/bin/python3 -c 'import ezdxf' 2>/dev/null; then
  /usr/bin/python3 - "$T"/dxf/*.dxf <<'PY' || fail "ezdxf read-back"
import ezdxf, sys
doc = ezdxf.readfile(sys.argv[1])
h = doc.header
assert h['$INSUNITS'] == 6 and h['$MEASUREMENT'] == 1, (h['$INSUNITS'], h['$MEASUREMENT'])
assert h['$DWGCODEPAGE'] == 'ANSI_936', h['$DWGCODEPAGE']
layers = {l.dxf.name for l in doc.layers}
assert {'路灯', '路灯_注记'} <= layers, layers
fonts = {(s.dxf.font, s.dxf.bigfont) for s in doc.styles}
assert ('gbenor.shx', 'gbcbig.shx') in fonts, fonts
msp = doc.modelspace()
pts = [e for e in msp if e.dxftype() == 'POINT']
assert len(pts) == 1 and pts[0].dxf.layer == '路灯', [(e.dxftype(), e.dxf.layer) for e in msp]
x, y = pts[0].dxf.location.x, pts[0].dxf.location.y
assert 37_000_000 < x < 38_000_000 or 300_000 < x < 700_000, x
texts = [e for e in msp if e.dxftype() in ('TEXT', 'MTEXT')]
plain = [t.plain_text() if t.dxftype() == 'MTEXT' else t.dxf.text for t in texts]
assert plain == ['桥头路灯'] and texts[0].dxf.layer == '路灯_注记', (plain, [t.dxf.layer for t in texts])
PY
fi

# KMZ: zip entries dated (not 1980-00-00), KML folders and descriptions in Chinese.
expect_ok "$VINFRA" export --profile transport --county 蓝田县 --format kmz --out "$T/kmz"
python3 - "$T/kmz" <<'PY' || fail "KMZ entries, folders and descriptions"
import glob, re, sys, zipfile
kmz = glob.glob(sys.argv[1] + '/*.kmz')
assert len(kmz) == 1, kmz
z = zipfile.ZipFile(kmz[0])
assert z.testzip() is None
for info in z.infolist():
    y, mo, d, hh, mm, ss = info.date_time
    assert y >= 2020 and 1 <= mo <= 12 and 1 <= d <= 31, (info.filename, info.date_time)
kml = z.read(z.namelist()[0]).decode('utf-8')
folders = re.findall(r'<Folder>\s*<name>([^<]*)</name>', kml)
assert '路灯' in folders, folders
assert '<name>村口路灯</name>' in kml
import xml.etree.ElementTree as ET
ns = {'k': 'http://www.opengis.net/kml/2.2'}
pm = [p for p in ET.fromstring(kml.encode('utf-8')).iter('{%s}Placemark' % ns['k'])
      if p.findtext('k:name', namespaces=ns) == '村口路灯'][0]
desc = pm.findtext('k:description', namespaces=ns)
for want in ('<table', '编号', '状态', '现有', '建设年份', '2020'):
    assert want in desc, (want, desc[:400])
assert 'L-3' not in kml, 'a Danfeng light in the Lantian package'
PY

# Maps: a village's map in its own zone; the district's map names both zones.
if command -v pdftotext >/dev/null; then
  for v in 上雷村:4545 棣花村:4546; do
    expect_ok "$VINFRA" render --village "${v%%:*}" --out "$T/${v%%:*}.pdf"
    pdftotext "$T/${v%%:*}.pdf" - | tr -d ' ' >"$T/map.txt"
    assert_contains "$T/map.txt" "（EPSG:${v##*:}）"
  done
  expect_ok "$VINFRA" render --out "$T/district.pdf"
  pdftotext "$T/district.pdf" - | tr -d ' ' >"$T/map.txt"
  assert_contains "$T/map.txt" "（各村分属第36、37带，本图按第37带绘制）"
  expect_ok "$VINFRA" atlas --out "$T/atlas.pdf"
  pdftotext "$T/atlas.pdf" - | tr -d ' ' >"$T/atlas.txt"
  assert_eq "4546 4545 4546" "$(grep -o 'EPSG:45[0-9]*' "$T/atlas.txt" | sed 's/EPSG://' | tr '\n' ' ' | sed 's/ $//')" "atlas pages' zones"
fi
echo ok
