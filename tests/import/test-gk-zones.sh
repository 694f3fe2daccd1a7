#!/usr/bin/env bash
# Chinese surveying coordinate systems as county files carry them
# (tests/import/gen/crs.py, several seeds): Gauss-Krueger eastings with the
# zone number in front (3- and 6-degree zones) without a .prj, in a GeoJSON
# without "crs", in tables (X the northing, as surveys write it), a .prj naming
# only Gauss_Kruger, one with a central meridian and no datum: read in the
# matching CGCS2000 zone, positions within 1 m of the truth (GeodSolve), the
# zone and the assumption said in the summary and the history.  Beijing 1954
# and Xi'an 1980 files: refused without the seven parameters (exact message,
# database byte-identical), within 1 m with them (--src-crs "+towgs84=..."
# or a PROJ pipeline), and tens of metres off when read as CGCS2000.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
need cs2cs
need projinfo
need GeodSolve
PY=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import shapefile' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || skip "python3 with pyshp (python3-pyshp) not installed"

# stored DB: "id lon lat" of every water tank.
stored() { sql "$1" "select id || ' ' || printf('%.9f %.9f', X(geom), Y(geom)) from water_tanks order by id"; }
# worst TRUTH GOT: the largest distance in metres between the same ids of two "id lon lat" lists.
worst() {
  join <(sort "$1") <(sort "$2") | awk '{ print $3, $2, $5, $4 }' | GeodSolve -i |
    awk '{ if ($3 > m) m = $3 } END { printf "%.3f\n", m }'
}
# within_1m TRUTH DB WHAT: every tank of DB within 1 m of TRUTH, all of them there.
within_1m() {
  stored "$2" > "$T/got"
  [ "$(wc -l < "$T/got")" -eq "$(wc -l < "$1")" ] || fail "$3: $(wc -l < "$T/got") tanks stored"
  local w; w=$(worst "$1" "$T/got")
  awk -v w="$w" 'BEGIN { exit !(w < 1) }' || fail "$3: a tank is $w m from its true position"
}
history_detail() { sql "$1" "select detail from history where action = 'import' order by rowid desc limit 1"; }

