#!/usr/bin/env bash
# Text encodings: a shapefile from a Chinese ArcGIS (GBK text, no .cpg: read
# as GB18030 and said so), the same with --encoding or a .cpg, and a GBK CSV;
# Chinese names must arrive intact.  (tests/import/test-encodings.sh has the
# rest: GB18030, byte order marks, field names, the refusals.)
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
cd "${T:?}"
PY=
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import shapefile' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || skip "python3 with pyshp (python3-pyshp) not installed"

# pyshp writes the DBF in GBK with no .cpg and language driver id 0, as
# ArcGIS in a Chinese locale does: nothing in the files says GBK.
"$PY" - <<'PY'
import shapefile
w = shapefile.Writer('gbk', shapeType=shapefile.POLYLINE, encoding='gbk')
w.field('id', 'C', 10); w.field('name', 'C', 40); w.field('village', 'C', 20)
w.field('status', 'C', 10); w.field('year', 'N', 4, 0); w.field('width', 'N', 6, 2)
w.line([[[109.26, 34.0], [109.28, 34.004]]]); w.record('R-1', '上雷村水泥路', '上雷村', 'hardened', 2018, 4.5)
w.line([[[109.32, 33.99], [109.33, 34.0]]]); w.record('R-2', '双龙村七组连户路', '双龙村', 'new', 2019, 3.0)
w.close()
PY
[ ! -e gbk.cpg ] || fail "fixture: pyshp wrote a .cpg"
assert_eq 00 "$(od -An -tx1 -j29 -N1 gbk.dbf | tr -d ' ')" "fixture: language driver id"
"$PY" -c "import sys; d = open('gbk.dbf', 'rb').read(); sys.exit('上雷村'.encode('gbk') not in d)" ||
  fail "fixture: the DBF does not hold GBK text"

# Nothing declares the encoding, and the bytes are not UTF-8 but GB18030
# (GBK): read so, and said so in the summary.
db=$(fresh detected)
expect_ok "$VINFRA" import gbk.shp --layer roads --db "$db"
assert_eq "已导入 'gbk.shp' → 道路：读取 2 条，写入 2 条，跳过 0 条；文本按 GB18030（GBK）读取（文件未声明编码；用 --encoding 指定其他编码）" "$(cat "$T/out")" "summary of a detected GBK shapefile"
assert_eq "R-1|上雷村|上雷村水泥路|hardened|2018|4.5
R-2|双龙村|双龙村七组连户路|new|2019|3.0" "$(sql "$db" "select id, village, name, status, year, width from roads order by id")" "detected GBK shapefile rows"

# --encoding still overrides: a wrong one is refused, the database unchanged.
before=$(sha "$DB")
expect_fail 1 "vinfra: error: cannot import 'gbk.shp': feature 1 (id \"R-1\"): field \"village\": --encoding says UTF-8 but the text is GBK (\"上雷村\" read as \"���״\"): give --encoding GBK" \
  "$VINFRA" import gbk.shp --layer roads --encoding UTF-8
assert_eq "$before" "$(sha "$DB")" "database after the encoding error"

db=$(fresh gbk)
expect_ok "$VINFRA" import gbk.shp --layer roads --encoding GBK --db "$db"
assert_eq "已导入 'gbk.shp' → 道路：读取 2 条，写入 2 条，跳过 0 条" "$(cat "$T/out")" "summary with --encoding GBK"
# A geometry without a CRS (no .prj) may be in any CRS: a warning, unlike lon/lat columns.
assert_contains "$T/err" "vinfra：警告：'gbk.shp' 没有坐标参考系：按 WGS 84 经纬度读取（用 --src-crs 指定其他坐标系）"
assert_eq "R-1|上雷村|上雷村水泥路|hardened|2018|4.5
R-2|双龙村|双龙村七组连户路|new|2019|3.0" "$(sql "$db" "select id, village, name, status, year, width from roads order by id")" "GBK shapefile rows"
assert_eq "$(ref_length gbk.shp -s_srs EPSG:4326)" "$(db_length "$db" roads)" "GBK shapefile length"

# With a .cpg saying so, no option is needed (the .cpg is part of the content,
# so this is not a re-import of the file above).
mkdir cpg && cp gbk.shp gbk.shx gbk.dbf cpg/ && printf '936' > cpg/gbk.cpg
db=$(fresh cpg)
expect_ok "$VINFRA" import cpg/gbk.shp --layer roads --db "$db"
assert_eq "上雷村水泥路,双龙村七组连户路" "$(sql "$db" "select group_concat(name) from (select name from roads order by id)")" "shapefile with .cpg"

# A CSV saved from a Chinese Excel: GBK headers (编号, 名称, 经度, 纬度) and values.
printf '编号,名称,经度,纬度,status\nB-1,上雷村便民桥,109.271,34.002,built\nB-2,双龙村漫水桥,109.331,34.011,existing\n' | iconv -f UTF-8 -t GBK > bridges.csv
db=$(fresh csv)
before=$(sha "$db")
expect_fail2 1 "vinfra: error: cannot import 'bridges.csv': line 1: the name of column 1 (\"\\xB1\\xE0\\xBA\\xC5\"): --encoding says UTF-8 but the text is GBK (\"编号\" read as \"���\"): give --encoding GBK" \
  "vinfra：错误：无法导入 'bridges.csv'：第 1 行：第 1 列的列名（\"\\xB1\\xE0\\xBA\\xC5\"）：--encoding 指定为 UTF-8，但文本是 GBK（\"编号\" 被读成 \"���\"）：请给出 --encoding GBK" \
  "$VINFRA" import bridges.csv --layer bridges --encoding UTF-8 --db "$db"
assert_eq "$before" "$(sha "$db")" "database after the CSV encoding error"
expect_ok "$VINFRA" import bridges.csv --layer bridges --db "$db"
assert_eq "已导入 'bridges.csv' → 便民桥：读取 2 条，写入 2 条，跳过 0 条；文本按 GB18030（GBK）读取（文件未声明编码；用 --encoding 指定其他编码）；坐标按 WGS 84 经纬度读取，用 --src-crs 指定其他坐标系" "$(cat "$T/out")" "summary of a detected GBK CSV"
db=$(fresh csv-option)
expect_ok "$VINFRA" import bridges.csv --layer bridges --encoding GBK --db "$db"
assert_eq "B-1|上雷村|上雷村便民桥|POINT(109.271 34.002)
B-2|双龙村|双龙村漫水桥|POINT(109.331 34.011)" "$(sql "$db" "select id, village, name, AsText(geom) from bridges order by id")" "GBK CSV rows"
echo ok
