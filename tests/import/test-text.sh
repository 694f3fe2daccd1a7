#!/usr/bin/env bash
# The text of imported and edited values: ends trimmed of no-break,
# full-width and zero-width spaces (with a warning) and put in NFC; control
# characters refused in vinfra edit too; text in the encoding its .cpg
# declares read as it is, including GBK whose bytes happen to be valid
# UTF-8 and Latin-1 that looks nothing like GBK.  (The refusals with their
# exact messages are rows of tests/badinput/manifest.tsv.)
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
cd "${T:?}"

line='"geometry": {"type": "LineString", "coordinates": [[109.26, 34.0], [109.27, 34.005]]}'
cat > spaces.geojson <<EOF2
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "\u3000R-1\u00a0", "name": "Cafe\u0301\u200b"}, $line},
 {"type": "Feature", "properties": {"id": "R-2\ufeff", "name": "上雷村主路"}, $line}]}
EOF2
db=$(fresh spaces)
expect_ok "$VINFRA" import spaces.geojson --layer roads --db "$db" --lang en
assert_contains "$T/err" "vinfra: warning: 'spaces.geojson': 3 values had no-break, full-width or zero-width spaces at their start or end: trimmed (the first: feature 1, field \"id\")"
assert_eq "R-1|Café|4
R-2|上雷村主路|5" "$(sql "$db" "select id || '|' || name || '|' || length(name) from roads order by id")" \
  "ids trimmed, names in NFC (é is one character)"

# vinfra edit: the same checks; the database unchanged on a refusal.
before=$(sha "$db")
expect_fail 1 "vinfra: error: edit: cannot edit roads feature \"R-1\": field \"name\": expected text without control or invisible characters, got U+0001 (a control character) at character 2" \
  "$VINFRA" edit roads R-1 --set $'name=a\x01b' --db "$db"
expect_fail 1 "vinfra: error: edit: cannot edit roads feature \"R-1\": field \"village\": expected an id or name without look-alike spaces (only the ordinary space U+0020), got U+00A0 (a no-break space) at character 3" \
  "$VINFRA" edit roads R-1 --set $'village=上雷\u00a0村' --db "$db"
assert_eq "$before" "$(sha "$db")" "database after refused edits"
expect_ok "$VINFRA" edit roads R-1 --set $'name=\u3000上雷村主路\u00a0' --db "$db"
assert_eq "上雷村主路" "$(sql "$db" "select name from roads where id = 'R-1'")" "edited name trimmed"

# Declared encodings that are right are read as they say.
# declared NAME ENCODING CPG NAMES...: a roads shapefile NAME.shp written in
# ENCODING with .cpg CPG, one feature per name, must import as NAMES.
declared() {
  local name=$1 encoding=$2 cpg=$3 features="" i=0
  shift 3
  for n in "$@"; do
    i=$((i + 1))
    features+="${features:+,}{\"type\": \"Feature\", \"properties\": {\"id\": \"R-$i\", \"name\": \"$n\"}, $line}"
  done
  echo "{\"type\": \"FeatureCollection\", \"features\": [$features]}" > "$name.geojson"
  ogr2ogr -f "ESRI Shapefile" -lco ENCODING="$encoding" "$name.shp" "$name.geojson"
  echo "$cpg" > "$name.cpg"
  db=$(fresh "$name")
  expect_ok "$VINFRA" import "$name.shp" --layer roads --db "$db"
  local IFS=,
  assert_eq "$*" "$(sql "$db" "select group_concat(name, ',') from (select name from roads order by id)")" \
    "$encoding under .cpg $cpg"
}
# The GBK bytes of 通路 are valid UTF-8 ("ͨ·"), and those of 洚撅窘 valid UTF-8 of
# Chinese characters ("䮾ﾽ"): GB2312 pairs all the same.
declared gbk936 GBK 936 通路 上雷村主路 洚撅窘
declared latin CP1252 1252 Müllerstraße
echo "values trimmed, in NFC and checked in edit; right declarations read as they say"
