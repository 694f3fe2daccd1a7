#!/usr/bin/env bash
# vinfra atlas and the demo's maps: the booklet's pages (cover, overview,
# charts, what changed, one per village), its figures and text, fonts
# embedded; the demo writing the atlas and a map of each kind; errors.
#
# The atlas's numbers are checked against the reports: every line of the
# cover's money and main works, each village's figure on the overview and
# each village's coverage table are computed here from `vinfra stats` and
# `vinfra coverage` (JSON) and must appear on their page exactly.
. "$TESTS_DIR/lib.sh"
set -e
need pdftotext
need pdfinfo
need python3
PROBE=${PNG_PROBE:?}
"$VINFRA" demo --out "$T/d" >/dev/null 2>"$T/demo.err" || { cat "$T/demo.err"; fail "demo"; }
assert_contains "$T/demo.err" "地图与图集：$T/d/maps"
DB=$T/d/demo.sqlite
# The demo's maps: one A4 landscape page each, PNGs at 150 dpi with a map on them.
for m in village-上雷村 coverage-clinic gaps-clinic overview; do
  pdfinfo "$T/d/maps/$m.pdf" >"$T/info" || fail "maps/$m.pdf is not a PDF"
  assert_contains "$T/info" "Pages:           1"
  assert_contains "$T/info" "Page size:       841.89 x 595.276 pts (A4)"
  read -r w h coloured colours < <("$PROBE" stats "$T/d/maps/$m.png")
  assert_eq "1754 1240" "$w $h" "maps/$m.png size"
  python3 -c "import sys; c=float(sys.argv[1].split('=')[1]); n=int(sys.argv[2].split('=')[1]); sys.exit(0 if c > 30 and n > 1000 else 1)" \
    "$coloured" "$colours" || fail "maps/$m.png looks blank: $coloured $colours"
done
A=$T/d/maps/atlas.pdf
"$VINFRA" stats --db "$DB" --format json >"$T/stats.json"
"$VINFRA" coverage --db "$DB" --format json >"$T/coverage.json"
"$VINFRA" coverage --db "$DB" --as-of 2015 --format json >"$T/coverage-before.json"
nv=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['villages']))" "$T/stats.json")
assert_eq 11 "$nv" "villages in the demo"
pdfinfo "$A" >"$T/info"
assert_contains "$T/info" "Pages:           $((4 + nv))"    # cover, overview, charts, what changed, one per village
assert_contains "$T/info" "Page size:       841.89 x 595.276 pts (A4)"
pdftotext -raw "$A" - | tr -d ' ' >"$T/a.txt"
for p in $(seq 1 $((4 + nv))); do pdftotext -raw -f "$p" -l "$p" "$A" - | tr -d ' ' >"$T/page-$p.txt"; done
# Every expected line, page by page, from the reports.
python3 - "$T" "$TESTS_DIR/../data/programmes.tsv" <<'PY' || fail "the atlas's figures differ from the reports"
import json, sys
t, programmes = sys.argv[1], sys.argv[2]
stats = json.load(open(t + '/stats.json'))
cov = json.load(open(t + '/coverage.json'))
before = json.load(open(t + '/coverage-before.json'))
total = stats['total']
def page(p):
    return open('%s/page-%d.txt' % (t, p), encoding='utf-8').read().split('\n')
def km(x):
    return '%.1f' % (x / 1000)
bad = 0
def expect(p, lines, what):
    global bad
    text = page(p)
    for line in lines:
        if line not in text:
            print('page %d (%s): no line %r' % (p, what, line)); bad += 1
# The cover: projects and money by programme, the total, the main works.
names = {}
for row in open(programmes, encoding='utf-8'):
    cells = row.rstrip('\n').split('\t')
    if row.startswith('#') or cells[0] == 'key' or len(cells) < 2:
        continue
    names[cells[0]] = cells[1]
cover = ['帮扶村基础设施图集', '项目与资金', '主要建设内容']
for key, v in total['projects'].items():
    cover.append('%s%d%.1f' % (names[key], v['count'], v['funding_wan']))
cover.append('合计%d%.1f' % (total['projects_total']['count'], total['projects_total']['funding_wan']))
built = lambda layer: total[layer]['built']
cover += ['新建、拓宽、硬化道路%s公里' % km(built('roads')['length_m']),
          '便民桥%d座' % built('bridges')['count'], '蓄水池%d个' % built('water_tanks')['count'],
          '饮水管道%s公里' % km(built('water_pipes')['length_m']),
          '信号塔%d座' % built('signal_towers')['count'], '路灯%d盏' % built('streetlights')['count'],
          '村医务室%d个' % built('clinics')['count'], '养老服务设施%d个' % built('elderly_care')['count'],
          '公共厕所%d座' % built('toilets')['count'], '垃圾池%d个' % built('garbage_pools')['count'],
          '农户%d户，人口%d人' % (total['households']['count'], total['households']['people'])]
