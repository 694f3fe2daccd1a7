#!/usr/bin/env bash
# vinfra render end to end on the demo: page sizes, PDF text (title, village
# names, legend entries, figures) and embedded fonts, PNG not blank and at its
# dpi, SVG in millimetres, the legend listing only what is drawn, hillshade,
# a reference image within a pixel budget, and every usage error's exact text
# with nothing written.
. "$TESTS_DIR/lib.sh"
set -e
need pdftotext
need pdfinfo
need pdffonts
PROBE=${PNG_PROBE:?}
demo_db "$T/d"
DB=$T/d/demo.sqlite
R() { "$VINFRA" render --db "$DB" "$@"; }
text() { { pdftotext -raw "$1" -; pdftotext "$1" -; } | tr -d ' '; }

# A village map on A3 portrait: size, title, names, legend, fonts embedded.
expect_ok R --map village --village 东岔村 --out "$T/v.pdf" --paper A3 --orientation portrait
assert_contains "$T/err" "$T/v.pdf"
pdfinfo "$T/v.pdf" >"$T/info"
assert_contains "$T/info" "Page size:       841.89 x 1190.55 pts (A3)"
text "$T/v.pdf" >"$T/v.txt"
for s in 东岔村基础设施图 图例 行政村界 蓄水池 信号塔 村委会 东岔村村委会 东岔村一组蓄水池 \
         坐标系 EPSG:4545 数据来源 demo.sqlite 数据日期; do
  assert_contains "$T/v.txt" "$s"
done
pdffonts "$T/v.pdf" | tail -n +3 >"$T/fonts"
[ -s "$T/fonts" ] || fail "no fonts in the PDF: its text is not text"
awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' "$T/fonts" || { cat "$T/fonts"; fail "a font is not embedded"; }
grep -q WenQuanYi "$T/fonts" || { cat "$T/fonts"; fail "the CJK font is not embedded"; }

# English: every word the renderer writes switches.
expect_ok R --map village --village 东岔村 --out "$T/en.pdf" --lang en
text "$T/en.pdf" >"$T/en.txt"
for s in Infrastructureof东岔村 Legend villageboundary watertank CRS: EPSG:4545 Source: demo.sqlite; do
  assert_contains "$T/en.txt" "$s"
done
grep -q 图例 "$T/en.txt" && fail "Chinese legend title in the English map"

# The overview lists only what it draws: no clinic, no household in its legend.
expect_ok R --map overview --out "$T/o.pdf"
text "$T/o.pdf" >"$T/o.txt"
for s in 帮扶村总览图 上雷村 3.1公里 七安子村 7.0公里 位置示意 蓝田县 行政村界 新建/拓宽/硬化道路; do
  assert_contains "$T/o.txt" "$s"
done
grep -q 村医务室 "$T/o.txt" && fail "the overview's legend lists clinics it does not draw"
grep -q 农户 "$T/o.txt" && fail "the overview's legend lists households it does not draw"

# Coverage and gaps carry the figures of vinfra coverage and plan.
expect_ok R --map coverage --service clinic --out "$T/c.pdf"
text "$T/c.pdf" >"$T/c.txt"
for s in 村医务室覆盖图 服务标准：直线≤2公里 覆盖农户2237/2934户（76.2%） 已覆盖农户 未覆盖农户 服务范围（直线距离）; do
  assert_contains "$T/c.txt" "$s"
done
expect_ok R --map coverage --service clinic --by road --out "$T/cr.pdf"
text "$T/cr.pdf" >"$T/cr.txt"
assert_contains "$T/cr.txt" "覆盖农户2640/2934户（90.0%）"
assert_contains "$T/cr.txt" "沿道路3000米内可达"
expect_ok R --map coverage --service streetlight --village 双龙村 --out "$T/l.pdf"
text "$T/l.pdf" >"$T/l.txt"
assert_contains "$T/l.txt" "有照明道路（路灯25米内）"
assert_contains "$T/l.txt" "无照明道路"
expect_ok R --map gaps --service clinic --add 1 --out "$T/g.pdf"
text "$T/g.pdf" >"$T/g.txt"
assert_contains "$T/g.txt" "规划点1：+172户569人"
assert_contains "$T/g.txt" "未覆盖697户2294人"
grep -q 规划点2 "$T/g.txt" && fail "--add 1 drew a second site"

