#!/bin/sh
# Photos as evidence: vinfra import of a photo folder (a point per photo at
# its EXIF GPS position), vinfra attach to the nearest feature, vinfra
# photos, undo, and the photos in a KMZ export.  The photos come from
# tests/import/gen/photos.py (seeded), whose EXIF is written byte by byte.
set -eu
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
need python3
need gdal_translate
need unzip

P="$T/photos"
python3 "$TESTS_DIR/import/gen/photos.py" "$P" 13 "$FIX/roads.geojson" ||
  fail "fixture: photos.py"
M="$P/manifest.tsv"
# manifest FILE COLUMN: a column of the generator's manifest for FILE.
manifest() {
  awk -F'\t' -v f="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == f { print $col[c] }' "$M"
}

# within_half_metre GOT WANT WHAT: GOT (metres) is WANT to half a metre (the
# EXIF seconds are rounded to hundredths: 0.3 m).
within_half_metre() {
  awk -v d="$1" -v w="$2" 'BEGIN { exit !(d != "" && d >= w - 0.5 && d <= w + 0.5) }' ||
    fail "$3: expected $2 m, got '$1'"
}

D=$(fresh photos)
expect_ok "$VINFRA" import "$FIX/roads.geojson" --layer roads --db "$D"

# Photos without GPS refuse the import, listed, and change nothing.
before=$(sha "$D")
expect_fail2 1 "vinfra: error: cannot import '$P/lights': 3 photos have no GPS position in their EXIF: $P/lights/gps-empty.jpg, $P/lights/gps-zero.JPG, $P/lights/no-gps.jpg (leave them out with --skip-unlocated)" \
  "vinfra：错误：无法导入 '$P/lights'：3 张照片的 EXIF 中没有 GPS 位置：$P/lights/gps-empty.jpg、$P/lights/gps-zero.JPG、$P/lights/no-gps.jpg（用 --skip-unlocated 跳过它们）" \
  "$VINFRA" import "$P/lights" --layer streetlights --db "$D"
assert_eq "$before" "$(sha "$D")" "database after a refused photo import"

# A position in the southern and western hemispheres is read as such.
lat=$(manifest south/south.jpg lat)
lon=$(manifest south/south.jpg lon)
south=$(printf '%.6f°S %.6f°W' "${lat#-}" "${lon#-}")
run "$VINFRA" import "$P/south/south.jpg" --layer streetlights --db "$D" --lang en
assert_eq 1 "$RC" "exit of an import outside the region"
assert_contains "$T/err" "cannot import '$P/south/south.jpg': EXIF GPS position $south: expected a position in"
assert_eq "$before" "$(sha "$D")" "database after a photo outside the region"

# Photos make points only.
expect_fail2 2 "vinfra: error: cannot import '$P/road': photos make points, and layer roads holds lines: import them into a point layer, or attach them to its features with 'vinfra attach'" \
  "vinfra：错误：无法导入 '$P/road'：照片生成点要素，而图层 roads 是线图层：请导入到点图层，或用 'vinfra attach' 把照片关联到它的要素" \
  "$VINFRA" import "$P/road" --layer roads --db "$D"

# Options for GIS files are refused, not ignored.
expect_fail2 2 "vinfra: error: cannot import '$P/lights': --src-crs does not apply to photos (their position is EXIF GPS, WGS 84)" \
  "vinfra：错误：无法导入 '$P/lights'：--src-crs 不适用于照片（照片的位置取自 EXIF GPS，WGS 84）" \
  "$VINFRA" import "$P/lights" --layer streetlights --src-crs gcj02 --db "$D"
expect_fail2 2 "vinfra: error: cannot import '$P/lights': --map does not apply to photos (their position is EXIF GPS, WGS 84)" \
  "vinfra：错误：无法导入 '$P/lights'：--map 不适用于照片（照片的位置取自 EXIF GPS，WGS 84）" \
  "$VINFRA" import "$P/lights" --layer streetlights --map id=name --db "$D"

# A dry run checks and writes nothing.
expect_ok "$VINFRA" import "$P/lights" --layer streetlights --skip-unlocated --dry-run --db "$D" --lang en
assert_eq "$before" "$(sha "$D")" "database after a dry run"