for seed in 3 8 21; do
  G="$T/gen$seed"
  "$PY" "$TESTS_DIR/import/gen/crs.py" "$G" "$seed"
  param() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$G/params.txt"; }
  z3=$(param zone3) cm=$(param cm)
  n=$(wc -l < "$G/truth.txt")
  head="imported '$G/%s.shp' into water_tanks: $n read, $n written, 0 skipped"

  # Zone-numbered eastings without a .prj: 3-degree zone 36 or 37, 6-degree zone 19.
  db=$(fresh "z3-$seed")
  expect_ok "$VINFRA" import "$G/zone3.shp" --layer water_tanks --db "$db" --lang en
  note="coordinates read in CGCS2000 3-degree Gauss-Kruger zone $z3 (EPSG:$((4513 + z3 - 25))), the zone from the number in front of the eastings; CGCS2000 assumed as there is no .prj (name another CRS with --src-crs)"
  assert_eq "$(printf "$head" zone3); $note" "$(cat "$T/out")" "zone3 summary"
  assert_eq "$G/zone3.shp ($note)" "$(history_detail "$db")" "zone3 history"
  within_1m "$G/truth.txt" "$db" "zone3 (seed $seed)"

  db=$(fresh "z6-$seed")
  expect_ok "$VINFRA" import "$G/zone6.shp" --layer water_tanks --db "$db"
  assert_eq "已导入 '$G/zone6.shp' → 蓄水池：读取 $n 条，写入 $n 条，跳过 0 条；坐标按 CGCS2000 6 度带高斯-克吕格投影第 19 带（EPSG:4497）读取，分带取自东坐标前的带号；没有 .prj 文件，假定为 CGCS2000（用 --src-crs 指定其他坐标系）" \
    "$(cat "$T/out")" "zone6 summary"
  within_1m "$G/truth.txt" "$db" "zone6 (seed $seed)"

  # The same eastings in a GeoJSON without "crs" (GDAL reads it as WGS 84).
  ogr2ogr -f GeoJSON -lco RFC7946=NO "$G/zone3.geojson" "$G/zone3.shp"
  db=$(fresh "z3json-$seed")
  expect_ok "$VINFRA" import "$G/zone3.geojson" --layer water_tanks --db "$db" --lang en
  assert_eq "imported '$G/zone3.geojson' into water_tanks: $n read, $n written, 0 skipped; coordinates read in CGCS2000 3-degree Gauss-Kruger zone $z3 (EPSG:$((4513 + z3 - 25))), the zone from the number in front of the eastings; CGCS2000 assumed as the file's CRS is longitude/latitude but its coordinates are not degrees (name another CRS with --src-crs)" \
    "$(cat "$T/out")" "zone3.geojson summary"
  within_1m "$G/truth.txt" "$db" "zone3.geojson (seed $seed)"

  # Tables: the column with the zone number is the easting, whether it is
  # called x or, as Chinese surveys write it, Y.
  db=$(fresh "table-$seed")
  expect_ok "$VINFRA" import "$G/table.csv" --layer water_tanks --db "$db" --lang en
  table_note="coordinates read in CGCS2000 3-degree Gauss-Kruger zone $z3 (EPSG:$((4513 + z3 - 25))), the zone from the number in front of the eastings; CGCS2000 assumed as a table's columns name no CRS (name another CRS with --src-crs)"
  assert_eq "imported '$G/table.csv' into water_tanks: $n read, $n written, 0 skipped; $table_note" "$(cat "$T/out")" "table.csv summary"
  within_1m "$G/truth.txt" "$db" "table.csv (seed $seed)"
  db=$(fresh "survey-$seed")
  expect_ok "$VINFRA" import "$G/survey.csv" --layer water_tanks --db "$db" --lang en
  assert_eq "imported '$G/survey.csv' into water_tanks: $n read, $n written, 0 skipped; $table_note; northings in column \"X\", eastings in \"Y\" (a survey's X and Y)" "$(cat "$T/out")" "survey.csv summary"
  within_1m "$G/truth.txt" "$db" "survey.csv (seed $seed)"

  # A .prj naming only Gauss_Kruger: the zone from the eastings.
  db=$(fresh "gk-$seed")
  expect_ok "$VINFRA" import "$G/gkonly.shp" --layer water_tanks --db "$db" --lang en
  assert_eq "$(printf "$head" gkonly); coordinates read in CGCS2000 3-degree Gauss-Kruger zone $z3 (EPSG:$((4513 + z3 - 25))), the zone from the number in front of the eastings; CGCS2000 assumed as gkonly.prj names only Gauss-Kruger (name another CRS with --src-crs)" \
    "$(cat "$T/out")" "gkonly summary"
  within_1m "$G/truth.txt" "$db" "gkonly (seed $seed)"

  # A central meridian and no datum: the zone from the meridian.
  db=$(fresh "cm-$seed")
  expect_ok "$VINFRA" import "$G/gkcm.shp" --layer water_tanks --db "$db" --lang en
  assert_eq "$(printf "$head" gkcm); coordinates read in CGCS2000 Gauss-Kruger CM ${cm}E (EPSG:$((4534 + (cm - 75) / 3))), the zone from the central meridian ${cm}E of gkcm.prj; CGCS2000 assumed as gkcm.prj names no datum (name another CRS with --src-crs)" \
    "$(cat "$T/out")" "gkcm summary"
  within_1m "$G/truth.txt" "$db" "gkcm (seed $seed)"

  # A CGCS2000 "CM" .prj beside zone-numbered eastings: the zone is read,
  # nothing assumed; a .prj of another meridian is refused.
  db=$(fresh "cmzone-$seed")
  expect_ok "$VINFRA" import "$G/cmzone.shp" --layer water_tanks --db "$db" --lang en
  assert_eq "$(printf "$head" cmzone); coordinates read in CGCS2000 3-degree Gauss-Kruger zone $z3 (EPSG:$((4513 + z3 - 25))), the zone from the number in front of the eastings" \
    "$(cat "$T/out")" "cmzone summary"
  within_1m "$G/truth.txt" "$db" "cmzone (seed $seed)"
  db=$(fresh "cmclash-$seed")
  before=$(sha "$db")
  expect_fail2 1 "vinfra: error: cannot import '$G/cmclash.shp': the eastings carry Gauss-Kruger zone number $z3 (central meridian $((3 * z3))E) but its .prj gives the central meridian $((3 * (73 - z3)))E: name the file's CRS with --src-crs (e.g. --src-crs EPSG:$((4513 + z3 - 25)))" "vinfra：错误：无法导入 '$G/cmclash.shp'：东坐标带有高斯-克吕格投影带号 $z3（中央经线 $((3 * z3))°E），但它的 .prj 给出的中央经线为 $((3 * (73 - z3)))°E：请用 --src-crs 指定文件的坐标系（如 --src-crs EPSG:$((4513 + z3 - 25))）" \
    "$VINFRA" import "$G/cmclash.shp" --layer water_tanks --db "$db"
  assert_eq "$before" "$(sha "$db")" "cmclash: database unchanged"

  # Nothing tells the zone: refused, the database untouched.
  db=$(fresh "nozone-$seed")
  before=$(sha "$db")
  expect_fail2 1 "vinfra: error: cannot import '$G/gknozone.shp': its projection file names only a Gauss-Kruger projection, without a central meridian, and the eastings carry no zone number: name the file's CRS with --src-crs (e.g. --src-crs EPSG:4545 for CGCS2000 Gauss-Kruger CM 108E)" "vinfra：错误：无法导入 '$G/gknozone.shp'：它的投影文件只写了高斯-克吕格投影，没有中央经线，东坐标也不带投影带号：请用 --src-crs 指定文件的坐标系（如 CGCS2000 高斯-克吕格中央经线 108°E 用 --src-crs EPSG:4545）" \
    "$VINFRA" import "$G/gknozone.shp" --layer water_tanks --db "$db"
  assert_eq "$before" "$(sha "$db")" "gknozone: database unchanged"

  # Beijing 1954 and Xi'an 1980.
  for old in bj54 xa80; do
    towgs84=$(param "$old") code=$(param "${old}crs")
    name=$(projinfo "$code" -o WKT2_2019 -q | sed -n '1s/^PROJCRS\["\([^"]*\)".*/\1/p')
    datum=$([ "$old" = bj54 ] && echo "Beijing 1954" || echo "Xi'an 1980")
    db=$(fresh "$old-$seed")
    before=$(sha "$db")
    expect_fail 1 "vinfra: error: cannot import '$G/$old.shp': its CRS \"$name\" is on the $datum datum, tens of metres from CGCS2000, and is never read as CGCS2000: give the seven-parameter transformation the county surveying office publishes for the area with --src-crs \"+towgs84=dx,dy,dz,rx,ry,rz,ds\" (metres, arc-seconds, parts per million, position vector; applied to the file's projection) or --src-crs \"+proj=pipeline ...\" (from the file's coordinates to CGCS2000 longitude/latitude in degrees)" \
      "$VINFRA" import "$G/$old.shp" --layer water_tanks --db "$db"
    assert_eq "$before" "$(sha "$db")" "$old: database unchanged"
    # Naming the file's own EPSG code does not make the datum shift known.
    expect_fail 1 "vinfra: error: cannot import '$G/$old.shp': --src-crs \"$code\" is on the $datum datum, tens of metres from CGCS2000, and is never read as CGCS2000: give the seven-parameter transformation the county surveying office publishes for the area with --src-crs \"+towgs84=dx,dy,dz,rx,ry,rz,ds\" (metres, arc-seconds, parts per million, position vector; applied to the file's projection) or --src-crs \"+proj=pipeline ...\" (from the file's coordinates to CGCS2000 longitude/latitude in degrees)" \
      "$VINFRA" import "$G/$old.shp" --layer water_tanks --db "$db" --src-crs "$code"
    assert_eq "$before" "$(sha "$db")" "$old --src-crs $code: database unchanged"
    expect_ok "$VINFRA" import "$G/$old.shp" --layer water_tanks --db "$db" --src-crs "$towgs84" --lang en
    assert_eq "$(printf "$head" "$old"); converted from $datum to CGCS2000 with the seven parameters given (--src-crs)" \
      "$(cat "$T/out")" "$old summary"
    assert_eq "$G/$old.shp (converted from $datum to CGCS2000 with --src-crs \"$towgs84\")" "$(history_detail "$db")" "$old history"
    within_1m "$G/truth.txt" "$db" "$old with +towgs84 (seed $seed)"
    # The same file read as CGCS2000 is tens of metres off.
    proj=$(projinfo "$code" -o PROJ -q | sed 's/+ellps=[^ ]*/+ellps=GRS80/; s/ +type=crs//')
    db=$(fresh "$old-wrong-$seed")
    expect_ok "$VINFRA" import "$G/$old.shp" --layer water_tanks --db "$db" --src-crs "$proj"
    stored "$db" > "$T/wrong"
    w=$(worst "$G/truth.txt" "$T/wrong")
    awk -v w="$w" 'BEGIN { exit !(w > 10) }' || fail "fixture $old: read as CGCS2000 only $w m off"
  done
