#!/usr/bin/env bash
# vinfra render and atlas --as-of: the maps say the year under their title,
# draw the world of that year (a coverage map's figures are those of
# vinfra coverage --as-of; a village map of 2016 has no streetlights and no
# clinics in its legend), and the atlas's cover, "what changed" page and
# village tables end at that year.
. "$TESTS_DIR/lib.sh"
set -e
need pdftotext
demo_db "$T"
DB="$T/demo.sqlite"
text() { pdftotext -raw "$1" - | tr -d ' '; }

expect_ok "$VINFRA" render --db "$DB" --as-of 2016 --out "$T/v2016.pdf"
expect_ok "$VINFRA" render --db "$DB" --out "$T/today.pdf"
text "$T/v2016.pdf" >"$T/v2016.txt"
text "$T/today.pdf" >"$T/today.txt"
assert_contains "$T/v2016.txt" "截至2016年底·道路、饮水、照明"
grep -q "截至" "$T/today.txt" && fail "a map of today says a year"
# The legend lists what was drawn: today's has streetlights and clinics.
for what in 路灯 村医务室; do
  grep -qx "$what" "$T/today.txt" || fail "today's legend lacks $what"
  grep -qx "$what" "$T/v2016.txt" && fail "the legend of 2016 has $what, built later"
done
expect_ok "$VINFRA" render --db "$DB" --as-of 2016 --out "$T/en.pdf" --lang en
text "$T/en.pdf" >"$T/en.txt"
assert_contains "$T/en.txt" "asoftheendof2016·"

# A coverage map of 2018: its figures are coverage's as of 2018.
for y in 2018 2019; do
  expect_ok "$VINFRA" render --db "$DB" --as-of $y --map coverage --service clinic --out "$T/c$y.pdf"
  text "$T/c$y.pdf" >"$T/c$y.txt"
  expect_ok "$VINFRA" coverage --db "$DB" --as-of $y --service clinic --by line --format json
  n=$(python3 -c "import json; t = json.load(open('$T/out'))['services'][0]['total']['line']; print('%d/%d户' % (t['served_households'], t['households']))")
  assert_contains "$T/c$y.txt" "覆盖农户$n"
done
cmp -s "$T/c2018.txt" "$T/c2019.txt" && fail "the coverage maps of 2018 and 2019 are the same"

# The atlas as of 2018: the cover says so, what changed ends in 2018, and
# each village's table goes from the end of 2015 to the end of 2018.
expect_ok "$VINFRA" atlas --db "$DB" --as-of 2018 --out "$T/a2018.pdf"
text "$T/a2018.pdf" >"$T/a2018.txt"
for want in "统计时点：截至2018年底" "2016—2018年的变化" "2015年底→2018年底"; do
  assert_contains "$T/a2018.txt" "$want"
done
grep -q "2016—2020年的变化" "$T/a2018.txt" && fail "the atlas of 2018 tells 2019 and 2020"
# Its money: the ledger's to the end of 2018.
expect_ok "$VINFRA" stats --db "$DB" --as-of 2018 --layer projects --format json
wan=$(python3 -c "import json; print('%.1f' % json.load(open('$T/out'))['total']['projects_total']['funding_wan'])")
assert_eq "$(sql "$DB" "SELECT printf('%.1f', sum(funding_wan)) FROM projects WHERE year <= 2018")" "$wan" \
  "funding to the end of 2018"
assert_contains "$T/a2018.txt" "合计$(python3 -c "import json; print(json.load(open('$T/out'))['total']['projects_total']['count'])")$wan"
# Before the programme there is nothing to tell: no "what changed" page.
expect_ok "$VINFRA" atlas --db "$DB" --as-of 2015 --out "$T/a2015.pdf"
text "$T/a2015.pdf" >"$T/a2015.txt"
grep -q "年的变化" "$T/a2015.txt" && fail "the atlas of 2015 has a page of what changed"
assert_contains "$T/a2015.txt" "统计时点：截至2015年底"
[ "$(pdfinfo "$T/a2015.pdf" | awk '/^Pages:/ {print $2}')" = \
  "$(( $(pdfinfo "$T/a2018.pdf" | awk '/^Pages:/ {print $2}') - 1 ))" ] ||
  fail "the atlas of 2015 should have one page less than that of 2018"

# Errors name the option.
max=$(date -u +%Y)
expect_fail2 2 "vinfra: error: render: --as-of: expected a year from 1949 to $max, got \"18\"" \
  "vinfra：错误：render：--as-of：应为 1949 至 $max 年之间的年份，实为 \"18\"" \
  "$VINFRA" render --db "$DB" --as-of 18 --out "$T/x.pdf"
expect_fail2 2 "vinfra: error: atlas: --as-of: expected a year from 1949 to $max, got \"$((max + 1))\"" \
  "vinfra：错误：atlas：--as-of：应为 1949 至 $max 年之间的年份，实为 \"$((max + 1))\"" \
  "$VINFRA" atlas --db "$DB" --as-of $((max + 1)) --out "$T/x.pdf"
echo ok