expect(1, cover, 'cover')
# The overview: each village's name, and under it the road it built.
ov = page(2)
for v in stats['villages']:
    want = km(v['roads']['built']['length_m']) + '公里'
    at = [i for i, line in enumerate(ov) if line == v['name']]
    if not at or ov[at[0] + 1] != want:
        print('page 2 (overview): %s not followed by %r' % (v['name'], want)); bad += 1
expect(2, ['帮扶村总览图', '%d个行政村·村名下为新建/拓宽/硬化道路' % len(stats['villages'])], 'overview')
expect(3, ['投资（按类别）', '道路里程（按状态）', '各村服务覆盖率（直线距离标准）'], 'charts')
# What changed over the programme's years (the demo's ledger: 2016 to 2020).
expect(4, ['2016—2020年的变化', '各年年底各项服务覆盖的农户比例（直线距离）',
           '各年建设道路里程（按类型）', '各年投入资金'], 'what changed')
if not any(l.startswith('2015（帮扶前）2016') for l in page(4)):
    print('page 4 (what changed): no year ends from 2015 (before)'); bad += 1
# Each village's page: its title and the coverage of each service by
# straight line, as vinfra coverage counts it.
def pct(a, b):
    return '%.1f%%' % (100.0 * a / b) if b else '—'
services = [s for s in cov['services']
            if any(m['key'] == 'line' and m['target'] == 'households' for m in s['measures'])]
for i, v in enumerate(stats['villages']):
    rows = ['%s基础设施图' % v['name'],
            '服务（直线距离标准）覆盖户数户覆盖率覆盖人口人口覆盖率2015年底→2020年底']
    for s in services:
        c = next(x for x in s['villages'] if x['name'] == v['name'])['line']
        bs = next(x for x in before['services'] if x['service'] == s['service'])
        b = next(x for x in bs['villages'] if x['name'] == v['name'])['line']
        change = '%.0f%%→%.0f%%' % (100.0 * b['served_households'] / b['households'],
                                    100.0 * c['served_households'] / c['households'])
        rows.append('%s%d/%d%s%d/%d%s%s' % (s['name'], c['served_households'], c['households'],
                                            pct(c['served_households'], c['households']),
                                            c['served_people'], c['people'],
                                            pct(c['served_people'], c['people']), change))
    expect(5 + i, rows, v['name'])
    # The village's name is on its own page's title only.
    for j, w in enumerate(stats['villages']):
        if j != i and '%s基础设施图' % w['name'] in page(5 + i):
            print('page %d: title of %s' % (5 + i, w['name'])); bad += 1
sys.exit(1 if bad else 0)
PY
[ "$(grep -c '服务（直线距离标准）' "$T/a.txt")" = "$nv" ] || fail "expected $nv coverage tables"
assert_contains "$T/a.txt" "村医务室0/1720.0%0/5690.0%0%→0%"    # 东岔村 has no clinic
# Fonts are embedded (a meeting's printer has no CJK fonts of its own).
if command -v pdffonts >/dev/null 2>&1; then
  pdffonts "$A" | awk 'NR > 2 && $(NF-4) != "yes" {bad = 1} END {exit bad}' || fail "a font of the atlas is not embedded"
fi
# English.
expect_ok "$VINFRA" atlas --db "$DB" --out "$T/en.pdf" --lang en
assert_contains "$T/err" "$T/en.pdf (15 pages)"
pdftotext -raw "$T/en.pdf" - | tr -d ' ' >"$T/en.txt"
for s in Atlasoftheassistedvillages\'infrastructure Projectsandfunding 33.6kmofroadbuilt,widenedorhardened \
         5footbridges 853streetlights 2934households,9645people Investmentbyprogramme; do
  assert_contains "$T/en.txt" "$s"
done
expect_fail 2 "vinfra: error: atlas: --out FILE.pdf is required (the atlas is a PDF)" "$VINFRA" atlas --db "$DB" --out "$T/a.png"
expect_fail 2 "vinfra: error: atlas: --dem '$T/none.tif': no such file" "$VINFRA" atlas --db "$DB" --out "$T/b.pdf" --dem "$T/none.tif"
expect_fail 2 "vinfra: error: atlas: --paper must be one of A0, A1, A2, A3, A4, A5, B3, B4, not \"C9\"" "$VINFRA" atlas --db "$DB" --out "$T/b.pdf" --paper C9
echo ok