done

# A PROJ pipeline from the file's coordinates to CGCS2000 degrees (the last
# seed's Beijing 1954 file), built from the same seven parameters.
tmerc=$(projinfo "$(param bj54crs)" -o PROJ -q | sed 's/ +units=m.*//; s/+proj=//')
IFS=, read -r dx dy dz rx ry rz ds <<< "$(param bj54 | sed 's/+towgs84=//')"
pipe="+proj=pipeline +step +inv +proj=$tmerc +step +proj=push +v_3 +step +proj=cart +ellps=krass +step +proj=helmert +x=$dx +y=$dy +z=$dz +rx=$rx +ry=$ry +rz=$rz +s=$ds +convention=position_vector +step +inv +proj=cart +ellps=GRS80 +step +proj=pop +v_3 +step +proj=unitconvert +xy_in=rad +xy_out=deg"
db=$(fresh pipeline)
expect_ok "$VINFRA" import "$G/bj54.shp" --layer water_tanks --db "$db" --src-crs "$pipe" --lang en
assert_eq "$(printf "$head" bj54); converted from Beijing 1954 to CGCS2000 with the PROJ pipeline given (--src-crs)" "$(cat "$T/out")" "pipeline summary"
within_1m "$G/truth.txt" "$db" "bj54 with a pipeline"

