#!/usr/bin/env bash
# Phone GPS tracks are cleaned before their length counts (track-clean.h):
# simulated 1 Hz walks along known roads (tests/import/gen/gpx.py, several
# seeds: 2-3 m of correlated noise, stops, jumps, poor-hdop stretches) are
# stored within 2% of the road's length as GeodSolve measures it, though the
# recorded track is far longer; the summary gives the recorded length (as
# GDAL and SpatiaLite measure the file), the stored one, the fixes dropped
# (exactly the poor and the jumping ones) and the stops collapsed.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
need GeodSolve
need python3

# road_length ROAD.TXT: the geodesic length (m) of the "lat lon" polyline.
road_length() {
  awk 'NR > 1 { print lat, lon, $1, $2 } { lat = $1; lon = $2 }' "$1" | GeodSolve -i |
    awk '{ s += $3 } END { printf "%.3f\n", s }'
}
count() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
# within PCT GOT WANT
within() { awk -v p="$1" -v g="$2" -v w="$3" 'BEGIN { d = (g - w) / w; exit !(d < p / 100 && d > -p / 100) }'; }

for seed in 1 2 3 5 8; do
  G="$T/walk$seed"
  python3 "$TESTS_DIR/import/gen/gpx.py" "$G" "$seed"
  road=$(road_length "$G/road.txt")
  db=$(fresh "walk$seed")
  expect_ok "$VINFRA" import "$G/walk.gpx" --layer roads --db "$db" --lang en
  got=$(db_length "$db" roads)
  raw=$(ref_length "$G/walk.gpx" tracks)
  within 2 "$got" "$road" || fail "seed $seed: stored $got m for a road of $road m (recorded $raw m)"
  awk -v r="$raw" -v w="$road" 'BEGIN { exit !(r > 1.05 * w) }' ||
    fail "fixture seed $seed: the recorded track ($raw m) is not longer than the road ($road m)"
  dropped=$(($(count poor "$G/counts.txt") + $(count jump_fixes "$G/counts.txt")))
  stops=$(sed -n 's/.* \([0-9]*\) stops collapsed)$/\1/p' "$T/out")
  [ -n "$stops" ] && [ "$stops" -ge "$(count stops "$G/counts.txt")" ] ||
    fail "seed $seed: ${stops:-no} stops collapsed for $(count stops "$G/counts.txt") stops made"
  assert_eq "imported '$G/walk.gpx' into roads: 1 read, 1 written, 0 skipped; GPS track $(printf '%.0f' "$raw") m as recorded, $(printf '%.0f' "$got") m cleaned ($dropped poor or jumping fixes dropped, $stops stops collapsed)" \
    "$(cat "$T/out")" "seed $seed summary"
done

# The same walk as a KML gx:Track (libkml reads it as a plain line: the
# times come from the file's when elements), its poor fixes in it as KML
# cannot mark them: found by how they stand out of their neighbours; a line
# drawn beside it is stored as drawn, to the millimetre.
db=$(fresh kml)
expect_ok "$VINFRA" import "$G/walk.kml" --layer roads --db "$db" --lang en
kml_raw=$(ref_length "$G/walk.kml" walk -where "Name <> 'drawn'")
kml_got=$(sql "$db" "select printf('%.3f', GeodesicLength(geom)) from roads where name <> 'drawn'")
kml_stops=$(sed -n 's/.* \([0-9]*\) stops collapsed)$/\1/p' "$T/out")
kml_dropped=$(sed -n 's/.* (\([0-9]*\) poor or jumping fixes dropped.*/\1/p' "$T/out")
[ -n "$kml_dropped" ] && [ "$kml_dropped" -ge "$(count jump_fixes "$G/counts.txt")" ] ||
  fail "KML gx:Track: ${kml_dropped:-no} fixes dropped for $(count jump_fixes "$G/counts.txt") jumping and $(count poor "$G/counts.txt") poor"
