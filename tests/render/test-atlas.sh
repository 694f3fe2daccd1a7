#!/usr/bin/env bash
# vinfra atlas and the demo's maps: the booklet's pages (cover, overview,
# charts, one per village), its figures and text, fonts embedded; the demo
# writing the atlas and a map of each kind; errors.
. "$TESTS_DIR/lib.sh"
set -e
need pdftotext
need pdfinfo
"$VINFRA" demo --out "$T/d" >/dev/null 2>"$T/demo.err" || { cat "$T/demo.err"; fail "demo"; }
assert_contains "$T/demo.err" "地图与图集：$T/d/maps"
for f in atlas.pdf village-上雷村.pdf village-上雷村.png coverage-clinic.pdf coverage-clinic.png \
         gaps-clinic.pdf gaps-clinic.png overview.pdf overview.png; do
  [ -s "$T/d/maps/$f" ] || fail "demo did not write maps/$f"
done
A=$T/d/maps/atlas.pdf
pdfinfo "$A" >"$T/info"
assert_contains "$T/info" "Pages:           14"
assert_contains "$T/info" "Page size:       841.89 x 595.276 pts (A4)"
pdftotext -raw "$A" - | tr -d ' ' >"$T/a.txt"
# Cover: money by programme and the main works, as the report gives them.
for s in 帮扶村基础设施图集 基建扶贫1521898.5 合计2364590.0 养老服务设施2个 新建、拓宽、硬化道路33.6公里 便民桥5座 \
         蓄水池14个 饮水管道5.0公里 信号塔2座 路灯853盏 村医务室10个 农户2934户，人口9645人 \
         投资（按类别） 道路里程（按状态） 各村服务覆盖率（直线距离标准） 帮扶村总览图; do
  assert_contains "$T/a.txt" "$s"
done
# One page per village, each with its coverage table.
for v in 上雷村 双龙村 大坪村 七安子村 甘坪村 阿氏村 白岩沟村 小沟口村 东岔村 石门村 马家坪村; do
  assert_contains "$T/a.txt" "${v}基础设施图"
done
[ "$(grep -c '服务（直线距离标准）' "$T/a.txt")" = 11 ] || fail "expected 11 coverage tables"
assert_contains "$T/a.txt" "村医务室0/1720.0%0/5690.0%"    # 东岔村 has no clinic
# English.
expect_ok "$VINFRA" atlas --db "$T/d/demo.sqlite" --out "$T/en.pdf" --lang en
assert_contains "$T/err" "$T/en.pdf (14 pages)"
pdftotext -raw "$T/en.pdf" - | tr -d ' ' >"$T/en.txt"
for s in Atlasoftheassistedvillages\'infrastructure Projectsandfunding 33.6kmofroadbuilt,widenedorhardened Investmentbyprogramme; do
  assert_contains "$T/en.txt" "$s"
done
expect_fail 2 "vinfra: error: atlas: --out FILE.pdf is required (the atlas is a PDF)" "$VINFRA" atlas --db "$T/d/demo.sqlite" --out "$T/a.png"
echo ok
