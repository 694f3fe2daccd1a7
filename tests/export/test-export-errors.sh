#!/usr/bin/env bash
# Bad profiles, options and values: a clear error, and nothing written (no
# package folder, no temporary folder beside it).  Names from the data never
# lead a file out of the package folder.
. "$TESTS_DIR/lib.sh"
need sqlite3
set -e
DB=$T/demo/demo.sqlite
demo_db "$T/demo"
export VINFRA_DB=$DB
nothing_written() { # DIR
  [ ! -e "$1" ] || fail "'$1' was written"
  [ -z "$(ls -A "$(dirname "$1")" 2>/dev/null | grep '^\.vinfra-')" ] || fail "a temporary folder was left beside '$1'"
}
O=$T/pkg/out

# Options.
expect_fail2 2 'vinfra: error: --encoding: expected GBK or UTF-8, got "latin1"' \
  'vinfra：错误：--encoding：应为 GBK 或 UTF-8，实为 "latin1"' \
  "$VINFRA" export --profile transport --encoding latin1 --out "$O"
expect_fail2 2 'vinfra: error: --profile: no profile "nope" (profiles: transport, water, health, telecom, culture, all)' \
  'vinfra：错误：--profile：没有数据包配置 "nope"（可用：transport、water、health、telecom、culture、all）' \
  "$VINFRA" export --profile nope --out "$O"
expect_fail2 2 'vinfra: error: --format: expected one of shp, gpkg, geojson, kml, kmz, dxf, csv, xlsx, got "pdf"' \
  'vinfra：错误：--format：应为 shp、gpkg、geojson、kml、kmz、dxf、csv、xlsx 之一，实为 "pdf"' \
  "$VINFRA" export --profile transport --format pdf --out "$O"
expect_fail2 2 'vinfra: error: --crs: cannot understand "EPSG:99999" (give EPSG:CODE, gk, or a PROJ definition)' \
  'vinfra：错误：--crs：无法理解 "EPSG:99999"（请给出 EPSG:代码、gk 或 PROJ 定义）' \
  "$VINFRA" export --profile transport --crs EPSG:99999 --out "$O"
expect_fail2 2 "vinfra: error: --village: no village \"无此村\" in '$DB'" \
  "vinfra：错误：--village：'$DB' 中没有村 \"无此村\"" \
  "$VINFRA" export --profile transport --village 无此村 --out "$O"
expect_fail2 2 "vinfra: error: export: --out DIR is required (see 'vinfra export --help')" \
  "vinfra：错误：export：缺少 --out 目录（见 'vinfra export --help'）" \
  "$VINFRA" export --profile transport
nothing_written "$O"
mkdir -p "$T/mine" && echo letter >"$T/mine/letter.doc"
expect_fail2 2 "vinfra: error: --out: '$T/mine' exists and is neither an empty folder nor an earlier export package: name a new folder" \
  "vinfra：错误：--out：'$T/mine' 已存在，既不是空文件夹，也不是以前导出的数据包：请指定一个新文件夹" \
  "$VINFRA" export --profile transport --out "$T/mine"
assert_eq "letter.doc" "$(ls "$T/mine")" "a folder that is not a package is left alone"

# Profiles: a missing layer or field, a file name leading out of the folder,
# a shapefile field name over 10 bytes.
cp -r "$VINFRA_DATADIR" "$T/data"
printf 'bad\tx\tx\tshp\tEPSG:4490\tGBK\n' >>"$T/data/profiles/profiles.tsv"
B=$T/data/profiles/bad.tsv
bad() { printf "layer\tfile\tsource\tfield\talias\n$1" >"$B"; }
bad 'roadz\troads\tid\tID\n'
VINFRA_DATADIR=$T/data expect_fail2 1 "vinfra: error: profile 'bad' ('$B' line 2): no layer \"roadz\" in the registry (layers: villages, households, roads, bridges, streetlights, water_tanks, water_pipes, rivers, signal_towers, clinics, elderly_care, committees, culture, schools, toilets, garbage_pools, trees, industry)" \
  "vinfra：错误：数据包配置 'bad'（'$B' 第 2 行）：登记表中没有图层 \"roadz\"（图层：villages、households、roads、bridges、streetlights、water_tanks、water_pipes、rivers、signal_towers、clinics、elderly_care、committees、culture、schools、toilets、garbage_pools、trees、industry）" \
  "$VINFRA" export --profile bad --out "$O"
bad 'roads\troads\tid\tID\nroads\t\twidht\tWIDTH\n'
VINFRA_DATADIR=$T/data expect_fail2 1 "vinfra: error: profile 'bad' ('$B' line 3): layer \"roads\" has no field \"widht\" (fields: id, village, name, status, year, project, class, surface, width, length_m)" \
  "vinfra：错误：数据包配置 'bad'（'$B' 第 3 行）：图层 \"roads\" 没有字段 \"widht\"（字段：id、village、name、status、year、project、class、surface、width、length_m）" \
  "$VINFRA" export --profile bad --out "$O"