# Malformed shifts are refused before anything is read.
db=$(fresh badshift)
before=$(sha "$db")
expect_fail2 2 "vinfra: error: cannot import '$G/bj54.shp': --src-crs: expected seven numbers in \"+towgs84=dx,dy,dz,rx,ry,rz,ds\" (metres, arc-seconds, parts per million), got \"+towgs84=1,2,3\"" "vinfra：错误：无法导入 '$G/bj54.shp'：--src-crs：\"+towgs84=dx,dy,dz,rx,ry,rz,ds\" 中应有七个数（米、角秒、百万分之一），实为 \"+towgs84=1,2,3\"" \
  "$VINFRA" import "$G/bj54.shp" --layer water_tanks --db "$db" --src-crs "+towgs84=1,2,3"
expect_fail 2 "vinfra: error: cannot import '$G/zone3.shp': --src-crs \"+towgs84=1,2,3,0,0,0,0\": a seven-parameter transformation applies to the file's own projection on Beijing 1954 or Xi'an 1980, and the file declares no CRS: give the whole CRS (a PROJ string with +towgs84) or a +proj=pipeline" \
  "$VINFRA" import "$G/zone3.shp" --layer water_tanks --db "$db" --src-crs "+towgs84=1,2,3,0,0,0,0"
assert_eq "$before" "$(sha "$db")" "bad shifts: database unchanged"
echo ok