# PNG: its size follows paper and dpi; not blank; SVG keeps millimetres.
expect_ok R --map village --village 双龙村 --out "$T/v.png" --dpi 100
read -r w h coloured colours < <("$PROBE" stats "$T/v.png")
assert_eq "1169 827" "$w $h" "A4 landscape at 100 dpi"
c=${coloured#coloured=}; n=${colours#colours=}
awk -v c="$c" 'BEGIN { exit !(c > 5) }' || fail "PNG nearly blank: $coloured"
[ "$n" -gt 50 ] || fail "PNG has only $n colours"
expect_ok R --map village --village 双龙村 --out "$T/v.svg"
grep -q 'width="297mm"' "$T/v.svg" || fail "SVG not in millimetres"

# Hillshade changes the map's ground, and only with a DEM.
expect_ok R --map village --village 东岔村 --out "$T/flat.png" --dpi 60
expect_ok R --map village --village 东岔村 --out "$T/relief.png" --dpi 60 --dem "$VINFRA_SRCDIR/data/demo/dem.tif"
d=$("$PROBE" diff "$T/flat.png" "$T/relief.png" 8)
awk -v d="${d#differ=}" 'BEGIN { exit !(d > 5) }' || fail "hillshade barely visible: $d"

# The reference image, within a budget of differing pixels (the footer's
# date changes daily).  VINFRA_UPDATE_REFS=1 regenerates it, on purpose only.
REF=$TESTS_DIR/render/ref/village-东岔村-60dpi.png
if [ "${VINFRA_UPDATE_REFS:-0}" = 1 ]; then
  cp "$T/flat.png" "$REF"
fi
d=$("$PROBE" diff "$REF" "$T/flat.png" 32)
awk -v d="${d#differ=}" 'BEGIN { exit !(d <= 0.5) }' || fail "village map differs from $REF: $d% of pixels"

# Usage errors: exit 2, exact text, nothing written.
expect_fail 2 "vinfra: error: render: --out FILE is required (a .pdf, .png or .svg)" R --map village
expect_fail 2 'vinfra: error: render: --map must be one of village, coverage, gaps, overview, not "streets"' R --map streets --out "$T/x.png"
expect_fail 2 'vinfra: error: render: --paper must be one of A0, A1, A2, A3, A4, A5, B3, B4, not "letter"' R --paper letter --out "$T/x.png"
expect_fail 2 'vinfra: error: render: --orientation must be one of landscape, portrait, not "up"' R --orientation up --out "$T/x.png"
expect_fail 2 'vinfra: error: render: --dpi must be between 36 and 1200, not 5000' R --dpi 5000 --out "$T/x.png"
expect_fail 2 'vinfra: error: render: --add must be between 0 and 50, not -1' R --map gaps --add -1 --out "$T/x.png"
expect_fail 2 "vinfra: error: render: the overview shows every village; --village is for the other maps" R --map overview --village 东岔村 --out "$T/x.png"
expect_fail2 2 "vinfra: error: render: '$T/x.jpg': the output's name must end in .pdf, .png or .svg" \
  "vinfra：错误：render：'$T/x.jpg'：输出文件名必须以 .pdf、.png 或 .svg 结尾" R --out "$T/x.jpg"
expect_fail2 2 'vinfra: error: render: no village "北村" (villages: 上雷村, 双龙村, 大坪村, 七安子村, 甘坪村, 阿氏村, 白岩沟村, 小沟口村, 东岔村, 石门村, 马家坪村)' \
  'vinfra：错误：render：没有村 "北村"（行政村：上雷村、双龙村、大坪村、七安子村、甘坪村、阿氏村、白岩沟村、小沟口村、东岔村、石门村、马家坪村）' \
  R --village 北村 --out "$T/x.png"
expect_fail 2 'vinfra: error: render: unknown service "bus": expected one of clinic, streetlight, water, signal, road, elderly, culture' R --map coverage --service bus --out "$T/x.png"
expect_fail 2 "vinfra: error: render: --dem '$T/none.tif': no such file" R --dem "$T/none.tif" --out "$T/x.png"
echo "not a raster" >"$T/text.tif"
expect_fail2 1 "vinfra: error: render: '$T/text.tif': cannot read the elevation model: not a raster GDAL can open" \
  "vinfra：错误：render：'$T/text.tif'：无法读取高程模型：不是 GDAL 能打开的栅格文件" R --dem "$T/text.tif" --out "$T/x.png"
printf '[layout]\nmargin_mm\t10\ncolor\t#ffffff\n[layers]\nlayer\tfill\n' >"$T/bad.tsv"
expect_fail 1 "vinfra: error: render: '$T/bad.tsv' line 3: unknown key \"color\"" R --style "$T/bad.tsv" --out "$T/x.png"
# A style's rows are checked against the registry, and never label personal data.
printf '[layout]\nmargin_mm\t10\n[layers]\nlayer\tfill\twhen\nroads\t#ff0000\tstatus=paved\n' >"$T/when.tsv"
expect_fail2 1 "vinfra: error: render: '$T/when.tsv' line 5: column \"when\": status of roads is one of new, widened, hardened, existing, planned, not \"paved\"" \
  "vinfra：错误：render：'$T/when.tsv' 第 5 行：列 \"when\"：roads 的 status 只能是 new、widened、hardened、existing、planned 之一，不能是 \"paved\"" \
  R --style "$T/when.tsv" --out "$T/x.png"
printf '[layout]\nmargin_mm\t10\n[layers]\nlayer\tlabel\nhouseholds\thead_name\n' >"$T/personal.tsv"
expect_fail2 1 "vinfra: error: render: '$T/personal.tsv' line 5: column \"label\": households.head_name is personal data and is never printed on a map" \
  "vinfra：错误：render：'$T/personal.tsv' 第 5 行：列 \"label\"：households.head_name 是个人信息，不会印在地图上" \
  R --style "$T/personal.tsv" --out "$T/x.png"
expect_fail2 2 "vinfra: error: render: no style \"fancy\" (looked for '$VINFRA_SRCDIR/maps/fancy.tsv'; give a style name from $VINFRA_SRCDIR/maps or a file)" \
  "vinfra：错误：render：没有样式 \"fancy\"（已查找 '$VINFRA_SRCDIR/maps/fancy.tsv'；请给出 $VINFRA_SRCDIR/maps 中的样式名或一个文件）" \
  R --style fancy --out "$T/x.png"
"$VINFRA" init --db "$T/empty.sqlite" >/dev/null 2>&1
expect_fail2 1 "vinfra: error: render: '$T/empty.sqlite': the villages layer is empty; import the village boundaries first" \
  "vinfra：错误：render：'$T/empty.sqlite'：行政村图层为空；请先导入行政村界" \
  "$VINFRA" render --db "$T/empty.sqlite" --out "$T/x.png"
[ ! -e "$T/x.png" ] || fail "a failed render left $T/x.png"
ls -A "$T" | grep -q '^\.x\.' && fail "a failed render left a temporary file"
# The black-and-white style draws too.
expect_ok R --map gaps --style print-bw --out "$T/bw.png" --dpi 60

# --help names the default service and the overview figures of data/maps.tsv;
# without a readable table, those of the bundled one.
expect_ok "$VINFRA" render --help --lang en
assert_contains "$T/out" "coverage and gaps: the service (default clinic; see 'vinfra coverage --list-services')"
assert_contains "$T/out" "overview: the figure under each village: roads (default), lights or clinic"
mkdir "$T/data"
cp "$VINFRA_DATADIR"/*.tsv "$T/data/"
sed -e 's/^service\tclinic$/service\twater/' -e '/^clinic\tcoverage\t/d' "$VINFRA_DATADIR/maps.tsv" >"$T/data/maps.tsv"
VINFRA_DATADIR=$T/data expect_ok "$VINFRA" render --help --lang en
assert_contains "$T/out" "coverage and gaps: the service (default water; see"
assert_contains "$T/out" "overview: the figure under each village: roads (default) or lights"
rm "$T/data/maps.tsv"
VINFRA_DATADIR=$T/data expect_ok "$VINFRA" render --help --lang en
assert_contains "$T/out" "(default clinic; see"
assert_contains "$T/out" "roads (default), lights or clinic"
echo ok