expect_ok "$VINFRA" import "$P/lights" --layer streetlights --skip-unlocated --db "$D" --lang en
assert_contains "$T/out" "imported '$P/lights' into streetlights: 9 read, 6 written, 3 skipped"
assert_contains "$T/err" "vinfra: warning: 3 photos without a GPS position skipped (--skip-unlocated): $P/lights/gps-empty.jpg, $P/lights/gps-zero.JPG, $P/lights/no-gps.jpg"
assert_eq 6 "$(sql "$D" "select count(*) from streetlights")" "streetlights imported"
assert_eq 6 "$(sql "$D" "select count(*) from photos")" "photos stored"

# Every point is where the generator put it (< 1 m, geodesic), and every
# photo has the EXIF the generator wrote.
for f in $(awk -F'\t' 'NR > 1 && $1 ~ /^lights\// && $2 != "-" { print $1 }' "$M"); do
  name=${f#lights/}
  id=${name%.*}
  lon=$(manifest "$f" lon)
  lat=$(manifest "$f" lat)
  d=$(sql "$D" "select ST_Distance(geom, MakePoint($lon, $lat, 4490), 1) < 1.0 from streetlights where id = '$id'")
  assert_eq 1 "$d" "position of $id within 1 m of the generator's"
  row=$(sql "$D" "select coalesce(taken_at, '-') || '|' || (case when direction is null then '-' else printf('%.2f', direction) end) || '|' || coalesce(make, '-') || '|' || coalesce(model, '-') from photos where file = '$name'")
  assert_eq "$(manifest "$f" taken)|$(manifest "$f" direction)|$(manifest "$f" make)|$(manifest "$f" model)" "$row" "EXIF of $name"
  w=$(manifest "$f" width)
  h=$(manifest "$f" height)
  if [ "$w" -gt 1600 ]; then
    h=$(( (h * 1600 + w / 2) / w ))
    w=1600
  fi
  assert_eq "${w}x$h" "$(sql "$D" "select width || 'x' || height from photos where file = '$name'")" "stored size of $name"
  assert_eq "$(sha256sum "$P/$f" | cut -d' ' -f1)" "$(sql "$D" "select sha256 from photos where file = '$name'")" "hash of $name"
done
# The large photo is kept scaled: a JPEG of 1600 pixels on its longest side.
big=$(awk -F'\t' 'NR > 1 && $8 > 1600 { print $1 }' "$M")
sql "$D" "select writefile('$T/big.jpg', jpeg) from photos where file = '${big#lights/}'" >/dev/null
assert_contains "$T/big.jpg" "JFIF"
gdalinfo "$T/big.jpg" >"$T/big.txt"
assert_contains "$T/big.txt" "Size is 1600, "

# Photos stored before are left out, listed: a folder that grew since it
# was imported goes in again with only its new photos; when every photo is
# stored, nothing is done.
after_import=$(sha "$D")
first=$(awk -F'\t' 'NR > 1 && $1 ~ /^lights\// && $2 != "-" { print $1; exit }' "$M")
name=${first#lights/}
expect_ok "$VINFRA" import "$P/$first" --layer streetlights --db "$D" --lang en
assert_contains "$T/err" "vinfra: warning: '$P/$first': this photo is already in the database, as $name (streetlights feature \"${name%.*}\"): skipped"
assert_contains "$T/out" "every photo of '$P/$first' is already in the database: nothing done"
assert_eq "$after_import" "$(sha "$D")" "database after photos imported twice"
mkdir "$T/grown"
cp "$P/$first" "$T/grown/"
cp "$P/attach/near.jpg" "$T/grown/near (1).jpg"
cp "$P/attach/near.jpg" "$T/grown/near (2).jpg"
expect_fail 1 "vinfra: error: cannot import '$T/grown/near (2).jpg': it is the same photo as '$T/grown/near (1).jpg'" \
  "$VINFRA" import "$T/grown" --layer streetlights --db "$D" --lang en
assert_eq "$after_import" "$(sha "$D")" "database after one photo given twice"

# Attach: the near photo goes to its light, the one between two lights and
# the far one are listed, and nothing is attached.
near_target=$(manifest attach/near.jpg target)
expect_fail2 1 "vinfra: error: cannot attach '$P/attach': 2 photos could not be matched to a streetlights feature (listed above); nothing attached (attach the others with --skip-unmatched, or widen --within)" \
  "vinfra：错误：无法关联 '$P/attach'：2 张照片无法匹配到 streetlights 图层的要素（见上）；未关联任何照片（用 --skip-unmatched 关联其余照片，或放宽 --within）" \
  "$VINFRA" attach "$P/attach" --layer streetlights --db "$D"
assert_contains "$T/err" "vinfra：警告：'$P/attach/between.jpg'：未关联：不能确定：pair-"
assert_contains "$T/err" "vinfra：警告：'$P/attach/far.jpg'：未关联：最近的要素 $near_target 相距 "
VINFRA_LANG=en run "$VINFRA" attach "$P/attach" --layer streetlights --db "$D"
assert_contains "$T/err" "vinfra: warning: '$P/attach/between.jpg': not attached: ambiguous: pair-"
d=$(sed -n "s|^vinfra: warning: '$P/attach/far.jpg': not attached: the nearest feature, $near_target, is \(.*\) m away, more than 30 m (--within)$|\1|p" "$T/err")
within_half_metre "$d" 200 "far.jpg distance"
assert_eq "$after_import" "$(sha "$D")" "database after a refused attach"
expect_ok "$VINFRA" attach "$P/attach" --layer streetlights --skip-unmatched --db "$D" --lang en
assert_contains "$T/out" "$P/attach/near.jpg → $near_target ("
assert_contains "$T/out" "attached 1 photos to streetlights, 2 not attached"
d=$(sed -n "s|^$P/attach/near.jpg → $near_target (\(.*\) m)|\1|p" "$T/out")
within_half_metre "$d" 8 "near.jpg distance"
# --within widens the search: the far photo is then 200 m from its light.
expect_ok "$VINFRA" attach "$P/attach/far.jpg" --layer streetlights --within 250 --dry-run --db "$D" --lang en
d=$(sed -n "s|^$P/attach/far.jpg → $near_target (\(.*\) m)|\1|p" "$T/out")
within_half_metre "$d" 200 "far.jpg distance with --within 250"
# A line: the distance is to the line, not its vertices.
expect_ok "$VINFRA" attach "$P/road" --layer roads --db "$D" --lang en
assert_contains "$T/out" "$P/road/road.jpg → R-01 (6.0 m)"
# Attached again: left out as stored, nothing changes.
after_attach=$(sha "$D")
expect_ok "$VINFRA" attach "$P/road" --layer roads --db "$D" --lang en
assert_contains "$T/err" "vinfra: warning: '$P/road/road.jpg': this photo is already in the database, as road.jpg (roads feature \"R-01\"): skipped"
assert_eq "$after_attach" "$(sha "$D")" "database after a photo attached twice"

# vinfra photos lists them, by layer and village.
expect_ok "$VINFRA" photos --layer roads --format csv --db "$D"
assert_eq 2 "$(wc -l <"$T/out")" "photos of roads (header and one)"
assert_contains "$T/out" "road.jpg,,"
assert_contains "$T/out" ",roads,R-01,上雷村,64x48,"
expect_ok "$VINFRA" photos --format json --db "$D"
assert_eq 8 "$(grep -c '"file"' "$T/out")" "photos listed"
expect_ok "$VINFRA" photos --village 双龙村 --format csv --db "$D"
# Its lights, the light near.jpg shows when there, and R-01 when there.
n=$(sql "$D" "select (select count(*) from streetlights where village = '双龙村')
  + (select count(*) from streetlights where id = '$near_target' and village = '双龙村')
  + (select count(*) from roads where id = 'R-01' and village = '双龙村')")
assert_eq $((n + 1)) "$(wc -l <"$T/out")" "photos of 双龙村"
expect_fail 2 "vinfra: error: photos: --village: no village \"无村\" in '$D'" \
  "$VINFRA" photos --village 无村 --db "$D"

# The history shows the photo changes; check finds nothing wrong.
expect_ok "$VINFRA" history --db "$D" --lang en --format csv
assert_contains "$T/out" "import,streetlights,12,0,0,6 photos: $P/lights,"
assert_contains "$T/out" "attach,streetlights,1,1,0,1 photo attached: $P/attach,"
expect_ok "$VINFRA" check --db "$D" --lang en
assert_contains "$T/out" "no problems found"

# A KMZ export carries the photos as files/NAME.jpg and shows each in its
# placemark's description, after the table of the feature's fields; the
# other formats are as before.
expect_ok "$VINFRA" export --profile transport --format kmz --out "$T/kmz" --db "$D" --lang en
unzip -l "$T/kmz/transport.kmz" | awk 'NR > 3 && $4 ~ /^files\// { print $4 }' | sort >"$T/kmz.list"
sql "$D" "select 'files/' || replace(replace(replace(file, '.JPG', '.jpg'), '.jpeg', '.jpg'), '.JPEG', '.jpg') from photos" | sort >"$T/kmz.want"
cmp -s "$T/kmz.want" "$T/kmz.list" || { diff "$T/kmz.want" "$T/kmz.list" >&2; fail "photos in the KMZ"; }
unzip -p "$T/kmz/transport.kmz" files/road.jpg >"$T/road.jpg"
assert_eq "$(sha256sum "$P/road/road.jpg" | cut -d' ' -f1)" "$(sha "$T/road.jpg")" "road.jpg in the KMZ"
unzip -p "$T/kmz/transport.kmz" doc.kml >"$T/doc.kml"
assert_contains "$T/doc.kml" "&lt;/table&gt;&lt;p&gt;&lt;img src=&quot;files/road.jpg&quot; width=&quot;64&quot;/&gt;&lt;/p&gt;</description>"
assert_eq 8 "$(grep -o 'img src=&quot;files/' "$T/doc.kml" | wc -l)" "images in doc.kml"
ogrinfo -ro -q "/vsizip/$T/kmz/transport.kmz/doc.kml" 路灯 >"$T/kml.txt"
assert_contains "$T/kml.txt" "</table><p><img src=\"files/$near_target.jpg\""

# The atlas shows on each village page its newest assets with photos: one
# thumbnail per asset, at most four; the page of a village without photos
# has none.
need pdfimages
expect_ok "$VINFRA" atlas --out "$T/atlas.pdf" --db "$D" --lang en
pdfimages -list "$T/atlas.pdf" | awk 'NR > 2 { n[$1]++ } END { for (p in n) print n[p] }' | sort >"$T/strip.got"
sql "$D" "select min(4, count(*)) from (
    select s.village v from photos p join streetlights s on p.layer = 'streetlights' and s.fid = p.feature_fid group by s.fid
    union all
    select r.village v from photos p join roads r on p.layer = 'roads' and r.fid = p.feature_fid group by r.fid)
  group by v" | sort >"$T/strip.want"
cmp -s "$T/strip.want" "$T/strip.got" || { diff "$T/strip.want" "$T/strip.got" >&2; fail "thumbnails per village page"; }

# Undo: the import cannot go while a photo is attached to one of its lights.
import_change=$(sql "$D" "select id from history where action = 'import' and layer = 'streetlights'")
attach_change=$(sql "$D" "select id from history where action = 'attach' and layer = 'streetlights'")
expect_fail 1 "vinfra: error: undo: cannot undo change $import_change (import): change $attach_change (attach) later changed the same data (streetlights feature \"$near_target\"); undo change $attach_change first" \
  "$VINFRA" undo --change "$import_change" --db "$D" --lang en
expect_ok "$VINFRA" undo --db "$D" --lang en
assert_contains "$T/out" "(attach, roads): rows removed 1, set back 1"
expect_ok "$VINFRA" undo --db "$D" --lang en
assert_contains "$T/out" "(attach, streetlights): rows removed 1, set back 1"
expect_ok "$VINFRA" undo --db "$D" --lang en
assert_contains "$T/out" "(import, streetlights): rows removed 12"
assert_eq 0 "$(sql "$D" "select count(*) from photos")" "photos after undo"
assert_eq 0 "$(sql "$D" "select count(*) from streetlights")" "streetlights after undo"
expect_ok "$VINFRA" check --db "$D" --lang en
# Once undone, the photos can be imported again.
expect_ok "$VINFRA" import "$P/lights" --layer streetlights --skip-unlocated --db "$D" --lang en
assert_eq 6 "$(sql "$D" "select count(*) from photos")" "photos imported again"