assert_eq "imported '$G/walk.kml' into roads: 2 read, 2 written, 0 skipped; fields begin, end are not in layer roads: not imported; GPS track $(printf '%.0f' "$kml_raw") m as recorded, $(printf '%.0f' "$kml_got") m cleaned ($kml_dropped poor or jumping fixes dropped, $kml_stops stops collapsed)" \
  "$(cat "$T/out")" "KML summary"
within 2 "$kml_got" "$road" || fail "KML gx:Track: stored $kml_got m for a road of $road m"
assert_eq "$(ref_length "$G/walk.kml" walk -where "Name = 'drawn'")" \
  "$(sql "$db" "select printf('%.3f', GeodesicLength(geom)) from roads where name = 'drawn'")" "KML drawn line"
assert_eq 3 "$(sql "$db" "select NumPoints(GeometryN(geom, 1)) from roads where name = 'drawn'")" "KML drawn line vertices"

# In Chinese, and for a dry run the same cleaning without writing.
db=$(fresh zh)
before=$(sha "$db")
expect_ok "$VINFRA" import "$G/walk.gpx" --layer roads --db "$db" --dry-run
assert_eq "已检查 '$G/walk.gpx' → 道路：读取 1 条，可写入 1 条，跳过 0 条，未写入（试运行）；GPS 轨迹原长 $(printf '%.0f' "$raw") 米，清理后 $(printf '%.0f' "$got") 米（剔除精度差的点和跳点 $dropped 个，合并停留 $stops 处）" \
  "$(cat "$T/out")" "zh dry-run summary"
assert_eq "$before" "$(sha "$db")" "dry run: database unchanged"

# A phone that logs no times: jumps are judged per fix, the length the same.
sed -E 's#<time>[^<]*</time>##' "$G/walk.gpx" > "$T/notime.gpx"
db=$(fresh notime)
expect_ok "$VINFRA" import "$T/notime.gpx" --layer roads --db "$db"
within 2 "$(db_length "$db" roads)" "$road" ||
  fail "without times: stored $(db_length "$db" roads) m for a road of $road m"

# Tracks that say nothing of their accuracy (GPX without hdop, KML
# gx:Track, KMZ) on roads of every kind: winding, the switchbacks of a
# mountain village, 100-300 m short ones; the poor fixes are in them
# unmarked.  Each within 2% of its road, neither long nor cut short.  On a
# short road the noise at its two ends alone can be 2%: the length compared
# is the road between the places the first and last fixes give its ends
# (gen/gpx.py's "ends"), which on the long roads differs by a few metres.
for walk in "curvy 2" "switchback 1" "short 1" "short 4" "village 6"; do
  set -- $walk
  G="$T/$1$2"
  python3 "$TESTS_DIR/import/gen/gpx.py" "$G" "$2" "$1"
  road=$(road_length "$G/road.txt")
  walked=$(awk -v r="$road" '$1 == "ends" { printf "%.3f\n", r + $2 }' "$G/counts.txt")
  sed -E 's#<hdop>[^<]*</hdop>##' "$G/walk.gpx" > "$G/nohdop.gpx"
  for file in nohdop.gpx walk.kml walk.kmz; do
    db=$(fresh "$1$2$file")
    expect_ok "$VINFRA" import "$G/$file" --layer roads --db "$db" --lang en
    got=$(sql "$db" "select printf('%.3f', GeodesicLength(geom)) from roads where name <> 'drawn'")
    within 2 "$got" "$walked" ||
      fail "$1 road, seed $2, $file: stored $got m for a road of $road m ($walked m between the ends the fixes give, noise $(count sigma "$G/counts.txt") m)"
    [ "$1" = short ] || within 2 "$got" "$road" ||
      fail "$1 road, seed $2, $file: stored $got m for a road of $road m"
    grep -qE "; GPS track [0-9]+ m as recorded, $(printf '%.0f' "$got") m cleaned \([0-9]+ poor or jumping fixes dropped, [0-9]+ stops collapsed\)\$" "$T/out" ||
      fail "$1 road, seed $2, $file: summary without the recorded and cleaned lengths: $(cat "$T/out")"
  done
done
echo ok