bad 'roads\t../roads\tid\tID\n'
VINFRA_DATADIR=$T/data expect_fail2 1 "vinfra: error: profile 'bad' ('$B' line 2): file \"../roads\": expected a plain file name (no folder, no leading dot): it would be written outside the package folder" \
  "vinfra：错误：数据包配置 'bad'（'$B' 第 2 行）：文件 \"../roads\"：应为单纯的文件名（不含文件夹，不以点开头）：否则会写到数据包文件夹之外" \
  "$VINFRA" export --profile bad --out "$O"
bad 'roads\troads\tid\tID\nroads\t\tclass\t道路等级名称\n'
VINFRA_DATADIR=$T/data expect_fail2 1 "vinfra: error: profile 'bad' ('$B'): layer \"roads\": field name \"道路等级名称\" is 12 bytes in GBK: a shapefile field name holds at most 10 (choose a shorter name in the profile)" \
  "vinfra：错误：数据包配置 'bad'（'$B'）：图层 \"roads\"：字段名 \"道路等级名称\" 按 GBK 为 12 字节：shapefile 字段名最多 10 字节（请在配置中换个短一些的名称）" \
  "$VINFRA" export --profile bad --out "$O"
nothing_written "$O"
[ ! -e "$T/pkg/roads.shp" ] && [ ! -e "$T/roads.shp" ] || fail "a file was written outside the package folder"

# Values that do not fit a shapefile field: an error naming feature and field.
sql "$DB" "UPDATE roads SET name = replace(hex(zeroblob(150)), '00', '路') WHERE fid = 3"
expect_fail2 1 'vinfra: error: cannot export layer "roads": feature 3 (id "R-大坪-001"): field "NAME" (name): expected at most 254 bytes of text in a shapefile, got 300 bytes in GBK' \
  'vinfra：错误：无法导出图层 "roads"：第 3 个要素（编号 "R-大坪-001"）：字段 "NAME"（name）：shapefile 中的文字应最多 254 字节，按 GBK 实为 300 字节' \
  "$VINFRA" export --profile transport --out "$O"
nothing_written "$O"
sql "$DB" "UPDATE roads SET name = '𠀀' WHERE fid = 3"
expect_fail2 1 'vinfra: error: cannot export layer "roads": feature 3 (id "R-大坪-001"): field "NAME" (name): "𠀀" has a character that GBK lacks (export with --encoding UTF-8)' \
  'vinfra：错误：无法导出图层 "roads"：第 3 个要素（编号 "R-大坪-001"）：字段 "NAME"（name）："𠀀" 含有 GBK 中没有的字符（请用 --encoding UTF-8 导出）' \
  "$VINFRA" export --profile transport --out "$O"
expect_ok "$VINFRA" export --profile transport --encoding UTF-8 --out "$T/utf8"
sql "$DB" "UPDATE roads SET name = 'x' WHERE fid = 3; UPDATE bridges SET width = 1e17 WHERE fid = 2"
expect_fail2 1 'vinfra: error: cannot export layer "bridges": feature 2 (id "BR-双龙-001"): field "WIDTH_M" (width): expected a number of at most 19 characters in a shapefile, got 100000000000000000, 20 characters with 1 decimals' \
  'vinfra：错误：无法导出图层 "bridges"：第 2 个要素（编号 "BR-双龙-001"）：字段 "WIDTH_M"（width）：shapefile 中的数字应最多 19 个字符，实为 100000000000000000，带 1 位小数共 20 个字符' \
  "$VINFRA" export --profile transport --out "$O"
nothing_written "$O"
sql "$DB" "UPDATE bridges SET width = 6 WHERE fid = 2"

# A village named "../x": the package's file names stay inside the folder.
sql "$DB" "UPDATE villages SET name = '../x' WHERE name = '上雷村';
  UPDATE roads SET village = '../x' WHERE village = '上雷村'"
mkdir -p "$T/v/pkg"
for fmt in gpkg dxf xlsx kmz; do
  expect_ok "$VINFRA" export --profile transport --village ../x --format "$fmt" --zip --out "$T/v/pkg/$fmt"
done
assert_eq "dxf gpkg kmz xlsx" "$(ls "$T/v/pkg" | tr '\n' ' ' | sed 's/ $//')" "only the package folders"
assert_eq "pkg" "$(ls -A "$T/v")" "nothing beside the package folders"
assert_eq "transport-_._x.zip transport-_._x.zip.sha256" "$(cd "$T/v/pkg/gpkg" && echo *)" "file names from the village"
/usr/bin/python3 -c 'import sys, zipfile; names = zipfile.ZipFile(sys.argv[1]).namelist(); assert all("/" not in n and not n.startswith(".") for n in names), names' \
  "$T/v/pkg/gpkg/transport-_._x.zip" || fail "zip entries leave the folder"
echo ok
