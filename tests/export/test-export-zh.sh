#!/usr/bin/env bash
# Packages in the bureau's language, read back by independent readers: the
# GeoPackage's aliases, units and values (gpkg_data_columns, its
# constraints, which GDAL reads as field domains) and layer titles
# (gpkg_contents); CSV and XLSX headers in Chinese with units and values as
# labels (python3-openpyxl); the manifest's and README.txt's field meanings.
. "$TESTS_DIR/lib.sh"
need sqlite3
need ogrinfo
set -e
DB=$T/demo/demo.sqlite
demo_db "$T/demo"
export VINFRA_DB=$DB

# GeoPackage: aliases, units and values GDAL 3.6 would drop, and Chinese titles.
expect_ok "$VINFRA" export --profile transport --format gpkg --out "$T/gpkg"
G=$T/gpkg/transport.gpkg
assert_eq "路宽（米）|路宽（米）|单位：米" \
  "$(sqlite3 "$G" "SELECT name, title, description FROM gpkg_data_columns WHERE table_name = 'roads' AND column_name = 'WIDTH_M'")" "alias and unit of roads.WIDTH_M"
assert_eq "道路等级|取值：县道（county），乡道（township），村道（village），组道（group）|roads_CLASS" \
  "$(sqlite3 "$G" "SELECT name, description, constraint_name FROM gpkg_data_columns WHERE table_name = 'roads' AND column_name = 'CLASS'")" "alias and values of roads.CLASS"
assert_eq "10" "$(sqlite3 "$G" "SELECT count(*) FROM gpkg_data_columns WHERE table_name = 'roads'")" "every field of roads has its alias"
assert_eq "县道|county" "$(sqlite3 "$G" "SELECT value, description FROM gpkg_data_column_constraints WHERE constraint_name = 'roads_CLASS' AND value = '县道'")" "enum constraint"
assert_eq "道路|交通运输局：道路，52 个要素，由 vinfra 导出" \
  "$(sqlite3 "$G" "SELECT identifier, description FROM gpkg_contents WHERE table_name = 'roads'")" "layer title and description"
assert_eq "gpkg_schema" "$(sqlite3 "$G" "SELECT DISTINCT extension_name FROM gpkg_extensions WHERE table_name = 'gpkg_data_columns'")" "schema extension"
ogrinfo -so "$G" roads >"$T/roads.info" 2>&1
assert_contains "$T/roads.info" "IDENTIFIER=道路"
assert_contains "$T/roads.info" "CLASS: String (0.0), domain name=roads_CLASS"
ogrinfo "$G" -sql "SELECT STATUS, CLASS, SURFACE FROM roads WHERE ID = 'R-上雷-001'" >"$T/r1" 2>&1
assert_contains "$T/r1" "STATUS (String) = 现有"
assert_contains "$T/r1" "CLASS (String) = 县道"
assert_contains "$T/r1" "SURFACE (String) = 沥青路面"
python3 "$TESTS_DIR/export/readback.py" "$DB" "$T/gpkg" >/dev/null || fail "read-back of the GeoPackage"

# CSV: Chinese headers with units, values as labels (UTF-8 with BOM and GBK).
for enc in UTF-8 GBK; do
  expect_ok "$VINFRA" export --profile transport --format csv --encoding $enc --out "$T/csv-$enc"
  python3 - "$T/csv-$enc/roads.csv" $enc <<'PY' || fail "CSV headers ($enc)"
import csv, sys
enc = 'utf-8-sig' if sys.argv[2] == 'UTF-8' else 'gbk'
rows = list(csv.reader(open(sys.argv[1], encoding=enc, newline='')))
assert rows[0] == ['WKT', '编号', '名称', '所属村', '状态', '建设年份', '项目编号', '道路等级', '路面',
                   '路宽（米）', '长度（米）'], rows[0]
r = next(r for r in rows if r[1] == 'R-上雷-001')
assert (r[4], r[7], r[8]) == ('现有', '县道', '沥青路面'), r
PY
done

# XLSX, read by openpyxl: the same headers, units and labels.
expect_ok "$VINFRA" export --profile transport --format xlsx --out "$T/xlsx"
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
  /usr/bin/python3 - "$T/xlsx/transport.xlsx" <<'PY' || fail "openpyxl read-back"
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
assert wb.sheetnames == ['roads', 'bridges', 'streetlights'], wb.sheetnames
rows = list(wb['roads'].iter_rows(values_only=True))
assert list(rows[0]) == ['编号', '名称', '所属村', '状态', '建设年份', '项目编号', '道路等级', '路面',
                         '路宽（米）', '长度（米）'], rows[0]
r = next(r for r in rows if r[0] == 'R-上雷-001')
assert (r[3], r[6], r[7], r[8]) == ('现有', '县道', '沥青路面', 6.5), r
lights = list(wb['streetlights'].iter_rows(values_only=True))
assert list(lights[0])[-4:] == ['供电方式', '功率（瓦）', 'X', 'Y'], lights[0]
assert {r[6] for r in lights[1:]} <= {'太阳能', '市电', None}, {r[6] for r in lights[1:]}
PY
fi
python3 "$TESTS_DIR/export/readback.py" "$DB" "$T/xlsx" >/dev/null || fail "read-back of the XLSX"

# What each field means, Chinese first: the manifest and README.txt.
python3 - "$T/xlsx/manifest.json" <<'PY' || fail "manifest field meanings"
import json, sys
m = json.load(open(sys.argv[1], encoding='utf-8'))
assert m['values'] == 'labels'
f = {x['profile_field']: x for x in m['layers'][0]['fields']}
assert f['WIDTH_M']['name'] == '路宽（米）' and f['WIDTH_M']['unit'] == 'm', f['WIDTH_M']
assert f['CLASS']['values'][0] == {'code': 'county', 'label_zh': '县道'}, f['CLASS']
assert f['LENGTH_M']['unit'] == 'm' and f['LENGTH_M']['alias_zh'] == '长度（米）'
PY
assert_contains "$T/xlsx/README.txt" "取值：状态等代码值写为中文名称（代码见下）"
assert_contains "$T/xlsx/README.txt" "字段 道路等级：道路等级，取值：县道（代码 county），乡道（代码 township），村道（代码 village），组道（代码 group）"
assert_contains "$T/xlsx/README.txt" "字段 路宽（米）：路宽（米），单位：米"
assert_contains "$T/xlsx/README.txt" "field 路宽（米）: width, unit: metres"
# Chinese comes first.
[ "$(grep -n '数据包：' "$T/xlsx/README.txt" | cut -d: -f1)" -lt "$(grep -n 'Package: ' "$T/xlsx/README.txt" | cut -d: -f1)" ] || fail "README.txt: Chinese first"
echo ok
